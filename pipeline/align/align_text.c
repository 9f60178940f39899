/* align_text.c — a text as units (the sentences of its paragraphs and list
 * items, UAX #29), their anchors, how many units hold each anchor, and the
 * score of a pair of units.
 */
#include "align_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

#define MAX_SENTENCES 4096

void bk_atext_free(bk_atext *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->u[i].a);
        free(t->u[i].ord);
    }
    free(t->u);
    free(t->keys);
    free(t);
}

/* A block the aligner links: a paragraph or a list item with an id. */
static int linkable(const bk_block *b)
{
    return b->id && b->len && !b->table && !b->nevents &&
           (strcmp(b->style, "body") == 0 || strcmp(b->style, "item") == 0);
}

static int unit_add(bk_atext *t, size_t *cap, const bk_unit *u)
{
    if (t->n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        bk_unit *p = realloc(t->u, c * sizeof *p);
        if (!p)
            return -1;
        t->u = p;
        *cap = c;
    }
    t->u[t->n++] = *u;
    return 0;
}

/* The units of block b, their anchors found with the date context dc. */
static bk_status block_units(bk_ctx *ctx, const bk_lexicon *lx, bk_atext *t, size_t bi,
                             size_t *cap, bk_date_ctx *dc, size_t *starts)
{
    const bk_block *b = &t->flow->blocks[bi];
    char locale[16];
    size_t count = 0;
    snprintf(locale, sizeof locale, "%.*s", (int)strcspn(b->lang, "-"), b->lang);
    bk_status st = bk_unicode_sentences(ctx, b->text, b->len, locale, starts, MAX_SENTENCES, &count);
    if (st != BK_OK)
        return st;
    if (!count)
        starts[count++] = 0;
    for (size_t k = 0; k < count; k++) {
        bk_unit u = {0};
        u.block = bi;
        u.nth = k + 1;
        u.nsent = count;
        u.start = starts[k];
        u.end = k + 1 < count ? starts[k + 1] : b->len;
        if (bk_anchors_find(lx, b->lang, b->text + u.start, u.end - u.start, dc, &u.a, &u.na,
                            &u.cap) < 0 ||
            unit_add(t, cap, &u) < 0) {
            free(u.a);
            return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        }
        for (size_t i = 0; i < u.na; i++) {
            t->u[t->n - 1].a[i].start += u.start;
            t->u[t->n - 1].a[i].end += u.start;
        }
    }
    return BK_OK;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(((const bk_akey *)a)->key, ((const bk_akey *)b)->key);
}

typedef struct keyed {
    const char *key;
    size_t k;
} keyed;

/* By key, the earlier anchor first among equals. */
static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : x->k < y->k ? -1 : x->k > y->k;
}

/* u->ord: the first anchor of each key, sorted by key. Returns 0 or -1. */
static int unit_index(bk_unit *u)
{
    keyed *tmp = malloc((u->na ? u->na : 1) * sizeof *tmp);
    u->ord = malloc((u->na ? u->na : 1) * sizeof *u->ord);
    if (!tmp || !u->ord) {
        free(tmp);
        return -1;
    }
    for (size_t k = 0; k < u->na; k++)
        tmp[k] = (keyed){u->a[k].key, k};
    qsort(tmp, u->na, sizeof *tmp, keyed_cmp);
    size_t w = 0;
    for (size_t r = 0; r < u->na; r++)
        if (!r || strcmp(tmp[r - 1].key, tmp[r].key) != 0)
            u->ord[w++] = tmp[r].k;
    u->nord = w;
    free(tmp);
    return 0;
}

/* The first anchor of unit u with `key`, or (size_t)-1. */
static size_t unit_key(const bk_unit *u, const char *key)
{
    size_t lo = 0, hi = u->nord;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(u->a[u->ord[mid]].key, key);
        if (c == 0)
            return u->ord[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

/* Counts, for every key, the units holding it. */
static int keys_count(bk_atext *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n; i++)
        n += t->u[i].na;
    t->keys = calloc(n ? n : 1, sizeof *t->keys);
    if (!t->keys)
        return -1;
    size_t m = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (unit_index(&t->u[i]) < 0)
            return -1;
        for (size_t o = 0; o < t->u[i].nord; o++) {
            const bk_anchor *x = &t->u[i].a[t->u[i].ord[o]];
            if (!x->derived) {
                memcpy(t->keys[m].key, x->key, sizeof t->keys[m].key);
                t->keys[m++].df = 1;
            }
        }
    }
    qsort(t->keys, m, sizeof *t->keys, key_cmp);
    size_t w = 0;
    for (size_t r = 0; r < m; r++) {
        if (w && strcmp(t->keys[w - 1].key, t->keys[r].key) == 0)
            t->keys[w - 1].df++;
        else
            t->keys[w++] = t->keys[r];
    }
    t->nkeys = w;
    return 0;
}

bk_status bk_atext_new(bk_ctx *ctx, const bk_lexicon *lx, const bk_flow *flow, bk_atext **out)
{
    bk_status st = BK_OK;
    size_t cap = 0, *starts = malloc(MAX_SENTENCES * sizeof *starts);
    bk_atext *t = calloc(1, sizeof *t);
    bk_date_ctx dc = {0, 0};
    *out = NULL;
    if (!t || !starts) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    t->flow = flow;
    for (size_t b = 0; b < flow->n && !st; b++)
        if (linkable(&flow->blocks[b]))
            st = block_units(ctx, lx, t, b, &cap, &dc, starts);
    if (st)
        goto done;
    double total = 0, at = 0;
    for (size_t i = 0; i < t->n; i++)
        total += (double)(t->u[i].end - t->u[i].start);
    for (size_t i = 0; i < t->n; i++) {
        double len = (double)(t->u[i].end - t->u[i].start);
        t->u[i].pos = total > 0 ? (at + len / 2) / total : 0;
        at += len;
    }
    if (keys_count(t) < 0)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
done:
    free(starts);
    if (st)
        bk_atext_free(t);
    else
        *out = t;
    return st;
}

size_t bk_atext_find(const bk_atext *t, size_t block, size_t nth)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->u[i].block == block && t->u[i].nth == nth)
            return i;
    return (size_t)-1;
}

static size_t df_of(const bk_atext *t, const char *key)
{
    bk_akey k;
    snprintf(k.key, sizeof k.key, "%s", key);
    const bk_akey *f = bsearch(&k, t->keys, t->nkeys, sizeof *t->keys, key_cmp);
    return f ? f->df : 0;
}

/* 1 if `key` (a month or a year) is only a coarser form of another key the
 * two units share ("y:1860" beside "d:1860-10-18"): not listed. */
static int coarser(const bk_unit *u, const bk_unit *v, const char *key)
{
    if (key[0] != 'y' && key[0] != 'm')
        return 0;
    for (size_t k = 0; k < u->na; k++) {
        const char *o = u->a[k].key;
        if ((o[0] == 'd' || (o[0] == 'm' && key[0] == 'y')) && strcmp(o, key) != 0 &&
            strncmp(o + 2, key + 2, strlen(key + 2)) == 0 && unit_key(v, o) != (size_t)-1)
            return 1;
    }
    return 0;
}

/* The weight of key k of u shared with m of v. */
static double shared(const bk_atext *a, const bk_unit *u, size_t k, const bk_atext *b,
                     const bk_unit *v, size_t m)
{
    double n = (double)(a->n + b->n);
    double df = (double)(df_of(a, u->a[k].key) + df_of(b, u->a[k].key));
    double base = u->a[k].base < v->a[m].base ? u->a[k].base : v->a[m].base;
    /* rarity: 2 for an anchor one unit holds, about 0.8 for one a seventh
     * of the units hold, 0 for one all hold */
    return base * 2 * log(1 + n / (df > 1 ? df : 1)) / log(1 + n);
}

double bk_align_score(const bk_atext *a, size_t i, const bk_atext *b, size_t j, bk_buf *why)
{
    const bk_unit *u = &a->u[i], *v = &b->u[j];
    double score = 0;
    if (!why) { /* the smaller unit's keys looked up in the larger */
        int swap = u->nord > v->nord;
        const bk_unit *s = swap ? v : u, *l = swap ? u : v;
        for (size_t o = 0; o < s->nord; o++) {
            size_t m = unit_key(l, s->a[s->ord[o]].key);
            if (m != (size_t)-1)
                score += swap ? shared(a, l, m, b, s, s->ord[o]) : shared(a, s, s->ord[o], b, l, m);
        }
        return score;
    }
    for (size_t k = 0; k < u->na; k++) { /* in text order, for the listing */
        size_t m = unit_key(v, u->a[k].key);
        if (m == (size_t)-1 || unit_key(u, u->a[k].key) != k)
            continue;
        score += shared(a, u, k, b, v, m);
        if (!coarser(u, v, u->a[k].key)) {
            if (why->len)
                bk_buf_puts(why, ", ");
            bk_buf_puts(why, u->a[k].key + (u->a[k].key[1] == ':' ? 2 : 3));
        }
    }
    return score;
}
