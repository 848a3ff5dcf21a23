"""A translation checked against its source: the same panels, blocks and kinds, all at once.

The table starts from the shipped ``content.en.yaml`` (naming ``content.yaml`` as its source) with
one small edit each, so it keeps testing the shipped files as they change. Every expected
``:line:column`` and every source line a message names is computed from the files, never
hard-coded. The several-problems case is a small pair of files written out in full, so its whole
report can be read in the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from layout.build import check_translation
from layout.content.compare import CheckResult, compare
from layout.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (ROOT / "content.yaml").read_text(encoding="utf-8")
TRANSLATION = (ROOT / "content.en.yaml").read_text(encoding="utf-8")


def with_source(text: str) -> str:
    """The translation naming ``content.yaml`` as its source, unless it already names one."""
    if re.search(r"^source:", text, re.M):
        return text
    return text.replace("\nslug: ", "\nsource: content.yaml\nslug: ", 1)


NAMED = with_source(TRANSLATION)


def panel(text: str, role: str) -> str:
    """The lines of one panel, from its role key to the next role."""
    found = re.search(rf"^  {re.escape(role)}:.*?(?=^  \S|\Z)", text, re.M | re.S)
    assert found, f"no panel {role!r}"
    return found.group(0)


def position(text: str, at: str, after: str = "") -> tuple[int, int]:
    """The 1-based line and column of the first ``at`` from the first ``after`` on."""
    start = text.index(after) if after else 0
    found = text.find(at, start)
    assert found >= 0, f"{at!r} is not in the file after {after!r}; update this case"
    line = text.count("\n", 0, found) + 1
    return line, found - (text.rfind("\n", 0, found) + 1) + 1


def src(at: str, after: str = "") -> str:
    """How a message names the source's line: ``content.yaml:43``."""
    return f"content.yaml:{position(SOURCE, at, after)[0]}"


def edit(text: str, *changes: tuple[str, str]) -> str:
    """Replace the first ``old`` by ``new`` for each change, in order."""
    for old, new in changes:
        # A failed find means the shipped file changed under the case: say so.
        assert old in text, f"{old!r} is no longer in the file; update this case"
        text = text.replace(old, new, 1)
    return text


@dataclass(frozen=True)
class Expect:
    """One problem: its severity, where it points (``at`` from ``after`` on), key and message."""

    severity: str
    key: str
    message: str
    at: str
    after: str = ""


@dataclass(frozen=True)
class Case:
    id: str
    changes: tuple[tuple[str, str], ...]  # edits of the translation
    expected: tuple[Expect, ...]  # every problem, in the translation's order
    source_changes: tuple[tuple[str, str], ...] = ()  # edits of content.yaml


INSIDE_1 = panel(NAMED, "inside-1")
INSIDE_1_BULLETS = INSIDE_1[INSIDE_1.index("    - bullets:") :]  # to the end of the panel
FOLD_ERROR = "expected the source's fold, or the panels would not correspond"

CASES = [
    Case(
        "missing-panel",
        ((panel(NAMED, "inside-2"), ""),),
        (
            Expect(
                "error",
                "panels",
                f"missing panel 'inside-2' ({src('  inside-2:')}); "
                "expected every panel of the source",
                at="panels:",
                after="finished_size",
            ),
        ),
    ),
    Case(
        "extra-panel",
        (("  back-cover:", "  inside-5:\n    - paragraph: One more page\n  back-cover:"),),
        (
            Expect(
                "error",
                "panels.inside-5",
                "extra panel 'inside-5': the source has none of that name; expected only its "
                "panels: front-cover, door-left, door-right, inside-1, inside-2, inside-3, "
                "inside-4, back-cover",
                at="inside-5:",
            ),
        ),
    ),
    Case(
        "misspelt-panel",
        (("  inside-4:", "  inside-four:"),),
        (
            Expect(
                "error",
                "panels",
                f"missing panel 'inside-4' ({src('  inside-4:')}); "
                "expected every panel of the source",
                at="panels:",
                after="finished_size",
            ),
            Expect(
                "error",
                "panels.inside-four",
                "extra panel 'inside-four': the source has none of that name; expected only its "
                "panels: front-cover, door-left, door-right, inside-1, inside-2, inside-3, "
                "inside-4, back-cover",
                at="inside-four:",
            ),
        ),
    ),
    Case(
        "fewer-blocks",
        (("www.idebanken.org/temahefter\n    - url: www.idebanken.org\n", "www.idebanken.org\n"),),
        (
            Expect(
                "error",
                "panels.back-cover",
                f"5 blocks where the source ({src('  back-cover:')}) has 6; "
                "expected the source's blocks in the same order",
                at="back-cover:",
            ),
        ),
    ),
    Case(
        "more-blocks",
        (("  door-left:", "  door-left:\n    - kicker: About stress"),),
        (
            Expect(
                "error",
                "panels.door-left",
                f"5 blocks where the source ({src('  door-left:')}) has 4; "
                "expected the source's blocks in the same order",
                at="door-left:",
            ),
            # Compared pair by pair, the rest of the panel is out of step by one block.
            Expect(
                "error",
                "panels.door-left[0]",
                f"a kicker where the source ({src('heading:', '  door-left:')}) has a heading",
                at="kicker: About",
            ),
            Expect(
                "error",
                "panels.door-left[1]",
                f"a heading where the source ({src('paragraph:', '  door-left:')}) has a paragraph",
                at="heading: Stress",
            ),
        ),
    ),
    Case(
        "wrong-kind",
        ((INSIDE_1_BULLETS, "    - paragraph: Notice whether you have a balance.\n"),),
        (
            Expect(
                "error",
                "panels.inside-1[1]",
                f"a paragraph where the source ({src('    - bullets:', '  inside-1:')}) "
                "has bullets",
                at="paragraph: Notice",
            ),
        ),
    ),
    Case(
        "fewer-bullets",
        (("        - Welcome new colleagues to the team\n", ""),),
        (
            Expect(
                "error",
                "panels.inside-2[1].bullets",
                f"6 items where the source ({src('bullets:', '  inside-2:')}) has 7; "
                "expected one item for each of the source's",
                at="bullets:",
                after="  inside-2:",
            ),
        ),
    ),
    Case(
        "missing-subheading",
        (("      subheading: – how does the manager contribute to well-being?\n", ""),),
        (
            Expect(
                "error",
                "panels.inside-3[0]",
                f"no subheading where the source ({src('subheading:', '  inside-3:')}) has one",
                at="heading: Management",
            ),
        ),
    ),
    Case(
        "extra-subheading",
        (
            (
                "    - heading: Stress and well-being\n",
                "    - heading: Stress and well-being\n      subheading: – in brief\n",
            ),
        ),
        (
            Expect(
                "error",
                "panels.door-left[0].subheading",
                f"a subheading where the source's heading ({src('heading:', '  door-left:')}) "
                "has none",
                at="subheading: – in brief",
            ),
        ),
    ),
    Case(
        "untranslated-string",
        (("    - title: Well-being at work\n", "    - title: Trivsel på arbeidsplassen\n"),),
        (
            Expect(
                "warning",
                "panels.front-cover[1].title",
                "possibly untranslated: 'Trivsel på arbeidsplassen', as in the source "
                f"({src('title:', '  front-cover:')})",
                at="Trivsel på",
            ),
        ),
    ),
    Case(
        # Other line breaks and runs of spaces, set the same: the loader's folding decides.
        "untranslated-despite-other-line-breaks",
        (
            (
                panel(NAMED, "door-right").split("    - paragraph:")[2],
                ' "En åpen dialog mellom ledere og medarbeidere er et første skritt mot å\n'
                '        skape trivsel og   forebygge skadelig stress på arbeidsplassen."\n',
            ),
        ),
        (
            Expect(
                "warning",
                "panels.door-right[2].paragraph",
                "possibly untranslated: 'En åpen dialog mellom ledere og medarbeidere er et "
                "første s…', as in the source "
                f"({src('- paragraph:', 'arbeidet.')})",
                at='"En åpen',
            ),
        ),
    ),
    Case(
        # An error: with the source's slug too it would write over the source's outputs.
        "same-language",
        (("language: en", "language: nb"),),
        (
            Expect(
                "error",
                "language",
                f"language 'nb' is the source's ({src('language:')}); "
                "expected the code of the language this file is in (with the source's slug "
                "too, it would write trivsel-nb-print.pdf over the source's)",
                at="nb",
                after="language:",
            ),
        ),
    ),
    Case(
        "same-language-another-slug",
        (("language: en", "language: nb"), ("slug: trivsel", "slug: trivsel-copy")),
        (
            Expect(
                "error",
                "language",
                f"language 'nb' is the source's ({src('language:')}); "
                "expected the code of the language this file is in",
                at="nb",
                after="language:",
            ),
        ),
    ),
    Case(
        "untranslated-title",
        (
            (
                "title: Well-being at work in brief",
                "title: Kort og godt om trivsel på arbeidsplassen",
            ),
        ),
        (
            Expect(
                "warning",
                "title",
                "possibly untranslated: 'Kort og godt om trivsel på arbeidsplassen', as in the "
                f"source ({src('title:')})",
                at="Kort og godt",
                after="\ntitle:",
            ),
        ),
    ),
    Case(
        "untranslated-bullet",
        (
            (
                "        - Be a good colleague – ask and listen to others",
                "        - Er en god kollega – spør og lytter til andre",
            ),
        ),
        (
            Expect(
                "warning",
                "panels.inside-1[1].bullets[3]",
                "possibly untranslated: 'Er en god kollega – spør og lytter til andre', as in "
                f"the source ({src('Er en god kollega')})",
                at="Er en god",
            ),
        ),
    ),
    Case(
        "untranslated-subheading",
        (
            (
                "      subheading: – how do you contribute to well-being together?",
                "      subheading: – hvordan bidrar dere sammen til trivsel?",
            ),
        ),
        (
            Expect(
                "warning",
                "panels.inside-2[0].subheading",
                "possibly untranslated: '– hvordan bidrar dere sammen til trivsel?', as in the "
                f"source ({src('– hvordan bidrar dere')})",
                at="– hvordan",
            ),
        ),
    ),
    Case(
        "untranslated-publication-field",
        (
            (
                "        subtitle: How can we create a good working environment without stress?",
                "        subtitle: Hvordan kan vi skape et godt arbeidsmiljø uten stress?",
            ),
        ),
        (
            Expect(
                "warning",
                "panels.back-cover[2].publication.subtitle",
                "possibly untranslated: 'Hvordan kan vi skape et godt arbeidsmiljø uten stress?', "
                f"as in the source ({src('Hvordan kan vi')})",
                at="Hvordan",
            ),
        ),
    ),
    Case(
        "different-fold",
        (("fold: gate-8", "fold: roll-8"),),
        (
            Expect(
                "error",
                "fold",
                f"fold 'roll-8' where the source ({src('fold:')}) has 'gate-8'; {FOLD_ERROR}",
                at="roll-8",
            ),
        ),
    ),
    Case(
        "different-size",
        (("{width: 100, height: 210}", "{width: 105, height: 148}"),),
        (
            Expect(
                "warning",
                "finished_size",
                f"finished size 105 × 148 mm where the source ({src('finished_size:')}) "
                "has 100 × 210 mm",
                at="{width: 105",
            ),
        ),
    ),
    Case(
        # The same in every language: addresses, numbers and punctuation.
        "addresses-and-numbers-are-not-words",
        (("    - kicker: In brief", "    - kicker: '2024 · post@idebanken.org · https://x.no/'"),),
        (),
        (
            (
                "    - kicker: Kort og godt om",
                "    - kicker: '2024 · post@idebanken.org · https://x.no/'",
            ),
        ),
    ),
    Case(
        # A URL block is an address whatever it looks like, even without "www." or "https://".
        "url-block-is-never-compared",
        (("    - url: www.idebanken.org", "    - url: idebanken.org"),),
        (),
        (("    - url: www.idebanken.org", "    - url: idebanken.org"),),
    ),
]


def check(folder: Path, translation: str, source: str = SOURCE) -> CheckResult:
    (folder / "content.yaml").write_text(source, encoding="utf-8")
    (folder / "content.en.yaml").write_text(translation, encoding="utf-8")
    return compare(folder / "content.en.yaml")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_translation_is_reported(case: Case, tmp_path: Path) -> None:
    """This test ensures that each way a translation can differ from its source is reported
    with its severity, the translation's file, line, column and key path, and the exact
    message naming the source's line."""
    translation = edit(NAMED, *case.changes)
    result = check(tmp_path, translation, edit(SOURCE, *case.source_changes))

    file = tmp_path / "content.en.yaml"
    got = [(p.severity, str(p.location), p.message) for p in result.problems]
    expected = []
    for e in case.expected:
        line, column = position(translation, e.at, e.after)
        expected.append((e.severity, f"{file}:{line}:{column}: {e.key}", e.message))
    assert got == expected
    assert result.ok == all(e.severity == "warning" for e in case.expected)


def test_shipped_translation_matches_its_source() -> None:
    """This test ensures that the shipped English translation has every panel and block of the
    Norwegian source, and no text left in Norwegian."""
    result = compare(ROOT / "content.en.yaml", ROOT / "content.yaml")

    assert result.problems == ()
    assert result.ok
    assert result.report() == (
        f"{ROOT / 'content.en.yaml'} against content.yaml: "
        "0 errors, 0 warnings: every panel and block present"
    )


def test_source_named_by_the_translation(tmp_path: Path) -> None:
    """This test ensures that without a source given, the translation's own `source:` key
    names it, relative to the translation's folder."""
    result = check(tmp_path, NAMED)

    assert result.source == tmp_path / "content.yaml"
    assert result.problems == ()


def test_source_given_wins_over_the_named_one(tmp_path: Path) -> None:
    """This test ensures that a source passed in is used even when the translation names
    another (which need not exist)."""
    (tmp_path / "content.en.yaml").write_text(
        NAMED.replace("source: content.yaml", "source: elsewhere.yaml"), encoding="utf-8"
    )
    result = compare(tmp_path / "content.en.yaml", ROOT / "content.yaml")

    assert result.source == ROOT / "content.yaml"
    assert result.ok


def test_no_source_is_a_clear_error(tmp_path: Path) -> None:
    """This test ensures that a translation that names no source, checked without one, says
    how to name it."""
    (tmp_path / "content.en.yaml").write_text(
        re.sub(r"^source:.*\n", "", TRANSLATION, flags=re.M), encoding="utf-8"
    )
    with pytest.raises(ContentError) as raised:
        compare(tmp_path / "content.en.yaml")

    assert str(raised.value) == (
        f"{tmp_path / 'content.en.yaml'}: no source to check against; expected --source FILE "
        "or a top-level 'source: content.yaml' naming the file this one translates"
    )


def test_named_source_that_does_not_exist(tmp_path: Path) -> None:
    """This test ensures that a `source:` naming a missing file is reported at that key."""
    translation = NAMED.replace("source: content.yaml", "source: content.nb.yaml")
    (tmp_path / "content.en.yaml").write_text(translation, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        compare(tmp_path / "content.en.yaml")

    line, column = position(translation, "content.nb.yaml")
    assert str(raised.value) == (
        f"{tmp_path / 'content.en.yaml'}:{line}:{column}: source: source file "
        f"{tmp_path / 'content.nb.yaml'} not found; expected the content file this one "
        "translates, relative to content.en.yaml"
    )


@pytest.mark.parametrize("broken", ["translation", "source"])
def test_file_that_is_not_content(broken: str, tmp_path: Path) -> None:
    """This test ensures that a translation or source that is not valid content is reported
    as the loader reports it, in that file, before anything is compared."""
    # A publication without its subtitle: the schema requires all three fields.
    subtitle = re.compile(r"^        subtitle: .*\n", re.M)
    translation, source = NAMED, SOURCE
    if broken == "translation":
        translation = subtitle.sub("", translation, count=1)
    else:
        source = subtitle.sub("", source, count=1)
    with pytest.raises(ContentError) as raised:
        check(tmp_path, translation, source)

    text = translation if broken == "translation" else source
    line, column = position(text, "title:", after="- publication:")
    file = tmp_path / ("content.en.yaml" if broken == "translation" else "content.yaml")
    assert str(raised.value).startswith(
        f"{file}:{line}:{column}: panels.back-cover[2].publication: missing key 'subtitle'"
    )


MANY_SOURCE = """\
slug: demo
language: nb
title: Prøvefolder
fold: bifold-4
finished_size: {width: 100, height: 210}
panels:
  front-cover:
    - title: Trivsel
    - url: www.idebanken.org
  inside-1:
    - heading: Individ
      subheading: – hva gjør du?
    - bullets:
        - Sov godt
        - Spis godt
        - Gå tur
  inside-2:
    - paragraph: Les mer på nettet.
    - publication:
        title: Fra stress til trivsel
        subtitle: Et hefte om trivsel
        description: Om stress og trivsel på jobben.
  back-cover:
    - paragraph: Idébanken
"""

MANY_TRANSLATION = """\
slug: demo
language: nb
source: source.yaml
title: Prøvefolder
fold: bifold-4
finished_size: {width: 105, height: 210}
panels:
  front-cover:
    - title: Trivsel
    - url: www.idebanken.org
  inside-1:
    - heading: The individual
    - bullets:
        - Sleep well
        - Eat well
  inside-two:
    - paragraph: Read more online.
    - publication:
        title: From stress to well-being
        subtitle: A booklet about well-being
        description: On stress and well-being at work.
  back-cover:
    - heading: Idébanken
    - paragraph: Find us online.
"""


def test_every_problem_is_listed_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that a translation with many problems gets all of them in one report,
    errors first and then warnings, each in the translation's order, then a summary."""
    (tmp_path / "source.yaml").write_text(MANY_SOURCE, encoding="utf-8")
    (tmp_path / "leaflet.en.yaml").write_text(MANY_TRANSLATION, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = compare(Path("leaflet.en.yaml"))

    assert not result.ok
    assert (len(result.errors), len(result.warnings)) == (7, 3)
    assert result.report() == (
        "error: leaflet.en.yaml:2:11: language: language 'nb' is the source's "
        "(source.yaml:2); expected the code of the language this file is in (with the "
        "source's slug too, it would write demo-nb-print.pdf over the source's)\n"
        "error: leaflet.en.yaml:7:1: panels: missing panel 'inside-2' (source.yaml:17); "
        "expected every panel of the source\n"
        "error: leaflet.en.yaml:12:7: panels.inside-1[0]: no subheading where the source "
        "(source.yaml:12) has one\n"
        "error: leaflet.en.yaml:13:7: panels.inside-1[1].bullets: 2 items where the source "
        "(source.yaml:13) has 3; expected one item for each of the source's\n"
        "error: leaflet.en.yaml:16:3: panels.inside-two: extra panel 'inside-two': the source "
        "has none of that name; expected only its panels: front-cover, inside-1, inside-2, "
        "back-cover\n"
        "error: leaflet.en.yaml:22:3: panels.back-cover: 2 blocks where the source "
        "(source.yaml:23) has 1; expected the source's blocks in the same order\n"
        "error: leaflet.en.yaml:23:7: panels.back-cover[0]: a heading where the source "
        "(source.yaml:24) has a paragraph\n"
        "warning: leaflet.en.yaml:4:8: title: possibly untranslated: 'Prøvefolder', as in the "
        "source (source.yaml:3)\n"
        "warning: leaflet.en.yaml:6:16: finished_size: finished size 105 × 210 mm where the "
        "source (source.yaml:5) has 100 × 210 mm\n"
        "warning: leaflet.en.yaml:9:14: panels.front-cover[0].title: possibly untranslated: "
        "'Trivsel', as in the source (source.yaml:8)\n"
        "leaflet.en.yaml against source.yaml: 7 errors, 3 warnings: "
        "fix the errors before building"
    )


# --- make-folder check: the translation's characters against the design's fonts --------------


def test_glyphs_are_checked_once_the_translation_loads(tmp_path: Path) -> None:
    """This test ensures that the translator's check lists a character no font has beside the
    comparison's problems, in the translation's order, but leaves the glyphs for later while
    the comparison finds a panel missing (the file cannot be laid out yet)."""
    emoji = ("    - heading: Stress and well-being\n", "    - heading: Stress 😀\n")
    (tmp_path / "content.yaml").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "content.en.yaml"
    path.write_text(edit(NAMED, emoji, ("language: en", "language: nb")), encoding="utf-8")

    result = check_translation(path)

    line, column = position(path.read_text(encoding="utf-8"), "Stress 😀")
    assert [(p.severity, str(p.location)) for p in result.problems] == [
        ("error", f"{path}:{position(NAMED, 'en', 'language:')[0]}:11: language"),
        ("error", f"{path}:{line}:{column}: panels.door-left[0].heading"),
    ]
    assert "the character U+1F600 '😀' (GRINNING FACE) is in none" in result.problems[1].message

    path.write_text(edit(NAMED, emoji, (panel(NAMED, "inside-2"), "")), encoding="utf-8")
    assert [p.message.split(";")[0] for p in check_translation(path).problems] == [
        f"missing panel 'inside-2' ({src('  inside-2:')})"
    ]


def test_a_translation_that_cannot_be_laid_out_is_an_error(tmp_path: Path) -> None:
    """This test ensures that a translation that matches its source but names a design that
    does not exist is not reported clean: why it cannot be laid out is the check's error."""
    (tmp_path / "content.yaml").write_text(SOURCE, encoding="utf-8")
    path = tmp_path / "content.en.yaml"
    text = edit(NAMED, ("\nslug: ", "\ndesign: nowhere.yaml\nslug: "))
    path.write_text(text, encoding="utf-8")

    result = check_translation(path)

    line, column = position(text, "nowhere.yaml")
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        f"{path}:{line}:{column}: design: design file {tmp_path / 'nowhere.yaml'} not found; "
        "expected a path relative to content.en.yaml"
    ]
