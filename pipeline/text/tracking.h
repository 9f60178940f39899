/* tracking.h — letter-spacing of the lines of a justified paragraph.
 *
 * After the breaker (linebreak.h) has chosen the lines, each line's
 * shortfall (or excess) is shared between its glue (word spaces) and a
 * tracking t added to every character of the line, the first word
 * included. The rules, as a book designer states them:
 * - |t| <= limit on every line (e.g. 1% of the em);
 * - adjacent lines of a paragraph differ by at most limit / 2, so the grey
 *   of the text does not jump from line to line;
 * - word spaces never shrink beyond their glue's shrink (the font's shrink
 *   limit): a line that cannot meet it even at -limit is overfull, which
 *   the breaker reports;
 * - within those, the word spaces are as even as possible (tracking goes
 *   between letters, so a space as seen is its glue), and tracking is used
 *   sparingly (it costs a little, and so does a change from one line to
 *   the next).
 * The choice is exact over a grid of limit / 20 (dynamic programming over
 * the lines, O(lines * 41 * 21) at most; a line's states are mostly
 * reached from a valley of the line before's costs, which cuts the
 * search without changing its result). When the breaker counted at most
 * limit of tracking per character as play, a solution meeting every rule exists
 * for every line that is not overfull: each shrunk line at the tracking it
 * needs, every other line within limit / 2 of its neighbours (a stretched
 * line's spaces may take more, a ragged line's slack goes to its end), so
 * the rules are never traded for evenness.
 *
 * A pure algorithm: no fonts, no text. No globals; ownership: the caller's
 * arrays are read and written during the call only.
 */
#ifndef BK_TRACKING_H
#define BK_TRACKING_H

#include <stddef.h>

#include "bk.h"

typedef struct bk_track_line {
    double shortfall;       /* pt: measure - natural width; < 0: must shrink */
    double stretch, shrink; /* pt: finite stretch and shrink of its glue */
    double space;           /* pt: natural width of its word spaces together */
    size_t spaces;          /* word spaces on it */
    size_t chars;           /* characters that take the tracking */
    int fixed;              /* tracking stays 0 (ragged text) */
    /* its slack goes to fil glue (a paragraph's last line): it only shrinks
     * when too long, and may take any tracking its neighbours need */
    int ragged;
    /* pt: the finite stretch of its boxes and glue together, in item
     * order (the breaker's emergency pass judges a line by it; not read
     * here) */
    double play;
} bk_track_line;

/* Grid steps per limit: tracking is a multiple of limit / BK_TRACK_STEPS. */
#define BK_TRACK_STEPS 20
/* The levels each way the line breaker chooses among (its box_levels):
 * limit / 2 apart, the largest change between adjacent lines, so its
 * choice is one of the grid's and meets the rules. */
#define BK_TRACK_LEVELS 2

/* Chooses t[i] (pt added to every character of line i) for the n lines of
 * one paragraph; limit (pt) is the largest |t|, limit / 2 the largest
 * change between adjacent lines; limit <= 0 (or not finite) sets every t
 * to 0. Returns BK_OK, or BK_EINTERNAL (recorded in ctx->diag) when out of
 * memory. */
bk_status bk_track_choose(bk_ctx *ctx, const bk_track_line *lines, size_t n,
                          double limit, double *t);

/* The adjustment ratio of the glue of line l when its characters take
 * tracking t: (shortfall - chars * t) over the stretch (> 0) or shrink
 * (< 0); BK_LB_INFINITY-like 1e4 when the line is short with nothing to
 * stretch; 0 when it fits exactly. Below -1 means overfull. */
double bk_track_ratio(const bk_track_line *l, double t);

#endif
