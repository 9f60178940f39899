#!/usr/bin/python3
"""check_pdf.py — checks a booklet PDF against the standards it claims.

    tests/standards/check_pdf.py [--expect LIST] FILE.pdf...

Reads each file with pikepdf (Debian's python3-pikepdf) and pdftotext
(poppler-utils), finds the claims in its XMP metadata (pdfaid, pdfuaid,
pdfxid) and checks the clauses below for each claim. --expect LIST
(pdfa-2u,pdfua-1 / pdfx-4 / none: the words of `booklet build
--standard`) also requires the claims to be exactly these. Prints one line
per failure ("FILE: FAIL [clause] what") and one summary line per file;
exits 1 when any check failed, 2 on bad usage.

Reference validators (veraPDF) cannot be installed here. This checker
covers the clauses named below, as written in ISO 19005-2:2011 (PDF/A-2,
clause numbers as in veraPDF's validation profiles), ISO 14289-1:2014
(PDF/UA-1) and ISO 15930-7:2010 (PDF/X-4; the requirement is named, the
clause numbers were not available):

Every file (whatever it claims)
  - XMP metadata stream in the catalog, /Type /Metadata /Subtype /XML, not
    compressed, well-formed XML and RDF (ISO 19005-2 6.6.2.1; XMP packet
    header without bytes= or encoding=, 6.6.2.1)
  - XMP matches the info dictionary: Title = dc:title, Author = dc:creator,
    Subject = dc:description, Keywords = pdf:Keywords, Creator =
    xmp:CreatorTool, Producer = pdf:Producer, CreationDate = xmp:CreateDate,
    ModDate = xmp:ModifyDate, Trapped = pdf:Trapped (ISO 19005-1 6.7.3 and
    ISO 32000-1 14.3.3, kept for every output); Producer is "booklet VERSION"
  - trailer /ID present, no /Encrypt (ISO 19005-2 6.1.3)
  - every font used by a page or form is embedded (ISO 19005-2 6.2.11.4.1,
    ISO 14289-1 7.21.4.1, PDF/X-4 "fonts shall be embedded")
  - no JavaScript: no /JavaScript name tree, no /AA, no JavaScript action
    (ISO 19005-2 6.5.1, 6.5.2; PDF/X-4)
  - the outline lists what the contents page lists: with links on the
    contents page (reading outputs), the outline's destinations in order are
    the contents links' destinations; with or without, every outline title
    appears on the front-matter pages (roman page labels) in outline order
PDF/A-2 (pdfaid:part 2, conformance B, U or A)
  - pdfaid:part = 2, conformance B/U/A (6.6.4); properties outside the
    predefined schemas (pdfuaid, pdfxid) described by a PDF/A extension
    schema (6.6.2.3.1)
  - an OutputIntent /GTS_PDFA1 with an embedded ICC output profile whose
    colour space has /N components (6.2.3); all output intents share one
    profile (6.2.3); DeviceCMYK used only with a CMYK profile, DeviceRGB only
    with an RGB one (6.2.4.3)
  - annotations have the Print flag and not Hidden, Invisible, NoView
    (6.3.2)
  - level U and A: every font has a ToUnicode CMap (6.2.11.7)
PDF/UA-1 (pdfuaid:part 1)
  - pdfuaid:part = 1 (5); dc:title not empty and /ViewerPreferences
    /DisplayDocTitle true (7.1); /Lang in the catalog (7.2); /Tabs /S on
    every page (7.18.3); every link has /Contents (7.18.5)
  - structure (7.1: tagged, /MarkInfo, every content marked or an artifact;
    7.3 figures' alternate text, ...): check_structure() below, which runs
    tests/standards/check_tags.py when it is there
PDF/X-4 (pdfxid:GTS_PDFXVersion "PDF/X-4")
  - XMP pdfxid:GTS_PDFXVersion and Info /GTS_PDFXVersion "PDF/X-4"; Info
    /Trapped /True or /False, equal to pdf:Trapped; XMP xmpMM:DocumentID,
    VersionID, RenditionClass, xmp:CreateDate, ModifyDate, dc:title
  - an OutputIntent /GTS_PDFX with OutputConditionIdentifier and an
    embedded output (prtr) profile of the colour space the pages use
  - every page has a TrimBox (or ArtBox); TrimBox within BleedBox within
    MediaBox
  - no annotation whose rectangle meets the TrimBox (PrinterMark and
    TrapNet excepted)

Not covered (a validator would): the rest of ISO 19005-2 (file structure
details of 6.1, images, transparency groups, blend modes, .notdef glyphs,
font metrics consistency, optional content, embedded files), of ISO
14289-1 (the Matterhorn Protocol's content and structure checks beyond
check_tags.py) and of ISO 15930-7 (overprint, transparency, PDF version,
page-box rules beyond the above, ICC profile version details).
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pikepdf

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WORDS = {"pdfa-2b": "PDF/A-2b", "pdfa-2u": "PDF/A-2u", "pdfa-2a": "PDF/A-2a",
         "pdfua-1": "PDF/UA-1", "pdfx-4": "PDF/X-4"}


class Report:
    """The failures of one file."""

    def __init__(self, path):
        self.path = path
        self.fails = []
        self.checks = 0

    def check(self, ok, clause, what):
        self.checks += 1
        if not ok:
            self.fails.append("[%s] %s" % (clause, what))
        return ok


# ---- XMP ---------------------------------------------------------------

def xmp_read(pdf, r):
    """The parsed XMP (an Element) or None."""
    md = pdf.Root.get("/Metadata")
    if not r.check(md is not None, "19005-2 6.6.2.1", "no /Metadata stream in the catalog"):
        return None
    r.check(md.get("/Type") == "/Metadata" and md.get("/Subtype") == "/XML",
            "19005-2 6.6.2.1", "metadata stream without /Type /Metadata /Subtype /XML")
    r.check("/Filter" not in md, "19005-2 6.6.2.1", "metadata stream is compressed")
    raw = md.read_bytes()
    head = re.match(rb"<\?xpacket ([^?]*)\?>", raw)
    r.check(head is not None and b"bytes=" not in head.group(1) and
            b"encoding=" not in head.group(1),
            "19005-2 6.6.2.1", "XMP packet header missing or with bytes=/encoding=")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        r.check(False, "19005-2 6.6.2.1", "XMP is not well-formed XML: %s" % e)
        return None
    r.check(root.find("rdf:RDF", NS) is not None, "19005-2 6.6.2.1", "XMP without rdf:RDF")
    return root


def xmp_get(root, prop):
    """A simple property's text, or the x-default / first item of a list."""
    for d in root.iterfind(".//rdf:Description", NS):
        e = d.find(prop, NS)
        if e is None:
            continue
        if e.text and e.text.strip():
            return e.text
        items = e.findall(".//rdf:li", NS)
        for li in items:
            if li.get(XML_LANG) == "x-default":
                return li.text or ""
        return (items[0].text or "") if items else ""
    return None


def info_text(info, key):
    v = info.get(key)
    return None if v is None else str(v)


def pdf_date_to_xmp(d):
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'?\d\d'?)?", d or "")
    if not m:
        return None
    tz = m.group(7) or "Z"
    tz = "Z" if tz.startswith("Z") else tz[:3] + ":" + tz.replace("'", "")[3:5]
    return "%s-%s-%sT%s:%s:%s%s" % (m.group(1), m.group(2), m.group(3), m.group(4),
                                      m.group(5), m.group(6), tz)


def check_info_match(pdf, x, r):
    info = pdf.trailer.get("/Info") or pikepdf.Dictionary()
    pairs = [("/Title", "dc:title"), ("/Author", "dc:creator"),
             ("/Subject", "dc:description"), ("/Keywords", "pdf:Keywords"),
             ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer")]
    for key, prop in pairs:
        a, b = info_text(info, key), xmp_get(x, prop)
        r.check(a == b, "19005-1 6.7.3", "Info %s %r but XMP %s %r" % (key, a, prop, b))
    for key, prop in [("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")]:
        a, b = pdf_date_to_xmp(info_text(info, key)), xmp_get(x, prop)
        r.check(a is not None and a == b, "19005-1 6.7.3",
                "Info %s %r but XMP %s %r" % (key, info_text(info, key), prop, b))
    t = info.get("/Trapped")
    xt = xmp_get(x, "pdf:Trapped")
    r.check((t is None and xt is None) or (t is not None and str(t)[1:] == xt),
            "19005-1 6.7.3", "Info /Trapped %r but XMP pdf:Trapped %r" % (t, xt))
    prod = info_text(info, "/Producer") or ""
    r.check(re.fullmatch(r"booklet \d+\.\d+\.\d+", prod) is not None, "booklet",
            "producer is %r, not \"booklet VERSION\"" % prod)


def claims_of(x):
    """The claims of the XMP as a set of --standard words."""
    c = set()
    part, conf = xmp_get(x, "pdfaid:part"), xmp_get(x, "pdfaid:conformance")
    if part is not None:
        c.add("pdfa-%s%s" % (part, (conf or "?").lower()))
    if xmp_get(x, "pdfuaid:part") is not None:
        c.add("pdfua-%s" % xmp_get(x, "pdfuaid:part"))
    v = xmp_get(x, "pdfxid:GTS_PDFXVersion")
    if v is not None:
        c.add("pdfx-4" if v == "PDF/X-4" else "pdfx-?" + v)
    return c


def extension_prefixes(x):
    return {e.text for e in x.iterfind(".//pdfaSchema:prefix", NS)}


# ---- objects ---------------------------------------------------------------

def resources_fonts(res, seen, out):
    """Fonts of a resource dictionary and of the forms it uses."""
    if res is None:
        return
    fonts = res.get("/Font")
    if fonts is not None:
        for _, f in fonts.items():
            if f.objgen not in seen:
                seen.add(f.objgen)
                out.append(f)
    xo = res.get("/XObject")
    if xo is not None:
        for _, o in xo.items():
            if o.get("/Subtype") == "/Form" and o.objgen not in seen:
                seen.add(o.objgen)
                resources_fonts(o.get("/Resources"), seen, out)


def all_fonts(pdf):
    seen, out = set(), []
    for p in pdf.pages:
        resources_fonts(p.obj.get("/Resources"), seen, out)
    return out


def font_embedded(f):
    d = f
    if f.get("/Subtype") == "/Type0":
        d = f.DescendantFonts[0]
    fd = d.get("/FontDescriptor")
    return fd is not None and any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def check_fonts(pdf, claims, r):
    unicode = any(c in claims for c in ("pdfa-2u", "pdfa-2a"))
    fonts = all_fonts(pdf)
    for f in fonts:
        name = str(f.get("/BaseFont", "?"))
        r.check(font_embedded(f), "19005-2 6.2.11.4.1", "font %s not embedded" % name)
        if unicode:
            r.check("/ToUnicode" in f, "19005-2 6.2.11.7", "font %s has no ToUnicode" % name)


def walk_objects(pdf):
    """Every dictionary of the file, direct ones inside others included."""
    def inner(o, depth):
        if depth > 32:
            return
        if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream)):
            yield o
            for k in o.keys():
                v = o.get(k)
                if isinstance(v, pikepdf.Object) and not v.is_indirect:
                    yield from inner(v, depth + 1)
        elif isinstance(o, pikepdf.Array):
            for v in o:
                if isinstance(v, pikepdf.Object) and not v.is_indirect:
                    yield from inner(v, depth + 1)
    for o in pdf.objects:
        yield from inner(o, 0)


def check_no_javascript(pdf, r):
    names = pdf.Root.get("/Names")
    r.check(names is None or "/JavaScript" not in names, "19005-2 6.5.1",
            "a /JavaScript name tree")
    r.check("/AA" not in pdf.Root, "19005-2 6.5.2", "catalog /AA")
    bad = 0
    for o in walk_objects(pdf):
        s = o.get("/S") if isinstance(o, pikepdf.Dictionary) else None
        if s == "/JavaScript" or (o.get("/Type") == "/Page" and "/AA" in o):
            bad += 1
    r.check(bad == 0, "19005-2 6.5.1", "%d JavaScript actions or page /AA" % bad)


def used_colour_spaces(pdf):
    """'cmyk', 'rgb', 'gray' as the content streams use them."""
    ops = {"k": "cmyk", "K": "cmyk", "rg": "rgb", "RG": "rgb", "g": "gray", "G": "gray"}
    spaces = {"/DeviceCMYK": "cmyk", "/DeviceRGB": "rgb", "/DeviceGray": "gray"}
    used = set()
    streams = []
    for p in pdf.pages:
        streams.append(p)
        xo = (p.obj.get("/Resources") or {}).get("/XObject")
        for _, o in (xo.items() if xo is not None else []):
            if o.get("/Subtype") == "/Form":
                streams.append(o)
    for s in streams:
        for operands, op in pikepdf.parse_content_stream(s):
            o = str(op)
            if o in ops:
                used.add(ops[o])
            elif o in ("cs", "CS") and operands and str(operands[0]) in spaces:
                used.add(spaces[str(operands[0])])
    return used


def icc_info(stream):
    b = stream.read_bytes()
    return {"ok": len(b) >= 132 and b[36:40] == b"acsp", "class": b[12:16],
            "space": b[16:20], "n": int(stream.get("/N", 0))}


def check_intents(pdf, claims, r):
    ois = list(pdf.Root.get("/OutputIntents") or [])
    by = {str(o.get("/S")): o for o in ois}
    want = []
    if any(c.startswith("pdfa-") for c in claims):
        want.append(("/GTS_PDFA1", "19005-2 6.2.3"))
    if "pdfx-4" in claims:
        want.append(("/GTS_PDFX", "15930-7 output intent"))
    profiles = set()
    space = None
    for s, clause in want:
        o = by.get(s)
        if not r.check(o is not None, clause, "no OutputIntent %s" % s):
            continue
        prof = o.get("/DestOutputProfile")
        if not r.check(prof is not None, clause, "%s without an embedded profile" % s):
            continue
        profiles.add(prof.objgen)
        ic = icc_info(prof)
        n_of = {b"CMYK": 4, b"RGB ": 3, b"GRAY": 1}.get(ic["space"])
        r.check(ic["ok"] and n_of == ic["n"], clause,
                "%s profile is not an ICC profile of /N %d components" % (s, ic["n"]))
        r.check(ic["class"] == b"prtr" or s != "/GTS_PDFX", clause,
                "%s profile is not an output (prtr) profile" % s)
        r.check(bool(str(o.get("/OutputConditionIdentifier", ""))), clause,
                "%s without OutputConditionIdentifier" % s)
        space = {4: "cmyk", 3: "rgb", 1: "gray"}.get(n_of)
    r.check(len(profiles) <= 1, "19005-2 6.2.3", "output intents with different profiles")
    if space:
        used = used_colour_spaces(pdf)
        for dev in ("cmyk", "rgb"):
            if dev in used:
                r.check(space == dev, "19005-2 6.2.4.3",
                        "Device%s used with a %s output intent" % (dev.upper(), space.upper()))


def rect(a):
    v = [float(x) for x in a]
    return min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3])


def inside(a, b, eps=0.01):
    return a[0] >= b[0] - eps and a[1] >= b[1] - eps and a[2] <= b[2] + eps and a[3] <= b[3] + eps


def meets(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_pdfx(pdf, x, r):
    info = pdf.trailer.get("/Info") or pikepdf.Dictionary()
    r.check(info_text(info, "/GTS_PDFXVersion") == "PDF/X-4", "15930-7 identification",
            "Info /GTS_PDFXVersion is not PDF/X-4")
    r.check(str(info.get("/Trapped")) in ("/True", "/False"), "15930-7 trapping",
            "Info /Trapped is not /True or /False")
    for prop in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass",
                 "xmp:CreateDate", "xmp:ModifyDate", "dc:title"):
        r.check(bool(xmp_get(x, prop)), "15930-7 metadata", "XMP %s missing" % prop)
    for i, p in enumerate(pdf.pages, 1):
        o = p.obj
        media = rect(o.MediaBox)
        trim = o.get("/TrimBox") or o.get("/ArtBox")
        if not r.check(trim is not None, "15930-7 page boxes", "page %d has no TrimBox" % i):
            continue
        trim = rect(trim)
        bleed = rect(o.get("/BleedBox") or o.MediaBox)
        r.check(inside(trim, bleed) and inside(bleed, media), "15930-7 page boxes",
                "page %d: TrimBox not within BleedBox within MediaBox" % i)
        for a in o.get("/Annots") or []:
            if str(a.get("/Subtype")) in ("/PrinterMark", "/TrapNet"):
                continue
            r.check(not meets(rect(a.Rect), trim), "15930-7 annotations",
                    "page %d: a %s annotation inside the TrimBox" % (i, a.get("/Subtype")))


def check_pdfa(pdf, x, claims, r):
    part, conf = xmp_get(x, "pdfaid:part"), xmp_get(x, "pdfaid:conformance")
    r.check(part == "2" and conf in ("A", "B", "U"), "19005-2 6.6.4",
            "pdfaid:part %r conformance %r" % (part, conf))
    ext = extension_prefixes(x)
    for c, prefix in (("pdfua-1", "pdfuaid"), ("pdfx-4", "pdfxid")):
        if c in claims:
            r.check(prefix in ext, "19005-2 6.6.2.3.1",
                    "%s used without a PDF/A extension schema" % prefix)
    for i, p in enumerate(pdf.pages, 1):
        for a in p.obj.get("/Annots") or []:
            f = int(a.get("/F", 0))
            r.check(f & 4 and not f & (1 | 2 | 32), "19005-2 6.3.2",
                    "page %d: annotation flags %d (Print needed; not Hidden, Invisible, NoView)"
                    % (i, f))


def check_pdfua(pdf, x, r):
    r.check(xmp_get(x, "pdfuaid:part") == "1", "14289-1 5", "pdfuaid:part is not 1")
    r.check(bool((xmp_get(x, "dc:title") or "").strip()), "14289-1 7.1", "no dc:title")
    vp = pdf.Root.get("/ViewerPreferences")
    r.check(vp is not None and vp.get("/DisplayDocTitle") is True, "14289-1 7.1",
            "/ViewerPreferences /DisplayDocTitle is not true")
    r.check(bool(str(pdf.Root.get("/Lang", ""))), "14289-1 7.2", "no /Lang in the catalog")
    for i, p in enumerate(pdf.pages, 1):
        r.check(p.obj.get("/Tabs") == "/S", "14289-1 7.18.3", "page %d without /Tabs /S" % i)
        for a in p.obj.get("/Annots") or []:
            if str(a.get("/Subtype")) == "/Link":
                r.check(bool(str(a.get("/Contents", ""))), "14289-1 7.18.5",
                        "page %d: a link without /Contents (alternate description)" % i)


# ---- the structure (the tags helper's checks plug in here) -----------------

def check_structure(pdf, claims, r):
    """STRUCTURE CHECKS PLUG IN HERE: tagged PDF for PDF/UA-1 and PDF/A-2a
    (/MarkInfo, /StructTreeRoot, marked content reachable from the tree,
    artifacts, /Lang per element, figures' /Alt). They live in
    tests/standards/check_tags.py, which defines check(pdf, claims, report)
    calling report.check(ok, clause, what) like the checks above; without
    that file the structure is reported as not checked."""
    if not ({"pdfua-1", "pdfa-2a"} & claims):
        return
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.exists(os.path.join(here, "check_tags.py")):
        r.notes.append("structure not checked (no check_tags.py)")
        return
    sys.path.insert(0, here)
    import check_tags  # noqa: E402 (optional module, found at run time)
    fails, nelems, _ = check_tags.check(r.path, [], [])
    r.check(nelems > 0, "PDF/UA-1 7.1", "a structure tree with elements")
    for f in fails:
        r.check(False, "PDF/UA-1 7.1, ISO 32000-1 14.7-14.8", f)


# ---- outline and contents ------------------------------------------------------

def dest_of(pdf, d):
    """(page index, y) of an explicit destination array."""
    if d is None or len(d) < 2:
        return None
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    y = d[3] if len(d) > 3 and d[1] == "/XYZ" and d[3] is not None else None
    return pages.get(d[0].objgen), None if y is None else round(float(y), 1)


def outline_items(pdf):
    """[(depth, title, dest)] depth first."""
    out = []
    with pdf.open_outline() as ol:
        def walk(items, depth):
            for it in items:
                d = it.destination
                out.append((depth, str(it.title), dest_of(pdf, d) if d is not None else None))
                walk(it.children, depth + 1)
        walk(ol.root, 0)
    return out


def roman_pages(pdf):
    labels = pdf.Root.get("/PageLabels")
    if labels is None:
        return []
    nums = list(labels.get("/Nums", []))
    out = []
    for i in range(len(pdf.pages)):
        style = None
        for k in range(0, len(nums) - 1, 2):
            if int(nums[k]) <= i:
                style = str(nums[k + 1].get("/S", ""))
        if style == "/r":
            out.append(i)
    return out


def page_text(path, i):
    t = subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), "-enc", "UTF-8",
                        path, "-"], capture_output=True, check=False)
    return t.stdout.decode("utf-8", "replace")


def squeeze(s):
    return re.sub(r"[\s\u00ad-]+", "", s)


def check_outline(pdf, path, r):
    items = outline_items(pdf)
    front = roman_pages(pdf)
    links = []
    for i in front:
        annots = sorted(pdf.pages[i].obj.get("/Annots") or [],
                        key=lambda a: -float(rect(a.Rect)[3]))
        for a in annots:
            d = a.get("/Dest") or ((a.get("/A") or {}).get("/D"))
            if d is not None and str(a.get("/Subtype")) == "/Link":
                links.append(dest_of(pdf, d))
    if links:
        got = [d for _, _, d in items]
        r.check(got == links, "booklet outline",
                "outline destinations %s differ from the contents links %s" % (got, links))
    if not front or not items:
        return
    text = squeeze("".join(page_text(path, i) for i in front))
    at = 0
    for _, title, _ in items:
        k = text.find(squeeze(title), at)
        if not r.check(k >= 0, "booklet outline",
                       "outline entry %r not on the contents page (in order)" % title):
            break
        at = k + 1


# ---- one file --------------------------------------------------------------------

def check_file(path, expect):
    r = Report(path)
    r.notes = []
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as e:
        r.check(False, "file", "cannot be read: %s" % e)
        return r, set()
    r.check("/ID" in pdf.trailer, "19005-2 6.1.3", "no /ID in the trailer")
    r.check("/Encrypt" not in pdf.trailer, "19005-2 6.1.3", "encrypted")
    x = xmp_read(pdf, r)
    claims = claims_of(x) if x is not None else set()
    if expect is not None:
        r.check(claims == expect, "booklet --standard",
                "claims %s, expected %s" % (sorted(claims) or "none", sorted(expect) or "none"))
    if x is not None:
        check_info_match(pdf, x, r)
        if any(c.startswith("pdfa-") for c in claims):
            check_pdfa(pdf, x, claims, r)
        if "pdfua-1" in claims:
            check_pdfua(pdf, x, r)
        if "pdfx-4" in claims:
            check_pdfx(pdf, x, r)
    check_fonts(pdf, claims, r)
    check_no_javascript(pdf, r)
    check_intents(pdf, claims, r)
    check_structure(pdf, claims, r)
    check_outline(pdf, path, r)
    return r, claims


def parse_expect(s):
    if s == "none":
        return set()
    words = set(s.split(","))
    bad = words - set(WORDS)
    if bad:
        raise ValueError(", ".join(sorted(bad)))
    return words


def main(argv):
    expect = None
    files = []
    args = iter(argv)
    for a in args:
        if a.startswith("--expect="):
            a, v = "--expect", a.split("=", 1)[1]
        elif a == "--expect":
            v = next(args, None)
        else:
            files.append(a)
            continue
        try:
            expect = parse_expect(v or "")
        except ValueError as e:
            print("check_pdf.py: --expect: not a standard: %s" % e, file=sys.stderr)
            return 2
    if not files:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    failed = 0
    for f in files:
        r, claims = check_file(f, expect)
        for msg in r.fails:
            print("%s: FAIL %s" % (f, msg))
        names = ", ".join(WORDS.get(c, c) for c in sorted(claims)) or "none"
        note = ("; " + "; ".join(r.notes)) if r.notes else ""
        print("%s: %s (claims %s; %d checks, %d failed%s)" % (
            f, "FAIL" if r.fails else "ok", names, r.checks, len(r.fails), note))
        failed += bool(r.fails)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
