// name: update_elements
// question: Replace the properties of stored elements from one batch of rows (their type,
//   and so their labels, never change).
// params: rows (list of {id, type, props}) - props holds every stored property, id included
UNWIND $rows AS row
MATCH (e:Element {id: row.id})
SET e = row.props
RETURN count(e) AS written
