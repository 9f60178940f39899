#!/usr/bin/env python3
"""data-check.py — the editorial checks of curated data (docs/DATA.md,
"Checking the data"), for the seeds and for a user's own files.

  python3 tests/data-check.py --tei DIR [--pdf LANG=FILE ...] DATA.xml ...

DATA.xml: events (listEvent), tables (table) and places (listPlace) files.
--tei DIR: where the ingested sources are (LANG.xml, as `booklet ingest`
writes them: out/xml/). --pdf LANG=FILE: a booklet in language LANG built
from these data (its text is read with pdftotext).

Checks, each failure printed as FILE:LINE: message:
  1. every pointer resolves: ptr/@target, @corresp, @where, @source name an
     existing xml:id (a source passage in DIR/LANG.xml, an item of a data
     file beside this one, or "#id" in the same file: a reference of its
     listBibl);
  2. every place key exists (@where and linkGrp type="places", in the
     places file they name);
  3. every printed claim has a pointer or a citation: an event has a
     source passage (linkGrp type="sources") or a dated piece of evidence;
     every date of a note type="dates" has its ptr; a data row of a table
     has a ptr (its sources cell) and names a party only with one; a
     printed note (note type="disagreement") has @source;
  4. every recorded disagreement is shown: an item with a note of type
     "conflict" or "difference" has a note type="disagreement", and each
     of its segs is found in the text of the booklet of that language;
  5. no two events describe one happening with different dates unless a
     disagreement is recorded: events of one @type sharing a place and a
     source passage whose date ranges overlap but differ must carry a
     disagreement note or name each other in @corresp (declared distinct).
Prints "data-check: N items, N findings"; exits 1 on any finding.
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TEI = "{http://www.tei-c.org/ns/1.0}"
XID = "{http://www.w3.org/XML/1998/namespace}id"
XLANG = "{http://www.w3.org/XML/1998/namespace}lang"
POINTER_ATTRS = ("target", "corresp", "where", "source")

findings = []


def find(path, line, msg):
    findings.append("%s:%s: %s" % (path, line or 0, msg))


def parse(path):
    """The tree, with each element's line (ElementTree keeps none)."""
    lines = {}
    parser = ET.XMLPullParser(events=("start",))
    tree = None
    with open(path, "rb") as f:
        data = f.read()
    # line numbers: feed line by line
    root = None
    for no, chunk in enumerate(data.splitlines(keepends=True), 1):
        parser.feed(chunk)
        for _, el in parser.read_events():
            lines[el] = no
            if root is None:
                root = el
    parser.close()
    tree = root
    return tree, lines


_ids = {}


def ids_of(path):
    """xml:ids of a file (cached); None when it cannot be read."""
    if path not in _ids:
        try:
            root, _ = parse(path)
            _ids[path] = {e.get(XID) for e in root.iter() if e.get(XID)}
        except (OSError, ET.ParseError):
            _ids[path] = None
    return _ids[path]


def resolve(data_path, ptr, teidir):
    """Where pointer `ptr` of data file data_path leads: (file, id) or None."""
    if "#" not in ptr:
        return None
    f, frag = ptr.split("#", 1)
    if not f:
        return data_path, frag
    here = os.path.join(os.path.dirname(data_path), f)
    if os.path.exists(here):
        return here, frag
    return os.path.join(teidir, f), frag


def check_pointers(path, root, lines, teidir):
    for el in root.iter():
        for a in POINTER_ATTRS:
            v = el.get(a)
            if not v or (a == "target" and el.tag not in (TEI + "ptr", TEI + "ref")):
                continue
            for p in v.split():
                r = resolve(path, p, teidir)
                if r is None:
                    find(path, lines.get(el), '%s="%s": not a pointer FILE#ID or #ID' % (a, p))
                    continue
                ids = ids_of(r[0])
                if ids is None:
                    find(path, lines.get(el), '%s="%s": cannot read %s' % (a, p, r[0]))
                elif r[1] not in ids:
                    find(path, lines.get(el), '%s="%s": %s has no xml:id "%s"' % (a, p, r[0], r[1]))


def notes(el, kind):
    return [n for n in el.findall(TEI + "note") if n.get("type") == kind] + \
           [n for c in el.findall(TEI + "cell") for n in c.findall(TEI + "note") if n.get("type") == kind]


def shown(path, el, lines, pdftext, what):
    """Check 4 for one item (an event or a row)."""
    recorded = notes(el, "conflict") + notes(el, "difference")
    printed = notes(el, "disagreement")
    if recorded and not printed:
        find(path, lines.get(el), "%s: a disagreement is recorded (note type=\"%s\") but no note "
             "type=\"disagreement\" prints it" % (what, recorded[0].get("type")))
    for n in printed:
        if not n.get("source"):
            find(path, lines.get(n), "%s: the printed note has no @source (its evidence)" % what)
        for seg in n.findall(TEI + "seg"):
            lang = (seg.get(XLANG) or "").split("-")[0]
            if lang in pdftext and norm("".join(seg.itertext())) not in pdftext[lang]:
                find(path, lines.get(seg), "%s: the note in %s is not in the booklet of that "
                     "language: %s" % (what, lang, "".join(seg.itertext())[:60]))


def date_range(d):
    """[start, end) of an ISO date of year, month or day precision, as tuples."""
    p = [int(x) for x in d.split("-")] if d else []
    if len(p) == 1:
        return (p[0], 1, 1), (p[0] + 1, 1, 1)
    if len(p) == 2:
        return (p[0], p[1], 1), (p[0] + (p[1] == 12), p[1] % 12 + 1, 1)
    return (p[0], p[1], p[2]), (p[0], p[1], p[2] + 1)


def event_span(e):
    w = e.get("when")
    a = w or e.get("from") or e.get("notBefore")
    z = None if w else (e.get("to") or e.get("notAfter"))
    if not a:
        return None
    return date_range(a)[0], date_range(z or a)[1]


def places_of(e):
    ps = set()
    if e.get("where"):
        ps.add(e.get("where"))
    for g in e.findall(TEI + "linkGrp"):
        if g.get("type") == "places":
            ps |= {p.get("target") for p in g.findall(TEI + "ptr")}
    return ps


def sources_of(e):
    s = set()
    for g in e.findall(TEI + "linkGrp"):
        if g.get("type") == "sources":
            s |= {p.get("target") for p in g.findall(TEI + "ptr")}
    return s


def check_events(path, root, lines, pdftext):
    evs = list(root.iter(TEI + "event"))
    for e in evs:
        eid = e.get(XID) or "event"
        dates = [d for n in notes(e, "dates") for d in n.findall(TEI + "date")]
        for d in dates:
            if d.find(TEI + "ptr") is None:
                find(path, lines.get(d), "%s: a date of note type=\"dates\" without its ptr" % eid)
        if not sources_of(e) and not dates:
            find(path, lines.get(e), "%s: printed with no source passage (linkGrp type=\"sources\") "
                 "and no dated evidence (note type=\"dates\")" % eid)
        for g in e.findall(TEI + "linkGrp"):
            if g.get("type") == "places":
                for p in g.findall(TEI + "ptr"):
                    pass  # resolved by check_pointers
        shown(path, e, lines, pdftext, eid)
    for i, a in enumerate(evs):
        for b in evs[i + 1:]:
            if a.get("type") != b.get("type"):
                continue
            sa, sb = event_span(a), event_span(b)
            if not sa or not sb or sa == sb or sa[1] <= sb[0] or sb[1] <= sa[0]:
                continue
            if not (places_of(a) & places_of(b)) or not (sources_of(a) & sources_of(b)):
                continue
            linked = ("#" + (b.get(XID) or "")) in (a.get("corresp") or "").split() or \
                     ("#" + (a.get(XID) or "")) in (b.get("corresp") or "").split()
            if linked or notes(a, "disagreement") or notes(b, "disagreement"):
                continue
            find(path, lines.get(b), "%s and %s: one kind of event at one place in one source "
                 "passage with different, overlapping dates; record the disagreement (note "
                 "type=\"disagreement\") or declare them distinct (@corresp)"
                 % (a.get(XID), b.get(XID)))
    return len(evs)


def check_tables(path, root, lines, pdftext):
    n = 0
    for t in root.iter(TEI + "table"):
        for r in t.findall(TEI + "row"):
            if r.get("role") == "label":
                continue
            n += 1
            rid = r.get(XID) or "row"
            ptrs = [p for c in r.findall(TEI + "cell") for p in c.iter(TEI + "ptr")]
            if not ptrs:
                find(path, lines.get(r), "%s: printed with no ptr to a source passage" % rid)
            cells = r.findall(TEI + "cell")
            party = cells[0].get("n") if cells else None
            if party and not ptrs:
                find(path, lines.get(r), "%s: names a party (%s) with no evidence" % (rid, party))
            shown(path, r, lines, pdftext, rid)
    return n


def norm(s):
    """Text as compared with pdftotext's: no white space, no hyphens (line
    ends break words with one), typographic quotes as typed."""
    s = re.sub(r"[\s\u00ad\u00a0\-\u2010\u2011]", "", s)
    return s.replace("\u2019", "'")


def main(argv):
    teidir, pdfs, files = "out/xml", {}, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--tei":
            teidir = argv[i + 1]
            i += 2
        elif a == "--pdf":
            lang, f = argv[i + 1].split("=", 1)
            pdfs[lang.split("-")[0]] = f
            i += 2
        else:
            files.append(a)
            i += 1
    pdftext = {}
    for lang, f in pdfs.items():
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", f, "-"], capture_output=True)
        if out.returncode:
            find(f, 0, "pdftotext cannot read it")
            continue
        pdftext[lang] = norm(out.stdout.decode("utf-8"))
    items = 0
    for path in files:
        try:
            root, lines = parse(path)
        except (OSError, ET.ParseError) as e:
            find(path, 0, "cannot read: %s" % e)
            continue
        check_pointers(path, root, lines, teidir)
        items += check_events(path, root, lines, pdftext)
        items += check_tables(path, root, lines, pdftext)
    for f in findings:
        print(f)
    print("data-check: %d items, %d findings" % (items, len(findings)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
