"""`make explorer-check`: the explorer's main pages on a large synthetic plan, in a real
browser; prints, per page, the time until it has rendered and the largest API answer it
fetched. Not part of `make test` (no timed assertion there); run it after changing a page.

It starts a throwaway local Neo4j of its own (free ports, a temporary directory), imports
`synthesize(--size)` through the project's one import door, serves the API with uvicorn in
a subprocess, drives the system Chromium with Playwright (a fresh browser context per page:
nothing cached in the browser), and stops everything it started.

    .venv/bin/python -m bench.explorer_check --size 100000
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import TimeoutError as PageTimeout

from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.elements import writes
from app.synth import synthesize
from app.versions import baselines
from bench import environment, import_throughput

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


@dataclass(frozen=True)
class PageCheck:
    name: str
    hash: str
    #: JavaScript that is true once the page has rendered what it is for.
    ready: str


def pages(subjects: dict[str, str], word: str) -> list[PageCheck]:
    priority = quote(subjects["ThematicPriority"], safe="")
    not_loading = "!document.querySelector('main .loading')"
    return [
        PageCheck(
            "overview",
            "#/",
            f"document.querySelector('#open-count') && {not_loading}",
        ),
        PageCheck(
            "search",
            f"#/search?q={quote(word)}",
            f"document.querySelector('#results tbody tr') && {not_loading}",
        ),
        PageCheck(
            "element + trace graph",
            f"#/elements/{priority}",
            "document.querySelector('#trace-graph[data-drawn]')",
        ),
        PageCheck(
            "element findings tab",
            f"#/elements/{priority}?tab=findings",
            f"document.querySelector('#tab-panel') && {not_loading}",
        ),
        PageCheck(
            "outputs of a priority",
            f"#/priorities/{priority}/outputs",
            "document.querySelector('#outputs-table tbody tr')",
        ),
        PageCheck(
            "findings",
            "#/findings",
            "document.querySelector('#findings-summary')",
        ),
        PageCheck(
            "matrix",
            "#/matrix?rows=ThematicPriority&cols=Output",
            f"document.querySelector('#matrix svg, #matrix .notice') && {not_loading}",
        ),
        PageCheck("budget flow", "#/budget", "document.querySelector('#budget-flow svg')"),
        PageCheck(
            "versions (baselines)",
            "#/versions",
            f"document.querySelector('#baselines-table tbody tr') && {not_loading}",
        ),
        PageCheck(
            "diff baseline -> current",
            f"#/diff?from={BASELINE}&to=current",
            f"document.querySelector('#diff-summary, #diff .notice') && {not_loading}",
        ),
        PageCheck(
            "cycles",
            "#/cycles",
            f"document.querySelector('#crosswalk, main .notice') && {not_loading}",
        ),
        PageCheck(
            "suspects",
            "#/suspects",
            f"document.querySelector('#suspect-summary, #suspects .notice') && {not_loading}",
        ),
        PageCheck(
            "performance",
            "#/performance",
            f"document.querySelector('#performance-table, #performance .notice') && {not_loading}",
        ),
    ]


#: The API requests a page made (its resource timings): URL, decoded body bytes, bytes on
#: the wire (gzip), HTTP status, milliseconds.
API_REQUESTS = """() => performance.getEntriesByType('resource')
  .filter((e) => e.name.includes('/api/'))
  .map((e) => [e.name, e.decodedBodySize, e.transferSize, e.responseStatus || 0, e.duration])"""


def measure(browser: Browser, base_url: str, check: PageCheck, timeout_s: float) -> dict[str, Any]:
    # the page forbids eval (CSP); Playwright's wait_for_function needs it, so only here
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        start = time.perf_counter()
        page.goto(f"{base_url}/{check.hash}")
        try:
            page.wait_for_function(check.ready, timeout=timeout_s * 1000, polling=100)
            seconds: float | None = time.perf_counter() - start
        except PageTimeout:  # a page that never renders is a result, not a crash
            seconds = None
        requests = page.evaluate(API_REQUESTS)
        problem = page.locator("main .notice.error").all_inner_texts()
    finally:
        context.close()
    largest: list[Any] = max(requests, key=lambda r: r[1], default=["", 0, 0, 0, 0])
    # 404 and 409 are answers the search page shows (nearest names, candidates)
    failed = [r for r in requests if r[3] >= 500 or r[3] in (400, 406, 413, 422)]
    return {
        "page": check.name,
        "url": check.hash,
        "seconds": None if seconds is None else round(seconds, 2),
        "requests": len(requests),
        "api_bytes": sum(r[1] for r in requests),
        "largest_bytes": largest[1],
        "largest_wire_bytes": largest[2],
        "largest_url": largest[0].split("/api/v1", 1)[-1][:70],
        "problems": [*errors, *problem, *(f"{r[3]} {r[0]}" for r in failed)],
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'page':<24} {'render s':>9} {'API calls':>9} {'API KiB':>9} {'largest KiB':>11} "
        f"{'(gzip)':>8}  largest answer"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        shown = "timeout" if r["seconds"] is None else f"{r['seconds']:.2f}"
        lines.append(
            f"{r['page']:<24} {shown:>9} {r['requests']:>9} {r['api_bytes'] / 1024:>9.0f} "
            f"{r['largest_bytes'] / 1024:>11.0f} {r['largest_wire_bytes'] / 1024:>8.0f}  "
            f"{r['largest_url']}"
        )
        lines += [f"    ! {p[:150]}" for p in r["problems"]]
    return "\n".join(lines)


def chromium_path() -> str:
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    raise SystemExit("no system Chromium: run `make browser` (installs Debian's chromium)")


@contextmanager
def loaded_service(size: int, seed: int, heap: str) -> Iterator[tuple[str, dict[str, str], str]]:
    """A local Neo4j holding `synthesize(size, seed)` and the API serving it: the base URL,
    a typical element of each type, and a word of an output's name to search for."""
    with (
        tempfile.TemporaryDirectory(prefix="rbmtrace-explorer-check-") as logs,
        environment.managed_neo4j(heap, heap, echo=print) as target,
    ):
        driver = create_driver(target.uri, target.auth, environment.bench_settings(heap, heap))
        try:
            graph = Graph(driver, target.database)
            apply_schema(graph)
            plan = synthesize(size, seed)
            print(f"Importing {size:,} elements and {len(plan.bundle['links']):,} links ...")
            path, seconds, _ = import_throughput.project_import(graph, plan.bundle)
            print(f"  {path}: {seconds:.1f} s")
            subjects = pick_subjects(plan.bundle)
            edit_after_a_baseline(graph, plan.bundle)
            output = next(e for e in plan.bundle["elements"] if e["type"] == "Output")
            word = output["name"].split()[0]
            with environment.running_service(target, Path(logs)) as service:
                yield service.base_url, subjects, word
        finally:
            driver.close()


#: The baseline the diff page compares with current, and how many outcomes are reworded
#: after it (each makes its links suspect and shows as a field change).
BASELINE = "explorer-check"
EDITS = 20


def edit_after_a_baseline(graph: Graph, bundle: dict[str, Any]) -> None:
    started = time.perf_counter()
    baselines.create_baseline(graph, BASELINE, "before the explorer check's edits", "bench")
    print(f"  baseline {BASELINE}: {time.perf_counter() - started:.1f} s")
    outcomes = [e["id"] for e in bundle["elements"] if e["type"] == "Outcome"][:EDITS]
    for outcome in outcomes:
        writes.update_element(
            graph, outcome, {"description": "Reworded after the baseline"}, "bench"
        )


def pick_subjects(bundle: dict[str, Any]) -> dict[str, str]:
    """The thematic priority with the most outputs below it (the heaviest page)."""
    served: dict[str, int] = {}
    for link in bundle["links"]:
        if link["type"] == "HAS_OUTCOME":
            served[link["from"]] = served.get(link["from"], 0) + 1
    return {"ThematicPriority": max(sorted(served), key=lambda k: served[k])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The explorer's pages at a large size.")
    parser.add_argument("--size", type=int, default=100_000, help="elements (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--heap", default="2g", help="Neo4j heap and page cache (default 2g)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a page may take")
    args = parser.parse_args(argv)
    # a SIGTERM unwinds like Ctrl-C, so the Neo4j and the service this run started stop
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with (
        loaded_service(args.size, args.seed, args.heap) as (base_url, subjects, word),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium_path())
        try:
            rows = [
                measure(browser, base_url, check, args.timeout) for check in pages(subjects, word)
            ]
        finally:
            browser.close()
    print(f"\nExplorer at {args.size:,} elements (seed {args.seed}); first visit of each page:")
    print(table(rows))
    return 0 if all(r["seconds"] is not None and not r["problems"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
