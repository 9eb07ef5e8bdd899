"""Write the figures of the last reliability run into RELIABILITY.md.

`make reliability` runs the reliability tests with a JUnit XML report and with
`RBMTRACE_RELIABILITY_FIGURES` set (see tests/hostile/conftest.py), then runs this:
`python -m tests.hostile.reliability_figures <junit.xml> <figures.json> RELIABILITY.md`.
The block between the `figures:start` and `figures:end` markers is replaced.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def _per_file(root: ET.Element) -> dict[str, Counter[str]]:
    files: dict[str, Counter[str]] = {}
    for case in root.iter("testcase"):
        name = (case.get("classname") or "").replace(".", "/") + ".py"
        outcome = "passed"
        for kind in ("failure", "error", "skipped"):
            if case.find(kind) is not None:
                outcome = kind
        files.setdefault(name, Counter())[outcome] += 1
    return files


def render(junit: Path, figures_path: Path) -> str:
    root = ET.parse(junit).getroot()  # noqa: S314 - our own pytest report
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    seconds = sum(float(s.get("time", 0)) for s in suites)
    figures = json.loads(figures_path.read_text()) if figures_path.exists() else {}
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START,
        f"Last run: {when}, `make reliability`: **{total} tests, {failed} failed, "
        f"{skipped} skipped**, {seconds:.0f} s.",
        "",
        "| figure | value |",
        "|---|---|",
    ]
    for name, value in sorted(figures.items()):
        shown = json.dumps(value) if isinstance(value, dict | list) else str(value)
        lines.append(f"| `{name}` | {shown} |")
    lines += ["", "| test file | passed | failed | skipped |", "|---|---|---|---|"]
    for name, counts in sorted(_per_file(root).items()):
        bad = counts["failure"] + counts["error"]
        lines.append(f"| `{name}` | {counts['passed']} | {bad} | {counts['skipped']} |")
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    junit, figures, document = (Path(a) for a in argv[1:4])
    text = document.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    document.write_text(head + render(junit, figures) + tail)
    print(f"figures written to {document}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
