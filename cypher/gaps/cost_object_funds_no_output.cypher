// id: cost_object_funds_no_output
// severity: warning
// title: Cost object funding no output or activity
// why: Budget that funds no output or activity cannot be traced to any result: bottom-up budgeting needs every internal order to represent an output (or an activity that realises one).
// fix: Link the cost object to the output(s) or activities it funds (Output|Activity -FUNDED_BY-> CostObject), or close it.
// rule: CostObject in FUNDED_BY
// through_parts: false
// message: funds no output or activity.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for FUNDED_BY.
