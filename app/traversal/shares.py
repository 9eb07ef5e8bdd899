"""How an amount is split over several links: declared shares, else an even split.

`split_weights` takes the `share` of each link (None where none is declared) and returns
one exact weight per link, the weights summing to exactly 1, with the method used:

- `whole`: the only link takes everything;
- `even-split`: no link declares a share; each of n links takes 1/n;
- `share`: the declared share, as given (the declared shares sum to 1, or to less
  with links without a share taking the rest);
- `share-normalised`: declared shares that do not sum to 1 (and no link is left to take
  the rest, or they sum to more than 1) are scaled to sum to 1;
- `even-split-remainder`: a link without a share when others declare one: 1 minus the
  declared shares, split evenly over the links without one;
- `no-remainder`: a link without a share when the declared shares already exceed 1.

Numbers are `Fraction`s made from the decimal text of each value, so 0.3 + 0.7 is 1 and
totals reconcile exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from app.core.numbers import finite_or_none

METHODS: dict[str, str] = {
    "whole": "the only link takes the whole amount",
    "even-split": "no share declared: split evenly over the links",
    "share": "the share declared on the link",
    "share-normalised": "declared shares scaled so that they sum to 1",
    "even-split-remainder": "what declared shares leave, split evenly over links without one",
    "no-remainder": "declared shares already took everything; nothing left for this link",
}


def finite(value: float | int | None) -> float | int | None:
    """The stored number, or None (unknown) for one that is not finite (see
    `app/core/numbers.py`)."""
    return None if finite_or_none(value) is None else value


def exact(value: float | int) -> Fraction:
    """The number as an exact fraction of its decimal text (0.1 -> 1/10)."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


@dataclass(frozen=True)
class Split:
    weight: Fraction
    method: str


def split_weights(shares: Sequence[float | None]) -> list[Split]:
    shares = [finite(s) for s in shares]
    n = len(shares)
    if n == 0:
        return []
    declared = [exact(s) for s in shares if s is not None]
    if not declared:
        return [Split(Fraction(1, n), "whole" if n == 1 else "even-split")] * n
    total = sum(declared, Fraction(0))
    undeclared = n - len(declared)
    if total == 0 and undeclared == 0:
        return [Split(Fraction(1, n), "whole" if n == 1 else "even-split")] * n
    if total > 1 or (undeclared == 0 and total != 1):
        return [
            Split(Fraction(0), "no-remainder")
            if s is None
            else Split(exact(s) / total, "share-normalised")
            for s in shares
        ]
    rest = (1 - total) / undeclared if undeclared else Fraction(0)
    return [
        Split(rest, "even-split-remainder") if s is None else Split(exact(s), "share")
        for s in shares
    ]
