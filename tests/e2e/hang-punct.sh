#!/usr/bin/env bash
# End-to-end check of hanging punctuation (issue 16, deliver 4): with a
# style's hang-punctuation="yes", a pause or stop mark (、，。．：；！？) or a
# closing bracket or quote that ends a line of justified Chinese hangs
# outside the measure: its glyph lies beyond the right edge of the text
# block, by at most an em, while every other line that is not a paragraph's
# last ends on that edge. Without the attribute (the default) no glyph
# passes the edge: such a mark is set half width inside the measure.
# Reads the glyph positions of a PDF with pdftotext -bbox-layout, on a
# Chinese text of the test's own. Prints "hang-punct: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# short clauses, so that many lines end at a comma or a full stop
{
  echo "河边小记"
  echo
  for i in 1 2 3 4 5 6; do
    printf '清晨的河边很安静，雾气慢慢散开。渔船一只接一只地离岸，船夫低声说话，'
    printf '水鸟在芦苇中起落。远处的村子升起炊烟，狗叫了几声，又安静下来；'
    printf '孩子们沿着堤岸跑过，手里拿着刚摘的野花！谁会想到，这里曾是战场？'
    printf '老人说，那一年河水是红的，桥也断了。如今桥已修好，行人来来往往、'
    printf '说说笑笑，没有人再提起旧事。\n\n'
  done
} > "$tmp/river.txt"
"$BK" ingest --lang zh-Hans "$tmp/river.txt" -o "$tmp/river.xml" 2>"$tmp/ingest.err" ||
  { cat "$tmp/ingest.err"; echo "hang-punct: 0 passed, 1 failed"; exit 1; }

layout() { # layout FILE HANG
  cat > "$1" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<layout name="hang-test" extends="$PWD/layouts/handout.xml">
  <front cover="no" contents="no"/>
  <back colophon="no"/>
  <style name="body" lang="zh" size="10pt" leading="16pt" hang-punctuation="$2"/>
</layout>
EOF
}
layout "$tmp/hang.xml" yes
layout "$tmp/flat.xml" no

# ink FILE.pdf: the right end of the ink of every line of text on the
# first page, in pt from the left edge of the page, one a line: the page is
# rendered (pdftoppm, 288 dpi, grey) and cut into lines where rows without
# ink separate them (the folio's line too). The glyph outlines are what a
# reader sees; pdftotext's word boxes are font advances, not ink.
ink() {
  pdftoppm -r 288 -gray -f 1 -l 1 "$1" "$tmp/page" &&
  /usr/bin/python3 - "$tmp"/page*.pgm <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]); w, h = im.size; px = im.load()
dark = [[x for x in range(w) if px[x, y] < 128] for y in range(h)]
y = 0
while y < h:
    if not dark[y]:
        y += 1; continue
    right = 0
    while y < h and dark[y]:
        right = max(right, dark[y][-1]); y += 1
    print("%.2f" % ((right + 1) * 72 / 288))
PY
  rm -f "$tmp"/page*.pgm
}

for v in hang flat; do
  if ! "$BK" build --strict "$tmp/$v.xml" "$tmp/river.xml" -o "$tmp/$v.pdf" \
       >"$tmp/$v.log" 2>&1; then
    bad "$v: build failed"; sed 's/^/  /' "$tmp/$v.log"
    echo "hang-punct: $pass passed, $fail failed"; exit 1
  fi
  ink "$tmp/$v.pdf" > "$tmp/$v.ink"
done

# The text block's right edge: the ink of most lines ends within a hair of
# it (a Han character's ink stops a little inside its em); the body is 10pt.
em=10
edge=$(sort -n "$tmp/flat.ink" | awk '{ v[NR] = $1 } END { print v[int(NR * 0.8)] }')
# beyond FILE: lines whose ink passes the edge by 0.2 em or more, and by
# more than an em (nothing hangs that far)
beyond() { awk -v e="$edge" -v em=$em '$1 > e + 0.2 * em { n++ } $1 > e + em { far++ }
                                       END { print n + 0, far + 0 }' "$1"; }
read -r h_out h_far < <(beyond "$tmp/hang.ink")
read -r f_out f_far < <(beyond "$tmp/flat.ink")
if [ "$h_out" -ge 3 ]; then ok; else bad "hang-punctuation=yes: $h_out lines hang a mark beyond the edge (want at least 3)"; fi
if [ "$h_far" -eq 0 ]; then ok; else bad "hang-punctuation=yes: $h_far lines pass the edge by more than an em"; fi
if [ "$f_out" -eq 0 ]; then ok; else bad "hang-punctuation=no: $f_out lines pass the right edge (${edge}pt)"; fi
# the edge is the measure's: the same lines end on it either way
same_h=$(awk -v e="$edge" '$1 > e - 1 && $1 <= e + 0.5 { n++ } END { print n + 0 }' "$tmp/hang.ink")
if [ "$same_h" -ge 10 ]; then ok; else bad "hang-punctuation=yes: only $same_h lines end on the edge (${edge}pt)"; fi

echo "hang-punct: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
