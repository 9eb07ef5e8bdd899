// id: outcome_without_output
// severity: error
// title: Outcome that no output delivers
// why: An outcome with no output has no operational means: nothing in the operational plans (and so nothing in the budget) works towards it.
// fix: Link the output(s) that deliver the outcome (Outcome -DELIVERED_BY-> Output), directly or through a breakdown of the outcome (PART_OF).
// rule: Outcome out DELIVERED_BY
// through_parts: true
// message: is delivered by no output, neither directly nor through a breakdown (PART_OF).
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for DELIVERED_BY.
