"""The ``panels`` check: the file is the imposed sheet its panel map describes.

With a panel map: the page count, the trim size (the flat sheet) and the bleed match the map,
and each panel's text is found, in order, inside the panel's rectangle on its page — so a panel
in the wrong slot, or a sheet side printed mirrored, is caught. Asked for a fold, the map must
name that fold and the file must have two pages (the outside and the inside of the sheet).
"""

from __future__ import annotations

from collections.abc import Sequence

import pypdfium2 as pdfium

from ..folds import FOLDS
from ..units import mm, to_mm
from .boxes import bleed_widths
from .document import TOLERANCE, Box
from .panelmap import PanelMap
from .report import Finding

SIZE_TOLERANCE = 0.05  # mm: the map's millimetres are rounded


def check_panels(
    document: pdfium.PdfDocument | None,
    boxes: Sequence[dict[str, Box | None]],
    panel_map: PanelMap | None,
    fold: str | None,
) -> list[Finding]:
    """Check the pages against the panel map, and the map against the fold asked for."""
    findings: list[Finding] = []

    def error(page: int | None, message: str) -> None:
        findings.append(Finding("panels", page, message))

    if fold is not None:
        if fold not in FOLDS:
            error(None, f"unknown fold {fold!r}; expected one of: {', '.join(sorted(FOLDS))}")
        elif len(boxes) != 2:
            error(None, f"{_pages(len(boxes))}; an imposed {fold} sheet has 2, outside and inside")
        if panel_map is not None and panel_map.fold != fold:
            error(None, f"the panel map is for fold {panel_map.fold!r}, not {fold!r}")
    if panel_map is None:
        findings.append(
            Finding("panels", None, "panel order not checked: the PDF carries no panel map", "note")
        )
        return findings
    if len(boxes) != len(panel_map.pages):
        error(None, f"{_pages(len(boxes))}, but the panel map describes {len(panel_map.pages)}")
        return findings
    width, height = panel_map.flat
    for number, (page_boxes, mapped) in enumerate(zip(boxes, panel_map.pages, strict=True), 1):
        trim, bleed = page_boxes.get("TrimBox"), page_boxes.get("BleedBox")
        if trim is None:
            continue  # the boxes check has said so
        trim_w, trim_h = to_mm(trim[2] - trim[0]), to_mm(trim[3] - trim[1])
        if abs(trim_w - width) > SIZE_TOLERANCE or abs(trim_h - height) > SIZE_TOLERANCE:
            error(
                number,
                f"TrimBox is {trim_w:.2f} × {trim_h:.2f} mm; the panel map's flat sheet is "
                f"{width:g} × {height:g} mm",
            )
        if bleed is not None:
            short = min(bleed_widths(trim, bleed))
            if short < mm(panel_map.bleed) - TOLERANCE:
                error(
                    number,
                    f"bleed {to_mm(short):.2f} mm; the panel map asks for {panel_map.bleed:g} mm",
                )
        if document is None or number > len(document):
            continue
        text = document[number - 1].get_textpage()
        for panel in mapped.panels:
            rect = (
                trim[0] + mm(panel.x),
                trim[1] + mm(panel.y),
                trim[0] + mm(panel.x + panel.width),
                trim[1] + mm(panel.y + panel.height),
            )
            absent = missing(text.get_text_bounded(*rect), panel.text)
            if absent is not None:
                error(
                    number,
                    f"{panel.label}: {absent!r} is not in its panel at {panel.x:g} mm from the "
                    "left trim",
                )
    return findings


def _pages(count: int) -> str:
    return f"{count} page{'' if count == 1 else 's'}"


# pdfium reads a hyphen at a line end back as a marker (\x02 in a rectangle, U+FFFE on a page),
# and a URL broken after a slash as a line break: compare without hyphens and white space.
_HYPHENS = str.maketrans("", "", "-\u00ad\u2010\x02\ufffe")


def normalise(text: str) -> str:
    return "".join(text.translate(_HYPHENS).split())


def missing(found: str, expected: Sequence[str]) -> str | None:
    """The first expected piece not found in sequence in ``found``, or None if all are."""
    text, cursor = normalise(found), 0
    for piece in expected:
        at = text.find(normalise(piece), cursor)
        if at < 0:
            return piece
        cursor = at + len(normalise(piece))
    return None
