"""Content stage: YAML files → validated, frozen :class:`Folder` and :class:`Design`.

Input: a content file (one leaflet, one language) and the design it names (or the bundled one).
Output: frozen dataclasses in points. Every problem is a :class:`ContentError` with file, line,
column and key path; nothing later needs to look at YAML again.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import ContentError, FontError
from ..folds import FOLDS
from ..fonts import check_glyphs, register
from ..resources import DEFAULT_CONTENT, DEFAULT_DESIGN, resource
from ..units import mm
from .languages import check_language
from .model import (
    CMYK,
    MARK_NAMES,
    Block,
    Bullets,
    Copyfit,
    Design,
    Folder,
    Heading,
    Marks,
    Panel,
    PanelStyle,
    Press,
    Publication,
    Run,
    Text,
    TextStyle,
)
from .schema import content_schema, design_schema
from .yamlfile import KeyPath, YamlDocument, read_yaml, validate


def project_folder(file: Path) -> Path:
    """The folder every path named in ``file`` must stay inside: the current working folder when
    it contains ``file`` (so ``design: ../design.yaml`` works from the repository root), else
    ``file``'s own folder. Resolved: symbolic links followed."""
    here = Path.cwd().resolve()
    folder = file.absolute().parent.resolve()
    return here if folder == here or here in folder.parents else folder


def _bundled() -> tuple[frozenset[Path], Path]:
    """The shipped files make-folder trusts wherever they stand: the default design and content,
    and the fonts folder."""
    files = frozenset(resource(name).resolve() for name in (DEFAULT_DESIGN, DEFAULT_CONTENT))
    return files, resource("fonts").resolve()


def confined(document: YamlDocument, at: KeyPath, named: str, root: Path) -> Path:
    """``named`` (a path in ``document`` at ``at``) relative to the document's folder, refused
    with a :class:`ContentError` at ``at`` unless it resolves (symbolic links followed) inside
    ``root`` or to a bundled file."""
    target = document.path.parent / named
    resolved = target.resolve()
    files, fonts = _bundled()
    inside = root.resolve()
    if resolved in files or fonts in resolved.parents:
        return target
    if resolved != inside and inside not in resolved.parents:
        raise document.error(
            at, f"'{named}' is outside the project folder {inside}; expected a path inside it"
        )
    return target


def load_content(path: Path, root: Path | None = None) -> Folder:
    """Read and check one content file; the fold's roles must match the panels exactly.

    ``design:`` and ``source:`` must name files inside ``root`` (default: the
    :func:`project_folder` of ``path``)."""
    root = root if root is not None else project_folder(path)
    document = read_yaml(path)
    validate(document, content_schema())
    data = document.data
    language = data["language"]
    check_language(language, document.where(("language",)))
    fold = FOLDS[data["fold"]]
    given = list(data["panels"])
    missing = [role for role in fold.roles if role not in given]
    extra = [role for role in given if role not in fold.roles]
    if missing or extra:
        problems = []
        if missing:
            problems.append("missing " + ", ".join(missing))
        if extra:
            problems.append("extra " + ", ".join(extra))
        # Point at the first extra panel (the likely typo), else at the panels as a whole.
        raise document.error(
            ("panels", extra[0]) if extra else ("panels",),
            f"{'; '.join(problems)}; the {fold.name} fold expects exactly: {', '.join(fold.roles)}",
            key=bool(extra),
        )
    panels = tuple(
        Panel(
            role,
            tuple(_block(document, ("panels", role, i), item) for i, item in enumerate(items)),
            document.where(("panels", role), key=True),
        )
        for role, items in data["panels"].items()
    )
    size = data["finished_size"]
    design = confined(document, ("design",), data["design"], root) if "design" in data else None
    if design is not None and not design.is_file():
        raise document.error(
            ("design",), f"design file {design} not found; expected a path relative to {path.name}"
        )
    return Folder(
        source=path,
        slug=data["slug"],
        language=language,
        title=clean(data["title"]),
        fold=fold.name,
        finished_width=mm(size["width"]),
        finished_height=mm(size["height"]),
        panels=panels,
        design=design,
        original=named_source(document, root),
        settings=MappingProxyType({key: document.where((key,)) for key in data}),
    )


def named_source(document: YamlDocument, root: Path | None = None) -> Path | None:
    """The file a content document names with ``source:`` (the one it translates), relative to
    the document; ``None`` if it names none. A named file that does not exist, or outside
    ``root`` (default: the document's :func:`project_folder`), is an error at the ``source:``
    key."""
    if "source" not in document.data:
        return None
    root = root if root is not None else project_folder(document.path)
    original = confined(document, ("source",), str(document.data["source"]), root)
    if not original.is_file():
        raise document.error(
            ("source",),
            f"source file {original} not found; expected the content file this one translates, "
            f"relative to {document.path.name}",
        )
    return original


def _copyfit(document: YamlDocument, data: dict[str, Any], styles: dict[str, Any]) -> Copyfit:
    for i, kind in enumerate(data["styles"]):
        style = styles[kind]
        if style["size"] < data["min-size"] or style["leading"] < data["min-leading"]:
            raise document.error(
                ("copyfit", "styles", i),
                f"style '{kind}' is already smaller than the copyfit limits "
                f"({style['size']:g}/{style['leading']:g} pt); expected min-size and "
                "min-leading at or below every style that may shrink",
            )
    return Copyfit(tuple(data["styles"]), data["min-size"], data["min-leading"])


def clean(text: str) -> str:
    """Fold line breaks and runs of spaces into one space; a no-break space stays as it is.

    ReportLab breaks lines at the narrow and the figure no-break space (U+202F, U+2007), so
    they become the plain no-break space U+00A0.
    """
    # Composed form: a letter typed as base + combining accent is one glyph, as fonts expect.
    text = unicodedata.normalize("NFC", text).translate({0x202F: 0x00A0, 0x2007: 0x00A0})
    # A byte-order mark inside a text (pasted from another file) draws nothing: drop it.
    text = text.replace("\ufeff", "")
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def _block(document: YamlDocument, path: KeyPath, item: dict[str, Any]) -> Block:
    def run(style: str, *keys: str | int) -> Run:
        value: Any = item
        for key in keys:
            value = value[key]
        return Run(style, clean(value), document.where((*path, *keys)))

    where = document.where(path)
    if "heading" in item:
        runs = [run("heading", "heading")]
        if "subheading" in item:
            runs.append(run("subheading", "subheading"))
        return Heading(tuple(runs), where)
    if "bullets" in item:
        items = range(len(item["bullets"]))
        return Bullets(tuple(run("bullet", "bullets", i) for i in items), where)
    if "publication" in item:
        title, subtitle, description = (
            run(f"publication-{part}", "publication", part)
            for part in ("title", "subtitle", "description")
        )
        return Publication((title, subtitle, description), where)
    ((kind, _),) = item.items()
    return Text(run(kind, kind), where)


def load_design(path: Path | None, root: Path | None = None) -> Design:
    """Read a design file (``None``: the bundled default) and check every name it uses.

    Its fonts must be inside ``root`` (default: the :func:`project_folder` of the design file);
    the bundled design and fonts are trusted wherever they stand. A process reads a design file
    once while it stays as it is (a batch of languages shares one design)."""
    path = path if path is not None else resource(DEFAULT_DESIGN)
    root = root if root is not None else project_folder(path)
    try:
        found = path.stat()
        stamp: tuple[int, int, int] | None = (found.st_mtime_ns, found.st_size, found.st_ino)
    except OSError:
        stamp = None  # read_yaml says what is wrong
    return _load_design(path, root, stamp)


@lru_cache(maxsize=8)
def _load_design(path: Path, root: Path, _stamp: tuple[int, int, int] | None) -> Design:
    document = read_yaml(path)
    validate(document, design_schema())
    data = document.data
    colours: dict[str, CMYK] = {
        name: (c / 100, m / 100, y / 100, k / 100) for name, (c, m, y, k) in data["colours"].items()
    }

    def colour(at: KeyPath, name: str) -> CMYK:
        if name not in colours:
            raise document.error(
                at, f"unknown colour '{name}'; expected one of: {', '.join(colours)}"
            )
        return colours[name]

    def font(at: KeyPath, name: str) -> str:
        if name not in data["fonts"]:
            raise document.error(
                at, f"unknown font '{name}'; expected one of: {', '.join(data['fonts'])}"
            )
        return name

    fonts: dict[str, Path] = {}
    for name, file in data["fonts"].items():
        try:
            font_path = confined(document, ("fonts", name), file, root)
        except ContentError as error:
            raise FontError(error.message, error.location) from None
        if not font_path.is_file():
            raise FontError(
                f"font file {font_path} not found; expected a TrueType (.ttf) file",
                document.where(("fonts", name)),
            )
        try:
            register(font_path)
        except FontError as error:
            raise FontError(error.message, document.where(("fonts", name))) from None
        fonts[name] = font_path

    styles = {
        kind: TextStyle(
            font=font(("styles", kind, "font"), s["font"]),
            size=s["size"],
            leading=s["leading"],
            colour=colour(("styles", kind, "colour"), s["colour"]),
            space_before=s.get("before", 0),
            space_after=s.get("after", 0),
            upper=s.get("upper", False),
            hyphenate=s.get("hyphenate", False),
        )
        for kind, s in data["styles"].items()
    }
    panel_styles = {
        role: PanelStyle(
            background=colour(("panels", role, "background"), p["background"])
            if "background" in p
            else None,
            ink=colour(("panels", role, "ink"), p["ink"]) if "ink" in p else None,
            motif=p.get("motif"),
            motif_colour=colour(("panels", role, "motif-colour"), p["motif-colour"])
            if "motif-colour" in p
            else None,
        )
        for role, p in data.get("panels", {}).items()
    }
    sheet, marks, bullet = data["sheet"], data["marks"], data["bullet"]
    press = data.get("press", {})
    compensation = sheet["compensation"]
    bullet_font = font(("bullet", "font"), bullet["font"])
    check_glyphs(bullet["glyph"], register(fonts[bullet_font]), document.where(("bullet", "glyph")))
    for key, label in data["slug"].items():
        check_glyphs(label, register(fonts["regular"]), document.where(("slug", key)))
    if marks["offset"] < sheet["bleed"]:
        raise document.error(
            ("marks", "offset"),
            f"marks would reach into the bleed; expected an offset of at least the bleed "
            f"({sheet['bleed']} mm)",
        )
    if marks["margin"] < marks["offset"] + marks["length"]:
        raise document.error(
            ("marks", "margin"),
            f"the marks do not fit; expected a margin of at least offset + length "
            f"({marks['offset'] + marks['length']} mm)",
        )
    return Design(
        source=path,
        fonts=MappingProxyType(fonts),
        bullet=bullet["glyph"],
        bullet_font=bullet_font,
        bullet_colour=colour(("bullet", "colour"), bullet["colour"]),
        bullet_indent=bullet["indent"],
        styles=MappingProxyType(styles),
        panel_styles=MappingProxyType(panel_styles),
        bleed=mm(sheet["bleed"]),
        compensation=MappingProxyType(
            {fold: mm(d) for fold, d in compensation.items()}
            if isinstance(compensation, dict)
            else {"default": mm(compensation)}
        ),
        trim_margin=mm(sheet["margins"]["trim"]),
        fold_margin=mm(sheet["margins"]["fold"]),
        marks=Marks(
            length=mm(marks["length"]),
            offset=mm(marks["offset"]),
            weight=marks["weight"],
            margin=mm(marks["margin"]),
            location=document.where(("marks",), key=True),
        ).with_only(name for name in MARK_NAMES if marks.get(name, False)),
        press=Press(
            pdfx=press.get("pdfx", "x4"),
            inside_first=press.get("first", "outside") == "inside",
            tumble=press.get("back", "turn") == "tumble",
        ),
        slug_labels=MappingProxyType(dict(data["slug"])),
        fallbacks=tuple(
            font(("fallbacks", i), name) for i, name in enumerate(data.get("fallbacks", []))
        ),
        copyfit=_copyfit(document, data["copyfit"], data["styles"]) if "copyfit" in data else None,
    )
