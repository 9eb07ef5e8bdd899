// id: type_without_definition
// severity: warning
// title: Element type used without a glossary definition
// why: Every planning element needs one agreed definition; the TSAG liaison statement asks to clarify the definition of each planning element and to place all definitions and the glossary of terms in one location.
// fix: Add a glossary Term whose `defines` names the element type (e.g. defines: Output), with its definition quoted from the plan.
// params: types (list of string) - the element types that need a definition (the metamodel's
//   types except Term); separators (list of string) - characters removed when comparing.
// A Term defines a type when its `defines` (or, without one, its name) equals the type's
// name ignoring case, spaces, punctuation and a plural ending ("Thematic priorities" defines
// ThematicPriority). Only types that have elements in the graph are checked.
CALL () {
  OPTIONAL MATCH (term:Element)
  WHERE term.type = 'Term' AND coalesce(term.basis, 'stated') IN $admit
  WITH reduce(s = toLower(coalesce(term.defines, term.name, '')), c IN $separators + [' '] | replace(s, c, '')) AS key
  RETURN collect(CASE WHEN key ENDS WITH 'ies' THEN left(key, size(key) - 3) + 'y'
                      WHEN key ENDS WITH 's' AND NOT key ENDS WITH 'ss' THEN left(key, size(key) - 1)
                      ELSE key END) AS defined
}
UNWIND $types AS t
WITH t, defined
WHERE NOT toLower(t) IN defined
  AND EXISTS { MATCH (e:Element) WHERE e.type = t AND coalesce(e.basis, 'stated') IN $admit }
CALL (t) {
  MATCH (e:Element) WHERE e.type = t AND coalesce(e.basis, 'stated') IN $admit
  RETURN count(e) AS used, collect({id: e.id, code: e.code, name: e.name, type: e.type})[0..3] AS examples
}
RETURN [] AS elements,
       t AS subject,
       'The element type ' + t + ' is used (' + toString(used) + ' element' + CASE WHEN used = 1 THEN '' ELSE 's' END +
         ') but no glossary term defines it.' AS message,
       {type: t, elements_of_type: used, examples: examples, missing: '(:Term {defines: "' + t + '"})'} AS evidence
ORDER BY t
