// name: matrix_up
// question: For each element of the row type, which elements of a column type further
//   up the results chain does it reach, and in how many links at the fewest?
// params: rows (string) - row element type, e.g. "Output"; cols (string) - column
//   element type, higher in the chain, e.g. "ThematicPriority"; max_depth (integer, at
//   most 12) - longest path, in links; after (string) - the last row id of the previous
//   page ('' for the first page); limit (integer) - rows per page.
MATCH (row:Element)
WHERE row.type = $rows AND row.id > $after
WITH row
ORDER BY row.id
LIMIT $limit
CALL (row) {
  OPTIONAL MATCH p = (row)
    ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
      WHERE CASE type(r) WHEN 'PART_OF' THEN startNode(r) = a ELSE endNode(r) = a END){1,12}
    (col:Element)
  WHERE col.type = $cols AND length(p) <= $max_depth
  WITH col, min(length(p)) AS path_length
  ORDER BY col.id
  RETURN collect(CASE WHEN col IS NULL THEN null
                      ELSE col {.id, .code, .name, .type, path_length: path_length} END) AS cells
}
RETURN row {.id, .code, .name, .type} AS row, cells
ORDER BY row.id
