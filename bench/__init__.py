"""`make bench`: import, traversal and gap-analysis benchmarks against the raw-driver limit."""
