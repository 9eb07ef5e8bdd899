// id: shares_exceed_one
// severity: error
// title: Shares adding up to more than 1
// why: A share is the fraction of an output attributed to an outcome (DELIVERED_BY), or of a cost object going to an output (FUNDED_BY); shares above 1 in total count the same money or work twice and inflate every roll-up above them.
// fix: Correct the shares on the element's links so that they add up to 1.
// params: tolerance (number, default 0.000001) - rounding allowed in the sum.
// The shares of an output are on its incoming DELIVERED_BY links; those of a cost object on
// its incoming FUNDED_BY links. Links without a share are not counted here.
CALL () {
  MATCH (x:Output)<-[r:DELIVERED_BY]-(y:Element)
  WHERE coalesce(x.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit AND coalesce(y.basis, 'stated') IN $admit
  AND r.share IS NOT NULL
  WITH x, sum(r.share) AS total
  WHERE total > 1 + coalesce($tolerance, 0.000001)
  RETURN x, 'DELIVERED_BY' AS rel, total
  UNION ALL
  MATCH (x:CostObject)<-[r:FUNDED_BY]-(y:Element)
  WHERE coalesce(x.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit AND coalesce(y.basis, 'stated') IN $admit
  AND r.share IS NOT NULL
  WITH x, sum(r.share) AS total
  WHERE total > 1 + coalesce($tolerance, 0.000001)
  RETURN x, 'FUNDED_BY' AS rel, total
}
// the links, for the evidence, of these few elements only
CALL (x, rel) {
  MATCH (x)<-[r]-(from:Element)
  WHERE type(r) = rel AND coalesce(r.basis, 'stated') IN $admit AND coalesce(from.basis, 'stated') IN $admit AND r.share IS NOT NULL
  RETURN collect({from: {id: from.id, code: from.code, name: from.name, type: from.type}, share: r.share}) AS links
}
RETURN [{id: x.id, code: x.code, name: x.name, type: x.type}] AS elements,
       null AS subject,
       x.type + ' "' + x.name + '": the shares on its ' + rel + ' links add up to ' + toString(round(total, 4)) + ', more than 1.' AS message,
       {relationship: rel, total: total, links: links} AS evidence
ORDER BY x.id
