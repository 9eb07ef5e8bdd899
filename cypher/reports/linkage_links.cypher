// name: reports/linkage_links
// question: Which results-chain links (and outcome breakdowns) join those elements?
// params: types (list of string) - the results-chain types, Mission to CostObject.
MATCH (a:Element)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]->(b:Element)
WHERE a.type IN $types AND b.type IN $types
RETURN a.id AS from, type(r) AS rel, b.id AS to, r.share AS share
ORDER BY a.id, b.id
