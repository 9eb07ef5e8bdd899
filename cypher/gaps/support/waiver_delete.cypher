// name: gaps/support/waiver_delete
// question: Remove the waiver of one finding.
// params: key (string) - the finding key.
MATCH (w:Waiver {id: $key})
DELETE w
RETURN count(*) AS deleted
