/* suggest.c — "did you mean" for words (see suggest.h). */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

static int same(char a, char b)
{
    return tolower((unsigned char)a) == tolower((unsigned char)b);
}

/* Optimal string alignment: insertions, deletions, substitutions and
 * swaps of neighbours ("sytle") cost 1; three rows of the table. */
size_t bk_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 64 || nb > 64)
        return cap;
    size_t rows[3][65];
    size_t *prev2 = rows[0], *prev = rows[1], *row = rows[2];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t v = prev[j - 1] + !same(a[i - 1], b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            row[j] = v;
            best = v < best ? v : best;
        }
        if (best >= cap)
            return cap;
        size_t *t = prev2;
        prev2 = prev, prev = row, row = t;
    }
    return prev[nb] < cap ? prev[nb] : cap;
}

const char *bk_nearest_word(const char *word, const char *const *words,
                            size_t n)
{
    size_t len = strlen(word), limit = len / 3 < 1 ? 1 : len / 3;
    const char *best = NULL;
    size_t bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = bk_edit_distance(word, words[i], bestd);
        if (d < bestd) {
            bestd = d;
            best = words[i];
        }
    }
    return best;
}

