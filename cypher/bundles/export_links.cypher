// name: export_links
// question: Every link between elements whose type is a metamodel relationship (for
//   export), with its properties.
// params: types (list of strings) - the metamodel's relationship types
MATCH (a:Element)-[r]->(b:Element)
WHERE type(r) IN $types
RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props
ORDER BY from, type, to
