/* shape.c — the HarfBuzz adapter (see shape.h).
 *
 * Speed (see bench/README.md for how it is measured):
 * - cmap memo: every nominal-glyph lookup, from bk_face_has_char and from
 *   HarfBuzz while shaping (through a sub-font whose nominal-glyph function
 *   goes through the memo), is answered once per code point and face and
 *   kept in pages of 256 code points;
 * - a CFF face is subset from a stand-in face whose cmap maps one private
 *   code point to each used glyph: HarfBuzz then plans by characters and
 *   skips reading the whole real cmap (about 10 ms for a Noto CJK face,
 *   for any number of glyphs), and keeps exactly the used glyphs;
 * - CFF subsets are desubroutinised and carry only the CFF table (all a PDF
 *   FontFile3 needs): 2.5 times faster than rewriting the subroutines, and
 *   smaller;
 * - one hb_buffer per face is reused, the last feature string is kept
 *   parsed, and shaped runs are cached by their whole input (make_key:
 *   language, script, features, text and the context HarfBuzz sees), so
 *   repeated text is shaped once; the results are the same glyphs and
 *   positions as shaping again.
 */
#include "shape.h"
#include "bytes.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

#define MEMO_PAGES (0x110000u >> 8)
#define MAX_FEATURES 16

/* One shaped run in the cache: the key bytes, then the glyphs. */
typedef struct cache_entry {
    struct cache_entry *next; /* same bucket */
    uint64_t hash;
    size_t keylen;
    size_t n;
    bk_glyph *g;              /* clusters relative to the run start */
    unsigned char key[];
} cache_entry;

/* The cache is bounded: past CACHE_MAX_BYTES no run is added (the runs
 * already there stay useful). Runs longer than CACHE_MAX_RUN bytes are not
 * cached: they hardly ever come back. */
#define CACHE_MAX_BYTES ((size_t)8 << 20)
#define CACHE_MAX_RUN ((size_t)64 << 10)

#define OL_BUCKETS 64

/* One piece of an outline as bk_outline_fn receives it. */
typedef struct outline_piece {
    int kind;
    double pt[6];
} outline_piece;

/* A glyph's outline, drawn once: the map's labels draw the same glyphs
 * (their halos) again and again, and drawing a CFF glyph runs its
 * charstring. */
typedef struct outline_entry {
    struct outline_entry *next;
    uint32_t gid;
    size_t n, cap;
    outline_piece *piece;
    int failed;  /* out of memory while drawing it: not kept */
} outline_entry;

struct bk_face {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;        /* the face's font: HarfBuzz's own functions */
    hb_font_t *shaper;      /* sub-font of font, nominal glyphs via the memo */
    hb_font_funcs_t *funcs;
    hb_buffer_t *buf;       /* reused by every bk_face_shape */
    unsigned upem;
    unsigned nglyphs;
    /* cmap memo, per code point: 0 not asked yet, 1 not covered, gid + 2 */
    uint32_t **memo;        /* MEMO_PAGES pages of 256, allocated on use */
    /* the last feature string parsed, and its features */
    char *feat_src;
    hb_feature_t feats[MAX_FEATURES];
    unsigned nfeats;
    /* shaped runs */
    cache_entry **bucket;
    size_t nbuckets, nentries, cache_bytes;
    unsigned char *keybuf;
    size_t keycap;
    /* glyph outlines as drawn (bk_face_glyph_outline), by glyph id */
    struct outline_entry *ol_bucket[OL_BUCKETS];
    hb_draw_funcs_t *draw;  /* made on first use */
};

/* ---- cmap memo ------------------------------------------------------------ */

/* A code point the memo has no answer for yet: asked of HarfBuzz, and
 * kept. Apart from memo_glyph so that a known answer costs only the page
 * lookup (bk_face_has_char runs at every character itemized). */
static int memo_fill(bk_face *f, uint32_t cp, hb_codepoint_t *gid)
{
    uint32_t *page = f->memo ? f->memo[cp >> 8] : NULL;
    hb_codepoint_t g = 0;
    int ok = hb_font_get_nominal_glyph(f->font, cp, &g) ? 1 : 0;
    if (!page) {
        /* Out of memory only costs the memo, never the answer. */
        if (!f->memo)
            f->memo = calloc(MEMO_PAGES, sizeof(*f->memo));
        if (f->memo)
            page = f->memo[cp >> 8] = calloc(256, sizeof(**f->memo));
    }
    if (page && (!ok || g < UINT32_MAX - 2))
        page[cp & 255] = ok ? g + 2 : 1;
    if (ok)
        *gid = g;
    return ok;
}

/* The memo's answer for cp: 0 not asked yet, 1 not covered, gid + 2. */
static uint32_t memo_get(const bk_face *f, uint32_t cp)
{
    const uint32_t *page = cp < 0x110000 && f->memo ? f->memo[cp >> 8] : NULL;
    return page ? page[cp & 255] : 0;
}

static int memo_glyph(bk_face *f, uint32_t cp, hb_codepoint_t *gid)
{
    if (cp >= 0x110000)
        return hb_font_get_nominal_glyph(f->font, cp, gid) ? 1 : 0;
    uint32_t v = memo_get(f, cp);
    if (v == 0)
        return memo_fill(f, cp, gid);
    if (v == 1)
        return 0;
    *gid = v - 2;
    return 1;
}

static hb_bool_t memo_nominal_glyph(hb_font_t *font, void *font_data,
                                    hb_codepoint_t unicode,
                                    hb_codepoint_t *glyph, void *user_data)
{
    (void)font;
    (void)user_data;
    return (hb_bool_t)memo_glyph(font_data, unicode, glyph);
}

/* ---- outlines ------------------------------------------------------------- */

typedef struct outline_sink {
    bk_outline_fn fn;
    void *data;
} outline_sink;

static void ol_move(hb_draw_funcs_t *d, void *data, hb_draw_state_t *s, float x, float y,
                    void *u)
{
    (void)d, (void)s, (void)u;
    outline_sink *o = data;
    double pt[2] = {x, y};
    o->fn(o->data, 0, pt);
}

static void ol_line(hb_draw_funcs_t *d, void *data, hb_draw_state_t *s, float x, float y,
                    void *u)
{
    (void)d, (void)s, (void)u;
    outline_sink *o = data;
    double pt[2] = {x, y};
    o->fn(o->data, 1, pt);
}

static void ol_quad(hb_draw_funcs_t *d, void *data, hb_draw_state_t *s, float cx, float cy,
                    float x, float y, void *u)
{
    (void)d, (void)u;
    outline_sink *o = data;
    double x0 = s->current_x, y0 = s->current_y;
    double pt[6] = {x0 + 2.0 / 3 * (cx - x0), y0 + 2.0 / 3 * (cy - y0),
                    x + 2.0 / 3 * (cx - x),   y + 2.0 / 3 * (cy - y), x, y};
    o->fn(o->data, 2, pt);
}

static void ol_cubic(hb_draw_funcs_t *d, void *data, hb_draw_state_t *s, float c1x,
                     float c1y, float c2x, float c2y, float x, float y, void *u)
{
    (void)d, (void)s, (void)u;
    outline_sink *o = data;
    double pt[6] = {c1x, c1y, c2x, c2y, x, y};
    o->fn(o->data, 2, pt);
}

static void ol_close(hb_draw_funcs_t *d, void *data, hb_draw_state_t *s, void *u)
{
    (void)d, (void)s, (void)u;
    outline_sink *o = data;
    o->fn(o->data, 3, NULL);
}

static hb_draw_funcs_t *draw_funcs_new(void)
{
    hb_draw_funcs_t *df = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(df, ol_move, NULL, NULL);
    hb_draw_funcs_set_line_to_func(df, ol_line, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(df, ol_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(df, ol_cubic, NULL, NULL);
    hb_draw_funcs_set_close_path_func(df, ol_close, NULL, NULL);
    hb_draw_funcs_make_immutable(df);
    return df;
}

/* Records a piece of a glyph's outline in its entry. */
static void ol_record(void *data, int kind, const double *pt)
{
    outline_entry *e = data;
    if (e->failed)
        return;
    if (e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 16;
        outline_piece *np = realloc(e->piece, cap * sizeof(*np));
        if (!np) {
            e->failed = 1;
            return;
        }
        e->piece = np;
        e->cap = cap;
    }
    outline_piece *q = &e->piece[e->n++];
    memset(q, 0, sizeof(*q));
    q->kind = kind;
    if (pt)
        memcpy(q->pt, pt, (kind == 2 ? 6 : 2) * sizeof(*pt));
}

/* The glyph's entry, drawn by HarfBuzz the first time (NULL when out of
 * memory). */
static outline_entry *outline_of(bk_face *f, uint32_t gid)
{
    outline_entry **head = &f->ol_bucket[gid % OL_BUCKETS];
    for (outline_entry *e = *head; e; e = e->next)
        if (e->gid == gid)
            return e;
    if (!f->draw)
        f->draw = draw_funcs_new();
    outline_entry *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->gid = gid;
    outline_sink o = {ol_record, e};
    if (gid < f->nglyphs)
        hb_font_get_glyph_shape(f->font, gid, f->draw, &o);
    if (e->failed) {
        free(e->piece);
        free(e);
        return NULL;
    }
    e->next = *head;
    *head = e;
    return e;
}

void bk_face_glyph_outline(bk_face *f, uint32_t gid, bk_outline_fn fn, void *data)
{
    const outline_entry *e = outline_of(f, gid);
    if (!e) { /* out of memory: drawn straight to fn */
        hb_draw_funcs_t *df = draw_funcs_new();
        outline_sink o = {fn, data};
        if (gid < f->nglyphs)
            hb_font_get_glyph_shape(f->font, gid, df, &o);
        hb_draw_funcs_destroy(df);
        return;
    }
    for (size_t i = 0; i < e->n; i++)
        fn(data, e->piece[i].kind, e->piece[i].kind == 3 ? NULL : e->piece[i].pt);
}

/* ---- faces ------------------------------------------------------------------ */

bk_face *bk_face_new(const unsigned char *data, size_t size, unsigned index)
{
    if (!data || size == 0 || size > (size_t)UINT32_MAX)
        return NULL;
    bk_face *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    /* The mapping outlives the face (font.h), so HarfBuzz need not copy. */
    f->blob = hb_blob_create((const char *)data, (unsigned)size,
                             HB_MEMORY_MODE_READONLY, NULL, NULL);
    f->face = hb_face_create(f->blob, index);
    f->font = hb_font_create(f->face);
    f->upem = hb_face_get_upem(f->face);
    f->nglyphs = hb_face_get_glyph_count(f->face);
    if (f->nglyphs == 0 || f->upem == 0) {
        bk_face_free(f);
        return NULL;
    }
    /* Everything but nominal glyphs goes to the parent unchanged (same
     * scale), so shaping through the sub-font gives the same glyphs and
     * positions. */
    f->shaper = hb_font_create_sub_font(f->font);
    f->funcs = hb_font_funcs_create();
    hb_font_funcs_set_nominal_glyph_func(f->funcs, memo_nominal_glyph, NULL, NULL);
    hb_font_funcs_make_immutable(f->funcs);
    hb_font_set_funcs(f->shaper, f->funcs, f, NULL);
    f->buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(f->buf) ||
        f->shaper == hb_font_get_empty()) {
        bk_face_free(f);
        return NULL;
    }
    return f;
}

static void cache_clear(bk_face *f)
{
    for (size_t b = 0; b < f->nbuckets; b++)
        for (cache_entry *e = f->bucket[b], *next; e; e = next) {
            next = e->next;
            free(e->g);
            free(e);
        }
    free(f->bucket);
    f->bucket = NULL;
    f->nbuckets = f->nentries = f->cache_bytes = 0;
}

void bk_face_free(bk_face *f)
{
    if (!f)
        return;
    cache_clear(f);
    for (size_t b = 0; b < OL_BUCKETS; b++)
        for (outline_entry *e = f->ol_bucket[b], *next; e; e = next) {
            next = e->next;
            free(e->piece);
            free(e);
        }
    if (f->draw)
        hb_draw_funcs_destroy(f->draw);
    free(f->keybuf);
    if (f->memo)
        for (size_t i = 0; i < MEMO_PAGES; i++)
            free(f->memo[i]);
    free(f->memo);
    free(f->feat_src);
    hb_buffer_destroy(f->buf);
    hb_font_destroy(f->shaper);
    hb_font_funcs_destroy(f->funcs);
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f);
}

unsigned bk_face_upem(const bk_face *f) { return f->upem; }
unsigned bk_face_glyph_count(const bk_face *f) { return f->nglyphs; }

int bk_face_has_char(const bk_face *f, uint32_t cp)
{
    uint32_t v = memo_get(f, cp);
    if (v)
        return v > 1;
    hb_codepoint_t g;
    /* The memo is a cache: the face is logically unchanged. */
    return memo_glyph((bk_face *)f, cp, &g);
}

int bk_face_glyph_advance(const bk_face *f, uint32_t gid)
{
    return hb_font_get_glyph_h_advance(f->font, gid);
}

/* ---- shaping ---------------------------------------------------------------- */

/* Parses "kern,liga=0" into f->feats, keeping the last string parsed. */
static bk_status parse_features(bk_ctx *ctx, bk_face *f, const char *features)
{
    if (!features || !*features) {
        f->nfeats = 0;
        free(f->feat_src);
        f->feat_src = NULL;
        return BK_OK;
    }
    if (f->feat_src && strcmp(f->feat_src, features) == 0)
        return BK_OK;
    free(f->feat_src);
    f->feat_src = NULL;
    f->nfeats = 0;
    unsigned n = 0;
    for (const char *p = features; *p && n < MAX_FEATURES;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l && !hb_feature_from_string(p, (int)l, &f->feats[n++]))
            return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                                 "unknown font feature '%.*s'", (int)l, p);
        p += l + (e ? 1 : 0);
    }
    f->nfeats = n;
    /* kept for next time; without the copy it is only parsed again */
    f->feat_src = malloc(strlen(features) + 1);
    if (f->feat_src)
        strcpy(f->feat_src, features);
    return BK_OK;
}

/* HarfBuzz looks at up to 5 characters on each side of the run
 * (HB_BUFFER_CONTEXT_LENGTH); the key takes 8, whole UTF-8 sequences. */
#define CONTEXT_CHARS 8

static size_t context_before(const char *text, size_t start)
{
    size_t i = start;
    for (int k = 0; k < CONTEXT_CHARS && i > 0; k++) {
        i--;
        while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80 && start - i < 4u * CONTEXT_CHARS)
            i--;
    }
    return start - i;
}

static size_t context_after(const char *text, size_t textlen, size_t end)
{
    size_t i = end;
    for (int k = 0; k < CONTEXT_CHARS && i < textlen; k++) {
        i++;
        while (i < textlen && ((unsigned char)text[i] & 0xC0) == 0x80 && i - end < 4u * CONTEXT_CHARS)
            i++;
    }
    return i - end;
}

/* FNV-1a over 8-byte words (a key is a run's text, hashed at every
 * run), the tail by bytes, then MurmurHash3's finalizer: a product only
 * carries a word's bits upwards, and the finalizer brings every bit down
 * to the low ones the buckets use. Only where an entry is looked for
 * depends on it: entries are told apart by their whole keys. */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 1099511628211ull;
    }
    for (; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb93fe53ec34dull;
    return h ^ (h >> 33);
}

static int key_put(bk_face *f, size_t *len, const void *p, size_t n)
{
    if (*len + n > f->keycap) {
        size_t cap = f->keycap ? f->keycap : 256;
        while (cap < *len + n)
            cap *= 2;
        unsigned char *nb = realloc(f->keybuf, cap);
        if (!nb)
            return -1;
        f->keybuf = nb;
        f->keycap = cap;
    }
    memcpy(f->keybuf + *len, p, n);
    *len += n;
    return 0;
}

/* The key is everything the result depends on: language, script,
 * features, the run's text and the context HarfBuzz sees. */
static int make_key(bk_face *f, const char *text, size_t textlen,
                    size_t start, size_t len, const char *lang,
                    uint32_t script, const char *features, size_t *keylen)
{
    size_t k = 0;
    size_t pre = context_before(text, start);
    size_t post = context_after(text, textlen, start + len);
    uint32_t head[4] = {script, (uint32_t)pre, (uint32_t)len, (uint32_t)post};
    const char *l = lang ? lang : "";
    const char *ft = features ? features : "";
    if (key_put(f, &k, head, sizeof head) || key_put(f, &k, l, strlen(l) + 1) ||
        key_put(f, &k, ft, strlen(ft) + 1) ||
        key_put(f, &k, text + start - pre, pre + len + post))
        return -1;
    *keylen = k;
    return 0;
}

static cache_entry *cache_find(const bk_face *f, uint64_t h, size_t keylen)
{
    if (!f->nbuckets)
        return NULL;
    for (cache_entry *e = f->bucket[h & (f->nbuckets - 1)]; e; e = e->next)
        if (e->hash == h && e->keylen == keylen &&
            memcmp(e->key, f->keybuf, keylen) == 0)
            return e;
    return NULL;
}

static void cache_add(bk_face *f, uint64_t h, size_t keylen,
                      const bk_glyph *g, size_t n, size_t start)
{
    size_t bytes = sizeof(cache_entry) + keylen + n * sizeof(*g);
    if (f->cache_bytes + bytes > CACHE_MAX_BYTES)
        return;
    if (f->nentries + 1 > f->nbuckets) { /* load factor 1 */
        size_t nb = f->nbuckets ? f->nbuckets * 2 : 256;
        cache_entry **b = calloc(nb, sizeof(*b));
        if (!b)
            return;
        for (size_t i = 0; i < f->nbuckets; i++)
            for (cache_entry *e = f->bucket[i], *next; e; e = next) {
                next = e->next;
                e->next = b[e->hash & (nb - 1)];
                b[e->hash & (nb - 1)] = e;
            }
        free(f->bucket);
        f->bucket = b;
        f->nbuckets = nb;
    }
    cache_entry *e = malloc(sizeof(*e) + keylen);
    bk_glyph *copy = malloc((n ? n : 1) * sizeof(*copy));
    if (!e || !copy) {
        free(e);
        free(copy);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        copy[i] = g[i];
        copy[i].cluster = g[i].cluster - (uint32_t)start;
    }
    memcpy(e->key, f->keybuf, keylen);
    e->hash = h;
    e->keylen = keylen;
    e->n = n;
    e->g = copy;
    e->next = f->bucket[h & (f->nbuckets - 1)];
    f->bucket[h & (f->nbuckets - 1)] = e;
    f->nentries++;
    f->cache_bytes += bytes;
}

bk_status bk_face_shape(bk_ctx *ctx, bk_face *f, const char *text,
                        size_t textlen, size_t start, size_t len,
                        const char *lang, uint32_t script,
                        const char *features, bk_glyph **out, size_t *n)
{
    bk_status st = BK_OK;
    hb_buffer_t *buf = f->buf;
    bk_glyph *g = NULL;
    *out = NULL;
    *n = 0;
    if (textlen > INT32_MAX || start > textlen || len > textlen - start)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "shaping range out of bounds");
    /* Features come as "kern,liga=0"; an unknown one is a layout error. */
    if ((st = parse_features(ctx, f, features)))
        return st;

    size_t keylen = 0;
    uint64_t h = 0;
    int cacheable = len <= CACHE_MAX_RUN &&
                    make_key(f, text, textlen, start, len, lang, script,
                             features, &keylen) == 0;
    if (cacheable) {
        h = hash_bytes(f->keybuf, keylen);
        const cache_entry *e = cache_find(f, h, keylen);
        if (e) {
            g = malloc((e->n ? e->n : 1) * sizeof(*g));
            if (!g)
                return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                     "out of memory");
            for (size_t i = 0; i < e->n; i++) {
                g[i] = e->g[i];
                g[i].cluster = e->g[i].cluster + (uint32_t)start;
            }
            *out = g;
            *n = e->n;
            return BK_OK;
        }
    }

    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, text, (int)textlen, (unsigned)start, (int)len);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, hb_script_from_iso15924_tag(script));
    if (lang && *lang)
        hb_buffer_set_language(buf, hb_language_from_string(lang, -1));
    hb_buffer_guess_segment_properties(buf);
    hb_shape(f->shaper, buf, f->nfeats ? f->feats : NULL, f->nfeats);
    unsigned count = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &count);
    if (!hb_buffer_allocation_successful(buf)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                           "out of memory while shaping");
        hb_buffer_reset(buf);
        return st;
    }
    g = malloc((count ? count : 1) * sizeof(*g));
    if (!g)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    for (unsigned i = 0; i < count; i++) {
        g[i].gid = info[i].codepoint;
        g[i].cluster = info[i].cluster;
        g[i].x_advance = pos[i].x_advance;
        g[i].y_advance = pos[i].y_advance;
        g[i].x_offset = pos[i].x_offset;
        g[i].y_offset = pos[i].y_offset;
    }
    if (cacheable)
        cache_add(f, h, keylen, g, count, start);
    *out = g;
    *n = count;
    return BK_OK;
}

bk_status bk_face_shape_view(bk_ctx *ctx, bk_face *f, const char *text,
                             size_t textlen, size_t start, size_t len,
                             const char *lang, uint32_t script,
                             const bk_glyph **view, bk_glyph **out, size_t *n)
{
    size_t keylen = 0;
    *view = NULL;
    /* the checks and the key as bk_face_shape makes them; a miss (or
     * anything amiss) is its to shape or to report */
    if (textlen <= INT32_MAX && start <= textlen && len <= textlen - start &&
        len <= CACHE_MAX_RUN &&
        make_key(f, text, textlen, start, len, lang, script, NULL, &keylen) == 0) {
        const cache_entry *e = cache_find(f, hash_bytes(f->keybuf, keylen), keylen);
        if (e) {
            *view = e->g;
            *out = NULL;
            *n = e->n;
            return BK_OK;
        }
    }
    return bk_face_shape(ctx, f, text, textlen, start, len, lang, script, NULL, out, n);
}

/* ---- subsetting --------------------------------------------------------------- */

/* A CFF face is planned from a face that is the real one but for its
 * cmap: a format 12 cmap that maps one private code point to each used
 * glyph (GLYPH_CP_BASE + gid, plane 16). HarfBuzz plans a subset by
 * glyphs by reading every entry of the real cmap (tens of thousands in a
 * CJK face, about 10 ms); planned by characters, it looks up only those,
 * and here they are exactly the used glyphs: no variation-sequence form
 * (cmap format 14) the document never shows comes along, and a glyph no
 * character maps to (a substituted form) costs nothing more. The cmap is
 * dropped from a CFF subset, so the private code points go nowhere. */
#define GLYPH_CP_BASE 0x100000u

typedef struct plan_face {
    hb_face_t *real;
    hb_blob_t *cmap;
} plan_face;

/* The cmap of the used glyphs (gids below nglyphs, any order, repeats
 * allowed): one sequential group per run of consecutive glyph ids. NULL
 * when out of memory. */
static hb_blob_t *glyph_cmap_make(const uint32_t *gids, size_t n, unsigned nglyphs)
{
    unsigned char *used = calloc(nglyphs ? nglyphs : 1, 1);
    if (!used)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (gids[i] != 0 && gids[i] < nglyphs)
            used[gids[i]] = 1;
    size_t ngroups = 0;
    for (unsigned g = 1; g < nglyphs; g++)
        ngroups += used[g] && !used[g - 1];
    /* header 4, one encoding record 8, format 12 header 16, groups 12 */
    size_t len = 4 + 8 + 16 + 12 * ngroups;
    unsigned char *t = calloc(len, 1);
    if (!t) {
        free(used);
        return NULL;
    }
    bk_be16_put(t + 2, 1);                /* version 0, one subtable */
    bk_be16_put(t + 4, 3);                /* Windows, */
    bk_be16_put(t + 6, 10);               /* Unicode full repertoire */
    bk_be32_put(t + 8, 12);
    bk_be16_put(t + 12, 12);              /* format 12 */
    bk_be32_put(t + 16, (uint32_t)(len - 12));
    bk_be32_put(t + 24, (uint32_t)ngroups);
    unsigned char *grp = t + 28;
    for (unsigned g = 1; g < nglyphs; g++) {
        if (!used[g] || used[g - 1])
            continue;
        unsigned last = g;
        while (last + 1 < nglyphs && used[last + 1])
            last++;
        bk_be32_put(grp, GLYPH_CP_BASE + g);
        bk_be32_put(grp + 4, GLYPH_CP_BASE + last);
        bk_be32_put(grp + 8, g);
        grp += 12;
    }
    free(used);
    return hb_blob_create((const char *)t, (unsigned)len, HB_MEMORY_MODE_WRITABLE, t, free);
}

static hb_blob_t *plan_face_table(hb_face_t *face, hb_tag_t tag, void *data)
{
    (void)face;
    const plan_face *pf = data;
    if (tag == HB_TAG('c', 'm', 'a', 'p'))
        return hb_blob_reference(pf->cmap);
    return hb_face_reference_table(pf->real, tag);
}

static void plan_face_free(void *data)
{
    plan_face *pf = data;
    hb_blob_destroy(pf->cmap);
    free(pf);
}

/* The face a CFF subset is planned from (see above); NULL when out of
 * memory. */
static hb_face_t *plan_face_new(const bk_face *f, const uint32_t *gids, size_t n)
{
    plan_face *pf = calloc(1, sizeof(*pf));
    if (!pf)
        return NULL;
    pf->real = f->face;
    pf->cmap = glyph_cmap_make(gids, n, f->nglyphs);
    if (!pf->cmap) {
        free(pf);
        return NULL;
    }
    hb_face_t *face = hb_face_create_for_tables(plan_face_table, pf, plan_face_free);
    if (face == hb_face_get_empty())
        return NULL; /* HarfBuzz has freed pf */
    return face;
}

/* The subset input: a TrueType face's glyphs, or a CFF face's private
 * code points (plan_face_new). */
static hb_subset_input_t *subset_input(const bk_face *f, const uint32_t *gids,
                                       size_t n, int is_cff)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *want = is_cff ? hb_subset_input_unicode_set(in) : hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < n; i++)
        if (!is_cff || (gids[i] != 0 && gids[i] < f->nglyphs))
            hb_set_add(want, is_cff ? GLYPH_CP_BASE + gids[i] : gids[i]);
    /* A PDF viewer only draws outlines: layout tables would be dead weight,
     * and dropping GSUB also keeps the closure from pulling in glyphs the
     * document never shows. Hints are dropped for size. A CFF program is
     * embedded as the bare CFF table, so no other table is made at all. */
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "BASE",
                                          "JSTF", "MATH", "kern", "vhea",
                                          "vmtx", "VORG", "DSIG", "morx"};
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
    if (is_cff) {
        hb_tag_t tags[64];
        unsigned offset = 0, count;
        do {
            count = sizeof tags / sizeof *tags;
            hb_face_get_table_tags(f->face, offset, &count, tags);
            for (unsigned i = 0; i < count; i++)
                if (tags[i] != HB_TAG('C', 'F', 'F', ' '))
                    hb_set_add(drop, tags[i]);
            offset += count;
        } while (count == sizeof tags / sizeof *tags);
    }
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
                                      (is_cff ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0));
    if (!hb_set_allocation_successful(drop) || !hb_set_allocation_successful(want)) {
        hb_subset_input_destroy(in);
        return NULL;
    }
    return in;
}

/* Fills map (old -> new, 0 for glyphs not kept); 0 if a requested glyph
 * was not kept. */
static int fill_map(const bk_face *f, hb_subset_plan_t *plan,
                    const uint32_t *gids, size_t n, uint32_t *map)
{
    memset(map, 0, (size_t)f->nglyphs * sizeof(*map));
    const hb_map_t *n2o = hb_subset_plan_new_to_old_glyph_mapping(plan);
    unsigned kept = hb_map_get_population(n2o);
    for (unsigned g = 0; g < kept; g++) {
        hb_codepoint_t old = hb_map_get(n2o, g);
        if (old < f->nglyphs)
            map[old] = g;
    }
    for (size_t i = 0; i < n; i++)
        if (gids[i] != 0 && gids[i] < f->nglyphs && map[gids[i]] == 0)
            return 0;
    return 1;
}

bk_status bk_face_subset(bk_ctx *ctx, bk_face *f, const uint32_t *gids,
                         size_t n, int is_cff, unsigned char **data,
                         size_t *size, uint32_t *map)
{
    bk_status st = BK_OK;
    hb_face_t *source = NULL;
    hb_subset_input_t *in = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    *data = NULL;
    *size = 0;
    /* The TrueType faces are small: they keep the plain glyph plan. */
    source = is_cff ? plan_face_new(f, gids, n) : hb_face_reference(f->face);
    if (!source || !(in = subset_input(f, gids, n, is_cff))) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (!(plan = hb_subset_plan_create_or_fail(source, in)))
        goto fail;
    if (!fill_map(f, plan, gids, n, map))
        goto done; /* the caller finds out which glyph is missing */
    sub = hb_subset_plan_execute_or_fail(plan);
    if (!sub)
        goto fail;
    blob = is_cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
                  : hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *p = hb_blob_get_data(blob, &len);
    if (!p || len == 0)
        goto fail;
    *data = malloc(len);
    if (!*data) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    memcpy(*data, p, len);
    *size = len;
    goto done;
fail:
    st = BK_EINPUT; /* a damaged face: the caller names its file */
done:
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    hb_face_destroy(source);
    return st;
}
