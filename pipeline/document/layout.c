/* layout.c — loading layout files (see layout.h). */
#include "lang.h"
#include "messages.h"
#include "layout.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <unistd.h>

#include "date.h"
#include "node.h"
#include "paths.h"
#include "srcpos.h"
#include "suggest.h"
#include "xml.h"

/* bk_node_get_attr, the first letters compared before the names: a
 * style's resolution asks some thirty attributes of each declaration,
 * most of which it does not have. */
static inline const char *attr_of(const bk_node *n, const char *name)
{
    if (!n || !name)
        return NULL;
    for (size_t i = 0; i < n->nattrs; i++) {
        const char *k = n->attrs[2 * i];
        if (k[0] == name[0] && strcmp(k, name) == 0)
            return n->attrs[2 * i + 1];
    }
    return NULL;
}

typedef struct style_decl {
    char *name, *lang; /* lang NULL = base style */
    const bk_node *node;
} style_decl;

typedef struct hyph_decl {
    char *lang;
    bk_hyphenation h;
} hyph_decl;

/* Catalogs loaded with a layout: one per language file. */
#define LAYOUT_MAX_CATALOGS 32

struct bk_layout {
    bk_parallel parallel;
    int has_parallel;
    bk_output_intent intent; /* intent.profile NULL: none */
    bk_part *parts;
    size_t nparts;
    bk_table_style table;
    bk_matter matter;
    hyph_decl *hyph;
    size_t nhyph;
    char *path;
    bk_node *root; /* kept: style declarations point into it */
    bk_page_geom page;
    char *fonts;
    style_decl *styles;
    size_t nstyles;
    /* the program's message catalogs (DATADIR/messages/NAME.xml): the words
     * a layout does not give itself */
    bk_messages *catalogs[LAYOUT_MAX_CATALOGS];
    size_t ncatalogs;
};

int bk_length_parse(const char *s, double em, double *pt)
{
    if (!s)
        return -1;
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v))
        return -1;
    while (*end == ' ')
        end++;
    double f;
    if (strcmp(end, "pt") == 0)
        f = 1.0;
    else if (strcmp(end, "mm") == 0)
        f = 72.0 / 25.4;
    else if (strcmp(end, "cm") == 0)
        f = 72.0 / 2.54;
    else if (strcmp(end, "in") == 0)
        f = 72.0;
    else if (strcmp(end, "em") == 0)
        f = em;
    else if (*end == '\0' && v == 0)
        f = 1.0; /* a bare 0 needs no unit */
    else
        return -1;
    *pt = v * f;
    return 0;
}

/* An error about attribute `attr` of element n: at the attribute's column
 * (found again in the file: the tree keeps lines only), else at the
 * element's line. */
static bk_status attr_error(bk_ctx *ctx, const char *file, const bk_node *n,
                            const char *attr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static bk_status attr_error(bk_ctx *ctx, const char *file, const bk_node *n,
                            const char *attr, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line = n->line;
    long col = file ? bk_srcpos_attr_col(file, &line, attr) : 0;
    return bk_diag_error(ctx->diag, BK_EINPUT, file, col ? line : n->line, col, "%s", msg);
}

/* Reads a length attribute; absent leaves *pt alone. */
static bk_status attr_length(bk_ctx *ctx, const char *file, const bk_node *n,
                             const char *name, double em, double *pt)
{
    const char *v = attr_of(n, name);
    if (!v)
        return BK_OK;
    if (bk_length_parse(v, em, pt) != 0)
        return attr_error(ctx, file, n, name,
                             "%s=\"%s\" is not a length (use pt, mm, cm, in "
                             "or em)",
                             name, v);
    return BK_OK;
}

static char *dir_join(const char *base_file, const char *rel)
{
    if (rel[0] == '/')
        return bk_strdup(rel);
    const char *slash = strrchr(base_file, '/');
    bk_buf b = {0};
    if (slash)
        bk_buf_append(&b, base_file, (size_t)(slash - base_file) + 1);
    bk_buf_puts(&b, rel);
    return b.data;
}

/* The file a layout element was written in: every top-level element
 * carries it as xml:base once read (layouts may extend others, so one
 * merged tree holds elements of several files); paths in attributes are
 * relative to it and errors name it. */
static const char *node_file(const bk_layout *l, const bk_node *n)
{
    for (; n && n->parent; n = n->parent) {
        const char *b = attr_of(n, "xml:base");
        if (b)
            return b;
    }
    return l->path;
}

/* Named trim sizes for <page size="...">, portrait, in mm (US sizes are
 * whole inches and half inches, so given in inches below). */
static const struct paper {
    const char *name;
    double w, h;
    int inch;
} PAPERS[] = {
    {"A3", 297, 420, 0}, {"A4", 210, 297, 0}, {"A5", 148, 210, 0},
    {"A6", 105, 148, 0}, {"B5", 176, 250, 0}, {"Letter", 8.5, 11, 1},
    {"Legal", 8.5, 14, 1},
};

static bk_status load_page(bk_ctx *ctx, bk_layout *l, const bk_node *pg)
{
    bk_page_geom *g = &l->page;
    /* A5 with modest margins unless the layout says otherwise; the same
     * arithmetic as bk_length_parse, so size="A5" equals width="148mm". */
    g->width = 148 * (72.0 / 25.4);
    g->height = 210 * (72.0 / 25.4);
    g->top = g->bottom = g->inner = g->outer = 15 * (72.0 / 25.4);
    g->folio = 10 * (72.0 / 25.4);
    g->bleed = 3 * (72.0 / 25.4);
    g->crop_offset = 3 * (72.0 / 25.4);
    g->crop_length = 10 * (72.0 / 25.4);
    if (!pg)
        return BK_OK;
    const char *size = attr_of(pg, "size");
    if (size) {
        size_t i = 0, n = sizeof PAPERS / sizeof *PAPERS;
        while (i < n && strcasecmp(size, PAPERS[i].name) != 0)
            i++;
        if (i == n)
            return attr_error(ctx, node_file(l, pg), pg, "size",
                                 "page size=\"%s\" is not known (use A3, A4, "
                                 "A5, A6, B5, Letter or Legal, or width and "
                                 "height)",
                                 size);
        double f = PAPERS[i].inch ? 72.0 : 72.0 / 25.4;
        g->width = PAPERS[i].w * f;
        g->height = PAPERS[i].h * f;
    }
    static const struct { const char *name; size_t off; } fields[] = {
        {"width", offsetof(bk_page_geom, width)},
        {"height", offsetof(bk_page_geom, height)},
        {"top", offsetof(bk_page_geom, top)},
        {"bottom", offsetof(bk_page_geom, bottom)},
        {"inner", offsetof(bk_page_geom, inner)},
        {"outer", offsetof(bk_page_geom, outer)},
        {"folio", offsetof(bk_page_geom, folio)},
        {"bleed", offsetof(bk_page_geom, bleed)},
        {"crop-offset", offsetof(bk_page_geom, crop_offset)},
        {"crop-length", offsetof(bk_page_geom, crop_length)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        double *v = (double *)((char *)g + fields[i].off);
        bk_status st = attr_length(ctx, node_file(l, pg), pg, fields[i].name, 12, v);
        if (st)
            return st;
        if (*v < 0)
            return attr_error(ctx, node_file(l, pg), pg, fields[i].name,
                                 "page %s must not be negative",
                                 fields[i].name);
    }
    /* 1 inch to 5 m: anything else is a typo, not a booklet. */
    if (g->width < 72 || g->height < 72 || g->width > 14400 || g->height > 14400)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, pg), pg->line, 0,
                             "page size %.1fx%.1fpt is out of range "
                             "(1in to 5m per side)",
                             g->width, g->height);
    /* a bleed or mark past an inch is a typo (the usual values are
     * 3 to 5 mm and 10 mm) */
    if (g->bleed > 72 || g->crop_offset > 72 || g->crop_length > 72)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, pg), pg->line, 0,
                             "page bleed, crop-offset and crop-length must "
                             "not exceed 1in");
    if (g->folio > g->bottom)
        return attr_error(ctx, node_file(l, pg), pg, "folio",
                             "page folio (%.1fpt, the folio's baseline above the foot) "
                             "must lie within the bottom margin (0 to %.1fpt): above it "
                             "the folio runs into the text or off the page",
                             g->folio, g->bottom);
    if (g->inner + g->outer >= g->width - 36 || g->top + g->bottom >= g->height - 36)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, pg), pg->line, 0,
                             "margins leave less than half an inch of text "
                             "area");
    return BK_OK;
}

static bk_status oom(bk_ctx *ctx, const char *path)
{
    return bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
}

/* A yes/no attribute (the schema allows yes, no, true, false); absent
 * or on a missing element: no. */
static int attr_yes(const bk_node *n, const char *name)
{
    const char *v = n ? attr_of(n, name) : NULL;
    return v && (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0);
}

/* <style name="..." lang="..."> elements: kept as nodes, resolved on
 * demand (bk_layout_style) and once at the end of loading. */
static bk_status load_styles(bk_ctx *ctx, bk_layout *l)
{
    for (const bk_node *s = bk_node_child(l->root, "style"); s;
         s = bk_node_next_element(s, "style")) {
        const char *name = attr_of(s, "name");
        if (!name)
            return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, s), s->line, 0,
                                 "style needs a name");
        style_decl *ns = realloc(l->styles, (l->nstyles + 1) * sizeof(*ns));
        if (!ns)
            return oom(ctx, l->path);
        l->styles = ns;
        const char *lang = attr_of(s, "lang");
        ns[l->nstyles].name = bk_strdup(name);
        ns[l->nstyles].lang = lang ? bk_strdup(lang) : NULL;
        ns[l->nstyles].node = s;
        l->nstyles++;
    }
    return BK_OK;
}

/* <hyphenation lang="..." patterns="..."/>: patterns relative to the
 * layout file. */
static bk_status load_hyphenation(bk_ctx *ctx, bk_layout *l)
{
    const char *path = l->path;
    for (const bk_node *h = bk_node_child(l->root, "hyphenation"); h;
         h = bk_node_next_element(h, "hyphenation")) {
        const char *lang = attr_of(h, "lang");
        const char *pat = attr_of(h, "patterns");
        if (!lang || !pat)
            return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, h), h->line, 0,
                                 "hyphenation needs lang and patterns");
        hyph_decl *nh = realloc(l->hyph, (l->nhyph + 1) * sizeof(*nh));
        if (!nh)
            return oom(ctx, path);
        l->hyph = nh;
        hyph_decl *d = &l->hyph[l->nhyph++];
        const char *v;
        d->lang = bk_strdup(lang);
        bk_status st = bk_path_resolve(ctx, node_file(l, h), h->line, 0, pat,
                                       (char **)&d->h.patterns);
        if (st)
            return st;
        d->h.left = (v = attr_of(h, "left")) ? atoi(v) : 2;
        d->h.right = (v = attr_of(h, "right")) ? atoi(v) : 3;
        d->h.max_consecutive =
            (v = attr_of(h, "max-consecutive")) ? atoi(v) : 2;
        d->h.capitalized = attr_yes(h, "capitalized");
        if (d->h.left < 1 || d->h.right < 1 || d->h.left > 10 || d->h.right > 10)
            return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, h), h->line, 0,
                                 "hyphenation left/right must be 1 to 10");
    }
    return BK_OK;
}

/* One <part> or <figure> of <parts>: its attributes, src relative to the
 * layout file, and the checks its kind needs. */
static bk_status load_part(bk_ctx *ctx, bk_layout *l, const bk_node *e, int fig)
{
    const char *path = l->path;
    bk_part *np = realloc(l->parts, (l->nparts + 1) * sizeof(*np));
    if (!np)
        return oom(ctx, path);
    l->parts = np;
    bk_part *pt = &l->parts[l->nparts++];
    memset(pt, 0, sizeof(*pt));
    const char *kind = fig ? attr_of(e, "kind") : "part";
    const char *src = attr_of(e, "src");
    const char *size = attr_of(e, "size");
    pt->kind = kind;
    pt->select = attr_of(e, "select");
    pt->name = attr_of(e, "name");
    pt->columns = attr_of(e, "columns");
    pt->lang = attr_of(e, "lang");
    pt->from = attr_of(e, "from");
    pt->to = attr_of(e, "to");
    pt->detail_from = attr_of(e, "detail-from");
    pt->detail_to = attr_of(e, "detail-to");
    pt->full_page = !size || strcmp(size, "half") != 0;
    pt->line = e->line;
    pt->file = node_file(l, e);
    char *rsrc = NULL;
    bk_status st = src ? bk_path_resolve(ctx, node_file(l, e), e->line, 0, src, &rsrc) : BK_OK;
    pt->src = rsrc;
    if (st)
        return st;
    static const char *const dates[] = {"from", "to", "detail-from", "detail-to"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        const char *d = attr_of(e, dates[i]);
        bk_date parsed;
        if (d && bk_date_parse(d, &parsed) != 0)
            return attr_error(ctx, node_file(l, e), e, dates[i],
                                 "%s=\"%s\" is not a date (use 1860, 1860-10 or "
                                 "1860-10-24)", dates[i], d);
    }
    if (!kind || (strcmp(kind, "part") != 0 && strcmp(kind, "timeline") != 0 &&
                  strcmp(kind, "map") != 0))
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, e), e->line, 0,
                             "figure kind must be timeline or map");
    if (strcmp(kind, "map") != 0 && (!src || !pt->select))
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, e), e->line, 0,
                             "<%s> needs src and select", e->name);
    if (strcmp(kind, "map") == 0 && (!pt->name || !src))
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, e), e->line, 0,
                             "a map figure needs a name and src (its definition file)");
    return BK_OK;
}

static bk_status load_parts(bk_ctx *ctx, bk_layout *l)
{
    const bk_node *pl = bk_node_child(l->root, "parts");
    for (const bk_node *e = pl ? pl->first : NULL; e; e = e->next) {
        if (!e->name)
            continue;
        int fig = strcmp(e->name, "figure") == 0;
        if (!fig && strcmp(e->name, "part") != 0)
            return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, e), e->line, 0,
                                 "<parts> holds <part> and <figure>, not <%s>", e->name);
        bk_status st = load_part(ctx, l, e, fig);
        if (st)
            return st;
    }
    return BK_OK;
}

/* <parallel mode="columns|facing" gap="..." loosen="..." alignment="..."
 * select="..." blank-note="..." widen="yes|no"/>. */
static bk_status load_parallel(bk_ctx *ctx, bk_layout *l)
{
    const bk_node *par = bk_node_child(l->root, "parallel");
    if (!par)
        return BK_OK;
    bk_status st;
    const char *mode = attr_of(par, "mode");
    const char *al = attr_of(par, "alignment");
    l->has_parallel = 1;
    l->parallel.facing = mode && strcmp(mode, "facing") == 0;
    if (mode && !l->parallel.facing && strcmp(mode, "columns") != 0)
        return attr_error(ctx, node_file(l, par), par, "mode",
                             "parallel mode must be columns or facing");
    l->parallel.gap = 6 * 72 / 25.4;
    if ((st = attr_length(ctx, node_file(l, par), par, "gap", 10, &l->parallel.gap)) ||
        (st = attr_length(ctx, node_file(l, par), par, "loosen", 10, &l->parallel.loosen)))
        return st;
    l->parallel.widen = attr_yes(par, "widen");
    l->parallel.blank_note = -1; /* a quarter of the text area's height */
    if ((st = attr_length(ctx, node_file(l, par), par, "blank-note", 10,
                          &l->parallel.blank_note)))
        return st;
    if (attr_of(par, "blank-note") && !(l->parallel.blank_note >= 0))
        return attr_error(ctx, node_file(l, par), par, "blank-note",
                          "parallel blank-note must be a length of 0 (no notes) or more");
    double measure = l->page.width - l->page.inner - l->page.outer;
    if (l->parallel.gap < 0 || l->parallel.gap > measure / 4)
        return attr_error(ctx, node_file(l, par), par, "gap",
                             "parallel gap must be 0 to a quarter of the %.1fpt "
                             "measure (a negative gap makes the columns overlap)",
                             measure);
    if (!(l->parallel.loosen >= 0 && l->parallel.loosen <= 12))
        return attr_error(ctx, node_file(l, par), par, "loosen",
                             "parallel loosen must be 0 to 12pt a line");
    char *ral = NULL;
    if (al && (st = bk_path_resolve(ctx, node_file(l, par), par->line, 0, al, &ral)))
        return st;
    l->parallel.alignment = ral;
    l->parallel.select = attr_of(par, "select");
    return BK_OK;
}

/* <output-intent profile="FILE.icc" condition="ID" info="..."
 * registry="URI"/>: the profile relative to the layout file. */
static bk_status load_intent(bk_ctx *ctx, bk_layout *l)
{
    const bk_node *oi = bk_node_child(l->root, "output-intent");
    if (!oi)
        return BK_OK;
    const char *prof = attr_of(oi, "profile");
    const char *cond = attr_of(oi, "condition");
    if (!prof || !cond || !*cond)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, oi), oi->line, 0,
                             "<output-intent> needs profile=\"FILE.icc\" and "
                             "condition=\"IDENTIFIER\" (e.g. FOGRA39)");
    char *rp = NULL;
    bk_status st = bk_path_resolve(ctx, node_file(l, oi), oi->line, 0, prof, &rp);
    if (st)
        return st;
    l->intent = (bk_output_intent){.profile = rp, .condition = cond,
                                   .info = attr_of(oi, "info"),
                                   .registry = attr_of(oi, "registry"),
                                   .file = node_file(l, oi), .line = oi->line};
    return BK_OK;
}

const bk_output_intent *bk_layout_output_intent(const bk_layout *l)
{
    return l->intent.profile ? &l->intent : NULL;
}

/* <table padding column-sep rule head-rule/>, with booktabs-like
 * defaults. */
static bk_status load_table(bk_ctx *ctx, bk_layout *l)
{
    bk_status st;
    l->table.padding = 3;
    l->table.column_sep = 6;
    l->table.rule = 0.3;
    l->table.head_rule = 0.8;
    const bk_node *tb = bk_node_child(l->root, "table");
    if (tb && ((st = attr_length(ctx, node_file(l, tb), tb, "padding", 10, &l->table.padding)) ||
               (st = attr_length(ctx, node_file(l, tb), tb, "column-sep", 10, &l->table.column_sep)) ||
               (st = attr_length(ctx, node_file(l, tb), tb, "rule", 10, &l->table.rule)) ||
               (st = attr_length(ctx, node_file(l, tb), tb, "head-rule", 10, &l->table.head_rule))))
        return st;
    if (l->table.padding < 0 || l->table.padding > 72 || l->table.column_sep < 0 ||
        l->table.column_sep > 72 || l->table.rule < 0 ||
        l->table.head_rule < 0 || l->table.rule > 10 || l->table.head_rule > 10)
        return bk_diag_error(ctx->diag, BK_EINPUT, tb ? node_file(l, tb) : l->path, tb ? tb->line : 0, 0,
                             "table padding must be 0 to 72pt and rules 0 to 10pt");
    return BK_OK;
}

static void load_matter(bk_layout *l)
{
    const bk_node *front = bk_node_child(l->root, "front");
    const bk_node *back = bk_node_child(l->root, "back");
    l->matter.cover = attr_yes(front, "cover");
    l->matter.contents = attr_yes(front, "contents");
    l->matter.colophon = attr_yes(back, "colophon");
}

/* DATADIR/fonts/fonts.xml, or NULL on OOM. */
static char *default_fonts(const bk_ctx *ctx)
{
    bk_buf b = {0};
    if (bk_buf_printf(&b, "%s/fonts/fonts.xml", ctx->datadir) != 0) {
        bk_buf_release(&b);
        return NULL;
    }
    return b.data;
}

/* ---- message catalogs ------------------------------------------------ */

/* Every catalog in DATADIR/messages, in name order (the files are the
 * languages: adding one is adding a file). None without a data folder. */
static bk_status load_catalogs(bk_ctx *ctx, bk_layout *l)
{
    if (!ctx->datadir)
        return BK_OK;
    bk_status st = BK_OK;
    char *names[LAYOUT_MAX_CATALOGS];
    size_t n = 0;
    bk_buf dir = {0};
    if (bk_buf_printf(&dir, "%s/messages", ctx->datadir))
        return oom(ctx, l->path);
    n = bk_dir_files(dir.data, ".xml", 1, names, LAYOUT_MAX_CATALOGS);
    for (size_t i = 0; i < n; i++) {
        if (!st && (st = bk_messages_load(ctx, ctx->datadir, names[i],
                                          &l->catalogs[l->ncatalogs])) == BK_OK)
            l->ncatalogs++;
        free(names[i]);
    }
    bk_buf_release(&dir);
    return st;
}

/* The catalog for a language: its Chinese variant's, its own, its primary
 * subtag's, else English. */
const bk_messages *bk_layout_messages(const bk_layout *l, const char *lang)
{
    const char *want[3] = {bk_messages_chinese(lang), lang, "en"};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; want[k] && i < l->ncatalogs; i++)
            if (strcasecmp(bk_messages_lang(l->catalogs[i]), want[k]) == 0)
                return l->catalogs[i];
    for (size_t i = 0; lang && i < l->ncatalogs; i++)
        if (bk_lang_same_language(bk_messages_lang(l->catalogs[i]), lang))
            return l->catalogs[i];
    return NULL;
}

/* ---- extends: a layout built on another ----------------------------- */

/* Layouts may extend a shipped layout by name or another file by path; a
 * chain deeper than this is a cycle or a mistake. */
#define LAYOUT_MAX_DEPTH 8

/* The file `extends` names: a bare name (letters, digits, '-') is a layout
 * shipped with the program (DATADIR/layouts/NAME.xml); anything else is a
 * path relative to the extending file. NULL when there is no data folder
 * to look in, or on OOM. */
static char *extends_path(const bk_ctx *ctx, const char *from, const char *ext)
{
    size_t n = strspn(ext, "abcdefghijklmnopqrstuvwxyz0123456789-");
    if (ext[n] || !n)
        return dir_join(from, ext);
    if (!ctx->datadir)
        return NULL;
    bk_buf b = {0};
    if (bk_buf_printf(&b, "%s/layouts/%s.xml", ctx->datadir, ext) != 0) {
        bk_buf_release(&b);
        return NULL;
    }
    return b.data;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The error for extends="NAME" naming no layout the program ships: their
 * names, and the nearest. */
static bk_status extends_unknown(bk_ctx *ctx, const char *path, long line, const char *ext)
{
    char dir[1024], names[512] = "";
    const char *words[32];
    char store[32][64];
    size_t n = 0, k = 0;
    snprintf(dir, sizeof dir, "%s/layouts", ctx->datadir);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) && n < 32;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && len < 64 && strcmp(e->d_name + len - 4, ".xml") == 0) {
            snprintf(store[n], sizeof store[n], "%.*s", (int)(len - 4), e->d_name);
            words[n] = store[n];
            n++;
        }
    }
    if (d)
        closedir(d);
    qsort(store, n, sizeof store[0], name_cmp);
    for (size_t i = 0; i < n && k < sizeof names; i++)
        k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "", store[i]);
    const char *near = bk_nearest_word(ext, words, n);
    long col = bk_srcpos_attr_col(path, &line, "extends");
    return bk_diag_error(ctx->diag, BK_EINPUT, path, line, col,
                         "extends=\"%s\": booklet ships no layout of that name (it has: %s)%s%s%s",
                         ext, n ? names : "none", near ? "; did you mean \"" : "",
                         near ? near : "", near ? "\"?" : "");
}

/* Marks every top-level element of a freshly read layout with its file. */
static int mark_file(bk_node *root, const char *path)
{
    for (bk_node *c = root->first; c; c = c->next)
        if (c->name && !attr_of(c, "xml:base") &&
            bk_node_set_attr(c, "xml:base", path) != 0)
            return -1;
    return 0;
}

/* Elements of which a layout has one: the extending layout's replaces the
 * base's (<page> keeps the base's attributes it does not name). */
static int is_single(const char *name)
{
    static const char *const single[] = {"page", "fonts", "parallel", "table", "front",
                                         "back", "output", "output-intent", NULL};
    for (const char *const *s = single; *s; s++)
        if (strcmp(name, *s) == 0)
            return 1;
    return 0;
}

/* Moves the elements of `top` (the extending layout) into `base`: single
 * elements replace, <parts> children are appended to the base's parts,
 * everything else (styles, strings, hyphenation) follows the base's, so
 * that at equal specificity the extending layout's declarations win. */
static int merge_into(bk_node *base, bk_node *top)
{
    bk_node *next;
    for (bk_node *c = top->first; c; c = next) {
        next = c->next;
        if (!c->name)
            continue;
        bk_node *old = bk_node_child(base, c->name);
        bk_node_unlink(c);
        if (old && strcmp(c->name, "parts") == 0) {
            for (bk_node *p = c->first, *pn; p; p = pn) {
                pn = p->next;
                bk_node_unlink(p);
                if (p->name && bk_node_set_attr(p, "xml:base",
                                                attr_of(c, "xml:base")) != 0) {
                    bk_node_free(p);
                    bk_node_free(c);
                    return -1;
                }
                bk_node_append(old, p);
            }
            bk_node_free(c);
            continue;
        }
        if (old && is_single(c->name)) {
            for (size_t i = 0; strcmp(c->name, "page") == 0 && i + 1 < old->nattrs * 2 &&
                               old->attrs[i]; i += 2)
                if (!attr_of(c, old->attrs[i]) &&
                    bk_node_set_attr(c, old->attrs[i], old->attrs[i + 1]) != 0) {
                    bk_node_free(c);
                    return -1;
                }
            bk_node_unlink(old);
            bk_node_free(old);
        }
        bk_node_append(base, c);
    }
    return 0;
}

/* Reads the layout at `path` and, recursively, the layouts it extends,
 * into one tree whose top-level elements carry their file as xml:base. */
static bk_status read_tree(bk_ctx *ctx, const char *path, int depth, bk_node **out)
{
    bk_node *root = NULL, *base = NULL;
    char *bpath = NULL;
    bk_status st = bk_xml_read_schema(ctx, "layout", path, &root);
    if (st)
        goto done;
    if (!root->name || strcmp(root->name, "layout") != 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, root->line, 0,
                           "root element must be <layout>");
        goto done;
    }
    if (mark_file(root, path) != 0) {
        st = oom(ctx, path);
        goto done;
    }
    const char *ext = attr_of(root, "extends");
    if (ext && depth >= LAYOUT_MAX_DEPTH) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, root->line, 0,
                           "extends=\"%s\": layouts extend each other more than %d "
                           "deep (a cycle?)", ext, LAYOUT_MAX_DEPTH);
        goto done;
    }
    if (ext && !(bpath = extends_path(ctx, path, ext))) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, root->line, 0,
                           "extends=\"%s\": the program's own layouts were not found "
                           "(set BOOKLET_DATA to the folder holding layouts/)", ext);
        goto done;
    }
    if (ext && !ext[strspn(ext, "abcdefghijklmnopqrstuvwxyz0123456789-")] &&
        access(bpath, F_OK) != 0) {
        st = extends_unknown(ctx, path, root->line, ext);
        goto done;
    }
    if (ext && ((st = bk_path_check(ctx, path, root->line, 0, ext, bpath)) ||
                (st = read_tree(ctx, bpath, depth + 1, &base))))
        goto done;
    if (base && merge_into(base, root) != 0) {
        st = oom(ctx, path);
        goto done;
    }
    if (base)
        bk_node_free(root), root = base, base = NULL;
    *out = root;
    root = NULL;
done:
    bk_node_free(base);
    bk_node_free(root);
    free(bpath);
    return st;
}

/* Steps: read the file (and the layouts it extends); check the root; page geometry; fonts
 * configuration; styles; hyphenation; parts; parallel edition; table
 * rules; front and back matter; resolve every style once, so that a bad
 * value is reported at load time with its line rather than in the middle
 * of a build. */
static bk_status styles_check(bk_ctx *ctx, const bk_layout *l);

bk_status bk_layout_load(bk_ctx *ctx, const char *path, bk_layout **out)
{
    bk_status st = BK_OK;
    bk_layout *l = calloc(1, sizeof(*l));
    *out = NULL;
    if (!l || !(l->path = bk_strdup(path))) {
        st = oom(ctx, path);
        goto done;
    }
    /* the layout a caller loads is trusted with its folder (paths.h) */
    if (bk_files_name_folder(ctx, path) != 0) {
        st = oom(ctx, path);
        goto done;
    }
    if ((st = read_tree(ctx, path, 0, &l->root)))
        goto done;
    if ((st = load_page(ctx, l, bk_node_child(l->root, "page"))))
        goto done;
    const bk_node *fonts = bk_node_child(l->root, "fonts");
    const char *href = fonts ? attr_of(fonts, "href") : NULL;
    if (fonts && !href) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, fonts), fonts->line, 0,
                           "<fonts> needs href=\"FILE\" (or leave it out for the "
                           "program's own fonts configuration)");
        goto done;
    }
    if (!href && !ctx->datadir) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, l->root->line, 0,
                           "layout needs <fonts href=\"...\"/> (the program's own "
                           "fonts configuration was not found)");
        goto done;
    }
    /* no <fonts>: the program's own configuration, wherever the layout is */
    if (href && (st = bk_path_resolve(ctx, node_file(l, fonts), fonts->line, 0, href,
                                      &l->fonts)))
        goto done;
    if (!href)
        l->fonts = default_fonts(ctx);
    if (!l->fonts) {
        st = oom(ctx, path);
        goto done;
    }
    if ((st = load_styles(ctx, l)) || (st = load_hyphenation(ctx, l)) ||
        (st = load_parts(ctx, l)) || (st = load_parallel(ctx, l)) ||
        (st = load_table(ctx, l)) || (st = load_intent(ctx, l)))
        goto done;
    load_matter(l);
    if ((st = load_catalogs(ctx, l)))
        goto done;
    if ((st = styles_check(ctx, l)))
        goto done;
    *out = l;
    l = NULL;
done:
    bk_layout_free(l);
    return st;
}

void bk_layout_free(bk_layout *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->ncatalogs; i++)
        bk_messages_free(l->catalogs[i]);
    free((char *)l->parallel.alignment);
    free((char *)l->intent.profile);
    for (size_t i = 0; i < l->nparts; i++)
        free((char *)l->parts[i].src);
    free(l->parts);
    for (size_t i = 0; i < l->nhyph; i++) {
        free(l->hyph[i].lang);
        free((char *)l->hyph[i].h.patterns);
    }
    free(l->hyph);
    for (size_t i = 0; i < l->nstyles; i++) {
        free(l->styles[i].name);
        free(l->styles[i].lang);
    }
    free(l->styles);
    bk_node_free(l->root);
    free(l->fonts);
    free(l->path);
    free(l);
}

const bk_page_geom *bk_layout_page(const bk_layout *l) { return &l->page; }
const char *bk_layout_fonts_path(const bk_layout *l) { return l->fonts; }


/* Token k (0-based) of a space-separated list: its start and length. */
static const char *list_token(const char *v, size_t k, size_t *len)
{
    for (;;) {
        v += strspn(v, " \t\n");
        if (!*v)
            return NULL;
        size_t n = strcspn(v, " \t\n");
        if (k-- == 0) {
            *len = n;
            return v;
        }
        v += n;
    }
}

int bk_style_flush_after(const bk_style *s, const char *prev)
{
    if (!s->flush_first || !s->flush_after)
        return s->flush_first; /* "yes" includes a text's first block */
    if (!prev)
        return 0;
    size_t len, plen = strlen(prev);
    const char *t;
    for (size_t k = 0; (t = list_token(s->flush_after, k, &len)); k++)
        if (len == plen && strncmp(t, prev, len) == 0)
            return 1;
    return 0;
}

/* flush-first="yes|no|true|false" or the styles after which a block
 * starts flush ("title heading": LaTeX's convention, where a paragraph
 * after a list or figure keeps its indent); each must be a style of the
 * layout, so that a misspelt one is not silently never matched. */
static bk_status flush_first_parse(bk_ctx *ctx, const bk_layout *l, const bk_node *n,
                                   const char *v, bk_style *s)
{
    s->flush_after = NULL;
    if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "no") == 0 ||
        strcmp(v, "false") == 0) {
        s->flush_first = v[0] == 'y' || v[0] == 't';
        return BK_OK;
    }
    size_t len;
    const char *t;
    char name[128];
    for (size_t k = 0; (t = list_token(v, k, &len)); k++) {
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), t);
        if (len >= sizeof name || !bk_layout_has_style(l, name))
            return attr_error(ctx, node_file(l, n), n, "flush-first",
                              "flush-first=\"%s\": the layout has no style '%s' (use yes, "
                              "no, or the styles after which the first line is flush)",
                              v, name);
    }
    if (!list_token(v, 0, &len))
        return attr_error(ctx, node_file(l, n), n, "flush-first",
                          "flush-first is empty: use yes, no, or style names");
    s->flush_first = 1;
    s->flush_after = v;
    return BK_OK;
}

/* The attributes of pagination and spacing: right-indent, flush-first,
 * group-space-before, group-space-after, break-before, space-stretch,
 * line-stretch. */
static bk_status apply_pagination(bk_ctx *ctx, const bk_layout *l, const bk_node *n,
                                  bk_style *s)
{
    bk_status st;
    const char *v;
    if ((st = attr_length(ctx, node_file(l, n), n, "right-indent", s->size,
                          &s->right_indent)) ||
        (st = attr_length(ctx, node_file(l, n), n, "group-space-before", s->size,
                          &s->group_space_before)) ||
        (st = attr_length(ctx, node_file(l, n), n, "group-space-after", s->size,
                          &s->group_space_after)) ||
        (st = attr_length(ctx, node_file(l, n), n, "space-stretch", s->size,
                          &s->space_stretch)) ||
        (st = attr_length(ctx, node_file(l, n), n, "line-stretch", s->size,
                          &s->line_stretch)))
        return st;
    if (s->right_indent < 0 || s->group_space_before < 0 || s->group_space_after < 0 ||
        s->space_stretch < 0)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, n), n->line, 0,
                             "right-indent, group-space-before, group-space-after "
                             "and space-stretch must not be negative");
    if (s->line_stretch < 0 || s->line_stretch > s->size)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, n), n->line, 0,
                             "line-stretch must be 0 to the style's size");
    if (s->group_space_before > 1000 || s->group_space_after > 1000 ||
        s->space_stretch > 1000)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, n), n->line, 0,
                             "group-space-before, group-space-after and "
                             "space-stretch must not exceed 1000pt");
    if ((v = attr_of(n, "flush-first")) && (st = flush_first_parse(ctx, l, n, v, s)))
        return st;
    if ((v = attr_of(n, "break-before"))) {
        if (strcmp(v, "page") == 0)
            s->break_before = BK_PAGE_BREAK_PAGE;
        else if (strcmp(v, "recto") == 0)
            s->break_before = BK_PAGE_BREAK_RECTO;
        else if (strcmp(v, "none") == 0)
            s->break_before = BK_PAGE_BREAK_NONE;
        else
            return attr_error(ctx, node_file(l, n), n, "break-before",
                              "break-before=\"%s\": use none, page or recto", v);
    }
    return BK_OK;
}

/* A share of the surrounding text's size: "70%" or "0.7", in [lo, hi]. */
static bk_status attr_share(bk_ctx *ctx, const bk_layout *l, const bk_node *n,
                            const char *name, double lo, double hi, double *out)
{
    const char *v = attr_of(n, name);
    if (!v)
        return BK_OK;
    char *end = NULL;
    double x = strtod(v, &end);
    if (end && *end == '%')
        x /= 100, end++;
    if (!end || end == v || *end || !(x >= lo && x <= hi))
        return attr_error(ctx, node_file(l, n), n, name,
                          "%s=\"%s\": use %g%% to %g%% of the text's size", name, v,
                          lo * 100, hi * 100);
    *out = x;
    return BK_OK;
}

/* The attributes of inline styles (a citation mark): position, scale,
 * raise, brackets. */
static bk_status apply_inline(bk_ctx *ctx, const bk_layout *l, const bk_node *n,
                              bk_style *s)
{
    bk_status st;
    const char *v = attr_of(n, "position");
    if (v && strcmp(v, "super") != 0 && strcmp(v, "baseline") != 0)
        return attr_error(ctx, node_file(l, n), n, "position",
                          "position=\"%s\": use super or baseline", v);
    if (v)
        s->super = strcmp(v, "super") == 0;
    v = attr_of(n, "brackets");
    if (v && strcmp(v, "keep") != 0 && strcmp(v, "drop") != 0)
        return attr_error(ctx, node_file(l, n), n, "brackets",
                          "brackets=\"%s\": use keep or drop", v);
    if (v)
        s->drop_brackets = strcmp(v, "drop") == 0;
    v = attr_of(n, "figures");
    if (v && strcmp(v, "superior") != 0 && strcmp(v, "scaled") != 0)
        return attr_error(ctx, node_file(l, n), n, "figures",
                          "figures=\"%s\": use superior or scaled", v);
    if (v)
        s->superior = strcmp(v, "superior") == 0;
    if ((st = attr_share(ctx, l, n, "scale", 0.3, 1, &s->scale)) ||
        (st = attr_share(ctx, l, n, "raise", 0, 1, &s->rise)))
        return st;
    return BK_OK;
}

/* Applies one declaration's attributes over *st. Size comes first so that
 * em lengths in the same declaration use it. */
static bk_status apply(bk_ctx *ctx, const bk_layout *l, const bk_node *n,
                       bk_style *s)
{
    bk_status st;
    const char *v;
    if ((st = attr_length(ctx, node_file(l, n), n, "size", 10, &s->size)))
        return st;
    if (s->size <= 0 || s->size > 500)
        return attr_error(ctx, node_file(l, n), n, "size",
                          "font size %.2fpt is out of range", s->size);
    if ((v = attr_of(n, "role")))
        s->role = v;
    if ((st = attr_length(ctx, node_file(l, n), n, "leading", s->size, &s->leading)) ||
        (st = attr_length(ctx, node_file(l, n), n, "first-indent", s->size,
                          &s->first_indent)) ||
        (st = attr_length(ctx, node_file(l, n), n, "left-indent", s->size,
                          &s->left_indent)) ||
        (st = attr_length(ctx, node_file(l, n), n, "space-before", s->size,
                          &s->space_before)) ||
        (st = attr_length(ctx, node_file(l, n), n, "space-after", s->size,
                          &s->space_after)) ||
        (st = apply_pagination(ctx, l, n, s)) || (st = apply_inline(ctx, l, n, s)))
        return st;
    if (s->space_before < 0 || s->space_after < 0 || s->left_indent < 0 ||
        s->first_indent < -s->left_indent)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, n), n->line, 0,
                             "space-before, space-after and left-indent must not "
                             "be negative (first-indent may hang into left-indent)");
    /* a space of more than a page is a typo (1e300pt, 5000mm) */
    if (s->space_before > 1000 || s->space_after > 1000 || s->leading > 1000)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, n), n->line, 0,
                             "space-before, space-after and leading must not "
                             "exceed 1000pt");
    if ((v = attr_of(n, "align"))) {
        if (strcmp(v, "justify") == 0)
            s->align = BK_ALIGN_JUSTIFY;
        else if (strcmp(v, "left") == 0)
            s->align = BK_ALIGN_LEFT;
        else if (strcmp(v, "center") == 0)
            s->align = BK_ALIGN_CENTER;
        else if (strcmp(v, "right") == 0)
            s->align = BK_ALIGN_RIGHT;
        else
            return attr_error(ctx, node_file(l, n), n, "align",
                                 "align=\"%s\": use justify, left, center or "
                                 "right",
                                 v);
    }
    if ((v = attr_of(n, "keep-with-next")))
        s->keep_with_next = strcmp(v, "yes") == 0 || strcmp(v, "true") == 0;
    if ((v = attr_of(n, "expansion"))) {
        char *end = NULL;
        s->expansion = strtod(v, &end);
        if (end && *end == '%')
            s->expansion /= 100, end++;
        if (!end || end == v || *end || !(s->expansion >= 0 && s->expansion <= 0.1))
            return attr_error(ctx, node_file(l, n), n, "expansion",
                                 "expansion=\"%s\": use 0%% to 10%%", v);
    }
    if ((v = attr_of(n, "hyphenate")))
        s->hyphenate = strcmp(v, "yes") == 0 || strcmp(v, "true") == 0;
    if ((v = attr_of(n, "hang-punctuation")))
        s->hang_punctuation = strcmp(v, "yes") == 0 || strcmp(v, "true") == 0;
    if ((v = attr_of(n, "pretolerance")) && strcmp(v, "none") == 0) {
        s->pretolerance = -1;
    } else if (v) {
        char *end = NULL;
        s->pretolerance = strtod(v, &end);
        if (end == v || *end || !(s->pretolerance >= 0 && s->pretolerance <= 10000))
            return attr_error(ctx, node_file(l, n), n, "pretolerance",
                              "pretolerance=\"%s\": use a badness from 0 to 10000, or none", v);
    }
    if ((v = attr_of(n, "gray"))) {
        char *end = NULL;
        s->gray = strtod(v, &end);
        if (end == v || *end || !(s->gray >= 0 && s->gray <= 1))
            return attr_error(ctx, node_file(l, n), n, "gray",
                                 "gray=\"%s\": use 0 (black) to 1 (white)", v);
    }
    return BK_OK;
}

/* A style being resolved: the declarations applied so far, the last of
 * them (for the checks' position) and whether there was any. */
typedef struct style_state {
    bk_style s;
    const style_decl *last;
    int found;
} style_state;

static style_state style_start(void)
{
    return (style_state){.s = {.role = "body", .size = 10, .leading = 0,
                               .align = BK_ALIGN_LEFT, .hyphenate = 1,
                               .pretolerance = BK_PRETOLERANCE_AUTO, .scale = 1}};
}

/* The declarations of name for lang of specificity from to to applied
 * over *r: from the least to the most specific (base, then
 * primary-subtag matches, then exact tags), each in file order, so a
 * later declaration of the same specificity adds to an earlier one. The
 * base ones (1) are lang's whatever lang is. */
static bk_status style_apply(bk_ctx *ctx, const bk_layout *l, const char *name,
                             const char *lang, int from, int to, style_state *r)
{
    bk_status st;
    for (int want = from; want <= to; want++) {
        for (size_t i = 0; i < l->nstyles; i++) {
            const style_decl *d = &l->styles[i];
            if (d->name[0] != name[0] || strcmp(d->name, name) != 0)
                continue;
            int sc = (!d->lang || strcmp(d->lang, "*") == 0) ? 1 : bk_lang_match_score(d->lang, lang);
            if (sc != want)
                continue;
            if ((st = apply(ctx, l, d->node, &r->s)))
                return st;
            r->last = d;
            r->found = 1;
        }
    }
    return BK_OK;
}

/* The checks of a style resolved (bk_layout_style) into *out. */
static bk_status style_finish(bk_ctx *ctx, const bk_layout *l, const char *name,
                              style_state r, bk_style *out)
{
    bk_style s = r.s;
    const style_decl *last = r.last;
    if (!r.found)
        return bk_diag_error(ctx->diag, BK_EINPUT, l->path, 0, 0,
                             "layout has no style '%s'", name);
    if (s.leading <= 0)
        s.leading = s.size * 1.3;
    double measure = l->page.width - l->page.inner - l->page.outer;
    if (s.left_indent + (s.first_indent > 0 ? s.first_indent : 0) + s.right_indent >
        measure - s.size * 2)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, last->node),
                             last->node->line, 0,
                             "indents of style '%s' leave less than two ems of "
                             "the %.1fpt measure",
                             name, measure);
    if (s.leading < s.size * 0.5 || s.leading > s.size * 10)
        return bk_diag_error(ctx->diag, BK_EINPUT, node_file(l, last->node),
                             last->node->line, 0,
                             "leading %.2fpt does not suit size %.2fpt",
                             s.leading, s.size);
    *out = s;
    return BK_OK;
}

bk_status bk_layout_style(bk_ctx *ctx, const bk_layout *l, const char *name,
                          const char *lang, bk_style *out)
{
    style_state r = style_start();
    bk_status st = style_apply(ctx, l, name, lang, 1, 3, &r);
    return st ? st : style_finish(ctx, l, name, r, out);
}

/* Every declaration's style resolved once at loading, as bk_layout_style
 * resolves it: the base declarations of a name, the same for each of its
 * languages, applied once for the run of declarations of that name. */
static bk_status styles_check(bk_ctx *ctx, const bk_layout *l)
{
    style_state base = style_start();
    const char *based = NULL; /* the name base holds */
    for (size_t i = 0; i < l->nstyles; i++) {
        const char *name = l->styles[i].name, *lang = l->styles[i].lang;
        bk_status st;
        if (!based || strcmp(based, name) != 0) {
            base = style_start();
            based = name;
            if ((st = style_apply(ctx, l, name, lang, 1, 1, &base)))
                return st;
        }
        style_state r = base;
        bk_style tmp;
        if ((st = style_apply(ctx, l, name, lang, 2, 3, &r)) ||
            (st = style_finish(ctx, l, name, r, &tmp)))
            return st;
    }
    return BK_OK;
}

int bk_layout_has_style(const bk_layout *l, const char *name)
{
    /* asked for every paragraph set: the first letters compared first */
    for (size_t i = 0; i < l->nstyles; i++)
        if (l->styles[i].name[0] == name[0] && strcmp(l->styles[i].name, name) == 0)
            return 1;
    return 0;
}

const bk_hyphenation *bk_layout_hyphenation(const bk_layout *l, const char *lang)
{
    const bk_hyphenation *best = NULL;
    int score = 1;
    for (size_t i = 0; i < l->nhyph; i++) {
        int sc = bk_lang_match_score(l->hyph[i].lang, lang);
        if (sc > 1 && sc >= score) { /* the later of equal fits wins */
            score = sc;
            best = &l->hyph[i].h;
        }
    }
    return best;
}

const bk_matter *bk_layout_matter(const bk_layout *l) { return &l->matter; }

const char *bk_layout_string(const bk_layout *l, const char *name, const char *lang)
{
    const bk_node *best = NULL;
    int score = 0;
    for (const bk_node *n = bk_node_child(l->root, "string"); n;
         n = bk_node_next_element(n, "string")) {
        const char *nm = attr_of(n, "name");
        if (!nm || strcmp(nm, name) != 0)
            continue;
        int sc = bk_lang_match_score(attr_of(n, "lang"), lang);
        /* at equal fit the later one wins: an extending layout's */
        if (sc && sc >= score) {
            score = sc;
            best = n;
        }
    }
    /* A string is one text node; anything else is not a string. */
    if (best)
        return best->first && !best->first->name && !best->first->next ? best->first->text
                                                                       : NULL;
    /* not in the layout: the program's words for it, "string.NAME" */
    const bk_messages *m = bk_layout_messages(l, lang);
    char id[96];
    if (!m || (size_t)snprintf(id, sizeof id, "string.%s", name) >= sizeof id)
        return NULL;
    /* a language's own name only from its own catalog: English words
     * stand in for a language without one, but not as its name */
    if (strcmp(name, "language-name") == 0 &&
        !bk_lang_same_language(bk_messages_lang(m), lang))
        return NULL;
    return bk_messages_get(m, id);
}

const bk_table_style *bk_layout_table(const bk_layout *l) { return &l->table; }

size_t bk_layout_parts(const bk_layout *l, const bk_part **parts)
{
    *parts = l->parts;
    return l->nparts;
}

const bk_parallel *bk_layout_parallel(const bk_layout *l)
{
    return l->has_parallel ? &l->parallel : NULL;
}

const char *bk_layout_output(const bk_layout *l)
{
    const bk_node *o = bk_node_child(l->root, "output");
    return o ? attr_of(o, "kind") : NULL;
}
