/* pdf_private.h — what the files of the PDF backend share (not public; the
 * API is pdf.h).
 *
 * The backend is split by job:
 *   pdf.c          bk_pdf_write: checks, the passes in order, the file
 *   pdf_doc.c      the libharu adapter: the only file including hpdf*.h
 *   pdf_font.c     glyph sets (pass 1) and the Type0/CIDFont objects
 *   pdf_cff.c      the CIDs of a subset CFF, glyph copies added to it
 *   pdf_cmap.c     the ToUnicode CMap text
 *   pdf_gap.c      gap widths: spacing inside an /ActualText span folded
 *                  into the advance of the glyph before it
 *   pdf_ttf.c      glyph copies added to a subset TrueType font
 *   pdf_content.c  content streams: glyph runs, paths, colours
 *   pdf_struct.c   anchors, links, bookmarks, page labels, info, /ID
 *   pdf_meta.c     the standards claimed: XMP, OutputIntents, PDF/UA and
 *                  PDF/X entries
 *   pdf_page.c     pages and their boxes, crop marks, imposed sheets
 *   pdf_tags.c     tagged PDF: marked content and the structure tree
 *   pdf_format.c   numbers and hex in content streams, deflate
 *   pdf_md5.c      MD5 for /ID, the XMP InstanceID and subset tags
 *   pdf_cache.c    what the outputs of a run share: font records, the
 *                  compressed profile, the compressor
 * Subsetting goes through bk_face_subset (shape.h, HarfBuzz's adapter); no
 * file here includes HarfBuzz.
 */
#ifndef BK_PDF_PRIVATE_H
#define BK_PDF_PRIVATE_H

#include <stdint.h>
#include <time.h>

#include "impose.h"
#include "pdf.h"

/* Deepest outline level kept apart; deeper bookmarks nest at this level. */
#define BK_PDF_MAX_OUTLINE_LEVEL 16
#define BK_PDF_MM (72.0 / 25.4)
/* Longest PDF name (libharu's HPDF_LIMIT_MAX_NAME_LEN, checked in
 * pdf_doc.c). */
#define BK_PDF_MAX_NAME_LEN 127

/* Bytes someone else keeps: a glyph's text as recorded for the ToUnicode
 * CMap (a slice of some run's text: the frames outlive the write), a
 * dictionary's entries formatted for libharu to write. */
typedef struct bk_pdf_slice {
    const char *s;
    uint32_t len;
} bk_pdf_slice;

/* ---- the libharu adapter (pdf_doc.c) ------------------------------------ */

/* A libharu document with the record of its first error. */
typedef struct bk_pdfdoc bk_pdfdoc;
/* Any libharu object: dictionary, array, stream, page, outline, annotation,
 * destination. Objects belong to their document. */
typedef struct bk_pdfobj bk_pdfobj;

/* Calls returning int give 0 on success and nonzero on a libharu error, so
 * that several can be or'ed together and checked once. */
bk_pdfdoc *bk_pdfdoc_new(void); /* NULL when out of memory */
void bk_pdfdoc_free(bk_pdfdoc *d);
/* Compression of libharu's own streams on or off, PDF 1.5 (ActualText). */
int bk_pdfdoc_setup(bk_pdfdoc *d, int compress);
/* The first libharu error (0 when none); d may be NULL. */
void bk_pdfdoc_error(const bk_pdfdoc *d, unsigned *code, unsigned *detail);

bk_pdfobj *bk_pdfdoc_dict(bk_pdfdoc *d);
bk_pdfobj *bk_pdfdoc_array(bk_pdfdoc *d);
bk_pdfobj *bk_pdfdoc_stream(bk_pdfdoc *d); /* an indirect stream dict */
bk_pdfobj *bk_pdfdoc_null(bk_pdfdoc *d);
bk_pdfobj *bk_pdfdoc_bool(bk_pdfdoc *d, int v);
bk_pdfobj *bk_pdfdoc_box(bk_pdfdoc *d, double x0, double y0, double x1, double y1);
bk_pdfobj *bk_pdfdoc_string(bk_pdfdoc *d, const char *ascii);
bk_pdfobj *bk_pdfdoc_binary(bk_pdfdoc *d, const unsigned char *b, size_t n);
/* A text string: literal for printable ASCII, else UTF-16BE with a BOM. */
bk_pdfobj *bk_pdfdoc_text(bk_pdfdoc *d, const char *s);
/* Makes the object indirect (gives it an object number). */
int bk_pdfdoc_register(bk_pdfdoc *d, bk_pdfobj *o);

int bk_pdfobj_set(bk_pdfobj *dict, const char *key, bk_pdfobj *v);
int bk_pdfobj_set_name(bk_pdfobj *dict, const char *key, const char *name);
int bk_pdfobj_set_int(bk_pdfobj *dict, const char *key, long v);
int bk_pdfobj_set_real(bk_pdfobj *dict, const char *key, double v);
int bk_pdfobj_set_bool(bk_pdfobj *dict, const char *key, int v);
int bk_pdfobj_push(bk_pdfobj *array, bk_pdfobj *v);
int bk_pdfobj_push_name(bk_pdfobj *array, const char *name);
int bk_pdfobj_push_int(bk_pdfobj *array, long v);
int bk_pdfobj_push_real(bk_pdfobj *array, double v);
void bk_pdfobj_clear(bk_pdfobj *array);
/* The key under which dict holds v, or NULL; the number of its entries. */
const char *bk_pdfobj_key_of(bk_pdfobj *dict, bk_pdfobj *v);
size_t bk_pdfobj_count(bk_pdfobj *dict);
/* Writes data as the stream's content as is; flate says that data is
 * already Flate-compressed (adds /Filter /FlateDecode). */
int bk_pdfobj_stream_write(bk_pdfobj *stream, const void *data, size_t len, int flate);
/* The same without a copy: data stays the caller's and must stay as it is
 * until the document is saved. Only for a stream nothing was written to. */
int bk_pdfobj_stream_hold(bk_pdfdoc *d, bk_pdfobj *stream, const void *data, size_t len,
                          int flate);

/* A dictionary whose entries are the body's bytes ("/Key value\n" each,
 * as libharu writes them): body stays the caller's and must stay as it is
 * until the document is saved. For the many small dictionaries of the
 * structure tree, formatted with the writers below. */
bk_pdfobj *bk_pdfdoc_raw_dict(bk_pdfdoc *d);
void bk_pdfobj_raw_body(bk_pdfobj *dict, const bk_pdf_slice *body);
/* Append a value as libharu writes it: an integer, a reference to an
 * indirect object ("n g R"; -1 when o is not indirect), a name ("/Name",
 * escaped; -1 when libharu would refuse it), a text string (as
 * bk_pdfdoc_text makes it). 0, or -1. An integer or a reference is
 * followed by `after` unless it is 0 (a space or a newline: values come
 * one after another). */
int bk_pdfraw_int(bk_buf *b, long v, char after);
int bk_pdfraw_ref(bk_buf *b, const bk_pdfobj *o, char after);
int bk_pdfraw_name(bk_buf *b, const char *name);
int bk_pdfraw_text(bk_buf *b, const char *s);

/* A new page of w x h pt, or NULL. */
bk_pdfobj *bk_pdfdoc_page_add(bk_pdfdoc *d, double w, double h);
bk_pdfobj *bk_pdfpage_contents(bk_pdfobj *page);
bk_pdfobj *bk_pdfpage_resources(bk_pdfobj *page);
const char *bk_pdfpage_font_name(bk_pdfobj *page, bk_pdfobj *font);
const char *bk_pdfpage_xobject_name(bk_pdfobj *page, bk_pdfobj *xobject);
/* An empty destination array on the page. */
bk_pdfobj *bk_pdfpage_dest(bk_pdfobj *page);
/* Link annotations on [x0 y0 x1 y1], without a border. */
bk_pdfobj *bk_pdfpage_link(bk_pdfobj *page, const double rect[4], bk_pdfobj *dest);
bk_pdfobj *bk_pdfpage_uri_link(bk_pdfobj *page, const double rect[4], const char *uri);
int bk_pdfobj_link_borderless(bk_pdfobj *annot);

bk_pdfobj *bk_pdfdoc_outline(bk_pdfdoc *d, bk_pdfobj *parent);
int bk_pdfobj_outline_set(bk_pdfobj *outline, bk_pdfobj *dest, int opened);
/* Opens the outline panel when the document has bookmarks. */
int bk_pdfdoc_show_outline(bk_pdfdoc *d);
int bk_pdfdoc_page_label(bk_pdfdoc *d, size_t page, bk_pdfobj *label);
int bk_pdfdoc_set_creator(bk_pdfdoc *d, const char *creator);
int bk_pdfdoc_set_dates(bk_pdfdoc *d, const struct tm *utc);
bk_pdfobj *bk_pdfdoc_info(bk_pdfdoc *d);
bk_pdfobj *bk_pdfdoc_catalog(bk_pdfdoc *d);
bk_pdfobj *bk_pdfdoc_trailer(bk_pdfdoc *d);
/* The whole file into *out (malloc'd); hint: about how large it will be
 * (the held streams' bytes), or 0. -1 on a libharu error, -2 when out of
 * memory. */
int bk_pdfdoc_save(bk_pdfdoc *d, size_t hint, unsigned char **out, size_t *len);

/* ---- job state (pdf.c) ---------------------------------------------------- */


/* A glyph the document uses: what it maps to. */
typedef struct bk_pdf_glyph {
    bk_pdf_slice uni;    /* its ToUnicode text (s == NULL: none) */
    uint32_t code;       /* its character code in content (= CID) */
    int width;           /* its advance in 1/1000 em, as in /W */
    int uni_one;         /* uni is one character: a cluster of this glyph and
                          * its text needs no ActualText (asked per glyph drawn) */
    /* uni, when uni_one, for a comparison in a few instructions (every
     * glyph drawn): its length (else UINT32_MAX), its bytes as a word
     * (memcpy'd into a zero word; else 1, which no masked word is) and
     * the mask of those bytes in a word (else 0) */
    uint32_t one_len, one_bytes, one_mask;
    char code_hex[4];    /* code's four hex digits (codes are at most 0xFFFF),
                          * copied as they are for every glyph drawn */
} bk_pdf_glyph;

/* Per font of the fontset: which glyphs the document uses, what they map to,
 * and the PDF font object built for them. Only the slot table has an entry
 * per glyph of the face (a CJK face has 65 535, a page of text a few
 * hundred): the rest is per glyph used. */
typedef struct bk_pdf_font {
    bk_font *font;       /* NULL while no run uses the font */
    unsigned nglyphs;    /* glyph count of the face */
    uint32_t *slot;      /* old gid -> 1 + its index in glyph; 0: unused */
    bk_pdf_glyph *glyph; /* the glyphs used, in the order first seen */
    size_t nused, capused;
    uint32_t *map;       /* old gid -> new gid, from bk_face_subset, while
                            the font is made (NULL otherwise) */
    bk_pdfobj *type0;    /* the Type0 font dictionary */
    /* gap widths (pdf_gap.c): glyphs shown from a copy with a wider
     * advance, added to the subset */
    struct bk_pdf_gap *gaps;
    size_t ngaps;
} bk_pdf_font;

/* A named destination: where BK_ITEM_ANCHOR put it. */
typedef struct bk_pdf_anchor {
    const char *name;
    size_t page;
    double y;
} bk_pdf_anchor;

/* Tagged PDF (pdf_tags.c): the elements, their marked content per page and
 * their link annotations, gathered while the pages are drawn. */
typedef struct bk_pdf_tags bk_pdf_tags;

typedef struct bk_pdf_job {
    bk_ctx *ctx;
    const bk_frames *frames;
    bk_frames *release;  /* the same frames, glyphs freed once drawn; or NULL */
    bk_fontset *fonts;
    const char *path;
    int compress;
    bk_pdfdoc *doc;
    bk_pdfobj **pages;
    bk_pdf_font *fu;
    size_t nfu;
    bk_pdf_anchor *anchors;
    size_t nanchors;
    bk_pdfobj *outline_stack[BK_PDF_MAX_OUTLINE_LEVEL];
    /* output kind and its geometry (pdf.h) */
    bk_pdf_kind kind;
    unsigned standards;  /* BK_PDF_STD_* claimed */
    const bk_pdf_intent *intent;
    double ox, oy;       /* where the trim's origin lies on a page */
    double bleed;        /* print: bleed box beyond the trim */
    double mark_start, mark_length; /* print: crop marks from the trim */
    bk_pdfobj *registration; /* print: the /Separation /All colour space */
    bk_impose_plan plan; /* imposed: sheet sides */
    bk_pdfobj **forms;   /* imposed: a Form XObject per frame */
    double cell_w, cell_h; /* imposed: the largest trim size */
    double sheet_w, sheet_h; /* imposed: the sheet */
    bk_pdf_tags *tags;   /* reading, print: the structure; imposed: NULL */
    bk_pdf_cache *cache; /* what the outputs share: the caller's, or own */
    bk_pdf_cache *own_cache; /* made for this write when none was given */
    size_t paths_drawn;  /* emit_path calls so far: the path's number */
    size_t runs_drawn;   /* glyph runs drawn so far: the run's number */
    unsigned char **held; /* what libharu reads when saving (bk_pdf_keep) */
    size_t nheld, capheld;
    size_t held_bytes;   /* every held stream's bytes: most of the file */
} bk_pdf_job;

/* Reports a libharu failure while doing `what`. */
bk_status bk_pdf_fail(bk_pdf_job *j, const char *what);
bk_status bk_pdf_oom(bk_pdf_job *j);
/* Keeps p (malloc'd: something libharu reads when saving, about `bytes`
 * of the file) until the document is saved; 0, or -1 (OOM, p freed). */
int bk_pdf_keep(bk_pdf_job *j, void *p, size_t bytes);
/* Writes data as the stream's content, Flate-compressed when the job
 * compresses; 0 or -1. */
int bk_pdf_stream_put(bk_pdf_job *j, bk_pdfobj *stream, const void *data, size_t len);

/* A stream's content as written: Flate-compressed (flate) or as is. */
typedef struct bk_pdf_blob {
    unsigned char *data; /* malloc'd */
    size_t len;
    int flate;
} bk_pdf_blob;
/* data as the job writes it (compressed when it compresses) into *out;
 * 0 or -1 (OOM). */
int bk_pdf_blob_make(bk_pdf_job *j, const void *data, size_t len, bk_pdf_blob *out);
/* Makes the blob the stream's content (held, not copied: the blob must
 * last until the document is saved); 0 or -1. */
int bk_pdf_blob_put(bk_pdf_job *j, bk_pdfobj *stream, const bk_pdf_blob *b);
void bk_pdf_blob_release(bk_pdf_blob *b);

/* ---- what the outputs of a run share (pdf_cache.c) ----------------------- */

/* The compressor (pdf_format.c). */
typedef struct bk_pdf_zip bk_pdf_zip;
/* A font as built for one write (pdf_font.c): the glyphs and texts it was
 * built from and what was made of them. */
typedef struct bk_pdf_font_made bk_pdf_font_made;
void bk_pdf_font_made_free(bk_pdf_font_made *m);
bk_pdf_zip *bk_pdf_cache_zip(bk_pdf_cache *c);
/* The font record kept for fontset font f, or NULL. */
bk_pdf_font_made *bk_pdf_cache_font(bk_pdf_cache *c, size_t f);
/* Keeps m (the cache owns it, replacing any record of f); 0, or -1 when
 * out of memory (m freed). */
int bk_pdf_cache_font_keep(bk_pdf_cache *c, size_t f, bk_pdf_font_made *m);
/* The bytes drawn for the job's path number seq when the cache holds them
 * for a path that draws the same (*len bytes), else NULL. */
const char *bk_pdf_cache_path(const bk_pdf_cache *c, size_t seq, const bk_path *p,
                              size_t *len);
/* Keeps the bytes drawn for path p as number seq when that is the next
 * the cache lacks; 0, or -1 when out of memory. */
int bk_pdf_cache_path_keep(bk_pdf_cache *c, size_t seq, const bk_path *p,
                           const char *bytes, size_t len);
/* The bytes drawn for the job's glyph run number seq when the cache holds
 * them for this run of the same frames, drawn with font name fname after
 * fill colour fill, inside an /ActualText span or not (in_actual), with
 * the fonts the cache holds now (*len bytes); else NULL. */
const char *bk_pdf_cache_run(const bk_pdf_cache *c, size_t seq, const bk_glyph_run *r,
                             const char *fname, const bk_color *fill, int in_actual,
                             size_t *len);
/* Keeps the bytes drawn for run r as number seq when that is the next the
 * cache lacks; 0, or -1 when out of memory. */
int bk_pdf_cache_run_keep(bk_pdf_cache *c, size_t seq, const bk_glyph_run *r,
                          const char *fname, const bk_color *fill, int in_actual,
                          const char *bytes, size_t len);
/* The output intent's profile as the job writes it, made once per run
 * for the same bytes; NULL when out of memory. */
const bk_pdf_blob *bk_pdf_cache_icc(bk_pdf_job *j, const unsigned char *p, size_t n);

/* ---- fonts (pdf_font.c, pdf_cff.c, pdf_cmap.c) ---------------------------- */

/* Pass 1: marks the glyphs of a run as used and records their texts. */
bk_status bk_pdf_font_collect(bk_pdf_job *j, const bk_glyph_run *r);
/* The glyph gid of u as pass 1 recorded it; for a glyph no run used, one
 * with no text, code 0 and width 0. Inline: the content streams ask once
 * per glyph drawn. */
static inline const bk_pdf_glyph *bk_pdf_font_glyph(const bk_pdf_font *u, uint32_t gid)
{
    static const bk_pdf_glyph none = {{NULL, 0}, 0, 0, 0, UINT32_MAX, 1, 0, {'0', '0', '0', '0'}};
    return u->slot && gid < u->nglyphs && u->slot[gid] ? &u->glyph[u->slot[gid] - 1] : &none;
}
/* Subsets one used font and builds its objects (sets u->type0). */
bk_status bk_pdf_font_build(bk_pdf_job *j, bk_pdf_font *u);
/* The CID of every glyph of a subset CFF into *cid (malloc'd, *nglyphs
 * entries); 0, or -1 when the CFF cannot be read or memory runs out. */
int bk_pdf_cff_cids(const unsigned char *p, size_t n, uint32_t **cid, size_t *nglyphs);

/* ---- gap widths (pdf_gap.c) ---------------------------------------------- */

/* A glyph drawn with a gap after it inside an /ActualText span (clreq's
 * quarter em between Han and Latin or digits): it is shown as a copy of
 * the glyph, added to the subset, whose advance (in the font program and
 * in /W) includes the gap, so the pen does not jump and extractors that
 * ignore ActualText (MuPDF) read no space. The glyphs stay where they are. */
typedef struct bk_pdf_gap {
    uint32_t gid;   /* old glyph id */
    int extra;      /* added to its width, 1/1000 em (a multiple of 50) */
    int made;       /* the copy is in the subset: shown as code */
    uint32_t code;  /* its character code (CID) */
    int width;      /* its /W width, 1/1000 em */
} bk_pdf_gap;

/* Whether the items so far leave an /ActualText span open. */
typedef struct bk_pdf_gapscan {
    size_t depth, act; /* open tags; the depth of the actual span (0: none) */
} bk_pdf_gapscan;
void bk_pdf_gapscan_item(bk_pdf_gapscan *s, const bk_item *it);
/* The gap after glyph i of r (1/1000 em, a multiple of 50), or 0: only
 * inside an /ActualText span, and only a gap of at least 25. */
int bk_pdf_gap_extra(const bk_pdf_font *u, const bk_glyph_run *r, size_t i, int in_actual);
/* Pass 1: records the gaps of a run; 0 or -1 (OOM). */
int bk_pdf_gap_collect(bk_pdf_font *u, const bk_glyph_run *r, int in_actual);
/* The gap entry of (gid, extra), or NULL. */
const bk_pdf_gap *bk_pdf_gap_find(const bk_pdf_font *u, uint32_t gid, int extra);
/* Appends k glyphs to a subset CID-keyed CFF (*prog, *size replaced):
 * copies of glyphs base[i] (new ids) advancing adv[i] font units, shown as
 * codes[i] (new CIDs). 0, or -1 when the CFF is name-keyed or not laid out
 * as expected, or memory runs out (*prog kept). */
int bk_pdf_cff_add_glyphs(unsigned char **prog, size_t *size, const uint32_t *base,
                          const unsigned *adv, size_t k, uint32_t *codes);
/* Appends k glyphs to a subset TrueType font (*prog, *size replaced): glyph
 * first + i looks like base[i] (new ids) and advances adv[i] font units.
 * 0, or -1 when the font cannot be read or memory runs out (*prog kept). */
int bk_pdf_ttf_add_glyphs(unsigned char **prog, size_t *size, const uint32_t *base,
                          const unsigned *adv, size_t k, uint32_t *first);

typedef struct bk_pdf_cmap_entry {
    uint32_t code;
    bk_pdf_slice text;
} bk_pdf_cmap_entry;
/* Appends the ToUnicode CMap for the entries (sorts them); 0 or -1. */
int bk_pdf_cmap_build(bk_buf *b, bk_pdf_cmap_entry *e, size_t n);

/* ---- content streams (pdf_content.c) -------------------------------------- */

/* A cluster of a glyph run: glyphs [g0, g1) showing text [t0, t1). Text
 * before the first cluster belongs to the first one and text after the
 * last cluster start to the last one, so clusters cover the whole run text
 * and extraction gives back all of it. */
typedef struct bk_pdf_cluster {
    size_t g0, g1;
    size_t t0, t1;
} bk_pdf_cluster;
/* The cluster starting at glyph g; 0 past the end. Inline: asked once
 * per cluster drawn. */
static inline int bk_pdf_cluster_next(const bk_glyph_run *r, size_t g, bk_pdf_cluster *c)
{
    if (g >= r->n)
        return 0;
    size_t e = g + 1;
    while (e < r->n && r->cluster[e] == r->cluster[g])
        e++;
    c->g0 = g;
    c->g1 = e;
    c->t0 = g == 0 ? 0 : r->cluster[g];
    c->t1 = e < r->n ? r->cluster[e] : r->textlen;
    if (c->t0 > r->textlen)
        c->t0 = r->textlen;
    if (c->t1 > r->textlen)
        c->t1 = r->textlen;
    if (c->t1 < c->t0) /* clusters out of order: show no text for it */
        c->t1 = c->t0;
    return 1;
}

/* Where a frame's content goes: a page (fonts registered in the page's
 * resources by libharu) or a Form XObject (fonts in its own /Font dict,
 * named the way libharu names them). */
typedef struct bk_pdf_target {
    bk_pdfobj *page;
    bk_pdfobj *fonts;
} bk_pdf_target;
/* Appends the drawing of frame pi (glyph runs and paths, in frame
 * coordinates) to b. */
bk_status bk_pdf_content_frame(bk_pdf_job *j, size_t pi, bk_pdf_target *t, bk_buf *b);
bk_status bk_pdf_content_write(bk_pdf_job *j, bk_pdfobj *stream, const bk_buf *b);

/* ---- document structure (pdf_struct.c) ------------------------------------ */

/* Collects the anchors of all frames (not for imposed output). */
bk_status bk_pdf_anchors_collect(bk_pdf_job *j);
/* Links of frame pi on page pg (reading and print; none under PDF/X). */
bk_status bk_pdf_navigation_add(bk_pdf_job *j, size_t pi, bk_pdfobj *pg);
/* The outline from every frame's bookmarks (reading and print). */
bk_status bk_pdf_outline_add(bk_pdf_job *j);
bk_status bk_pdf_page_labels_add(bk_pdf_job *j);
bk_status bk_pdf_info_add(bk_pdf_job *j);
/* /ID: a placeholder before saving, then the MD5 of the saved file. */
bk_status bk_pdf_id_add(bk_pdf_job *j);
int bk_pdf_id_patch(unsigned char *data, size_t len);

/* ---- standards (pdf_meta.c) ---------------------------------------------- */

/* XMP, the info entries the claims need, OutputIntents, PDF/UA entries;
 * after bk_pdf_info_add, with the same time. */
bk_status bk_pdf_meta_add(bk_pdf_job *j, const struct tm *utc);
/* Sets the XMP InstanceID from dg (the saved file's MD5); 1 when found. */
int bk_pdf_xmp_patch(unsigned char *data, size_t len, const unsigned char dg[16]);

/* ---- pages (pdf_page.c) ----------------------------------------------------- */

/* The pages (reading, print) or sheet sides (imposed), with their boxes. */
bk_status bk_pdf_pages_add(bk_pdf_job *j);
/* Draws every frame onto its page, or onto the sheets. */
bk_status bk_pdf_pages_draw(bk_pdf_job *j);

/* ---- hashing (pdf_md5.c) ------------------------------------------------- */

/* The MD5 digest of data (RFC 1321). */
void bk_pdf_md5(const void *data, size_t len, unsigned char dg[16]);

/* ---- formatting (pdf_format.c) --------------------------------------------- */

/* v as at least four upper-case hex digits into out (at least 8 bytes);
 * returns the number of digits. */
size_t bk_pdf_hex4(char *out, uint32_t v);
int bk_pdf_put_hex4(bk_buf *b, uint32_t v);
/* UTF-8 text as UTF-16BE hex digits; the code unit count, or -1 on OOM. */
long bk_pdf_put_utf16_hex(bk_buf *b, const char *s, size_t n);
size_t bk_pdf_utf16_units(const char *s, size_t n);
/* Whether s[0..n) is one character as bk_utf8_next_safe steps: 1 or 0. */
int bk_pdf_one_codepoint(const char *s, size_t n);
/* A number with at most 3 decimals, without trailing zeros. */
int bk_pdf_put_num(bk_buf *b, double v);
/* The same into s (at least 32 bytes); its length. */
size_t bk_pdf_format_num(char *s, double v);
/* n numbers each followed by a space, then op. */
int bk_pdf_put_pt(bk_buf *b, const double *q, int n, const char *op);
int bk_pdf_put_rect(bk_buf *b, double x, double y, double w, double h, const char *op);
int bk_pdf_put_line(bk_buf *b, double x0, double y0, double x1, double y1);
/* A compressor whose memory serves every stream of a run (bk_pdf_zip);
 * NULL when out of memory. */
bk_pdf_zip *bk_pdf_zip_new(void);
void bk_pdf_zip_free(bk_pdf_zip *z);
/* data Flate-compressed, the same bytes as zlib's compress2, into the
 * zip's buffer: *out (*outlen bytes) stays valid until the next call.
 * 0, or -1 (OOM, or more than 4 GiB). */
int bk_pdf_zip_deflate(bk_pdf_zip *z, const void *data, size_t len,
                       const unsigned char **out, size_t *outlen);

/* ---- tagged PDF (pdf_tags.c) ---------------------------------------------- */

/* For a document of npages pages; NULL when out of memory. */
bk_pdf_tags *bk_pdf_tags_new(size_t npages);
void bk_pdf_tags_free(bk_pdf_tags *t);
/* Drawing page `page` starts (-1: no such page) / ends (closes what is
 * open). */
int bk_pdf_tags_page_begin(bk_pdf_tags *t, size_t page);
int bk_pdf_tags_page_end(bk_pdf_tags *t, bk_buf *b);
/* Before item k of the page is drawn: the marked-content operators it
 * needs into b (a tag opens or closes an element, a drawing goes into its
 * element's marked content or an artifact); a link is noted with its
 * element. 0 or -1 (OOM). */
int bk_pdf_tags_item(bk_pdf_tags *t, const bk_item *it, size_t k, bk_buf *b);
/* Item k of the page was a link, made into annot: an /OBJR of its Link. */
bk_status bk_pdf_tags_annot(bk_pdf_job *j, size_t page, size_t item, bk_pdfobj *annot);
/* The structure tree, /StructParents, /MarkInfo (after every page). */
bk_status bk_pdf_tags_write(bk_pdf_job *j);

#endif
