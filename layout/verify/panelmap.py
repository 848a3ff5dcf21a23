"""The panel map: what make-folder writes into a print PDF's XMP so that a preflight can check,
panel by panel, that each one holds its text in the right place.

The map is a JSON object inside ``<mf:PanelMap>`` (namespace :data:`layout.pdfx.PANEL_MAP_NS`)
in an ``rdf:Description`` of the catalog's XMP packet; :func:`layout.finish.panel_map` writes it.
Its units are millimetres, its origin the lower left corner of each page's TrimBox, as the page
is drawn (no ``/Rotate``)::

    {"version": 1, "fold": "gate-8", "flat": {"width": 396, "height": 210}, "bleed": 3,
     "pages": [{"folds": {"vertical": [98, 198, 298], "horizontal": []},
                "panels": [{"label": "Side 5 (door-right)", "x": 0, "y": 0, "width": 98,
                            "height": 210, "rotation": 0,
                            "text": ["Fra stress til trivsel", "…"]}]}]}

One entry of ``pages`` per PDF page, in page order. A panel's ``label`` is how findings name it,
its ``rotation`` 0 or 180 (upside down within the same rectangle), its ``text`` the panel's text
in reading order, in pieces. :data:`SCHEMA` says exactly that, and no more: the map carries what
the checks read, plus its version, its fold and each panel's rotation (how its text is meant to
be read); every number is finite, sizes lie in 0 < size ≤ 5000 mm, positions and the bleed in
0 ≤ value ≤ 5000 mm. :func:`parse_panel_map` refuses anything else.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from ..pdfx import PANEL_MAP_NS

TAG = f"{{{PANEL_MAP_NS}}}PanelMap"

MAX_MM = 5000  # no press sheet is larger: a bigger number is a broken map, not a big sheet
_POSITION = {"type": "number", "minimum": 0, "maximum": MAX_MM}
_SIZE = {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_MM}
_FOLDS = {"type": "array", "maxItems": 100, "items": _POSITION}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "make-folder panel map, version 1",
    "type": "object",
    "required": ["version", "fold", "flat", "bleed", "pages"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer", "const": 1},
        "fold": {"type": "string", "minLength": 1, "maxLength": 100},
        "flat": {
            "type": "object",
            "required": ["width", "height"],
            "additionalProperties": False,
            "properties": {"width": _SIZE, "height": _SIZE},
        },
        "bleed": _POSITION,
        "pages": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {"$ref": "#/$defs/page"},
        },
    },
    "$defs": {
        "page": {
            "type": "object",
            "required": ["folds", "panels"],
            "additionalProperties": False,
            "properties": {
                "folds": {
                    "type": "object",
                    "required": ["vertical", "horizontal"],
                    "additionalProperties": False,
                    "properties": {"vertical": _FOLDS, "horizontal": _FOLDS},
                },
                "panels": {"type": "array", "maxItems": 100, "items": {"$ref": "#/$defs/panel"}},
            },
        },
        "panel": {
            "type": "object",
            "required": ["label", "x", "y", "width", "height", "rotation", "text"],
            "additionalProperties": False,
            "properties": {
                "label": {"type": "string", "minLength": 1, "maxLength": 200},
                "x": _POSITION,
                "y": _POSITION,
                "width": _SIZE,
                "height": _SIZE,
                "rotation": {"enum": [0, 180]},
                "text": {"type": "array", "maxItems": 10_000, "items": {"type": "string"}},
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCHEMA)


@dataclass(frozen=True)
class MapPanel:
    """One panel of a page: its name in findings, its rectangle, rotation and text."""

    label: str  # "Side 5 (door-right)"
    x: float  # mm from the left trim edge
    y: float  # mm from the bottom trim edge
    width: float  # mm
    height: float  # mm
    rotation: int  # 0, or 180 when printed upside down
    text: tuple[str, ...]  # in reading order, in pieces


@dataclass(frozen=True)
class MapPage:
    """One PDF page (a side of the sheet): its fold lines and panels."""

    vertical: tuple[float, ...]  # fold lines, mm from the left trim edge
    horizontal: tuple[float, ...]  # fold lines, mm from the bottom trim edge
    panels: tuple[MapPanel, ...]


@dataclass(frozen=True)
class PanelMap:
    """The whole map: which fold, the flat sheet's trim size, the bleed, and each page."""

    version: int
    fold: str  # a key of layout.folds.FOLDS, if make-folder wrote it
    flat: tuple[float, float]  # trim width and height, mm
    bleed: float  # mm
    pages: tuple[MapPage, ...]


def find_panel_map(packet: ET.Element | None) -> str | None:
    """The panel map's JSON text in a parsed XMP packet, or None when it carries none."""
    if packet is None:
        return None
    element = packet.find(f".//{TAG}")
    return None if element is None else (element.text or "")


def parse_panel_map(text: str) -> PanelMap:
    """The map in ``text`` (its JSON); ValueError naming the first thing wrong with it."""
    data = json.loads(text, parse_constant=_not_a_number)
    error = best_match(_VALIDATOR.iter_errors(data))
    if error is not None:
        raise ValueError(f"{error.json_path}: {error.message}")
    return PanelMap(
        version=data["version"],
        fold=data["fold"],
        flat=(float(data["flat"]["width"]), float(data["flat"]["height"])),
        bleed=float(data["bleed"]),
        pages=tuple(
            MapPage(
                vertical=tuple(map(float, page["folds"]["vertical"])),
                horizontal=tuple(map(float, page["folds"]["horizontal"])),
                panels=tuple(
                    MapPanel(
                        label=panel["label"],
                        x=float(panel["x"]),
                        y=float(panel["y"]),
                        width=float(panel["width"]),
                        height=float(panel["height"]),
                        rotation=panel["rotation"],
                        text=tuple(panel["text"]),
                    )
                    for panel in page["panels"]
                ),
            )
            for page in data["pages"]
        ),
    )


def _not_a_number(name: str) -> float:
    # json.loads reads NaN, Infinity and -Infinity, which JSON itself has not; a map with one
    # is broken (and NaN would slip past every bound in the schema).
    raise ValueError(f"{name} is not a number JSON allows")
