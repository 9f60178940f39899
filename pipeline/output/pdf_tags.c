/* pdf_tags.c — tagged PDF (pdf_private.h; docs/ARCHITECTURE.md, "Structure
 * for tagged PDF"): the frames' TAG_START/TAG_END items become marked
 * content in the page content streams (BDC /P <</MCID n>> ... EMC, and
 * /Artifact BMC ... EMC for what no element holds), and after the pages a
 * structure tree: /StructTreeRoot with its /ParentTree, one /StructElem
 * per element (pieces of an element that continues on another page,
 * reopened there with the same id under the same parent, are joined),
 * /Lang where an element's language differs from its parent's, /Alt,
 * /ActualText, a header cell's /Scope, link annotations as /OBJR kids of
 * their Link, /StructParents on pages and /MarkInfo in the catalog.
 * Imposed sheets are not tagged. The elements' and the parent tree's
 * dictionaries are libharu objects whose entries are formatted here
 * (bk_pdfdoc_raw_dict: libharu's bytes, without an object per entry to
 * make, write and free); the root is built of libharu objects.
 */
#include "pdf_private.h"

#include <stdlib.h>
#include <string.h>

enum { KID_ELEM, KID_MCID, KID_OBJR };

typedef struct kid {
    int type;
    size_t elem;       /* KID_ELEM */
    size_t page;       /* KID_MCID, KID_OBJR */
    long mcid;         /* KID_MCID */
    bk_pdfobj *annot;  /* KID_OBJR */
    long key;          /* KID_OBJR: its /StructParent */
} kid;

/* Kids an element holds in itself before it allocates: most hold one to
 * three, and thousands of small allocations cost more than the space. */
#define KIDS_HELD 3

typedef struct elem {
    const bk_tag *tag; /* the first piece's (frames outlive the write) */
    long parent;       /* -1: a root element */
    kid *more;         /* the kids once more than KIDS_HELD (kids_of) */
    size_t nkids, cap;
    kid held[KIDS_HELD];
    int content;       /* holds marked content somewhere below */
    bk_pdfobj *obj;
} elem;

/* A link item of a page and the element it was drawn in. */
typedef struct link_at {
    size_t page, item;
    size_t elem;
} link_at;

struct bk_pdf_tags {
    elem *e;
    size_t n, cap;
    /* per page: the element of each MCID */
    size_t **mcid_elem;
    long *nmcid;
    size_t *mcid_cap;
    size_t npages;
    size_t *roots; /* elements without a parent */
    size_t nroots, roots_cap;
    link_at *links;
    size_t nlinks, links_cap;
    long objr_keys; /* OBJR keys given so far (after the pages') */
    /* the page being drawn */
    size_t page;
    long *stack;    /* open elements */
    size_t depth, stack_cap;
    size_t artifact; /* artifact depth (tags inside are ignored) */
    int mc;          /* open marked content: 0 none, 1 element, 2 artifact */
};

bk_pdf_tags *bk_pdf_tags_new(size_t npages)
{
    bk_pdf_tags *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->npages = npages;
    t->mcid_elem = calloc(npages ? npages : 1, sizeof *t->mcid_elem);
    t->nmcid = calloc(npages ? npages : 1, sizeof *t->nmcid);
    t->mcid_cap = calloc(npages ? npages : 1, sizeof *t->mcid_cap);
    if (!t->mcid_elem || !t->nmcid || !t->mcid_cap) {
        bk_pdf_tags_free(t);
        return NULL;
    }
    return t;
}

void bk_pdf_tags_free(bk_pdf_tags *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->e[i].more);
    free(t->e);
    for (size_t p = 0; t->mcid_elem && p < t->npages; p++)
        free(t->mcid_elem[p]);
    free(t->mcid_elem);
    free(t->nmcid);
    free(t->mcid_cap);
    free(t->links);
    free(t->roots);
    free(t->stack);
    free(t);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * size);
    if (!np)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}

static const kid *kids_of(const elem *e)
{
    return e->more ? e->more : e->held;
}

static int kid_add(elem *e, kid k)
{
    if (!e->more && e->nkids < KIDS_HELD) {
        e->held[e->nkids++] = k;
        return 0;
    }
    if (!e->more) {
        if (grow((void **)&e->more, &e->cap, e->nkids + 1, sizeof *e->more))
            return -1;
        memcpy(e->more, e->held, sizeof e->held);
    } else if (grow((void **)&e->more, &e->cap, e->nkids + 1, sizeof *e->more)) {
        return -1;
    }
    e->more[e->nkids++] = k;
    return 0;
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* How far back among a parent's children a piece to join is looked for:
 * pieces are reopened at the head of the next page, after at most a few
 * other columns' elements. */
#define JOIN_WINDOW 64

/* The element a TAG_START opens: the piece of an earlier one with the same
 * id, role and parent, or a new one. Returns its index, or -1 (OOM). */
static long elem_open(bk_pdf_tags *t, const bk_tag *tag)
{
    long parent = t->depth ? t->stack[t->depth - 1] : -1;
    if (tag->id && parent >= 0) {
        const elem *pe = &t->e[parent];
        const kid *kids = kids_of(pe);
        size_t seen = 0;
        for (size_t k = pe->nkids; k-- > 0 && seen < JOIN_WINDOW;) {
            if (kids[k].type != KID_ELEM)
                continue;
            seen++;
            const elem *c = &t->e[kids[k].elem];
            if (c->tag->role == tag->role && same(c->tag->id, tag->id))
                return (long)kids[k].elem;
        }
    } else if (tag->id) {
        for (size_t k = t->nroots; k-- > 0;)
            if (t->e[t->roots[k]].tag->role == tag->role &&
                same(t->e[t->roots[k]].tag->id, tag->id))
                return (long)t->roots[k];
    }
    if (grow((void **)&t->e, &t->cap, t->n + 1, sizeof *t->e))
        return -1;
    elem *e = &t->e[t->n];
    memset(e, 0, sizeof *e);
    e->tag = tag;
    e->parent = parent;
    if (parent >= 0 && kid_add(&t->e[parent], (kid){.type = KID_ELEM, .elem = t->n}))
        return -1;
    if (parent < 0) {
        if (grow((void **)&t->roots, &t->roots_cap, t->nroots + 1, sizeof *t->roots))
            return -1;
        t->roots[t->nroots++] = t->n;
    }
    return (long)t->n++;
}

static int mc_close(bk_pdf_tags *t, bk_buf *b)
{
    if (!t->mc)
        return 0;
    t->mc = 0;
    return bk_buf_puts(b, "EMC\n");
}

int bk_pdf_tags_page_begin(bk_pdf_tags *t, size_t page)
{
    t->page = page;
    t->depth = 0;
    t->artifact = 0;
    t->mc = 0;
    return page < t->npages ? 0 : -1;
}

/* Opens marked content for a drawing: the innermost element's, with a new
 * MCID, or an artifact's. */
static int mc_for_drawing(bk_pdf_tags *t, bk_buf *b)
{
    if (t->artifact || !t->depth) {
        if (t->mc == 2)
            return 0;
        return mc_close(t, b) | bk_buf_puts(b, "/Artifact BMC\n");
    }
    if (t->mc == 1)
        return 0;
    int r = mc_close(t, b);
    size_t ei = (size_t)t->stack[t->depth - 1];
    elem *e = &t->e[ei];
    size_t p = t->page;
    long n = t->nmcid[p];
    if (grow((void **)&t->mcid_elem[p], &t->mcid_cap[p], (size_t)n + 1,
             sizeof *t->mcid_elem[p]))
        return -1;
    t->mcid_elem[p][n] = ei;
    t->nmcid[p] = n + 1;
    if (kid_add(e, (kid){.type = KID_MCID, .page = p, .mcid = n}))
        return -1;
    /* by hand, not printf: once per marked run of every page */
    char num[24];
    size_t nl = 0;
    for (long v = n; nl == 0 || v > 0; v /= 10)
        num[sizeof num - ++nl] = (char)('0' + v % 10);
    r |= bk_buf_append(b, "/", 1) | bk_buf_puts(b, bk_role_name(e->tag->role)) |
         bk_buf_append(b, " <</MCID ", 9) | bk_buf_append(b, num + sizeof num - nl, nl);
    if (e->tag->actual) {
        /* extraction reads the text from here (poppler, pdf.js) */
        r |= bk_buf_puts(b, "/ActualText<FEFF");
        if (bk_pdf_put_utf16_hex(b, e->tag->actual, strlen(e->tag->actual)) < 0)
            r = -1;
        r |= bk_buf_puts(b, ">");
    }
    r |= bk_buf_puts(b, ">> BDC\n");
    t->mc = 1;
    return r;
}

int bk_pdf_tags_item(bk_pdf_tags *t, const bk_item *it, size_t k, bk_buf *b)
{
    switch (it->kind) {
    case BK_ITEM_TAG_START:
        if (t->artifact || it->u.tag.role == BK_ROLE_ARTIFACT ||
            (unsigned)it->u.tag.role >= BK_ROLE_COUNT) {
            if (t->mc == 1 && mc_close(t, b))
                return -1;
            t->artifact++;
            return 0;
        } else {
            long ei = elem_open(t, &it->u.tag);
            if (ei < 0 || mc_close(t, b) ||
                grow((void **)&t->stack, &t->stack_cap, t->depth + 1, sizeof *t->stack))
                return -1;
            t->stack[t->depth++] = ei;
        }
        return 0;
    case BK_ITEM_TAG_END:
        if (t->artifact) {
            t->artifact--;
            /* an artifact's drawing ends with it; the next may belong
             * to an element */
            return t->artifact ? 0 : mc_close(t, b);
        }
        if (t->depth)
            t->depth--;
        return mc_close(t, b);
    case BK_ITEM_GLYPHS:
        if (it->u.glyphs.n == 0 || !(it->u.glyphs.size > 0))
            return 0;
        return mc_for_drawing(t, b);
    case BK_ITEM_PATH:
        return it->u.path.n ? mc_for_drawing(t, b) : 0;
    case BK_ITEM_LINK:
        if (t->artifact || !t->depth)
            return 0;
        if (grow((void **)&t->links, &t->links_cap, t->nlinks + 1, sizeof *t->links))
            return -1;
        t->links[t->nlinks++] =
            (link_at){.page = t->page, .item = k, .elem = (size_t)t->stack[t->depth - 1]};
        return 0;
    default:
        return 0;
    }
}

int bk_pdf_tags_page_end(bk_pdf_tags *t, bk_buf *b)
{
    t->depth = 0;
    t->artifact = 0;
    return mc_close(t, b);
}

bk_status bk_pdf_tags_annot(bk_pdf_job *j, size_t page, size_t item, bk_pdfobj *annot)
{
    bk_pdf_tags *t = j->tags;
    for (size_t i = 0; t && i < t->nlinks; i++) {
        if (t->links[i].page != page || t->links[i].item != item)
            continue;
        long key = (long)t->npages + t->objr_keys++;
        if (bk_pdfobj_set_int(annot, "StructParent", key))
            return bk_pdf_fail(j, "tagging a link");
        if (kid_add(&t->e[t->links[i].elem],
                    (kid){.type = KID_OBJR, .page = page, .annot = annot, .key = key}))
            return bk_pdf_oom(j);
        return BK_OK;
    }
    return BK_OK;
}

/* ---- the structure tree ---- */

/* The language in force at element i (its own or an ancestor's), or the
 * document's. */
static const char *lang_at(const bk_pdf_tags *t, long i, const char *doc)
{
    for (; i >= 0; i = t->e[i].parent)
        if (t->e[i].tag->lang)
            return t->e[i].tag->lang;
    return doc;
}

/* Which elements hold content: MCIDs or annotations, themselves or below
 * (a child always comes after its parent). */
static void content_mark(bk_pdf_tags *t)
{
    for (size_t i = t->n; i-- > 0;) {
        elem *e = &t->e[i];
        const kid *kids = kids_of(e);
        for (size_t k = 0; k < e->nkids && !e->content; k++)
            e->content = kids[k].type != KID_ELEM || t->e[kids[k].elem].content;
    }
}

/* The first page any of element i's content is on, for its /Pg. */
static long first_page(const bk_pdf_tags *t, size_t i)
{
    const elem *e = &t->e[i];
    const kid *kids = kids_of(e);
    for (size_t k = 0; k < e->nkids; k++) {
        if (kids[k].type != KID_ELEM)
            return (long)kids[k].page;
        if (t->e[kids[k].elem].content)
            return first_page(t, kids[k].elem);
    }
    return -1;
}

/* An entry "/key <text>\n". */
static int text_entry(bk_buf *b, const char *key, const char *text)
{
    return bk_buf_puts(b, key) | bk_pdfraw_text(b, text) | bk_buf_append(b, "\n", 1);
}

/* An entry "/key <reference>\n". */
static int ref_entry(bk_buf *b, const char *key, const bk_pdfobj *o)
{
    return bk_buf_puts(b, key) | bk_pdfraw_ref(b, o, '\n');
}

/* Element i's own entries: type, parent, language, texts, attributes. */
static int elem_entries(bk_pdf_job *j, size_t i, bk_pdfobj *root, bk_buf *b)
{
    bk_pdf_tags *t = j->tags;
    elem *e = &t->e[i];
    const bk_tag *tag = e->tag;
    int r = bk_buf_puts(b, "/Type /StructElem\n/S ") | bk_pdfraw_name(b, bk_role_name(tag->role)) |
            bk_buf_append(b, "\n", 1);
    r |= ref_entry(b, "/P ", e->parent >= 0 ? t->e[e->parent].obj : root);
    const char *outer = lang_at(t, e->parent, j->frames->lang);
    if (tag->lang && !same(tag->lang, outer))
        r |= text_entry(b, "/Lang ", tag->lang);
    if (tag->alt)
        r |= text_entry(b, "/Alt ", tag->alt);
    if (tag->actual)
        r |= text_entry(b, "/ActualText ", tag->actual);
    if (tag->id && tag->role == BK_ROLE_NOTE)
        r |= text_entry(b, "/ID ", tag->id);
    if (tag->scope) {
        static const char *const scopes[] = {"", "Row", "Column", "Both"};
        r |= bk_buf_puts(b, "/A <<\n/O /Table\n/Scope ") |
             bk_pdfraw_name(b, scopes[tag->scope & 3]) | bk_buf_puts(b, "\n>>\n");
    }
    long pg = first_page(t, i);
    if (pg >= 0)
        r |= ref_entry(b, "/Pg ", j->pages[pg]);
    return r;
}

/* Element i's /K: child elements, MCIDs (bare on its /Pg, else marked
 * content references) and object references, in order; an array as
 * libharu writes one ("[ " and a space after each value). */
static int elem_kids(bk_pdf_job *j, size_t i, bk_buf *b)
{
    bk_pdf_tags *t = j->tags;
    elem *e = &t->e[i];
    long pg = first_page(t, i);
    int r = bk_buf_puts(b, "/K [ ");
    for (size_t n = 0; n < e->nkids && !r; n++) {
        const kid *c = &kids_of(e)[n];
        if (c->type == KID_ELEM) {
            if (!t->e[c->elem].content)
                continue;
            r |= bk_pdfraw_ref(b, t->e[c->elem].obj, ' ');
        } else if (c->type == KID_MCID && (long)c->page == pg) {
            r |= bk_pdfraw_int(b, c->mcid, ' ');
        } else {
            r |= bk_buf_puts(b, c->type == KID_MCID ? "<<\n/Type /MCR\n" : "<<\n/Type /OBJR\n");
            r |= ref_entry(b, "/Pg ", j->pages[c->page]);
            if (c->type == KID_MCID)
                r |= bk_buf_puts(b, "/MCID ") | bk_pdfraw_int(b, c->mcid, 0);
            else
                r |= bk_buf_puts(b, "/Obj ") | bk_pdfraw_ref(b, c->annot, 0);
            r |= bk_buf_puts(b, "\n>> ");
        }
    }
    return r | bk_buf_puts(b, "]\n");
}

/* /ParentTree's /Nums: per page (key = page index) the elements of its
 * MCIDs, then per link annotation its Link element. */
static int parent_nums(bk_pdf_job *j, bk_buf *b)
{
    bk_pdf_tags *t = j->tags;
    int r = bk_buf_puts(b, "/Nums [ ");
    for (size_t p = 0; p < t->npages && !r; p++) {
        r |= bk_pdfraw_int(b, (long)p, ' ') | bk_buf_puts(b, "[ ");
        for (long m = 0; m < t->nmcid[p] && !r; m++)
            r |= bk_pdfraw_ref(b, t->e[t->mcid_elem[p][m]].obj, ' ');
        r |= bk_buf_puts(b, "] ");
    }
    for (size_t i = 0; i < t->n && !r; i++)
        for (size_t n = 0; n < t->e[i].nkids && !r; n++)
            if (kids_of(&t->e[i])[n].type == KID_OBJR)
                r |= bk_pdfraw_int(b, kids_of(&t->e[i])[n].key, ' ') |
                     bk_pdfraw_ref(b, t->e[i].obj, ' ');
    return r | bk_buf_puts(b, "]\n");
}

/* The bodies of the elements' dictionaries and the parent tree's (the
 * last), formatted into one buffer that the job keeps with them until the
 * save: body[i] is element i's, body[t->n] the tree's. */
static int bodies_make(bk_pdf_job *j, bk_pdfobj *root, bk_pdfobj *tree)
{
    bk_pdf_tags *t = j->tags;
    bk_buf b = {0};
    bk_pdf_slice *body = calloc(t->n + 1, sizeof *body);
    int r = !body;
    for (size_t i = 0; i <= t->n && !r; i++) {
        size_t start = b.len;
        if (i == t->n)
            r |= parent_nums(j, &b);
        else if (t->e[i].content)
            r |= elem_entries(j, i, root, &b) || elem_kids(j, i, &b);
        r |= b.len - start > UINT32_MAX;
        body[i].len = (uint32_t)(b.len - start);
    }
    if (r) {
        bk_buf_release(&b);
        free(body);
        return -1;
    }
    if (bk_pdf_keep(j, b.data, b.len)) {
        free(body);
        return -1;
    }
    if (bk_pdf_keep(j, body, 0))
        return -1;
    const char *p = b.data;
    for (size_t i = 0; i <= t->n; i++) {
        body[i].s = p;
        p += body[i].len;
        if (i < t->n && t->e[i].content)
            bk_pdfobj_raw_body(t->e[i].obj, &body[i]);
    }
    bk_pdfobj_raw_body(tree, &body[t->n]);
    return 0;
}

bk_status bk_pdf_tags_write(bk_pdf_job *j)
{
    bk_pdf_tags *t = j->tags;
    bk_pdfdoc *doc = j->doc;
    if (!t)
        return BK_OK;
    content_mark(t);
    bk_pdfobj *root = bk_pdfdoc_dict(doc), *k = bk_pdfdoc_array(doc);
    bk_pdfobj *mark = bk_pdfdoc_dict(doc);
    int r = !root || !k || !mark || bk_pdfdoc_register(doc, root) ||
            bk_pdfobj_set_name(root, "Type", "StructTreeRoot") || bk_pdfobj_set(root, "K", k);
    /* every element an object first: the bodies refer to each other */
    for (size_t i = 0; i < t->n && !r; i++) {
        if (!t->e[i].content)
            continue;
        t->e[i].obj = bk_pdfdoc_raw_dict(doc);
        r |= !t->e[i].obj || bk_pdfdoc_register(doc, t->e[i].obj);
        if (!r && t->e[i].parent < 0)
            r |= bk_pdfobj_push(k, t->e[i].obj);
    }
    bk_pdfobj *tree = r ? NULL : bk_pdfdoc_raw_dict(doc);
    r |= !tree || bk_pdfdoc_register(doc, tree) || bk_pdfobj_set(root, "ParentTree", tree);
    for (size_t p = 0; p < t->npages && !r; p++)
        r |= bk_pdfobj_set_int(j->pages[p], "StructParents", (long)p);
    r |= r || bodies_make(j, root, tree) ||
         bk_pdfobj_set_int(root, "ParentTreeNextKey", (long)t->npages + t->objr_keys);
    if (!r) {
        bk_pdfobj *cat = bk_pdfdoc_catalog(doc);
        r |= bk_pdfobj_set(cat, "StructTreeRoot", root) ||
             bk_pdfobj_set(mark, "Marked", bk_pdfdoc_bool(doc, 1)) ||
             bk_pdfobj_set(cat, "MarkInfo", mark);
    }
    return r ? bk_pdf_fail(j, "writing the structure tree") : BK_OK;
}
