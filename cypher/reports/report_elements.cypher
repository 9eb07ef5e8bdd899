// name: reports/report_elements
// question: Which results-chain elements does the report cover, with their sources,
//   amounts and the plans that contain them?
// params: types (list of string) - the results-chain types, Vision to CostObject.
//         plan_ids (list of string, or null) - only elements these plans contain; null for all.
// `basis` and `quote` (how the source states the element) are read when they are recorded.
MATCH (e:Element)
WHERE e.type IN $types
  AND ($plan_ids IS NULL OR EXISTS {
        MATCH (p:Plan)-[:CONTAINS]->(e) WHERE p.id IN $plan_ids })
RETURN e.id AS id, e.code AS code, e.name AS name, e.type AS type,
       e.source_document AS source_document, e.source_section AS source_section,
       e['basis'] AS basis, e['quote'] AS quote,
       e.amount AS amount, e.currency AS currency,
       COLLECT { MATCH (p:Plan)-[:CONTAINS]->(e) RETURN p.id } AS plans
ORDER BY coalesce(e.number, 0), e.code, e.id
