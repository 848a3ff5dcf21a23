"""Opening a PDF that may be broken, and walking what its pages use.

Every function here reads defensively: a PDF from anywhere may lack any key, hold the wrong type
under it, or point at an object that does not exist.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    StreamObject,
)

from .report import Finding

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pt, x0 ≤ x1 and y0 ≤ y1
TOLERANCE = 0.01  # pt: boxes are computed, so only rounding may differ
MAX_KEPT_TEXT = 16  # pages whose pdfium text TextPages keeps for the next check


def resolve(value: Any) -> Any:
    """The object itself, through any indirect reference (None if that object is missing)."""
    if not isinstance(value, IndirectObject):  # nearly always: no loop to set up
        return value
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


def flag(value: Any) -> bool | None:
    """A PDF boolean as a bool; None when ``value`` is anything else."""
    value = resolve(value)
    if isinstance(value, BooleanObject):
        return bool(value.value)
    return value if isinstance(value, bool) else None


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


class TextPages:
    """pdfium's text of each page of a document, laid out once for every check that reads it.

    The ``text`` and ``panels`` checks both read a page's text, and loading the page and laying
    out its text was half of what the ``panels`` check cost. The first MAX_KEPT_TEXT pages are
    kept once laid out (a make-folder sheet has two); those after them are laid out again for
    each check that reads them, so that a long foreign file is not held in memory page by page.
    """

    def __init__(self, document: pdfium.PdfDocument) -> None:
        self.document = document
        self.kept: dict[int, pdfium.PdfTextPage] = {}

    def __len__(self) -> int:
        return len(self.document)

    def __getitem__(self, index: int) -> pdfium.PdfTextPage:
        """The text of page ``index`` (0-based)."""
        text = self.kept.get(index)
        if text is None:
            text = self.document[index].get_textpage()
            if len(self.kept) < MAX_KEPT_TEXT:
                self.kept[index] = text
        return text


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


# --- content streams, token by token -----------------------------------------------------------

MAX_CONTENT_PARTS = 10_000  # streams in a page's /Contents array (pypdf's own bound)
MAX_CONTENT_BYTES = 75_000_000  # a page's content, decoded: pypdf's bound for one stream


class Composite:
    """An array or dictionary operand, which the scans here never need to look inside, but for
    the bytes of the strings in it: what a ``TJ`` array shows, which pdfium lays out glyph by
    glyph (see colour.scan_page)."""

    __slots__ = ("strings",)

    def __init__(self, strings: int = 0) -> None:
        self.strings = strings


COMPOSITE = Composite()  # one holding no strings: the same object every time
_WHITE = rb"\x00\t\n\x0c\r "
_DELIMITERS = rb"()<>\[\]{}/%"
# One token at a time; white space matches nothing and is skipped. A string is matched whole when
# its parentheses nest at most one deep (nearly always); a deeper one is scanned by hand.
_TOKEN = re.compile(
    rb"[^" + _WHITE + _DELIMITERS + rb"]+"  # number, operator or keyword
    rb"|/[^" + _WHITE + _DELIMITERS + rb"]*"  # name
    rb"|\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"  # string
    rb"|<<|>>|<[^<>]*>"  # dictionary brackets, hex string
    rb"|%[^\r\n]*"  # comment
    rb"|[()<>\[\]{}]",  # a delimiter that starts nothing above
    re.DOTALL,
)
_PARENTHESES = re.compile(rb"[()\\]")
_INLINE_END = re.compile(rb"[" + _WHITE + rb"]EI(?=[" + _WHITE + rb"]|$)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NUMBER_START = frozenset(b"0123456789+-.")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}

# A number, name, string, keyword, array or dictionary; an inline image's settings.
Operand = float | str | bytes | bool | None | Composite | dict[str, Any]


def content_operations(data: bytes) -> Iterator[tuple[list[Operand], bytes]]:
    """The operations of a content stream, as (operands, operator), read lazily and leniently.

    Unlike pypdf's parser this keeps nothing of the stream but the current operation, so a page
    of millions of operations costs time, not memory, and a caller may stop where it likes.
    Numbers are floats, names ``str`` ("/GS0"), strings their raw bytes; arrays and dictionaries
    are a :class:`Composite` (:data:`COMPOSITE` when they hold no strings). An inline image is
    one operation ``BI`` whose single operand is a ``dict`` of its settings (keys as names).
    Garbage never raises: an operator inside an unclosed array ends it, an unterminated string
    ends the stream.
    """
    position, end = 0, len(data)
    operands: list[Operand] = []
    depth = 0  # inside arrays and dictionaries
    strings = 0  # bytes of strings inside the array or dictionary being read
    while position < end:
        restart = end
        for match in _TOKEN.finditer(data, position):
            token = match.group()
            first = token[0]
            if first in _NUMBER_START:
                if depth == 0:
                    try:
                        operands.append(float(token))
                    except ValueError:  # "--1", "1.2.3": not a number, but not fatal either
                        operands.append(None)
            elif first == 0x2F:  # /
                if depth == 0:
                    operands.append(_name(token))
            elif first == 0x28:  # (
                if len(token) == 1:  # nested deeper than the pattern reaches
                    restart = _string_end(data, match.start())
                    if depth == 0:
                        operands.append(data[match.start() + 1 : restart - 1])
                    else:
                        strings += restart - match.start() - 2
                    break
                if depth == 0:
                    operands.append(token[1:-1])
                else:
                    strings += len(token) - 2
            elif first == 0x25:  # % comment
                continue
            elif token in (b"[", b"<<", b"{"):
                if depth == 0:
                    strings = 0
                depth += 1
            elif token in (b"]", b">>", b"}"):
                if depth == 1:
                    operands.append(Composite(strings) if strings else COMPOSITE)
                depth = max(depth - 1, 0)
            elif first == 0x3C:  # <hex>, or a stray <
                if depth == 0 and len(token) > 1:
                    operands.append(token)
                elif depth:
                    strings += max(len(token) - 2, 0) // 2
            elif first in b")>":
                continue  # a stray delimiter: ignore it
            elif token in _KEYWORDS:
                if depth == 0:
                    operands.append(_KEYWORDS[token])
            elif token == b"BI":
                settings, restart = _inline_image(data, match.end())
                yield [settings], b"BI"
                operands, depth = [], 0
                break
            else:  # an operator ends any array or dictionary left open
                yield operands, token
                operands, depth = [], 0
        position = restart


def _name(token: bytes) -> str:
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), token)
    return token.decode("latin-1")


def _string_end(data: bytes, start: int) -> int:
    """The index just past the string literal opening at ``start`` (the end if it never closes)."""
    depth = 0
    escaped_until = -1
    for match in _PARENTHESES.finditer(data, start):
        at = match.start()
        if at < escaped_until:
            continue
        character = data[at]
        if character == 0x5C:  # backslash: the next byte is literal
            escaped_until = at + 2
        elif character == 0x28:
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return at + 1
    return len(data)


def _inline_image(data: bytes, start: int) -> tuple[dict[str, Operand], int]:
    """An inline image's settings (BI … ID) and the index just past its EI."""
    settings: dict[str, Operand] = {}
    key: str | None = None
    depth = 0
    for match in _TOKEN.finditer(data, start):
        token = match.group()
        if depth == 0 and token == b"ID":
            found = _INLINE_END.search(data, match.end() + 1)
            return settings, found.end() if found else len(data)
        if token in (b"[", b"<<"):
            depth += 1
            continue
        if token in (b"]", b">>"):
            depth = max(depth - 1, 0)
            value: Operand = COMPOSITE
        elif depth:
            continue
        elif token[0] == 0x2F:
            value = _name(token)
        elif token in _KEYWORDS:
            value = _KEYWORDS[token]
        else:
            try:
                value = float(token)
            except ValueError:
                value = token
        if depth:
            continue
        if key is None and isinstance(value, str):
            key = value
        elif key is not None:
            settings[key] = value
            key = None
    return settings, len(data)


def page_content(page: Any, max_bytes: int | None = None) -> tuple[bytes, bool]:
    """A page's content streams, decoded and joined, and whether they ran past ``max_bytes``
    (MAX_CONTENT_BYTES unless given), when only that many are kept: an array naming one
    decompression bomb ten thousand times would otherwise ask for terabytes. Streams that cannot
    be decoded are left out; the content interpreter reports them."""
    max_bytes = MAX_CONTENT_BYTES if max_bytes is None else max_bytes
    contents = resolve(page.get("/Contents"))
    parts = contents if isinstance(contents, ArrayObject) else [contents]
    data = bytearray()
    for part in list(parts)[:MAX_CONTENT_PARTS]:
        stream = resolve(part)
        if not isinstance(stream, StreamObject):
            continue
        try:
            data += stream.get_data()
        except Exception:  # a broken filter, a decoding limit: pypdf raises many kinds
            continue
        data += b"\n"
        if len(data) > max_bytes:
            return bytes(data[:max_bytes]), True
    return bytes(data), False
