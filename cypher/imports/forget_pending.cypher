// name: forget_pending
// question: A pending import finished (with its change events, in the same transaction) or
//   was undone: remove its record and the stored state kept for it.
// params: import_id (string)
OPTIONAL MATCH (b:PendingImportRows {import_id: $import_id})
DETACH DELETE b
WITH count(*) AS rows
OPTIONAL MATCH (p:PendingImport {id: $import_id})
DETACH DELETE p
RETURN rows
