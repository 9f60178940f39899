/* build.h — the build library: one request (a layout, TEI sources, the
 * outputs wanted) runs the whole pipeline, load -> compose -> typeset ->
 * write, and hands back what a front end may want to show (the
 * typesetting report, timings). The command line (cli/main.c) only parses
 * options into a request, calls bk_build_run and prints; other front ends
 * (tests, a watch mode, a server) call the same function.
 *
 * One typesetting serves every output of a request: the frames are set once
 * and written as many times as PDFs are asked for (reading, print, imposed
 * differ only in the PDF stage).
 *
 * Ownership: the request and its strings belong to the caller and are only
 * read. The report and timings buffers, when given, are appended to; the
 * caller releases them. Nothing is written to an output path unless the
 * whole build succeeded up to that output (each file is written atomically).
 */
#ifndef BK_BUILD_H
#define BK_BUILD_H

#include "bk.h"
#include "compose.h"
#include "pdf.h"

/* One PDF to write. */
typedef struct bk_build_pdf {
    const char *path;
    bk_pdf_kind kind;
    int kind_given;  /* 0: the layout's <output kind="..."/>, else reading */
} bk_build_pdf;

typedef struct bk_build_request {
    const char *layout;           /* layout file, or NULL: the neutral handout
                                     shipped with the program (ctx->datadir) */
    const char *const *sources;   /* TEI documents (*.xml), or plain-text
                                     sources (anything else) ingested on the
                                     fly; the first gives the title */
    const char *lang;             /* language of plain-text sources, or NULL:
                                     their catalog's */
    size_t nsources;
    const bk_build_pdf *pdfs;     /* PDFs to write (may be none) */
    size_t npdfs;
    const char *trace;            /* text trace of the frames, or NULL */
    const char *deps;             /* Make-syntax list of every file the build
                                     read (like gcc -MD), or NULL */
    int no_compress;              /* PDF streams left uncompressed */
    unsigned standards;           /* with standards_given: the standards every
                                     PDF claims (pdf.h, BK_PDF_STD_*); else
                                     each kind's default */
    int standards_given;
    double creep;                 /* imposed: creep of the innermost sheet, pt */
    bk_buf *report;               /* NULL, or receives the typesetting report
                                     (per column too, for parallel editions) */
    bk_buf *timings;              /* NULL, or receives the stage times and
                                     counts (with ctx->timings set) */
} bk_build_request;

/* The most sources one build takes. */
#define BK_BUILD_MAX_SOURCES 64

/* Runs the request. Steps: check that no output names an input; load the
 * layout, fonts and schema; read, validate and compose each source (each a
 * column in a parallel edition); add the layout's parts (tables, timeline,
 * maps) in the booklet's language; load the alignment; typeset once; write
 * the trace and each PDF. Errors are recorded in ctx->diag with file, line
 * and column where known. */
bk_status bk_build_run(bk_ctx *ctx, const bk_build_request *req);

/* The document as it will be typeset, without typesetting it: `source`
 * read (not validated, so that a draft can be inspected) and composed,
 * followed by the parts of the layout at `layout` when it is not NULL. The
 * caller frees *out with bk_flow_free. */
bk_status bk_build_flow(bk_ctx *ctx, const char *source, const char *layout,
                        bk_flow **out);

#endif
