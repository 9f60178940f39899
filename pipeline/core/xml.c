/* xml.c — the libxml2 adapter (see xml.h): the only file that includes
 * libxml2. Reads XML safely into bk_node trees and validates documents
 * against the built-in RELAX NG schemas (trees are written as XML by
 * xml_write.c, which needs no libxml2).
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
#include <libxml/schemasInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/xmlerror.h>

#include "memo.h"
#include "rngfacet.h"
#include "schemas.h"
#include "stamp.h"
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

/* ---- patterns taken out of a built-in schema (rngfacet.h) ------------- */

#define XSD_NS "http://www.w3.org/2001/XMLSchema"
#define FACETS_PER_DATA 4

/* A <data> whose patterns were taken out of the compiled schema: its
 * datatype and its patterns, each compiled once (n == 0: none taken). */
typedef struct facet_data {
    xmlSchemaTypePtr type;
    xmlSchemaFacetPtr facets[FACETS_PER_DATA];
    xmlChar *patterns[FACETS_PER_DATA]; /* the facets' text: owned */
    size_t n;
} facet_data;

/* Where the values a facet_data governs are (bk_rngfacet_use): the text
 * of elements or the attributes of that name. */
typedef struct facet_use {
    char *name;
    const facet_data *d;
} facet_use;

typedef struct facet_set {
    facet_data *data; /* by <data> rank */
    size_t ndata;
    size_t taken;     /* how many <data> had their patterns taken out */
    facet_use *texts; /* sorted by name */
    size_t ntexts;
    facet_use *attrs; /* sorted by name */
    size_t nattrs;
} facet_set;

static void facet_data_clear(facet_data *d)
{
    for (size_t i = 0; i < d->n; i++) {
        xmlSchemaFreeFacet(d->facets[i]);
        xmlFree(d->patterns[i]);
    }
    d->n = 0;
}

static void facets_free(facet_set *fs)
{
    for (size_t i = 0; i < fs->ndata; i++)
        facet_data_clear(&fs->data[i]);
    for (size_t i = 0; i < fs->ntexts; i++)
        free(fs->texts[i].name);
    for (size_t i = 0; i < fs->nattrs; i++)
        free(fs->attrs[i].name);
    free(fs->data);
    free(fs->texts);
    free(fs->attrs);
    memset(fs, 0, sizeof(*fs));
}

static int is_pattern_param(const xmlNode *q)
{
    if (!is_rng(q, "param"))
        return 0;
    xmlChar *name = xmlGetProp(q, BAD_CAST "name");
    int yes = name && xmlStrEqual(name, BAD_CAST "pattern");
    xmlFree(name);
    return yes;
}

/* Compiles the patterns of <data> element n as libxml2 does for each value
 * (xmlRelaxNGSchemaFacetCheck) and takes them out of n. Leaves n as it is
 * (and d empty) when one does not compile or there are too many. */
static void facet_data_take(xmlNode *n, facet_data *d)
{
    xmlChar *type = xmlGetProp(n, BAD_CAST "type");
    d->type = type ? xmlSchemaGetPredefinedType(type, BAD_CAST XSD_NS) : NULL;
    for (xmlNode *q = n->children; q && d->type; q = q->next) {
        if (!is_pattern_param(q))
            continue;
        xmlSchemaFacetPtr f = d->n < FACETS_PER_DATA ? xmlSchemaNewFacet() : NULL;
        if (!f) {
            d->type = NULL;
            break;
        }
        d->facets[d->n] = f;
        d->patterns[d->n] = xmlNodeGetContent(q);
        f->value = d->patterns[d->n++];
        f->type = XML_SCHEMA_FACET_PATTERN;
        if (!f->value || xmlSchemaCheckFacet(f, d->type, NULL, type) != 0)
            d->type = NULL;
    }
    xmlFree(type);
    if (!d->type || d->n == 0) {
        facet_data_clear(d);
        return;
    }
    for (xmlNode *q = n->children, *next; q; q = next) {
        next = q->next;
        if (is_pattern_param(q)) {
            xmlUnlinkNode(q);
            xmlFreeNode(q);
        }
    }
}

/* Takes out of the <data> elements below n (counted in document order,
 * as the plan counts them) the patterns the plan allows. */
static void facets_take(xmlNode *n, const bk_rngfacet_plan *plan, facet_set *fs, size_t *rank)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(c->name, BAD_CAST "data")) {
            size_t r = (*rank)++;
            if (r < fs->ndata && plan->relax[r] && is_rng(c, "data")) {
                facet_data_take(c, &fs->data[r]);
                fs->taken += fs->data[r].n > 0;
            }
        }
        facets_take(c, plan, fs, rank);
    }
}

static int use_cmp(const void *a, const void *b)
{
    return strcmp(((const facet_use *)a)->name, ((const facet_use *)b)->name);
}

/* Plans and takes out the patterns of the schema doc (read into rng).
 * Returns 0, or -1 when out of memory. */
static int facets_build(const bk_node *rng, xmlDocPtr doc, facet_set *fs)
{
    bk_rngfacet_plan plan;
    size_t rank = 0;
    int rc = -1;
    if (bk_rngfacet_plan_make(rng, &plan) != 0)
        return -1;
    fs->ndata = plan.ndata;
    if (!(fs->data = calloc(plan.ndata + 1, sizeof(*fs->data))) ||
        !(fs->texts = calloc(plan.nuses + 1, sizeof(*fs->texts))) ||
        !(fs->attrs = calloc(plan.nuses + 1, sizeof(*fs->attrs))))
        goto done;
    facets_take(xmlDocGetRootElement(doc), &plan, fs, &rank);
    for (size_t i = 0; i < plan.nuses; i++) {
        const bk_rngfacet_use *u = &plan.uses[i];
        if (u->data >= fs->ndata || fs->data[u->data].n == 0)
            continue; /* its patterns stay in the schema */
        facet_use *fu = u->element ? &fs->texts[fs->ntexts++] : &fs->attrs[fs->nattrs++];
        fu->d = &fs->data[u->data];
        if (!(fu->name = bk_strdup(u->element ? u->element : u->attribute)))
            goto done;
    }
    qsort(fs->texts, fs->ntexts, sizeof(*fs->texts), use_cmp);
    qsort(fs->attrs, fs->nattrs, sizeof(*fs->attrs), use_cmp);
    rc = 0;
done:
    bk_rngfacet_plan_release(&plan);
    return rc;
}

/* 1 when value is of d's datatype and matches each of its patterns,
 * tested as xmlRelaxNGSchemaFacetCheck tests them: the same calls on the
 * same string, only the pattern compiled once instead of every time. */
static int facet_value_ok(const facet_data *d, const xmlChar *value, xmlNodePtr node)
{
    xmlSchemaValPtr val = NULL;
    int ok = value && xmlSchemaValPredefTypeNode(d->type, value, &val, node) == 0;
    for (size_t i = 0; ok && i < d->n; i++)
        ok = xmlSchemaValidateFacet(d->type, d->facets[i], value, val) == 0;
    if (val)
        xmlSchemaFreeValue(val);
    return ok;
}

/* What libxml2 skips before an element's text (xmlRelaxNGSkipIgnored). */
static int is_ignorable(const xmlNode *n)
{
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
        return 1;
    if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
        return 0;
    for (const xmlChar *p = n->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

/* The text of e as libxml2 takes it for a <data> in e's content: that of
 * its text children from where the validator stands, which may be past
 * ignorable ones; every such start is tried. */
static int text_ok(const facet_data *d, xmlNodePtr e)
{
    for (xmlNodePtr from = e->children;; from = from->next) {
        xmlChar *text = NULL;
        for (xmlNodePtr c = from; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE) {
                xmlFree(text);
                return 0;
            }
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
                text = xmlStrcat(text, c->content);
        }
        int ok = facet_value_ok(d, text ? text : BAD_CAST "", from);
        xmlFree(text);
        if (!ok)
            return 0;
        if (!from || !is_ignorable(from))
            return 1;
    }
}

/* The first of the n uses sorted by name that is called `name`, or NULL. */
static const facet_use *uses_find(const facet_use *uses, size_t n, const xmlChar *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(uses[mid].name, (const char *)name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(uses[lo].name, (const char *)name) == 0 ? &uses[lo] : NULL;
}

/* 1 when the values at and after e (and below) that the taken-out
 * patterns govern match them: the text of an element and the value of an
 * attribute are checked against every pattern their name may be governed
 * by (more than needed, never less). */
static int facets_hold(const facet_set *fs, xmlNodePtr e)
{
    const facet_use *end_t = fs->texts + fs->ntexts, *end_a = fs->attrs + fs->nattrs;
    for (; e; e = e->next) {
        if (e->type != XML_ELEMENT_NODE)
            continue;
        for (const facet_use *u = uses_find(fs->texts, fs->ntexts, e->name);
             u && u < end_t && xmlStrEqual(BAD_CAST u->name, e->name); u++)
            if (!text_ok(u->d, e))
                return 0;
        for (xmlAttrPtr a = e->properties; a; a = a->next) {
            const facet_use *u = uses_find(fs->attrs, fs->nattrs, a->name);
            xmlChar *v = u ? xmlNodeListGetString(e->doc, a->children, 1) : NULL;
            int ok = 1;
            for (; ok && u && u < end_a && xmlStrEqual(BAD_CAST u->name, a->name); u++)
                ok = facet_value_ok(u->d, v, (xmlNodePtr)a);
            xmlFree(v);
            if (!ok)
                return 0;
        }
        if (!facets_hold(fs, e->children))
            return 0;
    }
    return 1;
}

/* Tunes (schema_tune) and compiles a schema doc; NULL with the error
 * recorded. */
static xmlRelaxNGPtr schema_compile(xml_state *st, xmlDocPtr doc)
{
    xmlRelaxNGParserCtxtPtr pc = NULL;
    if (schema_tune(doc, xmlDocGetRootElement(doc)) != 0 ||
        !(pc = xmlRelaxNGNewDocParserCtxt(doc))) {
        state_report(st, 1, 0, 0, "cannot create a RELAX NG parser");
        return NULL;
    }
    xmlRelaxNGSetParserStructuredErrors(pc, structured_error, st);
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
    if (!schema && !st->failed)
        state_report(st, 1, 0, 0, "the built-in schema does not compile");
    xmlRelaxNGFreeParserCtxt(pc);
    return schema;
}

/* The text of built-in schema `name` parsed, and its label for messages;
 * NULL with the error recorded. */
static xmlDocPtr schema_parse(xml_state *st, const char *name)
{
    const char *data = NULL;
    size_t len = 0;
    if (bk_schema_get(name, &data, &len) != 0 || len > INT_MAX) {
        state_report(st, 1, 0, 0, "no such built-in schema");
        return NULL;
    }
    return parse_doc(st, data, len);
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
    xmlRelaxNGPtr schema;  /* as written (tuned); made on first need when
                              `relaxed` is there */
    xmlRelaxNGPtr relaxed; /* with the patterns in `facets` taken out, or
                              NULL when there are none */
    facet_set facets;
    bk_vocab *vocab;
    valid_doc *docs;
    size_t ndocs;
} compiled;

/* Builds the built-in schema c->name (schemas.h) into c: its vocabulary
 * (vocab.h) and its RELAX NG, tuned (schema_tune), with its patterns taken
 * out when it has some (rngfacet.h), from one parse of its text. Its
 * errors are a bug of ours (BK_EINTERNAL), reported against the schema;
 * any part may be left NULL. */
static void schema_load(bk_ctx *ctx, compiled *c)
{
    xml_state st;
    xmlDocPtr doc = NULL;
    bk_node *rng = NULL;
    char label[64];
    snprintf(label, sizeof label, "(built-in schema %s)", c->name);
    state_begin(&st, ctx, label, BK_EINTERNAL);
    if (!(doc = schema_parse(&st, c->name)) || doc_to_tree(&st, doc, &rng) != BK_OK)
        goto done;
    if (!(c->vocab = bk_vocab_new(rng)) || facets_build(rng, doc, &c->facets) != 0) {
        state_report(&st, 1, 0, 0, "out of memory");
        goto done;
    }
    if (c->facets.taken)
        c->relaxed = schema_compile(&st, doc);
    else
        c->schema = schema_compile(&st, doc);
done:
    xmlFreeDoc(doc);
    bk_node_free(rng);
    state_end(&st);
}

/* Compiles c's schema as written, once its messages are needed; NULL
 * with the error recorded. */
static xmlRelaxNGPtr schema_strict(bk_ctx *ctx, compiled *c)
{
    xml_state st;
    char label[64];
    snprintf(label, sizeof label, "(built-in schema %s)", c->name);
    state_begin(&st, ctx, label, BK_EINTERNAL);
    xmlDocPtr doc = schema_parse(&st, c->name);
    if (doc)
        c->schema = schema_compile(&st, doc);
    xmlFreeDoc(doc);
    state_end(&st);
    return c->schema;
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

/* Errors nobody is to see: the quiet validation's, the root-name
 * reader's (the file is read in full, with messages, by the stage that
 * uses it). */
static void errors_drop(void *data, xmlErrorPtr err)
{
    (void)data;
    (void)err;
}

/* RELAX NG validation with built-in schema c: quietly with its patterns
 * taken out and the patterns checked on their own (rngfacet.h), and only
 * when that fails, again with the schema as written, for its messages. */
static bk_status validate_builtin(xml_state *st, compiled *c, xmlDocPtr doc)
{
    if (c->relaxed) {
        xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(c->relaxed);
        int rc = -1;
        if (vc) {
            xmlRelaxNGSetValidStructuredErrors(vc, errors_drop, NULL);
            rc = xmlRelaxNGValidateDoc(vc, doc);
            xmlRelaxNGFreeValidCtxt(vc);
        }
        if (rc == 0 && facets_hold(&c->facets, xmlDocGetRootElement(doc)))
            return BK_OK;
        if (!c->schema && !schema_strict(st->ctx, c))
            return BK_EINTERNAL;
    }
    return validate_doc(st, c->schema, doc);
}

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
        xmlRelaxNGFree(x->c[i]->relaxed);
        facets_free(&x->c[i]->facets);
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
    schema_load(ctx, c);
    if ((!c->schema && !c->relaxed) || !c->vocab) {
        bk_vocab_free(c->vocab);
        xmlRelaxNGFree(c->schema);
        xmlRelaxNGFree(c->relaxed);
        facets_free(&c->facets);
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

/* Validation proper: the vocabulary pass, then RELAX NG when it found
 * nothing (a wrong name or value would also be reported by RELAX NG, as a
 * cascade of missing elements); the vocabulary pass needs the tree (made
 * here into *tree, which the caller frees). Without c (a schema file of
 * the caller's, which has no vocabulary), RELAX NG alone. */
static bk_status validate_all(xml_state *st, compiled *c, xmlRelaxNGPtr schema,
                              xmlDocPtr doc, const char *data, size_t len, bk_node **tree)
{
    const bk_vocab *vocab = c ? c->vocab : NULL;
    bk_status status = BK_OK;
    if (vocab) {
        if ((status = doc_to_tree(st, doc, tree)) != BK_OK)
            return status;
        if ((status = bk_vocab_check(st->ctx, vocab, st->file, data, len,
                                     *tree)) != BK_OK)
            return status;
    }
    return c ? validate_builtin(st, c, doc) : validate_doc(st, schema, doc);
}

/* Validates a parsed document with v: nothing to do for a stamped
 * document v may trust or one this run found valid already. */
static bk_status validate_with(xml_state *st, const bk_validator *v, xmlDocPtr doc,
                               const char *data, size_t len, bk_node **tree)
{
    if (!v->name[0])
        return validate_all(st, NULL, v->schema, doc, data, len, tree);
    if (v->trust_stamp && stamp_matches(st->ctx, data, len))
        return BK_OK;
    compiled *c = compiled_get(st->ctx, v->name);
    if (!c)
        return bk_diag_error_status(st->ctx->diag) ? bk_diag_error_status(st->ctx->diag)
                                                   : BK_EINTERNAL;
    if (memo_has(c, data, len))
        return BK_OK;
    size_t before = bk_diag_count(st->ctx->diag);
    bk_status status = validate_all(st, c, NULL, doc, data, len, tree);
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
        xmlTextReaderSetStructuredErrorHandler(r, errors_drop, NULL);
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
