/* test_pdf_tags.c — tagged PDF in the PDF backend (pdf_tags.c): frames
 * with structure tags written as PDF and read back with poppler (pdfinfo,
 * pdftotext), qpdf and tests/standards/check_tags.py: marked content with
 * MCIDs, artifacts for what no element holds, one element for the pieces of
 * an element continued on the next page, /Lang, /Alt, /ActualText that
 * poppler honours (a clreq gap is not read as a space), gap widths that
 * MuPDF reads without a space, links as OBJRs, and
 * imposed sheets left untagged.
 *
 * Runs from the repository root (tests/unit/fonts.xml). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bk.h"
#include "font.h"
#include "frame.h"
#include "pdf.h"
#include "shape.h"
#include "unicode.h"

typedef struct fixture {
    bk_ctx *ctx;
    bk_fontset *fonts;
    char dir[64];
    int serif, cjk;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return -1;
    fx->ctx = bk_ctx_new();
    if (!fx->ctx || bk_fontset_load(fx->ctx, "tests/unit/fonts.xml", &fx->fonts) != BK_OK)
        return -1;
    fx->ctx->epoch = 1700000000LL;
    fx->serif = bk_fontset_find(fx->fonts, "serif");
    fx->cjk = bk_fontset_find(fx->fonts, "serif-cjk-sc");
    strcpy(fx->dir, "/tmp/bk-test-tags-XXXXXX");
    if (fx->serif < 0 || fx->cjk < 0 || !mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (!getenv("BK_TEST_KEEP") && system(cmd) != 0)
        return -1;
    bk_fontset_free(fx->fonts);
    bk_ctx_free(fx->ctx);
    free(fx);
    return 0;
}

/* Text shaped with a face of the fontset as one run at (x, y); gap pt
 * added after the last glyph (the clreq quarter em, as the line breaker
 * puts it into the advance). */
static void add_text(fixture *fx, bk_page *pg, int font, double x, double y, const char *text,
                     const char *lang, uint32_t script, double gap)
{
    bk_font *f = bk_fontset_font(fx->ctx, fx->fonts, (size_t)font);
    assert_non_null(f);
    bk_glyph *g = NULL;
    size_t n = 0, len = strlen(text);
    assert_int_equal(bk_face_shape(fx->ctx, f->face, text, len, 0, len, lang, script, NULL,
                                   &g, &n),
                     BK_OK);
    bk_glyph_run *r = bk_page_add_glyphs(pg, font, 12, x, y, n, text, len);
    assert_non_null(r);
    double k = 12.0 / bk_face_upem(f->face);
    for (size_t i = 0; i < n; i++) {
        r->gids[i] = g[i].gid;
        r->cluster[i] = g[i].cluster;
        r->advance[i] = g[i].x_advance * k + (i + 1 == n ? gap : 0);
    }
    free(g);
}

static int run(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    return pclose(p);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    d[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return d;
}

static int contains(const char *hay, size_t n, const char *needle)
{
    size_t l = strlen(needle);
    for (size_t i = 0; i + l <= n; i++)
        if (memcmp(hay + i, needle, l) == 0)
            return 1;
    return 0;
}

/* "1860" then a quarter-em gap then "年", inside a Span whose ActualText
 * is the text when `actual`. */
static void add_han_gap(fixture *fx, bk_page *pg, double y, int actual)
{
    if (actual)
        assert_non_null(bk_page_tag_start(pg, BK_ROLE_SPAN, NULL, NULL, "1860年", NULL));
    add_text(fx, pg, fx->cjk, 40, y, "1860", "zh-Hans", BK_SCRIPT_HAN, 3);
    add_text(fx, pg, fx->cjk, 40 + 4 * 6.1 + 3, y, "年", "zh-Hans", BK_SCRIPT_HAN, 0);
    if (actual)
        assert_int_equal(bk_page_tag_end(pg), 0);
}

/* Two pages: a Document (vi) holding a heading, a paragraph continued from
 * page 1 to page 2 (same id), a Figure with its alternate text, a Span in
 * Chinese with "1860年" drawn with a gap, a Link with its annotation;
 * folios as artifacts and one untagged rule. */
static bk_frames *make_doc(fixture *fx)
{
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    assert_int_equal(bk_frames_set_meta(fr, "Thử", "vi", NULL, NULL), 0);
    bk_page *p1 = bk_frames_add_page(fr, 300, 400), *p2 = bk_frames_add_page(fr, 300, 400);
    assert_non_null(p1);
    assert_non_null(p2);
    assert_non_null(bk_page_tag_start(p1, BK_ROLE_DOCUMENT, "vi", NULL, NULL, "doc"));
    assert_non_null(bk_page_tag_start(p1, BK_ROLE_H1, NULL, NULL, NULL, "h"));
    add_text(fx, p1, fx->serif, 40, 360, "Kết thúc", "vi", BK_SCRIPT_LATIN, 0);
    assert_int_equal(bk_page_tag_end(p1), 0);
    assert_non_null(bk_page_tag_start(p1, BK_ROLE_P, NULL, NULL, NULL, "p1"));
    add_text(fx, p1, fx->serif, 40, 330, "Hòa ước được ký", "vi", BK_SCRIPT_LATIN, 0);
    assert_non_null(bk_page_tag_start(p1, BK_ROLE_ARTIFACT, NULL, NULL, NULL, NULL));
    add_text(fx, p1, fx->serif, 150, 20, "1", "vi", BK_SCRIPT_LATIN, 0);
    assert_int_equal(bk_page_tag_end(p1), 0);
    assert_int_equal(bk_page_tag_end(p1), 0); /* P ends on page 1 ... */
    assert_int_equal(bk_page_tag_end(p1), 0);
    bk_path *rule = bk_page_add_rect(p1, 40, 300, 200, 0.5); /* outside any tag */
    assert_non_null(rule);
    rule->fill = 1;
    assert_non_null(bk_page_tag_start(p2, BK_ROLE_DOCUMENT, "vi", NULL, NULL, "doc"));
    assert_non_null(bk_page_tag_start(p2, BK_ROLE_P, NULL, NULL, NULL, "p1"));
    add_text(fx, p2, fx->serif, 40, 360, "kết tại Bắc Kinh.", "vi", BK_SCRIPT_LATIN, 0);
    assert_int_equal(bk_page_tag_end(p2), 0); /* ... and goes on here */
    assert_non_null(bk_page_tag_start(p2, BK_ROLE_FIGURE, NULL, "Bản đồ: Bắc Kinh", NULL, "f"));
    bk_path *box = bk_page_add_rect(p2, 40, 200, 100, 100);
    assert_non_null(box);
    box->stroke = 1;
    assert_int_equal(bk_page_tag_end(p2), 0);
    assert_non_null(bk_page_tag_start(p2, BK_ROLE_P, "zh-Hans", NULL, NULL, "zh"));
    add_han_gap(fx, p2, 150, 1);
    assert_int_equal(bk_page_tag_end(p2), 0);
    assert_non_null(bk_page_tag_start(p2, BK_ROLE_LINK, NULL, NULL, NULL, NULL));
    add_text(fx, p2, fx->serif, 40, 100, "Kết thúc", "vi", BK_SCRIPT_LATIN, 0);
    assert_non_null(bk_page_add_link(p2, 40, 95, 120, 112, NULL, "https://example.org/"));
    assert_int_equal(bk_page_tag_end(p2), 0);
    assert_int_equal(bk_page_tag_end(p2), 0);
    return fr;
}

static void write_doc(fixture *fx, bk_frames *fr, bk_pdf_kind kind, const char *name,
                      char *path, size_t cap)
{
    bk_pdf_options o = {.compress = 0, .kind = kind};
    snprintf(path, cap, "%s/%s", fx->dir, name);
    if (bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path) != BK_OK)
        fail_msg("bk_pdf_write: %s", bk_diag_error_message(fx->ctx->diag));
}

/* The structure as poppler shows it, and the raw operators and objects. */
static void test_structure(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[512], out[16384];
    bk_frames *fr = make_doc(fx);
    write_doc(fx, fr, BK_PDF_READING, "tags.pdf", path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    const char *tg = strstr(out, "Tagged:");
    assert_non_null(tg);
    tg += strlen("Tagged:");
    tg += strspn(tg, " ");
    assert_memory_equal(tg, "yes", 3);
    snprintf(cmd, sizeof cmd, "pdfinfo -struct-text '%s'", path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    /* one Document, one P for both pieces, in reading order */
    const char *doc = strstr(out, "Document");
    assert_non_null(doc);
    assert_null(strstr(doc + 1, "Document"));
    const char *h1 = strstr(out, "H1"), *p = strstr(out, "\n  P");
    const char *fig = strstr(out, "Figure"), *link = strstr(out, "Link");
    assert_true(h1 && p && fig && link && h1 < p && p < fig && fig < link);
    assert_null(strstr(p + 1, "\n  P (block)\n    \"kết"));
    assert_non_null(strstr(out, "\"Hòa ước được ký\""));
    size_t len;
    char *d = slurp(path, &len);
    assert_true(contains(d, len, "/H1 <</MCID 0>> BDC"));
    assert_true(contains(d, len, "/Artifact BMC"));
    assert_true(contains(d, len, "/Span <</MCID 2/ActualText<FEFF00310038003600305E74>>> BDC"));
    assert_true(contains(d, len, "/Type /StructTreeRoot"));
    assert_true(contains(d, len, "/ParentTree"));
    assert_true(contains(d, len, "/StructParents 0"));
    assert_true(contains(d, len, "/StructParents 1"));
    assert_true(contains(d, len, "/StructParent 2"));
    assert_true(contains(d, len, "/Type /OBJR"));
    assert_true(contains(d, len, "/Marked true"));
    assert_true(contains(d, len, "/Lang (zh-Hans)"));
    free(d);
    /* the checker of the e2e tests agrees */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 tests/standards/check_tags.py '%s' --role Figure --role Link "
             "--lang-in zh-Hans 2>&1",
             path);
    if (run(cmd, out, sizeof out) != 0)
        fail_msg("check_tags.py: %s", out);
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
    assert_int_equal(system(cmd), 0);
    bk_frames_free(fr);
}

/* ActualText makes poppler read "1860年" without the clreq gap; without
 * it the gap reads as a space (so the test can tell). */
static void test_actual_text_extracts(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[512], out[4096];
    for (int actual = 1; actual >= 0; actual--) {
        bk_frames *fr = bk_frames_new();
        assert_non_null(fr);
        assert_int_equal(bk_frames_set_meta(fr, "t", "zh-Hans", NULL, NULL), 0);
        bk_page *pg = bk_frames_add_page(fr, 300, 400);
        assert_non_null(bk_page_tag_start(pg, BK_ROLE_P, NULL, NULL, NULL, NULL));
        add_han_gap(fx, pg, 200, actual);
        assert_int_equal(bk_page_tag_end(pg), 0);
        write_doc(fx, fr, BK_PDF_READING, actual ? "a1.pdf" : "a0.pdf", path, sizeof path);
        snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
        assert_int_equal(run(cmd, out, sizeof out), 0);
        assert_non_null(strstr(out, actual ? "1860年" : "1860 年"));
        bk_frames_free(fr);
    }
}

/* "1860" in font `digits` with a quarter-em gap, then "年" (CJK). */
static void add_gap_in(fixture *fx, bk_page *pg, int digits, int actual)
{
    if (actual)
        assert_non_null(bk_page_tag_start(pg, BK_ROLE_SPAN, NULL, NULL, "1860年", NULL));
    add_text(fx, pg, digits, 40, 200, "1860", "zh-Hans", BK_SCRIPT_HAN, 3);
    const bk_glyph_run *r = &pg->items[pg->n - 1].u.glyphs;
    double x = r->x;
    for (size_t i = 0; i < r->n; i++)
        x += r->advance[i];
    add_text(fx, pg, fx->cjk, x, 200, "年", "zh-Hans", BK_SCRIPT_HAN, 0);
    if (actual)
        assert_int_equal(bk_page_tag_end(pg), 0);
}

/* MuPDF ignores ActualText and takes advances from the font program: in a
 * Span with ActualText the glyph before the gap is a copy whose advance
 * includes the gap (pdf_gap.c; CFF and TrueType digits), so mutool reads
 * "1860年"; without the Span the gap stays a TJ adjustment and mutool
 * reads "1860 年" (so the test can tell). Both draw the same pixels. */
static void test_gap_width_extracts(void **state)
{
    fixture *fx = *state;
    char path[2][256], cmd[2048], out[4096];
    int fonts[2] = {fx->cjk, fx->serif};
    for (int f = 0; f < 2; f++) {
        for (int actual = 1; actual >= 0; actual--) {
            bk_frames *fr = bk_frames_new();
            assert_non_null(fr);
            assert_int_equal(bk_frames_set_meta(fr, "t", "zh-Hans", NULL, NULL), 0);
            bk_page *pg = bk_frames_add_page(fr, 300, 400);
            assert_non_null(bk_page_tag_start(pg, BK_ROLE_P, NULL, NULL, NULL, NULL));
            add_gap_in(fx, pg, fonts[f], actual);
            assert_int_equal(bk_page_tag_end(pg), 0);
            char name[48];
            snprintf(name, sizeof name, "g%d%d.pdf", f, actual);
            write_doc(fx, fr, BK_PDF_READING, name, path[actual], sizeof path[actual]);
            snprintf(cmd, sizeof cmd, "mutool draw -q -F txt -o - '%s' 2>/dev/null",
                     path[actual]);
            assert_int_equal(run(cmd, out, sizeof out), 0);
            if (!strstr(out, actual ? "1860年" : "1860 年"))
                fail_msg("font %d, actual %d: mutool read '%s'", f, actual, out);
            snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path[actual]);
            assert_int_equal(system(cmd), 0);
            bk_frames_free(fr);
        }
        snprintf(cmd, sizeof cmd,
                 "pdftoppm -r 150 -png '%s' '%s.r' && pdftoppm -r 150 -png '%s' '%s.r' && "
                 "cmp -s '%s.r-1.png' '%s.r-1.png'",
                 path[0], path[0], path[1], path[1], path[0], path[1]);
        if (system(cmd) != 0)
            fail_msg("font %d: the gap copy moved a glyph (%s)", f, cmd);
    }
}

/* Frames without tags: everything is an artifact; the print output wraps
 * its crop marks in an artifact too; imposed sheets carry no structure. */
static void test_untagged_and_imposed(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[512], out[4096];
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    assert_int_equal(bk_frames_set_meta(fr, "t", "en", NULL, NULL), 0);
    bk_page *pg = bk_frames_add_page(fr, 300, 400);
    add_text(fx, pg, fx->serif, 40, 200, "plain", "en", BK_SCRIPT_LATIN, 0);
    write_doc(fx, fr, BK_PDF_READING, "plain.pdf", path, sizeof path);
    size_t len;
    char *d = slurp(path, &len);
    assert_true(contains(d, len, "/Artifact BMC"));
    assert_false(contains(d, len, "MCID"));
    free(d);
    bk_pdf_options po = {.compress = 0, .kind = BK_PDF_PRINT, .bleed = 8.5};
    snprintf(path, sizeof path, "%s/print.pdf", fx->dir);
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &po, path), BK_OK);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/standards/check_tags.py '%s' 2>&1", path);
    if (run(cmd, out, sizeof out) != 0)
        fail_msg("check_tags.py on the print output: %s", out);
    bk_frames_free(fr);
    fr = make_doc(fx);
    write_doc(fx, fr, BK_PDF_IMPOSED, "imposed.pdf", path, sizeof path);
    d = slurp(path, &len);
    assert_false(contains(d, len, "StructTreeRoot"));
    assert_false(contains(d, len, "MCID"));
    free(d);
    bk_frames_free(fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_actual_text_extracts),
        cmocka_unit_test(test_gap_width_extracts),
        cmocka_unit_test(test_untagged_and_imposed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
