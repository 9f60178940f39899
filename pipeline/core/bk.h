/* bk.h — shared basics of booklet: status codes, the context, diagnostics,
 * byte buffers and file helpers.
 *
 * Ownership: bk_ctx_new() returns a context the caller frees with
 * bk_ctx_free(). The context owns its diagnostics. Library code never prints
 * or exits: it records the first error in ctx->diag and returns a status;
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

/* ---- diagnostics ------------------------------------------------------- */

typedef struct bk_diag bk_diag;

bk_diag *bk_diag_new(void);
void bk_diag_free(bk_diag *d);

/* Records an error as "file:line:col: error: message" (line/col 0 = unknown,
 * omitted). Only the first error is kept; returns `st` so callers can write
 * `return bk_diag_error(...)`. */
bk_status bk_diag_error(bk_diag *d, bk_status st, const char *file, long line,
                        long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Appends a warning "file:line:col: warning: message". */
void bk_diag_warn(bk_diag *d, const char *file, long line, long col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The formatted first error, or NULL if none was recorded. */
const char *bk_diag_error_message(const bk_diag *d);
bk_status bk_diag_error_status(const bk_diag *d);
size_t bk_diag_warning_count(const bk_diag *d);
const char *bk_diag_warning(const bk_diag *d, size_t i);
/* Forgets the recorded error and warnings. */
void bk_diag_clear(bk_diag *d);
/* Forgets the recorded error only (after a trial that was allowed to
 * fail), keeping the warnings. */
void bk_diag_forget_error(bk_diag *d);

/* ---- context ----------------------------------------------------------- */

/* Carries what would otherwise be global: diagnostics and options. */
typedef struct bk_ctx {
    bk_diag *diag;
    int strict;          /* missing glyphs and lint become errors */
    int timings;         /* collect per-stage times */
    long long epoch;     /* SOURCE_DATE_EPOCH, or -1 when unset */
    double stage_ms[16]; /* per-stage wall time when timings is set */
    const char *datadir; /* the program's own data (layouts/, fonts/,
                            messages/), or NULL; not owned */
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

/* ---- files ------------------------------------------------------------- */

/* Reads a whole file (at most `limit` bytes, else an error) into *out, which
 * the caller frees with free(). NUL-terminates. */
bk_status bk_file_read(bk_ctx *ctx, const char *path, size_t limit, char **out,
                       size_t *len);
/* Writes data to a temporary file beside `path`, then renames it over
 * `path`: a failure leaves any previous file untouched and no partial one. */
bk_status bk_file_write_atomic(bk_ctx *ctx, const char *path, const void *data,
                               size_t len);

/* 1 if both paths name the same existing file (same device and inode),
 * else 0: lets a command refuse an output that would overwrite one of its
 * inputs. */
int bk_same_file(const char *a, const char *b);

/* The regular files of `dir` whose names end in `suffix` ("" for any),
 * hidden ones left out, at most `max`, sorted by name, into names (without
 * the suffix when `strip` is set); the caller frees each. An unreadable
 * folder has none. Returns the count. */
size_t bk_dir_files(const char *dir, const char *suffix, int strip, char **names,
                    size_t max);

/* Milliseconds on a monotonic clock: the one clock of the timings. */
double bk_clock_ms(void);

/* Duplicates a string; NULL on NULL or out of memory. */
char *bk_strdup(const char *s);
char *bk_strndup(const char *s, size_t n);

/* Size limits enforced on input (documented in README, "Limits"). */
#define BK_MAX_SOURCE_BYTES (16u * 1024u * 1024u)
#define BK_MAX_XML_DEPTH 256
/* One paragraph (or any block: heading, item, note) of text, in UTF-8
 * bytes. Ingest refuses longer ones at the position where the limit is
 * passed; far beyond any real paragraph, it bounds the per-paragraph work
 * of line breaking. */
#define BK_MAX_PARAGRAPH_BYTES (1u << 20)
/* Pages in one booklet (typeset refuses to start page BK_MAX_PAGES + 1). */
#define BK_MAX_PAGES 2000

#endif
