/* edition-report.h — the report of a parallel edition: from what the
 * pagination measured (how full each column is on each page, the stretches
 * where a column has no text and whether a note says why) and what the
 * alignment covers in each text, the report's "edition" section: links,
 * passages aligned per language, the longest unaligned stretch, fill per
 * column, per page and per spread, hyphenated lines per column, and the
 * warnings (a blank page, a page where one column alone has text, a spread
 * less than half full) with their reasons. Arithmetic and text only: no
 * pagination, so it is tested on its own (tests/unit/test_edition_report.c).
 *
 * Pages are numbered as printed, 1..npages (the pages of the texts, before
 * the parts that follow them). Columns side by side share every page;
 * facing pages: page 1 is the half-title, page p >= 2 holds column
 * (p - 2) % 2. Spreads: page 1 alone, then pages 2-3, 4-5, ...
 *
 * Ownership: the facts are borrowed for the call; the text is appended to
 * the caller's buffer.
 */
#ifndef BK_EDITION_REPORT_H
#define BK_EDITION_REPORT_H

#include "bk.h"

/* A stretch of a column without its text while another column has text
 * beside it (the alignment made the column wait for a linked passage, or
 * its text ended first). */
typedef struct bk_edition_hole {
    size_t col;
    int page_from, page_to; /* the pages it covers (as printed) */
    int noted;              /* a note in the column says why */
    const char *range;      /* what the other columns hold beside it
                               ("zh.p1 – zh.p3 · en.p2 – en.p9"), or NULL */
} bk_edition_hole;

typedef struct bk_edition_column {
    const char *lang;
    size_t passages;      /* paragraphs with an id (headings not counted) */
    size_t aligned;       /* of those, the ones a link names */
    size_t stretch;       /* longest run of consecutive passages no link names */
    const char *stretch_from, *stretch_to; /* its first and last ids, or NULL */
    size_t hyphenated;    /* hyphenated lines */
} bk_edition_column;

typedef struct bk_edition_facts {
    size_t ncols;
    int facing;
    size_t links;
    const bk_edition_column *cols;
    size_t npages;
    /* [(page - 1) * ncols + col]: the share of the column's space on that
     * page that holds its text, 0 to 1 (facing: only the page's column) */
    const double *fill;
    const bk_edition_hole *holes;
    size_t nholes;
} bk_edition_facts;

/* The column whose text page p holds on facing pages, or -1 (page 1). */
long bk_edition_page_column(const bk_edition_facts *f, size_t page);
/* A column's fill over the edition (mean over the pages it is on). */
double bk_edition_column_fill(const bk_edition_facts *f, size_t col);
/* A spread's fill (mean over its pages and their columns); the spread of
 * page p. Pages beyond npages do not count. */
double bk_edition_spread_fill(const bk_edition_facts *f, size_t page);

/* Called once per warning (msg without "warning: "). */
typedef void (*bk_edition_warn_fn)(void *data, const char *msg);

/* Appends the section: "edition:" then indented "name: value" lines, the
 * warnings last as "  warning: ..." (each also handed to warn, which may be
 * NULL). Returns the number of warnings, or -1 when out of memory. */
long bk_edition_report(const bk_edition_facts *f, bk_buf *out, bk_edition_warn_fn warn,
                       void *data);

#endif
