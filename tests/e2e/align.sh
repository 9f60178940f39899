#!/usr/bin/env bash
# End-to-end checks of booklet align on two texts this test writes itself
# (an English and a Vietnamese account of 1858-1862, with a glossary of
# its own), then on the three seed texts: the proposal is valid TEI (the
# project's schema and tei_all), its links pair the passages that share
# dates, numbers and names; --check is clean on it; inserting a paragraph
# into a source changes no link (every link pairs the same texts); editing
# a linked paragraph breaks its link, which --check and the build report
# at file:line:col; a weak link and the passages it leaves unlinked are
# warnings, in --check and in the build. Prints "align: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/en.txt" <<'EOF'
The Expedition to Cochinchina

The French and Spanish fleet reached Tourane on 31 August 1858 with 2,500 men.

The weather was bad and many soldiers fell ill.

In February 1859 the admiral sailed south with most of the fleet.

Saigon fell on 17 February 1859, and the citadel gave up 200 cannon.

The treaty of 5 June 1862 gave France three provinces and an indemnity of 4 million dollars.
EOF
cat > "$tmp/vi.txt" <<'EOF'
Cuộc viễn chinh Nam Kỳ

Ngày 31 tháng 8 năm 1858, hạm đội Pháp và Tây Ban Nha đến Đà Nẵng với 2.500 quân.

Tháng 2 năm 1859, đô đốc đưa phần lớn hạm đội vào Nam.

Ngày 17 tháng 2 năm 1859, thành Gia Định thất thủ, quân Pháp thu 200 khẩu đại bác.

Hòa ước ngày 5 tháng 6 năm 1862 cắt ba tỉnh và bồi thường 4 triệu đồng.
EOF
cat > "$tmp/glossary.xml" <<'EOF'
<glossary>
  <source id="t">Written for this test.</source>
  <entry key="tourane" type="term" source="t"><term lang="en">Tourane</term><term lang="vi">Đà Nẵng</term></entry>
  <entry key="saigon" type="term" source="t"><term lang="en">Saigon</term><term lang="vi">Gia Định</term></entry>
</glossary>
EOF

ingest() { "$BK" ingest --lang "$1" "$tmp/$1.txt" -o "$tmp/$1.xml" 2>/dev/null; }
# the first words of each passage a link names, "en words | vi words" a line
pairs() { # alignment
  local ids; ids=$(cat "$tmp/en.xml" "$tmp/vi.xml" >/dev/null; "$BK" text --ids "$tmp/en.xml"; "$BK" text --ids "$tmp/vi.xml")
  grep -o 'target="[^"]*"' "$1" | sed 's/target="//; s/"$//; s/#//g' | while read -r a b; do
    printf '%s | %s\n' "$(awk -F'\t' -v id="${a%@*}" '$1 == id { split($2, w, " "); print w[1] " " w[2] }' <<<"$ids")" \
                       "$(awk -F'\t' -v id="${b%@*}" '$1 == id { split($2, w, " "); print w[1] " " w[2] }' <<<"$ids")"
  done
}

check "the test's texts ingest" bash -c "$(declare -f ingest); BK=$BK tmp=$tmp; ingest en && ingest vi"
"$BK" align "$tmp/en.xml" "$tmp/vi.xml" --glossary "$tmp/glossary.xml" -o "$tmp/al.xml" 2>"$tmp/err"
check "align proposes (exit 0)" test $? = 0 -a -s "$tmp/al.xml"
check "the proposal is valid against its texts" "$BK" validate -q "$tmp/al.xml" "$tmp/en.xml" "$tmp/vi.xml"
if command -v jing >/dev/null; then
  check "the proposal is valid TEI (tei_all)" bash -c "jing tests/data/tei/tei_all.rng '$tmp/al.xml' 2>/dev/null"
fi
check "the header names the texts and the glossary" \
  bash -c "grep -q '<idno type=\"file\">en.xml</idno>' '$tmp/al.xml' && grep -q '<idno type=\"glossary\">glossary.xml</idno>' '$tmp/al.xml'"
want=$'The French | Ngày 31\nIn February | Tháng 2\nSaigon fell | Ngày 17\nThe treaty | Hòa ước'
got=$(pairs "$tmp/al.xml")
check "links pair the passages sharing anchors (got: $got)" test "$got" = "$want"
check "each link says its anchors" grep -q '<!-- anchors: tourane, 1858-08-31, 2500 |' "$tmp/al.xml"
check "the sums match across languages" grep -q 'anchors: 1862-06-05, 4000000' "$tmp/al.xml"
out=$("$BK" align --check "$tmp/al.xml" "$tmp/en.xml" "$tmp/vi.xml" 2>&1)
check "--check: the proposal is clean ($out)" test "$out" = "$tmp/al.xml: 0 weak links, 0 missing links"
check "-o naming an input is refused" bash -c "! '$BK' align '$tmp/en.xml' '$tmp/vi.xml' -o '$tmp/vi.xml' 2>/dev/null"

# a paragraph inserted into each source: ids of the others do not change
cp "$tmp/en.xml" "$tmp/en-before.xml"
sed -i 's/^The weather was bad/A new paragraph, inserted on 1 January 2000.\n\n&/' "$tmp/en.txt"
sed -i '3a\\nMột đoạn mới được thêm vào.' "$tmp/vi.txt"
ingest en; ingest vi
check "the inserted paragraphs are there" grep -q 'inserted on 1 January 2000' "$tmp/en.xml"
check "after the insertion every link still resolves" "$BK" validate -q "$tmp/al.xml" "$tmp/en.xml" "$tmp/vi.xml"
check "after the insertion every link pairs the same texts" test "$(pairs "$tmp/al.xml")" = "$want"
out=$("$BK" align --check "$tmp/al.xml" "$tmp/en.xml" "$tmp/vi.xml" 2>&1)
check "--check after the insertion is clean ($out)" test "$out" = "$tmp/al.xml: 0 weak links, 0 missing links"

# a layout of the test's own for the build's check
cat > "$tmp/facing.xml" <<EOF
<layout name="t" extends="facing"><parallel mode="facing" alignment="al.xml" select="align-en-vi"/></layout>
EOF
check "the build with the alignment passes --strict" \
  bash -c "'$BK' build --strict '$tmp/facing.xml' '$tmp/en.xml' '$tmp/vi.xml' -o '$tmp/ok.pdf' 2>/dev/null"

# a linked paragraph edited: its link breaks, at the link's line and column
sed -i 's/Saigon fell on 17 February 1859/Saigon was taken on 17 February 1859/' "$tmp/en.txt"
ingest en
out=$("$BK" align --check "$tmp/al.xml" "$tmp/en.xml" "$tmp/vi.xml" 2>&1); rc=$?
check "--check fails on a broken link (exit $rc)" test $rc = 1
line=$(grep -n 'Saigon fell' "$tmp/al.xml" | head -1 | cut -d: -f1); line=$((line + 1))
check "--check names the broken link at file:line:col ($out)" \
  grep -qE "^$tmp/al.xml:$line:[0-9]+: error: alignment target '#en\.p_[a-z0-9]+' names no passage" <<<"$out"
out=$("$BK" build --strict "$tmp/facing.xml" "$tmp/en.xml" "$tmp/vi.xml" -o "$tmp/broken.pdf" 2>&1); rc=$?
check "the build --strict fails on the broken link (exit $rc)" test $rc = 1
check "the build names the broken link" grep -q "al.xml:$line:.*names no passage" <<<"$out"

# a weak link: passages that share nothing; the ones it leaves unlinked
ingest en
ids_en=$("$BK" text --ids "$tmp/en.xml"); ids_vi=$("$BK" text --ids "$tmp/vi.xml")
weather=$(awk -F'\t' '/The weather/ { print $1 }' <<<"$ids_en")
treaty=$(awk -F'\t' '/Hòa ước/ { print $1 }' <<<"$ids_vi")
sed -e '/<link /d' -e "s|</linkGrp>|<link target=\"#$weather #$treaty\"/></linkGrp>|" "$tmp/al.xml" > "$tmp/weak.xml"
out=$("$BK" align --check "$tmp/weak.xml" "$tmp/en.xml" "$tmp/vi.xml" 2>&1); rc=$?
check "--check: warnings only (exit $rc)" test $rc = 0
check "--check reports the weak link at its line" grep -qE "^$tmp/weak.xml:[0-9]+:[0-9]+: warning: weak link" <<<"$out"
check "--check reports the passages left unlinked" grep -qE "^$tmp/en.xml:[0-9]+:[0-9]+: warning: missing link: .*1858-08-31" <<<"$out"
check "--check counts them" grep -qE "weak.xml: 1 weak link, [1-9][0-9]* missing links" <<<"$out"
sed -i 's/alignment="al.xml"/alignment="weak.xml"/' "$tmp/facing.xml"
out=$("$BK" build --strict "$tmp/facing.xml" "$tmp/en.xml" "$tmp/vi.xml" -o "$tmp/weak.pdf" 2>&1); rc=$?
check "the build warns of the weak link and goes on (exit $rc)" \
  bash -c "test $rc = 0 && grep -q 'warning: weak link' <<<'$out' && grep -q 'warning: missing link' <<<'$out'"

# the seed texts
if [ -s out/xml/vi.xml ] && [ -s out/xml/zh.xml ] && [ -s out/xml/en.xml ]; then
  "$BK" align out/xml/vi.xml out/xml/zh.xml out/xml/en.xml --glossary sources/glossary.xml \
    --places sources/places.xml -o "$tmp/seeds.xml" 2>/dev/null
  check "seeds: a proposal" test -s "$tmp/seeds.xml"
  check "seeds: valid" "$BK" validate -q "$tmp/seeds.xml" out/xml/vi.xml out/xml/zh.xml out/xml/en.xml
  check "seeds: four groups (all three, each pair)" test "$(grep -c '<linkGrp ' "$tmp/seeds.xml")" = 4
  check "seeds: the conventions of 24-25 October linked" \
    grep -q 'anchors: 1860, treaty_tientsin, convention_peking' "$tmp/seeds.xml"
  out=$("$BK" align --check sources/alignment.xml out/xml/vi.xml out/xml/zh.xml out/xml/en.xml 2>&1)
  check "seeds: the shipped alignment checks clean ($out)" \
    test "$out" = "sources/alignment.xml: 0 weak links, 0 missing links"
else
  bad "out/xml/{vi,zh,en}.xml missing: run make first"
fi

echo "align: $pass passed, $fail failed"
[ $fail -eq 0 ]
