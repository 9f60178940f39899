/* watch.h — waits for a change to any file a build read, for `booklet
 * watch`. The files are those the build recorded as read (the list that
 * `--deps` writes), so the watch follows exactly what the last build read: a
 * layout that extends another, the fonts configuration, fonts, data files,
 * geodata.
 *
 * Linux inotify watches the folder of each file rather than the file, as
 * editors save by writing a new file and renaming it over the old one.
 *
 * Ownership: bk_watch_new returns an object the caller frees with
 * bk_watch_free (NULL accepted). Paths passed in are copied.
 */
#ifndef BK_WATCH_H
#define BK_WATCH_H

#include "bk.h"

typedef struct bk_watch bk_watch;

bk_watch *bk_watch_new(void);
void bk_watch_free(bk_watch *w);

/* Replaces the watched files by `paths` (the inputs a build recorded:
 * bk_files_path). A file that is gone is watched through its folder, so
 * that its return is seen. Returns the status. */
bk_status bk_watch_set(bk_ctx *ctx, bk_watch *w, const char *const *paths, size_t n);

/* The number of files watched. */
size_t bk_watch_count(const bk_watch *w);

/* Waits until a watched file is written, created, moved in or removed, then
 * for `settle_ms` more of quiet (an editor's save is several events).
 * Returns 1 on a change, 0 when `timeout_ms` (negative: forever) passed
 * without one, -1 on an error of the system. */
int bk_watch_wait(bk_watch *w, int timeout_ms, int settle_ms);

#endif
