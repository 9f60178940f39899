/* lang.c — BCP 47 language tags (see lang.h). String work, no
 * allocation; the validity check asks ICU's lists of languages, scripts
 * and regions (the registry ICU carries), never the user's locale. */
#include "lang.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "suggest.h"

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; }

int bk_lang_valid(const char *tag)
{
    if (!tag)
        return 0;
    size_t n = 0;
    while (is_alpha(tag[n]))
        n++;
    if (n < 2 || n > 8)
        return 0;
    const char *s = tag + n;
    while (*s == '-') {
        s++;
        n = 0;
        while (is_alpha(s[n]) || is_digit(s[n]))
            n++;
        if (n < 1 || n > 8)
            return 0;
        s += n;
    }
    return *s == '\0';
}

int bk_lang_is(const char *tag, const char *range)
{
    if (!tag || !range)
        return 0;
    size_t n = strlen(range);
    return n && strncasecmp(tag, range, n) == 0 && (tag[n] == '\0' || tag[n] == '-');
}

int bk_lang_same_language(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t na = strcspn(a, "-"), nb = strcspn(b, "-");
    return na == nb && strncasecmp(a, b, na) == 0;
}

int bk_lang_match_score(const char *pattern, const char *tag)
{
    if (!pattern || strcmp(pattern, "*") == 0)
        return 1;
    if (!tag)
        return 0;
    if (strcasecmp(pattern, tag) == 0)
        return 3;
    return bk_lang_is(tag, pattern) ? 2 : 0;
}

int bk_lang_is_chinese(const char *tag)
{
    static const char *const zh[] = {"zh", "yue", "cmn", "lzh", "wuu", "hak", "nan", "gan",
                                     NULL};
    for (const char *const *c = zh; *c; c++)
        if (bk_lang_is(tag, *c))
            return 1;
    return 0;
}

int bk_lang_is_cjk(const char *tag)
{
    return bk_lang_is_chinese(tag) || bk_lang_is(tag, "ja") || bk_lang_is(tag, "ko");
}

/* The subtag after the primary one that has `len` characters and passes
 * `ok` (script: 4 letters; region: 2 letters or 3 digits), or NULL. */
static const char *subtag(const char *tag, size_t len, int digits)
{
    for (const char *s = strchr(tag, '-'); s; s = strchr(s + 1, '-')) {
        size_t n = strcspn(s + 1, "-");
        if (n != len)
            continue;
        int ok = 1;
        for (size_t i = 0; i < n; i++)
            ok &= digits ? is_digit(s[1 + i]) : is_alpha(s[1 + i]);
        if (ok)
            return s + 1;
    }
    return NULL;
}

bk_han_variant bk_lang_han_variant(const char *tag)
{
    if (!bk_lang_is_chinese(tag))
        return BK_HAN_NONE;
    const char *script = subtag(tag, 4, 0);
    if (script && strncasecmp(script, "Hant", 4) == 0)
        return BK_HAN_TRADITIONAL;
    if (script && strncasecmp(script, "Hans", 4) == 0)
        return BK_HAN_SIMPLIFIED;
    const char *region = subtag(tag, 2, 0);
    static const char *const trad[] = {"TW", "HK", "MO", NULL};
    for (const char *const *r = trad; region && *r; r++)
        if (strncasecmp(region, *r, 2) == 0)
            return BK_HAN_TRADITIONAL;
    return BK_HAN_SIMPLIFIED;
}

char *bk_lang_canonical(const char *tag, char *out, size_t n)
{
    if (!out || !n)
        return out;
    size_t o = 0, pos = 0; /* pos: index of the subtag being written */
    for (const char *s = tag ? tag : ""; *s && o + 1 < n;) {
        size_t len = strcspn(s, "-");
        for (size_t i = 0; i < len && o + 1 < n; i++) {
            char c = lower(s[i]);
            if (pos > 0 && len == 4 && i == 0 && is_alpha(s[0]))
                c = upper(s[i]);
            else if (pos > 0 && len == 2 && is_alpha(s[0]))
                c = upper(s[i]);
            out[o++] = c;
        }
        s += len;
        if (*s == '-' && o + 1 < n)
            out[o++] = *s++, pos++;
    }
    out[o] = '\0';
    return out;
}

/* ---- validity against ICU's lists ------------------------------------- */

/* The English name ICU gives a language code, in UTF-8; "" if none (ICU
 * echoes an unknown code back). */
static void language_name(const char *code, char *out, size_t n)
{
    UChar name[128];
    UErrorCode err = U_ZERO_ERROR;
    int32_t len = uloc_getDisplayLanguage(code, "en", name, 128, &err);
    out[0] = '\0';
    if (U_FAILURE(err) || len <= 0 || n > INT32_MAX)
        return;
    err = U_ZERO_ERROR;
    u_strToUTF8(out, (int32_t)n, NULL, name, len, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ||
        strcasecmp(out, code) == 0)
        out[0] = '\0';
}

/* ISO 639-2's bibliographic codes, which BCP 47 never uses (it takes the
 * two-letter code of ISO 639-1), with that code: a user may know "fre"
 * or "ger" from a library catalogue. ICU knows some of them as names. */
static const char *const bibliographic[][2] = {
    {"alb", "sq"}, {"arm", "hy"}, {"baq", "eu"}, {"bur", "my"}, {"chi", "zh"},
    {"cze", "cs"}, {"dut", "nl"}, {"fre", "fr"}, {"geo", "ka"}, {"ger", "de"},
    {"gre", "el"}, {"ice", "is"}, {"mac", "mk"}, {"mao", "mi"}, {"may", "ms"},
    {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"tib", "bo"}, {"wel", "cy"},
};

/* The two-letter code of a bibliographic one (lower case), else NULL. */
static const char *bibliographic_code(const char *c)
{
    for (size_t i = 0; i < sizeof bibliographic / sizeof *bibliographic; i++)
        if (strcmp(bibliographic[i][0], c) == 0)
            return bibliographic[i][1];
    return NULL;
}

/* 1 if `code` (2 or 3 letters, any case) is a language ICU knows. */
static int language_known(const char *code, size_t n)
{
    char c[4], name[128];
    if (n < 2 || n > 3)
        return 0;
    for (size_t i = 0; i < n; i++)
        c[i] = lower(code[i]);
    c[n] = '\0';
    if (n == 3 && bibliographic_code(c))
        return 0;
    for (const char *const *l = uloc_getISOLanguages(); *l; l++) {
        if ((*l)[0] == c[0] && strcmp(*l, c) == 0)
            return 1;
        /* BCP 47 writes a language with a two-letter code with it: "vi",
         * never "vie" (and the rest of the program compares tags) */
        if (n == 3 && strlen(*l) == 2 && strcmp(uloc_getISO3Language(*l), c) == 0)
            return 0;
    }
    /* ICU's ISO list leaves out some codes CLDR names (cmn) */
    language_name(c, name, sizeof name);
    return name[0] != '\0';
}

static int region_known(const char *code, size_t n)
{
    if (n == 3)
        return is_digit(code[0]) && is_digit(code[1]) && is_digit(code[2]);
    for (const char *const *r = uloc_getISOCountries(); n == 2 && *r; r++)
        if (upper(code[0]) == (*r)[0] && upper(code[1]) == (*r)[1])
            return 1;
    return 0;
}

/* The nearest script code to `s` (4 letters), or NULL; *known set when
 * it is one. */
static const char *script_nearest(const char *s, int *known)
{
    const char *names[USCRIPT_CODE_LIMIT];
    size_t n = 0;
    char four[5];
    memcpy(four, s, 4);
    four[4] = '\0';
    /* a known script, the usual case, found through ICU's own index
     * rather than by asking each script its name */
    int code = u_getPropertyValueEnum(UCHAR_SCRIPT, four);
    const char *found = code >= 0 && code < USCRIPT_CODE_LIMIT
                            ? uscript_getShortName((UScriptCode)code) : NULL;
    *known = found && strlen(found) == 4 && strncasecmp(found, s, 4) == 0;
    if (*known)
        return NULL;
    for (int i = 0; i < USCRIPT_CODE_LIMIT; i++) {
        const char *sn = uscript_getShortName((UScriptCode)i);
        if (!sn || strlen(sn) != 4)
            continue;
        if (strncasecmp(sn, s, 4) == 0)
            *known = 1;
        names[n++] = sn;
    }
    return *known ? NULL : bk_nearest_word(four, names, n);
}

/* A language code to suggest for an unknown primary subtag: the likely
 * language of a region written in its place ("vn", "cn"), the code of a
 * language's English name ("english"), the two-letter code of a
 * three-letter one ("vie"). NULL if none comes to mind. */
static const char *language_suggest(const char *sub, size_t n, char *buf, size_t bn)
{
    char word[16], name[128];
    if (n >= sizeof word)
        return NULL;
    for (size_t i = 0; i < n; i++)
        word[i] = lower(sub[i]);
    word[n] = '\0';
    if (n == 2 && region_known(sub, 2)) {
        char und[8], likely[64];
        UErrorCode err = U_ZERO_ERROR;
        snprintf(und, sizeof und, "und_%c%c", upper(sub[0]), upper(sub[1]));
        uloc_addLikelySubtags(und, likely, sizeof likely, &err);
        size_t ln = strcspn(likely, "_");
        if (U_SUCCESS(err) && ln < bn && strncmp(likely, "und", ln) != 0) {
            memcpy(buf, likely, ln);
            buf[ln] = '\0';
            return buf;
        }
    }
    if (n == 3 && bibliographic_code(word))
        return bibliographic_code(word);
    for (const char *const *l = uloc_getISOLanguages(); *l; l++) {
        if (n == 3 && strcmp(uloc_getISO3Language(*l), word) == 0 && strlen(*l) == 2)
            return *l;
        if (n > 3) {
            language_name(*l, name, sizeof name);
            if (strcasecmp(name, word) == 0)
                return *l;
        }
    }
    return NULL;
}

/* Writes the message for an unknown primary language subtag. */
static void language_unknown(const char *tag, size_t n, char *msg, size_t mn)
{
    char code[16], buf[16], name[128];
    snprintf(code, sizeof code, "%.*s", (int)(n < 15 ? n : 15), tag);
    const char *s = language_suggest(tag, n, buf, sizeof buf);
    if (!s) {
        snprintf(msg, mn, "unknown language '%s' (use a code such as en, vi, zh, ja)",
                 code);
        return;
    }
    language_name(s, name, sizeof name);
    if (name[0])
        snprintf(msg, mn, "unknown language '%s'; did you mean '%s' (%s)?", code, s, name);
    else
        snprintf(msg, mn, "unknown language '%s'; did you mean '%s'?", code, s);
}

/* Checks the subtags after the primary one: extlang, script, region,
 * variants in that order, then extensions and private use unchecked. */
static int subtags_check(const char *tag, const char *s, char *msg, size_t mn)
{
    int stage = 0; /* 0 extlang, 1 script, 2 region, 3 variants */
    while (*s == '-') {
        s++;
        size_t n = strcspn(s, "-");
        int alpha = 1;
        for (size_t i = 0; i < n; i++)
            alpha &= is_alpha(s[i]);
        if (n == 1)
            return 0; /* extensions, private use: not checked */
        if (stage == 0 && n == 3 && alpha) {
            if (!language_known(s, 3)) {
                snprintf(msg, mn, "unknown extended language '%.3s' in '%s'", s, tag);
                return -1;
            }
        } else if (stage <= 1 && n == 4 && alpha) {
            int known;
            const char *near = script_nearest(s, &known);
            if (!known) {
                if (near)
                    snprintf(msg, mn, "unknown script '%.4s' in '%s'; did you mean '%s'?",
                             s, tag, near);
                else
                    snprintf(msg, mn, "unknown script '%.4s' in '%s' (use e.g. Latn, Hans, Hant)",
                             s, tag);
                return -1;
            }
            stage = 2;
        } else if (stage <= 2 && (n == 2 || (n == 3 && !alpha))) {
            if (!region_known(s, n)) {
                snprintf(msg, mn, "unknown region '%.*s' in '%s' (use a country code "
                         "such as VN, CN, TW, US)", (int)n, s, tag);
                return -1;
            }
            stage = 3;
        } else if (n >= 5 || (n == 4 && is_digit(s[0]))) {
            stage = 3; /* a variant */
        } else {
            snprintf(msg, mn, "'%.*s' in '%s' is out of place (a BCP 47 tag is "
                     "language-Script-REGION, e.g. zh-Hant-TW)", (int)n, s, tag);
            return -1;
        }
        s += n;
    }
    return 0;
}

int bk_lang_check(const char *tag, char *msg, size_t n)
{
    char dummy[8];
    if (!msg || !n)
        msg = dummy, n = sizeof dummy;
    msg[0] = '\0';
    if (!tag || !*tag) {
        snprintf(msg, n, "the language is empty (use a BCP 47 tag such as en, vi, zh-Hant)");
        return -1;
    }
    if (!bk_lang_valid(tag) && strcspn(tag, "-") > 1) {
        snprintf(msg, n, "'%.40s' is not a BCP 47 language tag (use e.g. en, vi, "
                 "zh-Hant)", tag);
        return -1;
    }
    size_t p = strcspn(tag, "-");
    if (p == 1 && (tag[0] == 'x' || tag[0] == 'X') && tag[1] == '-' && bk_lang_valid(tag + 2))
        return 0; /* private use */
    if (p == 1 || !language_known(tag, p)) {
        language_unknown(tag, p, msg, n);
        return -1;
    }
    return subtags_check(tag, tag + p, msg, n);
}
