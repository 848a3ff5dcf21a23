"""make-folder: build print-ready, imposed PDFs of a folded leaflet from YAML content.

\b
    make-folder build                       # content.yaml → output/
    make-folder build content.yaml --out proofs/ --dummy
    make-folder build content.*.yaml        # every language, with a summary
    make-folder check content.en.yaml       # a translation against its source
    make-folder pseudo content.yaml -o content.qps.yaml
    make-folder xliff export content.yaml --target-lang en -o trivsel-en.xlf
    make-folder xliff import trivsel-en.xlf -o content.en.yaml
    make-folder folds [NAME]                # the fold schemes; one fold's panel map
    make-folder verify FILE.pdf [--json]    # preflight any PDF for press

For each content file, ``build`` writes ``<slug>-<lang>-print.pdf`` (the imposed sheet for the
printer: PDF/X, outside and inside, bleed, marks, slug), ``<slug>-<lang>-job.json`` (the job
sheet), ``<slug>-<lang>-reader.pdf`` (one page per panel in reading order, for screens) and with
--dummy a folding dummy. For translators, ``check`` compares a translation with its source,
``pseudo`` writes a longer pseudo-translation to test the design with, and ``xliff`` exchanges
the text with CAT tools as XLIFF 2.0. A user's mistake is reported as ``file:line:column:
key.path: what is wrong; what is expected`` with exit code 1, and no file is written or
overwritten.
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from layout import __version__
from layout.build import BuildResult, Options, check_translation, panel_fills
from layout.build import build as build_leaflet
from layout.content.loader import load_design
from layout.content.model import MARK_NAMES, PDFX_CHOICES
from layout.content.pseudo import pseudo_translate
from layout.content.xliff import XliffImport, export_xliff, import_xliff_with_stats
from layout.errors import FolderError
from layout.finish import write_atomically
from layout.fit import BuildOutcome, fit_report_json, summary_table
from layout.folds import FOLDS, fold_catalogue
from layout.impose import fold_report
from layout.preview import render_pages
from layout.resources import DEFAULT_CONTENT, DEFAULT_DESIGN, resource
from layout.units import to_mm, to_mm_rounded
from layout.verify import preflight_file


@click.group(help=__doc__)
@click.version_option(__version__, prog_name="make-folder")
def cli() -> None:
    pass


def _marks(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    names = {name.strip() for name in value.split(",") if name.strip()}
    if names == {"all"}:
        return frozenset(MARK_NAMES)
    if names in ({"none"}, set()):
        return frozenset()
    unknown = sorted(names - set(MARK_NAMES))
    if unknown:
        raise click.BadParameter(
            f"unknown mark {', '.join(map(repr, unknown))}; expected a comma list of "
            f"{', '.join(MARK_NAMES)}, or 'all' or 'none'"
        )
    return frozenset(names)


@cli.command()
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the PDFs.",
)
@click.option("--preview", is_flag=True, help="Also write a PNG of every page beside the PDFs.")
@click.option(
    "--marks",
    callback=_marks,
    metavar="LIST",
    help=f"Marks to draw, overriding the design: a comma list of {', '.join(MARK_NAMES)}; "
    "'all' or 'none' (no marks: the page is the bleed box).",
)
@click.option(
    "--pdfx",
    type=click.Choice(PDFX_CHOICES),
    help="PDF/X-4 (x4) or PDF/X-1a:2001 (x1a), overriding the design.",
)
@click.option(
    "--first",
    type=click.Choice(["outside", "inside"]),
    help="Which side of the sheet is page 1, overriding the design.",
)
@click.option(
    "--back",
    type=click.Choice(["turn", "tumble"]),
    help="turn: the press turns the sheet like a book page; tumble: head to foot, so page 2 "
    "is drawn upside down.",
)
@click.option(
    "--dummy", is_flag=True, help="Also write a folding dummy to print on an office printer."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the fit report of every file (each panel's fill or overflow) as JSON.",
)
def build(
    content: tuple[Path, ...],
    out_dir: Path,
    preview: bool,
    marks: frozenset[str] | None,
    pdfx: str | None,
    first: str | None,
    back: str | None,
    dummy: bool,
    report: Path | None,
) -> None:
    """Build the print and reader PDFs of each CONTENT file (default: content.yaml); shell
    globs such as content.*.yaml build every language.

    Each file builds on its own: one that fails writes nothing and is reported (a panel that
    does not fit with the whole fit report), the others still build, a summary table follows
    when there are several, and the exit code is 1 if any failed.
    """
    options = Options(
        marks=marks,
        pdfx=pdfx,
        inside_first=None if first is None else first == "inside",
        tumble=None if back is None else back == "tumble",
        dummy=dummy,
    )
    paths = _expand(content) or [_default_content()]
    outcomes: list[BuildOutcome] = []
    claimed: dict[Path, Path] = {}  # each output written so far → the content file it is of
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # a log or a pipe gets the reports, not a bar
    ) as progress:
        say = _Say(progress)
        task = progress.add_task("building", total=len(paths))
        for path in paths:
            progress.update(task, description=f"building {path}")
            outcome = _build_one(path, out_dir, options, preview, claimed, say)
            claimed.update(dict.fromkeys(outcome.outputs, path))
            outcomes.append(outcome)
            progress.advance(task)
    if len(outcomes) > 1:
        click.echo(summary_table(outcomes))
    if report is not None:
        data = fit_report_json(outcomes)
        try:
            write_atomically(
                {report: (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()}
            )
        except FolderError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        click.echo(f"wrote the fit report {report}")
    if not all(outcome.ok for outcome in outcomes):
        sys.exit(1)


@dataclass(frozen=True)
class _Say:
    """How ``build`` prints a line: as ``click.echo`` does, but with the progress bar (shown on a
    terminal only) erased first and drawn again after, so that the two never share a line."""

    progress: Progress

    def __call__(self, text: str, *, err: bool = False) -> None:
        live = self.progress.live
        shown = live.is_started
        if shown:
            live.stop()  # transient: the bar is erased and the cursor back where it began
        click.echo(text, err=err)
        if shown:
            live.start(refresh=True)


def _build_one(
    path: Path,
    out_dir: Path,
    options: Options,
    preview: bool,
    claimed: Mapping[Path, Path],
    say: _Say,
) -> BuildOutcome:
    """Build one file and print what happened; a user's mistake becomes the outcome's error."""
    try:
        result = build_leaflet(path, out_dir, options, claimed)
        _report(path, result, say)
        outputs = list(result.outputs.values())
        if preview:
            for pdf in (result.print_pdf, result.reader_pdf):
                pictures = render_pages(pdf)
                outputs += pictures
                say(f"  wrote {_count(len(pictures), 'preview')}: {pdf.stem}-N.png")
        return BuildOutcome(path, result.leaflet.folder.language, result.fit, tuple(outputs))
    except FolderError as error:
        say(f"error: {error}", err=True)
        outcome = BuildOutcome.failed(path, error)
        if outcome.fit is not None:  # stderr keeps the one error line; the whole table is a report
            say(outcome.fit.table())
        return outcome


def _count(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _expand(patterns: tuple[Path, ...]) -> list[Path]:
    """The files named, a glob pattern expanded where the shell did not (e.g. on Windows, or
    quoted): ``make-folder build 'content.*.yaml'``. A pattern matching nothing stays as given,
    so that its build reports the missing file."""
    paths: list[Path] = []
    for pattern in patterns:
        text = str(pattern)
        matches = sorted(glob.glob(text)) if glob.has_magic(text) and not pattern.exists() else []
        paths += [Path(m) for m in matches] or [pattern]
    return paths


@cli.command()
@click.argument("translation", type=click.Path(path_type=Path))
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    help="The content file TRANSLATION translates (default: its own `source:`).",
)
def check(translation: Path, source: Path | None) -> None:
    """Check a translation against its source before building it: every panel and block of
    the source present, nothing extra, the same kinds of blocks, its own language code, every
    character in a font of the design (as the build checks it), and strings left identical to
    the source (a warning: possibly untranslated). Every problem is listed at once with its
    file:line:column and key path; exit code 1 if any is an error."""
    try:
        result = check_translation(translation, source)
    except FolderError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(result.report())
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("content", type=click.Path(path_type=Path))
@click.option(
    "--expand",
    type=click.FloatRange(1, 3),
    default=1.35,
    show_default=True,
    help="How much longer each text becomes (German and Polish run 1.25–1.35).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The content file to write, e.g. content.qps.yaml.",
)
def pseudo(content: Path, expand: float, output: Path) -> None:
    """Write a pseudo-translation of CONTENT: every text accented, bracketed and EXPAND times
    as long, URLs and layout characters kept. Build it to see which panels would overflow in a
    longer language before any translator starts."""
    _write_text(output, lambda: pseudo_translate(content, expand, output=output))


@cli.group()
def xliff() -> None:
    """Exchange a leaflet's text with CAT tools (memoQ, Trados, OmegaT, Weblate) as XLIFF 2.0."""


@xliff.command("export")
@click.argument("content", type=click.Path(path_type=Path))
@click.option("--target-lang", required=True, help="The language to translate into, e.g. en.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def xliff_export(content: Path, target_lang: str, output: Path) -> None:
    """Write CONTENT's text as an XLIFF 2.0 file: one unit per string, its id the key path, a
    note with its panel and how full that panel is."""
    _write_text(
        output,
        lambda: export_xliff(content, target_lang, output=output, fills=panel_fills(content)),
    )


@xliff.command("import")
@click.argument("xliff_file", metavar="XLIFF", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def xliff_import(xliff_file: Path, output: Path) -> None:
    """Write the content file an XLIFF 2.0 file translates into: each target in place of its
    source, settings and structure as exported; then `make-folder check` and `build` it."""
    imported: list[XliffImport] = []

    def make() -> str:
        imported.append(import_xliff_with_stats(xliff_file, output=output))
        return imported[0].text

    _write_text(output, make)
    click.echo(imported[0].summary)


def _write_text(output: Path, make: Callable[[], str]) -> None:
    """Make a text file's content and write it atomically; a user's mistake exits 1."""
    try:
        write_atomically({output: make().encode("utf-8")})
    except FolderError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(f"wrote {output}")


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--size",
    default="100x210",
    show_default=True,
    metavar="WxH",
    help="Finished (closed) size in mm, for the widths shown.",
)
@click.option(
    "--compensation",
    type=click.FloatRange(0, 5),
    help="Compensation step in mm (default: the shipped design's for the fold).",
)
def folds(name: str | None, size: str, compensation: float | None) -> None:
    """List the fold schemes, or show NAME's panel map: both sides of the sheet with each
    panel's number, role, width and rotation, the fold lines and how to fold it."""
    if name is None:
        click.echo(fold_catalogue())
        return
    if name not in FOLDS:
        raise click.BadParameter(
            f"unknown fold {name!r}; expected one of: {', '.join(sorted(FOLDS))}",
            param_hint="NAME",
        )
    try:
        width, height = (float(v) for v in size.lower().split("x"))
    except ValueError:
        raise click.BadParameter(
            f"{size!r}; expected width x height in mm, e.g. 100x210", param_hint="--size"
        ) from None
    if compensation is None:
        compensation = to_mm_rounded(load_design(resource(DEFAULT_DESIGN)).step(name))
    click.echo(fold_report(FOLDS[name], width, height, compensation))


@cli.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option(
    "--fold",
    type=click.Choice(sorted(FOLDS)),
    help="The fold the file must be imposed for (see `make-folder folds`).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify(pdf: Path, fold: str | None, as_json: bool) -> None:
    """Preflight PDF for press, make-folder's or anyone's: page boxes and bleed, embedded
    fonts, CMYK/Gray/Separation colour only, PDF/X keys and output intent, marks outside the
    bleed, text clear of the trim (5 mm) and folds (3 mm), and — from the panel map a
    make-folder print PDF carries — page count, sizes and which text lies in which panel.

    Exit code 0 when no error was found, 1 otherwise. A file that cannot be read is reported,
    never a crash.
    """
    checked = preflight_file(pdf, fold=fold)
    if as_json:
        click.echo(json.dumps(checked.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(checked.report())
    sys.exit(0 if checked.ok else 1)


def _report(path: Path, result: BuildResult, say: _Say) -> None:
    leaflet = result.leaflet
    for warning in result.warnings:  # each names its own file:line:column
        say(f"warning: {warning}", err=True)
    for note in result.notes:
        say(f"note: {path}: {note}", err=True)
    say(leaflet.fit.table())
    say(
        f"  sheet: {leaflet.fold.name}, "
        f"{to_mm(leaflet.plan.width):g} × {to_mm(leaflet.plan.height):g} mm flat"
    )
    checked = result.preflight
    say(
        f"  preflight {checked.pdfx}: {', '.join(checked.checked)} — "
        f"{_count(checked.count('error'), 'error')}, {_count(checked.count('warning'), 'warning')}"
    )
    say("  reader: each panel's text on its own page, in reading order")
    for path in result.outputs.values():
        say(f"  wrote {path}")


def _default_content() -> Path:
    """``content.yaml`` here, else the Norwegian seed leaflet shipped with make-folder."""
    here = Path("content.yaml")
    return here if here.exists() else resource(DEFAULT_CONTENT)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
