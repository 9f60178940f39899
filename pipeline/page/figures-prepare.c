/* figures-prepare.c — maps loaded and timelines' dates parsed before
 * pagination (see figures-prepare.h). */
#include "figures-prepare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "lang.h"

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
    bk_map_store *store; /* the maps' data files, read once for all of them */
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
    if (!f->store && !(f->store = bk_map_store_new()))
        return oom(ctx);
    /* the definition file, with the program's schemas and catalogs */
    return bk_map_spec_load_with(ctx, f->store, b->map_root, ctx->datadir, &g->map);
}

/* How a source file of the data ("vi.xml#vi.p1") is named in the booklet's
 * language: the layout's string "source-name" in that language for the
 * source's language, else the file's language tag. A reference of the
 * data's bibliography comes named already ("Hertslet 1908"). */
static void source_name(const bk_layout *layout, const char *lang, const char *src,
                        bk_buf *out)
{
    if (!strstr(src, ".xml#")) {
        bk_buf_puts(out, src);
        return;
    }
    char tag[16];
    snprintf(tag, sizeof tag, "%.*s", (int)strcspn(src, ".#"), src);
    char key[48];
    snprintf(key, sizeof key, "source-name-%s", tag);
    const char *name = bk_layout_string(layout, key, lang);
    bk_buf_puts(out, name ? name : tag);
}

/* Where sources disagree, every source's date written out as the
 * alternative (a date that does not parse is left out; an interval
 * "from/to" is written "from – to"), then the printed note on the
 * disagreement. */
static void alt_dates(const bk_layout *layout, const char *lang, const bk_flow_event *fe,
                      bk_buf *alt)
{
    const bk_messages *m = bk_layout_messages(layout, lang);
    for (size_t k = 0; k < fe->ndates; k++) {
        bk_date d, d2 = {0};
        char from[16];
        const char *slash = strchr(fe->date_when[k], '/');
        snprintf(from, sizeof from, "%.*s",
                 (int)(slash ? (size_t)(slash - fe->date_when[k]) : strlen(fe->date_when[k])),
                 fe->date_when[k]);
        int seen = 0; /* a date given before: named there with all its evidence */
        for (size_t j = 0; j < k && !seen; j++)
            seen = strcmp(fe->date_when[j], fe->date_when[k]) == 0;
        if (seen || bk_date_parse(from, &d) || (slash && bk_date_parse(slash + 1, &d2)))
            continue;
        if (alt->len)
            bk_buf_puts(alt, "\u00a0· "); /* "·" never starts a line */
        bk_date_format(&d, m, alt);
        if (slash) {
            bk_buf_puts(alt, bk_lang_is_cjk(lang) ? "\u2014" : " \u2013 ");
            bk_date_format(&d2, m, alt);
        }
        bk_buf_puts(alt, " (");
        source_name(layout, lang, fe->date_source[k], alt);
        for (size_t j = k + 1; j < fe->ndates; j++)
            if (strcmp(fe->date_when[j], fe->date_when[k]) == 0) {
                bk_buf_puts(alt, bk_lang_is_cjk(lang) ? "\u3001" : ", ");
                source_name(layout, lang, fe->date_source[j], alt);
            }
        bk_buf_puts(alt, ")");
    }
    if (fe->note && *fe->note) {
        if (alt->len)
            bk_buf_puts(alt, bk_lang_is_cjk(lang) ? "\u3002" : ". ");
        bk_buf_puts(alt, fe->note);
    }
}

/* Where a date starts, as a number that orders dates (a month or a year
 * starts on its first day). */
static long date_key(const bk_date *d)
{
    return ((long)d->year * 13 + (d->month ? d->month : 1)) * 32 + (d->day ? d->day : 1);
}

/* The timeline's order, which its pages follow: the dates' starts, ties
 * in the data's order (the sources' narrative). A stable insertion sort:
 * a timeline holds at most BK_MAX_TIMELINE_EVENTS. */
static void events_order(bk_event *ev, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        bk_event e = ev[i];
        size_t j = i;
        while (j > 0 && date_key(&ev[j - 1].from) > date_key(&e.from)) {
            ev[j] = ev[j - 1];
            j--;
        }
        ev[j] = e;
    }
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
    events_order(g->ev, n);
    g->tl = (bk_timeline_data){
        .ev = g->ev, .n = n,
        .spec = {.lang = lang, .words = bk_layout_messages(layout, lang),
                 .title = bk_layout_string(layout, "timeline-title", lang),
                 .about = bk_layout_string(layout, "timeline-about", lang),
                 .legend = {bk_layout_string(layout, "timeline-legend-date", lang),
                            bk_layout_string(layout, "timeline-legend-range", lang),
                            bk_layout_string(layout, "timeline-legend-disputed", lang)}}};
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
    bk_map_store_free(f->store); /* after the specs that use it */
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
