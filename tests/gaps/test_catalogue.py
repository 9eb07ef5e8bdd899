from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import metamodel
from app.db import cypher
from app.gaps.catalogue import (
    CatalogueError,
    Severity,
    check_from_file,
    load_catalogue,
    markdown_table,
    parse_header,
)
from app.gaps.engine import check_parameters

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_check_has_its_header() -> None:
    checks = load_catalogue()
    assert len(checks) >= 20
    for check in checks:
        assert check.severity in set(Severity)
        assert check.title and check.why and check.fix and check.params


def test_structural_rules_come_from_the_metamodel() -> None:
    rules = {c.id: c.rule for c in load_catalogue() if c.rule is not None}
    assert rules["output_serves_no_outcome"].other_types == ("Outcome",)
    assert (
        rules["enabler_enables_nothing"].other_types
        == metamodel.relationship_type("ENABLED_BY").from_types
    )
    assert rules["risk_without_mitigation"].other_types == ("Output", "Enabler")
    # each step of the results chain below the mission is required downward
    down = {(r.type, r.rel) for r in rules.values() if r.direction == "out"}
    for upper, rel, _ in metamodel.RESULTS_CHAIN[1:-1]:
        assert (upper, rel) in down
    up = {(r.type, r.rel) for r in rules.values() if r.direction == "in"}
    for _, rel, lower in metamodel.RESULTS_CHAIN[-2:]:
        assert (lower, rel) in up


def test_only_same_type_links_can_close_a_cycle() -> None:
    """chain_cycle follows PART_OF and SUCCEEDS only: the chain itself is layered."""
    chain_types = [metamodel.RESULTS_CHAIN[0][0]] + [t for _, _, t in metamodel.RESULTS_CHAIN]
    assert len(chain_types) == len(set(chain_types))
    same_type = {r.name for r in metamodel.RELATIONSHIP_TYPES if any(f == t for f, t in r.pairs)}
    assert same_type == {"PART_OF", "SUCCEEDS"}
    assert "[:PART_OF|SUCCEEDS*1..12]" in cypher.query("gaps/chain_cycle")


def test_labels_and_relationship_types_in_check_files_are_in_the_metamodel() -> None:
    names = set(metamodel.ELEMENT_TYPE_NAMES) | {"Element"}
    rels = set(metamodel.RELATIONSHIP_TYPE_NAMES)
    for f in [*cypher.catalogue("gaps"), *cypher.catalogue("gaps/structural")]:
        body = "\n".join(s for s in f.statements())
        for label in re.findall(r"\(\w*:(\w+)", body):
            assert label in names, (f.name, label)
        for group in re.findall(r"\[\w*:([A-Z_|]+)", body):
            assert set(group.split("|")) <= rels, (f.name, group)


def test_every_parameter_a_query_uses_is_given() -> None:
    for check in load_catalogue():
        # `$any(...)` (a dynamic label) is syntax, not a parameter
        used = set(re.findall(r"\$(\w+)(?!\w|\()", cypher.query(check.query)))
        assert used <= set(check_parameters(check)), check.id


def test_header_continuations_and_notes() -> None:
    header, notes = parse_header(
        "// id: x\n// why: first part\n//   second part\n// A note.\nMATCH (n) RETURN n"
    )
    assert header == {"id": "x", "why": "first part second part"}
    assert notes == "A note."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("// id: x\n// severity: error\n", "header lacks"),
        (
            "// id: y\n// severity: error\n// title: t\n// why: w\n// fix: f\n// params: none\n",
            "differs from the file name",
        ),
        (
            "// id: x\n// severity: fatal\n// title: t\n// why: w\n// fix: f\n// params: none\n",
            "is not error, warning or info",
        ),
        (
            "// id: x\n// severity: error\n// title: t\n// why: w\n// fix: f\n// params: none\n"
            "// rule: Risk out DELIVERED_BY\n// message: m\n",
            "allows no DELIVERED_BY link out of Risk",
        ),
    ],
)
def test_a_bad_check_file_is_refused_naming_the_file(text: str, problem: str) -> None:
    with pytest.raises(CatalogueError, match=problem):
        check_from_file("gaps/x", Path("cypher/gaps/x.cypher"), text)


def test_the_readme_lists_the_catalogue() -> None:
    """The README's table is `rbmtrace checks --markdown`; regenerate it when this fails."""
    assert markdown_table() in README.read_text(encoding="utf-8")
