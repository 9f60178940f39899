/* typeset-table.c — tables: column widths from the cells' widths, cells
 * set to their columns, rows placed down the pages with the header
 * repeated after a page break, and the rules. */
#include "typeset-private.h"
#include "xref.h"

#include <math.h>
#include <stdlib.h>

typedef struct table_work {
    const bk_table *t;
    size_t ncols;
    double *width;  /* column widths, padding included */
    bk_para *cells;    /* set cells, row-major */
    double *height; /* row heights, padding included */
    size_t *done;   /* per cell: lines already drawn (rows split across pages) */
    size_t nhead;   /* header rows at the top, repeated after a page break */
    size_t nset;    /* cells set so far */
} table_work;

static void hrule(typesetter *ts, double y, double w, double width)
{
    if (width <= 0 || bk_ts_artifact_begin(ts))
        return;
    bk_path *pa = bk_page_add_path(ts->page, 2);
    if (pa) { /* filled before the artifact's end is added after it */
        pa->ops[0].op = BK_PATH_MOVE;
        pa->ops[0].pt[0] = bk_ts_text_left(ts);
        pa->ops[0].pt[1] = y;
        pa->ops[1].op = BK_PATH_LINE;
        pa->ops[1].pt[0] = bk_ts_text_left(ts) + w;
        pa->ops[1].pt[1] = y;
        pa->stroke = 1;
        pa->line_width = width;
    }
    bk_ts_artifact_end(ts);
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

static double cell_lines_height(const bk_para *c, size_t from, size_t to)
{
    return (double)(to - from) * c->style.leading;
}

/* Draws row i from the cursor: each cell's lines from where it stopped,
 * as many as fit above `limit`; returns 1 when every cell is finished. */
static int draw_row(typesetter *ts, table_work *tw, size_t i, double pad, double limit,
                    bk_status *st)
{
    double hpad = bk_layout_table(ts->layout)->column_sep;
    double x = bk_ts_text_left(ts), top = ts->cursor, lowest = top;
    int finished = 1;
    for (size_t j = 0; j < tw->ncols; j++) {
        bk_para *c = &tw->cells[i * tw->ncols + j];
        size_t *done = &tw->done[i * tw->ncols + j];
        double y = top - pad;
        if ((*st = bk_ts_cell_begin(ts, i, j, i < tw->nhead, c->block ? c->block->lang : NULL)))
            return 1;
        while (*done < c->nlines && y - c->style.leading >= limit - 0.01) {
            bk_set_line ln = c->lines[*done];
            ln.x += hpad;
            if ((*st = bk_ts_line_draw(ts, c, &ln, x, bk_ts_baseline(c, y))))
                return 1;
            y -= c->style.leading;
            (*done)++;
        }
        if ((*st = bk_ts_tag_close(ts)))
            return 1;
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
    bk_status st = bk_ts_artifact_begin(ts); /* a repeat is not content */
    hrule(ts, ts->cursor, w, tst->head_rule);
    for (size_t h = 0; h < tw->nhead && !st; h++) {
        for (size_t j = 0; j < tw->ncols; j++)
            tw->done[h * tw->ncols + j] = 0;
        draw_row(ts, tw, h, pad, ts->geom->bottom, &st);
    }
    if (tw->nhead)
        hrule(ts, ts->cursor, w, tst->head_rule);
    return st ? st : bk_ts_artifact_end(ts);
}

/* Every cell set to its column, and each row's height. */
static bk_status cells_set(typesetter *ts, table_work *tw, const bk_table_style *tst)
{
    const bk_table *t = tw->t;
    bk_status st;
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->ncols; j++, tw->nset++) {
            const bk_block *c = &t->cells[i * t->ncols + j];
            bk_para *p = &tw->cells[tw->nset];
            if ((st = bk_ts_para_set(ts, c, c->style, tw->width[j] - 2 * tst->column_sep, p)))
                return st;
            double h = cell_lines_height(p, 0, p->nlines) + 2 * tst->padding;
            if (h > tw->height[i])
                tw->height[i] = h;
        }
    }
    return BK_OK;
}

/* Steps: column widths from the cells' min/max widths -> every cell set
 * to its column -> row heights -> caption kept with the header and first
 * row -> rows, each kept whole on a page unless taller than a page (then
 * split between lines), the header repeated after every page break ->
 * rules: heavy above, under the header and below, light between rows. */
bk_status bk_ts_table_place(typesetter *ts, const bk_para *cap)
{
    const bk_table *t = cap->block->table;
    const bk_table_style *tst = bk_layout_table(ts->layout);
    double pad = tst->padding, measure = bk_ts_measure(ts);
    bk_status st = BK_OK;
    table_work tw = {.t = t, .ncols = t->ncols};
    size_t n = t->nrows * t->ncols;
    tw.width = calloc(t->ncols, sizeof(double));
    tw.cells = calloc(n, sizeof(bk_para));
    tw.height = calloc(t->nrows, sizeof(double));
    tw.done = calloc(n, sizeof(size_t));
    if (!tw.width || !tw.cells || !tw.height || !tw.done) {
        st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* a table of the source itself (a layout's parts are checked at load) */
    if (measure / (double)t->ncols - 2 * tst->column_sep < BK_TABLE_MIN_COLUMN) {
        st = bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, cap->block->line, 0,
                           "a table of %zu columns does not fit the measure (%.1f pt): "
                           "at most %.0f columns fit", t->ncols, measure,
                           measure / (BK_TABLE_MIN_COLUMN + 2 * tst->column_sep));
        goto done;
    }
    while (tw.nhead < t->nrows && t->head[tw.nhead])
        tw.nhead++;
    if ((st = table_widths(ts, &tw, measure, tst->column_sep)) ||
        (st = cells_set(ts, &tw, tst)))
        goto done;
    double head_h = 0;
    for (size_t h = 0; h < tw.nhead; h++)
        head_h += tw.height[h];
    double body_h = ts->geom->height - ts->geom->top - ts->geom->bottom;
    /* caption, header and the first body row stay together */
    double first = tw.nhead < t->nrows ? tw.height[tw.nhead] : 0;
    double cap_h = cap->nlines * cap->style.leading + cap->style.space_before +
                   cap->style.space_after;
    if (!bk_ts_at_page_top(ts) && ts->cursor - cap_h - head_h - first < ts->geom->bottom - 0.01 &&
        cap_h + head_h + first <= body_h && (st = bk_ts_page_new(ts)))
        goto done;
    if (cap->nlines) {
        if (!bk_ts_at_page_top(ts))
            ts->cursor -= cap->style.space_before;
        st = bk_ts_tag_open(ts, BK_ROLE_CAPTION, NULL, NULL, NULL);
        for (size_t k = 0; k < cap->nlines && !st; k++)
            st = bk_ts_para_line_draw(ts, cap, k);
        if (!st)
            st = bk_ts_tag_close(ts);
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
            if ((st = bk_ts_page_new(ts)) || (st = repeat_header(ts, &tw, pad, measure, tst)))
                goto done;
        }
        if ((st = bk_ts_row_begin(ts, i, head)))
            goto done;
        while (!draw_row(ts, &tw, i, pad, ts->geom->bottom, &st)) {
            if (st)
                goto done;
            if ((st = bk_ts_page_new(ts)) || (st = repeat_header(ts, &tw, pad, measure, tst)))
                goto done;
        }
        if (st || (st = bk_ts_tag_close(ts)))
            goto done;
        int last = i + 1 == t->nrows;
        hrule(ts, ts->cursor, measure,
              last || i + 1 == tw.nhead ? tst->head_rule : tst->rule);
    }
    ts->cursor -= cap->style.space_after;
done:
    for (size_t k = 0; k < tw.nset; k++)
        bk_para_release(&tw.cells[k]);
    free(tw.width);
    free(tw.cells);
    free(tw.height);
    free(tw.done);
    return st;
}

