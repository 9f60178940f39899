#!/usr/bin/env bash
# End-to-end checks of the handouts `make` built and of the command line:
# text round trip (pdftotext), fonts (pdffonts), structure (qpdf --check),
# the Chinese clean-ups, the Vietnamese title, reproducible bytes, and bad
# input (message with line and column, exit 1, no output file).
# Prints "e2e: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
BKA=${BKA:-build/booklet-asan}
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Text of a PDF without the folio band at the page foot, whitespace
# collapsed (vi, en) or removed (zh: CJK lines break without spaces).
# The handout layout puts a cover and a contents page before the body and a
# colophon after it: the body is pages 3 to N-1.
pdf_text() { # pdf lang
  local h n; h=$(pdfinfo "$1" | sed -n 's/^Page size: *[0-9.]* x \([0-9.]*\).*/\1/p')
  n=$(pdfinfo "$1" | sed -n 's/^Pages: *//p')
  local crop; crop=$(awk -v h="$h" 'BEGIN{printf "%d", h - 50}')
  pdftotext -f 3 -l $((n - 1)) -r 72 -x 0 -y 0 -W 10000 -H "$crop" "$1" - | norm "$2"
}
# Hyphens are dropped on both sides: pdftotext joins a line that ends in a
# hyphen ("ill-" + "prepared") to the next as if the hyphen were soft.
# A no-break space (a table note's mark is kept with its word) comes out of
# pdftotext as a space: the font maps both to one glyph.
norm() { if [ "$1" = zh ]; then sed 's/\xc2\xa0//g' | tr -d ' \n\t\f'; else sed 's/\xc2\xa0/ /g' | tr -s ' \n\t\f' '    ' | tr -d -- '-' | sed 's/^ //; s/ $//'; fi; }

# in_order TEXT LINE LANG: the words of LINE (characters for zh) appear in
# TEXT in order, the whole match no longer than twice LINE plus 120 bytes.
in_order() {
  local text=$1 line=$2 lang=$3 tok first rest win off=0
  local -a toks
  if [ "$lang" = zh ]; then
    mapfile -t toks < <(printf '%s' "$line" | tr -d ' ' | LC_ALL=C.UTF-8 grep -o .)
  else
    read -r -a toks <<<"$(printf '%s' "$line" | tr -d -- '-')"
  fi
  first=${toks[0]}
  local width=$((2 * ${#line} + 120))
  rest=$text
  # every place the first word occurs is a possible start
  while [[ "$rest" == *"$first"* ]]; do
    local before=${rest%%"$first"*}
    off=$((off + ${#before}))
    win=${text:off:width}
    local ok=1 w=$win
    for tok in "${toks[@]}"; do
      if [[ "$w" == *"$tok"* ]]; then w=${w#*"$tok"}; else ok=0; break; fi
    done
    [ $ok = 1 ] && return 0
    rest=${rest#*"$first"}
    off=$((off + ${#first}))
  done
  return 1
}

for lang in vi zh en; do
  pdf=out/handout-$lang.pdf
  xml=out/xml/$lang.xml
  check "$pdf exists" test -s "$pdf"
  [ -s "$pdf" ] || continue
  check "$pdf: qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null 2>&1"
  # every font embedded, subset and with a ToUnicode map
  fonts=$(pdffonts "$pdf" | tail -n +3)
  check "$pdf: has fonts" test -n "$fonts"
  check "$pdf: fonts embedded+subset+unicode" bash -c \
    "! printf '%s\n' \"\$1\" | awk '{ if (\$(NF-4)!=\"yes\" || \$(NF-3)!=\"yes\" || \$(NF-2)!=\"yes\") bad=1 } END { exit !bad }'" _ "$fonts"
  # the text comes back: everything the document says, in order, then the
  # treaty table the layout appends (each caption and cell found whole)
  want=$("$BK" text "$xml" | norm $lang)
  got=$(pdf_text "$pdf" $lang)
  if [ "${got:0:${#want}}" = "$want" ]; then ok; else
    bad "$pdf: pdftotext differs from the document text"
    diff <(printf '%s' "$want" | fold -w 80) <(printf '%s' "${got:0:${#want}}" | fold -w 80) | head -10
  fi
  # after the text, the layout's parts: the timeline's event labels, then
  # the table's caption and cells. A table cell comes out whole; a timeline
  # label may have its date's second line between two of its lines, so its
  # words (characters in Chinese) must come out in order, close together.
  nsrc=$("$BK" text "$xml" | wc -l)
  nev=$(grep -c '<event ' sources/events.xml)
  missing=0; cells=0; labels=0
  while IFS= read -r line; do
    item=$(printf '%s' "$line" | norm $lang)
    [ -z "$item" ] && continue
    if [ $labels -lt $nev ]; then
      labels=$((labels + 1))
      in_order "$got" "$line" $lang || { missing=$((missing + 1)); echo "  event not found: $line"; }
    else
      cells=$((cells + 1))
      if [[ "$got" != *"$item"* ]]; then missing=$((missing + 1)); echo "  cell not found: $item"; fi
    fi
  done < <("$BK" text --layout layouts/opium-war/handout.xml "$xml" | tail -n +$((nsrc + 1)))
  check "$pdf: the timeline has its events" test $labels = $nev
  check "$pdf: the treaty table has cells" test $cells -gt 20
  check "$pdf: every event label, table caption and cell in the PDF" test $missing = 0
done

# The typesetting report counts no fault in any handout
for lang in vi zh en; do
  rep=$("$BK" build --strict --report layouts/opium-war/handout.xml out/xml/$lang.xml -o "$tmp/report.pdf" 2>/dev/null)
  if grep -qx 'faults: 0' <<<"$rep"; then ok; else bad "handout-$lang: typesetting report has faults"; grep -v ': 0$' <<<"$rep"; fi
done

# Chinese clean-ups reached the PDF
zh=$(pdftotext out/handout-zh.pdf - 2>/dev/null | tr -d ' \n')
for s in 列强交换 大沽炮台 弗雷德里克·普鲁斯 '，'; do
  check "zh contains $s" grep -q -- "$s" <<<"$zh"
done
for s in qiáng pào jiāo bào nüè bī jian 進 '?'; do
  check "zh has no $s" bash -c '! grep -q -- "$1" <<<"$2"' _ "$s" "$zh"
done
check "zh: no ASCII comma between Han" bash -c '! grep -qP "\p{Han},\p{Han}" <<<"$1"' _ "$zh"
# Vietnamese title, in the text and the document info
check "vi title in text" bash -c 'pdftotext out/handout-vi.pdf - | tr -s " \n" "  " | grep -q "Kết thúc Chiến tranh nha phiến lần thứ hai"'
for lang in vi zh en; do
  check "handout-$lang: subject and keywords in the document info" bash -c \
    "pdfinfo out/handout-$lang.pdf | grep -q '^Subject: ..' && pdfinfo out/handout-$lang.pdf | grep -q '^Keywords: .*1860'"
done
check "vi title in info" bash -c 'pdfinfo out/handout-vi.pdf | grep -q "^Title: *Kết thúc Chiến tranh nha phiến lần thứ hai$"'

# The font files are the ones fonts/fonts.xml records (same package, same
# bytes): outputs made elsewhere with other fonts would differ silently.
while read -r file sum; do
  check "font checksum $file" bash -c "echo '$sum  $file' | sha256sum -c --quiet >/dev/null 2>&1"
done < <(tr '\n' ' ' < fonts/fonts.xml | grep -o '<face [^>]*>' |
         sed -n 's/.*file="\([^"]*\)".*sha256="\([0-9a-f]*\)".*/\1 \2/p' | sort -u)

# The curated data validate, and every pointer to a source passage
# resolves to an element of that source's TEI
check "treaties.xml and events.xml valid" bash -c "'$BK' validate sources/treaties.xml sources/events.xml sources/places.xml sources/alignment.xml >/dev/null 2>&1"
unresolved=0; pointers=0
while read -r file id; do
  pointers=$((pointers + 1))
  grep -q "xml:id=\"$id\"" "out/xml/$file" || { unresolved=$((unresolved + 1)); echo "  unresolved: $file#$id"; }
done < <(cat sources/treaties.xml sources/events.xml | grep -o '\(target\|source\)="[^"]*"' |
         sed 's/^[a-z]*="//; s/"$//' | tr ' ' '\n' | grep '^\(vi\|zh\|en\)\.xml#' |
         sed 's/^\([a-z]*\.xml\)#\(.*\)$/\1 \2/' | sort -u)
check "data: pointers to source passages ($pointers)" test $pointers -gt 20
check "data: every pointer resolves" test $unresolved = 0

# The maps' place names, in each handout's language
for spec in "vi Thiên Tân|Bắc Kinh|Đại Cô|Thông Châu|Bát Lý Kiều|Vladivostok" \
            "zh 天津|北京|大沽|通州|八里桥|圆明园" "en Tientsin|Peking|Taku|Tungchow|Pa-li-chiao|Canton"; do
  lang=${spec%% *}; names=${spec#* }
  txt=$(pdftotext out/handout-$lang.pdf - | tr -s ' \n' '  ')
  IFS='|' read -r -a arr <<<"$names"
  for nm in "${arr[@]}"; do
    check "handout-$lang map: $nm" grep -qF -- "$nm" <<<"$txt"
  done
done

# The contents page lists the figures and the table after the text
contents=$(pdftotext -f 2 -l 2 out/handout-en.pdf - | tr -s ' \n' '  ')
for s in "Map: the Peking campaign, 1860" "Map: East Asia in 1860" "The course of the war" \
         "The Conventions of Peking (1860) and the supplementary treaty with Russia"; do
  check "contents lists '$s'" grep -qF -- "$s" <<<"$contents"
done

# Bookmarks jump to the pages that show their headings (qpdf lists each
# page's outline entries; pdftotext shows the page's text). A map's
# bookmark has its contents entry's name (the layout's map-title-*), not
# the title the map prints: tests/e2e/standards.sh checks that every
# bookmark goes where its contents entry links.
maptitles=$(sed -n 's/.*name="map-title-[^"]*"[^>]*>\([^<]*\)<.*/\1/p' layouts/opium-war/handout.xml)
for lang in vi zh en; do
  pdf=out/handout-$lang.pdf; nb=0; wrong=0
  while IFS=$'\t' read -r page title; do
    nb=$((nb + 1))
    grep -qxF -- "$title" <<<"$maptitles" && continue
    t=$(tr -d ' \n' <<<"$title"); t=${t:0:12}
    pdftotext -f "$page" -l "$page" "$pdf" - | tr -d ' \n' | grep -qF -- "$t" ||
      { wrong=$((wrong + 1)); echo "  bookmark '$title' not on page $page"; }
  done < <(qpdf --json --json-key=pages "$pdf" | awk '
      /"title":/ { sub(/^[^:]*: *"/, ""); sub(/",?$/, ""); t[n++] = $0 }
      /"pageposfrom1":/ { p = $2; for (i = 0; i < n; i++) print p "\t" t[i]; n = 0 }')
  check "handout-$lang: has bookmarks" test $nb -ge 1
  check "handout-$lang: every bookmark on its heading's page" test $wrong = 0
done

# Reproducible: the same input gives the same bytes
SOURCE_DATE_EPOCH=1700000000 "$BK" build layouts/opium-war/handout.xml out/xml/vi.xml -o "$tmp/a.pdf" 2>/dev/null
SOURCE_DATE_EPOCH=1700000000 "$BK" build layouts/opium-war/handout.xml out/xml/vi.xml -o "$tmp/b.pdf" 2>/dev/null
check "reproducible bytes" cmp -s "$tmp/a.pdf" "$tmp/b.pdf"

# The full builds (maps, timelines, tables, front matter, parallel
# editions, every output kind) run clean under ASan/UBSan with leak checks
if [ -x "$BKA" ]; then
  for spec in "reading handout vi" "print handout zh" "imposed handout en" \
              "reading parallel-3 vi zh en" "reading parallel-facing zh en"; do
    set -- $spec
    kind=$1 lay=$2; shift 2
    xs=(); for l in "$@"; do xs+=(out/xml/$l.xml); done
    err=$(ASAN_OPTIONS=detect_leaks=1:exitcode=86 UBSAN_OPTIONS=halt_on_error=1:exitcode=86 \
          "$BKA" build --strict --$kind "$tmp/asan.pdf" layouts/opium-war/$lay.xml "${xs[@]}" 2>&1); rc=$?
    if [ $rc = 0 ] && ! grep -qE 'Sanitizer|runtime error' <<<"$err"; then ok; else
      bad "sanitized build $spec: exit $rc"; tail -5 <<<"$err"; fi
  done
fi

# Command line
check "--help exits 0" bash -c "'$BK' --help >/dev/null"
check "--version" bash -c "'$BK' --version | grep -q '^booklet '"
for c in ingest validate build text; do
  check "$c --help" bash -c "'$BK' $c --help | grep -q usage"
done
"$BK" frobnicate >/dev/null 2>&1; check "unknown command exits 2" test $? -eq 2
"$BK" build >/dev/null 2>&1; check "build without args exits 2" test $? -eq 2

# Bad input, run under ASan/UBSan when that build exists: a message with
# line and column, exit 1, no output, the previous output untouched.
B=$BK; [ -x "$BKA" ] && B=$BKA
expect_fail() { # name expected-regex command...
  local name=$1 re=$2; shift 2
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [ $rc -ne 1 ]; then bad "$name: exit $rc, expected 1 ($err)"; return; fi
  if ! grep -qE -- "$re" <<<"$err"; then bad "$name: message '$err' does not match $re"; return; fi
  ok
}
printf 'Title\n\nGood line\nbad \xff byte here\n' > "$tmp/bad.txt"
echo keep > "$tmp/out.xml"
expect_fail "invalid UTF-8" 'bad\.txt:4:5: error: .*UTF-8' "$B" ingest --lang en "$tmp/bad.txt" -o "$tmp/out.xml"
check "invalid UTF-8: previous output untouched" grep -qx keep "$tmp/out.xml"
check "invalid UTF-8: no temporary left" bash -c "! ls '$tmp' | grep -q tmp-"
printf '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n<body><p>x</body>\n</TEI>\n' > "$tmp/broken.xml"
expect_fail "broken XML" 'broken\.xml:3:[0-9]+: error' "$B" build layouts/opium-war/handout.xml "$tmp/broken.xml" -o "$tmp/broken.pdf"
check "broken XML: no output" test ! -e "$tmp/broken.pdf"
expect_fail "validate broken XML" 'broken\.xml:[0-9]+:[0-9]+: error' "$B" validate "$tmp/broken.xml"
expect_fail "missing source" 'nothere\.txt.*(No such file|cannot)' "$B" ingest --lang en "$tmp/nothere.txt" -o "$tmp/x.xml"
check "missing source: no output" test ! -e "$tmp/x.xml"
sed -e 's|<hyphenation |<fonts href="'"$PWD"'/tests/data/fonts-missing.xml"/>\n  <hyphenation |' \
    -e 's|src="\.\.|src="'"$PWD"'|' layouts/handout.xml > "$tmp/layout.xml"
expect_fail "unknown font file" 'font .*cannot open' "$B" build "$tmp/layout.xml" out/xml/en.xml -o "$tmp/f.pdf"
check "unknown font: no output" test ! -e "$tmp/f.pdf"
sed 's|inner="17mm"|inner="-3mm"|' layouts/handout.xml > "$tmp/neg.xml"
expect_fail "negative margin" 'neg\.xml:[0-9]+:[0-9]+: error: page inner must not be negative' "$B" build "$tmp/neg.xml" out/xml/en.xml -o "$tmp/n.pdf"
check "unwritable folder" bash -c "! '$B' build layouts/opium-war/handout.xml out/xml/en.xml -o /nonexistent/dir/x.pdf 2>/dev/null"

echo "e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
