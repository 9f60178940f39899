#!/usr/bin/env python3
"""bench/peers.py — typography figures of booklet's setting of the peers'
specification beside the peers' own PDFs (bench/README.md, "Beside the
peers").

usage: peers.py PAGECHECK BOOKLET.pdf NAME=PEER.pdf...

Each PDF's pages are sorted into its three chapters by their script (Han
characters: zh; Vietnamese letters: vi; else en), and each chapter's pages
are measured with PAGECHECK (../shared/tools/pagecheck.py: space_rms,
min_gap_ratio, tight and loose lines, hyphenated lines, kinsoku) and for
their page bottoms: a page that does not end its chapter is short when its
last body line sits more than 1 pt above the lowest last line of the
chapter's pages (pdftotext -bbox-layout, the folio left out). Prints one
table.
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

VI = set("ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
NS = "{http://www.w3.org/1999/xhtml}"


def pages_of(pdf):
    """Per page: (language, lowest body line's yMax from the page's foot)."""
    x = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"],
                       capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", x))
    out = []
    for page in root.iter(NS + "page"):
        h = float(page.get("height"))
        words = [(float(w.get("yMax")), w.text or "") for w in page.iter(NS + "word")]
        text = "".join(t for _, t in words)
        han = sum(1 for c in text if 0x3400 <= ord(c) <= 0x9FFF)
        vi = sum(1 for c in text.lower() if c in VI)
        lang = "zh" if han > len(text) * 0.3 else "vi" if vi > len(text) * 0.01 else "en"
        rows = {}
        for y, t in words:
            rows.setdefault(round(y), []).append(t)
        ys = sorted(rows)
        if ys and len(rows[ys[-1]]) == 1 and re.fullmatch(r"[0-9ivxlc]+", rows[ys[-1]][0]):
            ys.pop()  # the folio
        out.append((lang, h - ys[-1] if ys else None))
    return out


def chapters(pages):
    """[(lang, first, last)] of runs of pages of one language (1-based)."""
    runs = []
    for i, (lang, _) in enumerate(pages, 1):
        if runs and runs[-1][0] == lang:
            runs[-1][2] = i
        else:
            runs.append([lang, i, i])
    return runs


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pagecheck, pdfs = sys.argv[1], [("booklet", sys.argv[2])]
    pdfs += [tuple(a.split("=", 1)) for a in sys.argv[3:]]
    cols = ("system", "text", "pages", "lines", "space_rms", "min_gap", "tight", "loose",
            "hyph", "kinsoku", "short")
    print("%-10s %-4s %-6s %5s %9s %7s %5s %5s %4s %7s %5s" % cols)
    for name, pdf in pdfs:
        pages = pages_of(pdf)
        for lang, first, last in chapters(pages):
            # the lowest last line of the chapter's pages (fonts of one
            # script: poppler's boxes differ between Latin and CJK faces)
            low = min((b for _, b in pages[first - 1:last] if b is not None), default=0)
            m = json.loads(subprocess.run(
                [sys.executable, pagecheck, pdf, "--first", str(first), "--last", str(last),
                 "--json"], capture_output=True, check=True, text=True).stdout)
            # pages that do not end the chapter, ending above the lowest
            short = sum(1 for p in range(first, last)
                        if pages[p - 1][1] is not None and pages[p - 1][1] - low > 1)
            def f(k):  # pagecheck leaves out what it cannot measure (Han lines)
                return "%.3f" % m[k] if k in m else "-"
            print("%-10s %-4s %-6s %5d %9s %7s %5s %5s %4d %7d %2d/%-2d" % (
                name, lang, "%d-%d" % (first, last), m["lines"], f("space_rms"),
                f("min_gap_ratio"), m.get("tight", "-"), m.get("loose", "-"),
                m.get("hyph", 0), m.get("kinsoku", 0), short, last - first))


if __name__ == "__main__":
    main()
