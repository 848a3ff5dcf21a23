"""Pseudo-translation: accented, bracketed, expanded text that validates and builds, and shows
which panels a longer language would overflow."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from layout.build import build
from layout.content.loader import load_content
from layout.content.pseudo import ACCENTS, PSEUDO_LANGUAGE, pseudo_text, pseudo_translate
from layout.content.texts import translatable
from layout.content.yamlfile import dump_content
from layout.errors import ContentError, FitError
from layout.fonts import has_glyph, register

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")


def pseudo(tmp_path: Path, expand: float, content: str = CONTENT) -> tuple[Path, dict[str, Any]]:
    """Write ``content`` and its pseudo-translation into ``tmp_path``; the pseudo file and its
    data."""
    (tmp_path / "content.yaml").write_text(content, encoding="utf-8")
    out = tmp_path / "content.qps.yaml"
    out.write_text(pseudo_translate(tmp_path / "content.yaml", expand), encoding="utf-8")
    return out, yaml.safe_load(out.read_text(encoding="utf-8"))


def test_pseudo_translation_validates_with_the_same_structure(tmp_path: Path) -> None:
    """This test ensures that a pseudo-translation is a valid content file in the pseudo-locale,
    naming its source, with the source's settings, panels, blocks and url blocks unchanged."""
    path, data = pseudo(tmp_path, 1.35)
    folder = load_content(path)
    assert folder.language == PSEUDO_LANGUAGE == "qps"
    assert folder.original == tmp_path / "content.yaml"
    source = yaml.safe_load(CONTENT)
    for key in ("slug", "fold", "finished_size"):
        assert data[key] == source[key]
    assert [p for p, _ in translatable(data)] == [p for p, _ in translatable(source)]
    for role, blocks in source["panels"].items():
        assert [list(b) for b in data["panels"][role]] == [list(b) for b in blocks]
        urls = [b["url"] for b in blocks if "url" in b]
        assert urls == [b["url"] for b in data["panels"][role] if "url" in b]
    assert path.read_text(encoding="utf-8").startswith("# make-folder pseudo-translation of")


@pytest.mark.parametrize("expand", [1.0, 1.35, 2.0])
def test_every_text_is_accented_bracketed_and_expanded(tmp_path: Path, expand: float) -> None:
    """This test ensures that every translatable text is bracketed, has no plain ASCII letter
    outside an address, and is ``expand`` times as long as the source text (brackets included,
    never shorter than the text in its brackets)."""
    _, data = pseudo(tmp_path, expand)
    source = dict(translatable(yaml.safe_load(CONTENT)))
    for path, text in translatable(data):
        original = source[path]
        assert text.startswith("[") and text.endswith("]"), path
        assert not re.search("[A-Za-z]", re.sub(r"www\.\S+", "", text)), (path, text)
        wanted = max(round(len(original) * expand), len(original) + 2)
        assert abs(len(text) - wanted) <= 1, (path, len(text), wanted)
        if len(original) >= 40 and expand > 1:  # the brackets alone are 2 characters
            assert len(text) / len(original) == pytest.approx(expand, abs=0.03)


def test_addresses_soft_hyphens_and_no_break_spaces_stay(tmp_path: Path) -> None:
    """This test ensures that web and mail addresses inside a text stay as written, and that soft
    hyphens and no-break spaces stay at their places in the words."""
    text = (
        "Les mer på www.idebanken.org/temahefter eller skriv til post@idebanken.no: "
        "arbeids\u00admiljø på 10\u00a0min"
    )
    result = pseudo_text(text, 1.35)
    assert "www.idebanken.org/temahefter" in result
    assert "post@idebanken.no" in result
    body = result[1 : len(text) + 1]
    assert [i for i, c in enumerate(body) if c in "\u00ad\u00a0"] == [
        i for i, c in enumerate(text) if c in "\u00ad\u00a0"
    ]
    assert body.startswith("Ĺéš ṁéŕ þå www.")


def test_accents_are_in_every_shipped_text_font() -> None:
    """This test ensures that every accented letter, and its capital (kickers are set in capitals),
    is drawn by the design's regular, bold and italic Noto Sans, so a pseudo build never fails on
    a glyph."""
    letters = {chr(code) for code in ACCENTS.values() if isinstance(code, int)}
    letters |= {letter.upper() for letter in letters}
    assert len(letters) >= 52
    for name in ("Regular", "Bold", "Italic"):
        font = register(ROOT / "fonts" / f"NotoSans-{name}.ttf")
        missing = sorted(letter for letter in letters if not has_glyph(font, letter))
        assert not missing, (name, missing)


def test_pseudo_translation_is_deterministic(tmp_path: Path) -> None:
    """This test ensures that the same input gives the same pseudo file, byte for byte."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    first = pseudo_translate(tmp_path / "content.yaml", 1.35)
    assert pseudo_translate(tmp_path / "content.yaml", 1.35) == first


def test_accents_only_builds(tmp_path: Path) -> None:
    """This test ensures that the seed pseudo-translated with expansion 1.0 (accents and brackets
    only) builds: the accented letters and the pseudo-locale do not stop a build."""
    path, _ = pseudo(tmp_path, 1.0)
    result = build(path, tmp_path / "out")
    assert result.print_pdf.name == "trivsel-qps-print.pdf"
    assert result.reader_pdf.is_file()


def test_a_long_pseudo_translation_names_the_panels_that_overflow(tmp_path: Path) -> None:
    """This test ensures that building a pseudo-translation twice as long as the seed fails with
    a fit error that names the panels that overflow, and writes nothing."""
    path, _ = pseudo(tmp_path, 2.0)
    with pytest.raises(FitError) as error:
        build(path, tmp_path / "out")
    assert re.search(r"Side \d \((back-cover|inside-\d)\)", str(error.value))
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_bad_arguments_and_content_are_refused(tmp_path: Path) -> None:
    """This test ensures that an expansion out of range, an invalid language and an invalid
    content file are refused with a ContentError, the last with its file and line."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    with pytest.raises(ContentError, match="expected a factor from 1"):
        pseudo_translate(tmp_path / "content.yaml", 0.8)
    with pytest.raises(ContentError, match="'qps-ploc' is not a valid BCP 47 language tag"):
        pseudo_translate(tmp_path / "content.yaml", 1.35, "qps-ploc")
    broken = tmp_path / "broken.yaml"
    broken.write_text(CONTENT.replace("fold: gate-8", "fold: origami"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        pseudo_translate(broken)
    line = CONTENT.splitlines().index("fold: gate-8") + 1
    assert error.value.location is not None and error.value.location.line == line


def test_paths_are_relative_to_the_output(tmp_path: Path) -> None:
    """This test ensures that a pseudo file written into another folder names its source and
    design relative to that folder, so it still loads."""
    shutil.copytree(ROOT / "fonts", tmp_path / "fonts")
    shutil.copy(ROOT / "design.yaml", tmp_path / "design.yaml")
    (tmp_path / "content.yaml").write_text(
        CONTENT.replace("fold: gate-8", "fold: gate-8\ndesign: design.yaml"), encoding="utf-8"
    )
    out = tmp_path / "pseudo" / "content.qps.yaml"
    out.parent.mkdir()
    out.write_text(pseudo_translate(tmp_path / "content.yaml", 1.35, output=out), encoding="utf-8")
    folder = load_content(out, root=tmp_path)  # the project folder holds both
    assert folder.original == out.parent / "../content.yaml"
    assert folder.design == out.parent / "../design.yaml"


@pytest.mark.parametrize("name", ["content.yaml", "content.en.yaml"])
def test_written_content_loads_back_as_the_same_data(name: str) -> None:
    """This test ensures that the content writer gives back exactly the data it was given (long
    texts folded, soft hyphens kept) and comments each panel with where it prints."""
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    text = dump_content(data, "a header")
    assert yaml.safe_load(text) == data
    assert text.startswith("# a header\nslug: trivsel\n")
    assert "\n  inside-3:          # Side 3\n" in text
    assert "finished_size: {width: 100, height: 210}\n" in text


def test_the_output_is_never_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that a pseudo-translation whose output is its own content file, by any
    spelling, is refused before anything is read, naming the file, and another output is not."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for output in (tmp_path / "content.yaml", Path("content.yaml"), Path("x/../content.yaml")):
        (tmp_path / "x").mkdir(exist_ok=True)
        with pytest.raises(ContentError) as error:
            pseudo_translate(Path("content.yaml"), output=output)
        assert str(error.value).startswith(f"content.yaml: the output {output} is the content ")
        assert "writing it would replace that file" in error.value.message
    pseudo_translate(Path("content.yaml"), output=Path("content.qps.yaml"))


def test_the_header_wraps_at_whole_words() -> None:
    """This test ensures that the opening comment of a written content file wraps at 100 columns
    and never breaks a word, not even at its hyphen (make-folder, pseudo-translation)."""
    header = " ".join(["make-folder pseudo-translation of content.yaml"] * 6)
    comment = [line for line in dump_content({"slug": "x"}, header).splitlines() if "#" in line]
    assert len(comment) > 1 and all(len(line) <= 100 for line in comment)
    assert " ".join(line.removeprefix("# ") for line in comment) == header
