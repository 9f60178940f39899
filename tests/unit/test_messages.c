/* Unit tests: message catalogs (messages.c) — the catalog chosen for a
 * language tag, fallback to en.xml, placeholders — with the repository's
 * catalogs (messages/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A run reads a catalog file once however many catalogs fall back to it
 * (English: one copy for all), reads it again when its bytes change, and a
 * catalog stays usable after the run's context is gone. */
static void catalogs_share_a_file_read_once(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk-test-msg-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[64], en[96], vi[96];
    snprintf(sub, sizeof sub, "%s/messages", dir);
    snprintf(en, sizeof en, "%s/en.xml", sub);
    snprintf(vi, sizeof vi, "%s/vi.xml", sub);
    assert_int_equal(mkdir(sub, 0700), 0);
    FILE *f = fopen(vi, "w");
    fputs("<messages xml:lang=\"vi\"><msg id=\"a\">một</msg></messages>\n", f);
    fclose(f);
    f = fopen(en, "w");
    fputs("<messages xml:lang=\"en\"><msg id=\"a\">one</msg><msg id=\"b\">two</msg></messages>\n", f);
    fclose(f);
    bk_ctx *ctx = bk_ctx_new();
    bk_messages *m1 = NULL, *m2 = NULL, *m3 = NULL;
    assert_int_equal(bk_messages_load(ctx, dir, "vi", &m1), BK_OK);
    assert_int_equal(bk_messages_load(ctx, dir, "en", &m2), BK_OK);
    assert_string_equal(bk_messages_get(m1, "b"), "two");
    assert_ptr_equal(bk_messages_get(m1, "b"), bk_messages_get(m2, "b"));
    f = fopen(en, "w");
    fputs("<messages xml:lang=\"en\"><msg id=\"b\">deux</msg></messages>\n", f);
    fclose(f);
    assert_int_equal(bk_messages_load(ctx, dir, "vi", &m3), BK_OK);
    assert_string_equal(bk_messages_get(m3, "b"), "deux");
    assert_string_equal(bk_messages_get(m1, "b"), "two");
    bk_ctx_free(ctx);
    assert_string_equal(bk_messages_get(m2, "a"), "one");
    bk_messages_free(m1);
    bk_messages_free(m2);
    bk_messages_free(m3);
    unlink(vi);
    unlink(en);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_pick_their_catalog),
        cmocka_unit_test(lookup_format_and_fallback),
        cmocka_unit_test(catalogs_share_a_file_read_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
