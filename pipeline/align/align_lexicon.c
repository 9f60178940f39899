/* align_lexicon.c — the words anchors are made of: each language's date
 * patterns, month names and number words (its message catalog), and the
 * names of a glossary and of a places file (see align.h).
 */
#include "align_private.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "messages.h"
#include "xml.h"

bk_lexicon *bk_lexicon_new(void) { return calloc(1, sizeof(bk_lexicon)); }

static void pattern_free(lex_pattern *p)
{
    for (int k = 0; k < p->n; k++)
        free(p->t[k].lit);
}

void bk_lexicon_free(bk_lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->nlangs; i++) {
        lex_lang *l = &lx->langs[i];
        free(l->lang);
        for (int k = 0; k < l->npats; k++)
            pattern_free(&l->pats[k]);
        for (size_t k = 0; k < l->nwords; k++)
            free(l->words[k].word);
        free(l->words);
    }
    free(lx->langs);
    for (size_t i = 0; i < lx->nnames; i++) {
        free(lx->names[i].text);
        free(lx->names[i].key);
    }
    free(lx->names);
    free(lx);
}

/* Parses a catalog date pattern ("ngày {day} tháng {month} năm {year}")
 * into tokens. Returns 0, or -1 on OOM or a pattern too long. */
static int pattern_parse(const char *s, lex_pattern *p)
{
    static const struct {
        const char *name;
        int kind;
    } ph[] = {{"{day}", T_DAY}, {"{month}", T_MONTH}, {"{monthname}", T_MNAME},
              {"{year}", T_YEAR}};
    memset(p, 0, sizeof *p);
    while (*s) {
        if (p->n == LEX_MAX_TOKENS)
            return -1;
        int kind = -1;
        size_t len = 0;
        for (size_t k = 0; k < sizeof ph / sizeof *ph && kind < 0; k++)
            if (strncmp(s, ph[k].name, strlen(ph[k].name)) == 0) {
                kind = ph[k].kind;
                len = strlen(ph[k].name);
            }
        if (kind >= 0) {
            p->t[p->n++].kind = kind;
            s += len;
            continue;
        }
        len = 1;
        while (s[len] && s[len] != '{')
            len++;
        p->t[p->n].kind = T_LIT;
        p->t[p->n].lit = strndup(s, len);
        if (!p->t[p->n++].lit)
            return -1;
        s += len;
    }
    return 0;
}

/* 1 when a pattern cannot match any number: two placeholders, or a
 * literal that is not only spaces. */
static int distinctive(const lex_pattern *p)
{
    int places = 0, lit = 0;
    for (int k = 0; k < p->n; k++) {
        if (p->t[k].kind != T_LIT)
            places++;
        else
            lit |= strspn(p->t[k].lit, " ") < strlen(p->t[k].lit);
    }
    return places >= 2 || (places == 1 && lit);
}

/* Removes the token of `kind` (or `kind2`) and the literal joining it to the
 * rest ("ngày {day} tháng {month} năm {year}" → "ngày {day} tháng {month}",
 * "{year}年{month}月{day}日" → "{month}月{day}日"). Returns 1 when what is left
 * is still distinctive (two placeholders, or a literal that is not only
 * spaces), else 0 (p is then left as it was). */
static int pattern_drop(const lex_pattern *src, lex_pattern *p, int kind, int kind2)
{
    int y = -1, places = 0, lit = 0;
    for (int k = 0; k < src->n; k++)
        if (src->t[k].kind == kind || src->t[k].kind == kind2)
            y = k;
    if (y < 0 || src->n < 2)
        return 0;
    int from = y, to = y; /* the tokens removed */
    if (y == src->n - 1 && y > 0 && src->t[y - 1].kind == T_LIT)
        from = y - 1;
    else if (y == 0 && src->t[1].kind == T_LIT)
        to = 1;
    memset(p, 0, sizeof *p);
    for (int k = 0; k < src->n; k++) {
        if (k >= from && k <= to)
            continue;
        p->t[p->n].kind = src->t[k].kind;
        if (src->t[k].lit) {
            p->t[p->n].lit = strdup(src->t[k].lit);
            if (!p->t[p->n].lit) {
                p->n++;
                pattern_free(p);
                return 0;
            }
            lit |= strspn(src->t[k].lit, " ") < strlen(src->t[k].lit);
        } else {
            places++;
        }
        p->n++;
    }
    if (places >= 2 || (places == 1 && lit))
        return 1;
    pattern_free(p);
    memset(p, 0, sizeof *p);
    return 0;
}

static int word_add(lex_lang *l, const char *w, size_t len, int value, int kind)
{
    if (!len)
        return 0;
    if (l->nwords == l->capwords) {
        size_t cap = l->capwords ? 2 * l->capwords : 32;
        lex_word *p = realloc(l->words, cap * sizeof *p);
        if (!p)
            return -1;
        l->words = p;
        l->capwords = cap;
    }
    char *d = strndup(w, len);
    if (!d)
        return -1;
    l->words[l->nwords++] = (lex_word){d, len, value, kind};
    return 0;
}

/* Adds the '|'-separated words of message `id` as words of `kind`. */
static int words_from(lex_lang *l, const bk_messages *m, const char *id, int value, int kind)
{
    const char *s = bk_messages_get(m, id);
    while (s && *s) {
        size_t len = strcspn(s, "|");
        if (word_add(l, s, len, value, kind) < 0)
            return -1;
        s += len + (s[len] == '|');
    }
    return 0;
}

static int lang_fill(lex_lang *l, const bk_messages *m)
{
    static const char *const ids[] = {"date.day", "date.month", "date.year"};
    char id[48];
    for (size_t k = 0; k < 3; k++) {
        const char *pat = bk_messages_get(m, ids[k]);
        if (!pat || l->npats + 3 > LEX_MAX_PATTERNS)
            continue;
        if (pattern_parse(pat, &l->pats[l->npats]) < 0) {
            pattern_free(&l->pats[l->npats]);
            return -1;
        }
        if (!distinctive(&l->pats[l->npats])) { /* "{year}": any number */
            pattern_free(&l->pats[l->npats]);
            continue;
        }
        l->npats++;
        if (!pattern_drop(&l->pats[l->npats - 1], &l->pats[l->npats], T_YEAR, T_YEAR))
            continue;
        l->npats++;
        /* a day alone ("21日", "ngày 21"): its month and year from before */
        if (k == 0 && l->npats < LEX_MAX_PATTERNS &&
            pattern_drop(&l->pats[l->npats - 1], &l->pats[l->npats], T_MONTH, T_MNAME))
            l->npats++;
    }
    for (int mo = 1; mo <= 12; mo++) {
        snprintf(id, sizeof id, "date.month.long.%d", mo);
        if (words_from(l, m, id, mo, W_MONTH) < 0)
            return -1;
        snprintf(id, sizeof id, "date.month.short.%d", mo);
        if (words_from(l, m, id, mo, W_MONTH) < 0)
            return -1;
    }
    for (int e = 1; e <= 12; e++) {
        snprintf(id, sizeof id, "number.factor.%d", e);
        if (words_from(l, m, id, e, W_FACTOR) < 0)
            return -1;
    }
    return 0;
}

bk_status bk_lexicon_add_language(bk_ctx *ctx, bk_lexicon *lx, const char *root,
                                  const char *lang)
{
    for (size_t i = 0; i < lx->nlangs; i++)
        if (strcmp(lx->langs[i].lang, lang) == 0)
            return BK_OK;
    bk_messages *m = NULL;
    bk_status st = root ? bk_messages_load(ctx, root, lang, &m) : BK_OK;
    if (st != BK_OK)
        return st;
    if (lx->nlangs == lx->caplangs) {
        size_t cap = lx->caplangs ? 2 * lx->caplangs : 4;
        lex_lang *p = realloc(lx->langs, cap * sizeof *p);
        if (!p)
            goto oom;
        lx->langs = p;
        lx->caplangs = cap;
    }
    lex_lang *l = &lx->langs[lx->nlangs];
    memset(l, 0, sizeof *l);
    l->lang = strdup(lang);
    if (!l->lang)
        goto oom;
    lx->nlangs++;
    if (m && lang_fill(l, m) < 0)
        goto oom;
    bk_messages_free(m);
    return BK_OK;
oom:
    bk_messages_free(m);
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

const lex_lang *bk_lexicon_lang(const bk_lexicon *lx, const char *lang)
{
    for (size_t i = 0; lx && lang && i < lx->nlangs; i++)
        if (strcmp(lx->langs[i].lang, lang) == 0)
            return &lx->langs[i];
    for (size_t i = 0; lx && lang && i < lx->nlangs; i++)
        if (bk_lang_same_language(lx->langs[i].lang, lang))
            return &lx->langs[i];
    return NULL;
}

static int name_add(bk_lexicon *lx, const char *text, const char *key)
{
    size_t len = strlen(text);
    while (len && text[len - 1] == ' ')
        len--;
    while (len && *text == ' ') {
        text++;
        len--;
    }
    if (len < 2)
        return 0;
    if (lx->nnames == lx->capnames) {
        size_t cap = lx->capnames ? 2 * lx->capnames : 64;
        lex_name *p = realloc(lx->names, cap * sizeof *p);
        if (!p)
            return -1;
        lx->names = p;
        lx->capnames = cap;
    }
    lex_name *n = &lx->names[lx->nnames];
    n->text = strndup(text, len);
    n->key = strdup(key);
    n->len = len;
    n->latin = (unsigned char)text[0] < 0x80 ||
               ((unsigned char)text[0] >= 0xc3 && (unsigned char)text[0] <= 0xc9);
    if (!n->text || !n->key) {
        free(n->text);
        free(n->key);
        return -1;
    }
    lx->nnames++;
    return 0;
}

/* Adds the text of each `child` element under `n` as a name of `key`;
 * recurses to find `entry` elements (their key in attribute `keyattr`). */
static int names_walk(bk_lexicon *lx, const bk_node *n, const char *entry,
                      const char *keyattr, const char *child, const char *key)
{
    for (const bk_node *c = n->first; c; c = c->next) {
        if (!c->name)
            continue;
        const char *k = key;
        if (strcmp(c->name, entry) == 0)
            k = bk_node_get_attr(c, keyattr);
        if (k && key && strcmp(c->name, child) == 0) {
            char *t = bk_node_text_content(c);
            int r = t ? name_add(lx, t, key) : -1;
            free(t);
            if (r < 0)
                return -1;
            continue;
        }
        if (names_walk(lx, c, entry, keyattr, child, k) < 0)
            return -1;
    }
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    const lex_name *x = a, *y = b;
    int c = (unsigned char)x->text[0] - (unsigned char)y->text[0];
    return c ? c : strcmp(x->text, y->text);
}

/* Sorts the names by their first byte and indexes them. */
static void names_index(bk_lexicon *lx)
{
    if (lx->nnames)
        qsort(lx->names, lx->nnames, sizeof *lx->names, name_cmp);
    size_t k = 0;
    for (size_t c = 0; c <= 256; c++) {
        while (c < 256 && k < lx->nnames && (unsigned char)lx->names[k].text[0] < c)
            k++;
        lx->first[c] = c == 256 ? lx->nnames : k;
    }
}

bk_status bk_lexicon_add_glossary(bk_ctx *ctx, bk_lexicon *lx, const char *path)
{
    bk_node *doc = NULL;
    bk_status st = bk_xml_read_schema(ctx, "glossary", path, &doc);
    if (st == BK_OK && names_walk(lx, doc, "entry", "key", "term", NULL) < 0)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    names_index(lx);
    bk_node_free(doc);
    return st;
}

bk_status bk_lexicon_add_places(bk_ctx *ctx, bk_lexicon *lx, const char *path)
{
    bk_node *doc = NULL;
    bk_status st = bk_xml_read(ctx, path, &doc);
    if (st == BK_OK && names_walk(lx, doc, "place", "xml:id", "placeName", NULL) < 0)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    names_index(lx);
    bk_node_free(doc);
    return st;
}
