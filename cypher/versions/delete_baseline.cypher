// name: delete_baseline
// question: Delete a baseline and its chunks; how many baselines were deleted (0 or 1)?
// params: baseline_name (string) - the baseline's name
OPTIONAL MATCH (c:BaselineChunk {baseline: $baseline_name})
DELETE c
WITH count(*) AS ignored
OPTIONAL MATCH (b:Baseline {name: $baseline_name})
DELETE b
RETURN count(b) AS deleted
