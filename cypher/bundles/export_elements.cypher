// name: export_elements
// question: Every element with all its stored properties (for export), by type and id.
// params: none
MATCH (e:Element)
RETURN properties(e) AS props
ORDER BY e.type, e.id
