"""Synthetic results chains with known answers, written with `write_bundle`.

`DIAMONDS` (drawn top to bottom; amounts in CHF):

    m ──HAS_GOAL──> g1, g2
    g1 ─HAS_PRIORITY─> tp1, tp2        g2 ─HAS_PRIORITY─> tp2     (many-to-many)
    tp1, tp2 ─HAS_OUTCOME─> oc1        (a diamond: g1 reaches oc1 twice)
    tp2 ─HAS_OUTCOME─> oc2;  oc2a ─PART_OF─> oc2          (a breakdown)
    oc1 ─DELIVERED_BY(0.25)─> out1;  oc2 ─DELIVERED_BY(0.75)─> out1   (shared output,
                                                       two routes to the mission)
    oc2a ─DELIVERED_BY─> out2;  oc1 ─DELIVERED_BY─> out3
    out1 ─FUNDED_BY(0.6)─> co1 (1000);  out2 ─FUNDED_BY(0.4)─> co1
    out3 ─FUNDED_BY─> co2 (300);  out2 ─FUNDED_BY─> co3 (amount unknown)
    orphan ─FUNDED_BY─> co4 (50): an output delivering no outcome
    co5 (70) funds nothing;  lonely: an outcome linked to nothing

`RANKED`: outputs whose amounts are in another order than their ids, with a tie, a partly
unknown amount, no cost object and two unknown amounts; `RANKED_BY_AMOUNT` is the order
`sort=amount` gives them.
"""

from __future__ import annotations

from typing import Any


def _e(id_: str, type_: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "type": type_, "name": name, **extra}


def _l(a: str, rel: str, b: str, **extra: Any) -> dict[str, Any]:
    return {"from": a, "type": rel, "to": b, **extra}


DIAMONDS: dict[str, list[dict[str, Any]]] = {
    "elements": [
        _e("m", "Mission", "Mission of the organisation"),
        _e("g1", "Goal", "Goal one", code="G1", number=1),
        _e("g2", "Goal", "Goal two", code="G2", number=2),
        _e("tp1", "ThematicPriority", "Affordable connectivity", code="TP#1", number=1),
        _e(
            "tp2",
            "ThematicPriority",
            "International numbering resources",
            code="TP#2",
            number=2,
            aliases=["Numbering priority"],
        ),
        _e("oc1", "Outcome", "Outcome one"),
        _e("oc2", "Outcome", "Outcome two"),
        _e("oc2a", "Outcome", "Outcome two, part a"),
        _e("out1", "Output", "International numbering resources", aliases=["INR-1"]),
        _e("out2", "Output", "Study group support", sector="ITU-T"),
        _e("out3", "Output", "Workshops"),
        _e("orphan", "Output", "Output serving nothing"),
        _e("co1", "CostObject", "Internal order 1", amount=1000.0, currency="CHF"),
        _e("co2", "CostObject", "Internal order 2", amount=300.0, currency="CHF"),
        _e("co3", "CostObject", "Internal order 3"),
        _e("co4", "CostObject", "Internal order 4", amount=50.0, currency="CHF"),
        _e("co5", "CostObject", "Internal order 5", amount=70.0, currency="CHF"),
        _e("lonely", "Outcome", "Lonely outcome"),
    ],
    "links": [
        _l("m", "HAS_GOAL", "g1"),
        _l("m", "HAS_GOAL", "g2"),
        _l("g1", "HAS_PRIORITY", "tp1"),
        _l("g1", "HAS_PRIORITY", "tp2"),
        _l("g2", "HAS_PRIORITY", "tp2"),
        _l("tp1", "HAS_OUTCOME", "oc1"),
        _l("tp2", "HAS_OUTCOME", "oc1"),
        _l("tp2", "HAS_OUTCOME", "oc2"),
        _l("oc2a", "PART_OF", "oc2"),
        _l("oc1", "DELIVERED_BY", "out1", share=0.25),
        _l("oc2", "DELIVERED_BY", "out1", share=0.75),
        _l("oc2a", "DELIVERED_BY", "out2"),
        _l("oc1", "DELIVERED_BY", "out3"),
        _l("out1", "FUNDED_BY", "co1", share=0.6),
        _l("out2", "FUNDED_BY", "co1", share=0.4),
        _l("out3", "FUNDED_BY", "co2"),
        _l("out2", "FUNDED_BY", "co3"),
        _l("orphan", "FUNDED_BY", "co4"),
    ],
}


RANKED: dict[str, list[dict[str, Any]]] = {
    "elements": [
        _e("out-a", "Output", "Output A"),
        _e("out-b", "Output", "Output B"),
        _e("out-c", "Output", "Output C"),
        _e("out-d", "Output", "Output D"),
        _e("out-e", "Output", "Output E (no cost object)"),
        _e("out-f", "Output", "Output F"),
        _e("out-g", "Output", "Output G"),
        _e("co-a", "CostObject", "Order A", amount=100.0, currency="CHF"),
        _e("co-b", "CostObject", "Order B", amount=500.0, currency="CHF"),
        _e("co-c", "CostObject", "Order C (amount unknown)"),
        _e("co-d", "CostObject", "Order D", amount=500.0, currency="CHF"),
        _e("co-f", "CostObject", "Order F (amount unknown)"),
        _e("co-g", "CostObject", "Order G", amount=300.0, currency="CHF"),
        _e("co-g2", "CostObject", "Order G2 (amount unknown)"),
    ],
    "links": [
        _l("out-a", "FUNDED_BY", "co-a"),
        _l("out-b", "FUNDED_BY", "co-b"),
        _l("out-c", "FUNDED_BY", "co-c"),
        _l("out-d", "FUNDED_BY", "co-d"),
        _l("out-f", "FUNDED_BY", "co-f"),
        _l("out-g", "FUNDED_BY", "co-g"),
        _l("out-g", "FUNDED_BY", "co-g2"),
    ],
}

#: RANKED's outputs, largest amount first: a tie in id order (b, d), the partly unknown
#: one by its known part (g, 300), then a (100), e (no cost object: 0), and the unknown
#: amounts last, in id order (c, f).
RANKED_BY_AMOUNT: list[tuple[str, float | None, str]] = [
    ("out-b", 500.0, "known"),
    ("out-d", 500.0, "known"),
    ("out-g", 300.0, "partly-unknown"),
    ("out-a", 100.0, "known"),
    ("out-e", 0.0, "none"),
    ("out-c", None, "unknown"),
    ("out-f", None, "unknown"),
]
