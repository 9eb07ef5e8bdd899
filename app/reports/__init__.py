"""Reports written from the graph: the linkage report (`linkage.py`)."""
