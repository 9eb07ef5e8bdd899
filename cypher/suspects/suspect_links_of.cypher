// name: suspect_links_of
// question: Which links whose upstream end is this element are suspect? The rows of
//   suspects/suspect_links restricted to those links, read from the element outwards (its id
//   through the unique index), never by scanning every link.
// params: watch (map) - {relationship type: {end: 'from'|'to', fields: [names]}}, from
//   app.metamodel.suspect_watch(); upstream (string) - the element's id; after (string) -
//   the link key (`from-[TYPE]->to`) the page starts after ('' for the first page); limit
//   (integer) - most links.
MATCH (up:Element {id: $upstream})
CALL (up) {
  MATCH (up)-[r]->(:Element)
  WHERE $watch[type(r)].end = 'from' AND r.upstream_seen IS NOT NULL
  RETURN r
  UNION
  MATCH (up)<-[r]-(:Element)
  WHERE $watch[type(r)].end = 'to' AND r.upstream_seen IS NOT NULL
  RETURN r
}
WITH r, up, startNode(r) AS a, endNode(r) AS b, $watch[type(r)] AS w
WITH r, a, b, w, up, CASE w.end WHEN 'to' THEN a ELSE b END AS down
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
