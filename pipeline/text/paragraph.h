/* paragraph.h — setting one block of text into lines:
 * itemize (runs of one language, script and face, with per-character
 * fallback through the style's font role) -> shape (HarfBuzz) -> Chinese
 * punctuation compression -> box/glue/penalty items (UAX #14 break
 * opportunities from ICU, clreq rules, English hyphenation) -> total-fit
 * line breaking (linebreak.h) -> lines of positioned glyphs.
 * Pages are typeset.c's business: a set paragraph is a list of lines.
 *
 * Ownership: a bk_setter keeps caches (hyphenation patterns, hyphen glyphs)
 * and the line breaker's working memory (a bk_lb_scratch it owns and lends
 * to each breaking) across paragraphs, and is freed with bk_setter_free;
 * so one setter sets one paragraph at a time. bk_para_set fills a
 * caller-owned bk_para whose arrays (and kept work) bk_para_release frees;
 * its block pointer refers to the caller's block, which must outlive it
 * (and the block's text, while the paragraph keeps its work).
 */
#ifndef BK_PARAGRAPH_H
#define BK_PARAGRAPH_H

#include "bk.h"
#include "compose.h"
#include "frame.h"
#include "font.h"
#include "layout.h"
#include "report.h"

/* A glyph as drawn: advance includes justification and punctuation
 * compression. cluster is a byte offset into the block text;
 * a drawn hyphen has cluster == cluster_end == the end of its line's text
 * (it stands for no character). */
typedef struct bk_set_glyph {
    uint32_t gid;
    int16_t font;
    /* a citation mark's superior form: drawn at the text's size on its
     * baseline (bk_para_glyph_size), not scaled and raised */
    uint8_t superior;
    uint8_t spare; /* 0: the struct has no padding, so equal glyphs
                      compare equal byte for byte */
    double adv, xoff, yoff;
    uint32_t cluster, cluster_end;
} bk_set_glyph;

/* What is wrong with a set line (bk_set_line.faults), found when the
 * paragraph is set and reported, with its page, when the line is drawn
 * (docs/DIAGNOSTICS.md lists them). The first five are faults of the
 * booklet; the last two are warnings. */
enum {
    BK_LINE_OVERFULL = 1 << 0,   /* wider than the measure at full shrink */
    BK_LINE_TOO_LOOSE = 1 << 1,  /* stretched beyond the tolerance */
    BK_LINE_EMERGENCY = 1 << 2,  /* ends inside a word wider than the measure */
    BK_LINE_BAD_START = 1 << 3,  /* clreq: starts with a no-line-start character */
    BK_LINE_BAD_END = 1 << 4,    /* clreq: ends with a no-line-end character */
    BK_LINE_LONELY = 1 << 5,     /* Chinese last line of one character */
    BK_LINE_TIGHT = 1 << 6,      /* warning: spaces below 3/4 of the natural */
    BK_LINE_LOOSE = 1 << 7       /* warning: spaces above 1.5 times it */
};
/* The flags that are faults (the rest are warnings). */
#define BK_LINE_FAULTS                                                       \
    (BK_LINE_OVERFULL | BK_LINE_TOO_LOOSE | BK_LINE_EMERGENCY |              \
     BK_LINE_BAD_START | BK_LINE_BAD_END | BK_LINE_LONELY)

typedef struct bk_set_line {
    size_t g0, n;      /* glyphs [g0, g0+n) of the paragraph */
    double x;          /* left edge from the text area's left edge */
    double width;      /* drawn width */
    double ratio;      /* adjustment ratio of its glue (0 for ragged lines) */
    double track;      /* letter-spacing: pt added to every character */
    int hyphenated;    /* a hyphen is drawn at its end (a hyphenation point) */
    uint32_t text0, text1; /* byte range of the block text on this line */
    unsigned faults;   /* BK_LINE_* flags */
    double excess;     /* overfull: pt beyond the measure */
} bk_set_line;

typedef struct bk_para {
    const bk_block *block;
    const char *file;  /* the file the block came from (its own, else the setter's) */
    bk_style style;
    bk_set_glyph *g;
    size_t ng;
    bk_set_line *lines;
    size_t nlines;
    /* lines flagged tight or loose (warnings), and the first of them: more
     * than a few are summarised in one warning at the first */
    size_t nspacing, first_spacing;
    /* the block's citation marks (block->cites): their font size and
     * baseline raise, pt, when set as superscripts; size 0: as the text */
    double cite_size, cite_rise;
    /* what setting it added to the report's adjustment ratios (sum and
     * lines counted, largest), so that a setting swapped in for it (the
     * page search's looseness) can be counted instead */
    double ratio_sum, ratio_max;
    size_t ratio_lines;
    /* what bounds a setting with a line more or fewer (bk_para_may_change):
     * its lines' natural widths together (drawn hyphens included, `hyph`
     * of them), their glue's shrink, their letter-spacing's play either
     * way, their glue's non-loose stretch with that play, the widest word space and hyphenation hyphen, the
     * first and other lines' measures; known: justified, not Chinese */
    struct {
        double content, hyph, shrink, track, stretch, space, hyphen, width0, width1;
        int known;
    } fit;
    /* the setting's work (its text shaped, its items), kept when the
     * setter was asked to (bk_setter_keep) for a setting again with
     * another looseness (bk_setter_reuse); NULL: none. Owned: a copy of
     * the struct shares it, and one of the copies is released. */
    struct bk_para_work *work;
} bk_para;

/* 1 when byte off of the block's text is inside a citation mark. */
int bk_block_cite_at(const bk_block *b, size_t off);

/* The font size and baseline raise of glyph g of p: a superscript
 * citation mark's, or the style's size and 0. */
double bk_para_glyph_size(const bk_para *p, const bk_set_glyph *g, double *rise);

typedef struct bk_setter bk_setter;

/* stats (not NULL) receives counts as paragraphs are set. */
bk_setter *bk_setter_new(bk_ctx *ctx, const bk_layout *layout,
                         bk_fontset *fonts, const char *file,
                         bk_typeset_stats *stats);
void bk_setter_free(bk_setter *s);
/* Pagination's request (typeset-fill.c): the paragraphs set from now on
 * ask the line breaker for n more (or, negative, fewer) lines than their
 * best breaks (TeX's \looseness); 0 is the normal setting. */
void bk_setter_looseness(bk_setter *s, int n);
/* With a looseness: on (1), a paragraph set from now on takes it within
 * its tolerance (pass 1) or is not set at all (no lines): the page search
 * asks so for a paragraph that has no loose or tight line as set, whose
 * setting with the emergency pass's loose line it would refuse. 0 (the
 * default): TeX's passes (bk_lb_params.looseness_within). */
void bk_setter_looseness_within(bk_setter *s, int on);
/* The paragraphs set from now on (on: 1) keep their work (bk_para.work)
 * when the page search may set them again: justified, two lines or more.
 * Off (0) by default: the memory is a paragraph's glyphs and items. */
void bk_setter_keep(bk_setter *s, int on);
/* The page search's settings again: a paragraph set from now on that is
 * from's block (its text, spans, language and continuation), in its style
 * and measure, is set from from's kept work, without itemizing, shaping
 * and building its items again; the setting is the same as one made from
 * scratch (but for what preparing it reported and counted: not again).
 * The breaks of a setting with a looseness, and those of the other sign
 * where the same breaker run found them, are kept with from's work, so
 * that a setting asking for them again does not break at all.
 * NULL: none. from must outlive the settings. */
void bk_setter_reuse(bk_setter *s, const bk_para *from);
/* The page search's settings again need n lines (0: any): a paragraph
 * set from now on whose breaks certainly give another number of lines is
 * not set (bk_para_set returns it without lines, and counts nothing). */
void bk_setter_lines_needed(bk_setter *s, size_t n);
/* The counts of the paragraphs set from now on go to stats (not NULL). */
void bk_setter_stats(bk_setter *s, bk_typeset_stats *stats);
/* s hyphenates with owner's patterns (loaded by whichever sets first, and
 * kept by owner): a run's setters read a pattern file once, not each its
 * own (some 7M instructions a load). owner must outlive s. */
void bk_setter_hyphenation_from(bk_setter *s, bk_setter *owner);
/* Style `name` for language lang (NULL: none) resolved as
 * bk_layout_style resolves it in the setter's layout, from the setter's
 * memo of the styles resolved last (resolving walks the whole cascade). */
bk_status bk_setter_style(bk_setter *s, const char *name, const char *lang, bk_style *out);
/* The fonts the setter sets with (the glyph runs' font numbers). */
bk_fontset *bk_setter_fonts(const bk_setter *s);

/* Sets block b in style `style` to the measure (pt). */
bk_status bk_para_set(bk_setter *s, const bk_block *b, const char *style,
                      double measure, bk_para *out);
void bk_para_release(bk_para *p);
/* Frees p's kept work only (it will not be set again). */
void bk_para_work_drop(bk_para *p);
/* 0 when p certainly cannot be set with `more` (-1 or +1) lines more
 * without a line tighter or looser than the warnings allow, that it does
 * not have now (the page search's rule: typeset-loose.c), from its widths
 * alone; 1 when it may. A bound, so that the search sets no paragraph
 * in vain: the widths cannot fit n - 1 lines at full shrink, or cannot
 * fill n lines at the stretch a non-loose line has. */
int bk_para_may_change(const bk_para *p, int more);

/* Draws line ln of p on a page, the line's left edge at x0 + ln->x and its
 * baseline at y: one glyph run per face, with the text each run shows.
 * The line's faults are recorded in ctx->diag then (bk_para_line_report),
 * naming the page by its folio. */
bk_status bk_para_draw_line(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                            bk_page *page, double x0, double y);

/* bk_para_draw_line without recording the line's faults: for a line
 * placed before it is drawn, whose faults were recorded where it was
 * placed (bk_para_line_report), in order with the page's other messages.
 * packed: its runs as bk_page_compact leaves them (for a page already
 * made smaller), their offset arrays only where an offset is not 0. */
bk_status bk_para_draw_line_unreported(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                                       bk_page *page, double x0, double y, int packed);

/* A glyph's own pen position, for text set along a curve (a river name). */
typedef struct bk_pen {
    double x, y;
} bk_pen;
/* The same with a colour (NULL: the style's gray) and, optionally, a pen
 * position for each glyph of the line (then x0 and y are unused); *runs
 * (may be NULL) counts the glyph runs added. */
bk_status bk_para_draw_line_ex(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                               bk_page *page, double x0, double y, const bk_color *color,
                               const bk_pen *pen, size_t *runs);

/* Records the faults and warnings of line ln of p (its BK_LINE_* flags)
 * in ctx->diag, as on `page` (its folio names it): bk_diag_fault for a
 * fault, bk_diag_warn for a warning, at the paragraph's file and line. */
void bk_para_line_report(bk_ctx *ctx, const bk_para *p, const bk_set_line *ln,
                         const bk_page *page);

/* The narrowest measure block b can be set to without an emergency break
 * (its widest unbreakable piece) and the width it takes on one line, both
 * including the style's indents: what a table column needs. */
bk_status bk_para_measure(bk_setter *s, const bk_block *b, const char *style,
                          double *min_width, double *max_width);

/* A measured block's shaped text and items, kept to set it at several
 * measures without preparing it again (the timeline's trials). Owned by
 * the caller: bk_para_kept_free (NULL accepted). */
typedef struct bk_para_work bk_para_kept;
/* bk_para_measure, and *kept (when kept is not NULL): the block's work,
 * or NULL when preparing it said or counted anything (a missing glyph, a
 * face joined), which a setting must do again. */
bk_status bk_para_measure_keep(bk_setter *s, const bk_block *b, const char *style,
                               double *min_width, double *max_width, bk_para_kept **kept);
/* bk_para_set of a block with kept's text and language in kept's style
 * (the caller keys them; the same setter), from kept's items where they
 * are those this measure gives, else prepared anew; the same setting and
 * counts either way. kept NULL: bk_para_set. */
bk_status bk_para_set_kept(bk_setter *s, const bk_block *b, const char *style,
                           double measure, const bk_para_kept *kept, bk_para *out);
void bk_para_kept_free(bk_para_kept *kept);

#endif
