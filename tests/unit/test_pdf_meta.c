/* test_pdf_meta.c — the PDF standards (pdf_meta.c): --standard lists, the
 * ICC header check, and what a PDF claiming PDF/A-2u + PDF/UA-1 or PDF/X-4
 * contains (XMP claims and escaping, the info entries, output intents,
 * viewer preferences, tab order, no links under PDF/X, the InstanceID
 * filled in), and the refusals. Run from the repository root (the shipped
 * profile color/FOGRA39L-argyll.icc is read). */
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
#include "frame.h"
#include "pdf.h"

static void test_standards_parse(void **state)
{
    (void)state;
    unsigned s = 99;
    const char *bad;
    size_t n;
    assert_int_equal(bk_pdf_standards_parse("pdfa-2u,pdfua-1", &s, &bad, &n), 0);
    assert_int_equal(s, BK_PDF_STD_PDFA_2U | BK_PDF_STD_PDFUA_1);
    assert_int_equal(bk_pdf_standards_parse("pdfx-4", &s, &bad, &n), 0);
    assert_int_equal(s, BK_PDF_STD_PDFX_4);
    assert_int_equal(bk_pdf_standards_parse("none", &s, &bad, &n), 0);
    assert_int_equal(s, 0);
    assert_int_equal(bk_pdf_standards_parse("pdfa-2b,pdfx-4", &s, &bad, &n), 0);
    assert_int_equal(s, BK_PDF_STD_PDFA_2B | BK_PDF_STD_PDFX_4);
    /* the word not understood, and two PDF/A levels */
    const char *l = "pdfua-1,pdfa-3b";
    assert_int_equal(bk_pdf_standards_parse(l, &s, &bad, &n), -1);
    assert_ptr_equal(bad, l + 8);
    assert_int_equal(n, 7);
    assert_int_equal(bk_pdf_standards_parse("pdfa-2b,pdfa-2u", &s, &bad, &n), -1);
    assert_int_equal(bk_pdf_standards_parse("", &s, &bad, &n), -1);
    assert_int_equal(bk_pdf_standards_parse("pdfx-4,", &s, &bad, &n), -1);
    assert_int_equal(bk_pdf_standards_parse("none,pdfx-4", &s, &bad, &n), -1);
    assert_int_equal(bk_pdf_standards_parse("PDFX-4", &s, &bad, &n), -1);
}

static void test_standards_default(void **state)
{
    (void)state;
    assert_int_equal(bk_pdf_standards_default(BK_PDF_READING),
                     BK_PDF_STD_PDFA_2U | BK_PDF_STD_PDFUA_1);
    assert_int_equal(bk_pdf_standards_default(BK_PDF_PRINT), BK_PDF_STD_PDFX_4);
    assert_int_equal(bk_pdf_standards_default(BK_PDF_IMPOSED), BK_PDF_STD_PDFX_4);
}

/* A 132-byte ICC header: size, version, class, colour space, 'acsp'. */
static void icc_header(unsigned char *p, size_t n, int version, const char *cls,
                       const char *space)
{
    memset(p, 0, n);
    p[0] = (unsigned char)(n >> 24);
    p[1] = (unsigned char)(n >> 16);
    p[2] = (unsigned char)(n >> 8);
    p[3] = (unsigned char)n;
    p[8] = (unsigned char)version;
    memcpy(p + 12, cls, 4);
    memcpy(p + 16, space, 4);
    memcpy(p + 36, "acsp", 4);
}

static void test_icc_check(void **state)
{
    (void)state;
    unsigned char p[132];
    const char *why;
    icc_header(p, sizeof p, 2, "prtr", "CMYK");
    assert_int_equal(bk_pdf_icc_check(p, sizeof p, &why), 0);
    icc_header(p, sizeof p, 4, "prtr", "CMYK");
    assert_int_equal(bk_pdf_icc_check(p, sizeof p, &why), 0);
    icc_header(p, sizeof p, 2, "mntr", "RGB ");
    assert_int_equal(bk_pdf_icc_check(p, sizeof p, &why), -1);
    assert_non_null(strstr(why, "CMYK"));
    icc_header(p, sizeof p, 2, "scnr", "CMYK");
    assert_int_equal(bk_pdf_icc_check(p, sizeof p, &why), -1);
    assert_non_null(strstr(why, "prtr"));
    icc_header(p, sizeof p, 5, "prtr", "CMYK");
    assert_int_equal(bk_pdf_icc_check(p, sizeof p, &why), -1);
    icc_header(p, sizeof p, 2, "prtr", "CMYK");
    assert_int_equal(bk_pdf_icc_check(p, sizeof p - 1, &why), -1); /* cut */
    p[36] = 'x';
    assert_int_equal(bk_pdf_icc_check(p, sizeof p, &why), -1);
    assert_int_equal(bk_pdf_icc_check(p, 40, &why), -1);
}

typedef struct fixture {
    bk_ctx *ctx;
    char dir[64];
    unsigned char *icc;
    size_t icc_len;
    bk_pdf_intent intent;
} fixture;

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *d = malloc(n > 0 ? (size_t)n + 1 : 1);
    *len = d && n > 0 ? fread(d, 1, (size_t)n, f) : 0;
    fclose(f);
    return d;
}

static int contains(const unsigned char *d, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(d + i, s, k) == 0)
            return 1;
    return 0;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx || !(fx->ctx = bk_ctx_new()))
        return -1;
    fx->ctx->epoch = 1700000000;
    strcpy(fx->dir, "/tmp/bk-test-meta-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->icc = slurp("color/FOGRA39L-argyll.icc", &fx->icc_len);
    if (!fx->icc || fx->icc_len < 132)
        return -1;
    fx->intent = (bk_pdf_intent){fx->icc, fx->icc_len, "FOGRA39",
                                 "Coated FOGRA39 (ISO 12647-2:2004)", "http://www.color.org"};
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        return -1;
    bk_ctx_free(fx->ctx);
    free(fx->icc);
    free(fx);
    return 0;
}

/* One A5 page: a gray rectangle and a link; a title that needs escaping. */
static bk_frames *make_doc(void)
{
    bk_frames *f = bk_frames_new();
    bk_page *p = f ? bk_frames_add_page(f, 419.53, 595.28) : NULL;
    if (!p || bk_frames_set_meta(f, "Rivers <&> \"Seas\"", "en", "A handout", "Mai Trần") ||
        !bk_page_add_rect(p, 50, 50, 100, 100) ||
        !bk_page_add_link(p, 60, 60, 120, 80, NULL, "https://example.org/") ||
        !bk_page_add_bookmark(p, "Rivers", 1, 500)) {
        bk_frames_free(f);
        return NULL;
    }
    return f;
}

static unsigned char *write_doc(fixture *fx, bk_pdf_kind kind, unsigned std,
                                const bk_pdf_intent *in, const char *name, bk_status *st,
                                size_t *len)
{
    char path[256];
    bk_frames *f = make_doc();
    assert_non_null(f);
    bk_pdf_options o = {.compress = 1, .kind = kind, .bleed = 3 * 72 / 25.4,
                        .standards = std, .intent = in};
    snprintf(path, sizeof path, "%s/%s", fx->dir, name);
    *st = bk_pdf_write(fx->ctx, f, NULL, &o, path);
    bk_frames_free(f);
    *len = 0;
    return *st ? NULL : slurp(path, len);
}

static void test_reading_claims(void **state)
{
    fixture *fx = *state;
    bk_status st;
    size_t n;
    unsigned char *d = write_doc(fx, BK_PDF_READING, BK_PDF_STD_PDFA_2U | BK_PDF_STD_PDFUA_1,
                                 &fx->intent, "r.pdf", &st, &n);
    assert_int_equal(st, BK_OK);
    assert_non_null(d);
    assert_true(contains(d, n, "<pdfaid:part>2</pdfaid:part>"));
    assert_true(contains(d, n, "<pdfaid:conformance>U</pdfaid:conformance>"));
    assert_true(contains(d, n, "<pdfuaid:part>1</pdfuaid:part>"));
    assert_true(contains(d, n, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
    assert_false(contains(d, n, "pdfxid"));
    assert_true(contains(d, n, "<rdf:li xml:lang=\"x-default\">Rivers &lt;&amp;&gt; &quot;Seas&quot;</rdf:li>"));
    assert_true(contains(d, n, "<dc:creator><rdf:Seq><rdf:li>Mai Trần</rdf:li></rdf:Seq></dc:creator>"));
    assert_true(contains(d, n, "<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>"));
    assert_true(contains(d, n, "<pdf:Producer>booklet " BK_VERSION "</pdf:Producer>"));
    assert_true(contains(d, n, "/Producer (booklet " BK_VERSION ")"));
    assert_false(contains(d, n, "Haru"));
    assert_true(contains(d, n, "<xmpMM:InstanceID>uuid:"));
    assert_false(contains(d, n, "uuid:00000000-0000-0000-0000-000000000000"));
    assert_true(contains(d, n, "/S /GTS_PDFA1"));
    assert_false(contains(d, n, "/GTS_PDFX"));
    assert_true(contains(d, n, "/OutputConditionIdentifier (FOGRA39)"));
    assert_true(contains(d, n, "/DisplayDocTitle true"));
    assert_true(contains(d, n, "/Tabs /S"));
    assert_true(contains(d, n, "/Subtype /Link"));
    assert_true(contains(d, n, "/F 4"));
    assert_false(contains(d, n, "/Trapped"));
    free(d);
}

static void test_print_claims(void **state)
{
    fixture *fx = *state;
    bk_status st;
    size_t n;
    unsigned char *d = write_doc(fx, BK_PDF_PRINT, BK_PDF_STD_PDFX_4, &fx->intent, "p.pdf",
                                 &st, &n);
    assert_int_equal(st, BK_OK);
    assert_non_null(d);
    assert_true(contains(d, n, "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
    assert_true(contains(d, n, "/GTS_PDFXVersion (PDF\\057X-4)")); /* libharu escapes the slash */
    assert_true(contains(d, n, "/Trapped /False"));
    assert_true(contains(d, n, "<pdf:Trapped>False</pdf:Trapped>"));
    assert_true(contains(d, n, "/S /GTS_PDFX"));
    assert_false(contains(d, n, "/GTS_PDFA1"));
    assert_false(contains(d, n, "pdfaid"));
    assert_false(contains(d, n, "/Annots")); /* no link in the trim box */
    assert_true(contains(d, n, "/Outlines"));
    free(d);
    /* the same without a claim: the link stays, no intent */
    d = write_doc(fx, BK_PDF_PRINT, 0, NULL, "pn.pdf", &st, &n);
    assert_int_equal(st, BK_OK);
    assert_true(contains(d, n, "/Annots"));
    assert_false(contains(d, n, "/OutputIntents"));
    assert_true(contains(d, n, "/Producer (booklet " BK_VERSION ")"));
    free(d);
}

static void test_refusals(void **state)
{
    fixture *fx = *state;
    bk_status st;
    size_t n;
    /* a claim that needs an intent, without one */
    assert_null(write_doc(fx, BK_PDF_PRINT, BK_PDF_STD_PDFX_4, NULL, "x.pdf", &st, &n));
    assert_int_not_equal(st, BK_OK);
    /* an RGB profile */
    unsigned char rgb[132];
    icc_header(rgb, sizeof rgb, 2, "mntr", "RGB ");
    bk_pdf_intent bad = {rgb, sizeof rgb, "sRGB", NULL, NULL};
    assert_null(write_doc(fx, BK_PDF_READING, BK_PDF_STD_PDFA_2B, &bad, "y.pdf", &st, &n));
    assert_int_equal(st, BK_EINPUT);
    /* PDF/UA on untagged imposed sheets */
    assert_null(write_doc(fx, BK_PDF_IMPOSED, BK_PDF_STD_PDFUA_1, &fx->intent, "z.pdf", &st, &n));
    assert_int_equal(st, BK_EUSAGE);
    char path[256];
    snprintf(path, sizeof path, "%s/z.pdf", fx->dir);
    assert_int_not_equal(access(path, F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standards_parse),
        cmocka_unit_test(test_standards_default),
        cmocka_unit_test(test_icc_check),
        cmocka_unit_test_setup_teardown(test_reading_claims, setup, teardown),
        cmocka_unit_test_setup_teardown(test_print_claims, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
