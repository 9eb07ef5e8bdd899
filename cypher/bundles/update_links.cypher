// name: update_links
// question: Replace the properties of stored links from one batch of rows.
// params: rows (list of {from, type, to, props}) - type is a relationship type of the
//   metamodel; from/to are element ids.
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
MATCH (a)-[r]->(b)
WHERE type(r) = row.type
SET r = row.props
RETURN count(r) AS written
