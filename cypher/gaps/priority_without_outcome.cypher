// id: priority_without_outcome
// severity: error
// title: Thematic priority with no outcome
// why: A thematic priority must say which results the organisation aims to achieve under it; without an outcome nothing can be delivered or measured for it.
// fix: Add the outcome(s) the priority aims at (ThematicPriority -HAS_OUTCOME-> Outcome).
// rule: ThematicPriority out HAS_OUTCOME
// through_parts: false
// message: has no outcome.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for HAS_OUTCOME.
