// id: cost_object_without_amount
// severity: warning
// title: Cost object with no amount (unknown budget)
// why: Bottom-up budgeting integrates resources with outputs; an internal order without an amount leaves the budget of the outputs it funds unknown, so no total above them can be stated.
// fix: Record the internal order's amount and currency (CostObject.amount, CostObject.currency).
// params: none.
MATCH (c:Element)
WHERE c.type = 'CostObject' AND c.amount IS NULL AND coalesce(c.basis, 'stated') IN $admit
CALL (c) {
  MATCH (o:Output|Activity)-[f:FUNDED_BY]->(c)
  WHERE coalesce(f.basis, 'stated') IN $admit AND coalesce(o.basis, 'stated') IN $admit
  WITH o ORDER BY o.type DESC, o.id
  RETURN collect({id: o.id, code: o.code, name: o.name, type: o.type}) AS outputs
}
RETURN [{id: c.id, code: c.code, name: c.name, type: c.type}] + outputs AS elements,
       null AS subject,
       'Cost object "' + c.name + '" has no amount' +
         CASE WHEN outputs = [] THEN '.'
              ELSE ': the budget of ' +
                   reduce(s = '', x IN outputs | s + CASE WHEN s = '' THEN '' ELSE ', ' END + toLower(x.type) + ' "' + x.name + '"') +
                   ' is unknown.'
         END AS message,
       {missing: 'CostObject.amount', funds: outputs} AS evidence
ORDER BY c.id
