/* paragraph-private.h — what paragraph.c (itemize, shape, items, the
 * setter) and paragraph-lines.c (the broken lines set, their faults, the
 * report's figures) share: the work of setting one block. Not for other
 * modules (paragraph.h is the interface). */
#ifndef BK_PARAGRAPH_PRIVATE_H
#define BK_PARAGRAPH_PRIVATE_H

#include "hyphenate.h"
#include "linebreak.h"
#include "paragraph.h"
#include "unicode.h"

/* A shaped glyph before line breaking, in pt. */
typedef struct pglyph {
    uint32_t gid;
    int font;
    double adv, xoff, yoff;
    uint32_t cluster, cluster_end;
    uint32_t cp; /* the cluster's first character */
    unsigned char space; /* the cluster is inter-word space */
    unsigned char hidden; /* a citation mark's bracket the style does not draw */
    unsigned char superior; /* a citation mark's superior form (figures="superior") */
    /* takes its line's tracking unless it ends the line: shown, and the
     * last glyph of a character that another character, not a space,
     * follows (letter-spacing goes between letters); set by build_items */
    unsigned char tracks;
} pglyph;

#define HYPH_KEPT 8 /* pattern files a setter keeps loaded */

struct bk_setter {
    bk_ctx *ctx;
    const bk_layout *layout;
    bk_fontset *fonts;
    const char *file;
    bk_typeset_stats *stats;
    /* the pattern files loaded so far, each on first use and kept: a
     * parallel edition's paragraphs alternate between languages, and
     * loading a large file into libhyphen takes seconds (hyphen-de's:
     * 2.3 s). Past HYPH_KEPT files the one loaded longest ago goes. */
    struct {
        const char *path; /* the layout's string, not owned */
        bk_hyphenator *h;
    } hyph[HYPH_KEPT];
    size_t nhyph, hyph_next; /* kept; the slot a new file replaces */
    bk_setter *hyph_owner;     /* bk_setter_hyphenation_from, or NULL */
    bk_breaker *breaker;       /* ICU line break iterators, one per locale */
    /* the line breaker's working memory, owned by the setter (made by
     * bk_setter_new, freed by bk_setter_free) and lent to each breaking
     * call: it grows to the largest paragraph once, rather than being
     * allocated and freed for every paragraph and every setting again */
    bk_lb_scratch *lb_scratch;
    uint32_t *hyphen_gid;      /* per face: the hyphen glyph, 0 = unknown */
    double *hyphen_adv;        /* per face, in font units */
    size_t nhyphen;            /* faces the two arrays hold */
    uint32_t missing[64];      /* characters already reported as missing */
    size_t nmissing;
    /* resolved styles by (name, language): resolving walks the layout's
     * whole cascade, and thousands of labels share a few styles */
    struct style_memo {
        char name[32], lang[24];
        bk_style style;
    } memo[32];
    size_t nmemo, next_memo;
    size_t last_memo;          /* the entry found last: asked first */
    /* what setting a block asks of its language, for the last few asked
     * (bk_lang_is_chinese, the Han variant and the layout's hyphenation
     * walk their lists each time); lang "" is an empty slot */
    struct lang_memo {
        char lang[24];
        int zh, simplified, vi;
        const struct bk_hyphenation *hyph;
    } lang_memo[4];
    size_t next_lang_memo;
    int looseness;             /* bk_setter_looseness */
    int looseness_within;      /* bk_setter_looseness_within */
    int keep;                  /* bk_setter_keep */
    const bk_para *reuse;      /* bk_setter_reuse */
    size_t lines_needed;       /* bk_setter_lines_needed */
};

typedef struct bk_para_breaks bk_para_breaks;

/* Work state of one paragraph; what a setting keeps (bk_para.work) for
 * the page search to set it again with another looseness: then only the
 * breaks differ (its glyphs and items are read, never changed, after
 * prepare). */
typedef struct bk_para_work {
    bk_setter *s;
    const bk_block *block;
    bk_style style;
    const char *text;
    size_t len;
    int zh;        /* Chinese: inter-character justification, clreq */
    int vi;        /* Vietnamese: break only at spaces */
    int simplified; /* Simplified Chinese: stops sit in the em's left half */
    pglyph *g;
    size_t ng, capg;
    bk_lb_item *items;
    size_t *ig0, *ig1; /* glyph range of each item */
    /* letter-spacing (pt per character): the most a line may take, and
     * the play the breaker counts: all of it to stretch, half of it to
     * shrink (with the spaces at their shrink limit, adjacent shrunk lines
     * then never need tracking further apart than the limit allows, and a
     * stretched line can always give its tracking back to its spaces:
     * tracking.h) */
    double track_limit, track_stretch, track_shrink;
    /* ragged text: play of each box (a share of its width, the style's
     * expansion) that only the breaker sees */
    double rag_play;
    size_t nitems, capitems;
    int last_box; /* the last item pushed is a box (build_items) */
    /* while shaping: the character starting at each byte offset, as
     * itemize decoded it (only those offsets written) */
    uint32_t *cp_at;
    unsigned char *brk;  /* ICU break opportunities per byte */
    unsigned char *hyph; /* hyphenation point after byte i */
    int measuring;       /* bk_para_measure: count nothing in the report */
    /* the widest box run build_items compared with the narrowest line:
     * the same items come out for any narrowest at least this wide */
    double reach;
    /* the breaker's tolerance (badness 100|r|^3) and emergency stretch
     * (pt): a line looser than the emergency pass accepts is a fault */
    double tolerance, es;
    /* what a kept work was prepared from (work_reusable) */
    const char *block_text, *block_lang, *style_name;
    const bk_span *block_spans;
    int block_continued;
    double widths[2];
    /* citation marks: their size and raise (the layout's "citation"
     * style; 0 and 0 where it has none: set as the text around them) */
    double cite_size, cite_rise;
    int cite_drop; /* its brackets are not drawn */
    int cite_superior; /* the font's superior forms where it has them */
    /* a kept work: the breaks found for settings again with a looseness
     * (paragraph-breaks.c), owned; NULL: none */
    bk_para_breaks *breaks;
    /* the breaker's reading of the items (prefix sums, breakpoints), made
     * when this work was broken first and read by every breaking of it
     * after (the page search sets a kept work again with other
     * loosenesses and line counts), owned; NULL: none yet */
    bk_lb_sums *lb_sums;
} work;

/* The penalty of a break inside a token wider than the measure: only
 * these items carry it, so a line ending at one is known. */
#define EMERGENCY_PENALTY 5000.0
/* A word space shrinks by at most this share of itself: the font's
 * shrink limit (TeX's fonts: a third; book typography: to about 0.7 of the
 * space; letter-spacing goes between letters, so it does not narrow a
 * space as seen). It stretches by as much before its badness reaches
 * TeX's 100: badness then measures how far the spaces are from the
 * natural ones, either way, which is what a reader sees (TeX's half of
 * the space to stretch against a third to shrink makes the breaker prefer
 * loose lines to tight ones that look better). */
#define SPACE_SHRINK 0.29
#define SPACE_STRETCH 0.29

/* Warnings, by the word spaces as set against the natural ones (what a
 * page check measures): below 3/4 is tight, above 1.5 loose. */
#define TIGHT_SPACE 0.75
#define LOOSE_SPACE 1.5
/* Justified Chinese breaks between any two characters, and its gaps may
 * open by a quarter em each: at TeX's tolerance 200 a line's worth of
 * breaks stays active, most of them for lines nobody would choose. Its
 * lines are nearly all one length, so a first pass that takes only
 * TeX's "decent" lines (badness 12 at most: gaps opened by an eighth of
 * an em or less) mostly sets the paragraph, the same way, at a fraction
 * of the cost; where it cannot, the normal passes run (TeX's
 * \pretolerance). A style's pretolerance replaces it. */
#define ZH_PRETOLERANCE 12

/* Out of memory, reported; its status. */
bk_status bk_para_oom(bk_setter *s);
/* The hyphen glyph of face `font` (U+2010, else U+002D) in *gid, 0 if none;
 * its advance at the style's size. */
double bk_para_hyphen_width(work *w, int font, uint32_t *gid);

/* paragraph-lines.c: the n broken lines lb into p (letter-spacing chosen,
 * glue set, glyphs placed, faults flagged, the bounds of a setting a line
 * longer or shorter kept); widths: the first and the other lines' measure. */
bk_status bk_para_lines_set(work *w, const bk_lb_line *lb, size_t n, const double *widths,
                            bk_para *p);
/* paragraph-breaks.c: the breaker's lines for w's items at widths (the
 * first and the other lines') and prm, as bk_lb_break gives them, into
 * *lb (malloc'd) and *ls. From `kept` (the work w is a copy of, NULL:
 * none) with a looseness other than 0: the breaks kept there, or found
 * by one run for that looseness and the other sign, both then kept.
 * sums: where the breaker keeps its reading of w's items
 * (bk_lb_break_sums): the lb_sums of the work that owns w's items, when
 * they may be broken again, else NULL. */
bk_status bk_para_break(bk_setter *s, work *kept, const work *w, bk_lb_sums **sums,
                        const double *widths, const bk_lb_params *prm, bk_lb_line **lb,
                        size_t *nlb, bk_lb_stats *ls);
void bk_para_breaks_free(bk_para_breaks *b); /* NULL: nothing */
/* 0 when the n broken lines lb of w certainly set into other than `need`
 * lines (bk_para_lines_set drops a line without glyphs); 1 when they may
 * set into `need`. */
int bk_para_lines_may_count(const work *w, const bk_lb_line *lb, size_t n, size_t need);
/* 0 when no breaks of w's items into `need` lines (widths[0] the first's
 * measure, widths[1] the others') leave every line within its measure at
 * full shrink: each such setting has an overfull line; 1 when some may.
 * A bound from the items alone, before any breaking (see the .c file). */
int bk_para_lines_may_fit(const work *w, const double *widths, size_t need);
/* clreq prohibitions at line edges and Chinese one-character last lines,
 * counted in the report and flagged on the lines. */
void bk_para_lines_check(work *w, bk_para *p);
/* The report's adjustment ratios of a justified paragraph into p. */
void bk_para_ratios(bk_para *p);

#endif
