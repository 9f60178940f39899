/* diag.h — diagnostics of a run: every error and warning, in the order
 * they were recorded, as structured records (severity, file, line, column,
 * message, optional hint), and their rendering for people (file:line:col,
 * the source line and a caret, colour on request) or for programs (one
 * JSON object a line).
 *
 * Columns are 1-based and count code points (characters), as libxml2 and
 * ingest report them; 0 means unknown (so does line 0).
 *
 * Ownership: a bk_diag belongs to its context (bk_ctx_new/bk_ctx_free).
 * Records and their strings belong to the bk_diag and live until
 * bk_diag_clear, bk_diag_rollback or bk_diag_free. Included through bk.h.
 */
#ifndef BK_DIAG_H
#define BK_DIAG_H

#include <stdarg.h>
#include <stddef.h>

typedef struct bk_diag bk_diag;
typedef struct bk_buf bk_buf;

typedef enum { BK_DIAG_ERROR = 0, BK_DIAG_WARNING = 1 } bk_diag_severity;

/* One diagnostic. `text` is the one-line form "file:line:col: error:
 * message" (unknown parts left out); file and hint may be NULL. */
typedef struct bk_diag_record {
    bk_diag_severity severity;
    bk_status status;   /* errors: the status they were given */
    char *file;
    long line, col;
    char *message;
    char *hint;
    char *text;
    int no_quote;       /* the renderer must not show the file's line */
} bk_diag_record;

bk_diag *bk_diag_new(void);
void bk_diag_free(bk_diag *d);

/* Marks the last record so that its file's line is never shown: the
 * file failed to be what it should be (not XML, not a rules file), and
 * its content, perhaps a secret, is not ours to echo. */
void bk_diag_no_quote(bk_diag *d);

/* Records an error (line/col 0 = unknown, omitted). Every error is kept;
 * returns `st` so callers can write `return bk_diag_error(...)`. */
bk_status bk_diag_error(bk_diag *d, bk_status st, const char *file, long line,
                        long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Records a warning. */
void bk_diag_warn(bk_diag *d, const char *file, long line, long col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Records a fault of the booklet (an overfull line, a dangling
 * cross-reference...: the list is in docs/DIAGNOSTICS.md): an error of
 * status BK_EINPUT when `strict` is set, else a warning. The caller goes
 * on either way, so that every fault of a run is listed; the run fails at
 * its end when an error was recorded. */
void bk_diag_fault(bk_diag *d, int strict, const char *file, long line,
                   long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Attaches a short hint ("did you mean 'vi'?") to the last record; does
 * nothing when there is none. */
void bk_diag_hint(bk_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The first error's one-line text, or NULL if none was recorded. */
const char *bk_diag_error_message(const bk_diag *d);
/* The first error's status, or BK_OK. */
bk_status bk_diag_error_status(const bk_diag *d);
size_t bk_diag_error_count(const bk_diag *d);
size_t bk_diag_warning_count(const bk_diag *d);
/* The i-th warning's one-line text. */
const char *bk_diag_warning(const bk_diag *d, size_t i);

/* All records in order. Beyond BK_DIAG_KEEP of one severity, records are
 * counted but not kept (a hostile input cannot exhaust memory); the counts
 * above include them. */
#define BK_DIAG_KEEP 10000
size_t bk_diag_count(const bk_diag *d);
const bk_diag_record *bk_diag_at(const bk_diag *d, size_t i);

/* Forgets every record. */
void bk_diag_clear(bk_diag *d);

/* A trial allowed to fail: take a mark before it, and roll back to the
 * mark to forget the errors it recorded (its warnings stay). */
typedef struct bk_diag_mark {
    size_t records, errors;
    size_t warnings;
} bk_diag_mark;
bk_diag_mark bk_diag_mark_take(const bk_diag *d);
void bk_diag_rollback(bk_diag *d, bk_diag_mark m);
/* Forgets everything recorded since the mark, warnings too: work that is
 * done again (a page set again with a looser paragraph) says it again. */
void bk_diag_truncate(bk_diag *d, bk_diag_mark m);
/* 1 when an error was recorded since the mark. A caller that wants to say
 * more than its callee writes `if (!bk_diag_errors_since(d, m))
 * bk_diag_error(...)`, so one failure is never reported twice. */
int bk_diag_errors_since(const bk_diag *d, bk_diag_mark m);
/* The status of the first error recorded since the mark, or BK_OK. */
bk_status bk_diag_status_since(const bk_diag *d, bk_diag_mark m);

/* ---- rendering (diag_render.c) --------------------------------------- */

typedef enum {
    BK_DIAG_TEXT = 0, /* file:line:col: error: message, source line, caret */
    BK_DIAG_JSON = 1  /* one JSON object a line */
} bk_diag_format;

typedef struct bk_diag_render_opts {
    bk_diag_format format;
    int color;        /* ANSI colours (text form) */
    int quiet;        /* errors only */
    int no_source;    /* leave out the source line and caret */
    size_t max_errors, max_warnings; /* 0 = unlimited */
} bk_diag_render_opts;

/* Appends the records from index `from` on to `out`: at most max_errors
 * errors and max_warnings warnings, then one line per severity counting
 * the rest ("and 3 more errors"). Returns 0, or -1 when out of memory. */
int bk_diag_render(const bk_diag *d, size_t from,
                   const bk_diag_render_opts *o, bk_buf *out);
/* Appends one record. */
int bk_diag_render_record(const bk_diag_record *r,
                          const bk_diag_render_opts *o, bk_buf *out);
/* Appends s[0..n) with every control character (C0, DEL, C1, U+0085,
 * U+2028/9, bidi controls) shown as <U+XXXX> and malformed UTF-8 bytes as
 * <0xXX>; a tab becomes a space when `tab_space` is set. */
int bk_diag_escape(bk_buf *out, const char *s, size_t n, int tab_space);
/* Whether to colour: `when` is auto (NULL too), always or never; auto
 * colours on a terminal unless NO_COLOR (its value given as no_color) is
 * set and not empty (https://no-color.org). -1 for another word. */
int bk_diag_color_wanted(const char *when, int is_tty, const char *no_color);
/* Appends s as a JSON string with its quotes. */
int bk_diag_json_string(bk_buf *out, const char *s);

#endif
