/* fuzz_build.c — libFuzzer target: a whole build with parts (build.c):
 * a small layout extending the shipped handout, with a timeline, a table
 * and a map part whose data come from the input, over a minimal TEI
 * source, written as one PDF in a private folder. The folder mirrors
 * sources/ (maps/map.xml, events.xml, table.xml, places.xml, geo/ with
 * the real GMT layers; the Mekong example's as geo/mekong_*.gmt and
 * mekong-places.xml). The input, after its first byte, is
 * "EVENTS \0 TABLE \0 MAP", each written as that file (an absent part is
 * an empty file, which the build refuses); the first byte picks
 * the source's language (bits 0-1) and which parts the layout names
 * (bit 2 timeline, bit 3 table, bit 4 map), bit 5 --strict.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message.
 */
#include <sys/stat.h>

#include "build.h"
#include "files.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char dir[96];

static void put(const char *name, const char *data, size_t len)
{
    char path[192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
        abort();
}

static void copy_in(const char *from, const char *name)
{
    char *buf = NULL, src[256];
    size_t len = 0;
    snprintf(src, sizeof src, "%s/%s", BK_FUZZ_ROOT, from);
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx || bk_file_read(ctx, src, 8u << 20, &buf, &len) != BK_OK)
        abort();
    put(name, buf, len);
    free(buf);
    bk_ctx_free(ctx);
}

static const char tei_head[] =
    "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc>"
    "<titleStmt><title>Fuzz</title></titleStmt><publicationStmt><p>fuzz"
    "</p></publicationStmt><sourceDesc><p>fuzz</p></sourceDesc></fileDesc>"
    "</teiHeader><text xml:lang=\"%s\"><body>%s</body></text></TEI>\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *p = fuzz_file("x", (const uint8_t *)"", 0);
    snprintf(dir, sizeof dir, "%.*s", (int)(strlen(p) - 2), p);
    char sub[160];
    snprintf(sub, sizeof sub, "%s/maps", dir);
    if (mkdir(sub, 0700) != 0)
        abort();
    snprintf(sub, sizeof sub, "%s/geo", dir);
    if (mkdir(sub, 0700) != 0)
        abort();
    copy_in("sources/geo/campaign_land.gmt", "geo/campaign_land.gmt");
    copy_in("sources/geo/campaign_rivers.gmt", "geo/campaign_rivers.gmt");
    copy_in("sources/geo/campaign_paths.gmt", "geo/campaign_paths.gmt");
    copy_in("sources/geo/campaign_coast.gmt", "geo/campaign_coast.gmt");
    copy_in("sources/places.xml", "places.xml");
    copy_in("examples/mekong/places.xml", "mekong-places.xml");
    copy_in("examples/mekong/geo/land.gmt", "geo/mekong_land.gmt");
    copy_in("examples/mekong/geo/rivers.gmt", "geo/mekong_rivers.gmt");
    copy_in("examples/mekong/geo/coast.gmt", "geo/mekong_coast.gmt");
    return 0;
}

/* The layout: the handout with the parts sel asks for. */
static void write_layout(uint8_t sel)
{
    bk_buf b = {0};
    if (bk_buf_printf(&b, "<layout name=\"fuzz\" extends=\"handout\"><parts>") < 0 ||
        ((sel & 16) &&
         bk_buf_printf(&b, "<figure kind=\"map\" name=\"campaign\" "
                           "src=\"maps/map.xml\" size=\"half\"/>") < 0) ||
        ((sel & 4) &&
         bk_buf_printf(&b, "<figure kind=\"timeline\" src=\"events.xml\" "
                           "select=\"events\" detail-from=\"1859-06\" "
                           "detail-to=\"1860-11\" size=\"full\"/>") < 0) ||
        ((sel & 8) &&
         bk_buf_printf(&b, "<part src=\"table.xml\" select=\"peking-clauses\" "
                           "columns=\"party @lang sources\"/>") < 0) ||
        bk_buf_printf(&b, "</parts></layout>\n") < 0)
        abort();
    put("layout.xml", b.data, b.len);
    bk_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en", "vi", "zh-Hans", "zh-Hant"};
    static const char *const text[] = {
        "<p>Some text.</p>", "<p>Hiệp ước Bắc Kinh.</p>",
        "<p>北京条约。</p>", "<p>北京條約。</p>"};
    const char *piece[3];
    size_t len[3];
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    fuzz_split(data + 1, size - 1, 3, piece, len);
    put("events.xml", piece[0], len[0]);
    put("table.xml", piece[1], len[1]);
    put("maps/map.xml", piece[2], len[2]);
    write_layout(sel);
    char tei[1024], src[192], layout[192], pdf[192];
    int n = snprintf(tei, sizeof tei, tei_head, langs[sel & 3], text[sel & 3]);
    put("source.xml", tei, (size_t)n);
    snprintf(src, sizeof src, "%s/source.xml", dir);
    snprintf(layout, sizeof layout, "%s/layout.xml", dir);
    snprintf(pdf, sizeof pdf, "%s/out.pdf", dir);
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    ctx->datadir = BK_FUZZ_ROOT;
    ctx->epoch = 1700000000;
    ctx->strict = (sel >> 5) & 1;
    const char *sources[] = {src};
    bk_build_pdf out = {.path = pdf, .kind = BK_PDF_READING, .kind_given = 1};
    bk_build_request req = {0};
    req.layout = layout;
    req.sources = sources;
    req.nsources = 1;
    req.pdfs = &out;
    req.npdfs = 1;
    bk_status st = bk_build_run(ctx, &req);
    fuzz_check_status(ctx, st, "bk_build_run");
    bk_ctx_free(ctx);
    return 0;
}
