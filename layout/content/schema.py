"""JSON Schemas of the two documents a user writes: the content and the design.

The schemas are built from the fold registry, so a new fold or role needs no edit here. The loader
validates with them first and then only builds the frozen model, so the schema is the single
statement of what a valid document is.
"""

from __future__ import annotations

from typing import Any

from ..folds import FOLDS
from .model import MARK_NAMES, PDFX_CHOICES

# Patterns end in "$(?!\n)": Python's "$" also matches before a final newline (a slug "x\n"
# would pass and put a line break in file names); an editor's ECMA-262 "$" does not.
TEXT: dict[str, Any] = {"type": "string", "pattern": r"\S", "description": "some text"}
# Where content.schema.json (written from content_schema() by layout/content/schemafile.py) is
# known by: the project has no web address, so a URN names it.
CONTENT_SCHEMA_ID = "urn:make-folder:content"


def _text(description: str) -> dict[str, Any]:
    """Text with its own description: what an editor shows when hovering or completing the key."""
    return {**TEXT, "description": description}


def _block(kind: str, value: dict[str, Any], **extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [kind],
        "properties": {kind: value, **extra},
        "additionalProperties": False,
    }


def content_schema() -> dict[str, Any]:
    """The schema of ``content.yaml`` (one leaflet in one language)."""
    roles = sorted({role for fold in FOLDS.values() for role in fold.roles})
    block = {
        "oneOf": [
            _block("kicker", _text("a short line above the title")),
            _block("title", _text("a title, as on the front cover")),
            _block("lead", _text("an introduction after the title")),
            _block(
                "heading",
                _text("a heading; may have a subheading"),
                subheading=_text("a line under the heading"),
            ),
            _block("paragraph", _text("body text")),
            _block(
                "bullets",
                {
                    "type": "array",
                    "items": _text("one bullet item"),
                    "minItems": 1,
                    "description": "a list of items",
                },
            ),
            _block(
                "publication",
                {
                    "type": "object",
                    "required": ["title", "subtitle", "description"],
                    "properties": {
                        "title": _text("the publication's title"),
                        "subtitle": _text("the publication's subtitle"),
                        "description": _text("what the publication is about"),
                    },
                    "additionalProperties": False,
                    "description": "a publication: title, subtitle and description",
                },
            ),
            _block("url", _text("a web address; trailing url blocks stand at the panel's foot")),
        ]
    }
    panel = {"type": "array", "items": block, "minItems": 1, "description": "a list of blocks"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": CONTENT_SCHEMA_ID,
        "title": "make-folder content",
        "description": (
            "One leaflet in one language: the settings, then the text of each panel keyed by its "
            "role. This checks the shape; make-folder also checks that the panels are exactly "
            "the fold's roles, that the files named exist and that the fonts have every character."
        ),
        "type": "object",
        "required": ["slug", "language", "title", "fold", "finished_size", "panels"],
        "properties": {
            "slug": {
                "type": "string",
                "pattern": r"^[a-z0-9][a-z0-9-]*$(?!\n)",
                "description": "the file-name stem, e.g. 'trivsel' (a-z, 0-9 and '-')",
                "examples": ["trivsel"],
            },
            "language": {
                "type": "string",
                "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$(?!\n)",
                "description": "a BCP 47 language code such as 'nb', 'en' or 'se'",
                "examples": ["nb", "nn", "en", "se", "de", "pl"],
            },
            "title": _text("the leaflet's title, for the PDFs' metadata and the printer's slug"),
            "fold": {"title": "fold", "enum": sorted(FOLDS), "description": "a fold name"},
            "finished_size": {
                "type": "object",
                "required": ["width", "height"],
                "properties": {
                    "width": {
                        "type": "number",
                        "exclusiveMinimum": 20,
                        "maximum": 1000,
                        "unit": " mm",
                    },
                    "height": {
                        "type": "number",
                        "exclusiveMinimum": 20,
                        "maximum": 1000,
                        "unit": " mm",
                    },
                },
                "additionalProperties": False,
                "description": "the closed leaflet's size in mm: {width: 100, height: 210}",
            },
            "design": {
                "type": "string",
                "pattern": r"\S",
                "description": "a design file, relative to this file; default: the bundled design",
                "examples": ["design.yaml"],
            },
            "source": {
                "type": "string",
                "pattern": r"\S",
                "description": "the content file this one translates, e.g. content.yaml",
                "examples": ["content.yaml"],
            },
            "panels": {
                "type": "object",
                # Every known role is listed for editors' completion; which roles a leaflet
                # needs depends on its fold, so the loader names what is missing and extra.
                "properties": {role: panel for role in roles},
                "additionalProperties": panel,
                "propertyNames": {
                    "pattern": r"^[a-z][a-z0-9-]*$(?!\n)",
                    "description": "a panel role such as 'front-cover' or 'inside-1'",
                },
                "description": "the panels, keyed by role",
            },
        },
        "additionalProperties": False,
    }


_LENGTH = {"type": "number", "minimum": 0, "maximum": 100, "unit": " mm"}
_POINTS = {"type": "number", "exclusiveMinimum": 0, "maximum": 200, "unit": " pt"}
_SPACE = {"type": "number", "minimum": 0, "maximum": 200, "unit": " pt"}
_CMYK = {
    "type": "array",
    "items": {"type": "number", "minimum": 0, "maximum": 100, "unit": " %"},
    "minItems": 4,
    "maxItems": 4,
    "description": "CMYK percentages [c, m, y, k]",
}
_NAME = {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$(?!\n)", "description": "a name"}

STYLE_KINDS = (
    "kicker",
    "title",
    "lead",
    "heading",
    "subheading",
    "paragraph",
    "bullet",
    "publication-title",
    "publication-subtitle",
    "publication-description",
    "url",
)


def design_schema() -> dict[str, Any]:
    """The schema of a design file (type in points, sheet geometry in millimetres)."""
    roles = sorted({role for fold in FOLDS.values() for role in fold.roles})
    style = {
        "type": "object",
        "required": ["font", "size", "leading", "colour"],
        "properties": {
            "font": _NAME,
            "size": _POINTS,
            "leading": _POINTS,
            "colour": _NAME,
            "before": _SPACE,
            "after": _SPACE,
            "upper": {"type": "boolean"},
            "hyphenate": {"type": "boolean"},
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "make-folder design",
        "type": "object",
        "required": ["fonts", "colours", "bullet", "styles", "sheet", "marks", "slug"],
        "properties": {
            "fonts": {
                "type": "object",
                "required": ["regular"],
                "additionalProperties": {"type": "string", "pattern": r"\S"},
                "description": "font files by name",
            },
            "colours": {"type": "object", "additionalProperties": _CMYK},
            "bullet": {
                "type": "object",
                "required": ["glyph", "font", "colour", "indent"],
                "properties": {
                    "glyph": {"type": "string", "minLength": 1, "maxLength": 2},
                    "font": _NAME,
                    "colour": _NAME,
                    "indent": _SPACE,
                },
                "additionalProperties": False,
            },
            "styles": {
                "type": "object",
                "required": list(STYLE_KINDS),
                "properties": {kind: style for kind in STYLE_KINDS},
                "additionalProperties": False,
            },
            "panels": {
                "type": "object",
                "properties": {
                    role: {
                        "type": "object",
                        "properties": {
                            "background": _NAME,
                            "ink": _NAME,
                            "motif": {"title": "motif", "enum": ["rings"]},
                            "motif-colour": _NAME,
                        },
                        "additionalProperties": False,
                    }
                    for role in roles
                },
                "additionalProperties": False,
            },
            "sheet": {
                "type": "object",
                "required": ["bleed", "compensation", "margins"],
                "properties": {
                    "bleed": {**_LENGTH, "minimum": 3, "maximum": 10},
                    "compensation": {
                        "oneOf": [
                            {**_LENGTH, "maximum": 5},
                            {
                                "type": "object",
                                "required": ["default"],
                                "properties": {
                                    name: {**_LENGTH, "maximum": 5}
                                    for name in ("default", *sorted(FOLDS))
                                },
                                "additionalProperties": False,
                            },
                        ],
                        "description": "mm, e.g. 2, or by fold: {default: 2, letter-6: 3}",
                    },
                    "margins": {
                        "type": "object",
                        "required": ["trim", "fold"],
                        "properties": {
                            # Printers' safe zones: 5 mm from the trim, 4 mm from a fold.
                            "trim": {**_LENGTH, "minimum": 5, "maximum": 40},
                            "fold": {**_LENGTH, "minimum": 4, "maximum": 40},
                        },
                        "additionalProperties": False,
                    },
                },
                "additionalProperties": False,
            },
            "marks": {
                "type": "object",
                "required": ["crop", "fold", "slug", "length", "offset", "weight", "margin"],
                "properties": {
                    **{name: {"type": "boolean"} for name in MARK_NAMES},
                    "length": {**_LENGTH, "exclusiveMinimum": 0, "maximum": 20},
                    "offset": {**_LENGTH, "maximum": 20},
                    "weight": {"type": "number", "minimum": 0.1, "maximum": 2, "unit": " pt"},
                    "margin": {**_LENGTH, "maximum": 50},
                },
                "additionalProperties": False,
            },
            "fallbacks": {
                "type": "array",
                "items": _NAME,
                "description": "font names tried in order for a character a style's font lacks",
            },
            "copyfit": {
                "type": "object",
                "required": ["styles", "min-size", "min-leading"],
                "properties": {
                    "styles": {
                        "type": "array",
                        "items": {"title": "style", "enum": list(STYLE_KINDS)},
                        "minItems": 1,
                    },
                    "min-size": _POINTS,
                    "min-leading": _POINTS,
                },
                "additionalProperties": False,
                "description": "how far an overflowing panel's body text may shrink",
            },
            "press": {
                "type": "object",
                "properties": {
                    "pdfx": {
                        "title": "PDF/X level",
                        "enum": list(PDFX_CHOICES),
                        "description": "x4 (PDF/X-4) or x1a (PDF/X-1a:2001)",
                    },
                    "first": {"title": "first page", "enum": ["outside", "inside"]},
                    "back": {
                        "title": "back side",
                        "enum": ["turn", "tumble"],
                        "description": "turn: over like a book page; tumble: head to foot",
                    },
                },
                "additionalProperties": False,
                "description": "what the printer asked for",
            },
            "slug": {
                "type": "object",
                "required": ["page"],
                "properties": {
                    "page": TEXT,
                    "outside": TEXT,
                    "inside": TEXT,
                    **{role: TEXT for role in roles},
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    }
