/* memo.h — what one run makes once and shares: objects built from the
 * bytes of a file that several stages read (the English message catalog,
 * the fallback of every other catalog, is read once instead of once per
 * language). An object is found by its kind, its name (the file's path)
 * and the bytes it was made from, so that a file changed during the run
 * makes a new one.
 *
 * Ownership: the run's bk_ctx owns the memo and every object kept in it,
 * freeing each with the function given to bk_memo_keep; callers that hand
 * an object out beyond the run count references themselves. */
#ifndef BK_MEMO_H
#define BK_MEMO_H

#include "bk.h"

typedef struct bk_memo bk_memo;

/* The object kept for (kind, name, the len bytes of data), or NULL. */
void *bk_memo_find(const bk_ctx *ctx, const char *kind, const char *name, const char *data,
                   size_t len);

/* Keeps obj for (kind, name, data): 0, or -1 when out of memory (then obj
 * is not kept and the caller still owns it). */
int bk_memo_keep(bk_ctx *ctx, const char *kind, const char *name, const char *data, size_t len,
                 void *obj, void (*free_fn)(void *));

/* Frees every object kept (with its function) and the memo; NULL is a
 * no-op. Called by bk_ctx_free. */
void bk_memo_free(bk_memo *m);

#endif
