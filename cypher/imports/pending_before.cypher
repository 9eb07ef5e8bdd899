// name: pending_before
// question: The stored state kept for a pending import's updates, batch by batch.
// params: import_id (string)
MATCH (b:PendingImportRows {import_id: $import_id})
RETURN b.query AS query, b.rows AS rows
ORDER BY b.seq
