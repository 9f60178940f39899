/* map-def.c — reading a map definition file (docs/MAPS.md): validated
 * against the built-in schema "map" (schemas/map.rng), then its projection, views, layers (GMT
 * files), places (from its gazetteer), route and texts per language are
 * loaded into a bk_map_spec. Paths in the file are relative to it; errors
 * name the file and line. */
#include "srcpos.h"
#include "map-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "paths.h"
#include "xml.h"

/* ---- freeing ------------------------------------------------------------------------------ */

static void view_release(view_data *v)
{
    for (size_t i = 0; i < v->nplaces; i++) {
        place_def *d = &v->places[i];
        free(d->style);
        free(d->path);
        for (size_t k = 0; k < d->nev; k++) {
            free(d->ev[k].what);
            free(d->ev[k].from);
            free(d->ev[k].to);
            free(d->ev[k].id);
        }
    }
    free(v->places);
    for (size_t i = 0; i < v->nbuilt; i++) {
        free(v->built[i].pt);
        bk_map_mtext_release(&v->built[i].legend);
    }
    free(v->built);
    bk_map_mtext_release(&v->shaded);
    bk_map_mtext_release(&v->title);
}

void bk_map_spec_free(bk_map_spec *s)
{
    if (!s)
        return;
    view_release(&s->main);
    for (size_t i = 0; i < s->ninsets; i++)
        view_release(&s->insets[i]);
    free(s->insets);
    free(s->route);
    bk_map_mtext_release(&s->route_legend);
    for (int k = 0; k < SYM_COUNT; k++)
        bk_map_mtext_release(&s->sym_legend[k]);
    for (size_t i = 0; i < s->nbars; i++) {
        free(s->bars[i].unit);
        free(s->bars[i].langs);
    }
    free(s->bars);
    bk_map_mtext_release(&s->title);
    bk_map_mtext_release(&s->credit);
    bk_map_mtext_release(&s->note);
    free(s->name);
    free(s->path);
    free(s->root);
    free(s->name_type);
    free(s->modern_type);
    bk_map_store_free(s->own_store);
    free(s);
}

/* ---- reading the definition ---------------------------------------------------------- */

/* What parsing needs: the definition's path and folder, for messages and
 * for paths relative to it. */
typedef struct reader {
    bk_ctx *ctx;
    bk_map_store *store;
    const char *path;
    char dir[4096];
    bk_map_spec *s;
} reader;

static bk_status oom_at(reader *r)
{
    return bk_diag_error(r->ctx->diag, BK_EINTERNAL, r->path, 0, 0, "out of memory");
}

/* A path of the definition, relative to its folder unless absolute. */
/* src (the attribute of e) relative to the definition's folder, within
 * the allowed folders (paths.h). */
static bk_status resolve(const reader *r, const bk_node *e, char *out, size_t n)
{
    const char *src = bk_node_get_attr(e, "src");
    int k = src[0] == '/' ? snprintf(out, n, "%s", src) : snprintf(out, n, "%s/%s", r->dir, src);
    if (k < 0 || (size_t)k >= n)
        out[0] = 0; /* too long: reported as a missing file */
    return bk_path_check(r->ctx, r->path, e->line, 0, src, out);
}

static double num(const bk_node *n, const char *attr, double dflt)
{
    const char *v = bk_node_get_attr(n, attr);
    return v ? strtod(v, NULL) : dflt;
}

static int corner_of(const bk_node *n)
{
    static const char *const names[] = {"lower-left", "lower-right", "upper-left",
                                        "upper-right"};
    const char *v = bk_node_get_attr(n, "corner");
    for (int i = 0; v && i < 4; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    return CORNER_UR;
}

static int index_of(const char *v, const char *const *names, int n, int dflt)
{
    for (int i = 0; v && i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    return dflt;
}

static bk_status read_layer(reader *r, const bk_node *e, view_data *v)
{
    static const char *const roles[LY_COUNT] = {"land", "lakes", "coast",
                                                "rivers", "paths", "shaded"};
    char path[4096];
    int role = index_of(bk_node_get_attr(e, "role"), roles, LY_COUNT, LY_LAND);
    if (v->layers[role])
        return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, e->line, 0,
                             "a view has one %s layer", roles[role]);
    bk_status st = resolve(r, e, path, sizeof path);
    if (st)
        return st;
    int poly = role == LY_LAND || role == LY_LAKES || role == LY_CEDED;
    st = bk_map_store_layer(r->ctx, r->store, path, poly ? BK_GEO_POLYGONS : 0,
                            &v->layers[role]);
    if (!st && role == LY_CEDED && bk_map_mtext_read(e, "legend", &v->shaded))
        st = oom_at(r);
    return st;
}

/* "lon,lat lon,lat ...": a closed ring (the last point repeats the first). */
static bk_status read_built(reader *r, const bk_node *e, view_data *v)
{
    polygon *nb = realloc(v->built, (v->nbuilt + 1) * sizeof(*nb));
    if (!nb)
        return oom_at(r);
    v->built = nb;
    polygon *p = &v->built[v->nbuilt++];
    memset(p, 0, sizeof(*p));
    const char *s = bk_node_get_attr(e, "points");
    for (int k; s && *s; s += k) {
        double lon, lat;
        k = 0;
        if (sscanf(s, " %lf , %lf %n", &lon, &lat, &k) != 2 || !k)
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, e->line, 0,
                                 "built-up points are \"lon,lat lon,lat ...\"");
        double (*np)[2] = realloc(p->pt, (p->n + 1) * sizeof(*np));
        if (!np)
            return oom_at(r);
        p->pt = np;
        p->pt[p->n][0] = lon;
        p->pt[p->n][1] = lat;
        p->n++;
    }
    if (p->n < 4 || p->pt[0][0] != p->pt[p->n - 1][0] || p->pt[0][1] != p->pt[p->n - 1][1])
        return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, e->line, 0,
                             "a built-up area is a closed ring of 3 points or more (the "
                             "last repeats the first)");
    return bk_map_mtext_read(e, "legend", &p->legend) ? oom_at(r) : BK_OK;
}

static bk_status read_events(reader *r, const bk_node *e, place_def *d)
{
    for (bk_node *x = bk_node_child(e, "event"); x; x = bk_node_next_element(x, "event")) {
        if (d->nev == MAX_EVENTS)
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, x->line, 0,
                                 "a place shows %d events at most", MAX_EVENTS);
        event_ref *v = &d->ev[d->nev++];
        const char *to = bk_node_get_attr(x, "to"), *id = bk_node_get_attr(x, "ref");
        v->what = bk_strdup(bk_node_get_attr(x, "what"));
        v->from = bk_strdup(bk_node_get_attr(x, "from"));
        v->to = to ? bk_strdup(to) : NULL;
        v->id = id ? bk_strdup(id) : NULL;
        if (!v->what || !v->from || (to && !v->to) || (id && !v->id))
            return oom_at(r);
    }
    return BK_OK;
}

static bk_status read_place_def(reader *r, const bk_node *e, place_def *d)
{
    static const char *const labs[] = {"point", "area", "water"};
    const char *id = bk_node_get_attr(e, "id"), *path = bk_node_get_attr(e, "path");
    if (!(d->p = bk_map_place_find(r->s, id))) {
        long line = e->line, col = bk_srcpos_attr_col(r->path, &line, "id");
        const char *near = bk_map_place_nearest(r->s, id);
        return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, line, col,
                             "place \"%s\" is not in the gazetteer%s%s%s", id,
                             near ? "; did you mean \"" : "", near ? near : "",
                             near ? "\"?" : "");
    }
    d->sym = index_of(bk_node_get_attr(e, "symbol"), bk_map_sym_names, SYM_COUNT, SYM_NONE);
    d->lab = index_of(bk_node_get_attr(e, "label"), labs, 3, LAB_POINT);
    d->prio = (int)num(e, "priority", 50);
    d->own_at = bk_node_get_attr(e, "lat") != NULL;
    d->lat = num(e, "lat", 0);
    d->lon = num(e, "lon", 0);
    d->measure = num(e, "measure", 60);
    d->style = bk_strdup(bk_node_get_attr(e, "style"));
    d->path = path ? bk_strdup(path) : NULL;
    if (!d->style || (path && !d->path))
        return oom_at(r);
    if (d->lab == LAB_WATER && !path)
        return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, e->line, 0,
                             "a water label names the path it is set along (path=)");
    return read_events(r, e, d);
}

static int in_box(const double box[4], double lon, double lat)
{
    return lon >= box[0] && lon <= box[1] && lat >= box[2] && lat <= box[3];
}

/* A place of the view far outside its extent (more than the extent's own
 * width or height away) whose coordinates, swapped, would lie inside it:
 * the gazetteer's <geo> was written "lon lat" (it is "lat lon"); the map
 * would only find no room for its label. A place just outside is left to
 * that fault: where the ranges of longitude and latitude overlap, a
 * correct place near the edge can look swapped. */
static bk_status place_swapped(reader *r, const bk_node *e, const view_data *v,
                               const place_def *d)
{
    const place *p = d->p;
    double w = v->box[1] - v->box[0], h = v->box[3] - v->box[2];
    const double far[4] = {v->box[0] - w, v->box[1] + w, v->box[2] - h, v->box[3] + h};
    if (in_box(far, p->lon, p->lat) || !in_box(v->box, p->lat, p->lon))
        return BK_OK;
    long line = e->line, col = bk_srcpos_attr_col(r->path, &line, "id");
    return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, line, col,
                         "place \"%s\" is at latitude %g, longitude %g in the gazetteer, far "
                         "outside this view (%g to %g east, %g to %g north); swapped they "
                         "would be inside it: a <geo> is \"latitude longitude\"",
                         p->id, p->lat, p->lon, v->box[0], v->box[1], v->box[2], v->box[3]);
}

/* A view's layers, built-up areas and places. */
static bk_status read_view(reader *r, const bk_node *n, view_data *v)
{
    bk_status st = BK_OK;
    const char *ext = bk_node_get_attr(n, "extent");
    if (!ext || sscanf(ext, "%lf %lf %lf %lf", &v->box[0], &v->box[1], &v->box[2],
                       &v->box[3]) != 4 || v->box[0] >= v->box[1] || v->box[2] >= v->box[3])
        return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, n->line, 0,
                             "extent is \"west east south north\", in degrees");
    size_t np = 0;
    for (bk_node *e = bk_node_child(n, "place"); e; e = bk_node_next_element(e, "place"))
        np++;
    if (!(v->places = calloc(np ? np : 1, sizeof(*v->places))))
        return oom_at(r);
    for (const bk_node *e = n->first; e && !st; e = e->next) {
        if (!e->name)
            continue;
        if (strcmp(e->name, "layer") == 0)
            st = read_layer(r, e, v);
        else if (strcmp(e->name, "built-up") == 0)
            st = read_built(r, e, v);
        else if (strcmp(e->name, "place") == 0 &&
                 !(st = read_place_def(r, e, &v->places[v->nplaces++])))
            st = place_swapped(r, e, v, &v->places[v->nplaces - 1]);
    }
    return st;
}

static bk_status read_insets(reader *r, const bk_node *root)
{
    bk_map_spec *s = r->s;
    for (bk_node *e = bk_node_child(root, "inset"); e; e = bk_node_next_element(e, "inset")) {
        if (s->ninsets == MAX_INSETS)
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, e->line, 0,
                                 "a map has %d insets at most", MAX_INSETS);
        view_data *v = &s->insets[s->ninsets++];
        v->corner = corner_of(e);
        v->wfrac = num(e, "width", 0.3);
        if (bk_map_mtext_read(e, "title", &v->title))
            return oom_at(r);
        bk_status st = read_view(r, e, v);
        if (st)
            return st;
    }
    return BK_OK;
}

static bk_status read_route(reader *r, const bk_node *root)
{
    bk_map_spec *s = r->s;
    const bk_node *n = bk_node_child(root, "route");
    size_t k = 0;
    for (bk_node *e = n ? bk_node_child(n, "stop") : NULL; e; e = bk_node_next_element(e, "stop"))
        k++;
    if (!n)
        return BK_OK;
    if (!(s->route = calloc(k ? k : 1, sizeof(*s->route))) ||
        bk_map_mtext_read(n, "legend", &s->route_legend))
        return oom_at(r);
    for (bk_node *e = bk_node_child(n, "stop"); e; e = bk_node_next_element(e, "stop")) {
        route_pt *p = &s->route[s->nroute++];
        const char *id = bk_node_get_attr(e, "place"), *f = bk_node_get_attr(e, "follow");
        p->follow = f && strcmp(f, "yes") == 0;
        p->lon = num(e, "lon", 0);
        p->lat = num(e, "lat", 0);
        if (id && !(p->place = bk_map_place_find(s, id))) {
            long line = e->line, col = bk_srcpos_attr_col(r->path, &line, "place");
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->path, line, col,
                                 "route stop \"%s\" is not in the gazetteer", id);
        }
    }
    return BK_OK;
}

static bk_status read_bars(reader *r, const bk_node *root)
{
    bk_map_spec *s = r->s;
    for (bk_node *e = bk_node_child(root, "scale-bar"); e;
         e = bk_node_next_element(e, "scale-bar")) {
        scale_def *nb = realloc(s->bars, (s->nbars + 1) * sizeof(*nb));
        if (!nb)
            return oom_at(r);
        s->bars = nb;
        scale_def *b = &s->bars[s->nbars++];
        const char *langs = bk_node_get_attr(e, "lang");
        b->unit = bk_strdup(bk_node_get_attr(e, "unit"));
        b->langs = langs ? bk_strdup(langs) : NULL;
        b->km = num(e, "km", 1);
        if (!b->unit || (langs && !b->langs))
            return oom_at(r);
    }
    return BK_OK;
}

/* The map's own settings: projection, graticule, corners, texts. */
static bk_status read_settings(reader *r, const bk_node *root)
{
    bk_map_spec *s = r->s;
    const bk_node *pr = bk_node_child(root, "projection");
    const char *type = bk_node_get_attr(pr, "type");
    s->proj = type && strcmp(type, "lcc") == 0 ? BK_PROJ_LCC : BK_PROJ_MERCATOR;
    s->lon0 = num(pr, "lon0", 0);
    s->lat0 = num(pr, "lat0", 0);
    s->lat1 = s->proj == BK_PROJ_LCC ? num(pr, "lat1", 0) : num(pr, "lat-true", 0);
    s->lat2 = num(pr, "lat2", 0);
    s->grat = num(bk_node_child(root, "graticule"), "step", 1);
    /* labels' halos: on unless the definition says otherwise */
    s->halo = num(bk_node_child(root, "labels"), "halo", 0.6);
    const bk_node *na = bk_node_child(root, "north-arrow");
    s->north_arrow = na != NULL;
    s->north_corner = na ? corner_of(na) : CORNER_UL;
    s->legend_corner = corner_of(bk_node_child(root, "legend-box"));
    const bk_node *gz = bk_node_child(root, "gazetteer");
    const char *nt = bk_node_get_attr(gz, "name-type"), *mt = bk_node_get_attr(gz, "modern-type");
    s->name = bk_strdup(bk_node_get_attr(root, "name"));
    s->name_type = nt ? bk_strdup(nt) : NULL;
    s->modern_type = mt ? bk_strdup(mt) : NULL;
    if (!s->name || (nt && !s->name_type) || (mt && !s->modern_type) ||
        bk_map_mtext_read(root, "title", &s->title) ||
        bk_map_mtext_read(root, "credit", &s->credit) ||
        bk_map_mtext_read(root, "note", &s->note))
        return oom_at(r);
    for (bk_node *e = bk_node_child(root, "symbol-legend"); e;
         e = bk_node_next_element(e, "symbol-legend")) {
        int k = index_of(bk_node_get_attr(e, "symbol"), bk_map_sym_names, SYM_COUNT, SYM_NONE);
        if (bk_map_mtext_add(e, &s->sym_legend[k]))
            return oom_at(r);
    }
    return read_bars(r, root);
}

/* The gazetteer and events files the definition names. */
static bk_status read_data(reader *r, const bk_node *root)
{
    char path[4096];
    const bk_node *ev = bk_node_child(root, "events");
    if (ev) {
        bk_status st = resolve(r, ev, path, sizeof path);
        if (st)
            return st;
        st = bk_map_store_events(r->ctx, r->store, path, &r->s->ev, &r->s->nev);
        if (st)
            return st;
    }
    bk_status st = resolve(r, bk_node_child(root, "gazetteer"), path, sizeof path);
    if (st)
        return st;
    return bk_map_store_places(r->ctx, r->store, path, &r->s->places, &r->s->nplaces);
}

bk_status bk_map_spec_load(bk_ctx *ctx, const char *path, const char *root,
                           bk_map_spec **out)
{
    *out = NULL;
    bk_map_store *store = bk_map_store_new();
    if (!store)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
    bk_status st = bk_map_spec_load_with(ctx, store, path, root, out);
    if (st)
        bk_map_store_free(store);
    else
        (*out)->own_store = store;
    return st;
}

bk_status bk_map_spec_load_with(bk_ctx *ctx, bk_map_store *store, const char *path,
                                const char *root, bk_map_spec **out)
{
    bk_node *doc = NULL;
    reader r = {.ctx = ctx, .store = store, .path = path};
    *out = NULL;
    root = root ? root : ".";
    bk_status st = bk_xml_read_schema(ctx, "map", path, &doc);
    if (st)
        return st;
    if (!(r.s = calloc(1, sizeof(*r.s))) ||
        !(r.s->insets = calloc(MAX_INSETS, sizeof(*r.s->insets)))) {
        st = oom_at(&r);
        goto done;
    }
    snprintf(r.dir, sizeof r.dir, "%s", path);
    char *slash = strrchr(r.dir, '/');
    if (slash)
        slash[slash == r.dir] = 0; /* "/m.xml": the folder is "/" */
    else
        snprintf(r.dir, sizeof r.dir, ".");
    r.s->path = bk_strdup(path);
    r.s->root = bk_strdup(root);
    if (!r.s->path || !r.s->root) {
        st = oom_at(&r);
        goto done;
    }
    if ((st = read_settings(&r, doc)) || (st = read_data(&r, doc)) ||
        (st = read_view(&r, bk_node_child(doc, "view"), &r.s->main)) ||
        (st = read_insets(&r, doc)) || (st = read_route(&r, doc)))
        goto done;
    *out = r.s;
    r.s = NULL;
done:
    bk_map_spec_free(r.s);
    bk_node_free(doc);
    return st;
}
