/* unicode.h — the ICU adapter: the only code that includes ICU headers.
 * UTF-8 checking and decoding, NFC normalisation, line break opportunities
 * (UAX #14, tailored per locale), and script properties.
 */
#ifndef BK_UNICODE_H
#define BK_UNICODE_H

#include "bk.h"

/* Checks that s[0..n) is well-formed UTF-8 (no overlongs, surrogates or
 * NUL bytes). On failure returns -1 and sets *bad to the offset of the first
 * offending byte; returns 0 when valid. */
int bk_utf8_check(const char *s, size_t n, size_t *bad);
/* Decodes one code point at s[*i] (valid UTF-8 assumed) and advances *i.
 * Inline, as bk_utf8_first and bk_utf8_last below: setting a paragraph
 * decodes every character several times. */
static inline uint32_t bk_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c = u[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    size_t len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    if (*i + len > n) {
        (*i)++;
        return 0xfffd;
    }
    uint32_t cp = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
    for (size_t k = 1; k < len; k++)
        cp = (cp << 6) | (u[*i + k] & 0x3f);
    *i += len;
    return cp;
}
/* Decodes one code point at s[*i] of text that may be malformed and advances
 * *i: a malformed or truncated sequence gives U+FFFD and advances one byte,
 * an encoded surrogate or a value beyond U+10FFFF gives U+FFFD for the
 * whole sequence, so a bad text cannot make the reader run past its end. */
uint32_t bk_utf8_next_safe(const char *s, size_t n, size_t *i);
/* Encodes cp into out (at least 4 bytes); returns the byte count. */
int bk_utf8_encode(uint32_t cp, char *out);
/* Line (1-based; LF, CRLF and a lone CR end a line) and column (1-based,
 * in code points) of byte offset off. */
void bk_utf8_position(const char *s, size_t off, long *line, long *col);

/* NFC-normalises UTF-8 text into a new NUL-terminated string (caller frees).
 * Returns NULL on failure. */
char *bk_unicode_nfc(const char *s, size_t n, size_t *outlen);
/* 1 if the text is already in NFC. */
int bk_unicode_is_nfc(const char *s, size_t n);

/* Break opportunities: for each byte offset i in [0, n], out[i] is
 * BK_BREAK_NONE, BK_BREAK_ALLOWED (a line may start at i) or
 * BK_BREAK_MANDATORY. `locale` is an ICU locale such as "vi", "en",
 * "zh@lb=strict". out must have n+1 entries. */
enum { BK_BREAK_NONE = 0, BK_BREAK_ALLOWED = 1, BK_BREAK_MANDATORY = 2 };
bk_status bk_unicode_line_breaks(bk_ctx *ctx, const char *s, size_t n,
                                 const char *locale, unsigned char *out);

/* The same with the line break iterators kept for reuse: opening one
 * (loading and tailoring the rules for its locale) costs far more than
 * breaking a paragraph, so a bk_breaker keeps the last few it opened, one
 * per locale, and only gives each new text to the one for the locale.
 * Results are those of bk_unicode_line_breaks. Not thread-safe: one
 * breaker per thread. bk_breaker_new returns NULL when out of memory (no
 * ICU work is done until the first call); bk_breaker_free(NULL) is a
 * no-op. A NULL breaker makes bk_breaker_line_breaks behave exactly as
 * bk_unicode_line_breaks. The breaker holds no pointer to s once the
 * call returns. */
typedef struct bk_breaker bk_breaker;
bk_breaker *bk_breaker_new(void);
void bk_breaker_free(bk_breaker *b);
bk_status bk_breaker_line_breaks(bk_ctx *ctx, bk_breaker *b, const char *s,
                                 size_t n, const char *locale,
                                 unsigned char *out);

/* Sentence starts (UAX #29, ICU's sentence break iterator) as byte
 * offsets; starts[0] is 0. Returns at most max starts in *count. */
bk_status bk_unicode_sentences(bk_ctx *ctx, const char *s, size_t n, const char *locale,
                               size_t *starts, size_t max, size_t *count);

/* ISO 15924 script of a code point as a four-letter tag packed big-endian
 * ('Latn', 'Hani', 'Zyyy' for Common, 'Zinh' for Inherited). Inline for
 * ASCII and the CJK Unified Ideographs (every character of them is Han),
 * which setting a paragraph asks about at every character; the rest is
 * bk_unicode_script_lookup's. */
#define BK_SCRIPT_COMMON 0x5a797979u    /* 'Zyyy' */
#define BK_SCRIPT_INHERITED 0x5a696e68u /* 'Zinh' */
#define BK_SCRIPT_HAN 0x48616e69u       /* 'Hani' */
#define BK_SCRIPT_LATIN 0x4c61746eu     /* 'Latn' */
uint32_t bk_unicode_script_lookup(uint32_t cp);
static inline uint32_t bk_unicode_script(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? BK_SCRIPT_LATIN : BK_SCRIPT_COMMON;
    if (cp >= 0x4e00 && cp <= 0x9fd5)
        return BK_SCRIPT_HAN;
    return bk_unicode_script_lookup(cp);
}

/* Hyphens and dashes a text writes between words or numbers: U+002D and
 * U+2010 to U+2015. */
static inline int bk_unicode_is_dash(uint32_t c)
{
    return c == '-' || (c >= 0x2010 && c <= 0x2015);
}
/* 1 for Han ideographs and East Asian wide or full-width characters (CJK
 * symbols and punctuation, full-width forms). Inline where the answer is
 * plain (below U+1100, Latin Extended Additional to the general
 * punctuation, the CJK Unified Ideographs); else bk_unicode_is_cjk_lookup. */
int bk_unicode_is_cjk_lookup(uint32_t cp);
static inline int bk_unicode_is_cjk(uint32_t cp)
{
    if (cp < 0x1100 || (cp >= 0x1e00 && cp < 0x2070))
        return 0;
    if (cp >= 0x4e00 && cp <= 0x9fff)
        return 1;
    return bk_unicode_is_cjk_lookup(cp);
}
/* 1 for letters, and for upper-case (or title-case) letters. */
int bk_unicode_is_letter(uint32_t cp);
int bk_unicode_is_upper(uint32_t cp);
/* 1 for white space that separates words (not no-break spaces). */
int bk_unicode_is_space(uint32_t cp);
/* Columns a code point takes on a terminal: 2 for East Asian wide and
 * full-width characters, 0 for combining marks and format characters,
 * else 1. */
int bk_unicode_width(uint32_t cp);

/* 1 for a combining mark (general category M, or a non-zero canonical
 * combining class): what BK_MAX_COMBINING_MARKS counts. */
int bk_unicode_is_mark(uint32_t cp);

/* 1 for a character written right to left (bidi class R or AL: Hebrew,
 * Arabic, Syriac, N'Ko, historic scripts...), but not for digits (Arabic-
 * Indic digits run left to right) nor format controls (the right-to-left
 * mark U+200F, the Arabic letter mark): what a left-to-right setter would
 * print mirrored. */
int bk_unicode_is_rtl(uint32_t cp);
/* Offset in s[0..n) (valid UTF-8) of the first mark that makes a run of
 * marks longer than max, or n when there is none. */
size_t bk_unicode_mark_run_over(const char *s, size_t n, size_t max);

/* The value 0-9 of a decimal digit of any script ('7', '７', '٧', '७'), or
 * -1 for any other character. */
int bk_unicode_digit(uint32_t cp);

/* The first and the last code point of text[a, b) (0 when empty). */
static inline uint32_t bk_utf8_first(const char *t, size_t a, size_t b)
{
    size_t i = a;
    return a < b ? bk_utf8_next(t, b, &i) : 0;
}

static inline uint32_t bk_utf8_last(const char *t, size_t a, size_t b)
{
    if (a >= b)
        return 0;
    if ((unsigned char)t[b - 1] < 0x80)
        return (unsigned char)t[b - 1];
    size_t i = b;
    while (i > a && ((unsigned char)t[i - 1] & 0xc0) == 0x80)
        i--;
    if (i > a)
        i--;
    while (i > a && ((unsigned char)t[i] & 0xc0) == 0x80)
        i--;
    return bk_utf8_next(t, b, &i);
}
/* A Han ideograph; a Latin letter or an ASCII digit (the two sides of the
 * clreq gap between Han and Latin text). */
int bk_unicode_is_han(uint32_t c);
int bk_unicode_is_latin_or_digit(uint32_t c);

#endif
