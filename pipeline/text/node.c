/* node.c — the in-memory document tree (see node.h). */
#include "node.h"

#include <stdlib.h>
#include <string.h>

#include "bk.h"

bk_node *bk_node_new_element(const char *name)
{
    if (!name)
        return NULL;
    bk_node *n = calloc(1, sizeof(*n));
    if (!n)
        return NULL;
    n->name = bk_strdup(name);
    if (!n->name) {
        free(n);
        return NULL;
    }
    return n;
}

bk_node *bk_node_new_text(const char *text, size_t len)
{
    bk_node *n = calloc(1, sizeof(*n));
    if (!n)
        return NULL;
    n->text = bk_strndup(text ? text : "", text ? len : 0);
    if (!n->text) {
        free(n);
        return NULL;
    }
    return n;
}

void bk_node_unlink(bk_node *n)
{
    bk_node *p = n ? n->parent : NULL;
    if (!p)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        p->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        p->last = n->prev;
    n->parent = n->next = n->prev = NULL;
}

void bk_node_free(bk_node *n)
{
    /* Iterative over siblings and children so a deep or long tree cannot
     * exhaust the stack: walk down to a leaf, free it, continue with its
     * next sibling or climb to its parent. */
    /* Unlink from the parent first so the parent stays consistent. */
    bk_node_unlink(n);
    bk_node *cur = n;
    while (cur) {
        if (cur->first) {
            cur = cur->first;
            continue;
        }
        bk_node *up = cur->parent;
        bk_node *next = cur->next;
        if (up) {
            up->first = next;
            if (!next)
                up->last = NULL;
        }
        for (size_t i = 0; i < cur->nattrs * 2; i++)
            free(cur->attrs[i]);
        free(cur->attrs);
        free(cur->name);
        free(cur->text);
        int was_root = cur == n;
        free(cur);
        if (was_root)
            break;
        cur = next ? next : up;
    }
}

bk_node *bk_node_append(bk_node *parent, bk_node *child)
{
    if (!parent || !child)
        return child;
    child->parent = parent;
    child->next = NULL;
    child->prev = parent->last;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
    return child;
}

bk_node *bk_node_add_element(bk_node *parent, const char *name)
{
    bk_node *n = bk_node_new_element(name);
    if (!n)
        return NULL;
    return bk_node_append(parent, n);
}

int bk_node_add_text(bk_node *parent, const char *text, size_t len)
{
    if (!parent || len == 0)
        return 0;
    bk_node *last = parent->last;
    if (last && !last->name) {
        size_t old = strlen(last->text);
        char *t = realloc(last->text, old + len + 1);
        if (!t)
            return -1;
        memcpy(t + old, text, len);
        t[old + len] = '\0';
        last->text = t;
        return 0;
    }
    bk_node *n = bk_node_new_text(text, len);
    if (!n)
        return -1;
    bk_node_append(parent, n);
    return 0;
}

int bk_node_set_attr(bk_node *n, const char *name, const char *value)
{
    if (!n || !name || !value)
        return -1;
    for (size_t i = 0; i < n->nattrs; i++) {
        if (strcmp(n->attrs[2 * i], name) == 0) {
            char *v = bk_strdup(value);
            if (!v)
                return -1;
            free(n->attrs[2 * i + 1]);
            n->attrs[2 * i + 1] = v;
            return 0;
        }
    }
    char *k = bk_strdup(name), *v = bk_strdup(value);
    char **a = (k && v) ? realloc(n->attrs, (n->nattrs * 2 + 3) * sizeof(*a))
                        : NULL;
    if (!a) {
        free(k);
        free(v);
        return -1;
    }
    a[n->nattrs * 2] = k;
    a[n->nattrs * 2 + 1] = v;
    a[n->nattrs * 2 + 2] = NULL;
    n->attrs = a;
    n->nattrs++;
    return 0;
}

const char *bk_node_get_attr(const bk_node *n, const char *name)
{
    if (!n || !name)
        return NULL;
    for (size_t i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[2 * i], name) == 0)
            return n->attrs[2 * i + 1];
    return NULL;
}

static int is_element(const bk_node *n, const char *name)
{
    return n->name && (!name || strcmp(n->name, name) == 0);
}

bk_node *bk_node_child(const bk_node *n, const char *name)
{
    if (!n)
        return NULL;
    for (bk_node *c = n->first; c; c = c->next)
        if (is_element(c, name))
            return c;
    return NULL;
}

bk_node *bk_node_next_element(const bk_node *n, const char *name)
{
    if (!n)
        return NULL;
    for (bk_node *c = n->next; c; c = c->next)
        if (is_element(c, name))
            return c;
    return NULL;
}

/* Next node in document order within the subtree of `root`. */
static const bk_node *walk_next(const bk_node *cur, const bk_node *root)
{
    if (cur->first)
        return cur->first;
    while (cur && cur != root) {
        if (cur->next)
            return cur->next;
        cur = cur->parent;
    }
    return NULL;
}

bk_node *bk_node_find(const bk_node *n, const char *name)
{
    for (const bk_node *c = n; c; c = walk_next(c, n))
        if (is_element(c, name))
            return (bk_node *)c;
    return NULL;
}

char *bk_node_text_content(const bk_node *n)
{
    bk_buf b = {0};
    if (bk_buf_append(&b, "", 0) < 0)
        return NULL;
    for (const bk_node *c = n; c; c = walk_next(c, n)) {
        if (!c->name && c->text && bk_buf_puts(&b, c->text) < 0) {
            bk_buf_release(&b);
            return NULL;
        }
    }
    return b.data;
}

const char *bk_node_lang(const bk_node *n)
{
    for (; n; n = n->parent) {
        const char *l = bk_node_get_attr(n, "xml:lang");
        if (l)
            return l;
    }
    return NULL;
}
