// name: create_links
// question: Create links that are not stored yet between stored elements, from one batch of
//   rows (an import has checked in the same transaction that none of them exists).
// params: rows (list of {from, type, to, props}) - type is a relationship type of the
//   metamodel (checked before this runs); from/to are element ids.
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS written
