// name: gaps/support/element_properties
// question: What are the stored properties of these elements (for waiver fingerprints)?
// params: ids (list of string) - element ids.
UNWIND $ids AS id
MATCH (e:Element {id: id})
RETURN e.id AS id, properties(e) AS properties
