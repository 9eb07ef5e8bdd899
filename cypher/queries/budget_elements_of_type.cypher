// name: budget_elements_of_type
// question: Which elements of this type get a line in the budget roll-up?
// params: type (string) - Output, Outcome, ThematicPriority, Goal or Mission.
MATCH (e:Element)
WHERE e.type = $type
RETURN e {.id, .code, .name, .type} AS element
ORDER BY e.id
