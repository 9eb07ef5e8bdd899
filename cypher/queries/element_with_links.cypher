// name: element_with_links
// question: What is this element, and which elements does it link to directly?
// params: id (string) - element id; limit (integer) - most links listed each way.
MATCH (e:Element {id: $id})
RETURN properties(e) AS element,
       COLLECT {
         MATCH (e)-[r]->(other:Element)
         RETURN {type: type(r), props: properties(r),
                 element: other {.id, .code, .name, .type}} AS link
         ORDER BY link.type, link.element.id
         LIMIT $limit
       } AS outgoing,
       COLLECT {
         MATCH (e)<-[r]-(other:Element)
         RETURN {type: type(r), props: properties(r),
                 element: other {.id, .code, .name, .type}} AS link
         ORDER BY link.type, link.element.id
         LIMIT $limit
       } AS incoming,
       COUNT { (e)-->(:Element) } AS outgoing_count,
       COUNT { (e)<--(:Element) } AS incoming_count
