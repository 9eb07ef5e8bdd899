// id: output_indicator_on_outcome
// severity: warning
// title: Output-level indicator measuring an outcome
// why: Outputs and outcomes are different levels of the results chain; an indicator of kind "output" placed on an outcome measures delivery, not the result, and belongs in the evaluation of the operational plans.
// fix: Move the indicator to the output it measures, or replace it with an indicator of the outcome's result (kind outcome).
// params: none.
MATCH (o:Element)-[m:MEASURED_BY]->(i:Element)
WHERE o.type = 'Outcome' AND i.kind = 'output' AND coalesce(o.basis, 'stated') IN $admit AND coalesce(m.basis, 'stated') IN $admit AND coalesce(i.basis, 'stated') IN $admit
RETURN [{id: i.id, code: i.code, name: i.name, type: i.type}, {id: o.id, code: o.code, name: o.name, type: o.type}] AS elements,
       null AS subject,
       'Indicator "' + i.name + '" is of kind output but measures the outcome "' + o.name + '".' AS message,
       {path: [{id: o.id, name: o.name, type: o.type}, 'MEASURED_BY', {id: i.id, name: i.name, type: i.type}], kind: i.kind} AS evidence
ORDER BY i.id, o.id
