#!/usr/bin/env bash
# bench/limits.sh — the worst legal input of each kind, at the documented
# limits (README, "Limits"), timed once each under build/bench/runstat:
# wall time and peak memory against the reliability target (at most 10 s
# and 512 MiB each, release build). Run by bench/bench.sh at its end, or
# alone after `make bench`: bash bench/limits.sh. Inputs are generated into
# out/bench/limits/. Targets are reported, never enforced.
set -euo pipefail
cd "$(dirname "$0")/.."

BOOKLET=${BOOKLET:-build/booklet}
RUNSTAT=${RUNSTAT:-build/bench/runstat}
OUT=out/bench/limits
LAYOUT=layouts/handout.xml
TEI_MIN=tests/bad-input/tei-min.xml
[ -x "$BOOKLET" ] && [ -x "$RUNSTAT" ] || { echo "limits: $BOOKLET or $RUNSTAT is missing (make bench)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"

# tei BODY-FILE OUT: the minimal TEI document with BODY-FILE as its body
tei() { awk -v f="$1" '/<p>Some text.<\/p>/ { while ((getline l < f) > 0) print l; next } { print }' "$TEI_MIN" > "$2"; }

# ---- the inputs ------------------------------------------------------------------
echo "limits: generating the inputs" >&2
# a source just under 16 MiB: English words, lines of about 100 bytes, paragraphs of ten
awk 'BEGIN { printf "Title\n\n"; s = "the quick brown fox jumps over the lazy dog and then some more words follow here to fill the line"
             n = 7; while (n < 16777216 - 200) { print s; n += length(s) + 1; if (++k % 10 == 0) { print ""; n++ } } }' > "$OUT/src16m.txt"
# the same size of "a a a ...": a rule "a" -> "c" matches 8 million times (work 144 MiB of 256)
awk 'BEGIN { printf "Title\n\n"; s = ""; for (j = 0; j < 49; j++) s = s "a "; s = s "a"
             n = 7; while (n < 16777216 - 200) { print s; n += length(s) + 1; if (++k % 10 == 0) { print ""; n++ } } }' > "$OUT/a16m.txt"
echo 'replace ac "a" -> "c"' > "$OUT/ac.rules"
# 1 MiB of text and 240 replace rules that match nothing (work 240 MiB of 256)
head -c 1000000 "$OUT/src16m.txt" > "$OUT/src1m.txt"; echo >> "$OUT/src1m.txt"
for i in $(seq 1 240); do echo "replace r$i \"zq$i\" -> \"b\""; done > "$OUT/240.rules"
# 200 000 elements (the limit): 199 989 sibling paragraphs
awk 'BEGIN { for (i = 0; i < 199989; i++) print "<p>Some text.</p>" }' > "$OUT/p.txt"; tei "$OUT/p.txt" "$OUT/p200k.xml"
# a source of 199 900 one-word paragraphs: each gets an xml:id (ingest validates its TEI)
awk 'BEGIN { printf "Title\n\n"; for (i = 0; i < 199900; i++) printf "w\n\n" }' > "$OUT/w200k.txt"
# one paragraph of 1 MiB: words
awk 'BEGIN { s = "lorem ipsum dolor sit amet consectetur adipiscing elit "; while (length(t) < 1048000) t = t s; print "<p>" t "</p>" }' > "$OUT/p.txt"; tei "$OUT/p.txt" "$OUT/para1m.xml"
# one paragraph of 1 MiB: letters each carrying 30 combining marks
awk 'BEGIN { m = ""; for (j = 0; j < 15; j++) m = m "\xcc\x81\xcc\xa3"; c = "x" m " "; while (length(t) < 1048000) t = t c; print "<p>" t "</p>" }' > "$OUT/p.txt"; tei "$OUT/p.txt" "$OUT/marks1m.xml"
# a timeline of 5000 events
awk 'BEGIN {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>Events</title></titleStmt>"
  print "<publicationStmt><p>Test data.</p></publicationStmt><sourceDesc><p>Test data.</p></sourceDesc></fileDesc></teiHeader>"
  print "<text xml:lang=\"en\"><body><listEvent xml:id=\"events\">"
  for (i = 0; i < 5000; i++) printf "<event xml:id=\"e%d\" when=\"%04d-%02d-%02d\"><label xml:lang=\"en\">Event number %d</label></event>\n", i, 1800 + int(i / 100), 1 + int((i % 100) / 9), 1 + (i % 9) * 3, i
  print "</listEvent></body></text></TEI>" }' > "$OUT/ev5000.xml"
printf '<layout extends="handout">\n  <parts>\n    <figure kind="timeline" src="ev5000.xml" select="events" size="full"/>\n  </parts>\n</layout>\n' > "$OUT/layout-ev5000.xml"
printf 'The Title\n\nSome text here.\n' > "$OUT/t.txt"
# about 1900 pages: 13 000 one-line sections (body, cover and contents; 14 000
# would pass the 2000-page limit with them)
awk 'BEGIN { for (i = 0; i < 13000; i++) printf "<div><head>Section %d</head><p>x</p></div>\n", i }' > "$OUT/p.txt"; tei "$OUT/p.txt" "$OUT/sections.xml"
rm -f "$OUT/p.txt"

# ---- the runs ----------------------------------------------------------------------
ROWS=()
run() { # LABEL COMMAND...: once, under runstat; the exit status is reported
  local label=$1; shift
  echo "limits: $label" >&2
  local stat="$OUT/$(tr -c 'a-zA-Z0-9\n' _ <<<"$label" | head -c 60).stat"
  "$RUNSTAT" "$stat" "$@" >/dev/null 2>"$OUT/last.err" || true
  ROWS+=("$label|$(tail -1 "$stat")")
}
run "ingest 16 MiB source"                 "$BOOKLET" ingest --lang en "$OUT/src16m.txt" -o "$OUT/src16m.xml"
run "ingest 16 MiB, 8M rule matches"       "$BOOKLET" ingest --lang en --rules "$OUT/ac.rules" "$OUT/a16m.txt" -o "$OUT/a16m.xml"
run "ingest 1 MiB, 240 rules"              "$BOOKLET" ingest --lang en --rules "$OUT/240.rules" "$OUT/src1m.txt" -o "$OUT/src1m.xml"
run "validate 200 000 sibling paragraphs"  "$BOOKLET" validate "$OUT/p200k.xml"
run "ingest 199 900 paragraphs (ids)"      "$BOOKLET" ingest --lang en "$OUT/w200k.txt" -o "$OUT/w200k.xml"
run "build 1 MiB paragraph"                "$BOOKLET" build "$LAYOUT" "$OUT/para1m.xml" -o "$OUT/para1m.pdf"
run "build 1 MiB, 30 marks per letter"     "$BOOKLET" build "$LAYOUT" "$OUT/marks1m.xml" -o "$OUT/marks1m.pdf"
run "build timeline of 5000 events"        "$BOOKLET" build --lang en --layout "$OUT/layout-ev5000.xml" "$OUT/t.txt" -o "$OUT/ev5000.pdf"
run "build 13 000 sections (~1900 pages)"  "$BOOKLET" build "$LAYOUT" "$OUT/sections.xml" -o "$OUT/sections.pdf"

echo
echo "worst legal inputs (at the limits; target <= 10 s and <= 512 MiB each, release build):"
printf '  %-38s %9s %9s %6s  %s\n' input "wall s" "peak MiB" exit target
for r in "${ROWS[@]}"; do
  IFS='|' read -r label line <<<"$r"
  read -r wall _ _ rss status <<<"$line"
  awk -v l="$label" -v w="$wall" -v r="$rss" -v s="$status" 'BEGIN {
    ok = w <= 10000 && r <= 512 * 1024
    printf "  %-38s %9.2f %9.1f %6s  %s\n", l, w / 1000, r / 1024, s, ok ? "met" : "NOT MET" }'
done
