"""CSV cells that a spreadsheet will not run as formulas, and reading them back.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by
spreadsheet programs as a formula (CSV formula injection). Every CSV the service writes
(`export?format=csv`, the trace matrix as CSV) passes each text cell through
`neutralise`, which puts an apostrophe in front of such text (the spreadsheet convention
for "this is text", not shown in the cell); plain numbers such as `-5` or `+1.5e3` are
left alone. The importer passes each cell through `restore`, which takes that one
apostrophe off again, so an export imports back exactly. Text that itself starts with
apostrophes before such a character gets one more on the way out, and loses one on the
way in.
"""

from __future__ import annotations

import re

_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(text: str) -> str:
    """`text` as a CSV cell that no spreadsheet runs as a formula."""
    if _FORMULA_START.match(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def restore(cell: str) -> str:
    """The text a cell written by `neutralise` holds."""
    return cell[1:] if _ESCAPED.match(cell) else cell
