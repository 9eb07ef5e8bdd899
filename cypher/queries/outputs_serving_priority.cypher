// name: outputs_serving_priority
// question: Which outputs serve this thematic priority, through which outcomes, and which
//   cost objects fund them?
// params: id (string) - id of the ThematicPriority; after (string) - the last output id
//   of the previous page ('' for the first page); limit (integer) - page size.
// An output delivering a sub-outcome (one that is PART_OF an outcome of the priority,
// at any of up to 8 levels) serves the priority too; `delivered_through` names the
// sub-outcome then. `funds` lists every output each cost object funds, with the share
// declared on that link, so the output's part of the amount can be worked out.
MATCH (tp:ThematicPriority {id: $id})-[:HAS_OUTCOME]->(outcome:Outcome)
MATCH (outcome) ((:Outcome)<-[:PART_OF]-(:Outcome)){0,8} (deliverer:Outcome)
      -[:DELIVERED_BY]->(output:Output)
WITH output,
     collect(DISTINCT {
       outcome: outcome {.id, .code, .name, .type},
       delivered_through: CASE WHEN deliverer = outcome THEN null
                               ELSE deliverer {.id, .code, .name, .type} END
     }) AS through
WHERE output.id > $after
RETURN output {.id, .code, .name, .type, .sector} AS output,
       through,
       COLLECT {
         MATCH (output)-[:FUNDED_BY]->(c:CostObject)
         RETURN c {.id, .code, .name, .type, .amount, .currency,
                   funds: [(c)<-[f:FUNDED_BY]-(o:Output) | {output: o.id, share: f.share}]}
                AS cost_object
         ORDER BY cost_object.id
       } AS cost_objects
ORDER BY output.id
LIMIT $limit
