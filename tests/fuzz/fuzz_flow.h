/* fuzz_flow.h — shared by the fuzz targets that compose TEI into a flow
 * and typeset it: the shipped handout layout (layouts/handout.xml, every
 * style the parts use: tables, timeline, maps) and its fonts, loaded once
 * per process, and a typesetting run whose frames are then dropped.
 */
#ifndef BK_FUZZ_FLOW_H
#define BK_FUZZ_FLOW_H

#include "compose.h"
#include "font.h"
#include "frame.h"
#include "fuzz.h"
#include "layout.h"
#include "node.h"
#include "typeset.h"
#include "xml.h"

static bk_layout *flow_layout;
static bk_fontset *flow_fonts;

static void flow_release(void)
{
    bk_fontset_free(flow_fonts);
    bk_layout_free(flow_layout);
}

/* Loads layouts/handout.xml and its fonts; aborts when they do not load. */
__attribute__((unused)) static void flow_init(void)
{
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        abort();
    ctx->datadir = BK_FUZZ_ROOT;
    if (bk_layout_load(ctx, BK_FUZZ_ROOT "/layouts/handout.xml", &flow_layout) ||
        bk_fontset_load(ctx, bk_layout_fonts_path(flow_layout), &flow_fonts)) {
        fprintf(stderr, "fuzz: %s\n", bk_diag_error_message(ctx->diag));
        abort();
    }
    bk_ctx_free(ctx);
    atexit(flow_release);
}

/* A context as the build makes it (data root, fixed date). */
__attribute__((unused)) static bk_ctx *flow_ctx(void)
{
    bk_ctx *ctx = bk_ctx_new();
    if (ctx) {
        ctx->datadir = BK_FUZZ_ROOT;
        ctx->epoch = 1700000000;
    }
    return ctx;
}

/* Typesets f with the handout layout (the frames are freed). */
__attribute__((unused)) static void flow_typeset(bk_ctx *ctx, const bk_flow *f)
{
    bk_frames *frames = NULL;
    bk_typeset_stats stats;
    memset(&stats, 0, sizeof stats);
    bk_diag_clear(ctx->diag);
    bk_status st = bk_typeset(ctx, f, flow_layout, flow_fonts, &frames, &stats);
    fuzz_check_status(ctx, st, "bk_typeset");
    bk_frames_free(frames);
}

#endif
