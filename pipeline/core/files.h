/* files.h — the one way inputs are read and outputs written.
 *
 * Included through bk.h (needs bk_ctx and bk_status).
 */
#ifndef BK_FILES_H
#define BK_FILES_H

#include <stddef.h>

/* Reads a whole file (at most `limit` bytes, else an error) into *out, which
 * the caller frees with free(). NUL-terminates. */
bk_status bk_file_read(bk_ctx *ctx, const char *path, size_t limit, char **out,
                       size_t *len);
/* Writes data to a temporary file beside `path`, then renames it over
 * `path`: a failure leaves any previous file untouched and no partial one. */
bk_status bk_file_write_atomic(bk_ctx *ctx, const char *path, const void *data,
                               size_t len);

/* 1 if both paths name the same existing file (same device and inode),
 * else 0: lets a command refuse an output that would overwrite one of its
 * inputs. */
int bk_same_file(const char *a, const char *b);

/* The regular files of `dir` whose names end in `suffix` ("" for any),
 * hidden ones left out, at most `max`, sorted by name, into names (without
 * the suffix when `strip` is set); the caller frees each. An unreadable
 * folder has none. Returns the count. */
size_t bk_dir_files(const char *dir, const char *suffix, int strip, char **names,
                    size_t max);

#endif
