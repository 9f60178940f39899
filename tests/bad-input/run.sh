#!/usr/bin/env bash
# Bad-input suite: every command fed input it must refuse (or, for a few,
# accept), run under ASan/UBSan with leak detection (build/booklet-asan).
#
# Each case checks: the documented exit code (0 ok, 1 bad input, 2 usage,
# 3 internal), a message naming the file (and line:col where it applies),
# no crash or sanitizer report, no hang (timeout 20 s, less where a quick
# refusal is the point), no output file, a previous good output untouched
# and no temporary file left beside it.
#
# Small inputs live beside this script; large or binary ones are generated
# into a temporary folder. A case marked "xfail" is a known bug in a file
# this suite's owner may not edit (see its reproducer's comment): it is
# reported as XFAIL while it fails and as XPASS once fixed (then remove the
# mark). Prints "bad-input: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BKA=${BKA:-build/booklet-asan}   # every case runs under the sanitizers
export BK=${BK:-build/booklet}   # only to prepare inputs
D=tests/bad-input
export LC_ALL=C   # byte-wise tools: some inputs and names are not UTF-8
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86:${UBSAN_OPTIONS:-}"
export LSAN_OPTIONS="exitcode=86:${LSAN_OPTIONS:-}"
for b in "$BKA" "$BK"; do
  [ -x "$b" ] || { echo "bad-input: $b is missing (make $b)"; echo "bad-input: 0 passed, 1 failed"; exit 1; }
done

pass=0; fail=0; xfail=0; xpass=0; ncase=0
tmp=$(mktemp -d); trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
in=$tmp/in; mkdir -p "$in"

# expect [-x WHY] [-t SECS] [-c CHECK] NAME RC REGEX OUTNAME -- CMD...
#   RC      expected exit code; REGEX must match stderr (ERE, "" = any)
#   OUTNAME the output's file name ("-" = the command writes none); "@OUT"
#           in CMD stands for its path, in a fresh, empty folder
#   -x WHY  expected failure (a known bug elsewhere: WHY says where)
#   -t SECS time limit (default 20)
#   -c CHECK a shell command that must succeed afterwards; it sees $out
#           (the output path), $err (stderr) and $sout (stdout)
expect() {
  local why_x="" secs=20 post=""
  while :; do case $1 in
    -x) why_x=$2; shift 2;; -t) secs=$2; shift 2;; -c) post=$2; shift 2;;
    *) break;; esac; done
  local name=$1 want=$2 re=$3 outname=$4; shift 5
  ncase=$((ncase + 1))
  local dir=$tmp/case$ncase; mkdir -p "$dir"
  out=$dir/$outname
  local problems=""
  local args=() a
  for a in "$@"; do args+=("${a//@OUT/$out}"); done
  # run 1: no previous output
  run_once "$secs" "${args[@]}"
  problems=$(judge "$want" "$re")
  if [ -z "$problems" ] && [ "$outname" != - ]; then
    if [ "$want" -eq 0 ]; then
      [ -s "$out" ] || problems="no output written"
      local left; left=$(ls -A "$dir" | grep -vx -- "$outname")
      [ -z "$left" ] || problems="left behind: $left"
    else
      local left; left=$(ls -A "$dir")
      [ -z "$left" ] || problems="output or temporary left behind: $left"
    fi
  fi
  if [ -z "$problems" ] && [ -n "$post" ]; then
    bash -c "$post" _ >/dev/null 2>&1 || problems="check failed: $post"
  fi
  # run 2: a previous output exists and must stay untouched
  if [ -z "$problems" ] && [ "$outname" != - ] && [ "$want" -ne 0 ]; then
    printf 'previous good output\n' > "$out"
    run_once "$secs" "${args[@]}"
    problems=$(judge "$want" "$re")
    if [ -z "$problems" ]; then
      grep -qx 'previous good output' "$out" 2>/dev/null || problems="previous output was changed"
      local left; left=$(ls -A "$dir" | grep -vx -- "$outname")
      [ -z "$left" ] || problems="temporary left behind: $left"
    fi
  fi
  if [ -n "$why_x" ]; then
    if [ -n "$problems" ]; then
      xfail=$((xfail + 1)); echo "XFAIL: $name — $why_x [now: $problems]"
    else
      xpass=$((xpass + 1)); pass=$((pass + 1))
      echo "XPASS: $name — fixed? remove its xfail mark ($why_x)"
    fi
  elif [ -n "$problems" ]; then
    fail=$((fail + 1)); echo "FAIL: $name: $problems"
    printf '%s\n' "$err" | head -5 | sed 's/^/    | /'
  else
    pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok: $name"
  fi
  rm -rf "$dir"
  return 0
}

# Runs the command; sets rc, err, sout, elapsed (ms).
run_once() {
  local secs=$1; shift
  local t0 t1; t0=$(date +%s%N)
  sout=$(timeout -k 5 "$secs" "$@" 2>"$tmp/stderr"); rc=$?
  t1=$(date +%s%N); elapsed=$(((t1 - t0) / 1000000))
  err=$(head -c 20000 "$tmp/stderr")
  export out err sout
}

# Prints what is wrong with the last run (nothing when all is well).
judge() {
  local want=$1 re=$2
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "hang: killed after the time limit ($elapsed ms)"; return; fi
  if grep -qE 'Sanitizer|runtime error:' <<<"$err"; then
    echo "sanitizer: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' <<<"$err")"; return; fi
  if [ "$rc" -ge 128 ] || [ "$rc" -eq 86 ]; then echo "crash: exit $rc"; return; fi
  if [ "$rc" -ne "$want" ]; then echo "exit $rc, expected $want"; return; fi
  if [ "$want" -ne 0 ] && ! grep -qE 'error: |"severity":"error"' <<<"$err"; then echo "no error message"; return; fi
  if [ -n "$re" ] && ! grep -qE -- "$re" <<<"$err"; then echo "message does not match /$re/"; return; fi
}

# ---- inputs -----------------------------------------------------------------
# A valid TEI document (and the raw text it comes from).
src=sources/en-battle-of-baliqiao.txt
"$BK" ingest "$src" -o "$in/en.xml" 2>/dev/null || { echo "bad-input: cannot ingest $src"; echo "bad-input: 0 passed, 1 failed"; exit 1; }
good=$in/en.xml
L=layouts/handout.xml
export in src good   # for the -c checks

: > "$in/empty.txt"
printf '  \n\n\t \n\n' > "$in/blank.txt"
printf 'Title\n\nGood line\nbad \xff byte here\n' > "$in/badutf8.txt"
printf 'Title\n\nan overlong \xc0\xaf slash\n' > "$in/overlong.txt"
printf 'Title\n\na surrogate \xed\xa0\x80 here\n' > "$in/surrogate.txt"
printf 'Title\n\ncut off at the end \xe1\x80' > "$in/truncseq.txt"
printf 'Title\n\nab\0cd\n' > "$in/nul.txt"
printf 'Title\n\nbell \a here\n' > "$in/control.txt"
printf '\xef\xbb\xbfA Title\r\n\r\nThe first paragraph, with a BOM and CRLF line ends.\r\nThe second one.\r\n' > "$in/bom-crlf.txt"
printf 'A Title\r\rThe first paragraph, with old Mac line ends.\rThe second one.\r' > "$in/cr.txt"
printf 'A Title\r\rOld Mac line ends, then a bad \xff byte.\r' > "$in/cr-badutf8.txt"
printf 'A Title\r\n\r\nCRLF line ends, then a bad \xff byte.\r\n' > "$in/crlf-badutf8.txt"
# a binary file: an ELF header and pseudo-random bytes (fixed seed)
{ printf '\x7fELF\x02\x01\x01\x00'; awk 'BEGIN { srand(7); for (i = 0; i < 4096; i++) printf "%c", int(rand() * 256) }'; } > "$in/binary.txt"
# binary without NUL bytes: only high bytes
awk 'BEGIN { srand(9); for (i = 0; i < 4096; i++) printf "%c", 128 + int(rand() * 128) }' > "$in/highbytes.txt"
# one 2 MiB line (words, so it can break): over the paragraph limit
awk 'BEGIN { s = "lorem ipsum dolor sit amet consectetur adipiscing elit "; while (length(t) < 2097152) t = t s; print substr(t, 1, 2097152) }' > "$in/line-2mb.txt"
# a 900 KB line: under the paragraph limit, accepted
head -c 921600 "$in/line-2mb.txt" > "$in/line-900k.txt"; echo >> "$in/line-900k.txt"
# a wrapped paragraph (short lines, no blank line) over 1 MiB in all
awk 'BEGIN { for (i = 0; i < 20000; i++) print "this wrapped paragraph goes on and on, line after line, and" }' > "$in/wrapped-2mb.txt"
# a 20 000-character token with no break opportunity
{ echo "A Title"; echo; awk 'BEGIN { while (length(t) < 20000) t = t "x"; print t }'; } > "$in/token-20k.txt"
# the same in Han characters (each a break opportunity, but no spaces)
{ echo "标题"; echo; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "字"; print "" }'; } > "$in/han-20k.txt"
# just over the 16 MiB source limit
awk 'BEGIN { s = "word "; for (i = 0; i < 16; i++) s = s s; while (n <= 16777216) { printf "%s\n", s; n += length(s) + 1 } }' > "$in/huge.txt"
mkdir -p "$in/adir.txt"
# file names the TEI header cannot record (they name the source in idno)
cp "$in/bom-crlf.txt" "$in/latin1-$(printf '\xe9').txt"
cp "$in/bom-crlf.txt" "$in/ctrl-$(printf '\x01').txt"

# XML
: > "$in/empty.xml"
printf '  \n\n' > "$in/blank.xml"
head -c "$(($(wc -c < "$good") / 2))" "$good" > "$in/truncated.xml"
awk 'BEGIN { n = 100000; printf "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">"; for (i = 0; i < n; i++) printf "<div>"; for (i = 0; i < n; i++) printf "</div>"; print "</TEI>" }' > "$in/deep.xml"
sed '3s/<text /<text n="caf\xe9" /' "$good" > "$in/badutf8.xml"
grep -q 'caf' "$in/badutf8.xml" || sed -i '3s/$/ \xff/' "$in/badutf8.xml"
printf '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>a\0b</text></TEI>\n' > "$in/nul.xml"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$good"; } > "$in/bom-crlf.xml"
cp "$in/binary.txt" "$in/binary.xml"
truncate -s 70M "$in/huge.xml"   # sparse: larger than the 64 MiB XML limit
# layouts made from a minimal good one (fonts path made absolute)
lay() { sed "s|../../fonts/fonts.xml|$PWD/fonts/fonts.xml|; $2" "$D/layout-base.xml" > "$in/$1"; }
lay nan-width.xml 's|width="148mm"|width="nanmm"|'
lay inf-height.xml 's|height="210mm"|height="infmm"|'
lay no-unit.xml 's|width="148mm"|width="148"|'
lay margins-eat-page.xml 's|inner="17mm"|inner="140mm"|'
lay huge-size.xml 's|size="10.5pt" leading="14.5pt" align="justify"|size="1e300pt" leading="14.5pt" align="justify"|'
lay good.xml ''
lay no-fonts.xml 's|<fonts href="[^"]*"/>||'
lay no-fonts-href.xml 's|<fonts href="[^"]*"/>|<fonts/>|'
lay fonts-gone.xml "s|$PWD/fonts/fonts.xml|$in/nothere-fonts.xml|"
lay bad-align.xml 's|align="justify"|align="sideways"|'
printf '<?xml version="1.0"?>\n<notalayout/>\n' > "$in/wrong-root-layout.xml"
printf '<?xml version="1.0"?>\n<layout>\n  <page width="148mm"\n</layout>\n' > "$in/malformed-layout.xml"
sed 's|index="0"|index="4294967296"|' fonts/fonts.xml > "$in/fonts-index.xml"
lay bad-index.xml "s|$PWD/fonts/fonts.xml|$in/fonts-index.xml|"
sed 's|faces="serif serif-cjk-sc"|faces="serif nosuchface"|' fonts/fonts.xml > "$in/fonts-unknown-face.xml"
lay unknown-face.xml "s|$PWD/fonts/fonts.xml|$in/fonts-unknown-face.xml|"
mkdir -p "$in/ro"
sed "s|/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf|$in/ro|" fonts/fonts.xml > "$in/fonts-dir.xml"
lay font-is-dir.xml "s|$PWD/fonts/fonts.xml|$in/fonts-dir.xml|"
# a TEI document needing more than BK_MAX_PAGES on tiny pages (500 KB)
awk 'BEGIN { s = "lorem ipsum dolor sit amet consectetur adipiscing elit "; while (length(t) < 100000) t = t s; t = substr(t, 1, 100000); for (i = 0; i < 5; i++) print "<p>" t "</p>" }' > "$in/paras.txt"
awk -v f="$in/paras.txt" '/<p>Some text.<\/p>/ { while ((getline l < f) > 0) print l; next } { print }' "$D/tei-min.xml" > "$in/pages.xml"
# a TEI document with one 2 MiB paragraph (past the paragraph limit)
awk -v f="$in/line-2mb.txt" '/<p>Some text.<\/p>/ { getline big < f; sub(/Some text\./, big) } { print }' "$D/tei-min.xml" > "$in/p-2mb.xml"

X='[^:]*'   # a path without colons

# ---- ingest -------------------------------------------------------------------
ING=("$BKA" ingest --lang en)
expect "ingest: empty file"            1 'empty\.txt: error: .*empty'            o.xml -- "${ING[@]}" "$in/empty.txt" -o @OUT
expect "ingest: blank file"            1 'blank\.txt: error: .*no text'          o.xml -- "${ING[@]}" "$in/blank.txt" -o @OUT
expect "ingest: invalid UTF-8"         1 'badutf8\.txt:4:5: error: .*UTF-8'      o.xml -- "${ING[@]}" "$in/badutf8.txt" -o @OUT
expect "ingest: overlong UTF-8"        1 'overlong\.txt:3:13: error: .*UTF-8'    o.xml -- "${ING[@]}" "$in/overlong.txt" -o @OUT
expect "ingest: UTF-8 surrogate"       1 'surrogate\.txt:3:13: error: .*UTF-8'   o.xml -- "${ING[@]}" "$in/surrogate.txt" -o @OUT
expect "ingest: truncated sequence"    1 'truncseq\.txt:3:20: error: .*UTF-8'    o.xml -- "${ING[@]}" "$in/truncseq.txt" -o @OUT
expect "ingest: invalid UTF-8, CR lines" 1 'cr-badutf8\.txt:3:31: error: .*UTF-8' o.xml -- "${ING[@]}" "$in/cr-badutf8.txt" -o @OUT
expect "ingest: invalid UTF-8, CRLF lines" 1 'crlf-badutf8\.txt:3:28: error: .*UTF-8' o.xml -- "${ING[@]}" "$in/crlf-badutf8.txt" -o @OUT
expect "ingest: NUL byte"              1 'nul\.txt:3:3: error: NUL'              o.xml -- "${ING[@]}" "$in/nul.txt" -o @OUT
expect "ingest: control character"     1 'control\.txt:3:6: error: .*U\+0007'    o.xml -- "${ING[@]}" "$in/control.txt" -o @OUT
expect "ingest: binary file"           1 'binary\.txt:1:[0-9]+: error: '         o.xml -- "${ING[@]}" "$in/binary.txt" -o @OUT
expect "ingest: binary, no NUL"        1 'highbytes\.txt:1:1: error: .*UTF-8'    o.xml -- "${ING[@]}" "$in/highbytes.txt" -o @OUT
expect "ingest: source over 16 MiB"    1 'huge\.txt: error: .*larger than the limit' o.xml -- "${ING[@]}" "$in/huge.txt" -o @OUT
expect "ingest: missing source"        1 'nothere\.txt: error: cannot open: No such file' o.xml -- "${ING[@]}" "$in/nothere.txt" -o @OUT
expect "ingest: source is a folder"    1 'adir\.txt: error: .*directory'         o.xml -- "${ING[@]}" "$in/adir.txt" -o @OUT
expect "ingest: file name not UTF-8"   1 'latin1-<0xE9>\.txt: error: the file name is not UTF-8' o.xml -- "${ING[@]}" "$in/latin1-$(printf '\xe9').txt" -o @OUT
expect "ingest: file name with a control character" 1 'ctrl-<U\+0001>\.txt: error: the file name' o.xml -- "${ING[@]}" "$in/ctrl-$(printf '\x01').txt" -o @OUT
expect "ingest: 2 MiB line (paragraph limit)" 1 'line-2mb\.txt:1:1048577: error: .*paragraph.*limit' o.xml -- "${ING[@]}" "$in/line-2mb.txt" -o @OUT
expect "ingest: 1 MiB wrapped paragraph"      1 'wrapped-2mb\.txt:[0-9]+:[0-9]+: error: .*paragraph.*limit' o.xml -- "${ING[@]}" "$in/wrapped-2mb.txt" -o @OUT
expect -c '"$BK" validate "$out"' \
       "ingest: BOM and CRLF accepted" 0 '' o.xml -- "${ING[@]}" "$in/bom-crlf.txt" -o @OUT
expect -c '! grep -q $'"'"'\r'"'"' "$out" && ! grep -q $'"'"'\xef\xbb\xbf'"'"' "$out" && grep -q "The second one." "$out" && grep -q "subtype=\"bom\"" "$out" && grep -q "2 CRLF line ends\|CRLF" "$out"' \
       "ingest: BOM and CRLF removed and logged" 0 '' o.xml -- "${ING[@]}" "$in/bom-crlf.txt" -o @OUT
expect -c 'grep -q "The second one." "$out"' \
       "ingest: lone CR line ends accepted" 0 '' o.xml -- "${ING[@]}" "$in/cr.txt" -o @OUT
expect -c '"$BK" validate "$out"' \
       "ingest: 900 KB line accepted"  0 '' o.xml -- "${ING[@]}" "$in/line-900k.txt" -o @OUT
expect -c '"$BK" validate "$out"' \
       "ingest: 20 000-char token"     0 '' o.xml -- "${ING[@]}" "$in/token-20k.txt" -o @OUT
expect "ingest: unwritable folder"     1 '/nonexistent/dir/o\.xml: error: cannot create output' - -- "${ING[@]}" "$src" -o /nonexistent/dir/o.xml
expect "ingest: output is a folder"    1 'ro: error: ' - -- "${ING[@]}" "$src" -o "$in/ro"
cp "$src" "$in/same.txt"
expect -c 'cmp -s "$src" "$in/same.txt"' \
       "ingest: -o is the source itself" 2 'same\.txt: error: ' - -- "${ING[@]}" "$in/same.txt" -o "$in/same.txt"
expect "ingest: no -o (usage)"         2 'usage'                                 - -- "$BKA" ingest --lang en "$src"
expect "ingest: unknown option"        2 'unknown option --frobnicate'           - -- "$BKA" ingest --frobnicate "$src" -o /dev/null
# no --lang, no catalog entry: guessed from the letters; a text without
# letters gives nothing to guess from
printf '1860 - 1862\n\n42.\n' > "$in/no-letters.txt"
expect "ingest: no language to guess"  2 'no language for this source: give --lang' o.xml -- "$BKA" ingest "$in/no-letters.txt" -o @OUT
expect "ingest: bad language tag"      2 'not a BCP 47'                          o.xml -- "$BKA" ingest --lang 'en_US!' "$src" -o @OUT
expect "ingest: missing rules file"    1 'nothere\.rules: error: cannot open'    o.xml -- "${ING[@]}" --rules "$in/nothere.rules" "$src" -o @OUT
printf 'replace a "x" -> "y"\nreplace b "unterminated -> "z"\n' > "$in/bad.rules"
expect "ingest: malformed rules file"  1 'bad\.rules:2:[0-9]+: error: '          o.xml -- "${ING[@]}" --rules "$in/bad.rules" "$src" -o @OUT
printf 'replace a "\xff" -> "y"\n' > "$in/badutf8.rules"
expect "ingest: rules not UTF-8"       1 'badutf8\.rules:1:[0-9]+: error: .*UTF-8' o.xml -- "${ING[@]}" --rules "$in/badutf8.rules" "$src" -o @OUT
expect "ingest: rules with a control character (fuzz)" 1 'rules-control-char\.rules:4:19: error: control character U\+0005' o.xml -- "${ING[@]}" --rules "$D/rules-control-char.rules" "$src" -o @OUT
expect "ingest: rules escape to a control character" 1 'rules-escape-control\.rules:2:19: error: bad \\u' o.xml -- "${ING[@]}" --rules "$D/rules-escape-control.rules" "$src" -o @OUT
expect "ingest: malformed catalog"     1 'malformed\.xml:3:[0-9]+: error: '      o.xml -- "$BKA" ingest --catalog "$D/malformed.xml" "$src" -o @OUT
expect "ingest: catalog with XXE"      1 'xxe\.xml:4:[0-9]+: error: entity declarations are not allowed' o.xml -- "$BKA" ingest --catalog "$D/xxe.xml" "$src" -o @OUT

# ---- validate and text (XML) ------------------------------------------------
for cmd in validate text; do
  expect "$cmd: empty XML"          1 'empty\.xml: error: .*empty'                  - -- "$BKA" $cmd "$in/empty.xml"
  expect "$cmd: blank XML"          1 'blank\.xml:[0-9]+:[0-9]+: error: '          - -- "$BKA" $cmd "$in/blank.xml"
  expect "$cmd: malformed XML"      1 'malformed\.xml:3:[0-9]+: error: '           - -- "$BKA" $cmd "$D/malformed.xml"
  expect "$cmd: truncated XML"      1 'truncated\.xml:[0-9]+:[0-9]+: error: '      - -- "$BKA" $cmd "$in/truncated.xml"
  expect "$cmd: wrong root"         1 'wrong-root\.xml:2: error: '                 - -- "$BKA" $cmd "$D/wrong-root.xml"
  expect "$cmd: invalid UTF-8"      1 'badutf8\.xml:3:[0-9]+: error: '             - -- "$BKA" $cmd "$in/badutf8.xml"
  expect "$cmd: NUL byte"           1 'nul\.xml:3:[0-9]+: error: '                 - -- "$BKA" $cmd "$in/nul.xml"
  expect "$cmd: binary file"        1 'binary\.xml:1:[0-9]+: error: '              - -- "$BKA" $cmd "$in/binary.xml"
  expect -t 5 "$cmd: nested 100 000 deep" 1 'deep\.xml:1:[0-9]+: error: elements are nested more than 256 levels deep' - -- "$BKA" $cmd "$in/deep.xml"
  expect -c '! grep -q "root:" <<<"$err$sout"' \
         "$cmd: XXE (external entity)"  1 'xxe\.xml:4:[0-9]+: error: entity declarations are not allowed' - -- "$BKA" $cmd "$D/xxe.xml"
  expect -c '! grep -q "root:" <<<"$err$sout"' \
         "$cmd: XXE (parameter entity)" 1 'xxe-param\.xml:4:[0-9]+: error: entity declarations are not allowed' - -- "$BKA" $cmd "$D/xxe-param.xml"
  expect -c '! grep -q PWNED <<<"$err$sout"' \
         "$cmd: external DTD not read"  1 'xxe-dtd\.xml:[0-9]+(:[0-9]+)?: error: .*pwned' - -- "$BKA" $cmd "$D/xxe-dtd.xml"
  expect -t 2 "$cmd: billion laughs"    1 'bomb\.xml:5:[0-9]+: error: entity declarations are not allowed' - -- "$BKA" $cmd "$D/bomb.xml"
  expect "$cmd: over 64 MiB"        1 'huge\.xml: error: .*larger than the limit'  - -- "$BKA" $cmd "$in/huge.xml"
  expect "$cmd: missing file"       1 'nothere\.xml: error: cannot open'            - -- "$BKA" $cmd "$in/nothere.xml"
  expect "$cmd: BOM and CRLF"       0 ''                                           - -- "$BKA" $cmd "$in/bom-crlf.xml"
done
expect "validate: schema-invalid"   1 'schema-invalid\.xml:1[23](:[0-9]+)?: error: '            - -- "$BKA" validate "$D/schema-invalid.xml"
expect "validate: no file (usage)"  2 'usage'                                      - -- "$BKA" validate

# ---- build: bad documents ---------------------------------------------------
BLD=("$BKA" build "$L")
expect "build: malformed XML"       1 'malformed\.xml:3:[0-9]+: error: '           o.pdf -- "${BLD[@]}" "$D/malformed.xml" -o @OUT
expect "build: truncated XML"       1 'truncated\.xml:[0-9]+:[0-9]+: error: '      o.pdf -- "${BLD[@]}" "$in/truncated.xml" -o @OUT
expect "build: wrong root"          1 'wrong-root\.xml:2: error: '                 o.pdf -- "${BLD[@]}" "$D/wrong-root.xml" -o @OUT
expect "build: schema-invalid"      1 'schema-invalid\.xml:1[23](:[0-9]+)?: error: '            o.pdf -- "${BLD[@]}" "$D/schema-invalid.xml" -o @OUT
expect -t 5 "build: nested 100 000 deep" 1 'deep\.xml:1:[0-9]+: error: elements are nested' o.pdf -- "${BLD[@]}" "$in/deep.xml" -o @OUT
expect -c '! grep -q "root:" <<<"$err$sout"' \
       "build: XXE"                 1 'xxe\.xml:4:[0-9]+: error: entity declarations are not allowed' o.pdf -- "${BLD[@]}" "$D/xxe.xml" -o @OUT
expect -t 2 "build: billion laughs" 1 'bomb\.xml:5:[0-9]+: error: entity declarations are not allowed' o.pdf -- "${BLD[@]}" "$D/bomb.xml" -o @OUT
expect "build: empty XML"           1 'empty\.xml: error: '                        o.pdf -- "${BLD[@]}" "$in/empty.xml" -o @OUT
expect "build: binary file"         1 'binary\.xml:1:[0-9]+: error: '              o.pdf -- "${BLD[@]}" "$in/binary.xml" -o @OUT
expect "build: missing source"      1 'nothere\.xml: error: cannot open'           o.pdf -- "${BLD[@]}" "$in/nothere.xml" -o @OUT
expect "build: a later source bad"  1 'malformed\.xml:3:[0-9]+: error: '           o.pdf -- "${BLD[@]}" "$good" "$D/malformed.xml" -o @OUT
expect "build: unwritable folder"   1 '/nonexistent/dir/o\.pdf: error: '           - -- "${BLD[@]}" "$good" -o /nonexistent/dir/o.pdf
expect "build: trace unwritable"    1 '/nonexistent/dir/t\.txt: error: '           o.pdf -- "${BLD[@]}" "$good" --trace /nonexistent/dir/t.txt -o @OUT
expect "build: output is a folder"  1 'ro: error: '                                - -- "${BLD[@]}" "$good" -o "$in/ro"
cp "$good" "$in/same.xml"
expect -c 'cmp -s "$good" "$in/same.xml"' \
       "build: -o is the source itself" 2 'same\.xml: error: ' - -- "${BLD[@]}" "$in/same.xml" -o "$in/same.xml"
expect "build: no arguments (usage)" 2 'usage'                                     - -- "$BKA" build
expect "build: unknown option"      2 'unknown option'                             - -- "$BKA" build --frobnicate "$L" "$good" -o /dev/null
expect -c 'qpdf --check "$out"' \
       "build: BOM and CRLF XML"    0 ''                                           o.pdf -- "${BLD[@]}" "$in/bom-crlf.xml" -o @OUT

# long paragraphs and tokens: ingested with the release build, typeset under
# the sanitizers
"$BK" ingest --lang en "$in/token-20k.txt" -o "$in/token-20k.xml" 2>/dev/null
"$BK" ingest --lang zh-Hans "$in/han-20k.txt" -o "$in/han-20k.xml" 2>/dev/null
"$BK" ingest --lang en "$in/line-900k.txt" -o "$in/line-900k.xml" 2>/dev/null
expect -c 'qpdf --check "$out" && grep -q "wider than" <<<"$err"' \
       "build: 20 000-char token"   0 ''                                           o.pdf -- "${BLD[@]}" "$in/token-20k.xml" -o @OUT
expect -c 'qpdf --check "$out"' \
       "build: 20 000 Han characters" 0 ''                                         o.pdf -- "$BKA" build --strict "$L" "$in/han-20k.xml" -o @OUT
expect "build: 2 MiB paragraph in TEI" 1 'p-2mb\.xml:13: error: .*paragraph'     o.pdf -- "${BLD[@]}" "$in/p-2mb.xml" -o @OUT
expect "build: more than 2000 pages" 1 'pages\.xml: error: .*more than 2000 pages' o.pdf -- "$BKA" build "$D/layout-tiny-page.xml" "$in/pages.xml" -o @OUT
expect -c 'qpdf --check "$out"' \
       "build: 900 KB paragraph"    0 ''                                           o.pdf -- "${BLD[@]}" "$in/line-900k.xml" -o @OUT

# ---- build: bad layouts and fonts ---------------------------------------------
lb() { local name=$1 re=$2 layout=$3; shift 3
       expect "$@" "layout: $name" 1 "$re" o.pdf -- "$BKA" build --strict "$layout" "$good" -o @OUT; }
expect -c 'qpdf --check "$out"' \
       "layout: the base layout is good" 0 '' o.pdf -- "$BKA" build --strict "$in/good.xml" "$good" -o @OUT
lb "negative margin"       'layout-negative-margin\.xml:4:[0-9]+: error: page inner must not be negative' "$D/layout-negative-margin.xml"
lb "zero page size"        'layout-zero-size\.xml:4: error: page size .* out of range'  "$D/layout-zero-size.xml"
lb "absurd page size"      'layout-absurd-size\.xml:4: error: page size .* out of range' "$D/layout-absurd-size.xml"
lb "NaN length"            'nan-width\.xml:[0-9]+(:[0-9]+)?: error: width="nanmm" is not a length' "$in/nan-width.xml"
lb "infinite length"       'inf-height\.xml:[0-9]+(:[0-9]+)?: error: height="infmm" is not a length' "$in/inf-height.xml"
lb "length without unit"   'no-unit\.xml:[0-9]+(:[0-9]+)?: error: width="148" is not a length'   "$in/no-unit.xml"
lb "margins eat the page"  'margins-eat-page\.xml:[0-9]+: error: margins leave'         "$in/margins-eat-page.xml"
lb "absurd font size"      'huge-size\.xml:[0-9]+:[0-9]+: error: font size .* out of range'    "$in/huge-size.xml"
lb "bad align"             'bad-align\.xml:[0-9]+:[0-9]+: error: align="sideways"'             "$in/bad-align.xml"
lb "<fonts> without href"  'no-fonts-href\.xml:[0-9]+:[0-9]+: error: <fonts> needs href'       "$in/no-fonts-href.xml"
# no <fonts> at all: the program's own fonts configuration (not an error)
expect -c 'qpdf --check "$out"' \
       "layout: no <fonts> uses the program's own" 0 '' o.pdf -- "$BKA" build --strict "$in/no-fonts.xml" "$good" -o @OUT
lb "wrong root"            'wrong-root-layout\.xml:2: error: root element must be <layout>' "$in/wrong-root-layout.xml"
lb "malformed"             'malformed-layout\.xml:[34]:[0-9]+: error: '                 "$in/malformed-layout.xml"
lb "XXE"                   'layout-xxe\.xml:3:[0-9]+: error: entity declarations are not allowed' "$D/layout-xxe.xml"
lb "missing layout"        'nothere-layout\.xml: error: cannot open'                    "$in/nothere-layout.xml"
lb "missing fonts.xml"     'fonts-gone\.xml:[0-9]+:[0-9]+: error: .*nothere-fonts\.xml.: cannot open'            "$in/fonts-gone.xml"
lb "font file missing"     'fonts-missing\.xml:4: error: font .ghost.: cannot open'     "$D/layout-missing-font.xml"
lb "font file not a font"  'fonts-not-a-font\.xml:4: error: font .bogus.: .*not a font' "$D/layout-not-a-font.xml"
lb "font file is a folder"  'fonts-dir\.xml:[0-9]+: error: font .serif.: .*not a regular file' "$in/font-is-dir.xml"
lb "face index out of range" 'fonts-index\.xml:[0-9]+: error: .*index'                  "$in/bad-index.xml"
lb "role names unknown face" "fonts-unknown-face\.xml:[0-9]+: error: role 'body' names unknown face 'nosuchface'" "$in/unknown-face.xml"
lb "font covers none (--strict)" "en\.xml:[0-9]+(:[0-9]+)?: error: no configured font covers" "$D/layout-font-covers-nothing.xml"
expect -c '[ "$(grep -c warning <<<"$err")" -le 100 ]' \
       "layout: font covers none (warnings)" 0 'warning: no configured font covers' o.pdf -- "$BKA" build "$D/layout-font-covers-nothing.xml" "$good" -o @OUT
lb "indent wider than the measure" 'layout-indent-wider-than-measure\.xml:8: error: .*indents' "$D/layout-indent-wider-than-measure.xml"
lb "negative space-after"  'layout-negative-space\.xml:8: error: .*must not be negative' "$D/layout-negative-space.xml"

# ---- more cases, one file per topic -------------------------------------------
# Each tests/bad-input/cases-TOPIC.sh is sourced here, in name order, and uses
# expect (and the variables above: $D, $in, $BK, $BKA, $good, $tmp).
for f in "$D"/cases-*.sh; do
  [ -e "$f" ] || continue
  # shellcheck source=/dev/null
  . "$f"
done

# ---- fuzz regressions ---------------------------------------------------------
# Each libFuzzer target (tests/fuzz/), built with cc and the sanitizers
# against a plain driver (make check-bad builds them), replays its seeds and
# every input that once broke it.
for src in tests/fuzz/fuzz_*.c; do
  t=${src#tests/fuzz/fuzz_}; t=${t%.c}
  bin=build/fuzz-replay/fuzz_$t
  if [ ! -x "$bin" ]; then fail=$((fail + 1)); echo "FAIL: fuzz replay $t: $bin is missing (make $bin)"; continue; fi
  dirs=(tests/fuzz/corpus/$t); [ -d tests/fuzz/regress/$t ] && dirs+=(tests/fuzz/regress/$t)
  expect -t 120 -c 'grep -q "^replay: [1-9][0-9]* inputs" <<<"$sout"' \
         "fuzz replay: $t" 0 '' - -- "$bin" "${dirs[@]}"
done

echo "bad-input: $ncase cases; $xfail expected failures (XFAIL), $xpass fixed (XPASS)"
echo "bad-input: $pass passed, $fail failed"
[ $fail -eq 0 ]
