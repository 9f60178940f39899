/* pdf_struct.c — document structure of the PDF backend (pdf_private.h):
 * named destinations (anchors), links, bookmarks, page labels, the info
 * dictionary with /Lang and the dates, and the file identifier /ID.
 */
#include "pdf_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- anchors, links, bookmarks ------------------------------------------ */

/* [page /XYZ null y null]: keeps the reader's zoom and horizontal scroll.
 * y is in frame coordinates; the page has the trim at (ox, oy). */
static bk_pdfobj *make_dest(bk_pdf_job *j, size_t page, double y)
{
    bk_pdfobj *target = j->pages[page];
    bk_pdfobj *d = bk_pdfpage_dest(target);
    if (!d)
        return NULL;
    int r = bk_pdfobj_push(d, target);
    r |= bk_pdfobj_push_name(d, "XYZ");
    r |= bk_pdfobj_push(d, bk_pdfdoc_null(j->doc));
    r |= bk_pdfobj_push_real(d, y + j->oy);
    r |= bk_pdfobj_push(d, bk_pdfdoc_null(j->doc));
    return r == 0 ? d : NULL;
}

static int cmp_anchor(const void *a, const void *b)
{
    const bk_pdf_anchor *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->page < y->page ? -1 : x->page > y->page;
}

/* Every BK_ITEM_ANCHOR of the frames, sorted by name then page so that a
 * link finds the earliest. */
bk_status bk_pdf_anchors_collect(bk_pdf_job *j)
{
    const bk_frames *f = j->frames;
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        for (size_t k = 0; k < f->pages[i]->n; k++)
            n += f->pages[i]->items[k].kind == BK_ITEM_ANCHOR &&
                 f->pages[i]->items[k].u.anchor.name;
    j->anchors = calloc(n ? n : 1, sizeof(*j->anchors));
    if (!j->anchors)
        return bk_pdf_oom(j);
    for (size_t i = 0; i < f->n; i++) {
        const bk_page *p = f->pages[i];
        for (size_t k = 0; k < p->n; k++)
            if (p->items[k].kind == BK_ITEM_ANCHOR && p->items[k].u.anchor.name) {
                bk_pdf_anchor *a = &j->anchors[j->nanchors++];
                a->name = p->items[k].u.anchor.name;
                a->page = i;
                a->y = p->items[k].u.anchor.y;
            }
    }
    qsort(j->anchors, j->nanchors, sizeof(*j->anchors), cmp_anchor);
    return BK_OK;
}

static const bk_pdf_anchor *find_anchor(const bk_pdf_job *j, const char *name)
{
    size_t lo = 0, hi = j->nanchors;
    while (lo < hi) { /* first entry with this name: the earliest page */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(j->anchors[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < j->nanchors && strcmp(j->anchors[lo].name, name) == 0
               ? &j->anchors[lo]
               : NULL;
}

/* What a link leads to, in words (its /Contents, the alternate description
 * PDF/UA-1 7.18.5 asks for): the layout's description (a citation's note),
 * else the title of the bookmark at the anchor (a
 * heading, figure or table the contents page lists), else the anchor's
 * name; the URI of an external link. */
static const char *link_description(const bk_pdf_job *j, const bk_link *l,
                                    const bk_pdf_anchor *ar)
{
    if (l->desc)
        return l->desc;
    if (!ar)
        return l->uri;
    const bk_page *p = j->frames->pages[ar->page];
    for (size_t k = 0; k < p->n; k++)
        if (p->items[k].kind == BK_ITEM_BOOKMARK && p->items[k].u.bookmark.title &&
            fabs(p->items[k].u.bookmark.y - ar->y) < 0.01)
            return p->items[k].u.bookmark.title;
    return ar->name;
}

static bk_status add_link(bk_pdf_job *j, bk_pdfobj *pg, const bk_link *l, bk_pdfobj **annot)
{
    double rect[4] = {l->x0 + j->ox, l->y0 + j->oy, l->x1 + j->ox, l->y1 + j->oy};
    bk_pdfobj *a = NULL;
    const bk_pdf_anchor *ar = NULL;
    if (l->dest) {
        ar = find_anchor(j, l->dest);
        if (!ar) {
            bk_diag_warn(j->ctx->diag, j->path, 0, 0,
                         "link to unknown anchor '%s' left out", l->dest);
            return BK_OK;
        }
        bk_pdfobj *d = make_dest(j, ar->page, ar->y);
        a = d ? bk_pdfpage_link(pg, rect, d) : NULL;
    } else if (l->uri) {
        a = bk_pdfpage_uri_link(pg, rect, l->uri);
    } else {
        return BK_OK;
    }
    /* no border: the text itself shows that it is a link; printed with
     * the page (PDF/A-2 6.3.2: the Print flag) */
    const char *what = link_description(j, l, ar);
    if (!a || bk_pdfobj_link_borderless(a) || bk_pdfobj_set_int(a, "F", 4) ||
        (what && bk_pdfobj_set(a, "Contents", bk_pdfdoc_text(j->doc, what))))
        return bk_pdf_fail(j, "adding a link");
    *annot = a;
    return BK_OK;
}

static bk_status add_bookmark(bk_pdf_job *j, size_t page, const bk_bookmark *bm)
{
    int level = bm->level < 1 ? 1 : bm->level > BK_PDF_MAX_OUTLINE_LEVEL ? BK_PDF_MAX_OUTLINE_LEVEL
                                                                   : bm->level;
    /* the parent is the latest bookmark of a higher level; a skipped level
     * (1 then 3) nests under the nearest one */
    bk_pdfobj *parent = NULL;
    for (int l = level - 1; l >= 1 && !parent; l--)
        parent = j->outline_stack[l - 1];
    bk_pdfobj *o = bk_pdfdoc_outline(j->doc, parent);
    void *title = o ? bk_pdfdoc_text(j->doc, bm->title ? bm->title : "") : NULL;
    bk_pdfobj *d = title ? make_dest(j, page, bm->y) : NULL;
    if (!o || !title || !d || bk_pdfobj_set(o, "Title", title) ||
        bk_pdfobj_outline_set(o, d, level == 1))
        return bk_pdf_fail(j, "adding a bookmark");
    j->outline_stack[level - 1] = o;
    for (int l = level; l < BK_PDF_MAX_OUTLINE_LEVEL; l++)
        j->outline_stack[l] = NULL;
    return BK_OK;
}

/* Links of frame pi on page pg (reading and print). */
bk_status bk_pdf_navigation_add(bk_pdf_job *j, size_t pi, bk_pdfobj *pg)
{
    const bk_page *p = j->frames->pages[pi];
    bk_status st = BK_OK;
    /* PDF/X: no annotation inside the trim box, so no links */
    for (size_t k = 0; k < p->n && !st && !(j->standards & BK_PDF_STD_PDFX_4); k++) {
        const bk_item *it = &p->items[k];
        bk_pdfobj *annot = NULL;
        if (it->kind == BK_ITEM_LINK && !(st = add_link(j, pg, &it->u.link, &annot)) && annot)
            st = bk_pdf_tags_annot(j, pi, k, annot);
    }
    return st;
}

/* The outline: one tree per column of a parallel edition (its title at
 * the top, its headings under it), in column order, then the bookmarks
 * outside the columns (a single text's, the parts after the columns);
 * within each, the bookmarks in page order. */
bk_status bk_pdf_outline_add(bk_pdf_job *j)
{
    const bk_frames *f = j->frames;
    int last = 0;
    for (size_t i = 0; i < f->n; i++)
        for (size_t k = 0; k < f->pages[i]->n; k++)
            if (f->pages[i]->items[k].kind == BK_ITEM_BOOKMARK &&
                f->pages[i]->items[k].u.bookmark.column > last)
                last = f->pages[i]->items[k].u.bookmark.column;
    bk_status st = BK_OK;
    for (int g = 1; g <= last + 1 && !st; g++) {
        int col = g <= last ? g : 0;
        memset(j->outline_stack, 0, sizeof j->outline_stack);
        for (size_t i = 0; i < f->n && !st; i++)
            for (size_t k = 0; k < f->pages[i]->n && !st; k++) {
                const bk_item *it = &f->pages[i]->items[k];
                if (it->kind == BK_ITEM_BOOKMARK && it->u.bookmark.column == col)
                    st = add_bookmark(j, i, &it->u.bookmark);
            }
    }
    return st;
}

/* ---- page labels ------------------------------------------------------- */

/* /PageLabels from the frames' folios: a numbering range starts where the
 * style changes or the number does not follow on; a page outside any
 * numbering gets an empty label. */
bk_status bk_pdf_page_labels_add(bk_pdf_job *j)
{
    const bk_frames *f = j->frames;
    int any = 0;
    for (size_t i = 0; i < f->n; i++)
        any |= f->pages[i]->folio.style != BK_FOLIO_NONE;
    if (!any)
        return BK_OK;
    bk_folio prev = {BK_FOLIO_NONE, 0};
    for (size_t i = 0; i < f->n; i++) {
        bk_folio fo = f->pages[i]->folio;
        if (i > 0 && fo.style != BK_FOLIO_NONE && fo.style == prev.style &&
            fo.number == prev.number + 1) {
            prev = fo;
            continue;
        }
        bk_pdfobj *d = bk_pdfdoc_dict(j->doc);
        if (!d)
            return bk_pdf_fail(j, "adding page labels");
        int ret = 0;
        if (fo.style != BK_FOLIO_NONE) {
            ret |= bk_pdfobj_set_name(d, "S", fo.style == BK_FOLIO_ROMAN ? "r" : "D");
            if (fo.number != 1)
                ret |= bk_pdfobj_set_int(d, "St", fo.number);
        }
        ret |= bk_pdfdoc_page_label(j->doc, i, d);
        if (ret)
            return bk_pdf_fail(j, "adding page labels");
        prev = fo;
    }
    return BK_OK;
}

/* ---- info and /ID -------------------------------------------------------- */

bk_status bk_pdf_info_add(bk_pdf_job *j)
{
    const bk_frames *f = j->frames;
    bk_pdfdoc *doc = j->doc;
    int ret = bk_pdfdoc_set_creator(doc, "booklet");
    /* the info dictionary exists now; Unicode strings go in directly,
     * since libharu's setters would need an encoder per script */
    struct {
        const char *key, *val;
    } kv[] = {{"Title", f->title}, {"Subject", f->subject}, {"Author", f->author},
              {"Keywords", f->keywords}};
    for (size_t i = 0; i < sizeof kv / sizeof *kv && ret == 0; i++)
        if (kv[i].val && *kv[i].val)
            ret = bk_pdfobj_set(bk_pdfdoc_info(doc), kv[i].key, bk_pdfdoc_text(doc, kv[i].val));
    /* dates in UTC from SOURCE_DATE_EPOCH when set, so builds repeat */
    /* PDF dates have four-digit years: 9999-12-31T23:59:59Z at most */
    if (j->ctx->epoch > 253402300799LL)
        return bk_diag_error(j->ctx->diag, BK_EUSAGE, NULL, 0, 0,
                             "SOURCE_DATE_EPOCH=%lld is after the year 9999: a PDF "
                             "date has a four-digit year", j->ctx->epoch);
    time_t t = j->ctx->epoch >= 0 ? (time_t)j->ctx->epoch : time(NULL);
    struct tm tm;
    if (ret == 0)
        ret = gmtime_r(&t, &tm) ? bk_pdfdoc_set_dates(doc, &tm) : -1;
    if (ret == 0 && f->lang && *f->lang)
        ret = bk_pdfobj_set(bk_pdfdoc_catalog(doc), "Lang", bk_pdfdoc_text(doc, f->lang));
    if (ret)
        return bk_pdf_fail(j, "writing document information");
    return bk_pdf_meta_add(j, &tm);
}

/* The trailer /ID is written as two 16-byte placeholders, then replaced by
 * the MD5 of the whole file (placeholders included): the same content
 * always gets the same /ID. libharu 2.3.0 writes no /ID unless encrypting. */
static const char ID_HOLE[] =
    "/ID [ <00000000000000000000000000000000> <00000000000000000000000000000000> ]";

int bk_pdf_id_patch(unsigned char *data, size_t len)
{
    size_t hl = sizeof ID_HOLE - 1;
    unsigned char *at = NULL;
    for (size_t i = len >= hl ? len - hl + 1 : 0; i-- > 0;)
        if (data[i] == '/' && memcmp(data + i, ID_HOLE, hl) == 0) {
            at = data + i;
            break;
        }
    if (!at)
        return -1;
    unsigned char dg[16];
    bk_pdf_md5(data, len, dg);
    bk_pdf_xmp_patch(data, len, dg); /* the XMP InstanceID, from the same MD5 */
    static const char hex[] = "0123456789ABCDEF";
    /* the two hex strings, as libharu's array writer spaces them */
    for (int part = 0; part < 2; part++) {
        const char *lt = part ? strrchr(ID_HOLE, '<') : strchr(ID_HOLE, '<');
        unsigned char *h = at + (lt - ID_HOLE) + 1;
        for (int k = 0; k < 16; k++) {
            h[2 * k] = (unsigned char)hex[dg[k] >> 4];
            h[2 * k + 1] = (unsigned char)hex[dg[k] & 15];
        }
    }
    return 0;
}

bk_status bk_pdf_id_add(bk_pdf_job *j)
{
    unsigned char zero[16] = {0};
    bk_pdfobj *id = bk_pdfdoc_array(j->doc);
    if (!id || bk_pdfobj_set(bk_pdfdoc_trailer(j->doc), "ID", id) ||
        bk_pdfobj_push(id, bk_pdfdoc_binary(j->doc, zero, 16)) ||
        bk_pdfobj_push(id, bk_pdfdoc_binary(j->doc, zero, 16)))
        return bk_pdf_fail(j, "adding the file identifier");
    return BK_OK;
}
