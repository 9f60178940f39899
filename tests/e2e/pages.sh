#!/usr/bin/env bash
# Page bottoms and first paragraphs, on texts this test writes: two English
# chapters (TEI, paragraphs of 2 to 8 lines under headings) set with a
# layout extending the neutral handout (A5, 15 mm margins, body 10.5pt on
# 14pt, every title on a new page, a small stretch around blocks), with
# --strict (no widow, orphan or stranded heading) and --trace. From the
# trace: every text page that does not end a chapter ends on the last
# baseline of the text block, within 1 pt, unless the report counts it as
# a short page (at most one in four); a paragraph right after a heading
# starts flush at the text's left edge, other paragraphs are indented 1 em;
# each chapter starts a page; a message about the second file names it.
# Prints "pages: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

cat > "$tmp/layout.xml" <<'EOF'
<layout extends="handout">
  <page size="A5" top="15mm" bottom="15mm" inner="15mm" outer="15mm" folio="7mm"/>
  <front cover="no" contents="no"/>
  <back colophon="no"/>
  <style name="title" break-before="page" space-stretch="4pt"/>
  <style name="heading" space-stretch="4pt"/>
  <style name="body" leading="14pt" first-indent="1em" space-after="2pt"
         flush-first="yes" space-stretch="2pt"/>
</layout>
EOF

# chapter FILE TITLE SEED: a TEI text of 6 sections
chapter() {
  local s="The convoy left the river port at dawn and followed the towpath north, \
past flooded fields, brick kilns and the walls of three market towns. "
  {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n'
    printf '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>'
    printf '<titleStmt><title>%s</title></titleStmt>' "$2"
    printf '<publicationStmt><p>test</p></publicationStmt>'
    printf '<sourceDesc><p>tests/e2e/pages.sh</p></sourceDesc></fileDesc></teiHeader>'
    printf '<text xml:lang="en"><body>'
    for d in 1 2 3 4 5 6; do
      printf '<div><head>Section %d of %s</head>' "$d" "$2"
      for p in 1 2 3 4; do
        printf '<p>Entry %d.%d. ' "$d" "$p"
        for ((k = 0; k < 1 + (d * $3 + p * 5) % 6; k++)); do printf '%s' "$s"; done
        printf '</p>'
      done
      printf '</div>'
    done
    printf '</body></text></TEI>\n'
  } > "$1"
}
chapter "$tmp/a.xml" "The First Journey" 3
chapter "$tmp/b.xml" "The Second Journey" 7

if ! "$BK" build --strict --report --trace "$tmp/t.trace" "$tmp/layout.xml" "$tmp/a.xml" \
     "$tmp/b.xml" -o "$tmp/t.pdf" > "$tmp/report" 2> "$tmp/log"; then
  bad "build --strict failed"; sed 's/^/  /' "$tmp/log"
  echo "pages: $pass passed, $fail failed"; exit 1
fi
ok
check "qpdf --check" bash -c "qpdf --check '$tmp/t.pdf' >/dev/null 2>&1"

# The last baseline of the text block: whole 14pt line boxes from the top
# margin down; a baseline sits leading/2 + 0.3 em under its box's top.
H=595.2756; M=42.5197
want=$(awk -v H=$H -v M=$M 'BEGIN { h = H - 2 * M; n = int(h / 14 + 1e-6);
  printf "%.2f", H - M - 14 * (n - 1) - 7 - 0.3 * 10.5 }')

# per page: its number, its lowest body baseline (10.5pt runs), whether it
# ends a chapter (the last page, or the next opens with a title: larger
# than 14pt), and how far the baseline is above the last one
awk -v want="$want" '
  /^page / { p = $2 + 0; n = p }
  /^  glyphs / {
    size = ""; y = ""; x = "";
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^size=/) size = substr($i, 6) + 0
      if ($i ~ /^y=/) y = substr($i, 3) + 0
      if ($i ~ /^x=/) x = substr($i, 3) + 0
    }
    if (size == 10.5 && (low[p] == "" || y < low[p])) low[p] = y
    if (size > 14 && !(p in first)) title[p] = 1
    first[p] = 1
  }
  END {
    for (q = 1; q <= n; q++) {
      end = (q == n) || title[q + 1]
      printf "%d %s %d %.2f\n", q, low[q], end, low[q] - want
    }
  }' "$tmp/t.trace" > "$tmp/bottoms"

short=$(awk '/^short pages:/ { print $3 }' "$tmp/report")
npages=$(wc -l < "$tmp/bottoms")
full=$(awk '$3 == 0' "$tmp/bottoms" | wc -l)
off=$(awk '$3 == 0 && ($4 > 1 || $4 < -1)' "$tmp/bottoms" | wc -l)
check "some pages are full ($full of $npages)" test "$full" -ge 4
check "pages off the last baseline ($off) are the report's short pages ($short)" \
  test "$off" = "$short"
check "at most one full page in four is short ($off of $full)" test $((off * 4)) -le "$full"
check "chapter ends are left as they are" test "$(awk '$3 == 1' "$tmp/bottoms" | wc -l)" = 2
if [ "$off" != "$short" ] || [ $((off * 4)) -gt "$full" ]; then
  echo "  last baseline wanted at $want; page, lowest baseline, chapter end, off by:"
  sed 's/^/  /' "$tmp/bottoms"
fi

# flush: the first 10.5pt run after a heading (12pt) starts at the margin;
# a paragraph's first line after another paragraph is indented 1em
awk '
  /^  glyphs / {
    size = ""; x = "";
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^size=/) size = substr($i, 6) + 0
      if ($i ~ /^x=/) x = substr($i, 3) + 0
    }
    if (size == 12) { after = 1; next }
    if (size == 10.5 && after) { printf "flush %.1f\n", x; after = 0 }
    if (size == 10.5 && $0 ~ /text="Entry [0-9]\.[2-9]\./) printf "indent %.1f\n", x
  }' "$tmp/t.trace" > "$tmp/starts"
nflush=$(grep -c '^flush' "$tmp/starts")
check "12 paragraphs after headings ($nflush)" test "$nflush" = 12
check "they start flush at 42.5" test "$(grep '^flush' "$tmp/starts" | sort -u)" = "flush 42.5"
check "the others are indented 1em" test "$(grep '^indent' "$tmp/starts" | sort -u)" = "indent 53.0"
check "no widow, orphan or stranded heading" \
  test "$(awk '/^(widows|orphans|stranded headings):/ { s += $NF } END { print s + 0 }' \
          "$tmp/report")" = 0

# A booklet of several files names each file in its messages: a character
# no font has (U+0378, unassigned) in the second chapter is reported at
# b2.xml's line (each chapter is one line of TEI: line 2), not at a.xml's.
sed 's/Entry 3\.2\. /Entry 3.2. \xcd\xb8 /' "$tmp/b.xml" > "$tmp/b2.xml"
"$BK" build --strict "$tmp/layout.xml" "$tmp/a.xml" "$tmp/b2.xml" -o "$tmp/two.pdf" \
  2>"$tmp/two.log"
check "a fault in the second file names it" \
  grep -q "^$tmp/b2.xml:2:[0-9]*: error: no configured font covers" "$tmp/two.log"

echo "pages: $pass passed, $fail failed"
[ "$fail" = 0 ]
