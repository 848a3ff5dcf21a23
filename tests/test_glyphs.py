"""Glyph coverage before layout: every character is set in a font that has it — its style's font,
else the first of the design's fallbacks that has it — and a character no font has is an error
naming it, its panel and its place in the file, never a silent empty box.

The PDFs are read back with pypdfium2: a glyph really drawn is in the page's text, in the font
that has it, with a box of its own. ReportLab's empty box for a missing glyph is neither (the
first test shows that this reading tells the two apart).
"""

from __future__ import annotations

import ctypes
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from layout.build import Leaflet, lay_out, render_reader
from layout.content.loader import load_content, load_design
from layout.errors import FontError
from layout.fit import Overflow
from layout.fonts import drawn_as, font_runs, has_glyph, register

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "design.yaml"
REGULAR = register(ROOT / "fonts" / "NotoSans-Regular.ttf")
BOLD = register(ROOT / "fonts" / "NotoSans-Bold.ttf")
ITALIC = register(ROOT / "fonts" / "NotoSans-Italic.ttf")
SYMBOLS = register(ROOT / "fonts" / "NotoSansSymbols2-Regular.ttf")  # the design's fallback

SAMI = "á č đ ŋ š ŧ ž Á Č Đ Ŋ Š Ŧ Ž"  # Northern Sami's letters beyond the Latin alphabet
SENTENCE = "Trivsel innebærer at man opplever balanse og overskudd."


def leaflet_text(*, cover: str = "Kort og godt", heading: str = "Trivsel", body: str = SENTENCE,
                 bullet: str = SENTENCE, subheading: str = "– hvordan bidrar lederen?",
                 extra: str = "") -> str:  # fmt: skip
    """A gate-8 leaflet in Northern Sami whose door-left panel carries the texts under test, in
    each kind of block; ``extra`` is appended to inside-3."""
    return (
        "slug: trivsel\n"
        "language: se\n"
        "title: Kort og godt\n"
        "fold: gate-8\n"
        f"design: {DESIGN}\n"
        "finished_size: {width: 100, height: 210}\n"
        "panels:\n"
        "  front-cover:\n"
        f"    - kicker: {cover}\n"
        f"    - title: {cover}\n"
        "  door-left:\n"
        f"    - heading: {heading}\n"
        f"      subheading: {subheading}\n"
        f"    - paragraph: {body}\n"
        "    - bullets:\n"
        f"        - {bullet}\n"
        "    - publication:\n"
        f"        title: {heading}\n"
        f"        subtitle: {subheading}\n"
        f"        description: {body}\n"
        + "".join(
            f"  {role}:\n    - heading: {role}\n    - paragraph: {SENTENCE}\n"
            for role in ("door-right", "inside-1", "inside-2", "inside-3")
        )
        + extra
        + "".join(
            f"  {role}:\n    - heading: {role}\n    - paragraph: {SENTENCE}\n"
            for role in ("inside-4", "back-cover")
        )
    )


def build_leaflet(folder: Path, text: str, symbols_first: bool = False) -> Leaflet:
    """Lay out ``text``; ``symbols_first``: with the body styles set in the symbols font and the
    regular font as their fallback, so that letters and markup characters are the fallback."""
    (folder / "content.se.yaml").write_text(text, encoding="utf-8")
    content = load_content(Path("content.se.yaml"))
    design = load_design(content.design)
    if symbols_first:
        styles = {
            kind: replace(style, font="symbols")
            if kind in ("paragraph", "publication-description")
            else style
            for kind, style in design.styles.items()
        }
        design = replace(design, styles=styles, fallbacks=("symbols", "regular"))
    return lay_out(content, design)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def glyphs(pdf: bytes, page: int) -> list[tuple[str, str, float, float]]:
    """Each character pdfium reads on ``page``: (character, font name, box width, box height)."""
    document = pdfium.PdfDocument(pdf)
    text = document[page].get_textpage()
    found = []
    for index in range(text.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text, index))
        if char.isspace():
            continue
        name = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(text, index, name, len(name), ctypes.byref(flags))
        left, bottom, right, top = text.get_charbox(index)
        font = name.value.decode().split("+")[-1]  # without a subset tag
        found.append((char, font, right - left, top - bottom))
    return found


def test_reading_the_pdf_back_tells_a_missing_glyph() -> None:
    """This test ensures that the way these tests read PDFs back tells a real glyph from the
    empty box ReportLab draws for a character its font lacks: that one is neither in the text
    nor given a box."""
    buffer = BytesIO()
    canvas = Canvas(buffer, initialFontName=SYMBOLS)
    paragraph = Paragraph("■ŋ■", ParagraphStyle("p", fontName=SYMBOLS, fontSize=20, leading=24))
    paragraph.wrap(200, 100)
    paragraph.drawOn(canvas, 50, 500)
    canvas.showPage()
    canvas.save()

    read = glyphs(buffer.getvalue(), 0)

    assert "ŋ" not in [char for char, *_ in read]
    assert [char for char, _, width, height in read if width > 0 and height > 0] == ["■", "■"]


def test_northern_sami_letters_are_real_glyphs(here: Path) -> None:
    """This test ensures that Northern Sami letters in every kind of block (capitals in the
    kicker) are drawn from the block's own Noto Sans face, each a glyph in the text with a box."""
    text = leaflet_text(
        cover=f"Oanehaččat {SAMI}",
        heading=f"Ovttasbargu {SAMI}",
        subheading=f"– mo jođiheaddji {SAMI}",
        body=f"Buorre bargobiras {SAMI}",
        bullet=f"Ságastallá {SAMI}",
    )

    pdf = render_reader(build_leaflet(here, text))

    letters = set(SAMI.replace(" ", ""))
    for page, expected in ((0, {BOLD}), (1, {REGULAR, BOLD, ITALIC})):
        read = [(c, font, w, h) for c, font, w, h in glyphs(pdf, page) if c in letters]
        assert {c for c, *_ in read} == letters
        assert {font for _, font, _, _ in read} == expected
        assert all(width > 0 and height > 0 for *_, width, height in read), read
    pages = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf)]
    assert f"OANEHAČČAT {SAMI.upper()}" in pages[0].replace("\r\n", " ")  # the kicker
    assert f"Buorre bargobiras {SAMI}" in pages[1].replace("\r\n", " ")


def test_character_only_in_a_fallback_is_set_in_that_font(here: Path) -> None:
    """This test ensures that a character its style's font lacks but a fallback font has (★ and
    ■, in Noto Sans Symbols 2) is set in that font in the middle of a paragraph and a heading,
    while the text around it stays in the style's font."""
    leaflet = build_leaflet(
        here, leaflet_text(heading="Kvalitet ★★★", body="Tre stjerner ★ og en firkant ■ her.")
    )

    pdf = render_reader(leaflet)

    read = glyphs(pdf, 1)
    fallbacks = [(c, font) for c, font, w, h in read if c in "★■" and w > 0 and h > 0]
    bullet = ("■", SYMBOLS)  # the design's bullet glyph, in its own font
    # The heading and the body stand twice: as themselves and in the publication.
    assert sorted(fallbacks) == sorted([("★", SYMBOLS)] * 8 + [("■", SYMBOLS)] * 2 + [bullet])
    # The paragraph, glyph by glyph (pdfium leaves the spaces out): the letters around the
    # fallback characters stay in the paragraph's font.
    chars = "".join(c for c, *_ in read)
    start = chars.index("Trestjerner★")
    fonts = [font for _, font, *_ in read[start : start + len("Trestjerner★ogenfirkant■her.")]]
    assert fonts == [REGULAR] * 11 + [SYMBOLS] + [REGULAR] * 11 + [SYMBOLS] + [REGULAR] * 4
    assert "Tre stjerner ★ og en firkant ■ her." in leaflet.layouts["door-left"].texts


@pytest.mark.parametrize("symbols_first", [False, True], ids=["as-designed", "letters-fall-back"])
def test_text_around_a_fallback_is_escaped(here: Path, symbols_first: bool) -> None:
    """This test ensures that markup-like text next to a fallback character, or in a fallback
    font itself, is set as written, never read as markup: "<b>", "&amp;" and "&" stay text."""
    body = 'R&D <b>ikke fet</b> &amp; "sitat" ★ <font face="x">'

    leaflet = build_leaflet(here, leaflet_text(body=f"'{body}'"), symbols_first)

    assert body in leaflet.layouts["door-left"].texts
    fonts = {p.style.fontName for p in (i.paragraph for i in leaflet.layouts["door-left"].placed)}
    assert (SYMBOLS in fonts) == symbols_first
    page_text = pdfium.PdfDocument(render_reader(leaflet))[1].get_textpage().get_text_range()
    assert body in page_text.replace("\r\n", " ")


def test_character_in_no_font_is_an_error_naming_it(here: Path) -> None:
    """This test ensures that a character neither the style's font nor any fallback has is a
    font error naming its code point, the character, its Unicode name, the panel, the file,
    line, column and key path, and the fonts tried."""
    with pytest.raises(FontError) as caught:
        build_leaflet(here, leaflet_text(bullet="Buorre 😀 bargobiras"))

    assert str(caught.value) == (
        "content.se.yaml:16:11: panels.door-left[2].bullets[0]: Side 8 (door-left): the "
        "character U+1F600 '😀' (GRINNING FACE) is in none of the fonts that may set bullet "
        "text (NotoSans-Regular, then NotoSansSymbols2-Regular); expected text the design's "
        "fonts can set, or a font that has it among the design's fallbacks"
    )


def test_every_character_in_no_font_is_named_at_once_before_layout(here: Path) -> None:
    """This test ensures that all characters no font has are listed in one error, in reading
    order with their panels and places, before layout: an overflowing panel is not reported
    first."""
    too_long = "".join(f"    - paragraph: {SENTENCE * 6}\n" for _ in range(8))
    text = leaflet_text(cover="Kort 一 godt", bullet="Ságastallá 😀", extra=too_long)

    with pytest.raises(FontError) as caught:
        build_leaflet(here, text)

    assert not isinstance(caught.value, Overflow)
    assert str(caught.value) == (
        "content.se.yaml:9:15: panels.front-cover[0].kicker: 3 characters are in none of the "
        "fonts that may set them: "
        "U+4E00 '一' (CJK UNIFIED IDEOGRAPH-4E00) in Side 7 (front-cover) at "
        "content.se.yaml:9:15: panels.front-cover[0].kicker; "
        "U+4E00 '一' (CJK UNIFIED IDEOGRAPH-4E00) in Side 7 (front-cover) at "
        "content.se.yaml:10:14: panels.front-cover[1].title; "
        "U+1F600 '😀' (GRINNING FACE) in Side 8 (door-left) at "
        "content.se.yaml:16:11: panels.door-left[2].bullets[0]; "
        "expected text the design's fonts can set, or a font that has them among the design's "
        "fallbacks"
    )


def test_characters_that_are_not_drawn_are_never_missing() -> None:
    """This test ensures that word spaces ReportLab never draws (thin, zero-width, ideographic
    space) are no missing glyph in a font without them, that a no-break space needs only the
    font's space and a soft hyphen its hyphen, and that they never split a fallback run."""
    spaced = "■\u2009■\u200b■\u3000■\u00a0■"

    assert font_runs(spaced, (SYMBOLS,)) == [(SYMBOLS, spaced)]
    assert [drawn_as(c) for c in "\u2009\u200b\u3000\u00a0\u00ad"] == ["", "", "", " ", "-"]
    # Noto Sans Symbols 2 has no hyphen: a soft hyphen is drawn by the next font that has one.
    assert font_runs("■\u00ad■", (SYMBOLS, REGULAR)) == [
        (SYMBOLS, "■"),
        (REGULAR, "\u00ad"),
        (SYMBOLS, "■"),
    ]
    assert font_runs("Sá\u00admi 😀 ★", (REGULAR, SYMBOLS)) == [
        (REGULAR, "Sá\u00admi "),
        (None, "😀"),
        (REGULAR, " "),
        (SYMBOLS, "★"),
    ]


def reference_runs(text: str, chain: tuple[str, ...]) -> list[tuple[str | None, str]]:
    """font_runs as specified, a character at a time: the first font of the chain that draws
    it; a character that is not drawn stays in the current run (the first font's after a
    character no font has)."""
    runs: list[tuple[str | None, str]] = []
    current: str | None = chain[0]
    for char in text:
        needed = drawn_as(char)
        if needed:
            current = next((font for font in chain if has_glyph(font, needed)), None)
        elif current is None:
            current = chain[0]
        if runs and runs[-1][0] == current:
            runs[-1] = (current, runs[-1][1] + char)
        else:
            runs.append((current, char))
    return runs


@settings(max_examples=600, deadline=None, derandomize=True)
@given(
    st.text(st.sampled_from("ab Æø-\t\n\u00ad\u00a0\u2009\u200b\u3000■★\u0301😀漢"), max_size=16),
    st.sampled_from([(REGULAR,), (REGULAR, SYMBOLS), (SYMBOLS, REGULAR), (BOLD, SYMBOLS)]),
)
def test_font_runs_split_as_specified(text: str, chain: tuple[str, ...]) -> None:
    """This test ensures that font_runs (which looks each distinct character up once) splits
    every text exactly as the character-by-character specification does."""
    assert font_runs(text, chain) == reference_runs(text, chain)


def test_a_font_file_is_registered_once_however_it_is_named() -> None:
    """This test ensures that one font file named by two paths (``fonts/x.ttf`` and
    ``examples/../fonts/x.ttf``) is read and registered once: one name, one font object."""
    font = pdfmetrics.getFont(REGULAR)

    again = register(ROOT / "examples" / ".." / "fonts" / "NotoSans-Regular.ttf")

    assert again == REGULAR
    assert pdfmetrics.getFont(REGULAR) is font
