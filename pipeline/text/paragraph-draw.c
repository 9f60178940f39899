/* paragraph-draw.c — a set paragraph's lines into a page of the frame,
 * and the faults of each line drawn, reported where it lands (page and
 * line of the paragraph): the setter's other half (see paragraph.h). */
#include "paragraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linetags.h"
#include "srcpos.h"
#include "unicode.h"

/* ---- faults of the lines drawn ----------------------------------------- */

/* More tight or loose lines in one paragraph than this are one warning. */
#define SPACING_SUMMARY 3
/* One fault or warning of a line: "page 7, line 3 of the paragraph: ...". */
static void line_say(bk_ctx *ctx, const bk_para *p, const char *where, int fault,
                     const char *what)
{
    long line = p->block ? p->block->line : 0;
    if (fault)
        bk_diag_fault(ctx->diag, ctx->strict, p->file, line, 0, "%s: %s", where, what);
    else
        bk_diag_warn(ctx->diag, p->file, line, 0, "%s: %s", where, what);
}

/* Lines with faults listed one by one per paragraph; the rest of the
 * paragraph's are one fault (a long paragraph in a narrow measure would
 * otherwise bury everything else). */
#define FAULT_LIST 10

/* Whether line ln of p is one whose faults are listed; at the first that
 * is not, says how many more there are (a fault itself). */
static int line_listed(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                       const char *where)
{
    if (!(ln->faults & BK_LINE_FAULTS) || ln < p->lines || ln >= p->lines + p->nlines)
        return 1;
    size_t rank = 0, more = 0, last = 0;
    for (const bk_set_line *l = p->lines; l < ln; l++)
        rank += (l->faults & BK_LINE_FAULTS) != 0;
    if (rank < FAULT_LIST)
        return 1;
    if (rank > FAULT_LIST)
        return 0;
    for (const bk_set_line *l = ln; l < p->lines + p->nlines; l++)
        if (l->faults & BK_LINE_FAULTS) {
            more++;
            last = (size_t)(l - p->lines) + 1;
        }
    char what[160];
    snprintf(what, sizeof what, "%zu more lines of the paragraph have faults, from "
             "here to its line %zu (--report counts them)", more, last);
    line_say(ctx, p, where, 1, what);
    return 0;
}

/* The character c as UTF-8 and U+ code, for a message. */
static void char_name(uint32_t c, char *buf, size_t n)
{
    char utf[5] = {0};
    bk_utf8_encode(c, utf);
    snprintf(buf, n, "'%s' (U+%04X)", utf, (unsigned)c);
}

void bk_para_line_report(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                         const bk_page *page)
{
    char where[96], pg[48], what[160], ch[32];
    unsigned f = ln->faults;
    if (!f || !ctx)
        return;
    bk_page_name(page, pg, sizeof pg);
    /* a copy of a line (a list label) is not one of the paragraph's */
    if (ln >= p->lines && ln < p->lines + p->nlines)
        snprintf(where, sizeof where, "%s, line %zu of the paragraph", pg,
                 (size_t)(ln - p->lines) + 1);
    else
        snprintf(where, sizeof where, "%s", pg);
    const char *t = p->block ? p->block->text : NULL;
    if (!line_listed(ctx, p, ln, where))
        f &= ~(unsigned)BK_LINE_FAULTS;
    if (f & BK_LINE_OVERFULL) {
        snprintf(what, sizeof what, "overfull line: %.1f pt wider than the measure",
                 ln->excess);
        line_say(ctx, p, where, 1, what);
    }
    if ((f & BK_LINE_TOO_LOOSE) && ln->ratio > 0) {
        snprintf(what, sizeof what, "line stretched beyond the emergency tolerance "
                 "(adjustment ratio %.2f)", ln->ratio);
        line_say(ctx, p, where, 1, what);
    } else if (f & BK_LINE_TOO_LOOSE) {
        line_say(ctx, p, where, 1, "underfull line: nothing on it can stretch to "
                                   "fill the justified measure");
    }
    if (f & BK_LINE_EMERGENCY)
        line_say(ctx, p, where, 1, "emergency break: text with no break point is "
                                   "wider than the measure and is broken at the end "
                                   "of this line");
    if ((f & BK_LINE_BAD_START) && t) {
        char_name(bk_utf8_first(t, ln->text0, ln->text1), ch, sizeof ch);
        snprintf(what, sizeof what, "kinsoku: the line starts with %s, which clreq "
                 "keeps off a line start", ch);
        line_say(ctx, p, where, 1, what);
    }
    if ((f & BK_LINE_BAD_END) && t) {
        char_name(bk_utf8_last(t, ln->text0, ln->text1), ch, sizeof ch);
        snprintf(what, sizeof what, "kinsoku: the line ends with %s, which clreq "
                 "keeps off a line end", ch);
        line_say(ctx, p, where, 1, what);
    }
    if (f & BK_LINE_LONELY)
        line_say(ctx, p, where, 1, "the last line of the paragraph holds a single "
                                   "character");
    if ((f & (BK_LINE_TIGHT | BK_LINE_LOOSE)) && p->nspacing <= SPACING_SUMMARY) {
        snprintf(what, sizeof what, "%s line (adjustment ratio %.2f)",
                 f & BK_LINE_TIGHT ? "tight" : "loose", ln->ratio);
        line_say(ctx, p, where, 0, what);
    } else if ((f & (BK_LINE_TIGHT | BK_LINE_LOOSE)) && ln == p->lines + p->first_spacing) {
        snprintf(what, sizeof what, "%zu lines of the paragraph are tight or loose, "
                 "the first here", p->nspacing);
        line_say(ctx, p, where, 0, what);
    }
}

double bk_para_glyph_size(const bk_para *p, const bk_set_glyph *g, double *rise)
{
    int cite = p->cite_size > 0 && p->block && !g->superior &&
               g->cluster < g->cluster_end && bk_block_cite_at(p->block, g->cluster);
    *rise = cite ? p->cite_rise : 0;
    return cite ? p->cite_size : p->style.size;
}

/* Writes every entry of run r's arrays (they are unset) from its n
 * glyphs g, and moves the pen x past them. With pens (one per glyph), the
 * steps between them are the advances. */
static void run_fill(bk_glyph_run *r, const bk_set_glyph *g, size_t n, const bk_pen *pen,
                     double ry, uint32_t c0, double *x)
{
    uint32_t *gids = r->gids, *cluster = r->cluster;
    double *advance = r->advance, *xoff = r->xoff, *yoff = r->yoff, px = *x;
    if (!pen) { /* most lines: the loops without a test per glyph */
        for (size_t i = 0; i < n; i++) {
            gids[i] = g[i].gid;
            cluster[i] = g[i].cluster - c0;
            advance[i] = g[i].adv;
            px += g[i].adv;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            gids[i] = g[i].gid;
            cluster[i] = g[i].cluster - c0;
            px += g[i].adv;
        }
    }
    for (size_t i = 0; xoff && i < n; i++)
        xoff[i] = g[i].xoff;
    if (!pen) {
        for (size_t i = 0; yoff && i < n; i++)
            yoff[i] = g[i].yoff + 0.0; /* as with pens: a -0 offset reads +0 */
    } else {
        for (size_t i = 0; i < n; i++) {
            advance[i] = i + 1 < n ? pen[i + 1].x - pen[i].x : g[i].adv;
            yoff[i] = g[i].yoff + (pen[i].y - ry);
        }
    }
    *x = px;
}

/* The end of the run that starts at glyph k of a line of n glyphs g: the
 * same face (and size and rise when citation marks are set smaller, as
 * sizes says), cut where a Span of lt starts or ends; [*c0, *c1) is the
 * text its clusters cover, and *xo and *yo whether any of its glyphs has
 * an x or a y offset not 0 (as bk_page_compact tells: -0 is 0). */
static size_t run_end(const bk_para *p, const bk_set_glyph *g, size_t n, size_t k,
                      int sizes, const bk_line_tags *lt, uint32_t *c0, uint32_t *c1,
                      int *xo, int *yo)
{
    double rise, size = bk_para_glyph_size(p, &g[k], &rise), r2;
    size_t e = k + 1;
    const int font = g[k].font;
    if (!sizes) /* (most paragraphs: the face alone cuts) */
        while (e < n && g[e].font == font)
            e++;
    else
        while (e < n && g[e].font == font && bk_para_glyph_size(p, &g[e], &r2) == size &&
               r2 == rise)
            e++;
    e = bk_line_tags_cut(lt, k, e);
    /* the offsets' bits, or'ed: an offset is not 0 when a bit but the
     * sign's is set (a NaN too, as != 0 says) */
    uint32_t lo = g[k].cluster, hi = g[k].cluster_end;
    uint64_t xbits = 0, ybits = 0;
    for (size_t j = k; j < e; j++) {
        uint64_t xb, yb;
        memcpy(&xb, &g[j].xoff, sizeof xb);
        memcpy(&yb, &g[j].yoff, sizeof yb);
        xbits |= xb;
        ybits |= yb;
        lo = g[j].cluster < lo ? g[j].cluster : lo;
        hi = g[j].cluster_end > hi ? g[j].cluster_end : hi;
    }
    *c0 = lo;
    *c1 = hi;
    *xo = (xbits << 1) != 0;
    *yo = (ybits << 1) != 0;
    return e;
}

/* Draws line ln of p with its baseline at y, the text area starting at x0:
 * one glyph run per face and size, cut where a Span of linetags.h starts or
 * ends; packed (without pens): each run as bk_page_compact leaves it. */
static bk_status line_draw(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                           bk_page *page, double x0, double y, const bk_color *color,
                           const bk_pen *pen, size_t *runs, int packed)
{
    double x = x0 + ln->x;
    const bk_set_glyph *g = p->g + ln->g0;
    size_t k = 0;
    bk_line_tags lt;
    if (bk_line_tags_find(&lt, p, ln))
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    /* without citation marks set smaller, every glyph has the paragraph's
     * size and no rise: runs change with the face only */
    int sizes = p->cite_size > 0 && p->block;
    while (k < ln->n) {
        double rise, size = bk_para_glyph_size(p, &g[k], &rise);
        uint32_t c0, c1;
        int xs, ys; /* offsets used */
        size_t e = run_end(p, g, ln->n, k, sizes, &lt, &c0, &c1, &xs, &ys);
        if (bk_line_tags_open(&lt, page, p, ln, k, x0, y)) {
            bk_line_tags_release(&lt);
            return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        }
        /* A hyphen drawn at a break is given the text "-" at the end of its
         * line: text extractors (poppler's pdftotext among them) join a
         * line ending in "-" to the next and drop the hyphen, giving the
         * whole word back. (U+00AD or U+2010 are kept by poppler as
         * characters, so the word would come back split.) */
        int hyphen = ln->hyphenated && e == ln->n && g[e - 1].cluster == ln->text1 &&
                     g[e - 1].cluster_end == ln->text1;
        char small[256];
        const char *text = p->block->text + c0;
        size_t tlen = c1 - c0;
        char *big = NULL;
        if (hyphen) {
            char *buf = tlen + 1 <= sizeof small ? small : (big = malloc(tlen + 1));
            if (!buf)
                return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                     "out of memory");
            memcpy(buf, text, tlen);
            memcpy(buf + tlen, "-", 1);
            text = buf;
            tlen += 1;
        }
        double rx = pen ? pen[k].x : x, ry = (pen ? pen[k].y : y) + rise;
        int xo = packed && !pen ? xs : 1, yo = packed && !pen ? ys : 1;
        bk_glyph_run *r = bk_page_add_glyphs_packed(page, g[k].font, size, rx, ry, e - k,
                                                    text, tlen, xo, yo);
        free(big);
        if (!r) {
            bk_line_tags_release(&lt);
            return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                                 "out of memory");
        }
        if (color)
            r->color = *color;
        else
            r->color.c[0] = p->style.gray;
        if (runs)
            (*runs)++;
        run_fill(r, g + k, e - k, pen ? pen + k : NULL, ry, c0, &x);
        k = e;
        if (bk_line_tags_close(&lt, page, k)) {
            bk_line_tags_release(&lt);
            return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        }
    }
    bk_line_tags_release(&lt);
    return BK_OK;
}

bk_status bk_para_draw_line_ex(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                               bk_page *page, double x0, double y, const bk_color *color,
                               const bk_pen *pen, size_t *runs)
{
    bk_para_line_report(ctx, p, ln, page);
    return line_draw(ctx, p, ln, page, x0, y, color, pen, runs, 0);
}

bk_status bk_para_draw_line(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                            bk_page *page, double x0, double y)
{
    return bk_para_draw_line_ex(ctx, p, ln, page, x0, y, NULL, NULL, NULL);
}

bk_status bk_para_draw_line_unreported(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                                       bk_page *page, double x0, double y, int packed)
{
    return line_draw(ctx, p, ln, page, x0, y, NULL, NULL, NULL, packed);
}
