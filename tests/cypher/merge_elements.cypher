// name: merge_elements
// question: Create or replace elements from one batch of rows.
// params: rows (list of {id, type, props}) - props holds every stored property, id included;
//   type is an element type of the metamodel (checked before this runs).
UNWIND $rows AS row
MERGE (e:Element {id: row.id})
SET e = row.props
SET e:$(row.type)
RETURN count(e) AS written
