"""What the content and design stages hand on: frozen, validated, in points.

Content is keyed by panel **role** (``front-cover``, ``door-left``, ``inside-1`` …), never by a
position on the sheet: only the fold scheme knows where a role lands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, cast

from ..errors import Location

TextKind = Literal["kicker", "title", "lead", "paragraph", "url"]
CMYK = tuple[float, float, float, float]  # 0…1 each


@dataclass(frozen=True)
class Run:
    """One piece of text, the design style that sets it, and where the file gives it."""

    style: str  # a key of Design.styles: "heading", "bullet", "publication-title" …
    text: str
    location: Location


@dataclass(frozen=True)
class Text:
    """A kicker, title, lead, paragraph or URL: one run in the style of its kind."""

    run: Run
    location: Location

    @property
    def kind(self) -> TextKind:
        return cast(TextKind, self.run.style)

    @property
    def text(self) -> str:
        return self.run.text

    @property
    def runs(self) -> tuple[Run, ...]:
        return (self.run,)


@dataclass(frozen=True)
class Heading:
    """A panel heading, optionally with a second line (the seed's "– hvordan bidrar …?")."""

    runs: tuple[Run, ...]  # the heading, then the subheading if there is one
    location: Location

    @property
    def text(self) -> str:
        return self.runs[0].text

    @property
    def subheading(self) -> str | None:
        return self.runs[1].text if len(self.runs) > 1 else None


@dataclass(frozen=True)
class Bullets:
    """A list with the design's bullet glyph (■ in the seed); a run per item."""

    runs: tuple[Run, ...]
    location: Location


@dataclass(frozen=True)
class Publication:
    """A publication on the back cover: title, subtitle and a short description."""

    runs: tuple[Run, Run, Run]
    location: Location


Block = Text | Heading | Bullets | Publication


@dataclass(frozen=True)
class Panel:
    role: str
    blocks: tuple[Block, ...]
    location: Location


@dataclass(frozen=True)
class Folder:
    """One leaflet in one language ("folder" is the Nordic print trade's word for a leaflet)."""

    source: Path
    slug: str
    language: str
    title: str
    fold: str
    finished_width: float  # pt: the closed leaflet, i.e. the widest panel
    finished_height: float  # pt
    panels: tuple[Panel, ...]  # in the order the file gives them
    design: Path | None  # None: the bundled default design
    original: Path | None  # the content this file translates ("source:"), if it names one
    settings: Mapping[str, Location]  # where each top-level setting stands, for later errors

    def panel(self, role: str) -> Panel:
        return next(p for p in self.panels if p.role == role)


# --- design ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextStyle:
    font: str  # a key of Design.fonts
    size: float  # pt
    leading: float  # pt
    colour: CMYK
    space_before: float  # pt
    space_after: float  # pt
    upper: bool = False  # set in capitals (kickers)
    hyphenate: bool = False  # by the content language; body text only, never titles


@dataclass(frozen=True)
class PanelStyle:
    background: CMYK | None
    ink: CMYK | None  # overrides every text colour on the panel (light text on a dark panel)
    motif: Literal["rings"] | None = None  # a drawn ornament (the covers' concentric rings)
    motif_colour: CMYK | None = None


# Every printer's mark make-folder can draw, as the design file and ``--marks`` spell them; the
# Marks field of each is its name with "_" for "-".
MARK_NAMES = ("crop", "fold", "registration", "colour-bar", "slug")


@dataclass(frozen=True)
class Marks:
    """Printer's marks, all outside the bleed; with none at all the page is the bleed box.

    A mark not switched on is off: ``Marks(…).with_only({"crop", "slug"})`` draws those two.
    """

    length: float  # pt
    offset: float  # pt from the trim; never less than the bleed
    weight: float  # pt
    margin: float  # pt from the trim to the media edge
    location: Location  # of the design's "marks", for errors found when the marks are drawn
    crop: bool = False
    fold: bool = False
    registration: bool = False  # register targets at the middle of each side
    colour_bar: bool = False  # a strip of solid and tint patches of each process ink
    slug: bool = False

    @property
    def on(self) -> frozenset[str]:
        """The names (of MARK_NAMES) of the marks switched on."""
        return frozenset(name for name in MARK_NAMES if getattr(self, _field(name)))

    def with_only(self, names: Iterable[str]) -> Marks:
        """These settings with exactly the marks ``names`` (of MARK_NAMES) switched on."""
        names = frozenset(names)
        unknown = names - set(MARK_NAMES)
        if unknown:
            raise ValueError(f"unknown marks {sorted(unknown)}; expected some of {MARK_NAMES}")
        flags: dict[str, Any] = {_field(name): name in names for name in MARK_NAMES}
        return replace(self, **flags)

    def page_margin(self, bleed: float) -> float:
        """From the trim to the media edge (pt): the marks' margin when any mark is drawn, else
        just the ``bleed``, so that a page without marks is its bleed box."""
        return self.margin if self.on else bleed


def _field(name: str) -> str:
    return name.replace("-", "_")


PDFX_CHOICES = ("x4", "x1a")


@dataclass(frozen=True)
class Press:
    """How the printer wants the print PDF: standard, page order and how the sheet turns."""

    pdfx: str  # one of PDFX_CHOICES
    inside_first: bool  # page 1 is the inside (most printers want the outside first)
    tumble: bool  # the press turns the sheet head to foot: page 2 is drawn upside down


@dataclass(frozen=True)
class Copyfit:
    """How far a panel that overflows may shrink its body text before it is an error."""

    styles: tuple[str, ...]  # the block styles that may shrink (size and leading together)
    min_size: float  # pt
    min_leading: float  # pt


@dataclass(frozen=True)
class Design:
    source: Path
    fonts: Mapping[str, Path]  # font key → TTF file
    bullet: str
    bullet_font: str  # a key of fonts
    bullet_colour: CMYK
    bullet_indent: float  # pt: text indent after the bullet
    styles: Mapping[str, TextStyle]  # block kind → style
    panel_styles: Mapping[str, PanelStyle]  # role → style; roles not listed are plain
    bleed: float  # pt
    compensation: Mapping[str, float]  # fold name (or "default") → pt, one fold-in step
    trim_margin: float  # pt, text to the trim
    fold_margin: float  # pt, text to a fold
    marks: Marks
    press: Press
    slug_labels: Mapping[str, str]  # "page", "outside", "inside" and role → slug label
    fallbacks: tuple[str, ...] = ()  # font keys tried in order for a character a font lacks
    copyfit: Copyfit | None = None  # None: an overflowing panel is an error straight away

    def step(self, fold: str) -> float:
        """The compensation step for ``fold`` (pt): its own if the design names one."""
        return self.compensation.get(fold, self.compensation["default"])
