/* bk.c — diagnostics, context, buffers and file helpers (see bk.h). */
#include "bk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

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

void bk_diag_warn(bk_diag *d, const char *file, long line, long col,
                  const char *fmt, ...)
{
    if (!d)
        return;
    if (d->nwarn == d->capwarn) {
        size_t cap = d->capwarn ? d->capwarn * 2 : 16;
        char **w = realloc(d->warnings, cap * sizeof(*w));
        if (!w)
            return;
        d->warnings = w;
        d->capwarn = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = diag_format(file, line, col, "warning", fmt, ap);
    va_end(ap);
    if (msg)
        d->warnings[d->nwarn++] = msg;
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

bk_ctx *bk_ctx_new(void)
{
    bk_ctx *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return NULL;
    ctx->diag = bk_diag_new();
    if (!ctx->diag) {
        free(ctx);
        return NULL;
    }
    ctx->epoch = -1;
    return ctx;
}

void bk_ctx_free(bk_ctx *ctx)
{
    if (!ctx)
        return;
    bk_diag_free(ctx->diag);
    free(ctx);
}

/* ---- buffers ----------------------------------------------------------- */

int bk_buf_append(bk_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        char *d = realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int bk_buf_puts(bk_buf *b, const char *s) { return bk_buf_append(b, s, strlen(s)); }

int bk_buf_printf(bk_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return bk_buf_append(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return -1;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = bk_buf_append(b, big, (size_t)n);
    free(big);
    return rc;
}

void bk_buf_release(bk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- files ------------------------------------------------------------- */

bk_status bk_file_read(bk_ctx *ctx, const char *path, size_t limit, char **out,
                       size_t *len)
{
    bk_status st = BK_OK;
    char *data = NULL;
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0, "cannot open: %s",
                           strerror(errno));
        goto done;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                           "is a directory, not a file");
        goto done;
    }
    size_t cap = 65536;
    data = malloc(cap + 1);
    if (!data) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= limit) {
                st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                                   "file is larger than the limit of %zu bytes",
                                   limit);
                goto done;
            }
            cap = cap * 2 > limit ? limit + 1 : cap * 2;
            char *d = realloc(data, cap + 1);
            if (!d) {
                st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                                   "out of memory");
                goto done;
            }
            data = d;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0, "read error: %s",
                           strerror(errno));
        goto done;
    }
    if (n > limit) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                           "file is larger than the limit of %zu bytes", limit);
        goto done;
    }
    data[n] = '\0';
    *out = data;
    *len = n;
    data = NULL;
done:
    if (f)
        fclose(f);
    free(data);
    return st;
}

bk_status bk_file_write_atomic(bk_ctx *ctx, const char *path, const void *data,
                               size_t len)
{
    bk_status st = BK_OK;
    bk_buf tmp = {0};
    int fd = -1;
    if (bk_buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    fd = mkstemp(tmp.data);
    if (fd < 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                           "cannot create output: %s", strerror(errno));
        goto done;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                               "cannot write output: %s", strerror(errno));
            goto done;
        }
        p += w;
        left -= (size_t)w;
    }
    /* mkstemp makes 0600 files; outputs should be readable like any other. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || close(fd) != 0) {
        fd = -1;
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                           "cannot finish output: %s", strerror(errno));
        goto done;
    }
    fd = -1;
    if (rename(tmp.data, path) != 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                           "cannot rename output into place: %s",
                           strerror(errno));
        goto done;
    }
done:
    if (fd >= 0)
        close(fd);
    if (st != BK_OK && tmp.data)
        unlink(tmp.data);
    bk_buf_release(&tmp);
    return st;
}

int bk_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

char *bk_strdup(const char *s)
{
    return s ? bk_strndup(s, strlen(s)) : NULL;
}

char *bk_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

double bk_clock_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t bk_dir_files(const char *dir, const char *suffix, int strip, char **names, size_t max)
{
    size_t n = 0, sl = strlen(suffix);
    DIR *d = opendir(dir);
    bk_buf path = {0};
    for (struct dirent *e; d && (e = readdir(d)) && n < max;) {
        size_t len = strlen(e->d_name);
        struct stat sb;
        path.len = 0;
        if (e->d_name[0] == '.' || len <= sl || strcmp(e->d_name + len - sl, suffix) != 0 ||
            bk_buf_printf(&path, "%s/%s", dir, e->d_name) || stat(path.data, &sb) != 0 ||
            !S_ISREG(sb.st_mode))
            continue;
        if ((names[n] = bk_strndup(e->d_name, strip ? len - sl : len)))
            n++;
    }
    if (d)
        closedir(d);
    bk_buf_release(&path);
    qsort(names, n, sizeof names[0], name_cmp);
    return n;
}
