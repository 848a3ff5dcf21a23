"""Colour spaces, described by what a printer cares about: which inks, or RGB/Lab to convert."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from .document import array, dictionary, number, resolve

REGISTRATION = "All"  # the Separation colorant that prints on every plate


@dataclass(frozen=True)
class Space:
    """A colour space: its PDF family, the kind of colour it makes, and its colorants."""

    family: str  # DeviceCMYK, ICCBased, Separation, Indexed …
    kind: str  # cmyk, gray, rgb, lab, spot, pattern, unknown
    colorants: tuple[str, ...] = ()  # Separation/DeviceN ink names
    label: str = ""  # as the file names it: "/DeviceRGB", "/CS0 (ICCBased, 3 components)"

    @property
    def registration(self) -> bool:
        """Registration colour: a separation whose every colorant is ``All``."""
        return (
            self.kind == "spot"
            and bool(self.colorants)
            and all(c == REGISTRATION for c in self.colorants)
        )

    @property
    def foreign(self) -> str | None:
        """ "RGB" or "Lab" for colour a press cannot print as it stands, else None."""
        return {"rgb": "RGB", "lab": "Lab"}.get(self.kind)


DEVICE = {
    "/DeviceCMYK": "cmyk",
    "/CMYK": "cmyk",  # abbreviations: inline images only, harmless elsewhere
    "/DeviceGray": "gray",
    "/G": "gray",
    "/DeviceRGB": "rgb",
    "/RGB": "rgb",
    "/Pattern": "pattern",
}
FAMILY = {"CalRGB": "rgb", "CalGray": "gray", "Lab": "lab", "CalCMYK": "cmyk"}
ICC_COMPONENTS = {1: "gray", 3: "rgb", 4: "cmyk"}
DEVICE_CMYK = Space("DeviceCMYK", "cmyk", label="/DeviceCMYK")
DEVICE_GRAY = Space("DeviceGray", "gray", label="/DeviceGray")
DEVICE_RGB = Space("DeviceRGB", "rgb", label="/DeviceRGB")


def describe(value: Any, resources: DictionaryObject, depth: int = 0) -> Space:
    """Describe a colour space operand or object; names are looked up in ``resources``."""
    value = resolve(value)
    if depth > 8:  # an Indexed space whose base is itself, and so on
        return Space("?", "unknown")
    if isinstance(value, NameObject):
        name = str(value)
        if name in DEVICE:
            return Space(name.lstrip("/"), DEVICE[name], label=name)
        defined = dictionary(resources.get("/ColorSpace")).get(name)
        if defined is None:
            return Space("?", "unknown", label=name)
        space = describe(defined, resources, depth + 1)
        detail = space.label if space.label and space.label != name else space.family
        return Space(space.family, space.kind, space.colorants, f"{name} ({detail})")
    if not isinstance(value, ArrayObject) or not value:
        return Space("?", "unknown")
    family = str(resolve(value[0])).lstrip("/")
    if family == "ICCBased":
        profile = resolve(value[1]) if len(value) > 1 else None
        if not isinstance(profile, StreamObject):
            return Space(family, "unknown", label="ICCBased, no profile")
        n = int(number(profile.get("/N")))
        kind = ICC_COMPONENTS.get(n, "unknown")
        if kind == "rgb" and str(resolve(profile.get("/Alternate"))) == "/Lab":
            kind = "lab"
        return Space(family, kind, label=f"ICCBased, {n} components")
    if family in FAMILY:
        return Space(family, FAMILY[family], label=family)
    if family == "Separation" and len(value) > 1:
        return Space(family, "spot", (str(resolve(value[1])).lstrip("/"),), "Separation")
    if family == "DeviceN" and len(value) > 1:
        names = tuple(str(resolve(n)).lstrip("/") for n in array(value[1]))
        return Space(family, "spot", names, "DeviceN")
    if family in ("Indexed", "I", "Pattern") and len(value) > 1:
        base = describe(value[1], resources, depth + 1)
        return Space(family, base.kind, base.colorants, f"{family} on {base.label or base.family}")
    if family in ("DeviceCMYK", "DeviceGray", "DeviceRGB"):
        return describe(NameObject(f"/{family}"), resources, depth + 1)
    return Space(family, "pattern" if family == "Pattern" else "unknown", label=family)
