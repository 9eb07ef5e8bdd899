// name: stored_types
// question: Which of these element ids are already stored, and as which type? (What a
//   streamed import's validation needs, without the properties.)
// params: ids (list of strings) - element ids named by a bundle
UNWIND $ids AS id
MATCH (e:Element {id: id})
RETURN e.id AS id, e.type AS type
