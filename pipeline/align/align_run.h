/* align_run.h — `booklet align` in one call, and the check a build runs on
 * a parallel edition's alignment (docs/ALIGN.md).
 *
 * Ownership: nothing is kept; the caller owns `out`.
 */
#ifndef BK_ALIGN_RUN_H
#define BK_ALIGN_RUN_H

#include "bk.h"
#include "compose.h"
#include "node.h"

typedef struct bk_align_request {
    const char *const *texts; /* the TEI texts, in the order of the links */
    size_t ntexts;
    const char *glossary;     /* a glossary (schemas/glossary.rng) or NULL */
    const char *places;       /* a TEI places file or NULL */
    const char *check;        /* --check: the alignment to check, or NULL */
    const char *out;          /* where the proposal goes (paths in its
                                 header are relative to it) */
} bk_align_request;

/* Proposes an alignment of the texts into `out` (a TEI document, validated
 * against the built-in schema), or with req->check checks that alignment:
 * every linkGrp type="alignment" it holds, against the texts; targets that
 * name nothing are faults (bk_xref_alignment), weak and missing links
 * warnings, counted in *nweak and *nmissing. With --check, the glossary and
 * places come from the options, else from the alignment's header. */
bk_status bk_align_run(bk_ctx *ctx, const bk_align_request *req, bk_buf *out, size_t *nweak,
                       size_t *nmissing);

/* The build's check of the alignment `a` (read from `file`, tree `tei`)
 * against the edition's columns: weak and missing links as warnings, with
 * the glossary and places its header names. */
bk_status bk_align_check_edition(bk_ctx *ctx, const bk_node *tei, const char *file,
                                 const bk_alignment *a, bk_flow *const *flows, size_t n);

#endif
