"""A ReportLab canvas set up for print: CMYK only, embedded fonts, byte-identical output."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.pdfgen.canvas import Canvas


def _cmyk_only(colour: Color) -> Color:
    """Colour enforcer: process CMYK and separations pass, anything else is a bug.

    ReportLab's own ``'sep_cmyk'`` would turn registration colour into plain K, and ``'cmyk'``
    turns it into 400 % process: neither is right for marks.
    """
    if isinstance(colour, CMYKColor | CMYKColorSep):
        return colour
    raise ValueError(f"non-CMYK colour {colour!r} reached the canvas")


def new_canvas(buffer: BytesIO, font: str, title: str, language: str) -> Canvas:
    """A canvas whose every page starts in ``font`` (never the unembedded Helvetica)."""
    canvas = Canvas(
        buffer,
        invariant=1,  # fixed dates and IDs: identical input, identical bytes
        pageCompression=1,
        enforceColorSpace=_cmyk_only,
        initialFontName=font,
        lang=language,
    )
    canvas.setTitle(title)
    return canvas
