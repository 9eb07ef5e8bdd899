// name: lock_link_starts
// question: Take the write lock of the stored elements that links start from, before reading
//   which of those links are stored, so that concurrent writers of the same link take turns:
//   the second reads the first one's link (committed) and does not create it again.
//   Nothing is changed: the property set is removed in the same statement.
// params: ids (list of strings) - element ids, sorted (every writer locks in the same order)
UNWIND $ids AS id
MATCH (a:Element {id: id})
SET a.write_lock = true
REMOVE a.write_lock
RETURN count(a) AS locked
