/* fuzz_xml.c — libFuzzer target: the XML loader, bk_xml_read_memory.
 *
 * Oracles: no crash, leak, sanitizer report or hang (entity declarations,
 * deep nesting, huge documents are refused); no BK_EINTERNAL, no failure
 * without a message; a document that reads must write (bk_xml_write_buf)
 * and what is written must
 * read back and write again to the same bytes. One input in 32 is also
 * validated against the TEI schema (slower: the schema is compiled per
 * call, as the program does).
 */
#include "fuzz.h"
#include "node.h"
#include "xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_node *root = NULL, *back = NULL;
    bk_buf a = {0}, b = {0};
    bk_status st =
        bk_xml_read_memory(ctx, "fuzz.xml", (const char *)data, size, &root);
    fuzz_check_status(ctx, st, "bk_xml_read_memory");
    if (st == BK_OK) {
        /* The writer refuses what XML cannot carry with BK_EINTERNAL (its
         * callers only hand it trees they built); a tree that was read is
         * always writable, so here that is a bug too. */
        st = bk_xml_write_buf(ctx, root, 0, &a);
        fuzz_check_status(ctx, st, "bk_xml_write_buf");
        st = bk_xml_read_memory(ctx, "written.xml", a.data, a.len, &back);
        if (st != BK_OK) {
            fprintf(stderr, "fuzz: written XML does not read back: %s\n%s\n",
                    bk_diag_error_message(ctx->diag), a.data);
            abort();
        }
        st = bk_xml_write_buf(ctx, back, 0, &b);
        fuzz_check_status(ctx, st, "bk_xml_write_buf (second)");
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
            fprintf(stderr, "fuzz: write(read(write(x))) != write(x)\n"
                            "--- first\n%s\n--- second\n%s\n",
                    a.data, b.data);
            abort();
        }
    }
    if (size > 0 && (data[size / 2] & 31) == 0) {
        bk_diag_clear(ctx->diag);
        st = bk_xml_validate_memory(ctx, "fuzz.xml", (const char *)data, size);
        fuzz_check_status(ctx, st, "bk_xml_validate_memory");
    }
    bk_node_free(back);
    bk_node_free(root);
    bk_buf_release(&a);
    bk_buf_release(&b);
    bk_ctx_free(ctx);
    return 0;
}
