// name: budget_chain_links
// question: Which links carry budget up the results chain, from cost objects to the mission?
// params: none
// The links as stored, each given from the element higher in the chain (`upper`) to the
// lower one (`lower`): Output -FUNDED_BY-> CostObject, Activity -FUNDED_BY-> CostObject,
// Output -REALISED_BY-> Activity (bottom-up budgeting: resources, activities and outputs),
// Outcome -DELIVERED_BY-> Output,
// ThematicPriority -HAS_OUTCOME-> Outcome, Goal -HAS_PRIORITY-> ThematicPriority,
// Mission -HAS_GOAL-> Goal, and the breakdown sub-outcome -PART_OF-> outcome (given with
// `upper` = the outcome it is part of, `lower` = the sub-outcome). The metamodel allows
// each relationship type only between these types, so the far end's label is not checked.
// One row per relationship type, the types at its ends (`upper_type`, `lower_type`) and
// `declared` (whether the links carry a `share`), with
// parallel lists `upper`, `lower` and `share` (empty when `declared` is false): lists,
// not one row per link, because that is far quicker to send.
CALL () {
  MATCH (upper:Output|Activity)-[r:FUNDED_BY]->(lower)
  RETURN type(r) AS relationship, upper.type AS upper_type, 'CostObject' AS lower_type,
         upper.id AS upper, lower.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Output)-[r:REALISED_BY]->(lower)
  RETURN type(r) AS relationship, 'Output' AS upper_type, 'Activity' AS lower_type,
         upper.id AS upper, lower.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Outcome)-[r:DELIVERED_BY]->(lower)
  RETURN type(r) AS relationship, 'Outcome' AS upper_type, 'Output' AS lower_type,
         upper.id AS upper, lower.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:ThematicPriority)-[r:HAS_OUTCOME]->(lower)
  RETURN type(r) AS relationship, 'ThematicPriority' AS upper_type, 'Outcome' AS lower_type,
         upper.id AS upper, lower.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Goal)-[r:HAS_PRIORITY]->(lower)
  RETURN type(r) AS relationship, 'Goal' AS upper_type, 'ThematicPriority' AS lower_type,
         upper.id AS upper, lower.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Mission)-[r:HAS_GOAL]->(lower)
  RETURN type(r) AS relationship, 'Mission' AS upper_type, 'Goal' AS lower_type,
         upper.id AS upper, lower.id AS lower, r.share AS share
  UNION ALL
  MATCH (lower:Outcome)-[r:PART_OF]->(upper:Outcome)
  RETURN type(r) AS relationship, 'Outcome' AS upper_type, 'Outcome' AS lower_type,
         upper.id AS upper, lower.id AS lower, r.share AS share
}
RETURN relationship,
       upper_type,
       lower_type,
       share IS NOT NULL AS declared,
       collect(upper) AS upper,
       collect(lower) AS lower,
       collect(share) AS share
