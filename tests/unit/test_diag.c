/* Unit tests: diagnostics (diag.c) and their rendering (diag_render.c):
 * every record kept, caps and counts, the caret under the column of
 * Vietnamese and Chinese lines, escaping of control characters, JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bk.h"


static void keeps_every_error_in_order(void **state)
{
    (void)state;
    bk_diag *d = bk_diag_new();
    bk_diag_error(d, BK_EINPUT, "a.txt", 3, 7, "first");
    bk_diag_warn(d, "a.txt", 4, 0, "between");
    bk_diag_error(d, BK_EINTERNAL, "b.txt", 1, 1, "second");
    bk_diag_hint(d, "try %s", "this");
    assert_int_equal(bk_diag_count(d), 3);
    assert_int_equal(bk_diag_error_count(d), 2);
    assert_int_equal(bk_diag_warning_count(d), 1);
    assert_string_equal(bk_diag_error_message(d), "a.txt:3:7: error: first");
    assert_int_equal(bk_diag_error_status(d), BK_EINPUT);
    assert_string_equal(bk_diag_warning(d, 0), "a.txt:4: warning: between");
    const bk_diag_record *r = bk_diag_at(d, 2);
    assert_int_equal(r->severity, BK_DIAG_ERROR);
    assert_string_equal(r->message, "second");
    assert_string_equal(r->hint, "try this");
    assert_null(bk_diag_at(d, 0)->hint);
    bk_diag_free(d);
}

static void rollback_forgets_errors_of_a_trial(void **state)
{
    (void)state;
    bk_diag *d = bk_diag_new();
    bk_diag_error(d, BK_EINPUT, "a", 1, 1, "kept");
    bk_diag_mark m = bk_diag_mark_take(d);
    assert_false(bk_diag_errors_since(d, m));
    bk_diag_error(d, BK_EINPUT, "b", 1, 1, "trial");
    bk_diag_warn(d, "b", 2, 1, "stays");
    assert_true(bk_diag_errors_since(d, m));
    bk_diag_rollback(d, m);
    assert_int_equal(bk_diag_error_count(d), 1);
    assert_int_equal(bk_diag_count(d), 2);
    assert_string_equal(bk_diag_warning(d, 0), "b:2:1: warning: stays");
    /* a trial that starts clean leaves no error behind */
    bk_diag_clear(d);
    m = bk_diag_mark_take(d);
    bk_diag_error(d, BK_EINPUT, "c", 1, 1, "gone");
    bk_diag_rollback(d, m);
    assert_null(bk_diag_error_message(d));
    assert_int_equal(bk_diag_error_status(d), BK_OK);
    bk_diag_free(d);
}

static void faults_follow_strict(void **state)
{
    (void)state;
    bk_diag *d = bk_diag_new();
    bk_diag_fault(d, 0, "x", 1, 1, "loose");
    bk_diag_fault(d, 1, "x", 2, 1, "overfull");
    bk_diag_fault(d, 1, "x", 3, 1, "widow");
    assert_int_equal(bk_diag_warning_count(d), 1);
    assert_int_equal(bk_diag_error_count(d), 2);
    assert_int_equal(bk_diag_error_status(d), BK_EINPUT);
    bk_diag_free(d);
}

static char *render(const bk_diag *d, const bk_diag_render_opts *o)
{
    bk_buf b = {0};
    assert_int_equal(bk_diag_render(d, 0, o, &b), 0);
    return b.data ? b.data : bk_strdup("");
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

static void caps_and_counts_the_rest(void **state)
{
    (void)state;
    bk_diag *d = bk_diag_new();
    for (int i = 0; i < 60; i++)
        bk_diag_error(d, BK_EINPUT, NULL, 0, 0, "e%d", i);
    for (int i = 0; i < 7; i++)
        bk_diag_warn(d, NULL, 0, 0, "w%d", i);
    bk_diag_render_opts o = {.max_errors = 50, .max_warnings = 5};
    char *s = render(d, &o);
    assert_int_equal(count(s, "error: e"), 50);
    assert_int_equal(count(s, "warning: w"), 5);
    assert_non_null(strstr(s, "and 10 more errors\n"));
    assert_non_null(strstr(s, "and 2 more warnings\n"));
    free(s);
    o.quiet = 1;
    s = render(d, &o);
    assert_int_equal(count(s, "warning"), 0);
    free(s);
    bk_diag_free(d);
}

/* The caret line under a one-digit line number, after n columns. */
static void assert_caret(const char *s, int n)
{
    char want[128];
    snprintf(want, sizeof want, "\n   | %*s^\n", n, "");
    if (!strstr(s, want))
        fail_msg("no caret after %d columns in:\n%s", n, s);
}

/* Writes a file of three lines and returns its name. */
static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void caret_under_the_column(void **state)
{
    (void)state;
    char path[] = "/tmp/test_diag_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    /* line 2: Vietnamese (precomposed, 1 column each); line 3: Chinese (2
     * columns each); line 4 ends with CRLF */
    write_file(path, "first\nHiệp ước Nam Kinh x\n南京条约x签订\r\nabc\r\n");
    bk_diag *d = bk_diag_new();
    bk_diag_error(d, BK_EINPUT, path, 2, 19, "the x");
    bk_diag_render_opts o = {0};
    char *s = render(d, &o);
    assert_non_null(strstr(s, " 2 | Hiệp ước Nam Kinh x\n"));
    assert_caret(s, 18);
    free(s);
    bk_diag_clear(d);
    bk_diag_error(d, BK_EINPUT, path, 3, 5, "the x");
    s = render(d, &o);
    assert_non_null(strstr(s, " 3 | 南京条约x签订\n"));
    assert_caret(s, 8);
    free(s);
    bk_diag_clear(d);
    bk_diag_error(d, BK_EINPUT, path, 4, 2, "b");
    s = render(d, &o);
    assert_non_null(strstr(s, " 4 | abc\n   |  ^\n"));
    free(s);
    /* lone CRs end lines too; a line past the first blocks read, with a
     * CRLF split across two of them */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("one\rtwo\r", f);
    for (int i = 0; i < 3000; i++)
        fputs(i == 2047 ? "line of eight\r\n" : "filler line\r\n", f);
    fputs("the end\n", f);
    fclose(f);
    bk_diag_clear(d);
    bk_diag_error(d, BK_EINPUT, path, 2, 1, "t");
    s = render(d, &o);
    assert_non_null(strstr(s, " 2 | two\n"));
    free(s);
    bk_diag_clear(d);
    bk_diag_error(d, BK_EINPUT, path, 3 + 2047, 1, "l");
    s = render(d, &o);
    assert_non_null(strstr(s, "| line of eight\n"));
    free(s);
    bk_diag_clear(d);
    bk_diag_error(d, BK_EINPUT, path, 3 + 3000, 1, "e");
    s = render(d, &o);
    assert_non_null(strstr(s, "| the end\n"));
    free(s);
    /* a line the file does not have, a file that is not regular */
    bk_diag_clear(d);
    bk_diag_error(d, BK_EINPUT, path, 40000, 1, "far");
    bk_diag_error(d, BK_EINPUT, "/tmp", 1, 1, "folder");
    s = render(d, &o);
    assert_null(strstr(s, "|"));
    free(s);
    bk_diag_free(d);
    unlink(path);
}

static void control_characters_escaped(void **state)
{
    (void)state;
    char path[] = "/tmp/test_diag_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, "a\x1b[2Jb\xc2\x85" "c\xe2\x80\xae" "d\xff" "e\n");
    bk_diag *d = bk_diag_new();
    bk_diag_error(d, BK_EINPUT, path, 1, 8, "bad \x07 \xe2\x80\xa8 here");
    bk_diag_render_opts o = {0};
    char *s = render(d, &o);
    assert_non_null(strstr(s, "bad <U+0007> <U+2028> here"));
    assert_non_null(strstr(s, "a<U+001B>[2Jb<U+0085>c<U+202E>d<0xFF>e\n"));
    /* column 8 is the c: a<U+001B>[2Jb<U+0085> is 21 columns wide */
    assert_caret(s, 21);
    for (const char *p = s; *p; p++)
        assert_true((unsigned char)*p >= 0x20 || *p == '\n');
    free(s);
    bk_diag_free(d);
    unlink(path);
}

static void json_escaped(void **state)
{
    (void)state;
    bk_diag *d = bk_diag_new();
    bk_diag_error(d, BK_EINPUT, "q\"uo\\te.xml", 2, 3, "tab\there \x01 \xff é");
    bk_diag_hint(d, "did you mean \"vi\"?");
    bk_diag_warn(d, NULL, 0, 0, "plain");
    bk_diag_render_opts o = {.format = BK_DIAG_JSON, .color = 1};
    char *s = render(d, &o);
    assert_string_equal(s,
        "{\"severity\":\"error\",\"file\":\"q\\\"uo\\\\te.xml\",\"line\":2,\"col\":3,"
        "\"message\":\"tab\\there \\u0001 \\ufffd é\",\"hint\":\"did you mean \\\"vi\\\"?\"}\n"
        "{\"severity\":\"warning\",\"file\":null,\"line\":0,\"col\":0,"
        "\"message\":\"plain\",\"hint\":null}\n");
    free(s);
    bk_diag_free(d);
}

static void colour_only_when_asked(void **state)
{
    (void)state;
    bk_diag *d = bk_diag_new();
    bk_diag_error(d, BK_EINPUT, "f", 1, 1, "m");
    bk_diag_render_opts o = {0};
    char *s = render(d, &o);
    assert_null(strchr(s, '\033'));
    free(s);
    o.color = 1;
    s = render(d, &o);
    assert_non_null(strchr(s, '\033'));
    free(s);
    bk_diag_free(d);
    /* NO_COLOR turns auto off, even on a terminal; an empty one does not */
    assert_int_equal(bk_diag_color_wanted("auto", 1, NULL), 1);
    assert_int_equal(bk_diag_color_wanted(NULL, 1, "1"), 0);
    assert_int_equal(bk_diag_color_wanted("auto", 1, ""), 1);
    assert_int_equal(bk_diag_color_wanted("auto", 0, NULL), 0);
    assert_int_equal(bk_diag_color_wanted("always", 0, "1"), 1);
    assert_int_equal(bk_diag_color_wanted("never", 1, NULL), 0);
    assert_int_equal(bk_diag_color_wanted("sometimes", 1, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keeps_every_error_in_order),
        cmocka_unit_test(rollback_forgets_errors_of_a_trial),
        cmocka_unit_test(faults_follow_strict),
        cmocka_unit_test(caps_and_counts_the_rest),
        cmocka_unit_test(caret_under_the_column),
        cmocka_unit_test(control_characters_escaped),
        cmocka_unit_test(json_escaped),
        cmocka_unit_test(colour_only_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
