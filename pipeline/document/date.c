/* date.c — dates per language (see date.h). */
#include "lang.h"
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


void bk_date_format(const bk_date *d, const char *lang, bk_buf *out)
{
    static const char *const months[] = {"January", "February", "March", "April",
                                         "May", "June", "July", "August",
                                         "September", "October", "November",
                                         "December"};
    if (bk_lang_is(lang, "zh") || bk_lang_is(lang, "ja")) {
        bk_buf_printf(out, "%d年", d->year);
        if (d->month)
            bk_buf_printf(out, "%d月", d->month);
        if (d->day)
            bk_buf_printf(out, "%d日", d->day);
    } else if (bk_lang_is(lang, "vi")) {
        if (d->day)
            bk_buf_printf(out, "ngày %d ", d->day);
        if (d->month)
            bk_buf_printf(out, "tháng %d ", d->month);
        bk_buf_printf(out, "năm %d", d->year);
    } else {
        if (d->day)
            bk_buf_printf(out, "%d ", d->day);
        if (d->month)
            bk_buf_printf(out, "%s ", months[d->month - 1]);
        bk_buf_printf(out, "%d", d->year);
    }
}
