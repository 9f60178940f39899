/* xref.h — cross-references checked at load, in the file that holds them:
 * an alignment's targets against the texts of the edition.
 *
 * Each dangling reference is a fault (bk_diag_fault: an error under
 * --strict, else a warning) at the referring attribute's file:line:col,
 * and is left out so that the build can go on and list every fault.
 */
#ifndef BK_XREF_H
#define BK_XREF_H

#include "bk.h"
#include "compose.h"

/* Checks every target of `a` against the texts (the flows of a parallel
 * edition, in column order): the passage exists in one of them, the text
 * of its language is in the edition, at most one target per text, "@N"
 * within the passage's sentences, and the links follow the order of every
 * text. The faulty targets are left out of `a` (a link left with fewer
 * than two, entirely). Returns BK_OK or BK_EINTERNAL. */
bk_status bk_xref_alignment(bk_ctx *ctx, bk_alignment *a, bk_flow *const *flows, size_t n);

/* A layout's part whose select names no xml:id of `tei` (read from `src`),
 * or names an element other than a <want> (NULL: any), is an error at the
 * part's `layout`:`line` and the column of its select, with the nearest id
 * as a hint. BK_OK when select is NULL or found. */
bk_status bk_xref_part_select(bk_ctx *ctx, const bk_node *tei, const char *select,
                              const char *want, const char *src, const char *layout,
                              long line);

/* The columns a layout's part asks of a table (`columns`, as bk_part's,
 * "@lang" meaning `lang`), checked against the header row of the first
 * table of the element `select` of `tei`: a key the table lacks is a fault
 * at the part's `layout`:`line` and left out. *kept receives the keys
 * that remain (caller frees; NULL when columns is NULL or none remain). */
bk_status bk_xref_table_columns(bk_ctx *ctx, const bk_node *tei, const char *select,
                                const char *columns, const char *lang,
                                const char *layout, long line, char **kept);

/* Checks the events of the listEvent `select` of `tei` (read from
 * `file`): every date attribute is ISO (else an error at the attribute);
 * a place key ("places.xml#key" in @where or a ptr of linkGrp
 * type="places") names a place of that file, beside `file`, when it
 * exists; a pointer to a source passage ("zh.xml#zh.p2") names a block of
 * `flows` when one of `sources` (the build's source paths) is that file.
 * Dangling references are faults at their file:line:col. */
bk_status bk_xref_events(bk_ctx *ctx, const bk_node *tei, const char *file, const char *select,
                         bk_flow *const *flows, size_t nflows, const char *const *sources,
                         size_t nsources);

/* The narrowest text a table column may have (pt): below it no word fits. */
#define BK_TABLE_MIN_COLUMN 12.0

/* Each table of `f` fits `measure` (pt) with `column_sep` each side of a
 * column's text (at least BK_TABLE_MIN_COLUMN of text a column), else an
 * error at file:line:col (the part that asks for the table). */
bk_status bk_xref_tables_fit(bk_ctx *ctx, const bk_flow *f, double measure, double column_sep,
                             const char *file, long line, long col);

/* 1 if the document holds a linkGrp type="alignment". */
int bk_xref_has_alignment(const bk_node *tei);

/* Checks every alignment linkGrp of `tei` (read from `file`) as
 * `booklet validate` does: the targets' syntax always, and the targets
 * against those of `flows` that hold a passage the group names (its
 * texts; other documents given alongside are left aside). Faults follow
 * ctx->strict. */
bk_status bk_xref_alignment_file(bk_ctx *ctx, const bk_node *tei, const char *file,
                                 bk_flow *const *flows, size_t n);

#endif
