/* figures-prepare.h — the figures' data read before pagination: each map
 * named in the flows loaded once (its definition and data files), each
 * timeline's dates parsed and checked once, with the dates the sources
 * dispute written out in the flow's language. Input errors are reported
 * here, with file and line; pagination then only places.
 *
 * Ownership: bk_figures_prepare returns an object freed with
 * bk_figures_free (NULL accepted). It finds figures by their block's
 * address and keeps pointers into the flows and the layout, which must
 * outlive it and not move their blocks.
 */
#ifndef BK_FIGURES_PREPARE_H
#define BK_FIGURES_PREPARE_H

#include "bk.h"
#include "compose.h"
#include "layout.h"
#include "map.h"
#include "timeline.h"

typedef struct bk_figures bk_figures;

/* A timeline block's events, ready for bk_timeline_draw. */
typedef struct bk_timeline_data {
    const bk_event *ev;
    size_t n;
    bk_timeline_spec spec; /* language, title, detail span */
} bk_timeline_data;

/* Walks flows[0..n) (NULL entries are skipped): blocks with a map, and
 * blocks of style "timeline". */
bk_status bk_figures_prepare(bk_ctx *ctx, const bk_layout *layout,
                             const bk_flow *const *flows, size_t n, bk_figures **out);
void bk_figures_free(bk_figures *f);

/* The prepared data of block b, or NULL when b was not prepared. */
const bk_timeline_data *bk_figures_timeline(const bk_figures *f, const bk_block *b);
const bk_map_spec *bk_figures_map(const bk_figures *f, const bk_block *b);

#endif
