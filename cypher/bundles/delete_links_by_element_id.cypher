// name: delete_links_by_element_id
// question: Delete the relationships with these element ids (extra copies of a duplicated
//   link, chosen by app/bundles/link_duplicates.py).
// params: ids (list of strings) - relationship element ids
UNWIND $ids AS id
MATCH ()-[r]->()
WHERE elementId(r) = id
DELETE r
RETURN count(*) AS deleted
