// name: baseline_chunks
// question: The compressed chunks of one part of a baseline (its bundle or its findings),
//   in order.
// params: baseline_name (string) - the baseline's name; part (string) - bundle or findings
MATCH (c:BaselineChunk {baseline: $baseline_name, part: $part})
RETURN c.data AS data
ORDER BY c.seq
