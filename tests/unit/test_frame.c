/* Unit tests: the frame contract (frame.c): page numbers as data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "frame.h"

static const char *fmt(bk_folio_style s, int n)
{
    static char buf[32];
    return bk_folio_format((bk_folio){s, n}, buf, sizeof buf);
}

static void folios_are_printed_from_style_and_number(void **state)
{
    (void)state;
    assert_string_equal(fmt(BK_FOLIO_ARABIC, 1), "1");
    assert_string_equal(fmt(BK_FOLIO_ARABIC, 370), "370");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 2), "ii");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 4), "iv");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 14), "xiv"); /* no cap at x */
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 1994), "mcmxciv");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 4000), "");
    assert_string_equal(fmt(BK_FOLIO_NONE, 3), "");
    assert_string_equal(fmt(BK_FOLIO_ARABIC, 0), "");
    char small[3];
    assert_string_equal(bk_folio_format((bk_folio){BK_FOLIO_ROMAN, 8}, small, sizeof small), "vi");
}

/* Diagnostics name a page by its folio, as viewers label it. */
static void pages_are_named_by_their_folio(void **state)
{
    (void)state;
    char buf[48];
    bk_page p = {.folio = {BK_FOLIO_ARABIC, 12}};
    assert_string_equal(bk_page_name(&p, buf, sizeof buf), "page 12");
    p.folio = (bk_folio){BK_FOLIO_ROMAN, 3};
    assert_string_equal(bk_page_name(&p, buf, sizeof buf), "page iii");
    p.folio = (bk_folio){BK_FOLIO_NONE, 0};
    assert_string_equal(bk_page_name(&p, buf, sizeof buf), "an unnumbered page");
    assert_string_equal(bk_page_name(NULL, buf, sizeof buf), "an unnumbered page");
}

static void pages_start_without_a_number(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = bk_frames_add_page(f, 100, 200);
    assert_int_equal(p->folio.style, BK_FOLIO_NONE);
    bk_frames_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folios_are_printed_from_style_and_number),
        cmocka_unit_test(pages_start_without_a_number),
        cmocka_unit_test(pages_are_named_by_their_folio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
