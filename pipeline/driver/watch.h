/* watch.h — waits for a change to any file a build read, for `booklet
 * watch`. The files come from the build's dependency file (the Make syntax
 * that `--deps` writes), so the watch follows exactly what the last build
 * read: a layout that extends another, the fonts configuration, fonts, data
 * files, geodata.
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

/* Replaces the watched files by the prerequisites of the first rule of the
 * dependency file at `deps` (targets and phony rules are left out), plus
 * every path of `extra` (the command line's inputs, which are watched even
 * when a build failed before reading them). Returns the status; a file
 * that is gone is watched through its folder, so that its return is seen. */
bk_status bk_watch_set(bk_ctx *ctx, bk_watch *w, const char *deps,
                       const char *const *extra, size_t nextra);

/* The number of files watched. */
size_t bk_watch_count(const bk_watch *w);

/* Waits until a watched file is written, created, moved in or removed, then
 * for `settle_ms` more of quiet (an editor's save is several events).
 * Returns 1 on a change, 0 when `timeout_ms` (negative: forever) passed
 * without one, -1 on an error of the system. */
int bk_watch_wait(bk_watch *w, int timeout_ms, int settle_ms);

/* Parses a Make dependency file's first rule: its prerequisites, unescaped
 * ("\ " and "$$"), into names (the caller frees each), at most `max`.
 * Returns the count, or -1 when the text has no rule. */
long bk_watch_parse_deps(const char *text, char **names, size_t max);

#endif
