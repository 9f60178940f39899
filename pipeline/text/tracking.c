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

/* The cost of line l with tracking t (limit > 0). */
static double line_cost(const bk_track_line *l, double t, double limit)
{
    if (l->fixed)
        return t == 0 ? 0 : INFINITY;
    double r = l->shortfall - (double)l->chars * t; /* for the glue */
    double cost = TRACK_COST * (t / limit) * (t / limit);
    if (l->ragged && r >= 0)
        return cost;
    if (r < 0 && -r > l->shrink + 1e-9)
        cost += RULE_COST * (1 + (-r - l->shrink)); /* spaces too tight */
    if (r > 1e-9 && !(l->stretch > 0))
        cost += RULE_COST * (1 + r); /* short with nothing to stretch */
    if (l->spaces > 0 && l->space > 0) {
        double dev = r / l->space; /* of the spaces, as a share of them */
        cost += dev * dev;
    }
    return cost;
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
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < S; k++) {
            double own = line_cost(&lines[i], (k - BK_TRACK_STEPS) * step, limit);
            double best = i == 0 ? 0 : INFINITY;
            int arg = k;
            int j0 = k - JUMP > 0 ? k - JUMP : 0, j1 = k + JUMP < S - 1 ? k + JUMP : S - 1;
            for (int j = j0; i > 0 && j <= j1; j++) {
                double c = cost[(i - 1) * S + j] + change[k - j + JUMP];
                if (c < best) {
                    best = c;
                    arg = j;
                }
            }
            cost[i * S + k] = own + best;
            from[i * S + k] = (unsigned char)arg;
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
