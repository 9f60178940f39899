/* linebreak-run.c — which passes a paragraph's breaking runs, and the
 * breaks read back from them (see linebreak.h; the passes themselves are
 * linebreak.c's): TeX's order of passes, for one looseness or for
 * several at once (a pass with a looseness other than 0 runs the same
 * whatever the looseness: only the breaks chosen at its end differ), and
 * the lines with their statistics. */
#include "linebreak-private.h"

#include <stdlib.h>
#include <string.h>

/* What a target waits for next: TeX's order of passes (G_RERUN1: pass 1
 * again, after a pass 2 that failed where pass 1 did not). */
enum { G_DONE, G_PRE, G_PASS1, G_PASS2, G_RERUN1, G_PASS3 };

/* Targets a call holds without allocating their states. */
#define LB_FEW_TARGETS 4

/* After a pass every active node ends the paragraph. The cheapest wins;
 * with looseness `want`, TeX's rule: the line count nearest to the asked
 * one, then the cheapest. Returns the node; *met says whether the
 * looseness was met. */
static size_t choose(const lb *L, int want, int *met)
{
    size_t best = NONE;
    for (size_t k = L->head; k != NONE; k = L->nodes[k].next)
        if (best == NONE || L->nodes[k].total < L->nodes[best].total)
            best = k;
    *met = 1;
    if (want == 0 || best == NONE)
        return best;
    long best_line = (long)L->nodes[best].line, actual = 0;
    double fewest = L->nodes[best].total;
    for (size_t k = L->head; k != NONE; k = L->nodes[k].next) {
        long diff = (long)L->nodes[k].line - best_line;
        if ((diff < actual && want <= diff) || (diff > actual && want >= diff)) {
            best = k;
            actual = diff;
            fewest = L->nodes[k].total;
        } else if (diff == actual && L->nodes[k].total < fewest) {
            best = k;
            fewest = L->nodes[k].total;
        }
    }
    *met = actual == want;
    return best;
}

/* The looseness target t asks of the pass just run: its own, but 0 in
 * the final pass (which could meet any with lines no one wants). */
static int want_of(const lb *L, const bk_lb_target *t)
{
    return L->looseness ? t->looseness : 0;
}

static bk_status check_input(bk_diag *dg, const double *widths, size_t nwidths,
                             const bk_lb_params *p)
{
    if (!widths || nwidths == 0)
        return bk_diag_error(dg, BK_EINPUT, NULL, 0, 0,
                             "line breaking: no line width given");
    for (size_t i = 0; i < nwidths; i++)
        if (!(widths[i] > 0) || !isfinite(widths[i]))
            return bk_diag_error(dg, BK_EINPUT, NULL, 0, 0,
                                 "line breaking: the width of line %zu is "
                                 "%gpt; lines must be wider than 0pt "
                                 "(check the measure, margins and indents)",
                                 i + 1, widths[i]);
    if (!(p->tolerance >= 0) || isnan(p->pretolerance) || !(p->emergency_stretch >= 0) ||
        !isfinite(p->emergency_stretch) || !isfinite(p->line_penalty) ||
        !isfinite(p->flagged_demerits) || !isfinite(p->fitness_demerits) ||
        p->fitness_demerits < 0 ||
        p->max_consecutive_hyphens < 0 || p->box_levels < 0 ||
        p->box_levels > BK_LB_MAX_LEVELS)
        return bk_diag_error(dg, BK_EINPUT, NULL, 0, 0,
                             "line breaking: bad parameters (tolerance %g, "
                             "emergency stretch %g, hyphens in a row %d): "
                             "they must be finite, and tolerance, emergency "
                             "stretch, fitness demerits and hyphens in a "
                             "row not negative",
                             p->tolerance, p->emergency_stretch,
                             p->max_consecutive_hyphens);
    return BK_OK;
}

/* The first malformed item of items[0..n), as an error (BK_OK: none;
 * lb_item_ok says the same of each item; bk_lb_prepare tells whether
 * there may be one while it reads the items, and only then is this run). */
static bk_status check_items(bk_diag *dg, const bk_lb_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const bk_lb_item *e = &items[i];
        const char *why = NULL;
        if (e->kind != BK_LB_BOX && e->kind != BK_LB_GLUE &&
            e->kind != BK_LB_PENALTY)
            why = "unknown kind";
        else if (!isfinite(e->width))
            why = "width is not finite";
        else if (e->kind == BK_LB_GLUE &&
                 (!(e->stretch >= 0) || !(e->shrink >= 0) || !isfinite(e->shrink)))
            why = "glue stretch and shrink must be >= 0 (shrink finite)";
        else if (e->kind == BK_LB_BOX &&
                 (!(e->stretch >= 0) || !isfinite(e->stretch) || !(e->shrink >= 0) ||
                  !isfinite(e->shrink)))
            why = "box stretch and shrink must be finite and >= 0";
        else if (e->kind == BK_LB_PENALTY && isnan(e->penalty))
            why = "penalty is not a number";
        if (why)
            return bk_diag_error(dg, BK_EINTERNAL, NULL, 0, 0,
                                 "line breaking: item %zu: %s", i, why);
    }
    return BK_OK;
}


static void fill_stats(const lb *L, const bk_lb_line *out, const int *fil,
                       size_t nl, bk_lb_stats *s)
{
    size_t counted = 0, run = 0;
    double sum = 0;
    for (size_t i = 0; i < nl; i++) {
        const bk_lb_line *ln = &out[i];
        run = ln->hyphenated ? run + 1 : 0;
        if (ln->hyphenated)
            s->hyphenated++;
        if (run > s->max_hyphen_run)
            s->max_hyphen_run = run;
        if (ln->ratio < -1) {
            s->overfull++;
            continue;
        }
        if (fil[i])
            continue;
        double a = fabs(ln->ratio);
        if (L->p->tolerance < BK_LB_INFINITY && lb_badness(ln->ratio) > L->p->tolerance)
            s->beyond_tolerance++;
        if (a > s->max_ratio)
            s->max_ratio = a;
        sum += a;
        counted++;
    }
    s->mean_ratio = counted ? sum / (double)counted : 0;
}


/* The lines from the chain of active nodes ending at `best`, in order;
 * fil[i] says whether line i ends with infinite stretch (in the scratch:
 * read by the caller before the next answer). */
static bk_status lb_collect(lb *L, size_t best, bk_lb_line **lines, int **fils,
                            size_t *nlines)
{
    size_t nl = 0;
    for (size_t k = best; L->nodes[k].prev != NONE; k = L->nodes[k].prev)
        nl++;
    bk_lb_scratch *scr = L->scr;
    if (nl > scr->capfil) {
        int *nf = realloc(scr->fil, nl * sizeof(*nf));
        if (!nf)
            return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "line breaking: out of memory");
        scr->fil = nf;
        scr->capfil = nl;
    }
    int *fil = scr->fil;
    bk_lb_line *out = malloc((nl ? nl : 1) * sizeof(*out));
    if (!out)
        return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                             "line breaking: out of memory");
    size_t i = nl;
    for (size_t k = best; L->nodes[k].prev != NONE; k = L->nodes[k].prev) {
        const lb_node *nd = &L->nodes[k], *pr = &L->nodes[nd->prev];
        const bk_lb_item *e = lb_item(L, nd->pos);
        bk_lb_line *ln = &out[--i];
        /* The finish lies beyond the caller's items: clamp to them. */
        ln->start = pr->start < L->nout ? pr->start : L->nout;
        ln->end = nd->pos < L->nout ? nd->pos : L->nout;
        ln->ratio = nd->ratio;
        ln->hyphenated = e->kind == BK_LB_PENALTY && e->flagged;
        ln->fitness = nd->fitness;
        ln->level = L->nlev ? nd->level : 0;
        fil[i] = nd->fil;
    }
    *lines = out;
    *fils = fil;
    *nlines = nl;
    return BK_OK;
}


/* Target t's lines and statistics from the pass just run, which ended
 * at node best. */
static bk_status answer(lb *L, bk_lb_target *t, size_t best, int pass)
{
    int *fil = NULL;
    bk_status st = lb_collect(L, best, &t->lines, &fil, &t->nlines);
    if (st)
        return st;
    memset(&t->stats, 0, sizeof(t->stats));
    t->stats.pass = pass > 0 ? pass : 1;
    t->stats.pretolerance = pass == 0;
    t->stats.demerits = L->nodes[best].total;
    fill_stats(L, t->lines, fil, t->nlines, &t->stats);
    t->answered = 1;
    return BK_OK;
}

/* Target t not met within the tolerance (bk_lb_params.looseness_within):
 * answered without lines. */
static void unmet(bk_lb_target *t)
{
    memset(&t->stats, 0, sizeof(t->stats));
    t->stats.pass = 1;
    t->stats.unmet = 1;
    t->answered = 1;
}

/* Whether a required target waits for `stage`: only then is it run. */
static int waited(const bk_lb_target *t, const int *next, size_t nt, int stage)
{
    for (size_t i = 0; i < nt; i++)
        if (next[i] == stage && t[i].required)
            return 1;
    return 0;
}

/* The pretolerance pass, when asked for: a target that it meets is
 * answered; the others wait for pass 1. */
static bk_status stage_pre(lb *L, bk_lb_target *t, int *next, size_t nt)
{
    int ok = 0, met = 0;
    bk_status st = bk_lb_pass_run(L, 0, &ok);
    for (size_t i = 0; !st && i < nt; i++) {
        if (next[i] != G_PRE)
            continue;
        next[i] = G_PASS1;
        size_t best = ok ? choose(L, want_of(L, &t[i]), &met) : NONE;
        if (ok && met && !(st = answer(L, &t[i], best, 0)))
            next[i] = G_DONE;
    }
    return st;
}

/* Pass 1: a target that it meets (or any, without emergency stretch) is
 * answered; the others wait for pass 2 (pass 3 when it failed and there
 * is no pass 2). *ok1: whether it found breaks. */
static bk_status stage_pass1(lb *L, bk_lb_target *t, int *next, size_t nt, int *ok1)
{
    int ok = 0, met = 0;
    bk_status st = bk_lb_pass_run(L, 1, &ok);
    *ok1 = ok;
    for (size_t i = 0; !st && i < nt; i++) {
        if (next[i] != G_PASS1)
            continue;
        met = 0;
        size_t best = ok ? choose(L, want_of(L, &t[i]), &met) : NONE;
        if ((!ok || !met) && L->p->looseness_within && want_of(L, &t[i])) {
            unmet(&t[i]);
            next[i] = G_DONE;
        } else if ((!ok || !met) && L->p->emergency_stretch > 0)
            next[i] = G_PASS2;
        else if (!ok)
            next[i] = G_PASS3;
        else if (!(st = answer(L, &t[i], best, 1)))
            next[i] = G_DONE;
    }
    return st;
}

/* Pass `pass` (2, pass 1 again, or 3) for the targets waiting at
 * `stage`: answered when it finds breaks; else, after pass 2, they wait
 * for pass 1 again when pass 1 found breaks (it cannot fail where pass 2
 * does, but if node eviction ever made it so, pass 1's answer stands),
 * else for pass 3, which never fails. */
static bk_status stage_run(lb *L, bk_lb_target *t, int *next, size_t nt, int stage,
                           int pass, int ok1)
{
    int ok = 0, met = 0;
    bk_status st = bk_lb_pass_run(L, pass, &ok);
    for (size_t i = 0; !st && i < nt; i++) {
        if (next[i] != stage)
            continue;
        size_t best = ok ? choose(L, want_of(L, &t[i]), &met) : NONE;
        if (best != NONE) {
            if (!(st = answer(L, &t[i], best, pass)))
                next[i] = G_DONE;
        } else if (pass == 3) {
            st = bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                               "line breaking: the final pass found no breaks");
        } else {
            next[i] = stage == G_PASS2 && ok1 ? G_RERUN1 : G_PASS3;
        }
    }
    return st;
}

/* Steps: every target waits for the pretolerance pass when asked for,
 * else pass 1; each stage in TeX's order runs when a required target
 * waits for it, and moves on every target that waits for it. A target
 * left waiting for a stage that did not run is not answered. */
static bk_status lb_run_targets(lb *L, bk_lb_target *t, int *next, size_t nt)
{
    bk_status st = BK_OK;
    int ok1 = 0;
    for (size_t i = 0; i < nt; i++)
        next[i] = L->p->pretolerance >= 0 ? G_PRE : G_PASS1;
    if (waited(t, next, nt, G_PRE) && (st = stage_pre(L, t, next, nt)))
        return st;
    if (waited(t, next, nt, G_PASS1) && (st = stage_pass1(L, t, next, nt, &ok1)))
        return st;
    if (waited(t, next, nt, G_PASS2) && (st = stage_run(L, t, next, nt, G_PASS2, 2, ok1)))
        return st;
    if (waited(t, next, nt, G_RERUN1) && (st = stage_run(L, t, next, nt, G_RERUN1, 1, ok1)))
        return st;
    if (waited(t, next, nt, G_PASS3))
        st = stage_run(L, t, next, nt, G_PASS3, 3, ok1);
    return st;
}

bk_lb_scratch *bk_lb_scratch_new(void)
{
    return calloc(1, sizeof(bk_lb_scratch));
}

static void scratch_release(bk_lb_scratch *scr)
{
    free(scr->sums);
    free(scr->nodes);
    free(scr->woke);
    free(scr->fil);
}

/* A scratch lent for a whole document keeps what an ordinary paragraph
 * grows (some tens of kB) for the next one; what one long paragraph grew
 * goes back at once, as it did when each call allocated its own: kept,
 * a 1 MiB paragraph's arrays stayed beside everything set after it
 * (peak 365 -> 429 MB). */
#define LB_SCRATCH_KEEP ((size_t)1 << 20)

size_t bk_lb_scratch_bytes(const bk_lb_scratch *scr)
{
    return scr->capsums + scr->capnodes * sizeof(*scr->nodes) +
           scr->capwoke * 2 * sizeof(*scr->woke) + scr->capfil * sizeof(*scr->fil);
}

static void scratch_trim(bk_lb_scratch *scr)
{
    if (bk_lb_scratch_bytes(scr) > LB_SCRATCH_KEEP) {
        scratch_release(scr);
        memset(scr, 0, sizeof *scr);
    }
}

void bk_lb_scratch_free(bk_lb_scratch *scr)
{
    if (!scr)
        return;
    scratch_release(scr);
    free(scr);
}

bk_status bk_lb_break(bk_ctx *ctx, const bk_lb_item *items, size_t n,
                      const double *widths, size_t nwidths,
                      const bk_lb_params *params, bk_lb_line **lines,
                      size_t *nlines, bk_lb_stats *stats)
{
    return bk_lb_break_with(ctx, NULL, items, n, widths, nwidths, params, lines,
                            nlines, stats);
}

bk_status bk_lb_break_with(bk_ctx *ctx, bk_lb_scratch *scr,
                           const bk_lb_item *items, size_t n,
                           const double *widths, size_t nwidths,
                           const bk_lb_params *params, bk_lb_line **lines,
                           size_t *nlines, bk_lb_stats *stats)
{
    if (!lines || !nlines)
        return bk_diag_error(ctx ? ctx->diag : NULL, BK_EINTERNAL, NULL, 0, 0,
                             "line breaking: missing argument");
    *lines = NULL;
    *nlines = 0;
    if (stats)
        memset(stats, 0, sizeof(*stats));
    bk_lb_target t = {.looseness = params ? params->looseness : 0, .required = 1};
    bk_status st = bk_lb_break_targets(ctx, scr, items, n, widths, nwidths, params, &t, 1);
    if (st)
        return st;
    *lines = t.lines;
    *nlines = t.nlines;
    if (stats)
        *stats = t.stats;
    return BK_OK;
}

/* The checks of bk_lb_break_targets' arguments that the items and widths
 * do not make (check_input makes those). */
static bk_status check_targets(bk_diag *dg, const bk_lb_item *items, size_t n,
                               bk_lb_target *t, size_t nt)
{
    if (!t || nt == 0 || (n && !items))
        return bk_diag_error(dg, BK_EINTERNAL, NULL, 0, 0,
                             "line breaking: missing argument");
    for (size_t i = 0; i < nt; i++) {
        t[i].answered = 0;
        t[i].lines = NULL;
        t[i].nlines = 0;
        memset(&t[i].stats, 0, sizeof(t[i].stats));
    }
    for (size_t i = 0; i < nt; i++)
        if (nt > 1 && t[i].looseness == 0)
            return bk_diag_error(dg, BK_EINTERNAL, NULL, 0, 0,
                                 "line breaking: a looseness of 0 asked with others");
    return BK_OK;
}

bk_status bk_lb_break_targets(bk_ctx *ctx, bk_lb_scratch *scr,
                              const bk_lb_item *items, size_t n,
                              const double *widths, size_t nwidths,
                              const bk_lb_params *params, bk_lb_target *t,
                              size_t nt)
{
    return bk_lb_break_sums(ctx, scr, NULL, items, n, widths, nwidths, params, t, nt);
}

/* Steps: check the input; drop trailing glue; prepare the working items
 * and sums in the scratch (a call's own when none is given), or in or
 * from the kept sums; run the passes the targets need, each target's
 * lines and statistics read back after the pass that decides it. */
bk_status bk_lb_break_sums(bk_ctx *ctx, bk_lb_scratch *scr, bk_lb_sums **sums,
                           const bk_lb_item *items, size_t n,
                           const double *widths, size_t nwidths,
                           const bk_lb_params *params, bk_lb_target *t, size_t nt)
{
    bk_lb_scratch own = {0};
    bk_diag *dg = ctx ? ctx->diag : NULL;
    bk_status st = BK_OK;
    bk_lb_params prm;
    lb L = {0};
    int few[LB_FEW_TARGETS], *next = few;

    if ((st = check_targets(dg, items, n, t, nt)))
        return st;
    if (params)
        prm = *params;
    else
        bk_lb_params_default(&prm);
    if ((st = check_input(dg, widths, nwidths, &prm)))
        return st;
    /* Trailing glue would only widen the last line or invite a break
     * before an empty one; TeX drops it too. */
    size_t ne = n;
    while (ne > 0 && items[ne - 1].kind == BK_LB_GLUE)
        ne--;
    /* (the items before it are checked as they are read: bk_lb_prepare) */
    for (size_t i = ne; i < n; i++)
        if (!lb_item_ok(&items[i]))
            return check_items(dg, items, n);
    if (ne == 0) {
        for (size_t i = 0; i < nt; i++)
            t[i].answered = 1; /* nothing to set: no lines, pass 0 */
        return BK_OK;
    }
    /* the passes read the looseness only as 0 or not (line_class) */
    prm.looseness = t[0].looseness;
    if (nt > LB_FEW_TARGETS && !(next = malloc(nt * sizeof(*next))))
        return bk_diag_error(dg, BK_EINTERNAL, NULL, 0, 0, "line breaking: out of memory");
    L.diag = dg;
    L.scr = scr ? scr : &own;
    L.nodes = L.scr->nodes;
    L.capnodes = L.scr->capnodes;
    L.woke = L.scr->woke;
    L.capwoke = L.scr->capwoke;
    L.p = &prm;
    L.widths = widths;
    L.nwidths = nwidths;
    st = bk_lb_prepare(&L, items, ne, !lb_is_forced(&items[ne - 1]), sums);
    if (!st && !L.items_ok)
        st = check_items(dg, items, n);
    if (!st)
        st = lb_run_targets(&L, t, next, nt);
    for (size_t i = 0; st && i < nt; i++) {
        free(t[i].lines);
        t[i].lines = NULL;
        t[i].nlines = 0;
        t[i].answered = 0;
    }
    L.scr->nodes = L.nodes;
    L.scr->capnodes = L.capnodes;
    L.scr->woke = L.woke;
    L.scr->capwoke = L.capwoke;
    scratch_release(&own);
    if (scr)
        scratch_trim(scr);
    if (next != few)
        free(next);
    return st;
}
