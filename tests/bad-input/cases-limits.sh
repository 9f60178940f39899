# cases-limits.sh — limits that bound work, tested at their edge (sourced
# by run.sh; README, "Limits"): just over each limit is refused with a
# message naming the file and position, in bounded time; at the limit is
# accepted where that is cheap to run under the sanitizers (the worst legal
# inputs are timed by `make bench`, bench/limits.sh). Also damaged fonts.

LIM=$tmp/limits; mkdir -p "$LIM"

# ---- rules: growth, rule count, work, the revision log -------------------------
printf 'Title\n\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n' > "$LIM/a40.txt"
for i in $(seq 1 40); do echo "replace r$i \"a\" -> \"aa\""; done > "$LIM/double.rules"
for i in $(seq 1 12); do echo "replace r$i \"a\" -> \"aaaa\""; done > "$LIM/quad.rules"
for i in $(seq 1 1001); do echo "replace r$i \"zz$i\" -> \"b\""; done > "$LIM/1001.rules"
head -n 1000 "$LIM/1001.rules" > "$LIM/1000.rules"
for i in $(seq 1 300); do echo "replace r$i \"zz$i\" -> \"b\""; done > "$LIM/300.rules"
echo 'replace ac "a" -> "c"' > "$LIM/ac.rules"
echo 'replace a40 "a" -> "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"' > "$LIM/a40.rules"
# 4 MB of short lines in paragraphs of ten, every other byte an "a"
awk 'BEGIN { printf "Title\n\n"; s = ""; for (j = 0; j < 49; j++) s = s "a "; s = s "a"
             for (i = 0; i < 40000; i++) { print s; if (i % 10 == 9) print "" } }' > "$LIM/a4m.txt"
# 1 MB of the same (ten paragraphs of 100 KB would pass no limit)
head -c 1000000 "$LIM/a4m.txt" > "$LIM/a1m.txt"; echo >> "$LIM/a1m.txt"
R=("$BKA" ingest --lang en)
expect -t 10 "limits: 40 doubling rules"          1 'double\.rules:[0-9]+:1: error: rule .r[0-9]+. makes a line longer than the limit' o.xml -- "${R[@]}" --rules "$LIM/double.rules" "$LIM/a40.txt" -o @OUT
expect -t 10 "limits: 12 rules a -> aaaa"          1 'quad\.rules:[0-9]+:1: error: rule .r[0-9]+. makes a line longer than the limit' o.xml -- "${R[@]}" --rules "$LIM/quad.rules" "$LIM/a40.txt" -o @OUT
expect -t 60 "limits: rule grows the text past 16 MiB" 1 'a40\.rules:1:1: error: rule .a40. makes the text longer than the limit' o.xml -- "${R[@]}" --rules "$LIM/a40.rules" "$LIM/a1m.txt" -o @OUT
expect -t 10 "limits: 1001 rules"                  1 '1001\.rules:1001:1: error: more than 1000 rules' o.xml -- "${R[@]}" --rules "$LIM/1001.rules" "$LIM/a40.txt" -o @OUT
expect -t 30 "limits: 1000 rules"                  0 '' o.xml -- "${R[@]}" --rules "$LIM/1000.rules" "$LIM/a40.txt" -o @OUT
expect -t 60 "limits: rules x text over the work budget" 1 '300\.rules:2[0-9][0-9]:1: error: rule .r[0-9]+.: the replace rules would do more than 256 MiB' o.xml -- "${R[@]}" --rules "$LIM/300.rules" "$LIM/a1m.txt" -o @OUT
# 500 000 matches: the TEI lists 1000 and counts the rest (4 MB: bench/limits.sh)
expect -t 60 -c 'grep -q "more matches of this rule" "$out" && [ "$(grep -c "<change" "$out")" -le 1001 ] && [ "$(wc -c < "$out")" -lt 2000000 ]' \
       "limits: a -> c on 1 MB, revision log bounded" 0 '' o.xml -- "${R[@]}" --rules "$LIM/ac.rules" "$LIM/a1m.txt" -o @OUT

# ---- combining marks (30 in a row, as Unicode's stream-safe format) -------------
marks() { local k; for ((k = 0; k < $1; k++)); do printf '\xcc\x81'; done; }
{ printf 'Title\n\nA line with x'; marks 30; printf ' thirty marks.\n'; } > "$LIM/m30.txt"
{ printf 'Title\n\nA line with x'; marks 31; printf ' thirty-one marks.\n'; } > "$LIM/m31.txt"
{ printf 'Title\n\nx'; awk 'BEGIN { for (i = 0; i < 524000; i++) printf "\xcc\x81"; print "" }'; } > "$LIM/m524k.txt"
{ printf 'Title\n\nx'; awk 'BEGIN { for (i = 0; i < 80000; i++) printf "\xcc\x81\xcc\xa3"; print "" }'; } > "$LIM/alt160k.txt"
awk -v f="$LIM/m524k.txt" '/<p>Some text.<\/p>/ { getline l < f; getline l < f; getline l < f; sub(/Some text\./, l) } { print }' "$D/tei-min.xml" > "$LIM/m524k.xml"
expect -t 10 "limits: 30 combining marks"          0 '' o.xml -- "${R[@]}" "$LIM/m30.txt" -o @OUT
expect -t 10 "limits: 31 combining marks"          1 'm31\.txt:3:44: error: more than 30 combining marks' o.xml -- "${R[@]}" "$LIM/m31.txt" -o @OUT
expect -t 10 "limits: 524 000 combining marks"     1 'm524k\.txt:3:32: error: more than 30 combining marks' o.xml -- "${R[@]}" "$LIM/m524k.txt" -o @OUT
expect -t 10 "limits: 160 000 alternating marks"   1 'alt160k\.txt:3:32: error: more than 30 combining marks' o.xml -- "${R[@]}" "$LIM/alt160k.txt" -o @OUT
expect -t 20 "limits: 524 000 marks in TEI"        1 'm524k\.xml:13: error: .*more than 30 combining marks' o.pdf -- "$BKA" build "$L" "$LIM/m524k.xml" -o @OUT

# ---- elements: 200 000 per document; many siblings validate in linear time -------
# tei-min.xml has 11 elements besides its paragraph
awk 'BEGIN { for (i = 0; i < 199989; i++) print "<p>Some text.</p>" }' > "$LIM/p200k.txt"
awk -v f="$LIM/p200k.txt" '/<p>Some text.<\/p>/ { while ((getline l < f) > 0) print l; next } { print }' "$D/tei-min.xml" > "$LIM/p200k.xml"
awk '/<p>Some text.<\/p>/ && !done { print; done = 1 } { print }' "$LIM/p200k.xml" > "$LIM/p200k1.xml"
expect -t 60 -c 'grep -q "valid" <<<"$sout$err"' "limits: 200 000 elements, 199 989 sibling paragraphs" 0 '' - -- "$BKA" validate "$LIM/p200k.xml"
expect -t 60 "limits: 200 001 elements"            1 'p200k1\.xml:[0-9]+:[0-9]+: error: more than 200000 elements' - -- "$BKA" validate "$LIM/p200k1.xml"

# ---- timeline events ---------------------------------------------------------------
events() { # N FILE: a listEvent of N events, a hundred a year from 1800
  awk -v n="$1" 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>Events</title></titleStmt>"
    print "<publicationStmt><p>Test data.</p></publicationStmt><sourceDesc><p>Test data.</p></sourceDesc></fileDesc></teiHeader>"
    print "<text xml:lang=\"en\"><body><listEvent xml:id=\"events\">"
    for (i = 0; i < n; i++) { y = 1800 + int(i / 100); m = 1 + int((i % 100) / 9); dd = 1 + (i % 9) * 3
      printf "<event xml:id=\"e%d\" when=\"%04d-%02d-%02d\"><label xml:lang=\"en\">Event number %d</label></event>\n", i, y, m, dd, i }
    print "</listEvent></body></text></TEI>" }' > "$2"
}
events 5001 "$LIM/ev5001.xml"
printf '<layout extends="handout">\n  <parts>\n    <figure kind="timeline" src="ev5001.xml" select="events" size="full"/>\n  </parts>\n</layout>\n' > "$LIM/layout-ev5001.xml"
printf 'The Title\n\nSome text here.\n' > "$LIM/t.txt"
expect -t 30 "limits: 5001 timeline events"        1 't\.txt:[0-9]+: error: a timeline of 5001 events: the limit is 5000' o.pdf -- "$BKA" build --lang en --layout "$LIM/layout-ev5001.xml" "$LIM/t.txt" -o @OUT

# ---- pages: cover and contents count ------------------------------------------------
awk 'BEGIN { for (i = 0; i < 18000; i++) printf "<div><head>Section %d</head><p>x</p></div>\n", i }' > "$LIM/divs.txt"
awk -v f="$LIM/divs.txt" '/<p>Some text.<\/p>/ { while ((getline l < f) > 0) print l; next } { print }' "$D/tei-min.xml" > "$LIM/sections.xml"
expect -t 120 "limits: 18 000 sections (contents pages count)" 1 'sections\.xml: error: the booklet would have more than 2000 pages' o.pdf -- "$BKA" build "$L" "$LIM/sections.xml" -o @OUT

# ---- damaged fonts -------------------------------------------------------------------
NOTO=/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf
# patch(OUT, TABLE, OFFSET-IN-TABLE, HEX BYTES): a copy of NOTO with bytes changed
patch_font() {
  python3 - "$NOTO" "$@" <<'PY'
import struct, sys
src, out, tag, off, hexb = sys.argv[1:6]
d = bytearray(open(src, 'rb').read())
for i in range(struct.unpack('>H', d[4:6])[0]):
    t, _, o, _ = struct.unpack('>4sIII', d[12 + 16 * i:28 + 16 * i])
    if t.decode() == tag:
        b = bytes.fromhex(hexb); d[o + int(off):o + int(off) + len(b)] = b
open(out, 'wb').write(d)
PY
}
font_case() { # NAME FONTFILE: a fonts configuration and layout using only that font
  sed "s|not-a-font.ttf|$2|" "$D/fonts-not-a-font.xml" > "$LIM/fonts-$1.xml"
  sed "s|fonts-not-a-font.xml|fonts-$1.xml|" "$D/layout-not-a-font.xml" > "$LIM/layout-$1.xml"
}
if [ -f "$NOTO" ]; then
  patch_font "$LIM/w65535.ttf" "OS/2" 4 ffff        # usWeightClass 65535
  patch_font "$LIM/ng1.ttf" maxp 4 0001             # maxp.numGlyphs 1
  head -c 300000 "$NOTO" > "$LIM/trunc.ttf"
  for f in w65535 ng1 trunc; do font_case "$f" "$f.ttf"; done
  expect -t 20 -c 'grep -q "weight class 65535" <<<"$err" && ! grep -a "/StemV -" "$out"' \
         "fonts: OS/2 weight class 65535"       0 '' o.pdf -- "$BKA" build "$LIM/layout-w65535.xml" "$D/tei-min.xml" -o @OUT
  expect -t 20 "fonts: maxp.numGlyphs 1"        1 'fonts-ng1\.xml:4: error: font .bogus.: .*ng1\.ttf is damaged' o.pdf -- "$BKA" build "$LIM/layout-ng1.xml" "$D/tei-min.xml" -o @OUT
  expect -t 20 "fonts: truncated font"          1 'fonts-trunc\.xml:4: error: font .bogus.: .*trunc\.ttf is damaged' o.pdf -- "$BKA" build "$LIM/layout-trunc.xml" "$D/tei-min.xml" -o @OUT
fi
