"""RBM Trace: traceability of results-based management plans, backed by Neo4j."""

from pathlib import Path

__version__ = "0.1.0"

#: The checkout (or image) root: `cypher/` and `seed/` live beside the `app/` package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
