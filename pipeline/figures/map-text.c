/* map-text.c — the words of a map set with the body's text engine:
 * labels of one or more paragraphs, degrees, event dates and place
 * labels in the catalog's language. */
#include "map-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "font.h"
#include "shape.h"

void bk_map_label_free(label *L)
{
    for (size_t i = 0; i < L->np; i++) {
        bk_para_release(&L->p[i]);
        free(L->t[i]);
    }
    memset(L, 0, sizeof(*L));
}

/* Ascent and descent of the glyphs a line can hold, as fractions of the
 * size: CJK ideographs fill the em box; Vietnamese capitals carry stacked
 * marks above. */
static void extent_of(const char *tag, double size, double *asc, double *desc)
{
    if (bk_messages_chinese(tag)) {
        *asc = 0.88 * size;
        *desc = 0.14 * size;
    } else if (strncmp(tag, "vi", 2) == 0) {
        *asc = 0.95 * size;
        *desc = 0.24 * size;
    } else {
        *asc = 0.76 * size;
        *desc = 0.24 * size;
    }
}

/* Sets `text` in `style` (lines broken at measure) and appends its lines. */
bk_status bk_map_label_add(mapctx *m, label *L, const char *style, const char *text,
                           bk_color col, double measure)
{
    if (!text || !*text)
        return BK_OK;
    if (L->np == MAXP)
        return bk_diag_error(m->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "map label too long");
    size_t i = L->np;
    L->t[i] = bk_strdup(text);
    if (!L->t[i])
        return bk_map_oom(m);
    L->b[i].style = style;
    L->b[i].lang = (char *)m->tag;
    L->b[i].text = L->t[i];
    L->b[i].len = strlen(text);
    bk_status st = bk_para_set(m->setter, &L->b[i], style, measure, &L->p[i]);
    L->np++; /* released by label_free even when setting failed */
    if (st)
        return st;
    double asc, desc;
    extent_of(m->tag, L->p[i].style.size, &asc, &desc);
    for (size_t k = 0; k < L->p[i].nlines && L->nl < MAXL; k++) {
        lline *ln = &L->l[L->nl++];
        ln->pi = (int)i;
        ln->li = k;
        ln->w = L->p[i].lines[k].width;
        ln->asc = asc;
        ln->desc = desc;
        ln->lead = L->p[i].style.leading;
        ln->col = col;
        if (L->p[i].style.gray > 0 && col.n == 1 && col.c[0] == 0)
            ln->col = gray(L->p[i].style.gray);
    }
    L->w = 0;
    L->h = 0;
    for (size_t k = 0; k < L->nl; k++) {
        L->w = fmax(L->w, L->l[k].w);
        L->h += k ? L->l[k].lead : L->l[k].asc;
    }
    if (L->nl)
        L->h += L->l[L->nl - 1].desc;
    return BK_OK;
}

/* A glyph outline appended to a halo path: font units scaled, moved to the
 * glyph's pen and rotated with its run. */
typedef struct halo_sink {
    pathb *pb;
    double s, px, py; /* scale, pen on the run's baseline */
    double ox, oy, c, sn; /* run origin, cos and sin of its angle */
    int err;
} halo_sink;

static void halo_op(void *data, int kind, const double *q)
{
    halo_sink *h = data;
    static const int op[] = {BK_PATH_MOVE, BK_PATH_LINE, BK_PATH_CURVE, BK_PATH_CLOSE};
    if (h->err || kind < 0 || kind > 3 || bk_map_pathb_op(h->pb, op[kind], 0, 0)) {
        h->err = 1;
        return;
    }
    int np = kind == 2 ? 3 : kind == 3 ? 0 : 1;
    for (int k = 0; k < np; k++) {
        double lx = h->px + q[2 * k] * h->s, ly = h->py + q[2 * k + 1] * h->s;
        h->pb->ops[h->pb->n - 1].pt[2 * k] = h->ox + lx * h->c - ly * h->sn;
        h->pb->ops[h->pb->n - 1].pt[2 * k + 1] = h->oy + lx * h->sn + ly * h->c;
    }
}

/* The halo of a glyph run: its glyphs' outlines stroked in paper white with
 * round joins, a path (so the text is neither doubled in extraction nor in
 * the structure tree). */
static bk_status run_halo(mapctx *m, const bk_glyph_run *r)
{
    bk_font *f = bk_fontset_font(m->ctx, bk_setter_fonts(m->setter), (size_t)r->font);
    if (!f || !f->face)
        return BK_OK;
    pathb pb = {0};
    double a = r->angle * PI / 180, pen = 0;
    halo_sink h = {&pb, r->size / bk_face_upem(f->face), 0, 0, r->x, r->y, cos(a), sin(a), 0};
    for (size_t i = 0; i < r->n && !h.err; i++) {
        h.px = pen + (r->xoff ? r->xoff[i] : 0);
        h.py = r->yoff ? r->yoff[i] : 0;
        bk_face_glyph_outline(f->face, r->gids[i], halo_op, &h);
        pen += r->advance[i];
    }
    bk_status st = h.err ? bk_map_oom(m) : bk_map_pathb_emit(m, &pb, 0, C_WHITE, 1, C_WHITE,
                                                             2 * m->halo);
    if (!st && !h.err && pb.cap && m->page->n) {
        bk_path *hp = &m->page->items[m->page->n - 1].u.path;
        hp->line_join = 1;
        memcpy(hp->feature, "halo", 5);
    }
    bk_map_pathb_free(&pb);
    return st;
}

/* Moves the runs drawn on the scratch page to the map's page after their
 * halos, rotated by angle degrees about (ox, oy). */
static bk_status runs_commit(mapctx *m, double angle, double ox, double oy)
{
    bk_page *sp = m->scratch->pages[0];
    bk_status st = BK_OK;
    double a = angle * PI / 180, c = cos(a), s = sin(a);
    for (size_t i = 0; i < sp->n; i++) {
        if (sp->items[i].kind != BK_ITEM_GLYPHS)
            continue;
        bk_glyph_run *r = &sp->items[i].u.glyphs;
        if (angle != 0) {
            double dx = r->x - ox, dy = r->y - oy;
            r->x = ox + dx * c - dy * s;
            r->y = oy + dx * s + dy * c;
            r->angle = angle;
        }
    }
    for (size_t i = 0; i < sp->n && !st && m->halo > 0; i++)
        if (sp->items[i].kind == BK_ITEM_GLYPHS)
            st = run_halo(m, &sp->items[i].u.glyphs);
    if (!st && bk_page_take_items(m->page, sp))
        st = bk_map_oom(m);
    return st;
}

/* The glyph runs of one set line with its pen at (x, y), drawn by the text
 * engine (paragraph.h). A label (m->labelling) gets a halo, and is rotated
 * by m->angle about its first pen. */
bk_status bk_map_emit_line(mapctx *m, const bk_para *p, const bk_set_line *ln, double x,
                           double y, bk_color col)
{
    bk_page *to = m->page;
    if (m->labelling) {
        if (!m->scratch && (!(m->scratch = bk_frames_new()) ||
                            !bk_frames_add_page(m->scratch, m->page->width, m->page->height)))
            return bk_map_oom(m);
        to = m->scratch->pages[0];
        to->folio = m->page->folio;
    }
    bk_status st = bk_para_draw_line_ex(m->ctx, p, ln, to, x - ln->x, y, &col, NULL,
                                        &m->stats->glyph_runs);
    if (m->labelling && !st)
        st = runs_commit(m, m->angle, x, y);
    return st;
}

/* Draws a label with its box's left edge at x0 and top at top. */
bk_status bk_map_label_draw(mapctx *m, const label *L, double x0, double top, int align)
{
    double y = top;
    for (size_t k = 0; k < L->nl; k++) {
        const lline *ln = &L->l[k];
        y -= k ? ln->lead : ln->asc;
        double x = align == AL_LEFT ? x0 : align == AL_RIGHT ? x0 + L->w - ln->w
                                                              : x0 + (L->w - ln->w) / 2;
        bk_set_line sl = L->p[ln->pi].lines[ln->li];
        sl.x = 0;
        bk_status st = bk_map_emit_line(m, &L->p[ln->pi], &sl, x, y, ln->col);
        if (st)
            return st;
    }
    return BK_OK;
}

bk_status bk_map_msg(mapctx *m, const char *id, const char **out)
{
    *out = bk_messages_get(m->msg, id);
    if (!*out)
        return bk_diag_error(m->ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "map %s: no message \"%s\" in the %s catalog or in en.xml",
                             m->spec->name, id, m->tag);
    return BK_OK;
}

/* Degree text: 116°30′E · 116°30′Đ; 39°N · 39°B (map.degree.*). */
bk_status bk_map_degree_text(mapctx *m, double v, int lat, char *buf, size_t n)
{
    double a = fabs(v);
    int d = (int)floor(a + 1e-9), mi = (int)lround((a - d) * 60);
    if (mi == 60) {
        d++;
        mi = 0;
    }
    const char *h = NULL;
    bk_status st = bk_map_msg(m, lat ? (v >= 0 ? "map.degree.north" : "map.degree.south")
                                     : (v >= 0 ? "map.degree.east" : "map.degree.west"),
                              &h);
    if (st)
        return st;
    if (mi)
        snprintf(buf, n, "%d°%02d′%s", d, mi, h);
    else
        snprintf(buf, n, "%d°%s", d, h);
    return BK_OK;
}

/* An event's date in the catalog's pattern: map.date.day for one day,
 * map.date.days for days of one month ("landing 1 Aug" · "đổ bộ 1/8" ·
 * "8月1日登陆"; "6–7 Oct" · "6–7/10" · "10月6—7日"). */
static bk_status format_event(mapctx *m, const event_ref *e, bk_buf *out)
{
    bk_date a, b;
    if (bk_date_parse(e->from, &a) || a.month < 1 || a.month > 12)
        return BK_OK;
    int range = e->to && !bk_date_parse(e->to, &b) && b.month == a.month && b.day != a.day;
    char id[96], day[16], to[16], month[16];
    const char *what = NULL, *mon = NULL;
    snprintf(id, sizeof id, "map.event.%s", e->what);
    bk_status st = bk_map_msg(m, id, &what);
    snprintf(id, sizeof id, "date.month.short.%d", a.month);
    if (!st)
        st = bk_map_msg(m, id, &mon);
    if (st)
        return st;
    snprintf(day, sizeof day, "%d", a.day);
    snprintf(to, sizeof to, "%d", range ? b.day : a.day);
    snprintf(month, sizeof month, "%d", a.month);
    const char *args[] = {"what", what, "day", day, "from", day, "to", to,
                          "month", month, "mon", mon, NULL};
    return bk_messages_format(m->ctx, m->msg, range ? "map.date.days" : "map.date.day", args,
                              out);
}

/* The lines under a place's name: its modern name when it differs (in
 * map.label.modern), then one line per event (narrow labels find room
 * more easily), the dates of the events file winning. */
static bk_status label_notes(mapctx *m, const place_def *d, const char *name, label *L)
{
    bk_status st = BK_OK;
    const char *modern = bk_map_place_modern(m->spec, d->p, m->tag);
    if (d->lab == LAB_POINT && modern && !strstr(name, modern)) {
        bk_buf b = {0};
        const char *args[] = {"name", modern, NULL};
        st = bk_messages_format(m->ctx, m->msg, "map.label.modern", args, &b);
        if (!st)
            st = bk_map_label_add(m, L, "map-small", b.data ? b.data : "", gray(0.25), 1000);
        bk_buf_release(&b);
    }
    for (size_t k = 0; k < d->nev && !st; k++) {
        bk_buf ev = {0};
        event_ref e = d->ev[k];
        const ev_date *x = bk_map_find_event(m->spec, e.id);
        if (x) {
            e.from = x->from;
            e.to = x->to;
        }
        st = format_event(m, &e, &ev);
        if (!st && ev.len)
            st = bk_map_label_add(m, L, "map-small", ev.data, C_ROUTE, 1000);
        bk_buf_release(&ev);
    }
    return st;
}

/* The text a place's label shows in the map's language (the gazetteer's
 * name of the definition's name type), water names in blue. */
bk_status bk_map_place_label(mapctx *m, const place_def *d, label *L)
{
    const place *p = d->p;
    const char *name = bk_map_place_name(m->spec, p, m->tag);
    int water = strcmp(p->type, "sea") == 0 || strcmp(p->type, "lake") == 0 ||
                strcmp(p->type, "river") == 0 || strcmp(p->type, "canal") == 0 ||
                strcmp(p->type, "bay") == 0;
    bk_status st = bk_map_label_add(m, L, d->style, name,
                                    d->lab == LAB_POINT ? C_BLACK
                                    : water             ? C_WATER_TEXT
                                                        : gray(0.3),
                                    d->lab == LAB_AREA ? d->measure : 1000);
    return st ? st : label_notes(m, d, name, L);
}
