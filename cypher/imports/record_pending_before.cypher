// name: record_pending_before
// question: Keep the stored state of what a pending import will update (one batch of it),
//   to put it back if the import is undone after its process died.
// params: import_id (string); query (string) - the named query that restores the rows;
//   seq (integer) - the batch's number; rows (string) - the rows as JSON
CREATE (b:PendingImportRows {import_id: $import_id, query: $query, seq: $seq, rows: $rows})
RETURN b.seq AS seq
