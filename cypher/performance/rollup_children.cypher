// name: rollup_children
// question: What does each outcome, thematic priority and goal roll its status up from?
// params: none
// One row: `elements` lists each outcome (its indicators, MEASURED_BY), thematic priority
// (its outcomes, HAS_OUTCOME) and goal (its priorities, HAS_PRIORITY), children as ids
// (a list in one row, not a row per element: far quicker to send).
CALL () {
  MATCH (o:Outcome)
  OPTIONAL MATCH (o)-[:MEASURED_BY]->(i:Indicator)
  RETURN 'Outcome' AS level, o.id AS id, o.code AS code, o.name AS name,
         collect(DISTINCT i.id) AS children
  UNION ALL
  MATCH (t:ThematicPriority)
  OPTIONAL MATCH (t)-[:HAS_OUTCOME]->(o:Outcome)
  RETURN 'ThematicPriority' AS level, t.id AS id, t.code AS code, t.name AS name,
         collect(DISTINCT o.id) AS children
  UNION ALL
  MATCH (g:Goal)
  OPTIONAL MATCH (g)-[:HAS_PRIORITY]->(t:ThematicPriority)
  RETURN 'Goal' AS level, g.id AS id, g.code AS code, g.name AS name,
         collect(DISTINCT t.id) AS children
}
RETURN collect({level: level, id: id, code: code, name: name, children: children}) AS elements
