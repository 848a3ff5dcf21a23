"""What the translator features share: the walk over translatable texts, key paths, addresses
that are not language, the one language check, and pointing a derived file at its source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from layout.content.compare import compare
from layout.content.loader import load_content
from layout.content.pseudo import pseudo_text, pseudo_translate
from layout.content.texts import get_at, has_words, set_at, translatable
from layout.content.xliff import export_xliff, import_xliff
from layout.content.yamlfile import relocate
from layout.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")

DATA: dict[str, Any] = {
    "slug": "x",
    "language": "nb",
    "title": "Tittel",
    "panels": {
        "front": [{"kicker": "Kort"}, {"url": "www.x.no"}],
        "back": [
            {"heading": "Overskrift", "subheading": "under"},
            {"bullets": ["en", "to"]},
            {"publication": {"title": "T", "subtitle": "S", "description": "D"}},
        ],
    },
}


def test_the_walk_names_every_text_by_key_path_in_file_order() -> None:
    """This test ensures that the walk yields the title and every text of every block by its
    key path, in the file's order, and no url block or setting."""
    assert list(translatable(DATA)) == [
        (("title",), "Tittel"),
        (("panels", "front", 0, "kicker"), "Kort"),
        (("panels", "back", 0, "heading"), "Overskrift"),
        (("panels", "back", 0, "subheading"), "under"),
        (("panels", "back", 1, "bullets", 0), "en"),
        (("panels", "back", 1, "bullets", 1), "to"),
        (("panels", "back", 2, "publication", "title"), "T"),
        (("panels", "back", 2, "publication", "subtitle"), "S"),
        (("panels", "back", 2, "publication", "description"), "D"),
    ]


def test_a_key_path_gets_and_sets_its_value() -> None:
    """This test ensures that every path of the walk reads back its text, that a value can be
    replaced at it, and that a path with no value is a LookupError."""
    data = yaml.safe_load(CONTENT)
    for path, text in translatable(data):
        assert get_at(data, path) == text
        set_at(data, path, f"<{text}>")
    assert all(text.startswith("<") for _, text in translatable(data))
    for missing in (("panels", "nowhere"), ("panels", "inside-1", 99)):
        with pytest.raises(LookupError):
            get_at(data, missing)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("www.idebanken.org/temahefter", False),
        ("https://X.NO/a?b=c", False),
        ("post@idebanken.no", False),
        ("(post@idebanken.no)", False),
        ("2024 · post@idebanken.org · https://x.no/", False),
        ("Stress", True),
        ("Skriv til post@idebanken.no", True),
    ],
)
def test_addresses_are_not_words_and_stay_in_a_pseudo_translation(text: str, words: bool) -> None:
    """This test ensures that a text made only of web and mail addresses, numbers and
    punctuation has no words (check never calls it untranslated), and that the pseudo-translation
    keeps exactly those addresses as they are."""
    assert has_words(text) is words
    pseudo = pseudo_text(text, 1.0)
    for address in ("www.idebanken.org/temahefter", "https://X.NO/a?b=c", "post@idebanken.no"):
        if address in text:
            assert address in pseudo


def _loader(tmp: Path, tag: str) -> None:
    (tmp / "content.yaml").write_text(CONTENT.replace("language: nb", f"language: {tag}"), "utf-8")
    load_content(tmp / "content.yaml")


def _pseudo(tmp: Path, tag: str) -> None:
    (tmp / "content.yaml").write_text(CONTENT, encoding="utf-8")
    pseudo_translate(tmp / "content.yaml", language=tag)


def _export(tmp: Path, tag: str) -> None:
    (tmp / "content.yaml").write_text(CONTENT, encoding="utf-8")
    export_xliff(tmp / "content.yaml", tag)


def _import(tmp: Path, tag: str) -> None:
    (tmp / "content.yaml").write_text(CONTENT, encoding="utf-8")
    xliff = tmp / "x.xlf"
    xliff.write_text(export_xliff(tmp / "content.yaml", "en").replace('"en"', f'"{tag}"', 1))
    import_xliff(xliff)


@pytest.mark.parametrize("check", [_loader, _pseudo, _export, _import])
def test_every_language_tag_is_checked_with_one_message(
    tmp_path: Path, check: Callable[[Path, str], None]
) -> None:
    """This test ensures that the loader, the pseudo-translation and the XLIFF export and import
    refuse an unregistered language tag with the same message."""
    with pytest.raises(ContentError) as error:
        check(tmp_path, "zz")
    assert error.value.message == (
        "'zz' is not a valid BCP 47 language tag; expected a registered language code such as "
        "'nb', 'nn', 'en', 'de' or 'se', optionally with a region ('nb-NO')"
    )


def test_a_derived_file_points_at_its_source_from_where_it_is_written(tmp_path: Path) -> None:
    """This test ensures that a translation's copy names its original as source right after its
    language (dropping the original's own source), that a same-language copy keeps its source,
    and that design and source are made relative to the folder the copy is written into."""
    data = {"slug": "x", "source": "nb.yaml", "language": "de", "design": "d.yaml", "title": "T"}
    original = tmp_path / "texts" / "content.de.yaml"
    out = tmp_path / "out"

    translated = relocate(data, original, out, language="pl")
    same = relocate(data, original, out)

    assert list(translated.items()) == [
        ("slug", "x"),
        ("language", "pl"),
        ("source", "../texts/content.de.yaml"),
        ("design", "../texts/d.yaml"),
        ("title", "T"),
    ]
    assert same == {**data, "source": "../texts/nb.yaml", "design": "../texts/d.yaml"}
    assert list(same) == list(data)


def test_check_compares_only_texts_the_source_has_at_the_same_place(tmp_path: Path) -> None:
    """This test ensures that check warns of an untranslated text only where the source has a
    text at the same key path: a block of another kind is an error, not a warning."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    changed = CONTENT.replace("language: nb", "language: en", 1)
    changed = changed.replace("    - kicker: Kort og godt", "    - title: Kort og godt", 1)
    (tmp_path / "content.en.yaml").write_text(changed, encoding="utf-8")
    result = compare(tmp_path / "content.en.yaml", tmp_path / "content.yaml")
    kicker = "panels.front-cover[0]"
    assert [p.message.split(" where")[0] for p in result.errors] == ["a title"]
    assert result.errors[0].location.key_path == kicker
    paths = [p.location.key_path for p in result.warnings]
    assert kicker + ".title" not in paths and "title" in paths
    assert len(paths) == len(list(translatable(yaml.safe_load(CONTENT)))) - 1
