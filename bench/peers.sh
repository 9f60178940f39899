#!/usr/bin/env bash
# bench/peers.sh — booklet beside the peers (bench/README.md, "Beside the
# peers"): sets the peers' specification (bench/peer-spec.xml: the three
# seed texts as three chapters) and measures it and the peers' PDFs with
# pagecheck.py (typography figures only; timings are bench.sh's). Writes
# out/bench/peer-spec.pdf and out/bench/peers.txt and prints the table.
# PEERS (default ../shared/peers) holds the peers' PDFs, PAGECHECK (default
# ../shared/tools/pagecheck.py) the measuring script; without them the
# comparison is skipped with a note (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
BOOKLET=${BOOKLET:-build/booklet}
PEERS=${PEERS:-../shared/peers}
PAGECHECK=${PAGECHECK:-../shared/tools/pagecheck.py}
OUT=out/bench
mkdir -p "$OUT"
for l in vi zh en; do
  [ -f "out/xml/$l.xml" ] || { echo "peers: out/xml/$l.xml is missing: run make first" >&2; exit 1; }
done
"$BOOKLET" build --report bench/peer-spec.xml out/xml/vi.xml out/xml/zh.xml out/xml/en.xml \
  -o "$OUT/peer-spec.pdf" > "$OUT/peer-spec.report" 2> "$OUT/peer-spec.err" ||
  { cat "$OUT/peer-spec.err" >&2; exit 1; }
if [ ! -f "$PAGECHECK" ] || ! command -v python3 >/dev/null; then
  echo "peers: $PAGECHECK (or python3) is missing: the comparison is skipped"
  exit 0
fi
args=()
for p in xe:xelatex lua:lualatex typst014:typst weasyprint:weasyprint; do
  f="$PEERS/booklet-${p%%:*}.pdf"
  [ -f "$f" ] && args+=("${p#*:}=$f")
done
{
  echo "peer-spec: bench/peer-spec.xml set by booklet ($OUT/peer-spec.pdf, $(pdfinfo \
"$OUT/peer-spec.pdf" | awk '/^Pages:/ {print $2}') pages) beside $PEERS"
  python3 bench/peers.py "$PAGECHECK" "$OUT/peer-spec.pdf" "${args[@]}"
  echo "booklet's report: $(grep -E '^(short pages|widows|orphans|stranded headings|faults):' \
"$OUT/peer-spec.report" | tr '\n' ' ')"
} | tee "$OUT/peers.txt"
