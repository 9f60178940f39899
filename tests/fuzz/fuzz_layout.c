/* fuzz_layout.c — libFuzzer target: bytes -> temp file -> bk_layout_load,
 * then every style resolved for a few languages, and the font
 * configuration it names loaded when it is one of the project's.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message; a layout that loads has a sane page (finite, text
 * area at least half an inch each way).
 */
#include <math.h>

#include "font.h"
#include "fuzz.h"
#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const styles[] = {"title", "heading", "body", "item",
                                         "caption", "hatnote", "note",
                                         "folio", "x"};
    static const char *const langs[] = {NULL, "en", "vi", "zh", "zh-Hans",
                                        "zh-Hant"};
    const char *path = fuzz_file("layout.xml", data, size);
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_layout *l = NULL;
    bk_status st = bk_layout_load(ctx, path, &l);
    fuzz_check_status(ctx, st, "bk_layout_load");
    if (st == BK_OK) {
        const bk_page_geom *g = bk_layout_page(l);
        if (!isfinite(g->width) || !isfinite(g->height) ||
            g->width - g->inner - g->outer < 36 ||
            g->height - g->top - g->bottom < 36) {
            fprintf(stderr, "fuzz: a layout loaded with a bad page: "
                            "%g x %g, margins %g %g %g %g\n",
                    g->width, g->height, g->top, g->bottom, g->inner,
                    g->outer);
            abort();
        }
        for (size_t i = 0; i < sizeof styles / sizeof *styles; i++)
            for (size_t k = 0; k < sizeof langs / sizeof *langs; k++) {
                bk_style s;
                bk_diag_clear(ctx->diag);
                st = bk_layout_style(ctx, l, styles[i], langs[k], &s);
                fuzz_check_status(ctx, st, "bk_layout_style");
            }
    }
    bk_layout_free(l);
    bk_ctx_free(ctx);
    return 0;
}
