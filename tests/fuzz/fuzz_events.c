/* fuzz_events.c — libFuzzer target: events and the timeline (a layout
 * part: TEI listEvent -> compose_events -> the timeline figure drawn by
 * typeset, timeline.c). The input after the first byte is a TEI
 * document; the first byte picks the language and the date window (as a
 * layout's from/to give it) and whether the timeline is typeset with the
 * handout layout (bit 7). The listEvent selected is "events".
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
    static const char *const langs[] = {"en", "vi", "zh-Hans", "zh-Hant"};
    static const char *const window[][2] = {
        {NULL, NULL}, {"1856", "1860"}, {"1859-06", "1860-11"},
        {"1860-10-24", NULL}, {NULL, "1860-08"}, {"1861", "1850"},
        {"1860-02-30", NULL}, {"x", "1860"}};
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    bk_ctx *ctx = flow_ctx();
    if (!ctx)
        return 0;
    bk_node *tei = NULL;
    bk_flow *f = NULL;
    bk_status st = bk_xml_read_memory(ctx, "events.xml", (const char *)data + 1,
                                      size - 1, &tei);
    if (st != BK_OK)
        goto done;
    const char *const *w = window[(sel >> 2) & 7];
    st = bk_compose_events(ctx, tei, "events.xml", "events", langs[sel & 3],
                           w[0], w[1], &f);
    fuzz_check_status(ctx, st, "bk_compose_events");
    if (st == BK_OK && (sel & 0x80))
        flow_typeset(ctx, f);
done:
    bk_flow_free(f);
    bk_node_free(tei);
    bk_ctx_free(ctx);
    return 0;
}
