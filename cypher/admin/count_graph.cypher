// name: count_graph
// question: How many nodes and relationships does the database hold?
// params: none
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
