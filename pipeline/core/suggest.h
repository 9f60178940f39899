/* suggest.h — "did you mean": the edit distance between words and the
 * nearest of a list, for messages about misspelt names and values. */
#ifndef BK_SUGGEST_H
#define BK_SUGGEST_H

#include <stddef.h>

/* The edit distance (optimal string alignment: Levenshtein plus swaps of
 * neighbours; on bytes, case-insensitive) between a
 * and b, stopping at `cap` (returns cap when it is reached). Words longer
 * than 64 bytes are `cap` away from everything. */
size_t bk_edit_distance(const char *a, const char *b, size_t cap);

/* The word of words[0..n) nearest to `word` by edit distance, when near
 * enough to be a likely typo (at most a third of its length, at least 1),
 * else NULL. The first of equally near words wins. */
const char *bk_nearest_word(const char *word, const char *const *words,
                            size_t n);

#endif
