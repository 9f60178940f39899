/* diag_render.c — diagnostics rendered for people (file:line:col, the
 * source line with a caret under the column, optional colour) or for
 * programs (JSON lines). Library code: appends to a bk_buf, never prints.
 * No control character of a message or a source line is ever copied raw:
 * a terminal must not be driven by the text of a bad input. */
#include "bk.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include "unicode.h"

/* A source line is read this far into its file at most, and shown in a
 * window of this many characters around the column. */
#define SCAN_MAX ((size_t)BK_MAX_SOURCE_BYTES + 4096u)
#define LINE_KEEP 65536u
#define WINDOW_BEFORE 60
#define WINDOW_CHARS 160

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_GREEN "\033[1;32m"
#define C_CYAN "\033[1;36m"
#define C_BLUE "\033[1;34m"
#define C_OFF "\033[0m"

static int is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Decodes one code point; *malformed is set when s[*i] starts no valid
 * sequence (then one byte is taken). */
static uint32_t next_cp(const char *s, size_t n, size_t *i, int *malformed)
{
    size_t at = *i;
    uint32_t cp = bk_utf8_next_safe(s, n, i);
    *malformed = cp == 0xfffd &&
                 !(*i - at == 3 && memcmp(s + at, "\xef\xbf\xbd", 3) == 0);
    return cp;
}

/* Appends one code point as it is shown; returns its display width. */
static int put_shown(bk_buf *out, const char *s, size_t at, size_t end,
                     uint32_t cp, int malformed, int tab_space)
{
    char tmp[16];
    if (malformed) {
        int r = 0;
        for (size_t k = at; k < end; k++)
            r |= bk_buf_printf(out, "<0x%02X>", (unsigned char)s[k]);
        return r ? -1 : (int)(6 * (end - at));
    }
    if (cp == '\t' && tab_space)
        return bk_buf_puts(out, " ") ? -1 : 1;
    if (is_control(cp)) {
        int len = snprintf(tmp, sizeof tmp, "<U+%04X>", (unsigned)cp);
        return bk_buf_puts(out, tmp) ? -1 : len;
    }
    if (bk_buf_append(out, s + at, end - at))
        return -1;
    return bk_unicode_width(cp);
}

int bk_diag_escape(bk_buf *out, const char *s, size_t n, int tab_space)
{
    for (size_t i = 0; i < n;) {
        size_t at = i;
        int bad;
        uint32_t cp = next_cp(s, n, &i, &bad);
        if (put_shown(out, s, at, i, cp, bad, tab_space) < 0)
            return -1;
    }
    return 0;
}

int bk_diag_json_string(bk_buf *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    int r = bk_buf_puts(out, "\"");
    for (size_t i = 0; i < n && !r;) {
        size_t at = i;
        int bad;
        uint32_t cp = next_cp(s, n, &i, &bad);
        if (bad)
            r = bk_buf_puts(out, "\\ufffd");
        else if (cp == '"' || cp == '\\')
            r = bk_buf_printf(out, "\\%c", (char)cp);
        else if (cp == '\n')
            r = bk_buf_puts(out, "\\n");
        else if (cp == '\t')
            r = bk_buf_puts(out, "\\t");
        else if (is_control(cp))
            r = bk_buf_printf(out, "\\u%04x", (unsigned)cp);
        else
            r = bk_buf_append(out, s + at, i - at);
    }
    return r ? -1 : bk_buf_puts(out, "\"");
}

/* Reads line `line` of a regular file into *out (at most LINE_KEEP
 * bytes; LF, CRLF and a lone CR end a line). Returns 0 when found. Read in
 * blocks: a build that reports dozens of lines deep in a long file reads
 * it for each (getc by getc that cost more than setting the text). */
static int source_line(const char *path, long line, bk_buf *out)
{
    /* O_NONBLOCK: a name that became a FIFO since must not hang us */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat sb;
    int found = -1, prev = 0, done = 0;
    long at = 1;
    size_t scanned = 0;
    char buf[16384];
    ssize_t n = 0;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
        goto done;
    while (!done && (n = read(fd, buf, sizeof buf)) > 0) {
        ssize_t i = 0;
        /* a block without CR before the line: jump from LF to LF */
        if (at < line && !memchr(buf, '\r', (size_t)n) && prev != '\r') {
            const char *nl;
            while (at < line && (nl = memchr(buf + i, '\n', (size_t)(n - i)))) {
                i = nl - buf + 1;
                at++;
            }
            if (scanned + (size_t)i > SCAN_MAX) {
                done = 1;
                break;
            }
            if (at < line)
                i = n;
            scanned += (size_t)i;
            prev = i > 0 ? buf[i - 1] : prev;
        }
        for (; i < n && !done; i++) {
            char c = buf[i];
            if (at < line) {
                if (scanned++ >= SCAN_MAX) {
                    done = 1;
                    break;
                }
                if ((c == '\n' && prev != '\r') || c == '\r')
                    at++;
                prev = c;
                continue;
            }
            if (prev == '\r' && c == '\n') { /* the CRLF that ended the line before */
                prev = 0;
                continue;
            }
            prev = 0;
            if (c == '\n' || c == '\r' || out->len >= LINE_KEEP)
                done = 2;
            else if (bk_buf_append(out, &c, 1))
                goto done;
        }
    }
    if (n >= 0 && at == line && done != 1)
        found = 0;
done:
    close(fd);
    return found;
}

/* Appends the source line window and the caret line under column col. */
static int put_source(bk_buf *out, const bk_diag_record *r,
                      const bk_diag_render_opts *o, const char *text, size_t n)
{
    char gutter[32];
    int gw = snprintf(gutter, sizeof gutter, "%ld", r->line);
    /* the window: some characters before the column, more after */
    size_t start = 0, i = 0;
    long k = 1, first = r->col > WINDOW_BEFORE ? r->col - WINDOW_BEFORE : 1;
    int bad;
    while (i < n && k < first) {
        next_cp(text, n, &i, &bad);
        k++;
        start = i;
    }
    int rc = bk_buf_printf(out, "%s %s |%s %s", o->color ? C_BLUE : "", gutter,
                           o->color ? C_OFF : "", start > 0 ? "..." : "");
    long caret = start > 0 ? 3 : 0; /* display columns before the caret */
    for (i = start; i < n && k < first + WINDOW_CHARS && !rc; k++) {
        size_t at = i;
        uint32_t cp = next_cp(text, n, &i, &bad);
        int w = put_shown(out, text, at, i, cp, bad, 1);
        if (w < 0)
            return -1;
        if (k < r->col)
            caret += w;
    }
    rc |= bk_buf_puts(out, i < n ? "...\n" : "\n");
    if (r->col <= 0)
        return rc ? -1 : 0;
    rc |= bk_buf_printf(out, "%s %*s |%s ", o->color ? C_BLUE : "", gw, "",
                        o->color ? C_OFF : "");
    for (long c = 0; c < caret && !rc; c++)
        rc |= bk_buf_puts(out, " ");
    rc |= bk_buf_printf(out, "%s^%s\n", o->color ? C_GREEN : "",
                        o->color ? C_OFF : "");
    return rc ? -1 : 0;
}

static int render_text(const bk_diag_record *r, const bk_diag_render_opts *o,
                       bk_buf *out)
{
    int err = r->severity == BK_DIAG_ERROR, rc = 0;
    if (o->color)
        rc |= bk_buf_puts(out, C_BOLD);
    if (r->file) {
        rc |= bk_diag_escape(out, r->file, strlen(r->file), 0);
        if (r->line > 0)
            rc |= bk_buf_printf(out, ":%ld", r->line);
        if (r->col > 0)
            rc |= bk_buf_printf(out, ":%ld", r->col);
        rc |= bk_buf_puts(out, ": ");
    } else {
        rc |= bk_buf_puts(out, "booklet: ");
    }
    /* "error: " stays in one piece, for whoever greps a coloured log */
    if (o->color)
        rc |= bk_buf_puts(out, err ? C_RED : C_MAGENTA);
    rc |= bk_buf_puts(out, err ? "error: " : "warning: ");
    if (o->color)
        rc |= bk_buf_puts(out, C_OFF);
    rc |= bk_diag_escape(out, r->message, strlen(r->message), 0);
    rc |= bk_buf_puts(out, "\n");
    if (!o->no_source && !r->no_quote && r->file && r->line > 0) {
        bk_buf line = {0};
        if (source_line(r->file, r->line, &line) == 0)
            rc |= put_source(out, r, o, line.data ? line.data : "", line.len);
        bk_buf_release(&line);
    }
    if (r->hint) {
        rc |= bk_buf_printf(out, "  %shint:%s ", o->color ? C_CYAN : "",
                            o->color ? C_OFF : "");
        rc |= bk_diag_escape(out, r->hint, strlen(r->hint), 0);
        rc |= bk_buf_puts(out, "\n");
    }
    return rc ? -1 : 0;
}

static int render_json(const bk_diag_record *r, bk_buf *out)
{
    int rc = bk_buf_printf(out, "{\"severity\":\"%s\",\"file\":",
                           r->severity == BK_DIAG_ERROR ? "error" : "warning");
    rc |= r->file ? bk_diag_json_string(out, r->file) : bk_buf_puts(out, "null");
    rc |= bk_buf_printf(out, ",\"line\":%ld,\"col\":%ld,\"message\":", r->line,
                        r->col);
    rc |= bk_diag_json_string(out, r->message);
    rc |= bk_buf_puts(out, ",\"hint\":");
    rc |= r->hint ? bk_diag_json_string(out, r->hint) : bk_buf_puts(out, "null");
    rc |= bk_buf_puts(out, "}\n");
    return rc ? -1 : 0;
}

int bk_diag_render_record(const bk_diag_record *r,
                          const bk_diag_render_opts *o, bk_buf *out)
{
    static const bk_diag_render_opts plain = {0};
    if (!o)
        o = &plain;
    return o->format == BK_DIAG_JSON ? render_json(r, out) : render_text(r, o, out);
}

int bk_diag_render(const bk_diag *d, size_t from, const bk_diag_render_opts *o,
                   bk_buf *out)
{
    static const bk_diag_render_opts plain = {0};
    if (!o)
        o = &plain;
    size_t nerr = 0, nwarn = 0, moreerr = 0, morewarn = 0;
    int rc = 0;
    for (size_t i = from; i < bk_diag_count(d) && !rc; i++) {
        const bk_diag_record *r = bk_diag_at(d, i);
        int err = r->severity == BK_DIAG_ERROR;
        if (!err && o->quiet)
            continue;
        size_t *shown = err ? &nerr : &nwarn, *more = err ? &moreerr : &morewarn;
        size_t max = err ? o->max_errors : o->max_warnings;
        if (max && *shown >= max) {
            (*more)++;
            continue;
        }
        (*shown)++;
        rc = bk_diag_render_record(r, o, out);
    }
    /* records counted but not kept (beyond BK_DIAG_KEEP) */
    if (from == 0) {
        size_t kept_err = 0;
        for (size_t i = 0; i < bk_diag_count(d); i++)
            kept_err += bk_diag_at(d, i)->severity == BK_DIAG_ERROR;
        moreerr += bk_diag_error_count(d) - kept_err;
        morewarn += bk_diag_warning_count(d) - (bk_diag_count(d) - kept_err);
    }
    if (o->format == BK_DIAG_JSON)
        return rc ? -1 : 0;
    if (moreerr)
        rc |= bk_buf_printf(out, "booklet: and %zu more error%s\n", moreerr,
                            moreerr == 1 ? "" : "s");
    if (morewarn && !o->quiet)
        rc |= bk_buf_printf(out, "booklet: and %zu more warning%s\n", morewarn,
                            morewarn == 1 ? "" : "s");
    return rc ? -1 : 0;
}

int bk_diag_color_wanted(const char *when, int is_tty, const char *no_color)
{
    if (!when || strcmp(when, "auto") == 0)
        return is_tty && !(no_color && *no_color);
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    return -1;
}
