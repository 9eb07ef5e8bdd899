// name: reports/report_links
// question: Which results-chain links (and outcome breakdowns) join those elements, and
//   which source states each?
// params: types (list of string) - the results-chain types, Vision to CostObject.
MATCH (a:Element)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]->(b:Element)
WHERE a.type IN $types AND b.type IN $types
RETURN a.id AS from, type(r) AS rel, b.id AS to,
       r.source_document AS source_document, r.source_section AS source_section,
       r['basis'] AS basis
