/* test_edition_report.c — a parallel edition's report (edition-report.h):
 * fill per column and spread, the page a facing column is on, and the
 * warnings with their reasons (a page where one column alone has text, a
 * blank page, a spread less than half full: forced by the alignment, the
 * end of the texts, or not explained). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "edition-report.h"

static const bk_edition_column three[3] = {
    {.lang = "vi", .passages = 6, .aligned = 4, .stretch = 2, .stretch_from = "vi.p4",
     .stretch_to = "vi.p5", .hyphenated = 0},
    {.lang = "zh", .passages = 8, .aligned = 7, .stretch = 1, .stretch_from = "zh.p3",
     .stretch_to = "zh.p3"},
    {.lang = "en", .passages = 16, .aligned = 7, .stretch = 3, .stretch_from = "en.p7",
     .stretch_to = "en.p9", .hyphenated = 12},
};

typedef struct seen {
    int n;
    char last[512];
} seen;

static void on_warn(void *data, const char *msg)
{
    seen *s = data;
    s->n++;
    strncpy(s->last, msg, sizeof s->last - 1);
}

/* Columns side by side: page 2 has the Chinese column alone, the
 * Vietnamese one noted, the English one not explained. */
static void test_columns(void **state)
{
    (void)state;
    const double fill[] = {0.8, 0.9, 1.0, /* page 1 */
                           0.0, 1.0, 0.0, /* page 2 */
                           0.3, 0.2, 0.1, /* page 3 */
                           0.9, 0.9, 0.9 /* page 4 */};
    const bk_edition_hole holes[] = {
        {.col = 0, .page_from = 1, .page_to = 2, .noted = 1, .range = "zh.p1 – zh.p2"}};
    bk_edition_facts f = {.ncols = 3, .links = 8, .cols = three, .npages = 4,
                          .fill = fill, .holes = holes, .nholes = 1};
    assert_int_equal(bk_edition_page_column(&f, 2), -1);
    assert_true(bk_edition_column_fill(&f, 0) > 0.499 && bk_edition_column_fill(&f, 0) < 0.501);
    /* page 1 alone, then pages 2-3 */
    assert_true(bk_edition_spread_fill(&f, 1) > 0.899 && bk_edition_spread_fill(&f, 1) < 0.901);
    assert_true(bk_edition_spread_fill(&f, 3) > 0.266 && bk_edition_spread_fill(&f, 3) < 0.267);
    bk_buf out = {0};
    seen s = {0};
    long n = bk_edition_report(&f, &out, on_warn, &s);
    assert_int_equal(n, 2);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(out.data, "edition:\n  links: 8\n"));
    assert_non_null(strstr(out.data, "  column 1 (vi):\n    passages: 6\n    aligned passages: 4\n"
                                     "    longest unaligned stretch: 2 (vi.p4 - vi.p5)\n"
                                     "    fill: 0.500\n    hyphenated lines: 0\n"));
    assert_non_null(strstr(out.data, "    hyphenated lines: 12\n"));
    assert_non_null(strstr(out.data, "  page 2: vi 0.000 zh 1.000 en 0.000\n"));
    assert_non_null(
        strstr(out.data, "  spread 1: 0.900\n  spread 2-3: 0.267\n  spread 4: 0.900\n"));
    assert_non_null(strstr(out.data, "  warning: page 2: only the zh column has text: vi has no "
                                     "parallel passage beside zh.p1 – zh.p2 (a note says so); "
                                     "en: not explained\n"));
    /* pages 2-3: a hole of vi touches them, so the alignment forced it */
    assert_string_equal(s.last, "pages 2-3 are 27% full: forced by the alignment (no parallel "
                                "passage in vi)");
    bk_buf_release(&out);
}

/* Facing pages: page 1 is the half-title; page 4 (the first column's) is
 * blank and noted; the last spread is thin because the texts end (that
 * is its reason even where a column has a hole there). */
static void test_facing(void **state)
{
    (void)state;
    const bk_edition_column two[2] = {{.lang = "zh"}, {.lang = "en"}};
    double fill[7 * 2] = {0};
    fill[1 * 2 + 0] = 0.9; /* page 2: zh */
    fill[2 * 2 + 1] = 0.8; /* page 3: en */
    fill[3 * 2 + 0] = 0.0; /* page 4: zh, blank */
    fill[4 * 2 + 1] = 0.9; /* page 5: en */
    fill[5 * 2 + 0] = 0.2; /* page 6: zh */
    fill[6 * 2 + 1] = 0.3; /* page 7: en */
    const bk_edition_hole holes[] = {
        {.col = 0, .page_from = 4, .page_to = 4, .noted = 1, .range = "en.p3"},
        {.col = 0, .page_from = 6, .page_to = 6, .noted = 0, .range = "en.p9"}};
    bk_edition_facts f = {.ncols = 2, .facing = 1, .links = 3, .cols = two, .npages = 7,
                          .fill = fill, .holes = holes, .nholes = 2};
    assert_int_equal(bk_edition_page_column(&f, 1), -1);
    assert_int_equal(bk_edition_page_column(&f, 2), 0);
    assert_int_equal(bk_edition_page_column(&f, 5), 1);
    assert_true(bk_edition_column_fill(&f, 1) > 0.666 && bk_edition_column_fill(&f, 1) < 0.667);
    assert_true(bk_edition_spread_fill(&f, 5) > 0.449 && bk_edition_spread_fill(&f, 5) < 0.451);
    bk_buf out = {0};
    long n = bk_edition_report(&f, &out, NULL, NULL);
    assert_int_equal(n, 3);
    assert_non_null(strstr(out.data, "  page 4: zh 0.000\n"));
    assert_null(strstr(out.data, "  page 1:"));
    assert_null(strstr(out.data, "spread 1:"));
    assert_non_null(strstr(out.data, "  warning: page 4 is blank: zh has no parallel passage "
                                     "beside en.p3 (a note says so)\n"));
    assert_non_null(strstr(out.data, "  warning: pages 4-5 are 45% full: forced by the "
                                     "alignment (no parallel passage in zh)\n"));
    assert_non_null(strstr(out.data, "  warning: pages 6-7 are 25% full: the end of the texts\n"));
    bk_buf_release(&out);
}

/* A thin spread no hole explains, in the middle of the texts. */
static void test_unexplained(void **state)
{
    (void)state;
    const bk_edition_column two[2] = {{.lang = "a"}, {.lang = "b"}};
    const double fill[] = {0.9, 0.9, 0.2, 0.2, 0.2, 0.2, 0.9, 0.9};
    bk_edition_facts f = {.ncols = 2, .cols = two, .npages = 4, .fill = fill};
    bk_buf out = {0};
    assert_int_equal(bk_edition_report(&f, &out, NULL, NULL), 1);
    assert_non_null(strstr(out.data, "  warning: pages 2-3 are 20% full: not explained\n"));
    bk_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_facing),
        cmocka_unit_test(test_unexplained),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
