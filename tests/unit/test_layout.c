/* Unit tests: layout files (layout.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layout.h"

static void lengths_parse_with_units(void **state)
{
    (void)state;
    double v;
    assert_int_equal(bk_length_parse("12pt", 10, &v), 0);
    assert_true(fabs(v - 12) < 1e-9);
    assert_int_equal(bk_length_parse("25.4mm", 10, &v), 0);
    assert_true(fabs(v - 72) < 1e-9);
    assert_int_equal(bk_length_parse("2em", 10.5, &v), 0);
    assert_true(fabs(v - 21) < 1e-9);
    assert_int_equal(bk_length_parse("1in", 10, &v), 0);
    assert_true(fabs(v - 72) < 1e-9);
    assert_int_equal(bk_length_parse("0", 10, &v), 0);
    assert_int_equal(bk_length_parse("12", 10, &v), -1);
    assert_int_equal(bk_length_parse("pt", 10, &v), -1);
    assert_int_equal(bk_length_parse("3furlongs", 10, &v), -1);
}

static void handout_resolves_language_overrides(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_layout *l = NULL;
    assert_int_equal(bk_layout_load(ctx, "tests/unit/layout.xml", &l), BK_OK);
    const bk_page_geom *g = bk_layout_page(l);
    assert_true(fabs(g->width - 148 * 72 / 25.4) < 0.01);  /* A5 */
    assert_true(fabs(g->height - 210 * 72 / 25.4) < 0.01);
    assert_non_null(strstr(bk_layout_fonts_path(l), "tests/unit/fonts.xml"));
    bk_style en, zh;
    assert_int_equal(bk_layout_style(ctx, l, "body", "en", &en), BK_OK);
    assert_int_equal(bk_layout_style(ctx, l, "body", "zh-Hans", &zh), BK_OK);
    assert_int_equal(en.align, BK_ALIGN_JUSTIFY);
    assert_true(fabs(zh.first_indent - 2 * zh.size) < 1e-9); /* two-em indent */
    assert_true(zh.space_after == 0);                        /* clreq */
    assert_true(en.space_after > 0);
    assert_string_equal(zh.role, "body");
    assert_int_equal(bk_layout_style(ctx, l, "nosuchstyle", "en", &en), BK_EINPUT);
    bk_layout_free(l);
    bk_ctx_free(ctx);
}

static bk_status load_text(bk_ctx *ctx, const char *xml, bk_layout **l)
{
    char path[] = "/tmp/bk-layout-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(xml, f);
    fclose(f);
    bk_status st = bk_layout_load(ctx, path, l);
    unlink(path);
    return st;
}

static void bad_layouts_name_the_line_and_column(void **state)
{
    (void)state;
    static const struct { const char *xml, *msg; } cases[] = {
        {"<layout>\n<page inner=\"-3mm\"/>\n<fonts href=\"f.xml\"/></layout>",
         ":2:7: error: page inner must not be negative"},
        {"<layout>\n<page width=\"0mm\"/>\n<fonts href=\"f.xml\"/></layout>",
         ":2: error: page size"},
        {"<layout>\n<page width=\"90000mm\"/>\n<fonts href=\"f.xml\"/></layout>",
         ":2: error: page size"},
        {"<layout>\n<page inner=\"70mm\" outer=\"70mm\"/>\n<fonts href=\"f.xml\"/></layout>",
         ":2: error: margins leave"},
        {"<layout><fonts href=\"f.xml\"/>\n\n<style name=\"body\" size=\"tiny\"/></layout>",
         ":3:20: error: size=\"tiny\" is not a length"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"body\" align=\"sideways\"/></layout>",
         ":2:20: error: align=\"sideways\" is not allowed on <style>"},
        {"<layout><page/></layout>", "needs <fonts"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"body\" gray=\"nan\"/></layout>",
         ":2:20: error: gray=\"nan\""},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"body\" gray=\"1.5\"/></layout>",
         ":2:20: error: gray=\"1.5\""},
        {"<notalayout/>", "root element must be <layout>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bk_ctx *ctx = bk_ctx_new();
        bk_layout *l = NULL;
        assert_int_equal(load_text(ctx, cases[i].xml, &l), BK_EINPUT);
        assert_null(l);
        const char *m = bk_diag_error_message(ctx->diag);
        if (!strstr(m, cases[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, m, cases[i].msg);
        bk_ctx_free(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lengths_parse_with_units),
        cmocka_unit_test(handout_resolves_language_overrides),
        cmocka_unit_test(bad_layouts_name_the_line_and_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
