// name: gaps/structural/missing_link
// question: Which elements of one type lack a required link of one relationship type, in
//   one direction, to elements of the types the metamodel allows at the other end?
// params: type (string) - element type of the subject, e.g. 'Output';
//   rel (string) - relationship type, e.g. 'DELIVERED_BY';
//   direction ('in' | 'out') - whether the subject is the link's end or its start;
//   other_types (list of string) - the types the metamodel allows at the other end;
//   through_parts (boolean) - also accept the link on an element that is PART_OF the
//   subject (an outcome delivered or measured through its breakdown);
//   message (string) - what is wrong, appended to the element's name;
//   missing (string) - the missing link, as a pattern, for the evidence.
// The link is looked for on the element itself first, and through its parts only when
// through_parts is true; the other end's type is read from its label (every element
// carries its type's label), which needs no property read.
// In Neo4j Browser, e.g.:
//   :param {type: 'Output', rel: 'DELIVERED_BY', direction: 'in', other_types: ['Outcome'],
//           through_parts: false, message: 'serves no outcome.', missing: '(:Outcome)-[:DELIVERED_BY]->(this)'}
MATCH (e:Element)
WHERE e.type = $type
  AND NOT CASE $direction
            WHEN 'out' THEN EXISTS { (e)-[r]->(other:$any($other_types)) WHERE type(r) = $rel }
            ELSE EXISTS { (e)<-[r]-(other:$any($other_types)) WHERE type(r) = $rel } END
  AND NOT ($through_parts AND EXISTS {
    MATCH (e)<-[:PART_OF*1..6]-(part:Element)
    WHERE CASE $direction
            WHEN 'out' THEN EXISTS { (part)-[r]->(other:$any($other_types)) WHERE type(r) = $rel }
            ELSE EXISTS { (part)<-[r]-(other:$any($other_types)) WHERE type(r) = $rel } END
  })
RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}] AS elements,
       null AS subject,
       e.type + ' ' + coalesce(e.code + ' ', '') + '"' + e.name + '" ' + $message AS message,
       {missing: $missing} AS evidence
ORDER BY e.id
