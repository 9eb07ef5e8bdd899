// name: gaps/support/waiver_delete
// question: Remove the waiver of one finding, if the caller may: the person who gave it,
//   or anyone when `anyone` is true (an admin, or the CLI).
// params: key (string) - the finding key; who (string) - the caller's name;
//   anyone (boolean) - whether the caller may withdraw another person's waiver.
// One row: whether the waiver exists, who gave it, and whether it was deleted.
OPTIONAL MATCH (w:Waiver {id: $key})
WITH w, w.who AS owner, w IS NOT NULL AND ($anyone OR w.who = $who) AS allowed
FOREACH (x IN CASE WHEN allowed THEN [w] ELSE [] END | DELETE x)
RETURN owner IS NOT NULL OR allowed AS found, owner, allowed AS deleted
