"""The print PDF as PDF/X, written by ReportLab in one pass: what a printer's preflight reads, on
the seed leaflet's real print PDF for both levels; the output profile; the panel map from the
plan to the verify stage; that the preflight refuses transparency in PDF/X-1a (the build with
it); and the transparency detector on small PDFs made to break it."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pypdfium2 as pdfium
import pytest
from jsonschema import Draft202012Validator
from PIL import Image, ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab import rl_config
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from layout import build as build_module
from layout import finish, pdfx
from layout.build import Leaflet, Options, lay_out, render_print, render_reader
from layout.content.loader import load_content, load_design
from layout.errors import VerifyError
from layout.folds import FOLDS
from layout.impose import SheetPlan, plan
from layout.pdf import AUTHOR, new_canvas, pdf_date, source_date_epoch
from layout.pdfx import ICC_PROFILE, PANEL_MAP_NS, PDFX_LEVELS, to_pdfx
from layout.units import mm, to_mm
from layout.verify import preflight
from layout.verify import transparency as transparency_module
from layout.verify.document import xmp as read_xmp
from layout.verify.panelmap import (
    SCHEMA,
    MapPage,
    MapPanel,
    PanelMap,
    find_panel_map,
    parse_panel_map,
)
from layout.verify.transparency import transparency

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
LEVELS = tuple(PDFX_LEVELS)
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "mf": PANEL_MAP_NS,
}


@pytest.fixture(scope="module")
def leaflet() -> Leaflet:
    folder = load_content(CONTENT)
    return lay_out(folder, load_design(folder.design))


def at_level(leaflet: Leaflet, level: str) -> Leaflet:
    """``leaflet`` with its design's press set to PDF/X ``level``."""
    return replace(leaflet, design=Options(pdfx=level).apply(leaflet.design))


@pytest.fixture(scope="module")
def made(leaflet: Leaflet) -> dict[str, bytes]:
    """The seed's print PDF at each PDF/X level, as the build renders it."""
    return {level: render_print(at_level(leaflet, level)) for level in LEVELS}


@pytest.fixture(scope="module")
def plain(leaflet: Leaflet) -> bytes:
    """The seed's print PDF drawn as the build draws it, but without PDF/X (to_pdfx skipped):
    what the PDF/X files must look and measure the same as."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "to_pdfx", lambda *args, **kwargs: None)
        return render_print(leaflet)


# XML's special characters and non-ASCII text: the XMP packet must carry them unharmed.
SPECIALS = "Idébanken <&> “sámi” đŋ"


@pytest.fixture(scope="module")
def texts(leaflet: Leaflet) -> dict[str, tuple[str, ...]]:
    """Each panel's text as laid out, the first panel's with :data:`SPECIALS` added."""
    texts = {role: layout.texts for role, layout in leaflet.layouts.items()}
    first = next(iter(texts))
    texts[first] = (*texts[first], SPECIALS)
    return texts


@pytest.fixture(scope="module")
def panel_map(leaflet: Leaflet, texts: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The seed's panel map as the build writes it, with :data:`SPECIALS` in a panel's text."""
    folder = leaflet.folder
    return finish.panel_map(leaflet.plan, (folder.finished_width, folder.finished_height), texts)


def canvas_pdf(
    level: str | None,
    draw: Callable[[Canvas], None] = lambda canvas: None,
    *,
    panel_map: Mapping[str, Any] | None = None,
    date: str | None = None,
) -> bytes:
    """A one-page PDF from :func:`new_canvas`, as PDF/X ``level`` (None: none), a CMYK square
    drawn after ``draw``; ``date`` the Info dates, when given."""
    buffer = BytesIO()
    canvas = new_canvas(buffer, "Helvetica", "A small PDF", "en")
    if date is not None:
        canvas.setDateFormatter(lambda *_: date)
    if level is not None:
        to_pdfx(canvas, level, panel_map=panel_map)
    canvas.setPageSize((200, 200))
    canvas.setFillColor(CMYKColor(0, 1, 0, 0))  # new_canvas takes colour objects only
    draw(canvas)
    canvas.rect(50, 50, 100, 100, fill=1, stroke=0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def catalog(data: bytes) -> DictionaryObject:
    root = PdfReader(BytesIO(data)).trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def xmp(data: bytes) -> ElementTree.Element:
    """The XMP packet's one rdf:Description."""
    stream = catalog(data)["/Metadata"].get_object()
    packet = ElementTree.fromstring(stream.get_data())
    description = packet.find("rdf:RDF/rdf:Description", NS)
    assert description is not None
    return description


def xmp_text(description: ElementTree.Element, path: str) -> str | None:
    element = description.find(path, NS)
    return None if element is None else element.text


@pytest.mark.parametrize(("level", "header"), [("x4", b"%PDF-1.6"), ("x1a", b"%PDF-1.3")])
def test_header_declares_the_standards_pdf_version(
    made: dict[str, bytes], plain: bytes, level: str, header: bytes
) -> None:
    """This test ensures that each level's file starts with the PDF version its standard is
    built on, not ReportLab's default 1.3 nor the 1.4 it raises the version to for the opaque
    alpha that every CMYK colour of the seed sets (as the sheet drawn without PDF/X shows)."""
    assert made[level].startswith(header + b"\n")
    assert PdfReader(BytesIO(made[level])).pdf_header == header.decode()
    assert plain.startswith(b"%PDF-1.4\n")


@pytest.mark.parametrize("level", LEVELS)
def test_one_output_intent_embeds_a_cmyk_printer_profile(
    made: dict[str, bytes], level: str
) -> None:
    """This test ensures that the catalog has exactly one GTS_PDFX output intent naming FOGRA39,
    whose DestOutputProfile is an embedded, compressed four-channel CMYK output ICC profile."""
    intents = catalog(made[level])["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/Type"] == "/OutputIntent"
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert intent["/OutputCondition"] == pdfx.OUTPUT_CONDITION
    assert intent["/Info"] == pdfx.OUTPUT_INTENT_INFO
    assert isinstance(intent.raw_get("/DestOutputProfile"), IndirectObject)
    profile = intent["/DestOutputProfile"].get_object()
    assert isinstance(profile, StreamObject)
    assert profile["/N"] == 4
    assert profile["/Filter"] == "/FlateDecode"
    icc = profile.get_data()
    assert icc[36:40] == b"acsp"  # the ICC signature
    assert icc[16:20] == b"CMYK"  # data colour space
    assert icc[12:16] == b"prtr"  # device class: output
    assert int.from_bytes(icc[:4], "big") == len(icc)


# --- the output profile ----------------------------------------------------------------------

# The tag types ICC 3.3 defines, ICC profile version 2.1.0 (ICC.1:2001-04, the last v2 edition,
# lists them with the version each came with).
ICC_2_1_TYPES = {
    b"bfd ", b"crdi", b"curv", b"data", b"desc", b"dtim", b"meas", b"mft1", b"mft2", b"ncl2",
    b"ncol", b"pseq", b"scrn", b"sf32", b"sig ", b"text", b"ui08", b"ui16", b"ui32", b"ui64",
    b"uf32", b"view", b"XYZ ",
}  # fmt: skip
PROFILE = (ROOT / ICC_PROFILE).read_bytes()


def embedded_profile(data: bytes) -> bytes:
    """The DestOutputProfile of the file's output intent, decompressed."""
    intent = catalog(data)["/OutputIntents"][0].get_object()
    profile: bytes = intent["/DestOutputProfile"].get_object().get_data()
    return profile


def icc_tags(profile: bytes) -> dict[bytes, bytes]:
    """Each tag of an ICC profile: its signature → its data (type signature first)."""
    count = int.from_bytes(profile[128:132], "big")
    tags = {}
    for i in range(count):
        signature, offset, size = struct.unpack_from(">4sII", profile, 132 + 12 * i)
        tags[signature] = profile[offset : offset + size]
    return tags


def test_x4_embeds_the_profile_as_built(made: dict[str, bytes]) -> None:
    """This test ensures that PDF/X-4 embeds icc/FOGRA39-make-folder.icc byte for byte, ICC
    version 2.2.0 being older than the 4.1.0 that PDF 1.6 names."""
    assert embedded_profile(made["x4"]) == PROFILE
    assert PROFILE[8:12] == bytes.fromhex("02200000")


def test_x1a_embeds_the_profile_as_icc_2_1(made: dict[str, bytes]) -> None:
    """This test ensures that PDF/X-1a embeds the profile as ICC profile version 2.1.0, the
    version PDF 1.3 names: the header says 2.1.0 and the size, everything else in it unchanged;
    the ICC v4 colorant table is left out; every other tag is there with the same data, each of a
    type ICC 3.3 defines."""
    profile = embedded_profile(made["x1a"])
    assert profile[8:12] == bytes.fromhex("02100000")
    assert int.from_bytes(profile[:4], "big") == len(profile)
    assert (profile[4:8], profile[12:128]) == (PROFILE[4:8], PROFILE[12:128])
    before, after = icc_tags(PROFILE), icc_tags(profile)
    assert before.pop(b"clrt")[:4] == b"clrt"
    assert after == before
    assert {data[:4] for data in after.values()} <= ICC_2_1_TYPES


@pytest.mark.parametrize("level", LEVELS)
def test_embedded_profile_is_no_newer_than_the_level_names(
    made: dict[str, bytes], level: str
) -> None:
    """This test ensures that the embedded profile's ICC version (header bytes 8 and 9) is not
    newer than PdfXLevel.icc_version, the comparison the verify stage can make."""
    profile = embedded_profile(made[level])
    assert (profile[8], profile[9] >> 4) <= PDFX_LEVELS[level].icc_version


def test_x1a_profile_converts_colours_exactly_as_the_original(made: dict[str, bytes]) -> None:
    """This test ensures that the X-1a copy of the profile converts colours exactly as the
    original: LittleCMS (through Pillow) gives the same Lab for a grid of CMYK values in every
    rendering intent, and the same CMYK back."""
    grid = [(c, m, y, k) for c in range(0, 256, 51) for m in range(0, 256, 51)
            for y in range(0, 256, 51) for k in range(0, 256, 85)]  # fmt: skip
    cmyk = Image.new("CMYK", (len(grid), 1))
    cmyk.putdata(grid)
    lab = ImageCms.createProfile("LAB")
    results = []
    for data in (PROFILE, embedded_profile(made["x1a"])):
        profile = ImageCms.ImageCmsProfile(BytesIO(data))
        converted = []
        for intent in ImageCms.Intent:
            to_lab = ImageCms.buildTransform(profile, lab, "CMYK", "LAB", renderingIntent=intent)
            back = ImageCms.buildTransform(lab, profile, "LAB", "CMYK", renderingIntent=intent)
            there = ImageCms.applyTransform(cmyk, to_lab)
            assert there is not None
            converted.append(there.tobytes())
            converted.append(ImageCms.applyTransform(there, back).tobytes())  # type: ignore[union-attr]
        results.append(converted)
    assert results[0] == results[1]


def test_profile_is_compressed_once_per_process(made: dict[str, bytes]) -> None:
    """This test ensures that the compressed profile is made once per level and process and
    reused by every later file (the seed's two files and a third here made none anew)."""
    before = pdfx._compressed_profile.cache_info()
    assert before.currsize == len(LEVELS)
    canvas_pdf("x4")
    after = pdfx._compressed_profile.cache_info()
    assert (after.misses, after.hits) == (before.misses, before.hits + 1)


def test_a_profile_icc_2_1_cannot_express_is_refused() -> None:
    """This test ensures that a profile with a tag of a type ICC 3.3 does not define (here
    ICC v4's lutAtoBType) is refused for X-1a rather than labelled 2.1.0."""
    _, offset, _ = next(
        struct.unpack_from(">4sII", PROFILE, 132 + 12 * i)
        for i in range(int.from_bytes(PROFILE[128:132], "big"))
        if PROFILE[132 + 12 * i : 136 + 12 * i] == b"gamt"
    )
    newer = PROFILE[:offset] + b"mAB " + PROFILE[offset + 4 :]
    with pytest.raises(ValueError, match="tag 'gamt' of type 'mAB '"):
        pdfx._as_icc_2_1(newer)


@pytest.mark.parametrize("level", LEVELS)
def test_info_declares_the_level_and_trapped_as_a_name(
    made: dict[str, bytes], plain: bytes, leaflet: Leaflet, level: str
) -> None:
    """This test ensures that the Info dictionary carries GTS_PDFXVersion (and for X-1a the
    conformance), /Trapped as the name /False, and what the build sets: the same entries as the
    file without PDF/X, dated the build's source date."""
    info = PdfReader(BytesIO(made[level])).trailer["/Info"].get_object()
    before = PdfReader(BytesIO(plain)).trailer["/Info"].get_object()
    expected = {"x4": ("PDF/X-4", None), "x1a": ("PDF/X-1:2001", "PDF/X-1a:2001")}[level]
    assert (info["/GTS_PDFXVersion"], info.get("/GTS_PDFXConformance")) == expected
    assert isinstance(info["/Trapped"], NameObject)
    assert info["/Trapped"] == "/False"
    keys = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer")
    for key in (*keys, "/CreationDate", "/ModDate"):
        assert info[key] == before[key]
    assert info["/Title"] == leaflet.folder.title and info["/Author"] == AUTHOR
    assert info["/CreationDate"] == info["/ModDate"] == pdf_date(source_date_epoch())


@pytest.mark.parametrize("level", LEVELS)
def test_xmp_metadata_mirrors_the_info_dictionary(made: dict[str, bytes], level: str) -> None:
    """This test ensures that the catalog's XMP stream is an uncompressed /Metadata /XML stream
    that parses as XML and says what the Info dictionary says, dates included."""
    reader = PdfReader(BytesIO(made[level]))
    assert isinstance(catalog(made[level]).raw_get("/Metadata"), IndirectObject)
    stream = catalog(made[level])["/Metadata"].get_object()
    assert (stream["/Type"], stream["/Subtype"]) == ("/Metadata", "/XML")
    assert "/Filter" not in stream
    assert b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>' in made[level]
    info = reader.trailer["/Info"].get_object()
    description = xmp(made[level])
    alt = "rdf:Alt/rdf:li[@{http://www.w3.org/XML/1998/namespace}lang='x-default']"
    assert xmp_text(description, f"dc:title/{alt}") == info["/Title"]
    assert xmp_text(description, f"dc:description/{alt}") == info["/Subject"]
    assert xmp_text(description, "dc:creator/rdf:Seq/rdf:li") == info["/Author"]
    assert xmp_text(description, "dc:format") == "application/pdf"
    assert xmp_text(description, "pdf:Keywords") == info["/Keywords"]
    assert xmp_text(description, "pdf:Producer") == info["/Producer"]
    assert xmp_text(description, "xmp:CreatorTool") == info["/Creator"]
    assert xmp_text(description, "pdf:Trapped") == info["/Trapped"].lstrip("/")
    metadata = reader.metadata
    assert metadata is not None
    for path, date in (
        ("xmp:CreateDate", metadata.creation_date),
        ("xmp:ModifyDate", metadata.modification_date),
        ("xmp:MetadataDate", metadata.modification_date),
    ):
        text = xmp_text(description, path)
        assert text is not None and datetime.fromisoformat(text) == date
    if level == "x4":
        assert xmp_text(description, "pdfxid:GTS_PDFXVersion") == info["/GTS_PDFXVersion"]
        assert description.find("pdfx:GTS_PDFXConformance", NS) is None
    else:
        assert xmp_text(description, "pdfx:GTS_PDFXVersion") == info["/GTS_PDFXVersion"]
        assert xmp_text(description, "pdfx:GTS_PDFXConformance") == info["/GTS_PDFXConformance"]
    for path in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
        assert re.fullmatch(r"uuid:[0-9a-f-]{36}", xmp_text(description, path) or "")
    assert xmp_text(description, "xmpMM:VersionID") == "1"
    assert xmp_text(description, "xmpMM:RenditionClass") == "default"
    assert xmp_text(description, "mf:PanelMap")


def test_info_set_after_to_pdfx_is_what_the_info_and_xmp_say() -> None:
    """This test ensures that the Info text set on the canvas after to_pdfx (as the build's
    set_info does) is what the file's Info dictionary and XMP say, the XML special characters
    and text beyond Latin-1 included."""

    def later(canvas: Canvas) -> None:
        finish.set_info(canvas, subject=SPECIALS, keywords="a, b <c>", creator="tool & co")
        canvas.setTitle("Title “after”")

    data = canvas_pdf("x4", later)
    info = PdfReader(BytesIO(data)).trailer["/Info"].get_object()
    assert (info["/Title"], info["/Subject"], info["/Keywords"]) == (
        "Title “after”",
        SPECIALS,
        "a, b <c>",
    )
    assert info["/Creator"] == info["/Producer"] == "tool & co"
    description = xmp(data)
    alt = "rdf:Alt/rdf:li[@{http://www.w3.org/XML/1998/namespace}lang='x-default']"
    assert xmp_text(description, f"dc:title/{alt}") == "Title “after”"
    assert xmp_text(description, f"dc:description/{alt}") == SPECIALS
    assert xmp_text(description, "pdf:Keywords") == "a, b <c>"
    assert xmp_text(description, "xmp:CreatorTool") == "tool & co"


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        ("D:20000101000000+00'00'", "2000-01-01T00:00:00Z"),  # ReportLab's invariant date
        ("D:20240315123456+01'00'", "2024-03-15T12:34:56+01:00"),
        ("D:20240315123456-05'30'", "2024-03-15T12:34:56-05:30"),
        ("D:20240315123456Z", "2024-03-15T12:34:56Z"),
        ("D:20240315123456", "2024-03-15T12:34:56"),  # no time zone: none is made up
        ("D:2024031512", "2024-03-15T12:00:00"),  # what a PDF date leaves out is its earliest
    ],
)
def test_xmp_dates_are_the_info_dates_in_iso_8601(date: str, iso: str) -> None:
    """This test ensures that the XMP's dates are the Info dictionary's dates (as the canvas's
    date formatter gives them), written in ISO 8601 with the same time zone offset, or none when
    the PDF date gives none."""
    data = canvas_pdf("x4", date=date)
    info = PdfReader(BytesIO(data)).trailer["/Info"].get_object()
    assert info["/CreationDate"] == info["/ModDate"] == date
    description = xmp(data)
    for path in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        assert xmp_text(description, path) == iso


@pytest.mark.parametrize(
    "date",
    [
        "yesterday",
        "D:20241315123456+00'00'",
        "D:20240315123456+24'00'",
        "D:20240315+01'60'",
        "20240315",
    ],
)
def test_a_date_that_is_no_pdf_date_is_refused(date: str) -> None:
    """This test ensures that a canvas whose dates are no PDF dates (words, a month 13, an
    offset of a day or of 60 minutes, no D: prefix) is refused when saved, with a ValueError
    naming the key and the value, rather than written with dates the XMP cannot repeat."""
    message = re.escape(f"the PDF's /CreationDate {date!r} is no PDF date")
    with pytest.raises(ValueError, match=message):
        canvas_pdf("x4", date=date)


@pytest.mark.parametrize("level", LEVELS)
def test_trailer_has_a_file_identifier(made: dict[str, bytes], level: str) -> None:
    """This test ensures that the trailer /ID PDF/X requires is there: two 16-byte strings."""
    identifier = PdfReader(BytesIO(made[level])).trailer["/ID"]
    assert len(identifier) == 2
    assert all(len(part.original_bytes) == 16 for part in identifier)


def test_unknown_level_and_a_second_call_are_refused() -> None:
    """This test ensures that a level that is no key of PDFX_LEVELS is a ValueError naming it,
    and that a canvas made PDF/X once is not made so again."""
    canvas = new_canvas(BytesIO(), "Helvetica", "t", "en")
    with pytest.raises(ValueError, match="'x3'"):
        to_pdfx(canvas, "x3")
    to_pdfx(canvas, "x4")
    with pytest.raises(ValueError, match="already writes PDF/X-4"):
        to_pdfx(canvas, "x1a")


def test_no_stream_is_ascii85_and_reportlab_is_left_as_it_was(
    made: dict[str, bytes], leaflet: Leaflet
) -> None:
    """This test ensures that no stream of the print PDF nor the reader PDF is ASCII85-encoded
    (page contents, fonts, ToUnicode maps: Flate alone), and that ReportLab's process-wide
    setting is left as it was for other code: a canvas of ReportLab's own still uses it."""
    setting = rl_config.useA85
    for data in (*made.values(), render_reader(leaflet), canvas_pdf("x1a")):
        reader = PdfReader(BytesIO(data))
        assert b"ASCII85Decode" not in data
        for page in reader.pages:
            contents = page["/Contents"].get_object()
            assert contents["/Filter"] in ("/FlateDecode", ["/FlateDecode"])
    assert rl_config.useA85 == setting
    buffer = BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    canvas.showPage()
    canvas.save()
    assert (b"ASCII85Decode" in buffer.getvalue()) == bool(setting)


def test_making_pdfx_reads_no_pdf() -> None:
    """This test ensures that a PDF/X file is made without parsing a PDF: in a fresh
    interpreter, making one imports no PDF reader (pypdf is the verify stage's)."""
    code = (
        "import sys\nfrom io import BytesIO\n"
        "from layout.pdf import new_canvas\nfrom layout.pdfx import to_pdfx\n"
        "canvas = new_canvas(BytesIO(), 'Helvetica', 't', 'en')\n"
        "to_pdfx(canvas, 'x1a', panel_map={'fold': 'gate-8'})\ncanvas.save()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pypdf', 'pypdfium2')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- the panel map ---------------------------------------------------------------------------


def read_panel_map(data: bytes) -> PanelMap | None:
    """The panel map as the verify stage reads it from the XMP, or None when there is none."""
    text = find_panel_map(read_xmp(PdfReader(BytesIO(data))))
    return None if text is None else parse_panel_map(text)


def expected_map(sheet: SheetPlan, texts: Mapping[str, tuple[str, ...]]) -> PanelMap:
    """What the plan says, as the verify stage should read it: sizes to the 0.001 mm the map
    keeps."""

    def size(value: float) -> Any:
        return pytest.approx(to_mm(value), abs=0.0005)

    return PanelMap(
        version=1,
        fold=sheet.fold.name,
        flat=(size(sheet.width), size(sheet.height)),
        bleed=size(sheet.bleed),
        pages=tuple(
            MapPage(
                vertical=tuple(size(x) for x in side.folds),
                horizontal=tuple(size(y) for y in side.row_folds),
                panels=tuple(
                    MapPanel(
                        label=sheet.fold.label(p.role),
                        x=size(p.x),
                        y=size(p.y),
                        width=size(p.width),
                        height=size(p.height),
                        rotation=p.rotation,
                        text=texts[p.role],
                    )
                    for p in side.panels
                ),
            )
            for side in sheet.sides
        ),
    )


@pytest.mark.parametrize("level", LEVELS)
def test_panel_map_round_trips_from_the_plan_to_the_verify_stage(
    made: dict[str, bytes],
    leaflet: Leaflet,
    panel_map: dict[str, Any],
    texts: dict[str, tuple[str, ...]],
    level: str,
) -> None:
    """This test ensures that the map finish.panel_map writes for the seed's plan, carried in
    the XMP by to_pdfx and read by the verify stage, says what the plan says: the fold, the
    flat size and bleed, each page's fold lines, and each panel's label, rectangle, rotation and
    text (XML special characters and non-ASCII included); and that the build's print PDF
    carries exactly its own plan's map."""
    assert read_panel_map(canvas_pdf(level, panel_map=panel_map)) == expected_map(
        leaflet.plan, texts
    )
    assert any(SPECIALS in text for text in texts.values())
    laid_out = {role: layout.texts for role, layout in leaflet.layouts.items()}
    assert read_panel_map(made[level]) == expected_map(leaflet.plan, laid_out)


def test_panel_map_is_none_when_absent(plain: bytes) -> None:
    """This test ensures that the verify stage finds no panel map in a PDF without XMP nor in a
    PDF/X made without a map."""
    assert read_panel_map(plain) is None
    without = canvas_pdf("x4")
    assert read_panel_map(without) is None
    assert xmp(without).find("mf:PanelMap", NS) is None


@pytest.mark.parametrize("name", sorted(FOLDS))
def test_every_folds_panel_map_is_what_the_schema_describes(name: str) -> None:
    """This test ensures that finish.panel_map writes, for every fold, a map the verify stage's
    schema accepts as it is and reads back as what the plan says, so that writer and reader keep
    to one format."""
    fold = FOLDS[name]
    sheet = plan(fold, mm(99), mm(210), mm(1), mm(3))
    texts = {role: (f"Text of {role}",) for role in fold.roles}
    data = finish.panel_map(sheet, (mm(99), mm(210)), texts)
    assert parse_panel_map(json.dumps(data)) == expected_map(sheet, texts)


def test_some_fold_prints_panels_upside_down() -> None:
    """This test ensures that the every-fold test above meets a panel with rotation 180 (the
    cross fold's), so that the map's rotation is checked both ways."""
    rotations = {
        p.rotation
        for fold in FOLDS.values()
        for side in plan(fold, mm(99), mm(210), mm(1), mm(3)).sides
        for p in side.panels
    }
    assert rotations == {0, 180}


@pytest.mark.parametrize(
    ("bad_map", "error"),
    [
        ({"fold": "gate-8", "bleed": float("nan")}, ValueError),
        ({"fold": "gate-8", "bleed": float("inf")}, ValueError),
        ({"fold": "gate-8", "titles": MappingProxyType({"a": "b"})}, TypeError),
    ],
)
def test_to_pdfx_writes_only_plain_json(bad_map: dict[str, Any], error: type[Exception]) -> None:
    """This test ensures that to_pdfx refuses a panel map that JSON cannot carry as it is (NaN,
    an infinity, a read-only mapping) when it is called, before anything is drawn, instead of
    writing what no reader accepts."""
    canvas = new_canvas(BytesIO(), "Helvetica", "t", "en")
    with pytest.raises(error):
        to_pdfx(canvas, "x4", panel_map=bad_map)


def test_panel_map_schema_is_a_valid_json_schema() -> None:
    """This test ensures that the panel map's schema is itself valid JSON Schema 2020-12."""
    Draft202012Validator.check_schema(SCHEMA)


def small_map() -> str:
    """A valid one-page, one-panel map as JSON text, with numbers the broken maps replace."""
    return json.dumps(
        {
            "version": 1,
            "fold": "bifold-4",
            "flat": {"width": 200, "height": 100},
            "bleed": 3,
            "pages": [
                {
                    "folds": {"vertical": [100], "horizontal": []},
                    "panels": [
                        {
                            "label": "Side 1 (alpha)",
                            "x": 0,
                            "y": 0,
                            "width": 99.5,
                            "height": 98,
                            "rotation": 0,
                            "text": ["Alpha"],
                        }
                    ],
                }
            ],
        },
        separators=(",", ":"),
    )


PANEL = "$.pages[0].panels[0]"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"width":99.5', '"width":NaN', "NaN is not a number JSON allows"),
        ('"width":99.5', '"width":Infinity', "Infinity is not a number JSON allows"),
        ('"x":0', '"x":-Infinity', "-Infinity is not a number JSON allows"),
        ('"width":99.5', '"width":1e308', f"{PANEL}.width: 1e+308 is greater than the maximum"),
        ('"width":99.5', '"width":1e400', f"{PANEL}.width: inf is greater than the maximum"),
        ('"width":99.5', '"width":0', f"{PANEL}.width: 0 is less than or equal to the minimum"),
        ('"x":0', '"x":-1', f"{PANEL}.x: -1 is less than the minimum of 0"),
        ('"height":98', '"height":true', f"{PANEL}.height: True is not of type 'number'"),
        ('"vertical":[100]', '"vertical":[5001]', "$.pages[0].folds.vertical[0]: 5001 is greater"),
        ('"rotation":0', '"rotation":90', f"{PANEL}.rotation: 90 is not one of [0, 180]"),
        ('"text":["Alpha"]', '"text":["Alpha",1]', f"{PANEL}.text[1]: 1 is not of type 'string'"),
        ('"version":1', '"version":2', "$.version: 1 was expected"),
        ('"label":"Side 1 (alpha)",', "", f"{PANEL}: 'label' is a required property"),
        ('"bleed":3', '"bleed":3,"finished":{}', "$: Additional properties are not allowed"),
        ('"fold":"bifold-4"', '"fold":""', "$.fold: '' should be non-empty"),
        ('{"version"', "{not json", "Expecting property name"),
    ],
)
def test_a_broken_panel_map_is_refused_with_where(old: str, new: str, message: str) -> None:
    """This test ensures that the verify stage's reader refuses a map that is not exactly what
    the schema describes (NaN, infinities, out-of-bounds and zero sizes, wrong types, unknown
    rotation or version, missing or extra fields, bad JSON) with a ValueError that names where."""
    text = small_map()
    assert parse_panel_map(text).pages[0].panels[0].width == 99.5
    assert text.count(old) == 1
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_panel_map(text.replace(old, new))


# --- the same input, the same bytes; the file as drawn --------------------------------------


def ids(data: bytes) -> tuple[str | None, str | None, bytes]:
    """The XMP's DocumentID and InstanceID and the trailer /ID's second part."""
    description = xmp(data)
    return (
        xmp_text(description, "xmpMM:DocumentID"),
        xmp_text(description, "xmpMM:InstanceID"),
        PdfReader(BytesIO(data)).trailer["/ID"][1].original_bytes,
    )


@pytest.mark.parametrize("level", LEVELS)
def test_output_is_byte_identical_across_calls(
    leaflet: Leaflet, made: dict[str, bytes], level: str
) -> None:
    """This test ensures that identical input gives identical bytes."""
    assert render_print(at_level(leaflet, level)) == made[level]


def test_ids_follow_the_document_and_its_rendition(
    made: dict[str, bytes], panel_map: dict[str, Any]
) -> None:
    """This test ensures that the ids are derived from what makes the file: the two levels of
    one document share its DocumentID and differ in InstanceID and /ID; another panel map is
    another rendition (InstanceID and /ID), other drawing or other Info text another document."""
    (x4_document, x4_instance, x4_id), (x1a_document, x1a_instance, x1a_id) = (
        ids(made["x4"]),
        ids(made["x1a"]),
    )
    assert x4_document == x1a_document
    assert x4_instance != x1a_instance and x4_id != x1a_id

    base = ids(canvas_pdf("x4", panel_map=panel_map))
    assert ids(canvas_pdf("x4", panel_map=panel_map)) == base
    other_map = ids(canvas_pdf("x4", panel_map={**panel_map, "fold": "other"}))
    assert other_map[0] == base[0]
    assert other_map[1] != base[1] and other_map[2] != base[2]
    drawn = ids(canvas_pdf("x4", lambda canvas: canvas.circle(9, 9, 5), panel_map=panel_map))
    titled = ids(canvas_pdf("x4", lambda canvas: canvas.setTitle("Other"), panel_map=panel_map))
    for other in (drawn, titled):
        assert other[0] != base[0] and other[1] != base[1] and other[2] != base[2]


def render(data: bytes) -> list[bytes]:
    """Every page rendered small, as raw pixels."""
    document = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=0.25).to_pil().tobytes() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("level", LEVELS)
def test_pypdf_and_pdfium_open_it_and_it_looks_the_same(
    made: dict[str, bytes], plain: bytes, level: str
) -> None:
    """This test ensures that the file reads in strict pypdf, renders in pdfium and renders
    exactly as the same sheet drawn without PDF/X."""
    reader = PdfReader(BytesIO(made[level]), strict=True)
    assert len(reader.pages) == len(PdfReader(BytesIO(plain)).pages) == 2
    for page in reader.pages:
        page.get_contents()
    assert render(made[level]) == render(plain)


@pytest.mark.parametrize("level", LEVELS)
def test_page_boxes_are_kept(made: dict[str, bytes], plain: bytes, level: str) -> None:
    """This test ensures that every page has the MediaBox, TrimBox and BleedBox of the sheet
    drawn without PDF/X."""
    before = PdfReader(BytesIO(plain)).pages
    after = PdfReader(BytesIO(made[level])).pages
    for old, new in zip(before, after, strict=True):
        for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
            assert box in new
            assert [float(v) for v in new[box]] == [float(v) for v in old[box]]


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """Each font's BaseFont → whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].get_object().values():
            font = font.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    fonts[str(font["/BaseFont"])] = any(
                        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                    )
    return fonts


@pytest.mark.parametrize("level", LEVELS)
def test_fonts_stay_embedded(made: dict[str, bytes], plain: bytes, level: str) -> None:
    """This test ensures that the fonts are those of the sheet without PDF/X, every one
    embedded."""
    fonts = embedded_fonts(made[level])
    assert fonts == embedded_fonts(plain)
    assert fonts and all(fonts.values())


@pytest.mark.parametrize("level", LEVELS)
def test_the_print_pdf_passes_the_preflight(made: dict[str, bytes], level: str) -> None:
    """This test ensures that each level's print PDF passes the printer's preflight, the one the
    build runs on it, without a finding."""
    result = preflight(made[level], fold="gate-8")
    assert result.pdfx == (PDFX_LEVELS[level].conformance or PDFX_LEVELS[level].version)
    assert result.findings == ()


# --- transparency: the preflight refuses it in PDF/X-1a ------------------------------------


def pdfx_errors(data: bytes) -> list[tuple[int | None, str]]:
    """The preflight's pdfx errors, with their pages (a small PDF has others: no TrimBox …)."""
    found = preflight(data).findings
    return [(f.page, f.message) for f in found if f.check == "pdfx" and f.severity == "error"]


def with_resource(data: bytes, kind: str, value: DictionaryObject | StreamObject) -> bytes:
    """``data`` with one extra resource of ``kind`` on its page (drawn or not: resources count),
    the rest as it was (header, Info, catalog)."""
    reader = PdfReader(BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    resources = writer.pages[0]["/Resources"]
    entry = writer._add_object(value) if isinstance(value, StreamObject) else value
    resources[NameObject(kind)] = DictionaryObject({NameObject("/X0"): entry})
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def gstate(**entries: Any) -> DictionaryObject:
    return DictionaryObject({NameObject(f"/{k}"): v for k, v in entries.items()})


def soft_masked_image() -> StreamObject:
    image = StreamObject()
    mask = StreamObject()
    for stream, space in ((image, "/DeviceCMYK"), (mask, "/DeviceGray")):
        stream.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Image"),
                NameObject("/Width"): NumberObject(1),
                NameObject("/Height"): NumberObject(1),
                NameObject("/ColorSpace"): NameObject(space),
                NameObject("/BitsPerComponent"): NumberObject(8),
            }
        )
    image.set_data(bytes(4))
    mask.set_data(b"\x80")
    image[NameObject("/SMask")] = mask
    return image


def test_preflight_refuses_reportlab_fill_alpha_in_x1a() -> None:
    """This test ensures that a PDF/X-1a file drawn with canvas.setFillAlpha(0.5) in CMYK is
    refused by the preflight, naming the page and the /ca it found (its header still the
    level's 1.3), while the same drawing as PDF/X-4 passes, with no page group."""
    transparent = canvas_pdf("x1a", lambda canvas: canvas.setFillAlpha(0.5))
    assert transparent.startswith(b"%PDF-1.3\n")
    assert pdfx_errors(transparent) == [
        (1, "transparency (graphics state /gRLs0 sets /ca 0.5); PDF/X-1a:2001 allows none")
    ]
    x4 = canvas_pdf("x4", lambda canvas: canvas.setFillAlpha(0.5))
    assert pdfx_errors(x4) == []
    assert "/Group" not in PdfReader(BytesIO(x4)).pages[0]


@pytest.mark.parametrize(
    ("kind", "resource", "found"),
    [
        ("/ExtGState", gstate(CA=FloatObject(0.99)), "/CA 0.99"),
        ("/ExtGState", gstate(BM=NameObject("/Multiply")), "blend mode /Multiply"),
        ("/ExtGState", gstate(BM=ArrayObject([NameObject("/Screen")])), "blend mode /Screen"),
        (
            "/ExtGState",
            gstate(SMask=gstate(S=NameObject("/Luminosity"))),
            "soft mask",
        ),
        ("/XObject", soft_masked_image(), "/Image /X0 has a soft mask"),
    ],
)
def test_preflight_refuses_every_kind_of_transparency_in_x1a(
    kind: str, resource: DictionaryObject | StreamObject, found: str
) -> None:
    """This test ensures that the preflight refuses alpha, blend modes and soft masks in
    graphics states and soft-masked images in a PDF/X-1a file, each named in the error."""
    errors = pdfx_errors(with_resource(canvas_pdf("x1a"), kind, resource))
    assert len(errors) == 1
    page, message = errors[0]
    assert page == 1 and found in message and message.endswith("PDF/X-1a:2001 allows none")


def test_preflight_accepts_opaque_graphics_states_in_x1a() -> None:
    """This test ensures that graphics states that are opaque after all (/CA and /ca 1, blend
    mode /Normal or /Compatible, /SMask /None), as ReportLab writes when alpha returns to 1,
    pass the preflight's PDF/X-1a check."""
    opaque = gstate(
        CA=NumberObject(1),
        ca=FloatObject(1.0),
        BM=ArrayObject([NameObject("/Normal"), NameObject("/Compatible")]),
        SMask=NameObject("/None"),
    )
    assert pdfx_errors(with_resource(canvas_pdf("x1a"), "/ExtGState", opaque)) == []
    back_to_opaque = canvas_pdf("x1a", lambda canvas: canvas.setFillAlpha(1))
    assert back_to_opaque.startswith(b"%PDF-1.3\n")
    assert pdfx_errors(back_to_opaque) == []


def test_preflight_refuses_a_transparency_page_group_in_x1a() -> None:
    """This test ensures that a PDF/X-1a page that declares a transparency group is refused."""
    reader = PdfReader(BytesIO(canvas_pdf("x1a")))
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    writer.pages[0][NameObject("/Group")] = gstate(S=NameObject("/Transparency"))
    buffer = BytesIO()
    writer.write(buffer)
    assert pdfx_errors(buffer.getvalue()) == [
        (1, "transparency (a transparency group on the page); PDF/X-1a:2001 allows none")
    ]


@pytest.mark.parametrize("level", LEVELS)
def test_the_build_refuses_transparency_in_x1a_only(
    made: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, level: str
) -> None:
    """This test ensures that the build's own preflight refuses a PDF/X-1a print PDF that uses
    transparency (the marks drawn at 50 % here) and writes nothing, while PDF/X-4 takes it
    without a page group; the seed's own pages have none either."""
    draw_marks = build_module.draw_marks

    def translucent_marks(canvas: Canvas, *args: Any, **kwargs: Any) -> None:
        canvas.setFillAlpha(0.5)
        draw_marks(canvas, *args, **kwargs)

    monkeypatch.setattr(build_module, "draw_marks", translucent_marks)
    if level == "x1a":
        with pytest.raises(VerifyError, match=r"sets /ca 0\.5\); PDF/X-1a:2001 allows none"):
            build_module.build(CONTENT, tmp_path, Options(pdfx=level))
        assert list(tmp_path.iterdir()) == []
        return
    result = build_module.build(CONTENT, tmp_path, Options(pdfx=level))
    pages = PdfReader(result.print_pdf).pages
    assert all(list(transparency(page)) for page in pages)
    assert all("/Group" not in page for page in pages)
    assert all("/Group" not in page for page in PdfReader(BytesIO(made[level])).pages)


# --- transparency(): one detector for any page, however broken ------------------------------


def form(resources: DictionaryObject) -> StreamObject:
    """A form XObject drawing with ``resources``."""
    xobject = StreamObject()
    xobject.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([NumberObject(v) for v in (0, 0, 1, 1)]),
            NameObject("/Resources"): resources,
        }
    )
    return xobject


def translucent(name: str = "GS0", alpha: float = 0.5) -> DictionaryObject:
    """Resources with one graphics state that sets /ca ``alpha``."""
    return gstate(ExtGState=gstate(**{name: gstate(ca=FloatObject(alpha))}))


def test_transparency_describes_each_use() -> None:
    """This test ensures that transparency() yields one readable phrase per use, naming the
    resource and what it sets, and nothing for an opaque page."""
    page = gstate(Resources=translucent("gRLs0"))
    assert list(transparency(page)) == ["graphics state /gRLs0 sets /ca 0.5"]
    assert list(transparency(gstate(Resources=gstate()))) == []


def test_transparency_looks_into_forms_patterns_and_type3_glyphs() -> None:
    """This test ensures that transparency() finds uses inside a form, a shading pattern's
    graphics state and a Type 3 font's glyph resources, and counts a /BM array as transparent
    when any mode in it is ([/Normal /Multiply]), naming the way there."""
    modes = ArrayObject([NameObject("/Normal"), NameObject("/Multiply")])
    glyphs = gstate(ExtGState=gstate(GS1=gstate(BM=modes)))
    shading = gstate(PatternType=NumberObject(2), ExtGState=gstate(CA=FloatObject(0.3)))
    page = gstate(
        Resources=gstate(
            XObject=gstate(Fm0=form(translucent("GS0", 0.2))),
            Pattern=gstate(P0=shading),
            Font=gstate(T3=gstate(Subtype=NameObject("/Type3"), Resources=glyphs)),
        )
    )
    assert set(transparency(page)) == {
        "/Form /Fm0: graphics state /GS0 sets /ca 0.2",
        "pattern /P0 graphics state sets /CA 0.3",
        "font /T3: graphics state /GS1 sets blend mode /Normal /Multiply",
    }


def test_transparency_walks_a_cyclic_pdf_once() -> None:
    """This test ensures that a form that draws itself and a Type 3 font whose glyphs use the
    page's own resources end the walk, each resource dictionary looked at once, in memory and in
    a PDF written and read back."""
    resources = translucent()
    resources[NameObject("/XObject")] = gstate(Fm0=form(resources))
    type3 = gstate(Subtype=NameObject("/Type3"), Resources=resources)
    resources[NameObject("/Font")] = gstate(T3=type3)
    assert list(transparency(gstate(Resources=resources))) == ["graphics state /GS0 sets /ca 0.5"]

    writer = PdfWriter(clone_from=PdfReader(BytesIO(canvas_pdf(None))))
    shared = writer._add_object(translucent())  # one object: the page's and the form's
    writer.pages[0][NameObject("/Resources")] = shared
    shared.get_object()[NameObject("/XObject")] = gstate(Fm0=writer._add_object(form(shared)))
    buffer = BytesIO()
    writer.write(buffer)
    page = PdfReader(BytesIO(buffer.getvalue())).pages[0]
    assert list(transparency(page)) == ["graphics state /GS0 sets /ca 0.5"]


def test_transparency_never_raises_on_a_malformed_pdf() -> None:
    """This test ensures that unreadable values (references to nothing, a reference to itself,
    strings and arrays where numbers or dictionaries belong, an infinite alpha) count as no
    transparency without an exception, while a readable use beside them is still found."""
    writer = PdfWriter()
    nothing = IndirectObject(999, 0, writer)
    loop = writer._add_object(NullObject())
    writer._objects[loop.idnum - 1] = loop  # the object is a reference to itself
    resources = gstate(
        ExtGState=gstate(
            A=gstate(ca=TextStringObject("0.5"), CA=nothing, BM=NumberObject(3), SMask=nothing),
            B=loop,
            C=gstate(ca=FloatObject("-inf"), BM=ArrayObject([nothing, NameObject("/Normal")])),
            D=gstate(ca=FloatObject(0.25)),
        ),
        XObject=ArrayObject([NameObject("/Fm0")]),
        Pattern=nothing,
        Font=gstate(F=gstate(Resources=loop)),
    )
    page = gstate(Group=nothing, Resources=resources)
    assert list(transparency(page)) == ["graphics state /D sets /ca 0.25"]
    assert list(transparency(gstate(Resources=loop, Group=ArrayObject()))) == []


def test_transparency_follows_forms_nested_deeper_than_python_recurses() -> None:
    """This test ensures that a chain of 2000 forms, each drawing the next, is walked to its end
    (the walk keeps its own list, not Python's stack) and the use at the bottom found."""
    resources = translucent()
    for _ in range(2000):
        resources = gstate(XObject=gstate(Fm=form(resources)))
    uses = list(transparency(gstate(Resources=resources)))
    assert len(uses) == 1
    assert uses[0].startswith("/Form /Fm: /Form /Fm: ")
    assert uses[0].endswith("graphics state /GS0 sets /ca 0.5")


def test_transparency_walk_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that the walk stops after MAX_WALK dictionaries, keeping what it found
    so far: a page with more graphics states than that is not walked to its end."""
    states = gstate(**{f"GS{i}": gstate(ca=FloatObject(0.5)) for i in range(100)})
    page = gstate(Resources=gstate(ExtGState=states))
    assert len(list(transparency(page))) == 100
    monkeypatch.setattr(transparency_module, "MAX_WALK", 50)
    assert 0 < len(list(transparency(page))) < 50
