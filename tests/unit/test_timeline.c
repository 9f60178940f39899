/* test_timeline.c — the timeline figure (timeline.c): the events of the
 * Second Opium War drawn into the text area of an A5 page in Vietnamese,
 * Chinese and English, checked on the frame's items: no label overlaps
 * another, nothing leaves the rectangle, the axis is in proportion inside
 * the detail span and compressed across the long empty stretch, dates are
 * written per language, disputed dates show both; and a figure that cannot
 * fit is refused without drawing anything. Each page is also written to a
 * PDF and its text extracted with poppler.
 *
 * Runs from the repository root. BK_TEST_KEEP keeps the PDFs (and PNGs,
 * pdftoppm -r 100) in the temporary folder for a look. */
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

#include "layout.h"
#include "paragraph.h"
#include "pdf.h"
#include "timeline.h"

#define LAYOUT "tests/data/timeline-layout.xml"

typedef struct fixture {
    bk_ctx *ctx;
    bk_layout *layout;
    bk_fontset *fonts;
    bk_typeset_stats stats;
    bk_setter *setter;
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx || !(fx->ctx = bk_ctx_new()))
        return -1;
    fx->ctx->epoch = 1700000000;
    fx->ctx->strict = 1; /* a character no font covers is an error */
    fx->ctx->datadir = "."; /* the catalogs: the repository's messages/ */
    if (bk_layout_load(fx->ctx, LAYOUT, &fx->layout) ||
        bk_fontset_load(fx->ctx, bk_layout_fonts_path(fx->layout), &fx->fonts)) {
        fprintf(stderr, "%s\n", bk_diag_error_message(fx->ctx->diag));
        return -1;
    }
    fx->setter = bk_setter_new(fx->ctx, fx->layout, fx->fonts, "test", &fx->stats);
    strcpy(fx->dir, "/tmp/bk-test-timeline-XXXXXX");
    if (!fx->setter || !mkdtemp(fx->dir))
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (!getenv("BK_TEST_KEEP") && system(cmd) != 0)
        return -1;
    bk_setter_free(fx->setter);
    bk_fontset_free(fx->fonts);
    bk_layout_free(fx->layout);
    bk_ctx_free(fx->ctx);
    free(fx);
    return 0;
}

/* ---- the events ----------------------------------------------------------- */

typedef struct ev_data {
    const char *from, *to; /* ISO */
    const char *en, *vi, *zh;
    const char *alt_en, *alt_vi, *alt_zh;
} ev_data;

/* 1856-1861: three dates of month precision, one span, two disputed. */
static const ev_data EVENTS[] = {
    {"1856-02", NULL, "Execution of the French missionary Auguste Chapdelaine in Guangxi",
     "Nhà truyền giáo Pháp Auguste Chapdelaine bị xử tử ở Quảng Tây",
     "法国传教士马赖在广西被处死", NULL, NULL, NULL},
    {"1856-10-08", NULL, "The Arrow incident at Canton", "Sự kiện tàu Arrow ở Quảng Châu",
     "广州“亚罗号”事件", NULL, NULL, NULL},
    {"1856-10-23", NULL, "British warships bombard the Canton forts",
     "Tàu chiến Anh pháo kích các pháo đài Quảng Châu", "英舰炮击广州炮台", NULL, NULL, NULL},
    {"1857-06-01", NULL, "Battle of Fatshan Creek", "Trận sông Phật Sơn", "佛山水道之战",
     NULL, NULL, NULL},
    {"1857-12-29", NULL, "Anglo-French forces capture Canton",
     "Liên quân Anh – Pháp chiếm Quảng Châu", "英法联军攻占广州", NULL, NULL, NULL},
    {"1858-01", "1861-10", "Anglo-French occupation of Canton",
     "Liên quân Anh – Pháp chiếm đóng Quảng Châu", "英法联军占领广州", NULL, NULL, NULL},
    {"1858-05-20", NULL, "First Battle of the Taku Forts",
     "Trận pháo đài Đại Cô lần thứ nhất", "第一次大沽口之战", NULL, NULL, NULL},
    {"1858-06-26", NULL, "Treaties of Tianjin signed", "Ký kết Hiệp ước Thiên Tân",
     "签订《天津条约》", NULL, NULL, NULL},
    {"1858-11", NULL, "Shanghai tariff rules make the opium trade legal",
     "Quy tắc thuế quan Thượng Hải hợp pháp hóa buôn bán thuốc phiện",
     "《通商章程善后条约》使鸦片贸易合法化", NULL, NULL, NULL},
    {"1859-06-25", NULL, "Second Battle of the Taku Forts: the British are repulsed",
     "Trận pháo đài Đại Cô lần thứ hai: quân Anh bị đẩy lui", "第二次大沽口之战，英军受挫",
     NULL, NULL, NULL},
    {"1860-08-01", NULL, "Allied troops land at Beitang", "Liên quân đổ bộ lên Bắc Đường",
     "联军在北塘登陆", NULL, NULL, NULL},
    {"1860-08-12", NULL, "The Allies take Xinhe", "Liên quân chiếm Tân Hà", "联军攻占新河",
     NULL, NULL, NULL},
    {"1860-08-14", NULL, "The Allies take Tanggu", "Liên quân chiếm Đường Cô",
     "联军攻占塘沽", NULL, NULL, NULL},
    {"1860-08-21", NULL, "Third Battle of the Taku Forts: the forts fall",
     "Trận pháo đài Đại Cô lần thứ ba: các pháo đài thất thủ", "第三次大沽口之战，炮台失陷",
     NULL, NULL, NULL},
    {"1860-08-25", NULL, "Elgin and Gros reach Tianjin", "Elgin và Gros đến Thiên Tân",
     "额尔金和葛罗抵达天津", NULL, NULL, NULL},
    {"1860-09-18", NULL, "Battle of Zhangjiawan; Parkes and Loch taken prisoner",
     "Trận Trương Gia Loan; Parkes và Loch bị bắt", "张家湾之战，巴夏礼、洛奇被俘", NULL,
     NULL, NULL},
    {"1860-09-21", NULL, "Battle of Baliqiao", "Trận cầu Bát Lý", "八里桥之战", NULL, NULL,
     NULL},
    {"1860-09-22", NULL, "The Xianfeng Emperor flees to Chengde",
     "Hoàng đế Hàm Phong chạy lên Thừa Đức", "咸丰帝逃往热河",
     "23 September 1860 (Chinese source)", "ngày 23 tháng 9 năm 1860 (nguồn Trung Quốc)",
     "1860年9月23日（中方史料）"},
    {"1860-10-06", NULL, "The Allies reach the Old Summer Palace; looting begins",
     "Liên quân đến Viên Minh Viên; bắt đầu cướp phá", "联军闯入圆明园，开始抢掠", NULL,
     NULL, NULL},
    {"1860-10-08", NULL, "Parkes and Loch released", "Parkes và Loch được thả",
     "巴夏礼等人获释", NULL, NULL, NULL},
    {"1860-10-13", NULL, "Anding Gate opened: the Allies enter Beijing",
     "Cửa An Định mở: liên quân vào Bắc Kinh", "安定门开启，联军进入北京", NULL, NULL, NULL},
    {"1860-10-18", NULL, "Burning of the Old Summer Palace", "Viên Minh Viên bị đốt phá",
     "火烧圆明园", NULL, NULL, NULL},
    {"1860-10-24", NULL, "Convention of Peking signed with Britain",
     "Ký Điều ước Bắc Kinh với Anh", "中英《北京条约》签订",
     "18 October 1860 (Vietnamese source)", "ngày 18 tháng 10 năm 1860 (nguồn Việt Nam)",
     "1860年10月18日（越南史料）"},
    {"1860-10-25", NULL, "Convention of Peking signed with France",
     "Ký Điều ước Bắc Kinh với Pháp", "中法《北京条约》签订", NULL, NULL, NULL},
    {"1860-11-14", NULL, "Sino-Russian Convention of Peking", "Điều ước Bắc Kinh Trung – Nga",
     "中俄《北京条约》签订", NULL, NULL, NULL},
    {"1861-01-20", NULL, "The Zongli Yamen is established", "Thành lập Tổng lý Nha môn",
     "设立总理各国事务衙门", NULL, NULL, NULL},
    {"1861-08-22", NULL, "The Xianfeng Emperor dies at Chengde",
     "Hoàng đế Hàm Phong băng hà ở Thừa Đức", "咸丰帝在热河驾崩", NULL, NULL, NULL},
    {"1861-11", NULL, "Xinyou Coup: Empress Dowager Cixi takes power",
     "Chính biến Tân Dậu: Từ Hi Thái hậu nắm quyền", "辛酉政变，慈禧太后掌权", NULL, NULL,
     NULL},
};
#define NEV (sizeof EVENTS / sizeof *EVENTS)

typedef struct lang_case {
    const char *lang, *title;
    const char *date_18oct; /* 18 October 1860 as the language writes it */
    const char *span;       /* the span's dates as the figure must write them */
} lang_case;

static const lang_case EN = {"en", "The end of the Second Opium War, 1856–1861",
                             "18 October 1860", "January 1858\u00a0– October 1861"};
static const lang_case VI = {"vi", "Kết thúc Chiến tranh Nha phiến lần thứ hai, 1856–1861",
                             "ngày 18 tháng 10 năm 1860", "tháng 1 năm 1858\u00a0– tháng 10 năm 1861"};
static const lang_case ZH = {"zh-Hans", "第二次鸦片战争的结束（1856—1861）", "1860年10月18日",
                             "1858年1月—1861年10月"};

static const char *pick(const ev_data *d, const char *lang, int alt)
{
    if (strcmp(lang, "vi") == 0)
        return alt ? d->alt_vi : d->vi;
    if (strncmp(lang, "zh", 2) == 0)
        return alt ? d->alt_zh : d->zh;
    return alt ? d->alt_en : d->en;
}

static void make_events(const char *lang, bk_event *ev)
{
    for (size_t i = 0; i < NEV; i++) {
        memset(&ev[i], 0, sizeof ev[i]);
        assert_int_equal(bk_date_parse(EVENTS[i].from, &ev[i].from), 0);
        if (EVENTS[i].to)
            assert_int_equal(bk_date_parse(EVENTS[i].to, &ev[i].to), 0);
        ev[i].label = pick(&EVENTS[i], lang, 0);
        ev[i].alt = pick(&EVENTS[i], lang, 1);
    }
}

/* ---- geometry of the drawn items --------------------------------------- */

#define MM (72.0 / 25.4)

typedef struct rect {
    double x0, y0, x1, y1;
} rect;

static double run_width(const bk_glyph_run *r)
{
    double w = 0;
    for (size_t k = 0; k < r->n; k++)
        w += r->advance[k];
    return w;
}

/* The box a run's glyphs take: its advance, from the deepest descender to
 * the top of stacked Vietnamese marks. */
static rect run_box(const bk_glyph_run *r)
{
    return (rect){r->x, r->y - 0.25 * r->size, r->x + run_width(r), r->y + 0.85 * r->size};
}

static int overlap(rect a, rect b)
{
    const double eps = 0.01; /* runs of one line touch where the face changes */
    return a.x0 < b.x1 - eps && b.x0 < a.x1 - eps && a.y0 < b.y1 - eps && b.y0 < a.y1 - eps;
}

/* A dated event's tick: a filled circle of four Bézier curves. */
static int is_dot(const bk_path *p)
{
    return p->fill && !p->stroke && p->n == 6 && p->ops[1].op == BK_PATH_CURVE;
}

/* A disputed event's tick: an outlined diamond. */
static int is_diamond(const bk_path *p)
{
    return p->fill && p->stroke && p->n == 5 && p->ops[4].op == BK_PATH_CLOSE &&
           p->ops[0].pt[0] == p->ops[2].pt[0];
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

/* y of the tick of the event dated `iso` (a day, not disputed): the dots in
 * falling y are the dated events in time order. */
static double tick_y(const bk_page *pg, const char *iso)
{
    double ys[64];
    size_t n = 0, k = 0;
    for (size_t i = 0; i < pg->n; i++)
        if (pg->items[i].kind == BK_ITEM_PATH && is_dot(&pg->items[i].u.path) && n < 64)
            ys[n++] = pg->items[i].u.path.ops[0].pt[1];
    qsort(ys, n, sizeof *ys, cmp_desc);
    for (size_t i = 0; i < NEV; i++) {
        if (EVENTS[i].to || strlen(EVENTS[i].from) != 10 || EVENTS[i].alt_en)
            continue;
        if (strcmp(EVENTS[i].from, iso) == 0) {
            assert_true(k < n);
            return ys[k];
        }
        k++;
    }
    fail_msg("no dot for %s", iso);
    return 0;
}

static long days(const char *iso)
{
    int y, m, d;
    assert_int_equal(sscanf(iso, "%d-%d-%d", &y, &m, &d), 3);
    y -= m <= 2;
    long era = y / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

/* All glyph-run texts of the page, spaces removed (lines break at spaces,
 * which no run shows). */
static char *page_text(const bk_page *pg)
{
    size_t cap = 1;
    for (size_t i = 0; i < pg->n; i++)
        if (pg->items[i].kind == BK_ITEM_GLYPHS)
            cap += pg->items[i].u.glyphs.textlen;
    char *s = calloc(cap, 1), *o = s;
    assert_non_null(s);
    for (size_t i = 0; i < pg->n; i++) {
        if (pg->items[i].kind != BK_ITEM_GLYPHS)
            continue;
        const bk_glyph_run *r = &pg->items[i].u.glyphs;
        for (size_t k = 0; k < r->textlen; k++)
            if (r->text[k] != ' ')
                *o++ = r->text[k];
    }
    return s;
}

static char *nospace(const char *in)
{
    char *s = calloc(strlen(in) + 1, 1), *o = s;
    assert_non_null(s);
    for (; *in; in++)
        if (*in != ' ')
            *o++ = *in;
    return s;
}

/* Whether a line shows `what`: one run, or runs that abut on one baseline
 * (a line's runs are cut where a Span of tagged PDF starts or ends). */
static int run_contains(const bk_page *pg, const char *what)
{
    char buf[512];
    size_t o = 0;
    const bk_glyph_run *prev = NULL;
    for (size_t i = 0; i < pg->n; i++) {
        if (pg->items[i].kind != BK_ITEM_GLYPHS)
            continue;
        const bk_glyph_run *r = &pg->items[i].u.glyphs;
        double end = prev ? prev->x : 0;
        for (size_t k = 0; prev && k < prev->n; k++)
            end += prev->advance[k];
        if (!(prev && fabs(r->y - prev->y) < 0.01 && fabs(r->x - end) < 0.01))
            o = 0;
        if (o + r->textlen < sizeof buf) {
            memcpy(buf + o, r->text, r->textlen);
            o += r->textlen;
            buf[o] = 0;
            if (strstr(buf, what))
                return 1;
        }
        prev = r;
    }
    return 0;
}

static int run(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    return pclose(p);
}

/* Nothing leaves the rectangle; no two runs of text overlap; rules are at
 * least 0.25 pt; colours are gray or CMYK. Counts runs and the two kinds of
 * tick. */
static void check_page(const bk_page *pg, double x, double y, double w, double h,
                       const char *what, size_t *nruns, size_t *ndots, size_t *ndiamonds)
{
    for (size_t i = 0; i < pg->n; i++) {
        const bk_item *it = &pg->items[i];
        if (it->kind == BK_ITEM_GLYPHS) {
            rect b = run_box(&it->u.glyphs);
            if (b.x0 < x - 0.01 || b.x1 > x + w + 0.01 || b.y0 < y - 0.01 || b.y1 > y + h + 0.01)
                fail_msg("%s: run \"%s\" leaves the rectangle", what, it->u.glyphs.text);
            for (size_t k = i + 1; k < pg->n; k++)
                if (pg->items[k].kind == BK_ITEM_GLYPHS &&
                    overlap(b, run_box(&pg->items[k].u.glyphs)))
                    fail_msg("%s: \"%s\" overlaps \"%s\"", what, it->u.glyphs.text,
                             pg->items[k].u.glyphs.text);
            assert_true(it->u.glyphs.color.n == 1 || it->u.glyphs.color.n == 4);
            (*nruns)++;
        } else if (it->kind == BK_ITEM_PATH) {
            const bk_path *p = &it->u.path;
            double m = p->stroke ? p->line_width / 2 : 0;
            if (p->stroke)
                assert_true(p->line_width >= 0.25);
            if (p->fill)
                assert_true(p->fill_color.n == 1 || p->fill_color.n == 4);
            if (p->stroke)
                assert_true(p->stroke_color.n == 1 || p->stroke_color.n == 4);
            for (size_t k = 0; k < p->n; k++) {
                int np = p->ops[k].op == BK_PATH_CURVE ? 3 : p->ops[k].op == BK_PATH_CLOSE ? 0 : 1;
                for (int q = 0; q < np; q++) {
                    double px = p->ops[k].pt[2 * q], py = p->ops[k].pt[2 * q + 1];
                    if (px - m < x - 0.01 || px + m > x + w + 0.01 || py - m < y - 0.01 ||
                        py + m > y + h + 0.01)
                        fail_msg("%s: path point (%.1f, %.1f) leaves the rectangle", what,
                                 px, py);
                }
            }
            *ndots += (size_t)is_dot(p);
            *ndiamonds += (size_t)is_diamond(p);
            /* no rule, tick or leader runs into text */
            rect pb = {1e9, 1e9, -1e9, -1e9};
            for (size_t k = 0; k < p->n; k++) {
                int np = p->ops[k].op == BK_PATH_CURVE ? 3 : p->ops[k].op == BK_PATH_CLOSE ? 0 : 1;
                for (int q = 0; q < np; q++) {
                    pb.x0 = fmin(pb.x0, p->ops[k].pt[2 * q] - m);
                    pb.x1 = fmax(pb.x1, p->ops[k].pt[2 * q] + m);
                    pb.y0 = fmin(pb.y0, p->ops[k].pt[2 * q + 1] - m);
                    pb.y1 = fmax(pb.y1, p->ops[k].pt[2 * q + 1] + m);
                }
            }
            for (size_t k = 0; k < pg->n; k++)
                if (pg->items[k].kind == BK_ITEM_GLYPHS &&
                    overlap(pb, run_box(&pg->items[k].u.glyphs)))
                    fail_msg("%s: a path (%.1f %.1f %.1f %.1f) runs into \"%s\"", what, pb.x0,
                             pb.y0, pb.x1, pb.y1, pg->items[k].u.glyphs.text);
        }
    }
}

/* ---- the figure in each language ------------------------------------------ */

static void draws_language(fixture *fx, const lang_case *lc)
{
    const bk_page_geom *g = bk_layout_page(fx->layout);
    /* the text area of a right-hand page */
    double x = g->inner, y = g->bottom, w = g->width - g->inner - g->outer,
           h = g->height - g->top - g->bottom;
    bk_event ev[NEV];
    make_events(lc->lang, ev);
    bk_timeline_spec spec = {.lang = lc->lang, .words = bk_layout_messages(fx->layout, lc->lang),
                             .title = lc->title};
    assert_int_equal(bk_date_parse("1860-08", &spec.detail_from), 0);
    assert_int_equal(bk_date_parse("1860-10", &spec.detail_to), 0);
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    bk_page *pg = bk_frames_add_page(fr, g->width, g->height);
    assert_non_null(pg);
    memset(&fx->stats, 0, sizeof fx->stats);
    bk_status st = bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, NEV, pg, x, y, w, h);
    if (st)
        fail_msg("%s: %s", lc->lang, bk_diag_error_message(fx->ctx->diag));

    size_t nruns = 0, ndots = 0, ndiamonds = 0;
    check_page(pg, x, y, w, h, lc->lang, &nruns, &ndots, &ndiamonds);
    assert_true(nruns > NEV);
    assert_int_equal(ndiamonds, 2);
    assert_int_equal(ndots, 22); /* every event of day precision, not disputed */

    /* the detail span is in proportion: 10 days take twice 5 days */
    double y08 = tick_y(pg, "1860-10-08"), y13 = tick_y(pg, "1860-10-13"),
           y18 = tick_y(pg, "1860-10-18");
    assert_true(y08 > y13 && y13 > y18); /* time runs down */
    assert_true(fabs((y08 - y18) - 2 * (y08 - y13)) < 1e-6);
    double per_day = (tick_y(pg, "1860-08-01") - tick_y(pg, "1860-08-21")) / 20;
    assert_true(fabs((tick_y(pg, "1860-09-18") - tick_y(pg, "1860-10-25")) - 37 * per_day) <
                1e-6);
    /* ... and expanded: a day there takes more room than elsewhere */
    double normal = (tick_y(pg, "1860-11-14") - tick_y(pg, "1861-01-20")) /
                    (double)(days("1861-01-20") - days("1860-11-14"));
    assert_true(per_day > 2 * normal);
    /* the year without events before the campaign is compressed */
    double gap = tick_y(pg, "1859-06-25") - tick_y(pg, "1860-08-01");
    double prop = normal * (double)(days("1860-08-01") - days("1859-06-25"));
    assert_true(gap < 0.5 * prop);
    assert_true(gap > 0);

    /* dates as the language writes them, a range with its year once, and
     * both dates of a disputed event */
    assert_true(run_contains(pg, lc->date_18oct));
    char *all = page_text(pg);
    char *span = nospace(lc->span);
    assert_non_null(strstr(all, span));
    for (size_t i = 0; i < NEV; i++)
        if (ev[i].alt) {
            char *alt = nospace(ev[i].alt);
            if (!strstr(all, alt))
                fail_msg("%s: the alternative date \"%s\" is not shown", lc->lang, ev[i].alt);
            free(alt);
        }
    free(span);
    free(all);

    /* set without faults */
    assert_int_equal(fx->stats.missing_chars, 0);
    assert_int_equal(fx->stats.overfull_lines, 0);
    assert_int_equal(fx->stats.emergency_breaks, 0);

    /* as a PDF: poppler gets the text back */
    char path[160], cmd[512], out[16384];
    snprintf(path, sizeof path, "%s/timeline-%s.pdf", fx->dir, lc->lang);
    assert_int_equal(bk_frames_set_meta(fr, lc->title, lc->lang, NULL, NULL), 0);
    bk_pdf_options o = {.compress = 1};
    st = bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path);
    if (st)
        fail_msg("%s: %s", lc->lang, bk_diag_error_message(fx->ctx->diag));
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    /* poppler shows the quarter em between Han and digits as a space */
    char *got = nospace(out), *want = nospace(lc->date_18oct);
    assert_non_null(strstr(got, want));
    free(got);
    free(want);
    if (getenv("BK_TEST_KEEP")) {
        snprintf(cmd, sizeof cmd, "pdftoppm -r 100 -png '%s' '%s/timeline-%s'", path, fx->dir,
                 lc->lang);
        assert_int_equal(system(cmd), 0);
    }
    bk_frames_free(fr);
}

static void draws_english(void **state) { draws_language(*state, &EN); }
static void draws_vietnamese(void **state) { draws_language(*state, &VI); }
static void draws_chinese(void **state) { draws_language(*state, &ZH); }

/* ---- unusual but valid input ------------------------------------------- */

static void draw_ok(fixture *fx, const bk_event *ev, size_t n, const bk_timeline_spec *spec,
                    double w, double h, const char *what)
{
    bk_frames *fr = bk_frames_new();
    bk_page *pg = bk_frames_add_page(fr, 420, 595);
    bk_diag_clear(fx->ctx->diag);
    if (bk_timeline_draw(fx->ctx, fx->setter, spec, ev, n, pg, 40, 40, w, h))
        fail_msg("%s: %s", what, bk_diag_error_message(fx->ctx->diag));
    size_t nruns = 0, ndots = 0, ndiamonds = 0;
    check_page(pg, 40, 40, w, h, what, &nruns, &ndots, &ndiamonds);
    assert_true(nruns >= n);
    if (getenv("BK_TEST_KEEP")) {
        char path[160], cmd[512];
        bk_pdf_options o = {.compress = 1};
        snprintf(path, sizeof path, "%s/%s.pdf", fx->dir, what);
        assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), BK_OK);
        snprintf(cmd, sizeof cmd, "pdftoppm -r 100 -png '%s' '%s/%s'", path, fx->dir, what);
        assert_int_equal(system(cmd), 0);
    }
    bk_frames_free(fr);
}

static void draws_unusual_input(void **state)
{
    fixture *fx = *state;
    bk_timeline_spec spec = {.lang = "en", .words = bk_layout_messages(fx->layout, "en")};
    /* one event: a day of axis */
    bk_event one = {.from = {1860, 10, 24}, .label = "Convention of Peking"};
    draw_ok(fx, &one, 1, &spec, 330, 200, "one event");
    /* two on the same day, one disputed with no text for the other date */
    bk_event same[2] = {{.from = {1860, 10, 24}, .label = "With Britain", .alt = ""},
                        {.from = {1860, 10, 24}, .label = "With France"}};
    draw_ok(fx, same, 2, &spec, 330, 200, "same day");
    /* years only, over a century: years named every few years */
    bk_event years[3] = {{.from = {1757, 0, 0}, .label = "Canton System"},
                         {.from = {1839, 0, 0}, .to = {1842, 0, 0}, .label = "First Opium War"},
                         {.from = {1856, 0, 0}, .to = {1860, 0, 0}, .label = "Second Opium War"}};
    draw_ok(fx, years, 3, &spec, 330, 300, "years");
    /* everything inside the detail span, which begins before the events */
    bk_event late[3] = {{.from = {1860, 10, 6}, .label = "Looting"},
                        {.from = {1860, 10, 18}, .label = "Burning"},
                        {.from = {1860, 10, 24}, .label = "Convention"}};
    bk_timeline_spec det = {.lang = "vi", .words = bk_layout_messages(fx->layout, "vi"),
                            .detail_from = {1860, 8, 0},
                            .detail_to = {1860, 10, 0}, .title = "Tháng 10 năm 1860"};
    draw_ok(fx, late, 3, &det, 330, 300, "detail only");
    /* overlapping spans take two lanes */
    bk_event spans[3] = {{.from = {1856, 10, 8}, .to = {1860, 10, 24}, .label = "War"},
                         {.from = {1858, 1, 0}, .to = {1861, 10, 0}, .label = "Occupation"},
                         {.from = {1861, 8, 22}, .label = "Death of the emperor"}};
    draw_ok(fx, spans, 3, &spec, 330, 300, "spans");
}

/* After an axis break the year where the axis resumes is named, but not
 * when it resumes in the last days of the year before a named January: a
 * year-long event of 1960 after one of 1918 shows 1960, not "1959" just
 * above it. */
static void names_the_year_after_a_break(void **state)
{
    fixture *fx = *state;
    bk_timeline_spec spec = {.lang = "en", .words = bk_layout_messages(fx->layout, "en")};
    bk_event ev[3] = {{.from = {1681, 9, 30}, .label = "Strasbourg becomes French"},
                      {.from = {1918, 11, 22}, .label = "Strasbourg French again"},
                      {.from = {1960, 0, 0}, .label = "The Europe Bridge opens"}};
    bk_frames *fr = bk_frames_new();
    bk_page *pg = bk_frames_add_page(fr, 420, 595);
    bk_diag_clear(fx->ctx->diag);
    if (bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, 3, pg, 40, 40, 330, 400))
        fail_msg("%s", bk_diag_error_message(fx->ctx->diag));
    char *text = page_text(pg);
    assert_non_null(strstr(text, "1960"));
    assert_non_null(strstr(text, "1918"));
    if (strstr(text, "1959"))
        fail_msg("a year the axis only touches is named: %s", text);
    free(text);
    bk_frames_free(fr);
}

/* An uncertain date (TEI notBefore/notAfter) is one date somewhere in its
 * range: a bracket on the axis, where a span is a bar in a lane beside it. */
static void draws_uncertain_dates_on_the_axis(void **state)
{
    fixture *fx = *state;
    bk_timeline_spec spec = {.lang = "en", .words = bk_layout_messages(fx->layout, "en")};
    for (int uncertain = 0; uncertain <= 1; uncertain++) {
        bk_event ev[2] = {{.from = {1860, 5, 0}, .to = {1860, 6, 0}, .uncertain = uncertain,
                           .label = "British forces occupy Dalian"},
                          {.from = {1860, 8, 1}, .label = "The allies land at Beitang"}};
        bk_frames *fr = bk_frames_new();
        bk_page *pg = bk_frames_add_page(fr, 420, 595);
        assert_int_equal(bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, 2, pg, 40, 40, 330, 300),
                         BK_OK);
        double axis = -1;
        for (size_t i = 0; i < pg->n; i++)
            if (pg->items[i].kind == BK_ITEM_PATH && is_dot(&pg->items[i].u.path))
                axis = pg->items[i].u.path.ops[0].pt[0] - 1.8; /* MOVE at cx + r */
        assert_true(axis > 40);
        size_t beside = 0;
        for (size_t i = 0; i < pg->n; i++) {
            const bk_path *p = &pg->items[i].u.path;
            if (pg->items[i].kind != BK_ITEM_PATH || !p->fill || p->stroke)
                continue;
            double x1 = -1e9;
            for (size_t k = 0; k < p->n; k++)
                if (p->ops[k].op != BK_PATH_CLOSE)
                    x1 = fmax(x1, p->ops[k].pt[0]);
            beside += x1 < axis - 3.5; /* wholly left of the axis and its band */
        }
        assert_int_equal(beside, uncertain ? 0 : 1);
        bk_frames_free(fr);
    }
}

/* The baseline of the first run whose text starts with `what`; -1: none. */
static double run_y(const bk_page *pg, const char *what)
{
    for (size_t i = 0; i < pg->n; i++)
        if (pg->items[i].kind == BK_ITEM_GLYPHS &&
            strncmp(pg->items[i].u.glyphs.text, what, strlen(what)) == 0)
            return pg->items[i].u.glyphs.y;
    return -1;
}

/* Issue 21: entries follow their dates' starts ("September" before "14
 * September", whatever the caller's order), ties in the caller's order;
 * a date known only to lie in a range is written the language's way
 * ("c. ...") and drawn dotted (short bars on the axis, where a month's
 * bracket is one bar); the legend's lines are set under the title. */
static void orders_by_start_and_marks_uncertain(void **state)
{
    fixture *fx = *state;
    bk_timeline_spec spec = {.lang = "en", .words = bk_layout_messages(fx->layout, "en"),
                             .title = "Title", .about = "c. {date}",
                             .legend = {"LegendDate", "LegendRange", "LegendDisputed"}};
    bk_event ev[4] = {{.from = {1860, 9, 14}, .label = "Agreement"},
                      {.from = {1860, 9, 0}, .label = "Advance"},
                      {.from = {1860, 8, 24}, .to = {1860, 9, 0}, .uncertain = 1,
                       .label = "Talks"},
                      {.from = {1860, 9, 0}, .label = "Second"}};
    bk_frames *fr = bk_frames_new();
    bk_page *pg = bk_frames_add_page(fr, 420, 595);
    assert_int_equal(bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, 4, pg, 40, 40, 330, 400),
                     BK_OK);
    double talks = run_y(pg, "Talks"), adv = run_y(pg, "Advance"),
           second = run_y(pg, "Second"), agr = run_y(pg, "Agreement");
    assert_true(talks > 0 && adv > 0 && second > 0 && agr > 0);
    assert_true(talks > adv);  /* 24 August before September: y grows upwards */
    assert_true(adv > second); /* a tie: the caller's order */
    assert_true(second > agr); /* September before 14 September */
    assert_true(run_contains(pg, "c. 24 August"));
    assert_false(run_contains(pg, "c. 14 September"));
    double legend = run_y(pg, "LegendRange");
    assert_true(legend > talks && run_y(pg, "LegendDate") > legend &&
                run_y(pg, "Title") > run_y(pg, "LegendDate"));
    assert_true(run_contains(pg, "LegendDisputed"));
    size_t dashes = 0; /* the dotted bracket: filled boxes 1.2 pt long */
    for (size_t i = 0; i < pg->n; i++) {
        const bk_path *pa = &pg->items[i].u.path;
        if (pg->items[i].kind != BK_ITEM_PATH || !pa->fill || pa->stroke || pa->n < 4)
            continue;
        double y0 = 1e9, y1 = -1e9;
        for (size_t k = 0; k < pa->n; k++)
            if (pa->ops[k].op != BK_PATH_CLOSE)
                y0 = fmin(y0, pa->ops[k].pt[1]), y1 = fmax(y1, pa->ops[k].pt[1]);
        dashes += y1 - y0 > 1.1 && y1 - y0 < 1.3;
    }
    assert_true(dashes >= 3);
    bk_frames_free(fr);
}

/* ---- trials share what they set ------------------------------------------------ */

static void same_para(const bk_para *a, const bk_para *b)
{
    assert_int_equal(a->ng, b->ng);
    assert_int_equal(a->nlines, b->nlines);
    assert_memory_equal(a->g, b->g, a->ng * sizeof(*a->g));
    assert_memory_equal(a->lines, b->lines, a->nlines * sizeof(*a->lines));
    assert_true(a->style.size == b->style.size && a->style.leading == b->style.leading);
    assert_int_equal(a->nspacing, b->nspacing);
    assert_int_equal(a->first_spacing, b->first_spacing);
}

/* A paragraph set through the memo, the first time and again, is the one
 * bk_para_set makes, pointing at the caller's block; the same text at
 * another measure is set at that measure, also once it was measured;
 * measured widths are the same; dates are bk_date_format's. */
static void memo_gives_what_the_setter_gives(void **state)
{
    fixture *fx = *state;
    bk_timeline_memo *memo = bk_timeline_memo_new();
    assert_non_null(memo);
    const char *text = EVENTS[15].vi;
    bk_block b = {.style = "timeline-label", .lang = "vi", .text = (char *)text,
                  .len = strlen(text)};
    bk_block again = b; /* another block, the same text */
    static const double measures[] = {80, 140, 80, 80.0000001, 140};
    for (size_t i = 0; i < sizeof measures / sizeof *measures; i++) {
        bk_para want, got;
        assert_int_equal(bk_para_set(fx->setter, &b, "timeline-label", measures[i], &want), 0);
        assert_int_equal(bk_timeline_memo_set(memo, fx->setter, i % 2 ? &again : &b,
                                              "timeline-label", measures[i], &got), 0);
        same_para(&want, &got);
        assert_ptr_equal(got.block, i % 2 ? &again : &b);
        bk_para_release(&want);
        bk_para_release(&got);
    }
    bk_para narrow, wide;
    assert_int_equal(bk_timeline_memo_set(memo, fx->setter, &b, "timeline-label", 80, &narrow), 0);
    assert_int_equal(bk_timeline_memo_set(memo, fx->setter, &b, "timeline-label", 400, &wide), 0);
    assert_true(narrow.nlines > wide.nlines);
    bk_para_release(&narrow);
    bk_para_release(&wide);
    double mn, mx, mn2, mx2;
    for (int k = 0; k < 2; k++) {
        assert_int_equal(bk_para_measure(fx->setter, &b, "timeline-date", &mn, &mx), 0);
        assert_int_equal(bk_timeline_memo_measure(memo, fx->setter, &b, "timeline-date", &mn2,
                                                  &mx2), 0);
        assert_true(mn == mn2 && mx == mx2);
    }
    /* a measured text set at new measures (from the work its measuring
     * kept): what bk_para_set makes, wide and narrow */
    assert_int_equal(bk_timeline_memo_measure(memo, fx->setter, &b, "timeline-label", &mn, &mx),
                     0);
    static const double fresh[] = {61.5, 233, 35};
    for (size_t i = 0; i < sizeof fresh / sizeof *fresh; i++) {
        bk_para want, got;
        assert_int_equal(bk_para_set(fx->setter, &b, "timeline-label", fresh[i], &want), 0);
        assert_int_equal(bk_timeline_memo_set(memo, fx->setter, &again, "timeline-label",
                                              fresh[i], &got), 0);
        same_para(&want, &got);
        bk_para_release(&want);
        bk_para_release(&got);
    }
    /* dates: bk_date_format's text, the first time and from the memo */
    static const char *const langs[] = {"en", "vi", "zh"};
    static const bk_date dates[] = {{1860, 10, 24}, {1860, 10, 0}, {1860, 0, 0}, {1858, 6, 26}};
    for (int k = 0; k < 2; k++)
        for (size_t l = 0; l < 3; l++)
            for (size_t d = 0; d < sizeof dates / sizeof *dates; d++) {
                const bk_messages *words = bk_layout_messages(fx->layout, langs[l]);
                bk_buf want = {0}, got = {0};
                assert_int_equal(bk_date_format(&dates[d], words, &want), 0);
                assert_int_equal(bk_buf_puts(&got, "<"), 0);
                assert_int_equal(bk_timeline_memo_date(memo, &dates[d], words, &got), 0);
                assert_int_equal(bk_timeline_memo_date(NULL, &dates[d], words, &got), 0);
                assert_int_equal(got.len, 1 + 2 * want.len);
                assert_memory_equal(got.data + 1, want.data, want.len);
                assert_memory_equal(got.data + 1 + want.len, want.data, want.len);
                bk_buf_release(&want);
                bk_buf_release(&got);
            }
    bk_timeline_memo_free(memo);
    bk_timeline_memo_free(NULL);
}

/* Pagination's trials with a memo answer as trials without one: for every
 * count of events and several heights, asked in the order a search asks. */
static void trials_with_a_memo_answer_the_same(void **state)
{
    fixture *fx = *state;
    bk_event ev[NEV];
    make_events("vi", ev);
    bk_timeline_spec spec = {.lang = "vi", .words = bk_layout_messages(fx->layout, "vi"),
                             .title = VI.title};
    bk_typeset_stats ts = {0};
    bk_setter *trial = bk_setter_new(fx->ctx, fx->layout, fx->fonts, "test", &ts);
    bk_timeline_memo *memo = bk_timeline_memo_new();
    assert_non_null(trial);
    assert_non_null(memo);
    static const double heights[] = {490, 300, 160};
    int fitted = 0, refused = 0;
    for (size_t h = 0; h < sizeof heights / sizeof *heights; h++)
        for (size_t n = NEV; n >= 1; n -= n > 4 ? 3 : 1) {
            int plain = -1, memoised = -1;
            assert_int_equal(bk_timeline_fits(fx->ctx, fx->setter, &spec, ev, n, 40, 40, 330,
                                              heights[h], NULL, &plain), 0);
            assert_int_equal(bk_timeline_fits(fx->ctx, trial, &spec, ev, n, 40, 40, 330,
                                              heights[h], memo, &memoised), 0);
            if (plain != memoised)
                fail_msg("%zu events in %.0f pt: %d without the memo, %d with it", n,
                         heights[h], plain, memoised);
            fitted += plain, refused += !plain;
        }
    assert_true(fitted > 0 && refused > 0); /* both answers were asked for */
    bk_timeline_memo_free(memo);
    bk_setter_free(trial);
}

/* Draws the vi events into a page of a new frames object through `memo`
 * (NULL: none) with setter s, and writes it to `path`. */
static void draw_to(fixture *fx, bk_setter *s, bk_timeline_memo *memo, const char *path)
{
    const bk_page_geom *g = bk_layout_page(fx->layout);
    bk_event ev[NEV];
    make_events("vi", ev);
    bk_timeline_spec spec = {.lang = "vi", .words = bk_layout_messages(fx->layout, "vi"),
                             .title = VI.title};
    bk_frames *fr = bk_frames_new();
    assert_non_null(fr);
    bk_page *pg = bk_frames_add_page(fr, g->width, g->height);
    assert_non_null(pg);
    assert_int_equal(bk_timeline_draw_memo(fx->ctx, s, &spec, ev, NEV, pg, 40, 40, 330, 490,
                                           memo), 0);
    assert_int_equal(bk_frames_set_meta(fr, VI.title, "vi", NULL, NULL), 0);
    bk_pdf_options o = {.compress = 1};
    assert_int_equal(bk_pdf_write(fx->ctx, fr, fx->fonts, &o, path), 0);
    bk_frames_free(fr);
}

/* The drawing from the trials' memo is the drawing made anew, byte for
 * byte, and the report counts the same: a copy counts what its setting
 * counted. */
static void drawing_from_the_memo_counts_as_set_anew(void **state)
{
    fixture *fx = *state;
    bk_event ev[NEV];
    make_events("vi", ev);
    bk_timeline_spec spec = {.lang = "vi", .words = bk_layout_messages(fx->layout, "vi"),
                             .title = VI.title};
    bk_typeset_stats anew = {0}, trials = {0}, copied = {0};
    bk_setter *s = bk_setter_new(fx->ctx, fx->layout, fx->fonts, "test", &anew);
    bk_setter *trial = bk_setter_new(fx->ctx, fx->layout, fx->fonts, "test", &trials);
    bk_timeline_memo *memo = bk_timeline_memo_new();
    assert_true(s && trial && memo);
    char a[160], b[160];
    snprintf(a, sizeof a, "%s/anew.pdf", fx->dir);
    snprintf(b, sizeof b, "%s/memo.pdf", fx->dir);
    draw_to(fx, s, NULL, a);
    bk_timeline_memo_count(memo, trial, &trials);
    for (size_t n = NEV; n >= NEV - 2; n--) {
        int fits = 0;
        assert_int_equal(bk_timeline_fits(fx->ctx, trial, &spec, ev, n, 40, 40, 330, 490, memo,
                                          &fits), 0);
        assert_true(fits);
    }
    bk_timeline_memo_count(memo, trial, &copied);
    draw_to(fx, trial, memo, b);
    assert_true(anew.paragraphs > 0 && anew.lines > 0 && anew.glyphs > 0);
    assert_int_equal(copied.paragraphs, anew.paragraphs);
    assert_int_equal(copied.lines, anew.lines);
    assert_int_equal(copied.glyphs, anew.glyphs);
    assert_int_equal(copied.hyphenated_lines, anew.hyphenated_lines);
    assert_int_equal(copied.spacing_lines, anew.spacing_lines);
    assert_true(copied.sum_ratio == anew.sum_ratio && copied.max_ratio == anew.max_ratio);
    char cmd[400], out[64];
    snprintf(cmd, sizeof cmd, "cmp '%s' '%s' && echo same", a, b);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "same"));
    bk_timeline_memo_free(memo);
    bk_setter_free(trial);
    bk_setter_free(s);
}

/* A trial answers what drawing does: for every count of events and
 * heights from roomy to too small, the trial fits exactly when the
 * drawing draws (a trial stops setting entries once they overflow). */
static void trials_answer_what_drawing_does(void **state)
{
    fixture *fx = *state;
    const bk_page_geom *g = bk_layout_page(fx->layout);
    bk_event ev[NEV];
    make_events("en", ev);
    bk_timeline_spec spec = {.lang = "en", .words = bk_layout_messages(fx->layout, "en"),
                             .title = "Events"};
    static const double heights[] = {490, 260, 120};
    int fitted = 0, refused = 0;
    for (size_t h = 0; h < sizeof heights / sizeof *heights; h++)
        for (size_t n = NEV; n >= 1; n -= n > 6 ? 5 : 1) {
            int fits = -1;
            assert_int_equal(bk_timeline_fits(fx->ctx, fx->setter, &spec, ev, n, 40, 40, 330,
                                              heights[h], NULL, &fits), 0);
            bk_frames *fr = bk_frames_new();
            assert_non_null(fr);
            bk_page *pg = bk_frames_add_page(fr, g->width, g->height);
            assert_non_null(pg);
            bk_status st = bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, n, pg, 40, 40, 330,
                                            heights[h]);
            bk_frames_free(fr);
            if (fits != (st == BK_OK))
                fail_msg("%zu events in %.0f pt: the trial says %d, drawing returns %d", n,
                         heights[h], fits, st);
            fitted += fits, refused += !fits;
        }
    assert_true(fitted > 0 && refused > 0); /* both answers were asked for */
}

/* ---- refusals ---------------------------------------------------------------- */

/* Draws n copies-with-offsets of the events; returns the status, and checks
 * that a refusal leaves the page empty. */
static bk_status draw_many(fixture *fx, size_t n, double w, double h)
{
    bk_event *ev = calloc(n, sizeof *ev);
    assert_non_null(ev);
    for (size_t i = 0; i < n; i++) {
        ev[i].from = (bk_date){1856 + (int)(i % 6), 1 + (int)(i % 12), 1 + (int)(i % 28)};
        ev[i].label = EVENTS[i % NEV].en;
    }
    bk_timeline_spec spec = {.lang = "en", .words = bk_layout_messages(fx->layout, "en")};
    bk_frames *fr = bk_frames_new();
    bk_page *pg = bk_frames_add_page(fr, 420, 595);
    bk_diag_clear(fx->ctx->diag);
    bk_status st = bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, n, pg, 40, 40, w, h);
    if (st)
        assert_int_equal(pg->n, 0);
    bk_frames_free(fr);
    free(ev);
    return st;
}

static void refuses_what_cannot_fit(void **state)
{
    fixture *fx = *state;
    /* 200 events on a tiny rectangle */
    assert_int_equal(draw_many(fx, 200, 120, 90), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(fx->ctx->diag), "timeline"));
    /* wide enough for the labels, far too short for 200 of them */
    assert_int_equal(draw_many(fx, 200, 330, 490), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(fx->ctx->diag), "200 events"));
    /* the same rectangle takes a dozen */
    assert_int_equal(draw_many(fx, 12, 330, 490), BK_OK);
    bk_diag_clear(fx->ctx->diag);
}

static void refuses_bad_events(void **state)
{
    fixture *fx = *state;
    bk_event ev[2] = {{.from = {1860, 10, 24}, .label = "a"},
                      {.from = {1860, 10, 25}, .to = {1860, 9, 1}, .label = "b"}};
    bk_timeline_spec spec = {.lang = "en", .words = bk_layout_messages(fx->layout, "en")};
    bk_frames *fr = bk_frames_new();
    bk_page *pg = bk_frames_add_page(fr, 420, 595);
    bk_diag_clear(fx->ctx->diag);
    assert_int_equal(bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, 2, pg, 40, 40, 330, 490),
                     BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(fx->ctx->diag), "ends before it begins"));
    ev[1].to.year = 0;
    ev[1].from.day = 32;
    bk_diag_clear(fx->ctx->diag);
    assert_int_equal(bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, 2, pg, 40, 40, 330, 490),
                     BK_EINPUT);
    bk_diag_clear(fx->ctx->diag);
    assert_int_equal(bk_timeline_draw(fx->ctx, fx->setter, &spec, ev, 0, pg, 40, 40, 330, 490),
                     BK_EINPUT);
    assert_int_equal(pg->n, 0);
    bk_diag_clear(fx->ctx->diag);
    bk_frames_free(fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(draws_english, setup, teardown),
        cmocka_unit_test_setup_teardown(draws_vietnamese, setup, teardown),
        cmocka_unit_test_setup_teardown(draws_chinese, setup, teardown),
        cmocka_unit_test_setup_teardown(draws_unusual_input, setup, teardown),
        cmocka_unit_test_setup_teardown(names_the_year_after_a_break, setup, teardown),
        cmocka_unit_test_setup_teardown(draws_uncertain_dates_on_the_axis, setup, teardown),
        cmocka_unit_test_setup_teardown(orders_by_start_and_marks_uncertain, setup, teardown),
        cmocka_unit_test_setup_teardown(memo_gives_what_the_setter_gives, setup, teardown),
        cmocka_unit_test_setup_teardown(trials_with_a_memo_answer_the_same, setup, teardown),
        cmocka_unit_test_setup_teardown(drawing_from_the_memo_counts_as_set_anew, setup, teardown),
        cmocka_unit_test_setup_teardown(trials_answer_what_drawing_does, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_what_cannot_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_events, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
