/* ingest_lint.c — the lint stage of ingest: what looks wrong but has no rule
 * (warnings, and the lint part of the report).
 */
#include "ingest_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unicode.h"

#define LINT_MAX_PER_KIND 50

static void lint_emit(ingest *g, size_t off, int *count, const char *fmt,
                      const char *a)
{
    long l, c;
    (*count)++;
    g->nlint++;
    if (*count > LINT_MAX_PER_KIND)
        return;
    bk_ingest_text_position(g, off, &l, &c);
    char msg[300];
    snprintf(msg, sizeof msg, fmt, a);
    if (*count == LINT_MAX_PER_KIND)
        strncat(msg, " (further findings of this kind are not listed)",
                sizeof msg - strlen(msg) - 1);
    /* under --strict every finding is an error */
    if (g->ctx->strict)
        bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l, c, "%s", msg);
    else
        bk_diag_warn(g->ctx->diag, g->src, l, c, "%s", msg);
    bk_buf_printf(&g->lint_report, "  %ld:%ld  %s\n", l, c, msg);
}

bk_status bk_ingest_stage_lint(ingest *g)
{
    /* Steps, over the text after the rules:
     * - Latin letters between CJK characters, touching Han (a character
     *   written as pinyin that no rule replaced);
     * - an ASCII '?' next to a CJK character (a lost character or dot);
     * - traditional-only characters in simplified Chinese and the
     *   reverse; in other languages, a Han run mixing both. */
    const char *s = g->text.s;
    size_t n = g->text.len;
    int n_latin = 0, n_q = 0, n_var = 0;
    int variant = bk_ingest_chinese_variant(g->lang);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t cp = bk_utf8_next(s, n, &j);
        if (cp == '?') {
            uint32_t a = bk_ingest_cp_before(s, 0, i), b = bk_ingest_cp_at(s, n, j);
            if ((a && a != '\n' && bk_unicode_is_cjk(a)) ||
                (b && b != '\n' && bk_unicode_is_cjk(b)))
                lint_emit(g, i, &n_q,
                          "'?' next to CJK text%s: a lost character or "
                          "middle dot?",
                          "");
        } else if (bk_unicode_script(cp) == BK_SCRIPT_LATIN &&
                   !bk_unicode_is_cjk(cp)) {
            /* a run of Latin letters (and marks) */
            size_t e = j;
            while (e < n) {
                size_t k = e;
                uint32_t c2 = bk_utf8_next(s, n, &k);
                uint32_t sc = bk_unicode_script(c2);
                if ((sc != BK_SCRIPT_LATIN && sc != BK_SCRIPT_INHERITED) ||
                    bk_unicode_is_cjk(c2))
                    break;
                e = k;
            }
            uint32_t a = bk_ingest_cp_before(s, 0, i), b = bk_ingest_cp_at(s, n, e);
            if (a && b && a != '\n' && b != '\n' && bk_unicode_is_cjk(a) &&
                bk_unicode_is_cjk(b) && (bk_ingest_is_han(a) || bk_ingest_is_han(b))) {
                char word[64];
                size_t wl = e - i < sizeof word - 1 ? e - i : sizeof word - 1;
                memcpy(word, s + i, wl);
                word[wl] = '\0';
                lint_emit(g, i, &n_latin,
                          "Latin letters '%s' inside Han text (a character "
                          "written as pinyin?)",
                          word);
            }
            j = e;
        } else if (bk_ingest_is_han(cp) && variant) {
            if (variant == 'S' && bk_ingest_is_trad_only(cp)) {
                char ch[5] = {0};
                memcpy(ch, s + i, j - i);
                lint_emit(g, i, &n_var,
                          "traditional character '%s' in simplified "
                          "Chinese text",
                          ch);
            } else if (variant == 'T' && bk_ingest_is_simp_only(cp)) {
                char ch[5] = {0};
                memcpy(ch, s + i, j - i);
                lint_emit(g, i, &n_var,
                          "simplified character '%s' in traditional "
                          "Chinese text",
                          ch);
            }
        } else if (bk_ingest_is_han(cp)) {
            /* A Han run inside another language: one variant only. */
            size_t e = i, first_t = 0, first_s = 0;
            int has_t = 0, has_s = 0;
            while (e < n) {
                size_t k = e;
                uint32_t c2 = bk_utf8_next(s, n, &k);
                if (!bk_ingest_is_han(c2))
                    break;
                if (!has_t && bk_ingest_is_trad_only(c2))
                    has_t = 1, first_t = e;
                if (!has_s && bk_ingest_is_simp_only(c2))
                    has_s = 1, first_s = e;
                e = k;
            }
            if (has_t && has_s)
                lint_emit(g, first_t < first_s ? first_s : first_t, &n_var,
                          "Han text mixes simplified and traditional "
                          "characters%s",
                          "");
            j = e;
        }
        i = j;
    }
    if (g->ctx->strict && g->nlint)
        return BK_EINPUT;
    return BK_OK;
}


/* Whether the bytes around an '_' are a word's: neither white space nor
 * ASCII punctuation (UTF-8 lead and continuation bytes are letters). */
static int word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z');
}

bk_status bk_ingest_lint_headings(ingest *g)
{
    /* A title or heading whose words are joined by underscores is a page
     * name copied from a wiki link ("Chiến_tranh_nha_phiến"): reported with
     * the rule that would mend it, whatever the source (the seed text
     * declares that rule and has no finding). */
    const char *s = g->text.s;
    int n_us = 0;
    size_t before = g->nlint;
    for (size_t i = 0; i < g->nl; i++) {
        const text_line *l = &g->lines[i];
        if (l->role != R_TITLE && l->role != R_HEADING && l->role != R_NOTES_HEAD)
            continue;
        size_t joins = 0, first = 0;
        for (size_t k = l->cstart + 1; k + 1 < l->cend; k++)
            if (s[k] == '_' && word_byte((unsigned char)s[k - 1]) &&
                word_byte((unsigned char)s[k + 1]) && !joins++)
                first = k;
        if (!joins)
            continue;
        char msg[240];
        int wl = (int)(l->cend - l->cstart < 60 ? l->cend - l->cstart : 60);
        snprintf(msg, sizeof msg,
                 "%s \"%.*s\": %zu underscore%s join%s its words (a wiki link's page "
                 "name?); declare in the rules file: replace underscore-line%ld \"_\" -> "
                 "\" \" line=%ld",
                 l->role == R_TITLE ? "title" : "heading", wl, s + l->cstart, joins,
                 joins == 1 ? "" : "s", joins == 1 ? "s" : "", l->no, l->no);
        lint_emit(g, first, &n_us, "%s", msg);
    }
    return g->ctx->strict && g->nlint > before ? BK_EINPUT : BK_OK;
}
