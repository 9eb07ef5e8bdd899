// name: reports/linkage_elements
// question: Which elements of the results chain are there, with their sources and amounts?
// params: types (list of string) - the results-chain types, Mission to CostObject.
MATCH (e:Element)
WHERE e.type IN $types
RETURN e.id AS id, e.code AS code, e.name AS name, e.type AS type,
       e.source_document AS source_document, e.source_section AS source_section,
       e.amount AS amount, e.currency AS currency, e.number AS number
ORDER BY e.type, coalesce(e.number, 0), e.id
