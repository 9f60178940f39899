/* frame.h — the contract between layout and output. Layout produces one
 * frame per page holding positioned items only; backends (PDF, trace) draw
 * them and never know what a paragraph, table or map was.
 *
 * Coordinates are PostScript points with the origin at the bottom-left
 * corner of the trim box, y upwards (as in PDF). A glyph run's origin is
 * the pen position on the baseline of its first glyph.
 *
 * Ownership: a bk_frames owns its pages and every item's arrays and
 * strings; bk_frames_free frees everything. Fonts are referred to by their
 * number in the document's bk_fontset, which outlives the frames.
 */
#ifndef BK_FRAME_H
#define BK_FRAME_H

#include "bk.h"

typedef enum {
    BK_ITEM_GLYPHS,
    BK_ITEM_PATH,
    BK_ITEM_LINK,
    BK_ITEM_ANCHOR,
    BK_ITEM_BOOKMARK,
    BK_ITEM_TAG_START, /* opens a structure element (tagged PDF) */
    BK_ITEM_TAG_END,   /* closes the innermost open one */
    BK_ITEM_LATER      /* a placeholder of the typesetter's (bk_later): never
                          in frames it hands out */
} bk_item_kind;

/* Structure roles (docs/ARCHITECTURE.md, "Structure for tagged PDF"): the
 * standard structure types, mapped one to one by the PDF backend. */
typedef enum {
    BK_ROLE_DOCUMENT, BK_ROLE_PART, BK_ROLE_SECT,
    BK_ROLE_H1, BK_ROLE_H2, BK_ROLE_H3, BK_ROLE_H4, BK_ROLE_H5, BK_ROLE_H6,
    BK_ROLE_P, BK_ROLE_L, BK_ROLE_LI, BK_ROLE_LBL, BK_ROLE_LBODY,
    BK_ROLE_TABLE, BK_ROLE_THEAD, BK_ROLE_TBODY, BK_ROLE_TR, BK_ROLE_TH,
    BK_ROLE_TD, BK_ROLE_FIGURE, BK_ROLE_CAPTION, BK_ROLE_NOTE, BK_ROLE_LINK,
    BK_ROLE_TOC, BK_ROLE_TOCI, BK_ROLE_SPAN,
    BK_ROLE_REFERENCE, /* a citation mark: a Link inside it leads to its note */
    BK_ROLE_ARTIFACT, /* folios, running heads, rules, marks: not content */
    BK_ROLE_COUNT
} bk_role;

/* The standard name of a role ("P", "H1", "Artifact"); NULL out of range. */
const char *bk_role_name(bk_role role);

/* A colour: gray (n=1) or CMYK (n=4), components in [0,1]. */
typedef struct bk_color {
    int n;
    double c[4];
} bk_color;

typedef struct bk_glyph_run {
    int font;          /* number in the fontset */
    double size;       /* font size in pt */
    double x, y;       /* pen origin of the first glyph */
    size_t n;          /* glyph count */
    uint32_t *gids;    /* glyph ids of the original font */
    double *advance;   /* pen advance after each glyph, pt (justification
                          included) */
    double *xoff, *yoff; /* glyph offsets from the pen, pt; NULL: all 0
                            (bk_page_compact drops arrays of zeros) */
    uint32_t *cluster; /* byte offset into text where the glyph's cluster
                          starts; non-decreasing */
    char *text;        /* the source text the glyphs show (UTF-8) */
    size_t textlen;
    bk_color color;
    double angle;      /* rotation in degrees, counter-clockwise about
                          (x, y); advances and offsets are along the
                          rotated baseline; 0: upright */
} bk_glyph_run;

enum { BK_PATH_MOVE, BK_PATH_LINE, BK_PATH_CURVE, BK_PATH_CLOSE };
typedef struct bk_path_op {
    int op;
    double pt[6];      /* MOVE/LINE: x y; CURVE: x1 y1 x2 y2 x3 y3 */
} bk_path_op;

typedef struct bk_path {
    size_t n;
    bk_path_op *ops;
    int fill, stroke, evenodd;
    bk_color fill_color, stroke_color;
    double line_width;
    int line_join;     /* 0: mitre (the PDF default), 1: round, 2: bevel */
    char feature[16];  /* what a figure's path shows, for traces and tests
                          ("route", "river", "symbol", "halo"); "": none.
                          Backends draw it like any path. */
} bk_path;

typedef struct bk_link {
    double x0, y0, x1, y1; /* active rectangle */
    char *dest;            /* anchor name inside the document, or */
    char *uri;             /* an external URI */
    char *desc;            /* what it leads to, in words (a citation note's
                              text), or NULL: the backend names it */
} bk_link;

typedef struct bk_anchor {
    char *name;
    double x, y;
} bk_anchor;

typedef struct bk_bookmark {
    char *title;  /* UTF-8 */
    int level;    /* 1 = top */
    double y;     /* top of the heading on its page */
    int column;   /* 0, or the column (1 = first) of a parallel edition:
                     the outline has one tree per column, in column order,
                     then the bookmarks outside the columns */
} bk_bookmark;

/* What a table header cell heads (TH's /Scope); NONE elsewhere. */
typedef enum { BK_SCOPE_NONE, BK_SCOPE_ROW, BK_SCOPE_COLUMN, BK_SCOPE_BOTH } bk_scope;

/* TAG_START: strings are NULL when absent. lang NULL inherits; id is the
 * TEI xml:id it came from: an element continued on the next page is
 * reopened there with the same id and the backend joins the pieces. */
typedef struct bk_tag {
    bk_role role;
    char *lang;    /* BCP 47 */
    char *alt;     /* alternate text (figures) */
    char *actual;  /* replacement text where the glyphs do not spell it */
    char *id;
    bk_scope scope; /* TH: the cells it heads (PDF /Scope) */
} bk_tag;

/* A placeholder for what its producer draws in its place later:
 * pagination places a paragraph's line as one and draws it once the page
 * will not be placed again (a page placed again drops what was placed on
 * it, and most lines would be drawn two or three times). `what` and
 * `part` are the producer's; x, y where it goes, y moving with
 * bk_page_items_shift as a glyph run's would. */
typedef struct bk_later {
    const void *what, *part;
    double x, y;
} bk_later;

typedef struct bk_item {
    bk_item_kind kind;
    union {
        bk_glyph_run glyphs;
        bk_path path;
        bk_link link;
        bk_anchor anchor;
        bk_bookmark bookmark;
        bk_tag tag;   /* TAG_START only */
        bk_later later;
    } u;
} bk_item;

/* A page's number as data: how it is numbered and its number in that
 * numbering. The typesetter prints it with bk_folio_format; backends
 * derive page labels from it (PDF /PageLabels) without parsing strings. */
typedef enum {
    BK_FOLIO_NONE = 0, /* outside any numbering */
    BK_FOLIO_ARABIC,   /* 1, 2, 3 */
    BK_FOLIO_ROMAN     /* i, ii, iii (lower case) */
} bk_folio_style;

typedef struct bk_folio {
    bk_folio_style style;
    int number;        /* 1 and up */
} bk_folio;

typedef struct bk_page {
    double width, height; /* trim size, pt */
    bk_folio folio;       /* the page's number (style NONE: none) */
    size_t n, cap;
    bk_item *items;
} bk_page;

typedef struct bk_frames {
    size_t n, cap;
    bk_page **pages;
    /* document metadata for backends */
    char *title, *lang, *subject, *author, *keywords;
    int back_cover; /* the last page is the back cover (the colophon):
                       imposition keeps it last (impose.h) */
} bk_frames;

/* Writes the folio as printed ("12", "iv"; "" for none, or a number out
 * of the style's range: roman numerals stop at 3999) into buf, n bytes,
 * NUL-terminated. Returns buf. */
char *bk_folio_format(bk_folio f, char *buf, size_t n);

/* Names a page for a diagnostic: "page 12", "page iv" (its folio), or
 * "an unnumbered page"; into buf, n bytes. Returns buf. */
char *bk_page_name(const bk_page *page, char *buf, size_t n);

bk_frames *bk_frames_new(void);
void bk_frames_free(bk_frames *f);
bk_page *bk_frames_add_page(bk_frames *f, double width, double height);
/* Frees the last page (pagination placing a page again). */
void bk_frames_page_drop(bk_frames *f);
/* Metadata setters copy their strings; return 0 or -1 (OOM). */
int bk_frames_set_meta(bk_frames *f, const char *title, const char *lang,
                       const char *subject, const char *author);

/* Adds a glyph run with room for n glyphs (arrays zeroed) and a copy of the
 * text; the caller fills the arrays. The arrays are one allocation the
 * page owns (advance is its start): never freed or replaced one by one.
 * Returns NULL on OOM. */
bk_glyph_run *bk_page_add_glyphs(bk_page *p, int font, double size, double x,
                                 double y, size_t n, const char *text,
                                 size_t textlen);
/* The same with the arrays left unset, for a caller that writes all n
 * entries of every array (gids, advance, xoff, yoff, cluster): a line of
 * text is drawn this way, and zeroing its arrays first was wasted work. */
bk_glyph_run *bk_page_add_glyphs_unset(bk_page *p, int font, double size, double x,
                                       double y, size_t n, const char *text,
                                       size_t textlen);
/* The same with the offset arrays only where asked (xoff, yoff not 0),
 * NULL otherwise (all 0): a run as bk_page_compact leaves it, for a page
 * already made smaller. */
bk_glyph_run *bk_page_add_glyphs_packed(bk_page *p, int font, double size, double x,
                                        double y, size_t n, const char *text,
                                        size_t textlen, int xoff, int yoff);
/* Moves every item of src to the end of dst, in order, leaving src empty
 * (a figure draws into a scratch page, then adds what goes under it
 * first). Returns 0, or -1 when out of memory (nothing moved). */
int bk_page_take_items(bk_page *dst, bk_page *src);
/* Adds a path with room for n ops. */
bk_path *bk_page_add_path(bk_page *p, size_t n);
/* Convenience: a filled or stroked axis-aligned rectangle. */
bk_path *bk_page_add_rect(bk_page *p, double x, double y, double w, double h);
bk_link *bk_page_add_link(bk_page *p, double x0, double y0, double x1,
                          double y1, const char *dest, const char *uri);
bk_anchor *bk_page_add_anchor(bk_page *p, const char *name, double x,
                              double y);
bk_bookmark *bk_page_add_bookmark(bk_page *p, const char *title, int level,
                                  double y);
/* Opens a structure element; strings are copied (NULL: absent). */
bk_tag *bk_page_tag_start(bk_page *p, bk_role role, const char *lang,
                          const char *alt, const char *actual, const char *id);
/* Closes the innermost open element. Returns 0 or -1 (OOM). */
int bk_page_tag_end(bk_page *p);
/* Adds a placeholder (it owns nothing). Returns 0, or -1 when out of
 * memory. */
int bk_page_add_later(bk_page *p, const void *what, const void *part, double x, double y);
/* What draws a placeholder: adds its items to p; 0, or nonzero to stop. */
typedef int (*bk_later_draw)(void *data, bk_page *p, const bk_later *l);
/* Each placeholder of the page replaced, in its place, by what draw
 * adds for it (*drawn counts them). Returns 0, -1 when out of memory, or
 * what draw returned when it stopped (the placeholders from that one on
 * stay). */
int bk_page_later_draw(bk_page *p, bk_later_draw draw, void *data, size_t *drawn);
/* Moves items [from, to) of the page by dy (pt, up when positive): what
 * follows a gap that grows when the page is filled to its foot. */
void bk_page_items_shift(bk_page *p, size_t from, size_t to, double dy);
/* Frees the items from n on: the page as it was when it had n items. */
void bk_page_items_truncate(bk_page *p, size_t n);
/* Frees the glyph arrays of the page's glyph runs, which stay with no
 * glyphs (n 0) and their texts (a PDF's ToUnicode points into them): a
 * page its last output has drawn. */
void bk_page_glyphs_free(bk_page *p);
/* A finished page made smaller: offset arrays that are all zero freed
 * (NULL), the item array cut to its items. Items may still be added. */
void bk_page_compact(bk_page *p);

#endif
