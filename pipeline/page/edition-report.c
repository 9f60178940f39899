/* edition-report.c — a parallel edition's report section and warnings
 * (see edition-report.h). */
#include "edition-report.h"

#include <stdio.h>

/* below this share a column holds no text on the page (a heading line is
 * about 2% of a page) */
#define EMPTY 0.005

long bk_edition_page_column(const bk_edition_facts *f, size_t page)
{
    if (!f->facing)
        return -1;
    return page < 2 ? -1 : (long)((page - 2) % 2);
}

static double fill_at(const bk_edition_facts *f, size_t page, size_t col)
{
    return f->fill[(page - 1) * f->ncols + col];
}

/* whether column col has a place on page p */
static int on_page(const bk_edition_facts *f, size_t page, size_t col)
{
    return !f->facing || bk_edition_page_column(f, page) == (long)col;
}

double bk_edition_column_fill(const bk_edition_facts *f, size_t col)
{
    double sum = 0;
    size_t n = 0;
    for (size_t p = 1; p <= f->npages; p++)
        if (on_page(f, p, col)) {
            sum += fill_at(f, p, col);
            n++;
        }
    return n ? sum / (double)n : 0;
}

/* first and last page of the spread of page p */
static void spread_of(const bk_edition_facts *f, size_t page, size_t *a, size_t *b)
{
    *a = page < 2 ? 1 : page - page % 2;
    *b = page < 2 ? 1 : *a + 1;
    if (*b > f->npages)
        *b = f->npages;
}

double bk_edition_spread_fill(const bk_edition_facts *f, size_t page)
{
    size_t a, b, n = 0;
    double sum = 0;
    spread_of(f, page, &a, &b);
    for (size_t p = a; p <= b; p++)
        for (size_t c = 0; c < f->ncols; c++)
            if (on_page(f, p, c)) {
                sum += fill_at(f, p, c);
                n++;
            }
    return n ? sum / (double)n : 0;
}

static const bk_edition_hole *hole_at(const bk_edition_facts *f, size_t col, size_t from,
                                      size_t to)
{
    for (size_t i = 0; i < f->nholes; i++) {
        const bk_edition_hole *h = &f->holes[i];
        if (h->col == col && (size_t)h->page_from <= to && (size_t)h->page_to >= from)
            return h;
    }
    return NULL;
}

/* Why column col has no text on page p. */
static int empty_reason(const bk_edition_facts *f, size_t page, size_t col, bk_buf *why)
{
    const bk_edition_hole *h = hole_at(f, col, page, page);
    const char *lang = f->cols[col].lang;
    if (!h)
        return bk_buf_printf(why, "%s: not explained", lang);
    if (!h->noted)
        return bk_buf_printf(why, "%s waits for its next linked passage (no note)", lang);
    return bk_buf_printf(why, "%s has no parallel passage%s%s (a note says so)", lang,
                         h->range ? " beside " : "", h->range ? h->range : "");
}

typedef struct warner {
    bk_buf *out;
    bk_edition_warn_fn fn;
    void *data;
    long n;
    int bad;
} warner;

static void warn(warner *w, bk_buf *msg)
{
    if (!msg->data)
        return;
    w->bad |= bk_buf_printf(w->out, "  warning: %s\n", msg->data);
    if (w->fn)
        w->fn(w->data, msg->data);
    w->n++;
}

/* A blank page, or a page where one column alone has text. */
static void page_warn(const bk_edition_facts *f, size_t p, warner *w)
{
    size_t empty = 0, full = 0, total = 0;
    bk_buf msg = {0}, why = {0};
    for (size_t c = 0; c < f->ncols; c++) {
        if (!on_page(f, p, c))
            continue;
        total++;
        if (fill_at(f, p, c) >= EMPTY) {
            full = c;
            continue;
        }
        empty++;
        w->bad |= (why.len && bk_buf_puts(&why, "; ")) || empty_reason(f, p, c, &why);
    }
    if (total && empty == total)
        w->bad |= bk_buf_printf(&msg, "page %zu is blank: %s", p, why.data);
    else if (total >= 2 && empty == total - 1)
        w->bad |= bk_buf_printf(&msg, "page %zu: only the %s column has text: %s", p,
                                f->cols[full].lang, why.data);
    warn(w, &msg);
    bk_buf_release(&msg);
    bk_buf_release(&why);
}

/* A spread less than half full, and why. */
static void spread_warn(const bk_edition_facts *f, size_t a, size_t b, warner *w)
{
    double fill = bk_edition_spread_fill(f, a);
    if (fill >= 0.5 || (f->facing && a < 2))
        return;
    bk_buf msg = {0};
    w->bad |= a == b ? bk_buf_printf(&msg, "page %zu is %.0f%% full: ", a, 100 * fill)
                     : bk_buf_printf(&msg, "pages %zu-%zu are %.0f%% full: ", a, b, 100 * fill);
    size_t forced = 0;
    for (size_t c = 0; b < f->npages && c < f->ncols; c++)
        if (hole_at(f, c, a, b))
            w->bad |= bk_buf_printf(&msg, "%s%s", forced++ ? ", " : "forced by the alignment "
                                                                   "(no parallel passage in ",
                                    f->cols[c].lang);
    if (forced)
        w->bad |= bk_buf_puts(&msg, ")");
    else
        w->bad |= bk_buf_puts(&msg, b >= f->npages ? "the end of the texts" : "not explained");
    warn(w, &msg);
    bk_buf_release(&msg);
}

static int column_print(const bk_edition_facts *f, size_t c, bk_buf *out)
{
    const bk_edition_column *k = &f->cols[c];
    int bad = bk_buf_printf(out,
                            "  column %zu (%s):\n    passages: %zu\n    aligned passages: %zu\n"
                            "    longest unaligned stretch: %zu",
                            c + 1, k->lang, k->passages, k->aligned, k->stretch);
    if (k->stretch && k->stretch_from)
        bad |= bk_buf_printf(out, " (%s - %s)", k->stretch_from,
                             k->stretch_to ? k->stretch_to : k->stretch_from);
    return bad | bk_buf_printf(out, "\n    fill: %.3f\n    hyphenated lines: %zu\n",
                               bk_edition_column_fill(f, c), k->hyphenated);
}

static int page_print(const bk_edition_facts *f, size_t p, bk_buf *out)
{
    int bad = bk_buf_printf(out, "  page %zu:", p);
    for (size_t c = 0; c < f->ncols; c++)
        if (on_page(f, p, c))
            bad |= bk_buf_printf(out, " %s %.3f", f->cols[c].lang, fill_at(f, p, c));
    return bad | bk_buf_puts(out, "\n");
}

long bk_edition_report(const bk_edition_facts *f, bk_buf *out, bk_edition_warn_fn fn,
                       void *data)
{
    warner w = {.out = out, .fn = fn, .data = data};
    double sum = 0;
    for (size_t c = 0; c < f->ncols; c++)
        sum += bk_edition_column_fill(f, c);
    w.bad |= bk_buf_printf(out, "edition:\n  links: %zu\n  fill: %.3f\n", f->links,
                           f->ncols ? sum / (double)f->ncols : 0);
    for (size_t c = 0; c < f->ncols; c++)
        w.bad |= column_print(f, c, out);
    for (size_t p = f->facing ? 2 : 1; p <= f->npages; p++)
        w.bad |= page_print(f, p, out);
    for (size_t p = 1; p <= f->npages; p++) {
        size_t a, b;
        spread_of(f, p, &a, &b);
        if (a != p || (f->facing && p < 2))
            continue;
        w.bad |= a == b ? bk_buf_printf(out, "  spread %zu: %.3f\n", a,
                                        bk_edition_spread_fill(f, a))
                        : bk_buf_printf(out, "  spread %zu-%zu: %.3f\n", a, b,
                                        bk_edition_spread_fill(f, a));
    }
    for (size_t p = 1; p <= f->npages; p++)
        if (!f->facing || p >= 2)
            page_warn(f, p, &w);
    for (size_t p = 1; p <= f->npages; p++) {
        size_t a, b;
        spread_of(f, p, &a, &b);
        if (a == p)
            spread_warn(f, a, b, &w);
    }
    return w.bad ? -1 : w.n;
}
