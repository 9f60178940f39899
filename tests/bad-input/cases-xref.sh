# Cross-references checked at load (sourced by run.sh): each dangling
# reference is reported at the file:line:col of the attribute that holds
# it, an error under --strict (exit 1, no output) and a warning otherwise
# (exit 0, the reference left out). Also the data-file mistakes that used
# to be blamed on the wrong file or given no position.

xr=$in/xref; mkdir -p "$xr"
# two small texts, en and vi, three passages each
xtext() { # lang
  cat > "$xr/$1.xml" <<XEOF
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Text $1</title></titleStmt>
      <publicationStmt><p>test</p></publicationStmt>
      <sourceDesc><p>test</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text xml:lang="$1">
    <body>
      <p xml:id="$1.p1">One. Two. Three.</p>
      <p xml:id="$1.p2">Four. Five.</p>
      <p xml:id="$1.p3">Six.</p>
    </body>
  </text>
</TEI>
XEOF
}
xtext en; xtext vi
# an alignment whose link on line 13 is LINK
xalign() { # name link-target
  cat > "$xr/$1" <<XEOF
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Alignment</title></titleStmt>
      <publicationStmt><p>test</p></publicationStmt>
      <sourceDesc><p>test</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text xml:lang="en">
    <body>
      <linkGrp type="alignment" xml:id="al">
        <link target="#en.p1 #vi.p1"/>
        <link target="$2"/>
      </linkGrp>
    </body>
  </text>
</TEI>
XEOF
}
# a parallel layout naming alignment FILE
xpar() { # layout-name alignment-file
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/columns.xml">\n  <parallel mode="columns" gap="6mm" alignment="%s" select="al"/>\n</layout>\n' \
    "$PWD" "$xr/$2" > "$in/$1"
}
xcase() { # name alignment-target regex-col message
  local name=$1 target=$2 re=$3
  local f=al-$(echo "$name" | tr -c 'a-z0-9\n' - ).xml
  xalign "$f" "$target"; xpar "par-$f" "$f"
  expect "xref: alignment $name (--strict)" 1 "$f:14:$re: error: $4" o.pdf -- \
    "$BKA" build --strict "$in/par-$f" "$xr/en.xml" "$xr/vi.xml" -o @OUT
  expect "xref: alignment $name (warning)" 0 "$f:14:$re: warning: $4" o.pdf -- \
    "$BKA" build "$in/par-$f" "$xr/en.xml" "$xr/vi.xml" -o @OUT
}
xcase "missing passage"    '#en.p2 #vi.p999'                 30 "alignment target '#vi.p999' names no passage"
xcase "no hash"            '#en.p2 vi.p2'                    30 "alignment target 'vi.p2' has no '#'"
xcase "file scheme"        '#en.p2 file:///etc/passwd#vi.p2' 30 "alignment target 'file:///etc/passwd#vi.p2' .*no URI scheme"
xcase "duplicate target"   '#en.p2 #vi.p2 #vi.p2'            37 "alignment target '#vi.p2' is already a target of this link"
xcase "sentence 0"         '#en.p2 #vi.p2@0'                 30 "alignment target '#vi.p2@0' names no sentence"
xcase "sentence -1"        '#en.p2 #vi.p2@-1'                30 "alignment target '#vi.p2@-1' names no sentence"
xcase "sentence past end"  '#en.p2 #vi.p2@3'                 30 "alignment target '#vi.p2@3' names a sentence past the end of vi.p2, which has 2"
xcase "absent language"    '#en.p2 #vi.p2 #fr.p2'            37 "alignment target '#fr.p2' names the language 'fr', which no text of this edition is in"
xcase "two of one text"    '#en.p2 #vi.p2 #en.p3'            37 "alignment target '#en.p3' is a second passage of .*en.xml in this link"
xcase "out of order"       '#en.p2 #vi.p1'                   30 "alignment target '#vi.p1' goes back in vi\\.xml"
xcase "one target"         '#en.p2'                          15 "an alignment link needs at least two targets"
xalign al-good.xml '#en.p2 #vi.p2@2'
xpar par-good.xml al-good.xml
expect -c '! grep -q "warning" <<<"$err"' \
  "xref: a good alignment builds without a word" 0 '' o.pdf -- "$BKA" build --strict "$in/par-good.xml" "$xr/en.xml" "$xr/vi.xml" -o @OUT

# validate: alone (syntax), with the texts (targets too)
expect "xref: validate alignment alone (@0)" 1 "al-sentence-0\.xml:14:30: error: .*names no sentence" - -- \
  "$BKA" validate "$xr/al-sentence-0.xml"
expect -c 'grep -q "al-missing-passage.xml: valid" <<<"$sout"' \
  "xref: validate alignment alone (no texts: targets unchecked)" 0 '' - -- "$BKA" validate "$xr/al-missing-passage.xml"
expect "xref: validate alignment with its texts" 1 "al-missing-passage\.xml:14:30: error: .*'#vi\.p999' names no passage" - -- \
  "$BKA" validate "$xr/al-missing-passage.xml" "$xr/en.xml" "$xr/vi.xml"
expect -c 'grep -q "al-good.xml: valid" <<<"$sout"' \
  "xref: validate a good alignment with its texts" 0 '' - -- "$BKA" validate "$xr/al-good.xml" "$xr/en.xml" "$xr/vi.xml"

# ---- events: dates, places, source passages --------------------------------
xevents() { # name event-attrs place-ptr source-ptr
  cat > "$xr/$1" <<XEOF
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Events</title></titleStmt>
      <publicationStmt><p>test</p></publicationStmt>
      <sourceDesc><p>test</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text xml:lang="en">
    <body>
      <listEvent xml:id="events">
        <event xml:id="ev.a" when="1860-10-18" where="places.xml#here"><label xml:lang="en">A</label></event>
        <event xml:id="ev.b" $2>
          <label xml:lang="en">B</label>
          <linkGrp type="places"><ptr target="$3"/></linkGrp>
          <linkGrp type="sources"><ptr target="$4"/></linkGrp>
        </event>
      </listEvent>
    </body>
  </text>
</TEI>
XEOF
}
cat > "$xr/places.xml" <<'XEOF'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Places</title></titleStmt>
      <publicationStmt><p>test</p></publicationStmt>
      <sourceDesc><p>test</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text xml:lang="en">
    <body>
      <listPlace>
        <place xml:id="here"><placeName>Here</placeName><location><geo>31.3 120.6</geo></location></place>
      </listPlace>
    </body>
  </text>
</TEI>
XEOF
xtl() { # layout-name events-file [extra attributes of the figure]
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><figure kind="timeline" src="%s" select="events" %s/></parts>\n</layout>\n' \
    "$PWD" "$xr/$2" "${3:-}" > "$in/$1"
}
xevcase() { # name rc|fault line:col message events-args...
  local name=$1 rc=$2 pos=$3 msg=$4; shift 4
  local f=ev-$(echo "$name" | tr -c 'a-z0-9\n' - ).xml
  xevents "$f" "$@"; xtl "tl-$f" "$f"
  if [ "$rc" = fault ]; then
    expect "xref: events $name (--strict)" 1 "$f:$pos: error: $msg" o.pdf -- "$BKA" build --strict "$in/tl-$f" "$xr/en.xml" -o @OUT
    expect "xref: events $name (warning)" 0 "$f:$pos: warning: $msg" o.pdf -- "$BKA" build "$in/tl-$f" "$xr/en.xml" -o @OUT
  else
    expect "xref: events $name" "$rc" "$f:$pos: error: $msg" o.pdf -- "$BKA" build "$in/tl-$f" "$xr/en.xml" -o @OUT
  fi
}
xevcase "place key missing"      fault 16:39 'target="places\.xml#nowhere": the places file has no place with xml:id "nowhere"' \
  'when="1860-10-24"' 'places.xml#nowhere' 'en.xml#en.p1'
xevcase "source passage missing" fault 17:40 'target="en\.xml#en\.p99": the source has no passage with xml:id "en\.p99"' \
  'when="1860-10-24"' 'places.xml#here' 'en.xml#en.p99'
xevcase "notAfter not ISO"       1 14:50 'event "ev\.b": notAfter="1860-13" is not an ISO date' \
  'notBefore="1860-05" notAfter="1860-13"' 'places.xml#here' 'en.xml#en.p1'
xevents ev-good.xml 'when="1860-10-24"' 'places.xml#here' 'en.xml#en.p1'
xtl tl-good.xml ev-good.xml
expect -c '! grep -q "warning" <<<"$err"' \
  "xref: good events build without a word" 0 '' o.pdf -- "$BKA" build --strict "$in/tl-good.xml" "$xr/en.xml" -o @OUT
xtl tl-detail.xml ev-good.xml 'detail-from="1860-10-01" detail-to="1860-10-32"'
expect "xref: timeline detail-to not ISO, at the layout" 1 'tl-detail\.xml:3:[0-9]+: error: detail-to="1860-10-32" is not (an ISO date|a date)' o.pdf -- \
  "$BKA" build "$in/tl-detail.xml" "$xr/en.xml" -o @OUT

# ---- tables: a column the table lacks, at the layout's columns --------------
xtable() { # layout-name columns
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><part src="%s/sources/treaties.xml" select="peking-clauses" columns="%s"/></parts>\n</layout>\n' \
    "$PWD" "$PWD" "$2" > "$in/$1"
}
xtable tab-col.xml 'party vn sources'
expect "xref: table column missing (--strict)" 1 "tab-col\.xml:3:[0-9]+: error: table \"peking-clauses\" has no column 'vn'" o.pdf -- \
  "$BKA" build --strict "$in/tab-col.xml" "$xr/en.xml" -o @OUT
expect "xref: table column missing (warning)" 0 "tab-col\.xml:3:[0-9]+: warning: table \"peking-clauses\" has no column 'vn'" o.pdf -- \
  "$BKA" build "$in/tab-col.xml" "$xr/en.xml" -o @OUT

# ---- a table too wide for the measure: a clear message at the part ---------
{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader><fileDesc><titleStmt><title>Wide</title></titleStmt><publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader>\n  <text xml:lang="en"><body>\n<table xml:id="wide"><row role="label">'
  awk 'BEGIN { for (i = 0; i < 5000; i++) printf "<cell n=\"c%d\">c</cell>", i }'
  printf '</row></table>\n</body></text>\n</TEI>\n'; } > "$xr/wide.xml"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><part src="%s" select="wide"/></parts>\n</layout>\n' \
  "$PWD" "$xr/wide.xml" > "$in/tab-wide.xml"
expect "xref: 5000-column table" 1 'tab-wide\.xml:3:[0-9]+: error: a table of 5000 columns does not fit the measure' o.pdf -- \
  "$BKA" build "$in/tab-wide.xml" "$xr/en.xml" -o @OUT
sed 's|<body>|<body>\n<p>Before.</p>|' "$xr/wide.xml" > "$xr/wide-source.xml"
expect "xref: 5000-column table in a source" 1 'wide-source\.xml:[0-9]+: error: a table of 5000 columns does not fit the measure' o.pdf -- \
  "$BKA" build "$PWD/layouts/handout.xml" "$xr/wide-source.xml" -o @OUT

# ---- a map whose src is not a definition file: said at the layout ------------
printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><figure kind="map" name="nowhere" src="%s"/></parts>\n</layout>\n' \
  "$PWD" "$xr" > "$in/map-dir.xml"
expect "xref: map src is a folder" 1 'map-dir\.xml:3:[0-9]+: error: map "nowhere": src=".*": not a file' o.pdf -- \
  "$BKA" build "$in/map-dir.xml" "$xr/en.xml" -o @OUT
printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><figure kind="map" name="nowhere" src="nowhere.xml"/></parts>\n</layout>\n' \
  "$PWD" > "$in/map-none.xml"
expect "xref: map src missing" 1 'map-none\.xml:3:[0-9]+: error: map "nowhere": src=".*nowhere\.xml": No such file' o.pdf -- \
  "$BKA" build "$in/map-none.xml" "$xr/en.xml" -o @OUT
# data files given alongside are not texts of the alignment: left aside
expect -c 'grep -q "al-good.xml: valid" <<<"$sout"' \
  "xref: validate an alignment beside data files" 0 '' - -- "$BKA" validate "$xr/al-good.xml" "$xr/places.xml" "$xr/en.xml" "$xr/vi.xml"
