"""CPU time spent by the processes of a benchmark (Neo4j, the service, this process),
read from /proc, so that a throughput figure can say where each request's time went."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # the process ended
        return None
    # the command name (field 2) may hold spaces: the fields that follow start after ")"
    return text[text.rindex(")") + 2 :].split()


def process_seconds(pid: int | None) -> float:
    """User + system CPU seconds of one process (every thread), 0.0 when it is gone."""
    if pid is None:
        return 0.0
    fields = _stat_fields(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / TICKS


def group_seconds(group: int) -> float:
    """User + system CPU seconds of every live process in process group `group` (uvicorn
    and its worker processes)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields is not None and int(fields[2]) == group:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def own_seconds() -> float:
    """CPU seconds of this process (the load generator), every thread."""
    times = os.times()
    return times.user + times.system


@contextmanager
def accounted(sources: dict[str, Callable[[], float]]) -> Iterator[dict[str, Any]]:
    """CPU seconds each source spent while the block ran, filled in when it ends, with the
    wall seconds and the machine's cores (the most the sources could have spent together)."""
    out: dict[str, Any] = {}
    before = {name: read() for name, read in sources.items()}
    began = os.times().elapsed
    yield out
    out["wall_seconds"] = round(os.times().elapsed - began, 2)
    out["cores"] = os.cpu_count()
    out["cpu_seconds"] = {name: round(read() - before[name], 2) for name, read in sources.items()}


def per_request_ms(account: dict[str, Any], requests: int) -> dict[str, float | None]:
    """CPU milliseconds per answered request for each source, and their sum."""
    if not requests:
        empty: dict[str, float | None] = {name: None for name in account["cpu_seconds"]}
        return empty | {"total": None}
    out: dict[str, float | None] = {
        name: round(seconds * 1000 / requests, 2)
        for name, seconds in account["cpu_seconds"].items()
    }
    out["total"] = round(sum(account["cpu_seconds"].values()) * 1000 / requests, 2)
    return out
