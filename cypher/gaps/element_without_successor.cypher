// id: element_without_successor
// severity: warning
// title: Element of the earlier plan with no successor in the plan being prepared
// why: Moving from one strategic plan to the next, every goal, priority, outcome and output of the earlier cycle is either carried on (continued, renamed, merged or split) or dropped on purpose; an element with neither silently disappears, with what it served and what funded it.
// fix: While the later plan holds no element yet, start the crosswalk: put the later plan's elements in it (CONTAINS) and link each to what it carries on with SUCCEEDS (kind continues, renames, merges or splits). Once it holds one, each element left without a successor is reported on its own: link its successor, or record the decision to drop it by waiving that finding with the reason (`rbmtrace waive KEY --reason ...`).
// params: none.
// Applies while the later plan is in preparation: a plan with `status: in-preparation` that
// SUCCEEDS an earlier plan. It has two forms. While the crosswalk has not started (the
// later plan CONTAINS no element), ONE finding on the later plan (and the plan it
// succeeds) gives the number of the earlier plan's elements that await a successor or a
// decision to drop them, with the first five of their ids (by id) as examples, rather than
// one warning per element before there is anything to link them to. Once the later plan
// CONTAINS an element, each element the earlier plan CONTAINS is reported on its own when
// no element of the later plan SUCCEEDS it; a waiver on that finding is the recorded
// decision to drop the element, and the cycle diff (`GET /api/v1/diff/cycles`) lists what
// it served and what funded it. On `evidence=stated` a later plan holding only inferred or
// assumed elements holds none.
MATCH (later:Plan)-[s:SUCCEEDS]->(earlier:Plan)
WHERE later.status = 'in-preparation'
  AND coalesce(s.basis, 'stated') IN $admit AND coalesce(later.basis, 'stated') IN $admit
  AND NOT EXISTS {
    MATCH (later)-[lc:CONTAINS]->(n:Element)
    WHERE coalesce(lc.basis, 'stated') IN $admit AND coalesce(n.basis, 'stated') IN $admit
  }
MATCH (earlier)-[c:CONTAINS]->(e:Element)
WHERE coalesce(c.basis, 'stated') IN $admit AND coalesce(e.basis, 'stated') IN $admit
WITH later, earlier, e
ORDER BY e.id
WITH later, earlier, collect(e.id) AS awaiting
RETURN [{id: later.id, code: later.code, name: later.name, type: later.type},
        {id: earlier.id, code: earlier.code, name: earlier.name, type: earlier.type}] AS elements,
       null AS subject,
       'The crosswalk from ' + earlier.name + ' to ' + later.name + ' has not started: '
         + toString(size(awaiting)) + ' elements await a successor or a decision to drop '
         + 'them.' AS message,
       {earlier_plan: earlier.id, later_plan: later.id, awaiting: size(awaiting),
        examples: awaiting[0..5],
        missing: '(' + later.id + ')-[:CONTAINS]->(:Element)-[:SUCCEEDS]->(an element of '
          + earlier.id + ')',
        fix: 'Start the crosswalk: put the elements of ' + later.name + ' in it (CONTAINS) and '
          + 'link each to what it carries on with SUCCEEDS; each element of ' + earlier.name
          + ' still without a successor is then reported on its own, to be linked or waived '
          + 'with the reason it is dropped.'} AS evidence
UNION ALL
MATCH (later:Plan)-[s:SUCCEEDS]->(earlier:Plan)
WHERE later.status = 'in-preparation'
  AND coalesce(s.basis, 'stated') IN $admit AND coalesce(later.basis, 'stated') IN $admit
  AND EXISTS {
    MATCH (later)-[lc:CONTAINS]->(n:Element)
    WHERE coalesce(lc.basis, 'stated') IN $admit AND coalesce(n.basis, 'stated') IN $admit
  }
MATCH (earlier)-[c:CONTAINS]->(e:Element)
WHERE coalesce(c.basis, 'stated') IN $admit AND coalesce(e.basis, 'stated') IN $admit
  AND NOT EXISTS {
    MATCH (later)-[lc:CONTAINS]->(n:Element)-[r:SUCCEEDS]->(e)
    WHERE coalesce(lc.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit
      AND coalesce(n.basis, 'stated') IN $admit
  }
WITH later, earlier, e
ORDER BY e.id
RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}] AS elements,
       null AS subject,
       e.type + ' ' + coalesce(e.code + ' ', '') + '"' + e.name + '" of ' + earlier.name +
         ' has no successor in ' + later.name + ', which is in preparation, and no recorded '
         + 'decision to drop it.' AS message,
       {earlier_plan: earlier.id, later_plan: later.id,
        missing: '(:' + e.type + ' in ' + later.id + ')-[:SUCCEEDS]->(this), or a waiver saying why it is dropped'} AS evidence
