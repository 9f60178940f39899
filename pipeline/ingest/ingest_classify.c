/* ingest_classify.c — structure, first half: the final text split into lines and
 * each line given a role (title, heading, item, hatnote, caption, paragraph,
 * citation note).
 */
#include "ingest_private.h"

#include <stdlib.h>
#include <string.h>

#include "unicode.h"

/* ---- structure: classifying lines ---------------------------------------------------- */

/* Hatnote prefixes ("Main article: X"), as they appear in Wikipedia copies. */
static const char *const hatnotes[] = {
    "Main article:", "Main articles:", "See also:", "Further information:",
    "Bài chi tiết:", "Bài chính:", "Xem thêm:", "Thông tin thêm:",
    "主条目：", "主条目:", "主條目：", "主條目:", "参见：", "參見：", "另见：",
    "另見：", "Article détaillé :", "Articles détaillés :", "Voir aussi :",
    "Hauptartikel:", "Siehe auch:", "Artículo principal:", "Véase también:",
    "Основная статья:", "См. также:", NULL};

size_t bk_ingest_hatnote_prefix(const char *s, size_t n)
{
    for (const char *const *h = hatnotes; *h; h++)
        if (bk_ingest_starts_with(s, n, *h))
            return strlen(*h);
    return 0;
}

/* "Figure 3:", "Hình 2.", "图1", "Image: ..." */
static int caption_prefix(const char *s, size_t n)
{
    static const char *const numbered[] = {"Figure", "Fig.", "Hình", "Ảnh",
                                           "Abbildung", "Рисунок", "Рис.",
                                           "图", "圖", NULL};
    static const char *const labelled[] = {"Image:", "Photo:", "Picture:",
                                           "Caption:", "Chú thích ảnh:",
                                           NULL};
    for (const char *const *w = labelled; *w; w++)
        if (bk_ingest_starts_with(s, n, *w))
            return 1;
    for (const char *const *w = numbered; *w; w++) {
        size_t k = strlen(*w);
        if (!bk_ingest_starts_with(s, n, *w))
            continue;
        if (k < n && s[k] == ' ')
            k++;
        size_t d = k;
        while (d < n && bk_ingest_is_digit(s[d]))
            d++;
        if (d == k || d >= n)
            continue;
        if (s[d] == '.' || s[d] == ':' || s[d] == ' ' ||
            bk_ingest_starts_with(s + d, n - d, "：") || bk_ingest_starts_with(s + d, n - d, "—") ||
            bk_ingest_starts_with(s + d, n - d, "–"))
            return 1;
    }
    return 0;
}

/* "  1. text", "2) text", "(3) text", "4、text", "- text", "• text".
 * Sets the number (or bullet) and where the item's text starts. */
static int item_marker(const char *s, size_t n, char num[8], int *bullet,
                       size_t *text_start)
{
    size_t i = 0;
    *bullet = 0;
    num[0] = '\0';
    if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
        *bullet = 1;
        i = 1;
    } else if (bk_ingest_starts_with(s, n, "• ") || bk_ingest_starts_with(s, n, "· ") ||
               bk_ingest_starts_with(s, n, "– ")) {
        *bullet = 1;
        i = (size_t)(strchr(s, ' ') - s);
    } else {
        int paren = s[0] == '(';
        size_t d = (size_t)paren;
        while (d < n && bk_ingest_is_digit(s[d]) && d - (size_t)paren < 3)
            d++;
        if (d == (size_t)paren || d >= n || (d < n && bk_ingest_is_digit(s[d])))
            return 0;
        memcpy(num, s + paren, d - (size_t)paren);
        num[d - (size_t)paren] = '\0';
        if (paren) {
            if (s[d] != ')')
                return 0;
            i = d + 1;
        } else if (s[d] == '.' || s[d] == ')') {
            i = d + 1;
        } else if (bk_ingest_starts_with(s + d, n - d, "、")) {
            *text_start = d + strlen("、");
            return *text_start < n;
        } else {
            return 0;
        }
        /* "1.2 Title" is a numbered heading, not an item */
        if (i < n && bk_ingest_is_digit(s[i]))
            return 0;
    }
    if (i >= n || (s[i] != ' ' && s[i] != '\t'))
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    *text_start = i;
    return i < n;
}

/* "[21] text": a citation note of a references section. */
static int note_marker(const char *s, size_t n, char num[8], size_t *text_start)
{
    size_t i = bk_ingest_citation_at(s, n, num);
    if (!i || i >= n || (s[i] != ' ' && s[i] != '\t'))
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    *text_start = i;
    return i < n;
}

/* The last code point before trailing closers and citation marks. */
static uint32_t last_significant(const char *s, size_t n)
{
    size_t e = n;
    while (e > 0) {
        if (s[e - 1] == ']') {
            size_t b = e - 1;
            while (b > 0 && bk_ingest_is_digit(s[b - 1]))
                b--;
            if (b > 0 && b < e - 1 && s[b - 1] == '[') {
                e = b - 1;
                continue;
            }
        }
        size_t p = bk_ingest_prev_start(s, 0, e);
        size_t q = p;
        uint32_t cp = bk_utf8_next(s, e, &q);
        if (!bk_ingest_is_closer(cp))
            return cp;
        e = p;
    }
    return 0;
}

static uint32_t first_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp = bk_utf8_next(s, n, &i);
        uint32_t sc = bk_unicode_script(cp);
        if (sc != BK_SCRIPT_COMMON && sc != BK_SCRIPT_INHERITED)
            return cp;
    }
    return 0;
}

/* Short, no closing punctuation, not starting in lower case. */
static int heading_like(const char *s, size_t n, long width, long max)
{
    if (n == 0 || width > max)
        return 0;
    if (bk_ingest_is_clause_end(last_significant(s, n)))
        return 0;
    uint32_t f = first_letter(s, n);
    return f && !bk_ingest_is_lower(f);
}

#define TITLE_MAX_WIDTH 150
#define HEADING_MAX_WIDTH 100
#define WRAP_MAX_WIDTH 100

/* Heading markup: "# Title" / "== Title ==" (markdown and wiki text:
 * one mark is the document title, level 0; two a section, level 1; and so
 * on), or a numbered heading "1.2 Title" (level = number of components).
 * Returns 1 for markup (and narrows [*cs, *ce) to the title), 2 for a
 * numbered heading (the number stays in the text), 0 for neither. */
static int heading_markup(const char *t, size_t *cs, size_t *ce, int *level)
{
    const char *s = t + *cs;
    size_t n = *ce - *cs;
    char mark = n >= 2 && (s[0] == '#' || s[0] == '=') ? s[0] : 0;
    if (mark) {
        size_t k = 0, m = 0;
        while (k < n && s[k] == mark)
            k++;
        if (mark == '=')
            while (m < n - k && s[n - 1 - m] == '=')
                m++;
        if (k > 6 || k >= n || s[k] != ' ' || (mark == '=' && m != k))
            return 0;
        size_t a = k, e = n - m;
        while (a < e && s[a] == ' ')
            a++;
        while (e > a && (s[e - 1] == ' ' || (mark == '#' && s[e - 1] == '#')))
            e--;
        if (e <= a)
            return 0;
        *ce = *cs + e;
        *cs += a;
        *level = (int)k - 1;
        return 1;
    }
    size_t i = 0;
    int parts = 0;
    while (i < n && bk_ingest_is_digit(s[i])) {
        while (i < n && bk_ingest_is_digit(s[i]))
            i++;
        parts++;
        if (i + 1 < n && s[i] == '.' && bk_ingest_is_digit(s[i + 1]))
            i++;
        else
            break;
    }
    if (i < n && s[i] == '.')
        i++;
    if (parts == 0 || parts > 6 || i >= n || s[i] != ' ')
        return 0;
    *level = parts;
    return 2;
}

static int is_role_name(const bk_rule *r, const char *name)
{
    return strcmp(r->role, name) == 0;
}

bk_status bk_ingest_split_lines(ingest *g)
{
    const char *s = g->text.s;
    size_t n = g->text.len, cap = 0;
    long no = 1;
    for (size_t i = 0; i <= n; no++) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        if (g->nl == cap) {
            cap = cap ? cap * 2 : 64;
            text_line *v = realloc(g->lines, cap * sizeof(*v));
            if (!v)
                return bk_ingest_oom(g);
            g->lines = v;
        }
        text_line *L = &g->lines[g->nl++];
        memset(L, 0, sizeof(*L));
        L->start = i;
        L->end = e;
        L->no = no;
        size_t a = i, b = e;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        /* also no-break and ideographic spaces at the ends */
        for (;;) {
            if (a < b && b - a >= 3 && bk_ingest_starts_with(s + a, b - a, "\xe3\x80\x80"))
                a += 3;
            else if (a < b && bk_ingest_starts_with(s + a, b - a, "\xc2\xa0"))
                a += 2;
            else
                break;
        }
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        L->indent = (int)(a - i);
        L->cstart = a;
        L->cend = b;
        L->role = a == b ? R_BLANK : R_NONE;
        L->width = bk_ingest_text_width(s + a, b - a);
        if (!nl)
            break;
        i = e + 1;
    }
    return BK_OK;
}

/* Next non-blank line index after i, or nl. */
size_t bk_ingest_next_content(const ingest *g, size_t i)
{
    for (size_t k = i + 1; k < g->nl; k++)
        if (g->lines[k].role != R_BLANK)
            return k;
    return g->nl;
}

static enum role role_of_mark(const bk_rule *r)
{
    if (is_role_name(r, "title"))
        return R_TITLE;
    if (is_role_name(r, "heading"))
        return R_HEADING;
    if (is_role_name(r, "caption"))
        return R_CAPTION;
    if (is_role_name(r, "hatnote"))
        return R_HATNOTE;
    return R_PARA;
}

/* Declared marks first: they override every guess. */
static void classify_marks(ingest *g)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* declared marks */
    for (size_t i = 0; g->rules && i < nl; i++) {
        if (L[i].role == R_BLANK)
            continue;
        for (size_t k = 0; k < g->rules->n; k++) {
            const bk_rule *r = &g->rules->v[k];
            if (r->kind != BK_RULE_MARK)
                continue;
            if (r->line_lo && (L[i].no < r->line_lo || L[i].no > r->line_hi))
                continue;
            if (r->starts &&
                !bk_ingest_starts_with(s + L[i].cstart, L[i].cend - L[i].cstart,
                             r->starts))
                continue;
            L[i].role = role_of_mark(r);
            L[i].mark = r;
            if (L[i].role == R_HEADING)
                L[i].level = 1;
        }
    }
}

/* Citation notes at the end of the text, and their heading. */
static void classify_notes(ingest *g)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* citation notes at the end of the text */
    size_t first_note = nl;
    for (size_t i = nl; i-- > 0;) {
        char num[8];
        size_t ts = 0;
        if (L[i].role == R_BLANK)
            continue;
        if (L[i].role != R_NONE ||
            !note_marker(s + L[i].cstart, L[i].cend - L[i].cstart, num, &ts))
            break;
        first_note = i;
    }
    for (size_t i = first_note; i < nl; i++) {
        if (L[i].role != R_NONE)
            continue;
        size_t ts = 0;
        note_marker(s + L[i].cstart, L[i].cend - L[i].cstart, L[i].num, &ts);
        L[i].role = R_NOTE;
        L[i].cstart += ts;
        g->has_notes = 1;
    }
    if (first_note < nl) {
        size_t h = first_note;
        while (h > 0 && L[h - 1].role == R_BLANK)
            h--;
        if (h > 0 && L[h - 1].role == R_NONE &&
            heading_like(s + L[h - 1].cstart, L[h - 1].cend - L[h - 1].cstart,
                         L[h - 1].width, HEADING_MAX_WIDTH))
            L[h - 1].role = R_NOTES_HEAD;
    }
}

/* List items: indented, or in a run of two or more. */
static bk_status classify_items(ingest *g)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* list items: indented, or in a run of two or more */
    int *cand = calloc(nl ? nl : 1, sizeof(int));
    size_t *tstart = calloc(nl ? nl : 1, sizeof(size_t));
    if (!cand || !tstart) {
        free(cand);
        free(tstart);
        return bk_ingest_oom(g);
    }
    for (size_t i = 0; i < nl; i++) {
        if (L[i].role != R_NONE)
            continue;
        int bullet = 0;
        if (item_marker(s + L[i].cstart, L[i].cend - L[i].cstart, L[i].num,
                        &bullet, &tstart[i]))
            cand[i] = bullet ? 2 : 1;
    }
    for (size_t i = 0; i < nl; i++) {
        if (!cand[i])
            continue;
        size_t p = i, q = bk_ingest_next_content(g, i);
        while (p > 0 && L[p - 1].role == R_BLANK)
            p--;
        int run = (p > 0 && cand[p - 1] == cand[i]) ||
                  (q < nl && cand[q] == cand[i]);
        if (run || L[i].indent > 0) {
            L[i].role = R_ITEM;
            L[i].bullet = cand[i] == 2;
            L[i].cstart += tstart[i];
        }
    }
    free(cand);
    free(tstart);
    return BK_OK;
}

/* Hatnotes and labelled captions. */
static void classify_labels(ingest *g)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* hatnotes and labelled captions */
    for (size_t i = 0; i < nl; i++) {
        if (L[i].role != R_NONE)
            continue;
        const char *c = s + L[i].cstart;
        size_t cn = L[i].cend - L[i].cstart;
        if (bk_ingest_hatnote_prefix(c, cn) && L[i].width <= 300)
            L[i].role = R_HATNOTE;
        else if (caption_prefix(c, cn))
            L[i].role = R_CAPTION;
    }
}

/* The title line. */
static void classify_title(ingest *g)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* the title: the first non-empty line, if it reads like one, or
     * carries title markup ("# Title") */
    size_t first = bk_ingest_next_content(g, (size_t)-1);
    for (size_t i = 0; i < nl; i++)
        if (L[i].role == R_TITLE)
            g->title_line = L[i].no;
    if (!g->title_line && first < nl && L[first].role == R_NONE) {
        size_t cs = L[first].cstart, ce = L[first].cend;
        int level = 0, markup = heading_markup(s, &cs, &ce, &level);
        if (markup == 1 && level == 0) {
            L[first].cstart = cs;
            L[first].cend = ce;
            L[first].role = R_TITLE;
        } else if (markup != 1 &&
                   heading_like(s + cs, ce - cs, L[first].width,
                                TITLE_MAX_WIDTH)) {
            L[first].role = R_TITLE;
        }
        if (L[first].role == R_TITLE)
            g->title_line = L[first].no;
    }
}

/* Captions under hatnotes. */
static void classify_hatnote_captions(ingest *g)
{
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* a caption: the line right after a hatnote, in the same block, when
     * the block ends there (a picture's caption sits under the hatnote in
     * copied encyclopaedia pages) */
    for (size_t i = 0; i + 1 < nl; i++) {
        if (L[i].role != R_HATNOTE || L[i + 1].role != R_NONE)
            continue;
        if (i + 2 < nl && L[i + 2].role != R_BLANK)
            continue;
        if (L[i + 1].width <= 400)
            L[i + 1].role = R_CAPTION;
    }
}

/* Wrapped text or one paragraph per line. */
static void classify_wrapped(ingest *g)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* wrapped text (paragraphs broken into lines, blank lines between) or
     * one paragraph per line? Wrapped when no line is long and more
     * lines inside blocks break mid-sentence than at a sentence end. */
    long maxw = 0;
    int cont = 0, sent = 0;
    for (size_t i = 0; i < nl; i++) {
        if (L[i].role == R_BLANK)
            continue;
        if (L[i].width > maxw)
            maxw = L[i].width;
        if (L[i].role != R_NONE || i + 1 >= nl || L[i + 1].role != R_NONE ||
            L[i].width < 40)
            continue;
        if (bk_ingest_is_sentence_end(last_significant(s + L[i].cstart,
                                             L[i].cend - L[i].cstart)))
            sent++;
        else
            cont++;
    }
    g->wrapped = maxw <= WRAP_MAX_WIDTH && cont > 0 && cont >= sent;
}

/* Headings, then paragraphs for the rest. */
static bk_status classify_headings(ingest *g)
{
    const char *s = g->text.s;
    text_line *L = g->lines;
    size_t nl = g->nl;
    /* headings */
    int *hl = calloc(nl ? nl : 1, sizeof(int));
    if (!hl)
        return bk_ingest_oom(g);
    for (size_t i = 0; i < nl; i++) {
        if (L[i].role != R_NONE)
            continue;
        size_t cs = L[i].cstart, ce = L[i].cend;
        int level = 0, markup = heading_markup(s, &cs, &ce, &level);
        if (markup == 1) {
            L[i].role = R_HEADING;
            L[i].level = level < 1 ? 1 : level;
            L[i].cstart = cs;
            L[i].cend = ce;
            continue;
        }
        /* in wrapped text a heading stands alone in its block */
        int alone = (i == 0 || L[i - 1].role == R_BLANK) &&
                    (i + 1 >= nl || L[i + 1].role == R_BLANK);
        if ((alone || !g->wrapped) &&
            heading_like(s + L[i].cstart, L[i].cend - L[i].cstart,
                         L[i].width, HEADING_MAX_WIDTH))
            hl[i] = markup == 2 ? level : 1;
    }
    for (size_t i = 0; i < nl; i++) {
        if (!hl[i])
            continue;
        size_t q = bk_ingest_next_content(g, i);
        if (q >= nl || hl[q] || L[q].role == R_TITLE ||
            L[q].role == R_NOTE || L[q].role == R_NOTES_HEAD)
            continue;
        L[i].role = R_HEADING;
        L[i].level = hl[i];
    }
    free(hl);
    for (size_t i = 0; i < nl; i++)
        if (L[i].role == R_NONE)
            L[i].role = R_PARA;
    return BK_OK;
}

bk_status bk_ingest_classify(ingest *g)
{
    /* Steps: declared marks first; then, on the remaining lines: citation
     * notes at the end (and their heading), list items, hatnotes, caption
     * labels, the title (first line, if title-like), captions right after
     * a hatnote, the wrapped-or-not decision, headings (short, no final
     * punctuation, followed by something that is not itself heading-like,
     * or with heading markup), and paragraphs for the rest. */
    classify_marks(g);
    classify_notes(g);
    bk_status st = classify_items(g);
    if (st)
        return st;
    classify_labels(g);
    classify_title(g);
    classify_hatnote_captions(g);
    classify_wrapped(g);
    return classify_headings(g);
}

