// id: assumed_basis
// severity: info
// title: Chain resting on an assumption
// why: An element or link marked `basis: assumed` is not in the source documents: it was added to complete the model (a placeholder outcome, a link nobody stated). Where the chain rests on it, what looks linked is linked only by assumption, and the reader must see it.
// fix: Find the element or link in the documents (then give its basis and quote), or have the plan state it; run the checks with evidence=stated to see the plan as written.
// params: none. The check lists assumed elements and links whatever the evidence level
//   (they are what evidence=stated leaves out).
CALL () {
  MATCH (e:Element)
  WHERE e.basis = 'assumed'
  RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}] AS elements,
         e.type + ' ' + coalesce(e.code + ' ', '') + '"' + e.name + '" is assumed, not stated in the sources' +
           coalesce(': ' + e.source_document + coalesce(', ' + e.source_section, ''), '') + '.' AS message,
         {kind: 'element', basis: e.basis, description: e.description} AS evidence,
         e.id AS sort_a, '' AS sort_b
  UNION ALL
  MATCH (a:Element)-[r]->(b:Element)
  WHERE r.basis = 'assumed'
  RETURN [{id: a.id, code: a.code, name: a.name, type: a.type}, {id: b.id, code: b.code, name: b.name, type: b.type}] AS elements,
         'The link ' + a.type + ' "' + a.name + '" -' + type(r) + '-> ' + b.type + ' "' + b.name + '" is assumed, not stated in the sources' +
           coalesce(': ' + r.description, '.') AS message,
         {kind: 'link', relationship: type(r), basis: r.basis, description: r.description,
          source_document: r.source_document, source_section: r.source_section} AS evidence,
         a.id AS sort_a, b.id AS sort_b
}
RETURN elements, null AS subject, message, evidence
ORDER BY sort_a, sort_b
