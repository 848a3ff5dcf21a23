"""The preflight on any PDF: a clean two-page sheet passes, and each way of breaking it is
reported by the check that owns it, on the right page, without ever raising.

The sheets are drawn here with ReportLab (a 200 × 100 mm bifold sheet, two panels a side, an
embedded TrueType font, CMYK colour, crop marks and a slug in registration colour outside the
bleed) and made PDF/X here with pypdf, panel map included, so that these tests depend on no other
stage of make-folder.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.folds import FOLDS
from layout.units import mm
from layout.verify import CHECKS, Finding, Preflight, preflight, verify_reader
from layout.verify.document import Composite, content_operations
from layout.verify.interpret import interpret_page
from layout.verify.preflight import preflight_file

ROOT = Path(__file__).resolve().parent.parent
# The module, which the package's own name "preflight" (the function) hides.
preflight_module = importlib.import_module("layout.verify.preflight")
clearance = importlib.import_module("layout.verify.clearance")
FONT = "PreflightSans"
pdfmetrics.registerFont(TTFont(FONT, str(ROOT / "fonts" / "NotoSans-Regular.ttf")))

WIDTH, HEIGHT = mm(200), mm(100)  # the flat sheet
PANEL = mm(100)  # two panels a side, one fold at 100 mm
MARGIN = mm(15)  # trim to the edge of the PDF page: room for marks and slug
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")
BLACK = CMYKColor(0, 0, 0, 1)
PANELS = (("Alpha", "Beta"), ("Gamma", "Delta"))  # left to right, page by page
FOLD = "bifold-4"

Draw = Callable[[Canvas, int], None]  # draws one page, origin at the trim's lower left


# --- drawing a sheet --------------------------------------------------------------------------


def draw_panels(canvas: Canvas, page: int, names: tuple[str, ...] | None = None) -> None:
    """A background into the bleed and each panel's heading and line, well inside the panel."""
    canvas.setFillColor(CMYKColor(0.1, 0, 0, 0))
    canvas.rect(-mm(3), -mm(3), WIDTH + mm(6), HEIGHT + mm(6), stroke=0, fill=1)
    canvas.setFillColor(BLACK)
    canvas.setFont(FONT, 10)
    for column, name in enumerate(names or PANELS[page]):
        canvas.drawString(column * PANEL + mm(10), mm(80), f"Panel {name}")
        canvas.drawString(column * PANEL + mm(10), mm(70), f"{name} says hello")


def draw_marks(canvas: Canvas) -> None:
    """Crop marks 3 to 9 mm from each corner, and a slug line below them: all outside the
    3 mm bleed, in registration colour."""
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setFillColor(REGISTRATION)
    canvas.setLineWidth(0.25)
    for x, out in ((0.0, -1), (WIDTH, 1)):
        for y, up in ((0.0, -1), (HEIGHT, 1)):
            canvas.line(x + out * mm(3), y, x + out * mm(9), y)
            canvas.line(x, y + up * mm(3), x, y + up * mm(9))
    canvas.setFont(FONT, 6)
    canvas.drawString(0, -mm(13), "preflight test sheet · bifold-4 · 200 × 100 mm")
    canvas.restoreState()


def sheet(*draws: Draw, bleed: float = 3, marks: bool = True) -> bytes:
    """The two-page sheet: the clean panels, then each of ``draws`` on every page."""
    buffer = BytesIO()
    trim = (MARGIN, MARGIN, MARGIN + WIDTH, MARGIN + HEIGHT)
    canvas = Canvas(
        buffer,
        pagesize=(WIDTH + 2 * MARGIN, HEIGHT + 2 * MARGIN),
        invariant=1,
        initialFontName=FONT,  # never the unembedded Helvetica
    )
    for page in range(2):
        canvas.setTrimBox(trim)
        canvas.setBleedBox(
            (trim[0] - mm(bleed), trim[1] - mm(bleed), trim[2] + mm(bleed), trim[3] + mm(bleed))
        )
        canvas.translate(MARGIN, MARGIN)
        for draw in draws or (draw_panels,):
            canvas.saveState()
            draw(canvas, page)
            canvas.restoreState()
        if marks:
            draw_marks(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def on_page(number: int, draw: Draw) -> Draw:
    """``draw`` on page ``number`` (1-based) only."""
    return lambda canvas, page: draw(canvas, page) if page == number - 1 else None


def edit_pages(data: bytes, edit: Callable[[DictionaryObject, int], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    for number, page in enumerate(writer.pages, start=1):
        edit(page, number)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


Resources = dict[str, dict[str, PdfObject]]  # category → name → object


def pdf_dict(**entries: Any) -> DictionaryObject:
    """A PDF dictionary from keyword arguments: names for strings starting with /, booleans,
    numbers and arrays of those, and PDF objects as they are."""

    def value(v: Any) -> PdfObject:
        if isinstance(v, PdfObject):
            return v
        if isinstance(v, bool):
            return BooleanObject(v)
        if isinstance(v, int | float):
            return FloatObject(v)
        if isinstance(v, list):
            return ArrayObject(value(i) for i in v)
        return NameObject(v) if v.startswith("/") else TextStringObject(v)

    return DictionaryObject({NameObject(f"/{k}"): value(v) for k, v in entries.items()})


def stream(data: bytes, **entries: Any) -> DecodedStreamObject:
    result = DecodedStreamObject()
    result.update(pdf_dict(**entries))
    result.set_data(data)
    return result


def with_content(
    data: bytes, content: bytes, *, page: int = 1, resources: Resources | None = None
) -> bytes:
    """``data`` with ``content`` drawn last on ``page`` (origin at the page's lower left), and
    ``resources`` added to the page's: the way to write what ReportLab will not."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    target = writer.pages[page - 1]
    old = target.raw_get("/Contents")
    parts = list(old.get_object()) if isinstance(old.get_object(), ArrayObject) else [old]
    target[NameObject("/Contents")] = ArrayObject([*parts, writer._add_object(stream(content))])
    own = target["/Resources"].get_object()
    for category, entries in (resources or {}).items():
        existing = own.get(category)
        merged = existing.get_object() if existing is not None else DictionaryObject()
        for name, value in entries.items():
            if isinstance(value, StreamObject):
                value = writer._add_object(value)
            merged[NameObject(name)] = value
        own[NameObject(category)] = merged
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def tint(cmyk: list[float]) -> DictionaryObject:
    """A tint transform: from no ink at 0 to ``cmyk`` at 1."""
    return pdf_dict(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=cmyk, N=1)


def separation(name: str) -> ArrayObject:
    return ArrayObject(
        [
            NameObject("/Separation"),
            NameObject(f"/{name}"),
            NameObject("/DeviceCMYK"),
            tint([0, 1, 1, 0]),
        ]
    )


# --- making it PDF/X --------------------------------------------------------------------------


SIDES = ("outside", "inside")  # page by page
# ReportLab's document information (invariant=1), said again in the XMP: the dates as the same
# instants written otherwise, as the check compares them.
XMP_PROPERTIES = {
    "dc:title": "untitled",
    "xmp:CreateDate": "2000-01-01T00:00:00Z",
    "xmp:ModifyDate": "2000-01-01T01:00:00+01:00",
    "pdf:Trapped": "False",
}


def label(page: int, column: int) -> str:
    """How make-folder labels the panel in ``column`` of ``page``: ``Side 3 (back-cover)``."""
    scheme = FOLDS[FOLD]
    return scheme.label(scheme.side_roles(SIDES[page])[column])


def panel_map(fold: str = FOLD, bleed: float = 3) -> dict[str, Any]:
    """The map of the clean sheet, as make-folder writes it into the XMP."""
    return {
        "version": 1,
        "fold": fold,
        "flat": {"width": 200, "height": 100},
        "bleed": bleed,
        "pages": [
            {
                "folds": {"vertical": [100], "horizontal": []},
                "panels": [
                    {
                        "label": label(page, column),
                        "x": 100 * column,
                        "y": 0,
                        "width": 100,
                        "height": 100,
                        "rotation": 0,
                        "text": [f"Panel {name}", f"{name} says hello"],
                    }
                    for column, name in enumerate(PANELS[page])
                ],
            }
            for page in range(2)
        ],
    }


def icc_profile(version: bytes = b"\x02\x10\x00\x00") -> bytes:
    """The header of a CMYK output (prtr) ICC profile, version 2.1 unless ``version`` (header
    bytes 8 to 11) says otherwise: all the structural check reads."""
    header = (128).to_bytes(4, "big") + b"none" + version + b"prtrCMYKLab "
    return header + bytes(128 - len(header))


def xmp(
    version: str | None, map_json: str | None, properties: dict[str, str | None] | None = None
) -> bytes:
    """The XMP packet: ``properties`` (XMP_PROPERTIES unless given), the version, the map."""
    items = ""
    for name, value in (XMP_PROPERTIES if properties is None else properties).items():
        if value is None:
            continue
        if name == "dc:title":
            value = f'<rdf:Alt><rdf:li xml:lang="x-default">{value}</rdf:li></rdf:Alt>'
        items += f"<{name}>{value}</{name}>"
    properties_ = items
    if version is not None:
        properties_ += f"<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>"
    if map_json is not None:
        escaped = map_json.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        properties_ += f"<mf:PanelMap>{escaped}</mf:PanelMap>"
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"'
        ' xmlns:mf="http://make-folder.org/ns/panel-map/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"{properties_}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def pdfx(
    data: bytes,
    *,
    version: str = "PDF/X-4",
    conformance: str | None = None,
    header: str = "1.6",
    intent: bool = True,
    map_json: str | None = None,
    fold: str = FOLD,
    profile_version: bytes = b"\x02\x10\x00\x00",
    info: dict[str, str | None] | None = None,
    properties: dict[str, str | None] | None = None,
) -> bytes:
    """``data`` with the PDF/X keys, the output intent and the XMP (with the panel map).

    ``info`` changes the document information (None deletes a key), ``properties`` the XMP's
    (merged into XMP_PROPERTIES; None leaves one out).
    """
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.pdf_header = f"%PDF-{header}".encode()
    # ReportLab already writes /Trapped /False, as the name PDF/X wants.
    writer.add_metadata({"/GTS_PDFXVersion": version})
    if conformance is not None:
        writer.add_metadata({"/GTS_PDFXConformance": conformance})
    document_info = writer._info.get_object()
    for key, value in (info or {}).items():
        if value is None:
            del document_info[NameObject(key)]
        elif key == "/Trapped":
            document_info[NameObject(key)] = NameObject(value)
        else:
            document_info[NameObject(key)] = TextStringObject(value)
    root = writer.root_object
    if intent:
        profile = DecodedStreamObject()
        profile.set_data(icc_profile(profile_version))
        profile[NameObject("/N")] = NumberObject(4)
        output_intent = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/OutputIntent"),
                NameObject("/S"): NameObject("/GTS_PDFX"),
                NameObject("/OutputConditionIdentifier"): TextStringObject("FOGRA39"),
                NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
                NameObject("/DestOutputProfile"): writer._add_object(profile),
            }
        )
        root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(output_intent)])
    metadata = DecodedStreamObject()
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    if map_json is None:
        map_json = json.dumps(panel_map(fold), ensure_ascii=False)
    metadata.set_data(
        xmp(
            version if conformance is None else None,
            map_json,
            {**XMP_PROPERTIES, **(properties or {})},
        )
    )
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- reading the result -----------------------------------------------------------------------


def errors(result: Preflight) -> set[tuple[str, int | None]]:
    """(check, page) of every error: what each test pins down exactly."""
    return {(f.check, f.page) for f in result.findings if f.severity == "error"}


def messages(result: Preflight, check: str, severity: str | None = None) -> str:
    """The messages of ``check``'s findings (of one ``severity`` if given), a line each."""
    return "\n".join(
        f.message for f in result.findings if f.check == check and severity in (None, f.severity)
    )


@pytest.fixture(scope="module")
def clean() -> bytes:
    return pdfx(sheet())


# --- the clean sheet --------------------------------------------------------------------------


def test_clean_sheet_passes_every_check(clean: bytes) -> None:
    """This test ensures that a correct PDF/X-4 sheet with its panel map has no errors and no
    warnings, and that every check ran on it."""
    result = preflight(clean, name="clean.pdf", fold=FOLD)
    assert [f for f in result.findings if f.severity != "note"] == []
    assert result.ok
    assert result.checked == CHECKS
    assert (result.pdfx, result.fold, result.pages) == ("PDF/X-4", FOLD, 2)
    assert "clean.pdf: OK" in result.report()
    assert "no problems found" in result.report()


def test_json_report_round_trips(clean: bytes) -> None:
    """This test ensures that to_json() has the stable keys and survives json.dumps unchanged."""
    broken = preflight(pdfx(sheet(draw_panels, on_page(2, rgb_text))), name="broken.pdf")
    for result in (preflight(clean, name="clean.pdf"), broken):
        data = result.to_json()
        assert json.loads(json.dumps(data)) == data
        assert list(data) == ["file", "ok", "pdfx", "fold", "pages", "checked", "findings"]
    finding = broken.to_json()["findings"][0]
    assert finding == {
        "check": "colour",
        "severity": "error",
        "page": 2,
        "message": "RGB colour '1 0 0 rg'",
    }


def test_report_names_every_finding() -> None:
    """This test ensures that the text report has a verdict, a line for each finding with its
    severity, page and check, and the list of checks that ran."""
    result = preflight(sheet(rgb_text, helvetica), name="foreign.pdf")
    report = result.report()
    assert report.splitlines()[0].startswith("foreign.pdf: NOT OK (")
    for finding in result.findings:
        assert finding.message in report
    assert "error    page 1   colour: RGB colour '1 0 0 rg'" in report
    assert report.splitlines()[-1] == f"checked: {', '.join(CHECKS)}"


def test_findings_keep_their_old_shape() -> None:
    """This test ensures that Finding(check, page, message) still works as the build uses it:
    an error, printed as "check: page N: message"."""
    finding = Finding("panels", 1, "Side 7 (front-cover): 'x' is not in its slot")
    assert finding.severity == "error"
    assert str(finding) == "panels: page 1: Side 7 (front-cover): 'x' is not in its slot"
    with pytest.raises(ValueError, match="severity"):
        Finding("boxes", None, "x", "fatal")


# --- boxes ------------------------------------------------------------------------------------


def test_missing_trimbox_is_found() -> None:
    """This test ensures that a page without a TrimBox is a boxes error on that page."""

    def drop_trim(page: DictionaryObject, number: int) -> None:
        if number == 1:
            del page[NameObject("/TrimBox")]

    result = preflight(pdfx(edit_pages(sheet(), drop_trim)))
    assert errors(result) == {("boxes", 1)}
    assert messages(result, "boxes") == "no TrimBox"


def test_short_bleed_is_found() -> None:
    """This test ensures that a bleed of 2 mm is a boxes error on every page."""
    result = preflight(pdfx(sheet(bleed=2), map_json=json.dumps(panel_map(bleed=2))))
    assert errors(result) == {("boxes", 1), ("boxes", 2)}
    assert "bleed 2.00 mm on every side; needs at least 3 mm" in messages(result, "boxes")


def test_boxes_not_nested_are_found() -> None:
    """This test ensures that a BleedBox reaching beyond the MediaBox is a boxes error."""

    def shrink_media(page: DictionaryObject, number: int) -> None:
        if number == 2:
            page.mediabox.lower_left = (MARGIN - mm(2), MARGIN - mm(2))
            page.mediabox.upper_right = (MARGIN + WIDTH + mm(2), MARGIN + HEIGHT + mm(2))

    result = preflight(pdfx(edit_pages(sheet(), shrink_media)))
    assert errors(result) == {("boxes", 2)}
    assert "not nested" in messages(result, "boxes")


def test_pages_of_different_sizes_are_found() -> None:
    """This test ensures that a page whose trim differs from the first page's is an error."""

    def wider(page: DictionaryObject, number: int) -> None:
        if number == 2:
            page[NameObject("/TrimBox")] = ArrayObject(
                FloatObject(v) for v in (MARGIN, MARGIN, MARGIN + WIDTH - mm(10), MARGIN + HEIGHT)
            )

    result = preflight(edit_pages(sheet(), wider))
    assert ("boxes", 2) in errors(result)
    assert "TrimBox 190.00 × 100.00 mm differs from page 1's 200.00 × 100.00 mm" in messages(
        result, "boxes"
    )


# --- fonts and colour -------------------------------------------------------------------------


def rgb_text(canvas: Canvas, page: int) -> None:
    canvas.setFillColorRGB(1, 0, 0)
    canvas.setFont(FONT, 10)
    canvas.drawString(mm(10), mm(40), "Red")


def helvetica(canvas: Canvas, page: int) -> None:
    canvas.setFillColor(BLACK)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(mm(110), mm(40), "Helvetica")


def test_rgb_text_is_found() -> None:
    """This test ensures that text coloured with the rg operator is a colour error."""
    result = preflight(pdfx(sheet(draw_panels, on_page(2, rgb_text))))
    assert errors(result) == {("colour", 2)}
    assert messages(result, "colour") == "RGB colour '1 0 0 rg'"


def test_rgb_image_is_found() -> None:
    """This test ensures that an RGB image XObject is a colour error."""

    def image(canvas: Canvas, page: int) -> None:
        canvas.drawImage(ImageReader(Image.new("RGB", (4, 4), (255, 0, 0))), mm(150), mm(20))

    result = preflight(pdfx(sheet(draw_panels, on_page(1, image))))
    assert errors(result) == {("colour", 1)}
    assert "RGB image" in messages(result, "colour")


def test_rgb_in_a_form_is_found() -> None:
    """This test ensures that RGB colour set inside a Form XObject is found on the page that
    draws the form."""

    def form(canvas: Canvas, page: int) -> None:
        canvas.beginForm("red")
        canvas.setFillColorRGB(0, 0, 1)
        canvas.rect(0, 0, 10, 10, stroke=0, fill=1)
        canvas.endForm()
        canvas.translate(mm(150), mm(20))
        canvas.doForm("red")

    result = preflight(pdfx(sheet(draw_panels, on_page(2, form))))
    assert errors(result) == {("colour", 2)}
    assert messages(result, "colour") == "RGB colour '0 0 1 rg'"


def test_unembedded_font_is_found() -> None:
    """This test ensures that text in Helvetica, a standard-14 font never embedded, is a fonts
    error on the page that uses it."""
    result = preflight(pdfx(sheet(draw_panels, on_page(1, helvetica))))
    assert errors(result) == {("fonts", 1)}
    assert messages(result, "fonts") == "Helvetica (a standard-14 font) is not embedded"


# --- marks ------------------------------------------------------------------------------------


def test_mark_inside_the_bleed_is_found() -> None:
    """This test ensures that a line in registration colour inside the bleed is a marks error
    that says where it is."""

    def mark(canvas: Canvas, page: int) -> None:
        canvas.setStrokeColor(REGISTRATION)
        canvas.line(mm(50), mm(50), mm(60), mm(50))

    result = preflight(pdfx(sheet(draw_panels, on_page(1, mark))))
    assert errors(result) == {("marks", 1)}
    assert "registration-colour stroke at x 50.0…60.0 mm, y 49.8…50.2 mm" in messages(
        result, "marks"
    )


def test_mark_in_a_form_is_placed_by_the_form() -> None:
    """This test ensures that a registration-colour mark drawn by a Form XObject is measured
    where the CTM and the form's /Matrix put it: outside the bleed it passes, moved into the
    bleed by its /Matrix it is an error."""

    def target(canvas: Canvas, page: int) -> None:
        canvas.beginForm("target")
        canvas.setStrokeColor(REGISTRATION)
        canvas.circle(mm(2), mm(2), mm(2))
        canvas.endForm()
        canvas.translate(WIDTH + mm(4), mm(50))  # 4 to 8 mm right of the trim
        canvas.doForm("target")

    data = pdfx(sheet(draw_panels, on_page(2, target)))
    assert errors(preflight(data)) == set()

    def move_in(page: DictionaryObject, number: int) -> None:
        for form in page["/Resources"].get("/XObject", {}).values():
            matrix = (1, 0, 0, 1, -mm(5), 0)  # now 1 mm inside to 3 mm outside the trim
            form.get_object()[NameObject("/Matrix")] = ArrayObject(FloatObject(v) for v in matrix)

    result = preflight(pdfx(edit_pages(sheet(draw_panels, on_page(2, target)), move_in)))
    assert errors(result) == {("marks", 2)}
    assert messages(result, "marks").startswith("registration-colour stroke at x 199.0…203.2 mm")


def test_slug_text_in_registration_colour_outside_the_bleed_passes() -> None:
    """This test ensures that registration-colour text wholly outside the bleed, however near,
    is no error: the text box is measured from the font, not guessed."""

    def label(canvas: Canvas, page: int) -> None:
        canvas.setFillColor(REGISTRATION)
        canvas.setFont(FONT, 6)
        # NotoSans descends 0.293 em: 6 pt text sits clear of the bleed 2 pt above it.
        canvas.drawString(mm(20), HEIGHT + mm(3) + 2, "Side 1 (alpha)")

    assert errors(preflight(pdfx(sheet(draw_panels, label)))) == set()


# --- text near trim and folds -----------------------------------------------------------------


def test_text_near_a_fold_is_found() -> None:
    """This test ensures that text ending 2 mm before a fold line of the panel map is a text
    error on that page."""

    def near_fold(canvas: Canvas, page: int) -> None:
        canvas.setFillColor(BLACK)
        canvas.setFont(FONT, 10)
        canvas.drawRightString(PANEL - mm(2), mm(40), "Close to the fold")

    result = preflight(pdfx(sheet(draw_panels, on_page(1, near_fold))))
    assert errors(result) == {("text", 1)}
    assert "from the fold at 100 mm from the left trim; keep text 3 mm away" in messages(
        result, "text"
    )


def test_text_near_the_trim_is_found() -> None:
    """This test ensures that text 3 mm from the left trim edge is a text error."""

    def near_trim(canvas: Canvas, page: int) -> None:
        canvas.setFillColor(BLACK)
        canvas.setFont(FONT, 10)
        canvas.drawString(mm(3), mm(40), "Close to the trim")

    result = preflight(pdfx(sheet(draw_panels, on_page(2, near_trim))))
    assert errors(result) == {("text", 2)}
    # Only the C comes nearer than 5 mm: the finding names the characters that do.
    assert (
        messages(result, "text")
        == "text 'C' is 3.2 mm from the left trim edge; keep text 5 mm away"
    )


def _measured(
    text: pdfium.PdfTextPage, trim: tuple[float, float, float, float], folds: list[Any]
) -> list[tuple[str, str, float, float]]:
    """The runs of characters too near an edge or a fold, every glyph measured: the text
    check's rule said plainly, without its quick pass over the glyphs clear of everything."""
    runs: list[tuple[str, str, float, float]] = []
    last = -2
    for i in range(text.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
        if char.isspace() or char == "\x00" or pdfium_c.FPDFText_IsGenerated(text.raw, i) == 1:
            continue
        box = text.get_charbox(i)
        problem = clearance._too_near(box, trim, folds) if clearance._inside(box, trim) else None
        if problem is None:
            continue
        where, distance, need = problem
        shown = "-" if char in "\x02\ufffe" else char
        if runs and runs[-1][1] == where and last >= i - 2:
            gap = " " if last < i - 1 else ""
            text_, _, nearest, _ = runs[-1]
            runs[-1] = (text_ + gap + shown, where, min(nearest, distance), need)
        else:
            runs.append((shown, where, distance, need))
        last = i
    return runs


def test_quick_clearance_pass_finds_what_measuring_every_glyph_finds() -> None:
    """This test ensures that the text check, which passes over the glyphs clear of every edge
    and fold without measuring them, finds the same runs as measuring every glyph, for trims and
    folds placed at random across a page's glyphs: at their edges, a clearance away, a hair
    either side of it, beyond the trim and at infinity."""
    near = on_page(1, lambda canvas, _: canvas.drawString(mm(3), mm(40), "Close to the trim"))
    document = pdfium.PdfDocument(sheet(draw_panels, near))
    rng = random.Random(5)
    found = 0
    for index in range(len(document)):
        text = document[index].get_textpage()
        glyphs = [text.get_charbox(i) for i in range(text.count_chars())]
        for _ in range(150):
            edges = [rng.choice(glyphs) for _ in range(4)]
            slack = [rng.choice([0, 1e-9, -1e-9, 0.01, -0.01, 1, -1, 40]) for _ in range(4)]
            trim = (
                edges[0][0] - clearance.SAFE_TRIM + slack[0],
                edges[1][1] - clearance.SAFE_TRIM + slack[1],
                max(edges[2][2] + clearance.SAFE_TRIM - slack[2], edges[0][0]),
                max(edges[3][3] + clearance.SAFE_TRIM - slack[3], edges[1][1]),
            )
            folds = []
            for _ in range(rng.randint(0, 4)):
                glyph, vertical = rng.choice(glyphs), rng.random() < 0.5
                at = rng.choice(glyph[0::2] if vertical else glyph[1::2])
                offset = rng.choice([0, clearance.SAFE_FOLD, -clearance.SAFE_FOLD, 1e3])
                odd = rng.choice([float("inf"), float("nan")])  # infinite map; infinite trim too
                position = rng.choice([at + offset + rng.choice([0, 1e-9, -0.01]), odd])
                folds.append(clearance.Fold(position, vertical, f"the fold at {position:g}"))
            runs = clearance._crowded(text, trim, folds)
            assert runs == _measured(text, trim, folds), (trim, folds)
            found += bool(runs)
    assert found > 50  # the cases reach text too near as well as text clear of everything


def test_without_a_panel_map_the_fold_check_is_a_note() -> None:
    """This test ensures that a PDF without a panel map says, in notes, that fold distances and
    panel order were not checked, rather than passing them silently."""
    result = preflight(sheet())
    notes = {(f.check, f.message) for f in result.findings if f.severity == "note"}
    assert ("text", "distance from folds not checked: the PDF carries no panel map") in notes
    assert ("panels", "panel order not checked: the PDF carries no panel map") in notes


# --- panels -----------------------------------------------------------------------------------


def test_wrong_panel_order_is_found() -> None:
    """This test ensures that a sheet whose panels sit in each other's places (the map says Alpha
    left of Beta, the page has Beta left) is a panels error on that page."""

    def swapped(canvas: Canvas, page: int) -> None:
        draw_panels(canvas, page, PANELS[page][::-1] if page == 0 else None)

    result = preflight(pdfx(sheet(swapped)))
    assert errors(result) == {("panels", 1)}
    assert f"{label(0, 0)}: 'Panel Alpha' is not in its panel at 0 mm" in messages(result, "panels")


def test_map_for_another_fold_is_found(clean: bytes) -> None:
    """This test ensures that asking for a fold the panel map does not name is a panels error."""
    result = preflight(clean, fold="gate-8")
    assert errors(result) == {("panels", None)}
    assert messages(result, "panels") == "the panel map is for fold 'bifold-4', not 'gate-8'"


def test_unknown_fold_is_found(clean: bytes) -> None:
    """This test ensures that an unknown fold name is an error that lists the known folds."""
    result = preflight(clean, fold="origami-99")
    assert ("panels", None) in errors(result)
    assert f"expected one of: {', '.join(sorted(FOLDS))}" in messages(result, "panels")


def test_unreadable_panel_map_is_a_warning() -> None:
    """This test ensures that a panel map that is not valid JSON is reported as a warning and the
    file is then checked as one without a map."""
    result = preflight(pdfx(sheet(), map_json="{not json"))
    assert result.ok
    warnings = [f for f in result.findings if f.severity == "warning"]
    assert [(f.check, f.page) for f in warnings] == [("panels", None)]
    assert warnings[0].message.startswith("the panel map cannot be read:")


# --- pdfx -------------------------------------------------------------------------------------


def test_missing_output_intent_is_found() -> None:
    """This test ensures that a PDF/X file without its output intent is a pdfx error."""
    result = preflight(pdfx(sheet(), intent=False))
    assert errors(result) == {("pdfx", None)}
    assert messages(result, "pdfx") == "no PDF/X output intents (/S /GTS_PDFX); needs exactly one"


def test_pdf_without_pdfx_keys_is_one_error() -> None:
    """This test ensures that a plain PDF gets exactly one pdfx error saying it is not PDF/X."""
    result = preflight(sheet())
    assert errors(result) == {("pdfx", None)}
    pdfx_findings = [f for f in result.findings if f.check == "pdfx"]
    assert len(pdfx_findings) == 1
    assert pdfx_findings[0].message.startswith("not PDF/X: ")


def test_transparency_in_x1a_is_found() -> None:
    """This test ensures that an opacity below 1 in a PDF/X-1a:2001 file is a pdfx error on its
    page, while the same file as PDF/X-4 passes."""

    def translucent(canvas: Canvas, page: int) -> None:
        canvas.setFillColor(BLACK)
        canvas.setFillAlpha(0.5)
        canvas.rect(mm(120), mm(20), mm(20), mm(20), stroke=0, fill=1)

    data = sheet(draw_panels, on_page(2, translucent))
    x1a = pdfx(data, version="PDF/X-1:2001", conformance="PDF/X-1a:2001", header="1.3")
    result = preflight(x1a)
    assert result.pdfx == "PDF/X-1a:2001"
    assert errors(result) == {("pdfx", 2)}
    assert "sets /ca 0.5); PDF/X-1a:2001 allows none" in messages(result, "pdfx")
    assert errors(preflight(pdfx(data))) == set()


def test_header_newer_than_the_standard_is_found() -> None:
    """This test ensures that a PDF/X-1a:2001 file whose header says PDF 1.4 is a pdfx error."""
    x1a = pdfx(sheet(), version="PDF/X-1:2001", conformance="PDF/X-1a:2001", header="1.4")
    result = preflight(x1a)
    assert errors(result) == {("pdfx", None)}
    assert messages(result, "pdfx") == "header says PDF 1.4; PDF/X-1a:2001 allows PDF 1.3 at most"


# --- robustness -------------------------------------------------------------------------------


def garbage_operators(data: bytes) -> bytes:
    """``data`` with page 1's content replaced by operators no PDF has, and bad operands."""

    def replace(page: DictionaryObject, number: int) -> None:
        if number == 1:
            stream = DecodedStreamObject()
            stream.set_data(b"q 1 0 0 1 0 0 cm foo (x) bar 1 2 re 0 0 m (a) (b) l S zz Q Q")
            page[NameObject("/Contents")] = stream

    return edit_pages(data, replace)


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        pytest.param(lambda data: data[: len(data) // 2], "cannot read the PDF", id="truncated"),
        pytest.param(lambda data: random.Random(1).randbytes(4000), "not a PDF", id="random-bytes"),
        pytest.param(
            lambda data: b"%PDF-1.7\n" + random.Random(2).randbytes(4000),
            "cannot read the PDF",
            id="random-after-header",
        ),
        pytest.param(lambda data: b"", "the file is empty", id="empty"),
        pytest.param(garbage_operators, "unknown operator", id="garbage-operators"),
    ],
)
def test_broken_files_are_findings_not_crashes(
    clean: bytes, damage: Callable[[bytes], bytes], says: str
) -> None:
    """This test ensures that a damaged or foreign file yields a file error saying what is wrong
    and a report, and never raises."""
    result = preflight(damage(clean), name="broken.pdf")
    assert not result.ok
    assert says in messages(result, "file")
    assert "broken.pdf: NOT OK" in result.report()
    json.dumps(result.to_json())


@pytest.mark.parametrize("password", ["", "secret"])
def test_encrypted_file_is_found(password: str) -> None:
    """This test ensures that an encrypted PDF is a file error, whether or not it opens without
    a password."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(sheet())))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    result = preflight(out.getvalue())
    assert ("file", None) in errors(result)
    assert "the PDF is encrypted" in messages(result, "file")


def test_garbage_operators_are_named() -> None:
    """This test ensures that each unknown operator and each operation with bad operands is
    reported on its page, and the rest of the page is still checked."""
    result = preflight(garbage_operators(pdfx(sheet())))
    assert errors(result) >= {("file", 1)}
    found = messages(result, "file")
    for name in ("foo", "bar", "zz"):
        assert f"content stream: unknown operator '{name}'" in found
    assert "content stream: cannot interpret 'l': needs 2 numbers" in found


# --- what the document information and the XMP say (pdfx) ---------------------------------------


X1A = {"version": "PDF/X-1:2001", "conformance": "PDF/X-1a:2001", "header": "1.3"}


def test_x1a_without_title_and_dates_is_found() -> None:
    """This test ensures that a PDF/X-1a file whose document information lacks /Title,
    /CreationDate and /ModDate has an error for each, even though its XMP has them."""
    missing = dict.fromkeys(("/Title", "/CreationDate", "/ModDate"))
    result = preflight(pdfx(sheet(), **X1A, info=missing))  # type: ignore[arg-type]
    assert errors(result) == {("pdfx", None)}
    assert messages(result, "pdfx").splitlines() == [
        f"no {key} in the document information; PDF/X-1a:2001 needs it" for key in missing
    ]


def test_x4_without_title_and_dates_in_the_xmp_is_found() -> None:
    """This test ensures that a PDF/X-4 file whose XMP lacks dc:title, xmp:CreateDate and
    xmp:ModifyDate has an error for each, even though its document information has them."""
    names = ("dc:title", "xmp:CreateDate", "xmp:ModifyDate")
    result = preflight(pdfx(sheet(), properties=dict.fromkeys(names)))
    assert errors(result) == {("pdfx", None)}
    assert messages(result, "pdfx").splitlines() == [
        f"the XMP metadata has no {name}; PDF/X-4 needs it" for name in names
    ]


@pytest.mark.parametrize(
    ("info", "properties", "says"),
    [
        pytest.param(
            {},
            {"dc:title": "Another title"},
            "/Title 'untitled', dc:title 'Another title'",
            id="title",
        ),
        pytest.param(
            {},
            {"xmp:CreateDate": "2000-01-01T00:00:00+01:00"},  # an hour before the Info's
            "/CreationDate \"D:20000101000000+00'00'\", xmp:CreateDate '2000-01-01T00:00:00+01:00'",
            id="creation-date",
        ),
        pytest.param(
            {"/ModDate": "D:20240101000000Z"},
            {},
            "/ModDate 'D:20240101000000Z', xmp:ModifyDate '2000-01-01T01:00:00+01:00'",
            id="modification-date",
        ),
        pytest.param(
            {}, {"pdf:Trapped": "True"}, "/Trapped '/False', pdf:Trapped 'True'", id="trapped"
        ),
        pytest.param(
            {"/GTS_PDFXVersion": "PDF/X-5g"},
            {},
            "the XMP says 'PDF/X-4' but the document information 'PDF/X-5g'",
            id="version",
        ),
        pytest.param(
            {"/CreationDate": "yesterday"},
            {},
            "/CreationDate 'yesterday' is not a PDF date",
            id="not-a-date",
        ),
    ],
)
def test_info_and_xmp_that_disagree_are_found(
    info: dict[str, str | None], properties: dict[str, str | None], says: str
) -> None:
    """This test ensures that the document information and the XMP saying different things
    (dates compared as instants, so the clean sheet's equal dates in other zones pass) is one
    pdfx error naming both values."""
    result = preflight(pdfx(sheet(), info=info, properties=properties))
    assert errors(result) == {("pdfx", None)}
    assert says in messages(result, "pdfx")
    if "disagree" in messages(result, "pdfx"):
        assert messages(result, "pdfx").startswith("the document information and the XMP disagree")


# --- what PDF/X forbids -----------------------------------------------------------------------


def annotation(subtype: str, rect: list[float], **entries: Any) -> DictionaryObject:
    return pdf_dict(Type="/Annot", Subtype=f"/{subtype}", Rect=rect, **entries)


def with_annotations(data: bytes, page: int, *annotations: DictionaryObject) -> bytes:
    def add(target: DictionaryObject, number: int) -> None:
        if number == page:
            target[NameObject("/Annots")] = ArrayObject(annotations)

    return edit_pages(data, add)


def test_annotation_in_the_trim_is_found() -> None:
    """This test ensures that a link annotation inside the TrimBox is a pdfx error on its page,
    while a printer's mark inside it and a link in the slug outside it pass."""
    inside, slug = (
        [MARGIN + 50, MARGIN + 50, MARGIN + 90, MARGIN + 60],
        [MARGIN, 2, MARGIN + 50, 20],
    )
    data = with_annotations(sheet(), 1, annotation("PrinterMark", inside), annotation("Link", slug))
    data = with_annotations(data, 2, annotation("Link", inside))
    result = preflight(pdfx(data))
    assert errors(result) == {("pdfx", 2)}
    assert messages(result, "pdfx") == (
        "Link annotation inside the TrimBox; PDF/X allows only PrinterMark and TrapNet "
        "annotations there"
    )


def javascript_open_action(writer: PdfWriter) -> None:
    writer.root_object[NameObject("/OpenAction")] = pdf_dict(
        S="/GoTo", D=[0, "/Fit"], Next=pdf_dict(S="/JavaScript", JS="app.alert(1)")
    )


def javascript_names(writer: PdfWriter) -> None:
    writer.root_object[NameObject("/Names")] = pdf_dict(JavaScript=pdf_dict(Names=[]))


def javascript_page(writer: PdfWriter) -> None:
    writer.pages[1][NameObject("/AA")] = pdf_dict(O=pdf_dict(S="/JavaScript", JS="1"))


@pytest.mark.parametrize(
    ("add", "page", "says"),
    [
        pytest.param(
            javascript_open_action,
            None,
            "JavaScript in the /OpenAction; PDF/X allows none",
            id="open-action",
        ),
        pytest.param(
            javascript_names,
            None,
            "JavaScript in the catalog's /Names (/JavaScript); PDF/X allows none",
            id="names",
        ),
        pytest.param(
            javascript_page,
            2,
            "JavaScript in the page's /AA (additional actions); PDF/X allows none",
            id="page-actions",
        ),
    ],
)
def test_javascript_is_found(add: Callable[[PdfWriter], None], page: int | None, says: str) -> None:
    """This test ensures that JavaScript, in the open action's chain, the catalog's name tree
    or a page's additional actions, is a pdfx error."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(sheet())))
    add(writer)
    out = BytesIO()
    writer.write(out)
    result = preflight(pdfx(out.getvalue()))
    assert errors(result) == {("pdfx", page)}
    assert messages(result, "pdfx") == says


def test_javascript_in_an_annotation_outside_the_trim_is_found() -> None:
    """This test ensures that a link in the slug that runs JavaScript is a pdfx error, though
    its place is allowed."""
    link = annotation("Link", [MARGIN, 2, MARGIN + 50, 20], A=pdf_dict(S="/JavaScript", JS="1"))
    result = preflight(pdfx(with_annotations(sheet(), 1, link)))
    assert errors(result) == {("pdfx", 1)}
    assert messages(result, "pdfx") == "JavaScript in a Link annotation's action; PDF/X allows none"


@pytest.mark.parametrize(
    ("content", "resources", "says"),
    [
        pytest.param(
            b"q /PS0 Do Q",
            {"/XObject": {"/PS0": stream(b"0 0 moveto", Type="/XObject", Subtype="/PS")}},
            "PostScript XObject /PS0 on the page; PDF/X allows none",
            id="postscript-xobject",
        ),
        pytest.param(
            b"(gsave grestore) PS (showpage) PS",
            {},
            "PostScript in the content (the PS operator); PDF/X allows none (×2)",
            id="ps-operator",
        ),
        pytest.param(
            b"/GS9 gs",
            {"/ExtGState": {"/GS9": pdf_dict(Type="/ExtGState", TR="/Identity")}},
            "transfer function (/TR) in graphics state /GS9 on the page; PDF/X allows none",
            id="transfer-function",
        ),
    ],
)
def test_postscript_and_transfer_functions_are_found(
    content: bytes, resources: Resources, says: str
) -> None:
    """This test ensures that a PostScript XObject, the PS operator and a transfer function
    are each a pdfx error on their page, and the PS operator no unknown-operator error."""
    result = preflight(pdfx(with_content(sheet(), content, page=2, resources=resources)))
    assert errors(result) == {("pdfx", 2)}
    assert messages(result, "pdfx") == says
    assert messages(result, "file") == ""


def test_default_transfer_function_passes() -> None:
    """This test ensures that /TR2 /Default, the one transfer function PDF/X allows, passes."""
    default = {"/ExtGState": {"/GS9": pdf_dict(Type="/ExtGState", TR2="/Default")}}
    assert errors(preflight(pdfx(with_content(sheet(), b"/GS9 gs", resources=default)))) == set()


# --- the output profile's ICC version ---------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "header", "profile", "says"),
    [
        (
            "PDF/X-1a:2003",
            "1.4",
            b"\x04\x20\x00\x00",
            "profile version 4.2 needs PDF 1.5, the header says 1.4",
        ),
        ("PDF/X-4", "1.6", b"\x05\x00\x00\x00", "profile version 5.0 is newer than any PDF holds"),
        (
            "PDF/X-1a:2003",
            "1.3",
            b"\x02\x20\x00\x00",
            "profile version 2.2 needs PDF 1.4, the header says 1.3",
        ),
        ("PDF/X-1a:2003", "1.3", b"\x02\x10\x00\x00", None),
        ("PDF/X-1a:2003", "1.4", b"\x02\x20\x00\x00", None),
        ("PDF/X-4", "1.6", b"\x04\x30\x00\x00", None),
    ],
)
def test_profile_newer_than_the_header_is_found(
    version: str, header: str, profile: bytes, says: str | None
) -> None:
    """This test ensures that an output profile whose ICC version the header's PDF version
    cannot hold (2.1 for PDF 1.3, 2.2 for 1.4, 4 from 1.5) is a pdfx error saying both."""
    result = preflight(pdfx(sheet(), version=version, header=header, profile_version=profile))
    if says is None:
        assert errors(result) == set()
    else:
        assert errors(result) == {("pdfx", None)}
        assert messages(result, "pdfx") == f"output intent: {says}" + (
            " (ICC version 4 at most)" if "newer" in says else ""
        )


def test_x1a_profile_for_pdf_1_4_in_a_pdf_1_3_file_is_found() -> None:
    """This test ensures that a PDF/X-1a:2001 file (header 1.3) with an ICC 2.2 output profile,
    which needs PDF 1.4, is an error in the reviewer's words."""
    result = preflight(pdfx(sheet(), **X1A, profile_version=b"\x02\x20\x00\x00"))  # type: ignore[arg-type]
    assert errors(result) == {("pdfx", None)}
    assert "profile version 2.2 needs PDF 1.4, the header says 1.3" in messages(result, "pdfx")


# --- spot colours -----------------------------------------------------------------------------

PANTONE = CMYKColorSep(0, 0.8, 1, 0, spotName="PANTONE 185 C")


def spot_fill(canvas: Canvas, page: int) -> None:
    canvas.setFillColor(PANTONE)
    canvas.rect(mm(120), mm(20), mm(20), mm(20), stroke=0, fill=1)


GOLD = {"/ColorSpace": {"/Gold": separation("Gold")}}
INKS = ("Gold", "Silver", "Copper", "None", "Black")


@pytest.mark.parametrize(
    ("content", "resources", "plates"),
    [
        pytest.param(b"", GOLD, "a fifth plate: Gold", id="colour-space"),
        pytest.param(b"/Gold cs 0.5 scn 50 50 10 10 re f", GOLD, "a fifth plate: Gold", id="cs"),
        pytest.param(
            b"q 10 0 0 10 50 50 cm /Im9 Do Q",
            {
                "/XObject": {
                    "/Im9": stream(
                        b"\x80",
                        Type="/XObject",
                        Subtype="/Image",
                        Width=1,
                        Height=1,
                        BitsPerComponent=8,
                        ColorSpace=separation("Gold"),
                    )
                }
            },
            "a fifth plate: Gold",
            id="image",
        ),
        pytest.param(
            b"/Sh9 sh",
            {
                "/Shading": {
                    "/Sh9": pdf_dict(
                        ShadingType=2,
                        ColorSpace=separation("Gold"),
                        Coords=[0, 0, 10, 0],
                        Function=tint([0, 1, 1, 0]),
                    )
                }
            },
            "a fifth plate: Gold",
            id="shading",
        ),
        pytest.param(
            b"/Duo cs 1 1 1 scn 50 50 10 10 re f",
            {
                "/ColorSpace": {
                    "/Duo": ArrayObject(
                        [
                            NameObject("/DeviceN"),
                            ArrayObject(
                                [NameObject("/Cyan"), NameObject("/Gold"), NameObject("/Silver")]
                            ),
                            NameObject("/DeviceCMYK"),
                            tint([0, 1, 1, 0]),
                        ]
                    )
                }
            },
            "a fifth and a sixth plate: Gold, Silver",
            id="device-n",
        ),
        pytest.param(
            b"",
            {"/ColorSpace": {f"/S{i}": separation(name) for i, name in enumerate(INKS)}},
            "3 more plates (fifth to seventh): Gold, Silver, Copper",
            id="three",
        ),
    ],
)
def test_spot_colours_are_a_warning_naming_each_plate(
    content: bytes, resources: Resources, plates: str
) -> None:
    """This test ensures that every Separation or DeviceN colorant beyond CMYK, All and None is
    named in one colour warning for the file, however the page declares or paints it."""
    result = preflight(pdfx(with_content(sheet(), content, resources=resources)))
    assert result.ok
    warnings = [f for f in result.findings if f.severity == "warning"]
    assert [(f.check, f.page) for f in warnings] == [("colour", None)]
    assert warnings[0].message.startswith(f"{plates};")


def test_spot_colour_drawn_by_reportlab_is_named() -> None:
    """This test ensures that a fill in a ReportLab spot colour is the warning "a fifth plate:
    PANTONE 185 C", and that the sheet's registration colour (All) is no plate of its own."""
    result = preflight(pdfx(sheet(draw_panels, on_page(2, spot_fill))))
    assert result.ok
    assert messages(result, "colour").startswith("a fifth plate: PANTONE 185 C;")


# --- white set to overprint -------------------------------------------------------------------

OVERPRINT = {
    "/ExtGState": {
        "/OP1": pdf_dict(op=True),
        "/OP2": pdf_dict(OP=True),
        "/OP3": pdf_dict(OP=True, op=False),
    }
}
OVERPRINT["/ColorSpace"] = {"/Spot": separation("PANTONE 185 C")}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        pytest.param(b"/OP1 gs 0 0 0 0 k 50 50 10 10 re f", "fill in CMYK 0 0 0 0", id="fill-op"),
        pytest.param(b"/OP2 gs 1 g 50 50 10 10 re f", "fill in gray 1", id="fill-OP-alone"),
        pytest.param(b"/OP3 gs 0 0 0 0 K 50 50 m 60 60 l S", "stroke in CMYK 0 0 0 0", id="stroke"),
        pytest.param(
            b"/OP1 gs /Spot cs 0 scn 50 50 10 10 re f", "fill in PANTONE 185 C tint 0", id="tint-0"
        ),
        pytest.param(b"/OP1 gs 1 g BT /F1+0 10 Tf 50 50 Td (a) Tj ET", "text in gray 1", id="text"),
        pytest.param(
            b"/OP1 gs 0 0 0 0 k q 10 0 0 10 50 50 cm BI /IM true /W 1 /H 1 /BPC 1 ID \x00 EI Q",
            "image mask in CMYK 0 0 0 0",
            id="inline-image-mask",
        ),
        pytest.param(b"/OP1 gs 1 g /Fm9 Do", "fill in gray 1", id="in-a-form"),
        pytest.param(b"/Fm7 Do", "fill in gray 1", id="form-with-its-drawer's-resources"),
    ],
)
def test_white_set_to_overprint_is_found(content: bytes, says: str) -> None:
    """This test ensures that white (CMYK 0 0 0 0, gray 1, a spot at tint 0) painted while
    overprint is on for that operation — fill by /op, or /OP without /op; stroke by /OP — is
    a colour error on its page, in the page or in a form drawn with that state, or with the
    graphics states of the page that draws it when it has no resources of its own."""
    form = {"Type": "/XObject", "Subtype": "/Form", "BBox": [0, 0, 600, 400]}
    resources = {
        **OVERPRINT,
        "/XObject": {
            "/Fm9": stream(b"50 50 10 10 re f", **form),
            "/Fm7": stream(b"/OP1 gs 1 g 50 50 10 10 re f", **form),
        },
    }
    result = preflight(pdfx(with_content(sheet(), content, page=2, resources=resources)))
    assert errors(result) == {("colour", 2)}
    assert messages(result, "colour", "error") == (
        f"white set to overprint disappears on press: {says}"
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"/OP3 gs 0 0 0 0 k 50 50 10 10 re f", id="op-false-for-fill"),
        pytest.param(b"/OP1 gs 0 0 0 0 K 50 50 m 60 60 l S", id="op-is-not-for-stroke"),
        pytest.param(b"/OP1 gs 0 0 0 1 k 50 50 10 10 re f", id="black"),
        pytest.param(b"q /OP1 gs Q 0 0 0 0 k 50 50 10 10 re f", id="restored"),
        pytest.param(b"/OP1 gs 0 0 0 0 k 50 50 10 10 re n", id="not-painted"),
        pytest.param(b"/OP1 gs 0 0 0 0 k f", id="no-path"),
        pytest.param(b"/OP1 gs 1 g BT 3 Tr /F1+0 10 Tf 50 50 Td (a) Tj ET", id="invisible-text"),
    ],
)
def test_white_that_does_not_overprint_passes(content: bytes) -> None:
    """This test ensures that white painted without overprint for that operation, or
    overprinting ink that is not white, is no error: black text overprints on purpose."""
    result = preflight(pdfx(with_content(sheet(), content, page=2, resources=OVERPRINT)))
    assert errors(result) == set()


# --- dense and hostile content ----------------------------------------------------------------


def dense(operations: int) -> bytes:
    return b"0 0 0 0.2 k\n" + b"10 10 1 1 re f\n" * (operations // 2)


def test_dense_page_is_a_warning_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that a page beyond pypdf's parsing limit and the overprint scan's
    budget (both lowered here, as a page of millions of operations reaches them) is a warning
    for each check it stops — content, overprint, and the text pdfium is then not asked to lay
    out — saying what was not checked, not an error."""
    monkeypatch.setattr(preflight_module, "MAX_SCANNED", 1000)
    data = pdfx(with_content(sheet(), dense(2000)))
    with pypdf.apply_configuration(stream_parsing_work_maximum_count=5000):
        result = preflight(data)
    too_many = "1000 operations, forms included"
    assert result.ok
    warnings = {(f.check, f.page, f.message) for f in result.findings if f.severity == "warning"}
    assert warnings == {
        (
            "file",
            1,
            "content stream: not checked beyond pypdf's parsing limit (5000 tokens a stream): "
            "colour and marks in that stream are unchecked; the page is very dense",
        ),
        ("colour", 1, f"overprint not checked on this page beyond {too_many}"),
        ("text", 1, f"text positions not checked: the page holds more than {too_many}"),
        ("panels", 1, f"panel text not checked: the page holds more than {too_many}"),
    }


def test_scan_budgets_are_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that the scan's bounds — a page's content in bytes, the operations read
    in one file (both lowered here) — are warnings naming the bound, and that pdfium is then
    not asked to lay out the page."""
    monkeypatch.setattr(importlib.import_module("layout.verify.document"), "MAX_CONTENT_BYTES", 100)
    result = preflight(pdfx(sheet()))
    assert result.ok
    assert (
        messages(result, "colour").splitlines()
        == ["overprint not checked on this page beyond 100 bytes of content"] * 2
    )
    assert (
        messages(result, "text", "warning").splitlines()
        == ["text positions not checked: the page holds more than 100 bytes of content"] * 2
    )

    monkeypatch.undo()
    monkeypatch.setattr(preflight_module, "MAX_SCANNED_FILE", 1000)
    result = preflight(pdfx(with_content(sheet(), dense(2000))))
    assert result.ok
    assert [(f.page, f.message) for f in result.findings if f.check == "colour"] == [
        (1, "overprint not checked on this page beyond 1000 operations, forms included"),
        (
            2,
            "overprint not checked on this page (the pages before it used up the operations "
            "the preflight reads in one file)",
        ),
    ]


def test_interpreter_budget_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that the content interpreter stopping at its operation budget (lowered
    here), in a form drawn again and again, is one warning saying where it stopped."""
    # The sheet's pages spend about 180 of it (operations and glyphs), the forms 300 more.
    monkeypatch.setattr(importlib.import_module("layout.verify.interpret"), "MAX_OPERATIONS", 250)
    form = stream(dense(60), Type="/XObject", Subtype="/Form", BBox=[0, 0, 10, 10])
    content = b"/Fm8 Do " * 5
    result = preflight(pdfx(with_content(sheet(), content, resources={"/XObject": {"/Fm8": form}})))
    assert result.ok
    assert messages(result, "file") == (
        "content stream: not checked beyond 250 operations; the page is very dense"
    )


def test_colours_alone_are_the_colours_of_a_full_interpretation() -> None:
    """This test ensures that interpreting a page for its colours alone (as the reader read-back
    does, placing nothing) finds every colour a full interpretation finds: set on the page,
    inside q and Q, in a form, by a colour space and by an inline image, among operators whose
    operands are broken."""
    form = stream(b"0 1 0 rg 0 0 5 5 re f", Type="/XObject", Subtype="/Form", BBox=[0, 0, 9, 9])
    content = (
        b"q 1 0 0 rg /CS0 cs (x) cm Q 0.5 sc 1 0 0 1 5 5 cm /Fm1 Do "
        b"BI /W 1 /H 1 /CS /RGB /BPC 8 ID \x00\x00\x00 EI 0 0 1 RG 0 0 m 5 5 l S "
        b"BT /F9 9 Tf (a) Tj ET (y) 1 rg 0 0 1 1 re f"
    )
    resources: Resources = {
        "/XObject": {"/Fm1": form},
        "/ColorSpace": {"/CS0": NameObject("/DeviceRGB")},
    }
    reader = PdfReader(BytesIO(with_content(sheet(), content, resources=resources)))
    page = reader.pages[0]
    full, colours = interpret_page(reader, page), interpret_page(reader, page, placement=False)
    assert colours.colours == full.colours
    # 0.5 sc is gray again once Q restores the state: no colour.
    assert [use.operator for use in full.colours] == ["rg", "cs", "rg", "inline image", "RG"]
    assert full.paints
    assert not colours.paints


def test_unparsable_content_stays_an_error() -> None:
    """This test ensures that a content stream pypdf cannot parse for what it holds (a
    dictionary never closed), not for its size, is still a file error."""
    result = preflight(pdfx(with_content(sheet(), b"q << /A 1 ", page=2)))
    assert errors(result) == {("file", 2)}
    assert "content stream cannot be parsed" in messages(result, "file")


HOSTILE = {
    "unterminated-string": b"0 0 0 0 k (never closed \\) f",
    "deep-string": b"(" * 50_000 + b")" * 50_000 + b" Tj",
    "deep-arrays": b"[" * 50_000 + b" TJ",
    "saves": b"q " * 200_000 + b"/OP1 gs 1 g 0 0 1 1 re f" + b" Q" * 10,
    "unterminated-inline-image": b"BI /IM true /W 9 /H 9 ID \x00\xff\x00",
    "binary": random.Random(3).randbytes(200_000),
    "numbers": b"1e999 -nan --1 .-. 99999999999999999999999 Tr (x) Tj 1 2 3 4 5 6 7 k f",
    "names": b"/#zz gs /# cs /OP1#20 gs /Fm9 Do",
    "form-drawn-often": b"/Fm8 Do " * 500,
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_content_never_raises_or_hangs(content: bytes) -> None:
    """This test ensures that content made to break a parser (unclosed strings, arrays and
    images, deep nesting, binary noise, absurd numbers and names, a dense form drawn over and
    over) yields a report in seconds, never an exception. (At full size, a form drawn until the
    page holds millions of operations, see test_dense_page_is_a_warning_not_an_error.)"""
    dense_form = stream(dense(200), Type="/XObject", Subtype="/Form", BBox=[0, 0, 10, 10])
    resources = {**OVERPRINT, "/XObject": {"/Fm8": dense_form, "/Fm9": dense_form}}
    started = time.monotonic()
    result = preflight(pdfx(with_content(sheet(), content, resources=resources)))
    assert time.monotonic() - started < 60
    json.dumps(result.to_json())
    assert result.report()


def test_content_tokens_match_pypdf() -> None:
    """This test ensures that the overprint scan reads a content stream into the operations
    pypdf reads: strings with nested and escaped parentheses, hex strings, arrays (with the
    bytes of the strings in them, which pdfium lays out glyph by glyph), dictionaries,
    comments, names with # escapes and inline images."""
    data = (
        b"q 1 0 0 1 10 10 cm /GS#201 gs (a (b (c) d) \\) \\( e) Tj [(x) -5 <4142>] TJ % no Tj\n"
        b"/P << /MCID 0 /A [1 (])] >> BDC EMC BI /W 2 /H 1 /CS /G /BPC 8 ID \x00EI EI Q"
        b" 0.5 -.5 +3 k"
    )
    ours = [operator for _, operator in content_operations(data)]
    theirs = [op for _, op in ContentStream(stream(data), None).operations]
    assert ours == [b"BI" if op == b"INLINE IMAGE" else op for op in theirs]
    operands = dict((operator, values) for values, operator in content_operations(data))
    assert operands[b"gs"] == ["/GS 1"]
    assert operands[b"Tj"] == [b"a (b (c) d) \\) \\( e"]
    assert operands[b"k"] == [0.5, -0.5, 3.0]
    (shown,) = operands[b"TJ"]  # an array, read no further than the bytes of its strings
    assert isinstance(shown, Composite) and shown.strings == len(b"x") + len(b"AB")


# --- forms drawing forms: work that grows with nesting, not with the file's size ---------------

HELVETICA = pdf_dict(Type="/Font", Subtype="/Type1", BaseFont="/Helvetica")
LEAF = b"BT /Hv 9 Tf 20 20 Td (Hello) Tj ET 1 0 0 rg 0 0 5 5 re f 0 0 0 1 k 1 1 2 2 re f"


def nested_forms(
    data: bytes, depth: int, fanout: int, leaf: bytes = LEAF, *, type3: bool = False
) -> bytes:
    """``data`` with page 1 drawing form /Fx, which draws the next form ``fanout`` times, and so
    on ``depth`` forms deep, the last drawing ``leaf``: ``fanout ** (depth - 1)`` leaves in a file
    of a few kilobytes. With ``depth`` 0, one form draws ``leaf`` and itself ``fanout`` times.
    With ``type3``, page 1 shows a glyph of a Type3 font whose procedure draws /Fx instead."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    font = writer._add_object(HELVETICA)

    def form_of(content: bytes) -> DecodedStreamObject:
        return stream(content, Type="/XObject", Subtype="/Form", BBox=[0, 0, 200, 200])

    calls = b" ".join([b"q /Fx Do Q"] * fanout)
    if depth == 0:
        form = form_of(calls + b" " + leaf)
        top = writer._add_object(form)
        form[NameObject("/Resources")] = pdf_dict(XObject=pdf_dict(Fx=top), Font=pdf_dict(Hv=font))
    else:
        top = writer._add_object(form_of(leaf))
        top.get_object()[NameObject("/Resources")] = pdf_dict(Font=pdf_dict(Hv=font))
        for _ in range(depth - 1):
            form = form_of(calls)
            form[NameObject("/Resources")] = pdf_dict(XObject=pdf_dict(Fx=top))
            top = writer._add_object(form)
    page = writer.pages[0]
    old = page.raw_get("/Contents")
    parts = list(old.get_object()) if isinstance(old.get_object(), ArrayObject) else [old]
    own = page["/Resources"].get_object()
    if type3:
        glyph = writer._add_object(stream(b"1000 0 0 0 1000 1000 d1 /Fx Do"))
        font = pdf_dict(
            Type="/Font",
            Subtype="/Type3",
            FontBBox=[0, 0, 1000, 1000],
            FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
            CharProcs=pdf_dict(a=glyph),
            Encoding=pdf_dict(Type="/Encoding", Differences=[97, "/a"]),
            FirstChar=97,
            LastChar=97,
            Widths=[1000],
            Resources=pdf_dict(XObject=pdf_dict(Fx=top)),
        )
        own[NameObject("/Font")].get_object()[NameObject("/T3")] = writer._add_object(font)
        content = b"BT /T3 12 Tf 20 20 Td (a) Tj ET"
    else:
        xobjects = own.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
        xobjects[NameObject("/Fx")] = top
        own[NameObject("/XObject")] = xobjects
        content = b"/Fx Do"
    page[NameObject("/Contents")] = ArrayObject([*parts, writer._add_object(stream(content))])
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# Run in a process of its own, its address space capped at 2 GiB: a file that asks for more is
# killed there, not on the machine running the tests.
BOUNDED = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from layout.verify import preflight
data = open(sys.argv[1], "rb").read()
started = time.monotonic()
result = preflight(data)
print(json.dumps({
    "seconds": time.monotonic() - started,
    "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    "findings": [[f.check, f.page, f.severity, f.message] for f in result.findings],
}))
"""
DENSE = "content stream: not checked beyond 1000000 operations; the page is very dense"
DEEP = "16 levels of forms within forms"
GLYPHS = b"BT /Hv 9 Tf 20 20 Td (" + b"x" * 20_000 + b") Tj ET"


@pytest.mark.parametrize(
    ("depth", "fanout", "leaf", "says"),
    [
        pytest.param(
            22,
            2,
            None,
            {
                ("colour", "warning", f"overprint not checked on this page beyond {DEEP}"),
                ("text", "warning", f"text positions not checked: the page holds more than {DEEP}"),
            },
            id="a-type3-glyph-drawing-forms-22-deep-2-each",
        ),
        pytest.param(
            16,
            4,
            LEAF,
            {
                ("file", "warning", DENSE),
                (
                    "colour",
                    "warning",
                    "overprint not checked on this page beyond 100000 forms drawn",
                ),
                (
                    "text",
                    "warning",
                    "text positions not checked: the page holds more than 100000 forms drawn",
                ),
            },
            id="16-deep-4-each",
        ),
        pytest.param(
            20,
            2,
            LEAF,
            {
                ("file", "warning", f"content stream: not checked beyond {DEEP}"),
                ("colour", "warning", f"overprint not checked on this page beyond {DEEP}"),
                ("text", "warning", f"text positions not checked: the page holds more than {DEEP}"),
            },
            id="20-deep-2-each",
        ),
        pytest.param(
            0,
            2,
            LEAF,
            {
                ("file", "error", "content stream: form /Fx draws itself: not followed (×2)"),
                (
                    "text",
                    "warning",
                    "text positions not checked: a form on the page draws itself, which pdfium "
                    "would lay out inside itself over and over",
                ),
            },
            id="drawing-itself-twice",
        ),
        pytest.param(
            12,
            2,
            GLYPHS,
            {
                ("file", "warning", DENSE),
                (
                    "colour",
                    "warning",
                    "overprint not checked on this page beyond 3000000 operations, forms included",
                ),
                (
                    "text",
                    "warning",
                    "text positions not checked: the page holds more than 3000000 operations, "
                    "forms included",
                ),
            },
            id="20000-glyphs-drawn-2048-times",
        ),
    ],
)
def test_forms_drawing_forms_end_quickly_in_bounded_memory(
    tmp_path: Path, depth: int, fanout: int, leaf: bytes | None, says: set[tuple[str, str, str]]
) -> None:
    """This test ensures that forms drawing each other (each the next several times: billions
    of operations, or of glyphs, in a few kilobytes), forms nested deeper than the interpreter
    follows, a form that draws itself twice, and a Type3 glyph whose procedure draws such forms
    (``leaf`` None: pdfium runs it to measure the glyph) end the preflight in seconds and well
    under a GiB, in a process that could not take more than 2 GiB, with a warning for each check
    saying what it did not check: the interpreter and the overprint scan each stop at their
    bound, and pdfium, which would build every copy, is not asked to lay the page out."""
    path = tmp_path / "nested.pdf"
    nested = nested_forms(sheet(), depth, fanout, leaf or LEAF, type3=leaf is None)
    path.write_bytes(pdfx(nested))
    done = subprocess.run(
        [sys.executable, "-c", BOUNDED, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["seconds"] < 120
    assert report["peak"] < 2**30
    found = {(check, severity, message) for check, page, severity, message in report["findings"]}
    assert says <= found
    assert {page for check, page, *_ in report["findings"] if check in ("text", "colour")} <= {
        1,
        None,
    }


def test_nesting_bounds_are_warnings_naming_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that forms nested deeper than the interpreter and the scan follow are
    one warning per check naming the depth, not an error; and that a form drawn many times is
    parsed once for the page, not at every draw."""
    interpret_module = importlib.import_module("layout.verify.interpret")
    parse = interpret_module._parse
    parsed: list[object] = []
    monkeypatch.setattr(interpret_module, "_parse", lambda *a: parsed.append(a[0]) or parse(*a))
    result = preflight(pdfx(nested_forms(sheet(), 18, 1)))
    assert errors(result) == {("fonts", 1)}  # Helvetica; the leaf's RGB lies too deep to see
    assert messages(result, "file") == f"content stream: not checked beyond {DEEP}"
    assert messages(result, "colour", "warning") == (
        f"overprint not checked on this page beyond {DEEP}"
    )
    parsed.clear()
    reader = PdfReader(BytesIO(nested_forms(sheet(), 4, 3)))
    interpret_page(reader, reader.pages[0])
    assert len(parsed) == 1 + 4  # the page, and each of the four forms once (1 + 3 + 9 + 27 draws)


def test_interpreter_budget_for_the_file_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that the pages after those that spent the interpreter's budget for
    the whole file (lowered here) are a warning saying so, not an error, and that a page cut
    short by it says how far it was read."""
    data = pdfx(sheet())
    reader = PdfReader(BytesIO(data))
    spent = interpret_page(reader, reader.pages[0]).operations  # about 190, glyphs included
    monkeypatch.setattr(preflight_module, "MAX_INTERPRETED_FILE", spent + 100)
    result = preflight(data)
    assert result.ok
    exhausted = "the pages before it used up the operations the preflight reads in one file"
    assert [(f.page, f.severity, f.message) for f in result.findings if f.check == "file"] == [
        (2, "warning", f"content stream: not checked beyond 100 operations ({exhausted})")
    ]
    monkeypatch.setattr(preflight_module, "MAX_INTERPRETED_FILE", spent)
    assert messages(preflight(data), "file") == f"content stream: not checked ({exhausted})"


def test_reader_read_back_does_not_give_pdfium_a_form_that_draws_itself() -> None:
    """This test ensures that the build's read-back of its reader PDF, given a page with a form
    that draws itself twice (which pdfium would lay out over and over until memory runs out),
    says the page's text was not checked instead of asking pdfium for it."""
    data = nested_forms(sheet(), 0, 2)
    findings = verify_reader(data, ["alpha", "beta"], {"alpha": ["Alpha"], "beta": ["Gamma"]})
    assert (
        Finding(
            "panels",
            1,
            "alpha: text not checked: a form on the page draws itself, which pdfium would lay out "
            "inside itself over and over",
        )
        in findings
    )
    assert not [f for f in findings if f.check == "panels" and f.page == 2]


# --- the panel map against its fold -----------------------------------------------------------


def fold_map(
    fold: str, scheme: str, widths: tuple[float, ...], sides: tuple[str, str] = SIDES
) -> str:
    """A map naming ``fold`` whose pages hold ``scheme``'s panels for ``sides`` in columns of
    ``widths`` across the 200 mm sheet (no text: only the shape is under test)."""
    roles = FOLDS[scheme]
    x = [sum(widths[:i]) for i in range(len(widths))]
    pages = [
        {
            "folds": {"vertical": x[1:], "horizontal": []},
            "panels": [
                {
                    "label": roles.label(role),
                    "x": x[i],
                    "y": 0,
                    "width": widths[i],
                    "height": 100,
                    "rotation": 0,
                    "text": [],
                }
                for i, role in enumerate(roles.side_roles(side))
            ],
        }
        for side in sides
    ]
    return json.dumps({**panel_map(fold), "pages": pages})


@pytest.mark.parametrize(
    ("map_json", "says"),
    [
        pytest.param(fold_map("gate-8", "gate-8", (48, 52, 52, 48)), None, id="gate-compensated"),
        pytest.param(fold_map("gate-8", "gate-8", (50, 50, 50, 50)), None, id="gate-uncompensated"),
        pytest.param(
            fold_map("cross-8", "gate-8", (48, 52, 52, 48)),
            "the panel map's panels form 1 row of 4 panels; cross-8 has 2 rows of 2 panels",
            id="cross-8-on-a-gate-sheet",
        ),
        pytest.param(
            fold_map("cross-8", "gate-8", (48, 52, 52, 48)),
            "the panel map puts door-right, back-cover, front-cover, door-left on this page; "
            "cross-8 has inside-1, inside-2, inside-3, inside-4 on the inside and outside-1, "
            "outside-2, back-cover, front-cover on the outside",
            id="cross-8-roles",
        ),
        pytest.param(
            fold_map("gate-8", "gate-8", (52, 48, 48, 52)),
            "column widths 52, 48, 48, 52 mm do not follow gate-8's compensation (fold-in "
            "steps 1, 0, 0, 1): equal steps, equal widths; more steps, narrower",
            id="flaps-wider",
        ),
        pytest.param(
            fold_map("gate-8", "gate-8", (48, 52, 50, 50)),
            "column widths 48, 52, 50, 50 mm do not follow gate-8's compensation",
            id="equal-steps-unequal-widths",
        ),
        pytest.param(
            fold_map("gate-8", "gate-8", (48, 52, 52, 48), ("inside", "inside")),
            "the panel map puts the inside on page 1 too",
            id="one-side-twice",
        ),
    ],
)
def test_panel_map_against_its_fold(map_json: str, says: str | None) -> None:
    """This test ensures that a panel map must describe its own fold: each page one side's
    roles, the fold's rows and columns, the widths its compensation gives (or none at all)."""
    result = preflight(pdfx(sheet(), map_json=map_json))
    if says is None:
        assert errors(result) == set()
    else:
        assert ("panels", None) not in errors(result)
        assert says in messages(result, "panels")


def test_fold_without_a_map_notes_what_it_cannot_check() -> None:
    """This test ensures that asking for a fold of a file without a panel map says, in a note,
    that the sheet's proportions were not held against the fold."""
    result = preflight(sheet(), fold="gate-8")
    notes = [f.message for f in result.findings if f.severity == "note"]
    assert (
        "the sheet's proportions not checked against gate-8: without a panel map the panels' "
        "size is unknown"
    ) in notes


# --- preflight_file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("missing", "No such file or directory"),
        ("folder", "Is a directory"),
        ("pipe", "not a regular file"),
        ("huge", "5 bytes; the preflight reads files up to 4"),
    ],
)
def test_preflight_file_reports_a_file_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, reason: str
) -> None:
    """This test ensures that preflight_file reports a missing file, a folder, a pipe (which
    would block for ever) and a file over its size bound (lowered here) as a file error saying
    why, with a report and JSON, and never raises or hangs."""
    path = tmp_path / "leaflet.pdf"
    if kind == "folder":
        path.mkdir()
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "huge":
        path.write_bytes(b"%PDF-")
        monkeypatch.setattr(preflight_module, "MAX_FILE_BYTES", 4)
    result = preflight_file(path, fold=FOLD)
    assert [(f.check, f.page, f.message) for f in result.findings] == [
        ("file", None, f"cannot read the file ({reason})")
    ]
    assert (result.file, result.checked, result.fold, result.pages) == (
        str(path),
        ("file",),
        FOLD,
        None,
    )
    assert result.report().startswith(f"{path}: NOT OK (1 error)")
    json.dumps(result.to_json())


def test_preflight_file_checks_a_file_it_reads(tmp_path: Path, clean: bytes) -> None:
    """This test ensures that preflight_file on a readable file reports what preflight does on
    its bytes, under the file's name."""
    path = tmp_path / "clean.pdf"
    path.write_bytes(clean)
    assert preflight_file(path, fold=FOLD) == preflight(clean, name=str(path), fold=FOLD)
