// id: outcome_without_indicator
// severity: warning
// title: Outcome with no indicator
// why: Results-based management measures outcomes: an outcome with no indicator cannot be monitored or evaluated.
// fix: Add at least one outcome indicator (Outcome -MEASURED_BY-> Indicator) with a baseline and a target, directly or on a breakdown of the outcome.
// rule: Outcome out MEASURED_BY
// through_parts: true
// message: has no indicator, neither directly nor through a breakdown (PART_OF).
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for MEASURED_BY.
