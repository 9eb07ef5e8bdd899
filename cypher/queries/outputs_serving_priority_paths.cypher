// name: outputs_serving_priority_paths
// question: Which outputs serve this thematic priority, through which outcomes, and which
//   cost objects fund them, as paths Neo4j Browser draws (the graph of outputs_serving_priority)?
// params: id (string) - id of the ThematicPriority; limit (integer) - most paths returned.
// Each row is one path priority -HAS_OUTCOME-> outcome (<-PART_OF- sub-outcome ...)
// -DELIVERED_BY-> output, and the output's -FUNDED_BY-> cost object links (null when none).
MATCH p = (:ThematicPriority {id: $id})-[:HAS_OUTCOME]->(:Outcome)
          ((:Outcome)<-[:PART_OF]-(:Outcome)){0,8} (:Outcome)-[:DELIVERED_BY]->(output:Output)
OPTIONAL MATCH funding = (output)-[:FUNDED_BY]->(:CostObject)
RETURN p, funding
LIMIT $limit
