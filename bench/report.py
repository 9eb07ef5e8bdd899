"""The goals of issue 6 checked against a run's results; plots; BENCHMARKS.md."""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any

from app import PROJECT_ROOT

ANALYSIS = PROJECT_ROOT / "bench" / "analysis.md"
GOAL_SIZE = 100_000


def _imported(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in results["sizes"] if s.get("imported")]


def _gap_seconds(entry: dict[str, Any]) -> tuple[float | None, str]:
    gaps = entry.get("gaps") or {}
    if "http_seconds" in gaps:
        return gaps["http_seconds"], "HTTP"
    if "raw_seconds" in gaps:
        return gaps["raw_seconds"], "raw"
    return None, ""


def _gap_goal(entry: dict[str, Any], where: str) -> dict[str, Any]:
    """The full gap run of the size `entry` within 2 s (`where` says which size)."""
    seconds, how = _gap_seconds(entry)
    return {
        "goal": f"full gap run <= 2 s{where}",
        "value": seconds,
        "target": 2.0,
        "met": None if seconds is None else seconds <= 2.0,
        "detail": how,
    }


def _million_goals(largest: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 16's goals judged at a million elements, when the run got there: the budget's
    ratio to its raw queries, the full gap run, and the import's peak memory."""
    size = largest["elements"]
    if size < 1_000_000:
        return []
    out = []
    budget = (largest.get("latency") or {}).get("budget_by_priority") or {}
    ratio = budget.get("p50_ratio")
    if ratio is not None:
        out.append(
            {
                "goal": f"API p50 <= 1.5x raw p50 at {size:,}: {budget['title']}",
                "value": ratio,
                "target": 1.5,
                "met": ratio <= 1.5,
                "detail": f"HTTP {budget['http']['p50_ms']} ms vs raw {budget['raw']['p50_ms']}"
                f" ms, {budget['http'].get('n', '?')} samples each",
            }
        )
    if _gap_seconds(largest)[0] is not None:
        out.append(_gap_goal(largest, f" at {size:,}"))
    peak = ((largest.get("import") or {}).get("project") or {}).get("peak_mib")
    if peak is not None:
        out.append(
            {
                "goal": f"peak memory of the import <= 2 GiB at {size:,}",
                "value": peak,
                "target": 2048,
                "met": peak <= 2048,
                "detail": "the bundle given as data (read whole); `rbmtrace import FILE` of a "
                "JSON file streams it: `make bench-online`",
            }
        )
    return out


def goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    imported = _imported(results)
    if not imported:
        return [{"goal": "anything imported", "met": False, "value": "nothing was imported"}]
    largest = imported[-1]
    at = next((s for s in imported if s["elements"] == GOAL_SIZE), largest)
    note = "" if at["elements"] == GOAL_SIZE else f" (at {at['elements']:,}: 100k not imported)"

    with_project = [s for s in imported if "project" in s["import"]]
    if with_project:
        measured = with_project[-1]
        imp = measured["import"]
        vs_raw = imp["project"]["items_per_s"] / imp["raw_unwind"]["items_per_s"]
        vs_row = imp["project"]["items_per_s"] / imp["per_row"]["items_per_s"]
        size_note = f" at {measured['elements']:,} elements"
        if measured is not largest:
            size_note += " (the largest size the project path ran at; see Skipped)"
        out.append(
            {
                "goal": "import >= 0.8x raw UNWIND" + size_note,
                "value": round(vs_raw, 2),
                "target": 0.8,
                "met": vs_raw >= 0.8,
            }
        )
        out.append(
            {
                "goal": "import >= 50x per-row" + size_note,
                "value": round(vs_row, 1),
                "target": 50,
                "met": vs_row >= 50,
            }
        )
    else:
        out.append({"goal": "import >= 0.8x raw UNWIND", "value": None, "target": 0.8, "met": None})
    for key, measure in (at.get("latency") or {}).items():
        ratio = measure.get("p50_ratio")
        out.append(
            {
                "goal": f"API p50 <= 1.5x raw p50: {measure['title']}{note}",
                "value": ratio,
                "target": 1.5,
                "met": None if ratio is None else ratio <= 1.5,
                "detail": f"HTTP {measure.get('http', {}).get('p50_ms', '-')} ms vs raw "
                f"{measure.get('raw', {}).get('p50_ms', '-')} ms",
                "key": key,
            }
        )
    for key, measure in (largest.get("latency") or {}).items():
        cached = (measure.get("http_cached") or {}).get("p50_ms")
        out.append(
            {
                "goal": f"repeated request (no write between) p50 <= 50 ms: {measure['title']}"
                f" at {largest['elements']:,}",
                "value": cached,
                "target": 50,
                "met": None if cached is None else cached <= 50,
                "detail": f"cold {measure.get('http', {}).get('p50_ms', '-')} ms",
                "key": key,
            }
        )
        cold = (measure.get("http") or {}).get("p50_ms")
        if largest["elements"] >= 1_000_000 and cold is not None:
            out.append(
                {
                    "goal": f"cold request p50 <= 1 s at {largest['elements']:,}: "
                    f"{measure['title']}",
                    "value": cold,
                    "target": 1000,
                    "met": cold <= 1000,
                    "key": key,
                }
            )
    compared = [s for s in imported if (s.get("budget_equality") or {}).get("compared")]
    if compared:
        out.append(
            {
                "goal": "budget figures before == after the roll-up's rewrite, every level",
                "value": all(s["budget_equality"]["equal"] for s in compared),
                "target": True,
                "met": all(s["budget_equality"]["equal"] for s in compared),
                "detail": "at " + ", ".join(f"{s['elements']:,}" for s in compared),
            }
        )
    out.append(_gap_goal(at, note or f" at {at['elements']:,}"))
    out += _million_goals(largest)
    for small, big in itertools.pairwise(imported):
        a, how_a = _gap_seconds(small)
        b, how_b = _gap_seconds(big)
        size_ratio = big["elements"] / small["elements"]
        if a and b and how_a == how_b:
            growth = b / a
            out.append(
                {
                    "goal": f"gap run growth {small['elements']:,} -> {big['elements']:,} "
                    f"no worse than linear (x{size_ratio:.0f})",
                    "value": round(growth, 2),
                    "target": size_ratio,
                    "met": growth <= size_ratio,
                    "detail": how_a,
                }
            )
    load = results.get("load")
    out.append(
        {
            "goal": f"no errors under {results['settings']['clients']} concurrent clients",
            "value": None if not load else load["errors"],
            "target": 0,
            "met": None if not load else load["errors"] == 0,
            "detail": "" if not load else f"{load['requests_per_s']} requests/s",
        }
    )
    if load and load.get("raw"):
        best = max(load["ratio_to_raw"], load.get("two_workers_ratio_to_raw") or 0)
        out.append(
            {
                "goal": f"{load['clients']} clients: HTTP requests/s >= 0.8x the raw driver",
                "value": best,
                "target": 0.8,
                "met": best >= 0.8,
                "detail": f"1 worker {load['requests_per_s']}, 2 workers "
                f"{(load.get('two_workers') or {}).get('requests_per_s', '-')}, raw "
                f"{load['raw']['requests_per_s']} requests/s",
            }
        )
    return out


def goal_lines(goal_list: list[dict[str, Any]]) -> list[str]:
    lines = ["Goals (value beside target):"]
    for g in goal_list:
        verdict = {True: "MET", False: "MISSED", None: "NOT MEASURED"}[g.get("met")]
        detail = f"  [{g['detail']}]" if g.get("detail") else ""
        lines.append(
            f"  {verdict:<12} {g['goal']}: {g.get('value')} (goal {g.get('target')}){detail}"
        )
    return lines


def plots(results: dict[str, Any], out_dir: Path) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  (matplotlib not installed: no plots)")
        return []
    imported = _imported(results)
    if not imported:
        return []
    sizes = [s["elements"] for s in imported]
    written = []

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for key, label in (
        ("project", "project import path"),
        ("raw_unwind", "raw UNWIND batches"),
        ("per_row", "one transaction per row (sample)"),
    ):
        points = [
            (s["elements"], s["import"][key]["items_per_s"]) for s in imported if key in s["import"]
        ]
        if points:
            ax.plot(*zip(*points, strict=True), marker="o", label=label)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="elements in the plan",
        ylabel="elements + links per second",
        title="Import throughput",
    )
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out_dir / "import_throughput.png", dpi=110)
    plt.close(fig)
    written.append("import_throughput.png")

    gap = [(s["elements"], s.get("gaps") or {}) for s in imported]
    if any("raw_seconds" in g or "http_seconds" in g for _, g in gap):
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        for key, label in (("http_seconds", "GET /api/v1/gaps"), ("raw_seconds", "raw driver")):
            points = [(n, g[key]) for n, g in gap if key in g]
            if points:
                ax.plot(*zip(*points, strict=True), marker="o", label=label)
        first = next((n, g.get("http_seconds") or g.get("raw_seconds")) for n, g in gap)
        if first[1]:
            ax.plot(
                sizes,
                [first[1] * n / first[0] for n in sizes],
                linestyle="--",
                color="grey",
                label="linear from the smallest",
            )
        ax.axhline(2.0, color="red", linewidth=0.8, label="goal at 100k: 2 s")
        ax.set(
            xscale="log",
            yscale="log",
            xlabel="elements in the plan",
            ylabel="seconds",
            title="Full gap analysis",
        )
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
        fig.tight_layout()
        fig.savefig(out_dir / "gap_run.png", dpi=110)
        plt.close(fig)
        written.append("gap_run.png")

    keys = sorted({k for s in imported for k in (s.get("latency") or {})})
    if keys:
        fig, ax = plt.subplots(figsize=(7.2, 4.6))
        for key in keys:
            for via, style in (("http", "-"), ("raw", ":")):
                points = [
                    (s["elements"], s["latency"][key][via]["p50_ms"])
                    for s in imported
                    if via in (s.get("latency") or {}).get(key, {})
                ]
                if points:
                    ax.plot(
                        *zip(*points, strict=True),
                        linestyle=style,
                        marker="o",
                        label=f"{key} ({via})",
                    )
        ax.set(
            xscale="log",
            yscale="log",
            xlabel="elements in the plan",
            ylabel="p50 ms",
            title="Query latency p50: HTTP (solid) vs raw driver (dotted)",
        )
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out_dir / "latency_p50.png", dpi=110)
        plt.close(fig)
        written.append("latency_p50.png")
    return written


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if c is None else str(c) for c in row) + " |" for row in rows]
    return lines


def _as_planted(gaps: dict[str, Any]) -> str:
    match = gaps.get("findings_match_planted")
    if match is None:
        return "-"
    return "yes" if match else f"**no**: {gaps.get('findings_not_as_planted')}"


def _n(value: float | int | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"


def write_markdown(results: dict[str, Any], path: Path) -> None:
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `bench/run.py` (`make bench`); the numbers below are from one run.",
        "Analysis and profiling notes follow the tables.",
        "",
        f"- Command: `{results['command']}` (ran as `{results['argv']}`)",
        f"- Started {results['started_at']}, total wall time {results['total_seconds']:.0f} s",
        f"- Import path measured: `{results.get('import_path')}`",
        f"- Neo4j: managed local 5.26 Community, heap {results['settings']['neo4j_heap']}, "
        f"page cache {results['settings']['neo4j_pagecache']}, on the same machine",
        "- Service: uvicorn (1 worker) in a subprocess on 127.0.0.1",
        "",
        "## Machine",
        "",
        f"`nproc`: {m['nproc']}; Python {m['python']}; {m['platform']}",
        "",
        "```",
        m["free_m"],
        "```",
        "",
        "`lscpu`: " + "; ".join(f"{k}: {v}" for k, v in m["lscpu"].items()),
        "",
        "## Goals",
        "",
    ]
    lines += _table(
        ["goal", "value", "target", "verdict", "detail"],
        [
            [
                g["goal"],
                g.get("value"),
                g.get("target"),
                {True: "met", False: "**missed**", None: "not measured"}[g.get("met")],
                g.get("detail", ""),
            ]
            for g in results["goals"]
        ],
    )
    lines += ["", "## Sizes", ""]
    lines += _table(
        ["elements", "links", "generate s", "JSON MB", "imported"],
        [
            [
                f"{s['elements']:,}",
                f"{s['links']:,}",
                s["generate_seconds"],
                round(s["bundle_json_bytes"] / 1e6, 1),
                "yes" if s.get("imported") else "no",
            ]
            for s in results["sizes"]
        ],
    )
    imported = _imported(results)
    if imported:
        lines += ["", "## Import throughput (elements + links per second)", ""]
        rows = []
        for s in imported:
            imp = s["import"]
            proj = imp.get("project")
            raw, row = imp["raw_unwind"], imp["per_row"]
            estimate = (s.get("estimates_seconds") or {}).get("project")
            rows.append(
                [
                    f"{s['elements']:,}",
                    _n(proj["items_per_s"]) if proj else "not run",
                    proj["seconds"] if proj else f"(estimated {estimate})",
                    _n(raw["items_per_s"]),
                    raw["seconds"],
                    _n(row["items_per_s"]),
                    round(proj["items_per_s"] / raw["items_per_s"], 2) if proj else "-",
                    round(proj["items_per_s"] / row["items_per_s"], 1) if proj else "-",
                    (proj or {}).get("peak_mib", "-"),
                    imp["bulk"]["seconds"] if "bulk" in imp else "not run",
                    _n(imp["bulk"]["items_per_s"]) if "bulk" in imp else "-",
                    imp["bulk"]["peak_mib"] if "bulk" in imp else "-",
                ]
            )
        lines += _table(
            [
                "elements",
                "project items/s",
                "project s",
                "raw UNWIND items/s",
                "raw s",
                "per-row rows/s",
                "project/raw (goal >= 0.8)",
                "project/per-row (goal >= 50)",
                "project peak MiB",
                "bulk s",
                "bulk items/s",
                "bulk peak MiB",
            ],
            rows,
        )
        lines += ["", "![import throughput](bench/results/import_throughput.png)", ""]
        lines += ["## Latency over HTTP vs the same Cypher through the raw driver", ""]
        rows = []
        for s in imported:
            for _key, lat in (s.get("latency") or {}).items():
                h, r = lat.get("http", {}), lat.get("raw", {})
                rows.append(
                    [
                        f"{s['elements']:,}",
                        lat["title"],
                        h.get("p50_ms"),
                        h.get("p95_ms"),
                        h.get("p99_ms"),
                        r.get("p50_ms"),
                        r.get("p95_ms"),
                        r.get("p99_ms"),
                        lat.get("p50_ratio"),
                        (lat.get("http_cached") or {}).get("p50_ms"),
                    ]
                )
        lines += [
            "HTTP is a cold request (`Cache-Control: no-cache`: computed afresh, as after any "
            "commit); *repeated* is the same request again with no write in between, answered "
            "from the read cache. Record decoding: "
            + (
                "the driver's Rust extension (`neo4j-rust-ext`) on both sides."
                if results["settings"].get("rust_extension")
                else "pure Python (no `neo4j-rust-ext`)."
            ),
            "",
        ]
        lines += _table(
            [
                "elements",
                "query",
                "HTTP p50 ms",
                "p95",
                "p99",
                "raw p50 ms",
                "p95",
                "p99",
                "p50 ratio (goal <= 1.5 at 100k)",
                "repeated p50 ms (goal <= 50)",
            ],
            rows,
        )
        equal_rows = [
            [
                f"{s['elements']:,}",
                by,
                level["figures"],
                "yes" if level["equal"] else "NO: " + "; ".join(level["differing"]),
                "yes" if level["reconciled"] else "no",
                level["old_seconds"],
                level["new_seconds"],
            ]
            for s in imported
            if (s.get("budget_equality") or {}).get("compared")
            for by, level in s["budget_equality"]["levels"].items()
        ]
        if equal_rows:
            lines += [
                "",
                "### Budget figures before and after the rewrite",
                "",
                "Every page of every level rolled up by the roll-up as it was at commit "
                f"{imported[0].get('budget_equality', {}).get('reference_commit', '?')} "
                "(read from git by `bench/budget_equality.py`) and by today's, compared field "
                "by field (figures, totals, `reconciled`, held below, methods, notes); "
                "seconds are in-process, all pages.",
                "",
            ]
            lines += _table(
                ["elements", "level", "figures", "equal", "reconciled", "before s", "after s"],
                equal_rows,
            )
        version_rows = [
            [
                f"{s['elements']:,}",
                s["versions"]["baseline_seconds"],
                s["versions"]["raw_snapshot_seconds"],
                s["versions"]["diff_seconds"],
                s["versions"]["raw_export_seconds"],
                f"{s['versions']['diff_changes']:,}",
            ]
            for s in imported
            if s.get("versions")
        ]
        if version_rows:
            lines += ["", "### Plan versions: a baseline, then a diff after editing 1%", ""]
            lines += _table(
                ["elements", "baseline s", "raw snapshot s", "diff s", "raw export s", "changes"],
                version_rows,
            )
        suspect_rows = [
            [
                f"{s['elements']:,}",
                title,
                s["suspects"][title]["service"]["p50_ms"],
                s["suspects"][title]["raw"]["p50_ms"],
                s["suspects"][title]["p50_ratio"],
            ]
            for s in imported
            if s.get("suspects")
            for title in s["suspects"]
            if isinstance(s["suspects"][title], dict) and "p50_ratio" in s["suspects"][title]
        ]
        if suspect_rows:
            lines += ["", "### Suspect links (1% of the outcomes reworded through Cypher)", ""]
            lines += _table(
                ["elements", "query", "service p50 ms", "raw p50 ms", "ratio"], suspect_rows
            )
        lines += ["", "![latency](bench/results/latency_p50.png)", ""]
        lines += ["## Full gap analysis", ""]
        rows = []
        prev = None
        for s in imported:
            g = s.get("gaps") or {}
            sec, _how = _gap_seconds(s)
            growth = (
                ""
                if not (prev and prev[1] and sec)
                else (f"x{sec / prev[1]:.2f} for x{s['elements'] / prev[0]:.0f} data")
            )
            rows.append(
                [
                    f"{s['elements']:,}",
                    g.get("http_seconds"),
                    g.get("raw_seconds"),
                    len(g.get("raw_per_check_seconds") or {}),
                    sum((g.get("raw_findings") or {}).values()),
                    _as_planted(g),
                    growth,
                ]
            )
            prev = (s["elements"], sec)
        lines += _table(
            [
                "elements",
                "HTTP s",
                "raw s (sum of checks)",
                "checks",
                "findings",
                "findings as planted",
                "growth",
            ],
            rows,
        )
        last = imported[-1].get("gaps") or {}
        if last.get("raw_per_check_seconds"):
            lines += ["", f"Slowest checks at {imported[-1]['elements']:,} elements (raw):", ""]
            lines += _table(
                ["check", "seconds", "findings"],
                [
                    [k, v, (last.get("raw_findings") or {}).get(k)]
                    for k, v in list(last["raw_per_check_seconds"].items())[:8]
                ],
            )
        lines += ["", "![gap run](bench/results/gap_run.png)", ""]
    load = results.get("load")
    lines += ["## Concurrency and memory", ""]
    if load:
        lat = load.get("latency") or {}
        lines += [
            f"{load['clients']} concurrent keep-alive clients on outputs-serving-a-priority for "
            f"{load['seconds']} s at {load['elements']:,} elements: **{load['requests_per_s']} "
            f"requests/s**, {load['requests_ok']:,} answered, **{load['errors']} errors** "
            f"{load['errors_by_kind'] or ''}; latency p50 {lat.get('p50_ms')} ms, p95 "
            f"{lat.get('p95_ms')} ms, p99 {lat.get('p99_ms')} ms.",
            "",
        ]
        if load.get("raw"):
            two = load.get("two_workers") or {}
            rows = [
                [
                    "HTTP, 1 worker",
                    load["requests_per_s"],
                    load["errors"],
                    lat.get("p50_ms"),
                    load["ratio_to_raw"],
                ],
                [
                    "HTTP, 2 workers",
                    two.get("requests_per_s"),
                    two.get("errors"),
                    (two.get("latency") or {}).get("p50_ms"),
                    load.get("two_workers_ratio_to_raw"),
                ],
                [
                    "HTTP, 1 worker, `GET /health` (no database: the HTTP stack alone)",
                    (load.get("http_only") or {}).get("requests_per_s"),
                    (load.get("http_only") or {}).get("errors"),
                    ((load.get("http_only") or {}).get("latency") or {}).get("p50_ms"),
                    "",
                ],
                [
                    "raw driver, same clients (threads)",
                    load["raw"]["requests_per_s"],
                    load["raw"]["errors"],
                    (load["raw"].get("latency") or {}).get("p50_ms"),
                    1.0,
                ],
            ]
            lines += _table(["", "requests/s", "errors", "p50 ms", "x raw (goal >= 0.8)"], rows)
            lines += [""]
            lines += _cpu_table(load)
    mem = results.get("service_memory_kib")
    if mem:
        lines += [
            f"Service process peak RSS (VmHWM): **{mem['VmHWM'] / 1024:.0f} MiB** "
            f"(RSS at the end {mem['VmRSS'] / 1024:.0f} MiB).",
            "",
        ]
    if results["skipped"]:
        lines += ["## Skipped", ""]
        lines += [f"- {s['what']}: {s['reason']}" for s in results["skipped"]]
        lines += [""]
    if ANALYSIS.exists():
        lines += ["", ANALYSIS.read_text(encoding="utf-8").strip(), ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cpu_table(load: dict[str, Any]) -> list[str]:
    """Where each phase's CPU went: milliseconds per answered request for Neo4j, the
    service's processes and the load generator, and how busy the cores were."""
    phases = [
        ("HTTP, 1 worker", load),
        ("HTTP, 2 workers", load.get("two_workers") or {}),
        ("HTTP, `GET /health`", load.get("http_only") or {}),
        ("raw driver", load.get("raw") or {}),
    ]
    rows = []
    for name, figures in phases:
        account = figures.get("cpu")
        if not account:
            continue
        per = account["ms_per_request"]
        spent = sum(account["cpu_seconds"].values())
        busy = spent / (account["wall_seconds"] * (account["cores"] or 1))
        rows.append(
            [
                name,
                per.get("neo4j"),
                per.get("service", "-"),
                per.get("clients"),
                per.get("total"),
                f"{busy:.0%}",
            ]
        )
    if not rows:
        return []
    return [
        "CPU per answered request, ms (user + system, from /proc, each phase on its own; "
        "the cores are shared by all three):",
        "",
        *_table(
            ["", "Neo4j", "service", "load generator", "sum", "cores busy"],
            rows,
        ),
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    """Render BENCHMARKS.md again from a run's results (its goals judged by this module as
    it is now): after the analysis text changes, or the goals do, no new run is needed."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument(
        "results", nargs="?", type=Path, default=PROJECT_ROOT / "bench" / "results" / "latest.json"
    )
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    results["goals"] = goals(results)
    write_markdown(results, PROJECT_ROOT / "BENCHMARKS.md")
    for line in goal_lines(results["goals"]):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
