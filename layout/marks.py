"""Marks stage: crop marks, fold marks and the slug, derived from the plan (pure data).

Input: a :class:`SheetPlan` side and the design's mark settings. Output: :class:`SideMarks`, lines
and labels in points relative to the trim's lower left corner, every one of them outside the
bleed; :func:`draw_marks` paints them in registration colour (``/Separation /All``), so they
appear on every printing plate.

Crop marks extend the trim lines outward at each corner; fold marks are dashed, at the head and
foot of every fold (the printer's check of the compensated panel widths). Above each panel the
slug names it ("Side 6 (bakside)"); below the sheet one line names the job.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfgen.canvas import Canvas

from .content.model import Marks
from .impose import SheetPlan, SheetSide
from .units import mm

REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")
SLUG_SIZE = 6.5  # pt


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    dashed: bool = False


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    centred: bool


@dataclass(frozen=True)
class SideMarks:
    lines: tuple[Line, ...]
    labels: tuple[Label, ...]


def side_marks(
    plan: SheetPlan, side: SheetSide, settings: Marks, panel_labels: dict[str, str], job: str
) -> SideMarks:
    """The marks of one sheet side; ``panel_labels`` maps role → slug text."""
    w, h = plan.width, plan.height
    near, far = settings.offset, settings.offset + settings.length
    lines: list[Line] = []
    if settings.crop:
        for x, outward in ((0.0, -1), (w, 1)):
            for y, upward in ((0.0, -1), (h, 1)):
                lines.append(Line(x + outward * near, y, x + outward * far, y))  # horizontal
                lines.append(Line(x, y + upward * near, x, y + upward * far))  # vertical
    if settings.fold:
        for x in side.folds:
            lines.append(Line(x, h + near, x, h + far, dashed=True))
            lines.append(Line(x, -near, x, -far, dashed=True))
    labels: list[Label] = []
    if settings.slug:
        baseline = h + near + (settings.length - SLUG_SIZE * 0.7) / 2  # cap height ≈ 0.7 em
        labels += [
            Label(p.x + p.width / 2, baseline, panel_labels[p.role], centred=True)
            for p in side.panels
        ]
        labels.append(Label(0.0, -far - mm(1.5) - SLUG_SIZE * 0.75, job, centred=False))
    return SideMarks(tuple(lines), tuple(labels))


def draw_marks(canvas: Canvas, marks: SideMarks, weight: float, font: str) -> None:
    """Paint ``marks`` in registration colour, the origin moved to the trim corner."""
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setFillColor(REGISTRATION)
    canvas.setLineWidth(weight)
    for line in marks.lines:
        canvas.setDash([mm(1), mm(0.8)] if line.dashed else [])
        canvas.line(line.x0, line.y0, line.x1, line.y1)
    canvas.setFont(font, SLUG_SIZE)
    for label in marks.labels:
        if label.centred:
            canvas.drawCentredString(label.x, label.y, label.text)
        else:
            canvas.drawString(label.x, label.y, label.text)
    canvas.restoreState()
