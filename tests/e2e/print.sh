#!/usr/bin/env bash
# End-to-end checks of the print-ready outputs `make` built
# (out/handout-LANG-print.pdf, out/handout-LANG-imposed.pdf) against the
# reading ones (out/handout-LANG.pdf):
#   print:   every page's TrimBox is the A5 trim (419.53 x 595.28 pt), the
#            BleedBox 3mm (8.50 pt) beyond it on every side, the MediaBox
#            room for the crop marks; same pages and text as reading; the
#            outline destinations moved with the trim;
#   imposed: A4 landscape sheets (841.89 x 595.28), 2 sides per 4 pages
#            (padded), pages in saddle-stitch order (read from the folios of
#            each half), no links or bookmarks;
#   both:    qpdf --check clean, fonts embedded and subset, no RGB,
#            reproducible bytes (also for reading); --creep moves the inner
#            sheets; layout size="Letter" and bleed; bad options.
# Renders an imposed sheet and a print page into build/e2e-print/ to look at.
# Prints "print: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
look=build/e2e-print; mkdir -p "$look"

# approx A B [TOL]: |A - B| <= TOL (default 0.02)
approx() { awk -v a="$1" -v b="$2" -v t="${3:-0.02}" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
# box FILE PAGE NAME: "x0 y0 x1 y1" of a page box
box() { pdfinfo -box -f "$2" -l "$2" "$1" | sed -n "s/^Page *$2 $3: *//p" | tr -s ' '; }
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
# every box of every page, for whole-document comparisons
boxes() { pdfinfo -box -f 1 -l "$(pages "$1")" "$1" | sed -n "s/^Page *[0-9]* $2: *//p" | tr -s ' ' | sort -u; }
# no colour operator or colour space in RGB, in the uncompressed file
no_rgb() { ! qpdf --qdf --object-streams=disable "$1" - 2>/dev/null | grep -a -q -E '(^| )(rg|RG)$|RGB'; }
fonts_ok() {
  local f; f=$(pdffonts "$1" | tail -n +3)
  [ -n "$f" ] && ! printf '%s\n' "$f" | awk '{ if ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes") bad=1 } END { exit !bad }'
}
qpdf_ok() { qpdf --check "$1" 2>&1 | grep -q 'No syntax or stream encoding errors'; }
# the folio (last line of text in the bottom 45pt) of one half of a sheet
folio_of() { # pdf sheetpage half(0 left, 1 right)
  local x=$(( $3 ? 421 : 0 ))
  pdftotext -f "$2" -l "$2" -x $x -y 550 -W 420 -H 46 "$1" - 2>/dev/null | tr -d ' \f' | grep -v '^$' | tail -1
}
# expected imposition "L|R ..." for n pages (TYPOGRAPHY.md; blanks "-"
# before the back cover), each page named by the folio printed on it in the
# reading PDF ("-" for pages without one: cover, blanks, back cover)
expected_order() { # n folio1 folio2 ...
  local n=$1; shift
  awk -v n="$n" -v folios="$*" 'BEGIN {
    split(folios, f, " ")
    N = int((n + 3) / 4) * 4
    for (p = 1; p <= N; p++) at[p] = (n == 1) ? (p == 1 ? f[1] : "-") : (p == N ? f[n] : (p < n ? f[p] : "-"))
    for (s = 1; s <= N / 4; s++)
      printf "%s%s|%s %s|%s", (s > 1 ? " " : ""), at[N-2*s+2], at[2*s-1], at[2*s], at[N-2*s+1]
  }'
}

TRIM_W=419.53; TRIM_H=595.28; BLEED=8.50
for lang in vi zh en; do
  rd=out/handout-$lang.pdf pr=out/handout-$lang-print.pdf im=out/handout-$lang-imposed.pdf
  for f in "$rd" "$pr" "$im"; do check "$f exists" test -s "$f"; done
  [ -s "$rd" ] && [ -s "$pr" ] && [ -s "$im" ] || continue
  n=$(pages "$rd")

  # ---- print
  check "$pr: same page count as reading ($n)" test "$(pages "$pr")" = "$n"
  read -r tx0 ty0 tx1 ty1 <<<"$(box "$pr" 1 TrimBox)"
  read -r bx0 by0 bx1 by1 <<<"$(box "$pr" 1 BleedBox)"
  read -r mx0 my0 mx1 my1 <<<"$(box "$pr" 1 MediaBox)"
  check "$pr: trim width 148mm" approx "$(awk "BEGIN{print $tx1-$tx0}")" $TRIM_W
  check "$pr: trim height 210mm" approx "$(awk "BEGIN{print $ty1-$ty0}")" $TRIM_H
  for side in "$tx0 $bx0" "$ty0 $by0" "$bx1 $tx1" "$by1 $ty1"; do
    set -- $side
    check "$pr: bleed 3mm ($side)" approx "$(awk "BEGIN{print $1-$2}")" $BLEED
  done
  # room for marks: 3mm bleed + 13mm beyond the trim on every side
  check "$pr: media 16mm around the trim" approx "$(awk "BEGIN{print $tx0-$mx0}")" 45.35
  check "$pr: trim centred" approx "$(awk "BEGIN{print ($mx1-$tx1)-($tx0-$mx0)}")" 0
  check "$pr: every page has the same trim" test "$(boxes "$pr" TrimBox)" = "$tx0 $ty0 $tx1 $ty1"
  check "$pr: every page has the same bleed" test "$(boxes "$pr" BleedBox)" = "$bx0 $by0 $bx1 $by1"
  check "$pr: reading boxes are the trim" test "$(boxes "$rd" TrimBox)" = "$(boxes "$rd" MediaBox)"
  check "$pr: reading bleed box is the trim" test "$(boxes "$rd" BleedBox)" = "$(boxes "$rd" MediaBox)"
  # (white space aside: pdftotext's line grouping can differ on a page
  # shifted by the bleed, e.g. where compressed CJK punctuation overlaps)
  check "$pr: same text as reading" test "$(pdftotext "$pr" - | tr -d ' \n\f' | md5sum)" = "$(pdftotext "$rd" - | tr -d ' \n\f' | md5sum)"
  ry=$(qpdf --json --json-key=outlines "$rd" | tr -d ' \n' | grep -o '"/XYZ",null,[0-9.]*' | cut -d, -f3)
  py=$(qpdf --json --json-key=outlines "$pr" | tr -d ' \n' | grep -o '"/XYZ",null,[0-9.]*' | cut -d, -f3)
  check "$pr: has bookmarks" test -n "$py"
  check "$pr: as many bookmarks as reading" test "$(wc -w <<<"$py")" = "$(wc -w <<<"$ry")"
  check "$pr: bookmarks moved with the trim" bash -c 'paste <(tr " " "\n" <<<"$1") <(tr " " "\n" <<<"$2") | awk "{ d = \$2 - \$1 - 45.354; if (d < -0.01 || d > 0.01) bad = 1 } END { exit bad }"' _ "$ry" "$py"

  # ---- imposed
  sheets=$(( (n + 3) / 4 ))
  check "$im: $((2 * sheets)) sheet sides for $n pages" test "$(pages "$im")" = $((2 * sheets))
  check "$im: A4 landscape" bash -c "pdfinfo '$im' | grep -q '^Page size: *841.89 x 595.276 pts (A4)'"
  check "$im: every sheet the same size" test "$(boxes "$im" MediaBox)" = "0.00 0.00 841.89 595.28"
  got=""
  for ((k = 1; k <= 2 * sheets; k += 2)); do
    for side in $k $((k + 1)); do
      l=$(folio_of "$im" $side 0); r=$(folio_of "$im" $side 1)
      got+="${got:+ }${l:--}|${r:--}"
    done
  done
  folios=""
  for ((k = 1; k <= n; k++)); do
    fo=$(folio_of "$rd" $k 0); folios+="${folios:+ }${fo:--}"
  done
  want=$(expected_order "$n" $folios)
  check "$im: page order $want (got $got)" test "$got" = "$want"
  check "$im: no links or bookmarks" bash -c "! qpdf --qdf --object-streams=disable '$im' - | grep -a -q -E '/Annots|/Outlines'"

  for f in "$pr" "$im"; do
    check "$f: qpdf --check" qpdf_ok "$f"
    check "$f: fonts embedded+subset+unicode" fonts_ok "$f"
    check "$f: no RGB" no_rgb "$f"
  done
  check "$rd: no RGB" no_rgb "$rd"

  # ---- reproducible: every kind twice, same bytes
  for kind in reading print imposed; do
    for k in 1 2; do
      SOURCE_DATE_EPOCH=1700000000 "$BK" build --$kind "$tmp/$kind-$k.pdf" layouts/opium-war/handout.xml out/xml/$lang.xml 2>/dev/null
    done
    check "$lang $kind: reproducible bytes" cmp -s "$tmp/$kind-1.pdf" "$tmp/$kind-2.pdf"
  done
  check "$lang: the three kinds differ" test "$(md5sum "$tmp"/{reading,print,imposed}-1.pdf | cut -c1-32 | sort -u | wc -l)" = 3
done

# ---- creep: the innermost sheet's pages move towards the fold, the
# outermost stay; measured at each half's folio (the words in the bottom
# band of the half; pdftotext -bbox ignores -x/-y, so filter here)
"$BK" build --imposed "$tmp/creep.pdf" --creep 2 layouts/opium-war/handout.xml out/xml/en.xml 2>/dev/null
check "creep: builds" test -s "$tmp/creep.pdf"
folio_x() { # pdf sheetpage half -> xMin of the folio
  pdftotext -bbox -f "$2" -l "$2" "$1" - 2>/dev/null |
    sed -n 's/.*<word xMin="\([0-9.]*\)" yMin="\([0-9.]*\)".*/\1 \2/p' |
    awk -v h="$3" '$2 > 550 && (h ? $1 >= 421 : $1 < 421) { print $1; exit }'
}
n=$(pages out/handout-en.pdf); sheets=$(( (n + 3) / 4 ))
check "creep: en has 2 sheets or more" test "$sheets" -ge 2
moved=0
for k in 1 2 $((2 * sheets - 1)) $((2 * sheets)); do
  for half in 0 1; do
    a=$(folio_x out/handout-en-imposed.pdf $k $half); b=$(folio_x "$tmp/creep.pdf" $k $half)
    [ -n "$a" ] || continue # a blank pad
    if [ $k -le 2 ]; then
      check "creep: sheet side $k half $half stays ($a -> $b)" approx "$a" "${b:-0}" 0.01
    else # towards the fold: left half right, right half left, by 2mm
      check "creep: sheet side $k half $half moves 2mm to the fold ($a -> $b)" \
        approx "$(awk -v a="$a" -v b="${b:-0}" -v h=$half 'BEGIN { print (h ? a - b : b - a) }')" 5.67 0.05
      moved=$((moved + 1))
    fi
  done
done
check "creep: inner pages checked ($moved)" test $moved -ge 2
check "creep: qpdf --check" qpdf_ok "$tmp/creep.pdf"

# ---- layout geometry: size="Letter", bleed 5mm
sed 's|<page size="A5" bleed="3mm"|<page size="Letter" bleed="5mm"|' layouts/handout.xml > "$tmp/letter.xml"
sed -i -e "s|href=\"../fonts/fonts.xml\"|href=\"$PWD/fonts/fonts.xml\"|" -e "s|src=\"\.\.|src=\"$PWD|" "$tmp/letter.xml"
"$BK" build --print "$tmp/letter.pdf" "$tmp/letter.xml" out/xml/en.xml 2>/dev/null
read -r tx0 ty0 tx1 ty1 <<<"$(box "$tmp/letter.pdf" 1 TrimBox)"
read -r bx0 by0 bx1 by1 <<<"$(box "$tmp/letter.pdf" 1 BleedBox)"
check "Letter: trim 612 x 792" test "$(awk "BEGIN{printf \"%.2f %.2f\", $tx1-$tx0, $ty1-$ty0}")" = "612.00 792.00"
check "Letter: bleed 5mm" approx "$(awk "BEGIN{print $tx0-$bx0}")" 14.17
"$BK" build --imposed="$tmp/letter-imp.pdf" "$tmp/letter.xml" out/xml/en.xml 2>/dev/null
check "Letter imposed: on tabloid" bash -c "pdfinfo '$tmp/letter-imp.pdf' | grep -q '^Page size: *1224 x 792 pts'"
err=$("$BK" build layouts/opium-war/handout.xml out/xml/en.xml -o "$tmp/x.pdf" --output print 2>&1 >/dev/null); rc=$?
check "--output print (a kind, not a file): exit 2" test $rc -eq 2
check "--output print: hint names --print" grep -q 'hint: use --print FILE' <<<"$err"
"$BK" build layouts/opium-war/handout.xml out/xml/en.xml -o "$tmp/x.pdf" --kind print >/dev/null 2>&1; rc=$?
check "--kind (gone): exit 2" test $rc -eq 2
"$BK" build --creep -1 layouts/opium-war/handout.xml out/xml/en.xml -o "$tmp/x.pdf" >/dev/null 2>&1
check "--creep -1: exit 2" test $? -eq 2
sed 's|<page size="A5"|<page size="A7"|' layouts/handout.xml > "$tmp/a7.xml"
err=$("$BK" build "$tmp/a7.xml" out/xml/en.xml -o "$tmp/x.pdf" 2>&1); rc=$?
check "size=A7: exit 1 ($rc)" test $rc -eq 1
check "size=A7: message with line" grep -qE 'a7\.xml:[0-9]+:[0-9]+: error: page size="A7" is not known' <<<"$err"
check "bad options: no output" test ! -e "$tmp/x.pdf"

# ---- renderings to look at (sheet 1 of the imposed handout, page 1 of the
# print one); poppler must draw them without complaint
for spec in "out/handout-en-imposed.pdf imposed-en" "out/handout-zh-imposed.pdf imposed-zh" \
            "out/handout-vi-print.pdf print-vi"; do
  set -- $spec
  rm -f "$look/$2"-*.png
  msg=$(pdftoppm -r 50 -png -f 1 -l 2 "$1" "$look/$2" 2>&1)
  # pdftoppm pads the page number to the width of the page count
  first=$(ls "$look/$2"-*.png 2>/dev/null | head -1)
  check "render $1" test -z "$msg" -a -n "$first" -a -s "${first:-/nonexistent}"
done

# the layout can choose the kind: <output kind="print"/> (the command line
# still wins)
sed 's|<front |<output kind="print"/>\n  <front |' layouts/handout.xml |
  sed -e "s|href=\"../fonts/fonts.xml\"|href=\"$PWD/fonts/fonts.xml\"|" -e "s|src=\"\.\.|src=\"$PWD|" > "$tmp/out-print.xml"
"$BK" build "$tmp/out-print.xml" out/xml/en.xml -o "$tmp/lp.pdf" 2>/dev/null
check "layout output kind=print gives bleed" bash -c "pdfinfo -box -f 1 -l 1 '$tmp/lp.pdf' | grep -q 'BleedBox: *[1-9]'"
"$BK" build --reading "$tmp/lr.pdf" "$tmp/out-print.xml" out/xml/en.xml 2>/dev/null
check "command line --reading wins" bash -c "pdfinfo -box -f 1 -l 1 '$tmp/lr.pdf' | grep -q 'BleedBox: *0.00 *0.00'"

echo "print: $pass passed, $fail failed"
[ $fail -eq 0 ]
