"""Elements: resolving references, listing and reading them (and writing, `writes.py`)."""
