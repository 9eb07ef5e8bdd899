// name: delete_created_links
// question: Undo part of a failed staged import: delete the links it created, only those
//   that still carry its stamp. Each link is found among the links of whichever end has
//   fewer (see create_links).
// params: rows (list of {from, type, to, ...}) - link rows the import created; import_id
//   (string) - the import's id
UNWIND $rows AS row
MATCH (a:Element {id: row.from})
MATCH (b:Element {id: row.to})
WITH row, CASE
    WHEN COUNT { (a)-->() } <= COUNT { (b)<--() }
      THEN [x IN COLLECT { MATCH (a)-[x]->() WHERE type(x) = row.type RETURN x }
            WHERE endNode(x) = b]
    ELSE [x IN COLLECT { MATCH (b)<-[x]-() WHERE type(x) = row.type RETURN x }
          WHERE startNode(x) = a]
  END AS found
UNWIND found AS r
WITH r
WHERE r.import_id = $import_id
DELETE r
RETURN count(*) AS deleted
