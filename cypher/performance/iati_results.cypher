// name: iati_results
// question: Which goals, outcomes and outputs have indicators (IATI results), in which plans?
// params: none
// One row per measured goal (impact), outcome or output: its indicators' ids and the plans
// that contain it.
MATCH (r:Element)-[:MEASURED_BY]->(i:Indicator)
WHERE r:Goal OR r:Outcome OR r:Output
OPTIONAL MATCH (p:Plan)-[:CONTAINS]->(r)
WITH r, collect(DISTINCT i.id) AS indicators, collect(DISTINCT p.id) AS plans
RETURN r.id AS id, r.type AS type, r.code AS code, r.name AS name,
       r.description AS description, indicators, plans
ORDER BY id
