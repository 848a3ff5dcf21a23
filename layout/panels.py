"""Panels stage: each panel's blocks typeset in its own frame, measured, and drawn.

Input: a :class:`Folder`, its :class:`Design` and, per role, a :class:`PanelBox` (the panel's trim
size and which of its side edges are cut edges rather than folds). Output: one
:class:`PanelLayout` per role, whose :func:`draw_panel` paints the panel with its trim's lower left
corner at the origin, and whose ``fit`` (:class:`~layout.fit.PanelFit`) says how full its frame is
or by how much its text overflows; the caller decides what an overflow means.

Before anything is set, :func:`check_coverage` checks every character of the content against the
fonts that will set it: the style's font, then the design's ``fallbacks`` in order. A character
only a fallback has is set in that font; one no font has is a :class:`FontError`.

A panel that overflows, in a design with ``copyfit``, is set again with its copyfit styles 0.1 pt
smaller at a time until it fits or the limits are reached; panels that fit are set as designed.

The text frame keeps ``trim_margin`` from every cut edge and ``fold_margin`` from every fold.
Space between blocks collapses (the larger of "after" and the next "before" wins), and trailing
``url`` blocks stand at the foot of the panel.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pyphen
from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from .content.cache import file_key, load, store
from .content.model import (
    CMYK,
    Block,
    Bullets,
    Design,
    Folder,
    Heading,
    Panel,
    PanelStyle,
    Run,
    Text,
    TextStyle,
)
from .errors import FitError, FontError
from .fit import TOLERANCE, LongestBlock, LongestItem, PanelFit, StyleChange, copyfit_steps
from .fonts import describe, file_of, font_runs, register
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
    fit: PanelFit  # how full the frame is, or by how much the text overflows it

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

    def fonts(self, kind: str) -> tuple[str, ...]:
        """The fonts that may set ``kind``: its own, then the design's fallbacks."""
        return font_chain(self.design, kind)

    def hyphenator(self, kind: str) -> pyphen.Pyphen | None:
        if not (self.design.styles[kind].hyphenate and self.hyphenation):
            return None
        return _dictionary(self.hyphenation)


# Dictionaries kept in a process: a batch of twenty languages would otherwise hold twenty
# (several MB each), though each file uses one.
DICTIONARIES_KEPT = 2


@lru_cache(maxsize=DICTIONARIES_KEPT)
def _dictionary(language: str) -> pyphen.Pyphen:
    _load_patterns(language)
    # At least three letters on each side of a break: no "si-tuasjonen", no "arbeidsmiljø-et".
    dictionary = pyphen.Pyphen(lang=language, left=HYPHENATE_MIN_PART, right=HYPHENATE_MIN_PART)
    while len(pyphen.hdcache) > DICTIONARIES_KEPT:  # pyphen keeps every file it parsed
        del pyphen.hdcache[next(iter(pyphen.hdcache))]  # the oldest
    return dictionary


# --- the hyphenation patterns, parsed once per user ---------------------------------------------
# Parsing a pyphen dictionary (Norwegian: 27,000 patterns) takes a fresh process longer than
# everything else the layout does; the parsed patterns are kept in the user's cache (see
# layout.content.cache) and put into pyphen's own per-file cache (``pyphen.hdcache``), where
# ``pyphen.Pyphen`` finds them. Hyphenation itself stays pyphen's: only its parsing is skipped.

# A pattern as pyphen holds it: the offset of its first letter value, and its values.
_Pattern = tuple[int, tuple[int, ...]]
# A pattern with a nonstandard break (Hungarian "ssz=sz"): an odd value there is pyphen's DataInt
# with its (change, index, cut), cached as (value, (change, index, cut)).
_Change = tuple[int, tuple[str, int, int]]
_Nonstandard = tuple[int, tuple[int | _Change, ...]]
# What the cache holds: the plain patterns, those with nonstandard breaks, the longest's length.
_Plain = tuple[dict[str, _Pattern], dict[str, _Nonstandard], int]


def _load_patterns(language: str) -> None:
    """Put the parsed dictionary of ``language`` into pyphen's cache: from the user's cache if
    it holds this very file parsed by this very pyphen, else parsed (and then cached)."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    if not isinstance(path, Path) or path in pyphen.hdcache:
        return  # a dictionary inside a zip file, or parsed already: pyphen does as it always did
    source = file_key(path)
    if source is None:
        return
    entry = f"pyphen-{pyphen.__version__}-{path.name}"
    key = ("pyphen", pyphen.__version__, *source)
    hyph_dict = _restore(load(entry, key))
    if hyph_dict is None:
        hyph_dict = pyphen.HyphDict(path)
        plain = _plain(hyph_dict)
        if plain is not None:
            store(entry, key, plain)
    pyphen.hdcache[path] = hyph_dict


def _plain(hyph_dict: pyphen.HyphDict) -> _Plain | None:
    """A freshly parsed dictionary as plain data, or None if it is not shaped as this code
    knows pyphen's (another pyphen version may hold more, or hold it otherwise)."""
    if set(vars(hyph_dict)) != {"patterns", "cache", "maxlen"} or hyph_dict.cache:
        return None
    if type(hyph_dict.maxlen) is not int:
        return None
    plain: dict[str, _Pattern] = {}
    nonstandard: dict[str, _Nonstandard] = {}
    for pattern, entry in hyph_dict.patterns.items():
        if not (type(pattern) is str and type(entry) is tuple and len(entry) == 2):
            return None
        start, values = entry
        if type(start) is not int or type(values) is not tuple:
            return None
        if all(type(value) is int for value in values):
            plain[pattern] = (start, values)
            continue
        changes: list[int | _Change] = []
        for value in values:
            if type(value) is int:
                changes.append(value)
            elif type(value) is pyphen.DataInt and _is_change(value.data):
                changes.append((int(value), value.data))
            else:
                return None
        nonstandard[pattern] = (start, tuple(changes))
    return plain, nonstandard, hyph_dict.maxlen


def _is_change(data: object) -> bool:
    """Whether ``data`` is a nonstandard break as pyphen's parser makes it: (change, index, cut)."""
    return (
        type(data) is tuple
        and len(data) == 3
        and type(data[0]) is str
        and type(data[1]) is int
        and type(data[2]) is int
    )


def _restore(stored: object) -> pyphen.HyphDict | None:
    """The dictionary that :func:`_plain` made ``stored`` of, as pyphen's parser makes it; None
    if ``stored`` is none or not such data."""
    if not (type(stored) is tuple and len(stored) == 3):
        return None
    plain, nonstandard, maxlen = stored
    if type(plain) is not dict or type(nonstandard) is not dict or type(maxlen) is not int:
        return None
    try:
        for pattern, (start, values) in nonstandard.items():
            plain[pattern] = (
                start,
                tuple(
                    pyphen.DataInt(value[0], data=value[1]) if type(value) is tuple else value
                    for value in values
                ),
            )
    except (TypeError, ValueError):
        return None
    hyph_dict = pyphen.HyphDict.__new__(pyphen.HyphDict)  # without parsing: filled in here
    hyph_dict.patterns = plain
    hyph_dict.cache = {}
    hyph_dict.maxlen = maxlen
    return hyph_dict


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


def font_chain(design: Design, kind: str) -> tuple[str, ...]:
    """The registered fonts that may set text of style ``kind``: its own, then the fallbacks."""
    own = register(design.fonts[design.styles[kind].font])
    fallbacks = (register(design.fonts[key]) for key in design.fallbacks)
    return tuple(dict.fromkeys((own, *fallbacks)))


def _set_text(run: Run, design: Design) -> str:
    """The run's text as it is set: in capitals if its style says so."""
    return run.text.upper() if design.styles[run.style].upper else run.text


def _markup(runs: Sequence[tuple[str | None, str]], font: str) -> str:
    """Paragraph markup for text split by font: a run not in the style's ``font`` is wrapped in
    ``<font face>``, so that the PDF holds a real glyph from the font that has it."""
    return "".join(
        # html's escape, not xml.sax.saxutils': the same &, < and >, without importing urllib.
        html.escape(text, quote=False)
        if face in (font, None)
        else f'<font face="{face}">{html.escape(text, quote=False)}</font>'
        for face, text in runs
    )


@dataclass(frozen=True)
class _Missing:
    """A character no font of its style's chain has, and where it stands."""

    char: str
    run: Run
    label: str  # the panel's
    fonts: tuple[str, ...]

    def __str__(self) -> str:
        return f"{describe(self.char)} in {self.label} at {self.run.location}"


def _missing(run: Run, design: Design, label: str) -> list[_Missing]:
    chain = font_chain(design, run.style)
    found = {
        char: None
        for face, text in font_runs(_set_text(run, design), chain)
        if face is None
        for char in text
    }
    return [_Missing(char, run, label, chain) for char in found]


def _coverage_error(missing: Sequence[_Missing]) -> FontError:
    first = missing[0]
    fonts = ", then ".join(file_of(font).stem for font in first.fonts)
    if len(missing) == 1:
        return FontError(
            f"{first.label}: the character {describe(first.char)} is in none of the fonts that "
            f"may set {first.run.style} text ({fonts}); expected text the design's fonts can "
            "set, or a font that has it among the design's fallbacks",
            first.run.location,
        )
    return FontError(
        f"{len(missing)} characters are in none of the fonts that may set them: "
        + "; ".join(map(str, missing))
        + "; expected text the design's fonts can set, or a font that has them among the "
        "design's fallbacks",
        first.run.location,
    )


def _all_missing(folder: Folder, design: Design, labels: Mapping[str, str]) -> list[_Missing]:
    return [
        found
        for role, label in labels.items()
        for block in folder.panel(role).blocks
        for run in block.runs
        for found in _missing(run, design, label)
    ]


def check_coverage(folder: Folder, design: Design, labels: Mapping[str, str]) -> None:
    """Check every character of the content against the fonts that will set it, before layout.

    ``labels`` names each panel by role ("Side 3 (inside-3)"), in reading order. A character
    that neither its style's font nor any fallback has is a :class:`FontError` listing every
    such character with its panel and place in the content file (the first is the error's
    location): ReportLab would draw each as an empty box, without a word.
    """
    missing = _all_missing(folder, design, labels)
    if missing:
        raise _coverage_error(missing)


def coverage_errors(
    folder: Folder, design: Design, labels: Mapping[str, str]
) -> tuple[FontError, ...]:
    """What :func:`check_coverage` refuses, a :class:`FontError` per character and place (each
    at its own text's location), in reading order: for a report that lists them one a line."""
    return tuple(_coverage_error([found]) for found in _all_missing(folder, design, labels))


def _paragraph(run: Run, styles: _Styles, space_after: float | None = None) -> Paragraph:
    """One run of text set in its style, checked for glyphs and for words wider than the frame."""
    kind = run.style
    style = styles(kind)
    text = _set_text(run, styles.design)
    fonts = styles.fonts(kind)
    runs = font_runs(text, fonts)
    if any(face is None for face, _ in runs):  # check_coverage says so first, when called
        raise _coverage_error(_missing(run, styles.design, styles.label))
    dictionary = styles.hyphenator(kind)
    width = styles.width - style.leftIndent
    _check_words(text, fonts, style.fontSize, width, dictionary, styles.label, run)
    if dictionary is not None or space_after is not None:
        style = ParagraphStyle(kind, parent=style)
        if dictionary is not None:
            words = re.findall(r"\w+", text)
            style.hyphenationLang = _Hyphenator(dictionary, words[-1] if words else "")
        if space_after is not None:
            style.spaceAfter = space_after
    bullet = styles.design.bullet if kind == "bullet" else None
    return Paragraph(_markup(runs, style.fontName), style, bulletText=bullet)


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


_Set = list[tuple[Block, list[Paragraph]]]  # blocks in order, each with its paragraphs


def _paragraphs(blocks: Sequence[Block], styles: _Styles) -> tuple[_Set, _Set]:
    """The panel's body and its footer: trailing ``url`` blocks stand at the foot."""
    split = len(blocks)
    while split > 0 and _is_url(blocks[split - 1]):
        split -= 1
    body = [(block, _block_paragraphs(block, styles)) for block in blocks[:split]]
    foot = [(block, _block_paragraphs(block, styles)) for block in blocks[split:]]
    return body, foot


def _width(text: str, fonts: Sequence[str], size: float) -> float:
    """How wide ``text`` is set, each run in the font of ``fonts`` that has it."""
    runs = font_runs(text, fonts)
    return float(sum(stringWidth(piece, face or fonts[0], size) for face, piece in runs))


def _widest(
    word: str, fonts: Sequence[str], size: float, dictionary: pyphen.Pyphen | None
) -> float:
    """The width of the widest piece of ``word`` that cannot break: a word breaks after a hyphen
    or a slash (URLs) and, with a dictionary, at its hyphenation points."""
    pieces = re.split(r"(?<=[-/\u00ad])", word)
    if dictionary is not None:
        pieces = [
            piece
            for part in pieces
            for piece in dictionary.inserted(part, hyphen="-\n").split("\n")
        ]
    return max(_width(p, fonts, size) for p in pieces)


def _check_words(
    text: str,
    fonts: tuple[str, ...],
    size: float,
    width: float,
    dictionary: pyphen.Pyphen | None,
    label: str,
    run: Run,
) -> None:
    """A word wider than the frame would be cut anywhere, without a hyphen: refuse it.

    A word may break after a hyphen or a slash (URLs) and, with a dictionary, at its hyphenation
    points; only the widest unbreakable piece has to fit.
    """
    hyphen = _width("-", fonts, size)
    for word in re.split(r"[ \t\n]+", text):
        # Each piece is part of the word, plus at most the hyphen a break adds: a word that
        # fits with a hyphen more has no piece too wide, and needs no hyphenating (slow).
        if _width(word, fonts, size) + hyphen <= width + TOLERANCE:
            continue
        widest = _widest(word, fonts, size, dictionary)
        if widest > width + TOLERANCE:
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


@dataclass(frozen=True)
class _Tallest:
    """A panel's tallest block, and the style of that block's tallest paragraph."""

    block: LongestBlock
    style: str


def _longest(blocks: _Set, offsets: Sequence[float]) -> _Tallest | None:
    """The tallest of ``blocks``, from its first paragraph's top to its last one's foot, with
    the style of its tallest paragraph (a run each) and, for bullets, that item."""
    longest, start = None, 0
    for block, paragraphs in blocks:
        first, last = start, start + len(paragraphs) - 1
        start += len(paragraphs)
        height = offsets[last] + paragraphs[-1].height - offsets[first]
        if longest is None or height > longest.block.height:
            tallest = max(range(len(paragraphs)), key=lambda i: paragraphs[i].height)
            run = block.runs[tallest]
            item = None
            if isinstance(block, Bullets):
                item = LongestItem(run.location, paragraphs[tallest].height)
            longest = _Tallest(LongestBlock(block.location, height, item), run.style)
    return longest


def _frame(design: Design, box: PanelBox, panel: Panel) -> tuple[float, float, float, float]:
    """The panel's text frame (x0, y0, x1, y1, pt): refused if too small to set text in."""
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
    return x0, y0, x1, y1


def _set_panel(
    folder: Folder, design: Design, box: PanelBox, changes: tuple[StyleChange, ...] = ()
) -> PanelLayout:
    """Set one panel in ``design``'s styles and measure it, whether it fits or not."""
    panel = folder.panel(box.role)
    style = design.panel_styles.get(box.role)
    x0, y0, x1, y1 = _frame(design, box, panel)
    width, height = x1 - x0, y1 - y0
    ink = style.ink if style else None
    styles = _Styles(design, ink, hyphenation_language(folder.language), width, box.label)

    body_blocks, foot_blocks = _paragraphs(panel.blocks, styles)
    body = [p for _, paragraphs in body_blocks for p in paragraphs]
    foot = [p for _, paragraphs in foot_blocks for p in paragraphs]
    body_offsets, body_height = _stack(body, width)
    foot_offsets, foot_height = _stack(foot, width)
    gap = max(body[-1].getSpaceAfter(), foot[0].getSpaceBefore()) if body and foot else 0.0
    used = body_height + gap + foot_height
    found = [
        tallest
        for tallest in (_longest(body_blocks, body_offsets), _longest(foot_blocks, foot_offsets))
        if tallest is not None
    ]
    longest = max(found, key=lambda tallest: tallest.block.height, default=None)
    # "Lines over" counts lines of the text that would be cut: the longest block's, as set here.
    kind = "paragraph" if longest is None else longest.style
    fit = PanelFit(
        role=box.role,
        label=box.label,
        location=panel.location,
        frame=height,
        used=used,
        leading=design.styles[kind].leading,
        leading_style=kind,
        longest=None if longest is None else longest.block,
        copyfit=changes,
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
    return PanelLayout(box, style, tuple(placed), (x0, y0, x1, y1), used, fit)


def typeset(folder: Folder, design: Design, box: PanelBox) -> PanelLayout:
    """Lay out one panel and measure how its text fits (``PanelLayout.fit``).

    A panel that fits is set exactly as designed. One that overflows, in a design with
    ``copyfit``, is set again with the copyfit styles it uses a step smaller each time (see
    :func:`~layout.fit.copyfit_steps`); the first setting that fits is kept. If none does, the
    result is the setting at the copyfit limits, measured there, with ``fit.copyfit_exhausted``.
    An overflow is not an error here: the caller sees every panel before it decides.
    Raises :class:`FitError` for a frame too small to set text in or a word wider than the frame,
    and :class:`FontError` for a character no font has.
    """
    layout = _set_panel(folder, design, box)
    copyfit = design.copyfit
    if layout.fit.fits or copyfit is None:
        return layout
    kinds = {run.style for block in folder.panel(box.role).blocks for run in block.runs}
    if not kinds & set(copyfit.styles):
        return layout  # nothing on this panel may shrink
    for styles, changes in copyfit_steps(design.styles, copyfit, kinds):
        layout = _set_panel(folder, replace(design, styles=styles), box, changes)
        if layout.fit.fits:
            return layout
    return replace(layout, fit=replace(layout.fit, copyfit_exhausted=True))


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
