/* node.h — a small XML-like tree: the in-memory form of TEI documents and
 * layout files. It knows nothing of libxml2 (only xml.c converts between the
 * two), so every stage can walk it without the parser's headers.
 *
 * Ownership: a node owns its name, text, attributes and children; freeing a
 * node frees its subtree. bk_node_append() moves the child into the parent.
 * Attribute names keep their prefix ("xml:lang", "xml:id").
 */
#ifndef BK_NODE_H
#define BK_NODE_H

#include <stddef.h>

typedef struct bk_node bk_node;
struct bk_node {
    char *name;   /* element local name; NULL for a text node */
    char *text;   /* text node content (UTF-8); NULL for elements */
    char **attrs; /* name, value, name, value, ..., NULL */
    size_t nattrs;
    bk_node *parent, *first, *last, *next, *prev;
    long line;    /* source line where known, else 0 */
};

bk_node *bk_node_new_element(const char *name);
bk_node *bk_node_new_text(const char *text, size_t len);
void bk_node_free(bk_node *n); /* accepts NULL; frees the subtree */

/* Takes n out of its parent's children (n keeps its subtree; the caller
 * owns it now). Accepts NULL and a node without a parent. */
void bk_node_unlink(bk_node *n);
/* Appends child as the last child of parent; returns child. */
bk_node *bk_node_append(bk_node *parent, bk_node *child);
/* Creates an element and appends it; returns it (NULL on OOM). */
bk_node *bk_node_add_element(bk_node *parent, const char *name);
/* Appends text, merging with a preceding text node. Returns 0 or -1 (OOM). */
int bk_node_add_text(bk_node *parent, const char *text, size_t len);

/* Sets (replacing) an attribute. Returns 0 or -1 (OOM). */
int bk_node_set_attr(bk_node *n, const char *name, const char *value);
const char *bk_node_get_attr(const bk_node *n, const char *name);

/* First child element with this name (NULL = any element). */
bk_node *bk_node_child(const bk_node *n, const char *name);
/* Next sibling element with this name (NULL = any element). */
bk_node *bk_node_next_element(const bk_node *n, const char *name);
/* Depth-first search for the first element with this name. */
bk_node *bk_node_find(const bk_node *n, const char *name);

/* Concatenated text of the subtree; caller frees. */
char *bk_node_text_content(const bk_node *n);

/* Language in effect at this node (nearest xml:lang), or NULL. */
const char *bk_node_lang(const bk_node *n);

#endif
