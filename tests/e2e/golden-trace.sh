#!/usr/bin/env bash
# Golden traces of single pages: builds a table page, a campaign map page, a
# timeline page and a page of the three-column parallel edition with
# `booklet build --trace`, cuts the one page out of each trace (a page runs
# from its "page N WxH label=L" line to the next "page " line) and diffs it
# against tests/golden/trace/NAME.txt. The trace rounds coordinates to 0.1 pt,
# so a diff is a real change of glyphs, positions or paths.
# UPDATE_GOLDEN=1 rewrites the golden files instead (look at the pages first:
# pdftoppm -r 100 -png -f N -l N). Prints "golden-trace: N passed, N failed".
#
# Inputs are the tests' own (tests/data/trace/: layouts naming
# tests/unit/fonts.xml, a short table, nine events); the map reads the
# repository's sources/ and the parallel page the ingested out/xml/*.xml,
# as `make` builds them.
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
GOLDEN=tests/golden/trace
D=tests/data/trace
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# build NAME LAYOUT SOURCE...: writes $tmp/NAME.trace (and .pdf)
build() {
  local name=$1; shift
  if ! "$BK" build --strict --trace "$tmp/$name.trace" "$@" -o "$tmp/$name.pdf" \
       >"$tmp/$name.log" 2>&1; then
    bad "$name: build failed"; sed 's/^/  /' "$tmp/$name.log"
    return 1
  fi
}

# page TRACE N: the lines of page N
page() { awk -v n="$2" '/^page / { on = ($2 == n) } on' "$1"; }

# golden NAME TRACE N: page N of TRACE against $GOLDEN/NAME.txt
golden() {
  local name=$1 want=$GOLDEN/$1.txt
  page "$2" "$3" > "$tmp/$name.page"
  if [ ! -s "$tmp/$name.page" ]; then bad "$name: no page $3 in the trace"; return; fi
  if [ -n "${UPDATE_GOLDEN:-}" ]; then
    cp "$tmp/$name.page" "$want"; echo "golden-trace: wrote $want"; ok; return
  fi
  if diff -u "$want" "$tmp/$name.page" > "$tmp/$name.diff"; then
    ok
  else
    bad "$name: page $3 differs from $want (UPDATE_GOLDEN=1 rewrites it)"
    head -200 "$tmp/$name.diff"
  fi
}

# table.xml is page 1; the layout's parts add the map (2) and the timeline (3)
if build handout "$D/handout.xml" "$D/table.xml"; then
  golden table "$tmp/handout.trace" 1
  golden map "$tmp/handout.trace" 2
  golden timeline "$tmp/handout.trace" 3
fi
if build parallel "$D/parallel.xml" out/xml/vi.xml out/xml/zh.xml out/xml/en.xml; then
  golden parallel "$tmp/parallel.trace" 1
fi

echo "golden-trace: $pass passed, $fail failed"
[ $fail -eq 0 ]
