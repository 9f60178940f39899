/* hyphenate.h — the libhyphen adapter: hyphenation points of words from TeX
 * patterns (Debian's hyphen-en-us). The only code that includes hyphen.h.
 *
 * Ownership: bk_hyphenator_new returns an object freed with
 * bk_hyphenator_free (accepts NULL); the dictionary is loaded once.
 */
#ifndef BK_HYPHENATE_H
#define BK_HYPHENATE_H

#include "bk.h"

typedef struct bk_hyphenator bk_hyphenator;

bk_status bk_hyphenator_new(bk_ctx *ctx, const char *dict_path,
                            bk_hyphenator **out);
void bk_hyphenator_free(bk_hyphenator *h);

/* Hyphenation points of a word of ASCII letters (any case): after the
 * call, points[i] is 1 when the word may break between byte i and i+1.
 * At least `left` letters stay before a break and `right` after it.
 * points must have len entries. Returns the number of points; words that
 * are not plain ASCII letters, or longer than 100 bytes, get none. */
int bk_hyphenator_points(bk_hyphenator *h, const char *word, size_t len,
                         int left, int right, unsigned char *points);

#endif
