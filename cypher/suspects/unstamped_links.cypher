// name: unstamped_links
// question: Which links of a watched type carry no suspect stamp yet (stored before suspect
//   links existed, or written around the importer)? One page, to stamp them.
// params: watch (map) - {relationship type: {end, fields}}, from
//   app.metamodel.suspect_watch(); after (string) - start from the element with this id
//   (inclusive; "" from the first); limit (integer) - most links.
// The page walks start elements in id order through the unique index on :Element(id), so
// the next page begins at the last page's last start element instead of scanning every
// link stamped so far again (a scan from the first link made stamping 1M links quadratic:
// about 2.6 s a page of 1,000 near the end). `after` is inclusive because a page may end
// inside one element's links; those stamped no longer match.
MATCH (a:Element)
WHERE a.id >= $after
WITH a
ORDER BY a.id
MATCH (a)-[r]->(b:Element)
WHERE r.upstream_seen IS NULL AND $watch[type(r)] IS NOT NULL
RETURN a.id AS from, type(r) AS type, b.id AS to
LIMIT $limit
