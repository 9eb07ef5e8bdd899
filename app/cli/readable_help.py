"""Help texts in words a person reads: `TEXT`, `PATH`, `a|b|c`, nothing for a flag.

Typer labels each option with the Python type it was declared with (`<bool>`,
`<list[Path]>`, `<str>`). `ReadableGroup`, the class of the `rbmtrace` group, gives
every command and parameter below it (sub-groups included) the readable labels, in one
place, whatever module registered them. (Typer carries its own copy of click, so its
contexts and parameters are annotated `Any` here.)
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

_WORDS = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "NUMBER",
    "Path": "PATH",
    "file": "FILE",
    "directory": "DIRECTORY",
    "datetime": "DATE",
    "UUID": "UUID",
}


def readable_type(label: str) -> str:
    """Typer's `<type>` label in words; empty for a flag."""
    inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
    listed = re.fullmatch(r"list\[(.*)\]", inner)
    if listed:
        return readable_type(listed.group(1)) + " ..."
    if inner == "bool":
        return ""
    return _WORDS.get(inner, inner)


class ReadableOption(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag:
            return None
        return readable_type(self.display_type(ctx))


class ReadableArgument(TyperArgument):
    def display_type_rich(self, ctx: Any) -> str | None:
        return readable_type(self.display_type(ctx))


def _readable(param: Any) -> None:
    if type(param) is TyperOption:
        param.__class__ = ReadableOption
    elif type(param) is TyperArgument:
        param.__class__ = ReadableArgument
        if param.metavar is None and param.name:
            param.metavar = param.name.upper()


class ReadableCommand(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # (includes the help option, made on demand)
        for param in params:
            _readable(param)
        return params


class ReadableGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _adopt(self)

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            _readable(param)
        return params


def _adopt(group: TyperGroup) -> None:
    """Give every command below `group` the readable help (classes only; no behaviour)."""
    for command in group.commands.values():
        if type(command) is TyperCommand:
            command.__class__ = ReadableCommand
        elif type(command) is TyperGroup:
            command.__class__ = ReadableGroup
            _adopt(command)
