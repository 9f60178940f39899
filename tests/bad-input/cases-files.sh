# cases-files.sh — sourced by run.sh: what booklet reads and what it
# replaces (issue 15: D3, D4, D5, D7, D8, D11, D12, D16, D17; issue 20:
# --deps). Inputs are regular files only, opened without blocking; paths
# named in data files stay inside the allowed folders; outputs replace only
# a regular file (or nothing), never an input, and keep its permissions.

fd=$in/files; mkdir -p "$fd/sub" "$fd/adir"
mkfifo "$fd/fifo.xml" "$fd/fifo.txt" "$fd/fifo.rules" "$fd/fifo.dic" "$fd/fifo.ttf" "$fd/out-fifo"
: > "$fd/empty.dic"
printf 'root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n' > "$in/secret"
ln -s /proc/self/environ "$fd/environ.xml"
ln -s "$in/secret" "$fd/sub/escape.rules"
# a layout in $fd with its own line added before </layout>
flay() { sed "s|../../fonts/fonts.xml|$PWD/fonts/fonts.xml|; s|</layout>|  $2\n</layout>|" "$D/layout-base.xml" > "$fd/$1"; }
BF=("$BKA" build --strict)

# D4: a FIFO as any input is refused at once, never waited on
expect -t 5 "files: FIFO as a TEI source"    1 'fifo\.xml: error: is not a regular file \(a FIFO\)' o.pdf -- "${BF[@]}" "$L" "$fd/fifo.xml" -o @OUT
expect -t 5 "files: FIFO as a text source"   1 'fifo\.txt: error: is not a regular file \(a FIFO\)' o.pdf -- "$BKA" build --lang en "$fd/fifo.txt" -o @OUT
expect -t 5 "files: FIFO to ingest"          1 'fifo\.txt: error: is not a regular file \(a FIFO\)' o.xml -- "$BKA" ingest --lang en "$fd/fifo.txt" -o @OUT
expect -t 5 "files: FIFO as rules"           1 'fifo\.rules: error: is not a regular file \(a FIFO\)' o.xml -- "$BKA" ingest --lang en --rules "$fd/fifo.rules" "$src" -o @OUT
expect -t 5 "files: FIFO as catalog"         1 'fifo\.xml: error: is not a regular file \(a FIFO\)' o.xml -- "$BKA" ingest --catalog "$fd/fifo.xml" "$src" -o @OUT
expect -t 5 "files: FIFO to validate"        1 'fifo\.xml: error: is not a regular file \(a FIFO\)' - -- "$BKA" validate "$fd/fifo.xml"
expect -t 5 "files: FIFO as layout"          1 'fifo\.xml: error: is not a regular file \(a FIFO\)' o.pdf -- "${BF[@]}" "$fd/fifo.xml" "$good" -o @OUT
sed "s|../../fonts/fonts.xml|fifo.xml|" "$D/layout-base.xml" > "$fd/fonts-fifo.xml"
expect -t 5 "files: FIFO as fonts href"      1 'fonts-fifo\.xml:[0-9]+:[0-9]+: error: .fifo\.xml. is not a regular file \(a FIFO\)' o.pdf -- "${BF[@]}" "$fd/fonts-fifo.xml" "$good" -o @OUT
sed "s|/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf|fifo.ttf|" fonts/fonts.xml > "$fd/fonts-ttf-fifo.xml"
sed "s|../../fonts/fonts.xml|fonts-ttf-fifo.xml|" "$D/layout-base.xml" > "$fd/font-fifo.xml"
expect -t 5 "files: FIFO as a font file"     1 'fonts-ttf-fifo\.xml:[0-9]+: error: font .serif.: .*fifo\.ttf is not a regular file \(a FIFO\)' o.pdf -- "${BF[@]}" "$fd/font-fifo.xml" "$good" -o @OUT
flay part-fifo.xml '<parts><part src="fifo.xml" select="x"/></parts>'
expect -t 5 "files: FIFO as a part's src"    1 'part-fifo\.xml:[0-9]+:[0-9]+: error: .fifo\.xml. is not a regular file \(a FIFO\)' o.pdf -- "${BF[@]}" "$fd/part-fifo.xml" "$good" -o @OUT
flay tl-fifo.xml '<parts><figure kind="timeline" src="fifo.xml" select="events"/></parts>'
expect -t 5 "files: FIFO as a timeline src"  1 'tl-fifo\.xml:[0-9]+:[0-9]+: error: .fifo\.xml. is not a regular file \(a FIFO\)' o.pdf -- "${BF[@]}" "$fd/tl-fifo.xml" "$good" -o @OUT

# D3: hyphenation patterns go through the same opener; libhyphen only ever
# gets the bytes read
flay pat-fifo.xml '<hyphenation lang="en" patterns="fifo.dic"/>'
flay pat-dir.xml '<hyphenation lang="en" patterns="adir"/>'
flay pat-empty.xml '<hyphenation lang="en" patterns="empty.dic"/>'
flay pat-zero.xml '<hyphenation lang="en" patterns="/dev/zero"/>'
flay pat-environ.xml '<hyphenation lang="en" patterns="environ.xml"/>'
expect -t 5 "files: patterns a FIFO"         1 'pat-fifo\.xml:[0-9]+:[0-9]+: error: .fifo\.dic. is not a regular file \(a FIFO\)' o.pdf -- "${BF[@]}" "$fd/pat-fifo.xml" "$good" -o @OUT
expect -t 5 "files: patterns a folder"       1 'pat-dir\.xml:14:36: error: .adir. is not a regular file \(a directory\)' o.pdf -- "${BF[@]}" "$fd/pat-dir.xml" "$good" -o @OUT
expect -t 5 "files: patterns empty"          1 'empty\.dic: error: cannot load hyphenation patterns' o.pdf -- "${BF[@]}" "$fd/pat-empty.xml" "$good" -o @OUT
expect -t 5 "files: patterns /dev/zero"      1 "pat-zero\.xml:[0-9]+: error: '/dev/zero' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/pat-zero.xml" "$good" -o @OUT
expect -t 5 "files: patterns link to /proc"  1 "pat-environ\.xml:[0-9]+: error: 'environ\.xml' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/pat-environ.xml" "$good" -o @OUT
# named on the command line, the opener itself refuses them
expect -t 5 "files: /proc entry to validate" 1 'environ: error: is not a regular file \(a /proc or /sys entry\)' - -- "$BKA" validate /proc/self/environ
expect -t 5 "files: link to /proc"           1 'environ\.xml: error: is not a regular file \(a /proc or /sys entry\)' - -- "$BKA" validate "$fd/environ.xml"
expect -t 5 "files: a device to validate"    1 'zero: error: is not a regular file \(a device\)' - -- "$BKA" validate /dev/zero
expect -t 5 "files: a folder as source"      1 'adir: error: is not a regular file \(a directory\)' o.pdf -- "${BF[@]}" "$L" "$fd/adir" -o @OUT

# paths named in data files stay inside the allowed folders
flay abs-fonts.xml '' ; sed -i "s|<fonts href=\"[^\"]*\"/>|<fonts href=\"$in/secret\"/>|" "$fd/abs-fonts.xml"
mkdir -p "$fd/deep"; sed "s|../../fonts/fonts.xml|../../secret|" "$D/layout-base.xml" > "$fd/deep/up-fonts.xml"
ln -sf "$in/secret" "$fd/link-out.xml"; sed "s|../../fonts/fonts.xml|link-out.xml|" "$D/layout-base.xml" > "$fd/link-fonts.xml"
expect -c '! grep -q "root:" <<<"$err"' \
       "files: absolute path out of the roots" 1 "abs-fonts\.xml:[0-9]+: error: '.*secret' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/abs-fonts.xml" "$good" -o @OUT
expect "files: .. out of the roots"          1 "up-fonts\.xml:[0-9]+: error: '\.\./\.\./secret' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/deep/up-fonts.xml" "$good" -o @OUT
expect "files: symlink out of the roots"     1 "link-fonts\.xml:[0-9]+: error: 'link-out\.xml' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/link-fonts.xml" "$good" -o @OUT
flay extends-abs.xml ''; sed -i "s|<layout name=\"repro\">|<layout name=\"repro\" extends=\"$in/secret\">|" "$fd/extends-abs.xml"
expect "files: extends out of the roots"     1 "extends-abs\.xml:[0-9]+: error: '.*secret' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/extends-abs.xml" "$good" -o @OUT
flay part-abs.xml "<parts><part src=\"$in/secret\" select=\"x\"/></parts>"
expect "files: part src out of the roots"    1 "part-abs\.xml:[0-9]+: error: '.*secret' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/part-abs.xml" "$good" -o @OUT
sed "s|/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf|$in/secret|" fonts/fonts.xml > "$fd/fonts-abs-face.xml"
sed "s|../../fonts/fonts.xml|fonts-abs-face.xml|" "$D/layout-base.xml" > "$fd/face-abs.xml"
expect "files: font file out of the roots"   1 "fonts-abs-face\.xml:[0-9]+: error: '.*secret' is outside the allowed folders" o.pdf -- "${BF[@]}" "$fd/face-abs.xml" "$good" -o @OUT
# --root widens the root; the same layout then reads the file (and fails on
# it as a fonts configuration, without quoting it)
expect -c '! grep -q "root:" <<<"$err"' \
       "files: --root lets it in"            1 'secret:1:[0-9]+: error: ' o.pdf -- "${BF[@]}" --root "$in" "$fd/deep/up-fonts.xml" "$good" -o @OUT

# D5: a catalog's rules stay in its folder or below, and a file that is not
# a rules file is never quoted
mkdir -p "$fd/cat/sub"; cp "$src" "$fd/cat/s.txt"
printf '<?xml version="1.0"?>\n<catalog>\n  <source file="s.txt" lang="en" rules="../../secret"/>\n</catalog>\n' > "$fd/cat/catalog.xml"
expect -c '! grep -q "root:" <<<"$err"' \
       "files: catalog rules climb out"      1 "catalog\.xml:3: error: '\.\./\.\./secret' is outside this file's folder" o.xml -- "$BKA" ingest "$fd/cat/s.txt" -o @OUT
mkdir -p "$fd/cat2"; cp "$src" "$fd/cat2/s.txt"; ln -s "$in/secret" "$fd/cat2/r.rules"
printf '<?xml version="1.0"?>\n<catalog>\n  <source file="s.txt" lang="en" rules="r.rules"/>\n</catalog>\n' > "$fd/cat2/catalog.xml"
expect -c '! grep -q "root:" <<<"$err"' \
       "files: catalog rules by a link out"  1 "catalog\.xml:3: error: 'r\.rules' is outside this file's folder" o.xml -- "$BKA" ingest "$fd/cat2/s.txt" -o @OUT
expect -c '! grep -q "root:" <<<"$err"' \
       "files: rules that are not rules"     1 "secret:1:1: error: expected 'replace' or 'mark'" o.xml -- "$BKA" ingest --lang en --rules "$in/secret" "$src" -o @OUT

# D7: only a regular file (or nothing) is ever replaced
expect -c '[ -c /dev/null ]' \
       "files: -o /dev/null"                 1 'null: error: output is not a regular file \(a device\)' - -- "${BF[@]}" "$L" "$good" -o /dev/null
expect -t 5 -c '[ -p "$in/files/out-fifo" ]' \
       "files: -o a FIFO"                    1 'out-fifo: error: output is not a regular file \(a FIFO\)' - -- "${BF[@]}" "$L" "$good" -o "$fd/out-fifo"
expect -c '[ -c /dev/null ]' \
       "files: ingest -o /dev/null"          1 'null: error: output is not a regular file' - -- "$BKA" ingest --lang en "$src" -o /dev/null
expect -c '[ -c /dev/null ]' \
       "files: --trace /dev/null"            1 'null: error: output is not a regular file' o.pdf -- "${BF[@]}" "$L" "$good" --trace /dev/null -o @OUT

# D8: no output replaces an input of the run
cp fonts/fonts.xml "$fd/fonts-copy.xml"; cp fonts/fonts.xml "$fd/fonts-copy.orig"
sed "s|../../fonts/fonts.xml|fonts-copy.xml|" "$D/layout-base.xml" > "$fd/own-fonts.xml"
expect -c 'cmp -s "$in/files/fonts-copy.xml" "$in/files/fonts-copy.orig"' \
       "files: -o the fonts configuration"   1 'fonts-copy\.xml: error: output is also an input' - -- "${BF[@]}" "$fd/own-fonts.xml" "$good" -o "$fd/fonts-copy.xml"
cp /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf "$fd/serif.ttf"
sed "s|/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf|serif.ttf|" fonts/fonts.xml > "$fd/fonts-local.xml"
sed "s|../../fonts/fonts.xml|fonts-local.xml|" "$D/layout-base.xml" > "$fd/local-font.xml"
expect -c 'cmp -s "$in/files/serif.ttf" /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf' \
       "files: -o a font file"               1 'serif\.ttf: error: output is also an input' - -- "${BF[@]}" "$fd/local-font.xml" "$good" -o "$fd/serif.ttf"
cp sources/treaties.xml "$fd/treaties.xml"
printf '<?xml version="1.0"?>\n<layout extends="handout">\n  <parts><part src="treaties.xml" select="peking-clauses" columns="party @lang sources"/></parts>\n</layout>\n' > "$fd/own-part.xml"
expect -t 60 -c 'cmp -s "$in/files/treaties.xml" sources/treaties.xml' \
       "files: -o a part's data file"        1 'treaties\.xml: error: output is also an input' - -- "${BF[@]}" "$fd/own-part.xml" "$good" -o "$fd/treaties.xml"
expect "files: --trace is -o"                2 'named as two outputs' - -- "${BF[@]}" "$L" "$good" --trace "$fd/same.pdf" -o "$fd/same.pdf"
cp sources/en-battle-of-baliqiao.rules "$fd/r.rules"
expect -c 'cmp -s "$in/files/r.rules" sources/en-battle-of-baliqiao.rules' \
       "files: ingest -o the rules"          1 'r\.rules: error: output is also an input' - -- "$BKA" ingest --lang en --rules "$fd/r.rules" "$src" -o "$fd/r.rules"
mkdir -p "$fd/cat3"; cp "$src" "$fd/cat3/s.txt"
printf '<?xml version="1.0"?>\n<catalog>\n  <source file="s.txt" lang="en"/>\n</catalog>\n' > "$fd/cat3/catalog.xml"
cp "$fd/cat3/catalog.xml" "$fd/cat3.orig"
expect -c 'cmp -s "$in/files/cat3/catalog.xml" "$in/files/cat3.orig"' \
       "files: ingest -o the catalog beside" 1 'catalog\.xml: error: output is also an input' - -- "$BKA" ingest "$fd/cat3/s.txt" -o "$fd/cat3/catalog.xml"

# D12: the trace is written only when the whole build succeeds
expect "files: no trace from a failed build" 1 '/nonexistent/dir/o\.pdf: error: ' t.txt -- "${BF[@]}" "$L" "$good" --trace @OUT -o /nonexistent/dir/o.pdf

# D16: a date past year 9999 is refused, not written malformed
expect "files: SOURCE_DATE_EPOCH past 9999"  2 'SOURCE_DATE_EPOCH=253402300800 is after the year 9999' o.pdf -- env SOURCE_DATE_EPOCH=253402300800 "${BF[@]}" "$L" "$good" -o @OUT

# D17: a replaced file keeps its permissions
expect -c '[ "$(stat -c %a "$out")" = 600 ]' \
       "files: a 0600 output stays 0600"     0 '' o.pdf -- bash -c 'umask 022; : > "$1"; chmod 600 "$1"; shift; "$@"' _ @OUT "${BF[@]}" "$L" "$good" -o @OUT

# D11: a signal while the output is written leaves no temporary file (the
# fchmod before the rename is delayed by strace, so the signal lands while
# the file exists)
if command -v strace >/dev/null 2>&1; then
  for sig in INT TERM HUP; do
    mkdir -p "$tmp/sig$sig"
    expect -t 60 -c '[ -z "$(ls -A "$(dirname "$out")")" ]' \
      "files: SIG$sig while writing"          0 '' - -- bash -c '
        d=$1 sig=$2; shift 2
        strace -f -o /dev/null -e trace=fchmod -e inject=fchmod:delay_enter=3000000 "$@" -o "$d/o.pdf" 2>/dev/null & p=$!
        for i in $(seq 200); do ls "$d" | grep -q tmp- && break; sleep 0.1; done
        ls "$d" | grep -q tmp- || { echo "error: no temporary file seen" >&2; exit 1; }
        pkill -'"$sig"' -P $p; wait $p; sleep 0.2
        [ -z "$(ls -A "$d")" ] || { echo "error: left behind: $(ls -A "$d")" >&2; exit 1; }' _ "$tmp/sig$sig" "$sig" "$BK" build "$L" "$good"
  done
fi

# issue 20: --deps lists every file the build read, in Make syntax
expect -t 120 -c 'for f in layouts/opium-war/handout.xml layouts/handout.xml fonts/fonts.xml \
         /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf sources/treaties.xml \
         sources/events.xml sources/places.xml sources/geo/campaign_land.gmt \
         /usr/share/hyphen/hyph_en_US.dic "$good" "$good" ; do grep -q "^ *$f\( \\\\\)*$" "$out" || exit 1; done; \
         head -1 "$out" | grep -q "^.*deps\.pdf: \\\\$" && grep -q "^fonts/fonts.xml:$" "$out"' \
       "files: --deps lists every input"     0 '' o.d -- "$BKA" build layouts/opium-war/handout.xml "$good" -o "$tmp/deps.pdf" --deps @OUT
expect "files: no deps from a failed build"  1 'malformed\.xml:3:[0-9]+: error: ' o.d -- "${BF[@]}" "$L" "$D/malformed.xml" -o "$tmp/deps2.pdf" --deps @OUT
expect -c 'grep -q "^ *sources/en-battle-of-baliqiao\.rules" "$out" && grep -q "^ *sources/catalog\.xml" "$out"' \
       "files: ingest --deps"                0 '' o.d -- "$BKA" ingest "$src" -o "$tmp/deps.xml" --deps @OUT
