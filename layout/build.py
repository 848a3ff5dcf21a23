"""The one function that chains the stages: content file → print PDF (PDF/X), job sheet,
reader PDF and, on request, the folding dummy.

Everything is computed and checked in memory first; files are written only when every output is
complete, so a failing build never touches earlier outputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import __version__
from .content.compare import CheckResult, Problem, compare
from .content.loader import load_content, load_design, project_folder
from .content.model import Design, Folder, Heading, Text
from .dummy import render_dummy
from .errors import ContentError, FolderError, FontError, Location, VerifyError
from .finish import panel_map, set_info, write_atomically
from .fit import FitReport, Overflow
from .folds import FOLDS, FoldScheme
from .fonts import check_glyphs, register
from .impose import SheetPlan, plan
from .jobsheet import dumps, job_sheet
from .marks import Job, draw_marks, side_marks
from .panels import (
    PanelBox,
    PanelLayout,
    check_coverage,
    coverage_errors,
    hyphenation_language,
    typeset,
)
from .pdf import new_canvas, source_date_epoch
from .pdfx import to_pdfx
from .resources import DEFAULT_DESIGN, resource
from .sheets import begin_sheet_page, draw_reader_page, draw_side
from .verify import Preflight, preflight, verify_reader


@dataclass(frozen=True)
class Options:
    """What a build may override in the design (from the command line), and extra outputs."""

    marks: frozenset[str] | None = None  # the marks to draw (of MARK_NAMES); None: the design's
    pdfx: str | None = None  # "x4" or "x1a"; None: the design's
    inside_first: bool | None = None
    tumble: bool | None = None
    dummy: bool = False  # also write a folding dummy

    def to_json(self) -> dict[str, Any]:
        """The options as plain JSON data (for the manifest of incremental builds)."""
        return {
            "marks": None if self.marks is None else sorted(self.marks),
            "pdfx": self.pdfx,
            "inside_first": self.inside_first,
            "tumble": self.tumble,
            "dummy": self.dummy,
        }

    def apply(self, design: Design) -> Design:
        """``design`` with these overrides."""
        marks, press = design.marks, design.press
        if self.marks is not None:
            marks = marks.with_only(self.marks)
        press = replace(
            press,
            pdfx=self.pdfx or press.pdfx,
            inside_first=press.inside_first if self.inside_first is None else self.inside_first,
            tumble=press.tumble if self.tumble is None else self.tumble,
        )
        return replace(design, marks=marks, press=press)


@dataclass(frozen=True)
class Leaflet:
    """A leaflet laid out and imposed, ready to be written."""

    folder: Folder
    design: Design
    plan: SheetPlan
    layouts: Mapping[str, PanelLayout]
    fit: FitReport  # every panel: how full, what copyfit changed

    @property
    def fold(self) -> FoldScheme:
        return self.plan.fold


@dataclass(frozen=True)
class Made:
    """A content file laid out, rendered and verified, not yet written: all that a worker process
    of a parallel build sends back to the one that writes (it pickles: plain data and bytes, no
    ReportLab objects)."""

    source: Path  # the content file, as given
    slug: str
    language: str
    language_at: Location  # the content's ``language:``, where a clash of outputs is reported
    fold: str
    flat: tuple[float, float]  # the imposed sheet, pt: width, height
    fit: FitReport  # every panel: how full, what copyfit changed
    preflight: Preflight  # the print PDF's
    files: tuple[tuple[str, bytes], ...]  # each output by kind (print, reader, job, dummy)
    # Every file the build read: the content, its source, the design, the fonts (a later build
    # whose inputs hash the same may keep the outputs).
    inputs: tuple[Path, ...]
    notes: tuple[str, ...]  # things the user should know about the file (no place in it)
    # The check against the source's warnings, in one line that starts with its place in the
    # file ("content.de.yaml:65:16: panels.inside-2[0].heading: possibly untranslated: …").
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildResult:
    leaflet: Leaflet
    made: Made
    outputs: Mapping[str, Path]  # what was written, by kind: print, reader, job, dummy

    @property
    def fit(self) -> FitReport:
        """How every panel fits (the leaflet's fit report)."""
        return self.leaflet.fit

    @property
    def preflight(self) -> Preflight:
        """The print PDF's preflight, as written."""
        return self.made.preflight

    @property
    def notes(self) -> tuple[str, ...]:
        return self.made.notes

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.made.warnings

    @property
    def print_pdf(self) -> Path:
        return self.outputs["print"]

    @property
    def reader_pdf(self) -> Path:
        return self.outputs["reader"]


def plan_sheet(folder: Folder, design: Design) -> SheetPlan:
    """The imposed sheet of ``folder``'s fold at its finished size, as the design wants it."""
    return plan(
        FOLDS[folder.fold],
        folder.finished_width,
        folder.finished_height,
        design.step(folder.fold),
        design.bleed,
        inside_first=design.press.inside_first,
        tumble=design.press.tumble,
    )


def panel_boxes(sheet: SheetPlan) -> dict[str, PanelBox]:
    """Each panel's box (trim size, cut edges, label) by role, in reading order."""
    fold = sheet.fold
    boxes = {}
    for role in fold.reading_order:
        placed = sheet.panel(role)
        boxes[role] = PanelBox(
            role, fold.label(role), placed.width, placed.height, *placed.upright_cuts()
        )
    return boxes


def lay_out(folder: Folder, design: Design) -> Leaflet:
    """Impose the fold, check every character against its fonts, and typeset every panel.

    Every panel is measured, copyfitted where the design allows it, and reported in
    ``Leaflet.fit``. If any panel still overflows, raises :class:`~layout.fit.Overflow` (a
    FitError) naming every panel that does, which carries the whole report as ``report``.
    """
    sheet = plan_sheet(folder, design)
    boxes = panel_boxes(sheet)
    check_coverage(folder, design, {role: box.label for role, box in boxes.items()})
    layouts = {role: typeset(folder, design, box) for role, box in boxes.items()}
    fit = FitReport(
        folder.source,
        folder.language,
        folder.fold,
        tuple(layout.fit for layout in layouts.values()),
    )
    if not fit.fits:
        raise fit.error()
    return Leaflet(folder, design, sheet, MappingProxyType(layouts), fit)


def render_print(leaflet: Leaflet) -> bytes:
    """The imposed print PDF: one page per sheet side, marks and slug outside the bleed."""
    folder, design, sheet = leaflet.folder, leaflet.design, leaflet.plan
    font = register(design.fonts["regular"])
    buffer = BytesIO()
    canvas = new_canvas(buffer, font, folder.title, folder.language)
    # PDF/X as ReportLab writes the file, with the map the verify stage checks the sheet by.
    texts = {role: layout.texts for role, layout in leaflet.layouts.items()}
    finished = (folder.finished_width, folder.finished_height)
    to_pdfx(canvas, design.press.pdfx, panel_map=panel_map(sheet, finished, texts))
    set_info(
        canvas,
        subject=f"{leaflet.fold.title}; imposed print sheet, outside and inside",
        keywords=f"{folder.slug}, {folder.language}, {leaflet.fold.name}",
        creator=f"make-folder {__version__}",
    )
    marks = design.marks
    margin = marks.page_margin(sheet.bleed)
    job = Job(folder.title, folder.language, folder.finished_width, folder.finished_height)
    for index, side in enumerate(sheet.sides):
        begin_sheet_page(canvas, sheet, margin)
        draw_side(canvas, side, leaflet.layouts, margin, sheet.bleed)
        canvas.saveState()
        canvas.translate(margin, margin)
        side_mark = side_marks(sheet, index, marks, design.slug_labels, job, font)
        draw_marks(canvas, side_mark, marks.weight, font)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _outline_title(leaflet: Leaflet, role: str) -> str:
    """A panel's entry in the reader's outline: its first heading or title, else its role."""
    for block in leaflet.folder.panel(role).blocks:
        if isinstance(block, Heading) or (isinstance(block, Text) and block.kind == "title"):
            return block.text
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


def output_paths(slug: str, language: str, out_dir: Path) -> dict[str, Path]:
    """Where each output of a leaflet goes: ``<slug>-<language>-print.pdf`` and so on."""
    stem = f"{slug}-{language}"
    return {
        "print": out_dir / f"{stem}-print.pdf",
        "reader": out_dir / f"{stem}-reader.pdf",
        "job": out_dir / f"{stem}-job.json",
        "dummy": out_dir / f"{stem}-dummy.pdf",
    }


NOTHING_CLAIMED: Mapping[Path, Path] = MappingProxyType({})


def build(
    content: Path,
    out_dir: Path,
    options: Options = Options(),
    claimed: Mapping[Path, Path] = NOTHING_CLAIMED,
) -> BuildResult:
    """Build one content file into ``out_dir``: :func:`make` it, then :func:`write` it; raise a
    FolderError for any user mistake."""
    leaflet, made = _make(content, options)
    return BuildResult(leaflet, made, write(made, out_dir, claimed))


def make(content: Path, options: Options = Options()) -> Made:
    """Everything a build does before it writes: load and check the content, lay it out, render
    every output and run the preflight on it. Raises a FolderError for any user mistake, and a
    VerifyError (a bug to report) for an output that fails its preflight."""
    return _make(content, options)[1]


def _make(content: Path, options: Options) -> tuple[Leaflet, Made]:
    source_date_epoch()  # a bad SOURCE_DATE_EPOCH is reported before any work is done
    folder = load_content(content)
    notes = []
    warnings = []
    if folder.original is not None:  # a translation is checked against its source first
        against = compare(content, folder.original)
        error = against.error()
        if error is not None:
            raise error
        warning = against.warning()
        if warning is not None:
            warnings.append(warning)
    design_file = folder.design or resource(DEFAULT_DESIGN)
    design = options.apply(load_design(folder.design, root=project_folder(folder.source)))
    # The title is set in the slug too, in the design's regular font.
    check_glyphs(folder.title, register(design.fonts["regular"]), folder.settings["title"])
    hyphenates = any(style.hyphenate for style in design.styles.values())
    if hyphenates and hyphenation_language(folder.language) is None:
        notes.append(f"no hyphenation dictionary for language '{folder.language}': not hyphenated")
    leaflet = lay_out(folder, design)
    texts = {role: layout.texts for role, layout in leaflet.layouts.items()}
    names = {kind: p.name for kind, p in output_paths(folder.slug, folder.language, Path()).items()}
    print_pdf = render_print(leaflet)  # PDF/X, with the panel map
    reader_pdf = render_reader(leaflet)
    # The printer's preflight, run on our own output: a file that fails it is never written.
    checked = preflight(print_pdf, name=names["print"], fold=leaflet.fold.name)
    findings = [f for f in checked.findings if f.severity == "error"]
    findings += verify_reader(reader_pdf, leaflet.fold.reading_order, texts)
    if findings:
        raise VerifyError(
            "the output failed its preflight, so nothing was written: "
            + "; ".join(map(str, findings)),
            Location(content),
        )
    sheet = job_sheet(leaflet.plan, folder, design, print_pdf=names["print"])
    files = [("print", print_pdf), ("reader", reader_pdf), ("job", dumps(sheet).encode())]
    if options.dummy:
        font = register(design.fonts["regular"])
        files.append(("dummy", render_dummy(leaflet.plan, folder.title, font)))
    inputs = [folder.source, *([folder.original] if folder.original else []), design_file]
    inputs += sorted(set(design.fonts.values()))
    made = Made(
        source=content,
        slug=folder.slug,
        language=folder.language,
        language_at=folder.settings["language"],
        fold=leaflet.fold.name,
        flat=(leaflet.plan.width, leaflet.plan.height),
        fit=leaflet.fit,
        preflight=checked,
        files=tuple(files),
        inputs=tuple(inputs),
        notes=tuple(notes),
        warnings=tuple(warnings),
    )
    return leaflet, made


def write(
    made: Made, out_dir: Path, claimed: Mapping[Path, Path] = NOTHING_CLAIMED
) -> Mapping[str, Path]:
    """Write ``made``'s outputs into ``out_dir``, all or none; what was written, by kind.

    ``claimed`` maps each output path that an earlier file of the same run wrote to that content
    file: a file whose outputs would replace one of them is refused (the same slug and language,
    e.g. a translation that kept the source's ``language:``).
    """
    paths = output_paths(made.slug, made.language, out_dir)
    _check_unclaimed(made, [paths[kind] for kind, _ in made.files], claimed)
    write_atomically({paths[kind]: data for kind, data in made.files})
    return MappingProxyType({kind: paths[kind] for kind, _ in made.files})


def _check_unclaimed(made: Made, outputs: Iterable[Path], claimed: Mapping[Path, Path]) -> None:
    """Refuse outputs that an earlier file of this run wrote: the later would silently replace
    them. The error stands at the ``language`` key, which names the outputs with the slug.

    Names are compared without case: language codes are case-insensitive (``de`` and ``DE`` are
    one language), and so are the file systems of macOS and Windows.
    """

    def key(path: Path) -> tuple[Path, str]:
        return path.parent.resolve(), path.name.casefold()

    written = {key(path): content for path, content in claimed.items()}
    for path in outputs:
        earlier = written.get(key(path))
        if earlier is None:
            continue
        if earlier.resolve() == made.source.resolve():
            raise ContentError(
                f"writes {path.name}, which this same file wrote earlier in this run; expected "
                "each content file named once",
                Location(made.source),
            )
        raise ContentError(
            f"writes {path.name}, which {earlier} wrote in this run (same slug and language); "
            "expected its own language code, or another slug",
            made.language_at,
        )


def glyph_problems(content: Path) -> tuple[Problem, ...]:
    """What the build's glyph coverage (before layout) refuses in ``content``, an error per
    character and place: the title's (set in the slug, in the design's regular font), then every
    text's against the fonts that may set it, in reading order.

    A content file or design that cannot be loaded is raised as its :class:`FolderError`.
    """
    folder = load_content(content)
    design = load_design(folder.design, root=project_folder(folder.source))
    found: list[FontError] = []
    try:
        check_glyphs(folder.title, register(design.fonts["regular"]), folder.settings["title"])
    except FontError as error:
        found.append(error)
    fold = FOLDS[folder.fold]
    found += coverage_errors(
        folder, design, {role: fold.label(role) for role in fold.reading_order}
    )
    return tuple(
        Problem("error", error.location or Location(content), error.message) for error in found
    )


def check_translation(translation: Path, source: Path | None = None) -> CheckResult:
    """``make-folder check``: the translation against its source (:func:`compare`), and every
    character of it against its fonts (:func:`glyph_problems`), in one result.

    A translation that cannot be loaded for layout (a panel missing, say) has its glyphs checked
    once the comparison's errors are fixed; if the comparison found none, why it cannot be
    loaded is the result's error.
    """
    result = compare(translation, source)
    try:
        glyphs = glyph_problems(translation)
    except FolderError as error:
        if result.errors:
            return result
        glyphs = (Problem("error", error.location or Location(translation), error.message),)
    problems = sorted(
        (*result.problems, *glyphs),
        key=lambda p: (
            p.location.file != translation,
            p.location.line or 0,
            p.location.column or 0,
        ),
    )
    return replace(result, problems=tuple(problems))


def panel_fills(content: Path) -> dict[str, float]:
    """How full each panel of ``content`` is in its own language, by role: 0…1, above 1 for a
    panel that overflows (what ``make-folder xliff export`` tells the translator).

    The fill of every panel even when some overflow (from the :class:`~layout.fit.Overflow`'s
    report). Any other problem (invalid content or design, a character no font has) is raised
    as the :class:`~layout.errors.FolderError` it is.
    """
    folder = load_content(content)
    try:
        report = lay_out(folder, load_design(folder.design, root=project_folder(folder.source))).fit
    except Overflow as error:
        report = error.report
    return {panel.role: panel.fill for panel in report.panels}
