/* map-geom.c — page geometry of maps: point buffers, clipping
 * (Sutherland–Hodgman rings, Liang–Barsky segments), Douglas–Peucker
 * simplification, and views: lon/lat to the page and back, fitting a
 * view's box into a frame. */
#include "map-int.h"

#include <math.h>
#include <stdlib.h>

int bk_map_pb_push(ptbuf *b, double x, double y)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        pt *np = realloc(b->p, cap * sizeof(*np));
        if (!np)
            return -1;
        b->p = np;
        b->cap = cap;
    }
    b->p[b->n].x = x;
    b->p[b->n].y = y;
    b->n++;
    return 0;
}

/* Sutherland–Hodgman: clips a closed ring (no repeated last point needed)
 * to an axis-aligned rectangle, a convex window, keeping orientation. */
int bk_map_clip_ring(const pt *in, size_t n, rect r, ptbuf *out, ptbuf *tmp)
{
    tmp->n = 0;
    for (size_t i = 0; i < n; i++)
        if (bk_map_pb_push(tmp, in[i].x, in[i].y))
            return -1;
    for (int edge = 0; edge < 4; edge++) {
        out->n = 0;
        for (size_t i = 0; i < tmp->n; i++) {
            pt a = tmp->p[(i + tmp->n - 1) % tmp->n], b = tmp->p[i];
            double da, db;
            switch (edge) {
            case 0: da = a.x - r.x0; db = b.x - r.x0; break;
            case 1: da = r.x1 - a.x; db = r.x1 - b.x; break;
            case 2: da = a.y - r.y0; db = b.y - r.y0; break;
            default: da = r.y1 - a.y; db = r.y1 - b.y; break;
            }
            if (db >= 0) {
                if (da < 0) {
                    double t = da / (da - db);
                    if (bk_map_pb_push(out, a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                        return -1;
                }
                if (bk_map_pb_push(out, b.x, b.y))
                    return -1;
            } else if (da >= 0) {
                double t = da / (da - db);
                if (bk_map_pb_push(out, a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                    return -1;
            }
        }
        ptbuf sw = *tmp;
        *tmp = *out;
        *out = sw;
    }
    ptbuf sw = *tmp;
    *tmp = *out;
    *out = sw;
    return 0;
}

/* Liang–Barsky for one segment; returns 0 if nothing is inside. */
int bk_map_clip_seg(pt *a, pt *b, rect r)
{
    double t0 = 0, t1 = 1, dx = b->x - a->x, dy = b->y - a->y;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {a->x - r.x0, r.x1 - a->x, a->y - r.y0, r.y1 - a->y};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
        } else {
            double t = q[i] / p[i];
            if (p[i] < 0) {
                if (t > t1)
                    return 0;
                if (t > t0)
                    t0 = t;
            } else {
                if (t < t0)
                    return 0;
                if (t < t1)
                    t1 = t;
            }
        }
    }
    pt na = {a->x + t0 * dx, a->y + t0 * dy}, nb = {a->x + t1 * dx, a->y + t1 * dy};
    *a = na;
    *b = nb;
    return 1;
}

int bk_map_seg_hits_rect(pt a, pt b, rect r) { return bk_map_clip_seg(&a, &b, r); }

/* Distance from p to the segment a-b. */
static double pt_seg_dist(pt p, pt a, pt b)
{
    double dx = b.x - a.x, dy = b.y - a.y, L2 = dx * dx + dy * dy;
    double t = L2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / L2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

static double cross3(pt o, pt a, pt b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

double bk_map_seg_dist(pt a, pt b, pt c, pt d)
{
    double d1 = cross3(c, d, a), d2 = cross3(c, d, b), d3 = cross3(a, b, c), d4 = cross3(a, b, d);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        return 0;
    return fmin(fmin(pt_seg_dist(a, c, d), pt_seg_dist(b, c, d)),
                fmin(pt_seg_dist(c, a, b), pt_seg_dist(d, a, b)));
}

/* Douglas–Peucker on page points (tolerance in pt). */
static void dp_mark(const pt *p, size_t i, size_t j, double tol, char *keep)
{
    if (j <= i + 1)
        return;
    double dx = p[j].x - p[i].x, dy = p[j].y - p[i].y, L = hypot(dx, dy);
    double best = -1;
    size_t bi = i;
    for (size_t k = i + 1; k < j; k++) {
        double d = L > 0 ? fabs((p[k].x - p[i].x) * dy - (p[k].y - p[i].y) * dx) / L
                         : hypot(p[k].x - p[i].x, p[k].y - p[i].y);
        if (d > best) {
            best = d;
            bi = k;
        }
    }
    if (best > tol) {
        keep[bi] = 1;
        dp_mark(p, i, bi, tol, keep);
        dp_mark(p, bi, j, tol, keep);
    }
}

int bk_map_simplify(ptbuf *b, double tol)
{
    if (b->n < 3)
        return 0;
    char *keep = calloc(b->n, 1);
    if (!keep)
        return -1;
    keep[0] = keep[b->n - 1] = 1;
    dp_mark(b->p, 0, b->n - 1, tol, keep);
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++)
        if (keep[i])
            b->p[m++] = b->p[i];
    b->n = m;
    free(keep);
    return 0;
}

void bk_map_to_page(const view *v, double lon, double lat, pt *out)
{
    double px = 0, py = 0;
    bk_proj_forward(v->proj, lon, lat, &px, &py);
    out->x = (v->r.x0 + v->r.x1) / 2 + v->s * (px - v->pcx);
    out->y = (v->r.y0 + v->r.y1) / 2 + v->s * (py - v->pcy);
}

void bk_map_to_geo(const view *v, double x, double y, double *lon, double *lat)
{
    double px = v->pcx + (x - (v->r.x0 + v->r.x1) / 2) / v->s;
    double py = v->pcy + (y - (v->r.y0 + v->r.y1) / 2) / v->s;
    bk_proj_inverse(v->proj, px, py, lon, lat);
}

/* Projected bounding box of a lon/lat box, its edges sampled (a conic
 * box's edges are curves). */
void bk_map_proj_bbox(const bk_proj *p, const double box[4], double bb[4])
{
    bb[0] = bb[2] = INFINITY;
    bb[1] = bb[3] = -INFINITY;
    for (int k = 0; k <= 64; k++) {
        double t = k / 64.0;
        double pts[4][2] = {{box[0] + t * (box[1] - box[0]), box[2]},
                            {box[0] + t * (box[1] - box[0]), box[3]},
                            {box[0], box[2] + t * (box[3] - box[2])},
                            {box[1], box[2] + t * (box[3] - box[2])}};
        for (int e = 0; e < 4; e++) {
            double x, y;
            if (bk_proj_forward(p, pts[e][0], pts[e][1], &x, &y))
                continue;
            bb[0] = fmin(bb[0], x);
            bb[1] = fmax(bb[1], x);
            bb[2] = fmin(bb[2], y);
            bb[3] = fmax(bb[3], y);
        }
    }
}

/* 1 if every point of the frame's edges lies inside the data box. */
static int frame_in_data(const view *v, const double data[4])
{
    for (int k = 0; k <= 32; k++) {
        double t = k / 32.0;
        double xs[4] = {v->r.x0 + t * (v->r.x1 - v->r.x0), v->r.x0 + t * (v->r.x1 - v->r.x0),
                        v->r.x0, v->r.x1};
        double ys[4] = {v->r.y0, v->r.y1, v->r.y0 + t * (v->r.y1 - v->r.y0),
                        v->r.y0 + t * (v->r.y1 - v->r.y0)};
        for (int e = 0; e < 4; e++) {
            double lon, lat;
            bk_map_to_geo(v, xs[e], ys[e], &lon, &lat);
            if (lon < data[0] - 1e-9 || lon > data[1] + 1e-9 || lat < data[2] - 1e-9 ||
                lat > data[3] + 1e-9)
                return 0;
        }
    }
    return 1;
}

/* 1 if the projected box bb shows whole in the view's frame. */
static int box_visible(const view *v, const double bb[4])
{
    double hw = (v->r.x1 - v->r.x0) / 2 / v->s, hh = (v->r.y1 - v->r.y0) / 2 / v->s;
    return bb[0] >= v->pcx - hw - 1e-6 && bb[1] <= v->pcx + hw + 1e-6 &&
           bb[2] >= v->pcy - hh - 1e-6 && bb[3] <= v->pcy + hh + 1e-6;
}

/* Fits box into `avail`: the whole box shows and the frame fills avail.
 * Where that would show beyond the data, the view first moves towards the
 * data's centre (as far as the box still shows), and only then does the
 * frame narrow (or lower: centred horizontally, kept at the top). */
void bk_map_fit_view(view *v, const bk_proj *p, const double box[4], rect avail,
                     const double data[4])
{
    double bb[4];
    bk_map_proj_bbox(p, box, bb);
    double bw = bb[1] - bb[0], bh = bb[3] - bb[2];
    double aw = avail.x1 - avail.x0, ah = avail.y1 - avail.y0;
    v->proj = p;
    v->s = fmin(aw / bw, ah / bh);
    v->pcx = (bb[0] + bb[1]) / 2;
    v->pcy = (bb[2] + bb[3]) / 2;
    v->r = avail;
    if (frame_in_data(v, data))
        return;
    double dc[2];
    bk_proj_forward(p, (data[0] + data[1]) / 2, (data[2] + data[3]) / 2, &dc[0], &dc[1]);
    /* move along the axis with room to spare (the other is filled by the
     * box): the smallest move towards the data's centre that stays in the
     * data while the box still shows */
    view t = *v;
    int axis = aw / bw > ah / bh ? 0 : 1;
    double c0 = axis ? v->pcy : v->pcx, lo = 0, hi = 0;
    int any = 0;
    /* fine steps: the window where the frame fits the data can be narrow */
    for (int k = 1; k <= 400 && !any; k++) {
        double f = k / 400.0, c = c0 + f * (dc[axis] - c0);
        if (axis)
            t.pcy = c;
        else
            t.pcx = c;
        if (!box_visible(&t, bb))
            break;
        if (frame_in_data(&t, data)) {
            any = 1;
            hi = f;
            lo = (k - 1) / 400.0;
        }
    }
    if (any) {
        for (int it = 0; it < 30; it++) {
            double f = (lo + hi) / 2, c = c0 + f * (dc[axis] - c0);
            if (axis)
                t.pcy = c;
            else
                t.pcx = c;
            if (frame_in_data(&t, data))
                hi = f;
            else
                lo = f;
        }
        if (axis)
            v->pcy = c0 + hi * (dc[axis] - c0);
        else
            v->pcx = c0 + hi * (dc[axis] - c0);
        return;
    }
    /* shrink the dimension that grew beyond the box, keeping the box */
    int wide = aw / bw > ah / bh;
    lo = wide ? bw * v->s : bh * v->s;
    hi = wide ? aw : ah;
    for (int it = 0; it < 40; it++) {
        double mid = (lo + hi) / 2;
        t = *v;
        if (wide) {
            double cx = (avail.x0 + avail.x1) / 2;
            t.r.x0 = cx - mid / 2;
            t.r.x1 = cx + mid / 2;
        } else
            t.r.y0 = avail.y1 - mid;
        if (frame_in_data(&t, data))
            lo = mid;
        else
            hi = mid;
    }
    if (wide) {
        double cx = (avail.x0 + avail.x1) / 2;
        v->r.x0 = cx - lo / 2;
        v->r.x1 = cx + lo / 2;
    } else
        v->r.y0 = avail.y1 - lo;
}
