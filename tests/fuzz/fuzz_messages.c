/* fuzz_messages.c — libFuzzer target: the message catalogs (messages.c).
 * The input becomes ROOT/messages/LANG.xml in a private data root; the
 * first byte picks LANG: en (the catalog every other falls back on) or vi,
 * zh-Hans, zh-Hant (then beside the real en.xml), and the tag asked for.
 * Every id the program uses with arguments is then formatted, and dates
 * are written in the catalog's forms.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message.
 */
#include <sys/stat.h>

#include "date.h"
#include "files.h"
#include "fuzz.h"
#include "messages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char root[96];

static void copy_file(const char *from, const char *to)
{
    char *buf = NULL;
    size_t len = 0;
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx || bk_file_read(ctx, from, 1u << 20, &buf, &len) != BK_OK)
        abort();
    FILE *f = fopen(to, "wb");
    if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
        abort();
    free(buf);
    bk_ctx_free(ctx);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *p = fuzz_file("x", (const uint8_t *)"", 0);
    snprintf(root, sizeof root, "%.*s", (int)(strlen(p) - 2), p);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/messages", root);
    if (mkdir(dir, 0700) != 0)
        abort();
    return 0;
}

static void use_catalog(bk_ctx *ctx, const bk_messages *m)
{
    static const char *const ids[] = {
        "map.date.day", "map.date.days", "map.scale.at", "map.label.modern",
        "date.day", "date.month", "map.symbol.city", "timeline.title", "x"};
    static const char *const args[] = {"what", "landing", "day", "24",
                                       "from", "1", "to", "3", "mon", "Oct",
                                       "month", "10", "monthname", "October",
                                       "year", "1860", "lat", "39°",
                                       "name", "Beijing", NULL};
    (void)bk_messages_lang(m);
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        bk_buf out = {0};
        (void)bk_messages_get(m, ids[i]);
        bk_diag_clear(ctx->diag);
        bk_status st = bk_messages_format(ctx, m, ids[i], args, &out);
        if (st == BK_EINTERNAL)
            fuzz_check_status(ctx, st, "bk_messages_format");
        bk_buf_release(&out);
    }
    static const char *const dates[] = {"1860-10-24", "1860-10", "1860"};
    for (size_t i = 0; i < 3; i++) {
        bk_date d;
        bk_buf out = {0};
        if (bk_date_parse(dates[i], &d) == 0)
            (void)bk_date_format(&d, m, &out);
        bk_buf_release(&out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = {"en", "vi", "zh-Hans", "zh-Hant"};
    static const char *const tags[] = {"en", "vi-VN", "zh", "zh-Hant-TW",
                                       "ja", "", "zh-Hans", "fr"};
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    char path[160], en[160];
    snprintf(en, sizeof en, "%s/messages/en.xml", root);
    for (size_t i = 1; i < 4; i++) {
        snprintf(path, sizeof path, "%s/messages/%s.xml", root, files[i]);
        unlink(path);
    }
    const char *file = files[sel & 3];
    snprintf(path, sizeof path, "%s/messages/%s.xml", root, file);
    if (sel & 3)
        copy_file(BK_FUZZ_ROOT "/messages/en.xml", en);
    FILE *f = fopen(path, "wb");
    if (!f || (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) ||
        fclose(f) != 0)
        abort();
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_messages *m = NULL;
    bk_status st = bk_messages_load(ctx, root, tags[(sel >> 2) & 7], &m);
    fuzz_check_status(ctx, st, "bk_messages_load");
    if (st == BK_OK)
        use_catalog(ctx, m);
    bk_messages_free(m);
    bk_ctx_free(ctx);
    return 0;
}
