// id: element_without_successor
// severity: warning
// title: Element of the earlier plan with no successor in the plan being prepared
// why: Moving from one strategic plan to the next, every goal, priority, outcome and output of the earlier cycle is either carried on (continued, renamed, merged or split) or dropped on purpose; an element with neither silently disappears, with what it served and what funded it.
// fix: Link its successor in the later plan with SUCCEEDS (kind continues, renames, merges or splits), or record the decision to drop it by waiving this finding with the reason (`rbmtrace waive KEY --reason ...`).
// params: none.
// Applies while the later plan is in preparation: a plan with `status: in-preparation` that
// SUCCEEDS an earlier plan. Each element the earlier plan CONTAINS is reported when no
// element of the later plan SUCCEEDS it. A waiver on the finding is the recorded decision to
// drop the element; the cycle diff (`GET /api/v1/diff/cycles`) lists what it served and
// what funded it.
MATCH (later:Plan)-[s:SUCCEEDS]->(earlier:Plan)
WHERE later.status = 'in-preparation'
  AND coalesce(s.basis, 'stated') IN $admit AND coalesce(later.basis, 'stated') IN $admit
MATCH (earlier)-[c:CONTAINS]->(e:Element)
WHERE coalesce(c.basis, 'stated') IN $admit AND coalesce(e.basis, 'stated') IN $admit
  AND NOT EXISTS {
    MATCH (later)-[lc:CONTAINS]->(n:Element)-[r:SUCCEEDS]->(e)
    WHERE coalesce(lc.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit
      AND coalesce(n.basis, 'stated') IN $admit
  }
RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}] AS elements,
       null AS subject,
       e.type + ' ' + coalesce(e.code + ' ', '') + '"' + e.name + '" of ' + earlier.name +
         ' has no successor in ' + later.name + ', which is in preparation, and no recorded '
         + 'decision to drop it.' AS message,
       {earlier_plan: earlier.id, later_plan: later.id,
        missing: '(:' + e.type + ' in ' + later.id + ')-[:SUCCEEDS]->(this), or a waiver saying why it is dropped'} AS evidence
ORDER BY e.id
