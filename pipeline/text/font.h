/* font.h — fonts: the font configuration (fonts/fonts.xml: faces and roles
 * per language with fallback chains) and the FreeType adapter (face
 * metadata for PDF font descriptors). The only code that includes FreeType.
 *
 * Faces are given by file or by family name (resolved through fontconfig,
 * fontfind.h, at load time); faces found by per-character fallback are
 * added while the set is used.
 *
 * Ownership: a bk_fontset owns its fonts; fonts live as long as the set
 * (a bk_font pointer stays valid when faces are added).
 * Font files are mapped once (mmap) and shared by the shaper and the PDF
 * backend.
 */
#ifndef BK_FONT_H
#define BK_FONT_H

#include <stdint.h>

#include "bk.h"
#include "shape.h"

typedef struct bk_fontset bk_fontset;

/* The most faces a set holds (declared and fallback): a set glyph keeps
 * its face's number in 16 bits. */
#define BK_FONTSET_MAX 4096

/* Metadata a PDF font descriptor needs, in font units unless noted. */
typedef struct bk_font_info {
    const char *ps_name;  /* PostScript name */
    int is_cff;           /* 1: CFF outlines (FontFile3), 0: TrueType */
    unsigned upem;
    int ascender, descender, cap_height, x_height;
    int bbox[4];          /* xMin yMin xMax yMax */
    double italic_angle;  /* degrees */
    int flags;            /* PDF font descriptor /Flags */
    int stem_v;
} bk_font_info;

typedef struct bk_font {
    char *id;             /* face id from fonts.xml */
    char *path;
    unsigned index;       /* face index in a collection */
    const unsigned char *data; /* mapped file */
    size_t size;
    bk_face *face;        /* HarfBuzz side (shape.h) */
    bk_font_info info;
    const char *config;   /* the fonts configuration naming it (the set's) */
    long line;            /* and the line of its face there, for messages */
} bk_font;

/* Loads a font configuration file; fonts are opened lazily by
 * bk_fontset_font(). */
bk_status bk_fontset_load(bk_ctx *ctx, const char *path, bk_fontset **out);
void bk_fontset_free(bk_fontset *fs);

/* Number of faces declared, and the face with this number (opening it on
 * first use). Returns NULL with an error recorded if the file is missing or
 * not a font. */
size_t bk_fontset_count(const bk_fontset *fs);
bk_font *bk_fontset_font(bk_ctx *ctx, bk_fontset *fs, size_t i);
/* Gives back the pages of the mapped font files read so far: a subset
 * reads a page or more per glyph, megabytes of a CJK collection that
 * nothing reads again. The faces stay valid: a later read maps the pages
 * again from the page cache. */
void bk_fontset_pages_release(bk_fontset *fs);
/* Face number by id, or -1. */
int bk_fontset_find(const bk_fontset *fs, const char *id);

/* The fallback chain of face numbers for a role ("body", "heading", ...) and
 * a BCP 47 language tag; the most specific match wins ("zh-Hans" > "zh" >
 * "*"). Returns the chain length (0 = role unknown). */
size_t bk_fontset_chain(const bk_fontset *fs, const char *role,
                        const char *lang, const int **chain);
/* The face a role sets Latin letters and ASCII digits and punctuation in
 * for that language (<role ... latin="serif"/>: a Chinese text's digits
 * and Latin words in the Latin font), or -1: the chain decides. */
int bk_fontset_latin(const bk_fontset *fs, const char *role, const char *lang);

/* Per-character fallback, for a character no face of a chain covers: the
 * first installed face covering cp in fontconfig's order for the family and
 * style of the chain's first face and the language (fontfind.h). The face
 * joins the set (bk_fontset_count grows) and stays for the rest of the
 * build; answers are remembered per (first face, language, character).
 * Returns its face number, or -1: no installed face covers cp, or the
 * configuration says fallback="none". */
int bk_fontset_fallback(bk_ctx *ctx, bk_fontset *fs, int first, const char *lang,
                        uint32_t cp);

/* 1 if face i was opened (used by the backend to list fonts). */
int bk_fontset_is_open(const bk_fontset *fs, size_t i);

#endif
