/* fontinfo.h — what a PDF font descriptor needs, read straight from a
 * face's sfnt tables (head, hhea, maxp, OS/2, post, name).
 *
 * Why: FreeType reads a whole face to open it (a CJK collection's CFF
 * charset, subroutines and cmap: some 300 page faults and most of the
 * itemize stage of a short booklet), where these values sit in a few small
 * tables. The reader gives exactly what FreeType gives, by FreeType's own
 * rules, for the plain cases only: anything else (no Windows English
 * names, WWS or variable fonts, a PostScript name FreeType would reject or
 * rewrite, an Apple-only name table, monospaced CFF, damaged tables) is
 * left to FreeType (font.c), which also says why a file is not a font.
 *
 * Ownership: *family and *style and in->ps_name are allocated on success
 * (the caller frees them); nothing is allocated on failure.
 */
#ifndef BK_FONTINFO_H
#define BK_FONTINFO_H

#include <stddef.h>

#include "font.h"

/* Fills *in (but stem_v), *weight (OS/2's weight class, unchecked),
 * *family and *style from face `index` of the sfnt data[0..n). Returns 0,
 * or -1 when the face is not one of the plain cases (FreeType must read
 * it). */
int bk_fontinfo_read(const unsigned char *data, size_t n, unsigned index,
                     bk_font_info *in, long *weight, char **family, char **style);

#endif
