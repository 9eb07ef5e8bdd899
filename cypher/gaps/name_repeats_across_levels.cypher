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
// are equal (similarity 1) or the Jaccard index of their token sets reaches the threshold.
// Every such pair is found without comparing every name with every other: a
// set-similarity self-join with prefix filtering, linear in the names. Each name's tokens
// are ranked rarest first (fewest names holding them; ties by the token); a name of n
// tokens keeps its first n - ceil(threshold * n) + 1 (its prefix), and two names with a
// Jaccard index at or above the threshold always share a token of their prefixes. Names
// are grouped by prefix token and by key, and within a group by type; only names of one
// group and of two different levels are paired (a prefix token common to thousands of
// names of ONE type, such as "series" in "Workshop series 1373", pairs none of them).
MATCH (e:Element)
WHERE e.type IN $levels AND size(coalesce(e.name_tokens, [])) > 0
  AND coalesce(e.basis, 'stated') IN $admit
UNWIND e.name_tokens AS token
WITH token, collect(e) AS holders
UNWIND holders AS e
WITH e, collect({token: token, held_by: size(holders)}) AS counted
WITH e, size(counted) AS n, counted
UNWIND counted AS c
WITH e, n, c.token AS token,
     size([d IN counted WHERE d.held_by < c.held_by OR (d.held_by = c.held_by AND d.token < c.token)]) AS rank
WHERE rank < n - toInteger(ceil($threshold * n - 0.000001)) + 1
WITH 'token:' + token AS grouping, e.type AS type, collect(e) AS names
WITH grouping, collect({type: type, names: names}) AS by_level
WHERE size(by_level) > 1
WITH collect(by_level) AS groups
CALL () {
  MATCH (e:Element)
  WHERE e.type IN $levels AND coalesce(e.name_key, '') <> ''
    AND coalesce(e.basis, 'stated') IN $admit
  WITH e.name_key AS key, e.type AS type, collect(e) AS names
  WITH key, collect({type: type, names: names}) AS by_level
  WHERE size(by_level) > 1
  RETURN collect(by_level) AS keyed
}
UNWIND groups + keyed AS by_level
UNWIND by_level AS upper
UNWIND by_level AS lower
WITH upper, lower,
     [i IN range(0, size($levels) - 1) WHERE $levels[i] = upper.type][0] AS level_a,
     [i IN range(0, size($levels) - 1) WHERE $levels[i] = lower.type][0] AS level_b
WHERE level_a < level_b
UNWIND upper.names AS a
UNWIND lower.names AS b
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
