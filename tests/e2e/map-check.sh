#!/usr/bin/env bash
# The map check (tools/map-check.awk) on every map page: builds the three
# handouts with --strict --trace --report and checks, from the trace, every
# map label against every other label, symbol, route arrow and line feature
# (route, rivers, coast, walls, shaded edges, inset extents, frames, legend):
# a crossing the build's warnings do not list fails, as does a label without
# its halo, an inset over the main map's route or places, or a route arrow
# inside an inset's extent. The report has its "map label crossings" line.
# Leaders: a label's own passes, one across the route, a label or a symbol fails.
# Then the same on a map of the test's own, Hong Kong harbour (a dense coast,
# GSHHG full resolution cut by tools/geo-extract.sh), with an inset and a
# route; and the check itself on traces made to fail.
# Prints "map-check: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BK=${BK:-$ROOT/build/booklet}
CHECK=$ROOT/tools/map-check.awk
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# mapcheck NAME TRACE WARNINGS REPORT: the check passes, and finds no more
# crossings than the report counts
mapcheck() {
  local out n
  out=$(awk -v warnings="$3" -f "$CHECK" "$2" 2>&1)
  if [ $? -ne 0 ]; then bad "$1: map check"; sed 's/^/  /' <<<"$out"; return; fi
  ok
  n=$(sed -n 's/^map label crossings: //p' "$4")
  check "$1: the report counts map label crossings" test -n "$n"
  found=$(sed -n 's/.* \([0-9]*\) crossings (all reported)$/\1/p' <<<"$out")
  check "$1: crossings found ($found) within those reported (${n:-?})" test "${found:-0}" -le "${n:-0}"
  echo "  $1: $(tail -1 <<<"$out")"
}

# ---- the handouts
for l in en vi zh; do
  if [ ! -s out/xml/$l.xml ]; then bad "out/xml/$l.xml missing (run make)"; continue; fi
  if "$BK" build --strict --report --trace "$tmp/$l.trace" layouts/opium-war/handout.xml \
       out/xml/$l.xml -o "$tmp/$l.pdf" >"$tmp/$l.report" 2>"$tmp/$l.log"; then
    ok
    mapcheck "handout-$l" "$tmp/$l.trace" "$tmp/$l.log" "$tmp/$l.report"
  else
    bad "handout-$l: build failed"; grep -v 'tight line\|^ *[0-9]* |' "$tmp/$l.log" | sed 's/^/  /' | head -20
  fi
done

# ---- a map of one's own with a dense coast: Hong Kong harbour
H=$tmp/hk; mkdir -p "$H"
# the full resolution (gmt-gshhg-full) where it is installed, else the next
# one there is (gmt-gshhg-low gives i, which make installs)
for res in f h i; do
  "$ROOT/tools/geo-extract.sh" 113.82 114.42 21.98 22.54 CN.HK,CN.GD "$H/geo" $res \
    >"$tmp/geo.log" 2>&1 && test -s "$H/geo/coast.gmt" && break
  res=
done
if [ -n "$res" ]; then
  ok; echo "  hong-kong: GSHHG resolution $res, $(grep -vc '^[#>]' "$H/geo/coast.gmt") coast points"
else
  bad "geo-extract: Hong Kong"; sed 's/^/  /' "$tmp/geo.log"
fi
cat > "$H/places.xml" <<'XMLEND'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Places of Hong Kong harbour</title></titleStmt>
    <publicationStmt><p>Test data.</p></publicationStmt>
    <sourceDesc><p>Approximate coordinates.</p></sourceDesc></fileDesc></teiHeader>
  <text><body><listPlace>
    <place xml:id="victoria" type="city"><placeName xml:lang="en">Victoria</placeName>
      <location><geo>22.282 114.158</geo></location></place>
    <place xml:id="possession" type="town"><placeName xml:lang="en">Possession Point</placeName>
      <location><geo>22.287 114.146</geo></location></place>
    <place xml:id="kowloon" type="town"><placeName xml:lang="en">Kowloon</placeName>
      <location><geo>22.302 114.172</geo></location></place>
    <place xml:id="aberdeen" type="town"><placeName xml:lang="en">Aberdeen</placeName>
      <location><geo>22.248 114.155</geo></location></place>
    <place xml:id="stanley" type="town"><placeName xml:lang="en">Stanley</placeName>
      <location><geo>22.219 114.212</geo></location></place>
    <place xml:id="shaukeiwan" type="town"><placeName xml:lang="en">Shau Kei Wan</placeName>
      <location><geo>22.279 114.229</geo></location></place>
    <place xml:id="shatin" type="town"><placeName xml:lang="en">Sha Tin</placeName>
      <location><geo>22.383 114.188</geo></location></place>
    <place xml:id="tsuenwan" type="town"><placeName xml:lang="en">Tsuen Wan</placeName>
      <location><geo>22.371 114.114</geo></location></place>
    <place xml:id="taio" type="town"><placeName xml:lang="en">Tai O</placeName>
      <location><geo>22.254 113.862</geo></location></place>
    <place xml:id="saikung" type="town"><placeName xml:lang="en">Sai Kung</placeName>
      <location><geo>22.382 114.272</geo></location></place>
    <place xml:id="lamma" type="island"><placeName xml:lang="en">Lamma</placeName>
      <location><geo>22.205 114.125</geo></location></place>
    <place xml:id="lantau" type="island"><placeName xml:lang="en">Lantau</placeName>
      <location><geo>22.262 113.94</geo></location></place>
  </listPlace></body></text>
</TEI>
XMLEND
cat > "$H/map.xml" <<'XMLEND'
<map name="harbour">
  <title xml:lang="en">Hong Kong harbour, 1841–1860</title>
  <credit xml:lang="en">Coast and rivers: GSHHG 2.3.7 (Wessel &amp; Smith), LGPL-3.0; land: DCW.</credit>
  <projection type="mercator" lon0="114.1" lat-true="22.3"/>
  <gazetteer src="places.xml"/>
  <graticule step="0.1"/>
  <scale-bar unit="km" km="1"/>
  <north-arrow corner="upper-left"/>
  <legend-box corner="upper-right"/>
  <view extent="113.84 114.40 22.0 22.52">
    <layer role="land" src="geo/land.gmt"/>
    <layer role="rivers" src="geo/rivers.gmt"/>
    <layer role="coast" src="geo/coast.gmt"/>
    <place id="victoria" symbol="city" style="map-label-major" priority="100"/>
    <place id="aberdeen" symbol="town" style="map-label" priority="70"/>
    <place id="stanley" symbol="town" style="map-label" priority="70"/>
    <place id="shaukeiwan" symbol="town" style="map-label" priority="60"/>
    <place id="shatin" symbol="town" style="map-label" priority="60"/>
    <place id="tsuenwan" symbol="town" style="map-label" priority="60"/>
    <place id="taio" symbol="town" style="map-label" priority="60"/>
    <place id="saikung" symbol="town" style="map-label" priority="60"/>
    <place id="lamma" label="area" measure="40" style="map-sea" priority="40"/>
    <place id="lantau" label="area" measure="40" style="map-sea" priority="40"/>
  </view>
  <inset extent="114.12 114.20 22.265 22.315" corner="lower-left" width="0.6">
    <title xml:lang="en">Victoria Harbour</title>
    <layer role="land" src="geo/land.gmt"/>
    <layer role="coast" src="geo/coast.gmt"/>
    <place id="victoria" symbol="city" style="map-label-major" priority="100"/>
    <place id="possession" symbol="port" style="map-label" priority="95">
      <event what="landing" from="1841-01-26"/>
    </place>
    <place id="kowloon" symbol="town" style="map-label" priority="90">
      <event what="occupied" from="1860-03-18"/>
    </place>
  </inset>
  <route>
    <legend xml:lang="en">British advance, 1841–1860</legend>
    <stop place="possession"/>
    <stop place="victoria"/>
    <stop place="kowloon"/>
    <stop place="shatin"/>
  </route>
</map>
XMLEND
cat > "$H/layout.xml" <<'XMLEND'
<layout extends="handout">
  <parts>
    <figure kind="map" name="harbour" src="map.xml" size="full"/>
  </parts>
</layout>
XMLEND
printf 'Hong Kong harbour\n\nThe island was occupied in 1841 and Kowloon in 1860.\n' > "$H/hk.txt"
if (cd "$H" && "$BK" build --strict --report --trace "$tmp/hk.trace" --lang en --layout layout.xml \
      hk.txt -o "$H/hk.pdf" >"$tmp/hk.report" 2>"$tmp/hk.log"); then
  ok
  mapcheck "hong-kong" "$tmp/hk.trace" "$tmp/hk.log" "$tmp/hk.report"
  check "hong-kong: no map name without room" grep -q '^map names without room: 0' "$tmp/hk.report"
  check "hong-kong: the inset's extent titled on the main map" \
    bash -c "[ \$(grep -c 'text=\"Victoria Harbour\"' '$tmp/hk.trace') -ge 2 ]"
  check "hong-kong: names extract as text" bash -c "pdftotext '$H/hk.pdf' - | grep -q 'Shau Kei Wan'"
  check "hong-kong: qpdf --check" bash -c "qpdf --check '$H/hk.pdf' >/dev/null 2>&1"
  [ -n "${KEEP_MAPS:-}" ] && cp "$H/hk.pdf" "$KEEP_MAPS/"
else
  bad "hong-kong: build failed"; sed 's/^/  /' "$tmp/hk.log" | head -20
fi

# ---- the check fails where it should (a page of a trace written here)
# page [nosym]: a map page: the main view's route and a symbol, then its frame
page() {
  echo 'document pages=1 lang=en'
  echo 'page 1 300.0x300.0 label=1'
  echo '  path ops=2 stroke=cmyk(0.00,0.95,0.90,0.05) width=1.20 join=1 feature=route'
  echo '    d M 50.0 50.0 L 250.0 250.0'
  if [ -z "${1:-}" ]; then
    echo '  path ops=5 fill=gray(0.00) stroke=gray(1.00) width=0.50 feature=symbol'
    echo '    d M 200.0 100.0 L 204.0 100.0 L 204.0 104.0 L 200.0 104.0 Z'
  fi
  echo '  path ops=5 stroke=gray(0.00) width=0.80 feature=frame'
  echo '    d M 10.0 10.0 L 290.0 10.0 L 290.0 290.0 L 10.0 290.0 Z'
}
run_check() { awk -v warnings="$2" -f "$CHECK" "$1" >/dev/null 2>&1; }
: > "$tmp/none.log"
{ page; echo '  path ops=9 stroke=gray(1.00) width=1.20 join=1 feature=halo'
  echo '  glyphs font=serif size=7.0 x=90.0 y=98.0 w=40.0 n=6 text="Across"'; } > "$tmp/cross.trace"
check "map-check: an unreported crossing fails" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/cross.trace' >/dev/null"
echo 'map.xml: warning: page 1: map t: the label of x ("Across") crosses a line (route): no free position' > "$tmp/said.log"
check "map-check: a reported crossing passes" run_check "$tmp/cross.trace" "$tmp/said.log"
{ page; echo '  glyphs font=serif size=7.0 x=30.0 y=200.0 w=40.0 n=4 text="Bare"'; } > "$tmp/bare.trace"
check "map-check: a label without its halo fails" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/bare.trace' >/dev/null"
{ page; echo '  path ops=9 stroke=gray(1.00) width=1.20 join=1 feature=halo'
  echo '  glyphs font=serif size=7.0 x=180.0 y=99.0 w=40.0 n=6 text="Symbol"'; } > "$tmp/sym.trace"
check "map-check: a label over a symbol fails" bash -c "! awk -v warnings='$tmp/said.log' -f '$CHECK' '$tmp/sym.trace' >/dev/null"
{ page; echo '  path ops=9 stroke=gray(1.00) width=1.20 join=1 feature=halo'
  echo '  glyphs font=serif size=7.0 x=190.0 y=90.0 w=30.0 n=5 text="Slant" angle=45.0'; } > "$tmp/slant.trace"
check "map-check: a rotated label over a symbol fails" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/slant.trace' >/dev/null"
{ page; for t in One Two; do echo '  path ops=9 stroke=gray(1.00) width=1.20 join=1 feature=halo'
    echo "  glyphs font=serif size=7.0 x=$([ $t = One ] && echo 30.0 || echo 35.0) y=$([ $t = One ] && echo 200.0 || echo 202.0) w=30.0 n=3 text=\"$t\""; done; } > "$tmp/two.trace"
check "map-check: overlapping labels fail" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/two.trace' >/dev/null"
{ page; echo '  path ops=9 stroke=gray(1.00) width=1.20 join=1 feature=halo'
  echo '  glyphs font=serif size=7.0 x=30.0 y=200.0 w=40.0 n=5 text="Clear"'; } > "$tmp/clear.trace"
check "map-check: a clear label passes" run_check "$tmp/clear.trace" "$tmp/none.log"
{ page nosym
  echo '  path ops=5 stroke=gray(0.00) width=0.70 feature=frame'
  echo '    d M 20.0 20.0 L 120.0 20.0 L 120.0 120.0 L 20.0 120.0 Z'; } > "$tmp/inset.trace"
check "map-check: an inset over the route fails" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/inset.trace' >/dev/null"

# leaders: a label's own leader is not a crossing; a leader across the route, a
# label across another's leader, a leader through a symbol are failures
leader() { echo '  path ops=2 stroke=gray(0.25) width=0.40 feature=leader'; echo "    d M $1 L $2"; }
label() { echo '  path ops=9 stroke=gray(1.00) width=1.20 join=1 feature=halo'
  echo "  glyphs font=serif size=7.0 x=$1 y=$2 w=$3 n=4 text=\"$4\""; }
{ page; leader '150.0 170.0' '120.0 199.0'; label 90.0 198.0 40.0 Led; } > "$tmp/led.trace"
check "map-check: a label's own leader passes" run_check "$tmp/led.trace" "$tmp/none.log"
check "map-check: the leader is counted" bash -c "awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/led.trace' | grep -q ' 1 leaders,'"
{ page; leader '150.0 170.0' '170.0 140.0'; label 172.0 130.0 30.0 Over; } > "$tmp/lroute.trace"
check "map-check: a leader across the route fails" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/lroute.trace' >/dev/null"
{ page; leader '150.0 170.0' '120.0 199.0'; label 90.0 198.0 40.0 Led; label 125.0 180.0 40.0 Cross; } > "$tmp/lcross.trace"
check "map-check: a label across another's leader fails" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/lcross.trace' >/dev/null"
{ page; leader '190.0 130.0' '210.0 90.0'; label 212.0 80.0 20.0 Sym; } > "$tmp/lsym.trace"
check "map-check: a leader through a symbol fails" bash -c "! awk -v warnings='$tmp/none.log' -f '$CHECK' '$tmp/lsym.trace' >/dev/null"

echo "map-check: $pass passed, $fail failed"
[ $fail -eq 0 ]
