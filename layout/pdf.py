"""A ReportLab canvas set up for print: CMYK only, embedded fonts, byte-identical output.

The dates a PDF carries are the build's *source date*, never the clock: ``SOURCE_DATE_EPOCH``
when it is set (the convention of https://reproducible-builds.org/specs/source-date-epoch/),
else a fixed date, so that the same input gives the same bytes on any machine, in any time zone
and locale, on any day.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping
from io import BytesIO

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.pdfbase.pdfdoc import PDFZCompress
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .errors import FolderError

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# 2000-01-01T00:00:00Z: ReportLab's invariant date, which every build without
# SOURCE_DATE_EPOCH has always carried (so such builds stay byte-identical to earlier ones).
INVARIANT_EPOCH = 946_684_800
# 9999-12-31T23:59:59Z: a PDF date has four digits for the year, and XMP's ISO 8601 too.
LATEST_EPOCH = 253_402_300_799
EXAMPLE_EPOCH = 1_764_158_400  # 2025-11-26T12:00:00Z, for the error message
AUTHOR = "make-folder"
_SECONDS = re.compile(r"[0-9]+", re.ASCII)


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int:
    """The build's source date as seconds since 1970-01-01T00:00:00Z.

    ``SOURCE_DATE_EPOCH`` from ``environ`` when it is set (surrounding white space is ignored, and
    an empty value counts as unset, as ReportLab has it); without it the fixed 2000-01-01
    (:data:`INVARIANT_EPOCH`), so that builds stay byte-identical whatever the day. A value that
    is not a whole number of seconds, is negative or lies after the year 9999 is a FolderError:
    the build would otherwise write a date nobody asked for, or crash inside ReportLab.
    """
    raw = environ.get(SOURCE_DATE_EPOCH, "")
    value = raw.strip()
    if not value:
        return INVARIANT_EPOCH
    shown = raw if len(raw) <= 40 else raw[:40] + "…"  # a hostile value stays one short line
    if not _SECONDS.fullmatch(value):
        raise FolderError(
            f"{SOURCE_DATE_EPOCH}={shown!r} is not a number of seconds since 1970; "
            f"expected e.g. {EXAMPLE_EPOCH}"
        )
    epoch = int(value)
    if epoch > LATEST_EPOCH:
        raise FolderError(
            f"{SOURCE_DATE_EPOCH}={shown!r} lies after the year 9999, which a PDF date cannot "
            f"hold; expected e.g. {EXAMPLE_EPOCH}"
        )
    return epoch


def pdf_date(epoch: int) -> str:
    """``epoch`` as a PDF date in UTC, as ReportLab writes one: ``D:20251126120000+00'00'``."""
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))


def _cmyk_only(colour: Color) -> Color:
    """Colour enforcer: process CMYK and separations pass, anything else is a bug.

    ReportLab's own ``'sep_cmyk'`` would turn registration colour into plain K, and ``'cmyk'``
    turns it into 400 % process: neither is right for marks.
    """
    if isinstance(colour, CMYKColor | CMYKColorSep):
        return colour
    raise ValueError(f"non-CMYK colour {colour!r} reached the canvas")


def new_canvas(buffer: BytesIO, font: str, title: str, language: str) -> Canvas:
    """A canvas whose every page starts in ``font`` (never the unembedded Helvetica), dated
    :func:`source_date_epoch` in UTC, every stream compressed with Flate alone (no ASCII85); a
    FolderError for an invalid ``SOURCE_DATE_EPOCH``. :func:`layout.pdfx.to_pdfx` makes it write
    PDF/X."""
    # Checked before ReportLab sees it: its own TimeStamp reads the variable too (for the seed
    # of the file's /ID) and would fail with a bare ValueError on a bad one.
    date = pdf_date(source_date_epoch())
    canvas = Canvas(
        buffer,
        invariant=1,  # fixed dates and IDs: identical input, identical bytes
        # ReportLab's page compression wraps Flate in ASCII85 (rl_config.useA85, one setting for
        # the whole process, read when the file is written): a quarter more bytes for nothing
        # in a binary file. Off, every stream that names no filter of its own gets the
        # document's default filters instead (fonts, forms and ToUnicode maps too): Flate alone.
        pageCompression=0,
        enforceColorSpace=_cmyk_only,
        initialFontName=font,
        lang=language,
    )
    canvas._doc.defaultStreamFilters = [PDFZCompress]
    # The date written is ours, not whatever ReportLab makes of the clock or the environment.
    canvas.setDateFormatter(lambda *_: date)
    canvas.setTitle(title)
    # ReportLab says "anonymous" otherwise; the XMP's dc:creator repeats whatever is here.
    canvas.setAuthor(AUTHOR)
    canvas.setCreator(f"make-folder {__version__}")
    return canvas
