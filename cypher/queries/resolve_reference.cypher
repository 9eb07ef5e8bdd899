// name: resolve_reference
// question: Which elements does this reference name, by id, by code or by alias?
// params: ref (string) - an element id ("itu-tp-2"), a code or an alias in any spelling
//   ("TP#2", "tp-2", "TP2"). Codes and aliases are compared in normalised form: lower
//   case, letters and digits only. Start nodes come from the unique id constraint, the
//   code_key index and the element_text full-text index (aliases); ref_keys only confirms.
WITH $ref AS ref,
     reduce(k = '', c IN split(toLower($ref), '') |
       k + CASE WHEN c =~ '[a-z0-9]' THEN c ELSE '' END) AS key
CALL (ref, key) {
  MATCH (e:Element {id: ref})
  RETURN e, 'id' AS matched_by
  UNION
  MATCH (e:Element)
  WHERE key <> '' AND e.code_key = key
  RETURN e, 'code' AS matched_by
  UNION
  WITH ref, key
  WHERE key <> ''
  CALL db.index.fulltext.queryNodes(
    'element_text',
    'aliases_text:"' + key + '" OR aliases_text:"'
      + replace(replace(ref, '\\', '\\\\'), '"', '\\"') + '"'
  ) YIELD node
  WITH node AS e, key
  WHERE key IN e.ref_keys
  RETURN e, 'alias' AS matched_by
}
RETURN e.id AS id, e.code AS code, e.name AS name, e.type AS type, matched_by
ORDER BY matched_by, id
LIMIT 50
