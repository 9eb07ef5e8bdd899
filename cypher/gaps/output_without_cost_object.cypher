// id: output_without_cost_object
// severity: error
// title: Output with no cost object
// why: The financial plan is not linked: outputs are cost objects represented by internal orders, so an output without one has no budget in the cost-accounting system.
// fix: Link the internal order(s) that fund the output (Output -FUNDED_BY-> CostObject).
// rule: Output out FUNDED_BY
// through_parts: false
// message: has no cost object (internal order): its budget cannot be traced.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for FUNDED_BY.
