// name: stored_links
// question: Which of these links (from id, relationship type, to id) are already stored,
//   with their properties?
// params: rows (list of {from, type, to}) - type is a relationship type of the metamodel
UNWIND $rows AS row
MATCH (a:Element {id: row.from})-[r]->(b:Element {id: row.to})
WHERE type(r) = row.type
RETURN row.from AS from, row.type AS type, row.to AS to, properties(r) AS props
