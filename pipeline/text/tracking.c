/* tracking.c — letter-spacing of a paragraph's lines (see tracking.h). */
#include "tracking.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define S (2 * BK_TRACK_STEPS + 1) /* states: -limit .. +limit */
#define JUMP (BK_TRACK_STEPS / 2)  /* largest step between adjacent lines */
/* What tracking at the limit costs, and a change of the limit between two
 * lines, in units of a (space deviation)^2: a line whose spaces would
 * deviate by 30% uses about two thirds of the limit to halve that. */
#define TRACK_COST 0.005
#define CHANGE_COST 0.01
/* A state breaking a rule: only chosen when every state of a line does
 * (an overfull line), then the one nearest to meeting it. */
#define RULE_COST 1e6
#define RATIO_SHORT 1e4

double bk_track_ratio(const bk_track_line *l, double t)
{
    double r = l->shortfall - (double)l->chars * t;
    if (l->ragged && r >= 0)
        return 0;
    if (fabs(r) < 1e-9)
        return 0;
    if (r > 0)
        return l->stretch > 0 ? r / l->stretch : RATIO_SHORT;
    return l->shrink > 0 ? r / l->shrink : -RATIO_SHORT;
}

/* What line_cost reads of a line, once per line rather than per state
 * (the same values: the same expressions). */
typedef struct line_terms {
    double shortfall, chars, shrink, shrink_eps, stretch, space;
    int fixed, ragged, spaced;
} line_terms;

static line_terms terms_of(const bk_track_line *l)
{
    line_terms m = {.shortfall = l->shortfall, .chars = (double)l->chars,
                    .shrink = l->shrink, .shrink_eps = l->shrink + 1e-9,
                    .stretch = l->stretch, .space = l->space, .fixed = l->fixed,
                    .ragged = l->ragged, .spaced = l->spaces > 0 && l->space > 0};
    return m;
}

/* The cost of line l with tracking t (limit > 0), whose own cost
 * TRACK_COST (t / limit)^2 is tcost. */
static double line_cost(const line_terms *l, double t, double tcost)
{
    if (l->fixed)
        return t == 0 ? 0 : INFINITY;
    double r = l->shortfall - l->chars * t; /* for the glue */
    double cost = tcost;
    if (l->ragged && r >= 0)
        return cost;
    if (r < 0 && -r > l->shrink_eps)
        cost += RULE_COST * (1 + (-r - l->shrink)); /* spaces too tight */
    if (r > 1e-9 && !(l->stretch > 0))
        cost += RULE_COST * (1 + r); /* short with nothing to stretch */
    if (l->spaced) {
        double dev = r / l->space; /* of the spaces, as a share of them */
        cost += dev * dev;
    }
    return cost;
}

/* The state where prev stops falling, when it only falls before it and
 * only rises after it (ties allowed, as a row of costs around the best
 * tracking mostly does); -1 for any other row (or one holding NaN). */
static int row_valley(const double *prev)
{
    int p = 0;
    while (p + 1 < S && prev[p + 1] <= prev[p])
        p++;
    for (int j = p + 1; j < S; j++)
        if (!(prev[j] >= prev[j - 1]))
            return -1;
    return p;
}

/* The best predecessor of state k: the least prev[j] + change[k - j]
 * over j within JUMP, the first such j in *arg (k when none is finite),
 * as a scan of every j in order finds them. With a valley (row_valley),
 * fewer sums do: a sum is never less than its prev[j] (change >= 0, and
 * rounding is monotone), so from the valley (clamped to the window)
 * downwards the scan stops at the first prev[j] above the best (the
 * earlier states, which win ties, only rise further), and upwards at the
 * first one not below it (the later ones must beat it strictly). */
static double best_from(const double *prev, int k, const double *change, int valley,
                        int *arg)
{
    int j0 = k - JUMP > 0 ? k - JUMP : 0, j1 = k + JUMP < S - 1 ? k + JUMP : S - 1;
    double best = INFINITY;
    *arg = k;
    if (valley < 0) {
        for (int j = j0; j <= j1; j++) {
            double c = prev[j] + change[k - j + JUMP];
            if (c < best) {
                best = c;
                *arg = j;
            }
        }
        return best;
    }
    int p = valley < j0 ? j0 : valley > j1 ? j1 : valley;
    if (prev[p] + change[k - p + JUMP] < best) {
        best = prev[p] + change[k - p + JUMP];
        *arg = p;
    }
    for (int j = p - 1; j >= j0 && !(prev[j] > best); j--) {
        double c = prev[j] + change[k - j + JUMP];
        if (c < best || (c == best && c < INFINITY)) {
            best = c;
            *arg = j;
        }
    }
    for (int j = p + 1; j <= j1 && prev[j] < best; j++) {
        double c = prev[j] + change[k - j + JUMP];
        if (c < best) {
            best = c;
            *arg = j;
        }
    }
    return best;
}

bk_status bk_track_choose(bk_ctx *ctx, const bk_track_line *lines, size_t n,
                          double limit, double *t)
{
    bk_status st = BK_OK;
    double *cost = NULL;
    unsigned char *from = NULL;
    if (n == 0)
        return BK_OK;
    if (!(limit > 0) || !isfinite(limit)) {
        memset(t, 0, n * sizeof(*t));
        return BK_OK;
    }
    cost = malloc(n * S * sizeof(*cost));
    from = malloc(n * S);
    if (!cost || !from) {
        st = bk_diag_error(ctx ? ctx->diag : NULL, BK_EINTERNAL, NULL, 0, 0,
                           "letter-spacing: out of memory");
        goto done;
    }
    double step = limit / BK_TRACK_STEPS;
    /* the cost of a change by k - j steps, computed once */
    double change[2 * JUMP + 1];
    for (int dk = -JUMP; dk <= JUMP; dk++) {
        double d = (double)dk / BK_TRACK_STEPS;
        change[dk + JUMP] = CHANGE_COST * d * d;
    }
    /* each state's tracking and its own cost, the same for every line */
    double tk[S], tcost[S];
    for (int k = 0; k < S; k++) {
        tk[k] = (k - BK_TRACK_STEPS) * step;
        tcost[k] = TRACK_COST * (tk[k] / limit) * (tk[k] / limit);
    }
    for (size_t i = 0; i < n; i++) {
        int valley = i > 0 ? row_valley(cost + (i - 1) * S) : -1;
        /* a copy, which the stores into cost[] cannot be taken to change */
        const line_terms line = terms_of(&lines[i]);
        for (int k = 0; k < S; k++) {
            double own = line_cost(&line, tk[k], tcost[k]);
            int arg = k;
            double best = i == 0 ? 0 : best_from(cost + (i - 1) * S, k, change, valley, &arg);
            cost[i * S + k] = own + best;
            from[i * S + k] = (unsigned char)arg;
        }
    }
    int k = BK_TRACK_STEPS;
    for (int j = 0; j < S; j++)
        if (cost[(n - 1) * S + j] < cost[(n - 1) * S + k])
            k = j;
    for (size_t i = n; i-- > 0;) {
        t[i] = (k - BK_TRACK_STEPS) * step;
        k = from[i * S + k];
    }
done:
    free(cost);
    free(from);
    return st;
}
