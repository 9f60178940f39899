/* impose.c — booklet imposition arithmetic (see impose.h). */
#include "impose.h"

#include <stdlib.h>
#include <string.h>

size_t bk_impose_padded(size_t pages) { return (pages + 3) / 4 * 4; }

size_t bk_impose_page_at(size_t pages, int back_cover, size_t pos)
{
    size_t n = bk_impose_padded(pages);
    if (pos < 1 || pos > n)
        return 0;
    if (pages == 1 || !back_cover) /* no back cover to keep last */
        return pos <= pages ? pos : 0;
    if (pos == n)
        return pages; /* the back cover stays last */
    return pos < pages ? pos : 0;
}

int bk_impose_side_pages(size_t padded, size_t s, int back, size_t *left,
                         size_t *right)
{
    if (padded == 0 || padded % 4 || s < 1 || s > padded / 4)
        return -1;
    if (!back) {
        *left = padded - 2 * s + 2;
        *right = 2 * s - 1;
    } else {
        *left = 2 * s;
        *right = padded - 2 * s + 1;
    }
    return 0;
}

double bk_impose_creep(size_t sheets, size_t s, double creep)
{
    if (sheets < 2 || s < 1 || s > sheets)
        return 0;
    return creep * (double)(s - 1) / (double)(sheets - 1);
}

int bk_impose_plan_make(size_t pages, int back_cover, double creep, bk_impose_plan *out)
{
    memset(out, 0, sizeof *out);
    if (pages == 0)
        return -1;
    size_t n = bk_impose_padded(pages), sheets = n / 4;
    bk_impose_side *sides = calloc(2 * sheets, sizeof *sides);
    if (!sides)
        return -1;
    for (size_t s = 1; s <= sheets; s++) {
        double c = bk_impose_creep(sheets, s, creep);
        for (int back = 0; back <= 1; back++) {
            size_t pos[2];
            bk_impose_side_pages(n, s, back, &pos[0], &pos[1]);
            bk_impose_side *side = &sides[2 * (s - 1) + (size_t)back];
            for (int h = 0; h < 2; h++) {
                size_t p = bk_impose_page_at(pages, back_cover, pos[h]);
                side->cell[h].page = p ? (long)p - 1 : -1;
                /* towards the fold, which is the left page's right edge
                 * and the right page's left edge */
                side->cell[h].dx = h == 0 ? c : -c;
            }
        }
    }
    out->pages = pages;
    out->padded = n;
    out->sheets = sheets;
    out->sides = sides;
    return 0;
}

void bk_impose_plan_free(bk_impose_plan *p)
{
    if (!p)
        return;
    free(p->sides);
    memset(p, 0, sizeof *p);
}
