// name: elements_by_id
// question: What are the codes, names and types of these elements?
// params: ids (list of strings) - element ids.
UNWIND $ids AS id
MATCH (e:Element {id: id})
RETURN e {.id, .code, .name, .type} AS element
ORDER BY element.id
