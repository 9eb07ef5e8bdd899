// name: delete_created_elements
// question: Undo part of a failed staged import: delete the elements it created (with their
//   links), only those that still carry its stamp.
// params: rows (list of {id, ...}) - element rows the import created; import_id (string) -
//   the import's id
UNWIND $rows AS row
MATCH (e:Element {id: row.id})
WHERE e.import_id = $import_id
DETACH DELETE e
RETURN count(*) AS deleted
