/* unicode.c — the ICU adapter (see unicode.h). */
#include "unicode.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

int bk_utf8_check(const char *s, size_t n, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        size_t len;
        uint32_t cp, min;
        if (c == 0)
            goto fail;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            len = 2, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            goto fail;
        }
        if (i + len > n)
            goto fail;
        for (size_t k = 1; k < len; k++) {
            if ((u[i + k] & 0xc0) != 0x80)
                goto fail;
            cp = (cp << 6) | (u[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            goto fail;
        i += len;
    }
    return 0;
fail:
    if (bad)
        *bad = i;
    return -1;
}

uint32_t bk_utf8_next_safe(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = p[0];
    size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || len > left || len > 4) {
        *i += 1;
        return 0xFFFD;
    }
    if (len == 1) {
        *i += 1;
        return c;
    }
    c &= 0x7Fu >> len;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        c = (c << 6) | (p[k] & 0x3F);
    }
    *i += len;
    return c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c;
}

int bk_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xc0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xe0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (unsigned char)(0xf0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

void bk_utf8_position(const char *s, size_t off, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)s[i];
        /* LF, CRLF and a lone CR each end a line (ingest turns them all
         * into LF, so positions agree before and after). */
        if (ch == '\n' || (ch == '\r' && (i + 1 >= off || s[i + 1] != '\n'))) {
            l++;
            c = 1;
        } else if ((ch & 0xc0) != 0x80) {
            c++; /* count code points, not continuation bytes */
        }
    }
    *line = l;
    *col = c;
}

/* UTF-8 -> UTF-16 for the ICU calls that need it. */
static UChar *to_utf16(const char *s, size_t n, int32_t *outlen)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = 0;
    if (n > INT32_MAX / 2)
        return NULL;
    u_strFromUTF8(NULL, 0, &len, s, (int32_t)n, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        return NULL;
    err = U_ZERO_ERROR;
    UChar *u = malloc(((size_t)len + 1) * sizeof(UChar));
    if (!u)
        return NULL;
    u_strFromUTF8(u, len + 1, NULL, s, (int32_t)n, &err);
    if (U_FAILURE(err)) {
        free(u);
        return NULL;
    }
    *outlen = len;
    return u;
}

char *bk_unicode_nfc(const char *s, size_t n, size_t *outlen)
{
    char *res = NULL;
    UChar *src = NULL, *dst = NULL;
    int32_t slen = 0;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err))
        goto done;
    src = to_utf16(s, n, &slen);
    if (!src)
        goto done;
    int32_t dcap = slen * 3 + 16;
    dst = malloc((size_t)dcap * sizeof(UChar));
    if (!dst)
        goto done;
    int32_t dlen = unorm2_normalize(nfc, src, slen, dst, dcap, &err);
    if (U_FAILURE(err))
        goto done;
    int32_t blen = 0;
    u_strToUTF8(NULL, 0, &blen, dst, dlen, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        goto done;
    err = U_ZERO_ERROR;
    res = malloc((size_t)blen + 1);
    if (!res)
        goto done;
    u_strToUTF8(res, blen + 1, NULL, dst, dlen, &err);
    if (U_FAILURE(err)) {
        free(res);
        res = NULL;
        goto done;
    }
    res[blen] = '\0';
    if (outlen)
        *outlen = (size_t)blen;
done:
    free(src);
    free(dst);
    return res;
}

int bk_unicode_is_nfc(const char *s, size_t n)
{
    size_t len = 0;
    char *t = bk_unicode_nfc(s, n, &len);
    int same = t && len == n && memcmp(t, s, n) == 0;
    free(t);
    return same;
}

/* The text given to a line break iterator as UTF-16, with the UTF-8 byte
 * offset of each unit: ICU reads UTF-16 natively, where reading UTF-8
 * through a UText costs a quarter of its time. Kept by a bk_breaker for
 * the next text. */
typedef struct utf16_text {
    UChar *u;
    int32_t *off; /* off[k]: byte offset of unit k; off[len]: n */
    size_t cap;   /* entries of both; n + 1 suffice (a unit per byte) */
} utf16_text;

static void utf16_release(utf16_text *t)
{
    free(t->u);
    free(t->off);
    t->u = NULL;
    t->off = NULL;
    t->cap = 0;
}

/* Converts s[0..n) into t. Returns 0, or -1 when out of memory or when s
 * is not well-formed UTF-8 (which the caller then hands to ICU as it is,
 * so that ICU alone decides what a malformed text gives). */
static int utf16_fill(utf16_text *t, const char *s, size_t n, int32_t *len)
{
    if (n >= INT32_MAX)
        return -1;
    if (n + 1 > t->cap) {
        UChar *u = realloc(t->u, (n + 1) * sizeof(*u));
        if (u)
            t->u = u;
        int32_t *off = realloc(t->off, (n + 1) * sizeof(*off));
        if (off)
            t->off = off;
        if (!u || !off)
            return -1;
        t->cap = n + 1;
    }
    const unsigned char *b = (const unsigned char *)s;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (b[i] < 0x80 && b[i] != 0) { /* the common case, before the checks */
            t->off[k] = (int32_t)i;
            t->u[k++] = b[i++];
            continue;
        }
        /* what bk_utf8_check accepts: no NUL, overlong form, surrogate
         * or value past U+10FFFF */
        uint32_t c = b[i], cp, min;
        size_t at = i, len;
        if (c < 0xc2 || c > 0xf4)
            return -1;
        if (c < 0xe0)
            len = 2, cp = c & 0x1f, min = 0x80;
        else if (c < 0xf0)
            len = 3, cp = c & 0x0f, min = 0x800;
        else
            len = 4, cp = c & 0x07, min = 0x10000;
        if (len > n - i)
            return -1;
        for (size_t k = 1; k < len; k++) {
            if ((b[i + k] & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (b[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return -1;
        i += len;
        if (cp >= 0x10000) {
            t->off[k] = (int32_t)at;
            t->u[k++] = (UChar)(0xd7c0 + (cp >> 10));
            t->off[k] = (int32_t)at;
            t->u[k++] = (UChar)(0xdc00 | (cp & 0x3ff));
        } else {
            t->off[k] = (int32_t)at;
            t->u[k++] = (UChar)cp;
        }
    }
    t->off[k] = (int32_t)n;
    *len = (int32_t)k;
    return 0;
}

/* Fills out[] (already cleared, n > 0) from a line break iterator for the
 * text s[0..n), converted into t (see utf16_text); the iterator is left
 * pointing at nothing of s's (at t's conversion, or an empty text). */
static bk_status fill_breaks(bk_ctx *ctx, UBreakIterator *bi, const char *s,
                             size_t n, unsigned char *out, utf16_text *t)
{
    UErrorCode err = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    int32_t len = 0;
    const int32_t *off = NULL;
    if (utf16_fill(t, s, n, &len) == 0) {
        off = t->off;
        ubrk_setText(bi, t->u, len, &err);
    } else {
        /* utext_openUTF8 indexes by UTF-8 byte offsets, so the iterator's
         * positions are directly our byte offsets. The iterator takes its
         * own (shallow) clone of ut, so ut itself can live on the stack. */
        utext_openUTF8(&ut, s, (int64_t)n, &err);
        if (!U_FAILURE(err))
            ubrk_setUText(bi, &ut, &err);
    }
    if (U_FAILURE(err))
        goto fail;
    for (int32_t p = ubrk_next(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
        if (p < 0 || (off ? p > len : (size_t)p > n))
            continue;
        int32_t rs = ubrk_getRuleStatus(bi);
        out[off ? (size_t)off[p] : (size_t)p] =
            (rs >= UBRK_LINE_HARD && rs < UBRK_LINE_HARD_LIMIT) ? BK_BREAK_MANDATORY
                                                                : BK_BREAK_ALLOWED;
    }
    /* Point the iterator at an empty text, so that a cached one keeps no
     * pointer into the caller's string; one given the conversion points
     * into t, the breaker's own (never read again before the next text
     * replaces it). */
    if (!off) {
        static const UChar empty[1] = {0};
        ubrk_setText(bi, empty, 0, &err);
        if (U_FAILURE(err))
            goto fail;
    }
    utext_close(&ut);
    return BK_OK;
fail:
    utext_close(&ut);
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                         "ICU line breaking failed: %s", u_errorName(err));
}

static bk_status open_fail(bk_ctx *ctx, UErrorCode err)
{
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                         "ICU line breaking failed: %s", u_errorName(err));
}

bk_status bk_unicode_line_breaks(bk_ctx *ctx, const char *s, size_t n,
                                 const char *locale, unsigned char *out)
{
    UErrorCode err = U_ZERO_ERROR;
    memset(out, BK_BREAK_NONE, n + 1);
    if (n == 0)
        return BK_OK;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, locale, NULL, 0, &err);
    if (U_FAILURE(err)) {
        ubrk_close(bi);
        return open_fail(ctx, err);
    }
    utf16_text t = {0};
    bk_status st = fill_breaks(ctx, bi, s, n, out, &t);
    ubrk_close(bi); /* (before the text it may point into) */
    utf16_release(&t);
    return st;
}

/* ---- cached line break iterators ------------------------------------ */

/* Three locales are in use at a time (vi, en, zh@lb=strict); a fourth
 * slot spares a layout with one more language from reopening. */
#define BREAKER_SLOTS 4
#define BREAKER_LOCALE 32 /* longer locale names are not cached */

struct bk_breaker {
    struct {
        char locale[BREAKER_LOCALE];
        UBreakIterator *bi; /* NULL: the slot is free */
        unsigned long used; /* tick of the last use, for eviction */
    } slot[BREAKER_SLOTS];
    unsigned long tick;
    utf16_text text; /* the last text's conversion, its room kept */
};

bk_breaker *bk_breaker_new(void) { return calloc(1, sizeof(bk_breaker)); }

void bk_breaker_free(bk_breaker *b)
{
    if (!b)
        return;
    for (int i = 0; i < BREAKER_SLOTS; i++)
        ubrk_close(b->slot[i].bi);
    utf16_release(&b->text);
    free(b);
}

bk_status bk_breaker_line_breaks(bk_ctx *ctx, bk_breaker *b, const char *s,
                                 size_t n, const char *locale,
                                 unsigned char *out)
{
    size_t llen = strlen(locale);
    if (!b || llen >= BREAKER_LOCALE)
        return bk_unicode_line_breaks(ctx, s, n, locale, out);
    memset(out, BK_BREAK_NONE, n + 1);
    if (n == 0)
        return BK_OK;
    /* the slot for this locale, else the free or least recently used one
     * (a free slot has used == 0) */
    int k = -1, victim = 0;
    for (int i = 0; i < BREAKER_SLOTS && k < 0; i++) {
        if (b->slot[i].bi && strcmp(b->slot[i].locale, locale) == 0)
            k = i;
        else if (b->slot[i].used < b->slot[victim].used)
            victim = i;
    }
    if (k < 0) {
        UErrorCode err = U_ZERO_ERROR;
        UBreakIterator *bi = ubrk_open(UBRK_LINE, locale, NULL, 0, &err);
        if (U_FAILURE(err)) {
            ubrk_close(bi);
            return open_fail(ctx, err);
        }
        k = victim;
        ubrk_close(b->slot[k].bi);
        b->slot[k].bi = bi;
        memcpy(b->slot[k].locale, locale, llen + 1);
    }
    b->slot[k].used = ++b->tick;
    bk_status st = fill_breaks(ctx, b->slot[k].bi, s, n, out, &b->text);
    if (st != BK_OK) {
        /* do not trust an iterator that failed */
        ubrk_close(b->slot[k].bi);
        b->slot[k].bi = NULL;
        b->slot[k].used = 0;
    }
    return st;
}

/* ---- scripts ----------------------------------------------------------- */

#define TAG(a, b, c, d)                                                        \
    (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) |    \
     (uint32_t)(d))

/* The ISO 15924 tag of a script: the scripts a booklet meets spelled out
 * (ICU's lookup by name costs more than finding the script), any other
 * asked of ICU. */
static uint32_t script_tag(UScriptCode sc)
{
    switch (sc) {
    case USCRIPT_COMMON: return BK_SCRIPT_COMMON;
    case USCRIPT_INHERITED: return BK_SCRIPT_INHERITED;
    case USCRIPT_HAN: return BK_SCRIPT_HAN;
    case USCRIPT_LATIN: return BK_SCRIPT_LATIN;
    case USCRIPT_GREEK: return TAG('G', 'r', 'e', 'k');
    case USCRIPT_CYRILLIC: return TAG('C', 'y', 'r', 'l');
    case USCRIPT_HIRAGANA: return TAG('H', 'i', 'r', 'a');
    case USCRIPT_KATAKANA: return TAG('K', 'a', 'n', 'a');
    case USCRIPT_HANGUL: return TAG('H', 'a', 'n', 'g');
    case USCRIPT_BOPOMOFO: return TAG('B', 'o', 'p', 'o');
    default: break;
    }
    const char *name = uscript_getShortName(sc);
    if (!name || strlen(name) != 4)
        return BK_SCRIPT_COMMON;
    return TAG((unsigned char)name[0], (unsigned char)name[1],
               (unsigned char)name[2], (unsigned char)name[3]);
}

/* The script of the code points a booklet's texts are mostly made of,
 * answered without ICU (whose lookup costs some fifty instructions): ASCII,
 * Latin-1, Latin Extended-A and -B, the combining diacritics, Latin
 * Extended Additional (Vietnamese), the general punctuation, the CJK
 * punctuation and full-width forms, and the CJK ideographs as Unicode 8
 * has them (so that any ICU agrees). 0 for any other code point.
 * tests/unit/test_unicode.c holds it to ICU over all code points. */
static uint32_t script_fast(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? BK_SCRIPT_LATIN
                                                           : BK_SCRIPT_COMMON;
    if (cp < 0x100)
        return cp == 0xaa || cp == 0xba || (cp >= 0xc0 && cp != 0xd7 && cp != 0xf7)
                   ? BK_SCRIPT_LATIN
                   : BK_SCRIPT_COMMON;
    if (cp < 0x250)
        return BK_SCRIPT_LATIN;
    if (cp >= 0x3000) {
        if ((cp >= 0x4e00 && cp <= 0x9fd5) || (cp >= 0x3400 && cp <= 0x4db5))
            return BK_SCRIPT_HAN;
        if ((cp >= 0x3001 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020) ||
            (cp >= 0xff01 && cp <= 0xff20) || (cp >= 0xff3b && cp <= 0xff40) ||
            (cp >= 0xff5b && cp <= 0xff60))
            return BK_SCRIPT_COMMON; /* 、。《》「」，：？！ */
        return 0;
    }
    if (cp >= 0x300 && cp < 0x370)
        return BK_SCRIPT_INHERITED;
    if (cp >= 0x1e00 && cp < 0x1f00)
        return BK_SCRIPT_LATIN;
    if (cp >= 0x200e && cp <= 0x2064)
        return BK_SCRIPT_COMMON; /* dashes, quotes, ellipsis */
    return 0;
}

uint32_t bk_unicode_script_lookup(uint32_t cp)
{
    uint32_t fast = script_fast(cp);
    if (fast)
        return fast;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)cp, &err);
    if (U_FAILURE(err))
        return BK_SCRIPT_COMMON;
    return script_tag(sc);
}

int bk_unicode_is_cjk_lookup(uint32_t cp)
{
    /* Neither Han nor wide: all below U+1100 (Hangul's first), Latin
     * Extended Additional, Greek Extended and the general punctuation.
     * Both, or wide: the CJK ideographs blocks (wide even where
     * unassigned), the CJK punctuation but U+303F, the full-width forms. */
    if (cp < 0x1100 || (cp >= 0x1e00 && cp < 0x2070))
        return 0;
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
        (cp >= 0x3000 && cp < 0x303f) || (cp >= 0xff01 && cp <= 0xff60))
        return 1;
    if (bk_unicode_script(cp) == BK_SCRIPT_HAN)
        return 1;
    int32_t ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_FULLWIDTH || ea == U_EA_WIDE;
}

int bk_unicode_is_space(uint32_t cp)
{
    /* White_Space below U+1680 is ASCII's and U+0085 (U+00A0 binds);
     * there is none above U+3000. */
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    if (cp < 0x1680)
        return cp == 0x85;
    if (cp > 0x3000)
        return 0;
    if (cp == 0x00a0 || cp == 0x202f || cp == 0x2007 || cp == 0xfeff)
        return 0;
    return u_isUWhiteSpace((UChar32)cp) ? 1 : 0;
}

int bk_unicode_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return u_isalpha((UChar32)cp) ? 1 : 0;
}

int bk_unicode_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return u_isupper((UChar32)cp) || u_istitle((UChar32)cp) ? 1 : 0;
}

bk_status bk_unicode_sentences(bk_ctx *ctx, const char *s, size_t n, const char *locale,
                               size_t *starts, size_t max, size_t *count)
{
    bk_status st = BK_OK;
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = NULL;
    UBreakIterator *bi = NULL;
    *count = 0;
    if (!max)
        return BK_OK;
    starts[(*count)++] = 0;
    if (n == 0)
        return BK_OK;
    ut = utext_openUTF8(NULL, s, (int64_t)n, &err);
    if (!U_FAILURE(err))
        bi = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &err);
    if (!U_FAILURE(err))
        ubrk_setUText(bi, ut, &err);
    if (U_FAILURE(err)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                           "ICU sentence breaking failed: %s", u_errorName(err));
        goto done;
    }
    for (int32_t p = ubrk_next(bi); p != UBRK_DONE && *count < max; p = ubrk_next(bi))
        if (p > 0 && (size_t)p < n)
            starts[(*count)++] = (size_t)p;
done:
    ubrk_close(bi);
    utext_close(ut);
    return st;
}

int bk_unicode_width(uint32_t cp)
{
    if (cp > 0x10ffff)
        return 1;
    int8_t gc = u_charType((UChar32)cp);
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR ||
        (cp >= 0x1160 && cp <= 0x11ff)) /* Hangul medial vowels, finals */
        return 0;
    int ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

int bk_unicode_is_mark(uint32_t cp)
{
    /* Fast paths for the blocks a text is mostly in, which hold no mark
     * (test_unicode holds them to ICU over every code point): below
     * U+0300; Latin Extended Additional to the punctuation before the
     * marks for symbols (U+20D0); CJK punctuation before its tone marks
     * (U+302A); Bopomofo to the Unified Ideographs; the full-width and
     * half-width forms and specials. */
    if (cp < 0x300 || (cp >= 0x3100 && cp < 0xa000) || (cp >= 0x1e00 && cp < 0x20d0) ||
        (cp >= 0x3000 && cp < 0x302a) || (cp >= 0xff00 && cp < 0x10000))
        return 0;
    return (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK) != 0 ||
           u_getCombiningClass((UChar32)cp) != 0;
}

size_t bk_unicode_mark_run_over(const char *s, size_t n, size_t max)
{
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        size_t at = i;
        if ((unsigned char)s[i] < 0xcc) { /* below U+0300: not a mark */
            run = 0;
            i++;
            continue;
        }
        uint32_t cp = bk_utf8_next(s, n, &i);
        if (!bk_unicode_is_mark(cp))
            run = 0;
        else if (++run > max)
            return at;
    }
    return n;
}

int bk_unicode_digit(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp < 0x80 || u_charType((UChar32)cp) != U_DECIMAL_DIGIT_NUMBER)
        return -1;
    return u_charDigitValue((UChar32)cp);
}

int bk_unicode_is_han(uint32_t c)
{
    return c >= 0x2e80 && bk_unicode_script(c) == BK_SCRIPT_HAN; /* none below */
}

int bk_unicode_is_latin_or_digit(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return bk_unicode_script(c) == BK_SCRIPT_LATIN;
}

int bk_unicode_is_rtl(uint32_t cp)
{
    UCharDirection d = u_charDirection((UChar32)cp);
    if (d != U_RIGHT_TO_LEFT && d != U_RIGHT_TO_LEFT_ARABIC)
        return 0;
    int8_t gc = u_charType((UChar32)cp);
    return gc != U_DECIMAL_DIGIT_NUMBER && gc != U_FORMAT_CHAR;
}
