// name: pending_imports
// question: Which staged imports have started writing and not finished (or been undone)?
// params: none
MATCH (p:PendingImport)
RETURN properties(p) AS pending
ORDER BY p.started_at
