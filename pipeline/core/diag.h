/* diag.h — diagnostics of a run: errors and warnings with file:line:col.
 *
 * Ownership: a bk_diag belongs to its context (bk_ctx_new/bk_ctx_free).
 * Included through bk.h.
 */
#ifndef BK_DIAG_H
#define BK_DIAG_H

#include <stdarg.h>
#include <stddef.h>

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

/* Records a fault of the booklet (an overfull line, a dangling
 * cross-reference...: the list is in docs/DIAGNOSTICS.md): an error of
 * status BK_EINPUT when `strict` is set, else a warning. The caller goes
 * on either way, so that every fault of a run is listed; the run fails at
 * its end when an error was recorded. */
void bk_diag_fault(bk_diag *d, int strict, const char *file, long line,
                   long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

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

#endif
