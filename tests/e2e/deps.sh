#!/usr/bin/env bash
# --deps: each booklet run writes the files it read as a Make rule
# (out/deps/*.d, included by the Makefile), so a change to any input
# rebuilds exactly the outputs that read it. Checked with `make -W FILE -n`
# (what would run if FILE changed; nothing is touched) for each kind of
# input: geodata, a layout included by others, the fonts configuration, the
# alignment, a source's rules, a neutral layout only one edition extends. Also
# checks a dependency file of a build outside the project: a user's own
# layout that extends the neutral one and names its own fonts file.
# Prints "deps: N passed, N failed". Needs `make` to have run.
set -u
cd "$(dirname "$0")/../.."
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: deps: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

would_build() {
  make -W "$1" -n 2>/dev/null | grep -oE -- '(-o|--reading) out/[a-z0-9-]+\.pdf|-o out/xml/[a-z]+\.xml' |
    awk '{print $2}' | sort | tr '\n' ' ' | sed 's/ $//'
}
H="out/handout-en.pdf out/handout-vi.pdf out/handout-zh.pdf"
P="out/parallel-vi-zh-en.pdf out/parallel-zh-en.pdf"
expect_rebuild() {
  local got; got=$(would_build "$1")
  [ "$got" = "$2" ] && ok || bad "a change to $1 rebuilds [$got], expected [$2]"
}
[ -s out/deps/handout-vi.d ] && ok || bad "out/deps/handout-vi.d missing (run make first)"
expect_rebuild sources/geo/campaign_land.gmt "$H"
expect_rebuild sources/maps/overview.xml "$H"
expect_rebuild layouts/handout.xml "$H $P"
expect_rebuild layouts/facing.xml "out/parallel-zh-en.pdf"
expect_rebuild fonts/fonts.xml "$H $P"
expect_rebuild sources/alignment.xml "$P"
expect_rebuild sources/vi-opium-war-end.rules "out/handout-vi.pdf out/parallel-vi-zh-en.pdf out/xml/vi.xml"
expect_rebuild sources/catalog.xml "$H $P out/xml/en.xml out/xml/vi.xml out/xml/zh.xml"
expect_rebuild /usr/share/hyphen/hyph_en_US.dic "out/handout-en.pdf $P"   # English text only
make -q && ok || bad "make -q: the tree is not up to date after make"

# a user's own project: the rule lists her layout, the neutral layout it
# extends, her fonts file and the font files, her text; targets first
mkdir -p "$tmp/p"
sed 's#href="[^"]*"##' fonts/fonts.xml >"$tmp/p/my-fonts.xml"
printf '<layout extends="handout">\n  <fonts href="my-fonts.xml"/>\n</layout>\n' >"$tmp/p/layout.xml"
printf 'A Title\n\nSome text of my own.\n' >"$tmp/p/my lesson.txt"
(cd "$tmp/p" && "$OLDPWD/build/booklet" build --lang en layout.xml "my lesson.txt" \
   -o out.pdf --deps out.d) >"$tmp/err" 2>&1 && ok || bad "own build: $(cat "$tmp/err")"
d=$tmp/p/out.d
head -1 "$d" | grep -q '^out.pdf:' && ok || bad "the rule does not start with the target: $(head -1 "$d")"
for want in 'layout.xml' 'my\\ lesson.txt' 'my-fonts.xml' 'layouts/handout.xml' 'NotoSerif-Regular.ttf'; do
  grep -q -- "$want" "$d" && ok || bad "$d lacks $want"
done
(cd "$tmp/p" && printf 'out.pdf:\n\t@echo rebuilt\n-include out.d\n' >mk && make -s -f mk -W my-fonts.xml) |
  grep -q rebuilt && ok || bad "make does not read $d"

echo "deps: $pass passed, $fail failed"
[ $fail -eq 0 ]
