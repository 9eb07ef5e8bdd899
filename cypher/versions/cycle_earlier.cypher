// name: cycle_earlier
// question: For each element of the earlier plan, what did it become in the later plan
//   (its successors and the kind of each succession), and, for one with no successor
//   (dropped), what did it serve and what funded it?
// params: earlier (string) - id of the earlier plan; later (string) - id of the later plan;
//   kinds (list of strings) - the succession kinds; default_kind (string) - the kind of a
//   SUCCEEDS link that gives none.
// Successors are elements of the later plan with a SUCCEEDS link to the element. What a
// dropped element served: the elements above it in the results chain (and what it hangs
// off: MEASURED_BY, ENABLED_BY, PART_OF), the mandates it meets and the risks it mitigates.
// What funded it: the cost objects it is FUNDED_BY, with amount, currency and share.
MATCH (:Plan {id: $earlier})-[:CONTAINS]->(e:Element)
CALL (e) {
  OPTIONAL MATCH (:Plan {id: $later})-[:CONTAINS]->(s:Element)-[r:SUCCEEDS]->(e)
  WITH s, r ORDER BY s.id
  RETURN collect(CASE WHEN s IS NOT NULL THEN
    {id: s.id, code: s.code, name: s.name, type: s.type,
     kind: CASE WHEN r.kind IN $kinds THEN r.kind ELSE $default_kind END} END) AS successors
}
CALL (e, successors) {
  OPTIONAL MATCH (up:Element)-[r]->(e)
  WHERE successors = []
    AND type(r) IN ['HAS_MISSION', 'HAS_GOAL', 'HAS_TARGET', 'HAS_PRIORITY', 'HAS_OUTCOME',
                    'DELIVERED_BY', 'REALISED_BY', 'MEASURED_BY', 'ENABLED_BY', 'REQUIRES',
                    'MITIGATED_BY']
  WITH up, r ORDER BY up.id
  RETURN collect(CASE WHEN up IS NOT NULL THEN
    {id: up.id, code: up.code, name: up.name, type: up.type, via: type(r)} END) AS served_above
}
CALL (e, successors) {
  OPTIONAL MATCH (e)-[r:PART_OF]->(whole:Element)
  WHERE successors = []
  RETURN collect(CASE WHEN whole IS NOT NULL THEN
    {id: whole.id, code: whole.code, name: whole.name, type: whole.type, via: 'PART_OF'} END)
    AS served_whole
}
CALL (e, successors) {
  OPTIONAL MATCH (e)-[r:FUNDED_BY]->(c:CostObject)
  WHERE successors = []
  WITH c, r ORDER BY c.id
  RETURN collect(CASE WHEN c IS NOT NULL THEN
    {id: c.id, code: c.code, name: c.name, amount: c.amount, currency: c.currency,
     share: r.share} END) AS funded_by
}
RETURN e {.id, .code, .name, .type} AS element, successors,
       served_above + served_whole AS served, funded_by
ORDER BY e.id
