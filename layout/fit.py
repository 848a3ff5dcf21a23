"""The fit report: how full each panel's text frame is, and what copyfit changed to make it fit.

Typesetting measures every panel (:class:`PanelFit`); :class:`FitReport` gathers them for one
leaflet in reading order. A build prints it as a table (:meth:`FitReport.table`) and writes it
as JSON (:meth:`FitReport.to_json`); a leaflet with any panel that overflows is an
:class:`Overflow` error that carries the report, so both can still be shown. Heights are in
points here; every text and the JSON give millimetres, rounded to 0.1 mm.

A build of several files ends with one :class:`BuildOutcome` per file: :func:`summary_table`
is the table printed after them, :func:`fit_report_json` the ``--report`` file (every
leaflet's fit report, or its error).

Copyfit (the design's ``copyfit:``) lets a panel that overflows set its body styles smaller:
:func:`copyfit_steps` yields the settings to try, 0.1 pt of size at a time, size and leading
together (space before and after in proportion), never below the design's limits.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .content.model import Copyfit, TextStyle
from .content.yamlfile import read_yaml
from .errors import FitError, FolderError, Location
from .units import to_mm, to_mm_rounded

COPYFIT_STEP = 0.1  # pt of type size per copyfit step
# pt: text this much taller (or a word this much wider) than its frame still fits: rounding in
# ReportLab's wrap, never a visible overflow.
TOLERANCE = 0.01
FIT_REPORT_VERSION = 1  # of the --report JSON: {"version": 1, "leaflets": [...]}


def columns(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """``rows`` of cells as text lines, each indented two spaces, columns two spaces apart and
    as wide as their widest cell: left-aligned, or right-aligned for the columns in ``right``
    (numbers). No line ends in spaces."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  "
        + "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


@dataclass(frozen=True)
class StyleChange:
    """One style as copyfit set it on a panel: its size and leading before and after, pt."""

    style: str
    size: tuple[float, float]
    leading: tuple[float, float]

    def __str__(self) -> str:
        (size, size_to), (leading, leading_to) = self.size, self.leading
        return f"{self.style} {size:g}/{leading:g} → {size_to:g}/{leading_to:g} pt"


def _where(location: Location) -> str:
    """``panels.inside-3[1] (line 30)``: a key path and, where known, its line."""
    where = location.key_path
    if location.line is not None:
        where += f" (line {location.line})"
    return where


@dataclass(frozen=True)
class LongestItem:
    """The tallest item of a bullets block: where the content file gives it, its height (pt)."""

    location: Location  # of the item: panels.inside-3[1].bullets[4] and its line
    height: float

    def __str__(self) -> str:
        return f"{_where(self.location)}, {to_mm(self.height):.1f} mm"

    def to_json(self) -> dict[str, Any]:
        return {
            "key_path": self.location.key_path,
            "line": self.location.line,
            "height_mm": to_mm_rounded(self.height, 1),
        }


@dataclass(frozen=True)
class LongestBlock:
    """The tallest block of a panel: where the content file gives it, and its height (pt); for a
    bullets block also its tallest item, the text a translator shortens first."""

    location: Location  # of the block: its key path (panels.inside-3[1]) and line
    height: float
    item: LongestItem | None = None  # a bullets block's tallest item; None for other blocks

    def __str__(self) -> str:
        """``panels.inside-3[1] (line 81), 180.5 mm, whose longest item is
        panels.inside-3[1].bullets[4] (line 88), 31.2 mm``."""
        text = f"{_where(self.location)}, {to_mm(self.height):.1f} mm"
        if self.item is not None:
            text += f", whose longest item is {self.item}"
        return text

    def cell(self) -> str:
        """The fit table's shorter form: ``panels.inside-3[1] (line 81), 180.5 mm; item
        bullets[4] (line 88), 31.2 mm`` (the item's key path within its block)."""
        text = f"{_where(self.location)}, {to_mm(self.height):.1f} mm"
        if self.item is not None:
            item = self.item.location.key_path.removeprefix(self.location.key_path + ".")
            line = self.item.location.line
            where = item if line is None else f"{item} (line {line})"
            text += f"; item {where}, {to_mm(self.item.height):.1f} mm"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "key_path": self.location.key_path,
            "line": self.location.line,
            "height_mm": to_mm_rounded(self.height, 1),
            "item": None if self.item is None else self.item.to_json(),
        }


@dataclass(frozen=True)
class PanelFit:
    """How one panel's text fits its frame, as measured with the styles it is finally set in."""

    role: str
    label: str  # "Side 3 (inside-3)"
    location: Location  # of the panel in the content file
    frame: float  # pt: the text frame's usable height
    used: float  # pt: the height the text takes
    # pt: the unit of "lines over": the leading actually set (after copyfit) of the style of
    # the panel's longest block, or of its paragraphs when it has no blocks
    leading: float
    leading_style: str  # that style: "paragraph", "bullet", "lead" …
    longest: LongestBlock | None  # None: the panel has no blocks
    copyfit: tuple[StyleChange, ...] = ()  # what copyfit changed (nothing: set as designed)
    copyfit_exhausted: bool = False  # copyfit went to its limits and the text still overflows

    @property
    def fits(self) -> bool:
        return self.used <= self.frame + TOLERANCE

    @property
    def fill(self) -> float:
        """How full the frame is: 0…1, above 1 when the text overflows."""
        return self.used / self.frame

    @property
    def free(self) -> float:
        """Height left in the frame (pt); 0 when the text overflows."""
        return max(self.frame - self.used, 0.0)

    @property
    def over(self) -> float:
        """How much taller than the frame the text is (pt); 0 when it fits."""
        return 0.0 if self.fits else self.used - self.frame

    @property
    def lines_over(self) -> int:
        """The overflow in lines of the panel's main text (``leading_style`` set at ``leading``),
        rounded up: cut this many lines of it and the panel fits."""
        return math.ceil(self.over / self.leading) if self.over else 0

    @property
    def copyfit_note(self) -> str:
        """What copyfit changed, e.g. ``paragraph 10.5/15.5 → 9.8/14.5 pt, bullet …``, and
        whether it went to its limits in vain."""
        note = ", ".join(map(str, self.copyfit))
        if self.copyfit_exhausted:
            return f"{note} (at the copyfit limits)" if note else "at the copyfit limits"
        return note

    def problem(self) -> str:
        """The overflow in one sentence: by how much, measured how, and the longest block."""
        lines = f"{self.lines_over} line" + ("" if self.lines_over == 1 else "s")
        text = (
            f"{self.label} does not fit: its text is {to_mm(self.over):.1f} mm too tall for the "
            f"{to_mm(self.frame):.1f} mm frame (about {lines} of {self.leading:g} pt "
            f"{self.leading_style} text"
        )
        if self.copyfit_exhausted:
            text += ", measured with copyfit at its limits"
            if self.copyfit:
                text += ": " + ", ".join(map(str, self.copyfit))
        text += ")"
        if self.longest is not None:
            text += f" — longest block {self.longest}"
        return text

    def to_json(self) -> dict[str, Any]:
        longest = self.longest
        return {
            "role": self.role,
            "label": self.label,
            "line": self.location.line,
            "fits": self.fits,
            "frame_mm": to_mm_rounded(self.frame, 1),
            "text_mm": to_mm_rounded(self.used, 1),
            "fill_percent": round(self.fill * 100, 1),
            "free_mm": to_mm_rounded(self.free, 1),
            "over_mm": to_mm_rounded(self.over, 1),
            "lines_over": self.lines_over,
            "leading_pt": self.leading,
            "leading_style": self.leading_style,
            "longest_block": None if longest is None else longest.to_json(),
            "copyfit": [
                {"style": c.style, "size_pt": list(c.size), "leading_pt": list(c.leading)}
                for c in self.copyfit
            ],
            "copyfit_at_limits": self.copyfit_exhausted,
            "copyfit_note": self.copyfit_note,
        }


@dataclass(frozen=True)
class FitReport:
    """Every panel of one leaflet in one language, in reading order."""

    file: Path  # the content file
    language: str
    fold: str
    panels: tuple[PanelFit, ...]

    @property
    def overflows(self) -> tuple[PanelFit, ...]:
        """The panels whose text is taller than their frame, in reading order."""
        return tuple(panel for panel in self.panels if not panel.fits)

    @property
    def fits(self) -> bool:
        return not self.overflows

    def summary(self) -> str:
        """One line: the file, its language, and whether every panel fits."""
        head = f"{self.file} ({self.language}, {self.fold})"
        count = len(self.overflows)
        if not count:
            return f"{head}: all {len(self.panels)} panels fit"
        return f"{head}: {count} of {len(self.panels)} panels overflow"

    def table(self) -> str:
        """The report as a text table, a row per panel in reading order, under a summary line.

        Columns: the panel, how full it is, the room left or the overflow, the overflow in lines
        (of :attr:`PanelFit.leading`), its longest block (key path, line, height; for bullets
        also its longest item) and what copyfit changed.
        """
        rows = [("Panel", "Fill", "Free/over", "Lines over", "Longest block", "Copyfit")]
        for panel in self.panels:
            room = (
                f"{to_mm(panel.free):.1f} mm free"
                if panel.fits
                else f"{to_mm(panel.over):.1f} mm over"
            )
            rows.append(
                (
                    panel.label,
                    f"{panel.fill:.0%}",
                    room,
                    str(panel.lines_over) if panel.lines_over else "",
                    panel.longest.cell() if panel.longest else "",
                    panel.copyfit_note,
                )
            )
        return "\n".join([self.summary(), *columns(rows, right={1, 2, 3})])

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data: stable keys, millimetres rounded to 0.1 mm."""
        return {
            "file": str(self.file),
            "language": self.language,
            "fold": self.fold,
            "fits": self.fits,
            "overflows": [panel.role for panel in self.overflows],
            "panels": [panel.to_json() for panel in self.panels],
        }

    def error(self) -> Overflow:
        """The error for a leaflet that does not fit: every overflowing panel, in reading order,
        at the first one's place in the content file."""
        overflows = self.overflows
        if not overflows:
            raise ValueError("every panel fits: there is no overflow to report")
        which = "this panel" if len(overflows) == 1 else "these panels"
        message = "; ".join(panel.problem() for panel in overflows)
        return Overflow(f"{message}; shorten the text of {which}", overflows[0].location, self)


class Overflow(FitError):
    """One or more panels' text does not fit; ``report`` is the whole leaflet's fit report."""

    def __init__(self, message: str, location: Location | None, report: FitReport) -> None:
        super().__init__(message, location)
        self.report = report


@dataclass(frozen=True)
class BuildOutcome:
    """What became of one content file in a build: for the summary table and the ``--report``
    JSON."""

    path: Path  # the content file, as given
    language: str  # as the file says; "?" when it cannot be read
    fit: FitReport | None  # None: the file failed before every panel was measured
    outputs: tuple[Path, ...] = ()  # the files written or kept (none when it failed)
    error: FolderError | None = None  # None: built
    up_to_date: bool = False  # its outputs were kept: nothing it reads had changed

    @classmethod
    def failed(cls, path: Path, error: FolderError) -> BuildOutcome:
        """The outcome of a file that failed with ``error``; an overflow keeps its fit report."""
        if isinstance(error, Overflow):
            return cls(path, error.report.language, error.report, (), error)
        return cls(path, _declared_language(path), None, (), error)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "language": self.language,
            "ok": self.ok,
            "up_to_date": self.up_to_date,
            "error": None if self.error is None else str(self.error),
            "outputs": [str(path) for path in self.outputs],
            "fit": self.fit.to_json() if self.fit else None,
        }


def _declared_language(path: Path) -> str:
    """The language a content file says it is in, for a file that failed before it was laid
    out (read as the loader reads it); "?" if it cannot even be read."""
    try:
        data = read_yaml(path).data
    except FolderError:
        return "?"
    language = data.get("language") if isinstance(data, Mapping) else None
    return language if isinstance(language, str) else "?"


def fit_report_json(outcomes: Sequence[BuildOutcome]) -> dict[str, Any]:
    """The ``--report`` file's data: every file's outcome and fit report, in build order."""
    return {"version": FIT_REPORT_VERSION, "leaflets": [o.to_json() for o in outcomes]}


def summary_table(outcomes: Sequence[BuildOutcome]) -> str:
    """The table after a build of several files, under a count: each file's language, panels
    that fit, files written and its problem (the error's message, without its location), or
    "up to date" for a file whose outputs were kept::

        4 files: 2 built, 1 up to date, 1 failed
          File             Language  Panels fit  Written  Problem
          content.yaml     nb        8/8         3
          content.en.yaml  en        –           0        up to date
          content.da.yaml  da        8/8         3
          content.de.yaml  de        7/8         0        Side 5 (door-right) does not fit: …
    """
    rows = [("File", "Language", "Panels fit", "Written", "Problem")]
    for outcome in outcomes:
        fit = outcome.fit
        fits = f"{len(fit.panels) - len(fit.overflows)}/{len(fit.panels)}" if fit else "–"
        problem = "" if outcome.error is None else outcome.error.message
        if len(problem) > 70:
            problem = problem[:69] + "…"
        written = 0 if outcome.up_to_date else len(outcome.outputs)
        rows.append(
            (
                str(outcome.path),
                outcome.language,
                fits,
                str(written),
                "up to date" if outcome.up_to_date else problem,
            )
        )
    failed = sum(1 for outcome in outcomes if not outcome.ok)
    kept = sum(1 for outcome in outcomes if outcome.up_to_date)
    built = len(outcomes) - failed - kept
    count = f"{len(outcomes)} files: {built} built, " + (f"{kept} up to date, " if kept else "")
    return "\n".join([count + f"{failed} failed", *columns(rows)])


def copyfit_steps(
    styles: Mapping[str, TextStyle], copyfit: Copyfit, kinds: Collection[str]
) -> Iterator[tuple[dict[str, TextStyle], tuple[StyleChange, ...]]]:
    """The settings copyfit may try, smallest change first, each with what it changes.

    Each step sets every style of ``kinds`` (the copyfit styles a panel uses) 0.1 pt smaller than
    the step before, its leading and its space before and after in proportion to its size;
    a style stops at ``min_size``, a leading at ``min_leading``. The last step has every style at
    its limit. Leadings are kept to 0.1 pt, so that the report says exactly what is set.
    """
    shrinking = [kind for kind in copyfit.styles if kind in kinds]
    steps = max(
        (
            math.ceil((styles[kind].size - copyfit.min_size) / COPYFIT_STEP - 1e-6)
            for kind in shrinking
        ),
        default=0,
    )
    for step in range(1, steps + 1):
        changed = dict(styles)
        changes = []
        for kind in shrinking:
            style = styles[kind]
            size = max(copyfit.min_size, round(style.size - step * COPYFIT_STEP, 3))
            scale = size / style.size
            leading = max(copyfit.min_leading, round(style.leading * scale, 1))
            changed[kind] = replace(
                style,
                size=size,
                leading=leading,
                space_before=style.space_before * scale,
                space_after=style.space_after * scale,
            )
            if (size, leading) != (style.size, style.leading):
                changes.append(StyleChange(kind, (style.size, size), (style.leading, leading)))
        yield changed, tuple(changes)
