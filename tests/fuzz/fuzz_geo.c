/* fuzz_geo.c — libFuzzer target: the GMT geodata reader (geo.c), from
 * memory. The first byte picks the flags (bit 0: BK_GEO_POLYGONS) and a
 * projection (bit 1: Mercator, else Lambert conformal conic, as the maps
 * use them); every point read is projected there and back.
 *
 * Oracles: no crash, leak or sanitizer report; no BK_EINTERNAL; no failure
 * without a message; a layer that loads has finite points inside the
 * documented ranges, and a bounding box that holds them.
 */
#include <math.h>

#include "fuzz.h"
#include "geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_layer(bk_ctx *ctx, const bk_geo_layer *l, int mercator)
{
    bk_proj p;
    double box[4];
    bk_status st = mercator
                       ? bk_proj_mercator(ctx, &p, BK_WGS84_A, BK_WGS84_E2, 110, 30)
                       : bk_proj_lcc(ctx, &p, 1, 0, 118, 35, 25, 45);
    if (st != BK_OK)
        abort();
    bk_geo_layer_bounds(l, box);
    for (size_t i = 0; i < bk_geo_layer_count(l); i++) {
        const bk_geo_seg *s = bk_geo_layer_seg(l, i);
        if (!s || !s->kind)
            abort();
        (void)bk_geo_seg_attr(s, "hole-of");
        (void)bk_geo_seg_attr(s, "name");
        (void)bk_geo_ring_area2(s->pt, s->n);
        for (size_t k = 0; k < s->n; k++) {
            double lon = s->pt[k].lon, lat = s->pt[k].lat, x, y, lo, la;
            if (!isfinite(lon) || !isfinite(lat) || lon < -180 ||
                lon > 360 || lat < -90 || lat > 90 || lon < box[0] ||
                lon > box[1] || lat < box[2] || lat > box[3]) {
                fprintf(stderr, "fuzz: point %g %g outside the layer's "
                                "box or the ranges\n", lon, lat);
                abort();
            }
            if (bk_proj_forward(&p, lon, lat, &x, &y) == 0)
                (void)bk_proj_inverse(&p, x, y, &lo, &la);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t sel = data[0];
    bk_ctx *ctx = bk_ctx_new();
    if (!ctx)
        return 0;
    bk_geo_layer *l = NULL;
    bk_status st = bk_geo_parse(ctx, "fuzz.gmt", (const char *)data + 1,
                                size - 1, sel & 1 ? BK_GEO_POLYGONS : 0, &l);
    fuzz_check_status(ctx, st, "bk_geo_parse");
    if (st == BK_OK)
        check_layer(ctx, l, sel & 2);
    bk_geo_layer_free(l);
    bk_ctx_free(ctx);
    return 0;
}
