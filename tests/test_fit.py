"""The fit report, bounded copyfit, and the content's language: every panel measured, overflow
reported per panel in mm and lines, copyfit within the design's limits, hyphenation by language.

The translation under test is written out here in full (a German leaflet, German running about a
third longer than Norwegian), so that its exact report can be read in the test; the design is the
repository's own ``design.yaml``.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from layout.build import Leaflet, build, lay_out, panel_boxes, plan_sheet, render_reader
from layout.content.loader import load_content, load_design
from layout.content.model import Design, Folder
from layout.errors import ContentError, Location
from layout.fit import (
    BuildOutcome,
    FitReport,
    Overflow,
    copyfit_steps,
    fit_report_json,
    summary_table,
)
from layout.folds import FOLDS
from layout.panels import hyphenation_language, typeset

ROOT = Path(__file__).resolve().parent.parent
DESIGN = ROOT / "design.yaml"

SENTENCE = (
    "Wohlbefinden entsteht, wenn Anforderungen, Ressourcen und Erwartungen im Gleichgewicht "
    "sind und jeder Mitarbeitende das Gefühl hat, die Aufgaben bewältigen zu können."
)
LEAD = (
    "Gute Ratschläge, wie Mitarbeitende, Gruppe, Führungskraft und Organisation dazu beitragen "
    "können, Stress vorzubeugen und das Wohlbefinden zu fördern."
)


def german(*, lead: int = 1, extra: int = 0, long_item: int = 1) -> str:
    """A German gate-8 leaflet: the cover's lead ``lead`` times over, and ``extra`` paragraphs
    more on inside-3 (whose bullets and paragraphs copyfit may shrink), the fifth of its six
    bullets ``long_item`` sentences long."""
    paragraphs = "".join(f"    - paragraph: {SENTENCE}\n" for _ in range(extra))
    items = [SENTENCE] * 4 + [" ".join([SENTENCE] * long_item), SENTENCE]
    return (
        "slug: trivsel\n"
        "language: de\n"
        "title: Wohlbefinden am Arbeitsplatz\n"
        "fold: gate-8\n"
        f"design: {DESIGN}\n"
        "finished_size: {width: 100, height: 210}\n"
        "panels:\n"
        "  front-cover:\n"
        "    - kicker: Kurz und gut\n"
        "    - title: Wohlbefinden am Arbeitsplatz\n"
        f"    - lead: {' '.join([LEAD] * lead)}\n"
        "    - url: www.idebanken.org\n"
        "  door-left:\n"
        "    - heading: Stress und Wohlbefinden\n"
        f"    - paragraph: {SENTENCE}\n"
        "  door-right:\n"
        "    - heading: Vom Stress zum Wohlbefinden\n"
        f"    - paragraph: {SENTENCE}\n"
        "  inside-1:\n"
        "    - heading: Der Einzelne\n"
        "    - bullets:\n"
        "        - Baut gute soziale Beziehungen in der Gruppe auf\n"
        "        - Sorgt dafür, sich zu entspannen und körperlich aktiv zu sein\n"
        "  inside-2:\n"
        "    - heading: Die Gruppe\n"
        f"    - paragraph: {SENTENCE}\n"
        "  inside-3:\n"
        "    - heading: Die Führung\n"
        "      subheading: – wie trägt die Führungskraft zum Wohlbefinden bei?\n"
        "    - bullets:\n"
        + "".join(f"        - {item}\n" for item in items)
        + paragraphs
        + "  inside-4:\n"
        "    - heading: Die Organisation\n"
        f"    - paragraph: {SENTENCE}\n"
        "  back-cover:\n"
        f"    - paragraph: {SENTENCE}\n"
        "    - publication:\n"
        "        title: Gesundheit am Arbeitsplatz\n"
        "        subtitle: Ein Leitfaden\n"
        f"        description: {SENTENCE}\n"
        "    - url: www.idebanken.org\n"
    )


def load(path: Path) -> tuple[Folder, Design]:
    folder = load_content(path)
    return folder, load_design(folder.design)


def write(folder: Path, text: str, name: str = "content.de.yaml") -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return Path(name)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch folder as the working directory, so that reports name files as a user would."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def by_role(report: FitReport) -> dict[str, object]:
    return {panel.role: panel for panel in report.panels}


def styles_set(leaflet: Leaflet, role: str) -> set[tuple[str, float, float, float]]:
    """(style, size, leading, space after) of every paragraph set on the panel ``role``."""
    return {
        (p.style.name, p.style.fontSize, p.style.leading, round(p.style.spaceAfter, 6))
        for p in (item.paragraph for item in leaflet.layouts[role].placed)
    }


# --- the report --------------------------------------------------------------------------------


def test_overflowing_translation_has_an_exact_report(here: Path) -> None:
    """This test ensures that a translation too long for two panels fails with one error that
    names both, in reading order, each with its overflow in mm and lines, the copyfit it was
    measured at and its longest block with its line, at the first one's place in the file, and
    that the error carries the whole report as a table and as JSON."""
    folder, design = load(write(here, german(lead=6, extra=3)))

    with pytest.raises(Overflow) as caught:
        lay_out(folder, design)

    error = caught.value
    assert str(error) == (
        "content.de.yaml:8:3: panels.front-cover: "
        "Side 7 (front-cover) does not fit: its text is 10.3 mm too tall for the 194.0 mm frame "
        "(about 2 lines of 18 pt lead text) — longest block panels.front-cover[2] (line 11), "
        "158.7 mm; "
        "Side 3 (inside-3) does not fit: its text is 11.2 mm too tall for the 194.0 mm frame "
        "(about 3 lines of 12.6 pt bullet text, measured with copyfit at its limits: "
        "paragraph 10.5/15.5 → 9/13.3 pt, bullet 10.4/14.6 → 9/12.6 pt) — "
        "longest block panels.inside-3[1] (line 30), 118.1 mm, whose longest item is "
        "panels.inside-3[1].bullets[0] (line 31), 17.8 mm; "
        "shorten the text of these panels"
    )
    report = error.report
    assert [panel.role for panel in report.overflows] == ["front-cover", "inside-3"]
    assert report.table() == "\n".join(
        [
            "content.de.yaml (de, gate-8): 2 of 8 panels overflow",
            "  Panel                 Fill      Free/over  Lines over  Longest block"
            "                                                               Copyfit",
            "  Side 7 (front-cover)  105%   10.3 mm over           2  "
            "panels.front-cover[2] (line 11), 158.7 mm",
            "  Side 8 (door-left)     17%  160.8 mm free              "
            "panels.door-left[1] (line 15), 21.9 mm",
            "  Side 5 (door-right)    21%  153.1 mm free              "
            "panels.door-right[1] (line 18), 21.9 mm",
            "  Side 1 (inside-1)      18%  159.5 mm free              "
            "panels.inside-1[1] (line 21), 23.2 mm; item bullets[0] (line 22), 10.3 mm",
            "  Side 2 (inside-2)      17%  160.8 mm free              "
            "panels.inside-2[1] (line 26), 21.9 mm",
            "  Side 3 (inside-3)     106%   11.2 mm over           3  "
            "panels.inside-3[1] (line 30), 118.1 mm; item bullets[0] (line 31), 17.8 mm  "
            "paragraph 10.5/15.5 → 9/13.3 pt, bullet 10.4/14.6 → 9/12.6 pt "
            "(at the copyfit limits)",
            "  Side 4 (inside-4)      17%  160.8 mm free              "
            "panels.inside-4[1] (line 42), 21.9 mm",
            "  Side 6 (back-cover)    33%  130.5 mm free              "
            "panels.back-cover[1] (line 45), 29.6 mm",
        ]
    )
    data = json.loads(json.dumps(report.to_json()))  # the JSON as a file holds it
    assert {key: data[key] for key in ("file", "language", "fold", "fits", "overflows")} == {
        "file": "content.de.yaml",
        "language": "de",
        "fold": "gate-8",
        "fits": False,
        "overflows": ["front-cover", "inside-3"],
    }
    assert data["panels"][5] == {
        "role": "inside-3",
        "label": "Side 3 (inside-3)",
        "line": 27,
        "fits": False,
        "frame_mm": 194.0,
        "text_mm": 205.2,
        "fill_percent": 105.8,
        "free_mm": 0.0,
        "over_mm": 11.2,
        "lines_over": 3,
        "leading_pt": 12.6,
        "leading_style": "bullet",
        "longest_block": {
            "key_path": "panels.inside-3[1]",
            "line": 30,
            "height_mm": 118.1,
            "item": {"key_path": "panels.inside-3[1].bullets[0]", "line": 31, "height_mm": 17.8},
        },
        "copyfit": [
            {"style": "paragraph", "size_pt": [10.5, 9], "leading_pt": [15.5, 13.3]},
            {"style": "bullet", "size_pt": [10.4, 9], "leading_pt": [14.6, 12.6]},
        ],
        "copyfit_at_limits": True,
        "copyfit_note": "paragraph 10.5/15.5 → 9/13.3 pt, bullet 10.4/14.6 → 9/12.6 pt "
        "(at the copyfit limits)",
    }


def test_lines_over_count_the_longest_blocks_text_as_set(here: Path) -> None:
    """This test ensures that a bullets panel past the copyfit limits counts its overflow in
    lines of bullet text at the leading set (12.6 pt, not the paragraph's designed 15.5 pt),
    says so, and names its longest item, in the message, the table and the JSON."""
    folder, design = load(write(here, german(extra=3, long_item=2)))

    with pytest.raises(Overflow) as caught:
        lay_out(folder, design)

    (panel,) = caught.value.report.overflows
    assert str(caught.value) == (
        "content.de.yaml:27:3: panels.inside-3: Side 3 (inside-3) does not fit: its text is "
        "24.5 mm too tall for the 194.0 mm frame (about 6 lines of 12.6 pt bullet text, "
        "measured with copyfit at its limits: paragraph 10.5/15.5 → 9/13.3 pt, "
        "bullet 10.4/14.6 → 9/12.6 pt) — longest block panels.inside-3[1] (line 30), 131.5 mm, "
        "whose longest item is panels.inside-3[1].bullets[4] (line 35), 31.1 mm; "
        "shorten the text of this panel"
    )
    assert panel.lines_over == 6 and panel.over / 15.5 < 5  # in paragraph leading: 5 lines
    row = next(line for line in caught.value.report.table().splitlines() if "inside-3" in line)
    assert "  6  panels.inside-3[1] (line 30), 131.5 mm; item bullets[4] (line 35), 31.1 mm" in row
    data = panel.to_json()
    assert (data["lines_over"], data["leading_pt"], data["leading_style"]) == (6, 12.6, "bullet")
    assert data["longest_block"]["item"] == {
        "key_path": "panels.inside-3[1].bullets[4]",
        "line": 35,
        "height_mm": 31.1,
    }


def test_every_panel_is_measured_and_the_json_is_stable(here: Path) -> None:
    """This test ensures that a leaflet that fits reports every panel in reading order with the
    same keys, millimetres rounded to 0.1 mm, and free height and fill that agree."""
    folder, design = load(write(here, german()))

    report = lay_out(folder, design).fit

    assert [panel.role for panel in report.panels] == list(FOLDS["gate-8"].reading_order)
    assert report.fits and report.overflows == ()
    assert report.table().splitlines()[0] == "content.de.yaml (de, gate-8): all 8 panels fit"
    data = report.to_json()
    assert list(data) == ["file", "language", "fold", "fits", "overflows", "panels"]
    for panel in data["panels"]:
        assert list(panel) == [
            "role", "label", "line", "fits", "frame_mm", "text_mm", "fill_percent", "free_mm",
            "over_mm", "lines_over", "leading_pt", "leading_style", "longest_block", "copyfit",
            "copyfit_at_limits", "copyfit_note",
        ]  # fmt: skip
        assert list(panel["longest_block"]) == ["key_path", "line", "height_mm", "item"]
        for key in ("frame_mm", "text_mm", "free_mm", "over_mm"):
            assert panel[key] == round(panel[key], 1)
        assert panel["over_mm"] == 0 and panel["lines_over"] == 0 and panel["copyfit"] == []
        assert abs(panel["frame_mm"] - panel["text_mm"] - panel["free_mm"]) <= 0.1
        assert abs(panel["fill_percent"] - 100 * panel["text_mm"] / panel["frame_mm"]) <= 0.1


# --- copyfit -----------------------------------------------------------------------------------


def test_copyfit_shrinks_an_overflowing_panel_until_it_fits(here: Path) -> None:
    """This test ensures that a panel that overflows as designed is set with its copyfit styles
    smaller, size, leading and space after together, at the first 0.1 pt step that fits, that
    the report says exactly what changed, and that every other panel is set as designed."""
    folder, design = load(write(here, german(extra=2)))

    leaflet = lay_out(folder, design)

    fits = {panel.role: panel for panel in leaflet.fit.panels}
    assert fits["inside-3"].fits
    assert fits["inside-3"].copyfit_note == (
        "paragraph 10.5/15.5 → 9.6/14.2 pt, bullet 10.4/14.6 → 9.5/13.3 pt"
    )
    assert styles_set(leaflet, "inside-3") == {
        ("heading", 18, 22, 1),  # the subheading's "before" is the heading's "after"
        ("subheading", 11.5, 15, 14),
        ("bullet", 9.5, 13.3, round(7.5 * 9.5 / 10.4, 6)),
        ("paragraph", 9.6, 14.2, round(8 * 9.6 / 10.5, 6)),
    }
    assert "9.6/14.2" in leaflet.fit.table()
    for role, fit in fits.items():
        if role != "inside-3":
            assert fit.copyfit == () and not fit.copyfit_exhausted
    assert ("paragraph", 10.5, 15.5, 8) in styles_set(leaflet, "inside-2")
    # The first step that fits wins: one step larger (9.7 pt) still overflows.
    box = leaflet.layouts["inside-3"].box
    steps = list(copyfit_steps(design.styles, design.copyfit, {"paragraph", "bullet"}))
    larger = replace(design, styles=steps[7][0], copyfit=None)
    assert larger.styles["paragraph"].size == 9.7
    assert not typeset(folder, larger, box).fit.fits


def test_copyfit_past_its_limits_is_an_overflow_measured_at_the_limits(here: Path) -> None:
    """This test ensures that a panel that overflows even at the copyfit limits is an overflow
    error that says so, with the overflow measured at the smallest setting allowed."""
    folder, design = load(write(here, german(extra=4)))

    with pytest.raises(Overflow) as caught:
        lay_out(folder, design)

    (panel,) = caught.value.report.overflows
    assert panel.copyfit_exhausted
    assert "measured with copyfit at its limits: paragraph 10.5/15.5 → 9/13.3 pt, " in str(
        caught.value
    )
    # The same panel set at the limit sizes by hand, without copyfit, overflows by as much.
    at_limits = dict(design.styles)
    for kind, size, leading in (("paragraph", 9, 13.3), ("bullet", 9, 12.6)):
        style = design.styles[kind]
        scale = size / style.size
        at_limits[kind] = replace(
            style,
            size=size,
            leading=leading,
            space_before=style.space_before * scale,
            space_after=style.space_after * scale,
        )
    box = panel_boxes(plan_sheet(folder, design))["inside-3"]
    by_hand = typeset(folder, replace(design, styles=at_limits, copyfit=None), box).fit
    assert by_hand.used == pytest.approx(panel.used)
    assert panel.over > 0 and f"{by_hand.over / 72 * 25.4:.1f} mm too tall" in str(caught.value)


def test_copyfit_steps_never_go_below_the_limits() -> None:
    """This test ensures that each copyfit step sets its styles 0.1 pt smaller with leading and
    spacing in proportion, stops each size at min-size and each leading at min-leading, and ends
    with every style at its limit."""
    design = load_design(DESIGN)
    styles = dict(design.styles)
    styles["paragraph"] = replace(styles["paragraph"], size=10, leading=13)  # tight leading
    copyfit = replace(design.copyfit, min_size=9, min_leading=12.5) if design.copyfit else None
    assert copyfit is not None

    steps = list(copyfit_steps(styles, copyfit, {"paragraph", "bullet", "heading"}))

    sizes = [(step["paragraph"].size, step["bullet"].size) for step, _ in steps]
    assert sizes[:3] == [(9.9, 10.3), (9.8, 10.2), (9.7, 10.1)]
    assert sizes[-1] == (9, 9) and len(steps) == 14  # bullet: 10.4 → 9 in 0.1 pt steps
    leadings = [step["paragraph"].leading for step, _ in steps]
    assert leadings[:3] == [12.9, 12.7, 12.6] and min(leadings) == 12.5
    first = steps[0][0]["paragraph"]
    assert first.space_after == pytest.approx(8 * 9.9 / 10)
    assert all(step["heading"] == design.styles["heading"] for step, _ in steps)  # not copyfit
    assert str(steps[-1][1][0]) == "paragraph 10/13 → 9/12.5 pt"


def test_design_without_copyfit_never_shrinks(here: Path) -> None:
    """This test ensures that without copyfit in the design a panel that overflows is an
    overflow error at once, measured as designed, and the message speaks of no copyfit."""
    folder, design = load(write(here, german(extra=2)))

    with pytest.raises(Overflow) as caught:
        lay_out(folder, replace(design, copyfit=None))

    (panel,) = caught.value.report.overflows
    assert panel.role == "inside-3" and panel.copyfit == () and not panel.copyfit_exhausted
    assert (panel.leading, panel.leading_style) == (14.6, "bullet")  # as designed
    assert str(caught.value) == (
        "content.de.yaml:27:3: panels.inside-3: Side 3 (inside-3) does not fit: its text is "
        "15.7 mm too tall for the 194.0 mm frame (about 4 lines of 14.6 pt bullet text) — "
        "longest block panels.inside-3[1] (line 30), 136.8 mm, whose longest item is "
        "panels.inside-3[1].bullets[0] (line 31), 20.6 mm; shorten the text of this panel"
    )


@pytest.mark.parametrize("content", ["content.yaml", "content.en.yaml"])
def test_shipped_leaflets_need_no_copyfit(content: str) -> None:
    """This test ensures that the shipped leaflets fit as designed, so copyfit changes nothing
    and their reader PDF is byte for byte the one set without copyfit."""
    folder, design = load(ROOT / content)

    leaflet = lay_out(folder, design)

    assert leaflet.fit.fits
    assert all(panel.copyfit == () for panel in leaflet.fit.panels)
    assert render_reader(leaflet) == render_reader(lay_out(folder, replace(design, copyfit=None)))


# --- language ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zz", "'zz' is not a valid BCP 47 language tag"),
        ("zz-Latn-QQQQQ", "'zz-Latn-QQQQQ' is not a valid BCP 47 language tag"),
        ("en-1234", "'en-1234' is not a valid BCP 47 language tag"),
        ("xx-NO", "'xx-NO' is not a valid BCP 47 language tag"),
        ("english", "'english' is not valid here"),  # the schema's: not even shaped like a tag
        ("no-NO-x", "'no-NO-x' is not valid here"),
    ],
)
def test_invalid_language_is_an_error_at_its_key(here: Path, language: str, message: str) -> None:
    """This test ensures that a language that is no valid BCP 47 tag is a content error at the
    language key, saying what is expected, not a crash when the text is hyphenated."""
    path = write(here, german().replace("language: de\n", f"language: {language}\n"))

    with pytest.raises(ContentError) as caught:
        load_content(path)

    assert str(caught.value).startswith(f"content.de.yaml:2:11: language: {message}; expected ")
    if "BCP 47" in message:
        assert str(caught.value).endswith(
            "; expected a registered language code such as 'nb', 'nn', 'en', 'de' or 'se', "
            "optionally with a region ('nb-NO')"
        )


def test_language_without_dictionary_builds_unhyphenated_and_says_so_once(here: Path) -> None:
    """This test ensures that a valid language pyphen has no dictionary for (Northern Sami)
    builds, unhyphenated, with one note saying so, where German is hyphenated."""
    sami = write(here, german().replace("language: de\n", "language: se\n"), "content.se.yaml")

    result = build(sami, here / "out")

    assert result.notes == ("no hyphenation dictionary for language 'se': not hyphenated",)
    assert result.print_pdf.is_file() and result.fit.fits
    assert hyphenation_language("se") is None and hyphenation_language("de") == "de"
    hyphenators = {
        item.paragraph.style.hyphenationLang
        for layout in result.leaflet.layouts.values()
        for item in layout.placed
    }
    assert hyphenators == {""}
    german_leaflet = lay_out(*load(write(here, german())))
    assert any(
        callable(item.paragraph.style.hyphenationLang)
        for item in german_leaflet.layouts["inside-3"].placed
    )


@pytest.mark.parametrize(
    "language", ["se", "sme", "fi", "no", "zh-Hant-TW", "en-GB-oed", "de-CH-1901", "sr-Latn"]
)
def test_valid_languages_never_crash_hyphenation(here: Path, language: str) -> None:
    """This test ensures that any valid language, with or without a pyphen dictionary, lays out
    with long words wrapped: pyphen never sees a code it does not know."""
    # Quoted: a bare "no" is YAML's false.
    text = german().replace("language: de\n", f'language: "{language}"\n')
    text = text.replace("Wohlbefinden entsteht", "Gesundheitsförderungsmaßnahmen")

    leaflet = lay_out(*load(write(here, text)))

    assert leaflet.fit.fits


# --- a build of several files ------------------------------------------------------------------


def test_build_outcomes_make_the_summary_and_the_report(here: Path) -> None:
    """This test ensures that each file's outcome gives the summary table (the Problem column
    the error's message, without its location) and the --report JSON (the full error), and that
    a file that failed before layout is named by the language it declares, "?" if unreadable."""
    good = write(here, german(), "content.de.yaml")
    folder, design = load(good)
    fit = lay_out(folder, design).fit
    invalid = write(here, german().replace("fold: gate-8", "fold: origami"), "content.fr.yaml")
    invalid_error = ContentError("unknown fold 'origami'", Location(invalid, 4, 7, "fold"))
    unreadable = write(here, "language: !!python/name:os.system sv\n", "content.sv.yaml")
    outcomes = [
        BuildOutcome(good, "de", fit, (here / "a.pdf", here / "b.pdf")),
        BuildOutcome.failed(invalid, invalid_error),
        BuildOutcome.failed(Path("missing.yaml"), ContentError("file not found")),
        BuildOutcome.failed(unreadable, ContentError("a tag")),
    ]

    assert [o.language for o in outcomes] == ["de", "de", "?", "?"]
    assert summary_table(outcomes).splitlines() == [
        "4 files: 1 built, 3 failed",
        "  File             Language  Panels fit  Written  Problem",
        "  content.de.yaml  de        8/8         2",
        "  content.fr.yaml  de        –           0        unknown fold 'origami'",
        "  missing.yaml     ?         –           0        file not found",
        "  content.sv.yaml  ?         –           0        a tag",
    ]
    data = fit_report_json(outcomes)
    assert data["version"] == 1
    assert [(leaflet["ok"], leaflet["error"]) for leaflet in data["leaflets"][:2]] == [
        (True, None),
        (False, "content.fr.yaml:4:7: fold: unknown fold 'origami'"),
    ]
    assert data["leaflets"][0]["fit"] == fit.to_json()
    assert data["leaflets"][0]["outputs"] == [str(here / "a.pdf"), str(here / "b.pdf")]


def test_an_overflow_outcome_keeps_its_fit_report(here: Path) -> None:
    """This test ensures that a file that overflows is summarised with its own fit report: its
    language, how many panels fit, and the first overflow's message."""
    path = write(here, german(extra=14))
    with pytest.raises(Overflow) as caught:
        lay_out(*load(path))

    outcome = BuildOutcome.failed(path, caught.value)

    assert (outcome.fit, outcome.language, outcome.ok) == (caught.value.report, "de", False)
    row = summary_table([outcome]).splitlines()[2]
    assert re.search(r"content\.de\.yaml  de  +[0-7]/8 +0  +Side \d \(\S+\) does not fit", row)
