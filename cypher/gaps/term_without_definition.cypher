// id: term_without_definition
// severity: warning
// title: Glossary term with no definition
// why: A planning term listed in the glossary but not defined is used without a definition; readers cannot tell what it means in this plan.
// fix: Quote the term's definition (Term.definition) from the plan's glossary.
// params: none besides $admit (the evidence filter). A deprecated term needs no definition
//   (its preferred term has one).
MATCH (term:Element)
WHERE term.type = 'Term' AND trim(coalesce(term.definition, '')) = '' AND NOT coalesce(term.deprecated, false) AND coalesce(term.basis, 'stated') IN $admit
RETURN [{id: term.id, code: term.code, name: term.name, type: term.type}] AS elements,
       null AS subject,
       'The glossary term "' + term.name + '" has no definition.' AS message,
       {missing: 'Term.definition'} AS evidence
ORDER BY term.id
