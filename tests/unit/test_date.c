/* Unit tests: dates per language (date.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "date.h"

/* The catalogs are the repository's messages/ (tests run from its top). */
static void fmt(const char *iso, const char *lang, const char *want)
{
    bk_date d;
    assert_int_equal(bk_date_parse(iso, &d), 0);
    bk_ctx *ctx = bk_ctx_new();
    bk_messages *m = NULL;
    assert_int_equal(bk_messages_load(ctx, ".", lang, &m), BK_OK);
    bk_buf b = {0};
    assert_int_equal(bk_date_format(&d, m, &b), 0);
    assert_string_equal(b.data, want);
    bk_buf_release(&b);
    bk_messages_free(m);
    bk_ctx_free(ctx);
}

static void dates_are_written_per_language(void **state)
{
    (void)state;
    fmt("1860-10-18", "en", "18 October 1860");
    fmt("1860-10-18", "vi", "ngày 18 tháng 10 năm 1860");
    fmt("1860-10-18", "zh-Hans", "1860年10月18日");
    fmt("1860-10", "en", "October 1860");
    fmt("1860-10", "vi", "tháng 10 năm 1860");
    fmt("1860-10", "zh", "1860年10月");
    fmt("1860", "en", "1860");
    fmt("1860", "vi", "năm 1860");
    fmt("1860", "zh-Hant", "1860年");
    fmt("1860-10-18", "ja", "1860年10月18日"); /* messages/ja.xml: dates only */
    fmt("1860-10-18", "fr", "18 October 1860"); /* no catalog: English */
}

static void without_a_catalog_dates_are_iso(void **state)
{
    (void)state;
    bk_date d = {1860, 10, 8};
    bk_buf b = {0};
    assert_int_equal(bk_date_format(&d, NULL, &b), 0);
    d.day = 0;
    assert_int_equal(bk_date_format(&d, NULL, &b), 0);
    assert_string_equal(b.data, "1860-10-081860-10");
    bk_buf_release(&b);
}

static void bad_dates_are_refused(void **state)
{
    (void)state;
    bk_date d;
    assert_int_equal(bk_date_parse("1860-13-01", &d), -1);
    assert_int_equal(bk_date_parse("1860-02-30", &d), -1);
    assert_int_equal(bk_date_parse("1860-1-5", &d), -1);
    assert_int_equal(bk_date_parse("18600", &d), -1);
    assert_int_equal(bk_date_parse("", &d), -1);
    assert_int_equal(bk_date_parse(NULL, &d), -1);
    assert_int_equal(bk_date_parse("1860-10-24x", &d), -1);
    bk_date e = bk_date_from_epoch(1700000000); /* 14 Nov 2023 22:13 UTC */
    assert_int_equal(e.year, 2023);
    assert_int_equal(e.month, 11);
    assert_int_equal(e.day, 14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_are_written_per_language),
        cmocka_unit_test(bad_dates_are_refused),
        cmocka_unit_test(without_a_catalog_dates_are_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
