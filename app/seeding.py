"""Loading the seed datasets of `seed/` into the graph.

Two datasets, each a folder of plan bundles (YAML or JSON, read in name order and loaded
together as one bundle):

- `itu`: the ITU plan elements built from the seed documents (`seed/itu/`); `make run`
  loads it when the database holds no element (`seed_empty_database`, a startup step of
  `rbmtrace serve`);
- `demo`: a deterministic, clearly labelled synthetic dataset with budgets (`seed/demo/`).

Loading goes through the importer (`app.bundles.importer`): the files are validated against
the metamodel and written all or nothing, with change events recorded as by `seed`.
Loading twice changes nothing (the second load reports every item unchanged).
`sources_table` renders which source each element cites, for `seed/README.md`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.bundles.import_report import ImportReport
from app.bundles.importer import ImportOptions, import_bundle
from app.core.config import Settings
from app.core.errors import BadRequest, InvalidBundle
from app.db.graph import Graph
from app.gaps.engine import run_gaps

log = logging.getLogger(__name__)

#: The seed datasets, each a folder under `Settings.seed_dir`.
SEED_DATASETS: tuple[str, ...] = ("itu", "demo")
#: The dataset `make run` loads into an empty database.
DEFAULT_SEED = "itu"
BUNDLE_SUFFIXES: tuple[str, ...] = (".yaml", ".yml", ".json")


#: Who the change events of a seed load name.
SEED_WRITER = "seed"


@dataclass(frozen=True)
class SeedLoad:
    """What one load of a seed dataset did: its files and the importer's report."""

    name: str
    files: tuple[str, ...]
    report: ImportReport

    @property
    def elements(self) -> int:
        return self.report.elements.total

    @property
    def links(self) -> int:
        return self.report.links.total

    def summary(self) -> str:
        elements, links = self.report.elements, self.report.links
        return (
            f"{self.elements} elements ({elements.created} created, {elements.updated} "
            f"updated, {elements.unchanged} unchanged), {self.links} links ({links.created} "
            f"created, {links.updated} updated, {links.unchanged} unchanged)"
        )


def seed_folder(name: str, settings: Settings) -> Path:
    """The folder of one seed dataset; BadRequest for a name that is not a dataset."""
    if name not in SEED_DATASETS:
        raise BadRequest(
            f"'{name}' is not a seed dataset.",
            hint="Choose one of: " + ", ".join(SEED_DATASETS) + ".",
        )
    return settings.seed_dir / name


def seed_files(name: str, settings: Settings) -> list[Path]:
    """The bundle files of one seed dataset, in name order."""
    folder = seed_folder(name, settings)
    if not folder.is_dir():
        raise InvalidBundle(
            f"The seed dataset '{name}' has no folder {folder}.",
            hint="Set RBMTRACE_SEED_DIR to the checkout's seed/ folder.",
        )
    files = sorted(p for p in folder.iterdir() if p.suffix in BUNDLE_SUFFIXES and p.is_file())
    if not files:
        raise InvalidBundle(
            f"The seed dataset '{name}' has no bundle file in {folder}.",
            hint="Put its plan bundles (.yaml, .yml or .json) in that folder.",
        )
    return files


def cut_by_comments(text: str) -> list[tuple[int, str]]:
    """(line, value) of every unquoted YAML value followed on its line by ` #`.

    YAML reads ` #` as the start of a comment, so `section: Thematic Priority #2 (...)` is
    silently stored as "Thematic Priority". Seed files carry quotations, so this shape is
    refused there (`refuse_cut_values`): quote such values. Quoted, folded (`>-`) and
    literal (`|`) values are not cut and pass.
    """
    lines = text.splitlines()
    found: list[tuple[int, str]] = []
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # not YAML: the importer reports the syntax error with its place
    for event in events:
        if not isinstance(event, yaml.ScalarEvent) or event.style is not None:
            continue
        end = event.end_mark
        if end is None or end.line >= len(lines):
            continue
        rest = lines[end.line][end.column :]
        if rest.lstrip(" \t").startswith("#") and rest[:1] in (" ", "\t"):
            found.append((end.line + 1, str(event.value)))
    return found


def refuse_cut_values(path: Path, text: str) -> None:
    """InvalidBundle naming each place where a seed value would be cut at ` #`."""
    cut = cut_by_comments(text)
    if cut:
        places = "; ".join(f"line {line}: '{value}' is cut at ' #'" for line, value in cut)
        raise InvalidBundle(
            f"{path.name}: {places}.",
            hint="YAML reads ' #' as the start of a comment: put the whole value in quotes, "
            'e.g. section: "Thematic Priority #2".',
        )


def read_seed(name: str, settings: Settings) -> dict[str, list[dict[str, Any]]]:
    """The elements and links of every bundle file of one seed dataset, combined."""
    combined: dict[str, list[dict[str, Any]]] = {"elements": [], "links": []}
    for path in seed_files(name, settings):
        text = path.read_text(encoding="utf-8")
        refuse_cut_values(path, text)
        document = yaml.safe_load(text)
        if not isinstance(document, Mapping):
            raise InvalidBundle(
                f"{path.name}: a bundle is a mapping with 'elements' and 'links'.",
                hint="Start the file with `elements:` and `links:`.",
            )
        for key in ("elements", "links"):
            combined[key].extend(document.get(key) or [])
    return combined


def load_seed(graph: Graph, name: str, settings: Settings) -> SeedLoad:
    """Import one seed dataset: validated, all or nothing; loading again changes nothing.

    InvalidBundle (listing every problem with its file and place) when a seed file does
    not fit the metamodel; nothing is written then.
    """
    files = seed_files(name, settings)
    for path in files:
        if path.suffix in (".yaml", ".yml"):
            refuse_cut_values(path, path.read_text(encoding="utf-8"))
    report = import_bundle(graph, files, ImportOptions.from_settings(settings, who=SEED_WRITER))
    loaded = SeedLoad(name=name, files=tuple(p.name for p in files), report=report)
    log.info("Seed dataset %s loaded: %s", name, loaded.summary())
    return loaded


def element_count(graph: Graph) -> int:
    """How many `:Element` nodes the database holds."""
    return int(graph.read("seeding/element_count")[0]["elements"])


def load_seed_if_empty(graph: Graph, name: str, settings: Settings) -> SeedLoad | None:
    """Load a seed dataset (the ITU one by default) when the database holds no element.

    None, and nothing written, when the database already holds elements.
    """
    seed_folder(name, settings)  # refuse an unknown name even when nothing would be loaded
    if element_count(graph) > 0:
        log.info("The database holds elements: the seed dataset %s is not loaded.", name)
        return None
    return load_seed(graph, name, settings)


def seed_empty_database(graph: Graph, settings: Settings) -> str:
    """Startup step of `rbmtrace serve` (`make run`): the ITU seed into an empty database.

    Returns the line `serve` prints about it.
    """
    loaded = load_seed_if_empty(graph, DEFAULT_SEED, settings)
    if loaded is None:
        return f"Seed: the database already holds elements; the {DEFAULT_SEED} seed was not loaded."
    return f"Seed: loaded the {DEFAULT_SEED} dataset into the empty database ({loaded.summary()})."


def _cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|") if text is not None else ""


def sources_table(bundle: Mapping[str, Any]) -> str:
    """A markdown table: each element's id, type, name and the source it cites."""
    lines = [
        "| id | type | name | source document | section |",
        "|---|---|---|---|---|",
    ]
    for element in bundle.get("elements", []):
        source = element.get("source") or {}
        lines.append(
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    f"`{element['id']}`",
                    element.get("type"),
                    element.get("name"),
                    source.get("document"),
                    source.get("section"),
                )
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


#: The problems the ITU documents raise, with the check that flags each (seed/README.md).
SEED_FINDINGS_FILE = "itu-findings.yaml"


@dataclass(frozen=True)
class SeedProblem:
    """One problem the seed documents raise: where, and the check and findings that flag
    it on the seed, or the reason none can."""

    problem: str
    quote: str
    document: str
    section: str
    check: str | None = None
    findings: tuple[str, ...] = ()
    note: str | None = None
    reason: str | None = None


def seed_problems(settings: Settings) -> list[SeedProblem]:
    """The rows of `seed/itu-findings.yaml`."""
    path = settings.seed_dir / SEED_FINDINGS_FILE
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["rows"]
    return [SeedProblem(**{**row, "findings": tuple(row.get("findings") or ())}) for row in rows]


def findings_table(graph: Graph, settings: Settings) -> str:
    """The seed findings table: each problem (quote, document, section), the check that
    flags it and its findings on the graph (the ITU seed loaded), or why none can."""
    found = {f.key: f for f in run_gaps(graph).findings}
    lines = [
        "| problem the documents raise | where | check | finding on the seed |",
        "|---|---|---|---|",
    ]
    for row in seed_problems(settings):
        raised = f"{row.problem}: “{_cell(row.quote)}”"
        where = f"{row.document}, {row.section}"
        if row.check is None:
            check, finding = "none", f"not flagged: {row.reason}"
        else:
            check = f"`{row.check}`"
            present = [found[k] for k in row.findings if k in found]
            missing = [k for k in row.findings if k not in found]
            finding = (
                f"{len(present)} finding{'s' if len(present) != 1 else ''}, e.g. "
                f"{present[0].message}"
                if present
                else "NOT FLAGGED"
            )
            if missing:
                finding += " (missing: " + ", ".join(missing) + ")"
            if row.note:
                finding += f" ({row.note})"
        lines.append("| " + " | ".join(_cell(c) for c in (raised, where, check, finding)) + " |")
    return "\n".join(lines) + "\n"
