// name: set_loaded_empty_lists
// question: Give elements that Neo4j's offline importer wrote (`rbmtrace import --bulk`)
//   the empty lists a CSV cell cannot carry (an empty cell writes no property), as the
//   online import stores them.
// params: ids (list of element ids) - elements of one batch, each with these empty lists;
//   props (map) - {property name: []}, names from the metamodel (the plan's rows)
UNWIND $ids AS id
MATCH (e:Element {id: id})
SET e += $props
RETURN count(e) AS written
