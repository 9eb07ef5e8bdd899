from __future__ import annotations

import random

import pytest

from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.similarity import THRESHOLD, token_set_similarity
from app.lookup_keys import name_tokens, singular
from tests.merge_bundle import write_bundle

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

#: Worked out by hand from the rules in app/gaps/similarity.py. Token sets: outputs 0-3 are
#: all {international, numbering, resource}; priorities 0 and 1 are that set too (case,
#: plural); 2 is {international, numbering}: 2/3; 3 adds "management" ("of" is a stop
#: word): 3/4; 4 and output 4 are both {teacher, training, programme} (hyphen, plural);
#: 5 {digital, inclusion} against {digital, inclusion, award, hackathon} is 2/4, below 0.6;
#: 6 shares nothing with output 6; 7 and output 7 are {thematic, priority}. Every other
#: pair shares no token.
INR_OUTPUTS = ("op0", "op1", "op2", "op3")
EXPECTED_PAIRS = {
    **{("tp0", op): 1.0 for op in INR_OUTPUTS},
    **{("tp1", op): 1.0 for op in INR_OUTPUTS},
    **{("tp2", op): 2 / 3 for op in INR_OUTPUTS},
    **{("tp3", op): 3 / 4 for op in INR_OUTPUTS},
    ("tp4", "op4"): 1.0,
    ("tp7", "op7"): 1.0,
}


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


def forget_some_stored_tokens(graph: Graph, which: str) -> None:
    """Exercise the check's own tokenising in Cypher: drop the stored `name_tokens` of
    every element ("all") or of every other one ("some"), as for data written before
    writes stored them."""
    if which == "all":
        graph.run("MATCH (e:Element) REMOVE e.name_tokens", {}, write=True)
    elif which == "some":
        graph.run(
            "MATCH (e:Element) WHERE toInteger(right(e.id, 1)) % 2 = 0 REMOVE e.name_tokens",
            {},
            write=True,
        )


STORED = pytest.mark.parametrize("forgotten", ["none", "some", "all"])


@STORED
def test_the_cypher_check_agrees_with_the_python_rules(graph: Graph, forgotten: str) -> None:
    elements, links = [], []
    for n, (priority, output) in enumerate(PAIRS):
        elements += [
            {"id": f"tp{n}", "type": "ThematicPriority", "name": priority},
            {"id": f"op{n}", "type": "Output", "name": output},
        ]
    write_bundle(graph, {"elements": elements, "links": links})
    forget_some_stored_tokens(graph, forgotten)
    report = run_gaps(graph, check="priority_repeats_output_name")
    found = {tuple(e.id for e in f.elements): f.evidence["similarity"] for f in report.findings}
    assert set(found) == set(EXPECTED_PAIRS)
    for pair, value in EXPECTED_PAIRS.items():
        assert found[pair] == pytest.approx(value)
    assert ("tp5", "op5") not in found  # one shared word of four is no repetition
    for a, (priority, _) in enumerate(PAIRS):  # and the Python rules give the same pairs
        for b, (_, output) in enumerate(PAIRS):
            value = token_set_similarity(priority, output)
            assert value == pytest.approx(EXPECTED_PAIRS.get((f"tp{a}", f"op{b}"), value))
            assert (value >= THRESHOLD) == ((f"tp{a}", f"op{b}") in EXPECTED_PAIRS)


@STORED
def test_every_pair_at_the_threshold_is_found_however_common_its_words(
    graph: Graph, forgotten: str
) -> None:
    """The join's prefix filter (by the priority's rarest tokens and the output's size) loses
    no pair: all pairs of many names over a small vocabulary (rare and common words,
    plurals, stop words, repeats) against every pair compared in Python."""
    rng = random.Random(7)
    common = ["digital", "services", "network", "networks", "standard", "report"]
    rare = [f"w{n}" for n in range(12)]

    def name() -> str:
        words = rng.choices(common, k=rng.randint(0, 3)) + rng.choices(rare, k=rng.randint(0, 3))
        words += rng.choices(["of", "the", "and"], k=rng.randint(0, 1))
        rng.shuffle(words)
        return " ".join(words).title() or "The"

    priorities = [name() for _ in range(40)]
    outputs = [name() for _ in range(120)]
    elements = [
        {"id": f"tp{n}", "type": "ThematicPriority", "name": text}
        for n, text in enumerate(priorities)
    ] + [{"id": f"op{n}", "type": "Output", "name": text} for n, text in enumerate(outputs)]
    write_bundle(graph, {"elements": elements, "links": []})
    forget_some_stored_tokens(graph, forgotten)
    report = run_gaps(graph, check="priority_repeats_output_name")
    found = {tuple(e.id for e in f.elements) for f in report.findings}
    expected = {
        (f"tp{a}", f"op{b}")
        for a, first in enumerate(priorities)
        for b, second in enumerate(outputs)
        if token_set_similarity(first, second) >= THRESHOLD
    }
    assert len(expected) > 20  # the case exercises the join, not an empty result
    assert found == expected
