/* map-label.c — label placement: candidates around a point, over an
 * area or along a river (rotated to it), chosen greedily by priority, a
 * candidate crossing no line feature before any that crosses one, with
 * one level of repair; a point label with no such candidate set apart
 * with a leader line to its symbol; a crossing left is a warning; inset titles by
 * their extents and in their frames; symbols of a view (the labels'
 * first obstacles). */
#include "map-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A candidate box is free when it stays in the frame and off every hard
 * obstacle (symbols, arrowheads, labels, insets, legend). */
static int box_free(const mapctx *m, rect b, rect frame, int view)
{
    if (!rect_inside(b, frame))
        return 0;
    for (size_t i = 0; i < m->nhard; i++)
        if (!m->hard[i].off && (m->hard[i].view < 0 || m->hard[i].view == view) &&
            rect_overlap(b, m->hard[i].r))
            return 0;
    return 1;
}

static int box_cost(const mapctx *m, rect b)
{
    int c = 0;
    for (size_t i = 0; i < m->npending; i++)
        if (rect_overlap(b, m->pending[i]))
            c += 3;
    return c;
}

/* A label's box in its own frame (r, x along its baseline) placed at o,
 * rotated by the angle of cosine c and sine s. */
typedef struct obox {
    rect r;
    pt o;
    double c, s;
} obox;

static obox obox_flat(rect r)
{
    obox b = {r, {0, 0}, 1, 0};
    return b;
}

/* The page box around an oriented box. */
static rect obox_bounds(const obox *b)
{
    rect out = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int k = 0; k < 4; k++) {
        double lx = k & 1 ? b->r.x1 : b->r.x0, ly = k & 2 ? b->r.y1 : b->r.y0;
        double x = b->o.x + lx * b->c - ly * b->s, y = b->o.y + lx * b->s + ly * b->c;
        out.x0 = fmin(out.x0, x);
        out.x1 = fmax(out.x1, x);
        out.y0 = fmin(out.y0, y);
        out.y1 = fmax(out.y1, y);
    }
    return out;
}

/* The line features of `view` a label's box crosses: their weight (0: none)
 * and kinds (bits 1 << LN_*). */
static int line_scan(mapctx *m, const obox *b, int view, unsigned *kinds)
{
    rect bb = obox_bounds(b);
    int w = 0;
    const size_t *near = NULL;
    size_t nn = 0;
    int all = bk_map_soft_near(m, bb, &near, &nn) != 0;
    for (size_t k = 0; k < (all ? m->nsoft : nn); k++) {
        const soft_seg *g = &m->soft[all ? k : near[k]];
        pt a = g->a, e = g->b;
        if (g->view != view || g->w <= 0)
            continue;
        /* most segments lie wholly to one side of the box: skip the clip */
        if ((a.x < bb.x0 && e.x < bb.x0) || (a.x > bb.x1 && e.x > bb.x1) ||
            (a.y < bb.y0 && e.y < bb.y0) || (a.y > bb.y1 && e.y > bb.y1))
            continue;
        pt la = {(a.x - b->o.x) * b->c + (a.y - b->o.y) * b->s,
                 -(a.x - b->o.x) * b->s + (a.y - b->o.y) * b->c};
        pt le = {(e.x - b->o.x) * b->c + (e.y - b->o.y) * b->s,
                 -(e.x - b->o.x) * b->s + (e.y - b->o.y) * b->c};
        if (bk_map_seg_hits_rect(la, le, b->r)) {
            w += g->w;
            *kinds |= 1u << g->kind;
        }
    }
    return w;
}

/* The same, answered once while the line features stay as they are (a
 * label placed again asks for the same boxes). */
static int line_hits(mapctx *m, const obox *b, int view, unsigned *kinds)
{
    const double key[8] = {b->r.x0, b->r.y0, b->r.x1, b->r.y1, b->o.x, b->o.y, b->c, b->s};
    int w = 0;
    unsigned k = 0;
    if (!bk_map_hits_find(m, key, view, &w, &k)) {
        w = line_scan(m, b, view, &k);
        bk_map_hits_keep(m, key, view, w, k);
    }
    if (kinds)
        *kinds |= k;
    return w;
}

/* Distance from a point to a box (0 inside). */
static double rect_dist(rect b, double x, double y)
{
    double dx = fmax(fmax(b.x0 - x, 0), x - b.x1), dy = fmax(fmax(b.y0 - y, 0), y - b.y1);
    return hypot(dx, dy);
}

/* 1 if a label box at b would sit nearer another place's symbol of the view
 * than its own point (px, py): it would name the wrong place. */
static int box_ambiguous(const mapctx *m, rect b, double px, double py)
{
    double own = rect_dist(b, px, py);
    for (size_t i = 0; i < m->nsyms; i++) {
        pt q = m->syms[i];
        if ((q.x != px || q.y != py) && rect_dist(b, q.x, q.y) + 1 < own)
            return 1;
    }
    return 0;
}

/* How much a label box set apart from its own point (px, py) seems to
 * name another place: -1 if another symbol of the view lies within 10 pt
 * of it, else 30 for each pt one lies nearer than 14 pt. */
static int box_crowding(const mapctx *m, rect b, double px, double py)
{
    int c = 0;
    for (size_t i = 0; i < m->nsyms; i++) {
        pt q = m->syms[i];
        double d = rect_dist(b, q.x, q.y);
        if (q.x == px && q.y == py)
            continue;
        if (d < 10)
            return -1;
        if (d < 14)
            c += (int)((14 - d) * 30);
    }
    return c;
}

/* What a candidate costs: any line crossed puts it behind every candidate
 * that crosses none. */
#define CROSS_COST 100000

/* Label padding: room kept between a label and anything else. */
#define PAD 0.8

/* Where a label goes: its box (padded, the obstacle it becomes) and how it
 * is drawn. */
typedef struct placement {
    rect box;
    double x0, top;
    int al;
    int rotated;     /* a name along its water: drawn from o at angle */
    pt o;
    double angle;
    unsigned crossed; /* kinds of line it crosses (no free position) */
    int leader;      /* set farther out, joined to its symbol by a leader */
    pt la, lb;       /* the leader: from the symbol's edge to the label */
} placement;

/* What the leader a-b costs: -1 if it comes within 1 pt of the route or
 * another leader or meets a hard obstacle (symbols, arrowheads, labels,
 * insets, legend; 1 pt clear); else 150 for each other line it crosses
 * or runs along within 1 pt (a wall, a river: an outline a leader may
 * cross, as on any map). */
static int leader_cost(mapctx *m, pt a, pt b, int view)
{
    int c = 0;
    /* a segment 1 pt or more off the leader's box is 1 pt or more off it */
    rect lb = {fmin(a.x, b.x) - 1.5, fmin(a.y, b.y) - 1.5, fmax(a.x, b.x) + 1.5,
               fmax(a.y, b.y) + 1.5};
    const size_t *near = NULL;
    size_t nn = 0;
    int all = bk_map_soft_near(m, lb, &near, &nn) != 0;
    for (size_t k = 0; k < (all ? m->nsoft : nn); k++) {
        const soft_seg *g = &m->soft[all ? k : near[k]];
        if (g->view != view || g->w <= 0)
            continue;
        double d = bk_map_seg_dist(a, b, g->a, g->b);
        if (d < 1.0 && (g->kind == LN_ROUTE || g->kind == LN_LEADER))
            return -1;
        if (d < 1.0)
            c += 150;
    }
    for (size_t i = 0; i < m->nhard; i++)
        if (!m->hard[i].off && (m->hard[i].view < 0 || m->hard[i].view == view) &&
            bk_map_seg_hits_rect(a, b, rect_grow(m->hard[i].r, 1.0)))
            return -1;
    return c;
}

/* When every position beside a symbol crosses a line (or none is free):
 * the label farther out, in free space, joined to its symbol by a leader
 * (a thin line from the symbol's edge to the label's nearest point) that
 * keeps clear of the route, symbols and labels. 24 directions at nine
 * distances; a box must be free, cross no line and keep 10 pt from every
 * other symbol (14 pt, or pay for it); the shortest leader wins, on the
 * side away from the route when there is one. `near`: only the five
 * nearest distances and a leader that crosses no line (for a label that
 * would otherwise cross only a river or a coast, which may be crossed). */
static int place_leader(mapctx *m, const label *L, double px, double py, double r,
                        rect frame, int view, pt away, int near, placement *out)
{
    static const double dist[] = {7, 10, 13, 16, 20, 25, 31, 38, 46};
    double w = L->w, h = L->h, bestc = 0;
    int found = 0;
    for (size_t di = 0; di < (near ? 5 : sizeof dist / sizeof dist[0]); di++)
        for (int k = 0; k < 24; k++) {
            double th = k * PI / 12, ux = cos(th), uy = sin(th), D = r + dist[di];
            pt A = {px + D * ux, py + D * uy};
            int al = ux > 0.38 ? AL_LEFT : ux < -0.38 ? AL_RIGHT : AL_CENTER;
            double x0 = al == AL_LEFT ? A.x : al == AL_RIGHT ? A.x - w : A.x - w / 2;
            double y0 = uy > 0.38 ? A.y : uy < -0.38 ? A.y - h : A.y - h / 2;
            rect b = {x0, y0, x0 + w, y0 + h};
            int crowd = box_crowding(m, b, px, py);
            if (crowd < 0 || !box_free(m, rect_grow(b, PAD), frame, view))
                continue;
            obox ob = obox_flat(rect_grow(b, 0.4));
            if (line_hits(m, &ob, view, NULL))
                continue;
            /* the leader: to the nearest point of the box, from the edge of
             * the symbol's square (off its own obstacle) */
            rect lb = rect_grow(b, 0.6);
            pt e = {fmin(fmax(px, lb.x0), lb.x1), fmin(fmax(py, lb.y0), lb.y1)};
            double len = hypot(e.x - px, e.y - py), s0 = r * 1.45 + 0.8;
            if (len < s0 + 2)
                continue;
            pt a = {px + (e.x - px) / len * s0, py + (e.y - py) / len * s0};
            int lc = leader_cost(m, a, e, view);
            if (lc < 0 || (near && lc > 0))
                continue;
            double cost = len * 10 + lc + crowd + box_cost(m, b) * 4 + k * 0.1;
            if ((away.x != 0 || away.y != 0) && ux * away.x + uy * away.y < 0)
                cost += 60;
            if (!found || cost < bestc) {
                found = 1;
                bestc = cost;
                memset(out, 0, sizeof(*out));
                out->box = rect_grow(b, PAD);
                out->x0 = b.x0;
                out->top = b.y1;
                out->al = al;
                out->leader = 1;
                out->la = a;
                out->lb = e;
            }
        }
    return found;
}

/* Tries the candidate positions around a point (right, left, above, below,
 * then the diagonals, each a little cheaper the earlier it comes) and
 * draws the label in the cheapest free one. Returns 1 if placed. */
static int place_point(mapctx *m, const label *L, double px, double py, double r,
                       rect frame, int view, pt away, int lead, placement *out)
{
    double w = L->w, h = L->h;
    int best = -1, bestc = 0;
    struct cand { double x0, top; int al; } c[36];
    /* three rings: beside the symbol, then farther out when the
     * first is full (a crowded place still gets its name near it); right
     * and left also slid up and down by half the label */
    for (int ring = 0; ring < 3; ring++) {
        double g = r + 1.6 + ring * 4.5, d = (r + 0.9) * 0.75 + ring * 3.5;
        double mid = py + h / 2 - 0.08 * h;
        if (L->nl > 1) {
            /* the first line is what aligns with the point */
            double first = L->l[0].asc + L->l[0].desc;
            mid = py + first / 2 + 0.05 * first;
        }
        double up = mid + h / 2, down = mid - h / 2;
        struct cand cc[12] = {
            {px + g, mid, AL_LEFT},           {px - g - w, mid, AL_RIGHT},
            {px - w / 2, py + g + h, AL_CENTER}, {px - w / 2, py - g, AL_CENTER},
            {px + d, py + d + h, AL_LEFT},    {px - d - w, py + d + h, AL_RIGHT},
            {px + d, py - d, AL_LEFT},        {px - d - w, py - d, AL_RIGHT},
            {px + g, up, AL_LEFT},            {px - g - w, up, AL_RIGHT},
            {px + g, down, AL_LEFT},          {px - g - w, down, AL_RIGHT},
        };
        memcpy(c + 12 * ring, cc, sizeof cc);
    }
    unsigned kinds = 0;
    for (int i = 0; i < 36; i++) {
        rect b = {c[i].x0, c[i].top - h, c[i].x0 + w, c[i].top};
        if (!box_free(m, rect_grow(b, PAD), frame, view))
            continue;
        obox ob = obox_flat(rect_grow(b, 0.4));
        unsigned k = 0;
        int lw = line_hits(m, &ob, view, &k);
        int cost = (lw ? CROSS_COST + lw * 100 : 0) + box_cost(m, b) * 4 + i +
                   (i >= 12 ? 40 : 0) + (i >= 24 ? 60 : 0) +
                   (box_ambiguous(m, b, px, py) ? 3 * CROSS_COST : 0);
        /* a stage of the route: its label on the side away from the route */
        double dx = (b.x0 + b.x1) / 2 - px, dy = (b.y0 + b.y1) / 2 - py;
        if ((away.x != 0 || away.y != 0) && dx * away.x + dy * away.y < 0)
            cost += 60;
        if (best < 0 || cost < bestc) {
            best = i;
            bestc = cost;
            kinds = k;
        }
    }
    /* nothing free beside it, or only across a line: farther out with a
     * leader, when that is clean (a short one, clear of every line, when
     * the line beside it is one a label may cross) */
    unsigned bad = 1u << LN_ROUTE | 1u << LN_WALL | 1u << LN_LEADER | 1u << LN_EXTENT;
    if (lead && (best < 0 || bestc >= CROSS_COST) &&
        place_leader(m, L, px, py, r, frame, view, away, best >= 0 && !(kinds & bad), out))
        return 1;
    if (best < 0)
        return 0;
    rect b = {c[best].x0, c[best].top - h, c[best].x0 + w, c[best].top};
    out->crossed = bestc >= CROSS_COST ? kinds : 0;
    out->box = rect_grow(b, PAD);
    out->x0 = c[best].x0;
    out->top = c[best].top;
    out->al = c[best].al;
    return 1;
}

/* An area label (sea, country, lake): centred on its point, or moved a
 * little when that is taken. */
static int place_area(mapctx *m, const label *L, double px, double py, rect frame,
                      int view, placement *out)
{
    static const double off[][2] = {{0, 0},   {0, 6},    {0, -6},   {8, 0},   {-8, 0},
                                    {0, 12},  {0, -12},  {14, 6},   {-14, -6}, {14, -6},
                                    {-14, 6}, {0, 18},   {0, -18},  {20, 0},  {-20, 0},
                                    {20, 12}, {-20, -12}, {20, -12}, {-20, 12}};
    int best = -1, bestc = 0;
    unsigned kinds = 0;
    for (int i = 0; i < (int)(sizeof off / sizeof off[0]); i++) {
        rect b = {px - L->w / 2 + off[i][0], py - L->h / 2 + off[i][1],
                  px + L->w / 2 + off[i][0], py + L->h / 2 + off[i][1]};
        if (!box_free(m, rect_grow(b, PAD), frame, view))
            continue;
        obox ob = obox_flat(rect_grow(b, 0.4));
        unsigned k = 0;
        int lw = line_hits(m, &ob, view, &k);
        int cost = (lw ? CROSS_COST + lw * 100 : 0) + box_cost(m, b) * 4 + i;
        if (best < 0 || cost < bestc) {
            best = i;
            bestc = cost;
            kinds = k;
        }
    }
    if (best < 0)
        return 0;
    out->crossed = bestc >= CROSS_COST ? kinds : 0;
    rect b = {px - L->w / 2 + off[best][0], py - L->h / 2 + off[best][1],
              px + L->w / 2 + off[best][0], py + L->h / 2 + off[best][1]};
    out->box = rect_grow(b, PAD);
    out->x0 = b.x0;
    out->top = b.y1;
    out->al = AL_CENTER;
    return 1;
}

/* Point at arc length s along a polyline (cumulative lengths in cum). */
static pt along(const ptbuf *q, const double *cum, double s)
{
    size_t n = q->n;
    if (s <= 0)
        return q->p[0];
    if (s >= cum[n - 1])
        return q->p[n - 1];
    size_t i = 1;
    while (i < n - 1 && cum[i] < s)
        i++;
    double t = cum[i] > cum[i - 1] ? (s - cum[i - 1]) / (cum[i] - cum[i - 1]) : 0;
    pt r = {q->p[i - 1].x + t * (q->p[i].x - q->p[i - 1].x),
            q->p[i - 1].y + t * (q->p[i].y - q->p[i - 1].y)};
    return r;
}

/* A river's name along its course: straight, rotated to the course's
 * chord under it, above or below it; candidates centred on the label
 * point, then shifted along, flatter and free of every line (its own
 * river included) first. */
static int place_water(mapctx *m, const label *L, const ptbuf *course, pt at, rect frame,
                       int view, placement *out, bk_status *st)
{
    if (course->n < 2 || L->nl != 1)
        return 0;
    double *cum = malloc(course->n * sizeof(*cum));
    int placed = 0, bestc = 0;
    if (!cum) {
        *st = bk_map_oom(m);
        return 0;
    }
    cum[0] = 0;
    size_t near = 0;
    for (size_t i = 1; i < course->n; i++) {
        const pt *q = course->p;
        cum[i] = cum[i - 1] + hypot(q[i].x - q[i - 1].x, q[i].y - q[i - 1].y);
        if (hypot(q[i].x - at.x, q[i].y - at.y) < hypot(q[near].x - at.x, q[near].y - at.y))
            near = i;
    }
    double W = L->w, total = cum[course->n - 1];
    double asc = L->l[0].asc, desc = L->l[0].desc;
    static const double shift[] = {0, -0.5, 0.5, -1, 1, -1.5, 1.5, -2, 2};
    for (size_t si = 0; si < sizeof shift / sizeof shift[0] && W <= total; si++) {
        double s0 = cum[near] - W / 2 + shift[si] * W;
        if (s0 < 0 || s0 + W > total)
            continue;
        pt a = along(course, cum, s0), e = along(course, cum, s0 + W);
        if (e.x < a.x) { /* reading left to right */
            pt t = a;
            a = e;
            e = t;
        }
        double ang = atan2(e.y - a.y, e.x - a.x), c = cos(ang), sn = sin(ang);
        /* the chord may be shorter than the name: centre the name on it */
        double mid = hypot(e.x - a.x, e.y - a.y);
        for (int side = 0; side < 2; side++) {
            double off = side == 0 ? 1.6 + desc : -(1.6 + asc);
            obox ob = {{0, -desc, W, asc}, {a.x - (W - mid) / 2 * c - off * sn,
                                             a.y - (W - mid) / 2 * sn + off * c}, c, sn};
            rect bb = obox_bounds(&ob);
            if (!box_free(m, rect_grow(bb, PAD), frame, view))
                continue;
            obox oh = ob;
            oh.r = rect_grow(ob.r, 0.4);
            unsigned k = 0;
            int lw = line_hits(m, &oh, view, &k);
            int cost = (lw ? CROSS_COST + lw * 100 : 0) + (int)(fabs(ang) * 180 / PI) / 3 +
                       (int)si * 2 + side;
            if (!placed || cost < bestc) {
                placed = 1;
                bestc = cost;
                out->box = rect_grow(bb, PAD);
                out->rotated = 1;
                out->o = ob.o;
                out->angle = ang * 180 / PI;
                out->crossed = lw ? k : 0;
            }
        }
    }
    free(cum);
    /* a name that would cross lines goes beside its label point instead,
     * when that is free */
    if (placed && out->crossed) {
        placement alt = {0};
        if (place_point(m, L, at.x, at.y, 1.5, frame, view, (pt){0, 0}, 0, &alt) && !alt.crossed) {
            *out = alt;
            return 1;
        }
    }
    return placed;
}

/* A label of the view being placed. */
typedef struct entry {
    const place_def *pd;
    const place *p;
    pt at;
    label L;
    ptbuf course; /* water: the river's course on the page */
    placement pl;
    int placed;
    size_t obst;  /* its obstacle, when placed */
    int added;    /* obst is set */
    pt away;      /* a stage of the route: the side away from it (or 0) */
    size_t lead;  /* its leader's line segment (m->soft), when it has one */
    int lead_ok;  /* it may be set apart with a leader (no position beside
                     it, even after repair, crosses no line) */
} entry;

/* A leader's weight as a line: a label across it is the last resort. */
#define LEADER_W 200

/* Makes the leader of a placed entry a line the later labels keep off. */
static int leader_add(mapctx *m, const vstate *vs, entry *e)
{
    if (!e->pl.leader)
        return 0;
    int kind = m->cur_kind, view = m->cur_view;
    m->cur_kind = LN_LEADER;
    m->cur_view = vs->index;
    int err = bk_map_add_soft(m, e->pl.la, e->pl.lb, LEADER_W);
    m->cur_kind = kind;
    m->cur_view = view;
    e->lead = m->nsoft - 1;
    return err;
}

/* Takes an entry's leader back (on: 0) or puts it back (1). */
static void leader_set(mapctx *m, const entry *e, int on)
{
    if (e->pl.leader) {
        m->soft[e->lead].w = on ? LEADER_W : 0;
        m->soft_version++;
    }
}

static int try_place(mapctx *m, const vstate *vs, entry *e, rect frame, placement *out,
                     bk_status *st)
{
    memset(out, 0, sizeof(*out));
    if (e->pd->lab == LAB_WATER) {
        if (place_water(m, &e->L, &e->course, e->at, frame, vs->index, out, st) || *st)
            return !*st;
        return place_point(m, &e->L, e->at.x, e->at.y, 1.5, frame, vs->index, e->away, 0, out);
    }
    if (e->pd->lab == LAB_AREA)
        return place_area(m, &e->L, e->at.x, e->at.y, frame, vs->index, out);
    /* a leader points at a symbol: only for a place drawn with one, labelled
     * at its own point */
    int lead = e->lead_ok && e->pd->sym != SYM_NONE && !e->pd->own_at;
    return place_point(m, &e->L, e->at.x, e->at.y, bk_map_sym_radius(e->pd->sym), frame, vs->index,
                       e->away, lead, out);
}

/* For a place on the route: the direction away from the route's legs to
 * it and from it (the sum of the two legs' directions, reversed); 0 for
 * others or where the route runs straight through. */
static pt route_away(const mapctx *m, const vstate *vs, const place *p, pt at)
{
    const bk_map_spec *s = m->spec;
    pt sum = {0, 0}, none = {0, 0};
    int found = 0;
    for (size_t i = 0; i < s->nroute; i++) {
        if (s->route[i].place != p)
            continue;
        found = 1;
        for (int d = -1; d <= 1; d += 2) {
            if ((d < 0 && i == 0) || (d > 0 && i + 1 >= s->nroute))
                continue;
            const route_pt *r = &s->route[i + d];
            pt q;
            bk_map_to_page(&vs->v, r->place ? r->place->lon : r->lon,
                           r->place ? r->place->lat : r->lat, &q);
            double L = hypot(q.x - at.x, q.y - at.y);
            if (L > 0) {
                sum.x += (q.x - at.x) / L;
                sum.y += (q.y - at.y) / L;
            }
        }
    }
    double L = hypot(sum.x, sum.y);
    if (!found || L < 0.3)
        return none;
    pt a = {-sum.x / L, -sum.y / L};
    return a;
}

/* The view's labels sorted by priority (stable), each set, at its point
 * on the page, with a river's course for water names. */
static bk_status entries_make(mapctx *m, const vstate *vs, entry *E)
{
    const view_data *vd = vs->vd;
    size_t n = vd->nplaces;
    bk_status st = BK_OK;
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        while (k > 0 && vd->places[i].prio > E[k - 1].pd->prio) {
            E[k] = E[k - 1];
            k--;
        }
        memset(&E[k], 0, sizeof(E[k]));
        E[k].pd = &vd->places[i];
        E[k].p = vd->places[i].p;
    }
    for (size_t i = 0; i < n && !st; i++) {
        entry *e = &E[i];
        const place_def *pd = e->pd;
        bk_map_to_page(&vs->v, pd->own_at ? pd->lon : e->p->lon,
                       pd->own_at ? pd->lat : e->p->lat, &e->at);
        if ((st = bk_map_place_label(m, pd, &e->L)))
            break;
        if (pd->nev && pd->lab == LAB_POINT)
            e->away = route_away(m, vs, e->p, e->at);
        const bk_geo_seg *course = pd->lab == LAB_WATER ? bk_map_find_path(vd, pd->path) : NULL;
        if (course && bk_map_project_seg(m, &vs->v, course))
            st = bk_map_oom(m);
        for (size_t k = 0; course && k < m->a.n && !st; k++)
            if (bk_map_pb_push(&e->course, m->a.p[k].x, m->a.p[k].y))
                st = bk_map_oom(m);
    }
    return st;
}

/* The places after entry i keep a little room beside them. */
static void keep_room(mapctx *m, const vstate *vs, const entry *E, size_t i, size_t n)
{
    m->npending = 0;
    for (size_t k = i + 1; k < n; k++) {
        if (E[k].pd->lab != LAB_POINT)
            continue;
        pt q;
        bk_map_to_page(&vs->v, E[k].p->lon, E[k].p->lat, &q);
        double r = bk_map_sym_radius(E[k].pd->sym) + 10;
        rect z = {q.x - r - 8, q.y - r, q.x + r + 8, q.y + r};
        m->pending[m->npending++] = z;
    }
}

/* Entry i found no room (or, clean, only room across a line): it takes
 * the room of an earlier label j that can move elsewhere, if there is one
 * (clean: e then crosses no line, and j none it did not cross before). */
static bk_status repair(mapctx *m, const vstate *vs, entry *E, size_t i, rect frame, int clean)
{
    entry *e = &E[i];
    bk_status st = BK_OK;
    for (size_t j = 0; j < i && !st; j++) {
        entry *f = &E[j];
        if (!f->placed)
            continue;
        m->hard[f->obst].off = 1;
        leader_set(m, f, 0);
        placement mine, theirs, was = e->pl;
        if (try_place(m, vs, e, frame, &mine, &st) && (!clean || !mine.crossed)) {
            size_t at = m->nhard;
            e->pl = mine;
            if (bk_map_add_hard(m, mine.box, vs->index) || leader_add(m, vs, e))
                return bk_map_oom(m);
            /* f never moves onto a line it did not cross before: its
             * crossings are reported when it is placed */
            int fl = f->lead_ok;
            f->lead_ok |= e->lead_ok; /* when e may have a leader, so may f */
            if (try_place(m, vs, f, frame, &theirs, &st) && (!theirs.crossed || f->pl.crossed)) {
                /* both fit: f moves, e takes its old room */
                if (bk_map_add_hard(m, theirs.box, vs->index))
                    return bk_map_oom(m);
                f->pl = theirs;
                f->obst = m->nhard - 1;
                if (leader_add(m, vs, f))
                    return bk_map_oom(m);
                e->obst = at;
                e->added = 1;
                e->placed = 1;
                return st;
            }
            f->lead_ok = fl;
            m->hard[at].off = 1;
            leader_set(m, e, 0);
            e->pl = was;
        }
        m->hard[f->obst].off = 0;
        leader_set(m, f, 1);
    }
    return st;
}

/* Entry i found no position beside it that crosses no line, even after
 * repair: it is set apart with a leader when that finds a clean one (else
 * repair may make room for one, moving an earlier label; else it keeps
 * what it had). */
static bk_status set_apart(mapctx *m, const vstate *vs, entry *E, size_t i, rect frame)
{
    entry *e = &E[i];
    bk_status st = BK_OK;
    placement alt;
    if (e->placed && !e->pl.crossed)
        return BK_OK;
    e->lead_ok = 1;
    if (e->added)
        m->hard[e->obst].off = 1;
    if (try_place(m, vs, e, frame, &alt, &st) && !alt.crossed) {
        e->pl = alt;
        e->placed = 1;
        e->added = 0; /* its new box goes in with its leader (place_entry) */
        return st;
    }
    if (e->added)
        m->hard[e->obst].off = 0;
    /* or an earlier label moves to make room for it, leader and all */
    if (!st && !e->added)
        st = repair(m, vs, E, i, frame, e->placed);
    return st;
}

/* Places entry i, repairing when it finds no room, and counts it. */
static bk_status place_entry(mapctx *m, const vstate *vs, entry *E, size_t i, size_t n,
                             rect frame)
{
    entry *e = &E[i];
    bk_status st = BK_OK;
    m->stats->places++;
    keep_room(m, vs, E, i, n);
    e->placed = try_place(m, vs, e, frame, &e->pl, &st);
    m->npending = 0;
    if (st || (!e->placed && (st = repair(m, vs, E, i, frame, 0))) ||
        (e->placed && e->pl.crossed && (st = repair(m, vs, E, i, frame, 1))) ||
        (st = set_apart(m, vs, E, i, frame)))
        return st;
    if (!e->placed) {
        /* a fault of the booklet (the name is left out of the map) */
        char pg[48];
        m->stats->unplaced++;
        bk_diag_fault(m->ctx->diag, m->ctx->strict, m->spec->path, 0, 0,
                      "%s: map %s: no room for the label of %s",
                      bk_page_name(m->page, pg, sizeof pg), m->spec->name, e->p->id);
        return BK_OK;
    }
    if (e->pl.crossed) {
        /* no free position: drawn across the line, with its halo */
        char pg[48], kinds[96] = "";
        for (int k = 1; k < LN_COUNT; k++)
            if (e->pl.crossed & (1u << k))
                snprintf(kinds + strlen(kinds), sizeof kinds - strlen(kinds), "%s%s",
                         kinds[0] ? ", " : "", bk_map_line_names[k]);
        m->crossings++;
        bk_diag_warn(m->ctx->diag, m->spec->path, 0, 0,
                     "%s: map %s: the label of %s (\"%s\") crosses a line (%s): no free "
                     "position", bk_page_name(m->page, pg, sizeof pg), m->spec->name,
                     e->p->id, e->L.np ? e->L.t[0] : "", kinds);
    }
    if (!e->added) {
        if (bk_map_add_hard(m, e->pl.box, vs->index) || leader_add(m, vs, e))
            return bk_map_oom(m);
        e->obst = m->nhard - 1;
        e->added = 1;
    }
    m->stats->labels++;
    return BK_OK;
}

/* A label's leader: a thin dark line, drawn just before the label (the
 * map check tells it from other lines by its name and order). */
static bk_status leader_draw(mapctx *m, const placement *pl)
{
    pathb pb = {0};
    bk_status st = BK_OK;
    if (bk_map_pathb_op(&pb, BK_PATH_MOVE, pl->la.x, pl->la.y) ||
        bk_map_pathb_op(&pb, BK_PATH_LINE, pl->lb.x, pl->lb.y))
        st = bk_map_oom(m);
    if (!st)
        st = bk_map_pathb_emit(m, &pb, 0, C_BLACK, 1, gray(0.25), 0.4);
    if (!st) {
        bk_map_feature(m, "leader");
        m->stats->leaders++;
    }
    bk_map_pathb_free(&pb);
    return st;
}

/* Labels of one view: greedily by priority, each in its cheapest free
 * candidate; a label with no room may take the place of one already
 * placed if that one can move elsewhere (one level of repair). Drawn
 * when all are placed. */
bk_status bk_map_label_view(mapctx *m, const vstate *vs)
{
    size_t n = vs->vd->nplaces;
    bk_status st = BK_OK;
    entry *E = calloc(n ? n : 1, sizeof(*E));
    m->pending = malloc((n ? n : 1) * sizeof(*m->pending));
    if (!E || !m->pending) {
        st = bk_map_oom(m);
        goto done;
    }
    rect frame = rect_grow(vs->v.r, -1);
    st = entries_make(m, vs, E);
    /* the view's symbols, so that no label sits nearer another's */
    m->syms = malloc((n ? n : 1) * sizeof(*m->syms));
    m->nsyms = 0;
    if (!m->syms && !st)
        st = bk_map_oom(m);
    for (size_t i = 0; i < n && !st; i++)
        if (E[i].pd->sym != SYM_NONE && E[i].pd->lab == LAB_POINT && !E[i].pd->own_at)
            m->syms[m->nsyms++] = E[i].at;
    for (size_t i = 0; i < n && !st; i++)
        st = place_entry(m, vs, E, i, n, frame);
    for (size_t i = 0; i < n && !st; i++) {
        entry *e = &E[i];
        if (!e->placed)
            continue;
        if (e->pl.leader && (st = leader_draw(m, &e->pl)))
            break;
        m->labelling = 1;
        if (e->pl.rotated) {
            const bk_para *p = &e->L.p[e->L.l[0].pi];
            bk_set_line sl = p->lines[e->L.l[0].li];
            sl.x = 0;
            m->angle = e->pl.angle;
            st = bk_map_emit_line(m, p, &sl, e->pl.o.x, e->pl.o.y, e->L.l[0].col);
            m->angle = 0;
        } else
            st = bk_map_label_draw(m, &e->L, e->pl.x0, e->pl.top, e->pl.al);
        m->labelling = 0;
    }
done:
    for (size_t i = 0; E && i < n; i++) {
        bk_map_label_free(&E[i].L);
        free(E[i].course.p);
    }
    free(E);
    m->npending = 0;
    free(m->pending);
    m->pending = NULL;
    free(m->syms);
    m->syms = NULL;
    m->nsyms = 0;
    return st;
}

/* Symbols of one view (obstacles for every label), skipping places
 * outside its frame. */
bk_status bk_map_symbols_view(mapctx *m, const vstate *vs, int used[SYM_COUNT])
{
    const view_data *vd = vs->vd;
    for (size_t i = 0; i < vd->nplaces; i++) {
        const place_def *pd = &vd->places[i];
        pt q;
        bk_map_to_page(&vs->v, pd->p->lon, pd->p->lat, &q);
        double r = bk_map_sym_radius(pd->sym);
        rect b = {q.x - r, q.y - r, q.x + r, q.y + r};
        if (pd->sym == SYM_NONE || !rect_inside(b, vs->v.r))
            continue;
        size_t first = m->page->n;
        bk_status st = bk_map_draw_symbol(m, pd->sym, q.x, q.y);
        if (st)
            return st;
        for (size_t k = first; k < m->page->n; k++)
            if (m->page->items[k].kind == BK_ITEM_PATH)
                memcpy(m->page->items[k].u.path.feature, "symbol", 7);
        if (bk_map_add_hard(m, rect_grow(b, 0.3), -1))
            return bk_map_oom(m);
        used[pd->sym] = 1;
    }
    return BK_OK;
}

/* Each inset's title beside its extent's frame on the main view: above or
 * below it, left or right aligned, else inside its top corners; the free
 * position crossing no line first. */
bk_status bk_map_label_extents(mapctx *m, const vstate *main, const vstate *insets,
                               size_t ninsets)
{
    bk_status st = BK_OK;
    rect frame = rect_grow(main->v.r, -1);
    for (size_t i = 0; i < ninsets && i < m->nextent && !st; i++) {
        const char *title = bk_map_text_get(&insets[i].vd->title, m->tag);
        label L = {0};
        if (!title || (st = bk_map_label_add(m, &L, "map-small", title, C_BLACK, 1000)))
            goto next;
        rect e = m->extent[i];
        double w = L.w, h = L.h;
        double c[6][2] = {{e.x0, e.y1 + 1.5 + h}, {e.x1 - w, e.y1 + 1.5 + h},
                          {e.x0, e.y0 - 1.5},     {e.x1 - w, e.y0 - 1.5},
                          {e.x0 + 1.5, e.y1 - 1.5}, {e.x1 - 1.5 - w, e.y1 - 1.5}};
        int best = -1, bestc = 0;
        for (int k = 0; k < 6; k++) {
            rect b = {c[k][0], c[k][1] - h, c[k][0] + w, c[k][1]};
            if (!box_free(m, rect_grow(b, PAD), frame, 0))
                continue;
            obox ob = obox_flat(rect_grow(b, 0.4));
            int cost = (line_hits(m, &ob, 0, NULL) ? CROSS_COST : 0) + k;
            if (best < 0 || cost < bestc) {
                best = k;
                bestc = cost;
            }
        }
        if (best < 0) {
            char pg[48];
            m->stats->unplaced++;
            bk_diag_fault(m->ctx->diag, m->ctx->strict, m->spec->path, 0, 0,
                          "%s: map %s: no room for the title of inset %zu by its extent",
                          bk_page_name(m->page, pg, sizeof pg), m->spec->name, i + 1);
            goto next;
        }
        rect b = {c[best][0], c[best][1] - h, c[best][0] + w, c[best][1]};
        if (bk_map_add_hard(m, rect_grow(b, PAD), 0)) {
            st = bk_map_oom(m);
            goto next;
        }
        if (bestc >= CROSS_COST) {
            char pg[48];
            m->crossings++;
            bk_diag_warn(m->ctx->diag, m->spec->path, 0, 0,
                         "%s: map %s: the title of inset %zu (\"%s\") crosses a line: no free "
                         "position", bk_page_name(m->page, pg, sizeof pg), m->spec->name, i + 1,
                         title);
        }
        m->labelling = 1;
        st = bk_map_label_draw(m, &L, b.x0, b.y1, AL_LEFT);
        m->labelling = 0;
    next:
        bk_map_label_free(&L);
    }
    return st;
}

bk_status bk_map_title_place(mapctx *m, const vstate *vs, const label *T, rect *out)
{
    const rect *r = &vs->v.r;
    double c[4][2] = {{r->x0 + 2.5, r->y0 + 2.5},
                      {r->x1 - 2.5 - T->w, r->y0 + 2.5},
                      {r->x0 + 2.5, r->y1 - 2.5 - T->h},
                      {r->x1 - 2.5 - T->w, r->y1 - 2.5 - T->h}};
    for (int k = 0; k < 4; k++) {
        rect b = {c[k][0], c[k][1], c[k][0] + T->w, c[k][1] + T->h};
        obox ob = obox_flat(rect_grow(b, 0.4));
        *out = b;
        if (box_free(m, rect_grow(b, 0.5), *r, vs->index) && !line_hits(m, &ob, vs->index, NULL))
            return BK_OK;
    }
    char pg[48];
    rect b = {c[0][0], c[0][1], c[0][0] + T->w, c[0][1] + T->h};
    *out = b;
    m->crossings++;
    bk_diag_warn(m->ctx->diag, m->spec->path, 0, 0,
                 "%s: map %s: the title of inset %d (\"%s\") crosses a line: no free position",
                 bk_page_name(m->page, pg, sizeof pg), m->spec->name, vs->index,
                 T->np ? T->t[0] : "");
    return BK_OK;
}
