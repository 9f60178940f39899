/* fuzz_catalog.c — libFuzzer target: the source catalog (catalog.xml
 * beside the plain-text sources, read by ingest_resolve.c) and the rules
 * file it names. The input is "CATALOG \0 RULES": CATALOG becomes
 * catalog.xml beside a short Vietnamese source, vi-opium-war-end.txt, and
 * RULES (empty when absent) vi-opium-war-end.rules; ingest then runs
 * without language or rules options, so both come from the catalog.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message.
 */
#include "fuzz.h"
#include "ingest.h"
#include "node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char source[] =
    "Kết thúc\n\n"
    "Ngày 24 tháng 10 năm 1860, Hiệp ước Bắc Kinh được ký kết. "
    "Nhà Thanh phải bồi thường chiến phí.[1]\n\n"
    "Xem thêm: Chiến tranh nha phiến lần thứ nhất\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *piece[2];
    size_t len[2];
    fuzz_split(data, size, 2, piece, len);
    fuzz_file("vi-opium-war-end.rules", (const uint8_t *)piece[1], len[1]);
    fuzz_file("catalog.xml", (const uint8_t *)piece[0], len[0]);
    char src[128];
    snprintf(src, sizeof src, "%s",
             fuzz_file("vi-opium-war-end.txt", (const uint8_t *)source,
                       sizeof source - 1));
    bk_ingest_options o = {0};
    o.source = src;
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_node *tei = NULL;
    bk_buf rep = {0};
    bk_status st = bk_ingest(ctx, &o, &tei, &rep);
    fuzz_check_status(ctx, st, "bk_ingest");
    bk_node_free(tei);
    bk_buf_release(&rep);
    bk_ctx_free(ctx);
    return 0;
}
