/* pdf_page.c — pages of the PDF backend (pdf_private.h): the pages and
 * their boxes for each output kind, drawing frames onto them (print:
 * translated, clipped at the bleed, crop marks in the registration colour),
 * and imposed sheets placing each frame's Form XObject in its half.
 */
#include "pdf_private.h"

#include <string.h>

/* The registration colour, /Separation /All: marks that print on every
 * plate. One array for the whole document, named /CSReg on each print
 * page. */
static bk_status use_registration(bk_pdf_job *j, bk_pdfobj *pg)
{
    bk_pdfdoc *doc = j->doc;
    int ret = 0;
    if (!j->registration) {
        bk_pdfobj *cs = bk_pdfdoc_array(doc);
        bk_pdfobj *fn = bk_pdfdoc_dict(doc);
        bk_pdfobj *dom = bk_pdfdoc_array(doc), *c0 = bk_pdfdoc_array(doc),
                  *c1 = bk_pdfdoc_array(doc);
        if (!cs || !fn || !dom || !c0 || !c1 || bk_pdfdoc_register(doc, cs))
            return bk_pdf_fail(j, "creating the registration colour");
        ret |= bk_pdfobj_push_name(cs, "Separation");
        ret |= bk_pdfobj_push_name(cs, "All");
        ret |= bk_pdfobj_push_name(cs, "DeviceCMYK");
        ret |= bk_pdfobj_push(cs, fn);
        ret |= bk_pdfobj_set_int(fn, "FunctionType", 2);
        ret |= bk_pdfobj_set(fn, "Domain", dom);
        ret |= bk_pdfobj_push_int(dom, 0);
        ret |= bk_pdfobj_push_int(dom, 1);
        ret |= bk_pdfobj_set(fn, "C0", c0);
        ret |= bk_pdfobj_set(fn, "C1", c1);
        for (int k = 0; k < 4; k++) {
            ret |= bk_pdfobj_push_int(c0, 0);
            ret |= bk_pdfobj_push_int(c1, 1);
        }
        ret |= bk_pdfobj_set_int(fn, "N", 1);
        if (ret)
            return bk_pdf_fail(j, "creating the registration colour");
        j->registration = cs;
    }
    bk_pdfobj *res = bk_pdfpage_resources(pg);
    bk_pdfobj *csd = bk_pdfdoc_dict(doc);
    if (!res || !csd || bk_pdfobj_set(res, "ColorSpace", csd) ||
        bk_pdfobj_set(csd, "CSReg", j->registration))
        return bk_pdf_fail(j, "adding the registration colour to a page");
    return BK_OK;
}

/* Eight crop marks around a trim box of w x h at (ox, oy): on the
 * extensions of the trim edges, from mark_start outside the trim (never
 * inside the bleed), mark_length long, 0.25pt, in registration colour. */
static int put_crop_marks(const bk_pdf_job *j, bk_buf *b, double w, double h)
{
    double x0 = j->ox, y0 = j->oy, x1 = x0 + w, y1 = y0 + h;
    double s = j->mark_start, l = j->mark_length;
    int r = bk_buf_puts(b, "/Artifact BMC\nq\n/CSReg CS 1 SC\n0.25 w 0 J\n");
    for (int e = 0; e < 2; e++) {
        double y = e ? y1 : y0, x = e ? x1 : x0;
        r |= bk_pdf_put_line(b, x0 - s - l, y, x0 - s, y); /* horizontal, left */
        r |= bk_pdf_put_line(b, x1 + s, y, x1 + s + l, y); /* horizontal, right */
        r |= bk_pdf_put_line(b, x, y0 - s - l, x, y0 - s); /* vertical, below */
        r |= bk_pdf_put_line(b, x, y1 + s, x, y1 + s + l); /* vertical, above */
    }
    return r | bk_buf_puts(b, "S\nQ\nEMC\n");
}

/* Reading and print: frame pi drawn on its own page, through b (emptied
 * first: one buffer serves every page). */
static bk_status draw_page(bk_pdf_job *j, size_t pi, bk_buf *b)
{
    const bk_page *p = j->frames->pages[pi];
    bk_pdfobj *pg = j->pages[pi];
    bk_pdf_target t = {pg, NULL};
    b->len = 0;
    int r = 0;
    bk_status st = BK_OK;
    if (j->kind == BK_PDF_PRINT) {
        /* the frame moved so that the trim sits in the middle, clipped at
         * the bleed box: backgrounds may run into the bleed */
        double bl = j->bleed;
        r |= bk_buf_puts(b, "q\n1 0 0 1 ");
        r |= bk_pdf_put_pt(b, (double[]){j->ox, j->oy}, 2, "cm\n");
        r |= bk_pdf_put_rect(b, -bl, -bl, p->width + 2 * bl, p->height + 2 * bl, "W n\n");
    }
    if (!r)
        st = bk_pdf_content_frame(j, pi, &t, b);
    if (!st && !r && j->kind == BK_PDF_PRINT) {
        r |= bk_buf_puts(b, "Q\n");
        r |= put_crop_marks(j, b, p->width, p->height);
        if (!r)
            st = use_registration(j, pg);
    }
    if (!st && r)
        st = bk_pdf_oom(j);
    if (!st)
        st = bk_pdf_content_write(j, bk_pdfpage_contents(pg), b);
    if (!st)
        st = bk_pdf_navigation_add(j, pi, pg);
    return st;
}

/* Imposed: every frame once as a Form XObject of trim size. */
static bk_status make_forms(bk_pdf_job *j)
{
    bk_pdfdoc *doc = j->doc;
    bk_buf b = {0};
    bk_status st = BK_OK;
    for (size_t i = 0; i < j->frames->n && !st; i++) {
        const bk_page *p = j->frames->pages[i];
        bk_pdfobj *x = bk_pdfdoc_stream(doc);
        bk_pdfobj *res = bk_pdfdoc_dict(doc), *fonts = bk_pdfdoc_dict(doc);
        int ret = 0;
        if (!x || !res || !fonts) {
            st = bk_pdf_fail(j, "creating a page form");
            break;
        }
        ret |= bk_pdfobj_set_name(x, "Type", "XObject");
        ret |= bk_pdfobj_set_name(x, "Subtype", "Form");
        ret |= bk_pdfobj_set(x, "BBox", bk_pdfdoc_box(doc, 0, 0, p->width, p->height));
        ret |= bk_pdfobj_set(x, "Resources", res);
        ret |= bk_pdfobj_set(res, "Font", fonts);
        if (ret) {
            st = bk_pdf_fail(j, "creating a page form");
            break;
        }
        bk_pdf_target t = {NULL, fonts};
        b.len = 0;
        st = bk_pdf_content_frame(j, i, &t, &b);
        if (!st)
            st = bk_pdf_content_write(j, x, &b);
        j->forms[i] = x;
    }
    bk_buf_release(&b);
    return st;
}

/* Imposed: sheet side k (0-based: sheet k/2, front when k is even) of the
 * plan, each half showing its page's form moved by the creep and clipped
 * to the half, so a page never runs onto its neighbour. */
static bk_status draw_side(bk_pdf_job *j, size_t k)
{
    bk_pdfobj *pg = j->pages[k];
    const bk_impose_side *side = &j->plan.sides[k];
    bk_buf b = {0};
    int r = 0;
    for (int h = 0; h < 2 && !r; h++) {
        const bk_impose_cell *c = &side->cell[h];
        if (c->page < 0)
            continue; /* a blank pad: nothing at all */
        const bk_page *p = j->frames->pages[c->page];
        const char *name = bk_pdfpage_xobject_name(pg, j->forms[c->page]);
        if (!name) {
            bk_buf_release(&b);
            return bk_pdf_fail(j, "placing a page on a sheet");
        }
        /* the fold is the sheet's middle; pages meet at it, centred
         * vertically */
        double fold = j->sheet_w / 2;
        double x = h == 0 ? fold - p->width : fold;
        double y = (j->sheet_h - p->height) / 2;
        r |= bk_buf_puts(&b, "q\n");
        r |= bk_pdf_put_rect(&b, h == 0 ? 0 : fold, 0, fold, j->sheet_h, "W n\n");
        r |= bk_buf_puts(&b, "1 0 0 1 ");
        r |= bk_pdf_put_pt(&b, (double[]){x + c->dx, y}, 2, "cm\n");
        r |= bk_buf_printf(&b, "/%s Do\nQ\n", name);
    }
    bk_status st = r ? bk_pdf_oom(j) : bk_pdf_content_write(j, bk_pdfpage_contents(pg), &b);
    bk_buf_release(&b);
    return st;
}

/* The sheet for imposed pages of at most w x h: two pages side by side, on
 * the standard landscape paper that holds them with at most 2mm to spare
 * per side (A5 is 148mm wide, A4 297mm: an A5 booklet goes on A4 with half
 * a millimetre beyond each fore-edge), else exactly 2w x h. */
static void sheet_size(double w, double h, double *sw, double *sh)
{
    static const double papers[][2] = {
        {420 * BK_PDF_MM, 297 * BK_PDF_MM}, /* A3 */
        {297 * BK_PDF_MM, 210 * BK_PDF_MM}, /* A4 */
        {210 * BK_PDF_MM, 148 * BK_PDF_MM}, /* A5 */
        {353 * BK_PDF_MM, 250 * BK_PDF_MM}, /* ISO B4, for B5 pages */
        {792, 612},           /* US Letter, for half-letter pages */
        {1224, 792},          /* US Tabloid, for Letter pages */
    };
    *sw = 2 * w;
    *sh = h;
    for (size_t i = 0; i < sizeof papers / sizeof *papers; i++) {
        double pw = papers[i][0], ph = papers[i][1];
        if (pw >= *sw - 0.01 && pw - *sw <= 2 * BK_PDF_MM && ph >= *sh - 0.01 &&
            ph - *sh <= 2 * BK_PDF_MM) {
            *sw = pw;
            *sh = ph;
            return;
        }
    }
}

/* Sets a page's size and its bleed and trim boxes (the media box is
 * [0 0 w h]). */
static bk_status add_sized_page(bk_pdf_job *j, double w, double h, const double bleed[4],
                                const double trim[4], bk_pdfobj **out)
{
    bk_pdfdoc *doc = j->doc;
    bk_pdfobj *pg = bk_pdfdoc_page_add(doc, w, h);
    if (!pg)
        return bk_pdf_fail(j, "adding a page");
    if (bk_pdfobj_set(pg, "BleedBox",
                      bk_pdfdoc_box(doc, bleed[0], bleed[1], bleed[2], bleed[3])) ||
        bk_pdfobj_set(pg, "TrimBox", bk_pdfdoc_box(doc, trim[0], trim[1], trim[2], trim[3])))
        return bk_pdf_fail(j, "setting the page boxes");
    *out = pg;
    return BK_OK;
}

/* Imposed: front and back of sheet 1, of sheet 2, ... */
static bk_status add_sheets(bk_pdf_job *j)
{
    bk_status st = BK_OK;
    sheet_size(j->cell_w, j->cell_h, &j->sheet_w, &j->sheet_h);
    double w = j->sheet_w, h = j->sheet_h;
    double sheet[4] = {0, 0, w, h};
    for (size_t k = 0; k < 2 * j->plan.sheets && !st; k++)
        st = add_sized_page(j, w, h, sheet, sheet, &j->pages[k]);
    return st;
}

/* Reading and print: a page per frame, the trim at (ox, oy). */
static bk_status add_frame_pages(bk_pdf_job *j)
{
    bk_status st = BK_OK;
    for (size_t i = 0; i < j->frames->n && !st; i++) {
        const bk_page *p = j->frames->pages[i];
        double b = j->bleed, ox = j->ox, oy = j->oy;
        double trim[4] = {ox, oy, ox + p->width, oy + p->height};
        double bleed[4] = {ox - b, oy - b, ox + p->width + b, oy + p->height + b};
        st = add_sized_page(j, p->width + 2 * ox, p->height + 2 * oy, bleed, trim,
                            &j->pages[i]);
    }
    return st;
}

bk_status bk_pdf_pages_add(bk_pdf_job *j)
{
    return j->kind == BK_PDF_IMPOSED ? add_sheets(j) : add_frame_pages(j);
}

bk_status bk_pdf_pages_draw(bk_pdf_job *j)
{
    bk_status st = BK_OK;
    if (j->kind == BK_PDF_IMPOSED) {
        st = make_forms(j);
        for (size_t i = 0; j->release && i < j->frames->n && !st; i++)
            bk_page_glyphs_free(j->release->pages[i]); /* in the forms now */
        for (size_t k = 0; k < 2 * j->plan.sheets && !st; k++)
            st = draw_side(j, k);
    } else {
        bk_buf b = {0};
        for (size_t i = 0; i < j->frames->n && !st; i++)
            if (!(st = draw_page(j, i, &b)) && j->release)
                bk_page_glyphs_free(j->release->pages[i]);
        bk_buf_release(&b);
    }
    return st;
}
