/* pdf.c — the PDF backend's entry (see pdf.h and ARCHITECTURE.md, "PDF
 * output: HarfBuzz glyphs through libharu"): checks the options and the
 * frames, runs the passes in order and writes the file.
 *
 * libharu makes the document, pages, paths, annotations, outlines, the info
 * dictionary and the file structure. Its text API takes characters, not
 * glyph ids, and cannot embed CFF, so fonts are built from libharu's
 * object API (Type0 over CIDFontType2/CIDFontType0, subset with hb-subset)
 * and text is written as raw operators into the page content stream. The
 * work is split by job over the pdf_*.c files (pdf_private.h); only
 * pdf_doc.c includes libharu headers.
 */
#include "pdf_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bk_status bk_pdf_fail(bk_pdf_job *j, const char *what)
{
    unsigned code, detail;
    bk_pdfdoc_error(j->doc, &code, &detail);
    if (code == 0) /* only our own allocations fail silently */
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: out of memory while %s", what);
    return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                         "PDF: libharu error 0x%04X (detail %u) while %s", code,
                         detail, what);
}

bk_status bk_pdf_oom(bk_pdf_job *j)
{
    return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                         "PDF: out of memory");
}

int bk_pdf_keep(bk_pdf_job *j, void *p, size_t bytes)
{
    if (j->nheld == j->capheld) {
        size_t cap = j->capheld ? 2 * j->capheld : 64;
        unsigned char **a = realloc(j->held, cap * sizeof(*a));
        if (!a) {
            free(p);
            return -1;
        }
        j->held = a;
        j->capheld = cap;
    }
    j->held[j->nheld++] = p;
    j->held_bytes += bytes;
    return 0;
}

/* The content is copied once, into memory the job keeps until the file
 * is saved, and held by the stream. */
int bk_pdf_stream_put(bk_pdf_job *j, bk_pdfobj *stream, const void *data, size_t len)
{
    const unsigned char *z = data;
    size_t n = len;
    if (len > UINT32_MAX ||
        (j->compress && bk_pdf_zip_deflate(bk_pdf_cache_zip(j->cache), data, len, &z, &n)))
        return -1;
    unsigned char *copy = malloc(n ? n : 1);
    if (!copy)
        return -1;
    if (n)
        memcpy(copy, z, n);
    if (bk_pdf_keep(j, copy, n))
        return -1;
    return bk_pdfobj_stream_hold(j->doc, stream, copy, n, j->compress != 0) ? -1 : 0;
}

int bk_pdf_blob_make(bk_pdf_job *j, const void *data, size_t len, bk_pdf_blob *out)
{
    const unsigned char *z = data;
    size_t n = len;
    memset(out, 0, sizeof *out);
    if (len > UINT32_MAX ||
        (j->compress && bk_pdf_zip_deflate(bk_pdf_cache_zip(j->cache), data, len, &z, &n)))
        return -1;
    if (!(out->data = malloc(n ? n : 1)))
        return -1;
    if (n)
        memcpy(out->data, z, n);
    out->len = n;
    out->flate = j->compress != 0;
    return 0;
}

int bk_pdf_blob_put(bk_pdf_job *j, bk_pdfobj *stream, const bk_pdf_blob *b)
{
    j->held_bytes += b->len;
    return bk_pdfobj_stream_hold(j->doc, stream, b->data, b->len, b->flate) ? -1 : 0;
}

void bk_pdf_blob_release(bk_pdf_blob *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

int bk_pdf_kind_parse(const char *name, bk_pdf_kind *kind)
{
    static const char *const names[] = {"reading", "print", "imposed"};
    for (int k = 0; k < 3; k++)
        if (name && strcmp(name, names[k]) == 0) {
            *kind = (bk_pdf_kind)k;
            return 0;
        }
    return -1;
}

/* The output kind and its geometry: print's bleed, mark start and length
 * and the margin they need; imposed's creep. */
static bk_status job_options(bk_pdf_job *j, const bk_pdf_options *opts)
{
    bk_diag *diag = j->ctx->diag;
    j->compress = opts ? opts->compress : 1;
    j->release = opts && opts->release == j->frames ? opts->release : NULL;
    j->kind = opts ? opts->kind : BK_PDF_READING;
    j->standards = opts ? opts->standards : 0;
    j->intent = opts ? opts->intent : NULL;
    j->cache = opts ? opts->cache : NULL;
    if (!j->cache && !(j->cache = j->own_cache = bk_pdf_cache_new()))
        return bk_pdf_oom(j);
    /* imposed sheets are Form XObjects, not tagged: no claim that needs
     * tags (build.c refuses them before any work when the kind is given) */
    if (j->kind == BK_PDF_IMPOSED &&
        (j->standards & (BK_PDF_STD_PDFUA_1 | BK_PDF_STD_PDFA_2A)))
        return bk_diag_error(diag, BK_EUSAGE, j->path, 0, 0,
                             "PDF/UA-1 and PDF/A-2a need a tagged PDF: imposed "
                             "sheets are not tagged");
    if (j->kind == BK_PDF_PRINT) {
        double bl = opts->bleed, off = opts->mark_offset, len = opts->mark_length;
        if (!isfinite(bl) || bl < 0 || !isfinite(off) || off < 0 || !isfinite(len) ||
            len < 0 || bl > 72 || off > 72 || len > 72)
            return bk_diag_error(diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: bleed %g, crop marks %g+%g pt out of 0..72",
                                 bl, off, len);
        j->bleed = bl;
        j->mark_start = off > 0 ? off : 3 * BK_PDF_MM;
        if (j->mark_start < bl) /* marks are never inside the bleed */
            j->mark_start = bl;
        j->mark_length = len > 0 ? len : 10 * BK_PDF_MM;
        /* room for the marks and 3mm of paper beyond them */
        double m = j->mark_start + j->mark_length;
        j->ox = j->oy = (m > bl ? m : bl) + 3 * BK_PDF_MM;
    } else if (j->kind == BK_PDF_IMPOSED) {
        double c = opts->creep;
        if (!isfinite(c) || c < 0 || c > 72)
            return bk_diag_error(diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: creep %g pt out of 0..72", c);
    } else if (j->kind != BK_PDF_READING) {
        return bk_diag_error(diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: unknown output kind %d", (int)j->kind);
    }
    return BK_OK;
}

/* Every frame within libharu's limits on page size (HPDF_MIN/MAX_PAGE_SIZE),
 * for the page as written: trim, trim and margins, or half a sheet; notes
 * the largest trim size. */
static bk_status job_check_frames(bk_pdf_job *j)
{
    const bk_frames *frames = j->frames;
    if (!frames || frames->n == 0)
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: no pages to write");
    for (size_t i = 0; i < frames->n; i++) {
        const bk_page *p = frames->pages[i];
        double f = j->kind == BK_PDF_IMPOSED ? 2 : 1, m = 2 * j->ox;
        if (!(p->width >= 3 && p->width * f + m <= 14400 && p->height >= 3 &&
              p->height + m <= 14400))
            return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: page %zu has size %gx%g pt, outside 3..14400",
                                 i + 1, p->width, p->height);
        if (p->width > j->cell_w)
            j->cell_w = p->width;
        if (p->height > j->cell_h)
            j->cell_h = p->height;
    }
    return BK_OK;
}

/* Pass 1: per font, the glyphs used and each glyph's text (for ToUnicode);
 * the page table, and for imposed output the plan of sheet sides. */
static bk_status job_collect(bk_pdf_job *j, const bk_pdf_options *opts)
{
    const bk_frames *frames = j->frames;
    j->nfu = j->fonts ? bk_fontset_count(j->fonts) : 0;
    j->fu = calloc(j->nfu ? j->nfu : 1, sizeof(*j->fu));
    j->pages = calloc(frames->n, sizeof(*j->pages));
    if (!j->fu || !j->pages)
        return bk_pdf_oom(j);
    if (j->kind == BK_PDF_IMPOSED) {
        j->forms = calloc(frames->n, sizeof(*j->forms));
        if (!j->forms || bk_impose_plan_make(frames->n, frames->back_cover, opts->creep, &j->plan) < 0)
            return bk_pdf_oom(j);
        /* one page per sheet side */
        bk_pdfobj **sides = realloc(j->pages, 2 * j->plan.sheets * sizeof(*sides));
        if (!sides)
            return bk_pdf_oom(j);
        j->pages = sides;
    }
    bk_status st = BK_OK;
    for (size_t i = 0; i < frames->n && !st; i++) {
        const bk_page *p = frames->pages[i];
        bk_pdf_gapscan gs = {0, 0};
        for (size_t k = 0; k < p->n && !st; k++) {
            const bk_item *it = &p->items[k];
            bk_pdf_gapscan_item(&gs, it);
            if (it->kind == BK_ITEM_GLYPHS && it->u.glyphs.n && it->u.glyphs.size > 0) {
                st = bk_pdf_font_collect(j, &it->u.glyphs);
                if (!st && bk_pdf_gap_collect(&j->fu[it->u.glyphs.font], &it->u.glyphs,
                                              gs.act != 0))
                    st = bk_pdf_oom(j);
            }
        }
    }
    return st;
}

/* The document, its pages and anchors, the fonts, the drawing, the
 * outline mode, page labels (not imposed) and the info dictionary. */
static bk_status job_build(bk_pdf_job *j)
{
    j->doc = bk_pdfdoc_new();
    if (!j->doc)
        return bk_pdf_oom(j);
    if (bk_pdfdoc_setup(j->doc, j->compress))
        return bk_pdf_fail(j, "setting compression");
    bk_status st = bk_pdf_pages_add(j);
    if (!st && j->kind != BK_PDF_IMPOSED)
        st = bk_pdf_anchors_collect(j);
    /* The font files' pages shaping read go back: only the subsets read
     * them again (pdf_font.c gives those back too). */
    bk_fontset_pages_release(j->fonts);
    for (size_t f = 0; f < j->nfu && !st; f++)
        if (j->fu[f].font)
            st = bk_pdf_font_build(j, &j->fu[f]);
    if (!st && j->kind != BK_PDF_IMPOSED && !(j->tags = bk_pdf_tags_new(j->frames->n)))
        st = bk_pdf_oom(j);
    if (!st)
        st = bk_pdf_pages_draw(j);
    if (!st)
        st = bk_pdf_tags_write(j);
    if (!st && j->kind != BK_PDF_IMPOSED)
        st = bk_pdf_outline_add(j);
    if (!st && bk_pdfdoc_show_outline(j->doc))
        st = bk_pdf_fail(j, "setting the page mode");
    if (!st && j->kind != BK_PDF_IMPOSED)
        st = bk_pdf_page_labels_add(j);
    if (!st)
        st = bk_pdf_info_add(j);
    return st;
}

/* Saves into memory, sets /ID from the content's MD5 and writes the file
 * atomically. */
static bk_status job_save(bk_pdf_job *j)
{
    unsigned char *out = NULL;
    size_t size = 0;
    bk_status st = bk_pdf_id_add(j);
    if (st)
        goto done;
    int r = bk_pdfdoc_save(j->doc, j->held_bytes, &out, &size);
    if (r) {
        st = r == -2 ? bk_pdf_oom(j) : bk_pdf_fail(j, "saving");
        goto done;
    }
    if (bk_pdf_id_patch(out, size) < 0) {
        st = bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                           "PDF: file identifier not found in the output");
        goto done;
    }
    st = bk_file_write_atomic(j->ctx, j->path, out, size);
done:
    free(out);
    return st;
}

/* What the passes kept (per font: the glyphs used, their texts and codes;
 * the structure tree being built), freed once the document is made:
 * the save, which doubles the file in memory, is the write's peak. */
static void job_passes_release(bk_pdf_job *j)
{
    for (size_t f = 0; j->fu && f < j->nfu; f++) {
        free(j->fu[f].slot);
        free(j->fu[f].glyph);
        free(j->fu[f].map);
        free(j->fu[f].gaps);
    }
    free(j->fu);
    j->fu = NULL;
    j->nfu = 0;
    bk_pdf_tags_free(j->tags);
    j->tags = NULL;
}

static void job_release(bk_pdf_job *j)
{
    bk_pdfdoc_free(j->doc);
    for (size_t i = 0; i < j->nheld; i++)
        free(j->held[i]);
    free(j->held);
    job_passes_release(j);
    free(j->pages);
    free(j->anchors);
    free(j->forms);
    bk_impose_plan_free(&j->plan);
    bk_pdf_cache_free(j->own_cache);
}

bk_status bk_pdf_write(bk_ctx *ctx, const bk_frames *frames, bk_fontset *fonts,
                       const bk_pdf_options *opts, const char *path)
{
    /* Steps:
     * 1. pass 1 over the frames: per font, the glyphs used and each glyph's
     *    text (for ToUnicode);
     * 2. a libharu document: compression, version; the pages with their
     *    boxes — one per frame (reading: MediaBox = BleedBox = TrimBox =
     *    trim; print: trim with bleed and mark room around it) or one per
     *    sheet side (imposed); anchors collected;
     * 3. per used font: hb-subset, then Type0/CIDFont/descriptor/program,
     *    /W and ToUnicode through libharu's object API (the subset, the
     *    compressed program and CMap taken from opts->cache when an
     *    earlier output of the run made them for the same glyphs); the font
     *    files' pages given back before, and after each subset
     *    (bk_fontset_pages_release);
     * 4. pass 2: the frames' content — text as raw TJ operators (ActualText
     *    where glyphs and characters do not map one to one), paths as raw
     *    operators — onto the pages (reading, print: translated, clipped at
     *    the bleed, crop marks), links and bookmarks; or into one Form
     *    XObject per frame, placed on the sheets (imposed);
     * 5. the structure tree of tagged PDF (not imposed: pdf_tags.c), page
     *    labels (not imposed), info dictionary, /Lang, dates from
     *    ctx->epoch;
     * 6. save into memory, set /ID from the content's MD5, write the file
     *    atomically. */
    bk_pdf_job j;
    memset(&j, 0, sizeof j);
    j.ctx = ctx;
    j.frames = frames;
    j.fonts = fonts;
    j.path = path;
    bk_status st = job_options(&j, opts);
    if (!st)
        st = job_check_frames(&j);
    if (!st)
        st = job_collect(&j, opts); /* 1 */
    if (!st)
        st = job_build(&j); /* 2 to 5 */
    job_passes_release(&j);
    if (!st)
        st = job_save(&j); /* 6 */
    job_release(&j);
    return st;
}
