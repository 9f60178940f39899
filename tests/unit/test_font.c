/* Unit tests: font configuration, FreeType info, HarfBuzz shaping and
 * subsetting (font.c, shape.c). Uses the real Noto fonts named in tests/unit/fonts.xml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "fontinfo.h"
#include "shape.h"
#include "unicode.h"

static bk_ctx *ctx;
static bk_fontset *fs;

static int setup(void **state)
{
    (void)state;
    ctx = bk_ctx_new();
    return bk_fontset_load(ctx, "tests/unit/fonts.xml", &fs) == BK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bk_fontset_free(fs);
    bk_ctx_free(ctx);
    return 0;
}

static const char *first_face(const char *role, const char *lang)
{
    const int *chain = NULL;
    size_t n = bk_fontset_chain(fs, role, lang, &chain);
    return n ? bk_fontset_font(ctx, fs, (size_t)chain[0])->id : "(none)";
}

static void chains_follow_language(void **state)
{
    (void)state;
    assert_string_equal(first_face("body", "vi"), "serif");
    assert_string_equal(first_face("body", "en"), "serif");
    assert_string_equal(first_face("body", "zh-Hans"), "serif-cjk-sc");
    assert_string_equal(first_face("body", "zh"), "serif-cjk-sc");
    assert_string_equal(first_face("body", "zh-Hant"), "serif-cjk-tc");
    assert_string_equal(first_face("heading", "zh-Hans"), "sans-cjk-sc-bold");
    const int *chain;
    assert_int_equal(bk_fontset_chain(fs, "nonexistent", "vi", &chain), 0);
    /* no latin face in the unit tests' configuration */
    assert_int_equal(bk_fontset_latin(fs, "body", "zh-Hans"), -1);
    assert_int_equal(bk_fontset_latin(fs, "nonexistent", "zh-Hans"), -1);
}

static void info_from_freetype(void **state)
{
    (void)state;
    bk_font *serif = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif"));
    assert_non_null(serif);
    assert_string_equal(serif->info.ps_name, "NotoSerif-Regular");
    assert_false(serif->info.is_cff);
    assert_int_equal(serif->info.upem, 1000);
    bk_font *cjk = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif-cjk-sc"));
    assert_non_null(cjk);
    assert_string_equal(cjk->info.ps_name, "NotoSerifCJKsc-Regular");
    assert_true(cjk->info.is_cff);
    assert_true(bk_face_has_char(cjk->face, 0x5217));
    assert_false(bk_face_has_char(serif->face, 0x5217));
}

/* Two faces of one collection read one mapping of the file (its pages
 * counted once in memory), each its own face. */
static void faces_of_one_file_share_its_mapping(void **state)
{
    (void)state;
    bk_font *sc = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif-cjk-sc"));
    bk_font *tc = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif-cjk-tc"));
    bk_font *bold = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif-cjk-sc-bold"));
    assert_non_null(sc);
    assert_non_null(tc);
    assert_non_null(bold);
    assert_ptr_equal(sc->data, tc->data);
    assert_int_equal(sc->size, tc->size);
    assert_ptr_not_equal(sc->data, bold->data);
    assert_string_equal(tc->info.ps_name, "NotoSerifCJKtc-Regular");
    assert_string_equal(sc->info.ps_name, "NotoSerifCJKsc-Regular");
    assert_true(bk_face_has_char(tc->face, 0x5217));
}

/* The kB resident in the mapping that holds [p, p + n) (its Rss in
 * /proc/self/smaps); -1 when it cannot be read. */
static long mapped_kb(const unsigned char *p, size_t n)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[512];
    int in = 0;
    long kb = -1;
    while (kb < 0 && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) /* a mapping's first line */
            in = lo <= (uintptr_t)p && (uintptr_t)p + n <= hi;
        else if (in && strncmp(line, "Rss:", 4) == 0)
            kb = strtol(line + 4, NULL, 10);
    }
    fclose(f);
    return kb;
}

/* Pages of a font file that the process read are given back, and the
 * face still reads the same bytes (they come back from the file). */
static void font_pages_go_back_and_stay_readable(void **state)
{
    (void)state;
    bk_font *sc = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif-cjk-sc"));
    assert_non_null(sc);
    const volatile unsigned char *p = sc->data;
    unsigned long sum = 0;
    for (size_t i = 0; i < sc->size; i += 512)
        sum += p[i];
    long before = mapped_kb(sc->data, sc->size);
    if (before < 0)
        skip(); /* no /proc: nothing to measure */
    assert_true(before > (long)(sc->size / 2048)); /* most of the file */
    bk_fontset_pages_release(fs);
    assert_true(mapped_kb(sc->data, sc->size) < before / 8);
    unsigned long again = 0;
    for (size_t i = 0; i < sc->size; i += 512)
        again += p[i];
    assert_true(again == sum);
    assert_true(bk_face_has_char(sc->face, 0x5217));
}

static void shaping_vietnamese_and_ligatures(void **state)
{
    (void)state;
    bk_font *serif = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif"));
    const char *t = "Kết";
    bk_glyph *g = NULL;
    size_t n = 0;
    assert_int_equal(bk_face_shape(ctx, serif->face, t, strlen(t), 0, strlen(t),
                                   "vi", BK_SCRIPT_LATIN, NULL, &g, &n), BK_OK);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(g[i].gid, 0);
    assert_int_equal(g[0].cluster, 0);
    assert_int_equal(g[n - 1].cluster, 4); /* 't' after the 3-byte ế */
    free(g);
    /* a feature string that HarfBuzz does not understand is an input error */
    assert_int_equal(bk_face_shape(ctx, serif->face, t, strlen(t), 0, strlen(t),
                                   "vi", BK_SCRIPT_LATIN, "%%%", &g, &n), BK_EINPUT);
    bk_diag_clear(ctx->diag);
}

/* bk_face_shape_view: a run the cache does not hold comes shaped as
 * bk_face_shape shapes it (and is then cached); one it holds comes as a
 * view of the same glyphs, their clusters counted from the run's start. */
static void shaping_view_is_the_cached_run(void **state)
{
    (void)state;
    bk_font *serif = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif"));
    const char *t = "Ai view the Kết thúc run?";
    size_t start = 12, len = 9; /* "Kết thúc" */
    bk_glyph *g = NULL, *o = NULL;
    const bk_glyph *v = NULL;
    size_t n = 0, vn = 0;
    assert_int_equal(bk_face_shape_view(ctx, serif->face, t, strlen(t), start, len, "vi",
                                        BK_SCRIPT_LATIN, &v, &o, &vn), BK_OK);
    assert_null(v); /* not cached before: shaped */
    assert_non_null(o);
    assert_int_equal(bk_face_shape(ctx, serif->face, t, strlen(t), start, len, "vi",
                                   BK_SCRIPT_LATIN, NULL, &g, &n), BK_OK);
    assert_int_equal(vn, n);
    assert_memory_equal(o, g, n * sizeof(*g));
    free(o);
    o = NULL;
    assert_int_equal(bk_face_shape_view(ctx, serif->face, t, strlen(t), start, len, "vi",
                                        BK_SCRIPT_LATIN, &v, &o, &vn), BK_OK);
    assert_non_null(v);
    assert_null(o);
    assert_int_equal(vn, n);
    assert_int_equal(g[0].cluster, start);
    for (size_t i = 0; i < n; i++) {
        bk_glyph a = v[i];
        a.cluster += (uint32_t)start;
        assert_memory_equal(&a, &g[i], sizeof a);
    }
    free(g);
    /* another language is another run: not the cached one */
    assert_int_equal(bk_face_shape_view(ctx, serif->face, t, strlen(t), start, len, "en",
                                        BK_SCRIPT_LATIN, &v, &o, &vn), BK_OK);
    assert_null(v);
    free(o);
}

/* An outline recorded piece by piece. */
typedef struct pieces {
    int kind[512];
    double pt[512][6];
    size_t n;
} pieces;

static void piece_add(void *data, int kind, const double *pt)
{
    pieces *p = data;
    if (p->n == 512)
        return;
    p->kind[p->n] = kind;
    memset(p->pt[p->n], 0, sizeof p->pt[p->n]);
    if (kind != 3)
        memcpy(p->pt[p->n], pt, (kind == 2 ? 6 : 2) * sizeof(*pt));
    p->n++;
}

/* A glyph's outline, TrueType (quadratic, raised to cubics) and CFF: a
 * closed path that starts with a move, the same every time it is asked
 * for (the face keeps it), none for a glyph the face does not have. */
static void outlines_are_the_same_every_time(void **state)
{
    (void)state;
    static const char *const ids[] = {"serif", "serif-cjk-sc"};
    for (int k = 0; k < 2; k++) {
        bk_font *f = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, ids[k]));
        const char *t = k ? "\xe5\x88\x97" : "g"; /* U+5217 */
        bk_glyph *g = NULL;
        size_t n = 0;
        assert_int_equal(bk_face_shape(ctx, f->face, t, strlen(t), 0, strlen(t), k ? "zh" : "en",
                                       k ? BK_SCRIPT_HAN : BK_SCRIPT_LATIN, NULL, &g, &n), BK_OK);
        assert_int_equal(n, 1);
        pieces *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
        bk_face_glyph_outline(f->face, g[0].gid, piece_add, a);
        bk_face_glyph_outline(f->face, g[0].gid, piece_add, b);
        assert_true(a->n > 2 && a->n < 512);
        assert_int_equal(a->kind[0], 0);
        assert_int_equal(a->kind[a->n - 1], 3);
        assert_int_equal(a->n, b->n);
        assert_memory_equal(a->kind, b->kind, a->n * sizeof(int));
        assert_memory_equal(a->pt, b->pt, a->n * sizeof(a->pt[0]));
        b->n = 0;
        bk_face_glyph_outline(f->face, bk_face_glyph_count(f->face), piece_add, b);
        assert_int_equal(b->n, 0);
        free(a);
        free(b);
        free(g);
    }
}

static void subset_keeps_requested_glyphs(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        bk_font *f = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, k ? "serif-cjk-sc" : "serif"));
        const char *t = k ? "列强交换" : "Kết thúc";
        bk_glyph *g = NULL;
        size_t n = 0;
        assert_int_equal(bk_face_shape(ctx, f->face, t, strlen(t), 0, strlen(t), k ? "zh" : "vi",
                                       k ? BK_SCRIPT_HAN : BK_SCRIPT_LATIN, NULL, &g, &n), BK_OK);
        uint32_t *gids = malloc(n * sizeof(*gids));
        for (size_t i = 0; i < n; i++)
            gids[i] = g[i].gid;
        uint32_t *map = calloc(bk_face_glyph_count(f->face), sizeof(*map));
        unsigned char *data = NULL;
        size_t size = 0;
        assert_int_equal(bk_face_subset(ctx, f->face, gids, n, f->info.is_cff, &data, &size, map), BK_OK);
        assert_true(size > 100);
        assert_true(size < f->size / 20); /* a subset, not the whole font */
        if (f->info.is_cff)
            assert_int_equal(data[0], 1); /* CFF major version */
        else
            assert_int_equal(data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3], 0x00010000);
        for (size_t i = 0; i < n; i++)
            assert_int_not_equal(map[gids[i]], 0); /* every used glyph kept */
        free(data);
        free(map);
        free(gids);
        free(g);
    }
}

/* A CFF subset holds the used glyphs and .notdef, nothing more: not the
 * variation-sequence forms of the characters shown (礼, 、 and 。 have
 * some in Noto Serif CJK SC, cmap format 14), and also a glyph no
 * character maps to (glyph 723 of the SC face, a substituted form, as in
 * the zh handout). */
static void cff_subset_keeps_exactly_the_used_glyphs(void **state)
{
    (void)state;
    bk_font *f = bk_fontset_font(ctx, fs, (size_t)bk_fontset_find(fs, "serif-cjk-sc"));
    assert_true(f->info.is_cff);
    const char *t = "礼、。";
    bk_glyph *g = NULL;
    size_t n = 0;
    assert_int_equal(bk_face_shape(ctx, f->face, t, strlen(t), 0, strlen(t), "zh",
                                   BK_SCRIPT_HAN, NULL, &g, &n), BK_OK);
    assert_int_equal(n, 3);
    uint32_t gids[] = {g[0].gid, g[1].gid, g[2].gid, 723, g[1].gid};
    unsigned nglyphs = bk_face_glyph_count(f->face);
    uint32_t *map = calloc(nglyphs, sizeof(*map));
    unsigned char *data = NULL;
    size_t size = 0;
    assert_int_equal(bk_face_subset(ctx, f->face, gids, 5, 1, &data, &size, map), BK_OK);
    unsigned kept = 0;
    for (unsigned k = 0; k < nglyphs; k++)
        kept += map[k] != 0;
    assert_int_equal(kept, 4); /* 礼, 、, 。 and glyph 723 */
    for (size_t i = 0; i < 5; i++)
        assert_int_not_equal(map[gids[i]], 0);
    free(data);
    free(map);
    free(g);
}

static void bad_configurations_are_reported(void **state)
{
    (void)state;
    bk_fontset *bad = NULL;
    bk_ctx *c = bk_ctx_new();
    assert_int_equal(bk_fontset_load(c, "tests/data/fonts-missing.xml", &bad), BK_OK);
    assert_null(bk_fontset_font(c, bad, 0));
    assert_non_null(strstr(bk_diag_error_message(c->diag), "cannot open /nonexistent/fonts/Ghost-Regular.ttf"));
    bk_fontset_free(bad);
    bk_diag_clear(c->diag);
    assert_int_equal(bk_fontset_load(c, "tests/data/no-such-fonts.xml", &bad), BK_EINPUT);
    assert_null(bad);
    bk_diag_clear(c->diag);
    assert_int_equal(bk_fontset_load(c, "tests/data/fonts-latin.xml", &bad), BK_EINPUT);
    assert_null(bad);
    assert_non_null(strstr(bk_diag_error_message(c->diag),
                           "role 'heading' names unknown face 'serif-bold' for latin"));
    bk_ctx_free(c);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *d = malloc(*n);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, *n, f), *n);
    fclose(f);
    return d;
}

/* The descriptor values are read from the tables of a plain face, as
 * FreeType gives them (names, italic flag and angle, serif flag); a face
 * that is not plain (its OS/2 table gone) or not a font is left to
 * FreeType. */
static void info_from_tables(void **state)
{
    (void)state;
    size_t n = 0;
    unsigned char *d = slurp("/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf", &n);
    bk_font_info in = {0};
    long weight = 0;
    char *family = NULL, *style = NULL;
    assert_int_equal(bk_fontinfo_read(d, n, 0, &in, &weight, &family, &style), 0);
    assert_string_equal(in.ps_name, "NotoSerif-Italic");
    assert_string_equal(family, "Noto Serif");
    assert_string_equal(style, "Italic");
    assert_false(in.is_cff);
    assert_int_equal(in.upem, 1000);
    assert_int_equal(weight, 400);
    assert_int_equal(in.flags, 4 | 2 | 64); /* symbolic, serif, italic */
    assert_true(in.italic_angle < 0);
    assert_true(in.ascender > 0 && in.descender < 0 && in.cap_height > in.x_height);
    free((char *)in.ps_name);
    free(family);
    free(style);
    /* a face with a second index in a file of one face, and no OS/2 */
    assert_int_equal(bk_fontinfo_read(d, n, 1, &in, &weight, &family, &style), -1);
    unsigned char *os2 = NULL;
    for (size_t k = 12; k + 4 <= n && !os2; k += 16)
        if (memcmp(d + k, "OS/2", 4) == 0)
            os2 = d + k;
    assert_non_null(os2);
    memcpy(os2, "XS/2", 4);
    assert_int_equal(bk_fontinfo_read(d, n, 0, &in, &weight, &family, &style), -1);
    assert_int_equal(bk_fontinfo_read((const unsigned char *)"not a font", 10, 0, &in, &weight,
                                      &family, &style), -1);
    free(d);
    /* a CJK collection's face: CFF outlines, its own PostScript name */
    d = slurp("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", &n);
    assert_int_equal(bk_fontinfo_read(d, n, 2, &in, &weight, &family, &style), 0);
    assert_string_equal(in.ps_name, "NotoSerifCJKsc-Regular");
    assert_true(in.is_cff);
    assert_int_equal(in.flags, 4 | 2);
    free((char *)in.ps_name);
    free(family);
    free(style);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chains_follow_language),
        cmocka_unit_test(info_from_freetype),
        cmocka_unit_test(info_from_tables),
        cmocka_unit_test(faces_of_one_file_share_its_mapping),
        cmocka_unit_test(font_pages_go_back_and_stay_readable),
        cmocka_unit_test(shaping_vietnamese_and_ligatures),
        cmocka_unit_test(shaping_view_is_the_cached_run),
        cmocka_unit_test(outlines_are_the_same_every_time),
        cmocka_unit_test(subset_keeps_requested_glyphs),
        cmocka_unit_test(cff_subset_keeps_exactly_the_used_glyphs),
        cmocka_unit_test(bad_configurations_are_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
