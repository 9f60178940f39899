/* map-data.c — the data a map definition names besides its layers: the
 * gazetteer (TEI listPlace: ids, coordinates, names per language), the
 * events file (dates by event id), and texts per language, with the
 * lookups drawing needs (a place's name in a language, a text for a
 * language, an event's dates). */
#include "map-int.h"
#include "suggest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "node.h"
#include "xml.h"

const char *const bk_map_sym_names[SYM_COUNT] = {"none", "city", "capital", "town", "fort",
                                                 "gate", "palace", "bridge", "port"};

/* ---- texts per language ------------------------------------------------------------ */

void bk_map_mtext_release(mtext *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->lang[i]);
        free(t->text[i]);
    }
    free(t->lang);
    free(t->text);
    memset(t, 0, sizeof(*t));
}

/* Appends element e's text with its xml:lang (en when it has none). */
int bk_map_mtext_add(const bk_node *e, mtext *t)
{
    char **nl = realloc(t->lang, (t->n + 1) * sizeof(*nl));
    if (!nl)
        return -1;
    t->lang = nl;
    char **nt = realloc(t->text, (t->n + 1) * sizeof(*nt));
    if (!nt)
        return -1;
    t->text = nt;
    const char *l = bk_node_get_attr(e, "xml:lang");
    t->lang[t->n] = bk_strdup(l ? l : "en");
    t->text[t->n] = bk_node_text_content(e);
    t->n++;
    return t->lang[t->n - 1] && t->text[t->n - 1] ? 0 : -1;
}

/* Collects the children of n named `name`, each with its xml:lang. */
int bk_map_mtext_read(const bk_node *n, const char *name, mtext *t)
{
    for (bk_node *e = bk_node_child(n, name); e; e = bk_node_next_element(e, name))
        if (bk_map_mtext_add(e, t))
            return -1;
    return 0;
}

/* 1 if `tag` and `lang` share their primary subtag (zh-Hans, zh). */
static int same_primary(const char *tag, const char *lang)
{
    size_t a = strcspn(tag, "-"), b = strcspn(lang, "-");
    return a == b && strncmp(tag, lang, a) == 0;
}

const char *bk_map_text_own(const mtext *t, const char *lang)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->lang[i], lang) == 0)
            return t->text[i];
    for (size_t i = 0; i < t->n; i++)
        if (same_primary(t->lang[i], lang))
            return t->text[i];
    return NULL;
}

const char *bk_map_text_get(const mtext *t, const char *lang)
{
    const char *own = bk_map_text_own(t, lang);
    if (own)
        return own;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->lang[i], "en") == 0)
            return t->text[i];
    return t->n ? t->text[0] : NULL;
}

int bk_map_bar_shown(const scale_def *b, const char *lang)
{
    if (!b->langs)
        return 1;
    for (const char *s = b->langs; *s;) {
        size_t k = strcspn(s, " \t\n");
        char tok[64];
        snprintf(tok, sizeof tok, "%.*s", (int)k, s);
        if (k && (strcmp(tok, lang) == 0 || (!strchr(tok, '-') && same_primary(tok, lang))))
            return 1;
        s += k;
        s += strspn(s, " \t\n");
    }
    return 0;
}

/* ---- the gazetteer ------------------------------------------------------------------- */

void bk_map_place_release(place *p)
{
    free(p->id);
    free(p->type);
    for (size_t i = 0; i < p->nnames; i++) {
        free(p->names[i].lang);
        free(p->names[i].type);
        free(p->names[i].text);
    }
    free(p->names);
}

/* The first name in `lang` that is not a variant, of `type` when given. */
static const char *name_in(const place *p, const char *lang, const char *type)
{
    for (size_t i = 0; i < p->nnames; i++) {
        const gname *g = &p->names[i];
        if (strcmp(g->lang, lang) == 0 && (!type || (g->type && strcmp(g->type, type) == 0)))
            return g->text;
    }
    return NULL;
}

const char *bk_map_place_name(const bk_map_spec *s, const place *p, const char *lang)
{
    const char *n = s->name_type ? name_in(p, lang, s->name_type) : NULL;
    if (!n)
        n = name_in(p, lang, NULL);
    if (!n && s->name_type)
        n = name_in(p, "en", s->name_type);
    if (!n)
        n = name_in(p, "en", NULL);
    return n ? n : p->names[0].text;
}

const char *bk_map_place_modern(const bk_map_spec *s, const place *p, const char *lang)
{
    return s->modern_type ? name_in(p, lang, s->modern_type) : NULL;
}

/* Reads the place's names (placeName with xml:lang; subtype="variant"
 * skipped). */
static int read_names(const bk_node *pl, place *q)
{
    for (bk_node *n = bk_node_child(pl, "placeName"); n;
         n = bk_node_next_element(n, "placeName")) {
        const char *l = bk_node_get_attr(n, "xml:lang"), *t = bk_node_get_attr(n, "type"),
                   *st = bk_node_get_attr(n, "subtype");
        if (!l || (st && strcmp(st, "variant") == 0))
            continue;
        gname *ng = realloc(q->names, (q->nnames + 1) * sizeof(*ng));
        if (!ng)
            return -1;
        q->names = ng;
        gname *g = &q->names[q->nnames++];
        g->lang = bk_strdup(l);
        g->type = t ? bk_strdup(t) : NULL;
        g->text = bk_node_text_content(n);
        if (!g->lang || (t && !g->type) || !g->text)
            return -1;
    }
    return 0;
}

static bk_status read_place(bk_ctx *ctx, const char *path, const bk_node *p, place *q)
{
    const char *id = bk_node_get_attr(p, "xml:id"), *type = bk_node_get_attr(p, "type");
    bk_node *geo = bk_node_find(p, "geo");
    char *g = geo ? bk_node_text_content(geo) : NULL;
    int ok = g && sscanf(g, "%lf %lf", &q->lat, &q->lon) == 2 && fabs(q->lat) <= 90 &&
             fabs(q->lon) <= 180;
    free(g);
    if (!id || !ok)
        return bk_diag_error(ctx->diag, BK_EINPUT, path, p->line, 0,
                             "place needs an xml:id and location/geo \"lat lon\"");
    q->id = bk_strdup(id);
    q->type = bk_strdup(type ? type : "");
    if (!q->id || !q->type || read_names(p, q))
        return bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
    if (!q->nnames)
        return bk_diag_error(ctx->diag, BK_EINPUT, path, p->line, 0,
                             "place %s needs a placeName with xml:lang", id);
    return BK_OK;
}

bk_status bk_map_places_read(bk_ctx *ctx, bk_validator *v, const char *path, place **out,
                             size_t *nout)
{
    const bk_node *root = NULL;
    bk_node *own = NULL;
    *out = NULL;
    *nout = 0;
    bk_status st = bk_xml_read_valid_shared(ctx, v, path, &root, &own);
    if (st)
        return st;
    bk_node *list = bk_node_find(root, "listPlace");
    size_t n = 0;
    for (bk_node *p = list ? bk_node_child(list, "place") : NULL; p;
         p = bk_node_next_element(p, "place"))
        n++;
    place *pl = calloc(n ? n : 1, sizeof(*pl));
    if (!pl) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    *out = pl;
    for (bk_node *p = list ? bk_node_child(list, "place") : NULL; p && !st;
         p = bk_node_next_element(p, "place"))
        st = read_place(ctx, path, p, &pl[(*nout)++]);
done:
    bk_node_free(own);
    return st;
}

const place *bk_map_place_find(const bk_map_spec *s, const char *id)
{
    for (size_t i = 0; i < s->nplaces; i++)
        if (strcmp(s->places[i].id, id) == 0)
            return &s->places[i];
    return NULL;
}

const char *bk_map_place_nearest(const bk_map_spec *s, const char *id)
{
    const char **ids = malloc((s->nplaces ? s->nplaces : 1) * sizeof(*ids));
    if (!ids)
        return NULL; /* out of memory costs only the hint */
    for (size_t i = 0; i < s->nplaces; i++)
        ids[i] = s->places[i].id;
    const char *near = bk_nearest_word(id, ids, s->nplaces);
    free(ids);
    return near;
}

/* ---- the events file -------------------------------------------------------------------- */

/* The dates read so far. */
typedef struct evlist {
    ev_date *ev;
    size_t n, cap;
} evlist;

static int add_event(evlist *s, const char *id, const char *from, const char *to)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 64;
        ev_date *ne = realloc(s->ev, nc * sizeof(*ne));
        if (!ne)
            return -1;
        s->ev = ne;
        s->cap = nc;
    }
    ev_date *d = &s->ev[s->n++];
    d->id = bk_strdup(id);
    d->from = bk_strdup(from);
    d->to = to ? bk_strdup(to) : NULL;
    return !d->id || !d->from || (to && !d->to) ? -1 : 0;
}

/* Collects the dates of every event under n, in document order (events
 * nest in listEvent and in one another). */
static int collect_events(const bk_node *n, evlist *s)
{
    for (const bk_node *e = n->first; e; e = e->next) {
        if (!e->name)
            continue;
        const char *id = bk_node_get_attr(e, "xml:id");
        const char *from = bk_node_get_attr(e, "when"), *to = NULL;
        if (!from) {
            from = bk_node_get_attr(e, "from");
            to = bk_node_get_attr(e, "to");
        }
        if (!from) {
            from = bk_node_get_attr(e, "notBefore");
            to = bk_node_get_attr(e, "notAfter");
        }
        if (strcmp(e->name, "event") == 0 && id && from && add_event(s, id, from, to))
            return -1;
        if (collect_events(e, s))
            return -1;
    }
    return 0;
}

/* Reads the dates of the events file (absent: none, the definition's own
 * dates stand). */
bk_status bk_map_events_read(bk_ctx *ctx, bk_validator *v, const char *path, ev_date **out,
                             size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!bk_file_exists(path) && access(path, F_OK) != 0)
        return BK_OK; /* absent; anything else there the opener refuses */
    const bk_node *root = NULL;
    bk_node *own = NULL;
    /* shared with the timeline, which read the same file */
    bk_status st = bk_xml_read_valid_shared(ctx, v, path, &root, &own);
    if (st)
        return st;
    evlist l = {0};
    if (collect_events(root, &l))
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
    /* what was read is the caller's, to release, even on failure */
    *out = l.ev;
    *n = l.n;
    bk_node_free(own);
    return st;
}

const ev_date *bk_map_find_event(const bk_map_spec *s, const char *id)
{
    for (size_t i = 0; id && i < s->nev; i++)
        if (strcmp(s->ev[i].id, id) == 0)
            return &s->ev[i];
    return NULL;
}

