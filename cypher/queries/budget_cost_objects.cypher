// name: budget_cost_objects
// question: What does each cost object hold, and which outputs does it fund, with what
//   declared share?
// params: none
// `amount` is null when the budget figure is unknown. A cost object with an empty
// `funds` list funds nothing and is left out of the roll-up's total.
MATCH (c:Element)
WHERE c.type = 'CostObject'
RETURN c {.id, .code, .name, .amount, .currency} AS cost_object,
       [(c)<-[f:FUNDED_BY]-(o:Output) | {output: o.id, share: f.share}] AS funds
ORDER BY c.id
