// id: output_serves_no_outcome
// severity: error
// title: Output serving no outcome
// why: The operational plan is not linked to the strategic plan: an output that no outcome is delivered by cannot show what result it contributes to, so its cost cannot be justified against the strategic plan.
// fix: Link the output to the outcome(s) it delivers (Outcome -DELIVERED_BY-> Output), or remove the output from the operational plan.
// rule: Output in DELIVERED_BY
// through_parts: false
// message: serves no outcome: no outcome has a DELIVERED_BY link to it.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for DELIVERED_BY.
