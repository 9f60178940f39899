/* pdf_cff.c — which CID each glyph of a subset CFF has (pdf_private.h).
 *
 * hb-subset keeps a CID-keyed CFF CID-keyed, and keeps each glyph's CID
 * from the original charset. A PDF viewer finds the glyph for a CID through
 * that charset, so the content must show CIDs, not new glyph ids. This
 * reads the charset of the subset CFF; a name-keyed CFF is shown by glyph
 * id (ISO 32000-1, 9.7.4.2).
 *
 * It also adds glyph copies with other advances (pdf_gap.c) to a subset
 * CID-keyed CFF (a name-keyed one is left alone): charset, FDSelect and
 * CharStrings are written anew at the end, the data after them moves up,
 * and the offsets hb-subset wrote in 5-byte form (Top DICT, each Font
 * DICT's Private) are patched in place.
 */
#include "pdf_private.h"

#include <stdlib.h>
#include <string.h>

typedef struct cff_rd {
    const unsigned char *p;
    size_t n;
} cff_rd;

static int cff_index(cff_rd *d, size_t off, size_t *count, size_t *data0,
                     size_t *offs_at, unsigned *osz, size_t *end)
{
    if (off + 2 > d->n)
        return -1;
    *count = (size_t)d->p[off] << 8 | d->p[off + 1];
    if (*count == 0) {
        *end = off + 2;
        return 0;
    }
    if (off + 3 > d->n)
        return -1;
    *osz = d->p[off + 2];
    if (*osz < 1 || *osz > 4)
        return -1;
    *offs_at = off + 3;
    size_t last_at = *offs_at + *count * *osz;
    if (last_at + *osz > d->n)
        return -1;
    size_t last = 0;
    for (unsigned k = 0; k < *osz; k++)
        last = last << 8 | d->p[last_at + k];
    *data0 = last_at + *osz - 1; /* offsets are 1-based */
    *end = *data0 + last;
    return *end <= d->n ? 0 : -1;
}

static size_t cff_offset(cff_rd *d, size_t offs_at, unsigned osz, size_t i)
{
    size_t v = 0;
    for (unsigned k = 0; k < osz; k++)
        v = v << 8 | d->p[offs_at + i * osz + k];
    return v;
}

/* Reads a Top DICT: whether it has ROS, and the charset and CharStrings
 * offsets. */
static int cff_topdict(const unsigned char *p, size_t n, int *ros,
                       long *charset, long *charstrings)
{
    long ops[48];
    int nops = 0;
    for (size_t i = 0; i < n;) {
        unsigned b = p[i];
        if (b <= 21) {
            unsigned op = b;
            i++;
            if (b == 12) {
                if (i >= n)
                    return -1;
                op = 1200 + p[i++];
            }
            if (op == 1230)
                *ros = 1;
            else if (op == 15 && nops >= 1)
                *charset = ops[nops - 1];
            else if (op == 17 && nops >= 1)
                *charstrings = ops[nops - 1];
            nops = 0;
            continue;
        }
        long v = 0;
        if (b == 28) {
            if (i + 3 > n)
                return -1;
            v = (int16_t)(p[i + 1] << 8 | p[i + 2]);
            i += 3;
        } else if (b == 29) {
            if (i + 5 > n)
                return -1;
            v = (int32_t)((uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 |
                          (uint32_t)p[i + 3] << 8 | p[i + 4]);
            i += 5;
        } else if (b == 30) { /* real: skip nibbles up to 0xf */
            i++;
            while (i < n && (p[i] & 0x0F) != 0x0F && (p[i] >> 4) != 0x0F)
                i++;
            i++;
        } else if (b >= 32 && b <= 246) {
            v = (long)b - 139;
            i++;
        } else if (b >= 247 && b <= 250) {
            if (i + 2 > n)
                return -1;
            v = ((long)b - 247) * 256 + p[i + 1] + 108;
            i += 2;
        } else if (b >= 251 && b <= 254) {
            if (i + 2 > n)
                return -1;
            v = -((long)b - 251) * 256 - p[i + 1] - 108;
            i += 2;
        } else {
            return -1;
        }
        if (nops < 48)
            ops[nops++] = v;
    }
    return 0;
}

static int charset_read(const unsigned char *p, size_t n, size_t at, size_t ng,
                        uint32_t *v, size_t *end);

/* Reads the CID of every glyph of a subset CFF into *cid (malloc'd, one
 * entry per glyph, *nglyphs entries). Returns 0, or -1 when the CFF cannot
 * be read or memory runs out. */
int bk_pdf_cff_cids(const unsigned char *p, size_t n, uint32_t **cid,
                    size_t *nglyphs)
{
    cff_rd d = {p, n};
    size_t count, data0, offs_at, end;
    unsigned osz = 0;
    *cid = NULL;
    *nglyphs = 0;
    if (n < 4 || p[2] < 4)
        return -1;
    /* Name INDEX, then Top DICT INDEX */
    if (cff_index(&d, p[2], &count, &data0, &offs_at, &osz, &end))
        return -1;
    if (cff_index(&d, end, &count, &data0, &offs_at, &osz, &end) || count < 1)
        return -1;
    size_t a = data0 + cff_offset(&d, offs_at, osz, 0);
    size_t b = data0 + cff_offset(&d, offs_at, osz, 1);
    if (a > b || b > n)
        return -1;
    int ros = 0;
    long charset = 0, charstrings = -1;
    if (cff_topdict(p + a, b - a, &ros, &charset, &charstrings))
        return -1;
    if (charstrings <= 0 || (size_t)charstrings >= n)
        return -1;
    size_t ng;
    if (cff_index(&d, (size_t)charstrings, &ng, &data0, &offs_at, &osz, &end) ||
        ng == 0)
        return -1;
    uint32_t *c = malloc(ng * sizeof(*c));
    if (!c)
        return -1;
    for (size_t g = 0; g < ng; g++)
        c[g] = (uint32_t)g;
    *cid = c;
    *nglyphs = ng;
    /* name-keyed: CIDs are glyph ids; predefined charsets (offsets 0..2)
     * do not apply to CID fonts */
    if (!ros || charset <= 2)
        return 0;
    return charset_read(p, n, (size_t)charset, ng, c, &end);
}

/* ---- glyph copies (pdf_gap.c) ------------------------------------------ */

/* A DICT operand: its value, and where its bytes are when it was written
 * in the 5-byte form (op 29), which can be patched in place. */
typedef struct dict_op {
    unsigned op;   /* 0..21, or 1200 + escaped */
    long arg[2];   /* the last two operands */
    size_t at[2];  /* their offsets when 5-byte, else 0 */
    int nargs;
    int real;      /* an operand was a real */
} dict_op;

/* Calls fn for each operator of a DICT (at offset base in the file). */
static int dict_walk(const unsigned char *p, size_t n, size_t base,
                     int (*fn)(const dict_op *, void *), void *ud)
{
    dict_op d = {0, {0, 0}, {0, 0}, 0, 0};
    for (size_t i = 0; i < n;) {
        unsigned b = p[i];
        long v = 0;
        size_t at = 0;
        if (b <= 21) {
            d.op = b;
            i++;
            if (b == 12) {
                if (i >= n)
                    return -1;
                d.op = 1200 + p[i++];
            }
            if (fn(&d, ud))
                return -1;
            d = (dict_op){0, {0, 0}, {0, 0}, 0, 0};
            continue;
        }
        if (b == 28 && i + 3 <= n) {
            v = (int16_t)(p[i + 1] << 8 | p[i + 2]);
            i += 3;
        } else if (b == 29 && i + 5 <= n) {
            v = (int32_t)((uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 |
                          (uint32_t)p[i + 3] << 8 | p[i + 4]);
            at = base + i + 1;
            i += 5;
        } else if (b == 30) {
            i++;
            while (i < n && (p[i] & 0x0F) != 0x0F && (p[i] >> 4) != 0x0F)
                i++;
            i++;
            d.real = 1;
        } else if (b >= 32 && b <= 246) {
            v = (long)b - 139;
            i++;
        } else if (b >= 247 && b <= 250 && i + 2 <= n) {
            v = ((long)b - 247) * 256 + p[i + 1] + 108;
            i += 2;
        } else if (b >= 251 && b <= 254 && i + 2 <= n) {
            v = -((long)b - 251) * 256 - p[i + 1] - 108;
            i += 2;
        } else {
            return -1;
        }
        d.arg[0] = d.arg[1];
        d.at[0] = d.at[1];
        d.arg[1] = v;
        d.at[1] = at;
        d.nargs++;
    }
    return 0;
}

/* What the copy needs of the font: offsets (and where to patch them). */
typedef struct cff_font {
    int ros;
    long charset, charstrings, fdselect, fdarray, priv_size, priv;
    size_t at_charset, at_charstrings, at_fdselect, at_fdarray, at_priv;
    long cidcount;
} cff_font;

static int top_op(const dict_op *d, void *ud)
{
    cff_font *f = ud;
    long v = d->arg[1];
    size_t at = d->at[1];
    if (d->nargs < 1)
        return 0;
    switch (d->op) {
    case 1230: f->ros = 1; break;
    case 15: f->charset = v; f->at_charset = at; break;
    case 17: f->charstrings = v; f->at_charstrings = at; break;
    case 1237: f->fdselect = v; f->at_fdselect = at; break;
    case 1236: f->fdarray = v; f->at_fdarray = at; break;
    case 1234: f->cidcount = v; break;
    case 18:
        if (d->nargs < 2)
            return -1;
        f->priv_size = d->arg[0];
        f->priv = v;
        f->at_priv = at;
        break;
    }
    return 0;
}

/* A Private DICT's widths and its Subrs offset (relative). */
typedef struct cff_priv {
    long dflt, nominal, subrs;
    int bad;
} cff_priv;

static int priv_op(const dict_op *d, void *ud)
{
    cff_priv *pv = ud;
    if ((d->op == 20 || d->op == 21 || d->op == 19) && (d->real || d->nargs < 1))
        pv->bad = 1;
    else if (d->op == 20)
        pv->dflt = d->arg[1];
    else if (d->op == 21)
        pv->nominal = d->arg[1];
    else if (d->op == 19)
        pv->subrs = d->arg[1];
    return 0;
}

/* A copy of a Type 2 charstring with its width set to width: the width is
 * the first operand before the first stem, moveto or endchar when there is
 * one operand more than the operator takes. -1 when the charstring starts
 * otherwise (a subroutine call) or the width does not fit. */
static long cs_copy(const unsigned char *cs, size_t len, long w, unsigned char *out)
{
    size_t i = 0, first = 0;
    int nargs = 0, has = -1;
    while (i < len && has < 0) {
        unsigned b = cs[i];
        size_t l = b == 28 ? 3 : b >= 32 && b <= 246 ? 1 : b >= 247 && b <= 254 ? 2
                 : b == 255 ? 5 : 0;
        if (l) {
            if (nargs++ == 0)
                first = l;
            i += l;
            continue;
        }
        if (b == 1 || b == 3 || b == 18 || b == 23 || b == 19 || b == 20)
            has = nargs % 2 == 1;
        else if (b == 21)
            has = nargs > 2;
        else if (b == 22 || b == 4)
            has = nargs > 1;
        else if (b == 14)
            has = nargs == 1 || nargs == 5;
        else
            return -1;
    }
    if (has < 0 || i > len || w < -32768 || w > 32767)
        return -1;
    size_t skip = has ? first : 0;
    if (out) {
        out[0] = 28;
        out[1] = (unsigned char)((unsigned long)w >> 8);
        out[2] = (unsigned char)w;
        memcpy(out + 3, cs + skip, len - skip);
    }
    return (long)(3 + len - skip);
}

/* The charset's values (CIDs, or SIDs of a name-keyed font) of ng glyphs
 * into v (v[0] = 0) and where it ends. */
static int charset_read(const unsigned char *p, size_t n, size_t at, size_t ng,
                        uint32_t *v, size_t *end)
{
    if (at >= n)
        return -1;
    unsigned fmt = p[at++];
    size_t g = 1;
    v[0] = 0;
    while (g < ng) {
        if (fmt == 0) {
            if (at + 2 > n)
                return -1;
            v[g++] = (uint32_t)p[at] << 8 | p[at + 1];
            at += 2;
            continue;
        }
        if (fmt != 1 && fmt != 2)
            return -1;
        size_t rl = fmt == 1 ? 3 : 4;
        if (at + rl > n)
            return -1;
        uint32_t first = (uint32_t)p[at] << 8 | p[at + 1];
        size_t left = fmt == 1 ? p[at + 2] : ((size_t)p[at + 2] << 8 | p[at + 3]);
        at += rl;
        for (size_t k = 0; k <= left && g < ng; k++)
            v[g++] = first + (uint32_t)k;
    }
    *end = at;
    return 0;
}

/* The FD of each of ng glyphs and where the FDSelect ends. */
static int fdselect_read(const unsigned char *p, size_t n, size_t at, size_t ng,
                         unsigned char *fd, size_t *end)
{
    if (at >= n)
        return -1;
    unsigned fmt = p[at++];
    if (fmt == 0) {
        if (at + ng > n)
            return -1;
        memcpy(fd, p + at, ng);
        *end = at + ng;
        return 0;
    }
    if (fmt != 3 || at + 2 > n)
        return -1;
    size_t nr = (size_t)p[at] << 8 | p[at + 1];
    at += 2;
    if (at + 3 * nr + 2 > n)
        return -1;
    for (size_t r = 0; r < nr; r++) {
        size_t a = (size_t)p[at + 3 * r] << 8 | p[at + 3 * r + 1];
        size_t b = (size_t)p[at + 3 * r + 3] << 8 | p[at + 3 * r + 4]; /* next or sentinel */
        for (size_t g = a; g < b && g < ng; g++)
            fd[g] = p[at + 3 * r + 2];
    }
    *end = at + 3 * nr + 2;
    return 0;
}

/* A subset CFF taken apart as far as adding glyphs needs. */
typedef struct cff_work {
    const unsigned char *p;
    size_t n, hdr_end; /* hdr_end: after the Global Subr INDEX */
    cff_font f;
    size_t ng, cs_data0, cs_offs_at, cs_end;
    unsigned cs_osz;
    uint32_t *val;     /* charset values */
    size_t charset_end, fdselect_end;
    unsigned char *fd; /* FD of each glyph */
    size_t nfd;
    cff_font *fds;     /* per FD: its Private (priv, priv_size, at_priv) */
    size_t cut[3][2];  /* the ranges replaced: charset, FDSelect, CharStrings */
    size_t ncut;
} cff_work;

static void cff_work_release(cff_work *w)
{
    free(w->val);
    free(w->fd);
    free(w->fds);
}

static int cff_parse_fds(cff_work *w)
{
    cff_rd d = {w->p, w->n};
    size_t count, data0, offs_at, end;
    unsigned osz = 0;
    if (w->f.fdarray <= 0 || !w->f.at_fdarray ||
        cff_index(&d, (size_t)w->f.fdarray, &count, &data0, &offs_at, &osz, &end) || !count)
        return -1;
    w->nfd = count;
    w->fds = calloc(count, sizeof(*w->fds));
    if (!w->fds)
        return -1;
    for (size_t i = 0; i < count; i++) {
        size_t a = data0 + cff_offset(&d, offs_at, osz, i);
        size_t b = data0 + cff_offset(&d, offs_at, osz, i + 1);
        if (a > b || b > w->n || dict_walk(w->p + a, b - a, a, top_op, &w->fds[i]) ||
            !w->fds[i].at_priv)
            return -1;
    }
    for (size_t g = 0; g < w->ng; g++)
        if (w->fd[g] >= count)
            return -1;
    return 0;
}

static int cff_parse(cff_work *w)
{
    cff_rd d = {w->p, w->n};
    size_t count, data0, offs_at, end;
    unsigned osz = 0;
    const unsigned char *p = w->p;
    if (w->n < 4 || p[2] < 4 || cff_index(&d, p[2], &count, &data0, &offs_at, &osz, &end) ||
        cff_index(&d, end, &count, &data0, &offs_at, &osz, &end) || count != 1)
        return -1;
    size_t a = data0 + cff_offset(&d, offs_at, osz, 0), b = end, e2;
    if (dict_walk(p + a, b - a, a, top_op, &w->f) ||
        cff_index(&d, end, &count, &data0, &offs_at, &osz, &e2) || /* strings */
        cff_index(&d, e2, &count, &data0, &offs_at, &osz, &w->hdr_end)) /* gsubrs */
        return -1;
    cff_font *f = &w->f;
    if (!f->ros || f->charset <= 2 || !f->at_charset || f->charstrings <= 0 || !f->at_charstrings ||
        f->fdselect <= 0 || !f->at_fdselect ||
        cff_index(&d, (size_t)f->charstrings, &w->ng, &w->cs_data0, &w->cs_offs_at,
                  &w->cs_osz, &w->cs_end) || !w->ng)
        return -1;
    for (size_t g = 0; g < w->ng; g++) /* charstrings in order, none empty */
        if (cff_offset(&d, w->cs_offs_at, w->cs_osz, g + 1) <=
            cff_offset(&d, w->cs_offs_at, w->cs_osz, g))
            return -1;
    if (cff_offset(&d, w->cs_offs_at, w->cs_osz, 0) != 1)
        return -1;
    w->val = malloc(w->ng * sizeof(*w->val));
    w->fd = calloc(w->ng, 1);
    if (!w->val || !w->fd ||
        charset_read(p, w->n, (size_t)f->charset, w->ng, w->val, &w->charset_end) ||
        fdselect_read(p, w->n, (size_t)f->fdselect, w->ng, w->fd, &w->fdselect_end))
        return -1;
    size_t cut[3][2] = {{(size_t)f->charset, w->charset_end},
                        {(size_t)f->charstrings, w->cs_end},
                        {(size_t)f->fdselect, w->fdselect_end}};
    w->ncut = 3;
    for (size_t i = 0; i < w->ncut; i++) { /* in file order, after the header */
        for (size_t k = i + 1; k < w->ncut; k++)
            if (cut[k][0] < cut[i][0]) {
                size_t t0 = cut[i][0], t1 = cut[i][1];
                cut[i][0] = cut[k][0], cut[i][1] = cut[k][1];
                cut[k][0] = t0, cut[k][1] = t1;
            }
        if (cut[i][0] < w->hdr_end || (i && cut[i][0] < w->cut[i - 1][1]))
            return -1;
        w->cut[i][0] = cut[i][0];
        w->cut[i][1] = cut[i][1];
    }
    return cff_parse_fds(w);
}

/* Where byte x of the old file lands once the cut ranges are gone; -1
 * when x is in one of them. */
static long cff_moved(const cff_work *w, size_t x)
{
    size_t gone = 0;
    for (size_t i = 0; i < w->ncut; i++) {
        if (x >= w->cut[i][0] && x < w->cut[i][1])
            return -1;
        if (x >= w->cut[i][1])
            gone += w->cut[i][1] - w->cut[i][0];
    }
    return (long)(x - gone);
}

static void put32(unsigned char *p, size_t at, uint32_t v)
{
    p[at] = (unsigned char)(v >> 24);
    p[at + 1] = (unsigned char)(v >> 16);
    p[at + 2] = (unsigned char)(v >> 8);
    p[at + 3] = (unsigned char)v;
}

static size_t cs_len(const cff_work *w, size_t g, const unsigned char **cs)
{
    cff_rd d = {w->p, w->n};
    size_t a = w->cs_data0 + cff_offset(&d, w->cs_offs_at, w->cs_osz, g);
    size_t b = w->cs_data0 + cff_offset(&d, w->cs_offs_at, w->cs_osz, g + 1);
    *cs = w->p + a;
    return b > a && b <= w->n ? b - a : 0;
}

/* The codes of the copies: new CIDs, the lowest the font does not use. */
static int cff_codes(const cff_work *w, size_t k, uint32_t *codes, uint32_t *vals)
{
    unsigned char *used = calloc(65536, 1);
    if (!used)
        return -1;
    for (size_t g = 0; g < w->ng; g++)
        used[w->val[g] & 0xFFFF] = 1;
    uint32_t next = 1;
    long limit = w->f.cidcount > 0 && w->f.cidcount <= 65536 ? w->f.cidcount : 65536;
    int r = 0;
    for (size_t i = 0; i < k && !r; i++) {
        while (next < (uint32_t)limit && used[next])
            next++;
        if (next >= (uint32_t)limit)
            r = -1;
        codes[i] = vals[i] = next++;
    }
    free(used);
    return r;
}

static unsigned char *put16(unsigned char *o, size_t v)
{
    *o++ = (unsigned char)(v >> 8);
    *o++ = (unsigned char)v;
    return o;
}

/* The new charset (format 2: ranges of consecutive values) and FDSelect
 * (format 3: ranges of one FD) at o; at[] gets where each starts. */
static unsigned char *cff_put_sets(const cff_work *w, unsigned char *o, const uint32_t *base,
                                   size_t k, const uint32_t *vals, size_t at[3])
{
    size_t nn = w->ng + k;
    unsigned char *s = o;
#define VAL(g) ((g) < w->ng ? w->val[g] : vals[(g) - w->ng])
#define FD(g) ((g) < w->ng ? w->fd[g] : w->fd[base[(g) - w->ng]])
    at[0] = 0;
    *o++ = 2;
    for (size_t g = 1, e; g < nn; g = e) {
        for (e = g + 1; e < nn && VAL(e) == VAL(e - 1) + 1 && e - g < 0xFFFF; e++)
            ;
        o = put16(put16(o, VAL(g)), e - g - 1);
    }
    at[1] = (size_t)(o - s);
    *o++ = 3;
    unsigned char *nr_at = o;
    size_t nr = 0;
    o += 2;
    for (size_t g = 0; g < nn; g++)
        if (g == 0 || FD(g) != FD(g - 1)) {
            o = put16(o, g);
            *o++ = FD(g);
            nr++;
        }
    o = put16(o, nn);
    put16(nr_at, nr);
#undef VAL
#undef FD
    at[2] = (size_t)(o - s);
    return o;
}

/* The new CharStrings INDEX at o (data bytes of charstrings in all). */
static unsigned char *cff_put_charstrings(const cff_work *w, unsigned char *o,
                                          const uint32_t *base, const long *width, size_t k,
                                          size_t data)
{
    size_t nn = w->ng + k;
    unsigned osz = data + 1 <= 0xFF ? 1 : data + 1 <= 0xFFFF ? 2 : data + 1 <= 0xFFFFFF ? 3 : 4;
    o = put16(o, nn);
    *o++ = (unsigned char)osz;
    unsigned char *offs = o, *d = o + osz * (nn + 1);
    size_t off = 1;
    for (size_t g = 0; g <= nn; g++) {
        for (unsigned b = 0; b < osz; b++)
            offs[osz * g + b] = (unsigned char)(off >> (8 * (osz - 1 - b)));
        if (g == nn)
            break;
        const unsigned char *cs;
        size_t l = cs_len(w, g < w->ng ? g : base[g - w->ng], &cs);
        if (g < w->ng) {
            memcpy(d + off - 1, cs, l);
            off += l;
        } else {
            off += (size_t)cs_copy(cs, l, width[g - w->ng], d + off - 1);
        }
    }
    return d + off - 1;
}

/* The copies' width operands (advance - nominalWidthX of their FD) and
 * the size of their charstrings; -1 when one cannot be made. */
static long cff_widths(const cff_work *w, const uint32_t *base, const unsigned *adv,
                       size_t k, long *width)
{
    long total = 0;
    for (size_t i = 0; i < k; i++) {
        const cff_font *fd = &w->fds[w->fd[base[i]]];
        cff_priv pv = {0, 0, 0, 0};
        const unsigned char *cs;
        if (fd->priv < 0 || fd->priv_size < 0 || (size_t)fd->priv > w->n ||
            (size_t)fd->priv_size > w->n - (size_t)fd->priv ||
            dict_walk(w->p + fd->priv, (size_t)fd->priv_size, (size_t)fd->priv, priv_op, &pv) ||
            pv.bad)
            return -1;
        long m0 = cff_moved(w, (size_t)fd->priv), m1 = cff_moved(w, (size_t)(fd->priv + pv.subrs));
        if (m0 < 0 || (pv.subrs && (m1 < 0 || m1 - m0 != pv.subrs)))
            return -1;
        width[i] = (long)adv[i] - pv.nominal;
        size_t l = cs_len(w, base[i], &cs);
        long cl = l ? cs_copy(cs, l, width[i], NULL) : -1;
        if (cl < 0)
            return -1;
        total += cl;
    }
    return total;
}

int bk_pdf_cff_add_glyphs(unsigned char **prog, size_t *size, const uint32_t *base,
                          const unsigned *adv, size_t k, uint32_t *codes)
{
    cff_work w;
    memset(&w, 0, sizeof w);
    w.p = *prog;
    w.n = *size;
    long *width = malloc((k ? k : 1) * sizeof(*width));
    uint32_t *vals = malloc((k ? k : 1) * sizeof(*vals));
    unsigned char *out = NULL;
    int r = -1;
    if (!width || !vals || cff_parse(&w) || w.ng + k > 65535)
        goto done;
    for (size_t i = 0; i < k; i++)
        if (base[i] >= w.ng)
            goto done;
    long cs_total = cff_widths(&w, base, adv, k, width);
    if (cs_total < 0 || cff_codes(&w, k, codes, vals))
        goto done;
    size_t nn = w.ng + k, kept = w.n;
    for (size_t i = 0; i < w.ncut; i++)
        kept -= w.cut[i][1] - w.cut[i][0];
    size_t old_data = w.cs_end - w.cs_data0 - 1;
    /* at most: charset, FDSelect, CharStrings INDEX */
    size_t len = kept + 1 + 4 * nn + 5 + 3 * nn + 3 + 4 * (nn + 1) + old_data + (size_t)cs_total;
    out = malloc(len);
    if (!out)
        goto done;
    size_t o = 0, from = 0, at[3];
    for (size_t i = 0; i <= w.ncut; i++) {
        size_t to = i < w.ncut ? w.cut[i][0] : w.n;
        memcpy(out + o, w.p + from, to - from);
        o += to - from;
        from = i < w.ncut ? w.cut[i][1] : w.n;
    }
    unsigned char *e = cff_put_sets(&w, out + o, base, k, vals, at);
    e = cff_put_charstrings(&w, e, base, width, k, old_data + (size_t)cs_total);
    if (e > out + len)
        goto done;
    len = (size_t)(e - out);
    put32(out, w.f.at_charset, (uint32_t)(o + at[0]));
    put32(out, w.f.at_charstrings, (uint32_t)(o + at[2]));
    if (cff_moved(&w, (size_t)w.f.fdarray) < 0)
        goto done;
    put32(out, w.f.at_fdselect, (uint32_t)(o + at[1]));
    put32(out, w.f.at_fdarray, (uint32_t)cff_moved(&w, (size_t)w.f.fdarray));
    for (size_t i = 0; i < w.nfd; i++) {
        long pat = cff_moved(&w, w.fds[i].at_priv);
        long pv = cff_moved(&w, (size_t)w.fds[i].priv);
        if (pat < 0 || pv < 0)
            goto done;
        put32(out, (size_t)pat, (uint32_t)pv);
    }
    free(*prog);
    *prog = out;
    *size = len;
    out = NULL;
    r = 0;
done:
    free(out);
    free(width);
    free(vals);
    cff_work_release(&w);
    return r;
}
