/* ingest_text.c — structure, second half: the TEI text tree built from the
 * line roles (sections, paragraphs, lists, hatnotes, figures, notes).
 */
#include "ingest_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

/* Inserts child as the first child of parent. */
void bk_ingest_node_prepend(bk_node *parent, bk_node *child)
{
    child->parent = parent;
    child->prev = NULL;
    child->next = parent->first;
    if (parent->first)
        parent->first->prev = child;
    else
        parent->last = child;
    parent->first = child;
}

bk_node *bk_ingest_add_el(builder *b, bk_node *parent, const char *name,
                       const char *id)
{
    bk_node *e = bk_node_add_element(parent, name);
    if (!e || (id && bk_node_set_attr(e, "xml:id", id) < 0)) {
        b->st = bk_ingest_oom(b->g);
        return NULL;
    }
    return e;
}

int bk_ingest_set_attr(builder *b, bk_node *n, const char *k, const char *v)
{
    if (bk_node_set_attr(n, k, v) < 0) {
        b->st = bk_ingest_oom(b->g);
        return -1;
    }
    return 0;
}

int bk_ingest_add_text(builder *b, bk_node *n, const char *s, size_t len)
{
    if (bk_node_add_text(n, s, len) < 0) {
        b->st = bk_ingest_oom(b->g);
        return -1;
    }
    return 0;
}

/* FNV-1a (64 bits) of a paragraph's text with its white space collapsed:
 * the same words give the same hash however the lines were wrapped. */
static uint64_t para_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    int space = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = any;
            continue;
        }
        if (space) {
            h = (h ^ ' ') * 1099511628211ull;
            space = 0;
        }
        h = (h ^ c) * 1099511628211ull;
        any = 1;
    }
    return h;
}

/* The slots of hash h and of its prefix key k (open addressing, linear
 * probing; capseen is a power of two). */
static struct para_seen *seen_slot(struct para_seen *t, size_t cap, uint64_t h)
{
    size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);
    while (t[i].count && t[i].hash != h)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

static struct para_prefix *prefix_slot(struct para_prefix *t, size_t cap, uint32_t k)
{
    size_t i = (size_t)(k * 2654435761u) & (cap - 1);
    while (t[i].key && t[i].key != k)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/* Room for one more paragraph: the tables at most half full. 0 or -1. */
static int seen_grow(ingest *g)
{
    if (2 * (g->nseen + 1) <= g->capseen)
        return 0;
    size_t cap = g->capseen ? 2 * g->capseen : 64;
    struct para_seen *s = calloc(cap, sizeof *s);
    struct para_prefix *p = calloc(cap, sizeof *p);
    if (!s || !p) {
        free(s);
        free(p);
        return -1;
    }
    for (size_t i = 0; i < g->capseen; i++) {
        if (g->seen[i].count)
            *seen_slot(s, cap, g->seen[i].hash) = g->seen[i];
        if (g->prefixes[i].key)
            *prefix_slot(p, cap, g->prefixes[i].key) = g->prefixes[i];
    }
    free(g->seen);
    free(g->prefixes);
    g->seen = s;
    g->prefixes = p;
    g->capseen = cap;
    return 0;
}

/* The id of a paragraph, derived from its text alone ("en.p_k3f9q"), so that
 * inserting or removing a paragraph elsewhere changes no other id: five
 * base-32 digits of the hash (no 0/1/l/o); eight when another paragraph's
 * five digits are the same; "_2", "_3"… for a paragraph repeating an
 * earlier one word for word. Constant time per paragraph (hash tables), so
 * a text of many paragraphs stays linear. Returns 0 or -1 (OOM). */
static int para_id(ingest *g, const char *s, size_t n, char *id, size_t size)
{
    static const char digits[] = "abcdefghijkmnpqrstuvwxyz23456789";
    uint64_t h = para_hash(s, n);
    char d[14];
    for (int k = 0; k < 13; k++)
        d[k] = digits[(h >> (5 * k)) & 31];
    d[13] = '\0';
    if (seen_grow(g) != 0)
        return -1;
    struct para_seen *e = seen_slot(g->seen, g->capseen, h);
    struct para_prefix *p =
        prefix_slot(g->prefixes, g->capseen, (uint32_t)(h & 0x1ffffff) + 1);
    /* five digits shared with a paragraph of another text: eight */
    int width = p->key && (p->first != h || p->mixed) ? 8 : 5;
    int repeat = (int)e->count + 1;
    if (repeat > 1)
        snprintf(id, size, "%s.p_%.*s_%d", g->idp, width, d, repeat);
    else
        snprintf(id, size, "%s.p_%.*s", g->idp, width, d);
    if (!e->count) {
        e->hash = h;
        g->nseen++;
    }
    e->count++;
    if (!p->key) {
        p->key = (uint32_t)(h & 0x1ffffff) + 1;
        p->first = h;
    } else if (p->first != h) {
        p->mixed = 1;
    }
    return 0;
}

/* Quotation pairs; a same-character pair closes at the next occurrence. */
static bk_node *add_block(builder *b, bk_node *parent, const char *name,
                          const char *id, const char *s, size_t n)
{
    bk_node *e = bk_ingest_add_el(b, parent, name, id);
    if (!e)
        return NULL;
    e->line = b->line;
    inline_ids ids = {0, 0, 0};
    bk_ingest_add_inline(b, e, id, &ids, s, n, 0);
    return e;
}

/* Joins the content of lines [i, j) with a space, or nothing between two
 * CJK characters. */
static char *join_lines(ingest *g, size_t i, size_t j, size_t *len)
{
    bk_buf out = {0};
    const char *s = g->text.s;
    if (bk_buf_append(&out, "", 0) < 0)
        return NULL;
    for (size_t k = i; k < j; k++) {
        text_line *L = &g->lines[k];
        if (k > i && out.len > 0) {
            uint32_t a = bk_ingest_cp_before(out.data, 0, out.len);
            uint32_t c = bk_ingest_cp_at(s, L->cend, L->cstart);
            if (!(bk_unicode_is_cjk(a) && bk_unicode_is_cjk(c)) &&
                bk_buf_puts(&out, " ") < 0)
                goto fail;
        }
        if (bk_buf_append(&out, s + L->cstart, L->cend - L->cstart) < 0)
            goto fail;
    }
    *len = out.len;
    return out.data;
fail:
    bk_buf_release(&out);
    return NULL;
}

/* Refuses a block made of lines [i, j) (joined with one byte between
 * lines at most) whose text passes BK_MAX_PARAGRAPH_BYTES, at the source
 * position of the first character beyond the limit. */
static bk_status check_block_len(ingest *g, size_t i, size_t j)
{
    size_t total = 0;
    for (size_t k = i; k < j; k++) {
        const text_line *L = &g->lines[k];
        size_t n = L->cend - L->cstart;
        if (k > i)
            total++;
        size_t room = total < BK_MAX_PARAGRAPH_BYTES
                          ? BK_MAX_PARAGRAPH_BYTES - total
                          : 0;
        if (n > room) {
            size_t off = L->cstart + room;
            while (off > L->cstart &&
                   ((unsigned char)g->text.s[off] & 0xc0) == 0x80)
                off--;
            long line, col;
            bk_ingest_text_position(g, off, &line, &col);
            return bk_diag_error(
                g->ctx->diag, BK_EINPUT, g->src, line, col,
                "paragraph is longer than the limit of %u bytes (%u MiB); "
                "split it with a blank line",
                BK_MAX_PARAGRAPH_BYTES, BK_MAX_PARAGRAPH_BYTES >> 20);
        }
        total += n;
    }
    return BK_OK;
}

/* A hatnote: its prefix as text, each target as a ref. */
static void add_hatnote(builder *b, bk_node *parent, const char *s, size_t n)
{
    ingest *g = b->g;
    char id[64], rid[96];
    snprintf(id, sizeof id, "%s.n%d", g->idp, ++g->nn);
    bk_node *note = bk_ingest_add_el(b, parent, "note", id);
    if (!note || bk_ingest_set_attr(b, note, "type", "hatnote") < 0)
        return;
    size_t pl = bk_ingest_hatnote_prefix(s, n);
    while (pl < n && s[pl] == ' ')
        pl++;
    if (bk_ingest_add_text(b, note, s, pl) < 0)
        return;
    static const char *const seps[] = {", ", "; ", " and ", " và ", "、",
                                       "，", "；", NULL};
    int r = 0;
    for (size_t i = pl; i < n && b->st == BK_OK;) {
        size_t e = n, sl = 0;
        for (const char *const *sp = seps; *sp; sp++) {
            const char *f = NULL;
            size_t k = strlen(*sp);
            for (size_t j = i; j + k <= n; j++)
                if (memcmp(s + j, *sp, k) == 0) {
                    f = s + j;
                    break;
                }
            if (f && (size_t)(f - s) < e) {
                e = (size_t)(f - s);
                sl = k;
            }
        }
        snprintf(rid, sizeof rid, "%s.r%d", id, ++r);
        bk_node *ref = bk_ingest_add_el(b, note, "ref", rid);
        if (!ref || bk_ingest_add_text(b, ref, s + i, e - i) < 0)
            return;
        if (sl && bk_ingest_add_text(b, note, s + e, sl) < 0)
            return;
        i = e + sl;
    }
    g->cnt.hatnotes++;
}

/* A list from the item on line i: the following items of the same kind,
 * each with its indented continuation lines in wrapped text. Returns the
 * last line consumed. */
static size_t text_list(ingest *g, builder *b, bk_node *cur, size_t i)
{
    text_line *L = g->lines, *l = &L[i];
    char id[64], iid[96];
    snprintf(id, sizeof id, "%s.l%d", g->idp, ++g->nlist);
    bk_node *list = bk_ingest_add_el(b, cur, "list", id);
    if (!list || bk_ingest_set_attr(b, list, "type", l->bullet ? "bulleted"
                                                                  : "ordered") < 0)
        return i;
    g->cnt.lists++;
    int item = 0;
    size_t k = i;
    for (;;) {
        /* the item, plus indented continuation lines in wrapped
         * text */
        size_t e = k + 1;
        while (g->wrapped && e < g->nl && L[e].role == R_PARA &&
               L[e].indent > 0)
            e++;
        if ((b->st = check_block_len(g, k, e)) != BK_OK)
            return i;
        size_t jl = 0;
        char *joined = join_lines(g, k, e, &jl);
        if (!joined) {
            b->st = bk_ingest_oom(g);
            return i;
        }
        snprintf(iid, sizeof iid, "%s.i%d", id, ++item);
        b->line = L[k].no;
        bk_node *it = add_block(b, list, "item", iid, joined, jl);
        free(joined);
        if (!it || (!L[k].bullet && bk_ingest_set_attr(b, it, "n", L[k].num) < 0))
            break;
        g->cnt.items++;
        size_t q = bk_ingest_next_content(g, e - 1);
        if (q >= g->nl || L[q].role != R_ITEM ||
            L[q].bullet != L[k].bullet)
            break;
        k = q;
    }
    i = k;
    /* skip continuation lines consumed above */
    while (g->wrapped && i + 1 < g->nl && L[i + 1].role == R_PARA &&
           L[i + 1].indent > 0)
        i++;
    return i;
}

/* Citation notes: back/div[@type=notes], with their heading. */
static void text_notes(ingest *g, builder *b, bk_node *text)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    char id[64];
/* citation notes */
int have_notes = 0;
for (size_t i = 0; i < g->nl; i++)
    have_notes |= L[i].role == R_NOTE;
if (have_notes) {
    snprintf(id, sizeof id, "%s.back", g->idp);
    bk_node *back = bk_ingest_add_el(b, text, "back", id);
    snprintf(id, sizeof id, "%s.d%d", g->idp, ++g->nd);
    bk_node *div = back ? bk_ingest_add_el(b, back, "div", id) : NULL;
    if (!div || bk_ingest_set_attr(b, div, "type", "notes") < 0)
        return;
    for (size_t i = 0; i < g->nl && b->st == BK_OK; i++) {
        b->line = L[i].no;
        if (L[i].role == R_NOTES_HEAD) {
            snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
            add_block(b, div, "head", id, s + L[i].cstart,
                      L[i].cend - L[i].cstart);
        } else if (L[i].role == R_NOTE) {
            /* a repeated number keeps its first id */
            int dup = 0;
            for (size_t k = 0; k < i; k++)
                dup |= L[k].role == R_NOTE &&
                       strcmp(L[k].num, L[i].num) == 0;
            if (dup)
                snprintf(id, sizeof id, "%s.cit%s.l%ld", g->idp,
                         L[i].num, L[i].no);
            else
                snprintf(id, sizeof id, "%s.cit%s", g->idp, L[i].num);
            bk_node *note = add_block(b, div, "note", id,
                                      s + L[i].cstart,
                                      L[i].cend - L[i].cstart);
            if (note && (bk_ingest_set_attr(b, note, "type", "citation") < 0 ||
                         bk_ingest_set_attr(b, note, "n", L[i].num) < 0))
                break;
            g->cnt.notes++;
        }
    }
}
}

static bk_status build_text(ingest *g, bk_node *tei)
{
    /* Steps: text/body/div[@type=article] (the title line is its head);
     * walk the lines: headings open nested section divs, runs of items
     * make a list, hatnotes notes, captions figures, paragraph lines
     * paragraphs (joined per block in wrapped text); citation notes go
     * to back/div[@type=notes]. Every element gets an xml:id. */
    builder bb = {.g = g, .st = BK_OK}, *b = &bb;
    const char *s = g->text.s;
    text_line *L = g->lines;
    char id[64];
    bk_node *stack[16];
    int levels[16];
    int depth = 0;

    snprintf(id, sizeof id, "%s.text", g->idp);
    bk_node *text = bk_ingest_add_el(b, tei, "text", id);
    if (!text || bk_ingest_set_attr(b, text, "xml:lang", g->lang) < 0)
        return b->st;
    snprintf(id, sizeof id, "%s.body", g->idp);
    bk_node *body = bk_ingest_add_el(b, text, "body", id);
    snprintf(id, sizeof id, "%s.d%d", g->idp, ++g->nd);
    bk_node *article = body ? bk_ingest_add_el(b, body, "div", id) : NULL;
    if (!article || bk_ingest_set_attr(b, article, "type", "article") < 0)
        return b->st;
    stack[0] = article;
    levels[0] = 0;

    for (size_t i = 0; i < g->nl && b->st == BK_OK; i++) {
        text_line *l = &L[i];
        bk_node *cur = stack[depth];
        b->line = l->no;
        const char *c = s + l->cstart;
        size_t cn = l->cend - l->cstart;
        if ((b->st = check_block_len(g, i, i + 1)) != BK_OK)
            break;
        switch (l->role) {
        case R_BLANK:
        case R_NONE:
        case R_NOTE:
        case R_NOTES_HEAD:
            break;
        case R_TITLE: {
            /* a title declared on a later line still heads the article */
            snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
            bk_node *head = bk_node_new_element("head");
            if (!head || bk_node_set_attr(head, "xml:id", id) < 0) {
                bk_node_free(head);
                return bk_ingest_oom(g);
            }
            bk_ingest_node_prepend(article, head);
            inline_ids ids = {0, 0, 0};
            bk_ingest_add_inline(b, head, id, &ids, c, cn, 0);
            free(g->title);
            g->title = bk_strndup(c, cn);
            if (!g->title)
                return bk_ingest_oom(g);
            break;
        }
        case R_HEADING: {
            int lv = l->level < 1 ? 1 : l->level > 15 ? 15 : l->level;
            while (depth > 0 && levels[depth] >= lv)
                depth--;
            snprintf(id, sizeof id, "%s.d%d", g->idp, ++g->nd);
            bk_node *div = bk_ingest_add_el(b, stack[depth], "div", id);
            if (!div || bk_ingest_set_attr(b, div, "type", "section") < 0)
                break;
            stack[++depth] = div;
            levels[depth] = lv;
            snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
            add_block(b, div, "head", id, c, cn);
            g->cnt.sections++;
            g->cnt.headings++;
            break;
        }
        case R_HATNOTE:
            add_hatnote(b, cur, c, cn);
            break;
        case R_CAPTION: {
            snprintf(id, sizeof id, "%s.f%d", g->idp, ++g->nf);
            bk_node *fig = bk_ingest_add_el(b, cur, "figure", id);
            snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
            if (fig)
                add_block(b, fig, "head", id, c, cn);
            g->cnt.captions++;
            break;
        }
        case R_ITEM:
            i = text_list(g, b, cur, i);
            break;
        case R_PARA: {
            size_t e = i + 1;
            while (g->wrapped && e < g->nl && L[e].role == R_PARA)
                e++;
            if ((b->st = check_block_len(g, i, e)) != BK_OK)
                return b->st;
            size_t jl = 0;
            char *joined = join_lines(g, i, e, &jl);
            if (!joined)
                return bk_ingest_oom(g);
            ++g->np;
            if (para_id(g, joined, jl, id, sizeof id) < 0) {
                free(joined);
                return bk_ingest_oom(g);
            }
            add_block(b, cur, "p", id, joined, jl);
            free(joined);
            g->cnt.paragraphs++;
            i = e - 1;
            break;
        }
        }
    }
    if (b->st != BK_OK)
        return b->st;

    text_notes(g, b, text);
    return b->st;
}

bk_status bk_ingest_stage_structure(ingest *g, bk_node *tei)
{
    /* Steps: split the final text into lines, give each a role, build
     * the TEI text from the roles; the title falls back to the catalog. */
    bk_status st = bk_ingest_split_lines(g);
    if (st != BK_OK)
        return st;
    int any = 0;
    for (size_t i = 0; i < g->nl; i++)
        any |= g->lines[i].role != R_BLANK;
    if (!any)
        return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, 0, 0,
                             "the file contains no text");
    st = bk_ingest_classify(g);
    return st == BK_OK ? build_text(g, tei) : st;
}

