// name: clear_links
// question: Clear links (a person has checked them against their changed upstream end):
//   each stores again what its upstream end's meaningful fields hold now. Answers what
//   each link had stored before and stores now.
// params: rows (list of {from, type, to}) - the links, by the ids of their ends and their
//   relationship type; watch (map) - {relationship type: {end, fields}}, from
//   app.metamodel.suspect_watch() (a link of an unwatched type is left as it is).
UNWIND $rows AS row
MATCH (a:Element {id: row.from})-[r]->(b:Element {id: row.to})
WHERE type(r) = row.type AND $watch[row.type] IS NOT NULL
WITH a, r, b, $watch[row.type] AS w, r.upstream_seen AS before
WITH a, r, b, before, CASE w.end WHEN 'to' THEN b ELSE a END AS up, w
SET r.upstream_seen = [f IN w.fields | f + '=' + coalesce(toString(up[f]), '')]
RETURN a.id AS from, type(r) AS type, b.id AS to, up.id AS upstream,
       before, r.upstream_seen AS after
