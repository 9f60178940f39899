#!/usr/bin/env bash
# tools/migrate-paragraph-ids.sh TEXT.xml... -- FILE... — rewrites, in
# each FILE (alignments, event lists, tables, tests), the paragraph ids of
# the old scheme (counters: "en.p3", "#zh.p4@21", "zh.xml#zh.p2") into the
# ids ingest gives now ("en.p_8dsxv": made from the paragraph's words,
# docs/TEI.md "Ids"), read from the texts TEXT.xml as ingested now. The Nth
# paragraph of a text was "LANG.pN". Files are rewritten in place; run it
# once, on files that still use the old ids, and review the diff.
set -eu
BK=${BK:-build/booklet}
texts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do texts+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
[ ${#texts[@]} -gt 0 ] && [ $# -gt 0 ] || {
  echo "usage: tools/migrate-paragraph-ids.sh TEXT.xml... -- FILE..." >&2; exit 2; }
script=$(mktemp); trap 'rm -f "$script"' EXIT
for t in "${texts[@]}"; do
  # "en.p_8dsxv<TAB>first words": the Nth such line was "en.pN"
  "$BK" text --ids "$t" | awk -F'\t' '$1 ~ /^[A-Za-z0-9]+\.p_[a-z2-9]+(_[0-9]+)?$/ {
      split($1, p, ".p_"); n[p[1]]++
      printf "s/\\b%s\\.p%d\\b/%s/g\n", p[1], n[p[1]], $1 }' >> "$script"
done
for f in "$@"; do sed -i -f "$script" "$f"; done
echo "migrate-paragraph-ids: $(wc -l < "$script") ids, $# files"
