/* report.h — the typesetting report: counts the text engine and the
 * pagination add to while a booklet is set (pages, lines, glyphs, and the
 * faults a handout must not have), and the stages whose times ctx->stage_ms
 * collects. Every count is declared once, in BK_TYPESET_REPORT: the struct,
 * the fault sum, the printed report and the sum of a parallel edition's
 * columns are generated from that list.
 *
 * Ownership: a report is a plain value; nothing is allocated.
 */
#ifndef BK_REPORT_H
#define BK_REPORT_H

#include "bk.h"

/* Stages timed into ctx->stage_ms[] when ctx->timings is set (the rest
 * of the typesetting time is pagination). */
enum {
    BK_STAGE_ITEMIZE = 0, /* fonts per character, runs */
    BK_STAGE_SHAPE,       /* HarfBuzz */
    BK_STAGE_BREAK,       /* break opportunities, hyphenation, items, Knuth–Plass */
    BK_STAGE_FIGURES,     /* timelines and maps */
    BK_STAGE_COUNT
};

/* The counts, in the order the report prints them:
 *   X(type, name, combine, label, shown)
 * combine: how a parallel edition's columns add up to its total:
 *   ADD (summed), MAX (the largest), FAULT (summed, and a fault: the
 *   handouts must have none), SHARED (the columns share it: left alone).
 * label: the report's line, or NULL for a count that is not printed.
 * shown: what the line prints, an expression of the report `s` (a double
 *   prints with three decimals, a size_t as a whole number). */
#define BK_TYPESET_REPORT(X)                                                          \
    X(size_t, pages, SHARED, "pages", s->pages)                                       \
    X(size_t, paragraphs, ADD, "paragraphs", s->paragraphs)                           \
    X(size_t, lines, ADD, "lines", s->lines)                                          \
    X(size_t, glyphs, ADD, "glyphs", s->glyphs)                                       \
    X(size_t, hyphenated_lines, ADD, "hyphenated lines", s->hyphenated_lines)         \
    X(size_t, max_hyphen_run, MAX, "longest run of hyphenated lines",                 \
      s->max_hyphen_run)                                                              \
    /* sum of |adjustment ratio| over justified lines: printed as the mean */         \
    X(double, sum_ratio, ADD, "mean adjustment ratio",                                \
      s->justified_lines ? s->sum_ratio / (double)s->justified_lines : 0.0)           \
    X(size_t, justified_lines, ADD, NULL, 0)                                          \
    /* paragraphs the pretolerance pass set (not printed) */                          \
    X(size_t, first_pass_paragraphs, ADD, NULL, 0)                                    \
    /* settings of a needed line count ruled out before breaking (not printed) */    \
    X(size_t, fit_ruled_out, ADD, NULL, 0)                                            \
    /* largest |adjustment ratio| of a justified line */                              \
    X(double, max_ratio, MAX, "max adjustment ratio", s->max_ratio)                   \
    /* justified lines warned of as tight or loose (their spaces as set     \
     * below 3/4 or above 1.5 times the natural space): not faults */                \
    X(size_t, spacing_lines, ADD, "tight or loose lines", s->spacing_lines)           \
    /* full pages (not the end of a text) whose gaps could not stretch far   \
     * enough to end them within 1pt of the text block's last baseline */             \
    X(size_t, short_pages, ADD, "short pages", s->short_pages)                        \
    /* wider than the measure */                                                      \
    X(size_t, overfull_lines, FAULT, "overfull lines", s->overfull_lines)             \
    /* stretched beyond the emergency tolerance, or unable to stretch */            \
    X(size_t, loose_lines, FAULT, "loose lines", s->loose_lines)                      \
    /* tokens wider than the measure, broken */                                       \
    X(size_t, emergency_breaks, FAULT, "emergency breaks", s->emergency_breaks)       \
    /* clreq: closing punctuation starts a line, opening punctuation ends one */      \
    X(size_t, bad_line_starts, FAULT, "prohibited line starts", s->bad_line_starts)   \
    X(size_t, bad_line_ends, FAULT, "prohibited line ends", s->bad_line_ends)         \
    /* Chinese last line of one character */                                          \
    X(size_t, lonely_last_chars, FAULT, "one-character last lines",                   \
      s->lonely_last_chars)                                                           \
    /* one line of a paragraph alone on a page */                                     \
    X(size_t, widows, FAULT, "widows", s->widows)                                     \
    X(size_t, orphans, FAULT, "orphans", s->orphans)                                  \
    /* a heading last on its page */                                                  \
    X(size_t, stranded_headings, FAULT, "stranded headings", s->stranded_headings)    \
    /* characters no configured font covers */                                        \
    X(size_t, missing_chars, FAULT, "missing glyphs", s->missing_chars)               \
    /* map names that found no room */                                                \
    X(size_t, map_unplaced, FAULT, "map names without room", s->map_unplaced)        \
    /* map labels drawn across a line feature for want of a free position     \
       (each a warning naming it) */                                                 \
    X(size_t, map_crossings, ADD, "map label crossings", s->map_crossings)

#define BK_REPORT_FIELD_(type, name, combine, label, shown) type name;
typedef struct bk_typeset_stats {
    BK_TYPESET_REPORT(BK_REPORT_FIELD_)
} bk_typeset_stats;
#undef BK_REPORT_FIELD_

/* Number of faults in the report (the sum of the fault counts). */
size_t bk_typeset_stats_faults(const bk_typeset_stats *s);
/* Appends the report as "name: value" lines, the faults last. */
void bk_typeset_stats_print(const bk_typeset_stats *s, bk_buf *out);
/* Adds a column's report to a parallel edition's total (see combine). */
void bk_typeset_stats_add(bk_typeset_stats *total, const bk_typeset_stats *column);

#endif
