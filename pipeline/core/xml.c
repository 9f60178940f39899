/* xml.c — the libxml2 adapter (see xml.h): the only file that includes
 * libxml2. Reads XML safely into bk_node trees, writes trees as XML, and
 * validates documents against the built-in RELAX NG schema.
 *
 * Safety: documents are parsed with no network access, no DTD loading, no
 * entity substitution; a document that declares any entity is refused as
 * soon as the declaration is seen (so neither external entities nor
 * "billion laughs" expansions ever happen), and nesting deeper than
 * BK_MAX_XML_DEPTH is refused with a clear message.
 *
 * Error handlers: libxml2 2.9 reports some errors through per-thread global
 * handlers. Every public function installs its own handlers for the
 * duration of the call and restores the previous ones before returning, so
 * no global state is left behind and nothing is ever printed.
 */
#include "xml.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "unicode.h"

/* The schema, assembled into the program by pipeline/schema.S. */
extern const char bk_schema_rng_start[], bk_schema_rng_end[];

#define SCHEMA_NAME "tei-booklet.rng"

/* Everything one call needs while libxml2 calls back into us. */
typedef struct xml_state {
    bk_ctx *ctx;
    const char *file;   /* name used in messages */
    bk_status status;   /* status given to the first error */
    int failed;         /* an error was recorded */
    int errors_as_warnings_after_first; /* schema validation: keep all */
    int depth;          /* current element nesting while parsing */
    size_t elements;    /* elements parsed so far (BK_MAX_XML_ELEMENTS) */
    xmlParserCtxtPtr parser;
    /* the global handlers found on entry, restored on exit */
    xmlStructuredErrorFunc saved_serror;
    void *saved_serror_ctx;
    xmlGenericErrorFunc saved_generic;
    void *saved_generic_ctx;
} xml_state;

/* Records one message: the first error as the error, later ones (and all
 * warnings) as warnings, so a schema run lists every problem. */
static void state_report(xml_state *st, int is_error, long line, long col,
                         const char *msg)
{
    if (is_error && !st->failed) {
        st->failed = 1;
        bk_diag_error(st->ctx->diag, st->status, st->file, line, col, "%s",
                      msg);
    } else if (is_error && !st->errors_as_warnings_after_first) {
        return; /* parse errors after the first are usually consequences */
    } else {
        bk_diag_warn(st->ctx->diag, st->file, line, col, "%s", msg);
    }
}

/* Formats libxml2's message without its trailing newline. */
static void structured_error(void *data, xmlErrorPtr err)
{
    xml_state *st = data;
    if (!st || !err)
        return;
    char msg[512];
    const char *m = err->message ? err->message : "unknown XML error";
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
        n--;
    if (n >= sizeof msg)
        n = sizeof msg - 1;
    memcpy(msg, m, n);
    msg[n] = '\0';
    /* A stop we asked for has already been reported with a better
     * message. */
    if (err->code == XML_ERR_USER_STOP && st->failed)
        return;
    long line = err->line > 0 ? err->line : 0;
    long col = err->int2 > 0 ? err->int2 : 0;
    if (err->domain == XML_FROM_RELAXNGV) {
        /* Validation errors point at the node, which knows its line. */
        xmlNodePtr node = err->node;
        if (node && node->type == XML_ELEMENT_NODE)
            line = xmlGetLineNo(node);
        col = 0;
    }
    state_report(st, err->level >= XML_ERR_ERROR, line, col, msg);
}

/* Messages that bypass the structured channel are dropped: the structured
 * one carries everything we report, and library code never prints. */
static void generic_error(void *data, const char *fmt, ...)
{
    (void)data;
    (void)fmt;
}

static void state_begin(xml_state *st, bk_ctx *ctx, const char *file,
                        bk_status status)
{
    memset(st, 0, sizeof(*st));
    st->ctx = ctx;
    st->file = file;
    st->status = status;
    xmlInitParser();
    st->saved_serror = xmlStructuredError;
    st->saved_serror_ctx = xmlStructuredErrorContext;
    st->saved_generic = xmlGenericError;
    st->saved_generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(st, structured_error);
    xmlSetGenericErrorFunc(st, generic_error);
}

static void state_end(xml_state *st)
{
    xmlSetStructuredErrorFunc(st->saved_serror_ctx, st->saved_serror);
    xmlSetGenericErrorFunc(st->saved_generic_ctx, st->saved_generic);
}

/* ---- parsing ----------------------------------------------------------- */

/* Stops the parser with our own message at the current position. */
static void parser_refuse(xml_state *st, const char *msg)
{
    xmlParserCtxtPtr p = st->parser;
    long line = p && p->input ? p->input->line : 0;
    long col = p && p->input ? p->input->col : 0;
    state_report(st, 1, line, col, msg);
    if (p)
        xmlStopParser(p);
}

static void sax_entity_decl(void *data, const xmlChar *name, int type,
                            const xmlChar *publicId, const xmlChar *systemId,
                            xmlChar *content)
{
    xmlParserCtxtPtr p = data;
    (void)name, (void)type, (void)publicId, (void)systemId, (void)content;
    parser_refuse(p->_private,
                  "entity declarations are not allowed (external entities "
                  "and entity expansion are refused for safety)");
}

static void sax_unparsed_entity_decl(void *data, const xmlChar *name,
                                     const xmlChar *publicId,
                                     const xmlChar *systemId,
                                     const xmlChar *notationName)
{
    (void)name, (void)publicId, (void)systemId, (void)notationName;
    xmlParserCtxtPtr p = data;
    parser_refuse(p->_private, "entity declarations are not allowed");
}

static void sax_start_element(void *data, const xmlChar *localname,
                              const xmlChar *prefix, const xmlChar *URI,
                              int nb_namespaces, const xmlChar **namespaces,
                              int nb_attributes, int nb_defaulted,
                              const xmlChar **attributes)
{
    xmlParserCtxtPtr p = data;
    xml_state *st = p->_private;
    if (++st->depth > BK_MAX_XML_DEPTH) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "elements are nested more than %d levels deep",
                 BK_MAX_XML_DEPTH);
        parser_refuse(st, msg);
        return;
    }
    if (++st->elements > BK_MAX_XML_ELEMENTS) {
        char msg[128];
        snprintf(msg, sizeof msg, "more than %d elements in one document",
                 BK_MAX_XML_ELEMENTS);
        parser_refuse(st, msg);
        return;
    }
    xmlSAX2StartElementNs(data, localname, prefix, URI, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted, attributes);
}

static void sax_end_element(void *data, const xmlChar *localname,
                            const xmlChar *prefix, const xmlChar *URI)
{
    xmlParserCtxtPtr p = data;
    xml_state *st = p->_private;
    st->depth--;
    xmlSAX2EndElementNs(data, localname, prefix, URI);
}

/* Parses data into an xmlDoc with the safe settings, or returns NULL with
 * the error recorded. */
static xmlDocPtr parse_doc(xml_state *st, const char *data, size_t len)
{
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr p = NULL;
    if (len > INT_MAX) {
        state_report(st, 1, 0, 0, "document is too large");
        goto done;
    }
    if (len == 0) {
        state_report(st, 1, 0, 0, "document is empty");
        goto done;
    }
    p = xmlCreateMemoryParserCtxt(data, (int)len);
    if (!p) {
        st->status = BK_EINTERNAL;
        state_report(st, 1, 0, 0, "cannot create an XML parser");
        goto done;
    }
    p->_private = st;
    st->parser = p;
    p->sax->entityDecl = sax_entity_decl;
    p->sax->unparsedEntityDecl = sax_unparsed_entity_decl;
    p->sax->startElementNs = sax_start_element;
    p->sax->endElementNs = sax_end_element;
    /* No NOENT (never substitute), no DTDLOAD/DTDATTR/DTDVALID (never read
     * a DTD), no HUGE (keep libxml2's own limits), no network. */
    xmlCtxtUseOptions(p, XML_PARSE_NONET | XML_PARSE_NOCDATA |
                             XML_PARSE_BIG_LINES | XML_PARSE_NOXINCNODE);
    xmlParseDocument(p);
    if (!p->wellFormed || st->failed) {
        if (!st->failed)
            state_report(st, 1, 0, 0, "document is not well-formed XML");
        goto done;
    }
    doc = p->myDoc;
    p->myDoc = NULL;
done:
    if (p) {
        if (p->myDoc)
            xmlFreeDoc(p->myDoc);
        p->myDoc = NULL;
        xmlFreeParserCtxt(p);
    }
    st->parser = NULL;
    return doc;
}

/* Attributes keep their prefix ("xml:lang", "xlink:href"); so that a tree
 * that was read can be written back as well-formed XML, the declarations
 * of prefixes (xmlns:p="...") are kept as attributes too. The default
 * namespace (xmlns="...") is not: element names are local names. */
static int convert_attrs(const xmlNode *x, bk_node *n)
{
    bk_buf name = {0};
    int rc = 0;
    for (const xmlNs *ns = x->nsDef; ns && rc == 0; ns = ns->next) {
        if (!ns->prefix)
            continue;
        name.len = 0;
        rc = bk_buf_printf(&name, "xmlns:%s", (const char *)ns->prefix);
        if (rc == 0)
            rc = bk_node_set_attr(n, name.data,
                                  ns->href ? (const char *)ns->href : "");
    }
    for (const xmlAttr *a = x->properties; a && rc == 0; a = a->next) {
        const char *qname = (const char *)a->name;
        if (a->ns && a->ns->prefix) {
            name.len = 0;
            if (bk_buf_printf(&name, "%s:%s", (const char *)a->ns->prefix,
                              qname) < 0) {
                rc = -1;
                break;
            }
            qname = name.data;
        }
        xmlChar *v = xmlNodeListGetString(x->doc, a->children, 1);
        rc = bk_node_set_attr(n, qname, v ? (const char *)v : "");
        xmlFree(v);
    }
    bk_buf_release(&name);
    return rc;
}

/* Converts the children of x into children of n. Depth is bounded by the
 * parser's limit, so plain recursion is safe. */
static bk_status convert_children(xml_state *st, const xmlNode *x, bk_node *n)
{
    for (const xmlNode *c = x->children; c; c = c->next) {
        switch (c->type) {
        case XML_ELEMENT_NODE: {
            bk_node *e = bk_node_add_element(n, (const char *)c->name);
            if (!e || convert_attrs(c, e) < 0)
                goto oom;
            e->line = xmlGetLineNo(c) > 0 ? xmlGetLineNo(c) : 0;
            bk_status s = convert_children(st, c, e);
            if (s != BK_OK)
                return s;
            break;
        }
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (c->content &&
                bk_node_add_text(n, (const char *)c->content,
                                 strlen((const char *)c->content)) < 0)
                goto oom;
            break;
        case XML_ENTITY_REF_NODE: {
            char msg[200];
            snprintf(msg, sizeof msg, "undeclared entity &%.100s;",
                     (const char *)c->name);
            state_report(st, 1, xmlGetLineNo(c) > 0 ? xmlGetLineNo(c) : 0, 0,
                         msg);
            return st->status;
        }
        default:
            break; /* comments and processing instructions are dropped */
        }
    }
    return BK_OK;
oom:
    st->status = BK_EINTERNAL;
    state_report(st, 1, 0, 0, "out of memory");
    return BK_EINTERNAL;
}

/* Converts a parsed document into a bk_node tree. */
static bk_status doc_to_tree(xml_state *st, xmlDocPtr doc, bk_node **out)
{
    bk_node *root = NULL;
    bk_status status = BK_OK;
    xmlNodePtr xr = xmlDocGetRootElement(doc);
    if (!xr) {
        state_report(st, 1, 0, 0, "document has no root element");
        status = st->status;
        goto done;
    }
    root = bk_node_new_element((const char *)xr->name);
    if (!root || convert_attrs(xr, root) < 0) {
        st->status = BK_EINTERNAL;
        state_report(st, 1, 0, 0, "out of memory");
        status = BK_EINTERNAL;
        goto done;
    }
    root->line = xmlGetLineNo(xr) > 0 ? xmlGetLineNo(xr) : 0;
    status = convert_children(st, xr, root);
    if (status != BK_OK)
        goto done;
    *out = root;
    root = NULL;
done:
    bk_node_free(root);
    return status;
}

bk_status bk_xml_read_memory(bk_ctx *ctx, const char *name, const char *data,
                             size_t len, bk_node **out)
{
    xml_state st;
    xmlDocPtr doc = NULL;
    bk_status status = BK_OK;
    *out = NULL;
    state_begin(&st, ctx, name, BK_EINPUT);
    doc = parse_doc(&st, data, len);
    if (!doc) {
        status = st.status;
        goto done;
    }
    status = doc_to_tree(&st, doc, out);
done:
    xmlFreeDoc(doc);
    state_end(&st);
    return status;
}

/* XML files may be somewhat larger than plain-text sources (markup). */
#define BK_MAX_XML_BYTES (4u * BK_MAX_SOURCE_BYTES)

bk_status bk_xml_read(bk_ctx *ctx, const char *path, bk_node **out)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    bk_status st = bk_file_read(ctx, path, BK_MAX_XML_BYTES, &data, &len);
    if (st == BK_OK)
        st = bk_xml_read_memory(ctx, path, data, len, out);
    free(data);
    return st;
}

/* ---- writing ----------------------------------------------------------- */

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

/* ---- validation -------------------------------------------------------- */

/* Builds the schema from the copy built into the program. Its errors are a
 * bug of ours (BK_EINTERNAL), reported against the schema file. */
static xmlRelaxNGPtr schema_load(bk_ctx *ctx)
{
    xml_state st;
    xmlRelaxNGPtr schema = NULL;
    xmlRelaxNGParserCtxtPtr pc = NULL;
    state_begin(&st, ctx, "pipeline/" SCHEMA_NAME, BK_EINTERNAL);
    size_t len = (size_t)(bk_schema_rng_end - bk_schema_rng_start);
    pc = xmlRelaxNGNewMemParserCtxt(bk_schema_rng_start, (int)len);
    if (!pc) {
        state_report(&st, 1, 0, 0, "cannot create a RELAX NG parser");
        goto done;
    }
    xmlRelaxNGSetParserStructuredErrors(pc, structured_error, &st);
    schema = xmlRelaxNGParse(pc);
    if (!schema && !st.failed)
        state_report(&st, 1, 0, 0, "the built-in schema does not compile");
done:
    xmlRelaxNGFreeParserCtxt(pc);
    state_end(&st);
    return schema;
}

/* Validates a parsed document: every schema error is recorded (the first
 * as the error, later ones as warnings). */
static bk_status validate_doc(xml_state *st, xmlRelaxNGPtr schema,
                              xmlDocPtr doc)
{
    bk_status status = BK_OK;
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    if (!vc) {
        st->status = BK_EINTERNAL;
        state_report(st, 1, 0, 0, "cannot create a RELAX NG validator");
        return BK_EINTERNAL;
    }
    st->errors_as_warnings_after_first = 1;
    xmlRelaxNGSetValidStructuredErrors(vc, structured_error, st);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    if (rc != 0) {
        if (!st->failed)
            state_report(st, 1, 0, 0,
                         rc > 0 ? "document does not match the TEI subset "
                                  "schema"
                                : "schema validation failed");
        status = rc > 0 ? BK_EINPUT : BK_EINTERNAL;
    }
    xmlRelaxNGFreeValidCtxt(vc);
    st->errors_as_warnings_after_first = 0;
    return status;
}

struct bk_validator {
    xmlRelaxNGPtr schema;
};

bk_validator *bk_validator_new(bk_ctx *ctx)
{
    bk_validator *v = calloc(1, sizeof(*v));
    if (!v) {
        bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        return NULL;
    }
    v->schema = schema_load(ctx);
    if (!v->schema) {
        free(v);
        return NULL;
    }
    return v;
}

bk_validator *bk_validator_new_file(bk_ctx *ctx, const char *rng_path)
{
    xml_state st;
    bk_validator *v = calloc(1, sizeof(*v));
    if (!v) {
        bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        return NULL;
    }
    state_begin(&st, ctx, rng_path, BK_EINPUT);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng_path);
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, structured_error, &st);
        v->schema = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    if (!v->schema && !st.failed)
        state_report(&st, 1, 0, 0, "cannot read the schema");
    state_end(&st);
    if (!v->schema) {
        free(v);
        return NULL;
    }
    return v;
}

void bk_validator_free(bk_validator *v)
{
    if (!v)
        return;
    xmlRelaxNGFree(v->schema);
    free(v);
}

/* Parses data once, validates it with v's schema (or, without v, with the
 * schema built for this call) and, when out is given, converts it. */
static bk_status read_valid(bk_ctx *ctx, bk_validator *v, const char *name,
                            const char *data, size_t len, bk_node **out)
{
    xml_state st;
    xmlDocPtr doc = NULL;
    bk_status status = BK_OK;
    xmlRelaxNGPtr own = v ? NULL : schema_load(ctx);
    xmlRelaxNGPtr schema = v ? v->schema : own;
    if (out)
        *out = NULL;
    if (!schema)
        return BK_EINTERNAL;
    state_begin(&st, ctx, name, BK_EINPUT);
    doc = parse_doc(&st, data, len);
    if (!doc) {
        status = st.status;
        goto done;
    }
    status = validate_doc(&st, schema, doc);
    if (status == BK_OK && out)
        status = doc_to_tree(&st, doc, out);
done:
    xmlFreeDoc(doc);
    xmlRelaxNGFree(own);
    state_end(&st);
    return status;
}

bk_status bk_xml_validate_memory(bk_ctx *ctx, const char *name,
                                 const char *data, size_t len)
{
    return read_valid(ctx, NULL, name, data, len, NULL);
}

bk_status bk_xml_validate_memory_with(bk_ctx *ctx, bk_validator *v,
                                      const char *name, const char *data,
                                      size_t len)
{
    return read_valid(ctx, v, name, data, len, NULL);
}

bk_status bk_xml_read_valid_memory(bk_ctx *ctx, bk_validator *v,
                                   const char *name, const char *data,
                                   size_t len, bk_node **out)
{
    return read_valid(ctx, v, name, data, len, out);
}

/* Reads a file and hands it to read_valid. */
static bk_status read_valid_file(bk_ctx *ctx, bk_validator *v,
                                 const char *path, bk_node **out)
{
    char *data = NULL;
    size_t len = 0;
    if (out)
        *out = NULL;
    bk_status st = bk_file_read(ctx, path, BK_MAX_XML_BYTES, &data, &len);
    if (st == BK_OK)
        st = read_valid(ctx, v, path, data, len, out);
    free(data);
    return st;
}

bk_status bk_xml_validate_file(bk_ctx *ctx, const char *path)
{
    return read_valid_file(ctx, NULL, path, NULL);
}

bk_status bk_xml_validate_file_with(bk_ctx *ctx, bk_validator *v,
                                    const char *path)
{
    return read_valid_file(ctx, v, path, NULL);
}

bk_status bk_xml_read_valid(bk_ctx *ctx, bk_validator *v, const char *path,
                            bk_node **out)
{
    return read_valid_file(ctx, v, path, out);
}
