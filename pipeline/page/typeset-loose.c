/* typeset-loose.c — pages set again so that they end on the last
 * baseline of the text block: where the gaps of a full page cannot grow
 * enough (typeset-fill.c), paragraphs of the page or of the previous one
 * are set a line shorter (what follows may then start on the page) or a
 * line longer (filling the space left), TeX's \looseness, as a compositor
 * resets a page; the pages are rolled back to a paragraph's mark and
 * placed again (see typeset-private.h).
 *
 * The trials: every way of changing one or two of the candidates (the
 * longest paragraphs of the page and of the previous page, each set a
 * line shorter and a line longer within the spacing limits), and three
 * changed the same way; the fewest changes first and, among as many, the
 * least loss of spacing. The first that fills the page, leaves the
 * previous page as full as it was and adds no widow, orphan or stranded
 * heading is kept, else the one that left the page least short. */
#include "typeset-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FILL_PAGE_CANDS 6 /* paragraphs of the page that may change */
#define FILL_PREV_CANDS 3 /* of the previous page */
#define FILL_CANDS (FILL_PAGE_CANDS + FILL_PREV_CANDS)
#define FILL_TRIALS 32    /* placings of one page */
#define FILL_ALL 1024     /* the trials listed before the cheapest are kept */

typedef struct fill_cand {
    size_t block;
    bk_para alt[3];   /* one line fewer, as set, one line more */
    int ok[3];
    double cost[3];   /* what its spacing loses (sum of squared ratios) */
} fill_cand;

typedef struct fill_trial {
    unsigned mask;    /* the candidates changed */
    unsigned longer;  /* of those, the ones set a line longer */
    double cost;
} fill_trial;

typedef struct bk_ts_fill {
    int page_no;      /* the page being tried, 0: none */
    size_t from;      /* the block every trial places again from */
    size_t ncand;
    fill_cand cand[FILL_CANDS];
    fill_trial trial[FILL_TRIALS];
    size_t ntrial, next;
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

/* Block j set again with looseness n into *q: 1 when it has n lines
 * more, no line with a fault and no more lines stretched or shrunk beyond
 * the spacing limits (tight or loose lines) than as set. What setting it
 * reported is forgotten. */
static int variant_set(typesetter *ts, size_t j, int n, bk_para *q)
{
    const bk_para *p = &ts->paras[j];
    bk_typeset_stats saved = *ts->stats;
    bk_diag_mark dm = bk_diag_mark_take(ts->ctx->diag);
    bk_setter_looseness(ts->setter, n);
    bk_status st = bk_ts_block_set(ts, ts->flow, j, bk_ts_measure(ts), q);
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
 * again); set a line shorter, longer, found impossible (not set again). */
enum { TRIED_ONCE = 1, TRIED_TWICE = 2, TRIED_CHANGED = 4, TRIED_NO_SHORTER = 8,
       TRIED_NO_LONGER = 16, TRIED_NEITHER = TRIED_NO_SHORTER | TRIED_NO_LONGER };

/* Up to `most` paragraphs of marks m[0..n) as candidates: set justified,
 * two lines or more, not changed before, not a candidate twice, not found
 * unable to change; the longest, as they take a line more or less most
 * easily. */
static void cands_add(typesetter *ts, bk_ts_fill *f, const bk_ts_mark *m, size_t n,
                      size_t most)
{
    size_t first = f->ncand;
    for (size_t k = 0; k < n; k++) {
        size_t j = m[k].block, at;
        const bk_para *p = &ts->paras[j];
        int seen = 0;
        for (size_t c = 0; c < f->ncand && !seen; c++)
            seen = f->cand[c].block == j;
        if (seen || (ts->tried[j] & (TRIED_CHANGED | TRIED_TWICE)) ||
            (ts->tried[j] & TRIED_NEITHER) == TRIED_NEITHER ||
            p->style.align != BK_ALIGN_JUSTIFY || p->nlines < 2)
            continue;
        for (at = f->ncand; at > first && ts->paras[f->cand[at - 1].block].nlines < p->nlines; at--)
            ;
        if (at == first + most)
            continue;
        size_t end = f->ncand < first + most ? f->ncand++ : first + most - 1;
        memmove(&f->cand[at + 1], &f->cand[at], (end - at) * sizeof(f->cand[0]));
        f->cand[at] = (fill_cand){.block = j};
    }
}

/* Each candidate set a line shorter and a line longer (two settings). */
static void cands_set(typesetter *ts, bk_ts_fill *f)
{
    for (size_t c = 0; c < f->ncand; c++) {
        fill_cand *fc = &f->cand[c];
        unsigned char *t = &ts->tried[fc->block];
        *t |= *t & TRIED_ONCE ? TRIED_TWICE : TRIED_ONCE;
        fc->alt[1] = ts->paras[fc->block];
        fc->ok[1] = 1;
        double base = para_cost(&fc->alt[1]);
        for (int d = 0; d <= 2; d += 2) {
            unsigned no = d ? TRIED_NO_LONGER : TRIED_NO_SHORTER;
            if (!(*t & no) && (fc->ok[d] = variant_set(ts, fc->block, d - 1, &fc->alt[d])))
                fc->cost[d] = para_cost(&fc->alt[d]) - base;
            else
                *t |= no;
        }
    }
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
 * every candidate allows its change. */
static void trial_add(const bk_ts_fill *f, fill_trial *all, size_t *n, unsigned mask,
                      unsigned longer)
{
    fill_trial t = {.mask = mask, .longer = longer};
    for (size_t c = 0; c < f->ncand; c++)
        if (mask >> c & 1) {
            int d = longer >> c & 1 ? 2 : 0;
            if (!f->cand[c].ok[d])
                return;
            t.cost += f->cand[c].cost[d];
        }
    if (*n < FILL_ALL)
        all[(*n)++] = t;
}

/* The trials in the order they are placed; the FILL_TRIALS first kept. */
static void trials_list(bk_ts_fill *f)
{
    fill_trial *all = malloc(FILL_ALL * sizeof(*all));
    size_t n = 0;
    f->ntrial = f->next = 0;
    if (!all)
        return; /* out of memory: nothing tried */
    for (unsigned m = 1; m < (1u << f->ncand); m++) {
        int k = bits(m);
        if (k <= 2) /* each changed either way */
            for (unsigned l = 0; l < (1u << f->ncand); l++)
                if ((l & ~m) == 0)
                    trial_add(f, all, &n, m, l);
        if (k == 3) { /* the three the same way */
            trial_add(f, all, &n, m, 0);
            trial_add(f, all, &n, m, m);
        }
    }
    qsort(all, n, sizeof(*all), trial_cmp);
    f->ntrial = n < FILL_TRIALS ? n : FILL_TRIALS;
    memcpy(f->trial, all, f->ntrial * sizeof(*all));
    free(all);
}

/* The candidates as trial t sets them. */
static void trial_apply(typesetter *ts, bk_ts_fill *f, fill_trial t)
{
    for (size_t c = 0; c < f->ncand; c++) {
        int d = !(t.mask >> c & 1) ? 1 : t.longer >> c & 1 ? 2 : 0;
        ts->paras[f->cand[c].block] = f->cand[c].alt[d];
    }
    f->cur = t;
}

static void search_close(typesetter *ts, bk_ts_fill *f)
{
    for (size_t c = 0; c < f->ncand; c++) {
        fill_cand *fc = &f->cand[c];
        int keep = !(f->cur.mask >> c & 1) ? 1 : f->cur.longer >> c & 1 ? 2 : 0;
        if (keep != 1) { /* the report counts the lines kept */
            long hyph = 0;
            for (size_t i = 0; i < fc->alt[keep].nlines; i++)
                hyph += fc->alt[keep].lines[i].hyphenated;
            for (size_t i = 0; i < fc->alt[1].nlines; i++)
                hyph -= fc->alt[1].lines[i].hyphenated;
            ts->stats->lines = (size_t)((long)ts->stats->lines + keep - 1);
            ts->stats->hyphenated_lines = (size_t)((long)ts->stats->hyphenated_lines + hyph);
            ts->tried[fc->block] |= TRIED_CHANGED;
        }
        for (int d = 0; d <= 2; d++)
            if (d != keep && fc->ok[d])
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
 * of P-1 (when it ended at a page turn), their settings, the trials. */
static void search_open(typesetter *ts, bk_ts_fill *f, double short_by)
{
    f->ncand = 0;
    cands_add(ts, f, ts->marks, ts->nmarks, FILL_PAGE_CANDS);
    if (f->prev_page == ts->page_no - 1)
        cands_add(ts, f, f->pmarks, f->npmarks, FILL_PREV_CANDS);
    cands_set(ts, f);
    trials_list(f);
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
        (!f->pmarks && !(f->pmarks = calloc(BK_TS_MARKS, sizeof(*f->pmarks))))) {
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

void bk_ts_mark_take(typesetter *ts, size_t i, int begun)
{
    ts->cur_block = i;
    ts->cur_drawn = 0;
    if (!ts->marks || ts->parallel || ts->nmarks >= BK_TS_MARKS)
        return;
    bk_ts_mark *m = &ts->marks[ts->nmarks];
    *m = (bk_ts_mark){
        .block = i, .items = ts->page->n, .cursor = ts->cursor,
        .fill_lead = ts->fill_lead, .fill_y = ts->fill_y,
        .stretch_below = ts->stretch_below, .ngaps = ts->ngaps,
        .kept_page = ts->kept_page, .kept_file = ts->kept_file,
        .kept_line = ts->kept_line, .stats = *ts->stats, .nset = ts->nset,
        .diag = bk_diag_mark_take(ts->ctx->diag), .begun = begun};
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

size_t bk_ts_retry(typesetter *ts)
{
    bk_ts_fill *f = ts->fill;
    size_t j = f->from, k = 0;
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
    /* What was set after the mark is set again (its diagnostics and
     * counts went with the rollback); it lies beyond the pages placed
     * again, so no candidate of the search is among it. */
    for (; ts->paras && ts->nset > m->nset; ts->nset--)
        bk_para_release(&ts->paras[ts->nset - 1]);
    j = m->block;
    bk_ts_marks_drop(ts, k);
    return j;
}
