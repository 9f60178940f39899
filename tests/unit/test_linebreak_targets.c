/* Unit tests: one line-breaking run for several looseness targets
 * (bk_lb_break_targets, linebreak-run.c), and the items' sums kept from
 * one call to the next (bk_lb_break_sums).
 *
 * The page search sets a paragraph a line shorter and a line longer; the
 * breaker answers both from one run of each pass. The specification is
 * bk_lb_break itself: every answered target has bit for bit the lines and
 * statistics of a call of its own, on random paragraphs of every kind the
 * breaker knows (hyphens, letter-spacing levels, a pretolerance pass,
 * emergency stretch or none, a first-line indent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bk.h"
#include "linebreak.h"

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

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* nwords words of 3..10pt (some in two parts joined by a hyphenation
 * point or an explicit hyphen), spaces 3pt +1.5 -1; boxes with play of
 * their own when `play` (letter-spacing). */
static void random_para(para *p, size_t nwords, unsigned seed, int play)
{
    unsigned s = seed;
    for (size_t i = 0; i < nwords; i++) {
        if (i)
            push(p, (bk_lb_item){.kind = BK_LB_GLUE, .width = 3, .stretch = 1.5,
                                 .shrink = 1});
        int parts = lcg(&s) % 3 == 0 ? 2 : 1;
        for (int k = 0; k < parts; k++) {
            if (k)
                push(p, (bk_lb_item){.kind = BK_LB_PENALTY, .width = lcg(&s) % 2,
                                     .penalty = 50,
                                     .flagged = lcg(&s) % 2 ? BK_LB_HYPHENATION : 1});
            double w = 3 + lcg(&s) % 8;
            double pl = play ? w / 10 : 0;
            push(p, (bk_lb_item){.kind = BK_LB_BOX, .width = w, .stretch = pl,
                                 .shrink = pl});
        }
    }
}

static void assert_same(const bk_lb_line *a, size_t na, const bk_lb_stats *sa,
                        const bk_lb_line *b, size_t nb, const bk_lb_stats *sb)
{
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(a[i].start, b[i].start);
        assert_int_equal(a[i].end, b[i].end);
        assert_memory_equal(&a[i].ratio, &b[i].ratio, sizeof(double));
        assert_int_equal(a[i].hyphenated, b[i].hyphenated);
        assert_int_equal(a[i].fitness, b[i].fitness);
        assert_int_equal(a[i].level, b[i].level);
    }
    assert_int_equal(sa->pass, sb->pass);
    assert_int_equal(sa->pretolerance, sb->pretolerance);
    assert_int_equal(sa->overfull, sb->overfull);
    assert_int_equal(sa->beyond_tolerance, sb->beyond_tolerance);
    assert_int_equal(sa->hyphenated, sb->hyphenated);
    assert_int_equal(sa->max_hyphen_run, sb->max_hyphen_run);
    assert_memory_equal(&sa->max_ratio, &sb->max_ratio, sizeof(double));
    assert_memory_equal(&sa->mean_ratio, &sb->mean_ratio, sizeof(double));
    assert_memory_equal(&sa->demerits, &sb->demerits, sizeof(double));
}

/* Paragraph number k of the random ones: its items, widths and params. */
static void random_case(int k, para *p, double ws[2], bk_lb_params *prm)
{
    int play = k % 5 == 3;
    random_para(p, 8 + (size_t)(k * 37 % 90), 1000u + (unsigned)k, play);
    ws[1] = 45 + k % 7 * 9;
    ws[0] = k % 3 ? ws[1] : ws[1] - 12;
    bk_lb_params_default(prm);
    prm->tolerance = k % 4 == 0 ? 100 : k % 4 == 1 ? 1000 : 200;
    prm->pretolerance = k % 6 == 2 ? 100 : -1;
    prm->emergency_stretch = k % 3 == 1 ? 0 : 6;
    prm->box_levels = play ? 2 : 0;
    prm->max_consecutive_hyphens = k % 2 ? 2 : 0;
}

/* Looseness -1 and +1 (and -2 and +2) together, both required: each is
 * what its own call gives; and as the page search asks (one required,
 * the other sign only where its passes decide it): the required one
 * always answered, the other answered on some paragraphs (a pass answers
 * both) and not on others (it needs a pass the required one does not),
 * and then the same as its own call. */
static void targets_are_separate_runs(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_lb_scratch *scr = bk_lb_scratch_new();
    assert_non_null(ctx);
    assert_non_null(scr);
    size_t free_rides = 0, left = 0, passes[4] = {0};
    for (int k = 0; k < 240; k++) {
        para p = {0};
        double ws[2];
        bk_lb_params prm;
        random_case(k, &p, ws, &prm);
        int mag = k % 8 == 7 ? 2 : 1;
        for (int required_both = 0; required_both <= 1; required_both++) {
            bk_lb_target t[2] = {{.looseness = k % 2 ? mag : -mag, .required = 1},
                                 {.looseness = k % 2 ? -mag : mag,
                                  .required = required_both}};
            assert_int_equal(bk_lb_break_targets(ctx, k % 2 ? scr : NULL, p.it, p.n, ws,
                                                 2, &prm, t, 2),
                             BK_OK);
            for (int i = 0; i < 2; i++) {
                bk_lb_line *a = NULL;
                size_t na = 0;
                bk_lb_stats sa;
                prm.looseness = t[i].looseness;
                assert_int_equal(bk_lb_break(ctx, p.it, p.n, ws, 2, &prm, &a, &na, &sa),
                                 BK_OK);
                if (t[i].answered) {
                    assert_same(a, na, &sa, t[i].lines, t[i].nlines, &t[i].stats);
                    passes[sa.pass]++;
                } else {
                    assert_false(t[i].required);
                    assert_null(t[i].lines);
                    assert_int_equal(t[i].nlines, 0);
                }
                if (i == 1 && !required_both)
                    t[i].answered ? free_rides++ : left++;
                free(a);
                free(t[i].lines);
            }
        }
        free(p.it);
    }
    /* the cases cover every way a target is decided */
    assert_true(free_rides > 0);
    assert_true(left > 0);
    assert_true(passes[1] > 0 && passes[2] > 0);
    bk_lb_scratch_free(scr);
    bk_ctx_free(ctx);
}

/* One target is bk_lb_break_with, looseness 0 included; looseness 0
 * among others, no targets and no items are refused and answer
 * nothing; a paragraph of glue only answers every target with no lines. */
static void targets_one_and_refused(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    assert_non_null(ctx);
    para p = {0};
    double ws[2];
    bk_lb_params prm;
    random_case(5, &p, ws, &prm);
    bk_lb_target one = {.looseness = 0, .required = 1};
    assert_int_equal(bk_lb_break_targets(ctx, NULL, p.it, p.n, ws, 2, &prm, &one, 1),
                     BK_OK);
    bk_lb_line *a = NULL;
    size_t na = 0;
    bk_lb_stats sa;
    prm.looseness = 0;
    assert_int_equal(bk_lb_break(ctx, p.it, p.n, ws, 2, &prm, &a, &na, &sa), BK_OK);
    assert_true(one.answered);
    assert_same(a, na, &sa, one.lines, one.nlines, &one.stats);
    free(a);
    free(one.lines);

    bk_lb_target mixed[2] = {{.looseness = 1, .required = 1}, {.looseness = 0}};
    assert_int_equal(bk_lb_break_targets(ctx, NULL, p.it, p.n, ws, 2, &prm, mixed, 2),
                     BK_EINTERNAL);
    assert_false(mixed[0].answered || mixed[1].answered);
    assert_null(mixed[0].lines);
    assert_int_equal(bk_lb_break_targets(ctx, NULL, p.it, p.n, ws, 2, &prm, mixed, 0),
                     BK_EINTERNAL);
    assert_int_equal(bk_lb_break_targets(ctx, NULL, NULL, 3, ws, 2, &prm, mixed, 1),
                     BK_EINTERNAL);
    double bad = -1;
    bk_lb_target t2[2] = {{.looseness = 1, .required = 1}, {.looseness = -1}};
    assert_int_equal(bk_lb_break_targets(ctx, NULL, p.it, p.n, &bad, 1, &prm, t2, 2),
                     BK_EINPUT);
    assert_false(t2[0].answered || t2[1].answered);

    bk_lb_item g = {.kind = BK_LB_GLUE, .width = 3, .stretch = 1, .shrink = 1};
    assert_int_equal(bk_lb_break_targets(ctx, NULL, &g, 1, ws, 2, &prm, t2, 2), BK_OK);
    assert_true(t2[0].answered && t2[1].answered);
    assert_int_equal(t2[0].nlines + t2[1].nlines, 0);
    assert_int_equal(t2[0].stats.pass, 0);
    free(p.it);
    bk_ctx_free(ctx);
}

/* Target t's answer is bk_lb_break's with t's looseness (prm's otherwise). */
static void assert_as_own_call(bk_ctx *ctx, const para *p, const double ws[2],
                               bk_lb_params prm, const bk_lb_target *t)
{
    bk_lb_line *a = NULL;
    size_t na = 0;
    bk_lb_stats sa;
    prm.looseness = t->looseness;
    assert_int_equal(bk_lb_break(ctx, p->it, p->n, ws, 2, &prm, &a, &na, &sa), BK_OK);
    assert_true(t->answered);
    assert_same(a, na, &sa, t->lines, t->nlines, &t->stats);
    free(a);
}

/* Kept sums (bk_lb_break_sums) give bk_lb_break's answers: made by a
 * first call with looseness 0 (as the setter's first setting), then read
 * by the calls for -1 and +1 and for 0 again; a paragraph that ends in a
 * forced break (no finish appended) too; sums made for other items (a
 * different count, or without box_levels where they are now asked) are
 * made again, not read. */
static void kept_sums_give_the_same_answers(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_lb_scratch *scr = bk_lb_scratch_new();
    assert_non_null(ctx);
    assert_non_null(scr);
    bk_lb_sums *other = NULL; /* the last paragraph's, passed with the next */
    for (int k = 0; k < 120; k++) {
        para p = {0};
        double ws[2];
        bk_lb_params prm;
        random_case(k, &p, ws, &prm);
        if (k % 4 == 1)
            push(&p, (bk_lb_item){.kind = BK_LB_PENALTY, .penalty = -BK_LB_INFINITY});
        bk_lb_scratch *sc = k % 2 ? scr : NULL;
        bk_lb_sums *sums = NULL;
        bk_lb_target t0 = {.looseness = 0, .required = 1};
        assert_int_equal(bk_lb_break_sums(ctx, sc, &sums, p.it, p.n, ws, 2, &prm, &t0, 1),
                         BK_OK);
        assert_non_null(sums);
        assert_as_own_call(ctx, &p, ws, prm, &t0);
        free(t0.lines);
        bk_lb_target t[2] = {{.looseness = -1, .required = 1}, {.looseness = 1, .required = 1}};
        assert_int_equal(bk_lb_break_sums(ctx, sc, &sums, p.it, p.n, ws, 2, &prm, t, 2),
                         BK_OK);
        for (int i = 0; i < 2; i++) {
            assert_as_own_call(ctx, &p, ws, prm, &t[i]);
            free(t[i].lines);
        }
        bk_lb_sums *was = sums;
        assert_int_equal(bk_lb_break_sums(ctx, sc, &sums, p.it, p.n, ws, 2, &prm, &t0, 1),
                         BK_OK);
        assert_ptr_equal(sums, was); /* read, not made again */
        assert_as_own_call(ctx, &p, ws, prm, &t0);
        free(t0.lines);
        /* the last paragraph's sums, with these items: made again */
        assert_int_equal(bk_lb_break_sums(ctx, sc, &other, p.it, p.n, ws, 2, &prm, &t0, 1),
                         BK_OK);
        assert_as_own_call(ctx, &p, ws, prm, &t0);
        free(t0.lines);
        /* made without letter-spacing levels, asked with them: made again */
        if (prm.box_levels) {
            bk_lb_params flat = prm;
            flat.box_levels = 0;
            bk_lb_sums *lev = NULL;
            assert_int_equal(
                bk_lb_break_sums(ctx, sc, &lev, p.it, p.n, ws, 2, &flat, &t0, 1), BK_OK);
            assert_as_own_call(ctx, &p, ws, flat, &t0);
            free(t0.lines);
            assert_int_equal(bk_lb_break_sums(ctx, sc, &lev, p.it, p.n, ws, 2, &prm, &t0, 1),
                             BK_OK);
            assert_as_own_call(ctx, &p, ws, prm, &t0);
            free(t0.lines);
            bk_lb_sums_free(lev);
        }
        bk_lb_sums_free(other);
        other = sums;
        free(p.it);
    }
    /* malformed items: refused when the sums are made and when read */
    bk_lb_item bad[3] = {{.kind = BK_LB_BOX, .width = 5},
                         {.kind = BK_LB_GLUE, .width = 3, .stretch = -1},
                         {.kind = BK_LB_BOX, .width = 5}};
    double ws[2] = {40, 40};
    bk_lb_target t0 = {.looseness = 0, .required = 1};
    bk_lb_sums *sums = NULL;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(bk_lb_break_sums(ctx, scr, &sums, bad, 3, ws, 2, NULL, &t0, 1),
                         BK_EINTERNAL);
        assert_false(t0.answered);
    }
    bk_lb_sums_free(sums);
    bk_lb_sums_free(other);
    bk_lb_sums_free(NULL);
    bk_lb_scratch_free(scr);
    bk_ctx_free(ctx);
}

/* What a kept breaking is keyed by: every field of the params. */
/* A scratch lent to every call keeps an ordinary paragraph's arrays for
 * the next call, gives back what a very long paragraph grew (more than
 * 1 MiB) before the call returns, and answers as a call of its own
 * before and after. */
static void scratch_kept_small_given_back_large(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_lb_scratch *scr = bk_lb_scratch_new();
    assert_non_null(ctx);
    assert_non_null(scr);
    assert_int_equal(bk_lb_scratch_bytes(scr), 0);
    double ws[2] = {120, 120};
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    size_t words[3] = {60, 40000, 60};
    for (int k = 0; k < 3; k++) {
        para p = {0};
        random_para(&p, words[k], 11u + (unsigned)k, 0);
        bk_lb_target t = {.looseness = 0, .required = 1};
        assert_int_equal(bk_lb_break_targets(ctx, scr, p.it, p.n, ws, 2, &prm, &t, 1), BK_OK);
        assert_as_own_call(ctx, &p, ws, prm, &t);
        if (k == 1)
            assert_int_equal(bk_lb_scratch_bytes(scr), 0);
        else
            assert_true(bk_lb_scratch_bytes(scr) > 0 && bk_lb_scratch_bytes(scr) <= (1u << 20));
        free(t.lines);
        free(p.it);
    }
    bk_lb_scratch_free(scr);
    bk_ctx_free(ctx);
}

static void params_equal_sees_every_field(void **state)
{
    (void)state;
    bk_lb_params a, b;
    bk_lb_params_default(&a);
    b = a;
    assert_true(bk_lb_params_equal(&a, &b));
    for (int f = 0; f < 9; f++) {
        b = a;
        switch (f) {
        case 0: b.tolerance += 1; break;
        case 1: b.pretolerance += 1; break;
        case 2: b.emergency_stretch += 1; break;
        case 3: b.looseness += 1; break;
        case 4: b.line_penalty += 1; break;
        case 5: b.flagged_demerits += 1; break;
        case 6: b.fitness_demerits += 1; break;
        case 7: b.max_consecutive_hyphens += 1; break;
        default: b.box_levels += 1; break;
        }
        assert_false(bk_lb_params_equal(&a, &b));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(targets_are_separate_runs),
        cmocka_unit_test(targets_one_and_refused),
        cmocka_unit_test(params_equal_sees_every_field),
        cmocka_unit_test(kept_sums_give_the_same_answers),
        cmocka_unit_test(scratch_kept_small_given_back_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
