/* pdf_cff.c — which CID each glyph of a subset CFF has (pdf_private.h).
 *
 * hb-subset keeps a CID-keyed CFF CID-keyed, and keeps each glyph's CID
 * from the original charset. A PDF viewer finds the glyph for a CID through
 * that charset, so the content must show CIDs, not new glyph ids. This
 * reads the charset of the subset CFF; a name-keyed CFF is shown by glyph
 * id (ISO 32000-1, 9.7.4.2).
 */
#include "pdf_private.h"

#include <stdlib.h>

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
    size_t at = (size_t)charset;
    if (at >= n)
        return -1;
    unsigned fmt = p[at++];
    size_t g = 1;
    if (fmt == 0) {
        for (; g < ng; g++, at += 2) {
            if (at + 2 > n)
                return -1;
            c[g] = (uint32_t)p[at] << 8 | p[at + 1];
        }
    } else if (fmt == 1 || fmt == 2) {
        while (g < ng) {
            size_t rl = fmt == 1 ? 3 : 4;
            if (at + rl > n)
                return -1;
            uint32_t first = (uint32_t)p[at] << 8 | p[at + 1];
            size_t left = fmt == 1 ? p[at + 2] : ((size_t)p[at + 2] << 8 | p[at + 3]);
            at += rl;
            for (size_t k = 0; k <= left && g < ng; k++)
                c[g++] = first + (uint32_t)k;
        }
    } else {
        return -1;
    }
    return 0;
}
