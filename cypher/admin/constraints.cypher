// name: constraints
// question: Which constraints does the database have?
// params: none
SHOW CONSTRAINTS YIELD name RETURN name
