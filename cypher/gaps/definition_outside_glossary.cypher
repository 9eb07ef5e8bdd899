// id: definition_outside_glossary
// severity: warning
// title: Definition outside the plan's glossary
// why: Definitions scattered over a plan make each planning element harder to pin down; the TSAG RG-SOP report asks for "placing all definitions and the glossary of terms in one location" (the Strategic Plan defines Outcomes in its body and Outputs in Annex 3, Glossary of Terms).
// fix: Move the definition into the plan's glossary (and set the term's defined_at to it), or declare where the plan's glossary is (Plan.glossary_at).
// params: separators (list of string) - characters read as spaces when locations are
//   compared (case and punctuation do not count). Also $admit (the evidence filter).
// A plan that declares its glossary (glossary_at) gets a finding for each term it contains
// whose defined_at is elsewhere; a plan that declares none gets one finding when its terms
// are defined in more than one location. A term with no defined_at is not judged.
MATCH (p:Element)-[c:CONTAINS]->(term:Element)
WHERE p.type = 'Plan' AND term.type = 'Term' AND term.defined_at IS NOT NULL
  AND coalesce(p.basis, 'stated') IN $admit AND coalesce(c.basis, 'stated') IN $admit
  AND coalesce(term.basis, 'stated') IN $admit
WITH p, term,
     reduce(acc = '', w IN [w IN split(reduce(s = toLower(term.defined_at), c IN $separators | replace(s, c, ' ')), ' ') WHERE w <> ''] | acc + ' ' + w) AS at,
     CASE WHEN p.glossary_at IS NULL THEN null ELSE
       reduce(acc = '', w IN [w IN split(reduce(s = toLower(p.glossary_at), c IN $separators | replace(s, c, ' ')), ' ') WHERE w <> ''] | acc + ' ' + w) END AS glossary
ORDER BY term.id
WITH p, glossary, collect({term: term, at: at}) AS terms
CALL (p, glossary, terms) {
  UNWIND terms AS t
  WITH t WHERE glossary IS NOT NULL AND t.at <> glossary
  RETURN [{id: t.term.id, code: t.term.code, name: t.term.name, type: t.term.type}, {id: p.id, code: p.code, name: p.name, type: p.type}] AS elements,
         'The term "' + t.term.name + '" is defined at ' + t.term.defined_at + ', not in the glossary of ' + p.name + ' (' + p.glossary_at + ').' AS message,
         {defined_at: t.term.defined_at, glossary_at: p.glossary_at} AS evidence
  UNION ALL
  WITH [t IN terms | t.at] AS places
  WITH places, reduce(acc = [], x IN places | CASE WHEN x IN acc THEN acc ELSE acc + x END) AS distinct_places
  WHERE glossary IS NULL AND size(distinct_places) > 1
  RETURN [{id: p.id, code: p.code, name: p.name, type: p.type}] AS elements,
         'The terms of ' + p.name + ' are defined in ' + toString(size(distinct_places)) + ' locations and the plan declares no glossary.' AS message,
         {locations: [t IN terms | {term: t.term.name, defined_at: t.term.defined_at}]} AS evidence
}
RETURN elements, null AS subject, message, evidence
ORDER BY elements[0].id
