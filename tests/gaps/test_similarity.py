from __future__ import annotations

import random

import pytest

from app import metamodel
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.similarity import THRESHOLD, name_similarity
from app.lookup_keys import american, name_tokens, singular
from tests.merge_bundle import write_bundle

CHECK = "name_repeats_across_levels"

#: (upper level, its name, lower level, its name): each pair must be found.
REPEATS = [
    ("ThematicPriority", "International numbering resources", "Output",
     "International Numbering Resources"),
    ("Outcome", "Bridging the standardization gap", "Output", "Bridging the Standardisation Gap"),
    ("Goal", "E-Health for everyone", "ThematicPriority", "eHealth for everyone"),
    ("Goal", "e health systems", "Outcome", "E-health system"),
    ("Mission", "Cyber security of networks", "Goal", "Cybersecurity of networks"),
    ("ThematicPriority", "Capacity-building programmes", "Activity",
     "capacity building program"),
    ("Outcome", "Resources, regional spectrum", "Output", "Regional spectrum resources"),
    ("Goal", "Labour organisation centres", "Output", "labor organization center"),
    ("Outcome", "Data base management", "Activity", "Database management"),
    ("Output", "Analysing regulatory catalogues", "Activity", "analyzing regulatory catalog"),
    ("Goal", "Enabling environment", "ThematicPriority", "Enabling Environments"),
    ("Vision", "Modelling co-operation", "Mission", "modeling cooperation"),
]  # fmt: skip

#: Pairs that must not be found: different words, or the same level.
DISTINCT = [
    ("ThematicPriority", "Enabling Environment", "Output", "Bridging the standardization gap"),
    ("Goal", "Digital inclusion", "Output", "Digital inclusion awards and hackathons"),
    ("Outcome", "Health of citizens", "Output", "E-health platform for clinics"),
    ("Goal", "Internet governance", "Output", "Internet exchange points"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("word", "expected"),
    [("resources", "resource"), ("priorities", "priority"), ("process", "process"),
     ("status", "status"), ("analysis", "analysis"), ("classes", "class"), ("gas", "gas")],
)  # fmt: skip
def test_plurals_become_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize(
    ("british", "us"),
    [("standardisation", "standardization"), ("organise", "organize"), ("analyse", "analyze"),
     ("labour", "labor"), ("centre", "center"), ("catalogue", "catalog"),
     ("programme", "program"), ("defence", "defense"), ("modelling", "modeling")],
)  # fmt: skip
def test_british_and_american_spellings_are_one_token(british: str, us: str) -> None:
    assert american(british) == american(us)


def test_names_normalise_to_token_sets() -> None:
    assert name_tokens("The Bridging of the standardisation gaps!") == [
        "bridging", "standardization", "gap"
    ]  # fmt: skip
    assert name_tokens("E-Health") == name_tokens("e health") == name_tokens("eHealth")
    assert name_similarity("International numbering", "International numbering resources") == (
        pytest.approx(2 / 3)
    )
    assert name_similarity("", "anything") == 0.0


@pytest.mark.parametrize(("upper", "first", "lower", "second"), REPEATS)
def test_spelling_variants_repeat(upper: str, first: str, lower: str, second: str) -> None:
    assert name_similarity(first, second) >= THRESHOLD


@pytest.mark.parametrize(("upper", "first", "lower", "second"), DISTINCT)
def test_different_names_do_not_repeat(upper: str, first: str, lower: str, second: str) -> None:
    assert name_similarity(first, second) < THRESHOLD


def _write(graph: Graph, pairs: list[tuple[str, str, str, str]]) -> None:
    elements = []
    for n, (upper, first, lower, second) in enumerate(pairs):
        elements += [
            {"id": f"a{n}", "type": upper, "name": first},
            {"id": f"b{n}", "type": lower, "name": second},
        ]
    write_bundle(graph, {"elements": elements, "links": []})


def _found(graph: Graph, **filters: str) -> set[tuple[str, ...]]:
    report = run_gaps(graph, check=CHECK, **filters)
    return {tuple(e.id for e in f.elements) for f in report.findings}


def test_must_fire_on_repetitions_across_any_two_levels(graph: Graph) -> None:
    _write(graph, REPEATS)
    assert _found(graph) == {(f"a{n}", f"b{n}") for n in range(len(REPEATS))}


def test_must_not_fire_on_different_names(graph: Graph) -> None:
    _write(graph, DISTINCT)
    assert _found(graph) == set()


def test_must_not_fire_on_two_elements_of_one_level(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "o1", "type": "Output", "name": "Study groups"},
                {"id": "o2", "type": "Output", "name": "Study group"},
                {"id": "m1", "type": "Mandate", "name": "Study groups"},  # not a chain level
            ],
            "links": [],
        },
    )
    assert _found(graph) == set()


def test_an_assumed_name_is_left_out_on_stated_evidence(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "tp", "type": "ThematicPriority", "name": "Numbering resources"},
                {"id": "op", "type": "Output", "name": "Numbering resource", "basis": "assumed"},
            ],
            "links": [],
        },
    )
    assert _found(graph) == {("tp", "op")}
    assert _found(graph, evidence="stated") == set()


def test_every_pair_at_the_threshold_is_found_however_common_its_words(graph: Graph) -> None:
    """The join's prefix filter (each name's rarest tokens) loses no pair: many names of
    every level over a small vocabulary (rare and common words, plurals, stop words,
    British spellings, hyphenated prefixes) against every pair compared in Python."""
    rng = random.Random(7)
    common = ["digital", "services", "network", "networks", "standard", "report", "centre"]
    rare = [f"w{n}" for n in range(12)] + ["e-health", "ehealth", "center", "programme"]

    def name() -> str:
        words = rng.choices(common, k=rng.randint(0, 3)) + rng.choices(rare, k=rng.randint(0, 3))
        words += rng.choices(["of", "the", "and"], k=rng.randint(0, 1))
        rng.shuffle(words)
        return " ".join(words).title() or "The"

    levels = metamodel.NAMED_LEVELS
    named = [(f"n{n}", rng.choice(levels), name()) for n in range(160)]
    write_bundle(
        graph,
        {"elements": [{"id": i, "type": t, "name": text} for i, t, text in named], "links": []},
    )
    order = {t: n for n, t in enumerate(levels)}
    expected = {
        (a[0], b[0])
        for a in named
        for b in named
        if order[a[1]] < order[b[1]] and name_similarity(a[2], b[2]) >= THRESHOLD
    }
    assert len(expected) > 20  # the case exercises the join, not an empty result
    assert _found(graph) == expected


def test_pairs_met_only_past_the_indexing_prefix_and_at_the_length_bound_are_found(
    graph: Graph,
) -> None:
    """The join's filters at their edges, at t = 0.6. Each pair shares one token in the
    shorter name's indexing prefix and the longer one's probing prefix and none earlier:
    the longer name's rarest tokens are its own, the shared ones are common (held by the
    fillers). A filter that compared indexing prefixes with each other, shortened a prefix
    by one, or dropped pairs at the length bound (3 of 5 tokens) would lose one."""
    assert THRESHOLD == 0.6  # the prefix lengths below are worked out for it
    fillers = ["Alder", "Birch", "Fir", "Gum", "Kapok", "Larch"] * 3
    cases = [
        # 3 and 5 tokens, Jaccard 3/5: the shorter (upper) name's indexing prefix is
        # [cedar], the longer one's probing prefix [dogwood, elm, cedar], its indexing
        # prefix [dogwood, elm].
        ("shorter-upper", "Goal", "Alder Birch Cedar", "Output", "Alder Birch Cedar Dogwood Elm"),
        # the same with the longer name on the upper level (the join's other direction)
        ("longer-upper", "ThematicPriority", "Fir Gum Hazel Ivy Juniper", "Activity",
         "Fir Gum Hazel"),
        # 4 and 4 tokens, Jaccard 3/5: each indexing prefix is [its own word, maple]
        ("same-length", "Mission", "Kapok Larch Maple Nutmeg", "Outcome",
         "Kapok Larch Maple Oak"),
        # 3 and 6 tokens, Jaccard 1/2: under the threshold, and under the length bound
        ("too-long", "Goal", "Pine Plum Poplar", "Activity",
         "Pine Plum Poplar Rowan Spruce Teak"),
        # one key (similarity 1) although 1 token against 2 is under the length bound
        ("one-key", "Outcome", "Data base", "Activity", "Database"),
    ]  # fmt: skip
    elements = [{"id": f"f{n}", "type": "Vision", "name": name} for n, name in enumerate(fillers)]
    for case, upper, first, lower, second in cases:
        elements += [
            {"id": f"{case}-a", "type": upper, "name": first},
            {"id": f"{case}-b", "type": lower, "name": second},
        ]
    write_bundle(graph, {"elements": elements, "links": []})
    order = {t: n for n, t in enumerate(metamodel.NAMED_LEVELS)}
    expected = {
        (a["id"], b["id"])
        for a in elements
        for b in elements
        if order[a["type"]] < order[b["type"]]
        and name_similarity(a["name"], b["name"]) >= THRESHOLD
    }
    assert expected == {
        ("shorter-upper-a", "shorter-upper-b"),
        ("longer-upper-a", "longer-upper-b"),
        ("same-length-a", "same-length-b"),
        ("one-key-a", "one-key-b"),
    }
    assert _found(graph) == expected
