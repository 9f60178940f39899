/* geo.h — geodata for maps: GMT multisegment text files (the layers in
 * sources/geo/) and the two map projections the booklet uses, Mercator and
 * Lambert conformal conic, on the ellipsoid or the sphere (formulas from
 * Snyder, "Map Projections: A Working Manual", USGS PP 1395, 1987,
 * equations 7-6..7-11 and 15-1..15-11).
 *
 * GMT multisegment text, as sources/geo/ uses it:
 *   # a comment
 *   > land id=3 km2=17          a segment header: bare words and key=value
 *   117.7205 38.9780            one "lon lat" pair (degrees) per line
 *   > -Ph hole-of=3             a hole of the ring with id=3 just before
 * Blank lines are ignored, CRLF line ends accepted. Points before the first
 * header form a segment of their own (GMT allows a single-segment file
 * without a header).
 *
 * Ownership: bk_geo_read returns a layer freed with bk_geo_layer_free; the
 * segments, points and strings it hands out live as long as the layer.
 * bk_proj is a small value type filled by bk_proj_mercator / bk_proj_lcc
 * (nothing to free); its fields are the projection's constants.
 */
#ifndef BK_GEO_H
#define BK_GEO_H

#include "bk.h"

/* ---- GMT multisegment files ------------------------------------------------ */

typedef struct bk_geo_pt {
    double lon, lat; /* degrees */
} bk_geo_pt;

typedef struct bk_geo_seg {
    size_t n;
    bk_geo_pt *pt;
    const char *kind; /* the header's first bare word ("land", "river"), or "" */
    int hole;         /* header has -Ph: a hole of the ring before it */
    long hole_of;     /* that ring's id (hole-of=K, else the id of the ring
                         before it, or 0 when it has none) */
    long line;        /* line of the header (of the first point if none) */
    size_t nattrs;
    char **attrs;     /* key, value, key, value, ... (value "" for a flag) */
} bk_geo_seg;

typedef struct bk_geo_layer bk_geo_layer;

/* Flags for reading. */
enum {
    /* Every segment is a polygon ring: closed (first point = last point)
     * with at least 4 points; a hole must follow its ring or another hole
     * of that ring, and hole-of=K must name that ring's id. */
    BK_GEO_POLYGONS = 1
};

/* Reads a GMT file. Errors carry file:line:col: a point line that is not
 * two finite numbers, a longitude outside [-180, 360] or a latitude outside
 * [-90, 90], a segment with fewer than two points, a malformed header
 * attribute (hole-of that is not a positive integer), a polygon that is
 * not closed, a hole without its ring; a file over BK_MAX_SOURCE_BYTES or
 * with an embedded NUL byte. */
bk_status bk_geo_read(bk_ctx *ctx, const char *path, int flags,
                      bk_geo_layer **out);
/* Same, from memory; `name` is used in messages. */
bk_status bk_geo_parse(bk_ctx *ctx, const char *name, const char *data,
                       size_t len, int flags, bk_geo_layer **out);
void bk_geo_layer_free(bk_geo_layer *l);

size_t bk_geo_layer_count(const bk_geo_layer *l);
const bk_geo_seg *bk_geo_layer_seg(const bk_geo_layer *l, size_t i);
/* The value of header attribute `key` ("" for a bare flag), or NULL. */
const char *bk_geo_seg_attr(const bk_geo_seg *s, const char *key);
/* Bounding box of every point: west, east, south, north (degrees). All 0
 * for an empty layer. */
void bk_geo_layer_bounds(const bk_geo_layer *l, double box[4]);
/* Twice the signed area of a ring in degree units: > 0 counter-clockwise. */
double bk_geo_ring_area2(const bk_geo_pt *pt, size_t n);

/* ---- projections ----------------------------------------------------------- */

typedef enum { BK_PROJ_MERCATOR = 1, BK_PROJ_LCC = 2 } bk_proj_kind;

/* WGS 84, the datum of GSHHG and of the gazetteer. */
#define BK_WGS84_A 6378137.0
#define BK_WGS84_E2 0.00669437999014

typedef struct bk_proj {
    bk_proj_kind kind;
    double a, e;   /* semi-major axis (m, or 1 for a unit sphere), eccentricity */
    double lon0;   /* central meridian, radians */
    double k0;     /* Mercator: scale factor on the equator */
    double n, F, rho0; /* Lambert: cone constant, F, radius at lat0 */
} bk_proj;

/* Mercator true to scale along latitude lat_ts (degrees; 0 = equator), on
 * an ellipsoid of semi-major axis a and eccentricity squared e2 (0: a
 * sphere of radius a). Returns BK_EINPUT (recorded) for |lat_ts| >= 90 or
 * a bad ellipsoid. */
bk_status bk_proj_mercator(bk_ctx *ctx, bk_proj *p, double a, double e2,
                           double lon0, double lat_ts);
/* Lambert conformal conic with standard parallels lat1 and lat2 (equal:
 * one standard parallel) and origin (lon0, lat0), degrees. Returns
 * BK_EINPUT (recorded) for parallels on opposite sides of the equator that
 * cancel, at a pole, or a bad ellipsoid. */
bk_status bk_proj_lcc(bk_ctx *ctx, bk_proj *p, double a, double e2,
                      double lon0, double lat0, double lat1, double lat2);

/* Degrees to projected metres (units of a). Returns 0, or -1 for a point
 * the projection cannot show (a pole of Mercator, the far pole of the
 * cone). */
int bk_proj_forward(const bk_proj *p, double lon, double lat, double *x,
                    double *y);
/* Projected metres to degrees (longitude in [-180, 180]). Returns 0 or -1. */
int bk_proj_inverse(const bk_proj *p, double x, double y, double *lon,
                    double *lat);
/* Point scale factor at a latitude (both projections are conformal: the
 * same in every direction), for scale bars true at that latitude. */
double bk_proj_scale(const bk_proj *p, double lat);

#endif
