#!/bin/sh
# Rebuild icc/FOGRA39-make-folder.icc, the CMYK output profile embedded in PDF/X print files,
# from Fogra's FOGRA39 characterization data as Debian ships it (see icc/README.md).
#
# Usage: tools/build-icc-profile.sh [OUTPUT]    (default: icc/FOGRA39-make-folder.icc)
#
# Needs Debian's `argyll` (colprof) and `icc-profiles-free` (FOGRA39L.ti3); installs nothing.
# The ICC header holds the build date, so every rebuild gives different bytes.
set -eu

repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
out=${1:-"$repo/icc/FOGRA39-make-folder.icc"}
ti3=${FOGRA39_TI3:-/usr/share/color/icc/FOGRA39L.ti3}
description="make-folder FOGRA39 (ISO Coated v2-like), built with ArgyllCMS from FOGRA39L data"
copyright="Zlib licence (see make-folder icc/LICENSE); data: FOGRA39L.ti3, Debian icc-profiles-free"

missing=""
if ! command -v colprof >/dev/null 2>&1; then
    echo "build-icc-profile: colprof not found (Debian package argyll)" >&2
    missing="argyll"
fi
if [ ! -r "$ti3" ]; then
    echo "build-icc-profile: $ti3 not found (Debian package icc-profiles-free)" >&2
    missing="${missing:+$missing }icc-profiles-free"
fi
if [ -n "$missing" ]; then
    echo "install with: apt-get install $missing" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM  # leave through the EXIT trap, which tidies up
cp "$ti3" "$work/FOGRA39L.ti3"
# colprof reads <name>.ti3 from the working folder. -qm: medium quality, about 120 kB and
# 0.16 ΔE mean against the data (-qh: 0.05 ΔE, 2 minutes; -ql: 0.5 ΔE); -kr: a
# straight black generation ramp (the default, stated); -l330: 330 % total ink, FOGRA39's limit;
# -nc: not the .ti3 measurements in the profile too (127 kB of text no conversion reads).
(cd "$work" && colprof -v -qm -kr -l330 -nc -D "$description" -C "$copyright" \
    -O FOGRA39-make-folder.icc FOGRA39L)
mkdir -p "$(dirname -- "$out")"
cp "$work/FOGRA39-make-folder.icc" "$out"
echo "build-icc-profile: wrote $out ($(wc -c <"$out") bytes)"
