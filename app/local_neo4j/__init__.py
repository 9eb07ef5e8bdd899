"""The locally managed Neo4j Community server used when no `NEO4J_URI` is given."""
