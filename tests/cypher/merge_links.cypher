// name: merge_links
// question: Create or replace links between existing elements from one batch of rows.
// params: rows (list of {from, type, to, props}) - type is a relationship type of the
//   metamodel (checked before this runs); from/to are element ids.
//
// Not `MERGE (a)-[r:$(row.type)]->(b)`: with a dynamic type, MERGE scans every
// relationship of `a` for every row, which is quadratic for well-connected nodes.
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
OPTIONAL MATCH (a)-[old]->(b)
  WHERE type(old) = row.type
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[r:$(row.type)]->(b)
  SET r = row.props)
FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END |
  SET old = row.props)
RETURN count(*) AS written
