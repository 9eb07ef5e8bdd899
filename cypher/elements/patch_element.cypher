// name: patch_element
// question: Change some properties of one element in place: each key of `changes` is set
//   to its value, or removed when the value is null; every other property stays as it is.
// params: id (string) - the element's id; changes (map) - property name to new value or null
MATCH (e:Element {id: $id})
SET e += $changes
RETURN properties(e) AS props
