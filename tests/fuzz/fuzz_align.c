/* fuzz_align.c — libFuzzer target: alignment and sentence splitting
 * (compose.c: bk_alignment_load, bk_flow_split_sentences). The input is
 * "ALIGNMENT \0 TEXT": two TEI documents, the alignment (linkGrp
 * type="alignment") and a text whose composed flow is split at the
 * sentences the alignment names (UAX #29). The first byte of ALIGNMENT
 * picks the linkGrp: bit 0 set, the first one; else "align-vi-zh-en".
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message; splitting keeps the flow's text (the same bytes,
 * spaces aside, in the same order).
 */
#include "fuzz_flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes of a flow's blocks without spaces, for the oracle. */
static void flow_letters(const bk_flow *f, bk_buf *out)
{
    for (size_t i = 0; i < f->n; i++)
        for (size_t k = 0; k < f->blocks[i].len; k++)
            if (f->blocks[i].text[k] != ' ' &&
                bk_buf_append(out, f->blocks[i].text + k, 1) < 0)
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *piece[2];
    size_t len[2];
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    fuzz_split(data + 1, size - 1, 2, piece, len);
    bk_ctx *ctx = flow_ctx();
    if (!ctx)
        return 0;
    bk_node *al = NULL, *tei = NULL;
    bk_flow *f = NULL;
    bk_alignment *a = NULL;
    bk_buf before = {0}, after = {0};
    bk_status st = bk_xml_read_memory(ctx, "alignment.xml", piece[0], len[0], &al);
    if (st != BK_OK)
        goto done;
    st = bk_alignment_load(ctx, al, "alignment.xml",
                           sel & 1 ? NULL : "align-vi-zh-en", &a);
    fuzz_check_status(ctx, st, "bk_alignment_load");
    if (st != BK_OK)
        goto done;
    bk_diag_clear(ctx->diag);
    if (bk_xml_read_memory(ctx, "text.xml", piece[1], len[1], &tei) != BK_OK ||
        bk_compose(ctx, tei, "text.xml", &f) != BK_OK)
        goto done;
    flow_letters(f, &before);
    st = bk_flow_split_sentences(ctx, f, a);
    fuzz_check_status(ctx, st, "bk_flow_split_sentences");
    if (st == BK_OK) {
        flow_letters(f, &after);
        if (before.len != after.len ||
            (before.len && memcmp(before.data, after.data, before.len) != 0)) {
            fprintf(stderr, "fuzz: splitting changed the text\n");
            abort();
        }
    }
done:
    bk_buf_release(&before);
    bk_buf_release(&after);
    bk_alignment_free(a);
    bk_flow_free(f);
    bk_node_free(tei);
    bk_node_free(al);
    bk_ctx_free(ctx);
    return 0;
}
