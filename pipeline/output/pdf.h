/* pdf.h — the PDF backend (libharu, through its one adapter pdf_doc.c).
 *
 * Draws frames into a PDF: libharu makes the document, pages, graphics,
 * links, outlines, info and compression; fonts are built by this backend
 * through libharu's object API as Type0 fonts over CIDFontType2 (TrueType)
 * or CIDFontType0 (CFF) descendants, subset with hb-subset (shape.h), with
 * /W widths and a ToUnicode CMap. Glyph runs become raw TJ operators; a
 * cluster whose glyphs do not map one-to-one to its characters is wrapped
 * in an /ActualText span so that copying and searching give the source text.
 *
 * The file is written atomically (bk_file_write_atomic). With ctx->epoch set
 * the dates come from it and /ID from the content, so equal inputs give
 * equal bytes.
 *
 * Three kinds of output from the same frames (frames are in trim
 * coordinates; the backend never re-runs layout):
 *
 * - reading: one PDF page per frame at trim size, MediaBox = BleedBox =
 *   TrimBox = trim. On-screen viewers show the MediaBox (CropBox defaults to
 *   it), so a reader sees exactly the page, with no white frame and no
 *   marks; anything a frame draws past the trim is cut off by the MediaBox.
 * - print: one page per frame for a print shop. Around the trim there is
 *   room for bleed and marks: M = max(bleed, mark start + mark length) +
 *   3mm on every side (16mm with the defaults), MediaBox = trim + 2M,
 *   BleedBox = trim + bleed, TrimBox = trim, the frame translated by (M, M)
 *   and clipped at the bleed box (not at the trim), and eight crop marks
 *   0.25pt wide in the registration colour (/Separation /All), on the
 *   extension of the trim edges, from max(mark offset, bleed) outside the
 *   trim, mark length long. Links and outline destinations are translated
 *   with the page; under PDF/X (the default) links are left out, since no
 *   annotation may lie inside the trim box.
 * - imposed: 2-up saddle-stitch booklet for office duplex printing (see
 *   impose.h for the order, the padding, the duplex flip and creep): sheets
 *   twice the trim width (A5 pages on A4 landscape), every frame drawn once
 *   into a Form XObject which the sheet places in its half, clipped to that
 *   half. Blank pads draw nothing. Links, anchors, bookmarks and page
 *   labels are left out: they point at pages that do not exist as pages
 *   there (a sheet holds two, not in reading order).
 *
 * Colour: text and paths are written in DeviceGray or DeviceCMYK only (as
 * the frames give them), crop marks in the registration separation, so no
 * output kind contains RGB.
 *
 * Standards (opts->standards, pdf_meta.c): XMP metadata always; for PDF/A
 * and PDF/X the OutputIntent with opts->intent's CMYK profile; PDF/UA's
 * DisplayDocTitle and /Tabs /S; PDF/X's /GTS_PDFXVersion and /Trapped.
 */
#ifndef BK_PDF_H
#define BK_PDF_H

#include "bk.h"
#include "font.h"
#include "frame.h"

typedef enum {
    BK_PDF_READING, /* trim-size pages for the screen (the default) */
    BK_PDF_PRINT,   /* single pages with bleed and crop marks */
    BK_PDF_IMPOSED  /* 2-up saddle-stitch sheets */
} bk_pdf_kind;

/* The standards a PDF claims (bits; README.md, "PDF standards"): PDF/A-2
 * (ISO 19005-2) at level b, u or a, PDF/UA-1 (ISO 14289-1), PDF/X-4 (ISO
 * 15930-7). */
enum {
    BK_PDF_STD_PDFA_2B = 1,
    BK_PDF_STD_PDFA_2U = 2,
    BK_PDF_STD_PDFA_2A = 4,
    BK_PDF_STD_PDFUA_1 = 8,
    BK_PDF_STD_PDFX_4 = 16,
    BK_PDF_STD_PDFA = BK_PDF_STD_PDFA_2B | BK_PDF_STD_PDFA_2U | BK_PDF_STD_PDFA_2A
};

/* The OutputIntent of a PDF/A or PDF/X output: an ICC output profile
 * (CMYK, bk_pdf_icc_check) and the printing condition it stands for. The
 * strings and bytes are the caller's. */
typedef struct bk_pdf_intent {
    const unsigned char *profile;
    size_t len;
    const char *condition; /* OutputConditionIdentifier, e.g. "FOGRA39" */
    const char *info;      /* Info: the condition in words, or NULL */
    const char *registry;  /* RegistryName, or NULL */
} bk_pdf_intent;

/* What the PDFs of one run share, so that each is made once: the font
 * subsets with their compressed programs, /W widths and ToUnicode CMaps,
 * the compressed output intent profile, the content bytes of each path and
 * glyph run, and the compressor's memory. The
 * caller owns it and passes it to every bk_pdf_write of a run (the
 * reading, print and imposed outputs of the same frames); it must not
 * outlive the fontset those writes used, and the frames stay as they are
 * (not freed nor changed) while it serves them. A write takes a font from
 * it only when its own glyphs, their texts and gaps are those the font
 * was made from, the profile only for the same bytes, a path's bytes only
 * for the same operators (the same array of the frames) and paint, and a
 * glyph run's bytes only for the same run of the frames drawn with the
 * same font name, fill colour and fonts, so each output is the same file
 * with or without it. */
typedef struct bk_pdf_cache bk_pdf_cache;

bk_pdf_cache *bk_pdf_cache_new(void); /* NULL when out of memory */
void bk_pdf_cache_free(bk_pdf_cache *c);

typedef struct bk_pdf_options {
    int compress; /* Flate-compress content and font streams (default 1) */
    bk_pdf_kind kind;
    /* print geometry in pt (layout.h: bk_page_geom). bleed 0 means none;
     * mark_offset and mark_length 0 mean the defaults, 3mm and 10mm. */
    double bleed, mark_offset, mark_length;
    double creep; /* imposed: shift of the innermost sheet's pages towards
                     the fold, pt (impose.h) */
    unsigned standards;  /* BK_PDF_STD_* claimed; 0: none */
    const bk_pdf_intent *intent; /* needed when standards has PDF/A or PDF/X */
    bk_pdf_cache *cache; /* shared with the run's other writes, or NULL */
    /* the frames written, when this is their last output, or NULL: each
     * page's glyph arrays are freed once drawn (bk_page_glyphs_free), so
     * that the frames shrink as the document grows */
    bk_frames *release;
} bk_pdf_options;

/* Parses an output kind name ("reading", "print", "imposed"); returns 0 and
 * sets *kind, or -1. */
int bk_pdf_kind_parse(const char *name, bk_pdf_kind *kind);

/* Parses a --standard list such as "pdfa-2u,pdfua-1", "pdfx-4" or "none"
 * into *std; 0, or -1 with *bad pointing at the word not understood (its
 * length in *badlen). Two PDF/A levels at once are refused. */
int bk_pdf_standards_parse(const char *list, unsigned *std, const char **bad,
                           size_t *badlen);
/* The default claims of an output kind: reading PDF/A-2u and PDF/UA-1,
 * print and imposed PDF/X-4. */
unsigned bk_pdf_standards_default(bk_pdf_kind kind);
/* Whether an ICC profile can be an output intent's: an ICC header whose
 * size matches, version 2 or 4, an output device class (prtr) profile of
 * CMYK data. 0, or -1 with *why saying what is wrong. */
int bk_pdf_icc_check(const unsigned char *p, size_t n, const char **why);

bk_status bk_pdf_write(bk_ctx *ctx, const bk_frames *frames, bk_fontset *fonts,
                       const bk_pdf_options *opts, const char *path);

#endif
