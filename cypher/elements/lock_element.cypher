// name: lock_element
// question: What is this element now? Read under its write lock, so that no other write
//   changes it until this transaction ends: an update or delete that checks what it read
//   cannot lose a concurrent change.
// params: id (string) - the element's id
MATCH (e:Element {id: $id})
SET e.write_lock = true
REMOVE e.write_lock
RETURN e.type AS type, properties(e) AS props
