// name: cycle_new
// question: Which elements of the later plan succeed no element of the earlier plan (new)?
// params: earlier (string) - id of the earlier plan; later (string) - id of the later plan
MATCH (:Plan {id: $later})-[:CONTAINS]->(n:Element)
WHERE NOT EXISTS {
  MATCH (n)-[:SUCCEEDS]->(:Element)<-[:CONTAINS]-(:Plan {id: $earlier})
}
RETURN n {.id, .code, .name, .type} AS element
ORDER BY n.id
