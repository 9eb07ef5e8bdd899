"""Importing plan bundles: the one door. Read, validate everything, then write all of it or
nothing.

`import_bundle(graph, bundle, options)` is what the API route, the CLI and seeding call.
`bundle` is what there is to read (files, uploaded bytes, or data), `options` the choices
of the caller and the limits of the settings, built once with `ImportOptions.from_settings`.

Each element and link is compared with what is stored (`app.bundles.import_plan`) and only
what is new or different is written: up to `transaction_items` elements and links in
`UNWIND` batches inside ONE write transaction with the change events (one per updated
item, and one for the import, whose id stamps every item it created: see
`app.bundles.changes`); larger imports in batches of their own (`app.bundles.staged_write`),
undone together if one fails. Importing the same bundle twice writes nothing and reports
every item unchanged. With `dry_run` nothing is written and the report says what would
change. Imports add and update; they never delete (use the write API for that).
"""

from __future__ import annotations

import functools
import gc
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from neo4j import ManagedTransaction

from app.bundles.changes import ChangeLog
from app.bundles.import_plan import (
    ImportPlan,
    LinksStored,
    finish_plan,
    lock_link_starts,
    plan_elements,
    plan_links,
    stored_links,
    validate_against_stored,
)
from app.bundles.import_report import ImportReport
from app.bundles.json_stream import NotStreamable, streamable
from app.bundles.parsing import BundleSource, Item, ParsedBundle, check_size, parse_sources
from app.bundles.pending_imports import recover_abandoned
from app.bundles.places import Place
from app.bundles.staged_write import Progress, write_staged
from app.bundles.store import write_changes
from app.bundles.streamed_import import import_streamed
from app.bundles.validation import ValidBundle
from app.core.config import Settings
from app.core.errors import BadRequest
from app.db.graph import Graph, run_in

P = ParamSpec("P")
R = TypeVar("R")

#: What an import reads: files or uploaded bytes (each a path or a BundleSource), a bundle
#: given as data (`{"elements": [...], "links": [...]}`), or one already parsed.
BundleInput = Iterable[BundleSource | Path] | Mapping[str, Any] | ParsedBundle


#: `ImportOptions.max_bytes` of the CLI: a file on disk is read whatever its size (the
#: limit guards the service against what clients send, not an operator's own files).
NO_SIZE_LIMIT = sys.maxsize


#: Fewer bytes than any element or link of a valid bundle takes in JSON (the shortest,
#: `{"id":"a","type":"Goal","name":"b"}`, takes 35): files of at most `transaction_items`
#: times this many bytes cannot hold enough items to be written staged.
SMALLEST_ITEM_BYTES = 16


@dataclass(frozen=True)
class ImportOptions:
    """How to import: who imports, and the limits the settings give."""

    #: who the change events name (an API key's name, "cli", "seed")
    who: str
    #: rows per `UNWIND` batch (`RBMTRACE_IMPORT_BATCH_SIZE`)
    batch_size: int
    #: more elements + links than this are written staged (`RBMTRACE_IMPORT_TRANSACTION_ITEMS`)
    transaction_items: int
    #: the largest input read, per file and in all: `RBMTRACE_MAX_IMPORT_BYTES` for what
    #: arrives over HTTP; NO_SIZE_LIMIT for files the CLI reads from disk
    max_bytes: int
    #: compare only, write nothing
    dry_run: bool = False
    #: the door the change events name
    via: str = "import"
    #: progress(phase, done, total): "validating" (before and after), then while writing
    progress: Progress | None = None

    @classmethod
    def from_settings(cls, settings: Settings, *, who: str, **choices: Any) -> ImportOptions:
        """The settings' limits, with the caller's `choices` (any other field) on top."""
        limits: dict[str, Any] = {
            "batch_size": settings.import_batch_size,
            "transaction_items": settings.import_transaction_items,
            "max_bytes": settings.max_import_bytes,
        }
        return cls(who=who, **{**limits, **choices})


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with Python's cyclic garbage collector paused. An import allocates
    millions of small objects and makes almost no cycles, and each collection would scan the
    whole heap again: about 1.3 s of a 100k-element import (bench/analysis.md)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


@gc_paused
def import_bundle(graph: Graph, bundle: BundleInput, options: ImportOptions) -> ImportReport:
    """Read, validate and write a bundle (or, dry, only compare); see the module's docstring.

    InvalidBundle listing every problem with its place, and nothing written, when the
    bundle cannot be read or does not fit the metamodel.
    """
    if not isinstance(bundle, Mapping | ParsedBundle):
        bundle = list(bundle)
    paths = json_files(bundle, options)
    if paths is not None:  # large JSON files are read item by item (streamed_import)
        recover_abandoned(graph, options.batch_size)
        try:
            streamed = import_streamed(graph, paths, options)
        except NotStreamable:  # read whole below: its errors, or what it accepts
            streamed = None
        if streamed is not None:
            return streamed
        bundle = paths
    parsed = read_bundle(bundle, options.max_bytes)
    parsed.raise_if_unreadable()
    if not options.dry_run:
        recover_abandoned(graph, options.batch_size)  # what an interrupted import left
    log = ChangeLog(who=options.who, via=options.via)

    items = len(parsed.elements) + len(parsed.links)

    def validated(tx: ManagedTransaction) -> tuple[ImportPlan, ValidBundle, dict[str, Any]]:
        log.events.clear()  # a retried transaction starts over with a fresh plan
        plan = ImportPlan(files=list(parsed.files), dry_run=options.dry_run, log=log)
        if options.progress:
            options.progress("validating", 0, items)
        valid, stored = validate_against_stored(tx, parsed)
        if options.progress:
            options.progress("validating", items, items)
        plan_elements(plan, valid, stored)
        return plan, valid, stored

    def read_links(tx: ManagedTransaction, keys: Sequence[Mapping[str, str]]) -> LinksStored:
        if not options.dry_run:
            lock_link_starts(tx, keys)  # concurrent imports of a link take turns
        return stored_links(tx, keys)

    def work(tx: ManagedTransaction) -> ImportPlan:
        plan, valid, stored = validated(tx)
        plan_links(plan, valid, stored, lambda keys: read_links(tx, keys))
        finish_plan(plan)
        if not options.dry_run:
            _write_in(tx, plan, options)
        return plan

    if options.dry_run:
        return graph.read_transaction(work).report()
    if len(parsed.elements) + len(parsed.links) > options.transaction_items:
        plan, valid, stored = graph.read_transaction(validated)
        write_staged(graph, plan, valid, stored, options.batch_size, options.progress)
        return plan.report()
    return graph.write_transaction(work).report()


def json_files(bundle: BundleInput, options: ImportOptions) -> list[Path] | None:
    """The files of `bundle` when they are JSON files the import may read item by item
    (not for a dry run: it compares in one read transaction); else None. A file over the
    size limit is refused before it is read."""
    if options.dry_run or not isinstance(bundle, list):
        return None
    paths = [item for item in bundle if isinstance(item, Path)]
    if not paths or len(paths) != len(bundle) or not all(path.is_file() for path in paths):
        return None  # read whole, which names what is missing
    for path in paths:
        check_file(path, options.max_bytes)
    size = sum(path.stat().st_size for path in paths)
    if size <= options.transaction_items * SMALLEST_ITEM_BYTES:
        return None  # too few items to be written staged: read whole, as before
    return paths if streamable(paths) else None


def _write_in(tx: ManagedTransaction, plan: ImportPlan, options: ImportOptions) -> None:
    """Write the plan and its change events inside one transaction."""
    size, progress = options.batch_size, options.progress
    write_changes(lambda query, rows: run_in(tx, query, rows=rows), plan.rows, size, progress)
    plan.log.record(tx, size)
    if progress:
        progress("changes", len(plan.log.events), len(plan.log.events))


def read_bundle(bundle: BundleInput, max_bytes: int) -> ParsedBundle:
    """The parsed bundle of what an import reads (see BundleInput)."""
    if isinstance(bundle, ParsedBundle):
        return bundle
    if isinstance(bundle, Mapping):
        return parsed_from_mapping(bundle)
    # read one file at a time, each file's bytes dropped once parsed
    sources = (read_file(item, max_bytes) if isinstance(item, Path) else item for item in bundle)
    return parse_sources(sources, max_bytes)


def check_file(path: Path, max_bytes: int) -> None:
    """Refuse a missing file, or one over the size limit, before it is read."""
    if not path.is_file():
        raise BadRequest(f"{path}: no such file", hint="Give the path of a bundle file.")
    check_size(str(path), path.stat().st_size, max_bytes)


def read_file(path: Path, max_bytes: int) -> BundleSource:
    """The bytes of one file; an oversized file is refused before it is read."""
    check_file(path, max_bytes)
    return BundleSource(str(path), path.read_bytes())


def parsed_from_mapping(bundle: Mapping[str, Any], name: str = "bundle") -> ParsedBundle:
    """A bundle given as data (`{"elements": [...], "links": [...]}`), with index places."""
    if not isinstance(bundle, Mapping):
        raise BadRequest("A bundle is a mapping with 'elements' and 'links'.")
    parsed = ParsedBundle(files=[name])
    for key, target in (("elements", parsed.elements), ("links", parsed.links)):
        target.extend(
            Item(item, Place(name, f"{key}[{i}]")) for i, item in enumerate(bundle.get(key) or [])
        )
    return parsed
