/* shape.h — the HarfBuzz adapter: the only code that includes hb.h.
 * Shaping of text runs and font subsetting (hb-subset).
 *
 * Ownership: a bk_face is created over font data the caller keeps alive and
 * is freed with bk_face_free. Glyph arrays from bk_face_shape belong to the
 * caller (free()); a view from bk_face_shape_view is the face's cache.
 */
#ifndef BK_SHAPE_H
#define BK_SHAPE_H

#include "bk.h"

typedef struct bk_face bk_face;

/* One shaped glyph; positions in font units. cluster is a byte offset into
 * the text passed to bk_face_shape. */
typedef struct bk_glyph {
    uint32_t gid;
    uint32_t cluster;
    int32_t x_advance, y_advance, x_offset, y_offset;
} bk_glyph;

bk_face *bk_face_new(const unsigned char *data, size_t size, unsigned index);
void bk_face_free(bk_face *f);
unsigned bk_face_upem(const bk_face *f);
unsigned bk_face_glyph_count(const bk_face *f);
/* 1 if the font's cmap maps cp to a glyph. */
int bk_face_has_char(const bk_face *f, uint32_t cp);
/* Horizontal advance of a glyph in font units. */
int bk_face_glyph_advance(const bk_face *f, uint32_t gid);

/* A glyph's outline as it is drawn, in font units (y up): kind 0 move to
 * (x y), 1 line to (x y), 2 cubic curve to (x1 y1 x2 y2 x y; quadratic
 * curves are raised to cubics), 3 close. */
typedef void (*bk_outline_fn)(void *data, int kind, const double *pt);
/* Calls fn for each piece of glyph gid's outline (none for a blank or
 * unknown glyph). The face keeps each outline it drew for the next call. */
void bk_face_glyph_outline(bk_face *f, uint32_t gid, bk_outline_fn fn, void *data);

/* Shapes text[start, start+len) with the whole text as context.
 * lang: BCP 47 tag; script: ISO 15924 tag packed big-endian (see unicode.h);
 * features: HarfBuzz feature string list separated by commas, or NULL. */
bk_status bk_face_shape(bk_ctx *ctx, bk_face *f, const char *text,
                        size_t textlen, size_t start, size_t len,
                        const char *lang, uint32_t script,
                        const char *features, bk_glyph **out, size_t *n);

/* bk_face_shape without features, sparing the copy of a run the face's
 * cache holds: then *view points at its glyphs (kept while the face
 * lives; their clusters count from start, not from the text's start) and
 * *out is NULL; else *view is NULL and *out, *n are bk_face_shape's. */
bk_status bk_face_shape_view(bk_ctx *ctx, bk_face *f, const char *text,
                             size_t textlen, size_t start, size_t len,
                             const char *lang, uint32_t script,
                             const bk_glyph **view, bk_glyph **out, size_t *n);

/* Subsets the face to the given glyphs (plus .notdef and what they need),
 * dropping layout tables a PDF does not use. *data (malloc'd) receives the
 * font program: for CFF faces the bare CFF table, for TrueType a whole sfnt.
 * map[old gid] = new gid is filled for every old gid below
 * bk_face_glyph_count(); unused entries are set to 0. Returns BK_EINPUT,
 * with no message, when HarfBuzz cannot subset the face (a damaged font
 * file: the caller, which knows where it came from, says so). */
bk_status bk_face_subset(bk_ctx *ctx, bk_face *f, const uint32_t *gids,
                         size_t n, int is_cff, unsigned char **data,
                         size_t *size, uint32_t *map);

#endif
