/* typeset-figure.c — figures placed on pages: a timeline over as many
 * pages (or half pages) as its events need, a map on a page of its own.
 * Their data were read before pagination (figures-prepare.h). */
#include "typeset-private.h"

#include <stdio.h>
#include <string.h>

/* A figure's page and anchor, for the contents page, and its bookmark. */
static bk_status mark_figure(typesetter *ts, const bk_block *b)
{
    size_t bi = (size_t)(b - ts->flow->blocks);
    char name[64];
    if (bi >= ts->flow->n || !ts->block_page)
        return BK_OK;
    ts->block_page[bi] = ts->page_no;
    snprintf(name, sizeof name, "bk.block.%zu", bi);
    if (!bk_page_add_anchor(ts->page, b->id ? b->id : name, bk_ts_text_left(ts), ts->cursor))
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    /* in the outline as in the contents: top level, by its title */
    const char *title = bk_ts_figure_name(ts, b, name, sizeof name);
    return title ? bk_ts_bookmark(ts, title, 1) : BK_OK;
}

static bk_status not_prepared(typesetter *ts)
{
    return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                         "a figure was not prepared before pagination");
}

/* The trials of one timeline: their setter, and what they have set. */
typedef struct trials {
    bk_setter *setter;
    bk_timeline_memo *memo;
} trials;

/* One trial: do the first `count` events fit? */
static bk_status timeline_probe(typesetter *ts, trials *trial, const bk_timeline_spec *spec,
                                const bk_event *ev, size_t count, double h, int *fits)
{
    *fits = 0;
    return bk_timeline_fits(ts->ctx, trial->setter, spec, ev, count, bk_ts_text_left(ts),
                            ts->cursor - h, bk_ts_measure(ts), h, trial->memo, fits);
}

/* How many of the n events (n >= 1) fit the rectangle of height h at the
 * cursor: the most the timeline module draws there. Each trial sets the
 * events it is given, so the search stays near what fitted on the
 * previous page (pages hold about as many events): it gallops from there
 * (last_fit, then 1, 2, 4... more or fewer) and bisects the last step. A
 * bisection over all the remaining events made each page cost their
 * number, and a long timeline quadratic (10 000 events: 70 s). Without a
 * previous page it tries everything first. *fit 0: not even one. */
static bk_status timeline_fit(typesetter *ts, trials *trial, const bk_timeline_spec *spec,
                              const bk_event *ev, size_t n, size_t last_fit, double h,
                              size_t *fit)
{
    size_t lo = 1, hi = n; /* the answer is lo - 1 or more, hi or less */
    int fits = 0;
    bk_status st = BK_OK;
    *fit = 0;
    if (last_fit && last_fit < n) {
        size_t p = last_fit, step = 1;
        if ((st = timeline_probe(ts, trial, spec, ev, p, h, &fits)))
            return st; /* an input error, not a matter of room */
        int up = fits;
        if (up)
            lo = p + 1, *fit = p;
        else
            hi = p - 1;
        while (lo <= hi) {
            p = up ? (p + step <= hi ? p + step : hi) : (p > lo + step ? p - step : lo);
            step *= 2;
            if ((st = timeline_probe(ts, trial, spec, ev, p, h, &fits)))
                return st;
            if (fits)
                lo = p + 1, *fit = p;
            else
                hi = p - 1;
            if (fits != up)
                break; /* the answer is between the last two probes */
        }
    } else {
        if ((st = timeline_probe(ts, trial, spec, ev, n, h, &fits)))
            return st;
        if (fits) {
            *fit = n;
            return BK_OK;
        }
        hi = n - 1;
    }
    while (lo <= hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((st = timeline_probe(ts, trial, spec, ev, mid, h, &fits)))
            return st;
        if (fits)
            *fit = mid, lo = mid + 1;
        else
            hi = mid - 1;
    }
    return BK_OK;
}

/* Draws the `fit` events the trials found room for. The drawing sets
 * what the trial of the same events and rectangle set: from the trials'
 * memo, with their setter, counting into the report as the typesetter's
 * setter would, unless a trial said anything (a message, a face joined):
 * then the typesetter's setter sets it all again, to say it again. */
static bk_status timeline_draw(typesetter *ts, trials *trial, const bk_timeline_spec *spec,
                               const bk_event *ev, size_t fit, double h, int quiet,
                               bk_typeset_stats *trial_stats)
{
    if (!quiet)
        return bk_timeline_draw(ts->ctx, ts->setter, spec, ev, fit, ts->page,
                                bk_ts_text_left(ts), ts->cursor - h, bk_ts_measure(ts), h);
    bk_timeline_memo_count(trial->memo, trial->setter, ts->stats);
    bk_status st = bk_timeline_draw_memo(ts->ctx, trial->setter, spec, ev, fit, ts->page,
                                         bk_ts_text_left(ts), ts->cursor - h,
                                         bk_ts_measure(ts), h, trial->memo);
    bk_timeline_memo_count(trial->memo, trial->setter, trial_stats);
    return st;
}

/* Steps: a page (or half a page) of room -> as many events as fit there
 * (the timeline module says when its labels need more room than the
 * rectangle has) -> drawn, the rest continuing on the next page, without
 * the title. Trials set text with a setter of their own, so the report
 * counts only what is drawn. */
bk_status bk_ts_timeline_place(typesetter *ts, const bk_block *b)
{
    const bk_timeline_data *tl = bk_figures_timeline(ts->figures, b);
    if (!tl)
        return not_prepared(ts);
    bk_status st = BK_OK;
    bk_timeline_spec spec = tl->spec;
    double area = ts->geom->height - ts->geom->top - ts->geom->bottom;
    double h = b->half_page ? area / 2 : area;
    bk_typeset_stats trial_stats = {0};
    /* the trials' memo: each sets the events of the one before, and more */
    trials trial = {bk_setter_new(ts->ctx, ts->layout, ts->fonts, ts->flow->file,
                                  &trial_stats),
                    bk_timeline_memo_new()};
    if (!trial.setter || !trial.memo) {
        bk_setter_free(trial.setter);
        bk_timeline_memo_free(trial.memo);
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    bk_setter_hyphenation_from(trial.setter, ts->setter);
    bk_timeline_memo_count(trial.memo, trial.setter, &trial_stats);
    int quiet = 1; /* no trial said anything yet */
    size_t last_fit = 0, fit = 0;
    for (size_t done_ev = 0; done_ev < tl->n && !st; done_ev += fit) {
        if (!bk_ts_at_page_top(ts) &&
            (!b->half_page || ts->cursor - h < ts->geom->bottom - 0.01) &&
            (st = bk_ts_page_new(ts)))
            break;
        if (done_ev == 0 && (st = mark_figure(ts, b)))
            break;
        size_t said = bk_diag_count(ts->ctx->diag), faces = bk_fontset_count(ts->fonts);
        if ((st = timeline_fit(ts, &trial, &spec, tl->ev + done_ev, tl->n - done_ev, last_fit,
                               h, &fit)))
            break;
        quiet &= bk_diag_count(ts->ctx->diag) == said && bk_fontset_count(ts->fonts) == faces;
        if (!fit) {
            st = bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file, b->line, 0,
                               "the timeline cannot place even one event in %.0f by %.0f pt",
                               bk_ts_measure(ts), h);
            break;
        }
        last_fit = fit;
        st = timeline_draw(ts, &trial, &spec, tl->ev + done_ev, fit, h, quiet, &trial_stats);
        ts->cursor -= h;
        spec.title = NULL; /* later pages do not repeat the title or the legend */
        spec.legend[0] = spec.legend[1] = spec.legend[2] = NULL;
    }
    bk_timeline_memo_free(trial.memo);
    bk_setter_free(trial.setter);
    return st;
}

/* A map on a page of its own (the maps need a whole page: on half a page
 * their insets cover places), drawn by the map module into the text area. */
bk_status bk_ts_map_place(typesetter *ts, const bk_block *b)
{
    const bk_map_spec *spec = bk_figures_map(ts->figures, b);
    bk_map_stats ms;
    bk_status st = spec ? BK_OK : not_prepared(ts);
    double area = ts->geom->height - ts->geom->top - ts->geom->bottom;
    if (!st && !bk_ts_at_page_top(ts))
        st = bk_ts_page_new(ts);
    if (!st)
        st = mark_figure(ts, b);
    if (!st)
        st = bk_map_draw(ts->ctx, ts->setter, spec, ts->page, bk_ts_text_left(ts),
                         ts->geom->bottom, bk_ts_measure(ts), area, ts->flow->lang, &ms);
    if (!st && ms.unplaced) {
        /* a name that found no room is a fault of the page, like a
         * missing glyph: the report counts it */
        ts->stats->map_unplaced += ms.unplaced;
    }
    if (!st)
        ts->stats->map_crossings += ms.crossings;
    ts->cursor = ts->geom->bottom;
    return st;
}

