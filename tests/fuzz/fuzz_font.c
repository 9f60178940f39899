/* fuzz_font.c — libFuzzer target: font files themselves. The input is
 * written to a private folder as fuzz.ttf, the only face of a fonts
 * configuration there (every role); the fontset is loaded, the face opened
 * (FreeType and HarfBuzz, font.c and shape.c), a short Vietnamese and
 * Chinese paragraph typeset with the handout layout (shaping, fallback for
 * what the face lacks) and written as a PDF there (pdf_font.c: the font
 * subset, widths, ToUnicode). The fontset reads font files by path only
 * (it maps them), hence the file; fonts.xml is written once.
 *
 * Seeds: subsets (hb-subset, HarfBuzz 6) of NotoSerif-Regular and -Bold
 * and of NotoSerifCJK-Regular.ttc face 2 (SC) to the characters of the
 * paragraph, so that the fuzzer mutates small real fonts (6-12 kB), and
 * tests/bad-input/not-a-font.ttf.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message (issue 15, D1 and D9: a broken font is bad input,
 * exit 1 naming the font, not an internal error).
 */
#include "fuzz_flow.h"
#include "pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char fonts_path[128], pdf_path[128];

static const char fonts_xml[] =
    "<fonts>\n"
    "  <face id=\"f\" file=\"fuzz.ttf\" index=\"0\"/>\n"
    "  <role name=\"body\" lang=\"*\" faces=\"f\"/>\n"
    "  <role name=\"italic\" lang=\"*\" faces=\"f\"/>\n"
    "  <role name=\"heading\" lang=\"*\" faces=\"f\"/>\n"
    "</fonts>\n";

static const char text[] = "Việt Nam 1860 Hiệp ước Bắc Kinh 中文北京条约 fi";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    flow_init();
    snprintf(fonts_path, sizeof fonts_path, "%s",
             fuzz_file("fonts.xml", (const uint8_t *)fonts_xml,
                       sizeof fonts_xml - 1));
    snprintf(pdf_path, sizeof pdf_path, "%.*sout.pdf",
             (int)(strlen(fonts_path) - strlen("fonts.xml")), fonts_path);
    return 0;
}

/* One body paragraph in Vietnamese with a Chinese span. */
static bk_flow *one_paragraph(void)
{
    bk_flow *f = bk_flow_new("fuzz.xml", "vi");
    bk_block *b = f ? calloc(1, sizeof *b) : NULL;
    bk_span *sp = b ? calloc(1, sizeof *sp) : NULL;
    if (!sp)
        abort();
    const char *zh = strstr(text, "中");
    b->style = "body";
    b->lang = bk_strdup("vi");
    b->text = bk_strdup(text);
    b->len = strlen(text);
    b->level = 1;
    b->line = 1;
    *sp = (bk_span){(size_t)(zh - text), (size_t)(zh - text) + 18,
                    bk_strdup("zh-Hans")};
    b->spans = sp;
    b->nspans = 1;
    f->blocks = b;
    f->n = f->cap = 1;
    f->title = bk_strdup("fuzz");
    return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file("fuzz.ttf", data, size);
    bk_ctx *ctx = flow_ctx();
    if (!ctx)
        return 0;
    bk_fontset *fs = NULL;
    bk_flow *f = NULL;
    bk_frames *frames = NULL;
    bk_status st = bk_fontset_load(ctx, fonts_path, &fs);
    fuzz_check_status(ctx, st, "bk_fontset_load");
    if (st != BK_OK)
        goto done;
    if (!bk_fontset_font(ctx, fs, 0)) {
        fuzz_check_status(ctx, BK_EINPUT, "bk_fontset_font");
        goto done;
    }
    f = one_paragraph();
    bk_typeset_stats stats;
    memset(&stats, 0, sizeof stats);
    st = bk_typeset(ctx, f, flow_layout, fs, &frames, &stats);
    fuzz_check_status(ctx, st, "bk_typeset");
    if (st != BK_OK)
        goto done;
    bk_pdf_options o = {.compress = 1, .kind = BK_PDF_READING};
    st = bk_pdf_write(ctx, frames, fs, &o, pdf_path);
    fuzz_check_status(ctx, st, "bk_pdf_write");
done:
    bk_frames_free(frames);
    bk_flow_free(f);
    bk_fontset_free(fs);
    bk_ctx_free(ctx);
    return 0;
}
