/* map-label.c — label placement: candidates around a point, over an
 * area or along a river, chosen greedily by priority with one level of
 * repair; symbols of a view (the labels' first obstacles). */
#include "map-int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A candidate box is free when it stays in the frame and off every hard
 * obstacle; its cost is the weight of the lines it would cover. */
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
    for (size_t i = 0; i < m->nsoft; i++) {
        pt a = m->soft[i].a, e = m->soft[i].b;
        /* most segments lie wholly to one side of the box: skip the clip */
        if ((a.x < b.x0 && e.x < b.x0) || (a.x > b.x1 && e.x > b.x1) ||
            (a.y < b.y0 && e.y < b.y0) || (a.y > b.y1 && e.y > b.y1))
            continue;
        if (bk_map_seg_hits_rect(a, e, b))
            c += m->soft[i].w;
    }
    return c;
}

/* Label padding: room kept between a label and anything else. */
#define PAD 0.8

/* Where a label goes: its box (padded, the obstacle it becomes) and how it
 * is drawn. */
typedef struct placement {
    rect box;
    double x0, top;
    int al;
    pt *pos; /* a name along a river: each glyph's pen (owned) */
} placement;

/* Tries the candidate positions around a point (right, left, above, below,
 * then the diagonals, each a little cheaper the earlier it comes) and
 * draws the label in the cheapest free one. Returns 1 if placed. */
static int place_point(mapctx *m, const label *L, double px, double py, double r,
                       rect frame, int view, placement *out)
{
    double w = L->w, h = L->h;
    int best = -1, bestc = 0;
    struct cand { double x0, top; int al; } c[24];
    /* two rings: beside the symbol, then a little farther out when the
     * first is full (a crowded place still gets its name near it); right
     * and left also slid up and down by half the label */
    for (int ring = 0; ring < 2; ring++) {
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
    for (int i = 0; i < 24; i++) {
        rect b = {c[i].x0, c[i].top - h, c[i].x0 + w, c[i].top};
        if (!box_free(m, rect_grow(b, PAD), frame, view))
            continue;
        int cost = box_cost(m, b) * 4 + i + (i >= 12 ? 40 : 0);
        if (best < 0 || cost < bestc) {
            best = i;
            bestc = cost;
        }
    }
    if (best < 0)
        return 0;
    rect b = {c[best].x0, c[best].top - h, c[best].x0 + w, c[best].top};
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
    for (int i = 0; i < (int)(sizeof off / sizeof off[0]); i++) {
        rect b = {px - L->w / 2 + off[i][0], py - L->h / 2 + off[i][1],
                  px + L->w / 2 + off[i][0], py + L->h / 2 + off[i][1]};
        if (!box_free(m, rect_grow(b, PAD), frame, view))
            continue;
        int cost = box_cost(m, b) * 4 + i;
        if (best < 0 || cost < bestc) {
            best = i;
            bestc = cost;
        }
    }
    if (best < 0)
        return 0;
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

/* Pen positions of a line's glyphs along a course q (cumulative lengths
 * cum) from arc length s0, above (side 0) or below it; returns their box. */
static rect glyphs_along(const ptbuf *q, const double *cum, double s0, int side,
                         const label *L, const bk_para *p, const bk_set_line *ln, pt *pos)
{
    const bk_set_glyph *g = p->g + ln->g0;
    double size = p->style.size;
    rect box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    double s = s0;
    for (size_t j = 0; j < ln->n; j++) {
        /* the smoothed course under the glyph's middle: the mean of points
         * a size either side, so meanders do not shake the baseline */
        double mid = s + g[j].adv / 2, sy = 0;
        for (int k = -2; k <= 2; k++)
            sy += along(q, cum, mid + k * size / 2).y;
        sy /= 5;
        double base = side == 0 ? sy + 1.4 + L->l[0].desc : sy - 1.4 - L->l[0].asc;
        pos[j].x = along(q, cum, mid).x - g[j].adv / 2;
        pos[j].y = base;
        box.x0 = fmin(box.x0, pos[j].x);
        box.x1 = fmax(box.x1, pos[j].x + g[j].adv);
        box.y0 = fmin(box.y0, base - L->l[0].desc);
        box.y1 = fmax(box.y1, base + L->l[0].asc);
        s += g[j].adv;
    }
    return box;
}

/* A river's name set along its course: glyphs upright (frames have no
 * rotation), each on the smoothed line, above or below it. Used where the
 * course is within 35 degrees of horizontal near the label point. */
static int place_water(mapctx *m, const label *L, const ptbuf *course, pt at, rect frame,
                       int view, placement *out, bk_status *st)
{
    if (course->n < 2 || L->nl != 1)
        return 0;
    const bk_para *p = &L->p[L->l[0].pi];
    const bk_set_line *ln = &p->lines[L->l[0].li];
    double *cum = malloc(course->n * sizeof(*cum));
    pt *pos = malloc((ln->n ? ln->n : 1) * sizeof(*pos));
    ptbuf q = {0};
    int placed = 0;
    if (!cum || !pos)
        goto oom;
    /* reading left to right */
    int rev = course->p[course->n - 1].x < course->p[0].x;
    for (size_t i = 0; i < course->n; i++) {
        pt v = course->p[rev ? course->n - 1 - i : i];
        if (bk_map_pb_push(&q, v.x, v.y))
            goto oom;
    }
    cum[0] = 0;
    size_t near = 0;
    for (size_t i = 1; i < q.n; i++) {
        cum[i] = cum[i - 1] + hypot(q.p[i].x - q.p[i - 1].x, q.p[i].y - q.p[i - 1].y);
        if (hypot(q.p[i].x - at.x, q.p[i].y - at.y) <
            hypot(q.p[near].x - at.x, q.p[near].y - at.y))
            near = i;
    }
    double W = L->w, total = cum[q.n - 1];
    if (W > total)
        goto done;
    /* candidates: centred on the label point, then shifted along */
    static const double shift[] = {0, -0.5, 0.5, -1, 1, -1.5, 1.5};
    for (size_t si = 0; si < sizeof shift / sizeof shift[0] && !placed; si++) {
        double s0 = cum[near] - W / 2 + shift[si] * W;
        if (s0 < 0 || s0 + W > total)
            continue;
        pt a = along(&q, cum, s0), b = along(&q, cum, s0 + W);
        double ang = atan2(b.y - a.y, b.x - a.x) * 180 / PI;
        if (fabs(ang) > 35)
            continue;
        for (int side = 0; side < 2 && !placed; side++) {
            rect box = glyphs_along(&q, cum, s0, side, L, p, ln, pos);
            if (!box_free(m, rect_grow(box, PAD), frame, view))
                continue;
            /* never across the route that runs beside the river */
            int crossed = 0;
            for (size_t k = 0; k < m->nsoft && !crossed; k++)
                crossed = m->soft[k].w >= 5 && bk_map_seg_hits_rect(m->soft[k].a, m->soft[k].b, box);
            if (crossed)
                continue;
            /* pen positions must advance left to right */
            for (size_t j = 1; j < ln->n; j++)
                if (pos[j].x < pos[j - 1].x)
                    pos[j].x = pos[j - 1].x;
            out->box = rect_grow(box, PAD);
            out->pos = pos;
            pos = NULL;
            placed = 1;
        }
    }
    goto done;
oom:
    *st = bk_map_oom(m);
    placed = 0;
done:
    free(cum);
    free(pos);
    free(q.p);
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
} entry;

static int try_place(mapctx *m, const vstate *vs, entry *e, rect frame, placement *out,
                     bk_status *st)
{
    memset(out, 0, sizeof(*out));
    if (e->pd->lab == LAB_WATER) {
        if (place_water(m, &e->L, &e->course, e->at, frame, vs->index, out, st) || *st)
            return !*st;
        return place_point(m, &e->L, e->at.x, e->at.y, 1.5, frame, vs->index, out);
    }
    if (e->pd->lab == LAB_AREA)
        return place_area(m, &e->L, e->at.x, e->at.y, frame, vs->index, out);
    return place_point(m, &e->L, e->at.x, e->at.y, bk_map_sym_radius(e->pd->sym), frame, vs->index,
                       out);
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

/* Entry i found no room: it takes the room of an earlier label j that can
 * move elsewhere, if there is one. */
static bk_status repair(mapctx *m, const vstate *vs, entry *E, size_t i, rect frame)
{
    entry *e = &E[i];
    bk_status st = BK_OK;
    for (size_t j = 0; j < i && !e->placed && !st; j++) {
        entry *f = &E[j];
        if (!f->placed)
            continue;
        m->hard[f->obst].off = 1;
        placement mine, theirs;
        if (try_place(m, vs, e, frame, &mine, &st)) {
            size_t at = m->nhard;
            if (bk_map_add_hard(m, mine.box, vs->index)) {
                free(mine.pos);
                return bk_map_oom(m);
            }
            if (try_place(m, vs, f, frame, &theirs, &st)) {
                /* both fit: f moves, e takes its old room */
                if (bk_map_add_hard(m, theirs.box, vs->index)) {
                    free(mine.pos);
                    free(theirs.pos);
                    return bk_map_oom(m);
                }
                free(f->pl.pos);
                f->pl = theirs;
                f->obst = m->nhard - 1;
                e->pl = mine;
                e->obst = at;
                e->added = 1;
                e->placed = 1;
                return st;
            }
            m->hard[at].off = 1;
            free(mine.pos);
        }
        m->hard[f->obst].off = 0;
    }
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
    if (st || (!e->placed && (st = repair(m, vs, E, i, frame))))
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
    if (!e->added) {
        if (bk_map_add_hard(m, e->pl.box, vs->index))
            return bk_map_oom(m);
        e->obst = m->nhard - 1;
        e->added = 1;
    }
    m->stats->labels++;
    return BK_OK;
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
    for (size_t i = 0; i < n && !st; i++)
        st = place_entry(m, vs, E, i, n, frame);
    for (size_t i = 0; i < n && !st; i++) {
        entry *e = &E[i];
        if (!e->placed)
            continue;
        if (e->pl.pos) {
            const bk_para *p = &e->L.p[e->L.l[0].pi];
            st = bk_map_emit_line(m, p, &p->lines[e->L.l[0].li], e->pl.pos[0].x,
                                  e->pl.pos[0].y, e->L.l[0].col, e->pl.pos);
        } else
            st = bk_map_label_draw(m, &e->L, e->pl.x0, e->pl.top, e->pl.al);
    }
done:
    for (size_t i = 0; E && i < n; i++) {
        bk_map_label_free(&E[i].L);
        free(E[i].course.p);
        free(E[i].pl.pos);
    }
    free(E);
    m->npending = 0;
    free(m->pending);
    m->pending = NULL;
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
        bk_status st = bk_map_draw_symbol(m, pd->sym, q.x, q.y);
        if (st)
            return st;
        if (bk_map_add_hard(m, rect_grow(b, 0.3), -1))
            return bk_map_oom(m);
        used[pd->sym] = 1;
    }
    return BK_OK;
}
