/* Unit tests: letter-spacing of a paragraph's lines (tracking.c): the
 * bounds (|t| <= limit, adjacent lines within limit / 2, ragged text 0),
 * word spaces never past their shrink when the breaker's model allows the
 * line, tracking used in the direction that evens out the spaces, and the
 * choice against an exhaustive search on small paragraphs, and to the bit
 * against the dynamic programme written plainly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bk.h"
#include "tracking.h"

#define LIMIT 0.105 /* 1% of a 10.5 pt em */
#define EPS 1e-9

/* A justified line of `spaces` spaces of 2.73 pt (stretch and shrink 0.29
 * of them) and `chars` tracked characters, `shortfall` pt short. */
static bk_track_line line(double shortfall, size_t spaces, size_t chars)
{
    bk_track_line l = {0};
    l.shortfall = shortfall;
    l.spaces = spaces;
    l.space = 2.73 * (double)spaces;
    l.stretch = l.shrink = 0.29 * l.space;
    l.chars = chars;
    return l;
}

static void check_bounds(const bk_track_line *l, size_t n, const double *t)
{
    for (size_t i = 0; i < n; i++) {
        assert_true(fabs(t[i]) <= LIMIT + EPS);
        if (l[i].fixed)
            assert_true(t[i] == 0);
        if (i > 0)
            assert_true(fabs(t[i] - t[i - 1]) <= LIMIT / 2 + EPS);
    }
}

/* A loose line takes positive tracking, a tight one negative, and the
 * spaces of both end nearer their natural width than without it. */
static void tracking_evens_out_spaces(void **state)
{
    (void)state;
    bk_track_line l[3] = {line(6, 10, 50), line(-4, 10, 50), line(100, 3, 10)};
    l[2].ragged = 1; /* a paragraph's last line */
    double t[3];
    assert_int_equal(bk_track_choose(NULL, l, 3, LIMIT, t), BK_OK);
    check_bounds(l, 3, t);
    assert_true(t[0] > 0);
    assert_true(t[1] < 0);
    assert_true(fabs(bk_track_ratio(&l[0], t[0])) < fabs(bk_track_ratio(&l[0], 0)));
    assert_true(fabs(bk_track_ratio(&l[1], t[1])) < fabs(bk_track_ratio(&l[1], 0)));
    assert_true(bk_track_ratio(&l[2], t[2]) == 0); /* fil takes the slack */
}

/* A line that needs all the letter-spacing it may have to keep its spaces
 * at their shrink limit gets it, and its neighbours follow within the
 * limit / 2 (the loose one below gives up tracking it would like). */
static void shrink_limit_and_adjacent_lines(void **state)
{
    (void)state;
    bk_track_line l[4];
    l[0] = line(20, 10, 50);                     /* very loose */
    l[1] = line(-(0.29 * 27.3 + 50 * LIMIT), 10, 50); /* at the limit of both */
    l[2] = line(20, 10, 50);                     /* very loose again */
    l[3] = line(200, 2, 8);
    l[3].ragged = 1;
    double t[4];
    assert_int_equal(bk_track_choose(NULL, l, 4, LIMIT, t), BK_OK);
    check_bounds(l, 4, t);
    assert_true(fabs(t[1] + LIMIT) < EPS);
    assert_true(bk_track_ratio(&l[1], t[1]) >= -1 - 1e-6);
    /* without the rule between lines, these would take +LIMIT */
    assert_true(t[0] <= -LIMIT / 2 + EPS);
    assert_true(t[2] <= -LIMIT / 2 + EPS);
}

/* Ragged text (fixed lines) keeps its letters; a limit of 0 means none. */
static void fixed_lines_and_no_limit(void **state)
{
    (void)state;
    bk_track_line l[2] = {line(8, 5, 30), line(-2, 5, 30)};
    l[0].fixed = 1;
    double t[2] = {1, 1};
    assert_int_equal(bk_track_choose(NULL, l, 2, LIMIT, t), BK_OK);
    check_bounds(l, 2, t);
    assert_true(t[0] == 0);
    assert_true(t[1] < 0);
    assert_int_equal(bk_track_choose(NULL, l, 2, 0, t), BK_OK);
    assert_true(t[0] == 0 && t[1] == 0);
}

/* The cost the choice minimises, written again from tracking.h: the
 * spaces' deviation squared, a little for tracking and for changes. */
static double model_cost(const bk_track_line *l, size_t n, const int *k)
{
    double c = 0;
    for (size_t i = 0; i < n; i++) {
        double t = k[i] * LIMIT / BK_TRACK_STEPS;
        double r = l[i].shortfall - (double)l[i].chars * t;
        if (r < 0 && -r > l[i].shrink + 1e-9)
            return INFINITY;
        c += 0.005 * (t / LIMIT) * (t / LIMIT) + (r / l[i].space) * (r / l[i].space);
        if (i > 0) {
            if (abs(k[i] - k[i - 1]) > BK_TRACK_STEPS / 2)
                return INFINITY;
            double d = (double)(k[i] - k[i - 1]) / BK_TRACK_STEPS;
            c += 0.01 * d * d;
        }
    }
    return c;
}

/* On random three-line paragraphs, the choice costs no more than the best
 * of all 41^3 assignments (and meets every rule). */
static void optimal_against_exhaustive_search(void **state)
{
    (void)state;
    srand(16);
    for (int trial = 0; trial < 60; trial++) {
        bk_track_line l[3];
        for (int i = 0; i < 3; i++) {
            size_t sp = 4 + (size_t)(rand() % 8), ch = 20 + (size_t)(rand() % 40);
            double z = 0.29 * 2.73 * (double)sp + (double)ch * LIMIT;
            l[i] = line(-z + (double)(rand() % 1000) / 1000.0 * 3 * z, sp, ch);
        }
        double t[3];
        assert_int_equal(bk_track_choose(NULL, l, 3, LIMIT, t), BK_OK);
        check_bounds(l, 3, t);
        int got[3], k[3];
        for (int i = 0; i < 3; i++)
            got[i] = (int)lround(t[i] / (LIMIT / BK_TRACK_STEPS));
        double best = INFINITY;
        for (k[0] = -BK_TRACK_STEPS; k[0] <= BK_TRACK_STEPS; k[0]++)
            for (k[1] = -BK_TRACK_STEPS; k[1] <= BK_TRACK_STEPS; k[1]++)
                for (k[2] = -BK_TRACK_STEPS; k[2] <= BK_TRACK_STEPS; k[2]++) {
                    double c = model_cost(l, 3, k);
                    if (c < best)
                        best = c;
                }
        assert_true(isfinite(best));
        assert_true(model_cost(l, 3, got) <= best + 1e-9);
        for (int i = 0; i < 3; i++)
            assert_true(bk_track_ratio(&l[i], t[i]) >= -1 - 1e-6);
    }
}

/* The dynamic programme of tracking.h written plainly: every state of a
 * line from every state of the line before within limit / 2, the first
 * of equal costs kept, the last line's best state (0 on a tie, else the
 * lowest). The cost of a state is tracking.c's rule, stated again. */
static double rule_cost(const bk_track_line *l, double t, double limit)
{
    if (l->fixed)
        return t == 0 ? 0 : INFINITY;
    double r = l->shortfall - (double)l->chars * t, c = 0.005 * (t / limit) * (t / limit);
    if (l->ragged && r >= 0)
        return c;
    if (r < 0 && -r > l->shrink + 1e-9)
        c += 1e6 * (1 + (-r - l->shrink));
    if (r > 1e-9 && !(l->stretch > 0))
        c += 1e6 * (1 + r);
    if (l->spaces > 0 && l->space > 0)
        c += (r / l->space) * (r / l->space);
    return c;
}

static void plain_choice(const bk_track_line *l, size_t n, double limit, double *t)
{
    enum { N = BK_TRACK_STEPS, S = 2 * N + 1, J = N / 2 };
    double cost[8][S];
    int from[8][S];
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < S; k++) {
            double best = i == 0 ? 0 : INFINITY;
            from[i][k] = k;
            for (int j = k - J; i > 0 && j <= k + J; j++) {
                double d = (double)(k - j) / N, c = j < 0 || j >= S ? INFINITY
                                                                       : cost[i - 1][j] + 0.01 * d * d;
                if (c < best) {
                    best = c;
                    from[i][k] = j;
                }
            }
            cost[i][k] = rule_cost(&l[i], (k - N) * (limit / N), limit) + best;
        }
    int k = N;
    for (int j = 0; j < S; j++)
        if (cost[n - 1][j] < cost[n - 1][k])
            k = j;
    for (size_t i = n; i-- > 0; k = from[i][k])
        t[i] = (k - N) * (limit / N);
}

/* The choice is that programme's to the bit, ties included: on random
 * paragraphs of coarse figures (equal costs abound), ragged, fixed and
 * overfull lines among them. */
static void same_choice_as_the_plain_programme(void **state)
{
    (void)state;
    srand(19);
    for (int trial = 0; trial < 4000; trial++) {
        bk_track_line l[8];
        size_t n = 1 + (size_t)(rand() % 8);
        for (size_t i = 0; i < n; i++) {
            l[i] = line((double)(rand() % 21 - 10) / (trial % 2 ? 1 : 4), (size_t)(rand() % 6),
                        (size_t)(rand() % 60));
            if (rand() % 5 == 0)
                l[i].stretch = l[i].shrink = 0;
            l[i].ragged = rand() % 6 == 0;
            l[i].fixed = rand() % 12 == 0;
        }
        double got[8], want[8];
        assert_int_equal(bk_track_choose(NULL, l, n, LIMIT, got), BK_OK);
        plain_choice(l, n, LIMIT, want);
        assert_memory_equal(got, want, n * sizeof(*got));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tracking_evens_out_spaces),
        cmocka_unit_test(shrink_limit_and_adjacent_lines),
        cmocka_unit_test(fixed_lines_and_no_limit),
        cmocka_unit_test(optimal_against_exhaustive_search),
        cmocka_unit_test(same_choice_as_the_plain_programme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
