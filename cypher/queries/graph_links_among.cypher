// name: graph_links_among
// question: Which links run between elements of this set?
// params: ids (list of strings) - element ids.
UNWIND $ids AS id
MATCH (a:Element {id: id})-[r]->(b:Element)
WHERE b.id IN $ids
RETURN a.id AS source, type(r) AS relationship, b.id AS target, r.share AS share
ORDER BY source, relationship, target
