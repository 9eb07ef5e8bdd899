// name: create_elements
// question: Create elements that are not stored yet, from one batch of rows (an import has
//   checked in the same transaction that none of these ids exists).
// params: rows (list of {id, type, props}) - props holds every stored property, id included;
//   type is an element type of the metamodel (checked before this runs).
UNWIND $rows AS row
CREATE (e:Element:$(row.type))
SET e = row.props
RETURN count(e) AS written
