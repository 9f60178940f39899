/* pdf.h — the PDF backend (libharu): the only code that includes hpdf.h.
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
 */
#ifndef BK_PDF_H
#define BK_PDF_H

#include "bk.h"
#include "font.h"
#include "frame.h"

typedef struct bk_pdf_options {
    int compress; /* Flate-compress content and font streams (default 1) */
} bk_pdf_options;

bk_status bk_pdf_write(bk_ctx *ctx, const bk_frames *frames, bk_fontset *fonts,
                       const bk_pdf_options *opts, const char *path);

#endif
