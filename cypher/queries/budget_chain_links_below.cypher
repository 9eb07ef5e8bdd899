// name: budget_chain_links_below
// question: Which links carry budget into these elements, from the cost objects below them?
// params: ids (list of string) - the elements whose budget figures are wanted (any level
//   of the roll-up: Output, Outcome, ThematicPriority, Goal, Mission).
// The same links as `budget_chain_links`, in the same rows, but only those whose lower
// element lies below one of the elements asked for: enough to work out the money entering
// each of them exactly, and far less to read than the whole chain (an output needs its
// cost objects, its activities and theirs; a goal its priorities, their outcomes and
// sub-outcomes, and so on down).
// 1. Below: everything under an element asked for, going down the chain level by level
//    (priorities and outcomes, then sub-outcomes along PART_OF, then outputs, activities
//    and cost objects); the metamodel allows each relationship type only between the types
//    `budget_chain_links` names, so these steps reach every element below.
// 2. Links: every link up from those elements, also those to an element outside: how an
//    element splits its money depends on all its links up, not only those to the elements
//    asked for.
// Rows as `budget_chain_links` gives them (one per relationship type and `declared`).
MATCH (asked:Element)
WHERE asked.id IN $ids
MATCH (asked)-[:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME*0..3]->(above_outputs)
WITH DISTINCT above_outputs
MATCH (above_outputs)<-[:PART_OF*0..]-(outcome)
WITH DISTINCT outcome
MATCH (outcome)-[:DELIVERED_BY|REALISED_BY|FUNDED_BY*0..3]->(below)
WITH DISTINCT below
CALL (below) {
  MATCH (upper:Output|Activity)-[r:FUNDED_BY]->(below)
  RETURN type(r) AS relationship, upper.type AS upper_type, 'CostObject' AS lower_type,
         upper.id AS upper, below.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Output)-[r:REALISED_BY]->(below)
  RETURN type(r) AS relationship, 'Output' AS upper_type, 'Activity' AS lower_type,
         upper.id AS upper, below.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Outcome)-[r:DELIVERED_BY]->(below)
  RETURN type(r) AS relationship, 'Outcome' AS upper_type, 'Output' AS lower_type,
         upper.id AS upper, below.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:ThematicPriority)-[r:HAS_OUTCOME]->(below)
  RETURN type(r) AS relationship, 'ThematicPriority' AS upper_type, 'Outcome' AS lower_type,
         upper.id AS upper, below.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Goal)-[r:HAS_PRIORITY]->(below)
  RETURN type(r) AS relationship, 'Goal' AS upper_type, 'ThematicPriority' AS lower_type,
         upper.id AS upper, below.id AS lower, r.share AS share
  UNION ALL
  MATCH (upper:Mission)-[r:HAS_GOAL]->(below)
  RETURN type(r) AS relationship, 'Mission' AS upper_type, 'Goal' AS lower_type,
         upper.id AS upper, below.id AS lower, r.share AS share
  UNION ALL
  MATCH (below:Outcome)-[r:PART_OF]->(upper:Outcome)
  RETURN type(r) AS relationship, 'Outcome' AS upper_type, 'Outcome' AS lower_type,
         upper.id AS upper, below.id AS lower, r.share AS share
}
RETURN relationship,
       upper_type,
       lower_type,
       share IS NOT NULL AS declared,
       collect(upper) AS upper,
       collect(lower) AS lower,
       collect(share) AS share
