/* typeset.c — itemize, shape, break and paginate (see typeset.h). */
#include "typeset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shape.h"
#include "unicode.h"

/* A shaped glyph of a paragraph, in pt. */
typedef struct pglyph {
    uint32_t gid;
    int font;
    double adv, xoff, yoff;
    uint32_t cluster, cluster_end; /* byte range of its cluster */
    int space;                     /* the cluster is inter-word space */
} pglyph;

/* Text between two break opportunities: a word and its trailing space, or
 * one Han character with its punctuation. */
typedef struct seg {
    size_t g0, g1;
    double width;   /* all glyphs */
    double trail;   /* trailing space glyphs, dropped at a line end */
    size_t ntrail;
    int mandatory;  /* a forced break follows */
} seg;

typedef struct pline {
    size_t s0, s1;
    double indent;  /* from the left edge of the text area */
    double extra;   /* space to distribute (justify) or to shift by */
    int last;
} pline;

typedef struct para {
    const bk_block *block;
    bk_style style;
    const char *text;
    size_t len;
    pglyph *g;
    size_t ng, capg;
    seg *segs;
    size_t nsegs;
    pline *lines;
    size_t nlines;
    int cjk;        /* justify by spreading between characters */
} para;

typedef struct typesetter {
    bk_ctx *ctx;
    const bk_flow *flow;
    const bk_layout *layout;
    bk_fontset *fonts;
    bk_frames *frames;
    bk_typeset_stats *stats;
    const bk_page_geom *geom;
    bk_page *page;
    double cursor; /* top of the next line box */
    int page_no;
} typesetter;

static int is_zh(const char *lang)
{
    return lang && strncasecmp(lang, "zh", 2) == 0 && (lang[2] == 0 || lang[2] == '-');
}

/* ICU locale for line breaking: strict rules keep Chinese closing
 * punctuation off line starts. */
static void break_locale(const char *lang, char *out, size_t n)
{
    if (is_zh(lang))
        snprintf(out, n, "zh@lb=strict");
    else
        snprintf(out, n, "%.*s", (int)strcspn(lang ? lang : "en", "-"),
                 lang ? lang : "en");
}

static const char *lang_at(const bk_block *b, size_t off)
{
    const char *lang = b->lang;
    for (size_t i = 0; i < b->nspans; i++)
        if (off >= b->spans[i].start && off < b->spans[i].end)
            lang = b->spans[i].lang;
    return lang;
}

static int push_glyph(para *p, const pglyph *g)
{
    if (p->ng == p->capg) {
        size_t cap = p->capg ? p->capg * 2 : 256;
        pglyph *ng = realloc(p->g, cap * sizeof(*ng));
        if (!ng)
            return -1;
        p->g = ng;
        p->capg = cap;
    }
    p->g[p->ng++] = *g;
    return 0;
}

/* Shapes one run and appends its glyphs. */
static bk_status shape_run(typesetter *ts, para *p, int fontno, size_t start,
                           size_t end, const char *lang, uint32_t script)
{
    bk_font *font = bk_fontset_font(ts->ctx, ts->fonts, (size_t)fontno);
    if (!font)
        return bk_diag_error_status(ts->ctx->diag);
    bk_glyph *gl = NULL;
    size_t n = 0;
    bk_status st = bk_face_shape(ts->ctx, font->face, p->text, p->len, start,
                                 end - start, lang, script, NULL, &gl, &n);
    if (st)
        return st;
    double scale = p->style.size / (double)bk_face_upem(font->face);
    for (size_t i = 0; i < n; i++) {
        size_t ci = gl[i].cluster;
        uint32_t cp = bk_utf8_next(p->text, p->len, &ci);
        pglyph g = {
            .gid = gl[i].gid,
            .font = fontno,
            .adv = gl[i].x_advance * scale,
            .xoff = gl[i].x_offset * scale,
            .yoff = gl[i].y_offset * scale,
            .cluster = gl[i].cluster,
            .space = bk_unicode_is_space(cp),
        };
        if (g.gid == 0 && !g.space) {
            ts->stats->missing_chars++;
            if (ts->ctx->strict) {
                free(gl);
                return bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file,
                                     p->block->line, 0,
                                     "font '%s' has no glyph for U+%04X",
                                     font->id, (unsigned)cp);
            }
            bk_diag_warn(ts->ctx->diag, ts->flow->file, p->block->line, 0,
                         "font '%s' has no glyph for U+%04X", font->id,
                         (unsigned)cp);
        }
        if (push_glyph(p, &g)) {
            free(gl);
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "out of memory");
        }
    }
    free(gl);
    return BK_OK;
}

/* Picks the face for a character: Common and Inherited characters (spaces,
 * digits, punctuation, combining marks) stay in the current face when it
 * has them, so marks stay with their base and a run is not cut at every
 * comma; anything else takes the first face of the chain that covers it. */
static int pick_font(typesetter *ts, const int *chain, size_t nchain,
                     int current, uint32_t cp, uint32_t script)
{
    if (current >= 0 && (script == BK_SCRIPT_COMMON || script == BK_SCRIPT_INHERITED)) {
        bk_font *f = bk_fontset_font(ts->ctx, ts->fonts, (size_t)current);
        if (f && bk_face_has_char(f->face, cp))
            return current;
    }
    for (size_t i = 0; i < nchain; i++) {
        bk_font *f = bk_fontset_font(ts->ctx, ts->fonts, (size_t)chain[i]);
        if (f && bk_face_has_char(f->face, cp))
            return chain[i];
    }
    return -1;
}

/* Steps: walk the text by code point -> choose a face per character from
 * the role's chain for the language at that point -> cut runs where face,
 * script or language changes -> shape each run. */
static bk_status itemize_and_shape(typesetter *ts, para *p)
{
    bk_status st = BK_OK;
    size_t i = 0, run_start = 0;
    int run_font = -1;
    uint32_t run_script = 0;
    const char *run_lang = NULL;
    uint32_t reported[8];
    size_t nreported = 0;
    while (i < p->len) {
        size_t at = i;
        uint32_t cp = bk_utf8_next(p->text, p->len, &i);
        uint32_t sc = bk_unicode_script(cp);
        const char *lang = lang_at(p->block, at);
        const int *chain = NULL;
        size_t nchain = bk_fontset_chain(ts->fonts, p->style.role, lang, &chain);
        if (nchain == 0)
            return bk_diag_error(ts->ctx->diag, BK_EINPUT, ts->flow->file,
                                 p->block->line, 0,
                                 "no font role '%s' for language %s",
                                 p->style.role, lang);
        if (bk_diag_error_message(ts->ctx->diag))
            return bk_diag_error_status(ts->ctx->diag);
        int f = pick_font(ts, chain, nchain, lang == run_lang ? run_font : -1, cp, sc);
        if (bk_diag_error_message(ts->ctx->diag))
            return bk_diag_error_status(ts->ctx->diag);
        if (f < 0) {
            f = run_font >= 0 ? run_font : chain[0];
            int seen = 0;
            for (size_t k = 0; k < nreported; k++)
                seen |= reported[k] == cp;
            if (!seen) {
                if (nreported < 8)
                    reported[nreported++] = cp;
                char utf[5] = {0};
                bk_utf8_encode(cp, utf);
                if (ts->ctx->strict)
                    return bk_diag_error(ts->ctx->diag, BK_EINPUT,
                                         ts->flow->file, p->block->line, 0,
                                         "no configured font covers '%s' "
                                         "(U+%04X) for role '%s', language %s",
                                         utf, (unsigned)cp, p->style.role, lang);
                bk_diag_warn(ts->ctx->diag, ts->flow->file, p->block->line, 0,
                             "no configured font covers '%s' (U+%04X) for "
                             "role '%s', language %s",
                             utf, (unsigned)cp, p->style.role, lang);
            }
        }
        int real = sc != BK_SCRIPT_COMMON && sc != BK_SCRIPT_INHERITED;
        if (at > run_start && (f != run_font || lang != run_lang ||
                               (real && run_script && sc != run_script))) {
            st = shape_run(ts, p, run_font, run_start, at, run_lang,
                           run_script ? run_script : BK_SCRIPT_LATIN);
            if (st)
                return st;
            run_start = at;
            run_script = 0;
        }
        run_font = f;
        run_lang = lang;
        if (real && !run_script)
            run_script = sc;
        else if (!run_script && bk_unicode_is_cjk(cp))
            run_script = BK_SCRIPT_HAN;
    }
    if (p->len > run_start)
        st = shape_run(ts, p, run_font, run_start, p->len, run_lang,
                       run_script ? run_script : BK_SCRIPT_LATIN);
    if (st)
        return st;
    /* Cluster ends: glyphs come in logical order (left to right), so a
     * cluster ends where the next distinct cluster starts. */
    uint32_t next = (uint32_t)p->len;
    for (size_t k = p->ng; k-- > 0;) {
        p->g[k].cluster_end = next;
        if (k > 0 && p->g[k - 1].cluster != p->g[k].cluster)
            next = p->g[k].cluster;
    }
    ts->stats->glyphs += p->ng;
    return BK_OK;
}

static bk_status add_seg(typesetter *ts, para *p, size_t *cap, const seg *s)
{
    if (p->nsegs == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        seg *ns = realloc(p->segs, nc * sizeof(*ns));
        if (!ns)
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "out of memory");
        p->segs = ns;
        *cap = nc;
    }
    p->segs[p->nsegs++] = *s;
    return BK_OK;
}

static void seg_measure(const para *p, seg *s)
{
    s->width = s->trail = 0;
    s->ntrail = 0;
    for (size_t k = s->g0; k < s->g1; k++)
        s->width += p->g[k].adv;
    for (size_t k = s->g1; k > s->g0 && p->g[k - 1].space; k--) {
        s->trail += p->g[k - 1].adv;
        s->ntrail++;
    }
}

/* Steps: ICU break opportunities -> cut the glyph string at the first glyph
 * of each cluster that starts at an opportunity -> split any segment wider
 * than the measure at cluster boundaries (emergency breaks, reported). */
static bk_status segment(typesetter *ts, para *p, double measure)
{
    bk_status st = BK_OK;
    size_t cap = 0;
    char locale[32];
    unsigned char *brk = malloc(p->len + 1);
    if (!brk)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "out of memory");
    break_locale(p->block->lang, locale, sizeof locale);
    st = bk_unicode_line_breaks(ts->ctx, p->text, p->len, locale, brk);
    if (st)
        goto done;
    seg cur = {0};
    for (size_t k = 0; k <= p->ng; k++) {
        int cut = k == p->ng;
        int mandatory = 0;
        if (!cut && k > 0 && p->g[k].cluster != p->g[k - 1].cluster &&
            brk[p->g[k].cluster] != BK_BREAK_NONE) {
            cut = 1;
            mandatory = brk[p->g[k].cluster] == BK_BREAK_MANDATORY;
        }
        if (!cut)
            continue;
        cur.g1 = k;
        cur.mandatory = mandatory;
        seg_measure(p, &cur);
        if (cur.width - cur.trail > measure) {
            /* Too wide for any line: cut between clusters, greedily. */
            ts->stats->emergency_breaks++;
            bk_diag_warn(ts->ctx->diag, ts->flow->file, p->block->line, 0,
                         "a token of %.0fpt is wider than the %.0fpt measure; "
                         "breaking it where it does not fit",
                         cur.width - cur.trail, measure);
            seg piece = {.g0 = cur.g0};
            double w = 0;
            for (size_t j = cur.g0; j < cur.g1; j++) {
                int cluster_start = j == cur.g0 || p->g[j].cluster != p->g[j - 1].cluster;
                if (cluster_start && j > piece.g0 && w + p->g[j].adv > measure) {
                    piece.g1 = j;
                    seg_measure(p, &piece);
                    if ((st = add_seg(ts, p, &cap, &piece)))
                        goto done;
                    piece.g0 = j;
                    w = 0;
                }
                w += p->g[j].adv;
            }
            cur.g0 = piece.g0;
            seg_measure(p, &cur);
        }
        if (cur.g1 > cur.g0 && (st = add_seg(ts, p, &cap, &cur)))
            goto done;
        cur.g0 = k;
    }
done:
    free(brk);
    return st;
}

/* First-fit filling: each line takes segments while their natural width
 * (without the trailing space of the last) fits the measure. Knuth–Plass
 * replaces this in the line breaking module of the typesetting-quality
 * work; the segment and line records are already what it needs. */
static bk_status close_line(typesetter *ts, para *p, size_t *cap, size_t s0,
                            size_t s1)
{
    if (p->nlines == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        pline *nl = realloc(p->lines, nc * sizeof(*nl));
        if (!nl)
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "out of memory");
        p->lines = nl;
        *cap = nc;
    }
    double indent = p->style.left_indent +
                    (p->nlines == 0 ? p->style.first_indent : 0);
    pline *ln = &p->lines[p->nlines];
    ln->s0 = s0;
    ln->s1 = s1;
    ln->indent = indent;
    ln->extra = 0; /* set by the caller, which knows the measure */
    ln->last = s1 == p->nsegs || p->segs[s1 - 1].mandatory;
    p->nlines++;
    return BK_OK;
}

static bk_status fill_lines(typesetter *ts, para *p, double measure)
{
    bk_status st;
    size_t cap = 0, s0 = 0;
    double w = 0;
    for (size_t k = 0; k < p->nsegs; k++) {
        double indent = p->style.left_indent +
                        (p->nlines == 0 ? p->style.first_indent : 0);
        double avail = measure - indent;
        if (k > s0 && w + p->segs[k].width - p->segs[k].trail > avail + 0.01) {
            if ((st = close_line(ts, p, &cap, s0, k)))
                return st;
            p->lines[p->nlines - 1].extra = avail - (w - p->segs[k - 1].trail);
            s0 = k;
            w = 0;
            indent = p->style.left_indent;
            avail = measure - indent;
        }
        w += p->segs[k].width;
        if (p->segs[k].mandatory || k + 1 == p->nsegs) {
            if ((st = close_line(ts, p, &cap, s0, k + 1)))
                return st;
            p->lines[p->nlines - 1].extra = avail - (w - p->segs[k].trail);
            s0 = k + 1;
            w = 0;
        }
    }
    ts->stats->lines += p->nlines;
    return BK_OK;
}

static void para_free(para *p)
{
    free(p->g);
    free(p->segs);
    free(p->lines);
}

/* Typesets one block of text into lines (not yet placed on a page). */
static bk_status para_set(typesetter *ts, const bk_block *b, const char *style,
                          double measure, para *p)
{
    memset(p, 0, sizeof(*p));
    p->block = b;
    p->text = b->text;
    p->len = b->len;
    p->cjk = is_zh(b->lang);
    bk_status st = bk_layout_style(ts->ctx, ts->layout, style, b->lang, &p->style);
    if (st)
        return st;
    if ((st = itemize_and_shape(ts, p)))
        return st;
    if ((st = segment(ts, p, measure - p->style.left_indent - p->style.first_indent)))
        return st;
    return fill_lines(ts, p, measure);
}

/* ---- placing lines on pages ---------------------------------------------- */

static double text_left(const typesetter *ts)
{
    /* Mirrored margins: the inner margin is on the left of odd pages. */
    return ts->page_no % 2 ? ts->geom->inner : ts->geom->outer;
}

static double measure_of(const typesetter *ts)
{
    return ts->geom->width - ts->geom->inner - ts->geom->outer;
}

static bk_status emit_folio(typesetter *ts);

static bk_status new_page(typesetter *ts)
{
    if (ts->page) {
        bk_status st = emit_folio(ts);
        if (st)
            return st;
    }
    ts->page = bk_frames_add_page(ts->frames, ts->geom->width, ts->geom->height);
    if (!ts->page)
        return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                             "out of memory");
    ts->page_no++;
    char label[32];
    snprintf(label, sizeof label, "%d", ts->page_no);
    ts->page->label = bk_strdup(label);
    ts->cursor = ts->geom->height - ts->geom->top;
    ts->stats->pages++;
    return BK_OK;
}

/* Draws line ln of p with its baseline at y, the text area starting at x0.
 * Glyphs become one run per face; trailing spaces are not drawn. */
static bk_status draw_line(typesetter *ts, const para *p, const pline *ln,
                           double x0, double y)
{
    size_t g0 = p->segs[ln->s0].g0;
    size_t g1 = p->segs[ln->s1 - 1].g1 - p->segs[ln->s1 - 1].ntrail;
    double x = x0 + ln->indent;
    double per_space = 0, per_gap = 0;
    if (p->style.align == BK_ALIGN_JUSTIFY && !ln->last && ln->extra > 0) {
        size_t spaces = 0;
        for (size_t k = g0; k < g1; k++)
            spaces += p->g[k].space;
        if (spaces && !p->cjk)
            per_space = ln->extra / (double)spaces;
        else if (ln->s1 - ln->s0 > 1)
            per_gap = ln->extra / (double)(ln->s1 - ln->s0 - 1);
    } else if (p->style.align == BK_ALIGN_CENTER) {
        x += ln->extra / 2;
    } else if (p->style.align == BK_ALIGN_RIGHT) {
        x += ln->extra;
    }
    size_t k = g0;
    while (k < g1) {
        size_t e = k;
        while (e < g1 && p->g[e].font == p->g[k].font)
            e++;
        uint32_t c0 = p->g[k].cluster, c1 = p->g[e - 1].cluster_end;
        for (size_t j = k; j < e; j++)
            if (p->g[j].cluster_end > c1)
                c1 = p->g[j].cluster_end;
        bk_glyph_run *r = bk_page_add_glyphs(ts->page, p->g[k].font, p->style.size,
                                             x, y, e - k, p->text + c0, c1 - c0);
        if (!r)
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "out of memory");
        r->color.c[0] = p->style.gray;
        for (size_t j = k; j < e; j++) {
            double adv = p->g[j].adv;
            if (p->g[j].space)
                adv += per_space;
            if (per_gap > 0 && j + 1 < g1) {
                /* last glyph of a segment, not of the line */
                for (size_t s = ln->s0; s + 1 < ln->s1; s++)
                    if (p->segs[s].g1 == j + 1)
                        adv += per_gap;
            }
            r->gids[j - k] = p->g[j].gid;
            r->advance[j - k] = adv;
            r->xoff[j - k] = p->g[j].xoff;
            r->yoff[j - k] = p->g[j].yoff;
            r->cluster[j - k] = p->g[j].cluster - c0;
            x += adv;
        }
        k = e;
    }
    return BK_OK;
}

static double baseline_in(const para *p, double top)
{
    /* Centre the em box in the line box; the em box's centre sits about
     * 0.3 em above the baseline in these fonts. */
    return top - p->style.leading / 2 - 0.3 * p->style.size;
}

static bk_status emit_folio(typesetter *ts)
{
    bk_block b = {.style = "folio", .lang = ts->flow->lang};
    char num[32];
    snprintf(num, sizeof num, "%d", ts->page_no);
    b.text = num;
    b.len = strlen(num);
    para p;
    bk_status st = para_set(ts, &b, "folio", measure_of(ts), &p);
    if (!st && p.nlines)
        st = draw_line(ts, &p, &p.lines[0], text_left(ts), ts->geom->folio);
    para_free(&p);
    return st;
}

static bk_status draw_label(typesetter *ts, const para *p, double y)
{
    bk_block b = {.style = p->block->style, .lang = p->block->lang,
                  .text = p->block->label, .len = strlen(p->block->label),
                  .line = p->block->line};
    para lp;
    bk_status st = para_set(ts, &b, p->block->style, measure_of(ts), &lp);
    if (!st && lp.nlines) {
        double w = 0;
        for (size_t k = 0; k < lp.ng; k++)
            w += lp.g[k].adv;
        pline ln = lp.lines[0];
        ln.indent = 0;
        ln.last = 1;
        double x = text_left(ts) + p->style.left_indent - w - 0.4 * p->style.size;
        st = draw_line(ts, &lp, &ln, x, y);
    }
    para_free(&lp);
    return st;
}

static double bottom_limit(const typesetter *ts) { return ts->geom->bottom; }

static int lines_fit(const typesetter *ts, double leading, size_t n)
{
    return ts->cursor - leading * (double)n >= bottom_limit(ts) - 0.01;
}

/* Steps: space before (not at a page top) -> keep with next (a heading
 * moves to the next page unless two lines of what follows fit with it) ->
 * lines, moving to a new page when one does not fit, never leaving a
 * single first line at a page foot (orphan) or a single last line at a
 * page head (widow) -> space after. */
static bk_status place_para(typesetter *ts, const para *p, const para *next)
{
    bk_status st;
    double lead = p->style.leading;
    int at_top = ts->cursor >= ts->geom->height - ts->geom->top - 0.01;
    if (!at_top)
        ts->cursor -= p->style.space_before;
    size_t need = p->nlines < 2 ? p->nlines : 2;
    double extra_next = 0;
    if (p->style.keep_with_next && next && next->nlines) {
        need = p->nlines;
        size_t nn = next->nlines < 2 ? next->nlines : 2;
        extra_next = p->style.space_after + next->style.space_before +
                     next->style.leading * (double)nn;
    }
    if (!at_top && (!lines_fit(ts, lead, need) ||
                    ts->cursor - lead * (double)need - extra_next <
                        bottom_limit(ts) - 0.01)) {
        if ((st = new_page(ts)))
            return st;
    }
    for (size_t i = 0; i < p->nlines; i++) {
        int page_top = ts->cursor >= ts->geom->height - ts->geom->top - 0.01;
        int fits = lines_fit(ts, lead, 1);
        /* Widow: the last line would go alone to the next page; take one
         * more line along if that leaves at least two here. */
        if (fits && !page_top && p->nlines >= 4 && i == p->nlines - 2 &&
            !lines_fit(ts, lead, 2))
            fits = 0;
        if (!fits) {
            if ((st = new_page(ts)))
                return st;
        }
        double y = baseline_in(p, ts->cursor);
        if (i == 0 && (strcmp(p->block->style, "heading") == 0 ||
                       strcmp(p->block->style, "title") == 0)) {
            if (!bk_page_add_bookmark(ts->page, p->block->text, p->block->level,
                                      ts->cursor))
                return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                     "out of memory");
        }
        if (i == 0 && p->block->id &&
            !bk_page_add_anchor(ts->page, p->block->id, text_left(ts), ts->cursor))
            return bk_diag_error(ts->ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "out of memory");
        if ((st = draw_line(ts, p, &p->lines[i], text_left(ts), y)))
            return st;
        if (i == 0 && p->block->label && (st = draw_label(ts, p, y)))
            return st;
        ts->cursor -= lead;
    }
    ts->cursor -= p->style.space_after;
    return BK_OK;
}

bk_status bk_typeset(bk_ctx *ctx, const bk_flow *flow, const bk_layout *layout,
                     bk_fontset *fonts, bk_frames **out,
                     bk_typeset_stats *stats)
{
    bk_status st = BK_OK;
    bk_typeset_stats dummy;
    typesetter ts = {.ctx = ctx, .flow = flow, .layout = layout, .fonts = fonts,
                     .stats = stats ? stats : &dummy,
                     .geom = bk_layout_page(layout)};
    memset(ts.stats, 0, sizeof(*ts.stats));
    para *paras = calloc(flow->n ? flow->n : 1, sizeof(*paras));
    size_t nparas = 0;
    *out = NULL;
    ts.frames = bk_frames_new();
    if (!paras || !ts.frames ||
        bk_frames_set_meta(ts.frames, flow->title, flow->lang, NULL, NULL)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* Set every block first: keep-with-next needs the next block's lines. */
    for (size_t i = 0; i < flow->n; i++, nparas++) {
        st = para_set(&ts, &flow->blocks[i], flow->blocks[i].style,
                      measure_of(&ts), &paras[i]);
        if (st)
            goto done;
    }
    if ((st = new_page(&ts)))
        goto done;
    for (size_t i = 0; i < nparas; i++) {
        st = place_para(&ts, &paras[i], i + 1 < nparas ? &paras[i + 1] : NULL);
        if (st)
            goto done;
    }
    if ((st = emit_folio(&ts)))
        goto done;
    *out = ts.frames;
    ts.frames = NULL;
done:
    for (size_t i = 0; i < nparas + (st && nparas < flow->n ? 1 : 0); i++)
        para_free(&paras[i]);
    free(paras);
    bk_frames_free(ts.frames);
    return st;
}
