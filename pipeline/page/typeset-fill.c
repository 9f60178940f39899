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
#include <stdlib.h>
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
    ts->gaps[ts->ngaps].shift = 0;
    ts->gaps[ts->ngaps].line = 0;
    ts->ngaps++;
}

void bk_ts_line_gap_add(typesetter *ts, double stretch)
{
    if (ts->parallel || stretch <= 0 || ts->ngaps >= BK_TS_GAPS || bk_ts_at_page_top(ts))
        return;
    ts->gaps[ts->ngaps].item = ts->page->n;
    ts->gaps[ts->ngaps].stretch = stretch;
    ts->gaps[ts->ngaps].shift = 0;
    ts->gaps[ts->ngaps].line = 1;
    ts->ngaps++;
}

size_t bk_ts_shortfall(const typesetter *ts, double *need, double *room)
{
    *need = *room = 0;
    if (ts->parallel || ts->fill_lead <= 0 || ts->table_notes)
        return 0;
    *need = ts->fill_y - bk_ts_bottom_limit(ts, ts->fill_lead);
    size_t n = 0;
    for (; n < ts->ngaps && ts->gaps[n].item < ts->page->n; n++)
        *room += ts->gaps[n].line ? 0 : ts->gaps[n].stretch;
    return n;
}

double bk_ts_line_room(const typesetter *ts)
{
    double room = 0;
    for (size_t n = 0; n < ts->ngaps && ts->gaps[n].item < ts->page->n; n++)
        room += ts->gaps[n].line ? ts->gaps[n].stretch : 0;
    return room;
}

/* Steps: the shortfall -> the share of their stretch the gaps between
 * blocks grow by, then the lines' -> each gap grows and what is below
 * it moves down. */
void bk_ts_page_fill(typesetter *ts)
{
    double need, room;
    size_t n = bk_ts_shortfall(ts, &need, &room);
    if (ts->parallel || ts->fill_lead <= 0 || ts->table_notes)
        return;
    double lines = bk_ts_line_room(ts);
    if (need > room + lines + 1)
        ts->stats->short_pages++;
    if (need <= 0.001 || room + lines <= 0)
        return;
    double f = room <= 0 ? 1 : need < room ? need / room : 1;
    double fl = need <= room || lines <= 0 ? 0 : need - room < lines ? (need - room) / lines : 1;
    double shift = 0;
    for (size_t k = 0; k < n; k++) {
        shift += (ts->gaps[k].line ? fl : f) * ts->gaps[k].stretch;
        size_t to = k + 1 < n ? ts->gaps[k + 1].item : ts->page->n;
        bk_page_items_shift(ts->page, ts->gaps[k].item, to, -shift);
        ts->gaps[k].shift = shift; /* undone if the page is placed again */
    }
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
        bk_setter_style(ts->setter, b->style, b->lang, &s) != BK_OK ||
        !bk_style_flush_after(&s, i > 0 ? flow->blocks[i - 1].style : NULL) || s.first_indent == 0)
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
