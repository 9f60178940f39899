/* paragraph.c — one block of text into lines (see paragraph.h): the
 * setter, itemize and shape, the items the breaker breaks; the lines set
 * from its breaks are paragraph-lines.c's (paragraph-private.h). */
#include "lang.h"
#include "paragraph.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hyphenate.h"
#include "linebreak.h"
#include "clreq.h"
#include "linetags.h"
#include "shape.h"
#include "srcpos.h"
#include "tracking.h"
#include "unicode.h"

#include "paragraph-private.h"
#include "french.h"

void bk_setter_looseness(bk_setter *s, int n) { s->looseness = n; }
void bk_setter_looseness_within(bk_setter *s, int on) { s->looseness_within = on; }
void bk_setter_keep(bk_setter *s, int on) { s->keep = on; }
void bk_setter_reuse(bk_setter *s, const bk_para *from) { s->reuse = from; }
void bk_setter_lines_needed(bk_setter *s, size_t n) { s->lines_needed = n; }
void bk_setter_stats(bk_setter *s, bk_typeset_stats *stats) { s->stats = stats; }
void bk_setter_hyphenation_from(bk_setter *s, bk_setter *owner)
{
    s->hyph_owner = owner != s ? owner : NULL;
}

static bk_status style_of(bk_setter *s, const char *name, const char *lang, bk_style *out)
{
    const char *l = lang ? lang : "";
    /* (entries are distinct: the one found last, then the others) */
    size_t last = s->last_memo;
    if (last < s->nmemo && strcmp(s->memo[last].name, name) == 0 &&
        strcmp(s->memo[last].lang, l) == 0) {
        *out = s->memo[last].style;
        return BK_OK;
    }
    for (size_t i = 0; i < s->nmemo; i++)
        if (strcmp(s->memo[i].name, name) == 0 && strcmp(s->memo[i].lang, l) == 0) {
            *out = s->memo[i].style;
            s->last_memo = i;
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
    s->lb_scratch = bk_lb_scratch_new();
    if (!s->hyphen_gid || !s->hyphen_adv || !s->breaker || !s->lb_scratch) {
        bk_setter_free(s);
        return NULL;
    }
    return s;
}

bk_status bk_setter_style(bk_setter *s, const char *name, const char *lang, bk_style *out)
{
    return style_of(s, name, lang, out);
}

bk_fontset *bk_setter_fonts(const bk_setter *s)
{
    return s->fonts;
}

void bk_setter_free(bk_setter *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nhyph; i++)
        bk_hyphenator_free(s->hyph[i].h);
    bk_breaker_free(s->breaker);
    bk_lb_scratch_free(s->lb_scratch);
    free(s->hyphen_gid);
    free(s->hyphen_adv);
    free(s);
}

static void work_release(work *w);

void bk_para_work_drop(bk_para *p)
{
    if (!p || !p->work)
        return;
    work_release(p->work);
    free(p->work);
    p->work = NULL;
}

void bk_para_release(bk_para *p)
{
    if (!p)
        return;
    bk_para_work_drop(p);
    free(p->g);
    free(p->lines);
    memset(p, 0, sizeof(*p));
}

/* ---- classification ------------------------------------------------------ */

static int is_vi(const char *lang)
{
    return lang && strncasecmp(lang, "vi", 2) == 0 && (lang[2] == 0 || lang[2] == '-');
}

/* What setting a block asks of its language lang: whether it is
 * Chinese, Simplified Chinese, Vietnamese, and the layout's hyphenation
 * for it; from the setter's memo when it holds lang. */
static struct lang_memo lang_facts(bk_setter *s, const char *lang)
{
    size_t nm = sizeof s->lang_memo / sizeof *s->lang_memo;
    for (size_t i = 0; lang && *lang && i < nm; i++)
        if (strcmp(s->lang_memo[i].lang, lang) == 0)
            return s->lang_memo[i];
    struct lang_memo f = {.zh = bk_lang_is_chinese(lang),
                          .simplified = bk_lang_han_variant(lang) == BK_HAN_SIMPLIFIED,
                          .vi = is_vi(lang),
                          .hyph = bk_layout_hyphenation(s->layout, lang)};
    if (lang && *lang && strlen(lang) < sizeof f.lang) {
        memcpy(f.lang, lang, strlen(lang) + 1);
        s->lang_memo[s->next_lang_memo] = f;
        s->next_lang_memo = (s->next_lang_memo + 1) % nm;
    }
    return f;
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

bk_status bk_para_oom(bk_setter *s)
{
    return bk_diag_error(s->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* Room for `more` glyphs after the w->ng there are: a run's glyphs are
 * counted before they are pushed, so a paragraph's array is allocated
 * once per run rather than copied at each doubling. */
static int glyphs_reserve(work *w, size_t more)
{
    if (w->ng + more <= w->capg)
        return 0;
    size_t cap = w->capg * 2 > w->ng + more ? w->capg * 2 : w->ng + more;
    pglyph *ng = realloc(w->g, (cap < 256 ? 256 : cap) * sizeof(*ng));
    if (!ng)
        return -1;
    w->g = ng;
    w->capg = cap < 256 ? 256 : cap;
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
        st = bk_para_oom(w->s);
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

/* A word space, as shape_run marks its glyphs (ASCII, most of every
 * text, without the call). */
static inline unsigned char space_char(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    /* Unicode's White_Space beyond ASCII: U+0085, U+1680, U+2000 to
     * U+205F, U+3000; none elsewhere (Vietnamese letters, Han) */
    if (cp < 0x2000 ? cp != 0x85 && cp != 0x1680 : cp > 0x205f && cp != 0x3000)
        return 0;
    return (unsigned char)bk_unicode_is_space(cp);
}

/* A glyph 0 for a character the face claims to have would be a font bug;
 * characters no face has were reported by itemize. */
static void glyph_zero(work *w, const bk_font *font, uint32_t cp)
{
    bk_setter *s = w->s;
    if (!bk_face_has_char(font->face, cp))
        return;
    s->stats->missing_chars++;
    bk_diag_fault(s->ctx->diag, s->ctx->strict, block_file(w), w->block->line, 0,
                  "font '%s' has no glyph for U+%04X", font->id, (unsigned)cp);
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
    const bk_glyph *view = NULL; /* the face's cached run, not copied */
    size_t n = 0;
    double t0 = s->ctx->timings ? bk_clock_ms() : 0;
    int superiors = cite && w->cite_superior;
    bk_status st = superiors ? bk_face_shape(s->ctx, font->face, w->text, w->len, start,
                                             end - start, lang, script, NULL, &gl, &n)
                             : bk_face_shape_view(s->ctx, font->face, w->text, w->len, start,
                                                  end - start, lang, script, &view, &gl, &n);
    unsigned char *sup = NULL;
    if (!st && superiors)
        st = superior_forms(w, font, start, end, lang, script, &gl, n, &sup);
    if (s->ctx->timings)
        s->ctx->stage_ms[BK_STAGE_SHAPE] += bk_clock_ms() - t0;
    if (!st && glyphs_reserve(w, n))
        st = bk_para_oom(s);
    if (st) {
        free(sup);
        free(gl);
        return st;
    }
    double upem = (double)bk_face_upem(font->face);
    double scale_sup = w->style.size / upem, scale_run = size / upem;
    /* a view's clusters count from the run's start */
    uint32_t base = view ? (uint32_t)start : 0;
    const bk_glyph *src = view ? view : gl;
    const uint32_t *cp_at = w->cp_at;
    pglyph *dst = w->g + w->ng; /* (room reserved above) */
    /* most runs: no citation mark, so neither superior forms nor hidden
     * brackets; the loop below without their tests */
    for (size_t i = 0; i < n && !cite; i++) {
        uint32_t cl = src[i].cluster + base, cp = cp_at[cl];
        pglyph *d = &dst[i];
        d->gid = src[i].gid;
        d->font = fontno;
        d->adv = src[i].x_advance * scale_run;
        d->xoff = src[i].x_offset * scale_run;
        d->yoff = src[i].y_offset * scale_run;
        d->cluster = cl;
        d->cluster_end = 0;
        d->cp = cp;
        d->space = space_char(cp);
        d->hidden = d->superior = d->tracks = 0;
        if (d->gid == 0 && !d->space)
            glyph_zero(w, font, cp);
    }
    for (size_t i = 0; i < n && cite; i++) {
        uint32_t cp = cp_at[src[i].cluster + base];
        int superior = sup && sup[i];
        double scale = superior ? scale_sup : scale_run;
        pglyph g = {
            .gid = src[i].gid,
            .font = fontno,
            .adv = src[i].x_advance * scale,
            .xoff = src[i].x_offset * scale,
            .yoff = src[i].y_offset * scale,
            .cluster = src[i].cluster + base,
            .cp = cp,
            .space = space_char(cp),
            .hidden = cite && w->cite_drop && (cp == '[' || cp == ']'),
            .superior = (unsigned char)superior,
        };
        if (g.hidden)
            g.adv = g.xoff = 0; /* takes no room; set_line leaves it out */
        if (g.gid == 0 && !g.space)
            glyph_zero(w, font, cp);
        dst[i] = g;
    }
    w->ng += n;
    free(sup);
    free(gl);
    return st;
}

/* The first face of a chain that covers a character, remembered while
 * the chain is the same (itemize asks at every character; a text has few
 * distinct ones): direct-mapped by code point, a slot holding UINT32_MAX
 * empty. */
#define CHAIN_MEMO 256 /* slots: a Chinese text's common characters */
typedef struct chain_memo {
    uint32_t cp[CHAIN_MEMO];
    int font[CHAIN_MEMO];
    /* pick_font's answers by code point and current face, alike */
    uint32_t pick_cp[CHAIN_MEMO];
    int pick_current[CHAIN_MEMO], pick_font[CHAIN_MEMO];
} chain_memo;

static int chain_font(bk_setter *s, const int *chain, size_t nchain, uint32_t cp,
                      chain_memo *m)
{
    size_t h = cp % CHAIN_MEMO;
    if (m->cp[h] == cp)
        return m->font[h];
    int found = -1;
    for (size_t i = 0; i < nchain && found < 0; i++) {
        bk_font *f = bk_fontset_font(s->ctx, s->fonts, (size_t)chain[i]);
        if (f && bk_face_has_char(f->face, cp))
            found = chain[i];
    }
    m->cp[h] = cp;
    m->font[h] = found;
    return found;
}

/* Common and Inherited characters (spaces, digits, punctuation, marks) stay
 * in the current face when it has them, so marks stay with their base and
 * a run is not cut at every comma; anything else takes the first face of
 * the chain that covers it. A role's `latin` face (bk_fontset_latin, or
 * -1) sets Latin letters and ASCII digits, and keeps only ASCII after
 * them (a closing quote after a Latin word stays the language's). */
static int pick_font(bk_setter *s, const int *chain, size_t nchain, chain_memo *memo,
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
    return chain_font(s, chain, nchain, cp, memo);
}

/* pick_font, remembered (its answer depends on the character and the
 * current face alone while the chain is the same; the faces it asks
 * about were opened when it was first asked). */
static inline int pick_font_memo(bk_setter *s, const int *chain, size_t nchain, chain_memo *m,
                                 int current, uint32_t cp, uint32_t script, int latin)
{
    size_t h = cp % CHAIN_MEMO;
    if (m->pick_cp[h] == cp && m->pick_current[h] == current)
        return m->pick_font[h];
    int f = pick_font(s, chain, nchain, m, current, cp, script, latin);
    m->pick_cp[h] = cp;
    m->pick_current[h] = current;
    m->pick_font[h] = f;
    return f;
}

/* The error for a right-to-left character, at its first use. */
static bk_status rtl_refuse(work *w, uint32_t cp, uint32_t sc)
{
    char utf[5] = {0}, tag[5] = {(char)(sc >> 24), (char)(sc >> 16), (char)(sc >> 8), (char)sc, 0};
    bk_utf8_encode(cp, utf);
    long line = w->block->line, col = 0;
    if (line > 0) {
        col = bk_srcpos_char_col(block_file(w), &line, utf);
    } else { /* a block made from the header (a title): near the top */
        long top = 1;
        if ((col = bk_srcpos_char_col(block_file(w), &top, utf)) > 0)
            line = top;
    }
    return bk_diag_error(w->s->ctx->diag, BK_EINPUT, block_file(w), line, col,
                         "'%s' (U+%04X) is written right to left (script %s): booklet sets "
                         "left-to-right scripts only, and would print it mirrored",
                         utf, (unsigned)cp, tag);
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
    chain_memo memo;
    /* citation marks are runs of their own; the current run's is run_cite */
    const int cites = w->cite_size > 0;
    int run_cite = cites && bk_block_cite_at(w->block, 0);
    /* (a cluster starts where a character does: shape_run reads it here) */
    uint32_t *cp_at = w->cp_at = malloc((w->len ? w->len : 1) * sizeof(*w->cp_at));
    if (!cp_at)
        return bk_para_oom(s);
    while (i < w->len) {
        size_t at = i;
        uint32_t cp = bk_utf8_next(w->text, w->len, &i);
        cp_at[at] = cp;
        uint32_t sc = bk_unicode_script(cp);
        if (sc != BK_SCRIPT_LATIN && sc != BK_SCRIPT_HAN && sc != BK_SCRIPT_COMMON &&
            bk_unicode_is_rtl(cp))
            return rtl_refuse(w, cp, sc);
        const char *lang = lang_at(w->block, at);
        if (!chain_known || lang != chain_lang) {
            nchain = bk_fontset_chain(s->fonts, w->style.role, lang, &chain);
            latin = bk_fontset_latin(s->fonts, w->style.role, lang);
            memset(memo.cp, 0xff, sizeof memo.cp);
            memset(memo.pick_cp, 0xff, sizeof memo.pick_cp);
            chain_lang = lang;
            chain_known = 1;
        }
        if (nchain == 0)
            return bk_diag_error(s->ctx->diag, BK_EINPUT, block_file(w),
                                 w->block->line, 0,
                                 "no font role '%s' for language %s",
                                 w->style.role, lang);
        int f = pick_font_memo(s, chain, nchain, &memo, lang == run_lang ? run_font : -1, cp, sc,
                          latin);
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
        int cite_edge = cites && bk_block_cite_at(w->block, at) != run_cite;
        if (at > run_start && (f != run_font || lang != run_lang || cite_edge ||
                               (real && run_script && sc != run_script))) {
            st = shape_run(w, run_font, run_start, at, run_lang,
                           run_script ? run_script : BK_SCRIPT_LATIN);
            if (st)
                return st;
            run_start = at;
            run_script = 0;
            run_cite = cites && bk_block_cite_at(w->block, run_start);
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
    free(w->cp_at);
    w->cp_at = NULL;
    if (st)
        return st;
    /* Glyphs come in logical order (left to right), so a cluster ends
     * where the next distinct cluster starts. */
    pglyph *g = w->g;
    if (w->ng) {
        /* (each cluster read once, carried to the glyph before) */
        uint32_t next = (uint32_t)w->len, c = g[w->ng - 1].cluster;
        for (size_t k = w->ng - 1; k > 0; k--) {
            uint32_t before = g[k - 1].cluster;
            g[k].cluster_end = next;
            next = before != c ? c : next;
            c = before;
        }
        g[0].cluster_end = next;
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
        uint32_t ca = a->cp, cb = b->cp;
        int pb = bk_clreq_closing(cb) || bk_clreq_opening(cb);
        if (bk_clreq_closing(ca) && pb && a->adv > half * 1.5) {
            a->adv -= half;
        } else if (bk_clreq_opening(ca) && bk_clreq_opening(cb) && b->adv > half * 1.5) {
            b->adv -= half;
            b->xoff -= half;
        }
    }
}

/* ---- items ------------------------------------------------------------- */

/* Room for one more item: first about a box and a glue a word, a glue and
 * a box a character in Chinese, so mostly never grown. 0 or -1. */
static int items_grow(work *w)
{
    size_t cap = w->capitems ? w->capitems * 2
                             : (w->zh ? 2 * w->ng + w->ng / 4 : w->ng / 2 + w->ng / 8) + 16;
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
    return 0;
}

static inline int push_item(work *w, bk_lb_kind kind, double width, double stretch,
                            double shrink, double penalty, int flagged, size_t g0,
                            size_t g1)
{
    size_t n = w->nitems; /* (read once: the stores below may alias it) */
    if (n == w->capitems && items_grow(w))
        return -1;
    bk_lb_item *it = &w->items[n];
    memset(it, 0, sizeof(*it));
    it->kind = kind;
    it->width = width;
    it->stretch = stretch;
    it->shrink = shrink;
    it->penalty = penalty;
    it->flagged = flagged;
    w->ig0[n] = g0;
    w->ig1[n] = g1;
    w->nitems = n + 1;
    w->last_box = kind == BK_LB_BOX;
    return 0;
}

/* (kept by push_item: build_items asks at every cluster) */
static int last_is_box(const work *w)
{
    return w->last_box;
}

/* The hyphen glyph of a face (U+2010, else U+002D), cached. */
double bk_para_hyphen_width(work *w, int font, uint32_t *gid)
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

/* The hyphenator of a pattern file: one s keeps, else the file loaded
 * (in place of the one loaded longest ago when HYPH_KEPT are kept). */
static bk_status hyphenator_of(bk_setter *s, const char *path, bk_hyphenator **out)
{
    for (size_t i = 0; i < s->nhyph; i++)
        if (strcmp(s->hyph[i].path, path) == 0) {
            *out = s->hyph[i].h;
            return BK_OK;
        }
    bk_hyphenator *h = NULL;
    bk_status st = bk_hyphenator_new(s->ctx, path, &h);
    if (st)
        return st;
    size_t slot = s->hyph_next; /* the slots fill in order, then go round */
    s->hyph_next = (slot + 1) % HYPH_KEPT;
    if (s->nhyph < HYPH_KEPT)
        s->nhyph++;
    bk_hyphenator_free(s->hyph[slot].h);
    s->hyph[slot].path = path;
    s->hyph[slot].h = *out = h;
    return BK_OK;
}

/* Marks hyphenation points of the words of the paragraph (ASCII letters:
 * see hyphenate.h). */
static bk_status find_hyphenation(work *w)
{
    bk_setter *s = w->s, *hs = s; /* hs: whose patterns */
    const bk_hyphenation *hc = lang_facts(s, w->block->lang).hyph;
    if (!hc || !w->style.hyphenate)
        return BK_OK;
    while (hs->hyph_owner)
        hs = hs->hyph_owner;
    bk_hyphenator *hy = NULL;
    bk_status st = hyphenator_of(hs, hc->patterns, &hy);
    if (st)
        return st;
    w->hyph = calloc(w->len + 1, 1);
    if (!w->hyph)
        return bk_para_oom(s);
    /* The last word stays whole: a last line holding half a word is worse
     * than a looser line (TeX's \finalhyphendemerits). */
    size_t last_space = w->len;
    while (last_space > 0 && w->text[last_space - 1] != ' ')
        last_space--;
    last_space = last_space ? last_space - 1 : 0; /* the last space, else 0 */
    for (size_t i = 0; i < last_space;) {
        size_t j = i;
        int caps = 0;
        for (; j < w->len; j++) {
            char c = w->text[j];
            if (c >= 'A' && c <= 'Z')
                caps = 1;
            else if (!(c >= 'a' && c <= 'z'))
                break;
        }
        if (j == i) {
            i++;
            continue;
        }
        /* A word glued to other letters (é, digits, apostrophes) is not a
         * plain English word: leave it whole. */
        int plain = (i == 0 || (unsigned char)w->text[i - 1] < 0x80) &&
                    (j == w->len || (unsigned char)w->text[j] < 0x80);
        if (plain && (hc->capitalized || !caps))
            bk_hyphenator_points(hy, w->text + i, j - i, hc->left,
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
    if (!bk_clreq_end_half(g->cp, w->simplified))
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
    if (!w->zh || !bk_clreq_opening(g->cp) ||
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

/* A word space [k, e) as glue, after a penalty +inf where no break is
 * allowed (*allowed). As TeX's fonts: a space may stretch and shrink by
 * SPACE_STRETCH and SPACE_SHRINK of itself, the font's limits; ragged text
 * keeps its spaces and puts the slack at the end. Returns nonzero when
 * out of memory. */
static int space_items(work *w, size_t k, size_t e, double width, int *allowed)
{
    int ok = 0;
    uint32_t c1 = w->g[k].cluster_end;
    /* a citation mark sticks to the word before it */
    *allowed = (w->brk[c1] != BK_BREAK_NONE && !bk_block_cite_at(w->block, c1)) ||
               c1 == w->len;
    if (!*allowed)
        ok |= push_item(w, BK_LB_PENALTY, 0, 0, 0, BK_LB_INFINITY, 0, k, k);
    int just = w->style.align == BK_ALIGN_JUSTIFY;
    if (last_is_box(w)) {
        /* letter-spacing goes between letters: the last one of a word
         * before a space takes none, so a space as a reader sees it is
         * the glue alone */
        bk_lb_item *bx = &w->items[w->nitems - 1];
        bx->stretch = bx->stretch > w->track_stretch ? bx->stretch - w->track_stretch : 0;
        bx->shrink = bx->shrink > w->track_shrink ? bx->shrink - w->track_shrink : 0;
    }
    return ok | push_item(w, BK_LB_GLUE, width, just ? SPACE_STRETCH * width : 0,
                          just ? SPACE_SHRINK * width : 0, 0, 0, k, e);
}

/* No break at item i: a penalty's becomes +inf, glue gets a penalty +inf
 * before it. Returns nonzero when out of memory. */
static int forbid_break(work *w, size_t i)
{
    bk_lb_item *it = &w->items[i];
    if (it->kind == BK_LB_PENALTY) {
        it->penalty = BK_LB_INFINITY;
        return 0;
    }
    if (push_item(w, BK_LB_PENALTY, 0, 0, 0, 0, 0, 0, 0))
        return -1;
    memmove(w->items + i + 1, w->items + i, (w->nitems - 1 - i) * sizeof(*w->items));
    memmove(w->ig0 + i + 1, w->ig0 + i, (w->nitems - 1 - i) * sizeof(*w->ig0));
    memmove(w->ig1 + i + 1, w->ig1 + i, (w->nitems - 1 - i) * sizeof(*w->ig1));
    memset(&w->items[i], 0, sizeof(*w->items));
    w->items[i].kind = BK_LB_PENALTY;
    w->items[i].penalty = BK_LB_INFINITY;
    w->ig0[i] = w->ig1[i] = w->ig0[i + 1];
    w->last_box = w->items[w->nitems - 1].kind == BK_LB_BOX;
    return 0;
}

/* The last character of glyph g's cluster: its first, when that is all
 * the cluster's text. */
static uint32_t cluster_last(const work *w, const pglyph *g)
{
    uint32_t c = g->cp;
    uint32_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    return g->cluster_end - g->cluster == n ? c : bk_utf8_last(w->text, g->cluster, g->cluster_end);
}

/* What build_items asks of a character (Han, a Latin letter or a digit,
 * CJK), asked once: a cluster's last character is the one before the
 * next cluster. */
typedef struct cclass {
    uint32_t c;
    unsigned char known, han, latin, cjk; /* (8 bytes: copied as one) */
} cclass;

static void cclass_fill(cclass *k, uint32_t c)
{
    uint32_t sc = bk_unicode_script(c);
    *k = (cclass){.c = c, .known = 1, .han = sc == BK_SCRIPT_HAN,
                  .latin = (c >= '0' && c <= '9') || sc == BK_SCRIPT_LATIN,
                  .cjk = bk_unicode_is_cjk(c)};
}

/* Neither Han nor CJK, without asking (no Han below U+2E80, and
 * bk_unicode_is_cjk's plain blocks): between two such characters there
 * is neither a Han-Latin gap nor a CJK one. */
static inline int cclass_plain(uint32_t c)
{
    return c < 0x1100 || (c >= 0x1e00 && c < 0x2070);
}

/* (the test inline: it mostly finds the class known) */
static inline void cclass_of(cclass *k, uint32_t c)
{
    if (!k->known || k->c != c)
        cclass_fill(k, c);
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
    cclass prev = {0}, cur = {0}; /* of prev_last, of cp */
    for (size_t k = 0; k < w->ng;) {
        uint32_t c0 = w->g[k].cluster;
        uint32_t cp = w->g[k].cp;
        /* the cluster [k, e) and its width, found in one pass */
        size_t e = k;
        double width = 0;
        do
            width += w->g[e++].adv;
        while (e < w->ng && w->g[e].cluster == c0);
        /* (the rest of the cluster's glyphs were pushed with tracks 0) */
        w->g[e - 1].tracks = e < w->ng && !w->g[e - 1].hidden && !w->g[e].space;
        int ok = 0;
        if (w->g[k].space) {
            int allowed;
            ok |= space_items(w, k, e, width, &allowed);
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
                if (w->zh && (bk_clreq_no_line_start(cp) || bk_clreq_no_line_end(prev_last)))
                    allowed = 0; /* clreq, beyond UAX #14: ·, ——, …… */
                int hanlatin = 0, cjk_gap = 0;
                if (!cclass_plain(prev_last) || !cclass_plain(cp)) {
                    cclass_of(&prev, prev_last);
                    cclass_of(&cur, cp);
                    hanlatin = (prev.han && cur.latin) || (prev.latin && cur.han);
                    cjk_gap = prev.cjk || cur.cjk;
                }
                /* No break after a hyphen or dash of the text ("cast-iron",
                 * "1860–61", "Ignatiev—Nga"), though TeX allows one: the
                 * text would not come back as written, since extractors
                 * (poppler's pdftotext) drop a hyphen that ends a line and
                 * put a space after a dash. A token too long for the
                 * measure still breaks, as an emergency (below). */
                int after_dash = !cjk_gap && bk_unicode_is_dash(prev_last);
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
                    double hw = bk_para_hyphen_width(w, w->g[k - 1].font, &hg);
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
            if (run > 0 && run + width > w->reach)
                w->reach = run + width;
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
            if (w->zh && !(bk_clreq_closing(cp) || bk_clreq_no_line_start(cp)))
                chars_after_bp++; /* (only Chinese counts them) */
            prev_last = cluster_last(w, &w->g[k]);
            if (cur.known && cur.c == prev_last)
                prev = cur;
        }
        if (ok)
            return bk_para_oom(s);
        k = e;
    }
    /* clreq: a last line of one character (and its punctuation) is
     * avoided by forbidding the last break opportunity before it. */
    if (w->zh && last_bp != (size_t)-1 && chars_after_bp < 2 && forbid_break(w, last_bp))
        return bk_para_oom(s);
    return BK_OK;
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
    struct lang_memo lf = lang_facts(s, b->lang);
    w->zh = lf.zh;
    w->simplified = lf.simplified;
    w->vi = lf.vi;
    /* expansion is a share of a nominal character of half an em: 2% lets
     * a character gain or lose 1% of the em */
    if (w->style.align == BK_ALIGN_JUSTIFY && w->style.expansion > 0) {
        w->track_limit = w->style.expansion * w->style.size / 2;
        w->track_stretch = w->track_shrink = w->track_limit;
    } else if (w->style.align != BK_ALIGN_JUSTIFY) {
        w->rag_play = w->style.expansion;
    }
    if (b->ncites && (st = cite_style(w)))
        return st;
    /* Vietnamese capitals carry marks above (Ế, Ồ, Ẩ) that reach into the
     * line above: a text set mostly in capitals gets a quarter em more
     * leading so stacked marks never touch it. */
    if (w->vi) {
        size_t upper = 0, letters = 0;
        for (size_t i = 0; i < w->len;) {
            uint32_t c = bk_utf8_next(w->text, w->len, &i);
            if (c < 0x80) { /* (as the calls below answer ASCII) */
                letters += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
                upper += c >= 'A' && c <= 'Z';
            } else if (bk_unicode_is_letter(c)) {
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
        return bk_para_oom(s);
    /* Strict rules keep Chinese closing punctuation off line starts. */
    if (w->zh)
        snprintf(locale, sizeof locale, "zh@lb=strict");
    else
        snprintf(locale, sizeof locale, "%.*s", (int)strcspn(b->lang, "-"), b->lang);
    if ((st = bk_breaker_line_breaks(s->ctx, s->breaker, w->text, w->len, locale,
                                     w->brk)))
        return st;
    if (strcmp(locale, "fr") == 0)
        bk_french_breaks(w->text, w->len, w->brk);
    if ((st = find_hyphenation(w)))
        return st;
    st = build_items(w, narrowest);
    if (s->ctx->timings)
        s->ctx->stage_ms[BK_STAGE_BREAK] += bk_clock_ms() - t0;
    return st;
}

static void work_release(work *w)
{
    free(w->cp_at);
    free(w->g);
    free(w->items);
    free(w->ig0);
    free(w->ig1);
    free(w->brk);
    free(w->hyph);
    bk_para_breaks_free(w->breaks);
    bk_lb_sums_free(w->lb_sums);
}

/* The work the setter is to reuse (bk_setter_reuse), when it was
 * prepared from block b (the same text, spans, language and continuation;
 * pagination sets a copy of the block) in the same style and widths. */
static work *work_reusable(const bk_setter *s, const bk_block *b, const char *style,
                           const double *widths)
{
    work *k = s->reuse ? s->reuse->work : NULL;
    if (!k || k->block_text != b->text || k->len != b->len ||
        k->block_spans != b->spans || k->block_lang != b->lang ||
        k->block_continued != b->continued || strcmp(k->style_name, style) != 0 ||
        k->widths[0] != widths[0] || k->widths[1] != widths[1])
        return NULL;
    return k;
}

/* *w kept with p (bk_setter_keep), its arrays moved there and trimmed to
 * what a setting again reads (the glyphs and items); else released. */
static void work_keep(work *w, bk_para *p)
{
    free(w->brk);
    free(w->hyph);
    w->brk = w->hyph = NULL;
    if (w->style.align != BK_ALIGN_JUSTIFY || p->nlines < 2 ||
        !(p->work = malloc(sizeof(*p->work)))) {
        work_release(w);
        return;
    }
    pglyph *g = w->ng ? realloc(w->g, w->ng * sizeof(*g)) : NULL;
    if (g) {
        w->g = g;
        w->capg = w->ng;
    }
    size_t n = w->nitems;
    bk_lb_item *it = n ? realloc(w->items, n * sizeof(*it)) : NULL;
    size_t *i0 = it ? realloc(w->ig0, n * sizeof(*i0)) : NULL;
    if (it)
        w->items = it;
    if (i0)
        w->ig0 = i0;
    size_t *i1 = i0 ? realloc(w->ig1, n * sizeof(*i1)) : NULL;
    if (i1) {
        w->ig1 = i1;
        w->capitems = n;
    }
    *p->work = *w;
    p->work->block = NULL; /* the setting's (perhaps a copy): set again with its own */
}

/* The widest unbreakable piece of w's items and their width on one line,
 * with the style's indents (bk_para_measure). */
static void widths_of(const work *w, double *min_width, double *max_width)
{
    double run = 0, total = 0, widest = 0;
    for (size_t i = 0; i < w->nitems; i++) {
        const bk_lb_item *it = &w->items[i];
        int bp = (it->kind == BK_LB_GLUE && i > 0 && w->items[i - 1].kind == BK_LB_BOX) ||
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
    double ind = w->style.left_indent + (w->style.first_indent > 0 ? w->style.first_indent : 0);
    *min_width = widest + ind;
    *max_width = total + ind;
}

bk_status bk_para_measure(bk_setter *s, const bk_block *b, const char *style,
                          double *min_width, double *max_width)
{
    return bk_para_measure_keep(s, b, style, min_width, max_width, NULL);
}

bk_status bk_para_measure_keep(bk_setter *s, const bk_block *b, const char *style,
                               double *min_width, double *max_width, bk_para_kept **kept)
{
    work w = {.s = s, .block = b, .text = b->text, .len = b->len, .measuring = 1};
    size_t said = bk_diag_count(s->ctx->diag), missing = s->stats->missing_chars;
    size_t faces = bk_fontset_count(s->fonts);
    if (kept)
        *kept = NULL;
    /* no emergency breaks: the widest unbreakable piece is what we want */
    bk_status st = prepare(&w, style, 1e9);
    if (!st)
        widths_of(&w, min_width, max_width);
    /* kept only when preparing said and counted nothing a setting would
     * say again (bk_para_set_kept counts only the glyphs) */
    if (!st && kept && bk_diag_count(s->ctx->diag) == said &&
        s->stats->missing_chars == missing && bk_fontset_count(s->fonts) == faces &&
        (*kept = malloc(sizeof(**kept)))) {
        free(w.brk); /* a setting reads the glyphs and items only */
        free(w.hyph);
        w.brk = w.hyph = NULL;
        w.block = NULL;
        w.text = NULL;
        **kept = w;
        return st;
    }
    work_release(&w);
    return st;
}

void bk_para_kept_free(bk_para_kept *kept)
{
    if (!kept)
        return;
    work_release(kept);
    free(kept);
}

/* The breaker's parameters for w: TeX's, with the tolerance of justified
 * text, the hyphenation's limit, the setter's looseness and the
 * letter-spacing levels. */
static void break_params(const work *w, bk_lb_params *prm)
{
    bk_lb_params_default(prm);
    prm->emergency_stretch = 2 * w->style.size;
    if (w->style.align == BK_ALIGN_JUSTIFY && !w->zh) {
        /* The spaces' stretch is as small as their shrink (see
         * SPACE_STRETCH): a tolerance of 1000 (r <= 2.15) lets them open
         * to about 1.6 times the natural space, with letter-spacing,
         * before the emergency pass, whose 2 em keep a justified text
         * set without hyphenation or letter-spacing (a minimal layout)
         * within what it accepts. (Ragged text keeps TeX's 200 and
         * 2 em: there the emergency stretch is all a line may "stretch",
         * and it makes the rag; Chinese too: it justifies between
         * characters, with no word spaces to keep even.) */
        prm->tolerance = 1000;
        /* a tolerance above TeX's makes a line's demerits larger: the
         * fitness-class rule (a tight line beside a loose one) weighs
         * three times TeX's \adjdemerits to keep its place (letter-spaced
         * text uses the breaker's levels instead, below) */
        prm->fitness_demerits = 30000;
    }
    const bk_hyphenation *hc = lang_facts(w->s, w->block->lang).hyph;
    if (hc)
        prm->max_consecutive_hyphens = hc->max_consecutive;
    prm->looseness = w->s->looseness;
    prm->looseness_within = w->s->looseness && w->s->looseness_within;
    /* letter-spacing is chosen with the breaks, at tracking.h's rule,
     * so that no line counts on tracking its neighbours then refuse it */
    if (w->track_limit > 0)
        prm->box_levels = BK_TRACK_LEVELS;
    if (w->style.pretolerance != BK_PRETOLERANCE_AUTO)
        prm->pretolerance = w->style.pretolerance;
    else
        prm->pretolerance =
            w->style.align == BK_ALIGN_JUSTIFY && w->zh ? ZH_PRETOLERANCE : -1;
}

/* Sets b as bk_para_set does, from prep's items when they are those
 * preparing b for this measure would build (prep: NULL or
 * bk_para_measure_keep's). */
static bk_status set_with(bk_setter *s, const bk_block *b, const char *style, double measure,
                          const work *prep, bk_para *out)
{
    bk_status st;
    work w = {.s = s, .block = b, .text = b->text, .len = b->len};
    const work *kept = NULL; /* borrowed work: read, not released here */
    work *reused = NULL;     /* the setter's kept work (which keeps breaks too) */
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
    /* a setting again reads the kept work and changes nothing in it; a
     * measured block's items are a setting's when no run of its boxes
     * reached the narrowest line (no emergency break point differs) */
    if (prep && prep->reach <= (widths[0] < widths[1] ? widths[0] : widths[1])) {
        kept = prep;
        w = *kept;
        w.block = b;
        w.text = b->text;
        w.measuring = 0;
        s->stats->glyphs += w.ng; /* as preparing it would have counted */
    } else if ((kept = reused = work_reusable(s, b, style, widths))) {
        w = *kept;
        w.block = b;
    } else if ((st = prepare(&w, style, widths[0] < widths[1] ? widths[0] : widths[1]))) {
        goto done;
    }
    w.block_text = b->text;
    w.block_lang = b->lang;
    w.block_spans = b->spans;
    w.block_continued = b->continued;
    w.style_name = style;
    w.widths[0] = widths[0];
    w.widths[1] = widths[1];
    out->style = w.style;
    out->cite_size = w.cite_size;
    out->cite_rise = w.cite_rise;
    bk_lb_params prm;
    break_params(&w, &prm);
    /* (a setting the page search needs in a number of lines that cannot
     * hold the text without an overfull line, which it would reject) */
    if (s->lines_needed && !bk_para_lines_may_fit(&w, widths, s->lines_needed)) {
        s->stats->fit_ruled_out++;
        goto done;
    }
    /* the breaker's reading of the items is kept with the work that the
     * page search may set again: the kept one, or this one when
     * work_keep may keep it */
    bk_lb_sums **sums = reused ? &reused->lb_sums
                        : !kept && s->keep && w.style.align == BK_ALIGN_JUSTIFY ? &w.lb_sums
                                                                               : NULL;
    double tb = s->ctx->timings ? bk_clock_ms() : 0;
    st = bk_para_break(s, reused, &w, sums, widths, &prm, &lb, &nlb, &ls);
    if (s->ctx->timings)
        s->ctx->stage_ms[BK_STAGE_BREAK] += bk_clock_ms() - tb;
    if (st)
        goto done;
    /* (a setting the page search would reject for its length or for a
     * line beyond the tolerance) */
    if (ls.unmet || (s->lines_needed && !bk_para_lines_may_count(&w, lb, nlb, s->lines_needed)))
        goto done;
    w.tolerance = prm.tolerance;
    w.es = prm.emergency_stretch;
    if ((st = bk_para_lines_set(&w, lb, nlb, widths, out)))
        goto done;
    for (size_t i = out->nlines; i-- > 0;)
        if (out->lines[i].faults & (BK_LINE_TIGHT | BK_LINE_LOOSE)) {
            out->nspacing++;
            out->first_spacing = i;
        }
    s->stats->paragraphs++;
    s->stats->first_pass_paragraphs += ls.pretolerance != 0;
    s->stats->lines += out->nlines;
    /* lines ending in a hyphen (drawn, or explicit), whatever the
     * alignment: a ragged column is hyphenated too */
    s->stats->hyphenated_lines += ls.hyphenated;
    if (ls.max_hyphen_run > s->stats->max_hyphen_run)
        s->stats->max_hyphen_run = ls.max_hyphen_run;
    s->stats->spacing_lines += out->nspacing;
    if (w.style.align == BK_ALIGN_JUSTIFY && !w.zh) {
        bk_para_ratios(out);
        if (out->ratio_max > s->stats->max_ratio)
            s->stats->max_ratio = out->ratio_max;
        s->stats->sum_ratio += out->ratio_sum;
        s->stats->justified_lines += out->ratio_lines;
    }
    bk_para_lines_check(&w, out);
done:
    if (st)
        bk_para_release(out);
    free(lb);
    if (!kept && !st && s->keep)
        work_keep(&w, out);
    else if (!kept) /* (a kept work is borrowed) */
        work_release(&w);
    return st;
}

bk_status bk_para_set(bk_setter *s, const bk_block *b, const char *style,
                      double measure, bk_para *out)
{
    return set_with(s, b, style, measure, NULL, out);
}

bk_status bk_para_set_kept(bk_setter *s, const bk_block *b, const char *style,
                           double measure, const bk_para_kept *kept, bk_para *out)
{
    return set_with(s, b, style, measure, kept, out);
}
