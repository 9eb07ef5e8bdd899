// name: suspect_page
// question: One page of suspect links and the figures of every watched link, from one read
//   of the links: `rows` are the rows of suspects/suspect_links (the same fields, in link-key
//   order, after $after, at most $limit) and `watched`, `unstamped`, `suspect` the figures of
//   suspects/suspect_summary. The service's page of every suspect link runs this (one scan
//   of the links instead of one for the rows and one for the figures); the two queries it
//   joins stay the readable ones for a table in Neo4j Browser.
// params: watch (map) - {relationship type: {end: 'from'|'to', fields: [names]}}, from
//   app.metamodel.suspect_watch(); after (string) - the link key (`from-[TYPE]->to`) the
//   page starts after ('' for the first page); limit (integer) - most links.
MATCH (a:Element)-[r]->(b:Element)
WITH r, a, b, $watch[type(r)] AS w
WHERE w IS NOT NULL
WITH r, a, b, w, CASE w.end WHEN 'to' THEN b ELSE a END AS up
// the names of the watched fields that differ from the stamp; null for a link without one
WITH r, a, b, w, up,
     CASE WHEN r.upstream_seen IS NOT NULL
          THEN [f IN w.fields WHERE NOT (f + '=' + coalesce(toString(up[f]), '')) IN r.upstream_seen]
     END AS changed
WITH count(r) AS watched,
     count(CASE WHEN changed IS NULL THEN 1 END) AS unstamped,
     count(CASE WHEN size(changed) > 0 THEN 1 END) AS suspect,
     collect(CASE WHEN size(changed) > 0 AND a.id + '-[' + type(r) + ']->' + b.id > $after
                  THEN {key: a.id + '-[' + type(r) + ']->' + b.id, r: r, a: a, b: b, w: w, up: up}
             END) AS after
// the page: the first $limit suspect links after $after (a null row keeps the figures when
// there are none; collect leaves it out)
UNWIND CASE WHEN size(after) = 0 THEN [null] ELSE after END AS s
WITH watched, unstamped, suspect, s
ORDER BY s.key
LIMIT $limit
WITH watched, unstamped, suspect, s, CASE s.w.end WHEN 'to' THEN s.a ELSE s.b END AS down
RETURN watched, unstamped, suspect,
       collect(CASE WHEN s IS NOT NULL THEN {
         key: s.key,
         from: {id: s.a.id, code: s.a.code, name: s.a.name, type: s.a.type},
         type: type(s.r),
         to: {id: s.b.id, code: s.b.code, name: s.b.name, type: s.b.type},
         upstream: s.up.id,
         downstream: {id: down.id, code: down.code, name: down.name, type: down.type},
         share: s.r.share,
         changes: [f IN s.w.fields WHERE NOT (f + '=' + coalesce(toString(s.up[f]), '')) IN s.r.upstream_seen |
           {field: f,
            old: [x IN s.r.upstream_seen WHERE x STARTS WITH f + '=' | substring(x, size(f) + 1)][0],
            new: toString(s.up[f])}]
       } END) AS rows
