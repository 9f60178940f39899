/* Unit tests: the ActualText stretches of a drawn line (linetags.c), where
 * the clreq gap between Han and Latin letters or digits would add a space
 * to the extracted text. A line of Han characters is mostly answered by a
 * fast path (one Han character after Han): the stretches found are
 * compared with the rule as written (the class of each cluster's first and
 * last character; a gap joins the clusters either side; gaps sharing a
 * cluster make one stretch), over fixed and generated lines mixing Han,
 * Extension A, Latin letters and digits (ASCII, accented, full-width),
 * punctuation and clusters of two characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "compose.h"
#include "linetags.h"
#include "paragraph.h"
#include "unicode.h"

enum { NONE, HAN, LATIN };

static int class_of(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? LATIN
                                                                               : NONE;
    uint32_t sc = bk_unicode_script_lookup(c);
    return sc == BK_SCRIPT_HAN ? HAN : sc == BK_SCRIPT_LATIN ? LATIN : NONE;
}

#define MAXC 64

/* A line of clusters, each one glyph: the pieces joined, a piece a
 * cluster (one or two characters). */
typedef struct line {
    char text[MAXC * 8];
    size_t len, n;
    bk_set_glyph g[MAXC];
    int first[MAXC], last[MAXC];
} line;

static void line_add(line *l, const char *piece)
{
    size_t a = l->len, k = strlen(piece);
    memcpy(l->text + a, piece, k);
    l->len += k;
    l->text[l->len] = '\0';
    size_t i = 0;
    uint32_t c = bk_utf8_next(piece, k, &i), last = c;
    while (i < k)
        last = bk_utf8_next(piece, k, &i);
    l->g[l->n] = (bk_set_glyph){.gid = 1, .adv = 5, .cluster = (uint32_t)a,
                                .cluster_end = (uint32_t)l->len};
    l->first[l->n] = class_of(c);
    l->last[l->n] = class_of(last);
    l->n++;
}

/* The stretches as the rule says, into g0/g1; their count. */
static size_t expected(const line *l, size_t *g0, size_t *g1)
{
    size_t n = 0;
    for (size_t k = 1; k < l->n; k++) {
        int a = l->last[k - 1], b = l->first[k];
        if (!((a == HAN && b == LATIN) || (a == LATIN && b == HAN)))
            continue;
        if (n && g1[n - 1] >= k - 1) {
            g1[n - 1] = k + 1;
        } else {
            g0[n] = k - 1;
            g1[n] = k + 1;
            n++;
        }
    }
    return n;
}

static void check_line(const line *l)
{
    bk_block b = {.lang = "zh-Hans", .text = (char *)l->text, .len = l->len};
    bk_para p = {.block = &b, .g = (bk_set_glyph *)l->g, .ng = l->n};
    bk_set_line ln = {.g0 = 0, .n = l->n};
    bk_line_tags t;
    assert_int_equal(bk_line_tags_find(&t, &p, &ln), 0);
    size_t g0[MAXC], g1[MAXC];
    size_t n = expected(l, g0, g1);
    if (t.nact != n)
        fprintf(stderr, "line \"%s\": %zu stretches, expected %zu\n", l->text, t.nact, n);
    assert_int_equal(t.nact, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t.act[i].g0, g0[i]);
        assert_int_equal(t.act[i].g1, g1[i]);
    }
    bk_line_tags_release(&t);
}

static const char *const pieces[] = {
    "年", "中", "文", "㐀",  "䷀", "1",  "8",  "a",   "Z",  "é",  "Ａ", "，", "。",
    "「", "」", " ",  "-",  "—",  "年a", "a年", "1年", "年，", "é年", "・", "〇",
};
#define NPIECES (sizeof pieces / sizeof *pieces)

static void test_fixed_lines(void **state)
{
    (void)state;
    static const char *const lines[][8] = {
        {"1", "8", "6", "0", "年", "1", "0", "月"},
        {"年", "a", "年", "中", "文", "b", "c", "中"},
        {"䷀", "年", "1", "㐀", "a", "㐀", "年", "年"},
        {"é", "年", "年", "é", "Ａ", "年", "年", "Ａ"},
        {"年", "，", "A", "年", "年a", "年", "a年", "a"},
        {"中", "文", "中", "文", "中", "文", "中", "文"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        line l = {0};
        for (size_t k = 0; k < 8; k++)
            line_add(&l, lines[i][k]);
        check_line(&l);
    }
}

static void test_generated_lines(void **state)
{
    (void)state;
    uint32_t r = 12345;
    for (int i = 0; i < 3000; i++) {
        line l = {0};
        size_t n = 1 + i % 40;
        for (size_t k = 0; k < n; k++) {
            r = r * 1103515245u + 12345u;
            /* mostly Han, as a Chinese line is */
            size_t pick = (r >> 16) % (2 * NPIECES);
            line_add(&l, pick < NPIECES ? pieces[pick] : pieces[pick % 4]);
        }
        check_line(&l);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_lines),
        cmocka_unit_test(test_generated_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
