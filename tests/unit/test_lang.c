/* Unit tests: BCP 47 language tags (lang.c): one answer for every stage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lang.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tags_are_checked_for_shape),
        cmocka_unit_test(ranges_match_whole_subtags_in_any_case),
        cmocka_unit_test(chinese_and_cjk_are_one_list),
        cmocka_unit_test(han_variant_follows_script_then_region),
        cmocka_unit_test(tags_are_written_in_canonical_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
