/* lang.c — BCP 47 language tags (see lang.h). Pure string work: no
 * locale, no allocation. */
#include "lang.h"

#include <string.h>
#include <strings.h>

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
