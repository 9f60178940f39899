/* clreq.h — Chinese punctuation classes of clreq (W3C, Requirements for
 * Chinese Text Layout) for line breaking (paragraph.c): marks that never
 * start or end a line, marks whose blank half may be taken away, marks set
 * half width at a line end. Pure functions of a code point. */
#ifndef BK_CLREQ_H
#define BK_CLREQ_H

#include <stdint.h>

/* Every mark the sets below hold lies in these ranges: they are asked
 * about every character of a Chinese paragraph, and nearly all (Han,
 * letters) fail here at once, inline; the sets are the _lookup functions. */
static inline int bk_clreq_maybe_mark(uint32_t c)
{
    /* first the gap between the ranges that holds the Han ideographs, and
     * ASCII below the middle dot: one test each */
    if (c - 0x30FCu < 0xFF01u - 0x30FCu || c < 0x00B7)
        return 0;
    return c == 0x00B7 || (c >= 0x2014 && c <= 0x2026) || (c >= 0x3001 && c <= 0x30FB) ||
           (c >= 0xFF01 && c <= 0xFF5D);
}
int bk_clreq_lookup_no_line_start(uint32_t c);
int bk_clreq_lookup_no_line_end(uint32_t c);
int bk_clreq_lookup_closing(uint32_t c);
int bk_clreq_lookup_end_half(uint32_t c, int simplified);

/* Closing marks, stops and pauses, the middle dot, dashes and ellipses:
 * never at a line start. */
static inline int bk_clreq_no_line_start(uint32_t c)
{
    return bk_clreq_maybe_mark(c) && bk_clreq_lookup_no_line_start(c);
}
/* Opening brackets and quotes: never at a line end. */
static inline int bk_clreq_no_line_end(uint32_t c)
{
    return bk_clreq_maybe_mark(c) && bk_clreq_lookup_no_line_end(c);
}
/* Full-width punctuation whose ink sits in the left half of the em
 * (Simplified Chinese fonts): its right half may be taken away. */
static inline int bk_clreq_closing(uint32_t c)
{
    return bk_clreq_maybe_mark(c) && bk_clreq_lookup_closing(c);
}
/* Opening marks, ink in the right half: the left half may go. */
static inline int bk_clreq_opening(uint32_t c) { return bk_clreq_no_line_end(c); }
/* Set half width at a line end: closing brackets and quotes in any
 * Chinese, and 、，。．：；！？ in Simplified Chinese (`simplified`). */
static inline int bk_clreq_end_half(uint32_t c, int simplified)
{
    return bk_clreq_maybe_mark(c) && bk_clreq_lookup_end_half(c, simplified);
}

#endif
