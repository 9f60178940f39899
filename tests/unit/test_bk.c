/* Unit tests: diagnostics, buffers, atomic writes (bk.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bk.h"

static void diag_keeps_first_error_with_position(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    assert_int_equal(bk_diag_error(ctx->diag, BK_EINPUT, "a.txt", 3, 7, "bad %s", "byte"), BK_EINPUT);
    bk_diag_error(ctx->diag, BK_EINTERNAL, "b.txt", 1, 1, "second");
    assert_string_equal(bk_diag_error_message(ctx->diag), "a.txt:3:7: error: bad byte");
    assert_int_equal(bk_diag_error_status(ctx->diag), BK_EINPUT);
    bk_diag_warn(ctx->diag, "c.xml", 2, 0, "w%d", 1);
    bk_diag_warn(ctx->diag, NULL, 0, 0, "plain");
    assert_int_equal(bk_diag_warning_count(ctx->diag), 2);
    assert_string_equal(bk_diag_warning(ctx->diag, 0), "c.xml:2: warning: w1");
    assert_string_equal(bk_diag_warning(ctx->diag, 1), "warning: plain");
    bk_diag_clear(ctx->diag);
    assert_null(bk_diag_error_message(ctx->diag));
    bk_ctx_free(ctx);
    bk_ctx_free(NULL);
}

static void buf_grows_and_formats(void **state)
{
    (void)state;
    bk_buf b = {0};
    for (int i = 0; i < 1000; i++)
        assert_int_equal(bk_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
    assert_int_equal(b.len, strlen(b.data));
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    size_t before = b.len;
    bk_buf_printf(&b, "%s", big);
    assert_int_equal(b.len, before + 599);
    bk_buf_release(&b);
    assert_null(b.data);
}

static void atomic_write_replaces_or_leaves_untouched(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    char dir[] = "/tmp/bk-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    assert_int_equal(bk_file_write_atomic(ctx, path, "one", 3), BK_OK);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(bk_file_read(ctx, path, 100, &data, &len), BK_OK);
    assert_int_equal(len, 3);
    assert_string_equal(data, "one");
    free(data);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_mode & S_IRUSR);
    /* a folder that does not exist: error, nothing written */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/out.txt", dir);
    assert_int_equal(bk_file_write_atomic(ctx, bad, "two", 3), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "missing/out.txt"));
    /* read limit */
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_file_read(ctx, path, 2, &data, &len), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "limit"));
    unlink(path);
    rmdir(dir);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diag_keeps_first_error_with_position),
        cmocka_unit_test(buf_grows_and_formats),
        cmocka_unit_test(atomic_write_replaces_or_leaves_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
