// name: delete_stamped_links
// question: Undo an interrupted import: delete (up to `limit` of) the links it created.
// params: import_id (string); limit (integer)
MATCH (:Element)-[r]->(:Element)
WHERE r.import_id = $import_id
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
