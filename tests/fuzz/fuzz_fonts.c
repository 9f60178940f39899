/* fuzz_fonts.c — libFuzzer target: the fonts configuration (fonts.xml,
 * font.c). The input becomes fonts.xml in a private folder (its relative
 * file= paths resolve there; the seeds name the system's Noto files by
 * absolute path, as the shipped configuration does); the set is loaded,
 * every face opened and every role's chain asked for a few languages.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message; a chain names only faces of the set.
 */
#include "font.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const roles[] = {"body", "italic", "heading", "mono",
                                        ""};
    static const char *const langs[] = {"en", "vi", "zh", "zh-Hans",
                                        "zh-Hant", "ja", "*", ""};
    char path[128];
    snprintf(path, sizeof path, "%s", fuzz_file("fonts.xml", data, size));
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_fontset *fs = NULL;
    bk_status st = bk_fontset_load(ctx, path, &fs);
    fuzz_check_status(ctx, st, "bk_fontset_load");
    if (st != BK_OK)
        goto done;
    size_t n = bk_fontset_count(fs);
    for (size_t i = 0; i < n && i < 16; i++) {
        bk_diag_clear(ctx->diag);
        if (!bk_fontset_font(ctx, fs, i))
            fuzz_check_status(ctx, BK_EINPUT, "bk_fontset_font");
    }
    for (size_t r = 0; r < sizeof roles / sizeof *roles; r++)
        for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
            const int *chain = NULL;
            size_t k = bk_fontset_chain(fs, roles[r], langs[l], &chain);
            for (size_t j = 0; j < k; j++)
                if (chain[j] < 0 || (size_t)chain[j] >= n) {
                    fprintf(stderr, "fuzz: chain names face %d of %zu\n",
                            chain[j], n);
                    abort();
                }
        }
done:
    bk_fontset_free(fs);
    bk_ctx_free(ctx);
    return 0;
}
