/* date.h — dates written the way each language writes them, from the
 * patterns of its message catalog (messages/LANG.xml: date.day,
 * date.month, date.year, with {day}, {month}, {monthname} and {year}):
 *   en: 18 October 1860    vi: ngày 18 tháng 10 năm 1860    zh: 1860年10月18日
 * and ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) parsed for the timeline and
 * the edition date.
 */
#ifndef BK_DATE_H
#define BK_DATE_H

#include "bk.h"
#include "messages.h"

typedef struct bk_date {
    int year, month, day; /* month/day 0 when the date is less precise */
} bk_date;

/* Parses "1860", "1860-10" or "1860-10-24". Returns 0 or -1. */
int bk_date_parse(const char *iso, bk_date *out);
/* The date of a Unix time (UTC). */
bk_date bk_date_from_epoch(long long epoch);
/* Appends the date in the form of catalog m (the booklet's language) to out
 * (UTF-8); without a catalog, in ISO form. Returns 0, or -1 when out of
 * memory. */
int bk_date_format(const bk_date *d, const bk_messages *m, bk_buf *out);

#endif
