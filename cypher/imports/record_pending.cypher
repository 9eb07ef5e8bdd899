// name: record_pending
// question: Record that a staged import is about to write (before its first batch), so that
//   an import whose process dies part way can be found and undone afterwards.
// params: pending (map) - {id, who, via, files, started_at, heartbeat_at, host, pid,
//   pid_started (the process's start, clock ticks since boot; absent without /proc)}
CREATE (p:PendingImport)
SET p = $pending
RETURN p.id AS id
