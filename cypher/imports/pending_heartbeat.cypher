// name: pending_heartbeat
// question: Note that a pending import is still writing (with each of its batches).
// params: import_id (string); at (string) - ISO time
MATCH (p:PendingImport {id: $import_id})
SET p.heartbeat_at = $at
RETURN p.id AS id
