#!/usr/bin/env bash
# booklet watch: builds a text of the test's own, rebuilds when it is
# edited (the new PDF has the new words), keeps the last good PDF when an
# edit breaks the build (and says so), rebuilds when it is mended, and
# follows a file the build read that is not on the command line (the
# layout's fonts configuration... here: the layout itself).
# Prints "watch: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=$PWD/build/booklet
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: watch: $*"; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp"
cat >lesson.txt <<'TXT'
The Red River

The Red River rises in Yunnan and reaches the sea south of Hai Phong.
TXT
cat >layout.xml <<'XML'
<layout extends="handout">
  <page size="A5"/>
</layout>
XML
# waits up to 20 s for the log to hold N lines matching RE
wait_log() {
  for _ in $(seq 200); do
    [ "$(grep -cE "$2" watch.log)" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}
text() { pdftotext lesson.pdf - 2>/dev/null | tr -s ' \n' ' '; }

"$BK" watch --lang en layout.xml lesson.txt >watch.log 2>&1 &
pid=$!
wait_log 1 'built lesson\.pdf' && ok || bad "no first build: $(cat watch.log)"
text | grep -q "south of Hai Phong" && ok || bad "first PDF lacks the text"

echo "Its delta has been farmed for two thousand years." >>lesson.txt
t0=$(date +%s%N)
wait_log 2 'built lesson\.pdf' && ok || bad "no rebuild after an edit: $(cat watch.log)"
t1=$(date +%s%N)
echo "watch: rebuilt $(( (t1 - t0) / 1000000 )) ms after the edit"
text | grep -q "two thousand years" && ok || bad "the rebuilt PDF lacks the new words"

cp lesson.pdf good.pdf
printf 'The Red River\n\nBroken \xff byte.\n' >lesson.txt
wait_log 1 'failed: ' && ok || bad "a broken edit is not reported: $(cat watch.log)"
grep -q 'lesson\.txt:3:[0-9]*: error' watch.log && ok || bad "the failure has no position: $(cat watch.log)"
cmp -s good.pdf lesson.pdf && ok || bad "the last good PDF was not kept"

printf 'The Red River\n\nMended text.\n' >lesson.txt
wait_log 3 'built lesson\.pdf' && ok || bad "no rebuild after mending: $(cat watch.log)"
text | grep -q "Mended text" && ok || bad "the mended PDF lacks the text"

# an editor's save of the layout (write a new file, rename it over)
printf '<layout extends="handout">\n  <page size="A4"/>\n</layout>\n' >layout.xml.new
mv layout.xml.new layout.xml
wait_log 4 'built lesson\.pdf' && ok || bad "no rebuild after the layout changed: $(cat watch.log)"
pdfinfo lesson.pdf 2>/dev/null | grep -q 'Page size: *595' && ok || bad "the PDF is not A4 after the layout edit"

kill "$pid"; wait "$pid" 2>/dev/null; pid=
echo "watch: $pass passed, $fail failed"
[ $fail -eq 0 ]
