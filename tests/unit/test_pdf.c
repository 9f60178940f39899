/* test_pdf.c — the PDF backend: real text shaped with the real fonts,
 * written to a PDF and checked with poppler and qpdf: text extraction gives
 * the source text back (ligatures, marks, CJK, non-BMP), fonts are embedded
 * subsets with ToUnicode, the file is clean, rebuilds are byte-identical,
 * and a failed write leaves nothing behind.
 *
 * Runs from the repository root (tests/unit/fonts.xml). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bk.h"
#include "font.h"
#include "frame.h"
#include "pdf.h"
#include "pdf_private.h" /* bk_pdf_md5, bk_pdf_format_num */
#include "shape.h"
#include "unicode.h"

#define EPOCH 1700000000LL

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
    fx->ctx->epoch = EPOCH;
    fx->serif = bk_fontset_find(fx->fonts, "serif");
    fx->cjk = bk_fontset_find(fx->fonts, "serif-cjk-sc");
    if (fx->serif < 0 || fx->cjk < 0)
        return -1;
    strcpy(fx->dir, "/tmp/bk-test-pdf-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    /* BK_TEST_KEEP keeps the PDFs for a look */
    if (!getenv("BK_TEST_KEEP") && system(cmd) != 0)
        return -1;
    bk_fontset_free(fx->fonts);
    bk_ctx_free(fx->ctx);
    free(fx);
    return 0;
}

/* Shapes text with a face of the fontset and adds it as one glyph run;
 * `extra_space` widens every space glyph (as justification does). Returns
 * the run. */
static bk_glyph_run *add_line(fixture *fx, bk_page *pg, int font, double size,
                              double x, double y, const char *text,
                              const char *lang, uint32_t script,
                              const char *features, double extra_space)
{
    bk_font *f = bk_fontset_font(fx->ctx, fx->fonts, (size_t)font);
    assert_non_null(f);
    bk_glyph *g = NULL;
    size_t n = 0, len = strlen(text);
    assert_int_equal(bk_face_shape(fx->ctx, f->face, text, len, 0, len, lang,
                                   script, features, &g, &n),
                     BK_OK);
    bk_glyph_run *r = bk_page_add_glyphs(pg, font, size, x, y, n, text, len);
    assert_non_null(r);
    double k = size / bk_face_upem(f->face);
    for (size_t i = 0; i < n; i++) {
        r->gids[i] = g[i].gid;
        r->cluster[i] = g[i].cluster;
        r->advance[i] = g[i].x_advance * k;
        r->xoff[i] = g[i].x_offset * k;
        r->yoff[i] = g[i].y_offset * k;
        if (text[g[i].cluster] == ' ')
            r->advance[i] += extra_space;
    }
    free(g);
    return r;
}

/* The lines the test document shows, page by page, as pdftotext must give
 * them back. */
static const char *const PAGE1[] = {
    "Kết thúc Chiến tranh",
    "列强交换，大沽炮台",
    "office fight",
    "Ngày 24 tháng 10 năm 1860, hòa ước được ký kết tại Bắc Kinh.",
    "q̃ 𠮷 ffi",
};
static const char *const PAGE2[] = {
    "第二次鸦片战争",
    "Chapter two",
    "1860 年 10\u00a0月", /* the CJK font shows space and no-break space
                            with one glyph */
};

static bk_frames *make_doc(fixture *fx)
{
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    assert_int_equal(bk_frames_set_meta(fr, "Kết thúc Chiến tranh Nha phiến",
                                        "vi", "Lịch sử", "Nhóm booklet"),
                     0);
    bk_page *p1 = bk_frames_add_page(fr, 419.53, 595.28);
    bk_page *p2 = bk_frames_add_page(fr, 419.53, 595.28);
    assert_non_null(p1);
    assert_non_null(p2);
    p1->folio = (bk_folio){BK_FOLIO_ARABIC, 1};
    p2->folio = (bk_folio){BK_FOLIO_ARABIC, 2};

    bk_bookmark *bm = bk_page_add_bookmark(p1, "Kết thúc Chiến tranh", 1, 560);
    assert_non_null(bm);
    bk_glyph_run *title = add_line(fx, p1, fx->serif, 18, 40, 540, PAGE1[0], "vi",
                                   BK_SCRIPT_LATIN, NULL, 0);
    title->color = (bk_color){4, {0.1, 0.9, 0.8, 0.2}};
    add_line(fx, p1, fx->cjk, 14, 40, 510, PAGE1[1], "zh-Hans", BK_SCRIPT_HAN,
             NULL, 0);
    add_line(fx, p1, fx->serif, 12, 40, 485, PAGE1[2], "en", BK_SCRIPT_LATIN,
             NULL, 0);
    /* a justified line: spaces wider than the font's, so TJ adjustments */
    add_line(fx, p1, fx->serif, 10.5, 40, 465, PAGE1[3], "vi", BK_SCRIPT_LATIN,
             NULL, 1.75);
    /* a mark positioned by GPOS (offset glyph), a non-BMP ideograph in the
     * CJK font, and a ligature */
    bk_glyph_run *mix = add_line(fx, p1, fx->serif, 12, 40, 445, "q̃ ", "en",
                                 BK_SCRIPT_LATIN, NULL, 0);
    double w = 0;
    for (size_t i = 0; i < mix->n; i++)
        w += mix->advance[i];
    bk_glyph_run *ext = add_line(fx, p1, fx->cjk, 12, 40 + w, 445, "𠮷",
                                 "zh-Hans", BK_SCRIPT_HAN, NULL, 0);
    bk_glyph_run *lig = add_line(fx, p1, fx->serif, 12, 40 + w + ext->advance[0] + 3,
                                 445, "ffi", "en", BK_SCRIPT_LATIN, NULL, 0);
    (void)lig;

    bk_path *rule = bk_page_add_rect(p1, 40, 430, 300, 0.5);
    assert_non_null(rule);
    rule->fill = 1;
    rule->fill_color = (bk_color){1, {0.5, 0, 0, 0}};
    bk_path *curve = bk_page_add_path(p1, 3);
    assert_non_null(curve);
    curve->ops[0] = (bk_path_op){BK_PATH_MOVE, {40, 400, 0, 0, 0, 0}};
    curve->ops[1] = (bk_path_op){BK_PATH_CURVE, {100, 420, 200, 380, 300, 400}};
    curve->ops[2] = (bk_path_op){BK_PATH_CLOSE, {0}};
    curve->stroke = 1;
    curve->stroke_color = (bk_color){4, {1, 0, 0, 0}};
    curve->line_width = 1.5;
    assert_non_null(bk_page_add_link(p1, 40, 505, 200, 525, "ch2", NULL));
    assert_non_null(bk_page_add_link(p1, 40, 480, 200, 500, NULL,
                                     "https://example.org/baliqiao"));

    assert_non_null(bk_page_add_anchor(p2, "ch2", 40, 560));
    assert_non_null(bk_page_add_bookmark(p2, "第二次鸦片战争", 2, 560));
    add_line(fx, p2, fx->cjk, 16, 40, 540, PAGE2[0], "zh-Hans", BK_SCRIPT_HAN,
             NULL, 0);
    add_line(fx, p2, fx->serif, 12, 40, 515, PAGE2[1], "en", BK_SCRIPT_LATIN,
             NULL, 0);
    bk_glyph_run *nb = add_line(fx, p2, fx->cjk, 12, 40, 495, PAGE2[2], "zh-Hans",
                                BK_SCRIPT_HAN, NULL, 0);
    assert_int_equal(nb->gids[4], nb->gids[9]); /* space, no-break space */
    return fr;
}

/* Output of a shell command (at most `cap` bytes) and its exit status. */
static int run(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    return pclose(p);
}

/* pdftotext of one page, without the blank lines its paragraph guesses
 * add. */
static void page_text(const char *path, int page, char *out, size_t cap)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f %d -l %d '%s' -", page, page,
             path);
    assert_int_equal(run(cmd, out, cap), 0);
    char *w = out;
    for (char *r = out; *r; r++)
        if (!(*r == '\n' && (w == out || w[-1] == '\n')))
            *w++ = *r;
    *w = 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
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

static void write_doc(fixture *fx, const char *name, int compress, char *path,
                      size_t cap)
{
    bk_frames *fr = make_doc(fx);
    bk_pdf_options o = {.compress = compress};
    snprintf(path, cap, "%s/%s", fx->dir, name);
    bk_status st = bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path);
    if (st != BK_OK)
        fail_msg("bk_pdf_write: %s", bk_diag_error_message(fx->ctx->diag));
    bk_frames_free(fr);
}

/* pdftotext gives each page's lines back exactly. */
static void test_text_round_trip(void **state)
{
    fixture *fx = *state;
    char path[256], out[8192];
    write_doc(fx, "text.pdf", 1, path, sizeof path);
    const char *const *pages[2] = {PAGE1, PAGE2};
    size_t counts[2] = {sizeof PAGE1 / sizeof *PAGE1, sizeof PAGE2 / sizeof *PAGE2};
    for (int p = 0; p < 2; p++) {
        page_text(path, p + 1, out, sizeof out);
        char want[4096] = "";
        for (size_t i = 0; i < counts[p]; i++) {
            /* poppler prints a no-break space as a word break (' '); that
             * the PDF has U+00A0 there is checked in test_qpdf_clean */
            const char *l = pages[p][i];
            for (const char *nb; (nb = strstr(l, "\u00a0"));) {
                strncat(want, l, (size_t)(nb - l));
                strcat(want, " ");
                l = nb + strlen("\u00a0");
            }
            strcat(want, l);
            strcat(want, "\n");
        }
        strcat(want, "\f");
        assert_string_equal(out, want);
    }
}

/* Every font is an embedded subset with a ToUnicode CMap; the CJK font is
 * CFF (Type 0C), the Latin one TrueType. */
static void test_fonts_embedded_subset(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[512], out[8192];
    write_doc(fx, "fonts.pdf", 1, path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    int rows = 0, cff = 0, tt = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strchr(line, '+'))
            continue; /* header lines */
        rows++;
        if (!strstr(line, "yes yes yes"))
            fail_msg("font not embedded+subset+unicode: %s", line);
        if (!strstr(line, "Identity-H"))
            fail_msg("font not Identity-H: %s", line);
        cff += strstr(line, "CID Type 0C") != NULL;
        tt += strstr(line, "CID TrueType") != NULL;
        /* a subset tag is six capitals and a plus */
        for (int i = 0; i < 6; i++)
            assert_true(line[i] >= 'A' && line[i] <= 'Z');
        assert_int_equal(line[6], '+');
    }
    assert_int_equal(rows, 2);
    assert_int_equal(cff, 1);
    assert_int_equal(tt, 1);
}

/* qpdf finds no structural errors, with and without compression; the
 * uncompressed content shows the raw operators. */
static void test_qpdf_clean(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[512], out[8192];
    for (int compress = 0; compress <= 1; compress++) {
        write_doc(fx, compress ? "qz.pdf" : "q.pdf", compress, path, sizeof path);
        snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
        int rc = run(cmd, out, sizeof out);
        if (rc != 0 || !strstr(out, "No syntax or stream encoding errors"))
            fail_msg("qpdf --check (compress=%d): %s", compress, out);
    }
    size_t len;
    char *d = slurp(path, &len); /* compressed */
    assert_non_null(d);
    assert_true(contains(d, len, "/FlateDecode"));
    free(d);
    snprintf(path, sizeof path, "%s/q.pdf", fx->dir);
    d = slurp(path, &len);
    assert_non_null(d);
    assert_false(contains(d, len, "/FlateDecode"));
    assert_true(contains(d, len, "%PDF-1.5"));
    assert_true(contains(d, len, "]TJ"));
    assert_true(contains(d, len, "/Identity-H"));
    assert_true(contains(d, len, "/CIDToGIDMap /Identity"));
    assert_true(contains(d, len, "/Subtype /CIDFontType0C"));
    assert_true(contains(d, len, "/TrimBox [ 0 0 419.53 595.28"));
    assert_true(contains(d, len, "/BleedBox [ 0 0 419.53 595.28"));
    assert_true(contains(d, len, "/Lang (vi)"));
    assert_true(contains(d, len, "/Creator (booklet)"));
    assert_true(contains(d, len, "/CreationDate (D:20231114221320Z"));
    /* CMYK title, gray rule */
    assert_true(contains(d, len, "0.1 0.9 0.8 0.2 k"));
    /* the ffi ligature and the q + tilde cluster carry their text */
    assert_true(contains(d, len, "/Span<</ActualText<FEFF006600660069>>>BDC"));
    assert_true(contains(d, len, "/Span<</ActualText<FEFF00710303>>>BDC"));
    /* the no-break space shows the space glyph, so it needs ActualText */
    assert_true(contains(d, len, "/Span<</ActualText<FEFF00A0>>>BDC"));
    /* the non-BMP ideograph maps through a surrogate pair */
    assert_true(contains(d, len, "<D842DFB7>"));
    /* link annotations, outline, page labels */
    /* libharu writes "/" in strings as \\057 */
    assert_true(contains(d, len, "/URI (https:\\057\\057example.org\\057baliqiao)"));
    assert_true(contains(d, len, "/Subtype /Link"));
    assert_true(contains(d, len, "/Outlines"));
    assert_true(contains(d, len, "/PageLabels"));
    free(d);
}

/* The value of a "Key:   value" line of pdfinfo (in a static buffer). */
static const char *info_field(const char *out, const char *key)
{
    static char val[256];
    size_t kl = strlen(key);
    for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, key, kl) != 0 || l[kl] != ':')
            continue;
        const char *v = l + kl + 1;
        while (*v == ' ')
            v++;
        size_t n = strcspn(v, "\n");
        if (n >= sizeof val)
            n = sizeof val - 1;
        memcpy(val, v, n);
        val[n] = 0;
        return val;
    }
    return "";
}

/* Info, links, bookmarks and labels as poppler and qpdf see them. */
static void test_navigation(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[512], out[8192];
    write_doc(fx, "nav.pdf", 1, path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_string_equal(info_field(out, "Title"), "Kết thúc Chiến tranh Nha phiến");
    assert_string_equal(info_field(out, "Subject"), "Lịch sử");
    assert_string_equal(info_field(out, "Author"), "Nhóm booklet");
    assert_string_equal(info_field(out, "Creator"), "booklet");
    assert_string_equal(info_field(out, "CreationDate"), "Tue Nov 14 22:13:20 2023 UTC");
    assert_string_equal(info_field(out, "Pages"), "2");
    assert_string_equal(info_field(out, "Page size"), "419.53 x 595.28 pts");
    assert_string_equal(info_field(out, "PDF version"), "1.5");
    snprintf(cmd, sizeof cmd, "qpdf --json --json-key=outlines --json-key=pages '%s'",
             path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "\"title\": \"Kết thúc Chiến tranh\""));
    assert_non_null(strstr(out, "\"title\": \"第二次鸦片战争\""));
    assert_non_null(strstr(out, "\"label\""));
}

/* The same input and epoch give the same bytes. */
static void test_reproducible(void **state)
{
    fixture *fx = *state;
    char a[256], b[256];
    write_doc(fx, "a.pdf", 1, a, sizeof a);
    write_doc(fx, "b.pdf", 1, b, sizeof b);
    size_t la, lb;
    char *da = slurp(a, &la), *db = slurp(b, &lb);
    assert_non_null(da);
    assert_non_null(db);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    /* the /ID is filled in, not left as the placeholder */
    assert_true(contains(da, la, "/ID [ <"));
    assert_false(contains(da, la, "<00000000000000000000000000000000>"));
    free(da);
    free(db);
}

/* Writing into a missing directory fails, records an error and leaves no
 * file; an existing file survives a failed rewrite. */
static void test_failed_write(void **state)
{
    fixture *fx = *state;
    char path[256];
    bk_frames *fr = make_doc(fx);
    bk_pdf_options o = {.compress = 1};
    snprintf(path, sizeof path, "%s/missing/out.pdf", fx->dir);
    bk_diag_clear(fx->ctx->diag);
    assert_int_not_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), BK_OK);
    assert_non_null(bk_diag_error_message(fx->ctx->diag));
    struct stat sb;
    assert_int_not_equal(stat(path, &sb), 0);
    bk_diag_clear(fx->ctx->diag);

    /* a document the backend refuses (a page too small) changes nothing */
    snprintf(path, sizeof path, "%s/keep.pdf", fx->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("old", f);
    fclose(f);
    fr->pages[1]->width = 1;
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), BK_EINTERNAL);
    assert_non_null(bk_diag_error_message(fx->ctx->diag));
    size_t len;
    char *d = slurp(path, &len);
    assert_non_null(d);
    assert_string_equal(d, "old");
    free(d);
    bk_diag_clear(fx->ctx->diag);
    bk_frames_free(fr);

    /* no temporary files left beside the outputs */
    DIR *dir = opendir(fx->dir);
    assert_non_null(dir);
    for (struct dirent *e; (e = readdir(dir));)
        if (strstr(e->d_name, ".tmp"))
            fail_msg("leftover %s", e->d_name);
    closedir(dir);
}

/* Folios become page labels: numbering ranges where the style stays and
 * numbers follow on; a page outside any numbering gets an empty label. */
static void test_page_labels(void **state)
{
    fixture *fx = *state;
    static const bk_folio labels[] = {
        {BK_FOLIO_NONE, 0},  {BK_FOLIO_ROMAN, 1},  {BK_FOLIO_ROMAN, 2},
        {BK_FOLIO_ROMAN, 3}, {BK_FOLIO_ARABIC, 1}, {BK_FOLIO_ARABIC, 2},
        {BK_FOLIO_NONE, 0},  {BK_FOLIO_ARABIC, 7}, {BK_FOLIO_ROMAN, 14}};
    const size_t n = sizeof labels / sizeof *labels;
    char path[256], cmd[512], out[16384];
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    for (size_t i = 0; i < n; i++) {
        bk_page *p = bk_frames_add_page(fr, 300, 400);
        assert_non_null(p);
        p->folio = labels[i];
    }
    bk_pdf_options o = {0};
    snprintf(path, sizeof path, "%s/labels.pdf", fx->dir);
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), BK_OK);
    bk_frames_free(fr);
    /* qpdf reports the label ranges (adding the default /St 1) */
    snprintf(cmd, sizeof cmd, "qpdf --json --json-key=pagelabels '%s' | tr -d ' \n'",
             path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    const char *want =
        "\"pagelabels\":["
        "{\"index\":0,\"label\":{\"/St\":1}},"
        "{\"index\":1,\"label\":{\"/S\":\"/r\",\"/St\":1}},"
        "{\"index\":4,\"label\":{\"/S\":\"/D\",\"/St\":1}},"
        "{\"index\":6,\"label\":{\"/St\":1}},"
        "{\"index\":7,\"label\":{\"/S\":\"/D\",\"/St\":7}},"
        "{\"index\":8,\"label\":{\"/S\":\"/r\",\"/St\":14}}]";
    if (!strstr(out, want))
        fail_msg("page labels: %s", out);
}

/* A glyph with no text of its own (a hyphen the layout adds at a line
 * break: cluster = end of the run text) shows but extracts as nothing. */
static void test_added_glyph_has_no_text(void **state)
{
    fixture *fx = *state;
    char path[256], out[1024];
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    bk_page *p = bk_frames_add_page(fr, 300, 400);
    bk_glyph_run *r = add_line(fx, p, fx->serif, 12, 20, 300, "exam-", "en",
                               BK_SCRIPT_LATIN, NULL, 0);
    assert_int_equal(r->n, 5);
    r->textlen = 4; /* the source has "exam", the hyphen is typography */
    r->text[4] = 0;
    r->cluster[4] = 4;
    add_line(fx, p, fx->serif, 12, 20, 285, "ple", "en", BK_SCRIPT_LATIN, NULL, 0);
    bk_pdf_options o = {0};
    snprintf(path, sizeof path, "%s/hyphen.pdf", fx->dir);
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), BK_OK);
    bk_frames_free(fr);
    page_text(path, 1, out, sizeof out);
    assert_string_equal(out, "exam\nple\n\f");
}

/* A rotated run (a river's name along it) gets the rotated text matrix
 * and is one ActualText span, so it extracts as its text; a path with
 * round joins says so. */
static void test_rotated_run(void **state)
{
    fixture *fx = *state;
    char path[256], out[1024];
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    bk_page *p = bk_frames_add_page(fr, 300, 400);
    bk_glyph_run *r = add_line(fx, p, fx->serif, 12, 100, 200, "Peiho", "en",
                               BK_SCRIPT_LATIN, NULL, 0);
    r->angle = 90;
    bk_path *pa = bk_page_add_rect(p, 10, 10, 50, 50);
    pa->stroke = 1;
    pa->line_join = 1;
    bk_pdf_options o = {0};
    snprintf(path, sizeof path, "%s/rotated.pdf", fx->dir);
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), BK_OK);
    bk_frames_free(fr);
    size_t len;
    char *d = slurp(path, &len);
    assert_non_null(d);
    assert_true(contains(d, len, "0 1 -1 0 100 200 Tm"));
    assert_true(contains(d, len, "/Span<</ActualText<FEFF0050006500690068006F>>>BDC"));
    assert_true(contains(d, len, "1 j 1 J"));
    free(d);
    page_text(path, 1, out, sizeof out);
    assert_non_null(strstr(out, "Peiho"));
}

/* An empty document is refused rather than written as a pageless PDF. */
static void test_no_pages(void **state)
{
    fixture *fx = *state;
    char path[256];
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    bk_pdf_options o = {.compress = 1};
    snprintf(path, sizeof path, "%s/empty.pdf", fx->dir);
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), BK_EINTERNAL);
    bk_diag_clear(fx->ctx->diag);
    bk_frames_free(fr);
}

/* Page 1 renders (the glyphs were checked by eye once; here: poppler draws
 * it without complaint and the image is not blank). Set BK_KEEP_PNG to a
 * path to keep the rendering. */
static void test_renders(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[768], out[4096];
    write_doc(fx, "render.pdf", 1, path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 100 -gray -f 1 -l 1 '%s' '%s/page' 2>&1",
             path, fx->dir);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_string_equal(out, ""); /* no warnings about fonts or glyphs */
    snprintf(cmd, sizeof cmd, "%s/page-1.pgm", fx->dir);
    size_t len;
    char *img = slurp(cmd, &len);
    assert_non_null(img);
    size_t dark = 0;
    for (size_t i = 64; i < len; i++) /* past the PGM header */
        dark += (unsigned char)img[i] < 128;
    assert_true(dark > 500);
    free(img);
    const char *keep = getenv("BK_KEEP_PNG");
    if (keep) {
        snprintf(cmd, sizeof cmd, "pdftoppm -r 100 -png -f 1 -l 1 '%s' '%s'", path,
                 keep);
        assert_int_equal(system(cmd), 0);
    }
}

/* ---- print and imposed outputs ------------------------------------------ */

#define MM (72.0 / 25.4)

static void write_frames(fixture *fx, bk_frames *fr, const char *name,
                         const bk_pdf_options *o, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", fx->dir, name);
    bk_status st = bk_pdf_write(fx->ctx, fr, fx->fonts, o, path);
    if (st != BK_OK)
        fail_msg("bk_pdf_write %s: %s", name, bk_diag_error_message(fx->ctx->diag));
}

static const bk_pdf_options PRINT = {.kind = BK_PDF_PRINT, .bleed = 3 * MM, .mark_offset = 3 * MM,
                                     .mark_length = 10 * MM};

/* The boxes of page `page` as pdfinfo prints them: "x0 y0 x1 y1". */
static void page_box(const char *path, int page, const char *box, char *out,
                     size_t cap)
{
    char cmd[512], res[8192], key[64];
    snprintf(cmd, sizeof cmd, "pdfinfo -box -f %d -l %d '%s'", page, page, path);
    assert_int_equal(run(cmd, res, sizeof res), 0);
    snprintf(key, sizeof key, "Page %4d %s", page, box);
    const char *v = info_field(res, key);
    /* collapse the column padding */
    size_t k = 0;
    for (const char *c = v; *c && k + 1 < cap; c++)
        if (*c != ' ' || (k && out[k - 1] != ' '))
            out[k++] = *c;
    out[k] = 0;
}

/* Print: MediaBox with room for marks, BleedBox 3mm beyond the trim,
 * TrimBox the A5 trim 16mm in; reading keeps all three at the trim. */
static void test_print_boxes(void **state)
{
    fixture *fx = *state;
    char path[256], box[128];
    bk_frames *fr = make_doc(fx);
    write_frames(fx, fr, "print.pdf", &PRINT, path, sizeof path);
    for (int pg = 1; pg <= 2; pg++) {
        page_box(path, pg, "MediaBox", box, sizeof box);
        /* 16mm = 45.354pt around the trim, 3mm = 8.504pt of bleed */
        assert_string_equal(box, "0.00 0.00 510.24 685.99");
        page_box(path, pg, "BleedBox", box, sizeof box);
        assert_string_equal(box, "36.85 36.85 473.39 649.14");
        page_box(path, pg, "TrimBox", box, sizeof box);
        assert_string_equal(box, "45.35 45.35 464.88 640.63");
    }
    /* other bleed and marks: 5mm bleed pushes the marks out to 5mm */
    bk_pdf_options o = {.kind = BK_PDF_PRINT, .bleed = 5 * MM};
    write_frames(fx, fr, "print5.pdf", &o, path, sizeof path);
    page_box(path, 1, "TrimBox", box, sizeof box);
    assert_string_equal(box, "51.02 51.02 470.55 646.30"); /* 5+10+3 mm */
    page_box(path, 1, "BleedBox", box, sizeof box);
    assert_string_equal(box, "36.85 36.85 484.73 660.48");
    bk_pdf_options r = {0};
    write_frames(fx, fr, "reading.pdf", &r, path, sizeof path);
    page_box(path, 1, "MediaBox", box, sizeof box);
    assert_string_equal(box, "0.00 0.00 419.53 595.28");
    page_box(path, 1, "BleedBox", box, sizeof box);
    assert_string_equal(box, "0.00 0.00 419.53 595.28");
    page_box(path, 1, "TrimBox", box, sizeof box);
    assert_string_equal(box, "0.00 0.00 419.53 595.28");
    bk_frames_free(fr);
}

/* The y of every outline destination and link rectangle, in file order. */
static size_t json_numbers_after(const char *json, const char *key, int skip,
                                 double *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = json; n < cap && (p = strstr(p, key)); p += strlen(key)) {
        const char *q = p + strlen(key);
        for (int k = 0; k < skip && q; k++)
            q = strchr(q + 1, ',');
        if (!q)
            break;
        while (*q == ',' || *q == ' ' || *q == '\n' || *q == '[')
            q++;
        out[n++] = strtod(q, NULL);
    }
    return n;
}

/* Print keeps the text, the links and the bookmarks, moved with the page:
 * destinations and link rectangles are 16mm (the trim's offset) higher and
 * further right than in the reading output. */
static void test_print_navigation(void **state)
{
    fixture *fx = *state;
    char rpath[256], ppath[256], cmd[600], rj[16384], pj[16384], rt[4096], pt[4096];
    bk_frames *fr = make_doc(fx);
    bk_pdf_options r = {0};
    write_frames(fx, fr, "nav-r.pdf", &r, rpath, sizeof rpath);
    write_frames(fx, fr, "nav-p.pdf", &PRINT, ppath, sizeof ppath);
    bk_frames_free(fr);
    for (int pg = 1; pg <= 2; pg++) {
        page_text(rpath, pg, rt, sizeof rt);
        page_text(ppath, pg, pt, sizeof pt);
        assert_string_equal(pt, rt);
    }
    const char *fmt = "qpdf --json --json-key=outlines '%s' | tr -d ' \n'";
    snprintf(cmd, sizeof cmd, fmt, rpath);
    assert_int_equal(run(cmd, rj, sizeof rj), 0);
    snprintf(cmd, sizeof cmd, fmt, ppath);
    assert_int_equal(run(cmd, pj, sizeof pj), 0);
    double ry[8], py[8];
    size_t nr = json_numbers_after(rj, "\"/XYZ\",null,", 0, ry, 8);
    size_t np = json_numbers_after(pj, "\"/XYZ\",null,", 0, py, 8);
    assert_int_equal(nr, 2); /* two bookmarks */
    assert_int_equal(np, nr);
    for (size_t i = 0; i < nr; i++)
        assert_true(fabs(py[i] - ry[i] - 16 * MM) < 0.01);
    /* the link rectangles, as qpdf --qdf writes them */
    char *d;
    size_t len;
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s/nav-pn.qdf'",
             ppath, fx->dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/nav-pn.qdf", fx->dir);
    d = slurp(cmd, &len);
    assert_non_null(d);
    /* link (40,505)-(200,525) moved by 45.354 */
    assert_true(contains(d, len, "/Rect [\n    85.35433\n    550.35431\n    245.35432\n"
                                 "    570.35431\n  ]"));
    assert_true(contains(d, len, "/Rect [\n    85.35433\n    525.35431\n    245.35432\n"
                                 "    545.35431\n  ]"));
    assert_true(contains(d, len, "/Subtype /Link"));
    assert_true(contains(d, len, "/Outlines"));
    assert_true(contains(d, len, "/PageLabels"));
    free(d);
}

/* No RGB in any output kind: colours are gray, CMYK or the registration
 * separation. */
static void check_no_rgb(fixture *fx, const char *path)
{
    char cmd[600], q[256];
    snprintf(q, sizeof q, "%s/rgb.qdf", fx->dir);
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s'", path, q);
    assert_int_equal(system(cmd), 0);
    size_t len;
    char *d = slurp(q, &len);
    assert_non_null(d);
    assert_false(contains(d, len, " rg\n"));
    assert_false(contains(d, len, " RG\n"));
    assert_false(contains(d, len, "RGB"));
    free(d);
}

/* Pixel (x, y from the top) of a binary PGM. */
static int pgm_at(const char *img, size_t len, int x, int y)
{
    int w, h, maxv, off = 0;
    assert_int_equal(sscanf(img, "P5 %d %d %d%n", &w, &h, &maxv, &off), 3);
    off++; /* the single whitespace after maxval */
    assert_true(x >= 0 && x < w && y >= 0 && y < h);
    size_t at = (size_t)off + (size_t)y * (size_t)w + (size_t)x;
    assert_true(at < len);
    return (unsigned char)img[at];
}

/* A background that runs past the trim is kept up to the bleed box and cut
 * there in print; the marks sit outside the bleed; reading cuts at the
 * trim (its MediaBox). */
static void test_print_bleed_and_marks(void **state)
{
    fixture *fx = *state;
    char path[256], cmd[768], img_path[300];
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    bk_page *p = bk_frames_add_page(fr, 419.53, 595.28);
    assert_non_null(p);
    bk_path *bg = bk_page_add_rect(p, -20, -20, 419.53 + 40, 595.28 + 40);
    assert_non_null(bg);
    bg->fill = 1;
    bg->fill_color = (bk_color){4, {0, 0, 0, 0.7}};
    write_frames(fx, fr, "bleed.pdf", &PRINT, path, sizeof path);
    check_no_rgb(fx, path);
    /* 144 dpi: 2 px per pt */
    snprintf(cmd, sizeof cmd, "pdftoppm -r 144 -gray '%s' '%s/bleed' 2>&1", path, fx->dir);
    assert_int_equal(system(cmd), 0);
    snprintf(img_path, sizeof img_path, "%s/bleed-1.pgm", fx->dir);
    size_t len;
    char *img = slurp(img_path, &len);
    assert_non_null(img);
    int H = (int)(685.98 * 2 + 0.5);
    double trim = 16 * MM, bleed = 13 * MM;
#define PX(x, y) pgm_at(img, len, (int)((x) * 2), (int)(H - (y) * 2))
    assert_true(PX(trim + 200, trim + 300) < 128);    /* inside the trim */
    assert_true(PX(bleed + 2, trim + 300) < 128);     /* in the bleed */
    assert_true(PX(trim + 200, bleed + 2) < 128);
    assert_true(PX(bleed - 2, trim + 300) == 255);    /* past the bleed: cut */
    assert_true(PX(trim + 200, bleed - 2) == 255);
    assert_true(PX(5, 5) == 255);                     /* the corner */
    /* a crop mark: on the bottom trim line, left of the bleed, dark; a
     * point on that line inside the bleed is the background, beyond the
     * mark's end white */
    int dark = 255;
    for (int dy = -2; dy <= 2; dy++) {
        int v = pgm_at(img, len, (int)((3 * MM + 5 * MM) * 2), (int)(H - trim * 2) + dy);
        if (v < dark)
            dark = v;
    }
    assert_true(dark < 160);
    assert_true(PX(1.5 * MM, trim) == 255); /* marks stop 3mm before the edge */
#undef PX
    free(img);
    /* reading: the page is the trim, all of it background */
    bk_pdf_options r = {0};
    write_frames(fx, fr, "bleed-r.pdf", &r, path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 72 -gray '%s' '%s/bleedr' 2>&1", path, fx->dir);
    assert_int_equal(system(cmd), 0);
    snprintf(img_path, sizeof img_path, "%s/bleedr-1.pgm", fx->dir);
    img = slurp(img_path, &len);
    assert_non_null(img);
    assert_true(pgm_at(img, len, 0, 0) < 128);
    assert_true(pgm_at(img, len, 418, 594) < 128);
    free(img);
    bk_frames_free(fr);
}

/* A document of n pages, page i showing "Page i" at (40, 540). */
static bk_frames *numbered(fixture *fx, int n)
{
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    for (int i = 1; i <= n; i++) {
        bk_page *p = bk_frames_add_page(fr, 419.53, 595.28);
        assert_non_null(p);
        char t[32];
        snprintf(t, sizeof t, "Page %d", i);
        add_line(fx, p, fx->serif, 20, 40, 540, t, "en", BK_SCRIPT_LATIN, NULL, 0);
        p->folio = (bk_folio){BK_FOLIO_ARABIC, i};
    }
    return fr;
}

/* The text of one half of an imposed sheet (A4 landscape). */
static void half_text(const char *path, int sheet_page, int right, char *out,
                      size_t cap)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "pdftotext -f %d -l %d -x %d -y 0 -W 420 -H 596 '%s' - | tr -s ' \n\f' '  ' | sed 's/^ //; s/ $//'",
             sheet_page, sheet_page, right ? 421 : 0, path);
    assert_int_equal(run(cmd, out, cap), 0);
}

/* The texts of the halves of the 4 sheet sides of an imposed file. */
static void check_halves(const char *path, const char *const want[4][2])
{
    char out[8192];
    for (int k = 0; k < 4; k++)
        for (int h = 0; h < 2; h++) {
            half_text(path, k + 1, h, out, sizeof out);
            if (strcmp(out, want[k][h]) != 0)
                fail_msg("sheet page %d %s: '%s', want '%s'", k + 1, h ? "right" : "left",
                         out, want[k][h]);
        }
}

/* An imposed document of 5 pages without a back cover: the blanks follow
 * page 5, which faces page 4 as in the reading PDF (-|1 2|- -|3 4|5). */
static void test_imposed_no_back_cover(void **state)
{
    fixture *fx = *state;
    char path[256];
    bk_frames *fr = numbered(fx, 5);
    bk_pdf_options o = {.kind = BK_PDF_IMPOSED};
    write_frames(fx, fr, "imposed-nb.pdf", &o, path, sizeof path);
    bk_frames_free(fr);
    static const char *const want[4][2] = {
        {"", "Page 1"}, {"Page 2", ""}, {"", "Page 3"}, {"Page 4", "Page 5"}};
    check_halves(path, want);
}

/* Imposed: 5 pages, the last a back cover, on 2 A4 landscape sheets,
 * 5|1 2|- -|3 4|-, pads blank, no links, bookmarks or labels, no RGB,
 * same bytes twice. */
static void test_imposed(void **state)
{
    fixture *fx = *state;
    char path[256], path2[256], cmd[600], out[8192], box[128];
    bk_frames *fr = numbered(fx, 5);
    fr->back_cover = 1;
    bk_pdf_options o = {.kind = BK_PDF_IMPOSED};
    write_frames(fx, fr, "imposed.pdf", &o, path, sizeof path);
    write_frames(fx, fr, "imposed2.pdf", &o, path2, sizeof path2);
    bk_frames_free(fr);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_string_equal(info_field(out, "Pages"), "4");
    assert_string_equal(info_field(out, "Page size"), "841.89 x 595.276 pts (A4)");
    page_box(path, 3, "TrimBox", box, sizeof box);
    assert_string_equal(box, "0.00 0.00 841.89 595.28");
    static const char *const want[4][2] = {
        {"Page 5", "Page 1"}, {"Page 2", ""}, {"", "Page 3"}, {"Page 4", ""}};
    check_halves(path, want);
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
    int rc = run(cmd, out, sizeof out);
    if (rc != 0 || !strstr(out, "No syntax or stream encoding errors"))
        fail_msg("qpdf --check: %s", out);
    size_t la, lb;
    char *a = slurp(path, &la), *b = slurp(path2, &lb);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    check_no_rgb(fx, path);

    /* links and bookmarks are dropped; forms carry the fonts */
    fr = make_doc(fx);
    fr->back_cover = 1; /* its page 2 is the back cover */
    bk_pdf_options onc = {.kind = BK_PDF_IMPOSED};
    write_frames(fx, fr, "imposed-nav.pdf", &onc, path, sizeof path);
    bk_frames_free(fr);
    a = slurp(path, &la);
    assert_non_null(a);
    assert_false(contains(a, la, "/Annots"));
    assert_false(contains(a, la, "/Outlines"));
    assert_false(contains(a, la, "/PageLabels"));
    assert_true(contains(a, la, "/Subtype /Form"));
    assert_true(contains(a, la, "/X1 Do"));
    free(a);
    check_no_rgb(fx, path);
    snprintf(cmd, sizeof cmd, "pdffonts '%s' | tail -n +3 | grep -c 'yes yes yes'", path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_int_equal(atoi(out), 2);
    /* the text of the 2-page document: 2|1 on the front, blank back */
    half_text(path, 1, 1, out, sizeof out);
    assert_non_null(strstr(out, "Kết thúc Chiến tranh"));
    half_text(path, 2, 0, out, sizeof out);
    assert_string_equal(out, "");
    half_text(path, 2, 1, out, sizeof out);
    assert_string_equal(out, "");
}

/* xMin of the word `w` in pdftotext -bbox output of one page. */
static double word_xmin(const char *path, int page, const char *w)
{
    char cmd[600], out[16384], needle[64];
    snprintf(cmd, sizeof cmd, "pdftotext -bbox -f %d -l %d '%s' -", page, page, path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    snprintf(needle, sizeof needle, ">%s</word>", w);
    char *at = strstr(out, needle);
    if (!at)
        fail_msg("no word %s on page %d", w, page);
    *at = 0;
    char *x = strrchr(out, '\n');
    x = strstr(x ? x : out, "xMin=\"");
    assert_non_null(x);
    return strtod(x + 6, NULL);
}

/* The frames' last output may free each page's glyphs once drawn: the
 * file is the same, and the frames keep their runs without glyphs. */
static void test_release_drawn(void **state)
{
    fixture *fx = *state;
    const bk_pdf_kind kinds[] = {BK_PDF_READING, BK_PDF_PRINT, BK_PDF_IMPOSED};
    for (size_t k = 0; k < 3; k++) {
        char p0[256], p1[256];
        bk_frames *fr = make_doc(fx);
        bk_pdf_options o = {.compress = 1, .kind = kinds[k], .bleed = 3 * MM};
        write_frames(fx, fr, "kept.pdf", &o, p0, sizeof p0);
        o.release = fr;
        write_frames(fx, fr, "released.pdf", &o, p1, sizeof p1);
        size_t runs = 0;
        for (size_t i = 0; i < fr->n; i++)
            for (size_t j = 0; j < fr->pages[i]->n; j++)
                if (fr->pages[i]->items[j].kind == BK_ITEM_GLYPHS) {
                    assert_int_equal(fr->pages[i]->items[j].u.glyphs.n, 0);
                    assert_null(fr->pages[i]->items[j].u.glyphs.gids);
                    runs++;
                }
        assert_true(runs > 0);
        bk_frames_free(fr);
        size_t la, lb;
        char *da = slurp(p0, &la), *db = slurp(p1, &lb);
        assert_non_null(da);
        assert_non_null(db);
        assert_int_equal(la, lb);
        assert_memory_equal(da, db, la);
        free(da);
        free(db);
    }
}

/* Creep: 8 pages on 2 sheets; the inner sheet's pages move `creep` towards
 * the fold, the outer sheet's stay. */
static void test_imposed_creep(void **state)
{
    fixture *fx = *state;
    char p0[256], p1[256];
    bk_frames *fr = numbered(fx, 8);
    bk_pdf_options o = {.compress = 1, .kind = BK_PDF_IMPOSED};
    write_frames(fx, fr, "creep0.pdf", &o, p0, sizeof p0);
    o.creep = 10;
    write_frames(fx, fr, "creep10.pdf", &o, p1, sizeof p1);
    bk_frames_free(fr);
    /* sheet 1 front 8|1: unchanged */
    assert_true(fabs(word_xmin(p1, 1, "8") - word_xmin(p0, 1, "8")) < 0.05);
    assert_true(fabs(word_xmin(p1, 1, "1") - word_xmin(p0, 1, "1")) < 0.05);
    /* sheet 2 front 6|3 and back 4|5: left page right, right page left */
    assert_true(fabs(word_xmin(p1, 3, "6") - word_xmin(p0, 3, "6") - 10) < 0.05);
    assert_true(fabs(word_xmin(p1, 3, "3") - word_xmin(p0, 3, "3") + 10) < 0.05);
    assert_true(fabs(word_xmin(p1, 4, "4") - word_xmin(p0, 4, "4") - 10) < 0.05);
    assert_true(fabs(word_xmin(p1, 4, "5") - word_xmin(p0, 4, "5") + 10) < 0.05);
    /* where the pages sit: left page's trim ends at the fold (420.945) */
    assert_true(fabs(word_xmin(p0, 1, "Page") - (420.945 - 419.53 + 40)) < 0.5);
}

/* Options the backend refuses; kind names. */
static void test_output_options(void **state)
{
    fixture *fx = *state;
    char path[256];
    bk_pdf_kind k;
    assert_int_equal(bk_pdf_kind_parse("reading", &k), 0);
    assert_int_equal(k, BK_PDF_READING);
    assert_int_equal(bk_pdf_kind_parse("print", &k), 0);
    assert_int_equal(k, BK_PDF_PRINT);
    assert_int_equal(bk_pdf_kind_parse("imposed", &k), 0);
    assert_int_equal(k, BK_PDF_IMPOSED);
    assert_int_equal(bk_pdf_kind_parse("Print", &k), -1);
    assert_int_equal(bk_pdf_kind_parse(NULL, &k), -1);
    bk_frames *fr = numbered(fx, 1);
    bk_pdf_options bad = {.kind = BK_PDF_PRINT, .bleed = -1};
    snprintf(path, sizeof path, "%s/bad.pdf", fx->dir);
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &bad, path), BK_EINTERNAL);
    bk_diag_clear(fx->ctx->diag);
    bk_pdf_options badc = {.kind = BK_PDF_IMPOSED, .creep = 1e9};
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &badc, path), BK_EINTERNAL);
    bk_diag_clear(fx->ctx->diag);
    struct stat sb;
    assert_int_not_equal(stat(path, &sb), 0);
    /* one page imposed: 1 on the front right, the rest blank */
    bk_pdf_options one = {.kind = BK_PDF_IMPOSED};
    write_frames(fx, fr, "one.pdf", &one, path, sizeof path);
    char out[256];
    half_text(path, 1, 1, out, sizeof out);
    assert_string_equal(out, "Page 1");
    half_text(path, 1, 0, out, sizeof out);
    assert_string_equal(out, "");
    bk_frames_free(fr);
}

/* ---- what the outputs of a run share ------------------------------------- */

/* Writes fr as `name` with o and returns the file's bytes. */
static char *written(fixture *fx, bk_frames *fr, const char *name,
                     const bk_pdf_options *o, size_t *len)
{
    char path[256];
    write_frames(fx, fr, name, o, path, sizeof path);
    char *d = slurp(path, len);
    assert_non_null(d);
    return d;
}

static void assert_same_file(const char *a, size_t la, const char *b, size_t lb,
                             const char *what)
{
    if (la != lb || memcmp(a, b, la) != 0)
        fail_msg("%s: %zu bytes with the cache, %zu without, not the same", what, la, lb);
}

/* The reading, print and imposed outputs written with one cache (fonts
 * subset and compressed once, the profile compressed once) are the files
 * each makes alone, compressed or not. */
static void test_cache_same_bytes(void **state)
{
    fixture *fx = *state;
    size_t icc_len;
    unsigned char *icc = (unsigned char *)slurp("color/FOGRA39L-argyll.icc", &icc_len);
    assert_non_null(icc);
    bk_pdf_intent in = {icc, icc_len, "FOGRA39", "Coated FOGRA39", NULL};
    bk_frames *fr = make_doc(fx);
    for (int compress = 0; compress <= 1; compress++) {
        bk_pdf_cache *cache = bk_pdf_cache_new();
        assert_non_null(cache);
        for (int k = 0; k < 3; k++) {
            bk_pdf_options o = PRINT;
            o.compress = compress;
            o.kind = (bk_pdf_kind)k;
            o.standards = bk_pdf_standards_default(o.kind);
            o.intent = &in;
            size_t la, lb;
            char *alone = written(fx, fr, "alone.pdf", &o, &lb);
            o.cache = cache;
            char *shared = written(fx, fr, "shared.pdf", &o, &la);
            char what[64];
            snprintf(what, sizeof what, "kind %d, compress %d", k, compress);
            assert_same_file(shared, la, alone, lb, what);
            free(alone);
            free(shared);
        }
        bk_pdf_cache_free(cache);
    }
    bk_frames_free(fr);
    free(icc);
    bk_pdf_cache_free(NULL);
}

/* A cache that holds the fonts of other glyphs does not lend them: a
 * document written after another through the same cache is the file it
 * makes alone, its subsets its own. */
static void test_cache_other_glyphs(void **state)
{
    fixture *fx = *state;
    bk_pdf_cache *cache = bk_pdf_cache_new();
    assert_non_null(cache);
    bk_pdf_options o = {.compress = 1, .cache = cache};
    size_t l1, l2, l3;
    bk_frames *doc = make_doc(fx), *pages = numbered(fx, 3);
    char *first = written(fx, doc, "first.pdf", &o, &l1);
    char *after = written(fx, pages, "after.pdf", &o, &l2);
    o.cache = NULL;
    char *alone = written(fx, pages, "alone.pdf", &o, &l3);
    assert_same_file(after, l2, alone, l3, "after another document");
    /* and the first document's fonts are not what the second kept */
    o.cache = cache;
    free(after);
    after = written(fx, doc, "again.pdf", &o, &l2);
    assert_same_file(after, l2, first, l1, "the first document again");
    free(first);
    free(after);
    free(alone);
    bk_frames_free(doc);
    bk_frames_free(pages);
    bk_pdf_cache_free(cache);
}

/* MD5 gives /ID, the XMP InstanceID and subset tags: RFC 1321's test
 * suite (A.5), and inputs that end at and around a block's padding. */
static void test_md5(void **state)
{
    (void)state;
    static const char *const vec[][2] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "d174ab98d277d9f5a5611c2c9f419d9f"},
        {"1234567890123456789012345678901234567890123456789012345678901234567890"
         "1234567890",
         "57edf4a22be3c955ac49da2e2107b67a"},
        /* 55, 56 and 64 bytes: the length fits the block or needs another */
        {"0123456789012345678901234567890123456789012345678901234",
         "6e7a4fc92eb1c3f6e652425bcc8d44b5"},
        {"01234567890123456789012345678901234567890123456789012345",
         "8af270b2847610e742b0791b53648c09"},
        {"0123456789012345678901234567890123456789012345678901234567890123",
         "7f7bfd348709deeaace19e3f535f8c54"},
    };
    for (size_t i = 0; i < sizeof vec / sizeof *vec; i++) {
        unsigned char dg[16];
        char hex[33];
        bk_pdf_md5(vec[i][0], strlen(vec[i][0]), dg);
        for (int k = 0; k < 16; k++)
            snprintf(hex + 2 * k, 3, "%02x", dg[k]);
        if (strcmp(hex, vec[i][1]) != 0)
            fail_msg("MD5 of \"%s\": %s, want %s", vec[i][0], hex, vec[i][1]);
    }
}

/* Numbers in content streams: rounded to thousandths, half away from
 * zero, written without trailing zeros or a lone point ("12.5", "-3",
 * "0.001"); the same digits as printing llround(v * 1000) split at the
 * point. Hex codes: at least four upper-case digits. */
static void expect_num(double v)
{
    char got[40], want[48];
    size_t n = bk_pdf_format_num(got, v);
    got[n] = '\0';
    long long t = isfinite(v) ? llround(v * 1000.0) : 0;
    unsigned long long a = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
    int k = snprintf(want, sizeof want, "%s%llu", t < 0 ? "-" : "", a / 1000);
    if (a % 1000) {
        snprintf(want + k, sizeof want - (size_t)k, ".%03llu", a % 1000);
        size_t m = strlen(want);
        while (want[m - 1] == '0')
            want[--m] = '\0';
    }
    if (strcmp(got, want) != 0)
        fail_msg("number %.17g written as \"%s\", want \"%s\"", v, got, want);
}

static void test_number_format(void **state)
{
    (void)state;
    static const double fixed[] = {0, -0.0, 0.0004, 0.0005, -0.0005, 0.001, 0.01, 0.1,
                                   0.5, 1, 9.999, 9.9995, 10, 12.5, 99.99, 100, 123.456,
                                   999.9999, 1000, 12345.678, -842.1, 1e9 + 0.25,
                                   -98765432.1, 4503599627.37049, NAN, INFINITY};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        expect_num(fixed[i]);
    /* a sweep over the magnitudes a page uses, and beyond */
    unsigned long long x = 88172645463325252ULL;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double mag = pow(10, (double)(x % 12) - 3);
        expect_num(((double)(x >> 11) / 9007199254740992.0 - 0.5) * 2 * mag);
    }
    char h[9];
    const struct { uint32_t v; const char *hex; } codes[] = {
        {0, "0000"}, {0x1F, "001F"}, {0xABCD, "ABCD"}, {0x10000, "10000"},
        {0x10FFFF, "10FFFF"}, {0xFFFFFFFFu, "FFFFFFFF"}};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        h[bk_pdf_hex4(h, codes[i].v)] = '\0';
        if (strcmp(h, codes[i].hex) != 0)
            fail_msg("code 0x%X written as %s, want %s", codes[i].v, h, codes[i].hex);
    }
}

/* A cluster needs no ActualText when its glyph's ToUnicode text is the
 * cluster's text and that text is one character: exactly what one step of
 * bk_utf8_next_safe takes whole (a lone byte of broken UTF-8 included). */
static void test_one_codepoint(void **state)
{
    (void)state;
    static const struct { const char *s; int one; } cases[] = {
        {"", 0}, {"a", 1}, {"ab", 0}, {"\xc3\xa9", 1}, {"e\xcc\x81", 0},
        {"\xe1\xbb\x87", 1}, {"\xe4\xb8\xad", 1}, {"\xf0\x9f\x98\x80", 1},
        {"\xe4\xb8", 0}, {"\x80", 1}, {"\xe4\xb8\xad\xe6\x96\x87", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (bk_pdf_one_codepoint(cases[i].s, strlen(cases[i].s)) != cases[i].one)
            fail_msg("case %zu: one character is %d, want %d", i, !cases[i].one, cases[i].one);
    /* short byte strings of every kind of byte: the same answer as a step */
    static const unsigned char pick[] = {0x41, 0x80, 0xBF, 0xC3, 0xE1, 0xF0, 0xF8, 0xFF};
    unsigned char b[4];
    for (size_t n = 1; n <= 4; n++) {
        size_t total = 1;
        for (size_t k = 0; k < n; k++)
            total *= sizeof pick;
        for (size_t v = 0; v < total; v++) {
            size_t w = v, i = 0;
            for (size_t k = 0; k < n; k++, w /= sizeof pick)
                b[k] = pick[w % sizeof pick];
            bk_utf8_next_safe((const char *)b, n, &i);
            if (bk_pdf_one_codepoint((const char *)b, n) != (i == n))
                fail_msg("%zu bytes (case %zu): one character disagrees with a step", n, v);
        }
    }
}

/* Adds text shaped as one run twice: onto `packed` without offset arrays
 * (as bk_page_compact leaves a run whose offsets are all zero: the content
 * writer's fast path) and onto `full` with offsets of zero (its general
 * path). Every glyph gets `track` pt more advance and spaces `space` more,
 * so TJ adjustments come, many of them repeated. Returns the packed run. */
static bk_glyph_run *add_twice(fixture *fx, bk_page *packed, bk_page *full, int font,
                               double y, const char *text, const char *lang,
                               uint32_t script, double track, double space)
{
    bk_font *f = bk_fontset_font(fx->ctx, fx->fonts, (size_t)font);
    assert_non_null(f);
    bk_glyph *g = NULL;
    size_t n = 0, len = strlen(text);
    assert_int_equal(bk_face_shape(fx->ctx, f->face, text, len, 0, len, lang, script, NULL,
                                   &g, &n),
                     BK_OK);
    bk_glyph_run *a = bk_page_add_glyphs_packed(packed, font, 11, 30, y, n, text, len, 0, 0);
    bk_glyph_run *b = bk_page_add_glyphs(full, font, 11, 30, y, n, text, len);
    assert_true(a && b && !a->xoff && !a->yoff && b->xoff && b->yoff);
    double k = 11.0 / bk_face_upem(f->face);
    for (size_t i = 0; i < n; i++) {
        a->gids[i] = b->gids[i] = g[i].gid;
        a->cluster[i] = b->cluster[i] = g[i].cluster;
        a->advance[i] = b->advance[i] =
            g[i].x_advance * k + track + (text[g[i].cluster] == ' ' ? space : 0);
    }
    free(g);
    return a;
}

/* The streams of an uncompressed file that begin with `head`, in order. */
static size_t streams_with(const char *d, size_t len, const char *head, const char **s,
                           size_t *sl, size_t max)
{
    size_t k = 0, hl = strlen(head);
    for (size_t i = 0; i + 8 < len && k < max; i++) {
        if (memcmp(d + i, "stream\r\n", 8) != 0 || (i && d[i - 1] == 'd'))
            continue;
        const char *b = d + i + 8;
        size_t e = (size_t)(b - d);
        while (e + 10 <= len && memcmp(d + e, "\nendstream", 10) != 0)
            e++;
        if ((size_t)(d + e - b) >= hl && memcmp(b, head, hl) == 0) {
            s[k] = b;
            sl[k++] = (size_t)(d + e - b);
        }
        i = e;
    }
    return k;
}

/* Glyph runs without offset arrays (the fast path: one glyph showing its
 * own text per cluster, codes and adjustments straight into the TJ, the
 * adjustments' digits from a cache) are written as the same runs with
 * offsets of zero (the general path): justified and letter-spaced lines
 * long enough to fill the TJ buffer several times, a ligature, a mark on
 * its base, Han text, a glyph shown for two texts, cluster values past the
 * text and out of order, a first cluster starting inside the text. */
static void test_plain_runs_same_bytes(void **state)
{
    fixture *fx = *state;
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    bk_page *p0 = bk_frames_add_page(fr, 419.53, 595.28);
    bk_page *p1 = bk_frames_add_page(fr, 419.53, 595.28);
    assert_true(p0 && p1);
    const char *vi = "Ng\xc3\xa0y 24 th\xc3\xa1ng 10 n\xc4\x83m 1860, h\xc3\xb2"
                     "a \xc6\xb0\xe1\xbb\x9b\x63 \xc4\x91\xc6\xb0\xe1\xbb\xa3\x63 k\xc3\xbd "
                     "k\xe1\xba\xbft t\xe1\xba\xa1i B\xe1\xba\xaf\x63 Kinh.";
    double y = 560;
    for (int i = 0; i < 6; i++, y -= 16)
        add_twice(fx, p0, p1, fx->serif, y, vi, "vi", BK_SCRIPT_LATIN, 0.05 * i,
                  i % 2 ? 1.75 : 0);
    add_twice(fx, p0, p1, fx->serif, y -= 16, "office fight ffi q\xcc\x83", "en",
              BK_SCRIPT_LATIN, 0, 0.5);
    add_twice(fx, p0, p1, fx->cjk, y -= 16, "1860 \xe5\xb9\xb4 10\xc2\xa0\xe6\x9c\x88",
              "zh-Hans", BK_SCRIPT_HAN, 0.3, 0);
    bk_glyph_run *odd[2];
    odd[0] = add_twice(fx, p0, p1, fx->serif, y -= 16, "The Treaty of Tientsin", "en",
                       BK_SCRIPT_LATIN, 0.1, 0);
    odd[1] = &p1->items[p1->n - 1].u.glyphs;
    for (int k = 0; k < 2; k++) { /* the same odd clusters on both pages */
        assert_true(odd[k]->n > 12);
        odd[k]->cluster[0] = 2;    /* the first cluster starts inside */
        odd[k]->cluster[4] = 200;  /* past the text */
        odd[k]->cluster[8] = 3;    /* out of order */
        odd[k]->cluster[odd[k]->n - 1] = (uint32_t)odd[k]->textlen + 5;
    }
    bk_pdf_options o = {.compress = 0};
    size_t len;
    char *d = written(fx, fr, "plain.pdf", &o, &len);
    const char *s[4];
    size_t sl[4];
    assert_int_equal(streams_with(d, len, "/Artifact BMC\nBT\n", s, sl, 4), 2);
    assert_true(contains(s[0], sl[0], "]TJ") && contains(s[0], sl[0], "/ActualText"));
    assert_true(sl[0] > 4096);
    if (sl[0] != sl[1] || memcmp(s[0], s[1], sl[0]) != 0)
        fail_msg("the packed runs' content (%zu bytes) is not the full runs' (%zu)", sl[0],
                 sl[1]);
    free(d);
    bk_frames_free(fr);
}

/* The body of the object ref refers to ("n g R") in a saved file (between "num 0 obj\n" and
 * "\nendobj"), NUL-terminated in *out (malloc'd). */
static void object_body(const unsigned char *pdf, size_t len, const bk_buf *ref, char **out)
{
    char head[48];
    unsigned num = 0, gen = 0;
    assert_int_equal(sscanf(ref->data, "%u %u R", &num, &gen), 2);
    int hn = snprintf(head, sizeof head, "\n%u %u obj\n", num, gen);
    const unsigned char *at = NULL;
    for (size_t i = 0; i + (size_t)hn <= len && !at; i++)
        if (memcmp(pdf + i, head, (size_t)hn) == 0)
            at = pdf + i + hn;
    assert_non_null(at);
    const unsigned char *end = at;
    while (end + 7 <= pdf + len && memcmp(end, "\nendobj", 7) != 0)
        end++;
    assert_true(end + 7 <= pdf + len);
    *out = bk_strndup((const char *)at, (size_t)(end - at));
    assert_non_null(*out);
}

/* A dictionary formatted by hand (bk_pdfraw_*, bk_pdfdoc_raw_dict) is
 * written as the same dictionary made of libharu objects: names with
 * characters to escape, integers, references, literal and UTF-16 text
 * strings (one cut at libharu's length limit), a nested dictionary and an
 * array; what libharu would refuse is refused. */
static void test_raw_dict_bytes(void **state)
{
    (void)state;
    static const char *const texts[] = {"plain", "(a) \\ b%c/d<e>[f]{g}#h", "",
                                        "Vi\xe1\xbb\x87t \xe4\xb8\xad \xf0\xa0\x80\x80"};
    bk_pdfdoc *doc = bk_pdfdoc_new();
    assert_non_null(doc);
    assert_int_equal(bk_pdfdoc_setup(doc, 0), 0);
    bk_pdfobj *page = bk_pdfdoc_page_add(doc, 100, 100);
    bk_pdfobj *hard = bk_pdfdoc_dict(doc), *raw = bk_pdfdoc_raw_dict(doc);
    bk_pdfobj *arr = bk_pdfdoc_array(doc), *sub = bk_pdfdoc_dict(doc);
    assert_true(page && hard && raw && arr && sub);
    assert_int_equal(bk_pdfdoc_register(doc, hard) | bk_pdfdoc_register(doc, raw), 0);
    /* a long text: cut at a character boundary below libharu's limit */
    size_t ln = 3 * 23333;
    char *longtext = malloc(ln + 1);
    assert_non_null(longtext);
    for (size_t i = 0; i < ln; i += 3)
        memcpy(longtext + i, "\xe4\xb8\xad", 3);
    longtext[ln] = '\0';
    bk_buf b = {0};
    int r = bk_pdfobj_set_name(hard, "Type", "StructElem");
    r |= bk_buf_puts(&b, "/Type ") | bk_pdfraw_name(&b, "StructElem") | bk_buf_puts(&b, "\n");
    r |= bk_pdfobj_set_name(hard, "N", "a b#c/d(e)\xc3\xa9");
    r |= bk_buf_puts(&b, "/N ") | bk_pdfraw_name(&b, "a b#c/d(e)\xc3\xa9") | bk_buf_puts(&b, "\n");
    const long ints[] = {0, 7, -42, 2147483647L, -2147483647L};
    char key[8];
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        snprintf(key, sizeof key, "I%zu", i);
        r |= bk_pdfobj_set_int(hard, key, ints[i]);
        r |= bk_buf_printf(&b, "/%s ", key) | bk_pdfraw_int(&b, ints[i], '\n');
    }
    r |= bk_pdfobj_set(hard, "P", page);
    r |= bk_buf_puts(&b, "/P ") | bk_pdfraw_ref(&b, page, 0) | bk_buf_puts(&b, "\n");
    for (size_t i = 0; i <= sizeof texts / sizeof *texts; i++) {
        const char *t = i < sizeof texts / sizeof *texts ? texts[i] : longtext;
        snprintf(key, sizeof key, "T%zu", i);
        r |= bk_pdfobj_set(hard, key, bk_pdfdoc_text(doc, t));
        r |= bk_buf_printf(&b, "/%s ", key) | bk_pdfraw_text(&b, t) | bk_buf_puts(&b, "\n");
    }
    r |= bk_pdfobj_set_name(sub, "O", "Table") | bk_pdfobj_set_int(sub, "MCID", 3);
    r |= bk_pdfobj_push(arr, page) | bk_pdfobj_push_int(arr, 5) | bk_pdfobj_push(arr, sub);
    r |= bk_pdfobj_set(hard, "K", arr);
    r |= bk_buf_puts(&b, "/K [ ") | bk_pdfraw_ref(&b, page, ' ') | bk_pdfraw_int(&b, 5, 0) |
         bk_buf_puts(&b, " <<\n/O /Table\n/MCID 3\n>> ]\n");
    assert_int_equal(r, 0);
    bk_pdf_slice body = {b.data, (uint32_t)b.len};
    bk_pdfobj_raw_body(raw, &body);
    /* refused: a direct object's reference, an empty or too long name */
    bk_buf no = {0};
    char name[130];
    memset(name, 'n', 128);
    name[128] = '\0';
    assert_int_not_equal(bk_pdfraw_ref(&no, sub, 0), 0);
    assert_int_not_equal(bk_pdfraw_name(&no, ""), 0);
    assert_int_not_equal(bk_pdfraw_name(&no, name), 0);
    name[127] = '\0';
    assert_int_equal(bk_pdfraw_name(&no, name), 0);
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(bk_pdfdoc_save(doc, 0, &pdf, &len), 0);
    bk_buf rh = {0}, rr = {0};
    assert_int_equal(bk_pdfraw_ref(&rh, hard, 0) | bk_pdfraw_ref(&rr, raw, 0), 0);
    char *want = NULL, *got = NULL;
    object_body(pdf, len, &rh, &want);
    object_body(pdf, len, &rr, &got);
    assert_string_equal(got, want);
    free(want);
    free(got);
    free(pdf);
    free(longtext);
    bk_buf_release(&b);
    bk_buf_release(&no);
    bk_buf_release(&rh);
    bk_buf_release(&rr);
    bk_pdfdoc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_fonts_embedded_subset),
        cmocka_unit_test(test_qpdf_clean),
        cmocka_unit_test(test_navigation),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_failed_write),
        cmocka_unit_test(test_page_labels),
        cmocka_unit_test(test_added_glyph_has_no_text),
        cmocka_unit_test(test_rotated_run),
        cmocka_unit_test(test_no_pages),
        cmocka_unit_test(test_renders),
        cmocka_unit_test(test_print_boxes),
        cmocka_unit_test(test_print_navigation),
        cmocka_unit_test(test_print_bleed_and_marks),
        cmocka_unit_test(test_imposed),
        cmocka_unit_test(test_imposed_no_back_cover),
        cmocka_unit_test(test_imposed_creep),
        cmocka_unit_test(test_release_drawn),
        cmocka_unit_test(test_output_options),
        cmocka_unit_test(test_cache_same_bytes),
        cmocka_unit_test(test_cache_other_glyphs),
        cmocka_unit_test(test_md5),
        cmocka_unit_test(test_number_format),
        cmocka_unit_test(test_one_codepoint),
        cmocka_unit_test(test_raw_dict_bytes),
        cmocka_unit_test(test_plain_runs_same_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
