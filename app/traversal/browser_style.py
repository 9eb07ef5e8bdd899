"""The Neo4j Browser style (GraSS) of RBM Trace: `cypher/browser/rbmtrace.grass`.

One colour per element type, taken from the metamodel's list of types (a new type gets
its own colour with no edit here), nodes captioned by their code and name, links by their
type. Browser applies it with `:style <url>`: the API serves it at
/browser-guide/rbmtrace.grass, and the local server runs that command after connecting.
Regenerate the committed copy with

    python -m app.traversal.browser_style > cypher/browser/rbmtrace.grass
"""

from __future__ import annotations

import colorsys

from app import metamodel

#: Successive hues this many degrees apart (the golden angle) never come close for a
#: few dozen types.
HUE_STEP = 137.508


def _hex(h: float, lightness: float, saturation: float) -> str:
    r, g, b = colorsys.hls_to_rgb(h, lightness, saturation)
    return "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (r, g, b)))


def type_colours(index: int) -> tuple[str, str, str]:
    """(fill, border, caption text) colours of the index-th element type."""
    hue = (index * HUE_STEP % 360) / 360
    fill = _hex(hue, 0.62, 0.55)
    border = _hex(hue, 0.42, 0.55)
    r, g, b = colorsys.hls_to_rgb(hue, 0.62, 0.55)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    text = "#000000" if luminance > 0.5 else "#FFFFFF"
    return fill, border, text


def _rule(selector: str, properties: dict[str, str]) -> str:
    body = "".join(f"  {key}: {value};\n" for key, value in properties.items())
    return f"{selector} {{\n{body}}}\n"


def render_grass() -> str:
    """The GraSS text: defaults for nodes and links, then one rule per element type."""
    rules = [
        _rule(
            "node",
            {
                "diameter": "58px",
                "color": "#A5ABB6",
                "border-color": "#9AA1AC",
                "border-width": "2px",
                "text-color-internal": "#FFFFFF",
                "font-size": "10px",
                "caption": "'{code} {name}'",
            },
        ),
        _rule(
            "relationship",
            {
                "color": "#8A909A",
                "shaft-width": "2px",
                "font-size": "9px",
                "padding": "3px",
                "text-color-external": "#000000",
                "text-color-internal": "#FFFFFF",
                "caption": "'<type>'",
            },
        ),
    ]
    for index, type_name in enumerate(metamodel.ELEMENT_TYPE_NAMES):
        fill, border, text = type_colours(index)
        rules.append(
            _rule(
                f"node.{type_name}",
                {
                    "color": fill,
                    "border-color": border,
                    "text-color-internal": text,
                    "caption": "'{code} {name}'",
                },
            )
        )
    return "".join(rules)


if __name__ == "__main__":
    print(render_grass(), end="")
