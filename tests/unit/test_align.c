/* Unit tests of booklet align: anchors (dates in each language's catalog
 * patterns, digits of any script, numbers and sums with multiplier words,
 * names of a glossary), the dynamic programme (monotone, strongest pairs
 * kept), the links of three texts (one order for every text) and the
 * check (weak and missing links). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "align.h"
#include "bk.h"
#include "compose.h"
#include "xml.h"

typedef struct fixture {
    bk_ctx *ctx;
    bk_lexicon *lx;
} fixture;

static char dir[] = "/tmp/test_align.XXXXXX";

static const char glossary[] =
    "<glossary>\n"
    "  <entry key=\"parkes\" type=\"person\"><term lang=\"en\">Parkes</term>"
    "<term lang=\"zh-Hans\">巴夏礼</term></entry>\n"
    "  <entry key=\"gong\" type=\"person\"><term lang=\"en\">Prince Gong</term>"
    "<term lang=\"vi\">Cung Thân Vương</term><term lang=\"zh-Hans\">恭亲王</term></entry>\n"
    "</glossary>\n";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ctx = bk_ctx_new();
    f->lx = bk_lexicon_new();
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/glossary.xml", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(glossary, fp);
    fclose(fp);
    const char *langs[] = {"en", "vi", "zh-Hans", "de"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(bk_lexicon_add_language(f->ctx, f->lx, ".", langs[i]), BK_OK);
    assert_int_equal(bk_lexicon_add_glossary(f->ctx, f->lx, path), BK_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    bk_lexicon_free(f->lx);
    bk_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* The anchors of s as "key key key" (the date context given or fresh). */
static void keys_of(fixture *f, const char *lang, const char *s, bk_date_ctx *dc, char *out,
                    size_t cap)
{
    bk_anchor *a = NULL;
    size_t na = 0, acap = 0;
    bk_date_ctx fresh = {0, 0};
    assert_int_equal(bk_anchors_find(f->lx, lang, s, strlen(s), dc ? dc : &fresh, &a, &na, &acap), 0);
    out[0] = '\0';
    for (size_t i = 0; i < na; i++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s", i ? " " : "", a[i].key);
        assert_true(a[i].start < a[i].end && a[i].end <= strlen(s));
    }
    free(a);
}

static void assert_keys(fixture *f, const char *lang, const char *s, const char *want)
{
    char got[512];
    keys_of(f, lang, s, NULL, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("%s: %s\n  got  %s\n  want %s", lang, s, got, want);
}

static void test_dates(void **state)
{
    fixture *f = *state;
    const char *day = "d:1860-10-18 m:1860-10 y:1860";
    assert_keys(f, "vi", "vào ngày 18 tháng 10 năm 1860, chấm dứt", day);
    assert_keys(f, "zh-Hans", "1860年10月18日，英军", day);
    assert_keys(f, "en", "on 18 October 1860 the army", day);
    assert_keys(f, "en", "on 18 Oct. 1860", day);
    assert_keys(f, "zh-Hans", "１８６０年１０月１８日", day); /* full-width digits */
    /* any year, any month */
    assert_keys(f, "vi", "Ngày 2 tháng 3 năm 1789", "d:1789-03-02 m:1789-03 y:1789");
    assert_keys(f, "en", "in September 1860,", "m:1860-09 y:1860");
    assert_keys(f, "vi", "tháng 6 năm 1858", "m:1858-06 y:1858");
    assert_keys(f, "zh-Hans", "1858年6月", "m:1858-06 y:1858");
    /* a month name alone is no date in English ("May" is also a verb) */
    assert_keys(f, "en", "They may leave in May.", "");
    /* a year alone, and a range of years */
    assert_keys(f, "en", "The war (1856-1860) ended", "y:1856 y:1860");
    assert_keys(f, "zh-Hans", "到了1859年，清廷", "y:1859");
    /* digits of another script, in a language without a catalog */
    assert_keys(f, "de", "im Jahr \xd9\xa1\xd9\xa8\xd9\xa6\xd9\xa0", "w:Jahr y:1860");
}

static void test_dates_carry_context(void **state)
{
    fixture *f = *state;
    bk_date_ctx dc = {0, 0};
    char got[256];
    keys_of(f, "zh-Hans", "1860年2月，额尔金重被任命。", &dc, got, sizeof got);
    assert_string_equal(got, "m:1860-02 y:1860");
    keys_of(f, "zh-Hans", "10月18日，英军纵火。", &dc, got, sizeof got);
    assert_string_equal(got, "d:1860-10-18 m:1860-10 y:1860");
    keys_of(f, "zh-Hans", "9月初，联军前进。", &dc, got, sizeof got);
    assert_string_equal(got, "m:1860-09 y:1860");
    keys_of(f, "zh-Hans", "21日，清军又惨败于八里桥", &dc, got, sizeof got);
    assert_string_equal(got, "d:1860-09-21 m:1860-09 y:1860");
    bk_date_ctx vdc = {1860, 10};
    keys_of(f, "vi", "Đến ngày 24, hiệp ước được ký.", &vdc, got, sizeof got);
    assert_string_equal(got, "d:1860-10-24 m:1860-10 y:1860");
    /* without any year yet: month and day only */
    assert_keys(f, "zh-Hans", "10月18日", "md:10-18");
    assert_keys(f, "vi", "ngày 18 tháng 10", "md:10-18");
}

static void test_numbers(void **state)
{
    fixture *f = *state;
    assert_keys(f, "zh-Hans", "赔偿英国白银800万两", "n:8000000");
    assert_keys(f, "vi", "bồi thường 8 triệu lượng bạc", "n:8000000");
    assert_keys(f, "en", "an indemnity of 8 million taels", "n:8000000");
    assert_keys(f, "en", "an indemnity of 8,000,000 taels", "n:8000000");
    assert_keys(f, "vi", "bồi thường 8.000.000 lượng", "n:8000000");
    assert_keys(f, "en", "some 1.5 million men", "n:1500000");
    assert_keys(f, "zh-Hans", "18000名英军和7200名法军", "n:18000 n:7200");
    assert_keys(f, "zh-Hans", "白银 30万和20万两", "n:300000 n:200000");
    assert_keys(f, "en", "39 men, 20 of them", "n:39 n:20");
    assert_keys(f, "en", "the 3 forts", ""); /* under 10: no anchor */
    assert_keys(f, "en", "Saigon fell on 17 February 1859, and the citadel gave up 200 cannon.",
                "d:1859-02-17 m:1859-02 y:1859 n:200");
    assert_keys(f, "vi", "Ngày 17 tháng 2 năm 1859, thành Gia Định thất thủ, quân Pháp thu 200 "
                "khẩu đại bác.", "d:1859-02-17 m:1859-02 y:1859 w:Định w:Pháp n:200");
}

static void test_names(void **state)
{
    fixture *f = *state;
    assert_keys(f, "zh-Hans", "又来通州的巴夏礼", "k:parkes");
    assert_keys(f, "en", "Then Parkes came back", "k:parkes");
    assert_keys(f, "en", "Parkesville is elsewhere", ""); /* whole words only */
    assert_keys(f, "vi", "em trai của Hàm Phong, Cung Thân Vương, trong",
                "w:Phong k:gong");
    assert_keys(f, "en", "signed by Prince Gong and Ignatiev", "k:gong w:Ignatiev");
}

/* A flow from a TEI text of paragraphs given as "id|text" strings. */
static bk_flow *flow_of(fixture *f, const char *lang, const char *const *paras, size_t n)
{
    bk_buf x = {0};
    bk_buf_printf(&x, "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text xml:lang=\"%s\"><body>",
                  lang);
    for (size_t i = 0; i < n; i++) {
        const char *bar = strchr(paras[i], '|');
        bk_buf_printf(&x, "<p xml:id=\"%.*s\">%s</p>", (int)(bar - paras[i]), paras[i], bar + 1);
    }
    bk_buf_puts(&x, "</body></text></TEI>");
    bk_node *tei = NULL;
    bk_flow *fl = NULL;
    assert_int_equal(bk_xml_read_memory(f->ctx, "t.xml", x.data, x.len, &tei), BK_OK);
    assert_int_equal(bk_compose(f->ctx, tei, lang, &fl), BK_OK);
    bk_node_free(tei);
    bk_buf_release(&x);
    return fl;
}

static const char *const en_paras[] = {
    "en.a|The war began in 1856 over a ship.",
    "en.b|Parkes was seized on 18 September 1860 at Tongzhou.",
    "en.c|Nothing in this paragraph is dated.",
    "en.d|On 18 October 1860 the palace burned. An indemnity of 8 million taels followed.",
};
static const char *const vi_paras[] = {
    "vi.a|Ngày 18 tháng 9 năm 1860, Parkes bị bắt.",
    "vi.b|Một đoạn không có mốc nào.",
    "vi.c|Ngày 18 tháng 10 năm 1860, cung điện bị đốt.",
    "vi.d|Tiền bồi thường là 8 triệu lượng bạc.",
};

static void test_dp_pairs(void **state)
{
    fixture *f = *state;
    bk_flow *en = flow_of(f, "en", en_paras, 4), *vi = flow_of(f, "vi", vi_paras, 4);
    bk_atext *a = NULL, *b = NULL;
    assert_int_equal(bk_atext_new(f->ctx, f->lx, en, &a), BK_OK);
    assert_int_equal(bk_atext_new(f->ctx, f->lx, vi, &b), BK_OK);
    assert_int_equal(a->n, 5); /* en.d has two sentences */
    assert_int_equal(b->n, 4);
    bk_apair *p = NULL;
    size_t np = 0;
    assert_int_equal(bk_align_pair(f->ctx, a, b, &p, &np), BK_OK);
    /* en.b <-> vi.a (18 September, Parkes); en.d <-> vi.c (18 October);
     * en.d@2 <-> vi.d (8 million) */
    assert_int_equal(np, 3);
    assert_string_equal(en->blocks[a->u[p[0].i].block].id, "en.b");
    assert_string_equal(vi->blocks[b->u[p[0].j].block].id, "vi.a");
    assert_string_equal(en->blocks[a->u[p[1].i].block].id, "en.d");
    assert_int_equal(a->u[p[1].i].nth, 1);
    assert_string_equal(vi->blocks[b->u[p[1].j].block].id, "vi.c");
    assert_int_equal(a->u[p[2].i].nth, 2);
    assert_string_equal(vi->blocks[b->u[p[2].j].block].id, "vi.d");
    for (size_t k = 1; k < np; k++) /* monotone */
        assert_true(p[k].i > p[k - 1].i && p[k].j > p[k - 1].j);
    bk_buf why = {0};
    assert_true(bk_align_score(a, p[0].i, b, p[0].j, &why) >= BK_ALIGN_MIN_SCORE);
    assert_string_equal(why.data, "parkes, 1860-09-18");
    bk_buf_release(&why);
    assert_true(bk_align_score(a, 2, b, 1, NULL) == 0); /* nothing shared */
    free(p);
    bk_atext_free(a);
    bk_atext_free(b);
    bk_flow_free(en);
    bk_flow_free(vi);
}

/* Two texts telling two events in the opposite order: a monotone
 * alignment keeps only the stronger of the two pairs. */
static void test_dp_crossing(void **state)
{
    fixture *f = *state;
    const char *const x[] = {"en.x|Parkes came on 14 September 1860.",
                             "en.y|On 18 October 1860 the palace burned, after 8 million taels "
                             "were promised on 24 October 1860."};
    const char *const y[] = {"vi.x|Ngày 18 tháng 10 năm 1860: 8 triệu lượng, ngày 24 tháng 10 năm 1860.",
                             "vi.y|Parkes, ngày 14 tháng 9 năm 1860."};
    bk_flow *en = flow_of(f, "en", x, 2), *vi = flow_of(f, "vi", y, 2);
    bk_atext *a = NULL, *b = NULL;
    assert_int_equal(bk_atext_new(f->ctx, f->lx, en, &a), BK_OK);
    assert_int_equal(bk_atext_new(f->ctx, f->lx, vi, &b), BK_OK);
    bk_apair *p = NULL;
    size_t np = 0;
    assert_int_equal(bk_align_pair(f->ctx, a, b, &p, &np), BK_OK);
    assert_int_equal(np, 1);
    assert_string_equal(en->blocks[a->u[p[0].i].block].id, "en.y");
    assert_string_equal(vi->blocks[b->u[p[0].j].block].id, "vi.x");
    free(p);
    bk_atext_free(a);
    bk_atext_free(b);
    bk_flow_free(en);
    bk_flow_free(vi);
}

static void test_links_three_texts(void **state)
{
    fixture *f = *state;
    const char *const z[] = {"zh.a|1860年9月18日，巴夏礼被扣押。", "zh.b|没有日期的一段。",
                             "zh.c|10月18日，英军纵火。赔偿800万两。"};
    bk_flow *fl[3] = {flow_of(f, "en", en_paras, 4), flow_of(f, "vi", vi_paras, 4),
                      flow_of(f, "zh-Hans", z, 3)};
    bk_atext *t[3];
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(bk_atext_new(f->ctx, f->lx, fl[i], &t[i]), BK_OK);
    bk_alink *l = NULL;
    size_t m = 0;
    assert_int_equal(bk_align_links(f->ctx, t, 3, &l, &m), BK_OK);
    assert_true(m >= 2);
    /* the first link joins all three on 18 September */
    assert_string_equal(fl[0]->blocks[t[0]->u[l[0].unit[0]].block].id, "en.b");
    assert_string_equal(fl[1]->blocks[t[1]->u[l[0].unit[1]].block].id, "vi.a");
    assert_string_equal(fl[2]->blocks[t[2]->u[l[0].unit[2]].block].id, "zh.a");
    for (size_t k = 1; k < m; k++) /* every text's order kept */
        for (size_t x = 0; x < 3; x++)
            for (size_t j = 0; j < k; j++)
                if (l[k].unit[x] != (size_t)-1 && l[j].unit[x] != (size_t)-1)
                    assert_true(l[k].unit[x] > l[j].unit[x]);
    bk_buf out = {0};
    const char *files[3] = {"en.xml", "vi.xml", "zh.xml"};
    assert_int_equal(bk_align_write(f->ctx, t, files, 3, NULL, NULL, "alignment.xml", &out),
                     BK_OK);
    assert_int_equal(bk_xml_validate_memory(f->ctx, "alignment.xml", out.data, out.len), BK_OK);
    assert_non_null(strstr(out.data, "xml:id=\"align-en-vi-zh\""));
    assert_non_null(strstr(out.data, "xml:id=\"align-vi-zh\""));
    assert_non_null(strstr(out.data, "<link target=\"#en.b #vi.a #zh.a\"/>"));
    assert_non_null(strstr(out.data, "<!-- anchors: 1860-09-18, parkes"));
    bk_buf_release(&out);
    free(l);
    for (size_t i = 0; i < 3; i++) {
        bk_atext_free(t[i]);
        bk_flow_free(fl[i]);
    }
}

static void test_check(void **state)
{
    fixture *f = *state;
    bk_flow *en = flow_of(f, "en", en_paras, 4), *vi = flow_of(f, "vi", vi_paras, 4);
    bk_atext *t[2];
    assert_int_equal(bk_atext_new(f->ctx, f->lx, en, &t[0]), BK_OK);
    assert_int_equal(bk_atext_new(f->ctx, f->lx, vi, &t[1]), BK_OK);
    /* a link pairing passages that share nothing (1856 / no anchor), one
     * whose passages share the 8 million; the September passages (before
     * it in vi) and the October ones are in different links' passages and
     * start none: missing */
    const char *al = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>"
                     "<linkGrp type=\"alignment\" xml:id=\"g\">\n"
                     "<link target=\"#en.a #vi.b\"/>\n"
                     "<link target=\"#en.c #vi.d\"/>\n"
                     "</linkGrp></body></text></TEI>";
    bk_node *tei = NULL;
    bk_alignment *a = NULL;
    assert_int_equal(bk_xml_read_memory(f->ctx, "al.xml", al, strlen(al), &tei), BK_OK);
    assert_int_equal(bk_alignment_load(f->ctx, tei, "al.xml", "g", &a), BK_OK);
    size_t weak = 9, missing = 9;
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_align_check(f->ctx, a, t, 2, &weak, &missing), BK_OK);
    assert_int_equal(weak, 1);
    assert_int_equal(missing, 2);
    assert_int_equal(bk_diag_warning_count(f->ctx->diag), 3);
    assert_non_null(strstr(bk_diag_warning(f->ctx->diag, 0), "weak link"));
    assert_non_null(strstr(bk_diag_warning(f->ctx->diag, 0), "#en.a"));
    assert_non_null(strstr(bk_diag_warning(f->ctx->diag, 1), "1860-09-18"));
    assert_non_null(strstr(bk_diag_warning(f->ctx->diag, 2), "1860-10-18"));
    bk_alignment_free(a);
    bk_node_free(tei);
    bk_atext_free(t[0]);
    bk_atext_free(t[1]);
    bk_flow_free(en);
    bk_flow_free(vi);
    /* texts without any anchor in common: nothing to judge, no warning */
    const char *const x[] = {"en.a|one two.", "en.b|three."}, *const y[] = {"vi.a|một hai.",
                                                                          "vi.b|ba."};
    bk_flow *fx = flow_of(f, "en", x, 2), *fy = flow_of(f, "vi", y, 2);
    assert_int_equal(bk_atext_new(f->ctx, f->lx, fx, &t[0]), BK_OK);
    assert_int_equal(bk_atext_new(f->ctx, f->lx, fy, &t[1]), BK_OK);
    const char *al2 = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>"
                      "<linkGrp type=\"alignment\" xml:id=\"g\"><link target=\"#en.a #vi.a\"/>"
                      "<link target=\"#en.b #vi.b\"/></linkGrp></body></text></TEI>";
    assert_int_equal(bk_xml_read_memory(f->ctx, "al2.xml", al2, strlen(al2), &tei), BK_OK);
    assert_int_equal(bk_alignment_load(f->ctx, tei, "al2.xml", "g", &a), BK_OK);
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_align_check(f->ctx, a, t, 2, &weak, &missing), BK_OK);
    assert_int_equal(weak + missing, 0);
    assert_int_equal(bk_diag_warning_count(f->ctx->diag), 0);
    bk_alignment_free(a);
    bk_node_free(tei);
    bk_atext_free(t[0]);
    bk_atext_free(t[1]);
    bk_flow_free(fx);
    bk_flow_free(fy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_dates_carry_context),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_dp_pairs),
        cmocka_unit_test(test_dp_crossing),
        cmocka_unit_test(test_links_three_texts),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
