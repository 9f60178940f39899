/* typeset.c — the driver of pagination: the flow's figures prepared,
 * every block set as it is placed from the first page on, then the front
 * and back matter and the document's info (see typeset.h). */
#include "typeset-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bk_status bk_ts_figures_prepare(bk_ctx *ctx, const bk_layout *layout,
                                const bk_flow *const *flows, size_t n, bk_figures **out)
{
    double t0 = ctx->timings ? bk_clock_ms() : 0;
    bk_status st = bk_figures_prepare(ctx, layout, flows, n, out);
    if (ctx->timings)
        ctx->stage_ms[BK_STAGE_FIGURES] += bk_clock_ms() - t0;
    return st;
}

static int is_figure(const bk_block *b)
{
    return b->map || strcmp(b->style, "timeline") == 0;
}

/* Figures are timed apart; the text they set counts there, not in the
 * text engine's stages. */
static bk_status figure_place(typesetter *ts, const bk_block *b)
{
    double *ms = ts->ctx->stage_ms;
    double t0 = bk_clock_ms();
    double inner = ms[BK_STAGE_ITEMIZE] + ms[BK_STAGE_SHAPE] + ms[BK_STAGE_BREAK];
    bk_status st = b->map ? bk_ts_map_place(ts, b) : bk_ts_timeline_place(ts, b);
    if (ts->ctx->timings)
        ms[BK_STAGE_FIGURES] += bk_clock_ms() - t0 -
                                (ms[BK_STAGE_ITEMIZE] + ms[BK_STAGE_SHAPE] +
                                 ms[BK_STAGE_BREAK] - inner);
    return st;
}

/* Paragraph i: a page break its style asks for -> space above the first
 * of a group (a list) -> its lines -> space below the group's last. */
static bk_status para_place(typesetter *ts, const bk_flow *flow, bk_para *paras,
                            size_t n, size_t i)
{
    bk_status st;
    const bk_style *s = &paras[i].style;
    const char *style = flow->blocks[i].style;
    if ((st = bk_ts_break_before(ts, &paras[i])))
        return st;
    if (s->group_space_before > 0 && !bk_ts_at_page_top(ts) &&
        (i == 0 || strcmp(flow->blocks[i - 1].style, style) != 0))
        ts->cursor -= s->group_space_before;
    if ((st = bk_ts_para_place(ts, &paras[i], i + 1 < n ? &paras[i + 1] : NULL)))
        return st;
    if (s->group_space_after > 0 && i + 1 < n && strcmp(flow->blocks[i + 1].style, style) != 0)
        ts->cursor -= s->group_space_after;
    return BK_OK;
}

/* Whether block b is set as a paragraph: figures have no text of their
 * own (a table's is its caption). */
static int has_text(const bk_block *b)
{
    return !(b->nevents || is_figure(b));
}

/* What paragraph p takes down the page at most (spaces and line boxes). */
static double para_height(const bk_para *p)
{
    return p->style.space_before + p->style.space_after +
           (double)p->nlines * p->style.leading;
}

/* Block k set ahead into ts->paras[k], its work kept for the page search
 * (typeset-loose.c). A setting made before a rollback is taken back with
 * its counts where it did nothing else (bk_ts_own): setting it again would
 * make the same paragraph and counts. */
static bk_status para_ahead_set(typesetter *ts, size_t k)
{
    double measure = bk_ts_measure(ts);
    bk_para *p = &ts->paras[k];
    bk_ts_own *o = ts->own ? &ts->own[k % BK_TS_OWN] : NULL;
    if (k < ts->nspare) {
        if (o && o->block == k && o->clean && o->measure == measure) {
            bk_typeset_stats_add(ts->stats, &o->stats);
            return BK_OK;
        }
        bk_para_release(p);
    }
    bk_typeset_stats own = {0};
    bk_diag_mark d0 = bk_diag_mark_take(ts->ctx->diag);
    size_t faces = bk_fontset_count(ts->fonts);
    if (o) /* counted apart, then added */
        bk_setter_stats(ts->setter, &own);
    bk_setter_keep(ts->setter, ts->marks != NULL);
    bk_status st = bk_ts_block_set(ts, ts->flow, k, measure, p);
    bk_setter_keep(ts->setter, 0);
    if (!o)
        return st;
    bk_setter_stats(ts->setter, ts->stats);
    bk_typeset_stats_add(ts->stats, &own);
    bk_diag_mark d1 = bk_diag_mark_take(ts->ctx->diag);
    *o = (bk_ts_own){.block = k, .measure = measure, .stats = own,
                     .clean = !st && d1.records == d0.records && d1.errors == d0.errors &&
                              d1.warnings == d0.warnings && own.missing_chars == 0 &&
                              bk_fontset_count(ts->fonts) == faces};
    return st;
}

bk_status bk_ts_paras_ahead(typesetter *ts, size_t i)
{
    const bk_flow *flow = ts->flow;
    if (!ts->paras)
        return BK_OK;
    /* two text heights: a page cannot place more, even set again a line
     * shorter; zero-height blocks are passed over */
    int ahead = ts->marks && ts->nmarks == 0;
    double want = 2 * ts->geom->height, have = 0;
    for (size_t k = i + 1; ahead && k < ts->nset; k++)
        have += para_height(&ts->paras[k]);
    while (ts->nset < flow->n && (ts->nset <= i + 1 || (ahead && have < want))) {
        size_t k = ts->nset;
        if (has_text(&flow->blocks[k])) {
            bk_status st = para_ahead_set(ts, k);
            if (st)
                return st;
            if (k > i)
                have += para_height(&ts->paras[k]);
        }
        ts->nset++;
    }
    return BK_OK;
}

/* Paragraphs placed before block i and before every mark of the page
 * and of the previous page (which may place them again) are done with: their glyphs are in the
 * frames now. */
static void paras_release(typesetter *ts, size_t i)
{
    size_t upto = ts->nmarks && ts->marks[0].block < i ? ts->marks[0].block : i;
    size_t prev = bk_ts_fill_first_block(ts);
    if (prev < upto)
        upto = prev;
    if (ts->later_block < upto) /* lines of theirs not drawn yet */
        upto = ts->later_block;
    for (; ts->nfreed < upto; ts->nfreed++)
        bk_para_release(&ts->paras[ts->nfreed]);
}

/* Block *i with its structure elements: a table or a figure, or a
 * paragraph placed from a mark (typeset-fill.c) that a page ending short
 * may roll back to: *i is then the paragraph to place again, less one. */
static bk_status block_place(typesetter *ts, const bk_flow *flow, bk_para *paras,
                             size_t n, size_t *i)
{
    const bk_block *b = &flow->blocks[*i];
    bk_status st;
    paras_release(ts, *i);
    if ((st = bk_ts_paras_ahead(ts, *i)))
        return st;
    if (b->table || is_figure(b)) {
        ts->cur_block = SIZE_MAX;
        if ((st = bk_ts_block_begin(ts, b)))
            return st;
        st = b->table ? bk_ts_table_place(ts, &paras[*i]) : figure_place(ts, b);
        ts->fill_lead = 0; /* a page ending with it is not filled */
        ts->stretch_below = 0;
        return st ? st : bk_ts_block_end(ts);
    }
    /* the notes compose.c sets under a table (style "note") belong to it */
    size_t k = *i;
    while (k > 0 && strcmp(flow->blocks[k].style, "note") == 0)
        k--;
    ts->table_notes = k < *i && flow->blocks[k].table;
    int begun = ts->retry_begun; /* rolled back to a page head: still open */
    ts->retry_begun = 0;
    bk_ts_mark_take(ts, *i, begun);
    if (!begun && (st = bk_ts_block_begin(ts, b)))
        return st;
    st = para_place(ts, flow, paras, n, *i);
    if (st == BK_TS_RETRY) { /* again, with paragraphs a line shorter or longer */
        *i = bk_ts_retry(ts) - 1; /* wraps to 0 for block 0 */
        return BK_OK;
    }
    if (ts->table_notes)
        ts->fill_lead = 0; /* a page ending with them ends with the table */
    ts->table_notes = 0;
    return st ? st : bk_ts_block_end(ts);
}

/* Steps: each block placed from the current page on (tables, timelines,
 * maps and paragraphs), its paragraph set when placing reaches it, with
 * the next (keep-with-next needs its lines) and, at a page's first mark,
 * more than a page ahead (bk_ts_paras_ahead); a paragraph released once
 * no mark can place it again. Memory stays a few pages' worth. */
bk_status bk_ts_blocks_place(typesetter *ts, const bk_flow *flow)
{
    bk_status st = BK_OK;
    bk_para *paras = calloc(flow->n ? flow->n : 1, sizeof(*paras));
    if (!paras)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (!ts->parallel) {
        ts->marks = bk_ts_marks_new();
        ts->tried = calloc(flow->n ? flow->n : 1, 1);
        ts->own = malloc(BK_TS_OWN * sizeof(*ts->own));
        if (!ts->marks || !ts->tried || !ts->own)
            st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        for (size_t k = 0; ts->own && k < BK_TS_OWN; k++)
            ts->own[k].block = SIZE_MAX;
    }
    ts->paras = paras;
    ts->nset = ts->nfreed = ts->nspare = 0;
    ts->nmarks = 0;
    ts->cur_block = SIZE_MAX;
    ts->ndrawn = ts->frames->n ? ts->frames->n - 1 : 0; /* the current page on */
    ts->later_block = SIZE_MAX;
    for (size_t i = 0; i < flow->n && !st; i++)
        st = block_place(ts, flow, paras, flow->n, &i);
    /* every line drawn while its paragraph is set: the current page's
     * too (it is left later) */
    if (!st && ts->marks)
        st = bk_ts_lines_draw(ts, ts->frames->n, ts->frames->n - 1);
    ts->cur_block = SIZE_MAX;
    bk_ts_fill_free(ts);
    bk_ts_marks_drop(ts, 0);
    free(ts->marks);
    free(ts->tried);
    free(ts->own);
    ts->marks = NULL;
    ts->tried = NULL;
    ts->own = NULL;
    ts->paras = NULL;
    for (size_t i = 0; i < flow->n; i++)
        bk_para_release(&paras[i]);
    free(paras);
    return st;
}

/* Document info: the subtitle as subject, the languages and the layout's
 * keywords as keywords, the layout's author (<string name="author">). */
bk_status bk_ts_doc_info(typesetter *ts, const bk_flow *const *flows, size_t n)
{
    bk_status st = BK_OK;
    const char *lang = flows[0]->lang;
    bk_buf kw = {0};
    int bad = 0;
    const char *k = bk_layout_string(ts->layout, "keywords", lang);
    for (size_t f = 0; f < n; f++)
        for (size_t i = 0; i < flows[f]->nlangs; i++) {
            int seen = 0; /* each language once */
            for (size_t g = 0; g <= f && !seen; g++)
                for (size_t m = 0; m < (g < f ? flows[g]->nlangs : i) && !seen; m++)
                    seen = strcmp(flows[g]->langs[m], flows[f]->langs[i]) == 0;
            if (!seen)
                bad |= bk_buf_printf(&kw, "%s%s", kw.len ? ", " : "", flows[f]->langs[i]);
        }
    if (k)
        bad |= bk_buf_printf(&kw, "%s%s", kw.len ? ", " : "", k);
    const char *sub = bk_layout_string(ts->layout, "subtitle", lang);
    const char *author = bk_layout_string(ts->layout, "author", lang);
    if (bad || (sub && !(ts->frames->subject = bk_strdup(sub))) ||
        (kw.data && !(ts->frames->keywords = bk_strdup(kw.data))) ||
        (author && !(ts->frames->author = bk_strdup(author))))
        st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    bk_buf_release(&kw);
    return st;
}

/* Steps: the figures' data read -> the body from the first page -> its
 * last folio -> front and back matter -> document info. */
bk_status bk_typeset(bk_ctx *ctx, const bk_flow *flow, const bk_layout *layout,
                     bk_fontset *fonts, bk_frames **out,
                     bk_typeset_stats *stats)
{
    bk_status st = BK_OK;
    bk_typeset_stats dummy;
    bk_figures *figures = NULL;
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
    if ((st = bk_ts_figures_prepare(ctx, layout, &flow, 1, &figures)))
        goto done;
    ts.figures = figures;
    if ((st = bk_ts_page_new(&ts)) || (st = bk_ts_document_open(&ts)) ||
        (st = bk_ts_blocks_place(&ts, flow)) || (st = bk_ts_folio_emit(&ts)) ||
        (st = bk_ts_tags_close_to(&ts, ts.tags.base)) || (st = bk_ts_matter_make(&ts)) ||
        (st = bk_ts_tags_close_to(&ts, 0)) || (st = bk_ts_doc_info(&ts, &flow, 1)))
        goto done;
    *out = ts.frames;
    ts.frames = NULL;
done:
    bk_ts_tags_release(&ts);
    bk_figures_free(figures);
    free(ts.block_page);
    bk_setter_free(ts.setter);
    bk_frames_free(ts.frames);
    return st;
}
