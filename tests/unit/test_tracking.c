/* Unit tests: letter-spacing of a paragraph's lines (tracking.c): the
 * bounds (|t| <= limit, adjacent lines within limit / 2, ragged text 0),
 * word spaces never past their shrink when the breaker's model allows the
 * line, tracking used in the direction that evens out the spaces, and the
 * choice against an exhaustive search on small paragraphs. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tracking_evens_out_spaces),
        cmocka_unit_test(shrink_limit_and_adjacent_lines),
        cmocka_unit_test(fixed_lines_and_no_limit),
        cmocka_unit_test(optimal_against_exhaustive_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
