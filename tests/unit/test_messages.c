/* Unit tests: message catalogs (messages.c) — the catalog chosen for a
 * language tag, fallback to en.xml, placeholders — with the repository's
 * catalogs (messages/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "messages.h"

static const char *lang_for(bk_ctx *ctx, const char *tag, char *buf, size_t n)
{
    bk_messages *m = NULL;
    assert_int_equal(bk_messages_load(ctx, ".", tag, &m), BK_OK);
    strncpy(buf, bk_messages_lang(m), n - 1);
    buf[n - 1] = 0;
    bk_messages_free(m);
    return buf;
}

static void tags_pick_their_catalog(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    char b[32];
    assert_string_equal(lang_for(ctx, "zh", b, sizeof b), "zh-Hans");
    assert_string_equal(lang_for(ctx, "zh-CN", b, sizeof b), "zh-Hans");
    assert_string_equal(lang_for(ctx, "zh-TW", b, sizeof b), "zh-Hant");
    assert_string_equal(lang_for(ctx, "zh-HK", b, sizeof b), "zh-Hant");
    assert_string_equal(lang_for(ctx, "zh-Hant-TW", b, sizeof b), "zh-Hant");
    assert_string_equal(lang_for(ctx, "vi", b, sizeof b), "vi");
    assert_string_equal(lang_for(ctx, "vi-VN", b, sizeof b), "vi");
    assert_string_equal(lang_for(ctx, "fr", b, sizeof b), "en");
    assert_string_equal(lang_for(ctx, NULL, b, sizeof b), "en");
    bk_ctx_free(ctx);
}

static void lookup_format_and_fallback(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_messages *m = NULL;
    assert_int_equal(bk_messages_load(ctx, ".", "vi", &m), BK_OK);
    assert_string_equal(bk_messages_get(m, "map.symbol.city"), "thành phố");
    /* not in vi.xml: from en.xml */
    assert_string_equal(bk_messages_get(m, "date.month.short.8"), "Aug");
    assert_null(bk_messages_get(m, "no.such.message"));
    bk_buf b = {0};
    const char *args[] = {"what", "đổ bộ", "day", "1", "month", "8", NULL};
    assert_int_equal(bk_messages_format(ctx, m, "map.date.day", args, &b), BK_OK);
    assert_string_equal(b.data, "đổ bộ 1/8");
    bk_buf_release(&b);
    assert_int_equal(bk_messages_format(ctx, m, "no.such.message", args, &b), BK_EINPUT);
    bk_buf_release(&b);
    bk_messages_free(m);
    bk_diag_clear(ctx->diag);
    /* no catalogs under the root */
    assert_int_equal(bk_messages_load(ctx, "/nonexistent", "vi", &m), BK_EINPUT);
    assert_null(m);
    bk_messages_free(NULL);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_pick_their_catalog),
        cmocka_unit_test(lookup_format_and_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
