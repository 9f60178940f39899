/* test_impose.c — booklet imposition arithmetic (impose.h): padding with
 * blanks before the back cover, the page order on each sheet side, creep,
 * for 4, 8, 10, 16 and 40 pages and the small cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "impose.h"

/* The plan's sides as "L|R" per side (pages 1-based, "-" for a blank),
 * front and back of each sheet in turn, separated by spaces. */
static void plan_string(const bk_impose_plan *p, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; i < 2 * p->sheets; i++) {
        char a[24], b[24];
        const bk_impose_cell *c = p->sides[i].cell;
        if (c[0].page < 0)
            snprintf(a, sizeof a, "-");
        else
            snprintf(a, sizeof a, "%ld", c[0].page + 1);
        if (c[1].page < 0)
            snprintf(b, sizeof b, "-");
        else
            snprintf(b, sizeof b, "%ld", c[1].page + 1);
        k += (size_t)snprintf(out + k, cap - k, "%s%s|%s", i ? " " : "", a, b);
        assert_true(k < cap);
    }
}

static void check_plan_of(size_t pages, int back_cover, size_t padded, size_t sheets,
                          const char *want)
{
    bk_impose_plan p;
    char got[2048];
    assert_int_equal(bk_impose_plan_make(pages, back_cover, 0, &p), 0);
    assert_int_equal(p.pages, pages);
    assert_int_equal(p.padded, padded);
    assert_int_equal(p.sheets, sheets);
    plan_string(&p, got, sizeof got);
    assert_string_equal(got, want);
    /* every document page appears exactly once; blanks fill the rest */
    int *seen = calloc(pages, sizeof *seen);
    assert_non_null(seen);
    size_t blanks = 0;
    for (size_t i = 0; i < 2 * p.sheets; i++)
        for (int h = 0; h < 2; h++) {
            long pg = p.sides[i].cell[h].page;
            if (pg < 0) {
                blanks++;
                continue;
            }
            assert_true((size_t)pg < pages);
            seen[pg]++;
        }
    for (size_t i = 0; i < pages; i++)
        assert_int_equal(seen[i], 1);
    assert_int_equal(blanks, padded - pages);
    free(seen);
    bk_impose_plan_free(&p);
}

/* A document whose last page is its back cover (a colophon). */
static void check_plan(size_t pages, size_t padded, size_t sheets, const char *want)
{
    check_plan_of(pages, 1, padded, sheets, want);
}

static void test_four(void **state)
{
    (void)state;
    check_plan(4, 4, 1, "4|1 2|3");
}

static void test_eight(void **state)
{
    (void)state;
    check_plan(8, 8, 2, "8|1 2|7 6|3 4|5");
}

/* 10 pages: 12 positions, 3 sheets, blanks at 10 and 11, page 10 last. */
static void test_ten(void **state)
{
    (void)state;
    check_plan(10, 12, 3, "10|1 2|- -|3 4|9 8|5 6|7");
    assert_int_equal(bk_impose_page_at(10, 1, 9), 9);
    assert_int_equal(bk_impose_page_at(10, 1, 10), 0);
    assert_int_equal(bk_impose_page_at(10, 1, 11), 0);
    assert_int_equal(bk_impose_page_at(10, 1, 12), 10);
    assert_int_equal(bk_impose_page_at(10, 1, 13), 0);
    assert_int_equal(bk_impose_page_at(10, 1, 0), 0);
}

/* The example of TYPOGRAPHY.md. */
static void test_sixteen(void **state)
{
    (void)state;
    check_plan(16, 16, 4, "16|1 2|15 14|3 4|13 12|5 6|11 10|7 8|9");
}

/* 40 pages, no padding; the formula for every sheet, and the middle sheet
 * holds the centre spread 20|21 on its back. */
static void test_forty(void **state)
{
    (void)state;
    bk_impose_plan p;
    assert_int_equal(bk_impose_plan_make(40, 1, 0, &p), 0);
    assert_int_equal(p.padded, 40);
    assert_int_equal(p.sheets, 10);
    for (size_t s = 1; s <= 10; s++) {
        const bk_impose_side *f = &p.sides[2 * (s - 1)], *b = &p.sides[2 * (s - 1) + 1];
        assert_int_equal(f->cell[0].page + 1, 40 - 2 * s + 2);
        assert_int_equal(f->cell[1].page + 1, 2 * s - 1);
        assert_int_equal(b->cell[0].page + 1, 2 * s);
        assert_int_equal(b->cell[1].page + 1, 40 - 2 * s + 1);
        /* facing halves of a side add up to N+1 */
        assert_int_equal(f->cell[0].page + f->cell[1].page + 2, 41);
        assert_int_equal(b->cell[0].page + b->cell[1].page + 2, 41);
    }
    assert_int_equal(p.sides[19].cell[0].page + 1, 20);
    assert_int_equal(p.sides[19].cell[1].page + 1, 21);
    bk_impose_plan_free(&p);
    /* 37..39 pad to 40, blanks just before page n */
    check_plan(39, 40, 10, "39|1 2|- 38|3 4|37 36|5 6|35 34|7 8|33 32|9 10|31 30|11 "
                           "12|29 28|13 14|27 26|15 16|25 24|17 18|23 22|19 20|21");
}

static void test_small(void **state)
{
    (void)state;
    check_plan(1, 4, 1, "-|1 -|-");
    check_plan(2, 4, 1, "2|1 -|-");
    check_plan(3, 4, 1, "3|1 2|-");
    check_plan(5, 8, 2, "5|1 2|- -|3 4|-");
    bk_impose_plan p;
    assert_int_equal(bk_impose_plan_make(0, 1, 0, &p), -1);
    assert_null(p.sides);
    bk_impose_plan_free(&p);
    bk_impose_plan_free(NULL);
    size_t l, r;
    assert_int_equal(bk_impose_side_pages(10, 1, 0, &l, &r), -1);
    assert_int_equal(bk_impose_side_pages(8, 3, 0, &l, &r), -1);
    assert_int_equal(bk_impose_side_pages(8, 0, 0, &l, &r), -1);
    assert_int_equal(bk_impose_side_pages(8, 2, 1, &l, &r), 0);
    assert_int_equal(l, 4);
    assert_int_equal(r, 5);
    assert_int_equal(bk_impose_padded(0), 0);
    assert_int_equal(bk_impose_padded(4), 4);
    assert_int_equal(bk_impose_padded(13), 16);
}

/* Creep: none on the outer sheet, all of it on the innermost, linear in
 * between; both halves move towards the fold (left +, right -), front and
 * back alike. */
static void test_creep(void **state)
{
    (void)state;
    bk_impose_plan p;
    assert_int_equal(bk_impose_plan_make(10, 1, 3.0, &p), 0); /* 3 sheets */
    const double want[3] = {0, 1.5, 3.0};
    for (size_t s = 0; s < 3; s++)
        for (int back = 0; back < 2; back++) {
            const bk_impose_side *d = &p.sides[2 * s + (size_t)back];
            assert_true(fabs(d->cell[0].dx - want[s]) < 1e-12);
            assert_true(fabs(d->cell[1].dx + want[s]) < 1e-12);
        }
    bk_impose_plan_free(&p);
    assert_int_equal(bk_impose_plan_make(4, 1, 2.0, &p), 0); /* one sheet: none */
    assert_true(p.sides[0].cell[0].dx == 0 && p.sides[1].cell[1].dx == 0);
    bk_impose_plan_free(&p);
    assert_true(fabs(bk_impose_creep(10, 10, 2.0) - 2.0) < 1e-12);
    assert_true(fabs(bk_impose_creep(10, 4, 2.7) - 0.9) < 1e-12);
    assert_true(bk_impose_creep(10, 11, 2.0) == 0);
    assert_true(bk_impose_creep(10, 0, 2.0) == 0);
}

/* Without a back cover (no colophon: a facing edition) the blanks follow
 * the last page, and every spread of the reading PDF stays a spread: of
 * 7 pages, 6|7 face each other as they do on screen (with a back cover,
 * page 7 would go to the back and 6 face a blank). */
static void test_no_back_cover(void **state)
{
    (void)state;
    check_plan_of(7, 0, 8, 2, "-|1 2|7 6|3 4|5");
    check_plan_of(7, 1, 8, 2, "7|1 2|- 6|3 4|5");
    check_plan_of(10, 0, 12, 3, "-|1 2|- 10|3 4|9 8|5 6|7");
    check_plan_of(8, 0, 8, 2, "8|1 2|7 6|3 4|5"); /* no padding: the same */
    check_plan_of(1, 0, 4, 1, "-|1 -|-");
    assert_int_equal(bk_impose_page_at(10, 0, 10), 10);
    assert_int_equal(bk_impose_page_at(10, 0, 12), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four),   cmocka_unit_test(test_eight),
        cmocka_unit_test(test_ten),    cmocka_unit_test(test_sixteen),
        cmocka_unit_test(test_forty),  cmocka_unit_test(test_small),
        cmocka_unit_test(test_creep),  cmocka_unit_test(test_no_back_cover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
