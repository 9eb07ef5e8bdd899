// name: create_baseline
// question: Store a baseline: its description node and the compressed chunks of its
//   snapshot (the export bundle and the findings at creation time).
// params: baseline (map: name, note, created_by, created_at, elements, links,
//   open_findings, bytes, snapshot_id) - the `:Baseline` node's properties (snapshot_id:
//   a random UUID, new for each baseline); chunks (list of {part,
//   seq, data}) - `part` is bundle or findings, `seq` the order, `data` gzip bytes.
// Neither label is `:Element`, and chunks have no relationships, so no traversal, gap
// check, count of links, overview or export ever sees a baseline. The unique constraint
// on `:Baseline(name)` refuses a second baseline of the same name.
CREATE (b:Baseline)
SET b = $baseline
WITH b
UNWIND $chunks AS chunk
CREATE (c:BaselineChunk {baseline: b.name, part: chunk.part, seq: chunk.seq, data: chunk.data})
RETURN count(c) AS chunks
