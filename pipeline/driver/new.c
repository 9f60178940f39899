/* new.c — the starter project (new.h): the template folder's regular files
 * copied into the user's folder, all or none. */
#include "new.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Template files: a handful; more is a broken data folder. */
#define NEW_MAX_FILES 32

/* Steps: find the templates; make the folder; refuse if any file would be
 * replaced; copy each file. */
bk_status bk_project_new(bk_ctx *ctx, const char *dir, size_t *created)
{
    char *names[NEW_MAX_FILES];
    size_t n = 0;
    bk_buf from = {0}, to = {0}, tdir = {0};
    bk_status st = BK_OK;
    *created = 0;
    if (!ctx->datadir) {
        st = bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                           "the program's own data was not found (set BOOKLET_DATA)");
        goto done;
    }
    if (bk_buf_printf(&tdir, "%s/templates/starter", ctx->datadir)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    n = bk_dir_files(tdir.data, "", 0, names, NEW_MAX_FILES);
    if (!n) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, tdir.data, 0, 0,
                           "the starter project's files are missing");
        goto done;
    }
    struct stat sb;
    if (mkdir(dir, 0777) != 0 && !(errno == EEXIST && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, dir, 0, 0, "cannot make this folder: %s",
                           strerror(errno));
        goto done;
    }
    for (size_t i = 0; !st && i < n; i++) {
        to.len = 0;
        if (!bk_buf_printf(&to, "%s/%s", dir, names[i]) && stat(to.data, &sb) == 0)
            st = bk_diag_error(ctx->diag, BK_EINPUT, to.data, 0, 0,
                               "exists already: nothing was written");
    }
    for (size_t i = 0; !st && i < n; i++) {
        char *data = NULL;
        size_t len = 0;
        from.len = to.len = 0;
        if (bk_buf_printf(&from, "%s/%s", tdir.data, names[i]) ||
            bk_buf_printf(&to, "%s/%s", dir, names[i])) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
            break;
        }
        st = bk_file_read(ctx, from.data, 1u << 20, &data, &len);
        if (!st)
            st = bk_file_write_atomic(ctx, to.data, data, len);
        free(data);
        if (!st)
            (*created)++;
    }
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    bk_buf_release(&from);
    bk_buf_release(&to);
    bk_buf_release(&tdir);
    return st;
}
