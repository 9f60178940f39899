/* Unit tests: French spacing on line breaks (french.c), against ICU's own
 * opportunities: a guillemet stays with its word across an ordinary,
 * no-break or narrow no-break space; a number's groups of three digits
 * stay together; everything else is as UAX #14 gives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk.h"
#include "french.h"
#include "unicode.h"

/* The byte offsets where a line may start, after the French rules, as a
 * string "3 9 14" (mandatory breaks too). */
static void starts(const char *text, char *out, size_t cap)
{
    size_t len = strlen(text);
    unsigned char *brk = malloc(len + 1);
    bk_ctx *ctx = bk_ctx_new();
    assert_non_null(brk);
    assert_int_equal(bk_unicode_line_breaks(ctx, text, len, "fr", brk), BK_OK);
    bk_french_breaks(text, len, brk);
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 1; i < len; i++)
        if (brk[i] != BK_BREAK_NONE)
            k += (size_t)snprintf(out + k, cap - k, "%s%zu", k ? " " : "", i);
    free(brk);
    bk_ctx_free(ctx);
}

/* 1 when a line may start at the byte where `at` begins in text. */
static int may_start_at(const char *text, const char *at)
{
    char got[512], want[16];
    starts(text, got, sizeof got);
    snprintf(want, sizeof want, "%zu", (size_t)(strstr(text, at) - text));
    for (char *p = strtok(got, " "); p; p = strtok(NULL, " "))
        if (strcmp(p, want) == 0)
            return 1;
    return 0;
}

static void guillemets_stay_with_their_words(void **state)
{
    (void)state;
    static const char *const spaces[] = {" ", "\xc2\xa0", "\xe2\x80\xaf"};
    for (size_t s = 0; s < 3; s++) {
        char t[128];
        snprintf(t, sizeof t, "Il dit \xc2\xab%sbonjour%s\xc2\xbb et part.", spaces[s], spaces[s]);
        assert_false(may_start_at(t, "bonjour"));  /* not « | bonjour */
        assert_false(may_start_at(t, "\xc2\xbb")); /* not bonjour | » */
        assert_true(may_start_at(t, "\xc2\xab"));  /* before « */
        assert_true(may_start_at(t, "et"));        /* after » */
    }
}

static void digit_groups_stay_together(void **state)
{
    (void)state;
    const char *t = "Un cours de 1 230 km et 12 500 000 habitants en 1860 1861.";
    assert_false(may_start_at(t, "230"));
    assert_false(may_start_at(t, "500"));
    assert_false(may_start_at(t, "000"));
    assert_true(may_start_at(t, "km"));
    assert_true(may_start_at(t, "1861")); /* two years: four digits, no group */
    const char *u = "En 1870 300 hommes partent.";
    assert_true(may_start_at(u, "300")); /* a year, then another number */
}

static void elsewhere_as_icu(void **state)
{
    (void)state;
    const char *t = "Voici une phrase ordinaire, sans guillemets ni nombres.";
    size_t len = strlen(t);
    unsigned char *a = malloc(len + 1), *b = malloc(len + 1);
    bk_ctx *ctx = bk_ctx_new();
    assert_int_equal(bk_unicode_line_breaks(ctx, t, len, "fr", a), BK_OK);
    memcpy(b, a, len + 1);
    bk_french_breaks(t, len, b);
    assert_memory_equal(a, b, len);
    free(a);
    free(b);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(guillemets_stay_with_their_words),
        cmocka_unit_test(digit_groups_stay_together),
        cmocka_unit_test(elsewhere_as_icu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
