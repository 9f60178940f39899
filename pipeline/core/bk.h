/* bk.h — shared basics of booklet: status codes, the context, diagnostics,
 * byte buffers and file helpers.
 *
 * Ownership: bk_ctx_new() returns a context the caller frees with
 * bk_ctx_free(). The context owns its diagnostics. Library code never prints
 * or exits: it records its errors in ctx->diag and returns a status;
 * only main() prints and picks the exit code.
 */
#ifndef BK_H
#define BK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define BK_VERSION "0.1.0"

/* Exit codes of the program double as status codes of the library. */
typedef enum {
    BK_OK = 0,
    BK_EINPUT = 1,    /* bad input: the user can fix it */
    BK_EUSAGE = 2,    /* bad command line */
    BK_EINTERNAL = 3  /* a bug, out of memory, a library failure */
} bk_status;

#include "diag.h"

/* ---- context ----------------------------------------------------------- */

/* Carries what would otherwise be global: diagnostics and options. */
typedef struct bk_ctx {
    bk_diag *diag;
    int strict;          /* every fault of the booklet is an error
                            (docs/DIAGNOSTICS.md), lint too */
    int timings;         /* collect per-stage times */
    long long epoch;     /* SOURCE_DATE_EPOCH, or -1 when unset */
    double stage_ms[16]; /* per-stage wall time when timings is set */
    const char *datadir; /* the program's own data (layouts/, fonts/,
                            messages/), or NULL; not owned */
    const char *root;    /* --root: the folder paths named inside data
                            files must stay in, or NULL for the current
                            directory; not owned */
    struct bk_files *files; /* every input read, for --deps and the outputs'
                               checks (files.h); owned */
    struct bk_xml_cache *xml; /* the schemas compiled in this run and the
                               documents found valid (xml.h); owned */
    struct bk_memo *memo;     /* objects the run makes once from a file's
                               bytes and shares (memo.h); owned */
    int (*dir_trusted)(const char *real); /* 1 if the realpath `real` is in
                               one more allowed folder (paths.h: fontconfig's
                               font folders, asked through its adapter, set by
                               the program); NULL: none */
} bk_ctx;

bk_ctx *bk_ctx_new(void);
void bk_ctx_free(bk_ctx *ctx);

/* ---- byte buffer ------------------------------------------------------- */

typedef struct bk_buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
} bk_buf;

/* All return 0 on success, -1 when out of memory. */
int bk_buf_append(bk_buf *b, const void *p, size_t n);
int bk_buf_puts(bk_buf *b, const char *s);
int bk_buf_printf(bk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Frees the buffer's storage and zeroes it. */
void bk_buf_release(bk_buf *b);

#include "files.h"

/* Milliseconds on a monotonic clock: the one clock of the timings. */
double bk_clock_ms(void);

/* Duplicates a string; NULL on NULL or out of memory. */
char *bk_strdup(const char *s);
char *bk_strndup(const char *s, size_t n);

/* Size limits enforced on input (documented in README, "Limits"). */
#define BK_MAX_SOURCE_BYTES (16u * 1024u * 1024u)
#define BK_MAX_XML_DEPTH 256
/* Elements in one XML document: libxml2's tree takes about 400 bytes for
 * each (with its text), so this bounds memory where the byte limit alone
 * would allow some 3.5 million (1.5 GB); and libxml2 2.9 registers each
 * xml:id in a hash table whose cost grows faster than the count (100 000
 * ids: 1.5 s, 200 000: about 5 s). A 2000-page booklet has some 50 000. */
#define BK_MAX_XML_ELEMENTS 200000
/* One paragraph (or any block: heading, item, note) of text, in UTF-8
 * bytes. Ingest refuses longer ones at the position where the limit is
 * passed; far beyond any real paragraph, it bounds the per-paragraph work
 * of line breaking. */
#define BK_MAX_PARAGRAPH_BYTES (1u << 20)
/* Combining marks in a row (on one base), as Unicode's stream-safe text
 * format (UAX #15) allows: more is no writing system's text, and
 * normalising and shaping it cost time that grows with the run. */
#define BK_MAX_COMBINING_MARKS 30
/* Events in one timeline: each page of a timeline tries sets of events
 * near the size of the last page's, so time grows with the count (5000
 * events: about 3 s, 100 pages). */
#define BK_MAX_TIMELINE_EVENTS 5000
/* Pages in one booklet (typeset refuses to start page BK_MAX_PAGES + 1). */
#define BK_MAX_PAGES 2000

#endif
