/* french.c — French spacing rules on line breaks (see french.h). */
#include "french.h"

#include "unicode.h"

/* The length of a space at t[i] that French sets inside guillemets:
 * U+0020, no-break space U+00A0 or narrow no-break space U+202F; 0 for
 * none. */
static size_t space_at(const char *t, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)t;
    if (i < len && u[i] == ' ')
        return 1;
    if (i + 1 < len && u[i] == 0xc2 && u[i + 1] == 0xa0)
        return 2;
    if (i + 2 < len && u[i] == 0xe2 && u[i + 1] == 0x80 && u[i + 2] == 0xaf)
        return 3;
    return 0;
}

/* The length of such a space ending just before t[i]; 0 for none. */
static size_t space_before(const char *t, size_t i)
{
    const unsigned char *u = (const unsigned char *)t;
    if (i >= 1 && u[i - 1] == ' ')
        return 1;
    if (i >= 2 && u[i - 2] == 0xc2 && u[i - 1] == 0xa0)
        return 2;
    if (i >= 3 && u[i - 3] == 0xe2 && u[i - 2] == 0x80 && u[i - 1] == 0xaf)
        return 3;
    return 0;
}

static int digit_at(const char *t, size_t len, size_t i)
{
    return i < len && t[i] >= '0' && t[i] <= '9';
}

/* 1 when the digits just before byte i (a space) are a number's leading
 * group (1 to 3 digits: "12" of "12 500") or one of its groups of three
 * after a space ("500" of "12 500 000"): "1870 300 hommes" is two numbers. */
static int group_before(const char *t, size_t i)
{
    size_t n = 0;
    while (n < i && t[i - 1 - n] >= '0' && t[i - 1 - n] <= '9')
        n++;
    return n >= 1 && n <= 3;
}

static void forbid(unsigned char *brk, size_t i)
{
    if (brk[i] == BK_BREAK_ALLOWED)
        brk[i] = BK_BREAK_NONE;
}

void bk_french_breaks(const char *text, size_t len, unsigned char *brk)
{
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i + 1 < len; i++) {
        if (u[i] == 0xc2 && u[i + 1] == 0xab) { /* « and spaces: not at a line end */
            size_t j = i + 2, n;
            while ((n = space_at(text, len, j)) > 0)
                j += n;
            if (j > i + 2 && j < len)
                forbid(brk, j);
        } else if (u[i] == 0xc2 && u[i + 1] == 0xbb && space_before(text, i)) {
            forbid(brk, i); /* spaces and »: not at a line start */
        } else if (u[i] == ' ' && group_before(text, i) && digit_at(text, len, i + 1) &&
                   digit_at(text, len, i + 2) && digit_at(text, len, i + 3) &&
                   !digit_at(text, len, i + 4)) {
            forbid(brk, i + 1); /* "1 230": a group of three stays */
        }
    }
}
