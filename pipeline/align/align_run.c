/* align_run.c — `booklet align` as one call for the command line (propose,
 * or --check), and the check the build runs on a parallel edition's
 * alignment.
 */
#include "align_run.h"

#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "files.h"
#include "xml.h"
#include "xref.h"

#define MAX_TEXTS 8

typedef struct run {
    bk_ctx *ctx;
    bk_lexicon *lx;
    bk_flow *flows[MAX_TEXTS];
    bk_atext *at[MAX_TEXTS];
    size_t n;
} run;

static void run_free(run *r)
{
    for (size_t i = 0; i < r->n; i++) {
        bk_atext_free(r->at[i]);
        bk_flow_free(r->flows[i]);
    }
    bk_lexicon_free(r->lx);
}

/* The lexicon: the texts' languages, then the glossary and places. */
static bk_status lexicon_load(run *r, bk_flow *const *flows, size_t n, const char *glossary,
                              const char *places)
{
    bk_status st = BK_OK;
    r->lx = bk_lexicon_new();
    if (!r->lx)
        return bk_diag_error(r->ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n && !st; i++)
        st = bk_lexicon_add_language(r->ctx, r->lx, r->ctx->datadir,
                                     flows[i]->lang ? flows[i]->lang : "en");
    if (!st && glossary)
        st = bk_lexicon_add_glossary(r->ctx, r->lx, glossary);
    if (!st && places)
        st = bk_lexicon_add_places(r->ctx, r->lx, places);
    return st;
}

static bk_status atexts_make(run *r, bk_flow *const *flows, size_t n)
{
    bk_status st = BK_OK;
    for (size_t i = 0; i < n && !st; i++)
        st = bk_atext_new(r->ctx, r->lx, flows[i], &r->at[i]);
    return st;
}

/* Checks every alignment linkGrp of `tei` (read from `file`) against the
 * texts: targets that name nothing (faults), then weak and missing links
 * (warnings). */
static bk_status groups_check(run *r, const bk_node *tei, const char *file,
                              bk_flow *const *flows, size_t *nweak, size_t *nmissing)
{
    bk_status st = BK_OK;
    int any = 0;
    for (const bk_node *g = bk_node_find(tei, "linkGrp"); g && !st;
         g = bk_node_next_element(g, "linkGrp")) {
        const char *type = bk_node_get_attr(g, "type"), *id = bk_node_get_attr(g, "xml:id");
        if (!type || strcmp(type, "alignment") != 0 || (!id && any))
            continue;
        any = 1;
        bk_alignment *a = NULL;
        size_t w = 0, m = 0;
        st = bk_alignment_load(r->ctx, tei, file, id, &a);
        if (!st)
            st = bk_xref_alignment(r->ctx, a, flows, r->n);
        if (!st)
            st = bk_align_check(r->ctx, a, r->at, r->n, &w, &m);
        *nweak += w;
        *nmissing += m;
        bk_alignment_free(a);
    }
    return st;
}

/* The id prefix of a text ("en" of "en.p_k3f9q"), from its first block
 * with an id; its language when none has one. */
static size_t prefix_of(const bk_flow *f, const char **p)
{
    for (size_t b = 0; b < f->n; b++)
        if (f->blocks[b].id) {
            *p = f->blocks[b].id;
            return strcspn(*p, ".");
        }
    *p = f->lang ? f->lang : "";
    return strlen(*p);
}

/* Two texts whose ids start alike cannot be told apart by a link. */
static bk_status prefixes_check(bk_ctx *ctx, const char *const *files, bk_flow *const *flows,
                                size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            const char *a, *b;
            size_t la = prefix_of(flows[i], &a), lb = prefix_of(flows[j], &b);
            if (la == lb && strncmp(a, b, la) == 0)
                return bk_diag_error(ctx->diag, BK_EINPUT, files[j], 0, 0,
                                     "its ids start with '%.*s.' as those of %s do: a link "
                                     "could not tell their passages apart (ingest one with "
                                     "another --lang)",
                                     (int)la, a, files[i]);
        }
    return BK_OK;
}

bk_status bk_align_run(bk_ctx *ctx, const bk_align_request *req, bk_buf *out, size_t *nweak,
                       size_t *nmissing)
{
    run r = {ctx, NULL, {0}, {0}, 0};
    bk_node *al = NULL;
    char *glossary = NULL, *places = NULL;
    bk_validator *val = bk_validator_new(ctx);
    bk_status st = val ? BK_OK : BK_EINTERNAL;
    *nweak = *nmissing = 0;
    if (req->ntexts < 2 || req->ntexts > MAX_TEXTS) {
        st = bk_diag_error(ctx->diag, BK_EUSAGE, NULL, 0, 0,
                           "align takes two to %d texts (%zu given)", MAX_TEXTS, req->ntexts);
        goto done;
    }
    for (size_t i = 0; i < req->ntexts && !st; i++) {
        bk_node *tei = NULL;
        st = bk_xml_read_valid(ctx, val, req->texts[i], &tei);
        if (!st)
            st = bk_compose(ctx, tei, req->texts[i], &r.flows[r.n]);
        if (!st)
            r.n++;
        bk_node_free(tei);
    }
    if (!st)
        st = prefixes_check(ctx, req->texts, r.flows, r.n);
    if (!st && req->check && bk_files_name_folder(ctx, req->check) < 0)
        st = bk_diag_error(ctx->diag, BK_EINTERNAL, NULL, 0, 0, "out of memory");
    if (!st && req->check)
        st = bk_xml_read_valid(ctx, val, req->check, &al);
    if (st)
        goto done;
    if (al && !req->glossary)
        st = bk_align_header_file(ctx, al, req->check, "glossary", &glossary);
    if (!st && al && !req->places)
        st = bk_align_header_file(ctx, al, req->check, "places", &places);
    if (!st)
        st = lexicon_load(&r, r.flows, r.n, req->glossary ? req->glossary : glossary,
                          req->places ? req->places : places);
    if (!st)
        st = atexts_make(&r, r.flows, r.n);
    if (!st && al)
        st = groups_check(&r, al, req->check, r.flows, nweak, nmissing);
    else if (!st)
        st = bk_align_write(ctx, r.at, req->texts, r.n, req->glossary, req->places,
                            req->out ? req->out : "alignment.xml", out);
    if (!st && !al)
        st = bk_xml_validate_memory(ctx, req->out ? req->out : "alignment.xml", out->data,
                                    out->len);
done:
    free(glossary);
    free(places);
    bk_node_free(al);
    bk_validator_free(val);
    run_free(&r);
    return st;
}

bk_status bk_align_check_edition(bk_ctx *ctx, const bk_node *tei, const char *file,
                                 const bk_alignment *a, bk_flow *const *flows, size_t n)
{
    run r = {ctx, NULL, {0}, {0}, 0};
    char *glossary = NULL, *places = NULL;
    bk_status st = bk_align_header_file(ctx, tei, file, "glossary", &glossary);
    if (!st)
        st = bk_align_header_file(ctx, tei, file, "places", &places);
    if (!st && n <= MAX_TEXTS)
        st = lexicon_load(&r, flows, n, glossary, places);
    if (!st && n <= MAX_TEXTS)
        st = atexts_make(&r, flows, n);
    r.n = n <= MAX_TEXTS ? n : 0;
    if (!st && r.n)
        st = bk_align_check(ctx, a, r.at, n, NULL, NULL);
    for (size_t i = 0; i < r.n; i++)
        bk_atext_free(r.at[i]);
    r.n = 0;
    free(glossary);
    free(places);
    bk_lexicon_free(r.lx);
    return st;
}
