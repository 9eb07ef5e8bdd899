// name: reports/report_elements
// question: Which results-chain elements does the report cover, with their sources and
//   amounts?
// params: types (list of string) - the results-chain types, Vision to CostObject.
//         plan_ids (list of string, or null) - only elements these plans contain; null for all.
// One row holding a list per element: [id, code, name, type, source_document,
// source_section, basis, quote, amount, currency] (one row of lists is far quicker to send
// than a row per element). `basis` and `quote` are read when they are recorded.
MATCH (e:Element)
WHERE e.type IN $types
  AND ($plan_ids IS NULL OR EXISTS {
        MATCH (p:Plan)-[:CONTAINS]->(e) WHERE p.id IN $plan_ids })
WITH e ORDER BY coalesce(e.number, 0), e.code, e.id
RETURN collect([e.id, e.code, e.name, e.type, e.source_document, e.source_section,
                e['basis'], e['quote'], e.amount, e.currency]) AS elements
