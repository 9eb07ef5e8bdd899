from __future__ import annotations

import pytest

from app.lookup_keys import link_key, name_tokens, normalise_key


@pytest.mark.parametrize("text", ["TP#2", "tp-2", "TP2", " tp 2 "])
def test_codes_normalise_to_one_key(text: str) -> None:
    assert normalise_key(text) == "tp2"


def test_names_become_token_sets_and_links_one_key() -> None:
    assert name_tokens("Resources, and the resources") == ["resource"]
    assert link_key("oc1", "DELIVERED_BY", "out1") == "oc1-[DELIVERED_BY]->out1"
