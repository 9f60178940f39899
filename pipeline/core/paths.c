/* paths.c — where data files may point (see paths.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The system folders any build may read fonts, patterns and colour
 * profiles (an <output-intent>'s) from. */
static const char *const system_dirs[] = {"/usr/share/fonts", "/usr/local/share/fonts",
                                          "/usr/share/hyphen", "/usr/share/color/icc"};

/* 1 if real (a realpath) is dir or inside it (dir need not be real yet). */
static int inside(const char *real, const char *dir)
{
    char *d = dir ? realpath(dir, NULL) : NULL;
    int in = 0;
    if (d) {
        size_t n = strlen(d);
        in = strncmp(real, d, n) == 0 && (real[n] == '/' || real[n] == 0 ||
                                          (n == 1 && d[0] == '/'));
    }
    free(d);
    return in;
}

/* The user's font folders in fontconfig's default configuration (this
 * file does not ask fontconfig: text/fontfind.c is its one adapter). */
static int in_user_font_dirs(const char *real)
{
    const char *home = getenv("HOME");
    static const char *const sub[] = {"/.local/share/fonts", "/.fonts"};
    int in = 0;
    for (size_t i = 0; home && *home == '/' && !in && i < 2; i++) {
        bk_buf b = {0};
        in = bk_buf_printf(&b, "%s%s", home, sub[i]) == 0 && inside(real, b.data);
        bk_buf_release(&b);
    }
    return in;
}

static int allowed(const bk_ctx *ctx, const char *real)
{
    if (bk_files_is_arg(ctx, real) || inside(real, ctx->root ? ctx->root : ".") ||
        inside(real, ctx->datadir))
        return 1;
    for (size_t i = 0; bk_files_folder(ctx, i); i++)
        if (inside(real, bk_files_folder(ctx, i)))
            return 1;
    for (size_t i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++)
        if (inside(real, system_dirs[i]))
            return 1;
    return in_user_font_dirs(real) || (ctx->dir_trusted && ctx->dir_trusted(real));
}

/* The realpath of path, or of its folder joined with its last name when
 * it does not exist yet; NULL when neither resolves (the opener then
 * reports the missing file). */
static char *real_of(const char *path)
{
    char *r = realpath(path, NULL);
    if (r)
        return r;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? bk_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : bk_strdup(".");
    char *rd = dir ? realpath(dir, NULL) : NULL;
    bk_buf b = {0};
    if (rd && bk_buf_printf(&b, "%s/%s", rd, slash ? slash + 1 : path) != 0)
        bk_buf_release(&b);
    free(dir);
    free(rd);
    return b.data;
}

bk_status bk_path_check(bk_ctx *ctx, const char *from, long line, long col,
                        const char *name, const char *path)
{
    char *real = real_of(path);
    bk_status st = BK_OK;
    if (real && !allowed(ctx, real))
        st = bk_diag_error(ctx->diag, BK_EINPUT, from, line, col,
                           "'%s' is outside the allowed folders: a path named in a "
                           "data file must stay in the root folder (%s; --root DIR "
                           "names another), the layout's folder, the program's data "
                           "folder, the system's font, hyphenation and colour profile folders or "
                           "fontconfig's font folders, "
                           "unless the file is named on the command line",
                           name, ctx->root ? ctx->root : "the current directory");
    else if (bk_files_note_naming(ctx, path, from, line, col, name) != 0)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, from, line, col, "out of memory");
    free(real);
    return st;
}

bk_status bk_path_check_below(bk_ctx *ctx, const char *from, long line, long col,
                              const char *name, const char *path)
{
    const char *slash = strrchr(from, '/');
    char *dir = slash ? bk_strndup(from, slash == from ? 1 : (size_t)(slash - from))
                      : bk_strdup(".");
    char *real = real_of(path);
    bk_status st = BK_OK;
    if (!dir)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, from, line, col, "out of memory");
    else if (real && !inside(real, dir))
        st = bk_diag_error(ctx->diag, BK_EINPUT, from, line, col,
                           "'%s' is outside this file's folder: the file it names "
                           "must be in its folder or below", name);
    free(dir);
    free(real);
    return st;
}

bk_status bk_path_resolve(bk_ctx *ctx, const char *from, long line, long col,
                          const char *name, char **out)
{
    bk_buf b = {0};
    const char *slash = strrchr(from, '/');
    *out = NULL;
    if (name[0] != '/' && slash && bk_buf_append(&b, from, (size_t)(slash - from) + 1) != 0)
        goto oom;
    if (bk_buf_puts(&b, name) != 0)
        goto oom;
    bk_status st = bk_path_check(ctx, from, line, col, name, b.data);
    if (st) {
        bk_buf_release(&b);
        return st;
    }
    *out = b.data;
    return BK_OK;
oom:
    bk_buf_release(&b);
    return bk_diag_error(ctx->diag, BK_EINTERNAL, from, line, col, "out of memory");
}
