"""`docs/metamodel.md`, generated from the metamodel (`rbmtrace model docs` writes it)."""

from __future__ import annotations

from pathlib import Path

from app import PROJECT_ROOT, metamodel

METAMODEL_DOC = PROJECT_ROOT / "docs" / "metamodel.md"

_INTRO = """\
# The planning metamodel

<!-- Generated from app/metamodel.py by `rbmtrace model docs`; do not edit by hand. -->

Element types, relationship types and the links the graph may hold, as declared in
`app/metamodel.py` (also served at `GET /api/v1/model`). Every element also has the common
properties {common}; every link may have {link}.

Provenance: `basis` is {bases}. {basis} {quote} The gap checks run on
`evidence=stated` leave assumed and inferred elements and links out, on `evidence=inferred`
assumed ones; an element or link with no basis counts as `{default}`.

"""


def render_metamodel_doc() -> str:
    common = ", ".join(f"`{p.name}`" for p in metamodel.COMMON_PROPERTIES)
    link = ", ".join(f"`{p.name}`" for p in metamodel.LINK_PROPERTIES)
    return (
        _INTRO.format(
            common=common,
            link=link,
            bases=", ".join(f"`{b}`" for b in metamodel.BASES),
            basis=metamodel.BASIS.description,
            quote=metamodel.QUOTE.description,
            default=metamodel.DEFAULT_BASIS,
        )
        + metamodel.markdown_table()
    )


def write_metamodel_doc(path: Path = METAMODEL_DOC) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_metamodel_doc(), encoding="utf-8")
    return path
