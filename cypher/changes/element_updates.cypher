// name: element_updates
// question: Which edits changed these elements' own fields (not their links), oldest first?
// params: ids (list of strings) - element ids
// The `update` events of the elements themselves, as `element_history` lists them (a link's
// events carry its `link_key`): read for many elements at once, through the index on
// `element_id`.
MATCH (c:ChangeEvent)
WHERE c.element_id IN $ids AND c.action = 'update' AND c.link_key IS NULL
RETURN properties(c) AS event
ORDER BY c.at, c.seq
