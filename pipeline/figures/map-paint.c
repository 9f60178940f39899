/* map-paint.c — the drawing context of a map: label obstacles,
 * paths built and emitted as frame items, layers (filled and stroked,
 * clipped to the view), built-up areas and the place symbols. */
#include "map-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bk_status bk_map_oom(mapctx *m)
{
    return bk_diag_error(m->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

int bk_map_add_hard(mapctx *m, rect r, int view)
{
    if (m->nhard == m->caphard) {
        size_t cap = m->caphard ? 2 * m->caphard : 64;
        obst *h = realloc(m->hard, cap * sizeof(*h));
        if (!h)
            return -1;
        m->hard = h;
        m->caphard = cap;
    }
    m->hard[m->nhard].r = r;
    m->hard[m->nhard].view = view;
    m->hard[m->nhard].off = 0;
    m->nhard++;
    return 0;
}

int bk_map_add_soft(mapctx *m, pt a, pt b, int w)
{
    if (m->nsoft == m->capsoft) {
        size_t cap = m->capsoft ? 2 * m->capsoft : 1024;
        soft_seg *s = realloc(m->soft, cap * sizeof(*s));
        if (!s)
            return -1;
        m->soft = s;
        m->capsoft = cap;
    }
    m->soft[m->nsoft].a = a;
    m->soft[m->nsoft].b = b;
    m->soft[m->nsoft].w = w;
    m->soft[m->nsoft].kind = m->cur_kind;
    m->soft[m->nsoft].view = m->cur_view;
    m->nsoft++;
    m->soft_version++;
    return 0;
}

const char *const bk_map_line_names[LN_COUNT] = {"",     "route", "river",  "waterway", "coast",
                                                  "wall", "edge",  "extent", "leader"};

void bk_map_feature(mapctx *m, const char *name)
{
    if (!m->page->n || m->page->items[m->page->n - 1].kind != BK_ITEM_PATH)
        return;
    bk_path *p = &m->page->items[m->page->n - 1].u.path;
    snprintf(p->feature, sizeof p->feature, "%s", name);
}

int bk_map_pathb_op(pathb *p, int op, double x, double y)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 256;
        bk_path_op *o = realloc(p->ops, cap * sizeof(*o));
        if (!o)
            return -1;
        p->ops = o;
        p->cap = cap;
    }
    memset(&p->ops[p->n], 0, sizeof(p->ops[p->n]));
    p->ops[p->n].op = op;
    p->ops[p->n].pt[0] = x;
    p->ops[p->n].pt[1] = y;
    p->n++;
    return 0;
}

int bk_map_pathb_poly(pathb *p, const pt *q, size_t n, int close)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (bk_map_pathb_op(p, i ? BK_PATH_LINE : BK_PATH_MOVE, q[i].x, q[i].y))
            return -1;
    return close ? bk_map_pathb_op(p, BK_PATH_CLOSE, 0, 0) : 0;
}

/* Moves the built ops into a new path item; an empty builder adds none. */
bk_status bk_map_pathb_emit(mapctx *m, pathb *p, int fill, bk_color fc, int stroke,
                            bk_color sc, double lw)
{
    if (!p->n)
        return BK_OK;
    bk_path *path = bk_page_add_path(m->page, p->n);
    if (!path)
        return bk_map_oom(m);
    memcpy(path->ops, p->ops, p->n * sizeof(*p->ops));
    path->fill = fill;
    path->stroke = stroke;
    path->fill_color = fc;
    path->stroke_color = sc;
    path->line_width = lw;
    path->evenodd = 0; /* nonzero: outer rings counter-clockwise, holes
                          clockwise (checked when the data are read) */
    m->stats->paths++;
    p->n = 0;
    return BK_OK;
}

void bk_map_pathb_free(pathb *p)
{
    free(p->ops);
    p->ops = NULL;
    p->n = p->cap = 0;
}

/* Clips a page-space polyline to r and appends the visible pieces; soft
 * segments for label placement when w > 0. */
int bk_map_add_clipped_line(mapctx *m, pathb *pb, const pt *q, size_t n, rect r, int w)
{
    int open = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        pt a = q[i], b = q[i + 1];
        if (!bk_map_clip_seg(&a, &b, r)) {
            open = 0;
            continue;
        }
        int joined = open && a.x == q[i].x && a.y == q[i].y;
        if (!joined && bk_map_pathb_op(pb, BK_PATH_MOVE, a.x, a.y))
            return -1;
        if (bk_map_pathb_op(pb, BK_PATH_LINE, b.x, b.y))
            return -1;
        if (w && bk_map_add_soft(m, a, b, w))
            return -1;
        open = b.x == q[i + 1].x && b.y == q[i + 1].y;
    }
    return 0;
}

/* Projects a segment of a layer into m->a (page points). */
int bk_map_project_seg(mapctx *m, const view *v, const bk_geo_seg *s)
{
    m->a.n = 0;
    for (size_t i = 0; i < s->n; i++) {
        pt q;
        bk_map_to_page(v, s->pt[i].lon, s->pt[i].lat, &q);
        if (bk_map_pb_push(&m->a, q.x, q.y))
            return -1;
    }
    return 0;
}

/* Ring with orientation forced: outer rings counter-clockwise, holes
 * clockwise, so nonzero filling honours the holes whatever the file did. */
static int add_ring(mapctx *m, pathb *pb, const view *v, const bk_geo_seg *s, int hole)
{
    if (bk_map_project_seg(m, v, s))
        return -1;
    size_t n = m->a.n;
    if (n > 1 && m->a.p[0].x == m->a.p[n - 1].x && m->a.p[0].y == m->a.p[n - 1].y)
        n--;
    double a2 = 0;
    for (size_t i = 0; i < n; i++) {
        pt p = m->a.p[i], q = m->a.p[(i + 1) % n];
        a2 += p.x * q.y - q.x * p.y;
    }
    if ((a2 < 0) != hole)
        for (size_t i = 0; i < n / 2; i++) {
            pt t = m->a.p[i];
            m->a.p[i] = m->a.p[n - 1 - i];
            m->a.p[n - 1 - i] = t;
        }
    if (bk_map_clip_ring(m->a.p, n, v->r, &m->b, &m->c))
        return -1;
    return m->b.n >= 3 ? bk_map_pathb_poly(pb, m->b.p, m->b.n, 1) : 0;
}

/* Fills a polygon layer (rings and their holes) in one path. skip_modern:
 * leave out reservoirs tagged modern=YEAR. */
static bk_status fill_layer(mapctx *m, const view *v, const bk_geo_layer *l, bk_color fc,
                            int stroke, bk_color sc, double lw, int skip_modern)
{
    pathb pb = {0};
    bk_status st = BK_OK;
    int skipping = 0;
    for (size_t i = 0; i < bk_geo_layer_count(l); i++) {
        const bk_geo_seg *s = bk_geo_layer_seg(l, i);
        if (!s->hole)
            skipping = skip_modern && bk_geo_seg_attr(s, "modern");
        if (skipping)
            continue;
        if (add_ring(m, &pb, v, s, s->hole)) {
            st = bk_map_oom(m);
            goto done;
        }
    }
    st = bk_map_pathb_emit(m, &pb, 1, fc, stroke, sc, lw);
done:
    bk_map_pathb_free(&pb);
    return st;
}

/* GSHHG's river levels (WDBII), drawn narrowest first: 1 major .. 4
 * minor, 0 double-lined rivers, 8 major canals, and the width of each. A
 * river of any other level (5-7 intermittent, 9-10 minor and irrigation
 * canals) or of none (a user's own file) is drawn 0.3 pt wide after them. */
static const struct {
    int level;
    double w;
} river_levels[] = {{4, 0.25}, {3, 0.35}, {2, 0.45}, {1, 0.55}, {0, 0.55}, {8, 0.45}};
#define RIVER_OTHER_W 0.3
#define LINES_ALL (-2)   /* stroke_layer: every line of the layer */
#define LINES_OTHER (-1) /* stroke_layer: rivers of no level listed above */

static int river_level_drawn(int level)
{
    for (size_t i = 0; i < sizeof river_levels / sizeof *river_levels; i++)
        if (river_levels[i].level == level)
            return 1;
    return 0;
}

/* The layer's lines: those of the given level (>= 0), LINES_OTHER or
 * LINES_ALL. */
static bk_status stroke_layer(mapctx *m, const view *v, const bk_geo_layer *l,
                              int level, bk_color c, double lw, int soft, int kind)
{
    pathb pb = {0};
    bk_status st = BK_OK;
    m->cur_kind = kind;
    for (size_t i = 0; i < bk_geo_layer_count(l); i++) {
        const bk_geo_seg *s = bk_geo_layer_seg(l, i);
        const char *lv = bk_geo_seg_attr(s, "level");
        if (level >= 0 && (!lv || atoi(lv) != level))
            continue;
        if (level == LINES_OTHER && lv && river_level_drawn(atoi(lv)))
            continue;
        if (bk_map_project_seg(m, v, s) || bk_map_add_clipped_line(m, &pb, m->a.p, m->a.n, v->r, soft)) {
            st = bk_map_oom(m);
            goto done;
        }
    }
    int drawn = pb.n > 0;
    st = bk_map_pathb_emit(m, &pb, 0, c, 1, c, lw);
    if (!st && drawn) {
        bk_map_feature(m, bk_map_line_names[kind]);
        m->page->items[m->page->n - 1].u.path.line_join = 1;
    }
done:
    m->cur_kind = LN_NONE;
    bk_map_pathb_free(&pb);
    return st;
}

/* ---- symbols ------------------------------------------------------------------------ */

/* Half the extent of each symbol, pt: what labels keep clear of. */
double bk_map_sym_radius(int sym)
{
    static const double r[SYM_COUNT] = {1.5, 2.4, 3.4, 2.0, 2.4, 2.6, 2.7, 2.4, 3.0};
    return r[sym];
}

static void circle(pathb *p, double x, double y, double r, int *err)
{
    const double k = 0.5523 * r;
    *err |= bk_map_pathb_op(p, BK_PATH_MOVE, x + r, y);
    double c[4][6] = {{x + r, y + k, x + k, y + r, x, y + r},
                      {x - k, y + r, x - r, y + k, x - r, y},
                      {x - r, y - k, x - k, y - r, x, y - r},
                      {x + k, y - r, x + r, y - k, x + r, y}};
    for (int i = 0; i < 4; i++) {
        *err |= bk_map_pathb_op(p, BK_PATH_CURVE, 0, 0);
        if (!*err)
            memcpy(p->ops[p->n - 1].pt, c[i], sizeof c[i]);
    }
    *err |= bk_map_pathb_op(p, BK_PATH_CLOSE, 0, 0);
}

void bk_map_poly(pathb *p, double x, double y, const double (*q)[2], size_t n, int *err)
{
    for (size_t i = 0; i < n; i++)
        *err |= bk_map_pathb_op(p, i ? BK_PATH_LINE : BK_PATH_MOVE, x + q[i][0], y + q[i][1]);
    *err |= bk_map_pathb_op(p, BK_PATH_CLOSE, 0, 0);
}

/* An anchor: ring, stock, shank, arms in a; the disc behind it in b. */
static void port_symbol(pathb *a, pathb *b, double x, double y, int *err)
{
    circle(b, x, y, 3.0, err);
    circle(a, x, y + 2.0, 0.55, err);
    *err |= bk_map_pathb_op(a, BK_PATH_MOVE, x, y + 1.45);
    *err |= bk_map_pathb_op(a, BK_PATH_LINE, x, y - 2.2);
    *err |= bk_map_pathb_op(a, BK_PATH_MOVE, x - 1.2, y + 0.9);
    *err |= bk_map_pathb_op(a, BK_PATH_LINE, x + 1.2, y + 0.9);
    static const double arm[][2] = {{-2.0, -0.4}, {-1.6, -1.4}, {-0.8, -2.0}, {0, -2.2},
                                    {0.8, -2.0},  {1.6, -1.4},  {2.0, -0.4}};
    for (size_t i = 0; i < sizeof arm / sizeof arm[0]; i++)
        *err |= bk_map_pathb_op(a, i ? BK_PATH_LINE : BK_PATH_MOVE, x + arm[i][0], y + arm[i][1]);
}

/* Draws symbol `sym` centred on (x, y). */
bk_status bk_map_draw_symbol(mapctx *m, int sym, double x, double y)
{
    pathb a = {0}, b = {0};
    int err = 0;
    bk_status st = BK_OK;
    switch (sym) {
    case SYM_CITY:
        circle(&a, x, y, 2.1, &err);
        if (!err)
            st = bk_map_pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.5);
        break;
    case SYM_CAPITAL:
        circle(&a, x, y, 3.1, &err);
        circle(&b, x, y, 1.2, &err);
        if (!err && !(st = bk_map_pathb_emit(m, &a, 1, C_WHITE, 1, C_BLACK, 0.9)))
            st = bk_map_pathb_emit(m, &b, 1, C_BLACK, 0, C_BLACK, 0);
        break;
    case SYM_TOWN:
        circle(&a, x, y, 1.75, &err);
        if (!err)
            st = bk_map_pathb_emit(m, &a, 1, C_WHITE, 1, C_BLACK, 0.7);
        break;
    case SYM_FORT: {
        /* a bastioned square */
        static const double q[][2] = {{-2.4, -2.4}, {-0.8, -1.6}, {0.8, -1.6}, {2.4, -2.4},
                                      {1.6, -0.8}, {1.6, 0.8},   {2.4, 2.4},  {0.8, 1.6},
                                      {-0.8, 1.6}, {-2.4, 2.4},  {-1.6, 0.8}, {-1.6, -0.8}};
        bk_map_poly(&a, x, y, q, sizeof q / sizeof q[0], &err);
        if (!err)
            st = bk_map_pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.3);
        break;
    }
    case SYM_GATE: {
        /* a gate tower: a block with an arched opening */
        static const double q[][2] = {{-2.6, -2.2}, {-0.9, -2.2}, {-0.9, -0.4}, {0.9, -0.4},
                                      {0.9, -2.2},  {2.6, -2.2},  {2.6, 1.2},   {2.0, 1.2},
                                      {2.0, 2.2},   {-2.0, 2.2},  {-2.0, 1.2},  {-2.6, 1.2}};
        bk_map_poly(&a, x, y, q, sizeof q / sizeof q[0], &err);
        if (!err)
            st = bk_map_pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.3);
        break;
    }
    case SYM_PALACE: {
        /* a hall under a curved-eave roof */
        static const double q[][2] = {{-1.9, -2.3}, {1.9, -2.3}, {1.9, 0.3},  {2.7, 0.6},
                                      {1.6, 1.3},   {0, 2.6},    {-1.6, 1.3}, {-2.7, 0.6},
                                      {-1.9, 0.3}};
        bk_map_poly(&a, x, y, q, sizeof q / sizeof q[0], &err);
        if (!err)
            st = bk_map_pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.3);
        break;
    }
    case SYM_BRIDGE: {
        /* ")(" : the two parapets */
        static const double l[][2] = {{-2.3, 2.4}, {-1.1, 0.9}, {-1.1, -0.9}, {-2.3, -2.4}};
        for (int side = -1; side <= 1; side += 2)
            for (int i = 0; i < 4; i++)
                err |= bk_map_pathb_op(&a, i ? BK_PATH_LINE : BK_PATH_MOVE, x - side * l[i][0],
                                y + l[i][1]);
        if (!err)
            st = bk_map_pathb_emit(m, &a, 0, C_BLACK, 1, C_BLACK, 0.9);
        break;
    }
    case SYM_PORT:
        port_symbol(&a, &b, x, y, &err);
        if (!err && !(st = bk_map_pathb_emit(m, &b, 1, C_WHITE, 1, C_BLACK, 0.35)))
            st = bk_map_pathb_emit(m, &a, 0, C_BLACK, 1, C_BLACK, 0.55);
        break;
    default:
        break;
    }
    bk_map_pathb_free(&a);
    bk_map_pathb_free(&b);
    return err ? bk_map_oom(m) : st;
}

const bk_geo_seg *bk_map_find_path(const view_data *vd, const char *name)
{
    const bk_geo_layer *l = vd->layers[LY_PATHS];
    for (size_t i = 0; l && i < bk_geo_layer_count(l); i++) {
        const char *n = bk_geo_seg_attr(bk_geo_layer_seg(l, i), "name");
        if (n && strcmp(n, name) == 0)
            return bk_geo_layer_seg(l, i);
    }
    return NULL;
}

/* A built-up area (walls): filled, outlined, clipped to the view. */
static bk_status draw_built(mapctx *m, const view *v, const polygon *pg)
{
    pathb pb = {0};
    int err = 0;
    m->a.n = 0;
    for (size_t i = 0; i < pg->n; i++) {
        pt q;
        bk_map_to_page(v, pg->pt[i][0], pg->pt[i][1], &q);
        err |= bk_map_pb_push(&m->a, q.x, q.y);
    }
    if (!err && !bk_map_clip_ring(m->a.p, m->a.n - 1, v->r, &m->b, &m->c))
        err |= bk_map_pathb_poly(&pb, m->b.p, m->b.n, 1);
    /* the walls: a line labels keep off */
    m->cur_kind = LN_WALL;
    for (size_t i = 0; !err && m->b.n > 2 && i < m->b.n; i++)
        err |= bk_map_add_soft(m, m->b.p[i], m->b.p[(i + 1) % m->b.n], 4);
    m->cur_kind = LN_NONE;
    int drawn = pb.n > 0;
    bk_status st = err ? bk_map_oom(m) : bk_map_pathb_emit(m, &pb, 1, C_CITYAREA, 1, gray(0.35), 0.9);
    if (!st && drawn)
        bk_map_feature(m, "wall");
    bk_map_pathb_free(&pb);
    return st;
}

bk_status bk_map_draw_layers(mapctx *m, const vstate *vs)
{
    bk_status st;
    const view *v = &vs->v;
    const view_data *vd = vs->vd;
    bk_path *sea = bk_page_add_rect(m->page, v->r.x0, v->r.y0, v->r.x1 - v->r.x0,
                                    v->r.y1 - v->r.y0);
    if (!sea)
        return bk_map_oom(m);
    sea->fill = 1;
    sea->fill_color = C_SEA;
    m->stats->paths++;
    if (vd->layers[LY_LAND] &&
        (st = fill_layer(m, v, vd->layers[LY_LAND], C_LAND, 0, C_LAND, 0, 0)))
        return st;
    for (size_t k = 0; k < vd->nbuilt; k++)
        if ((st = draw_built(m, v, &vd->built[k])))
            return st;
    if (vd->layers[LY_CEDED]) {
        if ((st = fill_layer(m, v, vd->layers[LY_CEDED], C_CEDED, 0, C_CEDED, 0, 0)))
            return st;
    }
    if (vd->layers[LY_LAKES] &&
        (st = fill_layer(m, v, vd->layers[LY_LAKES], C_SEA, 1, C_RIVER, 0.25, 1)))
        return st;
    if (vd->layers[LY_RIVERS]) {
        for (size_t i = 0; i < sizeof river_levels / sizeof *river_levels; i++)
            if ((st = stroke_layer(m, v, vd->layers[LY_RIVERS], river_levels[i].level,
                                   C_RIVER, river_levels[i].w, 1, LN_RIVER)))
                return st;
        if ((st = stroke_layer(m, v, vd->layers[LY_RIVERS], LINES_OTHER, C_RIVER, RIVER_OTHER_W, 1,
                               LN_RIVER)))
            return st;
    }
    if (vd->layers[LY_PATHS] &&
        (st = stroke_layer(m, v, vd->layers[LY_PATHS], LINES_ALL, C_RIVER, 0.9, 3, LN_WATERWAY)))
        return st;
    if (vd->layers[LY_COAST] &&
        (st = stroke_layer(m, v, vd->layers[LY_COAST], LINES_ALL, C_COAST, 0.45, 2, LN_COAST)))
        return st;
    if (vd->layers[LY_CEDED] &&
        (st = stroke_layer(m, v, vd->layers[LY_CEDED], LINES_ALL, C_CEDED_EDGE, 0.7, 1, LN_EDGE)))
        return st;
    return BK_OK;
}
