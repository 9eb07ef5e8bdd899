// name: duplicate_links
// question: Which links (from, type, to) are stored more than once (left by versions before
//   imports locked the link's start element), with each copy's element id and properties?
//   Reads every relationship between elements: a maintenance query, not a request's.
// params: none
MATCH (a:Element)-[r]->(b:Element)
WITH a, b, type(r) AS type, r
ORDER BY elementId(r)
WITH a.id AS from, type, b.id AS to, collect({element_id: elementId(r), props: properties(r)}) AS copies
WHERE size(copies) > 1
RETURN from, type, to, copies
ORDER BY from, type, to
