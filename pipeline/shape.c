/* shape.c — the HarfBuzz adapter (see shape.h). */
#include "shape.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

struct bk_face {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
    unsigned nglyphs;
};

bk_face *bk_face_new(const unsigned char *data, size_t size, unsigned index)
{
    if (!data || size == 0 || size > (size_t)UINT32_MAX)
        return NULL;
    bk_face *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    /* The mapping outlives the face (font.h), so HarfBuzz need not copy. */
    f->blob = hb_blob_create((const char *)data, (unsigned)size,
                             HB_MEMORY_MODE_READONLY, NULL, NULL);
    f->face = hb_face_create(f->blob, index);
    f->font = hb_font_create(f->face);
    f->upem = hb_face_get_upem(f->face);
    f->nglyphs = hb_face_get_glyph_count(f->face);
    if (f->nglyphs == 0 || f->upem == 0) {
        bk_face_free(f);
        return NULL;
    }
    return f;
}

void bk_face_free(bk_face *f)
{
    if (!f)
        return;
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f);
}

unsigned bk_face_upem(const bk_face *f) { return f->upem; }
unsigned bk_face_glyph_count(const bk_face *f) { return f->nglyphs; }

int bk_face_has_char(const bk_face *f, uint32_t cp)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(f->font, cp, &g) ? 1 : 0;
}

int bk_face_glyph_advance(const bk_face *f, uint32_t gid)
{
    return hb_font_get_glyph_h_advance(f->font, gid);
}

bk_status bk_face_shape(bk_ctx *ctx, bk_face *f, const char *text,
                        size_t textlen, size_t start, size_t len,
                        const char *lang, uint32_t script,
                        const char *features, bk_glyph **out, size_t *n)
{
    bk_status st = BK_OK;
    hb_buffer_t *buf = NULL;
    hb_feature_t feats[16];
    unsigned nfeats = 0;
    bk_glyph *g = NULL;
    *out = NULL;
    *n = 0;
    if (textlen > INT32_MAX || start + len > textlen) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                           "shaping range out of bounds");
        goto done;
    }
    /* Features come as "kern,liga=0"; an unknown one is a layout error. */
    for (const char *p = features; p && *p && nfeats < 16;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l && !hb_feature_from_string(p, (int)l, &feats[nfeats++])) {
            st = bk_diag_error(ctx->diag, BK_EINPUT, NULL, 0, 0,
                               "unknown font feature '%.*s'", (int)l, p);
            goto done;
        }
        p += l + (e ? 1 : 0);
    }
    buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, (int)textlen, (unsigned)start, (int)len);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, hb_script_from_iso15924_tag(script));
    if (lang && *lang)
        hb_buffer_set_language(buf, hb_language_from_string(lang, -1));
    hb_buffer_guess_segment_properties(buf);
    hb_shape(f->font, buf, nfeats ? feats : NULL, nfeats);
    unsigned count = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &count);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &count);
    if (!hb_buffer_allocation_successful(buf)) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                           "out of memory while shaping");
        goto done;
    }
    g = malloc((count ? count : 1) * sizeof(*g));
    if (!g) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (unsigned i = 0; i < count; i++) {
        g[i].gid = info[i].codepoint;
        g[i].cluster = info[i].cluster;
        g[i].x_advance = pos[i].x_advance;
        g[i].y_advance = pos[i].y_advance;
        g[i].x_offset = pos[i].x_offset;
        g[i].y_offset = pos[i].y_offset;
    }
    *out = g;
    *n = count;
    g = NULL;
done:
    free(g);
    hb_buffer_destroy(buf);
    return st;
}

bk_status bk_face_subset(bk_ctx *ctx, bk_face *f, const uint32_t *gids,
                         size_t n, int is_cff, unsigned char **data,
                         size_t *size, uint32_t *map)
{
    bk_status st = BK_OK;
    hb_subset_input_t *in = NULL;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    *data = NULL;
    *size = 0;
    in = hb_subset_input_create_or_fail();
    if (!in)
        goto fail;
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(gs, gids[i]);
    /* A PDF viewer only draws outlines: layout tables would be dead weight,
     * and dropping GSUB also keeps the closure from pulling in glyphs the
     * document never shows. Hints are dropped for size. */
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "BASE",
                                          "JSTF", "MATH", "kern", "vhea",
                                          "vmtx", "VORG", "DSIG", "morx"};
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    plan = hb_subset_plan_create_or_fail(f->face, in);
    if (!plan)
        goto fail;
    const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (unsigned g = 0; g < f->nglyphs; g++) {
        hb_codepoint_t v = hb_map_get(o2n, g);
        map[g] = v == HB_MAP_VALUE_INVALID ? 0 : v;
    }
    sub = hb_subset_plan_execute_or_fail(plan);
    if (!sub)
        goto fail;
    blob = is_cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
                  : hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *p = hb_blob_get_data(blob, &len);
    if (!p || len == 0)
        goto fail;
    *data = malloc(len);
    if (!*data)
        goto fail;
    memcpy(*data, p, len);
    *size = len;
    goto done;
fail:
    st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0,
                       "font subsetting failed");
done:
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    return st;
}
