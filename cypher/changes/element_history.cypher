// name: element_history
// question: What changed about this element, and who changed it: its own change events and
//   those of the links that start or end at it, oldest first.
// params: id (string) - the element's id
CALL () {
  MATCH (c:ChangeEvent {element_id: $id}) RETURN c
  UNION
  MATCH (c:ChangeEvent {other_id: $id}) RETURN c
}
RETURN properties(c) AS event
ORDER BY c.at, c.seq
