/* linetags.c — Spans inside a drawn line: other languages, and ActualText
 * where spacing would add a space to extracted text (see linetags.h). */
#include "linetags.h"

#include <stdlib.h>
#include <string.h>

#include "unicode.h"

static int push(bk_line_stretch **a, size_t *n, bk_line_stretch s)
{
    if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4...: grow */
        bk_line_stretch *na = realloc(*a, (*n ? 2 * *n : 1) * sizeof *na);
        if (!na)
            return -1;
        *a = na;
    }
    (*a)[(*n)++] = s;
    return 0;
}

/* The block span glyph k's cluster is in, or NULL. */
static const char *span_lang(const bk_para *p, uint32_t cluster)
{
    for (size_t i = 0; i < p->block->nspans; i++)
        if (cluster >= p->block->spans[i].start && cluster < p->block->spans[i].end)
            return p->block->spans[i].lang;
    return NULL;
}

static int lang_stretches(bk_line_tags *t, const bk_para *p, const bk_set_line *ln)
{
    const bk_set_glyph *g = p->g + ln->g0;
    if (p->block->nspans == 0)
        return 0;
    for (size_t k = 0; k < ln->n;) {
        const char *l = span_lang(p, g[k].cluster);
        size_t e = k + 1;
        while (e < ln->n && span_lang(p, g[e].cluster) == l)
            e++;
        if (l && push(&t->lang, &t->nlang, (bk_line_stretch){k, e, l, NULL, 0}))
            return -1;
        k = e;
    }
    return 0;
}

/* The language stretch (index) glyph k is in, or nlang. */
static size_t lang_at(const bk_line_tags *t, size_t k)
{
    for (size_t i = 0; i < t->nlang; i++)
        if (k >= t->lang[i].g0 && k < t->lang[i].g1)
            return i;
    return t->nlang;
}

/* What a character is to clreq's gap: Han, a Latin letter or an ASCII
 * digit (bk_unicode_is_han, bk_unicode_is_latin_or_digit), or neither. */
enum { GAP_NONE, GAP_HAN, GAP_LATIN };

static int gap_class(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? GAP_LATIN
                                                                               : GAP_NONE;
    /* the CJK Unified Ideographs and Extension A are Han throughout (every
     * code point assigned): most of a Chinese line, without ICU */
    if (c >= 0x3400 && c <= 0x9FFF && (c <= 0x4DBF || c >= 0x4E00))
        return GAP_HAN;
    uint32_t sc = bk_unicode_script_lookup(c); /* (ASCII and Han are above) */
    return sc == BK_SCRIPT_HAN ? GAP_HAN : sc == BK_SCRIPT_LATIN ? GAP_LATIN : GAP_NONE;
}

/* The class of the first (last) character of text [a, b), a < b; an ASCII
 * byte is its character, without decoding. */
static int first_class(const char *s, uint32_t a, uint32_t b)
{
    unsigned char c = (unsigned char)s[a];
    return gap_class(c < 0x80 ? c : bk_utf8_first(s, a, b));
}

static int last_class(const char *s, uint32_t a, uint32_t b)
{
    unsigned char c = (unsigned char)s[b - 1];
    return gap_class(c < 0x80 ? c : bk_utf8_last(s, a, b));
}

/* Whether text [a, b), a < b, is one well-formed UTF-8 sequence: then its
 * first character is its last. */
static int one_char(const char *s, uint32_t a, uint32_t b)
{
    const unsigned char *u = (const unsigned char *)s + a;
    /* the length its lead byte announces (0xC0..0xDF: 2, 0xE0..0xEF: 3,
     * 0xF0..0xF7: 4), then continuation bytes: one case per length (the
     * test runs at every cluster of a Han line) */
    switch (b - a) {
    case 1:
        return u[0] < 0x80;
    case 2:
        return (u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80;
    case 3:
        return (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80;
    case 4:
        return (u[0] & 0xF8) == 0xF0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80 &&
               (u[3] & 0xC0) == 0x80;
    default:
        return 0;
    }
}

/* Whether u[0..3) is one well-formed three-byte UTF-8 sequence (as
 * one_char tells) of a character gap_class finds Han without ICU: the
 * CJK Unified Ideographs and Extension A. */
static int han3(const unsigned char *u)
{
    if ((u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return 0;
    uint32_t c = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    return c >= 0x3400 && c <= 0x9FFF && (c <= 0x4DBF || c >= 0x4E00);
}

/* Whether text [a, b) may hold a Han character as bk_utf8_first and
 * bk_utf8_last decode it (without validation): Han starts at U+2E80, so
 * only a byte from 0xE3 on, or 0xE2 before a byte whose low six bits make
 * 0x3A or more, can begin one. Most lines of Latin text have none and
 * need no cluster classed. */
static int maybe_han(const char *s, uint32_t a, uint32_t b)
{
    const unsigned char *u = (const unsigned char *)s;
    /* eight bytes at a step while none is 0xE2 or more: a byte's top bit
     * and its low seven bits plus 0x1E reaching 0x80 (no carry leaves a
     * byte) */
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL, add = 0x1E1E1E1E1E1E1E1EULL,
                   top = 0x8080808080808080ULL;
    uint32_t i = a;
    for (uint64_t w; i < b && b - i >= 8; i += 8) {
        memcpy(&w, u + i, 8);
        if (((w & low7) + add) & w & top)
            break;
    }
    for (; i < b; i++)
        if (u[i] >= 0xE2 && (u[i] > 0xE2 || i + 1 >= b || (u[i + 1] & 0x3F) >= 0x3A))
            return 1;
    return 0;
}

/* Each gap joins the clusters either side of it; gaps sharing a cluster
 * and stretches that meet make one ("1860年10月": "0年10月"). A stretch ends where
 * the language changes. Each cluster's last character is classed once, as
 * the one before the next cluster (the test runs at every cluster of every
 * line drawn). */
static int actual_stretches(bk_line_tags *t, const bk_para *p, const bk_set_line *ln)
{
    const bk_set_glyph *g = p->g + ln->g0;
    const char *s = p->block->text;
    size_t prev = 0; /* the previous cluster's first glyph */
    int prev_last = -1; /* the class of its last character; -1: not known */
    uint32_t lo = UINT32_MAX, hi = 0; /* the text the line's clusters cover */
    for (size_t k = 0; k < ln->n; k++) {
        lo = g[k].cluster < lo ? g[k].cluster : lo;
        hi = g[k].cluster_end > hi ? g[k].cluster_end : hi;
    }
    if (!maybe_han(s, lo, hi))
        return 0;
    for (size_t k = 1; k < ln->n; k++) {
        if (g[k].cluster == g[k - 1].cluster)
            continue;
        size_t e = k + 1;
        while (e < ln->n && g[e].cluster == g[k].cluster)
            e++;
        uint32_t pc0 = g[prev].cluster, pc1 = g[k - 1].cluster_end;
        uint32_t c0 = g[k].cluster, c1 = g[e - 1].cluster_end;
        /* most of a Chinese line: one Han character after Han or after
         * neither class; no gap, and its class is Han (what the tests
         * below find, without them) */
        if ((prev_last == GAP_HAN || prev_last == GAP_NONE) && c1 - c0 == 3 && c0 < c1 &&
            han3((const unsigned char *)s + c0)) {
            prev = k;
            prev_last = GAP_HAN;
            continue;
        }
        int gap = 0, first = -1, last = -1;
        if (pc1 == c0 && pc0 < pc1 && c0 < c1) {
            int a = prev_last >= 0 ? prev_last : last_class(s, pc0, pc1);
            if (a != GAP_NONE)
                first = first_class(s, c0, c1);
            gap = ((a == GAP_HAN && first == GAP_LATIN) ||
                   (a == GAP_LATIN && first == GAP_HAN)) &&
                  lang_at(t, prev) == lang_at(t, k);
        }
        /* the next test's previous cluster is [c0, c1) when the next
         * cluster starts at e, with this last glyph's end */
        if (c0 < c1)
            last = first >= 0 && one_char(s, c0, c1) ? first : last_class(s, c0, c1);
        if (gap && t->nact && t->act[t->nact - 1].g1 >= prev)
            t->act[t->nact - 1].g1 = e; /* the chain goes on */
        else if (gap && push(&t->act, &t->nact, (bk_line_stretch){prev, e, NULL, NULL, 0}))
            return -1;
        prev = k;
        prev_last = last;
    }
    return 0;
}

/* The glyphs of each citation mark with a note. A mark is never broken
 * (paragraph.c), so it is whole on its line. A mark that would not nest
 * inside the line's other stretches keeps no Link. */
static int cite_stretches(bk_line_tags *t, const bk_para *p, const bk_set_line *ln)
{
    const bk_set_glyph *g = p->g + ln->g0;
    for (size_t i = 0; i < p->block->ncites; i++) {
        const bk_cite *c = &p->block->cites[i];
        size_t k = 0;
        while (k < ln->n && g[k].cluster < c->start)
            k++;
        size_t e = k;
        while (e < ln->n && g[e].cluster < c->end)
            e++;
        /* brackets not drawn: the glyphs do not spell the mark */
        int hidden = e > k && (g[k].cluster > c->start || g[e - 1].cluster_end < c->end);
        if ((!c->target && !hidden) || e == k)
            continue;
        int nests = 1;
        for (size_t a = 0; a < t->nact; a++)
            nests &= t->act[a].g1 <= k || t->act[a].g0 >= e;
        for (size_t a = 0; a < t->nlang; a++)
            nests &= t->lang[a].g1 <= k || t->lang[a].g0 >= e ||
                     (t->lang[a].g0 <= k && t->lang[a].g1 >= e);
        /* Reference and Link for a note, and a Span with the mark as
         * ActualText (poppler reads it on Spans only) for hidden brackets */
        int ntags = (c->target ? 2 : 0) + hidden;
        if (nests && push(&t->cite, &t->ncite, (bk_line_stretch){k, e, NULL, c, ntags}))
            return -1;
    }
    return 0;
}

int bk_line_tags_find(bk_line_tags *t, const bk_para *p, const bk_set_line *ln)
{
    memset(t, 0, sizeof *t);
    if (!p->block || !p->block->text)
        return 0;
    if (lang_stretches(t, p, ln) || actual_stretches(t, p, ln) || cite_stretches(t, p, ln)) {
        bk_line_tags_release(t);
        return -1;
    }
    return 0;
}

static size_t next_edge(const bk_line_stretch *s, size_t k)
{
    return k < s->g0 ? s->g0 : s->g1;
}

size_t bk_line_tags_cut(const bk_line_tags *t, size_t k, size_t e)
{
    if (t->li < t->nlang && next_edge(&t->lang[t->li], k) > k &&
        next_edge(&t->lang[t->li], k) < e)
        e = next_edge(&t->lang[t->li], k);
    if (t->ai < t->nact && next_edge(&t->act[t->ai], k) > k &&
        next_edge(&t->act[t->ai], k) < e)
        e = next_edge(&t->act[t->ai], k);
    if (t->ci < t->ncite && next_edge(&t->cite[t->ci], k) > k &&
        next_edge(&t->cite[t->ci], k) < e)
        e = next_edge(&t->cite[t->ci], k);
    return e;
}

/* The link of a citation mark to its note, over its glyphs [s->g0, s->g1)
 * from their descent to the top of their em, described by the note's
 * text. 0 or -1 (OOM). */
static int cite_link(bk_page *page, const bk_para *p, const bk_set_line *ln,
                     const bk_line_stretch *s, double x0, double y)
{
    const bk_set_glyph *g = p->g + ln->g0;
    double x = x0 + ln->x, w = 0;
    for (size_t j = 0; j < s->g1; j++)
        *(j < s->g0 ? &x : &w) += g[j].adv;
    double rise, size = bk_para_glyph_size(p, &g[s->g0], &rise);
    double base = y + rise;
    bk_link *l = bk_page_add_link(page, x, base - 0.25 * size, x + w, base + 0.85 * size,
                                  s->cite->target, NULL);
    if (!l)
        return -1;
    if (s->cite->note && !(l->desc = bk_strdup(s->cite->note)))
        return -1;
    return 0;
}

/* A citation mark: Reference and Link, holding the link annotation, when
 * it has a note; a Span with the mark as ActualText when its glyphs do not
 * spell it (brackets not drawn). */
static int cite_open(bk_page *page, const bk_para *p, const bk_set_line *ln,
                     const bk_line_stretch *s, double x0, double y)
{
    const bk_cite *c = s->cite;
    if (c->target && (!bk_page_tag_start(page, BK_ROLE_REFERENCE, NULL, NULL, NULL, NULL) ||
                      !bk_page_tag_start(page, BK_ROLE_LINK, NULL, NULL, NULL, NULL) ||
                      cite_link(page, p, ln, s, x0, y)))
        return -1;
    if (s->ntags == (c->target ? 2 : 0))
        return 0;
    char *actual = bk_strndup(p->block->text + c->start, c->end - c->start);
    bk_tag *tag = actual ? bk_page_tag_start(page, BK_ROLE_SPAN, NULL, NULL, actual, NULL)
                         : NULL;
    free(actual);
    return tag ? 0 : -1;
}

int bk_line_tags_open(bk_line_tags *t, bk_page *page, const bk_para *p,
                      const bk_set_line *ln, size_t k, double x0, double y)
{
    const bk_set_glyph *g = p->g + ln->g0;
    if (t->li < t->nlang && t->lang[t->li].g0 == k &&
        !bk_page_tag_start(page, BK_ROLE_SPAN, t->lang[t->li].lang, NULL, NULL, NULL))
        return -1;
    if (t->ai < t->nact && t->act[t->ai].g0 == k) {
        uint32_t c0 = g[k].cluster, c1 = g[t->act[t->ai].g1 - 1].cluster_end;
        char *text = bk_strndup(p->block->text + c0, c1 > c0 ? c1 - c0 : 0);
        bk_tag *tag = text ? bk_page_tag_start(page, BK_ROLE_SPAN, NULL, NULL, text, NULL)
                           : NULL;
        free(text);
        if (!tag)
            return -1;
    }
    if (t->ci < t->ncite && t->cite[t->ci].g0 == k)
        return cite_open(page, p, ln, &t->cite[t->ci], x0, y);
    return 0;
}



int bk_line_tags_close(bk_line_tags *t, bk_page *page, size_t k)
{
    if (t->ci < t->ncite && t->cite[t->ci].g1 == k) {
        for (int i = t->cite[t->ci++].ntags; i > 0; i--)
            if (bk_page_tag_end(page))
                return -1;
    }
    if (t->ai < t->nact && t->act[t->ai].g1 == k) {
        t->ai++;
        if (bk_page_tag_end(page))
            return -1;
    }
    if (t->li < t->nlang && t->lang[t->li].g1 == k) {
        t->li++;
        if (bk_page_tag_end(page))
            return -1;
    }
    return 0;
}

void bk_line_tags_release(bk_line_tags *t)
{
    free(t->lang);
    free(t->act);
    free(t->cite);
    t->lang = t->act = t->cite = NULL;
    t->nlang = t->nact = t->ncite = 0;
}
