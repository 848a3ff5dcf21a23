"""Font registration: every font is a TrueType file, embedded as a subset.

ReportLab's standard-14 fonts (Helvetica …) are never embedded, so none of them may appear in the
output: every style names a TTF from the design, and canvases start in the design's regular font.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import FontError, Location

_NAMES: dict[str, Path] = {}


@cache
def register(path: Path) -> str:
    """Register ``path`` once per process and return its ReportLab font name.

    Two different files with the same name (two designs' ``NotoSans-Regular.ttf``) get
    different names, so neither silently stands in for the other.
    """
    path = path.resolve()
    name, counter = path.stem, 1
    while _NAMES.get(name, path) != path:
        counter += 1
        name = f"{path.stem}-{counter}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (TTFError, OSError, ValueError) as exc:
        raise FontError(
            f"cannot use font file {path}: {exc}; expected a TrueType (.ttf) font"
        ) from None
    _NAMES[name] = path
    return name


def has_glyph(font_name: str, char: str) -> bool:
    """Whether the registered font draws ``char`` (ReportLab silently draws a box otherwise)."""
    face = pdfmetrics.getFont(font_name).face
    return ord(char) in face.charToGlyph


def check_glyphs(text: str, font_name: str, location: Location | None) -> None:
    """Refuse a character the font lacks: ReportLab would draw an empty box without a word."""
    for char in dict.fromkeys(text):
        if not char.isspace() and not has_glyph(font_name, char):
            raise FontError(
                f"the character U+{ord(char):04X} {char!r} is not in the font {font_name}; "
                "expected text the design's fonts can set",
                location,
            )
