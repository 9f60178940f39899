#!/usr/bin/env bash
# The curated data are TEI P5: each file validates against TEI's own schema
# (tests/data/tei/tei_all.rng, with Debian's jing) and against the project's
# (`booklet validate`), so are the examples docs/DATA.md gives a user, and a
# file in the old, non-TEI encoding is refused by both. Prints "tei: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
TEI=tests/data/tei/tei_all.rng
BK=build/booklet

# jing prints its errors on stdout, "file:line:col: error: ..."
tei_valid() { local out; out=$(jing "$TEI" "$1" 2>/dev/null) && [ -z "$out" ] || { echo "$out" | head -5; return 1; }; }
tei_invalid() { ! jing "$TEI" "$1" >/dev/null 2>&1; }
bk_valid() { "$BK" validate "$1" >/dev/null 2>&1; }
bk_invalid() { ! "$BK" validate "$1" >/dev/null 2>&1; }

check "jing is installed" bash -c "command -v jing >/dev/null"
check "tei_all.rng is in the repository" test -s "$TEI"
for f in sources/events.xml sources/places.xml sources/treaties.xml sources/alignment.xml \
         tests/data/trace/events.xml; do
  check "$f: valid TEI P5 (tei_all)" tei_valid "$f"
  check "$f: valid against tei-booklet.rng" bk_valid "$f"
done

# Every other TEI file the project writes or ships: the ingest output of the
# seeds (out/xml, as `make` wrote it) and its golden copy, the examples a
# user starts from, the tables and events the tests build, and the ingest
# output of a text this test writes (a title, a heading, a list, a quotation,
# a foreign span, citation notes: what ingest makes of any text).
for f in out/xml/vi.xml out/xml/zh.xml out/xml/en.xml tests/golden/ingest/*.xml \
         examples/mekong/events.xml examples/mekong/places.xml examples/two-texts/alignment.xml \
         tests/data/trace/table.xml tests/data/long-table.xml tests/data/typeset-sample.xml; do
  check "$f: valid TEI P5 (tei_all)" tei_valid "$f"
  check "$f: valid against tei-booklet.rng" bk_valid "$f"
done
printf '%s\n' "Một bài của tôi" "" "Bài chi tiết: Hiệp ước Nam Kinh" "" \
  "Đoạn đầu có chữ Hán 南京條約 và một câu trích \"Không còn nghi ngờ gì nữa.\"[1]" "" \
  "Bối cảnh" "" "Các điều khoản:" "" "  1. Nhượng Hồng Kông" "  2. Mở năm cảng" "" \
  "Chú thích" "" "[1] Một nguồn." > "$tmp/own.txt"
build/booklet ingest --lang vi "$tmp/own.txt" -o "$tmp/own.xml" 2>/dev/null
check "ingest output of a text of this test: valid TEI P5 (tei_all)" tei_valid "$tmp/own.xml"
check "ingest output of a text of this test: valid against tei-booklet.rng" bk_valid "$tmp/own.xml"

# The three files docs/DATA.md shows a user ("Your own events and places":
# events, places, a table)
awk -v dir="$tmp" '/^## / { on = ($0 == "## Your own events and places") }
  on && /^```xml/ { n++; code = 1; next } code && /^```/ { code = 0; next }
  code { print > (dir "/doc-example-" n ".xml") }' docs/DATA.md
for n in 1 2 3; do
  f=$tmp/doc-example-$n.xml
  check "docs/DATA.md example $n: there" test -s "$f"
  check "docs/DATA.md example $n: valid TEI P5 (tei_all)" tei_valid "$f"
  check "docs/DATA.md example $n: valid against tei-booklet.rng" bk_valid "$f"
done

# The encodings TEI refuses, which the project's schema refuses too: a bare
# ptr or date in an event, two places in @where, a placeName/@type that is not
# an XML name.
# unwrap: drops the first line matching $1 and the first line after it matching $2
unwrap() { awk -v a="$1" -v b="$2" 'state == 0 && $0 ~ a { state = 1; next }
  state == 1 && $0 ~ b { state = 2; next } { print }' "$3"; }
unwrap '<linkGrp type="sources">' '</linkGrp>' sources/events.xml > "$tmp/bare-ptr.xml"
unwrap '<note type="dates">' '</note>' sources/events.xml > "$tmp/bare-date.xml"
sed '0,/where="places.xml#tianjin"/s//where="places.xml#tianjin places.xml#beijing"/' \
  sources/events.xml > "$tmp/two-places.xml"
sed '0,/<placeName xml:lang="en" type="historical"/s//<placeName xml:lang="en" type="1860"/' sources/places.xml > "$tmp/digit-type.xml"
for f in bare-ptr bare-date two-places digit-type; do
  check "$f: refused by tei_all" tei_invalid "$tmp/$f.xml"
  check "$f: refused by tei-booklet.rng" bk_invalid "$tmp/$f.xml"
done

# The ingest stamp (docs/TEI.md): ingest writes it after the XML declaration,
# on the same line; it is the documented SHA-256; a build takes the stamped
# file as valid, but an edited one is validated again and its error is
# reported at file:line:col; `booklet validate` checks a file whatever its
# stamp says, even a stamp recomputed for the edited bytes.
stamp_of() { sed -n '1s/.*<?booklet-ingest sha256="\([0-9a-f]*\)"?>$/\1/p' "$1"; }
stamp_digest() { { echo "booklet $("$BK" --version | cut -d' ' -f2)"; "$BK" schema tei
                   sed '1s/<?booklet-ingest[^?]*?>//' "$1"; } | sha256sum | cut -d' ' -f1; }
for f in out/xml/vi.xml out/xml/zh.xml out/xml/en.xml "$tmp/own.xml"; do
  check "$f: stamped by ingest" test -n "$(stamp_of "$f")"
  check "$f: the stamp is the documented digest" test "$(stamp_of "$f")" = "$(stamp_digest "$f")"
done
check "the stamp moves no line (line 2 is the TEI root)" \
  bash -c "sed -n 2p '$tmp/own.xml' | grep -q '^<TEI '"
build_pdf() { "$BK" build layouts/handout.xml "$1" -o "$tmp/stamp.pdf" 2>"$tmp/stamp.err"; }
check "a stamped file builds" build_pdf "$tmp/own.xml"
line=$(grep -n '<head xml:id="vi.h1"' "$tmp/own.xml" | cut -d: -f1)
sed "${line}s/<head xml:id=\"vi.h1\"/<head bogus=\"1\" xml:id=\"vi.h1\"/" "$tmp/own.xml" > "$tmp/edited.xml"
check "the edit is made" grep -q 'bogus="1"' "$tmp/edited.xml"
check "an edited stamped file no longer matches its stamp" \
  test "$(stamp_of "$tmp/edited.xml")" != "$(stamp_digest "$tmp/edited.xml")"
check "an edited stamped file is validated by build" bash -c "! \"$BK\" build layouts/handout.xml '$tmp/edited.xml' -o '$tmp/edited.pdf' 2>'$tmp/edited.err'"
check "... its error at file:line:col" \
  grep -Eq "edited\.xml:$line:[0-9]+: error: unknown attribute 'bogus' on <head>" "$tmp/edited.err"
check "... and no PDF" test ! -e "$tmp/edited.pdf"
sed "1s/sha256=\"[0-9a-f]*\"/sha256=\"$(stamp_digest "$tmp/edited.xml")\"/" "$tmp/edited.xml" > "$tmp/forged.xml"
check "a stamp recomputed for the edit matches it" \
  test "$(stamp_of "$tmp/forged.xml")" = "$(stamp_digest "$tmp/forged.xml")"
check "booklet validate ignores stamps" bk_invalid "$tmp/forged.xml"

echo "tei: $pass passed, $fail failed"
[ $fail -eq 0 ]
