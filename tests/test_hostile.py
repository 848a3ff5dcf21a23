"""Hostile input: YAML that would exhaust memory or time, and paths that reach outside the project.

Every YAML file is read within documented limits (file size, aliases, values with aliases
expanded, nesting, text length, items), and every path a content or design file names must
resolve inside the project folder; each refusal is one message at file:line:column and key path.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from layout.content import yamlfile
from layout.content.loader import load_content, load_design, project_folder
from layout.content.yamlfile import read_yaml
from layout.errors import ContentError, FontError
from make_folder import cli

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")
DESIGN = (ROOT / "design.yaml").read_text(encoding="utf-8")


def refusal(path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    return str(caught.value)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- limits -----------------------------------------------------------------------------------


def billion_laughs(levels: int = 10) -> str:
    """The classic alias bomb: each level lists the one before nine times (9**10 values)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    """This test ensures that a "billion laughs" alias bomb is refused in well under a second,
    naming the limit on values with aliases expanded, before anything walks the expanded data."""
    path = write(tmp_path / "bomb.yaml", billion_laughs())

    start = time.perf_counter()
    message = refusal(path)
    elapsed = time.perf_counter() - start

    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    assert message == (
        f"{path}:6:5: a5: too much data: more than 100,000 values with its aliases expanded, "
        "over the limit of 100,000; expected the content of one leaflet (no alias bomb)"
    )


def test_too_many_aliases_are_refused(tmp_path: Path) -> None:
    """This test ensures that more than 100 alias uses are refused at the 101st, even when they
    expand to little."""
    items = "\n".join(f"  - *x  # {i}" for i in range(101))
    path = write(tmp_path / "aliases.yaml", f"x: &x 1\nlist:\n{items}\n")

    assert refusal(path) == (
        f"{path}:103:5: list[100]: too many aliases: more than 100 uses of '*' names, over the "
        "limit of 100; expected each value written out (no alias bomb)"
    )


def test_deep_nesting_is_refused_without_a_recursion_error(tmp_path: Path) -> None:
    """This test ensures that lists nested 5,000 deep are refused at level 21 while composing,
    not with a RecursionError."""
    path = write(tmp_path / "deep.yaml", "x: " + "[" * 5000 + "]" * 5000 + "\n")

    assert refusal(path) == (
        f"{path}:1:23: x{'[0]' * 19}: nested too deep: more than 20 levels of lists and "
        "mappings, over the limit of 20; expected a flatter document"
    )


def test_nesting_through_aliases_is_refused(tmp_path: Path) -> None:
    """This test ensures that nesting built from aliases, each shallow on its own, counts
    expanded against the depth limit."""
    ten = "[" * 10 + "1" + "]" * 10
    path = write(tmp_path / "deep.yaml", f"a: &a {ten}\nb: &b [{'[' * 10}*a{']' * 10}]\n")

    assert "nested too deep: more than 20 levels" in refusal(path)
    assert f"b[0]{'[0]' * 10}" in refusal(path)


def test_a_huge_text_is_refused(tmp_path: Path) -> None:
    """This test ensures that a text over 10,000 characters is refused at its place with its
    length and the limit."""
    path = write(tmp_path / "long.yaml", "title: ok\nlead: " + "la " * 5000 + "\n")

    assert refusal(path) == (
        f"{path}:2:7: lead: text too long: 14,999 characters, over the limit of 10,000; "
        "expected a shorter text"
    )


def test_too_many_items_are_refused(tmp_path: Path) -> None:
    """This test ensures that a list of more than 1,000 items is refused at the list."""
    path = write(tmp_path / "items.yaml", f"bullets: [{', '.join(['x'] * 1001)}]\n")

    assert refusal(path) == (
        f"{path}:1:10: bullets: too many items: 1,001, over the limit of 1,000; expected the "
        "content of one leaflet"
    )


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """This test ensures that a file over 1 MB is refused from its size on disk: a sparse 4 GB
    file is refused at once, without reading it."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(4 * 2**30)

    start = time.perf_counter()
    message = refusal(path)

    assert time.perf_counter() - start < 1.0
    assert message == (
        f"{path}: file too large: 4,294,967,296 bytes, over the limit of 1,000,000 bytes; "
        "expected the content of one leaflet"
    )


def test_the_limits_are_documented_constants() -> None:
    """This test ensures that the limits stand as module constants with the documented values,
    each with its comment (the README's security section quotes them)."""
    limits = {
        "MAX_FILE_BYTES": 1_000_000,
        "MAX_ALIASES": 100,
        "MAX_NODES": 100_000,
        "MAX_DEPTH": 20,
        "MAX_TEXT": 10_000,
        "MAX_ITEMS": 1_000,
    }
    assert {name: getattr(yamlfile, name) for name in limits} == limits
    source = Path(yamlfile.__file__).read_text(encoding="utf-8").splitlines()
    for name in limits:
        (index,) = [i for i, line in enumerate(source) if line.startswith(f"{name} = ")]
        assert source[index - 1].startswith("# "), name


def test_the_cli_refuses_a_bomb_with_one_message_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the build reports an alias bomb as one error line, exit 1, no
    traceback and no output folder."""
    write(tmp_path / "bomb.yaml", billion_laughs())
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["build", "bomb.yaml"])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: bomb.yaml:6:5: a5: too much data")
    assert "Traceback" not in result.output + result.stderr
    assert sorted(os.listdir(tmp_path)) == ["bomb.yaml"]


# --- paths ------------------------------------------------------------------------------------


def naming(key: str, value: str) -> str:
    return CONTENT.replace("slug: trivsel\n", f"slug: trivsel\n{key}: {value}\n", 1)


def test_a_design_up_and_out_of_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that ``design: ../…`` leaving the project folder is refused at the
    ``design:`` key, naming the path and the project folder."""
    project = tmp_path / "project"
    write(tmp_path / "outside" / "design.yaml", DESIGN)
    content = write(project / "content.yaml", naming("design", "../outside/design.yaml"))
    monkeypatch.chdir(project)

    with pytest.raises(ContentError) as caught:
        load_content(content)

    assert str(caught.value) == (
        f"{content}:5:9: design: '../outside/design.yaml' is outside the project folder "
        f"{project.resolve()}; expected a path inside it"
    )


def test_an_absolute_source_outside_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that an absolute ``source:`` outside the project folder is refused."""
    project = tmp_path / "project"
    content = write(project / "content.de.yaml", naming("source", "/etc/passwd"))
    monkeypatch.chdir(project)

    with pytest.raises(ContentError) as caught:
        load_content(content)

    assert str(caught.value) == (
        f"{content}:5:9: source: '/etc/passwd' is outside the project folder "
        f"{project.resolve()}; expected a path inside it"
    )


def test_a_symbolic_link_out_of_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a design inside the project by name but a symbolic link to a file
    outside it is refused: paths are judged after following links."""
    project = tmp_path / "project"
    outside = write(tmp_path / "outside" / "design.yaml", DESIGN)
    content = write(project / "content.yaml", naming("design", "look.yaml"))
    os.symlink(outside, project / "look.yaml")
    monkeypatch.chdir(project)

    with pytest.raises(ContentError) as caught:
        load_content(content)

    assert "design: 'look.yaml' is outside the project folder" in str(caught.value)


def test_a_font_outside_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a design's font outside the project folder is a font error at
    that font's key."""
    project = tmp_path / "project"
    shutil.copy(ROOT / "fonts" / "NotoSans-Bold.ttf", tmp_path / "stolen.ttf")
    design = write(
        project / "design.yaml",
        DESIGN.replace("bold: fonts/NotoSans-Bold.ttf", "bold: ../stolen.ttf"),
    )
    (project / "fonts").symlink_to(ROOT / "fonts", target_is_directory=True)  # bundled: trusted
    monkeypatch.chdir(project)

    with pytest.raises(FontError) as caught:
        load_design(design)

    assert str(caught.value) == (
        f"{design}:7:9: fonts.bold: '../stolen.ttf' is outside the project folder "
        f"{project.resolve()}; expected a path inside it"
    )


def test_the_project_folder_is_the_working_folder_only_when_it_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a content file's project folder is the working folder when that
    contains the file, else the file's own folder."""
    content = write(tmp_path / "project" / "nb" / "content.yaml", CONTENT)

    monkeypatch.chdir(tmp_path / "project")
    assert project_folder(Path("nb/content.yaml")) == (tmp_path / "project").resolve()
    monkeypatch.chdir(ROOT)
    assert project_folder(content) == (tmp_path / "project" / "nb").resolve()


def test_the_shipped_example_builds_from_the_repository_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This test ensures that examples/letter-6.yaml, whose design is ``../design.yaml``, loads
    from the repository root: the root is the project folder."""
    monkeypatch.chdir(ROOT)

    folder = load_content(Path("examples/letter-6.yaml"))
    design = load_design(folder.design)

    assert folder.design == Path("examples/../design.yaml")
    assert set(design.fonts) == {"regular", "bold", "italic", "symbols"}


def test_a_design_in_a_subfolder_with_its_own_fonts_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a design in a subfolder of the project, with fonts beside it,
    passes the confinement, run from anywhere."""
    project = tmp_path / "project"
    write(project / "look" / "design.yaml", DESIGN)
    shutil.copytree(ROOT / "fonts", project / "look" / "fonts")
    content = write(project / "content.yaml", naming("design", "look/design.yaml"))
    monkeypatch.chdir(tmp_path)

    folder = load_content(content)
    design = load_design(folder.design)

    assert folder.design == project / "look" / "design.yaml"
    assert design.fonts["bold"] == project / "look" / "fonts" / "NotoSans-Bold.ttf"


def test_the_cli_refuses_an_escaping_path_with_one_message_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the build reports a path outside the project as one error line,
    exit 1, no traceback and no output."""
    project = tmp_path / "project"
    write(project / "content.yaml", naming("design", "../../../../../../../etc/passwd"))
    monkeypatch.chdir(project)

    result = CliRunner().invoke(cli, ["build", "content.yaml"])

    assert result.exit_code == 1
    assert result.stderr == (
        "error: content.yaml:5:9: design: '../../../../../../../etc/passwd' is outside the "
        f"project folder {project.resolve()}; expected a path inside it\n"
    )
    assert sorted(os.listdir(project)) == ["content.yaml"]


@pytest.mark.parametrize(
    ("value", "column", "shown"),
    [
        ('!!int "1}"', 24, "'1}' is no int"),
        ('[!!int ""]', 25, "'' is no int"),
        ('!!bool "tre"', 24, "'tre' is no bool"),
        ('!!float "x"', 24, "'x' is no float"),
        ('!!timestamp "2020-13-45"', 24, "'2020-13-45' is no timestamp"),
    ],
)
def test_a_standard_tag_on_a_value_it_cannot_take_is_refused_at_its_place(
    tmp_path: Path, value: str, column: int, shown: str
) -> None:
    """This test ensures that a standard YAML tag on a value it cannot take (which makes PyYAML
    fail inside int(), float() or a lookup) is one error at that value, not a traceback."""
    text = CONTENT.replace(
        "finished_size: {width: 100, height: 210}", f"finished_size: {{width: {value}, height: 1}}"
    )
    path = write(tmp_path / "content.yaml", text)
    line = 1 + text[: text.index("finished_size")].count("\n")
    assert refusal(path) == (
        f"{path}:{line}:{column}: {shown}, as its tag says; expected the value without a tag"
    )
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"error: {path}:{line}:") and "Traceback" not in result.output
