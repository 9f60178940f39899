/* map-index.c — the line features (mapctx.soft) indexed by a grid of
 * cells, so that a label's candidate box is tested against the segments
 * near it rather than against every segment of every view: placing the
 * labels of a map tests thousands of boxes against thousands of segments.
 *
 * The index answers with a superset of the segments whose bounding box
 * meets the query's (cells are found with one formula for both, which is
 * monotonic, so two boxes that meet share a cell); the callers keep their
 * exact tests, and what they compute from the segments (sums of weights,
 * kinds or'ed) does not depend on the order, so the labels land where the
 * plain scan put them. Segments added after the index was built (leaders
 * of labels placed since) and segments with a coordinate that is not
 * finite are answered every time. */
#include "map-int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Nominal cell side, pt (a label is a few cells), and the most cells on a
 * side. */
#define CELL 8.0
#define MAXCELLS 256
/* Segments added since the index was built that make it worth rebuilding
 * (the layers of another view). */
#define REBUILD 256

void bk_map_index_free(segindex *x)
{
    free(x->start);
    free(x->idx);
    free(x->loose);
    free(x->seen);
    free(x->out);
    memset(x, 0, sizeof(*x));
}

static int finite_seg(const soft_seg *g)
{
    return isfinite(g->a.x) && isfinite(g->a.y) && isfinite(g->b.x) && isfinite(g->b.y);
}

static int cell_of(double v, double origin, double cell, int n)
{
    double c = floor((v - origin) / cell);
    return c < 0 ? 0 : c >= n ? n - 1 : (int)c;
}

/* The cells a box covers: [*cx0, *cx1] x [*cy0, *cy1]. */
static void cells(const segindex *x, rect r, int *cx0, int *cy0, int *cx1, int *cy1)
{
    *cx0 = cell_of(r.x0, x->x0, x->cell, x->nx);
    *cx1 = cell_of(r.x1, x->x0, x->cell, x->nx);
    *cy0 = cell_of(r.y0, x->y0, x->cell, x->ny);
    *cy1 = cell_of(r.y1, x->y0, x->cell, x->ny);
}

static rect seg_box(const soft_seg *g)
{
    rect r = {fmin(g->a.x, g->b.x), fmin(g->a.y, g->b.y), fmax(g->a.x, g->b.x),
              fmax(g->a.y, g->b.y)};
    return r;
}

/* The grid's extent and cell size from the finite segments; the loose
 * list. */
static int grid_size(segindex *x, const mapctx *m)
{
    rect all = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    x->nloose = 0;
    if (!(x->loose = malloc((m->nsoft ? m->nsoft : 1) * sizeof(*x->loose))))
        return -1;
    for (size_t i = 0; i < m->nsoft; i++) {
        if (!finite_seg(&m->soft[i])) {
            x->loose[x->nloose++] = i;
            continue;
        }
        rect b = seg_box(&m->soft[i]);
        all.x0 = fmin(all.x0, b.x0);
        all.y0 = fmin(all.y0, b.y0);
        all.x1 = fmax(all.x1, b.x1);
        all.y1 = fmax(all.y1, b.y1);
    }
    if (!(all.x0 <= all.x1))
        all = (rect){0, 0, 0, 0};
    double side = fmax(all.x1 - all.x0, all.y1 - all.y0);
    x->cell = fmax(CELL, side / MAXCELLS);
    x->x0 = all.x0;
    x->y0 = all.y0;
    x->nx = (int)fmin(MAXCELLS, floor((all.x1 - all.x0) / x->cell) + 1);
    x->ny = (int)fmin(MAXCELLS, floor((all.y1 - all.y0) / x->cell) + 1);
    return 0;
}

/* Counts, then lists, the segments of each cell (compressed rows). */
static int grid_fill(segindex *x, const mapctx *m)
{
    size_t nc = (size_t)x->nx * (size_t)x->ny, total = 0;
    if (!(x->start = calloc(nc + 1, sizeof(*x->start))))
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m->nsoft; i++) {
            if (!finite_seg(&m->soft[i]))
                continue;
            int cx0, cy0, cx1, cy1;
            cells(x, seg_box(&m->soft[i]), &cx0, &cy0, &cx1, &cy1);
            for (int cy = cy0; cy <= cy1; cy++)
                for (int cx = cx0; cx <= cx1; cx++) {
                    size_t c = (size_t)cy * (size_t)x->nx + (size_t)cx;
                    if (pass == 0)
                        x->start[c + 1]++;
                    else
                        x->idx[x->start[c]++] = i;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < nc; c++)
                x->start[c + 1] += x->start[c];
            total = x->start[nc];
            if (!(x->idx = malloc((total ? total : 1) * sizeof(*x->idx))))
                return -1;
        }
    }
    /* the second pass moved each start to its cell's end: move back */
    memmove(x->start + 1, x->start, nc * sizeof(*x->start));
    x->start[0] = 0;
    return 0;
}

static int index_build(segindex *x, const mapctx *m)
{
    bk_map_index_free(x);
    if (grid_size(x, m) || grid_fill(x, m) ||
        !(x->seen = calloc(m->nsoft ? m->nsoft : 1, sizeof(*x->seen)))) {
        bk_map_index_free(x);
        return -1;
    }
    x->n = m->nsoft;
    return 0;
}

static int out_push(segindex *x, size_t i, size_t *n)
{
    if (*n == x->capout) {
        size_t cap = x->capout ? 2 * x->capout : 256;
        size_t *o = realloc(x->out, cap * sizeof(*o));
        if (!o)
            return -1;
        x->out = o;
        x->capout = cap;
    }
    x->out[(*n)++] = i;
    return 0;
}

/* -1 (out of memory, or a box that is not a number): the caller tests
 * every segment instead, as it would without the index. */
int bk_map_soft_near(mapctx *m, rect r, const size_t **out, size_t *n)
{
    segindex *x = &m->index;
    *n = 0;
    if (isnan(r.x0) || isnan(r.y0) || isnan(r.x1) || isnan(r.y1))
        return -1; /* no cell holds it: the caller tests every segment */
    if ((!x->start || m->nsoft > x->n + REBUILD || m->nsoft < x->n) && index_build(x, m))
        return -1;
    if (++x->stamp == 0) { /* wrapped: forget every mark */
        memset(x->seen, 0, x->n * sizeof(*x->seen));
        x->stamp = 1;
    }
    int cx0, cy0, cx1, cy1;
    cells(x, r, &cx0, &cy0, &cx1, &cy1);
    for (int cy = cy0; cy <= cy1; cy++)
        for (int cx = cx0; cx <= cx1; cx++) {
            size_t c = (size_t)cy * (size_t)x->nx + (size_t)cx;
            for (size_t k = x->start[c]; k < x->start[c + 1]; k++) {
                size_t i = x->idx[k];
                if (x->seen[i] == x->stamp)
                    continue;
                x->seen[i] = x->stamp;
                if (out_push(x, i, n))
                    return -1;
            }
        }
    for (size_t k = 0; k < x->nloose; k++)
        if (out_push(x, x->loose[k], n))
            return -1;
    for (size_t i = x->n; i < m->nsoft; i++)
        if (out_push(x, i, n))
            return -1;
    *out = x->out;
    return 0;
}

/* ---- the line test's answers ------------------------------------------------ */

static size_t hits_slot_of(const double key[8], int view, unsigned version)
{
    const unsigned char *c = (const unsigned char *)key;
    unsigned long long h = 14695981039346656037ULL;
    for (size_t i = 0; i < 8 * sizeof *key; i++)
        h = (h ^ c[i]) * 1099511628211ULL;
    h = (h ^ (unsigned)view) * 1099511628211ULL;
    h = (h ^ version) * 1099511628211ULL;
    return (size_t)(h ^ (h >> 29)) & (HITS_SLOTS - 1);
}

int bk_map_hits_find(const mapctx *m, const double key[8], int view, int *w, unsigned *kinds)
{
    if (!m->hits)
        return 0;
    const hits_slot *s = &m->hits[hits_slot_of(key, view, m->soft_version)];
    if (!s->used || s->view != view || s->version != m->soft_version ||
        memcmp(s->key, key, sizeof s->key) != 0)
        return 0;
    *w = s->w;
    *kinds = s->kinds;
    return 1;
}

void bk_map_hits_keep(mapctx *m, const double key[8], int view, int w, unsigned kinds)
{
    if (!m->hits && !(m->hits = calloc(HITS_SLOTS, sizeof(*m->hits))))
        return;
    hits_slot *s = &m->hits[hits_slot_of(key, view, m->soft_version)];
    memcpy(s->key, key, sizeof s->key);
    s->view = view;
    s->version = m->soft_version;
    s->used = 1;
    s->w = w;
    s->kinds = kinds;
}
