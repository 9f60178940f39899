/* timeline.c — the timeline figure (see timeline.h).
 *
 * Steps: events -> extents in days, sorted -> text set with the body's
 * engine (title, dates, labels, the scale's years and months) -> columns
 * (scale | span bars | axis | leaders | dates | labels) -> axis segments
 * (time in proportion, the detail span expanded, long stretches without
 * events compressed into breaks) -> entries placed down the axis in time
 * order, each as near its tick as the others allow (least squares under
 * "no overlap", pool-adjacent-violators) -> paths and glyph runs.
 *
 * The axis is vertical, time running down the page: on an A5 page a
 * vertical axis gives every event a row of its own with a label as wide as
 * the page allows, where a horizontal one would leave ~25 labels a few
 * words wide.
 *
 * Geometry: u is the distance down from the top of the axis area (below the
 * title); page y = top - u. Time is in days since 1970-01-01 (proleptic
 * Gregorian), an event on day d occupying [d, d + 1).
 */
#include "timeline.h"

#include "lang.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- tunables (pt unless noted) --------------------------------------- */

#define MIN_LINE 0.25       /* the thinnest rule a print shop holds */
#define AXIS_LINE 0.7
#define TICK_LINE 0.5
#define LEADER_LINE 0.3
#define LEADER_GRAY 0.45
#define DOT_R 1.8           /* a dated event's tick */
#define DIAMOND_R 2.9       /* a disputed event's tick */
#define PERIOD_HALF 1.3     /* half-width of a month or year bracket: inside
                               the detail band, which shows around it */
#define PERIOD_GRAY 0.45    /* light enough for dots to show on it */
#define PERIOD_MIN 5.0      /* the shortest bracket: longer than a dot */
#define DOT_LEN 1.2         /* an uncertain date's bracket: dashes this long */
#define DOT_STEP 2.4        /* ... this far apart */
#define DOTTED_GRAY 0.2     /* darker than a solid bracket: few, small marks */
#define LEGEND_KEY 14.0     /* room for a legend line's mark */
#define BAND_HALF 3.2       /* half-width of the detail span's band */
#define BAND_GRAY 0.82
#define LANE_W 3.0          /* span bars */
#define LANE_STEP 4.5
#define BAR_GRAY 0.55
#define SCALE_GAP 5.0       /* scale labels to the first lane */
#define ENTRY_LO 1.5        /* entries keep this from the title (figure_set) */
#define LEADER_W 16.0       /* axis to the date column */
#define GUTTER 6.0          /* date column to label column */
#define ENTRY_GAP_EM 0.3    /* between entries, in the label's size */
#define BREAK_LEN 14.0      /* length of the axis an axis break takes */
#define BREAK_HALF 2.0      /* half the gap in the axis line at a break */
#define ARROW_LEN 5.0
#define MIN_GAP_DAYS 120.0  /* the shortest stretch without events that may
                               be compressed (a year or more always is) */
#define GAP_PAD_DAYS 30.0   /* kept in proportion on either side of a break */
#define BREAK_COST 2.0      /* pt of mean leader length a break must save */
#define DETAIL_MIN 2.0      /* the detail span gets at least twice the room
                               per day of the rest */
#define DETAIL_MAX_SHARE 0.92

enum { TL_DAY, TL_PERIOD, TL_SPAN };
enum { SEG_NORMAL, SEG_DETAIL, SEG_BREAK };

typedef struct tl_entry {
    const bk_event *ev;
    size_t index;        /* in the caller's array: a stable sort */
    int kind;
    double t0, t1;       /* extent on the axis in days, end exclusive */
    double anchor;       /* the time the label points at */
    size_t lane;         /* spans: bar lane, 0 nearest the axis */
    /* the date as the language writes it, in the date column: one piece,
     * or a span's two ("21 August –" over "24 October 1860") so that a
     * range breaks at its dash; a disputed event's other date goes on a
     * line of its own under the entry, across both columns, in the label's
     * style: it is a note on the date, not another event */
    bk_buf date[2], alt;
    size_t ndate;
    bk_block db[2], lb, ab;
    bk_para dp[2], lp, ap;
    double a, h;         /* first-line centre below the entry top; height */
    double tick, top;    /* u of the tick; u of the entry top as placed */
} tl_entry;

typedef struct tl_seg {
    double t0, t1, u0, u1;
    int kind;
} tl_seg;

typedef struct tl_gap {
    double t0, t1;       /* the compressed stretch */
    double days;         /* length of the whole stretch without events */
    int on;
} tl_gap;

/* A label of the scale (years, and months in the detail span). */
typedef struct tl_mark {
    double u;            /* where its stretch of time starts */
    int tick;            /* 0: after an axis break, no tick of its own */
    int month;           /* 1: month tick (short) */
    int year;            /* the year a year mark names */
    bk_buf text;
    bk_block b;
    bk_para p;
} tl_mark;

typedef struct tl {
    bk_ctx *ctx;
    bk_setter *setter;
    const bk_timeline_spec *spec;
    bk_page *page;
    double x, y, w, h;
    tl_entry *e;
    size_t n;
    tl_seg *seg;
    size_t nseg;
    tl_gap *gap;
    size_t ngap;
    tl_mark *mark;
    size_t nmark;
    bk_block tb;
    bk_para tp;
    bk_block lgb[3];       /* the legend's lines (spec->legend) */
    bk_para lgp[3];
    double legend_u;       /* u of the legend's top (negative: above the axis area) */
    double T0, T1, D0, D1; /* axis and detail span in days (D1 <= D0: none) */
    double s, sd;          /* pt per day: normal, detail */
    double top, U;         /* page y of u = 0; height of the axis area */
    double ustart, uend;   /* u of T0 and T1 */
    double x_scale, x_axis, x_entry, x_label;
    double date_w, label_w, scale_w;
    double title_h;        /* the title's height above the axis area */
    size_t nlanes;
    int trial;             /* bk_timeline_fits: lack of room is an answer */
    bk_timeline_memo *memo; /* what earlier trials set (or NULL) */
    int no_room;           /* a trial found the rectangle too small */
} tl;

static bk_status oom(bk_ctx *ctx)
{
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* The rectangle is too small for the events: an error, or in a trial
 * (bk_timeline_fits) only the answer, recorded nowhere. */
static bk_status no_room(tl *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bk_status no_room(tl *t, const char *fmt, ...)
{
    if (t->trial) {
        t->no_room = 1;
        return BK_EINPUT;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return bk_diag_error(t->ctx->diag, BK_EINPUT, NULL, 0, 0, "%s", msg);
}

/* ---- dates -------------------------------------------------------------- */

static long days_from_civil(long y, long m, long d)
{
    /* H. Hinnant's algorithm: March-based years make leap days the last
     * day of the year. */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The year of a day (the inverse of days_from_civil, year only). */
static int year_of(double day)
{
    long z = (long)floor(day) + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    return (int)(yoe + era * 400 + (mp >= 10));
}

static int date_ok(const bk_date *d)
{
    /* as date.c accepts them: 29 February in any year */
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d->year < 1 || d->year > 9999 || d->month < 0 || d->month > 12 || d->day < 0)
        return 0;
    return !d->day || (d->month && d->day <= days[d->month - 1]);
}

/* First day of the date's precision, and the day after its last. */
static double date_start(const bk_date *d)
{
    return (double)days_from_civil(d->year, d->month ? d->month : 1, d->day ? d->day : 1);
}

static double date_end(const bk_date *d)
{
    if (d->day)
        return date_start(d) + 1;
    if (d->month)
        return (double)(d->month == 12 ? days_from_civil(d->year + 1, 1, 1)
                                       : days_from_civil(d->year, d->month + 1, 1));
    return (double)days_from_civil(d->year + 1, 1, 1);
}

/* dates in a CJK language are joined by full-width marks */
static int cjk(const char *lang) { return bk_lang_is_cjk(lang); }

/* Appends the date without its year. date.c writes the year as a suffix
 * (en "August 1860", vi "tháng 8 năm 1860") or a prefix (zh "1860年8月");
 * finding the language's year-only form at one end lets a range or a month
 * of the scale drop a repeated year without a second copy of those forms.
 * Returns 1 (suffix dropped), 2 (prefix dropped), 0 (nothing to drop: the
 * whole date is appended) or -1 (out of memory). */
static int date_without_year(bk_timeline_memo *memo, const bk_date *d, const bk_messages *m,
                             bk_buf *out)
{
    bk_buf full = {0}, yr = {0};
    bk_date y = {d->year, 0, 0};
    int where = 0, r;
    if (bk_timeline_memo_date(memo, d, m, &full) || bk_timeline_memo_date(memo, &y, m, &yr) ||
        !full.data || !yr.data) {
        r = -1;
    } else if (full.len > yr.len + 1 &&
               memcmp(full.data + full.len - yr.len, yr.data, yr.len) == 0 &&
               full.data[full.len - yr.len - 1] == ' ') {
        where = 1;
        r = bk_buf_append(out, full.data, full.len - yr.len - 1);
    } else if (full.len > yr.len && memcmp(full.data, yr.data, yr.len) == 0) {
        where = 2;
        r = bk_buf_append(out, full.data + yr.len, full.len - yr.len);
    } else {
        r = bk_buf_append(out, full.data, full.len);
    }
    bk_buf_release(&full);
    bk_buf_release(&yr);
    return r < 0 ? -1 : where;
}

/* The date column's text: the date, or a span as a range in two pieces
 * (the shared year written once: "21 August –" "24 October 1860",
 * "1860年8月21日—" "10月24日"); and for a disputed date the other source's
 * date after a slash, as the caller wrote it. */
/* Writes a date known only to lie in a range the way the language does
 * ("c. {date}", "约{date}"): what comes before {date} in front of the first
 * piece, what comes after it behind the last. */
static int about_wrap(const char *about, bk_buf piece[2], size_t npiece)
{
    const char *at = about ? strstr(about, "{date}") : NULL;
    if (!at)
        return 0;
    bk_buf head = {0};
    if (bk_buf_append(&head, about, (size_t)(at - about)) ||
        bk_buf_append(&head, piece[0].data, piece[0].len)) {
        bk_buf_release(&head);
        return -1;
    }
    bk_buf_release(&piece[0]);
    piece[0] = head;
    return bk_buf_puts(&piece[npiece - 1], at + 6) ? -1 : 0;
}

static int date_text(bk_timeline_memo *memo, const bk_event *ev, const char *lang,
                     const bk_messages *m, const char *about, bk_buf piece[2], size_t *npiece,
                     bk_buf *alt)
{
    int r = 0;
    /* the dash kept with the first date: a range too wide for the column
     * breaks inside a date, never leaves the dash alone on a line */
    const char *dash = cjk(lang) ? "\u2014" : "\u00a0\u2013";
    *npiece = 1;
    if (!ev->to.year) {
        r |= bk_timeline_memo_date(memo, &ev->from, m, &piece[0]);
    } else {
        *npiece = 2;
        int where = 0;
        if (ev->to.year == ev->from.year && ev->from.month)
            where = date_without_year(memo, &ev->from, m, &piece[0]);
        if (where != 1) {
            bk_buf_release(&piece[0]);
            r |= bk_timeline_memo_date(memo, &ev->from, m, &piece[0]);
        }
        r |= bk_buf_puts(&piece[0], dash);
        if (where == 2)
            r |= date_without_year(memo, &ev->to, m, &piece[1]) < 0;
        else
            r |= bk_timeline_memo_date(memo, &ev->to, m, &piece[1]);
        r |= where < 0 || !piece[1].data;
    }
    if (!r && ev->uncertain)
        r |= about_wrap(about, piece, *npiece);
    if (ev->alt && *ev->alt) {
        r |= bk_buf_puts(alt, cjk(lang) ? "\uFF0F" : "/ ");
        r |= bk_buf_puts(alt, ev->alt);
    }
    return r || !piece[0].data ? -1 : 0;
}

/* ---- drawing ------------------------------------------------------------ */

static double Y(const tl *t, double u) { return t->top - u; }

static void op(bk_path *p, size_t i, int kind, double x, double y)
{
    p->ops[i].op = kind;
    p->ops[i].pt[0] = x;
    p->ops[i].pt[1] = y;
}

static bk_path *stroked(tl *t, size_t n, double width, double gray)
{
    bk_path *p = bk_page_add_path(t->page, n);
    if (!p)
        return NULL;
    p->stroke = 1;
    p->line_width = width < MIN_LINE ? MIN_LINE : width;
    p->stroke_color.n = 1;
    p->stroke_color.c[0] = gray;
    return p;
}

static bk_status line(tl *t, double x0, double y0, double x1, double y1, double width,
                      double gray)
{
    bk_path *p = stroked(t, 2, width, gray);
    if (!p)
        return oom(t->ctx);
    op(p, 0, BK_PATH_MOVE, x0, y0);
    op(p, 1, BK_PATH_LINE, x1, y1);
    return BK_OK;
}

static bk_status box(tl *t, double x0, double y0, double x1, double y1, double gray)
{
    bk_path *p = bk_page_add_rect(t->page, x0, y0 < y1 ? y0 : y1, x1 - x0, fabs(y1 - y0));
    if (!p)
        return oom(t->ctx);
    p->fill = 1;
    p->fill_color.n = 1;
    p->fill_color.c[0] = gray;
    return BK_OK;
}

static bk_status dot(tl *t, double cx, double cy, double r)
{
    /* four Bézier quarters; k makes them round to 0.03% */
    const double k = 0.5523 * r;
    bk_path *p = bk_page_add_path(t->page, 6);
    if (!p)
        return oom(t->ctx);
    p->fill = 1;
    p->fill_color.n = 1;
    op(p, 0, BK_PATH_MOVE, cx + r, cy);
    const double q[4][6] = {
        {cx + r, cy + k, cx + k, cy + r, cx, cy + r},
        {cx - k, cy + r, cx - r, cy + k, cx - r, cy},
        {cx - r, cy - k, cx - k, cy - r, cx, cy - r},
        {cx + k, cy - r, cx + r, cy - k, cx + r, cy},
    };
    for (int i = 0; i < 4; i++) {
        p->ops[1 + i].op = BK_PATH_CURVE;
        memcpy(p->ops[1 + i].pt, q[i], sizeof q[i]);
    }
    p->ops[5].op = BK_PATH_CLOSE;
    return BK_OK;
}

/* An uncertain date's bracket: short bars down the axis from u0 to u1,
 * dotted where a known date's bracket is solid; none inside an axis
 * break. */
static bk_status dotted(tl *t, double x, double u0, double u1)
{
    bk_status st = BK_OK;
    for (double u = u0; u < u1 - 0.2 && !st; u += DOT_STEP) {
        double v = u + DOT_LEN < u1 ? u + DOT_LEN : u1;
        int in_break = 0;
        for (size_t i = 0; i < t->nseg; i++)
            in_break |= t->seg[i].kind == SEG_BREAK && v > t->seg[i].u0 && u < t->seg[i].u1;
        if (!in_break)
            st = box(t, x - PERIOD_HALF, Y(t, u), x + PERIOD_HALF, Y(t, v), DOTTED_GRAY);
    }
    return st;
}

/* A disputed event's tick: an open diamond, white inside so that it reads
 * over the axis and a bracket. */
static bk_status diamond(tl *t, double cx, double cy, double r)
{
    bk_path *p = stroked(t, 5, 0.6, 0);
    if (!p)
        return oom(t->ctx);
    p->fill = 1;
    p->fill_color.n = 1;
    p->fill_color.c[0] = 1;
    op(p, 0, BK_PATH_MOVE, cx, cy + r);
    op(p, 1, BK_PATH_LINE, cx + r, cy);
    op(p, 2, BK_PATH_LINE, cx, cy - r);
    op(p, 3, BK_PATH_LINE, cx - r, cy);
    p->ops[4].op = BK_PATH_CLOSE;
    return BK_OK;
}

/* Draws a set paragraph with its first line's centre at u: each line's em
 * box centred in its line box, as typeset.c does for body text. */
static bk_status draw_para(tl *t, const bk_para *p, double x0, double u)
{
    bk_status st = BK_OK;
    for (size_t i = 0; i < p->nlines && !st; i++) {
        double base = Y(t, u + (double)i * p->style.leading) - 0.3 * p->style.size;
        st = bk_para_draw_line(t->ctx, p, &p->lines[i], t->page, x0, base);
    }
    return st;
}

/* ---- the axis: time to u ------------------------------------------------ */

static double map(const tl *t, double time)
{
    if (time <= t->seg[0].t0)
        return t->seg[0].u0 - (t->seg[0].t0 - time) * t->s;
    for (size_t i = 0; i < t->nseg; i++) {
        const tl_seg *g = &t->seg[i];
        if (time <= g->t1 || i + 1 == t->nseg) {
            double f = g->t1 > g->t0 ? (time - g->t0) / (g->t1 - g->t0) : 0;
            return g->u0 + f * (g->u1 - g->u0);
        }
    }
    return t->uend;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Cuts [T0, T1] at the detail span and the breaks that are on; counts the
 * days of each kind. */
static bk_status build_segments(tl *t, double *normal_days, double *detail_days,
                                size_t *nbreaks)
{
    size_t cap = 4 + 2 * t->ngap, np = 0;
    double *pt = malloc(cap * sizeof(*pt));
    if (!pt)
        return oom(t->ctx);
    pt[np++] = t->T0;
    pt[np++] = t->T1;
    for (int k = 0; k < 2 && t->D1 > t->D0; k++) {
        /* a detail span's end inside a break is no cut: one break, not two */
        double d = k ? t->D1 : t->D0;
        int inside = 0;
        for (size_t i = 0; i < t->ngap; i++)
            inside |= t->gap[i].on && d > t->gap[i].t0 && d < t->gap[i].t1;
        if (!inside)
            pt[np++] = d;
    }
    for (size_t i = 0; i < t->ngap; i++)
        if (t->gap[i].on) {
            pt[np++] = t->gap[i].t0;
            pt[np++] = t->gap[i].t1;
        }
    qsort(pt, np, sizeof(*pt), cmp_double);
    free(t->seg);
    t->seg = calloc(np, sizeof(*t->seg));
    if (!t->seg) {
        free(pt);
        return oom(t->ctx);
    }
    t->nseg = 0;
    *normal_days = *detail_days = 0;
    *nbreaks = 0;
    for (size_t i = 0; i + 1 < np; i++) {
        double a = pt[i], b = pt[i + 1];
        if (b <= a || a < t->T0 || b > t->T1)
            continue;
        tl_seg *g = &t->seg[t->nseg++];
        g->t0 = a;
        g->t1 = b;
        g->kind = SEG_NORMAL;
        if (t->D1 > t->D0 && a >= t->D0 && b <= t->D1)
            g->kind = SEG_DETAIL;
        for (size_t k = 0; k < t->ngap; k++)
            if (t->gap[k].on && a >= t->gap[k].t0 && b <= t->gap[k].t1)
                g->kind = SEG_BREAK;
        if (g->kind == SEG_NORMAL)
            *normal_days += b - a;
        else if (g->kind == SEG_DETAIL)
            *detail_days += b - a;
        else
            (*nbreaks)++;
    }
    free(pt);
    if (t->nseg == 0) { /* every event on one instant: a day of axis */
        t->seg[0] = (tl_seg){t->T0, t->T0 + 1, 0, 0, SEG_NORMAL};
        t->nseg = 1;
        *normal_days = 1;
    }
    return BK_OK;
}

/* Scales for a length L of axis: breaks take BREAK_LEN each, the detail
 * span `share` of the rest, but at least DETAIL_MIN times the room per day
 * of the rest; the rest is in proportion. Returns -1 if the breaks alone
 * do not fit, -2 when out of memory. */
static int solve(tl *t, double L, double share)
{
    double nd, dd;
    size_t nb;
    if (build_segments(t, &nd, &dd, &nb))
        return -2;
    double P = L - (double)nb * BREAK_LEN;
    if (P <= 1)
        return -1;
    if (dd > 0 && nd > 0) {
        t->s = P * (1 - share) / nd;
        t->sd = P * share / dd;
        if (t->sd < DETAIL_MIN * t->s) {
            t->s = P / (nd + DETAIL_MIN * dd);
            t->sd = DETAIL_MIN * t->s;
        }
    } else if (dd > 0) {
        t->sd = t->s = P / dd;
    } else {
        t->s = t->sd = P / nd;
    }
    double u = t->ustart;
    for (size_t i = 0; i < t->nseg; i++) {
        tl_seg *g = &t->seg[i];
        g->u0 = u;
        u += g->kind == SEG_BREAK    ? BREAK_LEN
             : g->kind == SEG_DETAIL ? (g->t1 - g->t0) * t->sd
                                     : (g->t1 - g->t0) * t->s;
        g->u1 = u;
    }
    return 0;
}

/* ---- placing the entries ------------------------------------------------- */

typedef struct cluster {
    size_t first, count;
    double height, sum, pos;
} cluster;

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Entries in time order, each wanting its top at tick - a, may not overlap
 * (gap between them) and must stay in [lo, hi]. Pool adjacent violators:
 * an entry that collides with the block above joins it, and the block sits
 * where the mean of its members' wishes puts it (least squares), within
 * the bounds. The caller has checked that all of them fit. */
static bk_status place(tl *t, double lo, double hi, double gap)
{
    cluster *c = malloc(t->n * sizeof(*c));
    size_t m = 0;
    if (!c)
        return oom(t->ctx);
    for (size_t i = 0; i < t->n; i++) {
        cluster k = {i, 1, t->e[i].h, t->e[i].tick - t->e[i].a, 0};
        k.pos = clamp(k.sum, lo, hi - k.height);
        while (m > 0 && c[m - 1].pos + c[m - 1].height + gap > k.pos + 1e-9) {
            const cluster *p = &c[--m];
            double shift = p->height + gap;
            k.sum = p->sum + k.sum - shift * (double)k.count;
            k.height += shift;
            k.count += p->count;
            k.first = p->first;
            k.pos = clamp(k.sum / (double)k.count, lo, hi - k.height);
        }
        c[m++] = k;
    }
    for (size_t j = 0; j < m; j++) {
        double u = c[j].pos;
        for (size_t i = c[j].first; i < c[j].first + c[j].count; i++) {
            t->e[i].top = u;
            u += t->e[i].h + gap;
        }
    }
    free(c);
    return BK_OK;
}

/* The axis with the stretches of at least g days compressed (those that
 * would not save room drawn in proportion after all) and `share` of it for
 * the detail span, the ticks, and the entries placed beside them. *cost:
 * the mean distance from tick to entry plus BREAK_COST per break, or
 * HUGE_VAL when the breaks leave no room for the rest of the axis. */
static bk_status lay_out(tl *t, double g, double share, double L, double lo, double hi,
                         double gap, double *cost)
{
    int r;
    for (size_t i = 0; i < t->ngap; i++)
        t->gap[i].on = t->gap[i].days >= g;
    for (;;) {
        if ((r = solve(t, L, share)) == -2)
            return oom(t->ctx);
        int changed = 0;
        for (size_t i = 0; i < t->ngap; i++) {
            const tl_gap *q = &t->gap[i];
            double mid = (q->t0 + q->t1) / 2;
            double scale = t->D1 > t->D0 && mid >= t->D0 && mid < t->D1 ? t->sd : t->s;
            if (q->on && (r == -1 || (q->t1 - q->t0) * scale < 2 * BREAK_LEN))
                t->gap[i].on = 0, changed = 1;
        }
        if (!changed)
            break;
    }
    *cost = HUGE_VAL;
    if (r)
        return BK_OK;
    for (size_t i = 0; i < t->n; i++)
        t->e[i].tick = map(t, t->e[i].anchor);
    bk_status st = place(t, lo, hi, gap);
    if (st)
        return st;
    double sum = 0;
    size_t nb = 0;
    for (size_t i = 0; i < t->n; i++)
        sum += fabs(t->e[i].top + t->e[i].a - t->e[i].tick);
    for (size_t i = 0; i < t->nseg; i++)
        nb += t->seg[i].kind == SEG_BREAK;
    *cost = sum / (double)t->n + BREAK_COST * (double)nb;
    return BK_OK;
}

/* ---- the scale ----------------------------------------------------------- */

static bk_status add_mark(tl *t, size_t *cap, double u, int tick, int month)
{
    if (t->nmark == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        tl_mark *nm = realloc(t->mark, nc * sizeof(*nm));
        if (!nm)
            return oom(t->ctx);
        t->mark = nm;
        *cap = nc;
    }
    tl_mark *k = &t->mark[t->nmark++];
    memset(k, 0, sizeof(*k));
    k->u = u;
    k->tick = tick;
    k->month = month;
    return BK_OK;
}

static const tl_seg *break_at(const tl *t, double time)
{
    for (size_t i = 0; i < t->nseg; i++)
        if (t->seg[i].kind == SEG_BREAK && time > t->seg[i].t0 && time < t->seg[i].t1)
            return &t->seg[i];
    return NULL;
}

static int cmp_mark(const void *a, const void *b)
{
    const tl_mark *x = a, *y = b;
    if (x->u != y->u)
        return x->u < y->u ? -1 : 1;
    return x->month - y->month; /* a year before its first month */
}

/* Years where they begin (a year that begins inside an axis break is named
 * just after the break, as the reader meets it), the first year at the top,
 * and the months of the detail span (those that crowd are left out when
 * drawn). Their texts give the scale its width; they are set to it when
 * drawn. */
static bk_status make_marks(tl *t)
{
    size_t cap = 0;
    bk_status st;
    for (size_t i = 0; i < t->nmark; i++) {
        bk_buf_release(&t->mark[i].text);
        bk_para_release(&t->mark[i].p);
    }
    t->nmark = 0;
    int y0 = year_of(t->T0), y1 = year_of(t->T1 - 0.5);
    int top_is_jan1 = (double)days_from_civil(y0, 1, 1) == t->T0;
    if ((st = add_mark(t, &cap, t->ustart, top_is_jan1, 0)) ||
        bk_buf_printf(&t->mark[t->nmark - 1].text, "%d", y0))
        return st ? st : oom(t->ctx);
    t->mark[t->nmark - 1].year = y0;
    /* a name every year, or every 2, 5, 10... years when a name a year
     * would not leave a few lines between them */
    static const int steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    int step = 1;
    double room = t->U / 24 > 1 ? t->U / 24 : 1;
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        step = steps[i];
        if ((double)(y1 - y0) / step <= room)
            break;
    }
    for (int y = y0 + 1; y <= y1; y++) {
        double d = (double)days_from_civil(y, 1, 1);
        if (y % step || break_at(t, d))
            continue;
        if ((st = add_mark(t, &cap, map(t, d), 1, 0)))
            return st;
        if (bk_buf_printf(&t->mark[t->nmark - 1].text, "%d", y))
            return oom(t->ctx);
        t->mark[t->nmark - 1].year = y;
    }
    /* after a break the reader needs to know where the axis resumes: the
     * year there, unless a named January follows at once or the year named
     * last above is that year still (marks so far are in order down the
     * axis but for the breaks', which come in order among themselves) */
    size_t years = t->nmark;
    for (size_t i = 0; i < t->nseg; i++) {
        const tl_seg *g = &t->seg[i];
        int named = 0, above = 0;
        double above_u = -HUGE_VAL;
        if (g->kind != SEG_BREAK)
            continue;
        for (size_t k = 0; k < t->nmark; k++) {
            /* a named January soon after: close below, or within the three
             * months after the break (the axis resumes in late December
             * for an event of the next year; "1959" just above "1960"
             * would only puzzle) */
            if (k > 0 && k < years && t->mark[k].u >= g->u1 &&
                (t->mark[k].u <= g->u1 + 14 ||
                 (double)days_from_civil(t->mark[k].year, 1, 1) - g->t1 < 92))
                named = 1;
            if (t->mark[k].u < g->u1 && t->mark[k].u > above_u)
                above_u = t->mark[k].u, above = t->mark[k].year;
        }
        int y = year_of(g->t1);
        if (named || y == above)
            continue;
        if ((st = add_mark(t, &cap, g->u1, 0, 0)))
            return st;
        if (bk_buf_printf(&t->mark[t->nmark - 1].text, "%d", y))
            return oom(t->ctx);
        t->mark[t->nmark - 1].year = y;
    }
    /* months: for a detail span of a few years at most (beyond that they
     * would be too many to name, and the years serve) */
    if (t->D1 > t->D0 && t->D1 - t->D0 <= 4 * 366) {
        for (int y = y0; y <= y1; y++)
            for (int mo = 1; mo <= 12; mo++) {
                double d = (double)days_from_civil(y, mo, 1);
                if (d < t->D0 || d >= t->D1 || break_at(t, d))
                    continue;
                bk_date md = {y, mo, 0};
                if ((st = add_mark(t, &cap, map(t, d), 1, 1)))
                    return st;
                if (date_without_year(t->memo, &md, t->spec->words,
                                      &t->mark[t->nmark - 1].text) < 0)
                    return oom(t->ctx);
            }
    }
    /* in order down the axis, before any paragraph points at its block */
    qsort(t->mark, t->nmark, sizeof(*t->mark), cmp_mark);
    for (size_t i = 0; i < t->nmark; i++) {
        tl_mark *k = &t->mark[i];
        k->b.style = "timeline-date";
        k->b.lang = (char *)t->spec->lang;
        k->b.text = k->text.data;
        k->b.len = k->text.len;
    }
    return BK_OK;
}


/* ---- the figure ------------------------------------------------------------ */

/* The order of the dates' starts ("September 1860" before "14 September
 * 1860"), ties in the caller's order: the sources' narrative. */
static int cmp_entry(const void *a, const void *b)
{
    const tl_entry *x = a, *y = b;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Extents, kinds and texts of the events, sorted by time. */
static bk_status read_events(tl *t, const bk_event *ev)
{
    for (size_t i = 0; i < t->n; i++) {
        tl_entry *e = &t->e[i];
        const bk_event *v = &ev[i];
        e->ev = v;
        e->index = i;
        if (!v->label)
            return bk_diag_error(t->ctx->diag, BK_EINPUT, NULL, 0, 0,
                                 "timeline: event %zu has no label", i + 1);
        if (!date_ok(&v->from) || (v->to.year && !date_ok(&v->to)))
            return bk_diag_error(t->ctx->diag, BK_EINPUT, NULL, 0, 0,
                                 "timeline: event %zu (\"%s\") has an invalid date",
                                 i + 1, v->label);
        e->t0 = date_start(&v->from);
        e->t1 = date_end(v->to.year ? &v->to : &v->from);
        if (v->to.year && date_start(&v->to) < e->t0)
            return bk_diag_error(t->ctx->diag, BK_EINPUT, NULL, 0, 0,
                                 "timeline: event %zu (\"%s\") ends before it begins",
                                 i + 1, v->label);
        /* an entry points at where its date begins: a day's middle, the
         * top of a month's, a year's or an uncertain range's bracket, a
         * span's start */
        if (v->to.year && v->uncertain) {
            /* one date somewhere in from..to: drawn as a date of that
             * precision is, a bracket over the range (dotted) */
            e->kind = TL_PERIOD;
            e->anchor = e->t0;
        } else if (v->to.year) {
            e->kind = TL_SPAN;
            e->anchor = e->t0;
        } else {
            e->kind = v->from.day ? TL_DAY : TL_PERIOD;
            e->anchor = v->from.day ? (e->t0 + e->t1) / 2 : e->t0;
        }
        if (date_text(t->memo, v, t->spec->lang, t->spec->words, t->spec->about, e->date,
                      &e->ndate, &e->alt))
            return oom(t->ctx);
    }
    qsort(t->e, t->n, sizeof(*t->e), cmp_entry);
    for (size_t i = 0; i < t->n; i++) {
        tl_entry *e = &t->e[i];
        for (size_t k = 0; k < e->ndate; k++)
            e->db[k] = (bk_block){.style = "timeline-date", .lang = (char *)t->spec->lang,
                                  .text = e->date[k].data, .len = e->date[k].len};
        e->ab = (bk_block){.style = "timeline-label", .lang = (char *)t->spec->lang,
                           .text = e->alt.data, .len = e->alt.len};
        e->lb = (bk_block){.style = "timeline-label", .lang = (char *)t->spec->lang,
                           .text = (char *)e->ev->label, .len = strlen(e->ev->label)};
    }
    return BK_OK;
}

/* Spans overlapping in time get bars in different lanes (first fit). */
static bk_status assign_lanes(tl *t)
{
    double *end = calloc(t->n ? t->n : 1, sizeof(*end));
    if (!end)
        return oom(t->ctx);
    t->nlanes = 0;
    for (size_t i = 0; i < t->n; i++) {
        tl_entry *e = &t->e[i];
        if (e->kind != TL_SPAN)
            continue;
        size_t l = 0;
        while (l < t->nlanes && end[l] > e->t0)
            l++;
        if (l == t->nlanes)
            t->nlanes++;
        end[l] = e->t1;
        e->lane = l;
    }
    free(end);
    return BK_OK;
}

/* Widths of the columns from the texts' widths: the scale as wide as its
 * widest name, the date column as wide as the widest date (or piece of a
 * range) on one line, at most 40% of the figure; the labels take the
 * rest. */
static bk_status columns(tl *t)
{
    bk_status st;
    double mn, mx, label_min = 0;
    t->scale_w = 0;
    for (size_t i = 0; i < t->nmark; i++) {
        if ((st = bk_timeline_memo_measure(t->memo, t->setter, &t->mark[i].b, "timeline-date", &mn, &mx)))
            return st;
        if (mx > t->scale_w)
            t->scale_w = mx;
    }
    double widest = 0, unbreakable = 0;
    for (size_t i = 0; i < t->n; i++) {
        tl_entry *e = &t->e[i];
        for (size_t k = 0; k < e->ndate; k++) {
            if ((st = bk_timeline_memo_measure(t->memo, t->setter, &e->db[k], "timeline-date", &mn, &mx)))
                return st;
            if (mx > widest)
                widest = mx;
            if (mn > unbreakable)
                unbreakable = mn;
        }
        if ((st = bk_timeline_memo_measure(t->memo, t->setter, &e->lb, "timeline-label", &mn, &mx)))
            return st;
        if (mn > label_min)
            label_min = mn;
    }
    /* a hair more than measured: a line exactly as wide as its measure must
     * not be broken by rounding */
    t->date_w = (widest > unbreakable ? widest : unbreakable) + 0.5;
    if (t->date_w > 0.4 * t->w)
        t->date_w = unbreakable + 0.5 > 0.4 * t->w ? unbreakable + 0.5 : 0.4 * t->w;
    t->x_scale = t->x + t->scale_w;
    t->x_axis = t->x_scale + SCALE_GAP + (double)t->nlanes * LANE_STEP + BAND_HALF + 1;
    t->x_entry = t->x_axis + LEADER_W;
    t->x_label = t->x_entry + t->date_w + GUTTER;
    t->label_w = t->x + t->w - t->x_label;
    if (t->label_w < label_min + 0.5 || t->label_w < 24)
        return no_room(t, "timeline: a rectangle %.0f pt wide leaves %.0f pt for the "
                          "event labels; they need at least %.0f pt",
                       t->w, t->label_w, label_min + 0.5 > 24 ? label_min + 0.5 : 24);
    return BK_OK;
}

/* Stretches of at least MIN_GAP_DAYS without an event date are candidates
 * for compression, in the detail span too (where an empty stretch would
 * take the most room); which of them are compressed is decided with the
 * labels in view (lay_out). The dates are the ticks: a span's start and
 * end (its bar passing through has no date there), the middle of a date
 * of month or year precision or of an uncertain range (a bracket may run
 * into a break: "somewhere in 1860" does not keep a year of axis for one
 * label). */
static bk_status find_gaps(tl *t)
{
    size_t ni = 0;
    double(*iv)[2] = malloc(2 * t->n * sizeof(*iv));
    if (!iv)
        return oom(t->ctx);
    for (size_t i = 0; i < t->n; i++) {
        const tl_entry *e = &t->e[i];
        if (e->kind == TL_SPAN) {
            iv[ni][0] = iv[ni][1] = e->t0, ni++;
            iv[ni][0] = iv[ni][1] = e->t1, ni++;
        } else if (e->kind == TL_PERIOD) {
            iv[ni][0] = iv[ni][1] = e->anchor, ni++;
        } else {
            iv[ni][0] = e->t0, iv[ni++][1] = e->t1;
        }
    }
    qsort(iv, ni, sizeof(*iv), cmp_double); /* by start: the first double */
    t->gap = calloc(ni ? ni : 1, sizeof(*t->gap));
    if (!t->gap) {
        free(iv);
        return oom(t->ctx);
    }
    double reach = iv[0][1];
    for (size_t i = 1; i < ni; i++) {
        if (iv[i][0] - reach >= MIN_GAP_DAYS)
            t->gap[t->ngap++] =
                (tl_gap){reach + GAP_PAD_DAYS, iv[i][0] - GAP_PAD_DAYS, iv[i][0] - reach, 1};
        if (iv[i][1] > reach)
            reach = iv[i][1];
    }
    free(iv);
    return BK_OK;
}

/* ---- drawing the figure -------------------------------------------------- */

/* A vertical stroke (gray < 0: black, `width` wide) or a bar from x0 to x1
 * in `gray`, from u0 to u1, interrupted where it crosses an axis break. */
static bk_status run_down(tl *t, double u0, double u1, double x0, double x1, double width,
                          double gray)
{
    int bar = gray >= 0;
    bk_status st = BK_OK;
    double u = u0;
    for (size_t i = 0; i < t->nseg && !st; i++) {
        if (t->seg[i].kind != SEG_BREAK)
            continue;
        double c = (t->seg[i].u0 + t->seg[i].u1) / 2;
        if (c - BREAK_HALF <= u || c + BREAK_HALF >= u1)
            continue;
        st = bar ? box(t, x0, Y(t, u), x1, Y(t, c - BREAK_HALF), gray)
                 : line(t, x0, Y(t, u), x0, Y(t, c - BREAK_HALF), width, 0);
        u = c + BREAK_HALF;
    }
    if (!st && u1 > u)
        st = bar ? box(t, x0, Y(t, u), x1, Y(t, u1), gray)
                 : line(t, x0, Y(t, u), x0, Y(t, u1), width, 0);
    return st;
}

static bk_status draw_axis(tl *t)
{
    bk_status st = BK_OK;
    double lanes_left = t->x_axis - BAND_HALF - 1 - (double)t->nlanes * LANE_STEP;
    if (t->D1 > t->D0 && (st = run_down(t, map(t, t->D0), map(t, t->D1), t->x_axis - BAND_HALF,
                                        t->x_axis + BAND_HALF, 0, BAND_GRAY)))
        return st;
    /* span bars, with a cap at either end reaching to the axis */
    for (size_t i = 0; i < t->n && !st; i++) {
        const tl_entry *e = &t->e[i];
        if (e->kind != TL_SPAN)
            continue;
        double xr = t->x_axis - BAND_HALF - 1 - (double)e->lane * LANE_STEP;
        double ua = map(t, e->t0), ub = map(t, e->t1);
        if ((st = run_down(t, ua, ub, xr - LANE_W, xr, 0, BAR_GRAY)) ||
            (st = line(t, xr - LANE_W, Y(t, ua), t->x_axis, Y(t, ua), TICK_LINE, 0)))
            break;
        st = line(t, xr - LANE_W, Y(t, ub), xr, Y(t, ub), TICK_LINE, 0);
    }
    /* the axis, running on a little at the top and into an arrow at the
     * bottom: time goes down */
    double ubot = t->uend + ARROW_LEN + 2;
    if (st || (st = run_down(t, t->ustart - 3, ubot - ARROW_LEN, t->x_axis, 0, AXIS_LINE, -1)))
        return st;
    bk_path *p = bk_page_add_path(t->page, 4);
    if (!p)
        return oom(t->ctx);
    p->fill = 1;
    p->fill_color.n = 1;
    op(p, 0, BK_PATH_MOVE, t->x_axis - 2.3, Y(t, ubot - ARROW_LEN));
    op(p, 1, BK_PATH_LINE, t->x_axis + 2.3, Y(t, ubot - ARROW_LEN));
    op(p, 2, BK_PATH_LINE, t->x_axis, Y(t, ubot));
    p->ops[3].op = BK_PATH_CLOSE;
    /* breaks: a double slash across the axis and the lanes */
    for (size_t i = 0; i < t->nseg && !st; i++) {
        if (t->seg[i].kind != SEG_BREAK)
            continue;
        double c = (t->seg[i].u0 + t->seg[i].u1) / 2;
        for (int k = -1; k <= 1 && !st; k += 2) {
            double yc = Y(t, c + k * BREAK_HALF);
            st = line(t, lanes_left - 1, yc - 1.6, t->x_axis + 4, yc + 1.6, 0.6, 0);
        }
    }
    return st;
}

static bk_status draw_scale(tl *t)
{
    bk_status st = BK_OK;
    double below = t->ustart; /* the lowest label so far */
    for (size_t i = 0; i < t->nmark && !st; i++) {
        tl_mark *k = &t->mark[i];
        if (k->tick) {
            double x0 = k->month ? t->x_axis - BAND_HALF - 3 : t->x_scale + 1.5;
            if ((st = line(t, x0, Y(t, k->u), t->x_axis + (k->month ? 0 : BAND_HALF),
                           Y(t, k->u), TICK_LINE, 0)))
                break;
        }
        /* a name hangs below its tick ("from here on"); one that would
         * touch the name above moves down by up to a line, one that would
         * have to move further or leave the figure is left out (its tick
         * still shows) */
        double lead = k->p.style.leading;
        double top = k->u + 1 > below ? k->u + 1 : below;
        if (top + lead * (double)k->p.nlines > t->U || k->p.nlines == 0 ||
            top > k->u + 1 + lead)
            continue;
        for (size_t j = 0; j < k->p.nlines && !st; j++) {
            const bk_set_line *ln = &k->p.lines[j];
            double base = Y(t, top + lead / 2 + (double)j * lead) - 0.3 * k->p.style.size;
            /* right-aligned against the lanes, whatever the style's align */
            st = bk_para_draw_line(t->ctx, &k->p, ln, t->page,
                                   t->x_scale - ln->width - ln->x, base);
        }
        below = top + lead * (double)k->p.nlines + 1;
    }
    return st;
}

static bk_status draw_entries(tl *t)
{
    bk_status st = BK_OK;
    /* leaders first, so that ticks sit on top of them */
    for (size_t i = 0; i < t->n && !st; i++) {
        const tl_entry *e = &t->e[i];
        double yt = Y(t, e->tick), yl = Y(t, e->top + e->a);
        double x0 = t->x_axis + BAND_HALF, x1 = t->x_entry - 2;
        if (fabs(yt - yl) < 0.3) {
            st = line(t, x0, yt, x1, yt, LEADER_LINE, LEADER_GRAY);
            continue;
        }
        bk_path *p = stroked(t, 4, LEADER_LINE, LEADER_GRAY);
        if (!p)
            return oom(t->ctx);
        op(p, 0, BK_PATH_MOVE, x0, yt);
        op(p, 1, BK_PATH_LINE, x0 + 1.5, yt);
        op(p, 2, BK_PATH_LINE, x1 - 2.5, yl);
        op(p, 3, BK_PATH_LINE, x1, yl);
    }
    for (size_t i = 0; i < t->n && !st; i++) {
        const tl_entry *e = &t->e[i];
        double yt = Y(t, e->tick);
        if (e->kind == TL_PERIOD) {
            /* a month, a year or the range an uncertain date lies in: a
             * bracket as long as that stretch of the axis, never so short
             * that it reads as a dot */
            double u0 = map(t, e->t0), u1 = map(t, e->t1);
            if (u1 - u0 < PERIOD_MIN)
                u1 = u0 + PERIOD_MIN;
            st = e->ev->uncertain ? dotted(t, t->x_axis, u0, u1)
                                  : run_down(t, u0, u1, t->x_axis - PERIOD_HALF,
                                             t->x_axis + PERIOD_HALF, 0, PERIOD_GRAY);
        } else if (e->kind == TL_DAY && !e->ev->alt) {
            st = dot(t, t->x_axis, yt, DOT_R);
        }
    }
    /* disputed events' diamonds over every other tick: one on the same
     * day must not hide that it is disputed */
    for (size_t i = 0; i < t->n && !st; i++)
        if (t->e[i].ev->alt)
            st = diamond(t, t->x_axis, Y(t, t->e[i].tick), DIAMOND_R);
    for (size_t i = 0; i < t->n && !st; i++) {
        const tl_entry *e = &t->e[i];
        double c = e->top + e->a, lines = 0;
        for (size_t k = 0; k < e->ndate && !st; k++) {
            st = draw_para(t, &e->dp[k], t->x_entry, c + lines * e->dp[k].style.leading);
            lines += (double)e->dp[k].nlines;
        }
        if (!st)
            st = draw_para(t, &e->lp, t->x_label, c);
        if (!st && e->ap.nlines)
            st = draw_para(t, &e->ap, t->x_entry, e->top + e->h - e->ap.style.leading *
                                                      ((double)e->ap.nlines - 0.5));
    }
    return st;
}

/* The time range: the events' (a detail span reaching beyond them is cut
 * to it: the figure shows events, not empty months). */
static bk_status time_range(tl *t)
{
    const bk_timeline_spec *spec = t->spec;
    t->T0 = t->e[0].t0;
    t->T1 = t->e[0].t1;
    for (size_t i = 1; i < t->n; i++) {
        if (t->e[i].t0 < t->T0)
            t->T0 = t->e[i].t0;
        if (t->e[i].t1 > t->T1)
            t->T1 = t->e[i].t1;
    }
    if (!spec->detail_from.year)
        return BK_OK;
    if (!date_ok(&spec->detail_from) || !date_ok(&spec->detail_to) ||
        date_end(&spec->detail_to) <= date_start(&spec->detail_from))
        return bk_diag_error(t->ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "timeline: the detail span is not a span of dates");
    t->D0 = date_start(&spec->detail_from);
    t->D1 = date_end(&spec->detail_to);
    if (t->D0 < t->T0)
        t->D0 = t->T0;
    if (t->D1 > t->T1)
        t->D1 = t->T1;
    return BK_OK;
}

/* The title, across the top: sets t->top and t->U below it. */
static bk_status set_title(tl *t)
{
    const bk_timeline_spec *spec = t->spec;
    bk_status st;
    t->title_h = 0;
    if (spec->title && *spec->title) {
        t->tb = (bk_block){.style = "timeline-title", .lang = (char *)spec->lang,
                           .text = (char *)spec->title, .len = strlen(spec->title)};
        if ((st = bk_timeline_memo_set(t->memo, t->setter, &t->tb, "timeline-title", t->w, &t->tp)))
            return st;
        t->title_h = (double)t->tp.nlines * t->tp.style.leading +
                     (t->tp.style.space_after > 0 ? t->tp.style.space_after
                                                  : t->tp.style.leading / 2);
    }
    double lh = 0;
    for (int i = 0; i < 3; i++) {
        const char *txt = spec->legend[i];
        if (!txt || !*txt)
            continue;
        t->lgb[i] = (bk_block){.style = "timeline-label", .lang = (char *)spec->lang,
                               .text = (char *)txt, .len = strlen(txt)};
        if ((st = bk_timeline_memo_set(t->memo, t->setter, &t->lgb[i], "timeline-label", t->w - LEGEND_KEY,
                              &t->lgp[i])))
            return st;
        lh += (double)t->lgp[i].nlines * t->lgp[i].style.leading;
    }
    if (lh > 0)
        lh += t->lgp[0].style.leading / 2 + 2; /* a little room before the axis */
    t->legend_u = -lh; /* the legend right under the title, above the axis area */
    t->title_h += lh;
    t->top = t->y + t->h - t->title_h;
    t->U = t->h - t->title_h;
    return BK_OK;
}

/* The legend under the title: each line beside its mark (a dot and a solid
 * bracket; a dotted bracket; a diamond), as the axis draws them. */
static bk_status draw_legend(tl *t)
{
    bk_status st = BK_OK;
    double u = t->legend_u;
    for (int i = 0; i < 3 && !st; i++) {
        const bk_para *p = &t->lgp[i];
        if (!p->nlines)
            continue;
        double c = u + p->style.leading / 2, x = t->x + 3;
        if (i == 0 && !(st = dot(t, x, Y(t, c), DOT_R)))
            st = box(t, x + 6 - PERIOD_HALF, Y(t, c - 4), x + 6 + PERIOD_HALF, Y(t, c + 4),
                     PERIOD_GRAY);
        else if (i == 1)
            st = dotted(t, x + 6, c - 4, c + 4);
        else if (i == 2)
            st = diamond(t, x + 3, Y(t, c), DIAMOND_R);
        if (!st)
            st = draw_para(t, p, t->x + LEGEND_KEY, c);
        u += (double)p->nlines * p->style.leading;
    }
    return st;
}

/* Each entry's date, label and disputed date set to their columns, its
 * height (*sum_h their sum) and the gap entries keep when there is room.
 * A trial stops as soon as the heights so far exceed the axis area: the
 * answer (no room, figure_set's first test) is known, and the entries
 * after need not be set. */
static bk_status set_entries(tl *t, double *gap, double *sum_h)
{
    bk_status st;
    *gap = *sum_h = 0;
    for (size_t i = 0; i < t->n; i++) {
        tl_entry *e = &t->e[i];
        size_t nd = 0;
        for (size_t k = 0; k < e->ndate; k++) {
            if ((st = bk_timeline_memo_set(t->memo, t->setter, &e->db[k], "timeline-date", t->date_w, &e->dp[k])))
                return st;
            nd += e->dp[k].nlines;
        }
        if ((st = bk_timeline_memo_set(t->memo, t->setter, &e->lb, "timeline-label", t->label_w, &e->lp)) ||
            (e->alt.len && (st = bk_timeline_memo_set(t->memo, t->setter, &e->ab, "timeline-label",
                                             t->x + t->w - t->x_entry, &e->ap))))
            return st;
        /* the date's and the label's first lines share a centre, the tick's
         * height; the other date comes under both */
        double ld = e->dp[0].style.leading, ll = e->lp.style.leading;
        e->a = (ld > ll ? ld : ll) / 2;
        double bd = e->a + ((double)nd - 0.5) * ld;
        double bl = e->a + ((double)e->lp.nlines - 0.5) * ll;
        e->h = (bd > bl ? bd : bl) + (double)e->ap.nlines * e->ap.style.leading;
        if (ENTRY_GAP_EM * e->lp.style.size > *gap)
            *gap = ENTRY_GAP_EM * e->lp.style.size;
        *sum_h += e->h;
        if (t->trial && *sum_h > t->U - 1 - ENTRY_LO)
            return no_room(t, "timeline: the labels need more room than the rectangle has");
    }
    return BK_OK;
}

/* Which stretches to compress: where a year or more passes without an
 * event, always (if that saves room); shorter stretches too when that
 * brings the labels nearer their ticks by more than the breaks cost. How
 * much room for the detail span: as much as its share of the labels, or
 * another share if that brings them nearer (its events may crowd one end
 * of it). Each candidate is laid out; the best wins, and is laid out
 * again to stay. */
static bk_status choose_axis(tl *t, double L, double lo, double hi, double gap)
{
    bk_status st;
    double need_all = 0, need_detail = 0;
    for (size_t i = 0; i < t->n; i++) {
        need_all += t->e[i].h + gap;
        if (t->D1 > t->D0 && t->e[i].anchor >= t->D0 && t->e[i].anchor < t->D1)
            need_detail += t->e[i].h + gap;
    }
    static const double thresholds[] = {365.25, 0.75 * 365.25, 0.5 * 365.25, MIN_GAP_DAYS};
    double shares[] = {need_all > 0 ? need_detail / need_all : 0, 0.2, 0.35, 0.5, 0.65, 0.8, 0.92};
    double best_cost = HUGE_VAL, best_g = HUGE_VAL, best_share = 0, cost;
    for (size_t k = 0; k < sizeof thresholds / sizeof *thresholds; k++)
        for (size_t j = 0; j < sizeof shares / sizeof *shares; j++) {
            double sh = shares[j] > DETAIL_MAX_SHARE ? DETAIL_MAX_SHARE : shares[j];
            if (j > 0 && !(t->D1 > t->D0))
                break; /* no detail span: nothing to share */
            if ((st = lay_out(t, thresholds[k], sh, L, lo, hi, gap, &cost)))
                return st;
            if (cost < best_cost - 0.01)
                best_cost = cost, best_g = thresholds[k], best_share = sh;
        }
    if (best_cost == HUGE_VAL)
        return no_room(t, "timeline: a rectangle %.0f pt high is too short for the axis", t->h);
    return lay_out(t, best_g, best_share, L, lo, hi, gap, &cost);
}

/* Steps: events read -> lanes -> time range -> title -> the scale's names
 * listed once on an axis without breaks, where every year has a name of
 * its own, for the widest of them (where they go comes later) -> columns
 * -> gaps -> entries set -> the axis chosen -> the scale's names set.
 * Everything is set before anything is drawn: a refusal leaves the page as
 * it was. */
static bk_status figure_set(tl *t, const bk_event *ev)
{
    bk_status st;
    double nd, dd, gap, sum_h;
    size_t nb;
    if ((st = read_events(t, ev)) || (st = assign_lanes(t)) || (st = time_range(t)) ||
        (st = set_title(t)) || (st = build_segments(t, &nd, &dd, &nb)) ||
        (st = make_marks(t)) || (st = columns(t)) || (st = find_gaps(t)) ||
        (st = set_entries(t, &gap, &sum_h)))
        return st;
    /* entries keep 1.5 pt from the title (stacked Vietnamese marks reach
     * above the line box) and from the bottom edge */
    double lo = ENTRY_LO, hi = t->U - 1;
    if (sum_h > hi - lo)
        return no_room(t, "timeline: the labels of %zu events need %.0f pt along the "
                          "axis, but the rectangle leaves %.0f pt; give the figure more "
                          "room or fewer events",
                       t->n, sum_h, hi - lo);
    /* entries are kept apart by a little space when there is room for it:
     * a crowded figure sets them line under line, as a list would */
    if (t->n > 1 && sum_h + gap * (double)(t->n - 1) > hi - lo)
        gap = (hi - lo - sum_h) / (double)(t->n - 1);
    /* the axis: the first tick low enough for its entry to sit beside it,
     * the last high enough for its entry and the arrow */
    t->ustart = lo + t->e[0].a + 2;
    const tl_entry *last = &t->e[t->n - 1];
    double tail = last->h - last->a;
    t->uend = hi - (tail > ARROW_LEN + 3 ? tail : ARROW_LEN + 3) - 1;
    if ((st = choose_axis(t, t->uend - t->ustart, lo, hi, gap)) || (st = make_marks(t)))
        return st;
    for (size_t i = 0; i < t->nmark; i++)
        if ((st = bk_timeline_memo_set(t->memo, t->setter, &t->mark[i].b, "timeline-date", t->scale_w + 1,
                              &t->mark[i].p)))
            return st;
    return BK_OK;
}

static void tl_release(tl *t)
{
    for (size_t i = 0; i < t->n && t->e; i++) {
        for (size_t k = 0; k < 2; k++) {
            bk_buf_release(&t->e[i].date[k]);
            bk_para_release(&t->e[i].dp[k]);
        }
        bk_buf_release(&t->e[i].alt);
        bk_para_release(&t->e[i].ap);
        bk_para_release(&t->e[i].lp);
    }
    for (size_t i = 0; i < t->nmark; i++) {
        bk_buf_release(&t->mark[i].text);
        bk_para_release(&t->mark[i].p);
    }
    bk_para_release(&t->tp);
    for (int i = 0; i < 3; i++)
        bk_para_release(&t->lgp[i]);
    free(t->mark);
    free(t->e);
    free(t->seg);
    free(t->gap);
}

/* The checks both entry points make, and t->e. */
static bk_status tl_start(tl *t, const bk_event *ev)
{
    bk_ctx *ctx = t->ctx;
    if (!t->spec || !t->spec->lang || !t->setter || (!t->trial && !t->page) ||
        (t->n && !ev))
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "timeline: called without a language, setter, page or events");
    if (t->n == 0)
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0, "timeline: no events to draw");
    if (!(t->w > 0) || !(t->h > 0))
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "timeline: empty rectangle (%.1f by %.1f pt)", t->w, t->h);
    t->e = calloc(t->n, sizeof(*t->e));
    return t->e ? BK_OK : oom(ctx);
}

bk_status bk_timeline_draw(bk_ctx *ctx, bk_setter *setter, const bk_timeline_spec *spec,
                           const bk_event *ev, size_t n, bk_page *page, double x,
                           double y, double w, double h)
{
    return bk_timeline_draw_memo(ctx, setter, spec, ev, n, page, x, y, w, h, NULL);
}

bk_status bk_timeline_draw_memo(bk_ctx *ctx, bk_setter *setter, const bk_timeline_spec *spec,
                                const bk_event *ev, size_t n, bk_page *page, double x,
                                double y, double w, double h, bk_timeline_memo *memo)
{
    tl t = {.ctx = ctx, .setter = setter, .spec = spec, .page = page, .memo = memo,
            .x = x, .y = y, .w = w, .h = h, .n = n};
    bk_status st;
    if ((st = tl_start(&t, ev)) || (st = figure_set(&t, ev)))
        goto done;
    if (t.tp.nlines) {
        /* the title is the figure's caption (tagged PDF) */
        if (!bk_page_tag_start(page, BK_ROLE_CAPTION, NULL, NULL, NULL, NULL)) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
            goto done;
        }
        if ((st = draw_para(&t, &t.tp, x, -t.title_h + t.tp.style.leading / 2)))
            goto done;
        if (bk_page_tag_end(page)) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
            goto done;
        }
    }
    if ((st = draw_legend(&t)) || (st = draw_axis(&t)) || (st = draw_scale(&t)) ||
        (st = draw_entries(&t)))
        goto done;
done:
    tl_release(&t);
    return st;
}

bk_status bk_timeline_fits(bk_ctx *ctx, bk_setter *setter, const bk_timeline_spec *spec,
                           const bk_event *ev, size_t n, double x, double y, double w,
                           double h, bk_timeline_memo *memo, int *fits)
{
    tl t = {.ctx = ctx, .setter = setter, .spec = spec, .trial = 1, .memo = memo,
            .x = x, .y = y, .w = w, .h = h, .n = n};
    bk_status st = tl_start(&t, ev);
    if (!st)
        st = figure_set(&t, ev);
    *fits = st == BK_OK;
    if (st == BK_EINPUT && t.no_room)
        st = BK_OK; /* an answer, not an error: nothing was recorded */
    tl_release(&t);
    return st;
}
