/* fontinfo.c — a face's descriptor values from its sfnt tables, by
 * FreeType's rules, for the plain cases (see fontinfo.h). */
#include "fontinfo.h"
#include "bytes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct table {
    const unsigned char *p;
    size_t len;
} table;

static int s16(const unsigned char *p) { return (int16_t)bk_be16_get(p); }

/* The table `tag` of face `index`, bounds checked: 0, or -1 when absent. */
static int find_table(const unsigned char *d, size_t n, unsigned index, const char *tag,
                      table *t)
{
    size_t off = 0;
    if (n >= 12 && memcmp(d, "ttcf", 4) == 0) {
        if (index >= bk_be32_get(d + 8) || 12 + 4 * (size_t)index + 4 > n)
            return -1;
        off = bk_be32_get(d + 12 + 4 * (size_t)index);
    } else if (index != 0) {
        return -1;
    }
    if (off > n || n - off < 12)
        return -1;
    size_t nt = bk_be16_get(d + off + 4);
    if ((n - off - 12) / 16 < nt)
        return -1;
    for (size_t i = 0; i < nt; i++) {
        const unsigned char *r = d + off + 12 + 16 * i;
        if (memcmp(r, tag, 4) != 0)
            continue;
        uint32_t to = bk_be32_get(r + 8), tl = bk_be32_get(r + 12);
        if (to > n || tl > n - to)
            return -1;
        t->p = d + to;
        t->len = tl;
        return 0;
    }
    return -1;
}

/* FreeType's choice of a name record (tt_face_get_name): the last
 * Windows record in English, else the first Windows one; Apple and
 * Unicode records only without a Windows one. Returns the record, NULL
 * when the name is absent, or `unsure` when FreeType's choice would not
 * be a Windows English Unicode record. */
static const unsigned char unsure_mark;
static const unsigned char *unsure = &unsure_mark;

static const unsigned char *name_record(const table *name, unsigned id)
{
    size_t count = bk_be16_get(name->p + 2), storage = bk_be16_get(name->p + 4);
    const unsigned char *win = NULL;
    int other = 0, english = 0;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *r = name->p + 6 + 12 * i;
        if (bk_be16_get(r + 6) != id || bk_be16_get(r + 8) == 0)
            continue;
        if (storage + bk_be16_get(r + 10) + bk_be16_get(r + 8) > name->len)
            return unsure; /* FreeType drops such a record */
        unsigned platform = bk_be16_get(r), encoding = bk_be16_get(r + 2), lang = bk_be16_get(r + 4);
        if (platform != 3) {
            other = 1;
            continue;
        }
        if ((!win || (lang & 0x3ff) == 0x009) &&
            (encoding == 0 || encoding == 1 || encoding == 10)) {
            win = r;
            english = (lang & 0x3ff) == 0x009;
        }
    }
    if (!win)
        return other ? unsure : NULL;
    return english && bk_be16_get(win + 2) == 1 ? win : unsure;
}

/* A Windows name as FreeType gives it: UTF-16 with every character
 * outside ASCII 32..127 as '?', up to a NUL. */
static char *name_ascii(const table *name, const unsigned char *r)
{
    const unsigned char *s = name->p + bk_be16_get(name->p + 4) + bk_be16_get(r + 10);
    size_t len = bk_be16_get(r + 8) / 2;
    char *out = malloc(len + 1), *w = out;
    for (size_t i = 0; out && i < len; i++) {
        unsigned c = bk_be16_get(s + 2 * i);
        if (c == 0)
            break;
        *w++ = (char)(c < 32 || c > 127 ? '?' : c);
    }
    if (out)
        *w = '\0';
    return out;
}

/* FreeType's family or style name: the typographic one (16, 17), else
 * the plain one (1, 2). 0 with *out (NULL when there is none), or -1. */
static int family_name(const table *name, unsigned typographic, unsigned plain, char **out)
{
    *out = NULL;
    const unsigned char *r = name_record(name, typographic);
    if (!r)
        r = name_record(name, plain);
    if (r == unsure)
        return -1;
    if (r && !(*out = name_ascii(name, r)))
        return -1;
    return 0;
}

/* FreeType's PostScript name (sfnt_get_ps_name): name 6 of the Windows
 * English Unicode record, every character a PostScript name character. */
static char *ps_name(const table *name)
{
    size_t count = bk_be16_get(name->p + 2), storage = bk_be16_get(name->p + 4);
    const unsigned char *win = NULL;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *r = name->p + 6 + 12 * i;
        if (bk_be16_get(r + 6) != 6 || bk_be16_get(r + 8) == 0)
            continue;
        if (storage + bk_be16_get(r + 10) + bk_be16_get(r + 8) > name->len)
            return NULL;
        if (bk_be16_get(r) == 3 && bk_be16_get(r + 2) == 1 && bk_be16_get(r + 4) == 0x409)
            win = r;
    }
    if (!win || bk_be16_get(win + 8) % 2)
        return NULL;
    const unsigned char *s = name->p + storage + bk_be16_get(win + 10);
    size_t len = bk_be16_get(win + 8) / 2;
    char *out = malloc(len + 1);
    for (size_t i = 0; out && i < len; i++) {
        unsigned c = bk_be16_get(s + 2 * i);
        if (c < 33 || c > 126 || strchr("[](){}<>/%", (int)c)) {
            free(out);
            return NULL;
        }
        out[i] = (char)c;
    }
    if (out)
        out[len] = '\0';
    return out;
}

/* Steps: the tables FreeType reads for these values, each present and
 * long enough -> the values, by FreeType's rules -> the names. */
int bk_fontinfo_read(const unsigned char *d, size_t n, unsigned index,
                     bk_font_info *in, long *weight, char **family, char **style)
{
    table head, hhea, maxp, os2, post, name, t;
    if (find_table(d, n, index, "head", &head) || head.len < 54 ||
        find_table(d, n, index, "hhea", &hhea) || hhea.len < 36 ||
        find_table(d, n, index, "maxp", &maxp) || maxp.len < 6 ||
        find_table(d, n, index, "OS/2", &os2) || os2.len < 78 ||
        find_table(d, n, index, "post", &post) || post.len < 32 ||
        find_table(d, n, index, "name", &name) || name.len < 6 ||
        (size_t)6 + 12 * bk_be16_get(name.p + 2) > name.len ||
        find_table(d, n, index, "fvar", &t) == 0 || find_table(d, n, index, "CFF2", &t) == 0)
        return -1;
    unsigned version = bk_be16_get(os2.p), upem = bk_be16_get(head.p + 18);
    unsigned numglyphs = bk_be16_get(maxp.p + 4), hmetrics = bk_be16_get(hhea.p + 34);
    int cff = find_table(d, n, index, "CFF ", &t) == 0;
    int fixed = bk_be32_get(post.p + 12) != 0, sel = (int)bk_be16_get(os2.p + 62);
    int italic = (sel & 512) || (sel & 1);
    /* not the plain case: FreeType's checks and special rules decide */
    if (version == 0xffff || (version >= 1 && os2.len < 86) || (version >= 2 && os2.len < 96) ||
        upem < 16 || upem > 16384 || numglyphs < 1 || hmetrics > numglyphs ||
        (cff && (fixed || italic || bk_be32_get(post.p + 4) != 0)) ||
        name_record(&name, 21) || name_record(&name, 22))
        return -1;
    char *ps = ps_name(&name), *fam = NULL, *sty = NULL;
    if (!ps || family_name(&name, 16, 1, &fam) || family_name(&name, 17, 2, &sty)) {
        free(ps);
        free(fam);
        free(sty);
        return -1;
    }
    in->ps_name = ps;
    in->is_cff = cff;
    in->upem = upem;
    in->ascender = s16(hhea.p + 4);
    in->descender = s16(hhea.p + 6);
    if (!in->ascender && !in->descender) {
        int typo = s16(os2.p + 68) || s16(os2.p + 70);
        in->ascender = typo ? s16(os2.p + 68) : (int)bk_be16_get(os2.p + 74);
        in->descender = typo ? s16(os2.p + 70) : -(int)bk_be16_get(os2.p + 76);
    }
    for (int i = 0; i < 4; i++)
        in->bbox[i] = s16(head.p + 36 + 2 * i);
    in->cap_height = version >= 2 ? s16(os2.p + 88) : in->ascender;
    in->x_height = version >= 2 ? s16(os2.p + 86) : in->ascender / 2;
    in->italic_angle = (double)(int32_t)bk_be32_get(post.p + 4) / 65536.0;
    in->flags = 4 | (fixed ? 1 : 0) | (fam && strstr(fam, "Serif") ? 2 : 0) | (italic ? 64 : 0);
    *weight = (long)bk_be16_get(os2.p + 4);
    *family = fam ? fam : calloc(1, 1);
    *style = sty ? sty : calloc(1, 1);
    if (!*family || !*style) {
        free(*family);
        free(*style);
        free(ps);
        in->ps_name = NULL;
        return -1;
    }
    return 0;
}
