/* xref.c — an alignment's targets checked against the texts they name, in
 * the alignment file: every fault points at the target in @target. */
#include "xref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "lang.h"
#include "xml.h"
#include "node.h"
#include "srcpos.h"
#include "suggest.h"
#include "unicode.h"

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Where a target is: its text (column) and block, or col -1. */
typedef struct where {
    long col;
    size_t block;
    size_t nth;   /* sentence, 1 for the paragraph itself */
} where;

static void fault_at(bk_ctx *ctx, const bk_alignment *a, size_t i, size_t j,
                     const char *fmt, const char *x, const char *y)
{
    long line = a->line[i];
    long col = bk_srcpos_token_col(a->file, &line, "target", a->tok[i][j]);
    char msg[512];
    snprintf(msg, sizeof msg, fmt, x, y);
    bk_diag_fault(ctx->diag, ctx->strict, a->file, line, col,
                  "alignment target '#%s' %s; the target is left out", a->ids[i][j], msg);
}

/* The texts' file names, for a message. */
static void texts_list(bk_flow *const *flows, size_t n, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t c = 0; c < n; c++) {
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%s (%s)", c ? ", " : "", base_name(flows[c]->file),
                 flows[c]->lang);
    }
}

/* Finds target j of link i; a fault and col -1 when it names nothing. */
static where target_find(bk_ctx *ctx, const bk_alignment *a, size_t i, size_t j,
                         bk_flow *const *flows, size_t n)
{
    where w = {.col = -1, .nth = 1};
    const char *id = a->ids[i][j], *at = strrchr(id, '@');
    size_t bl = at ? (size_t)(at - id) : strlen(id);
    if (at)
        w.nth = (size_t)strtoul(at + 1, NULL, 10);
    for (size_t c = 0; c < n && w.col < 0; c++)
        for (size_t b = 0; b < flows[c]->n; b++) {
            const char *bid = flows[c]->blocks[b].id;
            if (bid && strlen(bid) == bl && strncmp(bid, id, bl) == 0) {
                w.col = (long)c;
                w.block = b;
                break;
            }
        }
    if (w.col >= 0)
        return w;
    /* the id's prefix ("zh" of "zh.p4") is its text's language */
    char lang[32], texts[512];
    snprintf(lang, sizeof lang, "%.*s", (int)strcspn(id, ".@"), id);
    texts_list(flows, n, texts, sizeof texts);
    int present = 0;
    for (size_t c = 0; c < n; c++)
        present |= bk_lang_valid(lang) && bk_lang_same_language(lang, flows[c]->lang);
    if (bk_lang_valid(lang) && strlen(lang) <= 3 && !present)
        fault_at(ctx, a, i, j, "names the language '%s', which no text of this edition is "
                 "in (%s)", lang, texts);
    else
        fault_at(ctx, a, i, j, "names no passage of this edition's texts (%s%s)", texts, "");
    return w;
}

/* The number of sentences of a block, as bk_flow_split_sentences counts
 * them; 0 on failure (recorded). */
static size_t sentences(bk_ctx *ctx, const bk_block *b)
{
    size_t starts[1024], count = 0;
    char locale[16];
    snprintf(locale, sizeof locale, "%.*s", (int)strcspn(b->lang, "-"), b->lang);
    if (bk_unicode_sentences(ctx, b->text, b->len, locale, starts, 1024, &count))
        return 0;
    return count;
}

/* Checks target j of link i; 0 keeps it, 1 leaves it out, -1 on failure.
 * last[c]: where the previous link's passage in text c was (block * 4096 +
 * sentence), or -1. */
static int target_check(bk_ctx *ctx, const bk_alignment *a, size_t i, size_t j,
                        bk_flow *const *flows, size_t n, long *last, long *mine)
{
    where w = target_find(ctx, a, i, j, flows, n);
    if (w.col < 0)
        return 1;
    const bk_block *b = &flows[w.col]->blocks[w.block];
    char num[64];
    if (w.nth > 1) {
        size_t count = sentences(ctx, b);
        if (bk_diag_error_status(ctx->diag) == BK_EINTERNAL)
            return -1;
        if (w.nth > count) {
            snprintf(num, sizeof num, "%zu", count);
            fault_at(ctx, a, i, j, "names a sentence past the end of %s, which has %s",
                     b->id, num);
            return 1;
        }
    }
    if (mine[w.col] >= 0) {
        fault_at(ctx, a, i, j, "is a second passage of %s in this link%s", base_name(flows[w.col]->file),
                 " (at most one per text)");
        return 1;
    }
    long key = (long)w.block * 4096 + (long)w.nth;
    if (key <= last[w.col]) {
        fault_at(ctx, a, i, j, "goes back in %s: links must follow the order of every "
                 "text%s", base_name(flows[w.col]->file), "");
        return 1;
    }
    mine[w.col] = key;
    return 0;
}

bk_status bk_xref_alignment(bk_ctx *ctx, bk_alignment *a, bk_flow *const *flows, size_t n)
{
    bk_status st = BK_OK;
    long *last = malloc((n ? n : 1) * sizeof(long)), *mine = malloc((n ? n : 1) * sizeof(long));
    if (!last || !mine) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t c = 0; c < n; c++)
        last[c] = -1;
    for (size_t i = 0; a && i < a->n;) {
        for (size_t c = 0; c < n; c++)
            mine[c] = -1;
        for (size_t j = 0; a->ids[i][j];) {
            int r = target_check(ctx, a, i, j, flows, n, last, mine);
            if (r < 0) {
                st = BK_EINTERNAL;
                goto done;
            }
            if (r)
                bk_alignment_drop_target(a, i, j);
            else
                j++;
        }
        if (!a->ids[i][0] || !a->ids[i][1]) {
            bk_alignment_drop_link(a, i); /* its faults are listed */
            continue;
        }
        for (size_t c = 0; c < n; c++)
            if (mine[c] >= 0)
                last[c] = mine[c];
        i++;
    }
done:
    free(last);
    free(mine);
    return st;
}

/* 1 if the flow holds a passage one of the links names: the files given
 * alongside an alignment that are its texts (others, such as data files,
 * are left aside). */
static int holds_target(const bk_alignment *a, const bk_flow *f)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; a->ids[i][j]; j++) {
            size_t bl = strcspn(a->ids[i][j], "@");
            for (size_t b = 0; b < f->n; b++)
                if (f->blocks[b].id && strlen(f->blocks[b].id) == bl &&
                    strncmp(f->blocks[b].id, a->ids[i][j], bl) == 0)
                    return 1;
        }
    return 0;
}

/* The alignment linkGrps under n, in document order, each checked. */
static bk_status groups_check(bk_ctx *ctx, const bk_node *tei, const bk_node *n,
                              const char *file, bk_flow *const *flows, size_t nf)
{
    bk_status st = BK_OK;
    for (const bk_node *c = n->first; c && !st; c = c->next) {
        if (!c->name)
            continue;
        const char *type = bk_node_get_attr(c, "type");
        if (strcmp(c->name, "linkGrp") != 0 || !type || strcmp(type, "alignment") != 0) {
            st = groups_check(ctx, tei, c, file, flows, nf);
            continue;
        }
        bk_alignment *a = NULL;
        const char *id = bk_node_get_attr(c, "xml:id");
        /* without an id, only the document's first linkGrp can be named */
        if (!id && c != bk_node_find(tei, "linkGrp"))
            continue;
        st = bk_alignment_load(ctx, tei, file, id, &a);
        bk_flow *texts[64];
        size_t nt = 0;
        for (size_t f = 0; !st && f < nf && nt < 64; f++)
            if (holds_target(a, flows[f]))
                texts[nt++] = flows[f];
        if (!st && nt)
            st = bk_xref_alignment(ctx, a, texts, nt);
        bk_alignment_free(a);
    }
    return st;
}

static int has_alignment(const bk_node *n)
{
    for (const bk_node *c = n->first; c; c = c->next) {
        if (!c->name)
            continue;
        const char *type = bk_node_get_attr(c, "type");
        if ((strcmp(c->name, "linkGrp") == 0 && type && strcmp(type, "alignment") == 0) ||
            has_alignment(c))
            return 1;
    }
    return 0;
}

int bk_xref_has_alignment(const bk_node *tei)
{
    return tei && has_alignment(tei);
}

bk_status bk_xref_alignment_file(bk_ctx *ctx, const bk_node *tei, const char *file,
                                 bk_flow *const *flows, size_t n)
{
    return groups_check(ctx, tei, tei, file, flows, n);
}

static const bk_node *by_id(const bk_node *n, const char *id)
{
    const char *x = n->name ? bk_node_get_attr(n, "xml:id") : NULL;
    if (x && strcmp(x, id) == 0)
        return n;
    for (const bk_node *c = n->first; c; c = c->next) {
        const bk_node *f = c->name ? by_id(c, id) : NULL;
        if (f)
            return f;
    }
    return NULL;
}

/* Up to `cap` xml:ids of n's subtree, into ids (not copied). */
static size_t ids_collect(const bk_node *n, const char **ids, size_t k, size_t cap)
{
    const char *x = n->name ? bk_node_get_attr(n, "xml:id") : NULL;
    if (x && k < cap)
        ids[k++] = x;
    for (const bk_node *c = n->first; c && k < cap; c = c->next)
        if (c->name)
            k = ids_collect(c, ids, k, cap);
    return k;
}

bk_status bk_xref_part_select(bk_ctx *ctx, const bk_node *tei, const char *select,
                              const char *want, const char *src, const char *layout,
                              long line)
{
    const bk_node *el = select ? by_id(tei, select) : NULL;
    if (el && want && strcmp(el->name, want) != 0) {
        long ln = line, col = bk_srcpos_attr_col(layout, &ln, "select");
        return bk_diag_error(ctx->diag, BK_EINPUT, layout, ln, col,
                             "select=\"%s\" names a <%s> of %s, not a <%s>", select,
                             el->name, base_name(src), want);
    }
    if (!select || el)
        return BK_OK;
    enum { CAP = 4096 };
    const char **ids = malloc(CAP * sizeof(*ids));
    if (!ids)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, layout, 0, 0, "out of memory");
    size_t n = ids_collect(tei, ids, 0, CAP);
    const char *near = bk_nearest_word(select, ids, n);
    long ln = line, col = bk_srcpos_attr_col(layout, &ln, "select");
    bk_status st = bk_diag_error(ctx->diag, BK_EINPUT, layout, ln, col,
                                 "select=\"%s\": %s has no element with this xml:id",
                                 select, base_name(src));
    if (near)
        bk_diag_hint(ctx->diag, "did you mean \"%s\"?", near);
    free(ids);
    return st;
}

/* The keys of a table's header row, space-separated, into out. */
static int table_keys(const bk_node *t, bk_buf *out)
{
    const bk_node *hr = bk_node_child(t, "row");
    for (const bk_node *x = hr ? bk_node_child(hr, "cell") : NULL; x;
         x = bk_node_next_element(x, "cell")) {
        const char *k = bk_node_get_attr(x, "n");
        if (k && (bk_buf_puts(out, out->len ? " " : "") || bk_buf_puts(out, k)))
            return -1;
    }
    return 0;
}

static int key_in(const char *keys, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = keys; *p; p += strcspn(p, " "), p += strspn(p, " "))
        if (strcspn(p, " ") == kl && strncmp(p, key, kl) == 0)
            return 1;
    return 0;
}

bk_status bk_xref_table_columns(bk_ctx *ctx, const bk_node *tei, const char *select,
                                const char *columns, const char *lang,
                                const char *layout, long line, char **kept)
{
    *kept = NULL;
    const bk_node *el = columns && select ? by_id(tei, select) : NULL;
    const bk_node *t = el && strcmp(el->name, "table") == 0 ? el
                       : el                                  ? bk_node_find(el, "table")
                                                             : NULL;
    bk_buf keys = {0}, out = {0};
    int fail = t ? table_keys(t, &keys) : 0;
    size_t tok = 0;
    for (const char *p = columns; t && !fail && *p; tok++) {
        p += strspn(p, " ");
        size_t l = strcspn(p, " ");
        if (!l)
            break;
        char key[64];
        int at_lang = l == 5 && strncmp(p, "@lang", 5) == 0;
        snprintf(key, sizeof key, "%.*s", at_lang ? (int)strcspn(lang, "-") : (int)l,
                 at_lang ? lang : p);
        if (key_in(keys.data ? keys.data : "", key)) {
            fail = bk_buf_puts(&out, out.len ? " " : "") || bk_buf_append(&out, p, l);
        } else {
            long ln = line, col = bk_srcpos_token_col(layout, &ln, "columns", tok);
            char why[96] = "";
            if (at_lang)
                snprintf(why, sizeof why, " for '@lang' (the booklet's language, '%s')", lang);
            bk_diag_fault(ctx->diag, ctx->strict, layout, ln, col,
                          "table \"%s\" has no column '%s'%s (its columns: %s); the column "
                          "is left out", select, key, why, keys.data ? keys.data : "none");
        }
        p += l;
    }
    bk_buf_release(&keys);
    if (fail) {
        bk_buf_release(&out);
        return bk_diag_error(ctx->diag, BK_EINTERNAL, layout, 0, 0, "out of memory");
    }
    if (t && out.len)
        *kept = out.data;
    else
        bk_buf_release(&out);
    return BK_OK;
}

/* ---- events ---- */

/* What events point at: the places files read so far (by path) and the
 * build's texts. */
typedef struct ev_check {
    bk_ctx *ctx;
    const char *file;
    char *places_path;
    const bk_node *places; /* NULL: no places file there */
    bk_node *own;       /* places, when it is not the run's (xml.h) */
    bk_flow *const *flows;
    size_t nflows;
    const char *const *sources;
    size_t nsources;
} ev_check;


/* The places file `name` beside the events file, read once; NULL when
 * there is none. */
static const bk_node *places_get(ev_check *c, const char *name, size_t len, bk_status *st)
{
    bk_buf path = {0};
    const char *slash = strrchr(c->file, '/');
    if (bk_buf_append(&path, c->file, slash ? (size_t)(slash - c->file) + 1 : 0) ||
        bk_buf_append(&path, name, len) || bk_buf_puts(&path, "")) {
        *st = bk_diag_error(c->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        return NULL;
    }
    if (c->places_path && strcmp(c->places_path, path.data) == 0) {
        bk_buf_release(&path);
        return c->places;
    }
    free(c->places_path);
    bk_node_free(c->own);
    c->places = NULL;
    c->own = NULL;
    c->places_path = path.data;
    FILE *fp = fopen(path.data, "rb");
    if (fp) {
        fclose(fp);
        /* shared: each timeline of a parallel edition checks its events */
        *st = bk_xml_read_shared(c->ctx, path.data, &c->places, &c->own);
    }
    return c->places;
}

/* A pointer "FILE#ID" of an event, at attribute `attr` of node n. */
static bk_status ptr_check(ev_check *c, const bk_node *n, const char *attr, int place)
{
    const char *t = bk_node_get_attr(n, attr);
    const char *hash = t ? strchr(t, '#') : NULL;
    if (!hash || hash == t)
        return BK_OK;
    bk_status st = BK_OK;
    size_t fl = (size_t)(hash - t);
    int found = -1; /* -1: cannot tell */
    if (place) {
        const bk_node *pl = places_get(c, t, fl, &st);
        if (pl)
            found = by_id(pl, hash + 1) != NULL;
    } else {
        for (size_t k = 0; k < c->nsources && found < 0; k++) {
            const char *b = base_name(c->sources[k]);
            if (strlen(b) == fl && strncmp(b, t, fl) == 0)
                found = 0;
        }
        for (size_t f = 0; found == 0 && f < c->nflows; f++)
            for (size_t i = 0; i < c->flows[f]->n && !found; i++)
                found = c->flows[f]->blocks[i].id && strcmp(c->flows[f]->blocks[i].id, hash + 1) == 0;
    }
    if (found == 0) {
        long line = n->line, col = bk_srcpos_attr_col(c->file, &line, attr);
        bk_diag_fault(c->ctx->diag, c->ctx->strict, c->file, line, col,
                      "%s=\"%s\": %s has no %s with xml:id \"%s\"", attr, t,
                      place ? "the places file" : "the source", place ? "place" : "passage",
                      hash + 1);
    }
    return st;
}

static bk_status date_check(ev_check *c, const bk_node *n, const char *attr)
{
    const char *v = bk_node_get_attr(n, attr);
    bk_date d;
    if (!v || bk_date_parse(v, &d) == 0)
        return BK_OK;
    long line = n->line, col = bk_srcpos_attr_col(c->file, &line, attr);
    const char *id = bk_node_get_attr(n, "xml:id");
    return bk_diag_error(c->ctx->diag, BK_EINPUT, c->file, line, col,
                         "%s%s%s%s=\"%s\" is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
                         id ? "event \"" : "", id ? id : "", id ? "\": " : "", attr, v);
}

/* Every date and pointer under an event. */
static bk_status event_walk(ev_check *c, const bk_node *n, int place)
{
    static const char *const dates[] = {"when", "from", "to", "notBefore", "notAfter"};
    bk_status st = BK_OK;
    for (size_t k = 0; k < 5 && !st && (!strcmp(n->name, "event") || !strcmp(n->name, "date")); k++)
        st = date_check(c, n, dates[k]);
    if (!st && strcmp(n->name, "event") == 0)
        st = ptr_check(c, n, "where", 1);
    if (!st && strcmp(n->name, "ptr") == 0)
        st = ptr_check(c, n, "target", place);
    const char *type = bk_node_get_attr(n, "type");
    if (strcmp(n->name, "linkGrp") == 0)
        place = type && strcmp(type, "places") == 0;
    for (const bk_node *ch = n->first; ch && !st; ch = ch->next)
        if (ch->name)
            st = event_walk(c, ch, place);
    return st;
}

bk_status bk_xref_events(bk_ctx *ctx, const bk_node *tei, const char *file, const char *select,
                         bk_flow *const *flows, size_t nflows, const char *const *sources,
                         size_t nsources)
{
    ev_check c = {.ctx = ctx, .file = file, .flows = flows, .nflows = nflows,
                  .sources = sources, .nsources = nsources};
    const bk_node *list = select ? by_id(tei, select) : NULL;
    bk_status st = BK_OK;
    for (const bk_node *e = list ? bk_node_child(list, "event") : NULL; e && !st;
         e = bk_node_next_element(e, "event"))
        st = event_walk(&c, e, 0);
    free(c.places_path);
    bk_node_free(c.own);
    return st;
}

bk_status bk_xref_tables_fit(bk_ctx *ctx, const bk_flow *f, double measure, double column_sep,
                             const char *file, long line, long col)
{
    for (size_t i = 0; f && i < f->n; i++) {
        const bk_table *t = f->blocks[i].table;
        if (!t || !t->ncols)
            continue;
        double w = measure / (double)t->ncols - 2 * column_sep;
        if (w < BK_TABLE_MIN_COLUMN) {
            double most = measure / (BK_TABLE_MIN_COLUMN + 2 * column_sep);
            return bk_diag_error(ctx->diag, BK_EINPUT, file, line, col,
                                 "a table of %zu columns does not fit the measure (%.1f pt): "
                                 "at most %.0f columns of %.0f pt text fit; keep fewer "
                                 "(columns=\"...\")", t->ncols, measure, most < 1 ? 1 : most,
                                 BK_TABLE_MIN_COLUMN);
        }
    }
    return BK_OK;
}
