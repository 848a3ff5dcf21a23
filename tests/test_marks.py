"""Registration targets and the colour bar: placed as data, clear of every other mark, drawn.

The marks are computed for the seed design's settings on two sheets: the seed's gate-8
(396 × 210 mm, vertical folds only) and a cross-8 (200 × 420 mm) whose horizontal fold puts a fold
mark in each side margin at mid-height, exactly where a target would go first.
"""

from __future__ import annotations

from dataclasses import fields, replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from layout.content.loader import load_content, load_design
from layout.content.model import MARK_NAMES, Design, Marks
from layout.errors import FitError
from layout.folds import FOLDS
from layout.fonts import register
from layout.impose import SheetPlan, plan
from layout.marks import (
    SLUG_SIZE,
    Job,
    Label,
    Line,
    SideMarks,
    draw_marks,
    job_line,
    side_marks,
)
from layout.pdf import new_canvas
from layout.units import mm, to_mm

ROOT = Path(__file__).resolve().parent.parent
Box = tuple[float, float, float, float]
EXACT = 0.01  # pt


@pytest.fixture(scope="module")
def design() -> Design:
    return load_design(load_content(ROOT / "content.yaml").design)


@pytest.fixture(scope="module")
def font(design: Design) -> str:
    return register(design.fonts["regular"])


def sheet(fold: str) -> SheetPlan:
    return plan(FOLDS[fold], mm(100), mm(210), mm(2), mm(3))


def marks_of(
    sheet_plan: SheetPlan, index: int, design: Design, font: str, settings: Marks | None = None
) -> SideMarks:
    job = Job("Kort og godt om trivsel på arbeidsplassen", "nb", mm(100), mm(210))
    return side_marks(sheet_plan, index, settings or design.marks, design.slug_labels, job, font)


def line_box(line: Line, weight: float) -> Box:
    return (
        min(line.x0, line.x1) - weight / 2,
        min(line.y0, line.y1) - weight / 2,
        max(line.x0, line.x1) + weight / 2,
        max(line.y0, line.y1) + weight / 2,
    )


def label_box(label: Label, font: str) -> Box:
    width = stringWidth(label.text, font, SLUG_SIZE)
    ascent, descent = getAscentDescent(font, SLUG_SIZE)
    x0 = label.x - width / 2 if label.centred else label.x
    return x0, label.y + descent, x0 + width, label.y + ascent


def new_boxes(marks: SideMarks, weight: float) -> list[Box]:
    """The ink of every target and patch."""
    return [t.box(weight) for t in marks.targets] + [p.box for p in marks.patches]


def overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share an area (touching edges do not count)."""
    return (
        a[0] < b[2] - EXACT and b[0] < a[2] - EXACT and a[1] < b[3] - EXACT and b[1] < a[3] - EXACT
    )


CASES = [
    pytest.param("gate-8", 0, id="gate-8-outside"),
    pytest.param("gate-8", 1, id="gate-8-inside"),
    pytest.param("cross-8", 0, id="cross-8-outside"),
    pytest.param("cross-8", 1, id="cross-8-inside"),
]


@pytest.mark.parametrize(("fold", "index"), CASES)
def test_targets_and_patches_lie_outside_the_bleed_inside_the_media(
    design: Design, font: str, fold: str, index: int
) -> None:
    """This test ensures that every registration target and colour patch keeps at least the
    mark offset from the trim (so clear of the bleed) and stays within the page margin."""
    sheet_plan = sheet(fold)
    settings = design.marks
    marks = marks_of(sheet_plan, index, design, font)
    w, h = sheet_plan.width, sheet_plan.height
    near, margin = settings.offset, settings.margin
    assert settings.offset >= sheet_plan.bleed
    for box in new_boxes(marks, settings.weight):
        assert not overlap(box, (-near, -near, w + near, h + near)), f"{box} within the offset"
        assert box[0] >= -margin - EXACT and box[2] <= w + margin + EXACT, f"{box} off the page"
        assert box[1] >= -margin - EXACT and box[3] <= h + margin + EXACT, f"{box} off the page"


@pytest.mark.parametrize(("fold", "index"), CASES)
def test_targets_and_patches_clear_every_other_mark(
    design: Design, font: str, fold: str, index: int
) -> None:
    """This test ensures that no target or patch overlaps a crop mark, a fold mark (the
    cross-8's horizontal fold marks sit at mid-height in both side margins), a slug label, the
    job line or each other."""
    sheet_plan = sheet(fold)
    weight = design.marks.weight
    marks = marks_of(sheet_plan, index, design, font)
    others = [line_box(line, weight) for line in marks.lines]
    others += [label_box(label, font) for label in marks.labels]
    assert len(marks.lines) == 8 + 2 * len(sheet_plan.sides[index].fold_lines)
    placed = new_boxes(marks, weight)
    for k, box in enumerate(placed):
        for other in others + placed[k + 1 :]:
            assert not overlap(box, other), f"{box} overlaps {other}"


@pytest.mark.parametrize("fold", ["gate-8", "cross-8"])
def test_two_targets_and_a_nine_patch_colour_bar(design: Design, font: str, fold: str) -> None:
    """This test ensures that a side has a target in each side margin (at mid-height unless a
    fold mark is there) and a colour bar of 5 mm patches: solid C, M, Y, K, their 50 % tints
    and a three-colour grey, one under the other, in one column beside the sheet."""
    sheet_plan = sheet(fold)
    marks = marks_of(sheet_plan, 0, design, font)
    left, right = sorted(marks.targets, key=lambda t: t.x)
    assert left.x < 0 < sheet_plan.width < right.x
    assert (left.radius, 2 * left.arm) == pytest.approx((mm(2.5), mm(6)))
    middle = sheet_plan.height / 2
    for target in (left, right):
        if sheet_plan.sides[0].row_folds:  # moved off the fold mark, but kept near the middle
            assert abs(target.y - middle) >= target.arm
            assert abs(target.y - middle) < mm(6)
        else:
            assert target.y == pytest.approx(middle)
    colours = [p.colour for p in marks.patches]
    solids = [
        (1.0, 0.0, 0.0, 0.0),
        (0.0, 1.0, 0.0, 0.0),
        (0.0, 0.0, 1.0, 0.0),
        (0.0, 0.0, 0.0, 1.0),
    ]
    tints = [tuple(v / 2 for v in solid) for solid in solids]
    assert colours[:8] == solids + tints
    grey = colours[8]
    assert grey[3] == 0 and min(grey[:3]) > 0, "a grey of cyan, magenta and yellow alone"
    assert {(round(p.width, 6), round(p.height, 6)) for p in marks.patches} == {
        (round(mm(5), 6), round(mm(5), 6))
    }
    assert len({p.x for p in marks.patches}) == 1, "one column"
    tops = [p.y + p.height for p in marks.patches]
    assert tops == pytest.approx([tops[0] - k * mm(5) for k in range(9)]), "C at the top"


def test_none_when_switched_off(design: Design, font: str) -> None:
    """This test ensures that with marks.registration and marks.colour-bar false there are no
    targets and no patches, and that the other marks are the same with or without them."""
    sheet_plan = sheet("cross-8")
    on = marks_of(sheet_plan, 0, design, font)
    assert on.targets and on.patches
    settings = replace(design.marks, registration=False, colour_bar=False)
    off = marks_of(sheet_plan, 0, design, font, settings)
    assert off.targets == () and off.patches == ()
    assert (off.lines, off.labels) == (on.lines, on.labels)
    only_bar = marks_of(sheet_plan, 0, design, font, replace(settings, colour_bar=True))
    assert only_bar.targets == () and len(only_bar.patches) == 9


@pytest.mark.parametrize(
    ("fold", "changes", "flag"),
    [
        # 6 mm of room beside the sheet: too narrow for a 6 mm target and its line.
        pytest.param("gate-8", {"margin": mm(9)}, "registration", id="target-margin"),
        # 4.5 mm of room: too narrow for a 5 mm patch.
        pytest.param(
            "gate-8",
            {"margin": mm(7.5), "length": mm(4), "registration": False},
            "colour-bar",
            id="bar-margin",
        ),
        # A sheet 30 mm high leaves no 45 mm stretch beside it for the bar.
        pytest.param("short", {"registration": False}, "colour-bar", id="bar-length"),
    ],
)
def test_fit_error_when_there_is_no_room(
    design: Design, font: str, fold: str, changes: dict[str, object], flag: str
) -> None:
    """This test ensures that a margin too narrow for a target or a patch, or a sheet too
    short for the colour bar, is a FitError at the design's marks, naming the way out."""
    if fold == "short":
        sheet_plan = plan(FOLDS["bifold-4"], mm(100), mm(30), mm(2), mm(3))
    else:
        sheet_plan = sheet(fold)
    settings = replace(design.marks, slug=False, **changes)  # type: ignore[arg-type]
    with pytest.raises(FitError) as caught:
        marks_of(sheet_plan, 0, design, font, settings)
    assert caught.value.location == design.marks.location
    assert f"expected a larger marks.margin, or marks.{flag}: false" in caught.value.message


def test_drawn_targets_in_registration_colour_and_patches_in_process_ink(
    design: Design, font: str
) -> None:
    """This test ensures that draw_marks strokes each target (a circle and a cross) in the
    registration colour and fills each patch with its own CMYK values, not overprinting."""
    marks = marks_of(sheet("gate-8"), 0, design, font)
    buffer = BytesIO()
    canvas = new_canvas(buffer, font, "marks", "en")
    draw_marks(canvas, marks, design.marks.weight, font)
    canvas.showPage()
    canvas.save()
    reader = PdfReader(BytesIO(buffer.getvalue()))
    page = reader.pages[0]
    spaces = page["/Resources"]["/ColorSpace"]
    fill: tuple[float, ...] = ()
    stroke_space = ""
    filled, curves, strokes_in_registration = [], 0, 0
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"k":
            fill = tuple(float(v) for v in operands)
        elif operator == b"CS":
            stroke_space = str(spaces[operands[0]].get_object()[1])
        elif operator == b"re":
            rect = tuple(float(v) for v in operands)
        elif operator in (b"f", b"f*"):
            filled.append((fill, rect))
        elif operator == b"c":
            curves += 1
        elif operator == b"S":
            strokes_in_registration += stroke_space == "/All"
        assert operator not in (b"gs",), "no overprint state for marks"
    assert [colour for colour, _ in filled] == [p.colour for p in marks.patches]
    for (_, drawn), patch in zip(filled, marks.patches, strict=True):
        assert drawn == pytest.approx((patch.x, patch.y, patch.width, patch.height), abs=EXACT)
    assert curves >= 4 * len(marks.targets), "each target has its circle"
    assert strokes_in_registration == len(marks.lines) + 3 * len(marks.targets)


SEED_TITLE = "Kort og godt om trivsel på arbeidsplassen"


def job_labels(marks: SideMarks) -> list[Label]:
    """The job line's labels: the slug's only left-aligned text."""
    return [label for label in marks.labels if not label.centred]


@pytest.mark.parametrize("fold", sorted(FOLDS))
def test_job_line_fits_under_every_fold(design: Design, font: str, fold: str) -> None:
    """This test ensures that, at 100 × 210 mm finished with the default design and the seed's
    title, each page's job line is one whole line under the foot's marks and within the page —
    fold name and JDF id, one width per column, on page 2 the turn — and that nothing of the
    slug stands above the head's marks."""
    sheet_plan = sheet(fold)
    settings = design.marks
    job = Job(SEED_TITLE, "nb", mm(100), mm(210))
    w, h = sheet_plan.width, sheet_plan.height
    for index, side in enumerate(sheet_plan.sides):
        marks = marks_of(sheet_plan, index, design, font)
        (line,) = job_labels(marks)
        text = job_line(sheet_plan, index, job, design.slug_labels)
        assert line.text == text and text.startswith(f"{SEED_TITLE} · nb · {fold} (JDF ")
        widths = "/".join(f"{round(to_mm(p.width), 2):g}" for p in side.rows()[0])
        assert f" · panels {widths} mm · " in text and text.count("/") == len(side.rows()[0]) - 1
        assert text.endswith(
            "page 1 of 2" if index == 0 else "page 2 of 2: turn like a book page"
        ), text
        box = label_box(line, font)
        assert box[3] < -settings.offset - settings.length, "under the foot's marks"
        assert box[0] >= -settings.margin and box[2] <= w + settings.margin, f"{text!r} off"
        assert box[1] >= -settings.margin, f"{text!r} off the page"
        for label in marks.labels:
            assert label_box(label, font)[3] <= h + settings.offset + settings.length


def test_job_line_says_how_a_tumbled_page_turns(design: Design, font: str) -> None:
    """This test ensures that page 2 of a sheet imposed for a tumble turn says it is printed
    upside down and to tumble it."""
    sheet_plan = plan(FOLDS["bifold-4"], mm(100), mm(210), mm(2), mm(3), tumble=True)
    (line,) = job_labels(marks_of(sheet_plan, 1, design, font))
    assert line.text.endswith(", page 2 of 2, printed upside down: tumble"), line.text


def test_a_title_too_long_for_the_sheet_is_cut_short(design: Design, font: str) -> None:
    """This test ensures that a title too long for the job line under a narrow sheet is cut
    short with "…" so that the line still fits the page, keeping everything after the title."""
    sheet_plan = sheet("bifold-4")
    settings = design.marks
    title = "Kort og godt om trivsel, stress og mestring på den moderne arbeidsplassen " * 2
    job = Job(title.strip(), "nb", mm(100), mm(210))
    marks = side_marks(sheet_plan, 1, settings, design.slug_labels, job, font)
    (line,) = job_labels(marks)
    full = job_line(sheet_plan, 1, job, design.slug_labels)
    cut, rest = line.text.split("… · ", 1)
    assert title.startswith(cut) and len(cut) > 10
    assert full.endswith(rest) and rest.startswith("nb · bifold-4 (JDF F4-1) · ")
    room = sheet_plan.width + settings.margin - mm(1)
    assert label_box(line, font)[2] <= room + EXACT


def test_mark_names_are_the_marks_settings(design: Design) -> None:
    """This test ensures that MARK_NAMES, the design's and --marks' spelling, names exactly the
    on/off settings of Marks: switching each on alone turns on that one setting."""
    flags = {f.name for f in fields(Marks) if f.type in ("bool", bool)}
    assert {name.replace("-", "_") for name in MARK_NAMES} == flags
    off = design.marks.with_only(())
    assert off.on == frozenset() and off.page_margin(mm(3)) == mm(3)
    for name in MARK_NAMES:
        one = off.with_only({name})
        assert one.on == {name}
        assert [f.name for f in fields(Marks) if getattr(one, f.name) is True] == [
            name.replace("-", "_")
        ]
        assert one.page_margin(mm(3)) == design.marks.margin
    with pytest.raises(ValueError, match="unknown marks"):
        off.with_only({"bleed"})
