"""The verify stage reads PDFs back and reports, never crashes: each check against a file that
breaks it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from layout import build as build_module
from layout.build import Leaflet, lay_out, render_print, render_reader
from layout.content.loader import load_content, load_design
from layout.errors import VerifyError
from layout.finish import panel_map
from layout.folds import FOLDS
from layout.impose import SheetPlan, plan
from layout.verify import Finding, Preflight, preflight, verify_reader

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def leaflet() -> Leaflet:
    folder = load_content(ROOT / "content.yaml")
    return lay_out(folder, load_design(folder.design))


@pytest.fixture(scope="module")
def texts(leaflet: Leaflet) -> dict[str, tuple[str, ...]]:
    return {role: layout.texts for role, layout in leaflet.layouts.items()}


def finished(leaflet: Leaflet, sheet: SheetPlan | None = None) -> bytes:
    """The print PDF as the build writes it: PDF/X with the panel map of ``sheet`` (the
    leaflet's own plan when None)."""
    if sheet is None:
        return render_print(leaflet)
    texts = {role: layout.texts for role, layout in leaflet.layouts.items()}
    size = (leaflet.folder.finished_width, leaflet.folder.finished_height)
    other = panel_map(sheet, size, texts)
    with pytest.MonkeyPatch.context() as patch:
        # render_print writes its own plan's map; this file carries the other plan's.
        patch.setattr(build_module, "panel_map", lambda *_: other)
        return render_print(leaflet)


@pytest.fixture(scope="module")
def print_pdf(leaflet: Leaflet) -> bytes:
    return finished(leaflet)


def checks(findings: Sequence[Finding]) -> set[str]:
    return {finding.check for finding in findings}


def errors(data: bytes) -> list[Finding]:
    return [f for f in preflight(data, fold="gate-8").findings if f.severity == "error"]


def test_good_output_has_no_findings(
    leaflet: Leaflet, texts: dict[str, tuple[str, ...]], print_pdf: bytes
) -> None:
    """This test ensures that the seed leaflet as built passes every check."""
    assert preflight(print_pdf, fold="gate-8").findings == ()
    assert verify_reader(render_reader(leaflet), leaflet.fold.reading_order, texts) == []


def test_wrong_panel_order_is_found(leaflet: Leaflet) -> None:
    """This test ensures that a sheet whose covers sit in each other's slots is caught: the
    file carries the map of a plan with the back and front cover swapped."""
    gate = FOLDS["gate-8"]
    swapped = replace(gate, outside_roles=("door-right", "front-cover", "back-cover", "door-left"))
    sheet = leaflet.plan
    wrong = plan(swapped, leaflet.folder.finished_width, sheet.height, sheet.step, sheet.bleed)
    findings = errors(finished(leaflet, wrong))
    assert checks(findings) == {"panels"}
    assert {f.message.split(":")[0] for f in findings} == {
        "Side 6 (front-cover)",
        "Side 7 (back-cover)",
    }


def test_reader_pages_out_of_order_are_found(
    leaflet: Leaflet, texts: dict[str, tuple[str, ...]]
) -> None:
    """This test ensures that a reader PDF whose pages are not in reading order is caught."""
    order = list(leaflet.fold.reading_order)
    order[1], order[2] = order[2], order[1]
    findings = verify_reader(render_reader(leaflet), order, texts)
    assert [f.page for f in findings] == [2, 3]


def _edited(data: bytes, edit: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    for page in writer.pages:
        if edit == "no-trimbox":
            del page[NameObject("/TrimBox")]
        elif edit == "short-bleed":
            page.bleedbox = page.trimbox
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        ("no-trimbox", "no TrimBox"),
        ("short-bleed", "bleed 0.00 mm on every side; needs at least 3 mm"),
    ],
)
def test_broken_boxes_are_found(print_pdf: bytes, edit: str, fragment: str) -> None:
    """This test ensures that a missing TrimBox and a bleed short of the plan are caught."""
    findings = errors(_edited(print_pdf, edit))
    assert "boxes" in checks(findings)
    assert any(fragment in f.message for f in findings), findings


def _foreign_pdf(*, rgb: bool) -> bytes:
    """A one-page PDF in Helvetica (never embedded), in RGB or CMYK."""
    buffer = BytesIO()
    canvas = Canvas(buffer, invariant=1)
    if rgb:
        canvas.setFillColorRGB(1, 0, 0)
    else:
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.drawString(72, 72, "Hello")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_unembedded_font_and_rgb_are_found() -> None:
    """This test ensures that a standard-14 font and RGB colour in a foreign PDF are reported."""
    findings = verify_reader(_foreign_pdf(rgb=True), ["front-cover"], {"front-cover": ["Hello"]})
    assert checks(findings) == {"fonts", "colour"}
    assert any("Helvetica (a standard-14 font) is not embedded" in f.message for f in findings)
    assert any("1 0 0 rg" in f.message for f in findings)
    clean = verify_reader(_foreign_pdf(rgb=False), ["front-cover"], {"front-cover": ["Hello"]})
    assert checks(clean) == {"fonts"}


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n garbage", b"not a pdf at all"])
def test_unreadable_pdf_is_a_finding(data: bytes) -> None:
    """This test ensures that a broken or foreign file is reported, not a crash."""
    findings = errors(data)
    assert checks(findings) == {"file"}


def test_build_writes_nothing_when_its_own_check_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a build whose output fails the preflight writes no file and
    says why, so a printer never receives a PDF that make-folder could not check."""
    import layout.build

    failed = Finding("panels", 1, "Side 7 (front-cover): 'x' is not in its slot")
    monkeypatch.setattr(
        layout.build,
        "preflight",
        lambda *args, **kwargs: Preflight("x", (failed,), ("panels",), "PDF/X-4", "gate-8", 2),
    )
    with pytest.raises(VerifyError, match="Side 7 \\(front-cover\\)"):
        layout.build.build(ROOT / "content.yaml", tmp_path / "out")
    assert not (tmp_path / "out").exists()
