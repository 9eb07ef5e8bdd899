// id: deprecated_term_used
// severity: warning
// title: Deprecated term still in use
// why: A glossary term marked deprecated has a preferred term; names, descriptions and type labels that still use the old one keep two words for one concept, as the TSAG liaison statement says of "Products and Services", to be identified as "Outputs" to clarify the linkage with operational planning.
// fix: Replace the deprecated term by its preferred term in the element's name, description or the plan's type labels (or stop marking the term deprecated).
// params: separators (list of string) - characters read as spaces when texts are compared
//   (case, punctuation and hyphens do not count; words must match whole); type_labels
//   (list of {type, label}) - the metamodel's element types as words, e.g. "thematic
//   priority" for ThematicPriority. Also $admit (the evidence filter).
MATCH (term:Element)
WHERE term.type = 'Term' AND term.deprecated = true AND coalesce(term.basis, 'stated') IN $admit
WITH term, ' ' + reduce(acc = '', w IN [w IN split(reduce(s = toLower(term.name), c IN $separators | replace(s, c, ' ')), ' ') WHERE w <> ''] |
       acc + CASE WHEN acc = '' THEN '' ELSE ' ' END + w) + ' ' AS phrase
WHERE trim(phrase) <> ''
CALL (term, phrase) {
  MATCH (e:Element)
  WHERE e.type <> 'Term' AND coalesce(e.basis, 'stated') IN $admit
  WITH e, [field IN [['name', e.name], ['description', e.description]] + [label IN coalesce(e.type_labels, []) | ['type label', label]]
           WHERE field[1] IS NOT NULL
             AND (' ' + reduce(acc = '', w IN [w IN split(reduce(s = toLower(field[1]), c IN $separators | replace(s, c, ' ')), ' ') WHERE w <> ''] |
                  acc + CASE WHEN acc = '' THEN '' ELSE ' ' END + w) + ' ') CONTAINS phrase] AS used
  WHERE used <> []
  RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}, {id: term.id, code: term.code, name: term.name, type: term.type}] AS elements,
         null AS subject,
         e.type + ' "' + e.name + '" uses the deprecated term "' + term.name + '" in its ' +
           reduce(s = '', f IN used | s + CASE WHEN s = '' THEN '' ELSE ', ' END + f[0] + CASE WHEN f[0] = 'type label' THEN ' "' + f[1] + '"' ELSE '' END) +
           coalesce('; use "' + term.preferred_term + '"', '') + '.' AS message,
         {term: term.name, preferred_term: term.preferred_term, used_in: [f IN used | f[0]]} AS evidence
  UNION ALL
  UNWIND $type_labels AS t
  WITH t WHERE (' ' + t.label + ' ') CONTAINS phrase
  RETURN [{id: term.id, code: term.code, name: term.name, type: term.type}] AS elements,
         t.type AS subject,
         'The element type ' + t.type + ' is named with the deprecated term "' + term.name + '"' +
           coalesce('; use "' + term.preferred_term + '"', '') + '.' AS message,
         {term: term.name, preferred_term: term.preferred_term, used_in: ['type']} AS evidence
}
RETURN elements, subject, message, evidence
ORDER BY term.id, elements[0].id, subject
