/* test_node.c — the document tree: building, attributes, searching, text
 * content, language inheritance and freeing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "node.h"

static void test_build_and_walk(void **state)
{
    (void)state;
    bk_node *root = bk_node_new_element("TEI");
    assert_non_null(root);
    bk_node *text = bk_node_add_element(root, "text");
    bk_node *body = bk_node_add_element(text, "body");
    bk_node *p1 = bk_node_add_element(body, "p");
    bk_node *p2 = bk_node_add_element(body, "p");
    bk_node *list = bk_node_add_element(body, "list");
    assert_non_null(list);
    assert_ptr_equal(root->first, text);
    assert_ptr_equal(body->first, p1);
    assert_ptr_equal(body->last, list);
    assert_ptr_equal(p1->next, p2);
    assert_ptr_equal(p2->prev, p1);
    assert_ptr_equal(p2->parent, body);

    assert_ptr_equal(bk_node_child(body, "p"), p1);
    assert_ptr_equal(bk_node_child(body, "list"), list);
    assert_null(bk_node_child(body, "head"));
    assert_ptr_equal(bk_node_child(body, NULL), p1);
    assert_ptr_equal(bk_node_next_element(p1, "p"), p2);
    assert_null(bk_node_next_element(p2, "p"));
    assert_ptr_equal(bk_node_next_element(p1, NULL), p2);
    assert_ptr_equal(bk_node_find(root, "list"), list);
    assert_ptr_equal(bk_node_find(root, "TEI"), root);
    assert_null(bk_node_find(root, "figure"));
    /* find stays inside the subtree it was given */
    assert_null(bk_node_find(p1, "list"));
    bk_node_free(root);
}

static void test_text_merging(void **state)
{
    (void)state;
    bk_node *p = bk_node_new_element("p");
    assert_int_equal(bk_node_add_text(p, "Hello, ", 7), 0);
    assert_int_equal(bk_node_add_text(p, "world", 5), 0);
    /* adjacent text merges into one node */
    assert_ptr_equal(p->first, p->last);
    assert_string_equal(p->first->text, "Hello, world");
    bk_node *ref = bk_node_add_element(p, "ref");
    assert_int_equal(bk_node_add_text(ref, "[21]", 4), 0);
    assert_int_equal(bk_node_add_text(p, " after", 6), 0);
    assert_int_equal(bk_node_add_text(p, "", 0), 0);
    char *all = bk_node_text_content(p);
    assert_string_equal(all, "Hello, world[21] after");
    free(all);
    char *inner = bk_node_text_content(ref);
    assert_string_equal(inner, "[21]");
    free(inner);
    /* text nodes keep embedded bytes exactly, including UTF-8 */
    bk_node *t = bk_node_new_text("Kết thúc xyz", strlen("Kết thúc"));
    assert_string_equal(t->text, "Kết thúc");
    assert_null(t->name);
    bk_node_free(t);
    char *empty = bk_node_text_content(bk_node_child(p, "ref")->first);
    assert_string_equal(empty, "[21]");
    free(empty);
    bk_node_free(p);
}

static void test_attributes(void **state)
{
    (void)state;
    bk_node *n = bk_node_new_element("div");
    assert_null(bk_node_get_attr(n, "type"));
    assert_int_equal(bk_node_set_attr(n, "type", "section"), 0);
    assert_int_equal(bk_node_set_attr(n, "xml:id", "vi.d1"), 0);
    assert_int_equal(n->nattrs, 2);
    assert_string_equal(bk_node_get_attr(n, "type"), "section");
    assert_string_equal(bk_node_get_attr(n, "xml:id"), "vi.d1");
    assert_int_equal(bk_node_set_attr(n, "type", "chapter"), 0);
    assert_int_equal(n->nattrs, 2);
    assert_string_equal(bk_node_get_attr(n, "type"), "chapter");
    assert_null(n->attrs[4]); /* NULL-terminated */
    assert_int_equal(bk_node_set_attr(n, NULL, "x"), -1);
    assert_int_equal(bk_node_set_attr(n, "x", NULL), -1);
    bk_node_free(n);
}

static void test_lang(void **state)
{
    (void)state;
    bk_node *text = bk_node_new_element("text");
    bk_node_set_attr(text, "xml:lang", "vi");
    bk_node *p = bk_node_add_element(text, "p");
    bk_node *f = bk_node_add_element(p, "foreign");
    bk_node_set_attr(f, "xml:lang", "zh-Hant");
    bk_node_add_text(f, "親兵", strlen("親兵"));
    assert_string_equal(bk_node_lang(p), "vi");
    assert_string_equal(bk_node_lang(f), "zh-Hant");
    assert_string_equal(bk_node_lang(f->first), "zh-Hant");
    bk_node *orphan = bk_node_new_element("p");
    assert_null(bk_node_lang(orphan));
    bk_node_free(orphan);
    bk_node_free(text);
}

static void test_free_subtree_unlinks(void **state)
{
    (void)state;
    bk_node *body = bk_node_new_element("body");
    bk_node *a = bk_node_add_element(body, "p");
    bk_node *b = bk_node_add_element(body, "p");
    bk_node *c = bk_node_add_element(body, "p");
    bk_node_add_text(b, "x", 1);
    bk_node_free(b);
    assert_ptr_equal(a->next, c);
    assert_ptr_equal(c->prev, a);
    bk_node_free(c);
    assert_ptr_equal(body->last, a);
    assert_null(a->next);
    bk_node_free(a);
    assert_null(body->first);
    assert_null(body->last);
    bk_node_free(body);
    bk_node_free(NULL);
}

static void test_deep_and_wide_free(void **state)
{
    (void)state;
    /* Freeing is iterative: a very deep chain must not overflow the stack. */
    bk_node *root = bk_node_new_element("r");
    bk_node *cur = root;
    for (int i = 0; i < 200000; i++) {
        cur = bk_node_add_element(cur, "d");
        assert_non_null(cur);
        bk_node_add_text(cur->parent, "t", 1);
    }
    for (int i = 0; i < 1000; i++)
        bk_node_add_element(root, "w");
    bk_node_free(root);
}

static void test_append_moves(void **state)
{
    (void)state;
    bk_node *p = bk_node_new_element("p");
    bk_node *t = bk_node_new_text("abc", 3);
    assert_ptr_equal(bk_node_append(p, t), t);
    assert_ptr_equal(t->parent, p);
    assert_null(bk_node_new_element(NULL));
    assert_ptr_equal(bk_node_append(NULL, NULL), NULL);
    bk_node_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_and_walk),
        cmocka_unit_test(test_text_merging),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_lang),
        cmocka_unit_test(test_free_subtree_unlinks),
        cmocka_unit_test(test_deep_and_wide_free),
        cmocka_unit_test(test_append_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
