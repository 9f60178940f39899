/* messages.c — message catalogs (see messages.h and docs/MESSAGES.md). */
#include "messages.h"

#include "lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "node.h"
#include "xml.h"

typedef struct msg {
    char *id, *text;
} msg;

/* A catalog file's messages: made once per run from the file's bytes
 * and shared (memo.h) by every catalog that reads the file, English
 * being every other's fallback; counted, as a catalog may outlive the
 * run's memo. */
typedef struct table {
    int refs;
    msg *m;
    size_t n;
} table;

struct bk_messages {
    char *lang;
    table *own, *en; /* en: the fallback (NULL when own is en) */
};

static void table_unref(void *p)
{
    table *t = p;
    if (!t || --t->refs > 0)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->m[i].id);
        free(t->m[i].text);
    }
    free(t->m);
    free(t);
}

void bk_messages_free(bk_messages *m)
{
    if (!m)
        return;
    free(m->lang);
    table_unref(m->own);
    table_unref(m->en);
    free(m);
}

const char *bk_messages_chinese(const char *tag)
{
    switch (bk_lang_han_variant(tag)) {
    case BK_HAN_TRADITIONAL:
        return "zh-Hant";
    case BK_HAN_SIMPLIFIED:
        return bk_lang_is(tag, "zh") ? "zh-Hans" : NULL;
    default:
        return NULL;
    }
}

/* Probed, never opened: a FIFO there must not block the run. */
static int file_exists(const char *path)
{
    return bk_file_exists(path);
}

/* The catalog file's language for a tag: see messages.h. */
static void pick_lang(const char *root, const char *tag, char *lang, size_t n)
{
    char path[4096];
    const char *zh = bk_messages_chinese(tag);
    snprintf(lang, n, "%s", zh ? zh : tag && *tag ? tag : "en");
    snprintf(path, sizeof path, "%s/messages/%s.xml", root, lang);
    if (file_exists(path))
        return;
    char *dash = strchr(lang, '-');
    if (dash) {
        *dash = 0;
        snprintf(path, sizeof path, "%s/messages/%s.xml", root, lang);
        if (file_exists(path))
            return;
    }
    snprintf(lang, n, "en");
}

/* The messages of the parsed catalog doc into t. */
static bk_status table_fill(bk_ctx *ctx, const char *path, const bk_node *doc, table *t)
{
    if (!doc->name || strcmp(doc->name, "messages") != 0)
        return bk_diag_error(ctx->diag, BK_EINPUT, path, doc->line, 0,
                             "a message catalog's root is <messages>");
    size_t cap = 0;
    for (bk_node *e = bk_node_child(doc, "msg"); e; e = bk_node_next_element(e, "msg")) {
        const char *id = bk_node_get_attr(e, "id");
        if (!id)
            return bk_diag_error(ctx->diag, BK_EINPUT, path, e->line, 0, "<msg> needs an id");
        if (t->n == cap) {
            cap = cap ? 2 * cap : 64;
            msg *nm = realloc(t->m, cap * sizeof(*nm));
            if (!nm)
                goto oom;
            t->m = nm;
        }
        msg *m = &t->m[t->n];
        m->id = bk_strdup(id);
        m->text = bk_node_text_content(e);
        t->n++;
        if (!m->id || !m->text)
            goto oom;
    }
    return BK_OK;
oom:
    return bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
}

/* The messages of ROOT/messages/LANG.xml into *out (a reference): the
 * run's own when it read the same bytes already, else read, validated
 * and kept for the rest of the run. */
static bk_status table_read(bk_ctx *ctx, const char *root, const char *lang, table **out)
{
    char path[4096];
    char *data = NULL;
    size_t len = 0;
    bk_node *doc = NULL;
    bk_validator *v = NULL;
    table *t = NULL;
    snprintf(path, sizeof path, "%s/messages/%s.xml", root, lang);
    bk_status st = bk_file_read(ctx, path, BK_MAX_XML_BYTES, &data, &len);
    if (st)
        return st;
    if ((t = bk_memo_find(ctx, "messages", path, data, len))) {
        t->refs++;
        *out = t;
        goto done;
    }
    if (!(v = bk_validator_new_named(ctx, "messages"))) {
        st = bk_diag_error_status(ctx->diag) ? bk_diag_error_status(ctx->diag) : BK_EINTERNAL;
        goto done;
    }
    if ((st = bk_xml_read_valid_memory(ctx, v, path, data, len, &doc)))
        goto done;
    if (!(t = calloc(1, sizeof(*t)))) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    t->refs = 1;
    if ((st = table_fill(ctx, path, doc, t))) {
        table_unref(t);
        goto done;
    }
    /* one reference for the memo, when it keeps the table */
    if (bk_memo_keep(ctx, "messages", path, data, len, t, table_unref) == 0)
        t->refs++;
    *out = t;
done:
    bk_validator_free(v);
    bk_node_free(doc);
    free(data);
    return st;
}

bk_status bk_messages_load(bk_ctx *ctx, const char *root, const char *tag,
                           bk_messages **out)
{
    char lang[64];
    bk_status st = BK_OK;
    *out = NULL;
    bk_messages *m = calloc(1, sizeof(*m));
    if (!m)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    pick_lang(root, tag, lang, sizeof lang);
    if (!(m->lang = bk_strdup(lang))) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    if ((st = table_read(ctx, root, lang, &m->own)))
        goto done;
    if (strcmp(lang, "en") != 0 && (st = table_read(ctx, root, "en", &m->en)))
        goto done;
    *out = m;
    m = NULL;
done:
    bk_messages_free(m);
    return st;
}

const char *bk_messages_lang(const bk_messages *m) { return m->lang; }

static const char *table_get(const table *t, const char *id)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (strcmp(t->m[i].id, id) == 0)
            return t->m[i].text;
    return NULL;
}

const char *bk_messages_get(const bk_messages *m, const char *id)
{
    const char *s = table_get(m->own, id);
    return s ? s : table_get(m->en, id);
}

bk_status bk_messages_format(bk_ctx *ctx, const bk_messages *m, const char *id,
                             const char *const *args, bk_buf *out)
{
    const char *s = bk_messages_get(m, id);
    if (!s)
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "no message \"%s\" in the %s catalog or in en.xml", id, m->lang);
    int err = 0;
    while (*s && !err) {
        const char *open = strchr(s, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            err = bk_buf_puts(out, s) < 0;
            break;
        }
        err |= bk_buf_append(out, s, (size_t)(open - s)) < 0;
        const char *val = NULL;
        for (size_t i = 0; args && args[i] && args[i + 1]; i += 2)
            if (strlen(args[i]) == (size_t)(close - open - 1) &&
                strncmp(args[i], open + 1, (size_t)(close - open - 1)) == 0)
                val = args[i + 1];
        err |= (val ? bk_buf_puts(out, val)
                    : bk_buf_append(out, open, (size_t)(close - open + 1))) < 0;
        s = close + 1;
    }
    return err ? bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory") : BK_OK;
}
