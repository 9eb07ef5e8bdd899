// name: stored_links
// question: Which of these links (from id, relationship type, to id) are already stored,
//   with their properties? Each link is looked for among the links of whichever end has
//   fewer (a plan CONTAINS thousands of elements; see create_links).
// params: rows (list of {from, type, to}) - type is a relationship type of the metamodel
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
WITH row, CASE
    WHEN COUNT { (a)-->() } <= COUNT { (b)<--() }
      THEN [x IN COLLECT { MATCH (a)-[x]->() WHERE type(x) = row.type RETURN x }
            WHERE endNode(x) = b]
    ELSE [x IN COLLECT { MATCH (b)<-[x]-() WHERE type(x) = row.type RETURN x }
          WHERE startNode(x) = a]
  END AS found
UNWIND found AS r
RETURN row.from AS from, row.type AS type, row.to AS to, properties(r) AS props
