// name: patch_link
// question: Change some properties of one link in place: each key of `changes` is set to
//   its value, or removed when the value is null; every other property stays as it is.
// params: from (string), to (string) - the ids of its ends; type (string) - its
//   relationship type; changes (map) - property name to new value or null
MATCH (:Element {id: $from})-[r]->(:Element {id: $to})
WHERE type(r) = $type
SET r += $changes
RETURN properties(r) AS props
