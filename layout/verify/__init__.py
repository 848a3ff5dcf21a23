"""Verify stage: read a PDF back and say what is wrong with it, never crash on it.

Two uses share the checks:

* **The preflight** (:func:`preflight`): what a printer runs on *any* PDF, make-folder's or not,
  before it goes to press — and what ``build`` runs on its own print PDF before writing it.
  It returns a :class:`Preflight`, whose :meth:`~Preflight.report` is the text a person reads
  and :meth:`~Preflight.to_json` the data a script reads.
* **The reader read-back** (:func:`verify_reader`): make-folder's reader PDF against what it
  should hold — a page per panel in reading order, each with its panel's text.

The preflight's checks, by the name its findings carry:

``file``
    pypdf and pdfium can both read it; it is not encrypted; every content stream parses and holds
    only PDF operators; a file pypdf had to repair is a warning.
``boxes``
    every page has a MediaBox, TrimBox and BleedBox; TrimBox ⊆ BleedBox ⊆ MediaBox; the bleed is
    at least 3 mm on every side; every page has the same trim size.
``fonts``
    every font is embedded (in forms too; Type3 fonts need not be); none of the standard 14.
``colour``
    only DeviceCMYK, DeviceGray and Separation/DeviceN: no RGB or Lab colour, colour space,
    image, inline image or shading, in the page or any form it draws.
``pdfx``
    the PDF/X keys: version, output intent and profile, ``/Trapped``, XMP, ``/ID``, header
    version, and no transparency in PDF/X-1a and X-3. A file without any is "not PDF/X".
``marks``
    everything painted in registration colour (Separation ``All``) lies outside the BleedBox.
``text``
    text inside the trim keeps 5 mm from the trim edges and 3 mm from the fold lines.
``panels``
    the make-folder panel map, when the file carries one: page count, flat size, bleed, and each
    panel's text in order inside its rectangle; a fold asked for must be the map's.

Each finding is an ``error`` (not fit for press), a ``warning`` (worth a look) or a ``note``
(what was not checked, and why). The file is read with pypdf (structure, and a small
content-stream interpreter for colour and placement) and pypdfium2 (where text lands); anything
neither can read becomes a finding.

What is not checked: image resolution, total area coverage, hairlines, overprint, annotations in
the trim, the transfer functions and halftones PDF/X forbids, and colour in annotation
appearances and Type3 glyphs. A file that passes is a PDF/X *candidate* until a printer's
validator accepts it.
"""

from .output import verify_reader
from .panelmap import NAMESPACE as PANEL_MAP_NAMESPACE
from .panelmap import PanelMap, parse_panel_map
from .preflight import CHECKS, preflight
from .report import Finding, Preflight

__all__ = [
    "CHECKS",
    "PANEL_MAP_NAMESPACE",
    "Finding",
    "PanelMap",
    "Preflight",
    "parse_panel_map",
    "preflight",
    "verify_reader",
]
