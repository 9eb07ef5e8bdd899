// id: suspect_link
// severity: warning
// title: Suspect link: its upstream element changed
// why: A link says something about the meaning of the element it relies on (an output delivers what an outcome says). When that element's name or description changed after the link was made or last checked, the link may no longer hold, and the budget and indicators below it rest on a reading nobody has confirmed.
// fix: Check the link against the changed element; keep it with `rbmtrace clear LINK` (or POST /api/v1/suspects/clear), or change or delete it.
// params: watch (map) - {relationship type: {end, fields}} from app.metamodel.suspect_watch():
//   which end of each link type is upstream and which of its fields carry meaning.
// The link stores what it saw (`upstream_seen`) when created or cleared; it is compared with
// the element as it is now, so edits made in Neo4j Browser are caught too. Links without a
// stamp are not suspect (see cypher/suspects/suspect_links).
MATCH (a:Element)-[r]->(b:Element)
WHERE r.upstream_seen IS NOT NULL AND $watch[type(r)] IS NOT NULL
  AND coalesce(a.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit
  AND coalesce(b.basis, 'stated') IN $admit
WITH a, r, b, $watch[type(r)] AS w
WITH a, r, b, w, CASE w.end WHEN 'to' THEN b ELSE a END AS up
WITH a, r, b, up,
     [f IN w.fields WHERE NOT (f + '=' + coalesce(toString(up[f]), '')) IN r.upstream_seen |
       {field: f,
        old: [s IN r.upstream_seen WHERE s STARTS WITH f + '=' | substring(s, size(f) + 1)][0],
        new: toString(up[f])}] AS changes
WHERE size(changes) > 0
WITH a, r, b, up, changes, a.id + '-[' + type(r) + ']->' + b.id AS key
RETURN [{id: a.id, code: a.code, name: a.name, type: a.type},
        {id: b.id, code: b.code, name: b.name, type: b.type}] AS elements,
       key AS subject,
       'The link ' + key + ' is suspect: ' + up.type + ' "' + coalesce(up.name, up.id) +
       '" changed its ' + reduce(s = '', c IN changes | s + CASE s WHEN '' THEN '' ELSE ', ' END + c.field) +
       ' since the link was made or last cleared.' AS message,
       {link: key, upstream: up.id, changes: changes} AS evidence
ORDER BY key
