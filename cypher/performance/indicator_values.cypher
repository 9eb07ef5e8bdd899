// name: indicator_values
// question: What are the targets and actuals, period by period, of these indicators?
// params: ids (list of strings, or null for every indicator) - indicator ids.
// One row per indicator with what its status depends on and its values (totals and
// disaggregations), in order of period end.
MATCH (i:Indicator)
WHERE $ids IS NULL OR i.id IN $ids
OPTIONAL MATCH (i)-[:HAS_VALUE]->(v:IndicatorValue)
WITH i, v
ORDER BY v.period_end, v.period_start, v.kind, v.dimension, v.dimension_value
RETURN i.id AS id, i.code AS code, i.name AS name, i.type AS type, i.measure AS measure,
       i.direction AS direction, i.aggregation AS aggregation, i.unit AS unit,
       i.baseline AS baseline, i.baseline_year AS baseline_year, i.target AS target,
       i.target_year AS target_year,
       collect(v {.id, .kind, .period_start, .period_end, .value, .status, .dimension,
                  .dimension_value, .comment}) AS values
ORDER BY id
