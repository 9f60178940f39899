#!/usr/bin/env bash
# Citation marks (README "Adding a layout", style "citation"; docs/TEI.md):
# texts this test writes, in English and Vietnamese with marks [1] [2] [3]
# and a trailing list of notes, and one with marks and no notes, built with
# the neutral handout with figures="scaled". Checks, from the PDFs: every mark is set smaller
# (0.6-0.8 of the text) and raised (pdftotext -bbox against the word
# before it); a mark with a note is a Link annotation whose destination is
# on the note's page, at the note's line, and whose rectangle spans the
# mark, described by the note's text; the notes are set under the source's heading ("References") or,
# when it has none, the catalog's ("Chú thích"); a mark without a note links
# nowhere and no notes heading is made; pdftotext gives every paragraph and
# note back exactly; a layout without the style sets marks on the baseline
# at text size, and one with brackets="drop" draws the digits only and
# gives the brackets back as ActualText; with the handout as it is
# (figures="superior") the digits are the font's superior figures: drawn at
# the text's size (pdftotext keeps them in the text's line) and, rendered,
# small and raised, in English, Vietnamese and Chinese (whose digits come
# from the Latin face), while a font without superior figures (Noto Serif
# CJK alone) gets them scaled and raised; qpdf, the PDF/A-2u + PDF/UA-1
# claims and the tag checker are clean. Prints "citations: N passed, N failed".
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
cat > scaled.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <style name="citation" figures="scaled"/>
</layout>
EOF
cat > plain.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <style name="citation" position="baseline"/>
</layout>
EOF
cat > drop.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <style name="citation" brackets="drop" figures="scaled"/>
</layout>
EOF

flat() { pdftotext "$1" - 2>/dev/null | tr -s ' \n\f' '   '; }
export -f flat
build() { # LANG TEXT PDF [LAYOUT]
  "$BK" build --strict --lang "$1" ${4:+--layout "$4"} "$2" -o "$3" 2>"$3.log"
}
check "en: built" build en tea.txt tea.pdf scaled.xml
check "vi: built" build vi tra.txt tra.pdf scaled.xml
check "no notes: built" build en salt.txt salt.pdf scaled.xml
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

# ---- superior figures (the handout as it is): sup.py PDF prints, for
# each mark's digits in the text (a word of digits after a "[" or glued to
# the word before), "digits ratio raise height page": the digits' box
# height over the word before (1: drawn at the text's size) and, from the
# page rendered at 288 dpi, their ink's bottom above that word's baseline
# (the median of its columns' lowest ink, so that a descender does not
# count) and their ink's height, in that word's box heights
cat > sup.py <<'EOF'
import os, re, subprocess, sys
from PIL import Image
path, R = sys.argv[1], 4.0
xml = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True).stdout
for pi, pg in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S)):
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                        r'yMax="([\d.]+)">([^<]*)</word>', pg)]
    img = None
    for k, (x0, y0, x1, y1, w) in enumerate(words):
        if k < 2 or not re.fullmatch(r"\[?\d+\]?", w):
            continue
        j = k - 2 if words[k - 1][4] == "[" else k - 1
        prev = words[j]
        if abs(words[j + 1][0] - prev[2]) > 1 or prev[0] > 500:
            continue
        if img is None:
            base = "page-%d-%d" % (os.getpid(), pi)
            subprocess.run(["pdftoppm", "-r", "288", "-f", str(pi + 1), "-l", str(pi + 1),
                            "-png", "-singlefile", path, base], check=True)
            img = Image.open(base + ".png").convert("L")
        def ink(a, b, top, bot):
            box = img.crop((int(a * R) + 2, int(top * R), int(b * R) - 2, int(bot * R)))
            rows = [y for y in range(box.size[1])
                    if min(box.crop((0, y, box.size[0], y + 1)).getdata()) < 128]
            return (rows[0] + int(top * R), rows[-1] + int(top * R)) if rows else (None, None)
        def baseline(a, b, top, bot):
            box = img.crop((int(a * R) + 2, int(top * R), int(b * R) - 2, int(bot * R)))
            low = sorted(max(y for y in range(box.size[1]) if box.getpixel((x, y)) < 128)
                         for x in range(box.size[0])
                         if min(box.crop((x, 0, x + 1, box.size[1])).getdata()) < 128)
            return low[len(low) // 2] + int(top * R) if low else None
        th = prev[3] - prev[1]
        top, bot = min(prev[1], y0), prev[3] + 2
        pb = baseline(prev[0], prev[2], top, bot)
        dt, db = ink(x0 + (1 if w[0] == "[" else 0), x1, top, bot)
        if pb is not None and dt is not None:
            print(w.strip("[]"), "%.2f" % ((y1 - y0) / th), "%.2f" % ((pb - db) / R / th),
                  "%.2f" % ((db - dt) / R / th), pi + 1)
EOF
cat > cha.txt <<'EOF'
茶的历史

中国人饮茶的历史很长，唐代陆羽写了《茶经》。[1] 宋代点茶之风盛行，文人常以斗茶为乐。[2]

[1] 陆羽：《茶经》，卷上。
[2] 蔡襄：《茶录》。
EOF
# a font configuration with Noto Serif CJK alone: no superior figures
cat > cjkfonts.xml <<'EOF'
<fonts>
  <face id="cjk" file="/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc" index="2"/>
  <face id="cjkb" file="/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc" index="2"/>
  <role name="body" lang="*" faces="cjk"/>
  <role name="italic" lang="*" faces="cjk"/>
  <role name="heading" lang="*" faces="cjkb"/>
</fonts>
EOF
cat > cjk.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <fonts href="cjkfonts.xml"/>
</layout>
EOF
cat > supdrop.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <style name="citation" brackets="drop"/>
</layout>
EOF
check "superior en: built" build en tea.txt sup-en.pdf
check "superior vi: built" build vi tra.txt sup-vi.pdf
check "superior zh: built" build zh-Hans cha.txt sup-zh.pdf
check "superior, brackets dropped: built" build en tea.txt sup-drop.pdf supdrop.xml
check "no superior figures in the font: built" build zh-Hans cha.txt sup-cjk.pdf cjk.xml
for f in sup-en sup-vi sup-zh; do
  m=$("$PY" sup.py $f.pdf 2>&1)
  want=3; [ $f = sup-zh ] && want=2
  check "$f: $want marks found ($m)" test "$(grep -c . <<<"$m")" = "$want"
  while read -r d ratio rise h pg; do
    check "$f [$d]: drawn at the text's size, on its line ($ratio)" \
      awk -v r="$ratio" 'BEGIN { exit !(r >= 0.9 && r <= 1.1) }'
    check "$f [$d]: seen small and raised (raise $rise, height $h)" \
      awk -v r="$rise" -v h="$h" 'BEGIN { exit !(r >= 0.2 && h <= 0.36) }'
  done <<<"$m"
done
m=$("$PY" sup.py sup-cjk.pdf 2>&1)
check "no superior figures: 2 marks found ($m)" test "$(grep -c . <<<"$m")" = 2
while read -r d ratio rise h pg; do
  check "no superior figures [$d]: scaled and raised ($ratio, $rise)" \
    awk -v r="$ratio" -v s="$rise" 'BEGIN { exit !(r >= 0.6 && r <= 0.8 && s >= 0.08) }'
done <<<"$m"
check "superior en: three links to the notes" test "$("$PY" -c "import pikepdf
pdf = pikepdf.open('sup-en.pdf')
print(sum(1 for p in pdf.pages for a in p.obj.get('/Annots') or []
          if '/Dest' in a and str(a.get('/Contents', '')).startswith('[')))")" = 3
# (a mark after 。 keeps the stop's blank half: pdftotext reads a space)
check "superior zh: the text back" bash -c "flat sup-zh.pdf | grep -qE '《茶经》。 ?\[1\] 宋代'"
# brackets dropped: the digits join the word before (pdftotext reads one
# word, with the brackets from ActualText), on the text's line
check "superior, brackets dropped: the mark is part of its word, at the text's size" \
  test "$(pdftotext -bbox sup-drop.pdf - | grep -A1 '>Java.\[1\]<' |
          sed -E 's/.*yMin="([0-9.]+)".*yMax="([0-9.]+)".*/\1 \2/' | sort -u | wc -l)" = 1
check "superior, brackets dropped: the text back with brackets" \
  bash -c "flat sup-drop.pdf | grep -qF 'in Java.[1] Within'"

# ---- the text back, every paragraph and note as in the source
for f in tea tra salt drop sup-en sup-vi; do
  lang=en; [ $f = tra ] && lang=vi
  while IFS= read -r l; do
    [ -n "$l" ] || continue
    check "$f: pdftotext gives back: ${l:0:40}…" bash -c 'flat "$1" | grep -qF -- "$2"' _ "$f.pdf" "$l"
  done < $(case $f in drop|sup-en) echo tea ;; sup-vi) echo tra ;; *) echo $f ;; esac).txt
done
for f in tea tra salt plain drop dsalt sup-en sup-zh sup-drop sup-cjk; do
  check "$f: qpdf --check" bash -c "qpdf --check $f.pdf >/dev/null 2>&1"
  check "$f: PDF/A-2u and PDF/UA-1" bash -c \
    "'$PY' '$ROOT/tests/standards/check_pdf.py' --expect pdfa-2u,pdfua-1 $f.pdf >/dev/null 2>&1"
  check "$f: tags" bash -c "'$PY' '$ROOT/tests/standards/check_tags.py' $f.pdf >/dev/null 2>&1"
done
check "en: marks tagged Reference/Link" \
  test "$(pdfinfo -struct-text tea.pdf | grep -A1 'Reference' | grep -c 'Link')" = 3

echo "citations: $pass passed, $fail failed"
[ $fail -eq 0 ]
