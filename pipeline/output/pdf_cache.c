/* pdf_cache.c — what the PDFs of one run share (pdf.h, bk_pdf_cache): a
 * record per font of the fontset as the first write built it (pdf_font.c
 * decides whether a later write may use it), the output intent's profile
 * as written, the bytes drawn for each path and glyph run, and the
 * compressor whose memory every stream reuses.
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

/* A path as the first output drew it: a byte copy of the path (its paint,
 * colours and where its operators are) and where the bytes are. Like the
 * glyph runs, the outputs of a run draw the same frames, which no write
 * changes: operators at the same address, as many, are the same
 * operators, and are not copied (a map's paths are long). */
typedef struct path_made {
    bk_path path; /* ops: the frames' array, not owned */
    size_t off, len; /* in the cache's path bytes */
} path_made;

/* A glyph run as an earlier output drew it. Its bytes depend on the run
 * (the same frames: its address, and its fields and array addresses as
 * they were), the font's name on the page, the fill colour before it,
 * whether it is inside an /ActualText span, and the fonts' codes: the
 * generation of the cache's fonts, which a font made anew changes. */
typedef struct run_made {
    const bk_glyph_run *run;
    bk_glyph_run fields; /* a byte copy of *run */
    bk_color fill;
    int in_actual;
    char fname[16];
    unsigned gen;
    size_t off, len;     /* in the cache's run bytes */
} run_made;

struct bk_pdf_cache {
    bk_pdf_zip *zip;
    /* the glyph runs in the order the first output drew them */
    run_made *runs;
    size_t nruns, caprun;
    bk_buf run_bytes;
    unsigned font_gen;     /* fonts kept so far */
    /* the paths in the order the first output drew them */
    path_made *paths;
    size_t npaths, cap;
    bk_buf path_bytes;
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
    free(c->paths);
    bk_buf_release(&c->path_bytes);
    free(c->runs);
    bk_buf_release(&c->run_bytes);
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
    c->font_gen++; /* other codes: runs drawn before are drawn anew */
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

static int color_same(bk_color a, bk_color b)
{
    if (a.n != b.n)
        return 0;
    for (int k = 0; k < a.n && k < 4; k++)
        if (a.c[k] != b.c[k])
            return 0;
    return 1;
}

/* Whether a and b draw the same bytes: the same operators (the same
 * array of the frames), paint, colours, width and join (the feature name
 * is not drawn). */
static int path_same(const bk_path *a, const bk_path *b)
{
    if (a->n != b->n || a->ops != b->ops || a->fill != b->fill || a->stroke != b->stroke ||
        a->evenodd != b->evenodd || a->line_join != b->line_join ||
        a->line_width != b->line_width || !color_same(a->fill_color, b->fill_color) ||
        !color_same(a->stroke_color, b->stroke_color))
        return 0;
    return 1;
}

const char *bk_pdf_cache_path(const bk_pdf_cache *c, size_t seq, const bk_path *p,
                              size_t *len)
{
    if (seq >= c->npaths || !path_same(&c->paths[seq].path, p))
        return NULL;
    *len = c->paths[seq].len;
    return c->path_bytes.data + c->paths[seq].off;
}

int bk_pdf_cache_path_keep(bk_pdf_cache *c, size_t seq, const bk_path *p,
                           const char *bytes, size_t len)
{
    if (seq != c->npaths)
        return 0; /* only the next: the outputs draw paths in one order */
    if (c->npaths == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        path_made *a = realloc(c->paths, cap * sizeof(*a));
        if (!a)
            return -1;
        c->paths = a;
        c->cap = cap;
    }
    path_made *m = &c->paths[c->npaths];
    m->path = *p;
    m->off = c->path_bytes.len;
    m->len = len;
    if (bk_buf_append(&c->path_bytes, bytes, len))
        return -1;
    c->npaths++;
    return 0;
}

static int fill_same(const bk_color *a, const bk_color *b)
{
    if (a->n != b->n)
        return 0;
    for (int k = 0; k < 4; k++)
        if (a->c[k] != b->c[k])
            return 0;
    return 1;
}

/* Whether m was drawn from run r as it is now, in the same setting. */
static int run_same(const bk_pdf_cache *c, const run_made *m, const bk_glyph_run *r,
                    const char *fname, const bk_color *fill, int in_actual)
{
    return m->run == r && m->gen == c->font_gen && m->in_actual == in_actual &&
           memcmp(&m->fields, r, sizeof *r) == 0 && fill_same(&m->fill, fill) &&
           strcmp(m->fname, fname) == 0;
}

const char *bk_pdf_cache_run(const bk_pdf_cache *c, size_t seq, const bk_glyph_run *r,
                             const char *fname, const bk_color *fill, int in_actual,
                             size_t *len)
{
    if (seq >= c->nruns || !run_same(c, &c->runs[seq], r, fname, fill, in_actual))
        return NULL;
    *len = c->runs[seq].len;
    return c->run_bytes.data + c->runs[seq].off;
}

int bk_pdf_cache_run_keep(bk_pdf_cache *c, size_t seq, const bk_glyph_run *r,
                          const char *fname, const bk_color *fill, int in_actual,
                          const char *bytes, size_t len)
{
    if (seq != c->nruns || strlen(fname) >= sizeof c->runs->fname)
        return 0; /* only the next: the outputs draw runs in one order */
    if (c->nruns == c->caprun) {
        size_t cap = c->caprun ? 2 * c->caprun : 256;
        run_made *a = realloc(c->runs, cap * sizeof(*a));
        if (!a)
            return -1;
        c->runs = a;
        c->caprun = cap;
    }
    run_made *m = &c->runs[c->nruns];
    memset(m, 0, sizeof *m);
    m->run = r;
    memcpy(&m->fields, r, sizeof *r);
    m->fill = *fill;
    m->in_actual = in_actual;
    strcpy(m->fname, fname);
    m->gen = c->font_gen;
    m->off = c->run_bytes.len;
    m->len = len;
    if (bk_buf_append(&c->run_bytes, bytes, len))
        return -1;
    c->nruns++;
    return 0;
}
