#!/usr/bin/env bash
# The PDF standards (README.md, "PDF standards"): every PDF `make` builds is
# checked by tests/standards/check_pdf.py against what its kind claims by
# default (reading: PDF/A-2u and PDF/UA-1; print and imposed: PDF/X-4); then
# a document this test writes (a layout of its own with an author, keywords
# and a print shop's <output-intent>, and a parallel edition of two texts)
# is built and checked: info and XMP carry the author, the output intent is
# the layout's (its condition and the profile's bytes), print keeps no
# link, the outline has one tree per text, --standard picks the claims and
# refuses what it cannot claim, a profile that is not CMYK is refused,
# outputs are byte-reproducible and qpdf-clean, and the checker fails on
# files broken on purpose (so that its passes mean something). Last, the
# shipped profile is rebuilt from Debian's data (tools/make-icc.sh) and
# compared. Prints "standards: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
BK=${BK:-build/booklet}
PY=/usr/bin/python3 # Debian's, with python3-pikepdf
CHECK="$PY $ROOT/tests/standards/check_pdf.py"
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# pyq FILE EXPR: prints EXPR evaluated with pdf = the opened FILE
pyq() { "$PY" -c "import pikepdf,sys; pdf=pikepdf.open(sys.argv[1]); print($2)" "$1"; }

# ---- every output of make
for f in out/*.pdf; do
  case $f in
    *-print.pdf|*-imposed.pdf) want=pdfx-4 ;;
    *) want=pdfa-2u,pdfua-1 ;;
  esac
  if $CHECK --expect "$want" "$f" >"$tmp/check.log" 2>&1; then ok; else
    bad "$f: check_pdf.py"; sed 's/^/  /' "$tmp/check.log"; fi
  check "$f: qpdf --check" bash -c "qpdf --check '$f' >/dev/null 2>&1"
done
check "out/: 15 PDFs checked" test "$(ls out/*.pdf | wc -l)" -ge 15

# ---- a document of the test's own
mkdir -p "$tmp/own/press"
cd "$tmp/own"
printf 'Rivers of the North\n\nRivers carry water from the hills to the sea, and towns grow along their banks.\n\nThe Upper Valley\n\nHigh in the hills the river is narrow and fast. Mills once stood at every fall.\n\nThe Plain\n\nOn the plain the river slows down and winds through fields of wheat and barley.\n' > rivers.txt
printf 'Sông miền Bắc\n\nSông đưa nước từ đồi núi ra biển, và làng mạc mọc lên dọc hai bờ.\n\nThượng nguồn\n\nTrên núi cao, dòng sông hẹp và chảy xiết.\n\nĐồng bằng\n\nỞ đồng bằng, sông chảy chậm lại và uốn quanh những cánh đồng lúa.\n' > song.txt
# a print shop's profile under its own name and condition
cp "$ROOT/color/FOGRA39L-argyll.icc" press/house.icc
cat > mine.xml <<EOF
<layout extends="$ROOT/layouts/handout.xml">
  <output-intent profile="press/house.icc" condition="HOUSE-01"
                 info="House press, coated stock" registry="http://example.org/press"/>
  <string name="author">Mai Trần &amp; Ann Lee</string>
  <string name="keywords">rivers, valleys</string>
</layout>
EOF
"$ROOT/$BK" build --strict --lang en mine.xml rivers.txt -o r.pdf --print p.pdf --imposed i.pdf \
  2>build.log; rc=$?
check "own: built (rc=$rc)" test $rc = 0
for f in r.pdf p.pdf i.pdf; do
  want=pdfx-4; [ $f = r.pdf ] && want=pdfa-2u,pdfua-1
  if $CHECK --expect "$want" $f >check.log 2>&1; then ok; else
    bad "own $f: check_pdf.py"; sed 's/^/  /' check.log; fi
  check "own $f: Info /Author" test "$(pyq $f 'str(pdf.docinfo.Author)')" = "Mai Trần & Ann Lee"
  check "own $f: XMP dc:creator" grep -q '<dc:creator><rdf:Seq><rdf:li>Mai Trần &amp; Ann Lee</rdf:li>' \
    <<<"$(pyq $f 'pdf.Root.Metadata.read_bytes().decode()')"
  check "own $f: keywords" test "$(pyq $f 'str(pdf.docinfo.Keywords)')" = "en, rivers, valleys"
  check "own $f: the layout's condition" test \
    "$(pyq $f '",".join(sorted(str(o.S)+"="+str(o.OutputConditionIdentifier) for o in pdf.Root.OutputIntents))')" \
    = "$([ $f = r.pdf ] && echo /GTS_PDFA1=HOUSE-01 || echo /GTS_PDFX=HOUSE-01)"
  check "own $f: the layout's profile bytes" test \
    "$(pyq $f '__import__("hashlib").md5(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()).hexdigest()')" = \
    "$(md5sum < press/house.icc | cut -d' ' -f1)"
  check "own $f: producer" test "$(pyq $f 'str(pdf.docinfo.Producer)')" = \
    "booklet $(sed -n 's/.*BK_VERSION "\(.*\)"/\1/p' "$ROOT/pipeline/core/bk.h")"
  check "own $f: qpdf --check" bash -c "qpdf --check $f >/dev/null 2>&1"
done
check "own: links described by their targets' titles (PDF/UA 7.18.5)" test \
  "$(pyq r.pdf '[str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots") or []][:3]')" = \
  "['Rivers of the North', 'The Upper Valley', 'The Plain']"
check "own: the reading PDF keeps its links, printable" test \
  "$(pyq r.pdf 'sorted({int(a.F) for p in pdf.pages for a in p.obj.get("/Annots") or []})')" = "[4]"
check "own: the print PDF has no links (PDF/X)" test \
  "$(pyq p.pdf 'sum(len(p.obj.get("/Annots") or []) for p in pdf.pages)')" = 0
check "own: outline" test "$(pyq r.pdf '[(i.title,[c.title for c in i.children]) for i in pdf.open_outline().root]')" \
  = "[('Rivers of the North', ['The Upper Valley', 'The Plain'])]"
check "own: DisplayDocTitle, /Tabs /S" test \
  "$(pyq r.pdf 'bool(pdf.Root.ViewerPreferences.DisplayDocTitle) and all(p.obj.Tabs == "/S" for p in pdf.pages)')" = True

# byte-reproducible: the same build again, and a later date changes only the dates
"$ROOT/$BK" build --strict --lang en mine.xml rivers.txt -o r2.pdf --print p2.pdf --imposed i2.pdf 2>/dev/null
for f in r p i; do check "own $f: byte-identical rebuild" cmp -s $f.pdf ${f}2.pdf; done
SOURCE_DATE_EPOCH=1800000000 "$ROOT/$BK" build --lang en mine.xml rivers.txt -o r3.pdf 2>/dev/null
check "own: another date, another XMP date" grep -q '2027-01-15T08:00:00Z' \
  <<<"$(pyq r3.pdf 'pdf.Root.Metadata.read_bytes().decode()')"
check "own: same DocumentID for another build, new InstanceID" test \
  "$(pyq r.pdf 'pdf.Root.Metadata.read_bytes().decode().split("DocumentID>")[1]')" = \
  "$(pyq r3.pdf 'pdf.Root.Metadata.read_bytes().decode().split("DocumentID>")[1]')" -a \
  "$(pyq r.pdf 'pdf.Root.Metadata.read_bytes().decode().split("InstanceID>")[1]')" != \
  "$(pyq r3.pdf 'pdf.Root.Metadata.read_bytes().decode().split("InstanceID>")[1]')"

# a parallel edition of the two texts: one outline tree per text
"$ROOT/$BK" ingest --lang en rivers.txt -o rivers.xml 2>/dev/null
"$ROOT/$BK" ingest --lang vi song.txt -o song.xml 2>/dev/null
"$ROOT/$BK" build --layout "$ROOT/layouts/columns.xml" rivers.xml song.xml -o par.pdf --print par-p.pdf \
  2>/dev/null
check "parallel: one top level per text, headings under their own" test \
  "$(pyq par.pdf '[(i.title,[c.title for c in i.children]) for i in pdf.open_outline().root]')" = \
  "[('Rivers of the North', ['The Upper Valley', 'The Plain']), ('Sông miền Bắc', ['Thượng nguồn', 'Đồng bằng'])]"
check "parallel: keywords name both languages" test "$(pyq par.pdf 'str(pdf.docinfo.Keywords)')" = "en, vi"
for f in par.pdf par-p.pdf; do
  if $CHECK $f >check.log 2>&1; then ok; else bad "parallel $f: check_pdf.py"; sed 's/^/  /' check.log; fi
done

# --standard
"$ROOT/$BK" build --standard=none --lang en rivers.txt -o n.pdf --print np.pdf 2>/dev/null
check "--standard=none: no claims" bash -c "$CHECK --expect none n.pdf np.pdf >/dev/null"
check "--standard=none: no output intent" test "$(pyq n.pdf '"/OutputIntents" in pdf.Root')" = False
check "--standard=none: print keeps its links" test \
  "$(pyq np.pdf 'sum(len(p.obj.get("/Annots") or []) for p in pdf.pages) > 0')" = True
"$ROOT/$BK" build --standard=pdfa-2b,pdfx-4 --lang en rivers.txt -o ax.pdf --imposed axi.pdf 2>/dev/null
check "--standard=pdfa-2b,pdfx-4: both claimed, both intents, one profile" bash -c \
  "$CHECK --expect pdfa-2b,pdfx-4 ax.pdf axi.pdf >/dev/null"
for s in pdfa-3b pdfa-2b,pdfa-2u 'none,pdfx-4' ''; do
  "$ROOT/$BK" build --standard="$s" --lang en rivers.txt -o bad.pdf 2>err.log; rc=$?
  check "--standard=$s refused (rc=$rc)" test $rc = 2 -a ! -e bad.pdf
done
check "--standard: the word named" grep -q "'pdfa-3b' is not understood" <<<"$(
  "$ROOT/$BK" build --standard=pdfa-3b rivers.txt 2>&1)"
"$ROOT/$BK" build --standard=pdfua-1 --lang en rivers.txt --imposed bad.pdf 2>err.log; rc=$?
check "--standard=pdfua-1 on imposed sheets refused (rc=$rc)" test $rc = 2 -a ! -e bad.pdf
check "  ... saying why" grep -q "imposed sheets are not tagged" err.log

# an output intent that cannot be one: RGB (icc-profiles-free's sRGB), not ICC
for prof in /usr/share/color/icc/sRGB.icc rivers.txt; do
  cp "$prof" press/wrong.icc
  sed 's|press/house.icc|press/wrong.icc|' mine.xml > wrong.xml
  "$ROOT/$BK" build --lang en wrong.xml rivers.txt -o bad.pdf 2>err.log; rc=$?
  check "profile $(basename "$prof") refused (rc=$rc)" test $rc = 1 -a ! -e bad.pdf
  check "  ... at the layout's line" grep -qE "wrong.xml:[0-9]+: error: output intent profile .*(not a CMYK profile|not an ICC profile)" err.log
done
sed 's|press/house.icc|/usr/share/color/icc/sRGB.icc|' mine.xml > sys.xml
"$ROOT/$BK" build --lang en sys.xml rivers.txt -o bad.pdf 2>err.log
check "the system's profile folder is allowed (then sRGB refused as RGB)" grep -q "not a CMYK profile" err.log
"$ROOT/$BK" build --standard=none --lang en wrong.xml rivers.txt -o nn.pdf 2>/dev/null
check "--standard=none does not read the profile" test -s nn.pdf

# ---- the checker fails on broken files
cp r.pdf good.pdf
breakit() { # NAME PYTHON: writes NAME.pdf from good.pdf changed by PYTHON
  "$PY" -c "import pikepdf,sys; pdf=pikepdf.open('good.pdf'); $2; pdf.save(sys.argv[1], static_id=True)" "$1.pdf"
}
breakit notitle 'del pdf.Root.ViewerPreferences["/DisplayDocTitle"]'
breakit infotitle 'pdf.docinfo["/Title"]="Another title"'
breakit notabs 'del pdf.pages[1].obj["/Tabs"]'
breakit nofont 'f=[f for p in pdf.pages for _,f in (p.obj.Resources.get("/Font") or {}).items()][0]; del f.DescendantFonts[0].FontDescriptor["/FontFile2"]'
breakit noxmp 'del pdf.Root["/Metadata"]'
breakit nointent 'del pdf.Root["/OutputIntents"]'
breakit js 'pdf.Root.OpenAction=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")'
breakit outline 'ol=pdf.open_outline(); ol.root[0].children.pop(); ol.__exit__(None, None, None)'
breakit hidden 'a=[a for p in pdf.pages for a in p.obj.get("/Annots") or []][0]; a.F=2'
breakit nocontents 'a=[a for p in pdf.pages for a in p.obj.get("/Annots") or []][0]; del a["/Contents"]'
for b in notitle infotitle notabs nofont noxmp nointent js outline hidden nocontents; do
  $CHECK $b.pdf >check.log 2>&1; rc=$?
  check "checker fails on $b.pdf (rc=$rc)" test $rc = 1
done
cp p.pdf goodp.pdf
"$PY" -c "
import pikepdf; pdf=pikepdf.open('goodp.pdf'); pg=pdf.pages[2].obj; t=[float(v) for v in pg.TrimBox]
pg.Annots=pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
  Rect=[t[0]+10,t[1]+10,t[0]+50,t[1]+30], F=4, Border=[0,0,0])]))
pdf.save('linkintrim.pdf', static_id=True)"
$CHECK linkintrim.pdf >check.log 2>&1; rc=$?
check "checker fails on a link inside the trim box (rc=$rc)" grep -q "annotation inside the TrimBox" check.log

# ---- the shipped profile is what Debian's data and argyll give
cd "$ROOT"
if tools/make-icc.sh "$tmp/rebuilt.icc" 2>"$tmp/icc.log"; then
  check "color/FOGRA39L-argyll.icc rebuilds byte for byte" cmp -s "$tmp/rebuilt.icc" color/FOGRA39L-argyll.icc
else
  bad "tools/make-icc.sh failed"; sed 's/^/  /' "$tmp/icc.log"
fi

echo "standards: $pass passed, $fail failed"
[ $fail -eq 0 ]
