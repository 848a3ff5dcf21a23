"""A translation that names its source is checked against it before it is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.build import build
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


def test_warnings_against_the_source_are_one_note(tmp_path: Path) -> None:
    """This test ensures that strings left as in the source do not stop the build and come back
    as one note that points to ``make-folder check`` for the rest."""
    path = translation(
        tmp_path,
        ("    - heading: The team\n", "    - heading: Gruppe\n"),
        ("    - heading: Management\n", "    - heading: Ledelse\n"),
    )
    result = build(path, tmp_path / "out")
    assert result.notes == (
        f"{path}:{line_of(path, '    - heading: Gruppe')}:16: panels.inside-2[0].heading: "
        "possibly untranslated: 'Gruppe', as in the "
        f"source ({ROOT / 'content.yaml'}:60) (and 1 more warnings: make-folder check lists them)",
    )
