// id: name_repeats_across_levels
// severity: warning
// title: Name repeated across levels of the results chain
// why: Goals, thematic priorities, outcomes, outputs and activities sit at different levels of the results chain; as the TSAG liaison statement says of TP#2 (International numbering resources), a direct repetition between the Thematic Priorities and the Outputs of the Operational Plans "can result in confusion in understanding the relationship between these elements", and it notes the same of the outcome "Bridging the standardization gap", also a distinct Output of the ITU-T operational plan.
// fix: Reformulate the upper element as the result or area of work it pursues (or rename the lower one), so that no level is a copy of another level's element.
// params: threshold (number) - least token-set similarity reported; levels (list of
//   string) - the element types compared, top to bottom (metamodel.NAMED_LEVELS); two
//   elements of one type are not compared. Also $admit (the evidence filter).
//   The normalisation (case, punctuation, hyphens, joined prefixes such as e-health /
//   ehealth / e health, plurals, British and American spelling, word order):
//   app/gaps/similarity.py.
// Writes store each name's normalised token set (`name_tokens`) and compact key
// (`name_key`); the check reads only these. Two names repeat each other when their keys
// are equal (similarity 1) or the Jaccard index of their token sets reaches the threshold t.
// Every such pair is found without comparing every name with every other, by a
// set-similarity self-join with the filters of PPJoin (Xiao et al., "Efficient similarity
// joins for near duplicate detection", 2008). With t the threshold:
// 1. Ranking: each name's tokens are ranked rarest first (fewest names holding them; ties
//    by the token): one order for every name (the rows are sorted before each name
//    collects its tokens, and collect keeps their order).
// 2. Prefixes: a name of n tokens keeps two prefixes of its ranked tokens: the probing
//    prefix, its first n - ceil(t * n) + 1, and the shorter indexing prefix, its first
//    n - ceil(2t / (1 + t) * n) + 1 (at t = 0.6: 3 tokens -> 2 and 1, 5 -> 3 and 2).
//    No pair is lost, for if x (n tokens) and y (m >= n tokens) have a Jaccard index of at
//    least t, they share o >= t * m tokens and o >= t / (1 + t) * (n + m) >= 2t / (1 + t) * n
//    tokens, so the first n - o + 1 tokens of x and the first m - o + 1 of y share a token,
//    and these lie inside x's indexing prefix and y's probing prefix.
// 3. Candidates: names are grouped by prefix token and, within a group, by type; a name of
//    an upper level and one of a lower level are paired when the shorter one (the upper
//    one, when both have n tokens) holds the token in its indexing prefix and the other in
//    its probing prefix. A prefix token common to thousands of names of ONE type pairs
//    none of them; one common to names of two levels pairs only those holding it in the
//    shorter prefix (in the synthetic plans a 3-word output's indexing prefix is its
//    number alone, so 12,826 candidate pairs at 100k elements instead of 101,400).
// 4. Length filter: the Jaccard index is at most n / m, so a pair with n / m < t is dropped.
// 5. Keys: names of two levels with one key are paired as well (similarity 1, whatever
//    their tokens and lengths). Each pair is then scored once.
// tests/gaps/test_similarity.py holds pairs at each filter's edge.
CALL () {
  MATCH (e:Element)
  WHERE e.type IN $levels AND size(coalesce(e.name_tokens, [])) > 0
    AND coalesce(e.basis, 'stated') IN $admit
  UNWIND e.name_tokens AS token
  WITH token, collect(e) AS holders
  UNWIND holders AS e
  WITH e, token, size(holders) AS held_by
  ORDER BY held_by, token
  WITH e, collect(token) AS ranked
  WITH e, ranked, size(ranked) AS n
  WITH e, ranked,
       n - toInteger(ceil($threshold * n - 0.000001)) + 1 AS probing,
       n - toInteger(ceil(2 * $threshold / (1 + $threshold) * n - 0.000001)) + 1 AS indexing
  UNWIND range(0, probing - 1) AS position
  WITH ranked[position] AS token, e.type AS type,
       collect(e) AS probing, collect(CASE WHEN position < indexing THEN e END) AS indexing
  WITH token, collect({type: type, probing: probing, indexing: indexing}) AS by_level
  WHERE size(by_level) > 1
  UNWIND by_level AS upper
  UNWIND by_level AS lower
  WITH upper, lower,
       [i IN range(0, size($levels) - 1) WHERE $levels[i] = upper.type][0] AS level_a,
       [i IN range(0, size($levels) - 1) WHERE $levels[i] = lower.type][0] AS level_b
  WHERE level_a < level_b
  CALL (upper, lower) {
    UNWIND upper.indexing AS a
    UNWIND lower.probing AS b
    WITH a, b WHERE size(a.name_tokens) <= size(b.name_tokens)
    RETURN a, b
    UNION ALL
    UNWIND upper.probing AS a
    UNWIND lower.indexing AS b
    WITH a, b WHERE size(b.name_tokens) < size(a.name_tokens)
    RETURN a, b
  }
  WITH a, b, size(a.name_tokens) AS n, size(b.name_tokens) AS m
  WHERE toFloat(CASE WHEN n < m THEN n ELSE m END) / CASE WHEN n < m THEN m ELSE n END >= $threshold
  RETURN a, b
  UNION
  MATCH (e:Element)
  WHERE e.type IN $levels AND coalesce(e.name_key, '') <> ''
    AND coalesce(e.basis, 'stated') IN $admit
  WITH e.name_key AS key, e.type AS type, collect(e) AS names
  WITH key, collect({type: type, names: names}) AS by_level
  WHERE size(by_level) > 1
  UNWIND by_level AS upper
  UNWIND by_level AS lower
  WITH upper, lower,
       [i IN range(0, size($levels) - 1) WHERE $levels[i] = upper.type][0] AS level_a,
       [i IN range(0, size($levels) - 1) WHERE $levels[i] = lower.type][0] AS level_b
  WHERE level_a < level_b
  UNWIND upper.names AS a
  UNWIND lower.names AS b
  RETURN a, b
}
WITH DISTINCT a, b
WITH a, b, [t IN a.name_tokens WHERE t IN b.name_tokens] AS common
WITH a, b, common,
     CASE WHEN a.name_key = b.name_key THEN 1.0
          ELSE toFloat(size(common)) / (size(a.name_tokens) + size(b.name_tokens) - size(common)) END AS similarity
WHERE similarity >= $threshold
RETURN [{id: a.id, code: a.code, name: a.name, type: a.type}, {id: b.id, code: b.code, name: b.name, type: b.type}] AS elements,
       null AS subject,
       a.type + ' ' + coalesce(a.code + ' ', '') + '"' + a.name + '" repeats the name of the ' + b.type + ' ' +
         coalesce(b.code + ' ', '') + '"' + b.name + '"' +
         CASE WHEN similarity = 1.0 THEN '.' ELSE ' (similarity ' + toString(round(similarity, 2)) + ').' END AS message,
       {similarity: similarity, tokens: [a.name_tokens, b.name_tokens], common_tokens: common,
        levels: [a.type, b.type], threshold: $threshold} AS evidence
ORDER BY a.id, b.id
