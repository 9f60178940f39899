/* fuzz_typeset.c — libFuzzer target: paragraph layout. Arbitrary UTF-8
 * becomes a one-block bk_flow (as compose would make it: XML white space
 * collapsed, no characters XML cannot carry) and is typeset with
 * tests/unit/layout.xml and tests/unit/fonts.xml.
 *
 * The first byte picks the block's style (body, title, heading, item,
 * caption, hatnote, note), its language (en, vi, zh-Hans, zh-Hant, ja) and
 * --strict; the second, when bit 0 is set, a foreign span (zh-Hant) over
 * the middle third of the text.
 *
 * Oracles: no crash, leak, sanitizer report or hang; no BK_EINTERNAL; no
 * failure without a message.
 */
#include "compose.h"
#include "font.h"
#include "frame.h"
#include "fuzz.h"
#include "layout.h"
#include "typeset.h"
#include "unicode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static bk_layout *layout;
static bk_fontset *fonts;

static void release(void)
{
    bk_fontset_free(fonts);
    bk_layout_free(layout);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    bk_ctx *ctx = bk_ctx_new();
    if (bk_layout_load(ctx, BK_FUZZ_ROOT "/tests/unit/layout.xml", &layout) ||
        bk_fontset_load(ctx, bk_layout_fonts_path(layout), &fonts)) {
        fprintf(stderr, "fuzz: %s\n", bk_diag_error_message(ctx->diag));
        abort();
    }
    bk_ctx_free(ctx);
    atexit(release);
    return 0;
}

/* The text compose would give: XML white space runs become one space,
 * trimmed at the ends; -1 if it is not UTF-8 or holds characters XML
 * cannot carry (compose never sees those). */
static int block_text(const uint8_t *data, size_t size, bk_buf *out)
{
    size_t bad = 0;
    if (bk_utf8_check((const char *)data, size, &bad) != 0)
        return -1;
    int space = 0;
    for (size_t i = 0; i < size;) {
        size_t j = i;
        uint32_t cp = bk_utf8_next((const char *)data, size, &j);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
            space = out->len > 0;
        } else if (cp < 0x20 || cp == 0xfffe || cp == 0xffff) {
            return -1;
        } else {
            if (space && bk_buf_append(out, " ", 1) < 0)
                return -1;
            space = 0;
            if (bk_buf_append(out, data + i, j - i) < 0)
                return -1;
        }
        i = j;
    }
    return out->len ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const styles[] = {"body", "title", "heading", "item",
                                         "caption", "hatnote", "note", "body"};
    static const char *const langs[] = {"en", "vi", "zh-Hans", "zh-Hant",
                                        "ja", "en", "vi", "zh-Hans"};
    if (size < 2)
        return 0;
    uint8_t sel = data[0], sp = data[1];
    data += 2, size -= 2;
    bk_buf text = {0};
    if (block_text(data, size, &text) != 0) {
        bk_buf_release(&text);
        return 0;
    }
    bk_ctx *ctx = bk_ctx_new();
    bk_flow *flow = calloc(1, sizeof *flow);
    bk_block *b = calloc(1, sizeof *b);
    if (!ctx || !flow || !b)
        abort();
    flow->blocks = b;
    flow->n = flow->cap = 1;
    flow->lang = bk_strdup(langs[(sel >> 3) & 7]);
    flow->title = bk_strdup("fuzz");
    flow->file = bk_strdup("fuzz.xml");
    b->style = styles[sel & 7];
    b->lang = bk_strdup(flow->lang);
    b->text = text.data;
    b->len = text.len;
    b->level = 1;
    b->line = 1;
    if ((sel & 7) == 3)
        b->label = bk_strdup("1.");
    if (sp & 1) {
        /* a span on character boundaries over the middle third */
        size_t s0 = text.len / 3, s1 = 2 * text.len / 3;
        while (s0 > 0 && (text.data[s0] & 0xc0) == 0x80)
            s0--;
        while (s1 < text.len && (text.data[s1] & 0xc0) == 0x80)
            s1++;
        if (s1 > s0) {
            b->spans = calloc(1, sizeof *b->spans);
            if (!b->spans)
                abort();
            b->spans[0] = (bk_span){s0, s1, bk_strdup("zh-Hant")};
            b->nspans = 1;
        }
    }
    ctx->strict = (sel >> 6) & 1;
    bk_frames *frames = NULL;
    bk_typeset_stats stats;
    memset(&stats, 0, sizeof stats);
    bk_status st = bk_typeset(ctx, flow, layout, fonts, &frames, &stats);
    fuzz_check_status(ctx, st, "bk_typeset");
    bk_frames_free(frames);
    bk_flow_free(flow);
    bk_ctx_free(ctx);
    return 0;
}
