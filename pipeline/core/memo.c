/* memo.c — objects one run makes once and shares (see memo.h). */
#include "memo.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *kind, *name, *data;
    size_t len;
    void *obj;
    void (*free_fn)(void *);
} entry;

/* A run keeps a handful (the message catalogs): a list is enough. */
struct bk_memo {
    entry *e;
    size_t n;
};

void *bk_memo_find(const bk_ctx *ctx, const char *kind, const char *name, const char *data,
                   size_t len)
{
    const bk_memo *m = ctx->memo;
    for (size_t i = 0; m && i < m->n; i++) {
        const entry *e = &m->e[i];
        if (e->len == len && strcmp(e->kind, kind) == 0 && strcmp(e->name, name) == 0 &&
            memcmp(e->data, data, len) == 0)
            return e->obj;
    }
    return NULL;
}

int bk_memo_keep(bk_ctx *ctx, const char *kind, const char *name, const char *data, size_t len,
                 void *obj, void (*free_fn)(void *))
{
    if (!ctx->memo && !(ctx->memo = calloc(1, sizeof(*ctx->memo))))
        return -1;
    bk_memo *m = ctx->memo;
    entry *ne = realloc(m->e, (m->n + 1) * sizeof(*ne));
    if (!ne)
        return -1;
    m->e = ne;
    entry e = {bk_strdup(kind), bk_strdup(name), malloc(len ? len : 1), len, obj, free_fn};
    if (!e.kind || !e.name || !e.data) {
        free(e.kind);
        free(e.name);
        free(e.data);
        return -1;
    }
    memcpy(e.data, data, len);
    m->e[m->n++] = e;
    return 0;
}

void bk_memo_free(bk_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        m->e[i].free_fn(m->e[i].obj);
        free(m->e[i].kind);
        free(m->e[i].name);
        free(m->e[i].data);
    }
    free(m->e);
    free(m);
}
