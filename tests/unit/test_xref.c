/* Unit tests: an attribute's column found again (srcpos.c) and alignment
 * targets checked at load and against the texts (compose.c, xref.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bk.h"
#include "compose.h"
#include "srcpos.h"
#include "xml.h"
#include "xref.h"

static const char alignment[] =
    "<?xml version=\"1.0\"?>\n"
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>\n"
    "<linkGrp type=\"alignment\" xml:id=\"al\">\n"
    "  <link target=\"#a.p1 #b.p1\"/>\n"
    "  <link\n"
    "     target=\"#a.p2 x#b.p2@0 #b.p2@1 #b.p2\"/>\n"
    "  <link target=\"#a.p3 #b.p9 #c.p3\"/>\n"
    "</linkGrp></body></text></TEI>\n";

static const char text_a[] =
    "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text xml:lang=\"en\">"
    "<body><p xml:id=\"a.p1\">One.</p><p xml:id=\"a.p2\">Two.</p><p xml:id=\"a.p3\">Three.</p>"
    "</body></text></TEI>\n";
static const char text_b[] =
    "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text xml:lang=\"de\">"
    "<body><p xml:id=\"b.p1\">Eins.</p><p xml:id=\"b.p2\">Zwei.</p><p xml:id=\"b.p3\">Drei.</p>"
    "</body></text></TEI>\n";

static char dir[] = "/tmp/test_xref.XXXXXX";

static void put(const char *name, const char *text, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void columns_are_found_again(void **state)
{
    (void)state;
    char path[512];
    put("al.xml", alignment, path, sizeof path);
    long line = 4;
    assert_int_equal(bk_srcpos_attr_col(path, &line, "target"), 9);
    assert_int_equal(line, 4);
    line = 4;
    assert_int_equal(bk_srcpos_token_col(path, &line, "target", 1), 23);
    line = 6; /* the tag spans lines 5-6: found on 6 */
    assert_int_equal(bk_srcpos_token_col(path, &line, "target", 2), 29);
    assert_int_equal(line, 6);
    line = 3; /* not on line 3 nor above it */
    assert_int_equal(bk_srcpos_attr_col(path, &line, "target"), 0);
    line = 99;
    assert_int_equal(bk_srcpos_attr_col(path, &line, "target"), 0);
    line = 4;
    assert_int_equal(bk_srcpos_attr_col("/nonexistent/file.xml", &line, "target"), 0);
}

static void faulty_targets_are_left_out(void **state)
{
    (void)state;
    char path[512], pa[512], pb[512];
    put("al.xml", alignment, path, sizeof path);
    put("a.xml", text_a, pa, sizeof pa);
    put("b.xml", text_b, pb, sizeof pb);
    bk_ctx *ctx = bk_ctx_new();
    bk_node *tei = NULL, *ta = NULL, *tb = NULL;
    bk_alignment *al = NULL;
    bk_flow *flows[2] = {NULL, NULL};
    assert_int_equal(bk_xml_read(ctx, path, &tei), BK_OK);
    assert_int_equal(bk_alignment_load(ctx, tei, path, "al", &al), BK_OK);
    /* x#b.p2@0 (no sentence 0) and the second #b.p2 (twice) are left out */
    assert_int_equal(al->n, 3);
    assert_string_equal(al->ids[1][0], "a.p2");
    assert_string_equal(al->ids[1][1], "b.p2");
    assert_null(al->ids[1][2]);
    assert_int_equal(al->tok[1][1], 2);
    assert_int_equal(al->line[1], 6);
    assert_int_equal(bk_diag_warning_count(ctx->diag), 2);
    assert_non_null(strstr(bk_diag_warning(ctx->diag, 0), "al.xml:6:20: warning: "));
    /* against the texts: #b.p9 and #c.p3 name nothing */
    assert_int_equal(bk_xml_read(ctx, pa, &ta), BK_OK);
    assert_int_equal(bk_xml_read(ctx, pb, &tb), BK_OK);
    assert_int_equal(bk_compose(ctx, ta, pa, &flows[0]), BK_OK);
    assert_int_equal(bk_compose(ctx, tb, pb, &flows[1]), BK_OK);
    assert_int_equal(bk_xref_alignment(ctx, al, flows, 2), BK_OK);
    assert_int_equal(al->n, 2); /* the third link kept one target: left out */
    assert_int_equal(bk_diag_warning_count(ctx->diag), 4);
    assert_non_null(strstr(bk_diag_warning(ctx->diag, 2), "al.xml:7:23: warning: "));
    assert_null(bk_diag_error_message(ctx->diag));
    /* under --strict, the same are errors */
    ctx->strict = 1;
    bk_alignment_free(al);
    assert_int_equal(bk_alignment_load(ctx, tei, path, "al", &al), BK_OK);
    assert_non_null(bk_diag_error_message(ctx->diag));
    bk_alignment_free(al);
    for (int i = 0; i < 2; i++)
        bk_flow_free(flows[i]);
    bk_node_free(ta);
    bk_node_free(tb);
    bk_node_free(tei);
    bk_ctx_free(ctx);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(columns_are_found_again),
        cmocka_unit_test(faulty_targets_are_left_out),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
