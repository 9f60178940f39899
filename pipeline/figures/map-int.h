/* map-int.h — what the map module's files share (internal to map*.c; the
 * public interface is map.h): a loaded map definition (map-def.c), page
 * geometry and views (map-geom.c), the drawing context with its obstacles
 * and paths (map-paint.c), labels set with the text engine (map-text.c),
 * label placement (map-label.c), graticule, route and legend (map-draw.c).
 *
 * Ownership: a bk_map_spec owns what its definition holds
 * (bk_map_spec_free); the data files it names (gazetteer, events, layers)
 * belong to the bk_map_store it was loaded with (map-store.c); a
 * mapctx lives for one bk_map_draw and owns its obstacle and scratch
 * buffers; labels own their set paragraphs (bk_map_label_free).
 */
#ifndef BK_MAP_INT_H
#define BK_MAP_INT_H

#include "map.h"

#include "geo.h"
#include "messages.h"
#include "node.h"
#include "xml.h"

#define PI 3.14159265358979323846

/* ---- colours: print colours only (gray or CMYK) ---------------------------- */

static inline bk_color cmyk(double c, double m, double y, double k)
{
    bk_color r = {4, {c, m, y, k}};
    return r;
}

static inline bk_color gray(double g)
{
    bk_color r = {1, {g, 0, 0, 0}};
    return r;
}

#define C_SEA cmyk(0.20, 0.03, 0, 0)
#define C_LAND cmyk(0, 0.02, 0.11, 0.02)
#define C_COAST cmyk(0.80, 0.40, 0.05, 0.30)
#define C_RIVER cmyk(0.75, 0.25, 0, 0.05)
#define C_WATER_TEXT cmyk(0.90, 0.40, 0, 0.25)
#define C_GRID gray(0.55)
#define C_ROUTE cmyk(0, 0.95, 0.90, 0.05)
#define C_CEDED cmyk(0, 0.28, 0.42, 0)
#define C_CEDED_EDGE cmyk(0, 0.70, 0.85, 0.15)
#define C_CITYAREA cmyk(0, 0.06, 0.18, 0.12)
#define C_BLACK gray(0)
#define C_WHITE gray(1)

/* ---- a loaded definition (map-def.c) ------------------------------------------ */

enum { SYM_NONE, SYM_CITY, SYM_CAPITAL, SYM_TOWN, SYM_FORT, SYM_GATE, SYM_PALACE,
       SYM_BRIDGE, SYM_PORT, SYM_COUNT };
enum { LAB_POINT, LAB_AREA, LAB_WATER };
enum { LY_LAND, LY_LAKES, LY_COAST, LY_RIVERS, LY_PATHS, LY_CEDED, LY_COUNT };
enum { CORNER_LL, CORNER_LR, CORNER_UL, CORNER_UR };

#define MAX_EVENTS 4
#define MAX_INSETS 4

/* The symbol kinds' names in definitions and message ids (map.symbol.NAME),
 * indexed by SYM_*. */
extern const char *const bk_map_sym_names[SYM_COUNT];

/* A text in several languages (elements with xml:lang). */
typedef struct mtext {
    size_t n;
    char **lang, **text;
} mtext;

/* A name of a gazetteer place. */
typedef struct gname {
    char *lang, *type, *text;
} gname;

/* A place of the gazetteer. */
typedef struct place {
    char *id, *type;
    double lat, lon;
    gname *names;
    size_t nnames;
} place;

typedef struct event_ref {
    char *what;       /* message map.event.WHAT */
    char *from, *to;  /* ISO dates; to NULL for one day */
    char *id;         /* the event in the events file, whose dates win */
} event_ref;

typedef struct place_def {
    const place *p;
    int sym, lab;
    char *style;
    int prio;
    int own_at;        /* the label goes at lat, lon, not at the place */
    double lat, lon;
    char *path;        /* LAB_WATER: the named path it is set along */
    double measure;    /* LAB_AREA: line length, pt */
    event_ref ev[MAX_EVENTS];
    size_t nev;
} place_def;

/* A built-up area (walls), closed ring of lon, lat. */
typedef struct polygon {
    double (*pt)[2];
    size_t n;
    mtext legend;
} polygon;

/* The main view or an inset. */
typedef struct view_data {
    double box[4];     /* W E S N that the view must show */
    place_def *places;
    size_t nplaces;
    const bk_geo_layer *layers[LY_COUNT]; /* the store's */
    mtext shaded;      /* legend of the shaded layer */
    mtext title;       /* insets */
    int corner;        /* insets: where in the main frame */
    double wfrac;      /* insets: width as a fraction of the main frame's */
    polygon *built;
    size_t nbuilt;
} view_data;

typedef struct route_pt {
    const place *place; /* or NULL: a waypoint at lon, lat */
    double lon, lat;
    int follow;         /* the leg to here follows the paths layer's course */
} route_pt;

typedef struct scale_def {
    char *unit;   /* message map.unit.UNIT (and map.unit.UNIT.note) */
    char *langs;  /* languages it is drawn for (prefixes), NULL: all */
    double km;    /* one unit in km */
} scale_def;

typedef struct ev_date {
    char *id, *from, *to;
} ev_date;

struct bk_map_spec {
    char *name, *path, *root;
    int proj;
    double lon0, lat0, lat1, lat2; /* Mercator: lat1 = latitude of true scale */
    view_data main;
    view_data *insets;
    size_t ninsets;
    route_pt *route;
    size_t nroute;
    mtext route_legend;
    double grat;
    int north_arrow, north_corner, legend_corner;
    scale_def *bars;
    size_t nbars;
    mtext title, credit, note;
    mtext sym_legend[SYM_COUNT]; /* symbol-legend: a kind's own legend words */
    char *name_type, *modern_type; /* gazetteer name types (may be NULL) */
    double halo;   /* labels' halo beyond the glyphs, pt (0: none) */
    const ev_date *ev;    /* the events file's dates (the store's) */
    size_t nev;
    const place *places;  /* the gazetteer (the store's) */
    size_t nplaces;
    bk_map_store *own_store; /* loaded by bk_map_spec_load: freed with it */
};

/* The text for language `lang` (exact, then same primary subtag, then en,
 * then the first); NULL when there is none. */
const char *bk_map_text_get(const mtext *t, const char *lang);
/* The text in `lang` itself (exact, then same primary subtag), else NULL. */
const char *bk_map_text_own(const mtext *t, const char *lang);
/* The label name of a place in `lang`: the first name in that language (of
 * the definition's name type when it has one), else English, else any. */
const char *bk_map_place_name(const bk_map_spec *s, const place *p, const char *lang);
/* The name of the definition's modern type in `lang`, or NULL. */
const char *bk_map_place_modern(const bk_map_spec *s, const place *p, const char *lang);
void bk_map_mtext_release(mtext *t);
/* Appends the children of n named `name`, each with its xml:lang. -1: OOM. */
int bk_map_mtext_read(const bk_node *n, const char *name, mtext *t);
/* Appends element e's text with its xml:lang. -1: OOM. */
int bk_map_mtext_add(const bk_node *e, mtext *t);
void bk_map_place_release(place *p);
/* Reads the gazetteer at path, validated with v (TEI), into *out (*n
 * places; the caller releases them, also on failure). */
bk_status bk_map_places_read(bk_ctx *ctx, bk_validator *v, const char *path, place **out,
                             size_t *n);
const place *bk_map_place_find(const bk_map_spec *s, const char *id);
/* The gazetteer id nearest to an unknown `id` (a likely typo: within a
 * third of its length), or NULL. */
const char *bk_map_place_nearest(const bk_map_spec *s, const char *id);
/* Reads the events file's dates, validated with v (TEI), into *out (a
 * missing file: none; the caller frees them, also on failure). */
bk_status bk_map_events_read(bk_ctx *ctx, bk_validator *v, const char *path, ev_date **out,
                             size_t *n);

/* ---- what one run's maps share (map-store.c) ------------------------------------ */

/* The gazetteer, the events file's dates, a GMT layer read with flags:
 * read and checked on first use, then the same for every caller; they
 * live as long as the store. */
bk_status bk_map_store_places(bk_ctx *ctx, bk_map_store *st, const char *path,
                              const place **out, size_t *n);
bk_status bk_map_store_events(bk_ctx *ctx, bk_map_store *st, const char *path,
                              const ev_date **out, size_t *n);
bk_status bk_map_store_layer(bk_ctx *ctx, bk_map_store *st, const char *path, int flags,
                             const bk_geo_layer **out);
const ev_date *bk_map_find_event(const bk_map_spec *s, const char *id);
/* 1 if a scale bar is drawn in language `lang`. */
int bk_map_bar_shown(const scale_def *b, const char *lang);

/* ---- geometry (map-geom.c) ------------------------------------------------------ */

typedef struct pt {
    double x, y;
} pt;

typedef struct rect {
    double x0, y0, x1, y1;
} rect;

typedef struct ptbuf {
    pt *p;
    size_t n, cap;
} ptbuf;

static inline int rect_overlap(rect a, rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static inline int rect_inside(rect a, rect outer)
{
    return a.x0 >= outer.x0 && a.x1 <= outer.x1 && a.y0 >= outer.y0 && a.y1 <= outer.y1;
}

static inline rect rect_grow(rect a, double d)
{
    rect r = {a.x0 - d, a.y0 - d, a.x1 + d, a.y1 + d};
    return r;
}

int bk_map_pb_push(ptbuf *b, double x, double y);
int bk_map_clip_ring(const pt *in, size_t n, rect r, ptbuf *out, ptbuf *tmp);
int bk_map_clip_seg(pt *a, pt *b, rect r);
int bk_map_seg_hits_rect(pt a, pt b, rect r);
/* The distance between the segments a-b and c-d (0 where they cross). */
double bk_map_seg_dist(pt a, pt b, pt c, pt d);
int bk_map_simplify(ptbuf *b, double tol);

typedef struct view {
    const bk_proj *proj;
    double s;        /* pt per projected metre */
    double pcx, pcy; /* projected point at the frame centre */
    rect r;          /* the frame on the page */
} view;

void bk_map_to_page(const view *v, double lon, double lat, pt *out);
void bk_map_to_geo(const view *v, double x, double y, double *lon, double *lat);
void bk_map_proj_bbox(const bk_proj *p, const double box[4], double bb[4]);
void bk_map_fit_view(view *v, const bk_proj *p, const double box[4], rect avail,
                     const double data[4]);

/* ---- the drawing context (map-paint.c) --------------------------------------- */

/* Line features labels keep off (kinds, named in warnings; the trace's
 * path feature names, bk_map_line_names). */
enum { LN_NONE, LN_ROUTE, LN_RIVER, LN_WATERWAY, LN_COAST, LN_WALL, LN_EDGE, LN_EXTENT,
       LN_LEADER, LN_COUNT };
extern const char *const bk_map_line_names[LN_COUNT];

typedef struct soft_seg {
    pt a, b;
    int w;    /* cost of a label over it */
    int kind; /* LN_* */
    int view; /* the view it was drawn in */
} soft_seg;

typedef struct obst {
    rect r;
    int view; /* -1: every view */
    int off;  /* a label taken back while labels are rearranged */
} obst;

/* The line features indexed by a grid of cells (map-index.c). */
typedef struct segindex {
    double x0, y0, cell; /* the grid's lower left corner and cell side */
    int nx, ny;
    size_t *start;  /* cell c's segments: idx[start[c] .. start[c + 1]) */
    size_t *idx;
    size_t *loose;  /* segments in no cell (a coordinate not finite) */
    size_t nloose;
    size_t n;       /* soft[0 .. n) are indexed; later ones are not */
    unsigned *seen; /* per segment: the query that last listed it */
    unsigned stamp;
    size_t *out;    /* the last query's answer */
    size_t capout;
} segindex;

/* An answer of the line test (map-label.c), kept while the line features
 * stay as they are: a label placed again (repair) asks the same boxes. */
#define HITS_SLOTS 4096
typedef struct hits_slot {
    double key[8];     /* the oriented box: r, o, cosine, sine */
    int view;
    unsigned version;  /* mapctx.soft_version when answered */
    int used;
    int w;             /* the weight crossed */
    unsigned kinds;    /* the kinds crossed */
} hits_slot;

typedef struct mapctx {
    bk_ctx *ctx;
    bk_setter *setter;
    const bk_map_spec *spec;
    bk_page *page;
    const bk_messages *msg;
    const char *tag; /* the catalog's language: names and text engine */
    bk_map_stats *stats;
    obst *hard;
    size_t nhard, caphard;
    soft_seg *soft;
    size_t nsoft, capsoft;
    segindex index; /* of soft, built when labels are placed */
    unsigned soft_version; /* changes whenever soft does (a segment added,
                              a weight changed) */
    hits_slot *hits;       /* answers of the line test (HITS_SLOTS), or NULL */
    ptbuf a, b, c; /* scratch */
    rect *pending;  /* places of the view still to be labelled: room kept
                       beside them costs a label that would take it */
    size_t npending;
    int cur_view;   /* the view being drawn (line features remember it) */
    int cur_kind;   /* LN_* of the lines being drawn */
    double halo;    /* a label's halo, pt beyond its glyphs (0: none) */
    int labelling;  /* lines drawn now are a label: halo, rotation */
    double angle;   /* rotation of the label being drawn, degrees */
    bk_frames *scratch; /* a label's runs before their halos go down */
    size_t crossings;   /* labels drawn across a line feature */
    pt *syms;       /* the symbols of the view being labelled */
    size_t nsyms;
    rect extent[MAX_INSETS]; /* the insets' extents on the main view */
    size_t nextent;
} mapctx;

typedef struct vstate {
    view v;
    const view_data *vd;
    int index; /* 0 main, 1.. insets */
} vstate;

/* Appends a polyline or ring to a path being built (ops grown as needed). */
typedef struct pathb {
    bk_path_op *ops;
    size_t n, cap;
} pathb;

bk_status bk_map_oom(mapctx *m);
/* The line features (indices into m->soft) whose bounding box may meet r,
 * each once, in *out (valid until the next call), with every segment the
 * index does not hold; -1 when it cannot answer (out of memory, r not a
 * number): then test every segment. */
int bk_map_soft_near(mapctx *m, rect r, const size_t **out, size_t *n);
void bk_map_index_free(segindex *x);
/* The line test's answer for the oriented box key[8] in view, if kept since
 * the line features last changed: 1 and *w, *kinds; else 0. */
int bk_map_hits_find(const mapctx *m, const double key[8], int view, int *w, unsigned *kinds);
/* Keeps an answer (nothing when out of memory: it only costs time). */
void bk_map_hits_keep(mapctx *m, const double key[8], int view, int w, unsigned kinds);
/* Names the path just added (bk_path.feature): what the map check tests. */
void bk_map_feature(mapctx *m, const char *name);
int bk_map_add_hard(mapctx *m, rect r, int view);
int bk_map_add_soft(mapctx *m, pt a, pt b, int w);
int bk_map_pathb_op(pathb *p, int op, double x, double y);
int bk_map_pathb_poly(pathb *p, const pt *q, size_t n, int close);
bk_status bk_map_pathb_emit(mapctx *m, pathb *p, int fill, bk_color fc, int stroke,
                            bk_color sc, double lw);
void bk_map_pathb_free(pathb *p);
int bk_map_add_clipped_line(mapctx *m, pathb *pb, const pt *q, size_t n, rect r, int w);
int bk_map_project_seg(mapctx *m, const view *v, const bk_geo_seg *s);
double bk_map_sym_radius(int sym);
void bk_map_poly(pathb *p, double x, double y, const double (*q)[2], size_t n, int *err);
bk_status bk_map_draw_symbol(mapctx *m, int sym, double x, double y);
const bk_geo_seg *bk_map_find_path(const view_data *vd, const char *name);
bk_status bk_map_draw_layers(mapctx *m, const vstate *vs);

/* ---- labels (map-text.c) --------------------------------------------------------- */

#define MAXP 6
#define MAXL 10

typedef struct lline {
    int pi;        /* paragraph */
    size_t li;     /* its line */
    double w, asc, desc, lead;
    bk_color col;
} lline;

typedef struct label {
    size_t np, nl;
    bk_block b[MAXP];
    bk_para p[MAXP];
    char *t[MAXP];
    lline l[MAXL];
    double w, h;
} label;

enum { AL_LEFT, AL_RIGHT, AL_CENTER };

void bk_map_label_free(label *L);
bk_status bk_map_label_add(mapctx *m, label *L, const char *style, const char *text,
                           bk_color col, double measure);
bk_status bk_map_emit_line(mapctx *m, const bk_para *p, const bk_set_line *ln, double x,
                           double y, bk_color col);
bk_status bk_map_label_draw(mapctx *m, const label *L, double x0, double top, int align);
bk_status bk_map_degree_text(mapctx *m, double v, int lat, char *buf, size_t n);
bk_status bk_map_place_label(mapctx *m, const place_def *d, label *L);
/* The message `id` of the catalog; a missing one is an error (recorded). */
bk_status bk_map_msg(mapctx *m, const char *id, const char **out);

/* ---- placement (map-label.c) and the rest (map-draw.c) ------------------------- */

bk_status bk_map_label_view(mapctx *m, const vstate *vs);
bk_status bk_map_symbols_view(mapctx *m, const vstate *vs, int used[SYM_COUNT]);
bk_status bk_map_draw_graticule(mapctx *m, const vstate *vs, double step, int labels,
                                const vstate *insets, size_t ninsets);
bk_status bk_map_draw_route(mapctx *m, const vstate *vs, const int symbol_of[]);
/* 1 if the route as drawn in view vs passes through r, -1: out of memory. */
int bk_map_route_hits(mapctx *m, const vstate *vs, rect r);
/* Where an inset's title goes in its frame: the corner where it crosses
 * none of the view's lines, bottom left first (a warning when none is
 * free). */
bk_status bk_map_title_place(mapctx *m, const vstate *vs, const label *T, rect *out);
/* The insets' titles beside their extents on the main view (labels). */
bk_status bk_map_label_extents(mapctx *m, const vstate *main, const vstate *insets,
                               size_t ninsets);
bk_status bk_map_draw_legend(mapctx *m, const vstate *main, const int used[SYM_COUNT],
                             double pt_per_km, double scale_lat, const mtext *walls);
bk_status bk_map_draw_north(mapctx *m, const vstate *main);

#endif
