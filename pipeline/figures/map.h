/* map.h — maps drawn into frames: land and sea, coast, rivers, lakes, a
 * graticule with labelled degrees, a scale bar true at the map's latitude,
 * a north arrow, place symbols by kind, place names set with the body's
 * text engine (bk_para_set) in the booklet's language and placed so that
 * no label overlaps another label, a symbol or the frame, routes with
 * arrows and dates, shaded regions, insets, a legend and the credit line.
 * Everything is ordinary frame items (paths and glyph runs): backends
 * never know a map was drawn, and nothing is drawn outside the rectangle
 * the caller gives (the map clips its data itself, frames have no clip).
 *
 * Maps are built in (see docs/MAPS.md): "campaign" (Mercator, Bohai coast
 * to Peking, the Anglo-French advance of Aug-Oct 1860, an inset of the
 * Peking area) and "overview" (Lambert conformal conic, East Asia in 1860,
 * the treaty ports, the land ceded to Russia, an inset of Hong Kong and
 * Kowloon). Their data are read from ROOT/sources/geo/ (GMT files) and
 * ROOT/sources/places.xml (names per language, coordinates, kinds).
 *
 * Layout styles used (layout.h; all must exist, per-language overrides
 * welcome): "map-title" (legend and inset titles), "map-label-major"
 * (cities), "map-label" (other places), "map-water" (rivers, italic),
 * "map-sea" (seas and countries, italic), "map-small" (dates, degrees,
 * scale bar, legend entries, credit line).
 *
 * Ownership: bk_map_spec_load returns a spec (the map's definition with its
 * data loaded) freed with bk_map_spec_free; it can be drawn any number of
 * times, in any language, onto any page.
 */
#ifndef BK_MAP_H
#define BK_MAP_H

#include "bk.h"
#include "frame.h"
#include "paragraph.h"

typedef struct bk_map_spec bk_map_spec;

/* The built-in maps' names, NULL-terminated. */
const char *const *bk_map_names(void);

/* Loads map `name` with its data from `root` (the directory holding
 * sources/). Errors: an unknown name (BK_EUSAGE), a data file missing or
 * malformed, a place the map names that sources/places.xml lacks
 * (BK_EINPUT, with file:line). */
bk_status bk_map_spec_load(bk_ctx *ctx, const char *name, const char *root,
                           bk_map_spec **out);
void bk_map_spec_free(bk_map_spec *spec);

/* What a drawing did, for reports and tests. */
typedef struct bk_map_stats {
    size_t places;     /* named features to label (main map and insets) */
    size_t labels;     /* of those, labelled */
    size_t unplaced;   /* could not be placed without overlap: each is also
                          a warning in ctx->diag naming it */
    size_t paths, glyph_runs; /* items added to the page */
    double neat[4];    /* main map frame as drawn: x0 y0 x1 y1 (pt) */
    double scale_lat;  /* latitude where the scale bar is true (degrees) */
    double pt_per_km;  /* map scale there */
} bk_map_stats;

/* Draws the map into the rectangle (x, y, w, h) of `page` (pt, y up) with
 * names in `lang` (BCP 47: vi, zh, zh-Hans, zh-Hant, en; others get the
 * English names). The map frame keeps the data's aspect: it fills the
 * rectangle's width or height, and is narrower or lower when the rectangle
 * would show more than the data covers; degree labels sit outside the frame
 * (left and below), the credit line at the foot of the rectangle. stats
 * may be NULL. */
bk_status bk_map_draw(bk_ctx *ctx, bk_setter *setter, const bk_map_spec *spec,
                      bk_page *page, double x, double y, double w, double h,
                      const char *lang, bk_map_stats *stats);

#endif
