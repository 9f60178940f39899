/* fuzz_ingest.c — libFuzzer target: bytes -> temp file -> bk_ingest.
 *
 * The first byte picks the options: the language (en, vi, zh-Hans,
 * zh-Hant, fr, ja), --strict, --report, and the rules: none, one of the
 * real rules files, or (top bit set) rules taken from the input itself,
 * which is then "RULES \0 SOURCE" (a NUL cannot occur in a valid source,
 * so the split loses nothing).
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL and no
 * failure without a message; and whatever ingest accepts must serialise,
 * validate against the TEI schema (as `booklet ingest` requires before it
 * writes) and read back.
 */
#include "fuzz.h"
#include "ingest.h"
#include "node.h"
#include "xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en", "vi", "zh-Hans", "zh-Hant",
                                        "fr", "ja", "en", "vi"};
    static const char *const rules[] = {
        NULL, BK_FUZZ_ROOT "/sources/zh-second-opium-war.rules",
        BK_FUZZ_ROOT "/sources/vi-opium-war-end.rules", NULL};
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    data++, size--;
    bk_ingest_options o = {0};
    o.lang = langs[sel & 7];
    o.rules = rules[(sel >> 3) & 3];
    if (sel & 0x80) {
        const uint8_t *nul = memchr(data, 0, size);
        size_t rl = nul ? (size_t)(nul - data) : size;
        o.rules = fuzz_file("input.rules", data, rl);
        static char rules_path[128];
        snprintf(rules_path, sizeof rules_path, "%s", o.rules);
        o.rules = rules_path;
        data += nul ? rl + 1 : rl;
        size -= nul ? rl + 1 : rl;
    }
    o.source = fuzz_file("source.txt", data, size);

    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    ctx->strict = (sel >> 5) & 1;
    bk_node *tei = NULL, *back = NULL;
    bk_buf rep = {0}, xml = {0};
    bk_status st = bk_ingest(ctx, &o, &tei, (sel & 0x40) ? &rep : NULL);
    fuzz_check_status(ctx, st, "bk_ingest");
    if (st == BK_OK) {
        st = bk_xml_write_buf(ctx, tei, 1, &xml);
        fuzz_check_status(ctx, st, "bk_xml_write_buf (ingest output)");
        if (st != BK_OK)
            abort();
        st = bk_xml_validate_memory(ctx, "ingest-output.xml", xml.data,
                                    xml.len);
        if (st != BK_OK) {
            fprintf(stderr, "fuzz: ingest output is not valid TEI: %s\n",
                    bk_diag_error_message(ctx->diag));
            abort();
        }
        st = bk_xml_read_memory(ctx, "ingest-output.xml", xml.data, xml.len,
                                &back);
        if (st != BK_OK) {
            fprintf(stderr, "fuzz: ingest output does not read back: %s\n",
                    bk_diag_error_message(ctx->diag));
            abort();
        }
    }
    bk_node_free(back);
    bk_node_free(tei);
    bk_buf_release(&xml);
    bk_buf_release(&rep);
    bk_ctx_free(ctx);
    return 0;
}
