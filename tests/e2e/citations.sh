#!/usr/bin/env bash
# Citation marks (README "Adding a layout", style "citation"; docs/TEI.md):
# texts this test writes, in English and Vietnamese with marks [1] [2] [3]
# and a trailing list of notes, and one with marks and no notes, built with
# the neutral handout. Checks, from the PDFs: every mark is set smaller
# (0.6-0.8 of the text) and raised (pdftotext -bbox against the word
# before it); a mark with a note is a Link annotation whose destination is
# on the note's page, at the note's line, and whose rectangle spans the
# mark, described by the note's text; the notes are set under the source's heading ("References") or,
# when it has none, the catalog's ("Chú thích"); a mark without a note links
# nowhere and no notes heading is made; pdftotext gives every paragraph and
# note back exactly; a layout without the style sets marks on the baseline
# at text size, and one with brackets="drop" draws the digits only and
# gives the brackets back as ActualText; qpdf, the PDF/A-2u + PDF/UA-1 claims and the tag checker
# are clean. Prints "citations: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BK=$ROOT/build/booklet
PY=/usr/bin/python3
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
cd "$tmp"

# the English text runs over two pages: its notes are on the next page
{
  printf 'Tea in Europe\n\n'
  printf 'Tea reached Europe in the early seventeenth century, carried by Dutch merchants who bought it in Java.[1] Within a few decades it had become a fashionable drink in the courts of the north, and the price fell as the trade grew.\n\n'
  for i in 1 2 3 4 5 6; do
    printf 'The merchants of Amsterdam kept careful books of every cargo, and the figures of chest and price, season after season, tell of a trade that grew in every decade of the century while the ships grew larger and the voyages shorter.\n\n'
  done
  printf 'In England the coffee houses sold it from the 1650s, and the East India Company soon imported it in bulk.[2] By the next century it was drunk in every household, rich or poor, and its duties paid for a share of the navy.[3]\n\n'
  printf 'References\n'
  printf '[1] Mair and Hoh, The True History of Tea, 2009, p. 165.\n'
  printf '[2] Ellis, Coulton and Mauger, Empire of Tea, 2015, p. 28.\n'
  printf '[3] Macfarlane, Green Gold, 2003, p. 72.\n'
} > tea.txt
cat > tra.txt <<'EOF'
Trà ở Việt Nam

Cây chè đã được trồng ở vùng núi phía bắc Việt Nam từ nhiều thế kỷ.[1] Người dân hái lá chè tươi để nấu nước uống hằng ngày, và tục uống trà trở thành một phần của đời sống làng quê.

Đến thế kỷ mười chín, trà được bán khắp các chợ ở đồng bằng sông Hồng.[2] Ngày nay Việt Nam là một trong những nước xuất khẩu chè lớn trên thế giới.[3]

[1] Nguyễn Văn Huyên, Văn minh Việt Nam, 1944, tr. 112.
[2] Phan Kế Bính, Việt Nam phong tục, 1915, tr. 45.
[3] Tổng cục Thống kê, Niên giám thống kê, 2020.
EOF
cat > salt.txt <<'EOF'
Salt Roads

Salt was carried across the mountains on the backs of mules for centuries.[4] The roads it took became the roads of every other trade, and towns grew where the caravans rested.[5]
EOF
cat > plain.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <style name="citation" position="baseline"/>
</layout>
EOF
cat > drop.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <style name="citation" brackets="drop"/>
</layout>
EOF

flat() { pdftotext "$1" - 2>/dev/null | tr -s ' \n\f' '   '; }
export -f flat
build() { # LANG TEXT PDF [LAYOUT]
  "$BK" build --strict --lang "$1" ${4:+--layout "$4"} "$2" -o "$3" 2>"$3.log"
}
check "en: built" build en tea.txt tea.pdf
check "vi: built" build vi tra.txt tra.pdf
check "no notes: built" build en salt.txt salt.pdf
check "baseline layout: built" build en tea.txt plain.pdf plain.xml
check "brackets dropped: built" build en tea.txt drop.pdf drop.xml
check "brackets dropped, no notes: built" build en salt.txt dsalt.pdf drop.xml

# marks.py PDF MARKS...: prints one line per mark "mark size-ratio raise
# page dest-page dest-ok rect-ok" (raise: the mark's box bottom above its
# word's, in text sizes); the note's line is the first word "[n]" starting
# a line after the mark's page.
cat > marks.py <<'EOF'
import re, subprocess, sys, pikepdf
path, marks = sys.argv[1], sys.argv[2:]
xml = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True,
                     text=True).stdout
pages = []
for pg in re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S):
    pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
                  re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', pg)])
pdf = pikepdf.open(path)
H = float(pdf.pages[0].mediabox[3])
objs = [p.obj.objgen for p in pdf.pages]
links = []
for i, p in enumerate(pdf.pages):
    for a in p.obj.get("/Annots") or []:
        d = a.get("/Dest")
        if d is None:
            continue
        links.append((i, [float(x) for x in a.Rect], objs.index(d[0].objgen),
                      float(d[3]), "/StructParent" in a))
for m in marks:
    out = [m, "none"]
    for pi, words in enumerate(pages):
        for k, (x0, y0, x1, y1, w) in enumerate(words):
            prev = words[k - 1] if k else None
            # a mark in the text: right after a word on its line
            if w != m or not prev or abs(prev[2] - x0) > 1:
                continue
            th, mh = prev[3] - prev[1], y1 - y0
            out = [m, "%.2f" % (mh / th), "%.2f" % ((prev[3] - y1) / th * 1.362), str(pi)]
            # the note: "[n]" starting a line, on a later line of the text
            note = [(qi, w2) for qi in range(pi, len(pages)) for w2 in pages[qi]
                    if w2[4] == m and w2[0] < 60 and (qi, w2) != (pi, words[k])]
            # its link: over the mark's width and the middle of its height
            ym = H - (y0 + y1) / 2
            lk = [l for l in links if l[0] == pi and l[1][0] <= x0 + 0.5 and
                  l[1][2] >= x1 - 0.5 and l[1][1] < ym < l[1][3]]
            if lk and note:
                qi, nw = note[0]
                dy = H - lk[0][3]
                out += [str(lk[0][2]), str(lk[0][2] == qi and nw[1] - 3 <= dy <= nw[3]),
                        str(lk[0][4])]
            else:
                out += ["nolink" if not lk else "nonote"]
            break
        if out[1] != "none":
            break
    print(" ".join(out))
EOF
marks() { "$PY" marks.py "$@" 2>&1; }

# ---- English: marks superscript and linked to notes on the next page
m=$(marks tea.pdf '[1]' '[2]' '[3]')
for n in 1 2 3; do
  line=$(grep -F "[$n] " <<<"$m")
  read -r _ ratio rise page dpage dok sp <<<"$line"
  check "en [$n]: smaller (size ratio $ratio)" \
    awk -v r="$ratio" 'BEGIN { exit !(r >= 0.6 && r <= 0.8) }'
  check "en [$n]: raised ($rise of the text size)" awk -v r="$rise" 'BEGIN { exit !(r >= 0.25) }'
  check "en [$n]: a link to the note's page and line ($line)" test "$dok" = True
  check "en [$n]: the link is tagged (StructParent)" test "$sp" = True
done
check "en: the notes are on a later page than [1]" \
  test "$(grep -F '[1] ' <<<"$m" | awk '{print ($5 > $4)}')" = 1
check "en: each link described by its note (/Contents, PDF/UA)" \
  test "$("$PY" -c "import pikepdf; pdf = pikepdf.open('tea.pdf')
print(sorted(str(a.Contents) for p in pdf.pages for a in p.obj.get('/Annots') or []
             if str(a.Contents).startswith('[')))")" = \
  "['[1] Mair and Hoh, The True History of Tea, 2009, p. 165.', '[2] Ellis, Coulton and Mauger, Empire of Tea, 2015, p. 28.', '[3] Macfarlane, Green Gold, 2003, p. 72.']"
check "en: the source's heading over the notes" bash -c "flat tea.pdf | grep -qF 'References [1] Mair'"
check "en: no catalog heading as well" bash -c "! flat tea.pdf | grep -qF 'Notes'"

# ---- Vietnamese: the catalog's heading
m=$(marks tra.pdf '[1]' '[2]' '[3]')
for n in 1 2 3; do
  line=$(grep -F "[$n] " <<<"$m")
  read -r _ ratio rise page dpage dok sp <<<"$line"
  check "vi [$n]: smaller and raised ($ratio, $rise)" \
    awk -v r="$ratio" -v s="$rise" 'BEGIN { exit !(r >= 0.6 && r <= 0.8 && s >= 0.25) }'
  check "vi [$n]: a link to the note ($line)" test "$dok" = True
done
check "vi: the catalog's heading over the notes" \
  bash -c "flat tra.pdf | grep -qF 'Chú thích [1] Nguyễn Văn Huyên'"

# ---- no notes: superscripts, no links, no heading
m=$(marks salt.pdf '[4]' '[5]')
for n in 4 5; do
  line=$(grep -F "[$n] " <<<"$m")
  read -r _ ratio rise page rest <<<"$line"
  check "no notes [$n]: smaller and raised ($ratio, $rise)" \
    awk -v r="$ratio" -v s="$rise" 'BEGIN { exit !(r >= 0.6 && r <= 0.8 && s >= 0.25) }'
  check "no notes [$n]: no link ($line)" test "$rest" = nolink
done
check "no notes: no notes heading" bash -c "! flat salt.pdf | grep -qE 'Notes|References'"

# ---- a layout whose citation style is on the baseline: marks at text size
m=$(marks plain.pdf '[1]')
read -r _ ratio rise _ <<<"$m"
check "baseline layout: [1] at text size ($ratio, $rise)" \
  awk -v r="$ratio" -v s="$rise" 'BEGIN { exit !(r > 0.95 && s < 0.1) }'

# ---- brackets not drawn: the mark narrower (the digit alone), still a
# superscript linked to its note, and extracted with its brackets
# (ActualText); so is a mark without a note
m=$(marks drop.pdf '[1]' '[2]' '[3]')
for n in 1 2 3; do
  line=$(grep -F "[$n] " <<<"$m")
  read -r _ ratio rise page dpage dok sp <<<"$line"
  check "brackets dropped [$n]: smaller, raised, linked ($line)" \
    awk -v r="$ratio" -v s="$rise" -v d="$dok" 'BEGIN { exit !(r >= 0.6 && r <= 0.8 && s >= 0.25 && d == "True") }'
done
# the drawn width of the mark [1] in the text (pdftotext -bbox), with and
# without its brackets
mw() { pdftotext -bbox "$1" - | awk -F'"' '/>\[1\]</ && $2 > 150 {print $6 - $2; exit}'; }
check "brackets dropped: the mark is the digit's width ($(mw drop.pdf) against $(mw tea.pdf) pt)" \
  awk -v a="$(mw drop.pdf)" -v b="$(mw tea.pdf)" 'BEGIN { exit !(a > 0 && a < 0.5 * b) }'
check "brackets dropped, no notes: text back with brackets" \
  bash -c "flat dsalt.pdf | grep -qF 'for centuries.[4] The roads' && flat dsalt.pdf | grep -qF 'caravans rested.[5]'"

# ---- the text back, every paragraph and note as in the source
for f in tea tra salt drop; do
  lang=en; [ $f = tra ] && lang=vi
  while IFS= read -r l; do
    [ -n "$l" ] || continue
    check "$f: pdftotext gives back: ${l:0:40}…" bash -c 'flat "$1" | grep -qF -- "$2"' _ "$f.pdf" "$l"
  done < $([ $f = drop ] && echo tea || echo $f).txt
done
for f in tea tra salt plain drop dsalt; do
  check "$f: qpdf --check" bash -c "qpdf --check $f.pdf >/dev/null 2>&1"
  check "$f: PDF/A-2u and PDF/UA-1" bash -c \
    "'$PY' '$ROOT/tests/standards/check_pdf.py' --expect pdfa-2u,pdfua-1 $f.pdf >/dev/null 2>&1"
  check "$f: tags" bash -c "'$PY' '$ROOT/tests/standards/check_tags.py' $f.pdf >/dev/null 2>&1"
done
check "en: marks tagged Reference/Link" \
  test "$(pdfinfo -struct-text tea.pdf | grep -A1 'Reference' | grep -c 'Link')" = 3

echo "citations: $pass passed, $fail failed"
[ $fail -eq 0 ]
