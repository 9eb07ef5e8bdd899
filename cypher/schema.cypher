// name: schema
// question: Which constraints and indexes does RBM Trace need? Applied idempotently at
//   start-up and by `rbmtrace schema apply`; safe to run by hand in Neo4j Browser.
// params: none
//
// Every planning element carries the label :Element besides its type label
// (:Mission, :Goal, :Output ...), so one constraint covers the ids of all types.

CREATE CONSTRAINT element_id_unique IF NOT EXISTS
FOR (e:Element) REQUIRE e.id IS UNIQUE;

CREATE INDEX element_code IF NOT EXISTS
FOR (e:Element) ON (e.code);

// Normalised code of an element, in lower case with punctuation removed: "TP#2", "tp-2"
// and "TP2" all become "tp2" (see app/bundles/store.py).
CREATE INDEX element_code_key IF NOT EXISTS
FOR (e:Element) ON (e.code_key);

CREATE INDEX element_type IF NOT EXISTS
FOR (e:Element) ON (e.type);

CREATE FULLTEXT INDEX element_text IF NOT EXISTS
FOR (e:Element) ON EACH [e.name, e.aliases_text, e.code];

CREATE CONSTRAINT change_event_id_unique IF NOT EXISTS
FOR (c:ChangeEvent) REQUIRE c.id IS UNIQUE;

CREATE INDEX change_event_element IF NOT EXISTS
FOR (c:ChangeEvent) ON (c.element_id);

CREATE CONSTRAINT waiver_id_unique IF NOT EXISTS
FOR (w:Waiver) REQUIRE w.id IS UNIQUE;

CREATE CONSTRAINT baseline_name_unique IF NOT EXISTS
FOR (b:Baseline) REQUIRE b.name IS UNIQUE;

CREATE INDEX baseline_chunk_baseline IF NOT EXISTS
FOR (c:BaselineChunk) ON (c.baseline);
