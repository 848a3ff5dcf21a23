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

import functools
import glob
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from layout import __version__
from layout.batch import Built, build_files
from layout.build import Made, Options, check_translation, panel_fills
from layout.content.loader import load_design
from layout.content.model import MARK_NAMES, PDFX_CHOICES
from layout.errors import FolderError
from layout.finish import write_atomically
from layout.fit import BuildOutcome, fit_report_json, summary_table
from layout.folds import FOLDS, fold_catalogue
from layout.impose import fold_report
from layout.resources import DEFAULT_CONTENT, DEFAULT_DESIGN, resource
from layout.units import to_mm, to_mm_rounded

if TYPE_CHECKING:
    from rich.progress import Progress


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


def _build_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options ``build`` and ``watch`` share: where to write, the design's overrides, how
    many worker processes; given to the command as ``out_dir`` and ``options`` (an Options)
    and ``jobs``."""
    decorators = [
        click.option(
            "--out",
            "out_dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=Path("output"),
            show_default=True,
            help="Folder for the PDFs.",
        ),
        click.option(
            "--marks",
            callback=_marks,
            metavar="LIST",
            help=f"Marks to draw, overriding the design: a comma list of {', '.join(MARK_NAMES)}; "
            "'all' or 'none' (no marks: the page is the bleed box).",
        ),
        click.option(
            "--pdfx",
            type=click.Choice(PDFX_CHOICES),
            help="PDF/X-4 (x4) or PDF/X-1a:2001 (x1a), overriding the design.",
        ),
        click.option(
            "--first",
            type=click.Choice(["outside", "inside"]),
            help="Which side of the sheet is page 1, overriding the design.",
        ),
        click.option(
            "--back",
            type=click.Choice(["turn", "tumble"]),
            help="turn: the press turns the sheet like a book page; tumble: head to foot, so "
            "page 2 is drawn upside down.",
        ),
        click.option(
            "--dummy",
            is_flag=True,
            help="Also write a folding dummy to print on an office printer.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=0,
            help="Worker processes that build files at once (default 0: one per core).",
        ),
    ]

    @functools.wraps(command)
    def with_options(
        marks: frozenset[str] | None,
        pdfx: str | None,
        first: str | None,
        back: str | None,
        dummy: bool,
        **rest: Any,
    ) -> None:
        options = Options(
            marks=marks,
            pdfx=pdfx,
            inside_first=None if first is None else first == "inside",
            tumble=None if back is None else back == "tumble",
            dummy=dummy,
        )
        command(options=options, **rest)

    for decorate in reversed(decorators):
        with_options = decorate(with_options)
    return with_options


@cli.command()
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@_build_options
@click.option("--preview", is_flag=True, help="Also write a PNG of every page beside the PDFs.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the fit report of every file (each panel's fill or overflow) as JSON.",
)
@click.option(
    "--force", is_flag=True, help="Build every file, even those whose outputs are up to date."
)
def build(
    content: tuple[Path, ...],
    out_dir: Path,
    options: Options,
    jobs: int,
    preview: bool,
    report: Path | None,
    force: bool,
) -> None:
    """Build the print and reader PDFs of each CONTENT file (default: content.yaml); shell
    globs such as content.*.yaml build every language.

    Each file builds on its own: one that fails writes nothing and is reported (a panel that
    does not fit with the whole fit report), the others still build, a summary table follows
    when there are several, and the exit code is 1 if any failed. Files build in parallel
    (--jobs) and are reported in the order given. A file whose outputs are up to date (nothing
    it reads has changed since they were built, as the output folder's manifest records) is
    not built again unless --force.
    """
    paths = _expand(content) or [_default_content()]
    outcomes = _build_all(paths, out_dir, options, preview=preview, jobs=jobs, force=force)
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


@cli.command()
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@_build_options
def watch(content: tuple[Path, ...], out_dir: Path, options: Options, jobs: int) -> None:
    """Build each CONTENT file (default: content.yaml) now and again on every save of a file it
    reads (the content, a translation's source, the design, a font), printing the fit of each
    panel. A broken save shows its error and the watch goes on; Ctrl-C stops it."""
    paths = _expand(content) or [_default_content()]
    say = _Say(None)

    def changed(saved: Sequence[Path]) -> None:
        names = ", ".join(path.name for path in saved)
        say(f"--- {time.strftime('%H:%M:%S')} saved: {names}")

    from layout.watch import watch as watch_files

    say(f"watching {_count(len(paths), 'file')}; Ctrl-C stops")
    try:
        watch_files(
            paths,
            out_dir,
            options,
            report=lambda built: _report(built, say),
            changed=changed,
            jobs=jobs,
        )
    except KeyboardInterrupt:
        say("stopped watching")


@dataclass(frozen=True)
class _Say:
    """How ``build`` prints a line: as ``click.echo`` does, but with the progress bar (shown on a
    terminal only) erased first and drawn again after, so that the two never share a line."""

    progress: Progress | None

    def __call__(self, text: str, *, err: bool = False) -> None:
        live = None if self.progress is None else self.progress.live
        if live is None or not live.is_started:
            click.echo(text, err=err)
            return
        live.stop()  # transient: the bar is erased and the cursor back where it began
        click.echo(text, err=err)
        live.start(refresh=True)


def _build_all(
    paths: list[Path], out_dir: Path, options: Options, *, preview: bool, jobs: int, force: bool
) -> list[BuildOutcome]:
    """Build ``paths`` and print what became of each, in order, under a progress bar."""
    outcomes: list[BuildOutcome] = []
    with _progress(len(paths)) as (say, advance):
        for built in build_files(paths, out_dir, options, jobs=jobs, force=force):
            _report(built, say)
            outcome = built.outcome()
            if preview and outcome.ok:
                outcome = _preview(built, outcome, say)
            outcomes.append(outcome)
            advance()
    return outcomes


@contextmanager
def _progress(total: int) -> Iterator[tuple[_Say, Callable[[], None]]]:
    """A progress bar counting ``total`` files on a terminal, none in a log or a pipe: how to
    print a line beside it, and how to count a file done."""
    if not sys.stderr.isatty():
        yield _Say(None), lambda: None
        return
    from rich.console import Console  # only where a bar can be drawn
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        auto_refresh=False,  # no refresh thread: worker processes are forked while it shows
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("building", total=total)
        progress.refresh()

        def advance() -> None:
            progress.advance(task)
            progress.refresh()

        yield _Say(progress), advance


def _preview(built: Built, outcome: BuildOutcome, say: _Say) -> BuildOutcome:
    """Write a PNG of every page of the print and reader PDFs; a preview that cannot be
    written fails the file."""
    from layout.preview import render_pages

    pictures: list[Path] = []
    try:
        for kind in ("print", "reader"):
            pdf = built.outputs[kind]
            made = render_pages(pdf)
            pictures += made
            say(f"  wrote {_count(len(made), 'preview')}: {pdf.stem}-N.png")
    except FolderError as error:
        say(f"error: {error}", err=True)
        return BuildOutcome.failed(built.path, error)
    return replace(outcome, outputs=outcome.outputs + tuple(pictures))


def _report(built: Built, say: _Say) -> None:
    """Print what became of one file: its fit, its preflight, what it wrote; a user's mistake
    as its one error line (an overflow with its whole fit table)."""
    if built.error is not None:
        say(f"error: {built.error}", err=True)
        outcome = built.outcome()
        if outcome.fit is not None:  # stderr keeps the one error line; the table is a report
            say(outcome.fit.table())
        return
    if built.kept is not None:
        say(built.kept.fit)
        say("  up to date: nothing it reads has changed since it was built (--force builds it)")
    if built.made is not None:
        _report_made(built.path, built.made, say)
    for path in built.outputs.values():
        say(f"  {'kept' if built.kept else 'wrote'} {path}")


def _report_made(path: Path, made: Made, say: _Say) -> None:
    for warning in made.warnings:  # each names its own file:line:column
        say(f"warning: {warning}", err=True)
    for note in made.notes:
        say(f"note: {path}: {note}", err=True)
    say(made.fit.table())
    width, height = made.flat
    say(f"  sheet: {made.fold}, {to_mm(width):g} × {to_mm(height):g} mm flat")
    checked = made.preflight
    say(
        f"  preflight {checked.pdfx}: {', '.join(checked.checked)} — "
        f"{_count(checked.count('error'), 'error')}, {_count(checked.count('warning'), 'warning')}"
    )
    say("  reader: each panel's text on its own page, in reading order")


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
    from layout.content.pseudo import pseudo_translate

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
    from layout.content.xliff import export_xliff  # lxml: only for XLIFF

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
    from layout.content.xliff import XliffImport, import_xliff_with_stats

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
    from layout.verify import preflight_file

    checked = preflight_file(pdf, fold=fold)
    if as_json:
        click.echo(json.dumps(checked.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(checked.report())
    sys.exit(0 if checked.ok else 1)


def _default_content() -> Path:
    """``content.yaml`` here, else the Norwegian seed leaflet shipped with make-folder."""
    here = Path("content.yaml")
    return here if here.exists() else resource(DEFAULT_CONTENT)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
