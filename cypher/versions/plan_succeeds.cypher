// name: plan_succeeds
// question: Does the later plan SUCCEED the earlier one?
// params: earlier (string) - id of the earlier plan; later (string) - id of the later plan
MATCH (:Plan {id: $later})-[r:SUCCEEDS]->(:Plan {id: $earlier})
RETURN count(r) AS links
LIMIT 1
