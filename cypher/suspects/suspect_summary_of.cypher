// name: suspect_summary_of
// question: For one element, the figures of suspects/suspect_summary restricted to the links
//   whose upstream end it is: how many can be suspect (their type watches that end), how
//   many are suspect now, and how many carry no stamp yet? Read from the element outwards
//   (its id through the unique index), never by scanning every link.
// params: watch (map) - {relationship type: {end: 'from'|'to', fields: [names]}}, from
//   app.metamodel.suspect_watch(); upstream (string) - the element's id.
// One row, zeros for an element with no such link (or no such element).
MATCH (up:Element {id: $upstream})
CALL (up) {
  MATCH (up)-[r]->(:Element)
  WHERE $watch[type(r)].end = 'from'
  RETURN r
  UNION
  MATCH (up)<-[r]-(:Element)
  WHERE $watch[type(r)].end = 'to'
  RETURN r
}
WITH up, r, $watch[type(r)] AS w
RETURN count(r) AS watched,
       count(CASE WHEN r.upstream_seen IS NULL THEN 1 END) AS unstamped,
       count(CASE WHEN r.upstream_seen IS NOT NULL AND any(f IN w.fields
               WHERE NOT (f + '=' + coalesce(toString(up[f]), '')) IN r.upstream_seen)
             THEN 1 END) AS suspect
