/* linebreak.h — Knuth–Plass total-fit paragraph breaking (Knuth & Plass,
 * "Breaking paragraphs into lines", 1981; TeX's line_break).
 *
 * A pure algorithm: no fonts, no text. The caller describes a paragraph as
 * boxes (material of fixed width), glue (space that may stretch or shrink;
 * a break may happen at glue that follows a box) and penalties (a possible
 * break with a cost; >= BK_LB_INFINITY forbids it, <= -BK_LB_INFINITY forces
 * it). The breaker chooses the breaks that minimise the paragraph's total
 * demerits.
 *
 * Encoding, for the integrator:
 * - inter-word space: glue(width of the space, stretch, shrink), e.g.
 *   stretch 1/2 and shrink 1/3 of the space; a no-break space is
 *   penalty(BK_LB_INFINITY) followed by the glue.
 * - hyphenation point: penalty(50, width = hyphen width, flagged =
 *   BK_LB_HYPHENATION); after an explicit hyphen: penalty(50, width 0,
 *   flagged = 1). The pretolerance pass breaks at the second only.
 * - Chinese: between characters where a break is allowed, glue(0, small
 *   stretch, small shrink) (justification spreads that space); where clreq
 *   forbids a break, penalty(BK_LB_INFINITY) then the same glue, so the space
 *   still stretches but never breaks; penalty(0) alone is a break
 *   opportunity that adds no space.
 * - a forced line end inside a paragraph: penalty(BK_LB_INFINITY),
 *   glue(0, BK_LB_FIL), penalty(-BK_LB_INFINITY) for a ragged line before it,
 *   or just penalty(-BK_LB_INFINITY) for a justified one.
 * - letter-spacing: a box may carry stretch and shrink of its own (e.g.
 *   n characters times the largest tracking). Unlike glue before the box,
 *   it stays with the box at a line start, so every word of a line,
 *   the first included, shares the line's adjustment.
 * - paragraph end: the breaker finishes the paragraph itself. Unless the
 *   items end with a forced penalty, it drops trailing glue (as TeX's
 *   \unskip) and appends glue(0, BK_LB_FIL) + penalty(-BK_LB_INFINITY), so
 *   the last line is ragged. A caller that wants a justified last line ends
 *   the items with a forced penalty itself.
 * - glue or a penalty that only discardable items (glue, non-forced
 *   penalties) separate from a forced break is not a breakpoint: breaking
 *   there would only add an empty line. So glue(0, BK_LB_FIL) +
 *   penalty(-BK_LB_INFINITY) after a word is safe.
 *
 * Reading the result: line i holds items [start, end). `end` is the break
 * item, which is not part of either line: glue there disappears; a
 * penalty there contributes its width to the line (draw the hyphen when
 * `hyphenated`). Glue and non-forced penalties right after a break are
 * discarded, so `start` of the next line is the first box or forced
 * penalty after the break (the first line starts at item 0: leading glue
 * such as an indent is kept). Trailing glue dropped at the paragraph end is
 * in no line. Set glue of a line to width + ratio * stretch when ratio > 0,
 * width + ratio * shrink when ratio < 0. A line with ratio < -1 is overfull
 * (set it at ratio -1 and report it); ratio == BK_LB_INFINITY means the line
 * is short and has nothing to stretch (set it ragged); a line holding
 * BK_LB_FIL glue has ratio 0 when short (the fil glue takes the space).
 * An empty line (start == end: a forced break right after another, or at
 * the start) is a blank line with ratio 0, not a bad one.
 *
 * Ownership: items, widths and params are read during the call only.
 * *lines is malloc'd (NULL when there are no lines); the caller frees it
 * with free(). A bk_lb_scratch (optional) is the caller's: it keeps the
 * breaker's working memory from one call to the next. A bk_lb_sums
 * (optional, bk_lb_break_sums) is the caller's too: it keeps one
 * paragraph's prefix sums and breakpoints for the next call with the
 * same items. No globals: calls on different data (and different
 * scratches and sums) may run concurrently.
 */
#ifndef BK_LINEBREAK_H
#define BK_LINEBREAK_H

#include <math.h>
#include <stddef.h>

#include "bk.h"

/* Penalty that forbids (>=) or forces (<= minus it) a break; also the
 * ratio reported for a short line that cannot stretch. */
#define BK_LB_INFINITY 10000.0
/* Infinite stretch (TeX's fil): glue whose stretch is infinite takes all
 * the shortfall of its line, which then has ratio 0 and badness 0. */
#define BK_LB_FIL ((double)INFINITY)

typedef enum { BK_LB_BOX, BK_LB_GLUE, BK_LB_PENALTY } bk_lb_kind;

/* bk_lb_item.flagged of a hyphenation point (a break the patterns found
 * inside a word, not one the text has): flagged like any hyphen break,
 * but not a breakpoint in the pretolerance pass. */
#define BK_LB_HYPHENATION 2

typedef struct bk_lb_item {
    bk_lb_kind kind;
    double width;           /* pt; a penalty's width counts only if the line breaks there */
    /* glue: >= 0, stretch may be BK_LB_FIL; box: its own finite play
     * (letter-spacing), counted in its line's stretch and shrink like
     * glue's but never discarded at a break (0 for a rigid box) */
    double stretch, shrink;
    double penalty;         /* penalty only; >= BK_LB_INFINITY forbids, <= -BK_LB_INFINITY forces */
    /* penalty: a hyphen break (flagged demerits for consecutive ones):
     * 1, or BK_LB_HYPHENATION at a hyphenation point */
    int flagged;
} bk_lb_item;

/* Fitness classes of TeX (by badness of the line). */
enum { BK_LB_VERY_LOOSE = 0, BK_LB_LOOSE = 1, BK_LB_DECENT = 2, BK_LB_TIGHT = 3 };

typedef struct bk_lb_params {
    /* Largest acceptable badness 100|r|^3 as TeX's \tolerance: 200 allows
     * stretching to r = (200/100)^(1/3) ~ 1.26. Shrinking never goes below
     * r = -1. >= BK_LB_INFINITY accepts any line that is not overfull. */
    double tolerance;
    /* TeX's \pretolerance: when >= 0, a first pass judged with this
     * tolerance that does not break at hyphenation points; when it finds
     * breaks (and meets the looseness) they are kept and the other passes
     * never run. A paragraph that sets well without hyphenation is then
     * not hyphenated, and it costs one cheap pass. < 0 (the default): no
     * such pass. */
    double pretolerance;
    /* Stretch (pt) added to every line when judging it in the second and
     * third passes (TeX's \emergencystretch); lines are still set with
     * their own glue. 0 skips the second pass. About 1-3 em is usual. */
    double emergency_stretch;
    /* 0 normally; +/-n asks for n more/fewer lines than the best breaks
     * give, as near as the tolerance allows (TeX's \looseness). */
    int looseness;
    /* 1: a looseness other than 0 is met within the tolerance (pass 1, or
     * the pretolerance pass) or not at all: where pass 1 does not meet it
     * no other pass runs for it, and its answer has no lines
     * (bk_lb_stats.unmet). 0 (the default): TeX's order of passes. */
    int looseness_within;
    double line_penalty;        /* TeX \linepenalty, 10 */
    double flagged_demerits;    /* TeX \doublehyphendemerits, 10000 */
    double fitness_demerits;    /* TeX \adjdemerits, 10000; >= 0 */
    /* Most hyphenated lines in a row (2); 0 or more than 64: no limit. */
    int max_consecutive_hyphens;
    /* 0: TeX's model (a box's play counts with its line's glue, each line
     * on its own, and TeX's fitness classes). n > 0 (at most
     * BK_LB_MAX_LEVELS): boxes' play is letter-spacing shared by the line,
     * which takes it at one level q / n of their stretch (q > 0) or shrink
     * (q < 0), q in -n..n, and adjacent lines' levels differ by at most
     * n / 2 (at least 1): tracking.h's rule, within the limit and half of
     * it from line to line. A line is then costed by its glue alone at its
     * level, set as it will be (without the emergency stretch): demerits
     * line_penalty^2 + 12100 r^2 for a glue ratio r (TeX's at r = 1, but
     * quadratic: the squared deviation of the word spaces, which is what
     * a reader sees), plus the penalties; the glue never shrinks beyond
     * its shrink (except in the final pass); the level takes the place of
     * the fitness class (no fitness demerits: neighbours' letter-spacing
     * already differs by at most half the limit, and the squared cost
     * keeps a tight line from buying a loose one). The tolerance still
     * judges a line with all of its play, as in TeX's model, so the passes
     * accept the same lines; the levels choose among them. */
    int box_levels;
} bk_lb_params;

/* Most letter-spacing levels each way (bk_lb_params.box_levels). */
#define BK_LB_MAX_LEVELS 4

/* tolerance 200, pretolerance -1 (no such pass), emergency_stretch 0,
 * looseness 0, looseness_within 0, line_penalty 10, flagged_demerits
 * 10000, fitness_demerits 10000, max_consecutive_hyphens 2, box_levels 0. */
void bk_lb_params_default(bk_lb_params *p);
/* 1 when a and b are the same in every field (so bk_lb_break gives the
 * same lines with either), else 0. */
int bk_lb_params_equal(const bk_lb_params *a, const bk_lb_params *b);

typedef struct bk_lb_line {
    size_t start, end; /* items [start, end); end is the break item */
    double ratio;      /* >0 stretched, <0 shrunk; < -1 overfull; see above */
    int hyphenated;    /* ends at a flagged penalty */
    int fitness;       /* BK_LB_VERY_LOOSE .. BK_LB_TIGHT; with box_levels, 0 */
    int level;         /* with box_levels: its level q (-n..n), else 0 */
} bk_lb_line;

typedef struct bk_lb_stats {
    /* 1: total-fit within tolerance; 2: with emergency stretch; 3: final
     * pass (still total-fit, with emergency stretch, but any line that is
     * not overfull is acceptable; where no line reaches a breakpoint the
     * least overfull one is kept, so it never fails); 0: no items. */
    int pass;
    int pretolerance;        /* 1: pass 1 was the pretolerance pass */
    int unmet;               /* 1: looseness_within, and pass 1 did not meet
                                the looseness: no lines */
    size_t overfull;         /* lines with ratio < -1 */
    size_t beyond_tolerance; /* justified, not overfull, badness above tolerance */
    /* |ratio| over justified lines (not empty, without BK_LB_FIL glue) that
     * are not overfull: the spacing a reader sees; 0 when there are none. */
    double max_ratio, mean_ratio;
    size_t hyphenated;     /* lines ending at a flagged penalty */
    size_t max_hyphen_run; /* longest run of consecutive hyphenated lines */
    double demerits;       /* total demerits of the chosen breaks */
} bk_lb_stats;

/* Breaks the paragraph items[0..n) into lines. Line i (0-based) has width
 * widths[min(i, nwidths - 1)] (a first-line indent is a shorter first
 * width). params NULL means the defaults; stats may be NULL.
 * Passes: (0) with params->pretolerance >= 0, the pretolerance pass; (1)
 * total-fit within tolerance; (2) the same with
 * emergency_stretch (when > 0); (3) TeX's final pass, which never fails
 * (see bk_lb_stats.pass): an overlong box becomes one overfull line while
 * the rest of the paragraph is still set total-fit.
 * A looseness that pass 1 cannot meet is tried in pass 2 (unless
 * params->looseness_within); pass 3 ignores looseness (it would meet any
 * with lines beyond all tolerance).
 * Returns BK_OK with *lines (malloc'd) and *nlines (0 when there are no
 * items other than glue); BK_EINPUT for widths that are not positive or
 * bad params; BK_EINTERNAL for malformed items or out of memory. Errors
 * are recorded in ctx->diag. Runs in O(n * active breakpoints). */
bk_status bk_lb_break(bk_ctx *ctx, const bk_lb_item *items, size_t n,
                      const double *widths, size_t nwidths,
                      const bk_lb_params *params, bk_lb_line **lines,
                      size_t *nlines, bk_lb_stats *stats);

/* Working memory that bk_lb_break_with reuses across calls, so that a
 * setter breaking many paragraphs allocates it once rather than per
 * paragraph. It keeps what a call grew up to 1 MiB; a call that needed
 * more (a very long paragraph) gives it all back before returning, so
 * that it does not stay beside what is set after. It holds nothing
 * between calls that changes a result. One scratch serves one call at a
 * time. Returns NULL when out of memory. */
typedef struct bk_lb_scratch bk_lb_scratch;
bk_lb_scratch *bk_lb_scratch_new(void);
void bk_lb_scratch_free(bk_lb_scratch *scr); /* NULL: nothing */
/* The bytes the scratch holds between calls. */
size_t bk_lb_scratch_bytes(const bk_lb_scratch *scr);

/* bk_lb_break with the working memory in `scr` (NULL: the call's own, as
 * bk_lb_break). The same lines and stats as bk_lb_break. */
bk_status bk_lb_break_with(bk_ctx *ctx, bk_lb_scratch *scr,
                           const bk_lb_item *items, size_t n,
                           const double *widths, size_t nwidths,
                           const bk_lb_params *params, bk_lb_line **lines,
                           size_t *nlines, bk_lb_stats *stats);

/* One looseness that bk_lb_break_targets answers. */
typedef struct bk_lb_target {
    int looseness; /* in: as bk_lb_params.looseness */
    /* in: 1: answered, whatever passes it takes; 0: answered only when
     * the passes the required targets run decide it too (no pass is run
     * for it alone) */
    int required;
    /* out: 1 when lines, nlines and stats are what bk_lb_break_with gives
     * with params->looseness = looseness; else lines is NULL */
    int answered;
    bk_lb_line *lines; /* malloc'd (NULL when no lines): the caller frees it */
    size_t nlines;
    bk_lb_stats stats;
} bk_lb_target;

/* bk_lb_break_with for targets t[0..nt) at once (params->looseness is
 * not read): a pass with a looseness other than 0 runs the same, whatever
 * the looseness, up to the breaks chosen at its end, so each pass runs
 * once and each target takes its breaks from the passes that its own
 * call would run, in that order (TeX's: pretolerance, 1, 2 when 1 fails
 * or misses the looseness, 3). Every looseness must be other than 0, or
 * nt 1. Errors as bk_lb_break's (BK_EINTERNAL for targets that mix 0
 * with others); then no target is answered. */
bk_status bk_lb_break_targets(bk_ctx *ctx, bk_lb_scratch *scr,
                              const bk_lb_item *items, size_t n,
                              const double *widths, size_t nwidths,
                              const bk_lb_params *params, bk_lb_target *t,
                              size_t nt);

/* The breaker's reading of one paragraph's items: their prefix sums
 * (width, stretch, shrink, infinite stretch) and legal breakpoints,
 * which every call computes from the items before its passes. A caller
 * that breaks the same items again (another looseness, the same
 * paragraph set again) keeps them, and the next call reads them rather
 * than the items. Owned by the caller (bk_lb_break_sums hands it over):
 * freed with bk_lb_sums_free. */
typedef struct bk_lb_sums bk_lb_sums;
void bk_lb_sums_free(bk_lb_sums *sums); /* NULL: nothing */

/* bk_lb_break_targets, with the items' sums kept in *sums: when *sums
 * was made by a call with these very items (the caller's promise: the
 * same items, in count and content; only their count and whether
 * box_levels was asked are checked), it is read in place of the items;
 * otherwise (NULL, or made for other items) the sums are computed into
 * it (malloc'd when NULL; *sums is the caller's either way, also after
 * an error). sums NULL: bk_lb_break_targets. The same answers. */
bk_status bk_lb_break_sums(bk_ctx *ctx, bk_lb_scratch *scr, bk_lb_sums **sums,
                           const bk_lb_item *items, size_t n,
                           const double *widths, size_t nwidths,
                           const bk_lb_params *params, bk_lb_target *t, size_t nt);

#endif
