// id: priority_repeats_output_name
// severity: warning
// title: Thematic priority whose name repeats an output's name
// why: Thematic priorities and outputs sit at different levels of the results chain; as the TSAG liaison statement says of TP#2 (International numbering resources), a direct repetition between a thematic priority and an output of the operational plans confuses the relationship between them.
// fix: Reformulate the thematic priority as the area of work it pursues (or rename the output), so that the priority is not a copy of one of its deliverables.
// params: separators (list of string) - characters read as spaces; stop_words (list of
//   string) - words left out; threshold (number) - least token-set similarity reported;
//   stored_tokens (boolean) - use the `name_tokens` that writes store on priorities and
//   outputs (made with the default separators and stop words; pass false with others).
//   Defaults and the normalisation rules: app/gaps/similarity.py.
// Names are normalised (lower case; punctuation to spaces; stop words left out; plurals to
// the singular: -ies -> -y, -sses -> -ss, a final -s dropped except after s, u or i) and
// compared as token sets: similarity = |common tokens| / |all tokens| (Jaccard). Every pair
// at or above the threshold is found, without comparing every priority with every output
// and without a full-text candidate list (whose cost grows with the index for each
// priority): a set-similarity join with prefix filtering, linear in the names.
// A priority with n tokens and an output with m tokens need ceil(threshold * (n + m) /
// (1 + threshold)) common tokens, so the output holds at least one of any n - need + 1 of
// the priority's tokens (its prefix for size m). The priority's tokens are ranked rarest
// first (fewest priority names holding them; ties by the token), names are grouped by
// token, and a priority and an output of one group are compared only when the token lies
// in the priority's prefix for the output's size. Those candidates are compared exactly.
MATCH (tp:Element)
WHERE tp.type = 'ThematicPriority' AND tp.name IS NOT NULL
// 1. each priority's tokens, ranked rarest first; the ranks that can be in a prefix
WITH tp, toLower(tp.name) AS lower
WITH tp, CASE WHEN $stored_tokens AND tp.name_tokens IS NOT NULL THEN null ELSE
         [w IN split(CASE WHEN any(c IN $separators WHERE lower CONTAINS c)
                       THEN reduce(s = lower, c IN $separators | replace(s, c, ' ')) ELSE lower END, ' ')
        WHERE w <> '' AND NOT w IN $stop_words] END AS words
WITH tp, CASE WHEN words IS NULL THEN tp.name_tokens ELSE reduce(acc = [], t IN [w IN words |
       CASE WHEN size(w) > 4 AND w ENDS WITH 'ies' THEN left(w, size(w) - 3) + 'y'
            WHEN size(w) > 4 AND w ENDS WITH 'sses' THEN left(w, size(w) - 2)
            WHEN size(w) > 3 AND w ENDS WITH 's' AND NOT (w ENDS WITH 'ss' OR w ENDS WITH 'us' OR w ENDS WITH 'is')
              THEN left(w, size(w) - 1)
            ELSE w END] | CASE WHEN t IN acc THEN acc ELSE acc + t END) END AS tp_tokens
UNWIND tp_tokens AS token
WITH token, collect(tp) AS holders
UNWIND holders AS tp
WITH tp, collect({token: token, held_by: size(holders)}) AS counted
UNWIND counted AS c
WITH tp, size(counted) AS n, c.token AS token,
     size([d IN counted WHERE d.held_by < c.held_by OR (d.held_by = c.held_by AND d.token < c.token)]) AS rank
WHERE rank < n - toInteger(ceil($threshold * n - 0.000001)) + 1
WITH token, n, rank, collect(tp) AS names
WITH collect({token: token, n: n, rank: rank, names: names}) AS priorities
// 2. the outputs holding one of those tokens, grouped by token and their number of tokens
CALL (priorities) {
  WITH [p IN priorities | p.token] AS prefix_tokens
  MATCH (o:Element)
  WHERE o.type = 'Output' AND o.name IS NOT NULL
  WITH prefix_tokens, o, CASE WHEN $stored_tokens AND o.name_tokens IS NOT NULL THEN null ELSE toLower(o.name) END AS lower
  WITH prefix_tokens, o, CASE WHEN lower IS NULL THEN null ELSE
          [w IN split(CASE WHEN any(c IN $separators WHERE lower CONTAINS c)
                         THEN reduce(s = lower, c IN $separators | replace(s, c, ' ')) ELSE lower END, ' ')
          WHERE w <> '' AND NOT w IN $stop_words] END AS words
  WITH prefix_tokens, o, CASE WHEN words IS NULL THEN o.name_tokens ELSE reduce(acc = [], t IN [w IN words |
         CASE WHEN size(w) > 4 AND w ENDS WITH 'ies' THEN left(w, size(w) - 3) + 'y'
              WHEN size(w) > 4 AND w ENDS WITH 'sses' THEN left(w, size(w) - 2)
              WHEN size(w) > 3 AND w ENDS WITH 's' AND NOT (w ENDS WITH 'ss' OR w ENDS WITH 'us' OR w ENDS WITH 'is')
                THEN left(w, size(w) - 1)
              ELSE w END] | CASE WHEN t IN acc THEN acc ELSE acc + t END) END AS o_tokens
  UNWIND o_tokens AS token
  WITH o, size(o_tokens) AS m, token, prefix_tokens
  WHERE token IN prefix_tokens
  WITH token, m, collect(o) AS names
  RETURN collect({token: token, m: m, names: names}) AS outputs
}
// 3. groups of one token joined; candidates where the token is in the priority's prefix
UNWIND [p IN priorities | {token: p.token, priority: p}] + [q IN outputs | {token: q.token, output: q}] AS entry
WITH entry.token AS token, collect(entry.priority) AS ps, collect(entry.output) AS qs
WHERE ps <> [] AND qs <> []
UNWIND ps AS p
UNWIND qs AS q
WITH p, q
WHERE p.rank < p.n - toInteger(ceil($threshold * (p.n + q.m) / (1 + $threshold) - 0.000001)) + 1
UNWIND p.names AS tp
UNWIND q.names AS o
WITH DISTINCT tp, o
// 4. the candidates compared exactly
WITH o, tp, CASE WHEN $stored_tokens AND tp.name_tokens IS NOT NULL THEN null ELSE toLower(tp.name) END AS lower
WITH o, tp, CASE WHEN lower IS NULL THEN null ELSE
        [w IN split(CASE WHEN any(c IN $separators WHERE lower CONTAINS c)
                       THEN reduce(s = lower, c IN $separators | replace(s, c, ' ')) ELSE lower END, ' ')
        WHERE w <> '' AND NOT w IN $stop_words] END AS words
WITH o, tp, CASE WHEN words IS NULL THEN tp.name_tokens ELSE reduce(acc = [], t IN [w IN words |
       CASE WHEN size(w) > 4 AND w ENDS WITH 'ies' THEN left(w, size(w) - 3) + 'y'
            WHEN size(w) > 4 AND w ENDS WITH 'sses' THEN left(w, size(w) - 2)
            WHEN size(w) > 3 AND w ENDS WITH 's' AND NOT (w ENDS WITH 'ss' OR w ENDS WITH 'us' OR w ENDS WITH 'is')
              THEN left(w, size(w) - 1)
            ELSE w END] | CASE WHEN t IN acc THEN acc ELSE acc + t END) END AS tp_tokens
WITH tp, tp_tokens, o, CASE WHEN $stored_tokens AND o.name_tokens IS NOT NULL THEN null ELSE toLower(o.name) END AS lower
WITH tp, tp_tokens, o, CASE WHEN lower IS NULL THEN null ELSE
        [w IN split(CASE WHEN any(c IN $separators WHERE lower CONTAINS c)
                       THEN reduce(s = lower, c IN $separators | replace(s, c, ' ')) ELSE lower END, ' ')
        WHERE w <> '' AND NOT w IN $stop_words] END AS words
WITH tp, tp_tokens, o, CASE WHEN words IS NULL THEN o.name_tokens ELSE reduce(acc = [], t IN [w IN words |
       CASE WHEN size(w) > 4 AND w ENDS WITH 'ies' THEN left(w, size(w) - 3) + 'y'
            WHEN size(w) > 4 AND w ENDS WITH 'sses' THEN left(w, size(w) - 2)
            WHEN size(w) > 3 AND w ENDS WITH 's' AND NOT (w ENDS WITH 'ss' OR w ENDS WITH 'us' OR w ENDS WITH 'is')
              THEN left(w, size(w) - 1)
            ELSE w END] | CASE WHEN t IN acc THEN acc ELSE acc + t END) END AS o_tokens
WITH tp, o, tp_tokens, o_tokens, [t IN tp_tokens WHERE t IN o_tokens] AS common
WITH tp, o, tp_tokens, o_tokens, common,
     toFloat(size(common)) / (size(tp_tokens) + size(o_tokens) - size(common)) AS similarity
WHERE similarity >= $threshold
RETURN [{id: tp.id, code: tp.code, name: tp.name, type: tp.type}, {id: o.id, code: o.code, name: o.name, type: o.type}] AS elements,
       null AS subject,
       'Thematic priority ' + coalesce(tp.code + ' ', '') + '"' + tp.name + '" repeats the name of the output "' + o.name + '"' +
         CASE WHEN similarity = 1.0 THEN '.' ELSE ' (similarity ' + toString(round(similarity, 2)) + ').' END AS message,
       {similarity: similarity, priority_tokens: tp_tokens, output_tokens: o_tokens, common_tokens: common, threshold: $threshold} AS evidence
ORDER BY tp.id, o.id
