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

PDF/X-1a allows no transparency: a PDF that uses any is refused with a ValueError naming where.
PDF/X-4 allows it, and a page that uses it gets a CMYK transparency group.

Everything written is derived from the input, so identical input gives identical bytes. The
output is a PDF/X *candidate*: no free validator runs here, so the check is the project's own
preflight until a printer's accepts it.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from types import MappingProxyType
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    PdfObject,
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
    """

    key: str
    version: str
    conformance: str | None
    header: str
    transparency_allowed: bool


PDFX_LEVELS: Mapping[str, PdfXLevel] = MappingProxyType(
    {
        "x4": PdfXLevel("x4", "PDF/X-4", None, "1.6", transparency_allowed=True),
        "x1a": PdfXLevel("x1a", "PDF/X-1:2001", "PDF/X-1a:2001", "1.3", transparency_allowed=False),
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

# Blend modes that are no transparency: /Compatible is the PDF 1.3 name for /Normal.
_OPAQUE_BLEND_MODES = {"/Normal", "/Compatible"}


@cache
def _output_profile() -> bytes:
    """The FOGRA39 ICC profile, read once."""
    return resource(ICC_PROFILE).read_bytes()


def to_pdfx(data: bytes, level: str, *, panel_map: Mapping[str, Any] | None = None) -> bytes:
    """The finished PDF ``data`` as PDF/X ``level`` (a key of :data:`PDFX_LEVELS`).

    ``data`` is a finished print PDF: Info dictionary with fixed dates, TrimBox and BleedBox on
    every page, every font embedded (the verify stage checks those; this step keeps them).
    ``panel_map``, plain JSON-able data, is stored in the XMP metadata (the verify stage reads
    it). Raises ValueError for an unknown level, a PDF without creation and
    modification dates, an encrypted PDF, and transparency in a PDF/X-1a file.
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
            panel_map,
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
            default=_plain,
        )
    instance = data + pdfx.key.encode() + (panel_json or "").encode()

    # Info and /ID are set on the reader, before cloning, through its public trailer: the clone
    # carries them over. Pages and new objects are the writer's.
    info_ref = reader.trailer.get("/Info")
    info = info_ref.get_object() if info_ref is not None else DictionaryObject()
    if not isinstance(info, DictionaryObject):
        raise ValueError("the PDF's /Info is not a dictionary")
    reader.trailer[NameObject("/Info")] = info
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
        document_id=uuid.uuid5(_UUID_NAMESPACE, hashlib.sha256(data).hexdigest()),
        instance_id=uuid.uuid5(_UUID_NAMESPACE, hashlib.sha256(instance).hexdigest()),
        panel_json=panel_json,
    )

    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = f"%PDF-{pdfx.header}"
    for number, page in enumerate(writer.pages, start=1):
        uses = list(_transparency(page))
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
    profile.set_data(_output_profile())
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


def _plain(value: object) -> object:
    """JSON fallback: read-only mappings (MappingProxyType) serialise as objects."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"the panel map holds {type(value).__name__}, which JSON cannot store")


# --- transparency ----------------------------------------------------------------------------


def _transparency(page: DictionaryObject) -> Iterator[str]:
    """What on ``page`` uses transparency, one phrase each (nothing: the page is opaque).

    Judged by the page's resources, as a preflight does: a transparent graphics state that is
    defined counts, whether or not the content stream selects it.
    """
    if _is_transparency_group(page.get("/Group")):
        yield "a transparency group on the page"
    yield from _resources(page.get("/Resources"), "", set())


def _is_transparency_group(group: PdfObject | None) -> bool:
    group = group.get_object() if group is not None else None
    return isinstance(group, DictionaryObject) and group.get("/S") == "/Transparency"


def _resources(resources: PdfObject | None, where: str, seen: set[int]) -> Iterator[str]:
    """Transparency in a resource dictionary and everything it draws (forms, patterns, Type 3
    glyphs), each dictionary once."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for name, state in _entries(resources, "/ExtGState"):
        yield from _graphics_state(state, f"{where}graphics state {name}")
    for name, xobject in _entries(resources, "/XObject"):
        inside = f"{where}{xobject.get('/Subtype', 'XObject')} {name}"
        if xobject.get("/Subtype") == "/Image":
            if "/SMask" in xobject:
                yield f"{inside} has a soft mask (/SMask)"
            if xobject.get("/SMaskInData", 0) != 0:
                yield f"{inside} has a soft mask in its JPEG 2000 data (/SMaskInData)"
        elif xobject.get("/Subtype") == "/Form":
            if _is_transparency_group(xobject.get("/Group")):
                yield f"{inside} is a transparency group"
            yield from _resources(xobject.get("/Resources"), f"{inside}: ", seen)
    for name, pattern in _entries(resources, "/Pattern"):
        inside = f"{where}pattern {name}"
        if "/ExtGState" in pattern:
            yield from _graphics_state(pattern["/ExtGState"], f"{inside} graphics state")
        yield from _resources(pattern.get("/Resources"), f"{inside}: ", seen)
    for name, font in _entries(resources, "/Font"):
        yield from _resources(font.get("/Resources"), f"{where}font {name}: ", seen)


def _entries(resources: DictionaryObject, kind: str) -> Iterator[tuple[str, DictionaryObject]]:
    """The dictionaries (streams included) in one category of a resource dictionary."""
    category = resources.get(kind)
    category = category.get_object() if category is not None else None
    if not isinstance(category, DictionaryObject):
        return
    for name, value in category.items():
        entry = value.get_object()
        if isinstance(entry, DictionaryObject):
            yield name, entry


def _graphics_state(state: PdfObject, where: str) -> Iterator[str]:
    """Transparency an ExtGState sets: a soft mask, constant alpha below 1, a blend mode.

    ``/CA 1`` and ``/ca 1`` are opaque: ReportLab writes them when alpha goes back to 1.
    """
    entries = state.get_object()
    if not isinstance(entries, DictionaryObject):
        return
    if "/SMask" in entries and str(entries["/SMask"]) != "/None":
        yield f"{where} sets a soft mask (/SMask)"
    for key in ("/CA", "/ca"):
        if key not in entries:
            continue
        alpha = entries[key]  # [] resolves an indirect number, .get() would not
        if isinstance(alpha, FloatObject | NumberObject) and alpha < 1:
            yield f"{where} sets {key} {float(alpha):g}"
    if "/BM" in entries:
        blend = entries["/BM"]
        modes = [str(m) for m in blend] if isinstance(blend, ArrayObject) else [str(blend)]
        if any(mode not in _OPAQUE_BLEND_MODES for mode in modes):
            yield f"{where} sets blend mode {' '.join(modes)}"


# --- XMP -------------------------------------------------------------------------------------

_PDF_DATE = re.compile(
    r"D:(?P<Y>\d{4})(?P<m>\d{2})?(?P<d>\d{2})?(?P<H>\d{2})?(?P<M>\d{2})?(?P<S>\d{2})?"
    r"(?:(?P<z>Z)|(?P<sign>[+-])(?P<tzh>\d{2})'?(?P<tzm>\d{2})?'?)?"
)


def _iso_date(value: str) -> str:
    """A PDF date (``D:20000101000000+00'00'``) in ISO 8601, as XMP writes dates."""
    match = _PDF_DATE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is no PDF date (D:YYYYMMDDHHmmSS+HH'mm')")
    part = match.groupdict()
    text = part["Y"]
    if part["m"]:
        text += f"-{part['m']}"
    if part["d"]:
        text += f"-{part['d']}"
    if part["H"]:
        text += f"T{part['H']}:{part['M'] or '00'}"
        if part["S"]:
            text += f":{part['S']}"
        if part["z"]:
            text += "Z"
        elif part["sign"]:
            text += f"{part['sign']}{part['tzh']}:{part['tzm'] or '00'}"
    return text


# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _xmp(
    info: Mapping[str, str],
    pdfx: PdfXLevel,
    *,
    document_id: uuid.UUID,
    instance_id: uuid.UUID,
    panel_json: str | None,
) -> bytes:
    """The XMP packet: the Info dictionary again, in the properties XMP defines for it."""
    for key in ("/CreationDate", "/ModDate"):
        if key not in info:
            raise ValueError(f"the PDF's Info dictionary has no {key}; PDF/X requires it")
    created, modified = _iso_date(info["/CreationDate"]), _iso_date(info["/ModDate"])

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
        f"<xmp:CreateDate>{created}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{modified}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{modified}</xmp:MetadataDate>",
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
