/* vocab.c — a schema's vocabulary and the check of a document against it
 * (see vocab.h). The vocabulary is read from the RELAX NG grammar as a
 * bk_node tree: <define>s are followed through <ref>, the attributes of
 * an element are those reachable from its content without crossing
 * another <element>, and an attribute is required when no <optional>,
 * <zeroOrMore> or <choice> lies on the way. An element named by several
 * patterns gets the union of what they allow. */
#include "vocab.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "suggest.h"

/* What an attribute's value may be: listed words, a datatype (with an
 * optional pattern), or anything. */
typedef struct attr_spec {
    char *name;
    int required;
    int any;          /* <text/> or something this pass does not read */
    int list;         /* whitespace-separated tokens, each checked */
    char **values;    /* listed words */
    size_t nvalues;
    char *type;       /* XSD datatype name, or NULL */
    char *pattern;    /* XSD pattern of the datatype, or NULL */
    char *doc;        /* the schema's words for it (the documentation of
                         the define holding the datatype), or NULL */
    regex_t *re;      /* the pattern compiled (owned by the vocabulary,
                         shared by the attributes of the same pattern):
                         NULL when there is none or it does not compile */
} attr_spec;

typedef struct elem_spec {
    char *name;
    attr_spec *attrs;
    size_t nattrs;
    int any_attr;
    char **children;
    size_t nchildren;
    char **sorted_children; /* the same names sorted, for the check */
    int any_child;
    attr_spec *text; /* a text-only element's datatype (its <data>), named
                        "text" in messages; NULL when there is none */
} elem_spec;

/* A pattern compiled once for all the attributes that have it. */
typedef struct compiled_re {
    const char *pattern; /* an attribute's pattern text */
    regex_t re;
} compiled_re;

struct bk_vocab {
    elem_spec *elems;       /* sorted by name once built */
    size_t nelems;
    compiled_re *res;
    size_t nres;
    char **roots;
    size_t nroots;
    const bk_node *grammar; /* only while building */
    const bk_node **seen;   /* <element> patterns read (while building) */
    size_t nseen;
    struct define_ix *defs; /* the grammar's <define>s by name, in document
                               order within a name (while building) */
    size_t ndefs;
};

/* A <ref> is followed once per element that reaches it: looked up by
 * name in a sorted index, not by a walk over every <define>. */
typedef struct define_ix {
    const char *name;
    const bk_node *d;
    size_t order;
} define_ix;

/* ---- small helpers ----------------------------------------------------- */

static int add_word(char ***list, size_t *n, const char *w)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], w) == 0)
            return 0;
    char **nl = realloc(*list, (*n + 1) * sizeof(*nl));
    if (!nl)
        return -1;
    *list = nl;
    if (!(nl[*n] = bk_strdup(w)))
        return -1;
    (*n)++;
    return 0;
}

static void free_words(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static int is_rng(const bk_node *n, const char *name)
{
    return n && n->name && strcmp(n->name, name) == 0;
}

/* The name of an <element> or <attribute>: its name attribute (with the
 * xml: prefix for the XML namespace), or its <name> child; NULL for
 * <anyName>/<nsName> and choices of names. */
static const char *pattern_name(const bk_node *p, char *buf, size_t n)
{
    const char *name = bk_node_get_attr(p, "name");
    if (!name) {
        const bk_node *c = bk_node_child(p, "name");
        return c && c->first && !c->first->name ? c->first->text : NULL;
    }
    const char *ns = bk_node_get_attr(p, "ns");
    if (ns && strcmp(ns, "http://www.w3.org/XML/1998/namespace") == 0 &&
        strncmp(name, "xml:", 4) != 0) {
        snprintf(buf, n, "xml:%s", name);
        return buf;
    }
    return name;
}

static elem_spec *elem_find(const bk_vocab *v, const char *name)
{
    for (size_t i = 0; i < v->nelems; i++)
        if (strcmp(v->elems[i].name, name) == 0)
            return &v->elems[i];
    return NULL;
}

static attr_spec *attr_find(const elem_spec *e, const char *name)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            return &e->attrs[i];
    return NULL;
}

static void attr_release(attr_spec *a)
{
    free(a->name);
    free_words(a->values, a->nvalues);
    free(a->type);
    free(a->pattern);
    free(a->doc);
}

static void elem_release(elem_spec *e)
{
    free(e->name);
    for (size_t i = 0; i < e->nattrs; i++)
        attr_release(&e->attrs[i]);
    free(e->attrs);
    free_words(e->children, e->nchildren);
    free(e->sorted_children);
    if (e->text)
        attr_release(e->text);
    free(e->text);
}

/* ---- reading the grammar ----------------------------------------------- */

static int define_cmp(const void *a, const void *b)
{
    const define_ix *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Indexes the grammar's <define>s; -1 when out of memory. */
static int defines_index(bk_vocab *v)
{
    size_t n = 0;
    for (const bk_node *d = bk_node_child(v->grammar, "define"); d;
         d = bk_node_next_element(d, "define"))
        n++;
    if (n == 0)
        return 0;
    if (!(v->defs = malloc(n * sizeof(*v->defs))))
        return -1;
    for (const bk_node *d = bk_node_child(v->grammar, "define"); d;
         d = bk_node_next_element(d, "define")) {
        const char *name = bk_node_get_attr(d, "name");
        if (name) {
            v->defs[v->ndefs] = (define_ix){name, d, v->ndefs};
            v->ndefs++;
        }
    }
    qsort(v->defs, v->ndefs, sizeof(*v->defs), define_cmp);
    return 0;
}

/* The <define>s called `name` (a grammar may combine several): the index
 * of the first, from which they follow one another in v->defs; ndefs when
 * there is none. */
static size_t define_first(const bk_vocab *v, const char *name)
{
    size_t lo = 0, hi = v->ndefs;
    while (lo < hi) { /* the first entry not below name */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v->defs[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->ndefs && strcmp(v->defs[lo].name, name) == 0 ? lo : v->ndefs;
}

/* The define after defs[i] of the same name, or ndefs. */
static size_t define_more(const bk_vocab *v, size_t i)
{
    return i + 1 < v->ndefs && strcmp(v->defs[i + 1].name, v->defs[i].name) == 0 ? i + 1
                                                                                : v->ndefs;
}

/* The pattern param of a <data> pattern (its last), or NULL. */
static const char *data_pattern(const bk_node *data)
{
    const char *pattern = NULL;
    for (const bk_node *q = bk_node_child(data, "param"); q; q = bk_node_next_element(q, "param"))
        if (strcmp(bk_node_get_attr(q, "name") ? bk_node_get_attr(q, "name") : "", "pattern") == 0 &&
            q->first && !q->first->name)
            pattern = q->first->text;
    return pattern;
}

/* Reads an attribute's content pattern into a. `depth` bounds <ref>
 * chains (a value pattern never recurses in a valid grammar). */
static void value_read(const bk_vocab *v, const bk_node *p, attr_spec *a,
                       int depth)
{
    for (const bk_node *c = p->first; c && !a->any; c = c->next) {
        if (!c->name)
            continue;
        if (is_rng(c, "value")) {
            const char *t = c->first && !c->first->name ? c->first->text : "";
            if (add_word(&a->values, &a->nvalues, t) < 0)
                a->any = 1;
        } else if (is_rng(c, "data") && !a->type) {
            const char *t = bk_node_get_attr(c, "type");
            a->type = bk_strdup(t ? t : "string");
            const char *pattern = data_pattern(c);
            if (pattern)
                a->pattern = bk_strdup(pattern);
            /* a pattern reads badly in a message: the schema's words for
             * it, where the define says them, are given instead */
            const bk_node *doc = bk_node_child(p, "documentation");
            if (a->pattern && doc && doc->first && !doc->first->name && !a->doc)
                a->doc = bk_strdup(doc->first->text);
        } else if (is_rng(c, "choice")) {
            value_read(v, c, a, depth);
        } else if (is_rng(c, "list") && !a->list) {
            a->list = 1;
            value_read(v, c, a, depth);
        } else if (is_rng(c, "oneOrMore") || is_rng(c, "zeroOrMore")) {
            value_read(v, c, a, depth);
        } else if (is_rng(c, "ref") && depth < 16) {
            const char *n = bk_node_get_attr(c, "name");
            for (size_t d = n ? define_first(v, n) : v->ndefs; d < v->ndefs; d = define_more(v, d))
                value_read(v, v->defs[d].d, a, depth + 1);
        } else if (!is_rng(c, "documentation") && !is_rng(c, "empty")) {
            a->any = 1; /* <text/>, <data> choices, anything else */
        }
    }
}

/* Merges a second pattern of the same attribute into a: the union of
 * listed words; differing datatypes leave it to the validator. */
static int attr_merge(attr_spec *a, attr_spec *b)
{
    a->required &= b->required;
    a->any |= b->any || a->list != b->list || !a->type != !b->type ||
              (a->type && strcmp(a->type, b->type) != 0) ||
              !a->pattern != !b->pattern ||
              (a->pattern && strcmp(a->pattern, b->pattern) != 0);
    for (size_t i = 0; i < b->nvalues; i++)
        if (add_word(&a->values, &a->nvalues, b->values[i]) < 0)
            return -1;
    return 0;
}

static int attr_add(bk_vocab *v, elem_spec *e, const bk_node *p, int optional)
{
    char buf[128];
    const char *name = pattern_name(p, buf, sizeof buf);
    if (!name) {
        e->any_attr = 1;
        return 0;
    }
    attr_spec a = {0};
    a.required = !optional;
    if (!(a.name = bk_strdup(name)))
        return -1;
    if (!p->first)
        a.any = 1; /* <attribute name="x"/> means text */
    value_read(v, p, &a, 0);
    if (a.type && a.nvalues)
        a.any = 1; /* a mix: leave it to the validator */
    attr_spec *old = attr_find(e, name);
    if (old) {
        int rc = attr_merge(old, &a);
        attr_release(&a);
        return rc;
    }
    attr_spec *na = realloc(e->attrs, (e->nattrs + 1) * sizeof(*na));
    if (!na) {
        attr_release(&a);
        return -1;
    }
    e->attrs = na;
    na[e->nattrs++] = a;
    return 0;
}

static int element_read(bk_vocab *v, const bk_node *el, elem_spec *parent);

/* An element pattern whose content is a <data> with a pattern (<geo>: "lat
 * lon"): its text is checked like an attribute's value, with the words of
 * the element's documentation. -1: out of memory. */
static int text_read(const bk_node *el, elem_spec *e)
{
    for (const bk_node *c = el->first; c; c = c->next) {
        if (!is_rng(c, "data"))
            continue;
        const char *pattern = data_pattern(c);
        if (!pattern)
            return 0;
        const bk_node *doc = bk_node_child(el, "documentation");
        const char *t = bk_node_get_attr(c, "type");
        if (!(e->text = calloc(1, sizeof(*e->text))) || !(e->text->name = bk_strdup("text")) ||
            !(e->text->type = bk_strdup(t ? t : "string")) ||
            !(e->text->pattern = bk_strdup(pattern)) ||
            (doc && doc->first && !doc->first->name && !(e->text->doc = bk_strdup(doc->first->text))))
            return -1;
        return 0;
    }
    return 0;
}

/* What content_read does with a pattern: read an element or an attribute,
 * walk it (making what is below optional or not), follow it, or skip it. */
typedef enum { C_SKIP, C_ELEMENT, C_ATTRIBUTE, C_OPTIONAL, C_WALK, C_REF } content_kind;

static content_kind content_kind_of(const char *name)
{
    static const struct {
        const char *name;
        content_kind k;
    } kinds[] = {
        {"element", C_ELEMENT}, {"attribute", C_ATTRIBUTE}, {"optional", C_OPTIONAL},
        {"zeroOrMore", C_OPTIONAL}, {"choice", C_OPTIONAL}, {"oneOrMore", C_WALK},
        {"group", C_WALK}, {"interleave", C_WALK}, {"mixed", C_WALK}, {"div", C_WALK},
        {"ref", C_REF}, {"parentRef", C_REF},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (name[0] == kinds[i].name[0] && strcmp(name, kinds[i].name) == 0)
            return kinds[i].k;
    return C_SKIP;
}

/* Walks a content pattern of element e. `stack` holds the defines being
 * expanded (a define reached again inside itself is not re-entered). */
static int content_read(bk_vocab *v, const bk_node *p, elem_spec *e,
                        int optional, const bk_node **stack, int depth)
{
    for (const bk_node *c = p->first; c; c = c->next) {
        int rc = 0;
        if (!c->name)
            continue;
        content_kind k = content_kind_of(c->name);
        if (k == C_ELEMENT)
            rc = element_read(v, c, e);
        else if (k == C_ATTRIBUTE)
            rc = e ? attr_add(v, e, c, optional) : 0;
        else if (k == C_OPTIONAL)
            rc = content_read(v, c, e, 1, stack, depth);
        else if (k == C_WALK)
            rc = content_read(v, c, e, optional, stack, depth);
        else if (k == C_REF) {
            const char *n = bk_node_get_attr(c, "name");
            for (size_t di = n ? define_first(v, n) : v->ndefs; di < v->ndefs && !rc;
                 di = define_more(v, di)) {
                const bk_node *d = v->defs[di].d;
                int seen = depth >= 64;
                for (int i = 0; i < depth && !seen; i++)
                    seen = stack[i] == d;
                if (seen)
                    continue;
                stack[depth] = d;
                rc = content_read(v, d, e, optional, stack, depth + 1);
            }
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Merges the attributes of `add` into e: an attribute is required only
 * when every pattern of the element requires it. */
static int elem_merge(elem_spec *e, elem_spec *add)
{
    for (size_t i = 0; i < e->nattrs; i++)
        if (!attr_find(add, e->attrs[i].name))
            e->attrs[i].required = 0;
    for (size_t i = 0; i < add->nattrs; i++) {
        attr_spec *a = attr_find(e, add->attrs[i].name);
        if (a) {
            if (attr_merge(a, &add->attrs[i]) < 0)
                return -1;
            continue;
        }
        attr_spec *na = realloc(e->attrs, (e->nattrs + 1) * sizeof(*na));
        if (!na)
            return -1;
        e->attrs = na;
        na[e->nattrs] = add->attrs[i];
        na[e->nattrs++].required = 0;
        memset(&add->attrs[i], 0, sizeof(add->attrs[i]));
    }
    for (size_t i = 0; i < add->nchildren; i++)
        if (add_word(&e->children, &e->nchildren, add->children[i]) < 0)
            return -1;
    e->any_attr |= add->any_attr;
    e->any_child |= add->any_child;
    /* two patterns of one element: its text is checked only when both
     * give it the same datatype */
    if (e->text && (!add->text || strcmp(e->text->pattern, add->text->pattern) != 0))
        e->text->any = 1;
    return 0;
}

/* One <element> pattern: named as a child of parent (or as a root), its
 * own content read into the vocabulary. */
static int element_read(bk_vocab *v, const bk_node *el, elem_spec *parent)
{
    char buf[128];
    const char *name = pattern_name(el, buf, sizeof buf);
    if (!name) {
        if (parent)
            parent->any_child = 1;
        return 0;
    }
    if (parent ? add_word(&parent->children, &parent->nchildren, name)
               : add_word(&v->roots, &v->nroots, name))
        return -1;
    /* each pattern is read once: the tree is a DAG through <ref> */
    for (size_t i = 0; i < v->nseen; i++)
        if (v->seen[i] == el)
            return 0;
    const bk_node **ns = realloc(v->seen, (v->nseen + 1) * sizeof(*ns));
    if (!ns)
        return -1;
    v->seen = ns;
    ns[v->nseen++] = el;
    elem_spec tmp = {0};
    const bk_node *stack[64];
    int rc = text_read(el, &tmp);
    if (rc == 0)
        rc = content_read(v, el, &tmp, 0, stack, 0);
    elem_spec *e = elem_find(v, name);
    if (rc == 0 && e) {
        rc = elem_merge(e, &tmp);
        elem_release(&tmp);
        return rc;
    }
    elem_spec *ne = rc == 0 ? realloc(v->elems, (v->nelems + 1) * sizeof(*ne)) : NULL;
    if (!ne || !(tmp.name = bk_strdup(name))) {
        if (ne)
            v->elems = ne;
        elem_release(&tmp);
        return -1;
    }
    v->elems = ne;
    ne[v->nelems++] = tmp;
    return 0;
}

/* An XSD pattern as a POSIX extended regular expression: the escapes XSD
 * has and POSIX lacks (\\s \\S \\d, and escaped punctuation inside a
 * bracket, where POSIX takes a backslash literally) are spelt out, and ^ $
 * (literal in XSD) escaped. -1 for what this does not translate (other
 * escapes: \\n, \\p{..}; ] [ ^ escaped in a bracket) or out of memory: such
 * a pattern is not compiled, and checks nothing, as before. */
static int xsd_to_ere(const char *x, bk_buf *out)
{
    int rc = 0;
    for (const char *p = x; *p && !rc; p++) {
        if (*p == '[') {
            int dash = 0; /* a '-' of \\-, moved to the end */
            rc |= bk_buf_puts(out, "[");
            if (p[1] == '^')
                rc |= bk_buf_puts(out, "^"), p++;
            for (p++; *p && *p != ']' && !rc; p++) {
                if (*p != '\\') {
                    rc |= bk_buf_printf(out, "%c", *p);
                    continue;
                }
                p++;
                if (*p == '-')
                    dash = 1;
                else if (*p == 's')
                    rc |= bk_buf_puts(out, " \t\n\r");
                else if (*p == 'd')
                    rc |= bk_buf_puts(out, "0-9");
                else if (*p && strchr(".+*?(){}|\\/,:;", *p))
                    rc |= bk_buf_printf(out, "%c", *p);
                else
                    return -1;
            }
            if (!*p)
                return -1; /* an open bracket */
            rc |= bk_buf_puts(out, dash ? "-]" : "]");
        } else if (*p == '\\') {
            p++;
            if (*p == 's' || *p == 'S' || *p == 'd')
                rc |= bk_buf_puts(out, *p == 's' ? "[[:space:]]" : *p == 'S' ? "[^[:space:]]" : "[0-9]");
            else if (*p && strchr(".+*?()[]{}|\\^$-/", *p))
                rc |= bk_buf_printf(out, "\\%c", *p);
            else
                return -1;
        } else if (*p == '^' || *p == '$') {
            rc |= bk_buf_printf(out, "\\%c", *p);
        } else {
            rc |= bk_buf_printf(out, "%c", *p);
        }
    }
    return rc ? -1 : 0;
}

/* Compiles every distinct pattern once, for all the attributes and values
 * checked against it. One that does not compile (or no memory) checks
 * nothing, as the validator still does. */
static void patterns_compile(bk_vocab *v)
{
    for (size_t i = 0; i < v->nelems; i++)
        for (size_t j = 0; j <= v->elems[i].nattrs; j++) {
            const attr_spec *a = j < v->elems[i].nattrs ? &v->elems[i].attrs[j] : v->elems[i].text;
            const char *pattern = a ? a->pattern : NULL;
            size_t r = 0;
            while (pattern && r < v->nres && strcmp(v->res[r].pattern, pattern) != 0)
                r++;
            if (!pattern || r < v->nres)
                continue;
            bk_buf b = {0};
            compiled_re *nr = realloc(v->res, (v->nres + 1) * sizeof(*nr));
            if (nr)
                v->res = nr;
            if (nr && bk_buf_puts(&b, "^(") == 0 && xsd_to_ere(pattern, &b) == 0 &&
                bk_buf_puts(&b, ")$") == 0 &&
                regcomp(&nr[v->nres].re, b.data, REG_EXTENDED | REG_NOSUB) == 0)
                nr[v->nres++].pattern = pattern;
            bk_buf_release(&b);
        }
    /* pointed at once the array has stopped moving */
    for (size_t i = 0; i < v->nelems; i++)
        for (size_t j = 0; j <= v->elems[i].nattrs; j++) {
            attr_spec *a = j < v->elems[i].nattrs ? &v->elems[i].attrs[j] : v->elems[i].text;
            for (size_t r = 0; a && a->pattern && r < v->nres && !a->re; r++)
                if (strcmp(v->res[r].pattern, a->pattern) == 0)
                    a->re = &v->res[r].re;
        }
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int elem_cmp(const void *a, const void *b)
{
    return strcmp(((const elem_spec *)a)->name, ((const elem_spec *)b)->name);
}

/* Sorts the elements, and each one's children in a copy, for the check's
 * lookups. -1 when out of memory. */
static int lookups_sort(bk_vocab *v)
{
    if (v->nelems)
        qsort(v->elems, v->nelems, sizeof(*v->elems), elem_cmp);
    for (size_t i = 0; i < v->nelems; i++) {
        elem_spec *e = &v->elems[i];
        if (!(e->sorted_children = malloc((e->nchildren + 1) * sizeof(char *))))
            return -1;
        if (!e->nchildren)
            continue;
        memcpy(e->sorted_children, e->children, e->nchildren * sizeof(char *));
        qsort(e->sorted_children, e->nchildren, sizeof(char *), name_cmp);
    }
    return 0;
}

/* The element called name in a built vocabulary, or NULL. */
static const elem_spec *elem_lookup(const bk_vocab *v, const char *name)
{
    elem_spec key = {.name = (char *)name};
    return v->nelems ? bsearch(&key, v->elems, v->nelems, sizeof(*v->elems), elem_cmp) : NULL;
}

bk_vocab *bk_vocab_new(const bk_node *rng)
{
    bk_vocab *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    const bk_node *stack[64];
    int rc;
    if (is_rng(rng, "grammar")) {
        v->grammar = rng;
        const bk_node *start = bk_node_child(rng, "start");
        rc = defines_index(v);
        if (rc == 0 && start)
            rc = content_read(v, start, NULL, 0, stack, 0);
    } else {
        rc = element_read(v, rng, NULL);
    }
    if (rc == 0)
        patterns_compile(v);
    if (rc == 0)
        rc = lookups_sort(v);
    v->grammar = NULL;
    free(v->seen);
    v->seen = NULL;
    free(v->defs);
    v->defs = NULL;
    v->ndefs = 0;
    if (rc < 0) {
        bk_vocab_free(v);
        return NULL;
    }
    return v;
}

void bk_vocab_free(bk_vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nelems; i++)
        elem_release(&v->elems[i]);
    free(v->elems);
    for (size_t i = 0; i < v->nres; i++)
        regfree(&v->res[i].re);
    free(v->res);
    free_words(v->roots, v->nroots);
    free(v);
}

/* ---- finding columns --------------------------------------------------- */

/* Language tags found good in this document: a document repeats the same
 * few on many elements, and each check walks ICU's language list. */
#define LANG_MEMO 8
#define LANG_MEMO_KEY 32

typedef struct checker {
    bk_ctx *ctx;
    const bk_vocab *v;
    const char *file, *data;
    size_t len;
    int errors;
    char good_lang[LANG_MEMO][LANG_MEMO_KEY];
    size_t ngood_lang;
} checker;

/* The offset of the start of line `line` (1-based), or len. */
static size_t line_start(const checker *k, long line)
{
    size_t off = 0;
    for (long l = 1; l < line && off < k->len; off++)
        if (k->data[off] == '\n')
            l++;
    return off;
}

static int is_name_byte(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' ||
           c == ':' || (unsigned char)c >= 0x80;
}

/* Where element e (and, if given, its attribute attr) starts in the
 * source: line and column (in characters, 1-based). Falls back to the
 * element's line with no column. */
static void locate(const checker *k, const bk_node *e, const char *attr,
                   long *line, long *col)
{
    size_t nl = strlen(e->name), na = attr ? strlen(attr) : 0, at = k->len;
    *line = e->line;
    *col = 0;
    for (size_t o = line_start(k, e->line); o + nl < k->len; o++)
        if (k->data[o] == '<' && strncmp(k->data + o + 1, e->name, nl) == 0 &&
            !is_name_byte(k->data[o + 1 + nl])) {
            at = o;
            break;
        }
    if (at == k->len)
        return;
    if (attr) {
        size_t o = at + 1 + nl, found = k->len;
        char quote = 0;
        for (; o < k->len && found == k->len && (quote || k->data[o] != '>'); o++) {
            char c = k->data[o];
            if (quote) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (!is_name_byte(k->data[o - 1]) && o + na < k->len &&
                       strncmp(k->data + o, attr, na) == 0 &&
                       !is_name_byte(k->data[o + na])) {
                found = o;
            }
        }
        if (found == k->len)
            return;
        at = found;
    }
    size_t ls = line_start(k, e->line);
    *line = e->line;
    for (size_t o = ls; o < at; o++)
        if (k->data[o] == '\n')
            ++*line, ls = o + 1;
    *col = 1;
    for (size_t o = ls; o < at; o++)
        *col += ((unsigned char)k->data[o] & 0xc0) != 0x80;
}

/* ---- the check --------------------------------------------------------- */

#define VOCAB_MAX_ERRORS 50

/* Records one problem of element e (or its attribute attr), at the
 * column of the attribute (or of the element's start tag). */
static void problem(checker *k, const bk_node *e, const char *attr,
                    const char *msg, int with_col)
{
    long line, col;
    if (++k->errors > VOCAB_MAX_ERRORS)
        return;
    locate(k, e, attr, &line, &col);
    bk_diag_error(k->ctx->diag, BK_EINPUT, k->file, line, with_col ? col : 0, "%s", msg);
}

/* ", did you mean 'x'?" and " (allowed: a, b, c)" after a message. */
static void suggest(bk_buf *b, const char *word, char *const *words, size_t n,
                    const char *open, const char *close, const char *what)
{
    const char *near = bk_nearest_word(word, (const char *const *)words, n);
    if (near)
        bk_buf_printf(b, "; did you mean %s%s%s?", open, near, close);
    if (!n) {
        bk_buf_printf(b, " (%s: none)", what);
        return;
    }
    bk_buf_printf(b, " (%s: ", what);
    for (size_t i = 0; i < n && i < 40; i++)
        bk_buf_printf(b, "%s%s%s%s", i ? ", " : "", open, words[i], close);
    bk_buf_puts(b, n > 40 ? ", ...)" : ")");
}

/* 0 if one token fits the attribute's datatype; else a description of
 * what it should be in *want. */
static int type_ok(const attr_spec *a, const char *t, const char **want,
                   char *msg, size_t n)
{
    const char *type = a->type;
    char *end = NULL;
    if (strcmp(type, "integer") == 0 || strcmp(type, "nonNegativeInteger") == 0 ||
        strcmp(type, "positiveInteger") == 0 || strcmp(type, "int") == 0) {
        long v = strtol(t, &end, 10);
        *want = type[0] == 'n' ? "a whole number, 0 or more"
                : type[0] == 'p' ? "a whole number, 1 or more" : "a whole number";
        if (end == t || *end || (type[0] == 'n' && v < 0) || (type[0] == 'p' && v < 1))
            return -1;
    } else if (strcmp(type, "decimal") == 0 || strcmp(type, "double") == 0 ||
               strcmp(type, "float") == 0) {
        double v = strtod(t, &end);
        *want = "a finite number";
        if (end == t || *end || !isfinite(v))
            return -1;
    } else if (strcmp(type, "language") == 0) {
        *want = NULL;
        if (bk_lang_check(t, msg, n) != 0)
            return -1;
    }
    if (a->re) {
        if (a->doc)
            snprintf(msg, n, "of the form %s; the schema says: %s", a->pattern, a->doc);
        else
            snprintf(msg, n, "of the form %s", a->pattern);
        *want = msg;
        return regexec(a->re, t, 0, NULL, 0) == 0 ? 0 : -1;
    }
    return 0;
}

/* bk_lang_check, with the tags found good remembered: 1 when t is bad
 * (the reason in msg). */
static int lang_bad(checker *k, const char *t, char *msg, size_t n)
{
    for (size_t i = 0; i < k->ngood_lang; i++)
        if (strcmp(k->good_lang[i], t) == 0)
            return 0;
    if (bk_lang_check(t, msg, n) != 0)
        return 1;
    if (strlen(t) < LANG_MEMO_KEY && k->ngood_lang < LANG_MEMO)
        strcpy(k->good_lang[k->ngood_lang++], t);
    return 0;
}

/* Checks one value token of attribute a on element e. */
static void value_check(checker *k, const bk_node *e, const attr_spec *a,
                        const char *t)
{
    bk_buf b = {0};
    char lmsg[256];
    const char *want = NULL;
    lmsg[0] = '\0';
    int is_lang = strcmp(a->name, "lang") == 0 || strcmp(a->name, "xml:lang") == 0;
    if (is_lang && strcmp(t, "*") != 0 && lang_bad(k, t, lmsg, sizeof lmsg)) {
        bk_buf_printf(&b, "%s=\"%s\": %s", a->name, t, lmsg);
    } else if (a->nvalues && !a->any) {
        for (size_t i = 0; i < a->nvalues; i++)
            if (strcmp(a->values[i], t) == 0)
                return;
        bk_buf_printf(&b, "%s=\"%s\" is not allowed on <%s>", a->name, t, e->name);
        suggest(&b, t, a->values, a->nvalues, "'", "'", "use");
    } else if (a->type && !a->any && type_ok(a, t, &want, lmsg, sizeof lmsg) != 0) {
        if (want)
            bk_buf_printf(&b, "%s=\"%s\" on <%s> must be %s", a->name, t, e->name,
                          want);
        else
            bk_buf_printf(&b, "%s=\"%s\": %s", a->name, t, lmsg);
    }
    if (b.data)
        problem(k, e, a->name, b.data, 1);
    bk_buf_release(&b);
}

static void attrs_check(checker *k, const bk_node *e, const elem_spec *s)
{
    for (size_t i = 0; i < e->nattrs; i++) {
        const char *name = e->attrs[2 * i], *val = e->attrs[2 * i + 1];
        if (strncmp(name, "xmlns", 5) == 0 && (!name[5] || name[5] == ':'))
            continue;
        const attr_spec *a = attr_find(s, name);
        if (!a && !s->any_attr) {
            bk_buf b = {0};
            char **names = malloc((s->nattrs + 1) * sizeof(*names));
            for (size_t j = 0; names && j < s->nattrs; j++)
                names[j] = s->attrs[j].name;
            bk_buf_printf(&b, "unknown attribute '%s' on <%s>", name, e->name);
            suggest(&b, name, names, names ? s->nattrs : 0, "'", "'", "allowed");
            free(names);
            problem(k, e, name, b.data ? b.data : "unknown attribute", 1);
            bk_buf_release(&b);
            continue;
        }
        if (!a)
            continue;
        if (!a->list) {
            value_check(k, e, a, val);
            continue;
        }
        char tok[256];
        for (const char *p = val; *p;) {
            size_t sp = strspn(p, " \t\r\n"), n = strcspn(p + sp, " \t\r\n");
            if (n && n < sizeof tok) {
                memcpy(tok, p + sp, n);
                tok[n] = '\0';
                value_check(k, e, a, tok);
            }
            p += sp + n;
        }
    }
    for (size_t i = 0; i < s->nattrs; i++)
        if (s->attrs[i].required && !bk_node_get_attr(e, s->attrs[i].name)) {
            bk_buf b = {0};
            bk_buf_printf(&b, "<%s> needs %s=\"...\"", e->name, s->attrs[i].name);
            problem(k, e, NULL, b.data ? b.data : "missing attribute", 1);
            bk_buf_release(&b);
        }
}

/* A text-only element's text against its datatype's pattern (white space
 * collapsed, as for a token). */
static void text_check(checker *k, const bk_node *e, const attr_spec *a)
{
    bk_buf t = {0}, b = {0};
    for (const bk_node *c = e->first; c; c = c->next)
        if (!c->name && c->text)
            bk_buf_puts(&t, c->text);
    char none[1] = "";
    char *w = t.data ? t.data : none, *o = w;
    for (const char *p = w; *p; p++) {
        int sp = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (sp && (o == w || o[-1] == ' '))
            continue;
        *o++ = sp ? ' ' : *p;
    }
    if (o > w && o[-1] == ' ')
        o--;
    *o = '\0';
    char msg[256];
    const char *want = NULL;
    if (type_ok(a, w, &want, msg, sizeof msg) != 0 && want) {
        int shown = (int)strlen(w);
        if (shown > 80) /* cut at a character's start */
            for (shown = 80; shown > 0 && ((unsigned char)w[shown] & 0xc0) == 0x80; shown--)
                ;
        bk_buf_printf(&b, "<%s> holds \"%.*s\", which must be %s", e->name, shown, w, want);
        if (b.data)
            problem(k, e, NULL, b.data, 1);
    }
    bk_buf_release(&t);
    bk_buf_release(&b);
}

static void element_check(checker *k, const bk_node *e, const elem_spec *s)
{
    attrs_check(k, e, s);
    if (s->text && !s->text->any && s->text->re)
        text_check(k, e, s->text);
    for (const bk_node *c = e->first; c; c = c->next) {
        if (!c->name)
            continue;
        int allowed = s->any_child ||
                      bsearch(&c->name, s->sorted_children, s->nchildren, sizeof(char *),
                              name_cmp);
        const elem_spec *cs = elem_lookup(k->v, c->name);
        if (allowed && cs) {
            element_check(k, c, cs);
            continue;
        }
        if (allowed)
            continue; /* any element: nothing known to check */
        bk_buf b = {0};
        if (cs)
            bk_buf_printf(&b, "<%s> is not allowed in <%s>", c->name, e->name);
        else
            bk_buf_printf(&b, "unknown element <%s> in <%s>", c->name, e->name);
        suggest(&b, c->name, s->children, s->nchildren, "<", ">", "allowed here");
        problem(k, c, NULL, b.data ? b.data : "unknown element", 1);
        bk_buf_release(&b);
    }
}

bk_status bk_vocab_check(bk_ctx *ctx, const bk_vocab *v, const char *file,
                         const char *data, size_t len, const bk_node *doc)
{
    checker k = {.ctx = ctx, .v = v, .file = file, .data = data, .len = len};
    int root_ok = 0;
    for (size_t i = 0; i < v->nroots && !root_ok; i++)
        root_ok = strcmp(v->roots[i], doc->name) == 0;
    const elem_spec *s = root_ok ? elem_lookup(v, doc->name) : NULL;
    if (!root_ok) {
        /* at the line only, as every loader has always said it */
        bk_buf b = {0};
        bk_buf_puts(&b, "root element must be ");
        for (size_t i = 0; i < v->nroots; i++)
            bk_buf_printf(&b, "%s<%s>", i ? " or " : "", v->roots[i]);
        bk_buf_printf(&b, ", not <%s>", doc->name);
        k.errors++;
        bk_diag_error(ctx->diag, BK_EINPUT, file, doc->line, 0, "%s",
                      b.data ? b.data : "wrong root element");
        bk_buf_release(&b);
    } else if (s) {
        element_check(&k, doc, s);
    }
    if (k.errors > VOCAB_MAX_ERRORS)
        bk_diag_error(ctx->diag, BK_EINPUT, file, 0, 0,
                      "%d more problems with names in this file", k.errors - VOCAB_MAX_ERRORS);
    return k.errors ? BK_EINPUT : BK_OK;
}
