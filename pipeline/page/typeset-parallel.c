/* typeset-parallel.c — parallel editions: several texts in columns side
 * by side (or on facing pages), the passages an alignment links starting
 * at the same height, the layout's parts after them across the measure. */
#include "typeset-private.h"

#include <stdlib.h>
#include <string.h>

typedef struct column {
    const bk_flow *flow;
    int index;
    double x;         /* offset in the text area */
    bk_para *paras;
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
    bk_typeset_stats stats;
} column;

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

/* Places blocks [c->next, until) of a column. */
static bk_status col_advance(typesetter *ts, column *c, size_t until)
{
    col_enter(ts, c);
    bk_status st = col_resume(ts, c);
    for (; !st && c->next < until; c->next++) {
        size_t i = c->next;
        const bk_para *nx = i + 1 < c->flow->n ? &c->paras[i + 1] : NULL;
        st = c->flow->blocks[i].table ? bk_ts_table_place(ts, &c->paras[i])
                                      : bk_ts_para_place(ts, &c->paras[i], nx);
    }
    col_leave(ts, c);
    return st;
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
    cl->setter = bk_setter_new(ts->ctx, ts->layout, ts->fonts, f->file, &cl->stats);
    if (!cl->paras || !cl->block_page || !cl->bar || !cl->setter)
        return oom(ts->ctx);
    col_enter(ts, cl);
    bk_status st;
    for (size_t i = 0; i < f->n; i++, cl->nset++)
        if ((st = bk_ts_para_set(ts, &f->blocks[i], f->blocks[i].style, ts->col_w,
                                 &cl->paras[i])))
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
    bk_status st = col_advance(&ed->ts, cl, from);
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
    for (size_t c = 0; c < ed->n && !st; c++)
        st = column_to_link(ed, c, k, &ls);
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
            cl->slot = ls.slot;
            cl->cursor = ls.y + ls.lead[c];
            st = col_advance(&ed->ts, cl, (size_t)cl->bar[k]);
        }
    }
    free(ls.lead);
    return st;
}

/* ---- after the columns ---- */

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
        for (size_t c = 0; c < ed->n && !st; c++) {
            const bk_flow *f = ed->cols[c].flow;
            if (ts->facing && (pi == 0 || (pi - 1) % 2 != c))
                continue;
            const char *name = bk_layout_string(ts->layout, "language-name", f->lang);
            ts->col_x = ts->facing ? 0 : ed->cols[c].x;
            ts->cursor = ts->geom->height - ts->geom->top + 16;
            ts->flow = f;
            st = bk_ts_text_put(ts, "running-head", f->lang, name ? name : f->lang, 0, 1);
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
    for (size_t c = 0; c < ed->n && !st; c++) {
        ts->flow = ed->cols[c].flow;
        st = bk_ts_text_put(ts, c ? "cover-subtitle" : "cover-title", ts->flow->lang,
                            ts->flow->title ? ts->flow->title : "", 0, 1);
    }
    return st;
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
    else if (!(st = bk_ts_page_new(ts)) && !(st = bk_ts_blocks_place(ts, after)))
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
    for (size_t c = 0; c < ed->n; c++)
        ed->cols[c].x = ts->facing ? 0 : (double)c * (ts->col_w + gap);
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
        bk_setter_free(ed->cols[c].setter);
    }
    free(ed->cols);
    for (size_t c = 0; ed->texts && c < ed->n; c++)
        bk_flow_free(ed->texts[c]);
    free(ed->texts);
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
                              bk_typeset_stats *per_column)
{
    bk_status st;
    bk_typeset_stats dummy;
    const bk_parallel *par = bk_layout_parallel(layout);
    edition ed = {.ts = {.ctx = ctx, .flow = flows[0], .layout = layout, .fonts = fonts,
                         .stats = stats ? stats : &dummy, .geom = bk_layout_page(layout),
                         .parallel = 1, .facing = par && par->facing},
                  .par = par, .al = al, .n = n, .nlinks = al ? al->n : 0};
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
    report_sum(&ed, per_column);
    if ((st = parallel_furniture(&ed)) ||
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
