"""The ``colour`` check: only inks a press has, DeviceCMYK, DeviceGray and Separation/DeviceN.

RGB (DeviceRGB, CalRGB, an ICC profile of three components, an Indexed space on one) and Lab
would be converted by someone else's software at the press, so each use is an error: colour
operators (``rg``/``RG``, ``sc``/``scn`` in such a space, ``cs``/``CS`` selecting one), colour
spaces named in the resources, images, inline images and shadings, on the page and in every form
and tiling pattern it draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from pypdf import PdfReader
from pypdf.generic import NameObject

from .document import dictionary, number, walk_resources
from .interpret import ColourUse, PageRun
from .report import Finding
from .spaces import describe


def check_colour(reader: PdfReader, runs: Sequence[PageRun | None]) -> list[Finding]:
    """One error per RGB or Lab colour on each page (repeats counted, not repeated)."""
    findings: list[Finding] = []
    for number_, page in enumerate(reader.pages, start=1):
        # A space named in the resources and selected with cs is one problem, not two.
        messages = dict.fromkeys(_resources(page), 1)
        declared = set(messages)
        run = runs[number_ - 1] if number_ <= len(runs) else None
        for use in run.colours if run is not None else ():
            message = _use(use)
            if message not in declared:
                messages[message] = messages.get(message, 0) + 1
        findings += [
            Finding("colour", number_, f"{m} (×{n})" if n > 1 else m) for m, n in messages.items()
        ]
    return findings


def _use(use: ColourUse) -> str:
    kind = use.space.foreign
    if use.operator in ("rg", "RG"):
        return f"RGB colour '{use.values} {use.operator}'"
    if use.operator in ("cs", "CS"):
        return f"{kind} colour space {use.values}"
    if use.operator == "inline image":
        return f"{kind} inline image ({use.values})"
    return f"{kind} colour '{use.values} {use.operator}' in {use.space.label}"


def _resources(page: object) -> list[str]:
    messages = []
    for used in walk_resources(page):
        resources = used.resources
        for name in dictionary(resources.get("/ColorSpace")):
            space = describe(NameObject(name), resources)
            if space.foreign:
                messages.append(f"{space.foreign} colour space {space.label}")
        for name, xobject in dictionary(resources.get("/XObject")).items():
            image = dictionary(xobject)
            if image.get("/Subtype") != "/Image" or image.get("/ImageMask"):
                continue
            space = describe(image.get("/ColorSpace"), resources)
            if space.foreign:
                messages.append(f"{space.foreign} image {name} ({space.label})")
        for name, shading in dictionary(resources.get("/Shading")).items():
            space = describe(dictionary(shading).get("/ColorSpace"), resources)
            if space.foreign:
                messages.append(f"{space.foreign} shading {name} ({space.label})")
        for name, pattern in dictionary(resources.get("/Pattern")).items():
            if number(dictionary(pattern).get("/PatternType")) != 2:
                continue  # tiling patterns are walked as content of their own
            shading = dictionary(dictionary(pattern).get("/Shading"))
            space = describe(shading.get("/ColorSpace"), resources)
            if space.foreign:
                messages.append(f"{space.foreign} shading pattern {name} ({space.label})")
    return messages
