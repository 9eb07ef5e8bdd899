// name: budget_elements_of_type
// question: Which elements of this type get a line in the budget roll-up?
// params: type (string) - Output, Outcome, ThematicPriority, Goal or Mission.
// One row: `elements` lists [id, code, name] of each element of the type, in id order
// (a list, not one row per element, because that is far quicker to send).
MATCH (e:Element)
WHERE e.type = $type
WITH e
ORDER BY e.id
RETURN collect([e.id, e.code, e.name]) AS elements
