/* font.c — font configuration and the FreeType adapter (see font.h). */
#define _DEFAULT_SOURCE /* madvise */
#include "lang.h"
#include "font.h"
#include "bytes.h"

#include <errno.h>
#include <fcntl.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_FONT_FORMATS_H
#include FT_TRUETYPE_TABLES_H
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fontfind.h"
#include "fontinfo.h"
#include "node.h"
#include "paths.h"
#include "xml.h"

typedef struct role {
    char *name, *lang;
    int *chain;
    size_t n;
    int latin; /* face for Latin letters and digits, or -1 */
} role;

typedef struct slot {
    bk_font font;
    long line; /* of the face in the configuration, for messages; 0 for a
                  fallback face */
    int opened, failed;
    char *family, *style; /* from FreeType, for fallback queries */
    void *map;     /* owned; NULL when the file is another slot's mapping */
    size_t maplen;
} slot;

/* bk_fontset_chain is asked once per character of every paragraph with
 * the same few (role, language) pairs: the answers are remembered. */
#define CHAIN_MEMO 8
#define CHAIN_KEY 32

typedef struct chain_memo {
    char role[CHAIN_KEY], lang[CHAIN_KEY];
    int has_lang;         /* lang NULL and "" differ */
    const role *found;    /* NULL: no such role */
} chain_memo;

/* Per-character fallback: fontconfig's candidates for a role's first face
 * and a language, sorted once... */
typedef struct sorter {
    int first;
    char *lang;
    bk_fontfind_list *list;
} sorter;

/* ...and the answer per (sorter, code point): a face number or -1. */
typedef struct cover {
    uint32_t cp;
    int sorter; /* -1: empty entry */
    int face;
} cover;

struct bk_fontset {
    FT_Library ft;
    slot **slots; /* pointers: fonts stay put when fallback faces are added */
    size_t nslots;
    int fallback; /* 0: fonts="none", only the configured faces */
    bk_fontfind *ff; /* opened on first need */
    sorter *sorters;
    size_t nsorters;
    cover *covers;
    size_t ncovers, capcovers; /* capcovers: a power of two */
    role *roles;
    size_t nroles;
    char *config; /* path of fonts.xml, for messages */
    chain_memo memo[CHAIN_MEMO];
    size_t nmemo, memo_last, memo_next;
};

static bk_status load_roles(bk_ctx *ctx, bk_fontset *fs, const bk_node *root)
{
    for (bk_node *r = bk_node_child(root, "role"); r;
         r = bk_node_next_element(r, "role")) {
        const char *name = bk_node_get_attr(r, "name");
        const char *lang = bk_node_get_attr(r, "lang");
        const char *faces = bk_node_get_attr(r, "faces");
        if (!name || !faces)
            return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, r->line, 0,
                                 "role needs name and faces attributes");
        role *nr = realloc(fs->roles, (fs->nroles + 1) * sizeof(*nr));
        if (!nr)
            return bk_diag_error(ctx->diag, BK_EINTERNAL, fs->config, 0, 0,
                                 "out of memory");
        fs->roles = nr;
        role *ro = &fs->roles[fs->nroles++];
        memset(ro, 0, sizeof(*ro));
        ro->name = bk_strdup(name);
        ro->lang = bk_strdup(lang ? lang : "*");
        ro->latin = -1;
        const char *latin = bk_node_get_attr(r, "latin");
        if (latin && (ro->latin = bk_fontset_find(fs, latin)) < 0)
            return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, r->line, 0,
                                 "role '%s' names unknown face '%s' for latin",
                                 name, latin);
        ro->chain = calloc(strlen(faces) / 2 + 2, sizeof(int));
        if (!ro->name || !ro->lang || !ro->chain)
            return bk_diag_error(ctx->diag, BK_EINTERNAL, fs->config, 0, 0,
                                 "out of memory");
        const char *p = faces;
        while (*p) {
            while (*p == ' ')
                p++;
            size_t l = strcspn(p, " ");
            if (!l)
                break;
            char *id = bk_strndup(p, l);
            int k = id ? bk_fontset_find(fs, id) : -1;
            if (k < 0) {
                bk_status st = bk_diag_error(
                    ctx->diag, BK_EINPUT, fs->config, r->line, 0,
                    "role '%s' names unknown face '%s'", name, id ? id : "?");
                free(id);
                return st;
            }
            free(id);
            ro->chain[ro->n++] = k;
            p += l;
        }
    }
    return BK_OK;
}

/* A face number in a collection: decimal, 0 to 65535 (FreeType takes the
 * upper bits of its face index as a variation instance). */
static int parse_index(const char *s, unsigned *out)
{
    unsigned long v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > 65535)
            return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* A new slot at the end of the set; NULL if out of memory or the set is
 * full (BK_FONTSET_MAX). Takes path. */
static slot *add_slot(bk_fontset *fs, const char *id, char *path, unsigned index,
                      long line)
{
    if (fs->nslots >= BK_FONTSET_MAX) {
        free(path);
        return NULL;
    }
    slot **ns = realloc(fs->slots, (fs->nslots + 1) * sizeof(*ns));
    slot *s = calloc(1, sizeof(*s));
    if (ns)
        fs->slots = ns;
    if (!ns || !s || !path || !(s->font.id = bk_strdup(id))) {
        free(s);
        free(path);
        return NULL;
    }
    s->font.path = path;
    s->font.index = index;
    s->font.config = fs->config;
    s->font.line = line;
    s->line = line;
    fs->slots[fs->nslots++] = s;
    return s;
}

static bk_fontfind *finder(bk_fontset *fs)
{
    if (!fs->ff)
        fs->ff = bk_fontfind_new();
    return fs->ff;
}

/* A face by family name: fontconfig's file and face number for it. */
static bk_status load_family(bk_ctx *ctx, bk_fontset *fs, const bk_node *f,
                             const char *id, const char *family)
{
    const char *style = bk_node_get_attr(f, "style");
    bk_fontfind_face ff = {0};
    if (!finder(fs))
        return bk_diag_error(ctx->diag, BK_EINTERNAL, fs->config, f->line, 0,
                             "cannot initialise fontconfig");
    int rc = bk_fontfind_family(fs->ff, family, style, bk_node_get_attr(f, "lang"), &ff);
    if (rc == -1)
        return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, f->line, 0,
                             "face '%s': no installed font of family '%s'%s%s%s "
                             "(fc-list lists them)",
                             id, family, style ? ", style '" : "", style ? style : "",
                             style ? "'" : "");
    slot *s = rc == 0 ? add_slot(fs, id, ff.path, ff.index, f->line) : NULL;
    ff.path = NULL;
    bk_fontfind_face_release(&ff);
    return s ? BK_OK
             : bk_diag_error(ctx->diag, BK_EINTERNAL, fs->config, 0, 0, "out of memory");
}

static bk_status load_face(bk_ctx *ctx, bk_fontset *fs, const bk_node *f)
{
    const char *id = bk_node_get_attr(f, "id");
    const char *file = bk_node_get_attr(f, "file");
    const char *family = bk_node_get_attr(f, "family");
    const char *index = bk_node_get_attr(f, "index");
    unsigned ix = 0;
    if (!id || !file == !family)
        return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, f->line, 0,
                             "face needs an id and one of file and family");
    if (bk_fontset_find(fs, id) >= 0)
        return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, f->line, 0,
                             "face '%s' declared twice", id);
    if (fs->nslots >= BK_FONTSET_MAX)
        return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, f->line, 0,
                             "face '%s': more than %d faces", id, BK_FONTSET_MAX);
    if (family)
        return load_family(ctx, fs, f, id, family);
    if (index && parse_index(index, &ix) != 0)
        return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, f->line, 0,
                             "face '%s': index=\"%s\" is not a face "
                             "number (0 to 65535)",
                             id, index);
    char *path = NULL; /* relative to the configuration, within the allowed roots */
    bk_status st = bk_path_resolve(ctx, fs->config, f->line, 0, file, &path);
    if (st)
        return st;
    if (!add_slot(fs, id, path, ix, f->line))
        return bk_diag_error(ctx->diag, BK_EINTERNAL, fs->config, 0, 0, "out of memory");
    return BK_OK;
}

bk_status bk_fontset_load(bk_ctx *ctx, const char *path, bk_fontset **out)
{
    bk_status st = BK_OK;
    bk_node *root = NULL;
    bk_fontset *fs = calloc(1, sizeof(*fs));
    *out = NULL;
    if (!fs || !(fs->config = bk_strdup(path))) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    if (FT_Init_FreeType(&fs->ft)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                           "cannot initialise FreeType");
        goto done;
    }
    st = bk_xml_read_schema(ctx, "fonts", path, &root);
    if (st)
        goto done;
    if (!root->name || strcmp(root->name, "fonts") != 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, root->line, 0,
                           "root element must be <fonts>");
        goto done;
    }
    const char *fb = bk_node_get_attr(root, "fallback");
    if (fb && strcmp(fb, "none") != 0 && strcmp(fb, "fontconfig") != 0) {
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, root->line, 0,
                           "fallback=\"%s\": expected \"fontconfig\" or \"none\"", fb);
        goto done;
    }
    fs->fallback = !fb || strcmp(fb, "fontconfig") == 0;
    for (bk_node *f = bk_node_child(root, "face"); f && !st;
         f = bk_node_next_element(f, "face"))
        st = load_face(ctx, fs, f);
    if (!st)
        st = load_roles(ctx, fs, root);
    if (st)
        goto done;
    *out = fs;
    fs = NULL;
done:
    bk_node_free(root);
    bk_fontset_free(fs);
    return st;
}

void bk_fontset_free(bk_fontset *fs)
{
    if (!fs)
        return;
    /* faces first: a slot may read another's mapping (shared_map) */
    for (size_t i = 0; i < fs->nslots; i++)
        bk_face_free(fs->slots[i]->font.face);
    for (size_t i = 0; i < fs->nslots; i++) {
        slot *s = fs->slots[i];
        free((char *)s->font.info.ps_name);
        free(s->font.id);
        free(s->font.path);
        free(s->family);
        free(s->style);
        if (s->map)
            munmap(s->map, s->maplen);
        free(s);
    }
    for (size_t i = 0; i < fs->nroles; i++) {
        free(fs->roles[i].name);
        free(fs->roles[i].lang);
        free(fs->roles[i].chain);
    }
    for (size_t i = 0; i < fs->nsorters; i++) {
        free(fs->sorters[i].lang);
        bk_fontfind_list_free(fs->sorters[i].list);
    }
    free(fs->sorters);
    free(fs->covers);
    bk_fontfind_free(fs->ff);
    free(fs->slots);
    free(fs->roles);
    free(fs->config);
    if (fs->ft)
        FT_Done_FreeType(fs->ft);
    free(fs);
}

size_t bk_fontset_count(const bk_fontset *fs) { return fs->nslots; }

int bk_fontset_find(const bk_fontset *fs, const char *id)
{
    for (size_t i = 0; i < fs->nslots; i++)
        if (strcmp(fs->slots[i]->font.id, id) == 0)
            return (int)i;
    return -1;
}

int bk_fontset_is_open(const bk_fontset *fs, size_t i)
{
    return i < fs->nslots && fs->slots[i]->opened;
}

/* The sfnt table directory of face `index` (in a collection or not): NULL
 * when every table lies inside the file, else what is wrong. A truncated
 * file is found here, before HarfBuzz or FreeType meet it half-way
 * through a build. */
static const char *table_directory_problem(const unsigned char *d, size_t n,
                                           unsigned index)
{
    size_t off = 0;
    if (n >= 12 && memcmp(d, "ttcf", 4) == 0) {
        uint32_t nf = bk_be32_get(d + 8);
        if (index >= nf || 12 + 4 * (size_t)index + 4 > n)
            return "its collection header is cut short";
        off = bk_be32_get(d + 12 + 4 * (size_t)index);
    }
    if (off > n || n - off < 12)
        return "its table directory is cut short";
    size_t nt = (size_t)d[off + 4] << 8 | d[off + 5];
    if (nt == 0 || (n - off - 12) / 16 < nt)
        return "its table directory is cut short";
    for (size_t i = 0; i < nt; i++) {
        const unsigned char *r = d + off + 12 + 16 * i;
        uint32_t to = bk_be32_get(r + 8), tl = bk_be32_get(r + 12);
        if (to > n || tl > n - to)
            return "a table ends beyond the end of the file (truncated?)";
    }
    return NULL;
}

/* Checks a face's tables agree on its glyph count: hmtx (and so every
 * glyph id a cmap may give) must not pass maxp's numGlyphs. */
static const char *glyph_count_problem(FT_Face face)
{
    TT_HoriHeader *hh = FT_Get_Sfnt_Table(face, FT_SFNT_HHEA);
    if (face->num_glyphs < 1)
        return "it has no glyphs";
    if (hh && (FT_Long)hh->number_Of_HMetrics > face->num_glyphs)
        return "its hhea and maxp tables disagree on the number of glyphs";
    return NULL;
}

/* The weight class into the stem estimate PDF wants. */
static bk_status weight_check(bk_ctx *ctx, bk_fontset *fs, slot *s, long weight)
{
    if (weight < 1 || weight > 1000) {
        /* OpenType allows 1..1000; a damaged table must not reach the
         * stem estimate (65535 squared overflows an int). */
        bk_diag_warn(ctx->diag, fs->config, s->line, 0,
                     "font '%s': %s has OS/2 weight class %ld, outside "
                     "1..1000; taken as 400",
                     s->font.id, s->font.path, weight);
        weight = 400;
    }
    /* A usual estimate of the dominant stem from the weight class. */
    s->font.info.stem_v = (int)((10 + weight * weight / 1600) * (long)s->font.info.upem / 1000);
    return BK_OK;
}

/* Reads what a PDF font descriptor needs: from the tables when the face is
 * a plain one (fontinfo.h: FreeType reads all of a CJK collection's face
 * to open it), else through FreeType, which parses the OS/2 and post
 * tables and the CFF/TrueType distinction for us and says what is wrong
 * with a damaged file. */
static bk_status read_info(bk_ctx *ctx, bk_fontset *fs, slot *s)
{
    FT_Face face = NULL;
    bk_font_info *in = &s->font.info;
    long weight = 400;
    /* the plain cases from the tables; FreeType reads the rest */
    if (bk_fontinfo_read(s->font.data, s->font.size, s->font.index, in, &weight, &s->family,
                         &s->style) == 0)
        return weight_check(ctx, fs, s, weight);
    if (FT_New_Memory_Face(fs->ft, s->font.data, (FT_Long)s->font.size,
                           (FT_Long)s->font.index, &face))
        return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, s->line, 0,
                             "font '%s': %s is not a font file FreeType can "
                             "read (face %u)",
                             s->font.id, s->font.path, s->font.index);
    const char *bad = glyph_count_problem(face);
    if (bad) {
        FT_Done_Face(face);
        return bk_diag_error(ctx->diag, BK_EINPUT, fs->config, s->line, 0,
                             "font '%s': %s is damaged: %s", s->font.id,
                             s->font.path, bad);
    }
    const char *ps = FT_Get_Postscript_Name(face);
    in->ps_name = bk_strdup(ps ? ps : s->font.id);
    const char *fmt = FT_Get_Font_Format(face);
    in->is_cff = fmt && (strcmp(fmt, "CFF") == 0 || strcmp(fmt, "CID Type 1") == 0);
    in->upem = face->units_per_EM;
    in->ascender = face->ascender;
    in->descender = face->descender;
    in->bbox[0] = (int)face->bbox.xMin;
    in->bbox[1] = (int)face->bbox.yMin;
    in->bbox[2] = (int)face->bbox.xMax;
    in->bbox[3] = (int)face->bbox.yMax;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    TT_Postscript *post = FT_Get_Sfnt_Table(face, FT_SFNT_POST);
    in->cap_height = os2 && os2->version >= 2 ? os2->sCapHeight : in->ascender;
    in->x_height = os2 && os2->version >= 2 ? os2->sxHeight : in->ascender / 2;
    in->italic_angle = post ? (double)post->italicAngle / 65536.0 : 0.0;
    if (os2)
        weight = (long)os2->usWeightClass;
    /* Symbolic: the fonts use their own glyph set through Identity-H. */
    in->flags = 4;
    if (face->face_flags & FT_FACE_FLAG_FIXED_WIDTH)
        in->flags |= 1;
    if (face->family_name && strstr(face->family_name, "Serif"))
        in->flags |= 2;
    if (face->style_flags & FT_STYLE_FLAG_ITALIC)
        in->flags |= 64;
    s->family = bk_strdup(face->family_name ? face->family_name : "");
    s->style = bk_strdup(face->style_name ? face->style_name : "");
    FT_Done_Face(face);
    if (!in->ps_name || !s->family || !s->style)
        return bk_diag_error(ctx->diag, BK_EINTERNAL, fs->config, 0, 0, "out of memory");
    return weight_check(ctx, fs, s, weight);
}

/* The largest font file taken: CJK collections are some 30 MB. */
#define BK_MAX_FONT_BYTES (512u << 20)

/* Slot s read from the file's bytes m (size n): its table directory
 * checked, its descriptor's figures read, its HarfBuzz face made. */
static bk_font *font_from_map(bk_ctx *ctx, bk_fontset *fs, slot *s, const void *m,
                              size_t n)
{
    s->font.data = m;
    s->font.size = n;
    const char *bad = s->font.size < 4 ? NULL
                      : memcmp(m, "OTTO", 4) == 0 || memcmp(m, "ttcf", 4) == 0 ||
                              bk_be32_get(m) == 0x00010000u || memcmp(m, "true", 4) == 0
                          ? table_directory_problem(m, s->font.size, s->font.index)
                          : NULL; /* not an sfnt: FreeType says what it is */
    if (bad) {
        bk_diag_error(ctx->diag, BK_EINPUT, fs->config, s->line, 0,
                      "font '%s': %s is damaged: %s", s->font.id, s->font.path, bad);
        return NULL;
    }
    if (read_info(ctx, fs, s) != BK_OK)
        return NULL;
    s->font.face = bk_face_new(s->font.data, s->font.size, s->font.index);
    if (!s->font.face) {
        bk_diag_error(ctx->diag, BK_EINPUT, fs->config, s->line, 0,
                      "font '%s': HarfBuzz cannot read face %u of %s",
                      s->font.id, s->font.index, s->font.path);
        return NULL;
    }
    s->opened = 1;
    s->failed = 0;
    return &s->font;
}

/* The mapping of another slot of the same file (a collection's faces,
 * or one face under two names): mapped once, its pages are counted once
 * in the process's memory. NULL when none is open. */
static const slot *shared_map(const bk_fontset *fs, const slot *s)
{
    for (size_t j = 0; j < fs->nslots; j++) {
        const slot *o = fs->slots[j];
        if (o != s && o->opened && o->map && strcmp(o->font.path, s->font.path) == 0)
            return o;
    }
    return NULL;
}

void bk_fontset_pages_release(bk_fontset *fs)
{
    /* MADV_DONTNEED on a read-only private file mapping drops only the
     * process's references: the bytes stay the file's, read again from
     * the page cache. Advice: a refusal changes nothing but the memory. */
    for (size_t i = 0; fs && i < fs->nslots; i++)
        if (fs->slots[i]->map)
            (void)madvise(fs->slots[i]->map, fs->slots[i]->maplen, MADV_DONTNEED);
}

/* Opens slot s on its first use. Apart from bk_fontset_font, which is
 * asked for an open font at every character a paragraph itemizes: that
 * answer stays a few instructions. */
static bk_font *slot_open(bk_ctx *ctx, bk_fontset *fs, slot *s)
{
    s->failed = 1;
    const slot *o = shared_map(fs, s);
    if (o)
        return font_from_map(ctx, fs, s, o->map, o->maplen);
    /* Through the one opener: regular files only, never blocking. */
    int fd = -1;
    size_t size = 0;
    const char *why = NULL;
    int err = 0;
    if (bk_file_open_quiet(ctx, s->font.path, BK_MAX_FONT_BYTES, &fd, &size, &why,
                           &err) != BK_OK) {
        if (err)
            bk_diag_error(ctx->diag, BK_EINPUT, fs->config, s->line, 0,
                          "font '%s': %s %s: %s", s->font.id, why, s->font.path,
                          strerror(err));
        else
            bk_diag_error(ctx->diag, BK_EINPUT, fs->config, s->line, 0,
                          "font '%s': %s %s", s->font.id, s->font.path, why);
        return NULL;
    }
    struct stat sb = {.st_size = (off_t)size};
    if (sb.st_size <= 0) {
        close(fd);
        bk_diag_error(ctx->diag, BK_EINPUT, fs->config, s->line, 0,
                      "font '%s': %s is empty or unreadable", s->font.id,
                      s->font.path);
        return NULL;
    }
    /* Mapped, not read: a CJK collection is 20+ MB of which a document
     * touches a few pages. */
    void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        bk_diag_error(ctx->diag, BK_EINTERNAL, fs->config, s->line, 0,
                      "font '%s': cannot map %s", s->font.id, s->font.path);
        return NULL;
    }
    s->map = m;
    s->maplen = (size_t)sb.st_size;
    return font_from_map(ctx, fs, s, m, s->maplen);
}

bk_font *bk_fontset_font(bk_ctx *ctx, bk_fontset *fs, size_t i)
{
    if (i >= fs->nslots)
        return NULL;
    slot *s = fs->slots[i];
    if (s->opened)
        return &s->font;
    if (s->failed)
        return NULL;
    return slot_open(ctx, fs, s);
}

/* How well a role's lang pattern matches a tag: exact 3, primary subtag
 * 2 ("zh" for "zh-Hans"), wildcard 1, none 0. */

static const role *find_role(const bk_fontset *fs, const char *role_name,
                             const char *lang)
{
    int best = 0;
    const role *found = NULL;
    for (size_t i = 0; i < fs->nroles; i++) {
        const role *r = &fs->roles[i];
        if (strcmp(r->name, role_name) != 0)
            continue;
        int sc = bk_lang_match_score(r->lang, lang);
        if (sc > best) {
            best = sc;
            found = r;
        }
    }
    return found;
}

static int memo_is(const chain_memo *m, const char *role_name, const char *lang)
{
    return strcmp(m->role, role_name) == 0 && m->has_lang == (lang != NULL) &&
           (!lang || strcmp(m->lang, lang) == 0);
}

static const role *role_of(const bk_fontset *fs, const char *role_name,
                           const char *lang);

size_t bk_fontset_chain(const bk_fontset *fs, const char *role_name,
                        const char *lang, const int **chain)
{
    const role *found = role_of(fs, role_name, lang);
    if (!found)
        return 0;
    *chain = found->chain;
    return found->n;
}

int bk_fontset_latin(const bk_fontset *fs, const char *role_name, const char *lang)
{
    const role *found = role_of(fs, role_name, lang);
    return found ? found->latin : -1;
}

static const role *role_of(const bk_fontset *fs, const char *role_name,
                           const char *lang)
{
    /* The memo is a cache: the set is logically unchanged. */
    bk_fontset *m = (bk_fontset *)fs;
    const role *found = NULL;
    size_t k = m->nmemo;
    if (k && memo_is(&m->memo[m->memo_last], role_name, lang))
        k = m->memo_last;
    else
        for (k = 0; k < m->nmemo && !memo_is(&m->memo[k], role_name, lang); k++)
            ;
    if (k < m->nmemo) {
        m->memo_last = k;
        found = m->memo[k].found;
    } else {
        found = find_role(fs, role_name, lang);
        if (strlen(role_name) < CHAIN_KEY && (!lang || strlen(lang) < CHAIN_KEY)) {
            k = m->nmemo < CHAIN_MEMO ? m->nmemo++ : m->memo_next++ % CHAIN_MEMO;
            chain_memo *e = &m->memo[k];
            strcpy(e->role, role_name);
            strcpy(e->lang, lang ? lang : "");
            e->has_lang = lang != NULL;
            e->found = found;
            m->memo_last = k;
        }
    }
    return found;
}

/* ---- per-character fallback ------------------------------------------ */

static int find_sorter(bk_ctx *ctx, bk_fontset *fs, int first, const char *lang)
{
    const char *l = lang ? lang : "";
    for (size_t k = 0; k < fs->nsorters; k++)
        if (fs->sorters[k].first == first && strcmp(fs->sorters[k].lang, l) == 0)
            return (int)k;
    bk_font *f = bk_fontset_font(ctx, fs, (size_t)first);
    if (!f || !finder(fs))
        return -1;
    sorter *ns = realloc(fs->sorters, (fs->nsorters + 1) * sizeof(*ns));
    if (!ns)
        return -1;
    fs->sorters = ns;
    slot *s = fs->slots[first];
    sorter so = {first, bk_strdup(l), bk_fontfind_sort(fs->ff, s->family, s->style, l)};
    if (!so.lang || !so.list) {
        free(so.lang);
        bk_fontfind_list_free(so.list);
        return -1;
    }
    fs->sorters[fs->nsorters] = so;
    return (int)fs->nsorters++;
}

static size_t cover_slot(const bk_fontset *fs, int k, uint32_t cp)
{
    size_t h = ((size_t)cp * 2654435761u) ^ ((size_t)k * 40503u);
    size_t mask = fs->capcovers - 1;
    for (h &= mask;; h = (h + 1) & mask)
        if (fs->covers[h].sorter < 0 ||
            (fs->covers[h].sorter == k && fs->covers[h].cp == cp))
            return h;
}

/* Remembers the answer for (k, cp); forgetting it on out of memory only
 * costs a second query. */
static void cover_put(bk_fontset *fs, int k, uint32_t cp, int face)
{
    if ((fs->ncovers + 1) * 2 > fs->capcovers) {
        size_t cap = fs->capcovers ? fs->capcovers * 2 : 64;
        cover *old = fs->covers, *nc = malloc(cap * sizeof(*nc));
        if (!nc)
            return;
        for (size_t i = 0; i < cap; i++)
            nc[i].sorter = -1;
        size_t oldcap = fs->capcovers;
        fs->covers = nc;
        fs->capcovers = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].sorter >= 0)
                fs->covers[cover_slot(fs, old[i].sorter, old[i].cp)] = old[i];
        free(old);
    }
    size_t h = cover_slot(fs, k, cp);
    if (fs->covers[h].sorter < 0)
        fs->ncovers++;
    fs->covers[h] = (cover){cp, k, face};
}

/* The face number of an installed face, adding it to the set if new. */
static int fallback_slot(bk_ctx *ctx, bk_fontset *fs, bk_fontfind_face *ff, uint32_t cp)
{
    int n = -1;
    for (size_t i = 0; i < fs->nslots && n < 0; i++)
        if (fs->slots[i]->font.index == ff->index && strcmp(fs->slots[i]->font.path, ff->path) == 0)
            n = (int)i;
    if (n < 0) {
        bk_buf id = {0};
        bk_buf_printf(&id, "%s %s", ff->family, ff->style);
        size_t base = id.len;
        for (int k = 2; id.data && bk_fontset_find(fs, id.data) >= 0; k++) {
            id.len = base;
            bk_buf_printf(&id, " %d", k);
        }
        slot *s = id.data ? add_slot(fs, id.data, ff->path, ff->index, 0) : NULL;
        ff->path = NULL;
        bk_buf_release(&id);
        if (!s)
            return -1;
        n = (int)fs->nslots - 1;
    }
    /* A broken installed font is not the document's fault: no fallback. */
    bk_diag_mark m = bk_diag_mark_take(ctx->diag);
    bk_font *f = bk_fontset_font(ctx, fs, (size_t)n);
    if (!f) {
        bk_diag_rollback(ctx->diag, m);
        return -1;
    }
    return bk_face_has_char(f->face, cp) ? n : -1;
}

int bk_fontset_fallback(bk_ctx *ctx, bk_fontset *fs, int first, const char *lang,
                        uint32_t cp)
{
    if (!fs->fallback || first < 0 || (size_t)first >= fs->nslots)
        return -1;
    int k = find_sorter(ctx, fs, first, lang);
    if (k < 0)
        return -1;
    if (fs->capcovers) {
        size_t h = cover_slot(fs, k, cp);
        if (fs->covers[h].sorter == k)
            return fs->covers[h].face;
    }
    bk_fontfind_face ff = {0};
    int face = -1;
    if (bk_fontfind_list_cover(fs->sorters[k].list, cp, &ff) == 0)
        face = fallback_slot(ctx, fs, &ff, cp);
    bk_fontfind_face_release(&ff);
    cover_put(fs, k, cp, face);
    return face;
}
