// id: cost_object_funds_no_output
// severity: warning
// title: Cost object funding no output
// why: Budget that funds no output cannot be traced to any result: bottom-up budgeting needs every internal order to represent an output.
// fix: Link the cost object to the output(s) it funds (Output -FUNDED_BY-> CostObject), or close it.
// rule: CostObject in FUNDED_BY
// through_parts: false
// message: funds no output.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for FUNDED_BY.
