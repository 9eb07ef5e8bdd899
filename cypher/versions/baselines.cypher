// name: baselines
// question: Which baselines are stored, newest first, with who made them and when?
// params: none
MATCH (b:Baseline)
RETURN properties(b) AS baseline
ORDER BY b.created_at DESC, b.name
