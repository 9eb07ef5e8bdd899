"""The gap engine on synthetic plans: it finds exactly the planted gaps, and nothing else."""

from __future__ import annotations

from collections import Counter

import pytest

from app.bundles.importer import import_bundle
from app.db.graph import Graph
from app.gaps.catalogue import check_ids
from app.gaps.engine import run_gaps
from app.gaps.findings import Finding
from app.synth import GAP_KINDS, synthesize
from tests.bundles.importing import options


def planted_signature(kind: str, entry: str) -> frozenset[str]:
    """The ids (or subject) a finding for this planted gap names."""
    if kind in ("period_mismatch", "chain_cycle"):
        return frozenset(part for part in entry.split(" ") if not part.startswith("-"))
    return frozenset({entry})


def finding_signature(kind: str, finding: Finding) -> frozenset[str]:
    ids = [e.id for e in finding.elements]
    if kind == "type_without_definition":
        return frozenset({finding.subject or ""})
    if kind in ("period_mismatch", "chain_cycle"):
        return frozenset(ids)
    if kind == "term_defined_twice":
        return frozenset(ids[1:])  # the first definition stays; the later one was planted
    return frozenset(ids[:1])


def test_the_manifest_names_its_kinds_by_the_check_ids() -> None:
    assert set(GAP_KINDS) == set(check_ids())


@pytest.mark.parametrize(("size", "seed"), [(1500, 3), (5000, 21)])
def test_the_engine_finds_exactly_what_was_planted(graph: Graph, size: int, seed: int) -> None:
    plan = synthesize(size, seed)
    import_bundle(graph, plan.bundle, options())
    findings = run_gaps(graph).findings
    found = Counter(f.check for f in findings)
    assert {k: found.get(k, 0) for k in GAP_KINDS} == plan.manifest.counts()
    for kind, entries in plan.manifest.planted.items():
        expected = sorted(sorted(planted_signature(kind, e)) for e in entries)
        actual = sorted(sorted(finding_signature(kind, f)) for f in findings if f.check == kind)
        assert actual == expected, kind
