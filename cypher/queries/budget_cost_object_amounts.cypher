// name: budget_cost_object_amounts
// question: What do these cost objects hold?
// params: ids (list of string) - cost object ids (those a `budget_chain_links_below` row
//   of FUNDED_BY links names).
// One row, shaped as the `known`, `amounts` and `unknown` of `budget_cost_objects`, for
// the cost objects asked for only: `known` and `amounts` are parallel lists (the cost
// objects with an amount, and that amount), `unknown` those whose amount is not known.
// Found by id through the unique index on `Element.id` (not by scanning the cost objects).
MATCH (c:Element)
WHERE c.id IN $ids AND c:CostObject
RETURN collect(CASE WHEN c.amount IS NOT NULL THEN c.id END) AS known,
       collect(c.amount) AS amounts,
       collect(CASE WHEN c.amount IS NULL THEN c.id END) AS unknown
