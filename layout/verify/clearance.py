"""The ``text`` check: no text too near a cut or a fold.

Every character pdfium finds on a page (through forms and at any rotation), ignoring white space
and characters lying wholly outside the TrimBox (the slug), must keep its glyph box at least
5 mm from each trim edge, so that a trimming tolerance never cuts it, and at least 3 mm from
every fold line, so that no fold runs through it. Fold lines come from the make-folder panel
map; a file without one is checked against the trim only, and a note says so.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from ctypes import c_double
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..units import mm, to_mm
from .document import TOLERANCE, Box, TextPages
from .panelmap import PanelMap
from .report import Finding

SAFE_TRIM = mm(5)
SAFE_FOLD = mm(3)
MAX_REPORTED = 5  # runs of text per page
# pt: the slack of the quick test that passes a glyph clear of every edge and fold (_Clear), far
# beyond any rounding, so that a glyph it passes is clear whatever _too_near would compute.
MARGIN = 1.0


@dataclass(frozen=True)
class Fold:
    position: float  # pt in page space: x of a vertical fold, y of a horizontal one
    vertical: bool
    name: str  # "the fold at 98 mm from the left trim"


def check_text(
    pages: TextPages,
    boxes: Sequence[dict[str, Box | None]],
    panel_map: PanelMap | None,
    skip: Mapping[int, str] | None = None,
) -> list[Finding]:
    """An error for each run of text too near a trim edge or a fold.

    ``skip`` names the pages (1-based) too dense to lay out, each with the reason: pdfium would
    build every object of such a page in memory, so they get a warning instead.
    """
    findings: list[Finding] = []
    if panel_map is None:
        findings.append(
            Finding(
                "text",
                None,
                "distance from folds not checked: the PDF carries no panel map",
                "note",
            )
        )
    for index, page_boxes in enumerate(boxes):
        trim = page_boxes.get("TrimBox")
        if trim is None or index >= len(pages):
            continue
        if skip and index + 1 in skip:
            findings.append(
                Finding(
                    "text", index + 1, f"text positions not checked: {skip[index + 1]}", "warning"
                )
            )
            continue
        folds: list[Fold] = []
        if panel_map is not None and index < len(panel_map.pages):
            mapped = panel_map.pages[index]
            folds += [
                Fold(trim[0] + mm(x), True, f"the fold at {x:g} mm from the left trim")
                for x in mapped.vertical
            ]
            folds += [
                Fold(trim[1] + mm(y), False, f"the fold at {y:g} mm from the bottom trim")
                for y in mapped.horizontal
            ]
        runs = _crowded(pages[index], trim, folds)
        for text, where, distance, need in runs[:MAX_REPORTED]:
            findings.append(
                Finding(
                    "text",
                    index + 1,
                    f"text {text!r} is {to_mm(distance):.1f} mm from {where}; "
                    f"keep text {to_mm(need):g} mm away",
                )
            )
        if len(runs) > MAX_REPORTED:
            findings.append(
                Finding(
                    "text",
                    index + 1,
                    f"and {len(runs) - MAX_REPORTED} more "
                    + ("run" if len(runs) - MAX_REPORTED == 1 else "runs")
                    + " of text too near a trim or fold",
                )
            )
    return findings


def _crowded(
    text: pdfium.PdfTextPage, trim: Box, folds: list[Fold]
) -> list[tuple[str, str, float, float]]:
    """Runs of characters too near the same edge or fold: (text, where, nearest, needed).

    A page holds thousands of characters and nearly all of them are well clear, so each costs
    one call into pdfium (its box, into four doubles made once) and the quick test of
    :class:`_Clear`; only a glyph that test does not pass is measured to each edge and fold.
    Which character it is, and whether pdfium generated it, is asked only of one too near (or
    of one without a box): it decides nothing for the others, which are passed over either way.
    """
    runs: list[tuple[str, str, float, float]] = []
    last = -2
    clear = _Clear(trim, folds)
    raw, charbox = text.raw, pdfium_c.FPDFText_GetCharBox
    left, bottom, right, top = c_double(), c_double(), c_double(), c_double()
    for i in range(text.count_chars()):
        if charbox(raw, i, left, right, bottom, top):  # yes, l r b t
            box = (left.value, bottom.value, right.value, top.value)
        elif _character(text, i) is None:
            continue
        else:
            box = text.get_charbox(i)  # raises pdfium's own error: no box for this character
        if clear(box):
            continue  # inside the trim and clear of everything: most of the page
        if not _inside(box, trim):
            continue  # the slug, or bleed artwork
        problem = _too_near(box, trim, folds)
        char = None if problem is None else _character(text, i)
        if problem is None or char is None:
            continue
        where, distance, need = problem
        shown = "-" if char in "\x02\ufffe" else char  # pdfium's marks for a line-end hyphen
        if runs and runs[-1][1] == where and last >= i - 2:
            previous = runs[-1]
            gap = " " if last < i - 1 else ""
            runs[-1] = (previous[0] + gap + shown, where, min(previous[2], distance), need)
        else:
            runs.append((shown, where, distance, need))
        last = i
    return runs


class _Clear:
    """The quick test for a glyph box: inside the trim and clear of every edge and fold.

    The trim's left and right edges and the vertical folds limit a box's x-span only, its bottom
    and top edges and the horizontal folds its y-span, so on each axis the positions a span may
    take form a few sorted intervals (between the trim edges, less a band around each fold, each
    narrowed by MARGIN). A box is clear when each span lies within one interval, found by
    bisection: a glyph costs the same on a sheet of many folds as on one of none. A box the test
    does not pass is not necessarily too near; :func:`_too_near` measures it.
    """

    def __init__(self, trim: Box, folds: Sequence[Fold]) -> None:
        self.x = _intervals(trim[0], trim[2], (f.position for f in folds if f.vertical))
        self.y = _intervals(trim[1], trim[3], (f.position for f in folds if not f.vertical))

    def __call__(self, box: tuple[float, float, float, float]) -> bool:
        left, bottom, right, top = box
        (x_starts, x_ends), (y_starts, y_ends) = self.x, self.y
        i, j = bisect_right(x_starts, left) - 1, bisect_right(y_starts, bottom) - 1
        # Chained, so that a reversed box or a NaN fails the test (and is measured exactly).
        return (
            x_starts[i] <= left <= right <= x_ends[i] and y_starts[j] <= bottom <= top <= y_ends[j]
        )


def _intervals(low: float, high: float, folds: Iterable[float]) -> tuple[list[float], list[float]]:
    """The starts and the ends of the intervals between the trim edges ``low`` and ``high`` that
    keep SAFE_TRIM from them and SAFE_FOLD from each fold, each with MARGIN to spare. The first
    is an empty sentinel at -inf, so that a bisection for any position lands on an interval."""
    starts, ends = [-math.inf], [-math.inf]
    start, limit = low + SAFE_TRIM + MARGIN, high - SAFE_TRIM - MARGIN
    # A fold at NaN (an infinite trim plus an infinite offset) is near nothing in _too_near.
    for fold in sorted(f for f in folds if not math.isnan(f)):
        end = min(fold - SAFE_FOLD - MARGIN, limit)  # a fold beyond the trim: a foreign map's
        if end > start:
            starts.append(start)
            ends.append(end)
        start = max(start, fold + SAFE_FOLD + MARGIN)
    if limit > start:
        starts.append(start)
        ends.append(limit)
    return starts, ends


def _character(text: pdfium.PdfTextPage, index: int) -> str | None:
    """The character at ``index``, or None when it is not text to keep clear: white space, a
    NUL, or one pdfium generated (a space or line break it inferred)."""
    char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, index))
    if char.isspace() or char == "\x00" or pdfium_c.FPDFText_IsGenerated(text.raw, index) == 1:
        return None
    return char


def _inside(box: tuple[float, float, float, float], trim: Box) -> bool:
    left, bottom, right, top = box
    return (
        left < trim[2] - TOLERANCE
        and right > trim[0] + TOLERANCE
        and bottom < trim[3] - TOLERANCE
        and top > trim[1] + TOLERANCE
    )


def _too_near(
    box: tuple[float, float, float, float], trim: Box, folds: list[Fold]
) -> tuple[str, float, float] | None:
    left, bottom, right, top = box
    edges = (
        ("the left trim edge", left - trim[0]),
        ("the bottom trim edge", bottom - trim[1]),
        ("the right trim edge", trim[2] - right),
        ("the top trim edge", trim[3] - top),
    )
    where, distance = min(edges, key=lambda edge: edge[1])
    if distance < SAFE_TRIM - TOLERANCE:
        return where, max(distance, 0.0), SAFE_TRIM
    nearest: tuple[str, float, float] | None = None
    for fold in folds:
        low, high = (left, right) if fold.vertical else (bottom, top)
        if low < fold.position < high:
            gap = 0.0  # the fold runs through the glyph
        else:
            gap = min(abs(low - fold.position), abs(high - fold.position))
        if gap < SAFE_FOLD - TOLERANCE and (nearest is None or gap < nearest[1]):
            nearest = (fold.name, gap, SAFE_FOLD)
    return nearest
