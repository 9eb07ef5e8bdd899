// name: record_events
// question: Record change events (who changed which element or link, when, before and
//   after) for one batch of writes.
// params: events (list of {id, seq, element_id, other_id, link_key, action, who, via, at,
//   before, after}) - before/after are JSON strings (absent for a create / a delete)
UNWIND $events AS event
CREATE (c:ChangeEvent)
SET c = event
RETURN count(c) AS recorded
