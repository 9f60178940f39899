/* test_xml.c — the libxml2 adapter: safe parsing (errors with positions,
 * no external entities, no entity bombs, depth limit), conversion to
 * bk_node, writing (round trip, mixed content kept), and RELAX NG
 * validation against the built-in TEI subset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xml.h"

static int setup(void **state)
{
    *state = bk_ctx_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    bk_ctx_free(*state);
    return 0;
}

static bk_status read_str(bk_ctx *ctx, const char *s, bk_node **out)
{
    bk_diag_clear(ctx->diag);
    return bk_xml_read_memory(ctx, "t.xml", s, strlen(s), out);
}

static const char *err(bk_ctx *ctx)
{
    const char *m = bk_diag_error_message(ctx->diag);
    return m ? m : "(no error)";
}

static void test_read_tree(void **state)
{
    bk_ctx *ctx = *state;
    bk_node *root = NULL;
    const char *doc =
        "<?xml version=\"1.0\"?>\n"
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
        "  <text xml:lang=\"vi\" type=\"x\">\n"
        "    <p xml:id=\"vi.p1\">Kết <ref target=\"#a\">thúc</ref> &amp; "
        "<![CDATA[<raw>]]> &#x4E2D;</p>\n"
        "    <!-- comment -->\n"
        "  </text>\n"
        "</TEI>\n";
    assert_int_equal(read_str(ctx, doc, &root), BK_OK);
    assert_non_null(root);
    assert_string_equal(root->name, "TEI");
    assert_int_equal(root->line, 2);
    bk_node *text = bk_node_child(root, "text");
    assert_non_null(text);
    assert_string_equal(bk_node_get_attr(text, "xml:lang"), "vi");
    assert_string_equal(bk_node_get_attr(text, "type"), "x");
    assert_int_equal(text->line, 3);
    bk_node *p = bk_node_child(text, "p");
    assert_int_equal(p->line, 4);
    assert_string_equal(bk_node_get_attr(p, "xml:id"), "vi.p1");
    char *s = bk_node_text_content(p);
    assert_string_equal(s, "Kết thúc & <raw> 中");
    free(s);
    /* mixed content keeps its text nodes exactly */
    assert_null(p->first->name);
    assert_string_equal(p->first->text, "Kết ");
    assert_string_equal(p->first->next->name, "ref");
    assert_string_equal(bk_node_lang(p->first->next), "vi");
    bk_node_free(root);
}

static void test_parse_error_position(void **state)
{
    bk_ctx *ctx = *state;
    bk_node *root = NULL;
    assert_int_equal(read_str(ctx, "<a>\n  <b>\n</a>\n", &root), BK_EINPUT);
    assert_null(root);
    const char *m = err(ctx);
    /* "t.xml:3:...: error: ..." */
    assert_true(strncmp(m, "t.xml:3:", 8) == 0);
    assert_non_null(strstr(m, "error:"));

    assert_int_equal(read_str(ctx, "<a>\n<b x='1' x='2'/></a>", &root),
                     BK_EINPUT);
    assert_true(strncmp(err(ctx), "t.xml:2:", 8) == 0);

    assert_int_equal(read_str(ctx, "", &root), BK_EINPUT);
    assert_non_null(strstr(err(ctx), "empty"));
    assert_int_equal(read_str(ctx, "<a>text", &root), BK_EINPUT);
    assert_int_equal(read_str(ctx, "<a>\n\n   &nosuch;</a>", &root),
                     BK_EINPUT);
    assert_true(strncmp(err(ctx), "t.xml:3:", 8) == 0);
}

static void test_xxe_not_expanded(void **state)
{
    bk_ctx *ctx = *state;
    bk_node *root = NULL;
    const char *xxe = "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE r [\n"
                      "  <!ENTITY x SYSTEM \"file:///etc/passwd\">\n"
                      "]>\n"
                      "<r>&x;</r>\n";
    assert_int_equal(read_str(ctx, xxe, &root), BK_EINPUT);
    assert_null(root);
    assert_non_null(strstr(err(ctx), "entity"));
    assert_null(strstr(err(ctx), "root:"));
    assert_true(strncmp(err(ctx), "t.xml:3:", 8) == 0);

    /* parameter entities and external DTDs are not read either */
    const char *pe = "<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\">"
                     " %p;]><r/>";
    assert_int_equal(read_str(ctx, pe, &root), BK_EINPUT);
    assert_null(strstr(err(ctx), "root:"));
    const char *ext = "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r>ok</r>";
    assert_int_equal(read_str(ctx, ext, &root), BK_OK);
    char *s = bk_node_text_content(root);
    assert_string_equal(s, "ok");
    free(s);
    bk_node_free(root);
    root = NULL;
    /* an undeclared entity under an external DTD is refused, not kept */
    const char *ref = "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r>&x;</r>";
    assert_int_equal(read_str(ctx, ref, &root), BK_EINPUT);
    assert_null(root);
    for (size_t i = 0; i < bk_diag_warning_count(ctx->diag); i++)
        assert_null(strstr(bk_diag_warning(ctx->diag, i), "root:"));
}

static void test_billion_laughs_refused(void **state)
{
    bk_ctx *ctx = *state;
    bk_node *root = NULL;
    const char *bomb =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE lolz [\n"
        " <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
        " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
        " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
        " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
        " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
        " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
        " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
        "]>\n"
        "<lolz>&lol9;</lolz>\n";
    clock_t t0 = clock();
    assert_int_equal(read_str(ctx, bomb, &root), BK_EINPUT);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_null(root);
    assert_true(secs < 1.0);
    assert_non_null(strstr(err(ctx), "entity"));
    /* and validation refuses it the same way */
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "b.xml", bomb, strlen(bomb)),
                     BK_EINPUT);
}

static char *nested(int depth)
{
    size_t cap = (size_t)depth * 8 + 16;
    char *s = malloc(cap);
    size_t n = 0;
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "<a>");
    for (int i = 0; i < depth; i++)
        n += (size_t)snprintf(s + n, cap - n, "</a>");
    return s;
}

static void test_depth_limit(void **state)
{
    bk_ctx *ctx = *state;
    bk_node *root = NULL;
    char *ok = nested(BK_MAX_XML_DEPTH);
    assert_int_equal(read_str(ctx, ok, &root), BK_OK);
    bk_node_free(root);
    root = NULL;
    free(ok);
    char *deep = nested(BK_MAX_XML_DEPTH + 1);
    assert_int_equal(read_str(ctx, deep, &root), BK_EINPUT);
    assert_null(root);
    assert_non_null(strstr(err(ctx), "nested more than 256 levels"));
    free(deep);
    char *very = nested(100000);
    assert_int_equal(read_str(ctx, very, &root), BK_EINPUT);
    free(very);
}

static void test_round_trip(void **state)
{
    bk_ctx *ctx = *state;
    bk_node *root = bk_node_new_element("TEI");
    bk_node *text = bk_node_add_element(root, "text");
    bk_node_set_attr(text, "xml:lang", "zh-Hans");
    bk_node *body = bk_node_add_element(text, "body");
    bk_node *p = bk_node_add_element(body, "p");
    bk_node_set_attr(p, "xml:id", "zh.p1");
    bk_node_set_attr(p, "n", "a \"b\" <c> & d\te\nf");
    bk_node_add_text(p, "  lead  ", 8);
    bk_node *q = bk_node_add_element(p, "quote");
    bk_node_add_text(q, "若单要求赔款 <&> ]]>", strlen("若单要求赔款 <&> ]]>"));
    bk_node_add_text(p, "\n  tail\n", 8);
    bk_node *l = bk_node_add_element(body, "list");
    bk_node *it = bk_node_add_element(l, "item");
    bk_node_add_element(it, "ref");
    bk_node_add_element(it, "ref");

    bk_buf out = {0};
    assert_int_equal(bk_xml_write_buf(ctx, root, 1, &out), BK_OK);
    assert_non_null(strstr(out.data, "<TEI xmlns=\"" BK_TEI_NS "\">"));
    assert_non_null(strstr(out.data, "\n    <body>\n"));
    /* mixed content is written exactly, without added indentation */
    assert_non_null(strstr(out.data, "<p xml:id=\"zh.p1\" n=\"a &quot;b&quot; "
                                     "&lt;c> &amp; d&#9;e&#10;f\">  lead  "
                                     "<quote>若单要求赔款 &lt;&amp;> ]]&gt;"
                                     "</quote>\n  tail\n</p>"));
    /* an item holding only elements stays inline: items are mixed */
    assert_non_null(strstr(out.data, "<item><ref/><ref/></item>"));

    bk_node *back = NULL;
    assert_int_equal(bk_xml_read_memory(ctx, "rt.xml", out.data, out.len,
                                        &back),
                     BK_OK);
    bk_node *p2 = bk_node_find(back, "p");
    assert_string_equal(bk_node_get_attr(p2, "n"), "a \"b\" <c> & d\te\nf");
    char *s1 = bk_node_text_content(p), *s2 = bk_node_text_content(p2);
    assert_string_equal(s1, s2);
    free(s1);
    free(s2);
    assert_string_equal(bk_node_lang(p2), "zh-Hans");
    /* writing what was read gives the same bytes (indentation is stable) */
    bk_buf again = {0};
    assert_int_equal(bk_xml_write_buf(ctx, back, 1, &again), BK_OK);
    assert_string_equal(out.data, again.data);
    bk_buf_release(&again);
    bk_buf_release(&out);
    bk_node_free(back);
    bk_node_free(root);
}

static void test_write_refuses_bad_chars(void **state)
{
    bk_ctx *ctx = *state;
    bk_node *root = bk_node_new_element("r");
    bk_node_add_text(root, "a\x01z", 3);
    bk_buf out = {0};
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_write_buf(ctx, root, 0, &out), BK_EINTERNAL);
    assert_null(out.data);
    bk_node_free(root);
    root = bk_node_new_element("1bad");
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_write_buf(ctx, root, 0, &out), BK_EINTERNAL);
    bk_node_free(root);
}

static const char *good_tei =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
    "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>\n"
    "<publicationStmt><p>x</p></publicationStmt>\n"
    "<sourceDesc><bibl><idno type=\"file\">a.txt</idno></bibl></sourceDesc>"
    "</fileDesc>\n"
    "<profileDesc><langUsage><language ident=\"vi\">Vietnamese</language>"
    "</langUsage></profileDesc></teiHeader>\n"
    "<text xml:lang=\"vi\"><body><div type=\"article\" xml:id=\"vi.d1\">\n"
    "<head xml:id=\"vi.h1\">Kết thúc</head>\n"
    "<note type=\"hatnote\">Bài chi tiết: <ref>X</ref></note>\n"
    "<figure><head>Cờ <foreign xml:lang=\"zh-Hant\">親兵</foreign></head>"
    "</figure>\n"
    "<p xml:id=\"vi.p1\">a \"<quote>b.</quote>\"<ref type=\"citation\" "
    "n=\"21\">[21]</ref></p>\n"
    "<list type=\"ordered\"><item n=\"1\">x</item></list>\n"
    "<div type=\"section\"><head>S</head><p>y</p></div>\n"
    "</div></body></text></TEI>\n";

static void test_validate(void **state)
{
    bk_ctx *ctx = *state;
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "good.xml", good_tei,
                                            strlen(good_tei)),
                     BK_OK);
    assert_null(bk_diag_error_message(ctx->diag));

    /* an unknown element on line 9, and a bad id on line 11 */
    char *bad = malloc(strlen(good_tei) + 64);
    strcpy(bad, good_tei);
    char *h = strstr(bad, "<note type");
    memcpy(h, "<nope type", 10);
    char *e = strstr(bad, "</note>");
    memcpy(e, "</nope>", 7);
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "bad.xml", bad, strlen(bad)),
                     BK_EINPUT);
    const char *m = err(ctx);
    assert_true(strncmp(m, "bad.xml:", 8) == 0);
    assert_true(strncmp(m, "bad.xml:7:", 10) == 0 ||
                strncmp(m, "bad.xml:9:", 10) == 0);
    free(bad);

    const char *badid = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
                        "<teiHeader><fileDesc><titleStmt><title>T</title>"
                        "</titleStmt><publicationStmt><p>x</p>"
                        "</publicationStmt><sourceDesc><p>s</p></sourceDesc>"
                        "</fileDesc></teiHeader>\n"
                        "<text><body>\n"
                        "<p xml:id=\"3\">x</p></body></text></TEI>";
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "id.xml", badid,
                                            strlen(badid)),
                     BK_EINPUT);
    assert_true(strncmp(err(ctx), "id.xml:4", 8) == 0);

    /* wrong namespace */
    const char *nons = "<TEI><teiHeader/></TEI>";
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "ns.xml", nons,
                                            strlen(nons)),
                     BK_EINPUT);
    /* not XML at all: the parse error, with its position */
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "nx.xml", "<a>\n<b></a>", 11),
                     BK_EINPUT);
    assert_true(strncmp(err(ctx), "nx.xml:2:", 9) == 0);
}

/* An element with all its optional attributes given validates in linear
 * time (the schemas are compiled with them in an interleave: as a
 * sequence, libxml2 kept 2^n states for n given, and this event's 16 took
 * minutes), and a bad value among them is still refused at its element. */
static void test_validate_many_attributes(void **state)
{
    bk_ctx *ctx = *state;
    const char *fmt =
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
        "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>x</p>"
        "</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>\n"
        "<text><body><listEvent>\n"
        "<event xml:id=\"e1\" xml:lang=\"en\" n=\"1\" rend=\"r\" corresp=\"#e1\" source=\"#e1\" "
        "type=\"war\" subtype=\"w\" when=\"1860\" from=\"1860\" to=\"1861\" notBefore=\"1859\" "
        "notAfter=\"1862\" cert=\"%s\" resp=\"#e1\" where=\"p.xml#a\"><label>L</label></event>\n"
        "</listEvent></body></text></TEI>\n";
    char doc[1024];
    snprintf(doc, sizeof doc, fmt, "high");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "many.xml", doc, strlen(doc)), BK_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true((double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 < 5.0);
    snprintf(doc, sizeof doc, fmt, "sure");
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_memory(ctx, "many.xml", doc, strlen(doc)), BK_EINPUT);
    assert_true(strncmp(err(ctx), "many.xml:4", 10) == 0);
}

/* The values a pattern governs (dates, a place's "lat lon") are checked
 * as the schema says although the schema is compiled without its
 * patterns (rngfacet.h): a good value passes, also with a comment and
 * blanks around it; a bad one is refused at its line, also when the same
 * run validated good documents before. */
static void test_validate_patterns(void **state)
{
    bk_ctx *ctx = *state;
    const char *fmt =
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
        "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>x</p>"
        "</publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>\n"
        "<text><body><listEvent>\n"
        "<event when=\"%s\"><label>L</label></event></listEvent><listPlace>\n"
        "<place><location><geo>%s</geo></location></place>\n"
        "</listPlace></body></text></TEI>\n";
    static const struct {
        const char *when, *geo;
        int line;       /* of the error, 0: valid */
        const char *by; /* words of the first message: the vocabulary's, with
                           the schema's own words for the pattern */
    } cases[] = {
        {"1860-10-24", "39.9 116.4", 0, NULL},
        {"1860", "<!-- Beijing --> 39.9  116.4 ", 0, NULL},
        {"-0044", "-39.9 +116.4", 0, NULL},
        {" 1860 ", "39.9 116.4", 4, "must be of the form"},
        {"1860-1", "39.9 116.4", 4, "the schema says: ISO dates"},
        {"18601", "39.9 116.4", 4, "the schema says: ISO dates"},
        {"", "39.9 116.4", 4, "must be of the form"},
        {"1860", "north", 5, "<geo> holds \"north\", which must be of the form"},
        {"1860", "", 5, "the schema says: \"lat lon\" in decimal degrees"},
        {"1860", "39,9 116,4", 5, "<geo> holds \"39,9 116,4\""}, /* a decimal comma */
        {"1860-10-24", "39.9 116.4", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char doc[1024];
        snprintf(doc, sizeof doc, fmt, cases[i].when, cases[i].geo);
        bk_diag_clear(ctx->diag);
        bk_status st = bk_xml_validate_memory(ctx, "pat.xml", doc, strlen(doc));
        if (!cases[i].line) {
            assert_int_equal(st, BK_OK);
            continue;
        }
        assert_int_equal(st, BK_EINPUT);
        char want[16];
        snprintf(want, sizeof want, "pat.xml:%d", cases[i].line);
        assert_non_null(strstr(err(ctx), cases[i].by));
        assert_true(strncmp(err(ctx), want, strlen(want)) == 0);
    }
}

/* A shared read (only read, never freed by the caller) parses and
 * validates a file once per run: the same bytes give the same tree, from
 * any path; changed bytes give a new one; a document read with another
 * schema, or without one, is read anew. */
static void test_shared_reads(void **state)
{
    bk_ctx *ctx = *state;
    char path[] = "/tmp/bk-test-xml-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, good_tei, strlen(good_tei)), (ssize_t)strlen(good_tei));
    close(fd);
    const bk_node *a = NULL, *b = NULL, *c = NULL;
    bk_node *own = NULL;
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_read_valid_shared(ctx, NULL, path, &a, &own), BK_OK);
    assert_null(own);
    assert_non_null(bk_node_find(a, "figure"));
    assert_int_equal(bk_xml_read_valid_shared(ctx, NULL, path, &b, &own), BK_OK);
    assert_ptr_equal(a, b);
    assert_null(own);
    /* parsed only: another tree (the validated one may not stand for it) */
    assert_int_equal(bk_xml_read_shared(ctx, path, &c, &own), BK_OK);
    assert_ptr_not_equal(a, c);
    /* the file changes: read again */
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    const char *bad = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<nonsense/></TEI>";
    assert_int_equal(write(fd, bad, strlen(bad)), (ssize_t)strlen(bad));
    close(fd);
    assert_int_equal(bk_xml_read_valid_shared(ctx, NULL, path, &b, &own), BK_EINPUT);
    assert_null(b);
    assert_null(own);
    unlink(path);
}

static void test_validate_file(void **state)
{
    bk_ctx *ctx = *state;
    char path[] = "/tmp/bk-test-xml-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, good_tei, strlen(good_tei)),
                     (ssize_t)strlen(good_tei));
    close(fd);
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_file(ctx, path), BK_OK);
    bk_node *root = NULL;
    assert_int_equal(bk_xml_read(ctx, path, &root), BK_OK);
    assert_non_null(bk_node_find(root, "figure"));
    bk_node_free(root);
    unlink(path);
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_xml_validate_file(ctx, path), BK_EINPUT);
    assert_int_equal(bk_xml_read(ctx, path, &root), BK_EINPUT);
}

/* One parse that validates (bk_xml_read_valid, one compiled schema for
 * several files) gives the same trees as validating and then reading. */
static void test_read_valid_matches_validate_then_read(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_validator *v = bk_validator_new(ctx);
    assert_non_null(v);
    static const char *const files[] = {"tests/golden/ingest/vi.xml", "tests/golden/ingest/zh.xml",
                                        "tests/golden/ingest/en.xml", "sources/treaties.xml"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        bk_node *a = NULL, *b = NULL;
        bk_buf wa = {0}, wb = {0};
        assert_int_equal(bk_xml_read_valid(ctx, v, files[i], &a), BK_OK);
        assert_int_equal(bk_xml_validate_file(ctx, files[i]), BK_OK);
        assert_int_equal(bk_xml_read(ctx, files[i], &b), BK_OK);
        assert_int_equal(bk_xml_write_buf(ctx, a, 1, &wa), BK_OK);
        assert_int_equal(bk_xml_write_buf(ctx, b, 1, &wb), BK_OK);
        assert_string_equal(wa.data, wb.data);
        bk_buf_release(&wa);
        bk_buf_release(&wb);
        bk_node_free(a);
        bk_node_free(b);
    }
    /* an invalid document is refused by the same call, with its line */
    const char *bad = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<nonsense/></TEI>";
    bk_node *t = NULL;
    assert_int_equal(bk_xml_read_valid_memory(ctx, v, "bad.xml", bad, strlen(bad), &t), BK_EINPUT);
    assert_null(t);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "bad.xml:"));
    bk_validator_free(v);
    bk_validator_free(NULL);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_error_position, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_xxe_not_expanded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_billion_laughs_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_refuses_bad_chars, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_many_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_reads, setup, teardown),
        cmocka_unit_test(test_read_valid_matches_validate_then_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
