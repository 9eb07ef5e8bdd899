// name: reports/report_plans
// question: Which plans does the report cover, with their kind, period and source?
// params: plan_ids (list of string, or null) - only these plans; null for every plan.
MATCH (p:Plan)
WHERE $plan_ids IS NULL OR p.id IN $plan_ids
RETURN p.id AS id, p.code AS code, p.name AS name, p.kind AS kind,
       p.period_start AS period_start, p.period_end AS period_end,
       p.organisation AS organisation,
       p.source_document AS source_document, p.source_section AS source_section,
       p['basis'] AS basis, p['quote'] AS quote
ORDER BY CASE p.kind WHEN 'strategic' THEN 0 WHEN 'operational' THEN 1 WHEN 'financial' THEN 2 ELSE 3 END,
         coalesce(p.period_start, 0), p.id
