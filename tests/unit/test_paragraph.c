/* Unit tests: setting paragraphs (paragraph.c) with the unit tests' layout
 * and fonts, over a range of measures so that each rule is met where it
 * matters: word spaces never below 0.7 of the natural space (unless the
 * line is reported overfull); letter-spacing within 1% of the em on every
 * line, adjacent lines within 0.5%, on every character but a word's last
 * (the first word of a continuation line included); no break after a
 * hyphen of the text but an emergency one, and no hyphen drawn there;
 * a setting a line longer or shorter ruled out by bk_para_may_change
 * is one the breaker cannot give; a setting again from a paragraph's kept
 * work is the setting made from scratch, and so is one at another measure
 * from a measured block's kept work; Chinese closing marks half width at a line
 * end (a straight right edge) and opening marks without their blank half
 * at a line start. The texts are the test's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose.h"
#include "font.h"
#include "layout.h"
#include "paragraph.h"
#include "shape.h"
#include "unicode.h"

#define EM 10.5 /* the body size of tests/unit/layout.xml */

typedef struct fixture {
    bk_ctx *ctx;
    bk_layout *layout;
    bk_fontset *fonts;
    bk_typeset_stats stats;
    bk_setter *setter;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = bk_ctx_new();
    if (bk_layout_load(f->ctx, "tests/unit/layout.xml", &f->layout) ||
        bk_fontset_load(f->ctx, bk_layout_fonts_path(f->layout), &f->fonts))
        return -1;
    f->setter = bk_setter_new(f->ctx, f->layout, f->fonts, "test", &f->stats);
    *state = f;
    return f->setter ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bk_setter_free(f->setter);
    bk_fontset_free(f->fonts);
    bk_layout_free(f->layout);
    bk_ctx_free(f->ctx);
    free(f);
    return 0;
}

static bk_block block(const char *lang, const char *text)
{
    bk_block b = {0};
    b.style = "body";
    b.lang = (char *)lang;
    b.text = (char *)text;
    b.len = strlen(text);
    b.line = 1;
    return b;
}

static const char *const EN =
    "The long-term treaty was signed after a fifteen-year-old dispute in which "
    "many envoys were ill-treated, and the well-known merchants of the coast, "
    "self-styled guardians of a so-called open trade, argued that a re-opened "
    "port would serve everyone; the court answered that its sea-going junks and "
    "war-weary garrisons could not stand another year-long blockade of the "
    "river-side towns, and the talks broke down again before the first snow.";

/* The natural advance of every glyph of the text, by cluster: the text
 * set on one line (its last, so nothing is stretched or spaced). */
static double *natural(fixture *f, const bk_block *b, double *space)
{
    bk_para p;
    assert_int_equal(bk_para_set(f->setter, b, "body", 1e5, &p), BK_OK);
    assert_int_equal(p.nlines, 1);
    double *adv = calloc(b->len + 1, sizeof(*adv));
    for (size_t k = 0; k < p.ng; k++) {
        adv[p.g[k].cluster] += p.g[k].adv;
        if (b->text[p.g[k].cluster] == ' ')
            *space = p.g[k].adv;
    }
    bk_para_release(&p);
    return adv;
}

/* Spaces, letter-spacing and the first word of continuation lines. */
static void spaces_and_letter_spacing(void **state)
{
    fixture *f = *state;
    bk_block b = block("en", EN);
    double space = 0;
    double *nat = natural(f, &b, &space);
    assert_true(space > 0);
    size_t first_words = 0, tracked_lines = 0;
    for (double m = 120; m <= 320; m += 7) {
        bk_para p;
        assert_int_equal(bk_para_set(f->setter, &b, "body", m, &p), BK_OK);
        for (size_t i = 0; i < p.nlines; i++) {
            const bk_set_line *l = &p.lines[i];
            assert_true(fabs(l->track) <= 0.01 * EM + 1e-9);
            if (i > 0)
                assert_true(fabs(l->track - p.lines[i - 1].track) <= 0.005 * EM + 1e-9);
            tracked_lines += l->track != 0;
            for (size_t k = l->g0; k < l->g0 + l->n; k++) {
                const bk_set_glyph *g = &p.g[k];
                if (g->cluster >= b.len || g->cluster == g->cluster_end)
                    continue; /* a drawn hyphen */
                if (EN[g->cluster] == ' ') {
                    if (!(l->faults & BK_LINE_OVERFULL))
                        assert_true(g->adv >= 0.70 * space - 1e-9);
                    continue;
                }
                /* a letter followed by a letter on the line carries the
                 * line's tracking; one before a space or the line's end
                 * does not */
                int next_letter = k + 1 < l->g0 + l->n && g[1].cluster < b.len &&
                                  EN[g[1].cluster] != ' ' && g[1].cluster != g->cluster;
                if (g[0].cluster_end - g[0].cluster == 1 && !(l->hyphenated && k + 2 == l->g0 + l->n)) {
                    double want = nat[g->cluster] + (next_letter ? l->track : 0);
                    assert_true(fabs(g->adv - want) < 1e-6);
                    if (i > 0 && k == l->g0 && next_letter && l->track != 0)
                        first_words++;
                }
            }
        }
        bk_para_release(&p);
    }
    assert_true(tracked_lines > 0);
    assert_true(first_words > 0); /* the first word of a line is spaced too */
    free(nat);
}

/* A break after an explicit hyphen draws nothing more; a break at a
 * hyphenation point draws one hyphen. */
static void explicit_hyphen_adds_nothing(void **state)
{
    fixture *f = *state;
    bk_block b = block("en", EN);
    size_t explicit_ends = 0, drawn = 0;
    for (double m = 60; m <= 260; m += 3) {
        bk_para p;
        assert_int_equal(bk_para_set(f->setter, &b, "body", m, &p), BK_OK);
        for (size_t i = 0; i + 1 < p.nlines; i++) {
            const bk_set_line *l = &p.lines[i];
            /* glyphs standing for no character: drawn hyphens */
            size_t extra = 0;
            for (size_t k = l->g0; k < l->g0 + l->n; k++)
                extra += p.g[k].cluster == p.g[k].cluster_end;
            if (EN[l->text1 - 1] == '-') {
                /* never a break of choice (the text would not come back
                 * as written): only a token wider than the measure */
                explicit_ends++;
                assert_false(l->hyphenated);
                assert_int_equal(extra, 0);
                if (!(l->faults & BK_LINE_EMERGENCY))
                    fail_msg("measure %.0f: line %zu ends at the text's hyphen", m, i + 1);
            } else if (l->hyphenated) {
                drawn++;
                assert_int_equal(extra, 1);
            }
        }
        bk_para_release(&p);
    }
    assert_true(explicit_ends > 0);
    assert_true(drawn > 0);
}

/* Tight or loose lines (warnings) of a setting. */
static size_t spacing_lines(const bk_para *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nlines; i++)
        n += (p->lines[i].faults & (BK_LINE_TIGHT | BK_LINE_LOOSE)) != 0;
    return n;
}

/* bk_para_may_change is a bound: where it rules a line more or fewer out,
 * the breaker asked for it (looseness) gives no setting of that length
 * without more tight or loose lines than the paragraph has; and it does
 * rule some out, which is what it is for. */
static void may_change_is_a_bound(void **state)
{
    fixture *f = *state;
    bk_block b = block("en", EN);
    size_t ruled_out = 0, tried = 0;
    for (double m = 120; m <= 300; m += 1.5) {
        bk_para p;
        assert_int_equal(bk_para_set(f->setter, &b, "body", m, &p), BK_OK);
        for (int more = -1; more <= 1; more += 2) {
            if (bk_para_may_change(&p, more))
                continue;
            ruled_out++;
            bk_para q;
            bk_setter_looseness(f->setter, more);
            assert_int_equal(bk_para_set(f->setter, &b, "body", m, &q), BK_OK);
            bk_setter_looseness(f->setter, 0);
            tried++;
            if ((long)q.nlines == (long)p.nlines + more && spacing_lines(&q) <= spacing_lines(&p))
                fail_msg("measure %.1f: ruled out %+d lines, but the breaker sets %zu lines "
                         "with %zu tight or loose (as set: %zu, %zu)", m, more, q.nlines,
                         spacing_lines(&q), p.nlines, spacing_lines(&p));
            bk_para_release(&q);
        }
        bk_para_release(&p);
    }
    assert_true(ruled_out > 20);
}

static const char *const VI =
    "Năm ấy, triều đình phải trao đổi với các cường quốc những hiệp ước đã được "
    "chính phủ các nước phê chuẩn; sứ thần các nước kiên quyết vào kinh đô để trao "
    "đổi, còn nhà vua thì mong việc ấy diễn ra ở Thượng Hải, nhưng cũng chuẩn bị "
    "cho việc trao đổi tại kinh đô theo con đường cống sứ truyền thống.";

static const char *const ZH =
    "到了那一年，清廷须与列强交换经各国政府批准的条约了，中英、中法、中俄条约皆有届时至北京换约的规定。"
    "四月，中俄在北京完成换约。自清初以来，俄使至京已有多次。对于其它国家，咸丰帝则希望在上海换约，"
    "但也做了在北京换约的准备（这是传统的贡道）。六月初，英美新任驻华公使（额尔金之弟）和再任法国驻华公使"
    "的布尔布隆在上海会合，桂良劝其不要北上，英法使节以武力相威胁，坚持进京换约。“中立”姿态，"
    "给予了英军一定协助。事后，普鲁斯和布尔布隆退回上海。华若翰则同意按清廷指定路线进京，最后在北塘完成了换约。";

/* Chinese: a full-width closing mark at a line end is set half width, so
 * a justified line ends exactly at the measure; an opening mark at a line
 * start loses its blank left half. */
static void chinese_line_edges(void **state)
{
    fixture *f = *state;
    bk_block b = block("zh-Hans", ZH);
    size_t half_ends = 0, half_starts = 0;
    for (double m = 150; m <= 300; m += 2.5) {
        bk_para p;
        assert_int_equal(bk_para_set(f->setter, &b, "body", m, &p), BK_OK);
        double first = m - p.style.first_indent;
        for (size_t i = 0; i < p.nlines; i++) {
            const bk_set_line *l = &p.lines[i];
            double avail = i == 0 ? first : m;
            const bk_set_glyph *last = &p.g[l->g0 + l->n - 1], *g0 = &p.g[l->g0];
            size_t at = last->cluster;
            uint32_t c = bk_utf8_next(ZH, b.len, &at);
            if (i + 1 < p.nlines) {
                /* justified: the right edge is straight */
                assert_true(fabs(l->width - avail) < 0.01);
                if (c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0x300D ||
                    c == 0x201D || c == 0xFF09) {
                    half_ends++;
                    assert_true(fabs(last->adv - EM / 2) < 0.01);
                }
            }
            at = g0->cluster;
            c = bk_utf8_next(ZH, b.len, &at);
            if (i > 0 && (c == 0xFF08 || c == 0x201C)) {
                half_starts++;
                assert_true(g0->adv < EM * 0.6);
                assert_true(fabs(g0->xoff + EM / 2) < 0.01);
            }
        }
        bk_para_release(&p);
    }
    assert_true(half_ends > 0);
    assert_true(half_starts > 0);
}

/* Justified Chinese takes a first pass of decent lines (badness 12 at
 * most) unless its style says pretolerance="none"; other text takes none.
 * Where that pass sets the paragraph, the lines are those of the full
 * passes at every measure tried here. */
static void chinese_first_pass(void **state)
{
    fixture *f = *state;
    bk_block zh = block("zh-Hans", ZH), en = block("en", EN);
    size_t first = 0, tried = 0;
    for (double m = 150; m <= 300; m += 5) {
        bk_para a, b;
        size_t before = f->stats.first_pass_paragraphs;
        assert_int_equal(bk_para_set(f->setter, &zh, "body", m, &a), BK_OK);
        first += f->stats.first_pass_paragraphs - before;
        before = f->stats.first_pass_paragraphs;
        assert_int_equal(bk_para_set(f->setter, &zh, "body-one-pass", m, &b), BK_OK);
        assert_int_equal(f->stats.first_pass_paragraphs, before);
        assert_int_equal(a.nlines, b.nlines);
        for (size_t i = 0; i < a.nlines; i++) {
            assert_int_equal(a.lines[i].text0, b.lines[i].text0);
            assert_int_equal(a.lines[i].text1, b.lines[i].text1);
        }
        bk_para_release(&a);
        bk_para_release(&b);
        assert_int_equal(bk_para_set(f->setter, &en, "body", m, &a), BK_OK);
        assert_int_equal(f->stats.first_pass_paragraphs, before);
        bk_para_release(&a);
        tried++;
    }
    /* the first pass sets most of them (it fails where a line must open
     * its gaps wider: then the normal passes run) */
    assert_true(first * 2 > tried);
}

/* Two settings are the same: lines, glyphs, the report's figures and
 * the page search's bounds. */
static void assert_same_setting(const bk_para *a, const bk_para *b, double m, int more)
{
    if (a->nlines != b->nlines || a->ng != b->ng)
        fail_msg("measure %.1f, looseness %+d: %zu lines, %zu glyphs against %zu, %zu", m,
                 more, a->nlines, a->ng, b->nlines, b->ng);
    assert_memory_equal(a->g, b->g, a->ng * sizeof(*a->g));
    for (size_t i = 0; i < a->nlines; i++) {
        const bk_set_line *x = &a->lines[i], *y = &b->lines[i];
        assert_true(x->g0 == y->g0 && x->n == y->n && x->x == y->x && x->width == y->width &&
                    x->ratio == y->ratio && x->track == y->track &&
                    x->hyphenated == y->hyphenated && x->text0 == y->text0 &&
                    x->text1 == y->text1 && x->faults == y->faults && x->excess == y->excess);
    }
    assert_true(a->ratio_sum == b->ratio_sum && a->ratio_max == b->ratio_max &&
                a->ratio_lines == b->ratio_lines && a->nspacing == b->nspacing);
    assert_true(a->fit.content == b->fit.content && a->fit.hyph == b->fit.hyph &&
                a->fit.shrink == b->fit.shrink && a->fit.stretch == b->fit.stretch &&
                a->fit.known == b->fit.known);
}

/* The page search sets a paragraph again a line shorter or longer from
 * the work its setting kept (bk_setter_keep, bk_setter_reuse): the same
 * setting as one made from scratch, in English, Vietnamese and Chinese;
 * a block or measure other than the kept work's is set from scratch; a
 * ragged paragraph or one line keeps nothing, and a setting without
 * bk_setter_keep neither. (Run under AddressSanitizer, check-asan finds
 * a kept work bk_para_release would not free.) */
static void setting_again_from_kept_work(void **state)
{
    fixture *f = *state;
    bk_block texts[3] = {block("en", EN), block("vi", VI), block("zh-Hans", ZH)};
    size_t reused = 0;
    for (size_t t = 0; t < 3; t++)
        for (double m = 130; m <= 300; m += 11.5) {
            bk_block *b = &texts[t];
            bk_para p, plain;
            bk_setter_keep(f->setter, 1);
            assert_int_equal(bk_para_set(f->setter, b, "body", m, &p), BK_OK);
            bk_setter_keep(f->setter, 0);
            assert_int_equal(bk_para_set(f->setter, b, "body", m, &plain), BK_OK);
            assert_null(plain.work);
            assert_same_setting(&p, &plain, m, 0);
            bk_para_release(&plain);
            assert_true(p.nlines >= 2 && p.work);
            for (int more = -1; more <= 1; more++) {
                /* the same block (a copy of it, as pagination passes),
                 * and another measure: set from scratch */
                for (int other = 0; other <= 1; other++) {
                    bk_block copy = *b;
                    double mm = other ? m + 7 : m;
                    bk_para q, r;
                    size_t glyphs = f->stats.glyphs; /* counted as text is shaped */
                    bk_setter_looseness(f->setter, more);
                    bk_setter_reuse(f->setter, &p);
                    assert_int_equal(bk_para_set(f->setter, &copy, "body", mm, &q), BK_OK);
                    bk_setter_reuse(f->setter, NULL);
                    /* the kept work is used (nothing shaped) where it fits */
                    assert_int_equal(f->stats.glyphs == glyphs, !other);
                    assert_int_equal(bk_para_set(f->setter, &copy, "body", mm, &r), BK_OK);
                    bk_setter_looseness(f->setter, 0);
                    assert_null(q.work);
                    assert_same_setting(&q, &r, mm, more);
                    reused += !other && q.nlines != p.nlines;
                    bk_para_release(&q);
                    bk_para_release(&r);
                }
            }
            bk_para_release(&p);
            assert_null(p.work);
        }
    assert_true(reused > 0);
    /* what keeps nothing: one line, a centred (ragged) style */
    bk_block one = block("en", "A short line.");
    bk_para p;
    bk_setter_keep(f->setter, 1);
    assert_int_equal(bk_para_set(f->setter, &one, "body", 300, &p), BK_OK);
    assert_int_equal(p.nlines, 1);
    assert_null(p.work);
    bk_para_release(&p);
    bk_block folio = block("en", EN);
    assert_int_equal(bk_para_set(f->setter, &folio, "folio", 150, &p), BK_OK);
    bk_setter_keep(f->setter, 0);
    assert_true(p.nlines >= 2);
    assert_null(p.work);
    bk_para_release(&p);
}

/* b set at measure m with looseness `more` twice: into q as the page
 * search asks it (in `need` lines, from from's kept work unless NULL),
 * and into r as from scratch. Returns whether q was set (counted). */
static int set_needing(fixture *f, const bk_block *b, double m, int more, size_t need,
                       const bk_para *from, bk_para *q, bk_para *r)
{
    size_t paras = f->stats.paragraphs;
    bk_setter_looseness(f->setter, more);
    bk_setter_reuse(f->setter, from);
    bk_setter_lines_needed(f->setter, need);
    assert_int_equal(bk_para_set(f->setter, b, "body", m, q), BK_OK);
    bk_setter_lines_needed(f->setter, 0);
    bk_setter_reuse(f->setter, NULL);
    int set = f->stats.paragraphs != paras;
    assert_int_equal(bk_para_set(f->setter, b, "body", m, r), BK_OK);
    bk_setter_looseness(f->setter, 0);
    return set;
}

/* The page search's settings again, as it makes them (bk_setter_reuse,
 * bk_setter_lines_needed): a line shorter and longer, each asked twice
 * (the breaker answers both signs from one run, and the kept work keeps
 * its breaks for when they are asked again), are the settings made from
 * scratch; one the breaks give another length is not set (no lines,
 * nothing counted) or, where the count is not certain, set as from
 * scratch. */
static void setting_again_needs_lines(void **state)
{
    fixture *f = *state;
    bk_block texts[3] = {block("en", EN), block("vi", VI), block("zh-Hans", ZH)};
    size_t skipped = 0, kept_length = 0;
    for (size_t t = 0; t < 3; t++)
        for (double m = 130; m <= 300; m += 17.5) {
            bk_block *b = &texts[t];
            bk_para p;
            bk_setter_keep(f->setter, 1);
            assert_int_equal(bk_para_set(f->setter, b, "body", m, &p), BK_OK);
            bk_setter_keep(f->setter, 0);
            assert_true(p.nlines >= 2 && p.work);
            const int order[4] = {-1, 1, 1, -1};
            for (int k = 0; k < 4; k++) {
                int more = order[(k + (int)t) % 4];
                size_t need = (size_t)((long)p.nlines + more);
                bk_para q, r;
                if (set_needing(f, b, m, more, need, &p, &q, &r)) {
                    assert_same_setting(&q, &r, m, more);
                    kept_length += r.nlines == need;
                } else {
                    assert_int_equal(q.nlines, 0);
                    assert_true(r.nlines != need);
                    skipped++;
                }
                bk_para_release(&q);
                bk_para_release(&r);
            }
            bk_para_release(&p);
        }
    assert_true(skipped > 0);
    assert_true(kept_length > 0);
}

/* A line count the text cannot fill without an overfull line is ruled
 * out before any breaking (bk_para_lines_may_fit): the setting asked with
 * that looseness has another number of lines or an overfull line, so the
 * page search would refuse it. Chinese, which hardly shrinks, cannot take
 * a line fewer at most measures. */
static void lines_that_cannot_fit_are_not_broken(void **state)
{
    fixture *f = *state;
    bk_block texts[3] = {block("en", EN), block("vi", VI), block("zh-Hans", ZH)};
    size_t ruled_out = 0, zh_ruled_out = 0;
    for (size_t t = 0; t < 3; t++)
        for (double m = 100; m <= 300; m += 7.5) {
            bk_block *b = &texts[t];
            bk_para p;
            assert_int_equal(bk_para_set(f->setter, b, "body", m, &p), BK_OK);
            for (int more = -2; more <= 1; more++) {
                if (more == 0 || (long)p.nlines + more < 1)
                    continue;
                size_t need = (size_t)((long)p.nlines + more), before = f->stats.fit_ruled_out;
                bk_para q, r;
                set_needing(f, b, m, more, need, NULL, &q, &r);
                if (f->stats.fit_ruled_out != before) {
                    assert_int_equal(q.nlines, 0);
                    int overfull = 0;
                    for (size_t i = 0; i < r.nlines; i++)
                        overfull |= (r.lines[i].faults & BK_LINE_OVERFULL) != 0;
                    assert_true(r.nlines != need || overfull);
                    ruled_out++;
                    zh_ruled_out += t == 2;
                }
                bk_para_release(&q);
                bk_para_release(&r);
            }
            bk_para_release(&p);
        }
    assert_true(ruled_out > 10);
    assert_true(zh_ruled_out > 5);
}

/* The timeline sets each measured text at several measures from the
 * work its measuring kept (bk_para_measure_keep, bk_para_set_kept): the
 * same setting and the same counts as one made from scratch, at measures
 * wide and narrow enough for emergency breaks (there the text is
 * prepared anew), from a copy of the text (the caller's block is another
 * each time) and after the measured text is gone. */
static void setting_at_other_measures_from_a_measured_block(void **state)
{
    fixture *f = *state;
    static const char *const langs[3] = {"en", "vi", "zh-Hans"};
    const char *texts[3] = {EN, VI, ZH};
    bk_typeset_stats *keep_stats = &f->stats;
    size_t emergency = 0;
    for (size_t t = 0; t < 3; t++) {
        char *measured = strdup(texts[t]);
        bk_block mb = block(langs[t], measured);
        bk_para_kept *kept = NULL;
        double mn, mx, mn0, mx0;
        assert_int_equal(bk_para_measure_keep(f->setter, &mb, "body", &mn, &mx, &kept), BK_OK);
        assert_non_null(kept);
        assert_int_equal(bk_para_measure(f->setter, &mb, "body", &mn0, &mx0), BK_OK);
        assert_true(mn == mn0 && mx == mx0);
        free(measured); /* the kept work holds no pointer into it */
        bk_block b = block(langs[t], texts[t]);
        for (double m = mn / 3; m <= mx + 20; m += (mx - mn / 3) / 17) {
            bk_typeset_stats a, c;
            bk_para q, r;
            memset(&a, 0, sizeof a);
            memset(&c, 0, sizeof c);
            bk_setter_stats(f->setter, &a);
            bk_status sq = bk_para_set_kept(f->setter, &b, "body", m, kept, &q);
            bk_setter_stats(f->setter, &c);
            assert_int_equal(sq, bk_para_set(f->setter, &b, "body", m, &r));
            if (sq)
                continue; /* too narrow for the text: refused alike */
            emergency += a.emergency_breaks > 0;
            assert_same_setting(&q, &r, m, 0);
            assert_memory_equal(&a, &c, sizeof a);
            assert_true(a.glyphs > 0 && a.lines == q.nlines);
            bk_para_release(&q);
            bk_para_release(&r);
        }
        bk_setter_stats(f->setter, keep_stats);
        bk_para_kept_free(kept);
    }
    assert_true(emergency > 0);
    bk_para_kept_free(NULL);
}

/* A setter that hyphenates with another's patterns (a timeline's trials,
 * a parallel edition's columns) sets what a setter with its own sets,
 * whether the owner loaded them first or not: English, hyphenated, at
 * several measures. */
/* The face of character cp as itemizing picks it, written out: the role's
 * Latin face for Latin letters and ASCII digits (and ASCII after them);
 * the current face for common characters it has; else the chain's first
 * face that has it (-1: none). */
static int face_of(fixture *f, const int *chain, size_t nchain, int latin, int current,
                   uint32_t cp)
{
    uint32_t sc = bk_unicode_script(cp);
    if (latin >= 0 && (sc == BK_SCRIPT_LATIN || (cp >= '0' && cp <= '9') ||
                       (current == latin && cp < 0x80))) {
        bk_font *ft = bk_fontset_font(f->ctx, f->fonts, (size_t)latin);
        if (ft && bk_face_has_char(ft->face, cp))
            return latin;
    }
    if (latin >= 0 && current == latin)
        current = -1;
    if (current >= 0 && (sc == BK_SCRIPT_COMMON || sc == BK_SCRIPT_INHERITED)) {
        bk_font *ft = bk_fontset_font(f->ctx, f->fonts, (size_t)current);
        if (ft && bk_face_has_char(ft->face, cp))
            return current;
    }
    for (size_t i = 0; i < nchain; i++) {
        bk_font *ft = bk_fontset_font(f->ctx, f->fonts, (size_t)chain[i]);
        if (ft && bk_face_has_char(ft->face, cp))
            return chain[i];
    }
    return -1;
}

/* Itemizing remembers the faces it picked by character and current face:
 * every glyph of a paragraph mixing scripts, digits and punctuation (many
 * characters, more than it remembers) has the face the rule gives. */
static void faces_as_picked(void **state)
{
    fixture *f = *state;
    static const char *const langs[] = {"zh-Hans", "en", "vi"};
    char text[4096];
    snprintf(text, sizeof text, "%s 1860年10月, the “Treaty” (北京条约) ¶ %s — %s 123!", ZH, EN,
             VI);
    for (size_t li = 0; li < sizeof langs / sizeof *langs; li++) {
        bk_style st;
        assert_int_equal(bk_setter_style(f->setter, "body", langs[li], &st), BK_OK);
        const int *chain = NULL;
        size_t nchain = bk_fontset_chain(f->fonts, st.role, langs[li], &chain);
        int latin = bk_fontset_latin(f->fonts, st.role, langs[li]);
        assert_true(nchain > 0);
        /* the face of the character at each byte, each after the one before */
        size_t len = strlen(text);
        int *face = calloc(len + 1, sizeof(*face));
        int current = -1, covered = 1;
        for (size_t i = 0; i < len;) {
            size_t at = i;
            uint32_t cp = bk_utf8_next(text, len, &i);
            face[at] = current = face_of(f, chain, nchain, latin, current, cp);
            covered &= current >= 0;
        }
        assert_true(covered); /* (else the system's fonts would join) */
        bk_block b = block(langs[li], text);
        bk_para p;
        assert_int_equal(bk_para_set(f->setter, &b, "body", 300, &p), BK_OK);
        for (size_t k = 0; k < p.ng; k++)
            if (p.g[k].cluster < len && p.g[k].cluster_end > p.g[k].cluster)
                assert_int_equal(p.g[k].font, face[p.g[k].cluster]);
        bk_para_release(&p);
        free(face);
    }
}

/* A setter remembers what it asked of the last few languages (Chinese,
 * Simplified, Vietnamese, the layout's hyphenation) and the styles it
 * resolved: a paragraph set by one that has set others, in more languages
 * than it remembers, twice over, is the one a new setter sets. */
static void setting_with_remembered_languages(void **state)
{
    fixture *f = *state;
    static const char *const langs[] = {"en",    "vi",    "zh-Hans", "zh-Hant", "en-GB",
                                        "vi-VN", "zh-CN", "zh-TW",   "en-US"};
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
            const char *text = langs[i][0] == 'z' ? ZH : langs[i][0] == 'v' ? VI : EN;
            bk_block b = block(langs[i], text);
            bk_typeset_stats st;
            memset(&st, 0, sizeof st);
            bk_setter *fresh = bk_setter_new(f->ctx, f->layout, f->fonts, "test", &st);
            assert_non_null(fresh);
            bk_para p, q;
            assert_int_equal(bk_para_set(f->setter, &b, "body", 200, &p), BK_OK);
            assert_int_equal(bk_para_set(fresh, &b, "body", 200, &q), BK_OK);
            assert_same_setting(&p, &q, 200, 0);
            assert_memory_equal(&p.style, &q.style, sizeof p.style);
            bk_para_release(&p);
            bk_para_release(&q);
            bk_setter_free(fresh);
        }
    }
}

static void setting_with_borrowed_patterns(void **state)
{
    fixture *f = *state;
    bk_typeset_stats so, sb, sc;
    memset(&so, 0, sizeof so);
    memset(&sb, 0, sizeof sb);
    memset(&sc, 0, sizeof sc);
    bk_setter *owner = bk_setter_new(f->ctx, f->layout, f->fonts, "test", &so);
    bk_setter *borrower = bk_setter_new(f->ctx, f->layout, f->fonts, "test", &sb);
    bk_setter *own = bk_setter_new(f->ctx, f->layout, f->fonts, "test", &sc);
    assert_non_null(owner);
    assert_non_null(borrower);
    assert_non_null(own);
    bk_setter_hyphenation_from(borrower, owner);
    bk_setter_hyphenation_from(own, own); /* its own: no owner */
    bk_block b = block("en", EN);
    for (double m = 120; m <= 240; m += 40) {
        bk_para p, q;
        assert_int_equal(bk_para_set(borrower, &b, "body", m, &p), BK_OK);
        assert_int_equal(bk_para_set(own, &b, "body", m, &q), BK_OK);
        assert_same_setting(&p, &q, m, 0);
        bk_para_release(&p);
        bk_para_release(&q);
    }
    assert_true(sb.hyphenated_lines > 0);
    assert_memory_equal(&sb, &sc, sizeof sb);
    bk_setter_free(borrower);
    bk_setter_free(own);
    bk_setter_free(owner);
}

/* Writes path with n bytes of data; 0 on success. */
static int write_file(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    size_t w = fwrite(data, 1, n, fp);
    return (fclose(fp) == 0 && w == n) ? 0 : -1;
}

/* Reads a whole file (NUL-terminated); NULL when it cannot. */
static char *read_file(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *data = NULL;
    long len;
    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)len + 1)) && fread(data, 1, (size_t)len, fp) == (size_t)len) {
        data[len] = '\0';
        *n = (size_t)len;
    } else {
        free(data);
        data = NULL;
    }
    fclose(fp);
    return data;
}

/* A setter loads each pattern file once and keeps it: paragraphs that
 * alternate between two languages with patterns of their own (a parallel
 * edition) do not load either file again. The layout names two copies of
 * the English patterns, for en and for de; once both are loaded they are
 * deleted, and setting in both languages again still works and hyphenates
 * as before (a setter that loaded a file at every change of language
 * would fail to read it). */
static void patterns_kept_per_file(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/bk-test-hyph-XXXXXX", path[3][96], *layout = NULL, *pat = NULL;
    assert_non_null(mkdtemp(dir));
    size_t nl = 0, np = 0;
    assert_non_null(layout = read_file("tests/unit/layout.xml", &nl));
    assert_non_null(pat = read_file("/usr/share/hyphen/hyph_en_US.dic", &np));
    for (int i = 0; i < 2; i++) {
        snprintf(path[i], sizeof path[i], "%s/%s.dic", dir, i ? "de" : "en");
        assert_int_equal(write_file(path[i], pat, np), 0);
    }
    /* the unit layout with its fonts file named from anywhere and the two
     * languages' patterns */
    char cwd[256], *out = malloc(nl + 1024), *o = out;
    assert_non_null(getcwd(cwd, sizeof cwd));
    const char *h = strstr(layout, "<hyphenation"), *he = h ? strstr(h, "/>") : NULL;
    const char *fo = strstr(layout, "href=\"fonts.xml\"");
    assert_true(h && he && fo && fo < h);
    o += sprintf(o, "%.*shref=\"%s/tests/unit/fonts.xml\"%.*s", (int)(fo - layout), layout, cwd,
                 (int)(h - fo - strlen("href=\"fonts.xml\"")), fo + strlen("href=\"fonts.xml\""));
    for (int i = 0; i < 2; i++)
        o += sprintf(o, "<hyphenation lang=\"%s\" patterns=\"%s\" left=\"2\" right=\"3\"/>\n",
                     i ? "de" : "en", path[i]);
    o += sprintf(o, "%s", he + 2);
    snprintf(path[2], sizeof path[2], "%s/layout.xml", dir);
    assert_int_equal(write_file(path[2], out, (size_t)(o - out)), 0);
    bk_layout *lay = NULL;
    assert_int_equal(bk_layout_load(f->ctx, path[2], &lay), BK_OK);
    bk_typeset_stats st;
    memset(&st, 0, sizeof st);
    bk_setter *s = bk_setter_new(f->ctx, lay, f->fonts, "test", &st);
    assert_non_null(s);
    bk_block b[2] = {block("en", EN), block("de", EN)};
    bk_para first[2], again;
    for (int i = 0; i < 2; i++)
        assert_int_equal(bk_para_set(s, &b[i], "body", 150, &first[i]), BK_OK);
    assert_true(st.hyphenated_lines > 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(unlink(path[i]), 0);
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 2; i++) {
            assert_int_equal(bk_para_set(s, &b[i], "body", 150, &again), BK_OK);
            assert_same_setting(&first[i], &again, 150, 0);
            bk_para_release(&again);
        }
    for (int i = 0; i < 2; i++)
        bk_para_release(&first[i]);
    bk_setter_free(s);
    bk_layout_free(lay);
    unlink(path[2]);
    rmdir(dir);
    free(out);
    free(layout);
    free(pat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spaces_and_letter_spacing),
        cmocka_unit_test(explicit_hyphen_adds_nothing),
        cmocka_unit_test(may_change_is_a_bound),
        cmocka_unit_test(chinese_line_edges),
        cmocka_unit_test(chinese_first_pass),
        cmocka_unit_test(setting_again_from_kept_work),
        cmocka_unit_test(setting_again_needs_lines),
        cmocka_unit_test(lines_that_cannot_fit_are_not_broken),
        cmocka_unit_test(setting_at_other_measures_from_a_measured_block),
        cmocka_unit_test(setting_with_borrowed_patterns),
        cmocka_unit_test(setting_with_remembered_languages),
        cmocka_unit_test(faces_as_picked),
        cmocka_unit_test(patterns_kept_per_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
