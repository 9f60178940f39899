/* pdf_format.c — low-level writing for the PDF backend (pdf_private.h):
 * numbers, hex digits and UTF-16 for content streams and CMaps, path
 * operands, and Flate compression of streams.
 *
 * Formatted by hand: printf would follow LC_NUMERIC (a decimal comma would
 * corrupt the content stream), and costs several times more than the
 * digits.
 */
#include "pdf_private.h"

#include <math.h>
#include <stdlib.h>
#include <zlib.h>

#include "unicode.h"

#ifndef BK_DEFLATE_LEVEL
#define BK_DEFLATE_LEVEL 1
#endif

size_t bk_pdf_count_codepoints(const char *s, size_t n)
{
    size_t i = 0, k = 0;
    while (i < n) {
        bk_utf8_next_safe(s, n, &i);
        k++;
    }
    return k;
}

/* "%04X" without printf. */
size_t bk_pdf_hex4(char *out, uint32_t v)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t n = 4;
    while (n < 8 && (v >> (4 * n)) != 0)
        n++;
    for (size_t k = 0; k < n; k++)
        out[k] = digits[(v >> (4 * (n - 1 - k))) & 0xF];
    return n;
}

int bk_pdf_put_hex4(bk_buf *b, uint32_t v)
{
    char h[8];
    return bk_buf_append(b, h, bk_pdf_hex4(h, v));
}

/* Surrogate pairs beyond the BMP. */
long bk_pdf_put_utf16_hex(bk_buf *b, const char *s, size_t n)
{
    long units = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = bk_utf8_next_safe(s, n, &i);
        int r;
        if (c >= 0x10000) {
            c -= 0x10000;
            r = bk_pdf_put_hex4(b, 0xD800 + (c >> 10)) |
                bk_pdf_put_hex4(b, 0xDC00 + (c & 0x3FF));
            units += 2;
        } else {
            r = bk_pdf_put_hex4(b, c);
            units += 1;
        }
        if (r < 0)
            return -1;
    }
    return units;
}

size_t bk_pdf_utf16_units(const char *s, size_t n)
{
    size_t i = 0, units = 0;
    while (i < n)
        units += bk_utf8_next_safe(s, n, &i) >= 0x10000 ? 2 : 1;
    return units;
}

int bk_pdf_put_num(bk_buf *b, double v)
{
    if (!isfinite(v))
        v = 0;
    long long t = llround(v * 1000.0);
    if (t == 0)
        return bk_buf_append(b, "0", 1);
    /* digits from the right: at most 20 + '.' + 3 + '-' */
    char s[32], *e = s + sizeof s, *p = e;
    unsigned long long a = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
    unsigned long long ip = a / 1000;
    unsigned fp = (unsigned)(a % 1000);
    if (fp != 0) {
        int nd = 3;
        for (; fp % 10 == 0; nd--)
            fp /= 10; /* no trailing zeros */
        for (int k = 0; k < nd; k++, fp /= 10)
            *--p = (char)('0' + fp % 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (t < 0)
        *--p = '-';
    return bk_buf_append(b, p, (size_t)(e - p));
}

int bk_pdf_put_pt(bk_buf *b, const double *q, int n, const char *op)
{
    int r = 0;
    for (int k = 0; k < n; k++) {
        r |= bk_pdf_put_num(b, q[k]);
        r |= bk_buf_puts(b, " ");
    }
    return r | bk_buf_puts(b, op);
}

int bk_pdf_put_rect(bk_buf *b, double x, double y, double w, double h, const char *op)
{
    double q[4] = {x, y, w, h};
    return bk_pdf_put_pt(b, q, 4, "re ") | bk_buf_puts(b, op);
}

int bk_pdf_put_line(bk_buf *b, double x0, double y0, double x1, double y1)
{
    double q[4] = {x0, y0, x1, y1};
    return bk_pdf_put_pt(b, q, 2, "m ") | bk_pdf_put_pt(b, q + 2, 2, "l\n");
}

/* At BK_DEFLATE_LEVEL: libharu's own compression is fixed at zlib's
 * level 6, which costs more for little gain. */
unsigned char *bk_pdf_deflate(const void *data, size_t len, size_t *outlen)
{
    uLongf n = compressBound((uLong)len);
    unsigned char *z = malloc(n);
    if (z && compress2(z, &n, data, (uLong)len, BK_DEFLATE_LEVEL) == Z_OK &&
        n <= UINT32_MAX) {
        *outlen = n;
        return z;
    }
    free(z);
    return NULL;
}
