/* layout.h — booklet layout files (layouts/NAME.xml): page geometry, the font
 * configuration to use, and paragraph styles with per-language overrides.
 *
 *   <layout name="handout">
 *     <page width="148mm" height="210mm" top="16mm" bottom="20mm"
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
 * Ownership: bk_layout_load returns a layout freed with bk_layout_free.
 */
#ifndef BK_LAYOUT_H
#define BK_LAYOUT_H

#include "bk.h"

typedef enum { BK_ALIGN_JUSTIFY, BK_ALIGN_LEFT, BK_ALIGN_CENTER, BK_ALIGN_RIGHT } bk_align;

/* A resolved style: all lengths in pt. */
typedef struct bk_style {
    const char *role;     /* font role in fonts.xml */
    double size, leading;
    bk_align align;
    double first_indent, left_indent;
    double space_before, space_after;
    int keep_with_next;   /* headings: never last on a page */
    double gray;          /* text colour, 0 = black */
} bk_style;

typedef struct bk_layout bk_layout;

bk_status bk_layout_load(bk_ctx *ctx, const char *path, bk_layout **out);
void bk_layout_free(bk_layout *l);

/* Page geometry in pt. */
typedef struct bk_page_geom {
    double width, height;
    double top, bottom, inner, outer;
    double folio; /* baseline of the folio above the bottom trim edge */
} bk_page_geom;
const bk_page_geom *bk_layout_page(const bk_layout *l);
/* Absolute path of the font configuration the layout names. */
const char *bk_layout_fonts_path(const bk_layout *l);

/* Resolves style `name` for language `lang` into *out. Returns BK_EINPUT
 * (recorded) if the layout has no such style. */
bk_status bk_layout_style(bk_ctx *ctx, const bk_layout *l, const char *name,
                          const char *lang, bk_style *out);

/* Parses a length such as "12pt", "4.2mm", "1.5em" (em relative to
 * `em`). Returns 0 and sets *pt, or -1 if malformed. */
int bk_length_parse(const char *s, double em, double *pt);

#endif
