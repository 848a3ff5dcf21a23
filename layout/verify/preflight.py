"""The preflight: every check, run on any PDF, gathered into one :class:`Preflight` report."""

from __future__ import annotations

import re
import stat
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader, get_configuration
from pypdf.generic import StreamObject

from ..pdfx import PANEL_MAP_NS
from .boxes import check_boxes
from .clearance import check_text
from .colour import (
    EXHAUSTED,
    MAX_SCANNED,
    MAX_SCANNED_FILE,
    ContentScan,
    check_colour,
    check_inks,
    scan_pages,
    too_dense,
)
from .conformance import check_pdfx, claimed
from .document import (
    Box,
    TextPages,
    dictionary,
    open_pdfium,
    open_pypdf,
    quiet_pypdf,
    resolve,
    xmp,
)
from .fonts import check_fonts
from .interpret import MAX_OPERATIONS, FontInfo, PageRun, interpret_page
from .panelmap import PanelMap, find_panel_map, parse_panel_map
from .panels import check_panels
from .registration import check_marks
from .report import Finding, Preflight

CHECKS = ("file", "boxes", "fonts", "colour", "pdfx", "marks", "text", "panels")
MAX_PROBLEMS = 5  # content-stream problems reported per page
MAX_FILE_BYTES = 2**31  # 2 GiB: more than any print PDF of a leaflet, less than a full disk
# Operations the content interpreter executes in the whole file, each page within its own
# MAX_OPERATIONS: the runs of every page are kept for the checks, so without it a file of many
# pages, each drawing the same costly forms, would cost time and memory without end.
MAX_INTERPRETED_FILE = 5 * MAX_OPERATIONS
# What the interpreter says when a bound stopped it (pypdf's parsing limits, its own operation
# count, forms nested too deep) rather than garbage: the page is dense, not broken.
LIMIT = re.compile(r"Reached maximum|Array-based stream has|stopped after|not checked beyond")


def preflight_file(path: Path, *, fold: str | None = None) -> Preflight:
    """Read the file at ``path`` and run every check on it, as :func:`preflight` does; a file
    that cannot be read (missing, a folder, no permission, a device or pipe that would never
    end, one larger than MAX_FILE_BYTES) is a ``file`` error, never a crash or a hang."""
    try:
        found = Path(path).stat()
        if not stat.S_ISREG(found.st_mode) and not stat.S_ISDIR(found.st_mode):
            raise _Unreadable("not a regular file")
        if found.st_size > MAX_FILE_BYTES:
            raise _Unreadable(
                f"{found.st_size} bytes; the preflight reads files up to {MAX_FILE_BYTES}"
            )
        data = Path(path).read_bytes()  # a folder raises IsADirectoryError here
    except (OSError, ValueError) as exc:  # ValueError: a path with a NUL byte in it
        reason = str(exc) if isinstance(exc, _Unreadable) else _os_reason(exc)
        return Preflight(
            str(path),
            (Finding("file", None, f"cannot read the file ({reason})"),),
            ("file",),
            None,
            fold,
            None,
        )
    return preflight(data, name=str(path), fold=fold)


class _Unreadable(OSError):
    """A file preflight_file refuses to read, saying why."""


def _os_reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__


def preflight(data: bytes, *, name: str = "<pdf>", fold: str | None = None) -> Preflight:
    """Run every check on the PDF ``data`` and report; never raises on a broken file.

    ``name`` is how the report names the file; ``fold`` (a fold name such as ``gate-8``) asks
    that the file be that fold's imposed sheet.
    """
    repairs: list[str] = []
    with warnings.catch_warnings(), quiet_pypdf(repairs):
        warnings.simplefilter("ignore")  # pypdf warns about what it repairs: we report it
        return _Preflight(data, name, fold, repairs).run()


class _Preflight:
    """One preflight in progress: the readers, and the findings of each check so far."""

    def __init__(self, data: bytes, name: str, fold: str | None, repairs: list[str]) -> None:
        self.data, self.name, self.fold, self.repairs = data, name, fold, repairs
        self.found: dict[str, list[Finding]] = {check: [] for check in CHECKS}
        self.checked: list[str] = []
        self.pdfx: str | None = None
        self.pages: int | None = None
        self.panel_map: PanelMap | None = None

    def run(self) -> Preflight:
        document = None
        try:
            reader, document = self.open()
            if reader is not None:
                self.pages = len(reader.pages)
                self.check_reader(reader, document)
            elif document is not None:
                self.pages = len(document)
                self.note("file", "the other checks need pypdf, which cannot read this file")
        finally:
            if document is not None:
                document.close()
        if self.repairs:
            more = f" (and {len(self.repairs) - 1} more)" if len(self.repairs) > 1 else ""
            self.found["file"].append(
                Finding(
                    "file",
                    None,
                    f"the file is damaged (pypdf: {self.repairs[0]}{more})",
                    "warning",
                )
            )
        findings = tuple(f for check in CHECKS for f in self.found[check])
        fold = self.fold or (self.panel_map.fold if self.panel_map else None)
        return Preflight(self.name, findings, tuple(self.checked), self.pdfx, fold, self.pages)

    def note(self, check: str, message: str) -> None:
        self.found[check].append(Finding(check, None, message, "note"))

    def guard(self, check: str, run: Callable[[], list[Finding]]) -> None:
        """Run one check; whatever it cannot read becomes a finding, never a crash."""
        self.checked.append(check)
        try:
            self.found[check] += run()
        except Exception as exc:  # a foreign PDF can break any assumption a check makes
            self.found[check].append(
                Finding(check, None, f"check stopped: {type(exc).__name__}: {exc}")
            )

    def open(self) -> tuple[PdfReader | None, pdfium.PdfDocument | None]:
        self.checked.append("file")
        if not self.data:
            self.found["file"].append(Finding("file", None, "the file is empty"))
            return None, None
        if b"%PDF-" not in self.data[:1024]:
            self.found["file"].append(
                Finding("file", None, "not a PDF: no %PDF- header in the first 1024 bytes")
            )
            return None, None
        opened, rendered = open_pypdf(self.data), open_pdfium(self.data)
        reader = None if isinstance(opened, Finding) else opened
        document = None if isinstance(rendered, Finding) else rendered
        self.found["file"] += [f for f in (opened, rendered) if isinstance(f, Finding)]
        if reader is not None and reader.is_encrypted:
            self.found["file"].append(
                Finding("file", None, "the PDF is encrypted; presses and PDF/X need it open")
            )
        return reader, document

    def check_reader(self, reader: PdfReader, document: pdfium.PdfDocument | None) -> None:
        runs = self.interpret(reader)
        scans = self.scan(reader)
        boxes: list[dict[str, Box | None]] = []

        def check_boxes_() -> list[Finding]:
            findings, pages = check_boxes(reader)
            boxes.extend(pages)
            return findings

        self.guard("boxes", check_boxes_)
        self.guard("fonts", lambda: check_fonts(reader))
        self.guard("colour", lambda: check_colour(reader, runs) + check_inks(reader, runs, scans))
        packet = xmp(reader)
        self.pdfx = _safely(lambda: claimed(reader))
        self.guard("pdfx", lambda: check_pdfx(reader, packet, scans))
        self.guard("marks", lambda: check_marks(boxes, runs))
        self.panel_map = self.read_panel_map(reader, packet)
        dense = too_dense(scans)
        pages = TextPages(document) if document is not None else None  # read by text and panels
        if pages is not None:
            self.guard("text", lambda: check_text(pages, boxes, self.panel_map, dense))
        else:
            self.note("text", "text positions not checked: pdfium cannot read the file")
        self.guard("panels", lambda: check_panels(pages, boxes, self.panel_map, self.fold, dense))

    def interpret(self, reader: PdfReader) -> list[PageRun | None]:
        runs: list[PageRun | None] = []
        fonts: dict[tuple[int, int], FontInfo] = {}  # read once for all pages
        remaining = MAX_INTERPRETED_FILE
        for number, page in enumerate(reader.pages, start=1):
            try:
                run = interpret_page(reader, page, fonts, budget=remaining)
            except Exception as exc:  # the interpreter's own guard failed: say so, go on
                self.found["file"].append(
                    Finding("file", number, f"content cannot be interpreted: {exc}")
                )
                runs.append(None)
                continue
            runs.append(run)
            exhausted = exhausted_by_file(remaining, run)
            remaining = max(remaining - run.operations, 0)
            # PS is an operator of PDF 1.0 to 1.7, not garbage: the pdfx check reports it.
            problems = [p for p in run.problems if not p.startswith("unknown operator 'PS'")]
            limits = [p for p in problems if LIMIT.search(p)]
            problems = [p for p in problems if p not in limits]
            for problem in problems[:MAX_PROBLEMS]:
                self.found["file"].append(Finding("file", number, f"content stream: {problem}"))
            if len(problems) > MAX_PROBLEMS:
                more = len(problems) - MAX_PROBLEMS
                self.found["file"].append(
                    Finding("file", number, f"content stream: and {more} more problems")
                )
            for limit in dict.fromkeys(describe_limit(p, exhausted) for p in limits):
                self.found["file"].append(Finding("file", number, limit, "warning"))
        return runs

    def scan(self, reader: PdfReader) -> list[ContentScan | None]:
        """Each page's content scan (overprint, PostScript), within one budget for the file."""
        return scan_pages(reader, MAX_SCANNED, MAX_SCANNED_FILE)

    def read_panel_map(self, reader: PdfReader, packet: ET.Element | None) -> PanelMap | None:
        """The panel map in the XMP, or None; a warning when one is there but unreadable."""
        try:
            text = find_panel_map(packet)
            if text is None:
                if packet is None and _mentions_map(reader):
                    raise ValueError("the XMP packet around it is not well-formed XML")
                return None
            return parse_panel_map(text)
        except Exception as exc:  # bad JSON, wrong types: the map is as good as absent
            self.found["panels"].append(
                Finding("panels", None, f"the panel map cannot be read: {exc}", "warning")
            )
            return None


def _mentions_map(reader: PdfReader) -> bool:
    stream = resolve(dictionary(reader.trailer.get("/Root")).get("/Metadata"))
    try:
        return isinstance(stream, StreamObject) and PANEL_MAP_NS.encode() in stream.get_data()
    except Exception:  # an unreadable stream mentions nothing
        return False


def exhausted_by_file(remaining: int, run: PageRun) -> bool:
    """Whether ``run`` stopped on what the pages before it left of MAX_INTERPRETED_FILE (less
    than a page's own MAX_OPERATIONS), not on its own density."""
    before = remaining < min(MAX_INTERPRETED_FILE, MAX_OPERATIONS)
    return before and run.operations >= remaining


def describe_limit(problem: str, exhausted: bool = False) -> str:
    """A content-stream problem that is a bound reached, said as what was left unchecked;
    ``exhausted``: the interpreter stopped because the pages before used up the file's budget
    (MAX_INTERPRETED_FILE), not because this page is dense."""
    problem = re.sub(r" \(×\d+\)$", "", problem)  # the same bound, met in several streams
    dense = "the page is very dense"
    if "stopped after" in problem:
        beyond = problem.split("stopped after", 1)[1].strip()
        if exhausted:
            said = "not checked" if beyond.startswith("0 ") else f"not checked beyond {beyond}"
            return f"content stream: {said} ({EXHAUSTED})"
        return f"content stream: not checked beyond {beyond}; {dense}"
    if "not checked beyond" in problem:
        return f"content stream: {problem}"
    if "tokens per stream" in problem:
        budget = get_configuration().stream_parsing_work_maximum_count
        return (
            f"content stream: not checked beyond pypdf's parsing limit ({budget} tokens a "
            f"stream): colour and marks in that stream are unchecked; {dense}"
        )
    match = LIMIT.search(problem)
    said = problem[match.start() :].rstrip(".") if match else problem
    return f"content stream: not checked beyond pypdf's limits ({said}); {dense}"


def _safely(read: Callable[[], str | None]) -> str | None:
    try:
        return read()
    except Exception:  # a report header is not worth a crash
        return None
