/* linebreak.c — Knuth–Plass total-fit line breaking (see linebreak.h).
 *
 * The classic algorithm: walk the items once; at every legal breakpoint b
 * try a line from each active node (a break already found feasible) to b,
 * keep the cheapest way to reach b per fitness class (and per line-number
 * class and hyphen run, which change what may follow), and deactivate a
 * node once a line from it would be overfull: lines only get longer as b
 * advances. The active list is kept sorted by line-number class, as in TeX,
 * so candidates of one class can be turned into nodes as soon as that class
 * has been scanned. Line measures come from prefix sums, so a line costs
 * O(1) and a pass O(n * active).
 *
 * A node whose lines are all still too short (before its wake) waits
 * outside the list, in a bucket of its wake, and joins the list at its
 * place when a breakpoint reaches the wake: the scan at a breakpoint then
 * visits only the nodes a line can come from. That place is the one TeX's
 * single list would give it (node_before), so ties are broken as before.
 *
 * This file runs one pass; which passes run, and the breaks chosen and
 * read back after them, are linebreak-run.c's.
 */
#include "linebreak-private.h"

#include <stdlib.h>
#include <string.h>

/* pt: sums of thousands of widths carry rounding; a line within this of
 * fitting at full shrink fits. */
#define LB_EPS 1e-6
/* Hyphen runs are tracked up to this length; a larger limit is no limit. */
#define LB_MAX_RUN 64
/* Active nodes beyond this are dropped, oldest first. Real paragraphs stay
 * far below (a line's worth of breakpoints times a few classes); only
 * degenerate input (e.g. thousands of zero-width items, which never make a
 * line overfull) reaches it, and then it keeps a pass linear. */
#define LB_MAX_ACTIVE 2000
/* The paragraph's first line follows no line: any level will do. */
#define LB_ANY_LEVEL 1000
/* box_levels: the demerits of a line whose glue is set at ratio r are
 * line_penalty^2 + this * r^2: a line at ratio 1 costs (10 + 100)^2, as
 * in TeX; quadratic rather than TeX's (badness 100|r|^3)^2, so that the
 * paragraph's cost is the spaces' squared deviation that a reader (and
 * a page check's RMS) sees, and a loose line is not traded for several
 * tight ones. */
#define LB_SPACE_DEMERITS 12100.0

void bk_lb_params_default(bk_lb_params *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof(*p));
    p->tolerance = 200;
    p->pretolerance = -1;
    p->emergency_stretch = 0;
    p->looseness = 0;
    p->line_penalty = 10;
    p->flagged_demerits = 10000;
    p->fitness_demerits = 10000;
    p->max_consecutive_hyphens = 2;
    p->box_levels = 0;
}

int bk_lb_params_equal(const bk_lb_params *a, const bk_lb_params *b)
{
    return a->tolerance == b->tolerance && a->pretolerance == b->pretolerance &&
           a->emergency_stretch == b->emergency_stretch && a->looseness == b->looseness &&
           a->looseness_within == b->looseness_within &&
           a->line_penalty == b->line_penalty &&
           a->flagged_demerits == b->flagged_demerits &&
           a->fitness_demerits == b->fitness_demerits &&
           a->max_consecutive_hyphens == b->max_consecutive_hyphens &&
           a->box_levels == b->box_levels;
}

/* TeX's classes: stretched lines by badness 12 and 99, shrunk ones by 12. */
static int fitness_of(const lb_fit *f)
{
    if (f->overfull)
        return BK_LB_TIGHT;
    if (f->reff > 0)
        return f->bad > 99 ? BK_LB_VERY_LOOSE
                           : f->bad > 12 ? BK_LB_LOOSE : BK_LB_DECENT;
    if (f->reff < 0 && f->bad > 12)
        return BK_LB_TIGHT;
    return BK_LB_DECENT;
}

static double line_width(const lb *L, size_t line)
{
    return L->widths[line < L->nwidths ? line : L->nwidths - 1];
}

/* Nodes whose line counts differ only beyond the last distinct width face
 * the same future, so they compete; looseness needs exact line counts. */
static size_t line_class(const lb *L, size_t line)
{
    if (L->looseness != 0 || line < L->nwidths - 1)
        return line;
    return L->nwidths - 1;
}

/* The line of items [s, b) broken at b, in a measure of lw. */
static lb_fit measure(const lb *L, size_t s, size_t b, double lw)
{
    lb_fit o = {0};
    const bk_lb_item *e = L->at;
    double nat = L->w[b] - L->w[s] + (e->kind == BK_LB_PENALTY ? e->width : 0);
    double y = L->y[b] - L->y[s], z = L->z[b] - L->z[s];
    double d = lw - nat; /* >0: short */
    if (s == b) {
        /* An empty line (two forced breaks in a row, or one at the start):
         * a deliberate blank line, nothing to justify. Without this the
         * glue discarded after the first break leaves it "infinitely bad"
         * and the whole paragraph would drop to the final pass. */
        o.fil = 1;
        o.excess = -d;
        return o;
    }
    o.fil = L->f[b] > L->f[s];
    o.excess = -d - z;
    if (o.excess > LB_EPS) {
        o.overfull = 1;
        o.ratio = o.reff = z > 0 ? d / z : -BK_LB_INFINITY;
        o.bad = LB_BAD_MAX;
        return o;
    }
    if (d < 0) {
        /* Rounding may put a line that just fits a hair below -1. */
        o.ratio = z > 0 ? d / z : 0;
        if (o.ratio < -1)
            o.ratio = -1;
        o.reff = o.ratio;
    } else if (d > 0 && !o.fil) {
        o.ratio = y > 0 ? d / y : BK_LB_INFINITY;
        o.reff = y + L->es > 0 ? d / (y + L->es) : BK_LB_INFINITY;
    }
    o.bad = lb_badness(o.reff);
    return o;
}

/* new_node when the nodes or the woken keys must grow first. */
static size_t new_node_grow(lb *L)
{
    if (L->nnodes == L->capnodes) {
        /* about a node per item in Chinese: one growth at most */
        size_t cap = L->capnodes ? L->capnodes * 2 : L->m + 256;
        if (cap > SIZE_MAX / sizeof(lb_node))
            return NONE;
        lb_node *nn = realloc(L->nodes, cap * sizeof(*nn));
        if (!nn)
            return NONE;
        L->nodes = nn;
        L->capnodes = cap;
    }
    if (L->capwoke < L->capnodes) {
        /* room to wake every node at once, so that wake_up never grows
         * it; twice as many keys: the upper half is woke_sort's merge
         * buffer */
        size_t cap = L->capnodes;
        lb_key *nw = cap < SIZE_MAX / (2 * sizeof(lb_key))
                         ? realloc(L->woke, 2 * cap * sizeof(lb_key))
                         : NULL;
        if (!nw)
            return NONE;
        L->woke = nw;
        L->capwoke = cap;
    }
    /* the caller sets every field */
    return L->nnodes++;
}

/* A new node (the caller sets every field), NONE when out of memory;
 * there is room but once in hundreds of nodes. */
static inline size_t new_node(lb *L)
{
    if (L->nnodes < L->capnodes && L->capwoke >= L->capnodes)
        return L->nnodes++;
    return new_node_grow(L);
}

/* The first box or forced break at or after item i (m: none): where the
 * line after a break at i - 1 starts, the glue and penalties after the
 * break discarded. Found when a node is made (a few items on) rather than
 * for every item beforehand; the last answer is kept, as it answers every
 * item from the one asked up to it (a long run of breakpoints without a
 * box between them is then walked once, not once per breakpoint). */
static size_t line_start(lb *L, size_t i)
{
    if (L->ls_from != NONE && i >= L->ls_from && i <= L->ls_at)
        return L->ls_at;
    L->ls_from = i;
    for (; i < L->m; i++) {
        const bk_lb_item *e = lb_item(L, i);
        if (e->kind == BK_LB_BOX || lb_is_forced(e))
            break;
    }
    L->ls_at = i;
    return i;
}

/* The slot in bp of the first breakpoint at or after item `start`, which
 * is after bp[j] (nbp: none); the last answer kept, as line_start's. */
static size_t start_slot(lb *L, size_t j, size_t start)
{
    if (start == L->ss_start)
        return L->ss_slot;
    size_t t = j + 1;
    while (t < L->nbp && L->bp[t] < start)
        t++;
    L->ss_start = start;
    L->ss_slot = t;
    return t;
}

/* Whether a line from item s, in a measure of lw, is certainly too
 * short to be acceptable when broken at b: no infinite stretch, and even
 * with the widest penalty (pwmax) its ratio is above rmax, with a
 * margin for rounding. Such a line is never overfull either. As b grows,
 * lines only get longer and gain stretch, so once false it stays false. */
static int too_short(const lb *L, size_t s, double lw, size_t b)
{
    if (L->f[b] != L->f[s])
        return 0;
    double d = lw - (L->w[b] - L->w[s]) - L->pwmax;
    return d > (L->y[b] - L->y[s] + L->es) * L->rmax + 1e-6 * (1 + lw);
}

/* The first breakpoint b >= start at which a line from `start` (in a
 * measure of lw) may be acceptable in this pass, as its slot in bp: the
 * node's wake (nbp: none); `from` is the slot of the first breakpoint at
 * or after start (start_slot). Chinese, with a break between every two
 * characters and little stretch, keeps a line's worth of nodes active,
 * each acceptable at one or two breaks only; the wake lets the scan pass
 * over the rest without measuring them (the same breaks, at a fraction
 * of the cost). Without a bound on the ratio (the final pass), or when a
 * negative width lets w decrease, the wake is the start's. Galloping
 * search over the breakpoints (too_short only changes once, so this is
 * the first breakpoint at or after the first item where it fails): the
 * wake is about a line away. */
static size_t wake_of(lb *L, size_t start, size_t from, double lw)
{
    if (!(L->rmax > 0) || !L->mono)
        return from;
    if (L->wake_start != NONE && lw == L->wake_lw && start >= L->wake_start) {
        if (start == L->wake_start)
            return L->wake_at;
        /* Nodes come at growing starts: a later start's line is shorter
         * and has less stretch, so it is too short wherever the last one
         * was. */
        if (L->wake_at > from)
            from = L->wake_at;
    }
    size_t lo = from, step = 1, hi = from;
    while (hi < L->nbp && too_short(L, start, lw, L->bp[hi])) {
        lo = hi + 1;
        hi = from + step < L->nbp ? from + step : L->nbp;
        step *= 2;
    }
    /* too_short holds before lo; hi is the first known slot where it fails */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (too_short(L, start, lw, L->bp[mid]))
            lo = mid + 1;
        else
            hi = mid;
    }
    L->wake_start = start;
    L->wake_lw = lw;
    L->wake_at = lo;
    return lo;
}

/* Whether node a comes before node b in the active list. TeX's list
 * (which this one was) is sorted by line class; flush put a node made
 * from a lower class at the front of its class, before those made at
 * earlier breakpoints, and one made from its own class at the end; the
 * nodes of one flush in the order made. */
static int node_before(const lb *L, size_t a, size_t b)
{
    const lb_node *x = &L->nodes[a], *y = &L->nodes[b];
    if (x->cls != y->cls)
        return x->cls < y->cls;
    if (x->batch != y->batch)
        return x->batch < y->batch;
    return a < b;
}

/* Puts node k, just made, to sleep until its wake (always after the
 * breakpoint that made it: wake >= start > pos). */
static void node_sleep(lb *L, size_t k)
{
    lb_node *nd = &L->nodes[k];
    size_t w = nd->wake;
    nd->asleep = LB_ASLEEP;
    nd->next = L->bucket[w];
    L->bucket[w] = k;
    L->nactive++;
}

/* The first node at or after L->sfirst that sleeps (nnodes: none), kept
 * in L->sfirst: a node never falls asleep again, so it only moves on. */
static size_t first_asleep(lb *L)
{
    while (L->sfirst < L->nnodes && L->nodes[L->sfirst].asleep != LB_ASLEEP)
        L->sfirst++;
    return L->sfirst;
}

/* (new_node keeps room for every node) */
static void woke_add(lb *L, size_t k)
{
    L->woke[L->nwoke++] = (lb_key){L->nodes[k].cls, L->nodes[k].batch, k};
    L->nodes[k].asleep = LB_AWAKE;
}

static int key_cmp(const lb_key *a, const lb_key *b)
{
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->batch != b->batch)
        return a->batch < b->batch ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

/* Whether the woken node `w` comes before node k in the active list
 * (node_before). */
static int key_before(const lb *L, const lb_key *w, size_t k)
{
    const lb_node *y = &L->nodes[k];
    if (w->cls != y->cls)
        return w->cls < y->cls;
    if (w->batch != y->batch)
        return w->batch < y->batch;
    return w->k < k;
}

/* Sorts woke[0..nwoke) by key_cmp: bottom-up merges, through the buffer
 * above capwoke (the keys differ, so the order is the one any sort
 * gives; at the last forced break, where every sleeping node wakes in
 * the order made, looseness's classes leave them far from sorted). */
static void woke_merge_sort(lb *L)
{
    size_t n = L->nwoke;
    lb_key *src = L->woke, *dst = L->woke + L->capwoke;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = mid + w < n ? mid + w : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = key_cmp(&src[j], &src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[o++] = src[i++];
            while (j < hi)
                dst[o++] = src[j++];
        }
        lb_key *t = src;
        src = dst;
        dst = t;
    }
    if (src != L->woke)
        memcpy(L->woke, src, n * sizeof(*src));
}

/* Sorts the woken nodes by node_before. They come nearly in order (made
 * in order, and a bucket's in order): by insertion, unless that takes
 * long, then by merging. */
static void woke_sort(lb *L)
{
    size_t n = L->nwoke, moves = 0;
    for (size_t i = 1; i < n && moves <= 8 * n; i++) {
        lb_key k = L->woke[i];
        size_t j = i;
        for (; j > 0 && key_cmp(&k, &L->woke[j - 1]) < 0; j--)
            L->woke[j] = L->woke[j - 1];
        L->woke[j] = k;
        moves += i - j;
    }
    if (moves > 8 * n)
        woke_merge_sort(L);
}

/* Takes out of their buckets, in the order of node_before, the sleeping
 * nodes whose wake is at most bp[j] (all of them when `all`: at a forced
 * break, or the paragraph's end). The caller merges them into the active
 * list (append_woken, then merge_woken). */
static void wake_up(lb *L, size_t j, int all)
{
    L->nwoke = 0;
    if (all) {
        for (size_t k = first_asleep(L); k < L->nnodes; k++) {
            if (L->nodes[k].asleep != LB_ASLEEP)
                continue;
            L->bucket[L->nodes[k].wake] = NONE; /* its other live nodes wake here too */
            woke_add(L, k);
        }
        L->sfirst = L->nnodes;
    } else {
        for (size_t i = L->drained == NONE ? 0 : L->drained + 1; i <= j; i++) {
            size_t first = L->nwoke;
            for (size_t k = L->bucket[i]; k != NONE; k = L->nodes[k].next)
                if (L->nodes[k].asleep == LB_ASLEEP)
                    woke_add(L, k);
            L->bucket[i] = NONE;
            /* a bucket holds the latest first */
            for (size_t lo = first, hi = L->nwoke; hi > lo + 1; lo++, hi--) {
                lb_key t = L->woke[lo];
                L->woke[lo] = L->woke[hi - 1];
                L->woke[hi - 1] = t;
            }
        }
        L->drained = j;
    }
    woke_sort(L);
}

/* Inserts woken node w before cur (NONE: at the end), after prev (NONE:
 * at the head). */
static void splice(lb *L, size_t prev, size_t w, size_t cur)
{
    L->nodes[w].next = cur;
    if (prev == NONE)
        L->head = w;
    else
        L->nodes[prev].next = w;
    if (cur == NONE)
        L->tail = w;
}

/* Takes node k, after prev (NONE: at the head), out of the active list. */
static void unlink_awake(lb *L, size_t prev, size_t k)
{
    size_t next = L->nodes[k].next;
    if (prev == NONE)
        L->head = next;
    else
        L->nodes[prev].next = next;
    if (next == NONE)
        L->tail = prev;
    L->nodes[k].next = NONE;
}

/* Appends the woken nodes that come after every awake one (usually all:
 * a node wakes after those made before it) at the end of the list; the
 * others are left in L->woke. */
static void append_woken(lb *L)
{
    size_t n = L->nwoke;
    while (n > 0 && (L->tail == NONE || !key_before(L, &L->woke[n - 1], L->tail)))
        n--;
    for (size_t i = n; i < L->nwoke; i++)
        splice(L, L->tail, L->woke[i].k, NONE);
    L->nwoke = n;
}

/* Merges the woken nodes into the active list. */
static void merge_woken(lb *L)
{
    size_t prev = NONE, cur = L->head;
    for (size_t i = 0; i < L->nwoke; i++) {
        while (cur != NONE && !key_before(L, &L->woke[i], cur)) {
            prev = cur;
            cur = L->nodes[cur].next;
        }
        splice(L, prev, L->woke[i].k, cur);
        prev = L->woke[i].k;
    }
    L->nwoke = 0;
}

/* wake_up, append_woken and merge_woken for the breakpoints that wake
 * one node at most (most of them): not a forced break (which wakes every
 * sleeping node), and a bucket of one node or none, the only one since
 * the last breakpoint tried. Returns 0, having done nothing, for any
 * other breakpoint. */
static inline int wake_few(lb *L, size_t j, int forced)
{
    if (forced || L->drained + 1 != j)
        return 0;
    size_t k = L->bucket[j];
    if (k != NONE) {
        lb_node *nd = &L->nodes[k];
        if (nd->next != NONE)
            return 0;
        L->bucket[j] = NONE;
        if (nd->asleep == LB_ASLEEP) {
            lb_key key = {nd->cls, nd->batch, k};
            nd->asleep = LB_AWAKE;
            size_t prev = NONE, cur = L->head;
            if (L->tail != NONE && key_before(L, &key, L->tail))
                while (cur != NONE && !key_before(L, &key, cur)) {
                    prev = cur;
                    cur = L->nodes[cur].next;
                }
            else
                prev = L->tail, cur = NONE;
            splice(L, prev, k, cur);
        }
    }
    L->drained = j;
    return 1;
}

/* Keeps the line from node `from` as the candidate of slot k when it is
 * the cheapest so far (the first of equals). */
static void offer(lb *L, lb_cand *c, size_t k, int fit, int level, int run,
                  double total, size_t from, const lb_fit *f)
{
    if (c->used && c->total <= total)
        return;
    if (!c->used)
        L->touched[L->ntouched++] = k;
    c->used = 1;
    c->total = total;
    c->ratio = f->ratio;
    c->from = from;
    c->fitness = fit;
    c->level = level;
    c->run = run;
    c->fil = f->fil;
}

/* Turns the candidates of the line class `group` into active nodes, asleep
 * until their wake (they join the list at the end of their class when
 * that is `group`, else at its front: the list stays sorted). A candidate
 * is dropped when one with no longer hyphen run is cheaper by more than
 * fitness_demerits: whatever follows, that one costs at most
 * fitness_demerits more on the next line, so the dropped one cannot win.
 * (With box_levels no such bound holds: a level may close off what
 * follows, so every level keeps its best candidate.) */
static bk_status flush(lb *L, size_t j, size_t group)
{
    size_t b = L->bp[j];
    /* (every node of a flush starts its line at the same item) */
    size_t start = line_start(L, b + 1), from = start_slot(L, j, start);
    double best[LB_MAX_RUN + 1];
    /* (the cheapest per hyphen run: the bound, which box_levels has not;
     * a lone candidate is never dropped, as it is the cheapest for its
     * run and those after it) */
    const int bound = !L->nlev && L->ntouched > 1;
    for (size_t r = 0; bound && r < L->R; r++)
        best[r] = INFINITY;
    for (size_t t = 0; bound && t < L->ntouched; t++) {
        const lb_cand *c = &L->cand[L->touched[t]];
        size_t r = L->touched[t] % L->R;
        if (c->total < best[r])
            best[r] = c->total;
    }
    for (size_t r = 1; bound && r < L->R; r++)
        if (best[r - 1] < best[r])
            best[r] = best[r - 1];
    for (size_t t = 0; t < L->ntouched; t++) {
        lb_cand *c = &L->cand[L->touched[t]];
        c->used = 0;
        if (bound && c->total > best[L->touched[t] % L->R] + L->p->fitness_demerits)
            continue;
        size_t k = new_node(L);
        if (k == NONE)
            return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "line breaking: out of memory");
        lb_node *nd = &L->nodes[k];
        nd->pos = b;
        nd->start = start;
        nd->line = L->nodes[c->from].line + 1;
        nd->cls = line_class(L, nd->line);
        nd->prev = c->from;
        nd->total = c->total;
        nd->ratio = c->ratio;
        nd->fitness = c->fitness;
        nd->level = c->level;
        nd->run = c->run;
        nd->fil = c->fil;
        nd->lw = line_width(L, nd->line);
        /* (the nodes of a flush share their start: wake_of's last answer) */
        nd->wake = nd->start == L->wake_start && nd->lw == L->wake_lw
                       ? L->wake_at
                       : wake_of(L, nd->start, from, nd->lw);
        nd->batch = nd->cls == group ? (long long)b + 1 : -(long long)b - 2;
        node_sleep(L, k);
    }
    L->ntouched = 0;
    return BK_OK;
}

/* The demerits of a line of badness `bad` broken at L->at, before the
 * flagged demerits (added by the caller after a hyphenated line, in this
 * order, as TeX's). */
static inline double break_demerits(const lb *L, double bad)
{
    const bk_lb_item *e = L->at;
    double pen = e->kind == BK_LB_PENALTY ? e->penalty : 0;
    double d = L->p->line_penalty + bad;
    d *= d;
    if (pen > 0)
        d += pen * pen;
    else if (pen < 0 && !lb_is_forced(e))
        d -= pen * pen;
    return d;
}

/* box_levels: the parts of the line [s, b) that do not depend on its
 * level: its shortfall before the boxes' play, the boxes' stretch and
 * shrink, and the glue's. */
typedef struct lb_glue {
    double d, yb, zb, y, z;
} lb_glue;

/* The line to b from the nodes of one flush (same start and class),
 * measured once for all of them: its fit, whether it is acceptable in
 * this pass, its fitness class and demerits; with box_levels, each
 * level's cost and class, computed when first asked. */
typedef struct lb_meas {
    lb_fit f;
    int ok, fit;
    double base;      /* break_demerits at f.bad */
    /* the line's demerits after a node of fitness class f: base, plus the
     * flagged demerits after a hyphenated line ([1][f], set at a flagged
     * break only), plus the fitness demerits when f is two classes or more
     * from fit, in TeX's order */
    double dem[2][4];
    double base0;     /* box_levels: break_demerits at badness 0 */
    unsigned done;    /* box_levels: bit q + nlev, level q computed */
    lb_glue gl;       /* box_levels: glue_of the line, once done != 0 */
    unsigned usable;  /* ... and usable */
    double cost[2 * BK_LB_MAX_LEVELS + 1];
    int lfit[2 * BK_LB_MAX_LEVELS + 1];
} lb_meas;

/* The measures taken at the current breakpoint, by start: a line's
 * measure depends on its start and width alone (and the pass), and nodes
 * of other classes made at the same breakpoint (looseness keeps a class
 * per line count) measure the same line. A slot is current when its stamp
 * is the breakpoint's. Direct-mapped: a collision only measures again. */
#define LB_MEMO 32
typedef struct lb_memo {
    size_t stamp, start;
    double lw;
    lb_meas m;
} lb_memo;

static lb_glue glue_of(const lb *L, size_t s, size_t b, double lw)
{
    const bk_lb_item *e = L->at;
    double nat = L->w[b] - L->w[s] + (e->kind == BK_LB_PENALTY ? e->width : 0);
    lb_glue g;
    g.d = lw - nat;
    g.yb = L->yb[b] - L->yb[s];
    g.zb = L->zb[b] - L->zb[s];
    g.y = (L->y[b] - L->y[s]) - g.yb;
    g.z = (L->z[b] - L->z[s]) - g.zb;
    return g;
}

/* box_levels: the line (measured whole in *f, its glue in *gl) with its
 * boxes' play taken at level q; *g gets its glue's ratio as set and as
 * judged, and its badness and fitness class. Returns 0 when the glue
 * would have to shrink beyond its shrink. */
static int level_fit(const lb *L, const lb_glue *gl, int q, const lb_fit *f,
                     lb_fit *g)
{
    double phi = (double)q / L->nlev;
    double d = gl->d;
    d -= phi * (phi > 0 ? gl->yb : gl->zb);
    double y = gl->y, z = gl->z;
    g->overfull = f->overfull; /* (of *f, only what level_cost reads) */
    g->ratio = g->reff = 0;
    if (d < 0) {
        if (-d > z + LB_EPS)
            return 0;
        g->ratio = g->reff = z > 0 && d / z > -1 ? d / z : -1;
    } else if (d > 0 && !f->fil) {
        g->ratio = y > 0 ? d / y : BK_LB_INFINITY;
        g->reff = y + L->es > 0 ? d / (y + L->es) : BK_LB_INFINITY;
    }
    g->bad = lb_badness(g->reff);
    return 1;
}

/* box_levels: level q of the line measured in *m (from node a): whether
 * it is usable, its cost and its class, into m's cache. Its demerits come
 * from its glue at that level; the final pass keeps a level whose glue is
 * too tight, at the largest badness, so that it never fails. */
static void level_cost(const lb *L, const lb_node *a, size_t b, lb_meas *m, int q)
{
    unsigned bit = 1u << (q + L->nlev);
    lb_fit g;
    if (!m->done)
        m->gl = glue_of(L, a->start, b, a->lw);
    m->done |= bit;
    if (!level_fit(L, &m->gl, q, &m->f, &g)) {
        if (!L->unlimited)
            return;
        g.bad = LB_BAD_MAX;
    }
    m->usable |= bit;
    /* spacing costs what the spaces' deviation squared costs (the page's
     * evenness), at TeX's scale: a line at ratio 1 as TeX's badness 100
     * would */
    m->cost[q + L->nlev] = g.bad >= LB_BAD_MAX ? LB_BAD_MAX * LB_BAD_MAX
                                               : LB_SPACE_DEMERITS * g.ratio * g.ratio;
    m->lfit[q + L->nlev] = fitness_of(&g);
}

/* box_levels: offers the line from active node `from` to b (measured whole
 * in *m, acceptable) at each level within one of the level before it. */
static void offer_levels(lb *L, size_t from, size_t b, lb_meas *m, int run,
                         int flagged)
{
    const lb_node *a = &L->nodes[from];
    int lo = -L->nlev, hi = L->nlev;
    int jump = L->nlev / 2 > 0 ? L->nlev / 2 : 1;
    if (a->level != LB_ANY_LEVEL) {
        lo = a->level - jump > lo ? a->level - jump : lo;
        hi = a->level + jump < hi ? a->level + jump : hi;
    }
    double brk = m->base0;
    if (flagged && a->run > 0)
        brk += L->p->flagged_demerits;
    /* the candidate slot of a level and hyphen run */
    size_t R = L->R, kr = L->maxrun > 0 ? (size_t)run : 0;
    for (int q = lo; q <= hi; q++) {
        unsigned bit = 1u << (q + L->nlev);
        if (!(m->done & bit))
            level_cost(L, a, b, m, q);
        if (!(m->usable & bit))
            continue;
        double total = a->total + (brk + m->cost[q + L->nlev]);
        size_t k = (size_t)(q + L->nlev) * R + kr;
        lb_cand *cd = &L->cand[k];
        if (cd->used && cd->total <= total)
            continue;
        /* the line is set (and reported) with all its play */
        offer(L, cd, k, m->lfit[q + L->nlev], q, run, total, from, &m->f);
    }
}

/* TeX's final pass, when no line reached b: rather than fail, keep the
 * best line that was not acceptable, from node `rescue` (TeX's
 * artificial_demerits, adding none), so an overlong box becomes one
 * overfull line and the rest of the paragraph is still set total-fit. */
static bk_status rescue_node(lb *L, size_t j, size_t rescue, const lb_fit *rf,
                             int flagged)
{
    size_t k = new_node(L);
    if (k == NONE)
        return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                             "line breaking: out of memory");
    lb_node *nd = &L->nodes[k];
    const lb_node *r = &L->nodes[rescue];
    size_t b = L->bp[j];
    nd->pos = b;
    nd->start = line_start(L, b + 1);
    nd->line = r->line + 1;
    nd->cls = line_class(L, nd->line);
    nd->prev = rescue;
    nd->total = r->total;
    nd->ratio = rf->ratio;
    nd->fitness = fitness_of(rf);
    /* the tightest level the line before allows */
    nd->level = r->level == LB_ANY_LEVEL ? -L->nlev
                : r->level - 1 > -L->nlev ? r->level - 1 : -L->nlev;
    if (!L->nlev)
        nd->level = 0;
    nd->run = flagged ? r->run + 1 : 0;
    nd->fil = rf->fil;
    nd->lw = line_width(L, nd->line);
    nd->wake = wake_of(L, nd->start, start_slot(L, j, nd->start), nd->lw);
    nd->batch = (long long)b + 1;
    node_sleep(L, k);
    return BK_OK;
}

/* lb_meas.dem's row for demerits d: d + adj after a node two fitness
 * classes or more from fit. */
static void dem_row(double row[4], int fit, double d, double adj)
{
    double da = d + adj;
    row[0] = fit >= 2 ? da : d;
    row[1] = fit == 3 ? da : d;
    row[2] = fit == 0 ? da : d;
    row[3] = fit <= 1 ? da : d;
}

/* Measures the line from node a to b for every node of a's flush. */
static void meas_set(const lb *L, const lb_node *a, size_t b, lb_meas *m)
{
    m->f = measure(L, a->start, b, a->lw);
    m->ok = !m->f.overfull && (L->unlimited || m->f.bad <= L->tol);
    if (!m->ok)
        return;
    if (L->nlev) {
        m->base0 = break_demerits(L, 0);
        m->done = m->usable = 0;
    } else {
        m->fit = fitness_of(&m->f);
        m->base = break_demerits(L, m->f.bad);
        const bk_lb_item *e = L->at;
        dem_row(m->dem[0], m->fit, m->base, L->p->fitness_demerits);
        if (e->kind == BK_LB_PENALTY && e->flagged)
            dem_row(m->dem[1], m->fit, m->base + L->p->flagged_demerits,
                    L->p->fitness_demerits);
    }
}

/* The measure of the line from node a to b (meas_set), taken once per
 * breakpoint for each start and line width. */
static lb_meas *meas_get(lb *L, const lb_node *a, size_t b)
{
    double lw = a->lw;
    lb_memo *e = &L->memo[a->start % LB_MEMO];
    if (e->stamp != L->stamp || e->start != a->start || e->lw != lw) {
        e->stamp = L->stamp;
        e->start = a->start;
        e->lw = lw;
        meas_set(L, a, b, &e->m);
    }
    return &e->m;
}

/* What try_break's scan reads at every node, loaded once per breakpoint
 * (through L the compiler would load it again after every store). */
typedef struct lb_scan {
    lb_node *nodes; /* L->nodes: reloaded after a flush, which may move it */
    lb_cand *cand;
    size_t R;
    int maxrun, nlev, flagged, forced;
} lb_scan;

/* Offers the line from active node `cur` to b (measured in *m,
 * acceptable) to the candidates. */
static void offer_line(lb *L, const lb_scan *sc, size_t cur, size_t b,
                       lb_meas *m)
{
    const lb_node *a = &sc->nodes[cur];
    int run = sc->flagged ? a->run + 1 : 0;
    if (sc->maxrun > 0 && run > sc->maxrun)
        return; /* too many hyphens in a row */
    if (sc->nlev) {
        offer_levels(L, cur, b, m, run, sc->flagged);
        return;
    }
    double total = a->total + m->dem[sc->flagged && a->run > 0][a->fitness];
    size_t k = (size_t)m->fit * sc->R + (sc->maxrun > 0 ? (size_t)run : 0);
    lb_cand *c = &sc->cand[k];
    if (c->used && c->total <= total)
        return;
    offer(L, c, k, m->fit, 0, run, total, cur, &m->f);
}

/* The scan's rescue: the least overfull line (among lines that fit, the
 * cheapest) from a node done at this breakpoint, in case nothing else
 * reaches it. */
static void rescue_keep(const lb *L, size_t cur, const lb_fit *f,
                        size_t *rescue, lb_fit *rescue_fit)
{
    double over = f->excess > 0 ? f->excess : 0;
    double rover = rescue_fit->excess > 0 ? rescue_fit->excess : 0;
    if (*rescue == NONE || over < rover - LB_EPS ||
        (over <= rover + LB_EPS &&
         L->nodes[cur].total < L->nodes[*rescue].total)) {
        *rescue = cur;
        *rescue_fit = *f;
    }
}

/* Tries every active node against the breakpoint b = bp[j]: the sleeping nodes
 * whose wake it reached join the list first. Steps per node: flush the
 * candidates when the line class changes; measure (once per flush
 * group); offer; deactivate a node whose lines are now too long. */
static bk_status try_break(lb *L, size_t j)
{
    size_t b = L->bp[j];
    const bk_lb_item *e = L->at = lb_item(L, b);
    lb_scan sc = {.cand = L->cand, .R = L->R, .maxrun = L->maxrun,
                  .nlev = L->nlev, .forced = lb_is_forced(e),
                  .flagged = e->kind == BK_LB_PENALTY && e->flagged};
    size_t prev = NONE, cur, group = NONE, rescue = NONE;
    lb_fit rescue_fit = {0};
    /* Nodes one flush made share their start and class, so their line to
     * b measures the same: looked up once (m is set at the first node);
     * ok: the line is acceptable; done: the nodes are done at b. */
    lb_meas *m = NULL;
    size_t fs = NONE;
    int ok = 0, done = 0;
    /* at a break that is not flagged, without box_levels (most of them):
     * every line to b has hyphen run 0, so a group's lines share one
     * candidate slot gk, and differ only in the fitness demerits */
    const int plain = !sc.flagged && !sc.nlev;
    size_t gk = 0;
    bk_status st;

    L->stamp++;

    if (!wake_few(L, j, sc.forced)) {
        wake_up(L, j, sc.forced);
        append_woken(L);
        merge_woken(L);
    }
    sc.nodes = L->nodes;
    cur = L->head;
    for (;;) {
        if (cur == NONE || sc.nodes[cur].cls != group) {
            if (L->ntouched && (st = flush(L, j, group)))
                return st;
            sc.nodes = L->nodes;
            if (cur == NONE)
                break;
            group = sc.nodes[cur].cls;
            fs = NONE;
        }
        /* Every awake node has a line to b: it woke at its wake, which is
         * not before its start, at or before b; or at a forced break, after
         * its start (the first box or forced break after its own). */
        const lb_node *a = &sc.nodes[cur];
        size_t next = a->next;
        if (a->start != fs) {
            m = meas_get(L, a, b);
            fs = a->start;
            ok = m->ok;
            done = m->f.overfull || sc.forced;
            gk = ok && plain ? (size_t)m->fit * sc.R : 0;
        }
        if (ok && plain) {
            double total = a->total + m->dem[0][a->fitness];
            lb_cand *c = &sc.cand[gk];
            if (!(c->used && c->total <= total))
                offer(L, c, gk, m->fit, 0, 0, total, cur, &m->f);
        } else if (ok) {
            offer_line(L, &sc, cur, b, m);
        }
        if (done) {
            /* Lines from a only get longer (or, at a forced break, must end
             * here): a is done. */
            if (L->pass == 3) /* (the rescue serves the final pass only) */
                rescue_keep(L, cur, &m->f, &rescue, &rescue_fit);
            unlink_awake(L, prev, cur);
            L->nactive--;
        } else {
            prev = cur;
        }
        cur = next;
    }

    if (L->nactive == 0 && L->pass == 3 && rescue != NONE)
        return rescue_node(L, j, rescue, &rescue_fit, sc.flagged);
    return BK_OK;
}

/* Keeps the active list bounded on degenerate input (see LB_MAX_ACTIVE):
 * the node that has been active longest is the one whose line is longest,
 * the nearest to being deactivated anyway. */
static size_t age_key(const lb_node *nd)
{
    return nd->pos == NONE ? 0 : nd->pos + 1; /* the start is oldest */
}

/* Whether node a is evicted before node b: the older, then the first in
 * the list. */
static int evict_before(const lb *L, size_t a, size_t b)
{
    size_t ka = age_key(&L->nodes[a]), kb = age_key(&L->nodes[b]);
    return ka != kb ? ka < kb : node_before(L, a, b);
}

static void evict(lb *L)
{
    while (L->nactive > LB_MAX_ACTIVE) {
        size_t best = NONE, best_prev = NONE, prev = NONE;
        for (size_t k = L->head; k != NONE; prev = k, k = L->nodes[k].next)
            if (best == NONE || evict_before(L, k, best)) {
                best = k;
                best_prev = prev;
            }
        /* the oldest sleeping nodes are the first (nodes are made at
         * growing breakpoints) */
        size_t sbest = NONE, s0 = first_asleep(L);
        for (size_t k = s0; k < L->nnodes && age_key(&L->nodes[k]) == age_key(&L->nodes[s0]);
             k++)
            if (L->nodes[k].asleep == LB_ASLEEP && (sbest == NONE || evict_before(L, k, sbest)))
                sbest = k;
        if (sbest != NONE && (best == NONE || evict_before(L, sbest, best))) {
            L->nodes[sbest].asleep = LB_EVICTED;
        } else {
            unlink_awake(L, best_prev, best);
        }
        L->nactive--;
    }
}

/* (linebreak-private.h) */
bk_status bk_lb_pass_run(lb *L, int pass, int *ok)
{
    bk_status st;
    L->pass = pass;
    L->es = pass >= 2 ? L->p->emergency_stretch : 0;
    L->tol = pass == 0 ? L->p->pretolerance : L->p->tolerance;
    L->unlimited = pass == 3 || L->tol >= BK_LB_INFINITY;
    /* Pass 3 accepts any line, so it could meet any looseness, with lines
     * no one wants: there the paragraph just gets its best breaks. */
    L->looseness = pass == 3 ? 0 : L->p->looseness;
    L->rmax = L->unlimited ? 0 : cbrt(L->tol / 100) * (1 + 1e-9);
    L->wake_start = NONE;
    L->nnodes = 0;
    L->ntouched = 0;
    memset(L->bucket, 0xff, (L->nbp + 1) * sizeof(size_t)); /* NONE */
    L->drained = NONE;
    L->head = L->tail = NONE;
    L->sfirst = 0;
    L->nactive = 0;
    *ok = 0;
    size_t k = new_node(L);
    if (k == NONE)
        return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                             "line breaking: out of memory");
    L->nodes[k] = (lb_node){0};
    L->nodes[k].pos = NONE;
    L->nodes[k].start = 0;
    L->nodes[k].prev = NONE;
    L->nodes[k].fitness = BK_LB_DECENT;
    L->nodes[k].level = L->nlev ? LB_ANY_LEVEL : 0;
    L->nodes[k].cls = line_class(L, 0);
    L->nodes[k].lw = line_width(L, 0);
    L->nodes[k].wake = wake_of(L, 0, 0, L->nodes[k].lw);
    L->nodes[k].batch = 0;
    node_sleep(L, k);
    for (size_t j = 0; j < L->nbp; j++) {
        const bk_lb_item *e = pass == 0 ? lb_item(L, L->bp[j]) : NULL;
        if (e && e->kind == BK_LB_PENALTY && e->flagged == BK_LB_HYPHENATION)
            continue;
        /* Every node asleep, none waking here, and not a forced break
         * (which wakes them all): nothing to try (Chinese, between the
         * wakes, mostly). */
        if (L->head == NONE && L->bucket[j] == NONE && L->drained + 1 == j &&
            !lb_is_forced(lb_item(L, L->bp[j]))) {
            L->drained = j;
            continue;
        }
        if ((st = try_break(L, j)))
            return st;
        if (L->nactive == 0)
            return BK_OK;
        evict(L);
    }
    /* every node left ends the paragraph: choose reads them in order */
    wake_up(L, L->nbp, 1);
    append_woken(L);
    merge_woken(L);
    *ok = 1;
    return BK_OK;
}

/* The per-item arrays of one call, carved from the scratch's one block
 * (all of them hold 8-byte values, so each stays aligned); the sums
 * (w, y, z, yb, zb, bp, f) only `with_sums` (else they are in a
 * bk_lb_sums). */
static bk_status lb_alloc(lb *L, int with_sums)
{
    size_t m1 = L->m + 1, ncand = L->ncls * L->R;
    if (L->m > SIZE_MAX / 256)
        return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                             "line breaking: paragraph too long");
    size_t bytes = LB_MEMO * sizeof(lb_memo) + m1 * sizeof(size_t) +
                   ncand * (sizeof(lb_cand) + sizeof(size_t));
    if (with_sums)
        bytes += 5 * m1 * sizeof(double) + 2 * m1 * sizeof(size_t);
    bk_lb_scratch *scr = L->scr;
    if (bytes > scr->capsums) {
        free(scr->sums);
        scr->capsums = 0;
        scr->sums = malloc(bytes);
        if (!scr->sums)
            return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "line breaking: out of memory");
        scr->capsums = bytes;
    }
    char *q = scr->sums;
    L->memo = (lb_memo *)q, q += LB_MEMO * sizeof(lb_memo);
    if (with_sums) {
        L->w = (double *)q, q += m1 * sizeof(double);
        L->y = (double *)q, q += m1 * sizeof(double);
        L->z = (double *)q, q += m1 * sizeof(double);
        L->yb = (double *)q, q += m1 * sizeof(double);
        L->zb = (double *)q, q += m1 * sizeof(double);
    }
    L->cand = (lb_cand *)q, q += ncand * sizeof(lb_cand);
    if (with_sums) {
        L->bp = (size_t *)q, q += m1 * sizeof(size_t);
        L->f = (size_t *)q, q += m1 * sizeof(size_t);
    }
    L->bucket = (size_t *)q, q += m1 * sizeof(size_t);
    L->touched = (size_t *)q;
    memset(L->cand, 0, ncand * sizeof(lb_cand));
    /* stamps start at 0 with each call (L->stamp is 0): no slot is current */
    for (size_t i = 0; i < LB_MEMO; i++)
        L->memo[i].stamp = 0;
    return BK_OK;
}

/* A bk_lb_sums block for L's items (L->m set), in *sums (grown when too
 * small; yb and zb only with `lev`), its arrays L's. NULL: out of memory
 * (*sums then unchanged). */
static bk_lb_sums *sums_make(lb *L, bk_lb_sums **sums, int lev)
{
    size_t m1 = L->m + 1, nd = lev ? 5 : 3; /* (lb_alloc bounded m) */
    size_t bytes = sizeof(bk_lb_sums) + nd * m1 * sizeof(double) + 2 * m1 * sizeof(size_t);
    bk_lb_sums *ks = *sums;
    if (!ks || ks->bytes < bytes) {
        ks = realloc(ks, bytes);
        if (!ks)
            return NULL;
        ks->bytes = bytes;
        *sums = ks;
    }
    char *q = (char *)(ks + 1);
    ks->w = L->w = (double *)q, q += m1 * sizeof(double);
    ks->y = L->y = (double *)q, q += m1 * sizeof(double);
    ks->z = L->z = (double *)q, q += m1 * sizeof(double);
    ks->yb = ks->zb = NULL;
    if (lev) {
        ks->yb = (double *)q, q += m1 * sizeof(double);
        ks->zb = (double *)q, q += m1 * sizeof(double);
    }
    L->yb = ks->yb;
    L->zb = ks->zb;
    ks->bp = L->bp = (size_t *)q, q += m1 * sizeof(size_t);
    ks->f = L->f = (size_t *)q;
    ks->ne = ks->m = 0; /* (not these items' until bk_lb_prepare is done) */
    ks->lev = lev;
    return ks;
}

void bk_lb_sums_free(bk_lb_sums *sums)
{
    free(sums);
}

/* The running sums of bk_lb_prepare, in locals: through L's arrays,
 * which may alias each other, every term would be loaded again after
 * each store. */
typedef struct lb_acc {
    double w, y, z, yb, zb, pwmax;
    size_t f;
    int mono;
} lb_acc;

/* The state of bk_lb_prepare's search for the legal breakpoints, made
 * in the same walk over the items as the sums: bp[0..nb) found so far,
 * those from pend on still waiting for the next box or forced break
 * (after which they are legal or not); whether the last item was a box. */
typedef struct lb_brk {
    size_t nb, pend;
    int prev_box;
} lb_brk;

/* Item i (e) into the prefix sums (a box's own play, letter-spacing,
 * counts like glue's, but a box is never discarded at a break), the
 * search for the legal breakpoints, and *odd (lb_item_ok's test, item by
 * item, in terms cheaper to add up). The legal breakpoints are TeX's
 * (glue that follows a box, penalties below infinity), but not where
 * only discardable items come before a forced break, which would only
 * leave an empty line: so a breakpoint waits for the next box (legal) or
 * forced break (not, but a forced break is). By kind, so that each adds
 * only the terms it has (a term of 0 leaves a sum as it is: no sum is
 * ever -0). yb and zb are stored only when `lev` (box_levels reads them). */
__attribute__((always_inline)) static inline void
item_add(lb *L, lb_acc *a, lb_brk *k, size_t i, const bk_lb_item *e, int lev, int *odd)
{
    switch (e->kind) {
    case BK_LB_BOX:
        *odd |= !((e->stretch >= 0) & (e->shrink >= 0));
        a->w += e->width;
        if (isfinite(e->stretch))
            a->y += e->stretch;
        a->z += e->shrink;
        a->yb += e->stretch;
        a->zb += e->shrink;
        if (e->width < 0)
            a->mono = 0;
        k->pend = k->nb; /* the breakpoints waiting are legal */
        k->prev_box = 1;
        break;
    case BK_LB_GLUE:
        *odd |= !((e->stretch >= 0) & (e->shrink >= 0));
        a->w += e->width;
        if (isfinite(e->stretch))
            a->y += e->stretch;
        else
            a->f++;
        a->z += e->shrink;
        if (e->width < 0)
            a->mono = 0;
        if (k->prev_box)
            L->bp[k->nb++] = i;
        k->prev_box = 0;
        break;
    case BK_LB_PENALTY:
        *odd |= isnan(e->penalty) != 0;
        if (e->width > a->pwmax)
            a->pwmax = e->width;
        if (lb_is_forced(e)) {
            /* the breakpoints waiting are not legal; this one is */
            k->nb = k->pend;
            L->bp[k->nb++] = i;
            k->pend = k->nb;
        } else if (e->penalty < BK_LB_INFINITY) {
            L->bp[k->nb++] = i;
        }
        k->prev_box = 0;
        break;
    default: /* (not well formed: its width counts, as any but a penalty's) */
        *odd = 1;
        a->w += e->width;
        if (e->width < 0)
            a->mono = 0;
        k->prev_box = 0;
        break;
    }
    L->w[i + 1] = a->w;
    L->y[i + 1] = a->y;
    L->z[i + 1] = a->z;
    L->f[i + 1] = a->f;
    if (lev) {
        L->yb[i + 1] = a->yb;
        L->zb[i + 1] = a->zb;
    }
}

/* The items in place (the finish in L->fin when the last item does not
 * force a break: copying them all to append it cost as much as the sums),
 * whether they are certainly well formed (L->items_ok), the prefix sums
 * of widths, stretch, shrink and infinite stretch that make a line's
 * width an O(1) lookup, and the legal breakpoints, in one walk; or, when
 * *sums holds these items' (bk_lb_break_sums), those read from there. */
bk_status bk_lb_prepare(lb *L, const bk_lb_item *items, size_t ne, int finish,
                        bk_lb_sums **sums)
{
    bk_status st;
    L->nout = ne;
    L->m = ne + (finish ? 2 : 0);
    L->maxrun = L->p->max_consecutive_hyphens > LB_MAX_RUN
                    ? 0
                    : L->p->max_consecutive_hyphens;
    L->R = L->maxrun > 0 ? (size_t)L->maxrun + 1 : 1;
    L->nlev = L->p->box_levels;
    L->ncls = L->nlev ? 2 * (size_t)L->nlev + 1 : 4;
    L->it = items;
    L->fin[0] = (bk_lb_item){.kind = BK_LB_GLUE, .stretch = BK_LB_FIL};
    L->fin[1] = (bk_lb_item){.kind = BK_LB_PENALTY, .penalty = -BK_LB_INFINITY};
    L->ls_from = L->ss_start = NONE;
    const int lev = L->nlev != 0;
    bk_lb_sums *ks = sums ? *sums : NULL;
    if (ks && ks->ne == ne && ks->m == L->m && (ks->lev || !lev)) {
        if ((st = lb_alloc(L, 0)))
            return st;
        L->w = ks->w, L->y = ks->y, L->z = ks->z, L->yb = ks->yb, L->zb = ks->zb;
        L->f = ks->f, L->bp = ks->bp;
        L->items_ok = ks->items_ok;
        L->pwmax = ks->pwmax;
        L->mono = ks->mono;
        L->nbp = ks->nbp;
        return BK_OK;
    }
    if ((st = lb_alloc(L, !sums)))
        return st;
    if (sums && !(ks = sums_make(L, sums, lev)))
        return bk_diag_error(L->diag, BK_EINTERNAL, NULL, 0, 0,
                             "line breaking: out of memory");
    L->w[0] = L->y[0] = L->z[0] = 0;
    if (lev)
        L->yb[0] = L->zb[0] = 0;
    L->f[0] = 0;
    lb_acc a = {.mono = 1};
    /* lb_item_ok's test: the kinds and signs item by item (item_add), and
     * the sum of the widths, and the sums of shrink and of the boxes'
     * stretch, which are finite when each term is (or overflow:
     * check_items then finds nothing) */
    int odd = 0, fin_odd = 0;
    double all = 0;
    lb_brk k = {0};
    for (size_t i = 0; i < ne; i++) {
        all += items[i].width;
        item_add(L, &a, &k, i, &items[i], lev, &odd);
    }
    L->items_ok = !odd && isfinite(all) && isfinite(a.z) && isfinite(a.yb);
    for (size_t i = ne; i < L->m; i++)
        item_add(L, &a, &k, i, &L->fin[i - ne], lev, &fin_odd);
    L->pwmax = a.pwmax;
    L->mono = a.mono;
    /* (the last item is forced: no breakpoint waits) */
    L->nbp = k.nb;
    if (ks) {
        ks->ne = ne;
        ks->m = L->m;
        ks->items_ok = L->items_ok;
        ks->pwmax = L->pwmax;
        ks->mono = L->mono;
        ks->nbp = L->nbp;
    }
    return BK_OK;
}
