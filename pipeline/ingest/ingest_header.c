/* ingest_header.c — the teiHeader of ingest: title, source file and checksum,
 * declarations, languages and the list of changes.
 */
#include "ingest_private.h"

#include <stdio.h>
#include <string.h>

static bk_node *el_text(builder *b, bk_node *parent, const char *name,
                        const char *text)
{
    bk_node *e = bk_ingest_add_el(b, parent, name, NULL);
    if (e && text && bk_ingest_add_text(b, e, text, strlen(text)) < 0)
        return NULL;
    return e;
}

/* fileDesc: the title (from the text or the catalog), the source file name,
 * SHA-256 and origin. */
static void header_file_desc(ingest *g, builder *b, bk_node *hdr)
{
    bk_node *fd = bk_ingest_add_el(b, hdr, "fileDesc", NULL);
    bk_node *ts = fd ? bk_ingest_add_el(b, fd, "titleStmt", NULL) : NULL;
    const char *title = g->title ? g->title : g->cat_title;
    bk_node *t = ts ? el_text(b, ts, "title", title ? title : bk_ingest_base_name(g->src))
                    : NULL;
    if (t && title)
        bk_ingest_set_attr(b, t, "xml:lang", g->lang);
    bk_node *ps = fd ? bk_ingest_add_el(b, fd, "publicationStmt", NULL) : NULL;
    if (ps)
        el_text(b, ps, "p",
                "Made by booklet ingest from a plain-text source, for "
                "printing booklets; not separately published.");
    bk_node *sd = fd ? bk_ingest_add_el(b, fd, "sourceDesc", NULL) : NULL;
    bk_node *bibl = sd ? bk_ingest_add_el(b, sd, "bibl", NULL) : NULL;
    if (bibl) {
        if (g->cat_title) {
            bk_node *bt = el_text(b, bibl, "title", g->cat_title);
            if (bt)
                bk_ingest_set_attr(b, bt, "xml:lang", g->lang);
        }
        bk_node *idf = el_text(b, bibl, "idno", bk_ingest_base_name(g->src));
        if (idf)
            bk_ingest_set_attr(b, idf, "type", "file");
        bk_node *ids = el_text(b, bibl, "idno", g->sha);
        if (ids)
            bk_ingest_set_attr(b, ids, "type", "sha256");
        if (g->cat_origin)
            el_text(b, bibl, "note", g->cat_origin);
    }
}

/* encodingDesc: the generic normalisations and each declared rule, with
 * an id. */
static void header_encoding_desc(ingest *g, builder *b, bk_node *hdr)
{
    char id[160];
    bk_buf d = {0};
    bk_node *ed = bk_ingest_add_el(b, hdr, "encodingDesc", NULL);
    bk_node *decl = ed ? bk_ingest_add_el(b, ed, "editorialDecl", NULL) : NULL;
    snprintf(id, sizeof id, "%s.norm", g->idp);
    bk_node *nz = decl ? bk_ingest_add_el(b, decl, "normalization", id) : NULL;
    if (nz)
        el_text(b, nz, "p",
                "Generic normalisations of booklet ingest: the source is "
                "checked to be UTF-8; a byte order mark is removed; CRLF "
                "and CR line ends become LF; the text is put in Unicode "
                "Normalization Form C. Structure (title, headings, "
                "paragraphs, lists, hatnotes, captions, quotations, "
                "citation marks, foreign-script spans) is marked up "
                "without changing the text; only the markers it replaces "
                "(blank lines, indentation, list numbers, kept in @n) are "
                "dropped. Each change made is listed in revisionDesc.");
    snprintf(id, sizeof id, "%s.rules", g->idp);
    bk_node *corr = decl ? bk_ingest_add_el(b, decl, "correction", id) : NULL;
    if (corr) {
        bk_buf_release(&d);
        if (g->rules && g->rules->n) {
            size_t nr = g->rules->n;
            bk_buf_printf(&d, "Declared rules: %s (SHA-256 %s), %zu rule%s, "
                              "applied in this order.",
                          bk_ingest_base_name(g->rules->path), g->rules->sha256, nr,
                          nr == 1 ? "" : "s");
        } else if (g->rules) {
            bk_buf_printf(&d, "Rules file %s (SHA-256 %s) declares no "
                              "rules: no declared edits.",
                          bk_ingest_base_name(g->rules->path), g->rules->sha256);
        } else {
            bk_buf_puts(&d, "No rules file: no declared edits.");
        }
        el_text(b, corr, "p", d.data);
        for (size_t k = 0; g->rules && k < g->rules->n; k++) {
            const bk_rule *r = &g->rules->v[k];
            snprintf(id, sizeof id, "%s.rule.%s", g->idp, r->id);
            bk_node *p = bk_ingest_add_el(b, corr, "p", id);
            if (!p || bk_ingest_add_text(b, p, r->source, strlen(r->source)) < 0)
                break;
        }
    }
    bk_buf_release(&d);
}

/* profileDesc: the language, and those of foreign spans. */
static void header_profile_desc(ingest *g, builder *b, bk_node *hdr, bk_node *tei)
{
    bk_node *pd = bk_ingest_add_el(b, hdr, "profileDesc", NULL);
    bk_node *lu = pd ? bk_ingest_add_el(b, pd, "langUsage", NULL) : NULL;
    bk_node *lang = lu ? el_text(b, lu, "language", bk_ingest_lang_name(g->lang)) : NULL;
    if (lang)
        bk_ingest_set_attr(b, lang, "ident", g->lang);
    /* the languages of foreign spans, once each */
    if (lu) {
        for (bk_node *f = bk_node_find(tei, "foreign"); f;) {
            const char *fl = bk_node_get_attr(f, "xml:lang");
            int seen = 0;
            for (bk_node *x = bk_node_child(lu, "language"); x;
                 x = bk_node_next_element(x, "language"))
                seen |= strcmp(bk_node_get_attr(x, "ident"), fl) == 0;
            if (!seen) {
                bk_node *x = el_text(b, lu, "language", bk_ingest_lang_name(fl));
                if (x)
                    bk_ingest_set_attr(b, x, "ident", fl);
            }
            /* next foreign in document order */
            bk_node *nx = NULL;
            for (bk_node *c = f; c && !nx; c = c->parent) {
                for (bk_node *sib = c->next; sib && !nx; sib = sib->next)
                    nx = bk_node_find(sib, "foreign");
            }
            f = nx;
        }
    }
}

/* The change element of the rule of g->changes.v[i], when i is the rule's
 * first match: one element per rule, its n listing the line:column of
 * every match (a rule applied 200 times is one element, not 200), then the
 * rule's summary of further matches past the log's limit, if any. */
static void header_rule_change(ingest *g, builder *b, bk_node *lc, size_t i)
{
    const bk_change *c = &g->changes.v[i];
    char id[160], pos[48];
    for (size_t k = 0; k < i; k++)
        if (g->changes.v[k].rule == c->rule)
            return; /* listed with its rule's first match */
    bk_buf n = {0}, d = {0};
    const bk_change *more = NULL;
    for (size_t k = i; k < g->changes.n; k++) {
        const bk_change *e = &g->changes.v[k];
        if (e->rule != c->rule)
            continue;
        long l, col;
        bk_ingest_norm_position(g, e->origin, &l, &col);
        if (!e->before) {
            more = e;
            snprintf(pos, sizeof pos, "%ld:%ld", l, col);
            continue;
        }
        if (bk_buf_printf(&n, "%s%ld:%ld", n.len ? " " : "", l, col) != 0)
            b->st = bk_ingest_oom(g);
    }
    snprintf(id, sizeof id, "#%s.rule.%s", g->idp, c->rule->id);
    bk_node *ch = n.len ? bk_ingest_add_el(b, lc, "change", NULL) : NULL;
    if (ch) {
        bk_ingest_set_attr(b, ch, "type", "rule");
        bk_ingest_set_attr(b, ch, "corresp", id);
        bk_ingest_set_attr(b, ch, "n", n.data);
        bk_node *o = el_text(b, ch, "orig", c->before);
        bk_ingest_add_text(b, ch, " → ", strlen(" → "));
        bk_node *r = el_text(b, ch, "reg", c->after);
        if (o && r) {
            bk_ingest_set_attr(b, o, "xml:lang", g->lang);
            bk_ingest_set_attr(b, r, "xml:lang", g->lang);
        }
    }
    bk_node *mc = more ? bk_ingest_add_el(b, lc, "change", NULL) : NULL;
    if (mc && bk_buf_printf(&d, "%zu more matches of this rule from here on, not "
                                "listed one by one", more->more) == 0) {
        bk_ingest_set_attr(b, mc, "type", "rule");
        bk_ingest_set_attr(b, mc, "corresp", id);
        bk_ingest_set_attr(b, mc, "n", pos);
        bk_ingest_add_text(b, mc, d.data, d.len);
    }
    bk_buf_release(&n);
    bk_buf_release(&d);
}

/* revisionDesc: every change made (normalisations, rule matches, marks)
 * with its line:column in the source. */
static void header_revision_desc(ingest *g, builder *b, bk_node *hdr)
{
    char id[160], pos[48];
    bk_buf d = {0};
    size_t nchanges = g->nnchanges + g->changes.n;
    for (size_t i = 0; i < g->nl; i++)
        nchanges += g->lines[i].mark != NULL;
    if (nchanges && b->st == BK_OK) {
        bk_node *rd = bk_ingest_add_el(b, hdr, "revisionDesc", NULL);
        bk_node *lc = rd ? bk_ingest_add_el(b, rd, "listChange", NULL) : NULL;
        for (size_t i = 0; lc && i < g->nnchanges && b->st == BK_OK; i++) {
            norm_change *c = &g->nchanges[i];
            bk_node *ch = bk_ingest_add_el(b, lc, "change", NULL);
            if (!ch)
                break;
            bk_ingest_set_attr(b, ch, "type", "normalization");
            bk_ingest_set_attr(b, ch, "subtype", c->kind);
            snprintf(id, sizeof id, "#%s.norm", g->idp);
            bk_ingest_set_attr(b, ch, "corresp", id);
            if (c->line) {
                snprintf(pos, sizeof pos, "%ld:%ld", c->line, c->col);
                bk_ingest_set_attr(b, ch, "n", pos);
            }
            if (c->text) {
                bk_ingest_add_text(b, ch, c->text, strlen(c->text));
            } else {
                bk_node *o = el_text(b, ch, "orig", c->before);
                bk_ingest_add_text(b, ch, " → ", strlen(" → "));
                bk_node *r = el_text(b, ch, "reg", c->after);
                if (o && r) {
                    bk_ingest_set_attr(b, o, "xml:lang", g->lang);
                    bk_ingest_set_attr(b, r, "xml:lang", g->lang);
                }
            }
        }
        for (size_t i = 0; lc && i < g->changes.n && b->st == BK_OK; i++)
            header_rule_change(g, b, lc, i);
        for (size_t i = 0; lc && i < g->nl && b->st == BK_OK; i++) {
            text_line *L = &g->lines[i];
            if (!L->mark)
                continue;
            bk_node *ch = bk_ingest_add_el(b, lc, "change", NULL);
            if (!ch)
                break;
            bk_ingest_set_attr(b, ch, "type", "mark");
            snprintf(id, sizeof id, "#%s.rule.%s", g->idp, L->mark->id);
            bk_ingest_set_attr(b, ch, "corresp", id);
            snprintf(pos, sizeof pos, "%ld:1", L->no);
            bk_ingest_set_attr(b, ch, "n", pos);
            bk_buf_release(&d);
            bk_buf_printf(&d, "line %ld marked as %s", L->no,
                          bk_ingest_role_names[L->role]);
            bk_ingest_add_text(b, ch, d.data, d.len);
        }
    }
    bk_buf_release(&d);
}

bk_status bk_ingest_build_header(ingest *g, bk_node *tei)
{
    /* Steps: fileDesc (title from the text or the catalog; the source file
     * name, SHA-256 and origin), encodingDesc (the generic normalisations
     * and each declared rule, with an id), profileDesc (languages), and
     * revisionDesc listing every change made (normalisations, rule
     * matches, marks) with its line:column in the source. */
    builder bb = {.g = g, .st = BK_OK}, *b = &bb;
    bk_node *hdr = bk_node_new_element("teiHeader");
    if (!hdr)
        return bk_ingest_oom(g);
    bk_ingest_node_prepend(tei, hdr); /* the header goes before the text */
    bk_ingest_set_attr(b, hdr, "xml:lang", "en");
    header_file_desc(g, b, hdr);
    header_encoding_desc(g, b, hdr);
    header_profile_desc(g, b, hdr, tei);
    header_revision_desc(g, b, hdr);
    return b->st;
}

