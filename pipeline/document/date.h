/* date.h — dates written the way each language writes them:
 *   en: 18 October 1860    vi: ngày 18 tháng 10 năm 1860    zh: 1860年10月18日
 * and ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) parsed for the timeline and
 * the edition date. No locale data is involved: the forms are fixed.
 */
#ifndef BK_DATE_H
#define BK_DATE_H

#include "bk.h"

typedef struct bk_date {
    int year, month, day; /* month/day 0 when the date is less precise */
} bk_date;

/* Parses "1860", "1860-10" or "1860-10-24". Returns 0 or -1. */
int bk_date_parse(const char *iso, bk_date *out);
/* The date of a Unix time (UTC). */
bk_date bk_date_from_epoch(long long epoch);
/* Writes the date in the language's form into out (UTF-8). */
void bk_date_format(const bk_date *d, const char *lang, bk_buf *out);

#endif
