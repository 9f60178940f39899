/* map.h — maps drawn into frames: land and sea, coast, rivers, lakes, a
 * graticule with labelled degrees, a scale bar true at the map's latitude,
 * a north arrow, place symbols by kind, place names set with the body's
 * text engine (bk_para_set) in the booklet's language and placed so that
 * no label overlaps another label, a symbol or the frame, nor crosses a
 * line feature (route, river, coast, walls, edges) unless no free position
 * exists (then a warning), each over a paper-white halo; water names
 * rotated along their water; routes with arrows and dates, shaded
 * regions, insets placed where they hide nothing (their extents framed on
 * the main map), a legend and the credit line.
 * Everything is ordinary frame items (paths and glyph runs): backends
 * never know a map was drawn, and nothing is drawn outside the rectangle
 * the caller gives (the map clips its data itself, frames have no clip).
 *
 * A map is defined by a file (docs/MAPS.md, schema schemas/map.rng): its
 * projection, extent, layers (GMT files), gazetteer (TEI places with names
 * per language), places shown, route, insets and texts per language; the
 * paths in it are relative to it. The words the program adds (legend
 * entries, dates, units) come from the message catalogs ROOT/messages/
 * (messages.h), ROOT being the program's data root.
 *
 * Layout styles used (layout.h; all must exist, per-language overrides
 * welcome): "map-title" (legend and inset titles), "map-label-major"
 * (cities), "map-label" (other places), "map-water" (rivers, italic),
 * "map-sea" (seas and countries, italic), "map-small" (dates, degrees,
 * scale bar, legend entries, credit line).
 *
 * Ownership: bk_map_spec_load returns a spec (the map's definition with its
 * data loaded) freed with bk_map_spec_free; it can be drawn any number of
 * times, in any language, onto any page. bk_map_spec_load_with loads it
 * with a bk_map_store (bk_map_store_new, freed with bk_map_store_free)
 * that owns the data files the definitions name, shared by every spec
 * loaded with it: those specs are freed before their store.
 */
#ifndef BK_MAP_H
#define BK_MAP_H

#include "bk.h"
#include "frame.h"
#include "paragraph.h"

typedef struct bk_map_spec bk_map_spec;

/* Loads the map definition at `path` with its data. `root` is the
 * program's data root, holding schemas/map.rng and messages/ (NULL: the
 * current directory). Errors: a file missing or malformed, a definition
 * that does not validate or names a place its gazetteer lacks (BK_EINPUT,
 * with file:line). */
bk_status bk_map_spec_load(bk_ctx *ctx, const char *path, const char *root,
                           bk_map_spec **out);
void bk_map_spec_free(bk_map_spec *spec);

/* What the maps of one run share: the schemas compiled once, and each
 * data file (gazetteer, events, GMT layer) read and checked once however
 * many definitions or views name it (known by its path as joined).
 * bk_map_store_new returns NULL when out of memory. */
typedef struct bk_map_store bk_map_store;
bk_map_store *bk_map_store_new(void);
void bk_map_store_free(bk_map_store *store);
/* bk_map_spec_load with the data from (or read into) `store`. */
bk_status bk_map_spec_load_with(bk_ctx *ctx, bk_map_store *store, const char *path,
                                const char *root, bk_map_spec **out);

/* What a drawing did, for reports and tests. */
typedef struct bk_map_stats {
    size_t places;     /* named features to label (main map and insets) */
    size_t labels;     /* of those, labelled */
    size_t unplaced;   /* could not be placed without overlap: each is also
                          a warning in ctx->diag naming it */
    size_t crossings;  /* labels drawn across a line feature (route,
                          river, coast, wall, ...) for want of a free
                          position: each is also a warning naming it */
    size_t leaders;    /* labels set apart from their symbol, joined to it
                          by a leader line (no free position beside it) */
    size_t paths, glyph_runs; /* items added to the page */
    double neat[4];    /* main map frame as drawn: x0 y0 x1 y1 (pt) */
    double scale_lat;  /* latitude where the scale bar is true (degrees) */
    double pt_per_km;  /* map scale there */
} bk_map_stats;

/* Draws the map into the rectangle (x, y, w, h) of `page` (pt, y up) with
 * names and words in `lang` (BCP 47; the message catalog chosen for it,
 * under the spec's data root, decides the language: see messages.h). The
 * map frame keeps the data's aspect: it fills the rectangle's width or
 * height, and is narrower or lower when the rectangle
 * would show more than the data covers; degree labels sit outside the frame
 * (left and below), the credit line at the foot of the rectangle. stats
 * may be NULL. */
bk_status bk_map_draw(bk_ctx *ctx, bk_setter *setter, const bk_map_spec *spec,
                      bk_page *page, double x, double y, double w, double h,
                      const char *lang, bk_map_stats *stats);

/* For a figure's alternate text (tagged PDF): the map's title in `lang`
 * (NULL when it has none), and the names in `lang` of the places its main
 * view labels, in the definition's order, at most max of them into names
 * (pointers into spec). Returns how many were written. */
const char *bk_map_title(const bk_map_spec *spec, const char *lang);
size_t bk_map_place_names(const bk_map_spec *spec, const char *lang, const char **names,
                          size_t max);

#endif
