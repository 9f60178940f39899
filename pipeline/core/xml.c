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
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

#include "memo.h"
#include "schemas.h"
#include "stamp.h"
#include "unicode.h"
#include "vocab.h"

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

/* Records one message: every schema error, but of parse errors only the
 * first (the later ones are usually its consequences). */
static void state_report(xml_state *st, int is_error, long line, long col,
                         const char *msg)
{
    if (is_error && !st->failed) {
        st->failed = 1;
        bk_diag_error(st->ctx->diag, st->status, st->file, line, col, "%s",
                      msg);
        if (strstr(msg, "not XML"))
            bk_diag_no_quote(st->ctx->diag); /* not ours to echo */
    } else if (is_error && !st->errors_as_warnings_after_first) {
        return; /* parse errors after the first are usually consequences */
    } else if (is_error) {
        /* schema validation: every problem is an error of its own */
        bk_diag_error(st->ctx->diag, st->status, st->file, line, col, "%s", msg);
    } else {
        bk_diag_warn(st->ctx->diag, st->file, line, col, "%s", msg);
    }
}

/* libxml2's words are not ours to show: its parser errors are told by
 * code, its RELAX NG messages rewritten by their shape. Anything not
 * recognised gets a plain sentence of our own. */
static const struct {
    int code;
    const char *say;
} PARSER_WORDS[] = {
    {XML_ERR_DOCUMENT_EMPTY, "the file is empty or not XML"},
    {XML_ERR_DOCUMENT_START, "the file is empty or not XML"},
    {XML_ERR_DOCUMENT_END, "text after the end of the root element"},
    {XML_ERR_TAG_NAME_MISMATCH, "an end tag does not match its start tag"},
    {XML_ERR_TAG_NOT_FINISHED, "the file ends before the elements are closed"},
    {XML_ERR_GT_REQUIRED, "'>' expected to end the tag"},
    {XML_ERR_LTSLASH_REQUIRED, "'</' expected for an end tag"},
    {XML_ERR_EQUAL_REQUIRED, "'=' expected after the attribute name"},
    {XML_ERR_ATTRIBUTE_NOT_STARTED, "an attribute value must be in quotes"},
    {XML_ERR_ATTRIBUTE_NOT_FINISHED, "an attribute value is not closed"},
    {XML_ERR_ATTRIBUTE_WITHOUT_VALUE, "an attribute needs =\"value\""},
    {XML_ERR_ATTRIBUTE_REDEFINED, "an attribute is given twice"},
    {XML_ERR_LT_IN_ATTRIBUTE, "'<' inside an attribute value (write &lt;)"},
    {XML_ERR_NAME_REQUIRED, "a name was expected here (write a bare & as &amp;)"},
    {XML_ERR_ENTITYREF_SEMICOL_MISSING, "an entity reference lacks its ';' (write a bare & as &amp;)"},
    {XML_ERR_UNDECLARED_ENTITY, "undeclared entity (only &amp; &lt; &gt; &quot; &apos; are known)"},
    {XML_WAR_UNDECLARED_ENTITY, "undeclared entity (only &amp; &lt; &gt; &quot; &apos; are known)"},
    {XML_ERR_INVALID_CHAR, "a character XML does not allow"},
    {XML_ERR_INVALID_CHARREF, "a character reference XML does not allow"},
    {XML_ERR_INVALID_ENCODING, "the file is not valid UTF-8"},
    {XML_ERR_UNSUPPORTED_ENCODING, "the file's encoding is not supported (use UTF-8)"},
    {XML_ERR_SPACE_REQUIRED, "a space is needed here"},
    {XML_ERR_RESERVED_XML_NAME, "the XML declaration may only open the file"},
    {XML_ERR_EXTRA_CONTENT, "text after the end of the root element"},
    {XML_ERR_LT_REQUIRED, "'<' expected: the file is empty or not XML"},
    {XML_ERR_COMMENT_NOT_FINISHED, "a comment is not closed"},
    {XML_NS_ERR_UNDEFINED_NAMESPACE, "an undeclared namespace prefix"},
};

/* Rewrites one RELAX NG message: "%1" and "%2" in `say` stand for the
 * first and second names taken from the message shaped like `shape`
 * (names are the words before ", " / " there" / " " ends them). */
static int rng_rewrite(const char *m, const char *shape, const char *say,
                       char *out, size_t n)
{
    char a[128] = "", b[128] = "";
    int got = sscanf(m, shape, a, b);
    int want = 0;
    for (const char *p = shape; (p = strstr(p, "%127")); p++)
        want++;
    if (got != want)
        return -1;
    bk_buf t = {0};
    for (const char *p = say; *p; p++) {
        if (p[0] == '%' && (p[1] == '1' || p[1] == '2'))
            bk_buf_puts(&t, *++p == '1' ? a : b);
        else
            bk_buf_append(&t, p, 1);
    }
    snprintf(out, n, "%s", t.data ? t.data : "");
    bk_buf_release(&t);
    return 0;
}

static void rng_words(const char *m, char *out, size_t n)
{
    static const char *const shapes[][2] = {
        {"Expecting element %127[^,], got %127s", "<%2> is not allowed here: <%1> was expected"},
        {"Did not expect element %127s there", "<%1> is not allowed here"},
        {"Expecting an element %127[^,], got nothing", "a <%1> element is missing here"},
        {"Expecting an element , got nothing", "an element is missing here"},
        {"Element %127s has extra content: %127s", "<%1> holds <%2>, which does not belong there"},
        {"Extra element %127s in interleave", "<%1> is not allowed here, or once too often"},
        {"Did not expect text in element %127s content", "<%1> may not hold text"},
        {"Element %127s failed to validate attributes", "an attribute of <%1> has a value of the wrong form"},
        {"Element %127s failed to validate content", "the content of <%1> does not match the schema"},
        {"Invalid attribute %127s for element %127s", "unknown attribute '%1' on <%2>"},
        {"Invalid sequence in interleave", "elements in an order or number the schema does not allow"},
        {"Error validating datatype %127s", "a value is not a valid %1"},
        {"Error validating value %127s", "a value is not one of those allowed"},
        {"Datatype element %127s has child elements", "<%1> may hold only text"},
        {"Expecting no namespace for element %127s", "<%1> must have no namespace"},
        {"Element %127s has wrong namespace: expecting %127s", "<%1> must be in the namespace %2"},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        if (rng_rewrite(m, shapes[i][0], shapes[i][1], out, n) == 0)
            return;
    snprintf(out, n, "the document does not match the schema here");
}

static void parser_words(const xmlError *err, char *out, size_t n)
{
    if ((err->code == XML_ERR_UNDECLARED_ENTITY || err->code == XML_WAR_UNDECLARED_ENTITY) &&
        err->str1) {
        snprintf(out, n, "undeclared entity &%.100s; (only &amp; &lt; &gt; &quot; &apos; "
                 "are known)", err->str1);
        return;
    }
    for (size_t i = 0; i < sizeof PARSER_WORDS / sizeof *PARSER_WORDS; i++)
        if (PARSER_WORDS[i].code == err->code) {
            snprintf(out, n, "%s", PARSER_WORDS[i].say);
            return;
        }
    snprintf(out, n, "the file is not well-formed XML here");
}

/* Formats libxml2's message without its trailing newline. */
static void structured_error(void *data, xmlErrorPtr err)
{
    xml_state *st = data;
    if (!st || !err)
        return;
    char msg[512], m[512];
    const char *raw = err->message ? err->message : "";
    size_t n = strlen(raw);
    while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == ' '))
        n--;
    if (n >= sizeof m)
        n = sizeof m - 1;
    memcpy(m, raw, n);
    m[n] = '\0';
    if (err->domain == XML_FROM_RELAXNGV)
        rng_words(m, msg, sizeof msg);
    else if (err->domain == XML_FROM_RELAXNGP || err->domain == XML_FROM_SCHEMASP)
        snprintf(msg, sizeof msg, "the schema does not compile: %.400s", m);
    else
        parser_words(err, msg, sizeof msg);
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
        state_report(st, 1, 0, 0, "the file is empty");
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
    xmlCtxtUseOptions(p, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
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
        /* a value of one text node (the usual) is that node's content,
         * without the copy xmlNodeListGetString makes */
        const xmlNode *t = a->children;
        if (t && !t->next && t->type == XML_TEXT_NODE) {
            rc = bk_node_set_attr(n, qname, t->content ? (const char *)t->content : "");
            continue;
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
            long line = xmlGetLineNo(c);
            e->line = line > 0 ? line : 0;
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

#define RNG_NS "http://relaxng.org/ns/structure/1.0"

static int is_rng(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, BAD_CAST RNG_NS) && xmlStrEqual(n->name, BAD_CAST name);
}

/* 1 for an <optional> that holds attributes named by a literal name and
 * nothing else. */
static int is_optional_attributes(const xmlNode *o)
{
    if (!is_rng(o, "optional"))
        return 0;
    int n = 0;
    for (const xmlNode *c = o->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && (!is_rng(c, "attribute") || !xmlHasProp(c, BAD_CAST "name")))
            return 0;
        n += c->type == XML_ELEMENT_NODE;
    }
    return n > 0;
}

/* The next element sibling from n on (n included), or NULL. */
static xmlNode *element_from(xmlNode *n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

/* Puts every run of two or more sibling <optional> attributes (as in
 * att.global, or a style's thirty settings) in an <interleave>: for
 * attributes the same language as the sequence (attributes have no
 * order; a name appears once in an element's pattern, RELAX NG 7.3), but
 * libxml2 validates the sequence by keeping every combination of the
 * present attributes taken or left as a state, 2^n states for n present
 * ones compared pairwise (an event of events.xml: 1.5 ms), where for an
 * interleave it keeps, group by group, the state with the fewest
 * attributes left, which with literal names is the only one that can
 * succeed. The schema's text (what `booklet schema` prints and the
 * ingest stamp digests) is untouched: only its compiled form changes.
 * Returns 0, or -1 when out of memory. */
static int schema_tune(xmlDocPtr doc, xmlNode *parent)
{
    for (xmlNode *c = element_from(parent->children); c;) {
        xmlNode *end = c;
        int n = 0;
        while (end && is_optional_attributes(end))
            end = element_from(end->next), n++;
        if (n < 2) {
            if (schema_tune(doc, c) != 0)
                return -1;
            c = element_from(c->next);
            continue;
        }
        xmlNode *il = xmlNewDocNode(doc, c->ns, BAD_CAST "interleave", NULL);
        if (!il || !xmlAddPrevSibling(c, il)) {
            xmlFreeNode(il);
            return -1;
        }
        while (c != end) {
            xmlNode *next = element_from(c->next);
            xmlUnlinkNode(c);
            xmlAddChild(il, c);
            c = next;
        }
    }
    return 0;
}

/* Builds the built-in schema `name` (schemas.h) into c: its vocabulary
 * (vocab.h) and its RELAX NG, tuned (schema_tune), from one parse of its
 * text. Its errors are a bug of ours (BK_EINTERNAL), reported against the
 * schema; either part may be left NULL. */
static void schema_load(bk_ctx *ctx, const char *name, xmlRelaxNGPtr *schema, bk_vocab **vocab)
{
    xml_state st;
    xmlRelaxNGParserCtxtPtr pc = NULL;
    xmlDocPtr doc = NULL;
    bk_node *rng = NULL;
    const char *data = NULL;
    size_t len = 0;
    char label[64];
    snprintf(label, sizeof label, "(built-in schema %s)", name);
    state_begin(&st, ctx, label, BK_EINTERNAL);
    if (bk_schema_get(name, &data, &len) != 0 || len > INT_MAX) {
        state_report(&st, 1, 0, 0, "no such built-in schema");
        goto done;
    }
    if (!(doc = parse_doc(&st, data, len)) || doc_to_tree(&st, doc, &rng) != BK_OK)
        goto done;
    if (!(*vocab = bk_vocab_new(rng))) {
        state_report(&st, 1, 0, 0, "out of memory");
        goto done;
    }
    if (schema_tune(doc, xmlDocGetRootElement(doc)) != 0 ||
        !(pc = xmlRelaxNGNewDocParserCtxt(doc))) {
        state_report(&st, 1, 0, 0, "cannot create a RELAX NG parser");
        goto done;
    }
    xmlRelaxNGSetParserStructuredErrors(pc, structured_error, &st);
    *schema = xmlRelaxNGParse(pc);
    if (!*schema && !st.failed)
        state_report(&st, 1, 0, 0, "the built-in schema does not compile");
done:
    xmlRelaxNGFreeParserCtxt(pc);
    xmlFreeDoc(doc);
    bk_node_free(rng);
    state_end(&st);
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
                         rc > 0 ? "the document does not match its schema"
                                : "schema validation failed");
        status = rc > 0 ? BK_EINPUT : BK_EINTERNAL;
    }
    xmlRelaxNGFreeValidCtxt(vc);
    st->errors_as_warnings_after_first = 0;
    return status;
}

/* A built-in schema compiled for this run, with the documents already
 * found valid against it (byte for byte, so a file read again in the same
 * run, a map's gazetteer or a message catalog, is not validated again). */
typedef struct valid_doc {
    char *data;
    size_t len;
} valid_doc;

typedef struct compiled {
    char name[16];
    xmlRelaxNGPtr schema;
    bk_vocab *vocab;
    valid_doc *docs;
    size_t ndocs;
} compiled;

/* The copies of valid documents kept per run, at most: past it a file
 * read twice is validated twice. */
#define BK_VALID_MEMO_BYTES (16u << 20)

struct bk_xml_cache {
    compiled **c;
    size_t n;
    size_t memo_bytes;
    bk_sha256 stamp_prefix; /* bk_stamp_prefix, once per run */
    int has_stamp_prefix;
};

/* The run's cache, made on first need; NULL (with the error recorded)
 * when out of memory. */
static bk_xml_cache *cache_of(bk_ctx *ctx)
{
    if (!ctx->xml && !(ctx->xml = calloc(1, sizeof(*ctx->xml))))
        bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    return ctx->xml;
}

/* 1 when data carries an ingest stamp that matches (stamp.h). */
static int stamp_matches(bk_ctx *ctx, const char *data, size_t len)
{
    bk_xml_cache *x = cache_of(ctx);
    if (x && !x->has_stamp_prefix)
        x->has_stamp_prefix = bk_stamp_prefix(&x->stamp_prefix) == 0;
    return bk_stamp_matches(x && x->has_stamp_prefix ? &x->stamp_prefix : NULL, data, len);
}

void bk_xml_cache_free(bk_xml_cache *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++) {
        xmlRelaxNGFree(x->c[i]->schema);
        bk_vocab_free(x->c[i]->vocab);
        for (size_t k = 0; k < x->c[i]->ndocs; k++)
            free(x->c[i]->docs[k].data);
        free(x->c[i]->docs);
        free(x->c[i]);
    }
    free(x->c);
    free(x);
}

/* The built-in schema `name` of this run, compiled on first need; NULL
 * with the error recorded. */
static compiled *compiled_get(bk_ctx *ctx, const char *name)
{
    bk_xml_cache *x = cache_of(ctx);
    if (!x)
        return NULL;
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->c[i]->name, name) == 0)
            return x->c[i];
    compiled **nc = realloc(x->c, (x->n + 1) * sizeof(*nc));
    if (!nc)
        goto oom;
    x->c = nc;
    compiled *c = calloc(1, sizeof(*c));
    if (!c)
        goto oom;
    snprintf(c->name, sizeof c->name, "%s", name);
    schema_load(ctx, name, &c->schema, &c->vocab);
    if (!c->schema || !c->vocab) {
        bk_vocab_free(c->vocab);
        xmlRelaxNGFree(c->schema);
        free(c);
        return NULL;
    }
    x->c[x->n++] = c;
    return c;
oom:
    bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    return NULL;
}

static int memo_has(const compiled *c, const char *data, size_t len)
{
    for (size_t i = 0; i < c->ndocs; i++)
        if (c->docs[i].len == len && memcmp(c->docs[i].data, data, len) == 0)
            return 1;
    return 0;
}

/* Remembers a valid document; a failure only means it is not remembered. */
static void memo_add(bk_ctx *ctx, compiled *c, const char *data, size_t len)
{
    bk_xml_cache *x = ctx->xml;
    if (len > BK_VALID_MEMO_BYTES - x->memo_bytes)
        return;
    valid_doc *nd = realloc(c->docs, (c->ndocs + 1) * sizeof(*nd));
    if (!nd)
        return;
    c->docs = nd;
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return;
    memcpy(copy, data, len);
    nd[c->ndocs++] = (valid_doc){copy, len};
    x->memo_bytes += len;
}

struct bk_validator {
    char name[16];           /* a built-in schema (compiled per run, in
                                ctx->xml), or "" for one read from a file */
    xmlRelaxNGPtr schema;    /* the schema read from a file: owned */
    int trust_stamp;         /* bk_validator_trust_stamp */
};

bk_validator *bk_validator_new_named(bk_ctx *ctx, const char *name)
{
    if (bk_schema_get(name, &(const char *){NULL}, &(size_t){0}) != 0 ||
        strlen(name) >= sizeof ((bk_validator *)0)->name) {
        bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                      "no built-in schema '%s'", name);
        return NULL;
    }
    bk_validator *v = calloc(1, sizeof(*v));
    if (!v) {
        bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        return NULL;
    }
    strcpy(v->name, name);
    return v;
}

bk_validator *bk_validator_new(bk_ctx *ctx)
{
    return bk_validator_new_named(ctx, "tei");
}

void bk_validator_trust_stamp(bk_validator *v)
{
    if (v && strcmp(v->name, "tei") == 0)
        v->trust_stamp = 1;
}

bk_validator *bk_validator_new_file(bk_ctx *ctx, const char *rng_path)
{
    xml_state st;
    bk_validator *v = calloc(1, sizeof(*v));
    if (!v) {
        bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        return NULL;
    }
    /* read through the one opener; libxml2 only gets the bytes */
    char *data = NULL;
    size_t len = 0;
    if (bk_file_read(ctx, rng_path, BK_MAX_XML_BYTES, &data, &len) != BK_OK) {
        free(v);
        return NULL;
    }
    state_begin(&st, ctx, rng_path, BK_EINPUT);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(data, (int)len);
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, structured_error, &st);
        v->schema = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    free(data);
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

/* Validation proper: the vocabulary pass and RELAX NG, in the schema's
 * order (the vocabulary first, except for TEI, whose RELAX NG messages
 * callers rely on); the vocabulary pass needs the tree (made here into
 * *tree, which the caller frees). */
static bk_status validate_all(xml_state *st, xmlRelaxNGPtr schema, const bk_vocab *vocab,
                              int vocab_first, xmlDocPtr doc, const char *data,
                              size_t len, bk_node **tree)
{
    bk_status status = BK_OK;
    if (vocab && vocab_first) {
        if ((status = doc_to_tree(st, doc, tree)) != BK_OK)
            return status;
        if ((status = bk_vocab_check(st->ctx, vocab, st->file, data, len,
                                     *tree)) != BK_OK)
            return status;
    }
    status = validate_doc(st, schema, doc);
    if (status == BK_EINTERNAL || !vocab || vocab_first)
        return status;
    /* after RELAX NG, also when it failed: its messages say little */
    bk_status conv = doc_to_tree(st, doc, tree);
    if (conv != BK_OK)
        return status ? status : conv;
    bk_status names = bk_vocab_check(st->ctx, vocab, st->file, data, len, *tree);
    return status ? status : names;
}

/* Validates a parsed document with v: nothing to do for a stamped
 * document v may trust or one this run found valid already. */
static bk_status validate_with(xml_state *st, const bk_validator *v, xmlDocPtr doc,
                               const char *data, size_t len, bk_node **tree)
{
    if (!v->name[0])
        return validate_all(st, v->schema, NULL, 0, doc, data, len, tree);
    if (v->trust_stamp && stamp_matches(st->ctx, data, len))
        return BK_OK;
    compiled *c = compiled_get(st->ctx, v->name);
    if (!c)
        return bk_diag_error_status(st->ctx->diag) ? bk_diag_error_status(st->ctx->diag)
                                                   : BK_EINTERNAL;
    if (memo_has(c, data, len))
        return BK_OK;
    size_t before = bk_diag_count(st->ctx->diag);
    bk_status status = validate_all(st, c->schema, c->vocab, strcmp(v->name, "tei") != 0,
                                    doc, data, len, tree);
    /* only a document that passed without a word is taken as read */
    if (status == BK_OK && bk_diag_count(st->ctx->diag) == before)
        memo_add(st->ctx, c, data, len);
    return status;
}

/* Parses data once, validates it with v (or, without v, with the TEI
 * schema) and, when out is given, converts it. */
static bk_status read_valid(bk_ctx *ctx, bk_validator *v, const char *name,
                            const char *data, size_t len, bk_node **out)
{
    xml_state st;
    xmlDocPtr doc = NULL;
    bk_node *tree = NULL;
    bk_status status = BK_OK;
    bk_validator tei = {.name = "tei"};
    if (out)
        *out = NULL;
    if (!v)
        v = &tei;
    state_begin(&st, ctx, name, BK_EINPUT);
    doc = parse_doc(&st, data, len);
    if (!doc) {
        status = st.status;
        goto done;
    }
    status = validate_with(&st, v, doc, data, len, &tree);
    if (status == BK_OK && out && !tree)
        status = doc_to_tree(&st, doc, &tree);
    if (status == BK_OK && out) {
        *out = tree;
        tree = NULL;
    }
done:
    bk_node_free(tree);
    xmlFreeDoc(doc);
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

static void tree_free(void *t) { bk_node_free(t); }

/* The shared read (xml.h): `kind` names how the bytes were read (parsed
 * only, or validated with which schema, trusting stamps or not), NULL for
 * a read that is never shared. */
static bk_status read_shared(bk_ctx *ctx, bk_validator *v, const char *kind, const char *path,
                             const bk_node **out, bk_node **own)
{
    char *data = NULL;
    size_t len = 0;
    bk_node *tree = NULL;
    *out = NULL;
    *own = NULL;
    bk_status st = bk_file_read(ctx, path, BK_MAX_XML_BYTES, &data, &len);
    if (st)
        return st;
    /* trusting stamps or not reads an unstamped document alike */
    char plain[40];
    if (kind && !bk_stamp_present(data, len) && strstr(kind, " stamp")) {
        snprintf(plain, sizeof plain, "%.*s", (int)(strstr(kind, " stamp") - kind), kind);
        kind = plain;
    }
    /* the tree is the bytes' wherever they were read from (the maps name
     * the events file by another path than the layout does) */
    if (kind && (*out = bk_memo_find(ctx, kind, "", data, len)))
        goto done;
    size_t before = bk_diag_count(ctx->diag);
    st = kind && strcmp(kind, "tree") == 0 ? bk_xml_read_memory(ctx, path, data, len, &tree)
                                           : read_valid(ctx, v, path, data, len, &tree);
    if (st)
        goto done;
    *out = tree;
    if (!kind || len > BK_SHARED_XML_BYTES || bk_diag_count(ctx->diag) != before ||
        bk_memo_keep(ctx, kind, "", data, len, tree, tree_free) != 0)
        *own = tree;
done:
    free(data);
    return st;
}

bk_status bk_xml_read_valid_shared(bk_ctx *ctx, bk_validator *v, const char *path,
                                   const bk_node **out, bk_node **own)
{
    char kind[40];
    snprintf(kind, sizeof kind, "valid tree %s%s", v ? v->name : "tei",
             v && v->trust_stamp ? " stamp" : "");
    /* a schema read from a file is the validator's own: never shared */
    return read_shared(ctx, v, v && !v->name[0] ? NULL : kind, path, out, own);
}

bk_status bk_xml_read_shared(bk_ctx *ctx, const char *path, const bk_node **out, bk_node **own)
{
    return read_shared(ctx, NULL, "tree", path, out, own);
}

bk_status bk_xml_read_schema(bk_ctx *ctx, const char *schema, const char *path,
                             bk_node **out)
{
    if (out)
        *out = NULL;
    bk_validator *v = bk_validator_new_named(ctx, schema);
    if (!v)
        return bk_diag_error_status(ctx->diag) ? bk_diag_error_status(ctx->diag)
                                               : BK_EINTERNAL;
    bk_status st = read_valid_file(ctx, v, path, out);
    bk_validator_free(v);
    return st;
}

/* ---- root element ------------------------------------------------------ */

/* Reader errors are not reported: the file is read in full, with
 * messages, by the stage that uses it. */
static void reader_quiet(void *data, xmlErrorPtr err)
{
    (void)data;
    (void)err;
}

int bk_xml_root_name(bk_ctx *ctx, const char *path, char *buf, size_t n)
{
    xml_state st;
    int found = -1;
    if (!buf || n == 0)
        return -1;
    buf[0] = '\0';
    /* the head of the file, through the one opener (a FIFO or a device is
     * refused there, not read): the root's start tag is in it */
    char head[65536];
    ssize_t got = 0;
    int fd = -1;
    size_t size = 0;
    const char *why = NULL;
    int err = 0;
    if (bk_file_open_quiet(ctx, path, BK_MAX_SOURCE_BYTES, &fd, &size, &why, &err) != BK_OK)
        return -1;
    while ((got = read(fd, head, sizeof head)) < 0 && errno == EINTR)
        ;
    close(fd);
    if (got <= 0)
        return -1;
    state_begin(&st, ctx, path, BK_EINPUT);
    /* no network, no DTD, no entity substitution: only the first start
     * tag is read */
    xmlTextReaderPtr r = xmlReaderForMemory(head, (int)got, path, NULL, XML_PARSE_NONET);
    if (r) {
        xmlTextReaderSetStructuredErrorHandler(r, reader_quiet, NULL);
        while (xmlTextReaderRead(r) == 1) {
            if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
                continue;
            const xmlChar *name = xmlTextReaderConstLocalName(r);
            if (name && strlen((const char *)name) < n) {
                strcpy(buf, (const char *)name);
                found = 0;
            }
            break;
        }
        xmlFreeTextReader(r);
    }
    state_end(&st);
    return found;
}
