/* paragraph-lines.c — a paragraph's broken lines set: letter-spacing
 * chosen for each (tracking.h), glue set, glyphs placed, a hyphen drawn at
 * a hyphenation point, faults and warnings flagged, the report's figures
 * and the bounds the page search asks (bk_para_may_change); the other half
 * of paragraph.c, which makes the items the breaker breaks. */
#include "paragraph-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clreq.h"
#include "tracking.h"
#include "unicode.h"


/* The adjustment ratio of a stretched line as the breaker's emergency
 * pass judges it: its shortfall over its own stretch (glue and
 * letter-spacing play, line_play's sums) plus the emergency stretch. */
static double emergency_ratio(const work *w, const bk_track_line *tl)
{
    return tl->play + w->es > 0 ? tl->shortfall / (tl->play + w->es) : BK_LB_INFINITY;
}

/* The BK_LINE_* flags that the line's spacing and its break earn. A
 * stretched line is a fault only beyond the emergency tolerance (what even
 * the emergency pass would refuse); beyond TeX's "very loose" it is a
 * warning, judged (as "tight") on its spaces as set (`set`, after
 * letter-spacing took its share). */
static unsigned line_spacing_faults(const work *w, const bk_lb_line *l,
                                    const bk_track_line *tl, int just, double set)
{
    unsigned f = 0;
    double re = just && l->ratio > 0 ? emergency_ratio(w, tl) : 0;
    double seen = 1 + set * (set > 0 ? SPACE_STRETCH : SPACE_SHRINK);
    if (l->ratio < -1)
        f |= BK_LINE_OVERFULL;
    else if (re > 0 && 100.0 * re * re * re > w->tolerance)
        f |= BK_LINE_TOO_LOOSE;
    else if (just && seen > LOOSE_SPACE)
        f |= BK_LINE_LOOSE;
    else if (just && seen < TIGHT_SPACE)
        f |= BK_LINE_TIGHT;
    if (l->end < w->nitems && w->items[l->end].kind == BK_LB_PENALTY &&
        w->items[l->end].penalty == EMERGENCY_PENALTY)
        f |= BK_LINE_EMERGENCY;
    return f;
}

/* Whether glyph k, the last of the line's glyphs being `last`, takes the
 * line's tracking: the last glyph of each character, unless a space or
 * the line's end follows (letter-spacing goes between letters). */
static int tracked(const work *w, size_t k, size_t last)
{
    return k < last && w->g[k].tracks;
}

/* The last glyph of the boxes of items [start, end), or SIZE_MAX. */
static size_t last_box_glyph(const work *w, size_t start, size_t end)
{
    for (size_t i = end; i-- > start;)
        if (w->items[i].kind == BK_LB_BOX && w->ig1[i] > w->ig0[i])
            return w->ig1[i] - 1;
    return (size_t)-1;
}

/* The measures of line l that tracking.h shares between spaces and
 * letter-spacing. A ragged line, one with fil glue, the paragraph's last
 * line and a short line with nothing to stretch keep tracking 0. */
static void line_play(const work *w, const bk_lb_line *l, double avail, int just,
                      bk_track_line *tl)
{
    size_t end = l->end < w->nitems ? l->end : w->nitems;
    size_t last = last_box_glyph(w, l->start, end);
    double nat = 0;
    int fil = 0;
    memset(tl, 0, sizeof(*tl));
    for (size_t i = l->start; i < end; i++) {
        const bk_lb_item *it = &w->items[i];
        if (it->kind == BK_LB_PENALTY)
            continue;
        nat += it->width;
        if (isfinite(it->stretch))
            tl->play += it->stretch;
        if (it->kind == BK_LB_BOX) {
            /* its glyphs k < last that take tracking: those with tracks,
             * less last itself when the box holds it (without tracking
             * the count is only ever multiplied by a tracking of 0: not
             * counted) */
            if (w->track_limit == 0)
                continue;
            size_t chars = 0;
            for (size_t k = w->ig0[i]; k < w->ig1[i]; k++)
                chars += w->g[k].tracks;
            if (w->ig0[i] <= last && last < w->ig1[i])
                chars -= w->g[last].tracks;
            tl->chars += chars;
        } else if (!isfinite(it->stretch)) {
            fil = 1;
        } else {
            tl->stretch += it->stretch;
            tl->shrink += it->shrink;
            if (w->ig1[i] > w->ig0[i] && w->g[w->ig0[i]].space) {
                tl->spaces++;
                tl->space += it->width;
            }
        }
    }
    if (l->end < w->nitems && w->items[l->end].kind == BK_LB_PENALTY)
        nat += w->items[l->end].width;
    tl->shortfall = avail - nat;
    tl->ragged = fil || l->end >= w->nitems;
    tl->fixed = !just || l->start >= end || l->ratio >= BK_LB_INFINITY;
}

/* The glyphs of items [start, end) of one line into p->g after its p->ng
 * (the line's own from there), as set_line says; returns the room before
 * the first glyph (glue without glyphs there), with the sum of the
 * glyphs' advances as set, in order, in *drawn (0 when none) and their
 * largest cluster end in *text1. Counts kept in locals: the
 * stores into p->g cannot then be taken to change them. */
static double place_glyphs(const work *w, size_t start, size_t end, size_t last, double ratio,
                           double track, bk_para *p, double *drawn, uint32_t *text1)
{
    bk_set_glyph *dst = p->g;
    size_t ng = p->ng, g0 = p->ng;
    double x = 0, sum = 0;
    uint32_t t1 = 0;
    for (size_t i = start; i < end; i++) {
        const bk_lb_item *it = &w->items[i];
        if (it->kind == BK_LB_PENALTY)
            continue;
        double extra = 0;
        if (it->kind == BK_LB_GLUE) {
            double set = it->width;
            if (isfinite(it->stretch) && ratio > 0)
                set += ratio * it->stretch;
            else if (ratio < 0)
                set += ratio * it->shrink;
            if (w->ig1[i] == w->ig0[i]) {
                /* no glyph of its own: widen the glyph before it */
                if (ng > g0)
                    dst[ng - 1].adv += set;
                else
                    x += set;
                continue;
            }
            extra = (set - it->width) / (double)(w->ig1[i] - w->ig0[i]);
        }
        for (size_t k = w->ig0[i]; k < w->ig1[i]; k++) {
            const pglyph *pg = &w->g[k];
            if (pg->hidden)
                continue;
            double adv = pg->adv;
            if (it->kind == BK_LB_GLUE)
                adv += extra;
            else if (tracked(w, k, last))
                adv += track;
            /* the glyph before is final now (glue without glyphs widens
             * it until another glyph comes): summed in order */
            if (ng > g0)
                sum += dst[ng - 1].adv;
            if (pg->cluster_end > t1)
                t1 = pg->cluster_end;
            bk_set_glyph *sg = &dst[ng++]; /* every field: no padding */
            sg->gid = pg->gid;
            sg->font = (int16_t)pg->font;
            sg->superior = pg->superior;
            sg->spare = 0;
            sg->adv = adv;
            sg->xoff = pg->xoff;
            sg->yoff = pg->yoff;
            sg->cluster = pg->cluster;
            sg->cluster_end = pg->cluster_end;
        }
    }
    if (ng > g0)
        sum += dst[ng - 1].adv;
    p->ng = ng;
    *drawn = sum;
    *text1 = t1;
    return x;
}

/* One line into positioned glyphs: glue set to width + ratio * stretch
 * (or shrink); glue without glyphs widens the glyph before it; every
 * character of a box (the last glyph of each cluster) gains `track`; a
 * hyphen is drawn at a hyphenation point (not after an explicit hyphen or
 * dash, which is already there). */
static void set_line(work *w, const bk_lb_line *l, const bk_track_line *tl,
                     double track, size_t li, double avail, bk_para *p)
{
    bk_setter *s = w->s;
    bk_set_line *out = &p->lines[p->nlines];
    int just = w->style.align == BK_ALIGN_JUSTIFY;
    double ratio = tl->fixed ? 0 : bk_track_ratio(tl, track);
    if (tl->ragged && ratio > 0)
        ratio = 0; /* the fil glue takes the slack */
    if (ratio >= BK_LB_INFINITY)
        ratio = 0; /* short with nothing to stretch: ragged */
    out->faults = line_spacing_faults(w, l, tl, just, ratio);
    if (out->faults & BK_LINE_TOO_LOOSE)
        s->stats->loose_lines++;
    if (l->ratio < -1)
        s->stats->overfull_lines++;
    if (ratio < -1)
        ratio = -1;
    out->g0 = p->ng;
    out->ratio = ratio;
    out->track = track;
    size_t end = l->end < w->nitems ? l->end : w->nitems;
    size_t last = last_box_glyph(w, l->start, end);
    out->hyphenated = l->hyphenated && l->end < w->nitems && w->items[l->end].width > 0;
    double drawn; /* summed in order, the hyphen last */
    uint32_t text1;
    double x = place_glyphs(w, l->start, end, last, ratio, track, p, &drawn, &text1);
    out->n = p->ng - out->g0;
    if (out->n) {
        out->text0 = p->g[out->g0].cluster;
        out->text1 = text1;
    }
    if (out->hyphenated && out->n) {
        uint32_t hg;
        int font = p->g[p->ng - 1].font;
        double hw = bk_para_hyphen_width(w, font, &hg);
        p->g[p->ng++] = (bk_set_glyph){.gid = hg, .font = (int16_t)font, .adv = hw,
                                       .cluster = out->text1, .cluster_end = out->text1};
        out->n++;
        drawn += hw;
    }
    out->width = drawn;
    double slack = avail - drawn;
    if (out->faults & BK_LINE_OVERFULL)
        out->excess = -slack;
    out->x = x + w->style.left_indent + (li == 0 ? w->style.first_indent : 0);
    if (w->style.align == BK_ALIGN_CENTER)
        out->x += slack / 2;
    else if (w->style.align == BK_ALIGN_RIGHT)
        out->x += slack;
    if (out->n)
        p->nlines++;
}

/* Turns the breaker's lines into positioned glyphs: the letter-spacing
 * of every line is chosen first, over the whole paragraph (tracking.h),
 * then each line is set. */
/* The widths bk_para_may_change bounds a setting of another length by
 * (paragraph.h). A glue may be dropped at a break in one setting and
 * inside a line in another, and a hyphen drawn in one and not in the
 * other: the bounds allow for the widest of either on every line. */
static void fit_bounds(const work *w, const bk_lb_line *lb, const bk_track_line *tl,
                       size_t n, const double *widths, bk_para *p)
{
    memset(&p->fit, 0, sizeof p->fit);
    if (w->style.align != BK_ALIGN_JUSTIFY || w->zh || !n)
        return;
    for (size_t i = 0; i < w->nitems; i++) {
        const bk_lb_item *it = &w->items[i];
        if (it->kind == BK_LB_GLUE && isfinite(it->stretch) && it->width > p->fit.space)
            p->fit.space = it->width;
        if (it->kind == BK_LB_PENALTY && it->flagged == BK_LB_HYPHENATION &&
            it->width > p->fit.hyphen)
            p->fit.hyphen = it->width;
    }
    for (size_t li = 0; li < n; li++) {
        double avail = widths[li < 1 ? 0 : 1];
        /* (a break elsewhere may give a line two more letters to track) */
        double track = (double)(tl[li].chars + 2) * w->track_limit;
        p->fit.content += avail - tl[li].shortfall;
        p->fit.shrink += tl[li].shrink;
        p->fit.track += track;
        p->fit.stretch += (LOOSE_SPACE - 1) / SPACE_STRETCH * tl[li].stretch + track;
        if (lb[li].end < w->nitems && w->items[lb[li].end].kind == BK_LB_PENALTY)
            p->fit.hyph += w->items[lb[li].end].width;
    }
    p->fit.width0 = widths[0];
    p->fit.width1 = widths[1];
    p->fit.known = 1;
}

int bk_para_may_change(const bk_para *p, int more)
{
    size_t n = p->nlines;
    if (!p->fit.known || n < 2 || (more != -1 && more != 1))
        return 1;
    const double eps = 0.01;
    if (more < 0) {
        /* n - 1 lines hold at most their measures; the content is at
         * least what it is now, shrunk to the full, without its hyphens,
         * less the spaces that breaks elsewhere may drop */
        double room = p->fit.width0 + (double)(n - 2) * p->fit.width1;
        /* with no tight line now, none may be: spaces shrink to 3/4 */
        double glue = p->nspacing ? p->fit.shrink
                                  : p->fit.shrink * (1 - TIGHT_SPACE) / SPACE_SHRINK;
        double least = p->fit.content - p->fit.hyph - glue - p->fit.track -
                       (double)(n - 2) * p->fit.space;
        return least <= room + eps;
    }
    /* n + 1 lines: the first n full. With no tight or loose line now,
     * none may be (the search's rule), so no glue stretches beyond a
     * loose line's; the content is at most what it is now with a space
     * back at every break and a hyphen on every line */
    if (p->nspacing)
        return 1;
    double room = p->fit.width0 + (double)(n - 1) * p->fit.width1;
    double most = p->fit.content + p->fit.stretch +
                  (double)(n - 1) * p->fit.space * (1 + (LOOSE_SPACE - 1)) +
                  (double)n * p->fit.hyphen;
    return most >= room - eps;
}

bk_status bk_para_lines_set(work *w, const bk_lb_line *lb, size_t n,
                           const double *widths, bk_para *p)
{
    bk_status st = BK_OK;
    int just = w->style.align == BK_ALIGN_JUSTIFY;
    bk_track_line *tl = calloc(n ? n : 1, sizeof(*tl));
    double *t = calloc(n ? n : 1, sizeof(*t));
    p->lines = calloc(n ? n : 1, sizeof(*p->lines));
    /* every glyph is on one line at most, with a hyphen a line */
    p->g = malloc((w->ng + n ? w->ng + n : 1) * sizeof(*p->g));
    if (!tl || !t || !p->lines || !p->g) {
        st = bk_para_oom(w->s);
        goto done;
    }
    for (size_t li = 0; li < n; li++)
        line_play(w, &lb[li], widths[li < 1 ? 0 : 1], just, &tl[li]);
    fit_bounds(w, lb, tl, n, widths, p);
    if ((st = bk_track_choose(w->s->ctx, tl, n, w->track_limit, t)))
        goto done;
    for (size_t li = 0; li < n; li++)
        set_line(w, &lb[li], &tl[li], t[li], li, widths[li < 1 ? 0 : 1], p);
done:
    free(tl);
    free(t);
    return st;
}

/* Report: clreq prohibitions at line edges, and Chinese last lines of one
 * character, counted on the lines as set and flagged on them. Only Chinese
 * text answers to clreq: in English a line may start with an em dash,
 * which UAX #14 allows a break before. */
void bk_para_lines_check(work *w, bk_para *p)
{
    bk_typeset_stats *st = w->s->stats;
    for (size_t i = 0; w->zh && i < p->nlines; i++) {
        const bk_set_line *l = &p->lines[i];
        if (l->text1 <= l->text0)
            continue;
        if (i > 0 && bk_clreq_no_line_start(bk_utf8_first(w->text, l->text0, l->text1))) {
            st->bad_line_starts++;
            p->lines[i].faults |= BK_LINE_BAD_START;
        }
        if (i + 1 < p->nlines && bk_clreq_no_line_end(bk_utf8_last(w->text, l->text0, l->text1))) {
            st->bad_line_ends++;
            p->lines[i].faults |= BK_LINE_BAD_END;
        }
    }
    if (w->zh && p->nlines > 1) {
        const bk_set_line *l = &p->lines[p->nlines - 1];
        size_t chars = 0;
        for (size_t i = l->text0; i < l->text1;) {
            uint32_t c = bk_utf8_next(w->text, l->text1, &i);
            chars += !(bk_clreq_closing(c) || bk_clreq_no_line_start(c));
        }
        if (chars < 2) {
            st->lonely_last_chars++;
            p->lines[p->nlines - 1].faults |= BK_LINE_LONELY;
        }
    }
}

/* The report's adjustment ratios of a justified paragraph: its lines'
 * ratios as set (what the spaces got after letter-spacing took its share,
 * as the tight and loose warnings judge them), but the last line's. */
void bk_para_ratios(bk_para *p)
{
    p->ratio_sum = p->ratio_max = 0;
    p->ratio_lines = p->nlines > 1 ? p->nlines - 1 : 0;
    for (size_t i = 0; i < p->ratio_lines; i++) {
        double a = fabs(p->lines[i].ratio);
        p->ratio_sum += a;
        if (a > p->ratio_max)
            p->ratio_max = a;
    }
}
