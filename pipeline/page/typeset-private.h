/* typeset-private.h — what the files of the pagination share (typeset.c
 * the driver, typeset-cursor.c, typeset-table.c, typeset-figure.c,
 * typeset-matter.c, typeset-parallel.c): the typesetter, the state of one
 * run, and the page cursor every placing step moves. Not for use outside
 * pipeline/page/.
 *
 * Ownership: a typesetter lives on its driver's stack; it borrows the
 * flow, layout, fonts, prepared figures and stats, and owns frames (until
 * handed to the caller), setter and block_page as its driver says.
 */
#ifndef BK_TYPESET_PRIVATE_H
#define BK_TYPESET_PRIVATE_H

#include "figures-prepare.h"
#include "paragraph.h"
#include "typeset.h"

typedef struct typesetter {
    bk_ctx *ctx;
    const bk_flow *flow;
    const bk_layout *layout;
    bk_fontset *fonts;
    const bk_figures *figures; /* maps and timelines, read before pagination */
    bk_frames *frames;
    bk_typeset_stats *stats;
    bk_setter *setter;
    const bk_page_geom *geom;
    bk_page *page;
    double cursor; /* top of the next line box */
    int page_no;
    int kept_page; /* page of the last keep-with-next block, or 0 */
    const char *kept_file; /* that block's source and line, for a fault */
    long kept_line;
    int *block_page; /* body page where each block of the flow starts */
    /* parallel editions: the current column */
    int parallel, facing;
    int col;
    double col_x, col_w; /* offset in the text area, width */
    size_t slot;         /* the column's page (columns) or spread (facing) */
} typesetter;

/* ---- the page cursor (typeset-cursor.c) ---- */

/* Sets block b with the typesetter's setter. */
bk_status bk_ts_para_set(typesetter *ts, const bk_block *b, const char *style,
                         double measure, bk_para *p);
/* Left edge of the text (or of the column) on the current page. */
double bk_ts_text_left(const typesetter *ts);
/* Width of the text (or of the column). */
double bk_ts_measure(const typesetter *ts);
/* Baseline of a line of p whose line box has its top at `top`. */
double bk_ts_baseline(const bk_para *p, double top);
int bk_ts_at_page_top(const typesetter *ts);
/* Parallel editions: moves the current column to its page `slot`. */
bk_status bk_ts_slot_goto(typesetter *ts, size_t slot);
/* The next page (the current one gets its folio first). */
bk_status bk_ts_page_new(typesetter *ts);
bk_status bk_ts_folio_emit(typesetter *ts);
bk_status bk_ts_line_draw(typesetter *ts, const bk_para *p, const bk_set_line *ln,
                          double x0, double y);
/* An outline entry at the cursor, in the current column of a parallel
 * edition. */
bk_status bk_ts_bookmark(typesetter *ts, const char *title, int level);
/* Line i of p at the cursor (bookmarks and anchors with the first). */
bk_status bk_ts_para_line_draw(typesetter *ts, const bk_para *p, size_t i);
/* A paragraph from the cursor on, across pages; next (may be NULL) is the
 * paragraph after it, for keep-with-next. */
bk_status bk_ts_para_place(typesetter *ts, const bk_para *p, const bk_para *next);
/* Sets `text` in `style` and moves the cursor down past it, drawing its
 * lines when `draw` is set (not set: only measures). */
bk_status bk_ts_text_put(typesetter *ts, const char *style, const char *lang,
                         const char *text, double measure_cut, int draw);

/* ---- blocks that are not paragraphs ---- */

/* A table whose caption is cap (typeset-table.c). */
bk_status bk_ts_table_place(typesetter *ts, const bk_para *cap);
/* The prepared figures of block b (typeset-figure.c). */
bk_status bk_ts_timeline_place(typesetter *ts, const bk_block *b);
bk_status bk_ts_map_place(typesetter *ts, const bk_block *b);

/* ---- the driver (typeset.c) and the matter (typeset-matter.c) ---- */

/* bk_figures_prepare, its time counted with the figures'. */
bk_status bk_ts_figures_prepare(bk_ctx *ctx, const bk_layout *layout,
                                const bk_flow *const *flows, size_t n, bk_figures **out);
/* Every block of flow from the current page on. ts->flow and
 * ts->block_page must be the flow's. */
bk_status bk_ts_blocks_place(typesetter *ts, const bk_flow *flow);
/* The name a figure or table has in the contents and the outline (its
 * caption or the layout's words for it), or NULL for other blocks;
 * key (size bytes) holds the string's name. */
const char *bk_ts_figure_name(const typesetter *ts, const bk_block *b, char *key, size_t size);
/* The frames' subject, keywords and author, from the layout and the
 * languages of the n flows (typeset.c). */
bk_status bk_ts_doc_info(typesetter *ts, const bk_flow *const *flows, size_t n);
/* Cover and contents moved to the front, the colophon at the back. */
bk_status bk_ts_matter_make(typesetter *ts);

#endif
