// name: import_stamps
// question: Which import created this element, and which created each link that starts or
//   ends at it? (Imports record one change event each and stamp what they create with its
//   id, `import_id`, instead of one event per created item.)
// params: id (string) - the element's id
MATCH (e:Element {id: $id})
WHERE e.import_id IS NOT NULL
RETURN e.id AS element_id, null AS other_id, null AS type, e.import_id AS import_id,
       properties(e) AS props
UNION ALL
MATCH (:Element {id: $id})-[r]-(:Element)
WHERE r.import_id IS NOT NULL
WITH DISTINCT r
RETURN startNode(r).id AS element_id, endNode(r).id AS other_id, type(r) AS type,
       r.import_id AS import_id, properties(r) AS props
