/* paths.h — the rule for paths named inside data files.
 *
 * A path a data file names (a layout's extends, fonts href, part src,
 * alignment and hyphenation patterns; a fonts configuration's font files;
 * a catalog's rules; a map definition's geodata, places and events) is
 * relative to the folder of the file that names it, and must stay, once
 * symbolic links and `..` are resolved, inside an allowed folder:
 * - the run's root (ctx->root, --root DIR, else the current directory);
 * - the folder of the layout named on the command line
 *   (bk_files_name_folder; as Typst's root defaults to the main file's);
 * - the program's data folder (ctx->datadir);
 * - the system's font, hyphenation and colour profile folders:
 *   /usr/share/color/icc, /usr/share/fonts,
 *   /usr/local/share/fonts, /usr/share/hyphen, and the user's
 *   ~/.local/share/fonts and ~/.fonts (fontconfig's default folders), and
 *   the font folders of fontconfig's configuration (ctx->dir_trusted).
 * A file named on the command line (bk_files_name_arg) is allowed wherever
 * it is. Anything else is refused with a message at the naming file's line
 * naming the rule. Fonts found by family through fontconfig are exempt.
 */
#ifndef BK_PATHS_H
#define BK_PATHS_H

#include "bk.h"

/* `name` as written at from:line:col, joined to from's folder (unless
 * absolute), checked; *out (the caller frees it) is the joined path. */
bk_status bk_path_resolve(bk_ctx *ctx, const char *from, long line, long col,
                          const char *name, char **out);
/* Checks an already joined `path` that from:line:col names as `name`. */
bk_status bk_path_check(bk_ctx *ctx, const char *from, long line, long col,
                        const char *name, const char *path);
/* Instead of the allowed folders: `path` must be in the folder of `from`
 * or below (a catalog's rules file: the catalog is found beside the
 * source named on the command line). */
bk_status bk_path_check_below(bk_ctx *ctx, const char *from, long line, long col,
                              const char *name, const char *path);

#endif
