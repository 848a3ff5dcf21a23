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
* PDF/X-1a and X-3 have no transparency: no soft masks, no opacity below 1, no blend mode other
  than Normal, no transparency groups, no image soft masks.

A file with none of these keys is "not PDF/X": one error, because a printer's preflight starts
there. This is a structural check, not a validator: a file that passes is a PDF/X *candidate*.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from .document import array, dictionary, number, resolve, walk_resources
from .report import Finding

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


def check_pdfx(reader: PdfReader, packet: ET.Element | None) -> list[Finding]:
    """Check the PDF/X keys; ``packet`` is the file's parsed XMP metadata (None if none)."""
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
    findings += _intent(intents, flavour)
    trapped = resolve(document.get("/Trapped"))
    if trapped is None:
        error("no /Trapped in the document information; PDF/X needs /True or /False")
    elif not isinstance(trapped, NameObject) or trapped not in ("/True", "/False"):
        error(f"/Trapped is {trapped!r}; PDF/X needs the name /True or /False")
    findings += _metadata(
        reader, packet, xmp_version, None if version is None else str(version), flavour
    )
    if not array(reader.trailer.get("/ID")):
        error("no /ID in the trailer")
    header = _header(reader)
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
    if flavour is not None and not flavour.transparency:
        findings += _transparency(reader, flavour.name)
    return findings


def _intent(intents: list[DictionaryObject], flavour: Flavour | None) -> list[Finding]:
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
        findings += _profile(profile)
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


def _profile(profile: StreamObject) -> list[Finding]:
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


def _header(reader: PdfReader) -> tuple[int, int] | None:
    try:
        match = re.match(r"%PDF-(\d+)\.(\d+)", reader.pdf_header)
    except Exception:  # no header at all
        return None
    return (int(match[1]), int(match[2])) if match else None


def _dotted(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _transparency(reader: PdfReader, flavour: str) -> list[Finding]:
    findings = []
    for number_, page in enumerate(reader.pages, start=1):
        uses = dict.fromkeys(_transparent(page))
        findings += [
            Finding("pdfx", number_, f"transparency ({what}); {flavour} allows none")
            for what in uses
        ]
    return findings


def _transparent(page: object) -> Iterator[str]:
    for used in walk_resources(page):
        if used.group.get("/S") == "/Transparency":
            yield f"a transparency group on the {used.owner}"
        for name, state in dictionary(used.resources.get("/ExtGState")).items():
            state = dictionary(state)
            soft_mask = resolve(state.get("/SMask"))
            if soft_mask is not None and soft_mask != "/None":
                yield f"soft mask in {name}"
            for key in ("/CA", "/ca"):
                if number(state.get(key), 1.0) < 1:
                    yield f"opacity {number(state.get(key)):g} ({key.lstrip('/')}) in {name}"
            blend = resolve(state.get("/BM"))
            blend = resolve(blend[0]) if isinstance(blend, list) and blend else blend
            if blend is not None and blend not in ("/Normal", "/Compatible"):
                yield f"blend mode {blend} in {name}"
        for name, xobject in dictionary(used.resources.get("/XObject")).items():
            image = dictionary(xobject)
            if image.get("/Subtype") != "/Image":
                continue
            if resolve(image.get("/SMask")) is not None or number(image.get("/SMaskInData")) > 0:
                yield f"soft mask on image {name}"
