"""Small bundles the bundle, API and CLI tests share."""

from __future__ import annotations

from typing import Any

SMALL_BUNDLE: dict[str, Any] = {
    "elements": [
        {"id": "m", "type": "Mission", "name": "Mission", "source": {"document": "SP"}},
        {"id": "g1", "type": "Goal", "code": "G1", "name": "Goal one", "number": 1},
        {
            "id": "tp2",
            "type": "ThematicPriority",
            "code": "TP#2",
            "name": "International numbering resources",
            "aliases": ["TP2"],
            "number": 2,
        },
        {"id": "oc1", "type": "Outcome", "name": "Numbering resources are managed"},
        {
            "id": "out1",
            "type": "Output",
            "name": "International numbering resources",
            "sector": "ITU-T",
        },
        {
            "id": "io1",
            "type": "CostObject",
            "name": "Internal order 1",
            "amount": 1500.5,
            "currency": "CHF",
        },
        {
            "id": "ind1",
            "type": "Indicator",
            "name": "Resources assigned",
            "kind": "output",
            "baseline": 10,
            "baseline_year": 2024,
            "disaggregation": ["region", "sex"],
        },
    ],
    "links": [
        {"from": "m", "type": "HAS_GOAL", "to": "g1"},
        {"from": "g1", "type": "HAS_PRIORITY", "to": "tp2", "source": {"section": "2"}},
        {"from": "tp2", "type": "HAS_OUTCOME", "to": "oc1"},
        {"from": "oc1", "type": "DELIVERED_BY", "to": "out1", "share": 0.5},
        {"from": "out1", "type": "FUNDED_BY", "to": "io1", "share": 1.0},
        {"from": "out1", "type": "MEASURED_BY", "to": "ind1"},
    ],
}

#: Each bad input of issue 3: (name, file name, content, words the answer must contain).
BAD_INPUTS: list[tuple[str, str, bytes, list[str]]] = [
    ("malformed JSON", "bundle.json", b'{"elements": [{"id": "a",}]}', ["line 1", "column"]),
    ("malformed YAML", "bundle.yaml", b"elements:\n  - id: a\n   type: [Goal\n", ["line"]),
    (
        "malformed CSV",
        "elements.csv",
        b'id,type,name\n"a,Goal,Goal a\n',
        ["elements.csv", "line 2"],
    ),
    ("not UTF-8", "bundle.yaml", b"elements:\n  - id: caf\xe9\n", ["UTF-8", "byte 21", "line 2"]),
    (
        "unknown type",
        "bundle.json",
        b'{"elements": [{"id": "a", "type": "Gaol", "name": "A"}]}',
        ["elements[0]", "Gaol", "Goal", "ThematicPriority"],
    ),
    (
        "disallowed link",
        "bundle.json",
        b'{"elements": [{"id": "g", "type": "Goal", "name": "G"},'
        b' {"id": "o", "type": "Output", "name": "O"}],'
        b' "links": [{"from": "g", "type": "HAS_OUTCOME", "to": "o"}]}',
        ["links[0]", "HAS_OUTCOME", "ThematicPriority -> Outcome"],
    ),
    (
        "dangling link",
        "bundle.json",
        b'{"elements": [{"id": "g", "type": "Goal", "name": "G"}],'
        b' "links": [{"from": "g", "type": "HAS_PRIORITY", "to": "nowhere"}]}',
        ["links[0]", "nowhere"],
    ),
    (
        "duplicate ids",
        "bundle.json",
        b'{"elements": [{"id": "g", "type": "Goal", "name": "G"},'
        b' {"id": "g", "type": "Goal", "name": "G again"}]}',
        ["elements[1]", "duplicate id 'g'", "elements[0]"],
    ),
    (
        "wrong property type",
        "bundle.json",
        b'{"elements": [{"id": "g", "type": "Goal", "name": "G", "number": "two"}]}',
        ["elements[0]", "number", "two"],
    ),
]
