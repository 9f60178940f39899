/* test_rngfacet.c — which pattern facets of a grammar may be taken out of
 * the compiled schema and checked on their own (rngfacet.h): one reached
 * from an attribute through <ref> and <choice>, or as an element's text,
 * is taken out with the attribute or element it governs; one under a
 * <list>, a <group> inside an attribute, an <interleave> around an
 * element's text, or in another datatype library is kept; a grammar with
 * an ID type or an include keeps every pattern. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rngfacet.h"
#include "xml.h"

#define XSD "http://www.w3.org/2001/XMLSchema-datatypes"

/* Reads grammar body `defines` (with <start> naming define "r") and plans
 * it; returns the grammar tree, which the plan's names point into. */
static bk_node *plan_of(const char *defines, bk_rngfacet_plan *plan)
{
    char text[4096];
    snprintf(text, sizeof text,
             "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\" datatypeLibrary=\"" XSD "\">"
             "<start><ref name=\"r\"/></start>%s</grammar>",
             defines);
    bk_ctx *ctx = bk_ctx_new();
    bk_node *rng = NULL;
    assert_int_equal(bk_xml_read_memory(ctx, "g.rng", text, strlen(text), &rng), BK_OK);
    assert_int_equal(bk_rngfacet_plan_make(rng, plan), 0);
    bk_ctx_free(ctx);
    return rng;
}

#define DATE "<define name=\"date\"><data type=\"token\"><param name=\"pattern\">[0-9]{4}</param></data></define>"

static void test_attribute_through_ref_and_choice(void **state)
{
    (void)state;
    bk_rngfacet_plan p;
    bk_node *g = plan_of("<define name=\"r\"><element name=\"r\"><optional><attribute name=\"when\">"
            "<choice><ref name=\"date\"/><value>unknown</value></choice>"
            "</attribute></optional><empty/></element></define>" DATE,
            &p);
    assert_int_equal(p.ndata, 1);
    assert_int_equal(p.relax[0], 1);
    assert_int_equal(p.nuses, 1);
    assert_null(p.uses[0].element);
    assert_string_equal(p.uses[0].attribute, "when");
    assert_int_equal(p.uses[0].data, 0);
    bk_rngfacet_plan_release(&p);
    bk_node_free(g);
}

static void test_element_text(void **state)
{
    (void)state;
    bk_rngfacet_plan p;
    bk_node *g = plan_of("<define name=\"r\"><element name=\"r\"><zeroOrMore><element name=\"geo\">"
            "<optional><attribute name=\"n\"/></optional><ref name=\"date\"/>"
            "</element></zeroOrMore></element></define>" DATE,
            &p);
    assert_int_equal(p.relax[0], 1);
    assert_int_equal(p.nuses, 1);
    assert_string_equal(p.uses[0].element, "geo");
    assert_null(p.uses[0].attribute);
    bk_rngfacet_plan_release(&p);
    bk_node_free(g);
}

static void test_kept_where_the_value_is_not_sure(void **state)
{
    (void)state;
    static const char *const kept[] = {
        /* a list: the pattern applies to each token */
        "<define name=\"r\"><element name=\"r\"><attribute name=\"a\"><list><oneOrMore>"
        "<ref name=\"date\"/></oneOrMore></list></attribute></element></define>" DATE,
        /* a group inside an attribute */
        "<define name=\"r\"><element name=\"r\"><attribute name=\"a\"><group><ref name=\"date\"/>"
        "</group></attribute></element></define>" DATE,
        /* an element's text inside an interleave (libxml2 may skip text) */
        "<define name=\"r\"><element name=\"r\"><interleave><ref name=\"date\"/><element name=\"b\">"
        "<empty/></element></interleave></element></define>" DATE,
        /* another datatype library */
        "<define name=\"r\"><element name=\"r\"><attribute name=\"a\"><data type=\"token\" "
        "datatypeLibrary=\"urn:other\"><param name=\"pattern\">x</param></data></attribute>"
        "</element></define>",
        /* an element reached through anyName */
        "<define name=\"r\"><element><anyName/><ref name=\"date\"/></element></define>" DATE,
    };
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
        bk_rngfacet_plan p;
        bk_node *g = plan_of(kept[i], &p);
        assert_int_equal(p.ndata, 1);
        assert_int_equal(p.relax[0], 0);
        assert_int_equal(p.nuses, 0);
        bk_rngfacet_plan_release(&p);
        bk_node_free(g);
    }
}

static void test_grammars_not_followed(void **state)
{
    (void)state;
    static const char *const grammars[] = {
        /* validating twice would declare the ids twice */
        "<define name=\"r\"><element name=\"r\"><attribute name=\"id\"><data type=\"ID\"/>"
        "</attribute><attribute name=\"w\"><ref name=\"date\"/></attribute></element></define>" DATE,
        "<include href=\"other.rng\"/><define name=\"r\"><element name=\"r\"><attribute name=\"w\">"
        "<ref name=\"date\"/></attribute></element></define>" DATE,
    };
    for (size_t i = 0; i < sizeof grammars / sizeof *grammars; i++) {
        bk_rngfacet_plan p;
        bk_node *g = plan_of(grammars[i], &p);
        for (size_t k = 0; k < p.ndata; k++)
            assert_int_equal(p.relax[k], 0);
        assert_int_equal(p.nuses, 0);
        bk_rngfacet_plan_release(&p);
        bk_node_free(g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attribute_through_ref_and_choice),
        cmocka_unit_test(test_element_text),
        cmocka_unit_test(test_kept_where_the_value_is_not_sure),
        cmocka_unit_test(test_grammars_not_followed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
