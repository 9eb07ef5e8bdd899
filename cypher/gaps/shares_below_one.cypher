// id: shares_below_one
// severity: warning
// title: Shares adding up to less than 1
// why: When every link of an output (DELIVERED_BY) or a cost object (FUNDED_BY) gives a share, they should account for all of it; a total below 1 leaves part of the output or the budget attributed to nothing.
// fix: Correct the shares so that they add up to 1, or add the missing link with the remaining share.
// params: tolerance (number, default 0.000001) - rounding allowed in the sum.
// Only where shares are given on all of the element's links: where some links give none,
// the remainder is split among those (an even split is assumed), which is not a gap.
CALL () {
  MATCH (x:Output)<-[r:DELIVERED_BY]-(y:Element)
  WHERE coalesce(x.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit AND coalesce(y.basis, 'stated') IN $admit
  WITH x, count(r) AS link_count, count(r.share) AS shared, sum(coalesce(r.share, 0.0)) AS total
  WHERE shared > 0 AND shared = link_count AND total < 1 - coalesce($tolerance, 0.000001)
  RETURN x, 'DELIVERED_BY' AS rel, total
  UNION ALL
  MATCH (x:CostObject)<-[r:FUNDED_BY]-(y:Element)
  WHERE coalesce(x.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit AND coalesce(y.basis, 'stated') IN $admit
  WITH x, count(r) AS link_count, count(r.share) AS shared, sum(coalesce(r.share, 0.0)) AS total
  WHERE shared > 0 AND shared = link_count AND total < 1 - coalesce($tolerance, 0.000001)
  RETURN x, 'FUNDED_BY' AS rel, total
}
// the links, for the evidence, of these few elements only
CALL (x, rel) {
  MATCH (x)<-[r]-(from:Element)
  WHERE type(r) = rel AND coalesce(r.basis, 'stated') IN $admit AND coalesce(from.basis, 'stated') IN $admit
  RETURN collect({from: {id: from.id, code: from.code, name: from.name, type: from.type}, share: r.share}) AS links
}
RETURN [{id: x.id, code: x.code, name: x.name, type: x.type}] AS elements,
       null AS subject,
       x.type + ' "' + x.name + '": the shares on its ' + rel + ' links add up to ' + toString(round(total, 4)) + ', less than 1.' AS message,
       {relationship: rel, total: total, links: links} AS evidence
ORDER BY x.id
