/* clreq.c — the Chinese punctuation classes of clreq (Requirements for
 * Chinese Text Layout) that line breaking and line edges ask about (see
 * clreq.h). */
#include "clreq.h"

/* c is in the 0-terminated set. */
static int in_set(const uint32_t *set, uint32_t c)
{
    for (int i = 0; set[i]; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

int bk_clreq_lookup_no_line_start(uint32_t c)
{
    static const uint32_t set[] = {0x3001, 0xFF0C, 0xFF1B, 0xFF1A, 0x3002, 0xFF01,
                                   0xFF1F, 0x300D, 0x300F, 0x201D, 0x2019, 0xFF09,
                                   0x300B, 0x3009, 0x3011, 0x00B7, 0x30FB, 0xFF0E,
                                   0x2014, 0x2026, 0x3015, 0xFF3D, 0xFF5D, 0};
    return in_set(set, c);
}

int bk_clreq_lookup_no_line_end(uint32_t c)
{
    static const uint32_t set[] = {0x300C, 0x300E, 0x201C, 0x2018, 0xFF08, 0x300A,
                                   0x3008, 0x3010, 0x3014, 0xFF3B, 0xFF5B, 0};
    return in_set(set, c);
}

/* Full-width punctuation whose ink sits in the left half of the em
 * (Simplified Chinese fonts): its right half may be taken away. */
int bk_clreq_lookup_closing(uint32_t c)
{
    static const uint32_t set[] = {0x3001, 0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0x300D,
                                   0x300F, 0x201D, 0x2019, 0xFF09, 0x300B, 0x3009,
                                   0x3011, 0x3015, 0};
    return in_set(set, c);
}

/* clreq (line adjustment): marks set half width at a line end: closing
 * brackets and quotes in any Chinese, and the pause and stop marks
 * 、，。．：；！？ in Simplified Chinese, whose fonts draw them in the left
 * half of the em (Traditional Chinese centres them: they keep their
 * width). */
int bk_clreq_lookup_end_half(uint32_t c, int simplified)
{
    static const uint32_t stops[] = {0x3001, 0xFF0C, 0x3002, 0xFF0E, 0xFF1A,
                                     0xFF1B, 0xFF01, 0xFF1F, 0};
    static const uint32_t closing[] = {0x300D, 0x300F, 0x201D, 0x2019, 0xFF09,
                                       0x300B, 0x3009, 0x3011, 0x3015, 0xFF3D,
                                       0xFF5D, 0};
    return (simplified && in_set(stops, c)) || in_set(closing, c);
}
