/* map-draw.c — what a map draws besides layers and labels: the
 * graticule with its degrees, the route with arrows, the legend with
 * scale bars, and the north arrow. */
#include "map-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The lon/lat range the frame shows, a little beyond it so that every
 * graticule line crosses its edges: lo0 lo1 la0 la1. */
static void frame_range(const view *v, double g[4])
{
    double lo0 = INFINITY, lo1 = -INFINITY, la0 = INFINITY, la1 = -INFINITY;
    for (int k = 0; k <= 32; k++) {
        double t = k / 32.0, lon, lat;
        double xs[4] = {v->r.x0 + t * (v->r.x1 - v->r.x0), v->r.x0 + t * (v->r.x1 - v->r.x0),
                        v->r.x0, v->r.x1};
        double ys[4] = {v->r.y0, v->r.y1, v->r.y0 + t * (v->r.y1 - v->r.y0),
                        v->r.y0 + t * (v->r.y1 - v->r.y0)};
        for (int e = 0; e < 4; e++) {
            bk_map_to_geo(v, xs[e], ys[e], &lon, &lat);
            lo0 = fmin(lo0, lon);
            lo1 = fmax(lo1, lon);
            la0 = fmin(la0, lat);
            la1 = fmax(la1, lat);
        }
    }
    double mlo = (lo1 - lo0) * 0.02, mla = (la1 - la0) * 0.02;
    g[0] = lo0 - mlo;
    g[1] = lo1 + mlo;
    g[2] = la0 - mla;
    g[3] = la1 + mla;
}

/* The degrees of the graticule line in m->a (kind 1: a parallel) where it
 * meets the bottom (meridians) or left edge, unless an inset hides it. */
static bk_status degree_label(mapctx *m, const view *v, double g, int kind,
                              const vstate *insets, size_t ninsets, label *L)
{
    for (size_t k = 0; k + 1 < m->a.n; k++) {
        pt a = m->a.p[k], b = m->a.p[k + 1];
        double edge = kind ? v->r.x0 : v->r.y0;
        double ea = kind ? a.x : a.y, eb = kind ? b.x : b.y;
        if ((ea - edge) * (eb - edge) > 0 || ea == eb)
            continue;
        double t = (edge - ea) / (eb - ea);
        double cx = a.x + t * (b.x - a.x), cy = a.y + t * (b.y - a.y);
        if (kind ? (cy < v->r.y0 + 4 || cy > v->r.y1 - 4)
                 : (cx < v->r.x0 + 8 || cx > v->r.x1 - 8))
            return BK_OK;
        for (size_t i = 0; i < ninsets; i++) {
            rect ir = insets[i].v.r;
            if (kind ? (ir.x0 <= v->r.x0 + 1 && cy >= ir.y0 - 3 && cy <= ir.y1 + 3)
                     : (ir.y0 <= v->r.y0 + 1 && cx >= ir.x0 - 3 && cx <= ir.x1 + 3))
                return BK_OK;
        }
        char txt[32];
        bk_status st = bk_map_degree_text(m, g, kind, txt, sizeof txt);
        bk_map_label_free(L);
        if (st || (st = bk_map_label_add(m, L, "map-small", txt, gray(0.2), 1000)))
            return st;
        if (kind)
            return bk_map_label_draw(m, L, v->r.x0 - 2 - L->w, cy + L->h / 2 - 0.5, AL_RIGHT);
        return bk_map_label_draw(m, L, cx - L->w / 2, v->r.y0 - 1.5, AL_CENTER);
    }
    return BK_OK;
}

/* Graticule lines (clipped to the frame) and, for the main view, their
 * degrees outside the frame: meridians below it, parallels left of it. */
bk_status bk_map_draw_graticule(mapctx *m, const vstate *vs, double step, int labels,
                                const vstate *insets, size_t ninsets)
{
    const view *v = &vs->v;
    double r[4];
    frame_range(v, r);
    pathb pb = {0};
    bk_status st = BK_OK;
    label L = {0};
    for (int kind = 0; kind < 2 && !st; kind++) {
        double a0 = kind ? r[2] : r[0], a1 = kind ? r[3] : r[1];
        for (double g = ceil(a0 / step - 1e-9) * step; g <= a1 + 1e-9 && !st; g += step) {
            m->a.n = 0;
            for (int k = 0; k <= 96 && !st; k++) {
                double t = k / 96.0;
                pt q;
                if (kind)
                    bk_map_to_page(v, r[0] + t * (r[1] - r[0]), g, &q);
                else
                    bk_map_to_page(v, g, r[2] + t * (r[3] - r[2]), &q);
                if (bk_map_pb_push(&m->a, q.x, q.y))
                    st = bk_map_oom(m);
            }
            if (!st && bk_map_add_clipped_line(m, &pb, m->a.p, m->a.n, v->r, 0))
                st = bk_map_oom(m);
            if (!st && labels)
                st = degree_label(m, v, g, kind, insets, ninsets, &L);
        }
    }
    if (!st)
        st = bk_map_pathb_emit(m, &pb, 0, C_GRID, 1, C_GRID, 0.25);
    bk_map_label_free(&L);
    bk_map_pathb_free(&pb);
    return st;
}

/* Page point of a route point in a view. */
static void route_at(const bk_map_spec *s, size_t i, const view *v, pt *q)
{
    const route_pt *r = &s->route[i];
    if (r->place)
        bk_map_to_page(v, r->place->lon, r->place->lat, q);
    else
        bk_map_to_page(v, r->lon, r->lat, q);
}

/* Arrowhead at b pointing away from a, filled. */
static int arrowhead(pathb *pb, pt a, pt b, double len, double half)
{
    double dx = b.x - a.x, dy = b.y - a.y, L = hypot(dx, dy);
    if (L <= 0)
        return 0;
    dx /= L;
    dy /= L;
    pt l = {b.x - dx * len - dy * half, b.y - dy * len + dx * half};
    pt r = {b.x - dx * len + dy * half, b.y - dy * len - dx * half};
    return bk_map_pathb_op(pb, BK_PATH_MOVE, b.x, b.y) || bk_map_pathb_op(pb, BK_PATH_LINE, l.x, l.y) ||
           bk_map_pathb_op(pb, BK_PATH_LINE, r.x, r.y) || bk_map_pathb_op(pb, BK_PATH_CLOSE, 0, 0);
}

/* Appends to leg the course's vertices between a and b (nearest first),
 * simplified and offset to the left of travel by 2.6 pt (normals averaged
 * at the vertices), so that route and river both show. */
static int leg_follow(mapctx *m, const view *v, const bk_geo_seg *course, pt a, pt b,
                      ptbuf *leg)
{
    size_t ia = 0, ib = 0;
    double da = INFINITY, db = INFINITY;
    if (bk_map_project_seg(m, v, course))
        return -1;
    for (size_t k = 0; k < m->a.n; k++) {
        double d1 = hypot(m->a.p[k].x - a.x, m->a.p[k].y - a.y);
        double d2 = hypot(m->a.p[k].x - b.x, m->a.p[k].y - b.y);
        if (d1 < da) {
            da = d1;
            ia = k;
        }
        if (d2 < db) {
            db = d2;
            ib = k;
        }
    }
    ptbuf mid = {0};
    int err = 0;
    for (size_t k = ia;; k += ia < ib ? 1 : (size_t)-1) {
        err |= bk_map_pb_push(&mid, m->a.p[k].x, m->a.p[k].y);
        if (k == ib)
            break;
    }
    err |= bk_map_simplify(&mid, 1.5);
    for (size_t k = 0; k < mid.n && !err; k++) {
        pt p0 = mid.p[k ? k - 1 : 0], p1 = mid.p[k + 1 < mid.n ? k + 1 : k];
        double dx = p1.x - p0.x, dy = p1.y - p0.y, L = hypot(dx, dy);
        if (L <= 0)
            continue;
        err |= bk_map_pb_push(leg, mid.p[k].x - dy / L * 2.6, mid.p[k].y + dx / L * 2.6);
    }
    free(mid.p);
    return err ? -1 : 0;
}

/* Draws one leg (points in leg, from route point i-1 at a to i at b): it
 * stops short of the places' symbols, leaving room for the arrow, and
 * ends in an arrowhead when `arrow` (leg_arrow). */
static int leg_draw(mapctx *m, const view *v, size_t i, const int symbol_of[], ptbuf *leg,
                    pt a, pt b, int arrow, pathb *line, pathb *heads)
{
    double stop = symbol_of[i] >= 0 ? bk_map_sym_radius(symbol_of[i]) + 1.2 : 0;
    double start = symbol_of[i - 1] >= 0 ? bk_map_sym_radius(symbol_of[i - 1]) + 0.8 : 0;
    pt *p = leg->p;
    size_t n = leg->n;
    while (n > 2 && hypot(p[n - 2].x - b.x, p[n - 2].y - b.y) < stop + 4)
        n--;
    while (n > 2 && hypot(p[1].x - a.x, p[1].y - a.y) < start + 2) {
        p++;
        n--;
    }
    pt last = p[n - 1], prev = p[n - 2];
    double L = hypot(last.x - prev.x, last.y - prev.y);
    if (L <= stop + 0.5)
        return 0; /* too short at this scale: the inset shows it */
    last.x -= (last.x - prev.x) / L * stop;
    last.y -= (last.y - prev.y) / L * stop;
    p[n - 1] = last;
    pt first = p[0], next = p[1];
    double L0 = hypot(next.x - first.x, next.y - first.y);
    if (L0 > start) {
        p[0].x += (next.x - first.x) / L0 * start;
        p[0].y += (next.y - first.y) / L0 * start;
    }
    /* the line ends at the arrow's base (a waypoint has no arrow) */
    pt tip = p[n - 1];
    double ax = tip.x - prev.x, ay = tip.y - prev.y, AL = hypot(ax, ay);
    arrow = arrow && tip.x > v->r.x0 + 4 && tip.x < v->r.x1 - 4 && tip.y > v->r.y0 + 4 &&
            tip.y < v->r.y1 - 4;
    if (arrow) {
        p[n - 1].x -= ax / AL * 3.5;
        p[n - 1].y -= ay / AL * 3.5;
    }
    m->cur_kind = LN_ROUTE;
    int err = bk_map_add_clipped_line(m, line, p, n, v->r, 5);
    m->cur_kind = LN_NONE;
    if (err)
        return -1;
    if (!arrow)
        return 0;
    /* the arrowhead: an obstacle for the labels of its view */
    pt base = {tip.x - ax / AL * 4.6, tip.y - ay / AL * 4.6};
    rect hb = {fmin(tip.x, base.x) - 2.2, fmin(tip.y, base.y) - 2.2,
               fmax(tip.x, base.x) + 2.2, fmax(tip.y, base.y) + 2.2};
    if (bk_map_add_hard(m, hb, m->cur_view))
        return -1;
    return arrowhead(heads, prev, tip, 4.6, 2.1);
}

int bk_map_route_hits(mapctx *m, const vstate *vs, rect r)
{
    const bk_map_spec *s = m->spec;
    ptbuf leg = {0};
    int hit = 0;
    const bk_geo_seg *course = s->main.layers[LY_PATHS]
                                   ? bk_geo_layer_seg(s->main.layers[LY_PATHS], 0)
                                   : NULL;
    for (size_t i = 1; i < s->nroute && !hit; i++) {
        pt a, b;
        route_at(s, i - 1, &vs->v, &a);
        route_at(s, i, &vs->v, &b);
        leg.n = 0;
        int err = bk_map_pb_push(&leg, a.x, a.y);
        if (!err && s->route[i].follow && course)
            err = leg_follow(m, &vs->v, course, a, b, &leg);
        err = err || bk_map_pb_push(&leg, b.x, b.y);
        if (err) {
            hit = -1;
            break;
        }
        for (size_t k = 0; k + 1 < leg.n && !hit; k++)
            hit = bk_map_seg_hits_rect(leg.p[k], leg.p[k + 1], r);
    }
    free(leg.p);
    return hit;
}

/* 1 if the place is a dated stage: it has events in some view. */
static int dated_stage(const bk_map_spec *s, const place *p)
{
    for (size_t v = 0; p && v <= s->ninsets; v++) {
        const view_data *vd = v ? &s->insets[v - 1] : &s->main;
        for (size_t k = 0; k < vd->nplaces; k++)
            if (vd->places[k].p == p && vd->places[k].nev)
                return 1;
    }
    return 0;
}

/* Whether the leg to route point i ends in an arrow: at a place that is a
 * dated stage, where the route turns (more than 35 degrees) or ends, and
 * never inside an inset's extent on the main map. */
static int leg_arrow(const mapctx *m, const vstate *vs, size_t i)
{
    const bk_map_spec *s = m->spec;
    if (!s->route[i].place)
        return 0;
    pt a, b, c;
    route_at(s, i - 1, &vs->v, &a);
    route_at(s, i, &vs->v, &b);
    for (size_t k = 0; vs->index == 0 && k < m->nextent; k++)
        if (b.x >= m->extent[k].x0 - 2 && b.x <= m->extent[k].x1 + 2 &&
            b.y >= m->extent[k].y0 - 2 && b.y <= m->extent[k].y1 + 2)
            return 0;
    if (i + 1 >= s->nroute || dated_stage(s, s->route[i].place))
        return 1;
    route_at(s, i + 1, &vs->v, &c);
    double t1 = atan2(b.y - a.y, b.x - a.x), t2 = atan2(c.y - b.y, c.x - b.x);
    double d = fabs(remainder(t2 - t1, 2 * PI));
    return d > 35 * PI / 180;
}

/* The route: legs between its points, following the paths layer's first
 * course where the definition says so, arrows where leg_arrow says. */
bk_status bk_map_draw_route(mapctx *m, const vstate *vs, const int symbol_of[])
{
    const bk_map_spec *s = m->spec;
    const view *v = &vs->v;
    pathb line = {0}, heads = {0};
    ptbuf leg = {0};
    bk_status st = BK_OK;
    const bk_geo_seg *course = s->main.layers[LY_PATHS]
                                   ? bk_geo_layer_seg(s->main.layers[LY_PATHS], 0)
                                   : NULL;
    for (size_t i = 1; i < s->nroute && !st; i++) {
        pt a, b;
        route_at(s, i - 1, v, &a);
        route_at(s, i, v, &b);
        leg.n = 0;
        int err = bk_map_pb_push(&leg, a.x, a.y);
        if (!err && s->route[i].follow && course)
            err = leg_follow(m, v, course, a, b, &leg);
        err = err || bk_map_pb_push(&leg, b.x, b.y);
        if (err || leg_draw(m, v, i, symbol_of, &leg, a, b, leg_arrow(m, vs, i), &line, &heads))
            st = bk_map_oom(m);
    }
    int drawn = line.n > 0, heads_drawn = heads.n > 0;
    if (!st)
        st = bk_map_pathb_emit(m, &line, 0, C_ROUTE, 1, C_ROUTE, 1.2);
    if (!st && drawn) {
        bk_map_feature(m, "route");
        m->page->items[m->page->n - 1].u.path.line_join = 1;
    }
    if (!st)
        st = bk_map_pathb_emit(m, &heads, 1, C_ROUTE, 0, C_ROUTE, 0);
    if (!st && heads_drawn)
        bk_map_feature(m, "arrow");
    bk_map_pathb_free(&line);
    bk_map_pathb_free(&heads);
    free(leg.p);
    return st;
}

static double nice_length(double max)
{
    double p = pow(10, floor(log10(max)));
    static const double f[] = {5, 2, 1};
    for (int i = 0; i < 3; i++)
        if (f[i] * p <= max)
            return f[i] * p;
    return p;
}

/* A scale bar of `len` units (unit_km each) at (x, y): four alternating
 * segments, numbers under the ends and the middle. Returns its height. */
static bk_status scale_bar(mapctx *m, double x, double y, double len, double unit_km,
                           const char *unit, double pt_per_km, double *height)
{
    double w = len * unit_km * pt_per_km;
    bk_status st = BK_OK;
    pathb pb = {0}, pw = {0};
    int err = 0;
    for (int i = 0; i < 4; i++) {
        double q[][2] = {{0, 0}, {w / 4, 0}, {w / 4, 2.2}, {0, 2.2}};
        bk_map_poly(i % 2 ? &pw : &pb, x + i * w / 4, y, q, 4, &err);
    }
    if (err)
        st = bk_map_oom(m);
    if (!st)
        st = bk_map_pathb_emit(m, &pb, 1, C_BLACK, 1, C_BLACK, 0.3);
    if (!st)
        st = bk_map_pathb_emit(m, &pw, 1, C_WHITE, 1, C_BLACK, 0.3);
    bk_map_pathb_free(&pb);
    bk_map_pathb_free(&pw);
    double h = 2.2;
    for (int i = 0; i < 3 && !st; i++) {
        char num[64];
        double v = len * (i == 0 ? 0 : i == 1 ? 0.5 : 1);
        if (i == 2)
            snprintf(num, sizeof num, "%g %s", v, unit);
        else
            snprintf(num, sizeof num, "%g", v);
        label L = {0};
        if (!(st = bk_map_label_add(m, &L, "map-small", num, C_BLACK, 1000))) {
            double cx = x + (i == 0 ? 0 : i == 1 ? w / 2 : w);
            double lx = cx - L.w / 2;
            if (i == 2) {
                /* the number centred on its tick, the unit after it */
                label N = {0};
                char n2[32];
                snprintf(n2, sizeof n2, "%g", v);
                if (!(st = bk_map_label_add(m, &N, "map-small", n2, C_BLACK, 1000)))
                    lx = cx - N.w / 2;
                bk_map_label_free(&N);
            }
            if (!st)
                st = bk_map_label_draw(m, &L, lx, y - 1.2, AL_LEFT);
            h = fmax(h, 2.2 + 1.2 + L.h);
        }
        bk_map_label_free(&L);
    }
    *height = h;
    return st;
}

#define MAX_BARS 4

typedef struct legend_item {
    int sym;     /* SYM_*, or -1 route, -2 shaded region, -3 built-up area */
    label L;
} legend_item;

/* The legend's parts, set before the box is sized. */
typedef struct legend {
    label title, note;
    legend_item items[SYM_COUNT + 3];
    size_t n;
    const scale_def *bars[MAX_BARS];
    double len[MAX_BARS];
    size_t nbars;
} legend;

static void legend_free(legend *lg)
{
    for (size_t i = 0; i < lg->n; i++)
        bk_map_label_free(&lg->items[i].L);
    bk_map_label_free(&lg->title);
    bk_map_label_free(&lg->note);
}

static bk_status legend_item_add(mapctx *m, legend *lg, int sym, const char *text,
                                 double measure)
{
    if (!text)
        return BK_OK;
    lg->items[lg->n].sym = sym;
    return bk_map_label_add(m, &lg->items[lg->n++].L, "map-small", text, C_BLACK, measure);
}

/* Title and one line per symbol used (the definition's symbol-legend in
 * the booklet's language, else the catalog's map.symbol.*), built-up
 * area, route and shaded region. */
static bk_status legend_items(mapctx *m, legend *lg, const view *v,
                              const int used[SYM_COUNT], const mtext *walls)
{
    const bk_map_spec *def = m->spec;
    bk_status st = bk_map_label_add(m, &lg->title, "map-title",
                                    bk_map_text_get(&def->title, m->tag), C_BLACK,
                                    (v->r.x1 - v->r.x0) * 0.45);
    for (int s = SYM_CITY; s < SYM_COUNT && !st; s++)
        if (used[s]) {
            char id[64];
            const char *text = bk_map_text_own(&def->sym_legend[s], m->tag);
            snprintf(id, sizeof id, "map.symbol.%s", bk_map_sym_names[s]);
            if (text || !(st = bk_map_msg(m, id, &text)))
                st = legend_item_add(m, lg, s, text, 1000);
        }
    if (!st && walls)
        st = legend_item_add(m, lg, -3, bk_map_text_get(walls, m->tag), 1000);
    if (!st && def->nroute)
        st = legend_item_add(m, lg, -1, bk_map_text_get(&def->route_legend, m->tag),
                             (v->r.x1 - v->r.x0) * 0.36);
    if (!st && def->main.shaded.n)
        st = legend_item_add(m, lg, -2, bk_map_text_get(&def->main.shaded, m->tag), 1000);
    return st;
}

/* The scale bars drawn in this language with their lengths, and the note
 * under them: where the scale holds (map.scale.at), then each bar's unit
 * note (map.unit.UNIT.note) after map.list.separator. */
static bk_status legend_scale(mapctx *m, legend *lg, const view *v, double pt_per_km,
                              double scale_lat)
{
    const bk_map_spec *def = m->spec;
    double maxw = (v->r.x1 - v->r.x0) * 0.26;
    bk_buf buf = {0};
    char lat[32], id[96];
    for (size_t i = 0; i < def->nbars && lg->nbars < MAX_BARS; i++)
        if (bk_map_bar_shown(&def->bars[i], m->tag)) {
            lg->bars[lg->nbars] = &def->bars[i];
            lg->len[lg->nbars++] = nice_length(maxw / (pt_per_km * def->bars[i].km));
        }
    bk_status st = bk_map_degree_text(m, scale_lat, 1, lat, sizeof lat);
    const char *args[] = {"lat", lat, NULL};
    if (!st)
        st = bk_messages_format(m->ctx, m->msg, "map.scale.at", args, &buf);
    for (size_t i = 0; i < lg->nbars && !st; i++) {
        snprintf(id, sizeof id, "map.unit.%s.note", lg->bars[i]->unit);
        const char *note = bk_messages_get(m->msg, id), *sep = NULL;
        if (note && !(st = bk_map_msg(m, "map.list.separator", &sep)) &&
            (bk_buf_puts(&buf, sep) < 0 || bk_buf_puts(&buf, note) < 0))
            st = bk_map_oom(m);
    }
    if (!st)
        st = bk_map_label_add(m, &lg->note, "map-small", buf.data ? buf.data : "", gray(0.2),
                              (v->r.x1 - v->r.x0) * 0.36);
    bk_buf_release(&buf);
    return st;
}

/* The box in its corner of the main frame, white, an obstacle for labels. */
static bk_status legend_box(mapctx *m, const legend *lg, const view *v, double pt_per_km,
                            double pad, double col, rect *b)
{
    double w = lg->title.w, bars = 0;
    for (size_t i = 0; i < lg->n; i++)
        w = fmax(w, col + lg->items[i].L.w);
    w = fmax(w, lg->note.w);
    for (size_t i = 0; i < lg->nbars; i++)
        bars = fmax(bars, lg->len[i] * lg->bars[i]->km * pt_per_km);
    w = fmax(w, bars + 22);
    double h = lg->title.h + 3;
    for (size_t i = 0; i < lg->n; i++)
        h += fmax(lg->items[i].L.h, 6.5) + 1.5;
    h += (double)lg->nbars * 11.5 + lg->note.h + 2;
    w += 2 * pad;
    h += 2 * pad;
    int corner = m->spec->legend_corner;
    b->x0 = corner == CORNER_LL || corner == CORNER_UL ? v->r.x0 : v->r.x1 - w;
    b->y1 = corner == CORNER_UL || corner == CORNER_UR ? v->r.y1 : v->r.y0 + h;
    b->x1 = b->x0 + w;
    b->y0 = b->y1 - h;
    bk_path *box = bk_page_add_rect(m->page, b->x0, b->y0, w, h);
    if (!box)
        return bk_map_oom(m);
    box->fill = box->stroke = 1;
    box->fill_color = C_WHITE;
    box->stroke_color = C_BLACK;
    box->line_width = 0.5;
    memcpy(box->feature, "legend", 7);
    m->stats->paths++;
    return bk_map_add_hard(m, *b, -1) ? bk_map_oom(m) : BK_OK;
}

/* The sign of a legend line that is not a place symbol: the route's arrow
 * or a swatch of the shaded region or built-up area. */
static bk_status legend_sign(mapctx *m, int sym, double sx, double cy)
{
    pathb pb = {0};
    int err = 0;
    bk_status st = BK_OK;
    if (sym == -1) {
        pt a = {sx - 4, cy}, c = {sx + 5, cy};
        err |= bk_map_pathb_op(&pb, BK_PATH_MOVE, a.x, a.y);
        err |= bk_map_pathb_op(&pb, BK_PATH_LINE, c.x - 3, c.y);
        if (!err)
            st = bk_map_pathb_emit(m, &pb, 0, C_ROUTE, 1, C_ROUTE, 1.2);
        err |= arrowhead(&pb, a, c, 4.2, 1.9);
        if (!err && !st)
            st = bk_map_pathb_emit(m, &pb, 1, C_ROUTE, 0, C_ROUTE, 0);
    } else {
        double q[][2] = {{-4, -2.5}, {5, -2.5}, {5, 2.5}, {-4, 2.5}};
        bk_map_poly(&pb, sx, cy, q, 4, &err);
        if (!err)
            st = sym == -2 ? bk_map_pathb_emit(m, &pb, 1, C_CEDED, 1, C_CEDED_EDGE, 0.6)
                           : bk_map_pathb_emit(m, &pb, 1, C_CITYAREA, 1, gray(0.35), 0.8);
    }
    if (err)
        st = bk_map_oom(m);
    bk_map_pathb_free(&pb);
    return st;
}

/* The legend's contents from the top of its box down. */
static bk_status legend_fill(mapctx *m, const legend *lg, rect b, double pt_per_km,
                             double pad, double col)
{
    double y = b.y1 - pad;
    /* the title is the figure's caption (tagged PDF) */
    if (!bk_page_tag_start(m->page, BK_ROLE_CAPTION, NULL, NULL, NULL, NULL))
        return bk_diag_error(m->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    bk_status st = bk_map_label_draw(m, &lg->title, b.x0 + pad, y, AL_LEFT);
    if (bk_page_tag_end(m->page) && !st)
        st = bk_diag_error(m->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    y -= lg->title.h + 3;
    for (size_t i = 0; i < lg->n && !st; i++) {
        const legend_item *it = &lg->items[i];
        double lh = fmax(it->L.h, 6.5);
        double cy = y - fmin(it->L.h, 6.5) / 2 - 0.3;
        double sx = b.x0 + pad + 4;
        st = it->sym > 0 ? bk_map_draw_symbol(m, it->sym, sx, cy) : legend_sign(m, it->sym, sx, cy);
        if (!st)
            st = bk_map_label_draw(m, &it->L, b.x0 + pad + col, y, AL_LEFT);
        y -= lh + 1.5;
    }
    double bh = 0;
    y -= 3;
    for (size_t i = 0; i < lg->nbars && !st; i++) {
        char id[96];
        const char *unit = NULL;
        snprintf(id, sizeof id, "map.unit.%s", lg->bars[i]->unit);
        if (!(st = bk_map_msg(m, id, &unit)))
            st = scale_bar(m, b.x0 + pad, y - 2.2, lg->len[i], lg->bars[i]->km, unit,
                           pt_per_km, &bh);
        y -= 11.5;
    }
    if (!st)
        st = bk_map_label_draw(m, &lg->note, b.x0 + pad, y, AL_LEFT);
    return st;
}

/* The legend box in a corner of the main frame: title, one line per
 * symbol used, the built-up area, the route, the shaded region, the scale
 * bars the definition gives for this language, and where the scale
 * holds. Registers the box as an obstacle for labels. */
bk_status bk_map_draw_legend(mapctx *m, const vstate *main, const int used[SYM_COUNT],
                             double pt_per_km, double scale_lat, const mtext *walls)
{
    const view *v = &main->v;
    legend lg;
    rect b;
    memset(&lg, 0, sizeof lg);
    bk_status st = legend_items(m, &lg, v, used, walls);
    if (!st)
        st = legend_scale(m, &lg, v, pt_per_km, scale_lat);
    if (!st)
        st = legend_box(m, &lg, v, pt_per_km, 4, 11, &b);
    if (!st)
        st = legend_fill(m, &lg, b, pt_per_km, 4, 11);
    legend_free(&lg);
    return st;
}

bk_status bk_map_draw_north(mapctx *m, const vstate *main)
{
    const view *v = &main->v;
    int c = m->spec->north_corner;
    double x = c == CORNER_UL || c == CORNER_LL ? v->r.x0 + 12 : v->r.x1 - 12;
    double y = c == CORNER_UL || c == CORNER_UR ? v->r.y1 - 26 : v->r.y0 + 12;
    pathb a = {0}, b = {0};
    int err = 0;
    /* a two-tone arrowhead pointing up (north is up on a Mercator map
     * with an upright frame) */
    static const double l[][2] = {{0, 9}, {-3.6, -5}, {0, -2.5}};
    static const double r[][2] = {{0, 9}, {0, -2.5}, {3.6, -5}};
    bk_map_poly(&a, x, y, l, 3, &err);
    bk_map_poly(&b, x, y, r, 3, &err);
    bk_status st = err ? bk_map_oom(m) : bk_map_pathb_emit(m, &a, 1, C_BLACK, 1, C_BLACK, 0.4);
    if (!st)
        st = bk_map_pathb_emit(m, &b, 1, C_WHITE, 1, C_BLACK, 0.4);
    bk_map_pathb_free(&a);
    bk_map_pathb_free(&b);
    label L = {0};
    const char *north = NULL;
    if (!st)
        st = bk_map_msg(m, "map.north", &north);
    if (!st)
        st = bk_map_label_add(m, &L, "map-title", north, C_BLACK, 1000);
    m->labelling = 1; /* on the map: with a halo */
    if (!st)
        st = bk_map_label_draw(m, &L, x - L.w / 2, y + 10.5 + L.h, AL_CENTER);
    m->labelling = 0;
    rect box = {x - 5, y - 6, x + 5, y + 11 + L.h};
    if (!st && bk_map_add_hard(m, rect_grow(box, 1), 0))
        st = bk_map_oom(m);
    bk_map_label_free(&L);
    return st;
}
