/* linetags.h — the structure inside one drawn line (tagged PDF): stretches
 * in another language (the block's spans, TEI foreign) as Spans with their
 * Lang, citation marks with a note as Reference/Link, and stretches whose extracted text would gain a space the text
 * lacks (the quarter em clreq puts between Han and Latin letters or
 * digits: "1860年") as Spans whose ActualText is the text. The line's
 * drawer cuts its glyph runs where a stretch starts or ends and opens and
 * closes the Spans around them; ActualText stretches are kept inside one
 * language stretch, so the tags nest.
 *
 * Ownership: bk_line_tags_find fills a caller-owned bk_line_tags whose
 * arrays bk_line_tags_release frees; it borrows the paragraph's block.
 */
#ifndef BK_LINETAGS_H
#define BK_LINETAGS_H

#include "paragraph.h"

typedef struct bk_line_stretch {
    size_t g0, g1;     /* glyphs [g0, g1) of the line */
    const char *lang;  /* language stretches: the span's language */
    const bk_cite *cite; /* citation marks: the mark */
    int ntags;         /* citation marks: the elements opened for it */
} bk_line_stretch;

typedef struct bk_line_tags {
    bk_line_stretch *lang, *act, *cite;
    size_t nlang, nact, ncite;
    size_t li, ai, ci; /* the next of each to open or close */
} bk_line_tags;

/* The stretches of line ln of p. 0, or -1 when out of memory. */
int bk_line_tags_find(bk_line_tags *t, const bk_para *p, const bk_set_line *ln);
/* Where a run from glyph k that would end at e must end instead. */
size_t bk_line_tags_cut(const bk_line_tags *t, size_t k, size_t e);
/* Before glyph k's run: the Spans starting at k opened on page; after a
 * run ending before glyph k: those ending there closed. A citation mark
 * with a note is a Reference holding a Link and the link to the note
 * over the mark's glyphs (the line drawn with its left edge at x0 +
 * ln->x, its baseline at y); a mark whose brackets are not drawn is a
 * Span with the mark as its ActualText. 0 or -1 (OOM). */
int bk_line_tags_open(bk_line_tags *t, bk_page *page, const bk_para *p,
                      const bk_set_line *ln, size_t k, double x0, double y);
int bk_line_tags_close(bk_line_tags *t, bk_page *page, size_t k);
void bk_line_tags_release(bk_line_tags *t);

#endif
