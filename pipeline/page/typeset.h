/* typeset.h — the text engine: blocks to frames.
 * itemize (runs of one language, script and font, with per-character
 * fallback through the style's font role) -> shape (HarfBuzz) -> break
 * (UAX #14 opportunities from ICU, filled into justified lines) ->
 * paginate (pages, keep-with-next, orphans and widows, folios, bookmarks).
 *
 * Ownership: *out frames belong to the caller (bk_frames_free). Fonts are
 * opened through the fontset, which must outlive the frames.
 */
#ifndef BK_TYPESET_H
#define BK_TYPESET_H

#include "bk.h"
#include "compose.h"
#include "font.h"
#include "frame.h"
#include "layout.h"
#include "report.h" /* bk_typeset_stats, the stage timings */

bk_status bk_typeset(bk_ctx *ctx, const bk_flow *flow, const bk_layout *layout,
                     bk_fontset *fonts, bk_frames **out,
                     bk_typeset_stats *stats);

/* A parallel edition: each flow a column (side by side, or facing pages
 * for two), passages named by the same alignment link starting at the
 * same height; al may be NULL (the texts then only share pages). `after`
 * (may be NULL) follows across the whole measure: the layout's parts.
 * per_column (n entries, may be NULL) receives each column's report;
 * stats their sum with what follows. A stretch where a column has no text
 * beside the others' gets a note saying so (the layout's blank-note).
 * report (may be NULL) receives the edition's section of the report
 * (edition-report.h: links, aligned passages, fill per column, page and
 * spread, warnings for blank or one-column pages and thin spreads). */
bk_status bk_typeset_parallel(bk_ctx *ctx, bk_flow *const *flows, size_t n,
                              const bk_alignment *al, const bk_flow *after,
                              const bk_layout *layout, bk_fontset *fonts,
                              bk_frames **out, bk_typeset_stats *stats,
                              bk_typeset_stats *per_column, bk_buf *report);

#endif
