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
