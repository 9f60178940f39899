/* pdf_format.c — low-level writing for the PDF backend (pdf_private.h):
 * numbers, hex digits and UTF-16 for content streams and CMaps, path
 * operands, and Flate compression of streams (the one file including
 * zlib).
 *
 * Formatted by hand: printf would follow LC_NUMERIC (a decimal comma would
 * corrupt the content stream), and costs several times more than the
 * digits.
 */
#include "pdf_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unicode.h"

#ifndef BK_DEFLATE_LEVEL
#define BK_DEFLATE_LEVEL 1
#endif

/* "%04X" without printf: four digits unrolled (every CID of a content
 * stream), more only above 0xFFFF. */
size_t bk_pdf_hex4(char *out, uint32_t v)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t n = 4;
    while (n < 8 && (v >> (4 * n)) != 0)
        n++;
    for (size_t k = 0; k + 4 < n; k++)
        out[k] = digits[(v >> (4 * (n - 1 - k))) & 0xF];
    char *o = out + n - 4;
    o[0] = digits[(v >> 12) & 0xF];
    o[1] = digits[(v >> 8) & 0xF];
    o[2] = digits[(v >> 4) & 0xF];
    o[3] = digits[v & 0xF];
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

/* Whether s[0..n) is one character: one step of bk_utf8_next_safe takes
 * all of it. That step takes the length its lead byte announces when the
 * continuation bytes follow, else one byte. */
int bk_pdf_one_codepoint(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n <= 1)
        return n == 1;
    size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    if (len != n)
        return 0;
    for (size_t k = 1; k < n; k++)
        if ((u[k] & 0xC0) != 0x80)
            return 0;
    return 1;
}

size_t bk_pdf_utf16_units(const char *s, size_t n)
{
    size_t i = 0, units = 0;
    while (i < n)
        units += bk_utf8_next_safe(s, n, &i) >= 0x10000 ? 2 : 1;
    return units;
}

/* llround(x) for |x| < 2^52, where the cast truncates and x minus its
 * integer part is exact; llround itself beyond. */
static long long round_half_away(double x)
{
    if (!(fabs(x) < 4503599627370496.0))
        return llround(x);
    long long t = (long long)x;
    double d = x - (double)t;
    return d >= 0.5 ? t + 1 : d <= -0.5 ? t - 1 : t;
}

/* "00" to "99": two digits a step. */
static const char two_digits[201] = "00010203040506070809101112131415161718192021222324"
                                    "25262728293031323334353637383940414243444546474849"
                                    "50515253545556575859606162636465666768697071727374"
                                    "75767778798081828384858687888990919293949596979899";

/* How long ".d" plus the two digits of r (0..99) is without trailing
 * zeros: 2 for r 0, 3 for a multiple of 10, else 4. */
static const char frac_len[101] = "2444444444" "3444444444" "3444444444" "3444444444"
                                  "3444444444" "3444444444" "3444444444" "3444444444"
                                  "3444444444" "3444444444";

/* The digits of an integer part of 1000 or more (rare on a page: off the
 * inline path). */
static size_t put_big_int(char *s, unsigned long long ip)
{
    char d[24];
    int nd = 24;
    while (ip >= 100) {
        nd -= 2;
        memcpy(d + nd, two_digits + 2 * (ip % 100), 2);
        ip /= 100;
    }
    if (ip >= 10) {
        nd -= 2;
        memcpy(d + nd, two_digits + 2 * ip, 2);
    } else {
        d[--nd] = (char)('0' + ip);
    }
    memcpy(s, d + nd, (size_t)(24 - nd));
    return (size_t)(24 - nd);
}

size_t bk_pdf_format_num(char *s, double v)
{
    if (!isfinite(v))
        v = 0;
    long long t = round_half_away(v * 1000.0);
    if (t == 0) {
        s[0] = '0';
        return 1;
    }
    size_t n = 0;
    if (t < 0)
        s[n++] = '-';
    unsigned long long a = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
    unsigned fp;
    if (a < 1000000) { /* below 1000: 32-bit steps, the digits inline */
        unsigned a32 = (unsigned)a, ip = a32 / 1000;
        fp = a32 - ip * 1000;
        if (ip < 10) {
            s[n++] = (char)('0' + ip);
        } else if (ip < 100) {
            memcpy(s + n, two_digits + 2 * ip, 2);
            n += 2;
        } else {
            s[n] = (char)('0' + ip / 100);
            memcpy(s + n + 1, two_digits + 2 * (ip % 100), 2);
            n += 3;
        }
    } else {
        n += put_big_int(s + n, a / 1000);
        fp = (unsigned)(a % 1000);
    }
    if (fp != 0) { /* no trailing zeros */
        unsigned r = fp % 100;
        s[n] = '.';
        s[n + 1] = (char)('0' + fp / 100);
        memcpy(s + n + 2, two_digits + 2 * r, 2);
        n += (size_t)(frac_len[r] - '0');
    }
    return n;
}

int bk_pdf_put_num(bk_buf *b, double v)
{
    char s[32];
    return bk_buf_append(b, s, bk_pdf_format_num(s, v));
}

/* The numbers and the operator formatted on the stack and appended at
 * once: paths are most of a map's content stream. */
int bk_pdf_put_pt(bk_buf *b, const double *q, int n, const char *op)
{
    char s[6 * 33 + 16];
    size_t k = 0;
    int r = 0;
    for (int i = 0; i < n; i++) {
        if (k > sizeof s - 33) {
            r |= bk_buf_append(b, s, k);
            k = 0;
        }
        k += bk_pdf_format_num(s + k, q[i]);
        s[k++] = ' ';
    }
    size_t ol = strlen(op);
    if (k + ol <= sizeof s) {
        memcpy(s + k, op, ol);
        return r | bk_buf_append(b, s, k + ol);
    }
    return r | bk_buf_append(b, s, k) | bk_buf_puts(b, op);
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

/* The compressor of a run. zlib's compress2 allocates about 270 KB of
 * state for every stream and frees it; the memory is kept here instead
 * and handed back to zlib for the next stream. Each stream still gets a
 * fresh deflateInit2, exactly as compress2 makes it (deflateReset would
 * leave the previous stream's bytes past the end of the window, where
 * the match search reads, and could choose other matches): the bytes are
 * compress2's. */
#define ZIP_SLOTS 8

struct bk_pdf_zip {
    struct {
        void *p;
        size_t size;
        int busy;
    } slot[ZIP_SLOTS];
    unsigned char *out; /* the last stream compressed */
    size_t cap;
};

bk_pdf_zip *bk_pdf_zip_new(void) { return calloc(1, sizeof(bk_pdf_zip)); }

void bk_pdf_zip_free(bk_pdf_zip *z)
{
    if (!z)
        return;
    for (int i = 0; i < ZIP_SLOTS; i++)
        free(z->slot[i].p);
    free(z->out);
    free(z);
}

/* zlib's allocator: a kept block that is large enough, else a new one
 * kept in a free slot (or not kept at all when none is free). */
static voidpf zip_alloc(voidpf opaque, uInt items, uInt size)
{
    bk_pdf_zip *z = opaque;
    size_t n = (size_t)items * size;
    int fit = -1, empty = -1;
    for (int i = 0; i < ZIP_SLOTS; i++) {
        if (z->slot[i].busy)
            continue;
        if (z->slot[i].p && z->slot[i].size >= n &&
            (fit < 0 || z->slot[i].size < z->slot[fit].size))
            fit = i;
        if (!z->slot[i].p && empty < 0)
            empty = i;
    }
    if (fit < 0 && empty >= 0) {
        if (!(z->slot[empty].p = malloc(n ? n : 1)))
            return Z_NULL;
        z->slot[empty].size = n;
        fit = empty;
    }
    if (fit < 0)
        return malloc(n ? n : 1);
    z->slot[fit].busy = 1;
    return z->slot[fit].p;
}

static void zip_release(voidpf opaque, voidpf p)
{
    bk_pdf_zip *z = opaque;
    for (int i = 0; i < ZIP_SLOTS; i++)
        if (z->slot[i].p == p) {
            z->slot[i].busy = 0;
            return;
        }
    free(p);
}

/* At BK_DEFLATE_LEVEL: libharu's own compression is fixed at zlib's
 * level 6, which costs more for little gain. */
int bk_pdf_zip_deflate(bk_pdf_zip *z, const void *data, size_t len,
                       const unsigned char **out, size_t *outlen)
{
    if (len > UINT32_MAX)
        return -1;
    uLong bound = compressBound((uLong)len);
    if (bound > z->cap) {
        unsigned char *o = realloc(z->out, bound);
        if (!o)
            return -1;
        z->out = o;
        z->cap = bound;
    }
    z_stream s;
    memset(&s, 0, sizeof s);
    s.zalloc = zip_alloc;
    s.zfree = zip_release;
    s.opaque = z;
    /* compress2's parameters: deflateInit(level) */
    if (deflateInit2(&s, BK_DEFLATE_LEVEL, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    s.next_in = (z_const Bytef *)data;
    s.avail_in = (uInt)len;
    s.next_out = z->out;
    s.avail_out = (uInt)bound;
    int r = deflate(&s, Z_FINISH);
    size_t n = s.total_out;
    deflateEnd(&s);
    if (r != Z_STREAM_END || n > UINT32_MAX)
        return -1;
    *out = z->out;
    *outlen = n;
    return 0;
}
