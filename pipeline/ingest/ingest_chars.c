/* ingest_chars.c — character classes (Han variants, East Asian scripts, sentence
 * and clause ends) and text measures for ingest.
 */
#include "ingest_private.h"

#include <string.h>

#include "unicode.h"

#include "ingest-han.inc"

static int u16_in(const uint16_t *v, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    if (cp > 0xffff)
        return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] == cp)
            return 1;
        if (v[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int bk_ingest_is_trad_only(uint32_t cp)
{
    return u16_in(trad_only, sizeof trad_only / sizeof trad_only[0], cp);
}

int bk_ingest_is_simp_only(uint32_t cp)
{
    return u16_in(simp_only, sizeof simp_only / sizeof simp_only[0], cp);
}

int bk_ingest_is_han(uint32_t cp)
{
    return bk_unicode_script(cp) == BK_SCRIPT_HAN;
}

/* Scripts that make a run "East Asian" for foreign-language spans. */

int bk_ingest_is_east_asian(uint32_t cp)
{
    uint32_t sc = bk_unicode_script(cp);
    return sc == BK_SCRIPT_HAN || sc == SCRIPT_HIRA || sc == SCRIPT_KANA ||
           sc == SCRIPT_HANG;
}

uint32_t bk_ingest_cp_at(const char *s, size_t n, size_t i)
{
    return i < n ? bk_utf8_next(s, n, &i) : 0;
}

uint32_t bk_ingest_cp_before(const char *s, size_t start, size_t i)
{
    if (i <= start)
        return 0;
    size_t j = i - 1;
    while (j > start && ((unsigned char)s[j] & 0xc0) == 0x80)
        j--;
    return bk_utf8_next(s, i, &j);
}

size_t bk_ingest_prev_start(const char *s, size_t start, size_t i)
{
    size_t j = i - 1;
    while (j > start && ((unsigned char)s[j] & 0xc0) == 0x80)
        j--;
    return j;
}

int bk_ingest_starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

int bk_ingest_is_sentence_end(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 ||
           cp == 0xff01 || cp == 0xff1f || cp == 0x2026 || cp == 0xff0e;
}

/* Punctuation after which a line continues or introduces something: such
 * a line is never a title or a heading. */
int bk_ingest_is_clause_end(uint32_t cp)
{
    return bk_ingest_is_sentence_end(cp) || cp == ',' || cp == ';' || cp == ':' ||
           cp == 0xff0c || cp == 0xff1b || cp == 0xff1a || cp == 0x3001;
}

int bk_ingest_is_closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
           cp == 0x201d || cp == 0x2019 || cp == 0xff09 || cp == 0x300d ||
           cp == 0x300f || cp == 0x00bb || cp == 0x3011;
}

/* Lowercase letters of the cased scripts most texts use. A heading or
 * title starts with anything but one of these. */
int bk_ingest_is_lower(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return 1;
    if (cp >= 0xdf && cp <= 0xff)
        return cp != 0xf7;
    if (cp >= 0x100 && cp <= 0x17f)
        return (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)
                   ? (cp & 1) == 0
                   : (cp & 1) == 1;
    if (cp >= 0x1e00 && cp <= 0x1eff)
        return (cp & 1) == 1;
    if (cp >= 0x430 && cp <= 0x45f)
        return 1;
    if (cp >= 0x3b1 && cp <= 0x3c9)
        return 1;
    return 0;
}

int bk_ingest_is_digit(char c) { return c >= '0' && c <= '9'; }

/* Display width in columns: East Asian wide characters count two. */
long bk_ingest_text_width(const char *s, size_t n)
{
    long w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = bk_utf8_next(s, n, &i);
        w += bk_unicode_is_cjk(cp) ? 2 : 1;
    }
    return w;
}

