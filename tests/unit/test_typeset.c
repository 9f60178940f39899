/* Unit tests: compose and the text engine (compose.c, typeset.c), through
 * the trace backend (trace.c): a golden trace of a small trilingual
 * document plus properties every page must have. Set BK_UPDATE_GOLDEN=1 to
 * rewrite the golden file after an intended layout change (then look at
 * the diff and the rendered pages). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "layout.h"
#include "trace.h"
#include "typeset.h"
#include "unicode.h"
#include "xml.h"

#define SAMPLE "tests/data/typeset-sample.xml"
#define GOLDEN "tests/golden/trace/typeset-sample.trace"

typedef struct fixture {
    bk_ctx *ctx;
    bk_layout *layout;
    bk_fontset *fonts;
    bk_node *tei;
    bk_flow *flow;
    bk_frames *frames;
    bk_typeset_stats stats;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = bk_ctx_new();
    if (bk_layout_load(f->ctx, "layouts/handout.xml", &f->layout) ||
        bk_fontset_load(f->ctx, bk_layout_fonts_path(f->layout), &f->fonts) ||
        bk_xml_read(f->ctx, SAMPLE, &f->tei) ||
        bk_compose(f->ctx, f->tei, SAMPLE, &f->flow) ||
        bk_typeset(f->ctx, f->flow, f->layout, f->fonts, &f->frames, &f->stats)) {
        fprintf(stderr, "%s\n", bk_diag_error_message(f->ctx->diag));
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bk_frames_free(f->frames);
    bk_flow_free(f->flow);
    bk_node_free(f->tei);
    bk_fontset_free(f->fonts);
    bk_layout_free(f->layout);
    bk_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void compose_makes_blocks_in_order(void **state)
{
    fixture *f = *state;
    static const char *const styles[] = {"title", "hatnote", "body", "heading",
                                         "item", "item", "body", "body", "body"};
    assert_int_equal(f->flow->n, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(f->flow->blocks[i].style, styles[i]);
    assert_string_equal(f->flow->title, "Kết thúc Chiến tranh nha phiến lần thứ hai");
    assert_string_equal(f->flow->blocks[4].label, "1.");
    assert_string_equal(f->flow->blocks[6].lang, "zh-Hans");
    /* XML line breaks and indentation are not text */
    assert_null(strchr(f->flow->blocks[2].text, '\n'));
    assert_int_equal(f->flow->blocks[2].nspans, 1);
    assert_string_equal(f->flow->blocks[2].spans[0].lang, "zh-Hant");
}

static void trace_matches_golden(void **state)
{
    fixture *f = *state;
    bk_buf tr = {0};
    assert_int_equal(bk_trace_write(f->ctx, f->frames, f->fonts, &tr), BK_OK);
    if (getenv("BK_UPDATE_GOLDEN")) {
        assert_int_equal(bk_file_write_atomic(f->ctx, GOLDEN, tr.data, tr.len), BK_OK);
    }
    char *want = NULL;
    size_t len = 0;
    assert_int_equal(bk_file_read(f->ctx, GOLDEN, 1 << 20, &want, &len), BK_OK);
    assert_string_equal(tr.data, want);
    free(want);
    bk_buf_release(&tr);
}

/* Right edge of the text area on page i (1-based), mirrored margins. */
static double right_edge(const fixture *f, size_t i)
{
    const bk_page_geom *g = bk_layout_page(f->layout);
    return g->width - (i % 2 ? g->outer : g->inner);
}

static double run_width(const bk_glyph_run *r)
{
    double w = 0;
    for (size_t k = 0; k < r->n; k++)
        w += r->advance[k];
    return w;
}

static void lines_stay_in_the_measure(void **state)
{
    fixture *f = *state;
    size_t runs = 0;
    for (size_t i = 0; i < f->frames->n; i++) {
        const bk_page *p = f->frames->pages[i];
        for (size_t k = 0; k < p->n; k++) {
            if (p->items[k].kind != BK_ITEM_GLYPHS)
                continue;
            const bk_glyph_run *r = &p->items[k].u.glyphs;
            assert_true(r->x >= bk_layout_page(f->layout)->outer - 0.01 ||
                        r->x >= bk_layout_page(f->layout)->inner - 20);
            assert_true(r->x + run_width(r) <= right_edge(f, i + 1) + 0.01);
            assert_true(r->y >= bk_layout_page(f->layout)->folio - 0.01);
            runs++;
        }
    }
    assert_true(runs > 20);
    /* the over-long English word was broken, and said so */
    assert_int_equal(f->stats.emergency_breaks, 1);
    assert_int_equal(f->stats.missing_chars, 0);
}

static void justified_lines_reach_the_right_edge(void **state)
{
    fixture *f = *state;
    /* Lines of the English paragraph: every line but the last ends flush. */
    const bk_page *p = f->frames->pages[0];
    int flush = 0, seen = 0;
    for (size_t k = 0; k < p->n; k++) {
        const bk_glyph_run *r = &p->items[k].u.glyphs;
        if (p->items[k].kind != BK_ITEM_GLYPHS || strncmp(r->text, "The Battle", 10) != 0)
            continue;
        seen = 1;
        double end = r->x + run_width(r);
        flush = end > right_edge(f, 1) - 0.01;
    }
    if (!seen) { /* the paragraph may have moved to page 2 */
        p = f->frames->pages[1];
        for (size_t k = 0; k < p->n; k++) {
            const bk_glyph_run *r = &p->items[k].u.glyphs;
            if (p->items[k].kind == BK_ITEM_GLYPHS && strncmp(r->text, "The Battle", 10) == 0) {
                seen = 1;
                flush = r->x + run_width(r) > right_edge(f, 2) - 0.01;
            }
        }
    }
    assert_true(seen);
    assert_true(flush);
}

static void no_chinese_punctuation_starts_a_line(void **state)
{
    fixture *f = *state;
    static const char *const forbidden[] = {"，", "。", "、", "）", "：", "；", NULL};
    size_t zh_lines = 0;
    for (size_t i = 0; i < f->frames->n; i++) {
        const bk_page *p = f->frames->pages[i];
        double last_y = -1;
        for (size_t k = 0; k < p->n; k++) {
            if (p->items[k].kind != BK_ITEM_GLYPHS)
                continue;
            const bk_glyph_run *r = &p->items[k].u.glyphs;
            if (r->y == last_y)
                continue; /* not the first run of its line */
            last_y = r->y;
            size_t at = 0;
            if (!bk_unicode_is_cjk(bk_utf8_next(r->text, r->textlen, &at)))
                continue;
            zh_lines++;
            for (int j = 0; forbidden[j]; j++)
                assert_int_not_equal(strncmp(r->text, forbidden[j], strlen(forbidden[j])), 0);
        }
    }
    assert_true(zh_lines >= 4);
}

static void strict_mode_refuses_uncovered_characters(void **state)
{
    fixture *f = *state;
    bk_block b = {.style = "body", .lang = "en", .text = "Linear B \xf0\x90\x80\x80 sign",
                  .len = strlen("Linear B \xf0\x90\x80\x80 sign"), .line = 7};
    bk_flow flow = {.blocks = &b, .n = 1, .lang = "en", .file = "x.xml", .title = "t"};
    bk_frames *fr = NULL;
    bk_ctx *c = bk_ctx_new();
    c->strict = 1;
    assert_int_equal(bk_typeset(c, &flow, f->layout, f->fonts, &fr, NULL), BK_EINPUT);
    assert_null(fr);
    assert_non_null(strstr(bk_diag_error_message(c->diag), "x.xml:7: error: no configured font covers"));
    assert_non_null(strstr(bk_diag_error_message(c->diag), "U+10000"));
    /* not strict: a warning, and the page is still made */
    c->strict = 0;
    bk_diag_clear(c->diag);
    assert_int_equal(bk_typeset(c, &flow, f->layout, f->fonts, &fr, NULL), BK_OK);
    assert_true(bk_diag_warning_count(c->diag) >= 1);
    bk_frames_free(fr);
    bk_ctx_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compose_makes_blocks_in_order),
        cmocka_unit_test(trace_matches_golden),
        cmocka_unit_test(lines_stay_in_the_measure),
        cmocka_unit_test(justified_lines_reach_the_right_edge),
        cmocka_unit_test(no_chinese_punctuation_starts_a_line),
        cmocka_unit_test(strict_mode_refuses_uncovered_characters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
