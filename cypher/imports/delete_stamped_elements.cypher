// name: delete_stamped_elements
// question: Undo an interrupted import: delete (up to `limit` of) the elements it created,
//   with any link to them.
// params: import_id (string); limit (integer)
MATCH (e:Element)
WHERE e.import_id = $import_id
WITH e LIMIT $limit
DETACH DELETE e
RETURN count(*) AS deleted
