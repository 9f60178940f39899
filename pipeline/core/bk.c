/* bk.c — context, buffers, strings and the clock (see bk.h). */
#include "bk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memo.h"
#include "xml.h"

bk_ctx *bk_ctx_new(void)
{
    bk_ctx *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return NULL;
    ctx->diag = bk_diag_new();
    if (!ctx->diag) {
        free(ctx);
        return NULL;
    }
    ctx->epoch = -1;
    return ctx;
}

void bk_ctx_free(bk_ctx *ctx)
{
    if (!ctx)
        return;
    bk_diag_free(ctx->diag);
    bk_files_free(ctx->files);
    bk_xml_cache_free(ctx->xml);
    bk_memo_free(ctx->memo);
    free(ctx);
}

/* ---- buffers ----------------------------------------------------------- */

/* Room for n more bytes and the terminator: the capacity doubles. */
static int buf_grow(bk_buf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *d = realloc(b->data, cap);
    if (!d)
        return -1;
    b->data = d;
    b->cap = cap;
    return 0;
}

int bk_buf_append(bk_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap && buf_grow(b, n))
        return -1;
    char *d = b->data + b->len;
    /* most appends are one byte (text gathered a character at a time):
     * copied here without the call to memcpy */
    if (n == 1)
        d[0] = *(const char *)p;
    else if (n)
        memcpy(d, p, n);
    b->len += n;
    d[n] = '\0';
    return 0;
}

int bk_buf_puts(bk_buf *b, const char *s) { return bk_buf_append(b, s, strlen(s)); }

int bk_buf_printf(bk_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return bk_buf_append(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return -1;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = bk_buf_append(b, big, (size_t)n);
    free(big);
    return rc;
}

void bk_buf_release(bk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *bk_strdup(const char *s)
{
    return s ? bk_strndup(s, strlen(s)) : NULL;
}

char *bk_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

double bk_clock_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
