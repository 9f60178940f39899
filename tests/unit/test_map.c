/* Unit tests: maps (map.c) drawn into frames with the real fonts, checked
 * for what a printed map needs (everything inside its rectangle, no label
 * over another, every place named, print colours only), then written as a
 * PDF for a look: BK_MAP_PDF_DIR receives map-campaign-LANG.pdf and
 * map-overview-LANG.pdf (default: the test's own mkdtemp folder, removed at
 * the end unless BK_TEST_KEEP is set; a fixed /tmp name would clash with
 * the files another user's run left there). A user's own map (a
 * definition, gazetteer and GMT layer written by the test into a folder of
 * its own) is drawn and checked too, and bad definitions are refused with
 * file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
        double y = r->y + (r->yoff ? r->yoff[i] : 0);
        b.x0 = fmin(b.x0, x);
        b.x1 = fmax(b.x1, x + r->advance[i]);
        b.y0 = fmin(b.y0, y - 0.2 * r->size);
        b.y1 = fmax(b.y1, y + 0.8 * r->size);
        x += r->advance[i];
    }
    if (!r->n)
        b.x0 = b.x1 = r->x, b.y0 = b.y1 = r->y;
    if (r->angle != 0) {
        /* a rotated run (a name along its river): the page box of the
         * rotated one, turned about the pen origin */
        double a = r->angle * 3.14159265358979323846 / 180, c = cos(a), s = sin(a);
        box o = b, t = {INFINITY, INFINITY, -INFINITY, -INFINITY};
        for (int k = 0; k < 4; k++) {
            double lx = (k & 1 ? o.x1 : o.x0) - r->x, ly = (k & 2 ? o.y1 : o.y0) - r->y;
            double px = r->x + lx * c - ly * s, py = r->y + lx * s + ly * c;
            t.x0 = fmin(t.x0, px), t.x1 = fmax(t.x1, px);
            t.y0 = fmin(t.y0, py), t.y1 = fmax(t.y1, py);
        }
        b = t;
    }
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
    const bk_glyph_run *prev = NULL;
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].kind == BK_ITEM_GLYPHS) {
            /* runs of one line cut at a Span (tagged PDF) abut: one label */
            const bk_glyph_run *r = &p->items[i].u.glyphs;
            double end = prev ? prev->x : 0;
            for (size_t k = 0; prev && k < prev->n; k++)
                end += prev->advance[k];
            if (prev && !(fabs(r->y - prev->y) < 0.01 && fabs(r->x - end) < 0.01 &&
                          r->angle == prev->angle && prev->angle == 0))
                strcat(s, "|");
            strncat(s, r->text, r->textlen);
            prev = r;
        }
    return s;
}

static size_t count_warnings(bk_ctx *ctx, const char *what)
{
    size_t n = 0;
    for (size_t i = 0; i < bk_diag_warning_count(ctx->diag); i++)
        n += strstr(bk_diag_warning(ctx->diag, i), what) != NULL;
    return n;
}

/* Every glyph run inside the map frame (labels; not the legend's words,
 * which sit on white) follows its halo: a path named "halo", stroked in
 * white with round joins. Returns the runs without one. */
static size_t runs_without_halo(const bk_page *page, const bk_map_stats *ms)
{
    size_t missing = 0, halos = 0;
    box legend = {0, 0, 0, 0};
    for (size_t i = 0; i < page->n; i++) {
        const bk_item *it = &page->items[i];
        if (it->kind == BK_ITEM_PATH && strcmp(it->u.path.feature, "legend") == 0) {
            const bk_path *p = &it->u.path;
            legend = (box){p->ops[0].pt[0], p->ops[0].pt[1], p->ops[2].pt[0], p->ops[2].pt[1]};
        }
        if (it->kind == BK_ITEM_PATH && strcmp(it->u.path.feature, "halo") == 0) {
            assert_int_equal(it->u.path.line_join, 1);
            assert_true(it->u.path.stroke && !it->u.path.fill);
            halos++;
        }
        if (it->kind != BK_ITEM_GLYPHS)
            continue;
        const bk_glyph_run *r = &it->u.glyphs;
        int inside = r->x > ms->neat[0] && r->x < ms->neat[2] && r->y > ms->neat[1] &&
                     r->y < ms->neat[3];
        int in_legend = r->x >= legend.x0 && r->x <= legend.x1 && r->y >= legend.y0 &&
                        r->y <= legend.y1;
        if (inside && !in_legend) {
            if (!halos)
                missing++;
            else
                halos--;
        }
    }
    return missing;
}

/* Draws map `name` on an A5 page inside the handout's text area, checks
 * it, writes it as a PDF. */
static void draw_and_check(fixture *f, const char *name, const char *lang,
                           const char *const *must, double hfrac, int all_placed)
{
    bk_map_spec *spec = NULL;
    char def[256];
    snprintf(def, sizeof def, "sources/maps/%s.xml", name);
    if (bk_map_spec_load(f->ctx, def, ".", &spec))
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
    /* each name without room and each label across a line is a warning
     * naming it (and an inset that covers the route wherever it goes) */
    assert_int_equal(count_warnings(f->ctx, "no room for"), ms.unplaced);
    assert_int_equal(count_warnings(f->ctx, "crosses a line"), ms.crossings);
    assert_int_equal(bk_diag_warning_count(f->ctx->diag),
                     ms.unplaced + ms.crossings + count_warnings(f->ctx, "covers the route"));
    if (all_placed)
        assert_int_equal(ms.unplaced, 0);
    else
        assert_true(ms.unplaced + ms.crossings > 0);
    assert_true(ms.paths > 10 && ms.glyph_runs > ms.places);
    assert_int_equal(runs_without_halo(page, &ms), 0);
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
        "looted 6 Oct", "burned 18–19 Oct",
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
    assert_int_equal(bk_map_spec_load(f->ctx, "sources/maps/atlantis.xml", ".", &spec),
                     BK_EINPUT);
    assert_null(spec);
    bk_diag_clear(f->ctx->diag);
    /* the schema is built into the program: a data root without
     * schemas/ still reads a definition */
    assert_int_equal(bk_map_spec_load(f->ctx, "sources/maps/campaign.xml", "/nonexistent",
                                      &spec),
                     BK_OK);
    bk_map_spec_free(spec);
    spec = NULL;
    bk_diag_clear(f->ctx->diag);
}

/* ---- a user's own map: the Mekong delta, in a folder of its own ---------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static const char mekong_places[] =
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>"
    "<titleStmt><title>Mekong delta</title></titleStmt>"
    "<publicationStmt><p>Test data.</p></publicationStmt>"
    "<sourceDesc><p>Approximate coordinates.</p></sourceDesc></fileDesc></teiHeader>\n"
    "<text><body><listPlace>\n"
    "<place xml:id=\"cantho\" type=\"city\"><placeName xml:lang=\"en\">Can Tho</placeName>"
    "<placeName xml:lang=\"vi\">Cần Thơ</placeName>"
    "<location><geo>10.03 105.78</geo></location></place>\n"
    "<place xml:id=\"mytho\" type=\"town\"><placeName xml:lang=\"en\">My Tho</placeName>"
    "<placeName xml:lang=\"vi\">Mỹ Tho</placeName>"
    "<location><geo>10.36 106.36</geo></location></place>\n"
    "<place xml:id=\"sea\" type=\"sea\"><placeName xml:lang=\"en\">East Sea</placeName>"
    "<placeName xml:lang=\"vi\">Biển Đông</placeName>"
    "<location><geo>9.3 106.6</geo></location></place>\n"
    "</listPlace></body></text></TEI>\n";

static const char mekong_land[] = "> land id=1\n104.3 8.6\n105.5 8.6\n107.2 10.2\n107.2 11.0\n"
                                  "104.3 11.0\n104.3 8.6\n";

static const char mekong_def[] =
    "<map name=\"mekong\">\n"
    "  <title xml:lang=\"en\">The Mekong delta</title>\n"
    "  <title xml:lang=\"vi\">Đồng bằng sông Cửu Long</title>\n"
    "  <credit xml:lang=\"en\">Test data</credit>\n"
    "  <projection type=\"mercator\" lon0=\"105.8\" lat-true=\"10\"/>\n"
    "  <gazetteer src=\"places.xml\"/>\n"
    "  <graticule step=\"0.5\"/>\n"
    "  <scale-bar unit=\"km\" km=\"1\"/>\n"
    "  <legend-box corner=\"upper-left\"/>\n"
    "  <view extent=\"104.5 107.0 8.8 10.8\">\n"
    "    <layer role=\"land\" src=\"geo/land.gmt\"/>\n"
    "    <place id=\"cantho\" symbol=\"city\" style=\"map-label-major\" priority=\"90\">\n"
    "      <event what=\"battle\" from=\"1861-02-25\"/>\n"
    "    </place>\n"
    "    <place id=\"mytho\" symbol=\"town\" style=\"map-label\" priority=\"80\"/>\n"
    "    <place id=\"sea\" label=\"area\" measure=\"50\" style=\"map-sea\" priority=\"40\"/>\n"
    "  </view>\n"
    "</map>\n";

/* Draws the user's map in `lang` and returns the page's text; *halos (may
 * be NULL) receives the number of halo paths drawn. */
static char *draw_user_map(fixture *f, const char *def, const char *lang, bk_map_stats *ms,
                           size_t *halos)
{
    bk_map_spec *spec = NULL;
    if (bk_map_spec_load(f->ctx, def, ".", &spec))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    bk_frames *fr = bk_frames_new();
    bk_page *page = bk_frames_add_page(fr, 420, 595);
    if (bk_map_draw(f->ctx, f->setter, spec, page, 40, 40, 340, 500, lang, ms))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    char *text = page_text(page);
    if (halos)
        *halos = 0;
    for (size_t i = 0; halos && i < page->n; i++)
        *halos += page->items[i].kind == BK_ITEM_PATH &&
                  strcmp(page->items[i].u.path.feature, "halo") == 0;
    bk_frames_free(fr);
    bk_map_spec_free(spec);
    return text;
}

static void user_map_of_another_region(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/bk-map-XXXXXX", sub[64], def[96], bad[96];
    assert_non_null(mkdtemp(dir));
    f->ctx->root = dir; /* the test's folder is the run's root (paths.h) */
    snprintf(sub, sizeof sub, "%s/geo", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(dir, "places.xml", mekong_places);
    write_file(dir, "geo/land.gmt", mekong_land);
    write_file(dir, "mekong.xml", mekong_def);
    snprintf(def, sizeof def, "%s/mekong.xml", dir);
    bk_map_stats ms;
    bk_diag_clear(f->ctx->diag);
    size_t halos = 0;
    char *vi = draw_user_map(f, def, "vi", &ms, &halos);
    assert_true(halos >= ms.labels); /* halos are on by default */
    assert_int_equal(ms.places, 3);
    assert_int_equal(ms.labels, 3);
    assert_int_equal(ms.unplaced, 0);
    static const char *const vi_must[] = {"Cần Thơ", "Mỹ Tho", "Biển Đông", "giao chiến 25/2",
                                          "thành phố", "Đồng bằng sông Cửu Long", "10°B", NULL};
    for (size_t i = 0; vi_must[i]; i++)
        if (!strstr(vi, vi_must[i]))
            fail_msg("no \"%s\" on the user's map in Vietnamese: %s", vi_must[i], vi);
    char *en = draw_user_map(f, def, "en-GB", &ms, NULL);
    static const char *const en_must[] = {"Can Tho", "battle 25 Feb", "city", "km", "Test data",
                                          NULL};
    for (size_t i = 0; en_must[i]; i++)
        if (!strstr(en, en_must[i]))
            fail_msg("no \"%s\" on the user's map in English: %s", en_must[i], en);
    assert_null(strstr(en, "miles")); /* only the bars the definition gives */
    free(vi);
    free(en);
    /* <labels halo="0"/>: no halos */
    char nohalo[sizeof mekong_def + 64];
    const char *cut = strstr(mekong_def, "  <view");
    snprintf(nohalo, sizeof nohalo, "%.*s  <labels halo=\"0\"/>\n%s", (int)(cut - mekong_def),
             mekong_def, cut);
    write_file(dir, "nohalo.xml", nohalo);
    snprintf(def, sizeof def, "%s/nohalo.xml", dir);
    free(draw_user_map(f, def, "en", &ms, &halos));
    assert_int_equal(halos, 0);
    assert_int_equal(ms.labels, 3);
    /* a place the gazetteer lacks, on line 5: the error names file and line */
    bk_map_spec *spec = NULL;
    write_file(dir, "bad.xml", "<map name=\"bad\">\n  <title xml:lang=\"en\">Bad</title>\n"
                               "  <projection type=\"mercator\" lon0=\"105\" lat-true=\"10\"/>\n"
                               "  <gazetteer src=\"places.xml\"/><graticule step=\"1\"/>"
                               "<legend-box corner=\"upper-left\"/>\n"
                               "  <view extent=\"104 107 8 11\"><place id=\"atlantis\" "
                               "style=\"map-label\"/></view>\n</map>\n");
    snprintf(bad, sizeof bad, "%s/bad.xml:5", dir);
    bk_diag_clear(f->ctx->diag);
    snprintf(def, sizeof def, "%s/bad.xml", dir);
    assert_int_equal(bk_map_spec_load(f->ctx, def, ".", &spec), BK_EINPUT);
    assert_null(spec);
    if (!strstr(bk_diag_error_message(f->ctx->diag), bad) ||
        !strstr(bk_diag_error_message(f->ctx->diag), "atlantis"))
        fail_msg("unexpected message: %s", bk_diag_error_message(f->ctx->diag));
    /* a definition the schema refuses (an unknown symbol) */
    write_file(dir, "bad.xml", "<map name=\"bad\">\n  <title xml:lang=\"en\">Bad</title>\n"
                               "  <projection type=\"mercator\" lon0=\"105\" lat-true=\"10\"/>\n"
                               "  <gazetteer src=\"places.xml\"/><graticule step=\"1\"/>"
                               "<legend-box corner=\"upper-left\"/>\n"
                               "  <view extent=\"104 107 8 11\"><place id=\"cantho\" "
                               "symbol=\"volcano\" style=\"map-label\"/></view>\n</map>\n");
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_map_spec_load(f->ctx, def, ".", &spec), BK_EINPUT);
    if (!strstr(bk_diag_error_message(f->ctx->diag), bad))
        fail_msg("unexpected message: %s", bk_diag_error_message(f->ctx->diag));
    /* a gazetteer place written "lon lat" (Strasbourg, in a view of the
     * Upper Rhine): named at the definition's place, with the swap */
    write_file(dir, "rhine.xml",
               "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>"
               "<titleStmt><title>Rhine</title></titleStmt><publicationStmt><p>Test.</p>"
               "</publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>\n"
               "<text><body><listPlace><place xml:id=\"strasbourg\" type=\"city\">"
               "<placeName xml:lang=\"en\">Strasbourg</placeName>"
               "<location><geo>7.752 48.573</geo></location></place>"
               "</listPlace></body></text></TEI>\n");
    write_file(dir, "bad.xml", "<map name=\"bad\">\n  <title xml:lang=\"en\">Bad</title>\n"
                               "  <projection type=\"mercator\" lon0=\"8\" lat-true=\"48\"/>\n"
                               "  <gazetteer src=\"rhine.xml\"/><graticule step=\"1\"/>"
                               "<legend-box corner=\"upper-left\"/>\n"
                               "  <view extent=\"7 9 47.5 49.5\"><place id=\"strasbourg\" "
                               "style=\"map-label\"/></view>\n</map>\n");
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_map_spec_load(f->ctx, def, ".", &spec), BK_EINPUT);
    if (!strstr(bk_diag_error_message(f->ctx->diag), bad) ||
        !strstr(bk_diag_error_message(f->ctx->diag), "swapped"))
        fail_msg("unexpected message: %s", bk_diag_error_message(f->ctx->diag));
    /* a correct place just outside a view whose longitudes and latitudes
     * overlap (Trabzon, 0.3 degrees west of it) is not taken for a swap */
    write_file(dir, "rhine.xml",
               "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>"
               "<titleStmt><title>Pontus</title></titleStmt><publicationStmt><p>Test.</p>"
               "</publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader>\n"
               "<text><body><listPlace><place xml:id=\"trabzon\" type=\"city\">"
               "<placeName xml:lang=\"en\">Trabzon</placeName>"
               "<location><geo>41.0 39.7</geo></location></place>"
               "</listPlace></body></text></TEI>\n");
    write_file(dir, "bad.xml", "<map name=\"near\">\n  <title xml:lang=\"en\">Near</title>\n"
                               "  <projection type=\"mercator\" lon0=\"45\" lat-true=\"40\"/>\n"
                               "  <gazetteer src=\"rhine.xml\"/><graticule step=\"1\"/>"
                               "<legend-box corner=\"upper-left\"/>\n"
                               "  <view extent=\"40 50 35 45\"><place id=\"trabzon\" "
                               "style=\"map-label\"/></view>\n</map>\n");
    bk_diag_clear(f->ctx->diag);
    if (bk_map_spec_load(f->ctx, def, ".", &spec) != BK_OK)
        fail_msg("a place near the edge refused: %s", bk_diag_error_message(f->ctx->diag));
    bk_map_spec_free(spec);
    spec = NULL;
    bk_diag_clear(f->ctx->diag);
    static const char *const files[] = {"places.xml", "rhine.xml", "geo/land.gmt", "mekong.xml",
                                        "bad.xml", "geo"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
    f->ctx->root = NULL;
}

/* ---- maps of one run share their data files ----------------------------------- */

/* Two definitions loaded with one store read their gazetteer and layer once:
 * broken after the first load, the files are not read again for the second
 * (which draws as the first does), while a load with a store of its own
 * reads them and refuses them. Specs are freed before their store. */
static void maps_loaded_with_one_store_read_their_data_once(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/bk-map-XXXXXX", sub[64], def1[96], def2[96];
    assert_non_null(mkdtemp(dir));
    f->ctx->root = dir;
    snprintf(sub, sizeof sub, "%s/geo", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(dir, "places.xml", mekong_places);
    write_file(dir, "geo/land.gmt", mekong_land);
    write_file(dir, "one.xml", mekong_def);
    write_file(dir, "two.xml", mekong_def);
    snprintf(def1, sizeof def1, "%s/one.xml", dir);
    snprintf(def2, sizeof def2, "%s/two.xml", dir);
    bk_diag_clear(f->ctx->diag);
    bk_map_store *store = bk_map_store_new();
    assert_non_null(store);
    bk_map_spec *one = NULL, *two = NULL, *alone = NULL;
    if (bk_map_spec_load_with(f->ctx, store, def1, ".", &one))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    write_file(dir, "places.xml", "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><broken/></TEI>\n");
    write_file(dir, "geo/land.gmt", "> land\nnot a number\n");
    if (bk_map_spec_load_with(f->ctx, store, def2, ".", &two))
        fail_msg("the second map read its data again: %s", bk_diag_error_message(f->ctx->diag));
    assert_int_equal(bk_map_spec_load(f->ctx, def2, ".", &alone), BK_EINPUT);
    assert_null(alone);
    bk_diag_clear(f->ctx->diag);
    bk_map_stats ms[2];
    char *text[2];
    const bk_map_spec *specs[2] = {one, two};
    for (int i = 0; i < 2; i++) {
        bk_frames *fr = bk_frames_new();
        bk_page *page = bk_frames_add_page(fr, 420, 595);
        if (bk_map_draw(f->ctx, f->setter, specs[i], page, 40, 40, 340, 500, "vi", &ms[i]))
            fail_msg("%s", bk_diag_error_message(f->ctx->diag));
        text[i] = page_text(page);
        bk_frames_free(fr);
    }
    assert_string_equal(text[0], text[1]);
    assert_int_equal(ms[1].labels, 3);
    assert_non_null(strstr(text[1], "Mỹ Tho"));
    free(text[0]);
    free(text[1]);
    bk_map_spec_free(one);
    bk_map_spec_free(two);
    bk_map_store_free(store);
    bk_map_store_free(NULL);
    static const char *const files[] = {"places.xml", "geo/land.gmt", "one.xml", "two.xml",
                                        "geo"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
    f->ctx->root = NULL;
}

/* ---- a label with no free position beside its symbol: a leader ------------------ */

/* The user's map with the route drawn round My Tho on three sides (a U open to
 * the south, narrower than its name and date): every position beside the town crosses
 * the route, so the name goes below the U's mouth with a leader. Without the
 * route it sits beside the town. */
static const char mekong_route[] =
    "  <route>\n"
    "    <stop place=\"cantho\"/>\n"
    "    <stop lon=\"106.24\" lat=\"10.11\"/>\n"
    "    <stop lon=\"106.24\" lat=\"10.50\"/>\n"
    "    <stop lon=\"106.48\" lat=\"10.50\"/>\n"
    "    <stop lon=\"106.48\" lat=\"10.11\"/>\n"
    "  </route>\n";

typedef struct seg2 {
    double ax, ay, bx, by;
} seg2;

static int segs_cross(seg2 p, seg2 q)
{
    double d1 = (q.bx - q.ax) * (p.ay - q.ay) - (q.by - q.ay) * (p.ax - q.ax);
    double d2 = (q.bx - q.ax) * (p.by - q.ay) - (q.by - q.ay) * (p.bx - q.ax);
    double d3 = (p.bx - p.ax) * (q.ay - p.ay) - (p.by - p.ay) * (q.ax - p.ax);
    double d4 = (p.bx - p.ax) * (q.by - p.ay) - (p.by - p.ay) * (q.bx - p.ax);
    return d1 * d2 < 0 && d3 * d4 < 0;
}

/* Draws the definition and checks its leaders: each starts by a symbol,
 * ends at the box of the run drawn next (its label) and crosses no route
 * segment. Returns the number of leaders. */
static size_t check_leaders(fixture *f, const char *def, bk_map_stats *ms)
{
    bk_map_spec *spec = NULL;
    if (bk_map_spec_load(f->ctx, def, ".", &spec))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    bk_frames *fr = bk_frames_new();
    bk_page *page = bk_frames_add_page(fr, 420, 595);
    bk_diag_clear(f->ctx->diag);
    if (bk_map_draw(f->ctx, f->setter, spec, page, 40, 40, 340, 500, "en", ms))
        fail_msg("%s", bk_diag_error_message(f->ctx->diag));
    size_t n = 0;
    for (size_t i = 0; i < page->n; i++) {
        const bk_item *it = &page->items[i];
        if (it->kind != BK_ITEM_PATH || strcmp(it->u.path.feature, "leader") != 0)
            continue;
        n++;
        const bk_path *lp = &it->u.path;
        assert_int_equal(lp->n, 2);
        seg2 L = {lp->ops[0].pt[0], lp->ops[0].pt[1], lp->ops[1].pt[0], lp->ops[1].pt[1]};
        double near = INFINITY;
        for (size_t k = 0; k < page->n; k++) {
            const bk_item *o = &page->items[k];
            if (o->kind != BK_ITEM_PATH)
                continue;
            const bk_path *p = &o->u.path;
            if (strcmp(p->feature, "symbol") == 0)
                near = fmin(near, hypot(p->ops[0].pt[0] - L.ax, p->ops[0].pt[1] - L.ay));
            for (size_t q = 1; strcmp(p->feature, "route") == 0 && q < p->n; q++)
                if (p->ops[q].op == BK_PATH_LINE)
                    assert_false(segs_cross(L, (seg2){p->ops[q - 1].pt[0], p->ops[q - 1].pt[1],
                                                       p->ops[q].pt[0], p->ops[q].pt[1]}));
        }
        assert_true(near < 8); /* it starts at a symbol */
        size_t g = i + 1;
        while (g < page->n && page->items[g].kind != BK_ITEM_GLYPHS)
            g++;
        assert_true(g < page->n);
        box b = run_box(&page->items[g].u.glyphs);
        double dx = fmax(fmax(b.x0 - L.bx, 0), L.bx - b.x1), dy = fmax(fmax(b.y0 - L.by, 0), L.by - b.y1);
        assert_true(hypot(dx, dy) < 2.5); /* and ends at its label */
        assert_true(hypot(L.bx - L.ax, L.by - L.ay) > 5);
    }
    bk_frames_free(fr);
    bk_map_spec_free(spec);
    return n;
}

static void leader_where_no_position_is_free(void **state)
{
    fixture *f = *state;
    char dir[] = "/tmp/bk-lead-XXXXXX", sub[64], def[96], plain[96];
    assert_non_null(mkdtemp(dir));
    f->ctx->root = dir;
    snprintf(sub, sizeof sub, "%s/geo", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(dir, "places.xml", mekong_places);
    write_file(dir, "geo/land.gmt", mekong_land);
    write_file(dir, "plain.xml", mekong_def);
    char routed[sizeof mekong_def + sizeof mekong_route + 128];
    const char *end = strstr(mekong_def, "</map>");
    const char *town = "<place id=\"mytho\" symbol=\"town\" style=\"map-label\" priority=\"80\"/>";
    const char *at = strstr(mekong_def, town);
    assert_non_null(at);
    snprintf(routed, sizeof routed, "%.*s<place id=\"mytho\" symbol=\"town\" style=\"map-label\" "
             "priority=\"80\"><event what=\"landing\" from=\"1861-04-12\"/></place>%.*s%s</map>\n",
             (int)(at - mekong_def), mekong_def, (int)(end - at - strlen(town)), at + strlen(town),
             mekong_route);
    write_file(dir, "routed.xml", routed);
    snprintf(def, sizeof def, "%s/routed.xml", dir);
    snprintf(plain, sizeof plain, "%s/plain.xml", dir);
    bk_map_stats ms;
    /* enclosed on three sides by the route: set apart, with a leader, and
     * nothing crosses a line */
    assert_int_equal(check_leaders(f, def, &ms), 1);
    assert_int_equal(ms.leaders, 1);
    assert_int_equal(ms.crossings, 0);
    assert_int_equal(ms.unplaced, 0);
    assert_int_equal(ms.labels, ms.places);
    assert_int_equal(count_warnings(f->ctx, "crosses a line"), 0);
    /* free room beside it: no leader */
    assert_int_equal(check_leaders(f, plain, &ms), 0);
    assert_int_equal(ms.leaders, 0);
    bk_diag_clear(f->ctx->diag);
    static const char *const files[] = {"places.xml", "geo/land.gmt", "plain.xml", "routed.xml",
                                        "geo"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
    f->ctx->root = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(campaign_map_in_english),
        cmocka_unit_test(campaign_map_in_vietnamese_and_chinese),
        cmocka_unit_test(overview_map),
        cmocka_unit_test(half_page_maps),
        cmocka_unit_test(bad_requests_are_refused),
        cmocka_unit_test(user_map_of_another_region),
        cmocka_unit_test(maps_loaded_with_one_store_read_their_data_once),
        cmocka_unit_test(leader_where_no_position_is_free),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
