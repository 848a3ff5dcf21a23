"""The ``pdfx`` check: does the file carry what a PDF/X file must (ISO 15930), structurally?

* the document information names the version (``GTS_PDFXVersion``; for PDF/X-1a:2001 also
  ``GTS_PDFXConformance``) and says whether the file is trapped (``/Trapped`` ``/True`` or
  ``/False``, a name);
* exactly one output intent with ``/S /GTS_PDFX`` names the printing condition
  (``OutputConditionIdentifier``) and embeds its ICC output profile (a CMYK ``prtr`` profile with
  ``/N 4``). PDF/X-1a and X-3 may instead name a registered condition (FOGRA39 …) without the
  profile: a note says so; PDF/X-4 must embed it;
* the XMP metadata repeats the version (``pdfxid:GTS_PDFXVersion``; required from PDF/X-4 on,
  checked when present in PDF/X-1a and X-3, where Acrobat's ``pdfx:`` schema also counts); the
  trailer has an ``/ID``;
* the header's PDF version is not newer than the standard's base: 1.3 for PDF/X-1a:2001 and
  X-3:2002, 1.4 for their 2003 editions, 1.6 for PDF/X-4 and X-5. A PDF/X-4 file with an older
  header is allowed by the standard but unusual: a warning;
* the output profile's ICC version is one the header's PDF version knows: ICC 2.1 for PDF 1.3,
  2.2 (ICC.1:1998-09) for PDF 1.4, version 4 from PDF 1.5 on;
* the metadata PDF/X requires is there — for PDF/X-1a and X-3 the document information's
  ``/Title``, ``/CreationDate`` and ``/ModDate``; from PDF/X-4 on the XMP's ``dc:title``,
  ``xmp:CreateDate`` and ``xmp:ModifyDate`` — and where the document information and the XMP
  both say something they agree: title (``dc:title``, its ``x-default``), creation and
  modification date (compared as instants), ``/Trapped`` (``pdf:Trapped``) and the version;
* nothing PDF/X forbids: annotations inside the TrimBox other than PrinterMark and TrapNet,
  JavaScript (``/OpenAction``, ``/AA`` of the catalog, a page or an annotation, ``/Names
  /JavaScript``), PostScript (XObjects of ``/Subtype /PS`` or ``/Subtype2 /PS``, the ``PS``
  operator), transfer functions (``/TR``, or ``/TR2`` other than ``/Default``, in a graphics
  state); encryption is the ``file`` check's;
* PDF/X-1a and X-3 have no transparency: no soft masks, no opacity below 1, no blend mode other
  than Normal, no transparency groups, no image soft masks — in the page, its forms, patterns
  and Type 3 glyphs, as :func:`layout.verify.transparency.transparency` finds it.

A file with none of these keys is "not PDF/X": one error, because a printer's preflight starts
there. This is a structural check, not a validator: a file that passes is a PDF/X *candidate*.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from .colour import ContentScan
from .document import (
    Box,
    array,
    dictionary,
    number,
    object_key,
    raw_box,
    resolve,
    walk_resources,
)
from .report import Finding
from .transparency import transparency

# PDF/X-4 and later name their version in the pdfxid schema; PDF/X-1a and X-3 files, where XMP
# is optional, carry it (as Acrobat writes them) in Adobe's pdfx schema.
XMP_VERSIONS = (
    "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion",
    "{http://ns.adobe.com/pdfx/1.3/}GTS_PDFXVersion",
)


@dataclass(frozen=True)
class Flavour:
    """What one PDF/X edition allows."""

    name: str
    newest_header: tuple[int, int]
    transparency: bool
    embedded_profile: bool  # the output profile must be embedded (no registered-only intent)
    xmp: bool  # XMP metadata naming the version is required (PDF/X-4 and later)


FLAVOURS = {
    f.name: f
    for f in (
        Flavour("PDF/X-1a:2001", (1, 3), transparency=False, embedded_profile=False, xmp=False),
        Flavour("PDF/X-3:2002", (1, 3), transparency=False, embedded_profile=False, xmp=False),
        Flavour("PDF/X-1a:2003", (1, 4), transparency=False, embedded_profile=False, xmp=False),
        Flavour("PDF/X-3:2003", (1, 4), transparency=False, embedded_profile=False, xmp=False),
        Flavour("PDF/X-4", (1, 6), transparency=True, embedded_profile=True, xmp=True),
        Flavour("PDF/X-4p", (1, 6), transparency=True, embedded_profile=False, xmp=True),
        Flavour("PDF/X-5g", (1, 6), transparency=True, embedded_profile=True, xmp=True),
        Flavour("PDF/X-5pg", (1, 6), transparency=True, embedded_profile=False, xmp=True),
        Flavour("PDF/X-5n", (1, 6), transparency=True, embedded_profile=False, xmp=True),
    )
}
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What the document information and the XMP both say: (Info key, XMP property, its name).
SHARED = (
    ("/Title", "{http://purl.org/dc/elements/1.1/}title", "dc:title"),
    ("/CreationDate", "{http://ns.adobe.com/xap/1.0/}CreateDate", "xmp:CreateDate"),
    ("/ModDate", "{http://ns.adobe.com/xap/1.0/}ModifyDate", "xmp:ModifyDate"),
    ("/Trapped", "{http://ns.adobe.com/pdf/1.3/}Trapped", "pdf:Trapped"),
)
DATES = ("/CreationDate", "/ModDate")
PDF_DATE = re.compile(
    r"(?:D:)?(?P<Y>\d{4})(?P<m>\d\d)?(?P<d>\d\d)?(?P<H>\d\d)?(?P<M>\d\d)?(?P<S>\d\d)?"
    r"(?:(?P<z>Z)(?:00'?(?:00'?)?)?|(?P<sign>[+-])(?P<tzh>\d\d)(?:'?(?P<tzm>\d\d)'?)?'?)?",
    re.ASCII,
)
XMP_DATE = re.compile(
    r"(?P<Y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d)(?:T(?P<H>\d\d):(?P<M>\d\d)"
    r"(?::(?P<S>\d\d)(?:\.\d+)?)?(?:(?P<z>Z)|(?P<sign>[+-])(?P<tzh>\d\d):(?P<tzm>\d\d))?)?)?)?",
    re.ASCII,
)
# The newest ICC profile version (major, minor) each PDF version can hold: 2.1 for PDF 1.3,
# 2.2 (ICC.1:1998-09) for 1.4, version 4 from 1.5 on (after ISO 32000-1, 8.6.5.5).
ICC_FOR_PDF = (((1, 5), (4, 15)), ((1, 4), (2, 2)), ((1, 3), (2, 1)))
ALLOWED_ANNOTATIONS = ("/PrinterMark", "/TrapNet")
MAX_ANNOTATIONS = 10_000  # per page: a bound on hostile files
MAX_ACTIONS = 256  # actions followed through /Next chains
# Printing conditions in the ICC registry that presses know by name.
REGISTERED = re.compile(r"^(FOGRA\d+|GRACoL|SWOP|CGATS|JC200|JCW|IFRA|PSO|SNAP|CGATS21)", re.I)


def info(reader: PdfReader) -> DictionaryObject:
    return dictionary(reader.trailer.get("/Info"))


def claimed(reader: PdfReader) -> str | None:
    """The PDF/X edition the file claims, e.g. "PDF/X-4" or "PDF/X-1a:2001"; None if none."""
    document = info(reader)
    version = resolve(document.get("/GTS_PDFXVersion"))
    if version is None:
        return None
    conformance = resolve(document.get("/GTS_PDFXConformance"))
    if str(version) == "PDF/X-1:2001" and conformance is not None:
        return str(conformance)
    return str(version)


def check_pdfx(
    reader: PdfReader, packet: ET.Element | None, scans: Sequence[ContentScan | None] = ()
) -> list[Finding]:
    """Check the PDF/X keys; ``packet`` is the file's parsed XMP metadata (None if none),
    ``scans`` each page's content scan (for PostScript in the content)."""
    document = info(reader)
    version = resolve(document.get("/GTS_PDFXVersion"))
    intents = [
        dictionary(i)
        for i in array(dictionary(reader.trailer.get("/Root")).get("/OutputIntents"))
        if dictionary(i).get("/S") == "/GTS_PDFX"
    ]
    xmp_version = _xmp_version(packet)
    if version is None and not intents and xmp_version is None:
        return [
            Finding(
                "pdfx",
                None,
                "not PDF/X: no GTS_PDFXVersion, no PDF/X output intent, no pdfxid in the XMP; "
                "presses ask for PDF/X (usually PDF/X-4 or PDF/X-1a)",
            )
        ]
    findings: list[Finding] = []

    def error(message: str) -> None:
        findings.append(Finding("pdfx", None, message))

    name = claimed(reader)
    flavour = FLAVOURS.get(name or "")
    if version is None:
        error("no GTS_PDFXVersion in the document information")
    elif str(version) == "PDF/X-1:2001" and name == "PDF/X-1:2001":
        error("GTS_PDFXVersion PDF/X-1:2001 needs GTS_PDFXConformance PDF/X-1a:2001")
    elif flavour is None:
        error(f"unknown PDF/X version {name!r}; expected one of {', '.join(FLAVOURS)}")
    header = _header(reader)
    findings += _intent(intents, flavour, header)
    trapped = resolve(document.get("/Trapped"))
    if trapped is None:
        error("no /Trapped in the document information; PDF/X needs /True or /False")
    elif not isinstance(trapped, NameObject) or trapped not in ("/True", "/False"):
        error(f"/Trapped is {trapped!r}; PDF/X needs the name /True or /False")
    findings += _metadata(
        reader, packet, xmp_version, None if version is None else str(version), flavour
    )
    findings += _agreement(document, packet, flavour)
    if not array(reader.trailer.get("/ID")):
        error("no /ID in the trailer")
    if flavour is not None and header is not None:
        if header > flavour.newest_header:
            error(
                f"header says PDF {_dotted(header)}; {flavour.name} allows PDF "
                f"{_dotted(flavour.newest_header)} at most"
            )
        elif flavour.name.startswith("PDF/X-4") and header < (1, 6):
            findings.append(
                Finding(
                    "pdfx",
                    None,
                    f"header says PDF {_dotted(header)}; {flavour.name} files are PDF 1.6",
                    "warning",
                )
            )
    findings += _forbidden(reader, scans)
    if flavour is not None and not flavour.transparency:
        findings += _transparency(reader, flavour.name)
    return findings


def _intent(
    intents: list[DictionaryObject], flavour: Flavour | None, header: tuple[int, int] | None
) -> list[Finding]:
    if len(intents) != 1:
        count = "no" if not intents else str(len(intents))
        return [
            Finding("pdfx", None, f"{count} PDF/X output intents (/S /GTS_PDFX); needs exactly one")
        ]
    intent = intents[0]
    identifier = str(resolve(intent.get("/OutputConditionIdentifier")) or "")
    findings = []
    if not identifier:
        findings.append(Finding("pdfx", None, "the output intent has no OutputConditionIdentifier"))
    profile = resolve(intent.get("/DestOutputProfile"))
    if isinstance(profile, StreamObject):
        findings += _profile(profile, header)
        return findings
    registered = intent.get("/RegistryName") is not None or REGISTERED.match(identifier)
    if not registered:
        findings.append(
            Finding(
                "pdfx",
                None,
                f"the output intent embeds no profile (DestOutputProfile), and {identifier!r} "
                "is not a registered printing condition",
            )
        )
    elif flavour is not None and flavour.embedded_profile:
        findings.append(
            Finding(
                "pdfx",
                None,
                f"the output intent embeds no profile (DestOutputProfile); {flavour.name} needs "
                f"one even for the registered condition {identifier!r}",
            )
        )
    else:
        findings.append(
            Finding(
                "pdfx",
                None,
                f"no embedded output profile: the file relies on the registered printing "
                f"condition {identifier!r}, which the press must know",
                "note",
            )
        )
    return findings


def _profile(profile: StreamObject, header: tuple[int, int] | None) -> list[Finding]:
    components = int(number(profile.get("/N")))
    if components != 4:
        return [
            Finding(
                "pdfx",
                None,
                f"the output profile has /N {components}; a CMYK press profile has 4",
            )
        ]
    try:
        data = profile.get_data()
    except Exception as exc:  # a broken filter: the profile is unusable
        return [Finding("pdfx", None, f"the output profile cannot be read: {exc}")]
    if len(data) < 128 or data[12:16] != b"prtr":
        kind = data[12:16].decode("latin-1", "replace") if len(data) >= 16 else "none"
        return [
            Finding("pdfx", None, f"the output profile is not an output (prtr) profile: {kind!r}")
        ]
    return _icc_version(data, header)


def _icc_version(data: bytes, header: tuple[int, int] | None) -> list[Finding]:
    """An error when the profile's ICC version (header bytes 8 and 9) is newer than the PDF
    version in the file's header can hold: a RIP reading by the header may reject it."""
    major, minor, bugfix = data[8], data[9] >> 4, data[9] & 0x0F
    shown = f"{major}.{minor}" + (f".{bugfix}" if bugfix else "")
    needs = next(
        (pdf for pdf, icc in reversed(ICC_FOR_PDF) if (major, minor) <= icc), None
    )  # the oldest PDF that holds it
    if needs is None:
        return [
            Finding(
                "pdfx",
                None,
                f"output intent: profile version {shown} is newer than any PDF holds "
                "(ICC version 4 at most)",
            )
        ]
    if header is not None and header < needs:
        return [
            Finding(
                "pdfx",
                None,
                f"output intent: profile version {shown} needs PDF {_dotted(needs)}, the header "
                f"says {_dotted(header)}",
            )
        ]
    return []


def _xmp_version(packet: ET.Element | None) -> str | None:
    if packet is None:
        return None
    for element in packet.iter():
        for tag in XMP_VERSIONS:
            if element.tag == tag and element.text:
                return element.text.strip()
            if tag in element.attrib:
                return element.attrib[tag].strip()
    return None


def _metadata(
    reader: PdfReader,
    packet: ET.Element | None,
    xmp_version: str | None,
    version: str | None,
    flavour: Flavour | None,
) -> list[Finding]:
    required = flavour is None or flavour.xmp
    stream = resolve(dictionary(reader.trailer.get("/Root")).get("/Metadata"))
    if not isinstance(stream, StreamObject):
        return [Finding("pdfx", None, "no XMP metadata stream in the catalog")] if required else []
    findings = []
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        findings.append(Finding("pdfx", None, "the XMP stream lacks /Type /Metadata /Subtype /XML"))
    if packet is None:
        findings.append(Finding("pdfx", None, "the XMP metadata is not well-formed XML"))
    elif xmp_version is None:
        if required:
            findings.append(Finding("pdfx", None, "the XMP metadata has no pdfxid:GTS_PDFXVersion"))
    elif version is not None and xmp_version != version:
        findings.append(
            Finding(
                "pdfx",
                None,
                f"the XMP says {xmp_version!r} but the document information {version!r}",
            )
        )
    return findings


def _agreement(
    document: DictionaryObject, packet: ET.Element | None, flavour: Flavour | None
) -> list[Finding]:
    """The metadata each edition requires, and the document information and the XMP saying the
    same where both say something."""
    findings: list[Finding] = []

    def error(message: str) -> None:
        findings.append(Finding("pdfx", None, message))

    said = {key: _info_text(document.get(key)) for key, _, _ in SHARED}
    told = {key: _xmp_property(packet, tag) for key, tag, _ in SHARED}
    if flavour is not None and not flavour.xmp:
        for key in ("/Title", *DATES):
            if said[key] is None:
                error(f"no {key} in the document information; {flavour.name} needs it")
    elif flavour is not None and packet is not None:
        for key, _, name in SHARED[:3]:
            if told[key] is None:
                error(f"the XMP metadata has no {name}; {flavour.name} needs it")
    for key, _, name in SHARED:
        info, metadata = said[key], told[key]
        if key in DATES:
            when, stated = _pdf_date(info), _xmp_date(metadata)
            if info is not None and when is None:
                error(f"{key} {info!r} is not a PDF date (D:YYYYMMDDHHmmSS+HH'mm')")
            if metadata is not None and stated is None:
                error(f"{name} {metadata!r} is not an XMP date (YYYY-MM-DDThh:mm:ss+hh:mm)")
            same = when is None or stated is None or _same_instant(when, stated)
        else:
            shown = info.lstrip("/") if key == "/Trapped" and info is not None else info
            same = info is None or metadata is None or shown == metadata
        if not same:
            error(
                f"the document information and the XMP disagree: {key} {info!r}, "
                f"{name} {metadata!r}"
            )
    return findings


def _info_text(value: Any) -> str | None:
    value = resolve(value)
    return None if value is None else str(value)


def _xmp_property(packet: ET.Element | None, tag: str) -> str | None:
    """A property's value in the XMP: an element's text (a language alternative's x-default,
    else its first entry), or an attribute of its rdf:Description; None when absent."""
    if packet is None:
        return None
    for element in packet.iter():
        if element.tag == tag:
            entries = element.findall(f"{RDF}Alt/{RDF}li")
            if entries:
                default = [e for e in entries if e.get(XML_LANG) == "x-default"]
                return ((default or entries)[0].text or "").strip()
            return (element.text or "").strip()
        if tag in element.attrib:
            return element.attrib[tag].strip()
    return None


Instant = tuple[datetime, timedelta | None]  # wall-clock time, and its offset from UTC if known


def _pdf_date(text: str | None) -> Instant | None:
    return _instant(PDF_DATE, text)


def _xmp_date(text: str | None) -> Instant | None:
    return _instant(XMP_DATE, text)


def _instant(pattern: re.Pattern[str], text: str | None) -> Instant | None:
    """A date as PDF or XMP writes it; None when absent or not a date. Missing parts default to
    the start of the period (January, the 1st, midnight)."""
    match = pattern.fullmatch(text.strip()) if text is not None else None
    if match is None:
        return None
    part = {k: int(v) for k, v in match.groupdict().items() if v and v.isdigit()}
    try:
        when = datetime(
            part["Y"],
            part.get("m", 1),
            part.get("d", 1),
            part.get("H", 0),
            part.get("M", 0),
            part.get("S", 0),
        )
    except ValueError:  # the 31st of February, hour 25
        return None
    if match["z"]:
        return when, timedelta(0)
    if match["sign"]:
        offset = timedelta(hours=part["tzh"], minutes=part.get("tzm", 0))
        return when, -offset if match["sign"] == "-" else offset
    return when, None


def _same_instant(a: Instant, b: Instant) -> bool:
    """Whether two dates name the same instant; without both offsets, the same wall-clock time."""
    if a[1] is None or b[1] is None:
        return a[0] == b[0]
    return a[0] - a[1] == b[0] - b[1]


def _forbidden(reader: PdfReader, scans: Sequence[ContentScan | None]) -> list[Finding]:
    """What PDF/X forbids outright: annotations in the trim, JavaScript, PostScript, transfer
    functions. (Encryption is the ``file`` check's.)"""
    findings: list[Finding] = []
    catalog = dictionary(reader.trailer.get("/Root"))
    if dictionary(catalog.get("/Names")).get("/JavaScript") is not None:
        findings.append(
            Finding(
                "pdfx", None, "JavaScript in the catalog's /Names (/JavaScript); PDF/X allows none"
            )
        )
    if _javascript(catalog.get("/OpenAction")):
        findings.append(Finding("pdfx", None, "JavaScript in the /OpenAction; PDF/X allows none"))
    if _additional_javascript(catalog.get("/AA")):
        findings.append(
            Finding(
                "pdfx",
                None,
                "JavaScript in the catalog's /AA (additional actions); PDF/X allows none",
            )
        )
    for number_, page in enumerate(reader.pages, start=1):
        messages: dict[str, int] = {}
        if _additional_javascript(page.get("/AA")):
            messages["JavaScript in the page's /AA (additional actions); PDF/X allows none"] = 1
        for message in _annotations(page):
            messages[message] = messages.get(message, 0) + 1
        for used in walk_resources(page):
            for message in _forbidden_resources(used.resources, used.owner):
                messages[message] = messages.get(message, 0) + 1
        scan = scans[number_ - 1] if number_ <= len(scans) else None
        if scan is not None and scan.postscript:
            messages["PostScript in the content (the PS operator); PDF/X allows none"] = (
                scan.postscript
            )
        findings += [
            Finding("pdfx", number_, f"{m} (×{n})" if n > 1 else m) for m, n in messages.items()
        ]
    return findings


def _annotations(page: Any) -> Iterator[str]:
    """A message for each annotation inside the TrimBox (the MediaBox without one) that is not
    a printer's mark or trap network, and for each annotation action that runs JavaScript."""
    trim = _page_box(page)
    for annotation in array(page.get("/Annots"))[:MAX_ANNOTATIONS]:
        annotation = dictionary(annotation)
        subtype = str(resolve(annotation.get("/Subtype")) or "/?").lstrip("/")
        if _javascript(annotation.get("/A")) or _additional_javascript(annotation.get("/AA")):
            yield f"JavaScript in a {subtype} annotation's action; PDF/X allows none"
        if f"/{subtype}" in ALLOWED_ANNOTATIONS or trim is None:
            continue
        rect = [number(v, float("nan")) for v in array(annotation.get("/Rect"))]
        if len(rect) != 4 or any(v != v for v in rect):  # NaN: not a number
            continue
        x0, x1 = sorted(rect[0::2])
        y0, y1 = sorted(rect[1::2])
        if x0 < trim[2] and x1 > trim[0] and y0 < trim[3] and y1 > trim[1]:
            yield (
                f"{subtype} annotation inside the TrimBox; PDF/X allows only PrinterMark and "
                "TrapNet annotations there"
            )


def _page_box(page: Any) -> Box | None:
    for name in ("/TrimBox", "/MediaBox"):
        try:
            box = raw_box(page, name)
        except (ValueError, TypeError):
            continue
        if box is not None:
            return box
    return None


def _javascript(action: Any) -> bool:
    """Whether an action, or any action its /Next chain leads to, is a JavaScript action."""
    pending: list[Any] = [action]
    seen: set[tuple[int, int]] = set()
    for _ in range(4 * MAX_ACTIONS):  # an array that holds itself is no chain to follow for ever
        if not pending:
            break
        reference = pending.pop()
        current = resolve(reference)
        if isinstance(current, ArrayObject):
            pending += list(current)[:MAX_ACTIONS]
            continue
        if not isinstance(current, DictionaryObject):
            continue
        key = object_key(reference, current)
        if key in seen:
            continue
        seen.add(key)
        if current.get("/S") == "/JavaScript":
            return True
        pending.append(current.get("/Next"))
    return False


def _additional_javascript(actions: Any) -> bool:
    """Whether an additional-actions dictionary (/AA) holds a JavaScript action."""
    return any(_javascript(action) for action in list(dictionary(actions).values())[:64])


def _forbidden_resources(resources: DictionaryObject, owner: str) -> Iterator[str]:
    """PostScript XObjects and transfer functions one resource dictionary holds."""
    for name, xobject in dictionary(resources.get("/XObject")).items():
        stream = dictionary(xobject)
        if stream.get("/Subtype") == "/PS" or stream.get("/Subtype2") == "/PS":
            yield f"PostScript XObject {name} on the {owner}; PDF/X allows none"
    states = list(dictionary(resources.get("/ExtGState")).items())
    for name, pattern in dictionary(resources.get("/Pattern")).items():
        if "/ExtGState" in dictionary(pattern):
            states.append((f"of pattern {name}", dictionary(pattern).get("/ExtGState")))
    for name, state in states:
        state = dictionary(state)
        for key in ("/TR", "/TR2"):
            value = resolve(state.get(key))
            if value is not None and value != "/Default":
                yield (
                    f"transfer function ({key}) in graphics state {name} on the {owner}; "
                    "PDF/X allows none"
                )


def _header(reader: PdfReader) -> tuple[int, int] | None:
    try:
        match = re.match(r"%PDF-(\d+)\.(\d+)", reader.pdf_header)
    except Exception:  # no header at all
        return None
    return (int(match[1]), int(match[2])) if match else None


def _dotted(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _transparency(reader: PdfReader, flavour: str) -> list[Finding]:
    """An error per use of transparency on each page, as :func:`transparency` finds it: forms,
    patterns, Type 3 glyphs too (the build's own preflight refuses a PDF/X-1a file by it)."""
    findings = []
    for number_, page in enumerate(reader.pages, start=1):
        uses = dict.fromkeys(transparency(page))
        findings += [
            Finding("pdfx", number_, f"transparency ({what}); {flavour} allows none")
            for what in uses
        ]
    return findings
