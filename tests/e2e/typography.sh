#!/usr/bin/env bash
# Word spacing and letter-spacing, measured from the PDFs by a ruler that
# knows nothing of booklet (tests/typography/ruler.py: word gaps from
# pdftotext -bbox-layout, letter-spacing from the TJ arrays), on texts no
# other test sets: an English essay on early printing and a Vietnamese one
# on tea (tests/typography/*.txt), each built with the neutral handout and
# with the peers' specification (bench/peer-spec.xml). For every PDF, the
# figures the typography issue asks of body text: justified lines' word
# spaces never below 0.70 of the natural space unless the report counts a
# fault; space_rms at most 0.23; letter-spacing within 1% of the em on
# every line and at most 0.5% between adjacent lines of a paragraph; no
# doubled hyphen. A narrow column of compounds and dashes gives each back
# as written. Prints "typography: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
PY=/usr/bin/python3 # Debian's, with python3-pikepdf
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# figure NAME LINE: the number after NAME on the ruler's first line
figure() { sed -n '1s/.* '"$1"' \([0-9.]*\).*/\1/p' <<<"$2"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

for text in en-printing vi-tea; do
  lang=${text%%-*}
  for layout in handout bench/peer-spec.xml; do
    name="$text, ${layout##*/}"
    pdf="$tmp/$text-${layout##*/}.pdf"
    args=(--lang "$lang" --report)
    [ "$layout" = handout ] || args+=("$layout")
    if ! "$BK" build -q "${args[@]}" "tests/typography/$text.txt" -o "$pdf" \
         >"$tmp/report" 2>&1; then
      bad "$name: build failed: $(head -3 "$tmp/report")"
      continue
    fi
    ok
    faults=$(awk '/^faults:/ {print $2}' "$tmp/report")
    r=$("$PY" tests/typography/ruler.py "$pdf" 2>&1) || { bad "$name: ruler: $r"; continue; }
    just=$(figure justified "$r")
    if [ "${just:-0}" -ge 20 ]; then ok; else bad "$name: only ${just:-0} justified lines measured"; fi
    rms=$(figure space_rms "$r"); gap=$(figure min_gap "$r")
    if le "$rms" 0.23; then ok; else bad "$name: space_rms $rms > 0.23"; fi
    if le 0.70 "$gap" || [ "${faults:-0}" -gt 0 ]; then ok
    else bad "$name: a word space at $gap of the natural space, no fault reported"; fi
    for kind in track step hyphen2; do
      if grep -q "^$kind" <<<"$r"; then bad "$name: $(grep "^$kind" <<<"$r" | head -3)"; else ok; fi
    done
  done
done

# Hyphens and dashes of the text: a narrow column of compounds, ranges and
# dashes. No line ends at one (pdftotext would drop a line-end hyphen,
# "castiron", and put a space after a dash), so every one comes back as
# written; hyphenation hyphens still end lines and vanish on extraction.
{
  printf 'Compounds\n\n'
  for i in 1 2 3 4 5 6; do
    printf 'The cast-iron columns of the well-known railway-bridge, built in 1856–1860 by a thirty-two-year-old engineer—a self-taught man—stood for forty-five years; its wrought-iron girders, hand-riveted and copper-sheathed, outlasted the long-term forecasts of the ill-informed. '
  done
  printf '\n'
} > "$tmp/dash.txt"
cat > "$tmp/narrow.xml" <<EOF
<layout extends="$PWD/layouts/handout.xml">
  <page width="90mm" height="160mm" top="12mm" bottom="12mm" inner="12mm" outer="12mm"/>
</layout>
EOF
if "$BK" build -q --lang en --layout "$tmp/narrow.xml" "$tmp/dash.txt" -o "$tmp/dash.pdf" \
     2>"$tmp/dash.log"; then
  ok
  flat=$(pdftotext "$tmp/dash.pdf" - | tr -s ' \n\f' '   ')
  n=$(grep -o 'cast-iron columns' <<<"$flat" | wc -l)
  if [ "$n" = 6 ]; then ok; else bad "dashes: 'cast-iron columns' came back $n times of 6"; fi
  for w in well-known railway-bridge 1856–1860 thirty-two-year-old 'engineer—a' 'man—stood' \
           forty-five wrought-iron hand-riveted copper-sheathed long-term ill-informed; do
    n=$(grep -oF -- "$w" <<<"$flat" | wc -l)
    if [ "$n" = 6 ]; then ok; else bad "dashes: '$w' came back $n times of 6"; fi
  done
  lines=$(pdftotext -layout "$tmp/dash.pdf" - | grep -c -- '[-–—]$')
  if [ "$lines" -gt 0 ]; then ok; else bad "dashes: no line ends in a hyphenation hyphen (the column is too wide to test)"; fi
else
  bad "dashes: build failed: $(head -3 "$tmp/dash.log")"
fi

echo "typography: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
