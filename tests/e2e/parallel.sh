#!/usr/bin/env bash
# End-to-end checks of the parallel editions: every aligned passage starts at
# the same height in each column (read from the trace backend), no text is
# lost (pdftotext of each column gives back its text), no typesetting fault,
# and the PDFs are sound. Prints "parallel: N passed, N failed".
set -u
shopt -s extglob
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
norm() { if [ "$1" = zh ]; then tr -d ' \n\t\f'; else tr -s ' \n\t\f' '    ' | tr -d -- '-' | sed 's/^ //; s/ $//'; fi; }
# the notes of a column with no passage beside the others' (the catalog's
# string.parallel-none and the ids beside it) taken out of a normalised
# column text: LANG
catalog() { case $1 in zh*) echo messages/zh-Hans.xml ;; *) echo messages/$1.xml ;; esac; }
strip_notes() {
  local say t id='[a-z]{2,3}(-[A-Za-z]+)?\.[a-z0-9._]*[a-z0-9](@[0-9]+)?'
  say=$(sed -n 's|.*<msg id="string.parallel-none">\(.*\)</msg>.*|\1|p' "$(catalog "$1")" |
        sed 's/&#160;/ /g' | norm "$1")
  t=$(cat); t=${t//"$say"/}
  sed -E "s/ ?$id( ?[–·] ?$id)*//g" <<<"$t" | tr -s ' ' | sed 's/^ //; s/ $//'
}

# links of a linkGrp: one line per link, the ids without '#'
links() { # group-id
  tr '\n' ' ' < sources/alignment.xml | grep -o "<linkGrp[^>]*xml:id=\"$1\".*" | sed 's|</linkGrp>.*||' |
    grep -o 'target="[^"]*"' | sed 's/target="//; s/"$//; s/#//g' |
    sed -E 's/@1( |$)/\1/g'   # "p@1" is the paragraph p itself
}

# words_in LANG SOURCE_TEXT PDF_TEXT: every token of the source (Chinese:
# every character) is in the PDF's text at least as often (a word
# hyphenated at a line end is joined again)
words_in() {
  awk -v lang="$1" -v src="$2" -v pdf="$3" 'function count(t, into,   n, i, w, a) {
      gsub(/-\n/, "", t); gsub(/[ \t\n\f]+/, " ", t)
      if (lang == "zh") { gsub(/ /, "", t); n = split(t, a, "") } else n = split(t, a, " ")
      for (i = 1; i <= n; i++) if (a[i] != "") into[a[i]]++ }
    BEGIN { count(src, s); count(pdf, p)
      for (w in s) if (p[w] < s[w]) { printf "  %s: %d in the text, %d in the PDF\n", w, s[w], p[w]; bad++ }
      exit bad > 0 }'
}

# edition layout group texts...
edition() {
  local name=$1 layout=$2 group=$3; shift 3
  local pdf=out/$name.pdf
  check "$pdf exists" test -s "$pdf"
  [ -s "$pdf" ] || return
  local xmls=() l
  for l in "$@"; do xmls+=(out/xml/$l.xml); done
  local rep
  rep=$("$BK" build --strict --report --trace "$tmp/$name.trace" "$layout" "${xmls[@]}" -o "$tmp/$name.pdf" 2>&1)
  if grep -qx 'faults: 0' <<<"$rep"; then ok; else bad "$name: typesetting report has faults"; grep -v ': 0$' <<<"$rep"; fi
  check "$name: qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null 2>&1"
  check "$name: fonts embedded+subset" bash -c "! pdffonts '$pdf' | tail -n +3 | awk '{ if (\$(NF-4)!=\"yes\" || \$(NF-3)!=\"yes\") bad=1 } END { exit !bad }'"
  # aligned passages: same page spread and same y in every column
  local facing=0; grep -q 'mode="facing"' "$layout" && facing=1
  local nlinks=0
  while read -r ids; do
    nlinks=$((nlinks + 1))
    local pos=""
    for id in $ids; do
      local at
      at=$(awk -v id="$id" -v facing=$facing '
        /^page / { p = $2 }
        $1 == "anchor" && $2 == id { y = substr($3, 3); s = facing ? int(p / 2) : p; print s " " y; exit }' "$tmp/$name.trace")
      if [ -z "$at" ]; then bad "$name: passage $id not found"; continue; fi
      pos+="$at|"
    done
    local distinct; distinct=$(tr '|' '\n' <<<"$pos" | grep -v '^$' | sort -u | wc -l)
    check "$name: link '$ids' level ($pos)" test "$distinct" = 1
  done < <(links "$group")
  check "$name: has links" test $nlinks -gt 0
  # each column's text comes back from its part of the pages; where the
  # layout lets columns widen into another's space (widen="yes"), the
  # columns are not where this check looks: it reads the same edition
  # built without widening, and the widened one must hold every word of
  # every text (tokens counted: a lost line would be missing)
  if grep -q 'widen="yes"' "$layout"; then
    local l2
    for l2 in "$@"; do
      check "$name: every word of $l2 is in the widened edition" \
        words_in "$l2" "$("$BK" text out/xml/$l2.xml)" "$(pdftotext -raw "$pdf" - 2>/dev/null)"
    done
    sed -e 's|widen="yes"|widen="no"|' -e "s|\.\./\.\./|$PWD/|g" \
        -e "s|\"\.\./\([a-z]*\.xml\)\"|\"$PWD/layouts/\1\"|" "$layout" > "$tmp/$name-fixed.xml"
    "$BK" build "$tmp/$name-fixed.xml" "${xmls[@]}" -o "$tmp/$name-fixed.pdf" 2>/dev/null
    pdf=$tmp/$name-fixed.pdf
  fi
  local h w top in out gap n cw
  read -r w h < <(pdfinfo "$pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p' | awk '{ printf "%d %d\n", $1, $2 }')
  n=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
  # the layout and the layouts it extends (by path), nearest first: the
  # first value found is the one in effect
  local chain="" f=$layout e
  while [ -n "$f" ]; do
    chain+=$(cat "$f")$'\n'
    e=$(grep -o '^<layout [^>]*extends="[^"]*"' "$f" | head -1 | sed 's/.*extends="//; s/"$//')
    f=${e:+$(dirname "$f")/$e}
  done
  top=$(grep -o 'top="[0-9.]*mm"' <<<"$chain" | head -1 | grep -o '[0-9.]*')
  in=$(grep -o 'inner="[0-9.]*mm"' <<<"$chain" | head -1 | grep -o '[0-9.]*')
  out=$(grep -o 'outer="[0-9.]*mm"' <<<"$chain" | head -1 | grep -o '[0-9.]*')
  gap=$(grep -o 'gap="[0-9.]*mm"' <<<"$chain" | head -1 | grep -o '[0-9.]*'); gap=${gap:-6}
  local ncol=$#
  local c=0
  for l in "$@"; do
    local got=""
    for ((p = 1; p <= n; p++)); do
      local x0 cwpt
      if [ $facing = 1 ]; then
        [ $p = 1 ] && continue
        [ $(( (p - 2) % 2 )) = $c ] || continue
        x0=0; cwpt=$w
      else
        read -r x0 cwpt < <(awk -v p=$p -v w=$w -v i=$in -v o=$out -v g=$gap -v c=$c -v k=$ncol 'BEGIN {
          mm = 72 / 25.4; left = (p % 2 ? i : o) * mm; cw = (w - (i + o) * mm - (k - 1) * g * mm) / k
          printf "%d %d\n", left + c * (cw + g * mm) - 2, cw + 4 }')
      fi
      local y0; y0=$(awk -v t="$top" 'BEGIN { printf "%d", t * 72 / 25.4 - 1 }')
      got+=$(pdftotext -f $p -l $p -r 72 -x "$x0" -y "$y0" -W "$cwpt" -H $(awk -v h=$h -v y=$y0 'BEGIN{printf "%d", h - y - 50}') "$pdf" - 2>/dev/null)
      # a word hyphenated across two pages: pdftotext joins such a word
      # only within a page
      got=${got%$'\f'}; got=${got%%+($'\n')}
      if [[ $got == *[[:alpha:]]- ]]; then got=${got%-}; else got+=$'\n'; fi
    done
    local want; want=$("$BK" text out/xml/$l.xml | norm $l)
    got=$(norm $l <<<"$got" | strip_notes $l)
    # the column's text comes first; pages after the columns (timeline,
    # tables across the measure) add text after it
    if [ "${got:0:${#want}}" = "$want" ]; then ok; else
      bad "$name: column $l text differs"
      diff <(printf '%s' "$want" | fold -w 80) <(printf '%s' "$got" | fold -w 80) | head -6
    fi
    c=$((c + 1))
  done
}

edition parallel-vi-zh-en layouts/opium-war/parallel-3.xml align-vi-zh-en vi zh en
edition parallel-zh-en layouts/opium-war/parallel-facing.xml align-zh-en zh en

# after the columns: the timeline and the treaty table (three languages in
# the three-column edition, Chinese and English in the facing one)
t3=$(pdftotext out/parallel-vi-zh-en.pdf - | tr -d ' \n')
for s in "Mở Thiên Tân làm cảng thương mại" "The allies begin landing at Beitang"; do
  check "parallel-vi-zh-en has '$s'" bash -c 'grep -qF -- "$(tr -d " " <<<"$1")" <<<"$2"' _ "$s" "$t3"
done
# the Chinese cells are narrow: poppler may put other cells' lines between
# a cell's lines, so the check takes the cell's first line
n3=$(pdfinfo out/parallel-vi-zh-en.pdf | sed -n 's/^Pages: *//p')
t3tail=$(pdftotext -f $((n3 - 2)) out/parallel-vi-zh-en.pdf - | tr -d ' \n')
check "parallel-vi-zh-en table has '天津开放为通商'" grep -qF -- "天津开放为通商" <<<"$t3tail"
tf=$(pdftotext out/parallel-zh-en.pdf - | tr -d ' \n')
for s in "天津开放为通商口岸" "Tianjin is opened as a port for foreign trade" "联军开始在北塘登岸"; do
  check "parallel-zh-en has '$s'" bash -c 'grep -qF -- "$(tr -d " " <<<"$1")" <<<"$2"' _ "$s" "$tf"
done
for f in out/parallel-vi-zh-en-print.pdf out/parallel-zh-en-print.pdf \
         out/parallel-vi-zh-en-imposed.pdf out/parallel-zh-en-imposed.pdf; do
  check "$f: made and sound" bash -c "test -s '$f' && qpdf --check '$f' >/dev/null 2>&1"
done

# a facing edition has no colophon, so no back cover: imposition pads after
# its last page, which stays where the reading PDF has it (facing its
# partner), not on the back of the outer sheet
nf=$(pdfinfo out/parallel-zh-en.pdf | sed -n 's/^Pages: *//p')
last=$(pdftotext -f "$nf" -l "$nf" out/parallel-zh-en.pdf - | tr -d ' \n\f' | cut -c1-24)
outer=$(pdftotext -f 1 -l 1 out/parallel-zh-en-imposed.pdf - | tr -d ' \n\f')
check "parallel-zh-en imposed: the last page ($nf) is not the back cover" \
  bash -c 'test -n "$1" && ! grep -qF -- "$1" <<<"$2"' _ "$last" "$outer"
check "parallel-zh-en imposed: the last page is in it" \
  bash -c 'pdftotext out/parallel-zh-en-imposed.pdf - | tr -d " \n\f" | grep -qF -- "$1"' _ "$last"

# loosen="1.5pt": a column shorter than the other before a link spreads
# some of the difference over its lines (facing edition, page 2: Chinese,
# with an alignment of its own whose second link starts the English
# background and the Chinese expedition of 1860 level)
cat > "$tmp/loosen-align.xml" <<'EOF'
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>loosen</title></titleStmt>
<publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader>
<text><body><div><linkGrp type="alignment" xml:id="align-zh-en">
<link target="#zh.p_zq5ds #en.p_i3tkz"/><link target="#zh.p_yyvs3 #en.p_8uzhr"/>
</linkGrp></div></body></text></TEI>
EOF
for v in tight:0pt loose:1.5pt; do
  sed -e "s|loosen=\"1.5pt\"|loosen=\"${v#*:}\"|" -e "s|alignment=\"[^\"]*\"|alignment=\"$tmp/loosen-align.xml\"|" \
      -e "s|\.\./\.\./|$PWD/|g" -e "s|\.\./facing\.xml|$PWD/layouts/facing.xml|" layouts/opium-war/parallel-facing.xml > "$tmp/${v%%:*}.xml"
  "$BK" build --trace "$tmp/${v%%:*}.trace" "$tmp/${v%%:*}.xml" out/xml/zh.xml out/xml/en.xml -o "$tmp/${v%%:*}.pdf" 2>/dev/null
done
# the line step of the body text on page 2 (the smallest step between lines)
step() { awk '/^page /{p=$2} p==2 && $1=="glyphs" && $2=="font=serif-cjk-sc" && $3=="size=10.5" {
                y=substr($5,3); if (prev != "" && prev-y > 1 && (s == "" || prev-y < s)) s = prev-y; prev=y }
              END { printf "%.1f", s }' "$1"; }
check "loosen widens the shorter column's leading ($(step "$tmp/tight.trace") -> $(step "$tmp/loose.trace"))" \
  awk -v a="$(step "$tmp/tight.trace")" -v b="$(step "$tmp/loose.trace")" 'BEGIN { exit !(b > a && b - a <= 1.51) }'

echo "parallel: $pass passed, $fail failed"
[ $fail -eq 0 ]
