/* fuzz_compose.c — libFuzzer target: TEI -> flow (compose.c). The input
 * after the first byte is read as XML (not validated: `booklet build
 * --draft` composes drafts as they are) and composed; the flow is copied,
 * and, when bit 0 of the first byte is set, typeset with the handout
 * layout (the blocks, spans, labels and notes compose makes). Bit 1 sets
 * --strict.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message.
 */
#include "fuzz_flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    flow_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    bk_ctx *ctx = flow_ctx();
    if (!ctx)
        return 0;
    ctx->strict = (sel >> 1) & 1;
    bk_node *tei = NULL;
    bk_flow *f = NULL;
    bk_status st = bk_xml_read_memory(ctx, "fuzz.xml", (const char *)data + 1,
                                      size - 1, &tei);
    if (st != BK_OK)
        goto done;
    st = bk_compose(ctx, tei, "fuzz.xml", &f);
    fuzz_check_status(ctx, st, "bk_compose");
    if (st != BK_OK)
        goto done;
    bk_flow_free(bk_flow_copy(f));
    if (bk_flow_strings_fill(f, flow_layout) != 0) /* as the build does */
        goto done;
    if (sel & 1)
        flow_typeset(ctx, f);
done:
    bk_flow_free(f);
    bk_node_free(tei);
    bk_ctx_free(ctx);
    return 0;
}
