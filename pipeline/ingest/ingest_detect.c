/* ingest_detect.c — the language of a source that names none (no --lang,
 * no catalog entry), guessed from its letters, for `booklet build
 * lesson.txt`. The guess is always announced, so a wrong one is seen and
 * corrected with --lang. Only what the letters can tell is guessed:
 *
 *   kana                       -> ja
 *   hangul                     -> ko
 *   Han (more than Latin)      -> zh-Hant if characters found only in
 *                                 Traditional outnumber those found only in
 *                                 Simplified, else zh-Hans
 *   Latin with Vietnamese      -> vi (ă â đ ê ô ơ ư or a vowel carrying a
 *   letters                       tone mark from Latin Extended Additional,
 *                                 in at least 1 letter in 50)
 *   other Latin                -> en, the one Latin-script language the
 *                                 shipped layouts hyphenate
 *   anything else              -> no guess: --lang is required */
#include "ingest_private.h"

#include <string.h>

#include "unicode.h"

/* Letters counted to decide; the first 64 KiB are plenty. */
#define DETECT_BYTES (64u * 1024u)

typedef struct letter_counts {
    size_t latin, vi, han, trad, simp, kana, hangul;
} letter_counts;

/* Vietnamese letters beyond ASCII: ă â đ ê ô ơ ư in either case, and the
 * vowels with tone marks (U+1EA0..U+1EF9). Acute and grave on plain
 * vowels (á, è) are French or Spanish as much as Vietnamese: not counted. */
static int is_vietnamese_letter(uint32_t cp)
{
    static const uint32_t extra[] = {0x102, 0x103, 0xc2, 0xe2, 0x110, 0x111, 0xca,
                                     0xea,  0xd4,  0xf4, 0x1a0, 0x1a1, 0x1af, 0x1b0};
    if (cp >= 0x1ea0 && cp <= 0x1ef9)
        return 1;
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (cp == extra[i])
            return 1;
    return 0;
}

static void count_letters(const char *s, size_t n, letter_counts *c)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp = bk_utf8_next_safe(s, n, &i);
        uint32_t sc = bk_unicode_script(cp);
        if (sc == BK_SCRIPT_LATIN) {
            c->latin++;
            c->vi += is_vietnamese_letter(cp);
        } else if (sc == BK_SCRIPT_HAN) {
            c->han++;
            c->trad += bk_ingest_is_trad_only(cp);
            c->simp += bk_ingest_is_simp_only(cp);
        } else if (sc == SCRIPT_HIRA || sc == SCRIPT_KANA) {
            c->kana++;
        } else if (sc == SCRIPT_HANG) {
            c->hangul++;
        }
    }
}

const char *bk_ingest_detect_lang(const char *text, size_t len)
{
    letter_counts c = {0};
    count_letters(text, len < DETECT_BYTES ? len : DETECT_BYTES, &c);
    if (c.kana && c.kana + c.han > c.latin)
        return "ja";
    if (c.hangul && c.hangul > c.latin)
        return "ko";
    if (c.han && c.han > c.latin)
        return c.trad > c.simp ? "zh-Hant" : "zh-Hans";
    if (c.latin && c.vi * 50 >= c.latin)
        return "vi";
    if (c.latin)
        return "en";
    return NULL;
}
