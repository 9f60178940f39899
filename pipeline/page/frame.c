/* frame.c — constructors for the frame contract (see frame.h). */
#include "frame.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

bk_frames *bk_frames_new(void) { return calloc(1, sizeof(bk_frames)); }

static void item_free(bk_item *it)
{
    switch (it->kind) {
    case BK_ITEM_GLYPHS:
        free(it->u.glyphs.advance); /* the block of every glyph array */
        free(it->u.glyphs.text);
        break;
    case BK_ITEM_PATH:
        free(it->u.path.ops);
        break;
    case BK_ITEM_LINK:
        free(it->u.link.dest);
        free(it->u.link.uri);
        free(it->u.link.desc);
        break;
    case BK_ITEM_ANCHOR:
        free(it->u.anchor.name);
        break;
    case BK_ITEM_BOOKMARK:
        free(it->u.bookmark.title);
        break;
    case BK_ITEM_TAG_START:
        free(it->u.tag.lang);
        free(it->u.tag.alt);
        free(it->u.tag.actual);
        free(it->u.tag.id);
        break;
    case BK_ITEM_TAG_END:
    case BK_ITEM_LATER:
        break;
    }
}

void bk_frames_free(bk_frames *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        bk_page *p = f->pages[i];
        for (size_t k = 0; k < p->n; k++)
            item_free(&p->items[k]);
        free(p->items);
        free(p);
    }
    free(f->pages);
    free(f->title);
    free(f->lang);
    free(f->subject);
    free(f->author);
    free(f->keywords);
    free(f);
}

bk_page *bk_frames_add_page(bk_frames *f, double width, double height)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        bk_page **np = realloc(f->pages, cap * sizeof(*np));
        if (!np)
            return NULL;
        f->pages = np;
        f->cap = cap;
    }
    bk_page *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->width = width;
    p->height = height;
    f->pages[f->n++] = p;
    return p;
}

void bk_frames_page_drop(bk_frames *f)
{
    if (!f->n)
        return;
    bk_page *p = f->pages[--f->n];
    bk_page_items_truncate(p, 0);
    free(p->items);
    free(p);
}

static int replace(char **dst, const char *src)
{
    char *d = NULL;
    if (src && !(d = bk_strdup(src)))
        return -1;
    free(*dst);
    *dst = d;
    return 0;
}

int bk_frames_set_meta(bk_frames *f, const char *title, const char *lang,
                       const char *subject, const char *author)
{
    if (replace(&f->title, title) || replace(&f->lang, lang) ||
        replace(&f->subject, subject) || replace(&f->author, author))
        return -1;
    return 0;
}

static bk_item *add_item(bk_page *p, bk_item_kind kind)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        bk_item *ni = realloc(p->items, cap * sizeof(*ni));
        if (!ni)
            return NULL;
        p->items = ni;
        p->cap = cap;
    }
    bk_item *it = &p->items[p->n];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    return it;
}

/* A run's glyph arrays are one block (a line of text is a few runs, and
 * pagination draws lines by the thousand): advance, gids and cluster
 * first, then xoff and yoff, which bk_page_compact cuts off when they
 * hold only zeros. advance is the block's start. */
static size_t glyph_block_size(size_t n, int xoff, int yoff)
{
    return n * (sizeof(double) + 2 * sizeof(uint32_t)) + (size_t)(xoff + yoff) * n * sizeof(double);
}

/* Points the run's arrays into block b laid out for its n glyphs (n >= 1
 * for the layout; 0 glyphs still get one slot each). */
static void glyph_block_point(bk_glyph_run *r, unsigned char *b, size_t m, int xoff, int yoff)
{
    r->advance = (double *)(void *)b;
    r->gids = (uint32_t *)(void *)(b + m * sizeof(double));
    r->cluster = (uint32_t *)(void *)(b + m * (sizeof(double) + sizeof(uint32_t)));
    unsigned char *rest = b + glyph_block_size(m, 0, 0);
    r->xoff = xoff ? (double *)(void *)rest : NULL;
    r->yoff = yoff ? (double *)(void *)(rest + (size_t)xoff * m * sizeof(double)) : NULL;
}

/* A run of n glyphs whose arrays are zeroed, or left for the caller to
 * write (zero 0); the offset arrays only where xoff, yoff say. */
static bk_glyph_run *glyphs_add(bk_page *p, int font, double size, double x, double y,
                                size_t n, const char *text, size_t textlen, int zero,
                                int xoff, int yoff)
{
    bk_item *it = add_item(p, BK_ITEM_GLYPHS);
    if (!it)
        return NULL;
    bk_glyph_run *r = &it->u.glyphs;
    size_t m = n ? n : 1;
    r->font = font;
    r->size = size;
    r->x = x;
    r->y = y;
    r->n = n;
    size_t bytes = glyph_block_size(m, xoff, yoff);
    unsigned char *block = m > SIZE_MAX / 64 ? NULL
                           : zero || n == 0 ? calloc(1, bytes)
                                            : malloc(bytes);
    if (block)
        glyph_block_point(r, block, m, xoff, yoff);
    r->text = bk_strndup(text ? text : "", text ? textlen : 0);
    r->textlen = text ? textlen : 0;
    r->color.n = 1; /* black: gray 0 */
    if (!block || !r->text) {
        item_free(it);
        return NULL;
    }
    p->n++;
    return r;
}

bk_glyph_run *bk_page_add_glyphs(bk_page *p, int font, double size, double x,
                                 double y, size_t n, const char *text,
                                 size_t textlen)
{
    return glyphs_add(p, font, size, x, y, n, text, textlen, 1, 1, 1);
}

bk_glyph_run *bk_page_add_glyphs_unset(bk_page *p, int font, double size, double x,
                                       double y, size_t n, const char *text,
                                       size_t textlen)
{
    return glyphs_add(p, font, size, x, y, n, text, textlen, 0, 1, 1);
}

bk_glyph_run *bk_page_add_glyphs_packed(bk_page *p, int font, double size, double x,
                                        double y, size_t n, const char *text,
                                        size_t textlen, int xoff, int yoff)
{
    return glyphs_add(p, font, size, x, y, n, text, textlen, 0, xoff != 0, yoff != 0);
}

int bk_page_take_items(bk_page *dst, bk_page *src)
{
    if (dst->n + src->n > dst->cap) {
        size_t cap = dst->cap ? dst->cap : 64;
        while (cap < dst->n + src->n)
            cap *= 2;
        bk_item *ni = realloc(dst->items, cap * sizeof(*ni));
        if (!ni)
            return -1;
        dst->items = ni;
        dst->cap = cap;
    }
    if (src->n)
        memcpy(dst->items + dst->n, src->items, src->n * sizeof(*src->items));
    dst->n += src->n;
    src->n = 0;
    return 0;
}

bk_path *bk_page_add_path(bk_page *p, size_t n)
{
    bk_item *it = add_item(p, BK_ITEM_PATH);
    if (!it)
        return NULL;
    bk_path *path = &it->u.path;
    path->ops = calloc(n ? n : 1, sizeof(*path->ops));
    if (!path->ops)
        return NULL;
    path->n = n;
    path->line_width = 0.5;
    path->fill_color.n = 1;
    path->stroke_color.n = 1;
    p->n++;
    return path;
}

bk_path *bk_page_add_rect(bk_page *p, double x, double y, double w, double h)
{
    bk_path *path = bk_page_add_path(p, 5);
    if (!path)
        return NULL;
    double pts[4][2] = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
    for (int i = 0; i < 4; i++) {
        path->ops[i].op = i ? BK_PATH_LINE : BK_PATH_MOVE;
        path->ops[i].pt[0] = pts[i][0];
        path->ops[i].pt[1] = pts[i][1];
    }
    path->ops[4].op = BK_PATH_CLOSE;
    return path;
}

bk_link *bk_page_add_link(bk_page *p, double x0, double y0, double x1,
                          double y1, const char *dest, const char *uri)
{
    bk_item *it = add_item(p, BK_ITEM_LINK);
    if (!it)
        return NULL;
    bk_link *l = &it->u.link;
    l->x0 = x0, l->y0 = y0, l->x1 = x1, l->y1 = y1;
    l->dest = bk_strdup(dest);
    l->uri = bk_strdup(uri);
    if ((dest && !l->dest) || (uri && !l->uri)) {
        item_free(it);
        return NULL;
    }
    p->n++;
    return l;
}

bk_anchor *bk_page_add_anchor(bk_page *p, const char *name, double x, double y)
{
    bk_item *it = add_item(p, BK_ITEM_ANCHOR);
    if (!it)
        return NULL;
    it->u.anchor.name = bk_strdup(name);
    if (!it->u.anchor.name)
        return NULL;
    it->u.anchor.x = x;
    it->u.anchor.y = y;
    p->n++;
    return &it->u.anchor;
}

bk_bookmark *bk_page_add_bookmark(bk_page *p, const char *title, int level,
                                  double y)
{
    bk_item *it = add_item(p, BK_ITEM_BOOKMARK);
    if (!it)
        return NULL;
    it->u.bookmark.title = bk_strdup(title);
    if (!it->u.bookmark.title)
        return NULL;
    it->u.bookmark.level = level;
    it->u.bookmark.y = y;
    p->n++;
    return &it->u.bookmark;
}

const char *bk_role_name(bk_role role)
{
    static const char *const names[BK_ROLE_COUNT] = {
        "Document", "Part", "Sect", "H1", "H2", "H3", "H4", "H5", "H6",
        "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR",
        "TH", "TD", "Figure", "Caption", "Note", "Link", "TOC", "TOCI",
        "Span", "Reference", "Artifact"};
    return (unsigned)role < BK_ROLE_COUNT ? names[role] : NULL;
}

bk_tag *bk_page_tag_start(bk_page *p, bk_role role, const char *lang,
                          const char *alt, const char *actual, const char *id)
{
    bk_item *it = add_item(p, BK_ITEM_TAG_START);
    if (!it)
        return NULL;
    bk_tag *t = &it->u.tag;
    t->role = role;
    t->lang = bk_strdup(lang);
    t->alt = bk_strdup(alt);
    t->actual = bk_strdup(actual);
    t->id = bk_strdup(id);
    if ((lang && !t->lang) || (alt && !t->alt) || (actual && !t->actual) ||
        (id && !t->id)) {
        item_free(it);
        return NULL;
    }
    p->n++;
    return t;
}

int bk_page_tag_end(bk_page *p)
{
    if (!add_item(p, BK_ITEM_TAG_END))
        return -1;
    p->n++;
    return 0;
}

int bk_page_add_later(bk_page *p, const void *what, const void *part, double x, double y)
{
    bk_item *it = add_item(p, BK_ITEM_LATER);
    if (!it)
        return -1;
    it->u.later = (bk_later){.what = what, .part = part, .x = x, .y = y};
    p->n++;
    return 0;
}

/* Steps: the items before the first placeholder stay where they are ->
 * the rest are taken off the page and put back in order, each
 * placeholder as what draw adds. */
int bk_page_later_draw(bk_page *p, bk_later_draw draw, void *data, size_t *drawn)
{
    size_t n = p->n, k = 0;
    *drawn = 0;
    while (k < n && p->items[k].kind != BK_ITEM_LATER)
        k++;
    if (k == n)
        return 0;
    size_t cap = 2 * n;
    bk_item *rest = p->items, *ni = malloc(cap * sizeof(*ni));
    if (!ni)
        return -1;
    memcpy(ni, rest, k * sizeof(*ni));
    p->items = ni;
    p->cap = cap;
    p->n = k;
    int r = 0;
    for (; k < n; k++) {
        if (!r && rest[k].kind == BK_ITEM_LATER) {
            if (!(r = draw(data, p, &rest[k].u.later))) {
                ++*drawn;
                continue;
            }
        }
        /* out of memory in add_item leaves room for nothing: stop there */
        bk_item *it = add_item(p, rest[k].kind);
        if (!it) {
            for (; k < n; k++)
                item_free(&rest[k]);
            free(rest);
            return -1;
        }
        *it = rest[k];
        p->n++;
    }
    free(rest);
    return r;
}

char *bk_folio_format(bk_folio f, char *buf, size_t n)
{
    static const char *const digits[] = {"m", "cm", "d", "cd", "c", "xc", "l",
                                         "xl", "x", "ix", "v", "iv", "i"};
    static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    if (!buf || !n)
        return buf;
    buf[0] = '\0';
    if (f.style == BK_FOLIO_ARABIC && f.number > 0) {
        snprintf(buf, n, "%d", f.number);
    } else if (f.style == BK_FOLIO_ROMAN && f.number > 0 && f.number < 4000) {
        size_t o = 0;
        int v = f.number;
        for (int d = 0; d < 13; d++)
            for (; v >= values[d]; v -= values[d])
                for (const char *c = digits[d]; *c && o + 1 < n; c++)
                    buf[o++] = *c;
        buf[o] = '\0';
    }
    return buf;
}

char *bk_page_name(const bk_page *page, char *buf, size_t n)
{
    char num[32];
    if (!buf || !n)
        return buf;
    if (page && *bk_folio_format(page->folio, num, sizeof num))
        snprintf(buf, n, "page %s", num);
    else
        snprintf(buf, n, "an unnumbered page");
    return buf;
}

void bk_page_items_shift(bk_page *p, size_t from, size_t to, double dy)
{
    for (size_t i = from; i < to && i < p->n; i++) {
        bk_item *it = &p->items[i];
        switch (it->kind) {
        case BK_ITEM_GLYPHS:
            it->u.glyphs.y += dy;
            break;
        case BK_ITEM_PATH:
            for (size_t k = 0; k < it->u.path.n; k++) {
                bk_path_op *op = &it->u.path.ops[k];
                int pts = op->op == BK_PATH_CURVE ? 3 : op->op == BK_PATH_CLOSE ? 0 : 1;
                for (int j = 0; j < pts; j++)
                    op->pt[2 * j + 1] += dy;
            }
            break;
        case BK_ITEM_LINK:
            it->u.link.y0 += dy;
            it->u.link.y1 += dy;
            break;
        case BK_ITEM_ANCHOR:
            it->u.anchor.y += dy;
            break;
        case BK_ITEM_BOOKMARK:
            it->u.bookmark.y += dy;
            break;
        case BK_ITEM_LATER:
            it->u.later.y += dy;
            break;
        case BK_ITEM_TAG_START:
        case BK_ITEM_TAG_END:
            break;
        }
    }
}

void bk_page_items_truncate(bk_page *p, size_t n)
{
    for (size_t i = n; i < p->n; i++)
        item_free(&p->items[i]);
    if (n < p->n)
        p->n = n;
}

/* Whether the n values of a (NULL: none) are all 0 (+0 or -0). The bits
 * without the sign are or'ed, four values a step: most arrays are all
 * zeros and read to the end (every run of every finished page). */
static int all_zero(const double *a, size_t n)
{
    if (!a)
        return 1;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        uint64_t w[4];
        memcpy(w, a + i, sizeof w);
        if (((w[0] | w[1] | w[2] | w[3]) << 1) != 0)
            return 0;
    }
    for (; i < n; i++)
        if (a[i] != 0)
            return 0;
    return 1;
}

/* Drops a run's offset arrays that hold only zeros: the block is cut to
 * what stays (yoff moved into xoff's place when only yoff stays). */
static void offsets_drop(bk_glyph_run *r)
{
    size_t m = r->n ? r->n : 1;
    int xoff = r->xoff && !all_zero(r->xoff, r->n), yoff = r->yoff && !all_zero(r->yoff, r->n);
    if ((xoff || !r->xoff) && (yoff || !r->yoff))
        return; /* nothing to drop */
    if (yoff && !xoff && r->xoff)
        memmove(r->xoff, r->yoff, m * sizeof(double));
    unsigned char *b = realloc(r->advance, glyph_block_size(m, xoff, yoff));
    /* a block that cannot shrink stays as it is, with the arrays in place */
    glyph_block_point(r, b ? b : (unsigned char *)r->advance, m, xoff, yoff);
}

void bk_page_compact(bk_page *p)
{
    if (!p)
        return;
    for (size_t k = 0; k < p->n; k++)
        if (p->items[k].kind == BK_ITEM_GLYPHS) {
            offsets_drop(&p->items[k].u.glyphs);
        }
    if (p->n == 0) {
        free(p->items);
        p->items = NULL;
        p->cap = 0;
    } else if (p->n < p->cap) {
        bk_item *ni = realloc(p->items, p->n * sizeof(*ni));
        if (ni) { /* else the larger array stays */
            p->items = ni;
            p->cap = p->n;
        }
    }
}

void bk_page_glyphs_free(bk_page *p)
{
    for (size_t k = 0; p && k < p->n; k++)
        if (p->items[k].kind == BK_ITEM_GLYPHS) {
            bk_glyph_run *r = &p->items[k].u.glyphs;
            free(r->advance); /* the block of every glyph array */
            r->gids = NULL;
            r->advance = r->xoff = r->yoff = NULL;
            r->cluster = NULL;
            r->n = 0;
        }
}
