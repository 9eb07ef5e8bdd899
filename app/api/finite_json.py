"""The service's JSON responses: a number that is not finite is written as null.

JSON has no Infinity or NaN. Nothing accepted today can store them, but a graph edited by
hand may hold them; rather than failing the whole answer (Starlette refuses to render
them), such a value reads as absent, like everywhere else (`app/core/numbers.py`).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse

from app.core.numbers import without_non_finite


class FiniteJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except ValueError:  # "Out of range float values are not JSON compliant"
            return json.dumps(
                without_non_finite(content),
                ensure_ascii=False,
                allow_nan=False,
                separators=(",", ":"),
            ).encode("utf-8")
