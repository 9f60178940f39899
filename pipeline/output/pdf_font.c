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
        u->used = calloc(u->nglyphs, 1);
        u->uni = calloc(u->nglyphs, sizeof(*u->uni));
        u->map = calloc(u->nglyphs, sizeof(*u->map));
        u->code = calloc(u->nglyphs, sizeof(*u->code));
        u->width = calloc(u->nglyphs, sizeof(*u->width));
        if (!u->used || !u->uni || !u->map || !u->code || !u->width)
            return bk_pdf_oom(j);
        u->font = f;
        /* .notdef is in every subset and gets a width like any glyph */
        u->used[0] = 1;
        u->nused = 1;
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
    for (size_t i = 0; i < r->n; i++) {
        if (r->gids[i] >= u->nglyphs) /* the font's tables disagree */
            return bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                                 "font '%s': %s is damaged: glyph %u beyond its %u glyphs",
                                 u->font->id, u->font->path, (unsigned)r->gids[i],
                                 u->nglyphs);
        if (!u->used[r->gids[i]]) {
            u->used[r->gids[i]] = 1;
            u->nused++;
            /* as in /W (font_codes); the gaps (pdf_gap.c) are measured from it */
            u->width[r->gids[i]] = scale(u, bk_face_glyph_advance(u->font->face, r->gids[i]));
        }
    }
    bk_pdf_cluster c;
    for (size_t g = 0; bk_pdf_cluster_next(r, g, &c); g = c.g1) {
        if (c.g1 - c.g0 != 1 || c.t1 == c.t0)
            continue;
        uint32_t gid = r->gids[c.g0];
        if (u->uni[gid].s ||
            bk_pdf_utf16_units(r->text + c.t0, c.t1 - c.t0) > MAX_TOUNICODE_UNITS)
            continue;
        u->uni[gid].s = r->text + c.t0;
        u->uni[gid].len = (uint32_t)(c.t1 - c.t0);
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
 * others as runs of consecutive CIDs: c [w1 w2 ...]. */
static int add_widths(bk_pdf_job *j, bk_pdfobj *cid, width_entry *we, size_t n)
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
    qsort(we, n, sizeof(*we), cmp_width_entry);
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

/* ---- font objects ------------------------------------------------------ */

/* A font being built: its subset and what the dictionaries need. */
typedef struct font_build {
    uint32_t *gids; /* the used glyphs, ascending old ids */
    size_t n;
    unsigned char *prog; /* the subset font program */
    size_t progsize;
    width_entry *we; /* per used glyph and gap copy: code and width */
    size_t nwe;
    char name[BK_PDF_MAX_NAME_LEN + 1], t0name[BK_PDF_MAX_NAME_LEN + 1];
} font_build;

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
    bk_pdfdoc_md5(data, pl + 4 * n, dg);
    free(data);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + dg[i] % 26);
    tag[6] = 0;
    return 0;
}

/* The used glyphs, subset. */
static bk_status font_subset(bk_pdf_job *j, bk_pdf_font *u, font_build *fb)
{
    fb->gids = calloc(u->nused, sizeof(*fb->gids));
    fb->we = malloc((u->nused + u->ngaps) * sizeof(*fb->we));
    if (!fb->gids || !fb->we)
        return bk_pdf_oom(j);
    for (uint32_t g = 0; g < u->nglyphs; g++)
        if (u->used[g])
            fb->gids[fb->n++] = g;
    bk_status st = bk_face_subset(j->ctx, u->font->face, fb->gids, fb->n,
                                  u->font->info.is_cff, &fb->prog, &fb->progsize, u->map);
    if (st == BK_EINPUT)
        return bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                             "font '%s': %s is damaged: HarfBuzz cannot subset it",
                             u->font->id, u->font->path);
    if (st)
        return st;
    for (size_t i = 1; i < fb->n; i++)
        if (u->map[fb->gids[i]] == 0)
            return bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                                 "font '%s': %s is damaged: its subset lost glyph %u",
                                 u->font->id, u->font->path, (unsigned)fb->gids[i]);
    return BK_OK;
}

/* Character codes (new glyph ids, or the subset's CIDs for CFF) and
 * widths of the used glyphs. */
static bk_status font_codes(bk_pdf_job *j, bk_pdf_font *u, font_build *fb)
{
    const bk_font_info *fi = &u->font->info;
    uint32_t *cid = NULL;
    size_t ncid = 0;
    bk_status st = BK_OK;
    if (fi->is_cff && bk_pdf_cff_cids(fb->prog, fb->progsize, &cid, &ncid) < 0) {
        st = bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                           "font '%s': %s is damaged: its subset CFF cannot be read",
                           u->font->id, u->font->path);
        goto done;
    }
    for (size_t i = 0; i < fb->n; i++)
        if (fi->is_cff && u->map[fb->gids[i]] >= ncid) {
            st = bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                               "font '%s': %s is damaged: its subset CFF lacks glyph %u",
                               u->font->id, u->font->path, (unsigned)u->map[fb->gids[i]]);
            goto done;
        }
    for (size_t i = 0; i < fb->n; i++) {
        uint32_t g = fb->gids[i];
        uint32_t c = fi->is_cff ? cid[u->map[g]] : u->map[g];
        if (c > 0xFFFF) {
            st = bk_diag_error(j->ctx->diag, BK_EINPUT, u->font->config, u->font->line, 0,
                               "font '%s': %s: CID %u beyond 65535", u->font->id,
                               u->font->path, (unsigned)c);
            goto done;
        }
        u->code[g] = c;
        u->width[g] = scale(u, bk_face_glyph_advance(u->font->face, g));
        fb->we[i].code = c;
        fb->we[i].w = u->width[g];
    }
    fb->nwe = fb->n;
done:
    free(cid);
    return st;
}

/* The gap copies (pdf_gap.c) added to the subset, after its glyphs: their
 * codes and widths. A font program that cannot take them shows those
 * glyphs as before, moved by TJ. */
static bk_status font_gaps(bk_pdf_job *j, bk_pdf_font *u, font_build *fb)
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
            ? bk_pdf_cff_add_glyphs(&fb->prog, &fb->progsize, base, adv, u->ngaps, codes)
            : bk_pdf_ttf_add_glyphs(&fb->prog, &fb->progsize, base, adv, u->ngaps, &first))
        goto done; /* left as they were: the gaps stay TJ adjustments */
    for (size_t k = 0; k < u->ngaps; k++) {
        bk_pdf_gap *gp = &u->gaps[k];
        gp->made = 1;
        gp->code = u->font->info.is_cff ? codes[k] : first + (uint32_t)k;
        gp->width = scale(u, adv[k]);
        fb->we[fb->nwe].code = gp->code;
        fb->we[fb->nwe++].w = gp->width;
    }
done:
    free(base);
    free(codes);
    free(adv);
    return st;
}

/* The font's names: subset tag + PostScript name. */
static bk_status font_names(bk_pdf_job *j, const bk_pdf_font *u, font_build *fb)
{
    const bk_font_info *fi = &u->font->info;
    char tag[7];
    if (subset_tag(u, fb->gids, fb->n, tag) < 0)
        return bk_pdf_oom(j);
    const char *ps = fi->ps_name && *fi->ps_name ? fi->ps_name : u->font->id;
    snprintf(fb->name, sizeof fb->name, "%s+%.100s", tag, ps);
    /* ISO 32000-1, 9.7.6.1: over a CIDFontType0 the Type0 BaseFont names
     * the CMap too */
    snprintf(fb->t0name, sizeof fb->t0name, "%s+%.100s%s", tag, ps,
             fi->is_cff ? "-Identity-H" : "");
    return BK_OK;
}

/* A stream object holding data, Flate-compressed when asked. */
static bk_pdfobj *data_stream(bk_pdf_job *j, const void *data, size_t len)
{
    bk_pdfobj *s = bk_pdfdoc_stream(j->doc);
    if (!s || bk_pdf_stream_put(j, s, data, len) != 0)
        return NULL;
    return s;
}

/* The font program and the FontDescriptor pointing at it. */
static bk_status font_descriptor(bk_pdf_job *j, const bk_pdf_font *u,
                                 const font_build *fb, bk_pdfobj **out)
{
    const bk_font_info *fi = &u->font->info;
    int r = 0;
    bk_pdfobj *ff = data_stream(j, fb->prog, fb->progsize);
    if (!ff)
        return bk_pdf_fail(j, "embedding a font program");
    if (fi->is_cff)
        r |= bk_pdfobj_set_name(ff, "Subtype", "CIDFontType0C");
    else
        r |= bk_pdfobj_set_int(ff, "Length1", (long)fb->progsize);
    bk_pdfobj *fd = bk_pdfdoc_dict(j->doc), *bbox = bk_pdfdoc_array(j->doc);
    if (!fd || bk_pdfdoc_register(j->doc, fd) || !bbox)
        return bk_pdf_fail(j, "creating a font descriptor");
    r |= bk_pdfobj_set_name(fd, "Type", "FontDescriptor");
    r |= bk_pdfobj_set_name(fd, "FontName", fb->name);
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
static bk_status font_cidfont(bk_pdf_job *j, const bk_pdf_font *u, const font_build *fb,
                              width_entry *we, size_t nwe, bk_pdfobj *fd, bk_pdfobj **out)
{
    const bk_font_info *fi = &u->font->info;
    bk_pdfdoc *doc = j->doc;
    int r = 0;
    bk_pdfobj *cf = bk_pdfdoc_dict(doc), *si = bk_pdfdoc_dict(doc);
    if (!cf || bk_pdfdoc_register(doc, cf) || !si)
        return bk_pdf_fail(j, "creating a CIDFont");
    r |= bk_pdfobj_set_name(cf, "Type", "Font");
    r |= bk_pdfobj_set_name(cf, "Subtype", fi->is_cff ? "CIDFontType0" : "CIDFontType2");
    r |= bk_pdfobj_set_name(cf, "BaseFont", fb->name);
    r |= bk_pdfobj_set(cf, "CIDSystemInfo", si);
    r |= bk_pdfobj_set(si, "Registry", bk_pdfdoc_string(doc, "Adobe"));
    r |= bk_pdfobj_set(si, "Ordering", bk_pdfdoc_string(doc, "Identity"));
    r |= bk_pdfobj_set_int(si, "Supplement", 0);
    r |= bk_pdfobj_set(cf, "FontDescriptor", fd);
    if (!fi->is_cff)
        r |= bk_pdfobj_set_name(cf, "CIDToGIDMap", "Identity");
    if (!r)
        r = add_widths(j, cf, we, nwe);
    if (r)
        return bk_pdf_fail(j, "building font objects");
    *out = cf;
    return BK_OK;
}

/* The ToUnicode stream of the glyphs that have a text. */
static bk_status font_tounicode(bk_pdf_job *j, const bk_pdf_font *u,
                                const font_build *fb, bk_pdfobj **out)
{
    bk_status st = BK_OK;
    bk_buf cmap = {0};
    bk_pdf_cmap_entry *ce = malloc((fb->n + u->ngaps + 1) * sizeof(*ce));
    size_t nce = 0;
    if (!ce) {
        st = bk_pdf_oom(j);
        goto done;
    }
    for (size_t i = 0; i < fb->n; i++)
        if (u->uni[fb->gids[i]].s) {
            ce[nce].code = u->code[fb->gids[i]];
            ce[nce].text = u->uni[fb->gids[i]];
            nce++;
        }
    for (size_t k = 0; k < u->ngaps; k++) /* the copies read as the glyph */
        if (u->gaps[k].made && u->uni[u->gaps[k].gid].s) {
            ce[nce].code = u->gaps[k].code;
            ce[nce].text = u->uni[u->gaps[k].gid];
            nce++;
        }
    if (bk_pdf_cmap_build(&cmap, ce, nce) < 0) {
        st = bk_pdf_oom(j);
        goto done;
    }
    *out = data_stream(j, cmap.data, cmap.len);
    if (!*out)
        st = bk_pdf_fail(j, "writing a ToUnicode CMap");
done:
    free(ce);
    bk_buf_release(&cmap);
    return st;
}

static bk_status font_type0(bk_pdf_job *j, const font_build *fb, bk_pdfobj *cf,
                            bk_pdfobj *tu, bk_pdfobj **out)
{
    int r = 0;
    bk_pdfobj *t0 = bk_pdfdoc_dict(j->doc), *desc = bk_pdfdoc_array(j->doc);
    if (!t0 || bk_pdfdoc_register(j->doc, t0) || !desc)
        return bk_pdf_fail(j, "creating a Type0 font");
    r |= bk_pdfobj_set_name(t0, "Type", "Font");
    r |= bk_pdfobj_set_name(t0, "Subtype", "Type0");
    r |= bk_pdfobj_set_name(t0, "BaseFont", fb->t0name);
    r |= bk_pdfobj_set_name(t0, "Encoding", "Identity-H");
    r |= bk_pdfobj_set(t0, "DescendantFonts", desc);
    r |= bk_pdfobj_push(desc, cf);
    r |= bk_pdfobj_set(t0, "ToUnicode", tu);
    if (r)
        return bk_pdf_fail(j, "building font objects");
    *out = t0;
    return BK_OK;
}

bk_status bk_pdf_font_build(bk_pdf_job *j, bk_pdf_font *u)
{
    font_build fb;
    memset(&fb, 0, sizeof fb);
    bk_pdfobj *fd = NULL, *cf = NULL, *tu = NULL;
    bk_status st = font_subset(j, u, &fb);
    if (!st)
        st = font_codes(j, u, &fb);
    if (!st)
        st = font_gaps(j, u, &fb);
    if (!st)
        st = font_names(j, u, &fb);
    if (!st)
        st = font_descriptor(j, u, &fb, &fd);
    if (!st)
        st = font_cidfont(j, u, &fb, fb.we, fb.nwe, fd, &cf);
    if (!st)
        st = font_tounicode(j, u, &fb, &tu);
    if (!st)
        st = font_type0(j, &fb, cf, tu, &u->type0);
    free(fb.gids);
    free(fb.prog);
    free(fb.we);
    return st;
}
