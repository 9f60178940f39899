/* trace.c — the trace backend: frames as text (see trace.h). Coordinates
 * are rounded to 0.1 pt so that golden files survive harmless float noise
 * but not a real layout change. */
#include "trace.h"

#include <math.h>
#include <string.h>

static double r1(double v)
{
    double r = round(v * 10.0) / 10.0;
    return r == 0 ? 0 : r; /* no "-0.0" */
}

/* Text with quotes, backslashes and control characters escaped. */
static void put_quoted(bk_buf *b, const char *s, size_t n)
{
    bk_buf_puts(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            bk_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            bk_buf_printf(b, "\\x%02x", c);
        else
            bk_buf_append(b, &s[i], 1);
    }
    bk_buf_puts(b, "\"");
}

static void put_color(bk_buf *b, const bk_color *c)
{
    if (c->n == 4)
        bk_buf_printf(b, "cmyk(%.2f,%.2f,%.2f,%.2f)", c->c[0], c->c[1], c->c[2],
                      c->c[3]);
    else
        bk_buf_printf(b, "gray(%.2f)", c->c[0]);
}

/* tag ROLE [lang=L] [id=I] [alt="..."] [actual="..."] */
static void trace_tag(bk_buf *out, const bk_tag *t)
{
    const char *name = bk_role_name(t->role);
    bk_buf_printf(out, "  tag %s", name ? name : "?");
    if (t->lang)
        bk_buf_printf(out, " lang=%s", t->lang);
    if (t->id)
        bk_buf_printf(out, " id=%s", t->id);
    if (t->alt) {
        bk_buf_puts(out, " alt=");
        put_quoted(out, t->alt, strlen(t->alt));
    }
    if (t->actual) {
        bk_buf_puts(out, " actual=");
        put_quoted(out, t->actual, strlen(t->actual));
    }
    if (t->scope)
        bk_buf_printf(out, " scope=%s", t->scope == BK_SCOPE_ROW      ? "Row"
                                        : t->scope == BK_SCOPE_COLUMN ? "Column"
                                                                      : "Both");
    bk_buf_puts(out, "\n");
}

/* A figure's feature path (route, river, symbol: what a map check tests
 * labels against) with its points: "    d M x y L x y C x1 y1 x2 y2 x y Z". */
static void trace_geometry(bk_buf *out, const bk_path *pa)
{
    static const char *const name[] = {"M", "L", "C", "Z"};
    bk_buf_puts(out, "    d");
    for (size_t i = 0; i < pa->n; i++) {
        int op = pa->ops[i].op;
        int np = op == BK_PATH_CURVE ? 6 : op == BK_PATH_CLOSE ? 0 : 2;
        bk_buf_printf(out, " %s", op >= 0 && op <= 3 ? name[op] : "?");
        for (int k = 0; k < np; k++)
            bk_buf_printf(out, " %.1f", r1(pa->ops[i].pt[k]));
    }
    bk_buf_puts(out, "\n");
}

bk_status bk_trace_write(bk_ctx *ctx, const bk_frames *frames,
                         bk_fontset *fonts, bk_buf *out)
{
    bk_diag_mark m = bk_diag_mark_take(ctx->diag);
    bk_buf_printf(out, "document pages=%zu lang=%s\n", frames->n,
                  frames->lang ? frames->lang : "-");
    for (size_t i = 0; i < frames->n; i++) {
        const bk_page *p = frames->pages[i];
        char folio[32];
        bk_folio_format(p->folio, folio, sizeof folio);
        bk_buf_printf(out, "page %zu %.1fx%.1f label=%s\n", i + 1, r1(p->width),
                      r1(p->height), *folio ? folio : "-");
        for (size_t k = 0; k < p->n; k++) {
            const bk_item *it = &p->items[k];
            switch (it->kind) {
            case BK_ITEM_GLYPHS: {
                const bk_glyph_run *r = &it->u.glyphs;
                bk_font *f = bk_fontset_font(ctx, fonts, (size_t)r->font);
                double w = 0;
                for (size_t g = 0; g < r->n; g++)
                    w += r->advance[g];
                bk_buf_printf(out, "  glyphs font=%s size=%.1f x=%.1f y=%.1f "
                                   "w=%.1f n=%zu text=",
                              f ? f->id : "?", r->size, r1(r->x), r1(r->y),
                              r1(w), r->n);
                put_quoted(out, r->text, r->textlen);
                if (r->angle != 0)
                    bk_buf_printf(out, " angle=%.1f", r1(r->angle));
                bk_buf_puts(out, "\n");
                break;
            }
            case BK_ITEM_PATH: {
                const bk_path *pa = &it->u.path;
                bk_buf_printf(out, "  path ops=%zu", pa->n);
                if (pa->fill) {
                    bk_buf_puts(out, " fill=");
                    put_color(out, &pa->fill_color);
                }
                if (pa->stroke) {
                    bk_buf_puts(out, " stroke=");
                    put_color(out, &pa->stroke_color);
                    bk_buf_printf(out, " width=%.2f", pa->line_width);
                }
                if (pa->line_join)
                    bk_buf_printf(out, " join=%d", pa->line_join);
                if (pa->feature[0])
                    bk_buf_printf(out, " feature=%.16s", pa->feature);
                bk_buf_puts(out, "\n");
                if (pa->feature[0] && strcmp(pa->feature, "halo") != 0)
                    trace_geometry(out, pa);
                break;
            }
            case BK_ITEM_LINK:
                bk_buf_printf(out, "  link %.1f %.1f %.1f %.1f -> %s\n",
                              r1(it->u.link.x0), r1(it->u.link.y0),
                              r1(it->u.link.x1), r1(it->u.link.y1),
                              it->u.link.dest ? it->u.link.dest
                                              : it->u.link.uri ? it->u.link.uri : "-");
                break;
            case BK_ITEM_ANCHOR:
                bk_buf_printf(out, "  anchor %s y=%.1f\n", it->u.anchor.name,
                              r1(it->u.anchor.y));
                break;
            case BK_ITEM_BOOKMARK:
                bk_buf_printf(out, "  bookmark level=%d y=%.1f title=",
                              it->u.bookmark.level, r1(it->u.bookmark.y));
                put_quoted(out, it->u.bookmark.title, strlen(it->u.bookmark.title));
                if (it->u.bookmark.column)
                    bk_buf_printf(out, " column=%d", it->u.bookmark.column);
                bk_buf_puts(out, "\n");
                break;
            case BK_ITEM_TAG_START:
                trace_tag(out, &it->u.tag);
                break;
            case BK_ITEM_TAG_END:
                bk_buf_puts(out, "  end\n");
                break;
            case BK_ITEM_LATER: /* the typesetter's own, never handed out */
                break;
            }
        }
    }
    if (!out->data)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    return bk_diag_status_since(ctx->diag, m);
}
