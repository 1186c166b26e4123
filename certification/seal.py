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


@functools.cache
def _glyph(font_name: str, char: str) -> tuple[str, float] | None:
    """The character's outline as SVG path data in font units (y up), and its advance."""
    font = _font(font_name)
    if font is None:
        return None
    from fontTools.pens.svgPathPen import SVGPathPen

    glyphs, cmap, _ = font
    name = cmap.get(ord(char))
    if name is None:
        return None
    pen = SVGPathPen(glyphs)
    glyphs[name].draw(pen)
    return pen.getCommands(), glyphs[name].width


def _letter(font_name: str, char: str, size: float, x: float, y: float, turn: float) -> str:
    """One glyph as a <path>, its baseline centred on (x, y), turned by `turn` degrees."""
    glyph = _glyph(font_name, char)
    if glyph is None or not glyph[0]:
        return ""
    outline, advance = glyph
    scale = size / _font(font_name)[2]
    return (
        f'<path transform="translate({x:.2f} {y:.2f}) rotate({turn:.1f}) '
        f'scale({scale:.5f} {-scale:.5f}) translate({-advance / 2:.0f} 0)" d="{outline}"/>'
    )


def _arc(text: str, font_name: str, size: float, radius: float, *, top: bool, step: float):
    """`text` letter by letter along a circle round the centre, read left to right over the
    top (baselines outside the circle) or under the bottom; `step` degrees between letters."""
    paths = []
    start = -step * (len(text) - 1) / 2
    for n, char in enumerate(text):
        angle = start + step * n if top else 180 - (start + step * n)
        rad = math.radians(angle)
        x, y = CENTRE + radius * math.sin(rad), CENTRE - radius * math.cos(rad)
        paths.append(_letter(font_name, char, size, x, y, angle if top else angle - 180))
    return "".join(paths)


def _line(text: str, font_name: str, size: float, baseline: float) -> str:
    """`text` on one horizontal baseline, centred on the seal."""
    widths = [(_glyph(font_name, c) or ("", 0))[1] for c in text]
    font = _font(font_name)
    if font is None:
        return ""
    scale = size / font[2]
    x = CENTRE - sum(widths) * scale / 2
    paths = []
    for char, width in zip(text, widths, strict=True):
        paths.append(_letter(font_name, char, size, x + width * scale / 2, baseline, 0))
        x += width * scale
    return "".join(paths)


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


def seal(year: str) -> dict:
    """The seal's parts for the template: shapes, the rim's words, the year (as paths)."""
    return {
        "rim": RIM,
        "star": STAR,
        "words": _words(),
        "year": _line(year, "DejaVuSerif-Bold.ttf", 17, 126),
    }
