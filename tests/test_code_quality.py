"""The code's own checks, run with the tests so CI holds every change to them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_code_passes(command: list[str]) -> None:
    """This test ensures that lint, formatting and strict typing stay clean."""
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the pipeline's order ----------------------------------------------------------------------

CONTENT_STAGE = ROOT / "layout" / "content"
# The content stage is the pipeline's first: besides itself it may use only what every stage
# shares (the package's own __init__, errors, units, resources, fonts, folds), never a later
# stage (panels, fit, impose, sheets, marks, finish, verify, build).
CONTENT_MAY_IMPORT = frozenset(
    {"layout", "layout.errors", "layout.units", "layout.resources", "layout.fonts", "layout.folds"}
)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def layout_imports(path: Path) -> set[str]:
    """The modules of the package ``layout`` that the source file ``path`` imports (anywhere
    in it, relative imports resolved), by absolute name."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    package = parts[:-1]  # the package the module is in (an __init__'s own package)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:  # `from .. import build` imports the module layout.build
                child = f"{target}.{alias.name}"
                found.add(child if _is_module(child) else target)
    return {name for name in found if name == "layout" or name.startswith("layout.")}


def content_may_import(name: str) -> bool:
    return (
        name in CONTENT_MAY_IMPORT or name == "layout.content" or name.startswith("layout.content.")
    )


@pytest.mark.parametrize(
    "path",
    sorted(CONTENT_STAGE.rglob("*.py")),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_content_stage_imports_no_later_stage(path: Path) -> None:
    """This test ensures that a module of layout/content/ imports nothing of the package but
    the content stage itself and the shared errors, units, resources, fonts and folds."""
    later = sorted(name for name in layout_imports(path) if not content_may_import(name))
    assert later == [], f"{path.relative_to(ROOT)} imports a later stage: {', '.join(later)}"


def test_content_stage_loads_no_later_stage_when_imported() -> None:
    """This test ensures that importing every content module, the XLIFF round trip among them,
    in a fresh interpreter loads neither layout.build nor layout.panels nor any other later
    stage, not even through a module it imports."""
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted(CONTENT_STAGE.rglob("*.py"))
    ]
    assert "layout.content.xliff" in modules
    code = (
        f"import sys\nimport {', '.join(modules)}\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m.split('.')[0] == 'layout')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "layout.content.xliff" in loaded
    assert "layout.build" not in loaded and "layout.panels" not in loaded
    assert [name for name in loaded if not content_may_import(name)] == []
