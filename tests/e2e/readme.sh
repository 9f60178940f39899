#!/usr/bin/env bash
# Runs the README's parallel-edition example exactly as written there and
# checks the result: the PDF exists, is sound, and its aligned passages start
# level. Prints "readme: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# the sh block that follows the example marker
awk '/<!-- example:two-texts/ { on = 1; next } on && /^```sh/ { code = 1; next }
     code && /^```/ { exit } code { print }' README.md > "$tmp/example.sh"
check "README has the example" test -s "$tmp/example.sh"
rm -f out/example/kowloon.pdf
check "the example runs" bash -e "$tmp/example.sh" >/dev/null
pdf=out/example/kowloon.pdf
check "example PDF made" test -s "$pdf"
check "example PDF: qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null 2>&1"
build/booklet build --trace "$tmp/k.trace" examples/two-texts/facing.xml \
  out/example/kowloon-en.xml out/example/kowloon-vi.xml -o "$tmp/k.pdf" 2>/dev/null
for pair in "en.p_f74qs vi.p_9q5s4" "en.p_ec88k vi.p_grhbw" "en.p_7yt2i vi.p_idfzr"; do
  set -- $pair
  a=$(awk -v id="$1" '/^page /{p=$2} $1=="anchor"&&$2==id{print int(p/2), $3; exit}' "$tmp/k.trace")
  b=$(awk -v id="$2" '/^page /{p=$2} $1=="anchor"&&$2==id{print int(p/2), $3; exit}' "$tmp/k.trace")
  check "example: $1 and $2 start level ($a / $b)" test -n "$a" -a "$a" = "$b"
done
check "example: Vietnamese text comes back" bash -c "pdftotext '$pdf' - | tr -s ' \n' '  ' | grep -q 'Điều ước Bắc Kinh, ký vào tháng 10 năm 1860'"
echo "readme: $pass passed, $fail failed"
[ $fail -eq 0 ]
