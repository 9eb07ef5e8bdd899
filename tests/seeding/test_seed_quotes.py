"""Every claim of the ITU seed about the ITU documents carries its basis and its quote, and
every quote occurs in the document it cites.

The documents are not in the repository: they sit beside the clone, in
`../shared/seed-documents/` (and the facts in `../shared/reference/`), as in CI; the
nearest folder above the clone that holds `shared/seed-documents` is used. A missing
document fails the test: it is never skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app import metamodel
from app.core.errors import InvalidBundle
from app.seeding import cut_by_comments, read_seed, refuse_cut_values
from tests.conftest import base_settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def shared_folder() -> Path:
    """`../shared` beside the clone (for a git worktree, beside the folder holding it)."""
    for folder in PROJECT_ROOT.parents:
        if (folder / "shared" / "seed-documents").is_dir():
            return folder / "shared"
    return PROJECT_ROOT.parent / "shared"  # missing: the tests below fail, naming it


SHARED = shared_folder()

#: The document each `source.document` of the ITU seed names, and where it is read.
DOCUMENTS: dict[str, Path] = {
    "TSAG LS, Second Submission of TSAG to CWG-SFP": SHARED
    / "seed-documents"
    / "tsag-ls-second-submission-to-cwg-sfp.txt",
    "TSAG RG-SOP progress report": SHARED / "seed-documents" / "tsag-rg-sop-progress-report.txt",
    "ITU Strategic Plan 2024-2027 (Resolution 71, Rev. Bucharest, 2022)": SHARED
    / "reference"
    / "itu-plan-facts.md",
    "ITU planning facts (reference/itu-plan-facts.md)": SHARED / "reference" / "itu-plan-facts.md",
}

_QUOTE_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def normalised(text: str) -> str:
    """Whitespace collapsed, curly quote marks made straight, case folded."""
    return " ".join(text.translate(_QUOTE_MARKS).split()).casefold()


@pytest.fixture(scope="module")
def itu() -> dict[str, Any]:
    return read_seed("itu", base_settings())


def _name(item: dict[str, Any]) -> str:
    return item.get("id") or f"{item['from']}-[{item['type']}]->{item['to']}"


def test_the_documents_are_beside_the_clone() -> None:
    for path in DOCUMENTS.values():
        assert path.is_file(), f"{path} is missing: the seed documents sit beside the clone"


def test_every_element_and_link_has_a_basis_and_a_quote_where_stated_or_inferred(
    itu: dict[str, Any],
) -> None:
    for item in itu["elements"] + itu["links"]:
        assert item.get("basis") in metamodel.BASES, _name(item)
        if item["basis"] in ("stated", "inferred"):
            assert item.get("quote"), f"{_name(item)} is {item['basis']} but quotes nothing"
        else:
            assert item.get("description"), f"{_name(item)} is assumed and says not why"
    for link in itu["links"]:
        if link["basis"] != "stated":
            assert link.get("description"), f"{_name(link)} is {link['basis']}: say why"


def test_every_quote_occurs_in_the_document_it_cites(itu: dict[str, Any]) -> None:
    texts = {name: normalised(path.read_text(encoding="utf-8")) for name, path in DOCUMENTS.items()}
    quoted = 0
    for item in itu["elements"] + itu["links"]:
        if not item.get("quote"):
            continue
        document = item["source"]["document"]
        assert document in texts, f"{_name(item)} cites {document!r}, not a seed document"
        assert normalised(item["quote"]) in texts[document], (
            f"{_name(item)}: the quote is not in {document}: {item['quote']!r}"
        )
        quoted += 1
    assert quoted > 80


def test_aliases_are_in_the_documents(itu: dict[str, Any]) -> None:
    everything = " ".join(normalised(p.read_text(encoding="utf-8")) for p in DOCUMENTS.values())
    for element in itu["elements"]:
        for alias in element.get("aliases") or []:
            assert normalised(alias) in everything, (element["id"], alias)


def test_a_value_cut_at_a_comment_is_refused() -> None:
    text = (
        "elements:\n"
        "  - id: x\n"
        "    type: Goal\n"
        "    name: Formulation of Thematic Priority #2 (International Numbering Resources)\n"
        '    description: "Thematic Priority #2, quoted"\n'
        "    aliases: [a, b]  # a comment after a list is no value cut\n"
    )
    assert cut_by_comments(text) == [(4, "Formulation of Thematic Priority")]
    with pytest.raises(InvalidBundle) as refused:
        refuse_cut_values(Path("plan.yaml"), text)
    assert "line 4" in refused.value.detail
    assert "quotes" in refused.value.extra["hint"]


def test_quoted_and_folded_values_pass() -> None:
    text = "a:\n  b: \"TP #2\"\n  c: >-\n    folded TP #2\n  d: 'TP #2'\n"
    assert cut_by_comments(text) == []


def test_every_row_of_the_findings_table_quotes_its_document() -> None:
    texts = {name: normalised(path.read_text(encoding="utf-8")) for name, path in DOCUMENTS.items()}
    rows = yaml.safe_load((PROJECT_ROOT / "seed" / "itu-findings.yaml").read_text("utf-8"))
    for row in rows["rows"]:
        assert normalised(row["quote"]) in texts[row["document"]], row["problem"]
        assert normalised(row["section"]) in texts[row["document"]], row["problem"]
