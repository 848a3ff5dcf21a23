"""The content stage on good input: what the loader hands on, and fonts keyed by their file."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from layout.content.loader import load_content, load_design
from layout.content.model import Bullets, Heading, Text
from layout.fonts import register

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")


def test_runs_know_where_they_stand(tmp_path: Path) -> None:
    """This test ensures that every piece of text carries its own line, column and key path, so
    a later error (a glyph, a word too wide) points at the item itself, not at its block."""
    folder = load_content(ROOT / "content.yaml")
    bullets = folder.panel("inside-3").blocks[1]
    assert isinstance(bullets, Bullets)
    third = bullets.runs[2]
    lines = CONTENT.splitlines()
    assert third.location.key_path == "panels.inside-3[1].bullets[2]"
    assert third.location.line is not None and third.location.column is not None
    assert lines[third.location.line - 1][third.location.column - 1 :].startswith(third.text[:20])
    heading = folder.panel("inside-1").blocks[0]
    assert isinstance(heading, Heading)
    assert [run.style for run in heading.runs] == ["heading", "subheading"]
    assert heading.subheading == "– hvordan bidrar du til trivsel?"


def test_text_is_folded_but_no_break_spaces_stay(tmp_path: Path) -> None:
    """This test ensures that YAML line breaks and runs of spaces become one space, while a
    no-break space stays, and the narrow and figure no-break spaces (at which ReportLab would
    break a line) become the plain no-break space."""
    edited = CONTENT.replace(
        "    - kicker: Kort og godt om",
        '    - kicker: "Kort  og\\tgodt\\u202Fom 10\\u2007000\\u00A0kr"',
    )
    (tmp_path / "content.yaml").write_text(edited, encoding="utf-8")
    kicker = load_content(tmp_path / "content.yaml").panel("front-cover").blocks[0]
    assert isinstance(kicker, Text)
    assert kicker.text == "Kort og godt\u00a0om 10\u00a0000\u00a0kr"


def test_fonts_with_the_same_file_name_stay_apart(tmp_path: Path) -> None:
    """This test ensures that two different font files that share a file name (two designs'
    NotoSans-Regular.ttf) are registered as two fonts, so neither stands in for the other."""
    other = tmp_path / "NotoSans-Regular.ttf"
    shutil.copy(ROOT / "fonts" / "NotoSans-Bold.ttf", other)
    shipped = register(ROOT / "fonts" / "NotoSans-Regular.ttf")
    lookalike = register(other)
    assert shipped != lookalike
    assert pdfmetrics.getFont(lookalike).face.name == b"NotoSans-Bold"
    assert register(other) == lookalike  # once per file


def test_decomposed_accents_are_composed(tmp_path: Path) -> None:
    """This test ensures that a letter typed as a base letter and a combining accent (as some
    keyboards and CAT tools write Sami and Norwegian letters) reaches the page as the one
    composed character the font has a glyph for (Unicode NFC)."""
    edited = CONTENT.replace(
        "    - kicker: Kort og godt om", '    - kicker: "Ga\\u030Ast\\u030C Ide\\u0301banken"'
    )
    (tmp_path / "content.yaml").write_text(edited, encoding="utf-8")
    kicker = load_content(tmp_path / "content.yaml").panel("front-cover").blocks[0]
    assert isinstance(kicker, Text)
    assert kicker.text == "Gåsť Idébanken"


def test_a_byte_order_mark_inside_a_text_is_dropped(tmp_path: Path) -> None:
    """This test ensures that a byte-order mark pasted into a text (U+FEFF, which draws nothing)
    does not reach the page, where the read-back would not find it."""
    edited = CONTENT.replace(
        "    - kicker: Kort og godt om", '    - kicker: "Kort \\uFEFFog godt om"'
    )
    (tmp_path / "content.yaml").write_text(edited, encoding="utf-8")
    kicker = load_content(tmp_path / "content.yaml").panel("front-cover").blocks[0]
    assert isinstance(kicker, Text)
    assert kicker.text == "Kort og godt om"


def test_a_design_is_read_once_while_it_stays_as_it_is(tmp_path: Path) -> None:
    """This test ensures that a process reads a design file once (a batch of languages shares
    it) and again as soon as the file is saved anew (make-folder watch)."""
    shutil.copy(ROOT / "design.yaml", tmp_path / "design.yaml")
    shutil.copytree(ROOT / "fonts", tmp_path / "fonts")
    first = load_design(tmp_path / "design.yaml")
    assert load_design(tmp_path / "design.yaml") is first
    text = (tmp_path / "design.yaml").read_text(encoding="utf-8")
    (tmp_path / "design.yaml").write_text(text.replace("petrol: [92,", "petrol: [90,"), "utf-8")
    again = load_design(tmp_path / "design.yaml")
    assert again is not first and again != first
