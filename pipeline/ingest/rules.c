/* rules.c — rules files: parsing and applying declared edits (see rules.h
 * and docs/TEI.md, "Rules files"). */
#define _GNU_SOURCE /* memmem, memrchr */
#include "rules.h"
#include "suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "unicode.h"

/* A side of a match at the start or end of a line. */
#define EDGE_CP 0x110000u

/* ---- character classes ------------------------------------------------- */

static int is_punct(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 0x21 && cp <= 0x2f) || (cp >= 0x3a && cp <= 0x40) ||
               (cp >= 0x5b && cp <= 0x60) || (cp >= 0x7b && cp <= 0x7e);
    return (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x3001 && cp <= 0x3003) ||
           (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301f) ||
           (cp >= 0xff01 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
           (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65) ||
           cp == 0x00b7 || cp == 0x00ab || cp == 0x00bb || cp == 0x00a1 ||
           cp == 0x00bf;
}

int bk_char_in_class(uint32_t cp, bk_char_class cls)
{
    if (cls == BK_CLASS_ANY)
        return 1;
    if (cp == EDGE_CP)
        return cls == BK_CLASS_EDGE;
    switch (cls) {
    case BK_CLASS_HAN:
        return bk_unicode_script(cp) == BK_SCRIPT_HAN;
    case BK_CLASS_CJK:
        return bk_unicode_is_cjk(cp);
    case BK_CLASS_DIGIT:
        return (cp >= '0' && cp <= '9') || (cp >= 0xff10 && cp <= 0xff19);
    case BK_CLASS_LATIN:
        return bk_unicode_script(cp) == BK_SCRIPT_LATIN;
    case BK_CLASS_LETTER: {
        uint32_t sc = bk_unicode_script(cp);
        return sc != BK_SCRIPT_COMMON && sc != BK_SCRIPT_INHERITED;
    }
    case BK_CLASS_SPACE:
        return bk_unicode_is_space(cp);
    case BK_CLASS_PUNCT:
        return is_punct(cp);
    default:
        return 0;
    }
}

static const struct {
    const char *name;
    bk_char_class cls;
} class_names[] = {
    {"han", BK_CLASS_HAN},     {"cjk", BK_CLASS_CJK},
    {"digit", BK_CLASS_DIGIT}, {"latin", BK_CLASS_LATIN},
    {"letter", BK_CLASS_LETTER}, {"space", BK_CLASS_SPACE},
    {"punct", BK_CLASS_PUNCT}, {"edge", BK_CLASS_EDGE},
    {"any", BK_CLASS_ANY},
};

static int class_parse(const char *s, size_t n, bk_char_class *cls, int *neg)
{
    *neg = 0;
    if (n > 0 && s[0] == '!') {
        *neg = 1;
        s++, n--;
    }
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++) {
        if (strlen(class_names[i].name) == n &&
            memcmp(class_names[i].name, s, n) == 0) {
            *cls = class_names[i].cls;
            return 0;
        }
    }
    return -1;
}

/* ---- tokens ------------------------------------------------------------ */

typedef struct token {
    char *key;   /* "key" of key=value, or NULL */
    char *value; /* the word, the string, or the value */
    int quoted;  /* value came from a "string" */
    long col;    /* 1-based column (code points) in the rules file */
} token;

#define MAX_TOKENS 24

typedef struct lexer {
    bk_ctx *ctx;
    const char *path;
    long line;
    const char *line_start;
} lexer;

static long col_of(const lexer *lx, const char *p)
{
    long col = 1;
    for (const char *q = lx->line_start; q < p; q++)
        if (((unsigned char)*q & 0xc0) != 0x80)
            col++;
    return col;
}

static bk_status lex_error(lexer *lx, const char *p, const char *msg,
                           const char *what)
{
    return bk_diag_error(lx->ctx->diag, BK_EINPUT, lx->path, lx->line,
                         col_of(lx, p), "%s%s%s%s", msg, what ? " '" : "",
                         what ? what : "", what ? "'" : "");
}

/* Reads a "string" starting at *pp (on the opening quote). */
static bk_status lex_string(lexer *lx, const char **pp, const char *end,
                            char **out)
{
    const char *p = *pp + 1;
    bk_buf b = {0};
    bk_status st = BK_OK;
    if (bk_buf_append(&b, "", 0) < 0)
        goto oom;
    while (p < end && *p != '"') {
        if (*p != '\\') {
            if (bk_buf_append(&b, p, 1) < 0)
                goto oom;
            p++;
            continue;
        }
        const char *esc = p;
        p++;
        if (p >= end) {
            st = lex_error(lx, esc, "unfinished escape", NULL);
            goto done;
        }
        char c = *p++;
        if (c == '"' || c == '\\') {
            if (bk_buf_append(&b, &c, 1) < 0)
                goto oom;
        } else if (c == 't') {
            if (bk_buf_append(&b, "\t", 1) < 0)
                goto oom;
        } else if (c == 'u' && p < end && *p == '{') {
            uint32_t cp = 0;
            int digits = 0;
            for (p++; p < end && *p != '}'; p++, digits++) {
                char h = *p;
                int v = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
                if (v < 0 || digits >= 6) {
                    st = lex_error(lx, esc, "bad \\u{...} escape", NULL);
                    goto done;
                }
                cp = cp * 16 + (uint32_t)v;
            }
            /* Not a character, or one the text may not hold (controls
             * other than tab, line ends, non-characters XML refuses). */
            if (p >= end || digits == 0 || cp > 0x10ffff ||
                (cp >= 0xd800 && cp <= 0xdfff) || (cp < 0x20 && cp != '\t') ||
                cp == 0xfffe || cp == 0xffff) {
                st = lex_error(lx, esc, "bad \\u{...} escape", NULL);
                goto done;
            }
            p++;
            char u[4];
            if (bk_buf_append(&b, u, (size_t)bk_utf8_encode(cp, u)) < 0)
                goto oom;
        } else {
            st = lex_error(lx, esc, "unknown escape (use \\\" \\\\ \\t or "
                                    "\\u{HEX})",
                           NULL);
            goto done;
        }
    }
    if (p >= end) {
        st = lex_error(lx, *pp, "string is not closed", NULL);
        goto done;
    }
    *pp = p + 1;
    *out = b.data;
    b.data = NULL;
    goto done;
oom:
    st = bk_diag_error(lx->ctx->diag, BK_EINTERNAL, lx->path, lx->line, 0,
                       "out of memory");
done:
    bk_buf_release(&b);
    return st;
}

static void tokens_free(token *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(t[i].key);
        free(t[i].value);
    }
}

/* Splits one line into tokens; a # outside strings starts a comment.
 * *code_end receives the end of the rule text (before the comment). */
static bk_status lex_line(lexer *lx, const char *p, const char *end,
                          token *t, size_t *nt, const char **code_end)
{
    bk_status st = BK_OK;
    *nt = 0;
    *code_end = p;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p >= end || *p == '#')
            break;
        if (*nt == MAX_TOKENS)
            return lex_error(lx, p, "too many words on one line", NULL);
        token *tk = &t[*nt];
        memset(tk, 0, sizeof(*tk));
        tk->col = col_of(lx, p);
        if (*p == '"') {
            st = lex_string(lx, &p, end, &tk->value);
            if (st != BK_OK)
                return st;
            tk->quoted = 1;
        } else {
            const char *w = p;
            while (p < end && *p != ' ' && *p != '\t' && *p != '\r' &&
                   *p != '"' && *p != '#')
                p++;
            const char *eq = memchr(w, '=', (size_t)(p - w));
            if (p < end && *p == '"') {
                if (!eq || eq != p - 1)
                    return lex_error(lx, p, "unexpected quote", NULL);
                tk->key = bk_strndup(w, (size_t)(eq - w));
                st = lex_string(lx, &p, end, &tk->value);
                if (st != BK_OK) {
                    free(tk->key);
                    return st;
                }
                tk->quoted = 1;
            } else if (eq) {
                tk->key = bk_strndup(w, (size_t)(eq - w));
                tk->value = bk_strndup(eq + 1, (size_t)(p - eq - 1));
            } else {
                tk->value = bk_strndup(w, (size_t)(p - w));
            }
            if (!tk->value || (eq && !tk->key)) {
                free(tk->key);
                free(tk->value);
                return bk_diag_error(lx->ctx->diag, BK_EINTERNAL, lx->path,
                                     lx->line, 0, "out of memory");
            }
        }
        (*nt)++;
        *code_end = p;
    }
    return BK_OK;
}

/* ---- rules ------------------------------------------------------------- */

static int is_id(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
              *s == '.'))
            return 0;
    return 1;
}

static void rule_release(bk_rule *r)
{
    free(r->id);
    free(r->from);
    free(r->to);
    free(r->role);
    free(r->starts);
    free(r->source);
}

void bk_rules_free(bk_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        rule_release(&r->v[i]);
    free(r->v);
    free(r->path);
    free(r);
}

/* NFC-normalises a rule string so it matches the normalised text. */
static char *nfc_dup(const char *s)
{
    size_t n = 0;
    return bk_unicode_nfc(s, strlen(s), &n);
}

static int parse_long(const char *s, long *out)
{
    char *end = NULL;
    if (!*s || *s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    if (*end || v <= 0)
        return -1;
    *out = v;
    return 0;
}

/* line=N or lines=A-B */
static int parse_lines(const token *tk, bk_rule *r)
{
    if (strcmp(tk->key, "line") == 0) {
        if (parse_long(tk->value, &r->line_lo) < 0)
            return -1;
        r->line_hi = r->line_lo;
        return 0;
    }
    const char *dash = strchr(tk->value, '-');
    if (!dash)
        return -1;
    char lo[32];
    size_t n = (size_t)(dash - tk->value);
    if (n == 0 || n >= sizeof lo)
        return -1;
    memcpy(lo, tk->value, n);
    lo[n] = '\0';
    if (parse_long(lo, &r->line_lo) < 0 || parse_long(dash + 1, &r->line_hi) < 0 ||
        r->line_hi < r->line_lo)
        return -1;
    return 0;
}

static bk_status parse_cond(lexer *lx, const token *tk, bk_rule *r)
{
    static const struct {
        const char *key;
        bk_cond_kind kind;
    } kinds[] = {{"before", BK_COND_BEFORE},
                 {"after", BK_COND_AFTER},
                 {"between", BK_COND_BETWEEN},
                 {"near", BK_COND_NEAR}};
    if (!tk->key || tk->quoted)
        return bk_diag_error(lx->ctx->diag, BK_EINPUT, lx->path, lx->line,
                             tk->col, "expected a condition (before=, after=, "
                                      "between=, near=, line=, lines=), got "
                                      "'%s'",
                             tk->value);
    if (strcmp(tk->key, "line") == 0 || strcmp(tk->key, "lines") == 0) {
        if (parse_lines(tk, r) < 0)
            return bk_diag_error(lx->ctx->diag, BK_EINPUT, lx->path, lx->line,
                                 tk->col, "bad line number or range '%s'",
                                 tk->value);
        return BK_OK;
    }
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(tk->key, kinds[i].key) != 0)
            continue;
        if (r->nconds == BK_RULE_MAX_CONDS)
            return bk_diag_error(lx->ctx->diag, BK_EINPUT, lx->path, lx->line,
                                 tk->col, "too many conditions");
        bk_rule_cond *c = &r->conds[r->nconds];
        c->kind = kinds[i].kind;
        const char *v = tk->value, *slash = strchr(v, '/');
        size_t na = slash ? (size_t)(slash - v) : strlen(v);
        if (class_parse(v, na, &c->a, &c->neg_a) < 0 ||
            (slash && (c->kind != BK_COND_BETWEEN ||
                       class_parse(slash + 1, strlen(slash + 1), &c->b,
                                   &c->neg_b) < 0)))
            return bk_diag_error(
                lx->ctx->diag, BK_EINPUT, lx->path, lx->line, tk->col,
                "bad character class in '%s=%s' (classes: han, cjk, digit, "
                "latin, letter, space, punct, edge, any; between= also takes "
                "A/B)",
                tk->key, tk->value);
        if (!slash) {
            c->b = c->a;
            c->neg_b = c->neg_a;
        }
        r->nconds++;
        return BK_OK;
    }
    static const char *const names[] = {"before", "after", "between", "near",
                                        "line", "lines"};
    bk_status st = bk_diag_error(lx->ctx->diag, BK_EINPUT, lx->path, lx->line, tk->col,
                                 "unknown condition '%s' (conditions: before=, after=, "
                                 "between=, near=, line=, lines=)", tk->key);
    const char *near = bk_nearest_word(tk->key, names, sizeof names / sizeof *names);
    if (near)
        bk_diag_hint(lx->ctx->diag, "did you mean '%s='?", near);
    return st;
}

static const char *const roles[] = {"title", "heading", "paragraph", "caption",
                                    "hatnote", NULL};

/* Parses the tokens of one rule line into r. */
static bk_status parse_rule(lexer *lx, token *t, size_t nt, bk_rule *r)
{
    bk_diag *d = lx->ctx->diag;
    const char *kw = t[0].value;
    if (t[0].quoted || t[0].key ||
        (strcmp(kw, "replace") != 0 && strcmp(kw, "mark") != 0)) {
        static const char *const kws[] = {"replace", "mark"};
        const char *near = t[0].quoted || t[0].key ? NULL : bk_nearest_word(kw, kws, 2);
        bk_status st = bk_diag_error(d, BK_EINPUT, lx->path, lx->line, t[0].col,
                                     "expected 'replace' or 'mark' to start a rule "
                                     "(is this a rules file?)");
        bk_diag_no_quote(d); /* never quote what failed */
        if (near) /* a near miss is a typo, not a stranger's file: safe to name */
            bk_diag_hint(d, "did you mean '%s'?", near);
        return st;
    }
    if (nt < 2 || t[1].quoted || t[1].key || !is_id(t[1].value))
        return bk_diag_error(d, BK_EINPUT, lx->path, lx->line,
                             nt < 2 ? t[0].col : t[1].col,
                             "expected a rule id (letters, digits, '-', '_', "
                             "'.'; starting with a letter)");
    r->id = bk_strdup(t[1].value);
    if (!r->id)
        return bk_diag_error(d, BK_EINTERNAL, lx->path, lx->line, 0,
                             "out of memory");
    size_t i = 2;
    if (strcmp(kw, "replace") == 0) {
        r->kind = BK_RULE_REPLACE;
        if (i >= nt || !t[i].quoted || t[i].key)
            return bk_diag_error(d, BK_EINPUT, lx->path, lx->line,
                                 i < nt ? t[i].col : t[i - 1].col,
                                 "expected the text to replace, in quotes");
        if (!*t[i].value)
            return bk_diag_error(d, BK_EINPUT, lx->path, lx->line, t[i].col,
                                 "the text to replace is empty");
        r->from = nfc_dup(t[i].value);
        i++;
        if (i < nt && !t[i].quoted && !t[i].key &&
            strcmp(t[i].value, "->") == 0)
            i++;
        if (i >= nt || !t[i].quoted || t[i].key)
            return bk_diag_error(d, BK_EINPUT, lx->path, lx->line,
                                 i < nt ? t[i].col : t[i - 1].col,
                                 "expected the replacement, in quotes");
        r->to = nfc_dup(t[i].value);
        i++;
        if (!r->from || !r->to)
            return bk_diag_error(d, BK_EINTERNAL, lx->path, lx->line, 0,
                                 "out of memory");
        for (; i < nt; i++) {
            bk_status st = parse_cond(lx, &t[i], r);
            if (st != BK_OK)
                return st;
        }
        return BK_OK;
    }
    r->kind = BK_RULE_MARK;
    size_t k = 0;
    if (i < nt && !t[i].quoted && !t[i].key)
        for (k = 0; roles[k] && strcmp(roles[k], t[i].value) != 0; k++)
            ;
    if (i >= nt || t[i].quoted || t[i].key || !roles[k]) {
        bk_status st = bk_diag_error(d, BK_EINPUT, lx->path, lx->line,
                                     i < nt ? t[i].col : t[i - 1].col,
                                     "expected a role: title, heading, paragraph, "
                                     "caption or hatnote");
        const char *near = i < nt && !t[i].quoted && !t[i].key
                               ? bk_nearest_word(t[i].value, roles, k) : NULL;
        if (near)
            bk_diag_hint(d, "did you mean '%s'?", near);
        return st;
    }
    r->role = bk_strdup(roles[k]);
    for (i++; i < nt; i++) {
        if (t[i].key && strcmp(t[i].key, "starts") == 0 && t[i].quoted &&
            *t[i].value) {
            free(r->starts);
            r->starts = nfc_dup(t[i].value);
        } else if (t[i].key && (strcmp(t[i].key, "line") == 0 ||
                                strcmp(t[i].key, "lines") == 0)) {
            if (parse_lines(&t[i], r) < 0)
                return bk_diag_error(d, BK_EINPUT, lx->path, lx->line,
                                     t[i].col, "bad line number or range '%s'",
                                     t[i].value);
        } else {
            return bk_diag_error(d, BK_EINPUT, lx->path, lx->line, t[i].col,
                                 "a mark takes line=N, lines=A-B or "
                                 "starts=\"TEXT\"");
        }
    }
    if (!r->role)
        return bk_diag_error(d, BK_EINTERNAL, lx->path, lx->line, 0,
                             "out of memory");
    if (!r->starts && !r->line_lo)
        return bk_diag_error(d, BK_EINPUT, lx->path, lx->line, t[1].col,
                             "a mark needs line=N, lines=A-B or "
                             "starts=\"TEXT\"");
    return BK_OK;
}

bk_status bk_rules_parse(bk_ctx *ctx, const char *path, const char *data,
                         size_t len, bk_rules **out)
{
    /* Steps: check UTF-8; for each line: split into tokens, parse a rule,
     * check its id is new; keep the rule's text for the TEI header. */
    bk_status st = BK_OK;
    bk_rules *rs = calloc(1, sizeof(*rs));
    token t[MAX_TOKENS];
    size_t nt = 0, cap = 0;
    lexer lx = {ctx, path, 0, data};
    *out = NULL;
    if (!rs || !(rs->path = bk_strdup(path))) {
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0, "out of memory");
        goto done;
    }
    bk_sha256_hex(data, len, rs->sha256);
    size_t bad = 0;
    if (bk_utf8_check(data, len, &bad) != 0) {
        long l, c;
        bk_utf8_position(data, bad, &l, &c);
        st = bk_diag_error(ctx->diag, BK_EINPUT, path, l, c,
                           data[bad] ? "invalid UTF-8" : "NUL byte");
        goto done;
    }
    /* Rule text ends up in the text and in the TEI header: refuse what
     * XML cannot carry, as ingest does for sources (a CR is a line end). */
    for (size_t i = 0; i < len;) {
        size_t j = i;
        uint32_t cp = bk_utf8_next(data, len, &j);
        if (((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
             cp == 0xfffe || cp == 0xffff)) {
            long l, c;
            bk_utf8_position(data, i, &l, &c);
            st = bk_diag_error(ctx->diag, BK_EINPUT, path, l, c,
                               "control character U+%04X is not allowed",
                               (unsigned)cp);
            goto done;
        }
        if (cp == '\r' && j < len && data[j] != '\n') {
            long l, c;
            bk_utf8_position(data, i, &l, &c);
            st = bk_diag_error(ctx->diag, BK_EINPUT, path, l, c,
                               "a CR is only allowed in a CRLF line end");
            goto done;
        }
        i = j;
    }
    const char *end = data + len;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        lx.line_start = data + 3; /* an editor's BOM is harmless here */
    for (const char *p = lx.line_start; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lx.line++;
        lx.line_start = p;
        const char *code_end = p;
        st = lex_line(&lx, p, le, t, &nt, &code_end);
        if (st != BK_OK)
            goto done;
        if (nt > 0) {
            if (rs->n == BK_MAX_RULES) {
                st = bk_diag_error(ctx->diag, BK_EINPUT, path, lx.line, 1,
                                   "more than %u rules in one file",
                                   BK_MAX_RULES);
                goto done;
            }
            if (rs->n == cap) {
                cap = cap ? cap * 2 : 16;
                bk_rule *v = realloc(rs->v, cap * sizeof(*v));
                if (!v) {
                    st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                                       "out of memory");
                    goto done;
                }
                rs->v = v;
            }
            bk_rule *r = &rs->v[rs->n++];
            memset(r, 0, sizeof(*r));
            r->src_line = lx.line;
            const char *ce = code_end;
            while (ce > p && (ce[-1] == ' ' || ce[-1] == '\t'))
                ce--;
            r->source = bk_strndup(p, (size_t)(ce - p));
            st = parse_rule(&lx, t, nt, r);
            if (st == BK_OK && !r->source)
                st = bk_diag_error(ctx->diag, BK_EINTERNAL, path, 0, 0,
                                   "out of memory");
            if (st != BK_OK)
                goto done;
            for (size_t k = 0; k + 1 < rs->n; k++) {
                if (strcmp(rs->v[k].id, r->id) == 0) {
                    st = bk_diag_error(ctx->diag, BK_EINPUT, path, lx.line,
                                       t[1].col,
                                       "rule id '%s' is already used on line "
                                       "%ld",
                                       r->id, rs->v[k].src_line);
                    goto done;
                }
            }
            tokens_free(t, nt);
            nt = 0;
        }
        p = nl ? nl + 1 : end;
    }
    *out = rs;
    rs = NULL;
done:
    tokens_free(t, nt);
    bk_rules_free(rs);
    return st;
}

bk_status bk_rules_load(bk_ctx *ctx, const char *path, bk_rules **out)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    bk_status st = bk_file_read(ctx, path, BK_MAX_SOURCE_BYTES, &data, &len);
    if (st == BK_OK)
        st = bk_rules_parse(ctx, path, data, len, out);
    free(data);
    return st;
}

/* ---- applying ------------------------------------------------------------ */

int bk_otext_init(bk_otext *t, const char *s, size_t n)
{
    memset(t, 0, sizeof(*t));
    t->s = bk_strndup(s, n);
    t->origin = malloc((n + 1) * sizeof(size_t));
    if (!t->s || !t->origin) {
        bk_otext_release(t);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        t->origin[i] = i;
    t->len = n;
    t->cap = n + 1;
    return 0;
}

void bk_otext_release(bk_otext *t)
{
    free(t->s);
    free(t->origin);
    memset(t, 0, sizeof(*t));
}

void bk_changes_release(bk_changes *c)
{
    free(c->v);
    memset(c, 0, sizeof(*c));
}

/* The code point before s[i] on the same line, or EDGE_CP. */
static uint32_t cp_before(const char *s, size_t i)
{
    if (i == 0 || s[i - 1] == '\n')
        return EDGE_CP;
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xc0) == 0x80)
        j--;
    return bk_utf8_next(s, i, &j);
}

/* The code point at s[i] if on the same line, or EDGE_CP. */
static uint32_t cp_at(const char *s, size_t n, size_t i)
{
    if (i >= n || s[i] == '\n')
        return EDGE_CP;
    return bk_utf8_next(s, n, &i);
}

static int side_in(uint32_t cp, bk_char_class cls, int neg)
{
    return bk_char_in_class(cp, cls) != neg;
}

static int conds_hold(const bk_rule *r, uint32_t before, uint32_t after)
{
    for (size_t k = 0; k < r->nconds; k++) {
        const bk_rule_cond *c = &r->conds[k];
        int ok = 0;
        switch (c->kind) {
        case BK_COND_BEFORE:
            ok = side_in(before, c->a, c->neg_a);
            break;
        case BK_COND_AFTER:
            ok = side_in(after, c->a, c->neg_a);
            break;
        case BK_COND_NEAR:
            ok = side_in(before, c->a, c->neg_a) ||
                 side_in(after, c->a, c->neg_a);
            break;
        case BK_COND_BETWEEN:
            ok = (side_in(before, c->a, c->neg_a) &&
                  side_in(after, c->b, c->neg_b)) ||
                 (side_in(before, c->b, c->neg_b) &&
                  side_in(after, c->a, c->neg_a));
            break;
        }
        if (!ok)
            return 0;
    }
    return 1;
}

/* Appends bytes to an otext under construction; origin per byte is
 * origins[k] when origins is not NULL, else `one` for all. */
static int ot_append(bk_otext *o, const char *p, size_t n,
                     const size_t *origins, size_t one)
{
    if (o->len + n + 1 > o->cap) {
        size_t c = o->cap ? o->cap : 256;
        while (c < o->len + n + 1)
            c *= 2;
        char *s = realloc(o->s, c);
        if (!s)
            return -1;
        o->s = s;
        size_t *org = realloc(o->origin, c * sizeof(size_t));
        if (!org)
            return -1;
        o->origin = org;
        o->cap = c;
    }
    memcpy(o->s + o->len, p, n);
    if (origins)
        memcpy(o->origin + o->len, origins, n * sizeof(size_t));
    else
        for (size_t k = 0; k < n; k++)
            o->origin[o->len + k] = one;
    o->len += n;
    o->s[o->len] = '\0';
    return 0;
}

/* Logs one applied match: listed while the rule has listed fewer than
 * BK_RULES_LOG_PER_RULE and the log fewer than BK_RULES_LOG_TOTAL, then
 * counted on one summary entry per rule (its `more`), so the log stays
 * small whatever the text (a rule "a" -> "c" on 4 MB of text once made a
 * 141 MB TEI). *listed and *summary are the rule's own counters. */
static int log_match(bk_changes *log, const bk_rule *r, size_t origin,
                     size_t *listed, size_t *summary)
{
    if (*summary != SIZE_MAX) {
        log->v[*summary].more++;
        return 0;
    }
    if (log->n == log->cap) {
        size_t c = log->cap ? log->cap * 2 : 64;
        bk_change *v = realloc(log->v, c * sizeof(*v));
        if (!v)
            return -1;
        log->v = v;
        log->cap = c;
    }
    int list = *listed < BK_RULES_LOG_PER_RULE && log->n < BK_RULES_LOG_TOTAL;
    log->v[log->n] = (bk_change){r, origin, list ? r->from : NULL,
                                 list ? r->to : NULL, list ? 0 : 1};
    if (list)
        (*listed)++;
    else
        *summary = log->n;
    log->n++;
    return 0;
}

/* Copies t[from..to) to o with its origins, tracking where o's current
 * line starts. */
static int copy_span(bk_otext *o, const bk_otext *t, size_t from, size_t to,
                     size_t *line_start)
{
    if (to <= from)
        return 0;
    if (ot_append(o, t->s + from, to - from, &t->origin[from], 0) < 0)
        return -1;
    const char *nl = memrchr(t->s + from, '\n', to - from);
    if (nl)
        *line_start = o->len - (size_t)(t->s + to - nl - 1);
    return 0;
}

/* The 1-based line of t->s[pos], counting on from *line at *at. */
static long line_at(const bk_otext *t, size_t pos, size_t *at, long *line)
{
    for (const char *p = t->s + *at, *e = t->s + pos;
         (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++)
        (*line)++;
    *at = pos;
    return *line;
}

static bk_status grow_error(bk_ctx *ctx, const bk_rules *rs, const bk_rule *r,
                            const char *what, unsigned limit)
{
    return bk_diag_error(ctx->diag, BK_EINPUT, rs->path, r->src_line, 1,
                         "rule '%s' makes %s longer than the limit of %u "
                         "bytes (%u MiB)",
                         r->id, what, limit, limit >> 20);
}

static bk_status work_error(bk_ctx *ctx, const bk_rules *rs, const bk_rule *r)
{
    return bk_diag_error(ctx->diag, BK_EINPUT, rs->path, r->src_line, 1,
                         "rule '%s': the replace rules would do more than "
                         "%u MiB of work in all (text scanned, plus %u per "
                         "match); use fewer rules or split the source",
                         r->id, BK_MAX_RULES_WORK >> 20,
                         BK_RULES_MATCH_WORK);
}

/* Applies one rule into o (emptied first; its storage reused): matches
 * found with memmem, the text between them copied in bulk. Returns with
 * *changed set when o holds the new text; a rule that matches nothing
 * leaves o unused. The text and each line (a paragraph is at least a
 * line) are bounded as they grow, and *work counts matches. */
static bk_status apply_one(bk_ctx *ctx, const bk_rules *rs, const bk_rule *r,
                           const bk_otext *t, bk_otext *o, bk_changes *log,
                           size_t *work, int *changed)
{
    size_t done_to = 0, line_start = 0, counted = 0;
    size_t listed = 0, summary = SIZE_MAX;
    size_t flen = strlen(r->from), tlen = strlen(r->to);
    long line = 1;
    const char *p = t->s, *end = t->s + t->len;
    o->len = 0;
    *changed = 0;
    while ((p = memmem(p, (size_t)(end - p), r->from, flen)) != NULL) {
        size_t i = (size_t)(p - t->s);
        if ((r->line_lo && (line_at(t, i, &counted, &line) < r->line_lo ||
                            line > r->line_hi)) ||
            !conds_hold(r, cp_before(t->s, i), cp_at(t->s, t->len, i + flen))) {
            p++;
            continue;
        }
        *work += BK_RULES_MATCH_WORK;
        if (*work > BK_MAX_RULES_WORK)
            return work_error(ctx, rs, r);
        if (copy_span(o, t, done_to, i, &line_start) < 0 ||
            ot_append(o, r->to, tlen, NULL, t->origin[i]) < 0)
            goto oom;
        if (tlen > flen && o->len + (t->len - i - flen) > BK_MAX_SOURCE_BYTES)
            return grow_error(ctx, rs, r, "the text", BK_MAX_SOURCE_BYTES);
        if (tlen > flen && o->len - line_start > BK_MAX_PARAGRAPH_BYTES)
            return grow_error(ctx, rs, r, "a line", BK_MAX_PARAGRAPH_BYTES);
        if (log_match(log, r, t->origin[i], &listed, &summary) < 0)
            goto oom;
        done_to = i + flen;
        *changed = 1;
        p = t->s + done_to;
    }
    if (*changed && (copy_span(o, t, done_to, t->len, &line_start) < 0 ||
                     ot_append(o, "", 0, NULL, 0) < 0))
        goto oom;
    return BK_OK;
oom:
    return bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
}

/* Steps: for each replace rule in file order, count the text it scans
 * against the work budget (BK_MAX_RULES_WORK), apply it into the spare
 * buffer, and swap when it changed something. */
bk_status bk_rules_apply(bk_ctx *ctx, const bk_rules *rules, bk_otext *t,
                         bk_changes *log)
{
    bk_status st = BK_OK;
    bk_otext spare = {0};
    size_t work = 0;
    for (size_t k = 0; rules && k < rules->n && st == BK_OK; k++) {
        const bk_rule *r = &rules->v[k];
        if (r->kind != BK_RULE_REPLACE)
            continue;
        work += t->len;
        if (work > BK_MAX_RULES_WORK) {
            st = work_error(ctx, rules, r);
            break;
        }
        int changed = 0;
        st = apply_one(ctx, rules, r, t, &spare, log, &work, &changed);
        if (st == BK_OK && changed) {
            bk_otext tmp = *t;
            *t = spare;
            spare = tmp;
        }
    }
    bk_otext_release(&spare);
    return st;
}
