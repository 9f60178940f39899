/* Unit tests: citation marks, from the TEI to the frame. Compose keeps a
 * mark (ref[@type="citation"]) with its note's id, starts each citation
 * note with its mark, and puts the layout's "notes" heading over notes the
 * source gives none (in the text's language); the layout's "citation"
 * style is read and checked; the paragraph setter sets a mark at the
 * style's share of the text size, raised, never breaks inside a mark or
 * before it, and a layout without the style sets it as the text; a drawn
 * mark with a note is a run of its own size and baseline inside
 * Reference/Link tags, with a link to the note described by the note's
 * text; brackets="drop" leaves the brackets out and keeps the mark as
 * ActualText. The texts are the test's
 * own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose.h"
#include "frame.h"
#include "layout.h"
#include "paragraph.h"
#include "typeset.h"
#include "xml.h"

#define EM 10.5 /* the body size of tests/unit/layout.xml */

typedef struct fixture {
    bk_ctx *ctx;
    bk_layout *plain, *super; /* without and with a citation style */
    bk_fontset *fonts;
    bk_typeset_stats stats;
    bk_setter *plain_setter, *super_setter;
    char dir[64];
} fixture;

static int write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(text, fp);
    return fclose(fp);
}

/* A layout extending the unit tests' one with `extra` inside. */
static int load_layout(fixture *f, const char *name, const char *extra, bk_layout **out)
{
    char path[128], base[4096], text[8192];
    if (!getcwd(base, sizeof base - 32))
        return -1;
    strcat(base, "/tests/unit/layout.xml"); /* the tests run from the top */
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    snprintf(text, sizeof text, "<layout extends=\"%s\">%s</layout>\n", base, extra);
    if (write_file(path, text))
        return -1;
    return bk_layout_load(f->ctx, path, out) == BK_OK ? 0 : -1;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->ctx = bk_ctx_new();
    f->ctx->datadir = "."; /* the catalogs: the repository's messages/ */
    snprintf(f->dir, sizeof f->dir, "/tmp/bk-cite-XXXXXX");
    if (!mkdtemp(f->dir) || load_layout(f, "plain.xml", "", &f->plain) ||
        load_layout(f, "super.xml",
                    "<style name=\"citation\" position=\"super\" scale=\"70%\" "
                    "raise=\"33%\"/><style name=\"citation\" lang=\"de\" "
                    "brackets=\"drop\"/>",
                    &f->super) ||
        bk_fontset_load(f->ctx, bk_layout_fonts_path(f->plain), &f->fonts))
        return -1;
    f->plain_setter = bk_setter_new(f->ctx, f->plain, f->fonts, "test", &f->stats);
    f->super_setter = bk_setter_new(f->ctx, f->super, f->fonts, "test", &f->stats);
    *state = f;
    return f->plain_setter && f->super_setter ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char path[128];
    bk_setter_free(f->plain_setter);
    bk_setter_free(f->super_setter);
    bk_fontset_free(f->fonts);
    bk_layout_free(f->plain);
    bk_layout_free(f->super);
    bk_ctx_free(f->ctx);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir,
                 i == 0 ? "plain.xml" : i == 1 ? "super.xml" : "bad.xml");
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static bk_flow *compose_text(fixture *f, const char *text_xml)
{
    char xml[4096];
    snprintf(xml, sizeof xml,
             "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>"
             "<titleStmt><title>T</title></titleStmt></fileDesc></teiHeader>%s</TEI>",
             text_xml);
    bk_node *tei = NULL;
    bk_flow *flow = NULL;
    assert_int_equal(bk_xml_read_memory(f->ctx, "t.xml", xml, strlen(xml), &tei), BK_OK);
    assert_int_equal(bk_compose(f->ctx, tei, "t.xml", &flow), BK_OK);
    bk_node_free(tei);
    return flow;
}

static const bk_block *find_block(const bk_flow *fl, const char *style, const char *start)
{
    for (size_t i = 0; i < fl->n; i++)
        if (strcmp(fl->blocks[i].style, style) == 0 &&
            strncmp(fl->blocks[i].text, start, strlen(start)) == 0)
            return &fl->blocks[i];
    return NULL;
}

/* Marks keep their place and note; notes start with their mark; a notes
 * division without a heading gets the catalog's, in its language. */
static void compose_keeps_marks_and_notes(void **state)
{
    fixture *f = *state;
    bk_flow *fl = compose_text(
        f, "<text xml:lang=\"vi\"><body><div type=\"article\"><p>Chè.<ref type=\"citation\" "
           "n=\"1\" target=\"#vi.cit1\">[1]</ref> Trà <ref type=\"citation\" n=\"2\">[2]</ref>"
           "</p></div></body><back><div type=\"notes\"><note xml:id=\"vi.cit1\" "
           "type=\"citation\" n=\"1\">Sách, 1944.</note></div></back></text>");
    const bk_block *p = find_block(fl, "body", "Chè.");
    assert_non_null(p);
    assert_string_equal(p->text, "Chè.[1] Trà [2]");
    assert_int_equal(p->ncites, 2);
    assert_memory_equal(p->text + p->cites[0].start, "[1]", 3);
    assert_int_equal(p->cites[0].end - p->cites[0].start, 3);
    assert_string_equal(p->cites[0].target, "vi.cit1");
    assert_string_equal(p->cites[0].note, "[1] Sách, 1944."); /* the link's description */
    assert_memory_equal(p->text + p->cites[1].start, "[2]", 3);
    assert_null(p->cites[1].target);
    const bk_block *n = find_block(fl, "note", "[1] ");
    assert_non_null(n);
    assert_string_equal(n->text, "[1] Sách, 1944.");
    assert_string_equal(n->id, "vi.cit1");
    /* the heading over the notes: named, then given the catalog's words */
    const bk_block *h = n - 1;
    assert_string_equal(h->style, "heading");
    assert_string_equal(h->string, "notes");
    assert_int_equal(h->len, 0);
    /* a copy keeps the marks */
    bk_flow *cp = bk_flow_copy(fl);
    assert_non_null(cp);
    const bk_block *pc = find_block(cp, "body", "Chè.");
    assert_int_equal(pc->ncites, 2);
    assert_string_equal(pc->cites[0].target, "vi.cit1");
    bk_flow_free(cp);
    assert_int_equal(bk_flow_strings_fill(fl, f->plain), 0);
    h = find_block(fl, "heading", "Chú thích");
    assert_non_null(h);
    assert_string_equal(find_block(fl, "note", "[1] ")[-1].text, "Chú thích");
    bk_flow_free(fl);

    /* the source's own heading: no second one; without a layout, none */
    fl = compose_text(f, "<text xml:lang=\"en\"><body><p>A.<ref type=\"citation\" n=\"1\" "
                         "target=\"#en.cit1\">[1]</ref></p></body><back><div type=\"notes\">"
                         "<head>Sources</head><note xml:id=\"en.cit1\" type=\"citation\" "
                         "n=\"1\">B.</note></div></back></text>");
    size_t headings = 0;
    for (size_t i = 0; i < fl->n; i++)
        headings += strcmp(fl->blocks[i].style, "heading") == 0;
    assert_int_equal(headings, 1);
    assert_non_null(find_block(fl, "heading", "Sources"));
    bk_flow_free(fl);
    fl = compose_text(f, "<text xml:lang=\"en\"><body><p>A.</p></body><back><div "
                         "type=\"notes\"><note xml:id=\"en.cit1\" type=\"citation\" "
                         "n=\"1\">B.</note></div></back></text>");
    size_t n0 = fl->n;
    /* typeset before its words are filled in: an empty heading, set safely */
    bk_frames *fr = NULL;
    bk_typeset_stats stats;
    assert_int_equal(bk_typeset(f->ctx, fl, f->plain, f->fonts, &fr, &stats), BK_OK);
    bk_frames_free(fr);
    assert_int_equal(bk_flow_strings_fill(fl, NULL), 0);
    assert_int_equal(fl->n, n0 - 1);
    assert_null(find_block(fl, "heading", ""));
    bk_flow_free(fl);
}

/* The citation style's attributes are read, and wrong values refused. */
static void layout_reads_the_citation_style(void **state)
{
    fixture *f = *state;
    bk_style s;
    assert_int_equal(bk_layout_style(f->ctx, f->super, "citation", "en", &s), BK_OK);
    assert_true(s.super);
    assert_true(fabs(s.scale - 0.7) < 1e-9);
    assert_true(fabs(s.rise - 0.33) < 1e-9);
    assert_false(bk_layout_has_style(f->plain, "citation"));
    static const char *const bad[] = {
        "<style name=\"citation\" position=\"sub\"/>",
        "<style name=\"citation\" scale=\"5%\"/>",
        "<style name=\"citation\" raise=\"2\"/>",
        "<style name=\"citation\" brackets=\"none\"/>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bk_layout *l = NULL;
        bk_ctx *ctx = f->ctx;
        int r = load_layout(f, "bad.xml", bad[i], &l);
        if (r == 0) /* values checked when the style is resolved */
            r = bk_layout_style(ctx, l, "citation", "en", &s) == BK_OK ? 0 : -1;
        assert_int_equal(r, -1);
        bk_layout_free(l);
        bk_diag_clear(ctx->diag);
    }
}

static const char *const TEXT =
    "Tea reached Europe early in the century, carried by Dutch merchants who bought "
    "it in Java [12] and sold it in the ports of the north, where within a few decades "
    "it had become the fashionable drink of the courts.[3] The price fell as the trade grew.";

static bk_block mark_block(bk_cite *cites)
{
    bk_block b = {0};
    b.style = "body";
    b.lang = "en";
    b.text = (char *)TEXT;
    b.len = strlen(TEXT);
    b.line = 1;
    const char *m1 = strstr(TEXT, "[12]"), *m2 = strstr(TEXT, "[3]");
    cites[0] = (bk_cite){(size_t)(m1 - TEXT), (size_t)(m1 - TEXT) + 4, "en.cit12",
                         "[12] Mair and Hoh, 2009."};
    cites[1] = (bk_cite){(size_t)(m2 - TEXT), (size_t)(m2 - TEXT) + 3, NULL, NULL};
    b.cites = cites;
    b.ncites = 2;
    return b;
}

static int in_mark(const bk_block *b, uint32_t c)
{
    for (size_t i = 0; i < b->ncites; i++)
        if (c >= b->cites[i].start && c < b->cites[i].end)
            return 1;
    return 0;
}

/* Superscript: smaller by the style's share, raised, narrower on the line;
 * the plain layout sets marks as the text. */
static void marks_are_set_smaller_and_raised(void **state)
{
    fixture *f = *state;
    bk_cite cites[2];
    bk_block b = mark_block(cites);
    bk_para sp, pp;
    assert_int_equal(bk_para_set(f->super_setter, &b, "body", 1e5, &sp), BK_OK);
    assert_int_equal(bk_para_set(f->plain_setter, &b, "body", 1e5, &pp), BK_OK);
    assert_int_equal(sp.ng, pp.ng);
    double wm = 0, wp = 0, rise;
    size_t marked = 0;
    for (size_t k = 0; k < sp.ng; k++) {
        const bk_set_glyph *g = &sp.g[k], *h = &pp.g[k];
        assert_true(fabs(bk_para_glyph_size(&pp, h, &rise) - EM) < 1e-9 && rise == 0);
        double size = bk_para_glyph_size(&sp, g, &rise);
        if (in_mark(&b, g->cluster)) {
            marked++;
            assert_true(fabs(size - 0.7 * EM) < 1e-9);
            assert_true(fabs(rise - 0.33 * EM) < 1e-9);
            wm += g->adv;
            wp += h->adv;
        } else {
            assert_true(fabs(size - EM) < 1e-9 && rise == 0);
        }
    }
    assert_int_equal(marked, 7);
    assert_true(fabs(wm - 0.7 * wp) < 1e-6); /* the breaker counts the smaller width */
    bk_para_release(&sp);
    bk_para_release(&pp);
}

/* No line starts inside a mark or with it: a mark stays with the word
 * before it, space or none. */
static void no_break_before_or_inside_a_mark(void **state)
{
    fixture *f = *state;
    bk_cite cites[2];
    bk_block b = mark_block(cites);
    size_t ends_at_mark = 0;
    for (double m = 80; m <= 320; m += 1.5) {
        bk_para p;
        assert_int_equal(bk_para_set(f->super_setter, &b, "body", m, &p), BK_OK);
        for (size_t i = 0; i < p.nlines; i++) {
            const bk_set_line *l = &p.lines[i];
            assert_false(in_mark(&b, l->text0));
            for (size_t c = 0; c < b.ncites; c++)
                if (l->text1 == b.cites[c].end || l->text1 == b.cites[c].end + 1)
                    ends_at_mark++;
        }
        bk_para_release(&p);
    }
    assert_true(ends_at_mark > 0); /* the marks did come to line ends */
}

/* Drawn: the mark's glyphs are a run of their own size and baseline,
 * inside Reference and Link, with a link to the note over them; a mark
 * without a note has no link. */
static void a_drawn_mark_links_to_its_note(void **state)
{
    fixture *f = *state;
    bk_cite cites[2];
    bk_block b = mark_block(cites);
    bk_para p;
    assert_int_equal(bk_para_set(f->super_setter, &b, "body", 1e5, &p), BK_OK);
    bk_frames *fr = bk_frames_new();
    bk_page *pg = bk_frames_add_page(fr, 400, 600);
    assert_int_equal(bk_para_draw_line(f->ctx, &p, &p.lines[0], pg, 50, 300), BK_OK);
    size_t links = 0, refs = 0, runs = 0;
    int depth = 0, link_depth = -1;
    double mx0 = 0, mx1 = 0;
    const bk_link *lk = NULL;
    for (size_t k = 0; k < pg->n; k++) {
        const bk_item *it = &pg->items[k];
        if (it->kind == BK_ITEM_TAG_START) {
            depth++;
            refs += it->u.tag.role == BK_ROLE_REFERENCE;
            if (it->u.tag.role == BK_ROLE_LINK) {
                assert_int_equal(pg->items[k - 1].u.tag.role, BK_ROLE_REFERENCE);
                link_depth = depth;
            }
        } else if (it->kind == BK_ITEM_TAG_END) {
            if (depth == link_depth)
                link_depth = -1;
            depth--;
        } else if (it->kind == BK_ITEM_GLYPHS) {
            const bk_glyph_run *r = &it->u.glyphs;
            int mark = r->textlen && r->text[0] == '[';
            if (link_depth > 0) {
                runs++;
                assert_true(fabs(r->size - 0.7 * EM) < 1e-9);
                assert_true(fabs(r->y - (300 + 0.33 * EM)) < 1e-9);
                mx0 = r->x;
                mx1 = r->x;
                for (size_t j = 0; j < r->n; j++)
                    mx1 += r->advance[j];
            } else if (!mark) {
                assert_true(fabs(r->size - EM) < 1e-9 && r->y == 300);
            }
        } else if (it->kind == BK_ITEM_LINK) {
            links++;
            assert_true(link_depth > 0); /* inside the Link element */
            assert_string_equal(it->u.link.dest, "en.cit12");
            assert_string_equal(it->u.link.desc, "[12] Mair and Hoh, 2009."); /* /Contents */
            lk = &it->u.link;
            assert_true(lk->y0 < 300 + 0.33 * EM && lk->y1 > 300 + EM * 0.33);
        }
    }
    assert_int_equal(depth, 0);
    assert_int_equal(links, 1); /* [3] has no note */
    /* over the mark's glyphs */
    assert_true(fabs(lk->x0 - mx0) < 1e-6 && fabs(lk->x1 - mx1) < 1e-6);
    assert_int_equal(refs, 1);
    assert_int_equal(runs, 1);
    bk_frames_free(fr);
    bk_para_release(&p);
}

/* brackets="drop" (the German text here): the brackets are not set, and
 * the mark is a Span whose ActualText is the mark, inside the Link. */
static void dropped_brackets_stay_in_the_text(void **state)
{
    fixture *f = *state;
    bk_cite cites[2];
    bk_block b = mark_block(cites);
    b.lang = "de";
    bk_para p;
    assert_int_equal(bk_para_set(f->super_setter, &b, "body", 1e5, &p), BK_OK);
    for (size_t k = 0; k < p.ng; k++)
        assert_false(in_mark(&b, p.g[k].cluster) &&
                     (TEXT[p.g[k].cluster] == '[' || TEXT[p.g[k].cluster] == ']'));
    bk_frames *fr = bk_frames_new();
    bk_page *pg = bk_frames_add_page(fr, 400, 600);
    assert_int_equal(bk_para_draw_line(f->ctx, &p, &p.lines[0], pg, 50, 300), BK_OK);
    size_t actual = 0;
    for (size_t k = 0; k < pg->n; k++) {
        const bk_item *it = &pg->items[k];
        if (it->kind != BK_ITEM_TAG_START || !it->u.tag.actual)
            continue;
        assert_int_equal(it->u.tag.role, BK_ROLE_SPAN);
        if (strcmp(it->u.tag.actual, "[12]") == 0) {
            actual++;
            assert_int_equal(pg->items[k - 2].u.tag.role, BK_ROLE_LINK); /* link, then Span */
            assert_int_equal(pg->items[k - 1].kind, BK_ITEM_LINK);
        } else {
            actual += strcmp(it->u.tag.actual, "[3]") == 0;
        }
    }
    assert_int_equal(actual, 2);
    bk_frames_free(fr);
    bk_para_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compose_keeps_marks_and_notes),
        cmocka_unit_test(layout_reads_the_citation_style),
        cmocka_unit_test(marks_are_set_smaller_and_raised),
        cmocka_unit_test(no_break_before_or_inside_a_mark),
        cmocka_unit_test(a_drawn_mark_links_to_its_note),
        cmocka_unit_test(dropped_brackets_stay_in_the_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
