"""content.schema.json, the content format's JSON Schema for YAML editors, against the loader.

An editor validates with the committed file; ``make-folder`` validates with
:func:`content_schema` and then checks what a schema cannot see. The tables below hold both to
one verdict: documents both accept, documents both reject, and, in a table of its own, each
mistake only the loader (or the build) can see, with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from layout.build import build
from layout.content.loader import load_content
from layout.content.schemafile import REGENERATE, SCHEMA_FILE, main, schema_text
from layout.errors import ContentError, FolderError
from layout.folds import FOLDS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / SCHEMA_FILE

# Every kind of block once, on the smallest fold; the cases below are one edit of it.
MINIMAL = """\
slug: probe
language: nb
title: Prøvefolder
fold: bifold-4
finished_size: {width: 100, height: 210}
panels:
  front-cover:
    - kicker: Kort om
    - title: Prøven
    - lead: En kort innledning.
  inside-1:
    - heading: Første side
      subheading: – med undertittel
    - paragraph: Litt brødtekst.
  inside-2:
    - bullets:
        - ett punkt
        - to punkter
  back-cover:
    - publication:
        title: Et hefte
        subtitle: Om prøver
        description: Heftet handler om prøver.
    - url: www.example.org
"""
BULLETS = MINIMAL[MINIMAL.index("- bullets:") : MINIMAL.index("\n  back-cover")]
PUBLICATION = MINIMAL[MINIMAL.index("- publication:") : MINIMAL.index("\n    - url")]
TOO_LONG = " ".join(["Ledere som lytter, skaper trivsel og forebygger stress."] * 60)


def edit(old: str, new: str) -> str:
    """MINIMAL with its one ``old`` replaced by ``new`` (``old`` empty: ``new`` appended)."""
    if not old:
        return MINIMAL + new
    # A case whose text is gone would silently test the unedited document: refuse that.
    assert MINIMAL.count(old) == 1, f"{old!r} is not once in MINIMAL; update this case"
    return MINIMAL.replace(old, new)


def fold_document(name: str) -> str:
    """The smallest valid document for fold ``name``: each of its roles with one paragraph."""
    panels = "".join(f"  {role}:\n    - paragraph: {role}\n" for role in FOLDS[name].roles)
    return edit("fold: bifold-4", f"fold: {name}").split("panels:\n")[0] + "panels:\n" + panels


@dataclass(frozen=True)
class Doc:
    id: str
    text: str = ""  # the document, written to a tmp folder as content.yaml
    shipped: str | None = None  # or a file of the repository, loaded where it stands
    at: str = ""  # refused: the key path the message names ("" for the whole document)
    says: str = ""  # and words of its message: what is wrong
    why: str = ""  # loader-only cases: why the schema cannot see the mistake
    build: bool = False  # loader-only cases: only the build sees it (load_content does not)
    bug: str | None = None  # a known bug: a strict xfail until it is fixed


BOTH_ACCEPT = [
    Doc("seed", shipped="content.yaml"),
    Doc("english-translation", shipped="content.en.yaml"),
    Doc("letter-6-example", shipped="examples/letter-6.yaml"),
    Doc("every-block-kind", MINIMAL),
    *(Doc(f"smallest-{name}", fold_document(name)) for name in sorted(FOLDS)),
    Doc(
        "design-and-source-named",
        edit(
            "fold: bifold-4\n",
            f"fold: bifold-4\ndesign: {json.dumps(str(ROOT / 'design.yaml'))}\n"
            f"source: {json.dumps(str(ROOT / 'content.yaml'))}\n",
        ),
    ),
    Doc("language-with-region", edit("language: nb", "language: en-GB")),
    Doc("three-letter-language", edit("language: nb", "language: sma")),
    Doc("language-script-region", edit("language: nb", "language: zh-Hant-TW")),
    Doc("size-at-the-limits", edit("{width: 100, height: 210}", "{width: 1000, height: 20.5}")),
    Doc(
        "block-style-size",
        edit(
            "finished_size: {width: 100, height: 210}",
            "finished_size:\n  width: 99.5\n  height: 210",
        ),
    ),
    Doc("northern-sami-letters", edit("Litt brødtekst.", "Áŋgir čálli đ š ŧ ž.")),
    Doc("no-break-and-soft-hyphen", edit("Litt brødtekst.", '"10\\u00a0mm arbeids\\u00admiljø"')),
    Doc("folded-block-scalar", edit("Litt brødtekst.", ">-\n        Litt\n        brødtekst.")),
    Doc("quoted-number-as-text", edit("- kicker: Kort om", '- kicker: "2024"')),
    Doc("quoted-keys", edit("slug: probe", '"slug": probe')),
    Doc(
        "anchor-and-alias",
        edit("- paragraph: Litt brødtekst.", "- paragraph: &same Igjen\n    - paragraph: *same"),
    ),
    Doc("merge-key", edit("- kicker: Kort om", "- {<<: {kicker: Kort om}}")),
    Doc(
        "flow-style-panel",
        edit(BULLETS, "- {bullets: [ett, to]}"),
    ),
]

# Each one edit away from MINIMAL (which both accept), so the edit is what the schema refuses; the
# loader's message must name that same mistake, not another one further on.
BOTH_REJECT = [
    Doc("empty-document", "", says="expected a mapping of keys, got nothing"),
    Doc("list-not-mapping", "- slug: probe\n", says="expected a mapping of keys, got a list"),
    Doc("missing-slug", edit("slug: probe\n", ""), says="missing key 'slug'"),
    Doc("missing-panels", MINIMAL.split("panels:")[0], says="missing key 'panels'"),
    Doc(
        "missing-height",
        edit("{width: 100, height: 210}", "{width: 100}"),
        at="finished_size",
        says="missing key 'height'",
    ),
    Doc(
        "unknown-top-level-key",
        edit("slug: probe\n", "slug: probe\nauthor: Idébanken\n"),
        at="author",
        says="unknown key 'author'",
    ),
    Doc(
        "unknown-size-key",
        edit("height: 210}", "height: 210, depth: 2}"),
        at="finished_size.depth",
        says="unknown key 'depth'",
    ),
    Doc(
        "slug-with-capitals-and-space",
        edit("slug: probe", "slug: Prøve folder"),
        at="slug",
        says="'Prøve folder' is not valid here",
    ),
    Doc(
        "slug-starting-with-hyphen",
        edit("slug: probe", "slug: -probe"),
        at="slug",
        says="'-probe' is not valid here",
    ),
    Doc(
        "slug-with-trailing-newline",
        edit("slug: probe", 'slug: "probe\\n"'),
        at="slug",
        says="'probe\\n' is not valid here",
    ),
    Doc(
        "language-with-trailing-newline",
        edit("language: nb", 'language: "nb\\n"'),
        at="language",
        says="'nb\\n' is not valid here",
    ),
    Doc(
        "language-in-capitals",
        edit("language: nb", "language: NB"),
        at="language",
        says="'NB' is not valid here",
    ),
    Doc(
        "language-a-word",
        edit("language: nb", "language: norsk"),
        at="language",
        says="'norsk' is not valid here",
    ),
    Doc(
        "language-private-use",
        edit("language: nb", "language: en-x-pirate"),
        at="language",
        says="'en-x-pirate' is not valid here",
    ),
    Doc(
        "language-a-number",
        edit("language: nb", "language: 47"),
        at="language",
        says="expected text, got the number 47",
    ),
    Doc("title-empty", edit("title: Prøvefolder", 'title: ""'), at="title", says="empty text"),
    Doc(
        "title-only-spaces",
        edit("title: Prøvefolder", 'title: "   "'),
        at="title",
        says="empty text",
    ),
    Doc(
        "title-a-number",
        edit("title: Prøvefolder", "title: 2024"),
        at="title",
        says="expected text, got the number 2024",
    ),
    Doc(
        "unknown-fold",
        edit("fold: bifold-4", "fold: z-fold"),
        at="fold",
        says="unknown fold 'z-fold'",
    ),
    Doc(
        "width-at-the-exclusive-minimum",
        edit("width: 100", "width: 20"),
        at="finished_size.width",
        says="20 is out of range; expected more than 20 mm",
    ),
    Doc(
        "width-over-the-maximum",
        edit("width: 100", "width: 1000.5"),
        at="finished_size.width",
        says="1000.5 is out of range; expected at most 1000 mm",
    ),
    Doc(
        "width-as-text",
        edit("width: 100", "width: '100'"),
        at="finished_size.width",
        says="expected a number, got text",
    ),
    Doc(
        "width-a-boolean",
        edit("width: 100", "width: true"),
        at="finished_size.width",
        says="expected a number, got true",
    ),
    Doc(
        "height-infinite",
        edit("height: 210", "height: .inf"),
        at="finished_size.height",
        says="inf is not a number; expected a number",
    ),
    Doc(
        "panels-a-list",
        MINIMAL.split("panels:")[0] + "panels:\n  - paragraph: Tekst\n",
        at="panels",
        says="expected a mapping of keys, got a list",
    ),
    Doc(
        "panel-empty",
        edit("  inside-2:\n    " + BULLETS, "  inside-2: []"),
        at="panels.inside-2",
        says="empty list",
    ),
    Doc(
        "panel-a-string",
        edit("  inside-2:\n    " + BULLETS, "  inside-2: Tekst"),
        at="panels.inside-2",
        says="expected a list, got text",
    ),
    Doc(
        "role-in-capitals",
        edit("  inside-2:", "  Inside-2:"),
        at="panels",
        says="'Inside-2' is not valid here",
    ),
    Doc(
        "unknown-block-kind",
        edit("- kicker: Kort om", "- quote: Kort om"),
        at="panels.front-cover[0].quote",
        says="unknown block 'quote'",
    ),
    Doc(
        "two-kinds-in-one-block",
        edit("- kicker: Kort om", "- kicker: Kort om\n      lead: Mer"),
        at="panels.front-cover[0].lead",
        says="one block has one kind, found kicker and lead",
    ),
    Doc(
        "block-without-kind",
        edit("- kicker: Kort om", "- Kort om"),
        at="panels.front-cover[0]",
        says="a block needs its kind",
    ),
    Doc(
        "block-empty-mapping",
        edit("- kicker: Kort om", "- {}"),
        at="panels.front-cover[0]",
        says="unknown block",
    ),
    Doc(
        "subheading-without-heading",
        edit("- heading: Første side\n      subheading", "- subheading"),
        at="panels.inside-1[0].subheading",
        says="unknown block 'subheading'",
    ),
    Doc(
        "subheading-on-a-paragraph",
        edit("- paragraph: Litt brødtekst.", "- paragraph: Litt.\n      subheading: Nei"),
        at="panels.inside-1[1].subheading",
        says="unknown key 'subheading'",
    ),
    Doc(
        "bullets-empty",
        edit(BULLETS, "- bullets: []"),
        at="panels.inside-2[0].bullets",
        says="empty list",
    ),
    Doc(
        "bullets-a-string",
        edit(BULLETS, "- bullets: ett punkt"),
        at="panels.inside-2[0].bullets",
        says="expected a list, got text",
    ),
    Doc(
        "bullet-a-number",
        edit("- ett punkt", "- 42"),
        at="panels.inside-2[0].bullets[0]",
        says="expected text, got the number 42",
    ),
    Doc(
        "bullet-empty",
        edit("- ett punkt", "-"),
        at="panels.inside-2[0].bullets[0]",
        says="expected text, got nothing",
    ),
    Doc(
        "bullet-a-list",
        edit("- ett punkt", "- [a, b]"),
        at="panels.inside-2[0].bullets[0]",
        says="expected text, got a list",
    ),
    Doc(
        "publication-missing-description",
        edit("        description: Heftet handler om prøver.\n", ""),
        at="panels.back-cover[0].publication",
        says="missing key 'description'",
    ),
    Doc(
        "publication-unknown-key",
        edit("subtitle: Om prøver", "subtitle: Om prøver\n        year: 2024"),
        at="panels.back-cover[0].publication.year",
        says="unknown key 'year'",
    ),
    Doc(
        "publication-a-string",
        edit(PUBLICATION, "- publication: Et hefte"),
        at="panels.back-cover[0].publication",
        says="expected a mapping of keys, got text",
    ),
    Doc(
        "text-missing",
        edit("- kicker: Kort om", "- kicker:"),
        at="panels.front-cover[0].kicker",
        says="expected text, got nothing",
    ),
    # YAML 1.1 (PyYAML, so make-folder) reads no/yes/on/off as booleans and 2024-05-01 as a date;
    # an editor on YAML 1.2 reads text there unless set to 1.1, as the README says.
    Doc(
        "language-no-read-as-false",
        edit("language: nb", "language: no"),
        at="language",
        says="expected text, got false",
    ),
    Doc(
        "text-a-boolean",
        edit("- kicker: Kort om", "- kicker: yes"),
        at="panels.front-cover[0].kicker",
        says="expected text, got true",
    ),
    Doc(
        "text-a-date",
        edit("- kicker: Kort om", "- kicker: 2024-05-01"),
        at="panels.front-cover[0].kicker",
        says="expected text, got",
    ),
    Doc(
        "design-empty",
        edit("fold: bifold-4\n", 'fold: bifold-4\ndesign: " "\n'),
        at="design",
        says="empty text",
    ),
    Doc(
        "source-a-number",
        edit("fold: bifold-4\n", "fold: bifold-4\nsource: 1\n"),
        at="source",
        says="expected text, got the number 1",
    ),
    Doc(
        "recursive-alias",
        edit("slug: probe", "slug: &loop [*loop]"),
        at="slug[0]",
        says="recursive alias",
    ),
]

LOADER_ONLY = [
    Doc(
        "role-missing-for-the-fold",
        MINIMAL.split("  back-cover:")[0],
        at="panels",
        says="missing back-cover; the bifold-4 fold expects exactly",
        why="which roles a leaflet needs depends on its fold; the schema lists every fold's roles",
    ),
    Doc(
        "role-of-another-fold",
        edit("", "  door-left:\n    - paragraph: Dør\n"),
        at="panels.door-left",
        says="extra door-left",
        why="door-left is a gate-8 role, so the schema offers it; bifold-4 has no door",
    ),
    Doc(
        "role-of-no-fold",
        edit("", "  inside-9:\n    - paragraph: Ni\n"),
        at="panels.inside-9",
        says="extra inside-9",
        why="any well-formed role name is allowed, so that a new fold needs no schema edit",
    ),
    Doc(
        "language-not-registered",
        edit("language: nb", "language: zz"),
        at="language",
        says="'zz' is not a valid BCP 47 language tag",
        why="the pattern checks a tag's shape; which subtags exist is the IANA registry's word",
    ),
    Doc(
        "design-file-missing",
        edit("fold: bifold-4\n", "fold: bifold-4\ndesign: ingen.yaml\n"),
        at="design",
        says="design file",
        why="a schema sees text, not files",
    ),
    Doc(
        "source-file-missing",
        edit("fold: bifold-4\n", "fold: bifold-4\nsource: ingen.yaml\n"),
        at="source",
        says="source file",
        why="a schema sees text, not files",
    ),
    Doc(
        "duplicate-key",
        edit("slug: probe\n", "slug: probe\nslug: prove\n"),
        at="slug",
        says="duplicate key 'slug'",
        why="YAML parsers keep the last value, so the schema sees one slug (editors flag it too)",
    ),
    Doc(
        "key-not-text",
        edit("", "  1:\n    - paragraph: En\n"),
        at="panels",
        says="key '1' is not text",
        why="JSON keys are always text, so a schema has no word for YAML's number key 1",
    ),
    Doc(
        "character-not-in-the-fonts",
        edit("Litt brødtekst.", "Tegnet 漢."),
        at="panels.inside-1[1].paragraph",
        says="the character U+6F22 '漢'",
        why="which characters exist depends on the design's fonts",
        build=True,
    ),
    Doc(
        "text-does-not-fit",
        edit("Litt brødtekst.", TOO_LONG),
        at="panels.inside-1",
        says="Side 1 (inside-1) does not fit",
        why="how much text fits depends on the design and the fold",
        build=True,
    ),
    Doc(
        "size-not-a-number",
        edit("height: 210", "height: .nan"),
        at="finished_size.height",
        says="expected a number",
        why="JSON has no NaN; YAML's .nan passes every range check (NaN compares false)",
    ),
]


def params(docs: list[Doc]) -> list[Any]:
    return [
        pytest.param(
            doc,
            id=doc.id,
            marks=[pytest.mark.xfail(strict=True, reason=doc.bug)] if doc.bug else [],
        )
        for doc in docs
    ]


@cache
def committed_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def text_of(doc: Doc) -> str:
    return (ROOT / doc.shipped).read_text(encoding="utf-8") if doc.shipped else doc.text


def schema_accepts(doc: Doc, validator: type[Any] = jsonschema.Draft202012Validator) -> bool:
    """What an editor says: the committed schema on the document as a YAML parser reads it."""
    return bool(validator(committed_schema()).is_valid(yaml.safe_load(text_of(doc))))


def content_file(doc: Doc, folder: Path) -> Path:
    """The document as a file: a shipped one where it stands (its relative paths hold there)."""
    if doc.shipped:
        return ROOT / doc.shipped
    path = folder / "content.yaml"
    path.write_text(doc.text, encoding="utf-8")
    return path


def assert_says(error: FolderError, doc: Doc) -> None:
    """The message names the case's key path and says what is wrong in the case's words."""
    assert doc.says, "say what the message says"
    assert error.location is not None
    assert (error.location.key_path, doc.says in error.message) == (doc.at, True), str(error)


def test_committed_schema_is_up_to_date() -> None:
    """This test ensures that content.schema.json is exactly what content_schema() gives, so
    editors validate with the loader's own schema, and says how to regenerate it when not."""
    assert SCHEMA_PATH.is_file(), f"{SCHEMA_FILE} is missing; run: {REGENERATE}"
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == schema_text(), f"{SCHEMA_FILE} is out of date; run: {REGENERATE}"


def test_schema_file_suits_editors() -> None:
    """This test ensures that the schema file is valid JSON Schema 2020-12 and draft-07 (what
    the VS Code YAML extension implements) and names itself, so editors can load it."""
    schema = committed_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$id"].startswith("urn:make-folder:")
    assert schema["title"] and schema["description"]


def test_writer_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """This test ensures that the writer writes the committed file's bytes and that its --check
    fails on a stale file with the command that fixes it."""
    path = tmp_path / SCHEMA_FILE
    assert main([str(path), "--check"]) == 1
    assert main([str(path)]) == 0
    assert path.read_bytes() == schema_text().encode("utf-8")
    assert main([str(path), "--check"]) == 0
    path.write_text(schema_text().replace("make-folder content", "old"), encoding="utf-8")

    assert main([str(path), "--check"]) == 1

    assert f"run: {REGENERATE}" in capsys.readouterr().err


@pytest.mark.parametrize("doc", params(BOTH_ACCEPT))
def test_both_accept(doc: Doc, tmp_path: Path) -> None:
    """This test ensures that a valid document passes the editor's schema and the loader."""
    assert schema_accepts(doc)
    load_content(content_file(doc, tmp_path))


@pytest.mark.parametrize("doc", params(BOTH_REJECT))
def test_both_reject(doc: Doc, tmp_path: Path) -> None:
    """This test ensures that a document with a mistake of shape is refused by the editor's
    schema and by the loader alike."""
    assert not schema_accepts(doc)
    with pytest.raises(ContentError) as refused:
        load_content(content_file(doc, tmp_path))
    assert_says(refused.value, doc)


@pytest.mark.parametrize("doc", params(LOADER_ONLY))
def test_only_make_folder_sees(doc: Doc, tmp_path: Path) -> None:
    """This test ensures that each mistake a schema cannot see by design (the fold's roles,
    files, YAML-only forms, glyphs, fit) passes the schema and is refused by make-folder."""
    assert doc.why, "say why the schema cannot see this mistake"
    assert schema_accepts(doc)
    path = content_file(doc, tmp_path)
    if doc.build:
        load_content(path)  # the loader lets it through: only the build can tell
        with pytest.raises(FolderError) as refused:
            build(path, tmp_path / "out")
        assert not (tmp_path / "out").exists()
    else:
        with pytest.raises(ContentError) as refused:
            load_content(path)
    assert_says(refused.value, doc)


@pytest.mark.parametrize(
    "doc", [pytest.param(d, id=d.id) for d in BOTH_ACCEPT + BOTH_REJECT + LOADER_ONLY]
)
def test_draft_07_editors_agree(doc: Doc) -> None:
    """This test ensures that a draft-07 validator (what YAML editors implement) gives every
    case the same verdict as the 2020-12 validator make-folder uses, so the schema's keywords
    mean the same to both."""
    assert schema_accepts(doc, jsonschema.Draft7Validator) == schema_accepts(doc)
