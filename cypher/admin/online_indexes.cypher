// name: online_indexes
// question: Which indexes does the database have that are online (ready for use)?
// params: none
SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name
