/* typeset-private.h — what the files of the pagination share (typeset.c
 * the driver, typeset-cursor.c, typeset-fill.c, typeset-loose.c,
 * typeset-table.c, typeset-figure.c, typeset-matter.c, typeset-parallel.c):
 * the typesetter, the state of one run, and the page cursor every placing
 * step moves. Not for use outside pipeline/page/.
 *
 * Ownership: a typesetter lives on its driver's stack; it borrows the
 * flow, layout, fonts, prepared figures and stats, and owns frames (until
 * handed to the caller), setter and block_page as its driver says; the
 * search for a short page (fill, typeset-loose.c) owns the settings it
 * tries until bk_ts_fill_end gives the kept ones to paras.
 */
#ifndef BK_TYPESET_PRIVATE_H
#define BK_TYPESET_PRIVATE_H

#include "figures-prepare.h"
#include "paragraph.h"
#include "typeset.h"

/* The structure elements open while placing (typeset-tags.c): a stack,
 * closed at the foot of each page and reopened with the same ids at the
 * head of the next (docs/ARCHITECTURE.md, "Structure for tagged PDF"). */
#define BK_TS_TAG_DEPTH 32
typedef struct bk_ts_open {
    bk_role role;
    int level;          /* Sect: the heading level that opened it */
    char *lang, *alt;   /* owned */
    char id[80];
} bk_ts_open;
typedef struct bk_ts_tags {
    size_t n;
    bk_ts_open open[BK_TS_TAG_DEPTH];
    unsigned long next; /* the next generated id */
    size_t mark;        /* depth the current block closes back to */
    size_t base;        /* depth blocks never close (Document, passage) */
    size_t skipped;     /* opens not taken (too deep, or in an artifact) */
    int artifact;       /* inside an artifact: no elements */
    const bk_flow *hflow; /* the flow whose top heading level is hmin */
    int hmin;
} bk_ts_tags;

#define BK_TS_GAPS 192 /* more gaps on one page than this do not stretch */
#define BK_TS_MARKS 64 /* paragraphs of a page placed again (the first) */
#define BK_TS_OWN 256  /* settings whose counts are kept (a ring by block) */

/* What setting block `block` ahead added to the report (typeset.c), and
 * whether it did nothing else (no message, no fallback face joined): a
 * setting pagination rolls back is then taken back with these counts,
 * not set again. */
typedef struct bk_ts_own {
    size_t block;
    double measure;
    int clean;
    bk_typeset_stats stats;
} bk_ts_own;

/* What bk_ts_page_turn returns (never to the driver's caller) when the
 * page would end short and a paragraph on it is to be set one line longer:
 * the driver rolls the page back to where that paragraph started. */
#define BK_TS_RETRY ((bk_status)100)

/* The typesetter's state before a paragraph was placed on the current
 * page (typeset-loose.c), to place it again from there. */
typedef struct bk_ts_mark {
    size_t block;
    size_t items;
    double cursor, fill_lead, fill_y, stretch_below;
    size_t ngaps;
    int kept_page;
    const char *kept_file;
    long kept_line;
    bk_typeset_stats stats;
    bk_diag_mark diag;
    bk_ts_tags tags; /* the structure elements open (a copy, owned) */
    size_t nset;     /* ts->nset then: what is set after it is set again */
    int begun;       /* the block's elements already open: a mark taken at the
                        head of the page the block moved on to whole */
} bk_ts_mark;

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
    /* told the height of every line a paragraph draws, when set (a
     * parallel edition measures how full its columns are) */
    void (*line_drawn)(void *data, const struct typesetter *ts, double height);
    void *line_drawn_data;
    /* filling a page to the last baseline of the text block (single text,
     * typeset-fill.c): the gaps between blocks on the current page, each
     * from the page's item where it starts, and what it may grow by */
    struct { size_t item; double stretch, shift; int line; } gaps[BK_TS_GAPS];
    size_t ngaps;
    double fill_lead;  /* leading of the page's last line, 0: none (the
                          page ends with a table or figure) */
    double fill_y;     /* the bottom of that line's box */
    double stretch_below; /* space-stretch of the block above the cursor */
    int no_folio;      /* the current page is a blank one (before a recto) */
    int table_notes;   /* placing the notes under a table: part of the
                          table, a page they end is not filled */
    /* paragraphs set a line shorter or longer where a page would end
     * short (single text; NULL marks: never): marks of the paragraphs
     * placed on the current page, what the searches did with each block
     * (typeset-loose.c's TRIED_* flags), the set paragraphs, the one being
     * placed, the search for the current page (NULL: none yet) */
    bk_ts_mark *marks;
    size_t nmarks;
    unsigned char *tried;
    /* the flow's paragraphs, set as placing reaches them (typeset.c):
     * [nfreed, nset) are set, those before nfreed placed and released;
     * [nset, nspare) were set before a rollback (bk_ts_retry), the
     * counts of each in own (single text; NULL: none kept) */
    bk_para *paras;
    size_t nset, nfreed, nspare;
    bk_ts_own *own;
    size_t cur_block;
    int cur_drawn;
    struct bk_ts_fill *fill;
    /* lines placed but not drawn (bk_later, single text while pages may
     * be placed again): pages from ndrawn on may hold some, of blocks
     * from later_block on (paragraphs kept set until then) */
    size_t ndrawn, later_block;
    int turning; /* the page ends at a page turn (its marks are kept) */
    int retry_begun; /* the block placed again has its elements open (its mark's) */
    bk_ts_tags tags;     /* structure elements open (typeset-tags.c) */
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
/* The lines placed on pages [ts->ndrawn, upto) drawn in their places:
 * those pages will not be placed again. Pages before `left` were left
 * (bk_ts_page_new made them smaller: what is drawn on them now is made so
 * too). */
bk_status bk_ts_lines_draw(typesetter *ts, size_t upto, size_t left);
/* An outline entry at the cursor, in the current column of a parallel
 * edition. */
bk_status bk_ts_bookmark(typesetter *ts, const char *title, int level);
/* Line i of p at the cursor (bookmarks and anchors with the first). */
bk_status bk_ts_para_line_draw(typesetter *ts, const bk_para *p, size_t i);
/* The lines of paragraph next that must fit on the page with the block
 * before it, which keeps with next (bk_ts_para_place). */
size_t bk_ts_kept_lines(const bk_para *next);
/* A paragraph from the cursor on, across pages; next (may be NULL) is the
 * paragraph after it, for keep-with-next. */
bk_status bk_ts_para_place(typesetter *ts, const bk_para *p, const bk_para *next);
/* Sets `text` in `style` and moves the cursor down past it, drawing its
 * lines when `draw` is set (not set: only measures). */
bk_status bk_ts_text_put(typesetter *ts, const char *style, const char *lang,
                         const char *text, double measure_cut, int draw);

/* ---- filling pages, page breaks (typeset-fill.c) ---- */

/* The lowest a line box of this leading may reach: the bottom of the last
 * line of a page filled with such lines from the top (the text block's
 * last baseline is that line's); the text area's bottom in a parallel
 * edition. */
double bk_ts_bottom_limit(const typesetter *ts, double lead);
/* A gap between blocks starts here: what follows moves down when the page
 * is filled; it may grow by `stretch` and by the space-stretch of the
 * block above it. */
void bk_ts_gap_add(typesetter *ts, double stretch);
/* A line starts here, under another on the page: its leading may grow by
 * `stretch` when the gaps between blocks cannot fill the page. */
void bk_ts_line_gap_add(typesetter *ts, double stretch);
/* How far the page's last line is above the lowest it may reach (need),
 * what its gaps may grow by (room), and how many gaps have something
 * below them. 0 when the page is not to be filled. */
size_t bk_ts_shortfall(const typesetter *ts, double *need, double *room);
/* What the leading of the page's lines may grow by besides. */
double bk_ts_line_room(const typesetter *ts);
/* The page's gaps grow, all by the same share of their stretch (at most
 * all of it), then, if that is not enough, the leading of its lines (by
 * the same share of their line-stretch), and what is below each moves
 * down (its shift recorded); the report counts the page short when they
 * cannot reach 1 pt of the block's last baseline. */
void bk_ts_page_fill(typesetter *ts);
/* Sets block i of flow to the measure, flush (no first-line indent) where
 * its style asks for that after a block of another style. */
bk_status bk_ts_block_set(typesetter *ts, const bk_flow *flow, size_t i,
                          double measure, bk_para *p);
/* A page break the style of p asks for before it (break-before), on an
 * odd page for "recto" (a blank page between, without a folio). */
bk_status bk_ts_break_before(typesetter *ts, const bk_para *p);

/* ---- pages set again (typeset-loose.c) ---- */

/* The page is full (its next line goes to the next page): the gaps on it
 * grow, each within its stretch, then its lines' leading, until its last
 * line ends on the text block's last baseline; then the next page. When
 * the gaps and half the lines' stretch cannot, BK_TS_RETRY while
 * paragraphs of the page or of the previous one are to be tried a line
 * shorter or longer (they are swapped in ts->paras; bk_ts_retry rolls the
 * pages back). */
bk_status bk_ts_page_turn(typesetter *ts);
/* Room for BK_TS_MARKS marks, only the first zeroed (marks are written
 * whole when taken, and read below the count taken); NULL on OOM. */
bk_ts_mark *bk_ts_marks_new(void);
/* Before paragraph i is placed: its mark (the current paragraph). */
void bk_ts_mark_take(typesetter *ts, size_t i, int begun);
/* Forgets the marks from k on (their copies of the open elements freed). */
void bk_ts_marks_drop(typesetter *ts, size_t k);
/* A page is left: its marks kept as the previous page's when it ends at
 * a page turn (a page set again may start there), else dropped. */
void bk_ts_marks_keep(typesetter *ts);
/* After BK_TS_RETRY: the page (or the previous one) rolled back to the
 * mark of the first paragraph the search may change, or of the first one
 * the trial changes where the placing before it stays as it is. Returns
 * that paragraph's index, where placing goes on. */
size_t bk_ts_retry(typesetter *ts);
/* The page's search ends (the page is left, or the text ends): the
 * paragraphs keep the setting placed last, ts->paras owns them again. */
void bk_ts_fill_end(typesetter *ts);
/* bk_ts_fill_end, and the search's memory freed. */
void bk_ts_fill_free(typesetter *ts);

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
/* Before a mark is taken for block i of ts->flow: the blocks up to the
 * one after i set; with no mark on the page yet, more than a page holds
 * after i, so that nothing is set while the page may roll back (what
 * setting reports would be lost). BK_OK outside bk_ts_blocks_place. */
bk_status bk_ts_paras_ahead(typesetter *ts, size_t i);
/* The first block a mark of the previous page may place again (a page
 * that ends short looks back a page: typeset-loose.c), or SIZE_MAX. */
size_t bk_ts_fill_first_block(const typesetter *ts);
/* The name a figure or table has in the contents and the outline (its
 * caption or the layout's words for it), or NULL for other blocks;
 * key (size bytes) holds the string's name. */
const char *bk_ts_figure_name(const typesetter *ts, const bk_block *b, char *key, size_t size);
/* The frames' subject, keywords and author, from the layout and the
 * languages of the n flows (typeset.c). */
bk_status bk_ts_doc_info(typesetter *ts, const bk_flow *const *flows, size_t n);
/* Cover and contents moved to the front, the colophon at the back. */
bk_status bk_ts_matter_make(typesetter *ts);

/* ---- structure tags (typeset-tags.c) ---- */

/* Opens an element on the stack and the current page; lang is dropped
 * where it is the enclosing element's, id NULL gets a generated one. */
bk_status bk_ts_tag_open(typesetter *ts, bk_role role, const char *lang, const char *alt,
                         const char *id);
bk_status bk_ts_tag_close(typesetter *ts);
bk_status bk_ts_tags_close_to(typesetter *ts, size_t depth);
/* The current page is left (every open element ends on it) / entered
 * (every open element is reopened with its id). */
bk_status bk_ts_tags_leave(typesetter *ts);
bk_status bk_ts_tags_enter(typesetter *ts);
void bk_ts_tags_release(typesetter *ts);
/* A deep copy of the open elements (-1 out of memory, nothing kept), and
 * freeing one: for the marks pagination rolls back to (typeset-fill.c). */
int bk_ts_tags_copy(const bk_ts_tags *from, bk_ts_tags *to);
void bk_ts_tags_free(bk_ts_tags *t);
/* Drawing that is not content (folios, running heads, rules, repeated
 * table headers) between these is an artifact. */
bk_status bk_ts_artifact_begin(typesetter *ts);
bk_status bk_ts_artifact_end(typesetter *ts);
/* The Document element (id "bk.document"), reopened by every part of the
 * booklet; a parallel column's passage: the Document and a Sect in the
 * column's language. */
bk_status bk_ts_document_open(typesetter *ts);
bk_status bk_ts_passage_open(typesetter *ts, const char *lang);
/* Block b's elements before it is placed (Part and H1, Sect and Hn, L and
 * LI, P, Note, Table, Figure with its alternate text) and after. */
bk_status bk_ts_block_begin(typesetter *ts, const bk_block *b);
bk_status bk_ts_block_end(typesetter *ts);
/* A list item's first line: Lbl around its label (before: label 1) and
 * LBody after it (label 0). */
bk_status bk_ts_item_part(typesetter *ts, int label);
/* A table's rows and cells: THead/TBody as row i is a header row or not,
 * TR, TH (scope Column) or TD with ids from the table's. */
bk_status bk_ts_row_begin(typesetter *ts, size_t i, int head);
bk_status bk_ts_cell_begin(typesetter *ts, size_t i, size_t j, int head, const char *lang);
/* bk_ts_text_put inside an element of role (only when drawing). */
bk_status bk_ts_text_put_as(typesetter *ts, bk_role role, const char *style,
                            const char *lang, const char *text, int draw);

#endif
