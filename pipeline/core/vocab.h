/* vocab.h — the vocabulary of a RELAX NG schema (for each element: the
 * attributes it may carry, which of them it needs, the words an attribute
 * may take, the elements it may hold) and a check of a document against
 * it that names every unknown element or attribute at file:line:col with
 * the allowed ones and a "did you mean" suggestion. libxml2's RELAX NG
 * validator still runs afterwards for what a vocabulary cannot say
 * (order, counts); this pass exists because its messages are poor.
 *
 * Language attributes (lang, xml:lang) are checked as BCP 47 tags with
 * bk_lang_check.
 *
 * Ownership: bk_vocab_new copies what it needs from the grammar tree;
 * bk_vocab_free(NULL) is a no-op.
 */
#ifndef BK_VOCAB_H
#define BK_VOCAB_H

#include <stddef.h>

#include "bk.h"
#include "node.h"

typedef struct bk_vocab bk_vocab;

/* The vocabulary of a grammar read into a tree (its root <grammar> or
 * <element>). NULL on OOM. */
bk_vocab *bk_vocab_new(const bk_node *rng);
void bk_vocab_free(bk_vocab *v);

/* Checks doc (read from `data`, `len` bytes, used to find columns) and
 * records each problem as an error of `file`. Returns BK_OK or
 * BK_EINPUT. */
bk_status bk_vocab_check(bk_ctx *ctx, const bk_vocab *v, const char *file,
                         const char *data, size_t len, const bk_node *doc);

#endif
