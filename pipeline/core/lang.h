/* lang.h — BCP 47 language tags: the one place that knows what a tag
 * looks like, how tags compare, and which tags are Chinese, CJK or written
 * in Traditional characters. Every stage asks here instead of comparing
 * strings of its own, so that "ZH-hant-tw", "zh-TW" and "zh-Hant" mean the
 * same thing everywhere.
 *
 * Comparisons are case-insensitive (RFC 5646 §2.1.1); matching is RFC 4647
 * basic filtering: a range matches a tag equal to it or starting with it
 * followed by "-". No function allocates; all accept NULL.
 */
#ifndef BK_LANG_H
#define BK_LANG_H

#include <stddef.h>

/* 1 if `tag` is well formed: a primary subtag of 2 to 8 letters, then
 * subtags of 1 to 8 letters or digits separated by "-". */
int bk_lang_valid(const char *tag);

/* 0 if `tag` is a well-formed BCP 47 tag whose language, script and
 * region subtags are in ICU's lists (uloc_getISOLanguages and the names
 * CLDR knows, USCRIPT codes, uloc_getISOCountries or a UN M.49 number);
 * else -1 with a sentence in msg (n bytes), with a suggestion where one
 * comes to mind: "unknown language 'vn'; did you mean 'vi' (Vietnamese)?"
 * for a region written as a language, a language's English name or its
 * three-letter code. Variants, extensions and private use are only
 * checked for form. */
int bk_lang_check(const char *tag, char *msg, size_t n);

/* 1 if `tag` equals `range` or starts with `range` followed by "-"
 * ("zh-Hant-TW" is "zh" and "zh-Hant", not "zh-Ha"). */
int bk_lang_is(const char *tag, const char *range);

/* 1 if both tags have the same primary language subtag ("zh-Hans" and
 * "zh-TW"). */
int bk_lang_same_language(const char *a, const char *b);

/* How well a layout's or font configuration's language pattern fits a
 * tag: 3 the same tag, 2 the pattern is a prefix range of the tag, 1 the
 * pattern is "*" or absent (fits any tag), 0 no fit. */
int bk_lang_match_score(const char *pattern, const char *tag);

/* 1 for Chinese (zh and the Chinese macrolanguage members yue, cmn, lzh,
 * wuu, hak, nan, gan). */
int bk_lang_is_chinese(const char *tag);

/* 1 for languages written with Han characters: Chinese, Japanese, Korean. */
int bk_lang_is_cjk(const char *tag);

typedef enum {
    BK_HAN_NONE = 0,    /* not Chinese */
    BK_HAN_SIMPLIFIED,  /* zh, zh-Hans, zh-CN, zh-SG, ... */
    BK_HAN_TRADITIONAL  /* zh-Hant, zh-TW, zh-HK, zh-MO, zh-Hant-* */
} bk_han_variant;

/* Which Han characters a Chinese tag is written in; an explicit script
 * subtag wins over the region. */
bk_han_variant bk_lang_han_variant(const char *tag);

/* Writes the tag in its canonical case (language lower case, four-letter
 * script title case, two-letter region upper case, others lower case) into
 * out (n bytes, NUL-terminated, cut if too small). Returns out. */
char *bk_lang_canonical(const char *tag, char *out, size_t n);

#endif
