/* ingest.c — plain text to TEI (see ingest.h, docs/TEI.md): the stage driver
 * and source positions. The stages live in the ingest_*.c files
 * (ingest_private.h).
 */
#include "ingest_private.h"

#include <stdlib.h>
#include <string.h>

const char *const bk_ingest_role_names[] = {
    "blank", "none", "title", "heading", "paragraph", "list item",
    "hatnote", "caption", "citation note", "notes heading"};


bk_status bk_ingest_oom(ingest *g)
{
    return bk_diag_error(g->ctx->diag, BK_EINTERNAL, g->src, 0, 0,
                         "out of memory");
}

/* Line and column (code points) in the normalised text of an offset.
 * Positions are asked for in increasing order (per rule, then for lint),
 * so counting resumes from the last answer when it is on the same line:
 * a single 16 MB line with many changes stays linear. */
void bk_ingest_norm_position(ingest *g, size_t off, long *line, long *col)
{
    size_t lo = 0, hi = g->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (g->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t from = g->line_starts[lo];
    long c = 1;
    if (g->pos_line == lo && g->pos_off >= from && g->pos_off <= off) {
        from = g->pos_off;
        c = g->pos_col;
    }
    for (size_t i = from; i < off && i < g->normlen; i++)
        if (((unsigned char)g->norm[i] & 0xc0) != 0x80)
            c++;
    g->pos_line = lo;
    g->pos_off = off;
    g->pos_col = c;
    *line = (long)lo + 1;
    *col = c;
}

/* Position of a byte of the final text in the source. */
void bk_ingest_text_position(ingest *g, size_t off, long *line, long *col)
{
    size_t o = off < g->text.len ? g->text.origin[off] : g->normlen;
    bk_ingest_norm_position(g, o, line, col);
}

static void ingest_release(ingest *g)
{
    free(g->raw);
    free(g->catalog_path);
    free(g->lang);
    free(g->cat_title);
    free(g->cat_origin);
    free(g->rules_path);
    bk_rules_free(g->rules);
    free(g->norm);
    free(g->line_starts);
    for (size_t i = 0; i < g->nnchanges; i++) {
        free(g->nchanges[i].before);
        free(g->nchanges[i].after);
        free(g->nchanges[i].text);
    }
    free(g->nchanges);
    bk_otext_release(&g->text);
    bk_changes_release(&g->changes);
    free(g->lines);
    free(g->title);
    free(g->seen);
    free(g->prefixes);
    bk_buf_release(&g->lint_report);
}

bk_status bk_ingest(bk_ctx *ctx, const bk_ingest_options *opts, bk_node **out,
                    bk_buf *report)
{
    /* Steps: resolve -> load -> language -> normalise -> rules -> lint -> structure
     * -> header -> report. The tree is returned only when every stage
     * succeeded (lint findings are warnings unless ctx->strict). */
    ingest g;
    bk_node *tei = NULL;
    bk_status st = BK_OK;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    g.opts = opts;
    g.pos_col = 1; /* offset 0 is line 1, column 1 */
    g.src = opts ? opts->source : NULL;
    *out = NULL;
    if (!g.src || !*g.src) {
        st = bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                           "no source file given");
        goto done;
    }
    if ((st = bk_ingest_stage_resolve(&g)) != BK_OK || (st = bk_ingest_stage_load(&g)) != BK_OK ||
        (st = bk_ingest_stage_language(&g)) != BK_OK ||
        (st = bk_ingest_stage_normalise(&g)) != BK_OK || (st = bk_ingest_stage_rules(&g)) != BK_OK)
        goto done;
    bk_status lint = bk_ingest_stage_lint(&g);
    tei = bk_node_new_element("TEI");
    if (!tei) {
        st = bk_ingest_oom(&g);
        goto done;
    }
    if ((st = bk_ingest_stage_structure(&g, tei)) != BK_OK ||
        (st = bk_ingest_build_header(&g, tei)) != BK_OK)
        goto done;
    bk_status lint_heads = bk_ingest_lint_headings(&g);
    if (lint == BK_OK)
        lint = lint_heads;
    if (report)
        bk_ingest_write_report(&g, report);
    if (lint != BK_OK) {
        st = lint;
        goto done;
    }
    *out = tei;
    tei = NULL;
done:
    bk_node_free(tei);
    ingest_release(&g);
    return st;
}
