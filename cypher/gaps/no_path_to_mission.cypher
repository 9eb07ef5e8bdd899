// id: no_path_to_mission
// severity: error
// title: Element with no path up to the mission
// why: Results-based management links every goal, priority, outcome, output and internal order to the organisation's mission; an element with no path up to it contributes to nothing the strategic plan pursues.
// fix: Add the missing link where the chain stops (the evidence names it): Mission -HAS_GOAL-> Goal -HAS_PRIORITY-> ThematicPriority -HAS_OUTCOME-> Outcome (or PART_OF an outcome) -DELIVERED_BY-> Output -FUNDED_BY-> CostObject.
// params: none.
// Applies to the results-chain types below the mission (Goal, ThematicPriority, Outcome,
// Output, CostObject); not to Plan, Term, Indicator, Target, Enabler, Risk or Mandate,
// which hang off the chain and have their own checks. Reachability is computed once, from
// the mission downward, level by level (an outcome's breakdown joins through PART_OF), for
// the levels down to the outcomes; whether an output or cost object below a break is reached
// otherwise (through a reached outcome) is asked for those few elements only.
// One finding per break: each unreachable element that nothing above links to (the top of
// a cut-off chain), or whose chain above runs only in a cycle; the elements below it that
// are cut off with it are listed in the evidence. An Output with no DELIVERED_BY and a
// CostObject with no FUNDED_BY are breaks too, but are reported by output_serves_no_outcome
// and cost_object_funds_no_output, so one gap is reported once.
CALL () {
  OPTIONAL MATCH p = (m:Mission)-[:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME*0..3]->(top:Element)
  WHERE all(n IN nodes(p) WHERE coalesce(n.basis, 'stated') IN $admit) AND all(r IN relationships(p) WHERE coalesce(r.basis, 'stated') IN $admit)
  WITH collect(DISTINCT top) AS tops
  UNWIND CASE WHEN tops = [] THEN [null] ELSE tops END AS top
  OPTIONAL MATCH q = (top:Outcome)<-[:PART_OF*1..6]-(part:Outcome)
  WHERE all(n IN nodes(q) WHERE coalesce(n.basis, 'stated') IN $admit) AND all(r IN relationships(q) WHERE coalesce(r.basis, 'stated') IN $admit)
  WITH tops, collect(DISTINCT part) AS parts
  RETURN tops + parts AS reached
}
MATCH (e:Element)
WHERE e.type IN ['Goal', 'ThematicPriority', 'Outcome'] AND coalesce(e.basis, 'stated') IN $admit
  AND NOT e IN reached
WITH e, reached, NOT EXISTS { (e)<-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME]-(x:Element) WHERE coalesce(r.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit }
                 AND NOT EXISTS { (e)-[r:PART_OF]->(x:Outcome) WHERE coalesce(r.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit } AS is_top
// An unreachable element with links above it is either below a top (reported there) or
// below a cycle only: look for a top above it, for these few elements only.
CALL (e, is_top) {
  MATCH (e) ((a)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|PART_OF]-(b)
             WHERE ((type(r) = 'PART_OF' AND startNode(r) = a)
                OR (type(r) <> 'PART_OF' AND endNode(r) = a))
               AND coalesce(r.basis, 'stated') IN $admit AND coalesce(b.basis, 'stated') IN $admit){1,8} (top:Element)
  WHERE NOT is_top
    AND NOT EXISTS { (top)<-[up:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME]-(x:Element) WHERE coalesce(up.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit }
    AND NOT EXISTS { (top)-[up:PART_OF]->(x:Outcome) WHERE coalesce(up.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit }
  RETURN count(top) AS tops_above
}
WITH e, is_top, reached
WHERE is_top OR tops_above = 0
// What is cut off with it: the chain below it that the mission does not reach otherwise.
CALL (e, reached) {
  MATCH (e) ((a)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
             WHERE ((type(r) = 'PART_OF' AND endNode(r) = a)
                OR (type(r) <> 'PART_OF' AND startNode(r) = a))
               AND coalesce(r.basis, 'stated') IN $admit AND coalesce(b.basis, 'stated') IN $admit){1,8} (below:Element)
  WHERE below <> e AND NOT below IN reached
    AND NOT (below:Output AND EXISTS { (x:Outcome)-[d:DELIVERED_BY]->(below) WHERE x IN reached AND coalesce(d.basis, 'stated') IN $admit })
    AND NOT (below:CostObject AND EXISTS {
      (x:Outcome)-[d:DELIVERED_BY]->(o:Output)-[f:FUNDED_BY]->(below)
      WHERE x IN reached AND coalesce(d.basis, 'stated') IN $admit AND coalesce(o.basis, 'stated') IN $admit AND coalesce(f.basis, 'stated') IN $admit })
  WITH DISTINCT below ORDER BY below.type, below.id
  RETURN count(below) AS cut_off,
         collect({id: below.id, code: below.code, name: below.name, type: below.type})[0..10] AS examples
}
RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}] AS elements,
       null AS subject,
       e.type + ' ' + coalesce(e.code + ' ', '') + '"' + e.name + '" has no path up to the mission: ' +
         CASE WHEN is_top
              THEN 'nothing above it links to it'
              ELSE 'the chain above it runs in a cycle and never reaches the mission' END +
         CASE cut_off WHEN 0 THEN '.'
                      WHEN 1 THEN '; 1 element below it is cut off with it.'
                      ELSE '; ' + toString(cut_off) + ' elements below it are cut off with it.' END AS message,
       {missing: CASE e.type WHEN 'Goal' THEN '(:Mission)-[:HAS_GOAL]->(this)'
                             WHEN 'ThematicPriority' THEN '(:Goal)-[:HAS_PRIORITY]->(this)'
                             ELSE '(:ThematicPriority)-[:HAS_OUTCOME]->(this), or (this)-[:PART_OF]->(:Outcome)' END,
        cycle_above: NOT is_top, cut_off: cut_off, cut_off_examples: examples} AS evidence
ORDER BY e.id
