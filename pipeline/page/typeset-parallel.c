/* typeset-parallel.c — parallel editions: several texts in columns side
 * by side (or on facing pages), the passages an alignment links starting
 * at the same height, the layout's parts after them across the measure. */
#include "typeset-private.h"

#include <stdlib.h>
#include <string.h>

#include "edition-report.h"

typedef struct column {
    const bk_flow *flow;
    int index;
    double x;         /* offset in the text area (now: a band may move it) */
    double w;         /* width (now) */
    double x0;        /* offset outside bands */
    bk_para *paras;
    double *set_w;    /* per block: the width it is set to */
    size_t nset;      /* paras set */
    size_t next;      /* next block to place */
    size_t slot;
    double cursor;
    int *block_page;
    int kept_page;
    const char *kept_file; /* the typesetter's, while the column is away */
    long kept_line;
    long *bar;        /* per link: block index in this column, or -1 */
    bk_setter *setter; /* its own, so that the report is per column */
    bk_typeset_stats stats;   /* pagination's counts */
    bk_typeset_stats scratch; /* the setter's (what blocks set with it add) */
    bk_typeset_stats *bstats; /* per block: what setting it counted, once
                                 however often it is set */
    /* where each block was placed: from (slot0, y0) to (slot1, y1) */
    size_t *slot0, *slot1;
    double *y0, *y1;
} column;

/* A stretch of a column without its text: from (s0, y0) to (s1, y1). */
typedef struct hole {
    size_t col, s0, s1;
    double y0, y1;
    double x, w;         /* the column's offset and width there */
    bk_edition_hole out; /* as the report gives it */
    bk_buf range;        /* what the other columns hold beside it */
    int band;            /* the column gave its space to the others (a band
                            note says why) */
} hole;

/* A stretch of pages where some columns give their space to the others
 * (widen="yes"): from (s0, y0) down to (s1, y1), or to the end. */
typedef struct band {
    size_t s0, s1;
    double y0, y1;
    int open;
    int idle[4];       /* per column: 1 if it gave its space away */
    double x[4];       /* the others' offsets */
    double w;          /* and width */
    bk_buf range;      /* what the others hold meanwhile */
} band;

/* One run of bk_typeset_parallel. */
typedef struct edition {
    typesetter ts;
    const bk_parallel *par;
    const bk_alignment *al;
    size_t n, nlinks;
    column *cols;
    bk_flow **texts;       /* the caller's flows as prepared for pagination */
    bk_figures *figures;   /* those of the parts after the texts */
    bk_setter *main_setter;
    bk_typeset_stats *total;
    hole *holes;
    size_t nholes, holes_cap;
    double *fill;          /* per page and column: height of the lines drawn */
    size_t fill_pages;
    int fill_oom;
    bk_buf *report;        /* the caller's, or NULL */
    double w_normal;       /* a column's width outside bands */
    band *bands;
    size_t nbands, bands_cap;
    size_t band_end;       /* the link that closes the open band */
} edition;

static bk_status oom(bk_ctx *ctx)
{
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* ---- a column's cursor ---- */

static void col_enter(typesetter *ts, column *c)
{
    ts->col = c->index;
    ts->col_x = c->x;
    ts->col_w = c->w;
    ts->flow = c->flow;
    ts->block_page = c->block_page;
    if (c->setter) {
        ts->setter = c->setter;
        ts->stats = &c->stats;
    }
}

static bk_status col_resume(typesetter *ts, column *c)
{
    bk_status st = bk_ts_slot_goto(ts, c->slot);
    ts->cursor = c->cursor;
    ts->kept_page = c->kept_page;
    ts->kept_file = c->kept_file;
    ts->kept_line = c->kept_line;
    return st;
}

static void col_leave(typesetter *ts, column *c)
{
    c->slot = ts->slot;
    c->cursor = ts->cursor;
    c->kept_page = ts->kept_page;
    c->kept_file = ts->kept_file;
    c->kept_line = ts->kept_line;
}

/* The height of every line a column draws, per page and column. */
static void line_tally(void *data, const typesetter *ts, double height)
{
    edition *ed = data;
    size_t page = (size_t)ts->page_no;
    if (page > ed->fill_pages) {
        size_t np = page > 2 * ed->fill_pages ? page : 2 * ed->fill_pages;
        double *nf = realloc(ed->fill, np * ed->n * sizeof(double));
        if (!nf) {
            ed->fill_oom = 1;
            return;
        }
        memset(nf + ed->fill_pages * ed->n, 0, (np - ed->fill_pages) * ed->n * sizeof(double));
        ed->fill = nf;
        ed->fill_pages = np;
    }
    /* in columns of the normal width: a widened column counts its width */
    ed->fill[(page - 1) * ed->n + (size_t)ts->col] += height * ts->col_w / ed->w_normal;
}

/* Places blocks [c->next, until) of a column, noting where each went and
 * how full it makes the pages. */
static bk_status col_advance(edition *ed, column *c, size_t until)
{
    typesetter *ts = &ed->ts;
    col_enter(ts, c);
    bk_status st = col_resume(ts, c);
    ts->line_drawn = line_tally;
    ts->line_drawn_data = ed;
    /* the passage is a section in the column's language, read whole
     * before the next column's */
    if (!st && c->next < until)
        st = bk_ts_passage_open(ts, c->flow->lang);
    for (; !st && c->next < until; c->next++) {
        size_t i = c->next;
        const bk_para *nx = i + 1 < c->flow->n ? &c->paras[i + 1] : NULL;
        c->slot0[i] = ts->slot;
        c->y0[i] = ts->cursor;
        if ((st = bk_ts_block_begin(ts, &c->flow->blocks[i])))
            break;
        st = c->flow->blocks[i].table ? bk_ts_table_place(ts, &c->paras[i])
                                      : bk_ts_para_place(ts, &c->paras[i], nx);
        if (!st)
            st = bk_ts_block_end(ts);
        c->slot1[i] = ts->slot;
        c->y1[i] = ts->cursor;
    }
    if (!st)
        st = bk_ts_tags_close_to(ts, 0);
    ts->line_drawn = NULL;
    col_leave(ts, c);
    return st;
}

/* ---- stretches of a column without its text ---- */

/* The height of text area between (s0, y0) and (s1, y1), 0 if the second
 * is not below the first. */
static double span_height(const edition *ed, size_t s0, double y0, size_t s1, double y1)
{
    double top = ed->ts.geom->height - ed->ts.geom->top, bot = ed->ts.geom->bottom;
    if (s1 < s0 || (s1 == s0 && y1 >= y0))
        return 0;
    if (s0 == s1)
        return y0 - y1;
    return (y0 - bot) + (double)(s1 - s0 - 1) * (top - bot) + (top - y1);
}

/* (s0, y0) comes before (s1, y1) in reading order */
static int pos_before(size_t s0, double y0, size_t s1, double y1)
{
    return s0 < s1 || (s0 == s1 && y0 > y1 + 0.01);
}

/* Column c leaves (s0, y0) for (s1, y1): what lies between, if more than
 * a line, is a hole, noted when the columns are all placed. */
static bk_status hole_add(edition *ed, size_t c, size_t s0, double y0, size_t s1, double y1)
{
    if (span_height(ed, s0, y0, s1, y1) < 12)
        return BK_OK;
    if (ed->nholes == ed->holes_cap) {
        size_t cap = ed->holes_cap ? 2 * ed->holes_cap : 8;
        hole *nh = realloc(ed->holes, cap * sizeof(*nh));
        if (!nh)
            return oom(ed->ts.ctx);
        ed->holes = nh;
        ed->holes_cap = cap;
    }
    ed->holes[ed->nholes++] = (hole){.col = c, .s0 = s0, .y0 = y0, .s1 = s1, .y1 = y1,
                                     .x = ed->cols[c].x, .w = ed->cols[c].w};
    return BK_OK;
}

/* ---- before pagination ---- */

/* The texts as pagination takes them: copies of the caller's flows (which
 * are left as they are) with the paragraphs split at the sentences the
 * alignment's links name. */
static bk_status texts_prepare(edition *ed, bk_flow *const *flows)
{
    bk_ctx *ctx = ed->ts.ctx;
    bk_status st = BK_OK;
    ed->texts = calloc(ed->n, sizeof(*ed->texts));
    if (!ed->texts)
        return oom(ctx);
    for (size_t c = 0; c < ed->n && !st; c++) {
        if (!(ed->texts[c] = bk_flow_copy(flows[c])))
            st = oom(ctx);
        else
            st = bk_flow_split_sentences(ctx, ed->texts[c], ed->al);
    }
    return st;
}

/* Sets block i of a column to the column's width now. What the setter
 * counts is kept as the block's own, so that a block set again (for a
 * band) is counted once. */
static bk_status block_set(edition *ed, column *cl, size_t i)
{
    typesetter *ts = &ed->ts;
    bk_typeset_stats keep = cl->scratch;
    memset(&cl->scratch, 0, sizeof(cl->scratch));
    col_enter(ts, cl);
    bk_para_release(&cl->paras[i]);
    bk_status st = bk_ts_block_set(ts, cl->flow, i, cl->w, &cl->paras[i]);
    cl->bstats[i] = cl->scratch;
    cl->scratch = keep;
    cl->set_w[i] = cl->w;
    return st;
}

/* Every block of column c set to the column's measure, and where each
 * link's passage is in it. */
static bk_status column_set(edition *ed, size_t c)
{
    typesetter *ts = &ed->ts;
    column *cl = &ed->cols[c];
    const bk_flow *f = ed->texts[c];
    cl->flow = f;
    cl->index = (int)c;
    cl->paras = calloc(f->n ? f->n : 1, sizeof(bk_para));
    cl->block_page = calloc(f->n ? f->n : 1, sizeof(int));
    cl->bar = malloc((ed->nlinks ? ed->nlinks : 1) * sizeof(long));
    cl->setter = bk_setter_new(ts->ctx, ts->layout, ts->fonts, f->file, &cl->scratch);
    if (cl->setter)
        bk_setter_hyphenation_from(cl->setter, ed->main_setter);
    size_t nb = f->n ? f->n : 1;
    cl->set_w = calloc(nb, sizeof(double));
    cl->bstats = calloc(nb, sizeof(bk_typeset_stats));
    cl->slot0 = calloc(nb, sizeof(size_t));
    cl->slot1 = calloc(nb, sizeof(size_t));
    cl->y0 = calloc(nb, sizeof(double));
    cl->y1 = calloc(nb, sizeof(double));
    if (!cl->paras || !cl->block_page || !cl->bar || !cl->setter || !cl->slot0 ||
        !cl->slot1 || !cl->y0 || !cl->y1 || !cl->set_w || !cl->bstats)
        return oom(ts->ctx);
    bk_status st;
    for (size_t i = 0; i < f->n; i++, cl->nset++)
        if ((st = block_set(ed, cl, i)))
            return st;
    for (size_t k = 0; k < ed->nlinks; k++) {
        cl->bar[k] = -1;
        for (size_t j = 0; ed->al->ids[k][j]; j++)
            for (size_t i = 0; i < f->n; i++)
                if (f->blocks[i].id && strcmp(f->blocks[i].id, ed->al->ids[k][j]) == 0)
                    cl->bar[k] = (long)i;
    }
    return BK_OK;
}

/* A link that goes back in some text cannot be honoured. */
static bk_status links_check(edition *ed)
{
    for (size_t c = 0; c < ed->n; c++) {
        long last = -1;
        for (size_t k = 0; k < ed->nlinks; k++) {
            if (ed->cols[c].bar[k] < 0)
                continue;
            if (ed->cols[c].bar[k] <= last)
                return bk_diag_error(ed->ts.ctx->diag, BK_EINPUT, ed->al->file,
                                     ed->al->line ? ed->al->line[k] : 0, 0,
                                     "alignment link %zu goes back in %s "
                                     "(links must follow the order of every text)", k + 1,
                                     ed->cols[c].flow->file);
            last = ed->cols[c].bar[k];
        }
    }
    return BK_OK;
}

/* ---- the links ---- */

/* Optionally, columns that would come short of the others before link k
 * take up some of the shortfall as extra leading (at most `loosen` a
 * line), so less of it is left as a gap. Heights are estimated as if the
 * chunk did not turn a page; the link still lines the passages up
 * exactly. */
static void link_loosen(edition *ed, size_t k, double loosen)
{
    size_t n = ed->n;
    column *cols = ed->cols;
    double hmax = 0, *hc = calloc(n, sizeof(double));
    size_t *lines = calloc(n, sizeof(size_t));
    for (size_t c = 0; hc && lines && c < n; c++) {
        if (cols[c].bar[k] < 0)
            continue;
        for (size_t i = cols[c].next; i < (size_t)cols[c].bar[k]; i++) {
            const bk_para *p = &cols[c].paras[i];
            hc[c] += p->style.space_before + p->style.space_after +
                     (double)p->nlines * p->style.leading;
            lines[c] += p->nlines;
        }
        if (hc[c] > hmax)
            hmax = hc[c];
    }
    for (size_t c = 0; hc && lines && c < n; c++) {
        if (cols[c].bar[k] < 0 || !lines[c] || hc[c] >= hmax)
            continue;
        double add = (hmax - hc[c]) / (double)lines[c];
        if (add > loosen)
            add = loosen;
        for (size_t i = cols[c].next; i < (size_t)cols[c].bar[k]; i++)
            cols[c].paras[i].style.leading += add;
    }
    free(hc);
    free(lines);
}

/* Where the passages of a link start: the page (slot) and height. */
typedef struct link_start {
    size_t named;  /* columns that have the link */
    size_t slot;
    double y;      /* 1e9: the top of a fresh page */
    double max_lead;
    double *lead;  /* per column: its lead-in's height */
} link_start;

/* Places column c up to the headings right before its passage of link k
 * (its lead-in), and notes where the passage would start: below the
 * lead-in, with room for two of its lines, else on the next page. For
 * k == nlinks, places the rest of the column. */
static bk_status column_to_link(edition *ed, size_t c, size_t k, link_start *ls)
{
    column *cl = &ed->cols[c];
    long until = k < ed->nlinks ? cl->bar[k] : (long)cl->flow->n;
    if (until < 0)
        return BK_OK;
    size_t from = (size_t)until;
    while (k < ed->nlinks && from > cl->next &&
           strcmp(cl->flow->blocks[from - 1].style, "heading") == 0)
        from--;
    bk_status st = col_advance(ed, cl, from);
    if (st || k == ed->nlinks)
        return st;
    ls->named++;
    const bk_para *ps = &cl->paras[until];
    double l = ps->style.space_before;
    for (size_t h = from; h < (size_t)until; h++) {
        const bk_para *ph = &cl->paras[h];
        l += ph->style.space_before + (double)ph->nlines * ph->style.leading +
             ph->style.space_after;
    }
    ls->lead[c] = l;
    if (l > ls->max_lead)
        ls->max_lead = l;
    size_t slot = cl->slot;
    double y = cl->cursor - l;
    if (y - 2 * ps->style.leading < ed->ts.geom->bottom - 0.01) {
        slot++;
        y = 1e9; /* the top of a fresh page, fixed below */
    }
    if (slot > ls->slot || (slot == ls->slot && y < ls->y)) {
        ls->slot = slot;
        ls->y = y;
    }
    return BK_OK;
}

/* The notes' style: "parallel-note", else (a layout that does not build
 * on the shipped ones) "note". */
static const char *note_style(edition *ed, const char *lang)
{
    bk_style s;
    bk_diag_mark m = bk_diag_mark_take(ed->ts.ctx->diag);
    if (bk_layout_style(ed->ts.ctx, ed->ts.layout, "parallel-note", lang, &s) == BK_OK)
        return "parallel-note";
    bk_diag_rollback(ed->ts.ctx->diag, m);
    return "note";
}

/* ---- bands: columns that give their space to the others ---- */

static int heading_at(const column *cl, size_t i)
{
    return strcmp(cl->flow->blocks[i].style, "heading") == 0;
}

/* Column c's first link from k on that names it, or nlinks. */
static size_t link_next(const edition *ed, size_t c, size_t k)
{
    while (k < ed->nlinks && ed->cols[c].bar[k] < 0)
        k++;
    return k;
}

/* Where column c's lead-in of link k starts (k == nlinks: its end). */
static size_t leadin_at(const edition *ed, size_t c, size_t k)
{
    const column *cl = &ed->cols[c];
    if (k >= ed->nlinks)
        return cl->flow->n;
    size_t from = (size_t)cl->bar[k];
    while (from > cl->next && heading_at(cl, from - 1))
        from--;
    return from;
}

/* Height of blocks [from, to) of a column as set now. */
static double blocks_height(const column *cl, size_t from, size_t to)
{
    double h = 0;
    for (size_t i = from; i < to; i++)
        h += cl->paras[i].style.space_before + cl->paras[i].style.space_after +
             (double)cl->paras[i].nlines * cl->paras[i].style.leading;
    return h;
}

/* The first link after k that names a column link k does not: a band
 * opened at k closes there (nlinks: it lasts to the end). */
static size_t band_close_link(const edition *ed, size_t k)
{
    for (size_t j = k + 1; j < ed->nlinks; j++)
        for (size_t c = 0; c < ed->n; c++)
            if (ed->cols[c].bar[k] < 0 && ed->cols[c].bar[j] >= 0)
                return j;
    return ed->nlinks;
}

/* The lowest position of all the columns. */
static void columns_lowest(const edition *ed, size_t *slot, double *y)
{
    *slot = 0;
    *y = 1e9;
    for (size_t c = 0; c < ed->n; c++)
        if (pos_before(*slot, *y, ed->cols[c].slot, ed->cols[c].cursor)) {
            *slot = ed->cols[c].slot;
            *y = ed->cols[c].cursor;
        }
}

static double band_min(const edition *ed)
{
    double min = ed->par ? ed->par->blank_note : -1;
    return min < 0 ? (ed->ts.geom->height - ed->ts.geom->top - ed->ts.geom->bottom) / 4 : min;
}

/* Whether a band should open at link k: widen="yes" (and notes, which
 * say why: blank-note not 0), columns side by side, some columns not
 * named; what those still have to place before
 * their next link fits above where the named ones start; and the named
 * ones have at least blank-note to set, widened, before a link names one
 * of the others again. */
static int band_wanted(const edition *ed, size_t k, const link_start *ls)
{
    if (!ed->par || !ed->par->widen || ed->par->blank_note == 0 || ed->ts.facing ||
        ed->nbands >= 64 || k >= ed->nlinks || ls->named < 2 || ls->named >= ed->n ||
        (ed->nbands && ed->bands[ed->nbands - 1].open))
        return 0;
    size_t kend = band_close_link(ed, k);
    double top = ed->ts.geom->height - ed->ts.geom->top, y = ls->y > 1e8 ? top : ls->y;
    double hmax = 0;
    for (size_t c = 0; c < ed->n; c++) {
        const column *cl = &ed->cols[c];
        if (cl->bar[k] >= 0) {
            double h = blocks_height(cl, cl->next, leadin_at(ed, c, link_next(ed, c, kend)));
            hmax = h > hmax ? h : hmax;
        } else if (blocks_height(cl, cl->next, leadin_at(ed, c, link_next(ed, c, k))) >
                   span_height(ed, cl->slot, cl->cursor, ls->slot, y)) {
            return 0; /* it would push the band down */
        }
    }
    return hmax * (double)ls->named / (double)ed->n >= band_min(ed);
}

/* What the named columns hold in the band: "zh.p1 – zh.p3 · en.p2". */
static int band_range(edition *ed, band *b, size_t kend)
{
    int bad = 0;
    for (size_t c = 0; c < ed->n; c++) {
        const column *cl = &ed->cols[c];
        const char *first = NULL, *last = NULL;
        size_t to = leadin_at(ed, c, link_next(ed, c, kend));
        for (size_t i = cl->next; !b->idle[c] && i < to; i++) {
            const bk_block *bl = &cl->flow->blocks[i];
            if (!bl->id || heading_at(cl, i) || strcmp(bl->style, "title") == 0)
                continue;
            first = first ? first : bl->id;
            last = bl->id;
        }
        if (!first)
            continue;
        bad |= b->range.len && bk_buf_puts(&b->range, " \u00b7 ");
        bad |= bk_buf_puts(&b->range, first);
        bad |= last != first && bk_buf_printf(&b->range, " \u2013 %s", last);
    }
    return bad;
}

/* Across the measure at (*slot, *y): for each column that gives its
 * space away, in its language, that it has no parallel passage here and
 * what the others hold. Moves (*slot, *y) below the notes. */
static bk_status band_notes(edition *ed, band *b, size_t *slot, double *y)
{
    typesetter *ts = &ed->ts;
    bk_status st = BK_OK;
    bk_setter *keep = ts->setter;
    bk_typeset_stats *keep_stats = ts->stats;
    ts->setter = ed->main_setter; /* not the columns' report */
    ts->stats = ed->total;
    ts->parallel = 0;
    for (size_t c = 0; c < ed->n && !st; c++) {
        const char *lang = ed->cols[c].flow->lang;
        const char *say = bk_layout_string(ts->layout, "parallel-none", lang);
        if (!b->idle[c] || !say)
            continue;
        const char *style = note_style(ed, lang);
        ts->flow = ed->cols[c].flow;
        for (int draw = 0; draw < 2 && !st; draw++) {
            if ((st = bk_ts_slot_goto(ts, *slot)))
                break;
            ts->cursor = *y < 1e8 ? *y - 6 : ts->cursor;
            st = bk_ts_text_put(ts, style, lang, say, 0, draw);
            if (!st && b->range.len)
                st = bk_ts_text_put(ts, style, lang, b->range.data, 0, draw);
            if (!draw && ts->cursor < ts->geom->bottom + 24) {
                (*slot)++; /* no room: at the top of the next page */
                *y = 1e9;
            }
        }
        *y = ts->cursor - 6;
    }
    ts->parallel = 1;
    ts->setter = keep;
    ts->stats = keep_stats;
    return st;
}

/* Opens a band at link k: the columns k does not name place what they
 * have before their next link; below the lowest column, a note says which
 * texts have nothing here; the named columns share the measure, their
 * blocks up to the band's end set again to the new width. */
static bk_status band_open(edition *ed, size_t k)
{
    if (ed->nbands == ed->bands_cap) {
        size_t cap = ed->bands_cap ? 2 * ed->bands_cap : 4;
        band *nb = realloc(ed->bands, cap * sizeof(*nb));
        if (!nb)
            return oom(ed->ts.ctx);
        ed->bands = nb;
        ed->bands_cap = cap;
    }
    band *b = &ed->bands[ed->nbands++];
    memset(b, 0, sizeof(*b));
    b->open = 1;
    size_t kend = band_close_link(ed, k), named = 0;
    bk_status st = BK_OK;
    for (size_t c = 0; c < ed->n && !st; c++) {
        b->idle[c] = ed->cols[c].bar[k] < 0;
        named += !b->idle[c];
        if (b->idle[c])
            st = col_advance(ed, &ed->cols[c], leadin_at(ed, c, link_next(ed, c, k)));
    }
    if (st || band_range(ed, b, kend))
        return st ? st : oom(ed->ts.ctx);
    columns_lowest(ed, &b->s0, &b->y0);
    if ((st = band_notes(ed, b, &b->s0, &b->y0)))
        return st;
    double full = ed->ts.geom->width - ed->ts.geom->inner - ed->ts.geom->outer;
    double gap = ed->par->gap, w = (full - gap * (double)(named - 1)) / (double)named;
    for (size_t c = 0, j = 0; c < ed->n && !st; c++) {
        column *cl = &ed->cols[c];
        if (b->idle[c])
            continue;
        double y0 = b->y0 < 1e8 ? b->y0 : ed->ts.geom->height - ed->ts.geom->top;
        st = hole_add(ed, c, cl->slot, cl->cursor, b->s0, y0);
        cl->x = b->x[c] = (double)j++ * (w + gap);
        cl->w = w;
        cl->slot = b->s0;
        cl->cursor = y0;
        for (size_t i = cl->next; i < leadin_at(ed, c, link_next(ed, c, kend)) && !st; i++)
            st = block_set(ed, cl, i);
    }
    b->w = w;
    ed->band_end = kend;
    return st;
}

/* The band for a column's hole: it stays where it gave its space away
 * until (slot, y); a band note says why. */
static bk_status band_hole(edition *ed, const band *b, size_t c, size_t slot, double y)
{
    size_t before = ed->nholes;
    column *cl = &ed->cols[c];
    bk_status st = hole_add(ed, c, cl->slot, cl->cursor, slot, y);
    if (!st && ed->nholes > before) {
        hole *h = &ed->holes[ed->nholes - 1];
        h->band = 1;
        if (b->range.len && bk_buf_puts(&h->range, b->range.data))
            st = oom(ed->ts.ctx);
    }
    return st;
}

/* Closes the open band before link k: the columns in it place what they
 * have before their next link; every column goes on below the lowest of
 * them at its own width. */
static bk_status band_close(edition *ed, size_t k)
{
    band *b = &ed->bands[ed->nbands - 1];
    bk_status st = BK_OK;
    for (size_t c = 0; c < ed->n && !st; c++)
        if (!b->idle[c])
            st = col_advance(ed, &ed->cols[c], leadin_at(ed, c, link_next(ed, c, k)));
    if (st)
        return st;
    columns_lowest(ed, &b->s1, &b->y1);
    b->open = 0;
    for (size_t c = 0; c < ed->n && !st; c++) {
        column *cl = &ed->cols[c];
        st = b->idle[c] ? band_hole(ed, b, c, b->s1, b->y1)
                        : hole_add(ed, c, cl->slot, cl->cursor, b->s1, b->y1);
        cl->x = cl->x0;
        cl->w = ed->w_normal;
        cl->slot = b->s1;
        cl->cursor = b->y1;
    }
    return st;
}

/* Headings right before a linked passage are its lead-in: each column is
 * placed up to them, then the passages' common start is the lowest of the
 * columns' positions less their lead-ins, so the passages themselves start
 * level and each heading sits above its own passage. k == nlinks: the
 * rest of every column. */
static bk_status link_place(edition *ed, size_t k)
{
    bk_status st = BK_OK;
    link_start ls = {.y = 1e9, .lead = calloc(ed->n, sizeof(double))};
    if (!ls.lead)
        return oom(ed->ts.ctx);
    if (ed->nbands && ed->bands[ed->nbands - 1].open && k == ed->band_end && k < ed->nlinks)
        st = band_close(ed, k);
    for (size_t c = 0; c < ed->n && !st; c++)
        st = column_to_link(ed, c, k, &ls);
    if (!st && band_wanted(ed, k, &ls) && !(st = band_open(ed, k))) {
        /* where the passages start, now that the columns are wider */
        memset(ls.lead, 0, ed->n * sizeof(double));
        ls = (link_start){.y = 1e9, .lead = ls.lead};
        for (size_t c = 0; c < ed->n && !st; c++)
            st = column_to_link(ed, c, k, &ls);
    }
    if (!st && k < ed->nlinks && ls.named >= 2) {
        /* every lead-in must fit above the common start on its page; the
         * tiny margin keeps the first block off "page top", where its
         * space before would be dropped */
        double top = ed->ts.geom->height - ed->ts.geom->top;
        if (ls.y > top - ls.max_lead - 0.02)
            ls.y = top - ls.max_lead - 0.02;
        for (size_t c = 0; c < ed->n && !st; c++) {
            column *cl = &ed->cols[c];
            if (cl->bar[k] < 0)
                continue;
            st = hole_add(ed, c, cl->slot, cl->cursor, ls.slot, ls.y + ls.lead[c]);
            cl->slot = ls.slot;
            cl->cursor = ls.y + ls.lead[c];
            if (!st)
                st = col_advance(ed, cl, (size_t)cl->bar[k]);
        }
    }
    free(ls.lead);
    return st;
}

/* ---- after the columns: the holes noted, the report ---- */

/* Every column's end down to the lowest of them is a hole: its text
 * ended first. */
static bk_status ends_holes(edition *ed)
{
    size_t ls = 0;
    double ly = 1e9;
    bk_status st = BK_OK;
    for (size_t c = 0; c < ed->n; c++)
        if (pos_before(ls, ly, ed->cols[c].slot, ed->cols[c].cursor)) {
            ls = ed->cols[c].slot;
            ly = ed->cols[c].cursor;
        }
    const band *b = ed->nbands && ed->bands[ed->nbands - 1].open ? &ed->bands[ed->nbands - 1]
                                                                 : NULL;
    for (size_t c = 0; c < ed->n && !st; c++)
        st = b && b->idle[c] ? band_hole(ed, b, c, ls, ly)
                             : hole_add(ed, c, ed->cols[c].slot, ed->cols[c].cursor, ls, ly);
    return st;
}

static int is_heading(const bk_block *b)
{
    return strcmp(b->style, "heading") == 0 || strcmp(b->style, "title") == 0;
}

/* What the other columns hold beside hole h: "zh.p1 – zh.p3 · en.p2":
 * in each, the passages that start beside it, else the one it lies
 * beside. */
static int hole_range(edition *ed, hole *h)
{
    int bad = 0;
    for (size_t d = 0; d < ed->n; d++) {
        const column *cl = &ed->cols[d];
        const char *first = NULL, *last = NULL, *across = NULL;
        for (size_t i = 0; d != h->col && i < cl->next; i++) {
            const bk_block *b = &cl->flow->blocks[i];
            if (!b->id || is_heading(b) ||
                !pos_before(cl->slot0[i], cl->y0[i], h->s1, h->y1) ||
                !pos_before(h->s0, h->y0, cl->slot1[i], cl->y1[i]))
                continue;
            if (pos_before(cl->slot0[i], cl->y0[i], h->s0, h->y0)) {
                across = b->id; /* starts above the hole */
                continue;
            }
            first = first ? first : b->id;
            last = b->id;
        }
        if (!first)
            first = last = across;
        if (!first)
            continue;
        bad |= h->range.len && bk_buf_puts(&h->range, " \u00b7 ");
        bad |= bk_buf_puts(&h->range, first);
        bad |= last != first && bk_buf_printf(&h->range, " \u2013 %s", last);
    }
    return bad;
}

static int page_of(const edition *ed, size_t col, size_t slot)
{
    return ed->ts.facing ? 2 + 2 * (int)slot + (int)col : (int)slot + 1;
}

/* The note of hole h on each of its pages with room for it (a blank line
 * below the column's text, or at the top of a later page): in the column's
 * language, that it has no parallel passage here, and what the other
 * columns hold beside it. Only holes of at least `min` get one. */
static bk_status hole_note(edition *ed, hole *h, double min)
{
    typesetter *ts = &ed->ts;
    column *cl = &ed->cols[h->col];
    const char *lang = cl->flow->lang;
    const char *say = bk_layout_string(ts->layout, "parallel-none", lang);
    bk_status st = BK_OK;
    h->out = (bk_edition_hole){.col = h->col, .page_from = page_of(ed, h->col, h->s0),
                               .page_to = page_of(ed, h->col, h->s1)};
    if (!h->band && hole_range(ed, h)) /* a band's hole has the band's */
        return oom(ts->ctx);
    h->out.range = h->range.data;
    h->out.noted |= h->band; /* the band's note */
    if (h->band || min <= 0 || !say || !h->range.len ||
        span_height(ed, h->s0, h->y0, h->s1, h->y1) < min)
        return BK_OK;
    const char *style = note_style(ed, lang);
    double top = ts->geom->height - ts->geom->top, bot = ts->geom->bottom;
    for (size_t s = h->s0; s <= h->s1 && !st; s++) {
        double from = s == h->s0 ? h->y0 - 12 : top, to = s == h->s1 ? h->y1 : bot;
        ts->col = (int)h->col;
        ts->col_x = h->x;
        ts->col_w = h->w;
        ts->flow = cl->flow;
        if ((st = bk_ts_slot_goto(ts, s)))
            break;
        for (int draw = 0; draw < 2 && !st; draw++) {
            ts->cursor = from;
            st = bk_ts_text_put(ts, style, lang, say, 0, draw);
            if (!st)
                st = bk_ts_text_put(ts, style, lang, h->range.data, 0, draw);
            if (ts->cursor < to)
                break; /* no room on this page */
            h->out.noted |= draw;
        }
    }
    return st;
}

static bk_status holes_note(edition *ed)
{
    bk_status st = BK_OK;
    double min = ed->par ? ed->par->blank_note : -1;
    if (min < 0)
        min = (ed->ts.geom->height - ed->ts.geom->top - ed->ts.geom->bottom) / 4;
    const bk_flow *flow = ed->ts.flow; /* the folios' language */
    ed->ts.parallel = 1;
    for (size_t i = 0; i < ed->nholes && !st; i++)
        st = hole_note(ed, &ed->holes[i], min);
    ed->ts.flow = flow;
    return st;
}

static int linked(const edition *ed, const char *id)
{
    for (size_t k = 0; k < ed->nlinks; k++)
        for (size_t j = 0; ed->al->ids[k][j]; j++)
            if (strcmp(ed->al->ids[k][j], id) == 0)
                return 1;
    return 0;
}

/* A column's passages, the ones linked, its longest unlinked run. */
static void column_facts(const edition *ed, size_t c, bk_edition_column *k)
{
    const bk_flow *f = ed->cols[c].flow;
    const char *from = NULL;
    size_t run = 0;
    k->lang = f->lang;
    k->hyphenated = ed->cols[c].stats.hyphenated_lines;
    for (size_t i = 0; i < f->n; i++) {
        const bk_block *b = &f->blocks[i];
        if (!b->id || is_heading(b))
            continue;
        k->passages++;
        if (linked(ed, b->id)) {
            k->aligned++;
            run = 0;
            continue;
        }
        from = run++ ? from : b->id;
        if (run > k->stretch) {
            k->stretch = run;
            k->stretch_from = from;
            k->stretch_to = b->id;
        }
    }
}

static void report_warn(void *data, const char *msg)
{
    edition *ed = data;
    bk_diag_warn(ed->ts.ctx->diag, ed->al ? ed->al->file : NULL, 0, 0, "%s", msg);
}

/* The report's edition section (edition-report.h), for the pages of the
 * texts (before the parts after them). */
static bk_status edition_report(edition *ed)
{
    const bk_page_geom *g = ed->ts.geom;
    size_t np = ed->ts.frames->n, n = ed->n;
    double area = g->height - g->top - g->bottom;
    double *fill = calloc(np * n + 1, sizeof(double));
    bk_edition_column *cols = calloc(n, sizeof(*cols));
    bk_edition_hole *holes = calloc(ed->nholes + 1, sizeof(*holes));
    bk_status st = BK_OK;
    if (!fill || !cols || !holes || ed->fill_oom) {
        st = oom(ed->ts.ctx);
        goto done;
    }
    for (size_t i = 0; i < np * n && i < ed->fill_pages * n; i++)
        fill[i] = ed->fill[i] / area;
    for (size_t c = 0; c < n; c++)
        column_facts(ed, c, &cols[c]);
    for (size_t i = 0; i < ed->nholes; i++)
        holes[i] = ed->holes[i].out;
    bk_edition_facts f = {.ncols = n, .facing = ed->ts.facing, .links = ed->nlinks,
                          .cols = cols, .npages = np, .fill = fill, .holes = holes,
                          .nholes = ed->nholes};
    if (bk_edition_report(&f, ed->report, report_warn, ed) < 0)
        st = oom(ed->ts.ctx);
done:
    free(fill);
    free(cols);
    free(holes);
    return st;
}

/* ---- after the columns ---- */

/* The band the top of page slot s is in, or NULL. */
static const band *band_at_top(const edition *ed, size_t s)
{
    double top = ed->ts.geom->height - ed->ts.geom->top - 1;
    for (size_t i = 0; !ed->ts.facing && i < ed->nbands; i++) {
        const band *b = &ed->bands[i];
        if ((b->s0 < s || (b->s0 == s && b->y0 >= top)) &&
            (b->open || b->s1 > s || (b->s1 == s && b->y1 < top)))
            return b;
    }
    return NULL;
}

/* Running heads name the language of each column; folios as usual. */
static bk_status parallel_furniture(edition *ed)
{
    typesetter *ts = &ed->ts;
    bk_status st = BK_OK;
    for (size_t pi = 0; pi < ts->frames->n && !st; pi++) {
        ts->page = ts->frames->pages[pi];
        ts->page_no = (int)pi + 1;
        ts->parallel = 0;
        if (!(ts->facing && pi == 0))
            st = bk_ts_folio_emit(ts);
        ts->parallel = 1;
        const band *b = band_at_top(ed, pi);
        for (size_t c = 0; c < ed->n && !st; c++) {
            const bk_flow *f = ed->cols[c].flow;
            if ((ts->facing && (pi == 0 || (pi - 1) % 2 != c)) || (b && b->idle[c]))
                continue;
            const char *name = bk_layout_string(ts->layout, "language-name", f->lang);
            ts->col_x = b ? b->x[c] : ed->cols[c].x0;
            ts->col_w = b ? b->w : ed->w_normal;
            ts->cursor = ts->geom->height - ts->geom->top + 16;
            ts->flow = f;
            if (!(st = bk_ts_artifact_begin(ts)) &&
                !(st = bk_ts_text_put(ts, "running-head", f->lang, name ? name : f->lang, 0, 1)))
                st = bk_ts_artifact_end(ts);
        }
    }
    return st;
}

/* Facing pages: page 1, the half-title, has the titles of both texts. */
static bk_status half_title(edition *ed)
{
    typesetter *ts = &ed->ts;
    bk_status st = BK_OK;
    ts->page = ts->frames->pages[0];
    ts->page_no = 1;
    ts->parallel = 0;
    ts->cursor = ts->geom->height - ts->geom->top - 120;
    ts->flow = ed->cols[0].flow;
    st = bk_ts_document_open(ts);
    for (size_t c = 0; c < ed->n && !st; c++) {
        ts->flow = ed->cols[c].flow;
        st = bk_ts_text_put_as(ts, BK_ROLE_P, c ? "cover-subtitle" : "cover-title",
                               ts->flow->lang, ts->flow->title ? ts->flow->title : "", 1);
    }
    return st ? st : bk_ts_tags_close_to(ts, 0);
}

/* What follows the texts (timeline, tables) runs across the whole measure
 * from a fresh page, numbered on. */
static bk_status after_place(edition *ed, const bk_flow *after)
{
    typesetter *ts = &ed->ts;
    bk_status st;
    int *bp = calloc(after->n, sizeof(int));
    ts->parallel = 0;
    ts->col_x = 0;
    ts->flow = after;
    ts->block_page = bp;
    ts->page = ts->frames->pages[ts->frames->n - 1];
    ts->page_no = (int)ts->frames->n;
    ts->kept_page = 0;
    if (!bp)
        st = oom(ts->ctx);
    else if (!(st = bk_ts_page_new(ts)) && !(st = bk_ts_document_open(ts)) &&
             !(st = bk_ts_blocks_place(ts, after)) && !(st = bk_ts_tags_close_to(ts, 0)))
        st = bk_ts_folio_emit(ts);
    free(bp);
    ts->block_page = NULL;
    return st;
}

/* The report: each column's, and their sum. */
static void report_sum(edition *ed, bk_typeset_stats *per_column)
{
    ed->ts.setter = ed->main_setter;
    ed->ts.stats = ed->total;
    for (size_t c = 0; c < ed->n; c++) {
        column *cl = &ed->cols[c];
        for (size_t i = 0; i < cl->nset; i++)
            bk_typeset_stats_add(&cl->stats, &cl->bstats[i]);
        bk_typeset_stats_add(&cl->stats, &cl->scratch);
        if (per_column)
            per_column[c] = ed->cols[c].stats;
        bk_typeset_stats_add(ed->total, &ed->cols[c].stats);
    }
}

/* ---- the driver ---- */

/* The run's state, and the columns' widths and offsets. */
static bk_status edition_open(edition *ed, const bk_flow *first)
{
    typesetter *ts = &ed->ts;
    bk_ctx *ctx = ts->ctx;
    memset(ts->stats, 0, sizeof(*ts->stats));
    ts->setter = bk_setter_new(ctx, ts->layout, ts->fonts, first->file, ts->stats);
    ed->main_setter = ts->setter;
    ed->total = ts->stats;
    ts->frames = bk_frames_new();
    ed->cols = calloc(ed->n, sizeof(*ed->cols));
    if (!ed->cols || !ts->setter || !ts->frames ||
        bk_frames_set_meta(ts->frames, first->title, first->lang, NULL, NULL))
        return oom(ctx);
    if (ed->n < 2 || (ts->facing && ed->n != 2) || ed->n > 4)
        return bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                             "a parallel edition takes 2 to 4 texts in columns, or 2 "
                             "on facing pages (got %zu)", ed->n);
    double full = ts->geom->width - ts->geom->inner - ts->geom->outer;
    double gap = ed->par ? ed->par->gap : 12;
    ts->col_w = ts->facing ? full : (full - gap * (double)(ed->n - 1)) / (double)ed->n;
    ed->w_normal = ts->col_w;
    for (size_t c = 0; c < ed->n; c++) {
        ed->cols[c].x = ed->cols[c].x0 = ts->facing ? 0 : (double)c * (ts->col_w + gap);
        ed->cols[c].w = ts->col_w;
    }
    return BK_OK;
}

static void edition_close(edition *ed)
{
    for (size_t c = 0; ed->cols && c < ed->n; c++) {
        for (size_t i = 0; i < ed->cols[c].nset; i++)
            bk_para_release(&ed->cols[c].paras[i]);
        free(ed->cols[c].paras);
        free(ed->cols[c].block_page);
        free(ed->cols[c].bar);
        free(ed->cols[c].set_w);
        free(ed->cols[c].bstats);
        free(ed->cols[c].slot0);
        free(ed->cols[c].slot1);
        free(ed->cols[c].y0);
        free(ed->cols[c].y1);
        bk_setter_free(ed->cols[c].setter);
    }
    free(ed->cols);
    for (size_t c = 0; ed->texts && c < ed->n; c++)
        bk_flow_free(ed->texts[c]);
    free(ed->texts);
    for (size_t i = 0; i < ed->nholes; i++)
        bk_buf_release(&ed->holes[i].range);
    free(ed->holes);
    for (size_t i = 0; i < ed->nbands; i++)
        bk_buf_release(&ed->bands[i].range);
    free(ed->bands);
    free(ed->fill);
    bk_ts_tags_release(&ed->ts);
    bk_figures_free(ed->figures);
    bk_setter_free(ed->main_setter);
    bk_frames_free(ed->ts.frames);
}

/* Steps: the texts prepared (sentences split) -> every block of every text
 * set to its column -> each link's passages found in the columns (links
 * must keep the texts' order) -> the figures after the texts read -> for
 * each link in turn, the columns it names are placed up to it and then
 * all start it at the lowest of their positions (the shorter side is
 * padded) -> the rest -> running heads and folios -> the parts after. */
bk_status bk_typeset_parallel(bk_ctx *ctx, bk_flow *const *flows, size_t n,
                              const bk_alignment *al, const bk_flow *after,
                              const bk_layout *layout, bk_fontset *fonts,
                              bk_frames **out, bk_typeset_stats *stats,
                              bk_typeset_stats *per_column, bk_buf *report)
{
    bk_status st;
    bk_typeset_stats dummy;
    const bk_parallel *par = bk_layout_parallel(layout);
    edition ed = {.ts = {.ctx = ctx, .flow = flows[0], .layout = layout, .fonts = fonts,
                         .stats = stats ? stats : &dummy, .geom = bk_layout_page(layout),
                         .parallel = 1, .facing = par && par->facing},
                  .par = par, .al = al, .n = n, .nlinks = al ? al->n : 0,
                  .report = report};
    typesetter *ts = &ed.ts;
    *out = NULL;
    if ((st = edition_open(&ed, flows[0])) || (st = bk_ts_doc_info(ts, (const bk_flow *const *)flows, n)) ||
        (st = texts_prepare(&ed, flows)))
        goto done;
    for (size_t c = 0; c < n; c++)
        if ((st = column_set(&ed, c)))
            goto done;
    if ((st = links_check(&ed)) ||
        (st = bk_ts_figures_prepare(ctx, layout, &after, 1, &ed.figures)))
        goto done;
    ts->figures = ed.figures;
    for (size_t c = 0; c < n; c++) {
        col_enter(ts, &ed.cols[c]);
        if ((st = bk_ts_slot_goto(ts, 0)))
            goto done;
        col_leave(ts, &ed.cols[c]);
    }
    for (size_t k = 0; k <= ed.nlinks; k++) {
        if (par && par->loosen > 0 && k < ed.nlinks)
            link_loosen(&ed, k, par->loosen);
        if ((st = link_place(&ed, k)))
            goto done;
    }
    if ((st = ends_holes(&ed)))
        goto done;
    report_sum(&ed, per_column);
    if ((st = holes_note(&ed)) || (ed.report && (st = edition_report(&ed))) ||
        (st = parallel_furniture(&ed)) ||
        (ts->facing && ts->frames->n && (st = half_title(&ed))) ||
        (after && after->n && (st = after_place(&ed, after))))
        goto done;
    /* the columns share their pages */
    ed.total->pages = ts->frames->n;
    for (size_t c = 0; per_column && c < n; c++)
        per_column[c].pages = ts->frames->n;
    *out = ts->frames;
    ts->frames = NULL;
done:
    edition_close(&ed);
    return st;
}
