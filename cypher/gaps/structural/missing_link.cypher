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
//   missing (string) - the missing link, as a pattern, for the evidence;
//   admit (list of string) - the provenance bases relied on (an element or link with
//   no basis counts as stated): links and elements of other bases are not there.
// The link is looked for on the element itself first, and through its parts only when
// through_parts is true; the other end's type is read from its label (every element
// carries its type's label), which needs no property read.
// In Neo4j Browser, e.g.:
//   :param {type: 'Output', rel: 'DELIVERED_BY', direction: 'in', other_types: ['Outcome'],
//           through_parts: false, message: 'serves no outcome.', missing: '(:Outcome)-[:DELIVERED_BY]->(this)',
//           admit: ['stated', 'inferred', 'assumed']}
MATCH (e:Element)
WHERE e.type = $type
  AND coalesce(e.basis, 'stated') IN $admit
  AND NOT CASE $direction
            WHEN 'out' THEN EXISTS { (e)-[r]->(other:$any($other_types))
                                     WHERE type(r) = $rel AND coalesce(r.basis, 'stated') IN $admit
                                       AND coalesce(other.basis, 'stated') IN $admit }
            ELSE EXISTS { (e)<-[r]-(other:$any($other_types))
                          WHERE type(r) = $rel AND coalesce(r.basis, 'stated') IN $admit
                            AND coalesce(other.basis, 'stated') IN $admit } END
  AND NOT ($through_parts AND EXISTS {
    MATCH (e)<-[parts:PART_OF*1..6]-(part:Element)
    WHERE all(x IN parts WHERE coalesce(x.basis, 'stated') IN $admit
                              AND coalesce(startNode(x).basis, 'stated') IN $admit)
      AND CASE $direction
            WHEN 'out' THEN EXISTS { (part)-[r]->(other:$any($other_types))
                                     WHERE type(r) = $rel AND coalesce(r.basis, 'stated') IN $admit
                                       AND coalesce(other.basis, 'stated') IN $admit }
            ELSE EXISTS { (part)<-[r]-(other:$any($other_types))
                          WHERE type(r) = $rel AND coalesce(r.basis, 'stated') IN $admit
                            AND coalesce(other.basis, 'stated') IN $admit } END
  })
RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}] AS elements,
       null AS subject,
       e.type + ' ' + coalesce(e.code + ' ', '') + '"' + e.name + '" ' + $message AS message,
       {missing: $missing} AS evidence
ORDER BY e.id
