// name: events_by_id
// question: The change events with these ids (e.g. the imports that created an element).
// params: ids (list of strings) - change event ids
MATCH (c:ChangeEvent)
WHERE c.id IN $ids
RETURN properties(c) AS event
