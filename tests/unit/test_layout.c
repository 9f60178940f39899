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
    /* pretolerance: the setter's choice unless said; "none" turns it off */
    assert_true(zh.pretolerance == BK_PRETOLERANCE_AUTO);
    assert_int_equal(bk_layout_style(ctx, l, "body-one-pass", "zh-Hans", &zh), BK_OK);
    assert_true(zh.pretolerance == -1);
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
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"body\" pretolerance=\"-1\"/></layout>",
         ":2:20: error: pretolerance=\"-1\": use a badness from 0 to 10000, or none"},
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

/* The settings of pagination and spacing: what a style says, per
 * language, and their defaults (all off). */
static void pagination_settings_resolve_per_language(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_layout *l = NULL;
    assert_int_equal(
        load_text(ctx,
                  "<layout><fonts href=\"f.xml\"/>\n"
                  "<style name=\"title\" size=\"16pt\" break-before=\"recto\"/>\n"
                  "<style name=\"heading\" size=\"12pt\" break-before=\"page\""
                  " space-stretch=\"4pt\"/>\n"
                  "<style name=\"body\" size=\"10pt\" first-indent=\"1em\""
                  " flush-first=\"yes\" space-stretch=\"0.1em\"/>\n"
                  "<style name=\"body\" lang=\"zh\" first-indent=\"2em\""
                  " flush-first=\"no\" hang-punctuation=\"yes\"/>\n"
                  "<style name=\"item\" size=\"10pt\" group-space-before=\"6pt\""
                  " group-space-after=\"1em\"/>\n"
                  "<style name=\"caption\" size=\"9pt\" left-indent=\"2em\""
                  " right-indent=\"2em\"/>\n"
                  "<style name=\"note\" size=\"9pt\"/>\n"
                  "</layout>",
                  &l),
        BK_OK);
    bk_style s;
    assert_int_equal(bk_layout_style(ctx, l, "title", "en", &s), BK_OK);
    assert_int_equal(s.break_before, BK_PAGE_BREAK_RECTO);
    assert_int_equal(bk_layout_style(ctx, l, "heading", "en", &s), BK_OK);
    assert_int_equal(s.break_before, BK_PAGE_BREAK_PAGE);
    assert_true(fabs(s.space_stretch - 4) < 1e-9);
    assert_int_equal(bk_layout_style(ctx, l, "body", "vi", &s), BK_OK);
    assert_int_equal(s.flush_first, 1);
    assert_null(s.flush_after); /* "yes": after any other style */
    assert_int_equal(s.hang_punctuation, 0); /* off unless asked */
    assert_true(fabs(s.space_stretch - 1) < 1e-9); /* 0.1em of 10pt */
    assert_int_equal(s.break_before, BK_PAGE_BREAK_NONE);
    assert_int_equal(bk_layout_style(ctx, l, "body", "zh-Hans", &s), BK_OK);
    assert_int_equal(s.flush_first, 0);
    assert_int_equal(s.hang_punctuation, 1);
    assert_true(fabs(s.first_indent - 20) < 1e-9);
    assert_int_equal(bk_layout_style(ctx, l, "item", "en", &s), BK_OK);
    assert_true(fabs(s.group_space_before - 6) < 1e-9);
    assert_true(fabs(s.group_space_after - 10) < 1e-9);
    assert_int_equal(bk_layout_style(ctx, l, "caption", "en", &s), BK_OK);
    assert_true(fabs(s.right_indent - 18) < 1e-9 && fabs(s.left_indent - 18) < 1e-9);
    assert_int_equal(bk_layout_style(ctx, l, "note", "en", &s), BK_OK);
    assert_true(s.right_indent == 0 && !s.flush_first && s.group_space_before == 0 &&
                s.group_space_after == 0 && s.break_before == BK_PAGE_BREAK_NONE &&
                s.space_stretch == 0);
    assert_int_equal(bk_layout_has_style(l, "caption"), 1);
    assert_int_equal(bk_layout_has_style(l, "sidebar"), 0);
    bk_layout_free(l);
    bk_ctx_free(ctx);
    static const struct { const char *xml, *msg; } bad[] = {
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"t\" break-before=\"column\"/>"
         "</layout>", ":2:17: error: break-before=\"column\" is not allowed"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"t\" right-indent=\"-2mm\"/>"
         "</layout>", ":2: error: right-indent, group-space-before"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"t\" space-stretch=\"5000pt\"/>"
         "</layout>", ":2: error: group-space-before, group-space-after and space-stretch"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"t\" left-indent=\"60mm\""
         " right-indent=\"60mm\"/></layout>", "leave less than two ems"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"heading\"/>\n"
         "<style name=\"body\" flush-first=\"heading titel\"/></layout>",
         ":3:20: error: flush-first=\"heading titel\": the layout has no style 'titel'"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"body\" figures=\"old-style\"/>"
         "</layout>", ":2:20: error: figures=\"old-style\" is not allowed"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ctx = bk_ctx_new();
        l = NULL;
        assert_int_equal(load_text(ctx, bad[i].xml, &l), BK_EINPUT);
        const char *m = bk_diag_error_message(ctx->diag);
        if (!strstr(m, bad[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, m, bad[i].msg);
        bk_ctx_free(ctx);
    }
}

/* Loading checks each declaration's style as bk_layout_style resolves it
 * (the base declarations of a name applied once for the declarations of
 * that name that follow): a language's declaration that breaks the
 * resolved style is the one named, after another name's in between. */
static void style_checks_at_load_resolve_each_declaration(void **state)
{
    (void)state;
    static const struct { const char *xml, *msg; } bad[] = {
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"t\" size=\"10pt\" leading=\"12pt\"/>\n"
         "<style name=\"t\" lang=\"vi\" leading=\"13pt\"/>\n"
         "<style name=\"t\" lang=\"zh\" size=\"40pt\"/></layout>",
         ":4: error: leading 12.00pt does not suit size 40.00pt"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"t\" size=\"10pt\" leading=\"12pt\"/>\n"
         "<style name=\"b\" size=\"9pt\"/>\n"
         "<style name=\"t\" lang=\"vi\" size=\"30pt\"/></layout>",
         ":4: error: leading 12.00pt does not suit size 30.00pt"},
        {"<layout><fonts href=\"f.xml\"/>\n<style name=\"t\" lang=\"vi\" size=\"9pt\"/>\n"
         "<style name=\"t\" leading=\"100pt\"/></layout>",
         ":2: error: leading 100.00pt does not suit size 9.00pt"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bk_ctx *ctx = bk_ctx_new();
        bk_layout *l = NULL;
        if (load_text(ctx, bad[i].xml, &l) != BK_EINPUT)
            fail_msg("case %zu loads", i);
        const char *m = bk_diag_error_message(ctx->diag);
        if (!strstr(m, bad[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, m, bad[i].msg);
        bk_ctx_free(ctx);
    }
    /* and each resolves afterwards as it did at loading */
    bk_ctx *ctx = bk_ctx_new();
    bk_layout *l = NULL;
    assert_int_equal(load_text(ctx,
                               "<layout><fonts href=\"f.xml\"/>\n"
                               "<style name=\"t\" size=\"10pt\" leading=\"12pt\"/>\n"
                               "<style name=\"b\" size=\"9pt\"/>\n"
                               "<style name=\"t\" lang=\"vi\" leading=\"14pt\"/>\n"
                               "<style name=\"t\" lang=\"vi-VN\" size=\"11pt\"/></layout>",
                               &l),
                     BK_OK);
    bk_style s;
    assert_int_equal(bk_layout_style(ctx, l, "t", "vi-VN", &s), BK_OK);
    assert_true(fabs(s.size - 11) < 1e-9 && fabs(s.leading - 14) < 1e-9);
    assert_int_equal(bk_layout_style(ctx, l, "t", "en", &s), BK_OK);
    assert_true(fabs(s.size - 10) < 1e-9 && fabs(s.leading - 12) < 1e-9);
    bk_layout_free(l);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lengths_parse_with_units),
        cmocka_unit_test(handout_resolves_language_overrides),
        cmocka_unit_test(bad_layouts_name_the_line_and_column),
        cmocka_unit_test(pagination_settings_resolve_per_language),
        cmocka_unit_test(style_checks_at_load_resolve_each_declaration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
