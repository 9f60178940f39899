/* files.c — reading inputs, writing outputs, listing folders (see files.h). */
#include "bk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    if (strcmp(path, "-") == 0) {
        /* "-": standard output, never a terminal (a PDF would garble it) */
        if (isatty(STDOUT_FILENO))
            return bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                                 "standard output is a terminal: redirect it "
                                 "or name an output file");
        for (const char *p = data; len;) {
            ssize_t w = write(STDOUT_FILENO, p, len);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return bk_diag_error(ctx->diag, BK_EINPUT, "(standard output)", 0, 0,
                                     "cannot write output: %s", strerror(errno));
            p += w;
            len -= (size_t)w;
        }
        return BK_OK;
    }
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
