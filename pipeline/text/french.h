/* french.h — French spacing rules on line breaks (french.c).
 *
 * French text is often typed with ordinary spaces where a French
 * typesetter puts no-break ones: inside guillemets (« mot ») and between
 * the groups of digits of a number (1 230). bk_french_breaks takes the
 * break opportunities of UAX #14 (brk[i]: a line may start at byte i, as
 * bk_unicode_line_breaks gives them) and removes those such a space would
 * not allow: after « and its spaces, before » after spaces, and between a
 * group of one to three digits and a following group of exactly three
 * ("1 230", "12 500 000"; not "1870 300", two numbers). UAX #14 already
 * keeps a space before ! ? ; : from breaking. Mandatory breaks are kept.
 * Ownership: nothing is kept; text and brk are the caller's. */
#ifndef BK_FRENCH_H
#define BK_FRENCH_H

#include <stddef.h>

void bk_french_breaks(const char *text, size_t len, unsigned char *brk);

#endif
