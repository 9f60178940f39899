/* typeset.c — pagination: set paragraphs (paragraph.h) into pages of
 * frames, with folios, bookmarks and anchors (see typeset.h). */
#include "typeset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "paragraph.h"
#include "map.h"
#include "timeline.h"

typedef bk_para para;

typedef struct typesetter {
    bk_ctx *ctx;
    const bk_flow *flow;
    const bk_layout *layout;
    bk_fontset *fonts;
    bk_frames *frames;
    bk_typeset_stats *stats;
    bk_setter *setter;
    const bk_page_geom *geom;
    bk_page *page;
    double cursor; /* top of the next line box */
    int page_no;
    int kept_page; /* page of the last keep-with-next block, or 0 */
    int *block_page; /* body page where each block of the flow starts */
    /* parallel editions: the current column */
    int parallel, facing;
    int col;
    double col_x, col_w; /* offset in the text area, width */
    size_t slot;         /* the column's page (columns) or spread (facing) */
} typesetter;

size_t bk_typeset_stats_faults(const bk_typeset_stats *s)
{
    return s->overfull_lines + s->loose_lines + s->emergency_breaks +
           s->bad_line_starts + s->bad_line_ends + s->lonely_last_chars +
           s->widows + s->orphans + s->stranded_headings + s->missing_chars +
           s->map_unplaced;
}

void bk_typeset_stats_print(const bk_typeset_stats *s, bk_buf *out)
{
    bk_buf_printf(out,
                  "pages: %zu\nparagraphs: %zu\nlines: %zu\nglyphs: %zu\n"
                  "hyphenated lines: %zu\nlongest run of hyphenated lines: %zu\n"
                  "mean adjustment ratio: %.3f\nmax adjustment ratio: %.3f\n"
                  "overfull lines: %zu\nloose lines: %zu\nemergency breaks: %zu\n"
                  "prohibited line starts: %zu\nprohibited line ends: %zu\n"
                  "one-character last lines: %zu\nwidows: %zu\norphans: %zu\n"
                  "stranded headings: %zu\nmissing glyphs: %zu\n"
                  "map names without room: %zu\nfaults: %zu\n",
                  s->pages, s->paragraphs, s->lines, s->glyphs, s->hyphenated_lines,
                  s->max_hyphen_run,
                  s->justified_lines ? s->sum_ratio / (double)s->justified_lines : 0.0,
                  s->max_ratio, s->overfull_lines, s->loose_lines,
                  s->emergency_breaks, s->bad_line_starts, s->bad_line_ends,
                  s->lonely_last_chars, s->widows, s->orphans,
                  s->stranded_headings, s->missing_chars, s->map_unplaced,
                  bk_typeset_stats_faults(s));
}

static bk_status para_set(typesetter *ts, const bk_block *b, const char *style,
                          double measure, para *p)
{
    return bk_para_set(ts->setter, b, style, measure, p);
}

static void para_free(para *p) { bk_para_release(p); }

/* ---- placing lines on pages ---------------------------------------------- */

static double text_left(const typesetter *ts)
{
    /* Mirrored margins: the inner margin is on the left of odd pages. */
    return (ts->page_no % 2 ? ts->geom->inner : ts->geom->outer) +
           (ts->parallel ? ts->col_x : 0);
}

static double measure_of(const typesetter *ts)
{
    if (ts->parallel)
        return ts->col_w;
    return ts->geom->width - ts->geom->inner - ts->geom->outer;
}

/* Parallel editions share pages: a column moving on goes to its next
 * page, which another column may have made already. Facing pages: column
 * c of spread s is page 2s+1+c (page 1 is the half-title), so the first
 * text is always on a left-hand page. */
static bk_status goto_slot(typesetter *ts, size_t slot)
{
    size_t idx = ts->facing ? 1 + 2 * slot + (size_t)ts->col : slot;
    if (idx >= BK_MAX_PAGES)
        return bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, 0, 0,
                             "the booklet would have more than %d pages", BK_MAX_PAGES);
    while (ts->frames->n <= idx) {
        bk_page *pg = bk_frames_add_page(ts->frames, ts->geom->width, ts->geom->height);
        char label[32];
        snprintf(label, sizeof label, "%zu", ts->frames->n);
        if (!pg || !(pg->label = bk_strdup(label)))
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        ts->stats->pages++;
    }
    ts->slot = slot;
    ts->page = ts->frames->pages[idx];
    ts->page_no = (int)idx + 1;
    ts->cursor = ts->geom->height - ts->geom->top;
    return BK_OK;
}

static bk_status emit_folio(typesetter *ts);

static bk_status new_page(typesetter *ts)
{
    if (ts->parallel)
        return goto_slot(ts, ts->slot + 1); /* folios come at the end */
    if (ts->page) {
        bk_status st = emit_folio(ts);
        if (st)
            return st;
    }
    if (ts->frames->n >= BK_MAX_PAGES)
        return bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, 0, 0,
                             "the booklet would have more than %d pages", BK_MAX_PAGES);
    ts->page = bk_frames_add_page(ts->frames, ts->geom->width, ts->geom->height);
    if (!ts->page)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "out of memory");
    ts->page_no++;
    char label[32];
    snprintf(label, sizeof label, "%d", ts->page_no);
    ts->page->label = bk_strdup(label);
    ts->cursor = ts->geom->height - ts->geom->top;
    ts->stats->pages++;
    return BK_OK;
}

static bk_status draw_line(typesetter *ts, const para *p, const bk_set_line *ln,
                           double x0, double y)
{
    return bk_para_draw_line(ts->ctx, p, ln, ts->page, x0, y);
}

static double baseline_in(const para *p, double top)
{
    /* Centre the em box in the line box; the em box's centre sits about
     * 0.3 em above the baseline in these fonts. */
    return top - p->style.leading / 2 - 0.3 * p->style.size;
}

static bk_status emit_folio(typesetter *ts)
{
    bk_block b = {.style = "folio", .lang = ts->flow->lang};
    char num[32];
    snprintf(num, sizeof num, "%s", ts->page->label ? ts->page->label : "");
    b.text = num;
    b.len = strlen(num);
    if (!b.len)
        return BK_OK;
    para p;
    bk_status st = para_set(ts, &b, "folio", measure_of(ts), &p);
    if (!st && p.nlines)
        st = draw_line(ts, &p, &p.lines[0], text_left(ts), ts->geom->folio);
    para_free(&p);
    return st;
}

static bk_status draw_label(typesetter *ts, const para *p, double y)
{
    bk_block b = {.style = p->block->style, .lang = p->block->lang,
                  .text = p->block->label, .len = strlen(p->block->label),
                  .line = p->block->line};
    para lp;
    bk_status st = para_set(ts, &b, p->block->style, measure_of(ts), &lp);
    if (!st && lp.nlines) {
        bk_set_line ln = lp.lines[0];
        ln.x = 0;
        double x = text_left(ts) + p->style.left_indent - ln.width - 0.4 * p->style.size;
        st = draw_line(ts, &lp, &ln, x, y);
    }
    para_free(&lp);
    return st;
}

static double bottom_limit(const typesetter *ts) { return ts->geom->bottom; }


static int at_page_top(const typesetter *ts)
{
    return ts->cursor >= ts->geom->height - ts->geom->top - 0.01;
}

/* Whole lines of this leading that still fit on the page. */
static size_t lines_left(const typesetter *ts, double lead)
{
    double room = ts->cursor - bottom_limit(ts) + 0.01;
    return room <= 0 ? 0 : (size_t)(room / lead);
}

static bk_status draw_para_line(typesetter *ts, const para *p, size_t i)
{
    bk_status st;
    double y = baseline_in(p, ts->cursor);
    if (i == 0 && (strcmp(p->block->style, "heading") == 0 ||
                   strcmp(p->block->style, "title") == 0) &&
        !bk_page_add_bookmark(ts->page, p->block->text, p->block->level, ts->cursor))
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (i == 0) {
        size_t bi = (size_t)(p->block - ts->flow->blocks);
        char name[64];
        const char *anchor = p->block->id;
        if (bi < ts->flow->n) {
            ts->block_page[bi] = ts->page_no;
            /* the contents page links to titles and headings: give those
             * a name when the source gave none */
            if (!anchor && (strcmp(p->block->style, "heading") == 0 ||
                            strcmp(p->block->style, "title") == 0)) {
                snprintf(name, sizeof name, "bk.block.%zu", bi);
                anchor = name;
            }
        }
        if (anchor && !bk_page_add_anchor(ts->page, anchor, text_left(ts), ts->cursor))
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    if ((st = draw_line(ts, p, &p->lines[i], text_left(ts), y)))
        return st;
    if (i == 0 && p->block->label && (st = draw_label(ts, p, y)))
        return st;
    ts->cursor -= p->style.leading;
    return BK_OK;
}

/* Steps: space before (not at a page top) -> keep with next (a heading
 * moves to the next page unless two lines of what follows fit with it) ->
 * lines in page-sized chunks, where a chunk that would leave one line of
 * the paragraph alone at a page foot (orphan) or head (widow) is made
 * smaller or moved whole -> space after. */
static bk_status place_para(typesetter *ts, const para *p, const para *next)
{
    bk_status st;
    double lead = p->style.leading;
    size_t n = p->nlines;
    if (!at_page_top(ts))
        ts->cursor -= p->style.space_before;
    if (p->style.keep_with_next && next && next->nlines && !at_page_top(ts)) {
        size_t nn = next->nlines < 2 ? next->nlines : 2;
        double need = lead * (double)n + p->style.space_after +
                      next->style.space_before + next->style.leading * (double)nn;
        if (ts->cursor - need < bottom_limit(ts) - 0.01 && (st = new_page(ts)))
            return st;
    }
    if (ts->kept_page && n) {
        /* the block a heading was kept with must start on its page */
        if (ts->kept_page != ts->page_no)
            ts->stats->stranded_headings++;
        ts->kept_page = 0;
    }
    size_t i = 0;
    while (i < n) {
        size_t left = n - i, fit = lines_left(ts, lead);
        size_t k = fit >= left ? left : fit;
        if (k < left) {
            if (left - k < 2 && left >= 2)
                k = left - 2 > 0 ? left - 2 : 0; /* no widow */
            if (i == 0 && k < 2 && n >= 2)
                k = 0;                             /* no orphan */
            if (k == 0 && at_page_top(ts))
                k = fit ? fit : 1; /* a page cannot hold better: accept */
            /* a word hyphenated across a page turn is hard to read (and
             * to search): end the page a line earlier if that is allowed */
            if (k > 2 && k < left && p->lines[i + k - 1].hyphenated &&
                (i > 0 || k - 1 >= 2))
                k--;
        }
        if (k == 0) {
            if ((st = new_page(ts)))
                return st;
            continue;
        }
        if (k < left) {
            if (i == 0 && k == 1 && n > 1)
                ts->stats->orphans++;
            if (left - k == 1)
                ts->stats->widows++;
        }
        for (size_t j = 0; j < k; j++)
            if ((st = draw_para_line(ts, p, i + j)))
                return st;
        i += k;
        if (i < n && (st = new_page(ts)))
            return st;
    }
    ts->cursor -= p->style.space_after;
    if (p->style.keep_with_next)
        ts->kept_page = ts->page_no;
    return BK_OK;
}

/* ---- tables -------------------------------------------------------------- */

typedef struct table_work {
    const bk_table *t;
    size_t ncols;
    double *width;  /* column widths, padding included */
    para *cells;    /* set cells, row-major */
    double *height; /* row heights, padding included */
    size_t *done;   /* per cell: lines already drawn (rows split across pages) */
    size_t nhead;   /* header rows at the top, repeated after a page break */
} table_work;

static void hrule(typesetter *ts, double y, double w, double width)
{
    if (width <= 0)
        return;
    bk_path *pa = bk_page_add_path(ts->page, 2);
    if (!pa)
        return;
    pa->ops[0].op = BK_PATH_MOVE;
    pa->ops[0].pt[0] = text_left(ts);
    pa->ops[0].pt[1] = y;
    pa->ops[1].op = BK_PATH_LINE;
    pa->ops[1].pt[0] = text_left(ts) + w;
    pa->ops[1].pt[1] = y;
    pa->stroke = 1;
    pa->line_width = width;
}

/* Column widths from the cells' minimum and maximum widths (as browsers
 * lay out automatic tables): every column gets its maximum if all fit;
 * otherwise its minimum plus a share of the remaining measure in
 * proportion to how much more it would like. The table fills the
 * measure. */
static bk_status table_widths(typesetter *ts, table_work *tw, double measure, double pad)
/* pad: the horizontal padding of a cell, each side */
{
    const bk_table *t = tw->t;
    double *cmin = calloc(tw->ncols, sizeof(double)), *cmax = calloc(tw->ncols, sizeof(double));
    bk_status st = BK_OK;
    if (!cmin || !cmax) {
        st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < t->nrows && !st; i++)
        for (size_t j = 0; j < tw->ncols && !st; j++) {
            const bk_block *c = &t->cells[i * tw->ncols + j];
            double mn = 0, mx = 0;
            if (c->len && (st = bk_para_measure(ts->setter, c, c->style, &mn, &mx)))
                break;
            if (mn + 2 * pad > cmin[j])
                cmin[j] = mn + 2 * pad;
            if (mx + 2 * pad > cmax[j])
                cmax[j] = mx + 2 * pad;
        }
    if (st)
        goto done;
    double smin = 0, smax = 0;
    for (size_t j = 0; j < tw->ncols; j++)
        smin += cmin[j], smax += cmax[j];
    if (smax <= measure) {
        for (size_t j = 0; j < tw->ncols; j++)
            tw->width[j] = cmax[j] + (measure - smax) *
                                         (smax > 0 ? cmax[j] / smax : 1.0 / (double)tw->ncols);
    } else if (smin >= measure) {
        for (size_t j = 0; j < tw->ncols; j++)
            tw->width[j] = cmin[j] * measure / smin; /* cells break where they can */
    } else {
        /* The space beyond the minimums goes to the columns in proportion
         * to the square root of their one-line widths: a long column has
         * the most lines to lose, but in plain proportion short columns
         * would be squeezed to a word a line. A column never takes more
         * than its one-line width; what it leaves is shared again. */
        double left = measure - smin;
        for (size_t j = 0; j < tw->ncols; j++)
            tw->width[j] = cmin[j];
        for (size_t round = 0; round < tw->ncols && left > 0.01; round++) {
            double weight = 0;
            for (size_t j = 0; j < tw->ncols; j++)
                if (tw->width[j] < cmax[j] - 0.01)
                    weight += sqrt(cmax[j]);
            if (weight <= 0)
                break;
            double given = 0;
            for (size_t j = 0; j < tw->ncols; j++) {
                if (tw->width[j] >= cmax[j] - 0.01)
                    continue;
                double d = left * sqrt(cmax[j]) / weight;
                if (d > cmax[j] - tw->width[j])
                    d = cmax[j] - tw->width[j];
                tw->width[j] += d;
                given += d;
            }
            left -= given;
        }
    }
done:
    free(cmin);
    free(cmax);
    return st;
}

static double cell_lines_height(const para *c, size_t from, size_t to)
{
    return (double)(to - from) * c->style.leading;
}

/* Draws row i from the cursor: each cell's lines from where it stopped,
 * as many as fit above `limit`; returns 1 when every cell is finished. */
static int draw_row(typesetter *ts, table_work *tw, size_t i, double pad, double limit,
                    bk_status *st)
{
    double hpad = bk_layout_table(ts->layout)->column_sep;
    double x = text_left(ts), top = ts->cursor, lowest = top;
    int finished = 1;
    for (size_t j = 0; j < tw->ncols; j++) {
        para *c = &tw->cells[i * tw->ncols + j];
        size_t *done = &tw->done[i * tw->ncols + j];
        double y = top - pad;
        while (*done < c->nlines && y - c->style.leading >= limit - 0.01) {
            bk_set_line ln = c->lines[*done];
            ln.x += hpad;
            if ((*st = draw_line(ts, c, &ln, x, baseline_in(c, y))))
                return 1;
            y -= c->style.leading;
            (*done)++;
        }
        if (*done < c->nlines)
            finished = 0;
        if (y - pad < lowest)
            lowest = y - pad;
        x += tw->width[j];
    }
    ts->cursor = lowest;
    return finished;
}

static bk_status repeat_header(typesetter *ts, table_work *tw, double pad, double w,
                               const bk_table_style *tst)
{
    bk_status st = BK_OK;
    hrule(ts, ts->cursor, w, tst->head_rule);
    for (size_t h = 0; h < tw->nhead && !st; h++) {
        for (size_t j = 0; j < tw->ncols; j++)
            tw->done[h * tw->ncols + j] = 0;
        draw_row(ts, tw, h, pad, ts->geom->bottom, &st);
    }
    if (tw->nhead)
        hrule(ts, ts->cursor, w, tst->head_rule);
    return st;
}

/* Steps: column widths from the cells' min/max widths -> every cell set
 * to its column -> row heights -> caption kept with the header and first
 * row -> rows, each kept whole on a page unless taller than a page (then
 * split between lines), the header repeated after every page break ->
 * rules: heavy above, under the header and below, light between rows. */
static bk_status place_table(typesetter *ts, const para *cap)
{
    const bk_table *t = cap->block->table;
    const bk_table_style *tst = bk_layout_table(ts->layout);
    double pad = tst->padding, measure = measure_of(ts);
    bk_status st = BK_OK;
    table_work tw = {.t = t, .ncols = t->ncols};
    size_t n = t->nrows * t->ncols;
    tw.width = calloc(t->ncols, sizeof(double));
    tw.cells = calloc(n, sizeof(para));
    tw.height = calloc(t->nrows, sizeof(double));
    tw.done = calloc(n, sizeof(size_t));
    size_t nset = 0;
    if (!tw.width || !tw.cells || !tw.height || !tw.done) {
        st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    while (tw.nhead < t->nrows && t->head[tw.nhead])
        tw.nhead++;
    if ((st = table_widths(ts, &tw, measure, tst->column_sep)))
        goto done;
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->ncols; j++, nset++) {
            const bk_block *c = &t->cells[i * t->ncols + j];
            if ((st = para_set(ts, c, c->style, tw.width[j] - 2 * tst->column_sep,
                               &tw.cells[nset])))
                goto done;
            double h = cell_lines_height(&tw.cells[nset], 0, tw.cells[nset].nlines) + 2 * pad;
            if (h > tw.height[i])
                tw.height[i] = h;
        }
    }
    double head_h = 0;
    for (size_t h = 0; h < tw.nhead; h++)
        head_h += tw.height[h];
    double body_h = ts->geom->height - ts->geom->top - ts->geom->bottom;
    /* caption, header and the first body row stay together */
    double first = tw.nhead < t->nrows ? tw.height[tw.nhead] : 0;
    double cap_h = cap->nlines * cap->style.leading + cap->style.space_before +
                   cap->style.space_after;
    if (!at_page_top(ts) && ts->cursor - cap_h - head_h - first < ts->geom->bottom - 0.01 &&
        cap_h + head_h + first <= body_h && (st = new_page(ts)))
        goto done;
    if (cap->nlines) {
        if (!at_page_top(ts))
            ts->cursor -= cap->style.space_before;
        for (size_t k = 0; k < cap->nlines && !st; k++)
            st = draw_para_line(ts, cap, k);
        ts->cursor -= cap->style.space_after;
        if (st)
            goto done;
    }
    hrule(ts, ts->cursor, measure, tst->head_rule);
    for (size_t i = 0; i < t->nrows; i++) {
        int head = i < tw.nhead;
        /* a row that fits on a page is never split */
        if (!head && ts->cursor - tw.height[i] < ts->geom->bottom - 0.01 &&
            tw.height[i] <= body_h - head_h) {
            if ((st = new_page(ts)) || (st = repeat_header(ts, &tw, pad, measure, tst)))
                goto done;
        }
        while (!draw_row(ts, &tw, i, pad, ts->geom->bottom, &st)) {
            if (st)
                goto done;
            if ((st = new_page(ts)) || (st = repeat_header(ts, &tw, pad, measure, tst)))
                goto done;
        }
        if (st)
            goto done;
        int last = i + 1 == t->nrows;
        hrule(ts, ts->cursor, measure,
              last || i + 1 == tw.nhead ? tst->head_rule : tst->rule);
    }
    ts->cursor -= cap->style.space_after;
done:
    for (size_t k = 0; k < nset; k++)
        para_free(&tw.cells[k]);
    free(tw.width);
    free(tw.cells);
    free(tw.height);
    free(tw.done);
    return st;
}

/* ---- figures --------------------------------------------------------------- */

/* A figure's page and anchor, for the contents page. */
static bk_status mark_figure(typesetter *ts, const bk_block *b)
{
    size_t bi = (size_t)(b - ts->flow->blocks);
    char name[64];
    if (bi >= ts->flow->n || !ts->block_page)
        return BK_OK;
    ts->block_page[bi] = ts->page_no;
    snprintf(name, sizeof name, "bk.block.%zu", bi);
    if (!bk_page_add_anchor(ts->page, b->id ? b->id : name, text_left(ts), ts->cursor))
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    return BK_OK;
}

/* How a source file of the data ("vi.xml#vi.p1") is named in the booklet's
 * language: the layout's string "source-name" in that language for the
 * source's language, else the file's language tag. */
static void source_name(typesetter *ts, const char *src, bk_buf *out)
{
    char tag[16];
    snprintf(tag, sizeof tag, "%.*s", (int)strcspn(src, ".#"), src);
    char key[48];
    snprintf(key, sizeof key, "source-name-%s", tag);
    const char *name = bk_layout_string(ts->layout, key, ts->flow->lang);
    bk_buf_puts(out, name ? name : tag);
}

/* Steps: the events' dates parsed -> where sources disagree, every
 * source's date written out as the alternative -> a page (or half a page)
 * of room -> the timeline module draws. */
static bk_status place_timeline(typesetter *ts, const bk_block *b)
{
    bk_status st = BK_OK;
    bk_setter *trial = NULL;
    bk_event *ev = calloc(b->nevents ? b->nevents : 1, sizeof(*ev));
    bk_buf *alts = calloc(b->nevents ? b->nevents : 1, sizeof(bk_buf));
    if (!ev || !alts) {
        st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < b->nevents; i++) {
        const bk_flow_event *fe = &b->events[i];
        if (bk_date_parse(fe->from, &ev[i].from) ||
            (fe->to && bk_date_parse(fe->to, &ev[i].to))) {
            st = bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, b->line, 0,
                               "event \"%s\" has a date that is not ISO (%s)", fe->label,
                               fe->from);
            goto done;
        }
        ev[i].label = fe->label;
        ev[i].uncertain = fe->uncertain;
        for (size_t k = 0; k < fe->ndates; k++) {
            bk_date d;
            if (bk_date_parse(fe->date_when[k], &d))
                continue;
            if (alts[i].len)
                bk_buf_puts(&alts[i], "\u00a0· "); /* "·" never starts a line */
            bk_date_format(&d, ts->flow->lang, &alts[i]);
            bk_buf_puts(&alts[i], " (");
            source_name(ts, fe->date_source[k], &alts[i]);
            bk_buf_puts(&alts[i], ")");
        }
        ev[i].alt = alts[i].data;
    }
    bk_timeline_spec spec = {.lang = ts->flow->lang,
                             .title = bk_layout_string(ts->layout, "timeline-title", ts->flow->lang)};
    if (b->detail_from && b->detail_to &&
        (bk_date_parse(b->detail_from, &spec.detail_from) ||
         bk_date_parse(b->detail_to, &spec.detail_to))) {
        st = bk_diag_error(ts->ctx->diag, BK_EINPUT, NULL, 0, 0,
                           "timeline detail-from/detail-to must be ISO dates");
        goto done;
    }
    double area = ts->geom->height - ts->geom->top - ts->geom->bottom;
    double h = b->half_page ? area / 2 : area;
    /* As many events as fit go on a page; the rest continue on the next
     * (found by trial on a scratch page: the timeline module says when its
     * labels need more room than the rectangle has). Trials set text with
     * a setter of their own, so the report counts only what is drawn. */
    bk_typeset_stats trial_stats = {0};
    trial = bk_setter_new(ts->ctx, ts->layout, ts->fonts, ts->flow->file, &trial_stats);
    if (!trial) {
        st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    size_t last_fit = 0;
    for (size_t done_ev = 0; done_ev < b->nevents && !st;) {
        if (!at_page_top(ts) && (!b->half_page || ts->cursor - h < ts->geom->bottom - 0.01) &&
            (st = new_page(ts)))
            goto done;
        if (done_ev == 0 && (st = mark_figure(ts, b)))
            goto done;
        size_t lo = 1, hi = b->nevents - done_ev, fit = 0;
        /* the first probe is what fitted on the previous page (pages hold
         * about as many events), else everything that is left */
        size_t probe = last_fit && last_fit < hi ? last_fit : hi;
        while (lo <= hi) {
            size_t mid = probe ? probe : (lo + hi) / 2;
            probe = 0;
            bk_frames *scratch = bk_frames_new();
            bk_page *sp = scratch ? bk_frames_add_page(scratch, ts->geom->width, ts->geom->height) : NULL;
            if (!sp) {
                bk_frames_free(scratch);
                st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
                goto done;
            }
            bk_status t = bk_timeline_draw(ts->ctx, trial, &spec, ev + done_ev, mid, sp,
                                           text_left(ts), ts->cursor - h, measure_of(ts), h);
            bk_frames_free(scratch);
            if (t == BK_OK) {
                fit = mid;
                lo = mid + 1;
            } else if (t == BK_EINPUT) {
                bk_diag_forget_error(ts->ctx->diag);
                hi = mid - 1;
            } else {
                st = t;
                goto done;
            }
        }
        if (!fit) {
            st = bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, b->line, 0,
                               "the timeline cannot place even one event in %.0f by %.0f pt",
                               measure_of(ts), h);
            goto done;
        }
        last_fit = fit;
        st = bk_timeline_draw(ts->ctx, ts->setter, &spec, ev + done_ev, fit, ts->page,
                              text_left(ts), ts->cursor - h, measure_of(ts), h);
        ts->cursor -= h;
        done_ev += fit;
        /* later pages do not repeat the title */
        spec.title = NULL;
    }
done:
    bk_setter_free(trial);
    for (size_t i = 0; alts && i < b->nevents; i++)
        bk_buf_release(&alts[i]);
    free(alts);
    free(ev);
    return st;
}

/* A map on a page of its own (the maps need a whole page: on half a page
 * their insets cover places), drawn by the map module into the text area. */
static bk_status place_map(typesetter *ts, const bk_block *b)
{
    bk_map_spec *spec = NULL;
    bk_map_stats ms;
    bk_status st = bk_map_spec_load(ts->ctx, b->map_root, NULL, &spec);
    double area = ts->geom->height - ts->geom->top - ts->geom->bottom;
    if (!st && !at_page_top(ts))
        st = new_page(ts);
    if (!st)
        st = mark_figure(ts, b);
    if (!st)
        st = bk_map_draw(ts->ctx, ts->setter, spec, ts->page, text_left(ts),
                         ts->geom->bottom, measure_of(ts), area, ts->flow->lang, &ms);
    if (!st && ms.unplaced) {
        /* a name that found no room is a fault of the page, like a
         * missing glyph: the report counts it */
        ts->stats->map_unplaced += ms.unplaced;
    }
    ts->cursor = ts->geom->bottom;
    bk_map_spec_free(spec);
    return st;
}

/* ---- front and back matter ----------------------------------------------- */

static const char *roman(int n, char *buf)
{
    static const char *const r[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii",
                                    "viii", "ix", "x"};
    snprintf(buf, 8, "%s", n >= 1 && n <= 10 ? r[n] : "x");
    return buf;
}

/* A page outside the body's numbering: its own label, physical position
 * `phys` (for the mirrored margins), no folio unless asked. */
static bk_status plain_page(typesetter *ts, const char *label, int phys)
{
    ts->page = bk_frames_add_page(ts->frames, ts->geom->width, ts->geom->height);
    if (!ts->page || !(ts->page->label = bk_strdup(label)))
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    ts->page_no = phys;
    ts->cursor = ts->geom->height - ts->geom->top;
    ts->stats->pages++;
    return BK_OK;
}

/* Sets `text` in `style` and moves the cursor down past it, drawing its
 * lines when `draw` is set (not set: only measures). */
static bk_status put_text(typesetter *ts, const char *style, const char *lang,
                          const char *text, double measure_cut, int draw)
{
    bk_block b = {.style = style, .lang = (char *)lang, .text = (char *)text,
                  .len = strlen(text)};
    para p;
    bk_status st = para_set(ts, &b, style, measure_of(ts) - measure_cut, &p);
    if (st)
        return st;
    ts->cursor -= p.style.space_before;
    for (size_t i = 0; i < p.nlines && !st; i++) {
        if (draw)
            st = draw_line(ts, &p, &p.lines[i], text_left(ts), baseline_in(&p, ts->cursor));
        ts->cursor -= p.style.leading;
    }
    ts->cursor -= p.style.space_after;
    para_free(&p);
    return st;
}

/* The space between a label and what follows: none after a full-width
 * colon, which carries its own. */
static const char *label_gap(const char *label)
{
    size_t n = strlen(label);
    return n >= 3 && strcmp(label + n - 3, "\xef\xbc\x9a") == 0 ? "" : " ";
}

static const char *string_or(const typesetter *ts, const char *name,
                             const char *fallback)
{
    const char *v = bk_layout_string(ts->layout, name, ts->flow->lang);
    return v ? v : fallback;
}

/* Cover: title and subtitle in the upper third, the languages (each named
 * in itself) and the edition date at the foot. */
static bk_status make_cover(typesetter *ts)
{
    bk_status st;
    const char *lang = ts->flow->lang;
    double top = ts->geom->height - ts->geom->top;
    ts->cursor = top - (top - ts->geom->bottom) / 4;
    if ((st = put_text(ts, "cover-title", lang, ts->flow->title ? ts->flow->title : "", 0, 1)))
        return st;
    const char *sub = bk_layout_string(ts->layout, "subtitle", lang);
    if (sub && (st = put_text(ts, "cover-subtitle", lang, sub, 0, 1)))
        return st;
    bk_buf meta = {0};
    for (size_t i = 0; i < ts->flow->nlangs; i++) {
        const char *name = bk_layout_string(ts->layout, "language-name", ts->flow->langs[i]);
        bk_buf_printf(&meta, "%s%s", i ? " · " : "", name ? name : ts->flow->langs[i]);
    }
    bk_buf date = {0};
    /* SOURCE_DATE_EPOCH makes the edition date reproducible; without it
     * the edition is today's. */
    bk_date d = bk_date_from_epoch(ts->ctx->epoch >= 0 ? ts->ctx->epoch
                                                       : (long long)time(NULL));
    bk_buf_printf(&date, "%s", string_or(ts, "edition", ""));
    if (date.len)
        bk_buf_puts(&date, label_gap(date.data));
    bk_date_format(&d, lang, &date);
    /* measure the two meta lines without drawing, then draw them so that
     * they end at the bottom margin */
    double save = ts->cursor;
    ts->cursor = 0;
    st = put_text(ts, "cover-meta", lang, meta.data ? meta.data : "", 0, 0);
    if (!st)
        st = put_text(ts, "cover-meta", lang, date.data ? date.data : "", 0, 0);
    double h = -ts->cursor;
    ts->cursor = save;
    if (!st) {
        ts->cursor = ts->geom->bottom + h;
        st = put_text(ts, "cover-meta", lang, meta.data ? meta.data : "", 0, 1);
    }
    if (!st)
        st = put_text(ts, "cover-meta", lang, date.data ? date.data : "", 0, 1);
    bk_buf_release(&meta);
    bk_buf_release(&date);
    return st;
}

/* Contents: every title and heading with its page number, each line a link
 * to the heading. */
static bk_status make_contents(typesetter *ts, int *phys)
{
    bk_status st;
    const char *lang = ts->flow->lang;
    char lab[8];
    if ((st = put_text(ts, "contents-title", lang, string_or(ts, "contents", "Contents"), 0, 1)))
        return st;
    for (size_t i = 0; i < ts->flow->n; i++) {
        const bk_block *b = &ts->flow->blocks[i];
        /* titles, headings, and the figures and tables after the text,
         * named by their caption or the layout's words for them */
        const char *fig = NULL;
        char key[64];
        if (b->map) {
            snprintf(key, sizeof key, "map-title-%s", b->map);
            fig = string_or(ts, key, b->map);
        } else if (b->nevents) {
            fig = string_or(ts, "timeline-title", "Timeline");
        } else if (b->table && b->len) {
            fig = b->text;
        }
        if (!fig && strcmp(b->style, "title") != 0 && strcmp(b->style, "heading") != 0)
            continue;
        if (!ts->block_page[i])
            continue; /* not placed (an empty figure) */
        char num[32], name[64];
        snprintf(num, sizeof num, "%d", ts->block_page[i]);
        snprintf(name, sizeof name, "bk.block.%zu", i);
        const char *anchor = b->id ? b->id : name;
        bk_block nb = {.style = "contents-entry", .lang = b->lang, .text = num, .len = strlen(num)};
        para np, ep;
        if ((st = para_set(ts, &nb, "contents-entry", measure_of(ts), &np)))
            return st;
        double numw = np.nlines ? np.lines[0].width : 0;
        double indent = (b->level > 1 ? b->level - 1 : 0) * np.style.size * 1.5;
        bk_block eb = *b;
        eb.style = "contents-entry";
        eb.label = NULL;
        eb.id = NULL;
        if (fig) {
            eb = (bk_block){.style = "contents-entry", .lang = ts->flow->lang,
                            .text = (char *)fig, .len = strlen(fig), .level = 1};
            if (b->table)
                eb.lang = b->lang;
        }
        st = para_set(ts, &eb, "contents-entry", measure_of(ts) - numw - indent - np.style.size, &ep);
        if (st) {
            para_free(&np);
            return st;
        }
        double lead = ep.style.leading;
        if (ts->cursor - lead * (double)ep.nlines < ts->geom->bottom - 0.01) {
            /* contents longer than a page: continue on the next */
            (*phys)++;
            if ((st = plain_page(ts, roman(*phys, lab), *phys)) ||
                (st = emit_folio(ts))) {
                para_free(&np);
                para_free(&ep);
                return st;
            }
        }
        double top = ts->cursor, y = 0;
        ts->cursor -= ep.style.space_before;
        for (size_t k = 0; k < ep.nlines && !st; k++) {
            y = baseline_in(&ep, ts->cursor);
            bk_set_line ln = ep.lines[k];
            ln.x += indent;
            st = draw_line(ts, &ep, &ln, text_left(ts), y);
            ts->cursor -= lead;
        }
        if (!st && np.nlines) {
            bk_set_line ln = np.lines[0];
            ln.x = measure_of(ts) - numw;
            st = draw_line(ts, &np, &ln, text_left(ts), y);
        }
        if (!st && !bk_page_add_link(ts->page, text_left(ts), ts->cursor,
                                     text_left(ts) + measure_of(ts), top, anchor, NULL))
            st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        ts->cursor -= ep.style.space_after;
        para_free(&np);
        para_free(&ep);
        if (st)
            return st;
    }
    return BK_OK;
}

/* Colophon (the back cover): where the text comes from, how it was set,
 * and the edition. */
static bk_status make_colophon(typesetter *ts)
{
    bk_status st;
    const char *lang = ts->flow->lang;
    st = BK_OK;
    bk_buf t = {0};
    /* Two passes: measure, then draw so that the text ends at the bottom
     * margin, as colophons sit. */
    double h = 0;
    for (int draw = 0; draw < 2 && !st; draw++) {
        ts->cursor = draw ? ts->geom->bottom + h : 0;
        st = put_text(ts, "colophon-title", lang, string_or(ts, "colophon", "Colophon"), 0, draw);
        for (size_t i = 0; !st && i < ts->flow->nsources; i++) {
            t.len = 0;
            const char *lab = string_or(ts, "source", "Source:");
            bk_buf_printf(&t, "%s%s%s", lab, label_gap(lab), ts->flow->sources[i]);
            st = put_text(ts, "colophon", lang, t.data, 0, draw);
        }
        if (!st) {
            t.len = 0;
            const char *lab = string_or(ts, "typeset-with", "Typeset with");
            bk_buf_printf(&t, "%s%sbooklet %s · ", lab, label_gap(lab), BK_VERSION);
            size_t nf = 0;
            for (size_t i = 0; i < bk_fontset_count(ts->fonts); i++) {
                if (!bk_fontset_is_open(ts->fonts, i))
                    continue;
                bk_font *f = bk_fontset_font(ts->ctx, ts->fonts, i);
                bk_buf_printf(&t, "%s%s", nf++ ? ", " : "", f->info.ps_name);
            }
            st = put_text(ts, "colophon", lang, t.data, 0, draw);
        }
        h = -ts->cursor;
    }
    bk_buf_release(&t);
    return st;
}

/* Moves the last n pages of the document to its front. */
static int pages_to_front(bk_frames *f, size_t n)
{
    if (n == 0 || n > f->n)
        return 0;
    bk_page **tmp = malloc(n * sizeof(*tmp));
    if (!tmp)
        return -1;
    memcpy(tmp, f->pages + f->n - n, n * sizeof(*tmp));
    memmove(f->pages + n, f->pages, (f->n - n) * sizeof(*tmp));
    memcpy(f->pages, tmp, n * sizeof(*tmp));
    free(tmp);
    return 0;
}

/* Steps: the body is set first (contents needs its page numbers) -> cover
 * (i) and contents (ii, ...) pages are made at the end, padded to an even
 * count so the body keeps starting on a right-hand page, then moved to the
 * front -> the colophon closes the booklet as its back cover. */
static bk_status make_matter(typesetter *ts)
{
    bk_status st = BK_OK;
    const bk_matter *m = bk_layout_matter(ts->layout);
    int body_pages = ts->page_no;
    size_t before = ts->frames->n;
    int phys = 0;
    char lab[8];
    if (m->cover) {
        phys++;
        if ((st = plain_page(ts, roman(phys, lab), phys)) || (st = make_cover(ts)))
            return st;
    }
    if (m->contents) {
        phys++;
        if ((st = plain_page(ts, roman(phys, lab), phys)) || (st = emit_folio(ts)) ||
            (st = make_contents(ts, &phys)))
            return st;
    }
    if (phys % 2) {
        phys++;
        if ((st = plain_page(ts, roman(phys, lab), phys)))
            return st; /* blank verso: really blank, no folio */
    }
    if (pages_to_front(ts->frames, ts->frames->n - before))
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (m->colophon) {
        char num[32];
        snprintf(num, sizeof num, "%d", body_pages + 1);
        /* the back cover is a left-hand page once imposition pads the
         * booklet to a multiple of four: give it left-hand margins */
        if ((st = plain_page(ts, num, 2)) || (st = make_colophon(ts)))
            return st;
    }
    return BK_OK;
}

/* Steps: every block set first (keep-with-next needs the next block's
 * lines) -> each placed from the current page on: tables, timelines, maps
 * and paragraphs. ts->flow and ts->block_page must be the flow's. */
static bk_status place_blocks(typesetter *ts, const bk_flow *flow)
{
    bk_status st = BK_OK;
    size_t nparas = 0;
    para *paras = calloc(flow->n ? flow->n : 1, sizeof(*paras));
    if (!paras)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < flow->n; i++, nparas++) {
        if (flow->blocks[i].nevents || flow->blocks[i].map ||
            strcmp(flow->blocks[i].style, "timeline") == 0)
            continue; /* figures have no text of their own */
        if ((st = para_set(ts, &flow->blocks[i], flow->blocks[i].style, measure_of(ts),
                           &paras[i])))
            goto done;
    }
    for (size_t i = 0; i < nparas && !st; i++) {
        if (flow->blocks[i].table)
            st = place_table(ts, &paras[i]);
        else if (strcmp(flow->blocks[i].style, "timeline") == 0 || flow->blocks[i].map) {
            /* figures are timed apart; their text setting counts there */
            double t0 = bk_clock_ms();
            double inner = ts->ctx->stage_ms[BK_STAGE_ITEMIZE] +
                           ts->ctx->stage_ms[BK_STAGE_SHAPE] + ts->ctx->stage_ms[BK_STAGE_BREAK];
            st = flow->blocks[i].map ? place_map(ts, &flow->blocks[i])
                                     : place_timeline(ts, &flow->blocks[i]);
            if (ts->ctx->timings)
                ts->ctx->stage_ms[BK_STAGE_FIGURES] +=
                    bk_clock_ms() - t0 -
                    (ts->ctx->stage_ms[BK_STAGE_ITEMIZE] + ts->ctx->stage_ms[BK_STAGE_SHAPE] +
                     ts->ctx->stage_ms[BK_STAGE_BREAK] - inner);
        } else
            st = place_para(ts, &paras[i], i + 1 < nparas ? &paras[i + 1] : NULL);
    }
done:
    for (size_t i = 0; i < nparas + (st && nparas < flow->n ? 1 : 0); i++)
        para_free(&paras[i]);
    free(paras);
    return st;
}

bk_status bk_typeset(bk_ctx *ctx, const bk_flow *flow, const bk_layout *layout,
                     bk_fontset *fonts, bk_frames **out,
                     bk_typeset_stats *stats)
{
    bk_status st = BK_OK;
    bk_typeset_stats dummy;
    typesetter ts = {.ctx = ctx, .flow = flow, .layout = layout, .fonts = fonts,
                     .stats = stats ? stats : &dummy,
                     .geom = bk_layout_page(layout)};
    memset(ts.stats, 0, sizeof(*ts.stats));
    ts.setter = bk_setter_new(ctx, layout, fonts, flow->file, ts.stats);
    ts.block_page = calloc(flow->n ? flow->n : 1, sizeof(int));
    *out = NULL;
    ts.frames = bk_frames_new();
    if (!ts.frames || !ts.setter || !ts.block_page ||
        bk_frames_set_meta(ts.frames, flow->title, flow->lang, NULL, NULL)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((st = new_page(&ts)) || (st = place_blocks(&ts, flow)))
        goto done;
    if ((st = emit_folio(&ts)) || (st = make_matter(&ts)))
        goto done;
    /* Document info: the subtitle as subject, the languages and the
     * layout's keywords as keywords. */
    {
        bk_buf kw = {0};
        const char *k = bk_layout_string(layout, "keywords", flow->lang);
        for (size_t i = 0; i < flow->nlangs; i++)
            bk_buf_printf(&kw, "%s%s", i ? ", " : "", flow->langs[i]);
        if (k)
            bk_buf_printf(&kw, "%s%s", kw.len ? ", " : "", k);
        const char *sub = bk_layout_string(layout, "subtitle", flow->lang);
        if ((sub && !(ts.frames->subject = bk_strdup(sub))) ||
            (kw.data && !(ts.frames->keywords = bk_strdup(kw.data)))) {
            bk_buf_release(&kw);
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
            goto done;
        }
        bk_buf_release(&kw);
    }
    *out = ts.frames;
    ts.frames = NULL;
done:
    free(ts.block_page);
    bk_setter_free(ts.setter);
    bk_frames_free(ts.frames);
    return st;
}

/* ---- parallel editions ------------------------------------------------------ */

typedef struct column {
    const bk_flow *flow;
    para *paras;
    size_t nset;      /* paras set */
    size_t next;      /* next block to place */
    size_t slot;
    double cursor;
    int *block_page;
    int kept_page;
    long *bar;        /* per link: block index in this column, or -1 */
    bk_setter *setter; /* its own, so that the report is per column */
    bk_typeset_stats stats;
} column;

static void col_enter(typesetter *ts, column *c, int i, double col_x)
{
    ts->col = i;
    ts->col_x = col_x;
    ts->flow = c->flow;
    ts->block_page = c->block_page;
    if (c->setter) {
        ts->setter = c->setter;
        ts->stats = &c->stats;
    }
}

static bk_status col_resume(typesetter *ts, column *c)
{
    bk_status st = goto_slot(ts, c->slot);
    ts->cursor = c->cursor;
    ts->kept_page = c->kept_page;
    return st;
}

static void col_leave(typesetter *ts, column *c)
{
    c->slot = ts->slot;
    c->cursor = ts->cursor;
    c->kept_page = ts->kept_page;
}

/* Places blocks [c->next, until) of a column. */
static bk_status col_advance(typesetter *ts, column *c, size_t until)
{
    bk_status st = col_resume(ts, c);
    for (; !st && c->next < until; c->next++) {
        size_t i = c->next;
        const para *nx = i + 1 < c->flow->n ? &c->paras[i + 1] : NULL;
        st = c->flow->blocks[i].table ? place_table(ts, &c->paras[i])
                                      : place_para(ts, &c->paras[i], nx);
    }
    col_leave(ts, c);
    return st;
}

/* Running heads name the language of each column; folios as usual. */
static bk_status parallel_furniture(typesetter *ts, column *cols, size_t n,
                                    const double *col_x)
{
    bk_status st = BK_OK;
    for (size_t pi = 0; pi < ts->frames->n && !st; pi++) {
        ts->page = ts->frames->pages[pi];
        ts->page_no = (int)pi + 1;
        ts->parallel = 0;
        if (!(ts->facing && pi == 0))
            st = emit_folio(ts);
        ts->parallel = 1;
        for (size_t c = 0; c < n && !st; c++) {
            if (ts->facing && (pi == 0 || (pi - 1) % 2 != c))
                continue;
            const char *name = bk_layout_string(ts->layout, "language-name", cols[c].flow->lang);
            ts->col_x = ts->facing ? 0 : col_x[c];
            ts->cursor = ts->geom->height - ts->geom->top + 16;
            ts->flow = cols[c].flow;
            st = put_text(ts, "running-head", cols[c].flow->lang,
                          name ? name : cols[c].flow->lang, 0, 1);
        }
    }
    return st;
}

bk_status bk_typeset_parallel(bk_ctx *ctx, bk_flow *const *flows, size_t n,
                              const bk_alignment *al, const bk_flow *after,
                              const bk_layout *layout, bk_fontset *fonts,
                              bk_frames **out, bk_typeset_stats *stats,
                              bk_typeset_stats *per_column)
{
    /* Steps: every block of every text set to its column -> each link's
     * passages found in the columns (links must keep the texts' order) ->
     * for each link in turn, the columns it names are placed up to it and
     * then all start it at the lowest of their positions (the shorter side
     * is padded) -> the rest -> running heads and folios. */
    bk_status st = BK_OK;
    bk_typeset_stats dummy;
    const bk_parallel *par = bk_layout_parallel(layout);
    typesetter ts = {.ctx = ctx, .flow = flows[0], .layout = layout, .fonts = fonts,
                     .stats = stats ? stats : &dummy, .geom = bk_layout_page(layout),
                     .parallel = 1, .facing = par && par->facing};
    column *cols = calloc(n, sizeof(*cols));
    double *col_x = calloc(n, sizeof(double));
    *out = NULL;
    memset(ts.stats, 0, sizeof(*ts.stats));
    ts.setter = bk_setter_new(ctx, layout, fonts, flows[0]->file, ts.stats);
    bk_setter *main_setter = ts.setter;
    bk_typeset_stats *total = ts.stats;
    ts.frames = bk_frames_new();
    if (!cols || !col_x || !ts.setter || !ts.frames ||
        bk_frames_set_meta(ts.frames, flows[0]->title, flows[0]->lang, NULL, NULL)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (n < 2 || (ts.facing && n != 2) || n > 4) {
        st = bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                           "a parallel edition takes 2 to 4 texts in columns, or 2 "
                           "on facing pages (got %zu)", n);
        goto done;
    }
    double full = ts.geom->width - ts.geom->inner - ts.geom->outer;
    double gap = par ? par->gap : 12;
    ts.col_w = ts.facing ? full : (full - gap * (double)(n - 1)) / (double)n;
    size_t nlinks = al ? al->n : 0;
    /* links to sentences split their paragraphs first */
    for (size_t c = 0; c < n; c++)
        if ((st = bk_flow_split_sentences(ctx, flows[c], al)))
            goto done;
    for (size_t c = 0; c < n; c++) {
        column *cl = &cols[c];
        cl->flow = flows[c];
        col_x[c] = ts.facing ? 0 : (double)c * (ts.col_w + gap);
        cl->paras = calloc(flows[c]->n ? flows[c]->n : 1, sizeof(para));
        cl->block_page = calloc(flows[c]->n ? flows[c]->n : 1, sizeof(int));
        cl->bar = malloc((nlinks ? nlinks : 1) * sizeof(long));
        cl->setter = bk_setter_new(ctx, layout, fonts, flows[c]->file, &cl->stats);
        if (!cl->paras || !cl->block_page || !cl->bar || !cl->setter) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
            goto done;
        }
        col_enter(&ts, cl, (int)c, col_x[c]);
        for (size_t i = 0; i < flows[c]->n; i++, cl->nset++)
            if ((st = para_set(&ts, &flows[c]->blocks[i], flows[c]->blocks[i].style,
                               ts.col_w, &cl->paras[i])))
                goto done;
        for (size_t k = 0; k < nlinks; k++) {
            cl->bar[k] = -1;
            for (size_t j = 0; al->ids[k][j]; j++)
                for (size_t i = 0; i < flows[c]->n; i++)
                    if (flows[c]->blocks[i].id && strcmp(flows[c]->blocks[i].id, al->ids[k][j]) == 0)
                        cl->bar[k] = (long)i;
        }
    }
    /* A link that goes back in some text cannot be honoured. */
    for (size_t c = 0; c < n; c++) {
        long last = -1;
        for (size_t k = 0; k < nlinks; k++) {
            if (cols[c].bar[k] < 0)
                continue;
            if (cols[c].bar[k] <= last) {
                st = bk_diag_error(ctx->diag, BK_EINPUT, flows[c]->file, 0, 0,
                                   "alignment link %zu goes back in this text "
                                   "(links must follow the order of every text)", k + 1);
                goto done;
            }
            last = cols[c].bar[k];
        }
    }
    for (size_t c = 0; c < n; c++) {
        col_enter(&ts, &cols[c], (int)c, col_x[c]);
        if ((st = goto_slot(&ts, 0)))
            goto done;
        col_leave(&ts, &cols[c]);
    }
    double top = ts.geom->height - ts.geom->top;
    double loosen = par ? par->loosen : 0;
    for (size_t k = 0; k <= nlinks; k++) {
        /* Optionally, columns that would come short of the others before
         * this link take up some of the shortfall as extra leading (at
         * most `loosen` a line), so less of it is left as a gap. Heights
         * are estimated as if the chunk did not turn a page; the link
         * still lines the passages up exactly. */
        if (loosen > 0 && k < nlinks) {
            double hmax = 0, *hc = calloc(n, sizeof(double));
            size_t *lines = calloc(n, sizeof(size_t));
            for (size_t c = 0; hc && lines && c < n; c++) {
                if (cols[c].bar[k] < 0)
                    continue;
                for (size_t i = cols[c].next; i < (size_t)cols[c].bar[k]; i++) {
                    const para *p = &cols[c].paras[i];
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
        /* Headings right before a linked passage are its lead-in: each
         * column is placed up to them, then the passages' common start is
         * the lowest of the columns' positions less their lead-ins, so the
         * passages themselves start level and each heading sits above its
         * own passage. */
        size_t named = 0, best_slot = 0, *hb = calloc(n, sizeof(size_t));
        double best_y = 1e9, max_lead = 0, *lead = calloc(n, sizeof(double));
        if (!hb || !lead) {
            free(hb);
            free(lead);
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
            goto done;
        }
        for (size_t c = 0; c < n; c++) {
            long until = k < nlinks ? cols[c].bar[k] : (long)cols[c].flow->n;
            if (until < 0)
                continue;
            size_t from = (size_t)until;
            while (k < nlinks && from > cols[c].next &&
                   strcmp(cols[c].flow->blocks[from - 1].style, "heading") == 0)
                from--;
            hb[c] = from;
            col_enter(&ts, &cols[c], (int)c, col_x[c]);
            if ((st = col_advance(&ts, &cols[c], from)))
                break;
            if (k == nlinks)
                continue;
            named++;
            const para *ps = &cols[c].paras[until];
            double l = ps->style.space_before;
            for (size_t h = from; h < (size_t)until; h++) {
                const para *ph = &cols[c].paras[h];
                l += ph->style.space_before + (double)ph->nlines * ph->style.leading +
                     ph->style.space_after;
            }
            lead[c] = l;
            if (l > max_lead)
                max_lead = l;
            /* where this column's passage would start, with room for two
             * of its lines below */
            size_t slot = cols[c].slot;
            double y = cols[c].cursor - l;
            if (y - 2 * ps->style.leading < ts.geom->bottom - 0.01) {
                slot++;
                y = 1e9; /* the top of a fresh page, fixed below */
            }
            if (slot > best_slot || (slot == best_slot && y < best_y)) {
                best_slot = slot;
                best_y = y;
            }
        }
        if (!st && k < nlinks && named >= 2) {
            /* every lead-in must fit above the common start on its page;
             * the tiny margin keeps the first block off "page top", where
             * its space before would be dropped */
            if (best_y > top - max_lead - 0.02)
                best_y = top - max_lead - 0.02;
            for (size_t c = 0; c < n; c++) {
                if (cols[c].bar[k] < 0)
                    continue;
                cols[c].slot = best_slot;
                cols[c].cursor = best_y + lead[c];
                col_enter(&ts, &cols[c], (int)c, col_x[c]);
                if ((st = col_advance(&ts, &cols[c], (size_t)cols[c].bar[k])))
                    break;
            }
        }
        free(hb);
        free(lead);
        if (st)
            goto done;
    }
    /* the report: each column's, and their sum */
    ts.setter = main_setter;
    ts.stats = total;
    for (size_t c = 0; c < n; c++) {
        bk_typeset_stats *a = &cols[c].stats;
        if (per_column)
            per_column[c] = *a;
        total->paragraphs += a->paragraphs;
        total->lines += a->lines;
        total->glyphs += a->glyphs;
        total->hyphenated_lines += a->hyphenated_lines;
        if (a->max_hyphen_run > total->max_hyphen_run)
            total->max_hyphen_run = a->max_hyphen_run;
        if (a->max_ratio > total->max_ratio)
            total->max_ratio = a->max_ratio;
        total->sum_ratio += a->sum_ratio;
        total->justified_lines += a->justified_lines;
        total->overfull_lines += a->overfull_lines;
        total->loose_lines += a->loose_lines;
        total->emergency_breaks += a->emergency_breaks;
        total->bad_line_starts += a->bad_line_starts;
        total->bad_line_ends += a->bad_line_ends;
        total->lonely_last_chars += a->lonely_last_chars;
        total->widows += a->widows;
        total->orphans += a->orphans;
        total->stranded_headings += a->stranded_headings;
        total->missing_chars += a->missing_chars;
        total->map_unplaced += a->map_unplaced;
    }
    if ((st = parallel_furniture(&ts, cols, n, col_x)))
        goto done;
    if (ts.facing && ts.frames->n) {
        /* page 1, the half-title: the titles of both texts */
        ts.page = ts.frames->pages[0];
        ts.page_no = 1;
        ts.parallel = 0;
        ts.cursor = ts.geom->height - ts.geom->top - 120;
        for (size_t c = 0; c < n && !st; c++) {
            ts.flow = cols[c].flow;
            st = put_text(&ts, c ? "cover-subtitle" : "cover-title", cols[c].flow->lang,
                          cols[c].flow->title ? cols[c].flow->title : "", 0, 1);
        }
    }
    if (!st && after && after->n) {
        /* what follows the texts (timeline, tables) runs across the whole
         * measure from a fresh page, numbered on */
        int *bp = calloc(after->n, sizeof(int));
        ts.parallel = 0;
        ts.col_x = 0;
        ts.flow = after;
        ts.block_page = bp;
        ts.page = ts.frames->pages[ts.frames->n - 1];
        ts.page_no = (int)ts.frames->n;
        ts.kept_page = 0;
        if (!bp)
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        else if (!(st = new_page(&ts)) && !(st = place_blocks(&ts, after)))
            st = emit_folio(&ts);
        free(bp);
        ts.block_page = NULL;
    }
    if (st)
        goto done;
    /* the columns share their pages */
    total->pages = ts.frames->n;
    for (size_t c = 0; per_column && c < n; c++)
        per_column[c].pages = ts.frames->n;
    *out = ts.frames;
    ts.frames = NULL;
done:
    for (size_t c = 0; cols && c < n; c++) {
        for (size_t i = 0; i < cols[c].nset; i++)
            para_free(&cols[c].paras[i]);
        free(cols[c].paras);
        free(cols[c].block_page);
        free(cols[c].bar);
        bk_setter_free(cols[c].setter);
    }
    free(cols);
    free(col_x);
    bk_setter_free(main_setter);
    bk_frames_free(ts.frames);
    return st;
}
