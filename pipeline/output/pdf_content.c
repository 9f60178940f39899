/* pdf_content.c — content streams of the PDF backend (pdf_private.h):
 * glyph runs as raw TJ operators (a cluster whose glyphs do not map one to
 * one to its characters in an /ActualText span), paths as raw operators,
 * and their colours in DeviceGray or DeviceCMYK.
 */
#include "pdf_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>


/* Short texts (most clusters are one character: one byte of Latin, two
 * or three of Vietnamese or Han) compared inline (once per glyph drawn). */
__attribute__((always_inline)) static inline int slice_eq(bk_pdf_slice a, const char *s, size_t n)
{
    if (!a.s || a.len != n)
        return 0;
    switch (n) {
    case 1:
        return a.s[0] == s[0];
    case 2:
        return a.s[0] == s[0] && a.s[1] == s[1];
    case 3:
        return a.s[0] == s[0] && a.s[1] == s[1] && a.s[2] == s[2];
    default:
        return memcmp(a.s, s, n) == 0;
    }
}

/* The fill colour the content stream has set, so text only changes it when
 * a run's colour differs. Path colours are set inside q/Q, so they do not
 * disturb this. */
typedef struct fill_state {
    bk_color c;
} fill_state;

static bk_color norm_color(bk_color c)
{
    bk_color r = {1, {0, 0, 0, 0}};
    if (c.n == 4)
        r.n = 4;
    for (int k = 0; k < r.n && (c.n == 1 || c.n == 4); k++) {
        double v = c.c[k];
        r.c[k] = !isfinite(v) || v < 0 ? 0 : v > 1 ? 1 : v;
    }
    return r; /* n == 0 (unset) means black */
}

static int color_eq(bk_color a, bk_color b)
{
    if (a.n != b.n)
        return 0;
    for (int k = 0; k < a.n; k++)
        if (llround(a.c[k] * 1000) != llround(b.c[k] * 1000))
            return 0;
    return 1;
}

/* Numbers formatted before on the page: a justified or letter-spaced
 * page repeats a few adjustments line after line, its lines start at a
 * few x, a line's runs share their y, and its runs a few sizes; the
 * digits are a function of the value's bits. Direct-mapped; len 0:
 * empty. */
#define ADJ_SLOTS 256
typedef struct adj_cache {
    uint64_t key[ADJ_SLOTS];
    unsigned char len[ADJ_SLOTS];
    char s[ADJ_SLOTS][16];
} adj_cache;

/* bk_pdf_format_num(out, v) (out: at least 32 bytes), from the cache when
 * it holds v. */
__attribute__((always_inline)) static inline size_t adj_format(adj_cache *c, char *out, double v)
{
    uint64_t k;
    memcpy(&k, &v, sizeof k);
    size_t h = (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 56);
    if (c->len[h] && c->key[h] == k) {
        memcpy(out, c->s[h], sizeof c->s[h]);
        return c->len[h];
    }
    size_t n = bk_pdf_format_num(out, v);
    if (n <= sizeof c->s[h]) {
        c->key[h] = k;
        c->len[h] = (unsigned char)n;
        memcpy(c->s[h], out, sizeof c->s[h]);
    }
    return n;
}

/* A TJ array being written: glyph codes gather in one hex string until an
 * adjustment or the end. Codes and adjustments collect in pend and reach
 * the buffer a few hundred bytes at a time (most of a content stream is
 * glyph codes); tj_close writes them out, so anything else written to b
 * comes after a tj_close. */
typedef struct tj {
    bk_buf *b;
    int open, hex;
    int r;
    size_t np;
    char pend[512];
    /* the last adjustment and its digits: a justified or letter-spaced
     * line repeats one value glyph after glyph, and the digits are a
     * function of the value (nlast 0: none yet) */
    double last;
    size_t nlast;
    char last_s[32];
    adj_cache *ac;
} tj;

static void tj_flush(tj *t)
{
    if (t->np) {
        t->r |= bk_buf_append(t->b, t->pend, t->np);
        t->np = 0;
    }
}

/* Room for n more bytes in pend (n at most 96). */
static char *tj_room(tj *t, size_t n)
{
    if (t->np + n > sizeof t->pend)
        tj_flush(t);
    return t->pend + t->np;
}

/* "00" to "FF": a byte's two hex digits at a step. */
static const char hex_pairs[513] =
    "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
    "202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F"
    "404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F"
    "606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F"
    "808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F"
    "A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"
    "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"
    "E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF";

/* A glyph's code: four hex digits written here (every glyph drawn), more
 * by bk_pdf_hex4. */
static inline void tj_glyph(tj *t, uint32_t code)
{
    char *s = tj_room(t, 10);
    size_t n = 0;
    if (!t->open) {
        s[n++] = '[';
        t->open = 1;
    }
    if (!t->hex) {
        s[n++] = '<';
        t->hex = 1;
    }
    if (code <= 0xFFFF) {
        memcpy(s + n, hex_pairs + 2 * (code >> 8), 2);
        memcpy(s + n + 2, hex_pairs + 2 * (code & 0xFF), 2);
        n += 4;
    } else {
        n += bk_pdf_hex4(s + n, code);
    }
    t->np += n;
}

/* Inline at both of its calls: once for every justified glyph. */
__attribute__((always_inline)) static inline void tj_adjust(tj *t, double thousandths)
{
    char *s = tj_room(t, 1 + sizeof t->last_s);
    size_t n = 0;
    if (t->hex) {
        s[n++] = '>';
        t->hex = 0;
    }
    if (t->nlast == 0 || thousandths != t->last) {
        t->nlast = bk_pdf_format_num(t->last_s, thousandths);
        t->last = thousandths;
    }
    memcpy(s + n, t->last_s, sizeof t->last_s); /* whole: a fixed-size copy */
    t->np = t->np + n + t->nlast;
}

static void tj_close(tj *t)
{
    char *s = tj_room(t, 8);
    size_t n = 0;
    if (t->hex) {
        s[n++] = '>';
        t->hex = 0;
    }
    if (t->open) {
        memcpy(s + n, "]TJ\n", 4);
        n += 4;
        t->open = 0;
    }
    t->np += n;
    tj_flush(t);
}

/* The text matrix for a pen at (x, y) of the run's own baseline (origin
 * at the run's pen origin): "1 0 0 1 X Y Tm" upright, "cos sin -sin cos X
 * Y Tm" for a run rotated by its angle about its origin. */
static void put_tm(tj *t, const bk_glyph_run *r, double x, double y)
{
    tj_close(t);
    double px = x, py = y;
    if (r->angle != 0) {
        double a = r->angle * 3.14159265358979323846 / 180, c = cos(a), s = sin(a);
        double dx = x - r->x, dy = y - r->y;
        px = r->x + dx * c - dy * s;
        py = r->y + dx * s + dy * c;
        double m[4] = {c, s, -s, c};
        for (int k = 0; k < 4; k++) {
            t->r |= bk_pdf_put_num(t->b, fabs(m[k]) < 5e-7 ? 0 : m[k]);
            t->r |= bk_buf_puts(t->b, " ");
        }
    } else { /* upright: the operator joins the glyphs gathering in pend */
        char *o = tj_room(t, 8 + 2 * 32 + 4);
        size_t n = 8;
        memcpy(o, "1 0 0 1 ", 8);
        n += adj_format(t->ac, o + n, px); /* a page's lines share x, a line's runs y */
        o[n++] = ' ';
        n += adj_format(t->ac, o + n, py);
        memcpy(o + n, " Tm\n", 4);
        t->np += n + 4;
        return;
    }
    t->r |= bk_pdf_put_num(t->b, px);
    t->r |= bk_buf_puts(t->b, " ");
    t->r |= bk_pdf_put_num(t->b, py);
    t->r |= bk_buf_puts(t->b, " Tm\n");
}

/* Clusters from glyph g on that are one glyph showing its own ToUnicode
 * text (most of a page), as emit_run shows them: returns the first glyph of
 * a cluster that needs more (several glyphs, ActualText, a glyph no run
 * recorded, text bounds bk_pdf_cluster_next would cut), or r->n. Only for
 * upright runs without offsets or gaps, and at most the first glyph of the
 * run needs its Tm. The codes go straight into pend and the run's, the
 * font's and the TJ's fields are held in locals: every byte stored through
 * a char pointer may alias them, so each glyph would load them again. */
static size_t plain_clusters(tj *t, const bk_glyph_run *r, const bk_pdf_font *u, size_t g,
                             double *px, int *need_tm)
{
    const size_t n = r->n, textlen = r->textlen;
    const uint32_t *cl = r->cluster, *gids = r->gids, *slot = u->slot;
    const double *adv = r->advance, size = r->size;
    const char *text = r->text;
    const bk_pdf_glyph *glyphs = u->glyph;
    const size_t ng = slot ? u->nglyphs : 0;
    double x = *px, last = t->last;
    size_t nlast = t->nlast;
    int hex = t->hex;
    char *p = t->pend + t->np;
    /* room for a glyph and an adjustment (1 + 1 + 8, 1 + sizeof last_s)
     * below lim; while a Tm or [ is to be written, lim is pend's start */
    char *const room = t->pend + sizeof t->pend - (10 + 1 + sizeof t->last_s) + 1;
    char *lim = t->open && !*need_tm ? room : t->pend;
    for (; g < n; g++) {
        uint32_t c0 = cl[g], gid = gids[g];
        size_t e = g + 1;
        /* where the next cluster starts (the text's end after the last):
         * the same start is a cluster of several glyphs (or, after the
         * last, an empty one), left to the general path */
        size_t t1 = e < n ? cl[e] : textlen;
        if (t1 == c0 || gid >= ng)
            break;
        uint32_t sl = slot[gid];
        if (!sl)
            break;
        size_t t0 = g == 0 ? 0 : c0;
        const bk_pdf_glyph *gl = &glyphs[sl - 1];
        /* the cluster's text is the glyph's one character (its word); t1
         * before t0 wraps past every length */
        if (t1 - t0 != gl->one_len)
            break;
        uint32_t w;
        if (t0 + 4 <= textlen) { /* and so t1 <= textlen */
            memcpy(&w, text + t0, 4);
            w &= gl->one_mask;
        } else { /* (through a buffer: w stays out of memory) */
            unsigned char tail[4] = {0, 0, 0, 0};
            if (t1 > textlen)
                break;
            memcpy(tail, text + t0, t1 - t0);
            memcpy(&w, tail, 4);
        }
        if (w != gl->one_bytes)
            break;
        if (p >= lim) {
            t->np = (size_t)(p - t->pend);
            t->hex = hex;
            if (*need_tm) {
                put_tm(t, r, x, r->y);
                *need_tm = 0;
            }
            tj_flush(t);
            p = t->pend;
            if (!t->open) {
                *p++ = '[';
                t->open = 1;
            }
            hex = t->hex;
            lim = room;
        }
        if (!hex) {
            *p++ = '<';
            hex = 1;
        }
        uint32_t code = gl->code;
        if (code <= 0xFFFF) {
            memcpy(p, gl->code_hex, 4);
            p += 4;
        } else {
            p += bk_pdf_hex4(p, code);
        }
        double adj = gl->width - adv[g] * 1000.0 / size;
        if (!(fabs(adj * 1000) < 0.5)) {
            *p++ = '>';
            hex = 0;
            if (nlast == 0 || adj != last) {
                nlast = adj_format(t->ac, t->last_s, adj);
                last = adj;
            }
            memcpy(p, t->last_s, sizeof t->last_s); /* whole: a fixed-size copy */
            p += nlast;
        }
        x += adv[g];
    }
    t->np = (size_t)(p - t->pend);
    t->hex = hex;
    t->last = last;
    t->nlast = nlast;
    *px = x;
    return g;
}

/* A run's fill colour when it changes (fs follows it) and its
 * "BT /Fn size Tf"; 0 or -1. */
static int run_head(bk_buf *b, const bk_glyph_run *r, const char *fname, fill_state *fs,
                    adj_cache *ac)
{
    int ret = 0;
    bk_color col = norm_color(r->color);
    if (!color_eq(col, fs->c)) {
        for (int k = 0; k < col.n; k++) {
            ret |= bk_pdf_put_num(b, col.c[k]);
            ret |= bk_buf_puts(b, " ");
        }
        ret |= bk_buf_puts(b, col.n == 4 ? "k\n" : "g\n");
        fs->c = col;
    }
    /* "BT /Fn size Tf", appended at once (fname is a short name) */
    size_t fl = strlen(fname), hn = 4 + fl;
    char head[4 + BK_PDF_MAX_NAME_LEN + 1 + 32 + 4];
    if (fl > BK_PDF_MAX_NAME_LEN)
        return -1;
    memcpy(head, "BT\n/", 4);
    memcpy(head + 4, fname, fl);
    head[hn++] = ' ';
    hn += adj_format(ac, head + hn, r->size); /* the runs of a page share a few sizes */
    memcpy(head + hn, " Tf\n", 4);
    ret |= bk_buf_append(b, head, hn + 4);
    return ret;
}

/* The glyphs of cluster c (its first glyph's entry `first`) at *x: a
 * glyph with an offset in a Tm of its own, the others into the open TJ
 * with an adjustment where the advance differs from the /W width; a gap
 * after a glyph (in_actual) shown as the glyph's copy whose advance
 * includes it (pdf_gap.c). */
static void cluster_glyphs(tj *t, const bk_glyph_run *r, const bk_pdf_font *u,
                           const bk_pdf_cluster *c, const bk_pdf_glyph *first,
                           int in_actual, double *x, double y, int *need_tm)
{
    const int offsets = r->xoff || r->yoff;
    for (size_t i = c->g0; i < c->g1; i++) {
        uint32_t gid = r->gids[i];
        int extra = in_actual ? bk_pdf_gap_extra(u, r, i, in_actual) : 0;
        const bk_pdf_gap *gap = extra ? bk_pdf_gap_find(u, gid, extra) : NULL;
        if (gap && !gap->made)
            gap = NULL;
        const bk_pdf_glyph *gl = i == c->g0 ? first : bk_pdf_font_glyph(u, gid);
        uint32_t code = gap ? gap->code : gl->code;
        int width = gap ? gap->width : gl->width;
        double xo = 0, yo = 0;
        if (offsets) {
            xo = r->xoff ? r->xoff[i] : 0;
            yo = r->yoff ? r->yoff[i] : 0;
        }
        if (offsets && (fabs(xo) > 1e-6 || fabs(yo) > 1e-6)) {
            put_tm(t, r, *x + xo, y + yo);
            tj_glyph(t, code);
            tj_close(t);
            *need_tm = 1;
        } else {
            if (*need_tm) {
                put_tm(t, r, *x, y);
                *need_tm = 0;
            }
            tj_glyph(t, code);
            double adj = width - r->advance[i] * 1000.0 / r->size;
            /* llround(adj * 1000) != 0, without the call */
            if (!(fabs(adj * 1000) < 0.5))
                tj_adjust(t, adj);
        }
        *x += r->advance[i];
    }
}

/* Writes one glyph run as a text object:
 *   BT /Fn size Tf 1 0 0 1 x y Tm [<codes> adj <codes>] TJ ET
 * An adjustment follows a glyph whose advance differs from its /W width
 * (kerning, justification); a glyph with an offset gets its own Tm. */
static int emit_run(bk_buf *b, const bk_glyph_run *r, const bk_pdf_font *u,
                    const char *fname, fill_state *fs, int in_actual, adj_cache *ac)
{
    tj t; /* pend is written before it is read */
    t.b = b;
    t.ac = ac;
    t.open = t.hex = t.r = 0;
    t.np = 0;
    t.nlast = 0;
    memset(t.last_s, 0, sizeof t.last_s);
    if (run_head(b, r, fname, fs, ac))
        return -1;
    /* a rotated run (a name along its river) is one /ActualText span:
     * extraction takes a slanted baseline apart glyph by glyph */
    int whole = r->angle != 0;
    if (whole) {
        t.r |= bk_buf_puts(b, "/Span<</ActualText<FEFF");
        if (bk_pdf_put_utf16_hex(b, r->text, r->textlen) < 0)
            t.r = -1;
        t.r |= bk_buf_puts(b, ">>>BDC\n");
    }
    double x = r->x, y = r->y;
    int need_tm = 1;
    const int offsets = r->xoff || r->yoff; /* most runs have none */
    const int plain = !offsets && !in_actual; /* no glyph has an offset or a gap */
    bk_pdf_cluster c;
    for (size_t g = 0; bk_pdf_cluster_next(r, g, &c); g = c.g1) {
        if (plain && !whole) {
            g = plain_clusters(&t, r, u, g, &x, &need_tm);
            if (!bk_pdf_cluster_next(r, g, &c))
                break;
        }
        const char *ct = r->text + c.t0;
        size_t cl = c.t1 - c.t0;
        const bk_pdf_glyph *first = bk_pdf_font_glyph(u, r->gids[c.g0]);
        /* ActualText where ToUnicode alone would not give the cluster's
         * text back: several glyphs, several characters (ligatures), or a
         * glyph whose ToUnicode entry holds another text */
        int actual = !whole && (c.g1 - c.g0 != 1 || !slice_eq(first->uni, ct, cl) ||
                                !first->uni_one);
        if (plain && !actual && c.g1 - c.g0 == 1) {
            /* most clusters: one glyph, shown as the loop below shows it */
            if (need_tm) {
                put_tm(&t, r, x, y);
                need_tm = 0;
            }
            tj_glyph(&t, first->code);
            double adj = first->width - r->advance[c.g0] * 1000.0 / r->size;
            if (!(fabs(adj * 1000) < 0.5))
                tj_adjust(&t, adj);
            x += r->advance[c.g0];
            continue;
        }
        if (actual) {
            tj_close(&t);
            t.r |= bk_buf_puts(b, "/Span<</ActualText<FEFF");
            if (bk_pdf_put_utf16_hex(b, ct, cl) < 0)
                t.r = -1;
            t.r |= bk_buf_puts(b, ">>>BDC\n");
        }
        cluster_glyphs(&t, r, u, &c, first, in_actual, &x, y, &need_tm);
        if (actual) {
            tj_close(&t);
            t.r |= bk_buf_puts(b, "EMC\n");
        }
    }
    tj_close(&t);
    if (whole)
        t.r |= bk_buf_puts(b, "EMC\n");
    t.r |= bk_buf_puts(b, "ET\n");
    return t.r ? -1 : 0;
}

/* Appends "c k" / "c m y k k" (fill) or "G" / "K" (stroke): DeviceGray or
 * DeviceCMYK only, never RGB. */
static int put_color(bk_buf *b, bk_color c, int stroke)
{
    int r = 0;
    c = norm_color(c);
    for (int k = 0; k < c.n; k++) {
        r |= bk_pdf_put_num(b, c.c[k]);
        r |= bk_buf_puts(b, " ");
    }
    r |= bk_buf_puts(b, c.n == 4 ? (stroke ? "K\n" : "k\n") : (stroke ? "G\n" : "g\n"));
    return r;
}

/* The operators of a non-empty path, inside q/Q. */
static bk_status emit_path_ops(bk_pdf_job *j, bk_buf *b, const bk_path *p)
{
    if (p->ops[0].op != BK_PATH_MOVE)
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: path does not start with a moveto");
    int r = bk_buf_puts(b, "q\n");
    if (p->fill)
        r |= put_color(b, p->fill_color, 0);
    if (p->stroke) {
        double lw = p->line_width > 0 ? p->line_width : 0;
        r |= put_color(b, p->stroke_color, 1);
        r |= bk_pdf_put_pt(b, &lw, 1, "w\n");
        /* round joins come with round caps (halos, rivers) */
        if (p->line_join == 1)
            r |= bk_buf_puts(b, "1 j 1 J\n");
        else if (p->line_join == 2)
            r |= bk_buf_puts(b, "2 j\n");
    }
    for (size_t i = 0; i < p->n; i++) {
        const double *q = p->ops[i].pt;
        switch (p->ops[i].op) {
        case BK_PATH_MOVE:
            r |= bk_pdf_put_pt(b, q, 2, "m\n");
            break;
        case BK_PATH_LINE:
            r |= bk_pdf_put_pt(b, q, 2, "l\n");
            break;
        case BK_PATH_CURVE:
            r |= bk_pdf_put_pt(b, q, 6, "c\n");
            break;
        case BK_PATH_CLOSE:
            r |= bk_buf_puts(b, "h\n");
            break;
        default:
            return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: unknown path operator %d", p->ops[i].op);
        }
    }
    const char *paint = p->fill && p->stroke ? (p->evenodd ? "B*" : "B")
                        : p->fill            ? (p->evenodd ? "f*" : "f")
                        : p->stroke          ? "S"
                                             : "n";
    r |= bk_buf_puts(b, paint) | bk_buf_append(b, "\nQ\n", 3);
    return r ? bk_pdf_oom(j) : BK_OK;
}

/* Writes a path as raw operators inside q/Q, so its colours and line width
 * do not leak into later items (nor into the text's fill state). */
static bk_status emit_path(bk_pdf_job *j, bk_buf *b, const bk_path *p)
{
    if (p->n == 0)
        return BK_OK;
    /* the run's outputs draw the same paths in the same order (a map is
     * most of its page): the bytes are formatted once and kept in a shared
     * cache */
    size_t seq = j->paths_drawn++, len = 0, start = b->len;
    const char *kept = j->own_cache ? NULL : bk_pdf_cache_path(j->cache, seq, p, &len);
    if (kept)
        return bk_buf_append(b, kept, len) ? bk_pdf_oom(j) : BK_OK;
    bk_status st = emit_path_ops(j, b, p);
    if (!st && !j->own_cache &&
        bk_pdf_cache_path_keep(j->cache, seq, p, b->data + start, b->len - start))
        st = bk_pdf_oom(j);
    return st;
}

/* A glyph run: its bytes as an earlier output of the run drew them (the
 * same run, font name, fill colour before it and span), else formatted and
 * kept for the next output. */
static bk_status draw_run(bk_pdf_job *j, bk_buf *b, const bk_glyph_run *r,
                          const bk_pdf_font *u, const char *fname, fill_state *fs,
                          int in_actual, adj_cache *ac)
{
    size_t seq = j->runs_drawn++, len = 0, start = b->len;
    const char *kept = j->own_cache ? NULL
                                    : bk_pdf_cache_run(j->cache, seq, r, fname, &fs->c,
                                                       in_actual, &len);
    if (kept) {
        bk_color col = norm_color(r->color);
        if (!color_eq(col, fs->c)) /* as emit_run leaves it */
            fs->c = col;
        return bk_buf_append(b, kept, len) ? bk_pdf_oom(j) : BK_OK;
    }
    bk_color before = fs->c;
    if (emit_run(b, r, u, fname, fs, in_actual, ac) < 0)
        return bk_pdf_oom(j);
    if (!j->own_cache && bk_pdf_cache_run_keep(j->cache, seq, r, fname, &before, in_actual,
                                               b->data + start, b->len - start))
        return bk_pdf_oom(j);
    return BK_OK;
}

/* The fonts a frame's runs used so far and their names in its resources:
 * a page shows a few fonts run after run, and libharu looks each up by a
 * search of the resources (the names stay where libharu keeps them). */
#define FONT_NAMES 8
typedef struct font_names {
    bk_pdfobj *type0[FONT_NAMES];
    const char *name[FONT_NAMES];
    size_t n;
} font_names;

static const char *font_name(bk_pdf_target *t, bk_pdfobj *type0)
{
    if (t->page)
        return bk_pdfpage_font_name(t->page, type0);
    const char *key = bk_pdfobj_key_of(t->fonts, type0);
    if (key)
        return key;
    char name[24];
    snprintf(name, sizeof name, "F%u", (unsigned)bk_pdfobj_count(t->fonts) + 1);
    if (bk_pdfobj_set(t->fonts, name, type0))
        return NULL;
    return bk_pdfobj_key_of(t->fonts, type0);
}

static const char *font_name_kept(bk_pdf_target *t, bk_pdfobj *type0, font_names *fn)
{
    for (size_t i = 0; i < fn->n; i++)
        if (fn->type0[i] == type0)
            return fn->name[i];
    const char *name = font_name(t, type0);
    if (name && fn->n < FONT_NAMES) {
        fn->type0[fn->n] = type0;
        fn->name[fn->n++] = name;
    }
    return name;
}

/* Appends the drawing of frame pi (glyph runs and paths, in frame
 * coordinates) to b. */
bk_status bk_pdf_content_frame(bk_pdf_job *j, size_t pi, bk_pdf_target *t, bk_buf *b)
{
    const bk_page *p = j->frames->pages[pi];
    fill_state fs = {{1, {0, 0, 0, 0}}}; /* the PDF default: black */
    bk_status st = BK_OK;
    bk_pdf_tags *tags = t->page ? j->tags : NULL; /* forms are not tagged */
    bk_pdf_gapscan gs = {0, 0};
    font_names fn = {.n = 0};
    adj_cache ac; /* keys are written before they are read */
    memset(ac.len, 0, sizeof ac.len);
    if (tags && bk_pdf_tags_page_begin(tags, pi))
        return bk_pdf_oom(j);
    for (size_t k = 0; k < p->n && !st; k++) {
        const bk_item *it = &p->items[k];
        bk_pdf_gapscan_item(&gs, it);
        if (tags && bk_pdf_tags_item(tags, it, k, b)) {
            st = bk_pdf_oom(j);
            break;
        }
        if (it->kind == BK_ITEM_GLYPHS) {
            const bk_glyph_run *r = &it->u.glyphs;
            if (r->n == 0 || !(r->size > 0))
                continue;
            bk_pdf_font *u = &j->fu[r->font];
            const char *fname = font_name_kept(t, u->type0, &fn);
            if (!fname)
                st = bk_pdf_fail(j, "adding a font to a page");
            else
                st = draw_run(j, b, r, u, fname, &fs, gs.act != 0, &ac);
        } else if (it->kind == BK_ITEM_PATH) {
            st = emit_path(j, b, &it->u.path);
        }
    }
    if (!st && tags && bk_pdf_tags_page_end(tags, b))
        st = bk_pdf_oom(j);
    return st;
}

bk_status bk_pdf_content_write(bk_pdf_job *j, bk_pdfobj *d, const bk_buf *b)
{
    if (bk_pdf_stream_put(j, d, b->data, b->len) != 0)
        return bk_pdf_fail(j, "writing page content");
    return BK_OK;
}
