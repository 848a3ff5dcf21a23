"""The panel map: what make-folder writes into a print PDF's XMP so that a preflight can check,
panel by panel, that each one holds its text in the right place.

The map is a JSON object inside ``<mf:PanelMap>`` (namespace :data:`NAMESPACE`) in an
``rdf:Description`` of the catalog's XMP packet. Its units are millimetres, its origin the lower
left corner of each page's TrimBox, as the page is drawn (no ``/Rotate``)::

    {"version": 1, "fold": "gate-8", "flat": {"width": 396, "height": 210},
     "finished": {"width": 100, "height": 210}, "bleed": 3,
     "pages": [{"side": "outside", "folds": {"vertical": [98, 198, 298], "horizontal": []},
                "panels": [{"role": "door-right", "number": 5, "label": "Side 5 (door-right)",
                            "x": 0, "y": 0, "width": 98, "height": 210, "rotation": 0,
                            "text": ["Fra stress til trivsel", "…"]}]}]}

A panel's ``rotation`` is 0 or 180 (upside down within the same rectangle); its ``text`` is the
panel's text in reading order, in pieces.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from ..pdfx import PANEL_MAP_NS

NAMESPACE = PANEL_MAP_NS  # where the finish stage writes it
TAG = f"{{{NAMESPACE}}}PanelMap"


@dataclass(frozen=True)
class MapPanel:
    role: str
    number: int
    label: str
    x: float  # mm from the left trim edge
    y: float  # mm from the bottom trim edge
    width: float
    height: float
    rotation: int
    text: tuple[str, ...]


@dataclass(frozen=True)
class MapPage:
    side: str
    vertical: tuple[float, ...]  # fold lines, mm from the left trim edge
    horizontal: tuple[float, ...]  # fold lines, mm from the bottom trim edge
    panels: tuple[MapPanel, ...]


@dataclass(frozen=True)
class PanelMap:
    version: int
    fold: str
    flat: tuple[float, float]  # mm
    finished: tuple[float, float]  # mm
    bleed: float  # mm
    pages: tuple[MapPage, ...]


def find_panel_map(packet: ET.Element | None) -> str | None:
    """The panel map's JSON text in a parsed XMP packet, or None when it carries none."""
    if packet is None:
        return None
    element = packet.find(f".//{TAG}")
    return None if element is None else (element.text or "")


def parse_panel_map(text: str) -> PanelMap:
    """Parse the map's JSON; raise ValueError naming the first thing wrong with it."""
    data = json.loads(text)
    root = _object(data, "map")
    if _number(root, "version", "map") != 1:
        raise ValueError(f"map.version: {root.get('version')!r}, expected 1")
    flat = _object(root.get("flat"), "flat")
    finished = _object(root.get("finished"), "finished")
    pages = []
    for i, page in enumerate(_list(root.get("pages"), "pages")):
        where = f"pages[{i}]"
        page = _object(page, where)
        folds = _object(page.get("folds", {}), f"{where}.folds")
        panels = []
        for j, panel in enumerate(_list(page.get("panels"), f"{where}.panels")):
            at = f"{where}.panels[{j}]"
            panel = _object(panel, at)
            rotation = int(_number(panel, "rotation", at, 0))
            if rotation not in (0, 180):
                raise ValueError(f"{at}.rotation: {rotation}, expected 0 or 180")
            panels.append(
                MapPanel(
                    role=_string(panel, "role", at),
                    number=int(_number(panel, "number", at, 0)),
                    label=str(panel.get("label") or panel.get("role")),
                    x=_number(panel, "x", at),
                    y=_number(panel, "y", at),
                    width=_number(panel, "width", at),
                    height=_number(panel, "height", at),
                    rotation=rotation,
                    text=tuple(_strings(panel.get("text", []), f"{at}.text")),
                )
            )
        pages.append(
            MapPage(
                side=str(page.get("side", "")),
                vertical=tuple(_numbers(folds.get("vertical", []), f"{where}.folds.vertical")),
                horizontal=tuple(
                    _numbers(folds.get("horizontal", []), f"{where}.folds.horizontal")
                ),
                panels=tuple(panels),
            )
        )
    return PanelMap(
        version=1,
        fold=_string(root, "fold", "map"),
        flat=(_number(flat, "width", "flat"), _number(flat, "height", "flat")),
        finished=(_number(finished, "width", "finished"), _number(finished, "height", "finished")),
        bleed=_number(root, "bleed", "map"),
        pages=tuple(pages),
    )


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list")
    return value


def _number(data: dict[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = data.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"{where}.{key}: expected a number")
    return float(value)


def _numbers(value: Any, where: str) -> list[float]:
    values = _list(value, where)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise ValueError(f"{where}: expected numbers")
    return [float(v) for v in values]


def _string(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{where}.{key}: expected a string")
    return value


def _strings(value: Any, where: str) -> list[str]:
    values = _list(value, where)
    if not all(isinstance(v, str) for v in values):
        raise ValueError(f"{where}: expected strings")
    return values
