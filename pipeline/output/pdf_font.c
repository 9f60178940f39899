/* pdf_font.c — fonts of the PDF backend (pdf_private.h): which glyphs the
 * document uses (pass 1), then per used font the subset (bk_face_subset,
 * shape.h) and its objects, Type0 -> CIDFont (CIDFontType2 over TrueType,
 * CIDFontType0 over CFF) -> FontDescriptor -> FontFile2/FontFile3, with
 * /DW and /W widths and a ToUnicode CMap.
 */
#include "pdf_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shape.h"

/* Longest cluster text (UTF-16 code units) put into a ToUnicode entry; the
 * CMap format limits a destination string to 512 bytes. Longer clusters
 * are left to ActualText. */
#define MAX_TOUNICODE_UNITS 32

/* ---- pass 1: glyph sets ------------------------------------------------ */

/* The glyph gid of u to be written (bk_pdf_font_glyph reads): gid is used. */
static bk_pdf_glyph *glyph_of(bk_pdf_font *u, uint32_t gid)
{
    return &u->glyph[u->slot[gid] - 1];
}

/* The glyph's code and its digits (c at most 0xFFFF: font_codes). */
static void code_set(bk_pdf_glyph *gl, uint32_t c)
{
    char h[8];
    gl->code = c;
    if (bk_pdf_hex4(h, c) == 4)
        memcpy(gl->code_hex, h, 4);
}

/* Records gid (< nglyphs, not yet used) as used, with no text, code 0 and
 * width 0. */
static int glyph_add(bk_pdf_font *u, uint32_t gid)
{
    if (u->nused == u->capused) {
        size_t cap = u->capused ? 2 * u->capused : 256;
        bk_pdf_glyph *g = realloc(u->glyph, cap * sizeof(*g));
        if (!g)
            return -1;
        u->glyph = g;
        u->capused = cap;
    }
    u->glyph[u->nused] =
        (bk_pdf_glyph){{NULL, 0}, 0, 0, 0, UINT32_MAX, 1, 0, {'0', '0', '0', '0'}};
    u->slot[gid] = (uint32_t)++u->nused;
    return 0;
}

static bk_status use_font(bk_pdf_job *j, int num, bk_pdf_font **out)
{
    if (num < 0 || (size_t)num >= j->nfu)
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: glyph run names font %d, fontset has %zu",
                             num, j->nfu);
    bk_pdf_font *u = &j->fu[num];
    if (!u->font) {
        bk_diag_mark m = bk_diag_mark_take(j->ctx->diag);
        bk_font *f = bk_fontset_font(j->ctx, j->fonts, (size_t)num);
        if (!f || !f->face) {
            if (bk_diag_errors_since(j->ctx->diag, m))
                return bk_diag_status_since(j->ctx->diag, m);
            return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: cannot open font %d", num);
        }
        u->nglyphs = bk_face_glyph_count(f->face);
        u->slot = calloc(u->nglyphs ? u->nglyphs : 1, sizeof(*u->slot));
        /* .notdef is in every subset and gets a width like any glyph */
        if (!u->slot || glyph_add(u, 0))
            return bk_pdf_oom(j);
        u->font = f;
    }
    *out = u;
    return BK_OK;
}

static int scale(const bk_pdf_font *u, double v)
{
    unsigned upem = u->font->info.upem ? u->font->info.upem
                                       : bk_face_upem(u->font->face);
    return (int)lround(v * 1000.0 / (upem ? upem : 1000));
}

/* The first glyph of r from i on that is not used yet or has no text
 * (or lies beyond the face), or r->n: most glyphs drawn have theirs, and
 * a loop of its own keeps what it reads in registers. */
static inline size_t next_textless(const bk_glyph_run *r, const bk_pdf_font *u, size_t i)
{
    const uint32_t *gids = r->gids, *slot = u->slot;
    const bk_pdf_glyph *glyphs = u->glyph;
    const size_t n = r->n;
    const unsigned ng = u->nglyphs;
    for (; i < n; i++) {
        uint32_t gid = gids[i];
        if (gid >= ng)
            break;
        uint32_t sl = slot[gid];
        if (!sl || !glyphs[sl - 1].uni.s)
            break;
    }
    return i;
}

/* Marks the glyphs of a run as used and records, for glyphs that form a
 * cluster alone, the cluster text as the glyph's ToUnicode mapping. The
 * first text seen wins; later different texts get ActualText (pass 2). */
bk_status bk_pdf_font_collect(bk_pdf_job *j, const bk_glyph_run *r)
{
    bk_pdf_font *u = NULL;
    bk_status st = use_font(j, r->font, &u);
    if (st)
        return st;
    if (r->n && (!r->gids || !r->advance || !r->cluster || !r->text))
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: glyph run without glyph arrays");
    /* one pass: glyph i is marked, then, when it is a cluster alone (its
     * cluster value differs from its neighbours'), given the cluster's
     * text as bk_pdf_cluster_next cuts it */
    const uint32_t *cl = r->cluster;
    for (size_t i = next_textless(r, u, 0); i < r->n; i = next_textless(r, u, i + 1)) {
        uint32_t gid = r->gids[i];
        if (gid >= u->nglyphs) /* the font's tables disagree */
            return bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                                 "font '%s': %s is damaged: glyph %u beyond its %u glyphs",
                                 u->font->id, u->font->path, (unsigned)gid, u->nglyphs);
        if (!u->slot[gid]) {
            if (glyph_add(u, gid))
                return bk_pdf_oom(j);
            /* as in /W (font_codes); the gaps (pdf_gap.c) are measured from it */
            glyph_of(u, gid)->width = scale(u, bk_face_glyph_advance(u->font->face, gid));
        }
        bk_pdf_glyph *gl = glyph_of(u, gid);
        if (gl->uni.s) /* asked first: most glyphs drawn already have their text */
            continue;
        if ((i > 0 && cl[i] == cl[i - 1]) || (i + 1 < r->n && cl[i + 1] == cl[i]))
            continue; /* in a cluster of several glyphs */
        size_t t0 = i == 0 ? 0 : cl[i], t1 = i + 1 < r->n ? cl[i + 1] : r->textlen;
        t0 = t0 > r->textlen ? r->textlen : t0;
        t1 = t1 > r->textlen ? r->textlen : t1;
        if (t1 <= t0) /* no text, or clusters out of order (none shown) */
            continue;
        if (bk_pdf_utf16_units(r->text + t0, t1 - t0) > MAX_TOUNICODE_UNITS)
            continue;
        gl->uni.s = r->text + t0;
        gl->uni.len = (uint32_t)(t1 - t0);
        gl->uni_one = bk_pdf_one_codepoint(gl->uni.s, gl->uni.len);
        if (gl->uni_one) { /* one character: 1 to 4 bytes */
            static const unsigned char ones[4] = {0xFF, 0xFF, 0xFF, 0xFF};
            gl->one_len = gl->uni.len;
            gl->one_bytes = 0;
            memcpy(&gl->one_bytes, gl->uni.s, gl->uni.len);
            memcpy(&gl->one_mask, ones, gl->uni.len);
        }
    }
    return BK_OK;
}

typedef struct width_entry {
    uint32_t code;
    int w;
} width_entry;

static int cmp_width_entry(const void *a, const void *b)
{
    uint32_t x = ((const width_entry *)a)->code, y = ((const width_entry *)b)->code;
    return x < y ? -1 : x > y;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* /DW is the most common width (CJK: nearly all glyphs), /W lists the
 * others as runs of consecutive CIDs: c [w1 w2 ...]; we is sorted by
 * code. */
static int add_widths(bk_pdf_job *j, bk_pdfobj *cid, const width_entry *we, size_t n)
{
    int *ws = malloc(n * sizeof(*ws));
    if (!ws)
        return -1;
    for (size_t i = 0; i < n; i++)
        ws[i] = we[i].w;
    qsort(ws, n, sizeof(*ws), cmp_int);
    int dw = ws[0];
    size_t best = 0;
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k < n && ws[k] == ws[i])
            k++;
        if (k - i > best) {
            best = k - i;
            dw = ws[i];
        }
        i = k;
    }
    free(ws);
    int ret = bk_pdfobj_set_int(cid, "DW", dw);
    bk_pdfobj *w = bk_pdfdoc_array(j->doc);
    if (!w || ret)
        return -1;
    if (bk_pdfobj_set(cid, "W", w))
        return -1;
    for (size_t i = 0; i < n;) {
        if (we[i].w == dw) {
            i++;
            continue;
        }
        bk_pdfobj *run = bk_pdfdoc_array(j->doc);
        if (!run)
            return -1;
        ret |= bk_pdfobj_push_int(w, (long)we[i].code);
        ret |= bk_pdfobj_push(w, run);
        size_t k = i;
        while (k < n && we[k].w != dw && we[k].code == we[i].code + (k - i) &&
               k - i < 4096)
            ret |= bk_pdfobj_push_int(run, we[k++].w);
        i = k;
        if (ret)
            return -1;
    }
    return 0;
}

/* ---- the font as made ---------------------------------------------------- */

/* A font as built (pdf_private.h), kept by the cache for the run's other
 * writes: the glyphs, texts and gaps it was built from (the key), then
 * the subset made of them. */
struct bk_pdf_font_made {
    const bk_font *font;
    int flate;           /* its streams are compressed */
    uint32_t *gids;      /* the used glyphs, ascending old ids */
    size_t n;
    bk_pdf_slice *uni;   /* their ToUnicode texts */
    bk_pdf_gap *gaps;    /* the gap copies asked for, as made */
    size_t ngaps;
    uint32_t *code;      /* per used glyph: its character code */
    int *width;          /* per used glyph: its /W width */
    width_entry *we;     /* per used glyph and gap copy: code and width */
    size_t nwe;
    char name[BK_PDF_MAX_NAME_LEN + 1], t0name[BK_PDF_MAX_NAME_LEN + 1];
    size_t progsize;     /* the font program before compression */
    bk_pdf_blob prog, cmap;
};

void bk_pdf_font_made_free(bk_pdf_font_made *m)
{
    if (!m)
        return;
    free(m->gids);
    free(m->uni);
    free(m->gaps);
    free(m->code);
    free(m->width);
    free(m->we);
    bk_pdf_blob_release(&m->prog);
    bk_pdf_blob_release(&m->cmap);
    free(m);
}

static int slice_same(bk_pdf_slice a, bk_pdf_slice b)
{
    if (a.len != b.len || !a.s != !b.s)
        return 0;
    return a.s == b.s || memcmp(a.s, b.s, a.len) == 0;
}

/* Whether m was made from the glyphs, texts and gaps pass 1 found for u:
 * then its subset, codes and streams are this write's too. */
static int made_matches(const bk_pdf_font_made *m, const bk_pdf_font *u, int flate)
{
    if (m->font != u->font || m->flate != flate || m->n != u->nused ||
        m->ngaps != u->ngaps)
        return 0;
    for (size_t i = 0; i < m->n; i++) {
        uint32_t g = m->gids[i];
        if (g >= u->nglyphs || !u->slot[g] || !slice_same(bk_pdf_font_glyph(u, g)->uni, m->uni[i]))
            return 0;
    }
    for (size_t k = 0; k < m->ngaps; k++)
        if (m->gaps[k].gid != u->gaps[k].gid || m->gaps[k].extra != u->gaps[k].extra)
            return 0;
    return 1;
}

/* The codes and gap copies of m, as the content streams need them. */
static void made_apply(const bk_pdf_font_made *m, bk_pdf_font *u)
{
    for (size_t i = 0; i < m->n; i++) {
        code_set(glyph_of(u, m->gids[i]), m->code[i]);
        glyph_of(u, m->gids[i])->width = m->width[i];
    }
    for (size_t k = 0; k < m->ngaps; k++)
        u->gaps[k] = m->gaps[k];
}

/* Six capital letters from a hash of the font and its glyph set: a subset
 * tag (ISO 32000-1, 9.6.4) that changes when the subset does and stays the
 * same between builds. */
static int subset_tag(const bk_pdf_font *u, const uint32_t *gids, size_t n,
                      char tag[7])
{
    const char *ps = u->font->info.ps_name ? u->font->info.ps_name : "";
    size_t pl = strlen(ps);
    unsigned char *data = malloc(pl + 4 * n + 1), dg[16];
    if (!data)
        return -1;
    memcpy(data, ps, pl);
    for (size_t i = 0; i < n; i++) {
        unsigned char *be = data + pl + 4 * i;
        be[0] = (unsigned char)(gids[i] >> 24);
        be[1] = (unsigned char)(gids[i] >> 16);
        be[2] = (unsigned char)(gids[i] >> 8);
        be[3] = (unsigned char)gids[i];
    }
    bk_pdf_md5(data, pl + 4 * n, dg);
    free(data);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + dg[i] % 26);
    tag[6] = 0;
    return 0;
}

/* A font program while it is made: the subset, then with its gap
 * copies. */
typedef struct font_prog {
    unsigned char *data;
    size_t size;
} font_prog;

/* The used glyphs in gid order and their texts into m. A CJK face's
 * table has 65 535 entries for a few hundred used: eight entries are
 * read as words at a step, and a step with none used is passed over. */
static void used_gids(const bk_pdf_font *u, bk_pdf_font_made *m)
{
    const uint32_t *slot = u->slot, ng = u->nglyphs;
    for (uint32_t g = 0; g < ng; g += 8) {
        uint32_t end = ng - g < 8 ? ng : g + 8;
        if (end == g + 8) {
            uint64_t w[4];
            memcpy(w, slot + g, sizeof w);
            if (!(w[0] | w[1] | w[2] | w[3]))
                continue;
        }
        for (uint32_t k = g; k < end; k++)
            if (slot[k]) {
                m->uni[m->n] = u->glyph[slot[k] - 1].uni;
                m->gids[m->n++] = k;
            }
    }
}

/* The used glyphs and their texts, subset. */
static bk_status font_subset(bk_pdf_job *j, bk_pdf_font *u, bk_pdf_font_made *m,
                             font_prog *fp)
{
    m->gids = calloc(u->nused, sizeof(*m->gids));
    m->uni = calloc(u->nused, sizeof(*m->uni));
    m->code = calloc(u->nused, sizeof(*m->code));
    m->width = calloc(u->nused, sizeof(*m->width));
    m->we = malloc((u->nused + u->ngaps) * sizeof(*m->we));
    /* only a font made here needs the map (bk_face_subset fills it) */
    if (!u->map)
        u->map = malloc(u->nglyphs * sizeof(*u->map));
    if (!m->gids || !m->uni || !m->code || !m->width || !m->we || !u->map)
        return bk_pdf_oom(j);
    used_gids(u, m);
    bk_status st = bk_face_subset(j->ctx, u->font->face, m->gids, m->n,
                                  u->font->info.is_cff, &fp->data, &fp->size, u->map);
    /* it read a page or more of the file per glyph (some 10 MB of a CJK
     * collection): they go back before the program is worked on */
    bk_fontset_pages_release(j->fonts);
    if (st == BK_EINPUT)
        return bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                             "font '%s': %s is damaged: HarfBuzz cannot subset it",
                             u->font->id, u->font->path);
    if (st)
        return st;
    for (size_t i = 1; i < m->n; i++)
        if (u->map[m->gids[i]] == 0)
            return bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                                 "font '%s': %s is damaged: its subset lost glyph %u",
                                 u->font->id, u->font->path, (unsigned)m->gids[i]);
    return BK_OK;
}

/* Character codes (new glyph ids, or the subset's CIDs for CFF) and
 * widths of the used glyphs. */
static bk_status font_codes(bk_pdf_job *j, bk_pdf_font *u, bk_pdf_font_made *m,
                            const font_prog *fp)
{
    const bk_font_info *fi = &u->font->info;
    uint32_t *cid = NULL;
    size_t ncid = 0;
    bk_status st = BK_OK;
    if (fi->is_cff && bk_pdf_cff_cids(fp->data, fp->size, &cid, &ncid) < 0) {
        st = bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                           "font '%s': %s is damaged: its subset CFF cannot be read",
                           u->font->id, u->font->path);
        goto done;
    }
    for (size_t i = 0; i < m->n; i++)
        if (fi->is_cff && u->map[m->gids[i]] >= ncid) {
            st = bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                               "font '%s': %s is damaged: its subset CFF lacks glyph %u",
                               u->font->id, u->font->path, (unsigned)u->map[m->gids[i]]);
            goto done;
        }
    for (size_t i = 0; i < m->n; i++) {
        uint32_t g = m->gids[i];
        uint32_t c = fi->is_cff ? cid[u->map[g]] : u->map[g];
        if (c > 0xFFFF) {
            st = bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                               "font '%s': %s: CID %u beyond 65535", u->font->id,
                               u->font->path, (unsigned)c);
            goto done;
        }
        bk_pdf_glyph *gl = glyph_of(u, g);
        code_set(gl, m->code[i] = c);
        gl->width = m->width[i] = scale(u, bk_face_glyph_advance(u->font->face, g));
        m->we[i].code = c;
        m->we[i].w = gl->width;
    }
    m->nwe = m->n;
done:
    free(cid);
    return st;
}

/* The gap copies (pdf_gap.c) added to the subset, after its glyphs: their
 * codes and widths. A font program that cannot take them shows those
 * glyphs as before, moved by TJ. */
static bk_status font_gaps(bk_pdf_job *j, bk_pdf_font *u, bk_pdf_font_made *m,
                           font_prog *fp)
{
    bk_status st = BK_OK;
    if (!u->ngaps)
        return BK_OK;
    uint32_t *base = malloc(u->ngaps * sizeof(*base)), first = 0;
    uint32_t *codes = malloc(u->ngaps * sizeof(*codes));
    unsigned *adv = malloc(u->ngaps * sizeof(*adv));
    if (!base || !adv || !codes) {
        st = bk_pdf_oom(j);
        goto done;
    }
    unsigned upem = u->font->info.upem ? u->font->info.upem : bk_face_upem(u->font->face);
    for (size_t k = 0; k < u->ngaps; k++) {
        uint32_t g = u->gaps[k].gid;
        long a = bk_face_glyph_advance(u->font->face, g) +
                 lround(u->gaps[k].extra * (upem ? upem : 1000) / 1000.0);
        base[k] = u->map[g];
        adv[k] = a < 0 ? 0 : a > 0xFFFF ? 0xFFFF : (unsigned)a;
    }
    if (u->font->info.is_cff
            ? bk_pdf_cff_add_glyphs(&fp->data, &fp->size, base, adv, u->ngaps, codes)
            : bk_pdf_ttf_add_glyphs(&fp->data, &fp->size, base, adv, u->ngaps, &first))
        goto done; /* left as they were: the gaps stay TJ adjustments */
    for (size_t k = 0; k < u->ngaps; k++) {
        bk_pdf_gap *gp = &u->gaps[k];
        gp->made = 1;
        gp->code = u->font->info.is_cff ? codes[k] : first + (uint32_t)k;
        gp->width = scale(u, adv[k]);
        m->we[m->nwe].code = gp->code;
        m->we[m->nwe++].w = gp->width;
    }
done:
    free(base);
    free(codes);
    free(adv);
    return st;
}

/* The font's names: subset tag + PostScript name. */
static bk_status font_names(bk_pdf_job *j, const bk_pdf_font *u, bk_pdf_font_made *m)
{
    const bk_font_info *fi = &u->font->info;
    char tag[7];
    if (subset_tag(u, m->gids, m->n, tag) < 0)
        return bk_pdf_oom(j);
    const char *ps = fi->ps_name && *fi->ps_name ? fi->ps_name : u->font->id;
    snprintf(m->name, sizeof m->name, "%s+%.100s", tag, ps);
    /* ISO 32000-1, 9.7.6.1: over a CIDFontType0 the Type0 BaseFont names
     * the CMap too */
    snprintf(m->t0name, sizeof m->t0name, "%s+%.100s%s", tag, ps,
             fi->is_cff ? "-Identity-H" : "");
    return BK_OK;
}

/* The ToUnicode CMap of the glyphs that have a text, as written. */
static bk_status font_cmap(bk_pdf_job *j, const bk_pdf_font *u, bk_pdf_font_made *m)
{
    bk_status st = BK_OK;
    bk_buf cmap = {0};
    bk_pdf_cmap_entry *ce = malloc((m->n + u->ngaps + 1) * sizeof(*ce));
    size_t nce = 0;
    if (!ce) {
        st = bk_pdf_oom(j);
        goto done;
    }
    for (size_t i = 0; i < m->n; i++)
        if (m->uni[i].s) {
            ce[nce].code = m->code[i];
            ce[nce].text = m->uni[i];
            nce++;
        }
    for (size_t k = 0; k < u->ngaps; k++) /* the copies read as the glyph */
        if (u->gaps[k].made && bk_pdf_font_glyph(u, u->gaps[k].gid)->uni.s) {
            ce[nce].code = u->gaps[k].code;
            ce[nce].text = bk_pdf_font_glyph(u, u->gaps[k].gid)->uni;
            nce++;
        }
    if (bk_pdf_cmap_build(&cmap, ce, nce) < 0 ||
        bk_pdf_blob_make(j, cmap.data, cmap.len, &m->cmap))
        st = bk_pdf_oom(j);
done:
    free(ce);
    bk_buf_release(&cmap);
    return st;
}

/* Steps: subset the used glyphs; their codes and widths; the gap copies
 * added; the names; the program and the CMap as written; the key (the
 * gaps as asked and made). */
static bk_status font_make(bk_pdf_job *j, bk_pdf_font *u, bk_pdf_font_made *m)
{
    font_prog fp = {NULL, 0};
    m->font = u->font;
    m->flate = j->compress != 0;
    bk_status st = font_subset(j, u, m, &fp);
    if (!st)
        st = font_codes(j, u, m, &fp);
    if (!st)
        st = font_gaps(j, u, m, &fp);
    if (!st)
        st = font_names(j, u, m);
    if (!st) /* by code, once: /W is the same in every output */
        qsort(m->we, m->nwe, sizeof(*m->we), cmp_width_entry);
    if (!st && bk_pdf_blob_make(j, fp.data, fp.size, &m->prog))
        st = bk_pdf_oom(j);
    m->progsize = fp.size;
    if (!st)
        st = font_cmap(j, u, m);
    if (!st && u->ngaps) {
        if (!(m->gaps = malloc(u->ngaps * sizeof(*m->gaps))))
            st = bk_pdf_oom(j);
        else
            memcpy(m->gaps, u->gaps, u->ngaps * sizeof(*m->gaps));
        m->ngaps = u->ngaps;
    }
    free(fp.data);
    return st;
}

/* ---- font objects ------------------------------------------------------ */

/* A stream object holding a blob. */
static bk_pdfobj *blob_stream(bk_pdf_job *j, const bk_pdf_blob *b)
{
    bk_pdfobj *s = bk_pdfdoc_stream(j->doc);
    if (!s || bk_pdf_blob_put(j, s, b) != 0)
        return NULL;
    return s;
}

/* The font program and the FontDescriptor pointing at it. */
static bk_status font_descriptor(bk_pdf_job *j, const bk_pdf_font *u,
                                 const bk_pdf_font_made *m, bk_pdfobj **out)
{
    const bk_font_info *fi = &u->font->info;
    int r = 0;
    bk_pdfobj *ff = blob_stream(j, &m->prog);
    if (!ff)
        return bk_pdf_fail(j, "embedding a font program");
    if (fi->is_cff)
        r |= bk_pdfobj_set_name(ff, "Subtype", "CIDFontType0C");
    else
        r |= bk_pdfobj_set_int(ff, "Length1", (long)m->progsize);
    bk_pdfobj *fd = bk_pdfdoc_dict(j->doc), *bbox = bk_pdfdoc_array(j->doc);
    if (!fd || bk_pdfdoc_register(j->doc, fd) || !bbox)
        return bk_pdf_fail(j, "creating a font descriptor");
    r |= bk_pdfobj_set_name(fd, "Type", "FontDescriptor");
    r |= bk_pdfobj_set_name(fd, "FontName", m->name);
    r |= bk_pdfobj_set_int(fd, "Flags", fi->flags ? fi->flags : 4);
    r |= bk_pdfobj_set(fd, "FontBBox", bbox);
    for (int k = 0; k < 4; k++)
        r |= bk_pdfobj_push_int(bbox, scale(u, fi->bbox[k]));
    r |= bk_pdfobj_set_real(fd, "ItalicAngle", fi->italic_angle);
    r |= bk_pdfobj_set_int(fd, "Ascent", scale(u, fi->ascender));
    r |= bk_pdfobj_set_int(fd, "Descent", scale(u, fi->descender));
    r |= bk_pdfobj_set_int(fd, "CapHeight", scale(u, fi->cap_height));
    r |= bk_pdfobj_set_int(fd, "XHeight", scale(u, fi->x_height));
    r |= bk_pdfobj_set_int(fd, "StemV", scale(u, fi->stem_v));
    r |= bk_pdfobj_set(fd, fi->is_cff ? "FontFile3" : "FontFile2", ff);
    if (r)
        return bk_pdf_fail(j, "building font objects");
    *out = fd;
    return BK_OK;
}

/* The descendant CIDFont, with its widths. */
static bk_status font_cidfont(bk_pdf_job *j, const bk_pdf_font *u, const bk_pdf_font_made *m,
                              bk_pdfobj *fd, bk_pdfobj **out)
{
    const bk_font_info *fi = &u->font->info;
    bk_pdfdoc *doc = j->doc;
    int r = 0;
    bk_pdfobj *cf = bk_pdfdoc_dict(doc), *si = bk_pdfdoc_dict(doc);
    if (!cf || bk_pdfdoc_register(doc, cf) || !si)
        return bk_pdf_fail(j, "creating a CIDFont");
    r |= bk_pdfobj_set_name(cf, "Type", "Font");
    r |= bk_pdfobj_set_name(cf, "Subtype", fi->is_cff ? "CIDFontType0" : "CIDFontType2");
    r |= bk_pdfobj_set_name(cf, "BaseFont", m->name);
    r |= bk_pdfobj_set(cf, "CIDSystemInfo", si);
    r |= bk_pdfobj_set(si, "Registry", bk_pdfdoc_string(doc, "Adobe"));
    r |= bk_pdfobj_set(si, "Ordering", bk_pdfdoc_string(doc, "Identity"));
    r |= bk_pdfobj_set_int(si, "Supplement", 0);
    r |= bk_pdfobj_set(cf, "FontDescriptor", fd);
    if (!fi->is_cff)
        r |= bk_pdfobj_set_name(cf, "CIDToGIDMap", "Identity");
    if (!r)
        r = add_widths(j, cf, m->we, m->nwe);
    if (r)
        return bk_pdf_fail(j, "building font objects");
    *out = cf;
    return BK_OK;
}

static bk_status font_type0(bk_pdf_job *j, const bk_pdf_font_made *m, bk_pdfobj *cf,
                            bk_pdfobj *tu, bk_pdfobj **out)
{
    int r = 0;
    bk_pdfobj *t0 = bk_pdfdoc_dict(j->doc), *desc = bk_pdfdoc_array(j->doc);
    if (!t0 || bk_pdfdoc_register(j->doc, t0) || !desc)
        return bk_pdf_fail(j, "creating a Type0 font");
    r |= bk_pdfobj_set_name(t0, "Type", "Font");
    r |= bk_pdfobj_set_name(t0, "Subtype", "Type0");
    r |= bk_pdfobj_set_name(t0, "BaseFont", m->t0name);
    r |= bk_pdfobj_set_name(t0, "Encoding", "Identity-H");
    r |= bk_pdfobj_set(t0, "DescendantFonts", desc);
    r |= bk_pdfobj_push(desc, cf);
    r |= bk_pdfobj_set(t0, "ToUnicode", tu);
    if (r)
        return bk_pdf_fail(j, "building font objects");
    *out = t0;
    return BK_OK;
}

/* The objects of a made font, in the order they are numbered:
 * program, descriptor, CIDFont, ToUnicode, Type0. */
static bk_status font_objects(bk_pdf_job *j, bk_pdf_font *u, const bk_pdf_font_made *m)
{
    bk_pdfobj *fd = NULL, *cf = NULL, *tu = NULL;
    bk_status st = font_descriptor(j, u, m, &fd);
    if (!st)
        st = font_cidfont(j, u, m, fd, &cf);
    if (!st && !(tu = blob_stream(j, &m->cmap)))
        st = bk_pdf_fail(j, "writing a ToUnicode CMap");
    if (!st)
        st = font_type0(j, m, cf, tu, &u->type0);
    return st;
}

/* Steps: an earlier output of the run made this font from the same
 * glyphs, texts and gaps: its codes and objects; else make it (subset,
 * codes, gaps, names, compressed program and CMap), build its objects and
 * keep it for the next output. */
bk_status bk_pdf_font_build(bk_pdf_job *j, bk_pdf_font *u)
{
    size_t f = (size_t)(u - j->fu);
    bk_pdf_font_made *m = bk_pdf_cache_font(j->cache, f);
    if (m && made_matches(m, u, j->compress != 0)) {
        made_apply(m, u);
        return font_objects(j, u, m);
    }
    if (!(m = calloc(1, sizeof *m)))
        return bk_pdf_oom(j);
    bk_status st = font_make(j, u, m);
    free(u->map); /* the codes are made */
    u->map = NULL;
    if (!st)
        st = font_objects(j, u, m);
    if (st)
        bk_pdf_font_made_free(m);
    else
        (void)bk_pdf_cache_font_keep(j->cache, f, m); /* not kept: made again */
    return st;
}
