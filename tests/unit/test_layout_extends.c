/* Unit tests: layouts that extend other layouts (layout.c, extends=).
 * Every file is written by the test into its own mkdtemp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout.h"

typedef struct dir {
    char root[64];
} dir;

static void put(const dir *d, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", d->root, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    dir *d = calloc(1, sizeof *d);
    strcpy(d->root, "/tmp/bk-extends-XXXXXX");
    assert_non_null(mkdtemp(d->root));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/base", d->root);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/edition", d->root);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/layouts", d->root);
    mkdir(sub, 0700);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    dir *d = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->root);
    assert_int_equal(system(cmd), 0);
    free(d);
    return 0;
}

static const char BASE[] =
    "<layout name=\"base\">\n"
    "  <page size=\"A5\" top=\"15mm\" bottom=\"20mm\"/>\n"
    "  <fonts href=\"fonts.xml\"/>\n"
    "  <style name=\"body\" role=\"body\" size=\"10pt\" leading=\"14pt\"/>\n"
    "  <style name=\"body\" lang=\"zh\" leading=\"18pt\"/>\n"
    "  <string name=\"contents\" lang=\"en\">Contents</string>\n"
    "  <string name=\"colophon\" lang=\"en\">Colophon</string>\n"
    "  <front cover=\"yes\" contents=\"yes\"/>\n"
    "</layout>\n";

static void an_edition_adds_to_its_base(void **state)
{
    dir *d = *state;
    put(d, "base/base.xml", BASE);
    put(d, "edition/ed.xml",
        "<layout name=\"ed\" extends=\"../base/base.xml\">\n"
        "  <page top=\"25mm\"/>\n"
        "  <style name=\"body\" size=\"11pt\"/>\n"
        "  <string name=\"contents\" lang=\"en\">What is inside</string>\n"
        "  <parts><part src=\"data.xml\" select=\"t1\"/></parts>\n"
        "</layout>\n");
    char path[256];
    snprintf(path, sizeof path, "%s/edition/ed.xml", d->root);
    bk_ctx *ctx = bk_ctx_new();
    ctx->root = d->root; /* the test's folder is the run's root (paths.h) */
    bk_layout *l = NULL;
    assert_int_equal(bk_layout_load(ctx, path, &l), BK_OK);
    /* page: the edition's top, the base's size and bottom */
    const bk_page_geom *g = bk_layout_page(l);
    assert_true(fabs(g->top - 25 * 72 / 25.4) < 1e-6);
    assert_true(fabs(g->bottom - 20 * 72 / 25.4) < 1e-6);
    assert_true(fabs(g->width - 148 * 72 / 25.4) < 0.01);
    /* paths stay relative to the file that wrote them */
    char want[256];
    snprintf(want, sizeof want, "%s/edition/../base/fonts.xml", d->root);
    assert_string_equal(bk_layout_fonts_path(l), want);
    const bk_part *parts = NULL;
    assert_int_equal(bk_layout_parts(l, &parts), 1);
    snprintf(want, sizeof want, "%s/edition/data.xml", d->root);
    assert_string_equal(parts[0].src, want);
    /* styles add up: the edition's size, the base's leading and override */
    bk_style en, zh;
    assert_int_equal(bk_layout_style(ctx, l, "body", "en", &en), BK_OK);
    assert_int_equal(bk_layout_style(ctx, l, "body", "zh", &zh), BK_OK);
    assert_true(fabs(en.size - 11) < 1e-9);
    assert_true(fabs(en.leading - 14) < 1e-9);
    assert_true(fabs(zh.leading - 18) < 1e-9);
    /* strings: the edition's wins, the base's others remain */
    assert_string_equal(bk_layout_string(l, "contents", "en"), "What is inside");
    assert_string_equal(bk_layout_string(l, "colophon", "en"), "Colophon");
    assert_int_equal(bk_layout_matter(l)->cover, 1);
    bk_layout_free(l);
    bk_ctx_free(ctx);
}

static void a_shipped_layout_is_found_by_name(void **state)
{
    dir *d = *state;
    put(d, "layouts/plain.xml", BASE);
    put(d, "edition/ed.xml", "<layout extends=\"plain\"><page top=\"30mm\"/></layout>\n");
    char path[256];
    snprintf(path, sizeof path, "%s/edition/ed.xml", d->root);
    bk_ctx *ctx = bk_ctx_new();
    ctx->root = d->root; /* the test's folder is the run's root (paths.h) */
    bk_layout *l = NULL;
    /* no data folder: a clear error at the extends line */
    assert_int_equal(bk_layout_load(ctx, path, &l), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "ed.xml:1: error: extends=\"plain\""));
    bk_diag_clear(ctx->diag);
    ctx->datadir = d->root;
    assert_int_equal(bk_layout_load(ctx, path, &l), BK_OK);
    char want[256];
    snprintf(want, sizeof want, "%s/layouts/fonts.xml", d->root);
    assert_string_equal(bk_layout_fonts_path(l), want);
    assert_true(fabs(bk_layout_page(l)->top - 30 * 72 / 25.4) < 1e-6);
    bk_layout_free(l);
    /* a name no shipped layout has: the names there are, and the nearest */
    put(d, "layouts/facing.xml", BASE);
    put(d, "edition/typo.xml", "<layout extends=\"plian\"/>\n");
    snprintf(path, sizeof path, "%s/edition/typo.xml", d->root);
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_layout_load(ctx, path, &l), BK_EINPUT);
    const char *msg = bk_diag_error_message(ctx->diag);
    if (!strstr(msg, "typo.xml:1:9: error: extends=\"plian\": booklet ships no layout of that "
                     "name (it has: facing, plain); did you mean \"plain\"?"))
        fail_msg("unexpected: %s", msg);
    bk_ctx_free(ctx);
}

static void errors_name_the_file_that_has_them(void **state)
{
    dir *d = *state;
    put(d, "base/bad.xml",
        "<layout>\n  <fonts href=\"f.xml\"/>\n"
        "  <style name=\"body\" size=\"10pt\" gray=\"2\"/>\n</layout>\n");
    put(d, "edition/ed.xml", "<layout extends=\"../base/bad.xml\"/>\n");
    put(d, "edition/a.xml", "<layout extends=\"b.xml\"/>\n");
    put(d, "edition/b.xml", "<layout extends=\"a.xml\"/>\n");
    char path[256];
    bk_ctx *ctx = bk_ctx_new();
    ctx->root = d->root; /* the test's folder is the run's root (paths.h) */
    bk_layout *l = NULL;
    snprintf(path, sizeof path, "%s/edition/ed.xml", d->root);
    assert_int_equal(bk_layout_load(ctx, path, &l), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "base/bad.xml:3:34: error: gray"));
    bk_diag_clear(ctx->diag);
    snprintf(path, sizeof path, "%s/edition/a.xml", d->root);
    assert_int_equal(bk_layout_load(ctx, path, &l), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "(a cycle?)"));
    assert_null(l);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_edition_adds_to_its_base, setup, teardown),
        cmocka_unit_test_setup_teardown(a_shipped_layout_is_found_by_name, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_name_the_file_that_has_them, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
