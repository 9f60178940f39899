/* test_ingest.c — plain text to TEI: the generic normalisations (UTF-8
 * errors with positions, BOM, CRLF, NFC), each kind of rule and the rules
 * file syntax, the catalog, structure detection on small texts in several
 * languages (and one never seen), lint, and the golden TEI of the three
 * sources in sources/ (tests/golden/ingest/{vi,zh,en}.xml).
 *
 * Set BK_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
 * change; then read the diff before committing it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest.h"
#include "xml.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct fixture {
    bk_ctx *ctx;
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    f->ctx = bk_ctx_new();
    strcpy(f->dir, "/tmp/bk-test-ingest-XXXXXX");
    if (!f->ctx || !mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    bk_ctx_free(f->ctx);
    free(f);
    return 0;
}

static char *path_in(fixture *f, const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", f->dir, name);
    return buf[k];
}

static void put_file(fixture *f, const char *name, const char *data,
                     size_t len)
{
    FILE *fp = fopen(path_in(f, name), "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

static void put(fixture *f, const char *name, const char *text)
{
    put_file(f, name, text, strlen(text));
}

/* Ingests dir/src.txt (with an optional rules text) in `lang`; returns the
 * serialised TEI (caller frees) or NULL with the status in *st. The
 * result is always validated against the schema. */
static char *ingest_text(fixture *f, const char *text, size_t len,
                         const char *lang, const char *rules, bk_status *st,
                         bk_buf *report)
{
    put_file(f, "src.txt", text, len);
    if (rules)
        put(f, "src.rules", rules);
    else
        unlink(path_in(f, "src.rules"));
    bk_diag_clear(f->ctx->diag);
    bk_ingest_options o = {0};
    o.source = path_in(f, "src.txt");
    o.lang = lang;
    bk_node *tei = NULL;
    *st = bk_ingest(f->ctx, &o, &tei, report);
    if (*st != BK_OK) {
        assert_null(tei);
        return NULL;
    }
    bk_buf out = {0};
    assert_int_equal(bk_xml_write_buf(f->ctx, tei, 1, &out), BK_OK);
    bk_node_free(tei);
    bk_status v = bk_xml_validate_memory(f->ctx, "out.xml", out.data, out.len);
    if (v != BK_OK)
        fail_msg("schema: %s", bk_diag_error_message(f->ctx->diag));
    /* Drop the writer's indentation so the checks below can match markup
     * on one line: ingest never puts a newline inside text, so any newline
     * in the output is indentation. */
    char *w = out.data;
    for (const char *r = out.data; *r;) {
        if (*r == '\n') {
            while (*r == '\n' || *r == ' ')
                r++;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
    return out.data;
}

static char *ingest_ok(fixture *f, const char *text, const char *lang,
                       const char *rules)
{
    bk_status st;
    char *x = ingest_text(f, text, strlen(text), lang, rules, &st, NULL);
    if (!x)
        fail_msg("ingest failed: %s", bk_diag_error_message(f->ctx->diag));
    return x;
}

static void assert_has(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find:\n  %s\nin:\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect:\n  %s\nin:\n%s", needle, hay);
}

/* The part of the output after the header. */
static const char *body_of(const char *x)
{
    const char *b = strstr(x, "<text ");
    assert_non_null(b);
    return b;
}

static const char *err(fixture *f)
{
    const char *m = bk_diag_error_message(f->ctx->diag);
    return m ? m : "(none)";
}

/* ---- generic normalisations --------------------------------------------- */

static void test_utf8_error_position(void **state)
{
    fixture *f = *state;
    bk_status st;
    const char bad[] = "Title\n\nKết thúc\xff here\n";
    assert_null(ingest_text(f, bad, sizeof bad - 1, "vi", NULL, &st, NULL));
    assert_int_equal(st, BK_EINPUT);
    /* line 3, column 9 (code points, not bytes) */
    assert_non_null(strstr(err(f), "src.txt:3:9: error: invalid UTF-8"));

    const char overlong[] = "ab\xc0\xaf";
    assert_null(ingest_text(f, overlong, sizeof overlong - 1, "en", NULL, &st,
                            NULL));
    assert_non_null(strstr(err(f), "src.txt:1:3:"));

    const char nul[] = "one\ntwo\0three";
    assert_null(ingest_text(f, nul, sizeof nul - 1, "en", NULL, &st, NULL));
    assert_int_equal(st, BK_EINPUT);
    assert_non_null(strstr(err(f), "src.txt:2:4: error: NUL byte"));

    const char ctl[] = "one\ntw\x0co\n";
    assert_null(ingest_text(f, ctl, sizeof ctl - 1, "en", NULL, &st, NULL));
    assert_non_null(strstr(err(f), "src.txt:2:3: error: control character"));

    assert_null(ingest_text(f, "", 0, "en", NULL, &st, NULL));
    assert_non_null(strstr(err(f), "empty"));
    assert_null(ingest_text(f, "\n  \n\t\n", 5, "en", NULL, &st, NULL));
    assert_non_null(strstr(err(f), "no text"));
}

static void test_bom_crlf_nfc(void **state)
{
    fixture *f = *state;
    /* BOM, CRLF line ends, a lone CR, and a decomposed é (e + U+0301) */
    const char text[] = "\xef\xbb\xbfThe Title\r\n\r\nCafe\xcc\x81 au lait is "
                        "good.\rAnother line.\r\n";
    bk_status st;
    bk_buf rep = {0};
    char *x = ingest_text(f, text, sizeof text - 1, "en", NULL, &st, &rep);
    assert_non_null(x);
    assert_lacks(x, "\xef\xbb\xbf");
    assert_lacks(x, "\r");
    assert_lacks(x, "&#13;");
    assert_has(x, "<head xml:id=\"en.h1\">The Title</head>");
    assert_has(x, "<p xml:id=\"en.p_i4mcz\">Caf\xc3\xa9 au lait is good.</p>");
    assert_has(x, "<p xml:id=\"en.p_8jzcw\">Another line.</p>");
    /* each normalisation is declared in the header */
    assert_has(x, "subtype=\"bom\" corresp=\"#en.norm\" n=\"1:1\">byte order "
                  "mark removed</change>");
    assert_has(x, "subtype=\"line-ends\" corresp=\"#en.norm\">3 CRLF line "
                  "ends and 1 CR line end became LF</change>");
    assert_has(x, "subtype=\"nfc\" corresp=\"#en.norm\" n=\"3:4\"><orig "
                  "xml:lang=\"en\">e\xcc\x81</orig> → <reg xml:lang=\"en\">"
                  "\xc3\xa9</reg></change>");
    assert_has(rep.data, "byte order mark  removed");
    assert_has(rep.data, "3 CRLF, 1 CR -> LF");
    assert_has(rep.data, "3:4  \"e\xcc\x81\" -> \"\xc3\xa9\"");
    bk_buf_release(&rep);
    free(x);

    /* an already clean text declares no changes at all */
    x = ingest_ok(f, "Clean\n\nA sentence.\n", "en", NULL);
    assert_lacks(x, "<revisionDesc>");
    assert_has(x, "No rules file: no declared edits.");
    free(x);
}

/* ---- rules -------------------------------------------------------------- */

static const char *zh_rules =
    "# test rules\n"
    "replace pinyin-qiang \"qiáng\" -> \"强\" near=han\n"
    "replace pinyin-jiao \"jiāo\" -> \"交\" near=han\n"
    "replace pinyin-jian \"jian\" -> \"奸\" between=han   # only alone\n"
    "replace name-middot \"?\" -> \"·\" between=han\n"
    "replace fw-lparen \"(\" -> \"（\" near=han\n"
    "replace fw-rparen \")\" -> \"）\" near=han\n"
    "replace fw-comma \",\" -> \"，\" near=han\n"
    "replace fw-semicolon \";\" -> \"；\" near=han\n"
    "replace fw-colon \":\" -> \"：\" near=han\n"
    "replace space-han-digit \" \" -> \"\" between=han/digit\n"
    "replace trad-jin \"進\" -> \"进\"\n";

static void test_rules_chinese(void **state)
{
    fixture *f = *state;
    const char *text =
        "到了1859年,清廷须与列qiángjiāo换条约。以杜jian计,Xianjian不变。\n"
        "弗雷德里克?普鲁斯(额尔金之弟)坚持進京;规定:英法军队于 4月占领,"
        "共 39人。1, 2 and 3? ok\n";
    bk_buf rep = {0};
    bk_status st;
    char *x = ingest_text(f, text, strlen(text), "zh-Hans", zh_rules, &st,
                          &rep);
    if (!x)
        fail_msg("%s", err(f));
    const char *b = body_of(x);
    assert_has(b, "到了1859年，清廷须与列强交换条约。以杜奸计，Xianjian不变。");
    assert_has(b, "弗雷德里克·普鲁斯（额尔金之弟）坚持进京；规定：英法军队于4月占领，"
                  "共39人。1, 2 and 3? ok");
    /* each applied change is in the header with its source position */
    assert_has(x, "<change type=\"rule\" corresp=\"#zh.rule.pinyin-qiang\" "
                  "n=\"1:14\"><orig xml:lang=\"zh-Hans\">qiáng</orig> → "
                  "<reg xml:lang=\"zh-Hans\">强</reg></change>");
    assert_has(x, "corresp=\"#zh.rule.pinyin-jiao\" n=\"1:19\"");
    assert_has(x, "corresp=\"#zh.rule.pinyin-jian\" n=\"1:29\"");
    /* one change per rule, listing every place it applied */
    assert_has(x, "corresp=\"#zh.rule.space-han-digit\" n=\"2:30 2:37\"><orig "
                  "xml:lang=\"zh-Hans\"> </orig> → <reg xml:lang=\"zh-Hans\"/>"
                  "</change>");
    assert_has(x, "<p xml:id=\"zh.rule.trad-jin\">replace trad-jin \"進\" -> "
                  "\"进\"</p>");
    /* the report lists them too, with positions */
    assert_has(rep.data, "1:14  pinyin-qiang  \"qiáng\" -> \"强\"");
    assert_has(rep.data, "2:6  name-middot  \"?\" -> \"·\"");
    /* lint: a romanised name in Han text is flagged (no rule covers it);
     * the ASCII '?' among Latin and digits is not CJK text */
    assert_has(rep.data, "lint (1 finding)");
    assert_has(rep.data, "1:35  Latin letters 'Xianjian' inside Han text");
    bk_buf_release(&rep);
    free(x);
}

static void test_rules_conditions(void **state)
{
    fixture *f = *state;
    const char *rules = "mark paras paragraph lines=2-4\n"
                        "replace a1 \"x\" -> \"X\" before=digit\n"
                        "replace a2 \"y\" -> \"Y\" after=edge\n"
                        "replace a3 \"z\" -> \"Z\" before=!latin\n"
                        "replace a4 \"_\" -> \" \" lines=2-3\n"
                        "replace a5 \"\\u{2014}\" -> \"--\" between=space\n"
                        "replace a6 \"q\\\"\" -> \"Q\" near=punct\n";
    const char *text = "Head x_y\n"
                       "1x ax y_y\n"
                       "z az _ \xe2\x80\x94 a\xe2\x80\x94" "b\n"
                       "_ q\"!\n";
    char *x = ingest_ok(f, text, "en", rules);
    const char *b = body_of(x);
    /* line 1 is the title: x after 'd' stays, _ stays, y at the end */
    assert_has(b, ">Head x_Y</head>");
    assert_has(b, ">1X ax y Y</p>");
    assert_has(b, ">Z az   -- a\xe2\x80\x94" "b</p>");
    assert_has(b, ">_ Q!</p>");
    free(x);
}

static void test_rules_file_errors(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *rules, *msg;
    } cases[] = {
        {"replace r1 \"a\" -> \"b\" sideways=han\n",
         "src.rules:1:23: error: unknown condition 'sideways'"},
        {"\n\nreplace r1 \"a\" -> \"b\" near=klingon\n",
         "src.rules:3:23: error: bad character class"},
        {"replace r1 \"a\" -> \"b\"\nreplace r1 \"c\" -> \"d\"\n",
         "src.rules:2:9: error: rule id 'r1' is already used on line 1"},
        {"replace r1 \"\" -> \"b\"\n", "src.rules:1:12: error: the text to "
                                       "replace is empty"},
        {"replace r1 \"a -> \"b\"\n", "src.rules:1:20: error: unexpected quote"},
        {"swap r1 \"a\" \"b\"\n",
         "src.rules:1:1: error: expected 'replace' or 'mark'"},
        {"replace 1r \"a\" \"b\"\n", "src.rules:1:9: error: expected a rule id"},
        {"replace r1 \"a\\q\" \"b\"\n", "src.rules:1:14: error: unknown escape"},
        {"mark m1 chapter line=2\n", "src.rules:1:9: error: expected a role"},
        {"mark m1 caption\n", "src.rules:1:6: error: a mark needs"},
        {"replace r1 \"a\" \"b\" line=0\n", "src.rules:1:20: error: bad line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bk_status st;
        char *x = ingest_text(f, "T\n\nText.\n", 9, "en", cases[i].rules, &st,
                              NULL);
        assert_null(x);
        assert_int_equal(st, BK_EINPUT);
        if (!strstr(err(f), cases[i].msg))
            fail_msg("case %zu: expected '%s', got '%s'", i, cases[i].msg,
                     err(f));
    }
}

static void test_mark_rule(void **state)
{
    fixture *f = *state;
    const char *rules = "mark cap caption starts=\"A drawing of\"\n"
                        "mark h3 heading line=5\n";
    const char *text = "The Title\n\n"
                       "A drawing of the bridge at Baliqiao, 1860\n\n"
                       "this is lower case but declared a heading\n"
                       "The paragraph follows.\n";
    bk_buf rep = {0};
    bk_status st;
    char *x = ingest_text(f, text, strlen(text), "en", rules, &st, &rep);
    assert_non_null(x);
    const char *b = body_of(x);
    assert_has(b, "<figure xml:id=\"en.f1\"><head xml:id=\"en.h2\">A drawing "
                  "of the bridge at Baliqiao, 1860</head></figure>");
    assert_has(b, "<head xml:id=\"en.h3\">this is lower case but declared a "
                  "heading</head>");
    assert_has(x, "<change type=\"mark\" corresp=\"#en.rule.cap\" n=\"3:1\">"
                  "line 3 marked as caption</change>");
    assert_has(rep.data, "5:1  h3  line marked as heading");
    bk_buf_release(&rep);
    free(x);
}

/* ---- catalog and options ------------------------------------------------ */

static void test_catalog(void **state)
{
    fixture *f = *state;
    put(f, "catalog.xml",
        "<catalog>\n"
        "  <source file=\"src.txt\" lang=\"vi\" rules=\"other.rules\">\n"
        "    <title>Tên   từ danh mục</title>\n"
        "    <origin>Somewhere\n   nice.</origin>\n"
        "  </source>\n"
        "</catalog>\n");
    put(f, "other.rules", "replace u \"_\" -> \" \" line=1\n");
    put(f, "src.txt", "Một_đoạn văn bản dài kết thúc bằng dấu chấm.\n");
    bk_ingest_options o = {0};
    o.source = path_in(f, "src.txt");
    bk_node *tei = NULL;
    bk_buf out = {0};
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_OK);
    assert_int_equal(bk_xml_write_buf(f->ctx, tei, 1, &out), BK_OK);
    /* language and rules from the catalog; no title line (it ends with a
     * full stop), so the catalog's title names the document */
    assert_has(out.data, "<text xml:id=\"vi.text\" xml:lang=\"vi\">");
    assert_has(out.data, "<title xml:lang=\"vi\">Tên từ danh mục</title>");
    assert_has(out.data, "<note>Somewhere nice.</note>");
    assert_has(out.data, "<p xml:id=\"vi.p_54iga\">Một đoạn văn bản");
    assert_has(out.data, "Declared rules: other.rules (SHA-256 ");
    bk_buf_release(&out);
    bk_node_free(tei);

    /* --lang wins over the catalog */
    o.lang = "vi-VN";
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_OK);
    assert_string_equal(bk_node_get_attr(bk_node_find(tei, "text"), "xml:lang"),
                        "vi-VN");
    bk_node_free(tei);
    tei = NULL;

    /* a source the catalog does not know, and no --lang: the language is
     * guessed from its letters and the guess announced */
    put(f, "unknown.txt", "Hello there.\n");
    o.source = path_in(f, "unknown.txt");
    o.lang = NULL;
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_OK);
    assert_string_equal(bk_node_get_attr(bk_node_find(tei, "text"), "xml:lang"), "en");
    assert_non_null(strstr(bk_diag_warning(f->ctx->diag, 0),
                           "no language given: the text looks like en (English)"));
    bk_node_free(tei);
    tei = NULL;
    put(f, "unknown.txt", "Sông Mê Kông chảy qua sáu quốc gia.\n");
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_OK);
    assert_string_equal(bk_node_get_attr(bk_node_find(tei, "text"), "xml:lang"), "vi");
    bk_node_free(tei);
    tei = NULL;
    put(f, "unknown.txt", "香港島於一八四二年割讓給英國。\n");
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_OK);
    assert_string_equal(bk_node_get_attr(bk_node_find(tei, "text"), "xml:lang"), "zh-Hant");
    bk_node_free(tei);
    tei = NULL;
    /* other scripts by their letters, Latin-script languages by their
     * function words; too few of those to tell: English, as before */
    static const struct {
        const char *text, *lang;
    } guesses[] = {
        {"Le Rhin prend sa source dans les Alpes et se jette dans la mer du Nord.\n", "fr"},
        {"Der Rhein entspringt in den Alpen und ist die meistbefahrene Wasserstraße.\n", "de"},
        {"El río nace en los Alpes y desemboca en el mar del Norte, como los otros.\n", "es"},
        {"Il Reno nasce nelle Alpi e non sfocia nel mare della Liguria per il clima.\n", "it"},
        {"O rio nasce nos Alpes e foi uma das vias com mais barcos da Europa.\n", "pt"},
        {"De Rijn is een rivier die door het land van de Alpen naar de zee stroomt.\n", "nl"},
        {"The Rhine rises in the Alps and flows to the North Sea.\n", "en"},
        {"Été à Genève: météo clémente.\n", "en"},
        /* English with few of its own function words, many "do" and "as" */
        {"What do you do? I do as my mother did. Do you see? I do not, but I will do as "
         "you say.\n", "en"},
        {"Solve for y: y + 3 = 5. Then y = 2.\n", "en"},
        {"Ο Ρήνος πηγάζει από τις Άλπεις.\n", "el"},
        {"Рейн берёт начало в Альпах и впадает в Северное море.\n", "ru"},
        {"Рейн бере початок в Альпах і впадає в Північне море.\n", "uk"},
    };
    for (size_t i = 0; i < sizeof guesses / sizeof *guesses; i++) {
        put(f, "unknown.txt", guesses[i].text);
        bk_diag_clear(f->ctx->diag);
        assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_OK);
        const char *got = bk_node_get_attr(bk_node_find(tei, "text"), "xml:lang");
        if (strcmp(got, guesses[i].lang) != 0)
            fail_msg("'%s' guessed %s, not %s", guesses[i].text, got, guesses[i].lang);
        bk_node_free(tei);
        tei = NULL;
    }
    /* letters that say nothing: a usage error */
    put(f, "unknown.txt", "1860 - 1862.\n");
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_EUSAGE);
    assert_null(tei);
    assert_has(err(f), "no language for this source: give --lang TAG");
    o.lang = "not a tag";
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_EUSAGE);

    /* a catalog naming a missing rules file */
    put(f, "catalog.xml", "<catalog><source file=\"src.txt\" lang=\"en\" "
                          "rules=\"missing.rules\"/></catalog>");
    o.source = path_in(f, "src.txt");
    o.lang = NULL;
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_EINPUT);
    assert_has(err(f), "missing.rules: error: cannot open");
    /* a broken catalog */
    put(f, "catalog.xml", "<catalog><source></catalog>");
    bk_diag_clear(f->ctx->diag);
    assert_int_equal(bk_ingest(f->ctx, &o, &tei, NULL), BK_EINPUT);
    assert_has(err(f), "catalog.xml:1:");
}

/* ---- structure ---------------------------------------------------------- */

static void test_structure_vietnamese(void **state)
{
    fixture *f = *state;
    const char *text =
        "Chiến dịch Bát Lý Kiều\n"
        "\n"
        "Bài chi tiết: Trận Bát Lý Kiều, Điều ước Bắc Kinh\n"
        "Cầu Bát Lý Kiều năm 1860, ảnh của Felice Beato.\n"
        "\n"
        "Quân Anh-Pháp tiến về Bắc Kinh vào tháng 9 năm 1860.\n"
        "\n"
        "Diễn biến\n"
        "\n"
        "Trận đánh diễn ra ngày 21 tháng 9. \"Quân Thanh thua to.\"[3] Sau "
        "đó quân Anh-Pháp tiến vào.\n"
        "\n"
        "Kết quả gồm:\n"
        "\n"
        "  1. Bắc Kinh thất thủ\n"
        "  2. Viên Minh Viên bị đốt (圓明園)\n";
    char *x = ingest_ok(f, text, "vi", NULL);
    const char *b = body_of(x);
    assert_has(x, "<title xml:lang=\"vi\">Chiến dịch Bát Lý Kiều</title>");
    assert_has(b, "<head xml:id=\"vi.h1\">Chiến dịch Bát Lý Kiều</head>");
    assert_has(b, "<note xml:id=\"vi.n1\" type=\"hatnote\">Bài chi tiết: "
                  "<ref xml:id=\"vi.n1.r1\">Trận Bát Lý Kiều</ref>, "
                  "<ref xml:id=\"vi.n1.r2\">Điều ước Bắc Kinh</ref></note>");
    assert_has(b, "<figure xml:id=\"vi.f1\"><head xml:id=\"vi.h2\">Cầu Bát "
                  "Lý Kiều năm 1860, ảnh của Felice Beato.</head></figure>");
    assert_has(b, "<div xml:id=\"vi.d2\" type=\"section\"><head "
                  "xml:id=\"vi.h3\">Diễn biến</head>");
    assert_has(b, "ngày 21 tháng 9. \"<quote xml:id=\"vi.p_v8wag.q1\">Quân Thanh "
                  "thua to.</quote>\"<ref xml:id=\"vi.p_v8wag.r1\" "
                  "type=\"citation\" n=\"3\">[3]</ref> Sau đó");
    assert_has(b, "<list xml:id=\"vi.l1\" type=\"ordered\">");
    assert_has(b, "<item xml:id=\"vi.l1.i2\" n=\"2\">Viên Minh Viên bị đốt "
                  "(<foreign xml:id=\"vi.l1.i2.fo1\" xml:lang=\"zh-Hant\">"
                  "圓明園</foreign>)</item>");
    assert_has(x, "<language ident=\"zh-Hant\">Chinese (traditional)"
                  "</language>");
    free(x);
}

static void test_structure_chinese(void **state)
{
    fixture *f = *state;
    /* no title line: the first line is a long paragraph ending in 。 */
    const char *text =
        "1856年，英国以亚罗号事件为借口发动战争，法国以马神甫事件为借口参战，"
        "战争由此开始。\n"
        "战争经过\n"
        "1857年12月，英法联军攻占广州。他说：“我们必须前进。”此后联军北上。\n"
        "1、攻占广州\n"
        "2、北上天津\n";
    char *x = ingest_ok(f, text, "zh-Hans", NULL);
    const char *b = body_of(x);
    assert_lacks(b, "<head xml:id=\"zh.h1\">1856");
    assert_has(b, "<p xml:id=\"zh.p_sdvri\">1856年，英国");
    assert_has(b, "<div xml:id=\"zh.d2\" type=\"section\"><head "
                  "xml:id=\"zh.h1\">战争经过</head>");
    assert_has(b, "他说：“<quote xml:id=\"zh.p_46yhu.q1\">我们必须前进。</quote>”"
                  "此后");
    assert_has(b, "<item xml:id=\"zh.l1.i1\" n=\"1\">攻占广州</item>");
    /* no foreign spans in a Chinese text */
    assert_lacks(b, "<foreign");
    /* the title falls back to the file name without a catalog */
    assert_has(x, "<title>src.txt</title>");
    free(x);
}

static void test_structure_english(void **state)
{
    fixture *f = *state;
    const char *text =
        "The Battle: A Short Account\n"
        "It was fought in 1860, near Beijing, and lasted a day.\n"
        "Background\n"
        "The war had begun in 1856. See the note.[1]\n"
        "Main article: Second Opium War\n"
        "Figure 2: The bridge after the battle\n"
        "Consequences\n"
        "- Beijing fell\n"
        "- the Summer Palace burned\n"
        "References\n"
        "[1] Hevia, English Lessons, 2003.\n";
    char *x = ingest_ok(f, text, "en", NULL);
    const char *b = body_of(x);
    assert_has(b, "<head xml:id=\"en.h1\">The Battle: A Short Account</head>");
    assert_has(b, "<head xml:id=\"en.h2\">Background</head>");
    assert_has(b, "See the note.<ref xml:id=\"en.p_nqrud.r1\" type=\"citation\" "
                  "n=\"1\" target=\"#en.cit1\">[1]</ref>");
    assert_has(b, "<note xml:id=\"en.n1\" type=\"hatnote\">Main article: "
                  "<ref xml:id=\"en.n1.r1\">Second Opium War</ref></note>");
    assert_has(b, "<figure xml:id=\"en.f1\"><head xml:id=\"en.h3\">Figure 2: "
                  "The bridge after the battle</head></figure>");
    assert_has(b, "<head xml:id=\"en.h4\">Consequences</head>");
    assert_has(b, "<list xml:id=\"en.l1\" type=\"bulleted\"><item "
                  "xml:id=\"en.l1.i1\">Beijing fell</item>");
    assert_has(b, "<back xml:id=\"en.back\"><div xml:id=\"en.d4\" "
                  "type=\"notes\"><head xml:id=\"en.h5\">References</head>"
                  "<note xml:id=\"en.cit1\" type=\"citation\" n=\"1\">Hevia, "
                  "English Lessons, 2003.</note>");
    free(x);
}

static void test_structure_wrapped_and_markup(void **state)
{
    fixture *f = *state;
    /* hard-wrapped paragraphs with blank lines between; markdown and wiki
     * heading markup give levels */
    const char *text =
        "# Tea in Europe\n"
        "\n"
        "Tea reached Europe in the early seventeenth century, carried by\n"
        "Dutch merchants who bought it in Java. Within a few decades it\n"
        "had become a fashionable drink.\n"
        "\n"
        "## In England\n"
        "\n"
        "The first London coffee house to sell tea opened in 1657, and\n"
        "Samuel Pepys tried it three years later.\n"
        "\n"
        "=== Prices ===\n"
        "\n"
        "Tea was costly and heavily taxed until the act of 1784.\n"
        "\n"
        "## In Russia\n"
        "\n"
        "Caravans brought tea overland from China.\n";
    bk_buf rep = {0};
    bk_status st;
    char *x = ingest_text(f, text, strlen(text), "en", NULL, &st, &rep);
    assert_non_null(x);
    const char *b = body_of(x);
    /* "# Tea in Europe" is title markup on the first line */
    assert_has(b, "<head xml:id=\"en.h1\">Tea in Europe</head>");
    assert_has(b, "<p xml:id=\"en.p_xcfvg\">Tea reached Europe in the early "
                  "seventeenth century, carried by Dutch merchants who "
                  "bought it in Java. Within a few decades it had become a "
                  "fashionable drink.</p>");
    assert_has(b, "<head xml:id=\"en.h2\">In England</head>");
    /* === x === is a subsection, nested in "In England" (## and == are
     * sections: one mark is the title) */
    assert_has(b, "<div xml:id=\"en.d3\" type=\"section\"><head "
                  "xml:id=\"en.h3\">Prices</head>");
    assert_has(b, "</div></div><div xml:id=\"en.d4\" type=\"section\"><head "
                  "xml:id=\"en.h4\">In Russia</head>");
    assert_has(rep.data, "wrapped lines joined into paragraphs");
    bk_buf_release(&rep);
    free(x);
}

static void test_structure_unseen_language(void **state)
{
    fixture *f = *state;
    /* German, never seen by the code: title, hatnote, headings, list,
     * quotation (with „ “), and a Japanese span */
    const char *text =
        "Der Zweite Opiumkrieg\n"
        "Hauptartikel: Opiumkriege\n"
        "Der Krieg dauerte von 1856 bis 1860. „Peking ist gefallen.“ So "
        "schrieb ein Offizier.\n"
        "Ursachen\n"
        "Großbritannien wollte den Handel erzwingen; in Japan hieß er "
        "アヘン戦争.\n"
        "  1. Handel\n"
        "  2. Diplomatie\n";
    char *x = ingest_ok(f, text, "de", NULL);
    const char *b = body_of(x);
    assert_has(b, "<head xml:id=\"de.h1\">Der Zweite Opiumkrieg</head>");
    assert_has(b, "type=\"hatnote\">Hauptartikel: <ref xml:id=\"de.n1.r1\">"
                  "Opiumkriege</ref></note>");
    assert_has(b, "„<quote xml:id=\"de.p_8y34p.q1\">Peking ist gefallen.</quote>“");
    assert_has(b, "<head xml:id=\"de.h2\">Ursachen</head>");
    assert_has(b, "<foreign xml:id=\"de.p_2upxj.fo1\" xml:lang=\"ja\">アヘン戦争"
                  "</foreign>");
    assert_has(b, "<item xml:id=\"de.l1.i2\" n=\"2\">Diplomatie</item>");
    assert_has(x, "<language ident=\"de\">German</language>");
    free(x);
}

/* ---- lint ----------------------------------------------------------------- */

static void test_lint(void **state)
{
    fixture *f = *state;
    const char *text = "清廷须与列qiáng交换条约。\n"
                       "弗雷德里克?普鲁斯坚持進京。\n";
    bk_buf rep = {0};
    bk_status st;
    char *x = ingest_text(f, text, strlen(text), "zh-Hans", NULL, &st, &rep);
    assert_non_null(x);
    bk_diag *d = f->ctx->diag;
    assert_int_equal(bk_diag_warning_count(d), 3);
    assert_has(bk_diag_warning(d, 0), "src.txt:1:6: warning: Latin letters "
                                      "'qiáng' inside Han text");
    assert_has(bk_diag_warning(d, 1), "src.txt:2:6: warning: '?' next to CJK");
    assert_has(bk_diag_warning(d, 2), "src.txt:2:12: warning: traditional "
                                      "character '進'");
    assert_has(rep.data, "lint (3 findings)");
    bk_buf_release(&rep);
    free(x);

    /* simplified characters in traditional text; a Han run mixing both in
     * another language */
    x = ingest_ok(f, "這是国家。\n", "zh-Hant", NULL);
    assert_int_equal(bk_diag_warning_count(d), 1);
    assert_has(bk_diag_warning(d, 0), "1:3: warning: simplified character");
    free(x);
    x = ingest_ok(f, "Một câu có 國家与人民 ở giữa.\n", "vi", NULL);
    assert_int_equal(bk_diag_warning_count(d), 1);
    assert_has(bk_diag_warning(d, 0), "mixes simplified and traditional");
    free(x);

    /* under --strict a finding is an error and there is no tree */
    f->ctx->strict = 1;
    assert_null(ingest_text(f, text, strlen(text), "zh-Hans", NULL, &st,
                            NULL));
    assert_int_equal(st, BK_EINPUT);
    assert_has(err(f), "src.txt:1:6: error: Latin letters");
    f->ctx->strict = 0;
}

/* ---- the three sources ---------------------------------------------------- */

/* Runs from the repository root, whatever the current directory. */
static int chdir_root(void)
{
    static const char *const up[] = {".", "..", "../..", "../../..", NULL};
    for (const char *const *u = up; *u; u++) {
        char p[64];
        snprintf(p, sizeof p, "%s/sources/catalog.xml", *u);
        if (access(p, R_OK) == 0)
            return chdir(*u);
    }
    return -1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    *len = (size_t)n;
    fclose(fp);
    return s;
}

static char *ingest_source(bk_ctx *ctx, const char *src)
{
    bk_ingest_options o = {0};
    o.source = src;
    bk_node *tei = NULL;
    bk_diag_clear(ctx->diag);
    if (bk_ingest(ctx, &o, &tei, NULL) != BK_OK)
        fail_msg("ingest %s: %s", src, bk_diag_error_message(ctx->diag));
    assert_int_equal(bk_diag_warning_count(ctx->diag), 0);
    bk_buf out = {0};
    assert_int_equal(bk_xml_write_buf(ctx, tei, 1, &out), BK_OK);
    bk_node_free(tei);
    assert_int_equal(bk_xml_validate_memory(ctx, src, out.data, out.len),
                     BK_OK);
    return out.data;
}

static void check_golden(fixture *f, const char *src, const char *golden)
{
    assert_int_equal(chdir_root(), 0);
    char *x = ingest_source(f->ctx, src);
    if (getenv("BK_UPDATE_GOLDEN")) {
        FILE *fp = fopen(golden, "wb");
        assert_non_null(fp);
        fputs(x, fp);
        fclose(fp);
    }
    size_t len = 0;
    char *want = slurp(golden, &len);
    if (!want)
        fail_msg("missing golden file %s (BK_UPDATE_GOLDEN=1 makes it)",
                 golden);
    if (strcmp(x, want) != 0) {
        size_t i = 0;
        while (x[i] && x[i] == want[i])
            i++;
        fail_msg("%s differs from %s at byte %zu:\n got: %.80s\nwant: %.80s",
                 src, golden, i, x + i, want + i);
    }
    free(want);
    free(x);
}

static void test_golden_vi(void **state)
{
    fixture *f = *state;
    check_golden(f, "sources/vi-opium-war-end.txt", "tests/golden/ingest/vi.xml");
    bk_node *tei = NULL;
    assert_int_equal(bk_xml_read(f->ctx, "tests/golden/ingest/vi.xml", &tei),
                     BK_OK);
    char *t = bk_node_text_content(bk_node_find(tei, "title"));
    assert_string_equal(t, "Kết thúc Chiến tranh nha phiến lần thứ hai");
    free(t);
    bk_node *fig = bk_node_find(tei, "figure");
    assert_non_null(fig);
    /* (the figure itself holds indentation: read its head) */
    t = bk_node_text_content(bk_node_child(fig, "head"));
    const char *cap = "Cờ Thanh bị quân Anh-Pháp thu giữ.";
    assert_true(strncmp(t, cap, strlen(cap)) == 0);
    free(t);
    assert_non_null(bk_node_find(tei, "list"));
    bk_node *note = bk_node_find(bk_node_find(tei, "body"), "note");
    assert_non_null(note);
    assert_non_null(bk_node_get_attr(note, "type"));
    assert_string_equal(bk_node_get_attr(note, "type"), "hatnote");
    bk_node_free(tei);
}

static void test_golden_zh(void **state)
{
    fixture *f = *state;
    check_golden(f, "sources/zh-second-opium-war.txt",
                 "tests/golden/ingest/zh.xml");
    bk_node *tei = NULL;
    assert_int_equal(bk_xml_read(f->ctx, "tests/golden/ingest/zh.xml", &tei),
                     BK_OK);
    char *t = bk_node_text_content(bk_node_find(tei, "body"));
    assert_non_null(strstr(t, "列强交换"));
    assert_non_null(strstr(t, "大沽炮台"));
    assert_non_null(strstr(t, "弗雷德里克·普鲁斯"));
    assert_non_null(strstr(t, "以杜奸计"));
    assert_non_null(strstr(t, "，"));
    assert_null(strstr(t, "進"));
    assert_null(strpbrk(t, ",;:()?"));
    for (const char *p = t; *p; p++)
        assert_false((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'));
    free(t);
    t = bk_node_text_content(bk_node_find(tei, "title"));
    assert_string_equal(t, "第二次鸦片战争");
    free(t);
    /* no title line: the article has no head */
    assert_null(bk_node_find(bk_node_find(tei, "body"), "head"));
    bk_node_free(tei);
}

static void test_golden_en(void **state)
{
    fixture *f = *state;
    check_golden(f, "sources/en-battle-of-baliqiao.txt",
                 "tests/golden/ingest/en.xml");
    bk_node *tei = NULL;
    assert_int_equal(bk_xml_read(f->ctx, "tests/golden/ingest/en.xml", &tei),
                     BK_OK);
    int sections = 0;
    bk_node *article = bk_node_find(tei, "div");
    for (bk_node *d = bk_node_child(article, "div"); d;
         d = bk_node_next_element(d, "div"))
        sections++;
    assert_int_equal(sections, 6);
    bk_node_free(tei);
}

/* The xml:id of the paragraph whose text starts with `start` in x (the
 * written TEI), copied into id. */
static void para_id_of(const char *x, const char *start, char *id, size_t size)
{
    const char *t = strstr(x, start);
    assert_non_null(t);
    const char *q = t;
    while (q > x && strncmp(q, "<p xml:id=\"", 11) != 0)
        q--;
    assert_true(strncmp(q, "<p xml:id=\"", 11) == 0);
    q += 11;
    const char *e = strchr(q, '"');
    assert_non_null(e);
    assert_true((size_t)(e - q) < size);
    snprintf(id, size, "%.*s", (int)(e - q), q);
}

/* Paragraph ids come from the paragraph's text alone: inserting or
 * removing a paragraph, or changing the spaces between words, changes no
 * other paragraph's id; a repeated paragraph and an edited one get ids of their
 * own. */
static void test_paragraph_ids_stable(void **state)
{
    fixture *f = *state;
    const char *a = "Title\n\nFirst paragraph, the same.\n\nSecond one.\n\n"
                    "Third one.\n";
    const char *b = "Title\n\nA new paragraph.\n\nFirst paragraph, the same.\n\n"
                    "Inserted here.\n\nSecond one.\n\nThird one.\n\n"
                    "Third one.\n";
    const char *c = "Title\n\nFirst paragraph,   the same.\n\nSecond one, edited.\n";
    char ia[3][64], ib[4][64], ic[2][64];
    const char *first[] = {"First paragraph", "Second one.", "Third one."};
    char *x = ingest_ok(f, a, "en", NULL);
    for (int i = 0; i < 3; i++)
        para_id_of(x, first[i], ia[i], sizeof ia[i]);
    free(x);
    x = ingest_ok(f, b, "en", NULL);
    for (int i = 0; i < 3; i++) {
        para_id_of(x, first[i], ib[i], sizeof ib[i]);
        assert_string_equal(ia[i], ib[i]);
    }
    para_id_of(x, "Inserted here.", ib[3], sizeof ib[3]);
    for (int i = 0; i < 3; i++)
        assert_string_not_equal(ib[3], ia[i]);
    /* the repeated paragraph: the first keeps its id, the second gets -2 */
    char rep[128];
    snprintf(rep, sizeof rep, "<p xml:id=\"%s_2\">Third one.</p>", ia[2]);
    assert_has(x, rep);
    free(x);
    x = ingest_ok(f, c, "en", NULL);
    para_id_of(x, "First paragraph", ic[0], sizeof ic[0]);
    para_id_of(x, "Second one, edited.", ic[1], sizeof ic[1]);
    assert_string_equal(ic[0], ia[0]);       /* spaces aside, the same words */
    assert_string_not_equal(ic[1], ia[1]);   /* edited: a new id */
    assert_true(strncmp(ia[0], "en.p_", 5) == 0 && strlen(ia[0]) == 10);
    free(x);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_utf8_error_position),
        T(test_bom_crlf_nfc),
        T(test_rules_chinese),
        T(test_rules_conditions),
        T(test_rules_file_errors),
        T(test_mark_rule),
        T(test_catalog),
        T(test_structure_vietnamese),
        T(test_structure_chinese),
        T(test_structure_english),
        T(test_structure_wrapped_and_markup),
        T(test_structure_unseen_language),
        T(test_lint),
        T(test_paragraph_ids_stable),
        T(test_golden_vi),
        T(test_golden_zh),
        T(test_golden_en),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
