// name: delete_created_links
// question: Undo part of a failed staged import: delete the links it created, only those
//   that still carry its stamp.
// params: rows (list of {from, type, to, ...}) - link rows the import created; import_id
//   (string) - the import's id
UNWIND $rows AS row
MATCH (a:Element {id: row.from})-[r]->(b:Element {id: row.to})
WHERE type(r) = row.type AND r.import_id = $import_id
DELETE r
RETURN count(*) AS deleted
