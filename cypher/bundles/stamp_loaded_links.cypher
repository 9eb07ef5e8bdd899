// name: stamp_loaded_links
// question: Give the links that Neo4j's offline importer wrote (`rbmtrace import --bulk`)
//   without a suspect stamp (one the CSV could not carry) the stamp that create_links
//   writes as the online import creates a link: what the fields of their upstream end
//   that carry meaning hold (cypher/suspects/).
// params: ids (list of element ids) - the start elements of one batch of loaded links;
//   watch (map) - {relationship type: {end, fields}}, from app.metamodel.suspect_watch().
UNWIND $ids AS id
MATCH (a:Element {id: id})-[r]->(b:Element)
WHERE r.upstream_seen IS NULL AND $watch[type(r)] IS NOT NULL
WITH a, r, b, $watch[type(r)] AS w
SET r.upstream_seen = [f IN w.fields |
  f + '=' + coalesce(toString(CASE w.end WHEN 'to' THEN b[f] ELSE a[f] END), '')]
RETURN count(r) AS stamped
