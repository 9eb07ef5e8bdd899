// name: server_info
// question: Which Neo4j server is this (product name, version, edition)?
// params: none
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
LIMIT 1
