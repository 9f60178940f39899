/* Unit tests: maps (map.c) drawn into frames with the real fonts, checked
 * for what a printed map needs (everything inside its rectangle, no label
 * over another, every place named, print colours only), then written as a
 * PDF for a look: BK_MAP_PDF_DIR receives map-campaign-LANG.pdf and
 * map-overview-LANG.pdf (default: the test's own mkdtemp folder, removed at
 * the end unless BK_TEST_KEEP is set; a fixed /tmp name would clash with
 * the files another user's run left there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "map.h"
#include "paragraph.h"
#include "pdf.h"

#define LAYOUT "tests/data/map-layout.xml"

typedef struct fixture {
    bk_ctx *ctx;
    bk_layout *layout;
    bk_fontset *fonts;
    bk_setter *setter;
    bk_typeset_stats tstats;
    char dir[64]; /* this run's own folder for the PDFs */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = bk_ctx_new();
    f->ctx->epoch = 1700000000;
    if (bk_layout_load(f->ctx, LAYOUT, &f->layout) ||
        bk_fontset_load(f->ctx, bk_layout_fonts_path(f->layout), &f->fonts) ||
        !(f->setter = bk_setter_new(f->ctx, f->layout, f->fonts, "map", &f->tstats))) {
        fprintf(stderr, "%s\n", bk_diag_error_message(f->ctx->diag));
        return -1;
    }
    strcpy(f->dir, "/tmp/bk-test-map-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (!getenv("BK_TEST_KEEP") && system(cmd) != 0)
        return -1;
    bk_setter_free(f->setter);
    bk_fontset_free(f->fonts);
    bk_layout_free(f->layout);
    bk_ctx_free(f->ctx);
    free(f);
    return 0;
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* A glyph run's ink box, generously: the em box from 0.25 em below the
 * baseline to 0.95 em above, along every glyph's pen position. */
static box run_box(const bk_glyph_run *r)
{
    box b = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    double x = r->x;
    for (size_t i = 0; i < r->n; i++) {
        double y = r->y + r->yoff[i];
        b.x0 = fmin(b.x0, x);
        b.x1 = fmax(b.x1, x + r->advance[i]);
        b.y0 = fmin(b.y0, y - 0.2 * r->size);
        b.y1 = fmax(b.y1, y + 0.8 * r->size);
        x += r->advance[i];
    }
    if (!r->n)
        b.x0 = b.x1 = r->x, b.y0 = b.y1 = r->y;
    return b;
}

static int print_color(bk_color c)
{
    if (c.n != 1 && c.n != 4)
        return 0;
    for (int i = 0; i < c.n; i++)
        if (c.c[i] < 0 || c.c[i] > 1)
            return 0;
    return 1;
}

/* Concatenated text of the page's runs, to look names up. */
static char *page_text(const bk_page *p)
{
    size_t n = 1;
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].kind == BK_ITEM_GLYPHS)
            n += p->items[i].u.glyphs.textlen + 1;
    char *s = calloc(n, 1);
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].kind == BK_ITEM_GLYPHS) {
            strncat(s, p->items[i].u.glyphs.text, p->items[i].u.glyphs.textlen);
            strcat(s, "|");
        }
    return s;
}

/* Draws map `name` on an A5 page inside the handout's text area, checks
 * it, writes it as a PDF. */
static void draw_and_check(fixture *f, const char *name, const char *lang,
                           const char *const *must, double hfrac, int all_placed)
{
    bk_map_spec *spec = NULL;
    if (bk_map_spec_load(f->ctx, name, ".", &spec))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    const bk_page_geom *g = bk_layout_page(f->layout);
    bk_frames *fr = bk_frames_new();
    bk_frames_set_meta(fr, name, lang, NULL, NULL);
    bk_page *page = bk_frames_add_page(fr, g->width, g->height);
    double x = g->inner, y = g->bottom, w = g->width - g->inner - g->outer;
    double h = (g->height - g->top - g->bottom) * hfrac;
    bk_map_stats ms;
    bk_diag_clear(f->ctx->diag);
    if (bk_map_draw(f->ctx, f->setter, spec, page, x, y, w, h, lang, &ms))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    for (size_t i = 0; all_placed && i < bk_diag_warning_count(f->ctx->diag); i++)
        fprintf(stderr, "%s\n", bk_diag_warning(f->ctx->diag, i));
    /* the PDF first, to look at even when a check fails */
    char path[512];
    const char *dir = getenv("BK_MAP_PDF_DIR");
    snprintf(path, sizeof path, "%s/map-%s-%s%s.pdf", dir ? dir : f->dir, name, lang,
             hfrac < 1 ? "-half" : "");
    bk_pdf_options o = {.compress = 1, .kind = BK_PDF_READING};
    if (bk_pdf_write(f->ctx, fr, f->fonts, &o, path))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    /* every named place has a label, or the map says which has none */
    assert_true(ms.places > 5);
    assert_int_equal(ms.labels + ms.unplaced, ms.places);
    assert_int_equal(bk_diag_warning_count(f->ctx->diag), ms.unplaced);
    if (all_placed)
        assert_int_equal(ms.unplaced, 0);
    else
        assert_true(ms.unplaced > 0);
    assert_true(ms.paths > 10 && ms.glyph_runs > ms.places);
    /* everything inside the rectangle; print colours only */
    const double eps = 1e-6;
    size_t nruns = 0;
    box *rb = calloc(page->n, sizeof(*rb));
    for (size_t i = 0; i < page->n; i++) {
        const bk_item *it = &page->items[i];
        if (it->kind == BK_ITEM_PATH) {
            const bk_path *p = &it->u.path;
            if (p->fill)
                assert_true(print_color(p->fill_color));
            if (p->stroke)
                assert_true(print_color(p->stroke_color));
            for (size_t k = 0; k < p->n; k++) {
                int np = p->ops[k].op == BK_PATH_CURVE ? 3 : p->ops[k].op == BK_PATH_CLOSE ? 0 : 1;
                for (int q = 0; q < np; q++) {
                    double px = p->ops[k].pt[2 * q], py = p->ops[k].pt[2 * q + 1];
                    if (px < x - eps || px > x + w + eps || py < y - eps || py > y + h + eps)
                        fail_msg("path %zu point (%g, %g) outside the rectangle", i, px, py);
                }
            }
        } else if (it->kind == BK_ITEM_GLYPHS) {
            const bk_glyph_run *r = &it->u.glyphs;
            assert_true(print_color(r->color));
            box b = run_box(r);
            if (b.x0 < x - eps || b.x1 > x + w + eps || b.y0 < y - 1 || b.y1 > y + h + 1)
                fail_msg("text \"%.*s\" outside the rectangle", (int)r->textlen, r->text);
            rb[nruns++] = b;
        }
    }
    /* no two runs overlap (the runs of one line abut: allow a hair) */
    size_t overlaps = 0;
    for (size_t i = 0; i < nruns; i++)
        for (size_t k = i + 1; k < nruns; k++) {
            double ox = fmin(rb[i].x1, rb[k].x1) - fmax(rb[i].x0, rb[k].x0);
            double oy = fmin(rb[i].y1, rb[k].y1) - fmax(rb[i].y0, rb[k].y0);
            if (ox > 0.05 && oy > 0.05)
                overlaps++;
        }
    assert_int_equal(overlaps, 0);
    char *text = page_text(page);
    for (size_t i = 0; must && must[i]; i++)
        if (!strstr(text, must[i]))
            fail_msg("no label \"%s\" on the %s map (%s)", must[i], name, lang);
    free(text);
    free(rb);
    bk_frames_free(fr);
    bk_map_spec_free(spec);
}

static void campaign_map_in_english(void **state)
{
    static const char *const must[] = {
        "Peking", "Tientsin", "Pehtang", "Taku Forts", "Tangku", "Peiho", "Chang-kia-wan",
        "Tungchow", "Pa-li-chiao", "An-ting Gate", "Yuen-ming-yuen", "Gulf of",
        "landing 1 Aug", "stormed 21 Aug", "battle 21 Sep", "entered 13 Oct",
        "looted 6 Oct", "burned 18 Oct",
        "Coastlines and rivers: GSHHG 2.3.7 (Wessel & Smith), LGPL-3.0", "km", "miles",
        "39°30′N", NULL};
    draw_and_check(*state, "campaign", "en", must, 1, 1);
}

static void campaign_map_in_vietnamese_and_chinese(void **state)
{
    static const char *const vi[] = {"Bắc Kinh", "Thiên Tân", "Bát Lý Kiều", "Viên Minh Viên",
                                     "đổ bộ 1/8", "lý", NULL};
    static const char *const zh[] = {"北京", "天津", "八里桥", "圆明园", "安定门", "8月1日登陆",
                                     "里", NULL};
    static const char *const hant[] = {"八里橋", "圓明園", "安定門", NULL};
    draw_and_check(*state, "campaign", "vi", vi, 1, 1);
    draw_and_check(*state, "campaign", "zh-Hans", zh, 1, 1);
    draw_and_check(*state, "campaign", "zh-Hant", hant, 1, 1);
}

static void overview_map(void **state)
{
    static const char *const en[] = {"Canton", "Shanghai", "Peking", "Tientsin", "Chefoo",
                                     "Talien-wan", "Tinghai", "Jehol", "Vladivostok",
                                     "Victoria, Hong Kong", "Kowloon", "Usuri", "Amoor",
                                     "ceded to Russia, 1860", NULL};
    static const char *const zh[] = {"广州", "上海", "香港", "九龙", "海参崴", NULL};
    draw_and_check(*state, "overview", "en", en, 1, 1);
    draw_and_check(*state, "overview", "zh-Hans", zh, 1, 1);
    draw_and_check(*state, "overview", "vi", NULL, 1, 1);
}

/* Both maps are made for a full page: in 60% of one the campaign map's
 * inset covers Tientsin and the overview's legend covers Peking. They say
 * so: the labels they could not place are counted and warned about, never
 * dropped silently. */
static void half_page_maps(void **state)
{
    draw_and_check(*state, "overview", "en", NULL, 0.6, 0);
    draw_and_check(*state, "campaign", "en", NULL, 0.6, 0);
}

static void bad_requests_are_refused(void **state)
{
    fixture *f = *state;
    bk_map_spec *spec = NULL;
    assert_int_equal(bk_map_spec_load(f->ctx, "atlantis", ".", &spec), BK_EUSAGE);
    assert_null(spec);
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_map_spec_load(f->ctx, "campaign", "/nonexistent", &spec), BK_EINPUT);
    assert_null(spec);
    assert_string_equal(bk_map_names()[0], "campaign");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(campaign_map_in_english),
        cmocka_unit_test(campaign_map_in_vietnamese_and_chinese),
        cmocka_unit_test(overview_map),
        cmocka_unit_test(half_page_maps),
        cmocka_unit_test(bad_requests_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
