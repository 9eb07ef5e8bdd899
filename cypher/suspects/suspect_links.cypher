// name: suspect_links
// question: Which links are suspect: the meaningful fields of their upstream end differ now
//   from what the link stored (`upstream_seen`) when it was created or last cleared? Each
//   with the fields that changed, old and new value. Edits made anywhere (API, import,
//   Neo4j Browser) are caught: the stored stamp is compared with the element as it is now.
// params: watch (map) - {relationship type: {end: 'from'|'to', fields: [names]}}, from
//   app.metamodel.suspect_watch() (paste e.g. {DELIVERED_BY: {end: 'from', fields:
//   ['name', 'description']}}); after (string) - the link key (`from-[TYPE]->to`) the page
//   starts after ('' for the first page); limit (integer) - most links.
// Reads every link: for the links of one upstream element, suspects/suspect_links_of starts
// at that element instead. Links without a stamp (stored before suspect links existed, or
// written around the importer) are never suspect: they are counted by
// suspects/suspect_summary.
MATCH ()-[r]->()
WHERE r.upstream_seen IS NOT NULL
WITH r, startNode(r) AS a, endNode(r) AS b, $watch[type(r)] AS w
WHERE w IS NOT NULL
WITH r, a, b, w,
     CASE w.end WHEN 'to' THEN b ELSE a END AS up,
     CASE w.end WHEN 'to' THEN a ELSE b END AS down
WITH r, a, b, w, up, down,
     [f IN w.fields WHERE NOT (f + '=' + coalesce(toString(up[f]), '')) IN r.upstream_seen |
       {field: f,
        old: [s IN r.upstream_seen WHERE s STARTS WITH f + '=' | substring(s, size(f) + 1)][0],
        new: toString(up[f])}] AS changes
WHERE size(changes) > 0
WITH r, a, b, up, down, changes, a.id + '-[' + type(r) + ']->' + b.id AS key
WHERE key > $after
RETURN key,
       {id: a.id, code: a.code, name: a.name, type: a.type} AS from,
       type(r) AS type,
       {id: b.id, code: b.code, name: b.name, type: b.type} AS to,
       up.id AS upstream,
       {id: down.id, code: down.code, name: down.name, type: down.type} AS downstream,
       r.share AS share,
       changes
ORDER BY key
LIMIT $limit
