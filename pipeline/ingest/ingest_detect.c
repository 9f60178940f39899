/* ingest_detect.c — the language of a source that names none (no --lang,
 * no catalog entry), guessed from its letters and its commonest words, for
 * `booklet build lesson.txt`. The guess is always announced, so a wrong one
 * is seen and corrected with --lang. Only what the text shows clearly is
 * guessed; the letters of the first 64 KiB decide:
 *
 *   kana                       -> ja
 *   hangul                     -> ko
 *   Han (more than Latin)      -> zh-Hant if characters found only in
 *                                 Traditional outnumber those found only in
 *                                 Simplified, else zh-Hans
 *   Greek, Armenian, Georgian, -> el, hy, ka, he, ar, th, hi (the script's
 *   Hebrew, Arabic, Thai,         letters more than half of all letters)
 *   Devanagari
 *   Cyrillic                   -> uk with Ukrainian letters (і ї є ґ) in at
 *                                 least 1 letter in 200, else ru
 *   Latin with Vietnamese      -> vi (ă â đ ê ô ơ ư or a vowel carrying a
 *   letters                       tone mark from Latin Extended Additional,
 *                                 in at least 1 letter in 50)
 *   other Latin                -> the language of en, fr, de, es, it, pt, nl
 *                                 whose function words ("the", "le", "der",
 *                                 ...) the text uses most, when at least 3
 *                                 of its words, one in 20, are such and twice
 *                                 as many as any other language's; else en,
 *                                 the one
 *                                 Latin-script language the shipped layouts
 *                                 hyphenate
 *   anything else              -> no guess: --lang is required
 *
 * The word lists are the most frequent function words of each language,
 * leaving out those another language also writes often ("a", "de", "en",
 * "in", "do", "as", "die", "con", "per", "met", "y", "o"). */
#include "ingest_private.h"

#include <string.h>

#include "unicode.h"

/* Letters counted to decide; the first 64 KiB are plenty. */
#define DETECT_BYTES (64u * 1024u)

/* Scripts with one language to guess, as ISO 15924 tags. */
static const struct {
    uint32_t script;
    const char *lang;
} one_script[] = {
    {0x4772656bu, "el"}, /* Grek */
    {0x41726d6eu, "hy"}, /* Armn */
    {0x47656f72u, "ka"}, /* Geor */
    {0x48656272u, "he"}, /* Hebr */
    {0x41726162u, "ar"}, /* Arab */
    {0x54686169u, "th"}, /* Thai */
    {0x44657661u, "hi"}, /* Deva */
};
#define NSCRIPTS (sizeof one_script / sizeof one_script[0])
#define SCRIPT_CYRL 0x4379726cu /* 'Cyrl' */

/* Function words per Latin-script language (lower case, space-separated). */
static const struct {
    const char *lang, *words;
} latin_words[] = {
    {"en", " the and of to is was that with for are this from which were have has it you "
           "not be on he she they we his her at but or will would there their what "},
    {"fr", " le la les des et est une du dans pour qui sur pas par au aux ce cette sont "},
    {"de", " der das und ist nicht mit den dem ein eine sich auf auch wird von zu im "},
    {"es", " el los las que del por una para es se al como su lo "},
    {"it", " il che della di gli una sono le del nel alla anche questo "},
    {"pt", " os que da uma em para com por dos das foi mais "},
    {"nl", " het een en van dat op te zijn voor niet ook wordt "},
};
#define NLATIN (sizeof latin_words / sizeof latin_words[0])

typedef struct letter_counts {
    size_t letters, latin, vi, han, trad, simp, kana, hangul, cyrl, uk;
    size_t nwords; /* words of ASCII letters looked up */
    size_t script[NSCRIPTS];
    size_t words[NLATIN];
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

/* Ukrainian letters Russian lacks: і ї є ґ in either case. */
static int is_ukrainian_letter(uint32_t cp)
{
    return cp == 0x456 || cp == 0x406 || cp == 0x457 || cp == 0x407 || cp == 0x454 ||
           cp == 0x404 || cp == 0x491 || cp == 0x490;
}

/* A word of ASCII letters ends: counts it for the languages listing it. */
static void word_count(letter_counts *c, const char *w, size_t n)
{
    char key[16];
    if (n == 0 || n + 2 >= sizeof key)
        return;
    key[0] = ' ';
    for (size_t i = 0; i < n; i++)
        key[i + 1] = (char)(w[i] | 0x20);
    key[n + 1] = ' ';
    key[n + 2] = '\0';
    c->nwords++;
    for (size_t l = 0; l < NLATIN; l++)
        c->words[l] += strstr(latin_words[l].words, key) != NULL;
}

static void count_letters(const char *s, size_t n, letter_counts *c)
{
    size_t word = 0, wlen = 0; /* the current run of ASCII letters */
    int plain = 1;             /* it is a whole word: no other letter in it */
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t cp = bk_utf8_next_safe(s, n, &i);
        uint32_t sc = bk_unicode_script(cp);
        int ascii = cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
        if (ascii) {
            if (!wlen)
                word = at;
            wlen++;
        } else {
            if (wlen && plain && sc != BK_SCRIPT_LATIN)
                word_count(c, s + word, wlen);
            plain = sc != BK_SCRIPT_LATIN; /* "été" is no word of "t" */
            wlen = 0;
        }
        if (sc == BK_SCRIPT_COMMON || sc == BK_SCRIPT_INHERITED)
            continue;
        c->letters++;
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
        } else if (sc == SCRIPT_CYRL) {
            c->cyrl++;
            c->uk += is_ukrainian_letter(cp);
        } else {
            for (size_t k = 0; k < NSCRIPTS; k++)
                c->script[k] += sc == one_script[k].script;
        }
    }
    if (wlen && plain)
        word_count(c, s + word, wlen);
}

/* The Latin-script language whose function words stand out, else en. */
static const char *latin_language(const letter_counts *c)
{
    size_t best = 0, second = 0;
    for (size_t l = 1; l < NLATIN; l++)
        if (c->words[l] > c->words[best])
            best = l;
    for (size_t l = 0; l < NLATIN; l++)
        if (l != best && c->words[l] > second)
            second = c->words[l];
    /* clearly: at least 3 of them, one word in 20 of the text, and twice
     * any other language's (a few "do" and "as" make no Portuguese) */
    if (c->words[best] >= 3 && 20 * c->words[best] >= c->nwords &&
        c->words[best] >= 2 * second)
        return latin_words[best].lang;
    return "en";
}

const char *bk_ingest_detect_lang(const char *text, size_t len)
{
    letter_counts c;
    memset(&c, 0, sizeof c);
    count_letters(text, len < DETECT_BYTES ? len : DETECT_BYTES, &c);
    if (c.kana && c.kana + c.han > c.latin)
        return "ja";
    if (c.hangul && c.hangul > c.latin)
        return "ko";
    if (c.han && c.han > c.latin)
        return c.trad > c.simp ? "zh-Hant" : "zh-Hans";
    for (size_t k = 0; k < NSCRIPTS; k++)
        if (2 * c.script[k] > c.letters)
            return one_script[k].lang;
    if (2 * c.cyrl > c.letters)
        return c.uk * 200 >= c.cyrl ? "uk" : "ru";
    if (c.latin && c.vi * 50 >= c.latin)
        return "vi";
    if (c.latin)
        return latin_language(&c);
    return NULL;
}
