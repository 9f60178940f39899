/* align_write.c — the alignment file booklet align proposes: a TEI
 * document with its own header (the texts, the glossary and places files
 * the anchors came from) and one linkGrp type="alignment" of all the texts
 * (and one per pair when there are three or more), each link preceded by a
 * comment naming the anchors that support it and the first words of each
 * passage, for the editor who reviews it.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "align_private.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

#define NONE ((size_t)-1)

/* Appends s[0..n) escaped for XML text or attribute values. */
static void esc(bk_buf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': bk_buf_puts(o, "&amp;"); break;
        case '<': bk_buf_puts(o, "&lt;"); break;
        case '>': bk_buf_puts(o, "&gt;"); break;
        case '"': bk_buf_puts(o, "&quot;"); break;
        default: bk_buf_append(o, s + i, 1);
        }
    }
}

/* Appends s[0..n) for a comment: no "--", no '-' at the end. */
static void comment_text(bk_buf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-' && (o->len && o->data[o->len - 1] == '-'))
            c = ' ';
        if (c == '\n' || c == '\t')
            c = ' ';
        bk_buf_append(o, &c, 1);
    }
    if (o->len && o->data[o->len - 1] == '-')
        bk_buf_puts(o, " ");
}

/* The path of `target` relative to the folder of `from` (both as given;
 * made absolute first). Falls back to target as given. Caller frees. */
static char *relative(const char *from, const char *target)
{
    char dir[PATH_MAX], *slash, tgt[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", from);
    slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    char *d = realpath(dir, NULL), *t = realpath(target, NULL);
    bk_buf o = {0};
    if (!d || !t) {
        bk_buf_puts(&o, target);
        goto done;
    }
    snprintf(tgt, sizeof tgt, "%s", t);
    size_t common = 0, i = 0;
    while (d[i] && d[i] == tgt[i]) {
        if (d[i] == '/')
            common = i;
        i++;
    }
    if (!d[i] && (tgt[i] == '/' || !tgt[i]))
        common = i;
    for (const char *p = d + common; *p; p++)
        if (*p == '/')
            bk_buf_puts(&o, "../");
    bk_buf_puts(&o, tgt + common + (tgt[common] == '/'));
done:
    free(d);
    free(t);
    return o.data ? o.data : strdup(target);
}

static void target(bk_buf *o, const bk_atext *t, size_t u)
{
    const bk_unit *x = &t->u[u];
    bk_buf_printf(o, "#%s", t->flow->blocks[x->block].id);
    if (x->nth > 1)
        bk_buf_printf(o, "@%zu", x->nth);
}

/* The first words of unit u (about 40 characters). */
static void excerpt(bk_buf *o, const bk_atext *t, size_t u)
{
    const bk_unit *x = &t->u[u];
    const char *s = t->flow->blocks[x->block].text + x->start;
    size_t n = x->end - x->start, i = 0;
    int chars = 0;
    while (i < n && chars < 40) {
        uint32_t c = bk_utf8_next_safe(s, n, &i);
        chars += bk_unicode_width(c) > 1 ? 2 : 1;
    }
    while (i > 0 && i < n && s[i - 1] == ' ')
        i--;
    comment_text(o, s, i);
    if (i < n)
        bk_buf_puts(o, "…");
}

/* Appends to why each anchor of the comma-separated list `one` it does
 * not hold yet. */
static void why_merge(bk_buf *why, const char *one)
{
    while (one && *one) {
        size_t len = strcspn(one, ",");
        int seen = 0;
        for (const char *q = why->data; q && *q && !seen;) {
            size_t ql = strcspn(q, ",");
            seen = ql == len && strncmp(q, one, len) == 0;
            q += ql;
            q += *q == ',' ? 2 : 0;
        }
        if (!seen) {
            if (why->len)
                bk_buf_puts(why, ", ");
            bk_buf_append(why, one, len);
        }
        one += len;
        one += *one == ',' ? 2 : 0;
    }
}

static void link_write(bk_buf *o, bk_atext *const *t, size_t n, const bk_alink *l)
{
    bk_buf why = {0};
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (l->unit[a] != NONE && l->unit[b] != NONE) {
                bk_buf one = {0};
                bk_align_score(t[a], l->unit[a], t[b], l->unit[b], &one);
                why_merge(&why, one.data);
                bk_buf_release(&one);
            }
    bk_buf_puts(o, "          <!-- anchors: ");
    comment_text(o, why.data ? why.data : "", why.len);
    for (size_t a = 0; a < n; a++)
        if (l->unit[a] != NONE) {
            bk_buf_puts(o, " | ");
            comment_text(o, t[a]->flow->blocks[t[a]->u[l->unit[a]].block].id,
                         strlen(t[a]->flow->blocks[t[a]->u[l->unit[a]].block].id));
            bk_buf_puts(o, ": ");
            excerpt(o, t[a], l->unit[a]);
        }
    bk_buf_puts(o, " -->\n          <link target=\"");
    int first = 1;
    for (size_t a = 0; a < n; a++)
        if (l->unit[a] != NONE) {
            if (!first)
                bk_buf_puts(o, " ");
            target(o, t[a], l->unit[a]);
            first = 0;
        }
    bk_buf_puts(o, "\"/>\n");
    bk_buf_release(&why);
}

/* The group's id: "align-" and the texts' language prefixes. */
static void group_id(bk_buf *o, bk_atext *const *t, size_t n)
{
    bk_buf_puts(o, "align");
    for (size_t a = 0; a < n; a++) {
        const char *id = t[a]->n ? t[a]->flow->blocks[t[a]->u[0].block].id : t[a]->flow->lang;
        bk_buf_puts(o, "-");
        size_t len = strcspn(id ? id : "x", ".-");
        esc(o, id ? id : "x", len);
    }
}

static bk_status group_write(bk_ctx *ctx, bk_buf *o, bk_atext *const *t, size_t n)
{
    bk_alink *l = NULL;
    size_t m = 0;
    bk_status st = bk_align_links(ctx, t, n, &l, &m);
    if (st)
        return st;
    bk_buf_puts(o, "        <linkGrp type=\"alignment\" xml:id=\"");
    group_id(o, t, n);
    bk_buf_puts(o, "\">\n");
    for (size_t k = 0; k < m; k++)
        link_write(o, t, n, &l[k]);
    if (!m)
        bk_buf_puts(o, "          <!-- no passages share anchors: no link proposed -->\n");
    bk_buf_puts(o, "        </linkGrp>\n");
    free(l);
    return BK_OK;
}

static void header_write(bk_buf *o, bk_atext *const *t, const char *const *files, size_t n,
                         const char *glossary, const char *places, const char *out_path)
{
    bk_buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!-- Proposed by booklet align from the anchors the texts share (dates, "
                   "numbers and sums, names):\n     review every link; booklet align (check option) "
                   "checks the file against its texts again. -->\n"
                   "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <teiHeader>\n    <fileDesc>\n"
                   "      <titleStmt><title>Alignment of ");
    for (size_t a = 0; a < n; a++) {
        const char *b = strrchr(files[a], '/');
        b = b ? b + 1 : files[a];
        bk_buf_puts(o, a == 0 ? "" : a + 1 == n ? " and " : ", ");
        esc(o, b, strlen(b));
    }
    bk_buf_puts(o, "</title></titleStmt>\n      <publicationStmt><p>Proposed by booklet align "
                   "for an editor to review.</p></publicationStmt>\n      <sourceDesc>\n");
    for (size_t a = 0; a < n; a++) {
        char *rel = relative(out_path, files[a]);
        bk_buf_puts(o, "        <bibl>");
        if (t[a]->flow->title) {
            bk_buf_puts(o, "<title>");
            esc(o, t[a]->flow->title, strlen(t[a]->flow->title));
            bk_buf_puts(o, "</title>");
        }
        bk_buf_puts(o, "<idno type=\"file\">");
        esc(o, rel ? rel : files[a], strlen(rel ? rel : files[a]));
        bk_buf_puts(o, "</idno></bibl>\n");
        free(rel);
    }
    const char *data[2] = {glossary, places}, *type[2] = {"glossary", "places"};
    for (size_t k = 0; k < 2; k++)
        if (data[k]) {
            char *rel = relative(out_path, data[k]);
            bk_buf_printf(o, "        <bibl><idno type=\"%s\">", type[k]);
            esc(o, rel ? rel : data[k], strlen(rel ? rel : data[k]));
            bk_buf_puts(o, "</idno></bibl>\n");
            free(rel);
        }
    bk_buf_puts(o, "      </sourceDesc>\n    </fileDesc>\n  </teiHeader>\n"
                   "  <text xml:lang=\"en\">\n    <body>\n      <div>\n");
}

bk_status bk_align_write(bk_ctx *ctx, bk_atext *const *t, const char *const *files, size_t n,
                         const char *glossary, const char *places, const char *out_path,
                         bk_buf *out)
{
    header_write(out, t, files, n, glossary, places, out_path);
    bk_status st = group_write(ctx, out, t, n);
    for (size_t a = 0; a < n && n > 2 && !st; a++)
        for (size_t b = a + 1; b < n && !st; b++) {
            bk_atext *pair[2] = {t[a], t[b]};
            st = group_write(ctx, out, pair, 2);
        }
    bk_buf_puts(out, "      </div>\n    </body>\n  </text>\n</TEI>\n");
    if (!st && !out->data)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    return st;
}
