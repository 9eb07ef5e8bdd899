"""Where a problem in a bundle is: the file, the item (index, row or line) and the field.

Every refusal of an import or a write lists `BundleError`s; each says its place, what is
wrong and, where we can tell, how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Longest field name quoted in an error (an unknown key may be any length).
MAX_FIELD_CHARS = 100


@dataclass(frozen=True)
class Place:
    """A file and a location in it: `elements[3]`, `row 7`, `line 4, column 2`, `byte 10`."""

    file: str
    location: str = ""

    def error(
        self, message: str, *, field: str | None = None, hint: str | None = None
    ) -> BundleError:
        if field is not None and len(field) > MAX_FIELD_CHARS:  # e.g. a hostile key
            field = field[:MAX_FIELD_CHARS] + "..."
        return BundleError(place=self, field=field, message=message, hint=hint)

    def __str__(self) -> str:
        return f"{self.file}: {self.location}" if self.location else self.file


class PlaceLater:
    """The place of an item, made only when an error names it: `place_of(where)`, where
    `where` is whatever names the item cheaply (a bulk load reads millions of items, nearly
    all of them right, and keeps the first place of every id)."""

    __slots__ = ("place_of", "where")

    def __init__(self, where: Any, place_of: Callable[[Any], Place]) -> None:
        self.where = where
        self.place_of = place_of

    def error(
        self, message: str, *, field: str | None = None, hint: str | None = None
    ) -> BundleError:
        return self.place_of(self.where).error(message, field=field, hint=hint)


#: Where an item is: its place, or how to make it when needed.
ItemPlace = Place | PlaceLater


@dataclass(frozen=True)
class BundleError:
    place: Place
    message: str
    field: str | None = None
    hint: str | None = None

    @property
    def where(self) -> str:
        text = str(self.place)
        if self.field:
            text += f", field '{self.field}'"
        return text

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "place": self.where,
            "file": self.place.file,
            "location": self.place.location,
            "field": self.field,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        return out

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def summary(errors: list[BundleError], limit: int = 3) -> str:
    """One-line detail for a problem answer: the count and the first few problems."""
    head = "; ".join(str(e) for e in errors[:limit])
    more = f"; and {len(errors) - limit} more" if len(errors) > limit else ""
    noun = "problem" if len(errors) == 1 else "problems"
    return f"{len(errors)} {noun}: {head}{more}"
