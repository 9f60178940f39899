/* test_stamp.c — the ingest stamp (stamp.h) and what a build makes of it:
 * SHA-256 fed in pieces equals the one-shot digest; a stamp matches only
 * the exact bytes it was made for; a validator told to trust stamps skips
 * a stamped document and validates every other one as before, with its
 * errors at file:line; `booklet validate`'s validator never trusts them;
 * a document found valid once in a run passes again (from memory), one
 * found invalid is refused each time it is read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "stamp.h"
#include "xml.h"

/* A TEI document the schema refuses (<nonsense> in <text>) at line 3. */
static const char invalid_tei[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt>"
    "<title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt>"
    "<sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>\n"
    "<text><body><nonsense/></body></text></TEI>\n";

static void stamped(const char *doc, bk_buf *out)
{
    memset(out, 0, sizeof *out);
    assert_int_equal(bk_buf_puts(out, doc), 0);
    assert_int_equal(bk_stamp_add(out), 0);
}

static void test_sha256_in_pieces(void **state)
{
    (void)state;
    char one[65], pieces[65];
    bk_sha256_hex("abc", 3, one);
    assert_string_equal(one, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* 200 bytes cut at every awkward place around the 64-byte blocks */
    char data[200];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)(i * 7 + 3);
    bk_sha256_hex(data, sizeof data, one);
    static const size_t cuts[][2] = {{0, 1}, {1, 63}, {63, 65}, {64, 128}, {10, 190}};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        bk_sha256 c;
        bk_sha256_init(&c);
        bk_sha256_update(&c, data, cuts[k][0]);
        bk_sha256_update(&c, data + cuts[k][0], cuts[k][1] - cuts[k][0]);
        bk_sha256_update(&c, data + cuts[k][1], sizeof data - cuts[k][1]);
        bk_sha256_final_hex(&c, pieces);
        assert_string_equal(one, pieces);
    }
}

/* Known digests of longer inputs (FIPS 180-2's examples), and every
 * length up to 300 bytes fed whole (many blocks at once: the processor's
 * SHA instructions where it has them) equal to the same bytes fed one at
 * a time (one block at a time). */
static void test_sha256_long_inputs(void **state)
{
    (void)state;
    char hex[65], one[65];
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    bk_sha256_hex(two_blocks, strlen(two_blocks), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char *million = malloc(1000000);
    assert_non_null(million);
    memset(million, 'a', 1000000);
    bk_sha256_hex(million, 1000000, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    for (size_t n = 0; n <= 300; n++) {
        for (size_t i = 0; i < n; i++)
            million[i] = (char)(i * 31 + n);
        bk_sha256_hex(million, n, hex);
        bk_sha256 c;
        bk_sha256_init(&c);
        for (size_t i = 0; i < n; i++)
            bk_sha256_update(&c, million + i, 1);
        bk_sha256_final_hex(&c, one);
        assert_string_equal(hex, one);
    }
    free(million);
}

static void test_stamp_matches_only_its_bytes(void **state)
{
    (void)state;
    bk_buf x;
    stamped(invalid_tei, &x);
    /* on the declaration's line: no line of the document moves */
    assert_non_null(strstr(x.data, "?><?booklet-ingest sha256=\""));
    assert_int_equal(strchr(x.data, '\n') - x.data,
                     strchr(invalid_tei, '\n') - invalid_tei + (long)strlen(
                         "<?booklet-ingest sha256=\"\"?>") + 64);
    assert_int_equal(bk_stamp_matches(NULL, x.data, x.len), 1);
    bk_sha256 prefix; /* the schema digested once, as a run does */
    assert_int_equal(bk_stamp_prefix(&prefix), 0);
    assert_int_equal(bk_stamp_matches(&prefix, x.data, x.len), 1);
    /* one byte of the text changed, one byte more, one byte less */
    char *p = strstr(x.data, "<title>t<") + 7;
    *p = 'u';
    assert_int_equal(bk_stamp_matches(NULL, x.data, x.len), 0);
    *p = 't';
    assert_int_equal(bk_stamp_matches(NULL, x.data, x.len - 1), 0);
    assert_int_equal(bk_buf_puts(&x, " "), 0);
    assert_int_equal(bk_stamp_matches(NULL, x.data, x.len), 0);
    x.data[--x.len] = '\0';
    /* the stamp's own digit changed */
    p = strstr(x.data, "sha256=\"") + 8;
    *p = *p == '0' ? '1' : '0';
    assert_int_equal(bk_stamp_matches(NULL, x.data, x.len), 0);
    bk_buf_release(&x);
    /* no stamp, or nothing to stamp */
    assert_int_equal(bk_stamp_matches(NULL, invalid_tei, strlen(invalid_tei)), 0);
    bk_buf y = {0};
    assert_int_equal(bk_buf_puts(&y, "<TEI/>"), 0);
    assert_int_equal(bk_stamp_add(&y), -1);
    bk_buf_release(&y);
}

/* The stamp stands for ingest's validation: a build's validator takes a
 * stamped document as it is (the invalid one here could only be forged),
 * and validates it again once a byte changed, with the error's line. */
static void test_build_trusts_only_matching_stamps(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_validator *build = bk_validator_new(ctx);
    bk_validator *validate = bk_validator_new(ctx);
    assert_non_null(build);
    assert_non_null(validate);
    bk_validator_trust_stamp(build);
    bk_buf x;
    stamped(invalid_tei, &x);
    bk_node *t = NULL;
    assert_int_equal(bk_xml_read_valid_memory(ctx, build, "s.xml", x.data, x.len, &t), BK_OK);
    assert_non_null(t);
    bk_node_free(t);
    assert_int_equal(bk_diag_count(ctx->diag), 0);
    /* `booklet validate` validates whatever the stamp says */
    assert_int_equal(bk_xml_read_valid_memory(ctx, validate, "s.xml", x.data, x.len, &t),
                     BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "s.xml:3"));
    /* edited by hand: validated, the error at its line */
    bk_diag_clear(ctx->diag);
    char *p = strstr(x.data, "<title>t<") + 7;
    *p = 'u';
    assert_int_equal(bk_xml_read_valid_memory(ctx, build, "s.xml", x.data, x.len, &t),
                     BK_EINPUT);
    assert_null(t);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "s.xml:3"));
    bk_buf_release(&x);
    bk_validator_free(build);
    bk_validator_free(validate);
    bk_ctx_free(ctx);
}

/* A run remembers the documents it found valid: the same bytes read
 * again pass; an invalid document is never remembered, and is refused
 * every time it is read, with the same message. */
static void test_valid_once_per_run(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_validator *v = bk_validator_new_named(ctx, "messages");
    assert_non_null(v);
    const char *good = "<messages xml:lang=\"en\"><msg id=\"a\">A</msg></messages>";
    const char *bad = "<messages xml:lang=\"en\"><mgs id=\"a\">A</mgs></messages>";
    for (int round = 0; round < 2; round++) {
        bk_node *t = NULL;
        bk_diag_clear(ctx->diag);
        assert_int_equal(bk_xml_read_valid_memory(ctx, v, "g.xml", good, strlen(good), &t),
                         BK_OK);
        assert_non_null(t);
        bk_node_free(t);
        assert_int_equal(bk_xml_read_valid_memory(ctx, v, "b.xml", bad, strlen(bad), &t),
                         BK_EINPUT);
        assert_null(t);
        assert_non_null(strstr(bk_diag_error_message(ctx->diag), "b.xml:1:"));
        assert_non_null(strstr(bk_diag_error_message(ctx->diag), "mgs"));
    }
    assert_null(bk_validator_new_named(ctx, "no-such-schema"));
    bk_validator_free(v);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_in_pieces),
        cmocka_unit_test(test_sha256_long_inputs),
        cmocka_unit_test(test_stamp_matches_only_its_bytes),
        cmocka_unit_test(test_build_trusts_only_matching_stamps),
        cmocka_unit_test(test_valid_once_per_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
