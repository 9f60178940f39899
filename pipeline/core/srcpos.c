/* srcpos.c — finds an attribute's column again in its source file: the
 * tree records lines only, and a message should point at the attribute
 * that holds the mistake. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcpos.h"

enum { LOOK_BACK = 8, LINE_MAX_BYTES = 65536 };

/* Line `want` of the file into buf (without its newline); 0 or -1. */
static int line_read(FILE *fp, long want, char *buf, size_t cap)
{
    rewind(fp);
    long at = 1;
    size_t n = 0;
    int c;
    while ((c = getc(fp)) != EOF) {
        if (at == want) {
            if (c == '\n')
                break;
            if (n + 1 < cap)
                buf[n++] = (char)c;
        } else if (c == '\n' && ++at > want) {
            break;
        }
    }
    buf[n] = '\0';
    return at == want ? 0 : -1;
}

/* Where ` attr=` (or `attr =`) starts in s, or NULL. */
static const char *attr_find(const char *s, const char *attr)
{
    size_t al = strlen(attr);
    for (const char *p = strstr(s, attr); p; p = strstr(p + 1, attr)) {
        if (p > s && p[-1] != ' ' && p[-1] != '\t')
            continue;
        const char *q = p + al;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q == '=')
            return p;
    }
    return NULL;
}

/* The column of the attribute (or, with n >= 0, of its value's n-th
 * token) near line *line. */
static long find(const char *file, long *line, const char *attr, long n)
{
    if (!file || !line || *line <= 0)
        return 0;
    FILE *fp = fopen(file, "rb");
    char *buf = fp ? malloc(LINE_MAX_BYTES) : NULL;
    long col = 0;
    for (long l = *line; buf && l > 0 && l > *line - LOOK_BACK && !col; l--) {
        if (line_read(fp, l, buf, LINE_MAX_BYTES) != 0)
            break;
        const char *p = attr ? attr_find(buf, attr) : strchr(buf, '<');
        if (!p)
            continue;
        if (n >= 0) {
            const char *q = strchr(p, '=');
            q = q ? q + strspn(q + 1, " \t") + 1 : NULL;
            char quote = q ? *q : 0;
            if (quote != '"' && quote != '\'')
                continue;
            q++;
            for (long k = 0;; k++) {
                q += strspn(q, " \t");
                if (!*q || *q == quote)
                    break;
                if (k == n) {
                    p = q;
                    break;
                }
                q += strcspn(q, " \t\"'");
            }
        }
        col = (long)(p - buf) + 1;
        *line = l;
    }
    free(buf);
    if (fp)
        fclose(fp);
    return col;
}

long bk_srcpos_attr_col(const char *file, long *line, const char *attr)
{
    return find(file, line, attr, -1);
}

long bk_srcpos_token_col(const char *file, long *line, const char *attr, size_t n)
{
    return find(file, line, attr, (long)n);
}

enum { LOOK_AHEAD = 64 };

long bk_srcpos_char_col(const char *file, long *line, const char *utf8)
{
    if (!file || !line || *line <= 0 || !utf8 || !*utf8)
        return 0;
    FILE *fp = fopen(file, "rb");
    if (!fp)
        return 0;
    char *buf = NULL;
    size_t cap = 0;
    long at = 0, col = 0;
    while (!col && getline(&buf, &cap, fp) >= 0 && ++at < *line + LOOK_AHEAD) {
        const char *p = at >= *line ? strstr(buf, utf8) : NULL;
        if (!p)
            continue;
        col = 1;
        for (const char *q = buf; q < p; q++)
            col += ((unsigned char)*q & 0xc0) != 0x80; /* characters, not bytes */
    }
    free(buf);
    fclose(fp);
    if (col)
        *line = at;
    return col;
}
