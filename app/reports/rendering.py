"""The linkage report as HTML, Markdown or PDF, rendered by Jinja2 templates.

`templates/report.html.j2` (with its stylesheet `report.css` and the results-chain
diagram `diagram.svg.j2`, drawn here so the page prints without a browser's script) and
`templates/report.md.j2` render the same `LinkageReport`. The PDF is the HTML laid out
for print by WeasyPrint.

Both environments escape every value: HTML by autoescaping, Markdown by `markdown_text`,
which turns raw HTML into text (as in the HTML report) and escapes Markdown's own
punctuation, so a name like `<script>` or `*bold*` prints as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from app.core.errors import BadRequest
from app.db.graph import Graph
from app.reports.linkage import LinkageReport, linkage_report_data

TEMPLATES = Path(__file__).parent / "templates"
#: Box colours of the diagram, one per level of the results chain.
DIAGRAM_COLOURS = {
    "Vision": "#e8e1f5",
    "Mission": "#d9e6f5",
    "Goal": "#dcefe3",
    "ThematicPriority": "#fbeed5",
    "Outcome": "#f6dfe0",
    "Output": "#e3ecd5",
    "CostObject": "#eeeeee",
}


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    pdf = "pdf"


MEDIA_TYPES = {
    ReportFormat.markdown: "text/markdown; charset=utf-8",
    ReportFormat.html: "text/html; charset=utf-8",
    ReportFormat.pdf: "application/pdf",
}
SUFFIXES = {
    ".md": ReportFormat.markdown,
    ".markdown": ReportFormat.markdown,
    ".html": ReportFormat.html,
    ".htm": ReportFormat.html,
    ".pdf": ReportFormat.pdf,
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def markdown_text(value: Any) -> Any:
    """A value as Markdown text: HTML escaped, Markdown punctuation backslash-escaped, one
    line (so it fits in a table cell). Markup (a macro's output) is left as it is."""
    if isinstance(value, Markup):
        return value
    text = html.escape(" ".join(str(value).split()), quote=False)  # quotes stay as typed
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", text))  # noqa: S704 (escaped above)


def markdown_code(value: Any) -> Markup:
    """A value as a Markdown code span (copied as it is, e.g. a finding key)."""
    return Markup("`" + str(value).replace("`", "'") + "`")  # noqa: S704 (a code span shows HTML as text)


@lru_cache(maxsize=2)
def environment(fmt: ReportFormat) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
        finalize=markdown_text if fmt == ReportFormat.markdown else None,
    )
    env.filters["code"] = markdown_code
    return env


def render_html(report: LinkageReport) -> str:
    template = environment(ReportFormat.html).get_template("report.html.j2")
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return template.render(
        r=report,
        css=Markup(css),  # noqa: S704 (our own stylesheet)
        colours=DIAGRAM_COLOURS,
    )


def render_markdown(report: LinkageReport) -> str:
    template = environment(ReportFormat.markdown).get_template("report.md.j2")
    text = template.render(r=report)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_pdf(report: LinkageReport) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only the PDF needs

    pdf = HTML(string=render_html(report)).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    return pdf


def render(report: LinkageReport, fmt: ReportFormat) -> bytes:
    """The report in a format, as bytes (UTF-8 for the text formats)."""
    if fmt == ReportFormat.pdf:
        return render_pdf(report)
    text = render_html(report) if fmt == ReportFormat.html else render_markdown(report)
    return text.encode("utf-8")


def linkage_report(
    graph: Graph,
    fmt: ReportFormat = ReportFormat.markdown,
    plans: Sequence[str] = (),
    now: datetime | None = None,
    base_url: str = "",
) -> bytes:
    """The linkage report of the plans named (default: every plan), in a format."""
    return render(linkage_report_data(graph, plans, now=now, base_url=base_url), fmt)


def format_of(path: Path) -> ReportFormat:
    """The format a file name asks for by its extension; BadRequest naming the choices."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise BadRequest(
            f"{path}: the extension {path.suffix or '(none)'!r} names no report format.",
            hint="End the file name with .pdf, .html or .md.",
        )
    return fmt
