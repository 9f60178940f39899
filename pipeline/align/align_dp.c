/* align_dp.c — the dynamic programme over two texts, and the links of
 * several texts joined from their pairwise alignments (see align.h).
 */
#include "align_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The penalty for a pair whose relative positions differ by the whole
 * text: a strong shared date or name outweighs it, a lone shared year
 * does not. */
#define POSITION_PENALTY 3.0
/* Texts longer than this (units of one times units of the other: about
 * 2000 sentences each, 36 MB) are refused rather than made to take all
 * memory. */
#define MAX_CELLS (4u * 1000u * 1000u)
#define NONE ((size_t)-1)
/* The most pairs joined into links of three texts or more. */
#define MAX_JOINED 600

enum { FROM_NONE, FROM_UP, FROM_LEFT, FROM_DIAG };

static bk_status oom(bk_ctx *ctx)
{
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* V[i][j]: the best total over the first i units of a and j of b. */
static void dp_fill(const bk_atext *a, const bk_atext *b, double *V, unsigned char *B)
{
    size_t w = b->n + 1;
    for (size_t i = 0; i <= a->n; i++)
        for (size_t j = 0; j <= b->n; j++) {
            double best = 0;
            unsigned char from = FROM_NONE;
            if (i > 0 && V[(i - 1) * w + j] >= best) {
                best = V[(i - 1) * w + j];
                from = FROM_UP;
            }
            if (j > 0 && V[i * w + j - 1] > best) {
                best = V[i * w + j - 1];
                from = FROM_LEFT;
            }
            if (i > 0 && j > 0 && a->u[i - 1].na && b->u[j - 1].na) {
                double s = bk_align_score(a, i - 1, b, j - 1, NULL);
                double g = s - POSITION_PENALTY * fabs(a->u[i - 1].pos - b->u[j - 1].pos);
                if (s >= BK_ALIGN_MIN_SCORE && g > 0 && V[(i - 1) * w + j - 1] + g > best) {
                    best = V[(i - 1) * w + j - 1] + g;
                    from = FROM_DIAG;
                }
            }
            V[i * w + j] = best;
            B[i * w + j] = from;
        }
}

bk_status bk_align_pair(bk_ctx *ctx, const bk_atext *a, const bk_atext *b, bk_apair **out,
                        size_t *n)
{
    bk_status st = BK_OK;
    size_t w = b->n + 1, cells = (a->n + 1) * w;
    *out = NULL;
    *n = 0;
    if (a->n > MAX_CELLS / w)
        return bk_diag_error(ctx->diag, BK_EINPUT, a->flow->file, 0, 0,
                             "too long to align with %s (%zu × %zu sentences; at most %u cells)",
                             b->flow->file, a->n, b->n, MAX_CELLS);
    double *V = malloc(cells * sizeof *V);
    unsigned char *B = malloc(cells);
    bk_apair *p = malloc((a->n < b->n ? a->n : b->n) * sizeof *p + sizeof *p);
    if (!V || !B || !p) {
        st = oom(ctx);
        goto done;
    }
    dp_fill(a, b, V, B);
    size_t i = a->n, j = b->n, k = 0;
    while (i > 0 || j > 0) {
        unsigned char f = B[i * w + j];
        if (f == FROM_DIAG) {
            p[k++] = (bk_apair){i - 1, j - 1, bk_align_score(a, i - 1, b, j - 1, NULL)};
            i--;
            j--;
        } else if (f == FROM_UP || (f == FROM_NONE && i > 0)) {
            i--;
        } else {
            j--;
        }
    }
    for (size_t x = 0; x < k / 2; x++) {
        bk_apair t = p[x];
        p[x] = p[k - 1 - x];
        p[k - 1 - x] = t;
    }
    *out = p;
    *n = k;
    p = NULL;
done:
    free(V);
    free(B);
    free(p);
    return st;
}

/* ---- several texts ------------------------------------------------------ */

typedef struct edge {
    size_t ta, ua, tb, ub;
    double score;
} edge;

static int edge_cmp(const void *x, const void *y)
{
    double a = ((const edge *)x)->score, b = ((const edge *)y)->score;
    return a < b ? 1 : a > b ? -1 : 0;
}

/* 1 if link g comes before link h in some text they share, -1 after, 0 if
 * they share none; 2 when the texts disagree. */
static int order(const bk_alink *g, const bk_alink *h, size_t n)
{
    int r = 0;
    for (size_t t = 0; t < n; t++) {
        if (g->unit[t] == NONE || h->unit[t] == NONE)
            continue;
        int s = g->unit[t] < h->unit[t] ? 1 : g->unit[t] > h->unit[t] ? -1 : 2;
        if (s == 2 || (r && s != r))
            return 2;
        r = s;
    }
    return r;
}

/* 1 if the links can be put in one order that keeps every text's order
 * (no cycle in "comes before"). */
static int orderable(const bk_alink *l, size_t m, size_t n, unsigned char *mark, size_t *stack)
{
    memset(mark, 0, m);
    for (size_t s = 0; s < m; s++) {
        if (mark[s])
            continue;
        /* iterative DFS: mark 1 = on the path, 2 = done */
        size_t top = 0;
        stack[top++] = s;
        mark[s] = 1;
        while (top) {
            size_t g = stack[top - 1], next = NONE;
            for (size_t h = 0; h < m && next == NONE; h++) {
                int o = h == g ? 0 : order(&l[g], &l[h], n);
                if (o == 2)
                    return 0; /* the texts disagree, or a unit is in both */
                if (o != 1)
                    continue;
                if (mark[h] == 1)
                    return 0;
                if (!mark[h])
                    next = h;
            }
            if (next == NONE) {
                mark[g] = 2;
                top--;
            } else {
                mark[next] = 1;
                stack[top++] = next;
            }
        }
    }
    return 1;
}

static double mean_pos(bk_atext *const *t, size_t n, const bk_alink *l)
{
    double s = 0;
    int c = 0;
    for (size_t k = 0; k < n; k++)
        if (l->unit[k] != NONE) {
            s += t[k]->u[l->unit[k]].pos;
            c++;
        }
    return c ? s / c : 0;
}

/* Puts the links in an order that keeps every text's order, the earliest
 * (by mean relative position) first among those free to go. */
static int links_sort(bk_atext *const *t, size_t n, bk_alink *l, size_t m)
{
    bk_alink *out = malloc((m ? m : 1) * sizeof *out);
    unsigned char *used = calloc(m ? m : 1, 1);
    if (!out || !used) {
        free(out);
        free(used);
        return -1;
    }
    for (size_t k = 0; k < m; k++) {
        size_t best = NONE;
        for (size_t g = 0; g < m; g++) {
            if (used[g])
                continue;
            int free_to_go = 1;
            for (size_t h = 0; h < m && free_to_go; h++)
                free_to_go = used[h] || h == g || order(&l[h], &l[g], n) != 1;
            if (free_to_go && (best == NONE || mean_pos(t, n, &l[g]) < mean_pos(t, n, &l[best])))
                best = g;
        }
        if (best == NONE)
            break; /* cannot happen: the links are orderable */
        used[best] = 1;
        out[k] = l[best];
    }
    memcpy(l, out, m * sizeof *l);
    free(out);
    free(used);
    return 0;
}

/* Joins edge e into the links: into the link holding one of its units
 * when the other text is free there, else a new link; then keeps it only
 * if every text's order can still be kept. */
static int edge_join(bk_alink *l, size_t *m, size_t n, const edge *e, unsigned char *mark,
                     size_t *stack)
{
    size_t g = NONE;
    for (size_t k = 0; k < *m && g == NONE; k++)
        if (l[k].unit[e->ta] == e->ua || l[k].unit[e->tb] == e->ub)
            g = k;
    bk_alink keep;
    if (g != NONE) {
        if ((l[g].unit[e->ta] != NONE && l[g].unit[e->ta] != e->ua) ||
            (l[g].unit[e->tb] != NONE && l[g].unit[e->tb] != e->ub))
            return 0;
        for (size_t k = 0; k < *m; k++) /* the other unit must be in no other link */
            if (k != g && (l[k].unit[e->ta] == e->ua || l[k].unit[e->tb] == e->ub))
                return 0;
        keep = l[g];
    } else {
        g = (*m)++;
        for (size_t k = 0; k < 8; k++)
            l[g].unit[k] = NONE;
        l[g].score = 0;
        keep = l[g];
    }
    l[g].unit[e->ta] = e->ua;
    l[g].unit[e->tb] = e->ub;
    l[g].score += e->score;
    if (!orderable(l, *m, n, mark, stack)) {
        if (keep.score == 0 && keep.unit[e->ta] == NONE && keep.unit[e->tb] == NONE &&
            g == *m - 1)
            (*m)--;
        else
            l[g] = keep;
    }
    return 0;
}

/* The pairwise alignments of all pairs of texts, as edges. */
static bk_status edges_all(bk_ctx *ctx, bk_atext *const *t, size_t n, edge **out, size_t *ne)
{
    size_t cap = 0;
    *out = NULL;
    *ne = 0;
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++) {
            bk_apair *p = NULL;
            size_t np = 0;
            bk_status st = bk_align_pair(ctx, t[a], t[b], &p, &np);
            if (st)
                return st;
            if (*ne + np > cap) {
                cap = 2 * (*ne + np) + 16;
                edge *e = realloc(*out, cap * sizeof *e);
                if (!e) {
                    free(p);
                    return oom(ctx);
                }
                *out = e;
            }
            for (size_t k = 0; k < np; k++)
                (*out)[(*ne)++] = (edge){a, p[k].i, b, p[k].j, p[k].score};
            free(p);
        }
    return BK_OK;
}

/* 1 if the sentences of unit u's block before it hold no anchor: the link
 * may start with the paragraph. */
static int quiet_before(const bk_atext *t, size_t u)
{
    const bk_unit *x = &t->u[u];
    for (size_t k = u - (x->nth - 1); k < u; k++)
        for (size_t i = 0; i < t->u[k].na; i++)
            if (t->u[k].a[i].key[0] != 'y')
                return 0;
    return 1;
}

/* Merges each link into the one before when it falls in the same
 * paragraphs and adds no text; starts a link with its paragraph when the
 * sentences before it say nothing another link needs. */
static void links_tidy(bk_atext *const *t, size_t n, bk_alink *l, size_t *m)
{
    size_t w = 0;
    for (size_t k = 0; k < *m; k++) {
        int same = w > 0;
        for (size_t x = 0; x < n && same; x++) {
            if (l[k].unit[x] == NONE)
                continue;
            same = l[w - 1].unit[x] != NONE &&
                   t[x]->u[l[w - 1].unit[x]].block == t[x]->u[l[k].unit[x]].block;
        }
        if (same)
            l[w - 1].score += l[k].score;
        else
            l[w++] = l[k];
    }
    *m = w;
    for (size_t x = 0; x < n; x++) {
        size_t prev_block = NONE;
        for (size_t k = 0; k < *m; k++) {
            size_t u = l[k].unit[x];
            if (u == NONE)
                continue;
            const bk_unit *un = &t[x]->u[u];
            if (un->nth > 1 && un->block != prev_block && quiet_before(t[x], u))
                l[k].unit[x] = u - (un->nth - 1);
            prev_block = un->block;
        }
    }
}

/* The links of two texts: the pairs of the programme, in order. */
static bk_status pair_links(bk_ctx *ctx, bk_atext *const *t, bk_alink **out, size_t *nout)
{
    bk_apair *p = NULL;
    size_t np = 0;
    bk_status st = bk_align_pair(ctx, t[0], t[1], &p, &np);
    bk_alink *l = st ? NULL : malloc((np ? np : 1) * sizeof *l);
    if (!st && !l)
        st = oom(ctx);
    for (size_t k = 0; !st && k < np; k++) {
        for (size_t x = 0; x < 8; x++)
            l[k].unit[x] = NONE;
        l[k].unit[0] = p[k].i;
        l[k].unit[1] = p[k].j;
        l[k].score = p[k].score;
    }
    if (!st) {
        links_tidy(t, 2, l, &np);
        *out = l;
        *nout = np;
    }
    free(p);
    return st;
}

bk_status bk_align_links(bk_ctx *ctx, bk_atext *const *t, size_t n, bk_alink **out,
                         size_t *nout)
{
    edge *e = NULL;
    size_t ne = 0, m = 0;
    bk_alink *l = NULL;
    unsigned char *mark = NULL;
    size_t *stack = NULL;
    *out = NULL;
    *nout = 0;
    if (n < 2 || n > 8)
        return bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                             "align takes two to eight texts (%zu given)", n);
    if (n == 2) /* one pairwise alignment: its pairs are the links */
        return pair_links(ctx, t, out, nout);
    bk_status st = edges_all(ctx, t, n, &e, &ne);
    if (st)
        goto done;
    if (n > 2 && ne > MAX_JOINED) { /* joining is cubic in the pairs */
        st = bk_diag_error(ctx->diag, BK_EINPUT, t[0]->flow->file, 0, 0,
                           "%zu pairs of passages to join into links of %zu texts, more than %d: "
                           "align the texts two by two",
                           ne, n, MAX_JOINED);
        goto done;
    }
    qsort(e, ne, sizeof *e, edge_cmp);
    l = malloc((ne ? ne : 1) * sizeof *l);
    mark = malloc(ne ? ne : 1);
    stack = malloc((ne ? ne : 1) * sizeof *stack);
    if (!l || !mark || !stack) {
        st = oom(ctx);
        goto done;
    }
    for (size_t k = 0; k < ne; k++)
        edge_join(l, &m, n, &e[k], mark, stack);
    if (links_sort(t, n, l, m) < 0) {
        st = oom(ctx);
        goto done;
    }
    links_tidy(t, n, l, &m);
    *out = l;
    *nout = m;
    l = NULL;
done:
    free(e);
    free(l);
    free(mark);
    free(stack);
    return st;
}
