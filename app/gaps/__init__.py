"""Gap analysis: the check catalogue (`cypher/gaps/`), the run, its findings and waivers."""
