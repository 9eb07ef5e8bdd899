// name: update_links
// question: Replace the properties of stored links from one batch of rows (the import stamp
//   `import_id` and the suspect stamp `upstream_seen` are kept). Each link is found among
//   the links of whichever end has fewer (see create_links).
// params: rows (list of {from, type, to, props}) - type is a relationship type of the
//   metamodel; from/to are element ids.
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
WITH r, row, r.import_id AS stamp, r.upstream_seen AS seen
SET r = row.props
SET r.import_id = stamp, r.upstream_seen = seen
RETURN count(r) AS written
