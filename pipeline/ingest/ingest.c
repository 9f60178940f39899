/* ingest.c — plain text to TEI (see ingest.h, docs/TEI.md).
 *
 * Stages, each a function below:
 *   resolve   language, rules file and catalog entry of the source
 *   load      read the file, record its SHA-256
 *   normalise UTF-8 check, BOM and CRLF/CR removal, NFC (logged)
 *   rules     the declared replacements (logged with source positions)
 *   lint      what looks wrong but has no rule (warnings)
 *   structure lines -> roles (title, heading, item, hatnote, caption,
 *             paragraph, citation note) -> TEI text tree
 *   header    teiHeader: title, source file and checksum, language,
 *             declarations and the list of changes
 *   report    the human-readable summary for --report
 */
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules.h"
#include "sha256.h"
#include "unicode.h"
#include "xml.h"

/* ---- small helpers ------------------------------------------------------- */

#include "ingest-han.inc"

static int u16_in(const uint16_t *v, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    if (cp > 0xffff)
        return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] == cp)
            return 1;
        if (v[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int is_trad_only(uint32_t cp)
{
    return u16_in(trad_only, sizeof trad_only / sizeof trad_only[0], cp);
}

static int is_simp_only(uint32_t cp)
{
    return u16_in(simp_only, sizeof simp_only / sizeof simp_only[0], cp);
}

static int is_han(uint32_t cp)
{
    return bk_unicode_script(cp) == BK_SCRIPT_HAN;
}

/* Scripts that make a run "East Asian" for foreign-language spans. */
#define SCRIPT_HIRA 0x48697261u /* 'Hira' */
#define SCRIPT_KANA 0x4b616e61u /* 'Kana' */
#define SCRIPT_HANG 0x48616e67u /* 'Hang' */

static int is_east_asian(uint32_t cp)
{
    uint32_t sc = bk_unicode_script(cp);
    return sc == BK_SCRIPT_HAN || sc == SCRIPT_HIRA || sc == SCRIPT_KANA ||
           sc == SCRIPT_HANG;
}

static uint32_t cp_at(const char *s, size_t n, size_t i)
{
    return i < n ? bk_utf8_next(s, n, &i) : 0;
}

static uint32_t cp_before(const char *s, size_t start, size_t i)
{
    if (i <= start)
        return 0;
    size_t j = i - 1;
    while (j > start && ((unsigned char)s[j] & 0xc0) == 0x80)
        j--;
    return bk_utf8_next(s, i, &j);
}

static size_t prev_start(const char *s, size_t start, size_t i)
{
    size_t j = i - 1;
    while (j > start && ((unsigned char)s[j] & 0xc0) == 0x80)
        j--;
    return j;
}

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

static int is_sentence_end(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 ||
           cp == 0xff01 || cp == 0xff1f || cp == 0x2026 || cp == 0xff0e;
}

/* Punctuation after which a line continues or introduces something: such
 * a line is never a title or a heading. */
static int is_clause_end(uint32_t cp)
{
    return is_sentence_end(cp) || cp == ',' || cp == ';' || cp == ':' ||
           cp == 0xff0c || cp == 0xff1b || cp == 0xff1a || cp == 0x3001;
}

static int is_closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
           cp == 0x201d || cp == 0x2019 || cp == 0xff09 || cp == 0x300d ||
           cp == 0x300f || cp == 0x00bb || cp == 0x3011;
}

/* Lowercase letters of the cased scripts most texts use. A heading or
 * title starts with anything but one of these. */
static int is_lower(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return 1;
    if (cp >= 0xdf && cp <= 0xff)
        return cp != 0xf7;
    if (cp >= 0x100 && cp <= 0x17f)
        return (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)
                   ? (cp & 1) == 0
                   : (cp & 1) == 1;
    if (cp >= 0x1e00 && cp <= 0x1eff)
        return (cp & 1) == 1;
    if (cp >= 0x430 && cp <= 0x45f)
        return 1;
    if (cp >= 0x3b1 && cp <= 0x3c9)
        return 1;
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Display width in columns: East Asian wide characters count two. */
static long text_width(const char *s, size_t n)
{
    long w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = bk_utf8_next(s, n, &i);
        w += bk_unicode_is_cjk(cp) ? 2 : 1;
    }
    return w;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* dir of path + "/" + name (name alone when path has no directory). */
static char *path_beside(const char *path, const char *name)
{
    const char *b = base_name(path);
    bk_buf out = {0};
    if (bk_buf_append(&out, path, (size_t)(b - path)) < 0 ||
        bk_buf_puts(&out, name) < 0) {
        bk_buf_release(&out);
        return NULL;
    }
    return out.data;
}

/* File names are recorded in the TEI header (idno, title, rules): they
 * must be text XML can carry. Refuses a name that is not UTF-8 or holds a
 * control character, naming the file. */
static bk_status check_file_name(bk_ctx *ctx, const char *path)
{
    const char *b = base_name(path);
    size_t n = strlen(b), bad = 0;
    int ok = bk_utf8_check(b, n, &bad) == 0;
    for (size_t i = 0; ok && i < n;) {
        uint32_t cp = bk_utf8_next(b, n, &i);
        ok = cp >= 0x20 && cp != 0x7f && cp != 0xfffe && cp != 0xffff;
    }
    if (ok)
        return BK_OK;
    return bk_diag_error(ctx->diag, BK_EINPUT, path, 0, 0,
                         "the file name is not UTF-8 or holds a control "
                         "character; it is recorded in the TEI header: "
                         "rename the file");
}

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Collapses runs of white space to one space and trims. */
static char *squeeze(const char *s)
{
    bk_buf b = {0};
    int space = 0;
    if (bk_buf_append(&b, "", 0) < 0)
        return NULL;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = b.len > 0;
            continue;
        }
        if ((space && bk_buf_puts(&b, " ") < 0) || bk_buf_append(&b, s, 1) < 0) {
            bk_buf_release(&b);
            return NULL;
        }
        space = 0;
    }
    return b.data;
}

/* A BCP 47 tag in its well-formed shape: letters, then subtags. */
static int is_lang_tag(const char *s)
{
    size_t n = 0;
    while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')))
        n++;
    if (n < 2 || n > 8)
        return 0;
    s += n;
    while (*s == '-') {
        s++;
        n = 0;
        while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') ||
                        (s[n] >= 'A' && s[n] <= 'Z') || is_digit(s[n])))
            n++;
        if (n < 1 || n > 8)
            return 0;
        s += n;
    }
    return *s == '\0';
}

static const struct {
    const char *tag;
    const char *name;
} lang_names[] = {
    {"vi", "Vietnamese"},
    {"zh-Hans", "Chinese (simplified)"},
    {"zh-Hant", "Chinese (traditional)"},
    {"zh", "Chinese"},
    {"en", "English"},
    {"fr", "French"},
    {"de", "German"},
    {"es", "Spanish"},
    {"ru", "Russian"},
    {"ja", "Japanese"},
    {"ko", "Korean"},
};

static const char *lang_name(const char *tag)
{
    for (size_t i = 0; i < sizeof lang_names / sizeof lang_names[0]; i++)
        if (strcmp(lang_names[i].tag, tag) == 0)
            return lang_names[i].name;
    return tag;
}

/* 1 for languages written with Han characters (no foreign spans there). */
static int lang_is_cjk(const char *tag)
{
    static const char *const cjk[] = {"zh", "ja", "ko", "yue", "cmn", "lzh",
                                      "wuu", "hak", "nan", "gan", NULL};
    for (const char *const *c = cjk; *c; c++) {
        size_t n = strlen(*c);
        if (strncmp(tag, *c, n) == 0 && (tag[n] == '\0' || tag[n] == '-'))
            return 1;
    }
    return 0;
}

/* 'S' simplified, 'T' traditional, 0 neither or not Chinese. */
static int chinese_variant(const char *tag)
{
    if (strncmp(tag, "zh", 2) != 0 || (tag[2] && tag[2] != '-'))
        return 0;
    if (strstr(tag, "-Hant") || strstr(tag, "-TW") || strstr(tag, "-HK") ||
        strstr(tag, "-MO"))
        return 'T';
    return 'S';
}

/* ---- the ingest state ------------------------------------------------------ */

enum role {
    R_BLANK,
    R_NONE, /* not yet classified */
    R_TITLE,
    R_HEADING,
    R_PARA,
    R_ITEM,
    R_HATNOTE,
    R_CAPTION,
    R_NOTE,      /* "[21] text": a citation note */
    R_NOTES_HEAD /* the heading above the citation notes */
};

static const char *const role_names[] = {
    "blank", "none", "title", "heading", "paragraph", "list item",
    "hatnote", "caption", "citation note", "notes heading"};

typedef struct text_line {
    size_t start, end;   /* the line's bytes, without the newline */
    size_t cstart, cend; /* its content: trimmed, markers removed */
    long no;             /* 1-based line number */
    long width;          /* display width of the trimmed line */
    int indent;          /* leading white space, in bytes */
    enum role role;
    int level;           /* heading level (1 = section) */
    int bullet;          /* item: bulleted rather than numbered */
    char num[8];         /* item or note number */
    const bk_rule *mark; /* the mark rule that forced the role */
} text_line;

/* A change made by a generic normalisation. */
typedef struct norm_change {
    const char *kind; /* "bom", "line-ends", "nfc" */
    long line, col;
    char *before, *after; /* NULL for bom and line-ends */
    char *text;           /* description */
} norm_change;

typedef struct counts {
    int sections, paragraphs, lists, items, hatnotes, captions, quotes,
        citations, notes, foreign, headings;
} counts;

typedef struct ingest {
    bk_ctx *ctx;
    const bk_ingest_options *opts;
    const char *src;  /* the source path as given */
    char *raw;        /* the file as read */
    size_t rawlen;
    char sha[65];

    /* resolved from options and catalog */
    char *catalog_path;
    int in_catalog;
    char *lang;
    const char *lang_from;
    char *cat_title, *cat_origin;
    char *rules_path;
    const char *rules_from;
    bk_rules *rules;

    /* the text after the generic normalisations, and its line starts */
    char *norm;
    size_t normlen;
    size_t *line_starts;
    size_t nlines;
    size_t pos_line, pos_off; /* the last position asked (norm_position) */
    long pos_col;
    norm_change *nchanges;
    size_t nnchanges, capnchanges;
    int had_bom;
    size_t crlf, cr;

    /* the text after the rules, with origins into norm */
    bk_otext text;
    bk_changes changes;

    /* marks applied: line indices with a mark rule */
    text_line *lines;
    size_t nl;
    int wrapped;
    int has_notes; /* some lines are citation notes */
    long title_line; /* 0 when the title came from the catalog */
    char *title;     /* plain text of the title */

    char idp[12]; /* id prefix: "vi", "zh", "en" */
    int nh, np, nd, nlist, nn, nf;
    counts cnt;
    size_t nlint;
    bk_buf lint_report;
} ingest;

static bk_status oom(ingest *g)
{
    return bk_diag_error(g->ctx->diag, BK_EINTERNAL, g->src, 0, 0,
                         "out of memory");
}

/* Line and column (code points) in the normalised text of an offset.
 * Positions are asked for in increasing order (per rule, then for lint),
 * so counting resumes from the last answer when it is on the same line:
 * a single 16 MB line with many changes stays linear. */
static void norm_position(ingest *g, size_t off, long *line, long *col)
{
    size_t lo = 0, hi = g->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (g->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t from = g->line_starts[lo];
    long c = 1;
    if (g->pos_line == lo && g->pos_off >= from && g->pos_off <= off) {
        from = g->pos_off;
        c = g->pos_col;
    }
    for (size_t i = from; i < off && i < g->normlen; i++)
        if (((unsigned char)g->norm[i] & 0xc0) != 0x80)
            c++;
    g->pos_line = lo;
    g->pos_off = off;
    g->pos_col = c;
    *line = (long)lo + 1;
    *col = c;
}

/* Position of a byte of the final text in the source. */
static void text_position(ingest *g, size_t off, long *line, long *col)
{
    size_t o = off < g->text.len ? g->text.origin[off] : g->normlen;
    norm_position(g, o, line, col);
}

/* ---- resolve ------------------------------------------------------------------ */

static bk_status stage_resolve(ingest *g)
{
    /* Steps: find the catalog (option, or catalog.xml beside the source);
     * find the source's entry; language from the option, else the entry,
     * else a usage error; rules from the option, else the entry, else a
     * SOURCE.rules file beside the source if there is one. */
    bk_status st = BK_OK;
    bk_node *cat = NULL;
    const char *src = g->src;
    if ((st = check_file_name(g->ctx, src)) != BK_OK)
        return st;
    if (g->opts->catalog) {
        g->catalog_path = bk_strdup(g->opts->catalog);
    } else {
        g->catalog_path = path_beside(src, "catalog.xml");
        if (g->catalog_path && !file_exists(g->catalog_path)) {
            free(g->catalog_path);
            g->catalog_path = NULL;
        }
    }
    if (g->catalog_path) {
        st = bk_xml_read(g->ctx, g->catalog_path, &cat);
        if (st != BK_OK)
            goto done;
        if (strcmp(cat->name, "catalog") != 0) {
            st = bk_diag_error(g->ctx->diag, BK_EINPUT, g->catalog_path,
                               cat->line, 0,
                               "expected a <catalog> root element, got <%s>",
                               cat->name);
            goto done;
        }
        for (bk_node *e = bk_node_child(cat, "source"); e;
             e = bk_node_next_element(e, "source")) {
            const char *file = bk_node_get_attr(e, "file");
            if (!file || strcmp(file, base_name(src)) != 0)
                continue;
            g->in_catalog = 1;
            const char *lang = bk_node_get_attr(e, "lang");
            const char *rules = bk_node_get_attr(e, "rules");
            if (lang && !g->opts->lang) {
                g->lang = bk_strdup(lang);
                g->lang_from = "catalog";
            }
            if (rules && *rules && !g->opts->rules) {
                g->rules_path = path_beside(g->catalog_path, rules);
                g->rules_from = "catalog";
            }
            bk_node *t = bk_node_child(e, "title");
            bk_node *o = bk_node_child(e, "origin");
            if (t) {
                char *s = bk_node_text_content(t);
                g->cat_title = s ? squeeze(s) : NULL;
                free(s);
            }
            if (o) {
                char *s = bk_node_text_content(o);
                g->cat_origin = s ? squeeze(s) : NULL;
                free(s);
            }
            break;
        }
    }
    if (g->opts->lang) {
        g->lang = bk_strdup(g->opts->lang);
        g->lang_from = "option";
    }
    if (!g->lang) {
        st = bk_diag_error(g->ctx->diag, BK_EUSAGE, src, 0, 0,
                           "no language for this source: give --lang TAG "
                           "(a BCP 47 tag such as vi, zh-Hans, en) or add "
                           "the source to %s",
                           g->catalog_path ? g->catalog_path
                                           : "a catalog.xml beside it");
        goto done;
    }
    if (!is_lang_tag(g->lang)) {
        st = bk_diag_error(g->ctx->diag,
                           strcmp(g->lang_from, "option") == 0 ? BK_EUSAGE
                                                               : BK_EINPUT,
                           strcmp(g->lang_from, "option") == 0
                               ? NULL
                               : g->catalog_path,
                           0, 0, "'%s' is not a BCP 47 language tag", g->lang);
        goto done;
    }
    if (g->opts->rules) {
        g->rules_path = bk_strdup(g->opts->rules);
        g->rules_from = "option";
    } else if (!g->rules_path) {
        /* SOURCE.txt -> SOURCE.rules, when present beside the source. */
        const char *b = base_name(src), *dot = strrchr(b, '.');
        size_t stem = dot ? (size_t)(dot - src) : strlen(src);
        char *guess = malloc(stem + 7);
        if (guess) {
            memcpy(guess, src, stem);
            memcpy(guess + stem, ".rules", 7);
            if (file_exists(guess)) {
                g->rules_path = guess;
                g->rules_from = "beside the source";
                guess = NULL;
            }
            free(guess);
        }
    }
    if (g->rules_path) {
        if ((st = check_file_name(g->ctx, g->rules_path)) != BK_OK)
            goto done;
        st = bk_rules_load(g->ctx, g->rules_path, &g->rules);
        if (st != BK_OK)
            goto done;
    }
    /* The id prefix: the primary language subtag. */
    size_t k = 0;
    while (k + 1 < sizeof g->idp && g->lang[k] && g->lang[k] != '-') {
        char c = g->lang[k];
        g->idp[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    g->idp[k] = '\0';
done:
    bk_node_free(cat);
    return st;
}

/* ---- load and normalise ---------------------------------------------------------- */

static bk_status add_norm_change(ingest *g, const char *kind, long line,
                                 long col, char *before, char *after,
                                 char *text)
{
    if (g->nnchanges == g->capnchanges) {
        size_t c = g->capnchanges ? g->capnchanges * 2 : 16;
        norm_change *v = realloc(g->nchanges, c * sizeof(*v));
        if (!v)
            goto fail;
        g->nchanges = v;
        g->capnchanges = c;
    }
    if ((!before && !text) || (before && !after))
        goto fail;
    g->nchanges[g->nnchanges++] =
        (norm_change){kind, line, col, before, after, text};
    return BK_OK;
fail:
    free(before);
    free(after);
    free(text);
    return oom(g);
}

static bk_status stage_load(ingest *g)
{
    /* Steps: read (size limit), refuse an empty file, checksum the bytes
     * as received. */
    bk_status st = bk_file_read(g->ctx, g->src, BK_MAX_SOURCE_BYTES, &g->raw,
                                &g->rawlen);
    if (st != BK_OK)
        return st;
    if (g->rawlen == 0)
        return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, 0, 0,
                             "the file is empty");
    bk_sha256_hex(g->raw, g->rawlen, g->sha);
    return BK_OK;
}

/* NFC one line; logs the differing part when it changes. */
static bk_status nfc_line(ingest *g, bk_buf *out, const char *s, size_t n,
                          long lineno)
{
    if (n == 0 || bk_unicode_is_nfc(s, n))
        return bk_buf_append(out, s, n) < 0 ? oom(g) : BK_OK;
    size_t m = 0;
    char *t = bk_unicode_nfc(s, n, &m);
    if (!t)
        return bk_diag_error(g->ctx->diag, BK_EINTERNAL, g->src, lineno, 0,
                             "Unicode normalisation failed");
    /* The changed span: strip the common prefix and suffix, on character
     * boundaries, so the log shows just what was recomposed. */
    size_t pre = 0;
    while (pre < n && pre < m && s[pre] == t[pre])
        pre++;
    while (pre > 0 && ((unsigned char)s[pre] & 0xc0) == 0x80)
        pre--;
    size_t suf = 0;
    while (suf < n - pre && suf < m - pre && s[n - 1 - suf] == t[m - 1 - suf])
        suf++;
    while (suf > 0 && ((unsigned char)s[n - suf] & 0xc0) == 0x80)
        suf--;
    long col = 1;
    for (size_t i = 0; i < pre; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            col++;
    bk_status st = add_norm_change(g, "nfc", lineno, col,
                                   bk_strndup(s + pre, n - pre - suf),
                                   bk_strndup(t + pre, m - pre - suf), NULL);
    if (st == BK_OK && bk_buf_append(out, t, m) < 0)
        st = oom(g);
    free(t);
    return st;
}

static bk_status stage_normalise(ingest *g)
{
    /* Steps: UTF-8 check (error at the first bad byte, with line and
     * column); refuse control characters XML cannot carry; drop a BOM;
     * CRLF and CR become LF; NFC line by line (a newline never composes
     * with anything, so this equals NFC of the whole text); index the
     * lines. Each step that changes something is logged. */
    bk_status st = BK_OK;
    bk_buf lf = {0}, out = {0};
    size_t bad = 0;
    if (bk_utf8_check(g->raw, g->rawlen, &bad) != 0) {
        long l, c;
        bk_utf8_position(g->raw, bad, &l, &c);
        if (g->raw[bad] == '\0')
            return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l, c,
                                 "NUL byte in the text");
        return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l, c,
                             "invalid UTF-8 (byte 0x%02x): the source must "
                             "be UTF-8",
                             (unsigned char)g->raw[bad]);
    }
    const char *s = g->raw;
    size_t n = g->rawlen;
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        g->had_bom = 1;
        s += 3, n -= 3;
        st = add_norm_change(g, "bom", 1, 1, NULL, NULL,
                             bk_strdup("byte order mark removed"));
        if (st != BK_OK)
            goto done;
    }
    if (bk_buf_append(&lf, "", 0) < 0)
        goto nomem;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t cp = bk_utf8_next(s, n, &j);
        if (cp == '\r') {
            if (j < n && s[j] == '\n') {
                g->crlf++;
                j++;
            } else {
                g->cr++;
            }
            if (bk_buf_append(&lf, "\n", 1) < 0)
                goto nomem;
        } else if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xfffe ||
                   cp == 0xffff) {
            long l, c;
            bk_utf8_position(s, i, &l, &c);
            st = bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l,
                               c + (l == 1 && g->had_bom),
                               "control character U+%04X is not allowed in "
                               "the text",
                               (unsigned)cp);
            goto done;
        } else if (bk_buf_append(&lf, s + i, j - i) < 0) {
            goto nomem;
        }
        i = j;
    }
    if (g->crlf || g->cr) {
        bk_buf d = {0};
        if (g->crlf)
            bk_buf_printf(&d, "%zu CRLF line end%s", g->crlf,
                          g->crlf == 1 ? "" : "s");
        if (g->cr)
            bk_buf_printf(&d, "%s%zu CR line end%s", g->crlf ? " and " : "",
                          g->cr, g->cr == 1 ? "" : "s");
        bk_buf_puts(&d, " became LF");
        st = add_norm_change(g, "line-ends", 0, 0, NULL, NULL, d.data);
        if (st != BK_OK)
            goto done;
    }
    if (bk_buf_append(&out, "", 0) < 0)
        goto nomem;
    long lineno = 1;
    for (size_t i = 0; i <= lf.len;) {
        const char *nl = memchr(lf.data + i, '\n', lf.len - i);
        size_t e = nl ? (size_t)(nl - lf.data) : lf.len;
        st = nfc_line(g, &out, lf.data + i, e - i, lineno);
        if (st != BK_OK)
            goto done;
        if (!nl)
            break;
        if (bk_buf_append(&out, "\n", 1) < 0)
            goto nomem;
        i = e + 1;
        lineno++;
    }
    g->norm = out.data;
    g->normlen = out.len;
    out = (bk_buf){0};
    g->nlines = 1;
    for (size_t i = 0; i < g->normlen; i++)
        g->nlines += g->norm[i] == '\n';
    g->line_starts = malloc(g->nlines * sizeof(size_t));
    if (!g->line_starts)
        goto nomem;
    g->line_starts[0] = 0;
    for (size_t i = 0, k = 1; i < g->normlen; i++)
        if (g->norm[i] == '\n')
            g->line_starts[k++] = i + 1;
    goto done;
nomem:
    st = oom(g);
done:
    bk_buf_release(&lf);
    bk_buf_release(&out);
    return st;
}

/* ---- rules ------------------------------------------------------------------------ */

static bk_status stage_rules(ingest *g)
{
    /* Steps: start from the normalised text (each byte its own origin),
     * apply the replace rules in order; the log keeps source positions. */
    if (bk_otext_init(&g->text, g->norm, g->normlen) < 0)
        return oom(g);
    return bk_rules_apply(g->ctx, g->rules, &g->text, &g->changes);
}

/* ---- lint ------------------------------------------------------------------------- */

#define LINT_MAX_PER_KIND 50

static void lint_emit(ingest *g, size_t off, int *count, const char *fmt,
                      const char *a)
{
    long l, c;
    (*count)++;
    g->nlint++;
    if (*count > LINT_MAX_PER_KIND)
        return;
    text_position(g, off, &l, &c);
    char msg[300];
    snprintf(msg, sizeof msg, fmt, a);
    if (*count == LINT_MAX_PER_KIND)
        strncat(msg, " (further findings of this kind are not listed)",
                sizeof msg - strlen(msg) - 1);
    /* under --strict the first finding is the error, the rest warnings */
    if (g->ctx->strict && !bk_diag_error_message(g->ctx->diag))
        bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, l, c, "%s", msg);
    else
        bk_diag_warn(g->ctx->diag, g->src, l, c, "%s", msg);
    bk_buf_printf(&g->lint_report, "  %ld:%ld  %s\n", l, c, msg);
}

static bk_status stage_lint(ingest *g)
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
    int variant = chinese_variant(g->lang);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint32_t cp = bk_utf8_next(s, n, &j);
        if (cp == '?') {
            uint32_t a = cp_before(s, 0, i), b = cp_at(s, n, j);
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
            uint32_t a = cp_before(s, 0, i), b = cp_at(s, n, e);
            if (a && b && a != '\n' && b != '\n' && bk_unicode_is_cjk(a) &&
                bk_unicode_is_cjk(b) && (is_han(a) || is_han(b))) {
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
        } else if (is_han(cp) && variant) {
            if (variant == 'S' && is_trad_only(cp)) {
                char ch[5] = {0};
                memcpy(ch, s + i, j - i);
                lint_emit(g, i, &n_var,
                          "traditional character '%s' in simplified "
                          "Chinese text",
                          ch);
            } else if (variant == 'T' && is_simp_only(cp)) {
                char ch[5] = {0};
                memcpy(ch, s + i, j - i);
                lint_emit(g, i, &n_var,
                          "simplified character '%s' in traditional "
                          "Chinese text",
                          ch);
            }
        } else if (is_han(cp)) {
            /* A Han run inside another language: one variant only. */
            size_t e = i, first_t = 0, first_s = 0;
            int has_t = 0, has_s = 0;
            while (e < n) {
                size_t k = e;
                uint32_t c2 = bk_utf8_next(s, n, &k);
                if (!is_han(c2))
                    break;
                if (!has_t && is_trad_only(c2))
                    has_t = 1, first_t = e;
                if (!has_s && is_simp_only(c2))
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

/* ---- structure: classifying lines ---------------------------------------------------- */

/* Hatnote prefixes ("Main article: X"), as they appear in Wikipedia copies. */
static const char *const hatnotes[] = {
    "Main article:", "Main articles:", "See also:", "Further information:",
    "Bài chi tiết:", "Bài chính:", "Xem thêm:", "Thông tin thêm:",
    "主条目：", "主条目:", "主條目：", "主條目:", "参见：", "參見：", "另见：",
    "另見：", "Article détaillé :", "Articles détaillés :", "Voir aussi :",
    "Hauptartikel:", "Siehe auch:", "Artículo principal:", "Véase también:",
    "Основная статья:", "См. также:", NULL};

static size_t hatnote_prefix(const char *s, size_t n)
{
    for (const char *const *h = hatnotes; *h; h++)
        if (starts_with(s, n, *h))
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
        if (starts_with(s, n, *w))
            return 1;
    for (const char *const *w = numbered; *w; w++) {
        size_t k = strlen(*w);
        if (!starts_with(s, n, *w))
            continue;
        if (k < n && s[k] == ' ')
            k++;
        size_t d = k;
        while (d < n && is_digit(s[d]))
            d++;
        if (d == k || d >= n)
            continue;
        if (s[d] == '.' || s[d] == ':' || s[d] == ' ' ||
            starts_with(s + d, n - d, "：") || starts_with(s + d, n - d, "—") ||
            starts_with(s + d, n - d, "–"))
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
    } else if (starts_with(s, n, "• ") || starts_with(s, n, "· ") ||
               starts_with(s, n, "– ")) {
        *bullet = 1;
        i = (size_t)(strchr(s, ' ') - s);
    } else {
        int paren = s[0] == '(';
        size_t d = (size_t)paren;
        while (d < n && is_digit(s[d]) && d - (size_t)paren < 3)
            d++;
        if (d == (size_t)paren || d >= n || (d < n && is_digit(s[d])))
            return 0;
        memcpy(num, s + paren, d - (size_t)paren);
        num[d - (size_t)paren] = '\0';
        if (paren) {
            if (s[d] != ')')
                return 0;
            i = d + 1;
        } else if (s[d] == '.' || s[d] == ')') {
            i = d + 1;
        } else if (starts_with(s + d, n - d, "、")) {
            *text_start = d + strlen("、");
            return *text_start < n;
        } else {
            return 0;
        }
        /* "1.2 Title" is a numbered heading, not an item */
        if (i < n && is_digit(s[i]))
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
    if (n < 4 || s[0] != '[')
        return 0;
    size_t d = 1;
    while (d < n && is_digit(s[d]) && d < 4)
        d++;
    if (d == 1 || d >= n || s[d] != ']')
        return 0;
    memcpy(num, s + 1, d - 1);
    num[d - 1] = '\0';
    size_t i = d + 1;
    if (i >= n || (s[i] != ' ' && s[i] != '\t'))
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
            while (b > 0 && is_digit(s[b - 1]))
                b--;
            if (b > 0 && b < e - 1 && s[b - 1] == '[') {
                e = b - 1;
                continue;
            }
        }
        size_t p = prev_start(s, 0, e);
        size_t q = p;
        uint32_t cp = bk_utf8_next(s, e, &q);
        if (!is_closer(cp))
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
    if (is_clause_end(last_significant(s, n)))
        return 0;
    uint32_t f = first_letter(s, n);
    return f && !is_lower(f);
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
    while (i < n && is_digit(s[i])) {
        while (i < n && is_digit(s[i]))
            i++;
        parts++;
        if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1]))
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

static bk_status split_lines(ingest *g)
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
                return oom(g);
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
            if (a < b && b - a >= 3 && starts_with(s + a, b - a, "\xe3\x80\x80"))
                a += 3;
            else if (a < b && starts_with(s + a, b - a, "\xc2\xa0"))
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
        L->width = text_width(s + a, b - a);
        if (!nl)
            break;
        i = e + 1;
    }
    return BK_OK;
}

/* Next non-blank line index after i, or nl. */
static size_t next_content(const ingest *g, size_t i)
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

static bk_status classify(ingest *g)
{
    /* Steps: declared marks first; then, on the remaining lines: citation
     * notes at the end (and their heading), list items, hatnotes, caption
     * labels, the title (first line, if title-like), captions right after
     * a hatnote, the wrapped-or-not decision, headings (short, no final
     * punctuation, followed by something that is not itself heading-like,
     * or with heading markup), and paragraphs for the rest. */
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
                !starts_with(s + L[i].cstart, L[i].cend - L[i].cstart,
                             r->starts))
                continue;
            L[i].role = role_of_mark(r);
            L[i].mark = r;
            if (L[i].role == R_HEADING)
                L[i].level = 1;
        }
    }

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

    /* list items: indented, or in a run of two or more */
    int *cand = calloc(nl ? nl : 1, sizeof(int));
    size_t *tstart = calloc(nl ? nl : 1, sizeof(size_t));
    if (!cand || !tstart) {
        free(cand);
        free(tstart);
        return oom(g);
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
        size_t p = i, q = next_content(g, i);
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

    /* hatnotes and labelled captions */
    for (size_t i = 0; i < nl; i++) {
        if (L[i].role != R_NONE)
            continue;
        const char *c = s + L[i].cstart;
        size_t cn = L[i].cend - L[i].cstart;
        if (hatnote_prefix(c, cn) && L[i].width <= 300)
            L[i].role = R_HATNOTE;
        else if (caption_prefix(c, cn))
            L[i].role = R_CAPTION;
    }

    /* the title: the first non-empty line, if it reads like one, or
     * carries title markup ("# Title") */
    size_t first = next_content(g, (size_t)-1);
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
        if (is_sentence_end(last_significant(s + L[i].cstart,
                                             L[i].cend - L[i].cstart)))
            sent++;
        else
            cont++;
    }
    g->wrapped = maxw <= WRAP_MAX_WIDTH && cont > 0 && cont >= sent;

    /* headings */
    int *hl = calloc(nl ? nl : 1, sizeof(int));
    if (!hl)
        return oom(g);
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
        size_t q = next_content(g, i);
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

/* ---- structure: building the text ------------------------------------------------------ */

/* Inserts child as the first child of parent. */
static void node_prepend(bk_node *parent, bk_node *child)
{
    child->parent = parent;
    child->prev = NULL;
    child->next = parent->first;
    if (parent->first)
        parent->first->prev = child;
    else
        parent->last = child;
    parent->first = child;
}

typedef struct builder {
    ingest *g;
    bk_status st;
} builder;

static bk_node *add_el(builder *b, bk_node *parent, const char *name,
                       const char *id)
{
    bk_node *e = bk_node_add_element(parent, name);
    if (!e || (id && bk_node_set_attr(e, "xml:id", id) < 0)) {
        b->st = oom(b->g);
        return NULL;
    }
    return e;
}

static int set_attr(builder *b, bk_node *n, const char *k, const char *v)
{
    if (bk_node_set_attr(n, k, v) < 0) {
        b->st = oom(b->g);
        return -1;
    }
    return 0;
}

static int add_text(builder *b, bk_node *n, const char *s, size_t len)
{
    if (bk_node_add_text(n, s, len) < 0) {
        b->st = oom(b->g);
        return -1;
    }
    return 0;
}

/* Quotation pairs; a same-character pair closes at the next occurrence. */
static const struct {
    const char *open, *close;
} quote_pairs[] = {
    {"\"", "\""},           {"\xe2\x80\x9c", "\xe2\x80\x9d"}, /* “ ” */
    {"\xe2\x80\x9e", "\xe2\x80\x9c"},                         /* „ “ */
    {"\xc2\xab", "\xc2\xbb"},                                 /* « » */
    {"\xe3\x80\x8c", "\xe3\x80\x8d"},                         /* 「 」 */
    {"\xe3\x80\x8e", "\xe3\x80\x8f"},                         /* 『 』 */
};

/* Length of a citation mark "[21]" at s, or 0. */
static size_t citation_at(const char *s, size_t n, char num[8])
{
    if (n < 3 || s[0] != '[')
        return 0;
    size_t d = 1;
    while (d < n && is_digit(s[d]) && d < 4)
        d++;
    if (d == 1 || d >= n || s[d] != ']')
        return 0;
    memcpy(num, s + 1, d - 1);
    num[d - 1] = '\0';
    return d + 1;
}

/* A quotation at s[i]: sets the inner span [*in_s, *in_e) (the closing
 * mark starts at *close_at). Returns 1 when it counts as a quote element (it
 * ends a sentence inside the marks, or a citation follows the closing
 * mark), 2 for quoted words or titles (left as text), 0 for no pair. */
static int quote_at(const char *s, size_t n, size_t i, size_t *in_s,
                    size_t *in_e, size_t *close_at)
{
    for (size_t k = 0; k < sizeof quote_pairs / sizeof quote_pairs[0]; k++) {
        const char *o = quote_pairs[k].open, *c = quote_pairs[k].close;
        size_t ol = strlen(o), cl = strlen(c);
        if (!starts_with(s + i, n - i, o))
            continue;
        const char *hit = NULL;
        for (size_t j = i + ol; j + cl <= n; j++) {
            if (memcmp(s + j, c, cl) == 0) {
                hit = s + j;
                break;
            }
        }
        if (!hit)
            return 0;
        size_t a = i + ol, e = (size_t)(hit - s);
        size_t close = e;
        char num[8];
        int cited = citation_at(s + e + cl, n - e - cl, num) > 0;
        /* French and other spacing inside the marks stays outside */
        for (;;) {
            if (a < e && s[a] == ' ')
                a++;
            else if (e - a >= 2 && starts_with(s + a, e - a, "\xc2\xa0"))
                a += 2;
            else if (e - a >= 3 && starts_with(s + a, e - a, "\xe2\x80\xaf"))
                a += 3;
            else
                break;
        }
        for (;;) {
            if (e > a && s[e - 1] == ' ')
                e--;
            else if (e - a >= 2 && memcmp(s + e - 2, "\xc2\xa0", 2) == 0)
                e -= 2;
            else if (e - a >= 3 && memcmp(s + e - 3, "\xe2\x80\xaf", 3) == 0)
                e -= 3;
            else
                break;
        }
        if (e <= a)
            return 0;
        uint32_t last = cp_before(s, a, e);
        *in_s = a;
        *in_e = e;
        *close_at = close;
        return is_sentence_end(last) || cited ? 1 : 2;
    }
    return 0;
}

/* The language of a run of East Asian characters inside other text. */
static const char *run_lang(const char *s, size_t n)
{
    int t = 0, sm = 0, kana = 0, hang = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = bk_utf8_next(s, n, &i);
        uint32_t sc = bk_unicode_script(cp);
        kana |= sc == SCRIPT_HIRA || sc == SCRIPT_KANA;
        hang |= sc == SCRIPT_HANG;
        t |= is_trad_only(cp);
        sm |= is_simp_only(cp);
    }
    if (kana)
        return "ja";
    if (hang)
        return "ko";
    if (t && !sm)
        return "zh-Hant";
    if (sm && !t)
        return "zh-Hans";
    return "zh";
}

/* End of an East Asian run starting at i: script characters, with CJK
 * punctuation kept only between them. */
static size_t east_asian_run(const char *s, size_t n, size_t i)
{
    size_t e = i, last = i;
    while (e < n) {
        size_t k = e;
        uint32_t cp = bk_utf8_next(s, n, &k);
        if (is_east_asian(cp))
            last = k;
        else if (!bk_unicode_is_cjk(cp))
            break;
        e = k;
    }
    return last;
}

typedef struct inline_ids {
    int q, r, fo;
} inline_ids;

/* Adds s[0..n) to parent with inline markup: citation marks become ref,
 * sentence quotations quote (the marks stay outside, as text), and, in a
 * language not written in Han, East Asian runs become foreign. */
static void add_inline(builder *b, bk_node *parent, const char *pid,
                       inline_ids *ids, const char *s, size_t n, int depth)
{
    ingest *g = b->g;
    int foreign = !lang_is_cjk(g->lang);
    size_t run = 0;
    /* the closing mark of the last pair seen: never an opening one */
    size_t closer = (size_t)-1;
    char id[96];
    for (size_t i = 0; i < n && b->st == BK_OK;) {
        char num[8];
        size_t cl = citation_at(s + i, n - i, num);
        size_t qs = 0, qe = 0, qc = 0;
        int q = depth == 0 && i != closer ? quote_at(s, n, i, &qs, &qe, &qc)
                                          : 0;
        if (cl) {
            if (add_text(b, parent, s + run, i - run) < 0)
                return;
            snprintf(id, sizeof id, "%s.r%d", pid, ++ids->r);
            bk_node *r = add_el(b, parent, "ref", id);
            if (!r || set_attr(b, r, "type", "citation") < 0 ||
                set_attr(b, r, "n", num) < 0)
                return;
            for (size_t k = 0; g->has_notes && k < g->nl; k++) {
                if (g->lines[k].role == R_NOTE &&
                    strcmp(g->lines[k].num, num) == 0) {
                    char t[64];
                    snprintf(t, sizeof t, "#%s.cit%s", g->idp, num);
                    if (set_attr(b, r, "target", t) < 0)
                        return;
                    break;
                }
            }
            if (add_text(b, r, s + i, cl) < 0)
                return;
            g->cnt.citations++;
            i += cl;
            run = i;
            continue;
        }
        if (q)
            closer = qc;
        if (q == 1) {
            /* the marks stay text, around the element */
            if (add_text(b, parent, s + run, qs - run) < 0)
                return;
            snprintf(id, sizeof id, "%s.q%d", pid, ++ids->q);
            bk_node *qn = add_el(b, parent, "quote", id);
            if (!qn)
                return;
            inline_ids sub = {0, 0, 0};
            add_inline(b, qn, id, &sub, s + qs, qe - qs, depth + 1);
            g->cnt.quotes++;
            i = qe;
            run = qe;
            continue;
        }
        size_t j = i;
        uint32_t cp = bk_utf8_next(s, n, &j);
        if (foreign && is_east_asian(cp)) {
            size_t e = east_asian_run(s, n, i);
            if (add_text(b, parent, s + run, i - run) < 0)
                return;
            snprintf(id, sizeof id, "%s.fo%d", pid, ++ids->fo);
            bk_node *f = add_el(b, parent, "foreign", id);
            if (!f || set_attr(b, f, "xml:lang", run_lang(s + i, e - i)) < 0 ||
                add_text(b, f, s + i, e - i) < 0)
                return;
            g->cnt.foreign++;
            i = e;
            run = e;
            continue;
        }
        i = j;
    }
    if (b->st == BK_OK)
        add_text(b, parent, s + run, n - run);
}

/* An element with an id and inline content. */
static bk_node *add_block(builder *b, bk_node *parent, const char *name,
                          const char *id, const char *s, size_t n)
{
    bk_node *e = add_el(b, parent, name, id);
    if (!e)
        return NULL;
    inline_ids ids = {0, 0, 0};
    add_inline(b, e, id, &ids, s, n, 0);
    return e;
}

/* Joins the content of lines [i, j) with a space, or nothing between two
 * CJK characters. */
static char *join_lines(ingest *g, size_t i, size_t j, size_t *len)
{
    bk_buf out = {0};
    const char *s = g->text.s;
    if (bk_buf_append(&out, "", 0) < 0)
        return NULL;
    for (size_t k = i; k < j; k++) {
        text_line *L = &g->lines[k];
        if (k > i && out.len > 0) {
            uint32_t a = cp_before(out.data, 0, out.len);
            uint32_t c = cp_at(s, L->cend, L->cstart);
            if (!(bk_unicode_is_cjk(a) && bk_unicode_is_cjk(c)) &&
                bk_buf_puts(&out, " ") < 0)
                goto fail;
        }
        if (bk_buf_append(&out, s + L->cstart, L->cend - L->cstart) < 0)
            goto fail;
    }
    *len = out.len;
    return out.data;
fail:
    bk_buf_release(&out);
    return NULL;
}

/* Refuses a block made of lines [i, j) (joined with one byte between
 * lines at most) whose text passes BK_MAX_PARAGRAPH_BYTES, at the source
 * position of the first character beyond the limit. */
static bk_status check_block_len(ingest *g, size_t i, size_t j)
{
    size_t total = 0;
    for (size_t k = i; k < j; k++) {
        const text_line *L = &g->lines[k];
        size_t n = L->cend - L->cstart;
        if (k > i)
            total++;
        size_t room = total < BK_MAX_PARAGRAPH_BYTES
                          ? BK_MAX_PARAGRAPH_BYTES - total
                          : 0;
        if (n > room) {
            size_t off = L->cstart + room;
            while (off > L->cstart &&
                   ((unsigned char)g->text.s[off] & 0xc0) == 0x80)
                off--;
            long line, col;
            text_position(g, off, &line, &col);
            return bk_diag_error(
                g->ctx->diag, BK_EINPUT, g->src, line, col,
                "paragraph is longer than the limit of %u bytes (%u MiB); "
                "split it with a blank line",
                BK_MAX_PARAGRAPH_BYTES, BK_MAX_PARAGRAPH_BYTES >> 20);
        }
        total += n;
    }
    return BK_OK;
}

/* A hatnote: its prefix as text, each target as a ref. */
static void add_hatnote(builder *b, bk_node *parent, const char *s, size_t n)
{
    ingest *g = b->g;
    char id[64], rid[96];
    snprintf(id, sizeof id, "%s.n%d", g->idp, ++g->nn);
    bk_node *note = add_el(b, parent, "note", id);
    if (!note || set_attr(b, note, "type", "hatnote") < 0)
        return;
    size_t pl = hatnote_prefix(s, n);
    while (pl < n && s[pl] == ' ')
        pl++;
    if (add_text(b, note, s, pl) < 0)
        return;
    static const char *const seps[] = {", ", "; ", " and ", " và ", "、",
                                       "，", "；", NULL};
    int r = 0;
    for (size_t i = pl; i < n && b->st == BK_OK;) {
        size_t e = n, sl = 0;
        for (const char *const *sp = seps; *sp; sp++) {
            const char *f = NULL;
            size_t k = strlen(*sp);
            for (size_t j = i; j + k <= n; j++)
                if (memcmp(s + j, *sp, k) == 0) {
                    f = s + j;
                    break;
                }
            if (f && (size_t)(f - s) < e) {
                e = (size_t)(f - s);
                sl = k;
            }
        }
        snprintf(rid, sizeof rid, "%s.r%d", id, ++r);
        bk_node *ref = add_el(b, note, "ref", rid);
        if (!ref || add_text(b, ref, s + i, e - i) < 0)
            return;
        if (sl && add_text(b, note, s + e, sl) < 0)
            return;
        i = e + sl;
    }
    g->cnt.hatnotes++;
}

static bk_status build_text(ingest *g, bk_node *tei)
{
    /* Steps: text/body/div[@type=article] (the title line is its head);
     * walk the lines: headings open nested section divs, runs of items
     * make a list, hatnotes notes, captions figures, paragraph lines
     * paragraphs (joined per block in wrapped text); citation notes go
     * to back/div[@type=notes]. Every element gets an xml:id. */
    builder bb = {g, BK_OK}, *b = &bb;
    const char *s = g->text.s;
    text_line *L = g->lines;
    char id[64], iid[96];
    bk_node *stack[16];
    int levels[16];
    int depth = 0;

    snprintf(id, sizeof id, "%s.text", g->idp);
    bk_node *text = add_el(b, tei, "text", id);
    if (!text || set_attr(b, text, "xml:lang", g->lang) < 0)
        return b->st;
    snprintf(id, sizeof id, "%s.body", g->idp);
    bk_node *body = add_el(b, text, "body", id);
    snprintf(id, sizeof id, "%s.d%d", g->idp, ++g->nd);
    bk_node *article = body ? add_el(b, body, "div", id) : NULL;
    if (!article || set_attr(b, article, "type", "article") < 0)
        return b->st;
    stack[0] = article;
    levels[0] = 0;

    for (size_t i = 0; i < g->nl && b->st == BK_OK; i++) {
        text_line *l = &L[i];
        bk_node *cur = stack[depth];
        const char *c = s + l->cstart;
        size_t cn = l->cend - l->cstart;
        if ((b->st = check_block_len(g, i, i + 1)) != BK_OK)
            break;
        switch (l->role) {
        case R_BLANK:
        case R_NONE:
        case R_NOTE:
        case R_NOTES_HEAD:
            break;
        case R_TITLE: {
            /* a title declared on a later line still heads the article */
            snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
            bk_node *head = bk_node_new_element("head");
            if (!head || bk_node_set_attr(head, "xml:id", id) < 0) {
                bk_node_free(head);
                return oom(g);
            }
            node_prepend(article, head);
            inline_ids ids = {0, 0, 0};
            add_inline(b, head, id, &ids, c, cn, 0);
            free(g->title);
            g->title = bk_strndup(c, cn);
            if (!g->title)
                return oom(g);
            break;
        }
        case R_HEADING: {
            int lv = l->level < 1 ? 1 : l->level > 15 ? 15 : l->level;
            while (depth > 0 && levels[depth] >= lv)
                depth--;
            snprintf(id, sizeof id, "%s.d%d", g->idp, ++g->nd);
            bk_node *div = add_el(b, stack[depth], "div", id);
            if (!div || set_attr(b, div, "type", "section") < 0)
                break;
            stack[++depth] = div;
            levels[depth] = lv;
            snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
            add_block(b, div, "head", id, c, cn);
            g->cnt.sections++;
            g->cnt.headings++;
            break;
        }
        case R_HATNOTE:
            add_hatnote(b, cur, c, cn);
            break;
        case R_CAPTION: {
            snprintf(id, sizeof id, "%s.f%d", g->idp, ++g->nf);
            bk_node *fig = add_el(b, cur, "figure", id);
            snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
            if (fig)
                add_block(b, fig, "head", id, c, cn);
            g->cnt.captions++;
            break;
        }
        case R_ITEM: {
            snprintf(id, sizeof id, "%s.l%d", g->idp, ++g->nlist);
            bk_node *list = add_el(b, cur, "list", id);
            if (!list || set_attr(b, list, "type", l->bullet ? "bulleted"
                                                               : "ordered") < 0)
                break;
            g->cnt.lists++;
            int item = 0;
            size_t k = i;
            for (;;) {
                /* the item, plus indented continuation lines in wrapped
                 * text */
                size_t e = k + 1;
                while (g->wrapped && e < g->nl && L[e].role == R_PARA &&
                       L[e].indent > 0)
                    e++;
                if ((b->st = check_block_len(g, k, e)) != BK_OK)
                    return b->st;
                size_t jl = 0;
                char *joined = join_lines(g, k, e, &jl);
                if (!joined)
                    return oom(g);
                snprintf(iid, sizeof iid, "%s.i%d", id, ++item);
                bk_node *it = add_block(b, list, "item", iid, joined, jl);
                free(joined);
                if (!it || (!L[k].bullet && set_attr(b, it, "n", L[k].num) < 0))
                    break;
                g->cnt.items++;
                size_t q = next_content(g, e - 1);
                if (q >= g->nl || L[q].role != R_ITEM ||
                    L[q].bullet != L[k].bullet)
                    break;
                k = q;
            }
            i = k;
            /* skip continuation lines consumed above */
            while (g->wrapped && i + 1 < g->nl && L[i + 1].role == R_PARA &&
                   L[i + 1].indent > 0)
                i++;
            break;
        }
        case R_PARA: {
            size_t e = i + 1;
            while (g->wrapped && e < g->nl && L[e].role == R_PARA)
                e++;
            if ((b->st = check_block_len(g, i, e)) != BK_OK)
                return b->st;
            size_t jl = 0;
            char *joined = join_lines(g, i, e, &jl);
            if (!joined)
                return oom(g);
            snprintf(id, sizeof id, "%s.p%d", g->idp, ++g->np);
            add_block(b, cur, "p", id, joined, jl);
            free(joined);
            g->cnt.paragraphs++;
            i = e - 1;
            break;
        }
        }
    }
    if (b->st != BK_OK)
        return b->st;

    /* citation notes */
    int have_notes = 0;
    for (size_t i = 0; i < g->nl; i++)
        have_notes |= L[i].role == R_NOTE;
    if (have_notes) {
        snprintf(id, sizeof id, "%s.back", g->idp);
        bk_node *back = add_el(b, text, "back", id);
        snprintf(id, sizeof id, "%s.d%d", g->idp, ++g->nd);
        bk_node *div = back ? add_el(b, back, "div", id) : NULL;
        if (!div || set_attr(b, div, "type", "notes") < 0)
            return b->st;
        for (size_t i = 0; i < g->nl && b->st == BK_OK; i++) {
            if (L[i].role == R_NOTES_HEAD) {
                snprintf(id, sizeof id, "%s.h%d", g->idp, ++g->nh);
                add_block(b, div, "head", id, s + L[i].cstart,
                          L[i].cend - L[i].cstart);
            } else if (L[i].role == R_NOTE) {
                /* a repeated number keeps its first id */
                int dup = 0;
                for (size_t k = 0; k < i; k++)
                    dup |= L[k].role == R_NOTE &&
                           strcmp(L[k].num, L[i].num) == 0;
                if (dup)
                    snprintf(id, sizeof id, "%s.cit%s.l%ld", g->idp,
                             L[i].num, L[i].no);
                else
                    snprintf(id, sizeof id, "%s.cit%s", g->idp, L[i].num);
                bk_node *note = add_block(b, div, "note", id,
                                          s + L[i].cstart,
                                          L[i].cend - L[i].cstart);
                if (note && (set_attr(b, note, "type", "citation") < 0 ||
                             set_attr(b, note, "n", L[i].num) < 0))
                    break;
                g->cnt.notes++;
            }
        }
    }
    return b->st;
}

static bk_status stage_structure(ingest *g, bk_node *tei)
{
    /* Steps: split the final text into lines, give each a role, build
     * the TEI text from the roles; the title falls back to the catalog. */
    bk_status st = split_lines(g);
    if (st != BK_OK)
        return st;
    int any = 0;
    for (size_t i = 0; i < g->nl; i++)
        any |= g->lines[i].role != R_BLANK;
    if (!any)
        return bk_diag_error(g->ctx->diag, BK_EINPUT, g->src, 0, 0,
                             "the file contains no text");
    st = classify(g);
    return st == BK_OK ? build_text(g, tei) : st;
}

/* ---- header ------------------------------------------------------------------------- */

static bk_node *el_text(builder *b, bk_node *parent, const char *name,
                        const char *text)
{
    bk_node *e = add_el(b, parent, name, NULL);
    if (e && text && add_text(b, e, text, strlen(text)) < 0)
        return NULL;
    return e;
}

static bk_status build_header(ingest *g, bk_node *tei)
{
    /* Steps: fileDesc (title from the text or the catalog; the source file
     * name, SHA-256 and origin), encodingDesc (the generic normalisations
     * and each declared rule, with an id), profileDesc (languages), and
     * revisionDesc listing every change made (normalisations, rule
     * matches, marks) with its line:column in the source. */
    builder bb = {g, BK_OK}, *b = &bb;
    char id[160], pos[48];
    bk_buf d = {0};
    bk_node *hdr = bk_node_new_element("teiHeader");
    if (!hdr)
        return oom(g);
    node_prepend(tei, hdr); /* the header goes before the text */
    set_attr(b, hdr, "xml:lang", "en");

    bk_node *fd = add_el(b, hdr, "fileDesc", NULL);
    bk_node *ts = fd ? add_el(b, fd, "titleStmt", NULL) : NULL;
    const char *title = g->title ? g->title : g->cat_title;
    bk_node *t = ts ? el_text(b, ts, "title", title ? title : base_name(g->src))
                    : NULL;
    if (t && title)
        set_attr(b, t, "xml:lang", g->lang);
    bk_node *ps = fd ? add_el(b, fd, "publicationStmt", NULL) : NULL;
    if (ps)
        el_text(b, ps, "p",
                "Made by booklet ingest from a plain-text source, for "
                "printing booklets; not separately published.");
    bk_node *sd = fd ? add_el(b, fd, "sourceDesc", NULL) : NULL;
    bk_node *bibl = sd ? add_el(b, sd, "bibl", NULL) : NULL;
    if (bibl) {
        if (g->cat_title) {
            bk_node *bt = el_text(b, bibl, "title", g->cat_title);
            if (bt)
                set_attr(b, bt, "xml:lang", g->lang);
        }
        bk_node *idf = el_text(b, bibl, "idno", base_name(g->src));
        if (idf)
            set_attr(b, idf, "type", "file");
        bk_node *ids = el_text(b, bibl, "idno", g->sha);
        if (ids)
            set_attr(b, ids, "type", "sha256");
        if (g->cat_origin)
            el_text(b, bibl, "note", g->cat_origin);
    }

    bk_node *ed = add_el(b, hdr, "encodingDesc", NULL);
    bk_node *decl = ed ? add_el(b, ed, "editorialDecl", NULL) : NULL;
    snprintf(id, sizeof id, "%s.norm", g->idp);
    bk_node *nz = decl ? add_el(b, decl, "normalization", id) : NULL;
    if (nz)
        el_text(b, nz, "p",
                "Generic normalisations of booklet ingest: the source is "
                "checked to be UTF-8; a byte order mark is removed; CRLF "
                "and CR line ends become LF; the text is put in Unicode "
                "Normalization Form C. Structure (title, headings, "
                "paragraphs, lists, hatnotes, captions, quotations, "
                "citation marks, foreign-script spans) is marked up "
                "without changing the text; only the markers it replaces "
                "(blank lines, indentation, list numbers, kept in @n) are "
                "dropped. Each change made is listed in revisionDesc.");
    snprintf(id, sizeof id, "%s.rules", g->idp);
    bk_node *corr = decl ? add_el(b, decl, "correction", id) : NULL;
    if (corr) {
        bk_buf_release(&d);
        if (g->rules && g->rules->n) {
            size_t nr = g->rules->n;
            bk_buf_printf(&d, "Declared rules: %s (SHA-256 %s), %zu rule%s, "
                              "applied in this order.",
                          base_name(g->rules->path), g->rules->sha256, nr,
                          nr == 1 ? "" : "s");
        } else if (g->rules) {
            bk_buf_printf(&d, "Rules file %s (SHA-256 %s) declares no "
                              "rules: no declared edits.",
                          base_name(g->rules->path), g->rules->sha256);
        } else {
            bk_buf_puts(&d, "No rules file: no declared edits.");
        }
        el_text(b, corr, "p", d.data);
        for (size_t k = 0; g->rules && k < g->rules->n; k++) {
            const bk_rule *r = &g->rules->v[k];
            snprintf(id, sizeof id, "%s.rule.%s", g->idp, r->id);
            bk_node *p = add_el(b, corr, "p", id);
            if (!p || add_text(b, p, r->source, strlen(r->source)) < 0)
                break;
        }
    }

    bk_node *pd = add_el(b, hdr, "profileDesc", NULL);
    bk_node *lu = pd ? add_el(b, pd, "langUsage", NULL) : NULL;
    bk_node *lang = lu ? el_text(b, lu, "language", lang_name(g->lang)) : NULL;
    if (lang)
        set_attr(b, lang, "ident", g->lang);
    /* the languages of foreign spans, once each */
    if (lu) {
        for (bk_node *f = bk_node_find(tei, "foreign"); f;) {
            const char *fl = bk_node_get_attr(f, "xml:lang");
            int seen = 0;
            for (bk_node *x = bk_node_child(lu, "language"); x;
                 x = bk_node_next_element(x, "language"))
                seen |= strcmp(bk_node_get_attr(x, "ident"), fl) == 0;
            if (!seen) {
                bk_node *x = el_text(b, lu, "language", lang_name(fl));
                if (x)
                    set_attr(b, x, "ident", fl);
            }
            /* next foreign in document order */
            bk_node *nx = NULL;
            for (bk_node *c = f; c && !nx; c = c->parent) {
                for (bk_node *sib = c->next; sib && !nx; sib = sib->next)
                    nx = bk_node_find(sib, "foreign");
            }
            f = nx;
        }
    }

    size_t nchanges = g->nnchanges + g->changes.n;
    for (size_t i = 0; i < g->nl; i++)
        nchanges += g->lines[i].mark != NULL;
    if (nchanges && b->st == BK_OK) {
        bk_node *rd = add_el(b, hdr, "revisionDesc", NULL);
        bk_node *lc = rd ? add_el(b, rd, "listChange", NULL) : NULL;
        for (size_t i = 0; lc && i < g->nnchanges && b->st == BK_OK; i++) {
            norm_change *c = &g->nchanges[i];
            bk_node *ch = add_el(b, lc, "change", NULL);
            if (!ch)
                break;
            set_attr(b, ch, "type", "normalization");
            set_attr(b, ch, "subtype", c->kind);
            snprintf(id, sizeof id, "#%s.norm", g->idp);
            set_attr(b, ch, "corresp", id);
            if (c->line) {
                snprintf(pos, sizeof pos, "%ld:%ld", c->line, c->col);
                set_attr(b, ch, "n", pos);
            }
            if (c->text) {
                add_text(b, ch, c->text, strlen(c->text));
            } else {
                bk_node *o = el_text(b, ch, "orig", c->before);
                add_text(b, ch, " → ", strlen(" → "));
                bk_node *r = el_text(b, ch, "reg", c->after);
                if (o && r) {
                    set_attr(b, o, "xml:lang", g->lang);
                    set_attr(b, r, "xml:lang", g->lang);
                }
            }
        }
        for (size_t i = 0; lc && i < g->changes.n && b->st == BK_OK; i++) {
            bk_change *c = &g->changes.v[i];
            long l, col;
            norm_position(g, c->origin, &l, &col);
            bk_node *ch = add_el(b, lc, "change", NULL);
            if (!ch)
                break;
            set_attr(b, ch, "type", "rule");
            snprintf(id, sizeof id, "#%s.rule.%s", g->idp, c->rule->id);
            set_attr(b, ch, "corresp", id);
            snprintf(pos, sizeof pos, "%ld:%ld", l, col);
            set_attr(b, ch, "n", pos);
            bk_node *o = el_text(b, ch, "orig", c->before);
            add_text(b, ch, " → ", strlen(" → "));
            bk_node *r = el_text(b, ch, "reg", c->after);
            if (o && r) {
                set_attr(b, o, "xml:lang", g->lang);
                set_attr(b, r, "xml:lang", g->lang);
            }
        }
        for (size_t i = 0; lc && i < g->nl && b->st == BK_OK; i++) {
            text_line *L = &g->lines[i];
            if (!L->mark)
                continue;
            bk_node *ch = add_el(b, lc, "change", NULL);
            if (!ch)
                break;
            set_attr(b, ch, "type", "mark");
            snprintf(id, sizeof id, "#%s.rule.%s", g->idp, L->mark->id);
            set_attr(b, ch, "corresp", id);
            snprintf(pos, sizeof pos, "%ld:1", L->no);
            set_attr(b, ch, "n", pos);
            bk_buf_release(&d);
            bk_buf_printf(&d, "line %ld marked as %s", L->no,
                          role_names[L->role]);
            add_text(b, ch, d.data, d.len);
        }
    }
    bk_buf_release(&d);
    return b->st;
}

/* ---- report -------------------------------------------------------------------------- */

/* The --report text: where things came from, the normalisations, every
 * change with its position (and rules that matched nothing), the lines
 * given a role, and the lint findings. */
static void write_report(ingest *g, bk_buf *r)
{
    long l, col;
    bk_buf_printf(r, "booklet ingest: %s\n", g->src);
    bk_buf_printf(r, "  sha256    %s\n", g->sha);
    bk_buf_printf(r, "  language  %s (%s)\n", g->lang,
                  strcmp(g->lang_from, "option") == 0 ? "from --lang"
                                                      : g->catalog_path);
    if (g->rules)
        bk_buf_printf(r, "  rules     %s (%zu rule%s, %s)\n", g->rules->path,
                      g->rules->n, g->rules->n == 1 ? "" : "s",
                      strcmp(g->rules_from, "option") == 0 ? "from --rules"
                      : strcmp(g->rules_from, "catalog") == 0
                          ? "from the catalog"
                          : g->rules_from);
    else
        bk_buf_puts(r, "  rules     none\n");
    if (g->title_line)
        bk_buf_printf(r, "  title     %s (line %ld)\n", g->title ? g->title : "",
                      g->title_line);
    else
        bk_buf_printf(r, "  title     %s (%s)\n",
                      g->cat_title ? g->cat_title : base_name(g->src),
                      g->cat_title ? "from the catalog: the text has no "
                                     "title line"
                                   : "the file name: no title line and no "
                                     "catalog title");

    bk_buf_puts(r, "\ngeneric normalisations:\n");
    bk_buf_printf(r, "  byte order mark  %s\n",
                  g->had_bom ? "removed" : "none");
    if (g->crlf || g->cr)
        bk_buf_printf(r, "  line ends        %zu CRLF, %zu CR -> LF\n", g->crlf,
                      g->cr);
    else
        bk_buf_puts(r, "  line ends        LF (no change)\n");
    size_t nfc = 0;
    for (size_t i = 0; i < g->nnchanges; i++)
        nfc += strcmp(g->nchanges[i].kind, "nfc") == 0;
    bk_buf_printf(r, "  NFC              %s\n",
                  nfc ? "changed the lines below" : "no change");
    for (size_t i = 0; i < g->nnchanges; i++) {
        norm_change *c = &g->nchanges[i];
        if (strcmp(c->kind, "nfc") == 0)
            bk_buf_printf(r, "    %ld:%ld  \"%s\" -> \"%s\"\n", c->line,
                          c->col, c->before, c->after);
    }


    size_t marks = 0;
    for (size_t i = 0; i < g->nl; i++)
        marks += g->lines[i].mark != NULL;
    bk_buf_printf(r, "\nrule changes (%zu):\n", g->changes.n + marks);
    if (g->changes.n + marks == 0)
        bk_buf_puts(r, "  none\n");
    for (size_t i = 0; i < g->changes.n; i++) {
        bk_change *c = &g->changes.v[i];
        norm_position(g, c->origin, &l, &col);
        bk_buf_printf(r, "  %ld:%ld  %s  \"%s\" -> \"%s\"\n", l, col,
                      c->rule->id, c->before, c->after);
    }
    for (size_t i = 0; i < g->nl; i++)
        if (g->lines[i].mark)
            bk_buf_printf(r, "  %ld:1  %s  line marked as %s\n",
                          g->lines[i].no, g->lines[i].mark->id,
                          role_names[g->lines[i].role]);
    /* rules that never applied deserve a look: stale or mistyped */
    for (size_t k = 0; g->rules && k < g->rules->n; k++) {
        const bk_rule *rule = &g->rules->v[k];
        int used = 0;
        for (size_t i = 0; i < g->changes.n && !used; i++)
            used = g->changes.v[i].rule == rule;
        for (size_t i = 0; i < g->nl && !used; i++)
            used = g->lines[i].mark == rule;
        if (!used)
            bk_buf_printf(r, "  (rule %s on line %ld of the rules file "
                             "matched nothing)\n",
                          rule->id, rule->src_line);
    }

    counts *n = &g->cnt;
    bk_buf_printf(r,
                  "\nstructure (%s):\n"
                  "  %d section%s, %d paragraph%s, %d list%s (%d item%s), "
                  "%d hatnote%s, %d caption%s,\n"
                  "  %d quotation%s, %d citation mark%s, %d citation "
                  "note%s, %d foreign-script span%s\n",
                  g->wrapped ? "wrapped lines joined into paragraphs"
                             : "one paragraph per line",
                  n->sections, n->sections == 1 ? "" : "s", n->paragraphs,
                  n->paragraphs == 1 ? "" : "s", n->lists,
                  n->lists == 1 ? "" : "s", n->items, n->items == 1 ? "" : "s",
                  n->hatnotes, n->hatnotes == 1 ? "" : "s", n->captions,
                  n->captions == 1 ? "" : "s", n->quotes,
                  n->quotes == 1 ? "" : "s", n->citations,
                  n->citations == 1 ? "" : "s", n->notes,
                  n->notes == 1 ? "" : "s", n->foreign,
                  n->foreign == 1 ? "" : "s");
    for (size_t i = 0; i < g->nl; i++) {
        text_line *L = &g->lines[i];
        if (L->role == R_BLANK || L->role == R_PARA || L->role == R_ITEM ||
            L->role == R_NOTE)
            continue;
        bk_buf_printf(r, "  line %ld: %s", L->no, role_names[L->role]);
        if (L->role == R_HEADING)
            bk_buf_printf(r, " (level %d)", L->level);
        bk_buf_printf(r, ": %.*s%s\n",
                      (int)(L->cend - L->cstart > 60 ? 60 : L->cend - L->cstart),
                      g->text.s + L->cstart,
                      L->cend - L->cstart > 60 ? "..." : "");
    }

    bk_buf_printf(r, "\nlint (%zu finding%s):\n", g->nlint,
                  g->nlint == 1 ? "" : "s");
    if (g->lint_report.len)
        bk_buf_append(r, g->lint_report.data, g->lint_report.len);
    else
        bk_buf_puts(r, "  nothing to report\n");
}

/* ---- the stage driver ------------------------------------------------------------------ */

static void ingest_release(ingest *g)
{
    free(g->raw);
    free(g->catalog_path);
    free(g->lang);
    free(g->cat_title);
    free(g->cat_origin);
    free(g->rules_path);
    bk_rules_free(g->rules);
    free(g->norm);
    free(g->line_starts);
    for (size_t i = 0; i < g->nnchanges; i++) {
        free(g->nchanges[i].before);
        free(g->nchanges[i].after);
        free(g->nchanges[i].text);
    }
    free(g->nchanges);
    bk_otext_release(&g->text);
    bk_changes_release(&g->changes);
    free(g->lines);
    free(g->title);
    bk_buf_release(&g->lint_report);
}

bk_status bk_ingest(bk_ctx *ctx, const bk_ingest_options *opts, bk_node **out,
                    bk_buf *report)
{
    /* Steps: resolve -> load -> normalise -> rules -> lint -> structure
     * -> header -> report. The tree is returned only when every stage
     * succeeded (lint findings are warnings unless ctx->strict). */
    ingest g;
    bk_node *tei = NULL;
    bk_status st = BK_OK;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    g.opts = opts;
    g.pos_col = 1; /* offset 0 is line 1, column 1 */
    g.src = opts ? opts->source : NULL;
    *out = NULL;
    if (!g.src || !*g.src) {
        st = bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                           "no source file given");
        goto done;
    }
    if ((st = stage_resolve(&g)) != BK_OK || (st = stage_load(&g)) != BK_OK ||
        (st = stage_normalise(&g)) != BK_OK || (st = stage_rules(&g)) != BK_OK)
        goto done;
    bk_status lint = stage_lint(&g);
    tei = bk_node_new_element("TEI");
    if (!tei) {
        st = oom(&g);
        goto done;
    }
    if ((st = stage_structure(&g, tei)) != BK_OK ||
        (st = build_header(&g, tei)) != BK_OK)
        goto done;
    if (report)
        write_report(&g, report);
    if (lint != BK_OK) {
        st = lint;
        goto done;
    }
    *out = tei;
    tei = NULL;
done:
    bk_node_free(tei);
    ingest_release(&g);
    return st;
}
