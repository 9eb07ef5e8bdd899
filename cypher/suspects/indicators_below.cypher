// name: indicators_below
// question: Which indicators measure these elements or anything below them on the results
//   chain: their breakdowns (PART_OF, up to 4 levels), then down HAS_PRIORITY, HAS_OUTCOME,
//   DELIVERED_BY, REALISED_BY and HAS_TARGET (up to 5 links), and the breakdowns of what
//   is reached? The downstream impact of a suspect link.
// params: ids (list of strings) - element ids; limit (integer) - most indicators per element.
// Each step keeps DISTINCT elements, so that Neo4j prunes the variable-length expansions
// instead of enumerating every path through the chain's diamonds.
UNWIND $ids AS id
MATCH (start:Element {id: id})
CALL (start) {
  MATCH (start)<-[:PART_OF*0..4]-(s:Element)
  WITH DISTINCT s
  MATCH (s)-[:HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|REALISED_BY|HAS_TARGET*0..5]->(x:Element)
  WITH DISTINCT x
  MATCH (x)<-[:PART_OF*0..4]-(y:Element)
  WITH DISTINCT y
  MATCH (y)-[:MEASURED_BY]->(i:Indicator)
  WITH DISTINCT i
  ORDER BY i.id
  LIMIT $limit
  RETURN collect({id: i.id, code: i.code, name: i.name, type: i.type}) AS indicators
}
RETURN id, indicators
