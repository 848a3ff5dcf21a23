"""The preflight on any PDF: a clean two-page sheet passes, and each way of breaking it is
reported by the check that owns it, on the right page, without ever raising.

The sheets are drawn here with ReportLab (a 200 × 100 mm bifold sheet, two panels a side, an
embedded TrueType font, CMYK colour, crop marks and a slug in registration colour outside the
bleed) and made PDF/X here with pypdf, panel map included, so that these tests depend on no other
stage of make-folder.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.folds import FOLDS
from layout.units import mm
from layout.verify import CHECKS, Finding, Preflight, preflight

ROOT = Path(__file__).resolve().parent.parent
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


# --- making it PDF/X --------------------------------------------------------------------------


def panel_map(fold: str = FOLD, bleed: float = 3) -> dict[str, Any]:
    """The map of the clean sheet, as make-folder writes it into the XMP."""
    return {
        "version": 1,
        "fold": fold,
        "flat": {"width": 200, "height": 100},
        "finished": {"width": 100, "height": 100},
        "bleed": bleed,
        "pages": [
            {
                "side": side,
                "folds": {"vertical": [100], "horizontal": []},
                "panels": [
                    {
                        "role": name.lower(),
                        "number": 2 * page + column + 1,
                        "label": f"Side {2 * page + column + 1} ({name.lower()})",
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
            for page, side in enumerate(("outside", "inside"))
        ],
    }


def icc_profile() -> bytes:
    """The header of a CMYK output (prtr) ICC profile: all the structural check reads."""
    header = (128).to_bytes(4, "big") + b"none" + bytes(4) + b"prtrCMYKLab "
    return header + bytes(128 - len(header))


def xmp(version: str | None, map_json: str | None) -> bytes:
    properties = ""
    if version is not None:
        properties += f"<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>"
    if map_json is not None:
        escaped = map_json.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        properties += f"<mf:PanelMap>{escaped}</mf:PanelMap>"
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"'
        ' xmlns:mf="http://make-folder.org/ns/panel-map/1.0/">'
        f"{properties}</rdf:Description></rdf:RDF></x:xmpmeta>"
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
) -> bytes:
    """``data`` with the PDF/X keys, the output intent and the XMP (with the panel map)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.pdf_header = f"%PDF-{header}".encode()
    # ReportLab already writes /Trapped /False, as the name PDF/X wants.
    writer.add_metadata({"/GTS_PDFXVersion": version})
    if conformance is not None:
        writer.add_metadata({"/GTS_PDFXConformance": conformance})
    root = writer.root_object
    if intent:
        profile = DecodedStreamObject()
        profile.set_data(icc_profile())
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
    metadata.set_data(xmp(version if conformance is None else None, map_json))
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- reading the result -----------------------------------------------------------------------


def errors(result: Preflight) -> set[tuple[str, int | None]]:
    """(check, page) of every error: what each test pins down exactly."""
    return {(f.check, f.page) for f in result.findings if f.severity == "error"}


def messages(result: Preflight, check: str) -> str:
    return "\n".join(f.message for f in result.findings if f.check == check)


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
    assert "Side 1 (alpha): 'Panel Alpha' is not in its panel at 0 mm" in messages(result, "panels")


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
    assert "opacity 0.5 (ca)" in messages(result, "pdfx")
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
