/* Unit tests: compose and the text engine (compose.c, typeset.c), through
 * the trace backend (trace.c): a golden trace of a small trilingual
 * document plus properties every page must have, and a report that counts
 * every paragraph once however often pages are set again. Set BK_UPDATE_GOLDEN=1 to
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
#include <math.h>
#include <unistd.h>

#include "compose.h"
#include "paragraph.h"
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
    f->ctx->epoch = 1700000000; /* the cover's edition date: 14 Nov 2023 */
    f->ctx->datadir = "."; /* the catalogs (date forms): the repository's messages/ */
    if (bk_layout_load(f->ctx, "tests/unit/layout.xml", &f->layout) ||
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
    /* The first line of the English paragraph is justified: it ends flush
     * with the right edge of the text area of its page. */
    int seen = 0;
    for (size_t i = 0; i < f->frames->n; i++) {
        const bk_page *p = f->frames->pages[i];
        for (size_t k = 0; k < p->n; k++) {
            const bk_glyph_run *r = &p->items[k].u.glyphs;
            if (p->items[k].kind != BK_ITEM_GLYPHS || strncmp(r->text, "The Battle", 10) != 0)
                continue;
            seen = 1;
            assert_true(fabs(r->x + run_width(r) - right_edge(f, i + 1)) < 0.01);
        }
    }
    assert_true(seen);
}

static void front_and_back_matter(void **state)
{
    fixture *f = *state;
    /* cover i, contents ii, body from 1, colophon last */
    assert_true(f->frames->n >= 4);
    char lab[16];
    assert_string_equal(bk_folio_format(f->frames->pages[0]->folio, lab, sizeof lab), "i");
    assert_string_equal(bk_folio_format(f->frames->pages[1]->folio, lab, sizeof lab), "ii");
    assert_int_equal(f->frames->pages[2]->folio.style, BK_FOLIO_ARABIC);
    assert_int_equal(f->frames->pages[2]->folio.number, 1);
    /* the contents page links to the heading's anchor on the body page */
    const bk_page *c = f->frames->pages[1];
    const char *dest = NULL;
    for (size_t k = 0; k < c->n; k++)
        if (c->items[k].kind == BK_ITEM_LINK && !dest)
            dest = c->items[k].u.link.dest;
    assert_non_null(dest);
    int found = 0;
    for (size_t i = 2; i < f->frames->n; i++)
        for (size_t k = 0; k < f->frames->pages[i]->n; k++)
            if (f->frames->pages[i]->items[k].kind == BK_ITEM_ANCHOR &&
                strcmp(f->frames->pages[i]->items[k].u.anchor.name, dest) == 0)
                found = 1;
    assert_true(found);
    /* the cover carries no folio: its only runs are the title block, the
     * subtitle and the languages and date */
    const bk_page *cover = f->frames->pages[0];
    for (size_t k = 0; k < cover->n; k++)
        if (cover->items[k].kind == BK_ITEM_GLYPHS)
            assert_false(strcmp(cover->items[k].u.glyphs.text, "i") == 0);
}

static void no_chinese_punctuation_starts_a_line(void **state)
{
    fixture *f = *state;
    static const char *const forbidden[] = {"，", "。", "、", "）", "：", "；", "·", "”", NULL};
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
    /* Khitan small script: no installed font covers it, fallback neither */
    bk_block b = {.style = "body", .lang = "en", .text = "Khitan \xf0\x98\xac\x80 sign",
                  .len = strlen("Khitan \xf0\x98\xac\x80 sign"), .line = 7};
    bk_flow flow = {.blocks = &b, .n = 1, .lang = "en", .file = "x.xml", .title = "t"};
    bk_frames *fr = NULL;
    bk_ctx *c = bk_ctx_new();
    c->strict = 1;
    /* a fault: typesetting goes on (every fault is listed) and the error
     * is recorded; the build stops before writing */
    assert_int_equal(bk_typeset(c, &flow, f->layout, f->fonts, &fr, NULL), BK_OK);
    bk_frames_free(fr);
    fr = NULL;
    assert_int_equal(bk_diag_error_status(c->diag), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(c->diag), "x.xml:7: error: no configured font covers"));
    assert_non_null(strstr(bk_diag_error_message(c->diag), "U+18B00"));
    /* not strict: a warning, and the page is still made */
    c->strict = 0;
    bk_diag_clear(c->diag);
    assert_int_equal(bk_typeset(c, &flow, f->layout, f->fonts, &fr, NULL), BK_OK);
    assert_true(bk_diag_warning_count(c->diag) >= 1);
    bk_frames_free(fr);
    bk_ctx_free(c);
}

/* Sets one block alone and returns the set paragraph (caller releases). */
static void set_block(fixture *f, const char *lang, const char *text, double measure,
                      bk_typeset_stats *stats, bk_para *p)
{
    static bk_block b;
    memset(&b, 0, sizeof b);
    b.style = "body";
    b.lang = (char *)lang;
    b.text = (char *)text;
    b.len = strlen(text);
    b.line = 1;
    bk_setter *s = bk_setter_new(f->ctx, f->layout, f->fonts, "t.xml", stats);
    assert_non_null(s);
    assert_int_equal(bk_para_set(s, &b, "body", measure, p), BK_OK);
    bk_setter_free(s);
}

static const char *line_text(const bk_para *p, size_t i, char *buf, size_t n)
{
    size_t len = p->lines[i].text1 - p->lines[i].text0;
    if (len >= n)
        len = n - 1;
    memcpy(buf, p->block->text + p->lines[i].text0, len);
    buf[len] = 0;
    return buf;
}

static void english_is_hyphenated_and_the_hyphen_is_not_text(void **state)
{
    fixture *f = *state;
    bk_typeset_stats st = {0};
    bk_para p;
    set_block(f, "en", "The British and French forces sought to force China into further "
              "concessions, including the opening of more trade ports, the legalization of "
              "the opium trade, and the establishment of diplomatic representation in Beijing.",
              200, &st, &p);
    size_t hyph = 0;
    for (size_t i = 0; i < p.nlines; i++) {
        const bk_set_line *l = &p.lines[i];
        if (!l->hyphenated)
            continue;
        hyph++;
        /* the drawn hyphen stands for no character */
        const bk_set_glyph *last = &p.g[l->g0 + l->n - 1];
        assert_int_equal(last->cluster, l->text1);
        assert_int_equal(last->cluster_end, l->text1);
        char buf[256];
        line_text(&p, i, buf, sizeof buf);
        assert_int_not_equal(buf[strlen(buf) - 1], '-');
    }
    assert_true(hyph >= 1);
    assert_int_equal(st.hyphenated_lines, hyph);
    assert_true(st.max_hyphen_run <= 2);
    assert_int_equal(st.overfull_lines + st.loose_lines, 0);
    bk_para_release(&p);
}

static void vietnamese_breaks_only_at_spaces(void **state)
{
    fixture *f = *state;
    bk_typeset_stats st = {0};
    bk_para p;
    set_block(f, "vi", "Chiến thắng Anh-Pháp đã được đăng trên báo chí Anh như một chiến thắng "
              "của Thủ tướng Anh Palmerston, quân Anh-Pháp, liên quân Anh-Pháp, Anh-Pháp-Nga "
              "và Ignatiev—Nga tất cả đều được cấp một sự hiện diện ngoại giao vĩnh viễn.",
              120, &st, &p);
    assert_true(p.nlines >= 4);
    for (size_t i = 0; i + 1 < p.nlines; i++) {
        char buf[256];
        line_text(&p, i, buf, sizeof buf);
        size_t n = strlen(buf);
        assert_true(n > 0);
        /* never after a hyphen or a dash, and never hyphenated */
        assert_int_not_equal(buf[n - 1], '-');
        assert_false(n >= 3 && strcmp(buf + n - 3, "\xe2\x80\x94") == 0);
        assert_false(p.lines[i].hyphenated);
        /* the next line starts right after a space */
        assert_int_equal(p.block->text[p.lines[i + 1].text0 - 1], ' ');
    }
    bk_para_release(&p);
}

static double glyph_adv_at(const bk_para *p, const char *needle)
{
    const char *at = strstr(p->block->text, needle);
    assert_non_null(at);
    uint32_t off = (uint32_t)(at - p->block->text);
    for (size_t k = 0; k < p->ng; k++)
        if (p->g[k].cluster == off)
            return p->g[k].adv;
    fail_msg("no glyph at '%s'", needle);
    return 0;
}

static void chinese_spacing_follows_clreq(void **state)
{
    fixture *f = *state;
    bk_typeset_stats st = {0};
    bk_para p;
    /* ragged measure wide enough for one line: no justification */
    set_block(f, "zh-Hans", "到了1859年，弗雷德里克（额尔金之弟）、华若翰。", 1000, &st, &p);
    assert_int_equal(p.nlines, 1);
    double em = p.style.size;
    /* a quarter em between Han and Latin: 1859 -> 年 */
    double le = glyph_adv_at(&p, "了1"), dao = glyph_adv_at(&p, "到了");
    assert_true(fabs(le - dao - em / 4) < 0.01);     /* 了|1 */
    double wo = glyph_adv_at(&p, "弗雷"), fu = glyph_adv_at(&p, "，弗");
    assert_true(fabs(wo - em) < 0.01);                /* Han|Han: none */
    assert_true(fabs(fu - em) < 0.01);                /* ，|Han: none */
    /* two marks in a row take 1.5 em: ）、 -> ） is half width */
    assert_true(fabs(glyph_adv_at(&p, "）、") - em / 2) < 0.01);
    assert_true(fabs(glyph_adv_at(&p, "、华") - em) < 0.01);
    bk_para_release(&p);
}

static void vietnamese_capitals_get_more_leading(void **state)
{
    fixture *f = *state;
    bk_typeset_stats st = {0};
    bk_para lower, upper;
    set_block(f, "vi", "Kết thúc chiến tranh nha phiến lần thứ hai", 300, &st, &lower);
    set_block(f, "vi", "KẾT THÚC CHIẾN TRANH NHA PHIẾN LẦN THỨ HAI", 300, &st, &upper);
    /* stacked marks above capitals need room: a quarter em more */
    assert_true(fabs(upper.style.leading - lower.style.leading - upper.style.size / 4) < 1e-9);
    bk_para_release(&lower);
    bk_para_release(&upper);
}

static void chinese_avoids_a_lonely_last_character(void **state)
{
    fixture *f = *state;
    bk_typeset_stats st = {0};
    bk_para p;
    /* 2 em indent + 29 characters fill the first line of a 31 em measure;
     * the 30th character must not stand alone on the last line. */
    set_block(f, "zh-Hans", "清廷须与列强交换经各国政府批准的条约了中英中法中俄条约皆有届时至北京换约。",
              31 * 10.5, &st, &p);
    assert_true(p.nlines >= 2);
    char buf[256];
    line_text(&p, p.nlines - 1, buf, sizeof buf);
    assert_true(strlen(buf) > strlen("约。"));
    assert_int_equal(st.lonely_last_chars, 0);
    bk_para_release(&p);
}

/* Faults of a line are flagged when it is set and reported, with the page
 * named by its folio, when it is drawn. */
static void line_faults_are_flagged_and_reported_on_their_page(void **state)
{
    fixture *f = *state;
    bk_typeset_stats st = {0};
    bk_para p;
    /* a word wider than the 8 em measure: broken where it has no break
     * point, and the line before it stretched beyond the tolerance */
    set_block(f, "en", "An Pneumonoultramicroscopicsilicovolcanoconiosisand"
              "evenlongerwordsthatneverendatall inside it, and words after it.", 8 * 10.5, &st, &p);
    unsigned all = 0;
    for (size_t i = 0; i < p.nlines; i++)
        all |= p.lines[i].faults;
    assert_true(all & BK_LINE_EMERGENCY);
    assert_true(all & BK_LINE_TOO_LOOSE);
    assert_true(st.emergency_breaks >= 1 && st.loose_lines >= 1);
    bk_page page = {.folio = {BK_FOLIO_ARABIC, 7}};
    bk_ctx *c = bk_ctx_new();
    for (size_t i = 0; i < p.nlines; i++)
        bk_para_line_report(c, &p, &p.lines[i], &page);
    assert_true(bk_diag_warning_count(c->diag) >= 2);
    assert_int_equal(bk_diag_error_status(c->diag), BK_OK);
    assert_non_null(strstr(bk_diag_warning(c->diag, 0),
                           "t.xml:1: warning: page 7, line 1 of the paragraph: "));
    /* under --strict a fault is an error */
    c->strict = 1;
    bk_diag_clear(c->diag);
    for (size_t i = 0; i < p.nlines; i++)
        bk_para_line_report(c, &p, &p.lines[i], &page);
    assert_int_equal(bk_diag_error_status(c->diag), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(c->diag), "error: page 7, line "));
    bk_ctx_free(c);
    bk_para_release(&p);
}

static void kinsoku_is_a_chinese_rule(void **state)
{
    fixture *f = *state;
    bk_typeset_stats st = {0};
    bk_para p;
    /* 40 closing brackets are wider than the measure: the run must break
     * inside, and the next line starts with one */
    char zh[256] = "字";
    for (int i = 0; i < 40; i++)
        strcat(zh, "」");
    strcat(zh, "字字。");
    set_block(f, "zh-Hans", zh, 20 * 10.5, &st, &p);
    size_t bad = 0;
    for (size_t i = 0; i < p.nlines; i++)
        bad += (p.lines[i].faults & BK_LINE_BAD_START) != 0;
    assert_true(bad >= 1);
    assert_int_equal(st.bad_line_starts, bad);
    bk_para_release(&p);
    /* English may start a line with an em dash: no fault */
    memset(&st, 0, sizeof st);
    set_block(f, "en", "one—two—three—four—five—six—seven—eight—nine", 6 * 10.5, &st, &p);
    for (size_t i = 0; i < p.nlines; i++)
        assert_false(p.lines[i].faults & (BK_LINE_BAD_START | BK_LINE_BAD_END));
    assert_int_equal(st.bad_line_starts, 0);
    bk_para_release(&p);
}

/* Page (0-based) where a run whose text starts with `prefix` is drawn, or -1. */
static int page_of(const bk_frames *fr, const char *prefix, int from)
{
    for (size_t i = (size_t)from; i < fr->n; i++)
        for (size_t k = 0; k < fr->pages[i]->n; k++)
            /* not the folios at the foot of the page */
            if (fr->pages[i]->items[k].kind == BK_ITEM_GLYPHS &&
                fr->pages[i]->items[k].u.glyphs.y > 50) {
                const char *t = fr->pages[i]->items[k].u.glyphs.text;
                size_t n = strlen(prefix);
                /* a whole word: "Điều khoản số 1" must not match "... 10" */
                if (strncmp(t, prefix, n) == 0 && (t[n] == 0 || t[n] == ' ' ||
                                                   (unsigned char)t[n] >= 0x80))
                    return (int)i;
            }
    return -1;
}

static void tables_repeat_headers_and_keep_rows(void **state)
{
    fixture *f = *state;
    bk_node *tei = NULL;
    bk_flow *flow = NULL;
    bk_frames *fr = NULL;
    bk_typeset_stats st;
    assert_int_equal(bk_xml_read(f->ctx, "tests/data/long-table.xml", &tei), BK_OK);
    assert_int_equal(bk_compose(f->ctx, tei, "long-table.xml", &flow), BK_OK);
    assert_non_null(flow->blocks[1].table);
    assert_int_equal(flow->blocks[1].table->ncols, 4);
    assert_int_equal(flow->blocks[1].table->nrows, 61);
    assert_int_equal(bk_typeset(f->ctx, flow, f->layout, f->fonts, &fr, &st), BK_OK);
    assert_int_equal(bk_typeset_stats_faults(&st), 0);
    /* every page the table runs over starts with the header row */
    int first = page_of(fr, "Tiếng Việt", 0), last = page_of(fr, "第60款", 0);
    assert_true(first >= 0 && last > first + 2);
    for (int p = first; p <= last; p++)
        assert_int_equal(page_of(fr, "Tiếng Việt", p), p);
    /* rows are kept whole: the cells of a row are on one page */
    char a[64], b[64];
    for (int r = 1; r <= 60; r++) {
        /* the number cell (exactly "r") and the Chinese cell of row r */
        snprintf(a, sizeof a, "%d", r);
        snprintf(b, sizeof b, "第%d款", r);
        int pa = page_of(fr, a, first), pb = page_of(fr, b, first);
        assert_true(pa >= 0);
        assert_int_equal(pa, pb);
    }
    /* columns fill the measure and the narrow number column stays narrow;
     * rules are drawn (paths) */
    size_t paths = 0;
    for (size_t k = 0; k < fr->pages[first]->n; k++)
        paths += fr->pages[first]->items[k].kind == BK_ITEM_PATH;
    assert_true(paths >= 3);
    bk_frames_free(fr);
    bk_flow_free(flow);
    bk_node_free(tei);
}

static void alignment_splits_paragraphs_at_sentences(void **state)
{
    fixture *f = *state;
    bk_flow *fl = bk_flow_new("t.xml", "en");
    assert_non_null(fl);
    fl->blocks = calloc(1, sizeof(bk_block));
    fl->cap = fl->n = 1;
    fl->blocks[0] = (bk_block){.style = "body", .lang = strdup("en"),
                               .text = strdup("First one. Second one. Third."),
                               .len = strlen("First one. Second one. Third."),
                               .id = strdup("x.p1")};
    char *l1[] = {strdup("x.p1@3"), strdup("y.p9"), NULL};
    char *l2[] = {strdup("x.p1@2"), strdup("y.p8"), NULL};
    char **ids[] = {l2, l1};
    bk_alignment al = {.n = 2, .ids = ids};
    assert_int_equal(bk_flow_split_sentences(f->ctx, fl, &al), BK_OK);
    assert_int_equal(fl->n, 3);
    assert_string_equal(fl->blocks[0].text, "First one.");
    assert_string_equal(fl->blocks[1].text, "Second one.");
    assert_string_equal(fl->blocks[1].id, "x.p1@2");
    assert_true(fl->blocks[1].continued);
    assert_string_equal(fl->blocks[2].text, "Third.");
    assert_string_equal(fl->blocks[2].id, "x.p1@3");
    /* a sentence the paragraph does not have is an input error */
    char *l3[] = {strdup("x.p1@9"), strdup("y.p1"), NULL};
    char **ids3[] = {l3};
    bk_alignment bad = {.n = 1, .ids = ids3};
    assert_int_equal(bk_flow_split_sentences(f->ctx, fl, &bad), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(f->ctx->diag), "sentence 9 of x.p1"));
    bk_diag_clear(f->ctx->diag);
    for (int i = 0; l1[i]; i++) free(l1[i]);
    for (int i = 0; l2[i]; i++) free(l2[i]);
    for (int i = 0; l3[i]; i++) free(l3[i]);
    bk_flow_free(fl);
}


/* ---- structure tags (typeset-tags.c) ---- */

/* Every page's tags nest (never closed more than opened, all closed at the
 * page's end), its first tag opens the Document, and every glyph run and
 * path is inside a tag (an element or an artifact). */
static void tags_nest_on_every_page(const bk_frames *fr)
{
    for (size_t i = 0; i < fr->n; i++) {
        const bk_page *pg = fr->pages[i];
        int depth = 0, first = 1;
        for (size_t k = 0; k < pg->n; k++) {
            const bk_item *it = &pg->items[k];
            if (it->kind == BK_ITEM_TAG_START) {
                if (first && it->u.tag.role != BK_ROLE_DOCUMENT && it->u.tag.role != BK_ROLE_ARTIFACT)
                    fail_msg("page %zu: the first element is %s, not the Document", i + 1,
                             bk_role_name(it->u.tag.role));
                first = 0;
                depth++;
            } else if (it->kind == BK_ITEM_TAG_END) {
                if (--depth < 0)
                    fail_msg("page %zu: a tag closed that was not open", i + 1);
            } else if ((it->kind == BK_ITEM_GLYPHS || it->kind == BK_ITEM_PATH) && depth == 0) {
                fail_msg("page %zu: item %zu drawn outside any tag", i + 1, k);
            }
        }
        if (depth != 0)
            fail_msg("page %zu: %d tags left open", i + 1, depth);
    }
}

/* The role of the innermost tag open before item k of pg, or -1. */
static int role_before(const bk_page *pg, size_t k)
{
    int stack[64], n = 0;
    for (size_t i = 0; i < k && i < pg->n; i++) {
        if (pg->items[i].kind == BK_ITEM_TAG_START && n < 64)
            stack[n++] = (int)pg->items[i].u.tag.role;
        else if (pg->items[i].kind == BK_ITEM_TAG_END && n > 0)
            n--;
    }
    return n ? stack[n - 1] : -1;
}

/* The first tag of role r with a given lang or actual text (NULL: any). */
static const bk_tag *find_tag(const bk_frames *fr, bk_role r, const char *lang,
                              const char *actual_part)
{
    for (size_t i = 0; i < fr->n; i++)
        for (size_t k = 0; k < fr->pages[i]->n; k++) {
            const bk_item *it = &fr->pages[i]->items[k];
            if (it->kind != BK_ITEM_TAG_START || it->u.tag.role != r)
                continue;
            if (lang && (!it->u.tag.lang || strcmp(it->u.tag.lang, lang) != 0))
                continue;
            if (actual_part && (!it->u.tag.actual || !strstr(it->u.tag.actual, actual_part)))
                continue;
            return &it->u.tag;
        }
    return NULL;
}

/* The sample: Part and H1 for the title, Sect and H2 for the heading, a
 * list whose label runs come before their items' text inside Lbl then
 * LBody, the foreign passage in a Span with its language, "1859年" in a
 * Span whose ActualText gives the text without the clreq space, folios as
 * artifacts. */
static void structure_tags_follow_the_document(void **state)
{
    fixture *f = *state;
    tags_nest_on_every_page(f->frames);
    assert_non_null(find_tag(f->frames, BK_ROLE_PART, NULL, NULL));
    assert_non_null(find_tag(f->frames, BK_ROLE_H1, NULL, NULL));
    assert_non_null(find_tag(f->frames, BK_ROLE_SECT, NULL, NULL));
    assert_non_null(find_tag(f->frames, BK_ROLE_H2, NULL, NULL));
    assert_non_null(find_tag(f->frames, BK_ROLE_L, NULL, NULL));
    assert_non_null(find_tag(f->frames, BK_ROLE_SPAN, "zh-Hant", NULL));
    assert_non_null(find_tag(f->frames, BK_ROLE_SPAN, NULL, "9年"));
    assert_non_null(find_tag(f->frames, BK_ROLE_TOC, NULL, NULL));
    assert_non_null(find_tag(f->frames, BK_ROLE_TOCI, NULL, NULL));
    const bk_tag *doc = find_tag(f->frames, BK_ROLE_DOCUMENT, NULL, NULL);
    assert_non_null(doc);
    assert_string_equal(doc->lang, "vi");
    assert_string_equal(doc->id, "bk.document");
    size_t labels = 0, artifacts = 0;
    for (size_t i = 0; i < f->frames->n; i++) {
        const bk_page *pg = f->frames->pages[i];
        long label_at = -1;
        for (size_t k = 0; k < pg->n; k++) {
            const bk_item *it = &pg->items[k];
            artifacts += it->kind == BK_ITEM_TAG_START && it->u.tag.role == BK_ROLE_ARTIFACT;
            if (it->kind != BK_ITEM_GLYPHS)
                continue;
            if (strcmp(it->u.glyphs.text, "1.") == 0 || strcmp(it->u.glyphs.text, "2.") == 0) {
                assert_int_equal(role_before(pg, k), BK_ROLE_LBL);
                label_at = (long)k;
                labels++;
            } else if (strstr(it->u.glyphs.text, "Trung Quốc ký kết") ||
                       strstr(it->u.glyphs.text, "Mở Thiên Tân")) {
                /* the item's body: after its label, in the LBody */
                assert_true(label_at >= 0 && (size_t)label_at < k);
                assert_int_equal(role_before(pg, k), BK_ROLE_LBODY);
            }
        }
    }
    assert_int_equal(labels, 2);
    /* every folio is an artifact */
    size_t folios = 0;
    for (size_t i = 0; i < f->frames->n; i++) {
        const bk_page *pg = f->frames->pages[i];
        char num[32];
        bk_folio_format(pg->folio, num, sizeof num);
        for (size_t k = 0; *num && k < pg->n; k++)
            if (pg->items[k].kind == BK_ITEM_GLYPHS && strcmp(pg->items[k].u.glyphs.text, num) == 0 &&
                pg->items[k].u.glyphs.y < 60) {
                assert_int_equal(role_before(pg, k), BK_ROLE_ARTIFACT);
                folios++;
            }
    }
    assert_true(folios >= 1);
    assert_true(artifacts >= folios);
}

/* A long table: Table, THead with TH cells (scope Column), TBody with TD;
 * a row's cells keep their ids; the header repeated on later pages is an
 * artifact, not a second header. */
static void table_tags(void **state)
{
    fixture *f = *state;
    bk_node *tei = NULL;
    bk_flow *flow = NULL;
    bk_frames *fr = NULL;
    bk_typeset_stats st;
    assert_int_equal(bk_xml_read(f->ctx, "tests/data/long-table.xml", &tei), BK_OK);
    assert_int_equal(bk_compose(f->ctx, tei, "long-table.xml", &flow), BK_OK);
    assert_int_equal(bk_typeset(f->ctx, flow, f->layout, f->fonts, &fr, &st), BK_OK);
    tags_nest_on_every_page(fr);
    size_t th = 0, td = 0, head_runs = 0, head_in_artifact = 0;
    for (size_t i = 0; i < fr->n; i++) {
        const bk_page *pg = fr->pages[i];
        for (size_t k = 0; k < pg->n; k++) {
            const bk_item *it = &pg->items[k];
            if (it->kind == BK_ITEM_TAG_START && it->u.tag.role == BK_ROLE_TH) {
                th++;
                assert_int_equal(it->u.tag.scope, BK_SCOPE_COLUMN);
                assert_non_null(strstr(it->u.tag.id, ".r1.c"));
            }
            td += it->kind == BK_ITEM_TAG_START && it->u.tag.role == BK_ROLE_TD;
            if (it->kind == BK_ITEM_GLYPHS && strcmp(it->u.glyphs.text, "Tiếng Việt") == 0) {
                head_runs++;
                int r = role_before(pg, k);
                head_in_artifact += r == BK_ROLE_ARTIFACT;
                if (r != BK_ROLE_ARTIFACT)
                    assert_int_equal(r, BK_ROLE_TH);
            }
        }
    }
    assert_int_equal(th, 4);         /* one header row, tagged once */
    assert_true(td >= 60 * 4);
    assert_true(head_runs >= 3);     /* repeated on every page */
    assert_int_equal(head_in_artifact, head_runs - 1);
    assert_non_null(find_tag(fr, BK_ROLE_THEAD, NULL, NULL));
    assert_non_null(find_tag(fr, BK_ROLE_TBODY, NULL, NULL));
    bk_frames_free(fr);
    bk_flow_free(flow);
    bk_node_free(tei);
}

/* A page set again (typeset-loose.c) rolls pagination back past
 * paragraphs already set ahead of it; placed again they are taken back
 * with their counts, not set again, and the report counts each paragraph
 * once: one a block of the text and one a folio (this layout has no front
 * or back matter). The test's own text, long enough for pages to be set
 * again, written to a folder of its own. */
static void report_counts_each_paragraph_once(void **state)
{
    fixture *f = *state;
    static const char *const words[] = {
        "the", "treaty", "was", "signed", "after", "a", "long", "dispute", "in", "which",
        "many", "envoys", "were", "treated", "badly", "and", "merchants", "of", "coast",
        "argued", "that", "port", "would", "serve", "everyone", "court", "answered",
        "garrisons", "could", "not", "stand", "another", "blockade", "river", "towns"};
    char dir[] = "/tmp/bk-test-typeset-XXXXXX", path[64], lpath[64], cwd[512];
    assert_non_null(mkdtemp(dir));
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/text.xml", dir);
    snprintf(lpath, sizeof lpath, "%s/layout.xml", dir);
    FILE *fp = fopen(lpath, "w");
    assert_non_null(fp);
    fprintf(fp, "<layout extends=\"%s/tests/unit/layout.xml\">\n"
                "  <front cover=\"no\" contents=\"no\"/>\n  <back colophon=\"no\"/>\n"
                "</layout>\n", cwd);
    fclose(fp);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>"
          "<titleStmt><title>Tides</title></titleStmt>"
          "<publicationStmt><p>Test data.</p></publicationStmt>"
          "<sourceDesc><p>Written by test_typeset.c.</p></sourceDesc>"
          "</fileDesc></teiHeader><text xml:lang=\"en\"><body><div>\n", fp);
    unsigned long r = 7;
    for (int i = 0; i < 90; i++) {
        fputs("<p>", fp);
        int n = 12 + (int)(i * 37 % 110);
        for (int k = 0; k < n; k++) {
            r = r * 1103515245 + 12345;
            fprintf(fp, "%s%s", k ? " " : "", words[(r >> 16) % (sizeof words / sizeof *words)]);
        }
        fputs(".</p>\n", fp);
    }
    fputs("</div></body></text></TEI>\n", fp);
    fclose(fp);
    bk_layout *layout = NULL;
    bk_node *tei = NULL;
    bk_flow *flow = NULL;
    bk_frames *frames = NULL;
    bk_typeset_stats stats;
    assert_int_equal(bk_layout_load(f->ctx, lpath, &layout), BK_OK);
    assert_int_equal(bk_xml_read(f->ctx, path, &tei), BK_OK);
    assert_int_equal(bk_compose(f->ctx, tei, path, &flow), BK_OK);
    assert_int_equal(bk_typeset(f->ctx, flow, layout, f->fonts, &frames, &stats), BK_OK);
    size_t text_blocks = 0;
    for (size_t i = 0; i < flow->n; i++)
        text_blocks += flow->blocks[i].len > 0;
    assert_true(stats.pages > 10);
    assert_int_equal(stats.paragraphs, text_blocks + frames->n);
    bk_frames_free(frames);
    bk_flow_free(flow);
    bk_node_free(tei);
    bk_layout_free(layout);
    remove(path);
    remove(lpath);
    remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compose_makes_blocks_in_order),
        cmocka_unit_test(trace_matches_golden),
        cmocka_unit_test(lines_stay_in_the_measure),
        cmocka_unit_test(justified_lines_reach_the_right_edge),
        cmocka_unit_test(no_chinese_punctuation_starts_a_line),
        cmocka_unit_test(front_and_back_matter),
        cmocka_unit_test(tables_repeat_headers_and_keep_rows),
        cmocka_unit_test(strict_mode_refuses_uncovered_characters),
        cmocka_unit_test(english_is_hyphenated_and_the_hyphen_is_not_text),
        cmocka_unit_test(vietnamese_breaks_only_at_spaces),
        cmocka_unit_test(chinese_spacing_follows_clreq),
        cmocka_unit_test(chinese_avoids_a_lonely_last_character),
        cmocka_unit_test(line_faults_are_flagged_and_reported_on_their_page),
        cmocka_unit_test(kinsoku_is_a_chinese_rule),
        cmocka_unit_test(vietnamese_capitals_get_more_leading),
        cmocka_unit_test(alignment_splits_paragraphs_at_sentences),
        cmocka_unit_test(structure_tags_follow_the_document),
        cmocka_unit_test(table_tags),
        cmocka_unit_test(report_counts_each_paragraph_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
