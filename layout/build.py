"""The one function that chains the stages: content file → print PDF and reader PDF.

Everything is computed and checked in memory first; files are written only when both PDFs are
complete, so a failing build never touches earlier outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from . import __version__
from .content.loader import load_content, load_design
from .content.model import Design, Folder
from .errors import Location, VerifyError
from .finish import set_info, write_atomically
from .folds import FOLDS, FoldScheme
from .fonts import register
from .impose import SheetPlan, plan
from .marks import draw_marks, side_marks
from .panels import PanelBox, PanelLayout, hyphenation_language, typeset
from .pdf import new_canvas
from .sheets import begin_sheet_page, draw_reader_page, draw_side
from .units import to_mm
from .verify import verify_print, verify_reader


@dataclass(frozen=True)
class Leaflet:
    """A leaflet laid out and imposed, ready to be written."""

    folder: Folder
    design: Design
    plan: SheetPlan
    layouts: dict[str, PanelLayout]

    @property
    def fold(self) -> FoldScheme:
        return self.plan.fold


@dataclass(frozen=True)
class BuildResult:
    leaflet: Leaflet
    print_pdf: Path
    reader_pdf: Path
    notes: tuple[str, ...]  # things the user should know that are not errors


def panel_label(fold: FoldScheme, role: str) -> str:
    """How messages name a panel: ``Side 3 (inside-3)``."""
    return f"Side {fold.page_number(role)} ({role})"


def lay_out(folder: Folder, design: Design) -> Leaflet:
    """Impose the fold and typeset every panel (raises FitError for the first that overflows)."""
    fold = FOLDS[folder.fold]
    sheet = plan(
        fold, folder.finished_width, folder.finished_height, design.compensation, design.bleed
    )
    layouts = {}
    for role in fold.reading_order:
        placed = sheet.panel(role)
        box = PanelBox(
            role,
            panel_label(fold, role),
            placed.width,
            sheet.height,
            placed.cut_left,
            placed.cut_right,
        )
        layouts[role] = typeset(folder, design, box)
    return Leaflet(folder, design, sheet, layouts)


def _sizes(leaflet: Leaflet) -> str:
    p, f = leaflet.plan, leaflet.folder
    return (
        f"flat {to_mm(p.width):g} × {to_mm(p.height):g} mm, "
        f"finished {to_mm(f.finished_width):g} × {to_mm(f.finished_height):g} mm"
    )


def _widths(leaflet: Leaflet, side: int) -> str:
    return "/".join(f"{to_mm(p.width):g}" for p in leaflet.plan.sides[side].panels)


def render_print(leaflet: Leaflet) -> bytes:
    """The imposed print PDF: one page per sheet side, marks and slug outside the bleed."""
    folder, design, sheet = leaflet.folder, leaflet.design, leaflet.plan
    font = register(design.fonts["regular"])
    buffer = BytesIO()
    canvas = new_canvas(buffer, font, folder.title, folder.language)
    set_info(
        canvas,
        subject=f"{leaflet.fold.title}; {_sizes(leaflet)}; print sheet with bleed and marks",
        keywords=f"{folder.slug}, {folder.language}, {leaflet.fold.name}",
        creator=f"make-folder {__version__}",
    )
    marks = design.marks
    any_marks = marks.crop or marks.fold or marks.slug
    margin = marks.margin if any_marks else design.bleed  # no marks: MediaBox = BleedBox
    labels = design.slug_labels
    panel_labels = {
        role: f"{labels['page']} {leaflet.fold.page_number(role)}"
        + (f" ({labels[role]})" if role in labels else "")
        for role in leaflet.fold.roles
    }
    for index, side in enumerate(sheet.sides):
        begin_sheet_page(canvas, sheet, margin)
        draw_side(canvas, sheet, side, leaflet.layouts, margin)
        job = (
            f"{folder.title} · {folder.language} · {leaflet.fold.name}: {leaflet.fold.title} · "
            f"{_sizes(leaflet)} · panels {_widths(leaflet, index)} mm · "
            f"{labels.get(side.name, side.name)} (page {index + 1} of {len(sheet.sides)})"
        )
        canvas.saveState()
        canvas.translate(margin, margin)
        draw_marks(canvas, side_marks(sheet, side, marks, panel_labels, job), marks.weight, font)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _outline_title(leaflet: Leaflet, role: str) -> str:
    """A panel's entry in the reader's outline: its first heading or title, else its role."""
    for block in leaflet.folder.panel(role).blocks:
        text = getattr(block, "text", None)
        if text and getattr(block, "kind", "heading") in ("title", "heading"):
            return str(text)
    return leaflet.fold.role_titles[role]


def render_reader(leaflet: Leaflet) -> bytes:
    """The screen PDF: a page per panel at the finished size, in reading order, with an outline."""
    folder, design = leaflet.folder, leaflet.design
    buffer = BytesIO()
    canvas = new_canvas(buffer, register(design.fonts["regular"]), folder.title, folder.language)
    set_info(
        canvas,
        subject=f"{leaflet.fold.title}; pages in reading order, for screens",
        keywords=f"{folder.slug}, {folder.language}, {leaflet.fold.name}",
        creator=f"make-folder {__version__}",
    )
    for number, role in enumerate(leaflet.fold.reading_order, start=1):
        draw_reader_page(
            canvas, leaflet.layouts[role], folder.finished_width, folder.finished_height
        )
        key = f"page-{number}"
        canvas.bookmarkPage(key)
        canvas.addOutlineEntry(f"{number}. {_outline_title(leaflet, role)}", key, level=0)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()
    return buffer.getvalue()


def output_paths(folder: Folder, out_dir: Path) -> tuple[Path, Path]:
    stem = f"{folder.slug}-{folder.language}"
    return out_dir / f"{stem}-print.pdf", out_dir / f"{stem}-reader.pdf"


def build(content: Path, out_dir: Path) -> BuildResult:
    """Build one content file into ``out_dir``; raise a FolderError for any user mistake."""
    folder = load_content(content)
    design = load_design(folder.design)
    notes = []
    hyphenates = any(style.hyphenate for style in design.styles.values())
    if hyphenates and hyphenation_language(folder.language) is None:
        notes.append(f"no hyphenation dictionary for language '{folder.language}': not hyphenated")
    leaflet = lay_out(folder, design)
    print_pdf, reader_pdf = render_print(leaflet), render_reader(leaflet)
    texts = {
        role: [item.paragraph.getPlainText() for item in layout.placed]
        for role, layout in leaflet.layouts.items()
    }
    findings = verify_print(print_pdf, leaflet.plan, texts) + verify_reader(
        reader_pdf, leaflet.fold.reading_order, texts
    )
    if findings:
        raise VerifyError(
            "the PDFs failed their read-back check, so nothing was written: "
            + "; ".join(map(str, findings)),
            Location(content),
        )
    print_path, reader_path = output_paths(folder, out_dir)
    write_atomically({print_path: print_pdf, reader_path: reader_pdf})
    return BuildResult(leaflet, print_path, reader_path, tuple(notes))
