// name: reports/report_links
// question: Which results-chain links (and outcome breakdowns) join those elements, and
//   which source states each?
// params: types (list of string) - the results-chain types, Vision to CostObject.
// One row holding a list per link: [from id, relationship, to id, source_document,
// source_section, basis].
MATCH (a:Element)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]->(b:Element)
WHERE a.type IN $types AND b.type IN $types
RETURN collect([a.id, type(r), b.id, r.source_document, r.source_section, r['basis']]) AS links
