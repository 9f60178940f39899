#!/usr/bin/env bash
# A user's own texts, not the seeds: runs the README's "Your own handout"
# example exactly as written (in a HOME of its own, with `booklet` on the
# PATH as the README says), then builds texts this test writes in English
# and Simplified Chinese, a layout copied to another folder and a layout
# extending the neutral one, and checks each handout: only the user's text
# with the neutral cover, contents and colophon (no 1860 maps, timeline,
# table or keywords), chrome in the text's language (Traditional for
# zh-Hant), the text back exactly from pdftotext, fonts embedded, qpdf
# clean. Prints "own-content: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/bin"
ln -s "$ROOT/build/booklet" "$tmp/bin/booklet"
export SOURCE_DATE_EPOCH=1700000000

# flat: the PDF's text with line ends and runs of spaces as one space
flat() { pdftotext "$1" - 2>/dev/null | tr -s ' \n\f' '   '; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
# a clean handout: sound, fonts embedded and subset, 4 pages, no edition content
clean() {
  local pdf=$1 what=$2
  check "$what: PDF made" test -s "$pdf"
  check "$what: qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null 2>&1"
  check "$what: fonts embedded and subset" bash -c \
    "pdffonts '$pdf' | awk 'NR>2 && (\$(NF-4)!=\"yes\" || \$(NF-3)!=\"yes\") {bad=1} END {exit bad}'"
  check "$what: cover, contents, text, colophon ($(pages "$pdf") pages)" test "$(pages "$pdf")" = 4
  check "$what: nothing of 1860" bash -c \
    "! flat '$pdf' | grep -qiE 'Peking|Bắc Kinh|北京|1860|Timeline|Niên biểu|大事年表|Opium'"
  check "$what: no 1860 keywords" bash -c "! pdfinfo '$pdf' | grep -qiE 'Opium|1860'"
}
export -f flat pages

# ---- the README's example, as written
awk '/<!-- example:own-handout/ { on = 1; next } on && /^```sh/ { code = 1; next }
     code && /^```/ { exit } code { print }' README.md > "$tmp/example.sh"
check "README has the own-handout example" test -s "$tmp/example.sh"
check "the example runs" env HOME="$tmp/home" PATH="$tmp/bin:$PATH" bash -e "$tmp/example.sh" \
  >"$tmp/example.log" 2>&1 || sed 's/^/  /' "$tmp/example.log"
L=$tmp/home/lessons
check "the guess is announced" grep -q 'mekong.txt: warning: no language given: the text looks like vi (Vietnamese)' "$tmp/example.log"
clean "$L/mekong.pdf" "vi lesson"
check "vi lesson: the text comes back" bash -c "flat '$L/mekong.pdf' | grep -qF 'Đồng bằng sông Cửu Long là vựa lúa lớn nhất của Việt Nam.'"
check "vi lesson: Vietnamese chrome" bash -c "flat '$L/mekong.pdf' | grep -q 'Mục lục'"
clean "$L/harbour.pdf" "zh-Hant lesson"
check "zh-Hant lesson: the text comes back" bash -c "flat '$L/harbour.pdf' | tr -d ' ' | grep -qF '維多利亞港位於香港島與九龍半島之間，是世界著名的天然深水港。'"
check "zh-Hant lesson: Traditional chrome (目錄)" bash -c "flat '$L/harbour.pdf' | grep -q '目錄'"
check "zh-Hant lesson: no Simplified chrome (目录)" bash -c "! flat '$L/harbour.pdf' | grep -q '目录'"

# ---- texts of the test's own, in English and Simplified Chinese
cd "$tmp"
printf 'Tides and the Moon\n\nTwice a day the sea rises and falls along the coast. The pull of the Moon raises a bulge of water on the side of the Earth that faces it.\n\nFishermen have always read the tides before putting out to sea.\n' > tides.txt
printf '黄河\n\n黄河是中国第二长的河流，全长约五千四百公里。\n\n黄河流域是中华文明的重要发源地之一。\n' > huanghe.txt
"$ROOT/build/booklet" build tides.txt 2>"$tmp/en.log"
check "en lesson: exit 0" test -s tides.pdf
check "en lesson: guessed as English" grep -q 'looks like en (English)' "$tmp/en.log"
clean tides.pdf "en lesson"
check "en lesson: the text comes back" bash -c "flat tides.pdf | grep -qF 'The pull of the Moon raises a bulge of water on the side of the Earth that faces it.'"
"$ROOT/build/booklet" build huanghe.txt -o "$tmp/hh.pdf" 2>"$tmp/zh.log"
check "zh-Hans lesson: guessed" grep -q 'looks like zh-Hans' "$tmp/zh.log"
clean "$tmp/hh.pdf" "zh-Hans lesson"
check "zh-Hans lesson: Simplified chrome (目录)" bash -c "flat '$tmp/hh.pdf' | grep -q '目录'"
check "zh-Hans lesson: the text comes back" bash -c "flat '$tmp/hh.pdf' | tr -d ' ' | grep -qF '黄河流域是中华文明的重要发源地之一。'"

# ---- a layout copied to another folder, and one extending the neutral one
mkdir -p elsewhere/deeper
cp "$ROOT/layouts/handout.xml" elsewhere/deeper/copy.xml
"$ROOT/build/booklet" build --lang en --layout elsewhere/deeper/copy.xml tides.txt -o copy.pdf 2>/dev/null
clean copy.pdf "copied layout"
cat > elsewhere/mine.xml <<'XMLEND'
<layout extends="handout">
  <page size="A4"/>
  <string name="subtitle" lang="en">Reading for class 8</string>
</layout>
XMLEND
"$ROOT/build/booklet" build --lang en --layout elsewhere/mine.xml tides.txt -o mine.pdf 2>/dev/null
check "extending layout: A4" bash -c "pdfinfo mine.pdf | grep -q 'Page size: *595.* x 841.*'"
check "extending layout: its own subtitle" bash -c "flat mine.pdf | grep -q 'Reading for class 8'"
clean mine.pdf "extending layout"

# ---- a character no font covers: a warning with file:line:col, an error under --strict
# (Khitan small script: no installed font covers it, so fallback finds none)
printf 'Signs\n\nThe sign \xf0\x98\xac\x80 is old.\n' > runes.txt
"$ROOT/build/booklet" build --lang en runes.txt -o runes.pdf 2>"$tmp/runes.log"; rc=$?
check "uncovered character: exit 0 without --strict" test $rc -eq 0
check "uncovered character: warned at the line and column of the .txt" grep -qE 'runes.txt:3:10: warning: no configured font covers .𘬀. \(U\+18B00\)' "$tmp/runes.log"
"$ROOT/build/booklet" build --strict --lang en runes.txt -o runes2.pdf 2>/dev/null; rc=$?
check "uncovered character: --strict fails" test $rc -eq 1
check "uncovered character: --strict writes nothing" test ! -e runes2.pdf

# ---- a character outside the configured fonts but in an installed one: set
# with a face fontconfig finds (per-character fallback), named in the colophon
printf 'Scripts\n\nThe word \xe1\x83\xa5\xe1\x83\x90\xe1\x83\xa0\xe1\x83\x97\xe1\x83\xa3\xe1\x83\x9a\xe1\x83\x98 is Georgian.\n' > georgian.txt
"$ROOT/build/booklet" build --strict --lang en georgian.txt -o georgian.pdf 2>"$tmp/georgian.log"; rc=$?
check "fallback: --strict builds" test $rc -eq 0
check "fallback: no warning" test ! -s "$tmp/georgian.log"
check "fallback: the Georgian word extracts" bash -c "flat georgian.pdf | grep -q 'ქართული is Georgian'"
fallback=$(pdffonts georgian.pdf 2>/dev/null | awk 'NR > 2 {sub(/^[A-Z]+\+/, "", $1); print $1}' | grep -v '^NotoSerif' | head -1)
check "fallback: a face beyond the configured ones embedded" test -n "$fallback"
check "fallback: the colophon names it" bash -c "flat georgian.pdf | grep -q -- '$fallback'"
clean georgian.pdf "fallback"

# ---- booklet new: a starter project that builds as it stands, and is
# never written over
"$ROOT/build/booklet" new "$tmp/starter" >/dev/null 2>&1
check "new: the starter's files" test -s "$tmp/starter/lesson.txt" -a -s "$tmp/starter/layout.xml" -a -s "$tmp/starter/Makefile" -a -s "$tmp/starter/README.md"
make -s -C "$tmp/starter" BOOKLET="$ROOT/build/booklet" >/dev/null 2>&1
check "new: make builds lesson.pdf" test -s "$tmp/starter/lesson.pdf"
clean "$tmp/starter/lesson.pdf" "starter"
echo "changed" >> "$tmp/starter/README.md"
"$ROOT/build/booklet" new "$tmp/starter" 2>"$tmp/new.log"; rc=$?
check "new again: refused (exit $rc)" test $rc -eq 1
check "new again: names the file" grep -q 'exists already' "$tmp/new.log"
check "new again: nothing replaced" grep -q changed "$tmp/starter/README.md"

echo "own-content: $pass passed, $fail failed"
[ $fail -eq 0 ]
