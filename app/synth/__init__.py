"""Synthetic plan bundles for benchmarks and tests: deterministic, seedable, with planted gaps.

`generate(elements=N, seed=S)` gives a bundle dict in the documented bundle format;
`synthesize(...)` gives the bundle together with the manifest of the gaps planted in it.
"""

from app.synth.bundle_json import write_bundle_json
from app.synth.synthetic_plan import (
    GAP_KINDS,
    GapManifest,
    SyntheticPlan,
    generate,
    synthesize,
)

__all__ = [
    "GAP_KINDS",
    "GapManifest",
    "SyntheticPlan",
    "generate",
    "synthesize",
    "write_bundle_json",
]
