// name: iati_plans
// question: Which plans are there, with their periods (one IATI activity each)?
// params: none
MATCH (p:Plan)
RETURN p.id AS id, p.name AS name, p.description AS description, p.kind AS kind,
       p.period_start AS period_start, p.period_end AS period_end,
       p.organisation AS organisation
ORDER BY id
