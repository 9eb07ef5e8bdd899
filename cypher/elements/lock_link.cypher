// name: lock_link
// question: What is this link now? Read under its write lock (see lock_element).
// params: from (string), to (string) - the ids of its ends; type (string) - its
//   relationship type, one of the metamodel's
MATCH (:Element {id: $from})-[r]->(:Element {id: $to})
WHERE type(r) = $type
SET r.write_lock = true
REMOVE r.write_lock
RETURN properties(r) AS props
