// name: nearest_names
// question: Which element names come closest to this text (fuzzy match on each word)?
// params: ref (string) - the text that matched nothing; limit (integer) - most names.
WITH [w IN split(toLower($ref), ' ') |
       reduce(k = '', c IN split(w, '') | k + CASE WHEN c =~ '[a-z0-9]' THEN c ELSE '' END)
     ] AS words
WITH [w IN words WHERE w <> ''] AS words
WHERE size(words) > 0
CALL db.index.fulltext.queryNodes(
  'element_text',
  reduce(q = '', w IN words | q + ' ' + w + '~')
) YIELD node, score
RETURN node.id AS id, node.code AS code, node.name AS name, node.type AS type, score
ORDER BY score DESC, id
LIMIT $limit
