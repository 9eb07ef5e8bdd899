// name: set_loaded_empty_lists_of_type
// question: Give the elements of one type that Neo4j's offline importer wrote
//   (`rbmtrace import --bulk`) the empty list a CSV cell cannot carry (an empty cell writes
//   no property), as the online import stores it, in one pass over the type: used when
//   every loaded element of that type has the property, so that one missing it is one
//   whose list is empty.
// params: type (string) - an element type of the metamodel; property (string) - its name;
//   props (map) - {property: []}
MATCH (e:Element)
WHERE e.type = $type AND e[$property] IS NULL
SET e += $props
RETURN count(e) AS written
