/* typeset-cursor.c — the page cursor: lines placed on pages from the top
 * of the text area down, new pages with their folios, parallel editions'
 * columns moving between shared pages, and paragraphs kept from leaving
 * orphans and widows (see typeset-private.h). */
#include "typeset-private.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The style's right indent shortens the measure (the setter knows only
 * left indents). A style the layout lacks is the setter's error. */
bk_status bk_ts_para_set(typesetter *ts, const bk_block *b, const char *style,
                         double measure, bk_para *p)
{
    bk_style s;
    if (bk_layout_has_style(ts->layout, style) &&
        bk_setter_style(ts->setter, style, b->lang, &s) == BK_OK)
        measure -= s.right_indent;
    return bk_para_set(ts->setter, b, style, measure, p);
}

double bk_ts_text_left(const typesetter *ts)
{
    /* Mirrored margins: the inner margin is on the left of odd pages. */
    return (ts->page_no % 2 ? ts->geom->inner : ts->geom->outer) +
           (ts->parallel ? ts->col_x : 0);
}

double bk_ts_measure(const typesetter *ts)
{
    if (ts->parallel)
        return ts->col_w;
    return ts->geom->width - ts->geom->inner - ts->geom->outer;
}

/* Parallel editions share pages: a column moving on goes to its next
 * page, which another column may have made already. Facing pages: column
 * c of spread s is page 2s+1+c (page 1 is the half-title), so the first
 * text is always on a left-hand page. */
bk_status bk_ts_slot_goto(typesetter *ts, size_t slot)
{
    size_t idx = ts->facing ? 1 + 2 * slot + (size_t)ts->col : slot;
    if (idx >= BK_MAX_PAGES)
        return bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, 0, 0,
                             "the booklet would have more than %d pages", BK_MAX_PAGES);
    bk_status st = bk_ts_tags_leave(ts);
    if (st)
        return st;
    while (ts->frames->n <= idx) {
        bk_page *pg = bk_frames_add_page(ts->frames, ts->geom->width, ts->geom->height);
        if (!pg)
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        pg->folio = (bk_folio){BK_FOLIO_ARABIC, (int)ts->frames->n};
        ts->stats->pages++;
    }
    ts->slot = slot;
    ts->page = ts->frames->pages[idx];
    ts->page_no = (int)idx + 1;
    ts->cursor = ts->geom->height - ts->geom->top;
    return bk_ts_tags_enter(ts);
}

bk_status bk_ts_page_new(typesetter *ts)
{
    if (ts->parallel)
        return bk_ts_slot_goto(ts, ts->slot + 1); /* folios come at the end */
    bk_ts_fill_end(ts); /* a page tried that ends otherwise keeps its trial */
    bk_ts_marks_keep(ts);
    if (ts->page) {
        bk_status st = bk_ts_tags_leave(ts);
        if (st || (!ts->no_folio && (st = bk_ts_folio_emit(ts))))
            return st;
        bk_page_compact(ts->page); /* filled, rolled back no more */
    }
    ts->no_folio = 0;
    ts->ngaps = 0;
    ts->fill_lead = 0;
    ts->stretch_below = 0;
    if (ts->frames->n >= BK_MAX_PAGES)
        return bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, 0, 0,
                             "the booklet would have more than %d pages", BK_MAX_PAGES);
    ts->page = bk_frames_add_page(ts->frames, ts->geom->width, ts->geom->height);
    if (!ts->page)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "out of memory");
    ts->page_no++;
    ts->page->folio = (bk_folio){BK_FOLIO_ARABIC, ts->page_no};
    ts->cursor = ts->geom->height - ts->geom->top;
    ts->stats->pages++;
    bk_status st = bk_ts_tags_enter(ts);
    /* the pages before the previous one, and that one unless a page set
     * again may start on it (its marks kept), are placed for good */
    size_t n = ts->frames->n;
    if (!st && ts->marks)
        st = bk_ts_lines_draw(ts, n - (bk_ts_fill_first_block(ts) != SIZE_MAX ? 2 : 1),
                              n - 1);
    /* marks are of the current page's paragraphs: the one moving on whole
     * starts on this one, its elements already open */
    if (!st && ts->marks && ts->cur_block != SIZE_MAX && !ts->cur_drawn &&
        !(st = bk_ts_paras_ahead(ts, ts->cur_block)))
        bk_ts_mark_take(ts, ts->cur_block, 1);
    return st;
}

/* Where placeholders are drawn: on a page left (made smaller) or not. */
typedef struct later_page {
    typesetter *ts;
    int left;
} later_page;

/* A placeholder of bk_ts_para_line_draw drawn: its paragraph must still
 * have the setting it was placed with. */
static int later_draw(void *data, bk_page *page, const bk_later *l)
{
    const later_page *lp = data;
    const bk_para *p = l->what;
    const bk_set_line *ln = l->part;
    if (ln < p->lines || ln >= p->lines + p->nlines)
        return bk_diag_error(lp->ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "a line placed was set again before it was drawn");
    return bk_para_draw_line_unreported(lp->ts->ctx, p, ln, page, l->x, l->y, lp->left);
}

bk_status bk_ts_lines_draw(typesetter *ts, size_t upto, size_t left)
{
    for (; ts->ndrawn < upto; ts->ndrawn++) {
        bk_page *pg = ts->frames->pages[ts->ndrawn];
        size_t drawn;
        later_page lp = {ts, ts->ndrawn < left};
        int r = bk_page_later_draw(pg, later_draw, &lp, &drawn);
        if (r)
            return r > 0 ? (bk_status)r
                         : bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                         "out of memory");
        if (drawn && ts->ndrawn < left)
            bk_page_compact(pg);
    }
    /* the paragraphs the pages left to draw still need */
    ts->later_block = SIZE_MAX;
    for (size_t i = ts->ndrawn; i < ts->frames->n; i++) {
        const bk_page *pg = ts->frames->pages[i];
        for (size_t k = 0; k < pg->n; k++)
            if (pg->items[k].kind == BK_ITEM_LATER) {
                size_t b = (size_t)((const bk_para *)pg->items[k].u.later.what - ts->paras);
                if (b < ts->later_block)
                    ts->later_block = b;
            }
    }
    return BK_OK;
}

bk_status bk_ts_line_draw(typesetter *ts, const bk_para *p, const bk_set_line *ln,
                          double x0, double y)
{
    return bk_para_draw_line(ts->ctx, p, ln, ts->page, x0, y);
}

double bk_ts_baseline(const bk_para *p, double top)
{
    /* Centre the em box in the line box; the em box's centre sits about
     * 0.3 em above the baseline in these fonts. */
    return top - p->style.leading / 2 - 0.3 * p->style.size;
}

bk_status bk_ts_folio_emit(typesetter *ts)
{
    bk_block b = {.style = "folio", .lang = ts->flow->lang};
    char num[32];
    bk_folio_format(ts->page->folio, num, sizeof num);
    b.text = num;
    b.len = strlen(num);
    if (!b.len)
        return BK_OK;
    bk_para p;
    bk_status st = bk_ts_para_set(ts, &b, "folio", bk_ts_measure(ts), &p);
    if (!st && p.nlines && !(st = bk_ts_artifact_begin(ts))) {
        st = bk_ts_line_draw(ts, &p, &p.lines[0], bk_ts_text_left(ts), ts->geom->folio);
        if (!st)
            st = bk_ts_artifact_end(ts);
    }
    bk_para_release(&p);
    return st;
}

static bk_status draw_label(typesetter *ts, const bk_para *p, double y)
{
    bk_block b = {.style = p->block->style, .lang = p->block->lang,
                  .text = p->block->label, .len = strlen(p->block->label),
                  .line = p->block->line};
    bk_para lp;
    bk_status st = bk_ts_para_set(ts, &b, p->block->style, bk_ts_measure(ts), &lp);
    if (!st && lp.nlines) {
        bk_set_line ln = lp.lines[0];
        ln.x = 0;
        double x = bk_ts_text_left(ts) + p->style.left_indent - ln.width - 0.4 * p->style.size;
        st = bk_ts_line_draw(ts, &lp, &ln, x, y);
    }
    bk_para_release(&lp);
    return st;
}

/* A fault of the page (a widow, an orphan, a stranded heading) at the
 * block of p, naming the current page. */
static void page_fault(typesetter *ts, const bk_para *p, const char *what)
{
    char pg[48];
    bk_page_name(ts->page, pg, sizeof pg);
    bk_diag_fault(ts->ctx->diag, ts->ctx->strict, p->file, p->block ? p->block->line : 0, 0,
                  "%s: %s", pg, what);
}


int bk_ts_at_page_top(const typesetter *ts)
{
    return ts->cursor >= ts->geom->height - ts->geom->top - 0.01;
}

/* Whole lines of this leading that still fit on the page. */
static size_t lines_left(const typesetter *ts, double lead)
{
    double room = ts->cursor - bk_ts_bottom_limit(ts, lead) + 0.01;
    return room <= 0 ? 0 : (size_t)(room / lead);
}

bk_status bk_ts_bookmark(typesetter *ts, const char *title, int level)
{
    bk_bookmark *bm = bk_page_add_bookmark(ts->page, title, level, ts->cursor);
    if (!bm)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    bm->column = ts->parallel ? ts->col + 1 : 0;
    return BK_OK;
}

/* Line ln of p with its baseline at y: drawn now, or, while the page may
 * be placed again, a placeholder drawn when it is placed for good
 * (bk_ts_lines_draw), its faults reported now. A placeholder is for a
 * line of the flow's paragraphs (kept set until then) that draws
 * something, whose glyphs and structure elements then are where they
 * would be now, moved as the page is filled: not one with citation
 * marks, whose links and raised glyphs are placed off the baseline. */
static bk_status line_place(typesetter *ts, const bk_para *p, const bk_set_line *ln, double y)
{
    if (!ts->marks || ts->parallel || !ts->paras || p < ts->paras ||
        p >= ts->paras + ts->flow->n || !p->block || !p->block->text || p->block->ncites ||
        !ln->n)
        return bk_ts_line_draw(ts, p, ln, bk_ts_text_left(ts), y);
    size_t b = (size_t)(p - ts->paras);
    bk_para_line_report(ts->ctx, p, ln, ts->page);
    if (bk_page_add_later(ts->page, p, ln, bk_ts_text_left(ts), y))
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (b < ts->later_block)
        ts->later_block = b;
    return BK_OK;
}

bk_status bk_ts_para_line_draw(typesetter *ts, const bk_para *p, size_t i)
{
    bk_status st;
    bk_ts_line_gap_add(ts, p->style.line_stretch);
    double y = bk_ts_baseline(p, ts->cursor);
    char key[64];
    /* the outline lists what the contents lists: titles, headings, and
     * tables by their captions (at the top level, as in the contents) */
    const char *table = i == 0 && p->block->table ? bk_ts_figure_name(ts, p->block, key, sizeof key)
                                                 : NULL;
    if (i == 0 && (table || strcmp(p->block->style, "heading") == 0 ||
                   strcmp(p->block->style, "title") == 0) &&
        (st = bk_ts_bookmark(ts, table ? table : p->block->text, table ? 1 : p->block->level)))
        return st;
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
        if (anchor && !bk_page_add_anchor(ts->page, anchor, bk_ts_text_left(ts), ts->cursor))
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    /* a list label comes before its item in reading order */
    if (i == 0 && p->block->label &&
        ((st = bk_ts_item_part(ts, 1)) || (st = draw_label(ts, p, y))))
        return st;
    if (i == 0 && (st = bk_ts_item_part(ts, 0)))
        return st;
    if ((st = line_place(ts, p, &p->lines[i], y)))
        return st;
    if (ts->line_drawn)
        ts->line_drawn(ts->line_drawn_data, ts, p->style.leading);
    ts->cursor -= p->style.leading;
    ts->cur_drawn = 1;
    ts->fill_lead = p->style.leading;
    ts->fill_y = ts->cursor;
    return BK_OK;
}

/* The block a heading was kept with must start on the heading's page:
 * checked where its first line goes (orphan control may move it on). */
static void kept_check(typesetter *ts)
{
    if (!ts->kept_page)
        return;
    if (ts->kept_page != ts->page_no) {
        ts->stats->stranded_headings++;
        bk_diag_fault(ts->ctx->diag, ts->ctx->strict, ts->kept_file, ts->kept_line, 0,
                      "page %d: stranded heading: it ends the page and what "
                      "follows it starts on the next", ts->kept_page);
    }
    ts->kept_page = 0;
}

size_t bk_ts_kept_lines(const bk_para *next)
{
    /* two, or all three of a three-line paragraph (two and one would
     * leave a widow) */
    return next->nlines <= 3 ? next->nlines : 2;
}

/* Steps: space before (not at a page top) -> keep with next (a heading
 * moves to the next page unless two lines of what follows fit with it) ->
 * lines in page-sized chunks, where a chunk that would leave one line of
 * the paragraph alone at a page foot (orphan) or head (widow) is made
 * smaller or moved whole -> space after. */
bk_status bk_ts_para_place(typesetter *ts, const bk_para *p, const bk_para *next)
{
    bk_status st;
    double lead = p->style.leading;
    size_t n = p->nlines;
    if (!bk_ts_at_page_top(ts))
        ts->cursor -= p->style.space_before;
    if (p->style.keep_with_next && next && next->nlines && !bk_ts_at_page_top(ts)) {
        size_t nn = bk_ts_kept_lines(next);
        double need = lead * (double)n + p->style.space_after +
                      next->style.space_before + next->style.leading * (double)nn;
        if (ts->cursor - need < bk_ts_bottom_limit(ts, next->style.leading) - 0.01 &&
            (st = bk_ts_page_turn(ts)))
            return st;
    }
    bk_ts_gap_add(ts, p->style.space_stretch);
    size_t i = 0;
    while (i < n) {
        size_t left = n - i, fit = lines_left(ts, lead);
        size_t k = fit >= left ? left : fit;
        if (k < left) {
            if (left - k < 2 && left >= 2)
                k = left - 2 > 0 ? left - 2 : 0; /* no widow */
            if (i == 0 && k < 2 && n >= 2)
                k = 0;                             /* no orphan */
            if (k == 0 && bk_ts_at_page_top(ts))
                k = fit ? fit : 1; /* a page cannot hold better: accept */
            /* a word hyphenated across a page turn is hard to read (and
             * to search): end the page a line earlier if that is allowed */
            if (k > 2 && k < left && p->lines[i + k - 1].hyphenated &&
                (i > 0 || k - 1 >= 2))
                k--;
        }
        if (k == 0) {
            if ((st = bk_ts_page_turn(ts)))
                return st;
            continue;
        }
        if (i == 0)
            kept_check(ts);
        if (k < left && i == 0 && k == 1 && n > 1) {
            ts->stats->orphans++;
            page_fault(ts, p, "orphan: the first line of the paragraph is alone at "
                              "the foot of the page");
        }
        /* the last line alone at a page head: counted on its own page */
        if (k == left && left == 1 && i > 0) {
            ts->stats->widows++;
            page_fault(ts, p, "widow: the last line of the paragraph is alone at "
                              "the head of the page");
        }
        for (size_t j = 0; j < k; j++)
            if ((st = bk_ts_para_line_draw(ts, p, i + j)))
                return st;
        i += k;
        if (i < n && (st = bk_ts_page_turn(ts)))
            return st;
    }
    ts->cursor -= p->style.space_after;
    ts->stretch_below = p->style.space_stretch;
    if (p->style.keep_with_next) {
        ts->kept_page = ts->page_no;
        ts->kept_file = p->file;
        ts->kept_line = p->block ? p->block->line : 0;
    }
    return BK_OK;
}


bk_status bk_ts_text_put(typesetter *ts, const char *style, const char *lang,
                         const char *text, double measure_cut, int draw)
{
    bk_block b = {.style = style, .lang = (char *)lang, .text = (char *)text,
                  .len = strlen(text)};
    bk_para p;
    bk_status st = bk_ts_para_set(ts, &b, style, bk_ts_measure(ts) - measure_cut, &p);
    if (st)
        return st;
    ts->cursor -= p.style.space_before;
    for (size_t i = 0; i < p.nlines && !st; i++) {
        if (draw)
            st = bk_ts_line_draw(ts, &p, &p.lines[i], bk_ts_text_left(ts),
                                 bk_ts_baseline(&p, ts->cursor));
        ts->cursor -= p.style.leading;
    }
    ts->cursor -= p.style.space_after;
    bk_para_release(&p);
    return st;
}

