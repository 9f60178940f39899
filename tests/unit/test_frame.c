/* Unit tests: the frame contract (frame.c): page numbers as data; pages
 * made smaller once finished, and once drawn by their last output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "frame.h"

static const char *fmt(bk_folio_style s, int n)
{
    static char buf[32];
    return bk_folio_format((bk_folio){s, n}, buf, sizeof buf);
}

static void folios_are_printed_from_style_and_number(void **state)
{
    (void)state;
    assert_string_equal(fmt(BK_FOLIO_ARABIC, 1), "1");
    assert_string_equal(fmt(BK_FOLIO_ARABIC, 370), "370");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 2), "ii");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 4), "iv");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 14), "xiv"); /* no cap at x */
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 1994), "mcmxciv");
    assert_string_equal(fmt(BK_FOLIO_ROMAN, 4000), "");
    assert_string_equal(fmt(BK_FOLIO_NONE, 3), "");
    assert_string_equal(fmt(BK_FOLIO_ARABIC, 0), "");
    char small[3];
    assert_string_equal(bk_folio_format((bk_folio){BK_FOLIO_ROMAN, 8}, small, sizeof small), "vi");
}

/* Diagnostics name a page by its folio, as viewers label it. */
static void pages_are_named_by_their_folio(void **state)
{
    (void)state;
    char buf[48];
    bk_page p = {.folio = {BK_FOLIO_ARABIC, 12}};
    assert_string_equal(bk_page_name(&p, buf, sizeof buf), "page 12");
    p.folio = (bk_folio){BK_FOLIO_ROMAN, 3};
    assert_string_equal(bk_page_name(&p, buf, sizeof buf), "page iii");
    p.folio = (bk_folio){BK_FOLIO_NONE, 0};
    assert_string_equal(bk_page_name(&p, buf, sizeof buf), "an unnumbered page");
    assert_string_equal(bk_page_name(NULL, buf, sizeof buf), "an unnumbered page");
}

static void pages_start_without_a_number(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = bk_frames_add_page(f, 100, 200);
    assert_int_equal(p->folio.style, BK_FOLIO_NONE);
    bk_frames_free(f);
}

/* A page of two runs: one with a mark raised (a y offset), one without. */
static bk_page *two_runs(bk_frames *f)
{
    bk_page *p = bk_frames_add_page(f, 100, 200);
    bk_glyph_run *a = bk_page_add_glyphs(p, 0, 10, 5, 50, 2, "ab", 2);
    bk_glyph_run *b = bk_page_add_glyphs(p, 0, 10, 5, 40, 2, "c\xcc\x81", 3);
    assert_non_null(a);
    assert_non_null(b);
    a->gids[0] = 1, a->gids[1] = 2;
    a->advance[0] = a->advance[1] = 5;
    b->gids[0] = 3, b->gids[1] = 4;
    b->advance[0] = 5;
    b->xoff[1] = -2.5;
    b->yoff[1] = 1.25;
    b->cluster[1] = 1;
    return p;
}

/* A finished page drops offset arrays that hold only zeros (NULL reads
 * as zeros), keeps the others, and still takes items. */
static void finished_pages_drop_zero_offsets(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = two_runs(f);
    bk_page_compact(p);
    assert_int_equal(p->n, 2);
    assert_int_equal(p->cap, 2);
    const bk_glyph_run *a = &p->items[0].u.glyphs, *b = &p->items[1].u.glyphs;
    assert_null(a->xoff);
    assert_null(a->yoff);
    assert_int_equal(a->gids[1], 2);
    assert_non_null(b->xoff);
    assert_non_null(b->yoff);
    assert_true(b->xoff[1] == -2.5 && b->yoff[1] == 1.25 && b->xoff[0] == 0);
    assert_non_null(bk_page_add_rect(p, 0, 0, 10, 10));
    assert_int_equal(p->n, 3);
    bk_page_compact(bk_frames_add_page(f, 100, 200)); /* empty */
    bk_page_compact(NULL);
    bk_frames_free(f);
}

/* A run with only one kind of offset keeps that one, with its values,
 * and its other arrays as they were. */
static void finished_pages_keep_one_offset(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = bk_frames_add_page(f, 100, 200);
    bk_glyph_run *x = bk_page_add_glyphs(p, 0, 10, 5, 50, 3, "abc", 3);
    bk_glyph_run *y = bk_page_add_glyphs(p, 0, 10, 5, 40, 3, "def", 3);
    assert_non_null(x);
    assert_non_null(y);
    for (uint32_t i = 0; i < 3; i++) {
        x->gids[i] = y->gids[i] = 10 + i;
        x->advance[i] = y->advance[i] = 1.5 * i;
        x->cluster[i] = y->cluster[i] = i;
    }
    x->xoff[2] = 0.75;
    y->yoff[0] = -1.5;
    y->yoff[2] = 2.25;
    bk_page_compact(p);
    x = &p->items[0].u.glyphs;
    y = &p->items[1].u.glyphs;
    assert_non_null(x->xoff);
    assert_null(x->yoff);
    assert_null(y->xoff);
    assert_non_null(y->yoff);
    assert_true(x->xoff[0] == 0 && x->xoff[1] == 0 && x->xoff[2] == 0.75);
    assert_true(y->yoff[0] == -1.5 && y->yoff[1] == 0 && y->yoff[2] == 2.25);
    for (uint32_t i = 0; i < 3; i++) {
        const bk_glyph_run *r[2] = {x, y};
        for (int k = 0; k < 2; k++)
            assert_true(r[k]->gids[i] == 10 + i && r[k]->advance[i] == 1.5 * i &&
                        r[k]->cluster[i] == i);
    }
    bk_page_compact(p); /* again: nothing changes */
    assert_true(p->items[1].u.glyphs.yoff[2] == 2.25);
    bk_frames_free(f);
}

/* A run added unset (its writer fills every entry, as a drawn line does)
 * has the layout of a zeroed one: its five arrays apart, holding what was
 * written, its text copied; a finished page drops its zero offsets. */
static void unset_runs_hold_what_is_written(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = bk_frames_add_page(f, 100, 200);
    char text[] = "xyz";
    bk_glyph_run *r = bk_page_add_glyphs_unset(p, 2, 9, 1, 2, 3, text, 3);
    assert_non_null(r);
    text[0] = 'q';
    assert_int_equal(r->font, 2);
    assert_int_equal(r->n, 3);
    assert_string_equal(r->text, "xyz");
    for (uint32_t i = 0; i < 3; i++) {
        r->gids[i] = 20 + i;
        r->advance[i] = 2.5 * i;
        r->xoff[i] = 0;
        r->yoff[i] = i == 1 ? 0.5 : 0;
        r->cluster[i] = i;
    }
    bk_page_compact(p);
    r = &p->items[0].u.glyphs;
    assert_null(r->xoff);
    assert_non_null(r->yoff);
    for (uint32_t i = 0; i < 3; i++)
        assert_true(r->gids[i] == 20 + i && r->advance[i] == 2.5 * i &&
                    r->cluster[i] == i && r->yoff[i] == (i == 1 ? 0.5 : 0));
    bk_frames_free(f);
}

/* A page drawn by its last output keeps its runs and their texts (a PDF's
 * ToUnicode points into them), without glyphs. */
static void drawn_pages_keep_runs_without_glyphs(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = two_runs(f);
    assert_non_null(bk_page_add_anchor(p, "here", 1, 2));
    bk_page_glyphs_free(p);
    assert_int_equal(p->n, 3);
    for (size_t k = 0; k < 2; k++) {
        const bk_glyph_run *r = &p->items[k].u.glyphs;
        assert_int_equal(p->items[k].kind, BK_ITEM_GLYPHS);
        assert_int_equal(r->n, 0);
        assert_null(r->gids);
        assert_null(r->advance);
        assert_null(r->cluster);
        assert_null(r->xoff);
    }
    assert_string_equal(p->items[0].u.glyphs.text, "ab");
    assert_string_equal(p->items[2].u.anchor.name, "here");
    bk_page_glyphs_free(NULL);
    bk_frames_free(f);
}

/* What a test placeholder stands for: a run at its place, the glyph
 * count its `what` gives (0: draw fails), as a typesetter draws a line. */
static int later_run(void *data, bk_page *p, const bk_later *l)
{
    int *calls = data;
    size_t n = *(const size_t *)l->what;
    ++*calls;
    if (!n)
        return 7;
    bk_glyph_run *r = bk_page_add_glyphs(p, 0, 10, l->x, l->y, n, "x", 1);
    return r && bk_page_tag_end(p) == 0 ? 0 : -1;
}

/* A placeholder stays one item while the page is placed (its index is
 * what marks and gaps count), moves with the items around it, and is
 * drawn in its place: the items before and after it keep their order. */
static void placeholders_are_drawn_in_their_place(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = bk_frames_add_page(f, 100, 200);
    size_t two = 2, three = 3;
    assert_non_null(bk_page_add_anchor(p, "a", 0, 150));
    assert_int_equal(bk_page_add_later(p, &two, NULL, 5, 140), 0);
    assert_non_null(bk_page_add_anchor(p, "b", 0, 130));
    assert_int_equal(bk_page_add_later(p, &three, NULL, 6, 120), 0);
    assert_int_equal(p->n, 4);
    bk_page_items_shift(p, 1, 4, -2.5); /* a gap grew above the first */
    int calls = 0;
    size_t drawn;
    assert_int_equal(bk_page_later_draw(p, later_run, &calls, &drawn), 0);
    assert_int_equal(drawn, 2);
    assert_int_equal(p->n, 6); /* each drew a run and an end */
    bk_item_kind want[] = {BK_ITEM_ANCHOR, BK_ITEM_GLYPHS, BK_ITEM_TAG_END,
                           BK_ITEM_ANCHOR, BK_ITEM_GLYPHS, BK_ITEM_TAG_END};
    for (size_t k = 0; k < 6; k++)
        assert_int_equal(p->items[k].kind, want[k]);
    assert_int_equal(p->items[1].u.glyphs.n, 2);
    assert_true(p->items[1].u.glyphs.y == 137.5 && p->items[1].u.glyphs.x == 5);
    assert_true(p->items[3].u.anchor.y == 127.5);
    assert_int_equal(p->items[4].u.glyphs.n, 3);
    assert_true(p->items[4].u.glyphs.y == 117.5);
    /* a page without placeholders is left as it is */
    assert_int_equal(bk_page_later_draw(p, later_run, &calls, &drawn), 0);
    assert_int_equal(drawn, 0);
    assert_int_equal(calls, 2);
    bk_frames_free(f);
}

/* Where drawing stops, the placeholders from there on stay, in order;
 * truncating or freeing the page frees what it drew. */
static void placeholders_stay_where_drawing_stops(void **state)
{
    (void)state;
    bk_frames *f = bk_frames_new();
    bk_page *p = bk_frames_add_page(f, 100, 200);
    size_t one = 1, none = 0;
    assert_int_equal(bk_page_add_later(p, &one, NULL, 0, 100), 0);
    assert_int_equal(bk_page_add_later(p, &none, NULL, 0, 90), 0);
    assert_int_equal(bk_page_add_later(p, &one, NULL, 0, 80), 0);
    int calls = 0;
    size_t drawn;
    assert_int_equal(bk_page_later_draw(p, later_run, &calls, &drawn), 7);
    assert_int_equal(drawn, 1);
    assert_int_equal(calls, 2);
    assert_int_equal(p->n, 4);
    assert_int_equal(p->items[2].kind, BK_ITEM_LATER);
    assert_ptr_equal(p->items[2].u.later.what, &none);
    assert_int_equal(p->items[3].kind, BK_ITEM_LATER);
    assert_true(p->items[3].u.later.y == 80);
    bk_page_items_truncate(p, 1);
    assert_int_equal(p->n, 1);
    bk_frames_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folios_are_printed_from_style_and_number),
        cmocka_unit_test(pages_start_without_a_number),
        cmocka_unit_test(pages_are_named_by_their_folio),
        cmocka_unit_test(finished_pages_drop_zero_offsets),
        cmocka_unit_test(finished_pages_keep_one_offset),
        cmocka_unit_test(unset_runs_hold_what_is_written),
        cmocka_unit_test(drawn_pages_keep_runs_without_glyphs),
        cmocka_unit_test(placeholders_are_drawn_in_their_place),
        cmocka_unit_test(placeholders_stay_where_drawing_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
