// name: budget_cost_objects
// question: How many cost objects are there, and what do those that fund an output hold?
// params: none
// One row. A cost object funds something when an output or an activity is FUNDED_BY it;
// those that fund
// nothing are only counted (they are left out of the roll-up's total).
// `known` and `amounts` are parallel lists: the funded cost objects with an amount, and
// that amount. `unknown` lists the funded cost objects whose amount is not known (null),
// which are never counted as zero. `currencies` are those of the funded cost objects.
// Lists, not one row per cost object, because that is far quicker to send.
MATCH (c:CostObject)
WITH c, EXISTS { (c)<-[:FUNDED_BY]-(:Output|Activity) } AS funds
RETURN count(c) AS cost_objects,
       collect(CASE WHEN funds AND c.amount IS NOT NULL THEN c.id END) AS known,
       collect(CASE WHEN funds THEN c.amount END) AS amounts,
       collect(CASE WHEN funds AND c.amount IS NULL THEN c.id END) AS unknown,
       collect(DISTINCT CASE WHEN funds THEN c.currency END) AS currencies
