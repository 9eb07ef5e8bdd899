// name: links_of_element
// question: Every link that starts or ends at this element, with its properties.
// params: id (string) - the element's id
MATCH (:Element {id: $id})-[r]-(:Element)
WITH DISTINCT r
RETURN startNode(r).id AS from, type(r) AS type, endNode(r).id AS to, properties(r) AS props
