/* files.c — opening inputs, writing outputs, the record of what a run read,
 * listing folders (see files.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "bk.h"
#include "srcpos.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572

typedef struct input {
    char *path;
    dev_t dev;
    ino_t ino;
} input;

typedef struct naming {
    char *path, *from, *name;
    long line, col;
} naming;

struct bk_files {
    naming *nm;   /* where data files name the paths they name */
    size_t nnm, capnm;
    input *in;
    size_t n, cap;
    char **args; /* realpaths of files named on the command line */
    size_t nargs, capargs;
    char **dirs; /* realpaths of folders trusted like the root */
    size_t ndirs, capdirs;
};

void bk_files_free(bk_files *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        free(f->in[i].path);
    for (size_t i = 0; i < f->nnm; i++) {
        free(f->nm[i].path);
        free(f->nm[i].from);
        free(f->nm[i].name);
    }
    free(f->nm);
    for (size_t i = 0; i < f->nargs; i++)
        free(f->args[i]);
    for (size_t i = 0; i < f->ndirs; i++)
        free(f->dirs[i]);
    free(f->in);
    free(f->args);
    free(f->dirs);
    free(f);
}

static bk_files *files_of(bk_ctx *ctx)
{
    if (!ctx->files)
        ctx->files = calloc(1, sizeof(bk_files));
    return ctx->files;
}

/* Grows an array of `size`-byte items to hold one more; 0 or -1. */
static int grow(void **items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, c * size);
    if (!p)
        return -1;
    *items = p;
    *cap = c;
    return 0;
}

static int record(bk_ctx *ctx, const char *path, const struct stat *sb)
{
    bk_files *f = files_of(ctx);
    if (!f)
        return -1;
    for (size_t i = 0; i < f->n; i++)
        if (f->in[i].dev == sb->st_dev && f->in[i].ino == sb->st_ino)
            return 0;
    if (grow((void **)&f->in, f->n, &f->cap, sizeof(input)) != 0)
        return -1;
    input *e = &f->in[f->n];
    if (!(e->path = bk_strdup(path)))
        return -1;
    e->dev = sb->st_dev;
    e->ino = sb->st_ino;
    f->n++;
    return 0;
}

size_t bk_files_count(const bk_ctx *ctx)
{
    return ctx->files ? ctx->files->n : 0;
}

const char *bk_files_path(const bk_ctx *ctx, size_t i)
{
    return i < bk_files_count(ctx) ? ctx->files->in[i].path : NULL;
}

int bk_files_name_arg(bk_ctx *ctx, const char *path)
{
    bk_files *f = files_of(ctx);
    char *real = path ? realpath(path, NULL) : NULL;
    if (!real)
        return f ? 0 : -1; /* a missing file: its reader will say */
    if (!f || grow((void **)&f->args, f->nargs, &f->capargs, sizeof(char *)) != 0) {
        free(real);
        return -1;
    }
    f->args[f->nargs++] = real;
    return 0;
}

int bk_files_name_folder(bk_ctx *ctx, const char *path)
{
    bk_files *f = files_of(ctx);
    const char *slash = path ? strrchr(path, '/') : NULL;
    char *dir = slash ? bk_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : bk_strdup(".");
    char *real = dir && path ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!real)
        return f ? 0 : -1;
    if (!f || grow((void **)&f->dirs, f->ndirs, &f->capdirs, sizeof(char *)) != 0) {
        free(real);
        return -1;
    }
    f->dirs[f->ndirs++] = real;
    return 0;
}

const char *bk_files_folder(const bk_ctx *ctx, size_t i)
{
    return ctx->files && i < ctx->files->ndirs ? ctx->files->dirs[i] : NULL;
}

int bk_files_is_arg(const bk_ctx *ctx, const char *real)
{
    for (size_t i = 0; ctx->files && i < ctx->files->nargs; i++)
        if (strcmp(ctx->files->args[i], real) == 0)
            return 1;
    return 0;
}

/* ---- opening ------------------------------------------------------------ */

/* Why a file with this status cannot be an input, or NULL if it can. */
static const char *not_regular(const struct stat *sb)
{
    if (S_ISREG(sb->st_mode))
        return NULL;
    if (S_ISDIR(sb->st_mode))
        return "is not a regular file (a directory)";
    if (S_ISFIFO(sb->st_mode))
        return "is not a regular file (a FIFO)";
    if (S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode))
        return "is not a regular file (a device)";
    return "is not a regular file";
}

bk_status bk_file_open_quiet(bk_ctx *ctx, const char *path, size_t limit,
                             int *fd, size_t *size, const char **why, int *err)
{
    struct stat sb;
    struct statfs fs;
    *fd = -1;
    *size = 0;
    *why = NULL;
    *err = 0;
    /* stat first: a device is refused without being opened at all */
    if (stat(path, &sb) == 0 && (*why = not_regular(&sb)))
        return BK_EINPUT;
    int f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (f < 0 || fstat(f, &sb) != 0 || fstatfs(f, &fs) != 0) {
        *err = errno;
        *why = "cannot open";
    } else if (!(*why = not_regular(&sb))) {
        if (fs.f_type == PROC_MAGIC || fs.f_type == SYSFS_MAGIC)
            *why = "is not a regular file (a /proc or /sys entry)";
        else if ((unsigned long long)sb.st_size > limit)
            *why = "file is larger than the limit";
        else if (record(ctx, path, &sb) != 0)
            *why = "out of memory";
    }
    if (*why) {
        if (f >= 0)
            close(f);
        return strcmp(*why, "out of memory") ? BK_EINPUT : BK_EINTERNAL;
    }
    *fd = f;
    *size = (size_t)sb.st_size;
    return BK_OK;
}

int bk_files_note_naming(bk_ctx *ctx, const char *path, const char *from,
                         long line, long col, const char *name)
{
    bk_files *f = files_of(ctx);
    if (!f || !path || !from || !name)
        return f ? 0 : -1;
    if (grow((void **)&f->nm, f->nnm, &f->capnm, sizeof(naming)) != 0)
        return -1;
    naming *e = &f->nm[f->nnm];
    *e = (naming){.path = bk_strdup(path), .from = bk_strdup(from),
                  .name = bk_strdup(name), .line = line, .col = col};
    if (!e->path || !e->from || !e->name) {
        free(e->path);
        free(e->from);
        free(e->name);
        return -1;
    }
    f->nnm++;
    return 0;
}

/* The latest place a data file named `path`, or NULL. */
static const naming *naming_of(const bk_ctx *ctx, const char *path)
{
    const bk_files *f = ctx->files;
    for (size_t i = f ? f->nnm : 0; i-- > 0;)
        if (strcmp(f->nm[i].path, path) == 0)
            return &f->nm[i];
    return NULL;
}

bk_status bk_file_open(bk_ctx *ctx, const char *path, size_t limit, int *fd,
                       size_t *size)
{
    const char *why;
    int err;
    bk_status st = bk_file_open_quiet(ctx, path, limit, fd, size, &why, &err);
    if (st == BK_OK)
        return st;
    const naming *nm = st == BK_EINPUT ? naming_of(ctx, path) : NULL;
    long line = nm ? nm->line : 0, col = nm ? nm->col : 0;
    if (nm && !col) { /* the value's column: "name" found on the line */
        char quoted[PATH_MAX + 3];
        snprintf(quoted, sizeof quoted, "\"%s\"", nm->name);
        col = bk_srcpos_char_col(nm->from, &line, quoted);
        col += col > 0;
    }
    if (nm && err)
        return bk_diag_error(ctx->diag, st, nm->from, line, col, "'%s': %s: %s",
                             nm->name, why, strerror(err));
    if (nm)
        return bk_diag_error(ctx->diag, st, nm->from, line, col, "'%s' %s%s",
                             nm->name, strncmp(why, "is ", 3) == 0 ? "" : ": ", why);
    if (strcmp(why, "file is larger than the limit") == 0)
        return bk_diag_error(ctx->diag, st, path, 0, 0,
                             "file is larger than the limit of %zu bytes", limit);
    if (err)
        return bk_diag_error(ctx->diag, st, path, 0, 0, "%s: %s", why, strerror(err));
    return bk_diag_error(ctx->diag, st, path, 0, 0, "%s", why);
}

bk_status bk_file_read(bk_ctx *ctx, const char *path, size_t limit, char **out,
                       size_t *len)
{
    int fd = -1;
    size_t size = 0, n = 0;
    char *data = NULL;
    bk_status st = bk_file_open(ctx, path, limit, &fd, &size);
    if (st)
        return st;
    /* The size may change while reading: read at most limit + 1 bytes. */
    size_t cap = size < limit ? size + 1 : limit + 1;
    if (!(data = malloc(cap + 1))) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                                   "file is larger than the limit of %zu bytes", limit);
                goto done;
            }
            size_t c = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            char *d = realloc(data, c + 1);
            if (!d) {
                st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
                goto done;
            }
            data = d;
            cap = c;
        }
        ssize_t got = read(fd, data + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0, "read error: %s",
                               strerror(errno));
            goto done;
        }
        if (got == 0)
            break;
        n += (size_t)got;
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
    close(fd);
    free(data);
    return st;
}

int bk_file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* ---- outputs ------------------------------------------------------------ */

/* The temporary files being written, for the signal handler. Process-wide
 * by necessity (a handler receives no context): a slot's path is written
 * before it is marked live, and unmarked before it is reused. */
#define TEMPS 8
static char temp_path[TEMPS][PATH_MAX];
static volatile sig_atomic_t temp_live[TEMPS];

static int temp_add(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < TEMPS; i++)
        if (!temp_live[i]) {
            strcpy(temp_path[i], path);
            temp_live[i] = 1;
            return i;
        }
    return -1;
}

static void temp_drop(int i)
{
    if (i >= 0)
        temp_live[i] = 0;
}

void bk_file_temps_remove(void)
{
    for (int i = 0; i < TEMPS; i++)
        if (temp_live[i]) {
            unlink(temp_path[i]);
            temp_live[i] = 0;
        }
}

/* Checks `path` as an output; *mode gets the permissions to give it (the
 * replaced file's, else the usual ones). */
static bk_status output_check(bk_ctx *ctx, const char *path, mode_t *mode)
{
    struct stat sb;
    mode_t mask = umask(0);
    umask(mask);
    *mode = 0666 & ~mask;
    if (stat(path, &sb) != 0) {
        /* nothing there yet: its folder must take a new file, checked
         * before any work (and before any other output is written) */
        const char *slash = strrchr(path, '/');
        char *dir = slash ? bk_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                          : bk_strdup(".");
        int ok = dir && access(dir, W_OK | X_OK) == 0;
        int e = errno;
        free(dir);
        if (!ok)
            return bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                                 "cannot create output: %s", strerror(e));
        return BK_OK;
    }
    if (!S_ISREG(sb.st_mode))
        return bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                             "output %s: booklet replaces only a regular file "
                             "(or nothing)", not_regular(&sb));
    for (size_t i = 0; i < bk_files_count(ctx); i++)
        if (ctx->files->in[i].dev == sb.st_dev && ctx->files->in[i].ino == sb.st_ino)
            return bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                                 "output is also an input of this run (%s): it "
                                 "would be overwritten", ctx->files->in[i].path);
    *mode = sb.st_mode & 07777;
    return BK_OK;
}

bk_status bk_file_check_output(bk_ctx *ctx, const char *path)
{
    mode_t mode;
    return output_check(ctx, path, &mode);
}

static bk_status write_all(bk_ctx *ctx, const char *path, int fd, const void *data,
                           size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                                 "cannot write output: %s", strerror(errno));
        p += w;
        len -= (size_t)w;
    }
    return BK_OK;
}

bk_status bk_file_write_atomic(bk_ctx *ctx, const char *path, const void *data,
                               size_t len)
{
    bk_buf tmp = {0};
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
    int fd = -1, slot = -1, created = 0;
    mode_t mode;
    bk_status st = output_check(ctx, path, &mode);
    if (st)
        return st;
    if (bk_buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    /* signals blocked while the file exists but is not yet registered */
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    fd = mkstemp(tmp.data);
    int e = errno;
    created = fd >= 0;
    if (created)
        slot = temp_add(tmp.data);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                           "cannot create output: %s", strerror(e));
        goto done;
    }
    if ((st = write_all(ctx, path, fd, data, len)))
        goto done;
    /* mkstemp makes 0600 files: give the replaced file's mode, or the usual */
    if (fchmod(fd, mode) != 0 || close(fd) != 0) {
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
    if (st != BK_OK && created)
        unlink(tmp.data);
    temp_drop(slot);
    bk_buf_release(&tmp);
    return st;
}

/* ---- dependency files --------------------------------------------------- */

/* A path as make reads it: spaces, '#', ':' and '\' escaped, '$' doubled. */
static int put_make_path(bk_buf *b, const char *p)
{
    for (; *p; p++) {
        int r = 0;
        if (*p == '$')
            r = bk_buf_puts(b, "$$");
        else if (*p == ' ' || *p == '\t' || *p == '#' || *p == ':' || *p == '\\')
            r = bk_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            r = bk_buf_puts(b, "?");
        else
            r = bk_buf_append(b, p, 1);
        if (r)
            return -1;
    }
    return 0;
}

/* A dependency as make should see it: relative to the current directory
 * when inside it, else absolute, with no "..". */
static int put_dep(bk_buf *b, const char *cwd, const char *path)
{
    char *real = realpath(path, NULL);
    size_t n = cwd ? strlen(cwd) : 0;
    const char *p = real ? real : path;
    if (real && cwd && strncmp(real, cwd, n) == 0 && real[n] == '/')
        p = real + n + 1;
    int r = put_make_path(b, p);
    free(real);
    return r;
}

bk_status bk_files_deps_write(bk_ctx *ctx, const char *depfile,
                              const char *const *targets, size_t ntargets)
{
    bk_buf b = {0};
    char *cwd = realpath(".", NULL);
    int bad = 0;
    for (size_t i = 0; !bad && i < ntargets; i++)
        bad = (i && bk_buf_puts(&b, " ")) || put_make_path(&b, targets[i]);
    bad = bad || bk_buf_puts(&b, ":");
    for (size_t i = 0; !bad && i < bk_files_count(ctx); i++)
        bad = bk_buf_puts(&b, " \\\n ") || put_dep(&b, cwd, bk_files_path(ctx, i));
    bad = bad || bk_buf_puts(&b, "\n");
    for (size_t i = 0; !bad && i < bk_files_count(ctx); i++)
        bad = bk_buf_puts(&b, "\n") || put_dep(&b, cwd, bk_files_path(ctx, i)) ||
              bk_buf_puts(&b, ":\n");
    bk_status st = bad ? bk_diag_error(ctx->diag, BK_EINTERNAL, depfile, 0, 0, "out of memory")
                       : bk_file_write_atomic(ctx, depfile, b.data, b.len);
    free(cwd);
    bk_buf_release(&b);
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
