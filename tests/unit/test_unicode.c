/* Unit tests: the ICU adapter (unicode.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

/* The reference the fast paths are held to: ICU itself, asked as
 * unicode.c asked it before it answered the common blocks on its own. */
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

static void utf8_check_finds_first_bad_byte(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_int_equal(bk_utf8_check("Kết thúc 列强", strlen("Kết thúc 列强"), &bad), 0);
    const char s1[] = "ab\xc3(";       /* truncated sequence */
    assert_int_equal(bk_utf8_check(s1, 4, &bad), -1);
    assert_int_equal(bad, 2);
    const char s2[] = "\xc0\xafx";     /* overlong '/' */
    assert_int_equal(bk_utf8_check(s2, 3, &bad), -1);
    assert_int_equal(bad, 0);
    const char s3[] = "a\xed\xa0\x80"; /* surrogate */
    assert_int_equal(bk_utf8_check(s3, 4, &bad), -1);
    assert_int_equal(bad, 1);
    const char s4[] = "a\0b";          /* NUL */
    assert_int_equal(bk_utf8_check(s4, 3, &bad), -1);
    assert_int_equal(bad, 1);
}

static void position_counts_code_points(void **state)
{
    (void)state;
    const char *s = "line one\nKết x";
    long line, col;
    bk_utf8_position(s, strlen("line one\nKết "), &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 5);
}

static void nfc_composes_vietnamese(void **state)
{
    (void)state;
    /* e + combining circumflex + combining acute -> U+1EBF */
    const char *dec = "Ke\xcc\x82\xcc\x81t";
    size_t n = 0;
    char *c = bk_unicode_nfc(dec, strlen(dec), &n);
    assert_non_null(c);
    assert_string_equal(c, "Kết");
    assert_int_equal(n, strlen("Kết"));
    assert_false(bk_unicode_is_nfc(dec, strlen(dec)));
    assert_true(bk_unicode_is_nfc(c, n));
    free(c);
}

static void line_breaks_follow_uax14_and_strict_chinese(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    const char *en = "fine words";
    unsigned char br[32];
    assert_int_equal(bk_unicode_line_breaks(ctx, en, strlen(en), "en", br), BK_OK);
    assert_int_equal(br[5], BK_BREAK_ALLOWED);  /* before "words" */
    assert_int_equal(br[2], BK_BREAK_NONE);     /* inside "fine" */
    /* Chinese: a break between Han characters, never before "，" */
    const char *zh = "列强，交换";
    size_t n = strlen(zh);
    unsigned char *zb = malloc(n + 1);
    assert_int_equal(bk_unicode_line_breaks(ctx, zh, n, "zh@lb=strict", zb), BK_OK);
    assert_int_equal(zb[3], BK_BREAK_ALLOWED);  /* 列|强 */
    assert_int_equal(zb[6], BK_BREAK_NONE);     /* 强|， */
    assert_int_equal(zb[9], BK_BREAK_ALLOWED);  /* ，|交 */
    free(zb);
    bk_ctx_free(ctx);
}

static void scripts_and_classes(void **state)
{
    (void)state;
    assert_int_equal(bk_unicode_script(0x5217), BK_SCRIPT_HAN);    /* 列 */
    assert_int_equal(bk_unicode_script('a'), BK_SCRIPT_LATIN);
    assert_int_equal(bk_unicode_script(0x1EBF), BK_SCRIPT_LATIN);  /* ế */
    assert_int_equal(bk_unicode_script(','), BK_SCRIPT_COMMON);
    assert_int_equal(bk_unicode_script(0x0301), BK_SCRIPT_INHERITED);
    assert_true(bk_unicode_is_cjk(0xFF0C));  /* full-width comma */
    assert_false(bk_unicode_is_cjk('a'));
    assert_true(bk_unicode_is_space(' '));
    assert_false(bk_unicode_is_space(0x00A0)); /* no-break space binds */
    char out[4];
    assert_int_equal(bk_utf8_encode(0x20BB7, out), 4);
    size_t i = 0;
    assert_int_equal(bk_utf8_next(out, 4, &i), 0x20BB7);
    assert_int_equal(i, 4);
}

static void cached_breaker_gives_the_same_breaks(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_breaker *b = bk_breaker_new();
    static const struct { const char *text, *locale; } cases[] = {
        {"fine words, hyphen-ated and long.", "en"},
        {"到了1859年，清廷须与列强交换经各国政府批准的条约了。", "zh@lb=strict"},
        {"Kết thúc Chiến tranh nha phiến lần thứ hai.", "vi"},
        {"again words in English after Chinese", "en"},
        {"又一段中文（括号）、标点。", "zh@lb=strict"},
    };
    /* the same breaker across locales and texts, twice round */
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            size_t n = strlen(cases[i].text);
            unsigned char *a = malloc(n + 1), *c = malloc(n + 1);
            assert_int_equal(bk_unicode_line_breaks(ctx, cases[i].text, n, cases[i].locale, a), BK_OK);
            assert_int_equal(bk_breaker_line_breaks(ctx, b, cases[i].text, n, cases[i].locale, c), BK_OK);
            assert_memory_equal(a, c, n + 1);
            free(a);
            free(c);
        }
    bk_breaker_free(b);
    bk_breaker_free(NULL);
    bk_ctx_free(ctx);
}

static void sentences_follow_uax29(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    size_t st[8], n = 0;
    const char *en = "One. Two words? Three!";
    assert_int_equal(bk_unicode_sentences(ctx, en, strlen(en), "en", st, 8, &n), BK_OK);
    assert_int_equal(n, 3);
    assert_int_equal(st[1], 5);
    const char *zh = "第一句。第二句！第三句";
    assert_int_equal(bk_unicode_sentences(ctx, zh, strlen(zh), "zh", st, 8, &n), BK_OK);
    assert_int_equal(n, 3);
    assert_int_equal(st[1], strlen("第一句。"));
    bk_ctx_free(ctx);
}

/* ---- the fast paths against ICU -------------------------------------- */

static uint32_t icu_script(uint32_t cp)
{
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)cp, &err);
    const char *name = U_FAILURE(err) ? NULL : uscript_getShortName(sc);
    if (!name || strlen(name) != 4)
        return BK_SCRIPT_COMMON;
    return ((uint32_t)(unsigned char)name[0] << 24) | ((uint32_t)(unsigned char)name[1] << 16) |
           ((uint32_t)(unsigned char)name[2] << 8) | (uint32_t)(unsigned char)name[3];
}

static int icu_is_cjk(uint32_t cp)
{
    int32_t ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
    return icu_script(cp) == BK_SCRIPT_HAN || ea == U_EA_FULLWIDTH || ea == U_EA_WIDE;
}

static int icu_is_space(uint32_t cp)
{
    return u_isUWhiteSpace((UChar32)cp) && cp != 0x00a0 && cp != 0x202f &&
           cp != 0x2007 && cp != 0xfeff;
}

/* Every code point, U+0000 to U+10FFFF: a fast path that strays from ICU
 * anywhere (a block misread, an ICU with other data) fails here. */
static void predicates_agree_with_icu_everywhere(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
        uint32_t sc = icu_script(cp);
        if (bk_unicode_script(cp) != sc)
            fail_msg("script of U+%04X", (unsigned)cp);
        if (bk_unicode_is_cjk(cp) != icu_is_cjk(cp))
            fail_msg("is_cjk of U+%04X", (unsigned)cp);
        if (bk_unicode_is_space(cp) != icu_is_space(cp))
            fail_msg("is_space of U+%04X", (unsigned)cp);
        if (bk_unicode_is_letter(cp) != (u_isalpha((UChar32)cp) ? 1 : 0))
            fail_msg("is_letter of U+%04X", (unsigned)cp);
        if (bk_unicode_is_upper(cp) !=
            (u_isupper((UChar32)cp) || u_istitle((UChar32)cp) ? 1 : 0))
            fail_msg("is_upper of U+%04X", (unsigned)cp);
        if (bk_unicode_is_han(cp) != (sc == BK_SCRIPT_HAN))
            fail_msg("is_han of U+%04X", (unsigned)cp);
        if (bk_unicode_is_latin_or_digit(cp) !=
            ((cp >= '0' && cp <= '9') || sc == BK_SCRIPT_LATIN))
            fail_msg("is_latin_or_digit of U+%04X", (unsigned)cp);
        if (bk_unicode_is_mark(cp) != ((U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK) != 0 ||
                                       u_getCombiningClass((UChar32)cp) != 0))
            fail_msg("is_mark of U+%04X", (unsigned)cp);
    }
}

/* Every code point survives encoding then decoding by bk_utf8_next,
 * bk_utf8_first and bk_utf8_last, alone and between other characters; a
 * sequence cut short gives U+FFFD and moves one byte. */
static void utf8_readers_decode_every_code_point(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;
        char t[12] = "a";
        int n = bk_utf8_encode(cp, t + 1);
        t[1 + n] = 'z';
        size_t i = 1;
        if (bk_utf8_next(t, (size_t)n + 2, &i) != cp || i != (size_t)n + 1)
            fail_msg("next of U+%04X", (unsigned)cp);
        if (bk_utf8_first(t, 1, (size_t)n + 1) != cp || bk_utf8_last(t, 1, (size_t)n + 1) != cp ||
            bk_utf8_last(t, 0, (size_t)n + 1) != cp || bk_utf8_last(t, 0, (size_t)n + 2) != 'z')
            fail_msg("first or last of U+%04X", (unsigned)cp);
        i = 1;
        if (n > 1 && (bk_utf8_next(t, (size_t)n, &i) != 0xfffd || i != 2))
            fail_msg("cut U+%04X", (unsigned)cp);
    }
    assert_int_equal(bk_utf8_first("ab", 1, 1), 0);
    assert_int_equal(bk_utf8_last("ab", 1, 1), 0);
}

/* The breaks ICU finds reading the UTF-8 text itself (as unicode.c did
 * before it gave ICU UTF-16), for the same offsets. */
static void icu_utf8_breaks(const char *s, size_t n, const char *locale, unsigned char *out)
{
    UErrorCode err = U_ZERO_ERROR;
    memset(out, BK_BREAK_NONE, n + 1);
    UText *ut = utext_openUTF8(NULL, s, (int64_t)n, &err);
    UBreakIterator *bi = ubrk_open(UBRK_LINE, locale, NULL, 0, &err);
    ubrk_setUText(bi, ut, &err);
    assert_false(U_FAILURE(err));
    for (int32_t p = ubrk_next(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
        int32_t rs = ubrk_getRuleStatus(bi);
        out[p] = rs >= UBRK_LINE_HARD && rs < UBRK_LINE_HARD_LIMIT ? BK_BREAK_MANDATORY
                                                                   : BK_BREAK_ALLOWED;
    }
    ubrk_close(bi);
    utext_close(ut);
}

/* Breaks found on the UTF-16 form land on the same byte offsets as on
 * the UTF-8 text: characters of one to four bytes (supplementary Han,
 * emoji), dictionary breaking (Thai), hard breaks, and malformed texts
 * (which go to ICU as UTF-8). */
static void utf16_breaks_land_on_utf8_offsets(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_breaker *b = bk_breaker_new();
    static const struct { const char *text, *locale; } cases[] = {
        {"Kết thúc Chiến tranh nha phiến lần thứ hai (1856–1860).", "vi"},
        {"𠮷野家の𠀋と、中文“引号”——破折号……省略号。𩸽𩸽", "zh@lb=strict"},
        {"ภาษาไทยไม่มีช่องว่างระหว่างคำ แต่ตัดบรรทัดได้", "th"},
        {"Ελληνικά και русский текст, emoji 😀👍🏽 and\nhard\r\nbreaks", "en"},
        {"العربية والعبرية עברית mixed with digits 1860", "ar"},
        {"bad \xc3( byte, \xed\xa0\x80 surrogate, \xf4\x90\x80\x80 too far", "en"},
        {"cut at the end \xe4\xb8", "en"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = strlen(cases[i].text);
        unsigned char *want = malloc(n + 1), *a = malloc(n + 1), *c = malloc(n + 1);
        icu_utf8_breaks(cases[i].text, n, cases[i].locale, want);
        assert_int_equal(bk_unicode_line_breaks(ctx, cases[i].text, n, cases[i].locale, a), BK_OK);
        assert_int_equal(bk_breaker_line_breaks(ctx, b, cases[i].text, n, cases[i].locale, c), BK_OK);
        assert_memory_equal(a, want, n + 1);
        assert_memory_equal(c, want, n + 1);
        free(want);
        free(a);
        free(c);
    }
    bk_breaker_free(b);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_check_finds_first_bad_byte),
        cmocka_unit_test(position_counts_code_points),
        cmocka_unit_test(nfc_composes_vietnamese),
        cmocka_unit_test(line_breaks_follow_uax14_and_strict_chinese),
        cmocka_unit_test(scripts_and_classes),
        cmocka_unit_test(cached_breaker_gives_the_same_breaks),
        cmocka_unit_test(sentences_follow_uax29),
        cmocka_unit_test(predicates_agree_with_icu_everywhere),
        cmocka_unit_test(utf8_readers_decode_every_code_point),
        cmocka_unit_test(utf16_breaks_land_on_utf8_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
