"""Finish stage, part 2: the print PDF as PDF/X.

ReportLab writes no PDF/X, so the finished print PDF is post-processed with pypdf. The result
declares what a printer's preflight looks for:

* one output intent, ``/S /GTS_PDFX`` with ``OutputConditionIdentifier`` FOGRA39 (the registered
  name presses key on) and the CMYK profile ``icc/FOGRA39-make-folder.icc`` embedded as its
  ``DestOutputProfile`` (see ``icc/README.md`` for where the profile comes from);
* the Info keys ``GTS_PDFXVersion`` (and ``GTS_PDFXConformance`` for X-1a) and ``/Trapped
  /False`` — make-folder does no trapping;
* an XMP metadata packet that says the same as the Info dictionary, plus, when given, the panel
  map as ``<mf:PanelMap>`` (JSON) so that a later preflight knows which fold the sheet is;
* the header version of the standard (``%PDF-1.6`` for X-4, ``%PDF-1.3`` for X-1a) and a
  trailer ``/ID``.

PDF/X-1a allows no transparency: a PDF that uses any is refused with a ValueError naming where
(:func:`transparency` finds it; the verify stage asks the same function). PDF/X-4 allows it, and a
page that uses it gets a CMYK transparency group.

The profile's ICC version: ``colprof`` writes ICC profile version 2.2.0, and PDF/X-4 (PDF 1.6)
takes it as it is. PDF/X-1a:2001 is PDF 1.3, whose ICCBased colour spaces name ICC 3.3, profile
version 2.1.0. The profile holds one tag ICC 3.3 does not define, the colorant table (``clrt``, an
ICC v4 tag: the names and Lab values of C, M, Y and K), which no colour conversion reads; every
other tag is of a type ICC 3.3 defines. So an X-1a file embeds the profile without that tag and
with version 2.1.0 in its header: the same colours, and a header that tells the truth.

Everything written is derived from the input, so identical input gives identical bytes. The
output is a PDF/X *candidate*: no free validator runs here, so the check is the project's own
preflight until a printer's accepts it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import struct
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from io import BytesIO
from types import MappingProxyType
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    create_string_object,
)

from .resources import resource


@dataclass(frozen=True)
class PdfXLevel:
    """One PDF/X standard make-folder can write: what it declares and what it allows.

    ``version`` is the Info dictionary's ``GTS_PDFXVersion`` and ``conformance`` its
    ``GTS_PDFXConformance`` (only PDF/X-1a:2001 has one: its version is "PDF/X-1:2001", the part
    of ISO 15930 it belongs to). ``header`` is the PDF version the file declares.
    ``icc_version`` (major, minor) is the newest ICC profile version that PDF version names for
    ICC profiles (the PDF Reference's table "ICC specification versions supported by ICCBased
    color spaces"): PDF 1.3 names ICC 3.3, profile version 2.1.0; PDF 1.6 names ICC.1:2003-09,
    profile version 4.1.0. The output profile make-folder embeds is never newer.
    """

    key: str
    version: str
    conformance: str | None
    header: str
    transparency_allowed: bool
    icc_version: tuple[int, int]


PDFX_LEVELS: Mapping[str, PdfXLevel] = MappingProxyType(
    {
        "x4": PdfXLevel(
            "x4", "PDF/X-4", None, "1.6", transparency_allowed=True, icc_version=(4, 1)
        ),
        "x1a": PdfXLevel(
            "x1a",
            "PDF/X-1:2001",
            "PDF/X-1a:2001",
            "1.3",
            transparency_allowed=False,
            icc_version=(2, 1),
        ),
    }
)

ICC_PROFILE = "icc/FOGRA39-make-folder.icc"
OUTPUT_CONDITION_IDENTIFIER = "FOGRA39"
# From the characterization data's own PRINT_CONDITIONS line.
OUTPUT_CONDITION = (
    "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated "
    "art, 115 g/m2, tone value increase curves A (CMY) and B (K)"
)
OUTPUT_INTENT_INFO = (
    "Coated FOGRA39 (ISO 12647-2:2004/Amd 1); profile built with ArgyllCMS from FOGRA39L data"
)
REGISTRY_NAME = "http://www.color.org"

PANEL_MAP_NS = "http://make-folder.org/ns/panel-map/1.0/"
# xmpMM ids are UUIDs named by a hash of the content, in make-folder's own UUID namespace.
_UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "http://make-folder.org/ns/")

_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",  # PDF/X-4 and later
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",  # PDF/X-1a:2001 and X-3, as Acrobat writes them
    "mf": PANEL_MAP_NS,
}


def to_pdfx(data: bytes, level: str, *, panel_map: Mapping[str, Any] | None = None) -> bytes:
    """The finished PDF ``data`` as PDF/X ``level`` (a key of :data:`PDFX_LEVELS`).

    ``data`` is a finished print PDF: Info dictionary with fixed dates (the build's source date,
    see :func:`layout.pdf.source_date_epoch`; the XMP dates are these, never the clock), TrimBox
    and BleedBox on every page, every font embedded (the verify stage checks those; this step
    keeps them).
    ``panel_map``, plain JSON data (dicts, lists, strings, numbers: what
    :func:`layout.finish.panel_map` makes), is stored in the XMP metadata (the verify stage reads
    it). Raises ValueError for an unknown level, a PDF without creation and modification dates
    (or with dates that are no PDF dates), an encrypted PDF, transparency in a PDF/X-1a file and
    a panel map holding NaN or an infinity (which JSON has not); TypeError for a panel map that
    is not plain JSON data.
    """
    pdfx = PDFX_LEVELS.get(level)
    if pdfx is None:
        raise ValueError(f"unknown PDF/X level {level!r}; expected one of {', '.join(PDFX_LEVELS)}")
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("the PDF is encrypted; PDF/X allows no encryption")

    panel_json = None
    if panel_map is not None:
        panel_json = json.dumps(
            panel_map, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
    instance = data + pdfx.key.encode() + (panel_json or "").encode()

    # Info and /ID are set on the reader, before cloning, through its public trailer: the clone
    # carries them over. Pages and new objects are the writer's.
    info_ref = reader.trailer.get("/Info")
    info = info_ref.get_object() if info_ref is not None else DictionaryObject()
    if not isinstance(info, DictionaryObject):
        raise ValueError("the PDF's /Info is not a dictionary")
    reader.trailer[NameObject("/Info")] = info
    created, modified = _date(reader, "/CreationDate"), _date(reader, "/ModDate")
    info[NameObject("/GTS_PDFXVersion")] = create_string_object(pdfx.version)
    if pdfx.conformance is not None:
        info[NameObject("/GTS_PDFXConformance")] = create_string_object(pdfx.conformance)
    else:
        info.pop("/GTS_PDFXConformance", None)
    # PDF/X wants True or False, as a name; a file that says nothing was not trapped.
    trapped = str(info["/Trapped"]) if "/Trapped" in info else ""
    info[NameObject("/Trapped")] = NameObject(trapped if trapped == "/True" else "/False")
    # First part: this document; second: this rendition of it (level, panel map).
    reader.trailer[NameObject("/ID")] = ArrayObject(
        [
            ByteStringObject(hashlib.md5(data).digest()),
            ByteStringObject(hashlib.md5(instance).digest()),
        ]
    )
    xmp = _xmp(
        {key: str(value.get_object()) for key, value in info.items()},
        pdfx,
        created=created,
        modified=modified,
        document_id=uuid.uuid5(_UUID_NAMESPACE, hashlib.sha256(data).hexdigest()),
        instance_id=uuid.uuid5(_UUID_NAMESPACE, hashlib.sha256(instance).hexdigest()),
        panel_json=panel_json,
    )

    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = f"%PDF-{pdfx.header}"
    for number, page in enumerate(writer.pages, start=1):
        uses = list(transparency(page))
        if not uses:
            continue
        if not pdfx.transparency_allowed:
            raise ValueError(
                f"{pdfx.conformance or pdfx.version} allows no transparency, but page {number} "
                f"uses it: {'; '.join(uses)}"
            )
        group = page.get("/Group")
        group = group.get_object() if group is not None else DictionaryObject()
        group[NameObject("/S")] = NameObject("/Transparency")
        group[NameObject("/CS")] = NameObject("/DeviceCMYK")
        page[NameObject("/Group")] = group

    root = writer.root_object
    metadata = StreamObject()
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    metadata.set_data(xmp)  # left uncompressed: tools that are not PDF readers find it too
    root[NameObject("/Metadata")] = writer._add_object(metadata)

    profile = StreamObject()
    profile[NameObject("/N")] = NumberObject(4)
    profile.set_data(output_profile(pdfx.key))
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): create_string_object(
                OUTPUT_CONDITION_IDENTIFIER
            ),
            NameObject("/OutputCondition"): create_string_object(OUTPUT_CONDITION),
            NameObject("/RegistryName"): create_string_object(REGISTRY_NAME),
            NameObject("/Info"): create_string_object(OUTPUT_INTENT_INFO),
            NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode(level=9)),
        }
    )
    root[NameObject("/OutputIntents")] = ArrayObject([intent])

    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _date(reader: PdfReader, key: str) -> datetime:
    """An Info date as pypdf parses it; ValueError when it is missing or no PDF date."""
    info = reader.metadata
    if info is None or key not in info:
        raise ValueError(f"the PDF's Info dictionary has no {key}; PDF/X requires it")
    try:
        date = info.creation_date if key == "/CreationDate" else info.modification_date
    except ValueError:  # pypdf's word for a string it cannot read as a date
        date = None
    if date is None:
        raise ValueError(f"the PDF's {key} {info[key]!r} is no PDF date (D:YYYYMMDDHHmmSS+HH'mm')")
    return date


# --- the output profile ----------------------------------------------------------------------

# The tag types ICC 3.3 (profile version 2.1.0) defines, as ICC.1:2001-04 (the last v2 edition)
# and ArgyllCMS's icclib (icc.c, icmTagTypeTable) date them.
_ICC_2_1_TYPES = frozenset(
    {
        b"bfd ", b"crdi", b"curv", b"data", b"desc", b"dtim", b"meas", b"mft1", b"mft2",
        b"ncl2", b"ncol", b"pseq", b"scrn", b"sf32", b"sig ", b"text", b"ui08", b"ui16",
        b"ui32", b"ui64", b"uf32", b"view", b"XYZ ",
    }
)  # fmt: skip
# Tags from later ICC versions that describe and do not convert, so a copy for an older version
# may leave them out. The colorant table names the inks and gives their Lab values; it is an
# ICC v4 tag (ICC.1:2001-12, and so in ArgyllCMS's own icclib tables), which colprof 2.3 writes
# into its 2.2.0 profiles all the same.
_INFORMATIONAL_LATER_TAGS = frozenset({b"clrt"})


@cache
def output_profile(level: str) -> bytes:
    """The ICC profile a PDF/X ``level`` embeds as its output intent's ``DestOutputProfile``.

    ``icc/FOGRA39-make-folder.icc`` as it is when its version is not newer than the level's
    :attr:`PdfXLevel.icc_version`; for PDF/X-1a, the same profile as ICC profile version 2.1.0
    (see the module's introduction). Raises ValueError for an unknown level, or when the profile
    holds something the older version cannot express (then it is not rewritten, and no file is
    made that would claim it).
    """
    pdfx = PDFX_LEVELS.get(level)
    if pdfx is None:
        raise ValueError(f"unknown PDF/X level {level!r}; expected one of {', '.join(PDFX_LEVELS)}")
    profile = resource(ICC_PROFILE).read_bytes()
    if (profile[8], profile[9] >> 4) <= pdfx.icc_version:
        return profile
    if pdfx.icc_version != (2, 1):
        raise ValueError(f"cannot write {ICC_PROFILE} as ICC {pdfx.icc_version}")
    return _as_icc_2_1(profile)


def _as_icc_2_1(profile: bytes) -> bytes:
    """``profile`` (ICC version 2) as ICC profile version 2.1.0: the header's version set, the
    informational tags of later versions left out, the other tags' data laid out again after
    the shorter tag table (tags that shared data still share it). ValueError when a tag that
    stays is of a type ICC 3.3 does not define."""
    count = int.from_bytes(profile[128:132], "big")
    table = [struct.unpack_from(">4sII", profile, 132 + 12 * i) for i in range(count)]
    kept = [tag for tag in table if tag[0] not in _INFORMATIONAL_LATER_TAGS]
    for signature, offset, _ in kept:
        # Private tags (Argyll's DevD, CIED, arts) count too: an ICC 2.1 reader skips a tag it
        # does not know, but only if its type is one it can step over.
        kind = profile[offset : offset + 4]
        if kind not in _ICC_2_1_TYPES:
            raise ValueError(
                f"{ICC_PROFILE} has tag {signature.decode('latin-1')!r} of type "
                f"{kind.decode('latin-1')!r}, which ICC profile version 2.1.0 does not define"
            )
    start = 132 + 12 * len(kept)
    placed: dict[tuple[int, int], int] = {}
    data = bytearray()
    entries = bytearray(len(kept).to_bytes(4, "big"))
    for signature, offset, size in kept:
        if (offset, size) not in placed:
            placed[offset, size] = start + len(data)
            data += profile[offset : offset + size]
            data += bytes(-len(data) % 4)  # each tag starts on a 4-byte boundary
        entries += struct.pack(">4sII", signature, placed[offset, size], size)
    header = bytearray(profile[:128])
    header[0:4] = (128 + len(entries) + len(data)).to_bytes(4, "big")
    header[8:12] = b"\x02\x10\x00\x00"
    return bytes(header + entries + data)


# --- transparency ----------------------------------------------------------------------------

# Blend modes that are no transparency: /Compatible is the PDF 1.3 name for /Normal.
_OPAQUE_BLEND_MODES = frozenset({"/Normal", "/Compatible"})
MAX_WALK = 100_000  # dictionaries and array items looked at per page: a bound on hostile files
_MAX_INDIRECTION = 32  # a chain of references longer than this leads nowhere readable


def transparency(page: PageObject | DictionaryObject) -> Iterator[str]:
    """What on ``page`` uses transparency, one readable phrase per use, such as "graphics state
    /gRLs0 sets /ca 0.5" or "/Form /Fm0: /Image /Im1 has a soft mask (/SMask)"; nothing when
    the page is opaque.

    Judged by the page's resources, as a preflight does: a transparent graphics state that is
    defined counts, whether or not the content selects it. Transparency is a transparency group
    (on the page or a form), a graphics state with a soft mask, ``/CA`` or ``/ca`` below 1 or a
    blend mode other than ``/Normal`` and ``/Compatible`` (in a ``/BM`` array, any such mode
    counts), and an image with a soft mask (``/SMask``, ``/SMaskInData``). It is looked for in
    the page's resources and everything they draw: forms, patterns (a shading pattern's graphics
    state too) and Type 3 glyphs.

    Safe on any PDF: it never raises. A value that cannot be read (a reference to nothing, a
    number that is not one, a dictionary that is not one) counts as no transparency; a resource
    dictionary reached twice, through a cycle or not, is looked at once; after
    :data:`MAX_WALK` dictionaries and array items the walk stops, and what was found stands.
    """
    walk = _Walk()
    if _is_transparency_group(walk.dictionary(page.get("/Group"))):
        walk.uses.append("a transparency group on the page")
    walk.todo.append((page.get("/Resources"), ""))
    while walk.todo and walk.left > 0:
        resources, where = walk.todo.popleft()
        try:
            walk.resources(resources, where)
        except Exception:  # pypdf raises many kinds on a broken object: that one counts as none
            continue
    yield from walk.uses


class _Walk:
    """One page's walk through its resources: what it found, what it has seen, what is left."""

    def __init__(self) -> None:
        self.uses: list[str] = []
        # id → object: holding the object keeps its id from being reused while the walk runs.
        self.seen: dict[int, DictionaryObject] = {}
        self.todo: deque[tuple[Any, str]] = deque()  # resource dictionaries, breadth first
        self.left = MAX_WALK

    def dictionary(self, value: Any) -> DictionaryObject | None:
        """``value`` as a dictionary (a stream is one), through references; None otherwise.
        Each one costs the walk a step."""
        self.left -= 1
        value = _resolve(value)
        return value if isinstance(value, DictionaryObject) else None

    def resources(self, value: Any, where: str) -> None:
        resources = self.dictionary(value)
        if resources is None or id(resources) in self.seen:
            return
        self.seen[id(resources)] = resources
        for name, state in self.entries(resources, "/ExtGState"):
            self.graphics_state(state, f"{where}graphics state {name}")
        for name, xobject in self.entries(resources, "/XObject"):
            subtype = _resolve(xobject.get("/Subtype"))
            inside = f"{where}{subtype if isinstance(subtype, NameObject) else 'XObject'} {name}"
            if subtype == "/Image":
                if isinstance(_resolve(xobject.get("/SMask")), StreamObject):
                    self.uses.append(f"{inside} has a soft mask (/SMask)")
                if _number(xobject.get("/SMaskInData")) not in (None, 0):
                    self.uses.append(
                        f"{inside} has a soft mask in its JPEG 2000 data (/SMaskInData)"
                    )
            elif subtype == "/Form":
                if _is_transparency_group(self.dictionary(xobject.get("/Group"))):
                    self.uses.append(f"{inside} is a transparency group")
                self.todo.append((xobject.get("/Resources"), f"{inside}: "))
        for name, pattern in self.entries(resources, "/Pattern"):
            inside = f"{where}pattern {name}"
            shading_state = self.dictionary(pattern.get("/ExtGState"))
            if shading_state is not None:
                self.graphics_state(shading_state, f"{inside} graphics state")
            self.todo.append((pattern.get("/Resources"), f"{inside}: "))
        for name, font in self.entries(resources, "/Font"):
            if "/Resources" in font:  # a Type 3 font: its glyphs are content streams
                self.todo.append((font.get("/Resources"), f"{where}font {name}: "))

    def entries(
        self, resources: DictionaryObject, kind: str
    ) -> Iterator[tuple[str, DictionaryObject]]:
        """The dictionaries (streams included) in one category of a resource dictionary."""
        category = self.dictionary(resources.get(kind))
        if category is None:
            return
        for name, value in list(category.items()):
            if self.left <= 0:
                return
            entry = self.dictionary(value)
            if entry is not None:
                yield str(name), entry

    def graphics_state(self, state: DictionaryObject, where: str) -> None:
        """Transparency an ExtGState sets: a soft mask, constant alpha below 1, a blend mode.

        ``/CA 1`` and ``/ca 1`` are opaque: ReportLab writes them when alpha goes back to 1.
        """
        soft_mask = _resolve(state.get("/SMask"))
        if isinstance(soft_mask, DictionaryObject):  # a mask; the name /None is none
            self.uses.append(f"{where} sets a soft mask (/SMask)")
        for key in ("/CA", "/ca"):
            alpha = _number(state.get(key))
            if alpha is not None and alpha < 1:
                self.uses.append(f"{where} sets {key} {alpha:g}")
        blend = _resolve(state.get("/BM"))
        items = list(blend) if isinstance(blend, ArrayObject) else [blend]
        self.left -= len(items)
        modes = [str(m) for m in map(_resolve, items) if isinstance(m, NameObject)]
        if any(mode not in _OPAQUE_BLEND_MODES for mode in modes):
            shown = " ".join(modes[:8]) + (" …" if len(modes) > 8 else "")
            self.uses.append(f"{where} sets blend mode {shown}")


def _resolve(value: Any) -> Any:
    """The object behind ``value``, through references; None when that cannot be read."""
    for _ in range(_MAX_INDIRECTION):
        if not isinstance(value, IndirectObject):
            return value
        try:
            value = value.get_object()
        except Exception:  # a reference to nothing, or to a broken object
            return None
    return None


def _number(value: Any) -> float | None:
    """``value`` as a finite number, through references; None when it is none."""
    value = _resolve(value)
    if not isinstance(value, FloatObject | NumberObject):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _is_transparency_group(group: DictionaryObject | None) -> bool:
    return group is not None and _resolve(group.get("/S")) == "/Transparency"


# --- XMP -------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _iso(date: datetime) -> str:
    """``date`` in ISO 8601 as XMP writes it: UTC as ``Z`` (``2025-11-26T12:00:00Z``), any other
    offset as it is, and none when the PDF date gave none (none is made up)."""
    text = date.isoformat()
    if date.utcoffset() == timedelta(0):
        return text.removesuffix("+00:00") + "Z"
    return text


def _xmp(
    info: Mapping[str, str],
    pdfx: PdfXLevel,
    *,
    created: datetime,
    modified: datetime,
    document_id: uuid.UUID,
    instance_id: uuid.UUID,
    panel_json: str | None,
) -> bytes:
    """The XMP packet: the Info dictionary again, in the properties XMP defines for it (the
    /Author as ``dc:creator``); dates in ISO 8601, as XMP writes them (:func:`_iso`)."""
    properties = ["<dc:format>application/pdf</dc:format>"]
    for key, name in (("/Title", "title"), ("/Subject", "description")):
        if key in info:
            properties.append(
                f'<dc:{name}><rdf:Alt><rdf:li xml:lang="x-default">{_text(info[key])}'
                f"</rdf:li></rdf:Alt></dc:{name}>"
            )
    if "/Author" in info:
        properties.append(
            f"<dc:creator><rdf:Seq><rdf:li>{_text(info['/Author'])}</rdf:li></rdf:Seq></dc:creator>"
        )
    for key, name in (
        ("/Keywords", "pdf:Keywords"),
        ("/Producer", "pdf:Producer"),
        ("/Creator", "xmp:CreatorTool"),
    ):
        if key in info:
            properties.append(f"<{name}>{_text(info[key])}</{name}>")
    properties += [
        f"<pdf:Trapped>{info['/Trapped'].lstrip('/')}</pdf:Trapped>",
        f"<xmp:CreateDate>{_iso(created)}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{_iso(modified)}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{_iso(modified)}</xmp:MetadataDate>",
        f"<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>",
        f"<xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>",
        # PDF/X-4 asks for both; they do no harm in X-1a.
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
    ]
    if pdfx.conformance is None:
        properties.append(f"<pdfxid:GTS_PDFXVersion>{pdfx.version}</pdfxid:GTS_PDFXVersion>")
    else:
        properties += [
            f"<pdfx:GTS_PDFXVersion>{pdfx.version}</pdfx:GTS_PDFXVersion>",
            f"<pdfx:GTS_PDFXConformance>{pdfx.conformance}</pdfx:GTS_PDFXConformance>",
        ]
    if panel_json is not None:
        properties.append(f"<mf:PanelMap>{_text(panel_json)}</mf:PanelMap>")

    used = ["dc", "pdf", "xmp", "xmpMM", "pdfx" if pdfx.conformance else "pdfxid"]
    if panel_json is not None:
        used.append("mf")
    namespaces = "".join(f'\n    xmlns:{prefix}="{_NS[prefix]}"' for prefix in used)
    body = "\n".join(f"   {line}" for line in properties)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        f'<x:xmpmeta xmlns:x="{_NS["x"]}">\n'
        f' <rdf:RDF xmlns:rdf="{_NS["rdf"]}">\n'
        f'  <rdf:Description rdf:about=""{namespaces}>\n'
        f"{body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")
