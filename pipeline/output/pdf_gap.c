/* pdf_gap.c — gap widths of the PDF backend (pdf_private.h).
 *
 * clreq puts a quarter em between Han and Latin letters or digits; the
 * content stream draws it as a TJ adjustment after the glyph before the
 * gap, and text/linetags.c wraps the clusters in a Span with /ActualText.
 * Extractors that ignore ActualText (MuPDF 1.21) read a pen jump of more
 * than about 0.15 em as a space ("1860 年"). Here the gap becomes part of
 * the glyph's advance instead: the glyph is shown as a copy of itself
 * added to the subset (pdf_font.c; pdf_ttf.c, pdf_cff.c) whose advance, in the font
 * program (MuPDF measures advances there) and in /W, is width + gap, so
 * the pen lands where the next glyph starts and nothing on the page moves.
 * Gaps are rounded to 50/1000 em, so a few copies serve every line; the
 * remainder stays a TJ adjustment (under 0.03 em).
 */
#include "pdf_private.h"

#include <math.h>
#include <stdlib.h>

/* Gaps are multiples of GAP_STEP thousandths of an em. */
#define GAP_STEP 50

void bk_pdf_gapscan_item(bk_pdf_gapscan *s, const bk_item *it)
{
    if (it->kind == BK_ITEM_TAG_START) {
        s->depth++;
        if (!s->act && it->u.tag.actual)
            s->act = s->depth;
    } else if (it->kind == BK_ITEM_TAG_END && s->depth) {
        if (s->act == s->depth)
            s->act = 0;
        s->depth--;
    }
}

int bk_pdf_gap_extra(const bk_pdf_font *u, const bk_glyph_run *r, size_t i, int in_actual)
{
    if (!in_actual || r->angle != 0 || !(r->size > 0) || i >= r->n ||
        r->gids[i] >= u->nglyphs)
        return 0;
    double gap = r->advance[i] * 1000.0 / r->size - bk_pdf_font_glyph(u, r->gids[i])->width;
    if (!isfinite(gap) || gap < GAP_STEP / 2.0 || gap > 4000)
        return 0;
    return (int)llround(gap / GAP_STEP) * GAP_STEP;
}

const bk_pdf_gap *bk_pdf_gap_find(const bk_pdf_font *u, uint32_t gid, int extra)
{
    for (size_t k = 0; k < u->ngaps; k++)
        if (u->gaps[k].gid == gid && u->gaps[k].extra == extra)
            return &u->gaps[k];
    return NULL;
}

static int gap_add(bk_pdf_font *u, uint32_t gid, int extra)
{
    if ((u->ngaps & (u->ngaps - 1)) == 0) { /* 0, 1, 2, 4...: grow */
        bk_pdf_gap *ng = realloc(u->gaps, (u->ngaps ? 2 * u->ngaps : 1) * sizeof(*ng));
        if (!ng)
            return -1;
        u->gaps = ng;
    }
    u->gaps[u->ngaps++] = (bk_pdf_gap){gid, extra, 0, 0, 0};
    return 0;
}

int bk_pdf_gap_collect(bk_pdf_font *u, const bk_glyph_run *r, int in_actual)
{
    for (size_t i = 0; in_actual && i < r->n; i++) {
        int extra = bk_pdf_gap_extra(u, r, i, in_actual);
        if (extra && !bk_pdf_gap_find(u, r->gids[i], extra) &&
            gap_add(u, r->gids[i], extra))
            return -1;
    }
    return 0;
}
