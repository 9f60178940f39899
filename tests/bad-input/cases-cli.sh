# Bad-input cases of the command line (issue 14, item 6) and of the way
# diagnostics are printed (item 4). Sourced by tests/bad-input/run.sh.

# two schema errors in one TEI document, a bad byte at line 4 col 5
sed 's|<p>Some text.</p>|<p>Some <blink>text</blink>.</p>\n      <p>More <marquee>text</marquee>.</p>|' \
  "$D/tei-min.xml" > "$in/cli-two-errors.xml"
printf 'Title\n\nGood line\nbad \xff byte here\n' > "$in/cli-badbyte.txt"
printf 'Title\n\nGood line\nbad \x1b[2J\xc2\x85 here \xff\n' > "$in/cli-escape.txt"

# ---- options
expect "cli: unknown option"                 2 'unknown option --frobnicate'              - -- "$BKA" build --frobnicate "$good"
expect "cli: unknown short option"           2 'unknown option -Z'                        - -- "$BKA" ingest -Z "$src"
expect -c 'grep -q "hint: did you mean --layout?" <<<"$err"' \
  "cli: a misspelt option, and the nearest" 2 'unknown option --layuot'                 - -- "$BKA" build --layuot "$good"
expect -c '! grep -q "did you mean" <<<"$err"' \
  "cli: no hint for an option nothing is near"  2 'unknown option --frobnicate'          - -- "$BKA" build --frobnicate "$good"
expect "cli: option without its value"       2 '--lang needs a value'                     - -- "$BKA" build "$good" --lang
expect "cli: --output=KIND is a usage error" 2 'hint: use --print FILE or --imposed FILE' - -- "$BKA" build --output=print "$good"
expect "cli: --output KIND is a usage error" 2 'names the output file now'                - -- "$BKA" build "$good" --output imposed
expect "cli: --kind is gone"                 2 'unknown option --kind'                    - -- "$BKA" build --kind print "$good"
expect "cli: --color=sometimes"              2 'use auto, always or never'                - -- "$BKA" validate --color=sometimes "$good"
expect "cli: --diagnostics=xml"              2 'use text or json'                         - -- "$BKA" validate --diagnostics=xml "$good"
expect "cli: two layouts"                    2 'a second layout'                          - -- "$BKA" build "$L" "$L" "$good"
expect "cli: two outputs, one file"          2 'two outputs are both'                     - -- "$BKA" build -o "$tmp/same.pdf" --print "$tmp/same.pdf" "$good"
expect "cli: --opt=value forms"              0 '' o.pdf -- "$BKA" build --layout="$L" --lang=en --output=@OUT --creep=1 "$good"
expect "cli: --opt value forms"              0 '' o.pdf -- "$BKA" build --layout "$L" --output @OUT "$good"
expect -c '[ -z "$err" ]' \
  "cli: -q, options after arguments"    0 '' o.xml -- "$BKA" ingest "$src" -q -o @OUT
expect -c '[ "$(wc -l <<<"$err")" -eq 1 ] && grep -q "\"hint\":\"'"'"'booklet build --help'"'"' lists the options\"" <<<"$err"' \
  "cli: a usage error as JSON, even before --diagnostics" 2 '^\{"severity":"error","file":null,"line":0,"col":0,"message":"unknown option --frobnicate"' - -- "$BKA" build --frobnicate "$good" --diagnostics=json
expect -c 'grep -q "hint: did you mean .build.?" <<<"$err"' \
  "cli: unknown command, with a suggestion" 2 "unknown command 'bulid'" - -- "$BKA" bulid "$good"
expect -c '[ -z "$err" ]' \
  "cli: common options before the command"   0 '' o.pdf -- "$BKA" -q --color=never build "$L" "$good" -o @OUT
expect "cli: --diagnostics json before the command" 1 '^\{"severity":"error","file":"[^"]*nothere\.txt"' o.pdf -- "$BKA" --diagnostics json build "$L" "$in/nothere.txt" -o @OUT
expect "cli: layout told by its root, not its place" 0 '' o.pdf -- "$BKA" build "$good" "$L" -o @OUT
expect -c 'for f in "$out" "$in/cli-print.pdf" "$in/cli-imposed.pdf"; do [ "$(head -c 4 "$f")" = %PDF ] || exit 1; done' \
  "cli: print and imposed in one run"   0 '' o.pdf -- "$BKA" build "$L" "$good" -o @OUT --print "$in/cli-print.pdf" --imposed="$in/cli-imposed.pdf"
expect -c '[ "$(printf %s "$sout" | head -c 4)" = %PDF ]' \
  "cli: -o - writes the PDF to standard output" 0 '' - -- "$BKA" build -o - "$good"
expect -c 'grep -q "<TEI" <<<"$sout"' \
  "cli: ingest -o - writes the XML to standard output" 0 '' - -- "$BKA" ingest --lang=en "$src" -o -

# ---- diagnostics
NOESC='[ "$(printf %s "$err" | tr -dc "\033" | wc -c)" -eq 0 ]'
expect -c '[ "$(grep -c "error: " <<<"$err")" -ge 2 ]' \
  "diag: two errors in one input, both reported" 1 'cli-two-errors\.xml:[0-9]+(:[0-9]+)?: error' - -- "$BKA" validate "$in/cli-two-errors.xml"
expect -c 'grep -qx " 4 | bad <0xFF> byte here" <<<"$err" && grep -qx "   |     ^" <<<"$err"' \
  "diag: the source line and a caret" 1 'cli-badbyte\.txt:4:5: error' o.xml -- "$BKA" ingest --lang en "$in/cli-badbyte.txt" -o @OUT
expect -c 'grep -q "<U+001B>\[2J<U+0085>" <<<"$err" && '"$NOESC"' && ! printf %s "$err" | grep -q "$(printf "\302\205")"' \
  "diag: control characters never echoed" 1 'cli-escape\.txt:4:[0-9]+: error' o.xml -- "$BKA" ingest --lang en "$in/cli-escape.txt" -o @OUT
expect -c "$NOESC" \
  "diag: no colour when not a terminal" 1 'error' o.xml -- "$BKA" ingest --lang en "$in/cli-badbyte.txt" -o @OUT
expect -c "$NOESC" \
  "diag: NO_COLOR with --color=auto" 1 'error' o.xml -- env NO_COLOR=1 "$BKA" ingest --color=auto --lang en "$in/cli-badbyte.txt" -o @OUT
expect -c '[ "$(printf %s "$err" | tr -dc "\033" | wc -c)" -gt 0 ]' \
  "diag: --color=always colours" 1 'error' o.xml -- "$BKA" ingest --color=always --lang en "$in/cli-badbyte.txt" -o @OUT
# JSON lines carry no "error: " for the suite's check: json_run passes
# them on, checks that each line parses and then says so as an error line
json_run() {
  local e rc
  e=$("$@" 2>&1 >/dev/null); rc=$?
  printf '%s\n' "$e" >&2
  printf '%s\n' "$e" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    assert r["severity"] in ("error", "warning") and {"file", "line", "col", "message", "hint"} <= set(r)
' || return 99
  echo "json_run: error: every line above is a JSON object" >&2
  return $rc
}
export -f json_run
expect "diag: --diagnostics=json parses" 1 '"severity":"error","file":"[^"]*cli-escape\.txt","line":4' o.xml \
  -- bash -c 'json_run "$@"' _ "$BKA" ingest --diagnostics=json --lang en "$in/cli-escape.txt" -o @OUT
expect -c '! grep -q "warning:" <<<"$err"' \
  "diag: -q hides warnings" 1 'error' o.xml -- "$BKA" ingest -q "$in/cli-badbyte.txt" -o @OUT
