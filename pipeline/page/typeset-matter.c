/* typeset-matter.c — the front and back matter made after the body:
 * cover and contents (which needs the body's page numbers) moved to the
 * front, the colophon as the back cover. */
#include "typeset-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

/* A page outside the body's numbering: its own label, physical position
 * `phys` (for the mirrored margins), no folio unless asked. */
static bk_status plain_page(typesetter *ts, bk_folio folio, int phys)
{
    /* The limit counts every page: cover and contents too. */
    if (ts->frames->n >= BK_MAX_PAGES)
        return bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, 0, 0,
                             "the booklet would have more than %d pages "
                             "(with its cover and contents)",
                             BK_MAX_PAGES);
    bk_status st = bk_ts_tags_leave(ts);
    if (st)
        return st;
    ts->page = bk_frames_add_page(ts->frames, ts->geom->width, ts->geom->height);
    if (ts->page)
        ts->page->folio = folio;
    if (!ts->page)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    ts->page_no = phys;
    ts->cursor = ts->geom->height - ts->geom->top;
    ts->stats->pages++;
    return bk_ts_tags_enter(ts);
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
    if ((st = bk_ts_text_put_as(ts, BK_ROLE_P, "cover-title", lang,
                                ts->flow->title ? ts->flow->title : "", 1)))
        return st;
    const char *sub = bk_layout_string(ts->layout, "subtitle", lang);
    if (sub && (st = bk_ts_text_put_as(ts, BK_ROLE_P, "cover-subtitle", lang, sub, 1)))
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
    if (bk_date_format(&d, bk_layout_messages(ts->layout, lang), &date)) {
        bk_buf_release(&meta);
        bk_buf_release(&date);
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    /* measure the two meta lines without drawing, then draw them so that
     * they end at the bottom margin */
    double save = ts->cursor;
    ts->cursor = 0;
    st = bk_ts_text_put(ts, "cover-meta", lang, meta.data ? meta.data : "", 0, 0);
    if (!st)
        st = bk_ts_text_put(ts, "cover-meta", lang, date.data ? date.data : "", 0, 0);
    double h = -ts->cursor;
    ts->cursor = save;
    if (!st) {
        ts->cursor = ts->geom->bottom + h;
        st = bk_ts_text_put_as(ts, BK_ROLE_P, "cover-meta", lang, meta.data ? meta.data : "", 1);
    }
    if (!st)
        st = bk_ts_text_put_as(ts, BK_ROLE_P, "cover-meta", lang, date.data ? date.data : "", 1);
    bk_buf_release(&meta);
    bk_buf_release(&date);
    return st;
}

/* The name a figure or table has in the contents (its caption or the
 * layout's words for it), or NULL for other blocks. */
const char *bk_ts_figure_name(const typesetter *ts, const bk_block *b, char *key, size_t size)
{
    if (b->map) {
        snprintf(key, size, "map-title-%s", b->map);
        return string_or(ts, key, b->map);
    }
    if (b->nevents)
        return string_or(ts, "timeline-title", "Timeline");
    if (b->table && b->len)
        return b->text;
    return NULL;
}

/* One line of the contents: block i's text (or fig, its name) set beside
 * its page number, a link to it. */
static bk_status contents_entry(typesetter *ts, size_t i, const char *fig, int *phys)
{
    const bk_block *b = &ts->flow->blocks[i];
    char num[32], name[64];
    snprintf(num, sizeof num, "%d", ts->block_page[i]);
    snprintf(name, sizeof name, "bk.block.%zu", i);
    const char *anchor = b->id ? b->id : name;
    bk_block nb = {.style = "contents-entry", .lang = b->lang, .text = num, .len = strlen(num)};
    bk_para np = {0}, ep = {0};
    bk_status st = bk_ts_para_set(ts, &nb, "contents-entry", bk_ts_measure(ts), &np);
    if (st)
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
    if ((st = bk_ts_para_set(ts, &eb, "contents-entry",
                             bk_ts_measure(ts) - numw - indent - np.style.size, &ep)))
        goto done;
    double lead = ep.style.leading;
    if (ts->cursor - lead * (double)ep.nlines < ts->geom->bottom - 0.01) {
        /* contents longer than a page: continue on the next */
        (*phys)++;
        if ((st = plain_page(ts, (bk_folio){BK_FOLIO_ROMAN, *phys}, *phys)) || (st = bk_ts_folio_emit(ts)))
            goto done;
    }
    double top = ts->cursor, y = 0;
    if ((st = bk_ts_tag_open(ts, BK_ROLE_TOCI, eb.lang, NULL, NULL)) ||
        (st = bk_ts_tag_open(ts, BK_ROLE_LINK, NULL, NULL, NULL)))
        goto done;
    ts->cursor -= ep.style.space_before;
    for (size_t k = 0; k < ep.nlines && !st; k++) {
        y = bk_ts_baseline(&ep, ts->cursor);
        bk_set_line ln = ep.lines[k];
        ln.x += indent;
        st = bk_ts_line_draw(ts, &ep, &ln, bk_ts_text_left(ts), y);
        ts->cursor -= lead;
    }
    if (!st && np.nlines) {
        bk_set_line ln = np.lines[0];
        ln.x = bk_ts_measure(ts) - numw;
        st = bk_ts_line_draw(ts, &np, &ln, bk_ts_text_left(ts), y);
    }
    if (!st && !bk_page_add_link(ts->page, bk_ts_text_left(ts), ts->cursor,
                                 bk_ts_text_left(ts) + bk_ts_measure(ts), top, anchor, NULL))
        st = bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (!st && !(st = bk_ts_tag_close(ts)))
        st = bk_ts_tag_close(ts);
    ts->cursor -= ep.style.space_after;
done:
    bk_para_release(&np);
    bk_para_release(&ep);
    return st;
}

/* Contents: every title and heading, and the figures and tables after the
 * text, with its page number, each line a link to it. */
static bk_status make_contents(typesetter *ts, int *phys)
{
    bk_status st;
    const char *lang = ts->flow->lang;
    if ((st = bk_ts_tag_open(ts, BK_ROLE_SECT, lang, NULL, NULL)) ||
        (st = bk_ts_text_put_as(ts, BK_ROLE_H1, "contents-title", lang,
                                string_or(ts, "contents", "Contents"), 1)) ||
        (st = bk_ts_tag_open(ts, BK_ROLE_TOC, NULL, NULL, NULL)))
        return st;
    for (size_t i = 0; i < ts->flow->n; i++) {
        const bk_block *b = &ts->flow->blocks[i];
        char key[64];
        const char *fig = bk_ts_figure_name(ts, b, key, sizeof key);
        if (!fig && strcmp(b->style, "title") != 0 && strcmp(b->style, "heading") != 0)
            continue;
        if (!ts->block_page[i])
            continue; /* not placed (an empty figure) */
        if ((st = contents_entry(ts, i, fig, phys)))
            return st;
    }
    return bk_ts_tags_close_to(ts, ts->tags.base);
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
        if (draw)
            st = bk_ts_tag_open(ts, BK_ROLE_SECT, lang, NULL, NULL);
        if (!st)
            st = bk_ts_text_put_as(ts, BK_ROLE_H1, "colophon-title", lang,
                                   string_or(ts, "colophon", "Colophon"), draw);
        for (size_t i = 0; !st && i < ts->flow->nsources; i++) {
            t.len = 0;
            const char *lab = string_or(ts, "source", "Source:");
            bk_buf_printf(&t, "%s%s%s", lab, label_gap(lab), ts->flow->sources[i]);
            st = bk_ts_text_put_as(ts, BK_ROLE_P, "colophon", lang, t.data, draw);
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
            st = bk_ts_text_put_as(ts, BK_ROLE_P, "colophon", lang, t.data, draw);
        }
        h = -ts->cursor;
    }
    bk_buf_release(&t);
    return st ? st : bk_ts_tags_close_to(ts, ts->tags.base);
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
bk_status bk_ts_matter_make(typesetter *ts)
{
    bk_status st = BK_OK;
    const bk_matter *m = bk_layout_matter(ts->layout);
    int body_pages = ts->page_no;
    size_t before = ts->frames->n;
    int phys = 0;
    if (m->cover) {
        phys++;
        if ((st = plain_page(ts, (bk_folio){BK_FOLIO_ROMAN, phys}, phys)) || (st = make_cover(ts)))
            return st;
    }
    if (m->contents) {
        phys++;
        if ((st = plain_page(ts, (bk_folio){BK_FOLIO_ROMAN, phys}, phys)) || (st = bk_ts_folio_emit(ts)) ||
            (st = make_contents(ts, &phys)))
            return st;
    }
    if (phys % 2) {
        phys++;
        if ((st = plain_page(ts, (bk_folio){BK_FOLIO_ROMAN, phys}, phys)))
            return st; /* blank verso: really blank, no folio */
    }
    if (pages_to_front(ts->frames, ts->frames->n - before))
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (m->colophon) {
        /* the back cover is a left-hand page once imposition pads the
         * booklet to a multiple of four: give it left-hand margins */
        if ((st = plain_page(ts, (bk_folio){BK_FOLIO_ARABIC, body_pages + 1}, 2)) || (st = make_colophon(ts)))
            return st;
        ts->frames->back_cover = 1;
    }
    return BK_OK;
}

/* Steps: every block set first (keep-with-next needs the next block's
 * lines) -> each placed from the current page on: tables, timelines, maps
 * and paragraphs. ts->flow and ts->block_page must be the flow's. */
