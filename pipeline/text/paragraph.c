/* paragraph.c — one block of text into lines (see paragraph.h). */
#include "lang.h"
#include "paragraph.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hyphenate.h"
#include "linebreak.h"
#include "linetags.h"
#include "shape.h"
#include "srcpos.h"
#include "tracking.h"
#include "unicode.h"

/* A shaped glyph before line breaking, in pt. */
typedef struct pglyph {
    uint32_t gid;
    int font;
    double adv, xoff, yoff;
    uint32_t cluster, cluster_end;
    int space; /* the cluster is inter-word space */
    unsigned char hidden; /* a citation mark's bracket the style does not draw */
    unsigned char superior; /* a citation mark's superior form (figures="superior") */
} pglyph;

struct work;

struct bk_setter {
    bk_ctx *ctx;
    const bk_layout *layout;
    bk_fontset *fonts;
    const char *file;
    bk_typeset_stats *stats;
    bk_hyphenator *hyph;       /* loaded on first use */
    bk_breaker *breaker;       /* ICU line break iterators, one per locale */
    const char *hyph_path;
    uint32_t *hyphen_gid;      /* per face: the hyphen glyph, 0 = unknown */
    double *hyphen_adv;        /* per face, in font units */
    size_t nhyphen;            /* faces the two arrays hold */
    uint32_t missing[64];      /* characters already reported as missing */
    size_t nmissing;
    /* resolved styles by (name, language): resolving walks the layout's
     * whole cascade, and thousands of labels share a few styles */
    struct style_memo {
        char name[32], lang[24];
        bk_style style;
    } memo[32];
    size_t nmemo, next_memo;
    int looseness;             /* bk_setter_looseness */
    /* The last paragraph prepared (shaped, its items built) while a
     * looseness was asked for: pagination asks for one line fewer, then
     * one more, of the same paragraph, and only the breaks differ. Dropped
     * by the next setting without looseness. */
    struct work *kept;
    double kept_widths[2];
};

void bk_setter_looseness(bk_setter *s, int n) { s->looseness = n; }

static bk_status style_of(bk_setter *s, const char *name, const char *lang, bk_style *out)
{
    const char *l = lang ? lang : "";
    for (size_t i = 0; i < s->nmemo; i++)
        if (strcmp(s->memo[i].name, name) == 0 && strcmp(s->memo[i].lang, l) == 0) {
            *out = s->memo[i].style;
            return BK_OK;
        }
    bk_status st = bk_layout_style(s->ctx, s->layout, name, lang, out);
    if (st || strlen(name) >= sizeof s->memo[0].name || strlen(l) >= sizeof s->memo[0].lang)
        return st;
    struct style_memo *m = &s->memo[s->next_memo];
    s->next_memo = (s->next_memo + 1) % (sizeof s->memo / sizeof *s->memo);
    if (s->nmemo < sizeof s->memo / sizeof *s->memo)
        s->nmemo++;
    snprintf(m->name, sizeof m->name, "%s", name);
    snprintf(m->lang, sizeof m->lang, "%s", l);
    m->style = *out;
    return BK_OK;
}

/* Work state of one paragraph. */
typedef struct work {
    bk_setter *s;
    const bk_block *block;
    bk_style style;
    const char *text;
    size_t len;
    int zh;        /* Chinese: inter-character justification, clreq */
    int vi;        /* Vietnamese: break only at spaces */
    int simplified; /* Simplified Chinese: stops sit in the em's left half */
    pglyph *g;
    size_t ng, capg;
    bk_lb_item *items;
    size_t *ig0, *ig1; /* glyph range of each item */
    /* letter-spacing (pt per character): the most a line may take, and
     * the play the breaker counts: all of it to stretch, half of it to
     * shrink (with the spaces at their shrink limit, adjacent shrunk lines
     * then never need tracking further apart than the limit allows, and a
     * stretched line can always give its tracking back to its spaces:
     * tracking.h) */
    double track_limit, track_stretch, track_shrink;
    /* ragged text: play of each box (a share of its width, the style's
     * expansion) that only the breaker sees */
    double rag_play;
    size_t nitems, capitems;
    unsigned char *brk;  /* ICU break opportunities per byte */
    unsigned char *hyph; /* hyphenation point after byte i */
    int measuring;       /* bk_para_measure: count nothing in the report */
    /* the breaker's tolerance (badness 100|r|^3) and emergency stretch
     * (pt): a line looser than the emergency pass accepts is a fault */
    double tolerance, es;
    /* what a kept paragraph was prepared from (kept_take) */
    const char *block_text, *block_lang, *style_name;
    const bk_span *block_spans;
    int block_continued;
    /* citation marks: their size and raise (the layout's "citation"
     * style; 0 and 0 where it has none: set as the text around them) */
    double cite_size, cite_rise;
    int cite_drop; /* its brackets are not drawn */
    int cite_superior; /* the font's superior forms where it has them */
} work;

/* Hyphens and dashes that a text writes between words or numbers. */
static int is_dash(uint32_t c)
{
    return c == '-' || (c >= 0x2010 && c <= 0x2015);
}

/* The penalty of a break inside a token wider than the measure: only
 * these items carry it, so a line ending at one is known. */
#define EMERGENCY_PENALTY 5000.0
/* A word space shrinks by at most this share of itself: the font's
 * shrink limit (TeX's fonts: a third; book typography: to about 0.7 of the
 * space; letter-spacing goes between letters, so it does not narrow a
 * space as seen). It stretches by as much before its badness reaches
 * TeX's 100: badness then measures how far the spaces are from the
 * natural ones, either way, which is what a reader sees (TeX's half of
 * the space to stretch against a third to shrink makes the breaker prefer
 * loose lines to tight ones that look better). */
#define SPACE_SHRINK 0.29
#define SPACE_STRETCH 0.29


/* ---- setter ---------------------------------------------------------- */

bk_setter *bk_setter_new(bk_ctx *ctx, const bk_layout *layout,
                         bk_fontset *fonts, const char *file,
                         bk_typeset_stats *stats)
{
    bk_setter *s = calloc(1, sizeof(*s));
    size_t nf = bk_fontset_count(fonts);
    if (!s)
        return NULL;
    s->ctx = ctx;
    s->layout = layout;
    s->fonts = fonts;
    s->file = file;
    s->stats = stats;
    s->hyphen_gid = calloc(nf ? nf : 1, sizeof(*s->hyphen_gid));
    s->hyphen_adv = calloc(nf ? nf : 1, sizeof(*s->hyphen_adv));
    s->nhyphen = nf;
    s->breaker = bk_breaker_new();
    if (!s->hyphen_gid || !s->hyphen_adv || !s->breaker) {
        bk_setter_free(s);
        return NULL;
    }
    return s;
}

bk_fontset *bk_setter_fonts(const bk_setter *s)
{
    return s->fonts;
}

static void kept_drop(bk_setter *s);

void bk_setter_free(bk_setter *s)
{
    if (!s)
        return;
    kept_drop(s);
    bk_hyphenator_free(s->hyph);
    bk_breaker_free(s->breaker);
    free(s->hyphen_gid);
    free(s->hyphen_adv);
    free(s);
}

void bk_para_release(bk_para *p)
{
    if (!p)
        return;
    free(p->g);
    free(p->lines);
    memset(p, 0, sizeof(*p));
}

/* ---- classification ------------------------------------------------------ */


static int is_vi(const char *lang)
{
    return lang && strncasecmp(lang, "vi", 2) == 0 && (lang[2] == 0 || lang[2] == '-');
}

/* clreq: marks that never start a line, and that never end one. */
/* Every mark the sets below hold lies in these ranges: the sets are
 * asked about every character of every paragraph, and nearly all (letters,
 * Han) fail here at once. */
static int maybe_punct(uint32_t c)
{
    return c == 0x00B7 || (c >= 0x2014 && c <= 0x2026) || (c >= 0x3001 && c <= 0x30FB) ||
           (c >= 0xFF01 && c <= 0xFF5D);
}

static int no_line_start(uint32_t c)
{
    static const uint32_t set[] = {0x3001, 0xFF0C, 0xFF1B, 0xFF1A, 0x3002, 0xFF01,
                                   0xFF1F, 0x300D, 0x300F, 0x201D, 0x2019, 0xFF09,
                                   0x300B, 0x3009, 0x3011, 0x00B7, 0x30FB, 0xFF0E,
                                   0x2014, 0x2026, 0x3015, 0xFF3D, 0xFF5D, 0};
    if (!maybe_punct(c))
        return 0;
    for (int i = 0; set[i]; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

static int no_line_end(uint32_t c)
{
    static const uint32_t set[] = {0x300C, 0x300E, 0x201C, 0x2018, 0xFF08, 0x300A,
                                   0x3008, 0x3010, 0x3014, 0xFF3B, 0xFF5B, 0};
    if (!maybe_punct(c))
        return 0;
    for (int i = 0; set[i]; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

/* Full-width punctuation whose ink sits in the left half of the em
 * (Simplified Chinese fonts): its right half may be taken away. */
static int closing_punct(uint32_t c)
{
    static const uint32_t set[] = {0x3001, 0xFF0C, 0x3002, 0xFF1B, 0xFF1A, 0x300D,
                                   0x300F, 0x201D, 0x2019, 0xFF09, 0x300B, 0x3009,
                                   0x3011, 0x3015, 0};
    if (!maybe_punct(c))
        return 0;
    for (int i = 0; set[i]; i++)
        if (set[i] == c)
            return 1;
    return 0;
}

/* Opening marks, ink in the right half: the left half may go. */
static int opening_punct(uint32_t c) { return no_line_end(c); }

/* clreq (line adjustment): marks set half width at a line end: closing
 * brackets and quotes in any Chinese, and the pause and stop marks
 * 、，。．：；！？ in Simplified Chinese, whose fonts draw them in the left
 * half of the em (Traditional Chinese centres them: they keep their
 * width). */
static int line_end_half(uint32_t c, int simplified)
{
    static const uint32_t stops[] = {0x3001, 0xFF0C, 0x3002, 0xFF0E, 0xFF1A,
                                     0xFF1B, 0xFF01, 0xFF1F, 0};
    static const uint32_t closing[] = {0x300D, 0x300F, 0x201D, 0x2019, 0xFF09,
                                       0x300B, 0x3009, 0x3011, 0x3015, 0xFF3D,
                                       0xFF5D, 0};
    if (!maybe_punct(c))
        return 0;
    for (int i = 0; simplified && stops[i]; i++)
        if (stops[i] == c)
            return 1;
    for (int i = 0; closing[i]; i++)
        if (closing[i] == c)
            return 1;
    return 0;
}

/* ---- itemize and shape --------------------------------------------------- */

static const char *lang_at(const bk_block *b, size_t off)
{
    const char *lang = b->lang;
    for (size_t i = 0; i < b->nspans; i++)
        if (off >= b->spans[i].start && off < b->spans[i].end)
            lang = b->spans[i].lang;
    return lang;
}

int bk_block_cite_at(const bk_block *b, size_t off)
{
    for (size_t i = 0; i < b->ncites; i++)
        if (off >= b->cites[i].start && off < b->cites[i].end)
            return 1;
    return 0;
}

/* The file the block's lines are in, for messages. */
static const char *block_file(const work *w)
{
    return w->block->file ? w->block->file : w->s->file;
}

static bk_status oom(bk_setter *s)
{
    return bk_diag_error(s->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

static int push_glyph(work *w, const pglyph *g)
{
    if (w->ng == w->capg) {
        size_t cap = w->capg ? w->capg * 2 : 256;
        pglyph *ng = realloc(w->g, cap * sizeof(*ng));
        if (!ng)
            return -1;
        w->g = ng;
        w->capg = cap;
    }
    w->g[w->ng++] = *g;
    return 0;
}

/* figures="superior": which glyphs of a citation mark the font has
 * superior forms for. The run is shaped with OpenType `sups` too; a glyph
 * that feature changed is the superior form, set at the text's size (its
 * design is already small and raised); one it left alone (a bracket, or
 * every character of a font without superiors) is scaled and raised as
 * position="super" sets it. *gl becomes the `sups` shaping, and sup[i]
 * says whether glyph i is a superior form; a shaping of another length
 * (a font whose `sups` ligates) keeps the plain glyphs, all scaled. */
static bk_status superior_forms(work *w, const bk_font *font, size_t start, size_t end,
                                const char *lang, uint32_t script, bk_glyph **gl,
                                size_t n, unsigned char **sup)
{
    bk_glyph *sg = NULL;
    size_t sn = 0;
    bk_status st = bk_face_shape(w->s->ctx, font->face, w->text, w->len, start,
                                 end - start, lang, script, "sups", &sg, &sn);
    if (st)
        goto done;
    if (!(*sup = calloc(n ? n : 1, 1))) {
        st = oom(w->s);
        goto done;
    }
    if (sn != n)
        goto done;
    for (size_t i = 0; i < n; i++)
        (*sup)[i] = sg[i].gid != (*gl)[i].gid && sg[i].cluster == (*gl)[i].cluster;
    free(*gl);
    *gl = sg;
    sg = NULL;
done:
    free(sg);
    return st;
}

static bk_status shape_run(work *w, int fontno, size_t start, size_t end,
                           const char *lang, uint32_t script)
{
    /* a superscript citation mark: shaped alike, drawn smaller and raised */
    int cite = w->cite_size > 0 && bk_block_cite_at(w->block, start);
    double size = cite ? w->cite_size : w->style.size;
    bk_setter *s = w->s;
    bk_font *font = bk_fontset_font(s->ctx, s->fonts, (size_t)fontno);
    if (!font)
        return bk_diag_error_status(s->ctx->diag);
    bk_glyph *gl = NULL;
    size_t n = 0;
    double t0 = s->ctx->timings ? bk_clock_ms() : 0;
    bk_status st = bk_face_shape(s->ctx, font->face, w->text, w->len, start,
                                 end - start, lang, script, NULL, &gl, &n);
    unsigned char *sup = NULL;
    if (!st && cite && w->cite_superior)
        st = superior_forms(w, font, start, end, lang, script, &gl, n, &sup);
    if (s->ctx->timings)
        s->ctx->stage_ms[BK_STAGE_SHAPE] += bk_clock_ms() - t0;
    if (st) {
        free(gl);
        return st;
    }
    double upem = (double)bk_face_upem(font->face);
    for (size_t i = 0; i < n && !st; i++) {
        size_t ci = gl[i].cluster;
        uint32_t cp = bk_utf8_next(w->text, w->len, &ci);
        int superior = sup && sup[i];
        double scale = (superior ? w->style.size : size) / upem;
        pglyph g = {
            .gid = gl[i].gid,
            .font = fontno,
            .adv = gl[i].x_advance * scale,
            .xoff = gl[i].x_offset * scale,
            .yoff = gl[i].y_offset * scale,
            .cluster = gl[i].cluster,
            .space = bk_unicode_is_space(cp),
            .hidden = cite && w->cite_drop && (cp == '[' || cp == ']'),
            .superior = (unsigned char)superior,
        };
        if (g.hidden)
            g.adv = g.xoff = 0; /* takes no room; set_line leaves it out */
        /* A glyph 0 for a character the face claims to have would be a
         * font bug; characters no face has were reported by itemize. */
        if (g.gid == 0 && !g.space && bk_face_has_char(font->face, cp)) {
            s->stats->missing_chars++;
            bk_diag_fault(s->ctx->diag, s->ctx->strict, block_file(w), w->block->line, 0,
                          "font '%s' has no glyph for U+%04X", font->id, (unsigned)cp);
        }
        if (!st && push_glyph(w, &g))
            st = oom(s);
    }
    free(sup);
    free(gl);
    return st;
}

/* Common and Inherited characters (spaces, digits, punctuation, marks) stay
 * in the current face when it has them, so marks stay with their base and
 * a run is not cut at every comma; anything else takes the first face of
 * the chain that covers it. A role's `latin` face (bk_fontset_latin, or
 * -1) sets Latin letters and ASCII digits, and keeps only ASCII after
 * them (a closing quote after a Latin word stays the language's). */
static int pick_font(bk_setter *s, const int *chain, size_t nchain,
                     int current, uint32_t cp, uint32_t script, int latin)
{
    if (latin >= 0 && (script == BK_SCRIPT_LATIN || (cp >= '0' && cp <= '9') ||
                       (current == latin && cp < 0x80))) {
        bk_font *f = bk_fontset_font(s->ctx, s->fonts, (size_t)latin);
        if (f && bk_face_has_char(f->face, cp))
            return latin;
    }
    if (latin >= 0 && current == latin)
        current = -1;
    if (current >= 0 && (script == BK_SCRIPT_COMMON || script == BK_SCRIPT_INHERITED)) {
        bk_font *f = bk_fontset_font(s->ctx, s->fonts, (size_t)current);
        if (f && bk_face_has_char(f->face, cp))
            return current;
    }
    for (size_t i = 0; i < nchain; i++) {
        bk_font *f = bk_fontset_font(s->ctx, s->fonts, (size_t)chain[i]);
        if (f && bk_face_has_char(f->face, cp))
            return chain[i];
    }
    return -1;
}

/* Steps: walk the text by code point -> choose a face per character from
 * the role's chain for the language at that point -> cut runs where face,
 * script or language changes -> shape each run -> cluster ends. */
static bk_status itemize_and_shape(work *w)
{
    bk_setter *s = w->s;
    bk_status st = BK_OK;
    size_t i = 0, run_start = 0;
    int run_font = -1;
    uint32_t run_script = 0;
    const char *run_lang = NULL;
    /* the role's chain and latin face for chain_lang, looked up when the
     * language changes (and after a fallback face joins the set) */
    const char *chain_lang = NULL;
    const int *chain = NULL;
    size_t nchain = 0;
    int latin = -1, chain_known = 0;
    while (i < w->len) {
        size_t at = i;
        uint32_t cp = bk_utf8_next(w->text, w->len, &i);
        uint32_t sc = bk_unicode_script(cp);
        const char *lang = lang_at(w->block, at);
        if (!chain_known || lang != chain_lang) {
            nchain = bk_fontset_chain(s->fonts, w->style.role, lang, &chain);
            latin = bk_fontset_latin(s->fonts, w->style.role, lang);
            chain_lang = lang;
            chain_known = 1;
        }
        if (nchain == 0)
            return bk_diag_error(s->ctx->diag, BK_EINPUT, block_file(w),
                                 w->block->line, 0,
                                 "no font role '%s' for language %s",
                                 w->style.role, lang);
        int f = pick_font(s, chain, nchain, lang == run_lang ? run_font : -1, cp, sc, latin);
        /* Only a character the chain cannot set asks the system's fonts:
         * a document the configured faces cover never depends on them. */
        /* A fault recorded before (under --strict, an error) must not
         * stop the paragraph: only an error of the fallback itself does. */
        if (f < 0) {
            bk_diag_mark fm = bk_diag_mark_take(s->ctx->diag);
            f = bk_fontset_fallback(s->ctx, s->fonts, chain[0], lang, cp);
            chain_known = 0;
            if (bk_diag_errors_since(s->ctx->diag, fm))
                return bk_diag_status_since(s->ctx->diag, fm);
        }
        if (f < 0) {
            f = run_font >= 0 ? run_font : chain[0];
            int seen = 0;
            for (size_t k = 0; k < s->nmissing && !seen; k++)
                seen |= s->missing[k] == cp;
            /* One report per character and document, not per occurrence: a
             * text in an uncovered script would otherwise drown the
             * output. The count is of distinct characters. */
            if (!seen) {
                s->stats->missing_chars++;
                if (s->nmissing < sizeof s->missing / sizeof *s->missing)
                    s->missing[s->nmissing++] = cp;
                else
                    seen = 1; /* past 64 distinct characters: counted only */
            }
            if (!seen) {
                char utf[5] = {0};
                bk_utf8_encode(cp, utf);
                /* the column of its first use, found again in the source */
                long line = w->block->line;
                long col = bk_srcpos_char_col(block_file(w), &line, utf);
                bk_diag_fault(s->ctx->diag, s->ctx->strict, block_file(w), line, col,
                              "no configured font covers '%s' (U+%04X) for "
                              "role '%s', language %s",
                              utf, (unsigned)cp, w->style.role, lang);
            }
        }
        int real = sc != BK_SCRIPT_COMMON && sc != BK_SCRIPT_INHERITED;
        int cite_edge = w->cite_size > 0 && bk_block_cite_at(w->block, at) != bk_block_cite_at(w->block, run_start);
        if (at > run_start && (f != run_font || lang != run_lang || cite_edge ||
                               (real && run_script && sc != run_script))) {
            st = shape_run(w, run_font, run_start, at, run_lang,
                           run_script ? run_script : BK_SCRIPT_LATIN);
            if (st)
                return st;
            run_start = at;
            run_script = 0;
        }
        run_font = f;
        run_lang = lang;
        if (real && !run_script)
            run_script = sc;
        else if (!run_script && bk_unicode_is_cjk(cp))
            run_script = BK_SCRIPT_HAN;
    }
    if (w->len > run_start)
        st = shape_run(w, run_font, run_start, w->len, run_lang,
                       run_script ? run_script : BK_SCRIPT_LATIN);
    if (st)
        return st;
    /* Glyphs come in logical order (left to right), so a cluster ends
     * where the next distinct cluster starts. */
    uint32_t next = (uint32_t)w->len;
    for (size_t k = w->ng; k-- > 0;) {
        w->g[k].cluster_end = next;
        if (k > 0 && w->g[k - 1].cluster != w->g[k].cluster)
            next = w->g[k].cluster;
    }
    if (!w->measuring)
        s->stats->glyphs += w->ng;
    return BK_OK;
}

/* clreq 3.1.6: two full-width marks in a row take 1.5 em, not 2: a closing
 * mark followed by another mark loses its blank right half; an opening
 * mark after an opening mark loses its blank left half. */
static void compress_punctuation(work *w)
{
    double half = w->style.size / 2;
    for (size_t k = 1; k < w->ng; k++) {
        pglyph *a = &w->g[k - 1], *b = &w->g[k];
        if (a->cluster == b->cluster)
            continue;
        uint32_t ca = bk_utf8_first(w->text, a->cluster, a->cluster_end);
        uint32_t cb = bk_utf8_first(w->text, b->cluster, b->cluster_end);
        int pb = closing_punct(cb) || opening_punct(cb);
        if (closing_punct(ca) && pb && a->adv > half * 1.5) {
            a->adv -= half;
        } else if (opening_punct(ca) && opening_punct(cb) && b->adv > half * 1.5) {
            b->adv -= half;
            b->xoff -= half;
        }
    }
}

/* ---- items ------------------------------------------------------------- */

static int push_item(work *w, bk_lb_kind kind, double width, double stretch,
                     double shrink, double penalty, int flagged, size_t g0,
                     size_t g1)
{
    if (w->nitems == w->capitems) {
        size_t cap = w->capitems ? w->capitems * 2 : 256;
        bk_lb_item *ni = realloc(w->items, cap * sizeof(*ni));
        size_t *n0 = realloc(w->ig0, cap * sizeof(*n0));
        if (ni)
            w->items = ni;
        if (n0)
            w->ig0 = n0;
        size_t *n1 = realloc(w->ig1, cap * sizeof(*n1));
        if (n1)
            w->ig1 = n1;
        if (!ni || !n0 || !n1)
            return -1;
        w->capitems = cap;
    }
    bk_lb_item *it = &w->items[w->nitems];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->width = width;
    it->stretch = stretch;
    it->shrink = shrink;
    it->penalty = penalty;
    it->flagged = flagged;
    w->ig0[w->nitems] = g0;
    w->ig1[w->nitems] = g1;
    w->nitems++;
    return 0;
}

static int last_is_box(const work *w)
{
    return w->nitems && w->items[w->nitems - 1].kind == BK_LB_BOX;
}

/* The hyphen glyph of a face (U+2010, else U+002D), cached. */
static double hyphen_width(work *w, int font, uint32_t *gid)
{
    bk_setter *s = w->s;
    if ((size_t)font >= s->nhyphen) {
        /* a fallback face joined the set after the setter was made */
        size_t n = bk_fontset_count(s->fonts);
        uint32_t *g = realloc(s->hyphen_gid, n * sizeof(*g));
        if (g)
            s->hyphen_gid = g;
        double *a = g ? realloc(s->hyphen_adv, n * sizeof(*a)) : NULL;
        if (!a) {
            *gid = 0;
            return 0;
        }
        s->hyphen_adv = a;
        for (size_t i = s->nhyphen; i < n; i++) {
            s->hyphen_gid[i] = 0;
            s->hyphen_adv[i] = 0;
        }
        s->nhyphen = n;
    }
    if (!s->hyphen_gid[font]) {
        bk_font *f = bk_fontset_font(s->ctx, s->fonts, (size_t)font);
        static const char *const cands[] = {"\xe2\x80\x90", "-"};
        for (int i = 0; f && i < 2 && !s->hyphen_gid[font]; i++) {
            bk_glyph *g = NULL;
            size_t n = 0;
            if (!bk_face_has_char(f->face, i ? '-' : 0x2010))
                continue;
            if (bk_face_shape(s->ctx, f->face, cands[i], strlen(cands[i]), 0,
                              strlen(cands[i]), "en", BK_SCRIPT_LATIN, NULL,
                              &g, &n) == BK_OK && n == 1 && g[0].gid) {
                s->hyphen_gid[font] = g[0].gid;
                s->hyphen_adv[font] = g[0].x_advance / (double)bk_face_upem(f->face);
            }
            free(g);
        }
    }
    *gid = s->hyphen_gid[font];
    return s->hyphen_adv[font] * w->style.size;
}

/* Marks hyphenation points of the English words of the paragraph. */
static bk_status find_hyphenation(work *w)
{
    bk_setter *s = w->s;
    const bk_hyphenation *hc = bk_layout_hyphenation(s->layout, w->block->lang);
    if (!hc || !w->style.hyphenate)
        return BK_OK;
    if (!s->hyph || strcmp(s->hyph_path, hc->patterns) != 0) {
        bk_hyphenator_free(s->hyph);
        s->hyph = NULL;
        bk_status st = bk_hyphenator_new(s->ctx, hc->patterns, &s->hyph);
        if (st)
            return st;
        s->hyph_path = hc->patterns;
    }
    w->hyph = calloc(w->len + 1, 1);
    if (!w->hyph)
        return oom(s);
    /* The last word stays whole: a last line holding half a word is worse
     * than a looser line (TeX's \finalhyphendemerits). */
    size_t last_space = 0;
    for (size_t i = 0; i < w->len; i++)
        if (w->text[i] == ' ')
            last_space = i;
    for (size_t i = 0; i < last_space;) {
        size_t j = i;
        while (j < w->len && ((w->text[j] >= 'a' && w->text[j] <= 'z') ||
                              (w->text[j] >= 'A' && w->text[j] <= 'Z')))
            j++;
        if (j == i) {
            i++;
            continue;
        }
        /* A word glued to other letters (é, digits, apostrophes) is not a
         * plain English word: leave it whole. */
        int plain = (i == 0 || (unsigned char)w->text[i - 1] < 0x80) &&
                    (j == w->len || (unsigned char)w->text[j] < 0x80);
        int caps = 0;
        for (size_t k = i; k < j; k++)
            caps |= w->text[k] >= 'A' && w->text[k] <= 'Z';
        if (plain && (hc->capitalized || !caps))
            bk_hyphenator_points(s->hyph, w->text + i, j - i, hc->left,
                                 hc->right, w->hyph + i);
        i = j;
    }
    return BK_OK;
}

/* clreq: in justified text, a full-width closing mark just before a
 * Chinese break (glyph k starts the next cluster) loses its blank right
 * half, which moves into the break's glue: set when the line goes on,
 * gone at a line end, so the right edge stays straight. With the style's
 * hang-punctuation the whole mark moves (a mark already set half width
 * after another one too): at a line end it takes no room and hangs in the
 * margin. Returns the width moved. */
static double end_half(work *w, size_t k)
{
    double em = w->style.size;
    if (!w->zh || k == 0 || !last_is_box(w) || w->style.align != BK_ALIGN_JUSTIFY)
        return 0; /* ragged text: the blank half at a line end is harmless */
    pglyph *g = &w->g[k - 1];
    if (!line_end_half(bk_utf8_first(w->text, g->cluster, g->cluster_end), w->simplified))
        return 0;
    double moved = w->style.hang_punctuation && g->adv >= em * 0.4 ? g->adv
                   : g->adv >= em * 0.75                            ? em / 2
                                                                    : 0;
    g->adv -= moved;
    w->items[w->nitems - 1].width -= moved;
    return moved;
}

/* clreq: a full-width opening mark just after a Chinese break (cluster of
 * glyph k, *width wide) loses its blank left half at a line start: the
 * half becomes glue after the break, which a break discards. Returns 0 or
 * -1 (out of memory). */
static int start_half(work *w, size_t k, double *width)
{
    double em = w->style.size;
    pglyph *g = &w->g[k];
    if (!w->zh || !opening_punct(bk_utf8_first(w->text, g->cluster, g->cluster_end)) ||
        g->adv < em * 0.75)
        return 0;
    g->adv -= em / 2;
    g->xoff -= em / 2;
    *width -= em / 2;
    return push_item(w, BK_LB_GLUE, em / 2, 0, 0, 0, 0, k, k);
}

/* Adds the cluster of glyphs [k, e), `width` wide, to the box being
 * built (a new one after glue or a penalty), with its letter-spacing play:
 * every character has it (as pdfTeX's font expansion), carried by the
 * box itself, so the first word of a line takes its share too. Ragged
 * text is never letter-spaced, but judging its lines with a play (as if
 * they could be) keeps a rag that follows the measure: lines that could
 * not stretch at all would all be "infinitely bad". Returns 0 or -1. */
static int add_to_box(work *w, size_t k, size_t e, double width)
{
    if (!last_is_box(w) && push_item(w, BK_LB_BOX, 0, 0, 0, 0, 0, k, k))
        return -1;
    bk_lb_item *bx = &w->items[w->nitems - 1];
    bx->width += width;
    w->ig1[w->nitems - 1] = e;
    if (width > 0) {
        bx->stretch += w->track_stretch + w->rag_play * width;
        bx->shrink += w->track_shrink + w->rag_play * width;
    }
    return 0;
}

/* Steps: for each cluster, in order -> a space becomes stretchable glue ->
 * between two other clusters: a forced break, a quarter-em glue between
 * Han and Latin, a small glue between Chinese characters (where the
 * justification goes), a flagged penalty after a hyphen or at a
 * hyphenation point, or nothing, each forbidden (penalty +inf first) where
 * no break is allowed -> the cluster's glyphs join the current box, with
 * an emergency break point where a token grows wider than the measure ->
 * in Chinese, no last line of a single character. */
static bk_status build_items(work *w, double narrowest)
{
    bk_setter *s = w->s;
    const double em = w->style.size, INF = BK_LB_INFINITY;
    double run = 0; /* box width since the last break opportunity */
    int long_token = 0;
    size_t last_bp = (size_t)-1, chars_after_bp = 0;
    uint32_t prev_last = 0;
    for (size_t k = 0; k < w->ng;) {
        size_t e = k + 1;
        while (e < w->ng && w->g[e].cluster == w->g[k].cluster)
            e++;
        uint32_t c0 = w->g[k].cluster, c1 = w->g[k].cluster_end;
        uint32_t cp = bk_utf8_first(w->text, c0, c1);
        double width = 0;
        for (size_t j = k; j < e; j++)
            width += w->g[j].adv;
        int ok = 0;
        if (w->g[k].space) {
            /* a citation mark sticks to the word before it */
            int allowed = (w->brk[c1] != BK_BREAK_NONE && !bk_block_cite_at(w->block, c1)) ||
                          c1 == w->len;
            if (!allowed)
                ok |= push_item(w, BK_LB_PENALTY, 0, 0, 0, INF, 0, k, k);
            /* As TeX's fonts: a space may stretch by half of itself, at
             * least 1/6 em (Noto's spaces are narrower than Computer
             * Modern's), and shrink by SPACE_SHRINK of itself, the font's
             * shrink limit; ragged text keeps its spaces and puts the
             * slack at the end. */
            int just = w->style.align == BK_ALIGN_JUSTIFY;
            double st_ = SPACE_STRETCH * width;
            double sh_ = SPACE_SHRINK * width;
            if (last_is_box(w)) {
                /* letter-spacing goes between letters: the last one of a
                 * word before a space takes none, so a space as a reader
                 * sees it is the glue alone */
                bk_lb_item *bx = &w->items[w->nitems - 1];
                bx->stretch = bx->stretch > w->track_stretch ? bx->stretch - w->track_stretch : 0;
                bx->shrink = bx->shrink > w->track_shrink ? bx->shrink - w->track_shrink : 0;
            }
            ok |= push_item(w, BK_LB_GLUE, width, just ? st_ : 0,
                            just ? sh_ : 0, 0, 0, k, e);
            if (allowed) {
                last_bp = w->nitems - 1;
                chars_after_bp = 0;
            }
            run = 0;
            long_token = 0;
            prev_last = ' ';
        } else {
            if (last_is_box(w)) {
                unsigned char b = w->brk[c0];
                int allowed = b == BK_BREAK_ALLOWED && !bk_block_cite_at(w->block, c0);
                if (w->vi)
                    allowed = 0; /* syllables: only spaces separate */
                if (w->zh && (no_line_start(cp) || no_line_end(prev_last)))
                    allowed = 0; /* clreq, beyond UAX #14: ·, ——, …… */
                int hanlatin = (bk_unicode_is_han(prev_last) && bk_unicode_is_latin_or_digit(cp)) ||
                               (bk_unicode_is_latin_or_digit(prev_last) && bk_unicode_is_han(cp));
                int cjk_gap = bk_unicode_is_cjk(prev_last) || bk_unicode_is_cjk(cp);
                /* No break after a hyphen or dash of the text ("cast-iron",
                 * "1860–61", "Ignatiev—Nga"), though TeX allows one: the
                 * text would not come back as written, since extractors
                 * (poppler's pdftotext) drop a hyphen that ends a line and
                 * put a space after a dash. A token too long for the
                 * measure still breaks, as an emergency (below). */
                int after_dash = !cjk_gap && is_dash(prev_last);
                if (after_dash)
                    allowed = 0;
                size_t before = w->nitems, bp_item = (size_t)-1;
                if (b == BK_BREAK_MANDATORY) {
                    ok |= push_item(w, BK_LB_PENALTY, 0, 0, 0, INF, 0, k, k);
                    ok |= push_item(w, BK_LB_GLUE, 0, BK_LB_FIL, 0, 0, 0, k, k);
                    ok |= push_item(w, BK_LB_PENALTY, 0, 0, 0, -INF, 0, k, k);
                } else if (hanlatin || (cjk_gap && w->zh)) {
                    /* clreq: a quarter em between Han and Latin; between
                     * Chinese characters no space, but room to justify.
                     * At a break, a closing mark before it and an opening
                     * mark after it lose their blank halves. */
                    double gw = hanlatin ? em / 4 : 0;
                    if (!allowed)
                        ok |= push_item(w, BK_LB_PENALTY, 0, 0, 0, INF, 0, k, k);
                    else
                        gw += end_half(w, k);
                    ok |= push_item(w, BK_LB_GLUE, gw, em / 4, hanlatin ? em / 12 : 0,
                                    0, 0, k, k);
                    bp_item = w->nitems - 1; /* the break, before any half glue */
                    if (allowed && !ok)
                        ok |= start_half(w, k, &width);
                } else if (allowed) {
                    ok |= push_item(w, BK_LB_PENALTY, 0, 0, 0, 50, 0, k, k);
                } else if (!after_dash && w->hyph && c0 > 0 && w->hyph[c0 - 1]) {
                    uint32_t hg;
                    double hw = hyphen_width(w, w->g[k - 1].font, &hg);
                    if (hg)
                        ok |= push_item(w, BK_LB_PENALTY, hw, 0, 0, 50, BK_LB_HYPHENATION, k, k);
                }
                if (w->nitems > before && allowed) {
                    last_bp = bp_item != (size_t)-1 ? bp_item : w->nitems - 1;
                    chars_after_bp = 0;
                    run = 0;
                    long_token = 0;
                } else if (w->nitems > before && w->items[w->nitems - 1].kind == BK_LB_PENALTY &&
                           w->items[w->nitems - 1].penalty < INF) {
                    run = 0; /* a hyphenation point */
                }
            }
            if (run > 0 && run + width > narrowest) {
                /* No break opportunity for a whole line: allow an ugly
                 * break here rather than run into the margin (a line
                 * ending here is a fault, reported when it is drawn). */
                if (!long_token)
                    s->stats->emergency_breaks++;
                long_token = 1;
                ok |= push_item(w, BK_LB_PENALTY, 0, 0, 0, EMERGENCY_PENALTY, 0, k, k);
                run = 0;
            }
            ok |= add_to_box(w, k, e, width);
            run += width;
            if (!(closing_punct(cp) || no_line_start(cp)))
                chars_after_bp++;
            prev_last = bk_utf8_last(w->text, c0, c1);
        }
        if (ok)
            return oom(s);
        k = e;
    }
    /* clreq: a last line of one character (and its punctuation) is
     * avoided by forbidding the last break opportunity before it. */
    if (w->zh && last_bp != (size_t)-1 && chars_after_bp < 2) {
        bk_lb_item *it = &w->items[last_bp];
        if (it->kind == BK_LB_PENALTY) {
            it->penalty = BK_LB_INFINITY;
        } else if (push_item(w, BK_LB_PENALTY, 0, 0, 0, 0, 0, 0, 0) == 0) {
            memmove(w->items + last_bp + 1, w->items + last_bp,
                    (w->nitems - 1 - last_bp) * sizeof(*w->items));
            memmove(w->ig0 + last_bp + 1, w->ig0 + last_bp,
                    (w->nitems - 1 - last_bp) * sizeof(*w->ig0));
            memmove(w->ig1 + last_bp + 1, w->ig1 + last_bp,
                    (w->nitems - 1 - last_bp) * sizeof(*w->ig1));
            memset(&w->items[last_bp], 0, sizeof(*w->items));
            w->items[last_bp].kind = BK_LB_PENALTY;
            w->items[last_bp].penalty = BK_LB_INFINITY;
            w->ig0[last_bp] = w->ig1[last_bp] = w->ig0[last_bp + 1];
        } else {
            return oom(s);
        }
    }
    return BK_OK;
}

/* ---- lines ------------------------------------------------------------- */

/* Warnings, by the word spaces as set against the natural ones (what a
 * page check measures): below 3/4 is tight, above 1.5 loose. */
#define TIGHT_SPACE 0.75
#define LOOSE_SPACE 1.5

/* The adjustment ratio of a stretched line as the breaker's emergency
 * pass judges it: its shortfall over its own stretch plus the emergency
 * stretch. */
static double emergency_ratio(const work *w, const bk_lb_line *l, double avail)
{
    double nat = 0, y = 0;
    size_t end = l->end < w->nitems ? l->end : w->nitems;
    for (size_t i = l->start; i < end; i++) {
        const bk_lb_item *it = &w->items[i];
        if (it->kind != BK_LB_PENALTY)
            nat += it->width;
        if (it->kind != BK_LB_PENALTY && isfinite(it->stretch))
            y += it->stretch; /* glue and letter-spacing play */
    }
    if (l->end < w->nitems && w->items[l->end].kind == BK_LB_PENALTY)
        nat += w->items[l->end].width;
    return y + w->es > 0 ? (avail - nat) / (y + w->es) : BK_LB_INFINITY;
}

/* The BK_LINE_* flags that the line's spacing and its break earn. A
 * stretched line is a fault only beyond the emergency tolerance (what even
 * the emergency pass would refuse); beyond TeX's "very loose" it is a
 * warning, judged (as "tight") on its spaces as set (`set`, after
 * letter-spacing took its share). */
static unsigned line_spacing_faults(const work *w, const bk_lb_line *l, int just,
                                    double avail, double set)
{
    unsigned f = 0;
    double re = just && l->ratio > 0 ? emergency_ratio(w, l, avail) : 0;
    double seen = 1 + set * (set > 0 ? SPACE_STRETCH : SPACE_SHRINK);
    if (l->ratio < -1)
        f |= BK_LINE_OVERFULL;
    else if (re > 0 && 100.0 * re * re * re > w->tolerance)
        f |= BK_LINE_TOO_LOOSE;
    else if (just && seen > LOOSE_SPACE)
        f |= BK_LINE_LOOSE;
    else if (just && seen < TIGHT_SPACE)
        f |= BK_LINE_TIGHT;
    if (l->end < w->nitems && w->items[l->end].kind == BK_LB_PENALTY &&
        w->items[l->end].penalty == EMERGENCY_PENALTY)
        f |= BK_LINE_EMERGENCY;
    return f;
}

static int push_set(bk_para *p, size_t *cap, const bk_set_glyph *g)
{
    if (p->ng == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        bk_set_glyph *ng = realloc(p->g, nc * sizeof(*ng));
        if (!ng)
            return -1;
        p->g = ng;
        *cap = nc;
    }
    p->g[p->ng++] = *g;
    return 0;
}

/* Whether glyph k, the last of the line's glyphs being `last`, takes the
 * line's tracking: the last glyph of each character, unless a space or
 * the line's end follows (letter-spacing goes between letters). */
static int tracked(const work *w, size_t k, size_t last)
{
    if (k >= last || w->g[k].hidden)
        return 0;
    if (w->g[k + 1].cluster == w->g[k].cluster)
        return 0;
    return !w->g[k + 1].space;
}

/* The last glyph of the boxes of items [start, end), or SIZE_MAX. */
static size_t last_box_glyph(const work *w, size_t start, size_t end)
{
    for (size_t i = end; i-- > start;)
        if (w->items[i].kind == BK_LB_BOX && w->ig1[i] > w->ig0[i])
            return w->ig1[i] - 1;
    return (size_t)-1;
}

/* The measures of line l that tracking.h shares between spaces and
 * letter-spacing. A ragged line, one with fil glue, the paragraph's last
 * line and a short line with nothing to stretch keep tracking 0. */
static void line_play(const work *w, const bk_lb_line *l, double avail, int just,
                      bk_track_line *tl)
{
    size_t end = l->end < w->nitems ? l->end : w->nitems;
    size_t last = last_box_glyph(w, l->start, end);
    double nat = 0;
    int fil = 0;
    memset(tl, 0, sizeof(*tl));
    for (size_t i = l->start; i < end; i++) {
        const bk_lb_item *it = &w->items[i];
        if (it->kind == BK_LB_PENALTY)
            continue;
        nat += it->width;
        if (it->kind == BK_LB_BOX) {
            for (size_t k = w->ig0[i]; k < w->ig1[i]; k++)
                tl->chars += tracked(w, k, last);
        } else if (!isfinite(it->stretch)) {
            fil = 1;
        } else {
            tl->stretch += it->stretch;
            tl->shrink += it->shrink;
            if (w->ig1[i] > w->ig0[i] && w->g[w->ig0[i]].space) {
                tl->spaces++;
                tl->space += it->width;
            }
        }
    }
    if (l->end < w->nitems && w->items[l->end].kind == BK_LB_PENALTY)
        nat += w->items[l->end].width;
    tl->shortfall = avail - nat;
    tl->ragged = fil || l->end >= w->nitems;
    tl->fixed = !just || l->start >= end || l->ratio >= BK_LB_INFINITY;
}

/* One line into positioned glyphs: glue set to width + ratio * stretch
 * (or shrink); glue without glyphs widens the glyph before it; every
 * character of a box (the last glyph of each cluster) gains `track`; a
 * hyphen is drawn at a hyphenation point (not after an explicit hyphen or
 * dash, which is already there). */
static bk_status set_line(work *w, const bk_lb_line *l, const bk_track_line *tl,
                          double track, size_t li, double avail, bk_para *p,
                          size_t *capg)
{
    bk_setter *s = w->s;
    bk_set_line *out = &p->lines[p->nlines];
    int just = w->style.align == BK_ALIGN_JUSTIFY;
    double ratio = tl->fixed ? 0 : bk_track_ratio(tl, track);
    if (tl->ragged && ratio > 0)
        ratio = 0; /* the fil glue takes the slack */
    if (ratio >= BK_LB_INFINITY)
        ratio = 0; /* short with nothing to stretch: ragged */
    out->faults = line_spacing_faults(w, l, just, avail, ratio);
    if (out->faults & BK_LINE_TOO_LOOSE)
        s->stats->loose_lines++;
    if (l->ratio < -1)
        s->stats->overfull_lines++;
    if (ratio < -1)
        ratio = -1;
    out->g0 = p->ng;
    out->ratio = ratio;
    out->track = track;
    size_t end = l->end < w->nitems ? l->end : w->nitems;
    size_t last = last_box_glyph(w, l->start, end);
    out->hyphenated = l->hyphenated && l->end < w->nitems && w->items[l->end].width > 0;
    double x = 0;
    for (size_t i = l->start; i < end; i++) {
        const bk_lb_item *it = &w->items[i];
        if (it->kind == BK_LB_PENALTY)
            continue;
        double extra = 0;
        if (it->kind == BK_LB_GLUE) {
            double set = it->width;
            if (isfinite(it->stretch) && ratio > 0)
                set += ratio * it->stretch;
            else if (ratio < 0)
                set += ratio * it->shrink;
            if (w->ig1[i] == w->ig0[i]) {
                /* no glyph of its own: widen the glyph before it */
                if (p->ng > out->g0)
                    p->g[p->ng - 1].adv += set;
                else
                    x += set;
                continue;
            }
            extra = (set - it->width) / (double)(w->ig1[i] - w->ig0[i]);
        }
        for (size_t k = w->ig0[i]; k < w->ig1[i]; k++) {
            const pglyph *pg = &w->g[k];
            if (pg->hidden)
                continue;
            bk_set_glyph sg = {.gid = pg->gid, .font = (int16_t)pg->font,
                               .superior = pg->superior, .adv = pg->adv,
                               .xoff = pg->xoff, .yoff = pg->yoff,
                               .cluster = pg->cluster, .cluster_end = pg->cluster_end};
            if (it->kind == BK_LB_GLUE)
                sg.adv += extra;
            else if (tracked(w, k, last))
                sg.adv += track;
            if (push_set(p, capg, &sg))
                return oom(s);
        }
    }
    out->n = p->ng - out->g0;
    if (out->n) {
        out->text0 = p->g[out->g0].cluster;
        out->text1 = p->g[out->g0].cluster_end;
        for (size_t k = out->g0; k < p->ng; k++)
            if (p->g[k].cluster_end > out->text1)
                out->text1 = p->g[k].cluster_end;
    }
    if (out->hyphenated && out->n) {
        uint32_t hg;
        int font = p->g[p->ng - 1].font;
        double hw = hyphen_width(w, font, &hg);
        bk_set_glyph sg = {.gid = hg, .font = (int16_t)font, .adv = hw,
                           .cluster = out->text1, .cluster_end = out->text1};
        if (push_set(p, capg, &sg))
            return oom(s);
        out->n++;
    }
    double drawn = 0;
    for (size_t k = out->g0; k < p->ng; k++)
        drawn += p->g[k].adv;
    out->width = drawn;
    double slack = avail - drawn;
    if (out->faults & BK_LINE_OVERFULL)
        out->excess = -slack;
    out->x = x + w->style.left_indent + (li == 0 ? w->style.first_indent : 0);
    if (w->style.align == BK_ALIGN_CENTER)
        out->x += slack / 2;
    else if (w->style.align == BK_ALIGN_RIGHT)
        out->x += slack;
    if (out->n)
        p->nlines++;
    return BK_OK;
}

/* Turns the breaker's lines into positioned glyphs: the letter-spacing
 * of every line is chosen first, over the whole paragraph (tracking.h),
 * then each line is set. */
/* The widths bk_para_may_change bounds a setting of another length by
 * (paragraph.h). A glue may be dropped at a break in one setting and
 * inside a line in another, and a hyphen drawn in one and not in the
 * other: the bounds allow for the widest of either on every line. */
static void fit_bounds(const work *w, const bk_lb_line *lb, const bk_track_line *tl,
                       size_t n, const double *widths, bk_para *p)
{
    memset(&p->fit, 0, sizeof p->fit);
    if (w->style.align != BK_ALIGN_JUSTIFY || w->zh || !n)
        return;
    for (size_t i = 0; i < w->nitems; i++) {
        const bk_lb_item *it = &w->items[i];
        if (it->kind == BK_LB_GLUE && isfinite(it->stretch) && it->width > p->fit.space)
            p->fit.space = it->width;
        if (it->kind == BK_LB_PENALTY && it->flagged == BK_LB_HYPHENATION &&
            it->width > p->fit.hyphen)
            p->fit.hyphen = it->width;
    }
    for (size_t li = 0; li < n; li++) {
        double avail = widths[li < 1 ? 0 : 1];
        /* (a break elsewhere may give a line two more letters to track) */
        double track = (double)(tl[li].chars + 2) * w->track_limit;
        p->fit.content += avail - tl[li].shortfall;
        p->fit.shrink += tl[li].shrink;
        p->fit.track += track;
        p->fit.stretch += (LOOSE_SPACE - 1) / SPACE_STRETCH * tl[li].stretch + track;
        if (lb[li].end < w->nitems && w->items[lb[li].end].kind == BK_LB_PENALTY)
            p->fit.hyph += w->items[lb[li].end].width;
    }
    p->fit.width0 = widths[0];
    p->fit.width1 = widths[1];
    p->fit.known = 1;
}

int bk_para_may_change(const bk_para *p, int more)
{
    size_t n = p->nlines;
    if (!p->fit.known || n < 2 || (more != -1 && more != 1))
        return 1;
    const double eps = 0.01;
    if (more < 0) {
        /* n - 1 lines hold at most their measures; the content is at
         * least what it is now, shrunk to the full, without its hyphens,
         * less the spaces that breaks elsewhere may drop */
        double room = p->fit.width0 + (double)(n - 2) * p->fit.width1;
        /* with no tight line now, none may be: spaces shrink to 3/4 */
        double glue = p->nspacing ? p->fit.shrink
                                  : p->fit.shrink * (1 - TIGHT_SPACE) / SPACE_SHRINK;
        double least = p->fit.content - p->fit.hyph - glue - p->fit.track -
                       (double)(n - 2) * p->fit.space;
        return least <= room + eps;
    }
    /* n + 1 lines: the first n full. With no tight or loose line now,
     * none may be (the search's rule), so no glue stretches beyond a
     * loose line's; the content is at most what it is now with a space
     * back at every break and a hyphen on every line */
    if (p->nspacing)
        return 1;
    double room = p->fit.width0 + (double)(n - 1) * p->fit.width1;
    double most = p->fit.content + p->fit.stretch +
                  (double)(n - 1) * p->fit.space * (1 + (LOOSE_SPACE - 1)) +
                  (double)n * p->fit.hyphen;
    return most >= room - eps;
}

static bk_status set_lines(work *w, const bk_lb_line *lb, size_t n,
                           const double *widths, bk_para *p)
{
    bk_status st = BK_OK;
    size_t capg = 0;
    int just = w->style.align == BK_ALIGN_JUSTIFY;
    bk_track_line *tl = calloc(n ? n : 1, sizeof(*tl));
    double *t = calloc(n ? n : 1, sizeof(*t));
    p->lines = calloc(n ? n : 1, sizeof(*p->lines));
    if (!tl || !t || !p->lines) {
        st = oom(w->s);
        goto done;
    }
    for (size_t li = 0; li < n; li++)
        line_play(w, &lb[li], widths[li < 1 ? 0 : 1], just, &tl[li]);
    fit_bounds(w, lb, tl, n, widths, p);
    if ((st = bk_track_choose(w->s->ctx, tl, n, w->track_limit, t)))
        goto done;
    for (size_t li = 0; li < n && !st; li++)
        st = set_line(w, &lb[li], &tl[li], t[li], li, widths[li < 1 ? 0 : 1], p, &capg);
done:
    free(tl);
    free(t);
    return st;
}

/* Report: clreq prohibitions at line edges, and Chinese last lines of one
 * character, counted on the lines as set and flagged on them. Only Chinese
 * text answers to clreq: in English a line may start with an em dash,
 * which UAX #14 allows a break before. */
static void check_lines(work *w, bk_para *p)
{
    bk_typeset_stats *st = w->s->stats;
    for (size_t i = 0; w->zh && i < p->nlines; i++) {
        const bk_set_line *l = &p->lines[i];
        if (l->text1 <= l->text0)
            continue;
        if (i > 0 && no_line_start(bk_utf8_first(w->text, l->text0, l->text1))) {
            st->bad_line_starts++;
            p->lines[i].faults |= BK_LINE_BAD_START;
        }
        if (i + 1 < p->nlines && no_line_end(bk_utf8_last(w->text, l->text0, l->text1))) {
            st->bad_line_ends++;
            p->lines[i].faults |= BK_LINE_BAD_END;
        }
    }
    if (w->zh && p->nlines > 1) {
        const bk_set_line *l = &p->lines[p->nlines - 1];
        size_t chars = 0;
        for (size_t i = l->text0; i < l->text1;) {
            uint32_t c = bk_utf8_next(w->text, l->text1, &i);
            chars += !(closing_punct(c) || no_line_start(c));
        }
        if (chars < 2) {
            st->lonely_last_chars++;
            p->lines[p->nlines - 1].faults |= BK_LINE_LONELY;
        }
    }
}

/* The size and raise of the block's citation marks: the layout's
 * "citation" style for the block's language, position="super"; a layout
 * without it sets them as the text around them. */
static bk_status cite_style(work *w)
{
    bk_style cs;
    if (!bk_layout_has_style(w->s->layout, "citation"))
        return BK_OK;
    bk_status st = style_of(w->s, "citation", w->block->lang, &cs);
    if (st || !cs.super)
        return st;
    w->cite_size = w->style.size * cs.scale;
    w->cite_rise = w->style.size * cs.rise;
    w->cite_drop = cs.drop_brackets;
    w->cite_superior = cs.superior;
    return BK_OK;
}

/* The report's adjustment ratios of a justified paragraph: its lines'
 * ratios as set (what the spaces got after letter-spacing took its share,
 * as the tight and loose warnings judge them), but the last line's. */
static void para_ratios(bk_para *p)
{
    p->ratio_sum = p->ratio_max = 0;
    p->ratio_lines = p->nlines > 1 ? p->nlines - 1 : 0;
    for (size_t i = 0; i < p->ratio_lines; i++) {
        double a = fabs(p->lines[i].ratio);
        p->ratio_sum += a;
        if (a > p->ratio_max)
            p->ratio_max = a;
    }
}

/* Steps shared by setting and measuring: style -> itemize and shape ->
 * punctuation compression -> break opportunities -> hyphenation points ->
 * items. `narrowest` is the narrowest line, for emergency breaks. */
static bk_status prepare(work *w, const char *style, double narrowest)
{
    bk_setter *s = w->s;
    const bk_block *b = w->block;
    char locale[32];
    bk_status st;
    if ((st = style_of(s, style, b->lang, &w->style)))
        return st;
    if (b->continued)
        w->style.first_indent = 0; /* a paragraph's rest, split at a sentence */
    w->zh = bk_lang_is_chinese(b->lang);
    w->simplified = bk_lang_han_variant(b->lang) == BK_HAN_SIMPLIFIED;
    /* expansion is a share of a nominal character of half an em: 2% lets
     * a character gain or lose 1% of the em */
    if (w->style.align == BK_ALIGN_JUSTIFY && w->style.expansion > 0) {
        w->track_limit = w->style.expansion * w->style.size / 2;
        w->track_stretch = w->track_shrink = w->track_limit;
    } else if (w->style.align != BK_ALIGN_JUSTIFY) {
        w->rag_play = w->style.expansion;
    }
    w->vi = is_vi(b->lang);
    if (b->ncites && (st = cite_style(w)))
        return st;
    /* Vietnamese capitals carry marks above (Ế, Ồ, Ẩ) that reach into the
     * line above: a text set mostly in capitals gets a quarter em more
     * leading so stacked marks never touch it. */
    if (w->vi) {
        size_t upper = 0, letters = 0;
        for (size_t i = 0; i < w->len;) {
            uint32_t c = bk_utf8_next(w->text, w->len, &i);
            if (bk_unicode_is_letter(c)) {
                letters++;
                upper += bk_unicode_is_upper(c);
            }
        }
        if (letters >= 4 && upper * 10 >= letters * 6)
            w->style.leading += w->style.size / 4;
    }
    double t0 = s->ctx->timings ? bk_clock_ms() : 0;
    double shape0 = s->ctx->stage_ms[BK_STAGE_SHAPE];
    if ((st = itemize_and_shape(w)))
        return st;
    if (s->ctx->timings) {
        double t1 = bk_clock_ms();
        s->ctx->stage_ms[BK_STAGE_ITEMIZE] +=
            (t1 - t0) - (s->ctx->stage_ms[BK_STAGE_SHAPE] - shape0);
        t0 = t1;
    }
    if (w->zh)
        compress_punctuation(w);
    w->brk = malloc(w->len + 1);
    if (!w->brk)
        return oom(s);
    /* Strict rules keep Chinese closing punctuation off line starts. */
    if (w->zh)
        snprintf(locale, sizeof locale, "zh@lb=strict");
    else
        snprintf(locale, sizeof locale, "%.*s", (int)strcspn(b->lang, "-"), b->lang);
    if ((st = bk_breaker_line_breaks(s->ctx, s->breaker, w->text, w->len, locale,
                                     w->brk)))
        return st;
    if ((st = find_hyphenation(w)))
        return st;
    st = build_items(w, narrowest);
    if (s->ctx->timings)
        s->ctx->stage_ms[BK_STAGE_BREAK] += bk_clock_ms() - t0;
    return st;
}

static void work_release(work *w)
{
    free(w->g);
    free(w->items);
    free(w->ig0);
    free(w->ig1);
    free(w->brk);
    free(w->hyph);
}

static void kept_drop(bk_setter *s)
{
    if (s->kept)
        work_release(s->kept);
    free(s->kept);
    s->kept = NULL;
}

/* The paragraph kept for a looseness retry, when it is block b (the same
 * text, spans, language and continuation; pagination passes a copy of the
 * block) in the same style and widths: moved into *w. */
static int kept_take(bk_setter *s, const bk_block *b, const char *style,
                     const double *widths, work *w)
{
    const work *k = s->kept;
    if (!k || k->block_text != b->text || k->len != b->len ||
        k->block_spans != b->spans || k->block_lang != b->lang ||
        k->block_continued != b->continued || strcmp(k->style_name, style) != 0 ||
        s->kept_widths[0] != widths[0] || s->kept_widths[1] != widths[1])
        return 0;
    *w = *k;
    w->block = b;
    free(s->kept);
    s->kept = NULL;
    return 1;
}

/* Keeps *w (its arrays move to the setter) for the next retry. */
static void kept_put(bk_setter *s, work *w, const double *widths)
{
    kept_drop(s);
    s->kept = malloc(sizeof(*s->kept));
    if (!s->kept) {
        work_release(w);
        return;
    }
    *s->kept = *w;
    s->kept_widths[0] = widths[0];
    s->kept_widths[1] = widths[1];
}

bk_status bk_para_measure(bk_setter *s, const bk_block *b, const char *style,
                          double *min_width, double *max_width)
{
    work w = {.s = s, .block = b, .text = b->text, .len = b->len, .measuring = 1};
    /* no emergency breaks: the widest unbreakable piece is what we want */
    bk_status st = prepare(&w, style, 1e9);
    double run = 0, total = 0, widest = 0;
    for (size_t i = 0; !st && i < w.nitems; i++) {
        const bk_lb_item *it = &w.items[i];
        int bp = (it->kind == BK_LB_GLUE && i > 0 && w.items[i - 1].kind == BK_LB_BOX) ||
                 (it->kind == BK_LB_PENALTY && it->penalty < BK_LB_INFINITY);
        if (bp) {
            if (run > widest)
                widest = run;
            run = 0;
            /* a hyphen drawn at this break would end the piece before */
            if (it->kind == BK_LB_PENALTY && it->width > 0 && run + it->width > widest)
                widest = run + it->width;
        }
        if (it->kind == BK_LB_BOX)
            run += it->width;
        if (it->kind != BK_LB_PENALTY)
            total += it->width;
    }
    if (run > widest)
        widest = run;
    if (!st) {
        double ind = w.style.left_indent + (w.style.first_indent > 0 ? w.style.first_indent : 0);
        *min_width = widest + ind;
        *max_width = total + ind;
    }
    work_release(&w);
    return st;
}

bk_status bk_para_set(bk_setter *s, const bk_block *b, const char *style,
                      double measure, bk_para *out)
{
    bk_status st;
    work w = {.s = s, .block = b, .text = b->text, .len = b->len};
    bk_lb_line *lb = NULL;
    size_t nlb = 0;
    bk_lb_stats ls;
    memset(out, 0, sizeof(*out));
    out->block = b;
    out->file = b->file ? b->file : s->file;
    double widths[2];
    {
        /* the style is needed for the widths before prepare() reads it */
        bk_style st0;
        if ((st = style_of(s, style, b->lang, &st0)))
            goto done;
        if (b->continued)
            st0.first_indent = 0;
        widths[0] = measure - st0.left_indent - st0.first_indent;
        widths[1] = measure - st0.left_indent;
    }
    if (!s->looseness)
        kept_drop(s);
    if ((!s->looseness || !kept_take(s, b, style, widths, &w)) &&
        (st = prepare(&w, style, widths[0] < widths[1] ? widths[0] : widths[1])))
        goto done;
    w.block_text = b->text;
    w.block_lang = b->lang;
    w.block_spans = b->spans;
    w.block_continued = b->continued;
    w.style_name = style;
    out->style = w.style;
    out->cite_size = w.cite_size;
    out->cite_rise = w.cite_rise;
    bk_lb_params prm;
    bk_lb_params_default(&prm);
    prm.emergency_stretch = 2 * w.style.size;
    if (w.style.align == BK_ALIGN_JUSTIFY && !w.zh) {
        /* The spaces' stretch is as small as their shrink (see
         * SPACE_STRETCH): a tolerance of 1000 (r <= 2.15) lets them open
         * to about 1.6 times the natural space, with letter-spacing,
         * before the emergency pass, whose 2 em keep a justified text
         * set without hyphenation or letter-spacing (a minimal layout)
         * within what it accepts. (Ragged text keeps TeX's 200 and
         * 2 em: there the emergency stretch is all a line may "stretch",
         * and it makes the rag; Chinese too: it justifies between
         * characters, with no word spaces to keep even.) */
        prm.tolerance = 1000;
        /* a tolerance above TeX's makes a line's demerits larger: the
         * fitness-class rule (a tight line beside a loose one) weighs
         * three times TeX's \adjdemerits to keep its place (letter-spaced
         * text uses the breaker's levels instead, below) */
        prm.fitness_demerits = 30000;
    }
    const bk_hyphenation *hc = bk_layout_hyphenation(s->layout, b->lang);
    if (hc)
        prm.max_consecutive_hyphens = hc->max_consecutive;
    prm.looseness = s->looseness;
    /* letter-spacing is chosen with the breaks, at tracking.h's rule,
     * so that no line counts on tracking its neighbours then refuse it */
    if (w.track_limit > 0)
        prm.box_levels = BK_TRACK_LEVELS;
    prm.pretolerance = w.style.pretolerance;
    double tb = s->ctx->timings ? bk_clock_ms() : 0;
    st = bk_lb_break(s->ctx, w.items, w.nitems, widths, 2, &prm, &lb, &nlb, &ls);
    if (s->ctx->timings)
        s->ctx->stage_ms[BK_STAGE_BREAK] += bk_clock_ms() - tb;
    if (st)
        goto done;
    w.tolerance = prm.tolerance;
    w.es = prm.emergency_stretch;
    if ((st = set_lines(&w, lb, nlb, widths, out)))
        goto done;
    for (size_t i = out->nlines; i-- > 0;)
        if (out->lines[i].faults & (BK_LINE_TIGHT | BK_LINE_LOOSE)) {
            out->nspacing++;
            out->first_spacing = i;
        }
    s->stats->paragraphs++;
    s->stats->lines += out->nlines;
    /* lines ending in a hyphen (drawn, or explicit), whatever the
     * alignment: a ragged column is hyphenated too */
    s->stats->hyphenated_lines += ls.hyphenated;
    if (ls.max_hyphen_run > s->stats->max_hyphen_run)
        s->stats->max_hyphen_run = ls.max_hyphen_run;
    s->stats->spacing_lines += out->nspacing;
    if (w.style.align == BK_ALIGN_JUSTIFY && !w.zh) {
        para_ratios(out);
        if (out->ratio_max > s->stats->max_ratio)
            s->stats->max_ratio = out->ratio_max;
        s->stats->sum_ratio += out->ratio_sum;
        s->stats->justified_lines += out->ratio_lines;
    }
    check_lines(&w, out);
done:
    if (st)
        bk_para_release(out);
    free(lb);
    if (!st && s->looseness)
        kept_put(s, &w, widths);
    else
        work_release(&w);
    return st;
}
