/* diag.c — diagnostics: every error and warning of a run, in order, as
 * structured records (see diag.h). Rendering is in diag_render.c. */
#include "bk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bk_diag {
    bk_diag_record *recs;
    size_t nrecs, caprecs;
    size_t nerr, nwarn;       /* counted, kept or not */
    size_t keptwarn;
    size_t *warn_at;          /* index in recs of each kept warning */
    size_t capwarn;
    long first_error;         /* index in recs, or -1 */
};

bk_diag *bk_diag_new(void)
{
    bk_diag *d = calloc(1, sizeof(bk_diag));
    if (d)
        d->first_error = -1;
    return d;
}

static void record_release(bk_diag_record *r)
{
    free(r->file);
    free(r->message);
    free(r->hint);
    free(r->text);
    memset(r, 0, sizeof(*r));
}

void bk_diag_clear(bk_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nrecs; i++)
        record_release(&d->recs[i]);
    d->nrecs = d->nerr = d->nwarn = d->keptwarn = 0;
    d->first_error = -1;
}

void bk_diag_free(bk_diag *d)
{
    if (!d)
        return;
    bk_diag_clear(d);
    free(d->recs);
    free(d->warn_at);
    free(d);
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        n = 0;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* "file:line:col: kind: message"; parts that are unknown are left out so
 * the message never shows a made-up position. */
static char *one_line(const bk_diag_record *r)
{
    bk_buf b = {0};
    if (r->file && *r->file) {
        bk_buf_puts(&b, r->file);
        if (r->line > 0) {
            bk_buf_printf(&b, ":%ld", r->line);
            if (r->col > 0)
                bk_buf_printf(&b, ":%ld", r->col);
        }
        bk_buf_puts(&b, ": ");
    }
    bk_buf_printf(&b, "%s: %s", r->severity == BK_DIAG_ERROR ? "error" : "warning",
                  r->message);
    return b.data;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Records one diagnostic; counted even when it cannot be kept. */
static void record_add(bk_diag *d, bk_diag_severity sev, bk_status st,
                       const char *file, long line, long col,
                       const char *fmt, va_list ap)
{
    int is_err = sev == BK_DIAG_ERROR;
    size_t kept = is_err ? d->nerr : d->keptwarn;
    if (is_err)
        d->nerr++;
    else
        d->nwarn++;
    if (kept >= BK_DIAG_KEEP && !(is_err && d->first_error < 0))
        return;
    if (grow((void **)&d->recs, &d->caprecs, d->nrecs + 1, sizeof(*d->recs)) ||
        (!is_err && grow((void **)&d->warn_at, &d->capwarn, d->keptwarn + 1,
                         sizeof(*d->warn_at))))
        return;
    bk_diag_record r = {sev, is_err ? st : BK_OK, NULL, line > 0 ? line : 0,
                        line > 0 && col > 0 ? col : 0, NULL, NULL, NULL, 0};
    r.file = file && *file ? bk_strdup(file) : NULL;
    r.message = vformat(fmt, ap);
    r.text = r.message ? one_line(&r) : NULL;
    if (!r.text || (file && *file && !r.file)) {
        record_release(&r);
        return;
    }
    if (is_err && d->first_error < 0)
        d->first_error = (long)d->nrecs;
    if (!is_err)
        d->warn_at[d->keptwarn++] = d->nrecs;
    d->recs[d->nrecs++] = r;
}

bk_status bk_diag_error(bk_diag *d, bk_status st, const char *file, long line,
                        long col, const char *fmt, ...)
{
    if (!d)
        return st;
    va_list ap;
    va_start(ap, fmt);
    record_add(d, BK_DIAG_ERROR, st, file, line, col, fmt, ap);
    va_end(ap);
    return st;
}

void bk_diag_warn(bk_diag *d, const char *file, long line, long col,
                  const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    record_add(d, BK_DIAG_WARNING, BK_OK, file, line, col, fmt, ap);
    va_end(ap);
}

void bk_diag_fault(bk_diag *d, int strict, const char *file, long line,
                   long col, const char *fmt, ...)
{
    if (!d)
        return;
    va_list ap;
    va_start(ap, fmt);
    record_add(d, strict ? BK_DIAG_ERROR : BK_DIAG_WARNING, BK_EINPUT, file,
               line, col, fmt, ap);
    va_end(ap);
}

void bk_diag_no_quote(bk_diag *d)
{
    if (d && d->nrecs)
        d->recs[d->nrecs - 1].no_quote = 1;
}

void bk_diag_hint(bk_diag *d, const char *fmt, ...)
{
    if (!d || !d->nrecs)
        return;
    bk_diag_record *r = &d->recs[d->nrecs - 1];
    va_list ap;
    va_start(ap, fmt);
    char *h = vformat(fmt, ap);
    va_end(ap);
    if (!h)
        return;
    free(r->hint);
    r->hint = h;
}

const char *bk_diag_error_message(const bk_diag *d)
{
    return d && d->first_error >= 0 ? d->recs[d->first_error].text : NULL;
}

bk_status bk_diag_error_status(const bk_diag *d)
{
    return d && d->first_error >= 0 ? d->recs[d->first_error].status : BK_OK;
}

size_t bk_diag_error_count(const bk_diag *d) { return d ? d->nerr : 0; }

size_t bk_diag_warning_count(const bk_diag *d) { return d ? d->nwarn : 0; }

const char *bk_diag_warning(const bk_diag *d, size_t i)
{
    return d && i < d->keptwarn ? d->recs[d->warn_at[i]].text : NULL;
}

size_t bk_diag_count(const bk_diag *d) { return d ? d->nrecs : 0; }

const bk_diag_record *bk_diag_at(const bk_diag *d, size_t i)
{
    return d && i < d->nrecs ? &d->recs[i] : NULL;
}

bk_diag_mark bk_diag_mark_take(const bk_diag *d)
{
    bk_diag_mark m = {0, 0, 0};
    if (d) {
        m.records = d->nrecs;
        m.errors = d->nerr;
        m.warnings = d->nwarn;
    }
    return m;
}

void bk_diag_truncate(bk_diag *d, bk_diag_mark m)
{
    if (!d || m.records > d->nrecs)
        return;
    for (size_t i = m.records; i < d->nrecs; i++)
        record_release(&d->recs[i]);
    size_t kw = 0;
    while (kw < d->keptwarn && d->warn_at[kw] < m.records)
        kw++;
    d->keptwarn = kw;
    d->nrecs = m.records;
    if (m.errors < d->nerr)
        d->nerr = m.errors;
    if (m.warnings < d->nwarn)
        d->nwarn = m.warnings;
    if (d->first_error >= (long)m.records)
        d->first_error = -1;
}

void bk_diag_rollback(bk_diag *d, bk_diag_mark m)
{
    if (!d || m.records > d->nrecs)
        return;
    size_t out = m.records, kw = 0;
    while (kw < d->keptwarn && d->warn_at[kw] < m.records)
        kw++;
    for (size_t i = m.records; i < d->nrecs; i++) {
        if (d->recs[i].severity == BK_DIAG_ERROR) {
            record_release(&d->recs[i]);
            continue;
        }
        d->warn_at[kw++] = out;
        d->recs[out++] = d->recs[i];
    }
    d->nrecs = out;
    d->keptwarn = kw;
    if (m.errors < d->nerr)
        d->nerr = m.errors;
    if (d->first_error >= (long)m.records)
        d->first_error = -1;
}

int bk_diag_errors_since(const bk_diag *d, bk_diag_mark m)
{
    return d && d->nerr > m.errors;
}

bk_status bk_diag_status_since(const bk_diag *d, bk_diag_mark m)
{
    if (!bk_diag_errors_since(d, m))
        return BK_OK;
    for (size_t i = m.records; i < d->nrecs; i++)
        if (d->recs[i].severity == BK_DIAG_ERROR)
            return d->recs[i].status;
    return BK_EINPUT; /* counted beyond BK_DIAG_KEEP, not kept */
}
