/* pdf_cmap.c — the text of a font's ToUnicode CMap (pdf_private.h):
 * character code (= CID) to the UTF-16BE text the glyph shows.
 */
#include "pdf_private.h"

#include <stdlib.h>

#include "unicode.h"

/* Entries per beginbfchar/beginbfrange block (the CMap format's limit). */
#define CMAP_BLOCK 100

static int cmp_cmap_entry(const void *a, const void *b)
{
    uint32_t x = ((const bk_pdf_cmap_entry *)a)->code, y = ((const bk_pdf_cmap_entry *)b)->code;
    return x < y ? -1 : x > y;
}

/* If the text is a single BMP code point (not a surrogate), returns it,
 * else -1: only those can share a bfrange. */
static long single_bmp(bk_pdf_slice t)
{
    size_t i = 0;
    uint32_t c = bk_utf8_next_safe(t.s, t.len, &i);
    return i == t.len && c < 0x10000 ? (long)c : -1;
}

/* Writes the entries [e, e+n) as blocks of at most CMAP_BLOCK, each
 * entry either a bfrange of `span[i]` codes or a bfchar. */
static int put_cmap_blocks(bk_buf *b, const bk_pdf_cmap_entry *e, const size_t *at,
                           const size_t *span, size_t n, int ranges)
{
    int r = 0;
    const char *kw = ranges ? "bfrange" : "bfchar";
    for (size_t i = 0; i < n; i++) {
        if (i % CMAP_BLOCK == 0)
            r |= bk_buf_printf(b, "%zu begin%s\n",
                               n - i < CMAP_BLOCK ? n - i : (size_t)CMAP_BLOCK, kw);
        const bk_pdf_cmap_entry *x = &e[at[i]];
        if (ranges) {
            /* "<%04X> <%04X> <%04lX>\n"; single_bmp is >= 0 in a range */
            r |= bk_buf_append(b, "<", 1) | bk_pdf_put_hex4(b, x->code) |
                 bk_buf_append(b, "> <", 3) |
                 bk_pdf_put_hex4(b, (uint32_t)(x->code + span[i] - 1)) |
                 bk_buf_append(b, "> <", 3) |
                 bk_pdf_put_hex4(b, (uint32_t)single_bmp(x->text)) |
                 bk_buf_append(b, ">\n", 2);
        } else {
            r |= bk_buf_append(b, "<", 1) | bk_pdf_put_hex4(b, x->code) |
                 bk_buf_append(b, "> <", 3);
            if (bk_pdf_put_utf16_hex(b, x->text.s, x->text.len) < 0)
                r = -1;
            r |= bk_buf_puts(b, ">\n");
        }
        if (i % CMAP_BLOCK == CMAP_BLOCK - 1 || i + 1 == n)
            r |= bk_buf_printf(b, "end%s\n", kw);
    }
    return r;
}

/* The ToUnicode CMap of a font: character code (= CID) to UTF-16BE text.
 * Codes that step by one with their text form bfranges (within one high
 * byte of the code and of the text, as the format requires); the rest are
 * bfchars. */
int bk_pdf_cmap_build(bk_buf *b, bk_pdf_cmap_entry *e, size_t n)
{
    int r = 0;
    size_t nchar = 0, nrange = 0;
    size_t *chars = malloc((n ? n : 1) * sizeof(*chars));
    size_t *ranges = malloc((n ? n : 1) * sizeof(*ranges));
    size_t *spans = malloc((n ? n : 1) * sizeof(*spans));
    if (!chars || !ranges || !spans) {
        r = -1;
        goto done;
    }
    qsort(e, n, sizeof(*e), cmp_cmap_entry);
    for (size_t i = 0; i < n;) {
        long u0 = single_bmp(e[i].text);
        size_t k = 1;
        if (u0 >= 0)
            while (i + k < n && e[i + k].code == e[i].code + k &&
                   (e[i + k].code >> 8) == (e[i].code >> 8) &&
                   single_bmp(e[i + k].text) == u0 + (long)k &&
                   ((unsigned long)u0 & 0xFF) + k <= 0xFF)
                k++;
        if (k >= 2) {
            ranges[nrange] = i;
            spans[nrange++] = k;
        } else {
            chars[nchar++] = i;
        }
        i += k;
    }
    r |= bk_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
                        "12 dict begin\n"
                        "begincmap\n"
                        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                        "/Supplement 0 >> def\n"
                        "/CMapName /Adobe-Identity-UCS def\n"
                        "/CMapType 2 def\n"
                        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    r |= put_cmap_blocks(b, e, chars, NULL, nchar, 0);
    r |= put_cmap_blocks(b, e, ranges, spans, nrange, 1);
    r |= bk_buf_puts(b, "endcmap\n"
                        "CMapName currentdict /CMap defineresource pop\n"
                        "end\nend\n");
done:
    free(chars);
    free(ranges);
    free(spans);
    return r ? -1 : 0;
}
