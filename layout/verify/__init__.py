"""Verify stage: read a PDF back and say what is wrong with it, never crash on it.

Two uses share the checks:

* **The preflight** (:func:`preflight`, or :func:`~.preflight.preflight_file` for a path, which
  reports a file it cannot read as a ``file`` error): what a printer runs on *any* PDF,
  make-folder's or not, before it goes to press — and what ``build`` runs on its own print PDF
  before writing it. It returns a :class:`Preflight`, whose :meth:`~Preflight.report` is the
  text a person reads and :meth:`~Preflight.to_json` the data a script reads.
* **The reader read-back** (:func:`verify_reader`): make-folder's reader PDF against what it
  should hold — a page per panel in reading order, each with its panel's text.

The preflight's checks, by the name its findings carry:

``file``
    pypdf and pdfium can both read it; it is not encrypted; every content stream parses and holds
    only PDF operators; a file pypdf had to repair is a warning. A page too dense to read whole
    (pypdf's parsing limit, the interpreter's operation budget) is a warning saying it was "not
    checked beyond" that bound; a stream that cannot be parsed at all stays an error.
``boxes``
    every page has a MediaBox, TrimBox and BleedBox; TrimBox ⊆ BleedBox ⊆ MediaBox; the bleed is
    at least 3 mm on every side; every page has the same trim size.
``fonts``
    every font is embedded (in forms too; Type3 fonts need not be); none of the standard 14.
``colour``
    only DeviceCMYK, DeviceGray and Separation/DeviceN: no RGB or Lab colour, colour space,
    image, inline image or shading, in the page or any form it draws. No white (CMYK 0 0 0 0,
    gray 1, a spot at tint 0) painted while overprint is on for it: it would disappear on press.
    One warning names every spot colorant beyond CMYK, ``All`` and ``None``: "a fifth plate:
    PANTONE 185 C".
``pdfx``
    the PDF/X keys: version, output intent and profile (its ICC version one the header's PDF
    version holds), ``/Trapped``, XMP, ``/ID``, header version; the metadata each edition
    requires (``/Title`` and the dates in the document information for PDF/X-1a and X-3,
    ``dc:title`` and the dates in the XMP from PDF/X-4 on), and the document information and
    the XMP agreeing where both speak; nothing PDF/X forbids — annotations in the trim other
    than printer's marks and trap networks, JavaScript, PostScript, transfer functions — and no
    transparency in PDF/X-1a and X-3. A file without any PDF/X key is "not PDF/X".
``marks``
    everything painted in registration colour (Separation ``All``) lies outside the BleedBox.
``text``
    text inside the trim keeps 5 mm from the trim edges and 3 mm from the fold lines.
``panels``
    the make-folder panel map, when the file carries one: page count, flat size, bleed, and each
    panel's text in order inside its rectangle; the map describes its own fold (each page one
    side's roles, the fold's rows and columns, widths by its compensation); a fold asked for
    must be the map's.

Each finding is an ``error`` (not fit for press), a ``warning`` (worth a look) or a ``note``
(what was not checked, and why). The file is read with pypdf (structure, and a small
content-stream interpreter for colour and placement), a lean content scanner of its own
(overprint, PostScript; it also counts what each page draws, so that pdfium is never asked to
lay out a page of millions of objects) and pypdfium2 (where text lands); anything none of them
can read becomes a finding.

What is not checked: image resolution, total area coverage, hairlines, overprint other than
white, halftones, the sheet's proportions against a fold without a panel map, and colour in
annotation appearances and Type3 glyphs. A file that passes is a PDF/X *candidate* until a
printer's validator accepts it.
"""

from .output import verify_reader
from .preflight import CHECKS, preflight, preflight_file
from .report import Finding, Preflight

__all__ = [
    "CHECKS",
    "Finding",
    "Preflight",
    "preflight",
    "preflight_file",
    "verify_reader",
]
