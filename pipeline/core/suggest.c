/* suggest.c — "did you mean" for words (see suggest.h). */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

size_t bk_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 64 || nb > 64)
        return cap;
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t sub = diag + (tolower((unsigned char)a[i - 1]) !=
                                 tolower((unsigned char)b[j - 1]));
            size_t v = sub < up + 1 ? sub : up + 1;
            row[j] = v < row[j - 1] + 1 ? v : row[j - 1] + 1;
            diag = up;
            best = row[j] < best ? row[j] : best;
        }
        if (best >= cap)
            return cap;
    }
    return row[nb] < cap ? row[nb] : cap;
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

