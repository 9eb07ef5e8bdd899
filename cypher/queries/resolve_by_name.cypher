// name: resolve_by_name
// question: Which elements carry this name (or have it as a phrase within their name)?
// params: ref (string) - the name or part of it, as typed; limit (integer) - most hits.
//   Exact names (compared in normalised form) come first; then the phrase hits by score.
WITH $ref AS ref,
     reduce(k = '', c IN split(toLower($ref), '') |
       k + CASE WHEN c =~ '[a-z0-9]' THEN c ELSE '' END) AS key
WHERE key <> ''
CALL db.index.fulltext.queryNodes(
  'element_text',
  'name:"' + replace(replace(ref, '\\', '\\\\'), '"', '\\"') + '"'
) YIELD node, score
WITH node AS e, score, key,
     reduce(k = '', c IN split(toLower(coalesce(node.name, '')), '') |
       k + CASE WHEN c =~ '[a-z0-9]' THEN c ELSE '' END) = key AS exact
RETURN e.id AS id, e.code AS code, e.name AS name, e.type AS type, exact, score
ORDER BY exact DESC, score DESC, id
LIMIT $limit
