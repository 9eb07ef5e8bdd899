// id: chain_cycle
// severity: error
// title: Cycle in the planning chain
// why: The planning chain runs one way, from the mission down to the budget, and lineage runs from one period to the next; a cycle (an outcome that is part of its own breakdown, a plan that succeeds itself) makes roll-ups and traces meaningless.
// fix: Remove the link that closes the cycle (the evidence lists the cycle in order).
// params: none.
// Every results-chain link goes from one type to a lower one (app.metamodel.RESULTS_CHAIN),
// so a cycle can only run through the links the metamodel allows between two elements of
// the same type: PART_OF and SUCCEEDS. Each cycle is reported once, from its smallest id,
// up to 12 links long.
MATCH (a:Element)-[:PART_OF|SUCCEEDS]->(:Element)
WHERE coalesce(a.basis, 'stated') IN $admit
WITH DISTINCT a
MATCH p = (a)-[:PART_OF|SUCCEEDS*1..12]->(a)
WITH a, p, nodes(p)[1..] AS ring
WHERE all(n IN ring WHERE a.id <= n.id AND coalesce(n.basis, 'stated') IN $admit)
  AND all(r IN relationships(p) WHERE coalesce(r.basis, 'stated') IN $admit)
  AND size(ring) = size(reduce(acc = [], n IN ring | CASE WHEN n IN acc THEN acc ELSE acc + n END))
WITH DISTINCT a, [n IN nodes(p)[0..-1] | n] AS cycle, [r IN relationships(p) | type(r)] AS rels
RETURN [n IN cycle | {id: n.id, code: n.code, name: n.name, type: n.type}] AS elements,
       null AS subject,
       'Cycle in the planning chain: ' +
         reduce(s = '', i IN range(0, size(cycle) - 1) | s + cycle[i].type + ' "' + cycle[i].name + '" -' + rels[i] + '-> ') +
         cycle[0].type + ' "' + cycle[0].name + '".' AS message,
       {path: [i IN range(0, size(cycle) - 1) | {id: cycle[i].id, name: cycle[i].name, type: cycle[i].type, then: rels[i]}] + [{id: cycle[0].id, name: cycle[0].name, type: cycle[0].type}]} AS evidence
ORDER BY a.id
