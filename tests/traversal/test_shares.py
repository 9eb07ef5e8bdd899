from __future__ import annotations

from fractions import Fraction

import pytest

from app.traversal.shares import exact, split_weights


def weights(shares: list[float | None]) -> list[tuple[Fraction, str]]:
    return [(s.weight, s.method) for s in split_weights(shares)]


def test_no_links_no_weights() -> None:
    assert split_weights([]) == []


def test_one_link_takes_the_whole() -> None:
    assert weights([None]) == [(1, "whole")]


def test_links_without_shares_split_evenly() -> None:
    assert weights([None, None, None]) == [(Fraction(1, 3), "even-split")] * 3


def test_declared_shares_summing_to_one_are_used_as_given() -> None:
    assert weights([0.3, 0.7]) == [(Fraction(3, 10), "share"), (Fraction(7, 10), "share")]


def test_links_without_a_share_take_the_remainder_evenly() -> None:
    assert weights([0.5, None, None]) == [
        (Fraction(1, 2), "share"),
        (Fraction(1, 4), "even-split-remainder"),
        (Fraction(1, 4), "even-split-remainder"),
    ]


def test_shares_not_summing_to_one_are_normalised() -> None:
    assert weights([0.2, 0.2]) == [(Fraction(1, 2), "share-normalised")] * 2


def test_shares_over_one_are_normalised_and_leave_nothing() -> None:
    assert weights([0.8, 0.8, None]) == [
        (Fraction(1, 2), "share-normalised"),
        (Fraction(1, 2), "share-normalised"),
        (Fraction(0), "no-remainder"),
    ]


def test_all_zero_shares_fall_back_to_an_even_split() -> None:
    assert weights([0.0, 0.0]) == [(Fraction(1, 2), "even-split")] * 2


@pytest.mark.parametrize(
    "shares",
    [[0.1, 0.2, 0.7], [0.333, 0.333, 0.333], [None] * 7, [0.6, None], [1.0, None], [0.9, 0.9]],
)
def test_weights_always_sum_to_exactly_one(shares: list[float | None]) -> None:
    assert sum((s.weight for s in split_weights(shares)), Fraction(0)) == 1


def test_exact_reads_the_decimal_text() -> None:
    assert exact(0.1) + exact(0.2) == exact(0.3)
    assert exact(1000) == 1000
