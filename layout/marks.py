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

from collections.abc import Mapping
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .content.model import Marks
from .errors import FitError
from .impose import SheetPlan
from .units import mm, to_mm

REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")
SLUG_SIZE = 6.5  # pt
SLUG_GAP = mm(1.5)  # between the ends of the marks and the job line
SLUG_CLEARANCE = mm(1)  # between a slug label and the fold marks at its panel's edges


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


@dataclass(frozen=True)
class Job:
    """What the slug says about the job besides the sheet itself."""

    title: str
    language: str
    finished_width: float  # pt
    finished_height: float  # pt


def panel_label(plan: SheetPlan, role: str, labels: Mapping[str, str]) -> str:
    """The slug over a panel: its number in the print file and its role, "Side 6 (bakside)"."""
    number = f"{labels['page']} {plan.fold.panel_number(role)}"
    return f"{number} ({labels[role]})" if role in labels else number


def job_line(plan: SheetPlan, index: int, job: Job, labels: Mapping[str, str]) -> str:
    """The slug under the sheet: job, fold, sizes, panel widths, which side, how to turn it."""
    side = plan.sides[index]
    widths = "/".join(f"{to_mm(p.width):g}" for p in side.panels)
    turn = ""
    if index:
        turn = (
            " · printed upside down: turn the sheet over head to foot (tumble)"
            if side.turned
            else " · turn the sheet over like a book page, head to head"
        )
    return (
        f"{job.title} · {job.language} · {plan.fold.name}: {plan.fold.title} · "
        f"flat {to_mm(plan.width):g} × {to_mm(plan.height):g} mm, finished "
        f"{to_mm(job.finished_width):g} × {to_mm(job.finished_height):g} mm · "
        f"panels {widths} mm · {labels.get(side.name, side.name)} "
        f"(page {index + 1} of {len(plan.sides)}){turn}"
    )


def side_marks(
    plan: SheetPlan,
    index: int,
    settings: Marks,
    labels: Mapping[str, str],
    job: Job,
    font: str,
) -> SideMarks:
    """The marks of sheet side ``index``; the slug is measured in ``font`` so that it is never
    wider than its panel or the sheet."""
    side = plan.sides[index]
    w, h = plan.width, plan.height
    near, far = settings.offset, settings.offset + settings.length
    lines: list[Line] = []
    if settings.crop:
        for x, outward in ((0.0, -1), (w, 1)):
            for y, upward in ((0.0, -1), (h, 1)):
                lines.append(Line(x + outward * near, y, x + outward * far, y))  # horizontal
                lines.append(Line(x, y + upward * near, x, y + upward * far))  # vertical
    if settings.fold:
        for x in side.folds:  # at the head and the foot
            lines.append(Line(x, h + near, x, h + far, dashed=True))
            lines.append(Line(x, -near, x, -far, dashed=True))
        for y in side.row_folds:  # at the left and the right
            lines.append(Line(-near, y, -far, y, dashed=True))
            lines.append(Line(w + near, y, w + far, y, dashed=True))
    labels_out: list[Label] = []
    if settings.slug:
        if settings.margin < slug_depth(settings):
            raise FitError(
                f"the job slug needs {to_mm(slug_depth(settings)):.1f} mm beyond the trim; "
                "expected marks.margin of at least that, or marks.slug: false",
                settings.location,
            )
        # Centred between the head's (or the foot's) marks; cap height ≈ 0.7 em.
        above = h + near + (settings.length - SLUG_SIZE * 0.7) / 2
        below = -far + (settings.length - SLUG_SIZE * 0.7) / 2
        for p in side.panels:
            text = panel_label(plan, p.role, labels) + (" · 180°" if p.rotation else "")
            _fits(text, p.width - 2 * SLUG_CLEARANCE, font, f"the slug over {p.role}", settings)
            # The head row is named above the sheet, a second row below it.
            baseline = above if p.y + p.height >= h - 0.01 else below
            labels_out.append(Label(p.x + p.width / 2, baseline, text, centred=True))
        text = job_line(plan, index, job, labels)
        _fits(text, w + settings.margin - SLUG_CLEARANCE, font, "the job slug", settings)
        labels_out.append(Label(0.0, -far - SLUG_GAP - SLUG_SIZE * 0.75, text, centred=False))
    return SideMarks(tuple(lines), tuple(labels_out))


def slug_depth(settings: Marks) -> float:
    """How far beyond the trim the job line reaches (pt): the margin must be at least this."""
    return settings.offset + settings.length + SLUG_GAP + SLUG_SIZE


def _fits(text: str, room: float, font: str, what: str, settings: Marks) -> None:
    width = stringWidth(text, font, SLUG_SIZE)
    if width > room:
        raise FitError(
            f"{what} ({text!r}) is {to_mm(width):.1f} mm long, with room for "
            f"{to_mm(room):.1f} mm; expected shorter slug labels, or marks.slug: false",
            settings.location,
        )


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
