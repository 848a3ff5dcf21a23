"""The ``text`` check: no text too near a cut or a fold.

Every character pdfium finds on a page (through forms and at any rotation), ignoring white space
and characters lying wholly outside the TrimBox (the slug), must keep its glyph box at least
5 mm from each trim edge, so that a trimming tolerance never cuts it, and at least 3 mm from
every fold line, so that no fold runs through it. Fold lines come from the make-folder panel
map; a file without one is checked against the trim only, and a note says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..units import mm, to_mm
from .document import TOLERANCE, Box
from .panelmap import PanelMap
from .report import Finding

SAFE_TRIM = mm(5)
SAFE_FOLD = mm(3)
MAX_REPORTED = 5  # runs of text per page


@dataclass(frozen=True)
class Fold:
    position: float  # pt in page space: x of a vertical fold, y of a horizontal one
    vertical: bool
    name: str  # "the fold at 98 mm from the left trim"


def check_text(
    document: pdfium.PdfDocument,
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
        if trim is None or index >= len(document):
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
        runs = _crowded(document[index].get_textpage(), trim, folds)
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
    """Runs of characters too near the same edge or fold: (text, where, nearest, needed)."""
    runs: list[tuple[str, str, float, float]] = []
    last = -2
    for i in range(text.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
        if char.isspace() or char == "\x00" or pdfium_c.FPDFText_IsGenerated(text.raw, i) == 1:
            continue
        box = text.get_charbox(i)
        if not _inside(box, trim):
            continue  # the slug, or bleed artwork
        problem = _too_near(box, trim, folds)
        if problem is None:
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
