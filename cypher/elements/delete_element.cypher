// name: delete_element
// question: Delete one element and every link that starts or ends at it.
// params: id (string) - the element's id
MATCH (e:Element {id: $id})
DETACH DELETE e
RETURN count(*) AS deleted
