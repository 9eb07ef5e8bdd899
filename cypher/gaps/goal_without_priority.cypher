// id: goal_without_priority
// severity: error
// title: Goal with no thematic priority
// why: A strategic goal is pursued through thematic priorities; a goal with none has no route to outcomes, outputs or budget.
// fix: Link the goal to the thematic priorities that pursue it (Goal -HAS_PRIORITY-> ThematicPriority).
// rule: Goal out HAS_PRIORITY
// through_parts: false
// message: is pursued through no thematic priority.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for HAS_PRIORITY.
