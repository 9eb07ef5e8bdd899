// name: delete_link
// question: Delete one link, named by its from id, relationship type and to id.
// params: from (string), type (string) - a metamodel relationship type, to (string)
MATCH (a:Element {id: $from})-[r]->(b:Element {id: $to})
WHERE type(r) = $type
DELETE r
RETURN count(*) AS deleted
