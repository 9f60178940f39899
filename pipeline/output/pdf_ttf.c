/* pdf_ttf.c — more glyphs in a subset TrueType font (pdf_private.h).
 *
 * A gap width (pdf_gap.c) needs a glyph that looks like another but
 * advances further: text extractors that ignore /W and /ActualText
 * (MuPDF 1.21 takes advances from the font program) then see no jump. The
 * copy gets the original's outline (its glyf bytes; a composite still
 * points at glyphs that are in the subset), its own advance in hmtx, and
 * the next glyph id. glyf, loca (now long), hmtx (now one full metric per
 * glyph), hhea, maxp and head are rewritten; tables whose size follows the
 * glyph count and that a PDF font program does not need (ISO 32000-1,
 * 9.9) are left out.
 */
#include "pdf_private.h"
#include "bytes.h"

#include <stdlib.h>
#include <string.h>


typedef struct ttf_table {
    uint32_t tag;
    unsigned char *data; /* owned when own */
    size_t len;
    int own;
} ttf_table;

#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static int dropped(uint32_t tag)
{
    static const uint32_t drop[] = {TAG('h', 'd', 'm', 'x'), TAG('L', 'T', 'S', 'H'),
                                    TAG('V', 'D', 'M', 'X'), TAG('v', 'm', 't', 'x'),
                                    TAG('v', 'h', 'e', 'a'), TAG('k', 'e', 'r', 'n'),
                                    TAG('p', 'o', 's', 't'), TAG('G', 'D', 'E', 'F'),
                                    TAG('G', 'P', 'O', 'S'), TAG('G', 'S', 'U', 'B'),
                                    TAG('g', 'v', 'a', 'r'), TAG('H', 'V', 'A', 'R'),
                                    TAG('V', 'V', 'A', 'R'), TAG('D', 'S', 'I', 'G')};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        if (drop[i] == tag)
            return 1;
    return 0;
}

static ttf_table *find(ttf_table *t, size_t n, uint32_t tag)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].tag == tag)
            return &t[i];
    return NULL;
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t s = 0;
    for (size_t i = 0; i < len; i += 4) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, p + i, len - i < 4 ? len - i : 4);
        s += bk_be32_get(w);
    }
    return s;
}

/* The new glyf, loca, hmtx from the old ones and the copies. */
static int build_glyphs(ttf_table *glyf, ttf_table *loca, ttf_table *hmtx, unsigned n,
                        unsigned nhm, int longloca, const uint32_t *base,
                        const unsigned *adv, size_t k)
{
    size_t total = n + k;
    uint32_t *off = malloc((n + 1) * sizeof(*off));
    unsigned char *nl = malloc(4 * (total + 1)), *nh = malloc(4 * total);
    unsigned char *ng = NULL;
    int r = -1;
    if (!off || !nl || !nh)
        goto done;
    if (loca->len < (size_t)(n + 1) * (longloca ? 4 : 2) || hmtx->len < 4 * (size_t)nhm +
                                                                  2 * (size_t)(n - nhm))
        goto done;
    for (unsigned g = 0; g <= n; g++) {
        off[g] = longloca ? bk_be32_get(loca->data + 4 * g) : 2 * bk_be16_get(loca->data + 2 * g);
        if (off[g] > glyf->len || (g && off[g] < off[g - 1]))
            goto done;
    }
    size_t glen = off[n];
    for (size_t i = 0; i < k; i++)
        glen += (off[base[i] + 1] - off[base[i]] + 3) & ~(size_t)3;
    ng = malloc(glen ? glen : 1);
    if (!ng)
        goto done;
    memcpy(ng, glyf->data, off[n]);
    size_t at = off[n];
    for (unsigned g = 0; g <= n; g++)
        bk_be32_put(nl + 4 * g, off[g]);
    for (unsigned g = 0; g < n; g++) {
        unsigned a = bk_be16_get(hmtx->data + 4 * (g < nhm ? g : nhm - 1));
        uint32_t lsb = g < nhm ? bk_be16_get(hmtx->data + 4 * g + 2)
                               : bk_be16_get(hmtx->data + 4 * nhm + 2 * (g - nhm));
        bk_be16_put(nh + 4 * g, a);
        bk_be16_put(nh + 4 * g + 2, lsb);
    }
    for (size_t i = 0; i < k; i++) {
        size_t l = off[base[i] + 1] - off[base[i]];
        memcpy(ng + at, glyf->data + off[base[i]], l);
        memset(ng + at + l, 0, ((l + 3) & ~(size_t)3) - l);
        at += (l + 3) & ~(size_t)3;
        bk_be32_put(nl + 4 * (n + i + 1), (uint32_t)at);
        bk_be16_put(nh + 4 * (n + i), adv[i]);
        memcpy(nh + 4 * (n + i) + 2, nh + 4 * base[i] + 2, 2);
    }
    *glyf = (ttf_table){glyf->tag, ng, glen, 1};
    *loca = (ttf_table){loca->tag, nl, 4 * (total + 1), 1};
    *hmtx = (ttf_table){hmtx->tag, nh, 4 * total, 1};
    ng = nl = nh = NULL;
    r = 0;
done:
    free(off);
    free(nl);
    free(nh);
    free(ng);
    return r;
}

/* Copies of a table small enough to patch (head, hhea, maxp). */
static int own_copy(ttf_table *t, size_t minlen)
{
    if (!t || t->len < minlen)
        return -1;
    unsigned char *c = malloc(t->len);
    if (!c)
        return -1;
    memcpy(c, t->data, t->len);
    t->data = c;
    t->own = 1;
    return 0;
}

static int write_font(ttf_table *t, size_t nt, uint32_t version, unsigned char **out,
                      size_t *outlen)
{
    size_t len = 12 + 16 * nt;
    for (size_t i = 0; i < nt; i++)
        len += (t[i].len + 3) & ~(size_t)3;
    unsigned char *p = calloc(len, 1);
    if (!p)
        return -1;
    unsigned es = 0;
    while ((2u << es) <= nt)
        es++;
    bk_be32_put(p, version);
    bk_be16_put(p + 4, (uint32_t)nt);
    bk_be16_put(p + 6, 16u << es);
    bk_be16_put(p + 8, es);
    bk_be16_put(p + 10, (uint32_t)(16 * nt - (16u << es)));
    size_t at = 12 + 16 * nt, head_at = 0;
    for (size_t i = 0; i < nt; i++) {
        unsigned char *rec = p + 12 + 16 * i;
        if (t[i].tag == TAG('h', 'e', 'a', 'd')) {
            bk_be32_put(t[i].data + 8, 0);
            head_at = at;
        }
        memcpy(p + at, t[i].data, t[i].len);
        bk_be32_put(rec, t[i].tag);
        bk_be32_put(rec + 4, checksum(t[i].data, t[i].len));
        bk_be32_put(rec + 8, (uint32_t)at);
        bk_be32_put(rec + 12, (uint32_t)t[i].len);
        at += (t[i].len + 3) & ~(size_t)3;
    }
    bk_be32_put(p + head_at + 8, 0xB1B0AFBAu - checksum(p, len));
    *out = p;
    *outlen = len;
    return 0;
}

int bk_pdf_ttf_add_glyphs(unsigned char **prog, size_t *size, const uint32_t *base,
                          const unsigned *adv, size_t k, uint32_t *first)
{
    const unsigned char *p = *prog;
    size_t n = *size, nt = 0;
    int r = -1;
    if (n < 12)
        return -1;
    size_t ntab = bk_be16_get(p + 4);
    ttf_table *t = calloc(ntab ? ntab : 1, sizeof(*t));
    if (!t || 12 + 16 * ntab > n)
        goto done;
    for (size_t i = 0; i < ntab; i++) {
        const unsigned char *rec = p + 12 + 16 * i;
        size_t o = bk_be32_get(rec + 8), l = bk_be32_get(rec + 12);
        if (o > n || l > n - o)
            goto done;
        if (!dropped(bk_be32_get(rec)))
            t[nt++] = (ttf_table){bk_be32_get(rec), (unsigned char *)p + o, l, 0};
    }
    ttf_table *head = find(t, nt, TAG('h', 'e', 'a', 'd'));
    ttf_table *hhea = find(t, nt, TAG('h', 'h', 'e', 'a'));
    ttf_table *maxp = find(t, nt, TAG('m', 'a', 'x', 'p'));
    ttf_table *glyf = find(t, nt, TAG('g', 'l', 'y', 'f'));
    ttf_table *loca = find(t, nt, TAG('l', 'o', 'c', 'a'));
    ttf_table *hmtx = find(t, nt, TAG('h', 'm', 't', 'x'));
    if (!glyf || !loca || !hmtx || own_copy(head, 54) || own_copy(hhea, 36) ||
        own_copy(maxp, 6))
        goto done;
    unsigned ng = bk_be16_get(maxp->data + 4), nhm = bk_be16_get(hhea->data + 34);
    if (nhm == 0 || nhm > ng || ng + k > 0xFFFF)
        goto done;
    for (size_t i = 0; i < k; i++)
        if (base[i] >= ng || adv[i] > 0xFFFF)
            goto done;
    if (build_glyphs(glyf, loca, hmtx, ng, nhm, bk_be16_get(head->data + 50) != 0, base, adv, k))
        goto done;
    unsigned amax = bk_be16_get(hhea->data + 10);
    for (size_t i = 0; i < k; i++)
        amax = adv[i] > amax ? adv[i] : amax;
    bk_be16_put(head->data + 50, 1);
    bk_be16_put(hhea->data + 10, amax);
    bk_be16_put(hhea->data + 34, (uint32_t)(ng + k));
    bk_be16_put(maxp->data + 4, (uint32_t)(ng + k));
    unsigned char *out = NULL;
    size_t outlen = 0;
    if (write_font(t, nt, bk_be32_get(p), &out, &outlen))
        goto done;
    free(*prog);
    *prog = out;
    *size = outlen;
    *first = ng;
    r = 0;
done:
    for (size_t i = 0; t && i < nt; i++)
        if (t[i].own)
            free(t[i].data);
    free(t);
    return r;
}
