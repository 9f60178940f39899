/* xml_write.c — writing bk_node trees as XML text (see xml.h): the half
 * of the XML adapter that needs no libxml2. Element names, attribute
 * names and text are checked to be writable as XML 1.0 before they are
 * written. */
#include "xml.h"

#include <string.h>

#include "unicode.h"

/* Elements whose content is text (mixed content): their children are
 * written exactly as they are, never re-indented. */
static const char *const mixed_elements[] = {
    "p", "head", "item", "note", "quote", "foreign", "seg", "ref", "title",
    "label", "desc", "cell", "placeName", "change", "orig", "reg", "hi",
    "idno", "language", "bibl", "geo", "q", "emph", "term", "name",
    "date", "ident", NULL};

static int is_mixed_name(const char *name)
{
    for (const char *const *m = mixed_elements; *m; m++)
        if (strcmp(*m, name) == 0)
            return 1;
    return 0;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* An element is indented when it holds elements and at most whitespace
 * that looks like indentation (contains a newline): then dropping that
 * whitespace and writing our own changes nothing a reader would see. */
static int is_indentable(const bk_node *n)
{
    int elements = 0;
    if (is_mixed_name(n->name))
        return 0;
    for (const bk_node *c = n->first; c; c = c->next) {
        if (c->name)
            elements = 1;
        else if (!is_blank(c->text) || !strchr(c->text, '\n'))
            return 0;
    }
    return elements;
}

/* Appends s escaped for XML; `attr` also escapes quotes and the white
 * space that attribute normalisation would otherwise turn into spaces. */
static int put_escaped(bk_buf *b, const char *s, int attr)
{
    const char *run = s;
    for (const char *p = s;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': /* only "]]>" must be escaped; keep "->" readable */
            rep = p - s >= 2 && p[-1] == ']' && p[-2] == ']' ? "&gt;" : NULL;
            break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        case '\0': return bk_buf_append(b, run, (size_t)(p - run));
        default: break;
        }
        if (rep) {
            if (bk_buf_append(b, run, (size_t)(p - run)) < 0 ||
                bk_buf_puts(b, rep) < 0)
                return -1;
            run = p + 1;
        }
    }
}

/* 0 if s can be written as XML 1.0 character data. */
static int check_chars(const char *s, const char **why)
{
    size_t n = strlen(s), bad = 0;
    if (bk_utf8_check(s, n, &bad) != 0) {
        *why = "text is not valid UTF-8";
        return -1;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp = bk_utf8_next(s, n, &i);
        if ((cp < 0x20 && cp != 0x9 && cp != 0xa && cp != 0xd) ||
            cp == 0xfffe || cp == 0xffff) {
            *why = "text contains a character XML cannot represent";
            return -1;
        }
    }
    return 0;
}

static int is_name_char(unsigned char c, int first)
{
    if (c >= 0x80 || c == '_' || (c >= 'A' && c <= 'Z') ||
        (c >= 'a' && c <= 'z'))
        return 1;
    return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

/* 0 if s[0..n) is a name without a colon (an NCName, loosely: any
 * non-ASCII byte is taken as a name character). */
static int check_ncname(const char *s, size_t n)
{
    if (n == 0 || !is_name_char((unsigned char)s[0], 1))
        return -1;
    for (size_t i = 1; i < n; i++)
        if (!is_name_char((unsigned char)s[i], 0))
            return -1;
    return 0;
}

/* Element names: an NCName. Attribute names: an NCName, "xmlns", or
 * PREFIX:NAME (the reader keeps prefixes and their declarations). */
static int check_name(const char *name, int attr)
{
    const char *colon = attr ? strchr(name, ':') : NULL;
    if (!colon)
        return check_ncname(name, strlen(name));
    return check_ncname(name, (size_t)(colon - name)) < 0 ||
                   check_ncname(colon + 1, strlen(colon + 1)) < 0
               ? -1
               : 0;
}

typedef struct writer {
    bk_ctx *ctx;
    bk_buf *out;
    bk_status status;
} writer;

static int write_indent(bk_buf *b, int level)
{
    if (bk_buf_puts(b, "\n") < 0)
        return -1;
    for (int i = 0; i < level; i++)
        if (bk_buf_puts(b, "  ") < 0)
            return -1;
    return 0;
}

static bk_status writer_fail(writer *w, bk_status st, long line,
                             const char *msg, const char *what)
{
    w->status = bk_diag_error(w->ctx->diag, st, "(XML output)", line, 0,
                              "%s: %s", msg, what ? what : "");
    return w->status;
}

/* Writes element n; `pretty` says whether the parent is being indented
 * (then n may indent its own children). Depth is bounded by the reader's
 * limit or by ingest, so recursion is fine; still refuse silly depths. */
static bk_status write_element(writer *w, const bk_node *n, int level,
                               int pretty, int tei_root)
{
    bk_buf *b = w->out;
    const char *why = NULL;
    if (level > BK_MAX_XML_DEPTH)
        return writer_fail(w, BK_EINTERNAL, n->line, "tree is too deep",
                           n->name);
    if (check_name(n->name, 0) < 0)
        return writer_fail(w, BK_EINTERNAL, n->line, "invalid element name",
                           n->name);
    if (bk_buf_printf(b, "<%s", n->name) < 0)
        goto oom;
    if (tei_root && !bk_node_get_attr(n, "xmlns") &&
        bk_buf_puts(b, " xmlns=\"" BK_TEI_NS "\"") < 0)
        goto oom;
    for (size_t i = 0; i < n->nattrs; i++) {
        const char *k = n->attrs[2 * i], *v = n->attrs[2 * i + 1];
        if (check_name(k, 1) < 0 && strcmp(k, "xmlns") != 0)
            return writer_fail(w, BK_EINTERNAL, n->line,
                               "invalid attribute name", k);
        if (check_chars(v, &why) < 0)
            return writer_fail(w, BK_EINTERNAL, n->line, why, k);
        if (bk_buf_printf(b, " %s=\"", k) < 0 || put_escaped(b, v, 1) < 0 ||
            bk_buf_puts(b, "\"") < 0)
            goto oom;
    }
    if (!n->first)
        return bk_buf_puts(b, "/>") < 0 ? writer_fail(w, BK_EINTERNAL, 0,
                                                       "out of memory", NULL)
                                        : BK_OK;
    if (bk_buf_puts(b, ">") < 0)
        goto oom;
    int indent = pretty && is_indentable(n);
    for (const bk_node *c = n->first; c; c = c->next) {
        if (c->name) {
            if (indent && write_indent(b, level + 1) < 0)
                goto oom;
            bk_status s = write_element(w, c, level + 1, indent, 0);
            if (s != BK_OK)
                return s;
        } else if (!indent) {
            if (check_chars(c->text, &why) < 0)
                return writer_fail(w, BK_EINTERNAL, n->line, why, n->name);
            if (put_escaped(b, c->text, 0) < 0)
                goto oom;
        }
    }
    if (indent && write_indent(b, level) < 0)
        goto oom;
    if (bk_buf_printf(b, "</%s>", n->name) < 0)
        goto oom;
    return BK_OK;
oom:
    return writer_fail(w, BK_EINTERNAL, 0, "out of memory", NULL);
}

bk_status bk_xml_write_buf(bk_ctx *ctx, const bk_node *root, int tei,
                           bk_buf *out)
{
    writer w = {ctx, out, BK_OK};
    bk_buf b = {0};
    bk_status st = BK_OK;
    if (!root || !root->name) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                           "cannot write XML: no root element");
        goto done;
    }
    w.out = &b;
    if (bk_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") < 0) {
        st = writer_fail(&w, BK_EINTERNAL, 0, "out of memory", NULL);
        goto done;
    }
    st = write_element(&w, root, 0, 1, tei);
    if (st == BK_OK && bk_buf_puts(&b, "\n") < 0)
        st = writer_fail(&w, BK_EINTERNAL, 0, "out of memory", NULL);
    if (st != BK_OK)
        goto done;
    bk_buf_release(out);
    *out = b;
    b = (bk_buf){0};
done:
    bk_buf_release(&b);
    return st;
}
