/* timeline.h — the timeline figure: dated events drawn on a time axis into
 * a rectangle of a page, as paths and glyph runs set with the body's text
 * engine (paragraph.h). Knows dates and geometry; knows nothing of TEI
 * (compose.c turns listEvent into bk_event arrays) or of PDF.
 *
 * The axis is in proportion to time, except that long stretches without
 * events are compressed (and drawn as axis breaks) and a detail span
 * (August–October 1860 for the 1860 campaign) is expanded. Events are
 * ticks (one day or month) or bars (a span); labels are placed so that
 * none overlaps another or leaves the rectangle. Dates are written the way
 * the language writes them (date.h); an event whose date the sources give
 * differently is marked as disputed and shows both dates. Events are in
 * the order of their dates' starts, ties in the caller's order (the
 * sources' narrative); a date known only to lie in a range (uncertain) is
 * a dotted bracket and its date is written "c. ..." (spec->about).
 *
 * Ownership: events are read during the call only; items are added to the
 * page, which owns them.
 */
#ifndef BK_TIMELINE_H
#define BK_TIMELINE_H

#include "bk.h"
#include "date.h"
#include "messages.h"
#include "frame.h"
#include "paragraph.h"

typedef struct bk_event {
    bk_date from;       /* the event's date (day or month or year precision) */
    bk_date to;         /* end of a span; year 0 when it is a single date */
    const char *label;  /* in the booklet's language (UTF-8) */
    const char *alt;    /* a disputed date as another source gives it, as
                           text already in the booklet's language, or NULL */
    int uncertain;      /* 1: from..to is not a span of time but the range a
                           single date lies in (TEI notBefore/notAfter), drawn
                           like a date of month precision: a bracket over the
                           range on the axis, not a bar beside it */
} bk_event;

typedef struct bk_timeline_spec {
    const char *lang;      /* the booklet's language (labels, dates) */
    const bk_messages *words; /* its catalog (date forms), or NULL: ISO dates */
    bk_date detail_from;   /* expanded detail span, or year 0 for none */
    bk_date detail_to;
    const char *title;     /* drawn above the axis, or NULL */
    const char *about;     /* how the language writes a date known only to
                              lie in a range: "c. {date}", "约{date}"; NULL:
                              the date alone */
    const char *legend[3]; /* under the title, each beside its mark: a date
                              the sources give (dot, solid bracket); a range
                              a date lies in (dotted, `about`); a disputed
                              date (diamond, the versions under the entry).
                              NULL: that line is left out */
} bk_timeline_spec;

/* Draws the timeline into the rectangle (x, y) lower-left, w by h (pt) of
 * the page. Styles used from the layout: "timeline-label",
 * "timeline-date", "timeline-title". Returns BK_EINPUT (recorded) when the
 * events cannot be placed in the rectangle without overlap. */
bk_status bk_timeline_draw(bk_ctx *ctx, bk_setter *setter,
                           const bk_timeline_spec *spec, const bk_event *ev,
                           size_t n, bk_page *page, double x, double y,
                           double w, double h);

/* What the trials of one timeline share (timeline-memo.c): the
 * paragraphs they set and measure, copied for a later trial that sets the
 * same text in the same style, language and measure (setting is a
 * function of those and the setter: the answers are the same, only
 * cheaper). For the setter of the first call only (others set anew);
 * owned by the caller, freed with bk_timeline_memo_free (NULL: no-op).
 * bk_timeline_memo_new returns NULL when out of memory. */
typedef struct bk_timeline_memo bk_timeline_memo;
bk_timeline_memo *bk_timeline_memo_new(void);
void bk_timeline_memo_free(bk_timeline_memo *m);
/* The setter's settings count into `counts` (bk_setter_stats), those the
 * memo copies too: each entry keeps what its setting counted, and only
 * an entry made while the memo had counts is copied then (others are set
 * anew). Without counts (the default) nothing is counted for a copy. */
void bk_timeline_memo_count(bk_timeline_memo *m, bk_setter *s, bk_typeset_stats *counts);
/* bk_para_set and bk_para_measure through the memo (m NULL: directly). */
bk_status bk_timeline_memo_set(bk_timeline_memo *m, bk_setter *s, const bk_block *b,
                               const char *style, double measure, bk_para *out);
bk_status bk_timeline_memo_measure(bk_timeline_memo *m, bk_setter *s, const bk_block *b,
                                   const char *style, double *mn, double *mx);

/* bk_date_format through the memo (m NULL: directly): every trial
 * writes the dates of its events and months again. */
int bk_timeline_memo_date(bk_timeline_memo *m, const bk_date *d, const bk_messages *words,
                          bk_buf *out);
/* bk_timeline_draw with what earlier trials set (memo, their setter): the
 * drawing sets exactly what the trial of the same rectangle and events
 * set. The settings are the same as made anew; what they counted goes
 * to the memo's counts (bk_timeline_memo_count), but what they reported
 * (a missing glyph) is not said again: a caller whose trials reported
 * anything draws with bk_timeline_draw. */
bk_status bk_timeline_draw_memo(bk_ctx *ctx, bk_setter *setter,
                                const bk_timeline_spec *spec, const bk_event *ev,
                                size_t n, bk_page *page, double x, double y,
                                double w, double h, bk_timeline_memo *memo);

/* Whether the events fit the rectangle, without drawing (page may be
 * absent): *fits is 1 when bk_timeline_draw would draw them, 0 when the
 * rectangle is too small for them, which is then no error and is not
 * recorded. Any other failure (an invalid event or detail span, out of
 * memory) is returned and recorded as bk_timeline_draw would. memo (may
 * be NULL) keeps what this trial sets for the next ones, which must use
 * the same setter. */
bk_status bk_timeline_fits(bk_ctx *ctx, bk_setter *setter,
                           const bk_timeline_spec *spec, const bk_event *ev,
                           size_t n, double x, double y, double w, double h,
                           bk_timeline_memo *memo, int *fits);

#endif
