/* fuzz_map.c — libFuzzer target: map definitions, places and map data
 * (map-def.c, map-data.c; drawing in map*.c). A private folder mirrors
 * sources/: maps/map.xml, places.xml, events.xml and geo/ (the real GMT
 * layers, copied once; the Mekong example's as geo/mekong_*.gmt and
 * mekong-places.xml, small enough to draw fast). The input, after its
 * first byte, is "DEFINITION \0 PLACES \0 EVENTS": each present part replaces that file
 * (an absent or empty one keeps the real file). The spec is loaded with
 * the repository as data root (schemas/map.rng, messages/) and, when bit
 * 0 of the first byte is set, drawn on an A5 page in the language bits
 * 1-2 pick.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message.
 */
#include <sys/stat.h>

#include "fuzz_flow.h"
#include "files.h"
#include "map.h"
#include "paragraph.h"

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
    snprintf(src, sizeof src, "%s/sources/%s", BK_FUZZ_ROOT, from);
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx || bk_file_read(ctx, src, 8u << 20, &buf, &len) != BK_OK)
        abort();
    put(name, buf, len);
    free(buf);
    bk_ctx_free(ctx);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const geo[] = {
        "campaign_land", "campaign_rivers", "campaign_paths",
        "campaign_coast", "campaign_lakes", "overview_land", "overview_ceded",
        "overview_lakes", "overview_rivers", "overview_paths",
        "overview_coast", "hongkong_land", "hongkong_coast"};
    static const char *const mekong[] = {"land", "rivers", "coast"};
    (void)argc, (void)argv;
    flow_init();
    const char *p = fuzz_file("x", (const uint8_t *)"", 0);
    snprintf(dir, sizeof dir, "%.*s", (int)(strlen(p) - 2), p);
    char sub[160];
    snprintf(sub, sizeof sub, "%s/maps", dir);
    if (mkdir(sub, 0700) != 0)
        abort();
    snprintf(sub, sizeof sub, "%s/geo", dir);
    if (mkdir(sub, 0700) != 0)
        abort();
    for (size_t i = 0; i < sizeof geo / sizeof *geo; i++) {
        char from[64], to[64];
        snprintf(from, sizeof from, "geo/%s.gmt", geo[i]);
        snprintf(to, sizeof to, "geo/%s.gmt", geo[i]);
        copy_in(from, to);
    }
    for (size_t i = 0; i < 3; i++) {
        char from[64], to[64];
        snprintf(from, sizeof from, "../examples/mekong/geo/%s.gmt", mekong[i]);
        snprintf(to, sizeof to, "geo/mekong_%s.gmt", mekong[i]);
        copy_in(from, to);
    }
    copy_in("../examples/mekong/places.xml", "mekong-places.xml");
    return 0;
}

static void draw(bk_ctx *ctx, const bk_map_spec *spec, const char *lang)
{
    bk_typeset_stats stats;
    memset(&stats, 0, sizeof stats);
    bk_setter *s = bk_setter_new(ctx, flow_layout, flow_fonts, "map", &stats);
    bk_frames *fr = bk_frames_new();
    bk_page *page = fr ? bk_frames_add_page(fr, 420, 595) : NULL;
    if (!s || !page)
        abort();
    bk_map_stats ms;
    memset(&ms, 0, sizeof ms);
    bk_status st = bk_map_draw(ctx, s, spec, page, 40, 40, 340, 500, lang, &ms);
    fuzz_check_status(ctx, st, "bk_map_draw");
    bk_frames_free(fr);
    bk_setter_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"en", "vi", "zh-Hans", "zh-Hant"};
    const char *piece[3];
    size_t len[3];
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    fuzz_split(data + 1, size - 1, 3, piece, len);
    put("maps/map.xml", piece[0], len[0]);
    if (len[1])
        put("places.xml", piece[1], len[1]);
    else
        copy_in("places.xml", "places.xml");
    if (len[2])
        put("events.xml", piece[2], len[2]);
    else
        copy_in("events.xml", "events.xml");
    bk_ctx *ctx = flow_ctx();
    if (!ctx)
        return 0;
    char path[192];
    snprintf(path, sizeof path, "%s/maps/map.xml", dir);
    bk_map_spec *spec = NULL;
    bk_status st = bk_map_spec_load(ctx, path, BK_FUZZ_ROOT, &spec);
    fuzz_check_status(ctx, st, "bk_map_spec_load");
    if (st == BK_OK && (sel & 1))
        draw(ctx, spec, langs[(sel >> 1) & 3]);
    bk_map_spec_free(spec);
    bk_ctx_free(ctx);
    return 0;
}
