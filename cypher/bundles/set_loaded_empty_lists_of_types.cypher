// name: set_loaded_empty_lists_of_types
// question: Give the elements of some types that Neo4j's offline importer wrote
//   (`rbmtrace import --bulk`) the empty list a CSV cell cannot carry (an empty cell writes
//   no property), as the online import stores it, in one scan of the elements committed in
//   batches: used for the types every loaded element of which has the property, so that
//   one missing it is one whose list is empty. Runs in an auto-commit transaction.
// params: types (list of strings) - element types of the metamodel; property (string) -
//   the property's name; props (map) - {property: []}; batch (integer) - elements per
//   transaction
MATCH (e:Element)
WHERE e.type IN $types AND e[$property] IS NULL
CALL (e) {
  SET e += $props
} IN TRANSACTIONS OF $batch ROWS
RETURN count(e) AS written
