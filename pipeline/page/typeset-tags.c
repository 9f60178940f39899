/* typeset-tags.c — the structure of the booklet as tags in the frames
 * (docs/ARCHITECTURE.md, "Structure for tagged PDF"): a stack of open
 * elements that is closed at the foot of every page and reopened with the
 * same ids at the head of the next, the elements of each block in reading
 * order, and the figures' alternate texts, made from their data with the
 * words of the message catalogs (see typeset-private.h). */
#include "typeset-private.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "messages.h"

static bk_status oom(typesetter *ts)
{
    return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

static bk_ts_open *top(typesetter *ts)
{
    return ts->tags.n ? &ts->tags.open[ts->tags.n - 1] : NULL;
}

static bk_role top_role(typesetter *ts)
{
    return ts->tags.n ? top(ts)->role : BK_ROLE_COUNT;
}

/* The language in force: the innermost element's that has one. */
static const char *lang_in_force(const typesetter *ts)
{
    for (size_t k = ts->tags.n; k-- > 0;)
        if (ts->tags.open[k].lang)
            return ts->tags.open[k].lang;
    return NULL;
}

static bk_status emit_start(typesetter *ts, const bk_ts_open *o)
{
    if (!ts->page)
        return BK_OK;
    bk_tag *t = bk_page_tag_start(ts->page, o->role, o->lang, o->alt, NULL, o->id);
    if (!t)
        return oom(ts);
    if (o->role == BK_ROLE_TH)
        t->scope = BK_SCOPE_COLUMN;
    return BK_OK;
}

bk_status bk_ts_tag_open(typesetter *ts, bk_role role, const char *lang, const char *alt,
                         const char *id)
{
    bk_ts_tags *tg = &ts->tags;
    if (tg->artifact || tg->n == BK_TS_TAG_DEPTH) {
        tg->skipped++; /* its content belongs to the enclosing element */
        return BK_OK;
    }
    bk_ts_open *o = &tg->open[tg->n];
    const char *outer = lang_in_force(ts);
    memset(o, 0, sizeof *o);
    o->role = role;
    if (lang && (!outer || strcmp(outer, lang) != 0) && !(o->lang = bk_strdup(lang)))
        return oom(ts);
    if (alt && !(o->alt = bk_strdup(alt))) {
        free(o->lang);
        return oom(ts);
    }
    if (id && strlen(id) < sizeof o->id)
        snprintf(o->id, sizeof o->id, "%s", id);
    else
        snprintf(o->id, sizeof o->id, "bk.%lu", ++tg->next);
    tg->n++;
    return emit_start(ts, o);
}

bk_status bk_ts_tag_close(typesetter *ts)
{
    bk_ts_tags *tg = &ts->tags;
    if (tg->skipped) {
        tg->skipped--;
        return BK_OK;
    }
    if (!tg->n)
        return BK_OK;
    bk_ts_open *o = &tg->open[--tg->n];
    free(o->lang);
    free(o->alt);
    o->lang = o->alt = NULL;
    if (ts->page && bk_page_tag_end(ts->page))
        return oom(ts);
    if (tg->mark > tg->n)
        tg->mark = tg->n;
    return BK_OK;
}

bk_status bk_ts_tags_close_to(typesetter *ts, size_t depth)
{
    bk_status st = BK_OK;
    while (!st && (ts->tags.n > depth || ts->tags.skipped))
        st = bk_ts_tag_close(ts);
    return st;
}

bk_status bk_ts_tags_leave(typesetter *ts)
{
    for (size_t k = 0; ts->page && k < ts->tags.n; k++)
        if (bk_page_tag_end(ts->page))
            return oom(ts);
    return BK_OK;
}

bk_status bk_ts_tags_enter(typesetter *ts)
{
    bk_status st = BK_OK;
    for (size_t k = 0; k < ts->tags.n && !st; k++)
        st = emit_start(ts, &ts->tags.open[k]);
    return st;
}

int bk_ts_tags_copy(const bk_ts_tags *from, bk_ts_tags *to)
{
    /* the elements open and the fields after them: an element above n is
     * never read (bk_ts_tag_open clears it before use), and a page's marks
     * take a copy each */
    to->n = from->n;
    memcpy(to->open, from->open, from->n * sizeof(from->open[0]));
    memcpy(&to->next, &from->next, sizeof(*to) - offsetof(bk_ts_tags, next));
    for (size_t k = 0; k < from->n; k++) {
        to->open[k].lang = bk_strdup(from->open[k].lang);
        to->open[k].alt = bk_strdup(from->open[k].alt);
        if ((from->open[k].lang && !to->open[k].lang) ||
            (from->open[k].alt && !to->open[k].alt)) {
            to->n = k + 1;
            bk_ts_tags_free(to);
            return -1;
        }
    }
    return 0;
}

void bk_ts_tags_free(bk_ts_tags *t)
{
    for (size_t k = 0; k < t->n; k++) {
        free(t->open[k].lang);
        free(t->open[k].alt);
        t->open[k].lang = t->open[k].alt = NULL;
    }
    t->n = 0;
}

void bk_ts_tags_release(typesetter *ts)
{
    for (size_t k = 0; k < ts->tags.n; k++) {
        free(ts->tags.open[k].lang);
        free(ts->tags.open[k].alt);
    }
    ts->tags.n = 0;
}

bk_status bk_ts_artifact_begin(typesetter *ts)
{
    if (ts->page && !bk_page_tag_start(ts->page, BK_ROLE_ARTIFACT, NULL, NULL, NULL, NULL))
        return oom(ts);
    ts->tags.artifact++;
    return BK_OK;
}

bk_status bk_ts_artifact_end(typesetter *ts)
{
    if (ts->tags.artifact)
        ts->tags.artifact--;
    if (ts->page && bk_page_tag_end(ts->page))
        return oom(ts);
    return BK_OK;
}

bk_status bk_ts_document_open(typesetter *ts)
{
    const char *lang = ts->frames->lang ? ts->frames->lang : ts->flow->lang;
    bk_status st = bk_ts_tag_open(ts, BK_ROLE_DOCUMENT, lang, NULL, "bk.document");
    ts->tags.base = ts->tags.mark = ts->tags.n;
    return st;
}

bk_status bk_ts_passage_open(typesetter *ts, const char *lang)
{
    bk_status st = bk_ts_document_open(ts);
    if (!st)
        st = bk_ts_tag_open(ts, BK_ROLE_SECT, lang, NULL, NULL);
    ts->tags.base = ts->tags.mark = ts->tags.n;
    return st;
}

/* ---- figures' alternate texts ---- */

/* Up to this many names or events are listed in an alternate text. */
#define ALT_ITEMS 40

static const char *alt_sep(const bk_messages *m)
{
    const char *s = m ? bk_messages_get(m, "figure.alt.separator") : NULL;
    return s ? s : ", ";
}

/* "Map: Title. Places shown: A, B, C." in the booklet's language. */
static bk_status map_alt(typesetter *ts, const bk_block *b, bk_buf *out)
{
    const bk_map_spec *spec = bk_figures_map(ts->figures, b);
    const char *lang = ts->flow->lang;
    const bk_messages *m = bk_layout_messages(ts->layout, lang);
    const char *names[ALT_ITEMS];
    char key[80];
    if (!spec || !m)
        return BK_OK;
    size_t n = bk_map_place_names(spec, lang, names, ALT_ITEMS);
    /* the map's own title; else the name the contents give it */
    snprintf(key, sizeof key, "map-title-%s", b->map);
    const char *title = bk_map_title(spec, lang);
    if (!title)
        title = bk_layout_string(ts->layout, key, lang);
    bk_buf places = {0};
    for (size_t k = 0; k < n; k++)
        bk_buf_printf(&places, "%s%s", k ? alt_sep(m) : "", names[k]);
    const char *args[] = {"title", title ? title : b->map, "places",
                          places.data ? places.data : "", NULL};
    bk_status st = bk_messages_format(ts->ctx, m, "figure.alt.map", args, out);
    bk_buf_release(&places);
    return st;
}

/* "Timeline: 9 events from 1856 to 1860: A; B; C." */
static bk_status timeline_alt(typesetter *ts, const bk_block *b, bk_buf *out)
{
    const bk_timeline_data *tl = bk_figures_timeline(ts->figures, b);
    const bk_messages *m = tl ? tl->spec.words : NULL;
    if (!tl || !m || !tl->n)
        return BK_OK;
    bk_buf from = {0}, to = {0}, evs = {0};
    char count[32];
    snprintf(count, sizeof count, "%zu", tl->n);
    const bk_date *last = tl->ev[tl->n - 1].to.year ? &tl->ev[tl->n - 1].to
                                                    : &tl->ev[tl->n - 1].from;
    int r = bk_date_format(&tl->ev[0].from, m, &from) | bk_date_format(last, m, &to);
    for (size_t k = 0; k < tl->n && k < ALT_ITEMS; k++)
        r |= bk_buf_printf(&evs, "%s%s", k ? alt_sep(m) : "",
                           tl->ev[k].label ? tl->ev[k].label : "");
    const char *title = tl->spec.title ? tl->spec.title
                                       : bk_layout_string(ts->layout, "timeline-title",
                                                          ts->flow->lang);
    const char *args[] = {"title", title ? title : "", "count", count,
                          "from", from.data ? from.data : "", "to", to.data ? to.data : "",
                          "events", evs.data ? evs.data : "", NULL};
    bk_status st = r ? oom(ts) : bk_messages_format(ts->ctx, m, "figure.alt.timeline", args, out);
    bk_buf_release(&from);
    bk_buf_release(&to);
    bk_buf_release(&evs);
    return st;
}

static bk_status figure_open(typesetter *ts, const bk_block *b)
{
    bk_buf alt = {0};
    bk_status st = b->map ? map_alt(ts, b, &alt) : timeline_alt(ts, b, &alt);
    if (!st)
        st = bk_ts_tag_open(ts, BK_ROLE_FIGURE, NULL, alt.data ? alt.data : "", b->id);
    bk_buf_release(&alt);
    return st;
}

/* ---- blocks ---- */

static int is(const bk_block *b, const char *style)
{
    return strcmp(b->style, style) == 0;
}

/* A heading of level `level` ends the sections of its level and deeper,
 * and any list. */
static bk_status sections_end(typesetter *ts, int level)
{
    bk_status st = BK_OK;
    while (!st && ts->tags.n > ts->tags.base &&
           (top_role(ts) == BK_ROLE_L || top_role(ts) == BK_ROLE_PART ||
            (top_role(ts) == BK_ROLE_SECT && top(ts)->level >= level)))
        st = bk_ts_tag_close(ts);
    return st;
}

static bk_status heading_open(typesetter *ts, const bk_block *b)
{
    int level = b->level > 0 ? b->level : 1;
    bk_status st = BK_OK;
    if (!ts->parallel) {
        /* a part's sections stay inside it: only a title ends a part */
        while (!st && ts->tags.n > ts->tags.base &&
               (top_role(ts) == BK_ROLE_L ||
                (top_role(ts) == BK_ROLE_SECT && top(ts)->level >= level)))
            st = bk_ts_tag_close(ts);
        if (!st && (st = bk_ts_tag_open(ts, BK_ROLE_SECT, b->lang, NULL, NULL)) == BK_OK &&
            top(ts))
            top(ts)->level = level;
    }
    ts->tags.mark = ts->tags.n;
    /* the title is the H1; the flow's top headings H2, and so on, so
     * that no level is skipped where the source skips none */
    if (ts->tags.hflow != ts->flow) {
        ts->tags.hflow = ts->flow;
        ts->tags.hmin = level;
        for (size_t i = 0; i < ts->flow->n; i++)
            if (is(&ts->flow->blocks[i], "heading") && ts->flow->blocks[i].level > 0 &&
                ts->flow->blocks[i].level < ts->tags.hmin)
                ts->tags.hmin = ts->flow->blocks[i].level;
    }
    int h = 2 + level - ts->tags.hmin;
    h = h < 2 ? 2 : h > 6 ? 6 : h;
    return st ? st : bk_ts_tag_open(ts, (bk_role)(BK_ROLE_H1 + h - 1), b->lang, NULL, b->id);
}

bk_status bk_ts_block_begin(typesetter *ts, const bk_block *b)
{
    bk_status st = BK_OK;
    if (!is(b, "item"))
        while (!st && ts->tags.n > ts->tags.base && top_role(ts) == BK_ROLE_L)
            st = bk_ts_tag_close(ts);
    if (st)
        return st;
    if (is(b, "title")) {
        if ((st = sections_end(ts, 0)) ||
            (st = bk_ts_tag_open(ts, BK_ROLE_PART, b->lang, NULL, NULL)))
            return st;
        ts->tags.mark = ts->tags.n;
        return bk_ts_tag_open(ts, BK_ROLE_H1, b->lang, NULL, b->id);
    }
    if (is(b, "heading"))
        return heading_open(ts, b);
    if (is(b, "item") && top_role(ts) != BK_ROLE_L && !ts->tags.artifact &&
        (st = bk_ts_tag_open(ts, BK_ROLE_L, NULL, NULL, NULL)))
        return st;
    ts->tags.mark = ts->tags.n;
    if (is(b, "item"))
        return bk_ts_tag_open(ts, BK_ROLE_LI, b->lang, NULL, b->id);
    if (b->table)
        return bk_ts_tag_open(ts, BK_ROLE_TABLE, b->lang, NULL, b->id);
    if (b->map || b->nevents || is(b, "timeline"))
        return figure_open(ts, b);
    if (is(b, "note") || is(b, "hatnote"))
        return bk_ts_tag_open(ts, BK_ROLE_NOTE, b->lang, NULL, b->id);
    return bk_ts_tag_open(ts, BK_ROLE_P, b->lang, NULL, b->id);
}

bk_status bk_ts_block_end(typesetter *ts)
{
    return bk_ts_tags_close_to(ts, ts->tags.mark);
}

bk_status bk_ts_item_part(typesetter *ts, int label)
{
    bk_status st = BK_OK;
    if (top_role(ts) == BK_ROLE_LBL && !label)
        st = bk_ts_tag_close(ts);
    if (!st && top_role(ts) == BK_ROLE_LI)
        st = bk_ts_tag_open(ts, label ? BK_ROLE_LBL : BK_ROLE_LBODY, NULL, NULL, NULL);
    return st;
}

/* ---- tables ---- */

/* The open Table's id, or NULL. */
static const char *table_id(typesetter *ts)
{
    for (size_t k = ts->tags.n; k-- > 0;)
        if (ts->tags.open[k].role == BK_ROLE_TABLE)
            return ts->tags.open[k].id;
    return NULL;
}

bk_status bk_ts_row_begin(typesetter *ts, size_t i, int head)
{
    const char *tid = table_id(ts);
    char id[120];
    bk_status st = BK_OK;
    bk_role group = head ? BK_ROLE_THEAD : BK_ROLE_TBODY;
    if (!tid) { /* the table was not opened (too deep): nor is the row */
        ts->tags.skipped++;
        return BK_OK;
    }
    while (!st && top_role(ts) != BK_ROLE_TABLE && top_role(ts) != group)
        st = bk_ts_tag_close(ts);
    snprintf(id, sizeof id, "%s.%s", tid, head ? "head" : "body");
    if (!st && top_role(ts) == BK_ROLE_TABLE)
        st = bk_ts_tag_open(ts, group, NULL, NULL, id);
    snprintf(id, sizeof id, "%s.r%zu", tid, i + 1);
    return st ? st : bk_ts_tag_open(ts, BK_ROLE_TR, NULL, NULL, id);
}

bk_status bk_ts_cell_begin(typesetter *ts, size_t i, size_t j, int head, const char *lang)
{
    const char *tid = table_id(ts);
    char id[120];
    if (!tid) {
        ts->tags.skipped++; /* closed by the caller like a cell */
        return BK_OK;
    }
    snprintf(id, sizeof id, "%s.r%zu.c%zu", tid, i + 1, j + 1);
    return bk_ts_tag_open(ts, head ? BK_ROLE_TH : BK_ROLE_TD, lang, NULL, id);
}

bk_status bk_ts_text_put_as(typesetter *ts, bk_role role, const char *style,
                            const char *lang, const char *text, int draw)
{
    bk_status st = draw ? bk_ts_tag_open(ts, role, lang, NULL, NULL) : BK_OK;
    if (!st)
        st = bk_ts_text_put(ts, style, lang, text, 0, draw);
    if (draw && !st)
        st = bk_ts_tag_close(ts);
    return st;
}
