/* diag.c — diagnostics: the errors and warnings of a run (see diag.h). */
#include "bk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bk_diag {
    char *error;
    bk_status status;
    char **warnings;
    size_t nwarn, capwarn;
};

bk_diag *bk_diag_new(void) { return calloc(1, sizeof(bk_diag)); }

void bk_diag_clear(bk_diag *d)
{
    if (!d)
        return;
    free(d->error);
    d->error = NULL;
    d->status = BK_OK;
    for (size_t i = 0; i < d->nwarn; i++)
        free(d->warnings[i]);
    d->nwarn = 0;
}

void bk_diag_forget_error(bk_diag *d)
{
    if (!d)
        return;
    free(d->error);
    d->error = NULL;
    d->status = BK_OK;
}

void bk_diag_free(bk_diag *d)
{
    if (!d)
        return;
    bk_diag_clear(d);
    free(d->warnings);
    free(d);
}

/* Formats "file:line:col: kind: message"; parts that are unknown are left
 * out so the message never shows a made-up position. */
static char *diag_format(const char *file, long line, long col,
                         const char *kind, const char *fmt, va_list ap)
{
    bk_buf b = {0};
    if (file && *file) {
        bk_buf_puts(&b, file);
        if (line > 0) {
            bk_buf_printf(&b, ":%ld", line);
            if (col > 0)
                bk_buf_printf(&b, ":%ld", col);
        }
        bk_buf_puts(&b, ": ");
    }
    bk_buf_printf(&b, "%s: ", kind);
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n > 0) {
        char *tmp = malloc((size_t)n + 1);
        if (tmp) {
            vsnprintf(tmp, (size_t)n + 1, fmt, ap);
            bk_buf_append(&b, tmp, (size_t)n);
            free(tmp);
        }
    }
    return b.data;
}

bk_status bk_diag_error(bk_diag *d, bk_status st, const char *file, long line,
                        long col, const char *fmt, ...)
{
    if (!d || d->error)
        return st;
    va_list ap;
    va_start(ap, fmt);
    d->error = diag_format(file, line, col, "error", fmt, ap);
    va_end(ap);
    d->status = st;
    return st;
}

static int diag_push_warning(bk_diag *d, char *msg)
{
    if (d->nwarn == d->capwarn) {
        size_t cap = d->capwarn ? d->capwarn * 2 : 16;
        char **w = realloc(d->warnings, cap * sizeof(*w));
        if (!w)
            return -1;
        d->warnings = w;
        d->capwarn = cap;
    }
    d->warnings[d->nwarn++] = msg;
    return 0;
}

void bk_diag_warn(bk_diag *d, const char *file, long line, long col,
                  const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = diag_format(file, line, col, "warning", fmt, ap);
    va_end(ap);
    if (msg && diag_push_warning(d, msg) != 0)
        free(msg);
}

void bk_diag_fault(bk_diag *d, int strict, const char *file, long line,
                   long col, const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = diag_format(file, line, col, strict ? "error" : "warning", fmt, ap);
    va_end(ap);
    if (!msg)
        return;
    if (!strict) {
        if (diag_push_warning(d, msg) != 0)
            free(msg);
        return;
    }
    if (d->error) {
        free(msg); /* only the first error is kept */
        return;
    }
    d->error = msg;
    d->status = BK_EINPUT;
}

const char *bk_diag_error_message(const bk_diag *d)
{
    return d ? d->error : NULL;
}

bk_status bk_diag_error_status(const bk_diag *d)
{
    return d ? d->status : BK_OK;
}

size_t bk_diag_warning_count(const bk_diag *d) { return d ? d->nwarn : 0; }

const char *bk_diag_warning(const bk_diag *d, size_t i)
{
    return d && i < d->nwarn ? d->warnings[i] : NULL;
}
