/* ingest_report.c — the human-readable --report text of ingest.
 */
#include "ingest_private.h"

#include <string.h>

/* Where the text, its language, rules and title came from. */
static void report_sources(ingest *g, bk_buf *r)
{
    bk_buf_printf(r, "booklet ingest: %s\n", g->src);
    bk_buf_printf(r, "  sha256    %s\n", g->sha);
    bk_buf_printf(r, "  language  %s (%s)\n", g->lang,
                  strcmp(g->lang_from, "option") == 0 ? "from --lang"
                                                      : g->catalog_path);
    if (g->rules)
        bk_buf_printf(r, "  rules     %s (%zu rule%s, %s)\n", g->rules->path,
                      g->rules->n, g->rules->n == 1 ? "" : "s",
                      strcmp(g->rules_from, "option") == 0 ? "from --rules"
                      : strcmp(g->rules_from, "catalog") == 0
                          ? "from the catalog"
                          : g->rules_from);
    else
        bk_buf_puts(r, "  rules     none\n");
    if (g->title_line)
        bk_buf_printf(r, "  title     %s (line %ld)\n", g->title ? g->title : "",
                      g->title_line);
    else
        bk_buf_printf(r, "  title     %s (%s)\n",
                      g->cat_title ? g->cat_title : bk_ingest_base_name(g->src),
                      g->cat_title ? "from the catalog: the text has no "
                                     "title line"
                                   : "the file name: no title line and no "
                                     "catalog title");
}

/* The generic normalisations. */
static void report_normalisations(ingest *g, bk_buf *r)
{
    bk_buf_puts(r, "\ngeneric normalisations:\n");
    bk_buf_printf(r, "  byte order mark  %s\n",
                  g->had_bom ? "removed" : "none");
    if (g->crlf || g->cr)
        bk_buf_printf(r, "  line ends        %zu CRLF, %zu CR -> LF\n", g->crlf,
                      g->cr);
    else
        bk_buf_puts(r, "  line ends        LF (no change)\n");
    size_t nfc = 0;
    for (size_t i = 0; i < g->nnchanges; i++)
        nfc += strcmp(g->nchanges[i].kind, "nfc") == 0;
    bk_buf_printf(r, "  NFC              %s\n",
                  nfc ? "changed the lines below" : "no change");
    for (size_t i = 0; i < g->nnchanges; i++) {
        norm_change *c = &g->nchanges[i];
        if (strcmp(c->kind, "nfc") == 0)
            bk_buf_printf(r, "    %ld:%ld  \"%s\" -> \"%s\"\n", c->line,
                          c->col, c->before, c->after);
    }
}

/* Every rule change with its position, and rules that matched nothing. */
static void report_changes(ingest *g, bk_buf *r)
{
    long l, col;
    size_t marks = 0;
    for (size_t i = 0; i < g->nl; i++)
        marks += g->lines[i].mark != NULL;
    bk_buf_printf(r, "\nrule changes (%zu):\n", g->changes.n + marks);
    if (g->changes.n + marks == 0)
        bk_buf_puts(r, "  none\n");
    for (size_t i = 0; i < g->changes.n; i++) {
        bk_change *c = &g->changes.v[i];
        bk_ingest_norm_position(g, c->origin, &l, &col);
        if (!c->before)
            bk_buf_printf(r, "  %ld:%ld  %s  and %zu more matches from here "
                             "on, not listed\n",
                          l, col, c->rule->id, c->more);
        else
            bk_buf_printf(r, "  %ld:%ld  %s  \"%s\" -> \"%s\"\n", l, col,
                          c->rule->id, c->before, c->after);
    }
    for (size_t i = 0; i < g->nl; i++)
        if (g->lines[i].mark)
            bk_buf_printf(r, "  %ld:1  %s  line marked as %s\n",
                          g->lines[i].no, g->lines[i].mark->id,
                          bk_ingest_role_names[g->lines[i].role]);
    /* rules that never applied deserve a look: stale or mistyped */
    for (size_t k = 0; g->rules && k < g->rules->n; k++) {
        const bk_rule *rule = &g->rules->v[k];
        int used = 0;
        for (size_t i = 0; i < g->changes.n && !used; i++)
            used = g->changes.v[i].rule == rule;
        for (size_t i = 0; i < g->nl && !used; i++)
            used = g->lines[i].mark == rule;
        if (!used)
            bk_buf_printf(r, "  (rule %s on line %ld of the rules file "
                             "matched nothing)\n",
                          rule->id, rule->src_line);
    }
}

/* The structure found, and the lines given a role. */
static void report_structure(ingest *g, bk_buf *r)
{
    counts *n = &g->cnt;
    bk_buf_printf(r,
                  "\nstructure (%s):\n"
                  "  %d section%s, %d paragraph%s, %d list%s (%d item%s), "
                  "%d hatnote%s, %d caption%s,\n"
                  "  %d quotation%s, %d citation mark%s, %d citation "
                  "note%s, %d foreign-script span%s\n",
                  g->wrapped ? "wrapped lines joined into paragraphs"
                             : "one paragraph per line",
                  n->sections, n->sections == 1 ? "" : "s", n->paragraphs,
                  n->paragraphs == 1 ? "" : "s", n->lists,
                  n->lists == 1 ? "" : "s", n->items, n->items == 1 ? "" : "s",
                  n->hatnotes, n->hatnotes == 1 ? "" : "s", n->captions,
                  n->captions == 1 ? "" : "s", n->quotes,
                  n->quotes == 1 ? "" : "s", n->citations,
                  n->citations == 1 ? "" : "s", n->notes,
                  n->notes == 1 ? "" : "s", n->foreign,
                  n->foreign == 1 ? "" : "s");
    for (size_t i = 0; i < g->nl; i++) {
        text_line *L = &g->lines[i];
        if (L->role == R_BLANK || L->role == R_PARA || L->role == R_ITEM ||
            L->role == R_NOTE)
            continue;
        bk_buf_printf(r, "  line %ld: %s", L->no, bk_ingest_role_names[L->role]);
        if (L->role == R_HEADING)
            bk_buf_printf(r, " (level %d)", L->level);
        bk_buf_printf(r, ": %.*s%s\n",
                      (int)(L->cend - L->cstart > 60 ? 60 : L->cend - L->cstart),
                      g->text.s + L->cstart,
                      L->cend - L->cstart > 60 ? "..." : "");
    }
}

/* The lint findings. */
static void report_lint(ingest *g, bk_buf *r)
{
    bk_buf_printf(r, "\nlint (%zu finding%s):\n", g->nlint,
                  g->nlint == 1 ? "" : "s");
    if (g->lint_report.len)
        bk_buf_append(r, g->lint_report.data, g->lint_report.len);
    else
        bk_buf_puts(r, "  nothing to report\n");
}

/* The --report text: where things came from, the normalisations, every
 * change with its position (and rules that matched nothing), the lines
 * given a role, and the lint findings. */
void bk_ingest_write_report(ingest *g, bk_buf *r)
{
    report_sources(g, r);
    report_normalisations(g, r);
    report_changes(g, r);
    report_structure(g, r);
    report_lint(g, r);
}

