"""XLIFF 2.0 round trip: export for a CAT tool, import its translation, and the schema both are
checked against."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from layout.build import panel_fills
from layout.content.loader import load_content
from layout.content.pseudo import pseudo_translate
from layout.content.texts import translatable
from layout.content.xliff import (
    SCHEMA_PATH,
    XLIFF_NAMESPACE,
    XliffImport,
    check_xliff,
    export_xliff,
    import_xliff,
    import_xliff_with_stats,
    unit_id,
)
from layout.errors import ContentError, Location

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")
ENGLISH = (ROOT / "content.en.yaml").read_text(encoding="utf-8")
NS = {"x": XLIFF_NAMESPACE}
X = f"{{{XLIFF_NAMESPACE}}}"


def export(
    tmp_path: Path, target: str = "en", content: str = CONTENT, *, fills: bool = False
) -> Path:
    """Write ``content`` and its XLIFF export into ``tmp_path`` (with ``fills``: with each
    panel's fill, as the command line exports it); the XLIFF file."""
    source = tmp_path / "content.yaml"
    source.write_text(content, encoding="utf-8")
    xliff = tmp_path / f"trivsel-{target}.xlf"
    fill = panel_fills(source) if fills else None
    xliff.write_text(export_xliff(source, target, fills=fill), encoding="utf-8")
    return xliff


def edit(xliff: Path, change: Callable[[etree._Element], None]) -> Path:
    """Change the parsed XLIFF file in place, as a CAT tool would."""
    tree = etree.parse(str(xliff))
    change(tree.getroot())
    tree.write(str(xliff), xml_declaration=True, encoding="UTF-8")
    return xliff


def units(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(X + "unit"))


def import_into(xliff: Path, name: str = "content.en.yaml") -> tuple[Path, dict[str, Any]]:
    """Import ``xliff`` beside it as ``name``; the content file and its data."""
    out = xliff.parent / name
    out.write_text(import_xliff(xliff), encoding="utf-8")
    return out, yaml.safe_load(out.read_text(encoding="utf-8"))


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


# --- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["content.yaml", "content.en.yaml"])
def test_export_is_valid_xliff_2(tmp_path: Path, name: str) -> None:
    """This test ensures that an exported file is valid against make-folder's XLIFF 2.0 schema,
    for the seed and for a translation with soft hyphens."""
    content = (ROOT / name).read_text(encoding="utf-8")
    xliff = export(tmp_path, "de", content)
    document = etree.parse(str(xliff))
    assert schema().validate(document), schema().error_log
    check_xliff(xliff.read_text(encoding="utf-8"), xliff)


def test_export_has_a_unit_per_text_with_its_place_and_fill(tmp_path: Path) -> None:
    """This test ensures that the export has one unit per translatable text, in order, with the
    key path as id, the text as source, no target, the languages on <xliff>, the content file as
    <file original>, and notes that name the panel, the block and the panel's fill."""
    root = etree.parse(str(export(tmp_path, fills=True))).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "nb", "en")
    file = root.find("x:file", NS)
    assert file is not None
    assert (file.get("id"), file.get("original")) == ("f1", "content.yaml")
    texts = list(translatable(yaml.safe_load(CONTENT)))
    assert [u.get("id") for u in units(root)] == [unit_id(path) for path, _ in texts]
    assert [u.findtext("x:segment/x:source", namespaces=NS) for u in units(root)] == [
        text for _, text in texts
    ]
    assert root.find(".//x:target", NS) is None
    assert "www.idebanken.org" not in [
        u.findtext(".//x:source", namespaces=NS) for u in units(root)
    ]
    bullet = root.find(".//x:unit[@id='panels.inside-3.1.bullets.2']", NS)
    assert bullet is not None
    notes = {n.get("category"): n.text or "" for n in bullet.iterfind("x:notes/x:note", NS)}
    assert notes["location"] == "Side 3 (inside-3): block 2 of 2, bullets, item 3 of 8"
    assert re.fullmatch(r"Side 3 \(inside-3\) is \d+ % full in the source \(nb\).*", notes["fill"])


def test_unit_ids_are_nmtokens(tmp_path: Path) -> None:
    """This test ensures that every unit id is an XML NMTOKEN (letters, digits, '.', '-', '_',
    ':'), as XLIFF requires."""
    root = etree.parse(str(export(tmp_path))).getroot()
    ids = [u.get("id", "") for u in units(root)]
    assert "panels.inside-1.1.bullets.2" in ids
    assert "panels.back-cover.2.publication.subtitle" in ids
    assert all(re.fullmatch(r"[\w.:-]+", i) for i in ids)


def test_a_soft_hyphen_is_an_inline_code_and_a_no_break_space_a_character(
    tmp_path: Path,
) -> None:
    """This test ensures that a soft hyphen is exported as a <ph> code whose original data is the
    soft hyphen (never a raw invisible character), and a no-break space as the character."""
    content = ENGLISH.replace("In brief", "In\u00a0brief")
    xliff = export(tmp_path, "de", content)
    text = xliff.read_text(encoding="utf-8")
    assert "\u00ad" not in text
    root = etree.parse(str(xliff)).getroot()
    unit = root.find(".//x:unit[@id='panels.back-cover.2.publication.description']", NS)
    assert unit is not None
    ph = unit.find("x:segment/x:source/x:ph", NS)
    assert ph is not None and ph.get("disp") == "soft hyphen"
    assert ph.getprevious() is None and (unit.findtext("x:segment/x:source", namespaces=NS) or "")
    assert (unit.findtext("x:segment/x:source", namespaces=NS) or "").endswith("Arbejds")
    assert (ph.tail or "").startswith("miljø")
    data = unit.find(f"x:originalData/x:data[@id='{ph.get('dataRef')}']", NS)
    assert data is not None and data.text == "\u00ad"
    kicker = root.find(".//x:unit[@id='panels.front-cover.0.kicker']/x:segment/x:source", NS)
    assert kicker is not None and kicker.text == "In\u00a0brief" and len(kicker) == 0


def test_an_overflowing_source_keeps_every_panels_fill(tmp_path: Path) -> None:
    """This test ensures that a source whose panels do not fit still exports with a fill note for
    every panel (from the overflow's fit report), the overflowing ones saying so."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    long = tmp_path / "content.qps.yaml"
    long.write_text(pseudo_translate(tmp_path / "content.yaml", 2.0), encoding="utf-8")
    fills = panel_fills(long)
    assert set(fills) == set(yaml.safe_load(CONTENT)["panels"])
    over = [role for role, fill in fills.items() if fill > 1]
    assert over and len(over) < len(fills)
    root = etree.fromstring(export_xliff(long, "en", fills=fills).encode("utf-8"))
    for unit in units(root)[1:]:  # the title prints on no panel
        role = (unit.get("id") or "").split(".")[1]
        notes = {n.get("category"): n.text or "" for n in unit.iterfind("x:notes/x:note", NS)}
        assert notes["fill"].startswith("Side ") and f"({role}) is " in notes["fill"]
        assert ("it overflows already" in notes["fill"]) == (role in over), notes["fill"]


def test_fill_notes_come_only_from_the_fills_given(tmp_path: Path) -> None:
    """This test ensures that an export without fills has no fill note, and one with the fill of
    a single panel has fill notes on that panel's units only."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    bare = etree.fromstring(export_xliff(tmp_path / "content.yaml", "en").encode("utf-8"))
    assert {n.get("category") for n in bare.iter(X + "note")} == {"instructions", "location"}
    one = export_xliff(tmp_path / "content.yaml", "en", fills={"inside-1": 0.5})
    root = etree.fromstring(one.encode("utf-8"))
    noted = {
        unit.get("id", "").split(".")[1]
        for unit in units(root)
        if unit.find("x:notes/x:note[@category='fill']", NS) is not None
    }
    assert noted == {"inside-1"}
    assert "Side 1 (inside-1) is 50 % full in the source (nb)" in one


def test_an_invalid_target_language_is_refused(tmp_path: Path) -> None:
    """This test ensures that a target language that is no BCP 47 tag is refused on export."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    with pytest.raises(ContentError, match="not a valid BCP 47 language tag"):
        export_xliff(tmp_path / "content.yaml", "english")


# --- round trip -------------------------------------------------------------------------------


def test_untranslated_round_trip_gives_the_source_back(tmp_path: Path) -> None:
    """This test ensures that importing an untranslated export gives the source's data back,
    with the target language and the exported file as source, in a file that loads."""
    path, data = import_into(export(tmp_path))
    source = yaml.safe_load(CONTENT)
    assert data["language"] == "en"
    assert data["source"] == "content.yaml"
    assert {k: v for k, v in data.items() if k not in ("language", "source")} == {
        k: v for k, v in source.items() if k != "language"
    }
    assert list(data) == ["slug", "language", "source", "title", "fold", "finished_size", "panels"]
    folder = load_content(path)
    assert folder.original == tmp_path / "content.yaml"


@pytest.mark.parametrize(("name", "language"), [("content.yaml", "nb"), ("content.en.yaml", "en")])
def test_same_language_round_trip_is_exact(tmp_path: Path, name: str, language: str) -> None:
    """This test ensures that exporting with the source's own language and importing gives
    exactly the source's data (soft hyphens included): a review, not a translation."""
    content = (ROOT / name).read_text(encoding="utf-8")
    _, data = import_into(export(tmp_path, language, content), "reviewed.yaml")
    assert data == yaml.safe_load(content)


def test_translated_round_trip_puts_every_target_in_place(tmp_path: Path) -> None:
    """This test ensures that a translated file imports with each unit's target at its key path,
    codes turned back into soft hyphens, no-break spaces kept, whitespace folded and url blocks
    untouched, into a content file that loads."""
    xliff = export(tmp_path, "en", ENGLISH.replace("language: en", "language: nb"))

    def translate(root: etree._Element) -> None:
        for unit in units(root):
            segment = unit.find("x:segment", NS)
            assert segment is not None
            segment.set("state", "translated")
            target = etree.SubElement(segment, X + "target")
            target.text = f"  DE {unit.get('id')}\n   zehn\u00a0mm"
            for ph in segment.iterfind("x:source/x:ph", NS):
                code = etree.SubElement(target, X + "ph", id=ph.get("id", ""))
                code.set("dataRef", ph.get("dataRef", ""))
                code.tail = "wort\n  "

    path, data = import_into(edit(xliff, translate))
    folder = load_content(path)
    assert folder.language == "en"
    for key_path, text in translatable(data):
        expected = f"DE {unit_id(key_path)} zehn\u00a0mm"
        if key_path[-1] == "description" and key_path[1] == "back-cover":
            expected += "\u00adwort"
        assert text == expected, key_path
    assert data["panels"]["front-cover"][3] == {"url": "www.idebanken.org"}


def test_a_cat_tools_segments_and_annotations_are_joined(tmp_path: Path) -> None:
    """This test ensures that a unit a CAT tool split into segments and ignorables, with a term
    annotation, reordered targets and an untranslated segment, imports as one text in target
    order, the untranslated segment in its source text."""
    xliff = export(tmp_path)

    def resegment(root: etree._Element) -> None:
        unit = root.find(".//x:unit[@id='panels.door-right.1.paragraph']", NS)
        segment = unit.find("x:segment", NS) if unit is not None else None
        assert unit is not None and segment is not None
        unit.remove(segment)
        parts = [
            ("segment", "Stress is individual.", "3", "ist individuell."),
            ("ignorable", " ", None, None),
            ("segment", "Well-being too.", "1", "Wohlbefinden auch."),
            ("ignorable", " ", None, None),
            ("segment", "Untranslated.", None, None),
        ]
        for index, (kind, source, order, target) in enumerate(parts):
            part = etree.SubElement(unit, X + kind, id=f"s{index}")
            etree.SubElement(part, X + "source").text = source
            if order is not None:
                element = etree.SubElement(part, X + "target", order=order)
                term = etree.SubElement(element, X + "mrk", id=f"m{index}", type="term")
                term.text = "Stress" if index == 0 else ""
                term.tail = f" {target}" if index == 0 else target

    _, data = import_into(edit(xliff, resegment))
    paragraph = data["panels"]["door-right"][1]["paragraph"]
    assert paragraph == "Wohlbefinden auch. Stress ist individuell. Untranslated."


def target(root: etree._Element, name: str, text: str) -> etree._Element:
    """Give unit ``name`` (one segment) the target ``text``, as a translator would; the target."""
    segment = root.find(f".//x:unit[@id='{name}']/x:segment", NS)
    assert segment is not None
    element = etree.SubElement(segment, X + "target")
    element.text = text
    return element


def test_a_translator_may_add_a_soft_hyphen_to_any_unit(tmp_path: Path) -> None:
    """This test ensures that a soft hyphen a translator adds where the source had none, as a
    copy of the soft-hyphen code or as the character U+00AD, arrives as U+00AD in the content,
    and that the file with the added code is still valid XLIFF 2.0 with every dataRef declared."""
    assert "\u00ad" not in CONTENT  # the premise: no unit's source has a soft hyphen
    xliff = export(tmp_path, "de")

    def add_soft_hyphens(root: etree._Element) -> None:
        kicker = target(root, "panels.front-cover.0.kicker", "Kurz")
        code = etree.SubElement(kicker, X + "ph", id="x1", dataRef="shy")
        code.tail = "gefasst"
        target(root, "panels.front-cover.1.title", "Wohl\u00adbefinden")

    edit(xliff, add_soft_hyphens)
    root = etree.parse(str(xliff)).getroot()
    assert schema().validate(root), schema().error_log
    for unit in units(root):
        declared = {d.get("id") for d in unit.iterfind("x:originalData/x:data", NS)}
        assert declared == {"shy"}
        assert {ph.get("dataRef") for ph in unit.iter(X + "ph")} <= declared
    notes = root.findtext("x:file/x:notes/x:note[@category='instructions']", namespaces=NS)
    assert notes is not None and 'dataRef="shy"' in notes and "U+00AD" in notes
    _, data = import_into(xliff, "content.de.yaml")
    assert data["panels"]["front-cover"][0]["kicker"] == "Kurz\u00adgefasst"
    assert data["panels"]["front-cover"][1]["title"] == "Wohl\u00adbefinden"


def test_a_soft_hyphen_code_imports_from_an_older_export_without_its_data(tmp_path: Path) -> None:
    """This test ensures that a soft-hyphen code added to a unit that does not declare the soft
    hyphen's data (as make-folder 0.3.0 exported units without one) still imports as U+00AD."""
    xliff = export(tmp_path, "de")

    def older_export_with_a_code(root: etree._Element) -> None:
        for original in list(root.iter(X + "originalData")):
            parent = original.getparent()
            assert parent is not None
            parent.remove(original)
        kicker = target(root, "panels.front-cover.0.kicker", "Kurz")
        etree.SubElement(kicker, X + "ph", id="x1", dataRef="shy").tail = "gefasst"

    _, data = import_into(edit(xliff, older_export_with_a_code), "content.de.yaml")
    assert data["panels"]["front-cover"][0]["kicker"] == "Kurz\u00adgefasst"


def test_an_import_says_how_many_units_were_translated(tmp_path: Path) -> None:
    """This test ensures that an import counts the units with a target in every segment, and
    those translated in part, apart from the untranslated ones, and says so in one sentence."""
    xliff = export(tmp_path, "de")
    total = len(list(translatable(yaml.safe_load(CONTENT))))

    untranslated = import_xliff_with_stats(xliff)
    assert (untranslated.units, untranslated.translated, untranslated.partly) == (total, 0, 0)
    assert untranslated.summary == f"0 of {total} units translated; the rest kept their source text"
    assert untranslated.text == import_xliff(xliff)

    def translate_some(root: etree._Element) -> None:
        target(root, "title", "Kurz und bündig")
        target(root, "panels.front-cover.0.kicker", "Kurz")
        target(root, "panels.front-cover.1.title", "   ")  # empty: not a translation
        unit = root.find(".//x:unit[@id='panels.door-right.1.paragraph']", NS)
        assert unit is not None
        segment = unit.find("x:segment", NS)
        assert segment is not None
        etree.SubElement(segment, X + "target").text = "Übersetzt."
        etree.SubElement(unit, X + "segment").append(
            etree.fromstring(f'<source xmlns="{XLIFF_NAMESPACE}">Noch nicht.</source>')
        )

    stats = import_xliff_with_stats(edit(xliff, translate_some))
    assert stats == XliffImport(stats.text, total, 2, 1)
    assert stats.summary == (
        f"2 of {total} units translated and 1 in part; the untranslated text kept its source text"
    )

    def translate_all(root: etree._Element) -> None:
        for segment in root.iter(X + "segment"):
            for old in segment.iterfind("x:target", NS):
                segment.remove(old)
            etree.SubElement(segment, X + "target").text = "Deutsch"

    complete = import_xliff_with_stats(edit(xliff, translate_all))
    assert (complete.translated, complete.partly) == (total, 0)
    assert complete.summary == f"{total} of {total} units translated"


def test_paths_are_relative_to_where_the_files_are_written(tmp_path: Path) -> None:
    """This test ensures that source and design paths point at the right files when the XLIFF
    and the imported content are written into other folders than the original."""
    shutil.copytree(ROOT / "fonts", tmp_path / "fonts")
    shutil.copy(ROOT / "design.yaml", tmp_path / "design.yaml")
    (tmp_path / "content.yaml").write_text(
        CONTENT.replace("fold: gate-8", "fold: gate-8\ndesign: design.yaml"), encoding="utf-8"
    )
    xliff = tmp_path / "outbox" / "trivsel-en.xlf"
    xliff.parent.mkdir()
    xliff.write_text(export_xliff(tmp_path / "content.yaml", "en", output=xliff), "utf-8")
    assert 'original="../content.yaml"' in xliff.read_text(encoding="utf-8")
    out = tmp_path / "translations" / "content.en.yaml"
    out.parent.mkdir()
    out.write_text(import_xliff(xliff, output=out), encoding="utf-8")
    folder = load_content(out, root=tmp_path)  # the project folder holds both
    assert folder.original == out.parent / "../content.yaml"
    assert folder.design == out.parent / "../design.yaml"


# --- import errors ----------------------------------------------------------------------------


def line_of(xliff: Path, needle: str) -> int:
    lines = xliff.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def refused(xliff: Path) -> ContentError:
    with pytest.raises(ContentError) as error:
        import_xliff(xliff)
    assert error.value.location is not None and error.value.location.file == xliff
    return error.value


def test_an_import_never_replaces_its_input(tmp_path: Path) -> None:
    """This test ensures that an import whose output is the XLIFF file, or the content file it was
    exported from (at the line of its <file original>), is refused, even for a review in the
    source's own language, and that an export is never written over the content it exports."""
    for language in ("en", "nb"):
        xliff = export(tmp_path, language)
        with pytest.raises(ContentError, match="is the XLIFF file to import: writing it would"):
            import_xliff(xliff, output=xliff)
        with pytest.raises(ContentError) as error:
            import_xliff(xliff, output=tmp_path / "content.yaml")
        assert "is the content file it was exported from: writing it" in error.value.message
        assert error.value.location == Location(xliff, line_of(xliff, "<file "))
        assert import_xliff(xliff, output=tmp_path / "reviewed.yaml")
    with pytest.raises(ContentError, match="is the content file to translate: writing it"):
        export_xliff(tmp_path / "content.yaml", "en", output=tmp_path / "content.yaml")
    assert (tmp_path / "content.yaml").read_text(encoding="utf-8") == CONTENT


def test_malformed_xml_is_refused_at_its_line(tmp_path: Path) -> None:
    """This test ensures that a file that is not well-formed XML is refused at the line of the
    mistake."""
    xliff = export(tmp_path)
    text = xliff.read_text(encoding="utf-8")
    xliff.write_text(text.replace("<source>Fra stress", "<source>Fra <b>stress", 1), "utf-8")
    error = refused(xliff)
    assert "malformed XML" in error.message
    assert error.location is not None and error.location.line == line_of(xliff, "<b>stress")


def test_an_unknown_unit_is_refused_at_its_line(tmp_path: Path) -> None:
    """This test ensures that a unit whose id is not a text of the content is refused at the
    unit's line."""
    xliff = export(tmp_path)
    text = xliff.read_text(encoding="utf-8")
    xliff.write_text(text.replace('"panels.inside-2.1.bullets.3"', '"panels.inside-2.1.bullets.9"'))
    error = refused(xliff)
    assert "unit 'panels.inside-2.1.bullets.9' is not a text of this content" in error.message
    assert error.location is not None
    assert error.location.line == line_of(xliff, "panels.inside-2.1.bullets.9")


def test_a_missing_unit_is_refused(tmp_path: Path) -> None:
    """This test ensures that a file that lost a unit is refused, naming the unit."""

    def drop(root: etree._Element) -> None:
        unit = root.find(".//x:unit[@id='panels.inside-4.1.bullets.5']", NS)
        assert unit is not None
        parent = unit.getparent()
        assert parent is not None
        parent.remove(unit)

    error = refused(edit(export(tmp_path), drop))
    assert "unit 'panels.inside-4.1.bullets.5' is missing" in error.message
    assert error.location is not None
    assert error.location.key_path == "panels.inside-4[1].bullets[5]"


def test_a_unit_given_twice_is_refused(tmp_path: Path) -> None:
    """This test ensures that a unit given twice is refused at the second, naming the first."""
    xliff = export(tmp_path)

    def duplicate(root: etree._Element) -> None:
        unit = root.find(".//x:unit[@id='title']", NS)
        assert unit is not None
        parent = unit.getparent()
        assert parent is not None
        parent.append(etree.fromstring(etree.tostring(unit)))

    error = refused(edit(xliff, duplicate))
    assert "unit 'title' is given twice" in error.message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace(' trgLang="en"', ""), "no trgLang"),
        (lambda t: t.replace('trgLang="en"', 'trgLang="zz-zzzzzzzzz"'), "not valid XLIFF"),
        (lambda t: t.replace(":document:2.0", ":document:1.2"), "XLIFF 1.2"),
        (lambda t: re.sub(r"<skeleton>.*</skeleton>", "", t, flags=re.S), "no <skeleton>"),
        (lambda t: t.replace('"format": "make-folder', '"format": "other'), "not make-folder's"),
        (lambda t: t.replace('"version": 1', '"version": 7'), "skeleton version 7"),
        (lambda t: t.replace('"fold": "gate-8"', '"fold": "origami"'), "skeleton was changed"),
        (lambda t: t.replace("<source>Ledelse</source>", "<source/>"), "has no text"),
        (lambda t: t.replace("<segment>", "<segment><bogus/>", 1), "not valid XLIFF 2.0"),
    ],
    ids=[
        "no-target-language",
        "bad-target-language",
        "xliff-1.2",
        "no-skeleton",
        "foreign-skeleton",
        "skeleton-version",
        "skeleton-changed",
        "empty-unit",
        "invalid-xliff",
    ],
)
def test_a_broken_file_is_refused_with_its_line(
    tmp_path: Path, change: Callable[[str], str], message: str
) -> None:
    """This test ensures that a file without target language, in another XLIFF version, without
    make-folder's skeleton, with a changed skeleton, an empty unit or an invalid element is
    refused with a message saying so and a line in the file."""
    xliff = export(tmp_path)
    text = xliff.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    xliff.write_text(changed, encoding="utf-8")
    error = refused(xliff)
    assert message in error.message
    assert error.location is not None and error.location.line is not None


def test_a_code_without_its_data_is_refused(tmp_path: Path) -> None:
    """This test ensures that a code referring to original data the unit does not have is
    refused at the code's line."""
    xliff = export(tmp_path, "de", ENGLISH)
    text = xliff.read_text(encoding="utf-8")
    xliff.write_text(
        text.replace('<ph id="1" dataRef="shy"', '<ph id="1" dataRef="gone"', 1), encoding="utf-8"
    )
    error = refused(xliff)
    assert "refers to data 'gone'" in error.message
    assert error.location is not None
    assert error.location.line == line_of(xliff, 'dataRef="gone"')


# --- the schema -------------------------------------------------------------------------------

VALID = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nb" trgLang="en">
  <file id="f1" original="content.yaml">
    <skeleton>{}</skeleton>
    <unit id="title">
      <notes><note category="location">Side 1</note></notes>
      <originalData><data id="shy">&#xAD;</data></originalData>
      <segment state="translated">
        <source>Trivsel<ph id="1" dataRef="shy" disp="soft hyphen"/>sarbeid</source>
        <target>Well<ph id="1" dataRef="shy"/>being</target>
      </segment>
      <ignorable><source> </source></ignorable>
    </unit>
  </file>
</xliff>
"""

SEGMENT = re.compile(r"<segment .*?</segment>", re.S)
INVALID: dict[str, Callable[[str], str]] = {
    "no-srcLang": lambda t: t.replace('srcLang="nb" ', ""),
    "bad-srcLang": lambda t: t.replace('srcLang="nb"', 'srcLang="not a language"'),
    "wrong-namespace": lambda t: t.replace(":document:2.0", ":document:1.2"),
    "version-2.1": lambda t: t.replace('version="2.0"', 'version="2.1"'),
    "file-without-id": lambda t: t.replace('id="f1" ', ""),
    "unit-without-id": lambda t: t.replace('<unit id="title">', "<unit>"),
    "unit-without-segment": lambda t: SEGMENT.sub("", t),
    "unit-with-only-an-ignorable": lambda t: SEGMENT.sub(
        "<ignorable><source>x</source></ignorable>", t
    ),
    "target-before-source": lambda t: t.replace("<target>", "<source>x</source><target>").replace(
        "<source>Trivsel", "<target>x</target><source>Trivsel"
    ),
    "two-sources": lambda t: t.replace("sarbeid</source>", "sarbeid</source><source>y</source>"),
    "notes-after-segment": lambda t: t.replace(
        "<ignorable><source> </source></ignorable>", "<notes><note>late</note></notes>"
    ),
    "ph-without-id": lambda t: t.replace('<ph id="1" dataRef="shy"/>', '<ph dataRef="shy"/>'),
    "unknown-state": lambda t: t.replace('state="translated"', 'state="done"'),
    "unknown-inline-element": lambda t: t.replace("sarbeid</source>", "sarbeid<b>x</b></source>"),
    "data-without-id": lambda t: t.replace('<data id="shy">', "<data>"),
}


def test_the_schema_accepts_a_full_valid_document() -> None:
    """This test ensures that the schema accepts a document using notes, original data, codes,
    a target and an ignorable, so the invalid cases below fail for their one mistake."""
    assert schema().validate(etree.fromstring(VALID.encode("utf-8"))), schema().error_log


@pytest.mark.parametrize("case", list(INVALID))
def test_the_schema_refuses_invalid_xliff(case: str) -> None:
    """This test ensures that the schema is not vacuous: a document with one mistake (a missing
    required attribute, a unit without segment, elements out of order, the wrong namespace or
    version, an unknown value or element) fails validation, and check_xliff says where."""
    document = INVALID[case](VALID)
    assert document != VALID
    assert not schema().validate(etree.fromstring(document.encode("utf-8")))
    with pytest.raises(ContentError) as error:
        check_xliff(document, Path("case.xlf"))
    assert error.value.location is not None and error.value.location.line is not None
