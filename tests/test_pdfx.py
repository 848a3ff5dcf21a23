"""The print PDF as PDF/X: what a printer's preflight reads, on the seed leaflet's real print PDF
for both levels, and the transparency rules on small PDFs made to break them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)
from reportlab.pdfgen.canvas import Canvas

from layout.build import Leaflet, lay_out, render_print
from layout.content.loader import load_content, load_design
from layout.pdfx import PANEL_MAP_NS, PDFX_LEVELS, to_pdfx
from layout.verify.document import xmp as read_xmp
from layout.verify.panelmap import find_panel_map

ROOT = Path(__file__).resolve().parent.parent
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
    folder = load_content(ROOT / "content.yaml")
    return lay_out(folder, load_design(folder.design))


@pytest.fixture(scope="module")
def print_pdf(leaflet: Leaflet) -> bytes:
    return render_print(leaflet)


@pytest.fixture(scope="module")
def panel_map(leaflet: Leaflet) -> dict[str, Any]:
    """The seed's sheet as plain data, with a read-only mapping, XML specials and non-ASCII."""
    sheet = leaflet.plan
    return {
        "fold": sheet.fold.name,
        "titles": sheet.fold.role_titles,
        "sides": [
            {
                "name": side.name,
                "panels": [[p.role, p.panel_number, p.rotation] for p in side.panels],
            }
            for side in sheet.sides
        ],
        "note": "Idébanken <&> “sámi” đŋ",
    }


@pytest.fixture(scope="module")
def pdfx(print_pdf: bytes, panel_map: dict[str, Any]) -> dict[str, bytes]:
    return {level: to_pdfx(print_pdf, level, panel_map=panel_map) for level in LEVELS}


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
    pdfx: dict[str, bytes], level: str, header: bytes
) -> None:
    """This test ensures that each level's file starts with the PDF version its standard is
    built on, not the 1.3 pypdf writes by default nor ReportLab's 1.4."""
    assert pdfx[level].startswith(header + b"\n")
    assert PdfReader(BytesIO(pdfx[level])).pdf_header == header.decode()


@pytest.mark.parametrize("level", LEVELS)
def test_one_output_intent_embeds_a_cmyk_printer_profile(
    pdfx: dict[str, bytes], level: str
) -> None:
    """This test ensures that the catalog has exactly one GTS_PDFX output intent naming FOGRA39,
    whose DestOutputProfile is an embedded, compressed four-channel CMYK output ICC profile."""
    intents = catalog(pdfx[level])["/OutputIntents"]
    assert len(intents) == 1
    intent = intents[0].get_object()
    assert intent["/Type"] == "/OutputIntent"
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    assert intent["/OutputCondition"] and intent["/Info"]
    profile = intent["/DestOutputProfile"].get_object()
    assert isinstance(profile, StreamObject)
    assert profile["/N"] == 4
    assert profile["/Filter"] == "/FlateDecode"
    icc = profile.get_data()
    assert icc[36:40] == b"acsp"  # the ICC signature
    assert icc[16:20] == b"CMYK"  # data colour space
    assert icc[12:16] == b"prtr"  # device class: output
    assert int.from_bytes(icc[:4], "big") == len(icc)


@pytest.mark.parametrize("level", LEVELS)
def test_info_declares_the_level_and_trapped_as_a_name(
    pdfx: dict[str, bytes], print_pdf: bytes, level: str
) -> None:
    """This test ensures that the Info dictionary carries GTS_PDFXVersion (and for X-1a the
    conformance), /Trapped as the name /False, and keeps what ReportLab wrote."""
    info = PdfReader(BytesIO(pdfx[level])).trailer["/Info"].get_object()
    before = PdfReader(BytesIO(print_pdf)).trailer["/Info"].get_object()
    expected = {"x4": ("PDF/X-4", None), "x1a": ("PDF/X-1:2001", "PDF/X-1a:2001")}[level]
    assert (info["/GTS_PDFXVersion"], info.get("/GTS_PDFXConformance")) == expected
    assert isinstance(info["/Trapped"], NameObject)
    assert info["/Trapped"] == "/False"
    for key in ("/Title", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate"):
        assert info[key] == before[key]


@pytest.mark.parametrize("level", LEVELS)
def test_xmp_metadata_mirrors_the_info_dictionary(pdfx: dict[str, bytes], level: str) -> None:
    """This test ensures that the catalog's XMP stream is an uncompressed /Metadata /XML stream
    that parses as XML and says what the Info dictionary says, dates included."""
    reader = PdfReader(BytesIO(pdfx[level]))
    stream = catalog(pdfx[level])["/Metadata"].get_object()
    assert (stream["/Type"], stream["/Subtype"]) == ("/Metadata", "/XML")
    assert "/Filter" not in stream
    info = reader.trailer["/Info"].get_object()
    description = xmp(pdfx[level])
    alt = "rdf:Alt/rdf:li[@{http://www.w3.org/XML/1998/namespace}lang='x-default']"
    assert xmp_text(description, f"dc:title/{alt}") == info["/Title"]
    assert xmp_text(description, f"dc:description/{alt}") == info["/Subject"]
    assert xmp_text(description, "dc:creator/rdf:Seq/rdf:li") == info["/Author"]
    assert xmp_text(description, "pdf:Keywords") == info["/Keywords"]
    assert xmp_text(description, "pdf:Producer") == info["/Producer"]
    assert xmp_text(description, "xmp:CreatorTool") == info["/Creator"]
    assert xmp_text(description, "pdf:Trapped") == info["/Trapped"].lstrip("/")
    metadata = reader.metadata
    assert metadata is not None
    for path, date in (
        ("xmp:CreateDate", metadata.creation_date),
        ("xmp:ModifyDate", metadata.modification_date),
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
        assert (xmp_text(description, path) or "").startswith("uuid:")


@pytest.mark.parametrize("level", LEVELS)
def test_trailer_has_a_file_identifier(pdfx: dict[str, bytes], level: str) -> None:
    """This test ensures that the trailer /ID PDF/X requires is there: two 16-byte strings."""
    identifier = PdfReader(BytesIO(pdfx[level])).trailer["/ID"]
    assert len(identifier) == 2
    assert all(len(part.original_bytes) == 16 for part in identifier)


def read_panel_map(data: bytes) -> Any:
    """The panel map as the verify stage finds it in the XMP, or None."""
    text = find_panel_map(read_xmp(PdfReader(BytesIO(data))))
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return None


@pytest.mark.parametrize("level", LEVELS)
def test_panel_map_round_trips_through_the_xmp(
    pdfx: dict[str, bytes], panel_map: dict[str, Any], level: str
) -> None:
    """This test ensures that the panel map given to to_pdfx comes back equal from
    read_panel_map, XML special characters and non-ASCII text included."""
    plain = json.loads(json.dumps(panel_map, default=dict))
    assert read_panel_map(pdfx[level]) == plain
    assert xmp(pdfx[level]).find("mf:PanelMap", NS) is not None


def test_panel_map_is_none_when_absent_or_unreadable(print_pdf: bytes) -> None:
    """This test ensures that read_panel_map answers None for a PDF without XMP, a PDF/X made
    without a panel map, and a packet whose panel map is not JSON."""
    assert read_panel_map(print_pdf) is None
    without = to_pdfx(print_pdf, "x4")
    assert read_panel_map(without) is None
    assert xmp(without).find("mf:PanelMap", NS) is None
    writer = PdfWriter(clone_from=PdfReader(BytesIO(without)))
    stream = writer.root_object["/Metadata"].get_object()
    stream.set_data(
        stream.get_data().replace(
            b"<pdf:Trapped>",
            f'<mf:PanelMap xmlns:mf="{PANEL_MAP_NS}">{{"fold":</mf:PanelMap><pdf:Trapped>'.encode(),
        )
    )
    broken = BytesIO()
    writer.write(broken)
    assert read_panel_map(broken.getvalue()) is None


@pytest.mark.parametrize("level", LEVELS)
def test_output_is_byte_identical_across_calls(
    print_pdf: bytes, panel_map: dict[str, Any], pdfx: dict[str, bytes], level: str
) -> None:
    """This test ensures that identical input gives identical bytes, and that the two levels
    and a changed panel map give different document instances."""
    assert to_pdfx(print_pdf, level, panel_map=panel_map) == pdfx[level]
    other = to_pdfx(print_pdf, level, panel_map={**panel_map, "fold": "other"})
    assert (
        PdfReader(BytesIO(other)).trailer["/ID"][1]
        != (PdfReader(BytesIO(pdfx[level])).trailer["/ID"][1])
    )
    assert xmp_text(xmp(pdfx["x4"]), "xmpMM:InstanceID") != (
        xmp_text(xmp(pdfx["x1a"]), "xmpMM:InstanceID")
    )


def render(data: bytes) -> list[bytes]:
    """Every page rendered small, as raw pixels."""
    document = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=0.25).to_pil().tobytes() for page in document]
    finally:
        document.close()


@pytest.mark.parametrize("level", LEVELS)
def test_pypdf_and_pdfium_open_it_and_it_looks_the_same(
    pdfx: dict[str, bytes], print_pdf: bytes, level: str
) -> None:
    """This test ensures that the file reads in strict pypdf, renders in pdfium and renders
    exactly as the PDF it was made from."""
    reader = PdfReader(BytesIO(pdfx[level]), strict=True)
    assert len(reader.pages) == len(PdfReader(BytesIO(print_pdf)).pages)
    for page in reader.pages:
        page.get_contents()
    assert render(pdfx[level]) == render(print_pdf)


@pytest.mark.parametrize("level", LEVELS)
def test_page_boxes_are_kept(pdfx: dict[str, bytes], print_pdf: bytes, level: str) -> None:
    """This test ensures that every page keeps its MediaBox, TrimBox and BleedBox unchanged."""
    before = PdfReader(BytesIO(print_pdf)).pages
    after = PdfReader(BytesIO(pdfx[level])).pages
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
def test_fonts_stay_embedded(pdfx: dict[str, bytes], print_pdf: bytes, level: str) -> None:
    """This test ensures that the same fonts are there afterwards and every one is embedded."""
    fonts = embedded_fonts(pdfx[level])
    assert fonts == embedded_fonts(print_pdf)
    assert fonts and all(fonts.values())


def test_unknown_level_is_refused(print_pdf: bytes) -> None:
    """This test ensures that a level that is no key of PDFX_LEVELS is a ValueError naming it."""
    with pytest.raises(ValueError, match="'x3'"):
        to_pdfx(print_pdf, "x3")


# --- transparency --------------------------------------------------------------------------


def reportlab_pdf(draw: Callable[[Canvas], None]) -> bytes:
    """A one-page ReportLab PDF with fixed dates, a CMYK square drawn by ``draw``."""
    buffer = BytesIO()
    canvas = Canvas(buffer, invariant=1, pagesize=(200, 200))
    canvas.setFillColorCMYK(0, 1, 0, 0)
    draw(canvas)
    canvas.rect(50, 50, 100, 100, fill=1, stroke=0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def with_resource(kind: str, value: DictionaryObject | StreamObject) -> bytes:
    """A plain CMYK page with one extra resource of ``kind`` (drawn or not: resources count)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(reportlab_pdf(lambda canvas: None))))
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


def test_x1a_refuses_reportlab_fill_alpha() -> None:
    """This test ensures that X-1a refuses a PDF drawn with canvas.setFillAlpha(0.5) in CMYK,
    naming the page and the /ca it found, while X-4 accepts the same PDF."""
    transparent = reportlab_pdf(lambda canvas: canvas.setFillAlpha(0.5))
    with pytest.raises(ValueError, match=r"PDF/X-1a:2001 allows no transparency.*page 1.*/ca 0\.5"):
        to_pdfx(transparent, "x1a")
    assert to_pdfx(transparent, "x4").startswith(b"%PDF-1.6")


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
def test_x1a_refuses_every_kind_of_transparency(
    kind: str, resource: DictionaryObject | StreamObject, found: str
) -> None:
    """This test ensures that X-1a refuses alpha, blend modes and soft masks in graphics states
    and soft-masked images, each named in the error."""
    with pytest.raises(ValueError, match=found):
        to_pdfx(with_resource(kind, resource), "x1a")


def test_x1a_accepts_opaque_graphics_states() -> None:
    """This test ensures that graphics states that are opaque after all (/CA and /ca 1, blend
    mode /Normal or /Compatible, /SMask /None), as ReportLab writes when alpha returns to 1,
    pass X-1a."""
    opaque = gstate(
        CA=NumberObject(1),
        ca=FloatObject(1.0),
        BM=ArrayObject([NameObject("/Normal"), NameObject("/Compatible")]),
        SMask=NameObject("/None"),
    )
    assert to_pdfx(with_resource("/ExtGState", opaque), "x1a").startswith(b"%PDF-1.3")
    back_to_opaque = reportlab_pdf(lambda canvas: canvas.setFillAlpha(1))
    assert to_pdfx(back_to_opaque, "x1a").startswith(b"%PDF-1.3")


def test_x1a_refuses_a_transparency_page_group() -> None:
    """This test ensures that a page that declares a transparency group is refused by X-1a."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(reportlab_pdf(lambda canvas: None))))
    writer.pages[0][NameObject("/Group")] = gstate(S=NameObject("/Transparency"))
    buffer = BytesIO()
    writer.write(buffer)
    with pytest.raises(ValueError, match="transparency group"):
        to_pdfx(buffer.getvalue(), "x1a")


def test_x4_groups_only_the_pages_that_use_transparency(pdfx: dict[str, bytes]) -> None:
    """This test ensures that X-4 gives a page with transparency a CMYK transparency group and
    leaves opaque pages (the seed's) without one."""
    transparent = to_pdfx(reportlab_pdf(lambda canvas: canvas.setFillAlpha(0.5)), "x4")
    group = PdfReader(BytesIO(transparent)).pages[0]["/Group"].get_object()
    assert (group["/S"], group["/CS"]) == ("/Transparency", "/DeviceCMYK")
    assert all("/Group" not in page for page in PdfReader(BytesIO(pdfx["x4"])).pages)
