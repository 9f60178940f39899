/* map.c — maps drawn into frames (see map.h and docs/MAPS.md).
 *
 * Steps of bk_map_draw: lay out the rectangle (credit line and degree
 * labels outside the frame) -> fit the main view's projection into the
 * frame, narrowing the frame where it would show more than the data cover
 * -> draw each view (sea, land, shaded regions, lakes, rivers, named
 * paths, coast, graticule, route, symbols), clipping every polygon
 * (Sutherland–Hodgman) and polyline (Liang–Barsky) to the view's frame
 * -> insets over the main view, legend, north arrow -> labels last, placed
 * greedily by priority in the first free candidate position, with every
 * symbol, label, inset, legend and the frame as obstacles and the lines
 * they would cover as a cost.
 */
#include "map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "geo.h"
#include "node.h"
#include "xml.h"

#define PI 3.14159265358979323846

/* ---- colours: print colours only (gray or CMYK) -------------------------- */

static bk_color cmyk(double c, double m, double y, double k)
{
    bk_color r = {4, {c, m, y, k}};
    return r;
}

static bk_color gray(double g)
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

/* ---- languages ------------------------------------------------------------- */

enum { L_EN, L_VI, L_HANS, L_HANT };

typedef struct tr {
    const char *en, *vi, *hans, *hant;
} tr;

static int lang_index(const char *lang)
{
    if (!lang)
        return L_EN;
    if (strncmp(lang, "vi", 2) == 0 && (!lang[2] || lang[2] == '-'))
        return L_VI;
    if (strncmp(lang, "zh", 2) == 0 && (!lang[2] || lang[2] == '-')) {
        if (strstr(lang, "Hant") || strstr(lang, "-TW") || strstr(lang, "-HK") ||
            strstr(lang, "-MO"))
            return L_HANT;
        return L_HANS;
    }
    return L_EN;
}

static const char *tr_get(const tr *t, int li)
{
    const char *v[] = {t->en, t->vi, t->hans, t->hant};
    return v[li] ? v[li] : t->en;
}

/* The language tag the text engine gets for each language. */
static const char *lang_tag(int li)
{
    static const char *const tags[] = {"en", "vi", "zh-Hans", "zh-Hant"};
    return tags[li];
}

/* ---- events on the route ------------------------------------------------- */

enum { EV_NONE, EV_LANDING, EV_STORMED, EV_OCCUPIED, EV_BATTLE, EV_ENTERED,
       EV_LOOTED, EV_BURNED };

static const tr ev_words[] = {
    {"", "", "", ""},
    {"landing", "đổ bộ", "登陆", "登陸"},
    {"stormed", "chiếm", "攻陷", "攻陷"},
    {"occupied", "chiếm đóng", "占领", "佔領"},
    {"battle", "giao chiến", "激战", "激戰"},
    {"entered", "vào thành", "入城", "入城"},
    {"looted", "cướp phá", "劫掠", "劫掠"},
    {"burned", "đốt", "焚毁", "焚燬"},
};

typedef struct event_ref {
    int word;
    const char *from, *to; /* ISO dates; to NULL for one day */
    const char *id;        /* the event in sources/events.xml, whose dates
                              win when the file is there */
} event_ref;

/* Dates of an event as sources/events.xml gives them. */
typedef struct ev_date {
    char *id, *from, *to;
} ev_date;

/* "landing 1 Aug" · "đổ bộ 1/8" · "8月1日登陆"; a range of days in one
 * month as "6–7 Oct" · "6–7/10" · "10月6—7日". */
static void format_event(const event_ref *e, int li, bk_buf *out)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    bk_date a, b;
    if (bk_date_parse(e->from, &a) || a.month < 1 || a.month > 12)
        return;
    int range = e->to && !bk_date_parse(e->to, &b) && b.month == a.month && b.day != a.day;
    const char *w = tr_get(&ev_words[e->word], li);
    char days[32];
    if (range)
        snprintf(days, sizeof days, "%d%s%d", a.day,
                 li == L_HANS || li == L_HANT ? "—" : "–", b.day);
    else
        snprintf(days, sizeof days, "%d", a.day);
    if (li == L_HANS || li == L_HANT)
        bk_buf_printf(out, "%d月%s日%s", a.month, days, w);
    else if (li == L_VI)
        bk_buf_printf(out, "%s%s%s/%d", w, *w ? " " : "", days, a.month);
    else
        bk_buf_printf(out, "%s%s%s %s", w, *w ? " " : "", days, mon[a.month - 1]);
}

/* ---- the built-in maps ----------------------------------------------------- */

enum { SYM_NONE, SYM_CITY, SYM_CAPITAL, SYM_TOWN, SYM_FORT, SYM_GATE, SYM_PALACE,
       SYM_BRIDGE, SYM_PORT, SYM_COUNT };
enum { LAB_POINT, LAB_AREA, LAB_WATER };
enum { LY_LAND, LY_LAKES, LY_COAST, LY_RIVERS, LY_PATHS, LY_CEDED, LY_COUNT };
enum { CORNER_LL, CORNER_LR, CORNER_UL, CORNER_UR };

static const tr sym_names[SYM_COUNT] = {
    {"", "", "", ""},
    {"city", "thành phố", "城市", "城市"},
    {"capital", "kinh đô", "京城", "京城"},
    {"town", "thị trấn", "城镇", "城鎮"},
    {"fort", "pháo đài", "炮台", "炮臺"},
    {"city gate", "cổng thành", "城门", "城門"},
    {"palace", "cung điện", "宫苑", "宮苑"},
    {"bridge", "cầu", "桥", "橋"},
    {"treaty port, anchorage", "cảng thông thương, nơi neo đậu", "通商口岸、锚地",
     "通商口岸、錨地"},
};

typedef struct place_def {
    const char *id;
    int sym, lab;
    const char *style;
    int prio;
    double lat, lon;   /* where the label goes, when not the place itself
                          (seas); 0 0: the gazetteer's point */
    const char *path;  /* LAB_WATER: the named path it is set along */
    double measure;    /* LAB_AREA: line length, pt */
    event_ref ev[2];
} place_def;

typedef struct layer_def {
    int role;
    const char *file; /* under sources/geo/ */
} layer_def;

typedef struct view_def {
    double box[4];     /* W E S N that the view must show */
    const place_def *places;
    size_t nplaces;
    const layer_def *layers;
    size_t nlayers;
    const tr *title;   /* insets */
    int corner;        /* insets: where in the main frame */
    double wfrac;      /* insets: width as a fraction of the main frame's */
    const double (*walls)[2]; /* a built-up area (lon, lat), closed */
    size_t nwalls;
} view_def;

typedef struct route_pt {
    const char *place; /* or NULL: a waypoint at lon, lat */
    double lon, lat;
    int follow;        /* the leg to here follows the paths layer's course */
} route_pt;

typedef struct map_def {
    const char *name;
    int proj;
    double lon0, lat0, lat1, lat2; /* Mercator: lat1 = latitude of true scale */
    view_def main;
    const view_def *insets;
    size_t ninsets;
    const route_pt *route;
    size_t nroute;
    double grat;
    int north_arrow, north_corner, legend_corner;
    int scale_li;      /* second scale bar in li (Chinese, Vietnamese) */
    const tr *title;
    const tr *credit_note;
    const tr *ceded;   /* legend text of the shaded region */
} map_def;

/* -- the campaign map: Mercator true at 39.5 N (geo README) -- */

static const layer_def campaign_layers[] = {
    {LY_LAND, "campaign_land.gmt"},
    {LY_RIVERS, "campaign_rivers.gmt"},
    {LY_PATHS, "campaign_paths.gmt"},
    {LY_COAST, "campaign_coast.gmt"},
    /* no lakes: the four in the box are 20th-century reservoirs */
};

/* Dates: from sources/events.xml (the curated list, by event id) when it
 * is there; the dates written here (the texts in sources/ and the issue's
 * list) are the fallback. */
static const place_def campaign_places[] = {
    {"beijing", SYM_CAPITAL, LAB_POINT, "map-label-major", 100, 0, 0, NULL, 0, {{0}}},
    {"tianjin", SYM_CITY, LAB_POINT, "map-label-major", 95, 0, 0, NULL, 0,
     {{EV_OCCUPIED, "1860-08-24", NULL, "ev.tianjin-falls"}}},
    {"taku_forts", SYM_FORT, LAB_POINT, "map-label", 90, 0, 0, NULL, 0,
     {{EV_STORMED, "1860-08-21", NULL, "ev.taku-forts"}}},
    {"beitang", SYM_TOWN, LAB_POINT, "map-label", 85, 0, 0, NULL, 0,
     {{EV_LANDING, "1860-08-01", NULL, "ev.beitang-landing"}}},
    {"tanggu", SYM_TOWN, LAB_POINT, "map-label", 60, 0, 0, NULL, 0, {{0}}},
    {"peiho_label", SYM_NONE, LAB_WATER, "map-water", 45, 0, 0, "Peiho", 0, {{0}}},
    {"baihe_label", SYM_NONE, LAB_WATER, "map-water", 44, 0, 0, "Peiho", 0, {{0}}},
    {"bohai_label", SYM_NONE, LAB_AREA, "map-sea", 50, 38.62, 118.02, NULL, 70, {{0}}},
};

static const place_def peking_places[] = {
    {"beijing", SYM_CAPITAL, LAB_POINT, "map-label-major", 100, 0, 0, NULL, 0, {{0}}},
    {"yuanmingyuan", SYM_PALACE, LAB_POINT, "map-label", 91, 0, 0, NULL, 0,
     {{EV_LOOTED, "1860-10-06", "1860-10-07", "ev.yuanmingyuan-looted"},
      {EV_BURNED, "1860-10-18", NULL, "ev.yuanmingyuan-burned"}}},
    {"andingmen", SYM_GATE, LAB_POINT, "map-label", 94, 0, 0, NULL, 0,
     {{EV_ENTERED, "1860-10-13", NULL, "ev.anding-gate"}}},
    {"baliqiao", SYM_BRIDGE, LAB_POINT, "map-label", 90, 0, 0, NULL, 0,
     {{EV_BATTLE, "1860-09-21", NULL, "ev.baliqiao"}}},
    {"zhangjiawan", SYM_TOWN, LAB_POINT, "map-label", 88, 0, 0, NULL, 0,
     {{EV_BATTLE, "1860-09-18", NULL, "ev.zhangjiawan"}}},
    {"tongzhou", SYM_CITY, LAB_POINT, "map-label", 80, 0, 0, NULL, 0, {{0}}},
    {"deshengmen", SYM_GATE, LAB_POINT, "map-label", 93, 0, 0, NULL, 0, {{0}}},
};

/* The walls of the Inner (Tartar) City, approximately (today's 2nd Ring
 * Road follows them; the north-west corner was cut off): within ~300 m. */
static const double peking_walls[][2] = {
    {116.3505, 39.8990}, {116.4350, 39.8990}, {116.4350, 39.9490},
    {116.3620, 39.9490}, {116.3505, 39.9420}, {116.3505, 39.8990},
};

static const tr peking_title = {"Environs of Peking", "Vùng quanh Bắc Kinh", "北京附近",
                                "北京附近"};

static const view_def campaign_insets[] = {
    {{116.17, 116.80, 39.78, 40.08}, peking_places,
     sizeof peking_places / sizeof peking_places[0], campaign_layers,
     sizeof campaign_layers / sizeof campaign_layers[0], &peking_title, CORNER_LL, 0.68,
     peking_walls, sizeof peking_walls / sizeof peking_walls[0]},
};

static const route_pt campaign_route[] = {
    {"beitang", 0, 0, 0},
    {"tanggu", 0, 0, 0},
    {"taku_forts", 0, 0, 0},
    {"tianjin", 0, 0, 1},
    {"zhangjiawan", 0, 0, 1},
    {"baliqiao", 0, 0, 0},
    /* round the north of the city to the Summer Palace, then back to the
     * Anding gate */
    {NULL, 116.47, 39.985, 0},
    {"yuanmingyuan", 0, 0, 0},
    {"andingmen", 0, 0, 0},
};

static const tr campaign_title = {"The Peking campaign, 1860", "Chiến dịch Bắc Kinh, 1860",
                                  "1860年北京之役", "1860年北京之役"};
static const tr campaign_note = {
    "Shore near Taku drawn back to about its 1860 line.",
    "Bờ biển gần Đại Cô được vẽ lùi về khoảng đường bờ năm 1860.",
    "大沽附近海岸线已回退至约1860年的位置。",
    "大沽附近海岸線已回退至約1860年的位置。"};

/* -- the overview: Lambert conformal conic 25/45, centre 122.5 E 34 N -- */

static const layer_def overview_layers[] = {
    {LY_LAND, "overview_land.gmt"},
    {LY_CEDED, "overview_ceded.gmt"},
    {LY_LAKES, "overview_lakes.gmt"},
    {LY_RIVERS, "overview_rivers.gmt"},
    {LY_PATHS, "overview_paths.gmt"},
    {LY_COAST, "overview_coast.gmt"},
};

static const place_def overview_places[] = {
    {"beijing", SYM_CAPITAL, LAB_POINT, "map-label-major", 100, 0, 0, NULL, 0, {{0}}},
    {"guangzhou", SYM_PORT, LAB_POINT, "map-label-major", 95, 0, 0, NULL, 0, {{0}}},
    {"shanghai", SYM_PORT, LAB_POINT, "map-label-major", 95, 0, 0, NULL, 0, {{0}}},
    {"tianjin", SYM_PORT, LAB_POINT, "map-label-major", 92, 0, 0, NULL, 0, {{0}}},
    {"yantai", SYM_PORT, LAB_POINT, "map-label", 85, 0, 0, NULL, 0, {{0}}},
    {"talienwan", SYM_PORT, LAB_POINT, "map-label", 84, 0, 0, NULL, 0, {{0}}},
    {"dinghai", SYM_TOWN, LAB_POINT, "map-label", 83, 0, 0, NULL, 0, {{0}}},
    {"chengde", SYM_PALACE, LAB_POINT, "map-label", 86, 0, 0, NULL, 0, {{0}}},
    {"vladivostok", SYM_TOWN, LAB_POINT, "map-label", 88, 0, 0, NULL, 0, {{0}}},
    {"amur_label", SYM_NONE, LAB_WATER, "map-water", 70, 0, 0, "Amur", 0, {{0}}},
    {"ussuri_label", SYM_NONE, LAB_WATER, "map-water", 72, 0, 0, "Ussuri", 0, {{0}}},
    {"khanka", SYM_NONE, LAB_AREA, "map-water", 40, 0, 0, NULL, 45, {{0}}},
    {"grandcanal_label", SYM_NONE, LAB_WATER, "map-water", 60, 0, 0, "Grand_Canal", 0, {{0}}},
    {"bohai_label", SYM_NONE, LAB_AREA, "map-sea", 55, 38.75, 119.6, NULL, 40, {{0}}},
    {"yellowsea_label", SYM_NONE, LAB_AREA, "map-sea", 50, 0, 0, NULL, 60, {{0}}},
    {"eastchinasea_label", SYM_NONE, LAB_AREA, "map-sea", 50, 0, 0, NULL, 60, {{0}}},
    {"japansea_label", SYM_NONE, LAB_AREA, "map-sea", 50, 0, 0, NULL, 60, {{0}}},
    {"southchinasea_label", SYM_NONE, LAB_AREA, "map-sea", 50, 20.3, 117.0, NULL, 70, {{0}}},
    {"korea_label", SYM_NONE, LAB_AREA, "map-sea", 45, 0, 0, NULL, 60, {{0}}},
    {"japan_label", SYM_NONE, LAB_AREA, "map-sea", 45, 0, 0, NULL, 60, {{0}}},
    {"formosa_label", SYM_NONE, LAB_AREA, "map-sea", 44, 0, 0, NULL, 60, {{0}}},
};

static const layer_def hongkong_layers[] = {
    {LY_LAND, "hongkong_land.gmt"},
    {LY_COAST, "hongkong_coast.gmt"},
};

static const place_def hongkong_places[] = {
    {"kowloon", SYM_NONE, LAB_AREA, "map-label", 100, 0, 0, NULL, 80, {{0}}},
    {"hongkong", SYM_CITY, LAB_POINT, "map-label-major", 90, 0, 0, NULL, 0, {{0}}},
};

static const tr hongkong_title = {"Hong Kong and Kowloon", "Hồng Kông và Cửu Long",
                                  "香港与九龙", "香港與九龍"};

static const view_def overview_insets[] = {
    {{114.06, 114.30, 22.19, 22.37}, hongkong_places,
     sizeof hongkong_places / sizeof hongkong_places[0], hongkong_layers,
     sizeof hongkong_layers / sizeof hongkong_layers[0], &hongkong_title, CORNER_LR, 0.36,
     NULL, 0},
};

static const tr overview_title = {"East Asia in 1860", "Đông Á năm 1860", "1860年的东亚",
                                  "1860年的東亞"};
static const tr overview_ceded = {"ceded to Russia, 1860", "nhượng cho Nga, 1860",
                                  "1860年割让给俄国", "1860年割讓給俄國"};
static const tr overview_note = {"Modern shorelines.", "Đường bờ biển hiện đại.",
                                 "海岸线为现代海岸线。", "海岸線為現代海岸線。"};

static const map_def maps[] = {
    {"campaign", BK_PROJ_MERCATOR, 117.0, 0, 39.5, 0,
     {{116.0, 118.15, 38.5, 40.2}, campaign_places,
      sizeof campaign_places / sizeof campaign_places[0], campaign_layers,
      sizeof campaign_layers / sizeof campaign_layers[0], NULL, 0, 1, NULL, 0},
     campaign_insets, 1, campaign_route, sizeof campaign_route / sizeof campaign_route[0],
     0.5, 1, CORNER_UL, CORNER_UR, 1, &campaign_title, &campaign_note, NULL},
    {"overview", BK_PROJ_LCC, 122.5, 34, 25, 45,
     {{108.5, 136.5, 19.8, 50.0}, overview_places,
      sizeof overview_places / sizeof overview_places[0], overview_layers,
      sizeof overview_layers / sizeof overview_layers[0], NULL, 0, 1, NULL, 0},
     overview_insets, 1, NULL, 0, 5, 0, 0, CORNER_UL, 1, &overview_title, &overview_note,
     &overview_ceded},
};

#define NMAPS (sizeof maps / sizeof maps[0])

const char *const *bk_map_names(void)
{
    static const char *const names[] = {"campaign", "overview", NULL};
    return names;
}

/* ---- places.xml -------------------------------------------------------------- */

typedef struct place {
    char *id, *type;
    double lat, lon;
    char *en1860, *en_modern, *vi, *hans, *hant;
} place;

typedef struct view_data {
    const view_def *def;
    bk_geo_layer *layers[LY_COUNT];
    place **pl;  /* the gazetteer entry of each def->places[i] */
} view_data;

struct bk_map_spec {
    const map_def *def;
    ev_date *ev;
    size_t nev;
    place *places;
    size_t nplaces;
    view_data main;
    view_data insets[2];
    place **route; /* per route point, NULL for a waypoint */
};

static void place_release(place *p)
{
    free(p->id);
    free(p->type);
    free(p->en1860);
    free(p->en_modern);
    free(p->vi);
    free(p->hans);
    free(p->hant);
}

static void view_release(view_data *v)
{
    for (int i = 0; i < LY_COUNT; i++)
        bk_geo_layer_free(v->layers[i]);
    free(v->pl);
}

void bk_map_spec_free(bk_map_spec *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nplaces; i++)
        place_release(&s->places[i]);
    free(s->places);
    view_release(&s->main);
    for (size_t i = 0; i < 2; i++)
        view_release(&s->insets[i]);
    free(s->route);
    for (size_t i = 0; i < s->nev; i++) {
        free(s->ev[i].id);
        free(s->ev[i].from);
        free(s->ev[i].to);
    }
    free(s->ev);
    free(s);
}

/* Collects the dates of every event under n, in document order (events
 * nest in listEvent and in one another). */
static int collect_events(const bk_node *n, bk_map_spec *s, size_t *cap)
{
    for (const bk_node *e = n->first; e; e = e->next) {
        if (!e->name)
            continue;
        const char *id = bk_node_get_attr(e, "xml:id");
        const char *from = bk_node_get_attr(e, "when"), *to = NULL;
        if (!from) {
            from = bk_node_get_attr(e, "from");
            to = bk_node_get_attr(e, "to");
        }
        if (!from) {
            from = bk_node_get_attr(e, "notBefore");
            to = bk_node_get_attr(e, "notAfter");
        }
        if (strcmp(e->name, "event") == 0 && id && from) {
            if (s->nev == *cap) {
                size_t nc = *cap ? 2 * *cap : 64;
                ev_date *ne = realloc(s->ev, nc * sizeof(*ne));
                if (!ne)
                    return -1;
                s->ev = ne;
                *cap = nc;
            }
            ev_date *d = &s->ev[s->nev++];
            d->id = bk_strdup(id);
            d->from = bk_strdup(from);
            d->to = to ? bk_strdup(to) : NULL;
            if (!d->id || !d->from || (to && !d->to))
                return -1;
        }
        if (collect_events(e, s, cap))
            return -1;
    }
    return 0;
}

/* Reads the dates of the events of sources/events.xml (absent: none). */
static bk_status load_events(bk_ctx *ctx, const char *path, bk_map_spec *s)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return BK_OK; /* not written yet: the spec's own dates stand */
    fclose(f);
    bk_node *root = NULL;
    bk_status st = bk_xml_read(ctx, path, &root);
    if (st)
        return st;
    size_t cap = 0;
    if (collect_events(root, s, &cap))
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
    bk_node_free(root);
    return st;
}

static const ev_date *find_event(const bk_map_spec *s, const char *id)
{
    for (size_t i = 0; id && i < s->nev; i++)
        if (strcmp(s->ev[i].id, id) == 0)
            return &s->ev[i];
    return NULL;
}

/* The first placeName in `lang` (of `type` when given) that is not a
 * variant: the map label. */
static char *name_of(const bk_node *pl, const char *lang, const char *type)
{
    for (bk_node *n = bk_node_child(pl, "placeName"); n; n = bk_node_next_element(n, "placeName")) {
        const char *l = bk_node_get_attr(n, "xml:lang"), *t = bk_node_get_attr(n, "type"),
                   *st = bk_node_get_attr(n, "subtype");
        if (!l || strcmp(l, lang) != 0 || (st && strcmp(st, "variant") == 0))
            continue;
        if (type && (!t || strcmp(t, type) != 0))
            continue;
        return bk_node_text_content(n);
    }
    return NULL;
}

static bk_status load_places(bk_ctx *ctx, const char *path, bk_map_spec *s)
{
    bk_node *root = NULL;
    bk_status st = bk_xml_read(ctx, path, &root);
    if (st)
        return st;
    bk_node *list = bk_node_find(root, "listPlace");
    size_t n = 0;
    for (bk_node *p = list ? bk_node_child(list, "place") : NULL; p;
         p = bk_node_next_element(p, "place"))
        n++;
    s->places = calloc(n ? n : 1, sizeof(*s->places));
    if (!s->places) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    for (bk_node *p = list ? bk_node_child(list, "place") : NULL; p;
         p = bk_node_next_element(p, "place")) {
        place *q = &s->places[s->nplaces++];
        const char *id = bk_node_get_attr(p, "xml:id"), *type = bk_node_get_attr(p, "type");
        bk_node *geo = bk_node_find(p, "geo");
        char *g = geo ? bk_node_text_content(geo) : NULL;
        int ok = g && sscanf(g, "%lf %lf", &q->lat, &q->lon) == 2 && fabs(q->lat) <= 90 &&
                 fabs(q->lon) <= 180;
        free(g);
        if (!id || !ok) {
            st = bk_diag_error(ctx->diag, BK_EINPUT, path, p->line, 0,
                               "place needs an xml:id and location/geo \"lat lon\"");
            goto done;
        }
        q->id = bk_strdup(id);
        q->type = bk_strdup(type ? type : "");
        q->en1860 = name_of(p, "en", "1860");
        q->en_modern = name_of(p, "en", "modern");
        q->vi = name_of(p, "vi", NULL);
        q->hans = name_of(p, "zh-Hans", NULL);
        q->hant = name_of(p, "zh-Hant", NULL);
        if (!q->id || !q->type) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
            goto done;
        }
        if (!q->en1860 || !q->vi || !q->hans || !q->hant) {
            st = bk_diag_error(ctx->diag, BK_EINPUT, path, p->line, 0,
                               "place %s needs names in en (type=\"1860\"), vi, zh-Hans "
                               "and zh-Hant", id);
            goto done;
        }
    }
done:
    bk_node_free(root);
    return st;
}

static place *find_place(bk_map_spec *s, const char *id)
{
    for (size_t i = 0; i < s->nplaces; i++)
        if (strcmp(s->places[i].id, id) == 0)
            return &s->places[i];
    return NULL;
}

static bk_status load_view(bk_ctx *ctx, const char *root, const char *places_path,
                           bk_map_spec *s, const view_def *d, view_data *v)
{
    char path[4096];
    v->def = d;
    for (size_t i = 0; i < d->nlayers; i++) {
        snprintf(path, sizeof path, "%s/sources/geo/%s", root, d->layers[i].file);
        int role = d->layers[i].role;
        int poly = role == LY_LAND || role == LY_LAKES || role == LY_CEDED;
        bk_status st = bk_geo_read(ctx, path, poly ? BK_GEO_POLYGONS : 0, &v->layers[role]);
        if (st)
            return st;
    }
    v->pl = calloc(d->nplaces ? d->nplaces : 1, sizeof(*v->pl));
    if (!v->pl)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < d->nplaces; i++)
        if (!(v->pl[i] = find_place(s, d->places[i].id)))
            return bk_diag_error(ctx->diag, BK_EINPUT, places_path, 0, 0,
                                 "map needs place \"%s\", which is not in this file",
                                 d->places[i].id);
    return BK_OK;
}

bk_status bk_map_spec_load(bk_ctx *ctx, const char *name, const char *root,
                           bk_map_spec **out)
{
    bk_status st = BK_OK;
    char path[4096];
    *out = NULL;
    const map_def *def = NULL;
    for (size_t i = 0; i < NMAPS; i++)
        if (strcmp(maps[i].name, name) == 0)
            def = &maps[i];
    if (!def)
        return bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                             "no map named \"%s\" (maps: campaign, overview)", name);
    bk_map_spec *s = calloc(1, sizeof(*s));
    if (!s)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    s->def = def;
    snprintf(path, sizeof path, "%s/sources/events.xml", root);
    if ((st = load_events(ctx, path, s)))
        goto done;
    snprintf(path, sizeof path, "%s/sources/places.xml", root);
    if ((st = load_places(ctx, path, s)) ||
        (st = load_view(ctx, root, path, s, &def->main, &s->main)))
        goto done;
    for (size_t i = 0; i < def->ninsets && i < 2; i++)
        if ((st = load_view(ctx, root, path, s, &def->insets[i], &s->insets[i])))
            goto done;
    s->route = calloc(def->nroute ? def->nroute : 1, sizeof(*s->route));
    if (!s->route) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < def->nroute; i++)
        if (def->route[i].place && !(s->route[i] = find_place(s, def->route[i].place))) {
            st = bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                               "route needs place \"%s\", which is not in this file",
                               def->route[i].place);
            goto done;
        }
    *out = s;
    s = NULL;
done:
    bk_map_spec_free(s);
    return st;
}

/* ---- geometry ------------------------------------------------------------------ */

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

static int pb_push(ptbuf *b, double x, double y)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        pt *np = realloc(b->p, cap * sizeof(*np));
        if (!np)
            return -1;
        b->p = np;
        b->cap = cap;
    }
    b->p[b->n].x = x;
    b->p[b->n].y = y;
    b->n++;
    return 0;
}

static int rect_overlap(rect a, rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static int rect_inside(rect a, rect outer)
{
    return a.x0 >= outer.x0 && a.x1 <= outer.x1 && a.y0 >= outer.y0 && a.y1 <= outer.y1;
}

static rect rect_grow(rect a, double d)
{
    rect r = {a.x0 - d, a.y0 - d, a.x1 + d, a.y1 + d};
    return r;
}

/* Sutherland–Hodgman: clips a closed ring (no repeated last point needed)
 * to an axis-aligned rectangle, a convex window, keeping orientation. */
static int clip_ring(const pt *in, size_t n, rect r, ptbuf *out, ptbuf *tmp)
{
    tmp->n = 0;
    for (size_t i = 0; i < n; i++)
        if (pb_push(tmp, in[i].x, in[i].y))
            return -1;
    for (int edge = 0; edge < 4; edge++) {
        out->n = 0;
        for (size_t i = 0; i < tmp->n; i++) {
            pt a = tmp->p[(i + tmp->n - 1) % tmp->n], b = tmp->p[i];
            double da, db;
            switch (edge) {
            case 0: da = a.x - r.x0; db = b.x - r.x0; break;
            case 1: da = r.x1 - a.x; db = r.x1 - b.x; break;
            case 2: da = a.y - r.y0; db = b.y - r.y0; break;
            default: da = r.y1 - a.y; db = r.y1 - b.y; break;
            }
            if (db >= 0) {
                if (da < 0) {
                    double t = da / (da - db);
                    if (pb_push(out, a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                        return -1;
                }
                if (pb_push(out, b.x, b.y))
                    return -1;
            } else if (da >= 0) {
                double t = da / (da - db);
                if (pb_push(out, a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)))
                    return -1;
            }
        }
        ptbuf sw = *tmp;
        *tmp = *out;
        *out = sw;
    }
    ptbuf sw = *tmp;
    *tmp = *out;
    *out = sw;
    return 0;
}

/* Liang–Barsky for one segment; returns 0 if nothing is inside. */
static int clip_seg(pt *a, pt *b, rect r)
{
    double t0 = 0, t1 = 1, dx = b->x - a->x, dy = b->y - a->y;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {a->x - r.x0, r.x1 - a->x, a->y - r.y0, r.y1 - a->y};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
        } else {
            double t = q[i] / p[i];
            if (p[i] < 0) {
                if (t > t1)
                    return 0;
                if (t > t0)
                    t0 = t;
            } else {
                if (t < t0)
                    return 0;
                if (t < t1)
                    t1 = t;
            }
        }
    }
    pt na = {a->x + t0 * dx, a->y + t0 * dy}, nb = {a->x + t1 * dx, a->y + t1 * dy};
    *a = na;
    *b = nb;
    return 1;
}

static int seg_hits_rect(pt a, pt b, rect r) { return clip_seg(&a, &b, r); }

/* Douglas–Peucker on page points (tolerance in pt). */
static void dp_mark(const pt *p, size_t i, size_t j, double tol, char *keep)
{
    if (j <= i + 1)
        return;
    double dx = p[j].x - p[i].x, dy = p[j].y - p[i].y, L = hypot(dx, dy);
    double best = -1;
    size_t bi = i;
    for (size_t k = i + 1; k < j; k++) {
        double d = L > 0 ? fabs((p[k].x - p[i].x) * dy - (p[k].y - p[i].y) * dx) / L
                         : hypot(p[k].x - p[i].x, p[k].y - p[i].y);
        if (d > best) {
            best = d;
            bi = k;
        }
    }
    if (best > tol) {
        keep[bi] = 1;
        dp_mark(p, i, bi, tol, keep);
        dp_mark(p, bi, j, tol, keep);
    }
}

static int simplify(ptbuf *b, double tol)
{
    if (b->n < 3)
        return 0;
    char *keep = calloc(b->n, 1);
    if (!keep)
        return -1;
    keep[0] = keep[b->n - 1] = 1;
    dp_mark(b->p, 0, b->n - 1, tol, keep);
    size_t m = 0;
    for (size_t i = 0; i < b->n; i++)
        if (keep[i])
            b->p[m++] = b->p[i];
    b->n = m;
    free(keep);
    return 0;
}

/* ---- views: projection to the page --------------------------------------------- */

typedef struct view {
    const bk_proj *proj;
    double s;        /* pt per projected metre */
    double pcx, pcy; /* projected point at the frame centre */
    rect r;          /* the frame on the page */
} view;

static void to_page(const view *v, double lon, double lat, pt *out)
{
    double px = 0, py = 0;
    bk_proj_forward(v->proj, lon, lat, &px, &py);
    out->x = (v->r.x0 + v->r.x1) / 2 + v->s * (px - v->pcx);
    out->y = (v->r.y0 + v->r.y1) / 2 + v->s * (py - v->pcy);
}

static void to_geo(const view *v, double x, double y, double *lon, double *lat)
{
    double px = v->pcx + (x - (v->r.x0 + v->r.x1) / 2) / v->s;
    double py = v->pcy + (y - (v->r.y0 + v->r.y1) / 2) / v->s;
    bk_proj_inverse(v->proj, px, py, lon, lat);
}

/* Projected bounding box of a lon/lat box, its edges sampled (a conic
 * box's edges are curves). */
static void proj_bbox(const bk_proj *p, const double box[4], double bb[4])
{
    bb[0] = bb[2] = INFINITY;
    bb[1] = bb[3] = -INFINITY;
    for (int k = 0; k <= 64; k++) {
        double t = k / 64.0;
        double pts[4][2] = {{box[0] + t * (box[1] - box[0]), box[2]},
                            {box[0] + t * (box[1] - box[0]), box[3]},
                            {box[0], box[2] + t * (box[3] - box[2])},
                            {box[1], box[2] + t * (box[3] - box[2])}};
        for (int e = 0; e < 4; e++) {
            double x, y;
            if (bk_proj_forward(p, pts[e][0], pts[e][1], &x, &y))
                continue;
            bb[0] = fmin(bb[0], x);
            bb[1] = fmax(bb[1], x);
            bb[2] = fmin(bb[2], y);
            bb[3] = fmax(bb[3], y);
        }
    }
}

/* 1 if every point of the frame's edges lies inside the data box. */
static int frame_in_data(const view *v, const double data[4])
{
    for (int k = 0; k <= 32; k++) {
        double t = k / 32.0;
        double xs[4] = {v->r.x0 + t * (v->r.x1 - v->r.x0), v->r.x0 + t * (v->r.x1 - v->r.x0),
                        v->r.x0, v->r.x1};
        double ys[4] = {v->r.y0, v->r.y1, v->r.y0 + t * (v->r.y1 - v->r.y0),
                        v->r.y0 + t * (v->r.y1 - v->r.y0)};
        for (int e = 0; e < 4; e++) {
            double lon, lat;
            to_geo(v, xs[e], ys[e], &lon, &lat);
            if (lon < data[0] - 1e-9 || lon > data[1] + 1e-9 || lat < data[2] - 1e-9 ||
                lat > data[3] + 1e-9)
                return 0;
        }
    }
    return 1;
}

/* 1 if the projected box bb shows whole in the view's frame. */
static int box_visible(const view *v, const double bb[4])
{
    double hw = (v->r.x1 - v->r.x0) / 2 / v->s, hh = (v->r.y1 - v->r.y0) / 2 / v->s;
    return bb[0] >= v->pcx - hw - 1e-6 && bb[1] <= v->pcx + hw + 1e-6 &&
           bb[2] >= v->pcy - hh - 1e-6 && bb[3] <= v->pcy + hh + 1e-6;
}

/* Fits box into `avail`: the whole box shows and the frame fills avail.
 * Where that would show beyond the data, the view first moves towards the
 * data's centre (as far as the box still shows), and only then does the
 * frame narrow (or lower: centred horizontally, kept at the top). */
static void fit_view(view *v, const bk_proj *p, const double box[4], rect avail,
                     const double data[4])
{
    double bb[4];
    proj_bbox(p, box, bb);
    double bw = bb[1] - bb[0], bh = bb[3] - bb[2];
    double aw = avail.x1 - avail.x0, ah = avail.y1 - avail.y0;
    v->proj = p;
    v->s = fmin(aw / bw, ah / bh);
    v->pcx = (bb[0] + bb[1]) / 2;
    v->pcy = (bb[2] + bb[3]) / 2;
    v->r = avail;
    if (frame_in_data(v, data))
        return;
    double dc[2];
    bk_proj_forward(p, (data[0] + data[1]) / 2, (data[2] + data[3]) / 2, &dc[0], &dc[1]);
    /* move along the axis with room to spare (the other is filled by the
     * box): the smallest move towards the data's centre that stays in the
     * data while the box still shows */
    view t = *v;
    int axis = aw / bw > ah / bh ? 0 : 1;
    double c0 = axis ? v->pcy : v->pcx, lo = 0, hi = 0;
    int any = 0;
    /* fine steps: the window where the frame fits the data can be narrow */
    for (int k = 1; k <= 400 && !any; k++) {
        double f = k / 400.0, c = c0 + f * (dc[axis] - c0);
        if (axis)
            t.pcy = c;
        else
            t.pcx = c;
        if (!box_visible(&t, bb))
            break;
        if (frame_in_data(&t, data)) {
            any = 1;
            hi = f;
            lo = (k - 1) / 400.0;
        }
    }
    if (any) {
        for (int it = 0; it < 30; it++) {
            double f = (lo + hi) / 2, c = c0 + f * (dc[axis] - c0);
            if (axis)
                t.pcy = c;
            else
                t.pcx = c;
            if (frame_in_data(&t, data))
                hi = f;
            else
                lo = f;
        }
        if (axis)
            v->pcy = c0 + hi * (dc[axis] - c0);
        else
            v->pcx = c0 + hi * (dc[axis] - c0);
        return;
    }
    /* shrink the dimension that grew beyond the box, keeping the box */
    int wide = aw / bw > ah / bh;
    lo = wide ? bw * v->s : bh * v->s;
    hi = wide ? aw : ah;
    for (int it = 0; it < 40; it++) {
        double mid = (lo + hi) / 2;
        t = *v;
        if (wide) {
            double cx = (avail.x0 + avail.x1) / 2;
            t.r.x0 = cx - mid / 2;
            t.r.x1 = cx + mid / 2;
        } else
            t.r.y0 = avail.y1 - mid;
        if (frame_in_data(&t, data))
            lo = mid;
        else
            hi = mid;
    }
    if (wide) {
        double cx = (avail.x0 + avail.x1) / 2;
        v->r.x0 = cx - lo / 2;
        v->r.x1 = cx + lo / 2;
    } else
        v->r.y0 = avail.y1 - lo;
}

/* ---- drawing context ------------------------------------------------------------- */

typedef struct soft_seg {
    pt a, b;
    int w; /* cost of a label over it */
} soft_seg;

typedef struct obst {
    rect r;
    int view; /* -1: every view */
    int off;  /* a label taken back while labels are rearranged */
} obst;

typedef struct mapctx {
    bk_ctx *ctx;
    bk_setter *setter;
    const bk_map_spec *spec;
    bk_page *page;
    int li;
    const char *tag;
    bk_map_stats *stats;
    obst *hard;
    size_t nhard, caphard;
    soft_seg *soft;
    size_t nsoft, capsoft;
    ptbuf a, b, c; /* scratch */
    rect *pending;  /* places of the view still to be labelled: room kept
                       beside them costs a label that would take it */
    size_t npending;
} mapctx;

static bk_status oom(mapctx *m)
{
    return bk_diag_error(m->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

static int add_hard(mapctx *m, rect r, int view)
{
    if (m->nhard == m->caphard) {
        size_t cap = m->caphard ? 2 * m->caphard : 64;
        obst *h = realloc(m->hard, cap * sizeof(*h));
        if (!h)
            return -1;
        m->hard = h;
        m->caphard = cap;
    }
    m->hard[m->nhard].r = r;
    m->hard[m->nhard].view = view;
    m->hard[m->nhard].off = 0;
    m->nhard++;
    return 0;
}

static int add_soft(mapctx *m, pt a, pt b, int w)
{
    if (m->nsoft == m->capsoft) {
        size_t cap = m->capsoft ? 2 * m->capsoft : 1024;
        soft_seg *s = realloc(m->soft, cap * sizeof(*s));
        if (!s)
            return -1;
        m->soft = s;
        m->capsoft = cap;
    }
    m->soft[m->nsoft].a = a;
    m->soft[m->nsoft].b = b;
    m->soft[m->nsoft].w = w;
    m->nsoft++;
    return 0;
}

/* Appends a polyline or ring to a path being built (ops grown as needed). */
typedef struct pathb {
    bk_path_op *ops;
    size_t n, cap;
} pathb;

static int pathb_op(pathb *p, int op, double x, double y)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 256;
        bk_path_op *o = realloc(p->ops, cap * sizeof(*o));
        if (!o)
            return -1;
        p->ops = o;
        p->cap = cap;
    }
    memset(&p->ops[p->n], 0, sizeof(p->ops[p->n]));
    p->ops[p->n].op = op;
    p->ops[p->n].pt[0] = x;
    p->ops[p->n].pt[1] = y;
    p->n++;
    return 0;
}

static int pathb_poly(pathb *p, const pt *q, size_t n, int close)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (pathb_op(p, i ? BK_PATH_LINE : BK_PATH_MOVE, q[i].x, q[i].y))
            return -1;
    return close ? pathb_op(p, BK_PATH_CLOSE, 0, 0) : 0;
}

/* Moves the built ops into a new path item; an empty builder adds none. */
static bk_status pathb_emit(mapctx *m, pathb *p, int fill, bk_color fc, int stroke,
                            bk_color sc, double lw)
{
    if (!p->n)
        return BK_OK;
    bk_path *path = bk_page_add_path(m->page, p->n);
    if (!path)
        return oom(m);
    memcpy(path->ops, p->ops, p->n * sizeof(*p->ops));
    path->fill = fill;
    path->stroke = stroke;
    path->fill_color = fc;
    path->stroke_color = sc;
    path->line_width = lw;
    path->evenodd = 0; /* nonzero: outer rings counter-clockwise, holes
                          clockwise (checked when the data are read) */
    m->stats->paths++;
    p->n = 0;
    return BK_OK;
}

static void pathb_free(pathb *p)
{
    free(p->ops);
    p->ops = NULL;
    p->n = p->cap = 0;
}

/* Clips a page-space polyline to r and appends the visible pieces; soft
 * segments for label placement when w > 0. */
static int add_clipped_line(mapctx *m, pathb *pb, const pt *q, size_t n, rect r, int w)
{
    int open = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        pt a = q[i], b = q[i + 1];
        if (!clip_seg(&a, &b, r)) {
            open = 0;
            continue;
        }
        int joined = open && a.x == q[i].x && a.y == q[i].y;
        if (!joined && pathb_op(pb, BK_PATH_MOVE, a.x, a.y))
            return -1;
        if (pathb_op(pb, BK_PATH_LINE, b.x, b.y))
            return -1;
        if (w && add_soft(m, a, b, w))
            return -1;
        open = b.x == q[i + 1].x && b.y == q[i + 1].y;
    }
    return 0;
}

/* Projects a segment of a layer into m->a (page points). */
static int project_seg(mapctx *m, const view *v, const bk_geo_seg *s)
{
    m->a.n = 0;
    for (size_t i = 0; i < s->n; i++) {
        pt q;
        to_page(v, s->pt[i].lon, s->pt[i].lat, &q);
        if (pb_push(&m->a, q.x, q.y))
            return -1;
    }
    return 0;
}

/* Ring with orientation forced: outer rings counter-clockwise, holes
 * clockwise, so nonzero filling honours the holes whatever the file did. */
static int add_ring(mapctx *m, pathb *pb, const view *v, const bk_geo_seg *s, int hole)
{
    if (project_seg(m, v, s))
        return -1;
    size_t n = m->a.n;
    if (n > 1 && m->a.p[0].x == m->a.p[n - 1].x && m->a.p[0].y == m->a.p[n - 1].y)
        n--;
    double a2 = 0;
    for (size_t i = 0; i < n; i++) {
        pt p = m->a.p[i], q = m->a.p[(i + 1) % n];
        a2 += p.x * q.y - q.x * p.y;
    }
    if ((a2 < 0) != hole)
        for (size_t i = 0; i < n / 2; i++) {
            pt t = m->a.p[i];
            m->a.p[i] = m->a.p[n - 1 - i];
            m->a.p[n - 1 - i] = t;
        }
    if (clip_ring(m->a.p, n, v->r, &m->b, &m->c))
        return -1;
    return m->b.n >= 3 ? pathb_poly(pb, m->b.p, m->b.n, 1) : 0;
}

/* Fills a polygon layer (rings and their holes) in one path. skip_modern:
 * leave out reservoirs tagged modern=YEAR. */
static bk_status fill_layer(mapctx *m, const view *v, const bk_geo_layer *l, bk_color fc,
                            int stroke, bk_color sc, double lw, int skip_modern)
{
    pathb pb = {0};
    bk_status st = BK_OK;
    int skipping = 0;
    for (size_t i = 0; i < bk_geo_layer_count(l); i++) {
        const bk_geo_seg *s = bk_geo_layer_seg(l, i);
        if (!s->hole)
            skipping = skip_modern && bk_geo_seg_attr(s, "modern");
        if (skipping)
            continue;
        if (add_ring(m, &pb, v, s, s->hole)) {
            st = oom(m);
            goto done;
        }
    }
    st = pathb_emit(m, &pb, 1, fc, stroke, sc, lw);
done:
    pathb_free(&pb);
    return st;
}

static bk_status stroke_layer(mapctx *m, const view *v, const bk_geo_layer *l,
                              int level, bk_color c, double lw, int soft)
{
    pathb pb = {0};
    bk_status st = BK_OK;
    for (size_t i = 0; i < bk_geo_layer_count(l); i++) {
        const bk_geo_seg *s = bk_geo_layer_seg(l, i);
        const char *lv = bk_geo_seg_attr(s, "level");
        if (level && (!lv || atoi(lv) != level))
            continue;
        if (project_seg(m, v, s) || add_clipped_line(m, &pb, m->a.p, m->a.n, v->r, soft)) {
            st = oom(m);
            goto done;
        }
    }
    st = pathb_emit(m, &pb, 0, c, 1, c, lw);
done:
    pathb_free(&pb);
    return st;
}

/* ---- symbols ------------------------------------------------------------------------ */

/* Half the extent of each symbol, pt: what labels keep clear of. */
static double sym_radius(int sym)
{
    static const double r[SYM_COUNT] = {1.5, 2.4, 3.4, 2.0, 2.4, 2.6, 2.7, 2.4, 3.0};
    return r[sym];
}

static void circle(pathb *p, double x, double y, double r, int *err)
{
    const double k = 0.5523 * r;
    *err |= pathb_op(p, BK_PATH_MOVE, x + r, y);
    double c[4][6] = {{x + r, y + k, x + k, y + r, x, y + r},
                      {x - k, y + r, x - r, y + k, x - r, y},
                      {x - r, y - k, x - k, y - r, x, y - r},
                      {x + k, y - r, x + r, y - k, x + r, y}};
    for (int i = 0; i < 4; i++) {
        *err |= pathb_op(p, BK_PATH_CURVE, 0, 0);
        if (!*err)
            memcpy(p->ops[p->n - 1].pt, c[i], sizeof c[i]);
    }
    *err |= pathb_op(p, BK_PATH_CLOSE, 0, 0);
}

static void poly(pathb *p, double x, double y, const double (*q)[2], size_t n, int *err)
{
    for (size_t i = 0; i < n; i++)
        *err |= pathb_op(p, i ? BK_PATH_LINE : BK_PATH_MOVE, x + q[i][0], y + q[i][1]);
    *err |= pathb_op(p, BK_PATH_CLOSE, 0, 0);
}

/* Draws symbol `sym` centred on (x, y). */
static bk_status draw_symbol(mapctx *m, int sym, double x, double y)
{
    pathb a = {0}, b = {0};
    int err = 0;
    bk_status st = BK_OK;
    switch (sym) {
    case SYM_CITY:
        circle(&a, x, y, 2.1, &err);
        if (!err)
            st = pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.5);
        break;
    case SYM_CAPITAL:
        circle(&a, x, y, 3.1, &err);
        circle(&b, x, y, 1.2, &err);
        if (!err && !(st = pathb_emit(m, &a, 1, C_WHITE, 1, C_BLACK, 0.9)))
            st = pathb_emit(m, &b, 1, C_BLACK, 0, C_BLACK, 0);
        break;
    case SYM_TOWN:
        circle(&a, x, y, 1.75, &err);
        if (!err)
            st = pathb_emit(m, &a, 1, C_WHITE, 1, C_BLACK, 0.7);
        break;
    case SYM_FORT: {
        /* a bastioned square */
        static const double q[][2] = {{-2.4, -2.4}, {-0.8, -1.6}, {0.8, -1.6}, {2.4, -2.4},
                                      {1.6, -0.8}, {1.6, 0.8},   {2.4, 2.4},  {0.8, 1.6},
                                      {-0.8, 1.6}, {-2.4, 2.4},  {-1.6, 0.8}, {-1.6, -0.8}};
        poly(&a, x, y, q, sizeof q / sizeof q[0], &err);
        if (!err)
            st = pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.3);
        break;
    }
    case SYM_GATE: {
        /* a gate tower: a block with an arched opening */
        static const double q[][2] = {{-2.6, -2.2}, {-0.9, -2.2}, {-0.9, -0.4}, {0.9, -0.4},
                                      {0.9, -2.2},  {2.6, -2.2},  {2.6, 1.2},   {2.0, 1.2},
                                      {2.0, 2.2},   {-2.0, 2.2},  {-2.0, 1.2},  {-2.6, 1.2}};
        poly(&a, x, y, q, sizeof q / sizeof q[0], &err);
        if (!err)
            st = pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.3);
        break;
    }
    case SYM_PALACE: {
        /* a hall under a curved-eave roof */
        static const double q[][2] = {{-1.9, -2.3}, {1.9, -2.3}, {1.9, 0.3},  {2.7, 0.6},
                                      {1.6, 1.3},   {0, 2.6},    {-1.6, 1.3}, {-2.7, 0.6},
                                      {-1.9, 0.3}};
        poly(&a, x, y, q, sizeof q / sizeof q[0], &err);
        if (!err)
            st = pathb_emit(m, &a, 1, C_BLACK, 1, C_WHITE, 0.3);
        break;
    }
    case SYM_BRIDGE: {
        /* ")(" : the two parapets */
        static const double l[][2] = {{-2.3, 2.4}, {-1.1, 0.9}, {-1.1, -0.9}, {-2.3, -2.4}};
        for (int side = -1; side <= 1; side += 2)
            for (int i = 0; i < 4; i++)
                err |= pathb_op(&a, i ? BK_PATH_LINE : BK_PATH_MOVE, x - side * l[i][0],
                                y + l[i][1]);
        if (!err)
            st = pathb_emit(m, &a, 0, C_BLACK, 1, C_BLACK, 0.9);
        break;
    }
    case SYM_PORT: {
        /* an anchor: ring, stock, shank, arms */
        circle(&b, x, y, 3.0, &err);
        circle(&a, x, y + 2.0, 0.55, &err);
        err |= pathb_op(&a, BK_PATH_MOVE, x, y + 1.45);
        err |= pathb_op(&a, BK_PATH_LINE, x, y - 2.2);
        err |= pathb_op(&a, BK_PATH_MOVE, x - 1.2, y + 0.9);
        err |= pathb_op(&a, BK_PATH_LINE, x + 1.2, y + 0.9);
        static const double arm[][2] = {{-2.0, -0.4}, {-1.6, -1.4}, {-0.8, -2.0},
                                        {0, -2.2},    {0.8, -2.0},  {1.6, -1.4},
                                        {2.0, -0.4}};
        for (size_t i = 0; i < sizeof arm / sizeof arm[0]; i++)
            err |= pathb_op(&a, i ? BK_PATH_LINE : BK_PATH_MOVE, x + arm[i][0], y + arm[i][1]);
        if (!err && !(st = pathb_emit(m, &b, 1, C_WHITE, 1, C_BLACK, 0.35)))
            st = pathb_emit(m, &a, 0, C_BLACK, 1, C_BLACK, 0.55);
        break;
    }
    default:
        break;
    }
    pathb_free(&a);
    pathb_free(&b);
    return err ? oom(m) : st;
}

/* ---- text: labels set with the body's text engine ------------------------------ */

#define MAXP 4
#define MAXL 8

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

static void label_free(label *L)
{
    for (size_t i = 0; i < L->np; i++) {
        bk_para_release(&L->p[i]);
        free(L->t[i]);
    }
    memset(L, 0, sizeof(*L));
}

/* Ascent and descent of the glyphs a line can hold, as fractions of the
 * size: CJK ideographs fill the em box; Vietnamese capitals carry stacked
 * marks above. */
static void extent_of(int li, double size, double *asc, double *desc)
{
    if (li == L_HANS || li == L_HANT) {
        *asc = 0.88 * size;
        *desc = 0.14 * size;
    } else if (li == L_VI) {
        *asc = 0.95 * size;
        *desc = 0.24 * size;
    } else {
        *asc = 0.76 * size;
        *desc = 0.24 * size;
    }
}

/* Sets `text` in `style` (lines broken at measure) and appends its lines. */
static bk_status label_add(mapctx *m, label *L, const char *style, const char *text,
                           bk_color col, double measure)
{
    if (!text || !*text)
        return BK_OK;
    if (L->np == MAXP)
        return bk_diag_error(m->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "map label too long");
    size_t i = L->np;
    L->t[i] = bk_strdup(text);
    if (!L->t[i])
        return oom(m);
    L->b[i].style = style;
    L->b[i].lang = (char *)m->tag;
    L->b[i].text = L->t[i];
    L->b[i].len = strlen(text);
    bk_status st = bk_para_set(m->setter, &L->b[i], style, measure, &L->p[i]);
    L->np++; /* released by label_free even when setting failed */
    if (st)
        return st;
    double asc, desc;
    extent_of(lang_index(m->tag), L->p[i].style.size, &asc, &desc);
    for (size_t k = 0; k < L->p[i].nlines && L->nl < MAXL; k++) {
        lline *ln = &L->l[L->nl++];
        ln->pi = (int)i;
        ln->li = k;
        ln->w = L->p[i].lines[k].width;
        ln->asc = asc;
        ln->desc = desc;
        ln->lead = L->p[i].style.leading;
        ln->col = col;
        if (L->p[i].style.gray > 0 && col.n == 1 && col.c[0] == 0)
            ln->col = gray(L->p[i].style.gray);
    }
    L->w = 0;
    L->h = 0;
    for (size_t k = 0; k < L->nl; k++) {
        L->w = fmax(L->w, L->l[k].w);
        L->h += k ? L->l[k].lead : L->l[k].asc;
    }
    if (L->nl)
        L->h += L->l[L->nl - 1].desc;
    return BK_OK;
}

/* The glyph runs of one set line with its pen at (x, y), drawn by the text
 * engine (paragraph.h). pos (optional) gives each glyph's own pen position
 * (a name set along a river). */
static bk_status emit_line(mapctx *m, const bk_para *p, const bk_set_line *ln, double x,
                           double y, bk_color col, const pt *pos)
{
    bk_pen *pen = NULL;
    if (pos) {
        pen = malloc((ln->n ? ln->n : 1) * sizeof(*pen));
        if (!pen)
            return oom(m);
        for (size_t i = 0; i < ln->n; i++)
            pen[i] = (bk_pen){pos[i].x, pos[i].y};
    }
    bk_status st = bk_para_draw_line_ex(m->ctx, p, ln, m->page, x - ln->x, y, &col, pen,
                                        &m->stats->glyph_runs);
    free(pen);
    return st;
}

enum { AL_LEFT, AL_RIGHT, AL_CENTER };

/* Draws a label with its box's left edge at x0 and top at top. */
static bk_status label_draw(mapctx *m, const label *L, double x0, double top, int align)
{
    double y = top;
    for (size_t k = 0; k < L->nl; k++) {
        const lline *ln = &L->l[k];
        y -= k ? ln->lead : ln->asc;
        double x = align == AL_LEFT ? x0 : align == AL_RIGHT ? x0 + L->w - ln->w
                                                              : x0 + (L->w - ln->w) / 2;
        bk_set_line sl = L->p[ln->pi].lines[ln->li];
        sl.x = 0;
        bk_status st = emit_line(m, &L->p[ln->pi], &sl, x, y, ln->col, NULL);
        if (st)
            return st;
    }
    return BK_OK;
}

/* ---- placement --------------------------------------------------------------------- */

/* A candidate box is free when it stays in the frame and off every hard
 * obstacle; its cost is the weight of the lines it would cover. */
static int box_free(const mapctx *m, rect b, rect frame, int view)
{
    if (!rect_inside(b, frame))
        return 0;
    for (size_t i = 0; i < m->nhard; i++)
        if (!m->hard[i].off && (m->hard[i].view < 0 || m->hard[i].view == view) &&
            rect_overlap(b, m->hard[i].r))
            return 0;
    return 1;
}

static int box_cost(const mapctx *m, rect b)
{
    int c = 0;
    for (size_t i = 0; i < m->npending; i++)
        if (rect_overlap(b, m->pending[i]))
            c += 3;
    for (size_t i = 0; i < m->nsoft; i++) {
        pt a = m->soft[i].a, e = m->soft[i].b;
        /* most segments lie wholly to one side of the box: skip the clip */
        if ((a.x < b.x0 && e.x < b.x0) || (a.x > b.x1 && e.x > b.x1) ||
            (a.y < b.y0 && e.y < b.y0) || (a.y > b.y1 && e.y > b.y1))
            continue;
        if (seg_hits_rect(a, e, b))
            c += m->soft[i].w;
    }
    return c;
}

/* Label padding: room kept between a label and anything else. */
#define PAD 0.8

/* Where a label goes: its box (padded, the obstacle it becomes) and how it
 * is drawn. */
typedef struct placement {
    rect box;
    double x0, top;
    int al;
    pt *pos; /* a name along a river: each glyph's pen (owned) */
} placement;

/* Tries the candidate positions around a point (right, left, above, below,
 * then the diagonals, each a little cheaper the earlier it comes) and
 * draws the label in the cheapest free one. Returns 1 if placed. */
static int place_point(mapctx *m, const label *L, double px, double py, double r,
                       rect frame, int view, placement *out)
{
    double w = L->w, h = L->h;
    int best = -1, bestc = 0;
    struct cand { double x0, top; int al; } c[24];
    /* two rings: beside the symbol, then a little farther out when the
     * first is full (a crowded place still gets its name near it); right
     * and left also slid up and down by half the label */
    for (int ring = 0; ring < 2; ring++) {
        double g = r + 1.6 + ring * 4.5, d = (r + 0.9) * 0.75 + ring * 3.5;
        double mid = py + h / 2 - 0.08 * h;
        if (L->nl > 1) {
            /* the first line is what aligns with the point */
            double first = L->l[0].asc + L->l[0].desc;
            mid = py + first / 2 + 0.05 * first;
        }
        double up = mid + h / 2, down = mid - h / 2;
        struct cand cc[12] = {
            {px + g, mid, AL_LEFT},           {px - g - w, mid, AL_RIGHT},
            {px - w / 2, py + g + h, AL_CENTER}, {px - w / 2, py - g, AL_CENTER},
            {px + d, py + d + h, AL_LEFT},    {px - d - w, py + d + h, AL_RIGHT},
            {px + d, py - d, AL_LEFT},        {px - d - w, py - d, AL_RIGHT},
            {px + g, up, AL_LEFT},            {px - g - w, up, AL_RIGHT},
            {px + g, down, AL_LEFT},          {px - g - w, down, AL_RIGHT},
        };
        memcpy(c + 12 * ring, cc, sizeof cc);
    }
    for (int i = 0; i < 24; i++) {
        rect b = {c[i].x0, c[i].top - h, c[i].x0 + w, c[i].top};
        if (!box_free(m, rect_grow(b, PAD), frame, view))
            continue;
        int cost = box_cost(m, b) * 4 + i + (i >= 12 ? 40 : 0);
        if (best < 0 || cost < bestc) {
            best = i;
            bestc = cost;
        }
    }
    if (best < 0)
        return 0;
    rect b = {c[best].x0, c[best].top - h, c[best].x0 + w, c[best].top};
    out->box = rect_grow(b, PAD);
    out->x0 = c[best].x0;
    out->top = c[best].top;
    out->al = c[best].al;
    return 1;
}

/* An area label (sea, country, lake): centred on its point, or moved a
 * little when that is taken. */
static int place_area(mapctx *m, const label *L, double px, double py, rect frame,
                      int view, placement *out)
{
    static const double off[][2] = {{0, 0},   {0, 6},    {0, -6},   {8, 0},   {-8, 0},
                                    {0, 12},  {0, -12},  {14, 6},   {-14, -6}, {14, -6},
                                    {-14, 6}, {0, 18},   {0, -18},  {20, 0},  {-20, 0},
                                    {20, 12}, {-20, -12}, {20, -12}, {-20, 12}};
    int best = -1, bestc = 0;
    for (int i = 0; i < (int)(sizeof off / sizeof off[0]); i++) {
        rect b = {px - L->w / 2 + off[i][0], py - L->h / 2 + off[i][1],
                  px + L->w / 2 + off[i][0], py + L->h / 2 + off[i][1]};
        if (!box_free(m, rect_grow(b, PAD), frame, view))
            continue;
        int cost = box_cost(m, b) * 4 + i;
        if (best < 0 || cost < bestc) {
            best = i;
            bestc = cost;
        }
    }
    if (best < 0)
        return 0;
    rect b = {px - L->w / 2 + off[best][0], py - L->h / 2 + off[best][1],
              px + L->w / 2 + off[best][0], py + L->h / 2 + off[best][1]};
    out->box = rect_grow(b, PAD);
    out->x0 = b.x0;
    out->top = b.y1;
    out->al = AL_CENTER;
    return 1;
}

/* Point at arc length s along a polyline (cumulative lengths in cum). */
static pt along(const ptbuf *q, const double *cum, double s)
{
    size_t n = q->n;
    if (s <= 0)
        return q->p[0];
    if (s >= cum[n - 1])
        return q->p[n - 1];
    size_t i = 1;
    while (i < n - 1 && cum[i] < s)
        i++;
    double t = cum[i] > cum[i - 1] ? (s - cum[i - 1]) / (cum[i] - cum[i - 1]) : 0;
    pt r = {q->p[i - 1].x + t * (q->p[i].x - q->p[i - 1].x),
            q->p[i - 1].y + t * (q->p[i].y - q->p[i - 1].y)};
    return r;
}

/* A river's name set along its course: glyphs upright (frames have no
 * rotation), each on the smoothed line, above or below it. Used where the
 * course is within 35 degrees of horizontal near the label point. */
static int place_water(mapctx *m, const label *L, const ptbuf *course, pt at, rect frame,
                       int view, placement *out, bk_status *st)
{
    if (course->n < 2 || L->nl != 1)
        return 0;
    const bk_para *p = &L->p[L->l[0].pi];
    const bk_set_line *ln = &p->lines[L->l[0].li];
    double *cum = malloc(course->n * sizeof(*cum));
    pt *pos = malloc((ln->n ? ln->n : 1) * sizeof(*pos));
    ptbuf q = {0};
    int placed = 0;
    if (!cum || !pos)
        goto oom;
    /* reading left to right */
    int rev = course->p[course->n - 1].x < course->p[0].x;
    for (size_t i = 0; i < course->n; i++) {
        pt v = course->p[rev ? course->n - 1 - i : i];
        if (pb_push(&q, v.x, v.y))
            goto oom;
    }
    cum[0] = 0;
    size_t near = 0;
    for (size_t i = 1; i < q.n; i++) {
        cum[i] = cum[i - 1] + hypot(q.p[i].x - q.p[i - 1].x, q.p[i].y - q.p[i - 1].y);
        if (hypot(q.p[i].x - at.x, q.p[i].y - at.y) <
            hypot(q.p[near].x - at.x, q.p[near].y - at.y))
            near = i;
    }
    double W = L->w, total = cum[q.n - 1];
    if (W > total)
        goto done;
    const bk_set_glyph *g = p->g + ln->g0;
    double size = p->style.size;
    /* candidates: centred on the label point, then shifted along */
    static const double shift[] = {0, -0.5, 0.5, -1, 1, -1.5, 1.5};
    for (size_t si = 0; si < sizeof shift / sizeof shift[0] && !placed; si++) {
        double s0 = cum[near] - W / 2 + shift[si] * W;
        if (s0 < 0 || s0 + W > total)
            continue;
        pt a = along(&q, cum, s0), b = along(&q, cum, s0 + W);
        double ang = atan2(b.y - a.y, b.x - a.x) * 180 / PI;
        if (fabs(ang) > 35)
            continue;
        for (int side = 0; side < 2 && !placed; side++) {
            rect box = {INFINITY, INFINITY, -INFINITY, -INFINITY};
            double s = s0;
            for (size_t j = 0; j < ln->n; j++) {
                /* the smoothed course under the glyph's middle: the mean
                 * of points a size either side, so meanders do not shake
                 * the baseline */
                double mid = s + g[j].adv / 2, sy = 0;
                for (int k = -2; k <= 2; k++)
                    sy += along(&q, cum, mid + k * size / 2).y;
                sy /= 5;
                double base = side == 0 ? sy + 1.4 + L->l[0].desc
                                        : sy - 1.4 - L->l[0].asc;
                pos[j].x = along(&q, cum, mid).x - g[j].adv / 2;
                pos[j].y = base;
                box.x0 = fmin(box.x0, pos[j].x);
                box.x1 = fmax(box.x1, pos[j].x + g[j].adv);
                box.y0 = fmin(box.y0, base - L->l[0].desc);
                box.y1 = fmax(box.y1, base + L->l[0].asc);
                s += g[j].adv;
            }
            if (!box_free(m, rect_grow(box, PAD), frame, view))
                continue;
            /* never across the route that runs beside the river */
            int crossed = 0;
            for (size_t k = 0; k < m->nsoft && !crossed; k++)
                crossed = m->soft[k].w >= 5 && seg_hits_rect(m->soft[k].a, m->soft[k].b, box);
            if (crossed)
                continue;
            /* pen positions must advance left to right */
            for (size_t j = 1; j < ln->n; j++)
                if (pos[j].x < pos[j - 1].x)
                    pos[j].x = pos[j - 1].x;
            out->box = rect_grow(box, PAD);
            out->pos = pos;
            pos = NULL;
            placed = 1;
        }
    }
    goto done;
oom:
    *st = oom(m);
    placed = 0;
done:
    free(cum);
    free(pos);
    free(q.p);
    return placed;
}

/* ---- per-view drawing ------------------------------------------------------------- */

typedef struct vstate {
    view v;
    const view_data *vd;
    int index; /* 0 main, 1.. insets */
} vstate;

static const bk_geo_seg *find_path(const view_data *vd, const char *name)
{
    const bk_geo_layer *l = vd->layers[LY_PATHS];
    for (size_t i = 0; l && i < bk_geo_layer_count(l); i++) {
        const char *n = bk_geo_seg_attr(bk_geo_layer_seg(l, i), "name");
        if (n && strcmp(n, name) == 0)
            return bk_geo_layer_seg(l, i);
    }
    return NULL;
}

static bk_status draw_layers(mapctx *m, const vstate *vs)
{
    bk_status st;
    const view *v = &vs->v;
    const view_data *vd = vs->vd;
    bk_path *sea = bk_page_add_rect(m->page, v->r.x0, v->r.y0, v->r.x1 - v->r.x0,
                                    v->r.y1 - v->r.y0);
    if (!sea)
        return oom(m);
    sea->fill = 1;
    sea->fill_color = C_SEA;
    m->stats->paths++;
    if (vd->layers[LY_LAND] &&
        (st = fill_layer(m, v, vd->layers[LY_LAND], C_LAND, 0, C_LAND, 0, 0)))
        return st;
    if (vd->def->walls) {
        pathb pb = {0};
        int err = 0;
        m->a.n = 0;
        for (size_t i = 0; i < vd->def->nwalls; i++) {
            pt q;
            to_page(v, vd->def->walls[i][0], vd->def->walls[i][1], &q);
            err |= pb_push(&m->a, q.x, q.y);
        }
        if (!err && !clip_ring(m->a.p, m->a.n - 1, v->r, &m->b, &m->c))
            err |= pathb_poly(&pb, m->b.p, m->b.n, 1);
        st = err ? oom(m) : pathb_emit(m, &pb, 1, C_CITYAREA, 1, gray(0.35), 0.9);
        pathb_free(&pb);
        if (st)
            return st;
    }
    if (vd->layers[LY_CEDED]) {
        if ((st = fill_layer(m, v, vd->layers[LY_CEDED], C_CEDED, 0, C_CEDED, 0, 0)))
            return st;
    }
    if (vd->layers[LY_LAKES] &&
        (st = fill_layer(m, v, vd->layers[LY_LAKES], C_SEA, 1, C_RIVER, 0.25, 1)))
        return st;
    if (vd->layers[LY_RIVERS]) {
        /* WDBII levels: 1 major .. 4 minor, 8 canals */
        static const struct { int level; double w; } lv[] = {
            {4, 0.25}, {3, 0.35}, {2, 0.45}, {1, 0.55}, {8, 0.45}};
        for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++)
            if ((st = stroke_layer(m, v, vd->layers[LY_RIVERS], lv[i].level, C_RIVER,
                                   lv[i].w, 1)))
                return st;
    }
    if (vd->layers[LY_PATHS] &&
        (st = stroke_layer(m, v, vd->layers[LY_PATHS], 0, C_RIVER, 0.9, 3)))
        return st;
    if (vd->layers[LY_COAST] &&
        (st = stroke_layer(m, v, vd->layers[LY_COAST], 0, C_COAST, 0.45, 2)))
        return st;
    if (vd->layers[LY_CEDED] &&
        (st = stroke_layer(m, v, vd->layers[LY_CEDED], 0, C_CEDED_EDGE, 0.7, 1)))
        return st;
    return BK_OK;
}

/* Degree text: 116°30′E · 116°30′Đ; 39°N · 39°B. */
static void degree_text(double v, int lat, int li, char *buf, size_t n)
{
    double a = fabs(v);
    int d = (int)floor(a + 1e-9), mi = (int)lround((a - d) * 60);
    if (mi == 60) {
        d++;
        mi = 0;
    }
    const char *h = lat ? (v >= 0 ? (li == L_VI ? "B" : "N") : (li == L_VI ? "N" : "S"))
                        : (v >= 0 ? (li == L_VI ? "Đ" : "E") : (li == L_VI ? "T" : "W"));
    if (mi)
        snprintf(buf, n, "%d°%02d′%s", d, mi, h);
    else
        snprintf(buf, n, "%d°%s", d, h);
}

/* Graticule lines (clipped to the frame) and, for the main view, their
 * degrees outside the frame: meridians below it, parallels left of it. */
static bk_status draw_graticule(mapctx *m, const vstate *vs, double step, int labels,
                                const vstate *insets, size_t ninsets)
{
    const view *v = &vs->v;
    double lo0 = INFINITY, lo1 = -INFINITY, la0 = INFINITY, la1 = -INFINITY;
    for (int k = 0; k <= 32; k++) {
        double t = k / 32.0, lon, lat;
        double xs[4] = {v->r.x0 + t * (v->r.x1 - v->r.x0), v->r.x0 + t * (v->r.x1 - v->r.x0),
                        v->r.x0, v->r.x1};
        double ys[4] = {v->r.y0, v->r.y1, v->r.y0 + t * (v->r.y1 - v->r.y0),
                        v->r.y0 + t * (v->r.y1 - v->r.y0)};
        for (int e = 0; e < 4; e++) {
            to_geo(v, xs[e], ys[e], &lon, &lat);
            lo0 = fmin(lo0, lon);
            lo1 = fmax(lo1, lon);
            la0 = fmin(la0, lat);
            la1 = fmax(la1, lat);
        }
    }
    /* a little beyond the frame, so every line crosses its edges */
    double mlo = (lo1 - lo0) * 0.02, mla = (la1 - la0) * 0.02;
    lo0 -= mlo;
    lo1 += mlo;
    la0 -= mla;
    la1 += mla;
    pathb pb = {0};
    bk_status st = BK_OK;
    label L = {0};
    for (int kind = 0; kind < 2 && !st; kind++) {
        double a0 = kind ? la0 : lo0, a1 = kind ? la1 : lo1;
        for (double g = ceil(a0 / step - 1e-9) * step; g <= a1 + 1e-9 && !st; g += step) {
            m->a.n = 0;
            for (int k = 0; k <= 96; k++) {
                double t = k / 96.0;
                pt q;
                if (kind)
                    to_page(v, lo0 + t * (lo1 - lo0), g, &q);
                else
                    to_page(v, g, la0 + t * (la1 - la0), &q);
                if (pb_push(&m->a, q.x, q.y)) {
                    st = oom(m);
                    break;
                }
            }
            if (st || add_clipped_line(m, &pb, m->a.p, m->a.n, v->r, 0)) {
                st = st ? st : oom(m);
                break;
            }
            if (!labels)
                continue;
            /* where the line meets the bottom (meridians) or left edge */
            for (size_t k = 0; k + 1 < m->a.n; k++) {
                pt a = m->a.p[k], b = m->a.p[k + 1];
                double edge = kind ? v->r.x0 : v->r.y0;
                double ea = kind ? a.x : a.y, eb = kind ? b.x : b.y;
                if ((ea - edge) * (eb - edge) > 0 || ea == eb)
                    continue;
                double t = (edge - ea) / (eb - ea);
                double cx = a.x + t * (b.x - a.x), cy = a.y + t * (b.y - a.y);
                if (kind ? (cy < v->r.y0 + 4 || cy > v->r.y1 - 4)
                         : (cx < v->r.x0 + 8 || cx > v->r.x1 - 8))
                    break;
                /* a line hidden by an inset gets no degrees */
                int hidden = 0;
                for (size_t i = 0; i < ninsets; i++) {
                    rect ir = insets[i].v.r;
                    if (kind ? (ir.x0 <= v->r.x0 + 1 && cy >= ir.y0 - 3 && cy <= ir.y1 + 3)
                             : (ir.y0 <= v->r.y0 + 1 && cx >= ir.x0 - 3 && cx <= ir.x1 + 3))
                        hidden = 1;
                }
                if (hidden)
                    break;
                char txt[32];
                degree_text(g, kind, m->li, txt, sizeof txt);
                label_free(&L);
                if ((st = label_add(m, &L, "map-small", txt, gray(0.2), 1000)))
                    break;
                if (kind)
                    st = label_draw(m, &L, v->r.x0 - 2 - L.w, cy + L.h / 2 - 0.5, AL_RIGHT);
                else
                    st = label_draw(m, &L, cx - L.w / 2, v->r.y0 - 1.5, AL_CENTER);
                break;
            }
        }
    }
    if (!st)
        st = pathb_emit(m, &pb, 0, C_GRID, 1, C_GRID, 0.25);
    label_free(&L);
    pathb_free(&pb);
    return st;
}

/* Page point of a route point in a view. */
static void route_at(const bk_map_spec *s, size_t i, const view *v, pt *q)
{
    const route_pt *r = &s->def->route[i];
    if (s->route[i])
        to_page(v, s->route[i]->lon, s->route[i]->lat, q);
    else
        to_page(v, r->lon, r->lat, q);
}

/* Arrowhead at b pointing away from a, filled. */
static int arrowhead(pathb *pb, pt a, pt b, double len, double half)
{
    double dx = b.x - a.x, dy = b.y - a.y, L = hypot(dx, dy);
    if (L <= 0)
        return 0;
    dx /= L;
    dy /= L;
    pt l = {b.x - dx * len - dy * half, b.y - dy * len + dx * half};
    pt r = {b.x - dx * len + dy * half, b.y - dy * len - dx * half};
    return pathb_op(pb, BK_PATH_MOVE, b.x, b.y) || pathb_op(pb, BK_PATH_LINE, l.x, l.y) ||
           pathb_op(pb, BK_PATH_LINE, r.x, r.y) || pathb_op(pb, BK_PATH_CLOSE, 0, 0);
}

/* The route: legs between its points, following the named course where the
 * spec says so (offset beside the river so both show), each leg ending in
 * an arrow short of the place's symbol. */
static bk_status draw_route(mapctx *m, const vstate *vs, int symbol_of[], size_t nsym)
{
    const bk_map_spec *s = m->spec;
    const view *v = &vs->v;
    pathb line = {0}, heads = {0};
    ptbuf leg = {0};
    bk_status st = BK_OK;
    const bk_geo_seg *course = s->main.layers[LY_PATHS]
                                   ? bk_geo_layer_seg(s->main.layers[LY_PATHS], 0)
                                   : NULL;
    (void)nsym;
    for (size_t i = 1; i < s->def->nroute && !st; i++) {
        pt a, b;
        route_at(s, i - 1, v, &a);
        route_at(s, i, v, &b);
        leg.n = 0;
        int err = pb_push(&leg, a.x, a.y);
        if (s->def->route[i].follow && course) {
            /* the course's vertices between the two places, nearest first */
            size_t ia = 0, ib = 0;
            double da = INFINITY, db = INFINITY;
            if (project_seg(m, v, course)) {
                st = oom(m);
                break;
            }
            for (size_t k = 0; k < m->a.n; k++) {
                double d1 = hypot(m->a.p[k].x - a.x, m->a.p[k].y - a.y);
                double d2 = hypot(m->a.p[k].x - b.x, m->a.p[k].y - b.y);
                if (d1 < da) {
                    da = d1;
                    ia = k;
                }
                if (d2 < db) {
                    db = d2;
                    ib = k;
                }
            }
            ptbuf mid = {0};
            for (size_t k = ia;; k += ia < ib ? 1 : (size_t)-1) {
                err |= pb_push(&mid, m->a.p[k].x, m->a.p[k].y);
                if (k == ib)
                    break;
            }
            err |= simplify(&mid, 1.5);
            /* offset to the left of travel by 2.6 pt, normals averaged at
             * the vertices */
            for (size_t k = 0; k < mid.n && !err; k++) {
                pt p0 = mid.p[k ? k - 1 : 0], p1 = mid.p[k + 1 < mid.n ? k + 1 : k];
                double dx = p1.x - p0.x, dy = p1.y - p0.y, L = hypot(dx, dy);
                if (L <= 0)
                    continue;
                err |= pb_push(&leg, mid.p[k].x - dy / L * 2.6, mid.p[k].y + dx / L * 2.6);
            }
            free(mid.p);
        }
        err |= pb_push(&leg, b.x, b.y);
        if (err) {
            st = oom(m);
            break;
        }
        /* stop short of the place's symbol, leaving room for the arrow */
        double stop = s->route[i] ? sym_radius(symbol_of[i]) + 1.2 : 0;
        double start = s->route[i - 1] ? sym_radius(symbol_of[i - 1]) + 0.8 : 0;
        pt *p = leg.p;
        size_t n = leg.n;
        while (n > 2 && hypot(p[n - 2].x - b.x, p[n - 2].y - b.y) < stop + 4)
            n--;
        while (n > 2 && hypot(p[1].x - a.x, p[1].y - a.y) < start + 2) {
            p++;
            n--;
        }
        pt last = p[n - 1], prev = p[n - 2];
        double L = hypot(last.x - prev.x, last.y - prev.y);
        if (L <= stop + 0.5)
            continue; /* too short at this scale: the inset shows it */
        last.x -= (last.x - prev.x) / L * stop;
        last.y -= (last.y - prev.y) / L * stop;
        p[n - 1] = last;
        pt first = p[0], next = p[1];
        double L0 = hypot(next.x - first.x, next.y - first.y);
        if (L0 > start) {
            p[0].x += (next.x - first.x) / L0 * start;
            p[0].y += (next.y - first.y) / L0 * start;
        }
        /* the line ends at the arrow's base (a waypoint has no arrow) */
        pt tip = p[n - 1];
        double ax = tip.x - prev.x, ay = tip.y - prev.y, AL = hypot(ax, ay);
        if (s->route[i]) {
            p[n - 1].x -= ax / AL * 3.5;
            p[n - 1].y -= ay / AL * 3.5;
        }
        pt head[2] = {prev, tip};
        if (add_clipped_line(m, &line, p, n, v->r, 5)) {
            st = oom(m);
            break;
        }
        if (s->route[i] && tip.x > v->r.x0 + 4 && tip.x < v->r.x1 - 4 &&
            tip.y > v->r.y0 + 4 && tip.y < v->r.y1 - 4 &&
            arrowhead(&heads, head[0], head[1], 4.6, 2.1)) {
            st = oom(m);
            break;
        }
    }
    if (!st)
        st = pathb_emit(m, &line, 0, C_ROUTE, 1, C_ROUTE, 1.2);
    if (!st)
        st = pathb_emit(m, &heads, 1, C_ROUTE, 0, C_ROUTE, 0);
    pathb_free(&line);
    pathb_free(&heads);
    free(leg.p);
    return st;
}

/* The text a place's label shows in the map's language: English names are
 * the 1860 spellings, with today's name beneath when it differs. */
static bk_status place_label(mapctx *m, const place *p, const place_def *d, label *L)
{
    const char *name = m->li == L_VI ? p->vi : m->li == L_HANS ? p->hans
                     : m->li == L_HANT ? p->hant : p->en1860;
    int water = strcmp(p->type, "sea") == 0 || strcmp(p->type, "lake") == 0 ||
                strcmp(p->type, "river") == 0 || strcmp(p->type, "canal") == 0 ||
                strcmp(p->type, "bay") == 0;
    bk_status st = label_add(m, L, d->style, name,
                             d->lab == LAB_POINT ? C_BLACK : water ? C_WATER_TEXT : gray(0.3),
                             d->lab == LAB_AREA ? d->measure : 1000);
    if (st)
        return st;
    if (m->li == L_EN && d->lab == LAB_POINT && p->en_modern && !strstr(p->en1860, p->en_modern)) {
        char buf[256];
        snprintf(buf, sizeof buf, "(%s)", p->en_modern);
        if ((st = label_add(m, L, "map-small", buf, gray(0.25), 1000)))
            return st;
    }
    /* one line per event: narrow labels find room more easily */
    for (int k = 0; k < 2 && d->ev[k].from && !st; k++) {
        bk_buf ev = {0};
        event_ref e = d->ev[k];
        const ev_date *x = find_event(m->spec, e.id);
        if (x) {
            e.from = x->from;
            e.to = x->to;
        }
        format_event(&e, m->li, &ev);
        if (ev.len)
            st = label_add(m, L, "map-small", ev.data, C_ROUTE, 1000);
        bk_buf_release(&ev);
    }
    return st;
}

/* ---- legend, scale bar, north arrow --------------------------------------------- */

static double nice_length(double max)
{
    double p = pow(10, floor(log10(max)));
    static const double f[] = {5, 2, 1};
    for (int i = 0; i < 3; i++)
        if (f[i] * p <= max)
            return f[i] * p;
    return p;
}

static const tr t_route = {"Anglo-French advance, Aug–Oct 1860",
                           "Liên quân Anh–Pháp tiến quân, 8–10/1860",
                           "1860年8—10月英法联军进军路线", "1860年8—10月英法聯軍進軍路線"};
static const tr t_walls = {"walls of the Inner City", "tường Nội thành", "内城城墙",
                           "內城城牆"};
static const tr t_scale = {"Scale at %s; 1 li = 576 m (Qing)", "Tỉ lệ tại %s; 1 lý = 576 m (thời Thanh)",
                           "比例尺以%s为准；1里 = 576米（清制）",
                           "比例尺以%s為準；1里 = 576公尺（清制）"};
static const tr t_scale_en = {"Scale at %s", "Tỉ lệ tại %s", "比例尺以%s为准", "比例尺以%s為準"};
static const tr t_north = {"N", "B", "北", "北"};
static const tr t_credit = {"Coastlines and rivers: GSHHG 2.3.7 (Wessel & Smith), LGPL-3.0",
                            "Đường bờ biển và sông: GSHHG 2.3.7 (Wessel & Smith), LGPL-3.0",
                            "海岸线与河流：GSHHG 2.3.7（Wessel & Smith），LGPL-3.0",
                            "海岸線與河流：GSHHG 2.3.7（Wessel & Smith），LGPL-3.0"};

typedef struct legend_item {
    int sym;     /* SYM_*, or -1 route, -2 ceded, -3 walls */
    label L;
} legend_item;

/* A scale bar of `len` units (unit_km each) at (x, y): four alternating
 * segments, numbers under the ends and the middle. Returns its height. */
static bk_status scale_bar(mapctx *m, double x, double y, double len, double unit_km,
                           const char *unit, double pt_per_km, double *height)
{
    double w = len * unit_km * pt_per_km;
    bk_status st = BK_OK;
    pathb pb = {0}, pw = {0};
    int err = 0;
    for (int i = 0; i < 4; i++) {
        double q[][2] = {{0, 0}, {w / 4, 0}, {w / 4, 2.2}, {0, 2.2}};
        poly(i % 2 ? &pw : &pb, x + i * w / 4, y, q, 4, &err);
    }
    if (err)
        st = oom(m);
    if (!st)
        st = pathb_emit(m, &pb, 1, C_BLACK, 1, C_BLACK, 0.3);
    if (!st)
        st = pathb_emit(m, &pw, 1, C_WHITE, 1, C_BLACK, 0.3);
    pathb_free(&pb);
    pathb_free(&pw);
    double h = 2.2;
    for (int i = 0; i < 3 && !st; i++) {
        char num[64];
        double v = len * (i == 0 ? 0 : i == 1 ? 0.5 : 1);
        if (i == 2)
            snprintf(num, sizeof num, "%g %s", v, unit);
        else
            snprintf(num, sizeof num, "%g", v);
        label L = {0};
        if (!(st = label_add(m, &L, "map-small", num, C_BLACK, 1000))) {
            double cx = x + (i == 0 ? 0 : i == 1 ? w / 2 : w);
            double lx = cx - L.w / 2;
            if (i == 2) {
                /* the number centred on its tick, the unit after it */
                label N = {0};
                char n2[32];
                snprintf(n2, sizeof n2, "%g", v);
                if (!(st = label_add(m, &N, "map-small", n2, C_BLACK, 1000)))
                    lx = cx - N.w / 2;
                label_free(&N);
            }
            if (!st)
                st = label_draw(m, &L, lx, y - 1.2, AL_LEFT);
            h = fmax(h, 2.2 + 1.2 + L.h);
        }
        label_free(&L);
    }
    *height = h;
    return st;
}

/* The legend box in a corner of the main frame: title, one line per
 * symbol used, the route, the shaded region, the scale bars (km and li,
 * or km and miles in English), and where the scale holds. Registers the
 * box as an obstacle for labels. */
static bk_status draw_legend(mapctx *m, const vstate *main, int used[SYM_COUNT],
                             double pt_per_km, double scale_lat, int walls)
{
    const map_def *def = m->spec->def;
    const view *v = &main->v;
    legend_item items[SYM_COUNT + 3];
    size_t n = 0;
    label title = {0}, note = {0};
    bk_status st = label_add(m, &title, "map-title", tr_get(def->title, m->li), C_BLACK,
                             (v->r.x1 - v->r.x0) * 0.45);
    memset(items, 0, sizeof items);
    for (int s = SYM_CITY; s < SYM_COUNT && !st; s++)
        if (used[s]) {
            items[n].sym = s;
            st = label_add(m, &items[n++].L, "map-small", tr_get(&sym_names[s], m->li),
                           C_BLACK, 1000);
        }
    if (!st && walls) {
        items[n].sym = -3;
        st = label_add(m, &items[n++].L, "map-small", tr_get(&t_walls, m->li), C_BLACK, 1000);
    }
    if (!st && def->nroute) {
        items[n].sym = -1;
        st = label_add(m, &items[n++].L, "map-small", tr_get(&t_route, m->li), C_BLACK,
                       (v->r.x1 - v->r.x0) * 0.36);
    }
    if (!st && def->ceded) {
        items[n].sym = -2;
        st = label_add(m, &items[n++].L, "map-small", tr_get(def->ceded, m->li), C_BLACK, 1000);
    }
    char lat[32], buf[160];
    degree_text(scale_lat, 1, m->li, lat, sizeof lat);
    snprintf(buf, sizeof buf, tr_get(m->li == L_EN || !def->scale_li ? &t_scale_en : &t_scale, m->li),
             lat);
    if (!st)
        st = label_add(m, &note, "map-small", buf, gray(0.2), (v->r.x1 - v->r.x0) * 0.36);
    /* the two bars: km, then li (Qing li of 576 m) or statute miles */
    double maxw = (v->r.x1 - v->r.x0) * 0.26;
    double km = nice_length(maxw / pt_per_km);
    int en = m->li == L_EN;
    double u2 = en ? 1.609344 : 0.576;
    double l2 = nice_length(maxw / (pt_per_km * u2));
    const char *n2 = en ? "miles" : m->li == L_VI ? "lý" : "里";
    double pad = 4, col = 11;
    double w = title.w;
    for (size_t i = 0; i < n; i++)
        w = fmax(w, col + items[i].L.w);
    w = fmax(w, note.w);
    w = fmax(w, fmax(km * pt_per_km, l2 * u2 * pt_per_km) + 22);
    double h = title.h + 3;
    for (size_t i = 0; i < n; i++)
        h += fmax(items[i].L.h, 6.5) + 1.5;
    h += 2 * 11.5 + note.h + 2;
    w += 2 * pad;
    h += 2 * pad;
    rect b;
    int corner = def->legend_corner;
    b.x0 = corner == CORNER_LL || corner == CORNER_UL ? v->r.x0 : v->r.x1 - w;
    b.y1 = corner == CORNER_UL || corner == CORNER_UR ? v->r.y1 : v->r.y0 + h;
    b.x1 = b.x0 + w;
    b.y0 = b.y1 - h;
    if (!st) {
        bk_path *box = bk_page_add_rect(m->page, b.x0, b.y0, w, h);
        if (!box)
            st = oom(m);
        else {
            box->fill = box->stroke = 1;
            box->fill_color = C_WHITE;
            box->stroke_color = C_BLACK;
            box->line_width = 0.5;
            m->stats->paths++;
        }
    }
    if (!st && add_hard(m, b, -1))
        st = oom(m);
    double y = b.y1 - pad;
    if (!st)
        st = label_draw(m, &title, b.x0 + pad, y, AL_LEFT);
    y -= title.h + 3;
    for (size_t i = 0; i < n && !st; i++) {
        double lh = fmax(items[i].L.h, 6.5);
        double cy = y - fmin(items[i].L.h, 6.5) / 2 - 0.3;
        double sx = b.x0 + pad + 4;
        if (items[i].sym > 0)
            st = draw_symbol(m, items[i].sym, sx, cy);
        else {
            pathb pb = {0};
            int err = 0;
            if (items[i].sym == -1) {
                pt a = {sx - 4, cy}, c = {sx + 5, cy};
                err |= pathb_op(&pb, BK_PATH_MOVE, a.x, a.y);
                err |= pathb_op(&pb, BK_PATH_LINE, c.x - 3, c.y);
                if (!err)
                    st = pathb_emit(m, &pb, 0, C_ROUTE, 1, C_ROUTE, 1.2);
                err |= arrowhead(&pb, a, c, 4.2, 1.9);
                if (!err && !st)
                    st = pathb_emit(m, &pb, 1, C_ROUTE, 0, C_ROUTE, 0);
            } else {
                double q[][2] = {{-4, -2.5}, {5, -2.5}, {5, 2.5}, {-4, 2.5}};
                poly(&pb, sx, cy, q, 4, &err);
                if (!err)
                    st = items[i].sym == -2
                             ? pathb_emit(m, &pb, 1, C_CEDED, 1, C_CEDED_EDGE, 0.6)
                             : pathb_emit(m, &pb, 1, C_CITYAREA, 1, gray(0.35), 0.8);
            }
            if (err)
                st = oom(m);
            pathb_free(&pb);
        }
        if (!st)
            st = label_draw(m, &items[i].L, b.x0 + pad + col, y, AL_LEFT);
        y -= lh + 1.5;
    }
    double bh = 0;
    y -= 3;
    if (!st)
        st = scale_bar(m, b.x0 + pad, y - 2.2, km, 1, "km", pt_per_km, &bh);
    y -= 11.5;
    if (!st)
        st = scale_bar(m, b.x0 + pad, y - 2.2, l2, u2, n2, pt_per_km, &bh);
    y -= 11.5;
    if (!st)
        st = label_draw(m, &note, b.x0 + pad, y, AL_LEFT);
    for (size_t i = 0; i < n; i++)
        label_free(&items[i].L);
    label_free(&title);
    label_free(&note);
    return st;
}

static bk_status draw_north(mapctx *m, const vstate *main)
{
    const view *v = &main->v;
    int c = m->spec->def->north_corner;
    double x = c == CORNER_UL || c == CORNER_LL ? v->r.x0 + 12 : v->r.x1 - 12;
    double y = c == CORNER_UL || c == CORNER_UR ? v->r.y1 - 26 : v->r.y0 + 12;
    pathb a = {0}, b = {0};
    int err = 0;
    /* a two-tone arrowhead pointing up (north is up on a Mercator map
     * with an upright frame) */
    static const double l[][2] = {{0, 9}, {-3.6, -5}, {0, -2.5}};
    static const double r[][2] = {{0, 9}, {0, -2.5}, {3.6, -5}};
    poly(&a, x, y, l, 3, &err);
    poly(&b, x, y, r, 3, &err);
    bk_status st = err ? oom(m) : pathb_emit(m, &a, 1, C_BLACK, 1, C_BLACK, 0.4);
    if (!st)
        st = pathb_emit(m, &b, 1, C_WHITE, 1, C_BLACK, 0.4);
    pathb_free(&a);
    pathb_free(&b);
    label L = {0};
    if (!st)
        st = label_add(m, &L, "map-title", tr_get(&t_north, m->li), C_BLACK, 1000);
    if (!st)
        st = label_draw(m, &L, x - L.w / 2, y + 10.5 + L.h, AL_CENTER);
    rect box = {x - 5, y - 6, x + 5, y + 11 + L.h};
    if (!st && add_hard(m, rect_grow(box, 1), 0))
        st = oom(m);
    label_free(&L);
    return st;
}

/* ---- the whole map ----------------------------------------------------------------- */

static void view_data_box(const view_data *vd, double box[4])
{
    box[0] = box[2] = -1e9;
    box[1] = box[3] = 1e9;
    /* the land layer's extent is the data's box (it includes the box
     * edges where land meets them; sea-only edges leave it smaller, so
     * the coast layer widens it) */
    int any = 0;
    for (int r = 0; r < LY_COUNT; r++) {
        if (!vd->layers[r] || (r != LY_LAND && r != LY_COAST))
            continue;
        double b[4];
        bk_geo_layer_bounds(vd->layers[r], b);
        if (!any) {
            memcpy(box, b, sizeof b);
            any = 1;
        } else {
            box[0] = fmin(box[0], b[0]);
            box[1] = fmax(box[1], b[1]);
            box[2] = fmin(box[2], b[2]);
            box[3] = fmax(box[3], b[3]);
        }
    }
}

/* A label of the view being placed. */
typedef struct entry {
    const place_def *pd;
    const place *p;
    pt at;
    label L;
    ptbuf course; /* water: the river's course on the page */
    placement pl;
    int placed;
    size_t obst;  /* its obstacle, when placed */
    int added;    /* obst is set */
} entry;

static int try_place(mapctx *m, const vstate *vs, entry *e, rect frame, placement *out,
                     bk_status *st)
{
    memset(out, 0, sizeof(*out));
    if (e->pd->lab == LAB_WATER) {
        if (place_water(m, &e->L, &e->course, e->at, frame, vs->index, out, st) || *st)
            return !*st;
        return place_point(m, &e->L, e->at.x, e->at.y, 1.5, frame, vs->index, out);
    }
    if (e->pd->lab == LAB_AREA)
        return place_area(m, &e->L, e->at.x, e->at.y, frame, vs->index, out);
    return place_point(m, &e->L, e->at.x, e->at.y, sym_radius(e->pd->sym), frame, vs->index,
                       out);
}

/* Labels of one view: greedily by priority, each in its cheapest free
 * candidate; a label with no room may take the place of one already
 * placed if that one can move elsewhere (one level of repair). Drawn
 * when all are placed. */
static bk_status label_view(mapctx *m, const vstate *vs)
{
    const view_data *vd = vs->vd;
    const view_def *d = vd->def;
    bk_status st = BK_OK;
    size_t n = d->nplaces;
    entry *E = calloc(n ? n : 1, sizeof(*E));
    m->pending = malloc((n ? n : 1) * sizeof(*m->pending));
    if (!E || !m->pending) {
        free(E);
        free(m->pending);
        m->pending = NULL;
        return oom(m);
    }
    /* by priority (stable) */
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        while (k > 0 && d->places[i].prio > E[k - 1].pd->prio) {
            E[k] = E[k - 1];
            k--;
        }
        memset(&E[k], 0, sizeof(E[k]));
        E[k].pd = &d->places[i];
        E[k].p = vd->pl[i];
    }
    rect frame = rect_grow(vs->v.r, -1);
    for (size_t i = 0; i < n && !st; i++) {
        entry *e = &E[i];
        const place_def *pd = e->pd;
        int own = pd->lon != 0 || pd->lat != 0;
        to_page(&vs->v, own ? pd->lon : e->p->lon, own ? pd->lat : e->p->lat, &e->at);
        if ((st = place_label(m, e->p, pd, &e->L)))
            break;
        if (pd->lab == LAB_WATER) {
            const bk_geo_seg *course = find_path(vd, pd->path);
            if (course) {
                if (project_seg(m, &vs->v, course))
                    st = oom(m);
                for (size_t k = 0; k < m->a.n && !st; k++)
                    if (pb_push(&e->course, m->a.p[k].x, m->a.p[k].y))
                        st = oom(m);
            }
        }
    }
    for (size_t i = 0; i < n && !st; i++) {
        entry *e = &E[i];
        m->stats->places++;
        /* the places after this one keep a little room beside them */
        m->npending = 0;
        for (size_t k = i + 1; k < n; k++) {
            if (E[k].pd->lab != LAB_POINT)
                continue;
            pt q;
            to_page(&vs->v, E[k].p->lon, E[k].p->lat, &q);
            double r = sym_radius(E[k].pd->sym) + 10;
            rect z = {q.x - r - 8, q.y - r, q.x + r + 8, q.y + r};
            m->pending[m->npending++] = z;
        }
        e->placed = try_place(m, vs, e, frame, &e->pl, &st);
        if (st)
            break;
        m->npending = 0;
        for (size_t j = 0; j < i && !e->placed && !st; j++) {
            entry *f = &E[j];
            if (!f->placed)
                continue;
            m->hard[f->obst].off = 1;
            placement mine, theirs;
            if (try_place(m, vs, e, frame, &mine, &st)) {
                size_t at = m->nhard;
                if (add_hard(m, mine.box, vs->index)) {
                    st = oom(m);
                    free(mine.pos);
                    break;
                }
                if (try_place(m, vs, f, frame, &theirs, &st)) {
                    /* both fit: f moves, e takes its old room */
                    if (add_hard(m, theirs.box, vs->index)) {
                        st = oom(m);
                        free(mine.pos);
                        free(theirs.pos);
                        break;
                    }
                    free(f->pl.pos);
                    f->pl = theirs;
                    f->obst = m->nhard - 1;
                    e->pl = mine;
                    e->obst = at;
                    e->added = 1;
                    e->placed = 1;
                    break;
                }
                m->hard[at].off = 1;
                free(mine.pos);
            }
            m->hard[f->obst].off = 0;
        }
        if (st)
            break;
        if (e->placed) {
            if (!e->added) {
                if (add_hard(m, e->pl.box, vs->index)) {
                    st = oom(m);
                    break;
                }
                e->obst = m->nhard - 1;
                e->added = 1;
            }
            m->stats->labels++;
        } else {
            m->stats->unplaced++;
            bk_diag_warn(m->ctx->diag, NULL, 0, 0, "map %s: no room for the label of %s",
                         m->spec->def->name, e->p->id);
        }
    }
    for (size_t i = 0; i < n && !st; i++) {
        entry *e = &E[i];
        if (!e->placed)
            continue;
        if (e->pl.pos) {
            const bk_para *p = &e->L.p[e->L.l[0].pi];
            st = emit_line(m, p, &p->lines[e->L.l[0].li], e->pl.pos[0].x, e->pl.pos[0].y,
                           e->L.l[0].col, e->pl.pos);
        } else
            st = label_draw(m, &e->L, e->pl.x0, e->pl.top, e->pl.al);
    }
    for (size_t i = 0; i < n; i++) {
        label_free(&E[i].L);
        free(E[i].course.p);
        free(E[i].pl.pos);
    }
    free(E);
    m->npending = 0;
    free(m->pending);
    m->pending = NULL;
    return st;
}

/* Symbols of one view (obstacles for every label), skipping places
 * outside its frame. */
static bk_status symbols_view(mapctx *m, const vstate *vs, int used[SYM_COUNT])
{
    const view_def *d = vs->vd->def;
    for (size_t i = 0; i < d->nplaces; i++) {
        const place_def *pd = &d->places[i];
        const place *p = vs->vd->pl[i];
        pt q;
        to_page(&vs->v, p->lon, p->lat, &q);
        double r = sym_radius(pd->sym);
        rect b = {q.x - r, q.y - r, q.x + r, q.y + r};
        if (pd->sym == SYM_NONE || !rect_inside(b, vs->v.r))
            continue;
        bk_status st = draw_symbol(m, pd->sym, q.x, q.y);
        if (st)
            return st;
        if (add_hard(m, rect_grow(b, 0.3), -1))
            return oom(m);
        used[pd->sym] = 1;
    }
    return BK_OK;
}

bk_status bk_map_draw(bk_ctx *ctx, bk_setter *setter, const bk_map_spec *spec,
                      bk_page *page, double x, double y, double w, double h,
                      const char *lang, bk_map_stats *stats)
{
    bk_map_stats dummy;
    mapctx m = {.ctx = ctx, .setter = setter, .spec = spec, .page = page,
                .li = lang_index(lang), .stats = stats ? stats : &dummy};
    memset(m.stats, 0, sizeof(*m.stats));
    m.tag = lang_tag(m.li);
    const map_def *def = spec->def;
    bk_status st = BK_OK;
    bk_proj proj;
    vstate vs[3];
    size_t nv = 0;
    int used[SYM_COUNT] = {0};
    label credit = {0}, probe = {0};
    int *route_sym = NULL;
    if (!(w > 100 && h > 100))
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "map %s: a %.0f x %.0f pt rectangle is too small (100 pt a side "
                             "at least)", def->name, w, h);
    if (def->proj == BK_PROJ_MERCATOR)
        st = bk_proj_mercator(ctx, &proj, BK_WGS84_A, BK_WGS84_E2, def->lon0, def->lat1);
    else
        st = bk_proj_lcc(ctx, &proj, BK_WGS84_A, BK_WGS84_E2, def->lon0, def->lat0, def->lat1,
                         def->lat2);
    if (st)
        return st;

    /* 1. the rectangle: credit line at the foot, degrees left and below */
    bk_buf cr = {0};
    bk_buf_printf(&cr, "%s %s", tr_get(&t_credit, m.li), tr_get(def->credit_note, m.li));
    if ((st = label_add(&m, &credit, "map-small", cr.data ? cr.data : "", gray(0.3), w)) ||
        (st = label_add(&m, &probe, "map-small", "118°30′N", C_BLACK, 1000)))
        goto done;
    double left = probe.w + 3, below = probe.h + 2.5 + credit.h + 2;
    rect avail = {x + left, y + below, x + w, y + h};

    /* 2. the main view */
    double data[4];
    view_data_box(&spec->main, data);
    vs[0].vd = &spec->main;
    vs[0].index = 0;
    fit_view(&vs[0].v, &proj, def->main.box, avail, data);
    nv = 1;
    /* insets in their corners */
    for (size_t i = 0; i < def->ninsets && i < 2; i++) {
        const view_def *id = &def->insets[i];
        const view *mv = &vs[0].v;
        double iw = (mv->r.x1 - mv->r.x0) * id->wfrac, bb[4];
        proj_bbox(&proj, id->box, bb);
        double ih = iw * (bb[3] - bb[2]) / (bb[1] - bb[0]);
        /* in a low frame (half a page) the inset keeps to its lower half */
        double maxh = (mv->r.y1 - mv->r.y0) * 0.45;
        if (ih > maxh) {
            iw *= maxh / ih;
            ih = maxh;
        }
        rect r;
        r.x0 = id->corner == CORNER_LL || id->corner == CORNER_UL ? mv->r.x0 : mv->r.x1 - iw;
        r.y0 = id->corner == CORNER_LL || id->corner == CORNER_LR ? mv->r.y0 : mv->r.y1 - ih;
        r.x1 = r.x0 + iw;
        r.y1 = r.y0 + ih;
        vs[nv].vd = &spec->insets[i];
        vs[nv].index = (int)nv;
        vs[nv].v.proj = &proj;
        vs[nv].v.s = iw / (bb[1] - bb[0]);
        vs[nv].v.pcx = (bb[0] + bb[1]) / 2;
        vs[nv].v.pcy = (bb[2] + bb[3]) / 2;
        vs[nv].v.r = r;
        nv++;
    }
    double cx = (vs[0].v.r.x0 + vs[0].v.r.x1) / 2, cy = (vs[0].v.r.y0 + vs[0].v.r.y1) / 2;
    double clon, clat;
    to_geo(&vs[0].v, cx, cy, &clon, &clat);
    /* the scale bar is true at the frame's centre latitude, rounded to the
     * graticule's half step so the note can name it */
    clat = round(clat / (def->grat / 2)) * (def->grat / 2);
    double pt_per_km = vs[0].v.s * bk_proj_scale(&proj, clat) * 1000;
    m.stats->scale_lat = clat;
    m.stats->pt_per_km = pt_per_km;
    memcpy(m.stats->neat, &vs[0].v.r, sizeof m.stats->neat);

    /* 3. each view's layers, graticule, route and symbols; the insets'
     * areas are outlined on the main view */
    route_sym = calloc(def->nroute ? def->nroute : 1, sizeof(*route_sym));
    if (!route_sym) {
        st = oom(&m);
        goto done;
    }
    for (size_t i = 0; i < def->nroute; i++) {
        route_sym[i] = SYM_NONE;
        for (size_t v = 0; v < nv; v++)
            for (size_t k = 0; k < vs[v].vd->def->nplaces; k++)
                if (spec->route[i] && vs[v].vd->pl[k] == spec->route[i])
                    route_sym[i] = vs[v].vd->def->places[k].sym;
    }
    for (size_t v = 0; v < nv && !st; v++) {
        if ((st = draw_layers(&m, &vs[v])) ||
            (st = draw_graticule(&m, &vs[v], v ? def->grat / 5 : def->grat, v == 0, vs + 1,
                                 nv - 1)))
            break;
        if (def->nroute && (st = draw_route(&m, &vs[v], route_sym, def->nroute)))
            break;
        if (v == 0)
            for (size_t i = 1; i < nv && !st; i++) {
                /* the inset's area on the main map */
                pathb pb = {0};
                int err = 0;
                m.b.n = 0;
                for (int k = 0; k < 4; k++) {
                    double gx = k == 0 || k == 3 ? vs[i].v.r.x0 : vs[i].v.r.x1;
                    double gy = k < 2 ? vs[i].v.r.y0 : vs[i].v.r.y1, lon, lat;
                    pt q;
                    to_geo(&vs[i].v, gx, gy, &lon, &lat);
                    to_page(&vs[0].v, lon, lat, &q);
                    err |= pb_push(&m.b, q.x, q.y);
                }
                err |= pb_push(&m.b, m.b.p[0].x, m.b.p[0].y);
                if (!err && add_clipped_line(&m, &pb, m.b.p, m.b.n, vs[0].v.r, 1))
                    err = 1;
                st = err ? oom(&m) : pathb_emit(&m, &pb, 0, C_BLACK, 1, C_BLACK, 0.6);
                pathb_free(&pb);
                /* the inset covers the main view: nothing goes under it */
                if (!st && add_hard(&m, rect_grow(vs[i].v.r, 1.5), 0))
                    st = oom(&m);
            }
        if (!st)
            st = symbols_view(&m, &vs[v], used);
        if (!st) {
            /* the frame; insets get a white rim to stand off the map */
            bk_path *f = bk_page_add_rect(page, vs[v].v.r.x0, vs[v].v.r.y0,
                                          vs[v].v.r.x1 - vs[v].v.r.x0,
                                          vs[v].v.r.y1 - vs[v].v.r.y0);
            if (!f) {
                st = oom(&m);
                break;
            }
            f->stroke = 1;
            f->stroke_color = C_BLACK;
            f->line_width = v ? 0.7 : 0.8;
            m.stats->paths++;
        }
        if (!st && v && vs[v].vd->def->title) {
            label T = {0};
            st = label_add(&m, &T, "map-title", tr_get(vs[v].vd->def->title, m.li), C_BLACK,
                           vs[v].v.r.x1 - vs[v].v.r.x0 - 6);
            /* bottom left: the places of both insets crowd their tops */
            rect tb = {vs[v].v.r.x0 + 2.5, vs[v].v.r.y0 + 2.5, vs[v].v.r.x0 + 2.5 + T.w,
                       vs[v].v.r.y0 + 2.5 + T.h};
            if (!st && add_hard(&m, rect_grow(tb, 1), (int)v))
                st = oom(&m);
            if (!st)
                st = label_draw(&m, &T, tb.x0, tb.y1, AL_LEFT);
            label_free(&T);
        }
    }
    if (st)
        goto done;
    if (def->north_arrow && (st = draw_north(&m, &vs[0])))
        goto done;
    int walls = 0;
    for (size_t v = 0; v < nv; v++)
        walls |= vs[v].vd->def->walls != NULL;
    if ((st = draw_legend(&m, &vs[0], used, pt_per_km, clat, walls)))
        goto done;

    /* 4. labels, main view first (its places matter most), then insets */
    for (size_t v = 0; v < nv && !st; v++)
        st = label_view(&m, &vs[v]);
    if (st)
        goto done;

    /* 5. the credit line at the foot of the rectangle */
    st = label_draw(&m, &credit, x, vs[0].v.r.y0 - probe.h - 4, AL_LEFT);
done:
    bk_buf_release(&cr);
    label_free(&credit);
    label_free(&probe);
    free(route_sym);
    free(m.hard);
    free(m.soft);
    free(m.a.p);
    free(m.b.p);
    free(m.c.p);
    return st;
}
