"""Folding dummy: the imposed sheet as a plain 2-page PDF to print, cut out and fold by hand.

Before a leaflet goes to press, print the dummy double-sided on an office printer, cut along the
solid outline and fold it along the numbered fold lines, in order. Each panel shows its number in
the print file ("Side 7"), what it is ("front cover") and which side of the sheet it is on; a
panel printed upside down on the press sheet is printed upside down on the dummy too. Folded, the
dummy must read front cover first, then the panels in the fold's reading order: if it does not,
the fold scheme is wrong, and it is far cheaper to find out now.

* **One page per side of the sheet**, in the print file's page order (page 1 usually the
  outside). Each page names the fold, tells how to fold it and how to print the two pages.
* **Fold lines** run across the sheet, each labelled with its order and direction as seen on that
  page ("fold 1 · valley"): a *valley* fold closes towards you (dashed), a *mountain* fold away
  from you (dash-dot). The panel edges are thin grey lines, seen between the dashes.
* **Paper**: A4 if the flat sheet fits at full size with the notes around it, else A3; a sheet
  too large even for A3 is scaled down, and the page says so ("printed at 71 %: fold to check
  the order, not the size").
* **Duplex**: the second page backs the first the way the press turns the sheet — like a book
  page about the vertical axis, or head to foot when the design says ``back: tumble`` — and the
  page says which edge to flip on. The sheet is centred on the paper, so the two sides line up.

Everything is computed first (:func:`dummy_layout`: pure data, in page points), then drawn
(:func:`render_dummy`), in CMYK black and grey only, with the given TrueType font embedded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .impose import FoldLine, PlacedPanel, SheetPlan, SheetSide
from .pdf import new_canvas
from .units import mm

PAPERS = (("A4", mm(210), mm(297)), ("A3", mm(297), mm(420)))  # name, short, long edge
EDGE = mm(5)  # sheet and text to the paper's edge: clear of an office printer's unprinted border
GAP = mm(4)  # between the sheet and the notes above and below it
HEADER_SIZE = 10.0  # pt
NOTE_SIZE = 8.0  # pt
LEADING = 1.3  # line spacing, in font sizes
CAPTION_SIZE = 9.0  # pt: "Side 7 · front cover", shrunk to fit a narrow panel
NUMBER_SIZE = 72.0  # pt at most: the panel's number
FOLD_LABEL_SIZE = 7.0  # pt
FOLD_LABEL_INSET = mm(3)  # from the sheet's edge to the start of a fold's label
SAMPLE = mm(10)  # length of a line sample in the legend
LEGEND_SPACE = mm(6)  # between legend entries

BLACK = CMYKColor(0, 0, 0, 1)
GREY = CMYKColor(0, 0, 0, 0.45)
TRIM_WEIGHT = 1.0  # pt: the cutting line
PANEL_WEIGHT = 0.4  # pt
FOLD_WEIGHT = 0.8  # pt
VALLEY_DASH = (mm(3), mm(2))
MOUNTAIN_DASH = (mm(4), mm(1.2), mm(0.6), mm(1.2))
DUMMY_LANGUAGE = "en"  # the dummy's own words are English, whatever the leaflet's language


@dataclass(frozen=True)
class LegendEntry:
    x: float  # start of the line sample, page pt
    y: float  # baseline of the text; the sample is drawn at mid x-height
    style: str  # "trim", "panel", "valley" or "mountain"
    text: str


@dataclass(frozen=True)
class DummyLayout:
    """Where everything goes on the dummy's pages, in page points."""

    paper: str  # "A4" or "A3"
    width: float  # pt, the page
    height: float
    scale: float  # 1.0 at full size; a whole percentage otherwise
    x: float  # the sheet's lower left trim corner on the page
    y: float
    headers: tuple[tuple[str, ...], ...]  # per page, the header's lines
    notes: tuple[str, ...]  # the instructions, wrapped, the same on every page
    legend: tuple[LegendEntry, ...]
    flip: str  # "short" or "long": the edge to flip the paper on when printing double-sided

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point on the sheet (pt from its lower left trim corner) on the page."""
        return self.x + x * self.scale, self.y + y * self.scale

    def rect(self, panel: PlacedPanel) -> tuple[float, float, float, float]:
        """The panel's trim rectangle on the page: x0, y0, x1, y1."""
        x0, y0 = self.point(panel.x, panel.y)
        x1, y1 = self.point(panel.x + panel.width, panel.y + panel.height)
        return x0, y0, x1, y1


def flip_edge(landscape: bool, tumble: bool) -> str:
    """The paper edge a duplex printer flips on so that page 2 backs page 1 as on the press.

    A book-page turn is about the vertical axis: on landscape paper that is the short edge, on
    portrait paper the long edge; a tumble (head to foot) is the other one.
    """
    return "short" if landscape != tumble else "long"


def print_line(flip: str, scale: float) -> str:
    """How to print the dummy: one sheet, both sides, which edge, at what size."""
    size = (
        "at actual size (100 %, no fit to page)"
        if scale == 1
        else f"printed at {round(scale * 100)} %: fold to check the order, not the size"
    )
    return f"Print both pages on one sheet, double-sided, flip on the {flip} edge, {size}."


def _header(plan: SheetPlan, index: int, title: str) -> str:
    side = plan.sides[index]
    return (
        f"make-folder folding dummy · {title} · {plan.fold.name} · "
        f"page {index + 1} of {len(plan.sides)}: {side.name}"
    )


def _legend(width: float, font: str) -> list[tuple[float, int, str, str]]:
    """The legend entries flowed into rows ``width`` wide: (x from the left, row, style, text)."""
    entries = (
        ("trim", "cut here"),
        ("valley", "valley fold: closes towards you"),
        ("mountain", "mountain fold: closes away from you"),
    )
    placed, x, row = [], 0.0, 0
    for style, text in entries:
        length = SAMPLE + mm(2) + stringWidth(text, font, NOTE_SIZE)
        if x and x + length > width:
            x, row = 0.0, row + 1
        placed.append((x, row, style, text))
        x += length + LEGEND_SPACE
    return placed


def dummy_layout(plan: SheetPlan, title: str, font: str) -> DummyLayout:
    """Choose the paper and place the sheet and the notes (pure: nothing is drawn).

    A4 when the flat sheet fits at 100 % in either orientation, with ``EDGE`` to the paper's
    edge and the notes above and below; else A3; else A3 in the orientation that scales the
    sheet least, at a whole percentage rounded down.
    """
    candidates: list[DummyLayout] = []
    for paper, short, long in PAPERS:
        # The sheet's own orientation first: with room either way, that one wastes less paper.
        sizes = [(long, short), (short, long)]
        if plan.width < plan.height:
            sizes.reverse()
        for width, height in sizes:
            text_width = width - 2 * EDGE
            headers = tuple(
                tuple(simpleSplit(_header(plan, i, title), font, HEADER_SIZE, text_width))
                for i in range(len(plan.sides))
            )
            top = max(len(lines) for lines in headers) * HEADER_SIZE * LEADING
            flip = flip_edge(width > height, plan.tumble)
            # The scale note is one line either way, so measure with the longer wording.
            notes_text = [plan.fold.title + ". " + plan.fold.instructions, print_line(flip, 0.5)]
            notes = [
                line
                for text in notes_text
                for line in simpleSplit(text, font, NOTE_SIZE, text_width)
            ]
            flowed = _legend(text_width, font)
            rows = flowed[-1][1] + 1
            bottom = (len(notes) + rows) * NOTE_SIZE * LEADING
            # Centred on the paper, so that the two sides line up whichever edge is flipped:
            # the notes above and below get the same room.
            band = max(top, bottom)
            room_w = width - 2 * EDGE
            room_h = height - 2 * (EDGE + band + GAP)
            scale = min(1.0, room_w / plan.width, room_h / plan.height)
            scale = math.floor(scale * 100 + 1e-9) / 100 if scale < 1 else 1.0
            if scale <= 0:
                continue
            notes[-1] = print_line(flip, scale)  # the real wording, scale known
            x = (width - plan.width * scale) / 2
            y = (height - plan.height * scale) / 2
            legend_top = EDGE + (rows - 1) * NOTE_SIZE * LEADING + NOTE_SIZE * 0.3
            legend = tuple(
                LegendEntry(EDGE + lx, legend_top - row * NOTE_SIZE * LEADING, style, text)
                for lx, row, style, text in flowed
            )
            layout = DummyLayout(
                paper, width, height, scale, x, y, headers, tuple(notes), legend, flip
            )
            if scale == 1.0:
                return layout
            if paper == "A3":
                candidates.append(layout)
    return max(candidates, key=lambda layout: layout.scale)


def render_dummy(plan: SheetPlan, title: str, font: str) -> bytes:
    """The folding dummy of ``plan``: one page per sheet side, as described above.

    ``font`` is a registered TrueType font's name (it is embedded). The PDF's language is
    English whatever the leaflet's, because the dummy's own words are.
    """
    layout = dummy_layout(plan, title, font)
    buffer = BytesIO()
    canvas = new_canvas(buffer, font, f"Folding dummy: {title}", DUMMY_LANGUAGE)
    canvas.setSubject(f"{plan.fold.title}; folding dummy to print, cut out and fold by hand")
    for index, side in enumerate(plan.sides):
        canvas.setPageSize((layout.width, layout.height))
        _draw_notes(canvas, layout, index, font)
        _draw_sheet(canvas, layout, plan, side, font)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_notes(canvas: Canvas, layout: DummyLayout, index: int, font: str) -> None:
    canvas.setFillColor(BLACK)
    canvas.setFont(font, HEADER_SIZE)
    y = layout.height - EDGE - HEADER_SIZE
    for line in layout.headers[index]:
        canvas.drawString(EDGE, y, line)
        y -= HEADER_SIZE * LEADING
    canvas.setFont(font, NOTE_SIZE)
    rows = len({entry.y for entry in layout.legend})
    y = EDGE + (len(layout.notes) + rows - 1) * NOTE_SIZE * LEADING + NOTE_SIZE * 0.3
    for line in layout.notes:
        canvas.drawString(EDGE, y, line)
        y -= NOTE_SIZE * LEADING
    for entry in layout.legend:
        middle = entry.y + NOTE_SIZE * 0.3
        _stroke_style(canvas, entry.style)
        canvas.line(entry.x, middle, entry.x + SAMPLE, middle)
        canvas.setFillColor(BLACK)
        canvas.drawString(entry.x + SAMPLE + mm(2), entry.y, entry.text)


def _stroke_style(canvas: Canvas, style: str) -> None:
    """Line colour, weight and dash of a trim, panel edge, valley or mountain fold."""
    colour, weight, dash = {
        "trim": (BLACK, TRIM_WEIGHT, ()),
        "panel": (GREY, PANEL_WEIGHT, ()),
        "valley": (BLACK, FOLD_WEIGHT, VALLEY_DASH),
        "mountain": (BLACK, FOLD_WEIGHT, MOUNTAIN_DASH),
    }[style]
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(weight)
    canvas.setDash(list(dash))


def _draw_sheet(
    canvas: Canvas, layout: DummyLayout, plan: SheetPlan, side: SheetSide, font: str
) -> None:
    for panel in side.panels:
        _draw_panel(canvas, layout, plan, side, panel, font)
    for line in side.fold_lines:
        _draw_fold(canvas, layout, plan, line, font)
    _stroke_style(canvas, "trim")
    x0, y0 = layout.point(0, 0)
    canvas.rect(x0, y0, plan.width * layout.scale, plan.height * layout.scale)


def _draw_panel(
    canvas: Canvas,
    layout: DummyLayout,
    plan: SheetPlan,
    side: SheetSide,
    panel: PlacedPanel,
    font: str,
) -> None:
    x0, y0, x1, y1 = layout.rect(panel)
    width, height = x1 - x0, y1 - y0
    _stroke_style(canvas, "panel")
    canvas.rect(x0, y0, width, height)
    caption = f"{plan.fold.side_label(panel.role)} · {plan.fold.role_titles[panel.role]}"
    room = width - mm(4)
    size = min(CAPTION_SIZE, CAPTION_SIZE * room / stringWidth(caption, font, CAPTION_SIZE))
    number = min(NUMBER_SIZE, width * 0.5, height * 0.3)
    canvas.saveState()
    canvas.translate((x0 + x1) / 2, (y0 + y1) / 2)
    if panel.rotation == 180:
        canvas.rotate(180)  # printed upside down on the press sheet, so on the dummy too
    canvas.setFillColor(BLACK)
    canvas.setFont(font, number)
    canvas.drawCentredString(0, 0, str(panel.panel_number))
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size * 2, caption)
    canvas.setFillColor(GREY)
    canvas.drawCentredString(0, -size * 3.4, side.name)
    canvas.restoreState()


def fold_label(line: FoldLine) -> str:
    """``fold 1 · valley``: when it is folded and which way, as seen on this side."""
    return f"fold {line.order} · {line.kind}"


def _draw_fold(
    canvas: Canvas, layout: DummyLayout, plan: SheetPlan, line: FoldLine, font: str
) -> None:
    if line.vertical:
        start, end = layout.point(line.position, 0), layout.point(line.position, plan.height)
    else:
        start, end = layout.point(0, line.position), layout.point(plan.width, line.position)
    _stroke_style(canvas, line.kind)
    canvas.line(*start, *end)
    text = fold_label(line)
    canvas.saveState()
    canvas.setFillColor(BLACK)
    canvas.setFont(font, FOLD_LABEL_SIZE)
    if line.vertical:
        # Along the line, reading upwards, just left of it and ending near the head.
        canvas.translate(end[0] - FOLD_LABEL_SIZE * 0.5, end[1] - FOLD_LABEL_INSET)
        canvas.rotate(90)
        canvas.drawRightString(0, 0, text)
    else:
        canvas.drawString(start[0] + FOLD_LABEL_INSET, start[1] + FOLD_LABEL_SIZE * 0.4, text)
    canvas.restoreState()
