"""Finish stage, part 2: the print PDF as PDF/X, written so by ReportLab in the one pass that
writes the file.

:func:`to_pdfx` sets up a canvas, before anything is drawn on it, so that ``canvas.save()``
writes what a printer's preflight looks for:

* one output intent, ``/S /GTS_PDFX`` with ``OutputConditionIdentifier`` FOGRA39 (the registered
  name presses key on) and the CMYK profile ``icc/FOGRA39-make-folder.icc`` embedded as its
  ``DestOutputProfile`` (see ``icc/README.md`` for where the profile comes from);
* the Info keys ``GTS_PDFXVersion`` (and ``GTS_PDFXConformance`` for X-1a) and ``/Trapped
  /False`` — make-folder does no trapping;
* an XMP metadata packet that says the same as the Info dictionary, plus, when given, the panel
  map as ``<mf:PanelMap>`` (JSON) so that a later preflight knows which fold the sheet is;
* the header version of the standard (``%PDF-1.6`` for X-4, ``%PDF-1.3`` for X-1a) and a
  trailer ``/ID``.

Nothing is read back: the file is never parsed to make it PDF/X, so this module needs no PDF
reader. ReportLab offers no PDF/X of its own, so the structures are ReportLab's own objects put
where its writer looks (its catalog's list of keys, a subclass of its Info dictionary, streams
registered with the document); see :func:`to_pdfx`.

PDF/X-1a allows no transparency. make-folder draws none; the verify stage's ``pdfx`` check
(:func:`layout.verify.transparency.transparency`) finds any in a file that claims X-1a, and the
build runs that preflight on every print PDF before it writes it, so such a file is refused
there. PDF/X-4 allows transparency and needs no page group for it, so none is written (ReportLab
has no way to give one page a group, and the build would never need one).

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
import html
import json
import re
import struct
import uuid
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from types import MappingProxyType
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFInfo,
    PDFName,
    PDFStream,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas

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


# zlib level for the embedded profile. Measured on the 247 kB profile: level 6 takes about 10 ms
# and 9 about 73 ms, for 845 bytes (0.6 %) less; it is compressed once per process and level.
PROFILE_COMPRESSION = 6


def to_pdfx(canvas: Canvas, level: str, *, panel_map: Mapping[str, Any] | None = None) -> None:
    """Make ``canvas`` write PDF/X ``level`` (a key of :data:`PDFX_LEVELS`) when it is saved.

    Called on a ReportLab canvas (what :func:`layout.pdf.new_canvas` gives) at any time before
    it is saved: the Info keys, the XMP packet and the ids are made when the file is written,
    from what the canvas holds then, so the Info dictionary's text may still be set afterwards.
    The dates are the canvas's (see :func:`layout.pdf.source_date_epoch`); the XMP dates are
    these, never the clock.

    ``panel_map``, plain JSON data (dicts, lists, strings, numbers: what
    :func:`layout.finish.panel_map` makes), is stored in the XMP metadata (the verify stage reads
    it). Raises ValueError for an unknown level, a canvas that writes PDF/X already and a panel
    map holding NaN or an infinity (which JSON has not); TypeError for a panel map that is not
    plain JSON data. ``canvas.save()`` raises ValueError when the canvas's date formatter
    gives no PDF date.
    """
    pdfx = PDFX_LEVELS.get(level)
    if pdfx is None:
        raise ValueError(f"unknown PDF/X level {level!r}; expected one of {', '.join(PDFX_LEVELS)}")
    document = canvas._doc
    if isinstance(document.info, _PdfXInfo):
        raise ValueError(f"the canvas already writes {document.info.pdfx.version}")
    panel_json = None
    if panel_map is not None:
        panel_json = json.dumps(
            panel_map, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )

    major, minor = pdfx.header.split(".")
    document._pdfVersion = (int(major), int(minor))
    # ReportLab raises the version to 1.4 for any alpha, the opaque 1 that every CMYKColor
    # carries included, and so would make every X-1a file claim PDF 1.4. The header is the
    # standard's; transparency is for the preflight to find in what the file holds.
    document.ensureMinPdfVersion = lambda *features: None
    # ReportLab writes its Info from fixed attributes; the subclass writes the PDF/X keys too.
    # What was set on the canvas so far (title, author, date formatter) comes along.
    info = _PdfXInfo(pdfx)
    info.__dict__.update(vars(document.info))
    document.info = info

    catalog = document.Catalog
    # PDFCatalog writes __Defaults__ and the attributes __NoDefault__ names; Metadata is one of
    # them, OutputIntents is not, so this one catalog's list gets it (the class's stays as is).
    catalog.__NoDefault__ = [*PDFCatalog.__NoDefault__, "OutputIntents"]
    profile = PDFStream(
        PDFDictionary({"N": 4, "Filter": PDFName("FlateDecode")}),
        _compressed_profile(pdfx.key),
        filters=[],  # compressed already, and /Filter set: ReportLab encodes nothing again
    )
    intent = {
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION_IDENTIFIER),
        "OutputCondition": PDFString(OUTPUT_CONDITION),
        "RegistryName": PDFString(REGISTRY_NAME),
        "Info": PDFString(OUTPUT_INTENT_INFO),
        "DestOutputProfile": document.Reference(profile),  # a stream is an indirect object
    }
    catalog.OutputIntents = PDFArray([PDFDictionary(intent)])
    catalog.Metadata = _Metadata(lambda document: _metadata(document, pdfx, panel_json))


@cache
def _compressed_profile(level: str) -> bytes:
    """:func:`output_profile` for ``level``, Flate-compressed: once per process, not per file."""
    return zlib.compress(output_profile(level), PROFILE_COMPRESSION)


class _PdfXInfo(PDFInfo):  # type: ignore[misc]  # ReportLab has no type information
    """ReportLab's Info dictionary with the PDF/X keys: ``GTS_PDFXVersion``, for X-1a
    ``GTS_PDFXConformance``, and ``/Trapped`` only ever ``/True`` or ``/False``."""

    def __init__(self, pdfx: PdfXLevel) -> None:
        super().__init__()
        self.pdfx = pdfx

    def date(self, document: Any) -> str:
        """The creation and modification date, as ReportLab's own PDFDate writes it."""
        stamp = document._timeStamp
        if self._dateFormatter is not None:
            return str(self._dateFormatter(*stamp.YMDhms))
        year, month, day, hour, minute, second = stamp.YMDhms
        return (
            f"D:{year:04d}{month:02d}{day:02d}{hour:02d}{minute:02d}{second:02d}"
            f"{stamp.dhh:+03d}'{stamp.dmm:02d}'"
        )

    def entries(self, document: Any) -> dict[str, str]:
        """The dictionary's text entries by PDF key (``/Title`` …), as the XMP repeats them."""
        date = self.date(document)
        return {
            "/Title": self.title,
            "/Author": self.author,
            "/Subject": self.subject,
            "/Keywords": self.keywords,
            "/Creator": self.creator,
            "/Producer": self.producer,
            "/CreationDate": date,
            "/ModDate": date,
            # PDF/X wants True or False; a file that says neither was not trapped.
            "/Trapped": "/True" if self.trapped == "True" else "/False",
        }

    def format(self, document: Any) -> bytes:
        """The dictionary as ReportLab writes its own, the PDF/X keys added."""
        entries: dict[str, Any] = {}
        for key, value in self.entries(document).items():
            entries[key[1:]] = PDFName(value[1:]) if key == "/Trapped" else PDFString(value)
        entries["GTS_PDFXVersion"] = PDFString(self.pdfx.version)
        if self.pdfx.conformance is not None:
            entries["GTS_PDFXConformance"] = PDFString(self.pdfx.conformance)
        formatted: bytes = PDFDictionary(entries).format(document)
        return formatted


class _Metadata(PDFStream):  # type: ignore[misc]  # ReportLab has no type information
    """The XMP stream, made by ``make`` when the file is written (so that it says what the Info
    dictionary says by then) and written uncompressed, so that tools that are no PDF readers
    find it too, whatever filters the document compresses its other streams with."""

    def __init__(self, make: Callable[[Any], bytes]) -> None:
        super().__init__(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}))
        self.make = make

    def format(self, document: Any) -> bytes:
        content: bytes = document.encrypt.encode(self.make(document))
        dictionary = PDFDictionary({**self.dictionary.dict, "Length": len(content)})
        # The end-of-line before endstream is not part of the data (nor of /Length).
        formatted: bytes = dictionary.format(document)
        return formatted + b"\nstream\n" + content + b"\nendstream\n"


def _metadata(document: Any, pdfx: PdfXLevel, panel_json: str | None) -> bytes:
    """The XMP packet of ``document`` as it is written; the document's /ID is made to depend on
    the same rendition (the content, the level, the panel map) as the packet's InstanceID."""
    info: _PdfXInfo = document.info
    entries = info.entries(document)
    created = _parse_date(entries["/CreationDate"], "/CreationDate")
    modified = _parse_date(entries["/ModDate"], "/ModDate")
    # The ids are hashes of what makes the file, as it is written: DocumentID of the document
    # (Info text, dates, language, every page's content stream — the same for both levels),
    # InstanceID of this rendition of it (that, the level and the panel map).
    content = hashlib.sha256()
    language = getattr(document.Catalog, "Lang", None)
    fields = [*entries.values(), getattr(language, "s", "")]
    content.update(json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    for page in document.Pages.pages:
        stream = page.stream or ""
        data = stream if isinstance(stream, bytes) else stream.encode("utf-8", "surrogatepass")
        content.update(len(data).to_bytes(8, "big") + data)
    document_key = content.hexdigest()
    instance_key = hashlib.sha256(
        json.dumps([document_key, pdfx.key, panel_json]).encode("utf-8", "surrogatepass")
    ).hexdigest()
    # ReportLab's /ID is a digest of its signature (its invariant time stamp, title, author,
    # subject, keywords); the rendition makes it this file's. The trailer is written last.
    document.updateSignature(instance_key)
    return _xmp(
        entries,
        pdfx,
        created=created,
        modified=modified,
        document_id=uuid.uuid5(_UUID_NAMESPACE, document_key),
        instance_id=uuid.uuid5(_UUID_NAMESPACE, instance_key),
        panel_json=panel_json,
    )


# D:YYYYMMDDHHmmSS with everything after the year optional, then Z or an offset (+HH'mm').
_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:(Z)(?:00'?(?:00'?)?)?|([+-])(\d{2})'?(?:(\d{2})'?)?)?"
)


def _parse_date(text: str, key: str) -> datetime:
    """A PDF date as a datetime: with its offset when it has one (Z is UTC), naive when it has
    none (none is made up). ValueError naming ``key`` when it is no PDF date."""
    match = _PDF_DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        year, month, day, hour, minute, second, zulu, sign, hours, minutes = match.groups()
        zone = None
        if zulu:
            zone = UTC
        elif sign:
            if int(minutes or 0) > 59:
                raise ValueError
            offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
            zone = timezone(-offset if sign == "-" else offset)  # ValueError from a day on
        return datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=zone,
        )  # ValueError for a month 13, a minute 60 …
    except ValueError:
        raise ValueError(
            f"the PDF's {key} {text!r} is no PDF date (D:YYYYMMDDHHmmSS+HH'mm')"
        ) from None


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


# --- XMP -------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, not even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return html.escape(_NOT_XML.sub("", value), quote=False)  # &, < and > (quotes need none)


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
