/* rngfacet.c — where a RELAX NG grammar's pattern facets apply (see
 * rngfacet.h). Every <attribute> pattern's value and every <element>
 * pattern's content is walked through <ref> (not into other attributes or
 * elements); a <data> reached is recorded with the place its value comes
 * from, or marked unsure when the walk reached it some way the module
 * does not follow. A grammar without patterns is not walked at all. */
#include "rngfacet.h"

#include <stdlib.h>
#include <string.h>


#define XSD_LIBRARY "http://www.w3.org/2001/XMLSchema-datatypes"

/* Deeper <ref> chains than this (a grammar's own are a few levels) make
 * the grammar one this module does not follow. */
#define WALK_DEPTH 64

/* How a value reached by the walk is taken: an element's text, an
 * attribute's value, or some way that is not followed. */
typedef enum { AT_TEXT, AT_TEXT_UNSURE, AT_ATTR, AT_UNSURE } walk_mode;

typedef struct define_ix {
    const char *name;
    const bk_node *d;
} define_ix;

typedef struct planner {
    const bk_node **data; /* the <data> elements by rank */
    size_t ndata;
    unsigned char *unsure;
    define_ix *defs;
    size_t ndefs;
    unsigned char *clean; /* per define: the modes (bits) it was walked in
                             without reaching a <data> */
    size_t hits;          /* <data> elements reached so far */
    bk_rngfacet_plan *plan;
    size_t patterns;      /* <param name="pattern"> elements */
    int give_up;          /* a construct not followed: take nothing out */
    int oom;
} planner;

static int is(const bk_node *n, const char *name)
{
    return n && n->name && strcmp(n->name, name) == 0;
}

/* A name without its prefix. */
static const char *local(const char *qname)
{
    const char *colon = strchr(qname, ':');
    return colon ? colon + 1 : qname;
}

/* The simple name of an <element> or <attribute> pattern, or NULL
 * (anyName, nsName, a choice of names). */
static const char *simple_name(const bk_node *p)
{
    const char *name = bk_node_get_attr(p, "name");
    if (name)
        return local(name);
    const bk_node *c = bk_node_child(p, "name");
    return c && c->first && !c->first->name && !c->first->next ? local(c->first->text) : NULL;
}

/* The kinds of grammar element the walk tells apart. */
typedef enum {
    K_OTHER, K_SKIP, K_ELEMENT, K_ATTRIBUTE, K_DATA, K_REF, K_CHOICE, K_DEFINE, K_MIXED,
    K_UNSURE, K_PARAM, K_NOT_FOLLOWED
} kind;

/* One of the names of a first letter, with its kind. */
typedef struct named_kind {
    const char *name;
    kind k;
} named_kind;

static kind kind_of(const bk_node *c)
{
    static const named_kind a[] = {{"attribute", K_ATTRIBUTE}, {"anyName", K_SKIP}, {NULL, K_OTHER}},
                            ch[] = {{"choice", K_CHOICE}, {NULL, K_OTHER}},
                            d[] = {{"data", K_DATA}, {"define", K_DEFINE}, {"documentation", K_SKIP},
                                   {NULL, K_OTHER}},
                            e[] = {{"element", K_ELEMENT}, {"except", K_UNSURE},
                                   {"externalRef", K_NOT_FOLLOWED}, {NULL, K_OTHER}},
                            g[] = {{"grammar", K_NOT_FOLLOWED}, {NULL, K_OTHER}},
                            i[] = {{"interleave", K_MIXED}, {"include", K_NOT_FOLLOWED}, {NULL, K_OTHER}},
                            l[] = {{"list", K_UNSURE}, {NULL, K_OTHER}},
                            m[] = {{"mixed", K_MIXED}, {NULL, K_OTHER}},
                            n[] = {{"name", K_SKIP}, {"nsName", K_SKIP}, {NULL, K_OTHER}},
                            p[] = {{"param", K_PARAM}, {"parentRef", K_NOT_FOLLOWED}, {NULL, K_OTHER}},
                            r[] = {{"ref", K_REF}, {NULL, K_OTHER}},
                            v[] = {{"value", K_SKIP}, {NULL, K_OTHER}};
    const named_kind *by_letter = NULL;
    switch (c->name[0]) {
    case 'a': by_letter = a; break;
    case 'c': by_letter = ch; break;
    case 'd': by_letter = d; break;
    case 'e': by_letter = e; break;
    case 'g': by_letter = g; break;
    case 'i': by_letter = i; break;
    case 'l': by_letter = l; break;
    case 'm': by_letter = m; break;
    case 'n': by_letter = n; break;
    case 'p': by_letter = p; break;
    case 'r': by_letter = r; break;
    case 'v': by_letter = v; break;
    default: return K_OTHER; /* group, optional, zeroOrMore, oneOrMore, text... */
    }
    for (; by_letter->name; by_letter++)
        if (strcmp(c->name, by_letter->name) == 0)
            break;
    return by_letter->k;
}

/* ---- the grammar's <data> and <define> elements ------------------------- */

static int define_cmp(const void *a, const void *b)
{
    return strcmp(((const define_ix *)a)->name, ((const define_ix *)b)->name);
}

/* Collects the <data> elements in document order and the <define>s; a
 * construct not followed sets give_up. */
static int collect(planner *p, const bk_node *n, size_t *cap_data, size_t *cap_defs)
{
    for (const bk_node *c = n->first; c; c = c->next) {
        if (!c->name)
            continue;
        kind k = kind_of(c);
        if (k == K_NOT_FOLLOWED || (k == K_DEFINE && bk_node_get_attr(c, "combine")))
            p->give_up = 1;
        if (k == K_PARAM && bk_node_get_attr(c, "name") &&
            strcmp(bk_node_get_attr(c, "name"), "pattern") == 0)
            p->patterns++;
        if (k == K_DATA) {
            const char *t = bk_node_get_attr(c, "type");
            if (t && (strncmp(t, "ID", 2) == 0 || strncmp(t, "ENTIT", 5) == 0))
                p->give_up = 1; /* validating twice would declare ids twice */
            if (p->ndata == *cap_data) {
                size_t nc = *cap_data ? 2 * *cap_data : 16;
                const bk_node **nd = realloc(p->data, nc * sizeof(*nd));
                if (!nd)
                    return -1;
                p->data = nd, *cap_data = nc;
            }
            p->data[p->ndata++] = c;
        }
        if (k == K_DEFINE && bk_node_get_attr(c, "name")) {
            if (p->ndefs == *cap_defs) {
                size_t nc = *cap_defs ? 2 * *cap_defs : 64;
                define_ix *nd = realloc(p->defs, nc * sizeof(*nd));
                if (!nd)
                    return -1;
                p->defs = nd, *cap_defs = nc;
            }
            p->defs[p->ndefs++] = (define_ix){bk_node_get_attr(c, "name"), c};
        }
        if (collect(p, c, cap_data, cap_defs) < 0)
            return -1;
    }
    return 0;
}

/* The index of the <define> called name, or ndefs. */
static size_t define_find(const planner *p, const char *name)
{
    define_ix key = {name, NULL};
    const define_ix *d = p->ndefs ? bsearch(&key, p->defs, p->ndefs, sizeof(*p->defs), define_cmp)
                                  : NULL;
    return d ? (size_t)(d - p->defs) : p->ndefs;
}

static size_t data_rank(const planner *p, const bk_node *d)
{
    for (size_t i = 0; i < p->ndata; i++)
        if (p->data[i] == d)
            return i;
    return p->ndata;
}

/* 1 when d has a pattern, an XSD string datatype and the XSD library. */
static int data_eligible(const bk_node *d)
{
    static const char *const types[] = {"string", "normalizedString", "token", "anyURI",
                                        "NMTOKEN", "Name", "NCName", "language", NULL};
    const char *t = bk_node_get_attr(d, "type");
    int ok = 0;
    for (int i = 0; t && types[i] && !ok; i++)
        ok = strcmp(t, types[i]) == 0;
    const char *lib = NULL;
    for (const bk_node *a = d; a && !lib; a = a->parent)
        lib = bk_node_get_attr(a, "datatypeLibrary");
    if (!ok || !lib || strcmp(lib, XSD_LIBRARY) != 0)
        return 0;
    for (const bk_node *q = bk_node_child(d, "param"); q; q = bk_node_next_element(q, "param")) {
        const char *name = bk_node_get_attr(q, "name");
        if (name && strcmp(name, "pattern") == 0)
            return 1;
    }
    return 0;
}

/* ---- the walk ------------------------------------------------------------ */

static void use_add(planner *p, const char *element, const char *attribute, size_t rank)
{
    bk_rngfacet_plan *pl = p->plan;
    bk_rngfacet_use *nu = realloc(pl->uses, (pl->nuses + 1) * sizeof(*nu));
    if (!nu) {
        p->oom = 1;
        return;
    }
    pl->uses = nu;
    nu[pl->nuses++] = (bk_rngfacet_use){element, attribute, rank};
}

/* The mode below a construct of kind k reached in mode m: an attribute's
 * value is followed through <choice> and <ref> only, an element's text
 * not through <interleave> or <mixed> (where libxml2 may skip text). */
static walk_mode mode_below(kind k, walk_mode m)
{
    if (m == AT_UNSURE || k == K_UNSURE)
        return AT_UNSURE;
    if (m == AT_ATTR)
        return k == K_CHOICE || k == K_DEFINE || k == K_REF ? AT_ATTR : AT_UNSURE;
    return k == K_MIXED ? AT_TEXT_UNSURE : m;
}

/* Walks the content of pattern n for the values of `element`'s text or,
 * in mode AT_ATTR, of `attribute` (whatever element carries it). Other
 * elements and attributes are walked on their own. */
static void walk(planner *p, const bk_node *n, const char *element, const char *attribute,
                 walk_mode m, int depth)
{
    if (depth > WALK_DEPTH) {
        p->give_up = 1;
        return;
    }
    for (const bk_node *c = n->first; c && !p->give_up; c = c->next) {
        if (!c->name)
            continue;
        kind k = kind_of(c);
        if (k == K_SKIP || k == K_PARAM || k == K_ELEMENT || k == K_ATTRIBUTE)
            continue;
        if (k == K_DATA) {
            size_t r = data_rank(p, c);
            p->hits++;
            if (m == AT_TEXT || m == AT_ATTR)
                use_add(p, m == AT_ATTR ? NULL : element, attribute, r);
            else if (r < p->ndata)
                p->unsure[r] = 1;
            walk(p, c, element, attribute, AT_UNSURE, depth + 1); /* its <except> */
        } else if (k == K_REF) {
            /* most defines reach no <data>: walked once per mode only */
            const char *name = bk_node_get_attr(c, "name");
            size_t d = name ? define_find(p, name) : p->ndefs;
            walk_mode below = mode_below(k, m);
            if (d == p->ndefs || (p->clean[d] & (1u << below)))
                continue;
            size_t hits = p->hits;
            walk(p, p->defs[d].d, element, attribute, below, depth + 1);
            if (p->hits == hits)
                p->clean[d] |= (unsigned char)(1u << below);
        } else {
            walk(p, c, element, attribute, mode_below(k, m), depth + 1);
        }
    }
}

/* Walks the value of every <attribute> pattern and the content of every
 * <element> pattern below n. */
static void walk_patterns(planner *p, const bk_node *n)
{
    for (const bk_node *c = n->first; c && !p->give_up; c = c->next) {
        if (!c->name)
            continue;
        kind k = kind_of(c);
        if (k == K_ELEMENT) {
            const char *e = simple_name(c);
            walk(p, c, e, NULL, e ? AT_TEXT : AT_UNSURE, 0);
        } else if (k == K_ATTRIBUTE) {
            const char *a = simple_name(c);
            walk(p, c, NULL, a, a ? AT_ATTR : AT_UNSURE, 0);
        }
        walk_patterns(p, c);
    }
}

/* Keeps the uses of the <data> taken out only. */
static void uses_keep_relaxed(bk_rngfacet_plan *pl)
{
    size_t k = 0;
    for (size_t i = 0; i < pl->nuses; i++)
        if (pl->uses[i].data < pl->ndata && pl->relax[pl->uses[i].data])
            pl->uses[k++] = pl->uses[i];
    pl->nuses = k;
}

int bk_rngfacet_plan_make(const bk_node *rng, bk_rngfacet_plan *plan)
{
    planner p = {0};
    size_t cap_data = 0, cap_defs = 0;
    int rc = -1;
    memset(plan, 0, sizeof(*plan));
    p.plan = plan;
    if (collect(&p, rng, &cap_data, &cap_defs) < 0)
        goto done;
    if (p.ndefs)
        qsort(p.defs, p.ndefs, sizeof(*p.defs), define_cmp);
    for (size_t i = 1; i < p.ndefs && !p.give_up; i++)
        p.give_up = strcmp(p.defs[i - 1].name, p.defs[i].name) == 0;
    if (!(p.unsure = calloc(p.ndata + 1, 1)) || !(plan->relax = calloc(p.ndata + 1, 1)) ||
        !(p.clean = calloc(p.ndefs + 1, 1)))
        goto done;
    plan->ndata = p.ndata;
    if (is(rng, "element"))
        walk(&p, rng, simple_name(rng), NULL, simple_name(rng) ? AT_TEXT : AT_UNSURE, 0);
    if (p.patterns)
        walk_patterns(&p, rng);
    if (p.oom)
        goto done;
    for (size_t i = 0; i < p.ndata && !p.give_up; i++)
        plan->relax[i] = !p.unsure[i] && data_eligible(p.data[i]);
    uses_keep_relaxed(plan);
    rc = 0;
done:
    free(p.data);
    free(p.defs);
    free(p.unsure);
    free(p.clean);
    if (rc != 0)
        bk_rngfacet_plan_release(plan);
    return rc;
}

void bk_rngfacet_plan_release(bk_rngfacet_plan *plan)
{
    if (!plan)
        return;
    free(plan->relax);
    free(plan->uses);
    memset(plan, 0, sizeof(*plan));
}
