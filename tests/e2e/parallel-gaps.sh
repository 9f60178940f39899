#!/usr/bin/env bash
# End-to-end checks of the pages of parallel editions (issue 17): a column
# with no passage beside the others' says so in its language (a note with
# the ids of what stands beside it), so that no page of the texts has a
# column without text unless a note explains it; the report's edition
# section gives links, aligned passages, the longest unaligned stretch and
# fill per column, page and spread, and warns of pages where one column
# alone has text; a timeline after a parallel edition speaks one language
# throughout (title, dates and labels), one timeline per language of the
# edition when the layout names none.
# On an edition the test makes (three short texts of its own, an alignment
# with deliberate gaps) and on the two shipped editions (out/, as `make`
# builds them). Prints "parallel-gaps: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
BK=${BK:-build/booklet}
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
tmp=${KEEP:-$(mktemp -d)}; [ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# the notes' words in every catalog, one a line, as the trace gives them
nbsp=$(printf '\302\240')
sed -n 's|.*<msg id="string.parallel-none">\(.*\)</msg>.*|\1|p' messages/*.xml |
  sed "s/&#160;/$nbsp/g" > "$tmp/notes"
vnote=$(sed -n 's|.*<msg id="string.parallel-none">\(.*\)</msg>.*|\1|p' messages/vi.xml | sed "s/&#160;/$nbsp/g")

# ---- a trace's pages of the texts, per column: glyph runs of text and of
# notes. Columns side by side: a run belongs to the column whose running
# head (the top line of the page) starts left of it; facing pages: page p
# is column (p - 2) % 2. Prints "PAGE COL TEXT_RUNS NOTE_RUNS" (COL: the
# rank of the column's head on the page).
columns() { # trace facing ncols pages...
  local trace=$1 facing=$2 ncols=$3; shift 3
  awk -v facing="$facing" -v ncols="$ncols" -v pages="$*" -v notes="$tmp/notes" '
    BEGIN { n = split(pages, pl, " "); for (i = 1; i <= n; i++) want[pl[i]] = 1
            while ((getline l < notes) > 0) say[++ns] = l }
    function field(s, k,   m) { m = match(s, " " k "=[^ ]*"); return m ? substr(s, RSTART + length(k) + 2, RLENGTH - length(k) - 2) : "" }
    function text(s) { sub(/^.* text="/, "", s); sub(/"$/, "", s); return s }
    function is_note(t,   i) {
      if (t ~ /^[a-z][a-z][a-z]?(-[A-Za-z]+)?\.[a-z0-9.]*[0-9](@[0-9]+)?( [–·] |$)/) return 1
      for (i = 1; i <= ns; i++) if (index(say[i], t) > 0) return 1
      return 0 }
    function flush(   i, j, c, hx, nh, x, col) {
      if (!(page in want)) return
      nh = 0
      for (i = 1; i <= nr; i++) if (ry[i] > maxy - 0.5) hx[++nh] = rx[i]
      for (c = 0; c < ncols; c++) { tx[c] = 0; nt[c] = 0 }
      for (i = 1; i <= nr; i++) {
        if (ry[i] > maxy - 0.5 || ry[i] < 45) continue   # running heads, folio
        if (facing) col = (page - 2) % 2
        else { col = 0; for (j = 1; j <= nh; j++) if (hx[j] <= rx[i] + 0.5) { x = 0; for (c = 1; c <= nh; c++) if (hx[c] < hx[j]) x++; if (x > col) col = x } }
        if (is_note(rt[i])) nt[col]++; else tx[col]++ }
      # side by side: the columns whose running head is on the page (a
      # column that gave its space to the others (widen) has none)
      for (c = 0; c < ncols; c++) if (facing ? c == (page - 2) % 2 : c < nh) print page, c, tx[c], nt[c] }
    /^page / { if (page) flush(); page = $2; nr = 0; maxy = 0; next }
    $1 == "glyphs" { nr++; rx[nr] = field($0, "x") + 0; ry[nr] = field($0, "y") + 0; rt[nr] = text($0)
                     if (ry[nr] > maxy) maxy = ry[nr] }
    END { if (page) flush() }' "$trace"
}

# words_in LANG SOURCE_TEXT PDF_TEXT: every token of the source (Chinese:
# every character) is in the PDF's text at least as often
words_in() {
  awk -v lang="$1" -v src="$2" -v pdf="$3" 'function count(t, into,   n, i, a) {
      gsub(/-\n/, "", t); gsub(/[ \t\n\f]+/, " ", t)
      if (lang == "zh") { gsub(/ /, "", t); n = split(t, a, "") } else n = split(t, a, " ")
      for (i = 1; i <= n; i++) if (a[i] != "") into[a[i]]++ }
    BEGIN { count(src, s); count(pdf, p)
      for (w in s) if (p[w] < s[w]) { printf "  %s: %d in the text, %d in the PDF\n", w, s[w], p[w]; bad++ }
      exit bad > 0 }'
}

# every column of every page of the texts has text, or a note saying why
no_holes() { # name trace facing ncols report
  local name=$1 trace=$2 facing=$3 ncols=$4 report=$5 pages
  pages=$(sed -n 's/^  page \([0-9]*\):.*/\1/p' "$report" | tr '\n' ' ')
  check "$name: the report lists the pages of the texts" test -n "$pages"
  columns "$trace" "$facing" "$ncols" $pages > "$tmp/$name.cols"
  local holes
  holes=$(awk '$3 == 0 && $4 == 0 { printf "page %s column %d; ", $1, $2 + 1 }' "$tmp/$name.cols")
  check "$name: no column without text or a note (${holes:-none})" test -z "$holes"
}

# the report's figures: one fill per column, per page and per spread
report_figures() { # name report ncols
  local name=$1 rep=$2 n=$3
  check "$name: report has an edition section" grep -qx 'edition:' "$rep"
  check "$name: report gives each column's fill" \
    test "$(grep -cE '^    fill: (0|1)\.[0-9]{3}$' "$rep")" = "$n"
  check "$name: report gives each column's aligned passages" \
    test "$(grep -cE '^    aligned passages: [0-9]+$' "$rep")" = "$n"
  check "$name: report gives each column's hyphenated lines" \
    test "$(grep -cE '^    hyphenated lines: [0-9]+$' "$rep")" = "$n"
  check "$name: report gives fill per page" grep -qE '^  page [0-9]+:( [a-zA-Z-]+ [01]\.[0-9]{3})+$' "$rep"
  check "$name: report gives fill per spread" grep -qE '^  spread [0-9]+(-[0-9]+)?: [01]\.[0-9]{3}$' "$rep"
}

# A timeline page speaks one language: its labels (events.xml) are in the
# language of its title (the layout's or the catalog's timeline-title).
timeline_langs() { # name pdf events layout langs...
  local name=$1 pdf=$2 events=$3 layout=$4; shift 4
  local n p l t seen=0
  n=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
  for l in "$@"; do
    grep -o "<label xml:lang=\"$l[^\"]*\">[^<]*" "$events" | sed 's/.*">//' | tr -d ' ' > "$tmp/labels.$l"
  done
  for ((p = 1; p <= n; p++)); do
    local page; page=$(pdftotext -f $p -l $p "$pdf" - 2>/dev/null | tr -d ' \n')
    local title_lang=""
    for l in "$@"; do
      t=$(grep -o "<string name=\"timeline-title\" lang=\"$l\">[^<]*" "$layout" | sed 's/.*">//' | tr -d ' ')
      [ -n "$t" ] && [[ $page == "$t"* ]] && title_lang=$l
    done
    [ -z "$title_lang" ] && continue
    seen=$((seen + 1))
    local own=0 other=""
    while read -r lab; do [ -n "$lab" ] && [[ $page == *"$lab"* ]] && own=$((own + 1)); done < "$tmp/labels.$title_lang"
    for l in "$@"; do
      [ "$l" = "$title_lang" ] && continue
      while read -r lab; do
        [ -n "$lab" ] && [[ $page == *"$lab"* ]] && other+="$l:${lab:0:20} "
      done < "$tmp/labels.$l"
    done
    check "$name p$p: timeline titled in $title_lang has $title_lang labels ($own)" test $own -gt 0
    check "$name p$p: timeline titled in $title_lang has no label of another language (${other:-none})" test -z "$other"
  done
  check "$name: a timeline in each language ($seen pages)" test $seen -ge $#
}

# ---- an edition of the test's own: three texts, gaps on purpose ----------
tei() { # file lang title paragraphs...
  local f=$1 lang=$2 title=$3 i=0; shift 3
  { printf '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
    printf '<teiHeader><fileDesc><titleStmt><title>%s</title></titleStmt>' "$title"
    printf '<publicationStmt><p>Test text.</p></publicationStmt><sourceDesc><p>Written by the test.</p></sourceDesc></fileDesc></teiHeader>\n'
    printf '<text xml:lang="%s"><body><div><head>%s</head>\n' "$lang" "$title"
    for p in "$@"; do i=$((i + 1)); printf '<p xml:id="t%s.p%d">%s</p>\n' "${lang%%-*}" $i "$p"; done
    printf '</div></body></text></TEI>\n'; } > "$f"
}
rep() { local s="" k; for ((k = 0; k < $2; k++)); do s+="$1 "; done; printf '%s' "${s% }"; }
en=(); vi=(); zh=()
for i in $(seq 1 12); do
  en+=("$(rep "In the year 18$i the river rose, and the town of Exampleton sent its boats downstream to the merchants who waited for news of the harvest." 5)")
done
for i in 1 2 3; do
  vi+=("$(rep "Năm 18$i nước sông dâng cao, thị trấn gửi thuyền xuống hạ lưu cho các thương nhân đang chờ tin mùa màng." 5)")
done
for i in 1 2 3 4; do
  zh+=("$(rep "一八${i}年河水上涨，小镇派船顺流而下，商人们在那里等候收成的消息。" 6)")
done
tei "$tmp/river-en.xml" en "The river" "${en[@]}"
tei "$tmp/river-vi.xml" vi "Con sông" "${vi[@]}"
tei "$tmp/river-zh.xml" zh-Hans "河流" "${zh[@]}"
# links: the first paragraphs; en 2 with zh 2 (Vietnamese: nothing);
# en 11 with vi 2 and zh 4: en 3-10 and zh 3 are unaligned, and the
# Vietnamese column has nothing beside en 2-10
cat > "$tmp/align.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Test alignment</title></titleStmt>
    <publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>
  <text xml:lang="en"><body><div>
    <linkGrp type="alignment" xml:id="g">
      <link target="#tvi.p1 #tzh.p1 #ten.p1"/>
      <link target="#tzh.p2 #ten.p2"/>
      <link target="#tvi.p2 #tzh.p4 #ten.p11"/>
    </linkGrp>
    <linkGrp type="alignment" xml:id="g2">
      <link target="#ten.p1 #tvi.p1"/>
      <link target="#ten.p11 #tvi.p2"/>
    </linkGrp>
  </div></body></text>
</TEI>
EOF
cat > "$tmp/layout.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<layout name="gaps" extends="$PWD/layouts/columns.xml">
  <parallel mode="columns" gap="6mm" alignment="align.xml" select="g" BLANK/>
  <parts>
    <figure kind="timeline" src="$PWD/tests/data/trace/events.xml" select="events" size="full"/>
  </parts>
  <string name="timeline-title" lang="vi">Niên biểu thử</string>
  <string name="timeline-title" lang="zh">试验年表</string>
  <string name="timeline-title" lang="en">Test chronology</string>
</layout>
EOF
sed 's/ BLANK//' "$tmp/layout.xml" > "$tmp/notes.xml"
sed 's/ BLANK/ blank-note="0"/' "$tmp/layout.xml" > "$tmp/bare.xml"

if "$BK" build --strict --report --trace "$tmp/own.trace" "$tmp/notes.xml" \
     "$tmp/river-vi.xml" "$tmp/river-zh.xml" "$tmp/river-en.xml" -o "$tmp/own.pdf" > "$tmp/own.rep" 2> "$tmp/own.err"; then
  ok
  R=$tmp/own.rep
  report_figures own "$R" 3
  check "own: report counts 3 links" grep -qx '  links: 3' "$R"
  check "own: en has 3 of 12 passages aligned" \
    bash -c "grep -A3 '^  column 3 (en):' '$R' | grep -qx '    passages: 12' && grep -A3 '^  column 3 (en):' '$R' | grep -qx '    aligned passages: 3'"
  check "own: en's longest unaligned stretch is en 3-10" \
    bash -c "grep -A4 '^  column 3 (en):' '$R' | grep -qx '    longest unaligned stretch: 8 (ten.p3 - ten.p10)'"
  check "own: vi's aligned passages 2 of 3" \
    bash -c "grep -A3 '^  column 1 (vi):' '$R' | grep -qx '    aligned passages: 2'"
  no_holes own "$tmp/own.trace" 0 3 "$R"
  # the deliberate gap: a page where the English column alone has text,
  # the others noted (warned, with the reason), and a Vietnamese note
  # naming the English passages beside it
  check "own: a page where only en has text is warned, with the notes as reason" \
    grep -qE '^  warning: page [0-9]+: only the en column has text: vi has no parallel passage beside .*ten\.p[0-9]+.*\(a note says so\)' "$R"
  check "own: the warning is on stderr too" grep -q 'align.xml: warning: page [0-9]*: only the en column' "$tmp/own.err"
  check "own: the Vietnamese column says so in Vietnamese" grep -qF "text=\"$vnote\"" "$tmp/own.trace"
  check "own: the note names the English passages beside it" \
    grep -qE 'text="(tzh\.p[0-9]+ – tzh\.p[0-9]+ · )?ten\.p2 – ten\.p10"' "$tmp/own.trace"
  # fill: the page of the gap has an empty vi column and a full en one
  gp=$(sed -nE 's/^  warning: page ([0-9]+): only the en column.*/\1/p' "$R" | head -1)
  check "own: page ${gp:-?} fill: vi 0, en more than half" \
    grep -qE "^  page ${gp:-x}: vi 0\.000 zh-Hans 0\.000 en (0\.[5-9][0-9]{2}|1\.000)$" "$R"
  timeline_langs own "$tmp/own.pdf" tests/data/trace/events.xml "$tmp/layout.xml" vi zh en
else
  bad "own edition: build failed"; sed 's/^/  /' "$tmp/own.err" | head -20
fi
# blank-note="0": no notes, so the same page has an empty column, and the
# warning says that nothing explains it
if "$BK" build --report --trace "$tmp/bare.trace" "$tmp/bare.xml" \
     "$tmp/river-vi.xml" "$tmp/river-zh.xml" "$tmp/river-en.xml" -o "$tmp/bare.pdf" > "$tmp/bare.rep" 2>/dev/null; then
  check "bare: without notes the warning says there is none" \
    grep -qE '^  warning: page [0-9]+: only the en column has text: vi waits for its next linked passage \(no note\)' "$tmp/bare.rep"
  pages=$(sed -n 's/^  page \([0-9]*\):.*/\1/p' "$tmp/bare.rep" | tr '\n' ' ')
  columns "$tmp/bare.trace" 0 3 $pages > "$tmp/bare.cols"
  check "bare: some column has no text and no note" awk '$3 == 0 && $4 == 0 { f = 1 } END { exit !f }' "$tmp/bare.cols"
else
  bad "bare edition: build failed"
fi

# widen="yes": while the Vietnamese text has nothing beside the others',
# the English and Chinese ones share the measure; a note across the page
# says so; no word is lost; the pages are fuller
sed 's/ BLANK/ widen="yes"/' "$tmp/layout.xml" > "$tmp/wide.xml"
if "$BK" build --strict --report --trace "$tmp/wide.trace" "$tmp/wide.xml" \
     "$tmp/river-vi.xml" "$tmp/river-zh.xml" "$tmp/river-en.xml" -o "$tmp/wide.pdf" > "$tmp/wide.rep" 2>/dev/null; then
  ok
  report_figures wide "$tmp/wide.rep" 3
  no_holes wide "$tmp/wide.trace" 0 3 "$tmp/wide.rep"
  fill() { sed -n 's/^  fill: //p' "$1" | head -1; }
  check "wide: fuller than without widening ($(fill "$tmp/own.rep") -> $(fill "$tmp/wide.rep"))" \
    awk -v a="$(fill "$tmp/own.rep")" -v b="$(fill "$tmp/wide.rep")" 'BEGIN { exit !(b > a + 0.05) }'
  # the Vietnamese note across the measure: centred on the text area
  # (inner 20mm, outer 15mm or the reverse: the centre is within 2.5mm of
  # the page's), and English lines wider than a third of the measure
  check "wide: the Vietnamese note is centred across the page" \
    awk -v say="$vnote" '$1 == "glyphs" && index($0, "text=\"" say "\"") {
        x = $4; sub(/x=/, "", x); w = $6; sub(/w=/, "", w); c = x + w / 2
        if (c > 297.6 - 8 && c < 297.6 + 8) f = 1 } END { exit !f }' "$tmp/wide.trace"
  check "wide: English lines run wider than a column of three" \
    awk '$1 == "glyphs" && $3 == "size=9.5" { w = $6; sub(/w=/, "", w); if (w > 200) f = 1 } END { exit !f }' "$tmp/wide.trace"
  for l in vi zh en; do
    check "wide: every word of river-$l is in the PDF" \
      words_in $l "$("$BK" text "$tmp/river-$l.xml")" "$(pdftotext -raw "$tmp/wide.pdf" - 2>/dev/null)"
  done
else
  bad "wide edition: build failed"
fi

# facing pages, English and Vietnamese: the Vietnamese pages beside
# English 2-10 are blank but for the note, and the report says so
cat > "$tmp/facing.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<layout name="gaps-facing" extends="$PWD/layouts/facing.xml">
  <parallel mode="facing" alignment="align.xml" select="g2"/>
</layout>
EOF
if "$BK" build --strict --report --trace "$tmp/facing.trace" "$tmp/facing.xml" \
     "$tmp/river-en.xml" "$tmp/river-vi.xml" -o "$tmp/facing.pdf" > "$tmp/facing.rep" 2>/dev/null; then
  ok
  report_figures facing "$tmp/facing.rep" 2
  no_holes facing "$tmp/facing.trace" 1 2 "$tmp/facing.rep"
  check "facing: a blank Vietnamese page is warned, the note its reason" \
    grep -qE '^  warning: page [0-9]+ is blank: vi has no parallel passage beside ten\.p[0-9]+ – ten\.p10 \(a note says so\)$' "$tmp/facing.rep"
  check "facing: a thin spread is put down to the alignment" \
    grep -qE '^  warning: pages [0-9]+-[0-9]+ are [0-9]+% full: forced by the alignment \(no parallel passage in vi\)$' "$tmp/facing.rep"
  check "facing: no page line for the half-title" bash -c "! grep -q '^  page 1:' '$tmp/facing.rep'"
else
  bad "facing edition: build failed"
fi

# ---- the shipped editions ------------------------------------------------
shipped() { # name layout facing langs...
  local name=$1 layout=$2 facing=$3; shift 3
  local xmls=() l
  for l in "$@"; do xmls+=(out/xml/$l.xml); done
  if ! "$BK" build --report --trace "$tmp/$name.trace" "$layout" "${xmls[@]}" \
       -o "$tmp/$name.pdf" > "$tmp/$name.rep" 2>/dev/null; then
    bad "$name: build failed"; return
  fi
  report_figures "$name" "$tmp/$name.rep" $#
  no_holes "$name" "$tmp/$name.trace" "$facing" $# "$tmp/$name.rep"
  timeline_langs "$name" "$tmp/$name.pdf" sources/events.xml "$layout" "$@"
}
shipped parallel-vi-zh-en layouts/opium-war/parallel-3.xml 0 vi zh en
shipped parallel-zh-en layouts/opium-war/parallel-facing.xml 1 zh en

echo "parallel-gaps: $pass passed, $fail failed"
[ $fail -eq 0 ]
