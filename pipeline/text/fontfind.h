/* fontfind.h — the fontconfig adapter: installed fonts by family name, and
 * installed fonts covering a character. The only code that includes
 * fontconfig.
 *
 * Ownership: a bk_fontfind owns its fontconfig configuration (loaded once,
 * on _new); a bk_fontfind_list owns its candidates and must be freed before
 * the bk_fontfind it came from. Paths returned are malloc'd and the
 * caller's.
 */
#ifndef BK_FONTFIND_H
#define BK_FONTFIND_H

#include <stdint.h>

#include "bk.h"

typedef struct bk_fontfind bk_fontfind;
typedef struct bk_fontfind_list bk_fontfind_list;

/* An installed face: file, face number in it, its family and style. */
typedef struct bk_fontfind_face {
    char *path, *family, *style;
    unsigned index;
} bk_fontfind_face;

/* Loads the system's fontconfig configuration and font list. NULL if
 * fontconfig cannot be initialised. */
bk_fontfind *bk_fontfind_new(void);
void bk_fontfind_free(bk_fontfind *ff);
void bk_fontfind_face_release(bk_fontfind_face *f);

/* The installed face of this family (case-insensitive) and style (NULL: the
 * regular one), lang (BCP 47, may be NULL) preferring faces for it.
 * Returns 0 and fills *out, or -1 if no installed face has the family (or
 * the style), -2 out of memory. */
int bk_fontfind_family(bk_fontfind *ff, const char *family, const char *style,
                       const char *lang, bk_fontfind_face *out);

/* The installed outline faces in fontconfig's order of preference for a
 * family, style and language (FcFontSort, untrimmed): closest family
 * first, then fontconfig's substitutes for it, then the rest. Colour,
 * bitmap and variable fonts are left out (the PDF backend embeds static
 * TrueType and CFF outlines). NULL if out of memory. */
bk_fontfind_list *bk_fontfind_sort(bk_fontfind *ff, const char *family,
                                   const char *style, const char *lang);
void bk_fontfind_list_free(bk_fontfind_list *l);

/* The first face of the list covering cp: 0 and *out filled, -1 none, -2
 * out of memory. */
int bk_fontfind_list_cover(const bk_fontfind_list *l, uint32_t cp,
                           bk_fontfind_face *out);

/* 1 if the realpath `real` lies in a font folder of fontconfig's
 * configuration (its <dir> entries; the configuration is read, the fonts
 * are not scanned), else 0. For ctx->dir_trusted (paths.h): asked only
 * when a path is about to be refused. */
int bk_fontfind_dir_trusted(const char *real);

#endif
