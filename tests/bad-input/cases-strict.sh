# cases-strict.sh — --strict means the booklet has no fault (docs/DIAGNOSTICS.md).
# Sourced by run.sh (expect, $D, $in, $BK, $BKA, $good, lay). Each fault is
# forced in a tiny text of its own and must fail `build --strict` (exit 1,
# nothing written, the fault named with its page), while the same build
# without --strict writes the PDF and prints the fault as a warning. The
# handouts and editions `make` builds must pass --strict.

# ---- inputs ------------------------------------------------------------------
# A measure of 29 mm (60 mm page, 31 mm of margins): a 90-letter word
# cannot fit, so it is broken where it has no break point (an emergency
# break; the breaker never leaves a word overfull while it may break it),
# and a line holding only a piece of it cannot stretch to the measure
# (underfull). Both are faults, on page 1.
lay strict-narrow.xml 's|width="148mm"|width="60mm"|'
{ echo "A Title"; echo
  echo "A paragraph with Pneumonoultramicroscopicsilicovolcanoconiosisandevenlongerwordsthatneverendatall inside it, and words after it."
} > "$in/strict-long.txt"
"$BK" ingest --lang en "$in/strict-long.txt" -o "$in/strict-long.xml" 2>/dev/null
# Kinsoku: clreq keeps a closing bracket 」 off a line start, and the
# breaker obeys; a run of 40 of them is wider than the measure, so the run
# must be broken somewhere inside it and the next line starts with 」 — the
# one way to force a violation (any shorter run is kept whole).
{ echo "标题"; echo; printf '字'; for i in $(seq 40); do printf '」'; done; echo '字字。'; } > "$in/strict-kinsoku.txt"
"$BK" ingest --lang zh-Hans "$in/strict-kinsoku.txt" -o "$in/strict-kinsoku.xml" 2>/dev/null
# Widow and orphan: a text area of one 30 pt line (51 mm page) cannot keep
# the two lines of a paragraph together, so its first line is alone at the
# foot of page 2 (orphan) and its last alone at the head of page 3 (widow).
lay strict-short.xml 's|height="210mm"|height="51mm"|; s|leading="14.5pt" align="justify"|leading="30pt" align="justify"|'
{ echo "A Title"; echo
  echo "This paragraph is long enough to need two lines on this page and then some more words to be sure."
} > "$in/strict-wo.txt"
"$BK" ingest --lang en "$in/strict-wo.txt" -o "$in/strict-wo.xml" 2>/dev/null
# Stranded heading: the same page with a title kept with what follows; the
# title (at the top of page 1) leaves no room for a 30 pt line below it, so
# the paragraph starts on page 2 and the title ends page 1 alone.
lay strict-keep.xml 's|height="210mm"|height="51mm"|; s|leading="14.5pt" align="justify"|leading="30pt" align="justify"|; s|leading="22pt"/>|leading="22pt" keep-with-next="yes"/>|'
# The seed texts, as the Makefile ingests them.
for s in vi:sources/vi-opium-war-end.txt zh:sources/zh-second-opium-war.txt; do
  "$BK" ingest "${s#*:}" -o "$in/strict-${s%%:*}.xml" 2>/dev/null
done
cp "$good" "$in/strict-en.xml"

P='page [0-9]+, line [0-9]+ of the paragraph'

# ---- a word wider than the measure -------------------------------------------
expect "strict: word wider than the measure fails, naming the page" 1 \
       "strict-long\.xml:[0-9]+: error: page 1, line [0-9]+ of the paragraph: (emergency break|overfull line|line stretched beyond|underfull line)" \
       o.pdf -- "$BKA" build --strict "$in/strict-narrow.xml" "$in/strict-long.xml" -o @OUT
expect -c 'grep -qE "warning: page 1, line [0-9]+ of the paragraph: (underfull line|line stretched beyond)" <<<"$err" && grep -qE "warning: page 1, line [0-9]+ of the paragraph: emergency break" <<<"$err"' \
       "strict: the same without --strict warns and writes" 0 \
       "strict-long\.xml:[0-9]+: warning: $P" \
       o.pdf -- "$BKA" build "$in/strict-narrow.xml" "$in/strict-long.xml" -o @OUT

# ---- kinsoku --------------------------------------------------------------------
expect "strict: kinsoku violation fails, naming the page" 1 \
       "strict-kinsoku\.xml:[0-9]+: error: page 1, line [0-9]+ of the paragraph: (kinsoku|emergency break)" \
       o.pdf -- "$BKA" build --strict "$in/strict-narrow.xml" "$in/strict-kinsoku.xml" -o @OUT
expect "strict: kinsoku without --strict warns and writes" 0 \
       "strict-kinsoku\.xml:[0-9]+: warning: $P: kinsoku: the line starts with '」' \(U\+300D\)" \
       o.pdf -- "$BKA" build "$in/strict-narrow.xml" "$in/strict-kinsoku.xml" -o @OUT
# --report counts what the diagnostics list
expect -c 'grep -qx "prohibited line starts: [1-9][0-9]*" <<<"$sout"' \
       "strict: the report counts the kinsoku violation" 0 "kinsoku" \
       o.pdf -- "$BKA" build --report "$in/strict-narrow.xml" "$in/strict-kinsoku.xml" -o @OUT

# ---- widow and orphan -------------------------------------------------------------
expect "strict: orphan fails, naming the page" 1 \
       "strict-wo\.xml:[0-9]+: error: page 2: orphan" \
       o.pdf -- "$BKA" build --strict "$in/strict-short.xml" "$in/strict-wo.xml" -o @OUT
expect -c 'grep -q "strict-wo\.xml:[0-9]*: warning: page 3: widow" <<<"$err"' \
       "strict: widow and orphan without --strict warn and write" 0 \
       "strict-wo\.xml:[0-9]+: warning: page 2: orphan" \
       o.pdf -- "$BKA" build "$in/strict-short.xml" "$in/strict-wo.xml" -o @OUT

# ---- stranded heading ---------------------------------------------------------------
expect "strict: stranded heading fails, naming the page" 1 \
       "strict-wo\.xml:[0-9]+: error: page 1: stranded heading" \
       o.pdf -- "$BKA" build --strict "$in/strict-keep.xml" "$in/strict-wo.xml" -o @OUT
expect "strict: stranded heading without --strict warns and writes" 0 \
       "strict-wo\.xml:[0-9]+: warning: page 1: stranded heading" \
       o.pdf -- "$BKA" build "$in/strict-keep.xml" "$in/strict-wo.xml" -o @OUT

# ---- the seed booklets have no fault -----------------------------------------------
NOFAULT='! grep -q "error:" <<<"$err"'
for l in vi zh en; do
  expect -t 120 -c "$NOFAULT" "strict: handout $l passes --strict" 0 '' \
         o.pdf -- "$BKA" build --strict layouts/opium-war/handout.xml "$in/strict-$l.xml" -o @OUT
done
expect -t 120 -c "$NOFAULT" "strict: parallel-3 edition passes --strict" 0 '' \
       o.pdf -- "$BKA" build --strict layouts/opium-war/parallel-3.xml "$in/strict-vi.xml" "$in/strict-zh.xml" "$in/strict-en.xml" -o @OUT
expect -t 120 -c "$NOFAULT" "strict: facing edition passes --strict" 0 '' \
       o.pdf -- "$BKA" build --strict layouts/opium-war/parallel-facing.xml "$in/strict-zh.xml" "$in/strict-en.xml" -o @OUT
