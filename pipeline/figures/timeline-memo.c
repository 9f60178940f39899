/* timeline-memo.c — what the trials of one timeline share (timeline.h):
 * the paragraphs they set and measure. Pagination asks the timeline
 * whether the first k events fit for several k on every page, and each
 * trial sets every entry of its k again: the same texts in the same
 * styles, mostly at the same measures. Setting a block is a function of
 * the setter (its layout and fonts), the style, the language, the text
 * and the measure, so a paragraph set once is copied for every later
 * trial that asks for it. A block with more than these (spans, a label,
 * a continued paragraph) is set anew each time. Each entry keeps what its
 * setting counted (bk_timeline_memo_count), so that a copy counts as a
 * setting would: the drawing takes its paragraphs from here too. */
#include "timeline.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 512

typedef struct memo_entry {
    struct memo_entry *next;
    uint64_t hash;
    int measured;     /* 1: min/max widths; 0: a set paragraph */
    double measure;   /* set: the measure */
    char *style, *lang, *text;
    size_t len;
    double mn, mx;    /* measured */
    bk_para para;     /* set: block pointer cleared */
    bk_para_kept *kept; /* measured: its work, for the settings of its text */
    int counted;      /* stats holds what the setting counted */
    bk_typeset_stats stats;
} memo_entry;

/* A date as bk_date_format wrote it with the words of `m`. */
typedef struct date_entry {
    struct date_entry *next;
    bk_date d;
    const bk_messages *m;
    int wrote;  /* bk_date_format appended (perhaps nothing): out has a buffer */
    size_t len;
    char text[];
} date_entry;

#define DATE_BUCKETS 128

struct bk_timeline_memo {
    const bk_setter *setter; /* the setter of every call: the first one */
    bk_typeset_stats *counts; /* bk_timeline_memo_count, or NULL */
    memo_entry *bucket[NBUCKETS];
    date_entry *dates[DATE_BUCKETS];
};

void bk_timeline_memo_count(bk_timeline_memo *m, bk_setter *s, bk_typeset_stats *counts)
{
    bk_setter_stats(s, counts);
    if (m)
        m->counts = counts;
}

/* A setting that is kept: what it counts is taken apart (into the
 * entry's stats) then added to the memo's counts. */
static bk_typeset_stats *count_begin(bk_timeline_memo *m, bk_setter *s, bk_typeset_stats *own)
{
    memset(own, 0, sizeof(*own));
    if (!m->counts)
        return NULL;
    bk_setter_stats(s, own);
    return own;
}

static void count_end(bk_timeline_memo *m, bk_setter *s, const bk_typeset_stats *own,
                      memo_entry *e)
{
    if (!own)
        return;
    bk_setter_stats(s, m->counts);
    bk_typeset_stats_add(m->counts, own);
    if (e) {
        e->stats = *own;
        e->counted = 1;
    }
}

/* A copy counts what its setting counted; an entry made before there
 * were counts cannot be copied then (it is set anew). */
static int count_copy(const bk_timeline_memo *m, const memo_entry *e)
{
    if (!m->counts)
        return 1;
    if (!e->counted)
        return 0;
    bk_typeset_stats_add(m->counts, &e->stats);
    return 1;
}

bk_timeline_memo *bk_timeline_memo_new(void)
{
    return calloc(1, sizeof(bk_timeline_memo));
}

void bk_timeline_memo_free(bk_timeline_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < NBUCKETS; i++)
        for (memo_entry *e = m->bucket[i], *next; e; e = next) {
            next = e->next;
            free(e->style);
            free(e->lang);
            free(e->text);
            bk_para_release(&e->para);
            bk_para_kept_free(e->kept);
            free(e);
        }
    for (size_t i = 0; i < DATE_BUCKETS; i++)
        for (date_entry *e = m->dates[i], *next; e; e = next) {
            next = e->next;
            free(e);
        }
    free(m);
}

/* The key's parts mixed in eight bytes at a time (a byte at a time, FNV
 * took more than the lookups it serves: every trial asks for every text
 * again). */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;
    uint64_t w;
    for (; n >= 8; c += 8, n -= 8) {
        memcpy(&w, c, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 32;
    }
    for (; n > 0; c++, n--)
        h = (h ^ *c) * 1099511628211ULL;
    return h;
}

static uint64_t key_hash(const bk_block *b, const char *style, int measured, double measure)
{
    uint64_t h = 14695981039346656037ULL;
    h = mix(h, style, strlen(style) + 1);
    h = mix(h, b->lang ? b->lang : "", b->lang ? strlen(b->lang) + 1 : 1);
    h = mix(h, b->text ? b->text : "", b->len);
    h = mix(h, &measured, sizeof measured);
    return measured ? h : mix(h, &measure, sizeof measure);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Only plain blocks are memoised: their text, style and language are
 * everything that is set. */
static int plain(const bk_timeline_memo *m, const bk_setter *s, const bk_block *b)
{
    return m && s == m->setter && !b->nspans && !b->label && !b->continued && !b->table &&
           (b->text || !b->len);
}

static memo_entry *find(bk_timeline_memo *m, uint64_t h, const bk_block *b, const char *style,
                        int measured, double measure)
{
    for (memo_entry *e = m->bucket[h % NBUCKETS]; e; e = e->next)
        if (e->hash == h && e->measured == measured && (measured || e->measure == measure) &&
            e->len == b->len && strcmp(e->style, style) == 0 && same_str(e->lang, b->lang) &&
            (!b->len || memcmp(e->text, b->text, b->len) == 0))
            return e;
    return NULL;
}

/* A new entry for the key (NULL when out of memory: then nothing is
 * kept, which only costs time). */
static memo_entry *add(bk_timeline_memo *m, uint64_t h, const bk_block *b, const char *style,
                       int measured, double measure)
{
    memo_entry *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->hash = h;
    e->measured = measured;
    e->measure = measure;
    e->len = b->len;
    e->style = bk_strdup(style);
    e->lang = b->lang ? bk_strdup(b->lang) : NULL;
    e->text = malloc(b->len + 1);
    if (!e->style || (b->lang && !e->lang) || !e->text) {
        free(e->style);
        free(e->lang);
        free(e->text);
        free(e);
        return NULL;
    }
    if (b->len)
        memcpy(e->text, b->text, b->len);
    e->text[b->len] = 0;
    e->next = m->bucket[h % NBUCKETS];
    m->bucket[h % NBUCKETS] = e;
    return e;
}

/* A copy of p's arrays into out (its block set by the caller). */
static int para_copy(const bk_para *p, bk_para *out)
{
    *out = *p;
    out->g = NULL;
    out->lines = NULL;
    if (p->ng && !(out->g = malloc(p->ng * sizeof(*p->g))))
        return -1;
    if (p->nlines && !(out->lines = malloc(p->nlines * sizeof(*p->lines)))) {
        free(out->g);
        out->g = NULL;
        return -1;
    }
    if (p->ng)
        memcpy(out->g, p->g, p->ng * sizeof(*p->g));
    if (p->nlines)
        memcpy(out->lines, p->lines, p->nlines * sizeof(*p->lines));
    return 0;
}

bk_status bk_timeline_memo_set(bk_timeline_memo *m, bk_setter *s, const bk_block *b,
                               const char *style, double measure, bk_para *out)
{
    if (m && !m->setter)
        m->setter = s;
    if (!plain(m, s, b))
        return bk_para_set(s, b, style, measure, out);
    uint64_t h = key_hash(b, style, 0, measure);
    memo_entry *e = find(m, h, b, style, 0, measure);
    if (e && (!m->counts || e->counted)) {
        memset(out, 0, sizeof(*out));
        if (!para_copy(&e->para, out)) {
            out->block = b;
            count_copy(m, e);
            return BK_OK;
        }
        return bk_para_set(s, b, style, measure, out); /* no memory for the copy */
    }
    if (e)
        return bk_para_set(s, b, style, measure, out); /* kept uncounted */
    /* the text as measured (columns measure every text they set):
     * shaped once, set at each measure from the same items */
    memo_entry *me = find(m, key_hash(b, style, 1, 0), b, style, 1, 0);
    bk_typeset_stats own;
    bk_typeset_stats *c = count_begin(m, s, &own);
    bk_status st = bk_para_set_kept(s, b, style, measure, me ? me->kept : NULL, out);
    if (!st && (e = add(m, h, b, style, 0, measure)) && para_copy(out, &e->para))
        e->measured = -1; /* the copy failed: an entry no key matches */
    count_end(m, s, c, e);
    if (e)
        e->para.block = NULL;
    return st;
}

bk_status bk_timeline_memo_measure(bk_timeline_memo *m, bk_setter *s, const bk_block *b,
                                   const char *style, double *mn, double *mx)
{
    if (m && !m->setter)
        m->setter = s;
    if (!plain(m, s, b))
        return bk_para_measure(s, b, style, mn, mx);
    uint64_t h = key_hash(b, style, 1, 0);
    memo_entry *e = find(m, h, b, style, 1, 0);
    if (e && count_copy(m, e)) {
        *mn = e->mn;
        *mx = e->mx;
        return BK_OK;
    }
    if (e)
        return bk_para_measure(s, b, style, mn, mx); /* kept uncounted */
    bk_typeset_stats own;
    bk_typeset_stats *c = count_begin(m, s, &own);
    bk_para_kept *kept = NULL;
    bk_status st = bk_para_measure_keep(s, b, style, mn, mx, &kept);
    if (!st && (e = add(m, h, b, style, 1, 0))) {
        e->mn = *mn;
        e->mx = *mx;
        e->kept = kept;
        kept = NULL;
    }
    bk_para_kept_free(kept);
    count_end(m, s, c, e);
    return st;
}

int bk_timeline_memo_date(bk_timeline_memo *m, const bk_date *d, const bk_messages *words,
                          bk_buf *out)
{
    if (!m)
        return bk_date_format(d, words, out);
    size_t h = ((size_t)d->year * 13 + (size_t)d->month) * 32 + (size_t)d->day;
    date_entry **head = &m->dates[h % DATE_BUCKETS];
    for (const date_entry *e = *head; e; e = e->next)
        if (e->d.year == d->year && e->d.month == d->month && e->d.day == d->day &&
            e->m == words)
            return e->wrote ? bk_buf_append(out, e->text, e->len) : 0;
    bk_buf b = {0};
    if (bk_date_format(d, words, &b)) {
        bk_buf_release(&b);
        return -1;
    }
    date_entry *e = malloc(sizeof(*e) + b.len + 1);
    if (e) { /* else not kept, which only costs time */
        e->d = *d;
        e->m = words;
        e->wrote = b.data != NULL;
        e->len = b.len;
        if (b.len)
            memcpy(e->text, b.data, b.len);
        e->text[b.len] = 0;
        e->next = *head;
        *head = e;
    }
    int r = b.data ? bk_buf_append(out, b.data, b.len) : 0;
    bk_buf_release(&b);
    return r;
}
