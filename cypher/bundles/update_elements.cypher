// name: update_elements
// question: Replace the properties of stored elements from one batch of rows (their type,
//   and so their labels, never change; the import stamp `import_id` is kept).
// params: rows (list of {id, type, props}) - props holds every stored property, id included
UNWIND $rows AS row
MATCH (e:Element {id: row.id})
WITH e, row, e.import_id AS stamp
SET e = row.props
SET e.import_id = stamp
RETURN count(e) AS written
