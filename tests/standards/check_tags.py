#!/usr/bin/python3
"""check_tags.py — checks the tagged-PDF structure of a booklet PDF
(docs/ARCHITECTURE.md, "Structure for tagged PDF"), against these clauses:

  ISO 32000-1 14.7.1/14.8.1  /MarkInfo <</Marked true>> and a /StructTreeRoot
  ISO 32000-1 14.7.4.4       every marked-content sequence with an MCID is
                             reachable from the structure tree (a kid of an
                             element: an integer on the element's /Pg, or an
                             MCR), and the /ParentTree entry of the page
                             (/StructParents) names the same element
  ISO 14289-1 7.1 (PDF/UA)   all page content is either in a tagged sequence
                             (an MCID) or an /Artifact: every painting
                             operator (text, paths, XObjects, shadings,
                             inline images) is checked
  ISO 14289-1 7.2            /Lang in the catalog; --lang-in TAG asks for an
                             element with /Lang TAG (a foreign passage)
  ISO 14289-1 7.3            every /Figure has a non-empty /Alt
  ISO 14289-1 7.18.5         every Link annotation has /StructParent and is
                             an /OBJR of a /Link element
  booklet's rule 5           a list item's Lbl is drawn before its LBody
                             (content order), so extraction reads the label
                             first

Not checked: role semantics beyond these (e.g. table regularity), the
content of /Alt texts, the Matterhorn protocol's other conditions.

Usage: check_tags.py FILE.pdf [--lang-in TAG]... [--role ROLE]...
(--role: an element of that structure type must exist). Prints one line per
failure and "check_tags: FILE: ok (N elements, N MCIDs)" or exits 1.
"""
import sys

import pikepdf

PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*",
         "b", "b*", "sh", "EI", "INLINE IMAGE"}


def page_content(pdf, page):
    """(mcid -> order of first paint, untagged paint count) of one page."""
    stack = []  # each: ("mcid", n) / ("artifact",) / ("other",)
    mcids, order, untagged = {}, 0, 0
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if name == "BDC" and len(operands) > 1 else None
            if tag == "/Artifact":
                stack.append(("artifact",))
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                n = int(props.MCID)
                if n in mcids:
                    yield ("dup", n)
                mcids[n] = None
                stack.append(("mcid", n))
            else:
                stack.append(("other",))
        elif name == "EMC":
            if stack:
                stack.pop()
        elif name in PAINT:
            order += 1
            inside = [s for s in stack if s[0] in ("mcid", "artifact")]
            if not inside:
                untagged += 1
            elif inside[-1][0] == "mcid" and mcids[inside[-1][1]] is None:
                mcids[inside[-1][1]] = order
    yield ("result", mcids, untagged)


def walk(pdf, root):
    """Every element reachable from the root, with its (page objgen, mcid)
    kids and OBJR kids."""
    elems, seen = [], set()
    todo = [(k, None) for k in as_list(root.get("/K"))]
    while todo:
        e, _ = todo.pop(0)
        if not isinstance(e, pikepdf.Dictionary) or e.objgen in seen:
            continue
        seen.add(e.objgen)
        pg = e.get("/Pg")
        mc, objr, kids = [], [], []
        for k in as_list(e.get("/K")):
            if isinstance(k, int) or (hasattr(k, "is_integer") and k.is_integer):
                mc.append((pg.objgen if pg is not None else None, int(k)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                p = k.get("/Pg", pg)
                mc.append((p.objgen if p is not None else None, int(k.MCID)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR":
                objr.append(k.Obj.objgen)
            elif isinstance(k, pikepdf.Dictionary):
                kids.append(k)
        elems.append((e, mc, objr, kids))
        todo.extend((k, e) for k in kids)
    return elems


def as_list(v):
    if v is None:
        return []
    if isinstance(v, pikepdf.Array):
        return list(v)
    return [v]


def parent_tree(root):
    nums = {}
    todo = [root.get("/ParentTree")]
    while todo:
        node = todo.pop()
        if node is None:
            continue
        arr = node.get("/Nums")
        if arr is not None:
            for i in range(0, len(arr), 2):
                nums[int(arr[i])] = arr[i + 1]
        todo.extend(as_list(node.get("/Kids")))
    return nums


def check(path, langs_wanted, roles_wanted):
    fails = []
    pdf = pikepdf.open(path)
    cat = pdf.Root
    mi = cat.get("/MarkInfo")
    if mi is None or not bool(mi.get("/Marked", False)):
        fails.append("no /MarkInfo <</Marked true>>")
    root = cat.get("/StructTreeRoot")
    if root is None:
        return fails + ["no /StructTreeRoot"], 0, 0
    if "/Lang" not in cat or not str(cat.Lang):
        fails.append("no /Lang in the catalog")
    elems = walk(pdf, root)
    reach = {}
    for e, mc, _, _ in elems:
        for key in mc:
            reach[key] = e
    objrs = {o for _, _, objr, _ in elems for o in objr}
    ptree = parent_tree(root)
    nmcid = 0
    order_of = {}
    for pno, page in enumerate(pdf.pages, 1):
        res = None
        for item in page_content(pdf, page):
            if item[0] == "dup":
                fails.append(f"page {pno}: MCID {item[1]} used twice")
            else:
                res = item
        _, mcids, untagged = res
        if untagged:
            fails.append(f"page {pno}: {untagged} painting operators neither tagged nor an artifact")
        og = page.obj.objgen
        sp = page.obj.get("/StructParents")
        arr = ptree.get(int(sp)) if sp is not None else None
        for n, first in mcids.items():
            nmcid += 1
            order_of[(og, n)] = first
            e = reach.get((og, n))
            if e is None:
                fails.append(f"page {pno}: MCID {n} not reachable from the structure tree")
            elif arr is None or n >= len(arr) or arr[n].objgen != e.objgen:
                fails.append(f"page {pno}: MCID {n}: /ParentTree does not name its element")
        for a in as_list(page.obj.get("/Annots")):
            if a.get("/Subtype") == "/Link":
                if "/StructParent" not in a:
                    fails.append(f"page {pno}: a link annotation without /StructParent")
                elif a.objgen not in objrs:
                    fails.append(f"page {pno}: a link annotation not in a Link element")
    langs = set()
    roles = set()
    for e, mc, _, kids in elems:
        s = str(e.get("/S"))
        roles.add(s[1:])
        if "/Lang" in e:
            langs.add(str(e.Lang))
        if s == "/Figure" and not str(e.get("/Alt", "")).strip():
            fails.append("a Figure without /Alt")
        if s == "/LI":
            fails += label_order(kids, order_of)
    for l in langs_wanted:
        if l not in langs:
            fails.append(f"no element with /Lang {l} (found: {sorted(langs)})")
    for r in roles_wanted:
        if r not in roles:
            fails.append(f"no {r} element (found: {sorted(roles)})")
    return fails, len(elems), nmcid


def first_paint(e, order_of):
    """The earliest (page, order) of an element's content."""
    best = None
    todo = [e]
    while todo:
        x = todo.pop()
        pg = x.get("/Pg")
        for k in as_list(x.get("/K")):
            key = None
            if isinstance(k, int) or (hasattr(k, "is_integer") and k.is_integer):
                key = (pg.objgen if pg is not None else None, int(k))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                p = k.get("/Pg", pg)
                key = (p.objgen, int(k.MCID))
            elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
                todo.append(k)
            if key and order_of.get(key) is not None:
                cand = (key[0], order_of[key])
                if best is None or cand < best:
                    best = cand
    return best


def label_order(kids, order_of):
    lbl = [k for k in kids if str(k.get("/S")) == "/Lbl"]
    body = [k for k in kids if str(k.get("/S")) == "/LBody"]
    if not lbl or not body:
        return []
    a, b = first_paint(lbl[0], order_of), first_paint(body[0], order_of)
    if a and b and a[0] == b[0] and a[1] > b[1]:
        return ["a list label drawn after its item's body"]
    return []


def main(argv):
    args, langs, roles = [], [], []
    it = iter(argv)
    for a in it:
        if a == "--lang-in":
            langs.append(next(it))
        elif a == "--role":
            roles.append(next(it))
        else:
            args.append(a)
    bad = 0
    for path in args:
        fails, ne, nm = check(path, langs, roles)
        for f in fails[:20]:
            print(f"check_tags: {path}: {f}")
        if len(fails) > 20:
            print(f"check_tags: {path}: ... {len(fails) - 20} more")
        if fails:
            bad = 1
        else:
            print(f"check_tags: {path}: ok ({ne} elements, {nm} MCIDs)")
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
