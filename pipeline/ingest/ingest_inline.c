/* ingest_inline.c — inline markup of ingest: citation marks become ref,
 * sentence quotations quote, East Asian runs in other languages foreign.
 */
#include "ingest_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

static const struct {
    const char *open, *close;
} quote_pairs[] = {
    {"\"", "\""},           {"\xe2\x80\x9c", "\xe2\x80\x9d"}, /* “ ” */
    {"\xe2\x80\x9e", "\xe2\x80\x9c"},                         /* „ “ */
    {"\xc2\xab", "\xc2\xbb"},                                 /* « » */
    {"\xe3\x80\x8c", "\xe3\x80\x8d"},                         /* 「 」 */
    {"\xe3\x80\x8e", "\xe3\x80\x8f"},                         /* 『 』 */
};

/* Length of a citation mark "[21]" at s, or 0. */
size_t bk_ingest_citation_at(const char *s, size_t n, char num[8])
{
    if (n < 3 || s[0] != '[')
        return 0;
    size_t d = 1;
    while (d < n && bk_ingest_is_digit(s[d]) && d < 4)
        d++;
    if (d == 1 || d >= n || s[d] != ']')
        return 0;
    memcpy(num, s + 1, d - 1);
    num[d - 1] = '\0';
    return d + 1;
}

/* A quotation at s[i]: sets the inner span [*in_s, *in_e) (the closing
 * mark starts at *close_at). Returns 1 when it counts as a quote element (it
 * ends a sentence inside the marks, or a citation follows the closing
 * mark), 2 for quoted words or titles (left as text), 0 for no pair. */
static int quote_at(const char *s, size_t n, size_t i, size_t *in_s,
                    size_t *in_e, size_t *close_at)
{
    for (size_t k = 0; k < sizeof quote_pairs / sizeof quote_pairs[0]; k++) {
        const char *o = quote_pairs[k].open, *c = quote_pairs[k].close;
        size_t ol = strlen(o), cl = strlen(c);
        if (!bk_ingest_starts_with(s + i, n - i, o))
            continue;
        const char *hit = NULL;
        for (size_t j = i + ol; j + cl <= n; j++) {
            if (memcmp(s + j, c, cl) == 0) {
                hit = s + j;
                break;
            }
        }
        if (!hit)
            return 0;
        size_t a = i + ol, e = (size_t)(hit - s);
        size_t close = e;
        char num[8];
        int cited = bk_ingest_citation_at(s + e + cl, n - e - cl, num) > 0;
        /* French and other spacing inside the marks stays outside */
        for (;;) {
            if (a < e && s[a] == ' ')
                a++;
            else if (e - a >= 2 && bk_ingest_starts_with(s + a, e - a, "\xc2\xa0"))
                a += 2;
            else if (e - a >= 3 && bk_ingest_starts_with(s + a, e - a, "\xe2\x80\xaf"))
                a += 3;
            else
                break;
        }
        for (;;) {
            if (e > a && s[e - 1] == ' ')
                e--;
            else if (e - a >= 2 && memcmp(s + e - 2, "\xc2\xa0", 2) == 0)
                e -= 2;
            else if (e - a >= 3 && memcmp(s + e - 3, "\xe2\x80\xaf", 3) == 0)
                e -= 3;
            else
                break;
        }
        if (e <= a)
            return 0;
        uint32_t last = bk_ingest_cp_before(s, a, e);
        *in_s = a;
        *in_e = e;
        *close_at = close;
        return bk_ingest_is_sentence_end(last) || cited ? 1 : 2;
    }
    return 0;
}

/* The language of a run of East Asian characters inside other text. */
static const char *run_lang(const char *s, size_t n)
{
    int t = 0, sm = 0, kana = 0, hang = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = bk_utf8_next(s, n, &i);
        uint32_t sc = bk_unicode_script(cp);
        kana |= sc == SCRIPT_HIRA || sc == SCRIPT_KANA;
        hang |= sc == SCRIPT_HANG;
        t |= bk_ingest_is_trad_only(cp);
        sm |= bk_ingest_is_simp_only(cp);
    }
    if (kana)
        return "ja";
    if (hang)
        return "ko";
    if (t && !sm)
        return "zh-Hant";
    if (sm && !t)
        return "zh-Hans";
    return "zh";
}

/* End of an East Asian run starting at i: script characters, with CJK
 * punctuation kept only between them. */
static size_t east_asian_run(const char *s, size_t n, size_t i)
{
    size_t e = i, last = i;
    while (e < n) {
        size_t k = e;
        uint32_t cp = bk_utf8_next(s, n, &k);
        if (bk_ingest_is_east_asian(cp))
            last = k;
        else if (!bk_unicode_is_cjk(cp))
            break;
        e = k;
    }
    return last;
}

/* Adds s[0..n) to parent with inline markup: citation marks become ref,
 * sentence quotations quote (the marks stay outside, as text), and, in a
 * language not written in Han, East Asian runs become foreign. */
void bk_ingest_add_inline(builder *b, bk_node *parent, const char *pid,
                       inline_ids *ids, const char *s, size_t n, int depth)
{
    ingest *g = b->g;
    int foreign = !bk_ingest_lang_is_cjk(g->lang);
    size_t run = 0;
    /* the closing mark of the last pair seen: never an opening one */
    size_t closer = (size_t)-1;
    char id[96];
    for (size_t i = 0; i < n && b->st == BK_OK;) {
        char num[8];
        size_t cl = bk_ingest_citation_at(s + i, n - i, num);
        size_t qs = 0, qe = 0, qc = 0;
        int q = depth == 0 && i != closer ? quote_at(s, n, i, &qs, &qe, &qc)
                                          : 0;
        if (cl) {
            if (bk_ingest_add_text(b, parent, s + run, i - run) < 0)
                return;
            snprintf(id, sizeof id, "%s.r%d", pid, ++ids->r);
            bk_node *r = bk_ingest_add_el(b, parent, "ref", id);
            if (!r || bk_ingest_set_attr(b, r, "type", "citation") < 0 ||
                bk_ingest_set_attr(b, r, "n", num) < 0)
                return;
            for (size_t k = 0; g->has_notes && k < g->nl; k++) {
                if (g->lines[k].role == R_NOTE &&
                    strcmp(g->lines[k].num, num) == 0) {
                    char t[64];
                    snprintf(t, sizeof t, "#%s.cit%s", g->idp, num);
                    if (bk_ingest_set_attr(b, r, "target", t) < 0)
                        return;
                    break;
                }
            }
            if (bk_ingest_add_text(b, r, s + i, cl) < 0)
                return;
            g->cnt.citations++;
            i += cl;
            run = i;
            continue;
        }
        if (q)
            closer = qc;
        if (q == 1) {
            /* the marks stay text, around the element */
            if (bk_ingest_add_text(b, parent, s + run, qs - run) < 0)
                return;
            snprintf(id, sizeof id, "%s.q%d", pid, ++ids->q);
            bk_node *qn = bk_ingest_add_el(b, parent, "quote", id);
            if (!qn)
                return;
            inline_ids sub = {0, 0, 0};
            bk_ingest_add_inline(b, qn, id, &sub, s + qs, qe - qs, depth + 1);
            g->cnt.quotes++;
            i = qe;
            run = qe;
            continue;
        }
        size_t j = i;
        uint32_t cp = bk_utf8_next(s, n, &j);
        if (foreign && bk_ingest_is_east_asian(cp)) {
            size_t e = east_asian_run(s, n, i);
            if (bk_ingest_add_text(b, parent, s + run, i - run) < 0)
                return;
            snprintf(id, sizeof id, "%s.fo%d", pid, ++ids->fo);
            bk_node *f = bk_ingest_add_el(b, parent, "foreign", id);
            if (!f || bk_ingest_set_attr(b, f, "xml:lang", run_lang(s + i, e - i)) < 0 ||
                bk_ingest_add_text(b, f, s + i, e - i) < 0)
                return;
            g->cnt.foreign++;
            i = e;
            run = e;
            continue;
        }
        i = j;
    }
    if (b->st == BK_OK)
        bk_ingest_add_text(b, parent, s + run, n - run);
}

/* An element with an id and inline content. */
