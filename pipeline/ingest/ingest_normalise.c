/* ingest_normalise.c — the load, normalise and rules stages of ingest: read the file
 * and its SHA-256, UTF-8 check, BOM and CRLF/CR removal, NFC (logged), the
 * declared replacements.
 */
#include "ingest_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "unicode.h"

static bk_status add_norm_change(ingest *g, const char *kind, long line,
                                 long col, char *before, char *after,
                                 char *text)
{
    if (g->nnchanges == g->capnchanges) {
        size_t c = g->capnchanges ? g->capnchanges * 2 : 16;
        norm_change *v = realloc(g->nchanges, c * sizeof(*v));
        if (!v)
            goto fail;
        g->nchanges = v;
        g->capnchanges = c;
    }
    if ((!before && !text) || (before && !after))
        goto fail;
    g->nchanges[g->nnchanges++] =
        (norm_change){kind, line, col, before, after, text};
    return BK_OK;
fail:
    free(before);
    free(after);
    free(text);
    return bk_ingest_oom(g);
}

bk_status bk_ingest_stage_load(ingest *g)
{
    /* Steps: read (size limit), refuse an empty file, checksum the bytes
     * as received. */
    bk_status st = bk_file_read(g->ctx, g->src, BK_MAX_SOURCE_BYTES, &g->raw,
                                &g->rawlen);
    if (st != BK_OK)
        return st;
    if (g->rawlen == 0)
        return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, 0, 0,
                             "the file is empty");
    bk_sha256_hex(g->raw, g->rawlen, g->sha);
    return BK_OK;
}

/* NFC one line; logs the differing part when it changes. */
static bk_status nfc_line(ingest *g, bk_buf *out, const char *s, size_t n,
                          long lineno)
{
    if (n == 0 || bk_unicode_is_nfc(s, n))
        return bk_buf_append(out, s, n) < 0 ? bk_ingest_oom(g) : BK_OK;
    size_t m = 0;
    char *t = bk_unicode_nfc(s, n, &m);
    if (!t)
        return bk_diag_error(g->ctx->diag, BK_EINTERNAL, g->src, lineno, 0,
                             "Unicode normalisation failed");
    /* The changed span: strip the common prefix and suffix, on character
     * boundaries, so the log shows just what was recomposed. */
    size_t pre = 0;
    while (pre < n && pre < m && s[pre] == t[pre])
        pre++;
    while (pre > 0 && ((unsigned char)s[pre] & 0xc0) == 0x80)
        pre--;
    size_t suf = 0;
    while (suf < n - pre && suf < m - pre && s[n - 1 - suf] == t[m - 1 - suf])
        suf++;
    while (suf > 0 && ((unsigned char)s[n - suf] & 0xc0) == 0x80)
        suf--;
    long col = 1;
    for (size_t i = 0; i < pre; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            col++;
    bk_status st = add_norm_change(g, "nfc", lineno, col,
                                   bk_strndup(s + pre, n - pre - suf),
                                   bk_strndup(t + pre, m - pre - suf), NULL);
    if (st == BK_OK && bk_buf_append(out, t, m) < 0)
        st = bk_ingest_oom(g);
    free(t);
    return st;
}

bk_status bk_ingest_stage_normalise(ingest *g)
{
    /* Steps: UTF-8 check (error at the first bad byte, with line and
     * column); refuse control characters XML cannot carry; drop a BOM;
     * CRLF and CR become LF; NFC line by line (a newline never composes
     * with anything, so this equals NFC of the whole text); index the
     * lines. Each step that changes something is logged. */
    bk_status st = BK_OK;
    bk_buf lf = {0}, out = {0};
    size_t bad = 0;
    if (bk_utf8_check(g->raw, g->rawlen, &bad) != 0) {
        long l, c;
        bk_utf8_position(g->raw, bad, &l, &c);
        if (g->raw[bad] == '\0')
            return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l, c,
                                 "NUL byte in the text");
        return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l, c,
                             "invalid UTF-8 (byte 0x%02x): the source must "
                             "be UTF-8",
                             (unsigned char)g->raw[bad]);
    }
    const char *s = g->raw;
    size_t n = g->rawlen;
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        g->had_bom = 1;
        s += 3, n -= 3;
        st = add_norm_change(g, "bom", 1, 1, NULL, NULL,
                             bk_strdup("byte order mark removed"));
        if (st != BK_OK)
            goto done;
    }
    if (bk_buf_append(&lf, "", 0) < 0)
        goto nomem;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t cp = bk_utf8_next(s, n, &j);
        if (cp == '\r') {
            if (j < n && s[j] == '\n') {
                g->crlf++;
                j++;
            } else {
                g->cr++;
            }
            if (bk_buf_append(&lf, "\n", 1) < 0)
                goto nomem;
        } else if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xfffe ||
                   cp == 0xffff) {
            long l, c;
            bk_utf8_position(s, i, &l, &c);
            st = bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l,
                               c + (l == 1 && g->had_bom),
                               "control character U+%04X is not allowed in "
                               "the text",
                               (unsigned)cp);
            goto done;
        } else if (bk_buf_append(&lf, s + i, j - i) < 0) {
            goto nomem;
        }
        i = j;
    }
    size_t over = bk_unicode_mark_run_over(s, n, BK_MAX_COMBINING_MARKS);
    if (over < n) {
        /* Before NFC, whose time grows with the run (160 000 marks: 18 s) */
        long l, c;
        bk_utf8_position(s, over, &l, &c);
        st = bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l,
                           c + (l == 1 && g->had_bom),
                           "more than %d combining marks in a row (the "
                           "limit of Unicode's stream-safe text format)",
                           BK_MAX_COMBINING_MARKS);
        goto done;
    }
    if (g->crlf || g->cr) {
        bk_buf d = {0};
        if (g->crlf)
            bk_buf_printf(&d, "%zu CRLF line end%s", g->crlf,
                          g->crlf == 1 ? "" : "s");
        if (g->cr)
            bk_buf_printf(&d, "%s%zu CR line end%s", g->crlf ? " and " : "",
                          g->cr, g->cr == 1 ? "" : "s");
        bk_buf_puts(&d, " became LF");
        st = add_norm_change(g, "line-ends", 0, 0, NULL, NULL, d.data);
        if (st != BK_OK)
            goto done;
    }
    if (bk_buf_append(&out, "", 0) < 0)
        goto nomem;
    long lineno = 1;
    for (size_t i = 0; i <= lf.len;) {
        const char *nl = memchr(lf.data + i, '\n', lf.len - i);
        size_t e = nl ? (size_t)(nl - lf.data) : lf.len;
        st = nfc_line(g, &out, lf.data + i, e - i, lineno);
        if (st != BK_OK)
            goto done;
        if (!nl)
            break;
        if (bk_buf_append(&out, "\n", 1) < 0)
            goto nomem;
        i = e + 1;
        lineno++;
    }
    g->norm = out.data;
    g->normlen = out.len;
    out = (bk_buf){0};
    g->nlines = 1;
    for (size_t i = 0; i < g->normlen; i++)
        g->nlines += g->norm[i] == '\n';
    g->line_starts = malloc(g->nlines * sizeof(size_t));
    if (!g->line_starts)
        goto nomem;
    g->line_starts[0] = 0;
    for (size_t i = 0, k = 1; i < g->normlen; i++)
        if (g->norm[i] == '\n')
            g->line_starts[k++] = i + 1;
    goto done;
nomem:
    st = bk_ingest_oom(g);
done:
    bk_buf_release(&lf);
    bk_buf_release(&out);
    return st;
}

/* ---- rules ------------------------------------------------------------------------ */

bk_status bk_ingest_stage_rules(ingest *g)
{
    /* Steps: start from the normalised text (each byte its own origin),
     * apply the replace rules in order; the log keeps source positions. */
    if (bk_otext_init(&g->text, g->norm, g->normlen) < 0)
        return bk_ingest_oom(g);
    return bk_rules_apply(g->ctx, g->rules, &g->text, &g->changes);
}

