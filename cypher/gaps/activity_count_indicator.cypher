// id: activity_count_indicator
// severity: info
// title: Outcome indicator that counts activities or participation
// why: An outcome indicator should show a change in results; counts of meetings, participants, contributions, downloads, workshops, events or positions held measure activity and, as the TSAG liaison statement says of the Bridging the standardization gap indicators, seem more appropriate to the evaluation of the operational plans.
// fix: Keep the count as an output indicator of the operational plan and measure the outcome by the change it aims at (for example adoption or application of standards).
// params: count_phrases (list of string) - wordings that start a count, e.g. 'total number of';
//   activity_words (list of string) - words naming activities or participation, e.g. 'meetings';
//   both default to the lists in app/gaps/wording.py.
// An outcome indicator is one that measures an Outcome or has kind 'outcome'. Indicators of
// kind 'output' on an outcome are reported by output_indicator_on_outcome instead.
MATCH (i:Element)
WHERE i.type = 'Indicator' AND coalesce(i.basis, 'stated') IN $admit
  AND coalesce(i.kind, '') <> 'output'
  AND (i.kind = 'outcome' OR EXISTS { (o:Outcome)-[m:MEASURED_BY]->(i) WHERE coalesce(m.basis, 'stated') IN $admit AND coalesce(o.basis, 'stated') IN $admit })
WITH i, toLower(i.name) AS wording
WHERE any(p IN $count_phrases WHERE wording CONTAINS p)
WITH i, [w IN $activity_words WHERE wording CONTAINS w] AS words
WHERE words <> []
CALL (i) {
  MATCH (o:Outcome)-[m:MEASURED_BY]->(i)
  WHERE coalesce(m.basis, 'stated') IN $admit AND coalesce(o.basis, 'stated') IN $admit
  WITH o ORDER BY o.id
  RETURN collect({id: o.id, code: o.code, name: o.name, type: o.type}) AS outcomes
}
RETURN [{id: i.id, code: i.code, name: i.name, type: i.type}] + outcomes AS elements,
       null AS subject,
       'Outcome indicator "' + i.name + '" counts ' + reduce(s = '', w IN words | s + CASE WHEN s = '' THEN '' ELSE ', ' END + w) +
         ': a measure of activity, better placed in the evaluation of the operational plans.' AS message,
       {matched_words: words, measures: outcomes} AS evidence
ORDER BY i.id
