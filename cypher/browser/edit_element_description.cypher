// name: edit_element_description
// question: Change the description of one element, by hand, in Neo4j Browser.
// params: id (string) - element id; description (string) - the new description.
// An edit made here is NOT validated and NOT recorded in the element's history: RBM Trace
// records who changed what only for edits made through it (PATCH /api/v1/elements/{ref}
// with an editor key, or `rbmtrace import`). The description feeds no derived property, so
// this edit leaves references, name search and gap checks consistent; never SET a name,
// code or aliases here (their search keys are derived by RBM Trace when it writes them).
MATCH (e:Element {id: $id})
SET e.description = $description
RETURN e.id AS id, e.name AS name, e.description AS description
