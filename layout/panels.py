"""Panels stage: each panel's blocks typeset in its own frame, measured, and drawn.

Input: a :class:`Folder`, its :class:`Design` and, per role, a :class:`PanelBox` (the panel's trim
size and which of its side edges are cut edges rather than folds). Output: one
:class:`PanelLayout` per role, whose :func:`draw_panel` paints the panel with its trim's lower left
corner at the origin. A panel whose text does not fit raises :class:`FitError` naming the panel and
by how much, before anything is drawn.

The text frame keeps ``trim_margin`` from every cut edge and ``fold_margin`` from every fold.
Space between blocks collapses (the larger of "after" and the next "before" wins), and trailing
``url`` blocks stand at the foot of the panel.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

import pyphen
from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .content.model import (
    CMYK,
    Block,
    Design,
    Folder,
    Heading,
    PanelStyle,
    Run,
    Text,
    TextStyle,
)
from .errors import FitError
from .fonts import check_glyphs, register
from .units import mm, to_mm

HYPHENATE_MIN_WORD = 7  # letters: shorter words are never broken
HYPHENATE_MIN_PART = 3  # letters on each side of a break
SOLID_BLACK = (0.0, 0.0, 0.0, 1.0)
MIN_FRAME = mm(15)  # the narrowest text frame worth setting


@dataclass(frozen=True)
class PanelBox:
    """Where a panel sits, as far as typesetting needs to know."""

    role: str
    label: str  # how a user knows the panel: "Side 3 (inside-3)"
    width: float  # pt, trim
    height: float  # pt, trim
    cut_left: bool  # False: the left edge is a fold (edges as the panel reads, upright)
    cut_right: bool
    cut_bottom: bool
    cut_top: bool


@dataclass(frozen=True)
class Placed:
    """One typeset paragraph and the position of its lower left corner in the panel."""

    paragraph: Paragraph
    x: float
    y: float


@dataclass(frozen=True)
class PanelLayout:
    box: PanelBox
    style: PanelStyle | None
    placed: tuple[Placed, ...]
    frame: tuple[float, float, float, float]  # x0, y0, x1, y1 of the text frame, pt
    used: float  # pt of the frame's height taken by text

    @property
    def texts(self) -> tuple[str, ...]:
        """The panel's text as set, a piece per paragraph, in order (for reading it back)."""
        return tuple(item.paragraph.getPlainText() for item in self.placed)

    @property
    def fill(self) -> float:
        """How full the frame is, 0…1."""
        return self.used / (self.frame[3] - self.frame[1])


def cmyk(colour: CMYK) -> CMYKColor:
    return CMYKColor(*colour)


def hyphenation_language(language: str) -> str | None:
    """The pyphen dictionary for a content language (``nb`` → ``nb``), or None if it has none."""
    found: str | None = pyphen.language_fallback(language.replace("-", "_"))
    return found


class _Styles:
    """ParagraphStyles for one panel: the design's styles in the panel's ink, with hyphenation,
    for a text frame ``width`` wide."""

    def __init__(
        self, design: Design, ink: CMYK | None, hyphenation: str | None, width: float, label: str
    ) -> None:
        self.design = design
        self.ink = ink
        self.hyphenation = hyphenation
        self.width = width
        self.label = label
        self._cache: dict[str, ParagraphStyle] = {}

    def __call__(self, kind: str) -> ParagraphStyle:
        if kind not in self._cache:
            self._cache[kind] = self._make(kind, self.design.styles[kind])
        return self._cache[kind]

    def _make(self, kind: str, style: TextStyle) -> ParagraphStyle:
        design = self.design
        extra = {}
        if kind == "bullet":
            extra = {
                "leftIndent": design.bullet_indent,
                "bulletIndent": 0,
                "bulletFontName": register(design.fonts[design.bullet_font]),
                "bulletFontSize": style.size * 0.7,
                "bulletColor": cmyk(self.ink or design.bullet_colour),
                "bulletOffsetY": -style.size * 0.05,
            }
        return ParagraphStyle(
            kind,
            fontName=register(design.fonts[style.font]),
            fontSize=style.size,
            leading=style.leading,
            textColor=cmyk(self.ink or style.colour),
            spaceBefore=style.space_before,
            spaceAfter=style.space_after,
            hyphenationLang="",  # set per paragraph: see _Hyphenator
            hyphenationMinWordLength=HYPHENATE_MIN_WORD,
            embeddedHyphenation=1,
            **extra,
        )

    def hyphenator(self, kind: str) -> pyphen.Pyphen | None:
        if not (self.design.styles[kind].hyphenate and self.hyphenation):
            return None
        return _dictionary(self.hyphenation)


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    # At least three letters on each side of a break: no "si-tuasjonen", no "arbeidsmiljø-et".
    return pyphen.Pyphen(lang=language, left=HYPHENATE_MIN_PART, right=HYPHENATE_MIN_PART)


@dataclass(frozen=True)
class _Hyphenator:
    """ReportLab's hyphenation callback for one paragraph: the dictionary's break points, but
    never in the paragraph's last word (a lone fragment on the last line reads badly)."""

    dictionary: pyphen.Pyphen
    last_word: str

    def __call__(self, word: str) -> list[tuple[str, str]]:
        if word == self.last_word:
            return []
        return list(self.dictionary.iterate(word))


def _paragraph(run: Run, styles: _Styles, space_after: float | None = None) -> Paragraph:
    """One run of text set in its style, checked for glyphs and for words wider than the frame."""
    kind = run.style
    style = styles(kind)
    text = run.text.upper() if styles.design.styles[kind].upper else run.text
    check_glyphs(text, style.fontName, run.location)
    dictionary = styles.hyphenator(kind)
    _check_words(text, style, styles.width - style.leftIndent, dictionary, styles.label, run)
    if dictionary is not None or space_after is not None:
        style = ParagraphStyle(kind, parent=style)
        if dictionary is not None:
            words = re.findall(r"\w+", text)
            style.hyphenationLang = _Hyphenator(dictionary, words[-1] if words else "")
        if space_after is not None:
            style.spaceAfter = space_after
    bullet = styles.design.bullet if kind == "bullet" else None
    return Paragraph(escape(text), style, bulletText=bullet)


def _block_paragraphs(block: Block, styles: _Styles) -> list[Paragraph]:
    """One block → a paragraph per run."""
    if isinstance(block, Heading) and len(block.runs) > 1:
        # The two lines are one heading: the gap between them is the subheading's own "before".
        between = styles.design.styles["subheading"].space_before
        heading, subheading = block.runs
        return [_paragraph(heading, styles, between), _paragraph(subheading, styles)]
    return [_paragraph(run, styles) for run in block.runs]


def _is_url(block: Block) -> bool:
    return isinstance(block, Text) and block.kind == "url"


def _paragraphs(
    blocks: Sequence[Block], styles: _Styles
) -> tuple[list[Paragraph], list[Paragraph]]:
    """The panel's body and its footer: trailing ``url`` blocks stand at the foot."""
    split = len(blocks)
    while split > 0 and _is_url(blocks[split - 1]):
        split -= 1
    body = [p for block in blocks[:split] for p in _block_paragraphs(block, styles)]
    foot = [p for block in blocks[split:] for p in _block_paragraphs(block, styles)]
    return body, foot


def _check_words(
    text: str,
    style: ParagraphStyle,
    width: float,
    dictionary: pyphen.Pyphen | None,
    label: str,
    run: Run,
) -> None:
    """A word wider than the frame would be cut anywhere, without a hyphen: refuse it.

    A word may break after a hyphen or a slash (URLs) and, with a dictionary, at its hyphenation
    points; only the widest unbreakable piece has to fit.
    """
    for word in re.split(r"[ \t\n]+", text):
        pieces = re.split(r"(?<=[-/\u00ad])", word)
        if dictionary is not None:
            pieces = [
                piece
                for part in pieces
                for piece in dictionary.inserted(part, hyphen="-\n").split("\n")
            ]
        widest = max(stringWidth(p, style.fontName, style.fontSize) for p in pieces)
        if widest > width + 0.01:
            raise FitError(
                f"{label}: the word {word!r} is {to_mm(widest):.1f} mm wide, wider than the "
                f"{to_mm(width):.1f} mm text frame; expected a shorter word, or a soft hyphen "
                "(U+00AD) where it may break",
                run.location,
            )


def _stack(paragraphs: Sequence[Paragraph], width: float) -> tuple[list[float], float]:
    """Wrap each paragraph to ``width``; return the offset of each from the top, and the total."""
    offsets, y, previous_after = [], 0.0, None
    for p in paragraphs:
        _, height = p.wrap(width, 1e6)
        if previous_after is not None:
            y += max(previous_after, p.getSpaceBefore())
        offsets.append(y)
        y += height
        previous_after = p.getSpaceAfter()
    return offsets, y


def typeset(folder: Folder, design: Design, box: PanelBox) -> PanelLayout:
    """Lay out one panel; raise :class:`FitError` if its text is taller than its frame."""
    panel = folder.panel(box.role)
    style = design.panel_styles.get(box.role)
    x0 = design.trim_margin if box.cut_left else design.fold_margin
    x1 = box.width - (design.trim_margin if box.cut_right else design.fold_margin)
    y0 = design.trim_margin if box.cut_bottom else design.fold_margin
    y1 = box.height - (design.trim_margin if box.cut_top else design.fold_margin)
    width, height = x1 - x0, y1 - y0
    if min(width, height) < MIN_FRAME:
        raise FitError(
            f"{box.label} leaves a text frame of {to_mm(width):.1f} × {to_mm(height):.1f} mm "
            f"inside its margins; expected at least {to_mm(MIN_FRAME):g} mm each way: a larger "
            "finished_size, or smaller margins in the design",
            panel.location,
        )
    ink = style.ink if style else None
    styles = _Styles(design, ink, hyphenation_language(folder.language), width, box.label)

    body, foot = _paragraphs(panel.blocks, styles)
    body_offsets, body_height = _stack(body, width)
    foot_offsets, foot_height = _stack(foot, width)
    gap = max(body[-1].getSpaceAfter(), foot[0].getSpaceBefore()) if body and foot else 0.0
    used = body_height + gap + foot_height
    if used > height + 0.01:
        over = used - height
        leading = design.styles["paragraph"].leading
        raise FitError(
            f"{box.label} does not fit: its text is {to_mm(over):.1f} mm too tall for the "
            f"{to_mm(height):.1f} mm frame (about {math.ceil(over / leading)} lines of "
            f"{leading:g} pt); shorten the text of this panel",
            panel.location,
        )
    top = y1
    placed = [
        Placed(p, x0, top - offset - p.height) for p, offset in zip(body, body_offsets, strict=True)
    ]
    foot_top = y0 + foot_height
    placed += [
        Placed(p, x0, foot_top - offset - p.height)
        for p, offset in zip(foot, foot_offsets, strict=True)
    ]
    return PanelLayout(box, style, tuple(placed), (x0, y0, x1, y1), used)


def bleed_rect(box: PanelBox, bleed: float) -> tuple[float, float, float, float]:
    """The panel's area including bleed over its cut edges only: never across a fold."""
    return (
        -bleed if box.cut_left else 0.0,
        -bleed if box.cut_bottom else 0.0,
        box.width + (bleed if box.cut_right else 0.0),
        box.height + (bleed if box.cut_top else 0.0),
    )


def draw_panel(
    canvas: Canvas, layout: PanelLayout, area: tuple[float, float, float, float]
) -> None:
    """Paint the panel with its trim's lower left corner at the origin, clipped to ``area``.

    ``area`` is the panel's :func:`bleed_rect` on a sheet, or the whole page in the reader PDF;
    the background fills it.
    """
    x0, y0, x1, y1 = area
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(x0, y0, x1 - x0, y1 - y0)
    canvas.clipPath(clip, stroke=0, fill=0)
    style = layout.style
    if style is not None and style.background is not None:
        canvas.setFillColor(cmyk(style.background))
        canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
        if style.motif == "rings" and style.motif_colour is not None:
            _rings(canvas, layout.box, style.background, style.motif_colour)
    for item in layout.placed:
        # 100 % K text overprints, so a misregistered plate leaves no white halo around it.
        black = tuple(item.paragraph.style.textColor.cmyk()) == SOLID_BLACK
        canvas.setFillOverprint(black)
        canvas.setOverprintMask(black)
        item.paragraph.drawOn(canvas, item.x, item.y)
    canvas.restoreState()


def _rings(canvas: Canvas, box: PanelBox, ground: CMYK, colour: CMYK) -> None:
    """Four concentric discs — the person, the group, the leader, the organisation — stepping
    in tint from the panel's background to ``colour``, in the panel's lower half."""
    # Each ring either crosses a fold or trim well into the bleed or keeps clear of it by
    # several millimetres: an edge that nearly touches a fold or the trim shows every drift.
    cx, cy = box.width * 0.75, box.height * 0.17
    for step, radius in enumerate((0.85, 0.62, 0.40, 0.18)):
        t = (step + 1) / 4
        tint = tuple(g + (c - g) * t for g, c in zip(ground, colour, strict=True))
        canvas.setFillColor(CMYKColor(*tint))
        canvas.circle(cx, cy, box.width * radius, stroke=0, fill=1)
