// name: count_by_type
// question: How many elements of each type are loaded (the explorer's overview)?
// params: none
// notes: reads the `type` index only; a few hundred ms at 1M elements.
MATCH (e:Element)
WHERE e.type IS NOT NULL
RETURN e.type AS type, count(*) AS elements
ORDER BY type
