/* fuzz_hyphen.c — libFuzzer target: hyphenation patterns (hyphenate.c:
 * its own matcher for plain pattern files, libhyphen for the rest). The
 * input becomes a pattern file in a private folder; a few words are then
 * hyphenated with the layout's usual left/right minimums and others.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message; points only inside the word, never closer to its
 * ends than left and right allow.
 */
#include "fuzz.h"
#include "hyphenate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);
const char *__asan_default_options(void);

/* libhyphen 2.8 loses the copy of a pattern that occurs twice in a file
 * it reads (hnj_hyphen_load_line; a few bytes per duplicate, once per
 * load): not ours to fix, and only files our own matcher declines reach
 * it (tests/fuzz/regress/hyphen/duplicate-pattern-libhyphen). */
/* It also loses memory in hnj_hyphen_hyph_ when a file with a second level
 * of patterns (NEXTLEVEL, for compounds) hyphenates a word, a few bytes a
 * word: found by a 10-minute run (4091 objects over 115 000 inputs), not
 * ours to fix either; our code frees what hnj_hyphen_hyphenate3 hands
 * back (rep, pos, cut). */
const char *__lsan_default_suppressions(void)
{
    return "leak:hnj_hyphen_load_line\nleak:hnj_hyphen_hyph_\n";
}

/* libhyphen has no frame pointers: the slow unwinder finds the function
 * the suppression names. */
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

static void check_word(bk_hyphenator *h, const char *w, int left, int right)
{
    unsigned char points[128];
    size_t len = strlen(w);
    memset(points, 0xaa, sizeof points);
    int n = bk_hyphenator_points(h, w, len, left, right, points);
    int seen = 0;
    for (size_t i = 0; i < len; i++) {
        if (points[i] > 1) {
            fprintf(stderr, "fuzz: points[%zu] of '%s' is %d\n", i, w,
                    points[i]);
            abort();
        }
        if (!points[i])
            continue;
        seen++;
        if (i + 1 < (size_t)left || len - (i + 1) < (size_t)right ||
            i + 1 >= len) {
            fprintf(stderr, "fuzz: '%s' breaks after byte %zu (left %d, "
                            "right %d)\n", w, i, left, right);
            abort();
        }
    }
    if (n != seen) {
        fprintf(stderr, "fuzz: '%s': %d points returned, %d set\n", w, n,
                seen);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const words[] = {
        "hyphenation", "Baliqiao", "representatives", "a", "ab",
        "Convention", "UNIVERSITY", "extraordinarily", "xx", "nonASCII\xc3\xa9",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    char path[128];
    snprintf(path, sizeof path, "%s", fuzz_file("hyph.dic", data, size));
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_hyphenator *h = NULL;
    bk_status st = bk_hyphenator_new(ctx, path, &h);
    fuzz_check_status(ctx, st, "bk_hyphenator_new");
    if (st == BK_OK)
        for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
            check_word(h, words[i], 2, 3);
            check_word(h, words[i], 1, 1);
        }
    bk_hyphenator_free(h);
    bk_ctx_free(ctx);
    return 0;
}
