/* paragraph-breaks.c — the line breaker's answers for a paragraph's
 * items: the page search sets a paragraph again with looseness -1 and
 * +1 (typeset-loose.c), and the breaker answers both from one run of its
 * passes (bk_lb_break_targets), so the other sign's breaks are kept with
 * the paragraph's kept work for when it is asked; and the bounds on the
 * lines a setting will have, so that a setting with too many or too few
 * is not set at all (bk_setter_lines_needed): the fewest lines the items
 * fit in, before breaking, and the lines that certainly draw, after. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paragraph-private.h"

/* Breaks of a kept work: the items, widths and parameters (looseness
 * included) they were found for, and the lines and statistics
 * bk_lb_break gives with those. A kept work's items and widths never
 * change, but the key holds them all, so that an entry is only ever taken
 * for the very call it answers. */
struct bk_para_breaks {
    struct bk_para_breaks *next;
    const bk_lb_item *items;
    size_t nitems;
    double widths[2];
    bk_lb_params prm;
    bk_lb_line *lines;
    size_t nlines;
    bk_lb_stats stats;
};

void bk_para_breaks_free(bk_para_breaks *b)
{
    while (b) {
        bk_para_breaks *next = b->next;
        free(b->lines);
        free(b);
        b = next;
    }
}

static const bk_para_breaks *breaks_find(const work *kept, const bk_lb_item *items,
                                         size_t nitems, const double *widths,
                                         const bk_lb_params *prm)
{
    for (const bk_para_breaks *b = kept->breaks; b; b = b->next)
        if (b->items == items && b->nitems == nitems && b->widths[0] == widths[0] &&
            b->widths[1] == widths[1] && bk_lb_params_equal(&b->prm, prm))
            return b;
    return NULL;
}

/* Keeps target t's answer with the kept work (its lines move there). */
static int breaks_add(work *kept, const bk_lb_item *items, size_t nitems,
                      const double *widths, const bk_lb_params *prm, bk_lb_target *t)
{
    bk_para_breaks *b = malloc(sizeof(*b));
    if (!b)
        return 0;
    *b = (bk_para_breaks){.next = kept->breaks, .items = items, .nitems = nitems,
                          .widths = {widths[0], widths[1]}, .prm = *prm,
                          .lines = t->lines, .nlines = t->nlines, .stats = t->stats};
    b->prm.looseness = t->looseness;
    t->lines = NULL;
    kept->breaks = b;
    return 1;
}

/* Steps: the kept answer when there is one; else one run for the asked
 * looseness and, where its passes decide it too, the other sign; both
 * kept; the asked one copied out. */
static bk_status break_kept(bk_setter *s, work *kept, const work *w, const double *widths,
                            const bk_lb_params *prm, bk_lb_line **lb, size_t *nlb,
                            bk_lb_stats *ls)
{
    bk_status st = BK_OK;
    const bk_para_breaks *b = breaks_find(kept, w->items, w->nitems, widths, prm);
    if (!b) {
        bk_lb_target t[2] = {{.looseness = prm->looseness, .required = 1},
                             {.looseness = -prm->looseness}};
        if ((st = bk_lb_break_sums(s->ctx, s->lb_scratch, &kept->lb_sums, w->items,
                                   w->nitems, widths, 2, prm, t, 2)))
            return st;
        for (size_t i = 0; i < 2 && !st; i++)
            if (t[i].answered && !breaks_add(kept, w->items, w->nitems, widths, prm, &t[i]))
                st = bk_para_oom(s);
        free(t[0].lines);
        free(t[1].lines);
        if (st)
            return st;
        if (!(b = breaks_find(kept, w->items, w->nitems, widths, prm)))
            return bk_diag_error(s->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "line breaking: the breaks asked for were not kept");
    }
    *lb = malloc((b->nlines ? b->nlines : 1) * sizeof(**lb));
    if (!*lb)
        return bk_para_oom(s);
    if (b->nlines)
        memcpy(*lb, b->lines, b->nlines * sizeof(**lb));
    *nlb = b->nlines;
    *ls = b->stats;
    return BK_OK;
}

bk_status bk_para_break(bk_setter *s, work *kept, const work *w, bk_lb_sums **sums,
                        const double *widths, const bk_lb_params *prm, bk_lb_line **lb,
                        size_t *nlb, bk_lb_stats *ls)
{
    *lb = NULL;
    *nlb = 0;
    if (kept && prm->looseness != 0)
        return break_kept(s, kept, w, widths, prm, lb, nlb, ls);
    /* bk_lb_break_with's answer, with the sums kept */
    bk_lb_target t = {.looseness = prm->looseness, .required = 1};
    bk_status st = bk_lb_break_sums(s->ctx, s->lb_scratch, sums, w->items, w->nitems,
                                    widths, 2, prm, &t, 1);
    if (st)
        return st;
    *lb = t.lines;
    *nlb = t.nlines;
    *ls = t.stats;
    return BK_OK;
}

/* Whether line l of w's items certainly sets a glyph: a box of it has
 * one that is drawn (bk_para_lines_set drops a line without glyphs, and
 * sets every drawn glyph of the boxes of a line). */
static int line_certain(const work *w, const bk_lb_line *l)
{
    size_t end = l->end < w->nitems ? l->end : w->nitems;
    for (size_t i = l->start; i < end; i++)
        if (w->items[i].kind == BK_LB_BOX)
            for (size_t k = w->ig0[i]; k < w->ig1[i]; k++)
                if (!w->g[k].hidden)
                    return 1;
    return 0;
}

int bk_para_lines_may_count(const work *w, const bk_lb_line *lb, size_t n, size_t need)
{
    if (need > n)
        return 0; /* a setting has at most a line per broken line */
    size_t certain = 0;
    for (size_t i = 0; i < n && certain < need + 1; i++)
        certain += line_certain(w, &lb[i]);
    return certain <= need;
}

/* Whether box i draws a glyph (bk_para_lines_set keeps a line that does). */
static int box_drawn(const work *w, size_t i)
{
    for (size_t k = w->ig0[i]; k < w->ig1[i]; k++)
        if (!w->g[k].hidden)
            return 1;
    return 0;
}

/* Whether the bound below holds for w's items [0, n): every box draws a
 * glyph, no forced break comes before the last item, and no item is
 * wider less its shrink than nothing (so that a line that starts later
 * and ends at the same break is never wider at full shrink). */
static int fit_bound_holds(const work *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const bk_lb_item *e = &w->items[i];
        if (e->kind == BK_LB_BOX && !box_drawn(w, i))
            return 0;
        if (e->kind == BK_LB_PENALTY && e->penalty <= -BK_LB_INFINITY && i + 1 < n)
            return 0; /* its empty lines would not be set */
        if (e->kind != BK_LB_PENALTY &&
            !(isfinite(e->shrink) && e->width - e->shrink >= 0 && e->width >= 0))
            return 0;
        if (e->kind == BK_LB_PENALTY && !(e->width >= 0))
            return 0;
    }
    return 1;
}

/* The fewest lines into which any breaks set the items with no line wider
 * than its measure at full shrink: the greedy setting, each line ending
 * at the last legal break (TeX's: glue after a box, a penalty below
 * infinity) where its natural width less all its shrink, and the width of
 * a penalty it ends at, fits. As a line that starts later is never wider,
 * the greedy i-th break is never before the i-th of any such setting, so
 * none has fewer lines; the search stops past `most`. SIZE_MAX: none at
 * all (some line cannot fit). */
static size_t fewest_lines(const work *w, size_t n, const double *widths, size_t most)
{
    const bk_lb_item *it = w->items;
    size_t start = 0, lines = 0;
    while (lines <= most) {
        double room = (lines ? widths[1] : widths[0]) + 0.01, acc = 0;
        size_t last = SIZE_MAX;
        lines++;
        for (size_t i = start; i < n; i++) {
            const bk_lb_item *e = &it[i];
            int legal = e->kind == BK_LB_GLUE ? i > 0 && it[i - 1].kind == BK_LB_BOX
                        : e->kind == BK_LB_PENALTY ? e->penalty < BK_LB_INFINITY
                                                   : 0;
            if (legal && acc + (e->kind == BK_LB_PENALTY ? e->width : 0) <= room)
                last = i;
            if (e->kind != BK_LB_PENALTY)
                acc += e->width - e->shrink;
            if (acc > room)
                break;
        }
        if (acc <= room)
            return lines; /* the rest fits on this line */
        if (last == SIZE_MAX)
            return SIZE_MAX;
        start = last;
        while (start < n && it[start].kind != BK_LB_BOX)
            start++; /* what the break discards */
        if (start >= n)
            return lines; /* (only discardable items left: no line) */
    }
    return lines;
}

int bk_para_lines_may_fit(const work *w, const double *widths, size_t need)
{
    size_t n = w->nitems;
    while (n > 0 && w->items[n - 1].kind == BK_LB_GLUE)
        n--; /* (the breaker drops trailing glue) */
    if (need == 0 || n == 0)
        return 1;
    /* (the greedy setting first: where it fits, the answer is 1 whether
     * the bound holds or not, and checking that costs more) */
    size_t fewest = fewest_lines(w, n, widths, need);
    if (fewest != SIZE_MAX && fewest <= need)
        return 1;
    return !fit_bound_holds(w, n);
}
