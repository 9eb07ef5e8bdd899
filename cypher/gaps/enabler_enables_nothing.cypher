// id: enabler_enables_nothing
// severity: warning
// title: Enabler that enables nothing
// why: An enabler is only a key enabler of success if some priority, outcome or output depends on it; otherwise its place in the results framework is unexplained.
// fix: Link the priorities, outcomes or outputs that depend on the enabler (-ENABLED_BY-> Enabler), or remove it.
// rule: Enabler in ENABLED_BY
// through_parts: false
// message: enables no thematic priority, outcome or output.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for ENABLED_BY.
