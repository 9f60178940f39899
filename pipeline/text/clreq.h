/* clreq.h — Chinese punctuation classes of clreq (W3C, Requirements for
 * Chinese Text Layout) for line breaking (paragraph.c): marks that never
 * start or end a line, marks whose blank half may be taken away, marks set
 * half width at a line end. Pure functions of a code point. */
#ifndef BK_CLREQ_H
#define BK_CLREQ_H

#include <stdint.h>

/* Closing marks, stops and pauses, the middle dot, dashes and ellipses:
 * never at a line start. */
int bk_clreq_no_line_start(uint32_t c);
/* Opening brackets and quotes: never at a line end. */
int bk_clreq_no_line_end(uint32_t c);
/* Full-width punctuation whose ink sits in the left half of the em
 * (Simplified Chinese fonts): its right half may be taken away. */
int bk_clreq_closing(uint32_t c);
/* Opening marks, ink in the right half: the left half may go. */
int bk_clreq_opening(uint32_t c);
/* Set half width at a line end: closing brackets and quotes in any
 * Chinese, and 、，。．：；！？ in Simplified Chinese (`simplified`). */
int bk_clreq_end_half(uint32_t c, int simplified);

#endif
