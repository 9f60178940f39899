/* files.h — the one way inputs are read and outputs written.
 *
 * Every input goes through bk_file_open (or bk_file_read, built on it):
 * regular files only — a FIFO, a device, a folder or a /proc entry is
 * refused before anything is read, so none can block or feed the build
 * without end — with the size limit checked before and while reading.
 * Each file opened is recorded in the context: the record is the build's
 * dependency list (--deps) and the set of files an output may not replace.
 *
 * Included through bk.h (needs bk_ctx and bk_status).
 */
#ifndef BK_FILES_H
#define BK_FILES_H

#include <stddef.h>

/* The record of a run's inputs (see above); owned by the context. */
typedef struct bk_files bk_files;
void bk_files_free(bk_files *f);

/* Opens an input: O_NONBLOCK, checked with fstat before any read (regular
 * file, not under /proc, at most `limit` bytes), and records it. *fd is
 * the caller's to close; *size its size. */
bk_status bk_file_open(bk_ctx *ctx, const char *path, size_t limit, int *fd,
                       size_t *size);
/* The same without a message: on failure *why says what is wrong ("cannot
 * open" with *err the errno, "is not a regular file (a FIFO)", "file is
 * larger than the limit"...), for a caller that reports at the place the
 * file is named. */
bk_status bk_file_open_quiet(bk_ctx *ctx, const char *path, size_t limit,
                             int *fd, size_t *size, const char **why, int *err);
/* Reads a whole input (through bk_file_open; at most `limit` bytes, else an
 * error) into *out, which the caller frees with free(). NUL-terminates. */
bk_status bk_file_read(bk_ctx *ctx, const char *path, size_t limit, char **out,
                       size_t *len);
/* 1 if `path` names an existing regular file (never opens it: an optional
 * input may be probed without blocking on a FIFO), else 0. */
int bk_file_exists(const char *path);

/* The inputs recorded so far, in the order first read (a file read twice
 * is listed once). */
size_t bk_files_count(const bk_ctx *ctx);
const char *bk_files_path(const bk_ctx *ctx, size_t i);

/* Records a file named on the command line: the path rules (paths.h) let
 * data files name it wherever it is. Returns 0, or -1 when out of memory. */
int bk_files_name_arg(bk_ctx *ctx, const char *path);
/* Records the folder of the layout a caller loads (bk_layout_load): trusted
 * like the root folder (as Typst's root defaults to the main file's folder).
 * Returns 0, or -1 when out of memory. bk_files_folder lists them (NULL
 * past the last). */
int bk_files_name_folder(bk_ctx *ctx, const char *path);
const char *bk_files_folder(const bk_ctx *ctx, size_t i);
/* 1 if the file at `real` (a realpath) was named on the command line. */
int bk_files_is_arg(const bk_ctx *ctx, const char *real);

/* Records that `path` (as joined) is named as `name` at from:line:col of a
 * data file, so that an error opening it is reported there (the layout's
 * src= rather than the file itself). 0, or -1 out of memory. */
int bk_files_note_naming(bk_ctx *ctx, const char *path, const char *from,
                         long line, long col, const char *name);

/* Writes data to a temporary file beside `path`, then renames it over
 * `path`: a failure (or SIGINT, SIGTERM, SIGHUP, with the handler of
 * bk_file_temps_remove installed) leaves any previous file untouched and
 * no partial one. Refuses an existing `path` that is not a regular file
 * (a device, a FIFO) or that is one of the run's recorded inputs; a file
 * replaced keeps its permissions. */
bk_status bk_file_write_atomic(bk_ctx *ctx, const char *path, const void *data,
                               size_t len);
/* Refuses `path` as an output the way bk_file_write_atomic would, before
 * any work is done. */
bk_status bk_file_check_output(bk_ctx *ctx, const char *path);

/* Removes the temporary files being written. Async-signal-safe: for a
 * signal handler, which then re-raises the signal. */
void bk_file_temps_remove(void);

/* Writes a Make dependency file (like gcc -MD -MP): the targets depend on
 * every recorded input, and each input is a phony target of its own.
 * Written atomically. */
bk_status bk_files_deps_write(bk_ctx *ctx, const char *depfile,
                              const char *const *targets, size_t ntargets);

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
