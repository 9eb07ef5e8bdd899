// name: create_links
// question: Create links that are not stored yet between stored elements, from one batch of
//   rows (an import has checked that none of them exists). The start elements are locked
//   first, each once and in id order (as lock_link_starts.cypher: no deadlock between two
//   writers), and the check repeated under the locks, so that a writer running at the same
//   time (which takes the same lock) cannot have stored the same link twice: a link (from,
//   type, to) exists at most once. Locking each start once per batch, not once per row
//   (a plan CONTAINS thousands of a batch's links), cut Neo4j's CPU for a 100k import by
//   about a tenth (14.2 and 13.3 s against 17.0 and 14.3 s, alternated, under load). The check walks the links of whichever end has fewer (a plan
//   CONTAINS thousands of elements); written in expressions rather than a pattern between
//   two bound nodes, which the planner, on a database with few relationships, turns into a
//   scan of every relationship per row.
// params: rows (list of {from, type, to, props, watch}) - type is a relationship type of the
//   metamodel (checked before this runs); from/to are element ids; watch ({end, fields} or
//   null, app.metamodel.upstream_watch) names the upstream end's fields the link stamps in
//   `upstream_seen` (suspect links, cypher/suspects/).
CALL () {
  UNWIND $rows AS row
  WITH DISTINCT row.from AS id
  ORDER BY id
  MATCH (a:Element {id: id})
  SET a.write_lock = true
  REMOVE a.write_lock
}
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
WITH a, b, row
WHERE NOT CASE
    WHEN COUNT { (a)-->() } <= COUNT { (b)<--() }
      THEN any(x IN COLLECT { MATCH (a)-[x]->() WHERE type(x) = row.type RETURN x }
               WHERE endNode(x) = b)
    ELSE any(x IN COLLECT { MATCH (b)<-[x]-() WHERE type(x) = row.type RETURN x }
             WHERE startNode(x) = a)
  END
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props,
    r.upstream_seen = CASE WHEN row.watch IS NOT NULL THEN [f IN row.watch.fields |
      f + '=' + coalesce(toString(CASE row.watch.end WHEN 'to' THEN b[f] ELSE a[f] END), '')] END
RETURN count(r) AS written
