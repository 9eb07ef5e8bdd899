// name: suspect_summary
// question: How many links can be suspect (their type watches its upstream end), how many
//   are suspect now, and how many carry no stamp yet (never suspect until cleared once)?
// params: watch (map) - {relationship type: {end: 'from'|'to', fields: [names]}}, from
//   app.metamodel.suspect_watch().
MATCH (a:Element)-[r]->(b:Element)
WITH r, a, b, $watch[type(r)] AS w
WHERE w IS NOT NULL
WITH r, w, CASE w.end WHEN 'to' THEN b ELSE a END AS up
RETURN count(r) AS watched,
       count(CASE WHEN r.upstream_seen IS NULL THEN 1 END) AS unstamped,
       count(CASE WHEN r.upstream_seen IS NOT NULL AND any(f IN w.fields
               WHERE NOT (f + '=' + coalesce(toString(up[f]), '')) IN r.upstream_seen)
             THEN 1 END) AS suspect
