/* Unit tests: the grid index over a map's line features (map-index.c).
 * A label's candidate box is tested only against the segments the index
 * gives for it, so the index must give every segment whose bounding box
 * meets the box (touching counts), each once, whatever the segments are:
 * long ones across many cells, points, segments outside the others' extent,
 * segments with a coordinate that is not a number, segments added after
 * the index was built. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map-int.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

/* A pseudo-random double in [lo, hi). */
static double uniform(double lo, double hi)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return lo + (hi - lo) * (double)(rng >> 11) / 9007199254740992.0;
}

static void add_random(mapctx *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pt a = {uniform(0, 400), uniform(0, 560)}, b = a;
        double kind = uniform(0, 1);
        if (kind < 0.7) /* a coastline's step */
            b = (pt){a.x + uniform(-6, 6), a.y + uniform(-6, 6)};
        else if (kind < 0.9) /* a long straight edge */
            b = (pt){uniform(0, 400), uniform(0, 560)};
        else if (kind < 0.95) /* beyond the rest */
            b = (pt){a.x + uniform(500, 900), a.y - uniform(500, 900)};
        /* else a point */
        assert_int_equal(bk_map_add_soft(m, a, b, 1), 0);
    }
}

static int meets(const soft_seg *g, rect r)
{
    return fmax(g->a.x, g->b.x) >= r.x0 && fmin(g->a.x, g->b.x) <= r.x1 &&
           fmax(g->a.y, g->b.y) >= r.y0 && fmin(g->a.y, g->b.y) <= r.y1;
}

/* The index's answer for r against the plain scan. */
static void check_query(mapctx *m, rect r)
{
    const size_t *near = NULL;
    size_t n = 0;
    assert_int_equal(bk_map_soft_near(m, r, &near, &n), 0);
    unsigned char *listed = calloc(m->nsoft ? m->nsoft : 1, 1);
    assert_non_null(listed);
    for (size_t k = 0; k < n; k++) {
        assert_true(near[k] < m->nsoft);
        if (listed[near[k]])
            fail_msg("segment %zu listed twice", near[k]);
        listed[near[k]] = 1;
    }
    for (size_t i = 0; i < m->nsoft; i++) {
        const soft_seg *g = &m->soft[i];
        int odd = isnan(g->a.x) || isnan(g->a.y) || isnan(g->b.x) || isnan(g->b.y);
        if ((odd || meets(g, r)) && !listed[i])
            fail_msg("segment %zu (%g,%g)-(%g,%g) meets (%g,%g)-(%g,%g) but is not listed", i,
                     g->a.x, g->a.y, g->b.x, g->b.y, r.x0, r.y0, r.x1, r.y1);
    }
    free(listed);
}

static rect random_box(void)
{
    double x = uniform(-50, 450), y = uniform(-50, 610);
    return (rect){x, y, x + uniform(0, 60), y + uniform(0, 20)};
}

static void gives_every_segment_near_a_box(void **state)
{
    (void)state;
    mapctx m = {0};
    add_random(&m, 3000);
    /* not a number: in no cell, answered every time */
    assert_int_equal(bk_map_add_soft(&m, (pt){NAN, 10}, (pt){20, 20}, 1), 0);
    /* a segment exactly on a box's edge, and one just off it */
    assert_int_equal(bk_map_add_soft(&m, (pt){100, 50}, (pt){100, 90}, 1), 0);
    assert_int_equal(bk_map_add_soft(&m, (pt){99.999, 50}, (pt){99.999, 90}, 1), 0);
    check_query(&m, (rect){100, 60, 130, 70});
    for (int q = 0; q < 2000; q++)
        check_query(&m, random_box());
    /* boxes wider than the whole grid, and outside it */
    check_query(&m, (rect){-1e6, -1e6, 1e6, 1e6});
    check_query(&m, (rect){5000, 5000, 5010, 5010});
    check_query(&m, (rect){-5000, -5000, -4990, -4990});
    /* a few added since (leaders): answered too, without a rebuild */
    size_t built = m.index.n;
    add_random(&m, 20);
    for (int q = 0; q < 500; q++)
        check_query(&m, random_box());
    assert_int_equal(m.index.n, built);
    /* many more (another view's layers): the index is built again */
    add_random(&m, 1000);
    for (int q = 0; q < 500; q++)
        check_query(&m, random_box());
    assert_int_equal(m.index.n, m.nsoft);
    bk_map_index_free(&m.index);
    free(m.soft);
}

static void a_box_not_a_number_asks_for_the_plain_scan(void **state)
{
    (void)state;
    mapctx m = {0};
    add_random(&m, 10);
    const size_t *near = NULL;
    size_t n = 0;
    assert_int_equal(bk_map_soft_near(&m, (rect){NAN, 0, 10, 10}, &near, &n), -1);
    check_query(&m, (rect){0, 0, 10, 10}); /* and the index still answers */
    bk_map_index_free(&m.index);
    free(m.soft);
}

static void no_segments_no_answer(void **state)
{
    (void)state;
    mapctx m = {0};
    const size_t *near = NULL;
    size_t n = 5;
    assert_int_equal(bk_map_soft_near(&m, (rect){0, 0, 10, 10}, &near, &n), 0);
    assert_int_equal(n, 0);
    bk_map_index_free(&m.index);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gives_every_segment_near_a_box),
        cmocka_unit_test(a_box_not_a_number_asks_for_the_plain_scan),
        cmocka_unit_test(no_segments_no_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
