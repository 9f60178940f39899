/* align_anchor.c — the anchors of a sentence: dates (by the language's
 * catalog patterns, digits of any script, the year or month carried from
 * earlier sentences when a date leaves them out), numbers and sums (with
 * the language's multiplier words: 万, triệu, million), names of the
 * lexicon, and capitalised Latin words (a proper name two languages write
 * alike).
 */
#include "align_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

typedef struct scan {
    const lex_lang *l;
    const char *s;
    size_t n;
    bk_anchor **a;
    size_t *na, *cap;
} scan;

static uint32_t cp_at(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    return bk_utf8_next_safe(s, n, &i);
}

static uint32_t cp_before(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
        k--;
    return bk_utf8_next_safe(s, i, &k);
}

#define SCRIPT_LATN 0x4c61746eu /* 'Latn' */

static int is_latin_letter(uint32_t c)
{
    return c && bk_unicode_is_letter(c) && (c < 0x250 || bk_unicode_script(c) == SCRIPT_LATN);
}

static int is_word_char(uint32_t c)
{
    return c && (bk_unicode_is_letter(c) || bk_unicode_digit(c) >= 0 || bk_unicode_is_mark(c));
}

static int add_as(scan *sc, const char *key, double base, size_t start, size_t end, int derived)
{
    if (*sc->na == *sc->cap) {
        size_t cap = *sc->cap ? 2 * *sc->cap : 8;
        bk_anchor *p = realloc(*sc->a, cap * sizeof *p);
        if (!p)
            return -1;
        *sc->a = p;
        *sc->cap = cap;
    }
    bk_anchor *x = &(*sc->a)[(*sc->na)++];
    snprintf(x->key, sizeof x->key, "%s", key);
    x->base = base;
    x->start = start;
    x->end = end;
    x->derived = derived;
    return 0;
}

static int add(scan *sc, const char *key, double base, size_t start, size_t end)
{
    return add_as(sc, key, base, start, end, 0);
}

/* Reads a run of decimal digits (any script) at *k: its value, its
 * digit count; 0 digits when there is none. */
static int digits(const char *s, size_t n, size_t *k, double *value)
{
    int count = 0;
    *value = 0;
    while (*k < n) {
        size_t j = *k;
        int d = bk_unicode_digit(bk_utf8_next_safe(s, n, &j));
        if (d < 0)
            break;
        if (count < 18)
            *value = *value * 10 + d;
        count++;
        *k = j;
    }
    return count;
}

static void skip_spaces(const char *s, size_t n, size_t *k)
{
    while (*k < n && (s[*k] == ' ' || s[*k] == '\t'))
        (*k)++;
}

static int fold(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Matches word w at *k, ASCII case folded; a Latin word must end there. */
static int word_at(const char *s, size_t n, size_t *k, const char *w, size_t len)
{
    if (*k + len > n)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (fold((unsigned char)s[*k + i]) != fold((unsigned char)w[i]))
            return 0;
    if (is_latin_letter(cp_before(w, len)) && is_latin_letter(cp_at(s, n, *k + len)))
        return 0;
    *k += len;
    return 1;
}

/* The longest word of `kind` at *k; its value, or 0. */
static int lex_word_at(const lex_lang *l, const char *s, size_t n, size_t *k, int kind)
{
    size_t best = 0;
    int value = 0;
    for (size_t i = 0; l && i < l->nwords; i++) {
        size_t j = *k;
        if (l->words[i].kind == kind && l->words[i].len > best &&
            word_at(s, n, &j, l->words[i].word, l->words[i].len)) {
            best = l->words[i].len;
            value = l->words[i].value;
        }
    }
    *k += best;
    return value;
}

/* Matches literal lit at *k: a space matches one or more spaces. */
static int lit_at(const char *s, size_t n, size_t *k, const char *lit)
{
    size_t j = *k;
    for (const char *p = lit; *p; p++) {
        if (*p == ' ') {
            if (j >= n || (s[j] != ' ' && s[j] != '\t'))
                return 0;
            skip_spaces(s, n, &j);
            continue;
        }
        if (j >= n || fold((unsigned char)s[j]) != fold((unsigned char)*p))
            return 0;
        j++;
    }
    if (is_latin_letter(cp_before(lit, strlen(lit))) && is_latin_letter(cp_at(s, n, j)))
        return 0;
    *k = j;
    return 1;
}

typedef struct ymd {
    int y, m, d;
} ymd;

/* Matches pattern p at i; the end in *end and the parts found in *v. */
static int pattern_at(const lex_lang *l, const lex_pattern *p, const char *s, size_t n,
                      size_t i, size_t *end, ymd *v)
{
    size_t k = i;
    memset(v, 0, sizeof *v);
    for (int t = 0; t < p->n; t++) {
        const ptok *tk = &p->t[t];
        if (tk->kind == T_LIT) {
            if (t > 0 && tk->lit[0] != ' ')
                skip_spaces(s, n, &k);
            if (!lit_at(s, n, &k, tk->lit))
                return 0;
            continue;
        }
        if (tk->kind == T_MNAME) {
            if (!(v->m = lex_word_at(l, s, n, &k, W_MONTH)))
                return 0;
            if (k < n && s[k] == '.')
                k++;
            continue;
        }
        double val;
        if (t > 0)
            skip_spaces(s, n, &k);
        int nd = digits(s, n, &k, &val);
        int x = nd >= 1 && nd <= 4 ? (int)val : -1; /* a longer number is no date part */
        if (tk->kind == T_DAY && nd >= 1 && nd <= 2 && x >= 1 && x <= 31)
            v->d = x;
        else if (tk->kind == T_MONTH && nd >= 1 && nd <= 2 && x >= 1 && x <= 12)
            v->m = x;
        else if (tk->kind == T_YEAR && nd >= 3 && nd <= 4 && x >= 100)
            v->y = x;
        else
            return 0;
    }
    if (bk_unicode_digit(cp_at(s, n, k)) >= 0)
        return 0;
    *end = k;
    return 1;
}

static int date_anchors(scan *sc, ymd v, bk_date_ctx *dc, size_t start, size_t end)
{
    char key[64];
    if (!v.m && v.d) { /* "21日" after "9月": the month and year before */
        if (!dc || !dc->month || !dc->year)
            return 0;
        v.m = dc->month;
    }
    if (!v.y && v.m && dc && dc->year)
        v.y = dc->year; /* "10月18日" after "1860年" */
    int r = 0;
    if (v.y && v.m && v.d) {
        snprintf(key, sizeof key, "d:%04d-%02d-%02d", v.y, v.m, v.d);
        r |= add(sc, key, 4, start, end);
    }
    if (v.y && v.m) {
        snprintf(key, sizeof key, "m:%04d-%02d", v.y, v.m);
        r |= add_as(sc, key, v.d ? 1.5 : 2.5, start, end, v.d != 0);
    }
    if (v.y) {
        snprintf(key, sizeof key, "y:%04d", v.y);
        r |= add(sc, key, 0.5, start, end);
    }
    if (!v.y && v.m && v.d) {
        snprintf(key, sizeof key, "md:%02d-%02d", v.m, v.d);
        r |= add(sc, key, 3, start, end);
    }
    if (dc && v.y)
        dc->year = v.y;
    if (dc && v.m)
        dc->month = v.m;
    return r;
}

/* A number at i (digits in any script, grouped by ',' '.' or a space in
 * threes, a decimal part, a multiplier word). Returns the end, or i. */
static size_t number_at(scan *sc, size_t i, bk_date_ctx *dc, int *err)
{
    const char *s = sc->s;
    size_t n = sc->n, k = i;
    double v = 0, part;
    int nd = digits(s, n, &k, &v), grouped = 0;
    if (!nd)
        return i;
    while (nd <= 3 && k + 1 < n && (s[k] == ',' || s[k] == '.')) {
        size_t j = k + 1;
        if (digits(s, n, &j, &part) != 3 || bk_unicode_digit(cp_at(s, n, j)) >= 0)
            break;
        v = v * 1000 + part;
        k = j;
        grouped = 1;
    }
    size_t j = k;
    if (!grouped && k + 1 < n && (s[k] == '.' || s[k] == ',')) {
        size_t f = k + 1;
        int fd = digits(s, n, &f, &part);
        if (fd > 0 && fd < 3) { /* 1.5 million */
            v += part / pow(10, fd);
            j = f;
        }
    }
    size_t w = j;
    skip_spaces(s, n, &w);
    int e = lex_word_at(sc->l, s, n, &w, W_FACTOR);
    if (e)
        j = w;
    else if (j != k)
        j = k; /* a decimal without a multiplier: keep the integer part */
    if (e)
        v *= pow(10, e);
    char key[64];
    if (!e && !grouped && nd == 4 && v >= 1000 && v <= 2100) {
        snprintf(key, sizeof key, "y:%04d", (int)v);
        if (dc)
            dc->year = (int)v;
        *err |= add(sc, key, 0.5, i, j);
    } else if (v >= 10 && v < 1e17) {
        snprintf(key, sizeof key, "n:%.0f", floor(v + 0.5));
        *err |= add(sc, key, v >= 100 ? 3 : 0.8, i, j);
    }
    return j;
}

/* The longest name of the lexicon at i; returns its end, or i. */
static size_t name_at(scan *sc, const bk_lexicon *lx, size_t i, int *err)
{
    const char *s = sc->s;
    size_t best = 0, bi = 0, c = (unsigned char)s[i];
    for (size_t k = lx->first[c]; k < lx->first[c + 1]; k++) {
        const lex_name *nm = &lx->names[k];
        if (nm->len <= best || i + nm->len > sc->n || s[i] != nm->text[0] ||
            memcmp(s + i, nm->text, nm->len) != 0)
            continue;
        if (nm->latin && (is_word_char(cp_before(s, i)) || is_word_char(cp_at(s, sc->n, i + nm->len))))
            continue;
        best = nm->len;
        bi = k;
    }
    if (!best)
        return i;
    char key[64];
    snprintf(key, sizeof key, "k:%s", lx->names[bi].key);
    *err |= add(sc, key, 3, i, i + best);
    return i + best;
}

/* A capitalised Latin word of four letters or more at i, not the first
 * word of the sentence (`first`): returns its end, or i. */
static size_t word_anchor_at(scan *sc, size_t i, int first, int *err)
{
    uint32_t c = cp_at(sc->s, sc->n, i);
    if (!is_latin_letter(c) || !bk_unicode_is_upper(c) || is_word_char(cp_before(sc->s, i)))
        return i;
    size_t k = i, letters = 0;
    while (k < sc->n) {
        size_t j = k;
        uint32_t d = bk_utf8_next_safe(sc->s, sc->n, &j);
        if (!is_latin_letter(d) && !bk_unicode_is_mark(d))
            break;
        k = j;
        letters++;
    }
    if (letters >= 4 && !first && k - i < 60) {
        char key[64];
        snprintf(key, sizeof key, "w:%.*s", (int)(k - i), sc->s + i);
        *err |= add(sc, key, 2, i, k);
    }
    return k;
}

int bk_anchors_find(const bk_lexicon *lx, const char *lang, const char *s, size_t n,
                    bk_date_ctx *dc, bk_anchor **a, size_t *na, size_t *cap)
{
    scan sc = {bk_lexicon_lang(lx, lang), s, n, a, na, cap};
    int err = 0, seen_word = 0;
    size_t i = 0;
    while (i < n && !err) {
        uint32_t prev = cp_before(s, i);
        size_t end = i;
        ymd v;
        int boundary = bk_unicode_digit(prev) < 0 && !is_latin_letter(prev);
        for (int p = 0; boundary && sc.l && p < sc.l->npats && end == i; p++)
            if (pattern_at(sc.l, &sc.l->pats[p], s, n, i, &end, &v))
                err |= date_anchors(&sc, v, dc, i, end);
        if (end == i && bk_unicode_digit(prev) < 0 && !is_latin_letter(prev))
            end = number_at(&sc, i, dc, &err);
        if (end == i && lx)
            end = name_at(&sc, lx, i, &err);
        if (end == i)
            end = word_anchor_at(&sc, i, !seen_word, &err);
        seen_word |= is_word_char(cp_at(s, n, i));
        if (end == i) {
            bk_utf8_next_safe(s, n, &end);
            if (end == i)
                end = i + 1;
        }
        i = end;
    }
    return err ? -1 : 0;
}
