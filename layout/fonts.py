"""Font registration: every font is a TrueType file, embedded as a subset.

ReportLab's standard-14 fonts (Helvetica …) are never embedded, so none of them may appear in the
output: every style names a TTF from the design, and canvases start in the design's regular font.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import FontError


@cache
def register(path: Path) -> str:
    """Register ``path`` once per process and return its ReportLab font name."""
    name = path.stem
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
    except (TTFError, OSError, ValueError) as exc:
        raise FontError(
            f"cannot use font file {path}: {exc}; expected a TrueType (.ttf) font"
        ) from None
    return name


def has_glyph(font_name: str, char: str) -> bool:
    """Whether the registered font draws ``char`` (ReportLab silently draws a box otherwise)."""
    face = pdfmetrics.getFont(font_name).face
    return ord(char) in face.charToGlyph
