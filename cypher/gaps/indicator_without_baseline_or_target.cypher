// id: indicator_without_baseline_or_target
// severity: warning
// title: Indicator with no baseline or no target
// why: Progress can only be judged against a starting point and an aim: an indicator without a baseline or a target cannot show whether a result was achieved.
// fix: Record the indicator's baseline and target (with their years).
// params: none.
MATCH (i:Element)
WHERE i.type = 'Indicator' AND (i.baseline IS NULL OR i.target IS NULL) AND coalesce(i.measure, 'unit') <> 'qualitative' AND coalesce(i.basis, 'stated') IN $admit
WITH i, [f IN [CASE WHEN i.baseline IS NULL THEN 'baseline' END, CASE WHEN i.target IS NULL THEN 'target' END] WHERE f IS NOT NULL] AS missing
RETURN [{id: i.id, code: i.code, name: i.name, type: i.type}] AS elements,
       null AS subject,
       'Indicator "' + i.name + '" has no ' + reduce(s = '', f IN missing | s + CASE WHEN s = '' THEN '' ELSE ' and no ' END + f) + '.' AS message,
       {missing: [f IN missing | 'Indicator.' + f]} AS evidence
ORDER BY i.id
