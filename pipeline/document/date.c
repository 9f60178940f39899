/* date.c — dates per language (see date.h). */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int valid(const bk_date *d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d->year < 1 || d->year > 9999 || d->month < 0 || d->month > 12)
        return 0;
    if (d->day && (!d->month || d->day < 1 || d->day > days[d->month - 1]))
        return 0;
    return 1;
}

int bk_date_parse(const char *iso, bk_date *out)
{
    bk_date d = {0};
    char tail = 0;
    int n = iso ? sscanf(iso, "%4d-%2d-%2d%c", &d.year, &d.month, &d.day, &tail) : 0;
    size_t len = iso ? strlen(iso) : 0;
    if (!((n == 1 && len == 4) || (n == 2 && len == 7) || (n == 3 && len == 10)))
        return -1;
    if (!valid(&d))
        return -1;
    *out = d;
    return 0;
}

bk_date bk_date_from_epoch(long long epoch)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    bk_date d = {1970, 1, 1};
    if (gmtime_r(&t, &tm)) {
        d.year = tm.tm_year + 1900;
        d.month = tm.tm_mon + 1;
        d.day = tm.tm_mday;
    }
    return d;
}


/* The value of placeholder {name} of a date pattern, into buf. */
static const char *field(const bk_date *d, const bk_messages *m, const char *name,
                         size_t n, char *buf, size_t size)
{
    if (n == 3 && strncmp(name, "day", 3) == 0)
        snprintf(buf, size, "%d", d->day);
    else if (n == 5 && strncmp(name, "month", 5) == 0)
        snprintf(buf, size, "%d", d->month);
    else if (n == 4 && strncmp(name, "year", 4) == 0)
        snprintf(buf, size, "%d", d->year);
    else if (n == 9 && strncmp(name, "monthname", 9) == 0) {
        char id[32];
        snprintf(id, sizeof id, "date.month.long.%d", d->month);
        const char *v = bk_messages_get(m, id);
        snprintf(buf, size, "%s", v ? v : "");
    } else
        return NULL;
    return buf;
}

int bk_date_format(const bk_date *d, const bk_messages *m, bk_buf *out)
{
    const char *pat = !m ? NULL
                      : d->day   ? bk_messages_get(m, "date.day")
                      : d->month ? bk_messages_get(m, "date.month")
                                 : bk_messages_get(m, "date.year");
    if (!pat) /* no words for dates: the ISO form says it in any language */
        return d->day     ? bk_buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day)
               : d->month ? bk_buf_printf(out, "%04d-%02d", d->year, d->month)
                          : bk_buf_printf(out, "%04d", d->year);
    for (const char *s = pat; *s;) {
        const char *open = strchr(s, '{'), *close = open ? strchr(open, '}') : NULL;
        char buf[96];
        const char *v = close ? field(d, m, open + 1, (size_t)(close - open - 1), buf,
                                      sizeof buf)
                              : NULL;
        size_t lit = v ? (size_t)(open - s) : (open ? (size_t)(open - s) + 1 : strlen(s));
        if (bk_buf_append(out, s, lit) || (v && bk_buf_puts(out, v)))
            return -1;
        s += lit + (v ? (size_t)(close - open) + 1 : 0);
    }
    return 0;
}
