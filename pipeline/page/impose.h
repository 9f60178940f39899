/* impose.h — the arithmetic of booklet imposition (saddle stitch, 2-up),
 * without any PDF: which document page goes on which half of which sheet
 * side, where the blank pages go, and how far creep moves each page.
 *
 * A booklet of N pages (N a multiple of 4) is N/4 sheets folded once and
 * nested. Sheet s (1-based, s = 1 is the outermost) carries
 *     front: N-2s+2 | 2s-1        back: 2s | N-2s+1
 * (left | right as seen when looking at that side with the sheet upright;
 * 16 pages: 16|1, 2|15, 14|3, 4|13, 12|5, 6|11, 10|7, 8|9).
 *
 * Padding: a document of n pages is padded to the next multiple of 4. When
 * its last page is a back cover (a colophon), the blank pages go before it,
 * and it stays last (10 pages: 1..9, blank, blank, 10). Otherwise they
 * follow the last page (10 pages: 1..10, blank, blank), which keeps every
 * spread as the reading PDF has it: a facing edition's last pair stays a
 * pair. A one-page document is not a booklet with a back cover: its page
 * stays first and the blanks follow.
 *
 * Duplex: the back sides are not rotated. Sheets are landscape (two
 * portrait pages side by side) and are printed duplex flipping on the SHORT
 * edge: turning a landscape sheet over about its short (vertical) edge
 * keeps its top at the top, so what lies behind the front's right half is
 * the back's left half, upright: page 1 (front right) backs onto page 2
 * (back left). Flipping on the long edge would need the backs rotated by
 * 180 degrees.
 *
 * Creep (shingling): nested sheets push out at the fore-edge, the more the
 * deeper they lie, so after trimming the inner pages' content sits nearer
 * the fore-edge. Compensation moves the pages of sheet s TOWARDS THE FOLD by
 * creep * (s-1)/(S-1) for S sheets: nothing on the outermost sheet, the
 * full `creep` on the innermost. The left page of a side moves right, the
 * right page moves left.
 */
#ifndef BK_IMPOSE_H
#define BK_IMPOSE_H

#include <stddef.h>

/* One half of a sheet side. */
typedef struct bk_impose_cell {
    long page; /* 0-based document page shown there, or -1: blank */
    double dx; /* creep shift, in the unit of `creep` (+ = to the right) */
} bk_impose_cell;

typedef struct bk_impose_side {
    bk_impose_cell cell[2]; /* [0] left half, [1] right half */
} bk_impose_side;

typedef struct bk_impose_plan {
    size_t pages;  /* document pages */
    size_t padded; /* pages after padding: a multiple of 4 */
    size_t sheets; /* padded / 4 */
    bk_impose_side *sides; /* 2 * sheets: sheet s (0-based) has its front
                              at sides[2s] and its back at sides[2s+1] */
} bk_impose_plan;

/* Page count after padding (0 for 0). */
size_t bk_impose_padded(size_t pages);

/* The document page (1-based) at position pos (1-based) of the padded
 * booklet, or 0 for a blank page (and for pos out of range); back_cover:
 * the document's last page is a back cover (padding above). */
size_t bk_impose_page_at(size_t pages, int back_cover, size_t pos);

/* Positions (1-based, in the padded booklet of `padded` pages) on sheet s
 * (1-based): front (back = 0) or back (back = 1) side, left and right.
 * Returns 0, or -1 if padded is not a positive multiple of 4 or s is out of
 * range. */
int bk_impose_side_pages(size_t padded, size_t s, int back, size_t *left,
                         size_t *right);

/* Creep of sheet s (1-based) of `sheets`: creep * (s-1)/(sheets-1). */
double bk_impose_creep(size_t sheets, size_t s, double creep);

/* The whole plan for a document of `pages` pages (at least 1), whose last
 * page is a back cover or not (back_cover, as for bk_impose_page_at). Returns 0,
 * or -1 (no pages, or out of memory; *out is then empty). Free with
 * bk_impose_plan_free. */
int bk_impose_plan_make(size_t pages, int back_cover, double creep, bk_impose_plan *out);
void bk_impose_plan_free(bk_impose_plan *p);

#endif
