#!/bin/bash
# make-icc.sh — rebuilds color/FOGRA39L-argyll.icc, the CMYK output profile
# of booklet's PDF/X-4 and PDF/A-2 outputs (color/README.md), from Debian's
# characterisation data with Debian's ArgyllCMS:
#   /usr/share/color/icc/FOGRA39L.ti3   (icc-profiles-free; Zlib licence)
#   colprof -ql                         (argyll 2.3.1)
# colprof writes the time of the run into the ICC header (bytes 24-35);
# they are set to 2006-12-01 00:00:00, the data's own date, so that every
# rebuild gives the same bytes (tests/e2e/standards.sh compares them).
#   tools/make-icc.sh [OUT]      default OUT: color/FOGRA39L-argyll.icc
set -euo pipefail
out=${1:-color/FOGRA39L-argyll.icc}
ti3=/usr/share/color/icc/FOGRA39L.ti3
command -v colprof >/dev/null || { echo "make-icc.sh: colprof missing (apt-get install argyll)" >&2; exit 1; }
[ -f "$ti3" ] || { echo "make-icc.sh: $ti3 missing (apt-get install icc-profiles-free)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$ti3" "$tmp/FOGRA39L.ti3"
(cd "$tmp" && colprof -ql -nc -D "Coated FOGRA39 (FOGRA39L.ti3, ArgyllCMS colprof)" \
    -C "No copyright. Made with ArgyllCMS colprof from FOGRA39L.ti3 (icc-profiles-free, Zlib licence)" \
    -O out.icc FOGRA39L >/dev/null)
# creation date: 2006-12-01T00:00:00 (big-endian uInt16 year month day h m s)
printf '\007\326\000\014\000\001\000\000\000\000\000\000' |
    dd of="$tmp/out.icc" bs=1 seek=24 conv=notrunc status=none
mv "$tmp/out.icc" "$out"
