/* compose.c — TEI tree to a flow of blocks (see compose.h). */
#include "lang.h"
#include "compose.h"
#include "layout.h"
#include "srcpos.h"
#include "unicode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct builder {
    bk_ctx *ctx;
    bk_flow *flow;
    bk_buf text;
    bk_span *spans;
    size_t nspans;
    bk_cite *cites;
    size_t ncites;
    const char *prefix; /* text the next block starts with (a note's "[21] ") */
    const bk_node *back; /* the text's back, where citations find their notes */
    size_t lookups;      /* notes looked up so far (bounded: each is a walk) */
    int space_pending; /* collapsed white space waiting for a next word */
    int title_only;    /* only the header title has been emitted so far */
    int too_long;      /* a block over the paragraph limit was found */
    const char *select_lang; /* keep only seg alternatives in this language */
    const char *columns;     /* table columns to keep, or NULL */
    int oom;
} builder;

static int is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XML white space collapses to one space, dropped at block edges: line
 * breaks in the XML file are not text. */
static void add_text(builder *b, const char *s)
{
    while (*s) {
        if (is_xml_space(*s)) {
            b->space_pending = b->text.len > 0;
            s++;
            continue;
        }
        if (b->space_pending) {
            if (bk_buf_append(&b->text, " ", 1))
                b->oom = 1;
            b->space_pending = 0;
        }
        /* a word at a time: one append, not one a byte */
        size_t n = strcspn(s, " \t\n\r");
        if (bk_buf_append(&b->text, s, n))
            b->oom = 1;
        s += n;
    }
}

/* s with its XML white space collapsed, appended to out. */
static void add_collapsed(bk_buf *out, const char *s)
{
    int sp = 0;
    for (; *s; s++) {
        if (is_xml_space(*s)) {
            sp = out->len > 0;
            continue;
        }
        if (sp)
            bk_buf_append(out, " ", 1);
        sp = 0;
        bk_buf_append(out, s, 1);
    }
}

/* "zh-Hans" matches "zh" and "zh-Hans"; "vi" matches "vi". */

static const bk_node *find_id(const bk_node *n, const char *id);

/* Citations whose notes are looked up for their links' descriptions; past
 * this, a link is named by its note's id (a document of thousands of marks
 * would otherwise walk its notes once per mark). */
#define CITE_LOOKUPS 2000

/* The text of the note a citation points to, as it is set ("[21] …"). */
static char *cite_note(builder *b, const char *id)
{
    if (!b->back || b->lookups++ >= CITE_LOOKUPS)
        return NULL;
    const bk_node *note = find_id(b->back, id);
    const char *num = note ? bk_node_get_attr(note, "n") : NULL;
    char *t = note ? bk_node_text_content(note) : NULL;
    bk_buf out = {0};
    if (!t)
        return NULL;
    if (num)
        bk_buf_printf(&out, "[%s] ", num);
    add_collapsed(&out, t);
    free(t);
    return out.data;
}

/* A citation mark (ref[@type="citation"]) over text [start, len): its
 * note's id when @target points into the document ("#vi.cit21"). */
static void add_cite(builder *b, const bk_node *ref, size_t start)
{
    const char *type = bk_node_get_attr(ref, "type");
    const char *t = bk_node_get_attr(ref, "target");
    if (!type || strcmp(type, "citation") != 0)
        return;
    bk_cite *nc = realloc(b->cites, (b->ncites + 1) * sizeof(*nc));
    if (!nc) {
        b->oom = 1;
        return;
    }
    b->cites = nc;
    nc[b->ncites] = (bk_cite){start, b->text.len, NULL, NULL};
    if (t && t[0] == '#' && t[1] && !(nc[b->ncites].target = bk_strdup(t + 1)))
        b->oom = 1;
    if (nc[b->ncites].target)
        nc[b->ncites].note = cite_note(b, t + 1);
    b->ncites++;
}

static void add_inline(builder *b, const bk_node *n)
{
    for (const bk_node *c = n->first; c; c = c->next) {
        if (!c->name) {
            add_text(b, c->text);
            continue;
        }
        const char *lang = bk_node_get_attr(c, "xml:lang");
        if (b->select_lang && lang && strcmp(c->name, "seg") == 0 &&
            !bk_lang_same_language(lang, b->select_lang))
            continue; /* another language's alternative */
        if (strcmp(c->name, "note") == 0)
            continue; /* editorial notes of data files are not shown */
        if (strcmp(c->name, "ptr") == 0) {
            /* a citation of a source passage: its id ("vi.l1.i3") */
            const char *t = bk_node_get_attr(c, "target");
            const char *h = t ? strrchr(t, '#') : NULL;
            if (h && h[1]) {
                if (b->text.len)
                    b->space_pending = 1;
                add_text(b, h + 1);
            }
            continue;
        }
        size_t start = b->text.len + (b->space_pending ? 1 : 0);
        add_inline(b, c);
        if (strcmp(c->name, "ref") == 0 && b->text.len > start)
            add_cite(b, c, start);
        if (lang && b->text.len > start) {
            bk_span *ns = realloc(b->spans, (b->nspans + 1) * sizeof(*ns));
            if (!ns) {
                b->oom = 1;
                continue;
            }
            b->spans = ns;
            ns[b->nspans].start = start;
            ns[b->nspans].end = b->text.len;
            ns[b->nspans].lang = bk_strdup(lang);
            b->nspans++;
        }
    }
}

static bk_block *new_block(builder *b, const char *style, const bk_node *n,
                           const char *lang)
{
    bk_flow *f = b->flow;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        bk_block *nb = realloc(f->blocks, cap * sizeof(*nb));
        if (!nb) {
            b->oom = 1;
            return NULL;
        }
        f->blocks = nb;
        f->cap = cap;
    }
    bk_block *blk = &f->blocks[f->n++];
    memset(blk, 0, sizeof(*blk));
    blk->style = style;
    blk->lang = bk_strdup(lang ? lang : f->lang);
    blk->line = n ? n->line : 0;
    const char *id = n ? bk_node_get_attr(n, "xml:id") : NULL;
    blk->id = bk_strdup(id);
    return blk;
}

/* Makes a block of an element's inline content; empty content makes none. */
/* Gathers an element's inline text into the builder (text, spans). */
static void collect(builder *b, const bk_node *n)
{
    b->text.len = 0;
    if (b->text.data)
        b->text.data[0] = '\0';
    b->space_pending = 0;
    b->spans = NULL;
    b->nspans = 0;
    b->cites = NULL;
    b->ncites = 0;
    if (n && b->prefix)
        add_text(b, b->prefix);
    b->prefix = NULL;
    if (n)
        add_inline(b, n);
}

static void drop_spans(builder *b)
{
    for (size_t i = 0; i < b->nspans; i++)
        free(b->spans[i].lang);
    free(b->spans);
    b->spans = NULL;
    b->nspans = 0;
    for (size_t i = 0; i < b->ncites; i++) {
        free(b->cites[i].target);
        free(b->cites[i].note);
    }
    free(b->cites);
    b->cites = NULL;
    b->ncites = 0;
}

/* Hands the inline markup gathered by collect() to blk. */
static void take_inline(builder *b, bk_block *blk)
{
    blk->spans = b->spans;
    blk->nspans = b->nspans;
    blk->cites = b->cites;
    blk->ncites = b->ncites;
    b->spans = NULL;
    b->nspans = 0;
    b->cites = NULL;
    b->ncites = 0;
}

static void emit(builder *b, const char *style, const bk_node *n, int level,
                 const char *label)
{
    collect(b, n);
    if (b->text.len == 0) {
        drop_spans(b);
        return;
    }
    /* Ingest repeats the title as the first heading of the text; the title
     * block made from the header stands for both. */
    if (b->title_only && strcmp(style, "heading") == 0 && b->flow->title &&
        strcmp(b->text.data, b->flow->title) == 0) {
        b->title_only = 0;
        drop_spans(b);
        return;
    }
    b->title_only = 0;
    if (b->text.len > BK_MAX_PARAGRAPH_BYTES && !b->too_long) {
        /* Same limit as ingest: a paragraph this long is not text a
         * booklet sets, and line breaking it would take unbounded time. */
        b->too_long = 1;
        bk_diag_error(b->ctx->diag, BK_EINPUT, b->flow->file, n->line, 0,
                      "paragraph <%s> of %zu bytes is longer than the limit of %u bytes",
                      n->name, b->text.len, BK_MAX_PARAGRAPH_BYTES);
    }
    if (!b->too_long && bk_unicode_mark_run_over(b->text.data, b->text.len,
                                                 BK_MAX_COMBINING_MARKS) <
                            b->text.len) {
        /* Same limit as ingest: shaping such a run takes unbounded time. */
        b->too_long = 1;
        bk_diag_error(b->ctx->diag, BK_EINPUT, b->flow->file, n->line, 0,
                      "paragraph <%s> has more than %d combining marks in a row",
                      n->name, BK_MAX_COMBINING_MARKS);
    }
    if (b->too_long) {
        drop_spans(b);
        return;
    }
    bk_block *blk = new_block(b, style, n, bk_node_lang(n));
    if (!blk) {
        drop_spans(b);
        return;
    }
    blk->text = bk_strndup(b->text.data, b->text.len);
    blk->len = b->text.len;
    blk->level = level;
    blk->label = bk_strdup(label);
    take_inline(b, blk);
    if (!blk->text || !blk->lang)
        b->oom = 1;
}

static void block_free(bk_block *b);

static void bk_table_free(bk_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->cells && i < t->nrows * t->ncols; i++)
        block_free(&t->cells[i]);
    free(t->cells);
    free(t->head);
    free(t);
}

/* The printed note of a table row where the sources disagree: the seg in
 * the language `lang` (else the first) of a note type="disagreement" in
 * one of its cells; NULL when the row has none. */
static const bk_node *row_note(const bk_node *r, const char *lang)
{
    for (const bk_node *x = bk_node_child(r, "cell"); x; x = bk_node_next_element(x, "cell"))
        for (const bk_node *n = bk_node_child(x, "note"); n; n = bk_node_next_element(n, "note")) {
            const char *type = bk_node_get_attr(n, "type");
            if (!type || strcmp(type, "disagreement") != 0)
                continue;
            const bk_node *pick = NULL;
            for (const bk_node *g = bk_node_child(n, "seg"); g; g = bk_node_next_element(g, "seg")) {
                const char *gl = bk_node_get_attr(g, "xml:lang");
                if (!pick || (gl && lang && bk_lang_same_language(gl, lang)))
                    pick = g;
                if (gl && lang && bk_lang_same_language(gl, lang))
                    break;
            }
            return pick ? pick : n;
        }
    return NULL;
}

/* Marks the rows whose sources disagree ("[1]" after the cell in the
 * booklet's language, else the row's last cell with text) and sets their
 * notes under the table, in the order of the rows, as blocks of style
 * "note": the reader sees each source's version, not one picked. */
static void table_notes(builder *b, const bk_node *n, bk_table *t, const unsigned char *own)
{
    const char *lang = b->select_lang ? b->select_lang : b->flow->lang;
    size_t i = 0, k = 0;
    for (const bk_node *r = bk_node_child(n, "row"); r && !b->oom;
         r = bk_node_next_element(r, "row"), i++) {
        const bk_node *note = t->head[i] ? NULL : row_note(r, lang);
        if (!note)
            continue;
        size_t col = t->ncols;
        for (size_t j = 0; j < t->ncols && col == t->ncols; j++)
            if (own[i * t->ncols + j])
                col = j;
        for (size_t j = t->ncols; col == t->ncols && j-- > 0;)
            if (t->cells[i * t->ncols + j].len)
                col = j;
        char num[24], mark[32];
        snprintf(num, sizeof num, "[%zu]", ++k);
        /* a no-break space before the mark, none in CJK text */
        snprintf(mark, sizeof mark, "%s%s", bk_lang_is_cjk(lang) ? "" : "\u00a0", num);
        bk_block *cb = &t->cells[i * t->ncols + (col < t->ncols ? col : 0)];
        char *txt = malloc(cb->len + strlen(mark) + 1);
        char *body = bk_node_text_content(note);
        if (!txt || !body) {
            free(txt);
            free(body);
            b->oom = 1;
            break;
        }
        memcpy(txt, cb->text, cb->len);
        strcpy(txt + cb->len, mark);
        free(cb->text);
        cb->text = txt;
        cb->len = strlen(txt);
        collect(b, NULL);
        add_text(b, num);
        add_text(b, " ");
        add_text(b, body);
        free(body);
        bk_block *nb = new_block(b, "note", r, lang);
        if (!nb)
            break;
        nb->text = bk_strndup(b->text.data, b->text.len);
        nb->len = b->text.len;
        if (!nb->text || !nb->lang)
            b->oom = 1;
    }
}

/* The columns b->columns names ("party @lang sources"), as indices of the
 * header row's cells (cell/@n) into keep[]; -1 (recorded) when the table
 * has no such column. */
static int table_columns(builder *b, const bk_node *n, size_t keep[32], size_t *nkeep)
{
    const bk_node *hr = bk_node_child(n, "row");
    char key[64];
    *nkeep = 0;
    for (const char *p = b->columns; *p && *nkeep < 32;) {
        while (*p == ' ')
            p++;
        size_t l = strcspn(p, " ");
        if (!l)
            break;
        snprintf(key, sizeof key, "%.*s", (int)l, p);
        if (strcmp(key, "@lang") == 0)
            snprintf(key, sizeof key, "%.*s", (int)strcspn(b->flow->lang, "-"), b->flow->lang);
        size_t j = 0;
        int found = 0;
        for (const bk_node *x = hr ? bk_node_child(hr, "cell") : NULL; x;
             x = bk_node_next_element(x, "cell"), j++) {
            const char *k = bk_node_get_attr(x, "n");
            if (k && strcmp(k, key) == 0) {
                keep[(*nkeep)++] = j;
                found = 1;
                break;
            }
        }
        if (!found) {
            bk_diag_error(b->ctx->diag, BK_EINPUT, b->flow->file, n->line, 0,
                          "table has no column '%s'", key);
            b->too_long = 1; /* stops composing with an input error */
            return -1;
        }
        p += l;
    }
    return 0;
}

/* A TEI table: cells become blocks of their own; the caption (head) is
 * the block's text; the notes on the rows where the sources disagree
 * follow it (table_notes). */
static void emit_table(builder *b, const bk_node *n)
{
    size_t nrows = 0, ncols = 0;
    for (const bk_node *r = bk_node_child(n, "row"); r; r = bk_node_next_element(r, "row")) {
        size_t c = 0;
        for (const bk_node *x = bk_node_child(r, "cell"); x; x = bk_node_next_element(x, "cell"))
            c++;
        nrows++;
        if (c > ncols)
            ncols = c;
    }
    if (!nrows || !ncols)
        return;
    if (nrows * ncols > 100000) {
        bk_diag_error(b->ctx->diag, BK_EINPUT, b->flow->file, n->line, 0,
                      "a table of %zu cells is more than 100000", nrows * ncols);
        b->too_long = 1;
        return;
    }
    /* Columns to keep, by the keys of the header row (cell/@n). */
    size_t keep[32], nkeep = 0;
    if (b->columns) {
        if (table_columns(b, n, keep, &nkeep))
            return;
        ncols = nkeep;
    }
    bk_table *t = calloc(1, sizeof(*t));
    if (!t || !(t->cells = calloc(nrows * ncols, sizeof(*t->cells))) ||
        !(t->head = calloc(nrows, 1))) {
        if (t)
            free(t->cells);
        free(t);
        b->oom = 1;
        return;
    }
    t->nrows = nrows;
    t->ncols = ncols;
    /* per cell: in the booklet's language by its own xml:lang (the clause) */
    unsigned char *own = calloc(nrows * ncols, 1);
    if (!own) {
        bk_table_free(t);
        b->oom = 1;
        return;
    }
    size_t i = 0;
    for (const bk_node *r = bk_node_child(n, "row"); r; r = bk_node_next_element(r, "row"), i++) {
        const char *role = bk_node_get_attr(r, "role");
        t->head[i] = role && strcmp(role, "label") == 0;
        size_t j = 0, src = 0;
        for (const bk_node *x = bk_node_child(r, "cell"); x;
             x = bk_node_next_element(x, "cell"), src++) {
            if (b->columns) {
                size_t k = 0;
                while (k < nkeep && keep[k] != src)
                    k++;
                if (k == nkeep)
                    continue;
                j = k;
            }
            collect(b, x);
            bk_block *cb = &t->cells[i * ncols + j];
            cb->style = t->head[i] ? "table-head" : "table-cell";
            /* a cell without a language of its own holds the booklet's
             * language (its seg alternatives were chosen for it) */
            const char *cl = bk_node_get_attr(x, "xml:lang");
            own[i * ncols + j] = cl && bk_lang_same_language(cl, b->select_lang ? b->select_lang
                                                                                : b->flow->lang);
            if (!cl)
                cl = b->select_lang ? b->select_lang : bk_node_lang(x);
            cb->lang = bk_strdup(cl ? cl : b->flow->lang);
            cb->text = bk_strndup(b->text.data ? b->text.data : "", b->text.len);
            cb->len = b->text.len;
            cb->line = x->line;
            take_inline(b, cb);
            if (!cb->lang || !cb->text)
                b->oom = 1;
            if (!b->columns)
                j++;
        }
        for (j = 0; j < ncols; j++) {
            bk_block *cb = &t->cells[i * ncols + j];
            if (cb->text)
                continue;
            cb->style = "table-cell";
            cb->lang = bk_strdup(b->flow->lang);
            cb->text = bk_strdup("");
        }
    }
    const bk_node *head = bk_node_child(n, "head");
    for (const bk_node *h = head; b->select_lang && h; h = bk_node_next_element(h, "head")) {
        const char *hl = bk_node_get_attr(h, "xml:lang");
        if (hl && bk_lang_same_language(hl, b->select_lang)) {
            head = h;
            break;
        }
    }
    if (head)
        collect(b, head);
    else
        collect(b, NULL);
    const char *hl = head ? bk_node_get_attr(head, "xml:lang") : NULL;
    bk_block *blk = new_block(b, "table", n,
                              hl ? hl : b->select_lang ? b->select_lang : bk_node_lang(n));
    if (!blk) {
        drop_spans(b);
        bk_table_free(t);
        free(own);
        return;
    }
    blk->table = t;
    blk->text = bk_strndup(b->text.data ? b->text.data : "", b->text.len);
    blk->len = b->text.len;
    take_inline(b, blk);
    table_notes(b, n, t, own);
    free(own);
}

static int is_container(const char *name)
{
    static const char *const names[] = {"front", "body", "back", "group",
                                        "div", "list", "figure", "text",
                                        "listBibl", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static void walk(builder *b, const bk_node *n, int depth);

/* The citation notes of a text (div[@type="notes"]) without a heading of
 * their own get the layout's: a heading block naming the string "notes"
 * (bk_flow_strings_fill gives it its text). */
static void notes_head(builder *b, const bk_node *div, int level)
{
    const char *type = bk_node_get_attr(div, "type");
    if (!type || strcmp(type, "notes") != 0 || bk_node_child(div, "head"))
        return;
    bk_block *blk = new_block(b, "heading", div, bk_node_lang(div));
    if (!blk)
        return;
    free(blk->id); /* the div's id is not the heading's */
    blk->id = NULL;
    blk->level = level;
    blk->string = "notes";
    blk->text = bk_strdup("");
    if (!blk->text || !blk->lang)
        b->oom = 1;
}

/* One block-level element c whose parent is named pname. */
static void walk_one(builder *b, const char *pname, const bk_node *c, int depth)
{
    if (strcmp(c->name, "head") == 0) {
        if (strcmp(pname, "figure") == 0)
            emit(b, "caption", c, 0, NULL);
        else
            emit(b, "heading", c, depth > 0 ? depth : 1, NULL);
    } else if (strcmp(c->name, "p") == 0 || strcmp(c->name, "quote") == 0 ||
               strcmp(c->name, "ab") == 0) {
        emit(b, "body", c, 0, NULL);
    } else if (strcmp(c->name, "item") == 0) {
        const char *nval = bk_node_get_attr(c, "n");
        char label[64];
        const char *lab = NULL;
        if (nval && strlen(nval) < 60) {
            snprintf(label, sizeof label, "%s.", nval);
            lab = label;
        } else if (!nval) {
            lab = "•";
        }
        emit(b, "item", c, 0, lab);
    } else if (strcmp(c->name, "note") == 0) {
        const char *type = bk_node_get_attr(c, "type");
        const char *num = bk_node_get_attr(c, "n");
        char mark[32];
        /* a citation note starts with its mark, as in the source */
        if (type && strcmp(type, "citation") == 0 && num && strlen(num) < 16) {
            snprintf(mark, sizeof mark, "[%s] ", num);
            b->prefix = mark;
        }
        emit(b, type && strcmp(type, "hatnote") == 0 ? "hatnote" : "note", c, 0, NULL);
    } else if (strcmp(c->name, "table") == 0) {
        emit_table(b, c);
    } else if (strcmp(c->name, "figDesc") == 0) {
        emit(b, "caption", c, 0, NULL);
    } else if (is_container(c->name)) {
        if (strcmp(c->name, "div") == 0)
            notes_head(b, c, depth + 1);
        walk(b, c, strcmp(c->name, "div") == 0 ? depth + 1 : depth);
    } else {
        /* Unknown block-level element: keep its text rather than silently
         * losing it. */
        emit(b, "body", c, 0, NULL);
    }
}

static void walk(builder *b, const bk_node *n, int depth)
{
    for (const bk_node *c = n->first; c && !b->oom && !b->too_long; c = c->next)
        if (c->name)
            walk_one(b, n->name, c, depth);
}

/* Hands the built flow to the caller, or reports what stopped it (the
 * error of a block over the limits is recorded already). */
static bk_status finish(builder *b, const char *file, bk_flow **out)
{
    if (b->too_long)
        return BK_EINPUT;
    if (b->oom)
        return bk_diag_error(b->ctx->diag, BK_EINTERNAL, file, 0, 0, "out of memory");
    *out = b->flow;
    b->flow = NULL;
    return BK_OK;
}

bk_status bk_compose(bk_ctx *ctx, const bk_node *tei, const char *file,
                     bk_flow **out)
{
    bk_status st = BK_OK;
    builder b = {.ctx = ctx};
    *out = NULL;
    b.flow = calloc(1, sizeof(bk_flow));
    if (!b.flow)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, file, 0, 0, "out of memory");
    b.flow->file = bk_strdup(file);
    if (!tei->name || strcmp(tei->name, "TEI") != 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, file, tei->line, 0,
                           "root element is <%s>, expected a TEI document",
                           tei->name ? tei->name : "?");
        goto done;
    }
    const bk_node *text = bk_node_child(tei, "text");
    if (!text) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, file, tei->line, 0,
                           "TEI document has no <text>");
        goto done;
    }
    const char *lang = bk_node_lang(text);
    b.flow->lang = bk_strdup(lang ? lang : "en");
    b.back = bk_node_child(text, "back");
    const bk_node *hdr = bk_node_child(tei, "teiHeader");
    const bk_node *fd = hdr ? bk_node_child(hdr, "fileDesc") : NULL;
    const bk_node *ts = fd ? bk_node_child(fd, "titleStmt") : NULL;
    const bk_node *title = ts ? bk_node_child(ts, "title") : NULL;
    if (title) {
        emit(&b, "title", title, 1, NULL);
        if (b.flow->n) {
            /* The header title is in the text's language even though the
             * header itself may be tagged otherwise. */
            bk_block *tb = &b.flow->blocks[b.flow->n - 1];
            free(tb->lang);
            tb->lang = bk_strdup(b.flow->lang);
            b.flow->title = bk_strdup(tb->text);
            b.title_only = 1;
        }
    }
    const bk_node *sd = fd ? bk_node_child(fd, "sourceDesc") : NULL;
    const bk_node *bibl = sd ? bk_node_child(sd, "bibl") : NULL;
    if (bibl) {
        char *name = NULL, *sum = NULL;
        for (const bk_node *id = bk_node_child(bibl, "idno"); id;
             id = bk_node_next_element(id, "idno")) {
            const char *type = bk_node_get_attr(id, "type");
            if (type && strcmp(type, "file") == 0 && !name)
                name = bk_node_text_content(id);
            else if (type && strcmp(type, "sha256") == 0 && !sum)
                sum = bk_node_text_content(id);
        }
        if (name) {
            bk_buf line = {0};
            bk_buf_puts(&line, name);
            if (sum)
                bk_buf_printf(&line, " (SHA-256 %.16s…)", sum);
            b.flow->sources = malloc(sizeof(char *));
            if (b.flow->sources && line.data)
                b.flow->sources[b.flow->nsources++] = line.data;
            else
                bk_buf_release(&line), b.oom = 1;
        }
        free(name);
        free(sum);
    }
    b.flow->langs = malloc(sizeof(char *));
    if (b.flow->langs && (b.flow->langs[0] = bk_strdup(b.flow->lang)))
        b.flow->nlangs = 1;
    else
        b.oom = 1;
    walk(&b, text, 0);
    st = finish(&b, file, out);
done:
    bk_buf_release(&b.text);
    bk_flow_free(b.flow);
    return st;
}

static void block_free(bk_block *b)
{
    free(b->file);
    free(b->lang);
    free(b->text);
    free(b->label);
    free(b->id);
    for (size_t k = 0; k < b->nspans; k++)
        free(b->spans[k].lang);
    free(b->spans);
    for (size_t k = 0; k < b->ncites; k++) {
        free(b->cites[k].target);
        free(b->cites[k].note);
    }
    free(b->cites);
    bk_table_free(b->table);
    for (size_t i = 0; i < b->nevents; i++) {
        bk_flow_event *e = &b->events[i];
        free(e->from);
        free(e->to);
        free(e->label);
        free(e->note);
        for (size_t k = 0; k < e->ndates; k++) {
            free(e->date_when[k]);
            free(e->date_source[k]);
        }
        free(e->date_when);
        free(e->date_source);
    }
    free(b->events);
    free(b->range_from);
    free(b->range_to);
    free(b->detail_from);
    free(b->detail_to);
    free(b->map);
    free(b->map_root);
}

void bk_flow_free(bk_flow *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        block_free(&f->blocks[i]);
    for (size_t i = 0; i < f->nsources; i++)
        free(f->sources[i]);
    free(f->sources);
    for (size_t i = 0; i < f->nlangs; i++)
        free(f->langs[i]);
    free(f->langs);
    free(f->blocks);
    free(f->title);
    free(f->lang);
    free(f->file);
    free(f);
}

int bk_flow_append(bk_flow *dst, bk_flow *src)
{
    if (dst->n + src->n > dst->cap) {
        size_t cap = dst->n + src->n;
        bk_block *nb = realloc(dst->blocks, cap * sizeof(*nb));
        if (!nb)
            return -1;
        dst->blocks = nb;
        dst->cap = cap;
    }
    char **ns = realloc(dst->sources, (dst->nsources + src->nsources + 1) * sizeof(char *));
    if (!ns)
        return -1;
    dst->sources = ns;
    char **nl = realloc(dst->langs, (dst->nlangs + src->nlangs + 1) * sizeof(char *));
    if (!nl)
        return -1;
    dst->langs = nl;
    /* the blocks keep the name of the file their lines are in */
    for (size_t i = 0; i < src->n; i++)
        if (!src->blocks[i].file && src->file &&
            !(src->blocks[i].file = bk_strdup(src->file)))
            return -1;
    if (src->n)
        memcpy(dst->blocks + dst->n, src->blocks, src->n * sizeof(*src->blocks));
    dst->n += src->n;
    src->n = 0;
    for (size_t i = 0; i < src->nsources; i++)
        dst->sources[dst->nsources++] = src->sources[i];
    src->nsources = 0;
    for (size_t i = 0; i < src->nlangs; i++) {
        int seen = 0;
        for (size_t k = 0; k < dst->nlangs; k++)
            seen |= strcmp(dst->langs[k], src->langs[i]) == 0;
        if (seen)
            free(src->langs[i]);
        else
            dst->langs[dst->nlangs++] = src->langs[i];
    }
    src->nlangs = 0;
    bk_flow_free(src);
    return 0;
}

static const bk_node *find_id(const bk_node *n, const char *id)
{
    for (const bk_node *c = n->first; c; c = c->next) {
        if (!c->name)
            continue;
        const char *v = bk_node_get_attr(c, "xml:id");
        if (v && strcmp(v, id) == 0)
            return c;
        const bk_node *f = find_id(c, id);
        if (f)
            return f;
    }
    return NULL;
}

bk_status bk_compose_part(bk_ctx *ctx, const bk_node *tei, const char *file,
                          const char *id, const char *lang, const char *columns,
                          bk_flow **out)
{
    bk_status st = BK_OK;
    builder b = {.ctx = ctx, .select_lang = lang, .columns = columns};
    *out = NULL;
    b.flow = calloc(1, sizeof(bk_flow));
    if (!b.flow || !(b.flow->file = bk_strdup(file)) ||
        !(b.flow->lang = bk_strdup(lang ? lang : "en"))) {
        bk_flow_free(b.flow);
        return bk_diag_error(ctx->diag, BK_EINTERNAL, file, 0, 0, "out of memory");
    }
    const bk_node *part = find_id(tei, id);
    if (!part) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, file, 0, 0, "no element with xml:id \"%s\"", id);
        goto done;
    }
    walk_one(&b, "div", part, 1);
    st = finish(&b, file, out);
done:
    bk_buf_release(&b.text);
    bk_flow_free(b.flow);
    return st;
}

void bk_alignment_free(bk_alignment *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++) {
        for (size_t k = 0; a->ids[i] && a->ids[i][k]; k++)
            free(a->ids[i][k]);
        free(a->ids[i]);
        if (a->tok)
            free(a->tok[i]);
    }
    free(a->ids);
    free(a->tok);
    free(a->line);
    free(a->file);
    free(a);
}

/* A fault at token k of a link's @target. */
static void target_fault(bk_ctx *ctx, const char *file, long line, size_t k,
                         const char *what, size_t len, const char *why)
{
    long col = bk_srcpos_token_col(file, &line, "target", k);
    bk_diag_fault(ctx->diag, ctx->strict, file, line, col,
                  "alignment target '%.*s' %s; the target is left out", (int)len, what, why);
}

/* The id a target names ("#id", "file.xml#id", "#id@N"; "@1" is the
 * paragraph itself), or NULL after a fault (or when out of memory: *oom). */
static char *target_id(bk_ctx *ctx, const char *file, long line, size_t k, const char *p,
                       size_t len, int *oom)
{
    const char *hash = memchr(p, '#', len);
    if (!hash)
        return target_fault(ctx, file, line, k, p, len,
                            "has no '#': write '#ID' (the xml:id of a passage)"), NULL;
    size_t pre = (size_t)(hash - p);
    if (memchr(p, ':', pre) || (pre && p[0] == '/'))
        return target_fault(ctx, file, line, k, p, len,
                            "is not a passage of this edition's texts: write '#ID' or "
                            "'FILE.xml#ID' (no URI scheme, no absolute path)"), NULL;
    const char *idp = hash + 1;
    size_t idl = len - pre - 1;
    const char *at = memchr(idp, '@', idl);
    if (idl == 0 || at == idp)
        return target_fault(ctx, file, line, k, p, len, "names no passage after '#'"), NULL;
    if (at) {
        size_t nl = idl - (size_t)(at - idp) - 1;
        int digits = nl > 0 && nl < 7 && strspn(at + 1, "0123456789") >= nl;
        if (!digits || strtol(at + 1, NULL, 10) < 1)
            return target_fault(ctx, file, line, k, p, len,
                                "names no sentence: write '@N', N counting sentences "
                                "from 1"), NULL;
        if (nl == 1 && at[1] == '1')
            idl -= 2;
    }
    char *id = bk_strndup(idp, idl);
    if (!id)
        *oom = 1;
    return id;
}

/* A link's targets, the faulty ones left out; NULL with *oom when out of
 * memory. tok[i] is the token ids[i] came from. */
static char **link_targets(bk_ctx *ctx, const char *file, long line, const char *t,
                           size_t **tok, int *oom)
{
    size_t cap = strlen(t) / 2 + 2, k = 0, ntok = 0;
    char **ids = calloc(cap, sizeof(char *));
    *tok = calloc(cap, sizeof(size_t));
    if (!ids || !*tok) {
        *oom = 1;
        return ids;
    }
    for (const char *p = t; *p && !*oom; ntok++) {
        p += strspn(p, " \t\n\r");
        size_t len = strcspn(p, " \t\n\r");
        if (!len)
            break;
        char *id = target_id(ctx, file, line, ntok, p, len, oom);
        for (size_t q = 0; id && q < k; q++)
            if (strcmp(ids[q], id) == 0) {
                target_fault(ctx, file, line, ntok, p, len, "is already a target of this link");
                free(id);
                id = NULL;
            }
        if (id && k + 1 < cap) {
            (*tok)[k] = ntok;
            ids[k++] = id;
        } else {
            free(id);
        }
        p += len;
    }
    return ids;
}

bk_status bk_alignment_load(bk_ctx *ctx, const bk_node *tei, const char *file,
                            const char *id, bk_alignment **out)
{
    bk_status st = BK_OK;
    bk_alignment *a = calloc(1, sizeof(*a));
    *out = NULL;
    if (!a || !(a->file = bk_strdup(file)))
        goto oom;
    /* by its id, else the document's first linkGrp */
    const bk_node *g = id ? find_id(tei, id) : bk_node_find(tei, "linkGrp");
    const char *type = g ? bk_node_get_attr(g, "type") : NULL;
    if (!g || strcmp(g->name, "linkGrp") != 0 || !type || strcmp(type, "alignment") != 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, file, g ? g->line : 0, 0,
                           "no alignment linkGrp%s%s", id ? " with xml:id " : "", id ? id : "");
        goto done;
    }
    for (const bk_node *l = bk_node_child(g, "link"); l; l = bk_node_next_element(l, "link")) {
        const char *t = bk_node_get_attr(l, "target");
        if (!t) {
            long line = l->line, col = bk_srcpos_attr_col(file, &line, NULL);
            bk_diag_fault(ctx->diag, ctx->strict, file, line, col,
                          "an alignment link without @target is left out");
            continue;
        }
        char ***ni = realloc(a->ids, (a->n + 1) * sizeof(*ni));
        long *nl = ni ? realloc(a->line, (a->n + 1) * sizeof(*nl)) : NULL;
        size_t **nt = nl ? realloc(a->tok, (a->n + 1) * sizeof(*nt)) : NULL;
        if (ni)
            a->ids = ni;
        if (nl)
            a->line = nl;
        if (!nt)
            goto oom;
        a->tok = nt;
        int fail = 0;
        a->line[a->n] = l->line;
        a->ids[a->n] = link_targets(ctx, file, l->line, t, &a->tok[a->n], &fail);
        a->n++;
        if (fail)
            goto oom;
        if (!a->ids[a->n - 1][0] || !a->ids[a->n - 1][1]) {
            long line = l->line, col = bk_srcpos_attr_col(file, &line, "target");
            bk_diag_fault(ctx->diag, ctx->strict, file, line, col,
                          "an alignment link needs at least two targets; the link is left out");
            bk_alignment_drop_link(a, a->n - 1);
        }
    }
    *out = a;
    a = NULL;
    goto done;
oom:
    st = bk_diag_error(ctx->diag, BK_EINTERNAL, file, 0, 0, "out of memory");
done:
    bk_alignment_free(a);
    return st;
}

void bk_alignment_drop_link(bk_alignment *a, size_t i)
{
    for (size_t k = 0; a->ids[i] && a->ids[i][k]; k++)
        free(a->ids[i][k]);
    free(a->ids[i]);
    free(a->tok[i]);
    a->n--;
    memmove(&a->ids[i], &a->ids[i + 1], (a->n - i) * sizeof(*a->ids));
    memmove(&a->tok[i], &a->tok[i + 1], (a->n - i) * sizeof(*a->tok));
    memmove(&a->line[i], &a->line[i + 1], (a->n - i) * sizeof(*a->line));
}

void bk_alignment_drop_target(bk_alignment *a, size_t i, size_t j)
{
    char **ids = a->ids[i];
    free(ids[j]);
    for (; ids[j]; j++) {
        ids[j] = ids[j + 1];
        a->tok[i][j] = a->tok[i][j + 1];
    }
}

/* ISO dates compare as strings when cut to the shorter precision. */
static int iso_before(const char *a, const char *b)
{
    size_t n = strlen(a) < strlen(b) ? strlen(a) : strlen(b);
    return strncmp(a, b, n) < 0;
}

/* How a date's evidence is named: a source passage as its pointer
 * ("vi.xml#vi.p1"); a reference of the data file's own bibliography
 * ("#ref.hertslet") by its short form, the bibl's @n ("Hertslet 1908"). */
static const char *evidence_name(const bk_node *tei, const char *target)
{
    if (!target || target[0] != '#' || !tei)
        return target;
    const bk_node *bibl = find_id(tei, target + 1);
    const char *n = bibl ? bk_node_get_attr(bibl, "n") : NULL;
    return n ? n : target + 1;
}

/* The note the booklet prints where the sources disagree: the seg in the
 * booklet's language (else the first) of the event's note
 * type="disagreement". NULL when there is none; *oom on failure. */
static char *event_note_read(const bk_node *e, const char *lang, int *oom)
{
    const bk_node *n = bk_node_child(e, "note");
    while (n && !(bk_node_get_attr(n, "type") &&
                  strcmp(bk_node_get_attr(n, "type"), "disagreement") == 0))
        n = bk_node_next_element(n, "note");
    const bk_node *pick = NULL;
    for (const bk_node *g = n ? bk_node_child(n, "seg") : NULL; g; g = bk_node_next_element(g, "seg")) {
        const char *gl = bk_node_get_attr(g, "xml:lang");
        if (!pick || (gl && lang && bk_lang_same_language(gl, lang)))
            pick = g;
        if (gl && lang && bk_lang_same_language(gl, lang))
            break;
    }
    if (!n)
        return NULL;
    char *t = bk_node_text_content(pick ? pick : n);
    *oom |= !t;
    return t;
}

/* The dates each source gives an event, when the sources disagree: the
 * dates of its note type="dates", each <date when="..."><ptr target="source
 * passage"/></date> (or from/to: "1860-10-18/1860-10-19", ISO's interval).
 * One date alone says nothing the event's own does not.
 * Returns -1 when out of memory. */
static int event_dates_read(const bk_node *tei, const bk_node *e, bk_flow_event *fe)
{
    const bk_node *n = bk_node_child(e, "note");
    while (n && !(bk_node_get_attr(n, "type") && strcmp(bk_node_get_attr(n, "type"), "dates") == 0))
        n = bk_node_next_element(n, "note");
    size_t nd = 0;
    for (const bk_node *d = n ? bk_node_child(n, "date") : NULL; d; d = bk_node_next_element(d, "date"))
        nd++;
    if (nd < 2)
        return 0;
    fe->date_when = calloc(nd, sizeof(char *));
    fe->date_source = calloc(nd, sizeof(char *));
    if (!fe->date_when || !fe->date_source)
        return -1;
    for (const bk_node *d = bk_node_child(n, "date"); d; d = bk_node_next_element(d, "date")) {
        const char *dw = bk_node_get_attr(d, "when");
        const char *df = bk_node_get_attr(d, "from"), *dt = bk_node_get_attr(d, "to");
        const bk_node *ptr = bk_node_child(d, "ptr");
        const char *ds = evidence_name(tei, ptr ? bk_node_get_attr(ptr, "target") : NULL);
        if (!dw && !(df && dt))
            continue;
        size_t k = fe->ndates++;
        if (dw) {
            fe->date_when[k] = bk_strdup(dw);
        } else if ((fe->date_when[k] = malloc(strlen(df) + strlen(dt) + 2))) {
            strcpy(fe->date_when[k], df);
            strcat(fe->date_when[k], "/");
            strcat(fe->date_when[k], dt);
        }
        fe->date_source[k] = bk_strdup(ds ? ds : "");
        if (!fe->date_when[k] || !fe->date_source[k])
            return -1;
    }
    return 0;
}

bk_status bk_compose_events(bk_ctx *ctx, const bk_node *tei, const char *file,
                            const char *id, const char *lang, const char *from,
                            const char *to, bk_flow **out)
{
    bk_status st = BK_OK;
    bk_flow *f = calloc(1, sizeof(*f));
    *out = NULL;
    if (!f || !(f->file = bk_strdup(file)) || !(f->lang = bk_strdup(lang ? lang : "en")) ||
        !(f->blocks = calloc(1, sizeof(bk_block)))) {
        bk_flow_free(f);
        return bk_diag_error(ctx->diag, BK_EINTERNAL, file, 0, 0, "out of memory");
    }
    f->cap = 1;
    const bk_node *list = find_id(tei, id);
    if (!list || !list->name || strcmp(list->name, "listEvent") != 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, file, list ? list->line : 0, 0,
                           "no listEvent with xml:id \"%s\"", id);
        goto done;
    }
    bk_block *b = &f->blocks[0];
    f->n = 1;
    b->style = "timeline";
    b->lang = bk_strdup(f->lang);
    b->text = bk_strdup("");
    b->range_from = bk_strdup(from);
    b->range_to = bk_strdup(to);
    b->line = list->line;
    size_t cap = 0;
    for (const bk_node *e = bk_node_child(list, "event"); e; e = bk_node_next_element(e, "event")) {
        const char *w = bk_node_get_attr(e, "when");
        const char *a = w ? w : bk_node_get_attr(e, "from");
        if (!a)
            a = bk_node_get_attr(e, "notBefore");
        const char *z = w ? NULL : bk_node_get_attr(e, "to");
        if (!w && !z)
            z = bk_node_get_attr(e, "notAfter");
        if (!a) {
            st = bk_diag_error(ctx->diag, BK_EINPUT, file, e->line, 0,
                               "an event needs @when, @from or @notBefore");
            goto done;
        }
        if ((from && iso_before(a, from)) || (to && iso_before(to, a)))
            continue;
        const bk_node *label = NULL;
        for (const bk_node *l = bk_node_child(e, "label"); l; l = bk_node_next_element(l, "label")) {
            const char *ll = bk_node_get_attr(l, "xml:lang");
            if (!label || (ll && lang && bk_lang_same_language(ll, lang)))
                label = l;
            if (ll && lang && bk_lang_same_language(ll, lang))
                break;
        }
        if (b->nevents == cap) {
            cap = cap ? cap * 2 : 32;
            bk_flow_event *ne = realloc(b->events, cap * sizeof(*ne));
            if (!ne) {
                st = bk_diag_error(ctx->diag, BK_EINTERNAL, file, 0, 0, "out of memory");
                goto done;
            }
            b->events = ne;
        }
        bk_flow_event *fe = &b->events[b->nevents++];
        memset(fe, 0, sizeof(*fe));
        fe->from = bk_strdup(a);
        fe->to = z ? bk_strdup(z) : NULL;
        fe->uncertain = !w && !bk_node_get_attr(e, "from") && z;
        fe->label = label ? bk_node_text_content(label) : bk_strdup("");
        int oom = 0;
        fe->note = event_note_read(e, lang, &oom);
        if (oom || event_dates_read(tei, e, fe)) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, file, 0, 0, "out of memory");
            goto done;
        }
    }
    *out = f;
    f = NULL;
done:
    bk_flow_free(f);
    return st;
}

int bk_flow_add_map(bk_flow *f, const char *name, const char *root, int half_page)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        bk_block *nb = realloc(f->blocks, cap * sizeof(*nb));
        if (!nb)
            return -1;
        f->blocks = nb;
        f->cap = cap;
    }
    bk_block *b = &f->blocks[f->n];
    memset(b, 0, sizeof(*b));
    b->style = "map";
    b->lang = bk_strdup(f->lang);
    b->text = bk_strdup("");
    b->map = bk_strdup(name);
    b->map_root = bk_strdup(root ? root : ".");
    b->half_page = half_page;
    if (!b->lang || !b->text || !b->map || !b->map_root) {
        block_free(b);
        return -1;
    }
    f->n++;
    return 0;
}

bk_flow *bk_flow_new(const char *file, const char *lang)
{
    bk_flow *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->file = bk_strdup(file);
    f->lang = bk_strdup(lang);
    if (!f->file || !f->lang) {
        bk_flow_free(f);
        return NULL;
    }
    return f;
}

/* Splits block i of f at byte offset off: the tail becomes block i+1. */
static int split_block(bk_flow *f, size_t i, size_t off, const char *id)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        bk_block *nb = realloc(f->blocks, cap * sizeof(*nb));
        if (!nb)
            return -1;
        f->blocks = nb;
        f->cap = cap;
    }
    memmove(&f->blocks[i + 2], &f->blocks[i + 1], (f->n - i - 1) * sizeof(bk_block));
    f->n++;
    bk_block *a = &f->blocks[i], *t = &f->blocks[i + 1];
    memset(t, 0, sizeof(*t));
    t->style = a->style;
    t->file = a->file ? bk_strdup(a->file) : NULL;
    t->lang = bk_strdup(a->lang);
    t->text = bk_strndup(a->text + off, a->len - off);
    t->len = a->len - off;
    t->id = bk_strdup(id);
    t->line = a->line;
    t->level = a->level;
    t->continued = 1;
    /* the spans that reach into the tail go with it */
    for (size_t k = 0; k < a->nspans; k++) {
        bk_span *sp = &a->spans[k];
        if (sp->end <= off)
            continue;
        bk_span *ns = realloc(t->spans, (t->nspans + 1) * sizeof(*ns));
        if (!ns)
            return -1;
        t->spans = ns;
        ns[t->nspans].start = sp->start > off ? sp->start - off : 0;
        ns[t->nspans].end = sp->end - off;
        ns[t->nspans].lang = bk_strdup(sp->lang);
        t->nspans++;
        sp->end = sp->start < off ? off : sp->start;
    }
    /* so do the citation marks after it (a mark is never cut) */
    size_t keep = 0;
    for (size_t k = 0; k < a->ncites; k++) {
        bk_cite *c = &a->cites[k];
        if (c->start < off) {
            a->cites[keep++] = *c;
            continue;
        }
        bk_cite *nc = realloc(t->cites, (t->ncites + 1) * sizeof(*nc));
        if (!nc)
            return -1;
        t->cites = nc;
        nc[t->ncites++] = (bk_cite){c->start - off, c->end - off, c->target, c->note};
    }
    a->ncites = keep;
    /* the head loses the space before the sentence */
    size_t end = off;
    while (end > 0 && a->text[end - 1] == ' ')
        end--;
    a->text[end] = '\0';
    a->len = end;
    return t->lang && t->text && t->id ? 0 : -1;
}

bk_status bk_flow_split_sentences(bk_ctx *ctx, bk_flow *f, const bk_alignment *a)
{
    /* Later sentences first, so the earlier ones keep their offsets in the
     * block that keeps the paragraph's id. */
    for (int pass = 0; pass < 512; pass++) {
        const char *best = NULL;
        size_t best_n = 0, best_block = 0;
        for (size_t k = 0; a && k < a->n; k++)
            for (size_t j = 0; a->ids[k][j]; j++) {
                const char *id = a->ids[k][j];
                const char *at = strrchr(id, '@');
                if (!at)
                    continue;
                size_t bl = (size_t)(at - id), nth = (size_t)strtoul(at + 1, NULL, 10);
                for (size_t i = 0; i < f->n; i++) {
                    const bk_block *b = &f->blocks[i];
                    if (!b->id || strlen(b->id) != bl || strncmp(b->id, id, bl) != 0)
                        continue;
                    /* not yet split here (the tail would exist), and the
                     * latest sentence of all first */
                    int done = 0;
                    for (size_t q = 0; q < f->n; q++)
                        done |= f->blocks[q].id && strcmp(f->blocks[q].id, id) == 0;
                    if (!done && nth > best_n) {
                        best = id;
                        best_n = nth;
                        best_block = i;
                    }
                }
            }
        if (!best)
            return BK_OK;
        bk_block *b = &f->blocks[best_block];
        size_t starts[1024], count = 0;
        char locale[16];
        snprintf(locale, sizeof locale, "%.*s", (int)strcspn(b->lang, "-"), b->lang);
        bk_status st = bk_unicode_sentences(ctx, b->text, b->len, locale, starts, 1024, &count);
        if (st)
            return st;
        if (best_n < 2 || best_n > count)
            return bk_diag_error(ctx->diag, BK_EINPUT, a->file ? a->file : f->file,
                                 a->file ? 0 : b->line, 0,
                                 "alignment names sentence %zu of %s (%s), which has %zu", best_n,
                                 b->id, f->file, count);
        if (split_block(f, best_block, starts[best_n - 1], best))
            return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    return BK_OK;
}

/* ---- copies ---------------------------------------------------------------- */

/* Copies of strings that may be NULL; *fail is set when memory runs out. */
static char *dup_or_fail(const char *s, size_t n, int *fail)
{
    char *d = s ? bk_strndup(s, n) : NULL;
    if (s && !d)
        *fail = 1;
    return d;
}
#define DUP(s, fail) dup_or_fail((s), (s) ? strlen(s) : 0, (fail))

static char **strings_copy(char *const *v, size_t n, int *fail)
{
    char **d = n ? calloc(n, sizeof(*d)) : NULL;
    if (n && !d)
        *fail = 1;
    for (size_t i = 0; d && i < n; i++)
        d[i] = DUP(v[i], fail);
    return d;
}

static void block_copy(bk_block *d, const bk_block *s, int *fail);

static bk_table *table_copy(const bk_table *t, int *fail)
{
    size_t nc = t->nrows * t->ncols;
    bk_table *d = calloc(1, sizeof(*d));
    if (!d || !(d->cells = calloc(nc ? nc : 1, sizeof(*d->cells))) ||
        !(d->head = calloc(t->nrows ? t->nrows : 1, 1))) {
        *fail = 1;
        bk_table_free(d);
        return NULL;
    }
    d->nrows = t->nrows;
    d->ncols = t->ncols;
    if (t->head)
        memcpy(d->head, t->head, t->nrows);
    for (size_t i = 0; i < nc; i++)
        block_copy(&d->cells[i], &t->cells[i], fail);
    return d;
}

static void events_copy(bk_block *d, const bk_block *s, int *fail)
{
    d->events = calloc(s->nevents, sizeof(*d->events));
    d->nevents = d->events ? s->nevents : 0;
    if (!d->events)
        *fail = 1;
    for (size_t i = 0; i < d->nevents; i++) {
        const bk_flow_event *se = &s->events[i];
        bk_flow_event *de = &d->events[i];
        *de = (bk_flow_event){.from = DUP(se->from, fail), .to = DUP(se->to, fail),
                              .uncertain = se->uncertain, .label = DUP(se->label, fail),
                              .note = DUP(se->note, fail)};
        if (!se->ndates)
            continue;
        de->date_when = calloc(se->ndates, sizeof(char *));
        de->date_source = calloc(se->ndates, sizeof(char *));
        if (!de->date_when || !de->date_source) {
            *fail = 1;
            continue;
        }
        de->ndates = se->ndates;
        for (size_t k = 0; k < se->ndates; k++) {
            de->date_when[k] = DUP(se->date_when[k], fail);
            de->date_source[k] = DUP(se->date_source[k], fail);
        }
    }
}

/* Every pointer of d is its own (or NULL) even when *fail is set, so that
 * block_free can free it. */
static void block_copy(bk_block *d, const bk_block *s, int *fail)
{
    *d = *s;
    d->file = DUP(s->file, fail);
    d->lang = DUP(s->lang, fail);
    d->text = dup_or_fail(s->text, s->len, fail);
    d->label = DUP(s->label, fail);
    d->id = DUP(s->id, fail);
    d->range_from = DUP(s->range_from, fail);
    d->range_to = DUP(s->range_to, fail);
    d->detail_from = DUP(s->detail_from, fail);
    d->detail_to = DUP(s->detail_to, fail);
    d->map = DUP(s->map, fail);
    d->map_root = DUP(s->map_root, fail);
    d->table = s->table ? table_copy(s->table, fail) : NULL;
    d->spans = s->nspans ? calloc(s->nspans, sizeof(*d->spans)) : NULL;
    d->nspans = d->spans ? s->nspans : 0;
    if (s->nspans && !d->spans)
        *fail = 1;
    for (size_t k = 0; k < d->nspans; k++)
        d->spans[k] = (bk_span){s->spans[k].start, s->spans[k].end,
                                DUP(s->spans[k].lang, fail)};
    d->cites = s->ncites ? calloc(s->ncites, sizeof(*d->cites)) : NULL;
    d->ncites = d->cites ? s->ncites : 0;
    if (s->ncites && !d->cites)
        *fail = 1;
    for (size_t k = 0; k < d->ncites; k++)
        d->cites[k] = (bk_cite){s->cites[k].start, s->cites[k].end,
                                DUP(s->cites[k].target, fail), DUP(s->cites[k].note, fail)};
    d->events = NULL;
    d->nevents = 0;
    if (s->nevents)
        events_copy(d, s, fail);
}

int bk_flow_strings_fill(bk_flow *f, const bk_layout *l)
{
    size_t keep = 0;
    for (size_t i = 0; i < f->n; i++) {
        bk_block *b = &f->blocks[i];
        if (b->string && b->len == 0) {
            const char *v = l ? bk_layout_string(l, b->string, b->lang) : NULL;
            if (!v || !*v) {
                block_free(b); /* no words for it: no heading */
                continue;
            }
            char *t = bk_strdup(v);
            if (!t) {
                for (size_t k = i; k < f->n; k++) /* keep the rest whole */
                    f->blocks[keep++] = f->blocks[k];
                f->n = keep;
                return -1;
            }
            free(b->text);
            b->text = t;
            b->len = strlen(t);
        }
        f->blocks[keep++] = *b;
    }
    f->n = keep;
    return 0;
}

bk_flow *bk_flow_copy(const bk_flow *f)
{
    int fail = 0;
    bk_flow *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->title = DUP(f->title, &fail);
    d->lang = DUP(f->lang, &fail);
    d->file = DUP(f->file, &fail);
    d->sources = strings_copy(f->sources, f->nsources, &fail);
    d->nsources = d->sources ? f->nsources : 0;
    d->langs = strings_copy(f->langs, f->nlangs, &fail);
    d->nlangs = d->langs ? f->nlangs : 0;
    d->blocks = calloc(f->n ? f->n : 1, sizeof(*d->blocks));
    d->cap = d->blocks ? (f->n ? f->n : 1) : 0;
    if (!d->blocks)
        fail = 1;
    for (; d->blocks && d->n < f->n; d->n++)
        block_copy(&d->blocks[d->n], &f->blocks[d->n], &fail);
    if (fail) {
        bk_flow_free(d);
        return NULL;
    }
    return d;
}
