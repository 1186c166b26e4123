"""The certificate's seal, drawn as inline SVG by the certificate template: a serrated rim,
rings, a star, words round the rim and the year of issue.

The words are glyph outlines (SVG paths) taken from the system's DejaVu fonts with fontTools,
not SVG <text>: WeasyPrint lays out SVG text character by character (its textPath is not drawn
at all), which cost about as much as the rest of the page; a path costs next to nothing.
Outlines are read once per process. Nothing is fetched: the font is a local file, as it is for
the page's own text; without it the seal keeps its shapes and loses its words."""

import functools
import math
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
CENTRE = 100  # the seal's viewBox is 0 0 200 200


def _ring(points: int, outer: float, inner: float) -> str:
    """`points` teeth between two radii round the centre, as SVG polygon points."""
    corners = []
    for n in range(points * 2):
        radius = outer if n % 2 == 0 else inner
        angle = math.pi * n / points
        corners.append(
            f"{CENTRE + radius * math.sin(angle):.1f},{CENTRE - radius * math.cos(angle):.1f}"
        )
    return " ".join(corners)


@functools.cache
def _font(name: str):
    """(glyph set, character map, units per em) of a font file, or None when it is missing."""
    path = FONT_DIR / name
    if not path.exists():
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    return font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm


def _draw(font_name: str, glyphs: list[tuple[str, float, float, float]], size: float) -> str:
    """The glyphs as ONE SVG path's data, each character's baseline centred on (x, y) and
    turned by `turn` degrees. One path, not one per letter: WeasyPrint's cost is per node."""
    font = _font(font_name)
    if font is None:
        return ""
    from fontTools.misc.transform import Transform
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    glyph_set, cmap, units_per_em = font
    scale = size / units_per_em
    pen = SVGPathPen(glyph_set, ntos=lambda value: f"{value:.2f}".rstrip("0").rstrip("."))
    for char, x, y, turn in glyphs:
        name = cmap.get(ord(char))
        if name is None:
            continue
        glyph = glyph_set[name]
        # as an SVG transform list: translate(x y) rotate(turn) scale(s -s) translate(-w/2 0)
        place = (
            Transform()
            .translate(x, y)
            .rotate(math.radians(turn))
            .scale(scale, -scale)
            .translate(-glyph.width / 2, 0)
        )
        glyph.draw(TransformPen(pen, place))
    return pen.getCommands()


def _advance(font_name: str, char: str) -> float:
    font = _font(font_name)
    name = font[1].get(ord(char)) if font else None
    return font[0][name].width if name else 0


def _arc(text: str, font_name: str, size: float, radius: float, *, top: bool, step: float):
    """`text` letter by letter along a circle round the centre, read left to right over the
    top (baselines outside the circle) or under the bottom; `step` degrees between letters."""
    glyphs = []
    start = -step * (len(text) - 1) / 2
    for n, char in enumerate(text):
        angle = start + step * n if top else 180 - (start + step * n)
        rad = math.radians(angle)
        x, y = CENTRE + radius * math.sin(rad), CENTRE - radius * math.cos(rad)
        glyphs.append((char, x, y, angle if top else angle - 180))
    return _draw(font_name, glyphs, size)


def _line(text: str, font_name: str, size: float, baseline: float) -> str:
    """`text` on one horizontal baseline, centred on the seal."""
    font = _font(font_name)
    if font is None:
        return ""
    scale = size / font[2]
    widths = [_advance(font_name, c) * scale for c in text]
    x = CENTRE - sum(widths) / 2
    glyphs = []
    for char, width in zip(text, widths, strict=True):
        glyphs.append((char, x + width / 2, baseline, 0))
        x += width
    return _draw(font_name, glyphs, size)


RIM = _ring(40, 99, 91)
# A five-pointed star a little above the centre, the year beneath it.
STAR = " ".join(
    f"{CENTRE + r * math.sin(a):.1f},{CENTRE - 12 - r * math.cos(a):.1f}"
    for r, a in ((20 if n % 2 == 0 else 8, math.pi * n / 5) for n in range(10))
)


@functools.cache
def _words() -> str:
    return _arc("CERTIFIED", "DejaVuSans-Bold.ttf", 15, 60, top=True, step=13) + _arc(
        "COMPETENCE", "DejaVuSans.ttf", 12, 73, top=False, step=12
    )


@functools.cache
def _year(year: str) -> str:
    return _line(year, "DejaVuSerif-Bold.ttf", 17, 126)


def seal(year: str) -> dict:
    """The seal's parts for the template: shapes, and path data for the rim's words and the
    year (each one <path>)."""
    return {"rim": RIM, "star": STAR, "words": _words(), "year": _year(year)}
