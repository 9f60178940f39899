/* Unit tests: BCP 47 language tags (lang.c): one answer for every stage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lang.h"
#include "suggest.h"

static void tags_are_checked_for_shape(void **state)
{
    (void)state;
    assert_true(bk_lang_valid("vi"));
    assert_true(bk_lang_valid("zh-Hant-TW"));
    assert_true(bk_lang_valid("en-US-x-1860"));
    assert_false(bk_lang_valid("v"));
    assert_false(bk_lang_valid("zh-"));
    assert_false(bk_lang_valid("zh--Hant"));
    assert_false(bk_lang_valid("zh_Hant"));
    assert_false(bk_lang_valid("abcdefghi"));
    assert_false(bk_lang_valid(""));
    assert_false(bk_lang_valid(NULL));
}

static void ranges_match_whole_subtags_in_any_case(void **state)
{
    (void)state;
    assert_true(bk_lang_is("zh-Hant-TW", "zh"));
    assert_true(bk_lang_is("ZH-hant", "zh-Hant"));
    assert_false(bk_lang_is("zh-Hant", "zh-Ha"));
    assert_false(bk_lang_is("zha", "zh"));
    assert_false(bk_lang_is(NULL, "zh"));
    assert_true(bk_lang_same_language("zh-Hans", "ZH-TW"));
    assert_false(bk_lang_same_language("vi", "vo"));
    assert_int_equal(bk_lang_match_score("zh-Hant", "zh-hant"), 3);
    assert_int_equal(bk_lang_match_score("zh", "zh-Hant"), 2);
    assert_int_equal(bk_lang_match_score("*", "vi"), 1);
    assert_int_equal(bk_lang_match_score(NULL, "vi"), 1);
    assert_int_equal(bk_lang_match_score("zh-Hant", "zh"), 0);
    assert_int_equal(bk_lang_match_score("vi", NULL), 0);
}

static void chinese_and_cjk_are_one_list(void **state)
{
    (void)state;
    assert_true(bk_lang_is_chinese("zh"));
    assert_true(bk_lang_is_chinese("yue-HK"));
    assert_false(bk_lang_is_chinese("ja"));
    assert_true(bk_lang_is_cjk("ja"));
    assert_true(bk_lang_is_cjk("ko-KR"));
    assert_true(bk_lang_is_cjk("Zh-Hans"));
    assert_false(bk_lang_is_cjk("vi"));
    assert_false(bk_lang_is_cjk("kok")); /* Konkani, not Korean */
}

static void han_variant_follows_script_then_region(void **state)
{
    (void)state;
    assert_int_equal(bk_lang_han_variant("zh"), BK_HAN_SIMPLIFIED);
    assert_int_equal(bk_lang_han_variant("zh-CN"), BK_HAN_SIMPLIFIED);
    assert_int_equal(bk_lang_han_variant("zh-Hant"), BK_HAN_TRADITIONAL);
    assert_int_equal(bk_lang_han_variant("zh-hant-tw"), BK_HAN_TRADITIONAL);
    assert_int_equal(bk_lang_han_variant("zh-TW"), BK_HAN_TRADITIONAL);
    assert_int_equal(bk_lang_han_variant("zh-HK"), BK_HAN_TRADITIONAL);
    assert_int_equal(bk_lang_han_variant("zh-Hans-HK"), BK_HAN_SIMPLIFIED);
    assert_int_equal(bk_lang_han_variant("en"), BK_HAN_NONE);
    assert_int_equal(bk_lang_han_variant("zh-Hantx"), BK_HAN_SIMPLIFIED);
}

static void tags_are_written_in_canonical_case(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(bk_lang_canonical("ZH-hant-tw", b, sizeof b), "zh-Hant-TW");
    assert_string_equal(bk_lang_canonical("EN-us", b, sizeof b), "en-US");
    assert_string_equal(bk_lang_canonical("sr-LATN-rs", b, sizeof b), "sr-Latn-RS");
    assert_string_equal(bk_lang_canonical("es-419", b, sizeof b), "es-419");
    assert_string_equal(bk_lang_canonical("VI", b, sizeof b), "vi");
    char s[4];
    assert_string_equal(bk_lang_canonical("zh-Hant", s, sizeof s), "zh-");
}

static void tags_are_checked_against_icu_lists(void **state)
{
    (void)state;
    char m[256];
    static const char *const good[] = {"en", "vi", "zh", "zh-Hans", "zh-Hant-TW", "ja",
                                       "en-US", "es-419", "yue", "lzh", "und", "x-private",
                                       "de-CH-1996", "sr-Latn-RS", "en-x-foo", NULL};
    for (const char *const *g = good; *g; g++) {
        m[0] = '\0';
        if (bk_lang_check(*g, m, sizeof m) != 0)
            fail_msg("%s refused: %s", *g, m);
    }
    assert_int_equal(bk_lang_check("vn", m, sizeof m), -1);
    assert_string_equal(m, "unknown language 'vn'; did you mean 'vi' (Vietnamese)?");
    assert_int_equal(bk_lang_check("cn", m, sizeof m), -1);
    assert_string_equal(m, "unknown language 'cn'; did you mean 'zh' (Chinese)?");
    assert_int_equal(bk_lang_check("english", m, sizeof m), -1);
    assert_string_equal(m, "unknown language 'english'; did you mean 'en' (English)?");
    assert_int_equal(bk_lang_check("vie", m, sizeof m), -1);
    assert_string_equal(m, "unknown language 'vie'; did you mean 'vi' (Vietnamese)?");
    /* a library catalogue's code (ISO 639-2/B), which ICU would take */
    assert_int_equal(bk_lang_check("fre", m, sizeof m), -1);
    assert_string_equal(m, "unknown language 'fre'; did you mean 'fr' (French)?");
    assert_int_equal(bk_lang_check("ger-AT", m, sizeof m), -1);
    assert_string_equal(m, "unknown language 'ger'; did you mean 'de' (German)?");
    assert_int_equal(bk_lang_check("qq", m, sizeof m), -1);
    assert_non_null(strstr(m, "unknown language 'qq'"));
    assert_int_equal(bk_lang_check("zh-Hanz", m, sizeof m), -1);
    assert_non_null(strstr(m, "unknown script 'Hanz'"));
    assert_int_equal(bk_lang_check("en-XX", m, sizeof m), -1);
    assert_non_null(strstr(m, "unknown region 'XX'"));
    assert_int_equal(bk_lang_check("en_US!", m, sizeof m), -1);
    assert_non_null(strstr(m, "not a BCP 47"));
    assert_int_equal(bk_lang_check("", m, sizeof m), -1);
    assert_int_equal(bk_lang_check(NULL, NULL, 0), -1);
    assert_int_equal(bk_lang_check("en-US-Latn", m, sizeof m), -1);
    assert_non_null(strstr(m, "out of place"));
}

static void nearest_words_are_suggested(void **state)
{
    (void)state;
    static const char *const w[] = {"bottom", "top", "inner", "outer", "folio"};
    assert_int_equal(bk_edit_distance("bottm", "bottom", 10), 1);
    assert_int_equal(bk_edit_distance("Folio", "folio", 10), 0);
    assert_int_equal(bk_edit_distance("abc", "xyz", 2), 2);
    assert_int_equal(bk_edit_distance("sytle", "style", 10), 1);
    assert_int_equal(bk_edit_distance("kitten", "sitting", 10), 3);
    assert_string_equal(bk_nearest_word("bottm", w, 5), "bottom");
    assert_string_equal(bk_nearest_word("outr", w, 5), "outer");
    assert_null(bk_nearest_word("width", w, 5));
    assert_null(bk_nearest_word("x", w, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_are_checked_for_shape),
        cmocka_unit_test(ranges_match_whole_subtags_in_any_case),
        cmocka_unit_test(chinese_and_cjk_are_one_list),
        cmocka_unit_test(han_variant_follows_script_then_region),
        cmocka_unit_test(tags_are_written_in_canonical_case),
        cmocka_unit_test(tags_are_checked_against_icu_lists),
        cmocka_unit_test(nearest_words_are_suggested),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
