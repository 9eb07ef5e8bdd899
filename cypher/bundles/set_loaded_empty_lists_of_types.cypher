// name: set_loaded_empty_lists_of_types
// question: Give the elements of some types that Neo4j's offline importer wrote
//   (`rbmtrace import --bulk`) the empty list a CSV cell cannot carry (an empty cell writes
//   no property), as the online import stores it, scanning the elements: used for the types
//   every loaded element of which has the property, so that one missing it is one whose
//   list is empty. At most `limit` elements a transaction: run it again until it writes
//   fewer (those written no longer match).
// params: types (list of strings) - element types of the metamodel; property (string) -
//   the property's name; props (map) - {property: []}; limit (integer) - elements at most
MATCH (e:Element)
WHERE e.type IN $types AND e[$property] IS NULL
WITH e LIMIT $limit
SET e += $props
RETURN count(e) AS written
