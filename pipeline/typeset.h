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

/* Counts gathered while typesetting (a first typesetting report). */
typedef struct bk_typeset_stats {
    size_t pages, lines, glyphs;
    size_t missing_chars;   /* characters no configured font covers */
    size_t emergency_breaks; /* tokens wider than the measure */
} bk_typeset_stats;

bk_status bk_typeset(bk_ctx *ctx, const bk_flow *flow, const bk_layout *layout,
                     bk_fontset *fonts, bk_frames **out,
                     bk_typeset_stats *stats);

#endif
