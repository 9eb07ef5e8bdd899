// name: gaps/support/waivers
// question: Which waivers have analysts recorded?
// params: none.
MATCH (w:Waiver)
RETURN w {.*} AS waiver
ORDER BY w.check, w.key
