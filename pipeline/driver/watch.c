/* watch.c — waits for a change to the files a build read (see watch.h).
 * The one file that includes Linux's inotify. */
#include "watch.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define WATCH_MAX_FILES 4096
#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)

typedef struct {
    char *base; /* the file's name in its folder */
    int wd;     /* the folder's watch */
} watched;

struct bk_watch {
    int fd;
    watched *files;
    size_t n;
};

bk_watch *bk_watch_new(void)
{
    bk_watch *w = calloc(1, sizeof *w);
    if (w)
        w->fd = -1;
    return w;
}

static void watch_clear(bk_watch *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->files[i].base);
    free(w->files);
    w->files = NULL;
    w->n = 0;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
}

void bk_watch_free(bk_watch *w)
{
    if (!w)
        return;
    watch_clear(w);
    free(w);
}

size_t bk_watch_count(const bk_watch *w) { return w ? w->n : 0; }

/* Watches the folder of `path` for changes to its name. */
static int watch_add(bk_watch *w, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? bk_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : bk_strdup(".");
    const char *base = slash ? slash + 1 : path;
    int rc = -1;
    if (!dir || !*base)
        goto done;
    int wd = inotify_add_watch(w->fd, dir, WATCH_EVENTS);
    if (wd < 0)
        goto done;
    watched *f = realloc(w->files, (w->n + 1) * sizeof *f);
    if (!f)
        goto done;
    w->files = f;
    f[w->n].wd = wd;
    f[w->n].base = bk_strdup(base);
    if (!f[w->n].base)
        goto done;
    w->n++;
    rc = 0;
done:
    free(dir);
    return rc;
}

bk_status bk_watch_set(bk_ctx *ctx, bk_watch *w, const char *const *paths, size_t n)
{
    watch_clear(w);
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "cannot watch files: %s", strerror(errno));
    for (size_t i = 0; i < n && i < WATCH_MAX_FILES; i++)
        if (watch_add(w, paths[i]) != 0 && errno == ENOMEM)
            return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (!w->n)
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "none of the build's files can be watched");
    return BK_OK;
}

/* Reads the pending events; 1 if one names a watched file. */
static int watch_drain(bk_watch *w)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    int hit = 0;
    for (;;) {
        ssize_t got = read(w->fd, buf, sizeof buf);
        if (got <= 0)
            return got < 0 && errno != EAGAIN && errno != EINTR ? -1 : hit;
        for (char *p = buf; p < buf + got;) {
            const struct inotify_event *e = (const struct inotify_event *)p;
            for (size_t i = 0; e->len && i < w->n && !hit; i++)
                hit = w->files[i].wd == e->wd && strcmp(w->files[i].base, e->name) == 0;
            p += sizeof *e + e->len;
        }
    }
}

int bk_watch_wait(bk_watch *w, int timeout_ms, int settle_ms)
{
    struct pollfd pfd = {.fd = w->fd, .events = POLLIN};
    double start = bk_clock_ms();
    for (;;) {
        int left = -1;
        if (timeout_ms >= 0) {
            left = timeout_ms - (int)(bk_clock_ms() - start);
            if (left <= 0)
                return 0;
        }
        int r = poll(&pfd, 1, left);
        if (r < 0 && errno != EINTR)
            return -1;
        if (r <= 0)
            continue;
        int hit = watch_drain(w);
        if (hit < 0)
            return -1;
        if (hit)
            break;
    }
    /* quiet for settle_ms: the rest of an editor's save */
    while (poll(&pfd, 1, settle_ms) > 0)
        if (watch_drain(w) < 0)
            return -1;
    return 1;
}
