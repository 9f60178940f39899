/* pdf_cache.c — what the PDFs of one run share (pdf.h, bk_pdf_cache): a
 * record per font of the fontset as the first write built it (pdf_font.c
 * decides whether a later write may use it), the output intent's profile
 * as written, and the compressor whose memory every stream reuses.
 *
 * The reading, print and imposed outputs of a build draw the same frames:
 * they use the same glyphs with the same texts, so each font's subset,
 * compressed program and CMap come out the same three times. Making them
 * once is most of what a second and third output would cost in fonts
 * (hb-subset on a CJK face is the dearest step of the PDF stage).
 */
#include "pdf_private.h"

#include <stdlib.h>
#include <string.h>

struct bk_pdf_cache {
    bk_pdf_zip *zip;
    bk_pdf_font_made **fonts; /* by fontset index; NULL: none kept */
    size_t nfonts;
    /* the profile as given (the key) and as written */
    unsigned char *icc;
    size_t icc_len;
    int icc_made;
    bk_pdf_blob icc_blob;
};

bk_pdf_cache *bk_pdf_cache_new(void)
{
    bk_pdf_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (!(c->zip = bk_pdf_zip_new())) {
        free(c);
        return NULL;
    }
    return c;
}

void bk_pdf_cache_free(bk_pdf_cache *c)
{
    if (!c)
        return;
    for (size_t f = 0; f < c->nfonts; f++)
        bk_pdf_font_made_free(c->fonts[f]);
    free(c->fonts);
    free(c->icc);
    bk_pdf_blob_release(&c->icc_blob);
    bk_pdf_zip_free(c->zip);
    free(c);
}

bk_pdf_zip *bk_pdf_cache_zip(bk_pdf_cache *c) { return c->zip; }

bk_pdf_font_made *bk_pdf_cache_font(bk_pdf_cache *c, size_t f)
{
    return f < c->nfonts ? c->fonts[f] : NULL;
}

int bk_pdf_cache_font_keep(bk_pdf_cache *c, size_t f, bk_pdf_font_made *m)
{
    if (f >= c->nfonts) {
        bk_pdf_font_made **a = realloc(c->fonts, (f + 1) * sizeof(*a));
        if (!a) {
            bk_pdf_font_made_free(m);
            return -1;
        }
        for (size_t k = c->nfonts; k <= f; k++)
            a[k] = NULL;
        c->fonts = a;
        c->nfonts = f + 1;
    }
    bk_pdf_font_made_free(c->fonts[f]);
    c->fonts[f] = m;
    return 0;
}

/* Kept with the job's compression and the profile's bytes: a write that
 * differs in either makes its own (and keeps that one). */
const bk_pdf_blob *bk_pdf_cache_icc(bk_pdf_job *j, const unsigned char *p, size_t n)
{
    bk_pdf_cache *c = j->cache;
    int flate = j->compress != 0;
    if (c->icc_made && c->icc_blob.flate == flate && c->icc_len == n &&
        (n == 0 || memcmp(c->icc, p, n) == 0))
        return &c->icc_blob;
    c->icc_made = 0;
    free(c->icc);
    bk_pdf_blob_release(&c->icc_blob);
    c->icc_len = 0;
    if (!(c->icc = malloc(n ? n : 1)) || bk_pdf_blob_make(j, p, n, &c->icc_blob))
        return NULL;
    memcpy(c->icc, p, n);
    c->icc_len = n;
    c->icc_made = 1;
    return &c->icc_blob;
}
