"""Sheets stage: typeset panels placed on PDF pages, with the page boxes a printer needs.

Input: a :class:`SheetPlan` and one :class:`PanelLayout` per role. Output: drawing on a canvas —
one page per sheet side for the print PDF (MediaBox ⊇ BleedBox ⊇ TrimBox, the trim the flat
sheet), or one page per panel in reading order for the reader PDF. One generic loop places any
plan.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.pdfgen.canvas import Canvas

from .impose import SheetPlan, SheetSide
from .panels import PanelLayout, bleed_rect, draw_panel


def begin_sheet_page(canvas: Canvas, plan: SheetPlan, margin: float) -> None:
    """Size the page to trim + ``margin`` all round and set TrimBox and BleedBox.

    ReportLab's box setters stick to later pages, so they are set afresh on every page.
    """
    w, h, b = plan.width, plan.height, plan.bleed
    canvas.setPageSize((w + 2 * margin, h + 2 * margin))
    canvas.setTrimBox((margin, margin, margin + w, margin + h))
    canvas.setBleedBox((margin - b, margin - b, margin + w + b, margin + h + b))


def draw_side(
    canvas: Canvas, side: SheetSide, layouts: Mapping[str, PanelLayout], margin: float, bleed: float
) -> None:
    """Place every panel of ``side`` at its slot, turned if it is printed upside down; each is
    clipped to its own bleed area."""
    for placed in side.panels:
        layout = layouts[placed.role]
        canvas.saveState()
        canvas.translate(margin + placed.x, margin + placed.y)
        if placed.rotation == 180:
            # Turn about the slot's centre: the panel's own lower left corner goes top right.
            canvas.translate(placed.width, placed.height)
            canvas.rotate(180)
        draw_panel(canvas, layout, bleed_rect(layout.box, bleed))
        canvas.restoreState()


def draw_reader_page(canvas: Canvas, layout: PanelLayout, width: float, height: float) -> None:
    """One panel on a page of the finished size, its text frame centred across the page."""
    canvas.setPageSize((width, height))
    x0, _, x1, _ = layout.frame
    dx = (width - (x0 + x1)) / 2
    canvas.saveState()
    canvas.translate(dx, 0)
    draw_panel(canvas, layout, (-dx, 0.0, width - dx, height))
    canvas.restoreState()
