"""Where the explorer shows an element: the one place that spells the explorer's URLs.

Reports link every element they name to the explorer (served at `/`), so a large plan can
be summarised on paper and read in full on screen. `base_url` is the service's address
(the API passes the request's; the CLI's `--base-url`), empty for links relative to it.
"""

from __future__ import annotations

from urllib.parse import quote


def explorer_url(element_id: str | None, base_url: str = "") -> str:
    """The explorer's page of an element, or its start page when `element_id` is None."""
    root = base_url.rstrip("/") + "/"
    if element_id is None:
        return root
    return f"{root}#/element/{quote(element_id, safe='')}"
