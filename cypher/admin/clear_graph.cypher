// name: clear_graph
// question: Delete every node and relationship (tests and `rbmtrace reset` only).
// params: none
MATCH (n)
DETACH DELETE n
