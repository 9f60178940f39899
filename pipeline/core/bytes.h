/* bytes.h — big-endian integers in font files (sfnt tables): read and
 * written by the font readers (text/fontinfo.c, text/font.c), the subset
 * planner (text/shape.c) and the TrueType writer (output/pdf_ttf.c). The
 * caller checks bounds. */
#ifndef BK_BYTES_H
#define BK_BYTES_H

#include <stdint.h>

static inline uint32_t bk_be16_get(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static inline uint32_t bk_be32_get(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void bk_be16_put(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void bk_be32_put(unsigned char *p, uint32_t v)
{
    bk_be16_put(p, v >> 16);
    bk_be16_put(p + 2, v & 0xFFFF);
}

#endif
