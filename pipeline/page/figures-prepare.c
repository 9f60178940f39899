/* figures-prepare.c — maps loaded and timelines' dates parsed before
 * pagination (see figures-prepare.h). */
#include "figures-prepare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

typedef struct figure {
    const bk_block *block;
    bk_map_spec *map;  /* maps: the spec, shared by blocks naming one map */
    int owns_map;      /* this entry frees it */
    bk_timeline_data tl; /* timelines */
    bk_event *ev;
    bk_buf *alts;      /* per event: the disputed dates as text */
} figure;

struct bk_figures {
    figure *fig;
    size_t n, cap;
};

static bk_status oom(bk_ctx *ctx)
{
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

static figure *figure_add(bk_figures *f, const bk_block *b)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 8;
        figure *nf = realloc(f->fig, cap * sizeof(*nf));
        if (!nf)
            return NULL;
        f->fig = nf;
        f->cap = cap;
    }
    figure *g = &f->fig[f->n++];
    memset(g, 0, sizeof(*g));
    g->block = b;
    return g;
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* A map is loaded once however many blocks show it. */
static bk_status map_prepare(bk_ctx *ctx, bk_figures *f, figure *g)
{
    const bk_block *b = g->block;
    for (size_t i = 0; i + 1 < f->n; i++)
        if (f->fig[i].map && same(f->fig[i].block->map, b->map) &&
            same(f->fig[i].block->map_root, b->map_root)) {
            g->map = f->fig[i].map;
            return BK_OK;
        }
    g->owns_map = 1;
    /* the definition file, with the program's schemas and catalogs */
    return bk_map_spec_load(ctx, b->map_root, ctx->datadir, &g->map);
}

/* How a source file of the data ("vi.xml#vi.p1") is named in the booklet's
 * language: the layout's string "source-name" in that language for the
 * source's language, else the file's language tag. */
static void source_name(const bk_layout *layout, const char *lang, const char *src,
                        bk_buf *out)
{
    char tag[16];
    snprintf(tag, sizeof tag, "%.*s", (int)strcspn(src, ".#"), src);
    char key[48];
    snprintf(key, sizeof key, "source-name-%s", tag);
    const char *name = bk_layout_string(layout, key, lang);
    bk_buf_puts(out, name ? name : tag);
}

/* Where sources disagree, every source's date written out as the
 * alternative (a date that does not parse is left out). */
static void alt_dates(const bk_layout *layout, const char *lang, const bk_flow_event *fe,
                      bk_buf *alt)
{
    for (size_t k = 0; k < fe->ndates; k++) {
        bk_date d;
        if (bk_date_parse(fe->date_when[k], &d))
            continue;
        if (alt->len)
            bk_buf_puts(alt, "\u00a0· "); /* "·" never starts a line */
        bk_date_format(&d, bk_layout_messages(layout, lang), alt);
        bk_buf_puts(alt, " (");
        source_name(layout, lang, fe->date_source[k], alt);
        bk_buf_puts(alt, ")");
    }
}

/* Where a date starts, as a number that orders dates (a month or a year
 * starts on its first day). */
static long date_key(const bk_date *d)
{
    return ((long)d->year * 13 + (d->month ? d->month : 1)) * 32 + (d->day ? d->day : 1);
}

/* The timeline speaks one language throughout: its block's (the part's
 * lang, else the flow's), for the title, the dates, the labels compose
 * picked and the names of the sources: never a title in one language and
 * labels in another. */
static bk_status timeline_prepare(bk_ctx *ctx, const bk_layout *layout,
                                  const bk_flow *flow, figure *g)
{
    const bk_block *b = g->block;
    const char *lang = b->lang ? b->lang : flow->lang;
    size_t n = b->nevents;
    if (n > BK_MAX_TIMELINE_EVENTS)
        return bk_diag_error(ctx->diag, BK_EINPUT, flow->file, b->line, 0,
                             "a timeline of %zu events: the limit is %d; split the "
                             "list of events",
                             n, BK_MAX_TIMELINE_EVENTS);
    g->ev = calloc(n ? n : 1, sizeof(*g->ev));
    g->alts = calloc(n ? n : 1, sizeof(bk_buf));
    if (!g->ev || !g->alts)
        return oom(ctx);
    for (size_t i = 0; i < n; i++) {
        const bk_flow_event *fe = &b->events[i];
        const char *bad = bk_date_parse(fe->from, &g->ev[i].from) ? fe->from
                          : fe->to && bk_date_parse(fe->to, &g->ev[i].to) ? fe->to
                                                                            : NULL;
        if (bad)
            return bk_diag_error(ctx->diag, BK_EINPUT, flow->file, b->line, 0,
                                 "event \"%s\" has a date that is not ISO (%s)", fe->label,
                                 bad);
        if (fe->to && date_key(&g->ev[i].to) < date_key(&g->ev[i].from))
            return bk_diag_error(ctx->diag, BK_EINPUT, flow->file, b->line, 0,
                                 "event \"%s\" ends before it begins (%s to %s)", fe->label,
                                 fe->from, fe->to);
        g->ev[i].label = fe->label;
        g->ev[i].uncertain = fe->uncertain;
        alt_dates(layout, lang, fe, &g->alts[i]);
        g->ev[i].alt = g->alts[i].data;
    }
    g->tl = (bk_timeline_data){
        .ev = g->ev, .n = n,
        .spec = {.lang = lang, .words = bk_layout_messages(layout, lang),
                 .title = bk_layout_string(layout, "timeline-title", lang)}};
    if (b->detail_from && b->detail_to &&
        (bk_date_parse(b->detail_from, &g->tl.spec.detail_from) ||
         bk_date_parse(b->detail_to, &g->tl.spec.detail_to)))
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "timeline detail-from/detail-to must be ISO dates");
    return BK_OK;
}

bk_status bk_figures_prepare(bk_ctx *ctx, const bk_layout *layout,
                             const bk_flow *const *flows, size_t n, bk_figures **out)
{
    bk_status st = BK_OK;
    bk_figures *f = calloc(1, sizeof(*f));
    *out = NULL;
    if (!f)
        return oom(ctx);
    for (size_t k = 0; k < n && !st; k++) {
        for (size_t i = 0; flows[k] && i < flows[k]->n && !st; i++) {
            const bk_block *b = &flows[k]->blocks[i];
            int timeline = !b->map && strcmp(b->style, "timeline") == 0;
            if (!b->map && !timeline)
                continue;
            figure *g = figure_add(f, b);
            if (!g)
                st = oom(ctx);
            else
                st = b->map ? map_prepare(ctx, f, g)
                            : timeline_prepare(ctx, layout, flows[k], g);
        }
    }
    if (st) {
        bk_figures_free(f);
        return st;
    }
    *out = f;
    return BK_OK;
}

void bk_figures_free(bk_figures *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        figure *g = &f->fig[i];
        if (g->owns_map)
            bk_map_spec_free(g->map);
        for (size_t k = 0; g->alts && k < g->block->nevents; k++)
            bk_buf_release(&g->alts[k]);
        free(g->alts);
        free(g->ev);
    }
    free(f->fig);
    free(f);
}

static const figure *figure_find(const bk_figures *f, const bk_block *b)
{
    for (size_t i = 0; f && i < f->n; i++)
        if (f->fig[i].block == b)
            return &f->fig[i];
    return NULL;
}

const bk_timeline_data *bk_figures_timeline(const bk_figures *f, const bk_block *b)
{
    const figure *g = figure_find(f, b);
    return g && !g->block->map ? &g->tl : NULL;
}

const bk_map_spec *bk_figures_map(const bk_figures *f, const bk_block *b)
{
    const figure *g = figure_find(f, b);
    return g ? g->map : NULL;
}
