"""Traversals of the results chain: outputs serving a priority, traces, impact of removal,
the trace matrix, the budget roll-up and graph views. Plain functions taking a `Graph`,
shared by the API, the CLI and the tests; their Cypher lives in `cypher/queries/`."""
