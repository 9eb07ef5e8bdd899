// name: baseline
// question: The baseline of this name (who made it, when, its note and size), if any.
// params: baseline_name (string) - the baseline's name
MATCH (b:Baseline {name: $baseline_name})
RETURN properties(b) AS baseline
