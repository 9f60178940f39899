/* map-store.c — what the map definitions of one run share (map.h): the
 * data files a definition names (the gazetteer, the events file, a GMT
 * layer), each read and checked once however
 * many maps or views name it. Compiling the TEI schema and validating the
 * events file cost more than drawing a map; a handout's two maps name the
 * same gazetteer and events, and an inset often the main view's layers.
 *
 * Files are known by the path as joined (the definition's folder and its
 * src=): two maps in one folder naming one file share it. A file that
 * fails is not kept: the error stops the load that read it. */
#include "map-int.h"

#include <stdlib.h>
#include <string.h>


enum { SE_PLACES, SE_EVENTS, SE_LAYER };

typedef struct store_entry {
    int kind;   /* SE_* */
    int flags;  /* layers: BK_GEO_* the file was read with */
    char *path;
    place *places;
    ev_date *ev;
    size_t n;   /* places or events */
    bk_geo_layer *layer;
} store_entry;

struct bk_map_store {
    store_entry *e;
    size_t n, cap;
};

bk_map_store *bk_map_store_new(void)
{
    return calloc(1, sizeof(bk_map_store));
}

static void entry_release(store_entry *e)
{
    for (size_t i = 0; e->places && i < e->n; i++)
        bk_map_place_release(&e->places[i]);
    free(e->places);
    for (size_t i = 0; e->ev && i < e->n; i++) {
        free(e->ev[i].id);
        free(e->ev[i].from);
        free(e->ev[i].to);
    }
    free(e->ev);
    bk_geo_layer_free(e->layer);
    free(e->path);
}

void bk_map_store_free(bk_map_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++)
        entry_release(&st->e[i]);
    free(st->e);
    free(st);
}

static const store_entry *entry_find(const bk_map_store *st, int kind, const char *path,
                                     int flags)
{
    for (size_t i = 0; i < st->n; i++)
        if (st->e[i].kind == kind && st->e[i].flags == flags &&
            strcmp(st->e[i].path, path) == 0)
            return &st->e[i];
    return NULL;
}

/* Keeps *e (taking what it holds); on failure releases it. */
static const store_entry *entry_keep(bk_map_store *st, store_entry *e, const char *path)
{
    e->path = bk_strdup(path);
    if (e->path && st->n == st->cap) {
        size_t cap = st->cap ? 2 * st->cap : 8;
        store_entry *ne = realloc(st->e, cap * sizeof(*ne));
        if (ne) {
            st->e = ne;
            st->cap = cap;
        }
    }
    if (!e->path || st->n == st->cap) {
        entry_release(e);
        return NULL;
    }
    st->e[st->n] = *e;
    return &st->e[st->n++];
}

static bk_status oom(bk_ctx *ctx, const char *path)
{
    return bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
}

/* The gazetteer or events file (kind) at path, read once: a NULL
 * validator is the TEI schema, compiled once per run by the context. */
static bk_status tei_entry(bk_ctx *ctx, bk_map_store *st, int kind, const char *path,
                           const store_entry **out)
{
    const store_entry *e = entry_find(st, kind, path, 0);
    if (!e) {
        store_entry ne = {.kind = kind};
        bk_status s = kind == SE_PLACES
                          ? bk_map_places_read(ctx, NULL, path, &ne.places, &ne.n)
                          : bk_map_events_read(ctx, NULL, path, &ne.ev, &ne.n);
        if (s) {
            entry_release(&ne);
            return s;
        }
        if (!(e = entry_keep(st, &ne, path)))
            return oom(ctx, path);
    }
    *out = e;
    return BK_OK;
}

bk_status bk_map_store_places(bk_ctx *ctx, bk_map_store *st, const char *path,
                              const place **out, size_t *n)
{
    const store_entry *e = NULL;
    bk_status s = tei_entry(ctx, st, SE_PLACES, path, &e);
    *out = s ? NULL : e->places;
    *n = s ? 0 : e->n;
    return s;
}

bk_status bk_map_store_events(bk_ctx *ctx, bk_map_store *st, const char *path,
                              const ev_date **out, size_t *n)
{
    const store_entry *e = NULL;
    bk_status s = tei_entry(ctx, st, SE_EVENTS, path, &e);
    *out = s ? NULL : e->ev;
    *n = s ? 0 : e->n;
    return s;
}

bk_status bk_map_store_layer(bk_ctx *ctx, bk_map_store *st, const char *path, int flags,
                             const bk_geo_layer **out)
{
    const store_entry *e = entry_find(st, SE_LAYER, path, flags);
    if (!e) {
        store_entry ne = {.kind = SE_LAYER, .flags = flags};
        bk_status s = bk_geo_read(ctx, path, flags, &ne.layer);
        if (s)
            return s;
        if (!(e = entry_keep(st, &ne, path)))
            return oom(ctx, path);
    }
    *out = e->layer;
    return BK_OK;
}
