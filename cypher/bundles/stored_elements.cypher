// name: stored_elements
// question: Which of these element ids are already stored, with their type and properties?
// params: ids (list of strings) - element ids named by a bundle or a write
UNWIND $ids AS id
MATCH (e:Element {id: id})
RETURN e.id AS id, e.type AS type, properties(e) AS props
