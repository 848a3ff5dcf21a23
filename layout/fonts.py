"""Font registration and glyph coverage: every font is a TrueType file, embedded as a subset.

ReportLab's standard-14 fonts (Helvetica …) are never embedded, so none of them may appear in the
output: every style names a TTF from the design, and canvases start in the design's regular font.

ReportLab has no font fallback and draws a character its font lacks as an empty box, silently.
:func:`font_runs` splits a text by the first font of a chain (a style's font, then the design's
``fallbacks``) that has each character, so that the panels stage can set each run in its font.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

# The characters ReportLab's paragraphs break words at: they become the gap between words and are
# never drawn from a font. Taken from ReportLab itself, so that its list and ours cannot drift.
from reportlab.platypus.paragraph import _wsc as WORD_SPACES

from .errors import FontError, Location

NO_BREAK_SPACE = "\u00a0"
SOFT_HYPHEN = "\u00ad"

_NAMES: dict[str, Path] = {}


@cache
def register(path: Path) -> str:
    """Register ``path`` once per process and return its ReportLab font name.

    Two different files with the same name (two designs' ``NotoSans-Regular.ttf``) get
    different names, so neither silently stands in for the other.
    """
    return _register(path.resolve())


@cache
def _register(path: Path) -> str:
    """:func:`register` for a resolved path: one file is read and registered once, however it
    is named (``fonts/x.ttf``, ``examples/../fonts/x.ttf``)."""
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


def file_of(font_name: str) -> Path:
    """The TrueType file a font name that :func:`register` gave was read from (what messages
    name: the registered name may carry a number, when two files have one name)."""
    return _NAMES[font_name]


def has_glyph(font_name: str, char: str) -> bool:
    """Whether the registered font draws ``char`` (ReportLab silently draws a box otherwise)."""
    face = pdfmetrics.getFont(font_name).face
    return ord(char) in face.charToGlyph


def drawn_as(char: str) -> str:
    """The character a font must have for ReportLab to draw ``char``; "" if none is drawn.

    A word space is no glyph at all; ReportLab draws a no-break space with the font's space, and
    a soft hyphen only as a hyphen, where a line breaks at it.
    """
    if char in WORD_SPACES:
        return ""
    if char == NO_BREAK_SPACE:
        return " "
    if char == SOFT_HYPHEN:
        return "-"
    return char


def font_runs(text: str, chain: Sequence[str]) -> list[tuple[str | None, str]]:
    """``text`` split into runs, each with the first font of ``chain`` that has its characters.

    ``chain`` is registered font names, the style's own first. A run whose font is None holds
    characters no font of the chain has. A character that is not drawn (a word space) stays in
    the run it stands in, so that a fallback never splits a text at its spaces.
    """
    # Called for every paragraph and every word the panels stage measures: each font's
    # character map is looked up once per call and each distinct character once, and a text
    # all in the chain's first font (nearly every one) is one run without a walk through it.
    maps = [pdfmetrics.getFont(font).face.charToGlyph for font in chain]
    faces: dict[str, str | None] = {}  # a drawn character → the first font that has it
    for char in set(text):
        needed = drawn_as(char)
        if needed:
            code = ord(needed)
            faces[char] = next(
                (font for font, glyphs in zip(chain, maps, strict=True) if code in glyphs), None
            )
    if all(face == chain[0] for face in faces.values()):
        return [(chain[0], text)] if text else []
    runs: list[tuple[str | None, str]] = []
    face: str | None = chain[0]  # the font of the run being collected
    start = 0
    for index, char in enumerate(text):
        if char in faces:
            current = faces[char]
        elif face is None:  # a space after a character no font has is no such character
            current = chain[0]
        else:
            current = face
        if current != face and index > start:
            runs.append((face, text[start:index]))
            start = index
        face = current
    if text:
        runs.append((face, text[start:]))
    return runs


def describe(char: str) -> str:
    """``U+00E1 'á' (LATIN SMALL LETTER A WITH ACUTE)``: how messages name a character."""
    name = unicodedata.name(char, "") or f"unnamed, Unicode category {unicodedata.category(char)}"
    return f"U+{ord(char):04X} {char!r} ({name})"


def check_glyphs(text: str, font_name: str, location: Location | None) -> None:
    """Refuse a character the font lacks: ReportLab would draw an empty box without a word.

    For text drawn in one font only (the slug, the bullet glyph), where no fallback applies.
    """
    for char in dict.fromkeys(text):
        if not char.isspace() and not has_glyph(font_name, char):
            raise FontError(
                f"the character U+{ord(char):04X} {char!r} is not in the font {font_name}; "
                "expected text the design's fonts can set",
                location,
            )
