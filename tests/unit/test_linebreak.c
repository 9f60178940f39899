/* Unit tests: Knuth–Plass line breaking (linebreak.c).
 *
 * Paragraphs are built from words (one or more boxes joined by hyphenation
 * penalties) and inter-word glue 3pt +1.5 -1. Every result is checked by
 * check_lines(): the lines cover the items in order, only discardable items
 * lie between lines, every line ends at a legal breakpoint and its reported
 * ratio is what its items give. A brute-force search over all break
 * sequences (an independent implementation of the model in linebreak.h)
 * checks optimality on random small paragraphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bk.h"
#include "linebreak.h"

/* ---- building paragraphs ----------------------------------------------- */

typedef struct para {
    bk_lb_item *it;
    size_t n, cap;
} para;

static void push(para *p, bk_lb_item e)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->it = realloc(p->it, p->cap * sizeof(*p->it));
        assert_non_null(p->it);
    }
    p->it[p->n++] = e;
}

static void box(para *p, double w) { push(p, (bk_lb_item){.kind = BK_LB_BOX, .width = w}); }

static void glue(para *p, double w, double st, double sh)
{
    push(p, (bk_lb_item){.kind = BK_LB_GLUE, .width = w, .stretch = st, .shrink = sh});
}

static void penalty(para *p, double w, double pen, int flagged)
{
    push(p, (bk_lb_item){.kind = BK_LB_PENALTY, .width = w, .penalty = pen,
                         .flagged = flagged});
}

static void space(para *p) { glue(p, 3, 1.5, 1); }

/* A hyphenation point: penalty 50, a 1pt hyphen. */
static void hyphen(para *p) { penalty(p, 1, 50, 1); }

/* Words of one part each, separated by spaces. */
static void words(para *p, const double *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p->n)
            space(p);
        box(p, w[i]);
    }
}

/* A word of two parts with a hyphenation point between them. */
static void word2(para *p, double a, double b)
{
    if (p->n)
        space(p);
    box(p, a);
    hyphen(p);
    box(p, b);
}

static void para_free(para *p)
{
    free(p->it);
    memset(p, 0, sizeof(*p));
}

/* ---- checking results -------------------------------------------------- */

static int forced(const bk_lb_item *e)
{
    return e->kind == BK_LB_PENALTY && e->penalty <= -BK_LB_INFINITY;
}

/* The item list the breaker works on: trailing glue dropped and the finish
 * appended unless the items end with a forced break (see linebreak.h). */
static size_t finished(const bk_lb_item *items, size_t n, bk_lb_item *out)
{
    while (n > 0 && items[n - 1].kind == BK_LB_GLUE)
        n--;
    if (n == 0)
        return 0;
    memcpy(out, items, n * sizeof(*out));
    if (!forced(&items[n - 1])) {
        out[n++] = (bk_lb_item){.kind = BK_LB_GLUE, .stretch = BK_LB_FIL};
        out[n++] = (bk_lb_item){.kind = BK_LB_PENALTY, .penalty = -BK_LB_INFINITY};
    }
    return n;
}

static size_t next_box_or_forced(const bk_lb_item *it, size_t m, size_t j)
{
    while (j < m && !(it[j].kind == BK_LB_BOX || forced(&it[j])))
        j++;
    return j;
}

static int legal(const bk_lb_item *it, size_t m, size_t b)
{
    const bk_lb_item *e = &it[b];
    if (e->kind == BK_LB_BOX)
        return 0;
    if (e->kind == BK_LB_GLUE && (b == 0 || it[b - 1].kind != BK_LB_BOX))
        return 0;
    if (e->kind == BK_LB_PENALTY && e->penalty >= BK_LB_INFINITY)
        return 0;
    if (forced(e))
        return 1;
    return !forced(&it[next_box_or_forced(it, m, b + 1)]);
}

/* Ratio of items [s, b) broken at b on a line of width lw, as the header
 * defines it; *overfull set when it does not fit at full shrink. */
static double ratio_of(const bk_lb_item *it, size_t s, size_t b, double lw,
                       double es, int *overfull, int *fil)
{
    double nat = it[b].kind == BK_LB_PENALTY ? it[b].width : 0, y = 0, z = 0;
    *fil = 0;
    *overfull = 0;
    if (s == b) { /* an empty line: ragged */
        *fil = 1;
        return 0;
    }
    for (size_t k = s; k < b; k++) {
        if (it[k].kind == BK_LB_PENALTY)
            continue;
        nat += it[k].width;
        if (it[k].kind == BK_LB_GLUE) {
            if (isinf(it[k].stretch))
                *fil = 1;
            else
                y += it[k].stretch;
            z += it[k].shrink;
        } else { /* a box's own play (letter-spacing) */
            y += it[k].stretch;
            z += it[k].shrink;
        }
    }
    double d = lw - nat;
    *overfull = -d - z > 1e-6;
    if (*overfull)
        return z > 0 ? d / z : -BK_LB_INFINITY;
    if (d < 0)
        return z > 0 ? fmax(d / z, -1) : 0;
    if (d > 0 && !*fil)
        return y + es > 0 ? d / (y + es) : BK_LB_INFINITY;
    return 0;
}

static double width_of(const double *widths, size_t nw, size_t line)
{
    return widths[line < nw ? line : nw - 1];
}

/* Every item up to the last line's end is in exactly one line or is the
 * break item or glue/penalty discarded after a break; breaks are legal;
 * ratios, hyphen flags and the overfull count agree with the items. */
static void check_lines(const bk_lb_item *items, size_t n, const double *widths,
                        size_t nw, const bk_lb_line *ln, size_t nl,
                        const bk_lb_stats *st)
{
    bk_lb_item *it = malloc((n + 2) * sizeof(*it));
    assert_non_null(it);
    size_t m = finished(items, n, it);
    size_t nout = n;
    while (nout > 0 && items[nout - 1].kind == BK_LB_GLUE)
        nout--;
    size_t pos = 0, overfull = 0, hyph = 0;
    for (size_t i = 0; i < nl; i++) {
        /* items skipped since the previous line: only its break item and
         * discardable ones (none before the first line). */
        assert_true(ln[i].start >= pos);
        for (size_t k = pos; k < ln[i].start; k++) {
            if (i == 0)
                fail_msg("item %zu before the first line", k);
            assert_true(it[k].kind != BK_LB_BOX && !(k > ln[i - 1].end && forced(&it[k])));
        }
        assert_true(ln[i].end >= ln[i].start);
        /* the break item in the working list (the last line's may be the
         * appended finish) */
        size_t b = i + 1 == nl ? m - 1 : ln[i].end;
        if (i + 1 < nl)
            assert_true(legal(it, m, b));
        else
            assert_int_equal(ln[i].end, nout == m ? m - 1 : nout);
        int over, fil;
        double r = ratio_of(it, ln[i].start, b, width_of(widths, nw, i), 0, &over, &fil);
        assert_true(fabs(r - ln[i].ratio) < 1e-9);
        assert_int_equal(over, ln[i].ratio < -1);
        overfull += over;
        int h = it[b].kind == BK_LB_PENALTY && it[b].flagged;
        assert_int_equal(h, ln[i].hyphenated);
        hyph += h;
        assert_true(ln[i].fitness >= BK_LB_VERY_LOOSE && ln[i].fitness <= BK_LB_TIGHT);
        pos = ln[i].end;
    }
    if (st) {
        assert_int_equal(st->overfull, overfull);
        assert_int_equal(st->hyphenated, hyph);
    }
    free(it);
}

/* Breaks and checks; returns the status. */
static bk_status run(const para *p, const double *widths, size_t nw,
                     const bk_lb_params *prm, bk_lb_line **ln, size_t *nl,
                     bk_lb_stats *st)
{
    bk_ctx *ctx = bk_ctx_new();
    assert_non_null(ctx);
    bk_status s = bk_lb_break(ctx, p->it, p->n, widths, nw, prm, ln, nl, st);
    if (s == BK_OK)
        check_lines(p->it, p->n, widths, nw, *ln, *nl, st);
    else
        assert_non_null(bk_diag_error_message(ctx->diag));
    bk_ctx_free(ctx);
    return s;
}

static void assert_ends(const bk_lb_line *ln, size_t nl, const size_t *ends, size_t n)
{
    assert_int_equal(nl, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ln[i].end, ends[i]);
}

/* First-fit on the same model (greedy, like fill_lines in typeset.c, but
 * allowing shrink): each line takes breakpoints while it still fits at
 * full shrink. */
static double first_fit_max_ratio(const para *p, double lw, size_t *ends, size_t *nends)
{
    bk_lb_item *it = malloc((p->n + 2) * sizeof(*it));
    assert_non_null(it);
    size_t m = finished(p->it, p->n, it), s = 0, last = SIZE_MAX;
    double maxr = 0;
    *nends = 0;
    for (size_t b = 0; b < m; b++) {
        if (!legal(it, m, b))
            continue;
        int over, fil;
        ratio_of(it, s, b, lw, 0, &over, &fil);
        size_t brk = SIZE_MAX;
        if (over && last != SIZE_MAX)
            brk = last, b = last; /* resume after the previous breakpoint */
        else if (forced(&it[b]))
            brk = b;
        else
            last = b;
        if (brk == SIZE_MAX)
            continue;
        double r = ratio_of(it, s, brk, lw, 0, &over, &fil);
        if (!fil && fabs(r) > maxr)
            maxr = fabs(r);
        ends[(*nends)++] = brk;
        s = next_box_or_forced(it, m, brk + 1);
        last = SIZE_MAX;
    }
    free(it);
    return maxr;
}

/* ---- tests -------------------------------------------------------------- */

/* Width 50, words 9 9 10 10 3.5 | 7.5 8 8 8 | 12 (spaces 3 +1.5 -1).
 * First-fit packs 3.5 into line 1: natural 53.5, shrink 4, r = -0.875
 * (tight), leaving 7.5 8 8 8: natural 40.5, stretch 4.5, r = 2.11 (very
 * loose). Total-fit moves 3.5 down: line 1 natural 47, stretch 4.5,
 * r = 0.667; line 2 natural 47, stretch 6, r = 0.5. No other choice is
 * within tolerance 200 (3 words: r = 5.3; 6 words: overfull). Item
 * indices: word k is item 2k, the space after it 2k + 1. */
static const double EVEN[] = {9, 9, 10, 10, 3.5, 7.5, 8, 8, 8, 12};

static void total_fit_evens_out_first_fit(void **state)
{
    (void)state;
    para p = {0};
    words(&p, EVEN, 10);
    double w = 50;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    const size_t ends[] = {7, 17, 19};
    assert_ends(ln, nl, ends, 3);
    assert_int_equal(ln[0].start, 0);
    assert_int_equal(ln[1].start, 8);
    assert_int_equal(ln[2].start, 18);
    assert_float_equal(ln[0].ratio, 4.0 / 6.0, 1e-12);
    assert_float_equal(ln[1].ratio, 0.5, 1e-12);
    assert_float_equal(ln[2].ratio, 0, 0);
    assert_int_equal(ln[0].fitness, BK_LB_LOOSE);
    assert_int_equal(st.pass, 1);
    assert_int_equal(st.overfull, 0);
    assert_int_equal(st.beyond_tolerance, 0);
    assert_float_equal(st.max_ratio, 4.0 / 6.0, 1e-12);
    assert_float_equal(st.mean_ratio, (4.0 / 6.0 + 0.5) / 2, 1e-12); /* last line not counted */
    /* (10 + 100 r^3)^2 per line: 1570.5 + 506.25 + 100 */
    assert_float_equal(st.demerits, pow(10 + 100 * pow(4.0 / 6.0, 3), 2) + 22.5 * 22.5 + 100, 1e-6);

    size_t ff[8], nff;
    double ffmax = first_fit_max_ratio(&p, w, ff, &nff);
    assert_int_equal(nff, 3);
    assert_int_equal(ff[0], 9);
    assert_int_equal(ff[1], 17);
    assert_float_equal(ffmax, 9.5 / 4.5, 1e-12);
    assert_true(st.max_ratio < ffmax);
    free(ln);
    para_free(&p);
}

/* A forced break in the middle ends a line there, ragged (fil), and the
 * next line starts right after it. */
static void forced_break_in_middle(void **state)
{
    (void)state;
    para p = {0};
    const double a[] = {9, 9, 10, 10, 3.5}, b[] = {9, 9, 10, 10, 12};
    words(&p, a, 5);
    penalty(&p, 0, BK_LB_INFINITY, 0);
    glue(&p, 0, BK_LB_FIL, 0);
    size_t f = p.n;
    penalty(&p, 0, -BK_LB_INFINITY, 0);
    for (size_t i = 0; i < 5; i++) {
        if (i)
            space(&p);
        box(&p, b[i]);
    }
    double w = 50;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    size_t at = SIZE_MAX;
    for (size_t i = 0; i < nl; i++)
        if (ln[i].end == f)
            at = i;
    assert_true(at != SIZE_MAX && at + 1 < nl);
    assert_float_equal(ln[at].ratio, 0, 0);
    assert_int_equal(ln[at + 1].start, f + 1);
    /* 9 9 10 10 / 3.5 (fil) / 9 9 10 10 / 12 */
    const size_t ends[] = {7, 11, 19, 21};
    assert_ends(ln, nl, ends, 4);
    assert_int_equal(st.pass, 1);
    free(ln);
    para_free(&p);

    /* glue + forced break + glue at the very end: no empty line */
    para q = {0};
    box(&q, 10);
    glue(&q, 0, BK_LB_FIL, 0);
    penalty(&q, 0, -BK_LB_INFINITY, 0);
    assert_int_equal(run(&q, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 1);
    assert_int_equal(ln[0].end, 2);
    free(ln);
    para_free(&q);
}

/* Chinese-like text: 80 characters of 10pt with glue(0, +1, -0.5) between.
 * Width 100 fits 10 exactly, but a break is forbidden (penalty +inf before
 * the glue, as for a closing mark) after every 10th, so lines take 9 or 11
 * characters; no line may end at a forbidden place. */
static void forbidden_breaks_never_chosen(void **state)
{
    (void)state;
    para p = {0};
    for (int i = 0; i < 80; i++) {
        if (i) {
            if (i % 10 == 0)
                penalty(&p, 0, BK_LB_INFINITY, 0);
            glue(&p, 0, 1, 0.5);
        }
        box(&p, 10);
    }
    double w = 100;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    for (size_t i = 0; i + 1 < nl; i++) {
        assert_int_equal(p.it[ln[i].end].kind, BK_LB_GLUE);
        assert_int_equal(p.it[ln[i].end - 1].kind, BK_LB_BOX);
    }
    assert_int_equal(st.pass, 1);
    assert_int_equal(st.overfull, 0);
    free(ln);
    para_free(&p);

    /* nowhere to break at all: one overfull line, not a break at +inf */
    para q = {0};
    for (int i = 0; i < 8; i++) {
        if (i)
            penalty(&q, 0, BK_LB_INFINITY, 0);
        box(&q, 10);
    }
    w = 50;
    assert_int_equal(run(&q, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 1);
    assert_int_equal(st.overfull, 1);
    assert_int_equal(st.pass, 3);
    free(ln);
    para_free(&q);
}

/* Width 32: 4-5 9 5-6 3 6 5-5 4-4 6-5 ("a-b" has a hyphenation point).
 * Items: 0 box 1 hyphen 2 box 3 space 4 box 5 space 6 box 7 hyphen 8 box
 * 9 space 10 box 11 space 12 box 13 space 14 box 15 hyphen 16 box ...
 * Line 1 ends at the hyphen 7 either way (natural 30, r = 0.667). Then
 * line 2 to the hyphen 15 (natural 30, stretch 4.5, r = 0.444) costs
 * 18.78^2 + 50^2 = 2853 and keeps the last line short; to the space 17
 * (natural 34, shrink 3, r = -0.667, tight) costs 39.63^2 = 1570 but the
 * loose->tight jump adds 10000. Without flagged demerits the two hyphens
 * win (7023 against 15741); with the default 10000 they cost 17023. */
static void para_flagged(para *p)
{
    word2(p, 4, 5);
    const double w1[] = {9};
    words(p, w1, 1);
    word2(p, 5, 6);
    const double w2[] = {3, 6};
    words(p, w2, 2);
    word2(p, 5, 5);
    word2(p, 4, 4);
    word2(p, 6, 5);
}

static void flagged_demerits_avoid_consecutive_hyphens(void **state)
{
    (void)state;
    para p = {0};
    para_flagged(&p);
    double w = 32;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    const size_t with[] = {7, 17, 25};
    assert_ends(ln, nl, with, 3);
    assert_true(ln[0].hyphenated && !ln[1].hyphenated);
    assert_int_equal(st.hyphenated, 1);
    assert_int_equal(st.max_hyphen_run, 1);
    assert_float_equal(st.demerits, 15741.015089163237, 1e-6);
    free(ln);

    prm.flagged_demerits = 0;
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    const size_t without[] = {7, 15, 25};
    assert_ends(ln, nl, without, 3);
    assert_int_equal(st.max_hyphen_run, 2);
    assert_float_equal(st.demerits, 7023.164001272013, 1e-6);
    free(ln);

    /* at most one hyphenated line in a row: back to the space */
    prm.max_consecutive_hyphens = 1;
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_ends(ln, nl, with, 3);
    free(ln);
    para_free(&p);
}

/* Width 30: 4-6 4-5 4-6 8 7-5 7-5 4-4 6-5, no flagged demerits, so only
 * the limit stands between the optimum and three hyphens in a row: the
 * breaks 9, 15 and 23 are all hyphens (10841 demerits); with at most two
 * in a row the third line ends at the space 25 instead (17277). */
static void max_consecutive_hyphens_respected(void **state)
{
    (void)state;
    para p = {0};
    word2(&p, 4, 6);
    word2(&p, 4, 5);
    word2(&p, 4, 6);
    const double w8[] = {8};
    words(&p, w8, 1);
    word2(&p, 7, 5);
    word2(&p, 7, 5);
    word2(&p, 4, 4);
    word2(&p, 6, 5);
    double w = 30;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    prm.flagged_demerits = 0;
    prm.max_consecutive_hyphens = 0; /* no limit */
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    const size_t three[] = {9, 15, 23, 29};
    assert_ends(ln, nl, three, 4);
    assert_int_equal(st.max_hyphen_run, 3);
    assert_float_equal(st.demerits, 10841.015089163237, 1e-6);
    free(ln);

    prm.max_consecutive_hyphens = 2;
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    const size_t two[] = {9, 15, 25, 29};
    assert_ends(ln, nl, two, 4);
    assert_int_equal(st.max_hyphen_run, 2);
    assert_int_equal(st.hyphenated, 2);
    assert_float_equal(st.demerits, 17276.75754458162, 1e-6);
    free(ln);
    para_free(&p);
}

/* Deterministic pseudo-random numbers (no global state). */
static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static void random_words(para *p, size_t nwords, unsigned seed, int hyphens)
{
    unsigned s = seed;
    for (size_t i = 0; i < nwords; i++) {
        double a = 3 + lcg(&s) % 8;
        if (hyphens && lcg(&s) % 3 == 0)
            word2(p, a, 3 + lcg(&s) % 6);
        else
            words(p, &a, 1);
    }
}

/* 60 words of 3..10pt: at width 80 the best breaks give 7 lines, and one
 * more is feasible within tolerance; one fewer is not, so looseness -1
 * keeps 7. At width 70 another paragraph takes 9 lines and can take 8. */
static void looseness_changes_line_count(void **state)
{
    (void)state;
    para p = {0};
    random_words(&p, 60, 4, 0);
    double w = 80;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 1);
    assert_int_equal(nl, 7);
    double d0 = st.demerits;
    free(ln);

    prm.looseness = 1;
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 1);
    assert_int_equal(nl, 8);
    assert_true(st.demerits > d0);
    free(ln);

    prm.looseness = -1;
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 1);
    assert_int_equal(nl, 7);
    free(ln);
    para_free(&p);

    random_words(&p, 60, 1, 0);
    w = 70;
    prm.looseness = 0;
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 9);
    free(ln);
    prm.looseness = -1;
    assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 1);
    assert_int_equal(nl, 8);
    free(ln);
    para_free(&p);
}

/* looseness_within: a looseness that pass 1 meets is answered as without
 * it, line for line; one that only the emergency pass (or none) meets is
 * answered without lines (unmet), and no such answer has a line within
 * the tolerance only: TeX's pass 2 answer it stands for has a line beyond
 * it (so the page search, refusing loose lines, loses nothing). */
static void looseness_within_keeps_pass_one_answers(void **state)
{
    (void)state;
    int same = 0, unmet = 0;
    for (unsigned seed = 1; seed <= 120; seed++) {
        para p = {0};
        random_words(&p, 20 + seed % 40, seed, seed % 2);
        double w = 50 + seed % 40;
        bk_lb_params prm;
        bk_lb_params_default(&prm);
        prm.tolerance = seed % 3 ? 1000 : 200;
        prm.emergency_stretch = 12;
        prm.looseness = seed % 2 ? 1 : -1;
        bk_lb_line *l0, *l1;
        size_t n0, n1, want;
        bk_lb_stats s0, s1;
        assert_int_equal(run(&p, &w, 1, &prm, &l0, &n0, &s0), BK_OK);
        prm.looseness = 0;
        bk_lb_line *lb;
        bk_lb_stats sb;
        assert_int_equal(run(&p, &w, 1, &prm, &lb, &want, &sb), BK_OK);
        free(lb);
        want = (size_t)((long)want + (seed % 2 ? 1 : -1));
        prm.looseness = seed % 2 ? 1 : -1;
        prm.looseness_within = 1;
        assert_int_equal(run(&p, &w, 1, &prm, &l1, &n1, &s1), BK_OK);
        assert_int_equal(s0.unmet, 0);
        if (s0.pass == 1 && n0 == want && sb.pass == 1) {
            /* met in pass 1: the same answer */
            assert_int_equal(s1.unmet, 0);
            assert_int_equal(n1, n0);
            for (size_t i = 0; i < n0; i++) {
                assert_int_equal(l1[i].end, l0[i].end);
                assert_true(l1[i].ratio == l0[i].ratio);
            }
            assert_true(s1.demerits == s0.demerits);
            same++;
        } else if (sb.pass == 1) {
            /* TeX's answer needed pass 2, or missed the count */
            assert_int_equal(s1.unmet, 1);
            assert_int_equal(n1, 0);
            assert_null(l1);
            assert_true(s0.pass >= 2 || n0 != want);
            if (n0 == want)
                assert_true(s0.beyond_tolerance > 0);
            unmet++;
        }
        free(l0);
        free(l1);
        para_free(&p);
    }
    assert_true(same > 10);
    assert_true(unmet > 10);
}

/* A box wider than the line among normal words: pass 3 sets it on a line
 * of its own, overfull, and the rest normally. */
static void overlong_box_is_one_overfull_line(void **state)
{
    (void)state;
    para p = {0};
    const double a[] = {9, 9, 10, 10, 3.5, 7.5, 8, 8, 8, 12};
    words(&p, a, 5);
    space(&p);
    size_t big = p.n;
    box(&p, 100);
    space(&p);
    words(&p, a + 5, 5);
    double w = 50;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 3);
    assert_int_equal(st.overfull, 1);
    size_t i = 0;
    while (i < nl && ln[i].ratio >= -1)
        i++;
    assert_true(i < nl);
    assert_int_equal(ln[i].start, big);
    assert_int_equal(ln[i].end, big + 1);
    assert_float_equal(ln[i].ratio, -BK_LB_INFINITY, 0); /* nothing to shrink */
    assert_int_equal(ln[i].fitness, BK_LB_TIGHT);
    free(ln);
    para_free(&p);

    /* the box alone */
    para q = {0};
    box(&q, 100);
    assert_int_equal(run(&q, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 1);
    assert_int_equal(st.overfull, 1);
    assert_float_equal(st.max_ratio, 0, 0); /* overfull lines are counted apart */
    free(ln);
    para_free(&q);
}

/* Pass 1 fails when a no-break space glues 10 and 3.5 of EVEN (line 1 can
 * only be 3 words, r = 5.3, or 5 words, then line 2 has r = 2.11).
 * Emergency stretch makes it feasible; lines are still reported with
 * their own glue, so the loose one counts as beyond tolerance. */
static void emergency_stretch_is_pass_two(void **state)
{
    (void)state;
    para p = {0};
    words(&p, EVEN, 10);
    /* turn space 7 into a no-break space: penalty(inf) + glue */
    para q = {0};
    for (size_t k = 0; k < p.n; k++) {
        if (k == 7)
            penalty(&q, 0, BK_LB_INFINITY, 0);
        push(&q, p.it[k]);
    }
    double w = 50;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    assert_int_equal(run(&q, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 3);
    free(ln);
    prm.emergency_stretch = 10;
    assert_int_equal(run(&q, &w, 1, &prm, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 2);
    assert_int_equal(st.overfull, 0);
    assert_true(st.beyond_tolerance >= 1);
    assert_true(st.max_ratio > 1.26);
    free(ln);
    para_free(&p);
    para_free(&q);
}

/* The first line is narrower (an indent); later lines use the last width. */
static void first_line_width_and_same_widths(void **state)
{
    (void)state;
    para p = {0};
    random_words(&p, 200, 7, 1);
    const double ws[] = {40, 60};
    bk_lb_line *ln, *ln2;
    size_t nl, nl2;
    bk_lb_stats st, st2;
    assert_int_equal(run(&p, ws, 2, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.pass, 1);
    assert_true(nl > 10);
    free(ln);
    /* same widths given as one or as many entries: same breaks */
    const double same[] = {60, 60, 60};
    assert_int_equal(run(&p, same, 3, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(run(&p, same, 1, NULL, &ln2, &nl2, &st2), BK_OK);
    assert_int_equal(nl, nl2);
    for (size_t i = 0; i < nl; i++)
        assert_int_equal(ln[i].end, ln2[i].end);
    assert_float_equal(st.demerits, st2.demerits, 1e-6);
    free(ln);
    free(ln2);
    para_free(&p);
}

static void degenerate_input(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_lb_line dummy, *ln = &dummy; /* must come back NULL */
    size_t nl = 99;
    bk_lb_stats st;
    double w = 50;
    /* empty paragraph: no lines */
    assert_int_equal(bk_lb_break(ctx, NULL, 0, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_null(ln);
    assert_int_equal(nl, 0);
    assert_int_equal(st.pass, 0);
    /* only glue: nothing to set either */
    para g = {0};
    space(&g);
    space(&g);
    assert_int_equal(bk_lb_break(ctx, g.it, g.n, &w, 1, NULL, &ln, &nl, NULL), BK_OK);
    assert_int_equal(nl, 0);
    para_free(&g);

    /* a line of width 0 is an input error with a clear message */
    para p = {0};
    words(&p, EVEN, 3);
    const double zero[] = {50, 0};
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, zero, 2, NULL, &ln, &nl, &st), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "width of line 2"));
    assert_null(ln);
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, zero, 0, NULL, &ln, &nl, &st), BK_EINPUT);
    bk_diag_clear(ctx->diag);
    /* malformed items are a bug of the caller */
    p.it[1].shrink = -1;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "item 1"));
    bk_diag_clear(ctx->diag);
    p.it[1].shrink = 1;
    p.it[0].shrink = -1; /* a box's play too */
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    bk_diag_clear(ctx->diag);
    p.it[0].shrink = 0;
    p.it[0].stretch = INFINITY; /* fil belongs to glue */
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    bk_diag_clear(ctx->diag);
    p.it[0].stretch = 0;
    /* items are checked as they are read, trailing glue (dropped) too,
     * and the first malformed one is named */
    p.it[2].penalty = NAN;
    p.it[2].kind = BK_LB_PENALTY;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "item 2: penalty"));
    bk_diag_clear(ctx->diag);
    p.it[2].kind = BK_LB_BOX;
    p.it[2].penalty = 0;
    p.it[2].width = INFINITY;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "item 2: width"));
    bk_diag_clear(ctx->diag);
    space(&p);
    p.it[p.n - 1].shrink = NAN; /* trailing glue, and an earlier item */
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "item 2: width"));
    bk_diag_clear(ctx->diag);
    p.it[2].width = 9;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    char at[32];
    snprintf(at, sizeof at, "item %zu: glue", p.n - 1);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), at));
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_lb_break(ctx, p.it + p.n - 1, 1, &w, 1, NULL, &ln, &nl, &st),
                     BK_EINTERNAL); /* glue alone */
    bk_diag_clear(ctx->diag);
    p.n--;
    p.it[p.n - 1].kind = (bk_lb_kind)7;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_EINTERNAL);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "unknown kind"));
    bk_diag_clear(ctx->diag);
    p.it[p.n - 1].kind = BK_LB_BOX;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    free(ln);
    /* widths that are finite but whose sum is not are no error */
    para huge = {0};
    box(&huge, 1e308);
    space(&huge);
    box(&huge, 1e308);
    assert_int_equal(bk_lb_break(ctx, huge.it, huge.n, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_true(nl >= 1); /* (and broken: not taken for an error) */
    free(ln);
    para_free(&huge);
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    prm.tolerance = NAN;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, &w, 1, &prm, &ln, &nl, &st), BK_EINPUT);
    bk_diag_clear(ctx->diag);

    /* trailing glue is dropped; a caller's own final forced break keeps
     * the last line justified */
    space(&p);
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 1);
    assert_int_equal(ln[0].end, 5);
    assert_float_equal(ln[0].ratio, 0, 0);
    free(ln);
    p.n--;
    penalty(&p, 0, -BK_LB_INFINITY, 0);
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 1);
    assert_int_equal(ln[0].end, 5);
    assert_float_equal(ln[0].ratio, (50 - 34.0) / 3, 1e-12); /* stretched */
    assert_int_equal(st.pass, 3); /* r = 5.3: only the final pass takes it */
    free(ln);
    para_free(&p);
    bk_ctx_free(ctx);
}

/* 20 000 items of several kinds: returns, lines cover everything. */
static void long_paragraphs(void **state)
{
    (void)state;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    double w = 300;
    para p = {0};
    random_words(&p, 8000, 1, 1);
    assert_true(p.n >= 20000);
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_true(nl > 100);
    assert_int_equal(st.overfull, 0);
    free(ln);
    para_free(&p);

    /* Chinese-like: every gap a break opportunity */
    para c = {0};
    for (int i = 0; i < 10000; i++) {
        if (i)
            glue(&c, 0, 1, 0.5);
        box(&c, 10);
    }
    w = 295;
    assert_int_equal(run(&c, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(st.overfull, 0);
    free(ln);
    para_free(&c);

    /* degenerate: zero-width boxes never make a line overfull, so nothing
     * is ever deactivated; the active list bound keeps this linear */
    para z = {0};
    for (int i = 0; i < 10000; i++) {
        if (i)
            glue(&z, 0, 1, 0);
        box(&z, 0);
    }
    assert_int_equal(run(&z, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    free(ln);
    para_free(&z);
}

/* ---- brute force --------------------------------------------------------- */

typedef struct oracle {
    const bk_lb_item *it;
    size_t m;
    const double *widths;
    size_t nw;
    const bk_lb_params *p;
    double best;
    double by_lines[64]; /* least demerits per line count */
} oracle;

static double bad_of(double r)
{
    if (r >= BK_LB_INFINITY)
        return 1e8;
    return fmin(100 * fabs(r) * fabs(r) * fabs(r), 1e8);
}

static int fit_of(double r, double b)
{
    if (r > 0)
        return b > 99 ? 0 : b > 12 ? 1 : 2;
    return r < 0 && b > 12 ? 3 : 2;
}

/* Every break sequence from a break with line `line` ended, whose next line
 * starts at `start`. */
static void explore(oracle *o, size_t after, size_t start, size_t line,
                    int fit, int run, double total)
{
    for (size_t b = after; b < o->m; b++) {
        if (!legal(o->it, o->m, b) || b < start)
            continue;
        int over, fil;
        double r = ratio_of(o->it, start, b, width_of(o->widths, o->nw, line),
                            0, &over, &fil);
        if (over)
            return; /* longer lines only get worse */
        const bk_lb_item *e = &o->it[b];
        double bd = bad_of(r);
        int fl = e->kind == BK_LB_PENALTY && e->flagged;
        int nrun = fl ? run + 1 : 0;
        if (bd <= o->p->tolerance &&
            !(o->p->max_consecutive_hyphens > 0 && nrun > o->p->max_consecutive_hyphens)) {
            int f = fit_of(r, bd);
            double d = (o->p->line_penalty + bd) * (o->p->line_penalty + bd);
            double pen = e->kind == BK_LB_PENALTY ? e->penalty : 0;
            if (pen > 0)
                d += pen * pen;
            else if (pen < 0 && !forced(e))
                d -= pen * pen;
            if (fl && run > 0)
                d += o->p->flagged_demerits;
            if (abs(f - fit) > 1)
                d += o->p->fitness_demerits;
            if (b == o->m - 1) {
                if (total + d < o->best)
                    o->best = total + d;
                if (line + 1 < 64 && total + d < o->by_lines[line + 1])
                    o->by_lines[line + 1] = total + d;
            } else {
                explore(o, b + 1, next_box_or_forced(o->it, o->m, b + 1),
                        line + 1, f, nrun, total + d);
            }
        }
        if (forced(e))
            return;
    }
}

/* Random small paragraphs with hyphens, no-break spaces, penalties, forced
 * breaks and two line widths: pass 1 finds the least total demerits of
 * all break sequences, or fails exactly when no sequence is feasible; with
 * looseness +/-1 it finds the cheapest breaks with the line count TeX's
 * rule asks for (the feasible count nearest to best + looseness on that
 * side). */
static void optimal_against_brute_force(void **state)
{
    (void)state;
    unsigned s = 2024;
    int compared = 0;
    for (int t = 0; t < 400; t++) {
        para p = {0};
        size_t nwords = 5 + lcg(&s) % 8;
        for (size_t i = 0; i < nwords; i++) {
            unsigned k = lcg(&s) % 12;
            if (p.n) {
                if (k == 0)
                    penalty(&p, 0, BK_LB_INFINITY, 0); /* no-break space */
                if (k == 1) {
                    penalty(&p, 0, BK_LB_INFINITY, 0);
                    glue(&p, 0, BK_LB_FIL, 0);
                    penalty(&p, 0, -BK_LB_INFINITY, 0);
                } else if (k == 2) {
                    penalty(&p, 0, -100 + (double)(lcg(&s) % 300), 0);
                    glue(&p, 2 + lcg(&s) % 3, 1 + lcg(&s) % 2, 0.5);
                } else {
                    space(&p);
                }
            }
            box(&p, 3 + lcg(&s) % 7);
            if (lcg(&s) % 2) /* letter-spacing play of its own (exact in binary) */
                p.it[p.n - 1].stretch = p.it[p.n - 1].shrink = p.it[p.n - 1].width / 8;
            if (lcg(&s) % 3 == 0) {
                hyphen(&p);
                box(&p, 3 + lcg(&s) % 5);
            }
        }
        double ws[2] = {25 + lcg(&s) % 15, 25 + lcg(&s) % 15};
        size_t nw = 1 + lcg(&s) % 2;
        bk_lb_params prm;
        bk_lb_params_default(&prm);
        const double tols[] = {100, 200, 500, 2000};
        prm.tolerance = tols[lcg(&s) % 4];
        prm.flagged_demerits = lcg(&s) % 2 ? 10000 : 0;
        prm.max_consecutive_hyphens = (int)(lcg(&s) % 3);

        bk_lb_line *ln;
        size_t nl;
        bk_lb_stats st;
        assert_int_equal(run(&p, ws, nw, &prm, &ln, &nl, &st), BK_OK);

        bk_lb_item *it = malloc((p.n + 2) * sizeof(*it));
        assert_non_null(it);
        oracle o = {.it = it, .m = finished(p.it, p.n, it), .widths = ws,
                    .nw = nw, .p = &prm, .best = INFINITY};
        for (size_t k = 0; k < 64; k++)
            o.by_lines[k] = INFINITY;
        explore(&o, 0, 0, 0, BK_LB_DECENT, 0, 0);
        free(ln);
        if (isinf(o.best)) {
            assert_int_not_equal(st.pass, 1);
        } else {
            assert_int_equal(st.pass, 1);
            assert_true(fabs(st.demerits - o.best) <= 1e-9 * fmax(1, o.best));
            compared++;
            assert_true(nl < 64 && o.by_lines[nl] == o.best);
            for (int loose = -1; loose <= 1; loose += 2) {
                size_t want = nl;
                for (size_t c = nl; c > 0 && c < 64 && (long)c - (long)nl != loose;) {
                    c = loose > 0 ? c + 1 : c - 1;
                    if (c < 64 && !isinf(o.by_lines[c]))
                        want = c;
                }
                prm.looseness = loose;
                bk_lb_line *l2;
                size_t n2;
                bk_lb_stats s2;
                assert_int_equal(run(&p, ws, nw, &prm, &l2, &n2, &s2), BK_OK);
                assert_int_equal(s2.pass, 1);
                assert_int_equal(n2, want);
                assert_true(fabs(s2.demerits - o.by_lines[want]) <= 1e-9 * fmax(1, o.by_lines[want]));
                free(l2);
            }
        }
        free(it);
        para_free(&p);
    }
    assert_true(compared > 100);
}

/* Random item soup (negative and zero widths, fil glue anywhere, forced
 * breaks in a row, huge penalties, overlong boxes) with random parameters:
 * always BK_OK, and the lines pass check_lines. */
static void random_input_never_fails(void **state)
{
    (void)state;
    unsigned s = 77;
    const double pens[] = {-BK_LB_INFINITY, BK_LB_INFINITY, 0, 50, -50, 9999,
                           -9999, 2 * BK_LB_INFINITY, -2 * BK_LB_INFINITY};
    const double tols[] = {0, 50, 200, BK_LB_INFINITY};
    for (int t = 0; t < 3000; t++) {
        para p = {0};
        size_t n = lcg(&s) % 60;
        for (size_t i = 0; i < n; i++) {
            unsigned k = lcg(&s) % 10;
            if (k < 5)
                box(&p, k == 0 ? 200 : (double)(lcg(&s) % 23) - 2);
            else if (k < 8)
                glue(&p, lcg(&s) % 6, lcg(&s) % 9 == 0 ? BK_LB_FIL : (double)(lcg(&s) % 4),
                     lcg(&s) % 3);
            else
                penalty(&p, lcg(&s) % 3, pens[lcg(&s) % 9], (int)(lcg(&s) % 2));
        }
        double ws[3];
        size_t nw = 1 + lcg(&s) % 3;
        for (size_t i = 0; i < nw; i++)
            ws[i] = 5 + lcg(&s) % 96;
        bk_lb_params prm;
        bk_lb_params_default(&prm);
        prm.tolerance = tols[lcg(&s) % 4];
        prm.emergency_stretch = lcg(&s) % 2 ? 5 : 0;
        prm.looseness = (int)(lcg(&s) % 5) - 2;
        prm.max_consecutive_hyphens = (int)(lcg(&s) % 4);
        bk_lb_line *ln;
        size_t nl;
        bk_lb_stats st;
        assert_int_equal(run(&p, ws, nw, &prm, &ln, &nl, &st), BK_OK);
        assert_true(nl == 0 ? st.pass == 0 : st.pass >= 1 && st.pass <= 3);
        free(ln);
        para_free(&p);
    }
}


/* TeX's \pretolerance: a first pass that never breaks at a hyphenation
 * point (flagged BK_LB_HYPHENATION; an explicit hyphen, flagged 1, stays a
 * breakpoint) and is kept when every line is within the pretolerance; when
 * it fails, the breaks are exactly those of the normal passes. */
static void pretolerance_pass_sets_without_hyphenation(void **state)
{
    (void)state;
    int kept = 0, fell_back = 0;
    for (unsigned seed = 1; seed <= 40; seed++) {
        para p = {0};
        random_words(&p, 40, seed, 1);
        for (size_t k = 0; k < p.n; k++)
            if (p.it[k].kind == BK_LB_PENALTY && p.it[k].flagged)
                p.it[k].flagged = seed % 4 ? BK_LB_HYPHENATION : 1;
        double w = 60 + seed % 20;
        bk_lb_params prm;
        bk_lb_params_default(&prm);
        bk_lb_line *ln0, *ln;
        size_t nl0, nl;
        bk_lb_stats st0, st;
        assert_int_equal(run(&p, &w, 1, &prm, &ln0, &nl0, &st0), BK_OK);
        assert_int_equal(st0.pretolerance, 0);
        prm.pretolerance = 100;
        assert_int_equal(run(&p, &w, 1, &prm, &ln, &nl, &st), BK_OK);
        if (st.pretolerance) {
            kept++;
            assert_int_equal(st.pass, 1);
            for (size_t i = 0; i < nl; i++) {
                const bk_lb_item *e = &p.it[ln[i].end < p.n ? ln[i].end : 0];
                assert_false(ln[i].end < p.n && e->kind == BK_LB_PENALTY &&
                             e->flagged == BK_LB_HYPHENATION);
                assert_true(ln[i].ratio <= 1 + 1e-9 && ln[i].ratio >= -1);
            }
        } else {
            fell_back++;
            assert_int_equal(nl, nl0);
            for (size_t i = 0; i < nl; i++)
                assert_int_equal(ln[i].end, ln0[i].end);
        }
        free(ln0);
        free(ln);
        para_free(&p);
    }
    assert_true(kept > 0);
    assert_true(fell_back > 0);
}

/* A box's own play (letter-spacing) counts in its line's stretch and
 * shrink, and stays with the box at a line start, where glue before it
 * would be discarded: line 2 below fits only with the play of its first
 * word. Line 1: box 10 alone (the glue after it is the break). Line 2:
 * boxes 6 and 4.5 and glue 1, natural 11.5 on a measure of 10: the glue
 * shrinks 1, the first box 0.5: ratio -1 exactly. */
static void box_play_counts_at_line_start(void **state)
{
    (void)state;
    para p = {0};
    box(&p, 10);
    glue(&p, 1, 0, 0);
    box(&p, 6);
    p.it[p.n - 1].stretch = p.it[p.n - 1].shrink = 0.5;
    glue(&p, 1, 0, 1);
    box(&p, 4.5);
    penalty(&p, 0, -BK_LB_INFINITY, 0); /* a justified last line */
    double w = 10;
    bk_lb_line *ln;
    size_t nl;
    bk_lb_stats st;
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 2);
    assert_int_equal(ln[1].start, 2); /* the box with the play */
    assert_float_equal(ln[1].ratio, -1, 1e-9);
    assert_int_equal(st.overfull, 0);
    free(ln);
    /* without the play the two words no longer fit on one line */
    p.it[2].stretch = p.it[2].shrink = 0;
    assert_int_equal(run(&p, &w, 1, NULL, &ln, &nl, &st), BK_OK);
    assert_int_equal(nl, 3);
    free(ln);
    para_free(&p);
}

/* The fitness-class rule (TeX's \adjdemerits): a tight line never sits
 * next to a loose or very loose one when another choice exists. Words
 * 6 3 4 3 4 5 3 4 5 on 22pt: by badness alone, a very loose line (r = 1)
 * comes before a tight one (r = -0.67); with the rule the paragraph is set
 * as two tight lines. */
static void fitness_rule_keeps_tight_from_loose(void **state)
{
    (void)state;
    static const double w[] = {6, 3, 4, 3, 4, 5, 3, 4, 5};
    para p = {0};
    words(&p, w, 9);
    double lw = 22;
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    prm.tolerance = 10000;
    for (int rule = 0; rule <= 1; rule++) {
        prm.fitness_demerits = rule ? 10000 : 0;
        bk_lb_line *ln;
        size_t nl;
        assert_int_equal(run(&p, &lw, 1, &prm, &ln, &nl, NULL), BK_OK);
        int clash = 0;
        for (size_t i = 1; i < nl; i++) {
            int a = ln[i - 1].fitness, b = ln[i].fitness;
            clash |= (a == BK_LB_TIGHT && b <= BK_LB_LOOSE) ||
                     (b == BK_LB_TIGHT && a <= BK_LB_LOOSE);
        }
        assert_int_equal(clash, !rule);
        free(ln);
    }
    para_free(&p);
}

/* ---- letter-spacing levels (box_levels) ------------------------------------ */

/* The glue's ratio of items [s, b) on a line of width lw when the boxes'
 * play is taken at level q of n (linebreak.h, box_levels); 0 when the glue
 * would shrink beyond its shrink. */
static int level_ratio(const bk_lb_item *it, size_t s, size_t b, double lw, int q,
                       int n, double *r)
{
    double nat = it[b].kind == BK_LB_PENALTY ? it[b].width : 0;
    double gy = 0, gz = 0, by = 0, bz = 0;
    int fil = 0;
    for (size_t k = s; k < b; k++) {
        if (it[k].kind == BK_LB_PENALTY)
            continue;
        nat += it[k].width;
        if (it[k].kind == BK_LB_BOX) {
            by += it[k].stretch;
            bz += it[k].shrink;
        } else if (isinf(it[k].stretch)) {
            fil = 1;
        } else {
            gy += it[k].stretch;
            gz += it[k].shrink;
        }
    }
    double d = lw - nat - (q > 0 ? by : bz) * q / n;
    *r = 0;
    if (d < 0) {
        if (-d > gz + 1e-6)
            return 0;
        *r = gz > 0 ? fmax(d / gz, -1) : 0;
    } else if (d > 0 && !fil && s < b) {
        *r = gy > 0 ? d / gy : BK_LB_INFINITY;
    }
    return 1;
}

/* Every break and level sequence from a break with line `line` ended at
 * level `lev` (n + 1: the paragraph start, any level may follow). */
static void explore_levels(oracle *o, size_t after, size_t start, size_t line,
                           int lev, int run, double total)
{
    int n = o->p->box_levels, jump = n / 2 > 0 ? n / 2 : 1;
    for (size_t b = after; b < o->m; b++) {
        if (!legal(o->it, o->m, b) || b < start)
            continue;
        int over, fil;
        double lw = width_of(o->widths, o->nw, line);
        double r = ratio_of(o->it, start, b, lw, 0, &over, &fil);
        if (over)
            return;
        const bk_lb_item *e = &o->it[b];
        int fl = e->kind == BK_LB_PENALTY && e->flagged;
        int nrun = fl ? run + 1 : 0;
        if (bad_of(r) <= o->p->tolerance &&
            !(o->p->max_consecutive_hyphens > 0 && nrun > o->p->max_consecutive_hyphens)) {
            double base = o->p->line_penalty * o->p->line_penalty;
            double pen = e->kind == BK_LB_PENALTY ? e->penalty : 0;
            if (pen > 0)
                base += pen * pen;
            else if (pen < 0 && !forced(e))
                base -= pen * pen;
            if (fl && run > 0)
                base += o->p->flagged_demerits;
            for (int q = -n; q <= n; q++) {
                double g;
                if ((lev <= n && abs(q - lev) > jump) ||
                    !level_ratio(o->it, start, b, lw, q, n, &g))
                    continue;
                double d = base + (g >= BK_LB_INFINITY ? 1e16 : 12100 * g * g);
                if (b == o->m - 1) {
                    if (total + d < o->best)
                        o->best = total + d;
                } else {
                    explore_levels(o, b + 1, next_box_or_forced(o->it, o->m, b + 1),
                                   line + 1, q, nrun, total + d);
                }
            }
        }
        if (forced(e))
            return;
    }
}

/* With box_levels, random small paragraphs whose boxes carry
 * letter-spacing play: pass 1 finds the least demerits over all break and
 * level sequences (neighbours at most n / 2 levels apart, glue never
 * shrunk beyond its shrink, costed by the glue's squared ratio), or fails
 * exactly when there is none; the levels it reports keep those rules. */
static void levels_optimal_against_brute_force(void **state)
{
    (void)state;
    unsigned s = 4242;
    int compared = 0, failed = 0;
    for (int t = 0; t < 400; t++) {
        para p = {0};
        size_t nwords = 5 + lcg(&s) % 8;
        for (size_t i = 0; i < nwords; i++) {
            if (p.n) {
                if (lcg(&s) % 10 == 0)
                    penalty(&p, 0, -BK_LB_INFINITY, 0); /* a justified line end */
                else
                    space(&p);
            }
            box(&p, 3 + lcg(&s) % 7);
            p.it[p.n - 1].stretch = p.it[p.n - 1].shrink = p.it[p.n - 1].width / 8;
            if (lcg(&s) % 4 == 0) {
                hyphen(&p);
                box(&p, 3 + lcg(&s) % 5);
            }
        }
        double ws[2] = {25 + lcg(&s) % 15, 25 + lcg(&s) % 15};
        size_t nw = 1 + lcg(&s) % 2;
        bk_lb_params prm;
        bk_lb_params_default(&prm);
        const double tols[] = {100, 200, 1000, 5000};
        prm.tolerance = tols[lcg(&s) % 4];
        prm.box_levels = 1 + (int)(lcg(&s) % 4);
        prm.max_consecutive_hyphens = (int)(lcg(&s) % 3);

        bk_lb_line *ln;
        size_t nl;
        bk_lb_stats st;
        assert_int_equal(run(&p, ws, nw, &prm, &ln, &nl, &st), BK_OK);
        bk_lb_item *it = malloc((p.n + 2) * sizeof(*it));
        assert_non_null(it);
        oracle o = {.it = it, .m = finished(p.it, p.n, it), .widths = ws,
                    .nw = nw, .p = &prm, .best = INFINITY};
        explore_levels(&o, 0, 0, 0, prm.box_levels + 1, 0, 0);
        if (isinf(o.best)) {
            assert_int_not_equal(st.pass, 1);
            failed++;
        } else {
            assert_int_equal(st.pass, 1);
            assert_true(fabs(st.demerits - o.best) <= 1e-9 * fmax(1, o.best));
            int n = prm.box_levels, jump = n / 2 > 0 ? n / 2 : 1;
            for (size_t i = 0; i < nl; i++) {
                double g;
                assert_true(abs(ln[i].level) <= n);
                assert_true(i == 0 || abs(ln[i].level - ln[i - 1].level) <= jump);
                size_t b = ln[i].end < p.n ? ln[i].end : o.m - 1;
                assert_true(level_ratio(it, ln[i].start, b, width_of(ws, nw, i),
                                        ln[i].level, n, &g));
            }
            compared++;
        }
        free(ln);
        free(it);
        para_free(&p);
    }
    assert_true(compared > 100);
    assert_true(failed > 0);
}

/* A loose line cannot borrow letter-spacing that its neighbour's rule
 * forbids: with box_levels 2, adjacent lines' levels never differ by more
 * than one on random paragraphs (boxes with 1pt of play each way, 60pt
 * lines), and the rule changes where some of them break. */
static void levels_keep_neighbours_within_half(void **state)
{
    (void)state;
    unsigned s = 99;
    int differ = 0;
    for (int t = 0; t < 200; t++) {
        para p = {0};
        for (int i = 0; i < 14; i++) {
            if (p.n)
                glue(&p, 3, 1, 1);
            box(&p, 6 + lcg(&s) % 9);
            p.it[p.n - 1].stretch = p.it[p.n - 1].shrink = 1;
        }
        double w = 60;
        bk_lb_params prm;
        bk_lb_params_default(&prm);
        prm.tolerance = 10000;
        bk_lb_line *a, *b;
        size_t na, nb;
        assert_int_equal(run(&p, &w, 1, &prm, &a, &na, NULL), BK_OK);
        prm.box_levels = 2;
        assert_int_equal(run(&p, &w, 1, &prm, &b, &nb, NULL), BK_OK);
        for (size_t i = 1; i < nb; i++)
            assert_true(abs(b[i].level - b[i - 1].level) <= 1);
        differ |= na != nb || memcmp(a, b, na * sizeof(*a)) != 0;
        free(a);
        free(b);
        para_free(&p);
    }
    assert_true(differ); /* the model changes some choices */
}

/* A scratch kept across calls (bk_lb_break_with) changes no result: one
 * scratch breaks paragraphs of growing and shrinking sizes, with and
 * without letter-spacing levels, looseness and hyphens, and after a call
 * it refused; each call gives bit for bit the lines and stats of
 * bk_lb_break. */
static void scratch_reuse_changes_nothing(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_lb_scratch *scr = bk_lb_scratch_new();
    assert_non_null(ctx);
    assert_non_null(scr);
    const size_t sizes[] = {400, 5, 60, 1, 900, 30, 250, 2};
    for (int t = 0; t < 48; t++) {
        para p = {0};
        random_words(&p, sizes[t % 8], 77u + (unsigned)t, t % 3 != 0);
        if (t % 4 == 1)
            for (size_t i = 0; i < p.n; i++)
                if (p.it[i].kind == BK_LB_BOX)
                    p.it[i].stretch = p.it[i].shrink = p.it[i].width / 8;
        double ws[2] = {40 + t % 5 * 10, 60};
        bk_lb_params prm;
        bk_lb_params_default(&prm);
        prm.box_levels = t % 4 == 1 ? 2 : 0;
        prm.looseness = t % 6 == 5 ? 1 : t % 6 == 2 ? -1 : 0;
        prm.emergency_stretch = t % 2 ? 10 : 0;
        bk_lb_line *a = NULL, *b = NULL;
        size_t na = 0, nb = 0;
        bk_lb_stats sa, sb;
        assert_int_equal(bk_lb_break(ctx, p.it, p.n, ws, 2, &prm, &a, &na, &sa), BK_OK);
        assert_int_equal(bk_lb_break_with(ctx, scr, p.it, p.n, ws, 2, &prm, &b, &nb, &sb),
                         BK_OK);
        assert_int_equal(na, nb);
        assert_true(na > 0);
        for (size_t i = 0; i < na; i++) {
            assert_int_equal(a[i].start, b[i].start);
            assert_int_equal(a[i].end, b[i].end);
            assert_memory_equal(&a[i].ratio, &b[i].ratio, sizeof(double));
            assert_int_equal(a[i].hyphenated, b[i].hyphenated);
            assert_int_equal(a[i].fitness, b[i].fitness);
            assert_int_equal(a[i].level, b[i].level);
        }
        assert_int_equal(sa.pass, sb.pass);
        assert_int_equal(sa.overfull, sb.overfull);
        assert_int_equal(sa.hyphenated, sb.hyphenated);
        assert_memory_equal(&sa.demerits, &sb.demerits, sizeof(double));
        assert_memory_equal(&sa.mean_ratio, &sb.mean_ratio, sizeof(double));
        free(a);
        free(b);
        if (t == 20) {
            double bad = 0;
            assert_int_equal(bk_lb_break_with(ctx, scr, p.it, p.n, &bad, 1, &prm, &b, &nb,
                                              NULL),
                             BK_EINPUT);
        }
        para_free(&p);
    }
    /* without a scratch it is bk_lb_break */
    para p = {0};
    random_words(&p, 50, 5, 1);
    double w = 50;
    bk_lb_line *a = NULL;
    size_t na = 0;
    assert_int_equal(bk_lb_break_with(ctx, NULL, p.it, p.n, &w, 1, NULL, &a, &na, NULL),
                     BK_OK);
    check_lines(p.it, p.n, &w, 1, a, na, NULL);
    free(a);
    para_free(&p);
    bk_lb_scratch_free(scr);
    bk_lb_scratch_free(NULL);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(total_fit_evens_out_first_fit),
        cmocka_unit_test(forced_break_in_middle),
        cmocka_unit_test(forbidden_breaks_never_chosen),
        cmocka_unit_test(flagged_demerits_avoid_consecutive_hyphens),
        cmocka_unit_test(max_consecutive_hyphens_respected),
        cmocka_unit_test(looseness_changes_line_count),
        cmocka_unit_test(looseness_within_keeps_pass_one_answers),
        cmocka_unit_test(overlong_box_is_one_overfull_line),
        cmocka_unit_test(emergency_stretch_is_pass_two),
        cmocka_unit_test(first_line_width_and_same_widths),
        cmocka_unit_test(degenerate_input),
        cmocka_unit_test(long_paragraphs),
        cmocka_unit_test(optimal_against_brute_force),
        cmocka_unit_test(random_input_never_fails),
        cmocka_unit_test(pretolerance_pass_sets_without_hyphenation),
        cmocka_unit_test(box_play_counts_at_line_start),
        cmocka_unit_test(fitness_rule_keeps_tight_from_loose),
        cmocka_unit_test(levels_optimal_against_brute_force),
        cmocka_unit_test(levels_keep_neighbours_within_half),
        cmocka_unit_test(scratch_reuse_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
