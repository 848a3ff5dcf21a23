"""Imposition plan: which panel lands where on each side of the sheet (pure, no PDF).

Input: a fold scheme, the finished (closed) size, the compensation step, the bleed and how the
press turns the sheet. Output: a :class:`SheetPlan` in points, with every position, width, fold
line, cut edge, rotation and backing derived from the scheme, one page per sheet side in print
order. :func:`panel_map_table` and :func:`fold_report` put a plan into words for
``make-folder folds``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from .folds import INSIDE, OUTSIDE, FoldScheme
from .units import mm, to_mm_rounded


@dataclass(frozen=True)
class PlacedPanel:
    """A panel's trim rectangle on the sheet, as the page is printed."""

    role: str
    panel_number: int  # "Side N" in the print file
    x: float  # pt from the left trim edge of the sheet
    y: float  # pt from the bottom trim edge
    width: float  # pt
    height: float  # pt
    rotation: int  # 0, or 180 when the panel is printed upside down
    cut_left: bool  # the left edge (on the sheet) is a cut edge, otherwise a fold
    cut_right: bool
    cut_bottom: bool
    cut_top: bool
    backs: str  # the role printed behind this panel

    def upright_cuts(self) -> tuple[bool, bool, bool, bool]:
        """Cut edges as the panel reads (left, right, bottom, top): turned with the panel."""
        edges = (self.cut_left, self.cut_right, self.cut_bottom, self.cut_top)
        if self.rotation == 180:
            return edges[1], edges[0], edges[3], edges[2]
        return edges


@dataclass(frozen=True)
class FoldLine:
    """One fold line on one printed side of the sheet."""

    position: float  # pt from the left trim edge (vertical) or the bottom trim edge
    vertical: bool
    order: int  # 1 is folded first
    valley: bool  # as seen on this side: True, the paper folds towards the viewer

    @property
    def kind(self) -> str:
        """``valley`` (the paper closes towards the viewer) or ``mountain``, as seen on this
        side: the word the panel map, the job sheet and the dummy print."""
        return "valley" if self.valley else "mountain"


@dataclass(frozen=True)
class SheetSide:
    """One printed side of the sheet: its panels and fold lines as the page is printed."""

    name: str  # inside or outside
    panels: tuple[PlacedPanel, ...]
    fold_lines: tuple[FoldLine, ...]
    turned: bool  # printed turned 180° for a press that turns the sheet head to foot

    @property
    def folds(self) -> tuple[float, ...]:
        """x of each vertical fold line, pt from the left trim edge, left to right."""
        return tuple(sorted(f.position for f in self.fold_lines if f.vertical))

    @property
    def row_folds(self) -> tuple[float, ...]:
        """y of each horizontal fold line, pt from the bottom trim edge."""
        return tuple(sorted(f.position for f in self.fold_lines if not f.vertical))

    def rows(self) -> tuple[tuple[PlacedPanel, ...], ...]:
        """The panels as printed, in rows from the head (the top of the page), each row left to
        right; the first row is the head row, where the slug names each panel."""
        rows: dict[float, list[PlacedPanel]] = {}
        for p in self.panels:
            # Rounded: a turned side's positions are computed, the rows' y must still match.
            rows.setdefault(round(p.y, 6), []).append(p)
        return tuple(
            tuple(sorted(row, key=lambda p: p.x)) for _, row in sorted(rows.items(), reverse=True)
        )


@dataclass(frozen=True)
class SheetPlan:
    """The whole sheet: the fold, the flat size, bleed and compensation step, and its sides in
    PDF page order."""

    fold: FoldScheme
    width: float  # pt, flat (open) trim width
    height: float  # pt, flat trim height
    bleed: float  # pt
    step: float  # pt, the compensation step
    sides: tuple[SheetSide, ...]  # in PDF page order

    def panel(self, role: str) -> PlacedPanel:
        return next(p for side in self.sides for p in side.panels if p.role == role)

    @property
    def tumble(self) -> bool:
        """Whether the second page is drawn for a press that turns the sheet head to foot
        (otherwise it turns like a book page)."""
        return any(side.turned for side in self.sides)


def plan(
    fold: FoldScheme,
    finished_width: float,
    finished_height: float,
    step: float,
    bleed: float,
    *,
    inside_first: bool = False,
    tumble: bool = False,
) -> SheetPlan:
    """Impose ``fold`` on one sheet; panels are ``finished_width`` less their compensation.

    Most leaflet printers want the outside first (``inside_first`` swaps the pages). The second
    page is drawn for a sheet turned over on its short edge like a book page; ``tumble`` turns
    it 180° for a press or printer that turns the sheet head to foot instead.
    """
    order = (INSIDE, OUTSIDE) if inside_first else (OUTSIDE, INSIDE)
    width = 0.0
    sides = []
    for index, name in enumerate(order):
        side = _side(fold, name, finished_width, finished_height, step)
        width = max(p.x + p.width for p in side.panels)
        if tumble and index == 1:
            side = _turned(side, width, finished_height * fold.rows)
        sides.append(side)
    return SheetPlan(fold, width, finished_height * fold.rows, bleed, step, tuple(sides))


def _side(
    fold: FoldScheme, name: str, finished_width: float, finished_height: float, step: float
) -> SheetSide:
    widths = fold.widths(name, finished_width, step)
    lefts = (0.0, *accumulate(widths))
    rows, columns = fold.rows, fold.columns
    panels = []
    for row, roles in enumerate(fold.grid(name)):
        y = (rows - 1 - row) * finished_height  # rows are listed from the top
        for column, role in enumerate(roles):
            panels.append(
                PlacedPanel(
                    role=role,
                    panel_number=fold.panel_number(role),
                    x=lefts[column],
                    y=y,
                    width=widths[column],
                    height=finished_height,
                    rotation=180 if role in fold.rotated else 0,
                    cut_left=column == 0,
                    cut_right=column == columns - 1,
                    cut_bottom=row == rows - 1,
                    cut_top=row == 0,
                    backs=fold.backs(role),
                )
            )
    lines = [
        FoldLine(lefts[k + 1], True, crease.order, crease.valley)
        for k in range(columns - 1)
        for crease in (fold.crease(name, k),)
    ] + [
        FoldLine((rows - 1 - r) * finished_height, False, crease.order, crease.valley)
        for r in range(rows - 1)
        for crease in (fold.row_crease(name, r),)
    ]
    return SheetSide(name, tuple(panels), tuple(lines), turned=False)


def _turned(side: SheetSide, width: float, height: float) -> SheetSide:
    """``side`` drawn upside down: every position mirrored through the sheet's centre."""
    panels = tuple(
        PlacedPanel(
            role=p.role,
            panel_number=p.panel_number,
            # Rounded: width − x − w of a computed sum is −2e-14 where it should be 0.
            x=round(width - p.x - p.width, 9),
            y=round(height - p.y - p.height, 9),
            width=p.width,
            height=p.height,
            rotation=(p.rotation + 180) % 360,
            cut_left=p.cut_right,
            cut_right=p.cut_left,
            cut_bottom=p.cut_top,
            cut_top=p.cut_bottom,
            backs=p.backs,
        )
        for p in side.panels
    )
    lines = tuple(
        FoldLine(
            round((width if f.vertical else height) - f.position, 9),
            f.vertical,
            f.order,
            f.valley,
        )
        for f in side.fold_lines
    )
    return SheetSide(side.name, panels, lines, turned=True)


def panel_map_table(sheet: SheetPlan) -> str:
    """Both sides of ``sheet`` as text: a grid of panels per page (number, role, width in mm,
    180° if printed upside down), then the fold lines — what ``make-folder folds NAME`` shows."""
    cell = max(16, *(len(p.role) + 2 for side in sheet.sides for p in side.panels))
    lines: list[str] = []
    for page, side in enumerate(sheet.sides, start=1):
        turned = ", printed upside down for a tumble turn" if side.turned else ""
        lines.append(f"page {page}: {side.name} (seen printed side up, head at the top{turned})")
        rows = side.rows()
        columns = len(rows[0])
        rule = "─" * cell
        lines.append("  ┌" + "┬".join([rule] * columns) + "┐")
        for number, row in enumerate(rows):
            if number:
                lines.append("  ├" + "┼".join([rule] * columns) + "┤")
            for text in (
                [sheet.fold.side_label(p.role) + (" · 180°" if p.rotation else "") for p in row],
                [p.role for p in row],
                [f"{to_mm_rounded(p.width):g} mm" for p in row],
            ):
                lines.append("  │" + "│".join(f" {t:<{cell - 1}}" for t in text) + "│")
        lines.append("  └" + "┴".join([rule] * columns) + "┘")
        for fold in sorted(side.fold_lines, key=lambda f: (not f.vertical, f.position)):
            where = "from the left" if fold.vertical else "from the foot"
            at = to_mm_rounded(fold.position)
            lines.append(f"  fold {fold.order}: {fold.kind} at {at:g} mm {where}")
    return "\n".join(lines)


def fold_report(scheme: FoldScheme, width_mm: float, height_mm: float, step_mm: float) -> str:
    """Everything ``make-folder folds NAME`` prints about ``scheme`` for a leaflet of the
    finished size ``width_mm`` × ``height_mm`` with a compensation step of ``step_mm``: title,
    JDF id, flat size, reading order, both sides' panel maps and how to fold it."""
    sheet = plan(scheme, mm(width_mm), mm(height_mm), mm(step_mm), 0.0)
    flat = f"{to_mm_rounded(sheet.width):g} × {to_mm_rounded(sheet.height):g} mm"
    return "\n".join(
        [
            f"{scheme.name}: {scheme.title}",
            f"JDF fold catalogue: {scheme.jdf or 'none'}",
            f"finished {width_mm:g} × {height_mm:g} mm, flat {flat}, "
            f"compensation step {step_mm:g} mm",
            "reading order: " + " → ".join(scheme.reading_order),
            panel_map_table(sheet),
            "how to fold: " + scheme.instructions,
        ]
    )
