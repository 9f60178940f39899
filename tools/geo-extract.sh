#!/usr/bin/env bash
# geo-extract.sh — geodata for a map of any region, cut from the shorelines,
# rivers and country outlines Debian packages for GMT (gmt, gmt-gshhg-low or
# -high/-full, gmt-dcw), in the GMT text format the map definitions read
# (docs/MAPS.md). Nothing in booklet needs GMT to build: run this once, keep
# the files with your map, and the build stays reproducible.
#
#   tools/geo-extract.sh W E S N COUNTRIES OUTDIR [RESOLUTION]
#
#   W E S N      the box in degrees (west, east, south, north), a little
#                larger than the map's extent
#   COUNTRIES    ISO 3166 codes whose land is drawn, comma-separated (VN,KH)
#   OUTDIR       receives land.gmt (country polygons clipped to the box,
#                closed), coast.gmt
#                (shoreline polylines) and rivers.gmt (all rivers and canals)
#   RESOLUTION   GSHHG resolution: c, l, i (default; gmt-gshhg-low), h, f
#                (gmt-gshhg-high, gmt-gshhg-full)
#
# Each file starts with a comment saying how it was made and the credit
# line to print with the map: "Coast and rivers: GSHHG 2.3.7 (Wessel &
# Smith), LGPL-3.0; land: DCW".
set -euo pipefail
if [ $# -lt 6 ]; then
  sed -n '2,20s/^# \{0,1\}//p' "$0" >&2
  exit 2
fi
W=$1 E=$2 S=$3 N=$4 COUNTRIES=$5 OUT=$6 RES=${7:-i}
command -v gmt >/dev/null || {
  echo "geo-extract: gmt is missing: apt-get install gmt gmt-gshhg-low gmt-dcw" >&2; exit 1; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
# gmt leaves gmt.history in the folder it runs in: run it in a scratch one
scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
R="-R$W/$E/$S/$N"
# clean HEAD CLOSE: one "> segment" header per segment of at least two
# points (GMT writes empty ones at bin edges), rings closed when CLOSE=1;
# a river keeps its WDBII level from GMT's header ("> River Bin # 577,
# Level 2" -> "> river level=2"), which sets how wide the map draws it
clean() {
  awk -v closing="$2" -v head="$1" '
    function flush() {
      if (n >= 2) {
        if (closing && (x[1] != x[n] || y[1] != y[n])) { n++; x[n] = x[1]; y[n] = y[1] }
        if (!(closing && n < 4)) {
          printf "%s\n", hdr; for (i = 1; i <= n; i++) printf "%.5f %.5f\n", x[i], y[i]
        }
      }
      n = 0
    }
    BEGIN { print head; n = 0; hdr = "> segment" }
    /^>/ {
      flush(); hdr = "> segment"
      if (match($0, /River .*Level [0-9]+/)) { l = $0; sub(/.*Level /, "", l); sub(/[^0-9].*/, "", l); hdr = "> river level=" l }
      next
    }
    /^#/ { next }
    NF >= 2 { n++; x[n] = $1; y[n] = $2 }
    END { flush() }'
}
made="# made by tools/geo-extract.sh $*, $(gmt --version 2>/dev/null | sed 's/^/GMT /')"
credit="# credit: Coast and rivers: GSHHG 2.3.7 (Wessel & Smith), LGPL-3.0; land: DCW"
# country outlines are whole countries: clipped to the box (gmt spatial -C)
gmt coast "$R" -E"$COUNTRIES" -M 2>/dev/null | gmt spatial -C "$R" 2>/dev/null |
  clean "$made"$'\n'"# land: country polygons $COUNTRIES"$'\n'"$credit" 1 > "$OUT/land.gmt"
gmt coast "$R" -D"$RES" -W -M 2>/dev/null |
  clean "$made"$'\n'"# coast: shoreline polylines, resolution $RES"$'\n'"$credit" 0 > "$OUT/coast.gmt"
gmt coast "$R" -D"$RES" -Ia -M 2>/dev/null |
  clean "$made"$'\n'"# rivers: all rivers and canals, resolution $RES"$'\n'"$credit" 0 > "$OUT/rivers.gmt"
for f in land coast rivers; do
  printf 'geo-extract: %s/%s.gmt: %s segments\n' "$OUT" "$f" "$(grep -c '^>' "$OUT/$f.gmt")"
done
