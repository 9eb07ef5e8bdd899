// name: indicator_values
// question: What are the targets and actuals, period by period, of these indicators?
// params: ids (list of strings, or null for every indicator) - indicator ids.
// One row: `indicators` lists, in id order, each indicator with what its status depends on
// and its values (totals and disaggregations), in order of period end. One row of lists,
// not a row per indicator, because that is far quicker to send: at 100k elements (25,000
// indicators) the driver took 1.0 s to read a row per indicator and 0.3 s to read the one
// row.
MATCH (i:Indicator)
WHERE $ids IS NULL OR i.id IN $ids
OPTIONAL MATCH (i)-[:HAS_VALUE]->(v:IndicatorValue)
WITH i, v
ORDER BY v.period_end, v.period_start, v.kind, v.dimension, v.dimension_value
WITH i,
     collect(v {.id, .kind, .period_start, .period_end, .value, .status, .dimension,
                .dimension_value, .comment}) AS values
ORDER BY i.id
RETURN collect({id: i.id, code: i.code, name: i.name, type: i.type, measure: i.measure,
                direction: i.direction, aggregation: i.aggregation, unit: i.unit,
                baseline: i.baseline, baseline_year: i.baseline_year, target: i.target,
                target_year: i.target_year, values: values}) AS indicators
