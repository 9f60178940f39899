/* pdf.c — the PDF backend (see pdf.h and ARCHITECTURE.md, "PDF output:
 * HarfBuzz glyphs through libharu").
 *
 * libharu makes the document, pages, paths, annotations, outlines, the info
 * dictionary and the file structure. Its text API takes characters, not
 * glyph ids, and cannot embed CFF, so fonts are built here from libharu's
 * object API (Type0 over CIDFontType2/CIDFontType0, subset with hb-subset)
 * and text is written as raw operators into the page content stream.
 *
 * This is the only file of the project that includes libharu headers.
 */
#include "pdf.h"

#include <hpdf.h>
#include <hpdf_annotation.h>
#include <hpdf_destination.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "impose.h"
#include "shape.h"

/* Longest cluster text (UTF-16 code units) put into a ToUnicode entry; the
 * CMap format limits a destination string to 512 bytes. Longer clusters
 * are left to ActualText. */
#define MAX_TOUNICODE_UNITS 32
/* Entries per beginbfchar/beginbfrange block (the CMap format's limit). */
#define CMAP_BLOCK 100
/* Deepest outline level kept apart; deeper bookmarks nest at this level. */
#define MAX_OUTLINE_LEVEL 16

/* ---- job state --------------------------------------------------------- */

/* What libharu's error handler records: libharu calls it from deep inside
 * its functions, so it only notes the code and the caller checks. */
typedef struct hpdf_err {
    HPDF_STATUS code, detail;
} hpdf_err;

/* A glyph's text as recorded for the ToUnicode CMap: a slice of some run's
 * text (the frames outlive the write). */
typedef struct uni_slice {
    const char *s;
    uint32_t len;
} uni_slice;

/* Per font of the fontset: which glyphs the document uses, what they map to,
 * and the PDF font object built for them. */
typedef struct font_use {
    bk_font *font;       /* NULL while no run uses the font */
    unsigned nglyphs;    /* glyph count of the face */
    unsigned char *used; /* used[old gid] */
    size_t nused;
    uni_slice *uni;      /* ToUnicode text per old gid (s == NULL: none) */
    uint32_t *map;       /* old gid -> new gid, from bk_face_subset */
    uint32_t *code;      /* old gid -> character code in content (= CID) */
    int *width;          /* old gid -> advance in 1/1000 em, as in /W */
    HPDF_Dict type0;     /* the Type0 font dictionary */
} font_use;

/* A named destination: where BK_ITEM_ANCHOR put it. */
typedef struct anchor_ref {
    const char *name;
    size_t page;
    double y;
} anchor_ref;

typedef struct job {
    bk_ctx *ctx;
    const bk_frames *frames;
    bk_fontset *fonts;
    const char *path;
    int compress;
    hpdf_err err;
    HPDF_Doc pdf;
    HPDF_Page *pages;
    font_use *fu;
    size_t nfu;
    anchor_ref *anchors;
    size_t nanchors;
    HPDF_Outline outline_stack[MAX_OUTLINE_LEVEL];
    /* output kind and its geometry (pdf.h) */
    bk_pdf_kind kind;
    double ox, oy;       /* where the trim's origin lies on a page */
    double bleed;        /* print: bleed box beyond the trim */
    double mark_start, mark_length; /* print: crop marks from the trim */
    HPDF_Array registration; /* print: the /Separation /All colour space */
    bk_impose_plan plan; /* imposed: sheet sides */
    HPDF_Dict *forms;    /* imposed: a Form XObject per frame */
    double cell_w, cell_h; /* imposed: the largest trim size */
    double sheet_w, sheet_h; /* imposed: the sheet */
} job;

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail,
                                       void *user)
{
    hpdf_err *e = user;
    if (e->code == HPDF_OK) {
        e->code = code;
        e->detail = detail;
    }
}

/* Records a libharu failure while doing `what`. The code comes from the
 * handler, or from the document when the failing call only set it (the
 * object API sets errors without calling the handler). */
static bk_status hpdf_fail(job *j, const char *what)
{
    HPDF_STATUS code = j->err.code, detail = j->err.detail;
    if (code == HPDF_OK && j->pdf) {
        code = HPDF_GetError(j->pdf);
        detail = HPDF_GetErrorDetail(j->pdf);
    }
    if (code == HPDF_OK) /* only our own allocations fail silently */
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: out of memory while %s", what);
    return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                         "PDF: libharu error 0x%04X (detail %u) while %s",
                         (unsigned)code, (unsigned)detail, what);
}

static bk_status oom(job *j)
{
    return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                         "PDF: out of memory");
}

/* ---- text helpers ------------------------------------------------------ */

/* Decodes one code point; malformed bytes become U+FFFD so that a bad run
 * text cannot make the writer read past its end. */
static uint32_t utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = p[0];
    size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || len > left || len > 4) {
        *i += 1;
        return 0xFFFD;
    }
    if (len == 1) {
        *i += 1;
        return c;
    }
    c &= 0x7Fu >> len;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        c = (c << 6) | (p[k] & 0x3F);
    }
    *i += len;
    return c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ? 0xFFFD : c;
}

static size_t count_codepoints(const char *s, size_t n)
{
    size_t i = 0, k = 0;
    while (i < n) {
        utf8_next(s, n, &i);
        k++;
    }
    return k;
}

/* Writes v as at least four upper-case hex digits ("%04X" without printf,
 * which costs far more than the digits) into out (at least 8 bytes);
 * returns the number of digits. */
static size_t hex4(char *out, uint32_t v)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t n = 4;
    while (n < 8 && (v >> (4 * n)) != 0)
        n++;
    for (size_t k = 0; k < n; k++)
        out[k] = digits[(v >> (4 * (n - 1 - k))) & 0xF];
    return n;
}

static int put_hex4(bk_buf *b, uint32_t v)
{
    char h[8];
    return bk_buf_append(b, h, hex4(h, v));
}

/* Appends UTF-8 text as UTF-16BE hex digits (surrogate pairs beyond the
 * BMP); returns the number of code units, or -1 on OOM. */
static long put_utf16_hex(bk_buf *b, const char *s, size_t n)
{
    long units = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = utf8_next(s, n, &i);
        int r;
        if (c >= 0x10000) {
            c -= 0x10000;
            r = put_hex4(b, 0xD800 + (c >> 10)) | put_hex4(b, 0xDC00 + (c & 0x3FF));
            units += 2;
        } else {
            r = put_hex4(b, c);
            units += 1;
        }
        if (r < 0)
            return -1;
    }
    return units;
}

/* UTF-16 code units the text needs. */
static size_t utf16_units(const char *s, size_t n)
{
    size_t i = 0, units = 0;
    while (i < n)
        units += utf8_next(s, n, &i) >= 0x10000 ? 2 : 1;
    return units;
}

/* Appends a number with at most 3 decimals, without trailing zeros.
 * Formatted by hand: printf would follow LC_NUMERIC (a decimal comma would
 * corrupt the content stream), and costs several times more. */
static int put_num(bk_buf *b, double v)
{
    if (!isfinite(v))
        v = 0;
    long long t = llround(v * 1000.0);
    if (t == 0)
        return bk_buf_append(b, "0", 1);
    /* digits from the right: at most 20 + '.' + 3 + '-' */
    char s[32], *e = s + sizeof s, *p = e;
    unsigned long long a = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
    unsigned long long ip = a / 1000;
    unsigned fp = (unsigned)(a % 1000);
    if (fp != 0) {
        int nd = 3;
        for (; fp % 10 == 0; nd--)
            fp /= 10; /* no trailing zeros */
        for (int k = 0; k < nd; k++, fp /= 10)
            *--p = (char)('0' + fp % 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (t < 0)
        *--p = '-';
    return bk_buf_append(b, p, (size_t)(e - p));
}

/* A PDF text string object: literal when plain printable ASCII (which is
 * the same in PDFDocEncoding), else UTF-16BE with a byte order mark. */
static void *text_string(HPDF_MMgr mm, const char *s)
{
    /* libharu refuses strings over HPDF_LIMIT_MAX_STRING_LEN bytes; a title
     * that long is cut at a character boundary rather than failing */
    size_t n = strlen(s);
    if (n > HPDF_LIMIT_MAX_STRING_LEN / 4 - 1) {
        n = HPDF_LIMIT_MAX_STRING_LEN / 4 - 1;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
            ascii = 0;
    if (ascii) {
        char *cut = bk_strndup(s, n);
        void *obj = cut ? HPDF_String_New(mm, cut, NULL) : NULL;
        free(cut);
        return obj;
    }
    size_t cap = 2 + 2 * n, k = 0; /* a UTF-8 byte gives at most 2 bytes */
    unsigned char *u = malloc(cap);
    if (!u)
        return NULL;
    u[k++] = 0xFE;
    u[k++] = 0xFF;
    for (size_t i = 0; i < n;) {
        uint32_t c = utf8_next(s, n, &i);
        if (c >= 0x10000) {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            u[k++] = (unsigned char)(hi >> 8);
            u[k++] = (unsigned char)hi;
            u[k++] = (unsigned char)(lo >> 8);
            u[k++] = (unsigned char)lo;
        } else {
            u[k++] = (unsigned char)(c >> 8);
            u[k++] = (unsigned char)c;
        }
    }
    void *obj = HPDF_Binary_New(mm, u, (HPDF_UINT)k);
    free(u);
    return obj;
}

/* ---- clusters ---------------------------------------------------------- */

/* A cluster of a glyph run: glyphs [g0, g1) showing text [t0, t1). Text
 * before the first cluster belongs to the first one and text after the
 * last cluster start to the last one, so clusters cover the whole run text
 * and extraction gives back all of it. */
typedef struct cluster {
    size_t g0, g1;
    size_t t0, t1;
} cluster;

static int next_cluster(const bk_glyph_run *r, size_t g, cluster *c)
{
    if (g >= r->n)
        return 0;
    size_t e = g + 1;
    while (e < r->n && r->cluster[e] == r->cluster[g])
        e++;
    c->g0 = g;
    c->g1 = e;
    c->t0 = g == 0 ? 0 : r->cluster[g];
    c->t1 = e < r->n ? r->cluster[e] : r->textlen;
    if (c->t0 > r->textlen)
        c->t0 = r->textlen;
    if (c->t1 > r->textlen)
        c->t1 = r->textlen;
    if (c->t1 < c->t0) /* clusters out of order: show no text for it */
        c->t1 = c->t0;
    return 1;
}

static int slice_eq(uni_slice a, const char *s, size_t n)
{
    return a.s && a.len == n && memcmp(a.s, s, n) == 0;
}

/* ---- pass 1: glyph sets ------------------------------------------------ */

static bk_status use_font(job *j, int num, font_use **out)
{
    if (num < 0 || (size_t)num >= j->nfu)
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: glyph run names font %d, fontset has %zu",
                             num, j->nfu);
    font_use *u = &j->fu[num];
    if (!u->font) {
        bk_font *f = bk_fontset_font(j->ctx, j->fonts, (size_t)num);
        if (!f || !f->face) {
            if (bk_diag_error_status(j->ctx->diag) != BK_OK)
                return bk_diag_error_status(j->ctx->diag);
            return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: cannot open font %d", num);
        }
        u->nglyphs = bk_face_glyph_count(f->face);
        u->used = calloc(u->nglyphs, 1);
        u->uni = calloc(u->nglyphs, sizeof(*u->uni));
        u->map = calloc(u->nglyphs, sizeof(*u->map));
        u->code = calloc(u->nglyphs, sizeof(*u->code));
        u->width = calloc(u->nglyphs, sizeof(*u->width));
        if (!u->used || !u->uni || !u->map || !u->code || !u->width)
            return oom(j);
        u->font = f;
        /* .notdef is in every subset and gets a width like any glyph */
        u->used[0] = 1;
        u->nused = 1;
    }
    *out = u;
    return BK_OK;
}

/* Marks the glyphs of a run as used and records, for glyphs that form a
 * cluster alone, the cluster text as the glyph's ToUnicode mapping. The
 * first text seen wins; later different texts get ActualText (pass 2). */
static bk_status collect_run(job *j, const bk_glyph_run *r)
{
    font_use *u = NULL;
    bk_status st = use_font(j, r->font, &u);
    if (st)
        return st;
    if (r->n && (!r->gids || !r->advance || !r->cluster || !r->text))
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: glyph run without glyph arrays");
    for (size_t i = 0; i < r->n; i++) {
        if (r->gids[i] >= u->nglyphs)
            return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: glyph %u beyond the %u glyphs of font '%s'",
                                 (unsigned)r->gids[i], u->nglyphs,
                                 u->font->id);
        if (!u->used[r->gids[i]]) {
            u->used[r->gids[i]] = 1;
            u->nused++;
        }
    }
    cluster c;
    for (size_t g = 0; next_cluster(r, g, &c); g = c.g1) {
        if (c.g1 - c.g0 != 1 || c.t1 == c.t0)
            continue;
        uint32_t gid = r->gids[c.g0];
        if (u->uni[gid].s ||
            utf16_units(r->text + c.t0, c.t1 - c.t0) > MAX_TOUNICODE_UNITS)
            continue;
        u->uni[gid].s = r->text + c.t0;
        u->uni[gid].len = (uint32_t)(c.t1 - c.t0);
    }
    return BK_OK;
}

/* ---- CFF: which CID a subset glyph has --------------------------------- */

/* hb-subset keeps a CID-keyed CFF CID-keyed, and keeps each glyph's CID
 * from the original charset. A PDF viewer finds the glyph for a CID through
 * that charset, so the content must show CIDs, not new glyph ids. This
 * reads the charset of the subset CFF; a name-keyed CFF is shown by glyph
 * id (ISO 32000-1, 9.7.4.2). */
typedef struct cff_rd {
    const unsigned char *p;
    size_t n;
} cff_rd;

static int cff_index(cff_rd *d, size_t off, size_t *count, size_t *data0,
                     size_t *offs_at, unsigned *osz, size_t *end)
{
    if (off + 2 > d->n)
        return -1;
    *count = (size_t)d->p[off] << 8 | d->p[off + 1];
    if (*count == 0) {
        *end = off + 2;
        return 0;
    }
    if (off + 3 > d->n)
        return -1;
    *osz = d->p[off + 2];
    if (*osz < 1 || *osz > 4)
        return -1;
    *offs_at = off + 3;
    size_t last_at = *offs_at + *count * *osz;
    if (last_at + *osz > d->n)
        return -1;
    size_t last = 0;
    for (unsigned k = 0; k < *osz; k++)
        last = last << 8 | d->p[last_at + k];
    *data0 = last_at + *osz - 1; /* offsets are 1-based */
    *end = *data0 + last;
    return *end <= d->n ? 0 : -1;
}

static size_t cff_offset(cff_rd *d, size_t offs_at, unsigned osz, size_t i)
{
    size_t v = 0;
    for (unsigned k = 0; k < osz; k++)
        v = v << 8 | d->p[offs_at + i * osz + k];
    return v;
}

/* Reads a Top DICT: whether it has ROS, and the charset and CharStrings
 * offsets. */
static int cff_topdict(const unsigned char *p, size_t n, int *ros,
                       long *charset, long *charstrings)
{
    long ops[48];
    int nops = 0;
    for (size_t i = 0; i < n;) {
        unsigned b = p[i];
        if (b <= 21) {
            unsigned op = b;
            i++;
            if (b == 12) {
                if (i >= n)
                    return -1;
                op = 1200 + p[i++];
            }
            if (op == 1230)
                *ros = 1;
            else if (op == 15 && nops >= 1)
                *charset = ops[nops - 1];
            else if (op == 17 && nops >= 1)
                *charstrings = ops[nops - 1];
            nops = 0;
            continue;
        }
        long v = 0;
        if (b == 28) {
            if (i + 3 > n)
                return -1;
            v = (int16_t)(p[i + 1] << 8 | p[i + 2]);
            i += 3;
        } else if (b == 29) {
            if (i + 5 > n)
                return -1;
            v = (int32_t)((uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 |
                          (uint32_t)p[i + 3] << 8 | p[i + 4]);
            i += 5;
        } else if (b == 30) { /* real: skip nibbles up to 0xf */
            i++;
            while (i < n && (p[i] & 0x0F) != 0x0F && (p[i] >> 4) != 0x0F)
                i++;
            i++;
        } else if (b >= 32 && b <= 246) {
            v = (long)b - 139;
            i++;
        } else if (b >= 247 && b <= 250) {
            if (i + 2 > n)
                return -1;
            v = ((long)b - 247) * 256 + p[i + 1] + 108;
            i += 2;
        } else if (b >= 251 && b <= 254) {
            if (i + 2 > n)
                return -1;
            v = -((long)b - 251) * 256 - p[i + 1] - 108;
            i += 2;
        } else {
            return -1;
        }
        if (nops < 48)
            ops[nops++] = v;
    }
    return 0;
}

/* Reads the CID of every glyph of a subset CFF into *cid (malloc'd, one
 * entry per glyph, *nglyphs entries). Returns 0, or -1 when the CFF cannot
 * be read or memory runs out. */
static int cff_cids(const unsigned char *p, size_t n, uint32_t **cid,
                    size_t *nglyphs)
{
    cff_rd d = {p, n};
    size_t count, data0, offs_at, end;
    unsigned osz = 0;
    *cid = NULL;
    *nglyphs = 0;
    if (n < 4 || p[2] < 4)
        return -1;
    /* Name INDEX, then Top DICT INDEX */
    if (cff_index(&d, p[2], &count, &data0, &offs_at, &osz, &end))
        return -1;
    if (cff_index(&d, end, &count, &data0, &offs_at, &osz, &end) || count < 1)
        return -1;
    size_t a = data0 + cff_offset(&d, offs_at, osz, 0);
    size_t b = data0 + cff_offset(&d, offs_at, osz, 1);
    if (a > b || b > n)
        return -1;
    int ros = 0;
    long charset = 0, charstrings = -1;
    if (cff_topdict(p + a, b - a, &ros, &charset, &charstrings))
        return -1;
    if (charstrings <= 0 || (size_t)charstrings >= n)
        return -1;
    size_t ng;
    if (cff_index(&d, (size_t)charstrings, &ng, &data0, &offs_at, &osz, &end) ||
        ng == 0)
        return -1;
    uint32_t *c = malloc(ng * sizeof(*c));
    if (!c)
        return -1;
    for (size_t g = 0; g < ng; g++)
        c[g] = (uint32_t)g;
    *cid = c;
    *nglyphs = ng;
    /* name-keyed: CIDs are glyph ids; predefined charsets (offsets 0..2)
     * do not apply to CID fonts */
    if (!ros || charset <= 2)
        return 0;
    size_t at = (size_t)charset;
    if (at >= n)
        return -1;
    unsigned fmt = p[at++];
    size_t g = 1;
    if (fmt == 0) {
        for (; g < ng; g++, at += 2) {
            if (at + 2 > n)
                return -1;
            c[g] = (uint32_t)p[at] << 8 | p[at + 1];
        }
    } else if (fmt == 1 || fmt == 2) {
        while (g < ng) {
            size_t rl = fmt == 1 ? 3 : 4;
            if (at + rl > n)
                return -1;
            uint32_t first = (uint32_t)p[at] << 8 | p[at + 1];
            size_t left = fmt == 1 ? p[at + 2] : ((size_t)p[at + 2] << 8 | p[at + 3]);
            at += rl;
            for (size_t k = 0; k <= left && g < ng; k++)
                c[g++] = first + (uint32_t)k;
        }
    } else {
        return -1;
    }
    return 0;
}

/* ---- fonts ------------------------------------------------------------- */

/* Six capital letters from a hash of the font and its glyph set: a subset
 * tag (ISO 32000-1, 9.6.4) that changes when the subset does and stays the
 * same between builds. */
static void subset_tag(const font_use *u, const uint32_t *gids, size_t n,
                       char tag[7])
{
    HPDF_MD5_CTX md5;
    HPDF_BYTE dg[16];
    HPDF_MD5Init(&md5);
    const char *ps = u->font->info.ps_name ? u->font->info.ps_name : "";
    HPDF_MD5Update(&md5, (const HPDF_BYTE *)ps, (HPDF_UINT32)strlen(ps));
    for (size_t i = 0; i < n; i++) {
        HPDF_BYTE be[4] = {(HPDF_BYTE)(gids[i] >> 24), (HPDF_BYTE)(gids[i] >> 16),
                           (HPDF_BYTE)(gids[i] >> 8), (HPDF_BYTE)gids[i]};
        HPDF_MD5Update(&md5, be, 4);
    }
    HPDF_MD5Final(dg, &md5);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + dg[i] % 26);
    tag[6] = 0;
}

static int scale(const font_use *u, double v)
{
    unsigned upem = u->font->info.upem ? u->font->info.upem
                                       : bk_face_upem(u->font->face);
    return (int)lround(v * 1000.0 / (upem ? upem : 1000));
}

#ifndef BK_DEFLATE_LEVEL
#define BK_DEFLATE_LEVEL 1
#endif

/* Declares the stream compressed (libharu drops a /Filter entry of a
 * stream it does not compress itself; write_fn adds it back). */
static HPDF_STATUS write_flate_entry(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Writes data as the stream of d, Flate-compressed at BK_DEFLATE_LEVEL
 * when asked (libharu's own compression is fixed at zlib's level 6). */
static HPDF_STATUS put_stream(job *j, HPDF_Dict d, const void *data, size_t len)
{
    if (len > UINT32_MAX)
        return HPDF_STREAM_EOF; /* any error */
    d->filter = HPDF_STREAM_FILTER_NONE;
    if (!j->compress)
        return HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
    uLongf n = compressBound((uLong)len);
    unsigned char *z = malloc(n);
    HPDF_STATUS ret = HPDF_STREAM_EOF;
    if (z && compress2(z, &n, data, (uLong)len, BK_DEFLATE_LEVEL) == Z_OK &&
        n <= UINT32_MAX) {
        d->write_fn = write_flate_entry;
        ret = HPDF_Stream_Write(d->stream, z, (HPDF_UINT)n);
    }
    free(z);
    return ret;
}

/* A stream object holding data, Flate-compressed when asked. */
static HPDF_Dict data_stream(job *j, const void *data, size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(j->pdf->mmgr, j->pdf->xref);
    if (!s)
        return NULL;
    if (put_stream(j, s, data, len) != HPDF_OK)
        return NULL;
    return s;
}

typedef struct cmap_entry {
    uint32_t code;
    uni_slice text;
} cmap_entry;

static int cmp_cmap_entry(const void *a, const void *b)
{
    uint32_t x = ((const cmap_entry *)a)->code, y = ((const cmap_entry *)b)->code;
    return x < y ? -1 : x > y;
}

/* If the text is a single BMP code point (not a surrogate), returns it,
 * else -1: only those can share a bfrange. */
static long single_bmp(uni_slice t)
{
    size_t i = 0;
    uint32_t c = utf8_next(t.s, t.len, &i);
    return i == t.len && c < 0x10000 ? (long)c : -1;
}

/* Writes the entries [e, e+n) as blocks of at most CMAP_BLOCK, each
 * entry either a bfrange of `span[i]` codes or a bfchar. */
static int put_cmap_blocks(bk_buf *b, const cmap_entry *e, const size_t *at,
                           const size_t *span, size_t n, int ranges)
{
    int r = 0;
    const char *kw = ranges ? "bfrange" : "bfchar";
    for (size_t i = 0; i < n; i++) {
        if (i % CMAP_BLOCK == 0)
            r |= bk_buf_printf(b, "%zu begin%s\n",
                               n - i < CMAP_BLOCK ? n - i : (size_t)CMAP_BLOCK, kw);
        const cmap_entry *x = &e[at[i]];
        if (ranges) {
            /* "<%04X> <%04X> <%04lX>\n"; single_bmp is >= 0 in a range */
            r |= bk_buf_append(b, "<", 1) | put_hex4(b, x->code) |
                 bk_buf_append(b, "> <", 3) |
                 put_hex4(b, (uint32_t)(x->code + span[i] - 1)) |
                 bk_buf_append(b, "> <", 3) |
                 put_hex4(b, (uint32_t)single_bmp(x->text)) |
                 bk_buf_append(b, ">\n", 2);
        } else {
            r |= bk_buf_append(b, "<", 1) | put_hex4(b, x->code) |
                 bk_buf_append(b, "> <", 3);
            if (put_utf16_hex(b, x->text.s, x->text.len) < 0)
                r = -1;
            r |= bk_buf_puts(b, ">\n");
        }
        if (i % CMAP_BLOCK == CMAP_BLOCK - 1 || i + 1 == n)
            r |= bk_buf_printf(b, "end%s\n", kw);
    }
    return r;
}

/* The ToUnicode CMap of a font: character code (= CID) to UTF-16BE text.
 * Codes that step by one with their text form bfranges (within one high
 * byte of the code and of the text, as the format requires); the rest are
 * bfchars. */
static int build_tounicode(bk_buf *b, cmap_entry *e, size_t n)
{
    int r = 0;
    size_t nchar = 0, nrange = 0;
    size_t *chars = malloc((n ? n : 1) * sizeof(*chars));
    size_t *ranges = malloc((n ? n : 1) * sizeof(*ranges));
    size_t *spans = malloc((n ? n : 1) * sizeof(*spans));
    if (!chars || !ranges || !spans) {
        r = -1;
        goto done;
    }
    qsort(e, n, sizeof(*e), cmp_cmap_entry);
    for (size_t i = 0; i < n;) {
        long u0 = single_bmp(e[i].text);
        size_t k = 1;
        if (u0 >= 0)
            while (i + k < n && e[i + k].code == e[i].code + k &&
                   (e[i + k].code >> 8) == (e[i].code >> 8) &&
                   single_bmp(e[i + k].text) == u0 + (long)k &&
                   ((unsigned long)u0 & 0xFF) + k <= 0xFF)
                k++;
        if (k >= 2) {
            ranges[nrange] = i;
            spans[nrange++] = k;
        } else {
            chars[nchar++] = i;
        }
        i += k;
    }
    r |= bk_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
                        "12 dict begin\n"
                        "begincmap\n"
                        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                        "/Supplement 0 >> def\n"
                        "/CMapName /Adobe-Identity-UCS def\n"
                        "/CMapType 2 def\n"
                        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    r |= put_cmap_blocks(b, e, chars, NULL, nchar, 0);
    r |= put_cmap_blocks(b, e, ranges, spans, nrange, 1);
    r |= bk_buf_puts(b, "endcmap\n"
                        "CMapName currentdict /CMap defineresource pop\n"
                        "end\nend\n");
done:
    free(chars);
    free(ranges);
    free(spans);
    return r ? -1 : 0;
}

typedef struct width_entry {
    uint32_t code;
    int w;
} width_entry;

static int cmp_width_entry(const void *a, const void *b)
{
    uint32_t x = ((const width_entry *)a)->code, y = ((const width_entry *)b)->code;
    return x < y ? -1 : x > y;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* /DW is the most common width (CJK: nearly all glyphs), /W lists the
 * others as runs of consecutive CIDs: c [w1 w2 ...]. */
static HPDF_STATUS add_widths(job *j, HPDF_Dict cid, width_entry *we, size_t n)
{
    HPDF_MMgr mm = j->pdf->mmgr;
    int *ws = malloc(n * sizeof(*ws));
    if (!ws)
        return HPDF_FAILD_TO_ALLOC_MEM;
    for (size_t i = 0; i < n; i++)
        ws[i] = we[i].w;
    qsort(ws, n, sizeof(*ws), cmp_int);
    int dw = ws[0];
    size_t best = 0;
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k < n && ws[k] == ws[i])
            k++;
        if (k - i > best) {
            best = k - i;
            dw = ws[i];
        }
        i = k;
    }
    free(ws);
    qsort(we, n, sizeof(*we), cmp_width_entry);
    HPDF_STATUS ret = HPDF_Dict_AddNumber(cid, "DW", dw);
    HPDF_Array w = HPDF_Array_New(mm);
    if (!w || ret != HPDF_OK)
        return HPDF_FAILD_TO_ALLOC_MEM;
    if ((ret = HPDF_Dict_Add(cid, "W", w)) != HPDF_OK)
        return ret;
    for (size_t i = 0; i < n;) {
        if (we[i].w == dw) {
            i++;
            continue;
        }
        HPDF_Array run = HPDF_Array_New(mm);
        if (!run)
            return HPDF_FAILD_TO_ALLOC_MEM;
        ret |= HPDF_Array_AddNumber(w, (HPDF_INT32)we[i].code);
        ret |= HPDF_Array_Add(w, run);
        size_t k = i;
        while (k < n && we[k].w != dw && we[k].code == we[i].code + (k - i) &&
               k - i < 4096)
            ret |= HPDF_Array_AddNumber(run, we[k++].w);
        i = k;
        if (ret != HPDF_OK)
            return ret;
    }
    return HPDF_OK;
}

/* Subsets one font and builds its objects: Type0 -> CIDFont ->
 * FontDescriptor -> FontFile2/FontFile3, with /W and a ToUnicode CMap. */
static bk_status build_font(job *j, font_use *u)
{
    bk_status st = BK_OK;
    const bk_font_info *fi = &u->font->info;
    HPDF_MMgr mm = j->pdf->mmgr;
    HPDF_Xref xref = j->pdf->xref;
    uint32_t *gids = NULL, *cid = NULL;
    unsigned char *prog = NULL;
    size_t progsize = 0;
    cmap_entry *ce = NULL;
    width_entry *we = NULL;
    bk_buf cmap = {0};
    HPDF_STATUS ret = HPDF_OK;

    gids = calloc(u->nused, sizeof(*gids));
    ce = malloc(u->nused * sizeof(*ce));
    we = malloc(u->nused * sizeof(*we));
    if (!gids || !ce || !we) {
        st = oom(j);
        goto done;
    }
    size_t n = 0;
    for (uint32_t g = 0; g < u->nglyphs; g++)
        if (u->used[g])
            gids[n++] = g;
    st = bk_face_subset(j->ctx, u->font->face, gids, n, fi->is_cff, &prog,
                        &progsize, u->map);
    if (st)
        goto done;
    for (size_t i = 1; i < n; i++)
        if (u->map[gids[i]] == 0) {
            st = bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                               "PDF: subset of font '%s' lost glyph %u",
                               u->font->id, (unsigned)gids[i]);
            goto done;
        }

    /* Character codes: new glyph ids, or the subset's CIDs for CFF. */
    size_t ncid = 0;
    if (fi->is_cff && cff_cids(prog, progsize, &cid, &ncid) < 0) {
        st = bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                           "PDF: cannot read the subset CFF of font '%s'",
                           u->font->id);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (fi->is_cff && u->map[gids[i]] >= ncid) {
            st = bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                               "PDF: subset CFF of font '%s' lacks glyph %u",
                               u->font->id, (unsigned)u->map[gids[i]]);
            goto done;
        }
    for (size_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        uint32_t c = fi->is_cff ? cid[u->map[g]] : u->map[g];
        if (c > 0xFFFF) {
            st = bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                               "PDF: CID %u of font '%s' beyond 65535",
                               (unsigned)c, u->font->id);
            goto done;
        }
        u->code[g] = c;
        u->width[g] = scale(u, bk_face_glyph_advance(u->font->face, g));
        we[i].code = c;
        we[i].w = u->width[g];
    }
    size_t nce = 0;
    for (size_t i = 0; i < n; i++)
        if (u->uni[gids[i]].s) {
            ce[nce].code = u->code[gids[i]];
            ce[nce].text = u->uni[gids[i]];
            nce++;
        }

    char tag[7], name[HPDF_LIMIT_MAX_NAME_LEN + 1], t0name[HPDF_LIMIT_MAX_NAME_LEN + 1];
    subset_tag(u, gids, n, tag);
    const char *ps = fi->ps_name && *fi->ps_name ? fi->ps_name : u->font->id;
    snprintf(name, sizeof name, "%s+%.100s", tag, ps);
    /* ISO 32000-1, 9.7.6.1: over a CIDFontType0 the Type0 BaseFont names
     * the CMap too */
    snprintf(t0name, sizeof t0name, "%s+%.100s%s", tag, ps,
             fi->is_cff ? "-Identity-H" : "");

    /* font program */
    HPDF_Dict ff = data_stream(j, prog, progsize);
    if (!ff) {
        st = hpdf_fail(j, "embedding a font program");
        goto done;
    }
    if (fi->is_cff)
        ret |= HPDF_Dict_AddName(ff, "Subtype", "CIDFontType0C");
    else
        ret |= HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)progsize);

    /* font descriptor */
    HPDF_Dict fd = HPDF_Dict_New(mm);
    HPDF_Array bbox = HPDF_Array_New(mm);
    if (!fd || HPDF_Xref_Add(xref, fd) != HPDF_OK || !bbox) {
        st = hpdf_fail(j, "creating a font descriptor");
        goto done;
    }
    ret |= HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    ret |= HPDF_Dict_AddName(fd, "FontName", name);
    ret |= HPDF_Dict_AddNumber(fd, "Flags", fi->flags ? fi->flags : 4);
    ret |= HPDF_Dict_Add(fd, "FontBBox", bbox);
    for (int k = 0; k < 4; k++)
        ret |= HPDF_Array_AddNumber(bbox, scale(u, fi->bbox[k]));
    ret |= HPDF_Dict_AddReal(fd, "ItalicAngle", (HPDF_REAL)fi->italic_angle);
    ret |= HPDF_Dict_AddNumber(fd, "Ascent", scale(u, fi->ascender));
    ret |= HPDF_Dict_AddNumber(fd, "Descent", scale(u, fi->descender));
    ret |= HPDF_Dict_AddNumber(fd, "CapHeight", scale(u, fi->cap_height));
    ret |= HPDF_Dict_AddNumber(fd, "XHeight", scale(u, fi->x_height));
    ret |= HPDF_Dict_AddNumber(fd, "StemV", scale(u, fi->stem_v));
    ret |= HPDF_Dict_Add(fd, fi->is_cff ? "FontFile3" : "FontFile2", ff);

    /* descendant CIDFont */
    HPDF_Dict cf = HPDF_Dict_New(mm);
    HPDF_Dict si = HPDF_Dict_New(mm);
    if (!cf || HPDF_Xref_Add(xref, cf) != HPDF_OK || !si) {
        st = hpdf_fail(j, "creating a CIDFont");
        goto done;
    }
    ret |= HPDF_Dict_AddName(cf, "Type", "Font");
    ret |= HPDF_Dict_AddName(cf, "Subtype", fi->is_cff ? "CIDFontType0" : "CIDFontType2");
    ret |= HPDF_Dict_AddName(cf, "BaseFont", name);
    ret |= HPDF_Dict_Add(cf, "CIDSystemInfo", si);
    ret |= HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL));
    ret |= HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL));
    ret |= HPDF_Dict_AddNumber(si, "Supplement", 0);
    ret |= HPDF_Dict_Add(cf, "FontDescriptor", fd);
    if (!fi->is_cff)
        ret |= HPDF_Dict_AddName(cf, "CIDToGIDMap", "Identity");
    if (ret == HPDF_OK)
        ret = add_widths(j, cf, we, n);

    /* ToUnicode */
    if (build_tounicode(&cmap, ce, nce) < 0) {
        st = oom(j);
        goto done;
    }
    HPDF_Dict tu = data_stream(j, cmap.data, cmap.len);
    if (!tu) {
        st = hpdf_fail(j, "writing a ToUnicode CMap");
        goto done;
    }

    /* Type0 */
    HPDF_Dict t0 = HPDF_Dict_New(mm);
    HPDF_Array desc = HPDF_Array_New(mm);
    if (!t0 || HPDF_Xref_Add(xref, t0) != HPDF_OK || !desc) {
        st = hpdf_fail(j, "creating a Type0 font");
        goto done;
    }
    ret |= HPDF_Dict_AddName(t0, "Type", "Font");
    ret |= HPDF_Dict_AddName(t0, "Subtype", "Type0");
    ret |= HPDF_Dict_AddName(t0, "BaseFont", t0name);
    ret |= HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
    ret |= HPDF_Dict_Add(t0, "DescendantFonts", desc);
    ret |= HPDF_Array_Add(desc, cf);
    ret |= HPDF_Dict_Add(t0, "ToUnicode", tu);
    if (ret != HPDF_OK) {
        st = hpdf_fail(j, "building font objects");
        goto done;
    }
    u->type0 = t0;
done:
    free(gids);
    free(cid);
    free(prog);
    free(ce);
    free(we);
    bk_buf_release(&cmap);
    return st;
}

/* ---- pass 2: page content ---------------------------------------------- */

/* The fill colour the content stream has set, so text only changes it when
 * a run's colour differs. Path colours are set inside q/Q, so they do not
 * disturb this. */
typedef struct fill_state {
    bk_color c;
} fill_state;

static bk_color norm_color(bk_color c)
{
    bk_color r = {1, {0, 0, 0, 0}};
    if (c.n == 4)
        r.n = 4;
    for (int k = 0; k < r.n && (c.n == 1 || c.n == 4); k++) {
        double v = c.c[k];
        r.c[k] = !isfinite(v) || v < 0 ? 0 : v > 1 ? 1 : v;
    }
    return r; /* n == 0 (unset) means black */
}

static int color_eq(bk_color a, bk_color b)
{
    if (a.n != b.n)
        return 0;
    for (int k = 0; k < a.n; k++)
        if (llround(a.c[k] * 1000) != llround(b.c[k] * 1000))
            return 0;
    return 1;
}

/* A TJ array being written: glyph codes gather in one hex string until an
 * adjustment or the end. */
typedef struct tj {
    bk_buf *b;
    int open, hex;
    int r;
} tj;

static void tj_glyph(tj *t, uint32_t code)
{
    char s[10];
    size_t n = 0;
    if (!t->open) {
        s[n++] = '[';
        t->open = 1;
    }
    if (!t->hex) {
        s[n++] = '<';
        t->hex = 1;
    }
    n += hex4(s + n, code);
    t->r |= bk_buf_append(t->b, s, n);
}

static void tj_adjust(tj *t, double thousandths)
{
    if (t->hex) {
        t->r |= bk_buf_puts(t->b, ">");
        t->hex = 0;
    }
    t->r |= put_num(t->b, thousandths);
}

static void tj_close(tj *t)
{
    if (t->hex) {
        t->r |= bk_buf_puts(t->b, ">");
        t->hex = 0;
    }
    if (t->open) {
        t->r |= bk_buf_puts(t->b, "]TJ\n");
        t->open = 0;
    }
}

static void put_tm(tj *t, double x, double y)
{
    tj_close(t);
    t->r |= bk_buf_puts(t->b, "1 0 0 1 ");
    t->r |= put_num(t->b, x);
    t->r |= bk_buf_puts(t->b, " ");
    t->r |= put_num(t->b, y);
    t->r |= bk_buf_puts(t->b, " Tm\n");
}

/* Writes one glyph run as a text object:
 *   BT /Fn size Tf 1 0 0 1 x y Tm [<codes> adj <codes>] TJ ET
 * An adjustment follows a glyph whose advance differs from its /W width
 * (kerning, justification); a glyph with an offset gets its own Tm. */
static int emit_run(bk_buf *b, const bk_glyph_run *r, const font_use *u,
                    const char *fname, fill_state *fs)
{
    tj t = {b, 0, 0, 0};
    bk_color col = norm_color(r->color);
    if (!color_eq(col, fs->c)) {
        for (int k = 0; k < col.n; k++) {
            t.r |= put_num(b, col.c[k]);
            t.r |= bk_buf_puts(b, " ");
        }
        t.r |= bk_buf_puts(b, col.n == 4 ? "k\n" : "g\n");
        fs->c = col;
    }
    t.r |= bk_buf_append(b, "BT\n/", 4) | bk_buf_puts(b, fname) | bk_buf_append(b, " ", 1);
    t.r |= put_num(b, r->size);
    t.r |= bk_buf_puts(b, " Tf\n");
    double x = r->x, y = r->y;
    int need_tm = 1;
    cluster c;
    for (size_t g = 0; next_cluster(r, g, &c); g = c.g1) {
        const char *ct = r->text + c.t0;
        size_t cl = c.t1 - c.t0;
        /* ActualText where ToUnicode alone would not give the cluster's
         * text back: several glyphs, several characters (ligatures), or a
         * glyph whose ToUnicode entry holds another text */
        int actual = c.g1 - c.g0 != 1 || count_codepoints(ct, cl) != 1 ||
                     !slice_eq(u->uni[r->gids[c.g0]], ct, cl);
        if (actual) {
            tj_close(&t);
            t.r |= bk_buf_puts(b, "/Span<</ActualText<FEFF");
            if (put_utf16_hex(b, ct, cl) < 0)
                t.r = -1;
            t.r |= bk_buf_puts(b, ">>>BDC\n");
        }
        for (size_t i = c.g0; i < c.g1; i++) {
            uint32_t gid = r->gids[i];
            double xo = r->xoff ? r->xoff[i] : 0, yo = r->yoff ? r->yoff[i] : 0;
            if (fabs(xo) > 1e-6 || fabs(yo) > 1e-6) {
                put_tm(&t, x + xo, y + yo);
                tj_glyph(&t, u->code[gid]);
                tj_close(&t);
                need_tm = 1;
            } else {
                if (need_tm) {
                    put_tm(&t, x, y);
                    need_tm = 0;
                }
                tj_glyph(&t, u->code[gid]);
                double adj = u->width[gid] - r->advance[i] * 1000.0 / r->size;
                if (llround(adj * 1000) != 0)
                    tj_adjust(&t, adj);
            }
            x += r->advance[i];
        }
        if (actual) {
            tj_close(&t);
            t.r |= bk_buf_puts(b, "EMC\n");
        }
    }
    tj_close(&t);
    t.r |= bk_buf_puts(b, "ET\n");
    return t.r ? -1 : 0;
}

/* Appends "c k" / "c m y k k" (fill) or "G" / "K" (stroke): DeviceGray or
 * DeviceCMYK only, never RGB. */
static int put_color(bk_buf *b, bk_color c, int stroke)
{
    int r = 0;
    c = norm_color(c);
    for (int k = 0; k < c.n; k++) {
        r |= put_num(b, c.c[k]);
        r |= bk_buf_puts(b, " ");
    }
    r |= bk_buf_puts(b, c.n == 4 ? (stroke ? "K\n" : "k\n") : (stroke ? "G\n" : "g\n"));
    return r;
}

static int put_pt(bk_buf *b, const double *q, int n, const char *op)
{
    int r = 0;
    for (int k = 0; k < n; k++) {
        r |= put_num(b, q[k]);
        r |= bk_buf_puts(b, " ");
    }
    return r | bk_buf_puts(b, op);
}

/* Writes a path as raw operators inside q/Q, so its colours and line width
 * do not leak into later items (nor into the text's fill state). */
static bk_status emit_path(job *j, bk_buf *b, const bk_path *p)
{
    if (p->n == 0)
        return BK_OK;
    if (p->ops[0].op != BK_PATH_MOVE)
        return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                             "PDF: path does not start with a moveto");
    int r = bk_buf_puts(b, "q\n");
    if (p->fill)
        r |= put_color(b, p->fill_color, 0);
    if (p->stroke) {
        double lw = p->line_width > 0 ? p->line_width : 0;
        r |= put_color(b, p->stroke_color, 1);
        r |= put_pt(b, &lw, 1, "w\n");
    }
    for (size_t i = 0; i < p->n; i++) {
        const double *q = p->ops[i].pt;
        switch (p->ops[i].op) {
        case BK_PATH_MOVE:
            r |= put_pt(b, q, 2, "m\n");
            break;
        case BK_PATH_LINE:
            r |= put_pt(b, q, 2, "l\n");
            break;
        case BK_PATH_CURVE:
            r |= put_pt(b, q, 6, "c\n");
            break;
        case BK_PATH_CLOSE:
            r |= bk_buf_puts(b, "h\n");
            break;
        default:
            return bk_diag_error(j->ctx->diag, BK_EINTERNAL, j->path, 0, 0,
                                 "PDF: unknown path operator %d", p->ops[i].op);
        }
    }
    const char *paint = p->fill && p->stroke ? (p->evenodd ? "B*" : "B")
                        : p->fill            ? (p->evenodd ? "f*" : "f")
                        : p->stroke          ? "S"
                                             : "n";
    r |= bk_buf_printf(b, "%s\nQ\n", paint);
    return r ? oom(j) : BK_OK;
}

/* [page /XYZ null y null]: keeps the reader's zoom and horizontal scroll.
 * y is in frame coordinates; the page has the trim at (ox, oy). */
static HPDF_Destination make_dest(job *j, size_t page, double y)
{
    HPDF_Page target = j->pages[page];
    HPDF_Destination d = HPDF_Page_CreateDestination(target);
    if (!d)
        return NULL;
    HPDF_Array_Clear(d);
    HPDF_STATUS ret = HPDF_Array_Add(d, target);
    ret |= HPDF_Array_AddName(d, "XYZ");
    ret |= HPDF_Array_Add(d, HPDF_Null_New(j->pdf->mmgr));
    ret |= HPDF_Array_AddReal(d, (HPDF_REAL)(y + j->oy));
    ret |= HPDF_Array_Add(d, HPDF_Null_New(j->pdf->mmgr));
    return ret == HPDF_OK ? d : NULL;
}

static int cmp_anchor(const void *a, const void *b)
{
    const anchor_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->page < y->page ? -1 : x->page > y->page;
}

static const anchor_ref *find_anchor(const job *j, const char *name)
{
    size_t lo = 0, hi = j->nanchors;
    while (lo < hi) { /* first entry with this name: the earliest page */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(j->anchors[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < j->nanchors && strcmp(j->anchors[lo].name, name) == 0
               ? &j->anchors[lo]
               : NULL;
}

static bk_status add_link(job *j, HPDF_Page pg, const bk_link *l)
{
    HPDF_Rect rect = {(HPDF_REAL)(l->x0 + j->ox), (HPDF_REAL)(l->y0 + j->oy),
                      (HPDF_REAL)(l->x1 + j->ox), (HPDF_REAL)(l->y1 + j->oy)};
    HPDF_Annotation a = NULL;
    if (l->dest) {
        const anchor_ref *ar = find_anchor(j, l->dest);
        if (!ar) {
            bk_diag_warn(j->ctx->diag, j->path, 0, 0,
                         "link to unknown anchor '%s' left out", l->dest);
            return BK_OK;
        }
        HPDF_Destination d = make_dest(j, ar->page, ar->y);
        a = d ? HPDF_Page_CreateLinkAnnot(pg, rect, d) : NULL;
    } else if (l->uri) {
        a = HPDF_Page_CreateURILinkAnnot(pg, rect, l->uri);
    } else {
        return BK_OK;
    }
    /* no border: the text itself shows that it is a link */
    if (!a || HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) != HPDF_OK)
        return hpdf_fail(j, "adding a link");
    return BK_OK;
}

static bk_status add_bookmark(job *j, size_t page, const bk_bookmark *bm)
{
    int level = bm->level < 1 ? 1 : bm->level > MAX_OUTLINE_LEVEL ? MAX_OUTLINE_LEVEL
                                                                   : bm->level;
    /* the parent is the latest bookmark of a higher level; a skipped level
     * (1 then 3) nests under the nearest one */
    HPDF_Outline parent = NULL;
    for (int l = level - 1; l >= 1 && !parent; l--)
        parent = j->outline_stack[l - 1];
    HPDF_Outline o = HPDF_CreateOutline(j->pdf, parent, "", NULL);
    void *title = o ? text_string(j->pdf->mmgr, bm->title ? bm->title : "") : NULL;
    HPDF_Destination d = title ? make_dest(j, page, bm->y) : NULL;
    if (!o || !title || !d || HPDF_Dict_Add(o, "Title", title) != HPDF_OK ||
        HPDF_Outline_SetDestination(o, d) != HPDF_OK ||
        HPDF_Outline_SetOpened(o, level == 1 ? HPDF_TRUE : HPDF_FALSE) != HPDF_OK)
        return hpdf_fail(j, "adding a bookmark");
    j->outline_stack[level - 1] = o;
    for (int l = level; l < MAX_OUTLINE_LEVEL; l++)
        j->outline_stack[l] = NULL;
    return BK_OK;
}

/* Where a frame's content goes: a page (fonts registered in the page's
 * resources by libharu) or a Form XObject (fonts in its own /Font dict,
 * named the way libharu names them). */
typedef struct target {
    HPDF_Page page;
    HPDF_Dict fonts;
} target;

static const char *font_name(target *t, HPDF_Dict type0)
{
    if (t->page)
        return HPDF_Page_GetLocalFontName(t->page, type0);
    const char *key = HPDF_Dict_GetKeyByObj(t->fonts, type0);
    if (key)
        return key;
    char name[24];
    snprintf(name, sizeof name, "F%u", (unsigned)t->fonts->list->count + 1);
    if (HPDF_Dict_Add(t->fonts, name, type0) != HPDF_OK)
        return NULL;
    return HPDF_Dict_GetKeyByObj(t->fonts, type0);
}

/* Appends the drawing of frame pi (glyph runs and paths, in frame
 * coordinates) to b. */
static bk_status frame_content(job *j, size_t pi, target *t, bk_buf *b)
{
    const bk_page *p = j->frames->pages[pi];
    fill_state fs = {{1, {0, 0, 0, 0}}}; /* the PDF default: black */
    bk_status st = BK_OK;
    for (size_t k = 0; k < p->n && !st; k++) {
        const bk_item *it = &p->items[k];
        if (it->kind == BK_ITEM_GLYPHS) {
            const bk_glyph_run *r = &it->u.glyphs;
            if (r->n == 0 || !(r->size > 0))
                continue;
            font_use *u = &j->fu[r->font];
            const char *fname = font_name(t, u->type0);
            if (!fname)
                st = hpdf_fail(j, "adding a font to a page");
            else if (emit_run(b, r, u, fname, &fs) < 0)
                st = oom(j);
        } else if (it->kind == BK_ITEM_PATH) {
            st = emit_path(j, b, &it->u.path);
        }
    }
    return st;
}

/* Links and bookmarks of frame pi on page pg (reading and print). */
static bk_status add_navigation(job *j, size_t pi, HPDF_Page pg)
{
    const bk_page *p = j->frames->pages[pi];
    bk_status st = BK_OK;
    for (size_t k = 0; k < p->n && !st; k++) {
        const bk_item *it = &p->items[k];
        if (it->kind == BK_ITEM_LINK)
            st = add_link(j, pg, &it->u.link);
        else if (it->kind == BK_ITEM_BOOKMARK)
            st = add_bookmark(j, pi, &it->u.bookmark);
    }
    return st;
}

static bk_status write_content(job *j, HPDF_Dict d, const bk_buf *b)
{
    if (put_stream(j, d, b->data, b->len) != HPDF_OK)
        return hpdf_fail(j, "writing page content");
    return BK_OK;
}

static int put_rect(bk_buf *b, double x, double y, double w, double h,
                    const char *op)
{
    double q[4] = {x, y, w, h};
    return put_pt(b, q, 4, "re ") | bk_buf_puts(b, op);
}

static int put_line(bk_buf *b, double x0, double y0, double x1, double y1)
{
    double q[4] = {x0, y0, x1, y1};
    return put_pt(b, q, 2, "m ") | put_pt(b, q + 2, 2, "l\n");
}

/* The registration colour, /Separation /All: marks that print on every
 * plate. One array for the whole document, named /CSReg on each print
 * page. */
static bk_status use_registration(job *j, HPDF_Page pg)
{
    HPDF_MMgr mm = j->pdf->mmgr;
    HPDF_STATUS ret = HPDF_OK;
    if (!j->registration) {
        HPDF_Array cs = HPDF_Array_New(mm);
        HPDF_Dict fn = HPDF_Dict_New(mm);
        HPDF_Array dom = HPDF_Array_New(mm), c0 = HPDF_Array_New(mm),
                   c1 = HPDF_Array_New(mm);
        if (!cs || !fn || !dom || !c0 || !c1 || HPDF_Xref_Add(j->pdf->xref, cs) != HPDF_OK)
            return hpdf_fail(j, "creating the registration colour");
        ret |= HPDF_Array_AddName(cs, "Separation");
        ret |= HPDF_Array_AddName(cs, "All");
        ret |= HPDF_Array_AddName(cs, "DeviceCMYK");
        ret |= HPDF_Array_Add(cs, fn);
        ret |= HPDF_Dict_AddNumber(fn, "FunctionType", 2);
        ret |= HPDF_Dict_Add(fn, "Domain", dom);
        ret |= HPDF_Array_AddNumber(dom, 0);
        ret |= HPDF_Array_AddNumber(dom, 1);
        ret |= HPDF_Dict_Add(fn, "C0", c0);
        ret |= HPDF_Dict_Add(fn, "C1", c1);
        for (int k = 0; k < 4; k++) {
            ret |= HPDF_Array_AddNumber(c0, 0);
            ret |= HPDF_Array_AddNumber(c1, 1);
        }
        ret |= HPDF_Dict_AddNumber(fn, "N", 1);
        if (ret != HPDF_OK)
            return hpdf_fail(j, "creating the registration colour");
        j->registration = cs;
    }
    HPDF_Dict res = HPDF_Page_GetInheritableItem(pg, "Resources", HPDF_OCLASS_DICT);
    HPDF_Dict csd = HPDF_Dict_New(mm);
    if (!res || !csd || HPDF_Dict_Add(res, "ColorSpace", csd) != HPDF_OK ||
        HPDF_Dict_Add(csd, "CSReg", j->registration) != HPDF_OK)
        return hpdf_fail(j, "adding the registration colour to a page");
    return BK_OK;
}

/* Eight crop marks around a trim box of w x h at (ox, oy): on the
 * extensions of the trim edges, from mark_start outside the trim (never
 * inside the bleed), mark_length long, 0.25pt, in registration colour. */
static int put_crop_marks(const job *j, bk_buf *b, double w, double h)
{
    double x0 = j->ox, y0 = j->oy, x1 = x0 + w, y1 = y0 + h;
    double s = j->mark_start, l = j->mark_length;
    int r = bk_buf_puts(b, "q\n/CSReg CS 1 SC\n0.25 w 0 J\n");
    for (int e = 0; e < 2; e++) {
        double y = e ? y1 : y0, x = e ? x1 : x0;
        r |= put_line(b, x0 - s - l, y, x0 - s, y); /* horizontal, left */
        r |= put_line(b, x1 + s, y, x1 + s + l, y); /* horizontal, right */
        r |= put_line(b, x, y0 - s - l, x, y0 - s); /* vertical, below */
        r |= put_line(b, x, y1 + s, x, y1 + s + l); /* vertical, above */
    }
    return r | bk_buf_puts(b, "S\nQ\n");
}

/* Reading and print: frame pi drawn on its own page. */
static bk_status draw_page(job *j, size_t pi)
{
    const bk_page *p = j->frames->pages[pi];
    HPDF_Page pg = j->pages[pi];
    target t = {pg, NULL};
    bk_buf b = {0};
    int r = 0;
    bk_status st = BK_OK;
    if (j->kind == BK_PDF_PRINT) {
        /* the frame moved so that the trim sits in the middle, clipped at
         * the bleed box: backgrounds may run into the bleed */
        double bl = j->bleed;
        r |= bk_buf_puts(&b, "q\n1 0 0 1 ");
        r |= put_pt(&b, (double[]){j->ox, j->oy}, 2, "cm\n");
        r |= put_rect(&b, -bl, -bl, p->width + 2 * bl, p->height + 2 * bl, "W n\n");
    }
    if (!r)
        st = frame_content(j, pi, &t, &b);
    if (!st && !r && j->kind == BK_PDF_PRINT) {
        r |= bk_buf_puts(&b, "Q\n");
        r |= put_crop_marks(j, &b, p->width, p->height);
        if (!r)
            st = use_registration(j, pg);
    }
    if (!st && r)
        st = oom(j);
    if (!st)
        st = write_content(j, ((HPDF_PageAttr)pg->attr)->contents, &b);
    if (!st)
        st = add_navigation(j, pi, pg);
    bk_buf_release(&b);
    return st;
}

/* Imposed: every frame once as a Form XObject of trim size. */
static bk_status make_forms(job *j)
{
    HPDF_MMgr mm = j->pdf->mmgr;
    bk_buf b = {0};
    bk_status st = BK_OK;
    for (size_t i = 0; i < j->frames->n && !st; i++) {
        const bk_page *p = j->frames->pages[i];
        HPDF_Dict x = HPDF_DictStream_New(mm, j->pdf->xref);
        HPDF_Dict res = HPDF_Dict_New(mm), fonts = HPDF_Dict_New(mm);
        HPDF_Box bbox = {0, 0, (HPDF_REAL)p->width, (HPDF_REAL)p->height};
        HPDF_STATUS ret = HPDF_OK;
        if (!x || !res || !fonts) {
            st = hpdf_fail(j, "creating a page form");
            break;
        }
        ret |= HPDF_Dict_AddName(x, "Type", "XObject");
        ret |= HPDF_Dict_AddName(x, "Subtype", "Form");
        ret |= HPDF_Dict_Add(x, "BBox", HPDF_Box_Array_New(mm, bbox));
        ret |= HPDF_Dict_Add(x, "Resources", res);
        ret |= HPDF_Dict_Add(res, "Font", fonts);
        if (ret != HPDF_OK) {
            st = hpdf_fail(j, "creating a page form");
            break;
        }
        target t = {NULL, fonts};
        b.len = 0;
        st = frame_content(j, i, &t, &b);
        if (!st)
            st = write_content(j, x, &b);
        j->forms[i] = x;
    }
    bk_buf_release(&b);
    return st;
}

/* Imposed: sheet side k (0-based: sheet k/2, front when k is even) of the
 * plan, each half showing its page's form moved by the creep and clipped
 * to the half, so a page never runs onto its neighbour. */
static bk_status draw_side(job *j, size_t k)
{
    HPDF_Page pg = j->pages[k];
    const bk_impose_side *side = &j->plan.sides[k];
    bk_buf b = {0};
    int r = 0;
    for (int h = 0; h < 2 && !r; h++) {
        const bk_impose_cell *c = &side->cell[h];
        if (c->page < 0)
            continue; /* a blank pad: nothing at all */
        const bk_page *p = j->frames->pages[c->page];
        const char *name = HPDF_Page_GetXObjectName(pg, j->forms[c->page]);
        if (!name) {
            bk_buf_release(&b);
            return hpdf_fail(j, "placing a page on a sheet");
        }
        /* the fold is the sheet's middle; pages meet at it, centred
         * vertically */
        double fold = j->sheet_w / 2;
        double x = h == 0 ? fold - p->width : fold;
        double y = (j->sheet_h - p->height) / 2;
        r |= bk_buf_puts(&b, "q\n");
        r |= put_rect(&b, h == 0 ? 0 : fold, 0, fold, j->sheet_h, "W n\n");
        r |= bk_buf_puts(&b, "1 0 0 1 ");
        r |= put_pt(&b, (double[]){x + c->dx, y}, 2, "cm\n");
        r |= bk_buf_printf(&b, "/%s Do\nQ\n", name);
    }
    bk_status st = r ? oom(j) : write_content(j, ((HPDF_PageAttr)pg->attr)->contents, &b);
    bk_buf_release(&b);
    return st;
}

/* ---- document ---------------------------------------------------------- */

/* Value of a lower- or upper-case roman numeral in canonical form, else 0. */
static long roman_value(const char *s, int upper)
{
    static const char *const digits[] = {"m", "cm", "d", "cd", "c", "xc", "l",
                                         "xl", "x", "ix", "v", "iv", "i"};
    static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    long v = 0;
    const char *p = s;
    for (int d = 0; d < 13 && *p; d++) {
        size_t l = strlen(digits[d]);
        int reps = 0;
        for (;;) {
            size_t k = 0;
            for (; k < l; k++)
                if (p[k] != (upper ? digits[d][k] - 32 : digits[d][k]))
                    break;
            if (k < l || (l == 2 && reps == 1) || reps == 3)
                break;
            p += l;
            v += values[d];
            reps++;
        }
    }
    return *p || v == 0 ? 0 : v;
}

/* How a folio is numbered: 'D', 'r', 'R' with its value, or 0 for a label
 * written out as a prefix. */
static char label_style(const char *s, long *value)
{
    size_t n = strlen(s);
    if (n && n <= 9 && strspn(s, "0123456789") == n && s[0] != '0') {
        *value = strtol(s, NULL, 10);
        return 'D';
    }
    if ((*value = roman_value(s, 0)))
        return 'r';
    if ((*value = roman_value(s, 1)))
        return 'R';
    return 0;
}

/* /PageLabels from the folios: a numbering range starts where the style
 * changes or the number does not follow on; other labels are prefixes of
 * their own page. */
static bk_status add_page_labels(job *j)
{
    const bk_frames *f = j->frames;
    int any = 0;
    for (size_t i = 0; i < f->n; i++)
        any |= f->pages[i]->label != NULL;
    if (!any)
        return BK_OK;
    char prev = 0;
    long prev_v = 0;
    for (size_t i = 0; i < f->n; i++) {
        const char *lab = f->pages[i]->label;
        long v = 0;
        char s = lab ? label_style(lab, &v) : 0;
        if (i > 0 && s && s == prev && v == prev_v + 1) {
            prev_v = v;
            continue;
        }
        HPDF_Dict d = HPDF_Dict_New(j->pdf->mmgr);
        if (!d)
            return hpdf_fail(j, "adding page labels");
        HPDF_STATUS ret = HPDF_OK;
        if (s) {
            char sn[2] = {s, 0};
            ret |= HPDF_Dict_AddName(d, "S", sn);
            if (v != 1)
                ret |= HPDF_Dict_AddNumber(d, "St", (HPDF_INT32)v);
        } else if (lab && *lab) {
            ret |= HPDF_Dict_Add(d, "P", text_string(j->pdf->mmgr, lab));
        }
        ret |= HPDF_Catalog_AddPageLabel(j->pdf->catalog, (HPDF_UINT)i, d);
        if (ret != HPDF_OK)
            return hpdf_fail(j, "adding page labels");
        prev = s;
        prev_v = v;
    }
    return BK_OK;
}

static bk_status add_info(job *j)
{
    const bk_frames *f = j->frames;
    HPDF_Doc pdf = j->pdf;
    HPDF_STATUS ret = HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "booklet");
    /* the info dictionary exists now; Unicode strings go in directly,
     * since libharu's setters would need an encoder per script */
    struct {
        const char *key, *val;
    } kv[] = {{"Title", f->title}, {"Subject", f->subject}, {"Author", f->author},
              {"Keywords", f->keywords}};
    for (size_t i = 0; i < sizeof kv / sizeof *kv && ret == HPDF_OK; i++)
        if (kv[i].val && *kv[i].val)
            ret = HPDF_Dict_Add(pdf->info, kv[i].key, text_string(pdf->mmgr, kv[i].val));
    /* dates in UTC from SOURCE_DATE_EPOCH when set, so builds repeat */
    time_t t = j->ctx->epoch >= 0 ? (time_t)j->ctx->epoch : time(NULL);
    struct tm tm;
    if (ret == HPDF_OK && gmtime_r(&t, &tm)) {
        HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec > 59 ? 59 : tm.tm_sec, 'Z', 0, 0};
        ret = HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
        if (ret == HPDF_OK)
            ret = HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    }
    if (ret == HPDF_OK && f->lang && *f->lang)
        ret = HPDF_Dict_Add(pdf->catalog, "Lang", text_string(pdf->mmgr, f->lang));
    return ret == HPDF_OK ? BK_OK : hpdf_fail(j, "writing document information");
}

/* The trailer /ID is written as two 16-byte placeholders, then replaced by
 * the MD5 of the whole file (placeholders included): the same content
 * always gets the same /ID. libharu 2.3.0 writes no /ID unless encrypting. */
static const char ID_HOLE[] =
    "/ID [ <00000000000000000000000000000000> <00000000000000000000000000000000> ]";

static int patch_id(unsigned char *data, size_t len)
{
    size_t hl = sizeof ID_HOLE - 1;
    unsigned char *at = NULL;
    for (size_t i = len >= hl ? len - hl + 1 : 0; i-- > 0;)
        if (data[i] == '/' && memcmp(data + i, ID_HOLE, hl) == 0) {
            at = data + i;
            break;
        }
    if (!at)
        return -1;
    HPDF_MD5_CTX md5;
    HPDF_BYTE dg[16];
    HPDF_MD5Init(&md5);
    HPDF_MD5Update(&md5, data, (HPDF_UINT32)len);
    HPDF_MD5Final(dg, &md5);
    static const char hex[] = "0123456789ABCDEF";
    /* the two hex strings, as libharu's array writer spaces them */
    for (int part = 0; part < 2; part++) {
        const char *lt = part ? strrchr(ID_HOLE, '<') : strchr(ID_HOLE, '<');
        unsigned char *h = at + (lt - ID_HOLE) + 1;
        for (int k = 0; k < 16; k++) {
            h[2 * k] = (unsigned char)hex[dg[k] >> 4];
            h[2 * k + 1] = (unsigned char)hex[dg[k] & 15];
        }
    }
    return 0;
}

static bk_status add_id_placeholder(job *j)
{
    HPDF_BYTE zero[16] = {0};
    HPDF_Array id = HPDF_Array_New(j->pdf->mmgr);
    if (!id || HPDF_Dict_Add(j->pdf->trailer, "ID", id) != HPDF_OK ||
        HPDF_Array_Add(id, HPDF_Binary_New(j->pdf->mmgr, zero, 16)) != HPDF_OK ||
        HPDF_Array_Add(id, HPDF_Binary_New(j->pdf->mmgr, zero, 16)) != HPDF_OK)
        return hpdf_fail(j, "adding the file identifier");
    return BK_OK;
}

int bk_pdf_kind_parse(const char *name, bk_pdf_kind *kind)
{
    static const char *const names[] = {"reading", "print", "imposed"};
    for (int k = 0; k < 3; k++)
        if (name && strcmp(name, names[k]) == 0) {
            *kind = (bk_pdf_kind)k;
            return 0;
        }
    return -1;
}

#define MM (72.0 / 25.4)

/* The sheet for imposed pages of at most w x h: two pages side by side, on
 * the standard landscape paper that holds them with at most 2mm to spare
 * per side (A5 is 148mm wide, A4 297mm: an A5 booklet goes on A4 with half
 * a millimetre beyond each fore-edge), else exactly 2w x h. */
static void sheet_size(double w, double h, double *sw, double *sh)
{
    static const double papers[][2] = {
        {420 * MM, 297 * MM}, /* A3 */
        {297 * MM, 210 * MM}, /* A4 */
        {210 * MM, 148 * MM}, /* A5 */
        {353 * MM, 250 * MM}, /* ISO B4, for B5 pages */
        {792, 612},           /* US Letter, for half-letter pages */
        {1224, 792},          /* US Tabloid, for Letter pages */
    };
    *sw = 2 * w;
    *sh = h;
    for (size_t i = 0; i < sizeof papers / sizeof *papers; i++) {
        double pw = papers[i][0], ph = papers[i][1];
        if (pw >= *sw - 0.01 && pw - *sw <= 2 * MM && ph >= *sh - 0.01 &&
            ph - *sh <= 2 * MM) {
            *sw = pw;
            *sh = ph;
            return;
        }
    }
}

/* Sets a page's size and its bleed and trim boxes (the media box is
 * [0 0 w h]). */
static bk_status add_sized_page(job *j, double w, double h, HPDF_Box bleed,
                                HPDF_Box trim, HPDF_Page *out)
{
    HPDF_Page pg = HPDF_AddPage(j->pdf);
    if (!pg || HPDF_Page_SetWidth(pg, (HPDF_REAL)w) != HPDF_OK ||
        HPDF_Page_SetHeight(pg, (HPDF_REAL)h) != HPDF_OK)
        return hpdf_fail(j, "adding a page");
    if (HPDF_Dict_Add(pg, "BleedBox", HPDF_Box_Array_New(j->pdf->mmgr, bleed)) != HPDF_OK ||
        HPDF_Dict_Add(pg, "TrimBox", HPDF_Box_Array_New(j->pdf->mmgr, trim)) != HPDF_OK)
        return hpdf_fail(j, "setting the page boxes");
    *out = pg;
    return BK_OK;
}

bk_status bk_pdf_write(bk_ctx *ctx, const bk_frames *frames, bk_fontset *fonts,
                       const bk_pdf_options *opts, const char *path)
{
    /* Steps:
     * 1. pass 1 over the frames: per font, the glyphs used and each glyph's
     *    text (for ToUnicode);
     * 2. a libharu document: compression, version; the pages with their
     *    boxes — one per frame (reading: MediaBox = BleedBox = TrimBox =
     *    trim; print: trim with bleed and mark room around it) or one per
     *    sheet side (imposed); anchors collected;
     * 3. per used font: hb-subset, then Type0/CIDFont/descriptor/program,
     *    /W and ToUnicode through libharu's object API;
     * 4. pass 2: the frames' content — text as raw TJ operators (ActualText
     *    where glyphs and characters do not map one to one), paths as raw
     *    operators — onto the pages (reading, print: translated, clipped at
     *    the bleed, crop marks), links and bookmarks; or into one Form
     *    XObject per frame, placed on the sheets (imposed);
     * 5. page labels (not imposed), info dictionary, /Lang, dates from
     *    ctx->epoch;
     * 6. save into memory, set /ID from the content's MD5, write the file
     *    atomically. */
    bk_status st = BK_OK;
    job j;
    memset(&j, 0, sizeof j);
    j.ctx = ctx;
    j.frames = frames;
    j.fonts = fonts;
    j.path = path;
    j.compress = opts ? opts->compress : 1;
    j.kind = opts ? opts->kind : BK_PDF_READING;
    unsigned char *out = NULL;

    if (j.kind == BK_PDF_PRINT) {
        double bl = opts->bleed, off = opts->mark_offset, len = opts->mark_length;
        if (!isfinite(bl) || bl < 0 || !isfinite(off) || off < 0 || !isfinite(len) ||
            len < 0 || bl > 72 || off > 72 || len > 72) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                               "PDF: bleed %g, crop marks %g+%g pt out of 0..72",
                               bl, off, len);
            goto done;
        }
        j.bleed = bl;
        j.mark_start = off > 0 ? off : 3 * MM;
        if (j.mark_start < bl) /* marks are never inside the bleed */
            j.mark_start = bl;
        j.mark_length = len > 0 ? len : 10 * MM;
        /* room for the marks and 3mm of paper beyond them */
        double m = j.mark_start + j.mark_length;
        j.ox = j.oy = (m > bl ? m : bl) + 3 * MM;
    } else if (j.kind == BK_PDF_IMPOSED) {
        double c = opts->creep;
        if (!isfinite(c) || c < 0 || c > 72) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                               "PDF: creep %g pt out of 0..72", c);
            goto done;
        }
    } else if (j.kind != BK_PDF_READING) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                           "PDF: unknown output kind %d", (int)j.kind);
        goto done;
    }

    if (!frames || frames->n == 0) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                           "PDF: no pages to write");
        goto done;
    }
    for (size_t i = 0; i < frames->n; i++) {
        const bk_page *p = frames->pages[i];
        /* libharu's limits on page size (HPDF_MIN/MAX_PAGE_SIZE), for the
         * page as written: trim, trim and margins, or half a sheet */
        double f = j.kind == BK_PDF_IMPOSED ? 2 : 1, m = 2 * j.ox;
        if (!(p->width >= 3 && p->width * f + m <= 14400 && p->height >= 3 &&
              p->height + m <= 14400)) {
            st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                               "PDF: page %zu has size %gx%g pt, outside 3..14400",
                               i + 1, p->width, p->height);
            goto done;
        }
        if (p->width > j.cell_w)
            j.cell_w = p->width;
        if (p->height > j.cell_h)
            j.cell_h = p->height;
    }

    /* 1 */
    j.nfu = fonts ? bk_fontset_count(fonts) : 0;
    j.fu = calloc(j.nfu ? j.nfu : 1, sizeof(*j.fu));
    j.pages = calloc(frames->n, sizeof(*j.pages));
    if (!j.fu || !j.pages) {
        st = oom(&j);
        goto done;
    }
    if (j.kind == BK_PDF_IMPOSED) {
        j.forms = calloc(frames->n, sizeof(*j.forms));
        if (!j.forms || bk_impose_plan_make(frames->n, opts->creep, &j.plan) < 0) {
            st = oom(&j);
            goto done;
        }
        /* one page per sheet side */
        HPDF_Page *sides = realloc(j.pages, 2 * j.plan.sheets * sizeof(*sides));
        if (!sides) {
            st = oom(&j);
            goto done;
        }
        j.pages = sides;
    }
    for (size_t i = 0; i < frames->n && !st; i++) {
        const bk_page *p = frames->pages[i];
        for (size_t k = 0; k < p->n && !st; k++) {
            const bk_item *it = &p->items[k];
            if (it->kind == BK_ITEM_GLYPHS && it->u.glyphs.n && it->u.glyphs.size > 0)
                st = collect_run(&j, &it->u.glyphs);
            else if (it->kind == BK_ITEM_ANCHOR && it->u.anchor.name &&
                     j.kind != BK_PDF_IMPOSED)
                j.nanchors++;
        }
    }
    if (st)
        goto done;

    /* 2 */
    j.pdf = HPDF_New(on_hpdf_error, &j.err);
    if (!j.pdf) {
        st = oom(&j);
        goto done;
    }
    if (HPDF_SetCompressionMode(j.pdf, j.compress ? HPDF_COMP_ALL : HPDF_COMP_NONE) != HPDF_OK) {
        st = hpdf_fail(&j, "setting compression");
        goto done;
    }
    /* ActualText needs PDF 1.5 */
    j.pdf->pdf_version = HPDF_VER_15;
    j.anchors = calloc(j.nanchors ? j.nanchors : 1, sizeof(*j.anchors));
    if (!j.anchors) {
        st = oom(&j);
        goto done;
    }
    j.nanchors = 0;
    if (j.kind == BK_PDF_IMPOSED) {
        /* sheets: front and back of sheet 1, of sheet 2, ... */
        sheet_size(j.cell_w, j.cell_h, &j.sheet_w, &j.sheet_h);
        double w = j.sheet_w, h = j.sheet_h;
        HPDF_Box sheet = {0, 0, (HPDF_REAL)w, (HPDF_REAL)h};
        for (size_t k = 0; k < 2 * j.plan.sheets && !st; k++)
            st = add_sized_page(&j, w, h, sheet, sheet, &j.pages[k]);
        if (st)
            goto done;
    }
    for (size_t i = 0; i < frames->n && j.kind != BK_PDF_IMPOSED; i++) {
        const bk_page *p = frames->pages[i];
        double b = j.bleed;
        HPDF_Box trim = {(HPDF_REAL)j.ox, (HPDF_REAL)j.oy, (HPDF_REAL)(j.ox + p->width),
                         (HPDF_REAL)(j.oy + p->height)};
        HPDF_Box bleed = {(HPDF_REAL)(j.ox - b), (HPDF_REAL)(j.oy - b),
                          (HPDF_REAL)(j.ox + p->width + b),
                          (HPDF_REAL)(j.oy + p->height + b)};
        if ((st = add_sized_page(&j, p->width + 2 * j.ox, p->height + 2 * j.oy, bleed,
                                 trim, &j.pages[i])))
            goto done;
        for (size_t k = 0; k < p->n; k++)
            if (p->items[k].kind == BK_ITEM_ANCHOR && p->items[k].u.anchor.name) {
                anchor_ref *a = &j.anchors[j.nanchors++];
                a->name = p->items[k].u.anchor.name;
                a->page = i;
                a->y = p->items[k].u.anchor.y;
            }
    }
    qsort(j.anchors, j.nanchors, sizeof(*j.anchors), cmp_anchor);

    /* 3 */
    for (size_t f = 0; f < j.nfu && !st; f++)
        if (j.fu[f].font)
            st = build_font(&j, &j.fu[f]);
    if (st)
        goto done;

    /* 4 */
    if (j.kind == BK_PDF_IMPOSED) {
        st = make_forms(&j);
        for (size_t k = 0; k < 2 * j.plan.sheets && !st; k++)
            st = draw_side(&j, k);
    } else {
        for (size_t i = 0; i < frames->n && !st; i++)
            st = draw_page(&j, i);
    }
    if (st)
        goto done;
    if (j.pdf->outlines && HPDF_SetPageMode(j.pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK) {
        st = hpdf_fail(&j, "setting the page mode");
        goto done;
    }

    /* 5 */
    if ((j.kind != BK_PDF_IMPOSED && (st = add_page_labels(&j))) || (st = add_info(&j)))
        goto done;

    /* 6 */
    if ((st = add_id_placeholder(&j)))
        goto done;
    if (HPDF_SaveToStream(j.pdf) != HPDF_OK) {
        st = hpdf_fail(&j, "saving");
        goto done;
    }
    HPDF_UINT32 size = HPDF_GetStreamSize(j.pdf);
    out = malloc(size ? size : 1);
    if (!out) {
        st = oom(&j);
        goto done;
    }
    if (HPDF_ResetStream(j.pdf) != HPDF_OK) {
        st = hpdf_fail(&j, "reading the saved document");
        goto done;
    }
    for (HPDF_UINT32 got = 0; got < size;) {
        HPDF_UINT32 want = size - got;
        HPDF_STATUS r = HPDF_ReadFromStream(j.pdf, out + got, &want);
        got += want;
        if ((r != HPDF_OK && r != HPDF_STREAM_EOF) || (want == 0 && got < size)) {
            st = hpdf_fail(&j, "reading the saved document");
            goto done;
        }
    }
    if (patch_id(out, size) < 0) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                           "PDF: file identifier not found in the output");
        goto done;
    }
    st = bk_file_write_atomic(ctx, path, out, size);

done:
    if (j.pdf)
        HPDF_Free(j.pdf);
    for (size_t f = 0; j.fu && f < j.nfu; f++) {
        free(j.fu[f].used);
        free(j.fu[f].uni);
        free(j.fu[f].map);
        free(j.fu[f].code);
        free(j.fu[f].width);
    }
    free(j.fu);
    free(j.pages);
    free(j.anchors);
    free(j.forms);
    bk_impose_plan_free(&j.plan);
    free(out);
    return st;
}
