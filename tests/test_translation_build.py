"""A translation that names its source is checked against it before it is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.build import Options, build
from layout.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first ``text`` in the file."""
    content = path.read_text(encoding="utf-8")
    return content.count("\n", 0, content.index(text)) + 1


def translation(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = (ROOT / "content.en.yaml").read_text(encoding="utf-8")
    text = text.replace("source: content.yaml", f"source: {ROOT / 'content.yaml'}")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "content.en.yaml"
    path.write_text(text, encoding="utf-8")
    return path


EXTRA = ("    - url: www.idebanken.org\n  door-left:", "    - paragraph: extra\n"
         "    - url: www.idebanken.org\n  door-left:")  # fmt: skip
NO_SUBHEADING = (
    "    - heading: The team\n      subheading: – how do you contribute to well-being together?\n",
    "    - heading: The team\n",
)


def test_one_mismatch_is_one_message_where_it_stands(tmp_path: Path) -> None:
    """This test ensures that a translation with a panel missing its subheading stops the build
    with the check's message at that block, once, and writes nothing."""
    path = translation(tmp_path, NO_SUBHEADING)
    with pytest.raises(ContentError) as raised:
        build(path, tmp_path / "out")
    assert str(raised.value) == (
        f"{path}:{line_of(path, '    - heading: The team')}:7: panels.inside-2[0]: "
        "no subheading where the source "
        f"({ROOT / 'content.yaml'}:61) has one"
    )
    assert not (tmp_path / "out").exists()


def test_several_mismatches_are_all_named(tmp_path: Path) -> None:
    """This test ensures that every mismatch against the source is in the one message, the first
    at its place and each other with its own file:line:column, none twice."""
    path = translation(tmp_path, EXTRA, NO_SUBHEADING)
    with pytest.raises(ContentError) as raised:
        build(path, tmp_path / "out")
    message = str(raised.value)
    assert message.startswith(f"{path}:13:3: panels.front-cover: 5 blocks where the source")
    assert message.count(f"{path}:13:3") == 1
    assert f"; and against the source content.yaml: {path}:19:7: panels.front-cover[3]: " in message
    team = line_of(path, "    - heading: The team")
    assert f"; {path}:{team}:7: panels.inside-2[0]: no subheading" in message


UNTRANSLATED = (
    ("    - heading: The team\n", "    - heading: Gruppe\n"),
    ("    - heading: Management\n", "    - heading: Ledelse\n"),
    ("    - heading: The organisation\n", "    - heading: Organisasjon\n"),
)


@pytest.mark.parametrize(
    ("count", "rest"),
    [
        (1, ""),
        (2, " (and 1 more warning: make-folder check lists it)"),
        (3, " (and 2 more warnings: make-folder check lists them)"),
    ],
)
def test_warnings_against_the_source_are_one_line(tmp_path: Path, count: int, rest: str) -> None:
    """This test ensures that strings left as in the source do not stop the build and come back
    as one warning, at the first one's file:line:column, that counts the others in the right
    number and points to ``make-folder check`` for them; no note repeats it."""
    path = translation(tmp_path, *UNTRANSLATED[:count])
    result = build(path, tmp_path / "out")
    assert result.warnings == (
        f"{path}:{line_of(path, '    - heading: Gruppe')}:16: panels.inside-2[0].heading: "
        f"possibly untranslated: 'Gruppe', as in the source ({ROOT / 'content.yaml'}:60){rest}",
    )
    assert result.notes == ()


def test_translation_in_the_source_language_is_refused(tmp_path: Path) -> None:
    """This test ensures that a translation that kept the source's language code stops at its
    language key, saying it would write over the source's outputs, and writes nothing."""
    path = translation(tmp_path, ("language: en", "language: nb"))
    with pytest.raises(ContentError) as raised:
        build(path, tmp_path / "out")
    assert str(raised.value) == (
        f"{path}:{line_of(path, 'language: nb')}:11: language: language 'nb' is the source's "
        f"({ROOT / 'content.yaml'}:5); expected the code of the language this file is in (with "
        "the source's slug too, it would write trivsel-nb-print.pdf over the source's)"
    )
    assert not (tmp_path / "out").exists()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_outputs_an_earlier_file_of_the_run_wrote_are_refused(tmp_path: Path) -> None:
    """This test ensures that a file whose outputs another file wrote earlier in the same run
    (same slug and language) stops at its language key naming that file, and leaves them as
    they were."""
    out = tmp_path / "out"
    first = build(ROOT / "content.yaml", out)
    written = snapshot(out)
    claimed = dict.fromkeys(first.outputs.values(), ROOT / "content.yaml")
    text = (ROOT / "content.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "content.de.yaml"  # a German file that kept the Norwegian code
    copy.write_text(text.replace("title: Kort og godt", "title: Kurz und gut"), encoding="utf-8")

    with pytest.raises(ContentError) as raised:
        build(copy, out, claimed=claimed)

    assert str(raised.value) == (
        f"{copy}:{line_of(copy, 'language: nb')}:11: language: writes trivsel-nb-print.pdf, "
        f"which {ROOT / 'content.yaml'} wrote in this run (same slug and language); "
        "expected its own language code, or another slug"
    )
    assert snapshot(out) == written
    # With its own code it builds beside them; named twice, the same file is told so.
    copy.write_text(text.replace("language: nb", "language: de"), encoding="utf-8")
    again = build(copy, out, claimed=claimed)
    assert again.print_pdf.name == "trivsel-de-print.pdf"
    with pytest.raises(ContentError) as raised:
        build(copy, out, claimed=dict.fromkeys(again.outputs.values(), copy))
    assert str(raised.value) == (
        f"{copy}: writes trivsel-de-print.pdf, which this same file wrote earlier in this run; "
        "expected each content file named once"
    )


def test_only_outputs_of_this_build_count(tmp_path: Path) -> None:
    """This test ensures that a dummy another file wrote is refused only when this build writes
    a dummy too, that outputs of another folder do not count, and that a language code in
    other case (``NB``) is the same language."""
    out = tmp_path / "out"
    dummy = out / "trivsel-nb-dummy.pdf"
    source = ROOT / "content.yaml"
    result = build(source, out, claimed={dummy: source, tmp_path / "trivsel-nb-print.pdf": source})
    assert "dummy" not in result.outputs
    other = tmp_path / "other.yaml"
    with pytest.raises(ContentError) as raised:
        build(source, out, Options(dummy=True), claimed={dummy: other})
    assert f"writes trivsel-nb-dummy.pdf, which {other} wrote in this run" in str(raised.value)
    with pytest.raises(ContentError) as raised:
        build(source, out, claimed={out / "trivsel-NB-print.pdf": other})
    assert f"writes trivsel-nb-print.pdf, which {other} wrote in this run" in str(raised.value)
