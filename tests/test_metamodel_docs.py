from __future__ import annotations

from pathlib import Path

from app import metamodel
from app.metamodel_docs import METAMODEL_DOC, render_metamodel_doc, write_metamodel_doc


def test_the_committed_metamodel_doc_is_the_generated_one() -> None:
    assert METAMODEL_DOC.read_text(encoding="utf-8") == render_metamodel_doc(), (
        "docs/metamodel.md is stale: run `rbmtrace model docs`"
    )


def test_the_doc_names_every_type_and_relationship(tmp_path: Path) -> None:
    written = write_metamodel_doc(tmp_path / "metamodel.md").read_text(encoding="utf-8")
    for name in (*metamodel.ELEMENT_TYPE_NAMES, *metamodel.RELATIONSHIP_TYPE_NAMES):
        assert f"`{name}`" in written
