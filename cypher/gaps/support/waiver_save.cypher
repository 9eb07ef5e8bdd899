// name: gaps/support/waiver_save
// question: Record (or replace) the waiver of one finding.
// params: waiver (map) - id (= the finding key), key, check, element_ids, reason, who,
//   created, expires (ISO date or null), fingerprint.
MERGE (w:Waiver {id: $waiver.id})
SET w = $waiver
RETURN w {.*} AS waiver
