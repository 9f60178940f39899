/* typeset-loose.c — pages set again so that they end on the last
 * baseline of the text block: where the gaps of a full page cannot grow
 * enough (typeset-fill.c), paragraphs of the page or of the previous one
 * are set a line shorter (what follows may then start on the page) or a
 * line longer (filling the space left), TeX's \looseness, as a compositor
 * resets a page; the pages are rolled back to a paragraph's mark and
 * placed again (see typeset-private.h): from the first candidate's, or
 * from the first paragraph a trial changes, what comes before it being
 * placed as before (redo_reachable).
 *
 * The trials: every way of changing one or two of the candidates (the
 * longest paragraphs of the page and of the previous page, each set a
 * line shorter and a line longer within the spacing limits), and three
 * changed the same way; the fewest changes first and, among as many, the
 * least loss of spacing. The first that fills the page, leaves the
 * previous page as full as it was and adds no widow, orphan or stranded
 * heading is kept, else the one that left the page least short.
 *
 * Setting a paragraph again is the search's cost, and most settings fail
 * (a paragraph cannot lose or take a line within its spacing limits): a
 * trial is listed only where the heights allow it to fill the page or
 * leave it fuller (trial_may_fill), a candidate is set only when a listed
 * trial needs it, and the trials of more changes are listed only when
 * those of fewer did not fill the page. The trials placed, and their
 * order, are those of a search setting every candidate at once. */
#include "typeset-private.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FILL_PAGE_CANDS 6 /* paragraphs of the page that may change */
#define FILL_PREV_CANDS 3 /* of the previous page */
#define FILL_CANDS (FILL_PAGE_CANDS + FILL_PREV_CANDS)
#define FILL_TRIALS 32    /* placings of one page */
#define FILL_LEVEL 192    /* trials changing as many candidates (at most 168) */
#define FILL_SLACK 0.5    /* pt: heights off the page's line grid (trial_may_fill) */

typedef struct fill_cand {
    size_t block;
    bk_para alt[3];   /* one line fewer, as set, one line more */
    int ok[3];        /* 1 set, 0 cannot be, -1 not set yet (no trial needed it) */
    double cost[3];   /* what its spacing loses (sum of squared ratios) */
} fill_cand;

typedef struct fill_trial {
    unsigned mask;    /* the candidates changed */
    unsigned longer;  /* of those, the ones set a line longer */
    double cost;
} fill_trial;

typedef struct bk_ts_fill {
    int page_no;      /* the page being tried, 0: none */
    double need, room; /* how far its last line is above the lowest it may
                          reach; what its gaps and half its lines' stretch add */
    size_t from;      /* the block every trial places again from */
    size_t redo;      /* the first block the trial applied last sets otherwise
                         than the one placed before it, where it may be placed
                         again from (SIZE_MAX: from `from`; trial_apply) */
    size_t ncand;
    fill_cand cand[FILL_CANDS];
    fill_trial trial[FILL_TRIALS];
    size_t ntrial, next;
    int level;        /* the number of changes of the trials to list next */
    fill_trial cur, best; /* placed now; least short so far (mask 0: as set) */
    double best_short;
    size_t faults0;   /* widows, orphans, stranded headings as first placed */
    int last;         /* the page is placed for the last time */
    /* the previous page, when it ended at a page turn: its marks, gaps
     * (their shifts to undo), how short and with how many faults it ended */
    int prev_page;    /* its number, 0: none */
    bk_ts_mark *pmarks;
    size_t npmarks;
    struct { size_t item; double stretch, shift; int line; } pgaps[BK_TS_GAPS];
    size_t npgaps;
    double prev_short;
    size_t prev_faults;
    /* the last page turned (what the next page records as its previous) */
    double turn_short;
    size_t turn_faults;
} bk_ts_fill;

static size_t page_faults(const typesetter *ts)
{
    return ts->stats->widows + ts->stats->orphans + ts->stats->stranded_headings;
}

static double para_cost(const bk_para *p)
{
    double c = 0;
    for (size_t i = 0; i + 1 < p->nlines; i++)
        c += p->lines[i].ratio * p->lines[i].ratio;
    return c;
}

static int bits(unsigned m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

/* Block j set again with looseness n into *q, from the work of its
 * setting `from` (bk_setter_reuse): 1 when it has n lines more, no line
 * with a fault and no more lines stretched or shrunk beyond the spacing
 * limits (tight or loose lines) than as set. What setting it reported is
 * forgotten. */
static int variant_set(typesetter *ts, size_t j, const bk_para *from, int n, bk_para *q)
{
    const bk_para *p = &ts->paras[j];
    bk_typeset_stats saved = *ts->stats;
    bk_diag_mark dm = bk_diag_mark_take(ts->ctx->diag);
    bk_setter_looseness(ts->setter, n);
    /* with no loose or tight line as set, it may gain none (below): a
     * setting beyond the tolerance, the emergency pass's, is not tried */
    bk_setter_looseness_within(ts->setter, p->nspacing == 0);
    bk_setter_reuse(ts->setter, from);
    /* (a setting of another length is rejected below: not set at all) */
    bk_setter_lines_needed(ts->setter, (size_t)((long)p->nlines + n));
    bk_status st = bk_ts_block_set(ts, ts->flow, j, bk_ts_measure(ts), q);
    bk_setter_lines_needed(ts->setter, 0);
    bk_setter_reuse(ts->setter, NULL);
    bk_setter_looseness_within(ts->setter, 0);
    bk_setter_looseness(ts->setter, 0);
    bk_diag_truncate(ts->ctx->diag, dm);
    *ts->stats = saved;
    if (st)
        return 0;
    int ok = (long)q->nlines == (long)p->nlines + n;
    long spacing = 0; /* tight or loose lines beyond the paragraph's own */
    for (size_t i = 0; i < q->nlines; i++) {
        ok &= !(q->lines[i].faults & BK_LINE_FAULTS);
        spacing += (q->lines[i].faults & (BK_LINE_LOOSE | BK_LINE_TIGHT)) != 0;
    }
    for (size_t i = 0; i < p->nlines; i++)
        spacing -= (p->lines[i].faults & (BK_LINE_LOOSE | BK_LINE_TIGHT)) != 0;
    ok &= spacing <= 0;
    if (!ok)
        bk_para_release(q);
    return ok;
}

/* What ts->tried says of a block: a candidate once, twice; changed (never
 * again); found unable to be set a line shorter, longer (not set again),
 * or able to. */
enum { TRIED_ONCE = 1, TRIED_TWICE = 2, TRIED_CHANGED = 4, TRIED_NO_SHORTER = 8,
       TRIED_NO_LONGER = 16, TRIED_NEITHER = TRIED_NO_SHORTER | TRIED_NO_LONGER,
       TRIED_CAN_SHORTER = 32, TRIED_CAN_LONGER = 64 };

/* Candidate fc set a line shorter (d 0) or longer (d 2), the first time a
 * trial needs it (most cannot be, and setting is the search's cost): 1
 * when it can be. */
static int cand_alt(typesetter *ts, fill_cand *fc, int d)
{
    if (fc->ok[d] >= 0)
        return fc->ok[d];
    /* what its widths rule out is not set (bk_para_may_change) */
    fc->ok[d] = bk_para_may_change(&fc->alt[1], d - 1) &&
                variant_set(ts, fc->block, &fc->alt[1], d - 1, &fc->alt[d]);
    if (fc->ok[d])
        fc->cost[d] = para_cost(&fc->alt[d]) - para_cost(&fc->alt[1]);
    ts->tried[fc->block] |= fc->ok[d] ? (d ? TRIED_CAN_LONGER : TRIED_CAN_SHORTER)
                                      : (d ? TRIED_NO_LONGER : TRIED_NO_SHORTER);
    return fc->ok[d];
}

/* Block j as the next candidate, when it may be one: set justified, two
 * lines or more, not changed before, not a candidate twice, and not
 * unable to be set either a line shorter or longer. Its settings are made
 * when a trial needs them; only a paragraph a candidate before, whose
 * first search did not need to know whether it can change at all, is set
 * now (so that the candidates are those of a search setting them all). */
static int cand_take(typesetter *ts, bk_ts_fill *f, size_t j, int resolve)
{
    const bk_para *p = &ts->paras[j];
    unsigned t = ts->tried[j];
    if ((t & (TRIED_CHANGED | TRIED_TWICE)) || (t & TRIED_NEITHER) == TRIED_NEITHER ||
        p->style.align != BK_ALIGN_JUSTIFY || p->nlines < 2)
        return 0;
    fill_cand *fc = &f->cand[f->ncand];
    *fc = (fill_cand){.block = j, .ok = {t & TRIED_NO_SHORTER ? 0 : -1, 1,
                                         t & TRIED_NO_LONGER ? 0 : -1}};
    fc->alt[1] = *p;
    if (resolve && (t & TRIED_ONCE) && !(t & (TRIED_CAN_SHORTER | TRIED_CAN_LONGER)) &&
        !cand_alt(ts, fc, 0) && !cand_alt(ts, fc, 2))
        return 0;
    f->ncand++;
    return 1;
}

/* Up to `most` paragraphs of marks m[0..n) as candidates (cand_take), the
 * longest, as they take a line more or less most easily (the first of
 * equals). */
static void cands_add(typesetter *ts, bk_ts_fill *f, const bk_ts_mark *m, size_t n,
                      size_t most, int resolve)
{
    unsigned char passed[BK_TS_MARKS] = {0};
    for (size_t taken = 0; taken < most;) {
        size_t best = SIZE_MAX;
        for (size_t k = 0; k < n; k++) {
            int seen = passed[k];
            for (size_t c = 0; c < f->ncand && !seen; c++)
                seen = f->cand[c].block == m[k].block;
            if (!seen && (best == SIZE_MAX ||
                          ts->paras[m[k].block].nlines > ts->paras[m[best].block].nlines))
                best = k;
        }
        if (best == SIZE_MAX)
            return;
        passed[best] = 1;
        taken += cand_take(ts, f, m[best].block, resolve);
    }
}

/* The candidates of the page and of the previous one (cand_take; resolve:
 * as a search that set every candidate would pick them). */
static void cands_pick(typesetter *ts, bk_ts_fill *f, int resolve)
{
    f->ncand = 0;
    cands_add(ts, f, ts->marks, ts->nmarks, FILL_PAGE_CANDS, resolve);
    if (f->prev_page == ts->page_no - 1)
        cands_add(ts, f, f->pmarks, f->npmarks, FILL_PREV_CANDS, resolve);
}

/* The candidates counted as such. */
static void cands_open(typesetter *ts, bk_ts_fill *f)
{
    for (size_t c = 0; c < f->ncand; c++) {
        unsigned char *t = &ts->tried[f->cand[c].block];
        *t |= *t & TRIED_ONCE ? TRIED_TWICE : TRIED_ONCE;
    }
}

/* Whether trial (mask, longer) may leave the page fuller, from heights
 * alone, before any paragraph is set: the paragraphs changed move what
 * follows them by their leading, and what then crosses the page's foot
 * goes in whole lines of the page's last leading, so the shortfall less
 * the change, up to a multiple of that leading, is what the page ends
 * short by. Where that cannot come within what the gaps and lines absorb
 * (filled) nor below the shortfall (fuller), placing the trial is not
 * worth setting its paragraphs. */
static int trial_may_fill(const typesetter *ts, const bk_ts_fill *f, unsigned mask,
                          unsigned longer)
{
    double lead = ts->fill_lead, x = f->need, fits = 1 + f->room + FILL_SLACK;
    for (unsigned m = mask; m; m &= m - 1) { /* its candidates, in order */
        unsigned c = (unsigned)__builtin_ctz(m);
        x += (longer >> c & 1 ? -1 : 1) * ts->paras[f->cand[c].block].style.leading;
    }
    double r = fmod(x, lead);
    if (r < 0)
        r += lead;
    return fits >= lead || r <= fits || r >= lead - FILL_SLACK ||
           r < f->need - FILL_SLACK;
}

static int trial_cmp(const void *a, const void *b)
{
    const fill_trial *x = a, *y = b;
    int nx = bits(x->mask), ny = bits(y->mask);
    if (nx != ny)
        return nx < ny ? -1 : 1;
    return x->cost < y->cost ? -1 : x->cost > y->cost;
}

/* Trial `mask` with the candidates of `longer` a line longer, listed when
 * it may fill the page and every candidate allows its change (set now if
 * not before); with all NULL only counted, when it may fill. */
static void trial_add(typesetter *ts, bk_ts_fill *f, fill_trial *all, size_t *n,
                      unsigned mask, unsigned longer)
{
    fill_trial t = {.mask = mask, .longer = longer};
    if (!trial_may_fill(ts, f, mask, longer))
        return;
    if (!all) { /* only counted */
        (*n)++;
        return;
    }
    if (*n >= FILL_LEVEL)
        return;
    for (size_t c = 0; c < f->ncand; c++)
        if (mask >> c & 1) {
            int d = longer >> c & 1 ? 2 : 0;
            if (!cand_alt(ts, &f->cand[c], d))
                return;
            t.cost += f->cand[c].cost[d];
        }
    all[(*n)++] = t;
}

/* The trials changing k candidates (each either way for one or two, the
 * three the same way), cheapest first, after those listed, up to
 * FILL_TRIALS in all: as they are placed in order of the changes, those
 * of more changes are listed (their paragraphs set) only when those of
 * fewer have not filled the page. With probe set, nothing is set or kept:
 * how many may fill it. */
static size_t trials_list(typesetter *ts, bk_ts_fill *f, int k, int probe)
{
    fill_trial all[FILL_LEVEL];
    size_t n = 0;
    /* the masks of k candidates in increasing order (Gosper's step: the
     * next larger number with as many bits) */
    for (unsigned m = (1u << k) - 1; m < (1u << f->ncand);) {
        if (k <= 2) {
            /* the subsets of m, in increasing order: those of every l */
            unsigned l = 0;
            do {
                trial_add(ts, f, probe ? NULL : all, &n, m, l);
                l = (l - m) & m;
            } while (l != 0);
        }
        if (k == 3) {
            trial_add(ts, f, probe ? NULL : all, &n, m, 0);
            trial_add(ts, f, probe ? NULL : all, &n, m, m);
        }
        unsigned low = m & -m, up = m + low;
        m = (((up ^ m) >> 2) / low) | up;
    }
    if (probe)
        return n;
    qsort(all, n, sizeof(*all), trial_cmp);
    if (n > FILL_TRIALS - f->ntrial)
        n = FILL_TRIALS - f->ntrial;
    memcpy(&f->trial[f->ntrial], all, n * sizeof(*all));
    f->ntrial += n;
    return n;
}

/* The next trials, when those listed are placed. */
static void trials_more(typesetter *ts, bk_ts_fill *f)
{
    while (f->next == f->ntrial && f->level <= 3 && f->ntrial < FILL_TRIALS)
        trials_list(ts, f, f->level++, 0);
}

/* The setting of candidate c in trial t: 0 a line shorter, 1 as set, 2 a
 * line longer. */
static int trial_choice(fill_trial t, size_t c)
{
    return !(t.mask >> c & 1) ? 1 : t.longer >> c & 1 ? 2 : 0;
}

/* The candidates as trial t sets them, and the first of them it sets
 * otherwise than the trial placed (f->redo; SIZE_MAX: none, or one that
 * the block before it, kept with it, would see otherwise: its lines kept
 * with it differ in number). */
static void trial_apply(typesetter *ts, bk_ts_fill *f, fill_trial t)
{
    size_t changed = SIZE_MAX;
    f->redo = SIZE_MAX;
    for (size_t c = 0; c < f->ncand; c++) {
        int d = trial_choice(t, c);
        if (d != trial_choice(f->cur, c) && f->cand[c].block < f->redo) {
            f->redo = f->cand[c].block;
            changed = c;
        }
    }
    if (f->redo != SIZE_MAX && f->redo > f->from &&
        ts->paras[f->redo - 1].style.keep_with_next) {
        const fill_cand *fc = &f->cand[changed];
        if (bk_ts_kept_lines(&fc->alt[trial_choice(t, changed)]) !=
            bk_ts_kept_lines(&fc->alt[trial_choice(f->cur, changed)]))
            f->redo = SIZE_MAX;
    }
    for (size_t c = 0; c < f->ncand; c++)
        ts->paras[f->cand[c].block] = f->cand[c].alt[trial_choice(t, c)];
    f->cur = t;
}

/* The report's adjustment ratios and tight or loose lines: the setting
 * kept counted instead of the one first set (a largest ratio that was the old setting's stays:
 * the report keeps no list to take it back from). */
static void stats_swap_ratios(bk_typeset_stats *st, const bk_para *was, const bk_para *now)
{
    st->sum_ratio += now->ratio_sum - was->ratio_sum;
    st->justified_lines = st->justified_lines + now->ratio_lines - was->ratio_lines;
    st->spacing_lines = st->spacing_lines + now->nspacing - was->nspacing;
    if (now->ratio_max > st->max_ratio)
        st->max_ratio = now->ratio_max;
}

static void search_close(typesetter *ts, bk_ts_fill *f)
{
    for (size_t c = 0; c < f->ncand; c++) {
        fill_cand *fc = &f->cand[c];
        int keep = trial_choice(f->cur, c);
        if (keep != 1) { /* the report counts the lines kept */
            long hyph = 0;
            for (size_t i = 0; i < fc->alt[keep].nlines; i++)
                hyph += fc->alt[keep].lines[i].hyphenated;
            for (size_t i = 0; i < fc->alt[1].nlines; i++)
                hyph -= fc->alt[1].lines[i].hyphenated;
            ts->stats->lines = (size_t)((long)ts->stats->lines + keep - 1);
            ts->stats->hyphenated_lines = (size_t)((long)ts->stats->hyphenated_lines + hyph);
            stats_swap_ratios(ts->stats, &fc->alt[1], &fc->alt[keep]);
            ts->tried[fc->block] |= TRIED_CHANGED;
        }
        for (int d = 0; d <= 2; d++)
            if (d != keep && fc->ok[d] == 1)
                bk_para_release(&fc->alt[d]);
        ts->paras[fc->block] = fc->alt[keep];
    }
    f->page_no = 0;
    f->ncand = 0;
}

void bk_ts_fill_end(typesetter *ts)
{
    bk_ts_fill *f = ts->fill;
    /* the previous page left during a trial: the page tried follows */
    if (f && f->page_no && ts->page_no >= f->page_no)
        search_close(ts, f);
}

static void pmarks_drop(bk_ts_fill *f)
{
    for (size_t j = 0; j < f->npmarks; j++)
        bk_ts_tags_free(&f->pmarks[j].tags);
    f->npmarks = 0;
    f->prev_page = 0;
}

void bk_ts_fill_free(typesetter *ts)
{
    bk_ts_fill *f = ts->fill;
    if (!f)
        return;
    if (f->page_no)
        search_close(ts, f);
    pmarks_drop(f);
    free(f->pmarks);
    free(f);
    ts->fill = NULL;
}

/* A search starts at page P short by short_by: the candidates of P and
 * of P-1 (when it ended at a page turn) -> whether any trial may fill P,
 * from heights alone (if not, no paragraph is set) -> the trials of one
 * change, their candidates set (those of two and three changes are listed
 * when these are placed). */
static void search_open(typesetter *ts, bk_ts_fill *f, double short_by)
{
    bk_ts_shortfall(ts, &f->need, &f->room);
    f->room += bk_ts_line_room(ts) / 2;
    cands_pick(ts, f, 0);
    int may = 0;
    for (int k = 1; k <= 3 && !may; k++)
        may = trials_list(ts, f, k, 1) > 0;
    if (may) /* else nothing is set: the trials are none */
        cands_pick(ts, f, 1);
    cands_open(ts, f);
    f->ntrial = f->next = 0;
    f->level = 1;
    trials_more(ts, f);
    f->page_no = ts->page_no;
    f->from = SIZE_MAX;
    for (size_t c = 0; c < f->ncand; c++)
        if (f->cand[c].block < f->from)
            f->from = f->cand[c].block;
    f->best = f->cur = (fill_trial){0};
    f->best_short = short_by;
    f->faults0 = page_faults(ts);
    f->last = 0;
}

/* The mark every trial starts from is still there: the page's, or the
 * previous page's (kept where it ended at a page turn). */
static int from_reachable(const typesetter *ts, const bk_ts_fill *f)
{
    for (size_t i = 0; i < ts->nmarks; i++)
        if (ts->marks[i].block == f->from)
            return 1;
    for (size_t i = 0; f->prev_page == ts->page_no - 1 && i < f->npmarks; i++)
        if (f->pmarks[i].block == f->from)
            return 1;
    return 0;
}

/* The page turns short_by pt short of what its gaps can fill: a search
 * starts, or the trial placed is judged, and the next one chosen. 1: the
 * pages are to be placed again (with f->cur). */
static int search_step(typesetter *ts, bk_ts_fill *f, double short_by)
{
    size_t faults = page_faults(ts);
    if (f->page_no && ts->page_no == f->page_no - 1) {
        /* a trial's previous page: no shorter than it was, no new fault */
        if (f->last || (short_by <= (f->prev_short > 1 ? f->prev_short : 1) + 0.01 &&
                        faults <= f->prev_faults))
            return 0;
    } else if (f->page_no != ts->page_no) {
        if (short_by <= 1)
            return 0;
        search_open(ts, f, short_by);
    } else if (f->last) {
        return 0;
    } else {
        if (short_by <= 1 && faults <= f->faults0)
            return 0; /* filled: kept */
        if (faults <= f->faults0 && short_by < f->best_short - 0.01) {
            f->best = f->cur;
            f->best_short = short_by;
        }
    }
    if (!from_reachable(ts, f)) {
        f->last = 1; /* the previous page ended otherwise: as placed */
        return 0;
    }
    trials_more(ts, f);
    if (f->next < f->ntrial) {
        trial_apply(ts, f, f->trial[f->next++]);
        return 1;
    }
    f->last = 1;
    if (f->cur.mask == f->best.mask && f->cur.longer == f->best.longer)
        return 0;
    trial_apply(ts, f, f->best);
    return 1;
}

/* Steps: a trial judged or started (BK_TS_RETRY) -> else the search of a
 * page left ends, the gaps grow, and the page's marks are kept as the
 * previous page's -> the next page. */
bk_status bk_ts_page_turn(typesetter *ts)
{
    double need, room;
    bk_ts_shortfall(ts, &need, &room);
    /* a little more leading on every line shows less than a paragraph
     * set looser or tighter: the search is for what half the lines'
     * stretch cannot fill */
    room += bk_ts_line_room(ts) / 2;
    int fills = !ts->parallel && ts->fill_lead > 0 && !ts->table_notes;
    if (fills && ts->marks && ts->paras && !ts->fill && !(ts->fill = calloc(1, sizeof(*ts->fill))))
        fills = 0; /* out of memory: the page stays as set */
    bk_ts_fill *f = fills ? ts->fill : NULL;
    if (f && search_step(ts, f, need - room))
        return BK_TS_RETRY;
    bk_ts_fill_end(ts);
    bk_ts_page_fill(ts);
    if (f) {
        f->turn_short = need - room;
        f->turn_faults = page_faults(ts);
    }
    ts->turning = 1;
    bk_status st = bk_ts_page_new(ts);
    ts->turning = 0;
    return st;
}

void bk_ts_marks_keep(typesetter *ts)
{
    bk_ts_fill *f = ts->fill;
    if (f)
        pmarks_drop(f);
    if (!f || !ts->turning || !ts->marks ||
        (!f->pmarks && !(f->pmarks = bk_ts_marks_new()))) {
        bk_ts_marks_drop(ts, 0);
        return;
    }
    bk_ts_mark *m = f->pmarks;
    f->pmarks = ts->marks;
    f->npmarks = ts->nmarks;
    ts->marks = m;
    ts->nmarks = 0;
    memcpy(f->pgaps, ts->gaps, sizeof(f->pgaps));
    f->npgaps = ts->ngaps;
    f->prev_page = ts->page_no;
    if (f->page_no != ts->page_no + 1) { /* as first placed, not by a trial */
        f->prev_short = f->turn_short;
        f->prev_faults = f->turn_faults;
    }
}

bk_ts_mark *bk_ts_marks_new(void)
{
    bk_ts_mark *m = malloc(BK_TS_MARKS * sizeof(*m));
    if (m) /* the first as calloc left it: bk_ts_retry reads it with none taken */
        memset(&m[0], 0, sizeof(m[0]));
    return m;
}

void bk_ts_mark_take(typesetter *ts, size_t i, int begun)
{
    ts->cur_block = i;
    ts->cur_drawn = 0;
    if (!ts->marks || ts->parallel || ts->nmarks >= BK_TS_MARKS)
        return;
    /* field by field: the tags, most of a mark, are copied in below (a
     * compound literal would clear the whole mark first) */
    bk_ts_mark *m = &ts->marks[ts->nmarks];
    m->block = i;
    m->items = ts->page->n;
    m->cursor = ts->cursor;
    m->fill_lead = ts->fill_lead;
    m->fill_y = ts->fill_y;
    m->stretch_below = ts->stretch_below;
    m->ngaps = ts->ngaps;
    m->kept_page = ts->kept_page;
    m->kept_file = ts->kept_file;
    m->kept_line = ts->kept_line;
    m->stats = *ts->stats;
    m->diag = bk_diag_mark_take(ts->ctx->diag);
    m->nset = ts->nset;
    m->begun = begun;
    if (bk_ts_tags_copy(&ts->tags, &m->tags) == 0)
        ts->nmarks++; /* out of memory: no mark, the page stays as set */
}

size_t bk_ts_fill_first_block(const typesetter *ts)
{
    const bk_ts_fill *f = ts->fill;
    return f && f->npmarks && f->prev_page == ts->page_no - 1 ? f->pmarks[0].block
                                                               : SIZE_MAX;
}

void bk_ts_marks_drop(typesetter *ts, size_t k)
{
    for (size_t j = k; j < ts->nmarks; j++)
        bk_ts_tags_free(&ts->marks[j].tags);
    if (k < ts->nmarks)
        ts->nmarks = k;
}

/* Back to the previous page: the current one dropped, the previous
 * page's marks and gaps current again, its gaps' shifts undone (its
 * folio and the elements closed at its foot go with the items after the
 * mark). */
static void page_back(typesetter *ts, bk_ts_fill *f)
{
    bk_ts_marks_drop(ts, 0);
    bk_frames_page_drop(ts->frames);
    ts->page = ts->frames->pages[ts->frames->n - 1];
    ts->page_no--;
    ts->no_folio = 0;
    bk_ts_mark *m = ts->marks;
    ts->marks = f->pmarks;
    ts->nmarks = f->npmarks;
    f->pmarks = m;
    f->npmarks = 0;
    f->prev_page = 0;
    memcpy(ts->gaps, f->pgaps, sizeof(ts->gaps));
    for (size_t k = 0; k < f->npgaps; k++) {
        size_t to = k + 1 < f->npgaps ? ts->gaps[k + 1].item : ts->page->n;
        if (ts->gaps[k].shift != 0)
            bk_page_items_shift(ts->page, ts->gaps[k].item, to, ts->gaps[k].shift);
        ts->gaps[k].shift = 0;
    }
}

/* Whether the trial applied may be placed again from f->redo instead of
 * f->from: judged at the foot of the page searched, the placing before
 * it, which neither that paragraph's setting nor the trial changes, is
 * the one a placing from f->from would make again, up to the paragraph's
 * mark (its first: taken on the page or the previous one as it started,
 * not one taken at the head of the page it moved on to whole, where set
 * otherwise it might start a page earlier). */
static int redo_reachable(const typesetter *ts, const bk_ts_fill *f)
{
    if (ts->page_no != f->page_no || f->redo == SIZE_MAX || f->redo <= f->from)
        return 0;
    for (size_t i = 0; i < ts->nmarks; i++)
        if (ts->marks[i].block == f->redo)
            return !ts->marks[i].begun;
    for (size_t i = 0; f->prev_page == ts->page_no - 1 && i < f->npmarks; i++)
        if (f->pmarks[i].block == f->redo)
            return !f->pmarks[i].begun;
    return 0;
}

size_t bk_ts_retry(typesetter *ts)
{
    bk_ts_fill *f = ts->fill;
    size_t j = f->from, k = 0;
    if (redo_reachable(ts, f))
        j = f->redo;
    int here = 0;
    for (size_t i = 0; i < ts->nmarks && !here; i++)
        here = ts->marks[i].block == j;
    if (!here && f->prev_page == ts->page_no - 1)
        page_back(ts, f);
    while (k + 1 < ts->nmarks && ts->marks[k].block != j)
        k++;
    const bk_ts_mark *m = &ts->marks[k];
    bk_page_items_truncate(ts->page, m->items);
    ts->cursor = m->cursor;
    ts->fill_lead = m->fill_lead;
    ts->fill_y = m->fill_y;
    ts->stretch_below = m->stretch_below;
    ts->ngaps = m->ngaps;
    ts->kept_page = m->kept_page;
    ts->kept_file = m->kept_file;
    ts->kept_line = m->kept_line;
    *ts->stats = m->stats;
    bk_diag_truncate(ts->ctx->diag, m->diag);
    /* the elements open when the mark was taken, the mark's copy moved in */
    bk_ts_tags_release(ts);
    ts->tags = m->tags;
    memset(&ts->marks[k].tags, 0, sizeof(ts->marks[k].tags));
    ts->retry_begun = m->begun;
    /* What was set after the mark is taken back or set again when placing
     * reaches it (its diagnostics and counts went with the rollback:
     * bk_ts_paras_ahead); it lies beyond the pages placed again, so no
     * candidate of the search is among it. */
    if (ts->paras && ts->nset > m->nset) {
        if (ts->nset > ts->nspare)
            ts->nspare = ts->nset;
        ts->nset = m->nset;
    }
    j = m->block;
    bk_ts_marks_drop(ts, k);
    return j;
}
