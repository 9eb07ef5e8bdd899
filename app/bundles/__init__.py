"""Plan bundles: the interchange format, its validation, import into and export from Neo4j."""
