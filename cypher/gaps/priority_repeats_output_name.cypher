// id: priority_repeats_output_name
// severity: warning
// title: Thematic priority whose name repeats an output's name
// why: Thematic priorities and outputs sit at different levels of the results chain; as the TSAG liaison statement says of TP#2 (International numbering resources), a direct repetition between a thematic priority and an output of the operational plans confuses the relationship between them.
// fix: Reformulate the thematic priority as the area of work it pursues (or rename the output), so that the priority is not a copy of one of its deliverables.
// params: separators (list of string) - characters read as spaces; stop_words (list of
//   string) - words left out; threshold (number) - least token-set similarity reported;
//   candidates (integer) - full-text hits examined per priority. Defaults and the
//   normalisation rules: app/gaps/similarity.py.
// Names are normalised (lower case; punctuation to spaces; stop words left out; plurals to
// the singular: -ies -> -y, -sses -> -ss, a final -s dropped except after s, u or i) and
// compared as token sets: similarity = |common tokens| / |all tokens| (Jaccard). Candidate
// outputs come from the full-text index `element_text` (no priority-by-output product): the
// best-ranked hits for the priority's words and their singular forms.
MATCH (tp:Element)
WHERE tp.type = 'ThematicPriority' AND tp.name IS NOT NULL
WITH tp, [w IN split(reduce(s = toLower(tp.name), c IN $separators | replace(s, c, ' ')), ' ')
          WHERE w <> '' AND NOT w IN $stop_words] AS words
WITH tp, words, [w IN words |
       CASE WHEN size(w) > 4 AND w ENDS WITH 'ies' THEN left(w, size(w) - 3) + 'y'
            WHEN size(w) > 4 AND w ENDS WITH 'sses' THEN left(w, size(w) - 2)
            WHEN size(w) > 3 AND w ENDS WITH 's' AND NOT (w ENDS WITH 'ss' OR w ENDS WITH 'us' OR w ENDS WITH 'is')
              THEN left(w, size(w) - 1)
            ELSE w END] AS stems
WHERE stems <> []
WITH tp, reduce(acc = [], t IN stems | CASE WHEN t IN acc THEN acc ELSE acc + t END) AS tp_tokens,
     'name:(' + reduce(q = '', w IN reduce(acc = [], x IN words + stems | CASE WHEN x IN acc THEN acc ELSE acc + x END) | q + CASE WHEN q = '' THEN '' ELSE ' OR ' END + w) + ')' AS lucene
CALL db.index.fulltext.queryNodes('element_text', lucene, {limit: $candidates}) YIELD node AS o
WITH tp, tp_tokens, o
WHERE o.type = 'Output' AND o.name IS NOT NULL
WITH tp, tp_tokens, o,
     [w IN split(reduce(s = toLower(o.name), c IN $separators | replace(s, c, ' ')), ' ')
      WHERE w <> '' AND NOT w IN $stop_words] AS words
WITH tp, tp_tokens, o, reduce(acc = [], t IN [w IN words |
       CASE WHEN size(w) > 4 AND w ENDS WITH 'ies' THEN left(w, size(w) - 3) + 'y'
            WHEN size(w) > 4 AND w ENDS WITH 'sses' THEN left(w, size(w) - 2)
            WHEN size(w) > 3 AND w ENDS WITH 's' AND NOT (w ENDS WITH 'ss' OR w ENDS WITH 'us' OR w ENDS WITH 'is')
              THEN left(w, size(w) - 1)
            ELSE w END] | CASE WHEN t IN acc THEN acc ELSE acc + t END) AS o_tokens
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
