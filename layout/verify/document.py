"""Opening a PDF that may be broken, and walking what its pages use.

Every function here reads defensively: a PDF from anywhere may lack any key, hold the wrong type
under it, or point at an object that does not exist.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from .report import Finding

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pt, x0 ≤ x1 and y0 ≤ y1
TOLERANCE = 0.01  # pt: boxes are computed, so only rounding may differ


def resolve(value: Any) -> Any:
    """The object itself, through any indirect reference (None if that object is missing)."""
    for _ in range(32):  # a reference chain that loops is as good as missing
        if not isinstance(value, IndirectObject):
            return value
        try:
            value = value.get_object()
        except Exception:  # a dangling or broken reference: pypdf raises many kinds
            return None
    return None


def dictionary(value: Any) -> DictionaryObject:
    """``value`` as a dictionary, or an empty one when it is anything else."""
    value = resolve(value)
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def array(value: Any) -> list[Any]:
    value = resolve(value)
    return list(value) if isinstance(value, ArrayObject) else []


def number(value: Any, default: float = 0.0) -> float:
    try:
        return float(resolve(value))
    except (TypeError, ValueError):
        return default


def object_key(value: Any, fallback: Any) -> tuple[int, int]:
    """An identity for cycle guards: the object number when indirect, else the Python id."""
    if isinstance(value, IndirectObject):
        return (value.idnum, value.generation)
    return (-1, id(fallback))


@contextmanager
def quiet_pypdf(repairs: list[str]) -> Iterator[None]:
    """Collect pypdf's log messages (repairs of a damaged file) instead of printing them."""

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            repairs.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # the CLI prints the report, not pypdf's chatter
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def open_pypdf(data: bytes) -> PdfReader | Finding:
    """The PDF as pypdf reads it (lenient), or a ``file`` error saying why it cannot."""
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        # An empty user password still lets us look inside; the file check says it is encrypted.
        if reader.is_encrypted and not reader.decrypt(""):
            return Finding("file", None, "the PDF is encrypted with a password; cannot look inside")
        _ = len(reader.pages)
    except Exception as exc:  # pypdf raises far more than PyPdfError on a broken file
        return Finding("file", None, f"pypdf cannot read the PDF: {_reason(exc)}")
    return reader


def open_pdfium(data: bytes) -> pdfium.PdfDocument | Finding:
    """The PDF as pdfium (Chrome's PDF engine) reads it, or a ``file`` error saying why not."""
    try:
        document = pdfium.PdfDocument(data)
        _ = len(document)
    except Exception as exc:
        return Finding("file", None, f"pdfium cannot read the PDF: {_reason(exc)}")
    return document


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def raw_box(page: DictionaryObject, name: str) -> Box | None:
    """A page box as written in the page itself, or None when the key is absent.

    pypdf's ``page.trimbox`` falls back to the MediaBox (and writes it): read the raw key
    instead. Raises ValueError when the key holds something other than four numbers.
    """
    value = resolve(page.get(name))
    if value is None:
        return None
    values = array(value)
    if len(values) != 4:
        raise ValueError(f"{name.lstrip('/')} is not four numbers")
    x0, y0, x1, y1 = (float(resolve(v)) for v in values)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def within(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0] - TOLERANCE
        and inner[1] >= outer[1] - TOLERANCE
        and inner[2] <= outer[2] + TOLERANCE
        and inner[3] <= outer[3] + TOLERANCE
    )


@dataclass(frozen=True)
class Resources:
    """One resource dictionary a page uses: the page's own, a form's or a tiling pattern's."""

    resources: DictionaryObject
    content: Any  # the stream drawn with them (None for the page: read with get_contents)
    owner: str  # "page", "form /Fm0", "pattern /P0"
    group: DictionaryObject  # the owner's /Group (transparency group), or empty


def walk_resources(page: Any) -> Iterator[Resources]:
    """The page's resources and those of every form and tiling pattern it reaches, each once."""
    seen: set[tuple[int, int]] = set()
    stack = [
        Resources(dictionary(page.get("/Resources")), None, "page", dictionary(page.get("/Group")))
    ]
    while stack:
        current = stack.pop()
        yield current
        children = [
            *(("form", n, x) for n, x in dictionary(current.resources.get("/XObject")).items()),
            *(("pattern", n, p) for n, p in dictionary(current.resources.get("/Pattern")).items()),
        ]
        for kind, name, reference in children:
            stream = resolve(reference)
            if not isinstance(stream, StreamObject):
                continue
            if kind == "form" and stream.get("/Subtype") != "/Form":
                continue
            if kind == "pattern" and number(stream.get("/PatternType")) != 1:
                continue  # shading patterns have no content of their own
            key = object_key(reference, stream)
            if key in seen:
                continue  # drawn twice, or a form that draws itself
            seen.add(key)
            stack.append(
                Resources(
                    dictionary(stream.get("/Resources")),
                    stream,
                    f"{kind} {name}",
                    dictionary(stream.get("/Group")),
                )
            )


def xmp(reader: PdfReader) -> ET.Element | None:
    """The catalog's XMP metadata packet, parsed; None when absent or not well-formed XML."""
    stream = resolve(dictionary(reader.trailer.get("/Root")).get("/Metadata"))
    if not isinstance(stream, StreamObject):
        return None
    try:
        data = stream.get_data()
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            return None  # XMP never needs them; entity tricks only inflate the packet
        return ET.fromstring(data)
    except Exception:  # bad filters, bad XML: the packet is as good as missing
        return None
