/* map.c — maps drawn into frames: the entry (see map.h and docs/MAPS.md).
 *
 * Steps of bk_map_draw: lay out the rectangle (credit line and degree
 * labels outside the frame) -> fit the main view's projection into the
 * frame, narrowing the frame where it would show more than the data cover
 * -> draw each view (sea, land, shaded regions, lakes, rivers, named
 * paths, coast, graticule, route, symbols), clipping every polygon
 * (Sutherland–Hodgman) and polyline (Liang–Barsky) to the view's frame
 * -> insets over the main view (each in the corner and at the width where
 * it hides no route and no place), legend, north arrow -> labels last,
 * placed greedily by priority in the best free candidate position, with
 * every symbol, arrowhead, label, inset, legend and the frame as obstacles
 * and a line feature crossed only where no position is free (map-label.c). The definition is read by map-def.c, the
 * words the program adds come from the message catalogs (messages.h).
 */
#include "map-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The data's box of a view: the extent of its land and coast layers (the
 * land layer includes the box edges where land meets them; sea-only edges
 * leave it smaller, so the coast layer widens it). */
static void view_data_box(const view_data *vd, double box[4])
{
    box[0] = box[2] = -1e9;
    box[1] = box[3] = 1e9;
    int any = 0;
    for (int r = 0; r < LY_COUNT; r++) {
        if (!vd->layers[r] || (r != LY_LAND && r != LY_COAST))
            continue;
        double b[4];
        bk_geo_layer_bounds(vd->layers[r], b);
        if (!any) {
            memcpy(box, b, sizeof b);
            any = 1;
        } else {
            box[0] = fmin(box[0], b[0]);
            box[1] = fmax(box[1], b[1]);
            box[2] = fmin(box[2], b[2]);
            box[3] = fmax(box[3], b[3]);
        }
    }
}

/* An inset's view in a corner of the main frame, wfrac of its width. */
static void inset_view(const vstate *main, const bk_proj *proj, const view_data *id,
                       int corner, double wfrac, vstate *out)
{
    const view *mv = &main->v;
    double iw = (mv->r.x1 - mv->r.x0) * wfrac, bb[4];
    bk_map_proj_bbox(proj, id->box, bb);
    double ih = iw * (bb[3] - bb[2]) / (bb[1] - bb[0]);
    /* in a low frame (half a page) the inset keeps to its lower half */
    double maxh = (mv->r.y1 - mv->r.y0) * 0.45;
    if (ih > maxh) {
        iw *= maxh / ih;
        ih = maxh;
    }
    rect r;
    r.x0 = corner == CORNER_LL || corner == CORNER_UL ? mv->r.x0 : mv->r.x1 - iw;
    r.y0 = corner == CORNER_LL || corner == CORNER_LR ? mv->r.y0 : mv->r.y1 - ih;
    r.x1 = r.x0 + iw;
    r.y1 = r.y0 + ih;
    out->vd = id;
    out->v.proj = proj;
    out->v.s = iw / (bb[1] - bb[0]);
    out->v.pcx = (bb[0] + bb[1]) / 2;
    out->v.pcy = (bb[2] + bb[3]) / 2;
    out->v.r = r;
}

/* 1 if an inset at r hides nothing of the main view: no part of the
 * route, no place with a symbol or a point label (and room for its name),
 * no inset placed before it; -1 out of memory. */
static int inset_hides(mapctx *m, const vstate *main, const vstate *placed, size_t nplaced,
                       rect r)
{
    const view_data *vd = &m->spec->main;
    for (size_t i = 0; i < vd->nplaces; i++) {
        const place_def *pd = &vd->places[i];
        if (pd->lab != LAB_POINT)
            continue;
        pt q;
        bk_map_to_page(&main->v, pd->p->lon, pd->p->lat, &q);
        if (q.x > r.x0 - 14 && q.x < r.x1 + 14 && q.y > r.y0 - 14 && q.y < r.y1 + 14)
            return 1;
    }
    for (size_t i = 0; i < nplaced; i++)
        if (rect_overlap(rect_grow(r, 4), placed[i].v.r))
            return 1;
    return m->spec->nroute ? bk_map_route_hits(m, main, rect_grow(r, 4)) : 0;
}

/* Places inset `id`: the corner and the largest width (its definition's
 * width at most, a quarter of the frame at least) at which it hides
 * nothing of the main view (inset_hides), its own corner first; corners
 * of the legend and north arrow are skipped. When it fits nowhere, its
 * corner and width as defined, and a warning. */
static bk_status inset_place(mapctx *m, const bk_proj *proj, const vstate *vs, size_t k,
                             vstate *out)
{
    const view_data *id = &m->spec->insets[k];
    const bk_map_spec *s = m->spec;
    for (double w = id->wfrac; w >= 0.25 - 1e-9; w -= 0.02)
        for (int c = 0; c < 4; c++) {
            int corner = c == 0 ? id->corner : c - (c <= id->corner);
            if ((c && corner == id->corner) || corner == s->legend_corner ||
                (s->north_arrow && corner == s->north_corner))
                continue;
            inset_view(&vs[0], proj, id, corner, w, out);
            int h = inset_hides(m, &vs[0], vs + 1, k, out->v.r);
            if (h < 0)
                return bk_map_oom(m);
            if (!h)
                return BK_OK;
        }
    inset_view(&vs[0], proj, id, id->corner, id->wfrac, out);
    char pg[48];
    bk_diag_warn(m->ctx->diag, s->path, 0, 0,
                 "%s: map %s: inset %zu covers the route or a place in every corner",
                 bk_page_name(m->page, pg, sizeof pg), s->name, k + 1);
    return BK_OK;
}

/* The inset's extent on the main view (page box of its outline). */
static rect inset_extent(const vstate *main, const vstate *in)
{
    rect e = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int k = 0; k < 4; k++) {
        double gx = k == 0 || k == 3 ? in->v.r.x0 : in->v.r.x1;
        double gy = k < 2 ? in->v.r.y0 : in->v.r.y1, lon, lat;
        pt q;
        bk_map_to_geo(&in->v, gx, gy, &lon, &lat);
        bk_map_to_page(&main->v, lon, lat, &q);
        e.x0 = fmin(e.x0, q.x);
        e.x1 = fmax(e.x1, q.x);
        e.y0 = fmin(e.y0, q.y);
        e.y1 = fmax(e.y1, q.y);
    }
    return e;
}

/* The inset's area outlined on the main view; nothing goes under the
 * inset. */
static bk_status inset_outline(mapctx *m, const vstate *main, const vstate *in)
{
    pathb pb = {0};
    int err = 0;
    m->b.n = 0;
    for (int k = 0; k < 4; k++) {
        double gx = k == 0 || k == 3 ? in->v.r.x0 : in->v.r.x1;
        double gy = k < 2 ? in->v.r.y0 : in->v.r.y1, lon, lat;
        pt q;
        bk_map_to_geo(&in->v, gx, gy, &lon, &lat);
        bk_map_to_page(&main->v, lon, lat, &q);
        err |= bk_map_pb_push(&m->b, q.x, q.y);
    }
    err |= bk_map_pb_push(&m->b, m->b.p[0].x, m->b.p[0].y);
    m->cur_kind = LN_EXTENT;
    if (!err && bk_map_add_clipped_line(m, &pb, m->b.p, m->b.n, main->v.r, 1))
        err = 1;
    m->cur_kind = LN_NONE;
    int drawn = pb.n > 0;
    bk_status st = err ? bk_map_oom(m) : bk_map_pathb_emit(m, &pb, 0, C_BLACK, 1, C_BLACK, 0.6);
    if (!st && drawn)
        bk_map_feature(m, "extent");
    bk_map_pathb_free(&pb);
    if (!st && bk_map_add_hard(m, rect_grow(in->v.r, 1.5), 0))
        st = bk_map_oom(m);
    return st;
}

/* The view's frame (insets get a white rim to stand off the map) and an
 * inset's title, bottom left: the places of the insets crowd their tops. */
static bk_status view_frame(mapctx *m, const vstate *vs, int inset)
{
    const rect *r = &vs->v.r;
    bk_path *f = bk_page_add_rect(m->page, r->x0, r->y0, r->x1 - r->x0, r->y1 - r->y0);
    if (!f)
        return bk_map_oom(m);
    f->stroke = 1;
    f->stroke_color = C_BLACK;
    f->line_width = inset ? 0.7 : 0.8;
    memcpy(f->feature, "frame", 6);
    m->stats->paths++;
    const char *title = inset ? bk_map_text_get(&vs->vd->title, m->tag) : NULL;
    if (!title)
        return BK_OK;
    label T = {0};
    bk_status st = bk_map_label_add(m, &T, "map-title", title, C_BLACK, r->x1 - r->x0 - 6);
    rect tb;
    if (!st)
        st = bk_map_title_place(m, vs, &T, &tb);
    if (!st && bk_map_add_hard(m, rect_grow(tb, 1), vs->index))
        st = bk_map_oom(m);
    m->labelling = 1;
    if (!st)
        st = bk_map_label_draw(m, &T, tb.x0, tb.y1, AL_LEFT);
    m->labelling = 0;
    bk_map_label_free(&T);
    return st;
}

/* Each view's layers, graticule, route, inset outlines, symbols and
 * frame. */
static bk_status draw_views(mapctx *m, const vstate *vs, size_t nv, const int *route_sym,
                            int used[SYM_COUNT])
{
    const bk_map_spec *def = m->spec;
    bk_status st = BK_OK;
    for (size_t v = 0; v < nv && !st; v++) {
        m->cur_view = vs[v].index;
        if ((st = bk_map_draw_layers(m, &vs[v])) ||
            (st = bk_map_draw_graticule(m, &vs[v], v ? def->grat / 5 : def->grat, v == 0,
                                        vs + 1, nv - 1)))
            break;
        if (def->nroute && (st = bk_map_draw_route(m, &vs[v], route_sym + v * def->nroute)))
            break;
        for (size_t i = 1; v == 0 && i < nv && !st; i++)
            st = inset_outline(m, &vs[0], &vs[i]);
        if (!st)
            st = bk_map_symbols_view(m, &vs[v], used);
        if (!st)
            st = view_frame(m, &vs[v], v > 0);
    }
    return st;
}

/* The symbol of each route point in each view (view v's at v * nroute + i;
 * -1 where the view does not show the place), so the route stops short of
 * the symbols drawn. */
static int *route_symbols(const bk_map_spec *spec, const vstate *vs, size_t nv)
{
    size_t n = spec->nroute;
    int *sym = calloc(n && nv ? n * nv : 1, sizeof(*sym));
    for (size_t v = 0; sym && v < nv; v++)
        for (size_t i = 0; i < n; i++) {
            sym[v * n + i] = -1;
            for (size_t k = 0; k < vs[v].vd->nplaces; k++)
                if (spec->route[i].place && vs[v].vd->places[k].p == spec->route[i].place)
                    sym[v * n + i] = vs[v].vd->places[k].sym;
        }
    return sym;
}

/* The legend text of the first built-up area that has one, or NULL. */
static const mtext *built_legend(const vstate *vs, size_t nv)
{
    for (size_t v = 0; v < nv; v++)
        for (size_t k = 0; k < vs[v].vd->nbuilt; k++)
            if (vs[v].vd->built[k].legend.n)
                return &vs[v].vd->built[k].legend;
    return NULL;
}

/* The views: the main one fitted into avail, the insets in their corners;
 * the scale's latitude and pt per km in the stats. */
static bk_status lay_out_views(mapctx *m, const bk_proj *proj, rect avail, vstate *vs,
                               size_t *nv)
{
    const bk_map_spec *spec = m->spec;
    double data[4];
    view_data_box(&spec->main, data);
    vs[0].vd = &spec->main;
    vs[0].index = 0;
    bk_map_fit_view(&vs[0].v, proj, spec->main.box, avail, data);
    *nv = 1;
    for (size_t i = 0; i < spec->ninsets; i++, (*nv)++) {
        bk_status st = inset_place(m, proj, vs, i, &vs[*nv]);
        if (st)
            return st;
        vs[*nv].index = (int)*nv;
        m->extent[m->nextent++] = inset_extent(&vs[0], &vs[*nv]);
    }
    double cx = (vs[0].v.r.x0 + vs[0].v.r.x1) / 2, cy = (vs[0].v.r.y0 + vs[0].v.r.y1) / 2;
    double clon, clat;
    bk_map_to_geo(&vs[0].v, cx, cy, &clon, &clat);
    /* the scale bar is true at the frame's centre latitude, rounded to the
     * graticule's half step so the note can name it */
    clat = round(clat / (spec->grat / 2)) * (spec->grat / 2);
    m->stats->scale_lat = clat;
    m->stats->pt_per_km = vs[0].v.s * bk_proj_scale(proj, clat) * 1000;
    memcpy(m->stats->neat, &vs[0].v.r, sizeof m->stats->neat);
    return BK_OK;
}

/* The map once its catalog is loaded: rectangle, views, legend, labels,
 * credit line. */
static bk_status draw_map(mapctx *m, const bk_proj *proj, double x, double y, double w,
                          double h)
{
    const bk_map_spec *def = m->spec;
    vstate vs[MAX_INSETS + 1];
    size_t nv = 0;
    int used[SYM_COUNT] = {0};
    label credit = {0}, probe = {0};
    int *route_sym = NULL;
    bk_buf cr = {0};
    const char *credit_text = bk_map_text_get(&def->credit, m->tag);
    const char *note = bk_map_text_get(&def->note, m->tag);
    bk_buf_printf(&cr, "%s%s%s", credit_text ? credit_text : "", credit_text && note ? " " : "",
                  note ? note : "");
    /* 1. the rectangle: credit line at the foot, degrees left and below */
    bk_status st = bk_map_label_add(m, &credit, "map-small", cr.data ? cr.data : "", gray(0.3), w);
    if (st || (st = bk_map_label_add(m, &probe, "map-small", "118°30′N", C_BLACK, 1000)))
        goto done;
    double left = probe.w + 3, below = probe.h + 2.5 + credit.h + 2;
    rect avail = {x + left, y + below, x + w, y + h};
    /* 2. the views; 3. their drawing, the north arrow, the legend */
    if ((st = lay_out_views(m, proj, avail, vs, &nv)))
        goto done;
    if (!(route_sym = route_symbols(def, vs, nv))) {
        st = bk_map_oom(m);
        goto done;
    }
    if ((st = draw_views(m, vs, nv, route_sym, used)) ||
        (def->north_arrow && (st = bk_map_draw_north(m, &vs[0]))) ||
        (st = bk_map_draw_legend(m, &vs[0], used, m->stats->pt_per_km, m->stats->scale_lat,
                                 built_legend(vs, nv))))
        goto done;
    /* 4. labels, main view first (its places matter most), then insets */
    if (nv > 1)
        st = bk_map_label_extents(m, &vs[0], vs + 1, nv - 1);
    for (size_t v = 0; v < nv && !st; v++)
        st = bk_map_label_view(m, &vs[v]);
    /* 5. the credit line at the foot of the rectangle */
    if (!st)
        st = bk_map_label_draw(m, &credit, x, vs[0].v.r.y0 - probe.h - 4, AL_LEFT);
done:
    bk_buf_release(&cr);
    bk_map_label_free(&credit);
    bk_map_label_free(&probe);
    free(route_sym);
    return st;
}

bk_status bk_map_draw(bk_ctx *ctx, bk_setter *setter, const bk_map_spec *spec,
                      bk_page *page, double x, double y, double w, double h,
                      const char *lang, bk_map_stats *stats)
{
    bk_map_stats dummy;
    bk_messages *msg = NULL;
    mapctx m = {.ctx = ctx, .setter = setter, .spec = spec, .page = page,
                .stats = stats ? stats : &dummy};
    memset(m.stats, 0, sizeof(*m.stats));
    bk_proj proj;
    if (!(w > 100 && h > 100))
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "map %s: a %.0f x %.0f pt rectangle is too small (100 pt a side "
                             "at least)", spec->name, w, h);
    bk_status st = spec->proj == BK_PROJ_MERCATOR
                       ? bk_proj_mercator(ctx, &proj, BK_WGS84_A, BK_WGS84_E2, spec->lon0,
                                          spec->lat1)
                       : bk_proj_lcc(ctx, &proj, BK_WGS84_A, BK_WGS84_E2, spec->lon0,
                                     spec->lat0, spec->lat1, spec->lat2);
    if (st || (st = bk_messages_load(ctx, spec->root, lang, &msg)))
        return st;
    m.msg = msg;
    /* the map's own texts (names, titles, credit) in the booklet's
     * language; the catalog's may be another (a language without one
     * reads English interface words, not English or first-listed names) */
    m.tag = lang && *lang ? lang : bk_messages_lang(msg);
    m.halo = spec->halo;
    st = draw_map(&m, &proj, x, y, w, h);
    m.stats->crossings = m.crossings;
    bk_frames_free(m.scratch);
    free(m.hard);
    free(m.soft);
    bk_map_index_free(&m.index);
    free(m.hits);
    free(m.a.p);
    free(m.b.p);
    free(m.c.p);
    bk_messages_free(msg);
    return st;
}
