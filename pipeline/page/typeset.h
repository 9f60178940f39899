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

/* Stages timed into ctx->stage_ms[] when ctx->timings is set (the rest
 * of the typesetting time is pagination). */
enum {
    BK_STAGE_ITEMIZE = 0, /* fonts per character, runs */
    BK_STAGE_SHAPE,       /* HarfBuzz */
    BK_STAGE_BREAK,       /* break opportunities, hyphenation, items, Knuth–Plass */
    BK_STAGE_FIGURES,     /* timelines and maps */
    BK_STAGE_COUNT
};
/* Milliseconds on a monotonic clock, for the timings. */
double bk_clock_ms(void);

/* Counts gathered while typesetting: the typesetting report. Every count
 * from overfull_lines on names a fault; the handouts must have none. */
typedef struct bk_typeset_stats {
    size_t pages, paragraphs, lines, glyphs;
    size_t hyphenated_lines, max_hyphen_run;
    double max_ratio;  /* largest |adjustment ratio| of a justified line */
    double sum_ratio;  /* sum of |ratio| over justified lines (for the mean) */
    size_t justified_lines;
    size_t overfull_lines;   /* wider than the measure */
    size_t loose_lines;      /* stretched beyond the tolerance */
    size_t emergency_breaks; /* tokens wider than the measure, broken */
    size_t bad_line_starts;  /* clreq: closing punctuation starts a line */
    size_t bad_line_ends;    /* clreq: opening punctuation ends a line */
    size_t lonely_last_chars; /* Chinese last line of one character */
    size_t widows, orphans;  /* one line of a paragraph alone on a page */
    size_t stranded_headings; /* a heading last on its page */
    size_t missing_chars;    /* characters no configured font covers */
    size_t map_unplaced;     /* map names that found no room */
} bk_typeset_stats;

/* Number of faults in the report (the sum of the fault counts). */
size_t bk_typeset_stats_faults(const bk_typeset_stats *s);
/* Appends the report as "name: value" lines. */
void bk_typeset_stats_print(const bk_typeset_stats *s, bk_buf *out);

bk_status bk_typeset(bk_ctx *ctx, const bk_flow *flow, const bk_layout *layout,
                     bk_fontset *fonts, bk_frames **out,
                     bk_typeset_stats *stats);

/* A parallel edition: each flow a column (side by side, or facing pages
 * for two), passages named by the same alignment link starting at the
 * same height; al may be NULL (the texts then only share pages). `after`
 * (may be NULL) follows across the whole measure: the layout's parts.
 * per_column (n entries, may be NULL) receives each column's report;
 * stats their sum with what follows. */
bk_status bk_typeset_parallel(bk_ctx *ctx, bk_flow *const *flows, size_t n,
                              const bk_alignment *al, const bk_flow *after,
                              const bk_layout *layout, bk_fontset *fonts,
                              bk_frames **out, bk_typeset_stats *stats,
                              bk_typeset_stats *per_column);

#endif
