// name: budget_chain_links
// question: Which links carry budget up the results chain, from outputs to the mission?
// params: none
// Each row is one link as stored, from the element higher in the chain to the lower one:
// Outcome -DELIVERED_BY-> Output, ThematicPriority -HAS_OUTCOME-> Outcome,
// Goal -HAS_PRIORITY-> ThematicPriority, Mission -HAS_GOAL-> Goal, and the breakdown
// sub-outcome -PART_OF-> outcome (reported with `upper` = the outcome it is part of).
MATCH (a:Element)-[r:DELIVERED_BY|HAS_OUTCOME|HAS_PRIORITY|HAS_GOAL|PART_OF]->(b:Element)
WHERE type(r) <> 'PART_OF' OR (a:Outcome AND b:Outcome)
RETURN CASE type(r) WHEN 'PART_OF' THEN b.id ELSE a.id END AS upper,
       CASE type(r) WHEN 'PART_OF' THEN b.type ELSE a.type END AS upper_type,
       type(r) AS relationship,
       CASE type(r) WHEN 'PART_OF' THEN a.id ELSE b.id END AS lower,
       CASE type(r) WHEN 'PART_OF' THEN a.type ELSE b.type END AS lower_type,
       r.share AS share
ORDER BY lower, relationship, upper
