/* fontfind.c — the fontconfig adapter (see fontfind.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "fontfind.h"

#include <ctype.h>
#include <stdio.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct bk_fontfind {
    FcConfig *config;
};

struct bk_fontfind_list {
    FcFontSet *set; /* candidates kept, in order */
};

bk_fontfind *bk_fontfind_new(void)
{
    bk_fontfind *ff = calloc(1, sizeof(*ff));
    if (!ff)
        return NULL;
    /* A configuration of our own rather than fontconfig's default one: no
     * global state is shared with anyone else in the process. */
    ff->config = FcInitLoadConfigAndFonts();
    if (!ff->config) {
        free(ff);
        return NULL;
    }
    return ff;
}

int bk_fontfind_dir_trusted(const char *real)
{
    FcConfig *c = real ? FcInitLoadConfig() : NULL;
    FcStrList *dirs = c ? FcConfigGetFontDirs(c) : NULL;
    int in = 0;
    for (FcChar8 *d; !in && dirs && (d = FcStrListNext(dirs));) {
        char *r = realpath((const char *)d, NULL);
        size_t n = r ? strlen(r) : 0;
        in = r && n > 1 && strncmp(real, r, n) == 0 && (real[n] == '/' || !real[n]);
        free(r);
    }
    if (dirs)
        FcStrListDone(dirs);
    if (c)
        FcConfigDestroy(c);
    return in;
}

void bk_fontfind_free(bk_fontfind *ff)
{
    if (!ff)
        return;
    FcConfigDestroy(ff->config);
    free(ff);
}

void bk_fontfind_face_release(bk_fontfind_face *f)
{
    if (!f)
        return;
    free(f->path);
    free(f->family);
    free(f->style);
    memset(f, 0, sizeof(*f));
}

/* fontconfig names languages by its orthography files ("vi", "zh-cn",
 * "zh-tw"), not by BCP 47: the primary subtag, and the script or region
 * for Chinese. */
static void fc_lang(const char *lang, char *out, size_t cap)
{
    char low[32];
    size_t n = 0;
    out[0] = 0;
    if (!lang || !*lang || strcmp(lang, "*") == 0)
        return;
    for (; lang[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)lang[n]);
    low[n] = 0;
    if (strncmp(low, "zh", 2) == 0 && (!low[2] || low[2] == '-')) {
        int trad = strstr(low, "hant") || strstr(low, "-tw") || strstr(low, "-hk") ||
                   strstr(low, "-mo");
        snprintf(out, cap, "%s", trad ? "zh-tw" : "zh-cn");
        return;
    }
    n = strcspn(low, "-_");
    snprintf(out, cap, "%.*s", (int)n, low);
}

static FcPattern *make_pattern(bk_fontfind *ff, const char *family,
                               const char *style, const char *lang)
{
    char fl[16];
    FcPattern *p = FcPatternCreate();
    if (!p)
        return NULL;
    fc_lang(lang, fl, sizeof fl);
    int ok = (!family || FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family)) &&
             (!style || FcPatternAddString(p, FC_STYLE, (const FcChar8 *)style)) &&
             (!fl[0] || FcPatternAddString(p, FC_LANG, (const FcChar8 *)fl)) &&
             FcConfigSubstitute(ff->config, p, FcMatchPattern);
    if (!ok) {
        FcPatternDestroy(p);
        return NULL;
    }
    FcDefaultSubstitute(p);
    return p;
}

/* A face the PDF backend can embed: static outlines, TrueType or CFF, a
 * face number below 65536 (above it fontconfig names variable instances). */
static int usable(const FcPattern *f)
{
    FcBool b;
    FcChar8 *fmt = NULL;
    int index = 0;
    if (FcPatternGetBool(f, FC_OUTLINE, 0, &b) == FcResultMatch && !b)
        return 0;
    if (FcPatternGetBool(f, FC_COLOR, 0, &b) == FcResultMatch && b)
        return 0;
    if (FcPatternGetBool(f, FC_VARIABLE, 0, &b) == FcResultMatch && b)
        return 0;
    if (FcPatternGetInteger(f, FC_INDEX, 0, &index) != FcResultMatch || index < 0 ||
        index > 65535)
        return 0;
    if (FcPatternGetString(f, FC_FONTFORMAT, 0, &fmt) != FcResultMatch ||
        (strcmp((const char *)fmt, "TrueType") != 0 && strcmp((const char *)fmt, "CFF") != 0))
        return 0;
    return FcPatternGetString(f, FC_FILE, 0, &fmt) == FcResultMatch;
}

static int has_value(const FcPattern *f, const char *object, const char *want)
{
    FcChar8 *v = NULL;
    for (int i = 0; FcPatternGetString(f, object, i, &v) == FcResultMatch; i++)
        if (strcasecmp((const char *)v, want) == 0)
            return 1;
    return 0;
}

static int fill_face(const FcPattern *f, bk_fontfind_face *out)
{
    FcChar8 *file = NULL, *fam = NULL, *sty = NULL;
    int index = 0;
    memset(out, 0, sizeof(*out));
    FcPatternGetString(f, FC_FILE, 0, &file);
    FcPatternGetInteger(f, FC_INDEX, 0, &index);
    FcPatternGetString(f, FC_FAMILY, 0, &fam);
    FcPatternGetString(f, FC_STYLE, 0, &sty);
    out->index = (unsigned)index;
    out->path = bk_strdup(file ? (const char *)file : "");
    out->family = bk_strdup(fam ? (const char *)fam : "");
    out->style = bk_strdup(sty ? (const char *)sty : "");
    if (!out->path || !out->family || !out->style) {
        bk_fontfind_face_release(out);
        return -2;
    }
    return 0;
}

int bk_fontfind_family(bk_fontfind *ff, const char *family, const char *style,
                       const char *lang, bk_fontfind_face *out)
{
    int rc = -1;
    FcResult res;
    FcPattern *m = NULL, *p = make_pattern(ff, family, style, lang);
    memset(out, 0, sizeof(*out));
    if (!p)
        return -2;
    /* fontconfig always answers with something: a substitute is refused
     * here, since a configuration naming a family means that family. */
    m = FcFontMatch(ff->config, p, &res);
    if (m && res == FcResultMatch && has_value(m, FC_FAMILY, family) &&
        (!style || has_value(m, FC_STYLE, style)) && usable(m))
        rc = fill_face(m, out);
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(p);
    return rc;
}

bk_fontfind_list *bk_fontfind_sort(bk_fontfind *ff, const char *family,
                                   const char *style, const char *lang)
{
    FcResult res;
    FcFontSet *sorted = NULL;
    bk_fontfind_list *l = calloc(1, sizeof(*l));
    FcPattern *p = make_pattern(ff, family, style, lang);
    if (!l || !p || !(l->set = FcFontSetCreate()))
        goto fail;
    sorted = FcFontSort(ff->config, p, FcFalse, NULL, &res);
    for (int i = 0; sorted && i < sorted->nfont; i++) {
        FcPattern *f = sorted->fonts[i];
        if (!usable(f))
            continue;
        FcPatternReference(f);
        if (!FcFontSetAdd(l->set, f)) {
            FcPatternDestroy(f);
            goto fail;
        }
    }
    if (sorted)
        FcFontSetDestroy(sorted);
    FcPatternDestroy(p);
    return l;
fail:
    if (sorted)
        FcFontSetDestroy(sorted);
    if (p)
        FcPatternDestroy(p);
    bk_fontfind_list_free(l);
    return NULL;
}

void bk_fontfind_list_free(bk_fontfind_list *l)
{
    if (!l)
        return;
    if (l->set)
        FcFontSetDestroy(l->set);
    free(l);
}

int bk_fontfind_list_cover(const bk_fontfind_list *l, uint32_t cp,
                           bk_fontfind_face *out)
{
    for (int i = 0; i < l->set->nfont; i++) {
        FcCharSet *cs = NULL;
        if (FcPatternGetCharSet(l->set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
            FcCharSetHasChar(cs, cp))
            return fill_face(l->set->fonts[i], out);
    }
    return -1;
}
