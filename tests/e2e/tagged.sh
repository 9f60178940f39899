#!/usr/bin/env bash
# Tagged PDF (docs/ARCHITECTURE.md, "Structure for tagged PDF"): every
# reading and print output of `make` and of texts this test writes is
# tagged (pdfinfo: Tagged: yes), its structure (pdfinfo -struct-text) starts
# with the Document and has list labels before their items, and
# tests/standards/check_tags.py finds every MCID reachable from the
# structure tree, every page's drawing tagged or an artifact, /Alt on every
# figure, /Lang on the document and on foreign passages, links as OBJRs.
# Imposed sheets are not tagged (the checker must refuse them: it can
# fail). Text that clreq spaces (a quarter em between Han and digits or
# Latin) extracts without the space: "1860年" and never "1860 年" in
# pdftotext (which reads /ActualText) and in mutool (MuPDF 1.21 ignores it
# and reads a pen jump as a space: the gap is in the advance of the glyph
# before it, pipeline/output/pdf_gap.c); a word hyphenated at a line end
# extracts joined. The checker is
# shown to fail on a tree with content cut off. Prints "tagged: N passed,
# N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BK=${BK:-build/booklet}
PY=/usr/bin/python3
CHECK=$ROOT/tests/standards/check_tags.py
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

tagged() { pdfinfo "$1" 2>/dev/null | grep -q '^Tagged: *yes'; }
# the text of a PDF as MuPDF extracts it
mutext() { mutool draw -q -F txt -o - "$1" 2>/dev/null; }
# no_han_gap PDF TRACE [EXTRACTOR]: every digit or Latin letter next to a
# Han character across a space in the extractor's text (pdftotext, or
# mutext) has that space in the text the typesetter drew (the glyph runs'
# texts in the trace of the same build; the runs of one baseline joined,
# since a font change cuts a run)
no_han_gap() {
  local x=${3:-pdftotext}
  local w
  awk 'match($0, /^  glyphs .* y=[-0-9.]+ /) {
         y = $0; sub(/.* y=/, "", y); sub(/ .*/, "", y)
         t = $0; sub(/.* text="/, "", t); sub(/"( angle=[-0-9.]+)?$/, "", t)
         if (y != last) printf "\n"; printf "%s", t; last = y }
       END { printf "\n" }' "$2" > "$tmp/drawn.txt"
  while IFS= read -r w; do
    grep -qF -- "$w" "$tmp/drawn.txt" || { echo "  '$w': a space the text lacks"; return 1; }
  done < <({ if [ "$x" = mutext ]; then mutext "$1"; else pdftotext "$1" - 2>/dev/null; fi; } |
           LC_ALL=C.UTF-8 grep -oP '[0-9A-Za-z] \p{Han}|\p{Han} [0-9A-Za-z]' | sort -u)
}
# in the structure text, every Lbl comes right before its label text and
# then the item's LBody
labels_first() {
  pdfinfo -struct-text "$1" 2>/dev/null | awk '
    /^ *LI/ { li = 1; next }
    li && /^ *Lbl/ { lbl = 1; next }
    li && /^ *LBody/ { if (!lbl) bad = 1; li = lbl = 0; n++ }
    END { exit bad || n == 0 }'
}
structure() { # pdf trace [checker options]
  local pdf=$1 trace=$2; shift 2
  check "$pdf: Tagged: yes" tagged "$pdf"
  check "$pdf: structure starts with the Document" \
    bash -c "pdfinfo -struct-text '$pdf' 2>/dev/null | head -1 | grep -q '^Document'"
  check "$pdf: structure tree complete (check_tags.py)" \
    $PY "$CHECK" "$pdf" "$@" >"$tmp/check.log" 2>&1 || sed 's/^/  /' "$tmp/check.log"
  check "$pdf: qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null 2>&1"
  [ -n "$trace" ] &&
    check "$pdf: no space between Han and digits or Latin that the text lacks" \
      no_han_gap "$pdf" "$trace"
  [ -n "$trace" ] &&
    check "$pdf: mutool: no space between Han and digits or Latin that the text lacks" \
      no_han_gap "$pdf" "$trace" mutext
}

# ---- the outputs `make` built (traces of the Chinese ones, built as make
# builds them, for what the text is)
"$BK" build --strict layouts/opium-war/handout.xml out/xml/zh.xml -o "$tmp/hz.pdf" \
  --trace "$tmp/handout-zh.trace" >/dev/null 2>&1
"$BK" build --strict layouts/opium-war/parallel-facing.xml out/xml/zh.xml out/xml/en.xml \
  --reading "$tmp/pz.pdf" --trace "$tmp/parallel-zh-en.trace" >/dev/null 2>&1
check "traces of the Chinese outputs made" test -s "$tmp/handout-zh.trace" -a -s "$tmp/parallel-zh-en.trace"
for pdf in out/handout-??.pdf out/handout-??-print.pdf out/parallel-*.pdf; do
  case $pdf in *-imposed.pdf) continue ;; esac
  trace=""
  case $pdf in
    out/handout-zh*) trace=$tmp/handout-zh.trace ;;
    out/parallel-zh-en*) trace=$tmp/parallel-zh-en.trace ;;
  esac
  roles="--role Figure --role Table --role TH"
  case $pdf in out/handout-*) roles="$roles --role TOC --role TOCI --role Link" ;; esac
  case $pdf in out/handout-vi*) roles="$roles --role L --role Lbl --role LBody --lang-in zh-Hant" ;; esac
  # shellcheck disable=SC2086
  structure "$pdf" "$trace" $roles
done
check "handout-vi: list labels before their items" labels_first out/handout-vi.pdf
check "handout-vi-print: list labels before their items" labels_first out/handout-vi-print.pdf
for pdf in out/*-imposed.pdf; do
  check "$pdf: imposed sheets are not tagged (the checker refuses them)" \
    bash -c "! $PY '$CHECK' '$pdf' >/dev/null 2>&1"
done
zh=$(pdftotext out/handout-zh.pdf - 2>/dev/null)
check "handout-zh: \"1860年\" found by pdftotext" grep -q '1860年' <<<"$zh"
check "handout-zh: \"1860 年\" not found" bash -c "! grep -q '1860 年' <<<\"\$1\"" _ "$zh"
check "mutool is installed (Makefile PACKAGES: mupdf-tools)" bash -c "command -v mutool >/dev/null"
for pdf in out/handout-zh.pdf out/handout-zh-print.pdf out/handout-zh-imposed.pdf \
           out/parallel-zh-en.pdf out/parallel-vi-zh-en.pdf; do
  mz=$(mutext "$pdf")
  check "$pdf: \"1860年\" found by mutool" grep -q '1860年' <<<"$mz"
  check "$pdf: \"1860 年\" not found by mutool" bash -c "! grep -q '1860 年' <<<\"\$1\"" _ "$mz"
done
check "parallel-3: a passage's Sect has its language" \
  bash -c "$PY - out/parallel-vi-zh-en.pdf <<'PYEND'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
langs = set()
def walk(e):
    if isinstance(e, pikepdf.Array):
        for k in e: walk(k)
    elif isinstance(e, pikepdf.Dictionary) and '/S' in e:
        if str(e.S) == '/Sect' and '/Lang' in e: langs.add(str(e.Lang))
        walk(e.get('/K'))
walk(pdf.Root.StructTreeRoot.K)
sys.exit(0 if {'zh-Hans', 'en'} <= langs or {'zh', 'en'} <= langs else 1)
PYEND"

# ---- texts of the test's own: a list, a foreign name, Chinese with dates
cd "$tmp"
cat > rivers.txt <<'EOF'
Rivers of the North

The Yellow River (黄河) carries more silt than any other river in the world.

Its course runs in three stretches:

1. It rises in the Bayan Har Mountains of Qinghai.
2. It crosses the Loess Plateau, where it takes up its silt.
3. It reaches the Bohai Sea after 5464 kilometres.

The river changed its course in 1855 and again in 1938.
EOF
cat > changjiang.txt <<'EOF'
长江

长江全长约6300公里，是中国第一长河。1860年10月，英法联军进入北京，2024年3月的资料仍沿用这一说法。

长江流域面积约180万平方公里，约占中国陆地面积的五分之一。
EOF
"$ROOT/$BK" build --lang en rivers.txt -o rivers.pdf --print rivers-print.pdf \
  --imposed rivers-imposed.pdf --trace rivers.trace >rivers.log 2>&1 || sed 's/^/  /' rivers.log
structure rivers.pdf rivers.trace --role L --role LI --role Lbl --role LBody --role H1 \
  --lang-in zh-Hans
structure rivers-print.pdf rivers.trace --role L --role Lbl
check "own en: list labels before their items" labels_first rivers.pdf
check "own en: the label text is in the Lbl" \
  bash -c "pdfinfo -struct-text rivers.pdf | grep -A1 '^ *Lbl' | grep -q '\"1\.\"'"
"$ROOT/$BK" build --lang zh-Hans changjiang.txt -o cj.pdf --print cj-print.pdf \
  --trace cj.trace >cj.log 2>&1 || sed 's/^/  /' cj.log
structure cj.pdf cj.trace
structure cj-print.pdf cj.trace
cjt=$(pdftotext cj.pdf - 2>/dev/null | tr -d '\n')
check "own zh: \"1860年10月\" extracts without spaces" grep -qF '1860年10月' <<<"$cjt"
check "own zh: \"约6300公里\" extracts without spaces" grep -qF '约6300公里' <<<"$cjt"
check "own zh: \"2024年3月\" extracts without spaces" grep -qF '2024年3月' <<<"$cjt"
cjm=$(mutext cj.pdf | tr -d '\n')
for w in '1860年10月' '约6300公里' '2024年3月' '约180万平方公里'; do
  check "own zh: mutool reads \"$w\" without spaces" grep -qF "$w" <<<"$cjm"
done
check "own zh: mutool reads the paragraph whole" \
  grep -qF '长江全长约6300公里，是中国第一长河。1860年10月，英法联军进入北京，' <<<"$cjm"
check "own zh: the paragraph comes back whole" \
  bash -c "pdftotext cj.pdf - | tr -d '\n' | grep -qF '长江全长约6300公里，是中国第一长河。1860年10月，英法联军进入北京，'"
# the checker fails where it must: content dropped from the tree, a
# figure's /Alt removed
$PY - rivers.pdf broken.pdf <<'PYEND'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def first(e, role):
    if isinstance(e, pikepdf.Array):
        for k in e:
            r = first(k, role)
            if r is not None: return r
    elif isinstance(e, pikepdf.Dictionary) and '/S' in e:
        if str(e.S) == role: return e
        return first(e.get('/K'), role)
    return None
first(pdf.Root.StructTreeRoot.K, '/P').K = pikepdf.Array([])
pdf.save(sys.argv[2])
PYEND
check "the checker finds an MCID the tree does not reach" \
  bash -c "$PY '$CHECK' broken.pdf | grep -q 'not reachable from the structure tree'"
# a drawn hyphen at a line end: pdftotext joins the word
"$ROOT/$BK" build --strict "$ROOT/layouts/opium-war/handout.xml" "$ROOT/out/xml/en.xml" \
  -o en.pdf --trace en.trace >/dev/null 2>&1
hy=$(grep -o 'text="[^"]*[a-z]-"' en.trace | head -1 | sed 's/.* \([^ ]*\)-"$/\1/; s/^text="//')
check "handout-en: a word is hyphenated at a line end ($hy-)" test -n "$hy"
check "handout-en: pdftotext joins the hyphenated word" \
  bash -c "pdftotext en.pdf - | grep -q -- '$hy[a-z]' && ! pdftotext en.pdf - | grep -q -- '$hy-\$'"
check "own: reproducible bytes" bash -c \
  "'$ROOT/$BK' build --lang zh-Hans changjiang.txt -o cj2.pdf >/dev/null 2>&1 && cmp -s cj.pdf cj2.pdf"

echo "tagged: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
