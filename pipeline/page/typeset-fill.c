/* typeset-fill.c — page bottoms and page breaks: the lowest a line may
 * reach, the gaps between blocks that grow so that a full page ends on the
 * last baseline of its text block (vertical justification with a bounded
 * stretch, as TeX's \flushbottom with stretchable \parskip), paragraphs
 * set flush after a block of another style, and the page breaks a style
 * asks for (see typeset-private.h). Parallel editions place their columns
 * with their own rules: none of this applies to their columns. */
#include "typeset-private.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

double bk_ts_bottom_limit(const typesetter *ts, double lead)
{
    const bk_page_geom *g = ts->geom;
    if (ts->parallel || lead <= 0)
        return g->bottom;
    /* the text block holds n whole line boxes of this leading from its
     * top; what is left under them is not for this leading's lines */
    double h = g->height - g->top - g->bottom;
    double n = floor((h + 0.01) / lead);
    double r = h - n * lead;
    return g->bottom + (r > 0 ? r : 0);
}

void bk_ts_gap_add(typesetter *ts, double stretch)
{
    stretch += ts->stretch_below;
    if (ts->parallel || stretch <= 0 || ts->ngaps >= BK_TS_GAPS || bk_ts_at_page_top(ts))
        return;
    ts->gaps[ts->ngaps].item = ts->page->n;
    ts->gaps[ts->ngaps].stretch = stretch;
    ts->ngaps++;
}

/* How far the page's last line is above the lowest it may reach (need),
 * what its gaps may grow by (room), and how many gaps have something
 * below them. 0 when the page is not to be filled. */
static size_t shortfall(const typesetter *ts, double *need, double *room)
{
    *need = *room = 0;
    if (ts->parallel || ts->fill_lead <= 0)
        return 0;
    *need = ts->fill_y - bk_ts_bottom_limit(ts, ts->fill_lead);
    size_t n = 0;
    for (; n < ts->ngaps && ts->gaps[n].item < ts->page->n; n++)
        *room += ts->gaps[n].stretch;
    return n;
}

/* Steps: the shortfall -> each gap grows by its share (all by the same
 * fraction of their stretch, at most all of it) and what is below it
 * moves down. */
static void page_fill(typesetter *ts)
{
    double need, room;
    size_t n = shortfall(ts, &need, &room);
    if (ts->parallel || ts->fill_lead <= 0)
        return;
    if (need > room + 1)
        ts->stats->short_pages++;
    if (need <= 0.001 || room <= 0)
        return;
    double f = need < room ? need / room : 1;
    double shift = 0;
    for (size_t k = 0; k < n; k++) {
        shift += f * ts->gaps[k].stretch;
        size_t to = k + 1 < n ? ts->gaps[k + 1].item : ts->page->n;
        bk_page_items_shift(ts->page, ts->gaps[k].item, to, -shift);
    }
}

/* A page that ends a whole line (or more) short, because what follows
 * moved on whole (an orphan, or a heading kept with its text) or a line
 * earlier (a widow), is set again with a paragraph placed on it one line
 * shorter (what follows may then start on the page) or else one line
 * longer (filling the line): the one with the most lines not tried yet. */
static int retry_pick(typesetter *ts)
{
    double need, room;
    shortfall(ts, &need, &room);
    if (!ts->marks || need <= room + 1 || need < ts->fill_lead - 0.01)
        return 0;
    size_t best = SIZE_MAX, most = 0;
    for (size_t k = 0; k < ts->nmarks; k++) {
        size_t j = ts->marks[k].block;
        const bk_para *p = &ts->paras[j];
        if (ts->tried[j] || p->style.align != BK_ALIGN_JUSTIFY || p->nlines < 2 ||
            p->nlines < most)
            continue;
        most = p->nlines;
        best = j;
    }
    if (best == SIZE_MAX)
        return 0;
    ts->tried[best] = 1;
    ts->retry = best + 1;
    return 1;
}

bk_status bk_ts_page_turn(typesetter *ts)
{
    if (retry_pick(ts))
        return BK_TS_RETRY;
    page_fill(ts);
    return bk_ts_page_new(ts);
}

void bk_ts_mark_take(typesetter *ts, size_t i, int begun)
{
    ts->cur_block = i;
    ts->cur_drawn = 0;
    if (!ts->marks || ts->parallel || ts->nmarks >= BK_TS_GAPS)
        return;
    bk_ts_mark *m = &ts->marks[ts->nmarks];
    *m = (bk_ts_mark){
        .block = i, .items = ts->page->n, .cursor = ts->cursor,
        .fill_lead = ts->fill_lead, .fill_y = ts->fill_y,
        .stretch_below = ts->stretch_below, .ngaps = ts->ngaps,
        .kept_page = ts->kept_page, .kept_file = ts->kept_file,
        .kept_line = ts->kept_line, .stats = *ts->stats,
        .diag = bk_diag_mark_take(ts->ctx->diag), .begun = begun};
    if (bk_ts_tags_copy(&ts->tags, &m->tags) == 0)
        ts->nmarks++; /* out of memory: no mark, the page stays as set */
}

void bk_ts_marks_drop(typesetter *ts, size_t k)
{
    for (size_t j = k; j < ts->nmarks; j++)
        bk_ts_tags_free(&ts->marks[j].tags);
    if (k < ts->nmarks)
        ts->nmarks = k;
}

/* Paragraph j set again with looseness n (+1 or -1): kept when it has
 * that many lines more and no line that is faulty, or stretched or shrunk
 * beyond half its play. What setting it reported is forgotten; the report
 * counts the lines it keeps. Returns 1 when kept. */
static int reset_loose(typesetter *ts, const bk_flow *flow, size_t j, int n)
{
    bk_para *p = &ts->paras[j], q;
    bk_typeset_stats saved = *ts->stats;
    bk_diag_mark dm = bk_diag_mark_take(ts->ctx->diag);
    bk_setter_looseness(ts->setter, n);
    bk_status st = bk_ts_block_set(ts, flow, j, bk_ts_measure(ts), &q);
    bk_setter_looseness(ts->setter, 0);
    bk_diag_truncate(ts->ctx->diag, dm);
    *ts->stats = saved;
    if (st)
        return 0;
    int ok = (long)q.nlines == (long)p->nlines + n;
    long hyph = 0;
    for (size_t i = 0; i < q.nlines; i++) {
        ok &= !(q.lines[i].faults & (BK_LINE_FAULTS | BK_LINE_LOOSE | BK_LINE_TIGHT));
        hyph += q.lines[i].hyphenated;
    }
    for (size_t i = 0; i < p->nlines; i++)
        hyph -= p->lines[i].hyphenated;
    if (!ok) {
        bk_para_release(&q);
        return 0;
    }
    ts->stats->lines = (size_t)((long)ts->stats->lines + n);
    ts->stats->hyphenated_lines = (size_t)((long)ts->stats->hyphenated_lines + hyph);
    bk_para_release(p);
    *p = q;
    return 1;
}

/* One line fewer lets what follows start on the page; one line more
 * fills the line it left. */
static void loosen(typesetter *ts, const bk_flow *flow, size_t j)
{
    if (!reset_loose(ts, flow, j, -1))
        reset_loose(ts, flow, j, 1);
}

size_t bk_ts_retry(typesetter *ts, const bk_flow *flow)
{
    size_t j = ts->retry - 1, k = 0;
    ts->retry = 0;
    while (k + 1 < ts->nmarks && ts->marks[k].block != j)
        k++;
    const bk_ts_mark *m = &ts->marks[k];
    bk_page_items_truncate(ts->page, m->items);
    ts->cursor = m->cursor;
    ts->fill_lead = m->fill_lead;
    ts->fill_y = m->fill_y;
    ts->stretch_below = m->stretch_below;
    ts->ngaps = m->ngaps;
    ts->kept_page = m->kept_page;
    ts->kept_file = m->kept_file;
    ts->kept_line = m->kept_line;
    *ts->stats = m->stats;
    bk_diag_truncate(ts->ctx->diag, m->diag);
    /* the elements open when the mark was taken, the mark's copy moved in */
    bk_ts_tags_release(ts);
    ts->tags = m->tags;
    memset(&ts->marks[k].tags, 0, sizeof(ts->marks[k].tags));
    ts->retry_begun = m->begun;
    bk_ts_marks_drop(ts, k);
    loosen(ts, flow, j);
    return j;
}

/* A block follows one of its own style: a paragraph after a paragraph,
 * an item after an item. */
static int follows_own_style(const bk_flow *flow, size_t i)
{
    return i > 0 && strcmp(flow->blocks[i - 1].style, flow->blocks[i].style) == 0;
}

bk_status bk_ts_block_set(typesetter *ts, const bk_flow *flow, size_t i,
                          double measure, bk_para *p)
{
    const bk_block *b = &flow->blocks[i];
    bk_style s;
    if (b->continued || follows_own_style(flow, i) ||
        !bk_layout_has_style(ts->layout, b->style) ||
        bk_layout_style(ts->ctx, ts->layout, b->style, b->lang, &s) != BK_OK ||
        !s.flush_first || s.first_indent == 0)
        return bk_ts_para_set(ts, b, b->style, measure, p);
    /* set without its first-line indent (the setter's mark of a
     * paragraph's continuation); the lines refer to the flow's block */
    bk_block flush = *b;
    flush.continued = 1;
    bk_status st = bk_ts_para_set(ts, &flush, b->style, measure, p);
    p->block = b;
    return st;
}

bk_status bk_ts_break_before(typesetter *ts, const bk_para *p)
{
    bk_status st;
    int kind = p->style.break_before;
    if (ts->parallel || kind == BK_PAGE_BREAK_NONE)
        return BK_OK;
    if (!bk_ts_at_page_top(ts) && (st = bk_ts_page_new(ts)))
        return st;
    if (kind == BK_PAGE_BREAK_RECTO && ts->page_no % 2 == 0) {
        ts->no_folio = 1; /* odd pages are right-hand ones: this one stays blank */
        if ((st = bk_ts_page_new(ts)))
            return st;
    }
    return BK_OK;
}
