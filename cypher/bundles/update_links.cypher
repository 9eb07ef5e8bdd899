// name: update_links
// question: Replace the properties of stored links from one batch of rows (the import stamp
//   `import_id` and the suspect stamp `upstream_seen` are kept).
// params: rows (list of {from, type, to, props}) - type is a relationship type of the
//   metamodel; from/to are element ids.
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
MATCH (a)-[r]->(b)
WHERE type(r) = row.type
WITH r, row, r.import_id AS stamp, r.upstream_seen AS seen
SET r = row.props
SET r.import_id = stamp, r.upstream_seen = seen
RETURN count(r) AS written
