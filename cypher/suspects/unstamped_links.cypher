// name: unstamped_links
// question: Which links of a watched type carry no suspect stamp yet (stored before suspect
//   links existed, or written around the importer)? One page, by link key, to stamp them.
// params: watch (map) - {relationship type: {end, fields}}, from
//   app.metamodel.suspect_watch(); limit (integer) - most links.
MATCH (a:Element)-[r]->(b:Element)
WHERE r.upstream_seen IS NULL AND $watch[type(r)] IS NOT NULL
RETURN a.id AS from, type(r) AS type, b.id AS to
LIMIT $limit
