# Bad-input cases added by the lead in the session of 2026-12-06 (issue 14:
# positions for every reference a layout makes). Sourced by run.sh.

# a part whose select names no element of its file: at the layout's select,
# with the nearest id
printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><part src="%s/sources/treaties.xml" select="peking-clause"/></parts>\n</layout>\n' \
  "$PWD" "$PWD" > "$in/sel-none.xml"
expect -c 'grep -q "did you mean \"peking-clauses\"" <<<"$err"' \
  "xref: part select names nothing" 1 'sel-none\.xml:3:[0-9]+: error: select="peking-clause": treaties\.xml has no element with this xml:id' o.pdf -- \
  "$BKA" build "$in/sel-none.xml" "$good" -o @OUT
printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><figure kind="timeline" src="%s/sources/events.xml" select="evnets"/></parts>\n</layout>\n' \
  "$PWD" "$PWD" > "$in/sel-tl.xml"
expect -c 'grep -q "did you mean \"events\"" <<<"$err"' \
  "xref: timeline select names nothing" 1 'sel-tl\.xml:3:[0-9]+: error: select="evnets": events\.xml has no element' o.pdf -- \
  "$BKA" build "$in/sel-tl.xml" "$good" -o @OUT

# a plain text whose TEI would pass the element limit: at the text's line,
# not at a line of the TEI generated from it
# (the release build: 210 000 paragraphs under the sanitizers take a minute on a busy machine)
awk 'BEGIN { print "Title\n"; for (i = 0; i < 210000; i++) printf "Para %d.\n\n", i }' > "$in/big-elements.txt"
expect -t 120 -c 'l=$(grep -o "big-elements\.txt:[0-9]*" <<<"$err" | head -1 | cut -d: -f2); sed -n "${l}p" "$in/big-elements.txt" | grep -q "^Para 1999"' \
  "limits: a text past 200 000 elements, at its own line" 1 'big-elements\.txt:[0-9]+: error: more than 200000 elements in one document \(the TEI this text becomes\)' o.pdf -- \
  "$BK" build --lang en "$in/big-elements.txt" -o @OUT

# fontconfig's font folders are allowed folders (issue 15, item 4): a font
# file in a folder that only fontconfig's configuration names
mkdir -p "$in/fcl" "$in/fcf"
cp /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf "$in/fcf/"
sed "s|/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf|../fcf/NotoSerif-Regular.ttf|" fonts/fonts.xml > "$in/fcl/fonts.xml"
sed "s|../../fonts/fonts.xml|fonts.xml|" "$D/layout-base.xml" > "$in/fcl/layout.xml"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir></fontconfig>\n' "$in/fcf" > "$in/fc.conf"
expect "paths: a font outside the allowed folders" 1 "fonts\.xml:[0-9]+: error: '\.\./fcf/NotoSerif-Regular\.ttf' is outside the allowed folders" o.pdf -- \
  "$BKA" build "$in/fcl/layout.xml" "$good" -o @OUT
expect "paths: the same font in a folder fontconfig names" 0 '' o.pdf -- \
  env FONTCONFIG_FILE="$in/fc.conf" "$BKA" build -q "$in/fcl/layout.xml" "$good" -o @OUT

# a timeline whose select names a table: at the layout, naming both kinds
printf '<?xml version="1.0" encoding="UTF-8"?>\n<layout name="x" extends="%s/layouts/handout.xml">\n  <parts><figure kind="timeline" src="%s/sources/treaties.xml" select="peking-clauses"/></parts>\n</layout>\n' \
  "$PWD" "$PWD" > "$in/sel-kind.xml"
expect "xref: timeline select names a table" 1 'sel-kind\.xml:3:[0-9]+: error: select="peking-clauses" names a <table> of treaties\.xml, not a <listEvent>' o.pdf -- \
  "$BKA" build "$in/sel-kind.xml" "$good" -o @OUT

# rules files: a misspelt keyword, condition or role gets a suggestion
printf 'replce r1 "a" -> "b"\n' > "$in/typo-kw.rules"
printf 'replace r1 "a" -> "b" neer=han\n' > "$in/typo-cond.rules"
printf 'mark m1 captoin line=3\n' > "$in/typo-role.rules"
expect -c 'grep -q "hint: did you mean .replace.?" <<<"$err"' \
  "rules: misspelt keyword" 1 'typo-kw\.rules:1:1: error: expected .replace. or .mark.' o.xml -- "$BKA" ingest --lang en --rules "$in/typo-kw.rules" "$src" -o @OUT
expect -c 'grep -q "hint: did you mean .near=.?" <<<"$err"' \
  "rules: misspelt condition" 1 "typo-cond\.rules:1:23: error: unknown condition 'neer'" o.xml -- "$BKA" ingest --lang en --rules "$in/typo-cond.rules" "$src" -o @OUT
expect -c 'grep -q "hint: did you mean .caption.?" <<<"$err"' \
  "rules: misspelt role" 1 'typo-role\.rules:1:9: error: expected a role' o.xml -- "$BKA" ingest --lang en --rules "$in/typo-role.rules" "$src" -o @OUT
