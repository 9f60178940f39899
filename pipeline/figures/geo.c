/* geo.c — GMT multisegment reader and map projections (see geo.h). */
#include "geo.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

#define DEG (M_PI / 180.0)
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct bk_geo_layer {
    size_t n, cap;
    bk_geo_seg *segs;
};

/* The column of p in its line, in characters (as every message counts). */
static long col_of(const char *line0, const char *p)
{
    long l, c;
    bk_utf8_position(line0, (size_t)(p - line0), &l, &c);
    return c;
}

static void seg_release(bk_geo_seg *s)
{
    free(s->pt);
    for (size_t i = 0; i < 2 * s->nattrs; i++)
        free(s->attrs[i]);
    free(s->attrs);
    /* kind points into attrs or at a literal: nothing of its own */
}

void bk_geo_layer_free(bk_geo_layer *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        seg_release(&l->segs[i]);
    free(l->segs);
    free(l);
}

size_t bk_geo_layer_count(const bk_geo_layer *l) { return l->n; }

const bk_geo_seg *bk_geo_layer_seg(const bk_geo_layer *l, size_t i)
{
    return i < l->n ? &l->segs[i] : NULL;
}

const char *bk_geo_seg_attr(const bk_geo_seg *s, const char *key)
{
    for (size_t i = 0; i < s->nattrs; i++)
        if (strcmp(s->attrs[2 * i], key) == 0)
            return s->attrs[2 * i + 1];
    return NULL;
}

void bk_geo_layer_bounds(const bk_geo_layer *l, double box[4])
{
    int any = 0;
    box[0] = box[1] = box[2] = box[3] = 0;
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < l->segs[i].n; k++) {
            bk_geo_pt p = l->segs[i].pt[k];
            if (!any || p.lon < box[0])
                box[0] = p.lon;
            if (!any || p.lon > box[1])
                box[1] = p.lon;
            if (!any || p.lat < box[2])
                box[2] = p.lat;
            if (!any || p.lat > box[3])
                box[3] = p.lat;
            any = 1;
        }
}

double bk_geo_ring_area2(const bk_geo_pt *pt, size_t n)
{
    double a = 0;
    for (size_t i = 0; i + 1 < n; i++)
        a += pt[i].lon * pt[i + 1].lat - pt[i + 1].lon * pt[i].lat;
    if (n > 1) /* an open ring is closed implicitly */
        a += pt[n - 1].lon * pt[0].lat - pt[0].lon * pt[n - 1].lat;
    return a;
}

/* ---- reading ---------------------------------------------------------------- */

typedef struct reader {
    bk_ctx *ctx;
    const char *name;
    int flags;
    bk_geo_layer *l;
    long ring_id;     /* id of the last outer ring (polygons), -1 if none */
    int have_ring;
} reader;

static bk_status oom(reader *r)
{
    return bk_diag_error(r->ctx->diag, BK_EINTERNAL, r->name, 0, 0, "out of memory");
}

static bk_geo_seg *new_seg(reader *r, long line)
{
    bk_geo_layer *l = r->l;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        bk_geo_seg *s = realloc(l->segs, cap * sizeof(*s));
        if (!s)
            return NULL;
        l->segs = s;
        l->cap = cap;
    }
    bk_geo_seg *s = &l->segs[l->n++];
    memset(s, 0, sizeof(*s));
    s->kind = "";
    s->line = line;
    return s;
}

static int push_attr(bk_geo_seg *s, const char *k, size_t kl, const char *v,
                     size_t vl)
{
    char **a = realloc(s->attrs, 2 * (s->nattrs + 1) * sizeof(*a));
    if (!a)
        return -1;
    s->attrs = a;
    a[2 * s->nattrs] = bk_strndup(k, kl);
    a[2 * s->nattrs + 1] = bk_strndup(v, vl);
    if (!a[2 * s->nattrs] || !a[2 * s->nattrs + 1]) {
        free(a[2 * s->nattrs]);
        free(a[2 * s->nattrs + 1]);
        return -1;
    }
    s->nattrs++;
    return 0;
}

/* Parses a positive integer attribute value; -1 if malformed. */
static long parse_id(const char *v)
{
    if (!*v || !isdigit((unsigned char)*v))
        return -1;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (*end || errno || x <= 0)
        return -1;
    return x;
}

/* Checks the segment that just ended: point count, closure, hole links. */
static bk_status finish_seg(reader *r)
{
    if (!r->l->n)
        return BK_OK;
    bk_geo_seg *s = &r->l->segs[r->l->n - 1];
    if (s->n < 2)
        return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, s->line, 1,
                             "segment has %zu point%s: a segment needs at least 2",
                             s->n, s->n == 1 ? "" : "s");
    if (r->flags & BK_GEO_POLYGONS) {
        if (s->n < 4)
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, s->line, 1,
                                 "polygon ring has %zu points: a ring needs at least 4 "
                                 "(3 corners and the first point again)", s->n);
        if (s->pt[0].lon != s->pt[s->n - 1].lon || s->pt[0].lat != s->pt[s->n - 1].lat)
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, s->line, 1,
                                 "polygon ring is not closed: its last point (%g %g) "
                                 "differs from its first (%g %g)",
                                 s->pt[s->n - 1].lon, s->pt[s->n - 1].lat,
                                 s->pt[0].lon, s->pt[0].lat);
    }
    return BK_OK;
}

/* A header line: "> word key=value -Ph ...". */
static bk_status header(reader *r, const char *p, const char *end, long line)
{
    bk_status st;
    if ((st = finish_seg(r)))
        return st;
    bk_geo_seg *s = new_seg(r, line);
    if (!s)
        return oom(r);
    const char *line0 = p - 1; /* the '>' */
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *t = p;
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        if (t == p)
            break;
        const char *eq = memchr(t, '=', (size_t)(p - t));
        int pushed;
        if (eq)
            pushed = push_attr(s, t, (size_t)(eq - t), eq + 1, (size_t)(p - eq - 1));
        else
            pushed = push_attr(s, t, (size_t)(p - t), "", 0);
        if (pushed)
            return oom(r);
        const char *k = s->attrs[2 * (s->nattrs - 1)], *v = s->attrs[2 * s->nattrs - 1];
        long col = col_of(line0, t);
        if (!eq && strcmp(k, "-Ph") == 0)
            s->hole = 1;
        else if (!eq && !*s->kind && k[0] != '-')
            s->kind = k;
        else if (eq && strcmp(k, "hole-of") == 0) {
            if ((s->hole_of = parse_id(v)) < 0)
                return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, col,
                                     "hole-of=%s: expected the id of a ring (a positive "
                                     "integer)", v);
        } else if (eq && strcmp(k, "id") == 0 && parse_id(v) < 0)
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, col,
                                 "id=%s: expected a positive integer", v);
    }
    if (s->hole_of && !s->hole)
        s->hole = 1; /* hole-of alone says as much as -Ph */
    if (r->flags & BK_GEO_POLYGONS) {
        if (s->hole) {
            if (!r->have_ring)
                return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, 1,
                                     "a hole (-Ph) must follow the ring it is a hole of");
            if (s->hole_of && s->hole_of != r->ring_id)
                return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, 1,
                                     "hole-of=%ld, but the ring before it has id=%ld",
                                     s->hole_of, r->ring_id);
            s->hole_of = r->ring_id;
        } else {
            const char *id = bk_geo_seg_attr(s, "id");
            r->have_ring = 1;
            r->ring_id = id ? parse_id(id) : 0;
        }
    }
    return BK_OK;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == ',' || c == '\r'; }

/* A point line: two finite numbers, lon then lat. */
/* Powers of ten a double holds exactly. */
static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* t[0..n) as a plain decimal ("-117.7205") of at most 15 significant
 * digits and 22 decimals, or -1 for anything else. Such a number is the
 * quotient of two doubles held exactly, which IEEE division rounds
 * correctly, as strtod does: the same double, without strtod's cost (the
 * layers hold tens of thousands of coordinates). Clinger's fast path. */
static int plain_decimal(const char *t, size_t n, double *out)
{
    size_t i = 0;
    int neg = 0, digits = 0, frac = 0, any = 0;
    unsigned long long m = 0;
    if (i < n && (t[i] == '-' || t[i] == '+'))
        neg = t[i++] == '-';
    for (int in_frac = 0; i < n; i++) {
        if (t[i] == '.' && !in_frac) {
            in_frac = 1;
            continue;
        }
        if (t[i] < '0' || t[i] > '9')
            return -1;
        if ((m || t[i] != '0') && ++digits > 15)
            return -1;
        m = m * 10 + (unsigned)(t[i] - '0');
        frac += in_frac;
        any = 1;
    }
    if (!any || frac > 22)
        return -1;
    double v = frac ? (double)m / exact_pow10[frac] : (double)m;
    *out = neg ? -v : v;
    return 0;
}

static bk_status point(reader *r, const char *line0, const char *end, long line)
{
    double v[2];
    const char *p = line0;
    for (int i = 0; i < 2; i++) {
        while (p < end && is_blank(*p))
            p++;
        const char *t = p;
        if (p == end)
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, col_of(line0, t),
                                 "expected two numbers \"lon lat\", found %d", i);
        char buf[64];
        while (p < end && !is_blank(*p))
            p++;
        size_t tl = (size_t)(p - t);
        int bad = tl >= sizeof buf || !tl;
        if (!bad && plain_decimal(t, tl, &v[i]) != 0) {
            char *e = NULL;
            memcpy(buf, t, tl);
            buf[tl] = 0;
            v[i] = strtod(buf, &e);
            bad = *e != 0;
        }
        if (bad || !isfinite(v[i]))
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, col_of(line0, t),
                                 "\"%.*s\" is not a finite number", (int)(tl < 40 ? tl : 40), t);
        if (i == 0 && (v[0] < -180 || v[0] > 360))
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, col_of(line0, t),
                                 "longitude %g is outside [-180, 360]", v[0]);
        if (i == 1 && (v[1] < -90 || v[1] > 90))
            return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, col_of(line0, t),
                                 "latitude %g is outside [-90, 90]", v[1]);
    }
    while (p < end && is_blank(*p))
        p++;
    if (p < end)
        return bk_diag_error(r->ctx->diag, BK_EINPUT, r->name, line, col_of(line0, p),
                             "expected two numbers \"lon lat\", found more");
    if (!r->l->n) {
        /* points before any header: a segment of their own */
        if (!new_seg(r, line))
            return oom(r);
        if (r->flags & BK_GEO_POLYGONS) {
            r->have_ring = 1;
            r->ring_id = 0;
        }
    }
    bk_geo_seg *s = &r->l->segs[r->l->n - 1];
    /* capacity doubles at powers of two: grow when n is 0 or a power of 2
     * at or above 8 */
    if (s->n == 0 || (s->n >= 8 && (s->n & (s->n - 1)) == 0)) {
        size_t cap = s->n ? 2 * s->n : 8;
        bk_geo_pt *np = realloc(s->pt, cap * sizeof(*np));
        if (!np)
            return oom(r);
        s->pt = np;
    }
    s->pt[s->n].lon = v[0];
    s->pt[s->n].lat = v[1];
    s->n++;
    return BK_OK;
}

bk_status bk_geo_parse(bk_ctx *ctx, const char *name, const char *data,
                       size_t len, int flags, bk_geo_layer **out)
{
    bk_status st = BK_OK;
    reader r = {.ctx = ctx, .name = name, .flags = flags};
    *out = NULL;
    if (len > BK_MAX_SOURCE_BYTES)
        return bk_diag_error(ctx->diag, BK_EINPUT, name, 0, 0,
                             "file is larger than %u bytes", BK_MAX_SOURCE_BYTES);
    r.l = calloc(1, sizeof(*r.l));
    if (!r.l)
        return oom(&r);
    const char *p = data, *end = data + len;
    long line = 0;
    while (p < end && !st) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (memchr(p, '\0', (size_t)(le - p))) {
            st = bk_diag_error(ctx->diag, BK_EINPUT, name, line,
                               col_of(p, memchr(p, '\0', (size_t)(le - p))),
                               "NUL byte in a text file");
            break;
        }
        const char *q = p;
        while (q < le && is_blank(*q))
            q++;
        if (q == le || *q == '#')
            ; /* blank or comment */
        else if (*q == '>')
            st = header(&r, q + 1, le > q && le[-1] == '\r' ? le - 1 : le, line);
        else
            st = point(&r, p, le, line);
        p = nl ? nl + 1 : end;
    }
    if (!st)
        st = finish_seg(&r);
    if (!st && !r.l->n)
        st = bk_diag_error(ctx->diag, BK_EINPUT, name, 0, 0, "no points: an empty GMT file");
    if (st) {
        bk_geo_layer_free(r.l);
        return st;
    }
    *out = r.l;
    return BK_OK;
}

bk_status bk_geo_read(bk_ctx *ctx, const char *path, int flags,
                      bk_geo_layer **out)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    bk_status st = bk_file_read(ctx, path, BK_MAX_SOURCE_BYTES, &data, &len);
    if (!st)
        st = bk_geo_parse(ctx, path, data, len, flags, out);
    free(data);
    return st;
}

/* ---- projections ------------------------------------------------------------ */

static bk_status check_ellipsoid(bk_ctx *ctx, double a, double e2)
{
    if (!(a > 0) || !isfinite(a) || !(e2 >= 0 && e2 < 1))
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "bad ellipsoid: a=%g, e2=%g (need a > 0, 0 <= e2 < 1)", a, e2);
    return BK_OK;
}

/* Snyder 14-15: m = cos phi / sqrt(1 - e^2 sin^2 phi). */
static double msfn(double e, double phi)
{
    double s = e * sin(phi);
    return cos(phi) / sqrt(1 - s * s);
}

/* Snyder 15-9 (and 7-7 inverted): t = tan(pi/4 - phi/2) /
 * ((1 - e sin phi) / (1 + e sin phi))^(e/2). */
static double tsfn(double e, double phi)
{
    double s = e * sin(phi);
    return tan(M_PI / 4 - phi / 2) / pow((1 - s) / (1 + s), e / 2);
}

/* Snyder 7-9: phi from t by iteration (converges in a few steps for the
 * Earth's eccentricity). */
static double phi_of_t(double e, double t)
{
    double phi = M_PI / 2 - 2 * atan(t);
    for (int i = 0; i < 30; i++) {
        double s = e * sin(phi);
        double next = M_PI / 2 - 2 * atan(t * pow((1 - s) / (1 + s), e / 2));
        if (fabs(next - phi) < 1e-14) {
            phi = next;
            break;
        }
        phi = next;
    }
    return phi;
}

static double wrap_pi(double l)
{
    while (l > M_PI)
        l -= 2 * M_PI;
    while (l < -M_PI)
        l += 2 * M_PI;
    return l;
}

bk_status bk_proj_mercator(bk_ctx *ctx, bk_proj *p, double a, double e2,
                           double lon0, double lat_ts)
{
    bk_status st = check_ellipsoid(ctx, a, e2);
    if (st)
        return st;
    if (!(fabs(lat_ts) < 90))
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "Mercator: latitude of true scale %g must be within (-90, 90)",
                             lat_ts);
    memset(p, 0, sizeof(*p));
    p->kind = BK_PROJ_MERCATOR;
    p->a = a;
    p->e = sqrt(e2);
    p->lon0 = lon0 * DEG;
    p->k0 = msfn(p->e, lat_ts * DEG); /* Snyder 7-6 with k0 making lat_ts true */
    return BK_OK;
}

bk_status bk_proj_lcc(bk_ctx *ctx, bk_proj *p, double a, double e2,
                      double lon0, double lat0, double lat1, double lat2)
{
    bk_status st = check_ellipsoid(ctx, a, e2);
    if (st)
        return st;
    if (!(fabs(lat1) < 90 && fabs(lat2) < 90 && fabs(lat0) < 90) ||
        fabs(lat1 + lat2) < 1e-9)
        return bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                             "Lambert conic: standard parallels %g and %g (origin %g) "
                             "must be within (-90, 90) and not symmetric about the equator",
                             lat1, lat2, lat0);
    memset(p, 0, sizeof(*p));
    p->kind = BK_PROJ_LCC;
    p->a = a;
    p->e = sqrt(e2);
    p->lon0 = lon0 * DEG;
    double f1 = lat1 * DEG, f2 = lat2 * DEG;
    double m1 = msfn(p->e, f1), m2 = msfn(p->e, f2);
    double t1 = tsfn(p->e, f1), t2 = tsfn(p->e, f2), t0 = tsfn(p->e, lat0 * DEG);
    /* Snyder 15-8, or n = sin phi1 for one standard parallel (15-8 is 0/0) */
    p->n = fabs(f1 - f2) > 1e-10 ? (log(m1) - log(m2)) / (log(t1) - log(t2)) : sin(f1);
    p->F = m1 / (p->n * pow(t1, p->n));   /* 15-10 */
    p->rho0 = a * p->F * pow(t0, p->n);   /* 15-7 at lat0 */
    return BK_OK;
}

int bk_proj_forward(const bk_proj *p, double lon, double lat, double *x,
                    double *y)
{
    double phi = lat * DEG, lam = wrap_pi(lon * DEG - p->lon0);
    if (p->kind == BK_PROJ_MERCATOR) {
        if (!(fabs(lat) < 90))
            return -1;
        /* Snyder 7-6, 7-7: y = a k0 ln(1/t) */
        *x = p->a * p->k0 * lam;
        *y = -p->a * p->k0 * log(tsfn(p->e, phi));
        return 0;
    }
    if (p->kind == BK_PROJ_LCC) {
        double rho;
        if (fabs(fabs(phi) - M_PI / 2) < 1e-12) {
            /* the pole on the cone's side is its apex; the other cannot
             * be shown */
            if (phi * p->n <= 0)
                return -1;
            rho = 0;
        } else
            rho = p->a * p->F * pow(tsfn(p->e, phi), p->n); /* 15-7 */
        double theta = p->n * lam;                            /* 14-4 */
        *x = rho * sin(theta);                                /* 14-1 */
        *y = p->rho0 - rho * cos(theta);                      /* 14-2 */
        return 0;
    }
    return -1;
}

int bk_proj_inverse(const bk_proj *p, double x, double y, double *lon,
                    double *lat)
{
    if (p->kind == BK_PROJ_MERCATOR) {
        double t = exp(-y / (p->a * p->k0)); /* 7-10 */
        *lat = phi_of_t(p->e, t) / DEG;
        *lon = wrap_pi(x / (p->a * p->k0) + p->lon0) / DEG;
        return 0;
    }
    if (p->kind == BK_PROJ_LCC) {
        double sgn = p->n < 0 ? -1 : 1;
        double rho = sgn * sqrt(x * x + (p->rho0 - y) * (p->rho0 - y)); /* 14-10 */
        double theta = atan2(sgn * x, sgn * (p->rho0 - y));            /* 14-11 */
        if (rho == 0) {
            *lat = sgn * 90;
            *lon = p->lon0 / DEG;
            return 0;
        }
        double t = pow(rho / (p->a * p->F), 1 / p->n);                 /* 15-11 */
        *lat = phi_of_t(p->e, t) / DEG;
        *lon = wrap_pi(theta / p->n + p->lon0) / DEG;
        return 0;
    }
    return -1;
}

double bk_proj_scale(const bk_proj *p, double lat)
{
    double phi = lat * DEG;
    if (p->kind == BK_PROJ_MERCATOR)
        return p->k0 / msfn(p->e, phi); /* 7-8 */
    if (p->kind == BK_PROJ_LCC) {
        double rho = p->a * p->F * pow(tsfn(p->e, phi), p->n);
        return rho * p->n / (p->a * msfn(p->e, phi)); /* 15-4 */
    }
    return 1;
}
