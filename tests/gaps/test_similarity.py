from __future__ import annotations

import pytest

from app.bundles.store import write_bundle
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.similarity import THRESHOLD, name_tokens, singular, token_set_similarity

PAIRS = [
    ("International numbering resources", "International numbering resources"),
    ("International Numbering Resources", "International numbering resource"),
    ("International numbering", "International numbering resources"),
    ("Management of international numbering resources", "International numbering resources"),
    ("Teacher-training programmes", "Teacher training programme"),
    ("Digital inclusion", "Digital inclusion awards and hackathons"),
    ("Enabling Environment", "Bridging the standardization gap"),
    ("Thematic priorities", "Thematic priority"),
]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("resources", "resource"), ("priorities", "priority"), ("process", "process"),
     ("status", "status"), ("analysis", "analysis"), ("classes", "class"), ("gas", "gas")],
)  # fmt: skip
def test_plurals_become_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_names_normalise_to_token_sets() -> None:
    assert name_tokens("The Bridging of the standardization gap!") == [
        "bridging", "standardization", "gap"
    ]  # fmt: skip
    assert token_set_similarity("International numbering", "International numbering resources") == (
        pytest.approx(2 / 3)
    )
    assert token_set_similarity("", "anything") == 0.0


def test_the_cypher_check_agrees_with_the_python_rules(graph: Graph) -> None:
    elements, links = [], []
    for n, (priority, output) in enumerate(PAIRS):
        elements += [
            {"id": f"tp{n}", "type": "ThematicPriority", "name": priority},
            {"id": f"op{n}", "type": "Output", "name": output},
        ]
    write_bundle(graph, {"elements": elements, "links": links})
    report = run_gaps(graph, check="priority_repeats_output_name")
    found = {tuple(e.id for e in f.elements): f.evidence["similarity"] for f in report.findings}
    expected = {
        (f"tp{a}", f"op{b}"): token_set_similarity(PAIRS[a][0], PAIRS[b][1])
        for a in range(len(PAIRS))
        for b in range(len(PAIRS))
        if token_set_similarity(PAIRS[a][0], PAIRS[b][1]) >= THRESHOLD
    }
    assert set(found) == set(expected)
    for pair, value in expected.items():
        assert found[pair] == pytest.approx(value)
    assert ("tp5", "op5") not in found  # one shared word of four is no repetition
