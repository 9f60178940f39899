#!/usr/bin/env bash
# A map and a timeline of one's own: runs the README's "Your own map and
# timeline" example exactly as written (HOME of its own, booklet on the
# PATH, the clone at ~/booklet), checks that the geodata it cuts equal the
# example's (a reproducible extract), then builds a region, places and
# events this test writes itself (the Han estuary in Korea, in English) and checks
# both handouts: every place named on the map and none left without room,
# every event on the timeline, text back from pdftotext, qpdf clean.
# Prints "own-map: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/bin"
ln -s "$ROOT/build/booklet" "$tmp/bin/booklet"
ln -s "$ROOT" "$tmp/home/booklet"
export SOURCE_DATE_EPOCH=1700000000
flat() { pdftotext "$1" - 2>/dev/null | tr -s ' \n\f' '   '; }
has() { flat "$1" | grep -qF -- "$2"; }
export -f flat

# ---- the README's example, as written
awk '/<!-- example:own-map/ { on = 1; next } on && /^```sh/ { code = 1; next }
     code && /^```/ { exit } code { print }' README.md > "$tmp/example.sh"
check "README has the own-map example" test -s "$tmp/example.sh"
check "the example runs" env HOME="$tmp/home" PATH="$tmp/bin:$PATH" bash -e "$tmp/example.sh" \
  >"$tmp/example.log" 2>&1 || sed 's/^/  /' "$tmp/example.log"
M=$tmp/home/mekong
for f in land coast rivers; do
  check "geo-extract: $f.gmt as in the example (reproducible)" cmp -s "$M/geo/$f.gmt" "examples/mekong/geo/$f.gmt"
done
pdf=$M/lesson.pdf
check "mekong: PDF made" test -s "$pdf"
check "mekong: qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null 2>&1"
for s in "Sài Gòn" "Mỹ Tho" "Cần Thơ" "Biên Hòa" "Vĩnh Long" "Biển Đông" "Đồng bằng sông Cửu Long" \
         "thành phố" "Thành Gia Định thất thủ" "Hòa ước Nhâm Tuất" "Bản đồ đồng bằng sông Cửu Long"; do
  check "mekong: '$s'" has "$pdf" "$s"
done
rep=$(cd "$M" && "$ROOT/build/booklet" build --strict --report --lang vi --layout layout.xml lesson.txt -o "$tmp/m.pdf" 2>/dev/null)
check "mekong: no map name without room" grep -q '^map names without room: 0' <<<"$rep"
check "mekong: no fault" grep -q '^faults: 0' <<<"$rep"

# ---- a region, places and events of the test's own (the Han estuary,
# Korea, 1866-1876, in English)
H=$tmp/han; mkdir -p "$H"
"$ROOT/tools/geo-extract.sh" 125.6 127.6 36.9 38.3 KR,KP "$H/geo" >/dev/null 2>&1
check "geo-extract: land, coast and rivers cut" test -s "$H/geo/land.gmt" -a -s "$H/geo/coast.gmt" -a -s "$H/geo/rivers.gmt"
cat > "$H/places.xml" <<'XMLEND'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Places of the Han estuary</title></titleStmt>
    <publicationStmt><p>Test data.</p></publicationStmt>
    <sourceDesc><p>Approximate coordinates.</p></sourceDesc></fileDesc></teiHeader>
  <text><body><listPlace>
    <place xml:id="hanyang" type="city"><placeName xml:lang="en">Hanyang (Seoul)</placeName>
      <location><geo>37.566 126.978</geo></location></place>
    <place xml:id="chemulpo" type="town"><placeName xml:lang="en">Chemulpo</placeName>
      <location><geo>37.474 126.616</geo></location></place>
    <place xml:id="ganghwa" type="fort"><placeName xml:lang="en">Ganghwa</placeName>
      <location><geo>37.747 126.488</geo></location></place>
    <place xml:id="suwon" type="town"><placeName xml:lang="en">Suwon</placeName>
      <location><geo>37.263 127.028</geo></location></place>
    <place xml:id="kaesong" type="town"><placeName xml:lang="en">Kaesong</placeName>
      <location><geo>37.970 126.554</geo></location></place>
  </listPlace></body></text>
</TEI>
XMLEND
cat > "$H/events.xml" <<'XMLEND'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>The Han estuary</title></titleStmt>
    <publicationStmt><p>Test data.</p></publicationStmt>
    <sourceDesc><p>Test data.</p></sourceDesc></fileDesc></teiHeader>
  <text xml:lang="en"><body>
    <listEvent xml:id="events">
      <event xml:id="ev.1866" when="1866-10-16" where="places.xml#ganghwa">
        <label xml:lang="en">French landing on Ganghwa island</label></event>
      <event xml:id="ev.1871" when="1871-06-10" where="places.xml#ganghwa">
        <label xml:lang="en">American attack on the Ganghwa forts</label></event>
      <event xml:id="ev.1876" when="1876-02-27">
        <label xml:lang="en">Treaty of Ganghwa opens three ports</label></event>
    </listEvent>
  </body></text>
</TEI>
XMLEND
cat > "$H/map.xml" <<'XMLEND'
<map name="han">
  <title xml:lang="en">The Han estuary</title>
  <credit xml:lang="en">Coast and rivers: GSHHG 2.3.7 (Wessel &amp; Smith), LGPL-3.0; land: DCW.</credit>
  <projection type="mercator" lon0="126.8" lat-true="37.6"/>
  <gazetteer src="places.xml"/>
  <graticule step="0.5"/>
  <scale-bar unit="km" km="1"/>
  <north-arrow corner="upper-right"/>
  <legend-box corner="lower-left"/>
  <symbol-legend symbol="port" xml:lang="en">treaty port</symbol-legend>
  <view extent="125.9 127.4 37.0 38.15">
    <layer role="land" src="geo/land.gmt"/>
    <layer role="rivers" src="geo/rivers.gmt"/>
    <layer role="coast" src="geo/coast.gmt"/>
    <place id="hanyang" symbol="capital" style="map-label-major" priority="100"/>
    <place id="chemulpo" symbol="port" style="map-label" priority="90"/>
    <place id="ganghwa" symbol="fort" style="map-label" priority="85"/>
    <place id="suwon" symbol="town" style="map-label" priority="70"/>
    <place id="kaesong" symbol="town" style="map-label" priority="70"/>
  </view>
</map>
XMLEND
cat > "$H/ports.xml" <<'XMLEND'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Ports</title></titleStmt>
    <publicationStmt><p>Test data.</p></publicationStmt>
    <sourceDesc><p>Test data.</p></sourceDesc></fileDesc></teiHeader>
  <text xml:lang="en"><body>
    <table xml:id="ports" cols="2">
      <head xml:lang="en">Ports opened by the treaty</head>
      <row role="label"><cell role="label" n="port">Port</cell><cell role="label" n="year">Opened</cell></row>
      <row role="data"><cell role="data">Busan</cell><cell role="data">1876</cell></row>
      <row role="data"><cell role="data">Wonsan</cell><cell role="data">1880</cell></row>
      <row role="data"><cell role="data">Chemulpo</cell><cell role="data">1883</cell></row>
    </table>
  </body></text>
</TEI>
XMLEND
cat > "$H/layout.xml" <<'XMLEND'
<layout extends="handout">
  <parts>
    <figure kind="map" name="han" src="map.xml" size="full"/>
    <figure kind="timeline" src="events.xml" select="events" size="full"/>
    <part src="ports.xml" select="ports" columns="port year"/>
  </parts>
</layout>
XMLEND
printf 'The Han estuary\n\nIn 1866 and 1871 foreign squadrons attacked the forts of Ganghwa island.\n' > "$H/han.txt"
rep=$(cd "$H" && "$ROOT/build/booklet" build --strict --report --lang en --layout layout.xml han.txt 2>"$tmp/h.log")
check "han: builds under --strict" test -s "$H/han.pdf" || sed 's/^/  /' "$tmp/h.log"
check "han: qpdf --check" bash -c "qpdf --check '$H/han.pdf' >/dev/null 2>&1"
check "han: no map name without room" grep -q '^map names without room: 0' <<<"$rep"
for s in "The Han estuary" "Hanyang (Seoul)" "Chemulpo" "Ganghwa" "Suwon" "Kaesong" \
         "capital" "treaty port" "km" "GSHHG" "French landing on Ganghwa island" \
         "American attack on the Ganghwa forts" "Treaty of Ganghwa opens three ports" \
         "Ports opened by the treaty" "Wonsan" "1883"; do
  check "han: '$s'" has "$H/han.pdf" "$s"
done
# rivers: geo-extract keeps GSHHG's levels, and the map draws them; a
# river file of one's own without levels is drawn too
check "geo-extract: rivers keep their level" grep -q '^> river level=[0-9]' "$H/geo/rivers.gmt"
rivers() { (cd "$H" && "$ROOT/build/booklet" build --lang en --layout "$1" han.txt -o "$tmp/r.pdf" \
  --trace "$tmp/r.trace" >/dev/null 2>&1) && grep -c 'feature=river' "$tmp/r.trace"; }
n=$(rivers layout.xml)
check "han: rivers drawn ($n paths)" test "${n:-0}" -gt 0
sed 's/^> river level=[0-9]*/> segment/' "$H/geo/rivers.gmt" > "$H/geo/plain-rivers.gmt"
sed 's|geo/rivers.gmt|geo/plain-rivers.gmt|' "$H/map.xml" > "$H/plain-map.xml"
sed 's|src="map.xml"|src="plain-map.xml"|' "$H/layout.xml" > "$H/plain-layout.xml"
n=$(rivers plain-layout.xml)
check "han: rivers without levels drawn too ($n paths)" test "${n:-0}" -gt 0
# a booklet in a language without a message catalog (German) reads the
# map's own German texts, not its English ones
sed -e 's|<placeName xml:lang="en">Suwon</placeName>|&<placeName xml:lang="de">Suwŏn-Festung</placeName>|' \
  "$H/places.xml" > "$H/places-de.xml"
sed -e 's|<title xml:lang="en">The Han estuary</title>|&<title xml:lang="de">Mündungsgebiet des Han</title>|' \
  -e 's|places.xml|places-de.xml|' "$H/map.xml" > "$H/map-de.xml"
sed 's|src="map.xml"|src="map-de.xml"|' "$H/layout.xml" > "$H/layout-de.xml"
printf 'Die Han-Mündung\n\nIm Jahr 1866 griffen fremde Geschwader die Forts der Insel Ganghwa an.\n' > "$H/han-de.txt"
(cd "$H" && "$ROOT/build/booklet" build --lang de --layout layout-de.xml han-de.txt -o "$tmp/de.pdf" >/dev/null 2>&1)
check "han, German: map title in German" has "$tmp/de.pdf" "Mündungsgebiet des Han"
check "han, German: a place's German name" has "$tmp/de.pdf" "Suwŏn-Festung"
check "han, German: not its English name" bash -c "! flat '$tmp/de.pdf' | grep -qw 'Suwon'"
check "han, German: the others in their only language" has "$tmp/de.pdf" "Kaesong"
# the map's own legend words for its ports are English only: a German
# booklet reads the catalog's word (English, there being no German catalog)
check "han, German: the catalog's word for a port" has "$tmp/de.pdf" "port"
check "han, German: not the map's English legend words" bash -c "! flat '$tmp/de.pdf' | grep -q 'treaty port'"
# a gazetteer place written "lon lat" here (longitudes past 90) is refused
# by the gazetteer at its line (test_map: one that stays in range)
sed 's|<geo>37.263 127.028</geo>|<geo>127.028 37.263</geo>|' "$H/places.xml" > "$H/places-swapped.xml"
sed 's|places.xml|places-swapped.xml|' "$H/map.xml" > "$H/map-swapped.xml"
sed 's|src="map.xml"|src="map-swapped.xml"|' "$H/layout.xml" > "$H/layout-swapped.xml"
err=$(cd "$H" && "$ROOT/build/booklet" build --lang en --layout layout-swapped.xml han.txt -o sw.pdf 2>&1); rc=$?
check "han: swapped coordinates refused (exit $rc)" test $rc -eq 1
check "han: the message names the gazetteer's line" \
  grep -qE 'places-swapped\.xml:13: error: place needs an xml:id and location/geo "lat lon"' <<<"$err"
# a place the gazetteer lacks: the definition's file and line
sed 's|<place id="suwon"|<place id="atlantis"|' "$H/map.xml" > "$H/bad-map.xml"
sed 's|src="map.xml"|src="bad-map.xml"|' "$H/layout.xml" > "$H/bad-layout.xml"
err=$(cd "$H" && "$ROOT/build/booklet" build --lang en --layout bad-layout.xml han.txt -o bad.pdf 2>&1); rc=$?
check "han: unknown place refused (exit $rc)" test $rc -eq 1
check "han: the message names the definition and line" grep -qE 'bad-map\.xml:[0-9]+(:[0-9]+)?: error: .*atlantis' <<<"$err"
check "han: nothing written" test ! -e "$H/bad.pdf"
check "han: no guess for a name nothing is near" bash -c '! grep -q "did you mean" <<<"$1"' _ "$err"
# a misspelt one: the nearest id of the gazetteer
sed 's|<place id="suwon"|<place id="suwn"|' "$H/map.xml" > "$H/bad-map.xml"
err=$(cd "$H" && "$ROOT/build/booklet" build --lang en --layout bad-layout.xml han.txt -o bad.pdf 2>&1)
check "han: a misspelt place, and the nearest" grep -q 'place "suwn" is not in the gazetteer; did you mean "suwon"?' <<<"$err"

echo "own-map: $pass passed, $fail failed"
[ $fail -eq 0 ]
