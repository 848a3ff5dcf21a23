"""make-folder: build print-ready, imposed PDFs of a folded leaflet from YAML content.

    make-folder build                       # content.yaml → output/
    make-folder build content.yaml --out proofs/

For each content file, ``build`` writes ``<slug>-<lang>-print.pdf`` (the imposed sheet for the
printer: outside and inside, bleed, crop and fold marks, slug) and ``<slug>-<lang>-reader.pdf``
(one page per panel in reading order, for screens). A user's mistake is reported as
``file:line:column: key.path: what is wrong; what is expected`` with exit code 1, and no file is
written or overwritten.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from layout import __version__
from layout.build import BuildResult
from layout.build import build as build_leaflet
from layout.errors import FolderError
from layout.preview import render_pages
from layout.resources import DEFAULT_CONTENT, resource
from layout.units import to_mm
from layout.verify import CHECKED


@click.group(help=__doc__)
@click.version_option(__version__, prog_name="make-folder")
def cli() -> None:
    pass


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
def build(content: tuple[Path, ...], out_dir: Path, preview: bool) -> None:
    """Build the print and reader PDFs of each CONTENT file (default: content.yaml).

    Each file builds on its own: one that fails writes nothing and is reported, the others still
    build, and the exit code is 1 if any failed.
    """
    failed = False
    for path in content or (_default_content(),):
        try:
            result = build_leaflet(path, out_dir)
            _report(path, result)
            if preview:
                for pdf in (result.print_pdf, result.reader_pdf):
                    pictures = render_pages(pdf)
                    click.echo(f"  wrote {len(pictures)} previews: {pdf.stem}-N.png")
        except FolderError as error:
            click.echo(f"error: {error}", err=True)
            failed = True
    if failed:
        sys.exit(1)


def _report(path: Path, result: BuildResult) -> None:
    leaflet = result.leaflet
    for note in result.notes:
        click.echo(f"note: {path}: {note}", err=True)
    click.echo(
        f"{path}: {leaflet.fold.name}, "
        f"{to_mm(leaflet.plan.width):g} × {to_mm(leaflet.plan.height):g} mm flat"
    )
    for role in leaflet.fold.reading_order:
        layout = leaflet.layouts[role]
        click.echo(f"  {layout.box.label:<24} {layout.fill:>4.0%} full")
    click.echo(f"  read back and checked: {CHECKED}")
    click.echo(f"  wrote {result.print_pdf}")
    click.echo(f"  wrote {result.reader_pdf}")


def _default_content() -> Path:
    """``content.yaml`` here, else the Norwegian seed leaflet shipped with make-folder."""
    here = Path("content.yaml")
    return here if here.exists() else resource(DEFAULT_CONTENT)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
