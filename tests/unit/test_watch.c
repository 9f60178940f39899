/* Unit tests: the watch of a build's files (driver/watch.c): a write, an
 * editor's rename-over or a removal of a listed file is seen, a change to
 * another file of the same folder is not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "watch.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void sees_writes_renames_and_removals_of_listed_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk-watch-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char src[256], other[256], tmp[256];
    snprintf(src, sizeof src, "%s/lesson.txt", dir);
    snprintf(other, sizeof other, "%s/notes.txt", dir);
    snprintf(tmp, sizeof tmp, "%s/.lesson.swp", dir);
    write_file(src, "Title\n");
    write_file(other, "x\n");

    bk_ctx *ctx = bk_ctx_new();
    bk_watch *w = bk_watch_new();
    const char *paths[] = {src};
    assert_int_equal(bk_watch_set(ctx, w, paths, 1), BK_OK);
    assert_int_equal(bk_watch_count(w), 1);
    assert_int_equal(bk_watch_wait(w, 50, 10), 0);  /* nothing yet */
    write_file(other, "y\n");
    assert_int_equal(bk_watch_wait(w, 50, 10), 0);  /* not a listed file */
    write_file(src, "Title\n\nMore.\n");
    assert_int_equal(bk_watch_wait(w, 1000, 10), 1); /* a write */
    write_file(tmp, "Title 2\n");
    assert_int_equal(rename(tmp, src), 0);
    assert_int_equal(bk_watch_wait(w, 1000, 10), 1); /* an editor's save */
    unlink(src);
    assert_int_equal(bk_watch_wait(w, 1000, 10), 1); /* a removal */
    bk_watch_free(w);
    bk_watch_free(NULL);
    bk_ctx_free(ctx);
    unlink(other);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sees_writes_renames_and_removals_of_listed_files),
    };
    return cmocka_run_group_tests_name("watch", tests, NULL, NULL);
}
