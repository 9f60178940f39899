/* Unit tests: the libhyphen adapter (hyphenate.c) with Debian's en-US
 * patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hyphenate.h"

#include <ctype.h>
#include <hyphen.h> /* libhyphen itself, to check our matcher against it */
#include <stdio.h>
#include <stdlib.h>

#define PATTERNS "/usr/share/hyphen/hyph_en_US.dic"

static char *marked(bk_hyphenator *h, const char *w, int left, int right, char *out)
{
    unsigned char pts[128];
    size_t n = strlen(w), o = 0;
    bk_hyphenator_points(h, w, n, left, right, pts);
    for (size_t i = 0; i < n; i++) {
        out[o++] = w[i];
        if (pts[i])
            out[o++] = '-';
    }
    out[o] = '\0';
    return out;
}

static void english_words_break_at_pattern_points(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_hyphenator *h = NULL;
    assert_int_equal(bk_hyphenator_new(ctx, PATTERNS, &h), BK_OK);
    char buf[256];
    assert_string_equal(marked(h, "hyphenation", 2, 3, buf), "hy-phen-ation");
    assert_string_equal(marked(h, "typesetting", 2, 3, buf), "type-set-ting");
    assert_string_equal(marked(h, "Dynasty", 2, 3, buf), "Dy-nasty");
    /* at least 2 letters before and 3 after a break */
    assert_string_equal(marked(h, "legalization", 2, 3, buf), "le-gal-iza-tion");
    assert_string_equal(marked(h, "legalization", 4, 5, buf), "legal-ization");
    /* not plain ASCII words: left whole */
    assert_string_equal(marked(h, "café", 2, 3, buf), "café");
    assert_string_equal(marked(h, "it", 2, 3, buf), "it");
    bk_hyphenator_free(h);
    bk_hyphenator_free(NULL);
    bk_ctx_free(ctx);
}

static void missing_patterns_are_an_input_error(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_hyphenator *h = NULL;
    assert_int_equal(bk_hyphenator_new(ctx, "/nonexistent/hyph.dic", &h), BK_EINPUT);
    assert_null(h);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "/nonexistent/hyph.dic"));
    bk_ctx_free(ctx);
}

/* The word[0..n) (letters, n < 60) hyphenated by our matcher and by
 * libhyphen with the same minimums: the same points. */
static void check_word(bk_hyphenator *h, HyphenDict *dict, const char *word, size_t n,
                       int left, int right)
{
    char low[64], hy[72];
    unsigned char ours[64];
    for (size_t k = 0; k < n; k++)
        low[k] = (char)tolower((unsigned char)word[k]);
    low[n] = 0;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    assert_int_equal(hnj_hyphen_hyphenate3(dict, low, (int)n, hy, NULL, &rep, &pos, &cut,
                                           left, right, left, right), 0);
    bk_hyphenator_points(h, word, n, left, right, ours);
    for (size_t k = 0; k + 1 < n; k++) {
        int theirs = (hy[k] & 1) && (int)k + 1 >= left && (int)(n - k - 1) >= right;
        if (theirs != ours[k])
            fail_msg("'%s': point after %zu differs", low, k);
    }
    free(rep);
    free(pos);
    free(cut);
}

/* Every word of the English source gives libhyphen's points; twice over,
 * with other minimums the second time, so that words the matcher
 * remembers (most of the second round, and the first's repeated words)
 * are held to libhyphen too. */
static void matcher_agrees_with_libhyphen(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_hyphenator *h = NULL;
    assert_int_equal(bk_hyphenator_new(ctx, PATTERNS, &h), BK_OK);
    HyphenDict *dict = hnj_hyphen_load(PATTERNS);
    assert_non_null(dict);
    char *text = NULL;
    size_t len = 0, words = 0;
    assert_int_equal(bk_file_read(ctx, "sources/en-battle-of-baliqiao.txt", 1 << 20, &text, &len), BK_OK);
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < len;) {
            size_t j = i;
            while (j < len && isalpha((unsigned char)text[j]))
                j++;
            if (j - i >= 5 && j - i < 60) {
                check_word(h, dict, text + i, j - i, 2 + round, 3 - round);
                words++;
            }
            i = j == i ? i + 1 : j;
        }
    }
    assert_true(words > 1000);
    free(text);
    hnj_hyphen_free(dict);
    bk_hyphenator_free(h);
    bk_ctx_free(ctx);
}

/* More words than the matcher remembers (20^3 made of three syllables,
 * some longer than it keeps), twice: words that share a place in its
 * memo, and words it forgot, still give libhyphen's points. */
static void many_words_agree_with_libhyphen(void **state)
{
    (void)state;
    static const char *const syl[] = {"con", "tra", "dic", "tion", "mo", "ment", "ous",
                                      "pre", "sent", "a", "ble", "in", "ter", "na",
                                      "ly", "hy", "phen", "ation", "struc", "ture"};
    bk_ctx *ctx = bk_ctx_new();
    bk_hyphenator *h = NULL;
    assert_int_equal(bk_hyphenator_new(ctx, PATTERNS, &h), BK_OK);
    HyphenDict *dict = hnj_hyphen_load(PATTERNS);
    assert_non_null(dict);
    for (int round = 0; round < 2; round++)
        for (int a = 0; a < 20; a++)
            for (int b = 0; b < 20; b++)
                for (int c = 0; c < 20; c++) {
                    char w[64];
                    int n = snprintf(w, sizeof w, "%s%s%s%s", syl[a], syl[b], syl[c],
                                     c % 7 ? "" : "ationalization");
                    if (n >= 5)
                        check_word(h, dict, w, (size_t)n, 2, 3);
                }
    hnj_hyphen_free(dict);
    bk_hyphenator_free(h);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english_words_break_at_pattern_points),
        cmocka_unit_test(missing_patterns_are_an_input_error),
        cmocka_unit_test(matcher_agrees_with_libhyphen),
        cmocka_unit_test(many_words_agree_with_libhyphen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
