/* layout.h — booklet layout files (layouts/NAME.xml): page geometry, the font
 * configuration to use, and paragraph styles with per-language overrides.
 *
 *   <layout name="handout">
 *     <page size="A5" bleed="3mm" top="16mm" bottom="20mm"
 *           inner="16mm" outer="14mm" folio="9mm"/>
 *     <fonts href="../fonts/fonts.xml"/>
 *     <style name="body" role="body" size="10.5pt" leading="14.5pt"
 *            align="justify" first-indent="1.2em" space-after="2pt"/>
 *     <style name="body" lang="zh" leading="17pt" first-indent="2em"/>
 *   </layout>
 *
 * Lengths take mm, cm, in, pt, or em (relative to the style's size).
 * A style with a lang attribute overrides only the attributes it names, for
 * text in that language (most specific tag wins, as for fonts).
 *
 * Page size: `size` names a trim size (A3, A4, A5, A6, B5, Letter, Legal;
 * case-insensitive; portrait), or `width` and `height` give it; a `width`
 * or `height` next to `size` overrides that side. Print geometry (used only
 * by the print and imposed outputs; frames stay in trim coordinates):
 * `bleed` (default 3mm) is how far backgrounds may run past the trim;
 * crop marks start `crop-offset` (default 3mm, and never inside the bleed)
 * outside the trim and are `crop-length` (default 10mm) long.
 *
 * Ownership: bk_layout_load returns a layout freed with bk_layout_free.
 */
#ifndef BK_LAYOUT_H
#define BK_LAYOUT_H

#include "bk.h"
#include "messages.h"

typedef enum { BK_ALIGN_JUSTIFY, BK_ALIGN_LEFT, BK_ALIGN_CENTER, BK_ALIGN_RIGHT } bk_align;

/* bk_style.pretolerance when the layout does not say */
#define BK_PRETOLERANCE_AUTO (-2.0)

/* A resolved style: all lengths in pt. */
typedef struct bk_style {
    const char *role;     /* font role in fonts.xml */
    double size, leading;
    bk_align align;
    double first_indent, left_indent;
    double space_before, space_after;
    int keep_with_next;   /* headings: never last on a page */
    int hyphenate;        /* 0 for headings: never hyphenated */
    double expansion;     /* letter-spacing limit of justified text, as a
                             share of a nominal character of half an em
                             (0.02: 1% of the em per character; adjacent
                             lines differ by at most half of it) */
    double gray;          /* text colour, 0 = black */
    int hang_punctuation; /* justified Chinese: a stop or closing mark that
                             ends a line hangs outside the measure (else it
                             is set half width there) */
    /* line breaking: TeX's \pretolerance (linebreak.h), -1 for none,
     * BK_PRETOLERANCE_AUTO (the default) for the setter's own choice
     * (paragraph.c: justified Chinese has one, other text none) */
    double pretolerance;
    /* Pagination and spacing (typeset*.c): */
    double right_indent;  /* the measure is this much shorter on the right
                             (a caption inset from both margins) */
    int flush_first;      /* a block of this style that does not follow one
                             of the same style (after a title, heading, list
                             or figure) has no first-line indent */
    const char *flush_after; /* NULL: after a block of any other style; else
                             only after one of these space-separated styles
                             (owned by the layout) */
    double group_space_before, group_space_after; /* before the first and
                             after the last of consecutive blocks of this
                             style (a list's items) */
    int break_before;     /* BK_PAGE_BREAK_*: a new page before a block of this
                             style (not at the top of an empty page) */
    double space_stretch; /* how much the space above a block of this style
                             may grow so that a full page ends on the last
                             baseline of the text block */
    double line_stretch;  /* how much the leading of each of its lines may
                             grow for that, once the gaps are at their
                             space-stretch (0: never) */
    /* Inline styles (citation marks, style "citation"): */
    int super;            /* position="super": set smaller and raised */
    double scale;         /* its size, a share of the surrounding text's */
    double rise;          /* its baseline's raise, a share of that size */
    int drop_brackets;    /* brackets="drop": its brackets are not drawn
                             (the text keeps them, as ActualText) */
    int superior;         /* figures="superior": the font's superior forms
                             (OpenType sups) at the text's size, where it
                             has them; the other characters scaled and
                             raised */
} bk_style;

enum { BK_PAGE_BREAK_NONE, BK_PAGE_BREAK_PAGE, BK_PAGE_BREAK_RECTO };

typedef struct bk_layout bk_layout;

/* 1 when a block of style s that follows a block of style `prev` (NULL:
 * the first block of a text) starts flush (flush-first, flush_after). */
int bk_style_flush_after(const bk_style *s, const char *prev);

bk_status bk_layout_load(bk_ctx *ctx, const char *path, bk_layout **out);
void bk_layout_free(bk_layout *l);

/* Page geometry in pt. */
typedef struct bk_page_geom {
    double width, height;
    double top, bottom, inner, outer;
    double folio; /* baseline of the folio above the bottom trim edge */
    double bleed; /* print: bleed beyond the trim on every side */
    double crop_offset, crop_length; /* print: crop marks, from the trim */
} bk_page_geom;
const bk_page_geom *bk_layout_page(const bk_layout *l);
/* Absolute path of the font configuration the layout names. */
const char *bk_layout_fonts_path(const bk_layout *l);

/* Resolves style `name` for language `lang` into *out. Returns BK_EINPUT
 * (recorded) if the layout has no such style. */
bk_status bk_layout_style(bk_ctx *ctx, const bk_layout *l, const char *name,
                          const char *lang, bk_style *out);

/* 1 if the layout declares style `name` (for any language), else 0. */
int bk_layout_has_style(const bk_layout *l, const char *name);

/* Hyphenation for a language (from <hyphenation lang="en" patterns="..."
 * left="2" right="3" max-consecutive="2" capitalized="no"/>). */
typedef struct bk_hyphenation {
    const char *patterns; /* path of a libhyphen .dic file */
    int left, right;      /* letters kept before and after a break */
    int max_consecutive;  /* hyphenated lines in a row */
    int capitalized;      /* 0: never break words with a capital */
} bk_hyphenation;
/* The hyphenation settings for `lang` (best match), or NULL: the language
 * is never hyphenated (Vietnamese, Chinese). */
const bk_hyphenation *bk_layout_hyphenation(const bk_layout *l,
                                            const char *lang);

/* What follows the source text in a booklet, in order:
 *   <part src="../sources/treaties.xml" select="peking-clauses"/>
 *   <figure kind="timeline" src="../sources/events.xml" select="events"
 *           size="full"/>
 *   <figure kind="map" name="campaign" src="../sources/maps/campaign.xml"
 *           size="half"/>
 * src is resolved against the layout's folder. */
typedef struct bk_part {
    const char *kind;   /* "part" (text, tables), "timeline", "map" */
    const char *src;    /* TEI file, or the map's definition (docs/MAPS.md) */
    const char *select; /* xml:id of the element to include, or NULL */
    const char *name;   /* map name (keys its figure title), or NULL */
    const char *columns; /* tables: column keys to keep, in order ("party
                            @lang sources"; @lang = the booklet's
                            language), or NULL for all */
    int full_page;      /* figure: a page of its own (else half a page) */
    const char *lang;   /* the language to show it in, or NULL: the
                           booklet's (a parallel edition's first text's) */
    const char *from, *to; /* timeline: the dates to show (ISO), or NULL */
    const char *detail_from, *detail_to; /* timeline: the expanded span */
    long line;          /* in the layout file */
    const char *file;   /* that layout file (one the layout extends) */
} bk_part;
size_t bk_layout_parts(const bk_layout *l, const bk_part **parts);

/* A parallel edition: <parallel mode="columns|facing" gap="6mm"
 * alignment="../sources/alignment.xml" select="align-vi-zh-en"
 * loosen="1pt"/>. Each
 * source becomes a column (columns: side by side on one page; facing: the
 * first on left-hand pages, the second on right-hand ones). */
typedef struct bk_parallel {
    int facing;
    double gap;
    double loosen;         /* most extra leading per line (pt) a shorter
                              column may take before a link, rather than
                              leaving all its shortfall as a gap; 0: pad */
    const char *alignment; /* resolved path, or NULL */
    const char *select;
    double blank_note;     /* a column left without its text over at least
                              this height (pt) says why in a note; 0: no
                              notes; < 0: a quarter of the text height */
    int widen;             /* columns: where some texts have nothing beside
                              the others' for at least blank-note, the
                              others share the whole measure meanwhile */
} bk_parallel;
/* The layout's parallel settings, or NULL for a single text. */
const bk_parallel *bk_layout_parallel(const bk_layout *l);

/* Table rules and padding: <table padding="3pt" column-sep="6pt"
 * rule="0.3pt" head-rule="0.8pt"/> (booktabs style: a heavy rule above and below the
 * table and under its header, light rules between rows). */
typedef struct bk_table_style {
    double padding;   /* above and below the text of a cell */
    double column_sep; /* left and right of it: half the space between columns */
    double rule, head_rule;
} bk_table_style;
const bk_table_style *bk_layout_table(const bk_layout *l);

/* The kind of PDF the layout asks for (<output kind="print"/>): "reading",
 * "print" or "imposed", or NULL (reading). The command line's --output
 * wins. */
const char *bk_layout_output(const bk_layout *l);

/* The printing condition of the PDF outputs (PDF/X-4, PDF/A-2): <output-intent
 * profile="press.icc" condition="FOGRA51" info="PSO Coated v3"
 * registry="http://www.color.org"/>; the profile is a CMYK output ICC
 * profile, its path resolved against the layout file. NULL when the
 * layout names none (the program's own, color/FOGRA39L-argyll.icc). */
typedef struct bk_output_intent {
    const char *profile;             /* resolved path */
    const char *condition;           /* OutputConditionIdentifier */
    const char *info, *registry;     /* or NULL */
    const char *file;                /* the layout file naming it, and line */
    long line;
} bk_output_intent;
const bk_output_intent *bk_layout_output_intent(const bk_layout *l);

/* Front and back matter the layout asks for:
 *   <front cover="yes" contents="yes"/> <back colophon="yes"/> */
typedef struct bk_matter {
    int cover, contents, colophon;
} bk_matter;
const bk_matter *bk_layout_matter(const bk_layout *l);
/* A string of the layout in a language, e.g. <string name="contents"
 * lang="vi">Mục lục</string> (best language match; at equal fit the
 * extending layout's), else the message "string.NAME" of the program's
 * catalog for that language (messages/, English for a language without
 * one), or NULL. */
/* The program's message catalog for a language, loaded with the layout
 * (the language's own, its primary subtag's, else English), or NULL when
 * the program's data folder is unknown. */
const bk_messages *bk_layout_messages(const bk_layout *l, const char *lang);
const char *bk_layout_string(const bk_layout *l, const char *name,
                             const char *lang);

/* Parses a length such as "12pt", "4.2mm", "1.5em" (em relative to
 * `em`). Returns 0 and sets *pt, or -1 if malformed. */
int bk_length_parse(const char *s, double em, double *pt);

#endif
