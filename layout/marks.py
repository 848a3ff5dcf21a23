"""Marks stage: crop, fold and registration marks, the colour bar and the slug (pure data).

Input: a :class:`SheetPlan` side and the design's mark settings. Output: :class:`SideMarks`, lines,
labels, registration targets and colour patches in points relative to the trim's lower left
corner, every one of them outside the bleed and inside the page margin; :func:`draw_marks` paints
the marks in registration colour (``/Separation /All``), so they appear on every printing plate,
and the patches in their own process inks.

Crop marks extend the trim lines outward at each corner; fold marks are dashed, at the head and
foot of every vertical fold and at the left and right of a horizontal one (the printer's check of
the compensated panel widths). Above each panel the slug names it ("Side 6 (bakside)"); below the
sheet one line names the job: title, language, fold and JDF id, sizes, the width of each column,
the page and, on page 2, how to turn the sheet. On a sheet too narrow for it the title is cut
short ("…"): the title is in the PDF's metadata and the job sheet, the rest is what the press
needs.

Registration targets (a circle and a cross) stand in the left and right margins, at mid-height
unless a fold mark is there, for the press operator to bring the plates into register. The colour
bar is a column of 5 mm patches in the right margin, below the target: solid C, M, Y and K, a
50 % tint of each and a three-colour grey, for the densitometer. Both are placed after the other
marks and the slug, clear of each of them; a margin too narrow, or a sheet too short, for them is
a fit error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas

from .content.model import CMYK, Marks
from .errors import FitError
from .impose import SheetPlan
from .units import mm, to_mm, to_mm_rounded

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 from the trim's lower left corner, pt

REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")
SLUG_SIZE = 6.5  # pt
SLUG_GAP = mm(1.5)  # between the ends of the marks and the job line
SLUG_CLEARANCE = mm(1)  # between a slug label and the fold marks at its panel's edges
TARGET_RADIUS = mm(2.5)  # the registration target's circle
TARGET_ARM = mm(3)  # half the length of its cross
PATCH = mm(5)  # a colour bar patch is this square
# The colour bar, top to bottom: solids, 50 % tints, and a grey of C, M and Y alone that turns
# red, green or blue as soon as one ink runs heavy (its values: the usual grey-balance patch).
COLOUR_BAR: tuple[tuple[str, CMYK], ...] = (
    ("C", (1.0, 0.0, 0.0, 0.0)),
    ("M", (0.0, 1.0, 0.0, 0.0)),
    ("Y", (0.0, 0.0, 1.0, 0.0)),
    ("K", (0.0, 0.0, 0.0, 1.0)),
    ("C 50 %", (0.5, 0.0, 0.0, 0.0)),
    ("M 50 %", (0.0, 0.5, 0.0, 0.0)),
    ("Y 50 %", (0.0, 0.0, 0.5, 0.0)),
    ("K 50 %", (0.0, 0.0, 0.0, 0.5)),
    ("grey C50 M40 Y40", (0.5, 0.4, 0.4, 0.0)),
)


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
class Target:
    """A registration target: a circle with a cross through its centre."""

    x: float  # centre
    y: float
    radius: float
    arm: float  # from the centre to each end of the cross

    def box(self, weight: float) -> Box:
        """The area its ink covers with lines ``weight`` thick."""
        reach = max(self.radius, self.arm) + weight / 2
        return self.x - reach, self.y - reach, self.x + reach, self.y + reach


@dataclass(frozen=True)
class Patch:
    """One solid square of the colour bar, in process ink."""

    x: float  # lower left corner
    y: float
    width: float
    height: float
    name: str  # "C", "M 50 %" …: what a densitometer reading of it is called
    colour: CMYK

    @property
    def box(self) -> Box:
        return self.x, self.y, self.x + self.width, self.y + self.height


@dataclass(frozen=True)
class SideMarks:
    lines: tuple[Line, ...]
    labels: tuple[Label, ...]
    targets: tuple[Target, ...] = ()
    patches: tuple[Patch, ...] = ()


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
    """The slug under the sheet: job, fold, sizes, the width of each column, which side and
    page, and on page 2 how to turn the sheet, e.g. ``… · innside, page 2 of 2: turn like a
    book page``. The fold's long title is left out: the PDF's Subject and the job sheet carry
    it."""
    side = plan.sides[index]
    fold = plan.fold.name + (f" (JDF {plan.fold.jdf})" if plan.fold.jdf else "")
    widths = "/".join(f"{to_mm_rounded(p.width):g}" for p in side.rows()[0])
    page = f"{labels.get(side.name, side.name)}, page {index + 1} of {len(plan.sides)}"
    if index:
        page += ", printed upside down: tumble" if side.turned else ": turn like a book page"
    return " · ".join(
        (
            job.title,
            job.language,
            fold,
            f"flat {to_mm_rounded(plan.width):g} × {to_mm_rounded(plan.height):g} mm",
            f"finished {to_mm_rounded(job.finished_width):g} × "
            f"{to_mm_rounded(job.finished_height):g} mm",
            f"panels {widths} mm",
            page,
        )
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
        head_row = side.rows()[0]
        for p in side.panels:
            text = panel_label(plan, p.role, labels) + (" · 180°" if p.rotation else "")
            _fits(text, p.width - 2 * SLUG_CLEARANCE, font, f"the slug over {p.role}", settings)
            # The head row is named above the sheet, a second row below it.
            baseline = above if p in head_row else below
            labels_out.append(Label(p.x + p.width / 2, baseline, text, centred=True))
        room = w + settings.margin - SLUG_CLEARANCE
        text = _fitted_job_line(plan, index, job, labels, room, font, settings)
        labels_out.append(Label(0.0, -far - SLUG_GAP - SLUG_SIZE * 0.75, text, centred=False))
    # Whatever is placed next keeps clear of every line and label placed so far.
    taken = [_line_box(line, settings.weight) for line in lines]
    taken += [_label_box(label, font) for label in labels_out]
    targets: list[Target] = []
    if settings.registration:
        for outward in (-1, 1):  # the left margin, the right margin
            target = _target(plan, outward, settings, taken)
            targets.append(target)
            taken.append(target.box(settings.weight))
    patches = _colour_bar(plan, settings, taken) if settings.colour_bar else ()
    return SideMarks(tuple(lines), tuple(labels_out), tuple(targets), patches)


def _target(plan: SheetPlan, outward: int, settings: Marks, taken: list[Box]) -> Target:
    """The registration target in the left (``outward`` −1) or right (1) margin: centred across
    the room between the offset and the media edge, as near mid-height as the marks allow."""
    reach = max(TARGET_RADIUS, TARGET_ARM) + settings.weight / 2
    x = _across(plan, outward, 2 * reach, settings, "the registration targets", "registration")
    y = _along(plan, x - reach, x + reach, 2 * reach, plan.height / 2, settings, taken)
    if y is None:
        raise FitError(
            f"the registration targets find no room beside the sheet, {to_mm(2 * reach):.1f} mm "
            "clear of the other marks; expected a larger marks.margin, or "
            "marks.registration: false",
            settings.location,
        )
    return Target(x, y, TARGET_RADIUS, TARGET_ARM)


def _colour_bar(plan: SheetPlan, settings: Marks, taken: list[Box]) -> tuple[Patch, ...]:
    """The colour bar: a column of patches down the right margin, the first at the top, centred
    a quarter of the way up the sheet when the marks leave room there."""
    length = PATCH * len(COLOUR_BAR)
    x = _across(plan, 1, PATCH, settings, "the colour bar", "colour-bar")
    centre = _along(plan, x - PATCH / 2, x + PATCH / 2, length, plan.height / 4, settings, taken)
    if centre is None:
        raise FitError(
            f"the colour bar needs {to_mm(length):.0f} mm beside the sheet, clear of the other "
            "marks, and finds no such room; expected a larger marks.margin, or "
            "marks.colour-bar: false",
            settings.location,
        )
    top = centre + length / 2
    return tuple(
        Patch(x - PATCH / 2, top - (k + 1) * PATCH, PATCH, PATCH, name, colour)
        for k, (name, colour) in enumerate(COLOUR_BAR)
    )


def _across(
    plan: SheetPlan, outward: int, width: float, settings: Marks, what: str, flag: str
) -> float:
    """x of the centre line of the room beside the sheet, between the mark offset and the media
    edge, for an item ``width`` wide; a fit error if the room is narrower."""
    room = settings.margin - settings.offset
    if width > room:
        raise FitError(
            f"{what} need {to_mm(width):.1f} mm beside the sheet beyond the "
            f"{to_mm_rounded(settings.offset):g} mm mark offset, with room for "
            f"{to_mm(room):.1f} mm; expected a larger marks.margin, or marks.{flag}: false",
            settings.location,
        )
    middle = (settings.offset + settings.margin) / 2
    return plan.width + middle if outward > 0 else -middle


def _along(
    plan: SheetPlan,
    x0: float,
    x1: float,
    length: float,
    prefer: float,
    settings: Marks,
    taken: list[Box],
) -> float | None:
    """The centre (y) nearest ``prefer`` of a free stretch ``length`` long in the column
    ``x0``…``x1``, between the media's head and foot and clear of every ``taken`` box; None if
    there is none. Ties go to the lower position, so the choice never depends on float noise."""
    blocked = sorted(
        (box[1] - SLUG_CLEARANCE, box[3] + SLUG_CLEARANCE)
        for box in taken
        if box[0] < x1 + SLUG_CLEARANCE and box[2] > x0 - SLUG_CLEARANCE
    )
    gaps, start = [], -settings.margin
    for low, high in blocked:
        if low > start:
            gaps.append((start, low))
        start = max(start, high)
    gaps.append((start, plan.height + settings.margin))
    best: float | None = None
    for low, high in gaps:
        if high - low >= length:
            centre = min(max(prefer, low + length / 2), high - length / 2)
            if best is None or abs(centre - prefer) < abs(best - prefer) - 1e-6:
                best = centre
    return best


def _line_box(line: Line, weight: float) -> Box:
    half = weight / 2
    return (
        min(line.x0, line.x1) - half,
        min(line.y0, line.y1) - half,
        max(line.x0, line.x1) + half,
        max(line.y0, line.y1) + half,
    )


def _label_box(label: Label, font: str) -> Box:
    """Where a slug label's glyphs can reach: its advance width, ascent to descent."""
    width = stringWidth(label.text, font, SLUG_SIZE)
    ascent, descent = getAscentDescent(font, SLUG_SIZE)
    x0 = label.x - width / 2 if label.centred else label.x
    return x0, label.y + descent, x0 + width, label.y + ascent


def _fitted_job_line(
    plan: SheetPlan,
    index: int,
    job: Job,
    labels: Mapping[str, str],
    room: float,
    font: str,
    settings: Marks,
) -> str:
    """The job line, its title cut short with "…" until the line fits ``room``; a fit error if
    it does not fit even then."""
    # Under the sheet is the only place for it: above the head's marks the margin leaves no
    # line's height clear of the media edge by the mark offset.
    text, title = job_line(plan, index, job, labels), job.title
    while title and stringWidth(text, font, SLUG_SIZE) > room:
        title = title[:-1].rstrip()
        text = job_line(plan, index, replace(job, title=title + "…"), labels)
    _fits(text, room, font, "the job slug", settings)
    return text


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
    """Paint ``marks`` in registration colour, the origin moved to the trim corner; the colour
    bar's patches in their own inks, knocking out (a patch must read its ink alone)."""
    canvas.saveState()
    canvas.setFillOverprint(False)
    for patch in marks.patches:
        canvas.setFillColor(CMYKColor(*patch.colour))
        canvas.rect(patch.x, patch.y, patch.width, patch.height, stroke=0, fill=1)
    canvas.setStrokeColor(REGISTRATION)
    canvas.setFillColor(REGISTRATION)
    canvas.setLineWidth(weight)
    for line in marks.lines:
        canvas.setDash([mm(1), mm(0.8)] if line.dashed else [])
        canvas.line(line.x0, line.y0, line.x1, line.y1)
    canvas.setDash([])
    for target in marks.targets:
        canvas.circle(target.x, target.y, target.radius, stroke=1, fill=0)
        canvas.line(target.x - target.arm, target.y, target.x + target.arm, target.y)
        canvas.line(target.x, target.y - target.arm, target.x, target.y + target.arm)
    canvas.setFont(font, SLUG_SIZE)
    for label in marks.labels:
        if label.centred:
            canvas.drawCentredString(label.x, label.y, label.text)
        else:
            canvas.drawString(label.x, label.y, label.text)
    canvas.restoreState()
