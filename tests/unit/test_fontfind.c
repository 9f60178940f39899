/* Unit tests: fonts through fontconfig (fontfind.c) — faces by family name
 * in fonts.xml, and per-character fallback to the installed fonts
 * (bk_fontset_fallback). Uses Debian's fonts-noto-core and the fact that no
 * installed font covers Khitan small script (U+18B00). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "fontfind.h"
#include "shape.h"

#define NOTO "/usr/share/fonts/truetype/noto/"

static void family_resolves_to_the_debian_file(void **state)
{
    (void)state;
    bk_fontfind *ff = bk_fontfind_new();
    assert_non_null(ff);
    bk_fontfind_face f = {0};
    assert_int_equal(bk_fontfind_family(ff, "Noto Serif", "Regular", "vi", &f), 0);
    assert_string_equal(f.path, NOTO "NotoSerif-Regular.ttf");
    assert_int_equal(f.index, 0);
    assert_string_equal(f.family, "Noto Serif");
    bk_fontfind_face_release(&f);
    assert_int_equal(bk_fontfind_family(ff, "Noto Serif", "Bold", NULL, &f), 0);
    assert_string_equal(f.path, NOTO "NotoSerif-Bold.ttf");
    bk_fontfind_face_release(&f);
    /* fontconfig would substitute; a named family that is absent is not found */
    assert_int_equal(bk_fontfind_family(ff, "No Such Family Anywhere", NULL, NULL, &f), -1);
    assert_int_equal(bk_fontfind_family(ff, "Noto Serif", "No Such Style", NULL, &f), -1);
    bk_fontfind_free(ff);
}

static void fonts_xml_takes_family_faces(void **state)
{
    (void)state;
    bk_ctx *c = bk_ctx_new();
    bk_fontset *fs = NULL;
    assert_int_equal(bk_fontset_load(c, "tests/data/fonts-family.xml", &fs), BK_OK);
    bk_font *f = bk_fontset_font(c, fs, (size_t)bk_fontset_find(fs, "serif"));
    assert_non_null(f);
    assert_string_equal(f->path, NOTO "NotoSerif-Regular.ttf");
    assert_string_equal(f->info.ps_name, "NotoSerif-Regular");
    f = bk_fontset_font(c, fs, (size_t)bk_fontset_find(fs, "serif-bold"));
    assert_non_null(f);
    assert_string_equal(f->info.ps_name, "NotoSerif-Bold");
    bk_fontset_free(fs);
    /* an unresolvable family: an error at its line of fonts.xml */
    assert_int_equal(bk_fontset_load(c, "tests/data/fonts-family-unknown.xml", &fs), BK_EINPUT);
    assert_null(fs);
    assert_non_null(strstr(bk_diag_error_message(c->diag), "fonts-family-unknown.xml:4: error:"));
    assert_non_null(strstr(bk_diag_error_message(c->diag), "No Such Family Anywhere"));
    bk_ctx_free(c);
}

static void fallback_finds_an_installed_face(void **state)
{
    (void)state;
    bk_ctx *c = bk_ctx_new();
    bk_fontset *fs = NULL;
    assert_int_equal(bk_fontset_load(c, "tests/data/fonts-family.xml", &fs), BK_OK);
    const int *chain = NULL;
    assert_int_equal(bk_fontset_chain(fs, "body", "en", &chain), 1);
    size_t n = bk_fontset_count(fs);
    bk_font *serif = bk_fontset_font(c, fs, (size_t)chain[0]);
    assert_false(bk_face_has_char(serif->face, 0x10D0)); /* Georgian an */
    int g = bk_fontset_fallback(c, fs, chain[0], "en", 0x10D0);
    assert_true(g >= (int)n);
    assert_int_equal(bk_fontset_count(fs), n + 1);
    assert_true(bk_fontset_is_open(fs, (size_t)g));
    bk_font *f = bk_fontset_font(c, fs, (size_t)g);
    assert_true(bk_face_has_char(f->face, 0x10D0));
    /* asked once: the same answer, no new face; a neighbour reuses it */
    assert_int_equal(bk_fontset_fallback(c, fs, chain[0], "en", 0x10D0), g);
    assert_int_equal(bk_fontset_fallback(c, fs, chain[0], "en", 0x10D1), g);
    assert_int_equal(bk_fontset_count(fs), n + 1);
    /* Khitan small script: nothing installed covers it */
    assert_int_equal(bk_fontset_fallback(c, fs, chain[0], "en", 0x18B00), -1);
    assert_int_equal(bk_fontset_fallback(c, fs, chain[0], "en", 0x18B00), -1);
    assert_null(bk_diag_error_message(c->diag));
    /* many distinct characters: the cache grows */
    for (uint32_t cp = 0x0531; cp < 0x0557; cp++) /* Armenian capitals */
        assert_true(bk_fontset_fallback(c, fs, chain[0], "hy", cp) >= 0);
    bk_fontset_free(fs);
    bk_ctx_free(c);
}

static void fallback_none_keeps_to_the_configuration(void **state)
{
    (void)state;
    bk_ctx *c = bk_ctx_new();
    bk_fontset *fs = NULL;
    assert_int_equal(bk_fontset_load(c, "tests/data/fonts-no-fallback.xml", &fs), BK_OK);
    assert_int_equal(bk_fontset_fallback(c, fs, 0, "en", 0x10D0), -1);
    assert_int_equal(bk_fontset_count(fs), 1);
    bk_fontset_free(fs);
    bk_ctx_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(family_resolves_to_the_debian_file),
        cmocka_unit_test(fonts_xml_takes_family_faces),
        cmocka_unit_test(fallback_finds_an_installed_face),
        cmocka_unit_test(fallback_none_keeps_to_the_configuration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
