/* Unit tests: the GMT reader and the projections (geo.c). Projection values
 * are the numerical examples of Snyder, "Map Projections: A Working Manual"
 * (USGS PP 1395, 1987, appendix A) and EPSG Guidance Note 7-2's Lambert
 * example; each is printed there to the precision the tolerance allows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"

#define CLARKE_A 6378206.4
#define CLARKE_E2 0.00676866

static bk_geo_layer *parse_ok(bk_ctx *ctx, const char *text, int flags)
{
    bk_geo_layer *l = NULL;
    bk_status st = bk_geo_parse(ctx, "t.gmt", text, strlen(text), flags, &l);
    if (st)
        fail_msg("%s", bk_diag_error_message(ctx->diag));
    return l;
}

/* Parses text that must fail; returns the message. */
static const char *parse_err(bk_ctx *ctx, const char *text, int flags)
{
    bk_geo_layer *l = NULL;
    bk_diag_clear(ctx->diag);
    bk_status st = bk_geo_parse(ctx, "t.gmt", text, strlen(text), flags, &l);
    assert_int_equal(st, BK_EINPUT);
    assert_null(l);
    return bk_diag_error_message(ctx->diag);
}

static void reads_segments_attributes_and_holes(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    const char *text =
        "# comment\r\n"
        "> land id=1 km2=74420\r\n"
        "0 0\n4 0\n4 4\n0 4\n0 0\n"
        "\n"
        "> -Ph hole-of=1\n"
        "1 1\n1 2\n2 2\n2 1\n1 1\n"
        "> -Ph\n"
        "3 3\t3 3.5\n";
    /* a tab is a separator: "3 3\t3 3.5" has four fields */
    const char *msg = parse_err(ctx, text, BK_GEO_POLYGONS);
    assert_non_null(strstr(msg, "t.gmt:16:"));
    assert_non_null(strstr(msg, "found more"));
    text = "# comment\r\n"
           "> land id=1 km2=74420\r\n"
           "0 0\n4 0\n4 4\n0 4\n0 0\n"
           "\n"
           "> -Ph hole-of=1\n"
           "1 1\n1 2\n2 2\n2 1\n1 1\n"
           "> -Ph\n"
           "3 3\n3 3.5\n3.5 3.5\n3 3\n"
           "> land id=2\n"
           "10 10\n11 10\n11 11\n10 10\n";
    bk_geo_layer *l = parse_ok(ctx, text, BK_GEO_POLYGONS);
    assert_int_equal(bk_geo_layer_count(l), 4);
    const bk_geo_seg *s = bk_geo_layer_seg(l, 0);
    assert_string_equal(s->kind, "land");
    assert_int_equal(s->n, 5);
    assert_int_equal(s->line, 2);
    assert_false(s->hole);
    assert_string_equal(bk_geo_seg_attr(s, "km2"), "74420");
    assert_null(bk_geo_seg_attr(s, "name"));
    assert_true(bk_geo_ring_area2(s->pt, s->n) > 0); /* counter-clockwise */
    s = bk_geo_layer_seg(l, 1);
    assert_true(s->hole);
    assert_int_equal(s->hole_of, 1);
    assert_string_equal(bk_geo_seg_attr(s, "-Ph"), "");
    assert_true(bk_geo_ring_area2(s->pt, s->n) < 0); /* clockwise */
    s = bk_geo_layer_seg(l, 2);
    assert_true(s->hole);
    assert_int_equal(s->hole_of, 1); /* -Ph alone: the ring before */
    double box[4];
    bk_geo_layer_bounds(l, box);
    assert_true(box[0] == 0 && box[1] == 11 && box[2] == 0 && box[3] == 11);
    bk_geo_layer_free(l);

    /* points before any header, commas, no final newline */
    l = parse_ok(ctx, "117.7205,38.9780\n117.6739 38.9881", 0);
    assert_int_equal(bk_geo_layer_count(l), 1);
    assert_int_equal(bk_geo_layer_seg(l, 0)->n, 2);
    assert_true(bk_geo_layer_seg(l, 0)->pt[1].lat == 38.9881);
    bk_geo_layer_free(l);
    bk_ctx_free(ctx);
}

static void reads_the_project_data(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_geo_layer *l = NULL;
    if (bk_geo_read(ctx, "sources/geo/campaign_land.gmt", BK_GEO_POLYGONS, &l))
        fail_msg("%s", bk_diag_error_message(ctx->diag));
    assert_int_equal(bk_geo_layer_count(l), 13);
    double box[4];
    bk_geo_layer_bounds(l, box);
    assert_true(fabs(box[0] - 115.7) < 1e-9 && fabs(box[1] - 119.3) < 1e-9);
    assert_true(fabs(box[2] - 38.2) < 1e-9 && fabs(box[3] - 40.8) < 1e-9);
    /* the README's convention: outer rings counter-clockwise */
    for (size_t i = 0; i < bk_geo_layer_count(l); i++) {
        const bk_geo_seg *s = bk_geo_layer_seg(l, i);
        assert_true(bk_geo_ring_area2(s->pt, s->n) > 0);
    }
    bk_geo_layer_free(l);
    if (bk_geo_read(ctx, "sources/geo/campaign_lakes.gmt", BK_GEO_POLYGONS, &l))
        fail_msg("%s", bk_diag_error_message(ctx->diag));
    size_t holes = 0;
    for (size_t i = 0; i < bk_geo_layer_count(l); i++) {
        const bk_geo_seg *s = bk_geo_layer_seg(l, i);
        if (s->hole) {
            holes++;
            assert_int_equal(s->hole_of, 1); /* Miyun's islands */
            assert_true(bk_geo_ring_area2(s->pt, s->n) < 0);
        }
    }
    assert_int_equal(holes, 2);
    assert_string_equal(bk_geo_seg_attr(bk_geo_layer_seg(l, 0), "modern"), "1960");
    bk_geo_layer_free(l);
    if (bk_geo_read(ctx, "sources/geo/campaign_paths.gmt", 0, &l))
        fail_msg("%s", bk_diag_error_message(ctx->diag));
    assert_string_equal(bk_geo_seg_attr(bk_geo_layer_seg(l, 0), "name"), "Peiho");
    assert_string_equal(bk_geo_seg_attr(bk_geo_layer_seg(l, 0), "label"), "117.0628,39.3221");
    bk_geo_layer_free(l);
    /* a missing file is an input error naming the file */
    assert_int_equal(bk_geo_read(ctx, "sources/geo/none.gmt", 0, &l), BK_EINPUT);
    assert_null(l);
    bk_ctx_free(ctx);
}

static void malformed_input_is_refused_with_its_position(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    static const struct {
        const char *text;
        int flags;
        const char *where, *what;
    } cases[] = {
        {"> a\n1 2\n1 x\n", 0, "t.gmt:3:3:", "\"x\" is not a finite number"},
        {"> a\n1 2\n1 nan\n", 0, "t.gmt:3:3:", "not a finite number"},
        {"> a\n1 2\n1e999 2\n", 0, "t.gmt:3:1:", "not a finite number"},
        {"> a\n1 2\n5\n", 0, "t.gmt:3:2:", "found 1"},
        {"> a\n1 2\n1 2 3\n", 0, "t.gmt:3:5:", "found more"},
        {"> a\n1 2\n181 91\n", 0, "t.gmt:3:5:", "latitude 91 is outside [-90, 90]"},
        {"> a\n-181 2\n1 2\n", 0, "t.gmt:2:1:", "longitude -181 is outside"},
        {"# c\n> a\n1 2\n> b\n3 4\n", 0, "t.gmt:2:1:", "segment has 1 point:"},
        {"> a\n> b\n1 2\n3 4\n", 0, "t.gmt:1:1:", "segment has 0 points"},
        {"# only a comment\n", 0, "t.gmt:", "empty GMT file"},
        {"> land id=1\n0 0\n1 0\n1 1\n0 1\n", BK_GEO_POLYGONS, "t.gmt:1:1:",
         "polygon ring is not closed"},
        {"> land id=1\n0 0\n1 0\n0 0\n", BK_GEO_POLYGONS, "t.gmt:1:1:",
         "ring needs at least 4"},
        {"> -Ph hole-of=1\n0 0\n1 0\n1 1\n0 0\n", BK_GEO_POLYGONS, "t.gmt:1:1:",
         "must follow the ring"},
        {"> land id=1\n0 0\n4 0\n4 4\n0 0\n> -Ph hole-of=2\n1 1\n2 1\n2 2\n1 1\n",
         BK_GEO_POLYGONS, "t.gmt:6:1:", "hole-of=2, but the ring before it has id=1"},
        {"> land id=1\n0 0\n4 0\n4 4\n0 0\n> -Ph hole-of=one\n1 1\n2 1\n2 2\n1 1\n",
         BK_GEO_POLYGONS, "t.gmt:6:7:", "hole-of=one: expected the id"},
        {"> land id=-3\n0 0\n4 0\n4 4\n0 0\n", 0, "t.gmt:1:8:", "id=-3: expected"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *msg = parse_err(ctx, cases[i].text, cases[i].flags);
        if (!strstr(msg, cases[i].where) || !strstr(msg, cases[i].what))
            fail_msg("case %zu: %s", i, msg);
    }
    /* an embedded NUL byte */
    bk_geo_layer *l = NULL;
    bk_diag_clear(ctx->diag);
    assert_int_equal(bk_geo_parse(ctx, "t.gmt", "> a\n1 2\n3\0 4\n", 13, 0, &l), BK_EINPUT);
    assert_non_null(strstr(bk_diag_error_message(ctx->diag), "t.gmt:3:2: error: NUL byte"));
    bk_ctx_free(ctx);
}

/* Coordinates are the doubles strtod makes of their text, bit for bit,
 * whatever the reader does to be quick: plain decimals of every length and
 * precision, signs, a bare point, trailing zeros, more digits than a
 * double holds, exponents. */
static void coordinates_are_exactly_what_strtod_reads(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    static const char *const fixed[] = {
        "0", "-0", "+0.5", "-.5", "5.", "17.7205", "-79.9999999999999",
        "38.97800000000000000000", "0.000000000000000000000001", "12.3456789012345678",
        "1e1", "-2.5E-1", "89.99999999999999", "0.1", "0.30000000000000004", "007.50"};
    char text[64000];
    size_t n = 0, k = 0;
    char tok[200][40];
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        snprintf(tok[k++], sizeof tok[0], "%s", fixed[i]);
    /* pseudo-random decimals: 1..18 digits, the point anywhere */
    unsigned long long x = 88172645463325252ULL;
    while (k < 200) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int digits = 1 + (int)(x % 18), point = (int)((x >> 8) % (unsigned)(digits + 1));
        int intpart = digits - point > 1 ? 1 : digits - point; /* a latitude too */
        char *t = tok[k++];
        size_t m = 0;
        if ((x >> 20) & 1)
            t[m++] = '-';
        for (int d = 0; d < intpart + point; d++) {
            if (d == intpart)
                t[m++] = '.';
            t[m++] = (char)('0' + (x >> (24 + d % 32)) % 10);
        }
        if (!intpart && !point)
            t[m++] = '1';
        t[m] = 0;
    }
    n += (size_t)snprintf(text + n, sizeof text - n, "> test\n");
    for (size_t i = 0; i < k; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%s %s\n", tok[i], tok[k - 1 - i]);
    /* every token is a longitude and a latitude: all lie within 90 degrees */
    bk_geo_layer *l = parse_ok(ctx, text, 0);
    const bk_geo_seg *s = bk_geo_layer_seg(l, 0);
    assert_int_equal(s->n, k);
    for (size_t i = 0; i < k; i++) {
        double lon = strtod(tok[i], NULL), lat = strtod(tok[k - 1 - i], NULL);
        if (memcmp(&s->pt[i].lon, &lon, sizeof lon) || memcmp(&s->pt[i].lat, &lat, sizeof lat))
            fail_msg("\"%s %s\" read as %.17g %.17g, strtod says %.17g %.17g", tok[i],
                     tok[k - 1 - i], s->pt[i].lon, s->pt[i].lat, lon, lat);
    }
    bk_geo_layer_free(l);
    bk_ctx_free(ctx);
}

static void mercator_matches_snyder(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_proj p;
    double x, y, lon, lat;
    /* sphere, R = 1, lambda0 = 180 W: (35 N, 75 W) -> (1.8325957, 0.6528366) */
    assert_int_equal(bk_proj_mercator(ctx, &p, 1.0, 0, -180, 0), BK_OK);
    assert_int_equal(bk_proj_forward(&p, -75, 35, &x, &y), 0);
    assert_true(fabs(x - 1.8325957) < 1e-7);
    assert_true(fabs(y - 0.6528366) < 1e-7);
    /* Clarke 1866: x = 11,688,673.7 m, y = 4,139,145.6 m, k = 1.2194146 */
    assert_int_equal(bk_proj_mercator(ctx, &p, CLARKE_A, CLARKE_E2, -180, 0), BK_OK);
    assert_int_equal(bk_proj_forward(&p, -75, 35, &x, &y), 0);
    assert_true(fabs(x - 11688673.7) < 0.06);
    assert_true(fabs(y - 4139145.6) < 0.1);
    assert_true(fabs(bk_proj_scale(&p, 35) - 1.2194146) < 1e-7);
    assert_int_equal(bk_proj_inverse(&p, 11688673.7, 4139145.6, &lon, &lat), 0);
    assert_true(fabs(lat - 35) < 1e-6 && fabs(lon + 75) < 1e-6);
    /* true scale at 39.5 N (the campaign map): k = 1 there */
    assert_int_equal(bk_proj_mercator(ctx, &p, BK_WGS84_A, BK_WGS84_E2, 117, 39.5), BK_OK);
    assert_true(fabs(bk_proj_scale(&p, 39.5) - 1) < 1e-12);
    /* ... and about 3% off two degrees away, as the geo README says */
    double k38 = bk_proj_scale(&p, 38.5), k40 = bk_proj_scale(&p, 40.5);
    assert_true(k38 < 1 && k40 > 1 && (k40 - k38) > 0.025 && (k40 - k38) < 0.035);
    /* poles cannot be shown */
    assert_int_equal(bk_proj_forward(&p, 0, 90, &x, &y), -1);
    assert_int_equal(bk_proj_mercator(ctx, &p, 1, 0, 0, 90), BK_EINPUT);
    assert_int_equal(bk_proj_mercator(ctx, &p, -1, 0, 0, 0), BK_EINPUT);
    bk_ctx_free(ctx);
}

static void lambert_matches_snyder_and_epsg(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_proj p;
    double x, y, lon, lat;
    /* sphere, R = 1, phi1 = 33, phi2 = 45, origin 23 N 96 W:
     * (35 N, 75 W) -> (0.2966785, 0.2462112), n = 0.6304777, k = 0.9970040 */
    assert_int_equal(bk_proj_lcc(ctx, &p, 1.0, 0, -96, 23, 33, 45), BK_OK);
    assert_true(fabs(p.n - 0.6304777) < 1e-7);
    assert_int_equal(bk_proj_forward(&p, -75, 35, &x, &y), 0);
    assert_true(fabs(x - 0.2966785) < 1e-7);
    assert_true(fabs(y - 0.2462112) < 1e-7);
    assert_true(fabs(bk_proj_scale(&p, 35) - 0.9970040) < 1e-7);
    assert_int_equal(bk_proj_inverse(&p, 0.2966785, 0.2462112, &lon, &lat), 0);
    assert_true(fabs(lat - 35) < 1e-5 && fabs(lon + 75) < 1e-5);
    /* Clarke 1866, same parameters: x = 1,894,410.9 m, y = 1,564,649.5 m */
    assert_int_equal(bk_proj_lcc(ctx, &p, CLARKE_A, CLARKE_E2, -96, 23, 33, 45), BK_OK);
    assert_int_equal(bk_proj_forward(&p, -75, 35, &x, &y), 0);
    assert_true(fabs(x - 1894410.9) < 0.1);
    assert_true(fabs(y - 1564649.5) < 0.1);
    assert_int_equal(bk_proj_inverse(&p, 1894410.9, 1564649.5, &lon, &lat), 0);
    assert_true(fabs(lat - 35) < 2e-6 && fabs(lon + 75) < 2e-6);
    /* the standard parallels are true to scale */
    assert_true(fabs(bk_proj_scale(&p, 33) - 1) < 1e-12);
    assert_true(fabs(bk_proj_scale(&p, 45) - 1) < 1e-12);
    /* EPSG GN 7-2, Lambert 2SP, Texas South Central (NAD27 = Clarke 1866):
     * phi1 = 28 23', phi2 = 30 17', origin 27 50' N 99 W, false easting
     * 2,000,000 US ft; (28 30' N, 96 W) -> E = 2,963,503.91, N = 254,759.80
     * US survey feet (1200/3937 m) */
    assert_int_equal(bk_proj_lcc(ctx, &p, CLARKE_A, CLARKE_E2, -99, 27 + 50 / 60.0,
                                 28 + 23 / 60.0, 30 + 17 / 60.0), BK_OK);
    assert_int_equal(bk_proj_forward(&p, -96, 28.5, &x, &y), 0);
    double ft = 1200.0 / 3937.0;
    assert_true(fabs(x / ft + 2000000 - 2963503.91) < 0.05);
    assert_true(fabs(y / ft - 254759.80) < 0.05);
    /* one standard parallel; parallels that cancel are refused */
    assert_int_equal(bk_proj_lcc(ctx, &p, 1, 0, 0, 40, 40, 40), BK_OK);
    assert_true(fabs(p.n - sin(40 * 3.14159265358979323846 / 180)) < 1e-12);
    assert_int_equal(bk_proj_lcc(ctx, &p, 1, 0, 0, 0, -30, 30), BK_EINPUT);
    bk_ctx_free(ctx);
}

static void round_trips_over_the_map_regions(void **state)
{
    (void)state;
    bk_ctx *ctx = bk_ctx_new();
    bk_proj m, c;
    assert_int_equal(bk_proj_mercator(ctx, &m, BK_WGS84_A, BK_WGS84_E2, 117, 39.5), BK_OK);
    assert_int_equal(bk_proj_lcc(ctx, &c, BK_WGS84_A, BK_WGS84_E2, 122.5, 34, 25, 45), BK_OK);
    double worst = 0;
    for (double lat = 17; lat <= 51; lat += 0.5)
        for (double lon = 104; lon <= 141; lon += 0.5) {
            double x, y, lo, la;
            assert_int_equal(bk_proj_forward(&c, lon, lat, &x, &y), 0);
            assert_int_equal(bk_proj_inverse(&c, x, y, &lo, &la), 0);
            worst = fmax(worst, fmax(fabs(lo - lon), fabs(la - lat)));
            assert_int_equal(bk_proj_forward(&m, lon, lat, &x, &y), 0);
            assert_int_equal(bk_proj_inverse(&m, x, y, &lo, &la), 0);
            worst = fmax(worst, fmax(fabs(lo - lon), fabs(la - lat)));
        }
    assert_true(worst < 1e-9);
    /* the overview's centre is the origin; north is up on the central
     * meridian */
    double x, y, x2, y2;
    bk_proj_forward(&c, 122.5, 34, &x, &y);
    assert_true(fabs(x) < 1e-6 && fabs(y) < 1e-6);
    bk_proj_forward(&c, 122.5, 40, &x2, &y2);
    assert_true(fabs(x2) < 1e-6 && y2 > 600000);
    /* a degree of latitude near Beijing is about 111 km on the ground;
     * Mercator true at 39.5 N keeps that there */
    bk_proj_forward(&m, 117, 39, &x, &y);
    bk_proj_forward(&m, 117, 40, &x2, &y2);
    assert_true(fabs((y2 - y) - 111040) < 300);
    bk_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_segments_attributes_and_holes),
        cmocka_unit_test(reads_the_project_data),
        cmocka_unit_test(malformed_input_is_refused_with_its_position),
        cmocka_unit_test(coordinates_are_exactly_what_strtod_reads),
        cmocka_unit_test(mercator_matches_snyder),
        cmocka_unit_test(lambert_matches_snyder_and_epsg),
        cmocka_unit_test(round_trips_over_the_map_regions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
