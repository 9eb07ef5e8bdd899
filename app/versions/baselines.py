"""Baselines: named, immutable snapshots of the whole plan graph, kept in Neo4j.

A baseline is a `:Baseline` node (name, note, who, when, sizes) and `:BaselineChunk`
nodes holding, gzip-compressed, the canonical export bundle of that moment
(`app.bundles.exporter`, the same bundle `rbmtrace export` gives) and the gap findings
open or waived then (what a diff compares later findings with). Neither label is
`:Element` and the chunks have no relationships, so traversals, gap checks, counts of
elements and links, the overview and the export never see them.

Taking a baseline reads the graph in one read transaction (a consistent snapshot that
blocks no writer and no reader), runs the gap checks, and then writes the snapshot in a
separate short write transaction. Nothing changes a baseline once written; it can only be
deleted.
"""

from __future__ import annotations

import gzip
import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j.exceptions import ConstraintError

from app.bundles.exporter import export_bundle
from app.core.errors import BadRequest, Conflict, NotFound, TooLargeForDatabase
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.findings import Finding
from app.versions.schemas import Baseline

#: The name a diff uses for the graph as it is now: no baseline may take it.
CURRENT = "current"
MAX_NAME_LENGTH = 100
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Bytes per stored chunk (a property of one node): well below Bolt's and the page's limits.
CHUNK_BYTES = 1 << 20
PARTS = ("bundle", "findings")


def check_name(name: str) -> str:
    """The name if it may name a baseline; else a 400 saying what a name may hold."""
    if not name or len(name) > MAX_NAME_LENGTH or not NAME_PATTERN.match(name):
        raise BadRequest(
            f"baseline name {name!r} is not allowed: use 1 to {MAX_NAME_LENGTH} letters, "
            "digits, '.', '_' or '-', starting with a letter or digit.",
            hint="e.g. 2026-11-council or v1.2",
        )
    if name == CURRENT:
        raise BadRequest(
            f"baseline name {CURRENT!r} is reserved: it names the graph as it is now.",
            hint="Choose another name, e.g. current-2026-11.",
        )
    return name


def _compress(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=6)


def _chunks(part: str, blob: bytes) -> list[dict[str, Any]]:
    return [
        {"part": part, "seq": seq, "data": blob[start : start + CHUNK_BYTES]}
        for seq, start in enumerate(range(0, max(len(blob), 1), CHUNK_BYTES))
    ]


def create_baseline(
    graph: Graph, name: str, note: str | None, who: str, now: datetime | None = None
) -> Baseline:
    """Snapshot the graph as baseline `name`; 409 when the name is taken."""
    check_name(name)
    if graph.read("versions/baseline", baseline_name=name):
        raise Conflict(
            f"a baseline named {name!r} exists already; baselines are never overwritten.",
            hint="Choose another name, or delete the old baseline first (admin).",
        )
    bundle = export_bundle(graph)  # one read transaction
    findings = findings_now(graph, now)
    blobs = {"bundle": _compress(bundle)}
    if findings is not None:
        blobs["findings"] = _compress([f.model_dump(mode="json") for f in findings])
    baseline = Baseline(
        name=name,
        note=note or None,
        created_by=who,
        created_at=(now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
        elements=len(bundle["elements"]),
        links=len(bundle["links"]),
        open_findings=None if findings is None else sum(f.status == "open" for f in findings),
        bytes=sum(len(b) for b in blobs.values()),
        snapshot_id=uuid.uuid4().hex,
    )
    chunks = [chunk for part, blob in blobs.items() for chunk in _chunks(part, blob)]
    try:
        graph.write(
            "versions/create_baseline",
            baseline=baseline.model_dump(exclude_none=True),
            chunks=chunks,
        )
    except ConstraintError as exc:  # another request took the name meanwhile
        raise Conflict(
            f"a baseline named {name!r} exists already; baselines are never overwritten.",
            hint="Choose another name.",
        ) from exc
    return baseline


def list_baselines(graph: Graph) -> list[Baseline]:
    return [Baseline(**row["baseline"]) for row in graph.read("versions/baselines")]


def get_baseline(graph: Graph, name: str) -> Baseline:
    rows = graph.read("versions/baseline", baseline_name=name)
    if not rows:
        known = [b.name for b in list_baselines(graph)]
        raise NotFound(
            f"no baseline named {name!r}.",
            hint=("Baselines: " + ", ".join(known[:20]) + ".")
            if known
            else "There is no baseline yet: create one with POST /api/v1/baselines "
            "or `rbmtrace baseline create NAME`.",
        )
    return Baseline(**rows[0]["baseline"])


def delete_baseline(graph: Graph, name: str) -> None:
    get_baseline(graph, name)
    graph.write("versions/delete_baseline", baseline_name=name)


def _part(graph: Graph, name: str, part: str) -> Any:
    get_baseline(graph, name)
    rows = graph.read("versions/baseline_chunks", baseline_name=name, part=part)
    blob = b"".join(bytes(row["data"]) for row in rows)
    return json.loads(gzip.decompress(blob).decode("utf-8"))


def baseline_bundle(graph: Graph, name: str) -> dict[str, Any]:
    """The export bundle as it was when the baseline was taken."""
    data: dict[str, Any] = _part(graph, name, "bundle")
    return data


def findings_now(graph: Graph, now: datetime | None = None) -> list[Finding] | None:
    """The gap findings of the graph now; None when the server has not the transaction
    memory to run the checks (the version is then compared without findings, and says so)."""
    try:
        return run_gaps(graph, now=now).findings
    except TooLargeForDatabase:
        return None


def baseline_findings(graph: Graph, name: str) -> list[Finding] | None:
    """The gap findings (open and waived) when the baseline was taken; None when they could
    not be recorded then."""
    if get_baseline(graph, name).open_findings is None:
        return None
    return [Finding(**item) for item in _part(graph, name, "findings")]


@dataclass(frozen=True)
class Snapshot:
    """One side of a diff: a bundle, and its findings when they are known."""

    label: str
    bundle: dict[str, Any]
    findings: list[Finding] | None


def baseline_snapshot(graph: Graph, name: str) -> Snapshot:
    return Snapshot(name, baseline_bundle(graph, name), baseline_findings(graph, name))
