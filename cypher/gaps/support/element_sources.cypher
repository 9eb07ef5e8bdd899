// name: gaps/support/element_sources
// question: Where does each of these elements come from, and on what basis?
// params: ids (list of string) - element ids.
// An element with no basis counts as stated.
MATCH (e:Element)
WHERE e.id IN $ids
RETURN e.id AS id, e.source_document AS source_document, e.source_section AS source_section,
       coalesce(e.basis, 'stated') AS basis
