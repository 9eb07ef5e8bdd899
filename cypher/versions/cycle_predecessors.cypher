// name: cycle_predecessors
// question: How many elements of the earlier plan does each element of the later plan
//   succeed (more than one: a merge)?
// params: earlier (string) - id of the earlier plan; later (string) - id of the later plan
MATCH (:Plan {id: $later})-[:CONTAINS]->(n:Element)-[:SUCCEEDS]->(p:Element)
      <-[:CONTAINS]-(:Plan {id: $earlier})
WITH n, collect(p.id) AS predecessors
RETURN n.id AS id, predecessors
