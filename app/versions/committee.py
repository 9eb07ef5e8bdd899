"""A diff as Markdown or HTML for a committee, with the report templates' environment
(`app.reports.rendering`: every value escaped)."""

from __future__ import annotations

import re

from markupsafe import Markup

from app.reports.rendering import TEMPLATES, ReportFormat, environment
from app.versions.schemas import Diff


def render_diff(diff: Diff, fmt: ReportFormat) -> str:
    if fmt == ReportFormat.markdown:
        text = environment(fmt).get_template("diff.md.j2").render(d=diff)
        return re.sub(r"\n{3,}", "\n\n", text)
    css = Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))  # noqa: S704 (ours)
    return environment(ReportFormat.html).get_template("diff.html.j2").render(d=diff, css=css)
