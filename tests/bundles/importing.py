"""Import options for tests: the limits of the tests' settings, the caller's choices on top."""

from __future__ import annotations

from typing import Any

from app.bundles.importer import ImportOptions
from tests.conftest import base_settings


def options(who: str = "cli", **choices: Any) -> ImportOptions:
    return ImportOptions.from_settings(base_settings(), who=who, **choices)
