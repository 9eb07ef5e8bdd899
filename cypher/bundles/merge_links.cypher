// name: merge_links
// question: Create or replace links between existing elements from one batch of rows.
// params: rows (list of {from, type, to, props}) - type is a relationship type of the
//   metamodel (checked before this runs); from/to are element ids.
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
MERGE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS written
