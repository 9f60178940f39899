/* ingest_resolve.c — the resolve stage of ingest: language, rules file and catalog
 * entry of the source; file-name and language-tag helpers.
 */
#include "ingest_private.h"

#include "lang.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "unicode.h"
#include "xml.h"

const char *bk_ingest_base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* dir of path + "/" + name (name alone when path has no directory). */
static char *path_beside(const char *path, const char *name)
{
    const char *b = bk_ingest_base_name(path);
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
    const char *b = bk_ingest_base_name(path);
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
    {"it", "Italian"},
    {"pt", "Portuguese"},
    {"nl", "Dutch"},
    {"ru", "Russian"},
    {"uk", "Ukrainian"},
    {"el", "Greek"},
    {"hy", "Armenian"},
    {"ka", "Georgian"},
    {"he", "Hebrew"},
    {"ar", "Arabic"},
    {"th", "Thai"},
    {"hi", "Hindi"},
    {"ja", "Japanese"},
    {"ko", "Korean"},
};

const char *bk_ingest_lang_name(const char *tag)
{
    for (size_t i = 0; i < sizeof lang_names / sizeof lang_names[0]; i++)
        if (strcmp(lang_names[i].tag, tag) == 0)
            return lang_names[i].name;
    return tag;
}

/* 1 for languages written with Han characters (no foreign spans there). */
int bk_ingest_lang_is_cjk(const char *tag) { return bk_lang_is_cjk(tag); }

/* 'S' simplified, 'T' traditional, 0 neither or not Chinese. */
int bk_ingest_chinese_variant(const char *tag)
{
    bk_han_variant v = bk_lang_han_variant(tag);
    return v == BK_HAN_TRADITIONAL ? 'T' : v == BK_HAN_SIMPLIFIED ? 'S' : 0;
}

bk_status bk_ingest_stage_resolve(ingest *g)
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
    if (bk_files_name_arg(g->ctx, src) || bk_files_name_arg(g->ctx, g->opts->rules) ||
        bk_files_name_arg(g->ctx, g->opts->catalog))
        return bk_ingest_oom(g);
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
        st = bk_xml_read_schema(g->ctx, "catalog", g->catalog_path, &cat);
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
            if (!file || strcmp(file, bk_ingest_base_name(src)) != 0)
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
                /* the catalog's rules: in its folder or below (paths.h) */
                if (g->rules_path && (st = bk_path_check_below(g->ctx, g->catalog_path,
                                                               e->line, 0, rules,
                                                               g->rules_path)))
                    goto done;
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
    if (g->opts->rules) {
        g->rules_path = bk_strdup(g->opts->rules);
        g->rules_from = "option";
    } else if (!g->rules_path) {
        /* SOURCE.txt -> SOURCE.rules, when present beside the source. */
        const char *b = bk_ingest_base_name(src), *dot = strrchr(b, '.');
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
done:
    bk_node_free(cat);
    return st;
}

bk_status bk_ingest_stage_language(ingest *g)
{
    /* Steps: guess from the text when no language was given; check the
     * tag; derive the id prefix. */
    bk_status st = BK_OK;
    if (!g->lang) {
        const char *guess = bk_ingest_detect_lang(g->raw, g->rawlen);
        if (guess && !(g->lang = bk_strdup(guess)))
            return bk_ingest_oom(g);
        if (guess) {
            g->lang_from = "detected";
            bk_diag_warn(g->ctx->diag, g->src, 0, 0,
                         "no language given: the text looks like %s (%s); give "
                         "--lang TAG if it is not",
                         guess, bk_ingest_lang_name(guess));
        }
    }
    if (!g->lang) {
        st = bk_diag_error(g->ctx->diag, BK_EUSAGE, g->src, 0, 0,
                           "no language for this source: give --lang TAG "
                           "(a BCP 47 tag such as vi, zh-Hans, en) or add "
                           "the source to %s",
                           g->catalog_path ? g->catalog_path
                                           : "a catalog.xml beside it");
        goto done;
    }
    char why[256];
    if (bk_lang_check(g->lang, why, sizeof why) != 0) {
        st = bk_diag_error(g->ctx->diag,
                           strcmp(g->lang_from, "option") == 0 ? BK_EUSAGE
                                                               : BK_EINPUT,
                           strcmp(g->lang_from, "option") == 0
                               ? NULL
                               : g->catalog_path,
                           0, 0, "%s%s", strcmp(g->lang_from, "option") == 0
                                             ? "--lang: " : "", why);
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
    return st;
}
