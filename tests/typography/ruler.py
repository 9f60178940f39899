#!/usr/bin/python3
"""ruler.py — typography figures read back from a PDF, independent of
booklet's own report (it knows nothing of the program: only what a reader
of the PDF sees).

  ruler.py FILE.pdf [--first N] [--last N]

Prints one line of figures, then one line per finding:

  spacing: lines N justified N space_rms X min_gap X tracking_max X tracking_step X
  tight|loose|track|step|hyphen2 PAGE: …

Word gaps come from `pdftotext -bbox-layout`. On each page, the text block's
right edge is the rightmost word end of the page's body lines; a line of
three or more words that reaches it (within 0.6 pt) is justified, any other
line of three or more words ends a paragraph. Only lines of the body text's
height (the most common line height) count: titles, headings and notes
are left out. The natural space is the
median gap of those paragraph-end lines over the whole range; a justified
line's ratio is its mean gap over the natural space; space_rms is the root
mean square of (ratio - 1), min_gap the smallest ratio.

Letter-spacing comes from the content streams (pikepdf): within one TJ
array, every pair of neighbouring glyphs has an adjustment (0 inside a
string, the number between two strings); the most common one is the line's
tracking, in thousandths of the em (TJ numbers are negated: -9 is +0.9%).
Adjacent lines are lines of one marked-content sequence (one paragraph's
part on a page) at one font size. tracking_max is the largest |tracking|,
tracking_step the largest difference between adjacent lines, both in %
of the em.

"--" in the page text (a hyphen added after an explicit one) is a finding.
"""
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter

import pikepdf

NS = "{http://www.w3.org/1999/xhtml}"


def bbox_lines(pdf, first, last):
    """{page: [(height, [(xmin, xmax, text), ...]), ...]} from pdftotext."""
    args = ["pdftotext", "-bbox-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    xml = subprocess.run(args + [pdf, "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(xml)
    pages = {}
    for n, page in enumerate(root.iter(NS + "page"), start=first or 1):
        rows = []
        for line in page.iter(NS + "line"):
            words = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "")
                     for w in line.iter(NS + "word")]
            if words:
                rows.append((float(line.get("yMax")) - float(line.get("yMin")), words))
        pages[n] = rows
    return pages


def gaps_of(words):
    return [b[0] - a[1] for a, b in zip(words, words[1:])]


def spacing(pages):
    """(justified ratios with their page, natural space)."""
    ends, just = [], []
    heights = Counter(round(h, 1) for rows in pages.values() for h, _ in rows)
    if not heights:
        return [], 0.0
    size = heights.most_common(1)[0][0]  # the body text's line height
    for n, rows in pages.items():
        body = [w for h, w in rows if len(w) >= 3 and abs(h - size) < 0.3]
        if not body:
            continue
        right = max(w[-1][1] for w in body)
        for words in body:
            g = gaps_of(words)
            if right - words[-1][1] <= 0.6:
                just.append((n, statistics.mean(g), " ".join(t for _, _, t in words[:4])))
            else:
                ends.extend(g)
    if not ends or not just:
        return [], 0.0
    natural = statistics.median(ends)
    return [(n, m / natural, t) for n, m, t in just], natural


TOKEN = re.compile(rb"\[(.*?)\]\s*TJ|/MCID\s+\d+|EMC|/(\S+)\s+([\d.]+)\s+Tf", re.S)
PIECE = re.compile(rb"<([0-9A-Fa-f]*)>|\(((?:\\.|[^\\)])*)\)|(-?[\d.]+)")


def space_codes(font):
    """The two-byte codes a font's ToUnicode maps to U+0020."""
    tu = font.get("/ToUnicode")
    if tu is None:
        return set()
    cmap = tu.read_bytes().decode("latin1")
    codes = {a for a, u in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", cmap)
             if int(u, 16) == 0x20}
    for lo, hi, u in re.findall(
            r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", cmap):
        first = int(u, 16)
        if first <= 0x20 <= first + int(hi, 16) - int(lo, 16):
            codes.add("%04X" % (int(lo, 16) + 0x20 - first))
    return {c.upper() for c in codes}


def tj_tracking(body, spaces):
    """The most common adjustment between neighbouring glyphs of a TJ, over
    the pairs inside words (a pair touching a space glyph is left out: the
    space's own adjustment is justification, not tracking)."""
    pairs = Counter()
    prev = None  # the last glyph code before the current position
    pending = 0.0
    for hexs, lit, num in PIECE.findall(body):
        if num:
            pending += -float(num)
            continue
        if lit or not hexs:
            return None  # simple fonts: not what booklet writes
        codes = [hexs[i:i + 4].decode().upper() for i in range(0, len(hexs), 4)]
        for c in codes:
            if prev is not None and prev not in spaces and c not in spaces:
                pairs[round(pending, 3)] += 1
            prev, pending = c, 0.0
    if sum(pairs.values()) < 6:
        return None  # too short a line to tell
    return pairs.most_common(1)[0][0]


def tracking(pdf, first, last):
    """[(page, paragraph sequence, font size, tracking in 1/1000 em)]"""
    out = []
    with pikepdf.open(pdf) as doc:
        for i, page in enumerate(doc.pages, start=1):
            if (first and i < first) or (last and i > last):
                continue
            data = b"".join(c.read_bytes() for c in (
                page.Contents if isinstance(page.Contents, pikepdf.Array)
                else [page.Contents]))
            fonts = page.Resources.get("/Font", {})
            seq, size, spaces = 0, 0.0, set()
            for m in TOKEN.finditer(data):
                tok = m.group(0)
                if tok.startswith(b"/MCID") or tok == b"EMC":
                    seq += 1
                elif m.group(3):
                    size = float(m.group(3))
                    f = fonts.get("/" + m.group(2).decode("latin1"))
                    spaces = space_codes(f) if f is not None else set()
                else:
                    t = tj_tracking(m.group(1), spaces)
                    if t is not None:
                        out.append((i, seq, size, t))
    return out


def main(argv):
    first = last = None
    args = list(argv)
    pdf = None
    while args:
        a = args.pop(0)
        if a == "--first":
            first = int(args.pop(0))
        elif a == "--last":
            last = int(args.pop(0))
        else:
            pdf = a
    if not pdf:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    pages = bbox_lines(pdf, first, last)
    ratios, natural = spacing(pages)
    findings = []
    for n, r, t in ratios:
        if r < 0.70:
            findings.append(f"tight {n}: {r:.3f} {t}")
        elif r > 1.5:
            findings.append(f"loose {n}: {r:.3f} {t}")
    tr = tracking(pdf, first, last)
    tmax = max((abs(t) for *_, t in tr), default=0.0) / 10
    step = 0.0
    for a, b in zip(tr, tr[1:]):
        if abs(a[3]) > 10.05:
            findings.append(f"track {a[0]}: {a[3] / 10:+.2f}%")
        if a[:3] == b[:3] and abs(a[3] - b[3]) > 5.05:
            findings.append(f"step {a[0]}: {a[3] / 10:+.2f}% then {b[3] / 10:+.2f}%")
        if a[:3] == b[:3]:
            step = max(step, abs(a[3] - b[3]) / 10)
    text = subprocess.run(["pdftotext"] + (["-f", str(first)] if first else []) +
                          (["-l", str(last)] if last else []) + [pdf, "-"],
                          capture_output=True, check=True).stdout.decode()
    for ln in text.splitlines():
        if re.search(r"\w--\w", ln):
            findings.append(f"hyphen2: {ln.strip()}")
    rms = (statistics.mean((r - 1) ** 2 for _, r, _ in ratios) ** 0.5) if ratios else 0.0
    low = min((r for _, r, _ in ratios), default=0.0)
    print(f"spacing: lines {sum(len(p) for p in pages.values())} justified {len(ratios)} "
          f"space_rms {rms:.3f} min_gap {low:.3f} natural {natural:.3f} "
          f"tracking_max {tmax:.2f} tracking_step {step:.2f}")
    for f in findings:
        print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
