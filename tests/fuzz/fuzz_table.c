/* fuzz_table.c — libFuzzer target: tables (a layout part: TEI table ->
 * compose_part -> typeset-table.c). The input after the first byte is a
 * TEI document; the first byte picks the part's language and columns (as
 * the layouts give them) and whether the table is typeset with the
 * handout layout (bit 7). The part selected is "peking-clauses".
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
    static const char *const langs[] = {"en", "vi", "zh-Hans", "zh-Hant",
                                        NULL, "en", "vi", "zh"};
    static const char *const columns[] = {NULL, "party @lang sources",
                                          "party vi zh en sources",
                                          "party zh en", "notes", "@lang",
                                          "x", NULL};
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    bk_ctx *ctx = flow_ctx();
    if (!ctx)
        return 0;
    bk_node *tei = NULL;
    bk_flow *f = NULL;
    bk_status st = bk_xml_read_memory(ctx, "table.xml", (const char *)data + 1,
                                      size - 1, &tei);
    if (st != BK_OK)
        goto done;
    st = bk_compose_part(ctx, tei, "table.xml", "peking-clauses",
                         langs[sel & 7], columns[(sel >> 3) & 7], &f);
    fuzz_check_status(ctx, st, "bk_compose_part");
    if (st == BK_OK && (sel & 0x80))
        flow_typeset(ctx, f);
done:
    bk_flow_free(f);
    bk_node_free(tei);
    bk_ctx_free(ctx);
    return 0;
}
