/* floor.c — the shaping floor (a copy of ../shared/tools/floor.c, with the
 * fonts booklet sets the seed texts in and the texts as arguments).
 *
 *   floor REPS LATIN_FONT CJK_FONT CJK_INDEX TEXT...
 *
 * The least work any HarfBuzz-based pipeline must do for the texts: load
 * the two fonts, then REPS times read every text and shape it in runs of
 * Han and non-Han characters (split at line ends), nothing else. `make
 * bench` runs it as a process beside booklet's rows, so that booklet's
 * cost is read as a multiple of this floor (the performance issue's
 * targets: the reference content within 5x the floor, x40 within 3x the
 * floor shaping 40 copies). Prints one line of figures. */
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    long size;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (b = malloc((size_t)size + 1)) && fread(b, 1, (size_t)size, f) == (size_t)size) {
        b[size] = 0;
        *n = (size_t)size;
    } else {
        free(b);
        b = NULL;
    }
    fclose(f);
    return b;
}

static int is_han(unsigned c)
{
    return (c >= 0x3000 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef);
}

static hb_font_t *font_load(const char *path, unsigned index)
{
    hb_blob_t *blob = hb_blob_create_from_file(path);
    hb_face_t *face = hb_face_create(blob, index);
    hb_font_t *font = hb_font_create(face);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return font;
}

/* Shapes one text in runs of one script class; returns its glyph count. */
static size_t shape_text(hb_buffer_t *buf, hb_font_t *lat, hb_font_t *cjk, const char *t,
                         size_t n, size_t *chars)
{
    size_t glyphs = 0;
    unsigned len;
    hb_buffer_reset(buf);
    hb_buffer_add_utf8(buf, t, (int)n, 0, (int)n);
    hb_glyph_info_t *inf = hb_buffer_get_glyph_infos(buf, &len);
    unsigned *cps = malloc((len ? len : 1) * sizeof(*cps));
    if (!cps)
        return 0;
    for (unsigned k = 0; k < len; k++)
        cps[k] = inf[k].codepoint;
    for (unsigned s = 0; s < len;) {
        unsigned e = s;
        int h = is_han(cps[s]);
        while (e < len && is_han(cps[e]) == h && cps[e] != '\n')
            e++;
        if (e == s)
            e++;
        hb_buffer_reset(buf);
        hb_buffer_add_codepoints(buf, cps, (int)len, s, (int)(e - s));
        hb_buffer_guess_segment_properties(buf);
        hb_shape(h ? cjk : lat, buf, NULL, 0);
        glyphs += hb_buffer_get_length(buf);
        s = e;
    }
    *chars += len;
    free(cps);
    return glyphs;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fputs("usage: floor REPS LATIN_FONT CJK_FONT CJK_INDEX TEXT...\n", stderr);
        return 2;
    }
    int reps = atoi(argv[1]);
    double t0 = now();
    hb_font_t *lat = font_load(argv[2], 0);
    hb_font_t *cjk = font_load(argv[3], (unsigned)atoi(argv[4]));
    double t1 = now();
    size_t glyphs = 0, chars = 0;
    hb_buffer_t *buf = hb_buffer_create();
    for (int r = 0; r < reps; r++)
        for (int i = 5; i < argc; i++) {
            size_t n = 0;
            char *t = slurp(argv[i], &n);
            if (!t) {
                fprintf(stderr, "floor: cannot read %s\n", argv[i]);
                return 1;
            }
            glyphs += shape_text(buf, lat, cjk, t, n, &chars);
            free(t);
        }
    double t2 = now();
    printf("font_load_ms=%.2f shape_ms_per_rep=%.3f glyphs_per_rep=%zu chars_per_rep=%zu\n",
           (t1 - t0) * 1e3, (t2 - t1) * 1e3 / (reps > 0 ? reps : 1),
           glyphs / (size_t)(reps > 0 ? reps : 1), chars / (size_t)(reps > 0 ? reps : 1));
    hb_buffer_destroy(buf);
    hb_font_destroy(lat);
    hb_font_destroy(cjk);
    return 0;
}
