#!/usr/bin/env bash
# The editorial check of curated data (tests/data-check.py, docs/DATA.md
# "Checking the data"): the seeds pass it against the three handouts `make`
# built (every pointer resolves, every place key exists, every printed claim
# has its evidence, every recorded disagreement is printed in the booklet of
# each language, no unmarked duplicate events); then data this test writes
# (a text, its places, events with a disagreement, built into a handout)
# pass it, and each fault put into a copy of them is found. Prints
# "data: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
BK=$PWD/build/booklet
DC="python3 tests/data-check.py"

# ---- the seeds -----------------------------------------------------------------
quiet() { "$@" >"$tmp/dc.out" || { cat "$tmp/dc.out"; return 1; }; }
check "seeds: the data check passes on the three handouts" quiet \
  $DC --tei out/xml --pdf vi=out/handout-vi.pdf --pdf zh=out/handout-zh.pdf \
      --pdf en=out/handout-en.pdf sources/events.xml sources/treaties.xml sources/places.xml
# the corrections of issue 21 are in print
flat() { pdftotext "$1" - 2>/dev/null | tr -d ' \n\f-'; }
export -f flat
check "seeds: the Convention's dates and the note in English" bash -c \
  "flat out/handout-en.pdf | grep -qF '18October,thedaytheChinesetextgivesfortheburningoftheYuanmingyuan'"
check "seeds: no Vladivostok clause in the table" bash -c \
  "! pdftotext out/handout-en.pdf - | grep -qF 'Vladivostok is founded'"
check "seeds: the Chinese timeline names the English text for the capture" bash -c \
  "flat out/handout-zh.pdf | grep -qF '英法军队攻占北京（据英文本）'"
check "seeds: no actor picked for the burning in the English timeline" bash -c \
  "! pdftotext out/handout-en.pdf - | grep -qF 'British troops set fire to the Yuanmingyuan'"
check "seeds: an uncertain date is written 'c.'" bash -c \
  "pdftotext out/handout-en.pdf - | grep -qF 'c. 11 August –'"
check "seeds: the legend in Vietnamese" bash -c \
  "flat out/handout-vi.pdf | grep -qF 'khoảng…:ngàycácnguồnkhôngghirõ'"

# ---- data of one's own -------------------------------------------------------------
d=$tmp/own; mkdir -p "$d"
cat > "$d/en.txt" <<'EOF'
The Delta, 1858–1862

In 1858 French and Spanish ships attacked Tourane.

Early in 1859 the French turned south and took the citadel of Saigon on 17 February.

The citadel of Saigon fell in March 1859, when the French had come south.
EOF
"$BK" ingest --lang en "$d/en.txt" -o "$d/en.xml" 2>/dev/null
# the paragraphs' ids as counters (en.p1, en.p2...), which the events below
# name: ingest makes them from the paragraphs' words (docs/TEI.md, "Ids")
awk '{ while (match($0, /xml:id="en\.p_[a-z0-9_]+"/)) { n++
         $0 = substr($0, 1, RSTART - 1) "xml:id=\"en.p" n "\"" substr($0, RSTART + RLENGTH) }
       print }' "$d/en.xml" > "$d/en.tmp" && mv "$d/en.tmp" "$d/en.xml"
cat > "$d/places.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Places</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>
<text><body><listPlace>
<place xml:id="saigon" type="city"><placeName xml:lang="en">Saigon</placeName><location><geo>10.776 106.700</geo></location></place>
<place xml:id="danang" type="city"><placeName xml:lang="en">Tourane</placeName><location><geo>16.054 108.202</geo></location></place>
</listPlace></body></text></TEI>
EOF
cat > "$d/events.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Events</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>
<text xml:lang="en"><body><listEvent xml:id="events">
<event xml:id="ev.tourane" type="military" when="1858" where="places.xml#danang">
  <label xml:lang="en">French and Spanish ships attack Tourane</label>
  <linkGrp type="sources"><ptr target="en.xml#en.p1"/></linkGrp>
</event>
<event xml:id="ev.saigon" type="military" notBefore="1859-02-17" notAfter="1859-03" where="places.xml#saigon">
  <label xml:lang="en">The citadel of Saigon taken</label>
  <note type="dates">
    <date when="1859-02-17"><ptr target="en.xml#en.p2"/></date>
    <date when="1859-03"><ptr target="en.xml#en.p3"/></date>
  </note>
  <linkGrp type="sources"><ptr target="en.xml#en.p2"/><ptr target="en.xml#en.p3"/></linkGrp>
  <note type="disagreement" source="en.xml#en.p2 en.xml#en.p3"><seg xml:lang="en">Second paragraph: 17 February 1859; third paragraph: March 1859.</seg></note>
  <note type="conflict" xml:lang="en">The text dates the fall twice, differently.</note>
</event>
</listEvent></body></text></TEI>
EOF
cat > "$d/layout.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<layout extends="handout">
  <parts><figure kind="timeline" src="events.xml" select="events" size="full"/></parts>
</layout>
EOF
check "own: the handout builds (--strict)" bash -c \
  "'$BK' build --strict '$d/layout.xml' '$d/en.xml' -o '$d/en.pdf' 2>'$d/build.log'"
check "own: the disagreement is printed" bash -c \
  "pdftotext '$d/en.pdf' - | tr -d ' \n' | grep -qF 'Secondparagraph:17February1859;thirdparagraph:March1859.'"
check "own: the data check passes" quiet $DC --tei "$d" --pdf en="$d/en.pdf" "$d/events.xml" "$d/places.xml"

# each fault in a copy of the data, found with its message
fault() {
  local what=$1 re=$2 sedexpr=$3 out
  mkdir -p "$tmp/f"; cp "$d"/*.xml "$tmp/f/"
  sed -i "$sedexpr" "$tmp/f/events.xml"
  out=$($DC --tei "$d" --pdf en="$d/en.pdf" "$tmp/f/events.xml" "$tmp/f/places.xml")
  if [ $? -ne 0 ] && grep -qE -- "$re" <<<"$out"; then ok; else bad "$what: $out"; fi
  rm -rf "$tmp/f"
}
fault "a place key that places.xml lacks" 'where="places.xml#saigonn": .* has no xml:id "saigonn"' \
  's/places.xml#saigon"/places.xml#saigonn"/'
fault "a pointer to a passage the text lacks" 'target="en.xml#en.p9": .* has no xml:id "en.p9"' \
  's/en.xml#en.p1"/en.xml#en.p9"/'
fault "an event with no evidence" 'ev.tourane: printed with no source passage' \
  '/<linkGrp type="sources"><ptr target="en.xml#en.p1"\/><\/linkGrp>/d'
fault "a recorded disagreement not printed" 'ev.saigon: a disagreement is recorded .* but no note type="disagreement"' \
  '/<note type="disagreement"/d'
fault "a note the booklet does not show" 'ev.saigon: the note in en is not in the booklet' \
  's/Second paragraph: 17 February/Second paragraph: 18 February/'
fault "a printed note without its evidence" 'ev.saigon: the printed note has no @source' \
  's/ source="en.xml#en.p2 en.xml#en.p3"//'
fault "one happening twice with different dates" 'ev.saigon and ev.saigon2: one kind of event at one place' \
  's|</listEvent>|<event xml:id="ev.saigon2" type="military" when="1859-02" where="places.xml#saigon"><label xml:lang="en">Saigon falls</label><linkGrp type="sources"><ptr target="en.xml#en.p2"/></linkGrp></event></listEvent>|;/<note type="disagreement"/d;/<note type="conflict"/d'

echo "data: $pass passed, $fail failed"
[ $fail -eq 0 ]
